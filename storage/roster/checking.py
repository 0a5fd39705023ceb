"""Checking roster rows one by one, and what needs the whole file: repeated alumni, one
homeroom teacher per class, and programmes read from class names.

The identity field (`nisn`) is the institution kind's identifier: NISN, NIM or participant
number (storage/roster/fields.py). A BLK's batch becomes the class group, the unit staff follow.
A row whose identifier came earlier is the same alumnus written twice (a duplicated line, often one
copy with blanks): when the two agree wherever both have a value they are merged, filling the
blanks, and imported once; when they disagree both are refused, naming both rows.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from conversations.identifiers import BLK, SMK
from storage.roster.fields import (
    BLANKS,
    LENIENT,
    MAX_LENGTH,
    REQUIRED,
    CellError,
    CellReaders,
    cell_text,
    is_number,
    nisn_with_zeros,
    read_nik_identity,
)
from storage.roster.header import Columns
from storage.roster.programmes import ProgrammeMatcher
from storage.roster.results import RosterFile, RosterRow, RowError

# No roster cell is this long; a longer one is reported without being repeated.
MAX_CELL_CHARS = 1000
_PROGRAMMES_SHOWN = 8
# What a RosterRow holds: read fields that are not its own (a BLK's batch) stop at the checker.
_ROW_FIELDS = frozenset(f.name for f in fields(RosterRow))


@dataclass(slots=True)
class _Alumnus:
    """The rows with one NISN: the first row's values (as read, and merged with its repeats)."""

    first: int
    original: dict[str, Any]
    values: dict[str, Any]
    members: list[int] = field(default_factory=list)  # the later rows merged into the first
    conflict: tuple[str, ...] = ()  # the columns two of its rows disagree on: all refused


class RowChecker:
    """Checks rows one by one; `result` gives the file's rows, problems and warnings."""

    def __init__(
        self,
        names: Sequence[str],
        columns: Columns,
        today: date,
        *,
        graduation_year: int | None = None,
        programmes: ProgrammeMatcher | None = None,
        kind: str = SMK,
    ) -> None:
        self.names = tuple(names)
        self.columns = columns
        self.written = {name: names[index] for name, index in columns.own.items()}
        self.graduation_year = graduation_year
        self.programmes = programmes or ProgrammeMatcher(())
        self.kind = kind
        self.parsers = CellReaders(today, kind).by_field
        if columns.nik_is_identity:
            self.parsers["nisn"] = read_nik_identity
        # A year comes from the day they finished when the row has one, else from the option.
        self.year_later = graduation_year is not None or "finished_on" in columns.own
        # A BLK row without a participant number is known by its NIK.
        self.nik_later = kind == BLK and "nik" in columns.own and not columns.nik_is_identity
        self.seen = 0
        self.alumni: dict[str, _Alumnus] = {}
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.rejected: dict[int, list[RowError]] = {}
        self.cells: dict[int, tuple[str, ...]] = {}
        self.merged_cells: dict[int, tuple[str, ...]] = {}
        self.teachers: dict[str, tuple[str, int]] = {}

    def check(self, number: int, cells: Sequence[Any]) -> None:
        """Check one non-blank row below the header (`number` as Excel shows it)."""
        self.seen += 1
        values, problems, notes = self._read(number, cells)
        if not self._batch(values):
            self._programme(number, values, problems)
        self._homeroom(number, values, problems)
        if problems:
            self.errors.extend(problems)
            self._reject(number, problems, cells)
            return
        self.warnings.extend(notes)
        self._add(number, values, cells)

    def _raw(self, cells: Sequence[Any], index: int) -> Any:
        """The cell's value, None when blank (or "-", a common way to write blank)."""
        raw = cells[index] if index < len(cells) else None
        if isinstance(raw, str):
            stripped = raw.strip()
            if not stripped or stripped in BLANKS:
                return None
        return raw

    def _read(
        self, number: int, cells: Sequence[Any]
    ) -> tuple[dict[str, Any], list[RowError], list[RowError]]:
        """The row's values, its problems, and the warnings of values left out."""
        values: dict[str, Any] = {}
        problems: list[RowError] = []
        notes: list[RowError] = []
        short_nisn: RowError | None = None
        width = len(cells)
        for name, index in self.columns.own.items():
            # Inlined _raw: this loop runs for every cell Jejak uses, 100,000 rows at a time.
            raw = cells[index] if index < width else None
            if isinstance(raw, str):
                if len(raw) > MAX_CELL_CHARS and name not in MAX_LENGTH:
                    lenient = name in LENIENT
                    params = {"length": len(raw)}
                    where = self.written[name]
                    error = RowError(
                        "roster_cell_too_long", params, number, where, left_out=lenient
                    )
                    (notes if lenient else problems).append(error)
                    continue
                stripped = raw.strip()
                if not stripped or stripped in BLANKS:
                    raw = None
            if raw is None:
                if name == "graduation_year" and self.year_later:
                    pass  # from the day they finished, or the option: below
                elif name == "nisn" and self.nik_later:
                    pass  # from the NIK: below
                elif name in REQUIRED:
                    problems.append(RowError("roster_required", {}, number, self.written[name]))
                continue
            try:
                values[name] = self.parsers[name](raw)
            except CellError as exc:
                lenient = name in LENIENT
                error = RowError(exc.key, exc.params, number, self.written[name], left_out=lenient)
                if exc.key == "roster_short_nisn":
                    short_nisn = error
                (notes if lenient else problems).append(error)
        if "graduation_year" not in values:
            self._year(number, values, problems)
        if "nisn" not in values and self.nik_later:
            self._nik_as_identity(number, values, problems, notes)
        if "programme" not in values and "programme_code" in values:
            values["programme"] = values["programme_code"]  # kode prodi: better than nothing
        if short_nisn is not None and "birth_date" in values:
            restored = nisn_with_zeros(str(short_nisn.params["value"]), values["birth_date"])
            if restored is not None:
                values["nisn"] = restored
                problems.remove(short_nisn)
        for name, indices in self.columns.stand_ins.items():
            if name not in values and not any(p.column == self.written.get(name) for p in problems):
                self._stand_in(number, cells, name, indices, values, notes)
        return values, problems, notes

    def _stand_in(
        self,
        number: int,
        cells: Sequence[Any],
        name: str,
        indices: Sequence[int],
        values: dict[str, Any],
        notes: list[RowError],
    ) -> None:
        """Fill a blank field from the first usable stand-in column (HP blank: Telepon)."""
        for index in indices:
            raw = self._raw(cells, index)
            if raw is None:
                continue
            where = self.names[index]
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
                params = {"length": len(raw)}
                notes.append(RowError("roster_cell_too_long", params, number, where, left_out=True))
                continue
            try:
                values[name] = self.parsers[name](raw)
                return
            except CellError as exc:
                notes.append(RowError(exc.key, exc.params, number, where, left_out=True))

    def _year(self, number: int, values: dict[str, Any], problems: list[RowError]) -> None:
        """A graduation year from the day they finished (a BLK training's end, a graduation
        day), else from the import's option; else the day is required."""
        finished = values.get("finished_on")
        if finished is not None:
            values["graduation_year"] = finished.year
            return
        if self.graduation_year is not None:
            values["graduation_year"] = self.graduation_year
            return
        year, day = self.written.get("graduation_year"), self.written.get("finished_on")
        if day is None or any(p.column in (year, day) for p in problems):
            return  # no year column at all is a file error; a wrong cell is reported already
        problems.append(RowError("roster_required", {}, number, day))

    def _nik_as_identity(
        self, number: int, values: dict[str, Any], problems: list[RowError], notes: list[RowError]
    ) -> None:
        """A BLK row with its participant number blank is known by its NIK, then required."""
        if any(p.column == self.written["nisn"] for p in problems):
            return  # a wrong participant number: reported already
        if "nik" in values:
            values["nisn"] = values["nik"]
            return
        where = self.written["nik"]
        wrong = [n for n in notes if n.column == where]
        for note in wrong:  # the NIK is this row's identity after all: no longer optional
            notes.remove(note)
            if note.key == "roster_bad_nik":
                params = {"value": note.params.get("value", ""), "identifier": BLK}
                note = replace(note, key="roster_bad_identifier", params=params)
            problems.append(replace(note, left_out=False))
        if not wrong:
            problems.append(RowError("roster_required", {}, number, self.written["nisn"]))

    def _batch(self, values: dict[str, Any]) -> bool:
        """A BLK's batch as the row's class group ("Menjahit Gelombang 2", one per programme);
        True when it names the class (a class named after its batch names no programme)."""
        batch = values.get("batch")
        if not batch or values.get("class_name"):
            return False
        if re.fullmatch(r"[0-9]+|[IVX]+", batch.upper()):  # "2", "II": name the column too
            heading = self.written["batch"].strip()
            batch = f"{heading[:1].upper()}{heading[1:]} {batch}"
        programme = values.get("programme")
        if programme and programme.casefold() not in batch.casefold():
            batch = f"{programme} {batch}"
        values["class_name"] = batch[: MAX_LENGTH["class_name"]]
        return True

    def _programme(self, number: int, values: dict[str, Any], problems: list[RowError]) -> None:
        """With no programme in the row, take the one its class names, if the import knows it."""
        class_name = values.get("class_name")
        if "programme" in values or not class_name or not self.programmes:
            return
        found = self.programmes.match(class_name)
        if len(found) == 1:
            values["programme"] = found[0]
            return
        if "programme" in self.columns.own:
            return  # the programme column is there, left blank on this row: blank is "not known"
        where = self.written["class_name"]
        if found:
            params = {"value": class_name, "matches": ", ".join(found)}
            problems.append(RowError("roster_class_programme_ambiguous", params, number, where))
            return
        names = self.programmes.names
        more = ", …" if len(names) > _PROGRAMMES_SHOWN else ""
        known = ", ".join(names[:_PROGRAMMES_SHOWN]) + more
        params = {"value": class_name, "known": known}
        problems.append(RowError("roster_class_no_programme", params, number, where))

    def _homeroom(self, number: int, values: dict[str, Any], problems: list[RowError]) -> None:
        teacher, class_name = values.get("homeroom_teacher"), values.get("class_name")
        if not (teacher and class_name):
            return
        known, first = self.teachers.setdefault(class_name, (teacher, number))
        if known != teacher:
            params = {
                "class_name": class_name,
                "value": teacher,
                "first": known,
                "first_row": first,
            }
            where = self.written["homeroom_teacher"]
            problems.append(RowError("roster_homeroom_conflict", params, number, where))

    def _add(self, number: int, values: dict[str, Any], cells: Sequence[Any]) -> None:
        """A good row: a new alumnus, or merged into the earlier row with its NISN, or both
        refused when they disagree."""
        nisn = values["nisn"]
        alumnus = self.alumni.get(nisn)
        if alumnus is None:
            self.alumni[nisn] = _Alumnus(number, values, dict(values))
            return
        differ = tuple(
            name
            for name, value in values.items()
            if alumnus.values.get(name) is not None and alumnus.values[name] != value
        )
        if not differ and not alumnus.conflict:
            for name, value in values.items():
                if alumnus.values.get(name) is None:
                    alumnus.values[name] = value
            alumnus.members.append(number)
            self.merged_cells[number] = self._cells_as_text(cells)
            params = {"nisn": nisn, "first_row": alumnus.first, "identifier": self.kind}
            self.warnings.append(RowError("roster_duplicate_merged", params, number))
            return
        shown = ", ".join(f"'{self._column(name)}'" for name in differ or alumnus.conflict)
        params = {
            "nisn": nisn,
            "first_row": alumnus.first,
            "row": number,
            "differ": shown,
            "identifier": self.kind,
        }
        error = RowError("roster_duplicate_nisn", params, number, self.written["nisn"])
        self.errors.append(error)
        self._reject(number, [error], cells)
        if not alumnus.conflict:
            alumnus.conflict = differ
            for member in (alumnus.first, *alumnus.members):
                self._reject(member, [error], None)

    def _column(self, name: str) -> str:
        return self.written.get(name, name)

    def _reject(self, number: int, problems: list[RowError], cells: Sequence[Any] | None) -> None:
        self.rejected.setdefault(number, []).extend(problems)
        if cells is not None:
            self.cells[number] = self._cells_as_text(cells)

    def _cells_as_text(self, cells: Sequence[Any]) -> tuple[str, ...]:
        """The row as it should be written back (a numeric NISN padded, like on import)."""
        texts = [cell_text(cell) for cell in cells]
        index = self.columns.own["nisn"]
        if index < len(cells) and is_number(cells[index]):
            with contextlib.suppress(CellError):
                texts[index] = self.parsers["nisn"](cells[index])
        return tuple(texts)

    def _original(self, values: dict[str, Any]) -> tuple[str, ...]:
        """A good row's cells rebuilt from its values (kept only when a later row refuses it)."""
        texts = [""] * (max(self.columns.own.values()) + 1)
        for name, index in self.columns.own.items():
            value = values.get(name)
            texts[index] = "" if value is None else str(value)
        return tuple(texts)

    def result(self, path: Path, delimiter: str) -> RosterFile:
        """The rows that passed, merged; every problem; the warnings of the rows imported."""
        rows: list[RosterRow] = []
        merged = 0
        for alumnus in self.alumni.values():
            if alumnus.conflict:
                self.cells.setdefault(alumnus.first, self._original(alumnus.original))
                for member in alumnus.members:
                    self.cells[member] = self.merged_cells[member]
                continue
            values = {k: v for k, v in alumnus.values.items() if k in _ROW_FIELDS}
            rows.append(RosterRow(row=alumnus.first, **values))
            merged += len(alumnus.members)
        warnings = [w for w in self.warnings if w.row not in self.rejected]
        if self.kind == SMK and "class_name" not in self.columns.own:
            # Classes and homeroom teachers are an SMK thing (a BLK's batch is its class).
            warnings.append(RowError("roster_no_class_column", {"file": path.name}))
        elif not {"programme", "programme_code"} & set(self.columns.own) and not self.programmes:
            warnings.append(RowError("roster_programme_unknown", {"file": path.name}))
        return RosterFile(
            path=path,
            headers=self.names,
            columns=self.written,
            rows=tuple(rows),
            errors=tuple(sorted(self.errors, key=lambda e: e.row or 0)),
            rejected={n: tuple(p) for n, p in sorted(self.rejected.items())},
            rejected_cells=self.cells,
            warnings=tuple(warnings),
            delimiter=delimiter,
            merged=merged,
        )
