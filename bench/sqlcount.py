"""SQL in benchmarks: statements and commits counted, and every answer stored exactly once."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from storage.database import create_engine


class SqlCounter:
    """Statements and commits of every engine in the process, by first keyword.

    On a synchronous SQLite connection (pysqlite: the runner's hot path, storage/surveys/turns.py)
    some statements run on the driver's cursor, where SQLAlchemy's events never see them; there
    SQLite's own trace callback counts every statement instead, BEGIN and COMMIT included.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.on = False
        event.listen(Engine, "connect", self._connect)
        event.listen(Engine, "before_cursor_execute", self._execute)
        event.listen(Engine, "commit", self._commit)

    def _connect(self, dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(self._count)

    def _count(self, statement: str) -> None:
        if self.on and statement.strip():
            self.counts[statement.lstrip().split(None, 1)[0].upper()] += 1

    def _execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if conn.dialect.driver != "pysqlite":
            self._count(statement)

    def _commit(self, conn: Any) -> None:
        if self.on and conn.dialect.driver != "pysqlite":
            self.counts["COMMIT"] += 1

    @contextlib.contextmanager
    def counting(self) -> Iterator[None]:
        self.counts.clear()
        self.on = True
        try:
            yield
        finally:
            self.on = False


async def count_answers(url: str, alumni: int, each: int) -> int:
    """Every alumnus's answers stored exactly once; returns the number of answer rows."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            total = (await conn.execute(text("SELECT count(*) FROM answers"))).scalar_one()
            per = (await conn.execute(text(
                "SELECT response_id, count(*), count(DISTINCT question_code) FROM answers "
                "GROUP BY response_id"
            ))).all()  # fmt: skip
    finally:
        await engine.dispose()
    assert total == alumni * each, f"{total} answers stored, expected {alumni * each}"
    assert len(per) == alumni, f"answers for {len(per)} responses, expected {alumni}"
    wrong = [row for row in per if row[1] != each or row[2] != each]
    assert not wrong, f"responses with missing or doubled answers: {wrong[:5]}"
    return int(total)
