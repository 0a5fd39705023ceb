"""Numbers that said BERHENTI before they were linked to an alumnus: never written to first again.

WhatsApp lets the scheduler write first to a roster's number (an invitation by template). The
person holding that number may not be the alumnus, and need not prove who they are to be left
alone: their BERHENTI is kept here, by number, and first contact skips it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import dialect_insert
from storage.models import Alumnus, ChannelIdentity, ContactOptOut


async def opt_out(session: AsyncSession, channel: str, external_id: str, now: datetime) -> None:
    """Never write first to this number again (idempotent)."""
    await session.execute(
        dialect_insert(session, ContactOptOut.__table__)
        .values(channel=channel, external_id=external_id, created_at=now)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    )


def opted_out(channel: Any, number: Any) -> Any:
    """A SQL condition: `number` on `channel` (columns or values) asked not to be written to
    first."""
    return exists().where(
        and_(ContactOptOut.channel == channel, ContactOptOut.external_id == number)
    )


async def is_opted_out(session: AsyncSession, channel: str, external_id: str) -> bool:
    """Whether this number asked not to be written to first."""
    return bool(await session.scalar(select(opted_out(channel, external_id))))


async def alumnus_opted_out(session: AsyncSession, alumnus_id: int) -> bool:
    """Whether any chat of the alumnus, or their roster number on WhatsApp, said BERHENTI: then
    no channel of theirs is written to first (a stop said in one chat holds for the others)."""
    chat = select(ChannelIdentity.id).where(
        ChannelIdentity.alumnus_id == alumnus_id,
        opted_out(ChannelIdentity.channel, ChannelIdentity.external_id),
    )
    roster = select(Alumnus.id).where(
        Alumnus.id == alumnus_id, opted_out("whatsapp", Alumnus.phone)
    )
    return bool(await session.scalar(select(or_(chat.exists(), roster.exists()))))
