"""Survey results as one flat table: a row per alumnus of the cohort, columns by question code.

Cells hold coded values (the choice value "1", numbers as numbers); a multiple-choice question
becomes one 1/0 column per option, `<code>_<value>`, as the national tracer study uploads expect;
an "other, please specify" text goes to `<code>_lain`. The engine's state is never read.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import utc_now
from config.loader import QuestionnaireError, parse_questionnaire
from config.staff_messages import staff_text
from conversations.identifiers import BLK, SMK, UNIVERSITY
from conversations.questionnaire import Questionnaire
from storage.exports.columns import (
    Answer,
    Cell,
    ColumnKind,
    ExportColumn,
    Label,
    QuestionPlan,
    plan_question,
)
from storage.models import (
    Alumnus,
    AnswerRow,
    ClassGroup,
    Institution,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Survey,
)

log = logging.getLogger(__name__)

NOT_STARTED = "not_started"  # no response row yet: never opened the survey
STATUSES = (NOT_STARTED, *(s.value for s in ResponseStatus))
CHUNK = 1000  # alumni per answers query: IN lists within every database's limits

Progress = Callable[[int, int], None]

IDENTITY = (
    ExportColumn("alumni_nisn", ColumnKind.TEXT),  # the identifier: see identity_columns
    ExportColumn("alumni_nama", ColumnKind.TEXT),
    ExportColumn("alumni_kelas", ColumnKind.TEXT),
    ExportColumn("alumni_jurusan", ColumnKind.TEXT),
    ExportColumn("respons_status", ColumnKind.STATUS),
    ExportColumn("respons_mulai", ColumnKind.DATETIME),
    ExportColumn("respons_selesai", ColumnKind.DATETIME),
    # Where the answers came from (chat, import, phone) and who wrote them down (phone, import).
    ExportColumn("respons_sumber", ColumnKind.TEXT),
    ExportColumn("respons_dicatat_oleh", ColumnKind.TEXT),
)
STATUS_COLUMN = 4
# The identifier column of each institution kind (conversations/identifiers.py).
IDENTIFIER_COLUMNS = {SMK: "alumni_nisn", UNIVERSITY: "alumni_nim", BLK: "alumni_no_peserta"}


def identity_columns(kind: str) -> tuple[ExportColumn, ...]:
    """The identity columns of an institution kind's export: its identifier named as such."""
    first = ExportColumn(IDENTIFIER_COLUMNS.get(kind, IDENTITY[0].name), ColumnKind.TEXT)
    return (first, *IDENTITY[1:])


@dataclass
class ExportTable:
    """A survey's answers as rows of cells, with what the Info and Label sheets need."""

    survey_id: int
    survey_name: str
    institution_code: str
    institution_name: str
    timezone: str
    questionnaire: str  # "<id> <version>" of the survey's current version
    generated_at: datetime  # local time of the institution, without a zone
    language: str
    classes: tuple[str, ...] | None  # the class groups asked for; None: all of them
    columns: list[ExportColumn]
    rows: list[list[Cell]]
    labels: list[Label]

    def status_counts(self) -> dict[str, int]:
        """How many rows have each status, in STATUSES order, zeros left out."""
        counts = Counter(row[STATUS_COLUMN] for row in self.rows)
        return {s: counts[s] for s in STATUSES if counts[s]}


async def export_table(
    session: AsyncSession,
    survey_id: int,
    *,
    class_group_ids: set[int] | None = None,
    progress: Progress | None = None,
    language: str = "id",
    now: datetime | None = None,
) -> ExportTable:
    """The survey's table: each alumnus of its cohort (in these classes; None: all), by class.

    Alumni who never opened the survey are there too, with status "not_started". Raises
    LookupError for an unknown survey, QuestionnaireError if its current version no longer parses.
    """
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    institution = await session.get(Institution, survey.institution_id)
    assert institution is not None  # a foreign key
    zone = ZoneInfo(institution.timezone)
    identity = identity_columns(institution.kind)
    current, plans = await _plans(session, survey)
    alumni = await _alumni(session, survey, class_group_ids)
    classes = None
    if class_group_ids is not None:
        named = select(ClassGroup.name).where(ClassGroup.id.in_(sorted(class_group_ids)))
        classes = tuple(sorted(await session.scalars(named)))
    responses = {
        row.alumnus_id: row
        for row in await session.execute(
            select(
                Response.id,
                Response.alumnus_id,
                Response.status,
                Response.started_at,
                Response.completed_at,
                Response.source,
                Response.recorded_by,
            ).where(Response.survey_id == survey.id)
        )
    }
    rows: list[list[Cell]] = []
    if progress:
        progress(0, len(alumni))
    for start in range(0, len(alumni), CHUNK):
        chunk = alumni[start : start + CHUNK]
        ids = [responses[a.id].id for a in chunk if a.id in responses]
        answers = await stored_answers(session, ids)
        for alumnus in chunk:
            response = responses.get(alumnus.id)
            given = answers.get(response.id, {}) if response else {}
            row: list[Cell] = [
                alumnus.nisn,
                alumnus.name,
                alumnus.class_name,
                alumnus.programme,
                response.status if response else NOT_STARTED,
                _local(response.started_at, zone) if response else None,
                _local(response.completed_at, zone) if response else None,
                response.source if response else None,
                response.recorded_by if response else None,
            ]
            for plan in plans:
                row.extend(plan.cells(given.get(plan.code)))
            rows.append(row)
        if progress:
            progress(len(rows), len(alumni))
    log.info("survey %s: export table of %s rows built", survey.id, len(rows))
    return ExportTable(
        survey_id=survey.id,
        survey_name=survey.name,
        institution_code=institution.code,
        institution_name=institution.name,
        timezone=institution.timezone,
        questionnaire=f"{current.id} {current.version}",
        generated_at=_wall(now or utc_now(), zone),
        language=language,
        classes=classes,
        columns=[*identity, *(c for plan in plans for c in plan.columns)],
        rows=rows,
        labels=_identity_labels(identity, language)
        + [line for p in plans for line in p.labels(language)],
    )


async def _plans(session: AsyncSession, survey: Survey) -> tuple[Questionnaire, list[QuestionPlan]]:
    """The survey's current questionnaire, and a plan per answered or current question code."""
    used = select(Response.questionnaire_version_id).where(Response.survey_id == survey.id)
    stored = await session.execute(
        select(QuestionnaireVersion.id, QuestionnaireVersion.questionnaire_id,
               QuestionnaireVersion.source)
        .where(or_(QuestionnaireVersion.id == survey.questionnaire_version_id,
                   QuestionnaireVersion.id.in_(used)))
        .order_by(QuestionnaireVersion.id.desc())
    )  # fmt: skip
    versions: list[Questionnaire] = []
    current: Questionnaire | None = None
    for version_id, questionnaire_id, source in stored:
        try:
            parsed = parse_questionnaire(source, f"{questionnaire_id}.yaml")
        except QuestionnaireError:
            if version_id == survey.questionnaire_version_id:
                raise
            log.warning("questionnaire version %s no longer parses: exported as is", version_id)
            continue
        if version_id == survey.questionnaire_version_id:
            current = parsed
        versions.append(parsed)
    assert current is not None  # the survey's version, by foreign key
    versions.remove(current)
    versions.insert(0, current)  # the current wording first, then newest to oldest
    answered = set(
        await session.scalars(
            select(AnswerRow.question_code)
            .join(Response, AnswerRow.response_id == Response.id)
            .where(Response.survey_id == survey.id)
            .distinct()
        )
    )
    codes = [q.code for q in current.questions if q.type.is_answerable]
    older = [q.code for v in versions[1:] for q in v.questions if q.code in answered]
    codes += list(dict.fromkeys(c for c in older if c not in codes))
    codes += sorted(answered - set(codes))  # in no stored version: exported as stored
    return current, [plan_question(code, versions) for code in codes]


@dataclass(frozen=True, slots=True)
class _Alumnus:
    id: int
    nisn: str
    name: str
    class_name: str | None
    programme: str | None


async def _alumni(
    session: AsyncSession, survey: Survey, class_group_ids: set[int] | None
) -> list[_Alumnus]:
    """The cohort (and anyone who answered though the roster now says otherwise), by class, name."""
    answered = select(Response.alumnus_id).where(Response.survey_id == survey.id)
    query = (
        select(Alumnus.id, Alumnus.nisn, Alumnus.name, ClassGroup.name, Alumnus.programme)
        .outerjoin(ClassGroup, Alumnus.class_group_id == ClassGroup.id)
        .where(
            Alumnus.institution_id == survey.institution_id,
            or_(Alumnus.graduation_year == survey.graduation_year, Alumnus.id.in_(answered)),
        )
    )
    if class_group_ids is not None:
        query = query.where(Alumnus.class_group_id.in_(sorted(class_group_ids)))
    found = [_Alumnus(*row) for row in await session.execute(query)]
    # Sorted here, not in SQL: the same order on every database and collation; no class last.
    return sorted(found, key=_roster_order)


def _roster_order(a: _Alumnus) -> tuple[bool, str, str, str]:
    return (a.class_name is None, (a.class_name or "").casefold(), a.name.casefold(), a.nisn)


async def stored_answers(
    session: AsyncSession, response_ids: list[int]
) -> dict[int, dict[str, Answer]]:
    """Answers by response id, then question code: (value, other text)."""
    found: dict[int, dict[str, Answer]] = {}
    for start in range(0, len(response_ids), CHUNK):
        rows = await session.execute(
            select(AnswerRow.response_id, AnswerRow.question_code, AnswerRow.value,
                   AnswerRow.other_text)
            .where(AnswerRow.response_id.in_(response_ids[start : start + CHUNK]))
        )  # fmt: skip
        for response_id, code, value, other_text in rows:
            found.setdefault(response_id, {})[code] = (value, other_text)
    return found


def _identity_labels(identity: tuple[ExportColumn, ...], language: str) -> list[Label]:
    """What the identity columns are, and what each status code means."""
    lines: list[Label] = []
    for column in identity:
        text = staff_text(language, f"export_col_{column.name}")
        if column.kind is ColumnKind.STATUS:
            lines += [
                Label(column.name, text, s, staff_text(language, f"status_{s}")) for s in STATUSES
            ]
        else:
            lines.append(Label(column.name, text, "", ""))
    return lines


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored UTC time (or None) as the institution's wall-clock time, without a zone."""
    return _wall(moment, zone) if moment else None


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)
