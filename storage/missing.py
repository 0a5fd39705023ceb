"""Who has not finished a survey yet, and whether they can be reached (for /belum and summaries)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Alumnus,
    ChannelIdentity,
    ClassGroup,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Response,
    ResponseStatus,
    Survey,
)

CHUNK = 1000


class Reach(enum.StrEnum):
    """Whether a message to an alumnus can arrive."""

    REACHABLE = "reachable"
    NO_CHAT = "no_chat"  # never opened the bot: only the invitation link reaches them
    BLOCKED = "blocked"  # blocked the bot (or the number is gone)
    OPTED_OUT = "opted_out"  # typed BERHENTI: no more reminders
    DECLINED = "declined"  # said no at the consent question


@dataclass(frozen=True, slots=True)
class MissingAlumnus:
    """An alumnus of the cohort who has not completed the survey."""

    alumnus_id: int
    nisn: str
    name: str
    class_name: str | None
    status: str  # a ResponseStatus value, or "not_started"
    reach: Reach
    last_reminder_at: datetime | None
    # Why the latest reminder did not arrive, if it did not (e.g. "needs_template" on WhatsApp).
    last_failure: str | None = None
    has_phone: bool = False  # the roster has a number: WhatsApp can write first (by template)


NOT_STARTED = "not_started"


async def missing_alumni(
    session: AsyncSession,
    survey: Survey,
    class_group_ids: Iterable[int] | None = None,
    alumnus_ids: Iterable[int] | None = None,
) -> list[MissingAlumnus]:
    """Alumni of the survey's cohort without a completed response, by class and name."""
    query = (
        select(
            Alumnus.id, Alumnus.nisn, Alumnus.name, ClassGroup.name, Response.status, Alumnus.phone
        )
        .outerjoin(ClassGroup, Alumnus.class_group_id == ClassGroup.id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .where(
            Alumnus.institution_id == survey.institution_id,
            Alumnus.graduation_year == survey.graduation_year,
            or_(Response.status.is_(None), Response.status != ResponseStatus.COMPLETED.value),
        )
        .order_by(ClassGroup.name, Alumnus.name)
    )
    if class_group_ids is not None:
        query = query.where(Alumnus.class_group_id.in_(list(class_group_ids)))
    if alumnus_ids is not None:
        query = query.where(Alumnus.id.in_(list(alumnus_ids)))
    rows = (await session.execute(query)).all()
    ids = [row[0] for row in rows]
    reach: dict[int, bool] = {}  # alumnus -> any reachable identity (absent: none at all)
    reminded: dict[int, datetime] = {}
    failures: dict[int, str | None] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = await session.execute(
            select(
                ChannelIdentity.alumnus_id,
                func.max(case((ChannelIdentity.reachable, 1), else_=0)),
            )
            .where(ChannelIdentity.alumnus_id.in_(chunk))
            .group_by(ChannelIdentity.alumnus_id)
        )
        reach.update({a: bool(r) for a, r in found})
        sent = await session.execute(
            select(Delivery.alumnus_id, func.max(Delivery.sent_at))
            .where(
                Delivery.survey_id == survey.id,
                Delivery.alumnus_id.in_(chunk),
                Delivery.kind.in_([DeliveryKind.REMINDER.value, DeliveryKind.RESEND.value]),
                Delivery.status == DeliveryStatus.SENT.value,
            )
            .group_by(Delivery.alumnus_id)
        )
        reminded.update({a: at for a, at in sent if at is not None})
        latest = await session.execute(
            select(Delivery.alumnus_id, Delivery.status, Delivery.last_error)
            .where(
                Delivery.survey_id == survey.id,
                Delivery.alumnus_id.in_(chunk),
                Delivery.kind.in_([DeliveryKind.REMINDER.value, DeliveryKind.RESEND.value]),
                Delivery.status.in_([DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value]),
            )
            .order_by(Delivery.id)
        )
        for alumnus_id, status, error in latest:  # the latest delivery decides
            failures[alumnus_id] = error if status == DeliveryStatus.FAILED.value else None
    return [
        MissingAlumnus(
            aid,
            nisn,
            name,
            group,
            status or NOT_STARTED,
            _reach(status, reach.get(aid)),
            reminded.get(aid),
            failures.get(aid),
            bool(phone),
        )
        for aid, nisn, name, group, status, phone in rows
    ]


def _reach(status: str | None, reachable: bool | None) -> Reach:
    if status == ResponseStatus.OPTED_OUT.value:
        return Reach.OPTED_OUT
    if status == ResponseStatus.DECLINED.value:
        return Reach.DECLINED
    if reachable is None:
        return Reach.NO_CHAT
    return Reach.REACHABLE if reachable else Reach.BLOCKED
