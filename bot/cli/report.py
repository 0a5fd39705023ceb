"""`jejak report`: a survey's indicators as JSON (the machine interface), XLSX or HTML.

The figures come from conversations.indicators (FiguresBuilder), fed one Respondent at a time by
storage/reports/indicators.py; this module picks the surveys of the scope, binds the minimum
wages of the survey's year and the institution's province, and writes the document. Every JSON
key is described in docs/reports.md. A report holds aggregates only: groups too small to hide a
person show counts, never pay (the builder's `suppressed`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.progress import progress_bar
from bot.errors import Fail
from bot.services import Services
from config.loader import parse_questionnaire
from config.places import Province, match_province, province_by_code, regency_by_code
from config.staff_messages import staff_text
from config.wages import MinimumWage, MinimumWages
from conversations.indicators.definitions import FIGURE_DEFINITIONS
from conversations.indicators.figures import FiguresBuilder
from conversations.questionnaire import Questionnaire
from storage.reports.indicators import (
    CLASS,
    INSTITUTION,
    PROGRAMME,
    ReportSurvey,
    institution_surveys,
    province_institutions,
    province_surveys,
    report_survey,
    respondents,
)
from storage.roster import repository as repo

Progress = Callable[[int, int], None]
REPORT_VERSION = 1  # the JSON's layout (docs/reports.md); raised when a key changes meaning


class ReportFormat(enum.StrEnum):
    """What `jejak report` writes."""

    JSON = "json"
    XLSX = "xlsx"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Whose figures: one survey, an institution's cohort, or a province's cohort."""

    survey: int | None = None
    institution: str | None = None  # institution code
    province: str | None = None  # as the operator typed it: a name, an alias or the code
    cohort: int | None = None  # graduation year; None with institution/province: the latest
    questionnaire: str | None = None  # only surveys on this questionnaire id
    class_group_ids: frozenset[int] | None = None  # only these classes (an export's --class)

    @property
    def kind(self) -> str:
        """Which scope it is: "survey", "institution" or "province"."""
        if self.province is not None:
            return "province"
        return "institution" if self.institution is not None else "survey"


@dataclass(slots=True)
class WageLog:
    """What the minimum-wage lookups of one report found, for its `minimum_wage` key.

    Not frozen: it is the builder's WageLookup and counts as the figures are read.
    """

    year: int
    fallback: Province | None
    wages: MinimumWages
    regional_file: str | None = None
    used: set[MinimumWage] = field(default_factory=set)  # the wage rows compared with
    places: int = 0  # distinct (province, city) answers looked up
    missing: int = 0  # of which no wage is known

    def lookup(self, province: object, city: object) -> int | None:
        """The WageLookup: the place's wage, the institution's province when none is given."""
        self.places += 1
        named = province.strip() if isinstance(province, str) and province.strip() else None
        town = city.strip() if isinstance(city, str) and city.strip() else None
        regency = regency_by_code(town) if town is not None and town.isdigit() else None
        if regency is not None:  # a place question stores the official code: UMK rows go by name
            town, named = regency.name, named or regency.province_code
        if named is None and self.fallback is not None:
            named = self.fallback.code  # where the alumnus works is not known: the institution's
        if named is None and town is None:
            self.missing += 1
            return None
        wage = self.wages.lookup(self.year, named, town)
        if wage is None:
            self.missing += 1
            return None
        self.used.add(wage)
        return wage.amount

    def summary(self) -> dict[str, object]:
        """The JSON's `minimum_wage`."""
        used = sorted(self.used, key=lambda w: (w.level, w.province_code, w.place))
        levels = sorted({w.level for w in used})  # "UMK" before "UMP": it takes precedence
        fallback = self.fallback
        return {
            "year": self.year,
            "level": "+".join(levels) if levels else None,
            "fallback_province": _province_json(fallback),
            "regional_file": self.regional_file,
            "rows_available": sum(1 for w in self.wages.wages if w.year == self.year),
            "rows_used": len(used),
            "places": self.places,
            "places_without_wage": self.missing,
            "sources": sorted({f"{w.level} {w.place} {w.year}: {w.source}" for w in used}),
        }


async def report_command(
    services: Services,
    console: Console,
    err: Console,
    scope: ReportScope,
    fmt: ReportFormat,
    output: Path | None,
    umk: Path | None,
    language: str | None,
) -> None:
    """Check the options, build the report, write it to stdout (JSON) or a file."""
    says = services.settings.language
    language = language or says
    if language not in ("id", "en"):
        raise Fail("bad_language", choice=language, languages="id, en")
    wages = load_wages(umk)
    if output is None and fmt is not ReportFormat.JSON:
        output = Path(report_file_name(scope, date.today(), fmt))
    stream = _open(output) if output is not None else None  # unwritable: fail before the work
    try:
        with _progress(err, says) as advance:
            document = await build_report(
                services.sessions,
                scope,
                wages=wages,
                regional_file=str(umk) if umk else None,
                language=language,
                progress=advance,
                notice=lambda key, **p: err.print(
                    f"[yellow]{escape(staff_text(says, key, **p))}[/]"
                ),
            )
        if stream is None:
            # JSON on stdout is the machine interface: nothing else ever goes there.
            console.file.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            return
        assert output is not None
        write_document(document, fmt, stream, language)
        stream.close()
        os.replace(_partial(output), output)
    except BaseException:
        if stream is not None:
            stream.close()
            with contextlib.suppress(OSError):
                _partial(output).unlink(missing_ok=True)  # type: ignore[arg-type]
        raise
    err.print(escape(staff_text(says, "report_written", path=str(output))))


def write_document(
    document: Mapping[str, Any], fmt: ReportFormat, stream: IO[bytes], language: str
) -> None:
    """The document in `fmt` to a binary stream."""
    if fmt is ReportFormat.JSON:
        stream.write((json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())
    elif fmt is ReportFormat.XLSX:
        from bot.documents.report import write_report_xlsx

        write_report_xlsx(document, stream, language)
    else:
        from bot.documents.report_html import report_html

        stream.write(report_html(document, language).encode())


def report_file_name(scope: ReportScope, day: date, fmt: ReportFormat) -> str:
    """`laporan-<scope>-<YYYYMMDD>.<format>`, safe on every file system."""
    if scope.survey is not None:
        label = f"survei-{scope.survey}"
    elif scope.institution is not None:
        label = scope.institution
    else:
        label = f"provinsi-{scope.province}"
    if scope.cohort is not None:
        label += f"-{scope.cohort}"
    label = re.sub(r"[^A-Za-z0-9_-]+", "_", label).strip("_") or "_"
    return f"laporan-{label}-{day:%Y%m%d}.{fmt.value}"


def load_wages(umk: Path | None) -> MinimumWages:
    """The shipped UMP, plus an institution's UMK file when given (a bad file stops here)."""
    if umk is None:
        return MinimumWages.bundled()
    if not umk.is_file():
        raise Fail("report_umk_missing", option="--umk", path=str(umk))
    try:
        return MinimumWages.with_regional(umk)
    except ValueError as exc:
        raise Fail("report_umk_refused", option="--umk", path=str(umk), problems=str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise Fail("report_umk_missing", option="--umk", path=f"{umk} ({reason})") from None


async def build_report(
    sessions: async_sessionmaker[AsyncSession],
    scope: ReportScope,
    *,
    wages: MinimumWages | None = None,
    regional_file: str | None = None,
    language: str = "id",
    now: datetime | None = None,
    progress: Progress | None = None,
    notice: Callable[..., None] | None = None,
) -> dict[str, Any]:
    """The report's JSON document for a scope (docs/reports.md): the figures and what they cover.

    Raises Fail with a staff message for a scope that names nothing or is ambiguous.
    """
    now = now or datetime.now(UTC)
    async with sessions() as session:
        province, cohort, surveys = await _surveys(session, scope, notice)
        province_list = (
            await province_institutions(session, province.code) if province is not None else []
        )
        questionnaire = _questionnaire(surveys)
        year = survey_year(surveys)
        fallback = province or _institution_province(surveys)
        log = WageLog(year, fallback, wages or MinimumWages.bundled(), regional_file)
        by_institution = scope.kind == "province"
        keys = (INSTITUTION, PROGRAMME) if by_institution else (CLASS, PROGRAMME)
        builder = FiguresBuilder(questionnaire, wage_for=log.lookup, group_keys=keys)
        async for respondent in respondents(
            session,
            surveys,
            codes=read_codes(questionnaire),
            class_group_ids=scope.class_group_ids,
            by_institution=by_institution,
            progress=progress,
        ):
            builder.add(respondent)
    figures = builder.result()
    single = surveys[0] if len(surveys) == 1 and scope.kind != "province" else None
    document: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "survey": _survey_json(single, surveys) if single else None,
        "scope": {
            "kind": scope.kind,
            "survey": scope.survey,
            "institution": scope.institution,
            "province": _province_json(province),
            "cohort": cohort,
            "questionnaire": questionnaire.id,
            "questionnaire_version": questionnaire.version,
            "classes": _classes(scope, figures),
        },
        "generated_at": now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "language": language,
        **figures,
        "minimum_wage": log.summary(),
        "ranking": _ranking(figures, surveys) if by_institution else None,
        "institutions_without_survey": (
            [
                {"code": code, "name": name}
                for code, name in province_list
                if code not in {s.institution_code for s in surveys}
            ]
            if by_institution
            else None
        ),
        "surveys": [_survey_json(s, surveys) for s in surveys],
        "labels": _labels(questionnaire, language),
        "definitions": {k: {"id": t[0], "en": t[1]} for k, t in FIGURE_DEFINITIONS.items()},
    }
    return document


async def _surveys(
    session: AsyncSession, scope: ReportScope, notice: Callable[..., None] | None
) -> tuple[Province | None, int, list[ReportSurvey]]:
    """The scope's province (province scope only), cohort and surveys, one per institution."""
    if scope.survey is not None:
        if scope.institution is not None or scope.province is not None:
            raise Fail("report_scope_conflict")
        if scope.cohort is not None:
            raise Fail("report_cohort_with_survey")
        survey = await report_survey(session, scope.survey)
        if survey is None:
            raise Fail("report_survey_not_found", option="--survey", id=scope.survey)
        return None, survey.graduation_year, [survey]
    if scope.institution is not None and scope.province is not None:
        raise Fail("report_scope_conflict")
    province: Province | None = None
    if scope.institution is not None:
        institution = await repo.get_institution(session, scope.institution)
        if institution is None:
            raise Fail(
                "report_institution_not_found", option="--institution", code=scope.institution
            )
        cohort, found = await institution_surveys(session, institution.id, scope.cohort)
        where = scope.institution
    elif scope.province is not None:
        province = match_province(scope.province)
        if province is None:
            raise Fail("bad_province", option="--province", province=scope.province)
        cohort, found = await province_surveys(session, province.code, scope.cohort)
        where = province.name
    else:
        raise Fail("report_scope_missing")
    if scope.questionnaire is not None:
        found = [s for s in found if s.questionnaire_id == scope.questionnaire]
    if not found or cohort is None:
        key = "report_no_province_survey" if province is not None else "report_no_survey"
        raise Fail(key, scope=where, cohort=scope.cohort or "-", code=scope.institution or "")
    kinds = Counter(s.questionnaire_id for s in found)
    if len(kinds) > 1:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(kinds.items()))
        raise Fail("report_mixed_questionnaires", scope=where, cohort=cohort, found=listed)
    latest: dict[int, ReportSurvey] = {}
    for survey in found:  # oldest first: the latest survey of each institution stays
        if survey.institution_id in latest and notice is not None:
            notice("report_several_surveys", code=survey.institution_code, cohort=cohort,
                   old=latest[survey.institution_id].id, new=survey.id)  # fmt: skip
        latest[survey.institution_id] = survey
    return province, cohort, list(latest.values())


def _questionnaire(surveys: Sequence[ReportSurvey]) -> Questionnaire:
    """The newest questionnaire version among the surveys: its declarations read every answer."""
    newest = max(surveys, key=lambda s: s.questionnaire_version_id)
    return parse_questionnaire(newest.questionnaire_source, f"{newest.questionnaire_id}.yaml")


def survey_year(surveys: Sequence[ReportSurvey]) -> int:
    """The survey's year (its minimum wages'): the local year it opened; for several surveys, the
    year most of them opened in (the later one on a tie)."""
    years = Counter(s.opens_at.astimezone(ZoneInfo(s.timezone)).year for s in surveys)
    return max(years, key=lambda year: (years[year], year))


def _institution_province(surveys: Sequence[ReportSurvey]) -> Province | None:
    codes = {s.institution_province for s in surveys}
    if len(codes) != 1:
        return None
    (code,) = codes
    return province_by_code(code) if code else None


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
            if item.name in ("question", "province", "city") and isinstance(value, str):
                codes.add(value)
            elif item.name == "questions" and isinstance(value, tuple):
                codes.update(v for v in value if isinstance(v, str))
            elif dataclasses.is_dataclass(value):
                pending.append(value)
    return codes


def _province_json(province: Province | None) -> dict[str, str] | None:
    return {"code": province.code, "name": province.name} if province else None


def _survey_json(survey: ReportSurvey, surveys: Sequence[ReportSurvey]) -> dict[str, object]:
    place = province_by_code(survey.institution_province) if survey.institution_province else None
    return {
        "id": survey.id,
        "name": survey.name,
        "cohort": survey.graduation_year,
        "year": survey_year([survey]),
        "questionnaire": survey.questionnaire_id,
        "questionnaire_version": survey.questionnaire_version,
        "institution": {
            "code": survey.institution_code,
            "name": survey.institution_name,
            "kind": survey.institution_kind,
            "province": _province_json(place),
        },
    }


def _classes(scope: ReportScope, figures: Mapping[str, Any]) -> list[str | None] | None:
    """The class names an export's --class kept; None: every class."""
    if scope.class_group_ids is None:
        return None
    return [group["name"] for group in figures["groups"].get(CLASS, [])]


def _ranking(figures: Mapping[str, Any], surveys: Sequence[ReportSurvey]) -> dict[str, object]:
    """Institutions ranked by response rate and by BMW rate (best first, no figure last)."""
    names = {s.institution_code: s.institution_name for s in surveys}
    groups = figures["groups"].get(INSTITUTION, [])
    ranked: dict[str, object] = {}
    for key in ("response_rate", "bmw_rate"):
        order = sorted(groups, key=lambda g: (g[key] is None, -(g[key] or 0), g["name"] or ""))
        ranked[key] = [
            {"rank": n, "institution": g["name"], "name": names.get(g["name"]), "value": g[key]}
            for n, g in enumerate(order, start=1)
        ]
    return ranked


def _labels(questionnaire: Questionnaire, language: str) -> dict[str, dict[str, str]]:
    """What the job source's choice values mean, in the report's language."""
    declared = questionnaire.indicators.job_source if questionnaire.indicators else None
    question = questionnaire.by_code.get(declared.question) if declared else None
    if question is None:
        return {"job_source": {}}
    return {
        "job_source": {c.value: questionnaire.text(c.label, language) for c in question.choices}
    }


def _partial(output: Path) -> Path:
    return output.with_name(output.name + ".part")


def _open(output: Path) -> IO[bytes]:
    """The partial file beside `output`, or a clear failure naming --out before any work."""
    try:
        if output.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        return open(_partial(output), "wb")  # closed by the caller, or replaced
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise Fail("report_cannot_write", option="--out", path=str(output), reason=reason) from None


@contextlib.contextmanager
def _progress(err: Console, language: str) -> Iterator[Progress]:
    """A progress bar on stderr (alumni read); nothing at all when stderr is not a terminal."""
    if not err.is_terminal:  # a script reads stdout and stderr: not even the bar's blank line
        yield lambda _done, _total: None
        return
    with progress_bar(err) as bar:
        task = bar.add_task(staff_text(language, "report_progress"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
