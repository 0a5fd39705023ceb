"""Scheduler fixtures: a controllable clock and a sender that records."""

from __future__ import annotations

import pytest
from studies import INVITED, RecordingSender

from scheduler.clock import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(INVITED)


@pytest.fixture
def sender(clock: ManualClock) -> RecordingSender:
    return RecordingSender(clock=clock)
