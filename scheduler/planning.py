"""Deciding what is due: reminders, staff resends and summaries become delivery rows.

Planning only writes rows, with INSERT … ON CONFLICT DO NOTHING on each delivery's unique key:
planning the same thing twice (a second process, a restart, a misfired job) adds nothing. Who is
in the cohort and what each was sent are storage/deliveries/planning.py's queries; this module
decides which round is due. Sending is scheduler/outbox.py's job.

Rounds (policy.next_round, shared with staff's /pengingat): alumni with a chat get reminders on
the survey's days after their invitation. When the process can send on WhatsApp, alumni with a
roster number and no reachable chat (none yet, or every one blocked or failed for good: the number
is their next channel) first get one invitation (round 0, key
`invitation:{survey}:{alumnus}`, the `wa_invitation` template) as soon as the survey is open and
it is the sending hours, then reminders on the policy's days after it was sent, with the same
cap and MIN_GAP; once they write, they are ordinary candidates and keep that base. A first
contact that failed for good (an invalid or unreachable number: failed or undelivered) ends the
first-contact rounds for that alumnus; `needs_template` does not (staff can configure one), and
neither does a failure to a number the roster has since corrected (the next round goes to the
new one, by template, on the policy's days).

The opening message: alumni who linked a chat before the survey opened (in grade XII), or agreed
to be contacted, and have neither a response nor a used invitation link, get round 0 on their
own chat as soon as the survey is open and it is the sending hours (storage's
`opening_contacts`; scheduler/compose.py writes it); their reminders count from it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.policy import Contact, Hold, ReminderPolicy, next_round, summary_day, weekly_due
from storage.deliveries.planning import (
    NO_HISTORY,
    Planned,
    add_deliveries,
    first_contacts,
    message_history,
    opening_contacts,
    reminder_candidates,
)
from storage.models import DeliveryKind, Survey
from storage.staff import members as staff_repo
from storage.surveys.registry import open_surveys_with_institutions

log = logging.getLogger(__name__)

# The channel on which Jejak may write first, to a roster number, with an approved template.
WRITES_FIRST = "whatsapp"


def policy_of(survey: Survey) -> ReminderPolicy:
    """A survey's reminder policy as stored."""
    return ReminderPolicy(
        tuple(survey.reminder_days or ()), survey.send_from_hour, survey.send_until_hour
    )


def is_open(survey: Survey, now: datetime) -> bool:
    """Whether the survey takes answers at `now`."""
    return survey.opens_at <= now and (survey.closes_at is None or now < survey.closes_at)


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
    history = await message_history(session, survey.id, WRITES_FIRST)
    opening = await opening_contacts(session, survey, class_group_ids)
    contacts: dict[int, Contact] = {}
    for alumnus_id, invited, responded in await reminder_candidates(
        session, survey, class_group_ids
    ):
        past = history.get(alumnus_id, NO_HISTORY)
        base = past.invitation_base() if past.invitation_status else (invited or responded)
        # Linked before the survey opened: the opening message is their invitation (round 0).
        welcome = alumnus_id in opening and past.invitation_status is None
        contacts[alumnus_id] = Contact(
            None if welcome else base,
            past.reminders,
            past.last_message_at,
            needs_invitation=welcome,
        )
    if first_contact:
        for alumnus_id in await first_contacts(session, survey, WRITES_FIRST, class_group_ids):
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
    for survey, institution in await open_surveys_with_institutions(session, now, institution_ids):
        policy = policy_of(survey)
        contacts = await reminder_contacts(
            session, survey, first_contact=first_contact, class_group_ids=class_group_ids
        )
        planned = []
        for alumnus_id, contact in contacts.items():
            round_ = next_round(policy, contact, now, institution.timezone)
            if not isinstance(round_, Hold):
                planned.append(round_planned(survey.id, alumnus_id, round_))
        added += await add_deliveries(session, planned, now)
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
    added = await add_deliveries(session, planned, now)
    return added, len(planned) - added


async def plan_summaries(session: AsyncSession, now: datetime) -> int:
    """Homeroom teachers' morning summaries and the staff groups' Monday charts due at `now`."""
    planned: list[Planned] = []
    for survey, institution in await open_surveys_with_institutions(session, now):
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
    return await add_deliveries(session, planned, now)
