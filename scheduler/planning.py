"""Deciding what is due: reminders, staff resends and summaries become delivery rows.

Planning only writes rows, with INSERT … ON CONFLICT DO NOTHING on each delivery's unique key:
planning the same thing twice (a second process, a restart, a misfired job) adds nothing.
Sending is scheduler/outbox.py's job.

Rounds (policy.next_round, shared with staff's /pengingat): alumni with a chat get reminders on
the survey's days after their invitation. When the process can send on WhatsApp, alumni with a
roster number and no chat on any channel first get one invitation (round 0, key
`invitation:{survey}:{alumnus}`, the `wa_invitation` template) as soon as the survey is open and
it is the sending hours, then reminders on the policy's days after it was sent, with the same
cap and MIN_GAP; once they write, they are ordinary candidates and keep that base. A first
contact that failed for good (an invalid or unreachable number: failed or undelivered) ends the
first-contact rounds for that alumnus; `needs_template` does not (staff can configure one), and
neither does a failure to a number the roster has since corrected (the next round goes to the
new one, by template, on the policy's days).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.outbox import GAVE_UP, NEEDS_TEMPLATE
from scheduler.policy import Contact, Hold, ReminderPolicy, next_round, summary_day, weekly_due
from storage.database import dialect_insert
from storage.deliveries.opt_outs import opted_out
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
from storage.results import rows_changed
from storage.staff import members as staff_repo

log = logging.getLogger(__name__)

# Responses in these states get no reminders, ever.
FINISHED = (
    ResponseStatus.COMPLETED.value,
    ResponseStatus.DECLINED.value,
    ResponseStatus.OPTED_OUT.value,
)
INSERT_BATCH = 500
# The channel on which Jejak may write first, to a roster number, with an approved template.
WRITES_FIRST = "whatsapp"


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
    are left out (first_contacts lists those WhatsApp may write to first; /belum shows them).
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
    session: AsyncSession, survey: Survey, class_group_ids: Iterable[int] | None = None
) -> list[int]:
    """Alumni of the cohort who have not finished, have a roster number and no chat at all."""
    query = (
        select(Alumnus.id)
        .outerjoin(
            Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
        )
        .where(
            *_cohort(survey, class_group_ids),
            Alumnus.phone.is_not(None),
            Alumnus.phone != "",
            ~select(ChannelIdentity.id).where(ChannelIdentity.alumnus_id == Alumnus.id).exists(),
            ~opted_out(WRITES_FIRST, Alumnus.phone),  # whoever holds it said BERHENTI
        )
    )
    return list(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class History:
    """One alumnus's deliveries in one survey, as the round rule needs them."""

    reminders: int = 0  # rounds 1, 2, 3 planned (the invitation is round 0)
    last_message_at: datetime | None = None  # sent, or planned when not sent
    invitation_status: str | None = None  # None: no invitation planned
    invitation_at: datetime | None = None  # when it was sent, else planned
    hard_failures: int = 0  # WhatsApp deliveries that failed for good (needs_template aside)

    def invitation_base(self) -> datetime | None:
        """When the reminder days count from: the invitation once it went out, or was given up
        (skipped, failed: needs_template still lets later rounds try); None while it waits."""
        if self.invitation_status in (DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value):
            return None
        return self.invitation_at


NO_HISTORY = History()


def invitation_key(survey_id: int, alumnus_id: int) -> str:
    """The first-contact invitation's delivery key (a REMINDER of round 0)."""
    return f"invitation:{survey_id}:{alumnus_id}"


def round_planned(survey_id: int, alumnus_id: int, round_: int) -> Planned:
    """The delivery of one round: the invitation (0) or a reminder (1, 2, 3)."""
    key = (
        invitation_key(survey_id, alumnus_id)
        if round_ == 0
        else f"reminder:{survey_id}:{alumnus_id}:{round_}"
    )
    return Planned(key, DeliveryKind.REMINDER, survey_id, alumnus_id, round=round_)


async def message_history(session: AsyncSession, survey_id: int) -> dict[int, History]:
    """Per alumnus: reminders planned so far, when they were last messaged by the scheduler,
    their first-contact invitation, and how many WhatsApp deliveries failed for good."""
    reminder = Delivery.kind == DeliveryKind.REMINDER.value
    invitation = and_(reminder, Delivery.round == 0)
    hard_failure = and_(
        Delivery.channel == WRITES_FIRST,
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
        .where(Delivery.survey_id == survey_id)
        .group_by(Delivery.alumnus_id)
    )
    return {
        alumnus: History(reminders, last_at, status, invited_at, failures)
        for alumnus, reminders, last_at, status, invited_at, failures in rows
        if alumnus is not None  # the join to alumni leaves none; this tells the type checker
    }


async def reminder_contacts(
    session: AsyncSession,
    survey: Survey,
    *,
    first_contact: bool = False,
    class_group_ids: Iterable[int] | None = None,
) -> dict[int, Contact]:
    """Everyone a round could go to, with what the round rule needs to know about them.

    Alumni with a chat count their reminders from their first-contact invitation if they had
    one, else from their invitation link or response. With `first_contact` (a channel that may
    write first), alumni with only a roster number are in too.
    """
    history = await message_history(session, survey.id)
    contacts: dict[int, Contact] = {}
    for alumnus_id, invited, responded in await reminder_candidates(
        session, survey, class_group_ids
    ):
        past = history.get(alumnus_id, NO_HISTORY)
        base = past.invitation_base() if past.invitation_status else (invited or responded)
        contacts[alumnus_id] = Contact(base, past.reminders, past.last_message_at)
    if first_contact:
        for alumnus_id in await first_contacts(session, survey, class_group_ids):
            past = history.get(alumnus_id, NO_HISTORY)
            contacts[alumnus_id] = Contact(
                past.invitation_base(),
                past.reminders,
                past.last_message_at,
                needs_invitation=past.invitation_status is None,
                stopped=past.hard_failures > 0,
            )
    return contacts


async def plan_reminders(
    session: AsyncSession,
    now: datetime,
    institution_ids: Iterable[int] | None = None,
    class_group_ids: Iterable[int] | None = None,
    *,
    first_contact: bool = False,
) -> int:
    """Write the rounds due at `now` for every open survey (or those of some institutions).

    With `first_contact` (this process sends on WhatsApp) that includes the first-contact
    invitations and their reminders; see the module docstring.
    """
    added = 0
    for survey, institution in await open_surveys(session, now, institution_ids):
        policy = policy_of(survey)
        contacts = await reminder_contacts(
            session, survey, first_contact=first_contact, class_group_ids=class_group_ids
        )
        planned = []
        for alumnus_id, contact in contacts.items():
            round_ = next_round(policy, contact, now, institution.timezone)
            if not isinstance(round_, Hold):
                planned.append(round_planned(survey.id, alumnus_id, round_))
        added += await write(session, planned, now)
    if added:
        log.info("planned %s reminders", added)
    return added


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
