"""What planning asks the database: who could get a round, what they had so far, and the writes.

scheduler/planning.py decides which round is due (scheduler/policy.py); these functions answer
who is in the cohort and reachable, and what each was sent, and write the planned rows with
INSERT … ON CONFLICT DO NOTHING on each delivery's unique key, so planning the same thing twice
adds nothing. Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import dialect_insert
from storage.deliveries.opt_outs import opted_out
from storage.deliveries.outbox import GAVE_UP, NEEDS_TEMPLATE
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ContactOptOut,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Invitation,
    Response,
    ResponseStatus,
    Survey,
)
from storage.results import rows_changed

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


async def add_deliveries(session: AsyncSession, planned: list[Planned], now: datetime) -> int:
    """Insert the deliveries whose keys are new, due at `now`; returns how many were added."""
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
        added += max(rows_changed(result) or 0, 0)
    return added


def _cohort(survey: Survey, class_group_ids: Iterable[int] | None) -> list[ColumnElement[bool]]:
    """The survey's cohort (or some of its classes), without those who finished."""
    where = [
        Alumnus.institution_id == survey.institution_id,
        Alumnus.graduation_year == survey.graduation_year,
        or_(Response.status.is_(None), Response.status.not_in(FINISHED)),
    ]
    if class_group_ids is not None:
        where.append(Alumnus.class_group_id.in_(list(class_group_ids)))
    return where


async def reminder_candidates(
    session: AsyncSession, survey: Survey, class_group_ids: Iterable[int] | None = None
) -> list[tuple[int, datetime | None, datetime | None]]:
    """Reachable alumni of the survey's cohort who have not finished it.

    Each as (alumnus id, invitation time, response's invited time). Alumni with no chat linked
    are left out (first_contacts lists those a channel may write to first; /belum shows them).
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
        .where(*_cohort(survey, class_group_ids))
    )
    return [(a, i, r) for a, i, r in (await session.execute(query)).all()]


async def first_contacts(
    session: AsyncSession,
    survey: Survey,
    channel: str,
    class_group_ids: Iterable[int] | None = None,
) -> list[int]:
    """Alumni of the cohort who have not finished, have a roster number and no reachable chat
    (none yet, or every one blocked or failed: the number is their next channel), and whose
    number did not opt out of `channel` (the one that writes first)."""
    query = (
        select(Alumnus.id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .where(
            *_cohort(survey, class_group_ids),
            Alumnus.phone.is_not(None),
            Alumnus.phone != "",
            ~select(ChannelIdentity.id)
            .where(ChannelIdentity.alumnus_id == Alumnus.id, ChannelIdentity.reachable)
            .exists(),
            ~opted_out(channel, Alumnus.phone),  # whoever holds it said BERHENTI
        )
    )
    return list(await session.scalars(query))


async def opening_contacts(
    session: AsyncSession, survey: Survey, class_group_ids: Iterable[int] | None = None
) -> set[int]:
    """Alumni of the cohort the bot writes to first when the survey opens, on their own chat.

    They have a reachable chat, no response and no invitation link used in this survey, none
    of their chats asked to stop, and they agreed to be contacted or linked their chat before
    the survey opened (in grade XII, say).
    """
    chats = ChannelIdentity.alumnus_id == Alumnus.id
    stopped = and_(
        ContactOptOut.channel == ChannelIdentity.channel,
        ContactOptOut.external_id == ChannelIdentity.external_id,
    )
    query = (
        select(Alumnus.id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .where(
            *_cohort(survey, class_group_ids),
            Response.id.is_(None),
            select(ChannelIdentity.id).where(chats, ChannelIdentity.reachable).exists(),
            ~select(ChannelIdentity.id).where(chats, stopped).exists(),
            ~select(Invitation.id)
            .where(
                Invitation.alumnus_id == Alumnus.id,
                Invitation.survey_id == survey.id,
                Invitation.used_at.is_not(None),
            )
            .exists(),
            or_(
                Alumnus.contact_consent_at.is_not(None),
                select(ChannelIdentity.id)
                .where(chats, ChannelIdentity.created_at < survey.opens_at)
                .exists(),
            ),
        )
    )
    return set(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class History:
    """One alumnus's deliveries in one survey, as the round rule needs them."""

    reminders: int = 0  # rounds 1, 2, 3 planned (the invitation is round 0)
    last_message_at: datetime | None = None  # sent, or planned when not sent
    invitation_status: str | None = None  # None: no invitation planned
    invitation_at: datetime | None = None  # when it was sent, else planned
    hard_failures: int = 0  # deliveries on the first-contact channel that failed for good

    def invitation_base(self) -> datetime | None:
        """When the reminder days count from: the invitation once it went out, or was given up
        (skipped, failed: needs_template still lets later rounds try); None while it waits."""
        if self.invitation_status in (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value):
            return None
        return self.invitation_at


NO_HISTORY = History()


def failed_for_good(channel: str) -> ColumnElement[bool]:
    """SQL over deliveries joined to their alumnus: one on `channel` that failed for good (not
    for want of a template, not for retries spent) since the roster number last changed."""
    return and_(
        Delivery.channel == channel,
        Delivery.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value]),
        or_(
            Delivery.last_error.is_(None),
            and_(
                Delivery.last_error != NEEDS_TEMPLATE,
                Delivery.last_error.not_like(GAVE_UP + "%"),
            ),
        ),
        # Only to the number the roster holds now: a corrected number gets the next round.
        or_(Alumnus.phone_changed_at.is_(None), Delivery.updated_at > Alumnus.phone_changed_at),
    )


async def message_history(
    session: AsyncSession, survey_id: int, channel: str
) -> dict[int, History]:
    """Per alumnus: reminders planned so far, when they were last messaged by the scheduler,
    their first-contact invitation, and how many deliveries on `channel` (the one that writes
    first) failed for good."""
    reminder = Delivery.kind == DeliveryKind.REMINDER.value
    invitation = and_(reminder, Delivery.round == 0)
    hard_failure = failed_for_good(channel)
    rows = await session.execute(
        select(
            Delivery.alumnus_id,
            func.count().filter(reminder, Delivery.round >= 1),
            func.max(func.coalesce(Delivery.sent_at, Delivery.created_at)),
            func.max(Delivery.status).filter(invitation),
            func.max(func.coalesce(Delivery.sent_at, Delivery.created_at)).filter(invitation),
            func.count().filter(hard_failure),
        )
        .join(Alumnus, Alumnus.id == Delivery.alumnus_id)
        # A parent's message went to another number: it is not a round of the alumnus's own.
        .where(Delivery.survey_id == survey_id, Delivery.kind != DeliveryKind.PARENT.value)
        .group_by(Delivery.alumnus_id)
    )
    return {
        alumnus: History(reminders, last_at, status, invited_at, failures)
        for alumnus, reminders, last_at, status, invited_at, failures in rows
        if alumnus is not None  # the join to alumni leaves none; this tells the type checker
    }
