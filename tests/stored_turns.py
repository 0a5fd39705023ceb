"""A response's turn written from a test's AsyncSession, through the one path a turn takes
(storage/surveys/turns.py, as the runner does on PostgreSQL: `AsyncConnection.run_sync`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conversations.state import Step
from storage.surveys import turns
from storage.surveys.turns import LockedResponse


async def lock(
    session: AsyncSession, survey_id: int, alumnus_id: int, now: datetime
) -> LockedResponse:
    """The respondent's response, locked for the session's transaction; created if missing."""
    conn = await session.connection()
    return await conn.run_sync(turns.lock_response, survey_id, alumnus_id, now)


async def store(session: AsyncSession, locked: LockedResponse, step: Step, now: datetime) -> None:
    """Store the step on the response locked in this transaction (no commit)."""
    conn = await session.connection()
    await conn.run_sync(turns.store_step, locked, locked.conversation_state(), step, now)


async def claim(session: AsyncSession, channel: str, message_id: str, now: datetime) -> bool:
    """Claim an inbound message id in the session's transaction: False for a redelivery."""
    conn = await session.connection()
    return await conn.run_sync(turns.claim, channel, message_id, now)


async def save_step(
    sessions: async_sessionmaker[AsyncSession],
    survey_id: int,
    alumnus_id: int,
    step: Step,
    now: datetime,
) -> LockedResponse:
    """Lock (or create) the response and store the step, in a transaction of its own."""
    async with sessions() as session, session.begin():
        locked = await lock(session, survey_id, alumnus_id, now)
        await store(session, locked, step, now)
    return locked
