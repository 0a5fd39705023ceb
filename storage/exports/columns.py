"""How each question code becomes export columns, cells and label-sheet lines."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from conversations.questionnaire import Question, Questionnaire, QuestionType

OTHER_SUFFIX = "lain"  # `<code>_lain`: the "other, please specify" text
NUMERIC = (QuestionType.INTEGER, QuestionType.MONEY, QuestionType.RATING)

Cell = str | int | float | datetime | None  # datetimes are local, without a zone
Answer = tuple[Any, str | None]  # a stored answer: (value, other text)


class ColumnKind(enum.StrEnum):
    """What a column holds, so each file format writes it the right way."""

    TEXT = "text"  # identifiers and free text: written as text, leading zeros kept
    STATUS = "status"  # a response status code (not_started, invited, started…)
    DATETIME = "datetime"
    CODE = "code"  # a single choice's value, e.g. "1"
    NUMBER = "number"
    FLAG = "flag"  # 1/0: a multiple-choice option chosen or not


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """One column: its header code, what it holds, and the question it comes from."""

    name: str
    kind: ColumnKind
    question: str | None = None


@dataclass(frozen=True, slots=True)
class Label:
    """A line of the label sheet: what a code, or one of its values, means."""

    code: str
    question: str
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    """One question code's columns, and the definition behind them (None: in no version)."""

    code: str
    question: Question | None
    questionnaire: Questionnaire | None
    columns: tuple[ExportColumn, ...]

    def cells(self, answer: Answer | None) -> list[Cell]:
        """This question's cells for one alumnus: blanks when not answered, not shown, skipped."""
        if answer is None or answer[0] is None:
            return [None] * len(self.columns)
        value, other_text = answer
        q = self.question
        if q is not None and q.type is QuestionType.MULTIPLE_CHOICE:
            chosen = set(value) if isinstance(value, list) else {str(value)}
            cells: list[Cell] = [1 if c.value in chosen else 0 for c in q.choices]
        else:
            cells = [_plain(value)]
        if q is not None and has_other(q):
            cells.append(other_text or None)
        return cells

    def labels(self, language: str) -> list[Label]:
        """The question's text, and each of its values with what it means."""
        q, questionnaire = self.question, self.questionnaire
        if q is None or questionnaire is None:
            return [Label(self.code, "", "", "")]

        def text(value: Any) -> str:
            return questionnaire.text(value, language)

        question = text(q.label)
        lines = [Label(q.code, question, c.value, text(c.label)) for c in q.choices]
        if q.scale is not None:
            ends = ((q.scale.min, q.scale.min_label), (q.scale.max, q.scale.max_label))
            lines += [Label(q.code, question, str(p), text(end)) for p, end in ends if end]
        lines += [
            Label(f"{q.code}_{OTHER_SUFFIX}", question, c.value, text(c.label))
            for c in q.choices
            if c.other
        ]
        return lines or [Label(q.code, question, "", "")]


def plan_question(code: str, versions: list[Questionnaire]) -> QuestionPlan:
    """The columns of one code, from its first definition in `versions` (with every choice)."""
    found = [(v, v.by_code[code]) for v in versions if code in v.by_code]
    if not found:
        return QuestionPlan(code, None, None, (ExportColumn(code, ColumnKind.TEXT, code),))
    questionnaire, question = found[0]
    choices = {c.value: c for c in question.choices}
    for _, older in found[1:]:  # a choice an edit removed still gets its column, at the end
        for choice in older.choices:
            choices.setdefault(choice.value, choice)
    question = replace(question, choices=tuple(choices.values()))
    if question.type is QuestionType.MULTIPLE_CHOICE:
        columns = [ExportColumn(f"{code}_{v}", ColumnKind.FLAG, code) for v in choices]
    elif question.type is QuestionType.SINGLE_CHOICE:
        columns = [ExportColumn(code, ColumnKind.CODE, code)]
    else:
        kind = ColumnKind.NUMBER if question.type in NUMERIC else ColumnKind.TEXT
        columns = [ExportColumn(code, kind, code)]
    if has_other(question):
        columns.append(ExportColumn(f"{code}_{OTHER_SUFFIX}", ColumnKind.TEXT, code))
    return QuestionPlan(code, question, questionnaire, tuple(columns))


def has_other(question: Question) -> bool:
    """Whether the question has an "other, please specify" choice (so a `_lain` column)."""
    return any(c.other for c in question.choices)


def _plain(value: Any) -> Cell:
    """A stored value as one cell: text and numbers as they are, a list joined by ";"."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, str | int | float) else str(value)
