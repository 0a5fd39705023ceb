"""The one real clock: every channel and the scheduler read the time through it, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config.clock import utc_now
from scheduler.clock import ManualClock, SystemClock


def test_the_real_clock_is_aware_and_in_utc() -> None:
    before = datetime.now(UTC)
    now, system = utc_now(), SystemClock().now()
    after = datetime.now(UTC)
    for moment in (now, system):
        assert moment.utcoffset() == timedelta(0)
        assert before <= moment <= after


def test_a_manual_clock_only_moves_forward() -> None:
    clock = ManualClock(datetime(2025, 1, 1, 7, tzinfo=UTC))
    assert clock.advance(timedelta(days=1)) == datetime(2025, 1, 2, 7, tzinfo=UTC)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2025, 1, 1))
