"""A report's JSON document (docs/reports.md): the scope's surveys, their figures, what they cover.

The figures come from conversations.indicators (FiguresBuilder) through
storage.reports.indicators.survey_figures, the one computation `jejak report`, /laporan and the
weekly staff-group post share; this module picks the surveys of the scope, binds the minimum
wages of the survey's year and the institution's province, and adds what a report says around
the figures: the scope, the ranking of several institutions, the earlier cohorts (`trend`). A
report holds aggregates only: groups too small to hide a person show counts, never pay (the
builder's `suppressed`), and so do the totals of a report limited to a few classes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import Fail
from bot.reporting.wages import WageLog, province_json
from config.clock import utc_now
from config.loader import QuestionnaireError
from config.places import Province, match_province, province_by_code
from config.wages import MinimumWages
from conversations.indicators.definitions import FIGURE_DEFINITIONS
from conversations.indicators.iku import IKU_2025
from conversations.questionnaire import Questionnaire
from storage.reports.indicators import (
    CLASS,
    INSTITUTION,
    PROGRAMME,
    ReportSurvey,
    earlier_surveys,
    institution_surveys,
    listed_institutions,
    listed_surveys,
    province_institutions,
    province_surveys,
    report_questionnaire,
    report_survey,
    survey_figures,
)
from storage.roster import repository as repo

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
REPORT_VERSION = 1  # the JSON's layout (docs/reports.md); raised when a key changes meaning
# A group key no Respondent carries: the builder puts everyone in one group, and hides its
# figures as it hides a small class's. A report of a few classes takes its totals from it.
WHOLE = "_whole"
SEVERAL = ("province", "institutions")  # scopes of several institutions: grouped and ranked


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Whose figures: one survey, an institution's cohort, or the cohort of several institutions
    (a province's, or those listed: a staff member's)."""

    survey: int | None = None
    institution: str | None = None  # institution code
    province: str | None = None  # as the operator typed it: a name, an alias or the code
    cohort: int | None = None  # graduation year; None with institution/province: the latest
    questionnaire: str | None = None  # only surveys on this questionnaire id
    class_group_ids: frozenset[int] | None = None  # only these classes (an export's --class)
    institutions: tuple[str, ...] | None = None  # institution codes (a staff member's scope)

    @property
    def kind(self) -> str:
        """Which scope it is: "survey", "institution", "province" or "institutions"."""
        if self.province is not None:
            return "province"
        if self.institutions is not None:
            return "institutions"
        return "institution" if self.institution is not None else "survey"


async def build_report(
    sessions: async_sessionmaker[AsyncSession],
    scope: ReportScope,
    *,
    wages: MinimumWages | None = None,
    regional_file: str | None = None,
    language: str = "id",
    iku_definition: str | None = IKU_2025,
    now: datetime | None = None,
    progress: Progress | None = None,
    notice: Callable[..., None] | None = None,
) -> dict[str, Any]:
    """The report's JSON document for a scope (docs/reports.md): the figures and what they cover.

    `iku_definition` ("2021", "2025": the JEJAK_IKU_DEFINITION setting) is the definition of a
    university's IKU; other institutions' reports have none. Raises Fail with a staff message
    for a scope that names nothing or is ambiguous.
    """
    now = now or utc_now()
    several = scope.kind in SEVERAL
    async with sessions() as session:
        province, cohort, surveys = await _surveys(session, scope, notice)
        if province is not None:
            listed = await province_institutions(session, province.code)
        elif scope.institutions is not None:
            listed = await listed_institutions(session, scope.institutions)
        else:
            listed = []
        questionnaire = report_questionnaire(surveys)
        year = survey_year(surveys)
        fallback = province or _institution_province(surveys)
        wage_log = WageLog(year, fallback, wages or MinimumWages.bundled(), regional_file)
        keys: tuple[str, ...] = (INSTITUTION, PROGRAMME) if several else (CLASS, PROGRAMME)
        if scope.class_group_ids is not None:
            keys += (WHOLE,)
        figures = await survey_figures(
            session,
            surveys,
            questionnaire=questionnaire,
            wage_for=wage_log.lookup,
            group_keys=keys,
            class_group_ids=scope.class_group_ids,
            iku_definition=iku_definition,
            progress=progress,
        )
        suppressed = _hide_small_totals(figures)
        trend = await _trend(session, scope, surveys, figures)
    single = surveys[0] if len(surveys) == 1 and not several else None
    document: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "survey": _survey_json(single) if single else None,
        "scope": {
            "kind": scope.kind,
            "survey": scope.survey,
            "institution": scope.institution,
            "institutions": list(scope.institutions) if scope.institutions is not None else None,
            "province": province_json(province),
            "cohort": cohort,
            "questionnaire": questionnaire.id,
            "questionnaire_version": questionnaire.version,
            "classes": _classes(scope, figures),
        },
        "generated_at": now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "language": language,
        **figures,
        "suppressed": suppressed,
        "trend": trend,
        "minimum_wage": wage_log.summary(),
        "ranking": _ranking(figures, surveys) if several else None,
        "institutions_without_survey": (
            [
                {"code": code, "name": name}
                for code, name in listed
                if code not in {s.institution_code for s in surveys}
            ]
            if several
            else None
        ),
        "surveys": [_survey_json(s) for s in surveys],
        "labels": _labels(questionnaire, language),
        "definitions": {k: {"id": t[0], "en": t[1]} for k, t in FIGURE_DEFINITIONS.items()},
    }
    return document


def _hide_small_totals(figures: dict[str, Any]) -> bool:
    """A report of a few classes: totals as the builder shows the whole group (counts only when
    fewer than its minimum completed). True when they were hidden."""
    groups = figures["groups"]
    if WHOLE not in groups:
        return False
    whole = groups.pop(WHOLE)
    if not whole or not whole[0]["suppressed"]:
        return False
    figures.update({k: v for k, v in whole[0].items() if k not in ("name", "suppressed")})
    return True


async def _trend(
    session: AsyncSession,
    scope: ReportScope,
    surveys: Sequence[ReportSurvey],
    figures: Mapping[str, Any],
) -> list[dict[str, Any]] | None:
    """The institution's earlier cohorts, oldest first, then this one; None for a scope of
    several institutions or of some classes (classes change from year to year)."""
    if scope.kind in SEVERAL or scope.class_group_ids is not None or len(surveys) != 1:
        return None
    (survey,) = surveys
    entries = []
    for earlier in await earlier_surveys(session, survey.institution_id, survey.graduation_year):
        try:
            found = await survey_figures(session, [earlier], group_keys=())
        except QuestionnaireError:
            # Its stored questionnaire no longer reads: that cohort is left out, not the report.
            log.warning("report trend: survey %s has an unreadable questionnaire", earlier.id)
            continue
        entries.append(_trend_entry(earlier, found))
    entries.append(_trend_entry(survey, figures))
    return entries


def _trend_entry(survey: ReportSurvey, figures: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "cohort": survey.graduation_year,
        "survey": survey.id,
        "alumni": figures["alumni"],
        "completed": figures["completed"],
        "response_rate": figures["response_rate"],
        "bmw_rate": figures["bmw_rate"],
    }


async def _surveys(
    session: AsyncSession, scope: ReportScope, notice: Callable[..., None] | None
) -> tuple[Province | None, int, list[ReportSurvey]]:
    """The scope's province (province scope only), cohort and surveys, one per institution."""
    named = [scope.survey, scope.institution, scope.province, scope.institutions]
    if sum(part is not None for part in named) > 1:
        raise Fail("report_scope_conflict")
    if scope.survey is not None:
        if scope.cohort is not None:
            raise Fail("report_cohort_with_survey")
        survey = await report_survey(session, scope.survey)
        if survey is None:
            raise Fail("report_survey_not_found", option="--survey", id=scope.survey)
        return None, survey.graduation_year, [survey]
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
    elif scope.institutions is not None:
        cohort, found = await listed_surveys(session, scope.institutions, scope.cohort)
        where = ", ".join(scope.institutions)
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


def _survey_json(survey: ReportSurvey) -> dict[str, object]:
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
            "province": province_json(place),
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
            {
                "rank": n,
                "institution": g["name"],
                "name": names.get(g["name"]),
                "value": g[key],
                "alumni": g["alumni"],
                "completed": g["completed"],
            }
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
