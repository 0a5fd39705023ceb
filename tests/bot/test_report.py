"""`jejak report` against a hand-made cohort: the JSON equals the figures computed by hand.

The cohort is the table below: 24 alumni of 2025 (and one of 2024 who must not count), put in
through the real paths: `jejak institution add`, `jejak roster import`, `jejak survey create`,
and every answer through the conversation runner the bots use, on the shipped smk template.

Minimum wages 2026 (the survey opens in 2026), from config/data/minimum_wages.csv: UMP Jawa
Barat Rp 2,317,601, Sulawesi Selatan Rp 3,921,089 (3,921,088.79 rounded up), DKI Jakarta
Rp 5,729,876. The institution is in Sulawesi Selatan: its UMP counts for whoever's place of work
is not asked (a business).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner
from walkers import typed_answer

from bot.alumni.runner import ConversationRunner
from bot.cli.app import app
from config.loader import parse_questionnaire
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.indicators.figures import compute_figures
from conversations.inputs import TextReply
from conversations.state import Phase
from storage.database import create_engine, session_factory
from storage.models import Alumnus
from storage.reports.indicators import read_codes, report_survey, respondents

RUNNER = CliRunner()
CODE = "70000001"
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)

# Who: resp C complete, P started and left half-way, D declined, - never opened.
# status (main): 1 working, 2 business, 3 studying, 4 looking, 5 not yet able.
# juga ("also"), typed as the alumnus sees the list: 1 employee, 2 business, 3 studies, 4 none.
WHO = """
| #  | kelas     | jurusan | lulus | resp | status | juga |
| 1  | XII AKL 1 | AKL     | 2025  | C    | 1      | 4    |
| 2  | XII AKL 1 | AKL     | 2025  | C    | 1      | 4    |
| 3  | XII AKL 1 | AKL     | 2025  | C    | 3      | 1    |
| 4  | XII AKL 1 | AKL     | 2025  | C    | 4      |      |
| 5  | XII AKL 1 | AKL     | 2025  | C    | 2      | 4    |
| 6  | XII AKL 1 | AKL     | 2025  | C    | 1      | 4    |
| 7  | XII AKL 1 | AKL     | 2025  | P    | 1      |      |
| 8  | XII AKL 1 | AKL     | 2025  | D    |        |      |
| 9  | XII AKL 1 | AKL     | 2025  | -    |        |      |
| 10 | XII AKL 2 | AKL     | 2025  | C    | 1      | 4    |
| 11 | XII AKL 2 | AKL     | 2025  | C    | 1      | 2    |
| 12 | XII AKL 2 | AKL     | 2025  | C    | 5      |      |
| 13 | XII AKL 2 | AKL     | 2025  | C    | 4      |      |
| 14 | XII AKL 2 | AKL     | 2025  | -    |        |      |
| 15 | XII AKL 2 | AKL     | 2025  | -    |        |      |
| 16 | XII TKJ 1 | TKJ     | 2025  | C    | 1      | 3    |
| 17 | XII TKJ 1 | TKJ     | 2025  | C    | 2      | 1    |
| 18 | XII TKJ 1 | TKJ     | 2025  | C    | 3      | 4    |
| 19 | XII TKJ 1 | TKJ     | 2025  | C    | 1      | 4    |
| 20 | XII TKJ 1 | TKJ     | 2025  | C    | 4      |      |
| 21 | XII TKJ 1 | TKJ     | 2025  | P    | 3      |      |
| 22 | XII TKJ 1 | TKJ     | 2025  | -    |        |      |
| 23 | XII TKJ 1 | TKJ     | 2025  | -    |        |      |
| 24 |           | TKJ     | 2025  | C    | 1      | 4    |
| 25 | XII AKL 1 | AKL     | 2024  | C    | 1      | 4    |
"""
# Work and business, for those asked. mulai: 1 job before graduating (0 months), 2 after (then
# tunggu months). lok: 1 Indonesia (provinsi, kota), 2 abroad. gaji and u_gaji (the business's
# income) as typed, "lewati" skips; sel and u_sel: alignment 1-5 (5 best).
# cara: 1 BKK, 2 PKL place, 3 partner industry, 4 online, 5 family, 6 applied, 7 other.
WORK = """
| #  | mulai | tunggu | lok | provinsi   | kota          | gaji     | sel | cara | u_gaji | u_sel |
| 1  | 1     |        | 1   | Jawa Barat | Kota Bandung  | 3 juta   | 5   | 2    |        |       |
| 2  | 2     | 4      | 1   | Sulsel     | Kota Makassar | 1,5 juta | 2   | 1    |        |       |
| 3  | 2     | 1      | 1   | DKI        | Jakarta Pusat | lewati   | 4   | 4    |        |       |
| 5  |       |        |     |            |               |          |     |      | 7 juta | 3     |
| 6  | 2     | 8      | 2   |            |               | 7 juta   | 4   | 5    |        |       |
| 10 | 1     |        | 1   | Papua Pegunungan | Jayawijaya | 4 juta | 5 | 2 |        |       |
| 11 | 2     | 12     | 1   | Jabar      | Kab. Bekasi   | 5,5 juta | 4   | 3    | 9 juta | 1     |
| 16 | 2     | 2      | 1   | Sulsel     | Kota Makassar | 4,5 juta | 3   | 6    |        |       |
| 17 | 1     |        | 1   | Sulsel     | Kab. Gowa     | 2 juta   | 1   | 7    | 3 juta | 5     |
| 19 | 2     | 6      | 1   | Sulsel     | Kota Makassar | lewati   | 4   | 1    |        |       |
| 24 | 2     | 3      | 1   | Sulsel     | Kota Parepare | 3 juta   | 5   | 1    |        |       |
| 25 | 2     | 1      | 1   | Sulsel     | Kota Makassar | 9 juta   | 5   | 1    |        |       |
"""

# By hand, from the table (alumni 1-24; 25 graduated in 2024 and is not in the cohort).
# Completed: 1-6, 10-13, 16-20, 24 = 16 of 24.
# Outcome: working 1 2 6 10 11 16 19 24 = 8; business 5 17; studying 3 18; looking 4 13 20;
# not yet 12. BMW (8 + 2 + 2) / 16 = 0.75.
# Waiting time, employees by main status or "also" (1 2 3 6 10 11 16 17 19 24):
# [0, 4, 1, 8, 0, 12, 2, 0, 6, 3] -> n 10, mean 36/10 = 3.6, median (2 + 3)/2 = 2.5,
# <= 3 months: 0 0 0 1 2 3 = 6 -> 0.6; <= 6: 8 -> 0.8.
# Income, the job's first (3 and 19 skipped it): 1 3.0M, 2 1.5M, 5 7.0M (business), 6 7.0M,
# 10 4.0M, 11 5.5M, 16 4.5M, 17 2.0M, 24 3.0M -> n 9, mean 37.5M/9 = 4,166,666.67 -> 4,166,667,
# median 4.0M. Minimum wage: 1 Jabar met; 2 Sulsel no; 5 Sulsel (institution's) met; 6 abroad
# and 10 Papua Pegunungan (no 2026 UMP in the data file): not comparable; 11 Jabar (no UMK
# known for Bekasi) met; 16 met; 17 no; 24 no -> 4 of 7 = 0.5714, not comparable 2.
# Alignment, the job's first: 5 2 4 3 4 5 4 3 1 4 5 (1 2 3 5 6 10 11 16 17 19 24) -> n 11,
# mean 40/11 = 3.64, aligned (4 or 5) 7 -> 0.6364.
# Job source (10 answers): 1 BKK: 2 19 24; 2 PKL: 1 10; 3: 11; 4: 3; 5: 6; 6: 16; 7: 17.
# PKL share 2/10.
TOTAL = {
    "alumni": 24,
    "completed": 16,
    "response_rate": 0.6667,
    "outcome": {"working": 8, "entrepreneur": 2, "studying": 2, "looking": 3, "not_yet": 1,
                "unknown": 0},
    "bmw_rate": 0.75,
    "waiting_time_months": {"n": 10, "mean": 3.6, "median": 2.5, "within_3": 0.6,
                            "within_6": 0.8},
    "income": {"n": 9, "mean": 4166667, "median": 4000000, "at_least_minimum_wage": 0.5714,
               "not_comparable": 2},
    "alignment": {"n": 11, "mean": 3.64, "aligned_share": 0.6364},
    "job_source": {"1": 3, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1},
    "pkl_share": 0.2,
    "unreadable": 0,
}  # fmt: skip
# Per class. XII AKL 1: alumni 1-9, completed 1-6; BMW 5/6; waiting [0 4 1 8]: mean 3.25,
# median 2.5, within 3 2/4, within 6 3/4; income [3.0 1.5 7.0 7.0]M: mean 4,625,000, median
# 5,000,000, wage 1 yes 2 no 5 yes (6 abroad) = 2/3; alignment [5 2 4 3 4]: 3.6, 3/5.
# XII AKL 2: 6 alumni, 4 completed (fewer than 5: counts only), BMW 2/4. XII TKJ 1: 8 alumni,
# completed 16-20, BMW 4/5. No class: alumnus 24 alone.
CLASSES = {
    "XII AKL 1": {
        "alumni": 9, "completed": 6, "response_rate": 0.6667, "bmw_rate": 0.8333,
        "suppressed": False,
        "waiting_time_months": {"n": 4, "mean": 3.25, "median": 2.5, "within_3": 0.5,
                                "within_6": 0.75},
        "income": {"n": 4, "mean": 4625000, "median": 5000000, "at_least_minimum_wage": 0.6667,
                   "not_comparable": 1},
        "alignment": {"n": 5, "mean": 3.6, "aligned_share": 0.6},
    },
    "XII AKL 2": {
        "alumni": 6, "completed": 4, "response_rate": 0.6667, "bmw_rate": 0.5,
        "suppressed": True,
        "waiting_time_months": {"n": 2, "mean": None, "median": None, "within_3": None,
                                "within_6": None},
        "income": {"n": 2, "mean": None, "median": None, "at_least_minimum_wage": None,
                   "not_comparable": 1},
        "alignment": {"n": 2, "mean": None, "aligned_share": None},
    },
    "XII TKJ 1": {"alumni": 8, "completed": 5, "response_rate": 0.625, "bmw_rate": 0.8,
                  "suppressed": False},
    None: {"alumni": 1, "completed": 1, "response_rate": 1.0, "bmw_rate": 1.0,
           "suppressed": True},
}  # fmt: skip
PROGRAMMES = {
    "AKL": {"alumni": 15, "completed": 10, "response_rate": 0.6667, "bmw_rate": 0.7},
    "TKJ": {"alumni": 9, "completed": 6, "response_rate": 0.6667, "bmw_rate": 0.8333},
}
# An institution's UMK file: Kabupaten Bekasi above alumnus 11's Rp 5,500,000.
UMK = (
    "provinsi,kabupaten/kota,tahun,umk,sumber\n"
    "Jawa Barat,Kabupaten Bekasi,2026,5.900.000,Kepgub Jabar (contoh untuk uji)\n"
)


@dataclass(frozen=True, slots=True)
class Person:
    number: int
    fields: dict[str, str]

    @property
    def nisn(self) -> str:
        return f"00{self.number:08d}"


def _table(text: str) -> dict[int, dict[str, str]]:
    """A table above: its rows by number (column "#"), each cell stripped."""
    lines = [line for line in text.strip().splitlines() if line.startswith("|")]
    head = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[1:]:
        row = dict(zip(head, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        rows[int(row.pop("#"))] = row
    return rows


def cohort() -> list[Person]:
    """Every alumnus of the tables, their two rows joined."""
    work = _table(WORK)
    return [Person(n, {**row, **work.get(n, {})}) for n, row in _table(WHO).items()]


def replies(row: dict[str, str]) -> dict[str, str]:
    """What the alumnus types, by question code (the rest as tests/walkers.py types it)."""
    codes = {"status": "status", "juga": "status_juga", "mulai": "mulai_kerja",
             "tunggu": "masa_tunggu", "lok": "lokasi_kerja", "provinsi": "provinsi_kerja",
             "kota": "kota_kerja", "gaji": "gaji", "sel": "keselarasan",
             "cara": "cara_dapat_kerja", "u_gaji": "usaha_penghasilan",
             "u_sel": "usaha_keselarasan"}  # fmt: skip
    return {code: row[column] for column, code in codes.items() if row.get(column)}


def _env(db: Path) -> dict[str, str | None]:
    return {
        "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "JEJAK_LANGUAGE": "id",
        "JEJAK_QUESTIONNAIRE_DIR": None,
        "COLUMNS": "200",
    }


async def _answer(db: Path, survey_id: int, people: list[Person]) -> None:
    """Every alumnus's replies through the conversation runner, as a chat would send them."""
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    sessions = session_factory(engine)
    runner = ConversationRunner(sessions)
    try:
        async with sessions() as session:
            ids = dict((await session.execute(select(Alumnus.nisn, Alumnus.id))).all())
        for person in people:
            kind = person.fields["resp"]
            if kind == "-":
                continue
            alumnus = ids[person.nisn]
            await runner.open(survey_id, alumnus, NOW)
            if kind == "D":
                turn = await runner.reply(survey_id, alumnus, TextReply("tidak"), NOW)
                assert turn.state.phase is Phase.DECLINED
                continue
            typed = replies(person.fields)
            reply, steps = "ya", 0
            while True:
                turn = await runner.reply(survey_id, alumnus, TextReply(reply), NOW)
                steps += 1
                assert not any(isinstance(e, AnswerRejected) for e in turn.events), (person, reply)
                if turn.state.phase is Phase.COMPLETED or (kind == "P" and steps == 12):
                    break
                if turn.state.phase is Phase.REVIEW:
                    reply = "kirim"
                elif any(isinstance(e, AnswerConfirmationAsked) for e in turn.events):
                    reply = "ya"
                else:
                    asked = [e for e in turn.events if isinstance(e, QuestionAsked)][-1]
                    if asked.awaiting_other:
                        reply = "Ditawari tetangga"
                    else:
                        reply = typed.get(asked.question.code) or typed_answer(asked.question)
            assert (turn.state.phase is Phase.COMPLETED) == (kind == "C"), person
    finally:
        runner.close()
        await engine.dispose()


@pytest.fixture(scope="module")
def answered_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cohort above in a SQLite file, once per module."""
    folder = tmp_path_factory.mktemp("report")
    db = folder / "jejak.db"
    people = cohort()

    def invoke(*args: str) -> str:
        result = RUNNER.invoke(app, list(args), env=_env(db))
        assert result.exit_code == 0, result.output
        return result.stdout

    roster = folder / "alumni.csv"
    lines = ["nisn,nama,kelas,jurusan,tahun_lulus,tanggal_lahir"]
    for p in people:
        f = p.fields
        lines.append(
            f"{p.nisn},Alumni {p.number},{f['kelas']},{f['jurusan']},{f['lulus']},01-01-2007"
        )
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invoke("db", "upgrade")
    invoke("institution", "add", "--code", CODE, "--name", "SMK Uji Laporan", "--timezone", "WITA",
           "--province", "Sulawesi Selatan")  # fmt: skip
    invoke("roster", "import", str(roster), "--institution", CODE)
    invoke("survey", "create", "--institution", CODE, "--questionnaire", "smk", "--cohort", "2025",
           "--opens", "2026-02-01")  # fmt: skip
    asyncio.run(_answer(db, 1, people))
    return db


@pytest.fixture
def cli(answered_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`jejak …` in tmp_path on a copy of the answered database; returns (invoke, db)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "jejak.db"
    shutil.copyfile(answered_db, db)

    def invoke(*args: str):
        return RUNNER.invoke(app, list(args), env=_env(db))

    return invoke, db


def report(invoke, *args: str) -> dict[str, Any]:
    result = invoke("report", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # nothing but the JSON on stdout


def subset(actual: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """`actual` cut down to the keys `expected` names, nested dicts too."""
    return {
        k: subset(actual[k], v)
        if isinstance(v, dict) and isinstance(actual[k], dict)
        else actual[k]
        for k, v in expected.items()
    }


def test_the_json_equals_the_figures_computed_by_hand(cli) -> None:
    invoke, _ = cli
    figures = report(invoke, "--survey", "1")
    assert subset(figures, TOTAL) == TOTAL
    classes = {g["name"]: g for g in figures["groups"]["class"]}
    assert list(classes) == ["XII AKL 1", "XII AKL 2", "XII TKJ 1", None]
    for name, expected in CLASSES.items():
        assert subset(classes[name], expected) == expected, name
    programmes = {g["name"]: g for g in figures["groups"]["programme"]}
    for name, expected in PROGRAMMES.items():
        assert subset(programmes[name], expected) == expected, name
    assert figures["survey"]["id"] == 1 and figures["survey"]["cohort"] == 2025
    assert figures["survey"]["year"] == 2026
    assert figures["survey"]["institution"]["province"] == {
        "code": "73",
        "name": "Sulawesi Selatan",
    }
    assert figures["scope"]["kind"] == "survey"
    wage = figures["minimum_wage"]
    assert (wage["year"], wage["level"], wage["fallback_province"]["code"]) == (2026, "UMP", "73")
    assert wage["rows_used"] == 2  # Jawa Barat's and Sulawesi Selatan's UMP 2026
    assert wage["places_without_wage"] == 1  # Papua Pegunungan: no 2026 UMP (abroad: not asked)
    assert figures["labels"]["job_source"]["2"] == "Tempat PKL (prakerin)"
    assert figures["definitions"]["bmw_rate"]["id"].startswith("Keterserapan")
    assert figures["generated_at"].endswith("Z")


def test_an_institutions_umk_file_takes_precedence(cli, tmp_path: Path) -> None:
    invoke, _ = cli
    umk = tmp_path / "umk.csv"
    umk.write_text(UMK, encoding="utf-8")
    figures = report(invoke, "--survey", "1", "--umk", str(umk))
    # Alumnus 11 (Rp 5,500,000 in Kabupaten Bekasi) is now below its UMK: 3 of 7.
    assert figures["income"]["at_least_minimum_wage"] == 0.4286
    assert figures["minimum_wage"]["level"] == "UMK+UMP"
    assert figures["minimum_wage"]["regional_file"] == str(umk)
    assert any("Kabupaten Bekasi" in s for s in figures["minimum_wage"]["sources"])


def test_institution_and_province_scopes(cli) -> None:
    invoke, _ = cli
    by_survey = report(invoke, "--survey", "1")
    by_institution = report(invoke, "--institution", CODE, "--cohort", "2025")
    for key in ("alumni", "completed", "outcome", "income", "groups"):
        assert by_institution[key] == by_survey[key], key
    assert by_institution["scope"]["kind"] == "institution"
    assert report(invoke, "--institution", CODE)["scope"]["cohort"] == 2025  # the latest
    # Another SMK of the province, with no survey: ranked nowhere, listed as without one.
    added = invoke("institution", "add", "--code", "70000002", "--name", "SMK Kedua",
                   "--timezone", "WITA", "--province", "73")  # fmt: skip
    assert added.exit_code == 0, added.output
    province = report(invoke, "--province", "sulsel", "--cohort", "2025")
    assert province["scope"]["province"] == {"code": "73", "name": "Sulawesi Selatan"}
    assert province["survey"] is None and [s["id"] for s in province["surveys"]] == [1]
    assert subset(province, TOTAL) == TOTAL
    assert set(province["groups"]) == {"institution", "programme"}
    assert province["ranking"]["response_rate"] == [
        {"rank": 1, "institution": CODE, "name": "SMK Uji Laporan", "value": 0.6667,
         "alumni": 24, "completed": 16}
    ]  # fmt: skip
    assert province["ranking"]["bmw_rate"][0]["value"] == 0.75
    assert province["institutions_without_survey"] == [{"code": "70000002", "name": "SMK Kedua"}]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--survey", "99"), ("--survey", "99", "jejak survey list")),
        (("--province", "Atlantis"), ("--province", "Atlantis", "Jawa Barat")),
        (("--province", "Papua", "--cohort", "2025"), ("Papua", "--province")),
        (("--institution", "NOPE"), ("--institution", "NOPE", "jejak institution list")),
        (("--institution", CODE, "--cohort", "2019"), ("2019", "--cohort")),
        ((), ("--survey", "--institution", "--province")),
        (("--survey", "1", "--province", "Jabar"), ("--survey", "--province")),
        (("--survey", "1", "--cohort", "2025"), ("--cohort",)),
        (("--survey", "1", "--out", "no/such/folder/r.json"), ("--out", "no/such/folder")),
        (("--survey", "1", "--umk", "absent.csv"), ("--umk", "absent.csv")),
    ],
)
def test_bad_options_say_which_and_how_to_fix_it(cli, args, names) -> None:
    invoke, _ = cli
    result = invoke("report", *args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # a script reading the JSON gets nothing, not half a document
    assert "Traceback" not in result.output
    message = " ".join(result.stderr.split())
    for name in names:
        assert name in message, (name, message)


def test_a_bad_umk_file_names_its_row_and_column(cli, tmp_path: Path) -> None:
    invoke, _ = cli
    umk = tmp_path / "umk.csv"
    umk.write_text(UMK.replace("5.900.000", "lima juta"), encoding="utf-8")
    result = invoke("report", "--survey", "1", "--umk", str(umk))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "--umk" in message and "row 2" in message and "umk" in message


def test_a_broken_stored_answer_counts_as_unreadable_not_a_crash(cli) -> None:
    invoke, db = cli
    with sqlite3.connect(db) as connection:  # a hand-edited database: alumnus 2's main status
        connection.execute(
            "UPDATE answers SET value = '{broken' WHERE question_code = 'status' AND response_id ="
            " (SELECT r.id FROM responses r JOIN alumni a ON a.id = r.alumnus_id"
            "  WHERE a.nisn = '0000000002')"
        )
    figures = report(invoke, "--survey", "1")
    assert figures["unreadable"] == 1
    assert figures["outcome"]["unknown"] == 1 and figures["outcome"]["working"] == 7
    assert figures["bmw_rate"] == 0.6875  # 11 of 16: unknown stays in the denominator


def test_the_workbook_has_the_figures_definitions_tables_and_charts(cli) -> None:
    invoke, _ = cli
    result = invoke("report", "--survey", "1", "--format", "xlsx", "--out", "laporan.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook("laporan.xlsx")
    assert book.sheetnames == ["Ringkasan", "Per kelas", "Per jurusan", "Grafik"]
    summary = book["Ringkasan"]
    cells = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row[0]}
    assert cells["Alumni dalam daftar"][0] == 24
    assert cells["Tingkat respons"][0] == 0.6667
    assert cells["Keterserapan (BMW)"][0] == 0.75
    assert cells["Keterserapan (BMW)"][1].startswith("Keterserapan (BMW): bekerja")
    assert cells["Median"][0] in (2.5, 4000000)  # waiting time, then income: both present
    texts = [c for row in summary.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "2. Tempat PKL (prakerin)" in texts
    assert str(summary.page_setup.paperSize) == summary.PAPERSIZE_A4
    assert summary.sheet_properties.pageSetUpPr.fitToPage and summary.page_setup.fitToWidth == 1
    assert summary.print_area
    classes = list(book["Per kelas"].iter_rows(values_only=True))
    akl2 = next(row for row in classes if row[0] == "XII AKL 2")
    assert akl2[1:3] == (6, 4) and "*" in akl2  # counts, and income hidden for 4 people
    assert book["Per kelas"].page_setup.orientation == "landscape"
    assert len(book["Grafik"]._images) == 3  # outcome, BMW per class, waiting time


def test_the_export_carries_the_same_figures(cli) -> None:
    invoke, _ = cli
    result = invoke("export", "--survey", "1", "--output", "ekspor.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook("ekspor.xlsx")
    assert book.sheetnames == ["Jawaban", "Angka", "Label", "Info"]
    rows = {r[0]: r[1] for r in book["Angka"].iter_rows(values_only=True) if r[0]}
    assert rows["Alumni dalam daftar"] == 24 and rows["Selesai mengisi"] == 16
    assert rows["Keterserapan (BMW)"] == 0.75
    assert rows["Setara upah minimum atau lebih"] == 0.5714
    one_class = invoke("export", "--survey", "1", "--class", "XII TKJ 1", "--output", "tkj.xlsx")
    assert one_class.exit_code == 0, one_class.output
    rows = {r[0]: r[1] for r in load_workbook("tkj.xlsx")["Angka"].iter_rows(values_only=True)}
    assert rows["Alumni dalam daftar"] == 8 and rows["Keterserapan (BMW)"] == 0.8


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return found


def test_the_html_is_one_file_that_a_browser_prints_on_a4(cli, tmp_path: Path) -> None:
    invoke, _ = cli
    result = invoke("report", "--survey", "1", "--format", "html", "--out", "laporan.html")
    assert result.exit_code == 0, result.output
    page = Path("laporan.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    assert page.count('src="data:image/png;base64,') == 3
    assert "http://" not in page and "https://" not in page  # nothing fetched from anywhere
    assert "@page { size: A4" in page
    browser = _chromium()
    pdf = tmp_path / "laporan.pdf"
    flags = ["--headless", "--disable-gpu", "--no-sandbox", f"--user-data-dir={tmp_path / 'c'}"]
    subprocess.run([browser, *flags, f"--print-to-pdf={pdf}", "laporan.html"],
                   capture_output=True, timeout=120, check=False)  # fmt: skip
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF")
    sizes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", printed)
    assert len(sizes) >= 3  # pages
    # A4 is 595 x 842 points: portrait for the summary, landscape for the wide group tables.
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842), (842, 595)}
    dom = subprocess.run([browser, *flags, "--dump-dom", "laporan.html"], capture_output=True,
                         text=True, timeout=120, check=False).stdout  # fmt: skip
    for text in ("Laporan Indikator Tracer Study", "66,7%", "75,0%", "Rp 4.166.667", "XII AKL 2"):
        assert text in dom, text


def test_a_survey_without_answers_reports_nulls_and_says_no_data_yet(cli) -> None:
    invoke, _ = cli
    created = invoke("survey", "create", "--institution", CODE, "--questionnaire", "smk",
                     "--cohort", "2025", "--opens", "2026-06-01")  # fmt: skip
    assert created.exit_code == 0, created.output
    figures = report(invoke, "--survey", "2")
    assert (figures["alumni"], figures["completed"], figures["response_rate"]) == (24, 0, 0.0)
    assert figures["bmw_rate"] is None
    assert figures["waiting_time_months"]["mean"] is None and figures["income"]["median"] is None
    assert figures["alignment"]["aligned_share"] is None and figures["pkl_share"] is None
    assert invoke("report", "--survey", "2", "--format", "xlsx", "--out", "e.xlsx").exit_code == 0
    summary = load_workbook("e.xlsx")["Ringkasan"]
    values = [c for row in summary.iter_rows(values_only=True) for c in row]
    assert values.count("belum ada data") >= 10
    assert invoke("report", "--survey", "2", "--format", "html", "--out", "e.html").exit_code == 0
    assert "belum ada data" in Path("e.html").read_text(encoding="utf-8")
    english = invoke("report", "--survey", "2", "--format", "html", "--out", "en.html",
                     "--lang", "en")  # fmt: skip
    assert english.exit_code == 0
    page = Path("en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "no data yet" in page


def test_institution_add_takes_a_province_by_name_and_lists_it(cli) -> None:
    invoke, db = cli
    ok = invoke("institution", "add", "--code", "9", "--name", "BLK", "--kind", "blk",
                "--province", "Prov. Jawa Barat")  # fmt: skip
    assert ok.exit_code == 0 and "32 Jawa Barat" in ok.stdout
    listed = invoke("institution", "list").stdout
    assert "32 Jawa Barat" in listed and "73 Sulawesi Selatan" in listed
    again = invoke("institution", "add", "--code", "9", "--name", "BLK Baru", "--kind", "blk")
    assert again.exit_code == 0
    with sqlite3.connect(db) as connection:
        sql = "SELECT province FROM institutions WHERE code = '9'"
        (province,) = connection.execute(sql).fetchone()
    assert province == "32"  # not given again: kept
    bad = invoke("institution", "add", "--code", "9", "--name", "BLK", "--province", "Narnia")
    assert bad.exit_code == 1 and "--province" in bad.stderr and "Narnia" in bad.stderr


def test_reading_only_the_declared_questions_gives_the_same_figures(answered_db: Path) -> None:
    """The report reads the answers its declarations name (storage.reports.indicators
    .read_codes), not all: the figures must not change by it."""

    async def figures() -> tuple[set[str], list[dict[str, object]]]:
        engine = create_engine(f"sqlite+aiosqlite:///{answered_db}")
        sessions = session_factory(engine)
        try:
            async with sessions() as session:
                survey = await report_survey(session, 1)
            assert survey is not None
            q = parse_questionnaire(survey.questionnaire_source, "smk.yaml")
            found = []
            for codes in (None, read_codes(q)):
                async with sessions() as session:
                    people = [r async for r in respondents(session, [survey], codes=codes)]
                found.append(compute_figures(q, people, wage_for=lambda _p, _c: 3_000_000))
            return read_codes(q), found
        finally:
            await engine.dispose()

    codes, (every, declared) = asyncio.run(figures())
    assert declared == every
    # Rp 3,000,000 everywhere: all but 2 (1.5M) and 17 (2.0M) of the 8 in Indonesia.
    assert every["income"]["at_least_minimum_wage"] == 0.75
    assert {"status", "masa_tunggu", "gaji", "provinsi_kerja", "cara_dapat_kerja"} <= codes
    assert "saran" not in codes and "nama" not in codes  # what the filter leaves out
