"""The conversation runner on SQLite and PostgreSQL: committed turns, idempotence, serialisation."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.alumni.runner import (
    BUSY_RETRIES,
    ConversationRunner,
    Inbound,
    Outbound,
    retry_busy,
    version_tag,
)
from config.loader import parse_questionnaire
from conversations.events import AnswerRecorded, ConsentRequested, Notice, QuestionAsked
from conversations.inputs import BUTTON_CONSENT_YES, ButtonPress, TextReply
from conversations.state import Phase
from storage.database import create_engine, session_factory
from storage.models import AnswerRow, ProcessedMessage, Response
from storage.roster import repository as repo
from storage.surveys import turns

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SOURCE = """
id: uji
version: "1"
title: {id: Uji, en: Test}
languages: [id, en]
consent: {id: "Boleh?", en: "May we?"}
sections:
  - id: s
    title: {id: Bagian, en: Part}
    questions:
      - code: kota
        type: text
        label: {id: "Kota?", en: "City?"}
      - code: kerja
        type: text
        label: {id: "Kerja di mana?", en: "Where do you work?"}
      - code: gaji
        type: money
        label: {id: "Gaji?", en: "Pay?"}
"""


@pytest.fixture
async def respondent(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """(survey id, alumnus id) of one alumnus in an open survey of the questionnaire above."""
    parse_questionnaire(SOURCE, "uji.yaml")  # the fixture itself must be a valid questionnaire
    async with sessions() as session, session.begin():
        school = await repo.upsert_institution(
            session, code="99999901", name="SMK Uji", kind="smk", timezone="Asia/Makassar"
        )
        alumnus = await repo.add_alumnus(
            session, institution_id=school.id, nisn="0071234567", name="Ayu Lestari",
            graduation_year=2025, birth_date=date(2007, 1, 2), now=NOW,
        )  # fmt: skip
        version = await repo.ensure_version(session, "uji", "1", SOURCE)
        survey = await repo.create_survey(
            session, institution_id=school.id, questionnaire_version=version, name="Uji",
            graduation_year=2025, opens_at=datetime(2026, 1, 1, tzinfo=UTC),
        )  # fmt: skip
        return survey.id, alumnus.id


@pytest.fixture
async def second_engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    """Another process's connection pool on the same database."""
    engine = create_engine(migrated_url)
    yield engine
    await engine.dispose()


async def stored_answers(sessions: async_sessionmaker[AsyncSession]) -> dict[str, object]:
    async with sessions() as session:
        return {r.question_code: r.value for r in await session.scalars(select(AnswerRow))}


async def test_every_answer_is_committed_and_a_new_process_resumes(
    sessions, second_engine, respondent
) -> None:
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    opened = await runner.open(survey_id, alumnus_id, NOW)
    assert isinstance(opened.events[0], ConsentRequested)
    await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    turn = await runner.reply(survey_id, alumnus_id, TextReply("Ambon"), NOW)
    assert any(isinstance(e, AnswerRecorded) and e.code == "kota" for e in turn.events)
    assert await stored_answers(sessions) == {"kota": "Ambon"}

    # A fresh runner on its own pool (as after a restart) continues at the next question.
    again = await ConversationRunner(session_factory(second_engine)).open(
        survey_id, alumnus_id, NOW
    )
    asked = [e for e in again.events if isinstance(e, QuestionAsked)]
    assert [e.question.code for e in asked] == ["kerja"]
    async with sessions() as session:
        response = await session.scalar(select(Response))
    assert (response.status, response.position) == ("started", "kerja")


async def test_a_redelivered_message_changes_nothing(sessions, respondent) -> None:
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW, ("telegram", "1"))
    first = await runner.reply(survey_id, alumnus_id, TextReply("Ambon"), NOW, ("telegram", "2"))
    again = await runner.reply(survey_id, alumnus_id, TextReply("Ambon"), NOW, ("telegram", "2"))
    assert not first.duplicate and first.events
    assert again.duplicate and again.events == ()
    assert again.state.current == "kerja"  # not moved on a second time
    assert await stored_answers(sessions) == {"kota": "Ambon"}


async def test_a_message_claimed_on_its_own_path_is_claimed_once(sessions, respondent) -> None:
    """Identity, staff or opt-out messages claim their id before anything else; the same id
    never claims twice, and a turn carrying it is a duplicate."""
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    first, again = Inbound("whatsapp", "SM1"), Inbound("whatsapp", "SM1")
    assert await runner.claim(first, NOW) and first.claimed and first.for_turn() is None
    assert await runner.claim(first, NOW)  # the same handling, tried again: goes ahead
    assert not await runner.claim(again, NOW) and not again.claimed
    turn = await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW, again.for_turn())
    assert turn.duplicate


async def test_a_reply_is_stored_with_its_turn_and_forgotten_once_sent(
    sessions, respondent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reply is written in the turn's commit: a failed turn stores none, a stored one is
    handed out until it is reported sent."""
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    outbound = Outbound("telegram", "42", lambda turn: f"{len(turn.events)} events")
    turn = await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW, None, outbound)
    assert turn.reply_id is not None
    later = NOW + timedelta(seconds=1)
    assert await runner.unsent(later) == [(turn.reply_id, "telegram", "42", "2 events")]
    assert await runner.unsent(NOW) == []  # younger ones may be on their way

    def crash(*args: object, **kwargs: object) -> None:
        raise ConnectionError("power cut")

    monkeypatch.setattr(turns, "store_step", crash)
    with pytest.raises(ConnectionError):
        await runner.reply(survey_id, alumnus_id, TextReply("Ambon"), NOW, None, outbound)
    monkeypatch.undo()
    assert len(await runner.unsent(later)) == 1  # nothing of the failed turn
    runner.sent(turn.reply_id)
    await runner.forget_sent()
    assert await runner.unsent(later) == []
    runner.close()


async def test_only_a_busy_database_is_tried_again() -> None:
    """Locked by another writer: tried again; anything else (a full disk) fails at once."""
    tries: list[str] = []

    async def work(message: str) -> str:
        tries.append(message)
        raise sqlite3.OperationalError(message)

    with pytest.raises(sqlite3.OperationalError):
        await retry_busy(lambda: work("database is locked"), "test")
    assert len(tries) == len(BUSY_RETRIES) + 1
    tries.clear()
    with pytest.raises(sqlite3.OperationalError):
        await retry_busy(lambda: work("database or disk is full"), "test")
    assert len(tries) == 1


async def test_fast_replies_of_one_alumnus_never_race(sessions, second_engine, respondent) -> None:
    survey_id, alumnus_id = respondent
    here = ConversationRunner(sessions)
    there = ConversationRunner(session_factory(second_engine))  # a second process
    await here.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    # Replies any of the three questions accepts (text or money), arriving at once: whatever
    # order they are applied in, each must see the state the previous one left.
    await asyncio.gather(
        here.reply(survey_id, alumnus_id, TextReply("3 juta"), NOW, ("wa", "a")),
        here.reply(survey_id, alumnus_id, TextReply("4 juta"), NOW, ("wa", "b")),
        there.reply(survey_id, alumnus_id, TextReply("5 juta"), NOW, ("wa", "c")),
    )
    # Three questions, three answers: none was lost to a concurrent overwrite.
    answers = await stored_answers(sessions)
    assert set(answers) == {"kota", "kerja", "gaji"}
    async with sessions() as session:
        response = await session.scalar(select(Response))
    assert response.status == "started"
    assert repo.load_state(response).phase is Phase.REVIEW


async def test_a_crash_before_commit_loses_only_the_unacknowledged_reply(
    sessions, respondent, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW, ("wa", "1"))
    await runner.reply(survey_id, alumnus_id, TextReply("Ambon"), NOW, ("wa", "2"))

    def crash(*args: object, **kwargs: object) -> None:
        raise ConnectionError("power cut")

    monkeypatch.setattr(turns, "store_step", crash)
    with pytest.raises(ConnectionError):
        await runner.reply(survey_id, alumnus_id, TextReply("Toko Maju"), NOW, ("wa", "3"))
    monkeypatch.undo()

    assert await stored_answers(sessions) == {"kota": "Ambon"}  # the acknowledged answer stays
    # The lost reply was never claimed, so its redelivery is processed normally.
    retried = await runner.reply(survey_id, alumnus_id, TextReply("Toko Maju"), NOW, ("wa", "3"))
    assert not retried.duplicate
    assert await stored_answers(sessions) == {"kota": "Ambon", "kerja": "Toko Maju"}
    async with sessions() as session:
        claimed = await session.scalar(select(func.count()).select_from(ProcessedMessage))
    assert claimed == 3


async def test_hapusdata_erases_answers_and_stops_reminders(sessions, respondent) -> None:
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    for text in ("ya", "Ambon", "Toko Maju", "3 juta", "kirim"):
        await runner.reply(survey_id, alumnus_id, TextReply(text), NOW)
    asking = await runner.reply(survey_id, alumnus_id, TextReply("HAPUSDATA"), NOW)
    async with sessions() as session:
        response = await session.scalar(select(Response))
    assert asking.state.phase is Phase.CONFIRM_DELETE
    assert response.status == "completed"  # nothing changes until they confirm
    assert len(await stored_answers(sessions)) == 3

    await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW)
    async with sessions() as session:
        response = await session.scalar(select(Response))
    assert await stored_answers(sessions) == {}
    assert (response.status, response.started_at, response.completed_at) == (
        "opted_out",
        None,
        None,
    )
    assert "Ambon" not in response.state and "Toko" not in response.state


async def test_buttons_carry_a_version_tag_and_old_ones_are_never_applied(
    sessions, respondent
) -> None:
    survey_id, alumnus_id = respondent
    runner = ConversationRunner(sessions)
    await runner.open(survey_id, alumnus_id, NOW)
    old = ButtonPress(question="", value=BUTTON_CONSENT_YES, version=version_tag("0-old"))
    refused = await runner.reply(survey_id, alumnus_id, old, NOW)
    assert [e.key for e in refused.events if isinstance(e, Notice)] == ["stale_button"]
    assert refused.state.phase is Phase.CONSENT
    current = ButtonPress(question="", value=BUTTON_CONSENT_YES, version=version_tag("1"))
    accepted = await runner.reply(survey_id, alumnus_id, current, NOW)
    assert accepted.state.phase is Phase.QUESTION and accepted.state.current == "kota"
