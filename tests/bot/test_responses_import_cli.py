"""`jejak responses import` as an operator runs it: an export brought back, and every refusal."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result
from walkers import replies_to_finish

from bot.cli.app import app
from bot.cli.sample import DEMO_NISN, SMK_CODE
from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR

LEADING_ZERO = "0065154412"  # Agus Pakpahan, XII AKL 1, in config/samples/roster_smk.csv
SMK_SURVEY = 1  # the sample SMK survey
RUNNER = CliRunner()
ANSWERS = (
    "SELECT a.question_code, a.value, a.other_text FROM answers a JOIN responses r "
    "ON a.response_id = r.id WHERE r.survey_id = {survey} AND r.status = 'completed' "
    "ORDER BY a.question_code"
)


class Cli:
    """`jejak …` in a folder of its own, on the sample data."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "jejak.db"
        self.env: dict[str, str | None] = {
            "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{self.db}",
            "JEJAK_LANGUAGE": "id",
            "JEJAK_QUESTIONNAIRE_DIR": None,
            "COLUMNS": "250",
        }

    def __call__(self, *args: str, input: str | None = None, language: str = "id") -> Result:
        env = {**self.env, "JEJAK_LANGUAGE": language}
        return RUNNER.invoke(app, list(args), input=input, env=env)

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as connection:
            return connection.execute(sql).fetchall()


@pytest.fixture
def jejak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The sample data, with Agus done in the terminal chat and the demo alumnus half-way."""
    monkeypatch.chdir(tmp_path)
    cli = Cli(tmp_path)
    assert cli("db", "upgrade").exit_code == 0
    loaded = cli("sample", "load")
    assert loaded.exit_code == 0, loaded.output
    q = load_questionnaire(TEMPLATE_DIR / "smk.yaml")
    replies = replies_to_finish(
        q, {"nisn": LEADING_ZERO, "status": "1", "status_juga": "2, 3", "kompetensi_kurang": "1, 9"}
    )
    done = cli("chat", "--as", LEADING_ZERO, input="\n".join(replies) + "\n")
    assert done.exit_code == 0, done.output
    half = cli("chat", "--as", DEMO_NISN, input="ya\nEka Pratama\n")
    assert half.exit_code == 0, half.output
    return cli


def fresh_survey(jejak: Cli) -> int:
    """A new survey of the SMK questionnaire for the same cohort: its id."""
    created = jejak(
        "survey", "create", "--institution", SMK_CODE, "--questionnaire", "smk", "--cohort", "2025"
    )
    assert created.exit_code == 0, created.output
    found = re.search(r"Survei (\d+)", created.output)
    assert found is not None, created.output
    return int(found.group(1))


def refused(result: Result) -> str:
    """The output of a refusal: exit code 1 and no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return " ".join(result.output.split())  # rich wraps long lines


def test_an_export_comes_back_into_a_fresh_survey(jejak: Cli) -> None:
    exported = jejak(
        "export", "--survey", str(SMK_SURVEY), "--format", "xlsx", "--output", "e.xlsx"
    )
    assert exported.exit_code == 0, exported.output
    survey = fresh_survey(jejak)

    result = jejak("responses", "import", "e.xlsx", "--survey", str(survey))

    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert f"1 jawaban lengkap dari e.xlsx disimpan ke survei {survey} (impor file)." in out
    assert "baru: 1;" in out
    assert "dilewati 1 (baris" in out and "statusnya di file belum selesai" in out  # half-way
    assert "baris tanpa jawaban" in out  # the alumni who never started
    assert LEADING_ZERO not in out and "Agus" not in out  # counts and rows, no personal data
    imported = jejak.rows(ANSWERS.format(survey=survey))
    assert imported == jejak.rows(ANSWERS.format(survey=SMK_SURVEY)) and len(imported) > 10
    assert jejak.rows(f"SELECT source, recorded_by FROM responses WHERE survey_id = {survey}") == [
        ("import", None)
    ]

    # Into the survey it came from, as a phone call: the chat's own answers stay.
    again = jejak("responses", "import", "e.xlsx", "--survey", str(SMK_SURVEY), "--source",
                  "phone", "--staff", "Bu Sari", language="en")  # fmt: skip
    assert again.exit_code == 0, again.output
    out = " ".join(again.output.split())
    assert f"0 complete responses from e.xlsx stored in survey {SMK_SURVEY}" in out
    assert "the alumnus already completed it in a chat; their answers are not overwritten" in out
    assert jejak.rows(f"SELECT DISTINCT source FROM responses WHERE survey_id = {SMK_SURVEY}") == [
        ("chat",)
    ]


def test_a_bad_file_stores_nothing_and_lists_every_error(jejak: Cli, tmp_path: Path) -> None:
    exported = jejak("export", "--survey", str(SMK_SURVEY), "--format", "csv", "--output", "e.csv")
    assert exported.exit_code == 0, exported.output
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as stream:
        header, *lines = list(csv.reader(stream, delimiter=";"))
    column = {name: i for i, name in enumerate(header)}
    agus = next(line for line in lines if line[0] == LEADING_ZERO)
    others = [line[0] for line in lines if line[column["respons_status"]] == "not_started"]

    def like_agus(nisn: str, **changes: str) -> list[str]:
        """Agus's complete answers on someone else's row, with some cells changed."""
        line = [*agus]
        line[0] = nisn
        for name, value in changes.items():
            line[column[name]] = value
        return line

    with (tmp_path / "jawaban.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(
            [
                header,
                like_agus(others[0], status="7"),  # row 2: not a choice
                like_agus("0000000009"),  # row 3: not on the roster
                like_agus(others[1], cari_bulan="3"),  # row 4: only asked of those looking
            ]
        )
    survey = fresh_survey(jejak)
    before = (
        jejak.rows("SELECT count(*) FROM responses"),
        jejak.rows("SELECT count(*) FROM answers"),
    )

    out = refused(jejak("responses", "import", "jawaban.csv", "--survey", str(survey)))

    assert "jawaban.csv tidak diimpor; tidak ada jawaban yang disimpan:" in out
    assert "baris 2, kolom 'status': '7' bukan kode pilihan pertanyaan ini; kodenya: 1, 2, 3" in out
    assert "baris 3, kolom 'alumni_nisn': '0000000009' tidak ada di daftar alumni" in out
    assert "baris 4, kolom 'cari_bulan': terisi, padahal menurut jawaban sebelumnya" in out
    assert "Tidak ada yang disimpan. Perbaiki 3 kesalahan di atas" in out
    after = jejak.rows("SELECT count(*) FROM responses"), jejak.rows("SELECT count(*) FROM answers")
    assert after == before


def test_refusals(jejak: Cli, tmp_path: Path) -> None:
    missing = refused(jejak("responses", "import", "hilang.csv", "--survey", "1", language="en"))
    assert "hilang.csv does not exist; check the file name and its folder" in missing
    assert "Nothing was stored." in missing
    assert "need the name of who took them: --staff" in refused(
        jejak("responses", "import", "x.csv", "--survey", "1", "--source", "phone", language="en")
    )
    assert "Unknown source 'chat'" in refused(
        jejak("responses", "import", "x.csv", "--survey", "1", "--source", "chat", language="en")
    )
    assert "at most 200 characters" in refused(
        jejak("responses", "import", "x.csv", "--survey", "1", "--staff", "x" * 201, language="en")
    )
    assert "There is no survey 404" in refused(
        jejak("responses", "import", "x.csv", "--survey", "404", language="en")
    )
