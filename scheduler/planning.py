"""Deciding what is due: reminders, staff resends and summaries become delivery rows.

Planning only writes rows, with INSERT … ON CONFLICT DO NOTHING on each delivery's unique key:
planning the same thing twice (a second process, a restart, a misfired job) adds nothing.
Sending is scheduler/outbox.py's job.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.policy import ReminderPolicy, reminder_due, summary_day, weekly_due
from storage import staff as staff_repo
from storage.database import dialect_insert
from storage.models import (
    Alumnus,
    ChannelIdentity,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Institution,
    Invitation,
    Response,
    ResponseStatus,
    Survey,
)

log = logging.getLogger(__name__)

# Responses in these states get no reminders, ever.
FINISHED = (
    ResponseStatus.COMPLETED.value,
    ResponseStatus.DECLINED.value,
    ResponseStatus.OPTED_OUT.value,
)
INSERT_BATCH = 500


@dataclass(frozen=True, slots=True)
class Planned:
    """One delivery to write."""

    key: str
    kind: DeliveryKind
    survey_id: int | None = None
    alumnus_id: int | None = None
    staff_chat_id: int | None = None
    round: int = 0


def policy_of(survey: Survey) -> ReminderPolicy:
    """A survey's reminder policy as stored."""
    return ReminderPolicy(
        tuple(survey.reminder_days or ()), survey.send_from_hour, survey.send_until_hour
    )


def is_open(survey: Survey, now: datetime) -> bool:
    """Whether the survey takes answers at `now`."""
    return survey.opens_at <= now and (survey.closes_at is None or now < survey.closes_at)


async def open_surveys(
    session: AsyncSession, now: datetime, institution_ids: Iterable[int] | None = None
) -> list[tuple[Survey, Institution]]:
    """Surveys open at `now`, with their institutions."""
    query = (
        select(Survey, Institution)
        .join(Institution, Survey.institution_id == Institution.id)
        .where(Survey.opens_at <= now, or_(Survey.closes_at.is_(None), Survey.closes_at > now))
        .order_by(Survey.id)
    )
    if institution_ids is not None:
        query = query.where(Survey.institution_id.in_(list(institution_ids)))
    return [(s, i) for s, i in (await session.execute(query)).all()]


async def write(session: AsyncSession, planned: list[Planned], now: datetime) -> int:
    """Insert the deliveries whose keys are new; returns how many were added."""
    added = 0
    table = Delivery.__table__
    for start in range(0, len(planned), INSERT_BATCH):
        rows = [
            {
                "key": p.key,
                "kind": p.kind.value,
                "survey_id": p.survey_id,
                "alumnus_id": p.alumnus_id,
                "staff_chat_id": p.staff_chat_id,
                "round": p.round,
                "status": DeliveryStatus.PENDING.value,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for p in planned[start : start + INSERT_BATCH]
        ]
        statement = dialect_insert(session, table).values(rows)
        result = await session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
        added += max(result.rowcount or 0, 0)
    return added


async def reminder_candidates(
    session: AsyncSession, survey: Survey, alumnus_ids: Iterable[int] | None = None
) -> list[tuple[int, datetime | None, datetime | None]]:
    """Reachable alumni of the survey's cohort who have not finished it.

    Each as (alumnus id, invitation time, response's invited time). Alumni with no chat linked
    cannot be messaged and are left out (staff see them in /belum).
    """
    reachable = (
        select(ChannelIdentity.alumnus_id)
        .where(ChannelIdentity.reachable)
        .group_by(ChannelIdentity.alumnus_id)
        .subquery()
    )
    query = (
        select(Alumnus.id, Invitation.created_at, Response.invited_at)
        .join(reachable, reachable.c.alumnus_id == Alumnus.id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .outerjoin(
            Invitation,
            and_(Invitation.alumnus_id == Alumnus.id, Invitation.survey_id == survey.id),
        )
        .where(
            Alumnus.institution_id == survey.institution_id,
            Alumnus.graduation_year == survey.graduation_year,
            or_(Response.status.is_(None), Response.status.not_in(FINISHED)),
        )
    )
    if alumnus_ids is not None:
        query = query.where(Alumnus.id.in_(list(alumnus_ids)))
    return [(a, i, r) for a, i, r in (await session.execute(query)).all()]


async def message_history(
    session: AsyncSession, survey_id: int
) -> dict[int, tuple[int, datetime | None]]:
    """Per alumnus: reminders planned so far, and when they were last messaged by the scheduler."""
    rows = await session.execute(
        select(
            Delivery.alumnus_id,
            func.count().filter(Delivery.kind == DeliveryKind.REMINDER.value),
            func.max(func.coalesce(Delivery.sent_at, Delivery.created_at)),
        )
        .where(Delivery.survey_id == survey_id, Delivery.alumnus_id.is_not(None))
        .group_by(Delivery.alumnus_id)
    )
    return {alumnus: (count, last) for alumnus, count, last in rows}


async def plan_reminders(
    session: AsyncSession,
    now: datetime,
    institution_ids: Iterable[int] | None = None,
    class_group_ids: Iterable[int] | None = None,
) -> int:
    """Write the reminders due at `now` for every open survey (or those of some institutions)."""
    added = 0
    classes = set(class_group_ids) if class_group_ids is not None else None
    for survey, institution in await open_surveys(session, now, institution_ids):
        policy = policy_of(survey)
        candidates = await reminder_candidates(session, survey)
        if classes is not None:
            candidates = await _in_classes(session, candidates, classes)
        history = await message_history(session, survey.id)
        planned = []
        for alumnus_id, invited, responded in candidates:
            base = invited or responded
            if base is None:
                continue  # never invited: no invitation link and never opened the bot
            count, last = history.get(alumnus_id, (0, None))
            round_ = reminder_due(policy, base, count, last, now, institution.timezone)
            if round_ is not None:
                key = f"reminder:{survey.id}:{alumnus_id}:{round_}"
                planned.append(
                    Planned(key, DeliveryKind.REMINDER, survey.id, alumnus_id, round=round_)
                )
        added += await write(session, planned, now)
    if added:
        log.info("planned %s reminders", added)
    return added


async def _in_classes(
    session: AsyncSession,
    candidates: list[tuple[int, datetime | None, datetime | None]],
    classes: set[int],
) -> list[tuple[int, datetime | None, datetime | None]]:
    ids = [c[0] for c in candidates]
    keep: set[int] = set()
    for start in range(0, len(ids), 1000):
        keep.update(
            await session.scalars(
                select(Alumnus.id).where(
                    Alumnus.id.in_(ids[start : start + 1000]), Alumnus.class_group_id.in_(classes)
                )
            )
        )
    return [c for c in candidates if c[0] in keep]


async def plan_resends(
    session: AsyncSession, survey: Survey, alumnus_ids: list[int], now: datetime, day: str
) -> tuple[int, int]:
    """A staff resend to these alumni, at most one per alumnus per local day.

    Returns (written now, already planned today). Unreachable or finished alumni are left out by
    the caller.
    """
    planned = [
        Planned(f"resend:{survey.id}:{a}:{day}", DeliveryKind.RESEND, survey.id, a)
        for a in alumnus_ids
    ]
    added = await write(session, planned, now)
    return added, len(planned) - added


async def plan_summaries(session: AsyncSession, now: datetime) -> int:
    """Homeroom teachers' morning summaries and the staff groups' Monday charts due at `now`."""
    planned: list[Planned] = []
    for survey, institution in await open_surveys(session, now):
        day = summary_day(now, institution.timezone)
        if day is not None:
            for member, chat in await staff_repo.homeroom_chats(session, institution.id):
                key = f"homeroom:{survey.id}:{member.id}:{day.isoformat()}"
                planned.append(
                    Planned(key, DeliveryKind.HOMEROOM_DAILY, survey.id, staff_chat_id=chat.id)
                )
        week = weekly_due(now, institution.timezone)
        if week is not None:
            for chat in await staff_repo.institution_groups(session, institution.id):
                key = f"weekly:{survey.id}:{chat.id}:{week}"
                planned.append(
                    Planned(key, DeliveryKind.WEEKLY_SUMMARY, survey.id, staff_chat_id=chat.id)
                )
    return await write(session, planned, now)
