"""Finding a roster's column names: the header row among title rows, a second header row
under merged group cells, and which column fills which field.

A Dapodik "Peserta Didik" download puts title rows (the list's name, the school, its area, the
download date) above a two-row header: most names span both rows, while "Data Ayah",
"Data Ibu" and "Data Wali" are merged over their sub-columns (Nama, Tahun Lahir, Jenjang
Pendidikan, Pekerjaan, Penghasilan, NIK) named on the second row. The two rows are read as one,
"Data Ayah / Nama", so a parent's name or NIK is never taken for the student's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from conversations.identifiers import BLK
from storage.roster.fields import REQUIRED, RosterKind, cell_text, roster_kind

# The fields that identify a student: a second header row never has them filled in.
_IDENTITY = ("nisn", "name")
_HEADERS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Header:
    """The column names as read: from `first_row` to `last_row` (Excel's numbering)."""

    first_row: int
    last_row: int
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column fills which field: its own column, then stand-ins where it is blank."""

    own: dict[str, int] = field(default_factory=dict)  # field -> column index
    stand_ins: dict[str, tuple[int, ...]] = field(default_factory=dict)  # field -> indices
    nik_is_identity: bool = False  # a BLK roster without participant numbers: the NIK column


@dataclass(frozen=True, slots=True)
class HeaderProblem:
    """A header problem as a staff message key and its params (the file's name is added later)."""

    key: str
    params: dict[str, Any]


Row = tuple[int, Sequence[Any]]


def blank(cells: Sequence[Any]) -> bool:
    """True when no cell holds anything but spaces."""
    return all(_empty(cell) for cell in cells)


def find_header(head: Sequence[Row], kind: RosterKind | None = None) -> Header | None:
    """The row naming the most required columns, then the most columns (the first on a tie),
    with the row under it when that row names the sub-columns of merged group cells.

    Title rows ("DAFTAR PESERTA DIDIK", the school, the download date) name none. With no row
    naming any column, the first non-blank row is the header, and the errors say so. Column
    names are the institution kind's (an SMK's when none is given).
    """
    kind = kind or roster_kind()
    rows = [(number, cells) for number, cells in head if not blank(cells)]
    if not rows:
        return None

    def score(row: Row) -> tuple[int, int]:
        fields = {kind.field_for_header(cell_text(cell)) for cell in row[1]} - {None}
        return len(fields.intersection(REQUIRED)), len(fields)

    number, top = max(rows, key=score)
    below = next((cells for n, cells in head if n == number + 1), None)
    if below is not None and is_sub_header(top, below, kind):
        return Header(number, number + 1, flatten(top, below))
    return Header(number, number, tuple(cell_text(cell) for cell in top))


def is_sub_header(top: Sequence[Any], below: Sequence[Any], kind: RosterKind | None = None) -> bool:
    """True when `below` names the sub-columns of group cells merged across `top`.

    It holds only text; every name in it stands under a group: under a named cell followed by
    blank ones it spans ("Data Ayah" over Nama, Tahun Lahir…), or under one of those blanks;
    and it leaves the student's NISN and name blank, which a data row never does.
    """
    if blank(below):
        return False
    kind = kind or roster_kind()
    names = [cell_text(cell) for cell in top] + [""]
    filled = [not _empty(cell) for cell in below] + [False]
    group = False  # inside a named cell's span
    for index, cell in enumerate(below):
        if names[index]:
            # A named cell starts a group when it and the cell to its right are named below, and
            # that cell is blank above (merged into this one).
            group = filled[index] and filled[index + 1] and not names[index + 1]
        if not filled[index]:
            continue
        if not isinstance(cell, str) or not group:
            return False
        if kind.field_for_header(names[index]) in _IDENTITY:
            return False
    return True


def _empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def flatten(top: Sequence[Any], below: Sequence[Any]) -> tuple[str, ...]:
    """Two header rows as one: "Data Ayah" over "Nama" is "Data Ayah / Nama"; a name merged
    down over both rows is kept as it is."""
    names: list[str] = []
    group = ""
    for index in range(max(len(top), len(below))):
        upper = cell_text(top[index]) if index < len(top) else ""
        lower = cell_text(below[index]) if index < len(below) else ""
        if upper:
            group = upper if lower else ""
        if not lower:
            names.append(upper)
            if not upper:
                group = ""
        else:
            names.append(f"{group} / {lower}" if group else lower)
    return tuple(names)


def map_columns(
    header: Header, *, graduation_year_given: bool, kind: RosterKind | None = None
) -> tuple[Columns, list[HeaderProblem]]:
    """Which column fills which field, and the problems: a column twice, required ones missing.

    A file without a graduation-year column is fine when the import is given the year, or when
    the file has the day they finished (graduation, a training's end). A BLK roster without
    participant numbers is keyed by its NIK column.
    """
    kind = kind or roster_kind()
    slots: dict[tuple[str, int], int] = {}  # (field, rank) -> column index
    problems: list[HeaderProblem] = []
    names = header.names
    for index, name in enumerate(names):
        found = kind.column_for_header(name) if name else None
        if found is None:
            continue
        if found in slots:
            params: dict[str, Any] = {
                "first": names[slots[found]],
                "second": name,
                "field": kind.identity_field if found[0] == "nisn" else found[0],
            }
            problems.append(HeaderProblem("roster_duplicate_columns", params))
            continue
        slots[found] = index
    own = {name: index for (name, rank), index in slots.items() if rank == 0}
    nik_is_identity = kind.kind == BLK and "nisn" not in own and "nik" in own
    if nik_is_identity:
        own["nisn"] = own["nik"]
    stand_ins: dict[str, tuple[int, ...]] = {}
    for (name, rank), index in sorted(slots.items()):  # by rank: the order they are tried in
        if rank > 0:
            stand_ins[name] = (*stand_ins.get(name, ()), index)
    year_given = graduation_year_given or "finished_on" in own
    missing = [
        name
        for name in REQUIRED
        if name not in own and not (name == "graduation_year" and year_given)
    ]
    if missing == ["graduation_year"]:
        problems.append(HeaderProblem("roster_no_graduation_year", {}))
    elif missing:
        shown = [_shortened(name) for name in names if name][:_HEADERS_SHOWN]
        written = sum(map(bool, names))
        key = (
            "roster_missing_columns_year"
            if "graduation_year" in missing
            else "roster_missing_columns"
        )
        params = {
            "fields": tuple(kind.identity_field if name == "nisn" else name for name in missing),
            "rows": (header.first_row, header.last_row),
            "headers": ", ".join(shown) + (", …" if len(shown) < written else ""),
            "example": kind.example,
        }
        problems.append(HeaderProblem(key, params))
    return Columns(own, stand_ins, nik_is_identity), problems


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
