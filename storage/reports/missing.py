"""Who has not finished a survey yet, and whether they can be reached (for /belum and summaries)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.identifiers import identifier_for
from storage.access import identifier_checks
from storage.deliveries.opt_outs import opted_out
from storage.deliveries.parents import OPTED_OUT, PARENT_REPLIES
from storage.deliveries.states import REMINDER_KINDS, DeliveryState, delivery_state
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ClassGroup,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Institution,
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


class Route(enum.StrEnum):
    """A way an alumnus was tried: their own chats, or a parent's number."""

    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"  # their own number or WhatsApp chat
    PARENT = "parent"  # the roster's parent's or guardian's number


@dataclass(frozen=True, slots=True)
class Attempt:
    """The latest attempt on one route, and how it ended.

    `state` is how far the message got (None: no message, only the chat or the number's own
    word is known); `error` the delivery's code ("twilio_63003", "needs_template"), "blocked",
    or what the number's holder said: "opted_out" (BERHENTI), "wrong_number" (SALAH NOMOR).
    """

    route: Route
    at: datetime | None
    state: DeliveryState | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class MissingAlumnus:
    """An alumnus of the cohort who has not completed the survey."""

    alumnus_id: int
    nisn: str  # the institution kind's identifier: NISN, NIM, participant number
    name: str
    class_name: str | None
    status: str  # a ResponseStatus value, or "not_started"
    reach: Reach
    last_reminder_at: datetime | None
    # Why the latest reminder did not arrive, if it did not: its error code ("needs_template",
    # "whatsapp_63003" …), or "blocked" when the recipient had blocked the bot.
    last_failure: str | None = None
    has_phone: bool = False  # the roster has a number: WhatsApp can write first (by template)
    # How far the latest reminder or resend got (sent, delivered, read, failed), and when it was
    # sent (or, if it never was, when it failed); None before any was sent or failed.
    last_delivery_state: DeliveryState | None = None
    last_delivery_at: datetime | None = None
    # Someone failed the identity check for this alumnus's identifier too often (from any
    # chat): it is locked for a while, and their invitation link is the way in.
    identity_guessed: bool = False
    # Every route tried (own Telegram, own WhatsApp, parent), in that order, with its latest
    # attempt; a route never tried is absent.
    tried: tuple[Attempt, ...] = ()


NOT_STARTED = "not_started"
# Deliveries that got somewhere: sent (with whatever the channel reported since) or ended unsent.
_ENDED = (DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value)


async def missing_alumni(
    session: AsyncSession,
    survey: Survey,
    class_group_ids: Iterable[int] | None = None,
    alumnus_ids: Iterable[int] | None = None,
) -> list[MissingAlumnus]:
    """Alumni of the survey's cohort without a completed response, by class and name."""
    own_opted_out = and_(Alumnus.phone.is_not(None), opted_out(_WHATSAPP, Alumnus.phone))
    guardian_opted_out = and_(
        Alumnus.guardian_phone.is_not(None), opted_out(_WHATSAPP, Alumnus.guardian_phone)
    )
    query = (
        select(
            Alumnus.id,
            Alumnus.nisn,
            Alumnus.name,
            ClassGroup.name,
            Response.status,
            Alumnus.phone,
            own_opted_out,
            guardian_opted_out,
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
    institution = await session.get(Institution, survey.institution_id)
    code = identifier_for(institution.kind).code if institution else identifier_checks.NISN
    keys = {row[0]: identifier_checks.key_of(code, row[1]) for row in rows}
    guessed = await identifier_checks.guessed(session, keys.values())
    reach: dict[int, bool] = {}  # alumnus -> any reachable identity (absent: none at all)
    chats: dict[tuple[int, str], bool] = {}  # (alumnus, channel) -> that chat is reachable
    reminded: dict[int, datetime] = {}
    failures: dict[int, str | None] = {}
    latest_state: dict[int, tuple[DeliveryState | None, datetime | None]] = {}
    latest_on: dict[tuple[int, Route], Attempt] = {}  # the latest attempt on each route
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = await session.execute(
            select(
                ChannelIdentity.alumnus_id,
                ChannelIdentity.channel,
                func.max(case((ChannelIdentity.reachable, 1), else_=0)),
            )
            .where(ChannelIdentity.alumnus_id.in_(chunk))
            .group_by(ChannelIdentity.alumnus_id, ChannelIdentity.channel)
        )
        for alumnus_id, channel, reachable in found:
            chats[alumnus_id, channel] = bool(reachable)
            reach[alumnus_id] = reach.get(alumnus_id, False) or bool(reachable)
        at = func.coalesce(Delivery.sent_at, Delivery.updated_at)
        latest = await session.execute(
            select(
                Delivery.alumnus_id,
                Delivery.status,
                Delivery.provider_status,
                Delivery.last_error,
                at,
                Delivery.kind,
                Delivery.channel,
            )
            .where(
                Delivery.survey_id == survey.id,
                Delivery.alumnus_id.in_(chunk),
                Delivery.kind.in_(_TRIED_KINDS),
                Delivery.status.in_(_ENDED),
            )
            .order_by(at, Delivery.id)
        )
        for alumnus_id, status, provider_status, error, when, kind, channel in latest:
            if alumnus_id is None:  # a staff chat's delivery; the IN above leaves none
                continue
            state = delivery_state(status, provider_status)
            if status == DeliveryStatus.BLOCKED.value:
                error = "blocked"
            route = _route(kind, channel)
            if route is not None:  # the latest on each route decides
                latest_on[alumnus_id, route] = Attempt(route, when, state, error)
            if kind == _PARENT:
                continue  # a parent's number: not one of the alumnus's own reminders
            latest_state[alumnus_id] = (state, when)  # the latest decides
            if status == DeliveryStatus.SENT.value and when is not None:
                # Sent ones are ordered by sent_at: the last one seen is the latest sent.
                reminded[alumnus_id] = when
            if state is not DeliveryState.FAILED:
                failures[alumnus_id] = None
            else:
                failures[alumnus_id] = error or DeliveryStatus.FAILED.value
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
            *latest_state.get(aid, (None, None)),
            keys[aid] in guessed,
            _tried(aid, latest_on, chats, bool(own_stop), bool(parent_stop)),
        )
        for aid, nisn, name, group, status, phone, own_stop, parent_stop in rows
    ]


_WHATSAPP = "whatsapp"
_PARENT = DeliveryKind.PARENT.value
_TRIED_KINDS = (*REMINDER_KINDS, _PARENT)


def _route(kind: str, channel: str | None) -> Route | None:
    """The route a delivery took: a parent's number, or the alumnus's own chat or number."""
    if kind == _PARENT:
        return Route.PARENT
    if channel in (Route.TELEGRAM.value, Route.WHATSAPP.value):
        return Route(channel)
    return None  # never handed to a channel


def _tried(
    alumnus_id: int,
    latest: dict[tuple[int, Route], Attempt],
    chats: dict[tuple[int, str], bool],
    own_stopped: bool,
    parent_stopped: bool,
) -> tuple[Attempt, ...]:
    """One alumnus's routes tried, with their latest attempt and what the number said."""
    tried = []
    for route in Route:
        attempt = latest.get((alumnus_id, route))
        stopped = {Route.WHATSAPP: own_stopped, Route.PARENT: parent_stopped}.get(route, False)
        gone = chats.get((alumnus_id, route.value)) is False
        if route is not Route.PARENT and attempt is None and gone:
            attempt = Attempt(route, None, DeliveryState.FAILED, "blocked")  # a chat gone
        if stopped and (attempt is None or attempt.error not in PARENT_REPLIES):
            attempt = Attempt(route, attempt.at if attempt else None, None, OPTED_OUT)
        if attempt is not None:
            tried.append(attempt)
    return tuple(tried)


def _reach(status: str | None, reachable: bool | None) -> Reach:
    if status == ResponseStatus.OPTED_OUT.value:
        return Reach.OPTED_OUT
    if status == ResponseStatus.DECLINED.value:
        return Reach.DECLINED
    if reachable is None:
        return Reach.NO_CHAT
    return Reach.REACHABLE if reachable else Reach.BLOCKED
