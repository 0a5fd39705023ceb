"""Rosters as Dapodik gives them: title rows, a two-row merged header, Excel's number damage,
no graduation year, programmes in class names, duplicated lines (issue #16, section 1)."""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from dapodik_workbook import (
    FIRST_DATA_ROW,
    SAMPLE_STUDENTS,
    Parent,
    Student,
    header_names,
    write_dapodik_xlsx,
)
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import config
from config.staff_messages import STAFF_MESSAGES
from storage.models import Alumnus, Institution
from storage.roster import repository as repo
from storage.roster.fields import CellError, nisn_with_zeros, read_nik
from storage.roster.header import flatten, is_sub_header
from storage.roster.importing import (
    ImportReport,
    RosterFile,
    RowError,
    import_roster,
    read_roster,
)

TODAY = date(2025, 9, 1)
Sessions = async_sessionmaker[AsyncSession]
_ROSTER_KEYS = [key for key in STAFF_MESSAGES["en"] if key.startswith("roster_")]
SAMPLE = Path(config.__file__).parent / "samples" / "roster_dapodik.xlsx"
AKL = Student("Ayu Lestari", "0071234567", "P", "Banjarmasin", "2007-08-17", "6371015708070001",
              "XII AKL 1", "081234567890",
              father=Parent("Bapak Lestari", 1975, nik="6371010101750001"),
              mother=Parent("Ibu Lestari", 1978, nik="6371014101780002"))  # fmt: skip


def student(number: int, **changes: Any) -> Student:
    """A good student, the number making NISN, NIK and phone unique."""
    base = replace(
        AKL,
        name=f"Siswa {number}",
        nisn=f"00712{number:05d}",
        nik=f"63710157080{number:05d}",
        phone=f"0812{number:08d}",
    )
    return replace(base, **changes)


def read(path: Path, **options: Any) -> RosterFile:
    roster = read_roster(path, today=TODAY, **options)
    assert_rendered(roster.errors + roster.warnings)
    return roster


def assert_rendered(problems: tuple[RowError, ...]) -> list[str]:
    """Every problem in both languages: no placeholder left unfilled, never a bare key."""
    texts = [p.text(language) for p in problems for language in ("id", "en")]
    for text in texts:
        assert "{" not in text and "}" not in text, text
        assert not any(re.search(rf"\b{key}\b", text) for key in _ROSTER_KEYS), text
    return texts


def only_error(roster: RosterFile) -> RowError:
    assert len(roster.errors) == 1, [e.text("en") for e in roster.errors]
    return roster.errors[0]


def row_warnings(roster: RosterFile | ImportReport) -> list[tuple[int | None, str | None, str]]:
    return [(w.row, w.column, w.key) for w in roster.warnings if w.row is not None]


# --- the download as it comes ------------------------------------------------------------------


def test_a_dapodik_download_reads_with_its_two_row_header(tmp_path: Path) -> None:
    path = write_dapodik_xlsx(tmp_path / "dapodik.xlsx", [AKL, student(2, gender="L")])
    roster = read(path, graduation_year=2025)
    assert roster.ok, [e.text("en") for e in roster.errors]
    assert (roster.header_row, roster.header_last_row) == (5, 6)
    assert roster.headers == header_names()
    assert "Data Ayah / Nama" in roster.headers and "Data Wali / NIK" in roster.headers
    assert dict(roster.columns) == {
        "name": "Nama",
        "gender": "JK",
        "nisn": "NISN",
        "birth_date": "Tanggal Lahir",
        "nik": "NIK",
        "phone": "HP",
        "email": "E-Mail",
        "class_name": "Rombel Saat Ini",
    }
    ayu, second = roster.rows
    assert ayu.row == FIRST_DATA_ROW and second.row == FIRST_DATA_ROW + 1
    assert (ayu.name, ayu.nisn, ayu.nik, ayu.birth_date, ayu.gender) == (
        "Ayu Lestari",  # not her father's "Nama" two groups to the right
        "0071234567",
        "6371015708070001",  # not a parent's NIK
        date(2007, 8, 17),
        "P",
    )
    assert (ayu.class_name, ayu.phone, ayu.graduation_year) == ("XII AKL 1", "+6281234567890", 2025)
    header = [w for w in roster.warnings if w.key == "roster_header_row"]
    assert [w.text("en") for w in header] == [
        "dapodik.xlsx: the column names were read from rows 5–6; the rows above it were skipped"
    ]
    assert [w.text("id") for w in header] == [
        "dapodik.xlsx: judul kolom dibaca dari baris 5–6; baris di atasnya dilewati"
    ]


def test_two_header_rows_are_read_as_one_only_under_merged_groups() -> None:
    top = ["No", "Nama", "NISN", "Data Ayah", None, None, "Rombel Saat Ini", None]
    below = [None, None, None, "Nama", "Tahun Lahir", "NIK", None, None]
    assert is_sub_header(top, below)
    assert flatten(top, below) == (
        "No", "Nama", "NISN", "Data Ayah / Nama", "Data Ayah / Tahun Lahir", "Data Ayah / NIK",
        "Rombel Saat Ini", "",
    )  # fmt: skip
    # Data rows are not header rows, even with the student's NISN and name left blank.
    assert not is_sub_header(top, [1, "Ayu", "0071234567", "Bapak", 1975, "", "XII", None])
    assert not is_sub_header(top, [None, None, None, "Bapak", 1975, None, None, None])
    assert not is_sub_header(top, [None, None, None, None, None, None, "XII AKL 1", None])
    assert not is_sub_header(top, [None, None, None, None, None, None, None, "catatan"])
    assert not is_sub_header(top, [None, "Ayu", None, "Nama", "Tahun Lahir", None, None, None])
    assert not is_sub_header(top, [None] * 8)


def test_without_a_graduation_year_the_error_says_to_pass_one(tmp_path: Path) -> None:
    path = write_dapodik_xlsx(tmp_path / "dapodik.xlsx", [AKL])
    error = only_error(read(path))
    assert (error.key, error.row, error.column) == ("roster_no_graduation_year", None, None)
    assert "--graduation-year YEAR, e.g. --graduation-year 2025" in error.text("en")
    assert "--graduation-year TAHUN" in error.text("id")


def test_graduation_year_fills_blank_cells_and_is_checked(tmp_path: Path) -> None:
    rows = [["nisn", "nama", "tahun_lulus"], ["0071234567", "Ayu", ""], ["0061234567", "B", 2024]]
    path = tmp_path / "r.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    roster = read(path, graduation_year=2025)
    assert [(r.nisn, r.graduation_year) for r in roster.rows] == [
        ("0071234567", 2025),  # blank cell: the year given
        ("0061234567", 2024),  # the file's own year wins
    ]
    error = only_error(read(path, graduation_year=25))
    assert error.text("en") == (
        "r.csv: --graduation-year 25 is not a graduation year; write a 4-digit year between 1990 "
        "and 2026"
    )


def test_the_committed_sample_is_what_the_generator_makes(tmp_path: Path) -> None:
    made = write_dapodik_xlsx(tmp_path / "again.xlsx", SAMPLE_STUDENTS)

    def cells(path: Path) -> list[tuple[Any, ...]]:
        workbook = load_workbook(path, read_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()

    assert cells(SAMPLE) == cells(made)
    roster = read(SAMPLE, graduation_year=2025, programmes=["AKL", "TKJ", "RPL"])
    assert roster.ok and len(roster.rows) == 8 and roster.merged == 1
    assert {r.programme for r in roster.rows} == {"AKL", "TKJ", "RPL"}


# --- programmes from class names ---------------------------------------------------------------


def test_programme_comes_from_the_class_name_when_it_is_known(tmp_path: Path) -> None:
    students = [AKL, student(2, class_name="XII TKJ 2"), student(3, class_name="XII-RPL-1")]
    path = write_dapodik_xlsx(tmp_path / "d.xlsx", students)
    roster = read(path, graduation_year=2025, programmes=["AKL", "TKJ"],
                  known_programmes=["Rekayasa Perangkat Lunak"])  # fmt: skip
    assert roster.ok, [e.text("en") for e in roster.errors]
    assert [r.programme for r in roster.rows] == ["AKL", "TKJ", "Rekayasa Perangkat Lunak"]


def test_a_class_naming_no_known_programme_is_an_error_naming_the_row(tmp_path: Path) -> None:
    students = [AKL, student(2, class_name="XII OTKP 1")]
    path = write_dapodik_xlsx(tmp_path / "d.xlsx", students)
    roster = read(path, graduation_year=2025, known_programmes=["AKL", "TKJ"])
    error = only_error(roster)
    assert (error.row, error.column) == (8, "Rombel Saat Ini")
    assert error.text("en") == (
        "row 8, column 'Rombel Saat Ini': class 'XII OTKP 1' names no programme the institution "
        "knows (AKL, TKJ); add a programme (jurusan) column, or name the programmes with "
        "--programme, e.g. --programme AKL"
    )


def test_an_ambiguous_class_and_a_programme_column(tmp_path: Path) -> None:
    path = write_dapodik_xlsx(tmp_path / "d.xlsx", [AKL])
    known = ["Akuntansi dan Keuangan Lembaga", "Agribisnis Kelapa Lokal"]  # both "AKL"
    error = only_error(read(path, graduation_year=2025, known_programmes=known))
    assert error.key == "roster_class_programme_ambiguous" and error.row == FIRST_DATA_ROW
    assert "(Agribisnis Kelapa Lokal, Akuntansi dan Keuangan Lembaga)" in error.text("en")
    # A programme column wins; its blank cells take the class's programme when it is clear.
    rows = [
        ["nisn", "nama", "kelas", "jurusan"],
        ["0071234567", "Ayu", "XII AKL 1", "Akuntansi"],
        ["0061234567", "Budi", "XII TKJ 1", ""],
        ["0051234567", "Cici", "XII ZZZ 1", ""],
    ]
    path = tmp_path / "r.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    roster = read(path, graduation_year=2025, programmes=["TKJ"])
    assert roster.ok and [r.programme for r in roster.rows] == ["Akuntansi", "TKJ", None]


def test_with_no_programme_known_the_programme_is_left_empty_with_a_warning(
    tmp_path: Path,
) -> None:
    path = write_dapodik_xlsx(tmp_path / "d.xlsx", [AKL])
    roster = read(path, graduation_year=2025)
    assert roster.ok and roster.rows[0].programme is None
    (warning,) = (w for w in roster.warnings if w.key == "roster_programme_unknown")
    assert "--programme AKL --programme TKJ" in warning.text("en")


# --- Excel's number damage ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3271322408014167", "3271322408014167"),
        ("'3271322408014167", "3271322408014167"),  # Excel's text prefix
        ("3271 3224 0801 4167", "3271322408014167"),
        (3271322408014167, "3271322408014167"),  # a number written whole: ends in 7, not cut
        (3271322408014167.0, "3271322408014167"),
        ("3.271322408014167E+15", "3271322408014167"),  # scientific, every digit shown
        ("3,271322408014167E+15", "3271322408014167"),  # with an Indonesian decimal comma
    ],
)
def test_a_nik_is_read_back_as_text_when_no_digit_is_lost(cell: Any, expected: str) -> None:
    assert read_nik(cell) == expected


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        (3271322408014160, "roster_nik_number"),  # typed into Excel: the 16th digit may be cut
        (9471322408014167.0, "roster_nik_number"),  # above 2**53: a float cannot hold it
        ("6.3E+15", "roster_nik_scientific"),
        ("6,37132E+15", "roster_nik_scientific"),
        ("3.27132240801416E+15", "roster_nik_scientific"),  # 15 digits shown
        ("3.2713224080141675E+15", "roster_bad_nik"),  # not a whole number
        ("6.3E+14", "roster_bad_nik"),  # 15 digits
        (327132240801416, "roster_bad_nik"),
        ("32713224080141", "roster_bad_nik"),
        ("3271322408O14167", "roster_bad_nik"),
    ],
)
def test_a_nik_that_may_have_lost_digits_is_refused(cell: Any, key: str) -> None:
    with pytest.raises(CellError) as refused:
        read_nik(cell)
    assert refused.value.key == key


def test_a_wrong_nik_imports_the_row_with_a_warning(tmp_path: Path) -> None:
    students = [
        student(1, nik=6371015708070001),  # a number cell written whole: kept
        student(2, nik="6,371E+15"),
        student(3, nik=6371015708070010),
        student(4, nik="12345"),
    ]
    roster = read(write_dapodik_xlsx(tmp_path / "d.xlsx", students), graduation_year=2025)
    assert roster.ok and [r.nik for r in roster.rows] == ["6371015708070001", None, None, None]
    assert row_warnings(roster) == [
        (8, "NIK", "roster_nik_scientific"),
        (9, "NIK", "roster_nik_number"),
        (10, "NIK", "roster_bad_nik"),
    ]
    assert all(w.left_out for w in roster.warnings if w.row)
    assert [w.text("en") for w in roster.warnings if w.row == 8] == [
        "row 8, column 'NIK': the NIK shows as 6,371E+15: Excel turned it into scientific "
        "notation and its last digits are lost; format the NIK column as Text and type the NIK "
        "again; this value was left out and the row imported without it"
    ]


def test_nisns_that_lost_leading_zeros(tmp_path: Path) -> None:
    students = [
        student(1, nisn=71200001),  # a number cell: padded, as ever
        student(2, nisn="71200002"),  # text: born 2007, so 0071200002 is the only reading
        student(3, nisn="071200003"),
        student(4, nisn="61200004"),  # born 2007 but 006…: a typo, not lost zeros
        student(5, nisn="712005", birth_date="2007-01-01"),  # too short to be lost zeros
    ]
    roster = read(write_dapodik_xlsx(tmp_path / "d.xlsx", students), graduation_year=2025)
    assert [r.nisn for r in roster.rows] == ["0071200001", "0071200002", "0071200003"]
    assert [(e.row, e.column, e.key) for e in roster.errors] == [
        (10, "NISN", "roster_short_nisn"),
        (11, "NISN", "roster_short_nisn"),
    ]
    assert nisn_with_zeros("1234567", date(2000, 1, 1)) == "0001234567"
    assert nisn_with_zeros("1234567", date(2001, 1, 1)) is None


# --- phones: HP first, Telepon where HP is blank -----------------------------------------------


def test_phone_is_hp_then_telepon_and_a_landline_telepon_is_left_out(tmp_path: Path) -> None:
    students = [
        student(1, telephone="081299990001"),  # HP wins
        student(2, phone=None, telephone="0812 9999 0002"),  # HP blank: Telepon
        student(3, phone="-", telephone="0511-3250003"),  # "-" is blank; a landline: left out
        student(4, phone="0812-xx"),  # a bad HP is an error, Telepon does not hide it
    ]
    roster = read(write_dapodik_xlsx(tmp_path / "d.xlsx", students), graduation_year=2025)
    assert [r.phone for r in roster.rows] == ["+6281200000001", "+6281299990002", None]
    assert row_warnings(roster) == [(9, "Telepon", "roster_phone_landline")]
    error = only_error(roster)
    assert (error.row, error.column, error.key) == (10, "HP", "roster_phone_letter")


def test_a_parent_phone_column_fills_the_guardian_phone(tmp_path: Path) -> None:
    rows = [
        ["Daftar Peserta Didik"],
        ["NISN", "Nama", "Tahun Lulus", "Data Ayah", None, "Data Ibu", None],
        [None, None, None, "Nama", "No HP", "Nama", "No HP"],
        ["0071234567", "Ayu", 2025, "Bapak A", "081211110001", "Ibu A", "081222220001"],
        ["0061234567", "Budi", 2025, "Bapak B", "081211110002", "Ibu B", None],
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in rows:
        sheet.append(line)
    workbook.save(tmp_path / "r.xlsx")
    roster = read(tmp_path / "r.xlsx")
    assert (roster.header_row, roster.header_last_row) == (2, 3)
    assert [(r.name, r.guardian_phone) for r in roster.rows] == [
        ("Ayu", "+6281222220001"),  # the mother's, before the father's
        ("Budi", "+6281211110002"),
    ]


# --- duplicated lines --------------------------------------------------------------------------


def test_a_duplicated_line_with_blanks_imports_once_filling_the_blanks(tmp_path: Path) -> None:
    first = student(1, email=None)
    copy = replace(first, phone=None, nik="", email="siswa1@example.sch.id")
    roster = read(write_dapodik_xlsx(tmp_path / "d.xlsx", [first, student(2), copy]),
                  graduation_year=2025)  # fmt: skip
    assert roster.ok and roster.merged == 1
    merged, _ = roster.rows
    assert merged.row == 7 and merged.email == "siswa1@example.sch.id"
    assert (merged.phone, merged.nik) == ("+6281200000001", first.nik)
    assert [w.text("en") for w in roster.warnings if w.key == "roster_duplicate_merged"] == [
        "row 9: repeats row 7 (NISN 0071200001) apart from empty cells: merged and imported once"
    ]


def test_rows_that_truly_conflict_are_both_refused_naming_both(tmp_path: Path) -> None:
    first = student(1)
    students = [first, replace(first, phone="081299999999"), student(2), replace(first, nik="")]
    roster = read(write_dapodik_xlsx(tmp_path / "d.xlsx", students), graduation_year=2025)
    assert [r.nisn for r in roster.rows] == ["0071200002"]
    assert set(roster.rejected) == {7, 8, 10}  # a third copy of a refused alumnus is refused too
    assert [(e.row, e.column, e.key) for e in roster.errors] == [
        (8, "NISN", "roster_duplicate_nisn"),
        (10, "NISN", "roster_duplicate_nisn"),
    ]
    assert roster.errors[0].text("en") == (
        "row 8, column 'NISN': NISN 0071200001 appears in row 7 and row 8 with different values "
        "('HP'); one row per alumnus: delete or correct one of them"
    )
    assert roster.rejected[7] == (roster.errors[0],)


# --- every message names the row and the column ------------------------------------------------


def _bad_students() -> list[Student]:
    return [
        student(1, nisn="00712"),
        student(2, name=""),
        student(3, birth_date="31-02-2007"),
        student(4, gender="X"),
        student(5, phone="021-5551234"),
        student(6, email="bukan-email"),
        student(7, class_name="XII ZZZ 1"),
        student(8, nik="6.3E+15"),
        student(9),
        replace(student(9), phone="081299999999"),
    ]


def test_every_row_problem_names_the_file_row_and_column(tmp_path: Path) -> None:
    path = write_dapodik_xlsx(tmp_path / "d.xlsx", _bad_students())
    roster = read(path, graduation_year=2025, programmes=["AKL"])
    problems = (*roster.errors, *(w for w in roster.warnings if w.row))
    assert {p.row for p in problems} == set(range(7, 17)) - {15}  # row 15 is refused by row 16
    for problem in problems:
        assert problem.row is not None and problem.row >= FIRST_DATA_ROW
        if problem.key != "roster_duplicate_merged":
            assert problem.column in roster.headers
            where = f"row {problem.row}, column '{problem.column}': "
            assert problem.text("en").startswith(where)


def test_no_roster_message_leaves_a_placeholder_unfilled(tmp_path: Path) -> None:
    """Renders every roster problem these scenarios produce, in both languages."""
    produced: list[RowError] = []
    dapodik = write_dapodik_xlsx(tmp_path / "d.xlsx", _bad_students())
    for options in ({}, {"graduation_year": 2025}, {"graduation_year": 1800},
                    {"graduation_year": 2025, "programmes": ["AKL"]}):  # fmt: skip
        roster = read_roster(dapodik, today=TODAY, **options)
        produced += [*roster.errors, *roster.warnings]
    files = {
        "empty.csv": "\n",
        "header_only.csv": "nisn,nama,tahun_lulus\n",
        "no_nisn.csv": "nama,kelas\nAyu,XII\n",
        "twice.csv": "nisn,nama,hp,no_wa,tahun_lulus\n",
        "notes.txt": "nisn\tnama\ttahun_lulus\n",
        "old.xls": "\xd0\xcf",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        produced += read_roster(tmp_path / name, today=TODAY).errors
    produced += read_roster(tmp_path / "absent.xlsx", today=TODAY).errors
    produced += read_roster(tmp_path, today=TODAY).errors
    keys = {p.key for p in produced}
    assert keys >= {
        "roster_no_graduation_year", "roster_bad_year_option", "roster_short_nisn",
        "roster_required", "roster_bad_date", "roster_bad_gender", "roster_phone_landline",
        "roster_bad_email", "roster_class_no_programme", "roster_nik_scientific",
        "roster_duplicate_nisn", "roster_header_row", "roster_programme_unknown",
        "roster_empty", "roster_no_rows", "roster_missing_columns_year",
        "roster_duplicate_columns", "roster_unknown_extension", "roster_file_missing",
        "roster_is_directory",
    }  # fmt: skip
    assert_rendered(tuple(produced))
    missing = next(p for p in produced if p.key == "roster_file_missing")
    assert missing.text("en").startswith(f"{tmp_path / 'absent.xlsx'} does not exist")
    report = ImportReport(created=1, warnings=tuple(produced), header_row=5, header_last_row=6)
    for language in ("id", "en"):
        assert "{" not in report.summary(language) + report.header_rows(language)
    assert report.header_rows("en") == "rows 5–6"


# --- importing it ------------------------------------------------------------------------------


async def _programmes_on_roster(sessions: Sessions, now: datetime, folder: Path) -> None:
    """An earlier roster that named the programmes in full, as roster_smk.csv does."""
    known = [
        ["nisn", "nama", "tahun_lulus", "jurusan"],
        ["0051111111", "Alumni AKL", "2024", "Akuntansi dan Keuangan Lembaga"],
        ["0051111112", "Alumni TKJ", "2024", "Teknik Komputer dan Jaringan"],
        ["0051111113", "Alumni RPL", "2024", "Rekayasa Perangkat Lunak"],
    ]
    path = folder / "earlier.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(known)
    report = await import_roster(sessions, "99999901", path, now=now)
    assert report.created == 3


async def test_the_dapodik_sample_imports_with_one_command(
    sessions: Sessions, institution: Institution, now: datetime, tmp_path: Path
) -> None:
    await _programmes_on_roster(sessions, now, tmp_path)
    report = await import_roster(sessions, "99999901", SAMPLE, now=now, graduation_year=2025)
    assert report.imported, [e.text("en") for e in report.errors]
    assert (report.created, report.rejected, report.class_groups_created) == (8, 0, 3)
    assert (report.header_row, report.header_last_row) == (5, 6)
    assert report.summary("en") == (
        "8 new alumni, 0 updated, 0 unchanged, 0 rows rejected, 3 new classes; "
        "3 rows imported with a warning (listed above)"
    )
    assert_rendered(report.warnings)
    async with sessions() as session:
        groups = {g.id: g.name for g in await repo.list_class_groups(session, institution.id)}
        alumni = {
            a.name: a
            for a in await session.scalars(select(Alumnus).where(Alumnus.graduation_year == 2025))
        }
    assert len(alumni) == 8
    bunga, citra = alumni["Bunga Lestari"], alumni["Citra Maharani"]
    hendra = alumni["Hendra Wijaya"]
    assert (bunga.nisn, bunga.nik) == ("0071230002", "6371014205070002")  # number cells
    assert bunga.phone == "+6281251230002"
    assert groups[bunga.class_group_id] == "XII AKL 1"
    assert bunga.programme == "Akuntansi dan Keuangan Lembaga"
    assert (citra.nik, citra.phone) == (None, "+6281251230003")  # "6,37101E+15"; Telepon
    assert (hendra.nik, groups[hendra.class_group_id]) == ("6371012506070008", "XII RPL 1")
    assert {a.programme for a in alumni.values()} == {
        "Akuntansi dan Keuangan Lembaga",
        "Teknik Komputer dan Jaringan",
        "Rekayasa Perangkat Lunak",
    }
    again = await import_roster(sessions, "99999901", SAMPLE, now=now, graduation_year=2025)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)


async def test_without_graduation_year_a_dapodik_file_imports_nothing(
    sessions: Sessions, institution: Institution, now: datetime
) -> None:
    report = await import_roster(sessions, "99999901", SAMPLE, now=now)
    assert not report.imported and [e.key for e in report.errors] == ["roster_no_graduation_year"]
    assert await _count(sessions) == 0


async def test_a_bad_dapodik_file_changes_nothing_unless_skip_invalid(
    sessions: Sessions, institution: Institution, now: datetime, tmp_path: Path
) -> None:
    good = write_dapodik_xlsx(tmp_path / "good.xlsx", [student(1), student(2)])
    first = await import_roster(
        sessions, "99999901", good, now=now, graduation_year=2025, programmes=["AKL"]
    )
    assert first.created == 2
    changed = [student(1, phone="081277770001"), student(3), replace(student(3), gender="L")]
    bad = write_dapodik_xlsx(tmp_path / "bad.xlsx", [*changed, student(4, nisn="0071")])
    report = await import_roster(
        sessions, "99999901", bad, now=now, graduation_year=2025, programmes=["AKL"]
    )
    assert not report.imported and report.rejected == 3
    assert [(e.row, e.column) for e in report.errors] == [(9, "NISN"), (10, "NISN")]
    assert await _count(sessions) == 2
    async with sessions() as session:
        kept = await repo.get_alumnus(session, institution.id, "0071200001")
    assert kept is not None and kept.phone == "+6281200000001"
    rejected = tmp_path / "ditolak.csv"
    skipped = await import_roster(
        sessions, "99999901", bad, now=now, graduation_year=2025, programmes=["AKL"],
        skip_invalid=True, rejected_path=rejected, language="en",
    )  # fmt: skip
    assert skipped.imported and (skipped.updated, skipped.rejected) == (1, 3)
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*header_names(), "reason"]  # one header row, the groups spelled out
    assert [line[4] for line in written[1:]] == ["0071200003", "0071200003", "0071"]
    assert written[1][-1].startswith("row 9, column 'NISN': NISN 0071200003 appears in row 8")


async def _count(sessions: Sessions) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Alumnus)) or 0)


def test_stand_in_headers_are_no_field_s_own_header() -> None:
    from storage.roster.fields import ALIASES, SECONDARY_ALIASES, header_key

    own = {header_key(a) for aliases in ALIASES.values() for a in aliases}
    stand_ins = [header_key(a) for aliases in SECONDARY_ALIASES.values() for a in aliases]
    assert len(stand_ins) == len(set(stand_ins)) and not own.intersection(stand_ins)
    assert header_key("Data Ibu / HP") in stand_ins and header_key("Telepon") in stand_ins
