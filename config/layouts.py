"""Export layouts: the fixed column files national sites import, as data (config/layouts/*.yaml).

A layout lists the upload's columns in order; each is filled from a roster field, a question's
answer, or a constant, then recoded and formatted:

```yaml
id: dikti                       # [a-z][a-z0-9_]*: `jejak export --format dikti`
version: "2024"                 # the layout's own version (the 2024 Dikti layout dropped f504)
title: Tracer Study Kemdiktisaintek (unggah)
questionnaire: dikti            # the questionnaire id whose answers it reads
source: ...                     # where the column names and order come from
date_format: "%d/%m/%Y"         # for `format: date` (strftime), default %d/%m/%Y
sheet: Sheet1                   # the XLSX sheet's name, default Sheet1
csv_delimiter: ","              # default ","
columns:
  - {name: nimhsmsmh, roster: student_number}              # a roster field (ROSTER_FIELDS)
  - {name: telpomsmh, question: telpomsmh, roster: phone}  # the answer, else the roster's
  - {name: f8, question: f8}                               # a coded answer
  - {name: f401, question: f4, chosen: "401"}              # 1 when chosen, else 0
  - {name: f5a1, question: f5a1, recode: {LN: ""}}         # a value recoded first ("" = empty)
  - {name: f502, question: f502, format: number, zero_when: {question: mulai, values: ["1"]}}
  - {name: f1614, question: f16, other: true}              # the "please specify" text
  - {name: kode, value: "X1"}                              # the same text on every row
```

Formats: `code` (the default for answers: a whole-number code is written as a number, "01" and
"LN" stay text), `text` (always text: identifiers, free text; the default for roster fields),
`number` (a whole number), `digits` (text of the digits only: "12.345.678.9-012" -> "123456789012"),
`date` (a stored YYYY-MM-DD in `date_format`), `phone_local` (+62812… as 0812…). A `chosen`
column is 0/1. `check_against` tells whether a layout fits a questionnaire (codes and values);
the rows are built in storage/exports/layouts.py.

Errors: `LayoutError.problems` lists every problem, each `<file>: <where>: <what>; <fix> [line N]`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.locate import kind_of
from config.yamlsource import Path_, YamlDocument, YamlProblem, read_yaml
from conversations.questionnaire import Questionnaire, QuestionType

LAYOUT_DIR: Path = Path(__file__).resolve().parent / "layouts"
# What a layout may read from the roster; storage/exports/layouts.py supplies exactly these.
ROSTER_FIELDS = (
    *("institution_code", "programme_code", "student_number", "name", "phone", "email"),
    *("graduation_year", "nik", "npwp"),
)
FORMATS = ("code", "text", "number", "digits", "date", "phone_local")
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
TOP_KEYS = (
    *("id", "version", "title", "questionnaire", "source", "date_format", "sheet"),
    *("csv_delimiter", "columns"),
)
COLUMN_KEYS = (
    *("name", "roster", "question", "value", "chosen", "other", "format", "recode"),
    "zero_when",
)
CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.PLACE)


class LayoutError(Exception):
    """A layout file cannot be used; `problems` lists every reason, each located."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class ZeroWhen:
    """Write 0 when `question`'s answer is one of `values` ("the job came before graduating")."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LayoutColumn:
    """One column of the upload: its header, where its value comes from, and how it is written."""

    name: str
    format: str
    roster: str | None = None  # a ROSTER_FIELDS name; with `question`, used when unanswered
    question: str | None = None
    value: str | None = None  # a constant
    chosen: str | None = None  # a choice value: 1 when the answer holds it, else 0
    other: bool = False  # the answer's "please specify" text instead of its value
    recode: tuple[tuple[str, str], ...] = ()  # (stored value, written value); "" is empty
    zero_when: ZeroWhen | None = None

    @property
    def recoded(self) -> Mapping[str, str]:
        """The recoding as a mapping."""
        return dict(self.recode)


@dataclass(frozen=True, slots=True)
class Layout:
    """An upload layout: what `jejak export --format <id>` writes."""

    id: str
    version: str
    title: str
    questionnaire: str
    source: str
    columns: tuple[LayoutColumn, ...]
    date_format: str = "%d/%m/%Y"
    sheet: str = "Sheet1"
    csv_delimiter: str = ","
    path: Path | None = None  # the file it was read from, to name in messages

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def file_name(self) -> str:
        return self.path.name if self.path else f"{self.id}.yaml"


def layout_names(folder: Path = LAYOUT_DIR) -> list[str]:
    """The layouts shipped (or in `folder`), sorted: ["dikti"]."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.is_file())


def find_layout(name: str, folder: Path = LAYOUT_DIR) -> Path | None:
    """The file of the layout called `name`, or None when there is none."""
    if not ID_PATTERN.fullmatch(name):
        return None
    path = folder / f"{name}.yaml"
    return path if path.is_file() else None


def load_layout(path: Path) -> Layout:
    """Read and check a layout file; raises LayoutError listing every problem."""
    name = path.name
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LayoutError([f"{name}: no such file ({path})"]) from None
    except UnicodeDecodeError:
        raise LayoutError([f"{name}: not UTF-8 text; save it as UTF-8"]) from None
    except OSError as exc:
        raise LayoutError([f"{name}: cannot be read ({exc.strerror or exc})"]) from None
    return parse_layout(source, name, path)


def parse_layout(source: str, name: str, path: Path | None = None) -> Layout:
    """Build a layout from YAML text; `name` prefixes every problem."""
    try:
        doc = read_yaml(source)
    except YamlProblem as exc:
        where = f" [line {exc.line}]" if exc.line else ""
        raise LayoutError([f"{name}: YAML syntax error: {exc.message}{where}"]) from None
    reader = _Reader(name, doc)
    layout = reader.layout(path)
    if reader.problems or layout is None:
        raise LayoutError(reader.problems or [f"{name}: not a layout"])
    return layout


def check_against(layout: Layout, questionnaire: Questionnaire) -> list[str]:
    """Every way the layout does not fit the questionnaire ([] when it fits)."""
    name = layout.file_name
    problems: list[str] = []
    if questionnaire.id != layout.questionnaire:
        problems.append(
            f"{name}: the layout reads the '{layout.questionnaire}' questionnaire, not "
            f"'{questionnaire.id}'; export a survey of '{layout.questionnaire}' with it"
        )
        return problems
    for column in layout.columns:
        where = f"{name}: column {column.name}"
        reads = [c for c in (column.question, column.zero_when and column.zero_when.question) if c]
        missing = [c for c in reads if c not in questionnaire.by_code]
        for code in missing:
            problems.append(
                f"{where}: '{code}' is not a question of {questionnaire.id} "
                f"{questionnaire.version}; use a question code of that questionnaire"
            )
        if missing:
            continue
        question = questionnaire.by_code[column.question] if column.question else None
        values = {c.value for c in question.choices} if question else set()
        if (
            column.chosen is not None
            and question is not None
            and (question.type not in CHOICE_TYPES or column.chosen not in values)
        ):
            problems.append(
                f"{where}: '{column.question}' has no choice '{column.chosen}'; use one of: "
                f"{', '.join(sorted(values)) or '(none: it is not a choice question)'}"
            )
        if column.other and question is not None and not any(c.other for c in question.choices):
            problems.append(
                f"{where}: '{column.question}' has no \"please specify\" choice; remove "
                "other: true or read the question that holds the text"
            )
        if (
            column.format == "date"
            and question is not None
            and question.type is not QuestionType.DATE
        ):
            problems.append(
                f"{where}: format date needs a date question, and '{column.question}' is "
                f"{question.type.value}; use another format"
            )
        if column.zero_when is not None:
            zero = questionnaire.by_code[column.zero_when.question]
            known = {c.value for c in zero.choices}
            for value in column.zero_when.values:
                if value not in known:
                    problems.append(
                        f"{where}: zero_when: '{zero.code}' has no choice '{value}'; use one "
                        f"of: {', '.join(sorted(known)) or '(none)'}"
                    )
    return problems


class _Reader:
    """Reads one layout document, collecting every problem with its line."""

    def __init__(self, name: str, doc: YamlDocument) -> None:
        self.name = name
        self.doc = doc
        self.problems: list[str] = []

    def problem(self, path: Path_, message: str) -> None:
        line = self.doc.line(path)
        self.problems.append(f"{self.name}: {message}" + (f" [line {line}]" if line else ""))

    def text(self, data: Mapping[str, Any], key: str, path: Path_, default: str | None) -> str:
        """A text value as written (`version: 2024` stays "2024"), or `default` when absent."""
        if key not in data or data[key] is None:
            if default is None:
                self.problem(path, f"{key} is missing; add {key}: ...")
            return default or ""
        raw = data[key]
        if isinstance(raw, list | dict):
            self.problem((*path, key), f"{key} must be text, not {kind_of(raw)}")
            return default or ""
        written = self.doc.raw_scalar((*path, key))
        return written if written is not None else str(raw)

    def layout(self, path: Path | None) -> Layout | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.problem((), f"the top level must be a mapping with {', '.join(TOP_KEYS)}")
            return None
        for key in data:
            if key not in TOP_KEYS:
                self.problem(
                    (key,), f"'{key}' is not a layout key; use one of: {', '.join(TOP_KEYS)}"
                )
        layout_id = self.text(data, "id", (), None)
        if layout_id and not ID_PATTERN.fullmatch(layout_id):
            self.problem(("id",), f"id '{layout_id}' must be lower case letters, digits and _")
        date_format = self.text(data, "date_format", (), "%d/%m/%Y")
        if "%" not in date_format:
            self.problem(("date_format",), f"date_format '{date_format}' has no %d/%m/%Y codes")
        delimiter = self.text(data, "csv_delimiter", (), ",")
        if len(delimiter) != 1 or delimiter in '"\r\n':
            self.problem(("csv_delimiter",), "csv_delimiter must be one character, e.g. , or ;")
        columns = self.columns(data.get("columns"))
        return Layout(
            id=layout_id,
            version=self.text(data, "version", (), None),
            title=self.text(data, "title", (), None),
            questionnaire=self.text(data, "questionnaire", (), None),
            source=self.text(data, "source", (), None),
            columns=columns,
            date_format=date_format,
            sheet=self.text(data, "sheet", (), "Sheet1"),
            csv_delimiter=delimiter,
            path=path,
        )

    def columns(self, raw: Any) -> tuple[LayoutColumn, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(("columns",), "columns must be a list of columns, e.g. - {name: f8, "
                         "question: f8}")  # fmt: skip
            return ()
        found: list[LayoutColumn] = []
        first: dict[str, int] = {}
        for i, item in enumerate(raw):
            column = self.column(item, ("columns", i))
            if column is None:
                continue
            if column.name in first:
                self.problem(
                    ("columns", i, "name"),
                    f"columns[{i}] repeats the column '{column.name}' of "
                    f"columns[{first[column.name]}]; each name appears once",
                )
                continue
            first[column.name] = i
            found.append(column)
        return tuple(found)

    def column(self, raw: Any, path: Path_) -> LayoutColumn | None:
        here = f"columns[{path[-1]}]"
        if not isinstance(raw, dict):
            self.problem(path, f"{here} must be a mapping such as {{name: f8, question: f8}}")
            return None
        before = len(self.problems)
        for key in raw:
            if key not in COLUMN_KEYS:
                self.problem(
                    (*path, key), f"{here} has '{key}'; a column takes: {', '.join(COLUMN_KEYS)}"
                )
        name = self.text(raw, "name", path, None)
        where = f"{here} ({name})" if name else here
        roster = self.text(raw, "roster", path, "") or None
        question = self.text(raw, "question", path, "") or None
        value = self.text(raw, "value", path, "") if "value" in raw else None
        chosen = self.text(raw, "chosen", path, "") if "chosen" in raw else None
        other = raw.get("other", False)
        if not isinstance(other, bool):
            self.problem((*path, "other"), f"{where} other must be true or false")
            other = False
        if roster is not None and roster not in ROSTER_FIELDS:
            self.problem(
                (*path, "roster"),
                f"{where} roster '{roster}' is not a roster field; use one of: "
                f"{', '.join(ROSTER_FIELDS)}",
            )
        if value is not None and (roster or question):
            self.problem(path, f"{where} has a value and reads the roster or a question; keep one")
        if value is None and not roster and not question:
            self.problem(path, f"{where} names no source; add question:, roster: or value:")
        if (chosen is not None or other) and not question:
            self.problem(path, f"{where} uses chosen or other without a question; add question:")
        if chosen is not None and other:
            self.problem(path, f"{where} has both chosen and other; a column holds one of them")
        default = "text" if (roster and not question) or value is not None else "code"
        fmt = self.text(raw, "format", path, default)
        if chosen is not None and "format" in raw:
            self.problem((*path, "format"), f"{where} is a 0/1 column; remove its format")
        if fmt not in FORMATS:
            self.problem(
                (*path, "format"), f"{where} format '{fmt}'; use one of: {', '.join(FORMATS)}"
            )
        recode = self.recode(raw.get("recode"), (*path, "recode"), where)
        zero = self.zero_when(raw.get("zero_when"), (*path, "zero_when"), where)
        if len(self.problems) > before or not name:
            return None
        return LayoutColumn(
            name=name,
            format="code" if chosen is not None else fmt,
            roster=roster,
            question=question,
            value=value,
            chosen=chosen,
            other=other,
            recode=recode,
            zero_when=zero,
        )

    def recode(self, raw: Any, path: Path_, where: str) -> tuple[tuple[str, str], ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict) or not raw:
            self.problem(path, f"{where} recode must map stored values to written ones, e.g. "
                               "{LN: ''}")  # fmt: skip
            return ()
        pairs = []
        for key, to in raw.items():
            written = self.doc.raw_scalar((*path, key))
            target = "" if to is None else (written if written is not None else str(to))
            pairs.append((str(key), target))
        return tuple(pairs)

    def zero_when(self, raw: Any, path: Path_, where: str) -> ZeroWhen | None:
        if raw is None:
            return None
        values = raw.get("values") if isinstance(raw, dict) else None
        question = raw.get("question") if isinstance(raw, dict) else None
        if not isinstance(question, str) or not isinstance(values, list) or not values:
            self.problem(path, f'{where} zero_when must be {{question: code, values: ["1"]}}')
            return None
        written = [self.doc.raw_scalar((*path, "values", i)) for i in range(len(values))]
        return ZeroWhen(question, tuple(w if w is not None else str(v)
                                        for w, v in zip(written, values, strict=True)))  # fmt: skip
