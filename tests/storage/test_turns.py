"""The hot path's storage (storage/surveys/turns.py): rows always equal the state; a busy SQLite
waits.

`store_step` writes only the answers a step changed, trusting that the rows equal the previous
state's answers. These tests hold it to that through random walks over a questionnaire with
skip logic (going back, editing, skipping, changing answers that hide later questions), and check
that a SQLite file locked by another writer delays a turn without stalling the event loop.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from walkers import typed_answer

from bot.alumni.runner import ConversationRunner
from config.loader import read_questionnaire
from config.templates import find_questionnaire
from conversations import engine
from conversations.events import QuestionAsked
from conversations.inputs import TextReply
from storage import migrate
from storage.database import create_engine, session_factory
from storage.models import AnswerRow, ProcessedMessage, Response
from storage.roster import repository as repo
from storage.surveys.turns import STEP_COLUMNS, response_values

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
# What a restless alumnus types: choices by number, commands, free text, nonsense.
WORDS = ["1", "2", "3", "4", "5", "kembali", "ubah", "lewati", "lanjut", "ya", "tidak", "kirim",
         "Bandung", "2 juta", "12", "hapusdata", "???"]  # fmt: skip


async def smk_respondent(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    _questionnaire, source = read_questionnaire(find_questionnaire("smk"))
    async with sessions() as session, session.begin():
        school = await repo.upsert_institution(
            session, code="99999902", name="SMK Acak", kind="smk", timezone="Asia/Jakarta"
        )
        alumnus = await repo.add_alumnus(
            session, institution_id=school.id, nisn="0071234568", name="Budi Santoso",
            graduation_year=2025, birth_date=date(2007, 3, 4), now=NOW,
        )  # fmt: skip
        version = await repo.ensure_version(session, "smk", "1", source)
        survey = await repo.create_survey(
            session, institution_id=school.id, questionnaire_version=version, name="Acak",
            graduation_year=2025, opens_at=datetime(2026, 1, 1, tzinfo=UTC),
        )  # fmt: skip
        return survey.id, alumnus.id


async def sqlite_file_respondent(
    path: Path,
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession], tuple[int, int]]:
    """A migrated SQLite file (where the runner takes its direct path) and one smk respondent."""
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    return engine, sessions, await smk_respondent(sessions)


async def rows(sessions: async_sessionmaker[AsyncSession]) -> dict[str, object]:
    async with sessions() as session:
        return {
            r.question_code: (r.value, r.raw_text, r.other_text)
            for r in await session.scalars(select(AnswerRow))
        }


@pytest.mark.parametrize("seed", range(4))
async def test_answer_rows_always_equal_the_state(sessions, seed: int) -> None:
    survey_id, alumnus_id = await smk_respondent(sessions)
    runner = ConversationRunner(sessions)
    pick = random.Random(seed)
    turn = await runner.open(survey_id, alumnus_id, NOW)
    changed_rows = 0
    try:
        for index in range(60):
            asked = [e for e in turn.events if isinstance(e, QuestionAsked)]
            # Mostly a valid answer to what was asked, often something else.
            if index == 0:
                text = "ya"  # consent: the walk is about answers
            elif asked and pick.random() < 0.6:
                text = typed_answer(asked[-1].question)
            else:
                text = pick.choice(WORDS)
            turn = await runner.reply(
                survey_id, alumnus_id, TextReply(text), NOW, ("telegram", f"{seed}-{index}")
            )
            wanted = {
                code: (a.value, a.raw, a.other_text) for code, a in turn.state.answers.items()
            }
            stored = await rows(sessions)
            assert stored == wanted, f"after {text!r} (step {index})"
            changed_rows += bool(stored)
    finally:
        runner.close()
    assert changed_rows, "the walk never stored an answer: it tested nothing"


async def test_a_locked_sqlite_file_delays_the_turn_without_stalling_the_loop(
    tmp_path: Path,
) -> None:
    path = tmp_path / "jejak.db"  # SQLite's single writer: no PostgreSQL variant
    engine, sessions, (survey_id, alumnus_id) = await sqlite_file_respondent(path)
    runner = ConversationRunner(sessions)
    other = sqlite3.connect(path, isolation_level=None)  # another program writing
    try:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        turn = asyncio.create_task(runner.open(survey_id, alumnus_id, NOW))
        loop = asyncio.get_running_loop()
        gaps, last = [], loop.time()
        for _ in range(30):  # the loop keeps running while the turn waits for the lock
            await asyncio.sleep(0.01)
            gaps.append(loop.time() - last)
            last = loop.time()
        assert not turn.done(), "the turn went ahead while another writer held the lock"
        assert max(gaps) < 0.2, f"the event loop stalled for {max(gaps):.2f} s"
        other.execute("COMMIT")
        opened = await asyncio.wait_for(turn, 5)
        assert opened.events, "the turn ran once the lock was free"
    finally:
        other.close()
        runner.close()
        await engine.dispose()


async def test_statements_on_the_cursor_write_what_sqlalchemy_writes(tmp_path: Path) -> None:
    """The direct SQLite path runs four statements on the driver's cursor (turns.OnCursor).

    Its rows must be the rows SQLAlchemy writes: same timestamp text in the file, read back as
    the same aware UTC datetimes, NULLs as NULL, and the locked row's values converted back.
    """
    path = tmp_path / "jejak.db"  # the cursor path exists only on a SQLite file
    engine, sessions, (survey_id, alumnus_id) = await sqlite_file_respondent(path)
    runner = ConversationRunner(sessions)
    later = NOW.replace(microsecond=123456)
    try:
        await runner.open(survey_id, alumnus_id, NOW)  # created by SQLAlchemy (invited_at = NOW)
        await runner.reply(survey_id, alumnus_id, TextReply("ya"), NOW, ("telegram", "1"))
        turn = await runner.reply(
            survey_id, alumnus_id, TextReply("Budi Santoso"), later, ("telegram", "2")
        )
        again = await runner.reply(
            survey_id, alumnus_id, TextReply("Budi Santoso"), later, ("telegram", "2")
        )
    finally:
        runner.close()
    assert turn.state.answers and again.duplicate, "an answer stored, the redelivery refused"
    async with sessions() as session:
        response = await session.scalar(select(Response))
        [answer] = await session.scalars(select(AnswerRow))
        claimed = sorted(await session.scalars(select(ProcessedMessage.processed_at)))
    await engine.dispose()
    assert response is not None
    assert (response.started_at, response.updated_at, response.completed_at) == (NOW, later, None)
    assert response.updated_at.tzinfo is not None and response.status == "started"
    assert (answer.value, answer.raw_text, answer.answered_at) == (
        "Budi Santoso",
        "Budi Santoso",
        later,
    )
    assert claimed == [NOW, later]
    with sqlite3.connect(path) as raw:  # the text in the file: Core's invited_at vs the cursor's
        invited, started = raw.execute("SELECT invited_at, started_at FROM responses").fetchone()
    assert invited == started, "the cursor path formats a timestamp as SQLAlchemy does"


def test_the_stored_columns_are_the_ones_a_step_produces() -> None:
    """`OnCursor` for the response row is compiled for STEP_COLUMNS: keep the list whole."""
    questionnaire, _source = read_questionnaire(find_questionnaire("smk"))
    opened = engine.start(questionnaire, NOW).state
    step = engine.resume(questionnaire, opened, TextReply("ya"), NOW)
    assert set(response_values(step, None, None, NOW)) == set(STEP_COLUMNS)
