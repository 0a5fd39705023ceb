"""Reading rosters: header aliases, cell types, and every problem with its row and column."""

from __future__ import annotations

import csv
import string
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from conversations.parsing import ReplyNotUnderstood, parse_phone
from storage.roster.fields import CellError, read_nisn, read_phone
from storage.roster.importing import ALIASES, RosterFile, field_for_header, header_key, read_roster

TODAY = date(2025, 9, 1)
ID_HEADERS = ["nisn", "nama", "tanggal_lahir", "jenis_kelamin", "tahun_lulus", "kelas", "no_hp"]


def write_csv(
    path: Path, rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read(path: Path) -> RosterFile:
    return read_roster(path, today=TODAY)


def only_error(roster: RosterFile) -> tuple[int | None, str | None, str]:
    assert len(roster.errors) == 1, [e.text("en") for e in roster.errors]
    error = roster.errors[0]
    return error.row, error.column, error.text("en")


GOOD = ["0071234567", "Ayu Lestari", "17-08-2007", "P", "2025", "XII AKL 1", "0812-3456-7890"]


def test_indonesian_headers_in_any_order_with_extra_columns(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            [
                "No",
                "Kelas",
                "NO HP",
                "Nama Lengkap",
                "Agama",
                "NISN",
                "Tahun_Lulus",
                "JK",
                "Tgl. Lahir",
                "Wali Kelas",
                "No HP Ortu",
                "Kompetensi Keahlian",
                "NIK",
                "Bahasa",
            ],
            [
                "1",
                "XII  AKL 1",
                "081234567890",
                " Ayu  Lestari ",
                "Islam",
                "0071234567",
                "2025",
                "Perempuan",
                "17/08/2007",
                "Dra. Sri Wahyuni",
                "+62 813-1111-2222",
                "Akuntansi dan Keuangan Lembaga",
                "3201015708070001",
                "Indonesia",
            ],
        ],
    )
    roster = read(path)
    assert roster.ok and roster.warnings == ()
    (row,) = roster.rows
    assert row.row == 2
    assert (row.nisn, row.name, row.class_name, row.homeroom_teacher) == (
        "0071234567",
        "Ayu Lestari",
        "XII AKL 1",
        "Dra. Sri Wahyuni",
    )
    assert (row.birth_date, row.gender, row.graduation_year) == (date(2007, 8, 17), "P", 2025)
    assert (row.phone, row.guardian_phone) == ("+6281234567890", "+6281311112222")
    assert (row.nik, row.language, row.programme) == (
        "3201015708070001",
        "id",
        "Akuntansi dan Keuangan Lembaga",
    )
    assert roster.columns["phone"] == "NO HP" and roster.columns["birth_date"] == "Tgl. Lahir"


def test_english_headers_semicolons_and_bom(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            [
                "Phone",
                "Graduation Year",
                "Full Name",
                "Gender",
                "Date of Birth",
                "Class",
                "Programme",
                "Homeroom Teacher",
                "Guardian Phone",
                "Language",
                "Email",
            ],
            [
                "6281234567890",
                "2024",
                "Budi Santoso",
                "M",
                "2006-01-31",
                "XII TKJ 1",
                "TKJ",
                "Agus",
                "",
                "en",
                "budi@example.com",
            ],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    roster = read(path)
    assert roster.errors[0].key == "roster_missing_columns"  # no NISN column at all
    path = write_csv(
        tmp_path / "r2.csv",
        [
            ["nisn", "name", "graduation_year", "birth_date", "language"],
            ["0061234567", "Budi Santoso", "2024", "2006-01-31", "English"],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    roster = read(path)
    assert roster.ok and roster.delimiter == ";"
    assert roster.rows[0].language == "en" and roster.rows[0].guardian_phone is None


def test_xlsx_cells_of_every_type(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [
            ["DAFTAR ALUMNI SMK NUSANTARA CONTOH 2025"],  # a title line above the header
            [],
            ["Nama", "NISN", "Tahun Lulus", "Tanggal Lahir", "No WA", "NIK", "Catatan"],
            [
                "Ayu Lestari",
                71234567,
                2025,
                datetime(2007, 8, 17),
                81234567890,
                "3201015708070001",  # a NIK must be a text cell: see the test below
                "ok",
            ],
            [None, None, None, None, None, None, None],
            ["Budi Santoso", 1234567890, 2025.0, date(2006, 1, 31), "6281234567891", None, None],
            ["Citra Dewi", 61234567, "2025", 39000, 6281234567892, None, None],
        ],
    )
    roster = read(path)
    assert roster.ok, [e.text("en") for e in roster.errors]
    ayu, budi, citra = roster.rows
    assert [r.row for r in roster.rows] == [4, 6, 7]  # spreadsheet rows, blanks counted
    assert (ayu.nisn, ayu.birth_date, ayu.phone, ayu.nik) == (
        "0071234567",  # typed as a number: padded back to 10 digits
        date(2007, 8, 17),
        "+6281234567890",
        "3201015708070001",
    )
    assert (budi.nisn, budi.graduation_year, budi.birth_date) == (
        "1234567890",
        2025,
        date(2006, 1, 31),
    )
    assert (citra.nisn, citra.birth_date, citra.phone) == (
        "0061234567",
        date(2006, 10, 10),  # Excel day 39000
        "+6281234567892",
    )


@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_numeric_nisn_is_padded_to_ten_digits(number: int) -> None:
    padded = read_nisn(number)
    assert len(padded) == 10 and padded.isdigit() and int(padded) == number
    assert read_nisn(float(number)) == padded


_DECORATIONS = st.sampled_from(["", " ", "_", "  ", ".", "-"])


@given(
    st.sampled_from([(f, a) for f, aliases in ALIASES.items() for a in aliases]),
    st.lists(st.booleans(), min_size=30, max_size=30),
    _DECORATIONS,
    _DECORATIONS,
)
def test_header_aliases_ignore_case_spaces_and_underscores(
    pair: tuple[str, str], upper: list[bool], before: str, after: str
) -> None:
    name, alias = pair
    cased = "".join(c.upper() if up else c for c, up in zip(alias, upper, strict=False))
    spaced = before + cased.replace("_", " " if upper[0] else "_") + after
    assert field_for_header(spaced) == name
    assert header_key(spaced) == header_key(alias)


def test_aliases_do_not_collide() -> None:
    keys = [header_key(a) for aliases in ALIASES.values() for a in aliases]
    assert len(keys) == len(set(keys))


@given(
    st.sampled_from(["0", "62", "+62", "+62 ", "", "0062 "]),
    st.sampled_from(string.digits),
    st.text(string.digits + " -", min_size=2, max_size=14),
)
def test_roster_cells_and_chat_replies_read_phones_alike(
    prefix: str, second: str, rest: str
) -> None:
    typed = f"{prefix}8{second}{rest}"
    try:
        chat = parse_phone(typed)
    except ReplyNotUnderstood as refused:
        with pytest.raises(CellError) as cell:
            read_phone(typed)
        assert cell.value.params == {"value": typed.strip(), **refused.params}
        assert cell.value.key.removeprefix("roster_") in (
            refused.key,
            refused.key.replace("phone_invalid", "bad_phone"),
        )
    else:
        assert read_phone(typed) == chat


# --- every problem, with its row and column ---------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("nisn", "00712345", "'00712345' has only 8 digits; a NISN has 10."),
        ("nisn", "00712345678", "'00712345678' is not a NISN; a NISN has 10 digits"),
        ("nisn", "007123456X", "'007123456X' is not a NISN"),
        ("nisn", "", "is empty; this column is required"),
        ("nama", "", "is empty; this column is required"),
        ("nama", "x" * 201, "is too long (201 characters); at most 200"),
        ("tanggal_lahir", "31-02-2007", "'31-02-2007' is not a date; write it like 17-08-2006"),
        ("tanggal_lahir", "kemarin", "'kemarin' is not a date"),
        ("tanggal_lahir", "17-08-2030", "30-08-2030"[:0] + "17-08-2030 cannot be an alumnus"),
        ("jenis_kelamin", "X", "'X' is not a gender; write L (male) or P (female)"),
        (
            "tahun_lulus",
            "25",
            "'25' is not a graduation year; write a 4-digit year between 1990 and 2026",
        ),
        ("tahun_lulus", "2027", "'2027' is not a graduation year"),
        ("tahun_lulus", "1989", "'1989' is not a graduation year"),
        ("tahun_lulus", "", "is empty"),
        ("no_hp", "0812-xx", "'0812-xx' has the letter 'x' in it; a phone number is digits"),
        ("no_hp", "halo", "'halo' is not a phone number; write it like 081234567890"),
        # Issue #12: these were imported as +6208123, +6262812345, a landline, 0812-3456-789.
        ("no_hp", "08123", "'08123' is missing digits; an Indonesian mobile number has 10–13"),
        ("no_hp", "62812345", "'62812345' is missing digits"),
        ("no_hp", "081234567890123456", "'081234567890123456' has too many digits"),
        ("no_hp", "021-5551234", "'021-5551234' is a landline and cannot receive WhatsApp"),
        ("no_hp", "0812-3456-789O", "'0812-3456-789O' has the letter 'O' in it"),
        ("kelas", "K" * 101, "is too long (101 characters); at most 100"),
    ],
)
def test_cell_problems_name_row_and_column(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    bad = list(GOOD)
    bad[ID_HEADERS.index(column)] = value
    other = ["0061234567", "Budi Santoso", "31-01-2006", "L", "2025", "XII AKL 1", "081234567891"]
    path = write_csv(tmp_path / "r.csv", [ID_HEADERS, other, [], bad])
    roster = read(path)
    row, written, text = only_error(roster)
    assert (row, written) == (4, column)
    assert text.startswith(f"row 4, column '{column}': {message}")
    assert [r.nisn for r in roster.rows] == ["0061234567"]
    assert set(roster.rejected) == {4}


def test_exact_message_in_both_languages(tmp_path: Path) -> None:
    good = [[f"007123456{i}", *GOOD[1:-1], f"08123456789{i}"] for i in range(5)]
    rows = [ID_HEADERS, *good, ["0071234569", "Eka", "", "", "2025", "", "0812-3456-789O"]]
    roster = read(write_csv(tmp_path / "r.csv", rows))
    (error,) = roster.errors
    assert error.text("en") == (
        "row 7, column 'no_hp': '0812-3456-789O' has the letter 'O' in it; a phone number is "
        "digits only (the letter O is not the digit 0), write it like 081234567890"
    )
    assert error.text("id") == (
        "baris 7, kolom 'no_hp': '0812-3456-789O' berisi huruf 'O'; nomor HP hanya angka "
        "(huruf O bukan angka 0), tulis seperti 081234567890"
    )
    assert (error.key, dict(error.params)) == (
        "roster_phone_letter",
        {"value": "0812-3456-789O", "letter": "O"},
    )


def test_optional_cells_are_checked_too(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [
            ["NISN", "Nama", "Tahun Lulus", "NIK", "Bahasa", "HP Orang Tua"],
            ["0071234567", "Ayu", "2025", "12345", "Jawa", "12"],
        ],
    )
    roster = read(path)
    assert [(e.row, e.column, e.key) for e in roster.errors] == [
        (2, "Bahasa", "roster_bad_language"),
        (2, "HP Orang Tua", "roster_phone_too_short"),
    ]
    # A wrong NIK is optional data: left out with a warning, it never costs the row by itself.
    assert [w for w in roster.warnings if w.row] == []  # the row is refused: no warnings on it
    path = write_csv(
        tmp_path / "r2.csv",
        [["NISN", "Nama", "Tahun Lulus", "NIK"], ["0071234567", "Ayu", "2025", "12345"]],
    )
    roster = read(path)
    assert roster.ok and roster.rows[0].nik is None
    (warning,) = (w for w in roster.warnings if w.row)
    assert (warning.row, warning.column, warning.key) == (2, "NIK", "roster_bad_nik")
    assert warning.text("en") == (
        "row 2, column 'NIK': '12345' is not a NIK; a NIK has 16 digits, or leave it empty; "
        "this value was left out and the row imported without it"
    )


def test_duplicate_nisn_names_both_rows(tmp_path: Path) -> None:
    twin = ["0071234567", "Ayu L.", "17-08-2007", "P", "2025", "XII AKL 1", "081234567899"]
    path = write_csv(tmp_path / "r.csv", [ID_HEADERS, GOOD, twin])
    roster = read(path)
    row, column, text = only_error(roster)
    assert (row, column) == (3, "nisn")
    assert "NISN 0071234567 appears in row 2 and row 3" in text
    assert roster.rows == () and set(roster.rejected) == {2, 3}


def test_one_homeroom_teacher_per_class(tmp_path: Path) -> None:
    headers = [*ID_HEADERS, "wali_kelas"]
    first = [*GOOD, "Dra. Sri Wahyuni"]
    second = ["0061234567", "Budi", "", "", "2025", "XII AKL 1", "", "Pak Agus"]
    roster = read(write_csv(tmp_path / "r.csv", [headers, first, second]))
    row, column, text = only_error(roster)
    assert (row, column) == (3, "wali_kelas")
    assert "class 'XII AKL 1' has homeroom teacher 'Pak Agus', but row 2 says" in text


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["nama", "kelas"], ["Ayu", "XII"]], "required columns not found: nisn, graduation_year"),
        (
            [["nisn", "nama", "hp", "no_wa", "tahun_lulus"]],
            "columns 'hp' and 'no_wa' both mean phone",
        ),
        (
            [["nisn", "nama", "tahun_lulus"], [], [""]],
            "there are column names (row 1) but no alumni",
        ),
        ([[], ["", " "]], "the file is empty"),
    ],
)
def test_file_problems(tmp_path: Path, rows: list[list[str]], expected: str) -> None:
    roster = read(write_csv(tmp_path / "roster.csv", rows))
    row, column, text = only_error(roster)
    assert (row, column) == (None, None)
    assert text.startswith("roster.csv: ") and expected in text
    assert roster.rows == ()


def test_missing_columns_in_indonesian(tmp_path: Path) -> None:
    roster = read(write_csv(tmp_path / "r.csv", [["nisn", "kelas"], ["0071234567", "X"]]))
    assert "kolom wajib tidak ditemukan: nama, tahun_lulus." in roster.errors[0].text("id")


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    fake = tmp_path / "roster.xlsx"
    fake.write_text("this is not a spreadsheet")
    assert read(fake).errors[0].key == "roster_unreadable"
    binary = tmp_path / "roster.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage")
    assert read(binary).errors[0].key == "roster_unreadable"
    old = tmp_path / "roster.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    (error,) = read(old).errors
    assert error.text("en") == (
        "roster.xls: '.xls' files are not supported; save the roster as .xlsx or .csv"
    )
    missing = read(tmp_path / "absent.csv")
    assert missing.errors[0].key == "roster_file_missing"


def test_cp1252_csv_is_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        [["nisn", "nama", "tahun_lulus"], ["0071234567", "Andrés", "2025"]],
        encoding="cp1252",
    )
    assert read(path).rows[0].name == "Andrés"


def test_no_class_column_is_a_warning(tmp_path: Path) -> None:
    roster = read(
        write_csv(tmp_path / "r.csv", [["nisn", "nama", "tahun_lulus"], [*GOOD[:2], "2025"]])
    )
    assert roster.ok and [w.key for w in roster.warnings] == ["roster_no_class_column"]


def test_a_nik_number_that_may_be_cut_is_left_out_not_silently_truncated(tmp_path: Path) -> None:
    # Excel keeps 15 significant digits: 3271322408014167 typed as a number comes back ...160.
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [["nisn", "nama", "tahun_lulus", "nik"], ["0071234567", "Ayu", 2025, 3271322408014160]],
    )
    roster = read(path)
    assert roster.ok and [r.nik for r in roster.rows] == [None]
    (warning,) = (w for w in roster.warnings if w.row)
    assert (warning.row, warning.column, warning.key) == (2, "nik", "roster_nik_number")
    assert "format the NIK column as Text" in warning.text("en")


# --- where the header is, and files that lie (#12, #13) ----------------------------------------

DAPODIK_TITLES = [
    ["Daftar Peserta Didik"],
    ["SMK NEGERI 1 CONTOH"],
    ["Kecamatan Kec. Contoh"],
    ["Kabupaten/Kota Kab. Contoh"],
    ["Provinsi Prov. Bali"],
    ["Tanggal Unduh: 2025-07-01 08:00:00", None, "Pengunduh: operator@contoh.sch.id"],
    [],
]


def test_a_dapodik_download_with_title_rows_names_the_header_row(tmp_path: Path) -> None:
    # Seven rows of titles, then the header on row 8: rows are numbered as Excel shows them.
    bad = ["0061234567", "Budi", "31-02-2006", "L", "2025", "XII AKL 1", "081234567891"]
    path = write_xlsx(tmp_path / "dapodik.xlsx", [*DAPODIK_TITLES, ID_HEADERS, GOOD, bad])
    roster = read(path)
    assert roster.header_row == 8
    row, column, _ = only_error(roster)
    assert (row, column) == (10, "tanggal_lahir")
    assert [r.row for r in roster.rows] == [9]
    assert [w.text("en") for w in roster.warnings if w.key == "roster_header_row"] == [
        "dapodik.xlsx: the column names were read from row 8; the rows above it were skipped"
    ]


def test_missing_columns_name_the_row_read_as_the_header(tmp_path: Path) -> None:
    rows = [["DAFTAR ALUMNI 2025"], ["No", "Nama Siswa", "Kelas"], ["1", "Ayu", "XII AKL 1"]]
    roster = read(write_csv(tmp_path / "r.csv", rows))
    (error,) = roster.errors
    assert error.text("en") == (
        "r.csv: required columns not found: nisn, graduation_year. The column names were read "
        "from row 2 (No, Nama Siswa, Kelas); name the columns e.g. nisn, name, graduation_year, "
        "class, phone. With no graduation-year column, pass --graduation-year YEAR, e.g. "
        "--graduation-year 2025"
    )
    assert "Row 1 must" not in error.text("en") and "Baris pertama" not in error.text("id")


def test_a_data_row_that_looks_like_a_title_does_not_move_the_header(tmp_path: Path) -> None:
    rows = [ID_HEADERS, ["Kelas XII AKL 1"], GOOD]
    roster = read(write_csv(tmp_path / "r.csv", rows))
    assert roster.header_row == 1 and [r.row for r in roster.rows] == [3]
    assert {e.row for e in roster.errors} == {2}


@pytest.mark.parametrize(
    ("make", "key", "expected"),
    [
        (lambda p: p, "roster_file_missing", "{path} does not exist"),
        (lambda p: p.mkdir() or p, "roster_is_directory", "{path} is a folder, not a file"),
    ],
)
def test_a_missing_file_or_a_folder_is_named_as_such(
    tmp_path: Path, make: Any, key: str, expected: str
) -> None:
    path = make(tmp_path / "missing.csv")
    (error,) = read(path).errors
    assert error.key == key
    assert error.text("en").startswith(expected.format(path=path.resolve()))
    assert "save it again" not in error.text("en")


def test_an_unreadable_file_says_it_cannot_be_opened(tmp_path: Path) -> None:
    import os

    path = write_csv(tmp_path / "locked.csv", [ID_HEADERS, GOOD])
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: every file is readable")
        (error,) = read(path).errors
    finally:
        path.chmod(0o644)
    assert error.key == "roster_no_permission"
    assert str(path.resolve()) in error.text("en") and "permission" in error.text("en")


def _rewrite_dimension(path: Path, ref: str) -> None:
    """Rewrite the first sheet's <dimension ref="…"/>, as some export tools get it wrong."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml, count = re.subn(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), parts[sheet]
    )
    assert count == 1
    parts[sheet] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_an_xlsx_whose_dimension_tag_lies_is_read_whole(tmp_path: Path) -> None:
    # Issue #13: the file declares A1:A1; five alumni are in it, one was imported, no warning.
    alumni = [[f"007123456{i}", f"Alumni {i}", 2025, f"08123456789{i}"] for i in range(5)]
    path = write_xlsx(tmp_path / "r.xlsx", [["nisn", "nama", "tahun_lulus", "no_hp"], *alumni])
    _rewrite_dimension(path, "A1:A1")
    roster = read(path)
    assert roster.ok, [e.text("en") for e in roster.errors]
    assert [r.nisn for r in roster.rows] == [a[0] for a in alumni]
    assert roster.rows[-1].phone == "+6281234567894"  # the columns past A are read too


def test_a_csv_cell_beyond_the_csv_module_limit_names_row_and_column(tmp_path: Path) -> None:
    # Issue #13: a 5 MB name ended in "_csv.Error: field larger than field limit (131072)".
    huge = ["0061234567", "A" * 5_000_000, "2025"]
    path = write_csv(
        tmp_path / "r.csv", [["nisn", "nama", "tahun_lulus"], [*GOOD[:2], "2025"], huge]
    )
    roster = read(path)
    row, column, text = only_error(roster)
    assert (row, column) == (3, "nama")
    assert text.startswith("row 3, column 'nama': is too long (5000000 characters)")
    assert [r.row for r in roster.rows] == [2]


def test_a_huge_cell_is_not_repeated_in_the_message(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv", [["nisn", "nama", "tahun_lulus"], ["9" * 300_000, "Ayu", "2025"]]
    )
    row, column, text = only_error(read(path))
    assert (row, column) == (2, "nisn") and len(text) < 300


def test_excel_unicode_text_utf16_tabs_is_read(tmp_path: Path) -> None:
    # Issue #13: Excel's "Unicode Text" is UTF-16 with a BOM, tab-separated, saved as .txt.
    text = "\r\n".join("\t".join(row) for row in [ID_HEADERS, GOOD]) + "\r\n"
    for name in ("unicode.txt", "unicode.csv"):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-16"))
        roster = read(path)
        assert roster.ok, [e.text("en") for e in roster.errors]
        assert roster.delimiter == "\t" and roster.rows[0].name == "Ayu Lestari"


def test_utf16_without_a_bom_says_how_to_save_as_csv_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("nisn\tnama\ttahun_lulus\r\n".encode("utf-16-le"))
    (error,) = read(path).errors
    assert error.key == "roster_utf16"
    assert "CSV UTF-8" in error.text("en")
