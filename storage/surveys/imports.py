"""Answers gathered elsewhere, stored as complete responses (`jejak responses import`).

A school brings last year's Google Form answers in; a homeroom teacher records what an alumnus
said on the phone. The file has the layout `jejak export` writes (storage/exports/): a header row
of column codes, one row per alumnus keyed by the roster identifier (the column of the institution
kind's identifier: `alumni_nisn`, `alumni_nim` or `alumni_no_peserta`), coded values (a multiple
choice as one 1/0 column per option, an "other, please specify" text in `<code>_lain`), as CSV
(";", "," or tab) or XLSX. The export's other identity columns (name, class, programme) are
ignored; its status and start/finish times are read when present.

No rule of the questionnaire is copied here. Every filled cell is read with the engine's own
answer reader (conversations/answers.py), so one run lists every bad value of a row; then the row
is played through the engine (conversations/engine.py) as a respondent who answers exactly those
values: consent, each question the engine asks, submit. Skip logic and required questions are
the engine's: a value for a question the engine never asked is a value skip logic hides, and a
blank cell for a required question it asks is a missing answer.

All or nothing, like the roster import: the whole file is checked before anything is written, and
any error stores nothing. Then every response is written in one transaction through
storage/surveys/turns.py (lock_response, store_step), the one path that keeps the answers table
and the state JSON in step, and marked with its source (and who recorded it).

Responses already there: one completed in a chat is never overwritten, nor one whose alumnus
stopped or had their data erased (opted out): both are reported as skipped. Any other (invited,
half-way, declined, an earlier import) is replaced by the imported complete one.

Rows not imported, and counted in the summary: a row without any answer (the export's "not
started" alumni), and a row whose status column says the response was unfinished (an export's
"started" row holds half a questionnaire).
"""

from __future__ import annotations

import asyncio
import codecs
import csv
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.utils import get_column_letter
from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.loader import parse_questionnaire
from config.staff_messages import staff_text
from conversations.answers import Rejection, check_other_text, check_selection, read_answer
from conversations.engine import resume, start
from conversations.events import AnswerRejected, AnswerValue
from conversations.identifiers import SMK, normalise
from conversations.inputs import (
    BUTTON_CONSENT_YES,
    BUTTON_DONE,
    BUTTON_SKIP,
    BUTTON_SUBMIT,
    ButtonPress,
    Reply,
    TextReply,
)
from conversations.messages import LANGUAGES, t
from conversations.parsing import normalize
from conversations.questionnaire import Question, Questionnaire, QuestionType
from conversations.state import ConversationState, Phase, Step
from storage.exports.columns import OTHER_SUFFIX, ColumnKind, plan_question
from storage.exports.table import IDENTITY, STATUS_COLUMN, STATUSES, identity_columns
from storage.models import (
    Alumnus,
    Institution,
    QuestionnaireVersion,
    Response,
    ResponseSource,
    ResponseStatus,
    Survey,
)
from storage.roster.fields import cell_text, is_number
from storage.roster.results import RowError
from storage.surveys import turns

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
HEADER_ROW = 1  # the export writes its column codes on row 1
RECORDED_BY_MAX = 200  # responses.recorded_by
ROWS_SHOWN = 10  # row numbers listed in one message before "…"

# The export's identity columns this import reads: the key (named by the institution kind: see
# identity_columns), the status, the two times.
STATUS_HEADER = IDENTITY[STATUS_COLUMN].name
STARTED_HEADER, COMPLETED_HEADER = (c.name for c in IDENTITY if c.kind is ColumnKind.DATETIME)
# A row whose status says the alumnus had not finished: half a questionnaire, not imported.
UNFINISHED = frozenset(
    {ResponseStatus.INVITED, ResponseStatus.STARTED, ResponseStatus.DECLINED,
     ResponseStatus.OPTED_OUT}
)  # fmt: skip
# Existing responses an import replaces (others are new, or kept: see _store).
_REPLACED = frozenset({ResponseStatus.STARTED, ResponseStatus.DECLINED, ResponseStatus.COMPLETED})
# The quote bot/documents/export.py puts before CSV text a spreadsheet would run as a formula.
_FORMULA_QUOTE = re.compile(r"'(?=[=@\t\r+-])")

# (stage, done, total): stage "check" while the file is read and checked, then "store".
Progress = Callable[[str, int, int], None]


# --- who a row is: the one place that knows the roster identifier of a file ----------------


NISN_DIGITS = 10


def key_column(kind: str) -> str:
    """The column an institution kind's export keys its rows by (storage/exports/table.py)."""
    return identity_columns(kind)[0].name


def roster_key(value: Any, kind: str) -> str:
    """The identifier a key cell holds, as the roster stores it for an institution `kind`.

    A NISN typed into Excel as a number lost its leading zeros: a number cell is padded back. A
    NIM or participant number is kept as written (a number cell as its digits: nothing tells
    whether Excel dropped a zero), without spaces and in upper case (conversations.identifiers).
    """
    if kind == SMK:
        if is_number(value) and float(value).is_integer() and value >= 0:
            return str(int(value)).zfill(NISN_DIGITS)
        return cell_text(value).lstrip("'")
    return normalise(cell_text(value).lstrip("'"))


@dataclass(frozen=True, slots=True)
class Member:
    """An alumnus of the survey's cohort, as an import needs them."""

    id: int
    language: str


async def cohort_members(session: AsyncSession, survey: Survey) -> dict[str, Member]:
    """The survey's cohort by roster identifier (what `roster_key` reads from a file)."""
    rows = await session.execute(
        select(Alumnus.nisn, Alumnus.id, Alumnus.language).where(
            Alumnus.institution_id == survey.institution_id,
            Alumnus.graduation_year == survey.graduation_year,
        )
    )
    return {nisn: Member(alumnus_id, language) for nisn, alumnus_id, language in rows}


# --- the result ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResponsesImport:
    """What an import did, or every reason it stored nothing (`errors`)."""

    path: Path
    survey_id: int
    source: ResponseSource
    recorded_by: str | None = None  # who took the answers (a phone call)
    rows: int = 0  # non-blank rows below the header
    created: int = 0  # responses the import made complete where there were none
    replaced: int = 0  # unfinished, declined or earlier imported responses replaced
    kept_chat: tuple[int, ...] = ()  # rows of alumni who had completed in a chat: not overwritten
    kept_opted_out: tuple[int, ...] = ()  # rows of alumni who stopped or had their data erased
    blank: int = 0  # rows without any answer
    unfinished: tuple[int, ...] = ()  # rows whose status column says unfinished
    errors: tuple[RowError, ...] = ()
    stored: bool = False  # True when the responses were written (committed)

    def summary(self, language: str = "id") -> list[str]:
        """Lines for the operator: how many were stored, and each kind of row skipped."""
        source = staff_text(
            language, f"responses_source_{self.source.value}", staff=self.recorded_by
        )
        lines = [
            staff_text(
                language,
                "responses_summary",
                count=self.created + self.replaced,
                file=self.path.name,
                id=self.survey_id,
                source=source,
            ),
            staff_text(
                language, "responses_summary_counts", created=self.created, replaced=self.replaced
            ),
        ]
        completed = staff_text(language, "status_completed")
        for key, rows in (
            ("responses_skipped_chat", self.kept_chat),
            ("responses_skipped_opted_out", self.kept_opted_out),
            ("responses_skipped_unfinished", self.unfinished),
        ):
            if rows:
                lines.append(
                    staff_text(
                        language, key, count=len(rows), lines=row_list(rows), completed=completed
                    )
                )
        if self.blank:
            lines.append(staff_text(language, "responses_skipped_blank", count=self.blank))
        return lines


def row_list(rows: Sequence[int]) -> str:
    """ "2, 5, 9", cut after ROWS_SHOWN numbers with "…"."""
    shown = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
    return shown + (", …" if len(rows) > ROWS_SHOWN else "")


# --- the import --------------------------------------------------------------------------------


async def import_responses(
    sessions: async_sessionmaker[AsyncSession],
    survey_id: int,
    path: str | Path,
    *,
    source: ResponseSource = ResponseSource.IMPORT,
    recorded_by: str | None = None,
    now: datetime,
    language: str = "id",
    progress: Progress | None = None,
) -> ResponsesImport:
    """Check the file against the survey's questionnaire and roster; store it all or nothing.

    `language` is the operator's: reasons quoted from the questionnaire's rules are in it.
    Raises LookupError for an unknown survey, ValueError for a source other than import or phone
    or a phone call without `recorded_by`, QuestionnaireError if the survey's questionnaire
    version no longer parses.
    """
    path = Path(path)
    if source is ResponseSource.CHAT:
        raise ValueError("imported answers are not from a chat")
    if source is ResponseSource.PHONE and not recorded_by:
        raise ValueError("a phone call needs the name of the staff member who took it")
    async with sessions() as session:
        survey = await session.get(Survey, survey_id)
        if survey is None:
            raise LookupError(f"no survey {survey_id}")
        institution = await session.get(Institution, survey.institution_id)
        version = await session.get(QuestionnaireVersion, survey.questionnaire_version_id)
        assert institution is not None and version is not None  # foreign keys
        members = await cohort_members(session, survey)
    questionnaire = parse_questionnaire(version.source, f"{version.questionnaire_id}.yaml")
    context = _Context(
        questionnaire=questionnaire,
        members=members,
        key_column=key_column(institution.kind),
        kind=institution.kind,
        zone=ZoneInfo(institution.timezone),
        now=now,
        language=language,
        cohort=(institution.code, survey.graduation_year),
        progress=progress,
    )
    checked = await asyncio.to_thread(_check_file, path, context)
    report = ResponsesImport(
        path,
        survey_id,
        source,
        recorded_by,
        rows=checked.rows,
        blank=checked.blank,
        unfinished=checked.unfinished,
        errors=checked.errors,
    )
    if checked.errors:
        log.info("responses for survey %s refused: %d errors", survey_id, len(checked.errors))
        return report
    async with sessions() as session, session.begin():
        conn = await session.connection()
        stored = await conn.run_sync(
            _store, survey_id, version.id, checked.ready, source, recorded_by, now, progress
        )
    log.info(
        "responses for survey %s imported (%s): %d new, %d replaced, %d kept",
        survey_id,
        source.value,
        stored.created,
        stored.replaced,
        len(stored.kept_chat) + len(stored.kept_opted_out),
    )
    return ResponsesImport(
        path,
        survey_id,
        source,
        recorded_by,
        rows=checked.rows,
        created=stored.created,
        replaced=stored.replaced,
        kept_chat=stored.kept_chat,
        kept_opted_out=stored.kept_opted_out,
        blank=checked.blank,
        unfinished=checked.unfinished,
        stored=True,
    )


# --- checking (pure: no database) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What checking a file needs to know besides the file."""

    questionnaire: Questionnaire
    members: Mapping[str, Member]
    key_column: str  # the identifier column of the institution kind: alumni_nisn, alumni_nim…
    kind: str  # the institution kind (smk, university, blk): how a key cell is read
    zone: ZoneInfo
    now: datetime
    language: str  # the operator's
    cohort: tuple[str, int]  # institution code, graduation year: named when a key is unknown
    progress: Progress | None = None

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()


@dataclass(frozen=True, slots=True)
class _Ready:
    """A checked row, to store: whose, the engine's final state, when it was answered."""

    row: int
    alumnus_id: int
    state: str  # ConversationState JSON: a few KB a row where the objects would take many more
    started_at: datetime
    completed_at: datetime


@dataclass(frozen=True, slots=True)
class _Checked:
    rows: int = 0
    blank: int = 0
    unfinished: tuple[int, ...] = ()
    errors: tuple[RowError, ...] = ()
    ready: tuple[_Ready, ...] = ()


class _FileProblem(Exception):
    """The file as a whole cannot be used: a staff message key and its params."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class _Slot:
    """What one column of the file holds for a question."""

    question: Question
    role: str  # "value", "flag" (a multiple-choice option, 1/0) or "other" (the `_lain` text)
    kind: ColumnKind
    choice: str | None = None  # the option of a flag column


def _check_file(path: Path, context: _Context) -> _Checked:
    """Read and check every row; problems are returned, never raised."""
    try:
        is_csv, lines = _read(path)
    except _FileProblem as problem:
        return _Checked(errors=(RowError(problem.key, problem.params),))
    except PermissionError:
        denied = RowError("responses_no_permission", {"path": str(path.absolute())})
        return _Checked(errors=(denied,))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, csv.Error) as exc:
        detail = type(exc).__name__
        return _Checked(errors=(RowError("responses_unreadable", {"detail": detail}),))
    if not lines or all(_blank(v) for v in lines[0]):
        return _Checked(errors=(RowError("responses_empty", {"column": context.key_column}),))
    header = [cell_text(v) for v in lines[0]]
    errors: list[RowError] = []
    slots = _slots(context.questionnaire)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in columns:
            errors.append(
                RowError(
                    "responses_duplicate_column",
                    {"first": get_column_letter(columns[name] + 1),
                     "second": get_column_letter(index + 1)},
                    row=HEADER_ROW,
                    column=name,
                )
            )  # fmt: skip
        columns.setdefault(name, index)
    if context.key_column not in columns:
        missing = RowError(
            "responses_no_key_column", {"column": context.key_column}, row=HEADER_ROW
        )
        errors.append(missing)
    if errors:
        return _Checked(errors=tuple(errors))
    checker = _RowChecker(context, header, slots, is_csv)
    data = [(n, cells) for n, cells in enumerate(lines[1:], start=HEADER_ROW + 1)]
    data = [(n, cells) for n, cells in data if not all(_blank(v) for v in cells)]
    if not data:
        return _Checked(errors=(RowError("responses_no_rows", {}),))
    for done, (number, cells) in enumerate(data, start=1):
        checker.check(number, cells)
        if context.progress is not None and (done % 100 == 0 or done == len(data)):
            context.progress("check", done, len(data))
    return checker.result(len(data))


def _read(path: Path) -> tuple[bool, list[Sequence[Any]]]:
    """(whether it is CSV text, its rows as cell values); _FileProblem when it is no such file."""
    if path.is_dir():
        raise _FileProblem("responses_is_directory", path=str(path.absolute()))
    if not path.exists():
        raise _FileProblem("responses_file_missing", path=str(path.absolute()))
    extension = path.suffix.lower()
    if extension in TEXT_EXTENSIONS:
        return True, _csv_rows(path)
    if extension in XLSX_EXTENSIONS:
        return False, _xlsx_rows(path)
    raise _FileProblem("responses_unknown_extension", extension=extension or path.name)


def _csv_rows(path: Path) -> list[Sequence[Any]]:
    """The rows of a CSV file, its separator (";", "," or tab) read from the header line."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")  # Excel's "Unicode Text"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _FileProblem("responses_unreadable", detail="not UTF-8 text") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    # The csv module refuses fields over 128 KiB; the text is in memory already. Process-wide:
    # only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[Sequence[Any]]:
    """The first sheet's rows as values (the export's Answers sheet comes first)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read to the last row, whatever size the file declares
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _slots(questionnaire: Questionnaire) -> dict[str, _Slot]:
    """Column code -> what it holds: the export's own columns of each answerable question."""
    slots: dict[str, _Slot] = {}
    for question in questionnaire.questions:
        if not question.type.is_answerable:
            continue
        columns = plan_question(question.code, [questionnaire]).columns
        flags = [c for c in columns if c.kind is ColumnKind.FLAG]  # one per option, in order
        if flags:
            for column, choice in zip(flags, question.choices, strict=True):
                slots[column.name] = _Slot(question, "flag", column.kind, choice.value)
        rest = [c for c in columns if c.kind is not ColumnKind.FLAG]
        if question.type is not QuestionType.MULTIPLE_CHOICE and rest:
            slots[rest[0].name] = _Slot(question, "value", rest[0].kind)
            rest = rest[1:]
        for column in rest:  # the "other, please specify" text
            slots[column.name] = _Slot(question, "other", column.kind)
    return slots


@dataclass(frozen=True, slots=True)
class _Given:
    """What a row says about one question."""

    question: Question
    column: str  # where to point: its value column, or its first filled one
    text: str | None = None  # the value cell, as text (not a multiple choice)
    chosen: tuple[str, ...] = ()  # a multiple choice: the options marked 1
    other: str | None = None  # the `_lain` text
    other_column: str | None = None

    @property
    def blank(self) -> bool:
        return self.text is None and not self.chosen and self.other is None


_Expected = tuple[AnswerValue, str | None]  # what the engine must store: value, other text


class _RowChecker:
    """Checks rows one by one, keeping what was seen (keys, unknown columns) across rows."""

    def __init__(
        self, context: _Context, header: list[str], slots: Mapping[str, _Slot], is_csv: bool
    ) -> None:
        self.context = context
        self.q = context.questionnaire
        self.is_csv = is_csv
        self.names = [name or get_column_letter(i + 1) for i, name in enumerate(header)]
        identity = {c.name for c in identity_columns(context.kind)}
        self.slots: list[_Slot | None] = [slots.get(name) for name in header]
        # Columns neither the questionnaire's nor the export's: any value in them is an error.
        self.unknown = [
            i for i, name in enumerate(header) if name not in slots and name not in identity
        ]
        self.unknown_rows: dict[int, list[int]] = {}
        self.key = context.key_column
        self.key_at = header.index(self.key)
        self.status_at = header.index(STATUS_HEADER) if STATUS_HEADER in header else None
        self.started_at = header.index(STARTED_HEADER) if STARTED_HEADER in header else None
        self.completed_at = header.index(COMPLETED_HEADER) if COMPLETED_HEADER in header else None
        self.seen: dict[str, int] = {}
        self.errors: list[RowError] = []
        self.ready: list[_Ready] = []
        self.blank = 0
        self.unfinished: list[int] = []
        self.statuses = {
            normalize(word): status
            for status in STATUSES
            for word in (status, *(staff_text(lang, f"status_{status}") for lang in LANGUAGES))
        }

    def result(self, rows: int) -> _Checked:
        errors = list(self.errors)
        for index, numbers in self.unknown_rows.items():
            errors.append(
                RowError(
                    "responses_unknown_column",
                    {
                        "column": self.names[index],
                        "questionnaire": f"{self.q.id} {self.q.version}",
                        "count": len(numbers),
                        "lines": row_list(numbers),
                    },
                )
            )
        return _Checked(
            rows=rows,
            blank=self.blank,
            unfinished=tuple(self.unfinished),
            errors=tuple(errors),
            ready=tuple(self.ready) if not errors else (),
        )

    def _cell(self, cells: Sequence[Any], index: int | None) -> Any:
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if _blank(value) else value

    def _error(self, row: int, where: str | None, key: str, **params: Any) -> None:
        """A problem at a row and column (None: the row)."""
        self.errors.append(RowError(key, params, row=row, column=where))

    def check(self, row: int, cells: Sequence[Any]) -> None:
        """Check one non-blank row: who, its status and times, every cell, then the engine."""
        for index in self.unknown:
            if self._cell(cells, index) is not None:
                self.unknown_rows.setdefault(index, []).append(row)
        if not any(
            slot is not None and self._cell(cells, i) is not None
            for i, slot in enumerate(self.slots)
        ):
            self.blank += 1
            return
        errors_before = len(self.errors)
        status = self._status(row, cells)
        if status in UNFINISHED:
            self.unfinished.append(row)
            return
        member = self._member(row, cells)
        times = self._times(row, cells)
        language = self.q.default_language
        if member is not None and member.language in self.q.languages:
            language = member.language
        given = self._given(row, cells)
        expected = {
            code: found
            for code, item in given.items()
            if (found := self._value(row, item)) is not None
        }
        if len(self.errors) > errors_before or member is None or times is None:
            return
        started, completed = times
        state = self._play(row, given, expected, language, completed)
        if state is not None:
            text = json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":"))
            self.ready.append(_Ready(row, member.id, text, started or completed, completed))

    # --- the identity columns --------------------------------------------------------------

    def _status(self, row: int, cells: Sequence[Any]) -> str | None:
        value = self._cell(cells, self.status_at)
        if value is None:
            return None
        found = self.statuses.get(normalize(cell_text(value)))
        if found is None:
            completed = staff_text(self.context.language, "status_completed")
            text = cell_text(value)
            self._error(row, STATUS_HEADER, "responses_bad_status", value=text, completed=completed)
        return found

    def _member(self, row: int, cells: Sequence[Any]) -> Member | None:
        value = self._cell(cells, self.key_at)
        if value is None:
            self._error(row, self.key, "responses_blank_key", column=self.key)
            return None
        key = roster_key(value, self.context.kind)
        member = self.context.members.get(key)
        if member is None:
            code, year = self.context.cohort
            self._error(
                row, self.key, "responses_unknown_alumnus", value=key, institution=code, year=year
            )
            return None
        first = self.seen.setdefault(key, row)
        if first != row:
            self._error(row, self.key, "responses_duplicate_alumnus", value=key, first=first)
            return None
        return member

    def _times(self, row: int, cells: Sequence[Any]) -> tuple[datetime | None, datetime] | None:
        """(started or None, completed): the file's local times in UTC, else completed now."""
        errors = len(self.errors)
        started = self._time(row, cells, self.started_at, STARTED_HEADER)
        completed = self._time(row, cells, self.completed_at, COMPLETED_HEADER)
        if len(self.errors) > errors:
            return None
        finished = completed or self.context.now
        if started is not None and started > finished:
            self._error(
                row,
                STARTED_HEADER,
                "responses_time_order",
                started=self._local(started),
                completed=self._local(finished),
            )
            return None
        return started, finished

    def _local(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.context.zone):%Y-%m-%d %H:%M}"

    def _time(
        self, row: int, cells: Sequence[Any], index: int | None, column: str
    ) -> datetime | None:
        """The cell's time in UTC; None when blank, or when it is no time (reported)."""
        value = self._cell(cells, index)
        if value is None:
            return None
        if isinstance(value, datetime):
            moment = value
        else:
            try:
                moment = datetime.fromisoformat(cell_text(value))
            except ValueError:
                self._error(row, column, "responses_bad_time", value=cell_text(value))
                return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.context.zone)  # the export writes local time
        moment = moment.astimezone(UTC)
        if moment > self.context.now:
            self._error(row, column, "responses_future_time", value=self._local(moment))
            return None
        return moment

    # --- the answers -----------------------------------------------------------------------

    def _given(self, row: int, cells: Sequence[Any]) -> dict[str, _Given]:
        """Each question's cells in this row; a flag that is neither 1 nor 0 is reported."""
        texts: dict[str, tuple[str, str]] = {}
        chosen: dict[str, list[str]] = {}
        flags: dict[str, str] = {}  # code -> its first filled flag column
        others: dict[str, tuple[str, str]] = {}
        questions: dict[str, Question] = {}
        for index, slot in enumerate(self.slots):
            value = self._cell(cells, index)
            if slot is None or value is None:
                continue
            code, name = slot.question.code, self.names[index]
            questions[code] = slot.question
            if slot.role == "flag":
                mark = _flag(value)
                if mark is None:
                    self._error(row, name, "responses_bad_flag", value=cell_text(value))
                    continue
                flags.setdefault(code, name)
                if mark:
                    chosen.setdefault(code, []).append(str(slot.choice))
            elif slot.role == "other":
                others[code] = (self._text(value, slot), name)
            else:
                texts[code] = (self._value_text(slot.question, value, slot), name)
        given: dict[str, _Given] = {}
        for code, question in questions.items():
            text, column = texts.get(code, (None, None))
            other, other_column = others.get(code, (None, None))
            given[code] = _Given(
                question,
                column or flags.get(code) or other_column or code,
                text=text,
                chosen=tuple(chosen.get(code, ())),
                other=other,
                other_column=other_column,
            )
        return {code: item for code, item in given.items() if not item.blank}

    def _text(self, value: Any, slot: _Slot) -> str:
        text = cell_text(value)
        if self.is_csv and slot.kind is ColumnKind.TEXT and _FORMULA_QUOTE.match(text):
            return text[1:]
        return text

    def _value_text(self, question: Question, value: Any, slot: _Slot) -> str:
        """A value cell as the text an alumnus would type; a date cell Excel made, as a date."""
        if isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            if question.type is QuestionType.MONTH:
                return f"{day:%Y-%m}"
            if question.type is QuestionType.DATE:
                return day.isoformat()
        return self._text(value, slot)

    def _value(self, row: int, item: _Given) -> _Expected | None:
        """Read the cells with the questionnaire's rules: what the engine must store, or None.

        Read in the operator's language when the questionnaire has it: the value is the same
        in every language (cells are codes), and a reason quoting a choice's label is readable.
        """
        language = self.context.language
        if language not in self.q.languages:
            language = self.q.default_language
        question = item.question
        choices = question.choices
        other_choices = [c.value for c in choices if c.other]
        other: str | None = None
        if item.other is not None:
            checked = check_other_text(item.other)
            if isinstance(checked, Rejection):
                # The engine's own words for "please specify": not the question's message.
                self._reject(row, item.other_column, item.other, question, checked, own=False)
                return None
            other = checked
        if item.text is None and not item.chosen:  # only a `_lain` text
            self._other_unused(row, item, other_choices)
            return None
        if question.type is QuestionType.MULTIPLE_CHOICE:
            picked = [c for c in choices if c.value in item.chosen]
            selection = check_selection(self.q, question, picked, language)
            if isinstance(selection, Rejection):
                self._reject(row, item.column, ", ".join(item.chosen), question, selection)
                return None
            value: AnswerValue = selection.value
        elif question.type is QuestionType.SINGLE_CHOICE:
            choice = question.choice(item.text) if item.text is not None else None
            if choice is None:
                self._error(
                    row,
                    item.column,
                    "responses_bad_choice",
                    value=item.text or "",
                    choices=", ".join(c.value for c in choices),
                )
                return None
            picked = [choice]
            value = choice.value
        elif question.place is not None:
            assert item.text is not None
            # The export writes a place's official code (or an extra choice's value, abroad):
            # the engine checks the rest (skip logic, a city within its province) below.
            if question.place.places.get(item.text) is None and question.choice(item.text) is None:
                self._error(row, item.column, "responses_bad_place", value=item.text)
                return None
            return item.text, None
        else:
            assert item.text is not None  # not a choice: its only cell is the value
            parsed = read_answer(
                self.q, question, _typed(question, item.text), language, self.context.today
            )
            if isinstance(parsed, Rejection):
                self._reject(row, item.column, item.text, question, parsed)
                return None
            if parsed.confirm:
                self._error(row, item.column, "responses_not_accepted", value=item.text)
                return None
            return parsed.value, None
        wants_other = [c.value for c in picked if c.other]
        if wants_other and other is None:
            column = item.other_column or f"{question.code}_{OTHER_SUFFIX}"
            self._error(row, column, "responses_other_missing", choice=wants_other[0])
            return None
        if other is not None and not wants_other:
            self._other_unused(row, item, other_choices)
            return None
        return value, other

    def _other_unused(self, row: int, item: _Given, other_choices: list[str]) -> None:
        choice = " / ".join(other_choices) or "-"
        self._error(row, item.other_column or item.column, "responses_other_unused", choice=choice)

    def _reject(
        self,
        row: int,
        column: str | None,
        value: str,
        question: Question,
        rejection: Rejection,
        *,
        own: bool = True,
    ) -> None:
        """A value the questionnaire refuses, with the reason an alumnus would read.

        `own`: the question's validation message, when it has one, replaces the engine's words
        (as it does in a chat).
        """
        self._error(
            row,
            column,
            "responses_rejected",
            value=value,
            reason=self._reason(question, rejection.key, rejection.params, own=own),
        )

    def _reason(
        self, question: Question, key: str, params: Mapping[str, Any], *, own: bool = True
    ) -> str:
        language = self.context.language
        message = question.validation.message
        if own and message:
            return self.q.text(message, language)
        return t(language, key, **params)

    # --- the engine ------------------------------------------------------------------------

    def _play(
        self,
        row: int,
        given: Mapping[str, _Given],
        expected: Mapping[str, _Expected],
        language: str,
        now: datetime,
    ) -> ConversationState | None:
        """Answer the questionnaire through the engine with the row's values; the final state.

        None when the engine would not take the row (reported): a required question left blank,
        a value for a question skip logic hides, anything the engine did not store as given.
        """
        q = self.q
        step = start(q, now, language)
        step = resume(q, step.state, ButtonPress("", BUTTON_CONSENT_YES, q.version), now)
        asked: set[str] = set()
        while step.state.phase is Phase.QUESTION:
            code = step.state.current
            assert code is not None  # the QUESTION phase always has one
            item = given.get(code)
            if code in asked:  # asked again: the engine did not take what it was given
                self._refused(row, code, item, step)
                return None
            asked.add(code)
            for reply in _replies(q, code, item):
                step = resume(q, step.state, reply, now)
            if step.state.current == code and step.state.awaiting_other and item and item.other:
                step = resume(q, step.state, TextReply(item.other), now)
            if step.state.phase is Phase.QUESTION and step.state.current == code:
                self._refused(row, code, item, step)
                return None
        if step.state.phase is Phase.REVIEW:
            step = resume(q, step.state, ButtonPress("", BUTTON_SUBMIT, q.version), now)
        if step.state.phase is not Phase.COMPLETED:
            self._error(row, None, "responses_not_completed")
            return None
        answers = step.state.answers
        problems = len(self.errors)
        for code, item in given.items():
            answer = answers.get(code)
            if answer is None or answer.value is None:
                self._error(row, item.column, "responses_hidden")
            elif (answer.value, answer.other_text) != expected.get(code):
                self._error(row, item.column, "responses_not_accepted", value=item.text or "")
        return step.state if len(self.errors) == problems else None

    def _refused(self, row: int, code: str, item: _Given | None, step: Step) -> None:
        """Why the engine is still at `code` after its cells were given."""
        question = self.q.question(code)
        if item is None:
            # The export's first column of the question: where its answer goes.
            column = plan_question(code, [self.q]).columns[0].name
            self._error(row, column, "responses_required")
            return
        column = item.column
        rejected = next((e for e in step.events if isinstance(e, AnswerRejected)), None)
        if rejected is not None:
            own = bool(rejected.message)
            reason = self._reason(question, rejected.key, rejected.params, own=own)
            self._error(row, column, "responses_rejected", value=item.text or "", reason=reason)
        else:
            self._error(row, column, "responses_not_accepted", value=item.text or "")


def _flag(value: Any) -> bool | None:
    """1 or 0 (as number, text or a ticked box); None when it is neither."""
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    return {"1": True, "0": False}.get(text)


def _typed(question: Question, text: str) -> str:
    """The cell as a reply: an amount of money in the file is rupiah, never "thousands?"."""
    if question.type is QuestionType.MONEY and text.isdigit():
        return f"Rp {text}"
    return text


def _replies(q: Questionnaire, code: str, item: _Given | None) -> Iterable[Reply]:
    """What a respondent answering with the row's value presses or types at question `code`.

    Buttons, not typed text: a cell is a value, never a command ("lewati" is a text answer).
    """
    version = q.version
    if item is None:
        return [ButtonPress(code, BUTTON_SKIP, version)]
    question = item.question
    if question.type is QuestionType.MULTIPLE_CHOICE:
        ticks = [ButtonPress(code, value, version) for value in item.chosen]
        return [*ticks, ButtonPress(code, BUTTON_DONE, version)]
    if item.text is None:
        return []
    if question.type is QuestionType.SINGLE_CHOICE:
        return [ButtonPress(code, item.text, version)]
    if question.place is not None:  # a place is typed by its name; the file holds its code
        place = question.place.places.get(item.text)
        return [ButtonPress(code, place.name if place is not None else item.text, version)]
    return [ButtonPress(code, _typed(question, item.text), version)]


# --- storing (one transaction, through the turn's own path) ---------------------------------


@dataclass(frozen=True, slots=True)
class _Stored:
    created: int
    replaced: int
    kept_chat: tuple[int, ...]
    kept_opted_out: tuple[int, ...]


_RESPONSES = Response.__table__
_PRIOR = select(_RESPONSES.c.status, _RESPONSES.c.source).where(
    _RESPONSES.c.id == bindparam("response_id")
)
_MARK = (
    update(_RESPONSES)
    .where(_RESPONSES.c.id == bindparam("response_id"))
    .values(
        source=bindparam("new_source"),
        recorded_by=bindparam("new_recorded_by"),
        questionnaire_version_id=bindparam("new_version"),
        started_at=bindparam("new_started_at"),
        completed_at=bindparam("new_completed_at"),
    )
)


def _store(
    conn: Connection,
    survey_id: int,
    version_id: int,
    ready: Sequence[_Ready],
    source: ResponseSource,
    recorded_by: str | None,
    now: datetime,
    progress: Progress | None,
) -> _Stored:
    """Write every checked row (no commit); what an existing response holds decides each one."""
    created = replaced = 0
    kept_chat: list[int] = []
    kept_opted_out: list[int] = []
    for done, item in enumerate(ready, start=1):
        locked = turns.lock_response(conn, survey_id, item.alumnus_id, now)
        status, was = conn.execute(_PRIOR, {"response_id": locked.id}).one()
        if status == ResponseStatus.COMPLETED and was == ResponseSource.CHAT:
            kept_chat.append(item.row)  # the alumnus's own answers win
        elif status == ResponseStatus.OPTED_OUT:
            kept_opted_out.append(item.row)  # they asked to stop, or to be erased (UU PDP)
        else:
            replaced += status in _REPLACED
            created += status not in _REPLACED
            state = ConversationState.from_json(json.loads(item.state))
            turns.store_step(conn, locked, locked.conversation_state(), Step(state, ()), now)
            conn.execute(
                _MARK,
                {
                    "response_id": locked.id,
                    "new_source": source.value,
                    "new_recorded_by": recorded_by,
                    "new_version": version_id,
                    "new_started_at": item.started_at,
                    "new_completed_at": item.completed_at,
                },
            )
        if progress is not None and (done % 100 == 0 or done == len(ready)):
            progress("store", done, len(ready))
    return _Stored(created, replaced, tuple(kept_chat), tuple(kept_opted_out))
