"""Where Jejak keeps its database, and that every file it writes is its owner's alone.

An operator runs `jejak` from wherever the terminal happens to be: the database must not follow
them around. The database and rosters' rejected rows hold personal data: 0600 whatever the
umask, folders Jejak creates 0700.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from bot.cli.sample import SAMPLES_DIR, SMK_CODE
from config.settings import Settings
from storage.database import create_engine

RUNNER = CliRunner()


def mode(path: Path) -> int:
    """A file's permission bits, e.g. 0o600."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def jejak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`jejak …` run from tmp_path/somewhere with no JEJAK_DATABASE_URL: the default database."""
    work = tmp_path / "somewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    env: dict[str, str | None] = {
        "JEJAK_DATABASE_URL": None,
        "JEJAK_LANGUAGE": "en",
        "JEJAK_QUESTIONNAIRE_DIR": None,
        "COLUMNS": "250",
    }

    def invoke(*args: str, input: str | None = None, **extra_env: str | None):
        return RUNNER.invoke(app, list(args), input=input, env={**env, **extra_env})

    return invoke, work


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_the_database_defaults_to_the_user_data_folder(jejak, tmp_path: Path) -> None:
    invoke, work = jejak
    xdg = tmp_path / "share"
    first = invoke("db", "upgrade", JEJAK_DATA_DIR=None, XDG_DATA_HOME=str(xdg))
    assert first.exit_code == 0, first.output
    db = xdg / "jejak" / "jejak.db"
    assert f"Database: {db}" in first.stdout  # said once, when the command creates it
    assert db.is_file() and not list(work.iterdir())  # nothing in the current folder
    assert mode(xdg) == mode(xdg / "jejak") == 0o700 and mode(db) == 0o600
    again = invoke("db", "current", JEJAK_DATA_DIR=None, XDG_DATA_HOME=str(xdg))
    assert again.exit_code == 0 and "✓" in again.stdout  # the same database, found again
    assert "Database:" not in again.stdout  # there already: nothing to say


def test_jejak_data_dir_holds_the_database(jejak, tmp_path: Path) -> None:
    invoke, work = jejak
    data = tmp_path / "data"
    demo = invoke("demo", input="", JEJAK_DATA_DIR=str(data))
    assert demo.exit_code == 0, demo.output
    assert demo.stdout.splitlines()[0] == f"Database: {data / 'jejak.db'}"
    assert (data / "jejak.db").is_file() and not list(work.iterdir())
    surveys = invoke("survey", "list", JEJAK_DATA_DIR=str(data))
    assert surveys.exit_code == 0 and "0/40" in surveys.stdout  # every command finds it
    shown = invoke("config", "show", JEJAK_DATA_DIR=str(data))
    assert f"sqlite+aiosqlite:///{data / 'jejak.db'}" in shown.stdout
    # JEJAK_DATABASE_URL still wins.
    elsewhere = tmp_path / "elsewhere.db"
    url = f"sqlite+aiosqlite:///{elsewhere}"
    other = invoke("db", "upgrade", JEJAK_DATA_DIR=str(data), JEJAK_DATABASE_URL=url)
    assert other.exit_code == 0 and elsewhere.is_file()


async def test_the_database_and_its_wal_are_readable_by_their_owner_only(
    umask: int, tmp_path: Path
) -> None:
    db = tmp_path / "new" / "jejak.db"
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    try:
        async with engine.begin() as conn:
            await conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            await conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        async with engine.connect() as conn:  # open: the -wal and -shm files are there
            await conn.exec_driver_sql("SELECT x FROM t")
            files = [db, tmp_path / "new" / "jejak.db-wal", tmp_path / "new" / "jejak.db-shm"]
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        await engine.dispose()
    assert mode(tmp_path / "new") == 0o700


async def test_a_world_readable_database_is_made_private_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"  # as an older Jejak left it: 0644, with its -wal and -shm
    older = sqlite3.connect(db)
    older.execute("PRAGMA journal_mode = WAL")
    older.execute("CREATE TABLE t (x INTEGER)")
    older.commit()
    files = [db, tmp_path / "jejak.db-wal", tmp_path / "jejak.db-shm"]
    for path in files:
        path.chmod(0o644)
    engine = create_engine(f"sqlite+aiosqlite:///{db}")
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT count(*) FROM t")
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        await engine.dispose()
        older.close()


def test_rejected_roster_rows_are_readable_by_their_owner_only(umask: int, jejak) -> None:
    invoke, work = jejak
    roster = work / "alumni.csv"
    shutil.copyfile(SAMPLES_DIR / "roster_with_errors.csv", roster)
    assert invoke("db", "upgrade").exit_code == 0
    assert mode(Path(Settings().data_dir) / "jejak.db") == 0o600
    added = invoke("institution", "add", "--code", SMK_CODE, "--name", "SMK Uji")
    assert added.exit_code == 0, added.output
    result = invoke("roster", "import", str(roster), "--institution", SMK_CODE, "--skip-invalid")
    assert result.exit_code == 0, result.output
    rejected = work / "alumni_ditolak.csv"
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle))  # the rows with their reasons
    assert mode(rejected) == 0o600
