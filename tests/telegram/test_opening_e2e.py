"""The opening message end to end: `jejak run` with the real python-telegram-bot Application
against the fake Bot API, its scheduler on a ManualClock.

An SMK student links their Telegram chat before the survey opens (NISN and birth date: the bot
has no open survey to offer yet). On the opening day the bot writes first, at 08:00 in the
school's zone, and the student answers from that message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fakes.jejak_run import Bot, asked_with_buttons, press
from sqlalchemy import delete, update

from bot import run
from bot.cli import sample
from bot.services import create_services
from scheduler.clock import ManualClock
from storage.models import Invitation, Survey

ZONE = ZoneInfo("Asia/Makassar")  # the sample SMK's
BEFORE = datetime(2026, 5, 20, 10, tzinfo=ZONE)  # grade XII is over, the survey not open yet
OPENS = datetime(2026, 6, 1, tzinfo=ZONE)
SMK_SURVEY = 1  # the sample's SMK survey


async def create_ahead(bot: Bot) -> None:
    """The SMK survey opens on OPENS and has no invitation links (the class linked itself)."""
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            await session.execute(
                update(Survey).where(Survey.id == SMK_SURVEY).values(opens_at=OPENS.astimezone(UTC))
            )
            await session.execute(delete(Invitation))
    finally:
        await services.aclose()


async def test_a_student_linked_before_the_opening_is_written_to_and_answers(
    running: Callable[..., Awaitable[Bot]], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock(BEFORE)
    # `serve` gives its clock to the scheduler only; the Telegram channel reads utc_now: both
    # must see the same simulated days here.
    monkeypatch.setattr(run, "utc_now", clock.now)
    bot = await running(serve_options={"clock": clock, "sweep_interval": 0.2})
    fake = bot.fake
    await create_ahead(bot)
    nisn = sample.DEMO_NISN
    born = bot.rows(f"SELECT birth_date FROM alumni WHERE nisn = '{nisn}'")[0][0]
    chat = 6101

    # Before the opening: the student identifies and links the chat; no survey is open yet.
    await fake.user_command(chat, "/start")
    await fake.wait_reply(chat)
    await fake.user_text(chat, nisn)
    assert "lahir" in ((await fake.wait_reply(chat))[-1].text or "").lower()
    await fake.user_text(chat, datetime.fromisoformat(born).strftime("%d-%m-%Y"))
    await fake.wait_reply(chat)
    await fake.user_text(chat, "ya")
    await fake.wait_reply(chat)
    assert bot.rows("SELECT external_id FROM channel_identities") == [(str(chat),)]
    assert bot.rows("SELECT count(*) FROM responses") == [(0,)], fake.format_transcript(chat)
    linked = len(fake.messages(chat))

    # The opening night: the survey is open from midnight, but nobody is written to at 03:00.
    clock.set(OPENS + timedelta(hours=3))
    await fake.wait_quiet(1.0)
    assert len(fake.messages(chat)) == linked
    assert bot.rows("SELECT count(*) FROM deliveries") == [(0,)]

    # 08:00 in the school's zone: the bot writes first, once.
    clock.set(datetime.combine(OPENS.date(), time(8), ZONE))
    opening = await fake.wait_for(
        lambda: len(fake.messages(chat)) > linked and fake.last_message(chat), timeout=10
    )
    text = opening.text or ""
    assert "SMK Negeri 99 Contoh" in text and "sudah dibuka" in text and "LANJUT" in text
    await fake.wait_quiet(0.5)
    assert len(fake.messages(chat)) == linked + 1
    (alumnus,) = bot.rows(f"SELECT id FROM alumni WHERE nisn = '{nisn}'")[0]
    recorded = await fake.wait_for(
        lambda: bot.rows("SELECT key, round, status FROM deliveries WHERE status = 'sent'")
    )
    assert recorded == [(f"invitation:{SMK_SURVEY}:{alumnus}", 0, "sent")]

    # The student taps the message's button (typing LANJUT does the same: the cohort test):
    # the survey begins at its consent question, and the button goes.
    assert opening.button_texts == [["Mulai survei"]]
    shown = len(fake.messages(chat))
    await press(bot, chat, opening, "Mulai survei")
    consent = await asked_with_buttons(bot, chat, shown)
    assert fake.message(chat, opening.message_id).inline_keyboard == []
    assert "setuju" in (consent.text or "").lower() and consent.callback_data
    await press(bot, chat, consent, "Ya")
    assert "Eka Pratama" in (fake.last_message(chat).text or "")
    assert bot.rows("SELECT survey_id, status FROM responses") == [(SMK_SURVEY, "started")]
