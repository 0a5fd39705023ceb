"""Responses outside a conversation turn: read them and their answers, processed message ids.

A turn's writes (lock the response, create it, store the step and its answers) have one path:
storage/surveys/turns.py. What is here only reads, claims a message id outside a turn, or forgets
old ones; and `delete_answers`, the right to erasure.

Idempotence: `claim_message` inserts (channel, message_id) with ON CONFLICT DO NOTHING: a
redelivered message finds its id taken; a rolled back transaction forgets the claim.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import utc_now
from conversations.state import ConversationState, Phase
from storage.database import dialect_insert
from storage.models import AnswerRow, ProcessedMessage, Response, ResponseStatus
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


def load_state(response: Response) -> ConversationState | None:
    """The engine's state stored on the response, or None before the first step."""
    if not response.state:
        return None
    return ConversationState.from_json(json.loads(response.state))


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
    response.updated_at = now or utc_now()
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
