"""Parents as the fallback: one polite message to a parent's number when an alumnus's own
channels are spent, asking them to pass on the alumnus's personal link.

An alumnus qualifies when they have not finished an open survey and either every reminder of
the policy went unanswered (the last one at least MIN_GAP ago) or they have no own channel left
(no reachable chat, and their own number is absent or failed for good). Their institution must
allow it (`institutions.guardian_contact`, on by default: the school's legitimate interest,
stated in its privacy notice), the roster must hold a guardian's number that is not their own,
and that number must not have said BERHENTI or SALAH NOMOR. At most `JEJAK_PARENT_MESSAGES`
messages (default 1; 0 turns them off) go to a parent per alumnus and survey, PARENT_GAP apart,
keyed `parent:{survey}:{alumnus}:{n}` so planning twice adds nothing. The message is the
`wa_parent` template (the number never wrote to the school): the institution's name, the
alumnus's first name and their personal wa.me link. Never an answer, never a status.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from config.links import INVITATION_KEYWORD, whatsapp_link
from config.settings import Settings
from conversations.messages import first_name, t
from scheduler.outbox import Composed, Envelope, Later, OutgoingMessage, Skip
from scheduler.planning import is_open, policy_of, reminder_contacts
from scheduler.policy import MIN_GAP, Contact, ReminderPolicy, next_window_start, within_hours
from storage.access.invitations import add_tokens
from storage.deliveries.parents import parent_candidates, parent_recipient
from storage.deliveries.planning import FINISHED, Planned, add_deliveries
from storage.models import Delivery, DeliveryKind
from storage.surveys.registry import open_surveys_with_institutions

log = logging.getLogger(__name__)

WHATSAPP = "whatsapp"
PARENT_TEMPLATE = "wa_parent"  # the catalogue key, and the template's name in the settings
# Between two messages to one parent about one alumnus, when more than one is allowed.
PARENT_GAP = timedelta(days=7)
PLAN_EVERY = timedelta(hours=1)  # how often the sweep looks for parents to write to


@dataclass(frozen=True, slots=True)
class ParentContact:
    """How parents are written to: how many messages at most, and the number links open."""

    messages: int = 1  # JEJAK_PARENT_MESSAGES; 0: never
    whatsapp_from: str | None = None  # the school's WhatsApp sender, +62…

    @classmethod
    def from_settings(cls, settings: Settings) -> ParentContact:
        return cls(settings.parent_messages, settings.twilio_whatsapp_from)

    def link(self, token: str) -> str | None:
        """The alumnus's personal link: a WhatsApp chat with the school, "MULAI <token>" typed."""
        if not self.whatsapp_from:
            return None
        return whatsapp_link(self.whatsapp_from, INVITATION_KEYWORD, token)


def parent_key(survey_id: int, alumnus_id: int, n: int) -> str:
    """The nth parent message's delivery key."""
    return f"parent:{survey_id}:{alumnus_id}:{n}"


def own_rounds_spent(policy: ReminderPolicy, contact: Contact, now: datetime) -> bool:
    """Whether the alumnus's own rounds are over: their number failed for good, or every
    reminder of the policy was planned and the last day (and message) is MIN_GAP behind."""
    if contact.stopped:
        return True
    if contact.needs_invitation or contact.base is None:
        return False
    if contact.reminders < len(policy.days):
        return False
    last_day = contact.base + timedelta(days=policy.days[-1] if policy.days else 0)
    last = max(last_day, contact.last_message_at or last_day)
    return now >= last + MIN_GAP


class ParentPlanner:
    """plan_parents at most once every `every`: it reads whole cohorts, and a parent's message
    is not urgent to the minute (the sweep runs every minute)."""

    def __init__(self, parents: ParentContact, every: timedelta = PLAN_EVERY) -> None:
        self.parents = parents
        self.every = every
        self._last: datetime | None = None

    async def __call__(self, session: AsyncSession, now: datetime) -> int:
        if self._last is not None and now - self._last < self.every:
            return 0
        self._last = now
        return await plan_parents(session, now, self.parents)


async def plan_parents(session: AsyncSession, now: datetime, parents: ParentContact) -> int:
    """Write the parent messages due at `now` (inside each institution's sending hours)."""
    if parents.messages <= 0:
        return 0
    added = 0
    for survey, institution in await open_surveys_with_institutions(session, now):
        policy = policy_of(survey)
        if not institution.guardian_contact or not within_hours(now, institution.timezone, policy):
            continue
        candidates = await parent_candidates(session, survey)
        if not candidates:
            continue
        contacts = await reminder_contacts(session, survey, first_contact=True)
        planned = []
        for candidate in candidates:
            if candidate.ended or candidate.planned >= parents.messages:
                continue
            last = candidate.last_planned_at
            if last is not None and now - last < PARENT_GAP:
                continue
            contact = contacts.get(candidate.alumnus_id)
            if contact is None:
                # No own channel left. Unless whoever holds their own number asked to be left
                # alone: that may have been the alumnus, and their parent is not a way round it.
                if candidate.own_number_opted_out:
                    continue
            elif not own_rounds_spent(policy, contact, now):
                continue
            n = candidate.planned + 1
            planned.append(
                Planned(
                    parent_key(survey.id, candidate.alumnus_id, n),
                    DeliveryKind.PARENT,
                    survey.id,
                    candidate.alumnus_id,
                    round=n,
                )
            )
        if planned:
            # The message carries the alumnus's personal link: made now, as staff's lists do.
            await add_tokens(session, survey.id, [p.alumnus_id or 0 for p in planned], now)
            added += await add_deliveries(session, planned, now)
    if added:
        log.info("planned %s parent messages", added)
    return added


async def compose_parent(
    session: AsyncSession,
    delivery: Delivery,
    now: datetime,
    parents: ParentContact | None,
    channels: Collection[str],
    language: str,
) -> Composed:
    """A parent message when its turn comes, or why it no longer goes (read fresh: a finished
    alumnus, a closed survey, a number that said stop or a school that turned it off)."""
    if parents is None or parents.messages < delivery.round or WHATSAPP not in channels:
        return Skip("parents_off")
    found = (
        await parent_recipient(session, delivery.survey_id, delivery.alumnus_id)
        if delivery.survey_id and delivery.alumnus_id
        else None
    )
    if found is None:
        return Skip("alumnus_gone")
    survey, institution, alumnus = found.survey, found.institution, found.alumnus
    if not is_open(survey, now):
        return Skip("survey_closed")
    if found.response_status in FINISHED:
        return Skip(found.response_status or "finished")
    if not institution.guardian_contact:
        return Skip("guardian_contact_off")
    phone = alumnus.guardian_phone
    if not phone or phone == alumnus.phone:
        return Skip("no_guardian")
    if found.guardian_opted_out:
        return Skip("opted_out")
    if found.last_inbound_at is not None and found.last_inbound_at >= delivery.created_at:
        return Skip("in_chat")  # the alumnus wrote since: their own chat carries on
    link = parents.link(found.token) if found.token else None
    if link is None:
        return Skip("no_link")
    opening = next_window_start(now, institution.timezone, policy_of(survey))
    if opening > now:
        return Later(opening)
    params = {"institution": institution.name, "name": first_name(alumnus.name), "link": link}
    return Envelope(
        WHATSAPP,
        phone,
        OutgoingMessage(
            t(language, PARENT_TEMPLATE, **params),
            template=PARENT_TEMPLATE,
            language=language,
            variables=(params["institution"], params["name"], params["link"]),
            window_open=False,  # the parent never wrote: only an approved template may go
        ),
    )
