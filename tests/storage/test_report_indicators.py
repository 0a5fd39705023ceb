"""What a report reads: the scope's surveys and one Respondent per alumnus, on both databases."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step

from conversations.indicators.figures import Respondent
from conversations.state import Answer, ConversationState, Phase, Step
from storage.models import Institution, Survey
from storage.reports import indicators
from storage.reports.indicators import (
    UNREADABLE,
    ReportSurvey,
    cohort_size,
    institution_surveys,
    province_institutions,
    province_surveys,
    report_survey,
    respondents,
)
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
T0 = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)
SOURCE = "id: q\nversion: '1'\nquestions: []\n"


async def _school(sessions: Sessions, code: str, province: str | None) -> Institution:
    async with sessions() as session, session.begin():
        return await repo.upsert_institution(
            session, code=code, name=f"SMK {code}", kind="smk", timezone="Asia/Makassar",
            province=province, now=T0,
        )  # fmt: skip


async def _survey(sessions: Sessions, school: Institution, cohort: int, name: str) -> Survey:
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(session, "q", "1", SOURCE)
        return await repo.create_survey(
            session, institution_id=school.id, questionnaire_version=version, name=name,
            graduation_year=cohort, opens_at=T0, now=T0,
        )  # fmt: skip


async def _people(
    sessions: Sessions, school: Institution, rows: list[tuple[str, str | None, str | None, int]]
) -> dict[str, int]:
    """(nisn, class, programme, graduation year) -> alumnus id by NISN."""
    ids = {}
    async with sessions() as session, session.begin():
        for nisn, class_name, programme, year in rows:
            group = (
                await repo.ensure_class_group(session, school.id, class_name, now=T0)
                if class_name
                else None
            )
            alumnus = await repo.add_alumnus(
                session, institution_id=school.id, nisn=nisn, name=nisn, graduation_year=year,
                birth_date=date(2007, 1, 2), programme=programme,
                class_group_id=group.id if group else None, now=T0,
            )  # fmt: skip
            ids[nisn] = alumnus.id
    return ids


async def _respond(
    sessions: Sessions, survey: Survey, alumnus: int, phase: Phase, **answers: object
) -> None:
    state = ConversationState(
        questionnaire_id="q", version="1", language="id", phase=phase,
        current="x" if phase is Phase.QUESTION else None,
        answers={c: Answer(value=v, raw=str(v), answered_at=T0) for c, v in answers.items()},
        started_at=T0, updated_at=T0,
    )  # fmt: skip
    await save_step(sessions, survey.id, alumnus, Step(state, ()), T0)


async def _read(sessions: Sessions, surveys: list[ReportSurvey], **kw: object) -> list[Respondent]:
    async with sessions() as session:
        return [r async for r in respondents(session, surveys, **kw)]


async def test_one_respondent_per_alumnus_of_the_cohort_with_completed_answers_only(
    sessions: Sessions, monkeypatch
) -> None:
    monkeypatch.setattr(indicators, "CHUNK", 2)  # several chunks from five alumni
    school = await _school(sessions, "1", "73")
    survey = await _survey(sessions, school, 2025, "Tracer 2025")
    ids = await _people(sessions, school, [
        ("a", "XII A", "AKL", 2025), ("b", "XII A", "AKL", 2025), ("c", "XII B", "TKJ", 2025),
        ("d", None, None, 2025), ("e", "XII B", "TKJ", 2025), ("old", "XII A", "AKL", 2024),
    ])  # fmt: skip
    await _respond(sessions, survey, ids["a"], Phase.COMPLETED, status="1", gaji=3_000_000)
    await _respond(sessions, survey, ids["b"], Phase.QUESTION, status="4")  # partial
    await _respond(sessions, survey, ids["c"], Phase.COMPLETED, status="2", multi=["1", "3"])
    await _respond(sessions, survey, ids["old"], Phase.COMPLETED, status="1")  # not the cohort
    async with sessions() as session:
        found = await report_survey(session, survey.id)
        assert await report_survey(session, 999) is None
    assert found is not None
    assert (found.institution_code, found.institution_province, found.graduation_year) == (
        "1", "73", 2025,
    )  # fmt: skip
    assert found.questionnaire_source == SOURCE
    read = await _read(sessions, [found])
    assert [(r.groups, r.completed, dict(r.answers)) for r in read] == [
        ({"class": "XII A", "programme": "AKL"}, True, {"status": "1", "gaji": 3_000_000}),
        ({"class": "XII A", "programme": "AKL"}, False, {}),  # started: its answer not read
        ({"class": "XII B", "programme": "TKJ"}, True, {"status": "2", "multi": ["1", "3"]}),
        ({"class": None, "programme": None}, False, {}),
        ({"class": "XII B", "programme": "TKJ"}, False, {}),
    ]
    only = await _read(sessions, [found], codes={"status"}, by_institution=True)
    assert [dict(r.answers) for r in only if r.completed] == [{"status": "1"}, {"status": "2"}]
    assert {r.groups["institution"] for r in only} == {"1"}
    async with sessions() as session:
        class_b = await repo.get_class_group(session, school.id, "XII B")
        assert class_b is not None
        assert await cohort_size(session, [found]) == 5
        assert await cohort_size(session, [found], {class_b.id}) == 2
    seen: list[tuple[int, int]] = []
    b_only = await _read(
        sessions, [found], class_group_ids={class_b.id}, progress=lambda d, t: seen.append((d, t))
    )
    assert [r.completed for r in b_only] == [True, False]
    assert seen == [(0, 2), (2, 2)]


async def test_institution_and_province_scopes_find_their_surveys(sessions: Sessions) -> None:
    north = await _school(sessions, "N1", "73")
    south = await _school(sessions, "S1", "73")
    elsewhere = await _school(sessions, "X1", "32")
    await _school(sessions, "Q1", "73")  # in the province, no survey
    old = await _survey(sessions, north, 2024, "N 2024")
    new = await _survey(sessions, north, 2025, "N 2025")
    again = await _survey(sessions, north, 2025, "N 2025 again")
    south_2025 = await _survey(sessions, south, 2025, "S 2025")
    await _survey(sessions, elsewhere, 2025, "X 2025")
    async with sessions() as session:
        cohort, found = await institution_surveys(session, north.id, None)
        assert (cohort, [s.id for s in found]) == (2025, [new.id, again.id])  # latest cohort
        cohort, found = await institution_surveys(session, north.id, 2024)
        assert (cohort, [s.id for s in found]) == (2024, [old.id])
        assert await institution_surveys(session, south.id, 2019) == (2019, [])
        cohort, found = await province_surveys(session, "73", None)
        assert cohort == 2025
        assert [s.id for s in found] == [new.id, again.id, south_2025.id]  # by code, then id
        assert await province_surveys(session, "11", None) == (None, [])
        assert await province_institutions(session, "73") == [
            ("N1", "SMK N1"), ("Q1", "SMK Q1"), ("S1", "SMK S1"),
        ]  # fmt: skip


async def test_a_stored_value_that_is_not_json_is_passed_on_as_unreadable(
    sessions: Sessions, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        return  # PostgreSQL's JSON type refuses such a value on the way in: nothing to read
    school = await _school(sessions, "1", None)
    survey = await _survey(sessions, school, 2025, "T")
    ids = await _people(sessions, school, [("a", None, None, 2025)])
    await _respond(sessions, survey, ids["a"], Phase.COMPLETED, status="1", gaji=5)
    async with sessions() as session, session.begin():
        await session.execute(
            text("UPDATE answers SET value = '{oops' WHERE question_code = 'gaji'")
        )
    async with sessions() as session:
        found = await report_survey(session, survey.id)
    assert found is not None
    (only,) = await _read(sessions, [found])
    assert only.answers == {"status": "1", "gaji": UNREADABLE}
    assert Counter(type(v).__name__ for v in only.answers.values()) == {"str": 1, "Unreadable": 1}


def test_decode_reads_every_stored_value_as_json_would() -> None:
    """The fast paths (a plain string, a whole number) give exactly what json.loads gives."""
    texts = ['"1"', '""', '"Jawa Barat"', '"café"', '"a\\"b"', '"tab\\tx"', "0", "12", "007",
             "-3", "3.5", "1e3", "null", "true", '["1", "2"]', '{"a": 1}', "{oops", '"open',
             " 5", "٣"]  # fmt: skip
    for stored in texts:
        try:
            expected: object = json.loads(stored)
        except ValueError:
            expected = UNREADABLE
        found = indicators.decode(stored)
        assert (found, type(found)) == (expected, type(expected)), stored
    assert indicators.decode(None) is None
