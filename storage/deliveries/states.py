"""How far reminders got: one delivery's state for /belum, counts per survey for /statistik, and
the channel's status reports recorded on their delivery.

A delivery's `status` says what Jejak did (sent, failed …); `provider_status` is the channel's
own word for what happened next. WhatsApp reports sent, delivered and read through Twilio's
callbacks; Telegram reports nothing, so a Telegram reminder stays "sent" once the Bot API took it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Alumnus, Delivery, DeliveryKind, DeliveryStatus, Survey
from storage.results import rows_changed

CHUNK = 1000  # keep IN lists within every database's limits
REMINDER_KINDS = (DeliveryKind.REMINDER.value, DeliveryKind.RESEND.value)


class DeliveryState(enum.StrEnum):
    """How far one reminder got, as staff are told."""

    SENT = "sent"  # the channel took it; no news since (or a channel without receipts)
    DELIVERED = "delivered"  # on the recipient's phone
    READ = "read"  # opened (WhatsApp read receipt)
    FAILED = "failed"  # did not arrive; `last_error` says why


def delivery_state(status: str, provider_status: str | None) -> DeliveryState | None:
    """The state of a delivery with this status and provider status; None if not sent yet."""
    if status in (DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value):
        return DeliveryState.FAILED
    if status != DeliveryStatus.SENT.value:
        return None  # pending, being sent or skipped: nothing reached anyone
    if provider_status == "read":
        return DeliveryState.READ
    if provider_status == "delivered":
        return DeliveryState.DELIVERED
    return DeliveryState.SENT


@dataclass(frozen=True, slots=True)
class ReminderCounts:
    """Reminder and resend deliveries of a survey by how far they got.

    Each delivery counts once, by its furthest state, and the counts nest: `read` ⊂ `delivered`
    ⊂ `sent`. `sent` is every delivery the channel took (Telegram ones included, which never
    report further); `delivered` those with a delivery or read receipt; `read` those with a
    read receipt. `failed` (failed, or the recipient blocked the bot) is apart from `sent`: a
    WhatsApp message accepted and later reported undelivered counts as failed only. Pending,
    in-flight and skipped deliveries are not counted.
    """

    sent: int = 0
    delivered: int = 0
    read: int = 0
    failed: int = 0

    @property
    def any(self) -> bool:
        """Whether there is anything to report."""
        return bool(self.sent or self.failed)


async def reminder_counts(
    session: AsyncSession, survey: Survey, class_group_ids: Iterable[int] | None = None
) -> ReminderCounts:
    """Reminder and resend deliveries to the survey's cohort (only these classes, if given).

    One GROUP BY per chunk of class ids, never one query per alumnus.
    """
    states: dict[DeliveryState, int] = dict.fromkeys(DeliveryState, 0)
    for scope in _scopes(class_group_ids):
        rows = await session.execute(
            select(Delivery.status, Delivery.provider_status, func.count(Delivery.id))
            .join(Alumnus, Alumnus.id == Delivery.alumnus_id)
            .where(
                Delivery.survey_id == survey.id,
                Delivery.kind.in_(REMINDER_KINDS),
                Alumnus.institution_id == survey.institution_id,
                Alumnus.graduation_year == survey.graduation_year,
                *scope,
            )
            .group_by(Delivery.status, Delivery.provider_status)
        )
        for status, provider_status, count in rows:
            state = delivery_state(status, provider_status)
            if state is not None:
                states[state] += count
    read = states[DeliveryState.READ]
    delivered = states[DeliveryState.DELIVERED] + read
    return ReminderCounts(
        sent=states[DeliveryState.SENT] + delivered,
        delivered=delivered,
        read=read,
        failed=states[DeliveryState.FAILED],
    )


async def record_provider_status(
    session: AsyncSession,
    provider_message_id: str,
    earlier: Collection[str],
    values: Mapping[str, object],
) -> bool | None:
    """Set `values` on the delivery the channel knows by this message id, if its provider status
    is none yet or one of `earlier`: True if it was set, False if the delivery is past that,
    None if no delivery has the id.

    One conditional UPDATE, so two callbacks handled at once cannot move a status backwards.
    """
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.provider_message_id == provider_message_id,
            or_(Delivery.provider_status.is_(None), Delivery.provider_status.in_(list(earlier))),
        )
        .values(**values)
    )
    if rows_changed(result):
        return True
    known = await session.scalar(
        select(Delivery.id).where(Delivery.provider_message_id == provider_message_id)
    )
    return False if known is not None else None


def _scopes(class_group_ids: Iterable[int] | None) -> Iterable[tuple[ColumnElement[bool], ...]]:
    """Extra WHERE clauses: none for the whole institution, else one chunk of class ids each."""
    if class_group_ids is None:
        return [()]
    ordered = sorted(class_group_ids)
    return [
        (Alumnus.class_group_id.in_(ordered[start : start + CHUNK]),)
        for start in range(0, len(ordered), CHUNK)
    ]
