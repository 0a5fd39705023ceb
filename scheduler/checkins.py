"""The yearly check-in: "is this still your number?" to linked alumni, planned and composed.

Every JEJAK_CHECKIN_MONTHS months (0: never) after an alumnus last confirmed their number (or,
never asked, after their first chat was linked), one CHECKIN delivery is planned for them, keyed
`checkin:{alumnus}:{date of that confirmation}:{n}` (n: how many intervals have passed), so it
goes at most once per interval and again only if they did not answer. Not while an open survey
waits for them (its reminders speak then), not to anyone who asked to stop, not within MIN_GAP
of another message. Answers are bot/alumni/checkin.py's.

It goes to their best reachable chat (Telegram: three buttons; WhatsApp: free text in the 24-hour
window, else the `checkin` template), else to the roster number by that template; in the
institution's sending hours (the default 8-20: there may be no survey to take them from).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conversations.messages import first_name, t
from scheduler.outbox import Composed, Envelope, Later, OutgoingMessage, Skip
from scheduler.policy import MIN_GAP, ReminderPolicy, next_window_start
from storage.deliveries.checkins import checkin_recipient, checkins_due
from storage.deliveries.planning import Planned, add_deliveries
from storage.models import ChannelIdentity, Delivery, DeliveryKind

log = logging.getLogger(__name__)

WHATSAPP = "whatsapp"
TEMPLATE = "checkin"  # its name in JEJAK_TWILIO_TEMPLATES (the text: checkin_whatsapp)
# Telegram's buttons: "Ya, masih" / "Ganti nomor" / "Berhenti" (callback data, at most 64 bytes).
CONFIRM, CHANGE, STOP = "ci|yes", "ci|change", "ci|stop"
HOURS = ReminderPolicy()  # the default sending hours, 8 to 20 local time
WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window


def interval(months: int) -> timedelta:
    """`months` months, as days (a year is 365)."""
    return timedelta(days=months * 365 // 12)


def checkin_key(alumnus_id: int, confirmed_at: datetime, n: int) -> str:
    """The n-th check-in after this confirmation: one delivery, whatever planned it."""
    return f"checkin:{alumnus_id}:{confirmed_at:%Y%m%d}:{n}"


async def plan_checkins(session: AsyncSession, now: datetime, months: int) -> int:
    """Write the check-ins due at `now` (none when `months` is 0); returns how many were added."""
    if months <= 0:
        return 0
    every = interval(months)
    planned = [
        Planned(
            checkin_key(alumnus_id, confirmed_at, (now - confirmed_at) // every),
            DeliveryKind.CHECKIN,
            alumnus_id=alumnus_id,
        )
        for alumnus_id, confirmed_at in await checkins_due(session, now, now - every, now - MIN_GAP)
    ]
    added = await add_deliveries(session, planned, now)
    if added:
        log.info("planned %s check-ins", added)
    return added


def checkin_buttons(language: str) -> tuple[tuple[str, str], ...]:
    """The three answers as Telegram buttons: (label, callback data)."""
    return (
        (t(language, "checkin_button_yes"), CONFIRM),
        (t(language, "checkin_button_change"), CHANGE),
        (t(language, "checkin_button_stop"), STOP),
    )


async def compose_checkin(
    session: AsyncSession, delivery: Delivery, now: datetime, channels: Collection[str]
) -> Composed:
    """A check-in, decided when its turn comes: to the best chat, else the roster number."""
    found = (
        await checkin_recipient(session, delivery.alumnus_id, channels, now)
        if delivery.alumnus_id
        else None
    )
    if found is None:
        return Skip("alumnus_gone")
    alumnus, institution, identity = found.alumnus, found.institution, found.identity
    if found.stopped:
        return Skip("opted_out")
    if found.survey_pending:
        return Skip("survey_open")
    confirmed = alumnus.phone_confirmed_at
    if confirmed is not None and confirmed >= delivery.created_at:
        return Skip("confirmed")  # they confirmed (or gave a new number) since it was planned
    opening = next_window_start(now, institution.timezone, HOURS)
    if opening > now:
        return Later(opening)
    language = alumnus.language
    params = {"name": first_name(alumnus.name), "institution": institution.name}
    if identity is not None:
        identity_id = identity.id

        async def blocked(s: AsyncSession) -> None:
            chat = await s.get(ChannelIdentity, identity_id)
            if chat is not None:
                chat.reachable = False

        last_inbound = identity.last_inbound_at
        telegram = identity.channel != WHATSAPP
        return Envelope(
            identity.channel,
            identity.external_id,
            OutgoingMessage(
                t(language, "checkin" if telegram else "checkin_whatsapp", **params),
                template=TEMPLATE,
                language=language,
                variables=tuple(params.values()),
                window_open=telegram or (last_inbound is not None and now - last_inbound < WINDOW),
                buttons=checkin_buttons(language) if telegram else (),
            ),
            on_blocked=blocked,
        )
    # No chat left: the roster number, by template, unless it failed for good (a BERHENTI from
    # it is in `stopped`).
    if WHATSAPP not in channels or not alumnus.phone or found.number_failed:
        return Skip("unreachable")
    return Envelope(
        WHATSAPP,
        alumnus.phone,
        OutgoingMessage(
            t(language, "checkin_whatsapp", **params),
            template=TEMPLATE,
            language=language,
            variables=tuple(params.values()),
            window_open=False,
        ),
    )
