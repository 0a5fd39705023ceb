"""A workbook shaped like Dapodik's "Peserta Didik" download (Unduh > Daftar PD), for tests and
for config/samples/roster_dapodik.xlsx.

Regenerate the sample (fictional people only) with:
    .venv/bin/python tests/dapodik_workbook.py config/samples/roster_dapodik.xlsx

The layout is built from what public importers of that download say about it (found with the
search tool in July 2025; no real download was available):
- four title rows (the list's name, the school, its area, the download date and who downloaded
  it), then the header on row 5, or rows 5-6 in the full 66-column variant, where "Data Ayah",
  "Data Ibu" and "Data Wali" are merged over Nama | Tahun Lahir | Jenjang Pendidikan |
  Pekerjaan | Penghasilan | NIK on row 6, and every other name is merged down over both rows
  (a Laravel importer's notes, app/Services/Master/SiswaExcelService.php, "varian lengkap (66
  kolom) yang header-nya 2 baris");
- the columns in order: No, Nama, NIPD, JK, NISN, Tempat Lahir, Tanggal Lahir, NIK, Agama,
  Alamat, RT, RW, Dusun, Kelurahan, Kecamatan, Kode Pos, Jenis Tinggal, Alat Transportasi,
  Telepon, HP, E-Mail, SKHUN, Penerima KPS, No. KPS, the three parent groups, then No Peserta
  Ujian Nasional … Jarak Rumah ke Sekolah (KM) (a 65-column index map in another importer,
  app/Imports/StudentImport.php), with Rombel Saat Ini right after Data Wali (column 42, as a
  JavaScript importer reads it: "rombel saat ini_unnamed: 42_level_1");
- the data from row 7; dates as yyyy-mm-dd text; no graduation year, no homeroom teacher, and
  parents' phones absent (docs: ../shared/domain.md, "Rosters as institutions have them").
Excel's damage is up to each student: a NIK or NISN may be a number cell, or text such as
"6,371E+15", as a file saved again in Excel leaves them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

TITLE_ROWS = 4
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 7
PARENT_GROUPS = ("Data Ayah", "Data Ibu", "Data Wali")
PARENT_COLUMNS = ("Nama", "Tahun Lahir", "Jenjang Pendidikan", "Pekerjaan", "Penghasilan", "NIK")
BEFORE_PARENTS = (
    "No", "Nama", "NIPD", "JK", "NISN", "Tempat Lahir", "Tanggal Lahir", "NIK", "Agama",
    "Alamat", "RT", "RW", "Dusun", "Kelurahan", "Kecamatan", "Kode Pos", "Jenis Tinggal",
    "Alat Transportasi", "Telepon", "HP", "E-Mail", "SKHUN", "Penerima KPS", "No. KPS",
)  # fmt: skip
AFTER_PARENTS = (
    "Rombel Saat Ini", "No Peserta Ujian Nasional", "No Seri Ijazah", "Penerima KIP",
    "Nomor KIP", "Nama di KIP", "Nomor KKS", "No Registrasi Akta Lahir", "Bank",
    "Nomor Rekening Bank", "Rekening Atas Nama", "Layak PIP (usulan dari sekolah)",
    "Alasan Layak PIP", "Kebutuhan Khusus", "Sekolah Asal", "Anak ke-berapa", "Lintang", "Bujur",
    "No KK", "Berat Badan", "Tinggi Badan", "Lingkar Kepala", "Jml. Saudara\nKandung",
    "Jarak Rumah\nke Sekolah (KM)",
)  # fmt: skip
WIDTH = len(BEFORE_PARENTS) + len(PARENT_GROUPS) * len(PARENT_COLUMNS) + len(AFTER_PARENTS)


@dataclass(frozen=True, slots=True)
class Parent:
    """One of Data Ayah / Data Ibu / Data Wali."""

    name: str = ""
    born: int | None = None
    education: str = ""
    work: str = ""
    income: str = ""
    nik: Any = None


@dataclass(frozen=True, slots=True)
class Student:
    """One row of the download; cells are written as given (a number stays a number)."""

    name: str
    nisn: Any
    gender: str
    birth_place: str
    birth_date: Any  # Dapodik writes "2007-08-17"
    nik: Any
    class_name: str
    phone: Any = None  # HP
    telephone: Any = None  # Telepon
    email: str | None = None
    father: Parent = field(default_factory=Parent)
    mother: Parent = field(default_factory=Parent)
    guardian: Parent = field(default_factory=Parent)
    nipd: str = ""


def header_names() -> tuple[str, ...]:
    """The column names as Jejak reads the two header rows: "Data Ayah / Nama"…"""
    groups = tuple(f"{g} / {c}" for g in PARENT_GROUPS for c in PARENT_COLUMNS)
    return (*BEFORE_PARENTS, *groups, *AFTER_PARENTS)


def _row(number: int, student: Student) -> list[Any]:
    parents: list[Any] = []
    for parent in (student.father, student.mother, student.guardian):
        parents += [parent.name, parent.born, parent.education, parent.work, parent.income]
        parents.append(parent.nik)
    before = [
        number, student.name, student.nipd or f"{2223000 + number}", student.gender,
        student.nisn, student.birth_place, student.birth_date, student.nik, "Islam",
        f"Jl. Contoh No. {number}", 1 + number % 9, 2, "", "Kelurahan Contoh", "Kec. Contoh",
        "70111", "Bersama orang tua", "Sepeda motor", student.telephone, student.phone,
        student.email, "", "Tidak", "",
    ]  # fmt: skip
    after: list[Any] = [student.class_name, "", "", "Tidak", "", "", "", "", "", "", "", "Tidak"]
    after += ["", "Tidak ada", "SMP Contoh", 1, "", "", "", 50, 160, "", 1, 2]
    return [*before, *parents, *after]


def write_dapodik_xlsx(
    path: Path,
    students: list[Student],
    *,
    school: str = "SMK NUSANTARA CONTOH",
    downloaded: str = "2025-07-01 08:00:00",
) -> Path:
    """Write `students` as Dapodik's "Daftar Peserta Didik" download; returns `path`."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Daftar Peserta Didik"
    sheet.append(["Daftar Peserta Didik"])
    sheet.append([school])
    sheet.append(["Kecamatan Kec. Contoh, Kota Contoh, Provinsi Prov. Kalimantan Selatan"])
    sheet.append([f"Tanggal Unduh: {downloaded}", None, None, "Pengunduh: operator@contoh.sch.id"])
    top, below = HEADER_ROWS
    column = 1
    for name in BEFORE_PARENTS:
        sheet.cell(top, column, name)
        sheet.merge_cells(start_row=top, start_column=column, end_row=below, end_column=column)
        column += 1
    for group in PARENT_GROUPS:
        sheet.cell(top, column, group)
        for offset, name in enumerate(PARENT_COLUMNS):
            sheet.cell(below, column + offset, name)
        end = column + len(PARENT_COLUMNS) - 1
        sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=end)
        column = end + 1
    for name in AFTER_PARENTS:
        sheet.cell(top, column, name)
        sheet.merge_cells(start_row=top, start_column=column, end_row=below, end_column=column)
        column += 1
    assert column - 1 == WIDTH
    for number, student in enumerate(students, start=1):
        sheet.append(_row(number, student))
    workbook.save(path)
    return path


def _parents(surname: str, number: int) -> dict[str, Parent]:
    return {
        "father": Parent(f"Bapak {surname}", 1975, "SMA / sederajat", "Wiraswasta",
                         "Rp. 2,000,000 - Rp. 4,999,999", f"63710{number:02d}01017500{number:02d}"),
        "mother": Parent(f"Ibu {surname}", 1978, "SMP / sederajat", "Tidak bekerja",
                         "Tidak Berpenghasilan", f"63710{number:02d}41017800{number:02d}"),
    }  # fmt: skip


# The committed sample: fictional students of three classes, with the damage Excel does.
SAMPLE_STUDENTS = [
    Student("Aditya Pratama", "0071230001", "L", "Banjarmasin", "2007-03-14", "6371011403070001",
            "XII AKL 1", "081251230001", email="aditya.p@example.sch.id",
            **_parents("Pratama", 1)),
    Student("Bunga Lestari", 71230002, "P", "Banjarmasin", "2007-05-02", 6371014205070002,
            "XII AKL 1", "081251230002", **_parents("Lestari", 2)),  # numbers, as Excel saves
    Student("Citra Maharani", "0071230003", "P", "Martapura", "2007-01-20", "6,37101E+15",
            "XII AKL 1", None, telephone="0812 5123 0003", **_parents("Maharani", 3)),
    Student("Dimas Saputra", "0071230004", "L", "Banjarbaru", "2007-09-09", "6371010909070004",
            "XII TKJ 1", "6281251230004", telephone="0511-3250004", **_parents("Saputra", 4)),
    Student("Eka Wulandari", "0071230005", "P", "Banjarmasin", "2007-11-30", 6371017011070010,
            "XII TKJ 1", "081251230005", **_parents("Wulandari", 5)),  # a NIK Excel may have cut
    Student("Fajar Nugroho", "0061230006", "L", "Barabai", "2006-12-01", "6371010112060006",
            "XII TKJ 1", "081251230006", guardian=Parent("Paman Nugroho", 1970, "S1", "PNS")),
    Student("Gita Permata", "0071230007", "P", "Banjarmasin", "2007-02-17", "",
            "XII RPL 1", "081251230007", email="gita@example.sch.id", **_parents("Permata", 7)),
    Student("Hendra Wijaya", "0071230008", "L", "Kandangan", "2007-06-25", "6371012506070008",
            "XII RPL 1", "081251230008", **_parents("Wijaya", 8)),
    Student("Hendra Wijaya", "0071230008", "L", "Kandangan", "2007-06-25", "",
            "XII RPL 1", None, email="hendra.w@example.sch.id"),  # the same line, copied twice
]  # fmt: skip


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "config/samples/roster_dapodik.xlsx")
    write_dapodik_xlsx(target, SAMPLE_STUDENTS)
    print(f"wrote {target}: {len(SAMPLE_STUDENTS)} rows under the header on rows 5-6")
