"""The classes compared in the scheduled summaries (#17): a homeroom teacher's morning summary
ranks the school's classes (names and percentages, nobody else's alumni), and the staff group's
weekly post carries each class's trend and the week's gains."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step
from studies import build_study

from conversations.state import ConversationState, Phase, Step
from scheduler.compose import HOMEROOM_TEMPLATE, Composer
from scheduler.outbox import Envelope
from storage.models import Delivery, DeliveryKind, StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

Sessions = async_sessionmaker[AsyncSession]
WITA = ZoneInfo("Asia/Makassar")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def wita(day: int, hour: int) -> datetime:
    """A moment of March 2026 on Makassar's wall clock (the study's survey opens 2 March)."""
    return datetime(2026, 3, day, hour, tzinfo=WITA).astimezone(UTC)


async def finish(sessions: Sessions, survey_id: int, alumnus_id: int, at: datetime) -> None:
    state = ConversationState(
        questionnaire_id="smk", version="x", language="id", phase=Phase.COMPLETED, current=None,
        answers={}, started_at=at, updated_at=at,
    )  # fmt: skip
    await save_step(sessions, survey_id, alumnus_id, Step(state, ()), at)


async def test_the_morning_summary_ranks_the_classes_without_other_classes_names(
    sessions: Sessions,
) -> None:
    study = await build_study(sessions, per_class=3, zones={"WITA": "Asia/Makassar"})
    survey = study.surveys["WITA"]
    await finish(sessions, survey.id, study.alumni["0010000000"], wita(4, 9))  # XII A 0
    await finish(sessions, survey.id, study.alumni["0011000000"], wita(4, 9))  # XII B 0
    await finish(sessions, survey.id, study.alumni["0011000001"], wita(5, 9))  # XII B 1
    async with sessions() as session, session.begin():
        school = study.institutions["WITA"]
        class_a = await repo.get_class_group(session, school.id, "XII A")
        assert class_a is not None
        member = await staff_repo.add_staff(
            session, "Bu Sari", StaffRole.HOMEROOM, [(school.id, class_a.id)], wita(2, 8)
        )
        chat = await staff_repo.link_person(session, member, "telegram", "555", wita(2, 8))
        chat_id = chat.id
    async with sessions() as session:
        delivery = Delivery(
            key="homeroom", kind=DeliveryKind.HOMEROOM_DAILY.value, survey_id=survey.id,
            staff_chat_id=chat_id, next_attempt_at=wita(6, 7),
        )  # fmt: skip
        composed = await Composer(["telegram"])(session, delivery, wita(6, 7))
    assert isinstance(composed, Envelope)
    text = composed.message.text
    assert text.split("\n\n") == [
        "📋 <b>Tracer WITA 2025</b> · XII A\n"
        "Sudah selesai: <b>1/3</b> (33%), belum ada tambahan sejak kemarin",
        "Belum selesai (2):\n• Alumni WITA XII A 1\n• Alumni WITA XII A 2",
        "🏆 Peringkat kelas (dari 2): 1. XII B — 67% · <b>2. XII A — 33%</b> (kelas Anda)",
    ]
    assert "Alumni WITA XII B" not in text  # another class: its rate, never its people
    # The WhatsApp template's variables are still the teacher's own class only.
    assert composed.message.template == HOMEROOM_TEMPLATE
    assert composed.message.variables == ("Tracer WITA 2025", "XII A", "1", "3", "2")


async def test_the_weekly_post_names_the_classes_that_gained_most_and_least(
    sessions: Sessions,
) -> None:
    """Week ends (Monday 00:00 WITA): 2 March (before the survey opened), 9 and 16 March.
    XII A: 1 by 9 March, 3 by 16 March (33% to 100%); XII B: 1 by 9 March, no more."""
    study = await build_study(sessions, per_class=3, zones={"WITA": "Asia/Makassar"})
    survey = study.surveys["WITA"]
    await finish(sessions, survey.id, study.alumni["0010000000"], wita(5, 10))
    await finish(sessions, survey.id, study.alumni["0011000000"], wita(6, 10))
    await finish(sessions, survey.id, study.alumni["0010000001"], wita(10, 10))
    await finish(sessions, survey.id, study.alumni["0010000002"], wita(15, 23))
    async with sessions() as session, session.begin():
        group = await staff_repo.link_group(
            session, "telegram", "-100", study.institutions["WITA"].id, wita(2, 8)
        )
        group_id = group.id
    now = wita(16, 8)  # Monday morning: the weekly post is due
    async with sessions() as session:
        delivery = Delivery(
            key="weekly", kind=DeliveryKind.WEEKLY_SUMMARY.value, survey_id=survey.id,
            staff_chat_id=group_id, next_attempt_at=now,
        )  # fmt: skip
        composed = await Composer(["telegram"])(session, delivery, now)
    assert isinstance(composed, Envelope)
    caption = composed.message.text.split("\n")
    # Two finished in the week since last Monday's post (10 and 15 March).
    assert caption[1] == "Selesai: <b>4/6</b> (67%), +2 sejak laporan minggu lalu"
    assert (
        "Minggu ini naik terbanyak: XII A (+67 poin) · paling sedikit: XII B (+0 poin)" in caption
    )
    photo = composed.message.photo
    assert photo is not None and photo.startswith(PNG_SIGNATURE) and len(photo) < 150_000
