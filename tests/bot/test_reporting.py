"""bot/reporting: the report across years (`trend`), the universities' IKU by the setting, the
accreditation and placement tables, a few classes' totals shown as a small group, and the new
keys rendered in the workbook and the page.

Hand-made cohorts, built through storage, answers stored through the one turn path.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step

from bot.reporting.build import ReportScope, build_report
from bot.reporting.files import ReportFormat, write_document
from config.loader import read_questionnaire
from config.settings import Settings
from config.templates import find_questionnaire
from conversations.state import Answer, ConversationState, Phase, Step
from storage.models import Institution, Survey
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
T0 = datetime(2026, 2, 2, 3, 0, tzinfo=UTC)  # every survey opens in 2026: its wages' year


async def _institution(sessions: Sessions, code: str, kind: str, province: str) -> Institution:
    async with sessions() as session, session.begin():
        return await repo.upsert_institution(
            session, code=code, name=f"{kind.upper()} {code}", kind=kind,
            timezone="Asia/Jakarta", province=province, now=T0,
        )  # fmt: skip


async def _survey(sessions: Sessions, school: Institution, template: str, cohort: int) -> Survey:
    questionnaire, source = read_questionnaire(find_questionnaire(template))
    async with sessions() as session, session.begin():
        version = await repo.ensure_version(
            session, questionnaire.id, questionnaire.version, source
        )
        return await repo.create_survey(
            session, institution_id=school.id, questionnaire_version=version,
            name=f"Tracer {cohort}", graduation_year=cohort, opens_at=T0, now=T0,
        )  # fmt: skip


async def _cohort(
    sessions: Sessions,
    school: Institution,
    survey: Survey,
    answers: list[dict[str, object] | None],
    class_name: str | None = None,
) -> list[int]:
    """One alumnus of the survey's cohort per item; a dict of answers completes their response."""
    ids = []
    async with sessions() as session, session.begin():
        group = (
            await repo.ensure_class_group(session, school.id, class_name, now=T0)
            if class_name
            else None
        )
        start = len(await repo.list_class_groups(session, school.id)) * 1000 + survey.id * 100
        for n in range(len(answers)):
            alumnus = await repo.add_alumnus(
                session, institution_id=school.id, nisn=f"{start + n:010d}", name=f"A {n}",
                graduation_year=survey.graduation_year, birth_date=date(2003, 1, 2),
                class_group_id=group.id if group else None, now=T0,
            )  # fmt: skip
            ids.append(alumnus.id)
    for alumnus_id, given in zip(ids, answers, strict=True):
        if given is None:
            continue
        state = ConversationState(
            questionnaire_id="q", version="1", language="id", phase=Phase.COMPLETED,
            current=None,
            answers={c: Answer(value=v, raw=str(v), answered_at=T0) for c, v in given.items()},
            started_at=T0, updated_at=T0,
        )  # fmt: skip
        await save_step(sessions, survey.id, alumnus_id, Step(state, ()), T0)
    return ids


WORKS = {"status": "1"}
LOOKS = {"status": "4"}


async def test_the_report_compares_the_cohort_with_the_institutions_earlier_ones(
    sessions: Sessions,
) -> None:
    """2023: 4 alumni, 2 completed (1 working, 1 looking); 2024: 2 alumni, none completed; 2025:
    5 alumni, 4 completed, 3 in BMW. Another school's 2022 survey is not this school's history."""
    school = await _institution(sessions, "70000001", "smk", "73")
    other = await _institution(sessions, "70000002", "smk", "73")
    s2023 = await _survey(sessions, school, "smk", 2023)
    s2024 = await _survey(sessions, school, "smk", 2024)
    s2025 = await _survey(sessions, school, "smk", 2025)
    await _survey(sessions, other, "smk", 2022)
    await _cohort(sessions, school, s2023, [WORKS, LOOKS, None, None])
    await _cohort(sessions, school, s2024, [None, None])
    await _cohort(sessions, school, s2025, [WORKS, WORKS, {"status": "3"}, LOOKS, None])

    report = await build_report(sessions, ReportScope(institution="70000001"), now=T0)
    assert report["trend"] == [
        {"cohort": 2023, "survey": s2023.id, "alumni": 4, "completed": 2,
         "response_rate": 0.5, "bmw_rate": 0.5},
        {"cohort": 2024, "survey": s2024.id, "alumni": 2, "completed": 0,
         "response_rate": 0.0, "bmw_rate": None},
        {"cohort": 2025, "survey": s2025.id, "alumni": 5, "completed": 4,
         "response_rate": 0.8, "bmw_rate": 0.75},
    ]  # fmt: skip
    by_survey = await build_report(sessions, ReportScope(survey=s2024.id), now=T0)
    assert [e["cohort"] for e in by_survey["trend"]] == [2023, 2024]  # earlier ones only
    province = await build_report(sessions, ReportScope(province="73", cohort=2025), now=T0)
    assert province["trend"] is None and province["ranking"] is not None

    # The workbook and the page carry the table and the chart across years.
    book = load_workbook(io.BytesIO(_written(report, ReportFormat.XLSX)))
    rows = list(book["Per angkatan"].iter_rows(values_only=True))
    assert ("2023", 4, 2, 0.5, 0.5) in rows and ("2024", 2, 0, 0, "–") in rows
    page = _written(report, ReportFormat.HTML).decode()
    assert 'data-chart="trend"' in page and 'data-key="trend"' in page
    # With no earlier cohort there is nothing to compare: no sheet, no chart.
    first = await build_report(sessions, ReportScope(survey=s2023.id), now=T0)
    assert len(first["trend"]) == 1
    assert "Per angkatan" not in load_workbook(io.BytesIO(_written(first, ReportFormat.XLSX)))
    assert 'data-chart="trend"' not in _written(first, ReportFormat.HTML).decode()


def _written(document: dict[str, object], fmt: ReportFormat, language: str = "id") -> bytes:
    stream = io.BytesIO()
    write_document(document, fmt, stream, language)
    return stream.getvalue()


# The university (Jawa Barat, UMP 2026 Rp 2,317,601; 1.2x = Rp 2,781,121.2), cohort 2024:
# | who | f8 status    | f502 months | f505 pay  | f14 | f5d           | 2021 | 2025 |
# | A   | 1 working    | 3           | 3,500,000 | 1   | 1 local       | yes  | yes  |
# | B   | 1 working    | 8           | 5,000,000 | 2   | 2 national    | no   | yes  |
# | C   | 1 working    | 2           | 2,500,000 | 4   | 3 multinat.   | no   | yes  |
# | D   | 4 studying   |             |           |     |               | yes  | yes  |
# | E   | 5 looking    |             |           |     |               | no   | no   |
# | F   | 1 working    | 14          | 9,000,000 | 2   | 2 national    | no   | no   |
# IKU 2021: 2/6 = 0.3333; IKU 2025: 4/6 = 0.6667. Waiting bands: < 6 A C, 6-18 B F.
UNIVERSITY = [
    {"f8": "1", "f502": 3, "f505": 3_500_000, "f14": "1", "f5d": "1"},
    {"f8": "1", "f502": 8, "f505": 5_000_000, "f14": "2", "f5d": "2"},
    {"f8": "1", "f502": 2, "f505": 2_500_000, "f14": "4", "f5d": "3"},
    {"f8": "4"},
    {"f8": "5"},
    {"f8": "1", "f502": 14, "f505": 9_000_000, "f14": "2", "f5d": "2"},
    None,
]


@pytest.mark.parametrize(
    ("definition", "count", "share"), [("2021", 2, 0.3333), ("2025", 4, 0.6667)]
)
async def test_the_iku_follows_the_setting_and_the_tables_go_per_graduation_year(
    sessions: Sessions, definition: str, count: int, share: float
) -> None:
    campus = await _institution(sessions, "001001", "university", "32")
    survey = await _survey(sessions, campus, "dikti", 2024)
    await _cohort(sessions, campus, survey, UNIVERSITY)
    report = await build_report(
        sessions, ReportScope(survey=survey.id), iku_definition=definition, now=T0
    )
    iku = report["iku"]
    assert (iku["definition"], iku["n"], iku["count"], iku["share"]) == (
        definition, 6, count, share,
    )  # fmt: skip
    accreditation = report["accreditation"]
    assert list(accreditation) == ["2024"]  # the cohort's graduation year, not "unknown"
    year = accreditation["2024"]
    assert (year["alumni"], year["respondents"]) == (7, 6)
    assert year["waiting_bands"]["counts"] == {"under_6": 2, "from_6_to_18": 2, "over_18": 0}
    assert year["workplace_level"]["counts"] == {"local": 1, "national": 2, "multinational": 1}

    book = load_workbook(io.BytesIO(_written(report, ReportFormat.XLSX)))
    assert {"Akreditasi", "IKU"} <= set(book.sheetnames)
    iku_rows = list(book["IKU"].iter_rows(values_only=True))
    assert (6, count, share, 0) in iku_rows
    bands = [row[:9] for row in book["Akreditasi"].iter_rows(values_only=True)]
    assert ("2024", 6, 4, 2, 0.5, 2, 0.5, 0, 0) in bands  # the waiting bands' row
    page = _written(report, ReportFormat.HTML, "en").decode()
    assert 'data-key="accreditation"' in page and 'data-key="iku"' in page
    assert f"IKU), {definition} definition" in page


async def test_no_iku_for_a_school_and_the_setting_takes_only_the_two_definitions(
    sessions: Sessions,
) -> None:
    school = await _institution(sessions, "70000009", "smk", "73")
    survey = await _survey(sessions, school, "smk", 2025)
    await _cohort(sessions, school, survey, [WORKS, LOOKS])
    report = await build_report(
        sessions, ReportScope(survey=survey.id), iku_definition="2021", now=T0
    )
    assert report["iku"] is None and report["accreditation"] is None
    assert report["placement"] is None
    assert Settings(iku_definition="2021").iku_definition == "2021"
    assert Settings().iku_definition == "2025"
    with pytest.raises(ValidationError, match="2021"):
        Settings(iku_definition="2030")


def test_jejak_report_takes_the_iku_definition_from_the_setting(cli) -> None:
    """The sample university's survey (3): JEJAK_IKU_DEFINITION reaches the JSON."""
    invoke, _ = cli
    default = invoke("report", "--survey", "3")
    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout)["iku"]["definition"] == "2025"
    chosen = invoke("report", "--survey", "3", JEJAK_IKU_DEFINITION="2021")
    assert json.loads(chosen.stdout)["iku"]["definition"] == "2021"
    smk = json.loads(invoke("report", "--survey", "1", JEJAK_IKU_DEFINITION="2021").stdout)
    assert smk["iku"] is None


async def test_a_training_centres_placement_table_renders(sessions: Sessions) -> None:
    """BLK: the batch comes from the answer (the roster has no batch column). Programme 1, batch
    "Angkatan 1": 5 completed, 4 working (placed), 4 of 5 rate the fit 5 (best): 0.8. Programme
    2: 1 completed, looking: fewer than 5, so its fit share is hidden."""
    blk = await _institution(sessions, "BLK0001", "blk", "81")
    survey = await _survey(sessions, blk, "blk", 2025)
    placed = {"status": "1", "kejuruan": "1", "angkatan": "Angkatan 1", "kesesuaian": 5}
    few = {"status": "3", "kejuruan": "2", "angkatan": "Angkatan 1", "kesesuaian": 2}
    await _cohort(
        sessions,
        blk,
        survey,
        [placed] * 4 + [{**placed, "status": "3", "kesesuaian": 2}, few, None],
    )
    report = await build_report(sessions, ReportScope(survey=survey.id), now=T0)
    rows = report["placement"]["by"]
    assert [(r["programme"], r["batch"], r["completed"], r["placed"]) for r in rows] == [
        ("Otomotif", "Angkatan 1", 1, 0),
        ("Teknologi informasi dan komunikasi", "Angkatan 1", 5, 4),
    ]
    book = load_workbook(io.BytesIO(_written(report, ReportFormat.XLSX)))
    table = list(book["Penempatan"].iter_rows(values_only=True))
    assert ("Otomotif", "Angkatan 1", 1, 0, 0, 1, "*") in table  # fewer than 5: fit hidden
    assert ("Teknologi informasi dan komunikasi", "Angkatan 1", 5, 4, 0.8, 5, 0.8) in table
    assert 'data-key="placement"' in _written(report, ReportFormat.HTML).decode()


async def test_a_report_of_a_few_classes_shows_their_totals_as_a_small_group(
    sessions: Sessions,
) -> None:
    """A class of 3 respondents: the totals of a report limited to it hide waiting time and
    income (counts stay); the whole school's report does not."""
    school = await _institution(sessions, "70000010", "smk", "73")
    survey = await _survey(sessions, school, "smk", 2025)
    job = {"status": "1", "mulai_kerja": "2", "masa_tunggu": 4, "gaji": 6_000_000}
    await _cohort(sessions, school, survey, [job] * 3 + [None], "XII A")
    await _cohort(sessions, school, survey, [job] * 5, "XII B")
    async with sessions() as session:
        classes = {g.name: g.id for g in await repo.list_class_groups(session, school.id)}
    small = await build_report(
        sessions,
        ReportScope(survey=survey.id, class_group_ids=frozenset({classes["XII A"]})),
        now=T0,
    )
    assert small["suppressed"] is True and small["trend"] is None
    assert (small["alumni"], small["completed"], small["bmw_rate"]) == (4, 3, 1.0)
    assert small["income"]["n"] == 3 and small["income"]["median"] is None
    assert small["waiting_time_months"]["median"] is None
    both = frozenset(classes.values())
    bigger = await build_report(
        sessions, ReportScope(survey=survey.id, class_group_ids=both), now=T0
    )
    assert bigger["suppressed"] is False and bigger["income"]["median"] == 6_000_000
    assert "_whole" not in bigger["groups"]
    whole = await build_report(sessions, ReportScope(survey=survey.id), now=T0)
    assert whole["suppressed"] is False and whole["waiting_time_months"]["median"] == 4
    summary = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(_written(small, ReportFormat.XLSX)))[
            "Ringkasan"
        ].iter_rows(values_only=True)
        if row
    }
    assert summary["Median"] == "*" and summary["Selesai mengisi"] == 3


async def test_several_listed_institutions_are_ranked_by_response_and_bmw_rate(
    sessions: Sessions,
) -> None:
    """The scope a provincial office's /laporan uses: institutions by code, the latest cohort."""
    first = await _institution(sessions, "70000021", "smk", "73")
    second = await _institution(sessions, "70000022", "smk", "32")
    await _institution(sessions, "70000023", "smk", "73")  # no survey
    await _cohort(sessions, first, await _survey(sessions, first, "smk", 2025), [WORKS, None])
    await _cohort(
        sessions, second, await _survey(sessions, second, "smk", 2025), [LOOKS, WORKS, WORKS]
    )
    scope = ReportScope(institutions=("70000021", "70000022", "70000023"))
    report = await build_report(sessions, scope, now=T0)
    assert report["scope"]["kind"] == "institutions" and report["scope"]["cohort"] == 2025
    ranking = report["ranking"]
    assert [(e["institution"], e["value"]) for e in ranking["response_rate"]] == [
        ("70000022", 1.0), ("70000021", 0.5),
    ]  # fmt: skip
    assert [(e["institution"], e["value"]) for e in ranking["bmw_rate"]] == [
        ("70000021", 1.0), ("70000022", 0.6667),
    ]  # fmt: skip
    assert report["institutions_without_survey"] == [{"code": "70000023", "name": "SMK 70000023"}]
    assert report["minimum_wage"]["fallback_province"] is None  # two provinces: none for all


def test_the_settings_list_documents_the_iku_setting() -> None:
    operations = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    assert "JEJAK_IKU_DEFINITION" in operations
