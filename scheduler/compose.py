"""What each delivery says, decided when its turn comes (so summaries are never stale).

A reminder whose alumnus finished in the meantime, or whose survey closed, is skipped; one whose
turn comes outside the sending hours waits for the next morning. Round 0 is the invitation: a
template to a roster number without a chat, or, to a chat linked before the survey opened whose
alumnus has no response yet, the opening message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config.loader import QuestionnaireError
from conversations.messages import first_name, t
from scheduler.checkins import compose_checkin
from scheduler.outbox import Composed, Envelope, Later, OutgoingMessage, Skip
from scheduler.parents import ParentContact, compose_parent
from scheduler.planning import is_open, policy_of
from scheduler.policy import next_window_start
from scheduler.reports import homeroom_daily_text, ranking_text, weekly_caption
from storage.deliveries.opt_outs import alumnus_opted_out, is_opted_out
from storage.deliveries.planning import FINISHED
from storage.deliveries.recipients import reminder_recipient
from storage.models import (
    Alumnus,
    ChannelIdentity,
    Delivery,
    DeliveryKind,
    Institution,
    StaffChat,
    StaffMember,
    Survey,
)
from storage.reports.indicators import report_survey, survey_figures
from storage.reports.missing import missing_alumni
from storage.reports.statistics import survey_statistics, weekly_completion
from storage.staff import members as staff_repo

log = logging.getLogger(__name__)

# WhatsApp's customer-service window: free text only this long after the person last wrote.
WINDOW = timedelta(hours=24)
WHATSAPP = "whatsapp"
FIRST_CONTACT = "wa_invitation"  # the catalogue key, and the template's name in the settings
# The opening message to a chat linked before the survey opened: catalogue key and template.
SURVEY_OPEN = "survey_open"
# The opening message's button on Telegram: pressing it starts the survey, as typing LANJUT does.
START_BUTTON = "op|start"
# The morning summary's template name; variables 1-5: survey, classes, finished, alumni, missing.
HOMEROOM_TEMPLATE = "homeroom_daily"


class Composer:
    """Composes deliveries for the channels this process can send on."""

    def __init__(
        self, channels: Collection[str], language: str = "id", parents: ParentContact | None = None
    ) -> None:
        self.channels = frozenset(channels)
        self.language = language  # for group chats, which have no language of their own
        self.parents = parents  # None: no parent messages from this process

    async def __call__(self, session: AsyncSession, delivery: Delivery, now: datetime) -> Composed:
        kind = DeliveryKind(delivery.kind)
        if kind in (DeliveryKind.REMINDER, DeliveryKind.RESEND):
            return await self.reminder(session, delivery, now)
        if kind is DeliveryKind.PARENT:
            return await compose_parent(
                session, delivery, now, self.parents, self.channels, self.language
            )
        if kind is DeliveryKind.CHECKIN:  # no survey: the yearly check-in
            return await compose_checkin(session, delivery, now, self.channels)
        survey = await session.get(Survey, delivery.survey_id) if delivery.survey_id else None
        if survey is None:
            return Skip("survey_gone")
        if not is_open(survey, now):
            return Skip("survey_closed")
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None  # a foreign key
        match kind:
            case DeliveryKind.HOMEROOM_DAILY:
                return await self.homeroom(session, delivery, survey, now)
            case DeliveryKind.WEEKLY_SUMMARY:
                return await self.weekly(session, delivery, survey, institution, now)
        return Skip("unknown_kind")  # pragma: no cover - the CHECK constraint allows no other

    async def reminder(self, session: AsyncSession, delivery: Delivery, now: datetime) -> Composed:
        """A reminder or resend to an alumnus who has not finished."""
        found = (
            await reminder_recipient(
                session, delivery.survey_id, delivery.alumnus_id, self.channels
            )
            if delivery.survey_id and delivery.alumnus_id
            else None
        )
        if found is None:
            gone = (
                delivery.survey_id is None or await session.get(Survey, delivery.survey_id) is None
            )
            return Skip("survey_gone" if gone else "alumnus_gone")
        survey, institution, alumnus = found.survey, found.institution, found.alumnus
        response, identity, answered = found.response, found.identity, found.answered
        if not is_open(survey, now):
            return Skip("survey_closed")
        if response is not None and response.status in FINISHED:
            return Skip(response.status)
        policy = policy_of(survey)
        opening = next_window_start(now, institution.timezone, policy)
        if opening > now:
            return Later(opening)
        language = response.language if response is not None else alumnus.language
        if identity is None:
            if await alumnus_opted_out(session, alumnus.id):
                return Skip("opted_out")  # their number, or a chat of theirs, said BERHENTI
            # Their chat blocked us or failed for good (or they never had one): the roster's
            # number is the next channel, by template (#17: a failed channel drops to the next).
            return self._first_contact(alumnus, survey, institution, language)
        if delivery.kind == DeliveryKind.REMINDER.value and delivery.round == 0:
            if response is not None:
                return Skip("in_chat")  # the invitation was for someone who had not written yet
            return await self._opening(session, alumnus, survey, institution, identity, now)
        params = {
            "name": first_name(alumnus.name),
            "institution": institution.name,
            "survey": survey.name,
            "answered": answered,
        }
        key = "reminder_continue" if answered else "reminder_start"
        identity_id = identity.id

        async def blocked(s: AsyncSession) -> None:
            found = await s.get(ChannelIdentity, identity_id)
            if found is not None:
                found.reachable = False

        last_inbound = identity.last_inbound_at
        return Envelope(
            identity.channel,
            identity.external_id,
            OutgoingMessage(
                t(language, key, **params),
                template=key,
                language=language,
                variables=tuple(str(params[k]) for k in ("name", "institution", "survey")),
                window_open=last_inbound is not None and now - last_inbound < WINDOW,
            ),
            on_blocked=blocked,
        )

    async def _opening(
        self,
        session: AsyncSession,
        alumnus: Alumnus,
        survey: Survey,
        institution: Institution,
        identity: ChannelIdentity,
        now: datetime,
    ) -> Composed:
        """The survey is open: the first message to a chat linked before (in grade XII)."""
        if await is_opted_out(session, identity.channel, identity.external_id):
            return Skip("opted_out")
        params = {
            "name": first_name(alumnus.name),
            "institution": institution.name,
            "survey": survey.name,
        }
        identity_id, last_inbound = identity.id, identity.last_inbound_at

        async def blocked(s: AsyncSession) -> None:
            found = await s.get(ChannelIdentity, identity_id)
            if found is not None:
                found.reachable = False

        return Envelope(
            identity.channel,
            identity.external_id,
            OutgoingMessage(
                t(alumnus.language, SURVEY_OPEN, **params),
                template=SURVEY_OPEN,
                language=alumnus.language,
                variables=tuple(params.values()),
                window_open=last_inbound is not None and now - last_inbound < WINDOW,
                buttons=((t(alumnus.language, "button_start_survey"), START_BUTTON),),
            ),
            on_blocked=blocked,
        )

    def _first_contact(
        self, alumnus: Alumnus, survey: Survey, institution: Institution, language: str
    ) -> Composed:
        """No chat yet: on WhatsApp the roster's number can be written to first, by template."""
        if WHATSAPP not in self.channels or not alumnus.phone:
            return Skip("unreachable")
        params = {
            "name": first_name(alumnus.name),
            "institution": institution.name,
            "survey": survey.name,
        }
        return Envelope(
            WHATSAPP,
            alumnus.phone,
            OutgoingMessage(
                t(language, FIRST_CONTACT, **params),
                template=FIRST_CONTACT,
                language=language,
                variables=tuple(params.values()),
                window_open=False,  # they never wrote: only an approved template may go
            ),
        )

    async def _staff_chat(
        self, session: AsyncSession, delivery: Delivery
    ) -> tuple[StaffChat, StaffMember | None] | Skip:
        chat = (
            await session.get(StaffChat, delivery.staff_chat_id) if delivery.staff_chat_id else None
        )
        if chat is None or not chat.reachable or chat.channel not in self.channels:
            return Skip("unreachable")
        member = await session.get(StaffMember, chat.staff_id) if chat.staff_id else None
        if member is not None and not member.active:
            return Skip("staff_inactive")
        return chat, member

    def _blocked(self, chat_id: int) -> Callable[[AsyncSession], Awaitable[None]]:
        async def blocked(s: AsyncSession) -> None:
            await staff_repo.mark_chat_unreachable(s, chat_id)

        return blocked

    async def homeroom(
        self, session: AsyncSession, delivery: Delivery, survey: Survey, now: datetime
    ) -> Composed:
        """A homeroom teacher's morning summary of their own classes, and the school's ranking."""
        found = await self._staff_chat(session, delivery)
        if isinstance(found, Skip):
            return found
        chat, member = found
        if member is None:
            return Skip("not_a_person")
        scope = await staff_repo.scope_of(session, member)
        classes = scope.class_filter(survey.institution_id)
        if not classes:
            return Skip("no_classes")
        stats = await survey_statistics(
            session, survey.id, class_group_ids=set(classes), now=now, since=now - timedelta(days=1)
        )
        missing = await missing_alumni(session, survey, classes)
        parts = []
        for group in stats.groups:
            if not group.alumni:
                # A class with none of this survey's cohort (a grade XII class before it
                # graduates): nothing to say about it, every morning.
                continue
            names = [m.name for m in missing if m.class_name == group.name]
            parts.append(
                homeroom_daily_text(
                    group,
                    group.completed_since or 0,
                    names,
                    member.language,
                    survey.name,
                    group.name or "-",
                )
            )
        if not parts:
            return Skip("no_alumni")
        # The school's classes by response rate: names and percentages only, nobody's name.
        school = await survey_statistics(session, survey.id, now=now)
        ranking = ranking_text(school.groups, set(classes), member.language)
        if ranking is not None:
            parts.append(ranking)
        total = stats.total
        last_inbound = chat.last_inbound_at
        return Envelope(
            chat.channel,
            chat.external_id,
            OutgoingMessage(
                "\n\n".join(parts),
                html=True,
                # Outside WhatsApp's 24-hour window only an approved template may go.
                template=HOMEROOM_TEMPLATE,
                language=member.language,
                variables=(
                    survey.name,
                    ", ".join(group.name or "-" for group in stats.groups),
                    str(total.completed),
                    str(total.alumni),
                    str(len(missing)),
                ),
                window_open=chat.channel != WHATSAPP
                or (last_inbound is not None and now - last_inbound < WINDOW),
            ),
            on_blocked=self._blocked(chat.id),
        )

    async def weekly(
        self,
        session: AsyncSession,
        delivery: Delivery,
        survey: Survey,
        institution: Institution,
        now: datetime,
    ) -> Composed:
        """The institution staff group's weekly chart of completion, each class's trend over the
        last weeks, and outcomes."""
        # matplotlib takes a second to import: only processes that draw a chart pay for it.
        from scheduler.charts import completion_chart_png

        found = await self._staff_chat(session, delivery)
        if isinstance(found, Skip):
            return found
        chat, _member = found
        language = self.language
        # `since` a week ago: the caption's "+N since last week" (weekly_change).
        stats = await survey_statistics(session, survey.id, now=now, since=now - timedelta(days=7))
        figures = await weekly_figures(session, survey.id)
        trend = await weekly_completion(session, survey.id, now=now)
        png = await asyncio.to_thread(completion_chart_png, stats, language, survey.name, trend)
        caption = weekly_caption(stats, language, survey.name, institution.name, figures, trend)
        return Envelope(
            chat.channel,
            chat.external_id,
            OutgoingMessage(caption, html=True, photo=png),
            on_blocked=self._blocked(chat.id),
        )


async def weekly_figures(session: AsyncSession, survey_id: int) -> dict[str, Any] | None:
    """The report's figures of the survey (the same computation as `jejak report`), for the
    weekly caption's BMW rate and waiting time; None when its questionnaire no longer reads."""
    survey = await report_survey(session, survey_id)
    if survey is None:
        return None
    try:
        return await survey_figures(session, [survey], group_keys=())
    except QuestionnaireError:
        # The caption goes without the two figures rather than not at all.
        log.warning("weekly figures: survey %s has an unreadable questionnaire", survey_id)
        return None
