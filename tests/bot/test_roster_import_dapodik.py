"""`jejak roster import` on a Dapodik download, as an operator runs it (issue #16, section 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.cli.sample import SAMPLES_DIR, SMK_CODE

DAPODIK = str(SAMPLES_DIR / "roster_dapodik.xlsx")


def _alumni(db: Path, year: int) -> list[tuple[str, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT a.nisn, a.programme, g.name FROM alumni a "
            "LEFT JOIN class_groups g ON g.id = a.class_group_id "
            "WHERE a.graduation_year = ? ORDER BY a.nisn",
            (year,),
        ).fetchall()


def test_the_download_imports_with_one_command(cli) -> None:
    invoke, db = cli  # the sample SMK's roster names its programmes in full
    result = invoke(
        "roster", "import", DAPODIK, "--institution", SMK_CODE, "--graduation-year", "2026",
        JEJAK_LANGUAGE="en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert "the column names were read from rows 5–6" in shown
    assert "8 new alumni, 0 updated, 0 unchanged, 0 rows rejected" in shown
    assert "3 rows imported with a warning (listed above)" in shown
    assert "row 9, column 'NIK': the NIK shows as 6,37101E+15" in shown
    imported = _alumni(db, 2026)
    assert len(imported) == 8
    assert ("0071230001", "Akuntansi dan Keuangan Lembaga", "XII AKL 1") in imported
    assert ("0071230008", "Rekayasa Perangkat Lunak", "XII RPL 1") in imported


def test_without_graduation_year_it_says_to_pass_it(cli) -> None:
    invoke, db = cli
    result = invoke("roster", "import", DAPODIK, "--institution", SMK_CODE)
    assert result.exit_code == 1
    shown = " ".join(result.stderr.split())
    assert "tambahkan --graduation-year TAHUN, mis. --graduation-year 2025" in shown
    assert "{" not in result.output
    assert _alumni(db, 2026) == []


def test_programmes_given_on_the_command_line(cli) -> None:
    invoke, db = cli
    args = ("roster", "import", DAPODIK, "--institution", SMK_CODE, "--graduation-year", "2026")
    result = invoke(*args, "--programme", "AKL", JEJAK_LANGUAGE="en")
    # A programme given is trusted before the institution's: TKJ and RPL are still known.
    assert result.exit_code == 0, result.output
    assert {p for _, p, _ in _alumni(db, 2026)} == {
        "AKL",
        "Teknik Komputer dan Jaringan",
        "Rekayasa Perangkat Lunak",
    }


def test_errors_name_the_rows_below_the_two_row_header(cli) -> None:
    invoke, db = cli
    added = invoke("institution", "add", "--code", "12345678", "--name", "SMK Baru")
    assert added.exit_code == 0, added.output
    result = invoke(
        "roster", "import", DAPODIK, "--institution", "12345678", "--graduation-year", "2026",
        "--programme", "AKL", JEJAK_LANGUAGE="en",
    )  # fmt: skip
    assert result.exit_code == 1
    shown = " ".join(result.stderr.split())
    assert (
        "row 10, column 'Rombel Saat Ini': class 'XII TKJ 1' names no programme the institution "
        "knows (AKL)"
    ) in shown
    assert "row 15, column 'Rombel Saat Ini'" in shown
    assert "Row numbers are as Excel shows them (the column names are in rows 5–6)." in shown
    assert "{" not in result.output
    assert _alumni(db, 2026) == []  # all or nothing
    missing = invoke("roster", "import", "tidak-ada.xlsx", "--institution", SMK_CODE)
    assert missing.exit_code == 1
    assert "tidak-ada.xlsx tidak ada; periksa nama file" in " ".join(missing.stderr.split())
