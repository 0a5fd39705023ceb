"""Importing rosters into the database: all or nothing, skip_invalid, re-import, progress."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Alumnus, ClassGroup, Institution
from storage.roster import repository as repo
from storage.roster.importing import import_roster

Sessions = async_sessionmaker[AsyncSession]
HEADERS = ["nisn", "nama", "tanggal_lahir", "kelas", "wali_kelas", "tahun_lulus", "no_hp"]


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def roster_rows(count: int, *, start: int = 0) -> list[list[Any]]:
    """`count` valid alumni in three classes."""
    teachers = {"XII AKL 1": "Dra. Sri Wahyuni", "XII TKJ 1": "Agus Priyanto", "XII RPL 1": ""}
    rows: list[list[Any]] = [list(HEADERS)]
    for i in range(start, start + count):
        class_name = list(teachers)[i % 3]
        rows.append(
            [
                f"{i:010d}",
                f"Alumni {i}",
                f"{1 + i % 28:02d}-{1 + i % 12:02d}-2007",
                class_name,
                teachers[class_name],
                "2025",
                f"0812{i:08d}",
            ]
        )
    return rows


async def count(sessions: Sessions, model: type[Any]) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_import_creates_alumni_and_class_groups(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    path = write_csv(tmp_path / "roster.csv", roster_rows(9))
    report = await import_roster(sessions, "99999901", path, now=now)
    assert report.imported and report.errors == ()
    assert (report.created, report.updated, report.unchanged, report.rejected) == (9, 0, 0, 0)
    assert report.class_groups_created == 3
    assert report.summary("en") == (
        "9 new alumni, 0 updated, 0 unchanged, 0 rows rejected, 3 new classes"
    )
    async with sessions() as session:
        groups = {g.name: g for g in await repo.list_class_groups(session, institution.id)}
        alumnus = await repo.get_alumnus(session, institution.id, "0000000004")
    assert groups["XII TKJ 1"].homeroom_teacher == "Agus Priyanto"
    assert groups["XII RPL 1"].homeroom_teacher is None
    assert alumnus is not None
    assert (alumnus.name, alumnus.birth_date, alumnus.phone, alumnus.language) == (
        "Alumni 4",
        date(2007, 5, 5),
        "+62812" + "00000004",
        "id",
    )
    assert alumnus.class_group_id == groups["XII TKJ 1"].id
    assert alumnus.created_at == now and alumnus.institution_id == institution.id


async def test_a_file_with_errors_changes_nothing(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    await import_roster(
        sessions, "99999901", write_csv(tmp_path / "a.csv", roster_rows(4)), now=now
    )
    before = (await count(sessions, Alumnus), await count(sessions, ClassGroup))
    rows = roster_rows(6, start=2)  # two updates, three new rows, one bad
    rows[2][6] = "081299999999"  # a changed phone that must not be saved either
    rows[4][6] = "0812-xx"
    rows[5][3] = "XII NEW 1"
    report = await import_roster(sessions, "99999901", write_csv(tmp_path / "b.csv", rows), now=now)
    assert not report.imported
    assert (report.created, report.updated, report.rejected) == (0, 0, 1)
    assert [e.text("en") for e in report.errors] == [
        "row 5, column 'no_hp': '0812-xx' has the letter 'x' in it; a phone number is digits "
        "only (the letter O is not the digit 0), write it like 081234567890"
    ]
    assert (await count(sessions, Alumnus), await count(sessions, ClassGroup)) == before
    async with sessions() as session:
        unchanged = await repo.get_alumnus(session, institution.id, "0000000003")
    assert unchanged is not None and unchanged.phone == "+6281200000003"


async def test_skip_invalid_imports_good_rows_and_writes_rejected(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    rows = roster_rows(5)
    rows[0].append("catatan")
    for row in rows[1:]:
        row.append("x")
    rows[2][0] = "12345"
    rows[4][0] = rows[1][0]  # duplicate of row 2: both rows are rejected
    rejected = tmp_path / "ditolak.csv"
    report = await import_roster(
        sessions,
        "99999901",
        write_csv(tmp_path / "r.csv", rows),
        skip_invalid=True,
        rejected_path=rejected,
        now=now,
    )
    assert report.imported and report.rejected_path == rejected
    assert (report.created, report.rejected, len(report.errors)) == (2, 3, 2)
    assert await count(sessions, Alumnus) == 2
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*HEADERS, "catatan", "alasan"]
    assert [line[0] for line in written[1:]] == ["0000000000", "12345", "0000000000"]
    assert written[2][-2] == "x"  # the row as it was, extra columns included
    assert written[2][-1].startswith("baris 3, kolom 'nisn': '12345' hanya 5 angka")
    assert "NISN 0000000000 muncul di baris 2 dan baris 5" in written[1][-1]
    assert written[1][-1] == written[3][-1]


async def test_reimport_updates_without_duplicates(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    rows = roster_rows(6)
    path = write_csv(tmp_path / "r.csv", rows)
    await import_roster(sessions, "99999901", path, now=now)
    rows[3][6] = "085711112222"  # new phone
    rows[4][6] = ""  # blank: keeps the stored phone
    rows[5][3] = "XII RPL 2"  # moved class
    later = now.replace(hour=9)
    report = await import_roster(
        sessions, "99999901", write_csv(tmp_path / "r2.csv", rows), now=later
    )
    assert (report.created, report.updated, report.unchanged) == (0, 2, 4)
    assert report.class_groups_created == 1
    assert await count(sessions, Alumnus) == 6
    async with sessions() as session:
        changed = await repo.get_alumnus(session, institution.id, "0000000002")
        blank = await repo.get_alumnus(session, institution.id, "0000000003")
        same = await repo.get_alumnus(session, institution.id, "0000000000")
    assert changed is not None and changed.phone == "+6285711112222"
    assert (changed.created_at, changed.updated_at) == (now, later)
    assert blank is not None and blank.phone == "+6281200000003"
    assert same is not None and same.updated_at == now
    again = await import_roster(
        sessions, "99999901", write_csv(tmp_path / "r3.csv", rows), now=later
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


async def test_a_number_the_alumnus_confirmed_outranks_the_roster(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    """Re-importing last term's file must not take back the number a student confirmed in the
    chat (grade XII, a check-in): it is kept, and the row says so, naming the row and column."""
    rows = roster_rows(2)
    await import_roster(sessions, "99999901", write_csv(tmp_path / "r.csv", rows), now=now)
    async with sessions() as session, session.begin():
        own = await repo.get_alumnus(session, institution.id, "0000000001")
        assert own is not None
        own.phone, own.phone_confirmed_at = "+6285799998888", now
    rows[1][6] = "081377776666"  # a new number for the one who confirmed nothing
    later = now.replace(hour=9)
    report = await import_roster(
        sessions, "99999901", write_csv(tmp_path / "r2.csv", rows), now=later
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    [kept] = [w for w in report.warnings if w.key == "roster_phone_confirmed_kept"]
    assert (kept.key, kept.row, kept.column, kept.left_out) == (
        "roster_phone_confirmed_kept", 3, "no_hp", True
    )  # fmt: skip
    assert "+6281200000001" in kept.text("id") and "+6285799998888" in kept.text("id")
    async with sessions() as session:
        confirmed = await repo.get_alumnus(session, institution.id, "0000000001")
        other = await repo.get_alumnus(session, institution.id, "0000000000")
    assert confirmed is not None and confirmed.phone == "+6285799998888"
    assert other is not None and other.phone == "+6281377776666"


async def test_unknown_institution_says_how_to_create_it(
    sessions: Sessions, tmp_path: Path, now: datetime
) -> None:
    report = await import_roster(
        sessions, "12345678", write_csv(tmp_path / "r.csv", roster_rows(1)), now=now
    )
    (error,) = report.errors
    assert not report.imported
    assert "12345678" in error.text("en") and "jejak institution add --code 12345678" in error.text(
        "en"
    )


async def test_xlsx_import_keeps_leading_zeros(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Tahun Lulus", "Nama", "NISN", "Tgl Lahir", "Rombel", "Agama"])
    sheet.append([2025, "Ayu Lestari", 71234567, datetime(2007, 8, 17), "XII AKL 1", "Islam"])
    sheet.append([2025, "Budi Santoso", "0061234568", "31-01-2006", "XII AKL 1", "Islam"])
    workbook.save(tmp_path / "r.xlsx")
    report = await import_roster(sessions, "99999901", tmp_path / "r.xlsx", now=now)
    assert (report.created, report.errors) == (2, ())
    async with sessions() as session:
        found = await repo.find_alumni_by_nisn(session, "0071234567")
    assert [a.birth_date for a in found] == [date(2007, 8, 17)]


async def test_progress_and_a_larger_roster(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    path = write_csv(tmp_path / "big.csv", roster_rows(5000), delimiter=";")
    calls: list[tuple[int, int]] = []
    report = await import_roster(
        sessions,
        "99999901",
        path,
        now=now,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert (report.created, report.rejected, report.class_groups_created) == (5000, 0, 3)
    assert calls == [(n, 5000) for n in range(1000, 5001, 1000)]
    assert await count(sessions, Alumnus) == 5000
    async with sessions() as session:
        last = await repo.get_alumnus(session, institution.id, "0000004999")
        per_class = await session.execute(
            select(ClassGroup.name, func.count(Alumnus.id))
            .join(Alumnus, Alumnus.class_group_id == ClassGroup.id)
            .group_by(ClassGroup.name)
            .order_by(ClassGroup.name)
        )
    assert last is not None and last.phone == "+6281200004999"
    assert per_class.all() == [("XII AKL 1", 1667), ("XII RPL 1", 1666), ("XII TKJ 1", 1667)]
    report = await import_roster(sessions, "99999901", path, now=now, chunk_rows=700)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5000)


async def test_an_xlsx_whose_dimension_tag_lies_imports_every_row(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime
) -> None:
    # Issue #13: <dimension ref="A1:A2"/> written by another tool: 5 rows in, 1 imported, no word.
    import re
    import zipfile

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in roster_rows(5):
        sheet.append(line)
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A2"', parts[name])
    with zipfile.ZipFile(path, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)
    report = await import_roster(sessions, "99999901", path, now=now)
    assert (report.created, report.errors) == (5, ())
    async with sessions() as session:
        last = await repo.get_alumnus(session, institution.id, "0000000004")
    assert last is not None and last.phone == "+6281200000004"  # column G, past the declared A


def _utf16_without_bom(path: Path) -> None:
    path.write_bytes("nisn\tnama\ttahun_lulus\r\n0000000001\tBaru\t2025\r\n".encode("utf-16-le"))


def _huge_name(path: Path) -> None:
    rows = roster_rows(3)
    rows[2][1] = "A" * 5_000_000
    write_csv(path, rows)


def _phone_with_a_letter(path: Path) -> None:
    rows = roster_rows(3)
    rows[1][6] = "0812-0000-000O"
    write_csv(path, rows)


@pytest.mark.parametrize("spoil", [_utf16_without_bom, _huge_name, _phone_with_a_letter])
async def test_a_file_that_lies_changes_nothing(
    sessions: Sessions, institution: Institution, tmp_path: Path, now: datetime, spoil: Any
) -> None:
    await import_roster(
        sessions, "99999901", write_csv(tmp_path / "a.csv", roster_rows(2)), now=now
    )
    before = (await count(sessions, Alumnus), await count(sessions, ClassGroup))
    bad = tmp_path / "bad.csv"
    spoil(bad)
    report = await import_roster(sessions, "99999901", bad, now=now)
    assert not report.imported and report.errors
    assert (await count(sessions, Alumnus), await count(sessions, ClassGroup)) == before
    async with sessions() as session:
        kept = await repo.get_alumnus(session, institution.id, "0000000001")
    assert kept is not None and (kept.name, kept.phone) == ("Alumni 1", "+6281200000001")
