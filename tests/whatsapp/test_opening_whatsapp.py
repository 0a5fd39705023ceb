"""The opening message on WhatsApp: `jejak run` against the fake Twilio, the scheduler's sweeps on
a ManualClock through the real Twilio sender.

Two alumni link their WhatsApp number before the survey opens. Outside the 24-hour window only
an approved template may go: without a `survey_open` template the delivery is marked
needs_template (and not sent twice); with one, it goes by its Content SID, and the alumnus's reply
opens the questionnaire.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fakes.jejak_run import WhatsAppRun, whatsapp_run
from sqlalchemy import delete, update

from bot.services import Services, create_services
from bot.whatsapp.channel import STATUS_PATH
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from scheduler.clock import ManualClock
from scheduler.service import Sweeper
from storage.models import Invitation, Survey

ZONE = ZoneInfo("Asia/Makassar")  # the sample SMK's
EKA = ("+6281260000001", "21-04-2007")  # the sample roster's first two alumni: phone, birth date
ARIF = ("+6281260000003", "07-09-2007")
SMK_SURVEY = 1
TEMPLATE = "HX" + "ab" * 16
# Real seconds until the survey opens: the channel reads the machine's clock, so the alumni link
# before it and answer after it.
AHEAD = timedelta(seconds=8)


@dataclass
class Running(WhatsAppRun):
    opens_at: datetime

    def linked_deliveries(self, columns: str) -> list[tuple[Any, ...]]:
        """Deliveries to the alumni who linked a chat (every other roster number gets its own
        first-contact invitation, by the wa_invitation template)."""
        return sorted(
            self.rows(
                f"SELECT {columns} FROM deliveries WHERE alumnus_id IN "
                "(SELECT alumnus_id FROM channel_identities)"
            )
        )


@pytest.fixture
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """The sample data, its SMK survey opening in a few seconds with no invitation links, and
    `jejak run` with only WhatsApp and no scheduler (the test sweeps)."""
    opens_at = datetime.now(UTC) + AHEAD

    async def prepare(services: Services, _db: Path) -> None:
        async with services.sessions() as session, session.begin():
            await session.execute(
                update(Survey).where(Survey.id == SMK_SURVEY).values(opens_at=opens_at)
            )
            await session.execute(delete(Invitation))

    async with whatsapp_run(tmp_path, monkeypatch, prepare) as run:
        yield Running(run.fake, run.db, run.settings, run.stop, run.task, opens_at)


async def sweep(bot: Running, clock: ManualClock, templates: dict[str, str]) -> None:
    """One scheduler sweep through the real Twilio sender, with these templates configured."""
    settings = bot.settings.model_copy(update={"twilio_templates": templates})
    services = await create_services(settings)
    client = WhatsAppClient(settings, status_callback=(settings.public_url or "") + STATUS_PATH)
    try:
        await Sweeper(
            services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock
        ).sweep()
    finally:
        await client.aclose()
        await services.aclose()


def next_morning(after: datetime) -> datetime:
    """The first 10:00 in the school's zone after `after`: inside the sending hours."""
    local = after.astimezone(ZONE)
    day = local.date() + timedelta(days=local.hour >= 10)
    return datetime.combine(day, time(10), ZONE).astimezone(UTC)


async def test_the_opening_message_needs_the_survey_open_template_and_the_reply_starts(
    running: Running,
) -> None:
    bot = running
    for phone, born in (EKA, ARIF):
        await bot.say(phone, "Halo")
        await bot.say(phone, born)  # linked, with no open survey to offer yet
    assert bot.rows("SELECT count(*) FROM responses") == [(0,)]
    assert datetime.now(UTC) < bot.opens_at, "the machine was too slow for AHEAD"
    with sqlite3.connect(bot.db) as conn:  # Arif reads English
        conn.execute(f"UPDATE alumni SET language = 'en' WHERE phone = '{ARIF[0]}'")
    linked = {phone: len(bot.fake.messages(phone)) for phone, _ in (EKA, ARIF)}
    # Only an English template is approved; their last message is a day old on the opening
    # morning: outside the 24-hour window.
    bot.fake.approve_template(TEMPLATE, "Hello {{1}}, {{2}}'s {{3}} is now open.")
    clock = ManualClock(next_morning(bot.opens_at + timedelta(days=1)))
    for _ in range(2):
        await sweep(bot, clock, {"survey_open:en": TEMPLATE})
        clock.advance(timedelta(minutes=30))
    message = bot.fake.last_message(ARIF[0])
    assert message.content_sid == TEMPLATE
    assert "Arif" in str(message.content_variables)
    assert "SMK Negeri 99 Contoh" in str(message.content_variables)
    assert len(bot.fake.messages(ARIF[0])) == linked[ARIF[0]] + 1
    # No Indonesian template: nothing goes to Eka, and the delivery says why (once).
    assert len(bot.fake.messages(EKA[0])) == linked[EKA[0]]
    assert bot.linked_deliveries("round, status, last_error") == [
        (0, "failed", "needs_template"),
        (0, "sent", None),
    ]

    # Arif answers once the survey is open: the questionnaire begins at its consent question.
    await asyncio.sleep(max(0.0, (bot.opens_at - datetime.now(UTC)).total_seconds()) + 0.2)
    consent = await bot.say(ARIF[0], "LANJUT")
    assert "agree" in consent, consent  # in his language
    assert bot.rows("SELECT survey_id FROM responses") == [(SMK_SURVEY,)]
    await bot.say(ARIF[0], "yes")
    assert bot.rows("SELECT survey_id, status FROM responses") == [(SMK_SURVEY, "started")]
