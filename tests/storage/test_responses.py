"""Responses: create and lock, save steps, answer rows, message idempotence, versions, erasure.

A step is written through the one path a turn takes (storage/surveys/turns.py), here from an
AsyncSession (tests/stored_turns.py); reading goes through storage/surveys/responses.py.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import claim, lock, save_step, store

from conversations.state import Answer, ConversationState, Phase, Step
from storage.models import Alumnus, AnswerRow, ProcessedMessage, Response, Survey
from storage.roster import repository as repo
from storage.surveys.turns import LockedResponse

Sessions = async_sessionmaker[AsyncSession]
EDITED = "id: tracer_smk\nversion: '2'\nquestions: [edited]\n"


def _step(phase: Phase, now: datetime, **answers: object) -> Step:
    state = ConversationState(
        questionnaire_id="tracer_smk",
        version="1",
        language="id",
        phase=phase,
        current="q_next" if phase is Phase.QUESTION else None,
        answers={
            code: Answer(value=value, raw=str(value), answered_at=now)
            for code, value in answers.items()
        },
        started_at=now,
        updated_at=now,
    )
    return Step(state, ())


async def _save(
    sessions: Sessions, survey: Survey, alumnus: Alumnus, step: Step, now: datetime
) -> LockedResponse:
    return await save_step(sessions, survey.id, alumnus.id, step, now)


async def _answers(sessions: Sessions, response_id: int) -> dict[str, object]:
    async with sessions() as session:
        rows = await repo.answers_of(session, response_id)
    return {row.question_code: row.value for row in rows}


async def test_response_is_created_invited_on_the_current_version(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    async with sessions() as session, session.begin():
        locked = await lock(session, survey.id, alumni[0].id, now)
        again = await lock(session, survey.id, alumni[0].id, now)
    assert again == locked
    assert locked.questionnaire_version_id == survey.questionnaire_version_id
    assert locked.language == "id" and locked.conversation_state() is None
    async with sessions() as session:
        response = await repo.get_response(session, survey.id, alumni[0].id)
    assert response is not None and response.id == locked.id
    assert response.status == "invited"
    assert response.invited_at == now and response.started_at is None
    assert repo.load_state(response) is None


async def test_unknown_survey_or_alumnus(sessions: Sessions, alumni: list[Alumnus]) -> None:
    async with sessions() as session:
        with pytest.raises(LookupError):
            await lock(session, 999, alumni[0].id, datetime.now().astimezone())


async def test_save_step_stores_state_status_position_and_answers(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    later = now + timedelta(minutes=3)
    step = _step(Phase.QUESTION, now, status="working", income=4_500_000, skills=["a", "b"])
    response = await _save(sessions, survey, alumni[0], step, later)
    async with sessions() as session:
        stored = await repo.get_response(session, survey.id, alumni[0].id)
    assert stored is not None
    assert (stored.status, stored.position, stored.started_at, stored.updated_at) == (
        "started",
        "q_next",
        now,
        later,
    )
    assert repo.load_state(stored) == step.state
    assert await _answers(sessions, response.id) == {
        "status": "working",
        "income": 4_500_000,
        "skills": ["a", "b"],
    }


async def test_answer_rows_follow_the_state(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    first = _step(Phase.QUESTION, now, a="1", b="2", c="3")
    response = await _save(sessions, survey, alumni[0], first, now)
    # "b" dropped (routing changed), "a" changed, "d" new, "c" untouched.
    second = _step(Phase.REVIEW, now, a="9", c="3", d=None)
    await _save(sessions, survey, alumni[0], second, now + timedelta(minutes=1))
    assert await _answers(sessions, response.id) == {"a": "9", "c": "3", "d": None}
    async with sessions() as session:
        rows = await repo.answers_of(session, response.id)
    assert [r.raw_text for r in rows] == ["9", "3", "None"]


@pytest.mark.parametrize(
    ("phase", "status"),
    [
        (Phase.CONSENT, "invited"),
        (Phase.QUESTION, "started"),
        (Phase.REVIEW, "started"),
        (Phase.CONFIRM_RESTART, "started"),
        (Phase.COMPLETED, "completed"),
        (Phase.DECLINED, "declined"),
        (Phase.STOPPED, "opted_out"),
    ],
)
async def test_status_follows_the_phase(
    sessions: Sessions,
    survey: Survey,
    alumni: list[Alumnus],
    now: datetime,
    phase: Phase,
    status: str,
) -> None:
    await _save(sessions, survey, alumni[0], _step(phase, now), now)
    async with sessions() as session:
        stored = await repo.get_response(session, survey.id, alumni[0].id)
    assert stored is not None and stored.status == status
    assert (stored.completed_at is not None) == (phase is Phase.COMPLETED)
    assert (stored.started_at is not None) == (status in ("started", "completed"))


async def test_claim_message_is_idempotent(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    async def handle(message_id: str, step: Step) -> bool:
        """The runner's shape: claim, lock, and save only a message never seen."""
        async with sessions() as session, session.begin():
            fresh = await claim(session, "telegram", message_id, now)
            locked = await lock(session, survey.id, alumni[0].id, now)
            if fresh:
                await store(session, locked, step, now)
        return fresh

    assert await handle("m-1", _step(Phase.QUESTION, now, a="first")) is True
    assert await handle("m-1", _step(Phase.QUESTION, now, a="second")) is False
    async with sessions() as session:
        stored = await repo.get_response(session, survey.id, alumni[0].id)
        count = await session.scalar(select(func.count()).select_from(ProcessedMessage))
    assert stored is not None
    state = repo.load_state(stored)
    assert state is not None and state.answers["a"].value == "first"
    assert await _answers(sessions, stored.id) == {"a": "first"}
    assert count == 1
    async with sessions() as session, session.begin():  # same id on another channel is new
        assert await claim(session, "whatsapp", "m-1", now) is True
        assert await repo.claim_message(session, "whatsapp", "m-1", now) is False  # one table


async def test_a_rolled_back_claim_is_forgotten(sessions: Sessions, now: datetime) -> None:
    async with sessions() as session:  # autobegin, then roll back
        assert await repo.claim_message(session, "telegram", "m-9", now) is True
        await session.rollback()
    async with sessions() as session, session.begin():
        assert await repo.claim_message(session, "telegram", "m-9", now) is True
        assert await repo.claim_message(session, "telegram", "m-9", now) is False
    async with sessions() as session, session.begin():
        assert await repo.prune_processed_messages(session, now + timedelta(days=1)) == 1


async def test_a_second_writer_waits_for_the_lock(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    await _save(sessions, survey, alumni[0], _step(Phase.CONSENT, now), now)  # row exists
    holding = asyncio.Event()
    order: list[str] = []

    async def first() -> None:
        async with sessions() as session, session.begin():
            locked = await lock(session, survey.id, alumni[0].id, now)
            holding.set()
            await asyncio.sleep(0.5)  # the second task tries meanwhile
            await store(session, locked, _step(Phase.QUESTION, now, a="1"), now)
            order.append("first committed")

    async def second() -> None:
        await holding.wait()
        async with sessions() as session, session.begin():
            locked = await lock(session, survey.id, alumni[0].id, now)
            order.append("second locked")
            state = locked.conversation_state()
            assert state is not None and state.answers["a"].value == "1"  # sees the first's save
            answers = dict(state.answers) | {"b": Answer("2", "2", answered_at=now)}
            step = Step(state.with_(answers=answers), ())
            await store(session, locked, step, now)

    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=20)
    assert order == ["first committed", "second locked"]
    async with sessions() as session:
        stored = await repo.get_response(session, survey.id, alumni[0].id)
        count = await session.scalar(select(func.count()).select_from(Response))
    assert stored is not None and count == 1
    assert await _answers(sessions, stored.id) == {"a": "1", "b": "2"}


async def test_two_first_messages_create_one_response(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    async def open_response() -> int:
        async with sessions() as session, session.begin():
            locked = await lock(session, survey.id, alumni[1].id, now)
            await asyncio.sleep(0.1)
            return locked.id

    ids = await asyncio.wait_for(asyncio.gather(*(open_response() for _ in range(4))), 20)
    assert len(set(ids)) == 1


async def test_edited_questionnaire_new_version_started_keep_theirs(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    started = await _save(sessions, survey, alumni[0], _step(Phase.QUESTION, now, a="1"), now)
    async with sessions() as session, session.begin():
        current = await session.get(Survey, survey.id)
        assert current is not None
        assert await repo.refresh_version(session, current, "tracer_smk", "2", EDITED) is True
        assert await repo.refresh_version(session, current, "tracer_smk", "2", EDITED) is False
        with pytest.raises(ValueError, match="tracer_blk"):
            await repo.refresh_version(session, current, "tracer_blk", "1", EDITED)
    async with sessions() as session, session.begin():
        newcomer = await lock(session, survey.id, alumni[1].id, now)
        kept = await lock(session, survey.id, alumni[0].id, now)
        current = await session.get(Survey, survey.id)
    assert current is not None
    assert kept.questionnaire_version_id == started.questionnaire_version_id
    assert kept.questionnaire_version_id == survey.questionnaire_version_id
    assert newcomer.questionnaire_version_id == current.questionnaire_version_id
    assert newcomer.questionnaire_version_id != kept.questionnaire_version_id


async def test_delete_answers_keeps_a_status_row(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    done = _step(Phase.COMPLETED, now, a="1", b="2")
    response = await _save(sessions, survey, alumni[0], done, now)
    async with sessions() as session, session.begin():
        stored = await repo.get_response(session, survey.id, alumni[0].id)
        assert stored is not None
        await repo.delete_answers(session, stored, now=now + timedelta(days=1))
    async with sessions() as session:
        stored = await repo.get_response(session, survey.id, alumni[0].id)
        rows = await session.scalar(
            select(func.count()).select_from(AnswerRow).where(AnswerRow.response_id == response.id)
        )
    assert stored is not None and stored.id == response.id
    assert (stored.status, stored.state, stored.position, rows) == ("opted_out", None, None, 0)
    assert repo.load_state(stored) is None
    assert stored.updated_at == now + timedelta(days=1)


async def test_responses_for_survey_by_status(
    sessions: Sessions, survey: Survey, alumni: list[Alumnus], now: datetime
) -> None:
    await _save(sessions, survey, alumni[0], _step(Phase.COMPLETED, now), now)
    await _save(sessions, survey, alumni[1], _step(Phase.QUESTION, now), now)
    async with sessions() as session:
        every = await repo.responses_for_survey(session, survey.id)
        done = await repo.responses_for_survey(
            session, survey.id, repo.STATUS_BY_PHASE[Phase.COMPLETED]
        )
    assert len(every) == 2
    assert [r.alumnus_id for r in done] == [alumni[0].id]


def test_every_engine_phase_has_a_response_status() -> None:
    from conversations.state import Phase
    from storage.surveys.responses import STATUS_BY_PHASE

    settled = {p for p in Phase if p is not Phase.CONFIRM_DELETE}  # reported as where it came from
    assert settled <= set(STATUS_BY_PHASE)
