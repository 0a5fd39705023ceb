"""The weekly completion trend per class (#17): cumulative completions at each local Monday
midnight, counted by hand across week boundaries in Asia/Makassar (WITA, UTC+8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from stored_turns import save_step
from studies import build_study

from conversations.state import ConversationState, Phase, Step
from storage.reports.statistics import survey_statistics, week_ends, weekly_completion

WITA = ZoneInfo("Asia/Makassar")
Sessions = async_sessionmaker[AsyncSession]


def wita(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2026 on Makassar's wall clock, as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=WITA).astimezone(UTC)


# The study's survey opens Monday 2 March 2026, 23:00 WITA. Asked on Wednesday 25 March:
# the week ends (Monday 00:00 WITA) after it opened are 9, 16 and 23 March; 2 March is the
# baseline before it opened, and the four earlier weeks are left out.
NOW = wita(25, 10)
ENDS = (wita(2, 0), wita(9, 0), wita(16, 0), wita(23, 0))


async def finish(sessions: Sessions, survey_id: int, alumnus_id: int, at: datetime) -> None:
    state = ConversationState(
        questionnaire_id="smk", version="x", language="id", phase=Phase.COMPLETED, current=None,
        answers={}, started_at=at, updated_at=at,
    )  # fmt: skip
    await save_step(sessions, survey_id, alumnus_id, Step(state, ()), at)


async def start(sessions: Sessions, survey_id: int, alumnus_id: int, at: datetime) -> None:
    state = ConversationState(
        questionnaire_id="smk", version="x", language="id", phase=Phase.QUESTION, current="status",
        answers={}, started_at=at, updated_at=at,
    )  # fmt: skip
    await save_step(sessions, survey_id, alumnus_id, Step(state, ()), at)


def test_week_ends_are_local_monday_midnights() -> None:
    # Monday 23 March, 00:30 WITA is still Sunday 16:30 UTC: that Monday has already begun.
    ends = week_ends(wita(23, 0, 30), "Asia/Makassar", weeks=3)
    assert ends == (wita(9, 0), wita(16, 0), wita(23, 0))
    assert ends[-1] == datetime(2026, 3, 22, 16, 0, tzinfo=UTC)
    # A minute before that midnight, the last week end is a week earlier.
    assert week_ends(wita(22, 23, 59), "Asia/Makassar", weeks=1) == (wita(16, 0),)
    # In Jakarta (UTC+7) the same instant is still Sunday 23:30: the week end is 16 March.
    jakarta = week_ends(wita(23, 0, 30), "Asia/Jakarta", weeks=1)
    assert jakarta == (datetime(2026, 3, 15, 17, 0, tzinfo=UTC),)


async def test_the_series_counts_completions_by_local_week(
    sessions: Sessions, engine: AsyncEngine
) -> None:
    study = await build_study(sessions, per_class=4, zones={"WITA": "Asia/Makassar"})
    survey = study.surveys["WITA"]
    a = [study.alumni[f"0010{i:06d}"] for i in range(4)]  # XII A
    b = [study.alumni[f"0011{i:06d}"] for i in range(4)]  # XII B
    await finish(sessions, survey.id, a[0], wita(8, 23, 59))  # Sunday night: week to 9 March
    # Monday 01:00 WITA is still Sunday in UTC: counted in the week to 16 March, not 9 March.
    await finish(sessions, survey.id, a[1], wita(9, 1))
    await finish(sessions, survey.id, a[2], wita(17, 12))  # week to 23 March
    await finish(sessions, survey.id, a[3], wita(24, 9))  # this week: after the last end
    await finish(sessions, survey.id, b[0], wita(22, 23, 30))  # week to 23 March
    await start(sessions, survey.id, b[1], wita(20, 8))  # started, not completed: never counted

    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with sessions() as session:
            trend = await weekly_completion(session, survey.id, now=NOW)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)

    assert trend.timezone == "Asia/Makassar"
    assert trend.week_ends == ENDS
    assert [(c.name, c.alumni, c.completed) for c in trend.classes] == [
        ("XII A", 4, (0, 1, 2, 3)),
        ("XII B", 4, (0, 0, 0, 1)),
    ]
    assert trend.classes[0].rates == (0.0, 0.25, 0.5, 0.75)
    # A few statements whatever the number of classes and weeks: survey, institution, alumni
    # per class, completions per class and week, class names.
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5, selects
    # The statistics still count the completion of this week (4 in XII A).
    async with sessions() as session:
        stats = await survey_statistics(session, survey.id, now=NOW)
    assert [g.completed for g in stats.groups] == [4, 1]


async def test_a_long_survey_keeps_the_last_weeks_and_a_scope(sessions: Sessions) -> None:
    study = await build_study(sessions, per_class=2, zones={"WITA": "Asia/Makassar"})
    survey = study.surveys["WITA"]
    later = NOW + timedelta(weeks=10)
    first = study.alumni["0010000000"]
    await finish(sessions, survey.id, first, wita(9, 1))  # long before the first week shown
    async with sessions() as session:
        trend = await weekly_completion(session, survey.id, now=later, weeks=8)
        one = await weekly_completion(session, survey.id, now=later, weeks=8, class_group_ids={1})
        early = await weekly_completion(session, survey.id, now=wita(5, 10))
    assert len(trend.week_ends) == 8 and trend.week_ends[-1] == wita(23, 0) + timedelta(weeks=10)
    # Completions before the first week end shown are in every point.
    assert trend.classes[0].completed == (1,) * 8 and trend.classes[1].completed == (0,) * 8
    assert [c.class_group_id for c in one.classes] == [1]
    # In the survey's first week there is only the baseline: no trend yet.
    assert early.week_ends == (wita(2, 0),)
    assert [c.completed for c in early.classes] == [(0,), (0,)]
