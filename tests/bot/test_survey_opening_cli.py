"""A survey's opening day: by default some months after the cohort graduated, moved with
`jejak survey set`. On the sample data (tests/bot/conftest.py), with today fixed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.cli import surveys
from bot.cli.sample import BLK_CODE, SMK_CODE, UNIVERSITY_CODE
from bot.cli.surveys import add_months, default_opening

TODAY = datetime(2025, 9, 15, 3, 0, tzinfo=UTC)  # 15 September 2025 in every Indonesian zone


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(surveys, "utc_now", lambda: TODAY)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def latest_opens(db: Path) -> str:
    return rows(db, "SELECT opens_at FROM surveys ORDER BY id DESC LIMIT 1")[0][0]


def test_months_are_calendar_months_and_the_31st_becomes_the_last_day() -> None:
    assert add_months(date(2025, 6, 1), 12) == date(2026, 6, 1)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2025, 8, 24), 0) == date(2025, 8, 24)


@pytest.mark.parametrize(
    ("kind", "finished", "months", "expected", "basis"),
    [
        ("smk", None, 12, date(2026, 6, 1), "survey_opens_basis_usual"),
        ("blk", None, 12, date(2026, 12, 31), "survey_opens_basis_usual"),
        ("university", date(2025, 8, 24), 12, date(2026, 8, 24), "survey_opens_basis_roster"),
        ("smk", None, 3, date(2025, 9, 15), "survey_opens_basis_past"),  # never before today
    ],
)
def test_the_default_opening_counts_from_the_cohorts_graduation(
    kind: str, finished: date | None, months: int, expected: date, basis: str
) -> None:
    opening, why, _graduated = default_opening(kind, 2025, finished, months, TODAY.date())
    assert (opening, why) == (expected, basis)


def test_an_smk_survey_opens_twelve_months_after_june_and_says_so(cli) -> None:
    invoke, db = cli
    created = invoke("survey", "create", "--institution", SMK_CODE, "--questionnaire", "smk",
                     "--cohort", "2025", "--name", "Ahead")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert "Dibuka 2026-06-01: 12 bulan setelah 2025-06-01" in created.stdout
    assert "jejak survey set --opens" in created.stdout
    # Midnight in the school's zone (WITA, UTC+8).
    assert latest_opens(db).startswith("2026-05-31 16:00:00")
    listed = invoke("survey", "list", "--institution", SMK_CODE)
    assert "2026-06-01" in listed.stdout


def test_the_rosters_latest_graduation_day_counts_and_the_setting_changes_the_months(
    cli,
) -> None:
    invoke, db = cli
    (latest,) = rows(
        db,
        "SELECT max(a.finished_on) FROM alumni a JOIN institutions i "
        f"ON a.institution_id = i.id WHERE i.code = '{UNIVERSITY_CODE}'",
    )[0]
    assert latest is not None
    created = invoke("survey", "create", "--institution", UNIVERSITY_CODE,
                     "--questionnaire", "dikti", "--cohort", "2024",
                     JEJAK_SURVEY_OPENS_AFTER_MONTHS="18")  # fmt: skip
    assert created.exit_code == 0, created.output
    expected = add_months(date.fromisoformat(latest), 18)
    assert expected > TODAY.date()
    assert f"Dibuka {expected.isoformat()}: 18 bulan setelah kelulusan terakhir" in created.stdout
    # Twelve months after the BLK's 2025 batches have not passed either; with 0 they have.
    now = invoke("survey", "create", "--institution", BLK_CODE, "--questionnaire", "blk",
                 "--cohort", "2025", JEJAK_SURVEY_OPENS_AFTER_MONTHS="0")  # fmt: skip
    assert now.exit_code == 0, now.output
    assert "Dibuka 2025-09-15: hari ini" in now.stdout


def test_an_opening_day_given_is_kept(cli) -> None:
    invoke, db = cli
    created = invoke("survey", "create", "--institution", SMK_CODE, "--questionnaire", "smk",
                     "--cohort", "2025", "--opens", "2025-10-01")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert "Dibuka 2025-10-01: tanggal dari --opens" in created.stdout
    assert latest_opens(db).startswith("2025-09-30 16:00:00")


def test_survey_set_moves_the_opening_but_not_past_answers(cli) -> None:
    invoke, db = cli
    created = invoke("survey", "create", "--institution", SMK_CODE, "--questionnaire", "smk",
                     "--cohort", "2025")  # fmt: skip
    assert created.exit_code == 0, created.output
    (survey,) = rows(db, "SELECT max(id) FROM surveys")[0]
    moved = invoke("survey", "set", "--survey", str(survey), "--opens", "2025-09-15")
    assert moved.exit_code == 0, moved.output
    assert f"Survei {survey}: dibuka 2025-09-15, ditutup -" in moved.stdout
    assert latest_opens(db).startswith("2025-09-14 16:00:00")
    refused = invoke("survey", "set", "--survey", str(survey), "--closes", "2025-09-01")
    assert refused.exit_code == 1 and "harus sesudah tanggal buka" in refused.output
    # Someone answered: the survey may not close again by opening later.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO responses (survey_id, alumnus_id, questionnaire_version_id, status, "
            "language, invited_at, updated_at, source) SELECT id, 1, questionnaire_version_id, "
            "'started', 'id', '2025-09-15 03:00:00.000000', '2025-09-15 03:00:00.000000', 'chat' "
            f"FROM surveys WHERE id = {survey}"
        )
    later = invoke("survey", "set", "--survey", str(survey), "--opens", "2025-12-01")
    assert later.exit_code == 1 and "sudah punya 1 jawaban" in later.output
    assert latest_opens(db).startswith("2025-09-14 16:00:00")
    unknown = invoke("survey", "set", "--survey", "999", "--opens", "2025-12-01")
    assert unknown.exit_code == 1
