"""A staff chat answering an alumnus's survey on their behalf (answers given by phone).

While a staff member's own chat has `answering_alumnus_id` and `answering_survey_id` set, what
they write there answers that alumnus's survey (bot/staff/phone.py). Every function takes the
caller's AsyncSession and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Alumnus,
    ClassGroup,
    Response,
    StaffChat,
    StaffChatKind,
    StaffMember,
)


@dataclass(frozen=True, slots=True)
class Answering:
    """Whose survey a staff chat is answering, and who is writing the answers down."""

    alumnus_id: int
    survey_id: int
    alumnus_name: str
    recorded_by: str  # the staff member's name, kept on the response
    language: str  # the staff member's language, for their own messages


@dataclass(frozen=True, slots=True)
class PhoneCandidate:
    """An alumnus a staff member may answer for, and where their response stands."""

    alumnus: Alumnus
    class_name: str | None
    status: str | None  # the response's ResponseStatus value; None: no response yet


def _person_chat(channel: str, external_id: str) -> ColumnElement[bool]:
    return and_(
        StaffChat.channel == channel,
        StaffChat.external_id == external_id,
        StaffChat.kind == StaffChatKind.PERSON.value,
    )


async def answering_in(session: AsyncSession, channel: str, external_id: str) -> Answering | None:
    """The survey this staff member's own chat is answering for an alumnus, if any."""
    row = (
        await session.execute(
            select(
                StaffChat.answering_alumnus_id,
                StaffChat.answering_survey_id,
                Alumnus.name,
                StaffMember.name,
                StaffMember.language,
            )
            .join(StaffMember, StaffMember.id == StaffChat.staff_id)
            .join(Alumnus, Alumnus.id == StaffChat.answering_alumnus_id)
            .where(
                _person_chat(channel, external_id),
                StaffChat.answering_survey_id.is_not(None),
                StaffMember.active,
            )
        )
    ).first()
    if row is None:
        return None
    alumnus_id, survey_id, alumnus_name, staff_name, language = row
    assert alumnus_id is not None and survey_id is not None  # joined and filtered on both
    return Answering(alumnus_id, survey_id, alumnus_name, staff_name, language)


async def candidate(session: AsyncSession, alumnus_id: int, survey_id: int) -> PhoneCandidate:
    """The alumnus, their class and their response's status in the survey."""
    alumnus, class_name, status = (
        await session.execute(
            select(Alumnus, ClassGroup.name, Response.status)
            .outerjoin(ClassGroup, ClassGroup.id == Alumnus.class_group_id)
            .outerjoin(
                Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey_id)
            )
            .where(Alumnus.id == alumnus_id)
        )
    ).one()
    return PhoneCandidate(alumnus, class_name, status)


async def answered_elsewhere(
    session: AsyncSession, alumnus_id: int, survey_id: int, channel: str, external_id: str
) -> bool:
    """Whether another staff chat is answering this alumnus's survey right now."""
    other = await session.scalar(
        select(StaffChat.id).where(
            StaffChat.answering_alumnus_id == alumnus_id,
            StaffChat.answering_survey_id == survey_id,
            ~and_(StaffChat.channel == channel, StaffChat.external_id == external_id),
        )
    )
    return other is not None


async def begin_answering(
    session: AsyncSession, channel: str, external_id: str, alumnus_id: int, survey_id: int
) -> bool:
    """This staff member's own chat now answers the alumnus's survey; False: no such chat."""
    result = await session.execute(
        update(StaffChat)
        .where(_person_chat(channel, external_id))
        .values(answering_alumnus_id=alumnus_id, answering_survey_id=survey_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def end_answering(session: AsyncSession, channel: str, external_id: str) -> None:
    """The chat is back to staff commands (what was answered stays with the response)."""
    await session.execute(
        update(StaffChat)
        .where(_person_chat(channel, external_id))
        .values(answering_alumnus_id=None, answering_survey_id=None)
    )
