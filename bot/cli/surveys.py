"""`jejak survey create|list|set|reminders`: a questionnaire run for one institution's cohort."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.errors import Fail
from bot.services import Services, institution_or_fail, survey_or_fail
from config.clock import utc_now
from config.loader import read_questionnaire
from config.staff_messages import staff_text
from config.templates import find_questionnaire
from scheduler.planning import policy_of
from scheduler.policy import ReminderPolicy
from storage.models import Institution, InstitutionKind, ResponseStatus, Survey
from storage.reports.overview import alumni_count, status_counts
from storage.roster import repository as repo
from storage.surveys.opening import cohort_last_finished_on
from storage.surveys.registry import create_survey, ensure_version, list_surveys

# When a cohort graduated, for a roster without graduation days (month, day of the graduation
# year). SMK: the school year ends in June (results are announced in May). Training centres and
# universities finish through the year: the year's last day, so every graduate is counted from
# no earlier than their own day.
GRADUATION_DAY = {InstitutionKind.SMK.value: (6, 1)}
YEAR_END = (12, 31)


def start_of_day(value: str | None, zone: str, default: date | None = None) -> datetime | None:
    """A YYYY-MM-DD option as midnight in the institution's zone, in UTC."""
    if value is None:
        if default is None:
            return None
        day = default
    else:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise Fail("bad_date_option", value=value) from None
    return datetime.combine(day, time(), ZoneInfo(zone)).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months on (the 31st becomes the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_opening(
    kind: str, year: int, finished: date | None, months: int, today: date
) -> tuple[date, str, date]:
    """The day a survey of the `year` cohort opens when none is given: `months` after the
    cohort's graduation (the roster's latest day, else the kind's usual one), never before
    `today`. Returns the day, why (a staff catalogue key) and the graduation day counted from."""
    graduated = finished or date(year, *GRADUATION_DAY.get(kind, YEAR_END))
    opening = add_months(graduated, months)
    if opening <= today:
        return today, "survey_opens_basis_past", graduated
    basis = "survey_opens_basis_roster" if finished else "survey_opens_basis_usual"
    return opening, basis, graduated


async def create_survey_command(
    services: Services,
    console: Console,
    institution_code: str,
    questionnaire: str,
    cohort: int | None,
    name: str | None,
    opens: str | None,
    closes: str | None,
) -> Survey:
    """Store the questionnaire's current text as a version and open a survey on it."""
    language = services.settings.language
    path = find_questionnaire(questionnaire, services.settings.questionnaire_dir)
    parsed, source = read_questionnaire(path)
    async with services.sessions() as session, session.begin():
        institution = await institution_or_fail(session, institution_code)
        zone = institution.timezone
        today = utc_now().astimezone(ZoneInfo(zone)).date()
        year = cohort or today.year - 1  # tracer studies survey last year's graduates
        months = services.settings.survey_opens_after_months
        opening, basis, graduated = today, "survey_opens_basis_given", today
        if opens is None:
            finished = await cohort_last_finished_on(session, institution.id, year)
            opening, basis, graduated = default_opening(
                institution.kind, year, finished, months, today
            )
        opens_at = start_of_day(opens, zone, default=opening)
        closes_at = start_of_day(closes, zone)
        assert opens_at is not None
        if closes_at is not None and closes_at <= opens_at:
            raise Fail(
                "survey_closes_before_opens", opens=opens or opening.isoformat(), closes=closes
            )
        version = await ensure_version(session, parsed.id, parsed.version, source)
        survey = await create_survey(
            session,
            institution_id=institution.id,
            questionnaire_version=version,
            name=name or f"{parsed.text(parsed.title, language)} {year}",
            graduation_year=year,
            opens_at=opens_at,
            closes_at=closes_at,
        )
    console.print(
        escape(
            staff_text(
                language,
                "survey_created",
                id=survey.id,
                name=survey.name,
                code=institution_code,
                questionnaire=parsed.id,
                version=parsed.version,
                cohort=year,
            )
        )
    )
    shown = opens_at.astimezone(ZoneInfo(zone)).date().isoformat()
    reason = staff_text(language, basis, months=months, graduated=graduated.isoformat())
    console.print(escape(staff_text(language, "survey_opens_on", opens=shown, basis=reason)))
    return survey


async def set_survey_command(
    services: Services,
    console: Console,
    survey_id: int,
    opens: str | None,
    closes: str | None,
) -> Survey:
    """Move a survey's opening (or closing) day; an opening moved to today opens it now.

    A survey that already has answers cannot be moved to open later: its respondents would be
    cut off mid-way.
    """
    language = services.settings.language
    now = utc_now()
    async with services.sessions() as session, session.begin():
        survey = await survey_or_fail(session, survey_id)
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None  # a foreign key
        zone = institution.timezone
        opens_at = start_of_day(opens, zone) or survey.opens_at
        closes_at = start_of_day(closes, zone) if closes is not None else survey.closes_at
        if closes_at is not None and closes_at <= opens_at:
            shown = opens_at.astimezone(ZoneInfo(zone)).date().isoformat()
            raise Fail("survey_closes_before_opens", opens=opens or shown, closes=closes or "-")
        if opens_at > now and opens_at != survey.opens_at:
            answered = sum((await status_counts(session, [survey.id]))[survey.id].values())
            if answered:
                raise Fail("survey_opens_after_answers", id=survey.id, count=answered)
        survey.opens_at, survey.closes_at, survey.updated_at = opens_at, closes_at, now
    local = ZoneInfo(zone)
    console.print(
        escape(
            staff_text(
                language,
                "survey_dates",
                id=survey.id,
                opens=opens_at.astimezone(local).date().isoformat(),
                closes=closes_at.astimezone(local).date().isoformat() if closes_at else "-",
                zone=zone,
            )
        )
    )
    return survey


async def list_surveys_command(
    services: Services, console: Console, institution_code: str | None
) -> None:
    """Surveys with their version, dates and how many alumni answered."""
    language = services.settings.language
    async with services.sessions() as session:
        if institution_code is None:
            institutions = await repo.list_institutions(session)
        else:
            institutions = [await institution_or_fail(session, institution_code)]
        rows: list[tuple[Institution, Survey, dict[str, int], int]] = []
        for institution in institutions:
            surveys = await list_surveys(session, institution.id)
            by_survey = await status_counts(session, [s.id for s in surveys])
            for survey in surveys:
                cohort = await alumni_count(session, institution.id, survey.graduation_year)
                rows.append((institution, survey, by_survey[survey.id], cohort))
    keys = ("col_id", "col_institution", "col_name", "col_questionnaire", "col_cohort",
            "col_opens", "col_closes", "col_completed", "col_started")  # fmt: skip
    table = Table(*(staff_text(language, k) for k in keys))
    for institution, survey, counts, cohort in rows:
        zone = ZoneInfo(institution.timezone)
        completed = counts.get(ResponseStatus.COMPLETED.value, 0)
        table.add_row(
            str(survey.id),
            institution.code,
            escape(survey.name),
            survey.questionnaire_id,
            str(survey.graduation_year),
            survey.opens_at.astimezone(zone).date().isoformat(),
            survey.closes_at.astimezone(zone).date().isoformat() if survey.closes_at else "-",
            f"{completed}/{cohort}",
            str(counts.get(ResponseStatus.STARTED.value, 0)),
        )
    console.print(table)


def parse_days(value: str) -> tuple[int, ...]:
    """ "3,7,14" as (3, 7, 14); "" or "none" as no reminders."""
    if value.strip().lower() in ("", "none", "tidak"):
        return ()
    try:
        return tuple(int(part) for part in value.replace(" ", "").split(","))
    except ValueError:
        raise Fail("reminder_bad_days", value=value) from None


def parse_hours(value: str) -> tuple[int, int]:
    """ "8-20" as (8, 20)."""
    start, dash, end = value.replace(" ", "").partition("-")
    if not dash or not start.isdigit() or not end.isdigit():
        raise Fail("reminder_bad_hours", value=value)
    return int(start), int(end)


async def reminders_command(
    services: Services,
    console: Console,
    survey_id: int,
    days: str | None,
    hours: str | None,
) -> ReminderPolicy:
    """Show a survey's reminder policy, or change it (days after invitation, local hours)."""
    lang = services.settings.language
    async with services.sessions() as session, session.begin():
        survey = await survey_or_fail(session, survey_id)
        current = policy_of(survey)
        wanted_days = parse_days(days) if days is not None else current.days
        start, end = (
            parse_hours(hours)
            if hours is not None
            else (
                current.send_from_hour,
                current.send_until_hour,
            )
        )
        try:
            policy = ReminderPolicy(wanted_days, start, end)
        except ValueError as exc:
            raise Fail("reminder_bad_policy", reason=str(exc)) from None
        survey.reminder_days = list(policy.days)
        survey.send_from_hour, survey.send_until_hour = (
            policy.send_from_hour,
            policy.send_until_hour,
        )
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None
    shown = ", ".join(str(d) for d in policy.days) or "-"
    console.print(
        escape(
            staff_text(
                lang,
                "reminder_policy",
                id=survey_id,
                days=shown,
                start=policy.send_from_hour,
                end=policy.send_until_hour,
                zone=institution.timezone,
            )
        )
    )
    return policy
