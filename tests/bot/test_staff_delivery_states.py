"""How far reminders got, as staff see it: /belum per alumnus, /statistik in counts.

Deliveries are written as the outbox leaves them; WhatsApp ones then move on through the same
function the status webhook calls (bot.whatsapp.statuses.record_status), callbacks out of order.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from studies import INVITED, build_study

from bot.alumni.runner import ConversationRunner
from bot.services import Services
from bot.staff.desk import StaffDesk
from bot.staff.types import Caller
from bot.whatsapp.statuses import record_status
from config.settings import Settings
from storage.deliveries.states import DeliveryState, ReminderCounts, reminder_counts
from storage.models import ClassGroup, Delivery, DeliveryKind, DeliveryStatus, StaffRole
from storage.reports.missing import missing_alumni
from storage.staff import members as staff_repo

NOW = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB
DAY1 = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)  # 10:00 WIB
DAY2 = datetime(2026, 3, 7, 4, 30, tzinfo=UTC)  # 11:30 WIB
BKK, HOMEROOM, ENGLISH = "901", "902", "903"


def _name(class_name: str, i: int) -> str:
    return f"Alumni X {class_name} {i}"


@pytest.fixture
async def world(
    migrated_url: str, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> tuple[StaffDesk, Any]:
    """One school, classes XII A and XII B with 3 alumni each; a BKK member and XII A's teacher."""
    study = await build_study(sessions, per_class=3, zones={"X": "Asia/Jakarta"})
    x = study.institutions["X"]
    async with sessions() as session, session.begin():
        class_a = await session.scalar(
            select(ClassGroup).where(ClassGroup.institution_id == x.id, ClassGroup.name == "XII A")
        )
        assert class_a is not None
        grants: list[tuple[str, StaffRole, list[tuple[int, int | None]], str]] = [
            (BKK, StaffRole.BKK, [(x.id, None)], "id"),
            (HOMEROOM, StaffRole.HOMEROOM, [(x.id, class_a.id)], "id"),
            (ENGLISH, StaffRole.BKK, [(x.id, None)], "en"),
        ]
        for chat, role, granted, language in grants:
            member = await staff_repo.add_staff(
                session, f"Staf {chat}", role, granted, INVITED, language
            )
            assert member.link_token is not None
            await staff_repo.redeem_link(session, member.link_token, "telegram", chat, INVITED)
    services = Services(
        Settings(database_url=migrated_url), engine, sessions, ConversationRunner(sessions)
    )
    return StaffDesk(services, lambda: NOW), study


async def _ask(desk: StaffDesk, user: str, text: str) -> str:
    word, *args = text.split()
    [reply] = await desk.handle(Caller("telegram", user, user, False), word, args)
    return reply.text


def _line(text: str, name: str) -> str:
    [line] = [line for line in text.splitlines() if name in line]
    return line


async def _deliver(
    sessions: async_sessionmaker[AsyncSession],
    study: Any,
    rows: list[tuple[str, int, str, str, str | None, datetime]],
) -> None:
    """Deliveries as the outbox leaves them: (NISN, round, status, channel, error, when)."""
    survey = study.surveys["X"]
    async with sessions() as session, session.begin():
        for nisn, round_, status, channel, error, when in rows:
            alumnus = study.alumni[nisn]
            sent = status == DeliveryStatus.SENT.value
            session.add(
                Delivery(
                    key=f"reminder:{survey.id}:{alumnus}:{round_}",
                    kind=(DeliveryKind.RESEND if round_ == 0 else DeliveryKind.REMINDER).value,
                    survey_id=survey.id,
                    alumnus_id=alumnus,
                    round=round_,
                    status=status,
                    attempts=1,
                    next_attempt_at=when,
                    channel=channel,
                    provider_message_id=f"SM{nisn}{round_}"
                    if sent and channel == "whatsapp"
                    else None,
                    last_error=error,
                    created_at=when - timedelta(minutes=1),
                    sent_at=when if sent else None,
                    updated_at=when,
                )
            )


async def _callbacks(
    sessions: async_sessionmaker[AsyncSession], sid: str, *statuses: str, code: str = ""
) -> None:
    for n, status in enumerate(statuses):
        params = {"MessageSid": sid, "MessageStatus": status}
        if code and status in ("failed", "undelivered"):
            params["ErrorCode"] = code
        async with sessions() as session, session.begin():
            await record_status(session, params, DAY2 + timedelta(minutes=n + 1))


def nisn(study: Any, class_name: str, i: int) -> str:
    """The NISN build_study gives alumnus `i` of a class of the first school."""
    found = f"001{class_name == 'XII B':d}{i:06d}"
    assert found in study.alumni
    return found


@pytest.fixture
async def mixed(
    world: tuple[StaffDesk, Any], sessions: async_sessionmaker[AsyncSession]
) -> tuple[StaffDesk, Any]:
    """A mix: read, 63003, Telegram sent, delivered, only sent, needs_template, still pending."""
    desk, study = world
    a0, a1, a2 = (nisn(study, "XII A", i) for i in range(3))
    b0, b1, b2 = (nisn(study, "XII B", i) for i in range(3))
    sent, failed, pending = (
        DeliveryStatus.SENT.value,
        DeliveryStatus.FAILED.value,
        DeliveryStatus.PENDING.value,
    )
    await _deliver(
        sessions,
        study,
        [
            (a0, 1, sent, "telegram", None, DAY1),
            (a0, 2, sent, "whatsapp", None, DAY2),
            (a1, 1, sent, "whatsapp", None, DAY2),
            (a2, 1, sent, "telegram", None, DAY1),
            (a2, 2, pending, "telegram", None, DAY2),  # not sent yet: neither shown nor counted
            (b0, 1, sent, "whatsapp", None, DAY2),
            (b1, 1, sent, "whatsapp", None, DAY2),
            (b2, 0, failed, "whatsapp", "needs_template", DAY2),
        ],
    )
    # Out of order, as Twilio may post them: a late "sent" never hides the read receipt.
    await _callbacks(sessions, f"SM{a0}2", "read", "delivered", "sent", "queued")
    await _callbacks(sessions, f"SM{a1}1", "queued", "undelivered", "delivered", code="63003")
    await _callbacks(sessions, f"SM{b0}1", "sent", "delivered")
    await _callbacks(sessions, f"SM{b1}1", "queued", "sent")
    return desk, study


async def test_missing_shows_how_far_the_latest_reminder_got(
    mixed: tuple[StaffDesk, Any],
) -> None:
    desk, _ = mixed
    text = await _ask(desk, BKK, "belum")
    # 2026-03-07 04:30 UTC is 11:30 in Jakarta; 2026-03-05 03:00 UTC is 10:00.
    assert _line(text, _name("XII A", 0)).endswith("pesan terakhir 07-03 11:30: dibaca")
    assert _line(text, _name("XII A", 1)).endswith(
        "pesan terakhir 07-03 11:30: gagal, nomor tidak aktif di WhatsApp"
    )
    # Telegram says nothing after the Bot API took it; the pending round 2 changes nothing yet.
    assert _line(text, _name("XII A", 2)).endswith("pesan terakhir 05-03 10:00: terkirim")
    assert _line(text, _name("XII B", 0)).endswith("07-03 11:30: diterima")
    assert _line(text, _name("XII B", 1)).endswith("07-03 11:30: terkirim")
    assert _line(text, _name("XII B", 2)).endswith(
        "07-03 11:30: tidak terkirim, WhatsApp perlu template"
    )
    english = await _ask(desk, ENGLISH, "missing")
    assert _line(english, _name("XII A", 0)).endswith("last message 07-03 11:30: read")
    assert _line(english, _name("XII A", 1)).endswith(
        "07-03 11:30: failed, the number is not on WhatsApp"
    )


async def test_missing_before_any_reminder_says_never(world: tuple[StaffDesk, Any]) -> None:
    desk, _ = world
    text = await _ask(desk, BKK, "belum")
    assert _line(text, _name("XII A", 0)).endswith("pesan terakhir belum pernah")


async def test_missing_alumni_carry_the_state(
    mixed: tuple[StaffDesk, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    _, study = mixed
    async with sessions() as session:
        people = {p.name: p for p in await missing_alumni(session, study.surveys["X"])}
    read = people[_name("XII A", 0)]
    assert (read.last_delivery_state, read.last_delivery_at) == (DeliveryState.READ, DAY2)
    assert read.last_reminder_at == DAY2 and read.last_failure is None
    failed = people[_name("XII A", 1)]
    assert failed.last_delivery_state is DeliveryState.FAILED
    assert failed.last_failure == "whatsapp_63003"
    assert people[_name("XII A", 2)].last_delivery_state is DeliveryState.SENT
    assert people[_name("XII B", 2)].last_failure == "needs_template"
    assert people[_name("XII B", 2)].last_reminder_at is None  # never sent


async def test_statistics_count_reminders_by_how_far_they_got(
    mixed: tuple[StaffDesk, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    desk, study = mixed
    async with sessions() as session:
        counts = await reminder_counts(session, study.surveys["X"])
    # Sent: both Telegram ones, the read, the delivered and the only-sent WhatsApp ones. The
    # WhatsApp invitation (round 0) that needed a template is among the failed: the line says
    # "invitations and reminders", as it counts both.
    assert counts == ReminderCounts(sent=5, delivered=2, read=1, failed=2)
    text = await _ask(desk, BKK, "statistik")
    expected = "Undangan dan pengingat: 5 terkirim · 2 diterima · 1 dibaca · 2 gagal"
    assert expected in text.splitlines()
    english = await _ask(desk, ENGLISH, "stats")
    expected = "Invitations and reminders: 5 sent · 2 delivered · 1 read · 2 failed"
    assert expected in english.splitlines()


async def test_a_homeroom_teacher_counts_only_their_class(
    mixed: tuple[StaffDesk, Any], sessions: async_sessionmaker[AsyncSession]
) -> None:
    desk, study = mixed
    text = await _ask(desk, HOMEROOM, "statistik")
    # XII A: a0's two (Telegram, then read) and a2's Telegram one sent; a1's 63003 failed.
    expected = "Undangan dan pengingat: 3 terkirim · 1 diterima · 1 dibaca · 1 gagal"
    assert expected in text.splitlines()
    missing = await _ask(desk, HOMEROOM, "belum")
    assert "XII B" not in missing and "dibaca" in missing
    async with sessions() as session:
        class_b = await session.scalar(select(ClassGroup.id).where(ClassGroup.name == "XII B"))
        assert class_b is not None
        only_b = await reminder_counts(session, study.surveys["X"], {class_b})
        nobody = await reminder_counts(session, study.surveys["X"], set())
    assert only_b == ReminderCounts(sent=2, delivered=1, read=0, failed=1)
    assert nobody == ReminderCounts() and not nobody.any


async def test_statistics_without_reminders_leave_the_line_out(
    world: tuple[StaffDesk, Any],
) -> None:
    desk, _ = world
    text = await _ask(desk, BKK, "statistik")
    assert "Selesai: <b>0/6</b>" in text and "Pengingat" not in text
