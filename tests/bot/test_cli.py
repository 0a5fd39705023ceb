"""The `jejak` command as an operator uses it, on real SQLite files in a temporary folder."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner
from walkers import replies_to_finish

from bot.cli.app import app
from bot.cli.sample import DEMO_NISN, SAMPLES_DIR, SMK_CODE
from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from storage.roster.known import roster_values


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `jejak …` in tmp_path with its own database; returns (invoke, database path)."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "jejak.db"
    env = {
        "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "JEJAK_LANGUAGE": "id",
        "JEJAK_QUESTIONNAIRE_DIR": None,
        "COLUMNS": "200",
    }
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, **extra_env: str):
        return runner.invoke(app, list(args), input=input, env={**env, **extra_env})

    return invoke, db


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_help_lists_every_command_with_one_line(cli) -> None:
    invoke, _ = cli
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("demo", "chat", "db", "institution", "roster", "survey", "questionnaire",
                    "sample", "config"):  # fmt: skip
        assert f" {command} " in result.stdout, command
    for group, subcommands in {
        "db": ("upgrade", "current"),
        "roster": ("import", "list"),
        "survey": ("create", "list", "set"),
        "questionnaire": ("check", "list"),
    }.items():
        shown = invoke(group, "--help").stdout
        assert all(f" {sub} " in shown for sub in subcommands), (group, shown)


def test_demo_sets_up_and_the_alumnus_resumes_where_they_left(cli) -> None:
    invoke, db = cli
    first = invoke("demo", input="ya\nya\n")  # the name comes from the roster: "ya" confirms it
    assert first.exit_code == 0, first.output
    assert "Apakah Anda setuju" in first.stdout
    assert "Nama Anda: Eka Pratama — benar?" in first.stdout
    assert "Tercatat: Eka Pratama" in first.stdout
    assert rows(db, "SELECT count(*) FROM alumni")[0][0] == 55 + 15
    assert rows(db, "SELECT question_code, value FROM answers") == [("nama", '"Eka Pratama"')]

    again = invoke("chat", "--as", DEMO_NISN, input="")
    assert again.exit_code == 0, again.output
    assert "Apakah Anda setuju" not in again.stdout  # consent was given already
    # Straight back to the second question: its roster value, offered to confirm.
    assert "NISN Anda: 3074326411 — benar?" in again.stdout, again.stdout
    # Running the demo twice changes nothing that is there: no duplicates, answers kept.
    assert invoke("demo", input="").exit_code == 0
    assert rows(db, "SELECT count(*) FROM alumni")[0][0] == 70
    assert rows(db, "SELECT count(*) FROM surveys")[0][0] == 3
    assert rows(db, "SELECT count(*) FROM answers")[0][0] == 1


@pytest.mark.parametrize(
    ("code", "questionnaire", "language"),
    [(SMK_CODE, "smk", "id"), ("BLK9901", "blk", "en"), ("999901", "dikti", "en")],
)
def test_an_alumnus_completes_each_template_in_the_terminal(
    cli, code: str, questionnaire: str, language: str
) -> None:
    invoke, db = cli
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("sample", "load").exit_code == 0
    alumnus_id, nisn = rows(
        db,
        "SELECT a.id, a.nisn FROM alumni a JOIN institutions i ON a.institution_id = i.id "
        f"WHERE i.code = '{code}' ORDER BY a.id LIMIT 1",
    )[0]
    q = load_questionnaire(TEMPLATE_DIR / f"{questionnaire}.yaml")
    # The simulator offers what the roster holds (issue #12): those replies confirm it.
    with create_engine(f"sqlite:///{db}").connect() as conn:
        known = roster_values(conn, alumnus_id, q.prefill_fields)
    assert known
    replies = replies_to_finish(q, {"nisn": nisn}, known)
    result = invoke("chat", "--as", nisn, "--institution", code, "--lang", language,
                    input="\n".join(replies) + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    status, lang = rows(
        db,
        "SELECT r.status, r.language FROM responses r JOIN alumni a ON r.alumnus_id = a.id "
        f"WHERE a.nisn = '{nisn}'",
    )[0]
    assert (status, lang) == ("completed", language)
    answered = {c for (c,) in rows(db, "SELECT question_code FROM answers")}
    assert answered and answered <= set(q.by_code)
    raw = dict(rows(db, "SELECT question_code, raw_text FROM answers"))
    assert {q.by_code[c].prefill: raw[c] for c in raw if q.by_code[c].prefill} == known
    # Opening it again after submission says so instead of asking anything.
    after = invoke("chat", "--as", nisn, "--institution", code, input="1\n")
    assert after.exit_code == 0
    assert rows(db, "SELECT count(*) FROM answers")[0][0] == len(answered)


def test_a_bad_roster_imports_nothing_and_names_row_and_column(cli) -> None:
    invoke, db = cli
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("institution", "add", "--code", SMK_CODE, "--name", "SMK Uji",
                  "--timezone", "WITA").exit_code == 0  # fmt: skip
    bad = SAMPLES_DIR / "roster_with_errors.csv"
    result = invoke("roster", "import", str(bad), "--institution", SMK_CODE)
    assert result.exit_code == 1
    assert "baris 3, kolom 'nisn'" in result.stderr
    assert "baris 7, kolom 'nisn'" in result.stderr  # the duplicate NISN, naming both rows
    assert "--skip-invalid" in result.stderr
    assert rows(db, "SELECT count(*) FROM alumni")[0][0] == 0

    skipped = invoke("roster", "import", str(bad), "--institution", SMK_CODE, "--skip-invalid",
                     "--rejected", "ditolak.csv", JEJAK_LANGUAGE="en")  # fmt: skip
    assert skipped.exit_code == 0, skipped.output
    with open("ditolak.csv", encoding="utf-8-sig") as f:
        rejected = list(csv.DictReader(f))
    imported = rows(db, "SELECT count(*) FROM alumni")[0][0]
    assert imported > 0 and imported + len(rejected) == 8
    assert all(r["reason"] for r in rejected)
    assert "with the reason in column 'reason'" in skipped.stdout  # was an unfilled '{column}'


def test_a_roster_under_title_rows_names_the_rows_as_excel_shows_them(cli, tmp_path: Path) -> None:
    invoke, db = cli
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("institution", "add", "--code", SMK_CODE, "--name", "SMK Uji").exit_code == 0
    roster = tmp_path / "dapodik.csv"
    with roster.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([
            ["Daftar Peserta Didik"], ["SMK NEGERI 1 CONTOH"],
            ["nisn", "nama", "tahun_lulus"],
            ["0071234567", "Ayu Lestari", "2025"], ["00712345", "Budi Santoso", "2025"],
        ])  # fmt: skip
    result = invoke("roster", "import", str(roster), "--institution", SMK_CODE)
    assert result.exit_code == 1
    assert "judul kolom dibaca dari baris 3" in result.stdout
    assert "baris 5, kolom 'nisn'" in result.stderr
    assert "judul kolom di baris 3" in result.stderr  # not "baris 1 = judul kolom"
    assert rows(db, "SELECT count(*) FROM alumni")[0][0] == 0


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("missing.csv", lambda p: None, "tidak ada; periksa nama file dan foldernya"),
        ("folder", lambda p: p.mkdir(), "adalah folder, bukan file"),
    ],
)
def test_a_roster_path_that_is_no_file_says_what_it_is(
    cli, tmp_path: Path, name: str, make, expected: str
) -> None:
    invoke, _ = cli
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("institution", "add", "--code", SMK_CODE, "--name", "SMK Uji").exit_code == 0
    make(tmp_path / name)
    result = invoke("roster", "import", name, "--institution", SMK_CODE)
    assert result.exit_code == 1
    shown = " ".join(result.stderr.split())
    assert f"{tmp_path / name} {expected}" in shown
    assert "simpan ulang" not in shown  # no advice to re-save a file that is not there


def test_unknown_institution_says_how_to_add_it(cli) -> None:
    invoke, _ = cli
    assert invoke("db", "upgrade").exit_code == 0
    result = invoke("roster", "import", str(SAMPLES_DIR / "roster_smk.csv"),
                    "--institution", "12345678", JEJAK_LANGUAGE="en")  # fmt: skip
    assert result.exit_code == 1
    assert "jejak institution add --code 12345678" in result.stderr


def test_questionnaire_check_lists_every_problem_located(cli, tmp_path: Path) -> None:
    invoke, _ = cli
    broken = tmp_path / "uji.yaml"
    text = (TEMPLATE_DIR / "smk.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("show_if: {question: status,", "show_if: {question: statu,", 1))
    result = invoke("questionnaire", "check", str(broken), str(TEMPLATE_DIR / "blk.yaml"))
    assert result.exit_code == 1
    assert "uji.yaml: question" in result.stderr and "unknown question 'statu'" in result.stderr
    assert "blk.yaml" in result.stdout  # the good file is still reported as fine


def test_a_broken_questionnaire_stops_jejak_and_an_edit_becomes_a_new_version(
    cli, tmp_path: Path
) -> None:
    invoke, db = cli
    folder = tmp_path / "kuesioner"
    folder.mkdir()
    own = folder / "uji.yaml"
    source = (TEMPLATE_DIR / "blk.yaml").read_text(encoding="utf-8")
    own.write_text(source.replace("id: blk", "id: uji", 1), encoding="utf-8")
    env = {"JEJAK_QUESTIONNAIRE_DIR": str(folder)}
    assert invoke("sample", "load").exit_code == 1  # the database is not set up yet
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("institution", "add", "--code", "BLK1", "--name", "BLK Uji", "--kind", "blk",
                  "--timezone", "WIT").exit_code == 0  # fmt: skip
    assert invoke("roster", "import", str(SAMPLES_DIR / "roster_blk.csv"),
                  "--institution", "BLK1").exit_code == 0  # fmt: skip
    created = invoke("survey", "create", "--institution", "BLK1", "--questionnaire", "uji",
                     "--opens", "2026-01-01", **env)  # fmt: skip
    assert created.exit_code == 0, created.output
    nisn = rows(db, "SELECT nisn FROM alumni ORDER BY id LIMIT 1")[0][0]
    assert invoke("chat", "--as", nisn, input="ya\n", **env).exit_code == 0

    own.write_text(source.replace("id: blk", "id: uji", 1).replace("sections:", "sectons:", 1))
    refused = invoke("chat", "--as", nisn, input="", **env)
    assert refused.exit_code == 1
    assert "uji.yaml" in refused.stderr and "Jejak tidak dijalankan" in refused.stderr

    edited = source.replace("id: blk", "id: uji", 1).replace('version: "', 'version: "2-', 1)
    own.write_text(edited, encoding="utf-8")
    assert invoke("chat", "--as", nisn, input="", **env).exit_code == 0
    versions = rows(db, "SELECT id FROM questionnaire_versions WHERE questionnaire_id = 'uji'")
    assert len(versions) == 2
    survey_version = rows(db, "SELECT questionnaire_version_id FROM surveys")[0][0]
    started_on = rows(db, "SELECT questionnaire_version_id FROM responses")[0][0]
    assert survey_version == max(v for (v,) in versions)  # new respondents start on the edit
    assert started_on == min(v for (v,) in versions)  # who started finishes on theirs


def test_pilot_a_template_without_a_roster_keeps_nothing(cli) -> None:
    invoke, db = cli
    result = invoke("chat", "--questionnaire", "dikti", "--lang", "en", input="yes\n")
    assert result.exit_code == 0, result.output
    assert "NOT saved" not in result.stdout  # operator messages follow JEJAK_LANGUAGE (id)
    assert "TIDAK disimpan" in result.stdout
    # The first question, asked: without a roster nothing is offered to confirm.
    assert "Your active mobile/WhatsApp number?" in result.stdout
    assert not db.exists()


def test_chat_explains_what_is_missing(cli) -> None:
    invoke, _ = cli
    assert "--as NISN" in invoke("chat").stderr
    not_ready = invoke("chat", "--as", DEMO_NISN, JEJAK_LANGUAGE="en")
    assert not_ready.exit_code == 1 and "jejak db upgrade" in not_ready.stderr
    assert invoke("db", "upgrade").exit_code == 0
    missing = invoke("chat", "--as", "0000000000", JEJAK_LANGUAGE="en")
    assert missing.exit_code == 1 and "No alumnus has NISN 0000000000" in missing.stderr
    bad_lang = invoke("chat", "--questionnaire", "smk", "--lang", "fr")
    assert bad_lang.exit_code == 1 and "'fr'" in bad_lang.stderr


def test_settings_errors_and_config_show_never_print_secrets(cli) -> None:
    invoke, _ = cli
    shown = invoke("config", "show", JEJAK_DATABASE_URL="postgresql+asyncpg://u:rahasia@db/jejak")
    assert shown.exit_code == 0
    assert "rahasia" not in shown.stdout and "postgresql+asyncpg://u:***@db/jejak" in shown.stdout
    bad = invoke("config", "show", JEJAK_DATABASE_URL="mysql://u:rahasia@db/x")
    assert bad.exit_code == 2
    assert "JEJAK_DATABASE_URL" in bad.stderr and "rahasia" not in bad.stderr


def test_institution_add_refuses_unknown_zones_and_kinds(cli) -> None:
    invoke, db = cli
    assert invoke("db", "upgrade").exit_code == 0
    zone = invoke("institution", "add", "--code", "1", "--name", "X", "--timezone", "Mars/Base")
    kind = invoke("institution", "add", "--code", "1", "--name", "X", "--kind", "sma")
    assert zone.exit_code == kind.exit_code == 1
    assert "Mars/Base" in zone.stderr and "smk, blk" in kind.stderr
    assert rows(db, "SELECT count(*) FROM institutions")[0][0] == 0


def test_demo_alumnus_is_on_the_sample_roster() -> None:
    with open(SAMPLES_DIR / "roster_smk.csv", encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    assert first["nisn"] == DEMO_NISN


def test_roster_list_shows_status_per_survey(cli) -> None:
    invoke, _ = cli
    assert invoke("demo", input="ya\n").exit_code == 0
    listed = invoke("roster", "list", "--institution", SMK_CODE)
    assert listed.exit_code == 0
    line = next(line for line in listed.stdout.splitlines() if DEMO_NISN in line)
    assert "sedang mengisi" in line
    assert listed.stdout.count("belum diundang") == 39
    surveys = invoke("survey", "list", JEJAK_LANGUAGE="en")
    assert surveys.exit_code == 0 and "0/40" in surveys.stdout and "0/15" in surveys.stdout


def test_the_samples_the_demo_imports_are_there() -> None:
    # The package ships the samples the demo imports (pyproject package-data).
    assert {p.name for p in SAMPLES_DIR.iterdir()} >= {
        "roster_smk.csv", "roster_smk.xlsx", "roster_blk.csv", "roster_univ.csv",
        "roster_with_errors.csv",
    }  # fmt: skip


def test_an_unreachable_database_is_named_with_its_password_masked(cli) -> None:
    invoke, _ = cli
    url = "postgresql+asyncpg://postgres:rahasia@127.0.0.1:9/jejak"  # port 9: nothing listens
    for args in (("db", "upgrade"), ("chat", "--as", DEMO_NISN), ("survey", "list")):
        result = invoke(*args, JEJAK_DATABASE_URL=url, JEJAK_LANGUAGE="en")
        assert result.exit_code == 1, (args, result.output)
        assert "Cannot use the database postgresql+asyncpg://postgres:***@127.0.0.1:9" in (
            " ".join(result.stderr.split())
        )
        assert "rahasia" not in result.output


def test_a_message_parameter_named_code_is_not_taken_for_the_exit_code(cli) -> None:
    invoke, _ = cli
    assert invoke("db", "upgrade").exit_code == 0
    result = invoke("roster", "list", "--institution", "123", JEJAK_LANGUAGE="en")
    assert result.exit_code == 1
    assert "No institution has code 123" in result.stderr and "{code}" not in result.stderr


def test_run_without_a_token_says_what_to_configure(cli) -> None:
    invoke, _ = cli
    result = invoke("run", JEJAK_TELEGRAM_TOKEN=None, JEJAK_LANGUAGE="en")
    assert result.exit_code == 1
    shown = " ".join(result.stderr.split())
    assert "JEJAK_TELEGRAM_TOKEN" in shown and "jejak chat --as NISN" in shown


def test_lang_switches_a_session_already_under_way(cli) -> None:
    invoke, db = cli
    assert invoke("demo", input="ya\n").exit_code == 0  # started in Indonesian
    english = invoke("chat", "--as", DEMO_NISN, "--lang", "en", input="")
    assert english.exit_code == 0, english.output
    # The name the roster holds is offered for confirmation, in the language switched to.
    assert "Your name: Eka Pratama" in english.stdout and "Nama Anda" not in english.stdout
    assert rows(db, "SELECT language FROM responses") == [("en",)]
    same = invoke("chat", "--as", DEMO_NISN, input="")  # no --lang: stays as they left it
    assert "Your name: Eka Pratama" in same.stdout
