"""Engines and sessions: one async engine per process, one AsyncSession per task."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

# How long a SQLite writer waits for another writer before "database is locked" (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000

_SYNC_DRIVERS = {
    "sqlite+aiosqlite": "sqlite",
    "postgresql+asyncpg": "postgresql+psycopg",
}


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url`: SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _create_async_engine(url, **kwargs)
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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: WAL so readers never block the writer, enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
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


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (no lazy refresh on attribute access)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def sync_url(url: str) -> str:
    """The synchronous twin of an async URL (for APScheduler's job store), same database."""
    parsed = make_url(url)
    driver = _SYNC_DRIVERS.get(parsed.drivername)
    if driver is None:
        raise ValueError(
            f"no synchronous driver known for {parsed.drivername!r}; "
            "use sqlite+aiosqlite:///FILE or postgresql+asyncpg://…"
        )
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def dialect_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT with `on_conflict_do_*` for the session's database (SQLite or PostgreSQL)."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        return sqlite_insert(table)
    if name == "postgresql":
        return pg_insert(table)
    raise NotImplementedError(f"upserts are not implemented for {name}")
