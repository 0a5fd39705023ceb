"""What reading a roster gives: checked rows, and problems that render in the staff's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from config.staff_messages import staff_text
from conversations.identifiers import Words, identifier_for


def rows_text(language: str, first: int, last: int) -> str:
    """ "row 5", or "rows 5–6" for a header on two rows."""
    if first == last:
        return staff_text(language, "roster_row", row=first)
    return staff_text(language, "roster_rows_span", first=first, last=last)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem found in a roster, as a catalogue key: render it with `.text(language)`."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None  # as the spreadsheet shows it (Excel's numbering); None: the whole file
    column: str | None = None  # the header as written in the file
    left_out: bool = False  # a warning: the value was left out and the row imported without it

    def text(self, language: str = "id") -> str:
        """The problem, where it is and how to fix it, in the staff member's language."""
        params = dict(self.params)
        if "fields" in params:
            params["columns"] = ", ".join(
                staff_text(language, f"roster_field_{name}") for name in params.pop("fields")
            )
        if "field" in params:
            params["field"] = staff_text(language, f"roster_field_{params['field']}")
        if "rows" in params:
            params["rows"] = rows_text(language, *params["rows"])
        if isinstance(params.get("example"), Words):
            params["example"] = params["example"](language)
        if "identifier" in params:
            identifier = identifier_for(str(params.pop("identifier")))
            params["label"] = identifier.label(language)
            params["heading"] = identifier.heading(language)
            params["rule"] = identifier.rule(language)
        message = staff_text(language, self.key, **params)
        if self.left_out:
            message = f"{message}; {staff_text(language, 'roster_left_out')}"
        if self.row is not None and self.column is not None:
            where = staff_text(language, "roster_cell", row=self.row, column=self.column)
        elif self.row is not None:
            where = staff_text(language, "roster_row", row=self.row)
        elif "file" in params:
            where = str(params["file"])
        else:
            return message
        return f"{where}: {message}"


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One checked alumnus line of a roster. None means the cell was blank or the column absent."""

    row: int
    nisn: str  # the institution kind's identifier: NISN, NIM, participant number (or NIK)
    name: str
    graduation_year: int
    nik: str | None = None
    npwp: str | None = None
    finished_on: date | None = None  # graduation day, or a BLK training's last day
    birth_date: date | None = None
    gender: str | None = None  # "L" or "P"
    programme: str | None = None
    programme_code: str | None = None  # a university's kode prodi
    class_name: str | None = None
    homeroom_teacher: str | None = None
    phone: str | None = None  # E.164
    guardian_phone: str | None = None
    email: str | None = None  # read and checked; the alumni table has no column for it yet
    language: str | None = None  # "id" or "en"


@dataclass(frozen=True, slots=True)
class RosterFile:
    """A roster as read: the rows that passed every check, and every problem found."""

    path: Path
    headers: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)  # field -> header as written
    rows: tuple[RosterRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    rejected: Mapping[int, tuple[RowError, ...]] = field(default_factory=dict)
    rejected_cells: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[RowError, ...] = ()
    delimiter: str = ","
    header_row: int = 1  # the (first) row the column names were read from, as Excel numbers it
    header_last_row: int = 1  # the second header row under merged group cells, or header_row
    merged: int = 0  # rows that repeated an earlier row and were merged into it

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the file or any row."""
        return not self.errors

    @property
    def file_errors(self) -> tuple[RowError, ...]:
        """Problems with the whole file (no row can be imported while there are any)."""
        return tuple(e for e in self.errors if e.row is None)

    @property
    def data_rows(self) -> int:
        """Non-blank rows below the header (rows merged into an earlier duplicate included)."""
        return len(self.rows) + len(self.rejected) + self.merged
