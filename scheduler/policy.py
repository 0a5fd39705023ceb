"""When a reminder or summary is due: pure functions of times, zones and a survey's policy."""

from __future__ import annotations

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


def reminder_due(
    policy: ReminderPolicy,
    invited_at: datetime,
    reminders_so_far: int,
    last_message_at: datetime | None,
    now: datetime,
    zone: str,
) -> int | None:
    """The round (1, 2, 3) of the reminder due now, or None when nothing is due yet."""
    round_ = reminders_so_far + 1
    if round_ > len(policy.days):
        return None
    if now < invited_at + timedelta(days=policy.days[round_ - 1]):
        return None
    if last_message_at is not None and now - last_message_at < MIN_GAP:
        return None
    if not within_hours(now, zone, policy):
        return None
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
