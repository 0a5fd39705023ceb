"""The yearly check-in on Telegram (#17), end to end: `jejak run` with its scheduler on a manual
clock sends the check-in with three buttons through the real python-telegram-bot to the fake Bot
API; a tap on "Ya, masih" confirms the number and takes the buttons away.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from fakes.jejak_run import Bot, act, press
from fakes.telegram_objects import SentMessage
from sqlalchemy import update

from bot.cli import sample
from bot.services import create_services
from config.clock import utc_now
from conversations.messages import t
from scheduler.clock import ManualClock
from storage.models import ChannelIdentity, Survey

CHAT = 8101


async def test_the_check_in_buttons_confirm_the_number(
    running: Callable[..., Awaitable[Bot]],
) -> None:
    # The scheduler's clock: the last 09:00 WITA before now (the chat's answers come on real time).
    now = utc_now()
    nine = now.replace(hour=1, minute=0, second=0, microsecond=0)
    clock = ManualClock(nine if nine <= now else nine - timedelta(days=1))
    bot = await running(serve_options={"clock": clock, "sweep_interval": 0.2})
    fake = bot.fake
    await act(bot, CHAT, fake.user_command(CHAT, "/start", args=bot.tokens[sample.DEMO_NISN]))
    # Linked over a year ago, and the surveys have closed since: a check-in is due.
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            await session.execute(
                update(ChannelIdentity).values(created_at=clock.now() - timedelta(days=400))
            )
            await session.execute(update(Survey).values(closes_at=clock.now() - timedelta(days=1)))
    finally:
        await services.aclose()

    def asked() -> SentMessage | None:
        last = fake.last_message(CHAT)
        return last if last.button_texts and "Ya, masih" in str(last.button_texts) else None

    question = await fake.wait_for(asked, timeout=10)
    assert "Eka" in (question.text or "") and "SMK Negeri 99 Contoh" in (question.text or "")
    assert question.button_texts == [["Ya, masih"], ["Ganti nomor"], ["Berhenti"]]
    await press(bot, CHAT, question, "Ya, masih")
    assert "tetap kami catat" in (fake.last_message(CHAT).text or "")
    assert question.reply_markup is None  # the buttons went with the tap
    [(confirmed,)] = bot.rows(
        f"SELECT phone_confirmed_at FROM alumni WHERE nisn = '{sample.DEMO_NISN}'"
    )
    assert confirmed is not None
    # Answered: a tap on the old message's button again is stale, and nothing more is planned.
    await act(bot, CHAT, fake.user_press(CHAT, question.message_id, "ci|yes", check=False))
    assert fake.last_message(CHAT).text == t("id", "stale_button")
    await fake.wait_quiet(0.5)
    assert bot.rows("SELECT count(*) FROM deliveries WHERE kind = 'checkin'") == [(1,)]
