"""Database fixtures shared by every suite: each database test runs on SQLite and PostgreSQL.

SQLite uses a file in tmp_path. PostgreSQL gets a fresh database per test on the server at
127.0.0.1:5432 (override with JEJAK_TEST_POSTGRES_ADMIN), dropped afterwards; the tests are
skipped when no server answers, or fail instead when JEJAK_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import migrate
from storage.database import create_engine, session_factory

# Property tests check behaviour, not speed (benchmarks in bench/ do that): no per-example
# deadline, which a loaded 2-core CI machine missed now and then.
hypothesis_settings.register_profile("jejak", deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "jejak"))

# As bot.cli.app.main does: python-telegram-bot 22 gives durations as timedeltas (23's way) without
# a deprecation warning on each read.
os.environ.setdefault("PTB_TIMEDELTA", "true")

PG_ADMIN = os.environ.get("JEJAK_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _data_dir_outside_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test writes into the real user data folder: a default database lands in a temp one."""
    monkeypatch.setenv("JEJAK_DATA_DIR", str(tmp_path_factory.getbasetemp() / "jejak-data"))


def _pg_url(database: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'jejak.db'}"
        return
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL not reachable at 127.0.0.1:5432: {exc}"
        if os.environ.get("JEJAK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"jejak_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def migrated_url(db_url: str) -> str:
    """The database upgraded to head through the real migrations."""
    await asyncio.to_thread(migrate.upgrade, db_url)
    return db_url


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)
