"""When a reminder or summary is due: pure functions of times, zones and a survey's policy."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Between two messages to one alumnus, however late the scheduler catches up.
MIN_GAP = timedelta(days=2)
MAX_REMINDERS = 3
HOMEROOM_HOUR = 7  # the homeroom teacher's morning summary, local time
WEEKLY_WEEKDAY = 0  # Monday
# A morning summary that could not go out by this local hour is not sent that day at all.
SUMMARY_LATEST_HOUR = 12


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """Reminders `days` after the invitation, only between the local hours given."""

    days: tuple[int, ...] = (3, 7, 14)
    send_from_hour: int = 8
    send_until_hour: int = 20

    def __post_init__(self) -> None:
        if len(self.days) > MAX_REMINDERS:
            raise ValueError(f"at most {MAX_REMINDERS} reminders")
        if any(d < 1 for d in self.days) or list(self.days) != sorted(set(self.days)):
            raise ValueError("reminder days must be increasing whole days, at least 1")
        if not 0 <= self.send_from_hour < self.send_until_hour <= 24:
            raise ValueError("send hours must satisfy 0 <= from < until <= 24")


def local(moment: datetime, zone: str) -> datetime:
    """`moment` on the institution's wall clock."""
    return moment.astimezone(ZoneInfo(zone))


def within_hours(moment: datetime, zone: str, policy: ReminderPolicy) -> bool:
    """Whether `moment` is inside the local hours in which messages may go out."""
    hour = local(moment, zone).hour
    return policy.send_from_hour <= hour < policy.send_until_hour


def next_window_start(moment: datetime, zone: str, policy: ReminderPolicy) -> datetime:
    """`moment` itself when inside the sending hours, else the next local opening time."""
    if within_hours(moment, zone, policy):
        return moment
    wall = local(moment, zone)
    day = wall.date() if wall.hour < policy.send_from_hour else wall.date() + timedelta(days=1)
    opening = datetime.combine(day, time(policy.send_from_hour), ZoneInfo(zone))
    return opening.astimezone(moment.tzinfo)


class Hold(enum.StrEnum):
    """Why no round is planned for an alumnus now."""

    CAPPED = "capped"  # every reminder of the policy was planned
    RECENT = "recent"  # messaged less than MIN_GAP ago
    NOT_YET = "not_yet"  # the round's day has not come, or it is outside the sending hours
    STOPPED = "stopped"  # a first contact to their number failed for good: no more writing


@dataclass(frozen=True, slots=True)
class Contact:
    """What the scheduler has done with one alumnus in one survey, as far as rounds go.

    `base` is when the reminder days count from (the invitation), None while unknown (an
    invitation not sent yet). `reminders` counts rounds 1, 2, 3 only: the invitation (round 0)
    is not a reminder and not part of the cap.
    """

    base: datetime | None
    reminders: int = 0
    last_message_at: datetime | None = None
    needs_invitation: bool = False  # no chat, a roster number, and no invitation planned yet
    stopped: bool = False  # a first contact to their number failed permanently


def next_round(
    policy: ReminderPolicy, contact: Contact, now: datetime, zone: str | None = None
) -> int | Hold:
    """The round to plan now (0: the first-contact invitation, then 1, 2, 3), or why none.

    The one rule behind the scheduler's rounds and staff's /pengingat: never more reminders than
    the policy's days, never within MIN_GAP of the last message, never again to a number that
    failed for good. With `zone` the scheduler asks, and a round also waits for its day after the
    base (the invitation: as soon as possible) and for the local sending hours. Without, staff
    ask for the next round now (the outbox still holds it until the sending hours).
    """
    if contact.stopped:
        return Hold.STOPPED
    if contact.needs_invitation:
        round_ = 0
    elif contact.reminders >= len(policy.days):
        return Hold.CAPPED
    else:
        round_ = contact.reminders + 1
    last = contact.last_message_at
    if last is not None and now - last < MIN_GAP:
        return Hold.RECENT
    if zone is None:
        return round_
    if round_ > 0 and (
        contact.base is None or now < contact.base + timedelta(days=policy.days[round_ - 1])
    ):
        return Hold.NOT_YET
    if not within_hours(now, zone, policy):
        return Hold.NOT_YET
    return round_


def summary_day(now: datetime, zone: str, hour: int = HOMEROOM_HOUR) -> date | None:
    """The local date whose morning summary is due now (from `hour` until noon), else None."""
    wall = local(now, zone)
    if hour <= wall.hour < SUMMARY_LATEST_HOUR:
        return wall.date()
    return None


def weekly_due(now: datetime, zone: str) -> str | None:
    """The ISO week ("2026-W48") whose Monday-morning summary is due now, else None."""
    day = summary_day(now, zone)
    if day is None or day.weekday() != WEEKLY_WEEKDAY:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
