"""Storage contract fixtures: every database test runs on SQLite and on PostgreSQL.

SQLite uses a file in tmp_path. PostgreSQL gets a fresh database per test on the server at
127.0.0.1:5432 (override with JEJAK_TEST_POSTGRES_ADMIN), dropped afterwards; the tests are
skipped when no server answers, or fail instead when JEJAK_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Alumnus, Institution, Survey
from storage.roster import repository as repo

NOW = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)


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
