"""TAUTAN typed on WhatsApp by staff (#17): the class's wa.me link (WhatsApp only: no Telegram
link) and who has not linked yet; then a student follows that link's text."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.jejak_run import whatsapp_run
from fakes.twilio_api import FakeTwilio

from bot.cli import sample
from bot.services import Services
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

    async def prepare(services: Services, db: Path) -> None:
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
        with sqlite3.connect(db) as conn:  # this year's final-year class
            conn.execute(
                "UPDATE alumni SET graduation_year = ? WHERE class_group_id = "
                "(SELECT id FROM class_groups WHERE name = ?)",
                (datetime.now(UTC).year + 1, CLASS),
            )

    async with whatsapp_run(tmp_path, monkeypatch, prepare) as run:
        yield run.fake


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
