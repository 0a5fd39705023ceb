"""Grade XII on WhatsApp (#17): "KELAS <token>" from a class link's wa.me text, the identity
check, consent to be contacted after graduation, and the number confirmed as the student's own."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes.jejak_run import WhatsAppRun, whatsapp_run

from bot.cli import sample

DEMO_PHONE = "+6281260000001"  # the sample roster's phone of NISN 3074326411 (Eka Pratama)
DEMO_BIRTH = "21-04-2007"
STRANGER = "+6281399990000"  # a number the roster does not know
TOKEN = "KelasAkl1Token_abcdefg"
CLASS = "XII AKL 1"


Running = WhatsAppRun


@pytest.fixture
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """The sample data, its XII AKL 1 made this year's final-year class with a class link, and
    `jejak run` with only WhatsApp configured."""

    async def prepare(_services: object, db: Path) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE class_groups SET link_token = ? WHERE name = ?", (TOKEN, CLASS))
            conn.execute(
                "UPDATE alumni SET graduation_year = ? WHERE class_group_id = "
                "(SELECT id FROM class_groups WHERE name = ?)",
                (datetime.now(UTC).year + 1, CLASS),
            )

    async with whatsapp_run(tmp_path, monkeypatch, prepare) as run:
        yield run


def student(bot: Running) -> tuple[Any, ...]:
    return bot.rows(
        "SELECT phone, phone_confirmed_at IS NOT NULL, contact_consent_at IS NOT NULL "
        "FROM alumni WHERE nisn = ?",
        sample.DEMO_NISN,
    )[0]


async def test_the_number_writing_is_confirmed_as_the_students_own(running: Running) -> None:
    bot = running
    asked = await bot.say(DEMO_PHONE, f"KELAS {TOKEN}")
    assert CLASS in asked and "tanggal lahir" in asked, asked  # the roster knows this number
    consent = await bot.say(DEMO_PHONE, DEMO_BIRTH)
    assert "Boleh kami hubungi Anda" in consent and "YA atau TIDAK" in consent, consent
    assert bot.rows("SELECT count(*) FROM responses") == [(0,)]
    own = await bot.say(DEMO_PHONE, "ya")
    assert DEMO_PHONE in own and "milik Anda" in own, own
    assert student(bot) == (DEMO_PHONE, 0, 1)
    done = await bot.say(DEMO_PHONE, "ya")
    assert "setelah Anda lulus" in done, done
    assert student(bot) == (DEMO_PHONE, 1, 1)
    # Nothing is asked again; a survey opening later finds the chat linked.
    again = await bot.say(DEMO_PHONE, "halo")
    assert "sudah terhubung" in again, again
    assert bot.rows("SELECT channel, external_id FROM channel_identities") == [
        ("whatsapp", DEMO_PHONE)
    ]


async def test_a_borrowed_phone_gives_the_students_own_number(running: Running) -> None:
    bot = running
    asked = await bot.say(STRANGER, f"KELAS {TOKEN}")
    assert CLASS in asked and "NISN" in asked, asked
    await bot.say(STRANGER, sample.DEMO_NISN)
    confirm = await bot.say(STRANGER, DEMO_BIRTH)
    assert "E** P******" in confirm, confirm
    await bot.say(STRANGER, "ya")
    own = await bot.say(STRANGER, "ya")  # agrees to be contacted
    assert STRANGER in own, own
    other = await bot.say(STRANGER, "tidak")  # a parent's phone: not theirs
    assert "Ketik nomor WhatsApp Anda sendiri" in other, other
    assert "LEWATI" in await bot.say(STRANGER, "nomor saya belum ada")
    await bot.say(STRANGER, "0812-7777-8888")
    assert student(bot) == ("+6281277778888", 1, 1)


async def test_berhenti_ends_the_questions_without_consent(running: Running) -> None:
    bot = running
    await bot.say(DEMO_PHONE, f"KELAS {TOKEN}")
    await bot.say(DEMO_PHONE, DEMO_BIRTH)
    stopped = await bot.say(DEMO_PHONE, "berhenti")
    assert "tidak akan menghubungi" in stopped, stopped
    assert student(bot)[1:] == (0, 0)
    # Never written to first on this number (the roster's number, for the survey's invitation).
    assert bot.rows("SELECT channel, external_id FROM contact_opt_outs") == [
        ("whatsapp", DEMO_PHONE)
    ]
    # Writing again, they are asked again; agreeing lifts the stop.
    assert "Boleh kami hubungi Anda" in await bot.say(DEMO_PHONE, "halo")
    await bot.say(DEMO_PHONE, "ya")
    assert bot.rows("SELECT count(*) FROM contact_opt_outs") == [(0,)]
    assert student(bot)[2] == 1
