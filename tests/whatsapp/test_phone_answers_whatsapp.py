"""Answers given by phone (#17) from a homeroom teacher's WhatsApp number, through the fake Twilio.

The same answering mode as on Telegram: TELEPON NISN, then YA; every message is the alumnus's
answer, as a numbered list; the response ends completed with source "phone" and the teacher's
name, and SELESAI / BATAL (typed without "/", as WhatsApp users do) end the mode.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes.jejak_run import whatsapp_run
from fakes.twilio_api import FakeTwilio
from walkers import typed_answer

from bot.cli import sample
from bot.services import Services
from config.loader import parse_questionnaire
from config.settings import Settings
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

TEACHER_PHONE = "+6281399990101"
TEACHER_NAME = "Pak Budi"
ARIF = "0077540466"  # XII AKL 1
PUTRI = "0075783669"  # XII AKL 1
DIMAS = "0066568398"  # XII TKJ 1


class Running:
    def __init__(self, fake: FakeTwilio, db: Path, settings: Settings) -> None:
        self.fake, self.db, self.settings = fake, db, settings

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    async def say(self, text: str, replies: int = 1) -> str:
        """The teacher sends a message; every message the bot sent back (at least `replies`),
        joined."""
        before = len(self.fake.messages(TEACHER_PHONE))
        delivery = await self.fake.user_text(TEACHER_PHONE, text)
        assert delivery.ok, delivery
        await self.fake.wait_messages(TEACHER_PHONE, before + replies)
        await asyncio.sleep(0.3)  # the desk's note and the question may come one after another
        return "\n---\n".join(m.text or "" for m in self.fake.messages(TEACHER_PHONE)[before:])

    def response(self, nisn: str) -> tuple[str, str, str | None] | None:
        rows = self.rows(
            "SELECT r.status, r.source, r.recorded_by FROM responses r "
            f"JOIN alumni a ON r.alumnus_id = a.id WHERE a.nisn = '{nisn}'"
        )
        return rows[0] if rows else None

    def question_at(self, nisn: str):
        position, source = self.rows(
            "SELECT r.position, v.source FROM responses r JOIN alumni a ON r.alumnus_id = a.id "
            "JOIN questionnaire_versions v ON r.questionnaire_version_id = v.id "
            f"WHERE a.nisn = '{nisn}'"
        )[0]
        return parse_questionnaire(source, "q.yaml").question(position) if position else None


@pytest.fixture
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """The sample data, a homeroom teacher of XII AKL 1 on WhatsApp, and `jejak run`."""

    async def prepare(services: Services, _db: Path) -> None:
        now = datetime.now(UTC)
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            group = await repo.get_class_group(session, school.id, "XII AKL 1")
            assert group is not None
            member = await staff_repo.add_staff(
                session, TEACHER_NAME, StaffRole.HOMEROOM, [(school.id, group.id)], now
            )
            await staff_repo.link_person(session, member, "whatsapp", TEACHER_PHONE, now)

    async with whatsapp_run(tmp_path, monkeypatch, prepare) as run:
        yield Running(run.fake, run.db, run.settings)


async def test_a_teacher_on_whatsapp_records_answers_given_by_phone(running: Running) -> None:
    bot = running
    missing = await bot.say("BELUM")
    assert "Arif Pakpahan" in missing and "/telepon" in missing
    refused = await bot.say(f"TELEPON {DIMAS} YA")  # another class
    assert "Tidak ada alumni" in refused and bot.response(DIMAS) is None

    confirm = await bot.say(f"telepon {ARIF}")
    assert "atas nama *Arif Pakpahan*" in confirm and f"TELEPON {ARIF} YA" in confirm
    started = await bot.say(f"TELEPON {ARIF} YA", replies=2)
    assert "Mulai" in started and "setuju" in started.lower()  # the note, then the consent

    # "Belum" is an answer here, not /belum: on WhatsApp only SELESAI and BATAL leave.
    reply = await bot.say("ya")
    for _ in range(120):
        if (bot.response(ARIF) or ("",))[0] == "completed":
            break
        if "KIRIM" in reply:
            reply = await bot.say("kirim")
            continue
        if "— benar?" in reply:  # what the roster holds, offered to confirm
            reply = await bot.say("1")
            continue
        question = bot.question_at(ARIF)
        assert question is not None, bot.fake.format_transcript(TEACHER_PHONE)
        other = "Sebutkan" in reply
        reply = await bot.say("Lainnya" if other else typed_answer(question, {"nisn": ARIF}))
    assert bot.response(ARIF) == ("completed", "phone", TEACHER_NAME)
    assert "tersimpan sebagai jawaban lewat telepon" in reply
    assert "<b>" not in reply  # plain text: WhatsApp has no HTML
    assert bot.rows("SELECT answering_alumnus_id FROM staff_chats") == [(None,)]
    assert "Arif Pakpahan" not in await bot.say("BELUM")

    # BATAL, typed without "/", keeps what was answered.
    await bot.say(f"TELEPON {PUTRI} YA", replies=2)
    await bot.say("ya")
    first = bot.question_at(PUTRI)
    assert first is not None
    await bot.say(typed_answer(first, {"nisn": PUTRI}))
    cancelled = await bot.say("BATAL")
    assert "Dihentikan" in cancelled
    assert bot.response(PUTRI) == ("started", "phone", TEACHER_NAME)
    assert bot.rows("SELECT answering_alumnus_id FROM staff_chats") == [(None,)]
    assert "Putri Maharani" in await bot.say("BELUM")
