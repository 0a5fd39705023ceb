"""The shipped sample rosters import as documented (and the error sample shows its errors)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import config
from storage.roster import repository as repo
from storage.roster.importing import import_roster, read_roster

Sessions = async_sessionmaker[AsyncSession]
SAMPLES = Path(config.__file__).parent / "samples"


async def _institution(sessions: Sessions, code: str, kind: str) -> int:
    async with sessions() as session, session.begin():
        made = await repo.upsert_institution(
            session, code=code, name=f"Contoh {code}", kind=kind, timezone="Asia/Jakarta"
        )
    return made.id


async def test_smk_csv_then_the_same_data_as_xlsx(sessions: Sessions, now: datetime) -> None:
    institution_id = await _institution(sessions, "99999901", "smk")
    report = await import_roster(sessions, "99999901", SAMPLES / "roster_smk.csv", now=now)
    assert (report.created, report.class_groups_created, report.errors) == (40, 3, ())
    async with sessions() as session:
        groups = await repo.list_class_groups(session, institution_id)
    assert [(g.name, bool(g.homeroom_teacher)) for g in groups] == [
        ("XII AKL 1", True),
        ("XII RPL 1", True),
        ("XII TKJ 1", True),
    ]
    # The workbook holds the same alumni with NISN typed as numbers: nothing changes.
    again = await import_roster(sessions, "99999901", SAMPLES / "roster_smk.xlsx", now=now)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 40, ())


def test_the_workbook_has_numeric_nisns_with_lost_zeros() -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLES / "roster_smk.xlsx", read_only=True)
    nisns = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    workbook.close()
    assert all(isinstance(n, int) for n in nisns)
    assert any(len(str(n)) < 10 for n in nisns)
    assert all(len(r.nisn) == 10 for r in read_roster(SAMPLES / "roster_smk.xlsx").rows)


@pytest.mark.parametrize(
    ("file", "code", "kind", "count"),
    [("roster_blk.csv", "BLK9901", "blk", 15), ("roster_univ.csv", "999901", "university", 15)],
)
async def test_blk_and_university_samples(
    sessions: Sessions, now: datetime, file: str, code: str, kind: str, count: int
) -> None:
    await _institution(sessions, code, kind)
    report = await import_roster(sessions, code, SAMPLES / file, now=now)
    assert (report.created, report.errors, report.warnings) == (count, (), ())


async def test_error_sample(sessions: Sessions, now: datetime, tmp_path: Path) -> None:
    await _institution(sessions, "99999901", "smk")
    path = SAMPLES / "roster_with_errors.csv"
    report = await import_roster(sessions, "99999901", path, now=now)
    assert not report.imported and report.created == 0
    assert [(e.row, e.column, e.key) for e in report.errors] == [
        (3, "nisn", "roster_short_nisn"),
        (5, "tanggal_lahir", "roster_bad_date"),
        (6, "no_hp", "roster_phone_letter"),
        (7, "nisn", "roster_duplicate_nisn"),
        (8, "nama", "roster_required"),
    ]
    kept = await import_roster(
        sessions,
        "99999901",
        path,
        skip_invalid=True,
        rejected_path=tmp_path / "rejected.csv",
        now=now,
        language="en",
    )
    assert (kept.created, kept.rejected) == (2, 6)
    assert (tmp_path / "rejected.csv").read_text("utf-8-sig").splitlines()[0].endswith(",reason")
