"""What parents' messages ask the database: whose parent may be written to, what to say, and
what a parent answered.

A parent's or guardian's number (`alumni.guardian_phone`) gets at most a few messages asking
them to pass on the alumnus's personal link (scheduler/parents.py decides when). These functions
answer who qualifies, read one delivery's recipient fresh when its turn comes, create the link
tokens those messages carry, and record a parent's "salah nomor" or "berhenti". Every function
takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.deliveries.opt_outs import opted_out
from storage.deliveries.planning import FINISHED
from storage.models import (
    Alumnus,
    ChannelIdentity,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Institution,
    Invitation,
    Response,
    Survey,
)
from storage.results import rows_changed

WHATSAPP = "whatsapp"  # parents are written to on WhatsApp only: a template to a number
# A parent's answer, kept on the parent message it answered (in `last_error`, a short code).
WRONG_NUMBER = "wrong_number"
OPTED_OUT = "opted_out"
PARENT_REPLIES = (WRONG_NUMBER, OPTED_OUT)
_PARENT = DeliveryKind.PARENT.value


@dataclass(frozen=True, slots=True)
class ParentCandidate:
    """An alumnus whose parent's number may be written to, and what was sent there so far."""

    alumnus_id: int
    own_number_opted_out: bool  # whoever holds the alumnus's own number said BERHENTI
    planned: int  # parent messages planned so far in this survey
    last_planned_at: datetime | None
    ended: bool  # a parent message failed, or the parent answered "salah nomor" / "berhenti"


def _has_guardian() -> list[ColumnElement[bool]]:
    """A guardian's number that is set, not the alumnus's own, and did not opt out."""
    return [
        Alumnus.guardian_phone.is_not(None),
        Alumnus.guardian_phone != "",
        Alumnus.guardian_phone != func.coalesce(Alumnus.phone, ""),
        ~opted_out(WHATSAPP, Alumnus.guardian_phone),
    ]


async def parent_candidates(session: AsyncSession, survey: Survey) -> list[ParentCandidate]:
    """Alumni of the survey's cohort who have not finished, whose institution allows parents'
    messages and whose roster has a guardian's number that may be written to.

    Whether their own channels are spent is scheduler/parents.py's question.
    """
    ended = or_(
        Delivery.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value]),
        Delivery.last_error.in_(PARENT_REPLIES),
    )
    sent = (
        select(
            Delivery.alumnus_id.label("alumnus_id"),
            func.count().label("planned"),
            func.max(Delivery.created_at).label("last_at"),
            func.count().filter(ended).label("ended"),
        )
        .where(Delivery.survey_id == survey.id, Delivery.kind == _PARENT)
        .group_by(Delivery.alumnus_id)
        .subquery()
    )
    own_opted_out = and_(Alumnus.phone.is_not(None), opted_out(WHATSAPP, Alumnus.phone))
    query = (
        select(Alumnus.id, own_opted_out, sent.c.planned, sent.c.last_at, sent.c.ended)
        .join(Institution, Institution.id == Alumnus.institution_id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .outerjoin(sent, sent.c.alumnus_id == Alumnus.id)
        .where(
            Alumnus.institution_id == survey.institution_id,
            Alumnus.graduation_year == survey.graduation_year,
            or_(Response.status.is_(None), Response.status.not_in(FINISHED)),
            Institution.guardian_contact.is_(True),
            *_has_guardian(),
        )
        .order_by(Alumnus.id)
    )
    return [
        ParentCandidate(aid, bool(opt), planned or 0, last_at, bool(ended))
        for aid, opt, planned, last_at, ended in (await session.execute(query)).all()
    ]


@dataclass(frozen=True, slots=True)
class ParentRecipient:
    """A parent message's survey, institution and alumnus, read fresh when its turn comes."""

    survey: Survey
    institution: Institution
    alumnus: Alumnus
    response_status: str | None
    token: str | None  # the alumnus's personal link token; None when revoked or never made
    guardian_opted_out: bool
    last_inbound_at: datetime | None  # when the alumnus last wrote from a reachable chat


async def parent_recipient(
    session: AsyncSession, survey_id: int, alumnus_id: int
) -> ParentRecipient | None:
    """Everything one parent message needs; None when the survey or the alumnus is gone."""
    token = (
        select(Invitation.token)
        .where(
            Invitation.survey_id == Survey.id,
            Invitation.alumnus_id == Alumnus.id,
            Invitation.revoked_at.is_(None),
        )
        .correlate(Survey, Alumnus)
        .scalar_subquery()
    )
    chatted = (
        select(func.max(ChannelIdentity.last_inbound_at))
        .where(ChannelIdentity.alumnus_id == Alumnus.id, ChannelIdentity.reachable)
        .correlate(Alumnus)
        .scalar_subquery()
    )
    guardian_opted_out = and_(
        Alumnus.guardian_phone.is_not(None), opted_out(WHATSAPP, Alumnus.guardian_phone)
    )
    found = (
        await session.execute(
            select(
                Survey, Institution, Alumnus, Response.status, token, guardian_opted_out, chatted
            )
            .join(Institution, Institution.id == Survey.institution_id)
            .join(Alumnus, Alumnus.id == alumnus_id)
            .outerjoin(
                Response, and_(Response.survey_id == Survey.id, Response.alumnus_id == Alumnus.id)
            )
            .where(Survey.id == survey_id)
        )
    ).first()
    if found is None:
        return None
    survey, institution, alumnus, status, link, opt, last_inbound = found
    return ParentRecipient(survey, institution, alumnus, status, link, bool(opt), last_inbound)


async def is_guardian_number(session: AsyncSession, phone: str) -> bool:
    """Whether this number is some alumnus's parent's or guardian's on a roster."""
    found = await session.scalar(select(Alumnus.id).where(Alumnus.guardian_phone == phone).limit(1))
    return found is not None


async def note_parent_reply(session: AsyncSession, phone: str, reply: str, now: datetime) -> int:
    """Keep a parent's answer (WRONG_NUMBER or OPTED_OUT) on the parent messages sent to this
    number, so /belum tells staff what came of them; how many were marked."""
    to_this_number = select(Alumnus.id).where(Alumnus.guardian_phone == phone)
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.kind == _PARENT,
            Delivery.status == DeliveryStatus.SENT.value,
            Delivery.alumnus_id.in_(to_this_number),
        )
        .values(last_error=reply, updated_at=now)
    )
    return rows_changed(result) or 0


async def set_guardian_contact(session: AsyncSession, code: str, allowed: bool) -> bool:
    """Allow or forbid parents' messages for the institution with this code; False if none."""
    result = await session.execute(
        update(Institution).where(Institution.code == code).values(guardian_contact=allowed)
    )
    return bool(rows_changed(result))
