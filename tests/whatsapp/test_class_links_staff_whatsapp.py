"""TAUTAN typed on WhatsApp by staff (#17): the class's wa.me link (WhatsApp only: no Telegram
link) and who has not linked yet; then a student follows that link's text."""

from __future__ import annotations

import asyncio
import io
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.jejak_run import start_bot, stop_bot, whatsapp_settings
from fakes.twilio_api import FakeTwilio
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from storage import migrate
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

TEACHER = "+6281399990044"
DEMO_PHONE = "+6281260000001"  # the sample roster's phone of Eka Pratama, XII AKL 1
CLASS = "XII AKL 1"
WA_LINK = re.compile(r"https://wa\.me/(\d+)\?text=KELAS%20([A-Za-z0-9_-]{22})")


@pytest.fixture
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTwilio]:
    """The sample data, the homeroom teacher of XII AKL 1 linked by their WhatsApp number."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)
    twilio = FakeTwilio()
    await twilio.start()
    db = tmp_path / "jejak.db"
    settings = whatsapp_settings(twilio, db)
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    try:
        await sample.load(services, Console(file=io.StringIO()))
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            group = await repo.get_class_group(session, school.id, CLASS)
            assert group is not None
            now = datetime.now(UTC)
            member = await staff_repo.add_staff(
                session, "Bu Sri", StaffRole.HOMEROOM, [(school.id, group.id)], now
            )
            await staff_repo.link_person(session, member, "whatsapp", TEACHER, now)
    finally:
        await services.aclose()
    with sqlite3.connect(db) as conn:  # this year's final-year class
        conn.execute(
            "UPDATE alumni SET graduation_year = ? WHERE class_group_id = "
            "(SELECT id FROM class_groups WHERE name = ?)",
            (datetime.now(UTC).year + 1, CLASS),
        )
    stop, task = await start_bot(settings, scheduler=False)
    try:
        yield twilio
    finally:
        await stop_bot(stop, task)
        await twilio.stop()


async def say(twilio: FakeTwilio, phone: str, text: str) -> str:
    before = len(twilio.messages(phone))
    assert (await twilio.user_text(phone, text)).ok
    await twilio.wait_messages(phone, before + 1)
    await asyncio.sleep(0.05)
    return twilio.last_message(phone).text or ""


async def test_tautan_on_whatsapp_gives_the_wa_link_and_the_names(running: FakeTwilio) -> None:
    twilio = running
    reply = await say(twilio, TEACHER, "TAUTAN")
    assert "<b>" not in reply and "t.me" not in reply  # plain text; no Telegram configured
    (number, token), *others = WA_LINK.findall(reply)
    assert not others and number == twilio.sender_address.removeprefix("whatsapp:+")
    assert "0 dari" in reply and "Eka Pratama" in reply

    # A student sends the link's text from their own (roster) number and links.
    asked = await say(twilio, DEMO_PHONE, f"KELAS {token}")
    assert CLASS in asked
    assert "Boleh kami" in await say(twilio, DEMO_PHONE, "21-04-2007")

    again = await say(twilio, TEACHER, "tautan")
    assert "1 dari" in again and "Eka Pratama" not in again, again
