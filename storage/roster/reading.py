"""Reading and checking alumni rosters (CSV or XLSX) before anything touches the database.

Headers may be Indonesian or English, in any order, with any case, spaces or underscores
("No. HP", "no_hp", "NO HP" are the same column); unknown columns are ignored. The header row is
found among the first rows (title rows above it are skipped, and the row used is reported).
Every row is checked and every problem reported with its row as Excel numbers it, the header as
written, and how to fix it.

Files are not trusted: an XLSX is read to its last row whatever size it declares, a CSV cell of
any length is reported rather than crashing the csv module, and UTF-16 text (Excel's "Unicode
Text", tab-separated) is read.

NISN: a NISN typed into Excel as a number loses its leading zeros (0061234567 becomes 61234567).
A numeric NISN cell is therefore padded back to 10 digits; a NISN written as text must already
have 10 digits. Blank cells mean "not known": they never erase what is stored.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from config.staff_messages import staff_text
from storage.roster.fields import (
    ALIASES,
    MAX_LENGTH,
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

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")  # .txt: Excel's "Unicode Text" (UTF-16, tabs)
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".xlsx", ".xlsm")
# The header is looked for among this many non-blank rows: Dapodik downloads put the school,
# the district and the download date above it.
HEADER_SEARCH_ROWS = 20
# No roster cell is this long; a longer one is reported without being repeated.
MAX_CELL_CHARS = 1000


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem found in a roster, as a catalogue key: render it with `.text(language)`."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None  # as the spreadsheet shows it (Excel's numbering); None: the whole file
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
    header_row: int = 1  # the row the column names were read from, as Excel numbers it

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
    missing = _not_a_readable_file(path)
    if missing is not None:
        return RosterFile(path=path, errors=(missing,))
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        return _failed(path, "roster_unknown_extension", extension=extension or path.name)
    try:
        if extension in TEXT_EXTENSIONS:
            delimiter, lines = _csv_rows(path)
        else:
            delimiter, lines = ",", _xlsx_rows(path)
        return _check(path, lines, today, delimiter)
    except CellError as exc:
        return _failed(path, exc.key, **exc.params)
    except PermissionError:
        return RosterFile(path=path, errors=(_path_error("roster_no_permission", path),))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, csv.Error) as exc:
        return _failed(path, "roster_unreadable", detail=type(exc).__name__)


def _not_a_readable_file(path: Path) -> RowError | None:
    """Why the path cannot be read at all (absent, a folder, no permission), else None."""
    if path.is_dir():
        return _path_error("roster_is_directory", path)
    if not path.exists():
        return _path_error("roster_file_missing", path)
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        return _path_error("roster_no_permission", path)
    except OSError:
        return None  # reported, with its cause, when the file is read
    return None


def _path_error(key: str, path: Path) -> RowError:
    return RowError(key, {"path": str(path.resolve())})


def _failed(path: Path, key: str, **params: Any) -> RosterFile:
    return RosterFile(path=path, errors=(RowError(key, {"file": path.name, **params}),))


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _csv_rows(path: Path) -> tuple[str, Iterator[Sequence[Any]]]:
    """The delimiter (",", ";" or tab, from the header line) and the rows of a CSV file."""
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise CellError("roster_unreadable", file=path.name, detail="UTF-16") from None
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        if sample.count(b"\x00") * 3 >= len(sample):  # every other byte zero: UTF-16 text
            raise CellError("roster_utf16", file=path.name)
        raise CellError("roster_unreadable", file=path.name, detail="binary, not CSV text")
    else:
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
    # The csv module refuses fields over 128 KiB with a bare csv.Error; the text is in memory
    # already, so let it through and report an overlong cell with its row and column.
    # The limit is process-wide: only ever raise it.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    return delimiter, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[Sequence[Any]]:
    """The first sheet's rows as values (int, float, str, datetime…), read-only (low memory)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # Read-only mode stops at the size the file declares (<dimension>), and some tools
        # write it wrong: 5 rows in the sheet, A1:A1 declared, 1 row read. Read to the end.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _check(path: Path, lines: Iterator[Sequence[Any]], today: date, delimiter: str) -> RosterFile:
    """Find the header, map the columns, check every row."""
    head: list[tuple[int, Sequence[Any]]] = []
    seen = 0
    for number, cells in enumerate(lines, start=1):
        head.append((number, cells))
        seen += not _blank(cells)
        if seen == HEADER_SEARCH_ROWS:
            break
    found = _header_row(head)
    if found is None:
        return _failed(path, "roster_empty")
    header_row, header_cells = found
    headers = tuple(cell_text(cell) for cell in header_cells)
    columns, errors = _map_columns(path, headers, header_row)
    written = {name: headers[index] for name, index in columns.items()}
    warnings: list[RowError] = []
    if header_row > 1:
        warnings.append(RowError("roster_header_row", {"file": path.name, "row": header_row}))
    done = RosterFile(path, headers, written, delimiter=delimiter, header_row=header_row)
    if errors:
        return replace(done, errors=tuple(errors), warnings=tuple(warnings))
    checker = _RowChecker(columns, written, today)
    after = head[-1][0] + 1 if head else 1
    below = [(n, cells) for n, cells in head if n > header_row]
    for number, cells in itertools.chain(below, enumerate(lines, start=after)):
        if not _blank(cells):
            checker.check(number, cells)
    if not checker.seen:
        error = RowError("roster_no_rows", {"file": path.name, "row": header_row})
        return replace(done, errors=(error,), warnings=tuple(warnings))
    result = checker.result(path, headers, delimiter)
    return replace(result, warnings=(*warnings, *result.warnings), header_row=header_row)


def _header_row(head: Sequence[tuple[int, Sequence[Any]]]) -> tuple[int, Sequence[Any]] | None:
    """The row naming the most required columns, then the most columns (the first on a tie).

    Title rows ("DAFTAR PESERTA DIDIK", the school, the download date) name none. With no row
    naming any column, the first non-blank row is the header, and the errors say so.
    """
    rows = [(number, cells) for number, cells in head if not _blank(cells)]
    if not rows:
        return None

    def score(row: tuple[int, Sequence[Any]]) -> tuple[int, int]:
        fields = {field_for_header(cell_text(cell)) for cell in row[1]} - {None}
        return len(fields.intersection(REQUIRED)), len(fields)

    return max(rows, key=score)


def _map_columns(
    path: Path, headers: Sequence[str], header_row: int
) -> tuple[dict[str, int], list[RowError]]:
    """Field -> column index, and the header problems (a column twice, required ones missing)."""
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        name = field_for_header(header) if header else None
        if name is None:
            continue
        if name in columns:
            params: dict[str, object] = {
                "file": path.name,
                "first": headers[columns[name]],
                "second": header,
            }
            errors.append(RowError("roster_duplicate_columns", {**params, "field": name}))
            continue
        columns[name] = index
    missing = tuple(name for name in REQUIRED if name not in columns)
    if missing:
        shown = [_shortened(header) for header in headers if header][:_HEADERS_SHOWN]
        params = {
            "file": path.name,
            "fields": missing,
            "row": header_row,
            "headers": ", ".join(shown) + (", …" if len(shown) < sum(map(bool, headers)) else ""),
        }
        errors.append(RowError("roster_missing_columns", params))
    return columns, errors


_HEADERS_SHOWN = 12


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
            if isinstance(raw, str):
                if len(raw) > MAX_CELL_CHARS and name not in MAX_LENGTH:
                    where = self.written[name]
                    problems.append(
                        RowError("roster_cell_too_long", {"length": len(raw)}, number, where)
                    )
                    continue
                if not raw.strip():
                    raw = None
            if raw is None:
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
