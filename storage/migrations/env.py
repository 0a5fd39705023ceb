"""Alembic environment: async engines, batch mode on SQLite, URL passed in by storage.migrate."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage.database import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    """The database URL: from storage.migrate (attributes) or an alembic.ini's sqlalchemy.url."""
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: call storage.migrate.upgrade(url)")
    return str(url)


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    """Shared options: batch ALTERs on SQLite, type comparison for autogenerate."""
    dialect = connection.dialect.name if connection is not None else (url or "").split(":")[0]
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        render_as_batch=dialect.startswith("sqlite"),
        compare_type=True,
        literal_binds=connection is None,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (alembic upgrade --sql)."""
    _configure(url=_url())
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a SQLite table as copy, DROP, rename. With foreign keys enforced,
        # the DROP deletes every row that refers to the table (ON DELETE CASCADE: a rebuilt
        # `responses` took all answers with it). SQLite's own procedure for changing a table:
        # enforcement off (it cannot change inside a transaction), then a check at the end.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    try:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} rows with a broken reference")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")


async def _run_async() -> None:
    engine = create_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    """Run on a connection handed over by the caller, or on a fresh async engine."""
    shared = config.attributes.get("connection")
    if shared is not None:
        _run_sync(shared)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
