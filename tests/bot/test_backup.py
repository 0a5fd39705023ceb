"""`jejak db backup`: a consistent, private copy of a SQLite database, even while it is written."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.app import app


def _jejak(db: Path, *args: str, url: str | None = None):
    env = {"JEJAK_DATABASE_URL": url or f"sqlite+aiosqlite:///{db}", "JEJAK_LANGUAGE": "en"}
    env["COLUMNS"] = "300"  # one message, one line
    return CliRunner().invoke(app, list(args), env=env)


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_the_copy_holds_every_row_and_only_its_owner_can_read_it(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    assert _jejak(db, "db", "upgrade").exit_code == 0
    assert _jejak(db, "sample", "load").exit_code == 0
    copy = tmp_path / "backup.db"
    ran = _jejak(db, "db", "backup", str(copy))
    assert ran.exit_code == 0, ran.output
    assert "backup.db" in ran.output
    assert _count(copy, "alumni") == _count(db, "alumni") > 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_backup_taken_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    assert _jejak(db, "db", "upgrade").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE ticks (n INTEGER NOT NULL, total INTEGER NOT NULL)")
    stop = threading.Event()

    def write() -> None:  # every row holds the running total: a torn copy would break it
        with sqlite3.connect(db, timeout=30) as conn:
            n = 0
            while not stop.is_set() and n < 20_000:
                n += 1
                conn.execute("INSERT INTO ticks VALUES (?, ?)", (n, n * (n + 1) // 2))
                conn.commit()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        ran = _jejak(db, "db", "backup", str(tmp_path / "live.db"))
    finally:
        stop.set()
        writer.join()
    assert ran.exit_code == 0, ran.output
    with sqlite3.connect(tmp_path / "live.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT n, total FROM ticks ORDER BY n").fetchall()
    assert [n for n, _ in rows] == list(range(1, len(rows) + 1)), "rows missing in the middle"
    assert all(total == n * (n + 1) // 2 for n, total in rows)


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    assert _jejak(db, "db", "upgrade").exit_code == 0
    old = tmp_path / "old.db"
    old.write_bytes(b"yesterday's backup")
    ran = _jejak(db, "db", "backup", str(old))
    assert ran.exit_code == 1
    assert "already exists" in ran.output
    assert old.read_bytes() == b"yesterday's backup"


def test_postgresql_and_a_missing_database_say_what_to_do(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://jejak:secret@127.0.0.1:1/jejak"
    ran = _jejak(tmp_path / "x.db", "db", "backup", str(tmp_path / "b.db"), url=url)
    assert ran.exit_code == 1
    assert "pg_dump" in ran.output and "secret" not in ran.output
    ran = _jejak(tmp_path / "nothing.db", "db", "backup", str(tmp_path / "b.db"))
    assert ran.exit_code == 1
    assert "does not exist" in ran.output
    assert not (tmp_path / "b.db").exists()
