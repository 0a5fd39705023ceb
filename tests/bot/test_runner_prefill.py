"""Issue #12: the runner offers what the roster holds, read once when a session starts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alumni.runner import ConversationRunner
from config.loader import parse_questionnaire
from conversations.events import AnswerConfirmationAsked, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import PREFILL_FIELDS
from storage.models import Alumnus, AnswerRow, ClassGroup, Response
from storage.roster import known
from storage.roster import repository as repo

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SOURCE = """
id: kenal
version: "1"
title: {id: Uji, en: Test}
languages: [id, en]
consent: {id: "Boleh?", en: "May we?"}
sections:
  - id: s
    title: {id: Bagian, en: Part}
    questions:
      - code: nama
        type: text
        prefill: name
        label: {id: "Nama?", en: "Name?"}
      - code: kelas
        type: text
        prefill: class
        label: {id: "Kelas?", en: "Class?"}
      - code: lahir
        type: date
        prefill: birth_date
        label: {id: "Tanggal lahir?", en: "Born?"}
      - code: hp
        type: phone
        prefill: phone
        label: {id: "Nomor HP?", en: "Phone?"}
"""


@pytest.fixture
async def respondent(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """(survey id, alumnus id): an alumnus with a class and a birth date but no phone."""
    async with sessions() as session, session.begin():
        school = await repo.upsert_institution(
            session, code="99999902", name="SMK Uji", kind="smk", timezone="Asia/Makassar"
        )
        group = await repo.ensure_class_group(session, school.id, "XII AKL 1", now=NOW)
        alumnus = await repo.add_alumnus(
            session, institution_id=school.id, nisn="0071234567", name="Ayu Lestari",
            graduation_year=2025, birth_date=date(2007, 1, 2), class_group_id=group.id,
            programme="Akuntansi", now=NOW,
        )  # fmt: skip
        version = await repo.ensure_version(session, "kenal", "1", SOURCE)
        survey = await repo.create_survey(
            session, institution_id=school.id, questionnaire_version=version, name="Uji",
            graduation_year=2025, opens_at=datetime(2026, 1, 1, tzinfo=UTC),
        )  # fmt: skip
        return survey.id, alumnus.id


def offered(events: tuple[object, ...]) -> list[tuple[str, object]]:
    return [(e.code, e.value) for e in events if isinstance(e, AnswerConfirmationAsked)]


async def test_roster_values_are_offered_and_read_only_when_the_session_starts(
    sessions, respondent
) -> None:
    survey_id, alumnus_id = respondent
    parse_questionnaire(SOURCE, "kenal.yaml")  # the fixture itself must be a valid questionnaire
    runner = ConversationRunner(sessions)
    await runner.open(survey_id, alumnus_id, NOW)
    async with sessions() as session:
        response = await session.scalar(select(Response))
        assert response is not None and response.state is not None
        state = json.loads(response.state)
    # Only what the questionnaire prefills is kept (no NISN, programme; no phone on the roster).
    assert state["known"] == {
        "name": "Ayu Lestari",
        "class": "XII AKL 1",
        "birth_date": "2007-01-02",
    }

    turn = await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    assert offered(turn.events) == [("nama", "Ayu Lestari")]

    # The roster changes mid-session: ordinary turns never read it again.
    async with sessions() as session, session.begin():
        await session.execute(update(Alumnus).values(name="Ayu L.", birth_date=date(2007, 5, 5)))
        await session.execute(update(ClassGroup).values(name="XII AKL 2"))
    turn = await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    assert offered(turn.events) == [("kelas", "XII AKL 1")]
    turn = await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    assert offered(turn.events) == [("lahir", "2007-01-02")]
    turn = await runner.reply(survey_id, alumnus_id, TextReply("tidak"), NOW)
    assert [e.question.code for e in turn.events if isinstance(e, QuestionAsked)] == ["lahir"]
    turn = await runner.reply(survey_id, alumnus_id, TextReply("2 Januari 2007"), NOW)
    # No phone on the roster: the question is asked.
    assert [e.question.code for e in turn.events if isinstance(e, QuestionAsked)] == ["hp"]
    async with sessions() as session:
        rows = {
            r.question_code: (r.value, r.raw_text) for r in await session.scalars(select(AnswerRow))
        }
    assert rows == {
        "nama": ("Ayu Lestari", "Ayu Lestari"),
        "kelas": ("XII AKL 1", "XII AKL 1"),
        "lahir": ("2007-01-02", "2 Januari 2007"),
    }


def test_storage_reads_every_field_a_questionnaire_may_prefill() -> None:
    assert set(known._COLUMNS) == set(PREFILL_FIELDS)
