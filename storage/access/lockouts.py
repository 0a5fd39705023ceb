"""One rule for counting failed identity checks, per chat and per identifier alike.

A row keeps `failures`, `updated_at` and `locked_until`. While locked, attempts are neither
checked nor counted; after a quiet spell the count starts again. Each caller decides how long a
lock lasts once the count reaches its threshold.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class FailureCount(Protocol):
    """A row that counts failures (IdentityCheck per chat, IdentifierCheck per identifier)."""

    failures: int
    updated_at: datetime
    locked_until: datetime | None


def locked_at(check: FailureCount, now: datetime) -> datetime | None:
    """When the lock ends, if `check` is locked at `now`."""
    if check.locked_until is not None and check.locked_until > now:
        return check.locked_until
    return None


def count_failure(check: FailureCount, now: datetime, forget_after: timedelta) -> bool:
    """Count one failure; False (nothing counted) while `check` is locked.

    A count left alone for `forget_after` since its last failure or lock starts again at zero.
    """
    if locked_at(check, now) is not None:
        return False
    quiet_since = max(check.updated_at, check.locked_until or check.updated_at)
    if check.failures and now - quiet_since >= forget_after:
        check.failures, check.locked_until = 0, None
    check.failures += 1
    check.updated_at = now
    return True
