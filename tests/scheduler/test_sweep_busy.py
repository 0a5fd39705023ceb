"""Sweeps that meet trouble: planning refused as busy plans again (a chat's turn committing
mid-sweep on SQLite must not cost a morning's reminders), and Jejak stopping mid-sweep lets it
finish rather than cancel it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import RecordingSender, build_study

from scheduler import service
from scheduler.clock import ManualClock
from scheduler.service import SchedulerService, Sweeper

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


class _Slow:
    """A sweeper whose sweep waits until released."""

    def __init__(self) -> None:
        self.started, self.release = asyncio.Event(), asyncio.Event()
        self.finished = False

    async def sweep(self) -> None:
        self.started.set()
        await self.release.wait()
        self.finished = True


async def test_stopping_lets_a_sweep_in_progress_finish(caplog: pytest.LogCaptureFixture) -> None:
    """Jejak stopping mid-sweep waits for it (its sends go out while the channels are open)
    instead of cancelling it, which APScheduler logged as a failed job with a traceback."""
    slow = _Slow()
    service = SchedulerService(slow, interval=60, name="slow")  # type: ignore[arg-type]
    service.start()
    await asyncio.wait_for(slow.started.wait(), 5)
    asyncio.get_running_loop().call_later(0.2, slow.release.set)
    await service.aclose(grace=5)
    assert slow.finished
    assert "raised an exception" not in caplog.text


async def test_a_sweep_that_does_not_finish_does_not_hold_the_stop() -> None:
    slow = _Slow()
    service = SchedulerService(slow, interval=60, name="stuck")  # type: ignore[arg-type]
    service.start()
    await asyncio.wait_for(slow.started.wait(), 5)
    await asyncio.wait_for(service.aclose(grace=0.2), 2)
    assert not slow.finished
    slow.release.set()
