"""Institutions, class groups, alumni, identities, questionnaire versions, surveys; UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.database import create_engine
from storage.models import Alumnus, Institution, QuestionnaireVersion, Survey
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
WITA = timezone(timedelta(hours=8))


async def test_upsert_institution_creates_then_updates(sessions: Sessions, now: datetime) -> None:
    async with sessions() as session, session.begin():
        first = await repo.upsert_institution(
            session, code="BLK9901", name="BLK Contoh", kind="blk", timezone="Asia/Jakarta", now=now
        )
    async with sessions() as session, session.begin():
        again = await repo.upsert_institution(
            session,
            code="BLK9901",
            name="UPTD BLK Contoh",
            kind="blk",
            timezone="Asia/Jayapura",
            now=now + timedelta(days=1),
        )
    assert again.id == first.id
    async with sessions() as session:
        stored = await repo.get_institution(session, "BLK9901")
        listed = await repo.list_institutions(session)
    assert stored is not None
    assert (stored.name, stored.timezone) == ("UPTD BLK Contoh", "Asia/Jayapura")
    assert stored.created_at == now and stored.updated_at == now + timedelta(days=1)
    assert [i.code for i in listed] == ["BLK9901"]


@pytest.mark.parametrize(("kind", "zone"), [("school", "Asia/Jakarta"), ("smk", "Asia/Bandung")])
async def test_upsert_institution_refuses_unknown_kind_or_zone(
    sessions: Sessions, kind: str, zone: str
) -> None:
    async with sessions() as session:
        with pytest.raises(ValueError):
            await repo.upsert_institution(session, code="1", name="X", kind=kind, timezone=zone)


async def test_model_validates_timezone() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        Institution(code="1", name="X", kind="smk", timezone="Mars/Olympus")


async def test_class_groups_are_unique_per_institution(
    sessions: Sessions, institution: Institution, now: datetime
) -> None:
    async with sessions() as session, session.begin():
        group = await repo.ensure_class_group(session, institution.id, "XII AKL 1", now=now)
        same = await repo.ensure_class_group(
            session, institution.id, "XII AKL 1", "Dra. Sri Wahyuni", now=now
        )
        await repo.ensure_class_group(session, institution.id, "XII TKJ 1", now=now)
    assert same.id == group.id
    async with sessions() as session:
        groups = await repo.list_class_groups(session, institution.id)
        found = await repo.get_class_group(session, institution.id, "XII AKL 1")
    assert [g.name for g in groups] == ["XII AKL 1", "XII TKJ 1"]
    assert found is not None and found.homeroom_teacher == "Dra. Sri Wahyuni"


async def test_alumni_lookups(
    sessions: Sessions, institution: Institution, alumni: list[Alumnus], now: datetime
) -> None:
    async with sessions() as session, session.begin():
        other = await repo.upsert_institution(
            session, code="99999902", name="SMK Lain", kind="smk", timezone="Asia/Jakarta"
        )
        twin = await repo.add_alumnus(
            session,
            institution_id=other.id,
            nisn="0071234567",
            name="Ayu Lestari",
            graduation_year=2025,
            guardian_phone="+6281200000002",
            now=now,
        )
    async with sessions() as session:
        found = await repo.get_alumnus(session, institution.id, "0071234567")
        assert found is not None and found.id == alumni[0].id
        assert found.nisn == "0071234567"  # text: the leading zeros stay
        assert await repo.get_alumnus(session, institution.id, "71234567") is None
        across = await repo.find_alumni_by_nisn(session, "0071234567")
        assert [a.id for a in across] == [alumni[0].id, twin.id]
        by_phone = await repo.find_alumni_by_phone(session, "+6281200000002")
        assert [a.id for a in by_phone] == [alumni[1].id]
        with_guardian = await repo.find_alumni_by_phone(session, "+6281200000002", guardian=True)
        assert [a.id for a in with_guardian] == [alumni[1].id, twin.id]


async def test_same_nisn_twice_in_one_institution_is_refused(
    sessions: Sessions, institution: Institution, alumni: list[Alumnus]
) -> None:
    async with sessions() as session:
        with pytest.raises(IntegrityError):
            await repo.add_alumnus(
                session,
                institution_id=institution.id,
                nisn="0071234567",
                name="Someone Else",
                graduation_year=2025,
            )


async def test_lazy_loading_a_relationship_raises(
    sessions: Sessions, alumni: list[Alumnus]
) -> None:
    async with sessions() as session:
        alumnus = await session.get(Alumnus, alumni[0].id)
        assert alumnus is not None
        with pytest.raises(Exception, match="lazy='raise'"):
            _ = alumnus.institution


async def test_identities_link_find_and_relink(
    sessions: Sessions, alumni: list[Alumnus], now: datetime
) -> None:
    async with sessions() as session, session.begin():
        linked = await repo.link_identity(session, alumni[0].id, "telegram", "555001", now)
        await repo.mark_unreachable(session, linked)
    later = now + timedelta(hours=2)
    async with sessions() as session, session.begin():
        relinked = await repo.link_identity(session, alumni[1].id, "telegram", "555001", later)
    assert relinked.id == linked.id
    async with sessions() as session:
        found = await repo.find_identity(session, "telegram", "555001")
        assert found is not None
        assert (found.alumnus_id, found.reachable, found.last_inbound_at) == (
            alumni[1].id,
            True,
            later,
        )
        assert await repo.find_identity(session, "whatsapp", "555001") is None
        assert [i.id for i in await repo.identities_for(session, alumni[1].id)] == [linked.id]


async def test_ensure_version_deduplicates_by_content(sessions: Sessions) -> None:
    async with sessions() as session, session.begin():
        first = await repo.ensure_version(session, "tracer_smk", "1", "questions: [a]\n")
        again = await repo.ensure_version(session, "tracer_smk", "1", "questions: [a]\n")
        edited = await repo.ensure_version(session, "tracer_smk", "1", "questions: [a, b]\n")
        other = await repo.ensure_version(session, "tracer_blk", "1", "questions: [a]\n")
    assert again.id == first.id
    assert len({first.id, edited.id, other.id}) == 3
    assert len(first.content_hash) == 64
    async with sessions() as session:
        count = await session.scalar(select(func.count()).select_from(QuestionnaireVersion))
    assert count == 3


async def test_open_surveys_at_a_time(
    sessions: Sessions, institution: Institution, now: datetime
) -> None:
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, "tracer_smk", "1", "q")
        made = {}
        for name, opens, closes in (
            ("open", now - timedelta(days=5), None),
            ("closing", now - timedelta(days=5), now + timedelta(minutes=1)),
            ("closed", now - timedelta(days=5), now),
            ("future", now + timedelta(seconds=1), None),
        ):
            made[name] = await repo.create_survey(
                session,
                institution_id=institution.id,
                questionnaire_version=version,
                name=name,
                graduation_year=2025,
                opens_at=opens,
                closes_at=closes,
                now=now,
            )
    async with sessions() as session:
        open_now = await repo.open_surveys(session, institution.id, now)
        everywhere = await repo.open_surveys(session, None, now)
        listed = await repo.list_surveys(session, institution.id)
        fetched = await repo.get_survey(session, made["open"].id)
    assert [s.name for s in open_now] == ["open", "closing"]
    assert [s.name for s in everywhere] == ["open", "closing"]
    assert {s.name for s in listed} == set(made)
    assert fetched is not None and fetched.questionnaire_id == "tracer_smk"


async def test_datetimes_round_trip_as_utc(
    sessions: Sessions, institution: Institution, now: datetime
) -> None:
    local = datetime(2025, 8, 17, 7, 30, tzinfo=WITA)  # 07:30 WITA = 23:30 UTC the day before
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, "tracer_smk", "1", "q")
        survey = await repo.create_survey(
            session,
            institution_id=institution.id,
            questionnaire_version=version,
            name="t",
            graduation_year=2025,
            opens_at=local,
            now=now,
        )
    async with sessions() as session:
        stored = await session.scalar(select(Survey).where(Survey.id == survey.id))
        assert stored is not None
        assert stored.opens_at == local
        assert stored.opens_at.tzinfo == UTC
        assert stored.opens_at.hour == 23
        raw = await session.scalar(text(f"SELECT opens_at FROM surveys WHERE id = {survey.id}"))
    if isinstance(raw, str):  # SQLite keeps text: it must be the UTC wall time
        assert raw.startswith("2025-08-16 23:30:00")


async def test_naive_datetimes_are_refused(sessions: Sessions, institution: Institution) -> None:
    async with sessions() as session:
        version = await repo.ensure_version(session, "tracer_smk", "1", "q")
        with pytest.raises(StatementError, match="naive datetime"):
            await repo.create_survey(
                session,
                institution_id=institution.id,
                questionnaire_version=version,
                name="t",
                graduation_year=2025,
                opens_at=datetime(2025, 8, 1),
            )


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = [
                (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            ]
    finally:
        await engine.dispose()
    assert pragmas == ["wal", 1, 30000]
