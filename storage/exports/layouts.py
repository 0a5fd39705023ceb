"""A survey's completed responses laid out as a national upload wants them (config/layouts/).

One row per completed response, the layout's columns in its order: roster fields, coded
answers, 0/1 columns per option, recoded and formatted as the layout says. Nothing else (no
status, no times): the file is imported by another system. The engine's state is never read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config.layouts import ROSTER_FIELDS, Layout, LayoutColumn, check_against
from config.loader import parse_questionnaire
from storage.exports.columns import Answer, Cell, ColumnKind, ExportColumn
from storage.exports.table import stored_answers
from storage.models import (
    Alumnus,
    Institution,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Survey,
)

log = logging.getLogger(__name__)

CHUNK = 1000  # responses per answers query: IN lists within every database's limits
# How each format is written: text stays text in every file, numbers are numbers.
KINDS = {
    "code": ColumnKind.CODE,
    "text": ColumnKind.TEXT,
    "number": ColumnKind.NUMBER,
    "digits": ColumnKind.TEXT,
    "date": ColumnKind.TEXT,
    "phone_local": ColumnKind.TEXT,
}
WHOLE_CODE = re.compile(r"0|[1-9][0-9]{0,14}")  # a code with no leading zero: written as a number

Stored = Answer  # an answer as stored: (value, other text)


class LayoutMismatch(ValueError):
    """The layout does not fit the survey's questionnaire; `problems` says where and how."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class LayoutTable:
    """The upload's rows: the layout's header, then one row of cells per completed response."""

    layout: Layout
    survey_id: int
    institution_code: str
    columns: list[ExportColumn]
    rows: list[list[Cell]]


def roster_fields(alumnus: Alumnus, institution: Institution) -> dict[str, Cell]:
    """The roster fields a layout may read, for one alumnus: the one place they are read.

    `alumni.nisn` holds the institution kind's identifier (a university's NIM); the programme
    code is the roster's kode prodi when it has one, else its programme. The university code is
    the institution's code. The roster keeps no e-mail: the e-mail question's answer fills it.
    """
    return {
        "institution_code": institution.code,
        "programme_code": alumnus.programme_code or alumnus.programme,
        "student_number": alumnus.nisn,
        "name": alumnus.name,
        "phone": alumnus.phone,
        "email": None,
        "graduation_year": alumnus.graduation_year,
        "nik": alumnus.nik,
        "npwp": alumnus.npwp,
    }


async def layout_table(session: AsyncSession, survey_id: int, layout: Layout) -> LayoutTable:
    """The survey's completed responses in the layout, by student number.

    Raises LookupError for an unknown survey, LayoutMismatch when the layout does not fit the
    survey's questionnaire (another questionnaire, or codes it does not have).
    """
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    institution = await session.get(Institution, survey.institution_id)
    assert institution is not None  # a foreign key
    version = await session.get(QuestionnaireVersion, survey.questionnaire_version_id)
    assert version is not None  # a foreign key
    questionnaire = parse_questionnaire(version.source, f"{version.questionnaire_id}.yaml")
    problems = check_against(layout, questionnaire)
    if problems:
        raise LayoutMismatch(problems)
    completed = list(
        await session.execute(
            select(Response.id, Alumnus)
            .join(Alumnus, Response.alumnus_id == Alumnus.id)
            .where(
                Response.survey_id == survey.id,
                Response.status == ResponseStatus.COMPLETED.value,
            )
        )
    )
    completed.sort(key=lambda row: (row[1].nisn, row[1].name.casefold()))
    answers = await stored_answers(session, [response_id for response_id, _ in completed])
    rows: list[list[Cell]] = []
    for response_id, alumnus in completed:
        roster = roster_fields(alumnus, institution)
        given = answers.get(response_id, {})
        rows.append([layout_cell(layout, c, roster, given) for c in layout.columns])
    log.info("survey %s: %s rows in layout %s", survey.id, len(rows), layout.id)
    columns = [
        ExportColumn(c.name, ColumnKind.FLAG if c.chosen else KINDS[c.format], c.question)
        for c in layout.columns
    ]
    return LayoutTable(layout, survey.id, institution.code, columns, rows)


def layout_cell(
    layout: Layout, column: LayoutColumn, roster: dict[str, Cell], answers: dict[str, Stored]
) -> Cell:
    """One cell of the upload: read, recoded, formatted. None is an empty cell."""
    zero = column.zero_when
    if zero is not None:
        value, _ = answers.get(zero.question, (None, None))
        if _holds(value, zero.values):
            return 0
    if column.chosen is not None:
        value, _ = answers.get(column.question or "", (None, None))
        return 1 if _holds(value, (column.chosen,)) else 0
    raw: Any = None
    if column.value is not None:
        raw = column.value
    if column.question is not None:
        value, other = answers.get(column.question, (None, None))
        raw = other if column.other else value
    if (raw is None or raw == "") and column.roster is not None:
        assert column.roster in ROSTER_FIELDS  # the loader checks it; roster_fields has them all
        raw = roster[column.roster]
    if raw is None:
        return None
    recoded = column.recoded
    if recoded and str(raw) in recoded:
        raw = recoded[str(raw)]
    if raw == "":
        return None
    return _formatted(raw, column.format, layout.date_format)


def _holds(value: Any, values: tuple[str, ...]) -> bool:
    chosen = value if isinstance(value, list) else [value]
    return any(str(v) in values for v in chosen if v is not None)


def _formatted(raw: Any, fmt: str, date_format: str) -> Cell:
    """A value as the format writes it; a value that does not fit is written as it is."""
    text = ";".join(str(v) for v in raw) if isinstance(raw, list) else str(raw)
    match fmt:
        case "number":
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            return int(text) if re.fullmatch(r"-?[0-9]{1,15}", text) else text
        case "code":
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            return int(text) if WHOLE_CODE.fullmatch(text) else text
        case "digits":
            digits = re.sub(r"[^0-9]", "", text)
            return digits or None
        case "date":
            try:
                return date.fromisoformat(text).strftime(date_format)
            except ValueError:
                return text
        case "phone_local":
            # Stored as E.164: an Indonesian number is written 08…, as people write it.
            return "0" + text[3:] if text.startswith("+62") else text
    return text
