"""Storage contract fixtures: every database test runs on SQLite and on PostgreSQL.

SQLite uses a file in tmp_path. PostgreSQL gets a fresh database per test on the server at
127.0.0.1:5432 (override with JEJAK_TEST_POSTGRES_ADMIN), dropped afterwards; the tests are
skipped when no server answers, or fail instead when JEJAK_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import migrate
from storage import repositories as repo
from storage.database import create_engine, session_factory
from storage.models import Alumnus, Institution, Survey

PG_ADMIN = os.environ.get("JEJAK_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)


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


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
async def institution(sessions: async_sessionmaker[AsyncSession]) -> Institution:
    """The fictional SMK of the sample rosters (NPSN 99999901, WITA)."""
    async with sessions() as session, session.begin():
        return await repo.upsert_institution(
            session,
            code="99999901",
            name="SMK Nusantara Contoh",
            kind="smk",
            timezone="Asia/Makassar",
            now=NOW,
        )


QUESTIONNAIRE_V1 = "id: tracer_smk\nversion: '1'\nquestions: []\n"
QUESTIONNAIRE_V2 = "id: tracer_smk\nversion: '2'\nquestions: [edited]\n"


@pytest.fixture
async def survey(sessions: async_sessionmaker[AsyncSession], institution: Institution) -> Survey:
    """An open survey of the 2025 cohort on questionnaire version 1."""
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, "tracer_smk", "1", QUESTIONNAIRE_V1)
        return await repo.create_survey(
            session,
            institution_id=institution.id,
            questionnaire_version=version,
            name="Tracer 2025",
            graduation_year=2025,
            opens_at=datetime(2025, 8, 1, tzinfo=UTC),
            now=NOW,
        )


@pytest.fixture
async def alumni(
    sessions: async_sessionmaker[AsyncSession], institution: Institution
) -> list[Alumnus]:
    """Two alumni of the institution."""
    async with sessions() as session, session.begin():
        return [
            await repo.add_alumnus(
                session,
                institution_id=institution.id,
                nisn=nisn,
                name=name,
                graduation_year=2025,
                birth_date=date(2007, 1, 2),
                phone=phone,
                now=NOW,
            )
            for nisn, name, phone in (
                ("0071234567", "Ayu Lestari", "+6281200000001"),
                ("0061234568", "Budi Santoso", "+6281200000002"),
            )
        ]
