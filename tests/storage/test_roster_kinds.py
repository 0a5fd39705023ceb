"""Rosters of universities (by NIM) and training centres (by participant number or NIK).

Issue #16 section 2: the identifier is the institution kind's. An SMK's roster keeps its NISN.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Alumnus, ClassGroup
from storage.roster import repository as repo
from storage.roster.importing import import_roster, read_roster

Sessions = async_sessionmaker[AsyncSession]
TODAY = date(2025, 9, 1)
UNIV = ["NIM", "Nama Mahasiswa", "Kode Prodi", "Tahun Lulus", "Tanggal Lahir", "No HP", "Email",
        "NIK", "NPWP", "Angkatan"]  # fmt: skip


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


async def add_institution(sessions: Sessions, code: str, kind: str) -> int:
    async with sessions() as session, session.begin():
        made = await repo.upsert_institution(
            session, code=code, name=f"Contoh {kind}", kind=kind, timezone="Asia/Jakarta"
        )
    return made.id


# --- universities -----------------------------------------------------------------------------


def test_a_university_roster_is_keyed_by_nim(tmp_path: Path) -> None:
    rows = [
        UNIV,
        ["a11.2019.01234", "Maya Hidayat", "55201", "2024", "22-11-2000", "081240000089",
         "maya@example.ac.id", "3174016211000001", "11.101.201.4-021.000", "2019"],
        ["0012345", "Citra Saputra", "61201", "2024", "11-04-2001", "", "", "", "", "2019"],
    ]  # fmt: skip
    roster = read_roster(write_csv(tmp_path / "siakad.csv", rows), today=TODAY, kind="university")
    assert roster.errors == () and roster.warnings == ()
    maya, citra = roster.rows
    assert (maya.nisn, citra.nisn) == ("A11.2019.01234", "0012345")
    assert (maya.programme_code, maya.programme) == ("55201", "55201")  # no name: the code
    assert (maya.npwp, maya.nik, maya.graduation_year) == (
        "111012014021000",
        "3174016211000001",
        2024,
    )
    # "Angkatan" is the year a student entered: never read as the graduation year.
    assert citra.graduation_year == 2024


def test_a_university_roster_from_excel_keeps_a_numeric_nim(tmp_path: Path) -> None:
    rows = [
        ["NIM", "Nama", "Program Studi", "Kode Prodi", "Tanggal Lulus", "Tanggal Lahir"],
        [201910001, "Dimas", "Teknik Informatika", 55201, date(2024, 8, 24), date(2002, 9, 2)],
    ]
    roster = read_roster(
        write_xlsx(tmp_path / "pddikti.xlsx", rows), today=TODAY, kind="university"
    )
    assert roster.errors == ()
    (dimas,) = roster.rows
    assert (dimas.nisn, dimas.programme, dimas.programme_code) == (
        "201910001", "Teknik Informatika", "55201"
    )  # fmt: skip
    # The graduation day gives the year when there is no year column.
    assert (dimas.finished_on, dimas.graduation_year) == (date(2024, 8, 24), 2024)


def test_a_wrong_nim_names_the_row_the_column_and_what_to_type(tmp_path: Path) -> None:
    rows = [UNIV[:5], ["A11.2019.01234", "Maya", "55201", "2024", "22-11-2000"],
            ["A11#2019", "Citra", "55201", "2024", "11-04-2001"]]  # fmt: skip
    roster = read_roster(write_csv(tmp_path / "nim.csv", rows), today=TODAY, kind="university")
    (error,) = roster.errors
    assert (error.row, error.column, error.key) == (3, "NIM", "roster_bad_identifier")
    assert error.text("id") == (
        "baris 3, kolom 'NIM': 'A11#2019' bukan NIM yang bisa dipakai. NIM ditulis seperti di "
        "kartu mahasiswa: angka dan huruf, boleh dengan titik, garis miring atau tanda hubung, "
        "paling banyak 20 karakter, misalnya A11.2019.01234"
    )
    assert "e.g. A11.2019.01234" in error.text("en") and "{" not in error.text("en")


def test_a_university_roster_without_nims_says_which_columns_it_needs(tmp_path: Path) -> None:
    rows = [["NISN", "Nama", "Tahun Lulus"], ["0061234567", "Maya", "2024"]]
    roster = read_roster(write_csv(tmp_path / "smk.csv", rows), today=TODAY, kind="university")
    (error,) = roster.errors
    assert error.key == "roster_missing_columns"
    text = error.text("id")
    assert "kolom wajib tidak ditemukan: nim." in text and "nim, nama, kode_prodi" in text


async def test_a_university_roster_imports_and_imports_again_unchanged(
    sessions: Sessions, tmp_path: Path, now: datetime
) -> None:
    institution_id = await add_institution(sessions, "001002", "university")
    rows = [
        UNIV[:9],
        ["A11.2019.01234", "Maya", "55201", "2024", "22-11-2000", "081240000089", "", "",
         "11.101.201.4-021.000"],
        ["0012345", "Citra", "61201", "2024", "11-04-2001", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "u.csv", rows)
    report = await import_roster(sessions, "001002", path, now=now)
    assert (report.created, report.errors, report.warnings) == (2, (), ())
    async with sessions() as session:
        maya = await repo.get_alumnus(session, institution_id, "a11.2019.01234")  # any case
        citra = await repo.get_alumnus(session, institution_id, "0012345")
    assert maya is not None and citra is not None
    assert (maya.nisn, maya.programme_code, maya.npwp) == (
        "A11.2019.01234",
        "55201",
        "111012014021000",
    )
    again = await import_roster(sessions, "001002", path, now=now)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


# --- training centres (BLK) -------------------------------------------------------------------

BLK = ["No Peserta", "NIK", "Nama", "Tanggal Lahir", "Kejuruan", "Gelombang", "Tanggal Selesai"]


def test_a_blk_roster_by_participant_number_takes_its_batch_and_end_date(tmp_path: Path) -> None:
    rows = [
        BLK,
        ["2502.MJH.001", "3271930807009339", "Arif", "08/07/2000", "Menjahit", "2", "29/08/2025"],
        ["2502.MJH.002", "", "Maya", "11/09/2000", "Menjahit", "2", "29/08/2025"],
        [
            "2401.LAS.001",
            "",
            "Rangga",
            "24/08/2001",
            "Teknik Las",
            "Gelombang I 2024",
            "30/12/2024",
        ],
        ["", "3271941604019700", "Rizky", "16/04/2001", "Teknik Las", "I", "30/04/2025"],
    ]
    roster = read_roster(write_csv(tmp_path / "blk.csv", rows), today=TODAY, kind="blk")
    assert roster.errors == () and roster.warnings == ()
    arif, maya, rangga, rizky = roster.rows
    assert (arif.nisn, arif.nik, arif.graduation_year) == ("2502.MJH.001", "3271930807009339", 2025)
    assert arif.class_name == maya.class_name == "Menjahit Gelombang 2"
    assert (rangga.class_name, rangga.graduation_year) == ("Teknik Las Gelombang I 2024", 2024)
    assert (rizky.nisn, rizky.class_name) == ("3271941604019700", "Teknik Las Gelombang I")
    assert rizky.finished_on == date(2025, 4, 30)


def test_a_blk_roster_keyed_by_nik_alone(tmp_path: Path) -> None:
    rows = [
        ["NIK", "Nama", "Kejuruan", "Angkatan", "Tanggal Selesai"],
        ["3271930807009339", "Arif", "Menjahit", "3", "29/08/2025"],
        ["3271 9416 0401 9700", "Rizky", "Menjahit", "3", "29/08/2025"],
        ["32719416", "Tari", "Menjahit", "3", "29/08/2025"],
        ["", "Yuni", "Menjahit", "3", "29/08/2025"],
    ]
    roster = read_roster(write_csv(tmp_path / "nik.csv", rows), today=TODAY, kind="blk")
    assert [r.nisn for r in roster.rows] == ["3271930807009339", "3271941604019700"]
    assert roster.rows[0].class_name == "Menjahit Angkatan 3"
    bad, blank = roster.errors
    assert (bad.row, bad.column, bad.key) == (4, "NIK", "roster_bad_identifier")
    assert "NIK terdiri dari 16 angka" in bad.text("id") and not bad.left_out
    assert (blank.row, blank.column, blank.key) == (5, "NIK", "roster_required")


def test_a_blk_row_without_number_nor_nik_is_refused(tmp_path: Path) -> None:
    rows = [BLK, ["", "", "Yuni", "23/03/2002", "Teknik Las", "II", "29/08/2025"],
            ["", "3271", "Tari", "28/01/2003", "Teknik Las", "II", "29/08/2025"]]  # fmt: skip
    roster = read_roster(write_csv(tmp_path / "blank.csv", rows), today=TODAY, kind="blk")
    assert [(e.row, e.column, e.key) for e in roster.errors] == [
        (2, "No Peserta", "roster_required"),
        (3, "NIK", "roster_bad_identifier"),
    ]


def test_a_blk_roster_needs_a_year_or_an_end_date(tmp_path: Path) -> None:
    rows = [["No Peserta", "Nama", "Tanggal Selesai"], ["A-1", "Arif", ""], ["A-2", "Rina", "x"]]
    roster = read_roster(write_csv(tmp_path / "year.csv", rows), today=TODAY, kind="blk")
    assert [(e.row, e.column, e.key) for e in roster.errors] == [
        (2, "Tanggal Selesai", "roster_required"),
        (3, "Tanggal Selesai", "roster_bad_date"),
    ]
    given = read_roster(
        write_csv(tmp_path / "year.csv", rows[:2]), today=TODAY, kind="blk", graduation_year=2025
    )
    assert given.errors == () and given.rows[0].graduation_year == 2025


async def test_a_blk_roster_imports_with_batches_as_class_groups(
    sessions: Sessions, tmp_path: Path, now: datetime
) -> None:
    institution_id = await add_institution(sessions, "BLK01", "blk")
    rows = [
        BLK,
        ["2502.MJH.001", "3271930807009339", "Arif", "08/07/2000", "Menjahit", "II", "29/08/2025"],
        ["", "3271941604019700", "Rizky", "16/04/2001", "Teknik Las", "II", "29/08/2025"],
    ]
    report = await import_roster(sessions, "BLK01", write_csv(tmp_path / "b.csv", rows), now=now)
    assert (report.created, report.class_groups_created, report.errors) == (2, 2, ())
    async with sessions() as session:
        stored = (await session.execute(
            select(Alumnus.nisn, Alumnus.finished_on, ClassGroup.name)
            .join(ClassGroup, ClassGroup.id == Alumnus.class_group_id)
            .where(Alumnus.institution_id == institution_id).order_by(Alumnus.id)
        )).all()  # fmt: skip
    assert stored == [
        ("2502.MJH.001", date(2025, 8, 29), "Menjahit Gelombang II"),
        ("3271941604019700", date(2025, 8, 29), "Teknik Las Gelombang II"),
    ]


# --- SMK: as before ---------------------------------------------------------------------------


def test_an_smk_roster_still_needs_a_nisn_and_reads_angkatan_as_the_year(tmp_path: Path) -> None:
    rows = [["NISN", "Nama", "Angkatan"], ["0061234567", "Ayu", "2025"]]
    roster = read_roster(write_csv(tmp_path / "smk.csv", rows), today=TODAY)
    assert roster.errors == () and roster.rows[0].graduation_year == 2025
    by_nim = [["NIM", "Nama", "Tahun Lulus"], ["A11.2019.01234", "Ayu", "2025"]]
    (error,) = read_roster(write_csv(tmp_path / "nim.csv", by_nim), today=TODAY).errors
    assert error.key == "roster_missing_columns" and "nisn" in error.text("en")
