"""A sweep whose planning the database refuses as busy plans again, and gives up on anything
else: a chat's turn committing mid-sweep on SQLite must not cost a morning's reminders."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import RecordingSender, build_study

from scheduler import service
from scheduler.clock import ManualClock
from scheduler.service import Sweeper

Sessions = async_sessionmaker[AsyncSession]
DAY_THREE = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)  # 09:00 WIB: the first reminders are due


async def test_planning_refused_as_busy_runs_again(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender, monkeypatch: pytest.MonkeyPatch
) -> None:
    await build_study(sessions, per_class=1)
    real = service.mark_failed_chats
    calls = []

    async def busy_once(session: AsyncSession, since: datetime) -> int:
        calls.append(since)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return await real(session, since)

    monkeypatch.setattr(service, "mark_failed_chats", busy_once)
    monkeypatch.setattr(service, "PLAN_RETRIES", (0.0, None))
    clock.set(DAY_THREE)
    report = await Sweeper(sessions, {"telegram": sender}, clock).sweep()
    assert len(calls) == 2
    assert report.reminders_planned > 0 and report.delivery.sent == report.reminders_planned


async def test_other_errors_and_a_lasting_lock_are_raised(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(session: AsyncSession, since: datetime) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(service, "mark_failed_chats", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        await Sweeper(sessions, {"telegram": sender}, clock).sweep()

    async def locked(session: AsyncSession, since: datetime) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(service, "mark_failed_chats", locked)
    monkeypatch.setattr(service, "PLAN_RETRIES", (0.0, 0.0, None))
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await Sweeper(sessions, {"telegram": sender}, clock).sweep()
