"""Sending what planning wrote: claim due deliveries, compose, send, record the outcome.

A delivery is claimed with one atomic UPDATE (pending → sending, with a lease), so two processes
never send the same row. A process that dies while holding a claim loses it when the lease runs
out, and the row is sent by whoever sweeps next: written rows are never lost. The one window in
which a message can go out twice is a crash after the platform accepted it and before `sent` is
committed: milliseconds, and unavoidable without the platform's help.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.deliveries import outbox as outbox_rows
from storage.deliveries.outbox import GAVE_UP
from storage.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
# Waits before the 2nd, 3rd … attempt; after the last one the delivery is marked failed.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_BATCH = 200


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """Text (Telegram HTML when `html`), optionally with a PNG photo the text is the caption of.

    Channels that need approved templates outside a conversation window (WhatsApp) also get the
    catalogue key the text came from, its language and parameters, and whether the window is open.
    """

    text: str
    html: bool = False
    photo: bytes | None = None
    template: str | None = None
    language: str = "id"
    variables: tuple[str, ...] = ()
    window_open: bool = True
    # Answers offered as buttons where the channel has them (Telegram): (label, callback data).
    buttons: tuple[tuple[str, str], ...] = ()


class SendStatus(enum.StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the recipient blocked the bot or left: never try again
    RETRY = "retry"  # a temporary failure (network, 429, server error)
    FAILED = "failed"  # a permanent failure for this message (e.g. 400 bad request)


@dataclass(frozen=True, slots=True)
class SendResult:
    """What a channel says about one send; `error` is a code or exception name, never content."""

    status: SendStatus
    error: str | None = None
    retry_after: float | None = None
    provider_id: str | None = None


class Sender(Protocol):
    """A channel that can send scheduled messages (Telegram, later WhatsApp)."""

    channel: str

    async def send(self, external_id: str, message: OutgoingMessage) -> SendResult: ...


@dataclass(frozen=True, slots=True)
class Envelope:
    """A composed delivery: where it goes and what it says."""

    channel: str
    external_id: str
    message: OutgoingMessage
    on_blocked: Callable[[AsyncSession], Awaitable[None]] | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    """The delivery is no longer wanted; `reason` is a short code for staff and logs."""

    reason: str


@dataclass(frozen=True, slots=True)
class Later:
    """Not now (outside the sending hours): try again at `when`, without counting an attempt."""

    when: datetime


Composed = Envelope | Skip | Later
Compose = Callable[[AsyncSession, Delivery, datetime], Awaitable[Composed]]


@dataclass
class DeliveryReport:
    """What one pass of the outbox did."""

    sent: int = 0
    skipped: int = 0
    postponed: int = 0
    retrying: int = 0
    failed: int = 0
    blocked: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        return (
            self.sent + self.skipped + self.postponed + self.retrying + self.failed + self.blocked
        )


class Outbox:
    """Claims due deliveries and sends them through the channel senders, a few at a time."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        senders: Mapping[str, Sender],
        compose: Compose,
        concurrency: int = 32,
    ) -> None:
        self.sessions = sessions
        self.senders = senders
        self.compose = compose
        self.concurrency = concurrency

    async def claim(self, now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
        """Atomically take up to `limit` due deliveries for this process."""
        return sorted(d.id for d in await self._claim(now, limit))

    async def _claim(self, now: datetime, limit: int = CLAIM_BATCH) -> list[Delivery]:
        """The claimed rows themselves, as the claiming UPDATE returned them (read once)."""
        async with self.sessions() as session, session.begin():
            return await outbox_rows.claim_due(session, now, LEASE, limit)

    async def deliver_due(
        self, now: datetime, clock: Callable[[], datetime] | None = None
    ) -> DeliveryReport:
        """Send everything due at `now`, batch after batch, until nothing due is left."""
        report = DeliveryReport()
        gate = asyncio.Semaphore(self.concurrency)
        while deliveries := await self._claim(now):

            async def one(delivery: Delivery) -> None:
                async with gate:
                    await self._deliver(delivery, clock() if clock else now, report)

            await asyncio.gather(*(one(d) for d in deliveries))
        return report

    async def _deliver(
        self, delivery: Delivery | int, now: datetime, report: DeliveryReport
    ) -> None:
        """Compose, send and record one claimed delivery (given as its claimed row, or its id)."""
        async with self.sessions() as session:
            if isinstance(delivery, int):
                found = await session.get(Delivery, delivery)
                if found is None:
                    return
                delivery = found
            try:
                composed = await self.compose(session, delivery, now)
            except Exception:
                log.exception("delivery %s could not be composed", delivery.id)
                composed = None
            await session.rollback()
        if composed is None:
            await self._record(delivery, now, SendResult(SendStatus.RETRY, "compose_error"), report)
            return
        match composed:
            case Skip(reason=reason):
                await self._finish(delivery.id, now, DeliveryStatus.SKIPPED, reason)
                report.skipped += 1
            case Later(when=when):
                await self._postpone(delivery.id, now, when)
                report.postponed += 1
            case Envelope() as envelope:
                sender = self.senders.get(envelope.channel)
                if sender is None:
                    await self._finish(delivery.id, now, DeliveryStatus.SKIPPED, "no_channel")
                    report.skipped += 1
                    return
                try:
                    result = await sender.send(envelope.external_id, envelope.message)
                except Exception as exc:  # a sender bug must not stop the whole round
                    log.exception("delivery %s: sender raised", delivery.id)
                    result = SendResult(SendStatus.RETRY, type(exc).__name__)
                await self._record(delivery, now, result, report, envelope)

    async def _record(
        self,
        delivery: Delivery,
        now: datetime,
        result: SendResult,
        report: DeliveryReport,
        envelope: Envelope | None = None,
    ) -> None:
        """One UPDATE with the outcome; `delivery` is the row as claimed (attempts counted)."""
        if result.error:
            report.errors[result.error] = report.errors.get(result.error, 0) + 1
        values: dict[str, object] = {
            "updated_at": now,
            "claimed_until": None,
            "last_error": (result.error or None) and result.error[:200],
        }
        if envelope is not None:
            values["channel"] = envelope.channel
        match result.status:
            case SendStatus.SENT:
                values.update(
                    status=DeliveryStatus.SENT.value,
                    sent_at=now,
                    provider_message_id=result.provider_id,
                )
                report.sent += 1
            case SendStatus.BLOCKED:
                values["status"] = DeliveryStatus.BLOCKED.value
                report.blocked += 1
            case SendStatus.FAILED:
                values["status"] = DeliveryStatus.FAILED.value
                report.failed += 1
            case SendStatus.RETRY if delivery.attempts >= MAX_ATTEMPTS:
                values["status"] = DeliveryStatus.FAILED.value
                values["last_error"] = (GAVE_UP + (result.error or "retry"))[:200]
                report.failed += 1
            case SendStatus.RETRY:
                wait = BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
                if result.retry_after is not None:
                    wait = max(wait, timedelta(seconds=result.retry_after))
                values.update(status=DeliveryStatus.PENDING.value, next_attempt_at=now + wait)
                report.retrying += 1
        async with self.sessions() as session, session.begin():
            if result.status is SendStatus.BLOCKED and envelope and envelope.on_blocked:
                await envelope.on_blocked(session)
            await outbox_rows.record_outcome(session, delivery.id, values)

    async def _finish(
        self, delivery_id: int, now: datetime, status: DeliveryStatus, reason: str
    ) -> None:
        async with self.sessions() as session, session.begin():
            await outbox_rows.finish_delivery(session, delivery_id, now, status, reason)

    async def _postpone(self, delivery_id: int, now: datetime, when: datetime) -> None:
        async with self.sessions() as session, session.begin():
            await outbox_rows.postpone_delivery(session, delivery_id, now, when)
