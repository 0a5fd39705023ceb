"""Twilio's delivery status callbacks, recorded on the delivery they belong to.

Callbacks can arrive out of order (or twice): a status only ever moves forward, so a late `sent`
never hides a `read`. `failed` and `undelivered` end the delivery; error 63016 (outside the
24-hour window, no template) is recorded as needing a template so staff see why; error 63018
(the sender over its rate) sends the message again a minute later.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.whatsapp.errors import OUTSIDE_WINDOW, RATE_LIMITED
from storage.deliveries.media import UndeliveredFile, carries_media, take_undelivered
from storage.deliveries.outbox import NEEDS_TEMPLATE
from storage.deliveries.states import record_provider_status
from storage.models import DeliveryStatus

# How far a message got; a callback for an earlier stage than the one recorded is ignored.
ORDER = {"accepted": 0, "queued": 1, "sending": 2, "sent": 3, "delivered": 4, "read": 5}
FINAL_FAILURES = ("failed", "undelivered")
RATE_LIMIT_WAIT = timedelta(minutes=1)


def moves_forward(current: str | None, new: str) -> bool:
    """Whether `new` is news after `current` (failures are final; nothing follows them)."""
    if current in FINAL_FAILURES:
        return False
    if new in FINAL_FAILURES:
        return True
    return ORDER.get(new, -1) > ORDER.get(current or "", -1)


async def record_status(
    session: AsyncSession, params: dict[str, str], now: datetime
) -> bool | None:
    """Apply one callback: True if applied, False if it brings nothing new, None if no delivery
    has its MessageSid (yet: Twilio may call before the sender has recorded the sid).

    One conditional UPDATE, so two callbacks handled at once cannot move a status backwards.
    """
    sid = params.get("MessageSid") or params.get("SmsSid")
    new = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    if not sid or not new or (new not in ORDER and new not in FINAL_FAILURES):
        return False
    earlier = [status for status in ORDER if moves_forward(status, new)]
    values: dict[str, object] = {"provider_status": new, "updated_at": now}
    code = params.get("ErrorCode") or ""
    if new in FINAL_FAILURES and code == str(RATE_LIMITED):
        # The sender was over its rate: not this message's fault. Send it again a little later
        # (a new message with a new sid; callbacks still coming for this one find no delivery).
        values.update(
            status=DeliveryStatus.PENDING.value,
            next_attempt_at=now + RATE_LIMIT_WAIT,
            provider_message_id=None,
            provider_status=None,
            last_error=f"whatsapp_{code}",
        )
    elif new in FINAL_FAILURES:
        values["status"] = DeliveryStatus.FAILED.value
        values["last_error"] = (
            NEEDS_TEMPLATE if code == str(OUTSIDE_WINDOW) else f"whatsapp_{code or new}"
        )
    return await record_provider_status(session, sid, earlier, values)


async def media_status(
    session: AsyncSession, params: dict[str, str]
) -> tuple[bool | None, UndeliveredFile | None]:
    """A callback for a file sent to staff (not a delivery): (applied, whom to tell).

    applied is None when no stored file has the MessageSid (yet, or any more); a failure
    (63019: Twilio could not fetch it) hands back the file's recipient, once.
    """
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    new = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    if not sid or not await carries_media(session, sid):
        return None, None
    if new not in FINAL_FAILURES:
        return False, None
    return True, await take_undelivered(session, sid)
