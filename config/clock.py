"""The one real clock: the machine's time, timezone-aware in UTC.

Here, the lowest layer that storage, the scheduler and the channels may all import; the
scheduler's Clock protocol and its ManualClock (scheduler/clock.py) build on it.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The machine's time, timezone-aware in UTC: what every default `now` reads."""
    return datetime.now(UTC)
