"""The yearly check-in on WhatsApp (#17), end to end: the `checkin` template through the real
twilio client to the fake Twilio, then GANTI and a new number typed back through signed webhooks.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from fakes.jejak_run import whatsapp_run
from fakes.twilio_api import FakeTwilio
from sqlalchemy import update

from bot.cli import sample
from bot.services import create_services
from bot.whatsapp.channel import STATUS_PATH
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from config.clock import utc_now
from config.settings import Settings
from scheduler.clock import ManualClock
from scheduler.service import Sweeper
from storage.models import Survey
from storage.roster import repository as repo

DEMO_PHONE = "+6281260000001"  # the sample roster's phone of NISN 3074326411 (Eka Pratama)
TEMPLATE = "HX" + "c" * 32


@pytest.fixture
async def bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FakeTwilio, Settings, Path]]:
    """`jejak run` with only WhatsApp on the sample data, its scheduler left to the test."""
    async with whatsapp_run(tmp_path, monkeypatch) as run:
        yield run.fake, run.settings, run.db


async def say(fake: FakeTwilio, text: str) -> str:
    before = len(fake.messages(DEMO_PHONE))
    delivery = await fake.user_text(DEMO_PHONE, text)
    assert delivery.ok
    await fake.wait_messages(DEMO_PHONE, before + 1)
    await asyncio.sleep(0.05)
    return fake.last_message(DEMO_PHONE).text or ""


async def test_the_check_in_template_then_ganti_and_a_new_number(
    bot: tuple[FakeTwilio, Settings, Path],
) -> None:
    fake, settings, db = bot
    # The last 09:00 WITA before now: in the sending hours, a moment the answers come after.
    now = utc_now()
    nine = now.replace(hour=1, minute=0, second=0, microsecond=0)
    clock = ManualClock(nine if nine <= now else nine - timedelta(days=1))
    fake.approve_template(
        TEMPLATE,
        "Halo {{1}}, {{2}} ingin tetap bisa menghubungi Anda. Masih nomor ini? "
        "Balas YA, GANTI (nomor baru), atau BERHENTI.",
    )
    services = await create_services(settings)
    settings = settings.model_copy(update={"twilio_templates": {"checkin": TEMPLATE}})
    client = WhatsAppClient(settings, status_callback=(settings.public_url or "") + STATUS_PATH)
    try:
        async with services.sessions() as session, session.begin():
            # Linked on WhatsApp over a year ago, silent since; the surveys have closed.
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            alumnus = await repo.get_alumnus(session, school.id, sample.DEMO_NISN)
            assert alumnus is not None
            long_ago = clock.now() - timedelta(days=400)
            await repo.link_identity(session, alumnus.id, "whatsapp", DEMO_PHONE, long_ago)
            await session.execute(update(Survey).values(closes_at=clock.now() - timedelta(days=1)))
        sweeper = Sweeper(
            services.sessions,
            {"whatsapp": TwilioSender(client, settings)},
            clock,
            checkin_months=settings.checkin_months,
        )
        assert (await sweeper.sweep()).checkins_planned == 1
        await sweeper.sweep()  # planned once, sent once
    finally:
        await client.aclose()
        await services.aclose()
    [asked] = fake.messages(DEMO_PHONE)
    assert asked.content_sid == TEMPLATE  # the 24-hour window had closed: the template
    assert asked.content_variables == {"1": "Eka", "2": "SMK Negeri 99 Contoh"}
    assert "Halo Eka" in (asked.text or "")

    assert "nomor WhatsApp Anda yang baru" in await say(fake, "GANTI")
    wrong = await say(fake, "0812 34")
    assert "kurang angka" in wrong and "YA" in wrong
    saved = await say(fake, "0813-1111-2222")
    assert "+6281311112222" in saved
    with sqlite3.connect(db) as conn:
        [(phone, changed, confirmed)] = conn.execute(
            "SELECT phone, phone_changed_at, phone_confirmed_at FROM alumni "
            f"WHERE nisn = '{sample.DEMO_NISN}'"
        ).fetchall()
    assert phone == "+6281311112222" and changed and confirmed
    # Answered: what they write next goes its usual way (no survey is open now).
    assert "nomor" not in (await say(fake, "ya")).lower()
