"""Survey statistics for staff: completion and main-status outcome, per class group and in total.

Denominator: the survey's cohort, i.e. alumni of its institution with its graduation year
(optionally only some class groups); responses of alumni outside the cohort are not counted.
The outcome split counts COMPLETED responses only, each read with the `outcome` mapping of the
questionnaire version that response was answered on; a response whose version has no mapping,
whose answer is missing or whose value no category lists counts as unknown.

Everything comes from a few GROUP BY queries (IN lists chunked at 1000), never one per alumnus.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import utc_now
from conversations.questionnaire import OUTCOME_CATEGORIES
from storage.models import (
    Alumnus,
    AnswerRow,
    ClassGroup,
    Institution,
    Response,
    ResponseStatus,
    Survey,
)
from storage.surveys.outcome_mappings import outcome_mappings

UNKNOWN = "unknown"
OUTCOME_KEYS: tuple[str, ...] = (*OUTCOME_CATEGORIES, UNKNOWN)
CHUNK = 1000  # keep IN lists within every database's limits
TREND_WEEKS = 8  # week ends in a weekly completion trend, at most
_COUNTED = ("not_started", "started", "completed", "declined", "opted_out")


@dataclass(frozen=True, slots=True)
class GroupStatistics:
    """Counts for one class group (`name` None: alumni without a class), or for the total."""

    class_group_id: int | None
    name: str | None
    alumni: int = 0
    not_started: int = 0  # no response yet, or invited and not past the consent
    started: int = 0
    completed: int = 0
    declined: int = 0
    opted_out: int = 0
    # Completed responses per OUTCOME_KEYS entry (every key present, "unknown" last).
    outcomes: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_KEYS, 0))
    # Completed within [since, generated_at) when statistics were asked `since`; else None.
    completed_since: int | None = None

    @property
    def completion_rate(self) -> float:
        """Completed / alumni, 0.0 when there are no alumni."""
        return self.completed / self.alumni if self.alumni else 0.0


@dataclass(frozen=True, slots=True)
class SurveyStatistics:
    """One survey's statistics over a scope: class groups sorted by name, then the total."""

    survey_id: int
    institution_id: int
    graduation_year: int
    groups: tuple[GroupStatistics, ...]
    total: GroupStatistics
    has_outcome: bool  # the current version, or one a response is on, maps the main status
    generated_at: datetime
    since: datetime | None = None


def class_sort_key(name: str | None) -> tuple[int, list[Any]]:
    """Natural order of class names ("XII AKL 2" before "XII AKL 10"); no class last."""
    if name is None:
        return (1, [])
    parts = re.split(r"(\d+)", name.casefold())
    return (0, [int(p) if p.isdigit() else p for p in parts])


async def survey_statistics(
    session: AsyncSession,
    survey_id: int,
    *,
    class_group_ids: set[int] | None = None,
    now: datetime | None = None,
    since: datetime | None = None,
) -> SurveyStatistics:
    """Completion and outcome per class group; `class_group_ids` None: the whole institution.

    With `since`, each group's `completed_since` counts completions in [since, now): the
    "+3 since yesterday" of a daily summary. Raises LookupError for an unknown survey.
    """
    now = now or utc_now()
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTED, 0))
    alumni: dict[int | None, int] = defaultdict(int)
    for scope in _scopes(class_group_ids):
        rows = await session.execute(
            select(Alumnus.class_group_id, Response.status, func.count(Alumnus.id))
            .select_from(Alumnus)
            .outerjoin(
                Response, and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id)
            )
            .where(*_cohort(survey), *scope)
            .group_by(Alumnus.class_group_id, Response.status)
        )
        for group_id, status, count in rows:
            # Statuses name their counters; "invited", or no response row: not started.
            counts[group_id][status if status in _COUNTED else "not_started"] += count
            alumni[group_id] += count
    outcomes, has_outcome = await _outcomes(session, survey, class_group_ids)
    recent = (
        await _completed_between(session, survey, since, now, class_group_ids)
        if since is not None
        else None
    )
    ids = set(alumni) | (class_group_ids or set())
    names = await _class_names(session, survey.institution_id, {i for i in ids if i is not None})
    groups = []
    for group_id in ids:
        if group_id is not None and group_id not in names and not alumni[group_id]:
            continue  # asked for a class of another institution, or one that does not exist
        group_counts = counts[group_id]
        split = dict.fromkeys(OUTCOME_KEYS, 0)
        split.update(outcomes.get(group_id, {}))
        split[UNKNOWN] = group_counts["completed"] - sum(split[c] for c in OUTCOME_CATEGORIES)
        groups.append(
            GroupStatistics(
                group_id,
                names.get(group_id) if group_id is not None else None,
                alumni[group_id],
                **group_counts,
                outcomes=split,
                completed_since=recent.get(group_id, 0) if recent is not None else None,
            )
        )
    groups.sort(key=lambda g: (class_sort_key(g.name), g.class_group_id or 0))
    return SurveyStatistics(
        survey_id=survey.id,
        institution_id=survey.institution_id,
        graduation_year=survey.graduation_year,
        groups=tuple(groups),
        total=_total(groups, counted_since=recent is not None),
        has_outcome=has_outcome,
        generated_at=now,
        since=since,
    )


async def completed_between(
    session: AsyncSession,
    survey_id: int,
    start: datetime,
    end: datetime,
    *,
    class_group_ids: set[int] | None = None,
) -> dict[int | None, int]:
    """Responses of the cohort completed in [start, end), per class group id (None: no class)."""
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    return await _completed_between(session, survey, start, end, class_group_ids)


async def _completed_between(
    session: AsyncSession,
    survey: Survey,
    start: datetime,
    end: datetime,
    class_group_ids: set[int] | None,
) -> dict[int | None, int]:
    found: dict[int | None, int] = defaultdict(int)
    for scope in _scopes(class_group_ids):
        rows = await session.execute(
            select(Alumnus.class_group_id, func.count(Response.id))
            .select_from(Response)
            .join(Alumnus, Alumnus.id == Response.alumnus_id)
            .where(
                Response.survey_id == survey.id,
                Response.status == ResponseStatus.COMPLETED.value,
                Response.completed_at >= start,
                Response.completed_at < end,
                *_cohort(survey),
                *scope,
            )
            .group_by(Alumnus.class_group_id)
        )
        for group_id, count in rows:
            found[group_id] += count
    return dict(found)


def _cohort(survey: Survey) -> tuple[Any, ...]:
    return (
        Alumnus.institution_id == survey.institution_id,
        Alumnus.graduation_year == survey.graduation_year,
    )


def _scopes(class_group_ids: set[int] | None) -> Iterator[tuple[Any, ...]]:
    """Extra WHERE clauses: none for the whole institution, else one chunk of class ids each."""
    if class_group_ids is None:
        yield ()
        return
    for chunk in _chunks(class_group_ids):
        yield (Alumnus.class_group_id.in_(chunk),)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


async def _outcomes(
    session: AsyncSession, survey: Survey, class_group_ids: set[int] | None
) -> tuple[dict[int | None, dict[str, int]], bool]:
    """Completed responses per class group and outcome category; whether any version maps it."""
    mappings = await outcome_mappings(session, survey)
    codes = sorted({m.question for m in mappings.values() if m is not None})
    if not codes:
        return {}, False
    split: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTCOME_KEYS, 0))
    value = cast(AnswerRow.value, Text)  # JSON has no equality on PostgreSQL: group its text
    for scope in _scopes(class_group_ids):
        rows = await session.execute(
            select(
                Alumnus.class_group_id,
                Response.questionnaire_version_id,
                AnswerRow.question_code,
                value,
                func.count(Response.id),
            )
            .select_from(Response)
            .join(Alumnus, Alumnus.id == Response.alumnus_id)
            .join(AnswerRow, AnswerRow.response_id == Response.id)
            .where(
                Response.survey_id == survey.id,
                Response.status == ResponseStatus.COMPLETED.value,
                AnswerRow.question_code.in_(codes),
                *_cohort(survey),
                *scope,
            )
            .group_by(
                Alumnus.class_group_id,
                Response.questionnaire_version_id,
                AnswerRow.question_code,
                value,
            )
        )
        for group_id, version_id, code, text, count in rows:
            outcome = mappings.get(version_id)
            if outcome is None or code != outcome.question:
                continue  # another version's main-status question
            category = outcome.category(_json(text))
            if category is not None:
                split[group_id][category] += count
    return dict(split), True


def _json(text: str | None) -> object:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


async def _class_names(session: AsyncSession, institution_id: int, ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows = await session.execute(
            select(ClassGroup.id, ClassGroup.name).where(
                ClassGroup.institution_id == institution_id, ClassGroup.id.in_(chunk)
            )
        )
        names.update({group_id: name for group_id, name in rows})
    return names


def _total(groups: list[GroupStatistics], *, counted_since: bool) -> GroupStatistics:
    outcomes = {key: sum(g.outcomes[key] for g in groups) for key in OUTCOME_KEYS}
    return GroupStatistics(
        None,
        None,
        sum(g.alumni for g in groups),
        **{name: sum(getattr(g, name) for g in groups) for name in _COUNTED},
        outcomes=outcomes,
        completed_since=sum(g.completed_since or 0 for g in groups) if counted_since else None,
    )


# --- #17 classes: the weekly completion trend per class ---------------------------------------


@dataclass(frozen=True, slots=True)
class ClassWeeks:
    """One class group's completed responses at each week end (cumulative), of its alumni now."""

    class_group_id: int | None
    name: str | None
    alumni: int
    completed: tuple[int, ...]  # one count per WeeklyCompletion.week_ends, never decreasing

    @property
    def rates(self) -> tuple[float, ...]:
        """Completed / alumni at each week end (the roster of today as the denominator)."""
        return tuple(c / self.alumni if self.alumni else 0.0 for c in self.completed)


@dataclass(frozen=True, slots=True)
class WeeklyCompletion:
    """Completion per class group at the end of each of the last weeks, oldest first.

    A week ends at Monday 00:00 on the institution's wall clock; only the weeks since the survey
    opened are there, plus the one in which it opened as a zero baseline.
    """

    survey_id: int
    timezone: str
    week_ends: tuple[datetime, ...]  # UTC instants
    classes: tuple[ClassWeeks, ...]  # alumni without a class (name None) last


def week_ends(now: datetime, zone: str, weeks: int = TREND_WEEKS) -> tuple[datetime, ...]:
    """The last `weeks` local Monday midnights at or before `now`, oldest first, in UTC."""
    today = now.astimezone(ZoneInfo(zone)).date()
    monday = today - timedelta(days=today.weekday())
    days: list[date] = [monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]
    # Each one from its own wall-clock date, so a zone that shifts its clocks still gets midnight.
    return tuple(
        datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(now.tzinfo) for day in days
    )


async def weekly_completion(
    session: AsyncSession,
    survey_id: int,
    *,
    now: datetime | None = None,
    weeks: int = TREND_WEEKS,
    class_group_ids: set[int] | None = None,
) -> WeeklyCompletion:
    """Each class group's cumulative completions at the last `weeks` week ends.

    One GROUP BY query buckets the completion times by week (the boundaries computed here in
    the institution's zone, so it is the same SQL on SQLite and PostgreSQL), one counts the
    alumni. Raises LookupError for an unknown survey.
    """
    now = now or utc_now()
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    institution = await session.get(Institution, survey.institution_id)
    assert institution is not None  # a foreign key
    ends = _trend_ends(week_ends(now, institution.timezone, weeks), survey.opens_at)
    alumni: dict[int | None, int] = defaultdict(int)
    per_week: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(ends))
    for scope in _scopes(class_group_ids):
        rows = await session.execute(
            select(Alumnus.class_group_id, func.count(Alumnus.id))
            .where(*_cohort(survey), *scope)
            .group_by(Alumnus.class_group_id)
        )
        for group_id, count in rows:
            alumni[group_id] += count
        if not ends:
            continue
        # The first week end a completion falls before; later than the last: not counted.
        week = case(
            *((Response.completed_at < end, index) for index, end in enumerate(ends)),
            else_=len(ends),
        )
        weekly = await session.execute(
            select(Alumnus.class_group_id, week, func.count(Response.id))
            .select_from(Response)
            .join(Alumnus, Alumnus.id == Response.alumnus_id)
            .where(
                Response.survey_id == survey.id,
                Response.status == ResponseStatus.COMPLETED.value,
                Response.completed_at < ends[-1],
                *_cohort(survey),
                *scope,
            )
            .group_by(Alumnus.class_group_id, week)
        )
        for group_id, index, count in weekly:
            if 0 <= index < len(ends):
                per_week[group_id][index] += count
    names = await _class_names(session, survey.institution_id, {i for i in alumni if i is not None})
    classes = [
        ClassWeeks(
            group_id,
            names.get(group_id) if group_id is not None else None,
            count,
            tuple(_running_sum(per_week[group_id])) if ends else (),
        )
        for group_id, count in alumni.items()
    ]
    classes.sort(key=lambda c: (class_sort_key(c.name), c.class_group_id or 0))
    return WeeklyCompletion(survey.id, institution.timezone, ends, tuple(classes))


def _trend_ends(ends: tuple[datetime, ...], opens_at: datetime) -> tuple[datetime, ...]:
    """The week ends after the survey opened, and the last one before it (the zero baseline)."""
    after = [end for end in ends if end > opens_at]
    before = [end for end in ends if end <= opens_at]
    return tuple(before[-1:] + after)


def _running_sum(counts: list[int]) -> Iterator[int]:
    total = 0
    for count in counts:
        total += count
        yield total
