"""Reading and checking alumni rosters (CSV or XLSX) before anything touches the database.

Headers may be Indonesian or English, in any order, with any case, spaces or underscores
("No. HP", "no_hp", "NO HP" are the same column); unknown columns are ignored. The header row is
found among the first rows (title rows above it are skipped, a second header row under merged
group cells is read with it, and the rows used are reported: storage/roster/header.py).
Every row is checked and every problem reported with its row as Excel numbers it, the header as
written, and how to fix it (storage/roster/checking.py).

Files are not trusted: an XLSX is read to its last row whatever size it declares, a CSV cell of
any length is reported rather than crashing the csv module, and UTF-16 text (Excel's "Unicode
Text", tab-separated) is read.

Each institution kind has its roster (storage/roster/fields.py RosterKind): an SMK's is keyed by
NISN, a university's by NIM with its kode prodi, a BLK's by participant number (or NIK) with its
batch and the training's end date, from which the graduation year comes.

NISN: a NISN typed into Excel as a number loses its leading zeros (0061234567 becomes 61234567).
A numeric NISN cell is therefore padded back to 10 digits; a NISN written as text with fewer
digits is padded only when the birth year confirms it (a NISN starts with the year's last three
digits). NIK: a number cell or "6.37E+15" is read back only when no digit can have been lost.
Blank cells mean "not known": they never erase what is stored.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from conversations.identifiers import SMK
from storage.roster.checking import RowChecker
from storage.roster.fields import (
    ALIASES,
    FIRST_GRADUATION_YEAR,
    REQUIRED,
    CellError,
    field_for_header,
    header_key,
    roster_kind,
)
from storage.roster.header import blank, find_header, map_columns
from storage.roster.programmes import ProgrammeMatcher
from storage.roster.results import RosterFile, RosterRow, RowError, rows_text

__all__ = [
    "ALIASES",
    "REQUIRED",
    "RosterFile",
    "RosterRow",
    "RowError",
    "field_for_header",
    "header_key",
    "read_roster",
    "rows_text",
]

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")  # .txt: Excel's "Unicode Text" (UTF-16, tabs)
SUPPORTED_EXTENSIONS = (*TEXT_EXTENSIONS, ".xlsx", ".xlsm")
# The header is looked for among this many non-blank rows: Dapodik downloads put the school,
# the district and the download date above it.
HEADER_SEARCH_ROWS = 20


def read_roster(
    path: str | Path,
    *,
    today: date | None = None,
    graduation_year: int | None = None,
    programmes: Sequence[str] = (),
    known_programmes: Sequence[str] = (),
    kind: str = SMK,
) -> RosterFile:
    """Read and check a .csv or .xlsx roster of an institution `kind` (smk, university, blk);
    problems are returned, never raised.

    `graduation_year` is every row's when the file has no such column (Dapodik has none) and
    fills its blank cells when it has. A row with no programme takes the one its class name
    names ("XII AKL 1": AKL) among `programmes`, then `known_programmes` (the institution's).
    """
    path = Path(path)
    today = today or date.today()
    missing = _not_a_readable_file(path)
    if missing is not None:
        return RosterFile(path=path, errors=(missing,))
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        return _failed(path, "roster_unknown_extension", extension=extension or path.name)
    last = today.year + 1
    if graduation_year is not None and not FIRST_GRADUATION_YEAR <= graduation_year <= last:
        return _failed(
            path,
            "roster_bad_year_option",
            value=graduation_year,
            min=FIRST_GRADUATION_YEAR,
            max=last,
        )
    matcher = ProgrammeMatcher((programmes, known_programmes))
    options = _Options(today, graduation_year, matcher, kind)
    try:
        if extension in TEXT_EXTENSIONS:
            delimiter, lines = _csv_rows(path)
        else:
            delimiter, lines = ",", _xlsx_rows(path)
        return _check(path, lines, options, delimiter)
    except CellError as exc:
        return _failed(path, exc.key, **exc.params)
    except PermissionError:
        return RosterFile(path=path, errors=(_path_error("roster_no_permission", path),))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, csv.Error) as exc:
        return _failed(path, "roster_unreadable", detail=type(exc).__name__)


@dataclass(frozen=True, slots=True)
class _Options:
    """What the import adds to the file: the day, a graduation year, the known programmes."""

    today: date
    graduation_year: int | None
    programmes: ProgrammeMatcher
    kind: str = SMK


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


def _check(
    path: Path, lines: Iterator[Sequence[Any]], options: _Options, delimiter: str
) -> RosterFile:
    """Find the header, map the columns, check every row."""
    head: list[tuple[int, Sequence[Any]]] = []
    seen = 0
    for number, cells in enumerate(lines, start=1):
        head.append((number, cells))
        seen += not blank(cells)
        if seen == HEADER_SEARCH_ROWS:
            break
    after = head[-1][0] + 1 if head else 1
    extra = next(lines, None)  # a second header row may follow the last row looked at
    if extra is not None:
        head.append((after, extra))
        after += 1
    kind = roster_kind(options.kind)
    header = find_header(head, kind)
    if header is None:
        return _failed(path, "roster_empty")
    rows = (header.first_row, header.last_row)
    columns, problems = map_columns(
        header, graduation_year_given=options.graduation_year is not None, kind=kind
    )
    warnings: list[RowError] = []
    if header.last_row > 1:
        warnings.append(RowError("roster_header_row", {"file": path.name, "rows": rows}))
    done = RosterFile(
        path,
        header.names,
        {name: header.names[index] for name, index in columns.own.items()},
        delimiter=delimiter,
        header_row=header.first_row,
        header_last_row=header.last_row,
    )
    if problems:
        errors = tuple(RowError(p.key, {"file": path.name, **p.params}) for p in problems)
        return replace(done, errors=errors, warnings=tuple(warnings))
    checker = RowChecker(
        header.names,
        columns,
        options.today,
        graduation_year=options.graduation_year,
        programmes=options.programmes,
        kind=options.kind,
    )
    below = [(n, cells) for n, cells in head if n > header.last_row]
    for number, cells in itertools.chain(below, enumerate(lines, start=after)):
        if not blank(cells):
            checker.check(number, cells)
    if not checker.seen:
        error = RowError("roster_no_rows", {"file": path.name, "rows": rows})
        return replace(done, errors=(error,), warnings=tuple(warnings))
    result = checker.result(path, delimiter)
    return replace(
        result,
        warnings=(*warnings, *result.warnings),
        header_row=header.first_row,
        header_last_row=header.last_row,
    )
