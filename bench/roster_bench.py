"""Roster import speed: a generated 100,000-row CSV into a fresh database, then again (updates).

Run: .venv/bin/python bench/roster_bench.py [--rows 100000] [--database-url URL]
Default database: a new SQLite file in a temporary folder. For PostgreSQL pass e.g.
postgresql+asyncpg://postgres@127.0.0.1:5432/test (the tables are created by the migrations;
use an empty database: the bench adds an institution and its alumni).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from storage import migrate
from storage.database import create_engine, session_factory
from storage.roster import repository as repo
from storage.roster.importing import import_roster

FIRST = ["Budi", "Siti", "Agus", "Dewi", "Eka", "Rina", "Fajar", "Putri", "Bayu", "Nur"]
LAST = ["Santoso", "Wijaya", "Saputra", "Lestari", "Hidayat", "Pratama", "Sari", "Nugroho"]
CLASSES = [f"XII {p} {n}" for p in ("AKL", "TKJ", "RPL", "OTKP", "BDP", "TBSM") for n in (1, 2, 3)]


def write_roster(path: Path, rows: int) -> None:
    """A roster as a school keeps it: Indonesian headers, 08… phones, day-first dates."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["nisn", "nama", "jenis_kelamin", "tanggal_lahir", "kelas", "jurusan",
                      "wali_kelas", "tahun_lulus", "no_hp", "no_hp_ortu"])  # fmt: skip
        for i in range(rows):
            kelas = CLASSES[i % len(CLASSES)]
            born = date(2006, 1, 1) + timedelta(days=rng.randrange(730))
            out.writerow([
                f"{i:010d}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice("LP"),
                born.strftime("%d-%m-%Y"), kelas, kelas.split()[1], f"Wali {kelas}", 2025,
                f"0812{i:08d}", f"0813{i:08d}",
            ])  # fmt: skip


async def run(url: str, roster: Path, rows: int) -> None:
    await asyncio.to_thread(migrate.upgrade, url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await repo.upsert_institution(
            session, code="BENCH001", name="SMK Bench", kind="smk", timezone="Asia/Jakarta"
        )
    for label in ("first import (all new)", "same file again (no changes)"):
        began = time.perf_counter()
        report = await import_roster(sessions, "BENCH001", roster, now=datetime.now(UTC))
        elapsed = time.perf_counter() - began
        assert report.imported, [e.text("en") for e in report.errors[:5]]
        done = report.created + report.updated + report.unchanged
        assert done == rows, (done, rows)
        print(f"  {label:30} {elapsed:6.1f} s  {rows / elapsed:9,.0f} rows/s")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        write_roster(roster, args.rows)
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        print(f"{args.rows:,} rows, {url.split(':')[0]}")
        asyncio.run(run(url, roster, args.rows))


if __name__ == "__main__":
    main()
