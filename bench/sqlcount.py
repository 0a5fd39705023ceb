"""Counting SQL statements and commits of every engine in a benchmark process."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


class SqlCounter:
    """Statements and commits of every engine in the process, by first keyword."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.on = False
        event.listen(Engine, "before_cursor_execute", self._execute)
        event.listen(Engine, "commit", self._commit)

    def _execute(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.on:
            self.counts[statement.lstrip().split(None, 1)[0].upper()] += 1

    def _commit(self, conn: Any) -> None:
        if self.on:
            self.counts["COMMIT"] += 1

    @contextlib.contextmanager
    def counting(self) -> Iterator[None]:
        self.counts.clear()
        self.on = True
        try:
            yield
        finally:
            self.on = False
