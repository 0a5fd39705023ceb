"""Responses: lock, load and save a respondent's session; answers; processed inbound messages.

Locking: `response_for_update` must be the first read of a respondent's state in a transaction.
On PostgreSQL it takes a row lock (SELECT … FOR UPDATE): a second process handling the same
respondent waits until the first commits. SQLite has no row locks: a no-op UPDATE first takes the
database's write lock, so a second writer waits (busy_timeout) until the first commits.

Idempotence: `claim_message` inserts (channel, message_id) with ON CONFLICT DO NOTHING in the same
transaction as `save_step`; a redelivered message finds its id taken and is skipped, and a failed
transaction rolls back the claim together with the state.

`response_for_update` and `save_step` work on ORM objects in a session (tools, tests, reports);
storage/surveys/turns.py does the same for the conversation's hot path in a few Core statements.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.events import DataErased
from conversations.state import Answer, Phase, SessionState, Step
from storage.database import dialect_insert
from storage.models import (
    Alumnus,
    AnswerRow,
    ProcessedMessage,
    Response,
    ResponseStatus,
    Survey,
)
from storage.results import rows_changed

log = logging.getLogger(__name__)

STATUS_BY_PHASE: dict[Phase, ResponseStatus] = {
    Phase.CONSENT: ResponseStatus.INVITED,
    Phase.QUESTION: ResponseStatus.STARTED,
    Phase.REVIEW: ResponseStatus.STARTED,
    Phase.CONFIRM_RESTART: ResponseStatus.STARTED,
    Phase.COMPLETED: ResponseStatus.COMPLETED,
    Phase.DECLINED: ResponseStatus.DECLINED,
    Phase.STOPPED: ResponseStatus.OPTED_OUT,
}


async def response_for_update(
    session: AsyncSession, survey_id: int, alumnus_id: int, now: datetime
) -> Response:
    """The respondent's response, locked for this transaction; created (invited) if missing.

    A new response is fixed to the survey's current questionnaire version.
    Raises LookupError when the survey or the alumnus does not exist.
    """
    if session.get_bind().dialect.name == "sqlite":
        # Take the write lock before reading, so two writers never both read the old state.
        table = Response.__table__
        await session.execute(
            update(table)
            .where(table.c.survey_id == survey_id, table.c.alumnus_id == alumnus_id)
            .values(updated_at=table.c.updated_at)
        )
    response = await _locked(session, survey_id, alumnus_id)
    if response is not None:
        return response
    survey = await session.get(Survey, survey_id)
    alumnus = await session.get(Alumnus, alumnus_id)
    if survey is None or alumnus is None:
        raise LookupError(f"no survey {survey_id} or no alumnus {alumnus_id}")
    # Another process may be creating the same response: the loser of the race does nothing
    # (on PostgreSQL it waits for the winner's commit) and then locks the winner's row.
    await session.execute(
        dialect_insert(session, Response.__table__)
        .values(
            survey_id=survey_id,
            alumnus_id=alumnus_id,
            questionnaire_version_id=survey.questionnaire_version_id,
            status=ResponseStatus.INVITED.value,
            language=alumnus.language,
            invited_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["survey_id", "alumnus_id"])
    )
    response = await _locked(session, survey_id, alumnus_id)
    assert response is not None  # inserted above, or by the process we waited for
    log.info("response %s created for survey %s", response.id, survey_id)
    return response


async def _locked(session: AsyncSession, survey_id: int, alumnus_id: int) -> Response | None:
    """SELECT … FOR UPDATE (PostgreSQL; SQLite ignores it), refreshing any cached object."""
    return await session.scalar(
        select(Response)
        .where(Response.survey_id == survey_id, Response.alumnus_id == alumnus_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def get_response(session: AsyncSession, survey_id: int, alumnus_id: int) -> Response | None:
    """The response without locking it (for reports, never before saving state)."""
    return await session.scalar(
        select(Response).where(Response.survey_id == survey_id, Response.alumnus_id == alumnus_id)
    )


async def responses_for_survey(
    session: AsyncSession, survey_id: int, status: ResponseStatus | None = None
) -> list[Response]:
    """A survey's responses, optionally of one status, by id."""
    query = select(Response).where(Response.survey_id == survey_id)
    if status is not None:
        query = query.where(Response.status == status.value)
    return list(await session.scalars(query.order_by(Response.id)))


def load_state(response: Response) -> SessionState | None:
    """The engine's state stored on the response, or None before the first step."""
    if not response.state:
        return None
    return SessionState.from_json(json.loads(response.state))


# The response columns a step sets: the keys of response_values, always all of them (the hot
# path compiles its UPDATE once for exactly these, storage/surveys/turns.py).
STEP_COLUMNS = (
    "state", "status", "position", "language", "updated_at", "started_at", "completed_at"
)  # fmt: skip


def response_values(
    step: Step, started_at: datetime | None, completed_at: datetime | None, now: datetime
) -> dict[str, Any]:
    """The response columns after `step`, given the stored start and completion times."""
    state = step.state
    # While an erasure awaits its "ya", the respondent keeps the status they had.
    status = STATUS_BY_PHASE[state.settled_phase]
    values: dict[str, Any] = {
        "state": json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":")),
        "status": status.value,
        "position": state.current,
        "language": state.language,
        "updated_at": now,
        "started_at": started_at,
        "completed_at": completed_at,
    }
    if status in (ResponseStatus.STARTED, ResponseStatus.COMPLETED) and not started_at:
        values["started_at"] = state.started_at or now
    if status is ResponseStatus.COMPLETED and completed_at is None:
        values["completed_at"] = now
    if any(isinstance(event, DataErased) for event in step.events):
        # The right to erasure (UU PDP): keep only that they opted out, so nobody reminds them,
        # not when they took part. The answers go with the rows (state.answers is empty).
        values["started_at"] = None
        values["completed_at"] = None
    return values


async def save_step(session: AsyncSession, response: Response, step: Step, now: datetime) -> None:
    """Store the step's state, status, position, timestamps and answer rows (no commit)."""
    for name, value in response_values(
        step, response.started_at, response.completed_at, now
    ).items():
        setattr(response, name, value)
    if any(isinstance(event, DataErased) for event in step.events):
        log.info("response %s: answers erased at the respondent's request", response.id)
    await _sync_answers(session, response.id, step.state.answers, now)
    await session.flush()


async def _sync_answers(
    session: AsyncSession, response_id: int, answers: dict[str, Answer], now: datetime
) -> None:
    """Make the response's answer rows exactly `answers`: insert, update changed, delete dropped."""
    rows = {
        row.question_code: row
        for row in await session.scalars(
            select(AnswerRow).where(AnswerRow.response_id == response_id)
        )
    }
    for code in rows.keys() - answers.keys():
        await session.delete(rows[code])
    for code, answer in answers.items():
        row = rows.get(code)
        if row is None:
            session.add(
                AnswerRow(
                    response_id=response_id,
                    question_code=code,
                    value=answer.value,
                    raw_text=answer.raw,
                    other_text=answer.other_text,
                    answered_at=answer.answered_at or now,
                )
            )
            continue
        answered_at = answer.answered_at or row.answered_at
        if (row.value, row.raw_text, row.other_text, row.answered_at) != (
            answer.value,
            answer.raw,
            answer.other_text,
            answered_at,
        ):
            row.value = answer.value
            row.raw_text = answer.raw
            row.other_text = answer.other_text
            row.answered_at = answered_at


async def answers_of(session: AsyncSession, response_id: int) -> list[AnswerRow]:
    """The response's answer rows, by question code."""
    return list(
        await session.scalars(
            select(AnswerRow)
            .where(AnswerRow.response_id == response_id)
            .order_by(AnswerRow.question_code)
        )
    )


async def delete_answers(
    session: AsyncSession, response: Response, *, now: datetime | None = None
) -> None:
    """Right to erasure: drop the answers and the state, keep an opted-out status row.

    The row stays so the respondent is never invited or reminded again for this survey.
    """
    await session.execute(delete(AnswerRow).where(AnswerRow.response_id == response.id))
    response.state = None
    response.position = None
    response.status = ResponseStatus.OPTED_OUT.value
    response.completed_at = None
    response.updated_at = now or datetime.now(UTC)
    await session.flush()
    log.info("response %s: answers erased", response.id)


async def claim_message(
    session: AsyncSession, channel: str, message_id: str, now: datetime
) -> bool:
    """True the first time (channel, message_id) is seen; False for a redelivery."""
    result = await session.execute(
        dialect_insert(session, ProcessedMessage.__table__)
        .values(channel=channel, message_id=message_id, processed_at=now)
        .on_conflict_do_nothing(index_elements=["channel", "message_id"])
    )
    return rows_changed(result) == 1


async def prune_processed_messages(session: AsyncSession, before: datetime) -> int:
    """Forget message ids processed before `before` (channels stop redelivering within days)."""
    result = await session.execute(
        delete(ProcessedMessage).where(ProcessedMessage.processed_at < before)
    )
    return rows_changed(result)
