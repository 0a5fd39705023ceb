"""Reading and checking alumni rosters (CSV or XLSX) before anything touches the database.

Headers may be Indonesian or English, in any order, with any case, spaces or underscores
("No. HP", "no_hp", "NO HP" are the same column); unknown columns are ignored. Every row is
checked and every problem reported with its spreadsheet row (the header is row 1), the header as
written, and how to fix it.

NISN: a NISN typed into Excel as a number loses its leading zeros (0061234567 becomes 61234567).
A numeric NISN cell is therefore padded back to 10 digits; a NISN written as text must already
have 10 digits. Blank cells mean "not known": they never erase what is stored.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from config.staff_messages import staff_text
from storage.roster_fields import (
    ALIASES,
    REQUIRED,
    CellError,
    CellReaders,
    cell_text,
    field_for_header,
    header_key,
    is_number,
    read_nisn,
)

__all__ = [
    "ALIASES",
    "REQUIRED",
    "RosterFile",
    "RosterRow",
    "RowError",
    "field_for_header",
    "header_key",
    "read_roster",
]

SUPPORTED_EXTENSIONS = (".csv", ".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem found in a roster, as a catalogue key: render it with `.text(language)`."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None  # as the spreadsheet shows it (header = row 1); None: the whole file
    column: str | None = None  # the header as written in the file

    def text(self, language: str = "id") -> str:
        """The problem, where it is and how to fix it, in the staff member's language."""
        params = dict(self.params)
        if "fields" in params:
            params["columns"] = ", ".join(
                staff_text(language, f"roster_field_{name}") for name in params.pop("fields")
            )
        if "field" in params:
            params["field"] = staff_text(language, f"roster_field_{params['field']}")
        message = staff_text(language, self.key, **params)
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
    nisn: str
    name: str
    graduation_year: int
    nik: str | None = None
    birth_date: date | None = None
    gender: str | None = None  # "L" or "P"
    programme: str | None = None
    class_name: str | None = None
    homeroom_teacher: str | None = None
    phone: str | None = None  # E.164
    guardian_phone: str | None = None
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
        """Non-blank rows below the header."""
        return len(self.rows) + len(self.rejected)


def read_roster(path: str | Path, *, today: date | None = None) -> RosterFile:
    """Read and check a .csv or .xlsx roster; problems are returned, never raised."""
    path = Path(path)
    today = today or date.today()
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        return _failed(path, "roster_unknown_extension", extension=extension or path.name)
    try:
        if extension == ".csv":
            delimiter, lines = _csv_rows(path)
        else:
            delimiter, lines = ",", _xlsx_rows(path)
        return _check(path, lines, today, delimiter)
    except CellError as exc:
        return _failed(path, exc.key, **exc.params)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        return _failed(path, "roster_unreadable", detail=type(exc).__name__)


def _failed(path: Path, key: str, **params: Any) -> RosterFile:
    return RosterFile(path=path, errors=(RowError(key, {"file": path.name, **params}),))


def _csv_rows(path: Path) -> tuple[str, Iterator[Sequence[Any]]]:
    """The delimiter (",", ";" or tab, from the header line) and the rows of a CSV file."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise CellError("roster_unreadable", file=path.name, detail="binary, not CSV text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CellError("roster_unreadable", file=path.name, detail="not UTF-8 text")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    return delimiter, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[Sequence[Any]]:
    """The first sheet's rows as values (int, float, str, datetime…), read-only (low memory)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _check(path: Path, lines: Iterator[Sequence[Any]], today: date, delimiter: str) -> RosterFile:
    """Find the header, map the columns, check every row."""
    # A title line ("DAFTAR ALUMNI 2025") may sit above the header: the header is the first
    # line with a NISN column among the first few non-blank lines.
    candidates: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in enumerate(lines, start=1):
        if _blank(cells):
            continue
        candidates.append((number, tuple(cell_text(cell) for cell in cells)))
        if any(field_for_header(t) == "nisn" for t in candidates[-1][1]) or len(candidates) == 5:
            break
    if not candidates:
        return _failed(path, "roster_empty")
    header_row, headers = candidates[-1]
    if not any(field_for_header(t) == "nisn" for t in headers):
        header_row, headers = candidates[0]  # no header at all: report against the first line
    columns, errors = _map_columns(path, headers)
    written = {name: headers[index] for name, index in columns.items()}
    if errors:
        return RosterFile(path, headers, written, errors=tuple(errors), delimiter=delimiter)
    checker = _RowChecker(columns, written, today)
    for number, cells in enumerate(lines, start=header_row + 1):
        if not _blank(cells):
            checker.check(number, cells)
    if not checker.seen:
        errors = [RowError("roster_no_rows", {"file": path.name})]
        return RosterFile(path, headers, written, errors=tuple(errors), delimiter=delimiter)
    return checker.result(path, headers, delimiter)


def _map_columns(path: Path, headers: Sequence[str]) -> tuple[dict[str, int], list[RowError]]:
    """Field -> column index, and the header problems (a column twice, required ones missing)."""
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        name = field_for_header(header) if header else None
        if name is None:
            continue
        if name in columns:
            params = {"file": path.name, "first": headers[columns[name]], "second": header}
            errors.append(RowError("roster_duplicate_columns", {**params, "field": name}))
            continue
        columns[name] = index
    missing = tuple(name for name in REQUIRED if name not in columns)
    if missing:
        errors.append(RowError("roster_missing_columns", {"file": path.name, "fields": missing}))
    return columns, errors


class _RowChecker:
    """Checks rows one by one, remembering what needs the whole file (duplicates, teachers)."""

    def __init__(self, columns: dict[str, int], written: dict[str, str], today: date) -> None:
        self.columns = columns
        self.written = written
        self.seen = 0
        self.valid: list[RosterRow] = []
        self.errors: list[RowError] = []
        self.rejected: dict[int, list[RowError]] = {}
        self.cells: dict[int, tuple[str, ...]] = {}
        self.nisn_rows: dict[str, int] = {}
        self.teachers: dict[str, tuple[str, int]] = {}
        self.parsers = CellReaders(today).by_field

    def check(self, number: int, cells: Sequence[Any]) -> None:
        self.seen += 1
        values: dict[str, Any] = {}
        problems: list[RowError] = []
        for name, index in self.columns.items():
            raw = cells[index] if index < len(cells) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if name in REQUIRED:
                    problems.append(RowError("roster_required", {}, number, self.written[name]))
                continue
            try:
                values[name] = self.parsers[name](raw)
            except CellError as exc:
                problems.append(RowError(exc.key, exc.params, number, self.written[name]))
        nisn = values.get("nisn")
        if nisn is not None:
            first = self.nisn_rows.setdefault(nisn, number)
            if first != number:
                error = RowError(
                    "roster_duplicate_nisn",
                    {"nisn": nisn, "first_row": first, "row": number},
                    number,
                    self.written["nisn"],
                )
                problems.append(error)
                self._reject(first, [error], None)
        teacher, class_name = values.get("homeroom_teacher"), values.get("class_name")
        if teacher and class_name:
            known, first = self.teachers.setdefault(class_name, (teacher, number))
            if known != teacher:
                problems.append(
                    RowError(
                        "roster_homeroom_conflict",
                        {
                            "class_name": class_name,
                            "value": teacher,
                            "first": known,
                            "first_row": first,
                        },
                        number,
                        self.written["homeroom_teacher"],
                    )
                )
        if problems:
            self.errors.extend(problems)
            self._reject(number, problems, cells)
            return
        self.valid.append(RosterRow(row=number, **values))

    def _reject(self, number: int, problems: list[RowError], cells: Sequence[Any] | None) -> None:
        self.rejected.setdefault(number, []).extend(problems)
        if cells is not None:
            self.cells[number] = self._cells_as_text(cells)

    def _cells_as_text(self, cells: Sequence[Any]) -> tuple[str, ...]:
        """The row as it should be written back (a numeric NISN padded, like on import)."""
        texts = [cell_text(cell) for cell in cells]
        index = self.columns["nisn"]
        if index < len(cells) and is_number(cells[index]):
            with contextlib.suppress(CellError):
                texts[index] = read_nisn(cells[index])
        return tuple(texts)

    def result(self, path: Path, headers: tuple[str, ...], delimiter: str) -> RosterFile:
        rows = tuple(r for r in self.valid if r.row not in self.rejected)
        for row in self.valid:  # the first of two duplicate rows passed its own checks
            if row.row in self.rejected and row.row not in self.cells:
                self.cells[row.row] = self._original(row)
        warnings: tuple[RowError, ...] = ()
        if "class_name" not in self.columns:
            warnings = (RowError("roster_no_class_column", {"file": path.name}),)
        return RosterFile(
            path=path,
            headers=headers,
            columns=self.written,
            rows=rows,
            errors=tuple(sorted(self.errors, key=lambda e: e.row or 0)),
            rejected={n: tuple(p) for n, p in sorted(self.rejected.items())},
            rejected_cells=self.cells,
            warnings=warnings,
            delimiter=delimiter,
        )

    def _original(self, row: RosterRow) -> tuple[str, ...]:
        """A valid row's cells rebuilt from its values (kept only when a later row rejects it)."""
        width = max(self.columns.values()) + 1
        texts = [""] * width
        for name, index in self.columns.items():
            value = getattr(row, name)
            texts[index] = "" if value is None else str(value)
        return tuple(texts)
