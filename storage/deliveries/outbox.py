"""The outbox's rows: claim the due deliveries, record how each send went, skip or postpone one.

scheduler/outbox.py decides what a send's outcome means (retry when, give up after how many);
these functions only read and write the rows. Every function takes the caller's AsyncSession and
never commits.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Update, and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryStatus

# Prefixed to the error of a delivery that failed only because its retries ran out: the
# failure was temporary each time (network, rate limits), so it says nothing about the recipient.
GAVE_UP = "gave_up:"
# The error of a WhatsApp message that needs an approved template nobody configured (outside the
# 24-hour window): a configuration problem staff can fix, not a bad number.
NEEDS_TEMPLATE = "needs_template"


def _due(now: datetime) -> ColumnElement[bool]:
    """Rows a sweep may claim: pending and due, or sending with an expired lease."""
    return or_(
        and_(Delivery.status == DeliveryStatus.PENDING.value, Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.SENDING.value, Delivery.claimed_until < now),
    )


async def claim_due(
    session: AsyncSession, now: datetime, lease: timedelta, limit: int
) -> list[Delivery]:
    """Take up to `limit` deliveries due at `now` for `lease`, counting an attempt on each.

    One conditional UPDATE over the ids read, so two processes never claim the same row. The
    rows come back as the UPDATE returned them (read once), by id.
    """
    ids = list(
        await session.scalars(
            select(Delivery.id)
            .where(_due(now))
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    claimed = await session.scalars(
        update(Delivery)
        .where(Delivery.id.in_(ids), _due(now))
        .values(
            status=DeliveryStatus.SENDING.value,
            claimed_until=now + lease,
            attempts=Delivery.attempts + 1,
            updated_at=now,
        )
        .returning(Delivery),
        execution_options={"synchronize_session": False},
    )
    return sorted(claimed, key=lambda d: d.id)


@functools.cache
def _outcome_update(columns: frozenset[str]) -> Update:
    """UPDATE deliveries SET those columns WHERE id = :row, built once per set of columns.

    Statements are reused so SQLAlchemy's compiled cache is hit without rebuilding them: at a
    fan-out's rate, building one per delivery was a noticeable share of the scheduler's CPU.
    """
    table = Delivery.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("row"))
        .values({name: bindparam(f"new_{name}") for name in sorted(columns)})
    )


async def record_outcome(
    session: AsyncSession, delivery_id: int, values: Mapping[str, object]
) -> None:
    """Set these columns of one delivery (a send's outcome), in one UPDATE."""
    params = {f"new_{name}": value for name, value in values.items()}
    await session.execute(_outcome_update(frozenset(values)), {"row": delivery_id, **params})


async def finish_delivery(
    session: AsyncSession, delivery_id: int, now: datetime, status: DeliveryStatus, reason: str
) -> None:
    """End a claimed delivery without sending it (skipped), with a short reason code."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(status=status.value, last_error=reason, claimed_until=None, updated_at=now)
    )


async def postpone_delivery(
    session: AsyncSession, delivery_id: int, now: datetime, when: datetime
) -> None:
    """Give a claimed delivery back until `when`, without counting the attempt."""
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            status=DeliveryStatus.PENDING.value,
            next_attempt_at=when,
            attempts=Delivery.attempts - 1,  # waiting for the morning is not a failure
            claimed_until=None,
            updated_at=now,
        )
    )
