"""Invitation tokens and the identity-check lockout, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import migrate
from storage.access import identifier_checks
from storage.access.invitations import (
    DIALOGUE_TTL,
    Dialogue,
    InvitationLine,
    bind,
    clear_failures,
    dialogue,
    ensure_invitations,
    find_invitation,
    forget_stale_dialogues,
    keep_dialogue,
    locked_until,
    lockout_length,
    mark_used,
    record_failure,
    reissue,
    revoke,
)
from storage.database import create_engine
from storage.models import (
    Alumnus,
    ChannelIdentity,
    IdentifierCheck,
    IdentityCheck,
    Institution,
    Invitation,
    Survey,
)
from storage.reports.missing import missing_alumni
from storage.roster import repository as repo

NOW = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)  # as in conftest.py
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
Sessions = async_sessionmaker[AsyncSession]


async def _ensure(sessions: Sessions, survey_id: int, **kwargs: str) -> list[InvitationLine]:
    async with sessions() as session, session.begin():
        return await ensure_invitations(session, survey_id, now=NOW, **kwargs)


async def _count(sessions: Sessions) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Invitation)) or 0


@pytest.fixture
async def classes(sessions: Sessions, institution: Institution, alumni: list[Alumnus]) -> None:
    """Beside the two class-less alumni: two classes of 2025, a 2024 graduate, another school."""
    async with sessions() as session, session.begin():
        akl = await repo.ensure_class_group(session, institution.id, "XII AKL 1", now=NOW)
        tkj = await repo.ensure_class_group(session, institution.id, "XII TKJ 2", now=NOW)
        for nisn, name, group, year in (
            ("0070000001", "Dewi Sartika", tkj.id, 2025),
            ("0070000002", "Citra Kirana", akl.id, 2025),
            ("0070000003", "Agus Salim", tkj.id, 2025),
            ("0070000004", "Eko Prasetyo", akl.id, 2024),  # another cohort
        ):
            await repo.add_alumnus(
                session,
                institution_id=institution.id,
                nisn=nisn,
                name=name,
                graduation_year=year,
                class_group_id=group,
                phone="+6281300000000",
                now=NOW,
            )
        other = await repo.upsert_institution(
            session, code="99999902", name="SMK Lain", kind="smk", timezone="Asia/Jakarta", now=NOW
        )
        await repo.add_alumnus(
            session, institution_id=other.id, nisn="0070000005", name="Fajar", graduation_year=2025
        )


# --- invitations ----------------------------------------------------------------------------


async def test_tokens_are_created_once_and_stay_the_same(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    first = await _ensure(sessions, survey.id)
    assert [(line.nisn, line.name, line.class_name, line.phone) for line in first] == [
        ("0071234567", "Ayu Lestari", None, "+6281200000001"),
        ("0061234568", "Budi Santoso", None, "+6281200000002"),
    ]
    tokens = [line.token for line in first]
    assert all(TOKEN.fullmatch(token) for token in tokens), tokens
    assert len(set(tokens)) == 2
    assert await _ensure(sessions, survey.id) == first  # stable links
    assert await _count(sessions) == 2


async def test_only_the_surveys_cohort_and_the_chosen_class(
    sessions: Sessions, survey: Survey, classes: None
) -> None:
    akl = await _ensure(sessions, survey.id, class_name="XII AKL 1")
    assert [(line.class_name, line.name) for line in akl] == [("XII AKL 1", "Citra Kirana")]
    assert await _count(sessions) == 1  # other classes are not invited yet

    everyone = await _ensure(sessions, survey.id)
    # By class, then name; alumni without a class last. The 2024 graduate and the other
    # school's alumnus are not in the survey's cohort.
    assert [(line.class_name, line.name) for line in everyone] == [
        ("XII AKL 1", "Citra Kirana"),
        ("XII TKJ 2", "Agus Salim"),
        ("XII TKJ 2", "Dewi Sartika"),
        (None, "Ayu Lestari"),
        (None, "Budi Santoso"),
    ]
    assert everyone[0].token == akl[0].token
    assert await _count(sessions) == 5
    assert await _ensure(sessions, survey.id, class_name="XII XYZ") == []


async def test_two_processes_at_once_hand_out_one_token_per_alumnus(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    async with sessions() as first, first.begin():
        mine = await ensure_invitations(first, survey.id, now=NOW)
        # The second process inserts the same alumni and waits for the first one's commit.
        theirs = asyncio.create_task(_ensure(sessions, survey.id))
        await asyncio.sleep(0.3)
        assert not theirs.done()
    assert await theirs == mine
    assert await _count(sessions) == 2


async def test_an_unknown_survey_is_a_lookup_error(sessions: Sessions) -> None:
    with pytest.raises(LookupError):
        await _ensure(sessions, 404)


async def test_find_invitation_and_mark_used(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    lines = await _ensure(sessions, survey.id)
    async with sessions() as session, session.begin():
        invitation = await find_invitation(session, lines[1].token)
        assert invitation is not None
        assert (invitation.survey_id, invitation.alumnus_id) == (survey.id, alumni[1].id)
        assert invitation.used_at is None
        await mark_used(session, invitation, NOW)
        assert invitation.used_at == NOW
    later = NOW + timedelta(days=3)
    async with sessions() as session, session.begin():
        again = await find_invitation(session, lines[1].token)
        assert again is not None
        await mark_used(session, again, later)
        assert again.used_at == NOW  # the first opening is what counts
    async with sessions() as session:
        assert await find_invitation(session, "A" * 22) is None
        for garbage in ("", "x" * 65, "../etc", "tok en", lines[0].token.lower() + "!"):
            assert await find_invitation(session, garbage) is None


async def test_deleting_an_alumnus_deletes_their_invitation(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    await _ensure(sessions, survey.id)
    async with sessions() as session, session.begin():
        await session.delete(await session.get(Alumnus, alumni[0].id))
    assert await _count(sessions) == 1


async def test_a_link_binds_to_the_first_chat_that_opens_it(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    lines = await _ensure(sessions, survey.id)
    async with sessions() as session, session.begin():
        invitation = await find_invitation(session, lines[0].token)
        assert invitation is not None
        assert await bind(session, invitation, "telegram", "1001", NOW)
        assert invitation.used_at == NOW
        assert await bind(session, invitation, "telegram", "1001", NOW)  # its own chat, again
        assert not await bind(session, invitation, "telegram", "1002", NOW)
        assert not await bind(session, invitation, "whatsapp", "1001", NOW)
    async with sessions() as session:
        found = await find_invitation(session, lines[0].token)
        assert found is not None
        assert (found.bound_channel, found.bound_external_id) == ("telegram", "1001")


async def test_revoke_and_reissue_unlink_the_chat_the_link_bound(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    lines = await _ensure(sessions, survey.id)
    ayu = alumni[0]
    async with sessions() as session, session.begin():
        invitation = await find_invitation(session, lines[0].token)
        assert invitation is not None
        await bind(session, invitation, "telegram", "1001", NOW)
        await repo.link_identity(session, ayu.id, "telegram", "1001", NOW)
        await repo.link_identity(session, ayu.id, "whatsapp", "+6281200000001", NOW)  # by date
    async with sessions() as session, session.begin():
        assert await revoke(session, survey.id, ayu.id, NOW)
        assert not await revoke(session, survey.id, 404, NOW)
    chats = select(ChannelIdentity.channel, ChannelIdentity.external_id)
    async with sessions() as session:
        assert (await session.execute(chats)).all() == [("whatsapp", "+6281200000001")]
        revoked = await find_invitation(session, lines[0].token)
        assert revoked is not None and revoked.revoked_at == NOW
    # `jejak invite links` hands out no revoked link; reissue gives a fresh, unbound one.
    assert [line.name for line in await _ensure(sessions, survey.id)] == ["Budi Santoso"]
    async with sessions() as session, session.begin():
        token = await reissue(session, survey.id, ayu.id, NOW + timedelta(days=1))
    assert TOKEN.fullmatch(token) and token != lines[0].token
    async with sessions() as session:
        assert await find_invitation(session, lines[0].token) is None
        fresh = await find_invitation(session, token)
        assert fresh is not None and fresh.revoked_at is None and fresh.bound_external_id is None
        assert fresh.created_at == NOW  # reminders still count from the first invitation
    assert {line.token for line in await _ensure(sessions, survey.id)} >= {token}
    async with sessions() as session, session.begin():  # never invited before: created
        other = await reissue(session, survey.id, alumni[1].id, NOW)
    assert other == next(
        x.token for x in await _ensure(sessions, survey.id) if x.nisn == "0061234568"
    )


# --- identity-check lockout -----------------------------------------------------------------


async def _fail(sessions: Sessions, at: datetime, chat: str = "1001") -> datetime | None:
    async with sessions() as session, session.begin():
        return await record_failure(session, "telegram", chat, at)


async def _locked(sessions: Sessions, at: datetime, chat: str = "1001") -> datetime | None:
    async with sessions() as session:
        return await locked_until(session, "telegram", chat, at)


async def test_three_failures_lock_for_15_minutes_then_30(sessions: Sessions) -> None:
    assert await _fail(sessions, NOW) is None
    assert await _fail(sessions, NOW + timedelta(minutes=1)) is None
    assert await _locked(sessions, NOW + timedelta(minutes=1)) is None
    third = NOW + timedelta(minutes=2)
    until = third + timedelta(minutes=15)
    assert await _fail(sessions, third) == until
    assert await _locked(sessions, third + timedelta(minutes=14)) == until
    assert await _locked(sessions, until) is None  # locked_until respects now
    # Tries while locked are not checked and do not count.
    assert await _fail(sessions, third + timedelta(minutes=5)) == until
    assert await _fail(sessions, until) is None
    assert await _fail(sessions, until + timedelta(minutes=1)) is None
    second_lock = until + timedelta(minutes=2)
    assert await _fail(sessions, second_lock) == second_lock + timedelta(minutes=30)
    assert await _locked(sessions, second_lock + timedelta(minutes=29)) is not None
    # Another chat, or the same id on another channel, is not locked.
    assert await _locked(sessions, second_lock, chat="1002") is None
    async with sessions() as session:
        assert await locked_until(session, "whatsapp", "1001", second_lock) is None


async def test_clear_failures_starts_over(sessions: Sessions) -> None:
    for minute in range(3):
        await _fail(sessions, NOW + timedelta(minutes=minute))
    assert await _locked(sessions, NOW + timedelta(minutes=3)) is not None
    async with sessions() as session, session.begin():
        await clear_failures(session, "telegram", "1001")
    assert await _locked(sessions, NOW + timedelta(minutes=3)) is None
    later = NOW + timedelta(hours=1)
    assert await _fail(sessions, later) is None
    assert await _fail(sessions, later) is None
    assert await _fail(sessions, later) == later + timedelta(minutes=15)  # first lockout again
    async with sessions() as session, session.begin():
        await clear_failures(session, "telegram", "never-seen")  # nothing to clear: no error


async def test_a_quiet_day_forgets_old_failures(sessions: Sessions) -> None:
    await _fail(sessions, NOW)
    await _fail(sessions, NOW)
    next_day = NOW + timedelta(hours=25)
    assert await _fail(sessions, next_day) is None  # counting restarted at 1
    assert await _fail(sessions, next_day) is None
    assert await _fail(sessions, next_day) == next_day + timedelta(minutes=15)


async def test_the_identity_dialogue_is_kept_per_chat_and_ends(sessions: Sessions) -> None:
    step = Dialogue("confirm", nisn="0071234567", candidate_id=7)
    async with sessions() as session, session.begin():
        await keep_dialogue(session, "telegram", "1001", step, NOW)
        assert await dialogue(session, "whatsapp", "1001", NOW) is None  # per channel
    await _fail(sessions, NOW)  # failures share the row and leave the dialogue alone
    async with sessions() as session, session.begin():
        assert await dialogue(session, "telegram", "1001", NOW) == step
        await keep_dialogue(session, "telegram", "1001", Dialogue("nisn"), NOW)
        assert await dialogue(session, "telegram", "1001", NOW) == Dialogue("nisn")
        await keep_dialogue(session, "telegram", "1001", None, NOW)  # linked: it ends
        assert await dialogue(session, "telegram", "1001", NOW) is None
        await keep_dialogue(session, "telegram", "never-seen", None, NOW)  # nothing: no error
    assert await _fail(sessions, NOW) is None  # the failures counted on: 2 of 3
    assert await _fail(sessions, NOW) is not None


async def test_a_dialogue_left_for_a_day_starts_over_and_is_swept(sessions: Sessions) -> None:
    async with sessions() as session, session.begin():
        await keep_dialogue(session, "telegram", "1001", Dialogue("birth_date", "0071234567"), NOW)
        await keep_dialogue(session, "telegram", "1002", Dialogue("nisn"), NOW + DIALOGUE_TTL)
    late = NOW + DIALOGUE_TTL
    async with sessions() as session, session.begin():
        assert await dialogue(session, "telegram", "1001", late - timedelta(seconds=1))
        assert await dialogue(session, "telegram", "1001", late) is None
        assert await forget_stale_dialogues(session, late + timedelta(seconds=1)) == 1
        assert await dialogue(session, "telegram", "1002", late) == Dialogue("nisn")
        kept = await session.execute(select(IdentityCheck.external_id, IdentityCheck.nisn))
        assert sorted(kept.all()) == [("1001", None), ("1002", None)]


def test_lockouts_double_up_to_a_day() -> None:
    minutes = [lockout_length(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [15, 30, 60, 120, 240, 480, 960, 1440, 1440]
    assert lockout_length(10_000) == timedelta(hours=24)
    with pytest.raises(ValueError):
        lockout_length(0)


async def test_naive_datetimes_are_refused(sessions: Sessions) -> None:
    with pytest.raises(Exception, match="naive"):
        await _fail(sessions, datetime(2025, 9, 1, 3, 0))  # naive on purpose
    assert await _fail(sessions, datetime(2025, 9, 1, 3, 0, tzinfo=UTC)) is None


# --- per identifier, from any chat ---------------------------------------------------------


async def _fail_nisn(sessions: Sessions, at: datetime, nisn: str = "0071234567") -> datetime | None:
    async with sessions() as session, session.begin():
        return await identifier_checks.record_failure(
            session, identifier_checks.key_of("nisn", nisn), at
        )


async def test_a_nisn_is_locked_1_5_30_min_2_h_24_h_then_a_week(sessions: Sessions) -> None:
    at = NOW
    assert await _fail_nisn(sessions, at) is None
    assert await _fail_nisn(sessions, at) is None
    waits = []
    for _ in range(8):
        until = await _fail_nisn(sessions, at)
        assert until is not None
        assert await _fail_nisn(sessions, until - timedelta(seconds=1)) == until  # not counted
        waits.append(until - at)
        at = until
    minutes = [wait / timedelta(minutes=1) for wait in waits]
    assert minutes == [1, 5, 30, 120, 1440, 10080, 10080, 10080]
    # Guessing one of ~1,100 birth dates: 8 tries in the first 27 hours, then one a week.
    tries, at, end = 0, NOW, NOW + timedelta(days=90)
    key = identifier_checks.key_of("nisn", "0099999999")
    while at < end:
        async with sessions() as session, session.begin():
            until = await identifier_checks.record_failure(session, key, at)
        tries += 1
        at = until or at
    assert tries <= 21


async def test_a_nisn_is_kept_as_a_hash_and_a_success_forgets_it(sessions: Sessions) -> None:
    for _ in range(3):
        await _fail_nisn(sessions, NOW, " 0071 234567 ")  # spaces do not matter
    key = identifier_checks.key_of("nisn", "0071234567")
    assert key != identifier_checks.key_of("nik", "0071234567")
    async with sessions() as session, session.begin():
        stored = list(await session.scalars(select(IdentifierCheck.identifier)))
        assert stored == [key] and "0071234567" not in key
        assert await identifier_checks.locked_until(session, key, NOW) == NOW + timedelta(minutes=1)
        await identifier_checks.clear(session, key)
        assert await identifier_checks.locked_until(session, key, NOW) is None


async def test_belum_marks_the_alumni_someone_tried_too_often(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus]
) -> None:
    await _fail_nisn(sessions, NOW, alumni[1].nisn)
    await _fail_nisn(sessions, NOW, alumni[1].nisn)
    async with sessions() as session:
        assert not any(p.identity_guessed for p in await missing_alumni(session, survey))
    await _fail_nisn(sessions, NOW, alumni[1].nisn)  # the third: locked
    async with sessions() as session:
        marked = {p.name: p.identity_guessed for p in await missing_alumni(session, survey)}
    assert marked == {"Ayu Lestari": False, "Budi Santoso": True}
    # A quiet month forgets it (the daily sweep), and so the mark goes.
    async with sessions() as session, session.begin():
        await forget_stale_dialogues(session, NOW + timedelta(days=31))
    async with sessions() as session:
        assert not any(p.identity_guessed for p in await missing_alumni(session, survey))
        assert await session.scalar(select(func.count()).select_from(IdentifierCheck)) == 0


# --- the migration --------------------------------------------------------------------------


async def test_migration_0002_adds_and_drops_the_two_tables(migrated_url: str) -> None:
    async def tables() -> set[str]:
        engine = create_engine(migrated_url)
        try:
            async with engine.connect() as connection:
                return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
        finally:
            await engine.dispose()

    at_head = await tables()
    assert {"invitations", "identity_checks"} <= at_head
    await asyncio.to_thread(migrate.downgrade, migrated_url, "0002")
    before = await tables()
    await asyncio.to_thread(migrate.downgrade, migrated_url, "0001")
    assert before - await tables() == {"invitations", "identity_checks"}
    await asyncio.to_thread(migrate.upgrade, migrated_url)
    assert await tables() == at_head


async def test_migration_0011_adds_and_drops_identifier_checks(migrated_url: str) -> None:
    async def shape() -> tuple[set[str], set[str]]:
        engine = create_engine(migrated_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda c: (
                        set(inspect(c).get_table_names()),
                        {col["name"] for col in inspect(c).get_columns("invitations")},
                    )
                )
        finally:
            await engine.dispose()

    at_head = await shape()
    await asyncio.to_thread(migrate.downgrade, migrated_url, "0011")  # later ones aside
    tables, columns = await shape()
    assert "identifier_checks" in tables
    assert {"bound_channel", "bound_external_id", "revoked_at"} <= columns
    await asyncio.to_thread(migrate.downgrade, migrated_url, "0010")
    before, old_columns = await shape()
    assert tables - before == {"identifier_checks"}
    assert columns - old_columns == {"bound_channel", "bound_external_id", "revoked_at"}
    await asyncio.to_thread(migrate.upgrade, migrated_url)
    assert await shape() == at_head
