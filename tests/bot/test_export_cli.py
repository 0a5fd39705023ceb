"""`jejak export` as an operator runs it: XLSX and CSV files read back, and every refusal."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner
from walkers import replies_to_finish

from bot.cli.app import app
from bot.cli.sample import DEMO_NISN, SMK_CODE
from bot.documents.export import ExportFormat, export_bytes, export_file_name
from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from storage.exports.columns import Cell, ColumnKind, ExportColumn
from storage.exports.table import ExportTable

LEADING_ZERO = "0065154412"  # Agus Pakpahan, XII AKL 1, in config/samples/roster_smk.csv
RUNNER = CliRunner()
COHORT_SQL = (  # the sample SMK survey's cohort: its alumni who graduated in 2025
    "SELECT count(*) FROM alumni a JOIN institutions i ON a.institution_id = i.id "
    "LEFT JOIN class_groups c ON a.class_group_id = c.id "
    f"WHERE i.code = '{SMK_CODE}' AND a.graduation_year = 2025"
)


def _env(db: Path) -> dict[str, str | None]:
    return {
        "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "JEJAK_LANGUAGE": "id",
        "JEJAK_QUESTIONNAIRE_DIR": None,
        "COLUMNS": "200",
    }


@pytest.fixture(scope="module")
def answered_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample data once per module, with one alumnus done and one half-way through."""
    db = tmp_path_factory.mktemp("export") / "jejak.db"

    def invoke(*args: str, input: str | None = None) -> None:
        result = RUNNER.invoke(app, list(args), input=input, env=_env(db))
        assert result.exit_code == 0, result.output

    invoke("db", "upgrade")
    invoke("sample", "load")
    q = load_questionnaire(TEMPLATE_DIR / "smk.yaml")
    replies = replies_to_finish(
        q, {"nisn": LEADING_ZERO, "status": "1", "status_juga": "2, 3", "kompetensi_kurang": "1, 9"}
    )
    invoke("chat", "--as", LEADING_ZERO, input="\n".join(replies) + "\n")
    invoke("chat", "--as", DEMO_NISN, input="ya\nEka Pratama\n")
    return db


@pytest.fixture
def cli(answered_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `jejak …` in tmp_path on a copy of the answered database; returns (invoke, db)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "jejak.db"
    shutil.copyfile(answered_db, db)

    def invoke(*args: str):
        return RUNNER.invoke(app, list(args), env=_env(db))

    return invoke, db


def mode(path: Path) -> int:
    """A file's permission bits, e.g. 0o600."""
    return stat.S_IMODE(path.stat().st_mode)


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_xlsx_with_the_default_name(cli) -> None:
    invoke, db = cli
    result = invoke("export", "--survey", "1")
    assert result.exit_code == 0, result.output
    [path] = Path().glob(f"ekspor-1-{SMK_CODE}-*.xlsx")
    assert len(path.stem.rsplit("-", 1)[1]) == 8  # YYYYMMDD
    cohort = count(db, COHORT_SQL)
    assert f"{cohort} baris" in result.stdout and path.name in result.stdout
    assert f"belum mulai: {cohort - 2}" in result.stdout
    assert "selesai: 1" in result.stdout and "sedang mengisi: 1" in result.stdout
    assert "Eka Pratama" not in result.stdout and "Agus" not in result.stdout  # no personal data

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Jawaban", "Angka", "Label", "Info"]
    sheet = workbook["Jawaban"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["alumni_nisn", "alumni_nama", "alumni_kelas", "alumni_jurusan",
                          "respons_status"]  # fmt: skip
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.max_row == cohort + 1
    rows = {row[0].value: {h: c for h, c in zip(header, row, strict=True)}
            for row in sheet.iter_rows(min_row=2)}  # fmt: skip
    agus = rows[LEADING_ZERO]
    assert agus["alumni_nisn"].data_type == "s" and agus["alumni_nisn"].number_format == "@"
    assert agus["nisn"].value == LEADING_ZERO  # the answer too: text, zero kept
    assert agus["respons_status"].value == "selesai"
    assert agus["status"].value == 1  # a choice code, as a number Excel can filter and sum
    assert [agus[f"status_juga_{v}"].value for v in "1230"] == [0, 1, 1, 0]
    assert [agus[f"kompetensi_kurang_{v}"].value for v in "1290"] == [1, 0, 1, 0]
    assert agus["kompetensi_kurang_lain"].value == "Lainnya"  # what the walker typed
    assert agus["respons_selesai"].is_date
    eka = rows[DEMO_NISN]
    assert (eka["respons_status"].value, eka["nama"].value) == ("sedang mengisi", "Eka Pratama")
    assert eka["status"].value is None and eka["respons_selesai"].value is None

    labels = [tuple(row) for row in workbook["Label"].iter_rows(values_only=True)]
    assert labels[0] == ("kode", "pertanyaan", "nilai", "arti")
    assert (
        "status",
        "Apa kegiatan UTAMA Anda saat ini?",
        "1",
        "Bekerja (karyawan/pegawai)",
    ) in labels
    info = dict(workbook["Info"].iter_rows(max_col=2, values_only=True))
    assert info["Jumlah alumni (baris)"] == cohort and info["Status: selesai"] == 1


def test_csv_of_one_class_in_english(cli) -> None:
    invoke, db = cli
    target = Path("hasil") / "akl.csv"
    result = invoke("export", "--survey", "1", "--format", "csv", "--class", "XII AKL 1",
                    "--output", str(target), "--lang", "en")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Agus" not in result.stdout
    assert target.read_bytes().startswith(codecs.BOM_UTF8)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    in_class = count(db, COHORT_SQL + " AND c.name = 'XII AKL 1'")
    assert len(rows) == in_class and {r["alumni_kelas"] for r in rows} == {"XII AKL 1"}
    assert list(rows[0])[:2] == ["alumni_nisn", "alumni_nama"]
    by_nisn = {r["alumni_nisn"]: r for r in rows}
    agus = by_nisn[LEADING_ZERO]
    assert (agus["respons_status"], agus["status"], agus["status_juga_2"]) == (
        "completed",
        "1",
        "1",
    )
    assert agus["hp"] == "+6281234567890"  # a phone keeps its + (no formula guard needed)
    assert agus["gaji"] == "4500000" and len(agus["respons_selesai"]) == 19  # YYYY-MM-DD hh:mm:ss
    assert by_nisn[DEMO_NISN]["respons_status"] == "started"
    assert {r["respons_status"] for r in rows} == {"completed", "started", "not_started"}
    assert all(r["status"] == "" for r in rows if r["respons_status"] == "not_started")

    two = Path("dua.csv")
    both = invoke("export", "--survey", "1", "--format", "CSV", "--class", "XII AKL 1",
                  "--class", "XII TKJ 1", "--output", str(two))  # fmt: skip
    assert both.exit_code == 0, both.output
    with two.open(encoding="utf-8-sig", newline="") as handle:  # Indonesian: ";" (see below)
        kelas = {r["alumni_kelas"] for r in csv.DictReader(handle, delimiter=";")}
    assert kelas == {"XII AKL 1", "XII TKJ 1"}


@pytest.mark.parametrize(
    ("args", "separator"),
    [
        ((), ";"),  # JEJAK_LANGUAGE=id: Indonesian Excel splits on ";" (the decimal mark is ",")
        (("--lang", "id"), ";"),
        (("--lang", "en"), ","),
        (("--delimiter", ","), ","),
        (("--lang", "en", "--delimiter", ";"), ";"),
        (("--delimiter", "tab"), "\t"),
    ],
)
def test_csv_separator_follows_the_file_language_unless_given(
    cli, args: tuple[str, ...], separator: str
) -> None:
    invoke, _ = cli
    result = invoke("export", "--survey", "1", "--format", "csv", "--output", "a.csv", *args)
    assert result.exit_code == 0, result.output
    text = Path("a.csv").read_text(encoding="utf-8-sig")
    assert text.startswith(f"alumni_nisn{separator}alumni_nama{separator}alumni_kelas")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=separator))
    assert rows[0]["alumni_nisn"].isdigit() and rows[0]["respons_status"]


@pytest.mark.parametrize(
    "args", [("--format", "csv", "--delimiter", ";;"), ("--format", "csv", "--delimiter", '"'),
             ("--delimiter", ";")],  # the last: an XLSX has no separator
)  # fmt: skip
def test_a_bad_delimiter_is_a_usage_error(cli, args: tuple[str, ...]) -> None:
    invoke, _ = cli
    result = invoke("export", "--survey", "1", *args)
    assert result.exit_code == 2 and "--delimiter" in result.output
    assert not list(Path().glob("ekspor-*"))


def test_exports_are_readable_by_their_owner_only(umask, cli) -> None:
    invoke, _ = cli
    here = mode(Path())
    for fmt in ("xlsx", "csv"):
        target = Path("baru") / "dalam" / f"hasil.{fmt}"
        result = invoke("export", "--survey", "1", "--format", fmt, "--output", str(target))
        assert result.exit_code == 0, result.output
        assert mode(target) == 0o600, fmt
    assert mode(Path("baru")) == mode(Path("baru/dalam")) == 0o700  # folders Jejak created
    old = Path("lama.xlsx")
    old.write_bytes(b"an earlier export, world-readable")
    old.chmod(0o644)
    assert invoke("export", "--survey", "1", "--output", str(old), "--force").exit_code == 0
    assert mode(old) == 0o600
    assert mode(Path()) == here  # a folder that was there is left as it was


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--survey", "99"), ["Survei 99 tidak ada", "`jejak survey list`"]),
        (("--survey", "1", "--class", "XII ZZZ"),
         ["Kelas 'XII ZZZ'", "XII AKL 1, XII RPL 1, XII TKJ 1"]),
        (("--survey", "1", "--output", "penghalang/hasil.xlsx"), ["penghalang/hasil.xlsx"]),
        (("--survey", "1", "--output", "ada.xlsx"), ["ada.xlsx sudah ada", "--force"]),
        (("--survey", "1", "--lang", "jv"), ["Bahasa 'jv'"]),
    ],
)  # fmt: skip
def test_refusals_say_why_without_a_traceback(cli, args: tuple[str, ...], says: list[str]) -> None:
    invoke, _ = cli
    Path("penghalang").write_text("a file where a folder should be")
    Path("ada.xlsx").write_bytes(b"an earlier export")
    result = invoke("export", *args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for text in says:
        assert text in result.stderr, (text, result.stderr)
    assert Path("ada.xlsx").read_bytes() == b"an earlier export"
    assert not list(Path().glob("*.part")) and not list(Path().glob("ekspor-*"))


def test_force_overwrites_and_a_bad_format_is_a_usage_error(cli) -> None:
    invoke, _ = cli
    Path("ada.xlsx").write_bytes(b"an earlier export")
    result = invoke("export", "--survey", "1", "--output", "ada.xlsx", "--force")
    assert result.exit_code == 0, result.output
    assert load_workbook("ada.xlsx").sheetnames == ["Jawaban", "Angka", "Label", "Info"]
    assert not list(Path().glob("*.part"))
    wrong = invoke("export", "--survey", "1", "--format", "pdf")
    assert wrong.exit_code == 2 and "xlsx or csv" in wrong.output


def test_files_in_memory_never_hold_a_formula() -> None:
    columns = [
        ExportColumn("alumni_nisn", ColumnKind.TEXT),
        ExportColumn("alumni_nama", ColumnKind.TEXT),
        ExportColumn("alumni_kelas", ColumnKind.TEXT),
        ExportColumn("alumni_jurusan", ColumnKind.TEXT),
        ExportColumn("respons_status", ColumnKind.STATUS),
        ExportColumn("hp", ColumnKind.TEXT, "hp"),
        ExportColumn("saran", ColumnKind.TEXT, "saran"),
        ExportColumn("kode", ColumnKind.CODE, "kode"),
    ]
    rows: list[list[Cell]] = [
        ["0012345678", "Ayu", None, None, "completed", "+6281234567890", "=HYPERLINK(1)", "01"],
        ["0023456789", "Budi", None, None, "not_started", None, "- praktik\x07 kurang", "2"],
    ]
    table = ExportTable(
        survey_id=1, survey_name="Uji", institution_code="1", institution_name="SMK Uji",
        timezone="Asia/Jakarta", questionnaire="smk 1", generated_at=datetime(2026, 1, 5, 8),
        language="en", classes=None, columns=columns, rows=rows, labels=[],
    )  # fmt: skip
    workbook = load_workbook(io.BytesIO(export_bytes(table, ExportFormat.XLSX, "en")))
    assert workbook.sheetnames == ["Answers", "Labels", "Info"]
    ayu, budi = list(workbook["Answers"].iter_rows(min_row=2))
    assert (ayu[6].value, ayu[6].data_type) == ("=HYPERLINK(1)", "s")
    assert (ayu[5].value, ayu[7].value, budi[7].value) == ("+6281234567890", "01", 2)
    assert (ayu[4].value, budi[4].value) == ("completed", "not started")
    assert budi[6].value == "- praktik kurang"  # a control character XML cannot hold, dropped

    text = export_bytes(table, ExportFormat.CSV, "en").decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == [c.name for c in columns]
    assert read[1][4:] == ["completed", "+6281234567890", "'=HYPERLINK(1)", "01"]
    assert read[2][6] == "'- praktik\x07 kurang"  # a spreadsheet would read "-…" as a formula
    assert export_file_name(7, "SMK 1/A", date(2026, 1, 5), ExportFormat.CSV) == (
        "ekspor-7-SMK_1_A-20260105.csv"
    )


# --- the national university upload (`--format dikti`) -----------------------------------------

UNIV_NIM = "A11.2018.00137"  # Maya Hidayat, the first of config/samples/roster_univ.csv
DIKTI_HEADER_START = [
    *("kdptimsmh", "kdpstmsmh", "nimhsmsmh", "nmmhsmsmh", "telpomsmh", "emailmsmh"),
    *("tahun_lulus", "nik", "npwp", "f8", "f502", "f505", "f5a1"),
]


@pytest.fixture(scope="module")
def dikti_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample data with one university graduate through the dikti questionnaire."""
    db = tmp_path_factory.mktemp("dikti") / "jejak.db"

    def invoke(*args: str, input: str | None = None) -> None:
        result = RUNNER.invoke(app, list(args), input=input, env=_env(db))
        assert result.exit_code == 0, result.output

    invoke("db", "upgrade")
    invoke("sample", "load")
    q = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    # Working (the first status), in Kalimantan Selatan's capital; the rest as walkers type it.
    replies = replies_to_finish(q, {"f5a1": "kalsel", "f5a2": "banjarmasin", "f4": "1, 15"})
    invoke("chat", "--as", UNIV_NIM, input="\n".join(replies) + "\n")
    with sqlite3.connect(db) as conn:
        survey = conn.execute("SELECT id FROM surveys WHERE questionnaire_id = 'dikti'").fetchone()
    return db, int(survey[0])


@pytest.fixture
def dikti_cli(dikti_db: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "jejak.db"
    shutil.copyfile(dikti_db[0], db)

    def invoke(*args: str):
        return RUNNER.invoke(app, list(args), env=_env(db))

    return invoke, dikti_db[1]


def test_the_dikti_upload_as_xlsx(dikti_cli) -> None:
    invoke, survey = dikti_cli
    result = invoke("export", "--survey", str(survey), "--format", "dikti")
    assert result.exit_code == 0, result.output
    [path] = Path().glob(f"dikti-{survey}-999901-*.xlsx")
    assert "1 jawaban lengkap" in result.stdout and "Maya" not in result.stdout
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Sheet1"]  # the upload only: no label or info sheet
    sheet = workbook["Sheet1"]
    header = [cell.value for cell in sheet[1]]
    assert len(header) == 86 and header[:13] == DIKTI_HEADER_START
    assert sheet.max_row == 2  # one completed response; the rest of the cohort is not there
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["nimhsmsmh"].value == UNIV_NIM and row["nimhsmsmh"].data_type == "s"
    assert row["kdptimsmh"].value == "999901" and row["tahun_lulus"].value == 2024
    assert (row["f8"].value, row["f5a1"].value, row["f5a2"].value) == (1, 63, 6371)
    assert [row[f"f{n}"].value for n in range(401, 416)] == [1] + [0] * 13 + [1]


def test_the_dikti_upload_as_csv(dikti_cli) -> None:
    invoke, survey = dikti_cli
    result = invoke("export", "--survey", str(survey), "--format", "dikti", "--csv",
                    "--output", "unggah.csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    raw = Path("unggah.csv").read_bytes()
    assert not raw.startswith(codecs.BOM_UTF8)
    header, row = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert header[:13] == DIKTI_HEADER_START and len(row) == 86
    values = dict(zip(header, row, strict=True))
    assert (values["nimhsmsmh"], values["f5a1"], values["f5a2"]) == (UNIV_NIM, "63", "6371")
    assert values["telpomsmh"].startswith("08")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--survey", "1", "--csv"), "only with an upload layout (dikti)"),
        (("--survey", "1", "--format", "dikti", "--delimiter", ";"), "only with --csv"),
        (("--survey", "1", "--format", "dikti", "--class", "XII AKL 1"), "every class"),
        (("--survey", "1", "--format", "pdf"), "an upload layout: dikti"),
    ],
)
def test_upload_options_out_of_place_are_usage_errors(
    dikti_cli, args: tuple[str, ...], says: str
) -> None:
    invoke, _ = dikti_cli
    result = invoke("export", *args)
    assert result.exit_code == 2 and says in result.output, result.output


def test_the_dikti_layout_on_an_smk_survey_says_why(dikti_cli) -> None:
    invoke, _ = dikti_cli
    result = invoke("export", "--survey", "1", "--format", "dikti")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "tidak cocok dengan kuesioner survei 1" in result.stderr
    assert "reads the 'dikti' questionnaire, not 'smk'" in result.stderr
    assert not list(Path().glob("dikti-*")) and not list(Path().glob("*.part"))
