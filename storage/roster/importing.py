"""Importing alumni rosters: check the whole file, then upsert it in one transaction.

Reading and checking live in storage/roster/reading.py (re-exported here). A file with any error
imports nothing, unless `skip_invalid`: then the good rows are imported and the rejected ones can
be written to a CSV with the reason in an extra column. Importing the same file again updates
alumni (matched on institution + identifier: the NISN, NIM or participant number the
institution's kind keys its roster by), never duplicates them.

A file without a graduation-year column (a Dapodik download) takes `graduation_year`; a row
without a programme takes the one its class name names, among the `programmes` given and those
already on the institution's roster.
"""

from __future__ import annotations

import asyncio
import csv
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.files import private_open
from config.staff_messages import staff_text
from storage.database import dialect_insert
from storage.models import Alumnus, ClassGroup, Institution
from storage.roster.reading import (
    ALIASES,
    REQUIRED,
    RosterFile,
    RosterRow,
    RowError,
    field_for_header,
    header_key,
    read_roster,
    rows_text,
)

__all__ = [
    "ALIASES",
    "REQUIRED",
    "ImportReport",
    "RosterFile",
    "RosterRow",
    "RowError",
    "field_for_header",
    "header_key",
    "import_roster",
    "read_roster",
    "write_rejected",
]

log = logging.getLogger(__name__)

CHUNK_ROWS = 1000
# Alumni columns a roster sets; a blank cell keeps the stored value.
_ROSTER_COLUMNS = (
    "nik",
    "npwp",
    "name",
    "birth_date",
    "gender",
    "graduation_year",
    "programme",
    "programme_code",
    "finished_on",
    "class_group_id",
    "phone",
    "guardian_phone",
    "language",
)

Progress = Callable[[int, int], None]
# In a stored alumnus's values: they confirmed their number in a chat (grade XII, a check-in).
CONFIRMED = "_phone_confirmed"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; `errors` explain rejected rows or why nothing was imported."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    class_groups_created: int = 0
    errors: tuple[RowError, ...] = ()
    warnings: tuple[RowError, ...] = ()
    imported: bool = False  # True when the rows were written (committed)
    rejected_path: Path | None = None
    header_row: int | None = None  # the row the column names were read from (None: no file read)
    header_last_row: int | None = None  # the second header row under merged cells, or header_row

    @property
    def warned_rows(self) -> int:
        """Rows imported with a warning (a value left out, a repeated row merged)."""
        return len({w.row for w in self.warnings if w.row is not None})

    def summary(self, language: str = "id") -> str:
        """One line for the operator: created, updated, unchanged, rejected, new classes, and
        how many rows came in with a warning."""
        line = staff_text(
            language,
            "roster_summary",
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rejected,
            class_groups_created=self.class_groups_created,
        )
        if self.warned_rows:
            line += "; " + staff_text(language, "roster_summary_warned", count=self.warned_rows)
        return line

    def header_rows(self, language: str = "id") -> str:
        """Where the column names were read: "row 5", "rows 5–6" ("" when no file was read)."""
        if self.header_row is None:
            return ""
        return rows_text(language, self.header_row, self.header_last_row or self.header_row)


async def import_roster(
    sessions: async_sessionmaker[AsyncSession],
    institution_code: str,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    rejected_path: str | Path | None = None,
    progress: Progress | None = None,
    now: datetime,
    language: str = "id",
    chunk_rows: int = CHUNK_ROWS,
    graduation_year: int | None = None,
    programmes: Collection[str] = (),
) -> ImportReport:
    """Import a roster for the institution; all or nothing unless `skip_invalid`.

    `language` is the operator's, used for the rejected file's reason column. `graduation_year`
    is every row's when the file has no such column; `programmes` are those class names may
    name ("XII AKL 1") besides the ones the institution's roster already has.
    """
    async with sessions() as session:
        institution = await session.scalar(
            select(Institution).where(Institution.code == institution_code)
        )
        known = await _known_programmes(session, institution.id) if institution else []
    if institution is None:
        error = RowError("roster_unknown_institution", {"code": institution_code})
        return ImportReport(errors=(error,))
    today = now.astimezone(ZoneInfo(institution.timezone)).date()
    roster = await asyncio.to_thread(
        read_roster,
        path,
        today=today,
        graduation_year=graduation_year,
        programmes=tuple(programmes),
        known_programmes=known,
        kind=institution.kind,
    )
    rejected = len(roster.rejected)
    warnings = roster.warnings
    if roster.file_errors or (roster.errors and not skip_invalid):
        log.info("roster for institution %s refused: %d errors", institution.id, len(roster.errors))
        return ImportReport(
            rejected=rejected,
            errors=roster.errors,
            warnings=warnings,
            header_row=roster.header_row,
            header_last_row=roster.header_last_row,
        )
    written: Path | None = None
    if rejected and rejected_path is not None:
        written = Path(rejected_path)
        await asyncio.to_thread(write_rejected, roster, written, language)
    async with sessions() as session, session.begin():
        groups, groups_created = await _ensure_class_groups(
            session, institution.id, roster.rows, now
        )
        stored = await _stored_alumni(session, institution.id, {r.nisn for r in roster.rows})
        warnings += _confirmed_numbers_kept(roster.rows, stored, roster.columns.get("phone"))
        created = updated = unchanged = 0
        total = len(roster.rows)
        for start in range(0, total, chunk_rows):
            chunk = roster.rows[start : start + chunk_rows]
            counts = await _upsert_alumni(session, institution.id, chunk, groups, stored, now)
            created, updated, unchanged = (
                created + counts[0],
                updated + counts[1],
                unchanged + counts[2],
            )
            if progress is not None:
                progress(start + len(chunk), total)
    log.info(
        "roster for institution %s: %d created, %d updated, %d unchanged, %d rejected",
        institution.id,
        created,
        updated,
        unchanged,
        rejected,
    )
    return ImportReport(
        created=created,
        updated=updated,
        unchanged=unchanged,
        rejected=rejected,
        class_groups_created=groups_created,
        errors=roster.errors,
        warnings=warnings,
        imported=True,
        rejected_path=written,
        header_row=roster.header_row,
        header_last_row=roster.header_last_row,
    )


def write_rejected(roster: RosterFile, path: Path, language: str = "id") -> int:
    """Write the rejected rows as they were, plus a reason column; returns how many."""
    width = len(roster.headers)
    # -sig: Excel reads UTF-8; 0600: the rows are alumni's personal data.
    with private_open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=roster.delimiter)
        writer.writerow([*roster.headers, staff_text(language, "roster_reason_column")])
        for number, problems in roster.rejected.items():
            cells = list(roster.rejected_cells.get(number, ()))[:width]
            cells += [""] * (width - len(cells))
            writer.writerow([*cells, "; ".join(p.text(language) for p in problems)])
    return len(roster.rejected)


async def _known_programmes(session: AsyncSession, institution_id: int) -> list[str]:
    """The programmes on the institution's roster, for reading programmes from class names."""
    query = (
        select(Alumnus.programme)
        .distinct()
        .where(Alumnus.institution_id == institution_id, Alumnus.programme.is_not(None))
        .order_by(Alumnus.programme)
    )
    return [name for name in await session.scalars(query) if name]


async def _ensure_class_groups(
    session: AsyncSession, institution_id: int, rows: Sequence[RosterRow], now: datetime
) -> tuple[dict[str, int], int]:
    """Class name -> id for every class in the rows (created as needed), and how many are new."""
    wanted: dict[str, str | None] = {}
    for row in rows:
        if row.class_name and not wanted.get(row.class_name):
            wanted[row.class_name] = row.homeroom_teacher
    query = select(ClassGroup).where(ClassGroup.institution_id == institution_id)
    existing = {group.name: group for group in await session.scalars(query)}
    new = [
        {
            "institution_id": institution_id,
            "name": name,
            "homeroom_teacher": teacher,
            "created_at": now,
            "updated_at": now,
        }
        for name, teacher in wanted.items()
        if name not in existing
    ]
    if new:
        insert = dialect_insert(session, ClassGroup.__table__).on_conflict_do_nothing(
            index_elements=["institution_id", "name"]
        )
        await session.execute(insert, new)
    for name, teacher in wanted.items():
        group = existing.get(name)
        if group is not None and teacher and group.homeroom_teacher != teacher:
            group.homeroom_teacher = teacher
            group.updated_at = now
    await session.flush()
    table = ClassGroup.__table__
    ids = await session.execute(
        select(table.c.name, table.c.id).where(table.c.institution_id == institution_id)
    )
    return {name: group_id for name, group_id in ids}, len(new)


async def _stored_alumni(
    session: AsyncSession, institution_id: int, nisns: set[str]
) -> dict[str, dict[str, Any]]:
    """The stored roster columns of the institution's alumni whose NISN is in the file.

    One streamed scan rather than a query per chunk: a large IN list on a table with no
    statistics yet (a first import) makes PostgreSQL scan the whole table for every chunk.
    """
    table = Alumnus.__table__
    query = select(
        table.c.nisn, table.c.phone_confirmed_at, *(table.c[name] for name in _ROSTER_COLUMNS)
    ).where(table.c.institution_id == institution_id)
    found: dict[str, dict[str, Any]] = {}
    result = await session.stream(query)
    async for partition in result.partitions(5000):
        for record in partition:
            if record.nisn in nisns:
                found[record.nisn] = dict(zip(_ROSTER_COLUMNS, record[2:], strict=True))
                if record.phone_confirmed_at is not None:
                    found[record.nisn][CONFIRMED] = True
    return found


async def _upsert_alumni(
    session: AsyncSession,
    institution_id: int,
    rows: Sequence[RosterRow],
    groups: dict[str, int],
    stored: dict[str, dict[str, Any]],
    now: datetime,
) -> tuple[int, int, int]:
    """Insert new alumni, update changed ones (one multi-row upsert); (created, updated, same)."""
    records: list[dict[str, Any]] = []
    created = updated = unchanged = 0
    for row in rows:
        values = _values(row, groups)
        old = stored.get(row.nisn)
        if old is None:
            created += 1
            values["language"] = values["language"] or "id"
        else:
            if old.get(CONFIRMED):  # the alumnus's own word outranks the roster's number
                values["phone"] = old["phone"]
            values = {k: old[k] if v is None else v for k, v in values.items()}
            if values == {k: v for k, v in old.items() if k != CONFIRMED}:
                unchanged += 1
                continue
            updated += 1
        records.append(
            {
                "institution_id": institution_id,
                "nisn": row.nisn,
                **values,
                "created_at": now,  # ignored on update: only the columns below change
                "updated_at": now,
            }
        )
    if records:
        table = Alumnus.__table__
        insert = dialect_insert(session, table)
        changed = {name: insert.excluded[name] for name in (*_ROSTER_COLUMNS, "updated_at")}
        # A new number: earlier failures to write to the old one must not stop reminders.
        changed["phone_changed_at"] = case(
            (table.c.phone.is_distinct_from(insert.excluded.phone), insert.excluded.updated_at),
            else_=table.c.phone_changed_at,
        )
        insert = insert.on_conflict_do_update(
            index_elements=["institution_id", "nisn"], set_=changed
        )
        # With RETURNING, SQLAlchemy sends the rows as multi-row INSERT … VALUES batches
        # ("insertmanyvalues"), several times faster than one INSERT per row.
        await session.execute(insert.returning(table.c.id), records)
    return created, updated, unchanged


def _confirmed_numbers_kept(
    rows: Sequence[RosterRow], stored: dict[str, dict[str, Any]], column: str | None
) -> tuple[RowError, ...]:
    """A warning for each row whose number differs from one the alumnus confirmed in a chat:
    that number is kept (a roster's, often from enrolment, is the staler of the two)."""
    kept = []
    for row in rows:
        old = stored.get(row.nisn)
        if old and old.get(CONFIRMED) and row.phone and old["phone"] and row.phone != old["phone"]:
            params = {"value": row.phone, "kept": old["phone"]}
            kept.append(RowError("roster_phone_confirmed_kept", params, row.row, column, True))
    return tuple(kept)


def _values(row: RosterRow, groups: dict[str, int]) -> dict[str, Any]:
    """The alumni columns a roster row sets (None: not given)."""
    return {
        "nik": row.nik,
        "npwp": row.npwp,
        "name": row.name,
        "birth_date": row.birth_date,
        "gender": row.gender,
        "graduation_year": row.graduation_year,
        "programme": row.programme,
        "programme_code": row.programme_code,
        "finished_on": row.finished_on,
        "class_group_id": groups.get(row.class_name) if row.class_name else None,
        "phone": row.phone,
        "guardian_phone": row.guardian_phone,
        "language": row.language,
    }
