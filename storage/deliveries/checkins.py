"""The yearly check-in's rows: who is due one, whom it goes to, what they answered, and chats
whose messages failed for good.

scheduler/checkins.py decides when; bot/alumni/checkin.py handles the answers. Every function
takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.deliveries.opt_outs import opt_out, opted_out
from storage.deliveries.outbox import NEEDS_TEMPLATE
from storage.deliveries.planning import FINISHED, failed_for_good
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ContactOptOut,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Institution,
    Response,
    ResponseStatus,
    Survey,
)
from storage.results import rows_changed

WHATSAPP = "whatsapp"
# Twilio codes that say this number cannot get WhatsApp messages from us (bot/whatsapp/errors.py
# names them; a test holds the two together): 63003/63024 no WhatsApp account or an invalid
# recipient, 63014 blocked the business, 21211/21614 not a valid (mobile) number.
UNREACHABLE_CODES = (63003, 63024, 63014, 21211, 21614)
# A delivery's last_error for a send that failed because of the recipient, not the message: the
# sender's own answer (twilio_…) or a later status callback (whatsapp_…). NEEDS_TEMPLATE (63016,
# the 24-hour window closed and no template) counts only when the alumnus has another channel.
UNREACHABLE_ERRORS = (
    *(f"twilio_{code}" for code in UNREACHABLE_CODES),
    *(f"whatsapp_{code}" for code in UNREACHABLE_CODES),
)


def survey_pending(now: datetime) -> ColumnElement[bool]:
    """SQL: an open survey of the alumnus's cohort that they have not finished."""
    finished = (
        select(Response.id)
        .where(
            Response.survey_id == Survey.id,
            Response.alumnus_id == Alumnus.id,
            Response.status.in_(FINISHED),
        )
        .exists()
    )
    return (
        select(Survey.id)
        .where(
            Survey.institution_id == Alumnus.institution_id,
            Survey.graduation_year == Alumnus.graduation_year,
            Survey.opens_at <= now,
            or_(Survey.closes_at.is_(None), Survey.closes_at > now),
            ~finished,
        )
        .exists()
    )


def asked_to_stop() -> ColumnElement[bool]:
    """SQL: the alumnus opted out of a survey, or one of their chats or their number said
    BERHENTI outside a survey (contact_opt_outs)."""
    in_survey = (
        select(Response.id)
        .where(Response.alumnus_id == Alumnus.id, Response.status == ResponseStatus.OPTED_OUT.value)
        .exists()
    )
    chat = exists().where(
        ChannelIdentity.alumnus_id == Alumnus.id,
        ContactOptOut.channel == ChannelIdentity.channel,
        ContactOptOut.external_id == ChannelIdentity.external_id,
    )
    return or_(in_survey, chat, opted_out(WHATSAPP, Alumnus.phone))


async def checkins_due(
    session: AsyncSession, now: datetime, confirmed_before: datetime, quiet_since: datetime
) -> list[tuple[int, datetime]]:
    """Linked alumni (a reachable chat) whose number was last confirmed (else their first chat
    linked) before `confirmed_before`, with no open survey left to answer, who never asked to
    stop and got no message since `quiet_since`: (alumnus id, that confirmation time)."""
    chats = (
        select(
            ChannelIdentity.alumnus_id.label("alumnus_id"),
            func.min(ChannelIdentity.created_at).label("linked_at"),
            func.max(case((ChannelIdentity.reachable, 1), else_=0)).label("reachable"),
        )
        .group_by(ChannelIdentity.alumnus_id)
        .subquery()
    )
    basis = func.coalesce(Alumnus.phone_confirmed_at, chats.c.linked_at)
    recent = (
        select(Delivery.id)
        .where(
            Delivery.alumnus_id == Alumnus.id,
            func.coalesce(Delivery.sent_at, Delivery.created_at) >= quiet_since,
        )
        .exists()
    )
    rows = await session.execute(
        select(Alumnus.id, Alumnus.phone_confirmed_at, chats.c.linked_at)
        .join(chats, chats.c.alumnus_id == Alumnus.id)
        .where(
            chats.c.reachable == 1,
            basis < confirmed_before,
            ~survey_pending(now),
            ~asked_to_stop(),
            ~recent,
        )
        .order_by(Alumnus.id)
    )
    return [(alumnus, confirmed or linked) for alumnus, confirmed, linked in rows]


@dataclass(frozen=True, slots=True)
class CheckinRecipient:
    """Whom a check-in goes to, read when its turn comes."""

    alumnus: Alumnus
    institution: Institution
    identity: ChannelIdentity | None  # the reachable chat they last wrote from, on the channels
    stopped: bool  # asked to stop (a survey's opt-out, or BERHENTI)
    survey_pending: bool  # an open survey is waiting for them: its reminders speak instead
    number_failed: bool  # the roster number failed for good since it was last changed


async def checkin_recipient(
    session: AsyncSession, alumnus_id: int, channels: Collection[str], now: datetime
) -> CheckinRecipient | None:
    """The alumnus, institution and best chat of a check-in; None when the alumnus is gone."""
    found = (
        await session.execute(
            select(Alumnus, Institution, asked_to_stop(), survey_pending(now))
            .join(Institution, Institution.id == Alumnus.institution_id)
            .where(Alumnus.id == alumnus_id)
        )
    ).first()
    if found is None:
        return None
    alumnus, institution, stopped, pending = found
    identity = await session.scalar(
        select(ChannelIdentity)
        .where(
            ChannelIdentity.alumnus_id == alumnus_id,
            ChannelIdentity.reachable,
            ChannelIdentity.channel.in_(sorted(channels)),
        )
        .order_by(ChannelIdentity.last_inbound_at.desc().nulls_last(), ChannelIdentity.id)
        .limit(1)
    )
    failed = await session.scalar(
        select(func.count(Delivery.id))
        .join(Alumnus, Alumnus.id == Delivery.alumnus_id)
        .where(Delivery.alumnus_id == alumnus_id, failed_for_good(WHATSAPP))
    )
    return CheckinRecipient(
        alumnus, institution, identity, bool(stopped), bool(pending), bool(failed)
    )


async def open_checkin(
    session: AsyncSession, alumnus_id: int, since: datetime, now: datetime
) -> Delivery | None:
    """The check-in sent to this alumnus since `since` and not answered yet (no confirmation
    since it went, no BERHENTI, no open survey of theirs), if any."""
    went = func.coalesce(Delivery.sent_at, Delivery.updated_at)  # sending: when it was claimed
    return await session.scalar(
        select(Delivery)
        .join(Alumnus, Alumnus.id == Delivery.alumnus_id)
        .where(
            Delivery.alumnus_id == alumnus_id,
            Delivery.kind == DeliveryKind.CHECKIN.value,
            # Sending: the platform took it and the outcome is being recorded (a quick tap).
            Delivery.status.in_([DeliveryStatus.SENT.value, DeliveryStatus.SENDING.value]),
            went >= since,
            or_(Alumnus.phone_confirmed_at.is_(None), Alumnus.phone_confirmed_at < went),
            ~asked_to_stop(),
            ~survey_pending(now),
        )
        .order_by(went.desc())
        .limit(1)
    )


async def confirm_number(session: AsyncSession, alumnus_id: int, now: datetime) -> None:
    """The alumnus says the roster number is still theirs."""
    await session.execute(
        update(Alumnus)
        .where(Alumnus.id == alumnus_id)
        .values(phone_confirmed_at=now, updated_at=now)
    )


async def change_number(session: AsyncSession, alumnus_id: int, phone: str, now: datetime) -> None:
    """The alumnus gives a new number (E.164): it replaces the roster's, confirmed now."""
    await session.execute(
        update(Alumnus)
        .where(Alumnus.id == alumnus_id)
        .values(phone=phone, phone_changed_at=now, phone_confirmed_at=now, updated_at=now)
    )


async def stop_contact(
    session: AsyncSession, alumnus_id: int, channel: str, external_id: str, now: datetime
) -> None:
    """BERHENTI to a check-in: neither this chat nor the roster number is written to again
    (contact_opt_outs, as for a number that said BERHENTI before anyone was linked)."""
    await opt_out(session, channel, external_id, now)
    phone = await session.scalar(select(Alumnus.phone).where(Alumnus.id == alumnus_id))
    if phone:
        await opt_out(session, WHATSAPP, phone, now)


async def mark_failed_chats(session: AsyncSession, since: datetime) -> int:
    """WhatsApp chats whose last message failed because of the recipient (no such account,
    blocked, invalid number; or the window closed with no template, when the alumnus has another
    chat or a different roster number) since they last wrote: marked unreachable, so the next
    message goes to the alumnus's next channel. Returns how many.

    Telegram marks its blocked chats as the send fails (the outbox's on_blocked); WhatsApp
    failures also come later, by status callback, so they are read here, from the ledger: the
    failures recorded since `since` (each sweep looks back a while, so a stop misses none).
    """
    failed_lately = select(Delivery.alumnus_id).where(
        Delivery.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value]),
        Delivery.channel == WHATSAPP,
        Delivery.updated_at >= since,
    )
    other = aliased(ChannelIdentity)
    elsewhere = or_(
        select(other.id)
        .where(
            other.alumnus_id == ChannelIdentity.alumnus_id,
            other.id != ChannelIdentity.id,
            other.reachable,
        )
        .correlate_except(other)  # nested twice: the chat being marked is the UPDATE's row
        .exists(),
        select(Alumnus.id)
        .where(
            Alumnus.id == ChannelIdentity.alumnus_id,
            Alumnus.phone.is_not(None),
            Alumnus.phone != ChannelIdentity.external_id,
        )
        .correlate_except(Alumnus)
        .exists(),
    )
    failed = (
        select(Delivery.id)
        .where(
            Delivery.alumnus_id == ChannelIdentity.alumnus_id,
            Delivery.channel == ChannelIdentity.channel,
            Delivery.status.in_([DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value]),
            or_(
                Delivery.last_error.in_(UNREACHABLE_ERRORS),
                # No template for a closed window: only when there is somewhere else to go.
                # Their only channel stays, for a template staff may still configure (/belum
                # says "needs a template").
                and_(Delivery.last_error == NEEDS_TEMPLATE, elsewhere),
            ),
            # They wrote since (the inbound handler made the chat reachable again): not again.
            Delivery.updated_at
            > func.coalesce(ChannelIdentity.last_inbound_at, ChannelIdentity.created_at),
        )
        .exists()
    )
    # Found by a read first: every sweep asks, and an UPDATE would take SQLite's write lock
    # (and hold every chat's turn) even when, as nearly always, there is nothing to mark.
    found = list(
        await session.scalars(
            select(ChannelIdentity.id).where(
                ChannelIdentity.channel == WHATSAPP,
                ChannelIdentity.reachable,
                ChannelIdentity.alumnus_id.in_(failed_lately),  # the few to look at closely
                failed,
            )
        )
    )
    if not found:
        return 0
    result = await session.execute(
        update(ChannelIdentity)
        .where(ChannelIdentity.id.in_(found), ChannelIdentity.reachable)
        .values(reachable=False)
        .execution_options(synchronize_session=False)
    )
    return max(rows_changed(result) or 0, 0)
