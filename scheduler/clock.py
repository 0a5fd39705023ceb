"""Clocks: the real one, and one that tests (and simulations) move forward by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from config.clock import utc_now


class Clock(Protocol):
    """Where the scheduler gets the time from: always timezone-aware, in UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return utc_now()


class ManualClock:
    """A clock that stands still until moved: days pass in a test without sleeping."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta` and return the new time."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> datetime:
        """Jump forward to `moment`."""
        return self.advance(moment.astimezone(UTC) - self._now)
