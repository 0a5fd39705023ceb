"""Engines and sessions: one async engine per process, one AsyncSession per task."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy import create_engine as _create_sync_engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from config.files import FILE_MODE, private_file

# How long a SQLite writer waits for another writer before "database is locked" (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url`: SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _create_async_engine(url, **kwargs)
        _keep_private(engine.sync_engine)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    options: dict[str, Any] = {
        "pool_size": 5,
        "max_overflow": 10,
        "pool_pre_ping": True,  # survive a restarted server or a dropped idle connection
        "pool_recycle": 1800,
    }
    options.update(kwargs)
    return _create_async_engine(url, **options)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory ones."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # a SQLite URI: its path is the driver's business
        return None
    return Path(database)


def private_sqlite_file(path: Path) -> None:
    """The SQLite file 0600 before SQLite opens it (its -wal and -shm then copy that mode).

    A file made by an older Jejak (0644) is tightened, with its -wal/-shm beside it.
    """
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError, NotImplementedError):
            os.chmod(f"{path}{suffix}", FILE_MODE)


def _keep_private(engine: Engine) -> None:
    """Before each new connection to a SQLite file, make sure the file is 0600."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is None:
        return

    def before_connect(*_args: Any) -> None:
        private_sqlite_file(path)

    event.listen(engine, "do_connect", before_connect)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, busy_ms: int | None = None) -> None:
    """Per connection: WAL so readers never block the writer, enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    try:
        # Read when connecting, not at import: tests shorten it to see a lock outlast it.
        busy = SQLITE_BUSY_TIMEOUT_MS if busy_ms is None else busy_ms
        cursor.execute(f"PRAGMA busy_timeout = {busy}")
        if _is_file_database(dbapi_connection):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster commits
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _is_file_database(dbapi_connection: Any) -> bool:
    """False for ":memory:" databases, where WAL does not apply."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA database_list")
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return any(row[1] == "main" and row[2] for row in rows)


T = TypeVar("T")


class DirectSQLite:
    """Synchronous transactions on a SQLite file, run on the event loop's own thread.

    aiosqlite hands every statement to a driver thread and back; for a transaction of a few
    statements on a local file (WAL, no fsync at commit) those hand-offs cost far more than the
    work. The conversation's hot path runs here instead, in one go. The connection never waits
    for the lock inside SQLite (that would stall the loop): another writer holding it makes the
    transaction roll back, and it is retried after an asyncio sleep, for as long as the async
    engine's busy timeout.
    """

    def __init__(self, url: str) -> None:
        self.engine: Engine = _create_sync_engine(url, pool_size=1, max_overflow=0)
        _keep_private(self.engine)
        event.listen(
            self.engine, "connect", lambda conn, record: _sqlite_pragmas(conn, record, busy_ms=0)
        )
        self._conn: Connection | None = None  # kept open: a pool checkout per turn costs more

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self._conn = self.engine.connect()
        return self._conn

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """`work(connection, *args)` in one transaction, committed; retried while locked."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SQLITE_BUSY_TIMEOUT_MS / 1000
        delay = 0.001
        while True:
            try:
                conn = self._connection()
                with conn.begin():
                    return work(conn, *args)
            except (OperationalError, sqlite3.OperationalError) as exc:
                # SQLAlchemy wraps the driver's error; statements run on the cursor raise it bare.
                cause = exc.orig if isinstance(exc, OperationalError) else exc
                if "locked" not in str(cause) or loop.time() > deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.engine.dispose()


# PostgreSQL's SQLSTATEs for "try again": serialization failure, deadlock, lock not available.
_PG_BUSY = {"40001", "40P01", "55P03"}


def is_busy(exc: BaseException) -> bool:
    """True when the database refused a write only because another writer held its lock.

    Such a transaction rolled back whole and may simply be run again; anything else (a full
    disk, a read-only file, a bug) would fail the same way again.
    """
    cause: BaseException | None = exc
    if isinstance(exc, DBAPIError):
        cause = exc.orig
    elif not isinstance(exc, sqlite3.OperationalError):
        return False
    if isinstance(cause, sqlite3.OperationalError):
        return "locked" in str(cause) or "busy" in str(cause)
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return state in _PG_BUSY


def direct_sqlite(engine: AsyncEngine) -> DirectSQLite | None:
    """A DirectSQLite on the same file as `engine`, or None (not SQLite, or in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return DirectSQLite(url.set(drivername="sqlite").render_as_string(hide_password=False))


async def ping(engine: AsyncEngine) -> None:
    """One `SELECT 1` on a pooled connection: raises when the database cannot be used."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (no lazy refresh on attribute access)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT with `on_conflict_do_*` for the session's database (SQLite or PostgreSQL)."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return sqlite_insert(table)
    if name == "postgresql":
        return pg_insert(table)
    raise NotImplementedError(f"upserts are not implemented for {name}")
