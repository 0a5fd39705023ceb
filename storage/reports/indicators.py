"""What a report of indicators reads: the surveys of a scope, one Respondent per alumnus, and the
figures they make (`survey_figures`: the one computation `jejak report`, /laporan and the weekly
staff-group post all use).

A scope is one survey, an institution's survey of one cohort, or every survey of one cohort in
the institutions of a province or of a list (a staff member's several institutions). Each
survey's population is its cohort as the statistics count
it (storage/reports/statistics.py): the institution's alumni of the survey's graduation year,
whether invited or not. Only COMPLETED responses bring their answers.

It streams: alumni are read in keyset chunks of CHUNK by id, and each chunk's answers in one
query, so 100,000 alumni never sit in memory at once and no ORM object is made per row. Stored
answer values are decoded here from their JSON text: a value that does not decode is passed on as
UNREADABLE, which the figures count as unreadable instead of failing the report.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, Text, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from config.loader import parse_questionnaire
from conversations.indicators.accreditation import YEAR_GROUP
from conversations.indicators.figures import FiguresBuilder, Respondent, WageLookup
from conversations.questionnaire import Questionnaire
from storage.models import (
    Alumnus,
    AnswerRow,
    ClassGroup,
    Institution,
    InstitutionKind,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Survey,
)

CHUNK = 1000  # alumni per query: IN lists within every database's limits
# The keys of Respondent.groups this module fills. YEAR (the graduation year, for the
# accreditation tables) only for a university's alumni. A BLK's batch (angkatan) is not on the
# roster (Alumnus has no such column): the placement table takes it from the questionnaire.
CLASS, PROGRAMME, INSTITUTION, YEAR = "class", "programme", "institution", YEAR_GROUP
UNIVERSITY = InstitutionKind.UNIVERSITY.value
# The fields of an indicator declaration that name one question (read_codes reads them).
QUESTION_FIELDS = ("question", "province", "city", "programme", "batch")

Progress = Callable[[int, int], None]
COMPLETED = ResponseStatus.COMPLETED.value
# JSON texts read without the parser: a string with nothing escaped, a whole number as JSON
# writes it (no leading zero, no sign: "-1" and "007" go through json.loads like the rest).
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_WHOLE = re.compile(r"0|[1-9][0-9]{0,17}")


class Unreadable:
    """A stored answer whose JSON text does not decode (a hand-edited database, a broken write)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE: Final = Unreadable()


@dataclass(frozen=True, slots=True)
class ReportSurvey:
    """A survey as a report names it, with its institution and its current questionnaire text."""

    id: int
    name: str
    graduation_year: int
    opens_at: datetime
    institution_id: int
    institution_code: str
    institution_name: str
    institution_kind: str
    institution_province: str | None  # two-digit code, None when not set
    timezone: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_version_id: int
    questionnaire_source: str


def _survey_query() -> Select[*tuple[Any, ...]]:
    """The columns of a ReportSurvey, in its field order."""
    return (
        select(
            Survey.id,
            Survey.name,
            Survey.graduation_year,
            Survey.opens_at,
            Institution.id,
            Institution.code,
            Institution.name,
            Institution.kind,
            Institution.province,
            Institution.timezone,
            QuestionnaireVersion.questionnaire_id,
            QuestionnaireVersion.version,
            QuestionnaireVersion.id,
            QuestionnaireVersion.source,
        )
        .join(Institution, Institution.id == Survey.institution_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Survey.questionnaire_version_id)
    )


async def report_survey(session: AsyncSession, survey_id: int) -> ReportSurvey | None:
    """The survey with this id, or None."""
    row = (await session.execute(_survey_query().where(Survey.id == survey_id))).first()
    return ReportSurvey(*row) if row is not None else None


async def institution_surveys(
    session: AsyncSession, institution_id: int, cohort: int | None
) -> tuple[int | None, list[ReportSurvey]]:
    """The institution's surveys of one graduation year, oldest first.

    `cohort` None: the latest graduation year it surveys. Returns the cohort used (None when the
    institution has no survey) and the surveys.
    """
    mine = Survey.institution_id == institution_id
    if cohort is None:
        cohort = await session.scalar(select(func.max(Survey.graduation_year)).where(mine))
        if cohort is None:
            return None, []
    rows = await session.execute(
        _survey_query().where(mine, Survey.graduation_year == cohort).order_by(Survey.id)
    )
    return cohort, [ReportSurvey(*row) for row in rows]


async def province_surveys(
    session: AsyncSession, province: str, cohort: int | None
) -> tuple[int | None, list[ReportSurvey]]:
    """Surveys of one cohort in the institutions of a province (two-digit code), by institution.

    `cohort` None: the latest graduation year any of them surveys. Returns the cohort used (None
    when the province has no survey) and the surveys, by institution code then survey id.
    """
    return await _cohort_surveys(session, Institution.province == province, cohort)


async def listed_surveys(
    session: AsyncSession, codes: Collection[str], cohort: int | None
) -> tuple[int | None, list[ReportSurvey]]:
    """As province_surveys, for the institutions with these codes (a staff member's several)."""
    return await _cohort_surveys(session, Institution.code.in_(sorted(set(codes))), cohort)


async def _cohort_surveys(
    session: AsyncSession, where: ColumnElement[bool], cohort: int | None
) -> tuple[int | None, list[ReportSurvey]]:
    if cohort is None:
        cohort = await session.scalar(
            select(func.max(Survey.graduation_year))
            .join(Institution, Institution.id == Survey.institution_id)
            .where(where)
        )
        if cohort is None:
            return None, []
    rows = await session.execute(
        _survey_query()
        .where(where, Survey.graduation_year == cohort)
        .order_by(Institution.code, Survey.id)
    )
    return cohort, [ReportSurvey(*row) for row in rows]


async def province_institutions(session: AsyncSession, province: str) -> list[tuple[str, str]]:
    """(code, name) of the institutions in a province (two-digit code), by code."""
    return await _institutions(session, Institution.province == province)


async def listed_institutions(
    session: AsyncSession, codes: Collection[str]
) -> list[tuple[str, str]]:
    """(code, name) of the institutions with these codes, by code (unknown codes are left out)."""
    return await _institutions(session, Institution.code.in_(sorted(set(codes))))


async def _institutions(session: AsyncSession, where: ColumnElement[bool]) -> list[tuple[str, str]]:
    rows = await session.execute(
        select(Institution.code, Institution.name).where(where).order_by(Institution.code)
    )
    return [(code, name) for code, name in rows]


async def earlier_surveys(
    session: AsyncSession, institution_id: int, before: int
) -> list[ReportSurvey]:
    """The institution's survey of each graduation year before `before`, oldest year first.

    A year surveyed twice gives its latest survey, as a report of that cohort would.
    """
    rows = await session.execute(
        _survey_query()
        .where(Survey.institution_id == institution_id, Survey.graduation_year < before)
        .order_by(Survey.graduation_year, Survey.id)
    )
    latest: dict[int, ReportSurvey] = {}
    for row in rows:
        survey = ReportSurvey(*row)
        latest[survey.graduation_year] = survey  # by id within the year: the last one stays
    return list(latest.values())


async def cohort_size(
    session: AsyncSession,
    surveys: Sequence[ReportSurvey],
    class_group_ids: Collection[int] | None = None,
) -> int:
    """How many alumni the surveys' cohorts hold together (what `respondents` will yield)."""
    total = 0
    for survey in surveys:
        query = select(func.count(Alumnus.id)).where(*_cohort(survey, class_group_ids))
        total += (await session.scalar(query)) or 0
    return total


async def respondents(
    session: AsyncSession,
    surveys: Sequence[ReportSurvey],
    *,
    codes: Collection[str] | None = None,
    class_group_ids: Collection[int] | None = None,
    by_institution: bool = False,
    progress: Progress | None = None,
) -> AsyncIterator[Respondent]:
    """One Respondent per alumnus of each survey's cohort, survey after survey, by alumnus id.

    groups: "class" (class group name), "programme" (the roster's programme), for a university's
    alumni "year" (their graduation year, as text) and, with `by_institution`, "institution"
    (its code). `codes` None: every answer; else only answers
    to these question codes (the figures read a handful of the questions). `class_group_ids`:
    only the alumni of these class groups (an export of some classes); None: all.
    """
    wanted = sorted(set(codes)) if codes is not None else None
    # Core statements on the session's connection: rows as tuples, no ORM bookkeeping per row.
    connection = await session.connection()
    # Each cohort's ids first (a few bytes each), then its rows a chunk at a time by primary key:
    # paging with "id > last ORDER BY id LIMIT n" made SQLite sort the whole cohort per chunk.
    cohorts = []
    for survey in surveys:
        found = await connection.execute(
            select(Alumnus.id).where(*_cohort(survey, class_group_ids))
        )
        cohorts.append((survey, sorted(found.scalars())))
    total = sum(len(ids) for _survey, ids in cohorts)
    done = 0
    if progress:
        progress(0, total)
    for survey, ids in cohorts:
        year = str(survey.graduation_year) if survey.institution_kind == UNIVERSITY else None
        for first in range(0, len(ids), CHUNK):
            rows = (
                await connection.execute(
                    select(
                        Alumnus.id, ClassGroup.name, Alumnus.programme, Response.id, Response.status
                    )
                    .select_from(Alumnus)
                    .outerjoin(ClassGroup, ClassGroup.id == Alumnus.class_group_id)
                    .outerjoin(
                        Response,
                        and_(Response.alumnus_id == Alumnus.id, Response.survey_id == survey.id),
                    )
                    .where(Alumnus.id.in_(ids[first : first + CHUNK]))
                    .order_by(Alumnus.id)
                )
            ).all()
            completed = [row[3] for row in rows if row[4] == COMPLETED]
            answers = await _answers(connection, completed, wanted)
            for _alumnus_id, class_name, programme, response_id, status in rows:
                groups = {CLASS: class_name, PROGRAMME: programme}
                if year is not None:
                    groups[YEAR] = year
                if by_institution:
                    groups[INSTITUTION] = survey.institution_code
                complete = status == COMPLETED
                yield Respondent(
                    groups=groups,
                    completed=complete,
                    answers=answers.get(response_id, {}) if complete else {},
                )
            done += len(rows)
            if progress:
                progress(done, total)


def report_questionnaire(surveys: Sequence[ReportSurvey]) -> Questionnaire:
    """The newest questionnaire version among the surveys: its declarations read every answer.

    Raises config.loader.QuestionnaireError when the stored text no longer parses.
    """
    newest = max(surveys, key=lambda s: s.questionnaire_version_id)
    return parse_questionnaire(newest.questionnaire_source, f"{newest.questionnaire_id}.yaml")


def read_codes(questionnaire: Questionnaire) -> set[str]:
    """The question codes the figures read: the outcome's and every declared indicator's.

    Walks the declarations rather than naming their fields, so a new indicator's questions are
    read without a change here; a test checks the figures equal those read from every answer.
    """
    codes: set[str] = set()
    if questionnaire.outcome is not None:
        codes.add(questionnaire.outcome.question)
    pending: list[object] = [questionnaire.indicators]
    while pending:
        part = pending.pop()
        if part is None or not dataclasses.is_dataclass(part):
            continue
        for item in dataclasses.fields(part):
            value = getattr(part, item.name)
            if item.name in QUESTION_FIELDS and isinstance(value, str):
                codes.add(value)
            elif item.name == "questions" and isinstance(value, tuple):
                codes.update(v for v in value if isinstance(v, str))
            elif dataclasses.is_dataclass(value):
                pending.append(value)
    return codes


async def survey_figures(
    session: AsyncSession,
    surveys: Sequence[ReportSurvey],
    *,
    questionnaire: Questionnaire | None = None,
    wage_for: WageLookup | None = None,
    group_keys: Sequence[str] = (CLASS, PROGRAMME),
    class_group_ids: Collection[int] | None = None,
    iku_definition: str | None = None,
    progress: Progress | None = None,
) -> dict[str, object]:
    """The figures of the surveys' cohorts together (FiguresBuilder.result, docs/reports.md).

    `questionnaire` None: the newest of the surveys' (report_questionnaire). `iku_definition`
    ("2021", "2025") counts the IKU only when every survey is a university's: a school's
    questionnaire declares waiting time and income too, and the IKU is not its indicator.
    Grouped by "institution" when it is among `group_keys`.
    """
    questionnaire = questionnaire or report_questionnaire(surveys)
    universities = bool(surveys) and all(s.institution_kind == UNIVERSITY for s in surveys)
    builder = FiguresBuilder(
        questionnaire,
        wage_for=wage_for,
        group_keys=group_keys,
        iku_definition=iku_definition if universities else None,
    )
    async for respondent in respondents(
        session,
        surveys,
        codes=read_codes(questionnaire),
        class_group_ids=class_group_ids,
        by_institution=INSTITUTION in group_keys,
        progress=progress,
    ):
        builder.add(respondent)
    return builder.result()


def _cohort(
    survey: ReportSurvey, class_group_ids: Collection[int] | None = None
) -> tuple[ColumnElement[bool], ...]:
    """The survey's cohort (as statistics.py counts it), optionally only some class groups."""
    where = (
        Alumnus.institution_id == survey.institution_id,
        Alumnus.graduation_year == survey.graduation_year,
    )
    if class_group_ids is None:
        return where
    # Staff pick a handful of classes: one IN list, far within every database's limits.
    return (*where, Alumnus.class_group_id.in_(sorted(class_group_ids)))


async def _answers(
    connection: AsyncConnection, response_ids: list[int], codes: list[str] | None
) -> dict[int, dict[str, object]]:
    """Answers by response id, then question code, decoded from their stored JSON text."""
    found: dict[int, dict[str, object]] = {}
    if not response_ids or codes == []:
        return found
    # The JSON's text, decoded here: one broken value must not stop the report (and JSON has
    # no equality on PostgreSQL, so its text is what every database can give back alike).
    query = select(AnswerRow.response_id, AnswerRow.question_code, cast(AnswerRow.value, Text))
    query = query.where(AnswerRow.response_id.in_(response_ids))
    if codes is not None:
        query = query.where(AnswerRow.question_code.in_(codes))
    for response_id, code, text in (await connection.execute(query)).all():  # fetchall: faster
        found.setdefault(response_id, {})[code] = decode(text)
    return found


def decode(text: str | None) -> object:
    """A stored value from its JSON text; UNREADABLE when it is not JSON.

    Most values are a choice code ("1") or a whole number: those are read without the JSON
    parser, a third of the report's time on 50,000 responses.
    """
    if text is None:
        return None
    if (
        len(text) > 1
        and text[0] == '"'
        and text[-1] == '"'
        and _PLAIN.fullmatch(text, 1, len(text) - 1)
    ):
        return text[1:-1]
    if _WHOLE.fullmatch(text):
        return int(text)
    try:
        return json.loads(text)
    except ValueError:
        return UNREADABLE
