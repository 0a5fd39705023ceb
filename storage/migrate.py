"""Schema migrations without an alembic.ini: the scripts ship inside the package.

These functions are synchronous and start their own event loop (asyncio.run): from async code,
call them through `asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine

log = logging.getLogger(__name__)

SCRIPT_LOCATION = "storage:migrations"


def alembic_config(url: str) -> Config:
    """An Alembic Config pointing at the packaged scripts and at `url`."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    # Passed as an attribute, not as sqlalchemy.url: ConfigParser would choke on a "%" in it.
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (creating every table on an empty one)."""
    command.upgrade(alembic_config(url), revision)
    log.info("database upgraded to %s", revision)


def downgrade(url: str, revision: str) -> None:
    """Step the schema back to `revision` ("base" drops every table: data is lost)."""
    command.downgrade(alembic_config(url), revision)
    log.info("database downgraded to %s", revision)


def head() -> str:
    """The newest revision shipped with this version of Jejak."""
    found = ScriptDirectory.from_config(alembic_config("")).get_current_head()
    if found is None:  # pragma: no cover - the package always ships 0001
        raise RuntimeError("no migration scripts found in storage/migrations/versions")
    return found


def current(url: str) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    if _missing_sqlite_file(url):
        return None
    return asyncio.run(_current(url))


def status(url: str) -> tuple[str | None, str]:
    """(the database's revision, the newest shipped revision): equal when up to date."""
    return current(url), head()


def revision(url: str, message: str, *, autogenerate: bool = True) -> None:
    """For developers: write a new migration comparing models.py with the database at `url`."""
    command.revision(alembic_config(url), message=message, autogenerate=autogenerate)


async def _current(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_revision_of)
    finally:
        await engine.dispose()


async def revision_of(engine: AsyncEngine) -> str | None:
    """The revision a running process's database is at (for readiness), or None if unmigrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_revision_of)


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _missing_sqlite_file(url: str) -> bool:
    """True for a SQLite file that does not exist (asking must not create it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return False
    return not Path(database).exists()
