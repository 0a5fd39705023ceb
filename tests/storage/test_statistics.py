"""Survey statistics: completion per class, outcome split per version, windows, scopes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from stored_turns import lock, store

from conversations.state import Answer, ConversationState, Phase, Step
from storage.models import Alumnus, Institution, Survey
from storage.reports.statistics import (
    OUTCOME_KEYS,
    GroupStatistics,
    SurveyStatistics,
    class_sort_key,
    completed_between,
    survey_statistics,
)
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
T0 = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)

HEAD = """\
id: tracer_smk
version: "{version}"
title: {{id: Tracer, en: Tracer}}
languages: [id, en]
consent: {{id: Setuju, en: Agree}}
sections:
  - id: s
    title: {{id: Status, en: Status}}
    questions:
      - code: status
        type: single_choice
        label: {{id: Status, en: Status}}
        choices:
          - {{value: "1", label: {{id: Bekerja, en: Working}}}}
          - {{value: "2", label: {{id: Wirausaha, en: Business}}}}
          - {{value: "3", label: {{id: Kuliah, en: Studying}}}}
          - {{value: "4", label: {{id: Mencari, en: Looking}}}}
          - {{value: "6", label: {{id: Lainnya, en: Other}}}}
      - code: utama
        type: single_choice
        required: false
        label: {{id: Utama, en: Main}}
        choices:
          - {{value: a, label: {{id: A, en: A}}}}
          - {{value: b, label: {{id: B, en: B}}}}
"""
# Version 1 reads `status` (6 is deliberately unmapped); version 2 reads `utama` instead.
V1 = HEAD.format(version="1") + (
    'outcome: {question: status, working: ["1"], entrepreneur: ["2"], studying: ["3"], '
    'looking: ["4"]}\n'
)
V2 = HEAD.format(version="2") + 'outcome: {question: utama, working: ["a"], not_yet: ["b"]}\n'
NO_OUTCOME = HEAD.format(version="3")


def _step(phase: Phase, **answers: str) -> Step:
    state = ConversationState(
        questionnaire_id="tracer_smk",
        version="1",
        language="id",
        phase=phase,
        current="status" if phase is Phase.QUESTION else None,
        answers={code: Answer(value=v, raw=v, answered_at=T0) for code, v in answers.items()},
        started_at=T0,
        updated_at=T0,
    )
    return Step(state, ())


async def _respond(
    sessions: Sessions, survey: Survey, alumnus: Alumnus, phase: Phase, at: datetime, **answers: str
) -> None:
    async with sessions() as session, session.begin():
        locked = await lock(session, survey.id, alumnus.id, at)
        if phase is not Phase.CONSENT or answers:
            await store(session, locked, _step(phase, **answers), at)


async def _survey(sessions: Sessions, institution: Institution, source: str, year: int) -> Survey:
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, "tracer_smk", "1", source)
        return await repo.create_survey(
            session,
            institution_id=institution.id,
            questionnaire_version=version,
            name="Tracer",
            graduation_year=year,
            opens_at=T0 - timedelta(days=30),
            now=T0,
        )


async def _alumni(
    sessions: Sessions, institution: Institution, class_name: str | None, count: int, year: int
) -> list[Alumnus]:
    async with sessions() as session, session.begin():
        group = (
            await repo.ensure_class_group(session, institution.id, class_name, now=T0)
            if class_name
            else None
        )
        first = await _next_number(session)
        return [
            await repo.add_alumnus(
                session,
                institution_id=institution.id,
                nisn=f"{first + i:010d}",
                name=f"Alumni {first + i}",
                graduation_year=year,
                birth_date=date(2007, 1, 2),
                class_group_id=group.id if group else None,
                now=T0,
            )
            for i in range(count)
        ]


async def _next_number(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Alumnus)) or 0) + 1


async def _stats(
    sessions: Sessions,
    survey_id: int,
    *,
    class_group_ids: set[int] | None = None,
    since: datetime | None = None,
) -> SurveyStatistics:
    async with sessions() as session:
        return await survey_statistics(
            session,
            survey_id,
            class_group_ids=class_group_ids,
            now=T0 + timedelta(days=2),
            since=since,
        )


def _split(**counts: int) -> dict[str, int]:
    return {key: counts.get(key, 0) for key in OUTCOME_KEYS}


async def _school(
    sessions: Sessions, institution: Institution
) -> tuple[Survey, dict[str, list[Alumnus]]]:
    """Two classes, alumni without a class, and alumni outside the cohort; responses on v1."""
    survey = await _survey(sessions, institution, V1, 2025)
    people = {
        "akl10": await _alumni(sessions, institution, "XII AKL 10", 4, 2025),
        "akl2": await _alumni(sessions, institution, "XII AKL 2", 3, 2025),
        "none": await _alumni(sessions, institution, None, 2, 2025),
        "older": await _alumni(sessions, institution, "XII AKL 2", 2, 2024),
    }
    a, b = people["akl10"], people["akl2"]
    day1, day2 = T0, T0 + timedelta(days=1, hours=5)
    await _respond(sessions, survey, a[0], Phase.COMPLETED, day1, status="1")
    await _respond(sessions, survey, a[1], Phase.COMPLETED, day2, status="3")
    await _respond(sessions, survey, a[2], Phase.COMPLETED, day2, status="6")  # unmapped
    await _respond(sessions, survey, a[3], Phase.QUESTION, day1, status="1")  # not completed
    await _respond(sessions, survey, b[0], Phase.COMPLETED, day2, status="1")
    await _respond(sessions, survey, b[1], Phase.DECLINED, day1)
    await _respond(sessions, survey, b[2], Phase.CONSENT, day1)  # invited: not started
    await _respond(sessions, survey, people["none"][0], Phase.STOPPED, day1, status="2")
    # Outside the cohort: never counted, even completed.
    await _respond(sessions, survey, people["older"][0], Phase.COMPLETED, day2, status="1")
    return survey, people


async def test_counts_per_class_and_in_total(sessions: Sessions, institution: Institution) -> None:
    survey, _ = await _school(sessions, institution)
    stats = await _stats(sessions, survey.id)
    assert [g.name for g in stats.groups] == ["XII AKL 2", "XII AKL 10", None]
    akl2, akl10, none = stats.groups
    assert (akl10.alumni, akl10.not_started, akl10.started, akl10.completed) == (4, 0, 1, 3)
    assert akl10.outcomes == _split(working=1, studying=1, unknown=1)
    assert akl10.completion_rate == pytest.approx(0.75)
    assert (akl2.alumni, akl2.not_started, akl2.completed, akl2.declined) == (3, 1, 1, 1)
    assert akl2.outcomes == _split(working=1)
    assert (none.class_group_id, none.alumni, none.not_started, none.opted_out) == (None, 2, 1, 1)
    assert none.outcomes == _split()  # opted out answers are not counted
    total = stats.total
    assert (total.alumni, total.not_started, total.started, total.completed) == (9, 2, 1, 4)
    assert (total.declined, total.opted_out) == (1, 1)
    assert total.outcomes == _split(working=2, studying=1, unknown=1)
    assert total.completion_rate == pytest.approx(4 / 9)
    assert total.completed_since is None and stats.since is None
    assert stats.has_outcome and stats.graduation_year == 2025
    assert stats.generated_at == T0 + timedelta(days=2)


async def test_completed_since_and_completed_between(
    sessions: Sessions, institution: Institution
) -> None:
    survey, _ = await _school(sessions, institution)
    since = T0 + timedelta(days=1)
    stats = await _stats(sessions, survey.id, since=since)
    assert [g.completed_since for g in stats.groups] == [1, 2, 0]
    assert stats.total.completed_since == 3 and stats.since == since
    async with sessions() as session:
        window = await completed_between(session, survey.id, T0, T0 + timedelta(hours=1))
        everything = await completed_between(session, survey.id, T0, T0 + timedelta(days=9))
    akl10 = stats.groups[1].class_group_id
    assert window == {akl10: 1}  # the end is exclusive of later completions, start inclusive
    assert sum(everything.values()) == 4  # the older cohort's completion is not counted


async def test_scoped_to_class_groups(sessions: Sessions, institution: Institution) -> None:
    survey, _ = await _school(sessions, institution)
    async with sessions() as session, session.begin():
        akl2 = await repo.get_class_group(session, institution.id, "XII AKL 2")
        empty = await repo.ensure_class_group(session, institution.id, "XII TKJ 1", now=T0)
        other = await repo.upsert_institution(
            session, code="99999902", name="Lain", kind="smk", timezone="Asia/Jakarta", now=T0
        )
        foreign = await repo.ensure_class_group(session, other.id, "XII AKL 2", now=T0)
    assert akl2 is not None
    stats = await _stats(sessions, survey.id, class_group_ids={akl2.id, empty.id, foreign.id})
    assert [(g.name, g.alumni, g.completed) for g in stats.groups] == [
        ("XII AKL 2", 3, 1),
        ("XII TKJ 1", 0, 0),  # asked for: shown, even without alumni in the cohort
    ]
    assert stats.groups[1].completion_rate == 0.0
    assert (stats.total.alumni, stats.total.completed) == (3, 1)
    nothing = await _stats(sessions, survey.id, class_group_ids=set())
    assert nothing.groups == () and nothing.total.alumni == 0


async def test_in_lists_are_chunked(sessions: Sessions, institution: Institution) -> None:
    survey, _ = await _school(sessions, institution)
    async with sessions() as session:
        akl10 = await repo.get_class_group(session, institution.id, "XII AKL 10")
    assert akl10 is not None
    many = {akl10.id, *range(100_000, 102_500)}  # 2,501 ids: three chunks
    stats = await _stats(sessions, survey.id, class_group_ids=many)
    assert [(g.name, g.alumni, g.completed) for g in stats.groups] == [("XII AKL 10", 4, 3)]
    assert stats.total.outcomes == _split(working=1, studying=1, unknown=1)


async def test_each_response_uses_its_own_versions_outcome(
    sessions: Sessions, institution: Institution
) -> None:
    survey = await _survey(sessions, institution, V1, 2025)
    people = await _alumni(sessions, institution, "XII AKL 1", 4, 2025)
    await _respond(sessions, survey, people[0], Phase.COMPLETED, T0, status="3", utama="b")
    async with sessions() as session, session.begin():
        current = await session.get(Survey, survey.id)
        assert current is not None
        assert await repo.refresh_version(session, current, "tracer_smk", "2", V2, now=T0)
    # On version 2: `utama` decides, whatever `status` says.
    await _respond(sessions, survey, people[1], Phase.COMPLETED, T0, status="3", utama="a")
    await _respond(sessions, survey, people[2], Phase.COMPLETED, T0, status="1", utama="b")
    await _respond(sessions, survey, people[3], Phase.COMPLETED, T0, status="1")  # no utama
    stats = await _stats(sessions, survey.id)
    assert stats.total.outcomes == _split(studying=1, working=1, not_yet=1, unknown=1)


async def test_versions_without_outcome_or_unreadable_count_as_unknown(
    sessions: Sessions, institution: Institution
) -> None:
    for source in (NO_OUTCOME, "id: tracer_smk\nversion: '1'\nquestions: [broken]\n"):
        survey = await _survey(sessions, institution, source, 2025)
        [alumnus] = await _alumni(sessions, institution, "XII AKL 1", 1, 2025)
        await _respond(sessions, survey, alumnus, Phase.COMPLETED, T0, status="1")
        assert alumnus.class_group_id is not None
        stats = await _stats(sessions, survey.id, class_group_ids={alumnus.class_group_id})
        assert not stats.has_outcome
        assert stats.total.completed == 1
        assert stats.total.outcomes == _split(unknown=1)


async def test_no_alumni_and_unknown_survey(sessions: Sessions, institution: Institution) -> None:
    survey = await _survey(sessions, institution, V1, 2030)
    stats = await _stats(sessions, survey.id)
    assert stats.groups == ()
    assert stats.total == GroupStatistics(None, None, outcomes=_split())
    assert stats.total.completion_rate == 0.0
    async with sessions() as session:
        with pytest.raises(LookupError):
            await survey_statistics(session, 999)
        with pytest.raises(LookupError):
            await completed_between(session, 999, T0, T0)


async def test_query_count_does_not_grow_with_alumni(
    sessions: Sessions, engine: AsyncEngine, institution: Institution
) -> None:
    survey, _ = await _school(sessions, institution)
    more = await _alumni(sessions, institution, "XII OTKP 1", 40, 2025)
    for person in more[:25]:
        await _respond(sessions, survey, person, Phase.COMPLETED, T0, status="4")
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        stats = await _stats(sessions, survey.id, since=T0)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert stats.total.alumni == 49 and stats.total.outcomes["looking"] == 25
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # The survey, statuses, versions, outcomes, completions, class names.
    assert len(selects) == 6, selects


def test_class_names_sort_naturally() -> None:
    names = ["XII AKL 10", None, "XII AKL 2", "xii akl 1", "XII TKJ 1"]
    assert sorted(names, key=class_sort_key) == [
        "xii akl 1",
        "XII AKL 2",
        "XII AKL 10",
        "XII TKJ 1",
        None,
    ]
