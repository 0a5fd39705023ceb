"""Whom a reminder goes to, read fresh when its turn comes: one SELECT for everything it needs.

Takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.deliveries.opt_outs import opted_out
from storage.models import (
    Alumnus,
    AnswerRow,
    ChannelIdentity,
    Institution,
    Response,
    Survey,
)


@dataclass(frozen=True, slots=True)
class ReminderRecipient:
    """A reminder's survey, institution and alumnus, their response and best chat if any, and
    how many questions they have answered."""

    survey: Survey
    institution: Institution
    alumnus: Alumnus
    response: Response | None
    identity: ChannelIdentity | None  # the reachable chat they last wrote from, on `channels`
    answered: int


@functools.cache
def _recipient_query(channels: frozenset[str]) -> Select[tuple[Any, ...]]:
    """Survey, institution, alumnus, response, best chat and answers given: one SELECT.

    A fan-out composes thousands of these at the platform's rate; six round trips each were
    most of the scheduler's CPU. Built once per set of channels (SQLAlchemy then reuses its
    compiled form); `survey_id` and `alumnus_id` are bound at each execution.
    """
    best_chat = (
        select(ChannelIdentity.id)
        .where(
            ChannelIdentity.alumnus_id == Alumnus.id,
            ChannelIdentity.reachable,
            ChannelIdentity.channel.in_(sorted(channels)),
            # A chat that said BERHENTI to a check-in (bot/alumni/checkin.py) is not written to.
            ~opted_out(ChannelIdentity.channel, ChannelIdentity.external_id),
        )
        .order_by(ChannelIdentity.last_inbound_at.desc().nulls_last(), ChannelIdentity.id)
        .limit(1)
        .correlate(Alumnus)
        .scalar_subquery()
    )
    answered = (
        select(func.count())
        .select_from(AnswerRow)
        .where(AnswerRow.response_id == Response.id, AnswerRow.value.is_not(None))
        .correlate(Response)
        .scalar_subquery()
    )
    return (
        select(Survey, Institution, Alumnus, Response, ChannelIdentity, answered)
        .join(Institution, Institution.id == Survey.institution_id)
        .join(Alumnus, Alumnus.id == bindparam("alumnus_id"))
        .outerjoin(
            Response, and_(Response.survey_id == Survey.id, Response.alumnus_id == Alumnus.id)
        )
        .outerjoin(ChannelIdentity, ChannelIdentity.id == best_chat)
        .where(Survey.id == bindparam("survey_id"))
    )


async def reminder_recipient(
    session: AsyncSession, survey_id: int, alumnus_id: int, channels: frozenset[str]
) -> ReminderRecipient | None:
    """Everything a reminder to this alumnus in this survey needs, with their best chat on one
    of `channels`; None when the survey or the alumnus does not exist.

    Read fresh for every delivery, so a survey closed or an answer finished a moment ago is seen.
    """
    found = (
        await session.execute(
            _recipient_query(channels), {"survey_id": survey_id, "alumnus_id": alumnus_id}
        )
    ).first()
    if found is None:
        return None
    survey, institution, alumnus, response, identity, answered = found
    return ReminderRecipient(survey, institution, alumnus, response, identity, answered or 0)


async def has_chat(session: AsyncSession, alumnus_id: int) -> bool:
    """Whether the alumnus ever linked a chat on any channel (reachable or not)."""
    found = await session.scalar(
        select(ChannelIdentity.id).where(ChannelIdentity.alumnus_id == alumnus_id).limit(1)
    )
    return found is not None
