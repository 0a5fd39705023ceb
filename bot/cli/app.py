"""The `jejak` command: every operator task, one line of help each."""

from __future__ import annotations

import asyncio
import os
import sys
import traceback
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from bot.cli import sample
from bot.errors import Fail
from bot.services import Services, create_services
from config.loader import QuestionnaireError, check_file, load_questionnaire
from config.logs import configure_logging
from config.redaction import redact
from config.settings import Settings
from config.staff_messages import staff_text
from config.templates import find_questionnaire, template_names
from storage import migrate
from storage.database import sqlite_file

app = typer.Typer(
    name="jejak",
    help="Jejak: tracer-study chatbot for SMK, BLK and universities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema (migrations).", no_args_is_help=True)
institution_app = typer.Typer(help="Schools, training centres, universities.", no_args_is_help=True)
roster_app = typer.Typer(help="Alumni rosters: import from Excel/CSV, list.", no_args_is_help=True)
survey_app = typer.Typer(help="Surveys: a questionnaire run for a cohort.", no_args_is_help=True)
questionnaire_app = typer.Typer(help="Questionnaire files: check, list.", no_args_is_help=True)
sample_app = typer.Typer(
    help="The fictional sample institutions and rosters.", no_args_is_help=True
)
config_app = typer.Typer(help="Settings (JEJAK_* variables, .env).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(institution_app, name="institution")
app.add_typer(roster_app, name="roster")
app.add_typer(survey_app, name="survey")
app.add_typer(questionnaire_app, name="questionnaire")
app.add_typer(sample_app, name="sample")
app.add_typer(config_app, name="config")

console = Console()
err = Console(stderr=True)
T = TypeVar("T")

# Indonesia's three zones by their everyday names, beside any IANA zone name.
ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "JEJAK_" + "_".join(str(p) for p in error["loc"]).upper()
            cause = error.get("ctx", {}).get("error")  # our validators' own words
            message = str(cause) if isinstance(cause, ValueError) else error["msg"]
            err.print(f"[red]{escape(name)}: {escape(message)}[/red]")
        raise typer.Exit(2) from None


def say(key: str, **params: Any) -> None:
    console.print(escape(staff_text(settings().language, key, **params)))


def show_database(current: Settings) -> None:
    """One line: where the database is (a SQLite file's full path, else the URL masked)."""
    path = sqlite_file(current.database)
    where = str(path.absolute()) if path is not None else current.masked()["database_url"]
    # Never wrapped: a long path stays one line to copy (rich wraps at 80 columns in a pipe).
    console.print(escape(staff_text(current.language, "database_at", path=where)), soft_wrap=True)


def run(work: Callable[[Settings], Coroutine[Any, Any, T]], *, show_db: bool = False) -> T:
    """Run an async command body with settings, turning known failures into clear messages.

    With `show_db`, and whenever the command creates the SQLite file, says where the database is.
    """
    current = settings()
    configure_logging(current.log_level, current.log_format, current.secrets())
    database = sqlite_file(current.database)
    missing = database is not None and not database.exists()
    if show_db:
        show_database(current)
    try:
        return _run(current, work)
    finally:
        if missing and not show_db and database is not None and database.exists():
            show_database(current)


def _run(current: Settings, work: Callable[[Settings], Coroutine[Any, Any, T]]) -> T:
    """The command body on its own event loop; known failures become one clear message."""

    def refuse(key: str, *details: str, **params: Any) -> typer.Exit:
        err.print(f"[red]{escape(staff_text(current.language, key, **params))}[/red]")
        for detail in details:
            err.print(f"  [red]• {escape(detail)}[/red]")
        return typer.Exit(1)

    try:
        return asyncio.run(work(current))
    except Fail as exc:
        raise refuse(exc.key, **exc.params) from None
    except QuestionnaireError as exc:
        raise refuse("questionnaire_broken", *exc.problems) from None
    except (OSError, SQLAlchemyError) as exc:
        # Unreachable or refused: name the database (password masked) and the kind of failure.
        url = current.masked()["database_url"]
        raise refuse("db_unreachable", url=url, reason=exc.__class__.__name__) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


async def with_services(settings_: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    services = await create_services(settings_)
    try:
        return await work(services)
    finally:
        await services.aclose()


# --- db -----------------------------------------------------------------------------------


async def _upgrade(s: Settings) -> str | None:
    await asyncio.to_thread(migrate.upgrade, s.database)
    return (await asyncio.to_thread(migrate.status, s.database))[0]


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or update the database tables (run after every Jejak upgrade)."""
    say("db_upgraded", revision=run(_upgrade))


@db_app.command("current")
def db_current() -> None:
    """Show the database's schema revision and whether it is up to date."""
    now, head = run(lambda s: asyncio.to_thread(migrate.status, s.database))
    say("db_current", revision=now or "-", head=head, ok="✓" if now == head else "✗")


@db_app.command("backup")
def db_backup(
    target: Annotated[Path, typer.Argument(help="The new file to write, e.g. jejak-2026-12-07.db")],
) -> None:
    """Copy a SQLite database to a new file while Jejak keeps running (PostgreSQL: pg_dump)."""
    from sqlalchemy.engine import make_url

    from storage.backup import backup_sqlite

    async def work(s: Settings) -> int:
        source = sqlite_file(s.database)
        if source is None:
            raise Fail("db_backup_not_sqlite", backend=make_url(s.database).get_backend_name())
        if not source.is_file():
            raise Fail("db_backup_missing", path=str(source))
        try:
            return await asyncio.to_thread(backup_sqlite, source, target)
        except FileExistsError:
            raise Fail("db_backup_exists", path=str(target)) from None
        except OSError as exc:
            raise Fail("db_backup_cannot_write", path=str(target), reason=exc.strerror) from None

    say("db_backed_up", path=str(target), size=run(work))


# --- institutions -------------------------------------------------------------------------


@institution_app.command("add")
def institution_add(
    code: Annotated[str, typer.Option(help="NPSN (SMK), kode PT (university) or another code.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    kind: Annotated[str, typer.Option(help="smk, blk or university.")] = "smk",
    timezone: Annotated[str, typer.Option(help="WIB, WITA, WIT or an IANA zone.")] = "WIB",
    province: Annotated[
        str | None, typer.Option(help="Province: name or code, e.g. 'Jawa Barat' or 32.")
    ] = None,
) -> None:
    """Add or update an institution (school, training centre, university)."""

    run(lambda s: _add_institution(s, code, name, kind, timezone, province))


async def _add_institution(
    s: Settings, code: str, name: str, kind: str, zone: str, province: str | None
) -> None:
    from config.places import match_province
    from storage.roster import repository as repo

    if kind not in ("smk", "blk", "university"):
        raise Fail("bad_kind", kind=kind)
    zone = ZONE_ALIASES.get(zone.upper(), zone)
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        raise Fail("bad_timezone", zone=zone) from None
    place = match_province(province) if province is not None else None
    if province is not None and place is None:
        raise Fail("bad_province", option="--province", province=province)

    async def body(services: Services) -> None:
        async with services.sessions() as session, session.begin():
            await repo.upsert_institution(
                session, code=code, name=name, kind=kind, timezone=zone,
                province=place.code if place else None,
            )  # fmt: skip
        say("institution_saved", code=code, name=name, timezone=zone)
        if place is not None:
            say("institution_province", code=place.code, province=place.name)

    await with_services(s, body)


@institution_app.command("list")
def institution_list() -> None:
    """List institutions with their code, kind, time zone and province."""
    from config.places import province_by_code
    from storage.roster import repository as repo

    async def work(s: Settings) -> None:
        async def body(services: Services) -> None:
            async with services.sessions() as session:
                rows = await repo.list_institutions(session)
            table = Table(
                *(
                    staff_text(s.language, k)
                    for k in ("col_code", "col_name", "col_kind", "col_timezone", "col_province")
                )
            )
            for row in rows:
                place = province_by_code(row.province) if row.province else None
                where = f"{place.code} {place.name}" if place else (row.province or "-")
                table.add_row(row.code, row.name, row.kind, row.timezone, where)
            console.print(table)

        await with_services(s, body)

    run(work)


@institution_app.command("set")
def institution_set(
    code: Annotated[str, typer.Option(help="Institution code.")],
    guardian_contact: Annotated[
        bool,
        typer.Option(
            help="Whether a parent's or guardian's number may get a message asking them to pass "
            "on the alumnus's link (JEJAK_PARENT_MESSAGES=0 turns it off everywhere)."
        ),
    ],
) -> None:
    """Change an institution's settings: whether parents' numbers may be written to."""
    from bot.cli.guardians import set_guardian_contact_command

    allowed = guardian_contact
    run(lambda s: with_services(s, lambda sv: set_guardian_contact_command(sv, code, allowed)))


# --- roster -------------------------------------------------------------------------------


@roster_app.command("import")
def roster_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX roster.")],
    institution: Annotated[str, typer.Option(help="Institution code (NPSN…).")],
    skip_invalid: Annotated[
        bool, typer.Option(help="Import the good rows; write the rejected ones to a CSV.")
    ] = False,
    rejected: Annotated[
        Path | None, typer.Option(help="Where --skip-invalid writes rejected rows.")
    ] = None,
    graduation_year: Annotated[
        int | None,
        typer.Option(help="Every row's graduation year, for a file without that column (Dapodik)."),
    ] = None,
    programme: Annotated[
        list[str] | None,
        typer.Option(help="A programme class names may name (XII AKL 1: AKL); repeat for each."),
    ] = None,
) -> None:
    """Import alumni from a roster; a file with errors imports nothing (unless --skip-invalid)."""
    from bot.cli.roster import import_roster_command

    run(
        lambda s: with_services(
            s,
            lambda sv: import_roster_command(
                sv,
                console,
                err,
                file,
                institution,
                skip_invalid,
                rejected,
                graduation_year=graduation_year,
                programmes=programme or (),
            ),
        )
    )


@roster_app.command("list")
def roster_list(
    institution: Annotated[str, typer.Option(help="Institution code.")],
    kelas: Annotated[str | None, typer.Option("--class", help="Only this class group.")] = None,
) -> None:
    """List an institution's alumni (NISN/NIM/participant number, name, class, survey status)."""
    from bot.cli.roster import list_roster_command

    run(lambda s: with_services(s, lambda sv: list_roster_command(sv, console, institution, kelas)))


# --- surveys ------------------------------------------------------------------------------


@survey_app.command("create")
def survey_create(
    institution: Annotated[str, typer.Option(help="Institution code.")],
    questionnaire: Annotated[str, typer.Option(help="Template name (smk, blk, dikti) or a file.")],
    cohort: Annotated[int | None, typer.Option(help="Graduation year surveyed.")] = None,
    name: Annotated[str | None, typer.Option(help="A name for staff.")] = None,
    opens: Annotated[
        str | None,
        typer.Option(
            help="Opening day YYYY-MM-DD (default: JEJAK_SURVEY_OPENS_AFTER_MONTHS, 12, after "
            "the cohort's graduation, or today when that has passed)."
        ),
    ] = None,
    closes: Annotated[str | None, typer.Option(help="Closing day YYYY-MM-DD.")] = None,
) -> None:
    """Start a survey: a questionnaire run for an institution's cohort."""
    from bot.cli.surveys import create_survey_command

    run(
        lambda s: with_services(
            s,
            lambda sv: create_survey_command(
                sv, console, institution, questionnaire, cohort, name, opens, closes
            ),
        )
    )


@survey_app.command("list")
def survey_list(
    institution: Annotated[str | None, typer.Option(help="Only this institution.")] = None,
) -> None:
    """List surveys with their questionnaire version and response counts."""
    from bot.cli.surveys import list_surveys_command

    run(lambda s: with_services(s, lambda sv: list_surveys_command(sv, console, institution)))


@survey_app.command("set")
def survey_set(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    opens: Annotated[str | None, typer.Option(help="New opening day YYYY-MM-DD.")] = None,
    closes: Annotated[str | None, typer.Option(help="New closing day YYYY-MM-DD.")] = None,
) -> None:
    """Move a survey's opening or closing day (the bot writes first on the opening day)."""
    from bot.cli.surveys import set_survey_command

    run(
        lambda s: with_services(
            s, lambda sv: set_survey_command(sv, console, survey, opens, closes)
        )
    )


@survey_app.command("reminders")
def survey_reminders(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    days: Annotated[
        str | None,
        typer.Option(
            help="Days after the invitation, e.g. 3,7,14 (at most 3; 'none': no reminders)."
        ),
    ] = None,
    hours: Annotated[
        str | None, typer.Option(help="Local hours in which messages may go out, e.g. 8-20.")
    ] = None,
) -> None:
    """Show a survey's reminder policy, or change it."""
    from bot.cli.surveys import reminders_command

    run(lambda s: with_services(s, lambda sv: reminders_command(sv, console, survey, days, hours)))


# --- staff (jejak staff …): the whole group lives in this block ---------------------------

staff_app = typer.Typer(
    help="Staff: BKK, homeroom teachers, viewers, operators.", no_args_is_help=True
)
app.add_typer(staff_app, name="staff")


@staff_app.command("add")
def staff_add(
    role: Annotated[str, typer.Option(help="operator, bkk, homeroom or viewer.")],
    name: Annotated[str, typer.Option(help="The person's name, as staff will see it.")],
    institution: Annotated[
        list[str] | None, typer.Option(help="Institution code (repeatable for viewers, BKK).")
    ] = None,
    kelas: Annotated[
        list[str] | None, typer.Option("--class", help="Class group (homeroom; repeatable).")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of their messages: id or en.")] = "id",
    whatsapp: Annotated[
        str | None, typer.Option(help="Their WhatsApp number: staff commands typed there work.")
    ] = None,
) -> None:
    """Register a staff member: a one-time Telegram link, and/or their WhatsApp number."""
    from bot.cli.staff import add_staff_command

    run(
        lambda s: with_services(
            s,
            lambda sv: add_staff_command(
                sv, console, role, name, institution or [], kelas or [], lang, whatsapp
            ),
        )
    )


@staff_app.command("list")
def staff_list() -> None:
    """Every staff member with role, scope and whether their chat is linked."""
    from bot.cli.staff import list_staff_command

    run(lambda s: with_services(s, lambda sv: list_staff_command(sv, console)))


@staff_app.command("link")
def staff_link(
    staff_id: Annotated[int, typer.Argument(help="Staff id (jejak staff list).")],
) -> None:
    """A new one-time link for a staff member; the old one stops working."""
    from bot.cli.staff import link_staff_command

    run(lambda s: with_services(s, lambda sv: link_staff_command(sv, console, staff_id)))


@staff_app.command("remove")
def staff_remove(
    staff_id: Annotated[int, typer.Argument(help="Staff id (jejak staff list).")],
) -> None:
    """End a staff member's access at once."""
    from bot.cli.staff import remove_staff_command

    run(lambda s: with_services(s, lambda sv: remove_staff_command(sv, console, staff_id)))


# --- end of staff -------------------------------------------------------------------------


# --- invitations (jejak invite …): the whole group lives in this block --------------------

invite_app = typer.Typer(help="Invitations: personal links for alumni.", no_args_is_help=True)
app.add_typer(invite_app, name="invite")


@invite_app.command("links")
def invite_links(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    out: Annotated[
        Path | None, typer.Option(help="CSV to write (default undangan_survei_<ID>.csv).")
    ] = None,
    qr: Annotated[Path | None, typer.Option(help="Also one QR code PNG per alumnus here.")] = None,
    kelas: Annotated[str | None, typer.Option("--class", help="Only this class group.")] = None,
) -> None:
    """Write each alumnus's personal Telegram link (CSV, optional QR codes) for a survey."""
    from bot.cli.invite import invite_links_command

    run(
        lambda s: with_services(
            s, lambda sv: invite_links_command(sv, console, survey, out, qr, kelas)
        )
    )


@invite_app.command("revoke")
def invite_revoke(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    nisn: Annotated[str, typer.Option(help="The alumnus's NISN (NIM, participant number).")],
) -> None:
    """Withdraw one alumnus's link (forwarded, lost): it stops working, its chat is unlinked."""
    from bot.cli.invite import invite_revoke_command

    run(lambda s: with_services(s, lambda sv: invite_revoke_command(sv, console, survey, nisn)))


@invite_app.command("reissue")
def invite_reissue(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    nisn: Annotated[str, typer.Option(help="The alumnus's NISN (NIM, participant number).")],
) -> None:
    """Print a new personal link for one alumnus; the old one stops working."""
    from bot.cli.invite import invite_reissue_command

    run(lambda s: with_services(s, lambda sv: invite_reissue_command(sv, console, survey, nisn)))


@invite_app.command("class-link")
def invite_class_link(
    kelas: Annotated[str, typer.Option("--class", help='The class group, e.g. "XII AKL 1".')],
    institution: Annotated[
        str | None, typer.Option(help="Institution code (needed when there are several).")
    ] = None,
    renew: Annotated[bool, typer.Option(help="A new link; the old link and poster stop.")] = False,
) -> None:
    """Print a class's link, for its grade XII students to link their chat before graduating."""
    from bot.cli.invite import class_link_command

    run(
        lambda s: with_services(
            s, lambda sv: class_link_command(sv, console, kelas, institution, renew)
        )
    )


@invite_app.command("poster")
def invite_poster(
    kelas: Annotated[str, typer.Option("--class", help='The class group, e.g. "XII AKL 1".')],
    output: Annotated[Path, typer.Option(help="poster.pdf or poster.png (A4).")],
    institution: Annotated[
        str | None, typer.Option(help="Institution code (needed when there are several).")
    ] = None,
) -> None:
    """Write an A4 class poster with the class link's QR code, to print or share."""
    from bot.cli.invite import poster_command

    run(
        lambda s: with_services(
            s, lambda sv: poster_command(sv, console, kelas, institution, output)
        )
    )


# --- end of invitations -------------------------------------------------------------------


# --- export (jejak export): the whole command lives in this block -------------------------


@app.command("export")
def export(
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="xlsx or csv, or a national upload layout (config/layouts/: dikti).",
        ),
    ] = "xlsx",
    as_csv: Annotated[
        bool, typer.Option("--csv", help="With an upload layout: write CSV instead of XLSX.")
    ] = False,
    kelas: Annotated[
        list[str] | None, typer.Option("--class", help="Only this class group (repeatable).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(help="File to write (default ekspor-<survey>-<institution>-<date>.<format>)."),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the file: id or en.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    delimiter: Annotated[
        str | None,
        typer.Option(help="CSV separator, one character or 'tab' (default: ; for id, , for en)."),
    ] = None,
) -> None:
    """Export a survey's answers, one row per alumnus, as XLSX or CSV; or, with an upload
    layout (--format dikti), the national upload file, one row per completed response."""
    from bot.cli.export import export_command, layout_export_command
    from bot.documents.export import ExportFormat
    from config.layouts import layout_names

    layouts = layout_names()
    chosen = file_format.lower()
    separator = "\t" if delimiter in ("tab", "\\t") else delimiter
    if separator is not None and (len(separator) != 1 or separator in '"\r\n'):
        raise typer.BadParameter(
            "one character such as ; or , (or 'tab')", param_hint="--delimiter"
        )
    if chosen in layouts:
        if separator is not None and not as_csv:
            raise typer.BadParameter("only with --csv", param_hint="--delimiter")
        if kelas or lang:
            raise typer.BadParameter(
                "an upload layout holds every class, in its own codes", param_hint="--class/--lang"
            )
        run(
            lambda s: with_services(
                s,
                lambda sv: layout_export_command(
                    sv, console, survey, chosen, as_csv, output, force, separator
                ),
            )
        )
        return
    try:
        fmt = ExportFormat(chosen)
    except ValueError:
        known = f"xlsx or csv, or an upload layout: {', '.join(layouts)}"
        raise typer.BadParameter(known, param_hint="--format") from None
    if as_csv:
        raise typer.BadParameter(f"only with an upload layout ({', '.join(layouts)})",
                                 param_hint="--csv")  # fmt: skip
    if separator is not None and fmt is not ExportFormat.CSV:
        raise typer.BadParameter("only with --format csv", param_hint="--delimiter")
    run(
        lambda s: with_services(
            s,
            lambda sv: export_command(
                sv, console, survey, fmt, kelas or [], output, lang, force, separator
            ),
        )
    )


# --- end of export ------------------------------------------------------------------------


# --- report (jejak report): the whole command lives in this block -------------------------


@app.command("report")
def report(
    survey: Annotated[int | None, typer.Option(help="Survey id (see `jejak survey list`).")] = None,
    institution: Annotated[
        str | None, typer.Option(help="Institution code: its survey of --cohort.")
    ] = None,
    province: Annotated[
        str | None, typer.Option(help="Province name or code: every institution there.")
    ] = None,
    cohort: Annotated[
        int | None, typer.Option(help="Graduation year (default: the latest surveyed).")
    ] = None,
    questionnaire: Annotated[
        str | None, typer.Option(help="Only surveys on this questionnaire id, e.g. smk.")
    ] = None,
    file_format: Annotated[str, typer.Option("--format", help="json, xlsx or html.")] = "json",
    out: Annotated[
        Path | None, typer.Option(help="File to write (default: JSON to stdout, else laporan-…).")
    ] = None,
    umk: Annotated[
        Path | None, typer.Option(help="CSV of regency/city minimum wages (UMK) to compare with.")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language of the file: id or en.")] = None,
) -> None:
    """Indicators of a survey: response and BMW rates, waiting time, income, alignment."""
    from bot.cli.report import report_command
    from bot.reporting.build import ReportScope
    from bot.reporting.files import ReportFormat

    try:
        fmt = ReportFormat(file_format.lower())
    except ValueError:
        raise typer.BadParameter("json, xlsx or html", param_hint="--format") from None
    scope = ReportScope(survey, institution, province, cohort, questionnaire)
    run(lambda s: with_services(
        s, lambda sv: report_command(sv, console, err, scope, fmt, out, umk, lang)
    ))  # fmt: skip


# --- end of report ------------------------------------------------------------------------


# --- responses (jejak responses import): the whole command lives in this block --------------

responses_app = typer.Typer(
    help="Answers gathered elsewhere (a form, a phone call): import.", no_args_is_help=True
)
app.add_typer(responses_app, name="responses")


@responses_app.command("import")
def responses_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX in the layout `jejak export` writes.")],
    survey: Annotated[int, typer.Option(help="Survey id (see `jejak survey list`).")],
    source: Annotated[
        str, typer.Option(help="import (a file, e.g. a Google Form) or phone.")
    ] = "import",
    staff: Annotated[
        str | None, typer.Option(help="Who recorded the answers (required with --source phone).")
    ] = None,
) -> None:
    """Store complete responses from a file; a file with any error stores nothing."""
    from bot.cli.responses import import_responses_command

    run(
        lambda s: with_services(
            s,
            lambda sv: import_responses_command(sv, console, err, file, survey, source, staff),
        )
    )


# --- end of responses -----------------------------------------------------------------------


# --- questionnaires -----------------------------------------------------------------------


@questionnaire_app.command("check")
def questionnaire_check(
    files: Annotated[list[Path], typer.Argument(help="Questionnaire YAML files.")],
) -> None:
    """Check questionnaire files and list every problem with where it is."""
    current = settings()
    failed = False
    for path in files:
        problems = check_file(path)
        if problems:
            failed = True
            err.print(f"[red]✗ {escape(str(path))}[/red]")
            for problem in problems:
                err.print(f"  [red]• {escape(problem)}[/red]")
        else:
            q = load_questionnaire(path)
            console.print(
                escape(
                    staff_text(
                        current.language,
                        "questionnaire_ok",
                        file=str(path),
                        id=q.id,
                        version=q.version,
                        questions=len(q.questions),
                    )
                )
            )
    if failed:
        raise typer.Exit(1)


@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the built-in templates and the files in JEJAK_QUESTIONNAIRE_DIR."""
    current = settings()
    table = Table(
        *(
            staff_text(current.language, k)
            for k in ("col_name", "col_version", "col_title", "col_file")
        )
    )
    names = list(template_names())
    extra = current.questionnaire_dir
    if extra and extra.is_dir():
        names += sorted(p.stem for p in extra.glob("*.yaml") if p.stem not in names)
    for name in names:
        path = find_questionnaire(name, extra)
        try:
            q = load_questionnaire(path)
        except QuestionnaireError:
            table.add_row(
                name, "-", staff_text(current.language, "questionnaire_has_problems"), str(path)
            )
            continue
        table.add_row(q.id, q.version, q.text(q.title, current.language), str(path))
    console.print(table)


# --- chat, sample, demo -------------------------------------------------------------------


@app.command("chat")
def chat(
    alumnus: Annotated[
        str | None, typer.Option("--as", help="Play this alumnus (NISN, NIM or participant no.).")
    ] = None,
    questionnaire: Annotated[
        str | None, typer.Option(help="Template name or file; without --as, a draft pilot.")
    ] = None,
    survey: Annotated[int | None, typer.Option(help="Survey id, when several are open.")] = None,
    institution: Annotated[
        str | None, typer.Option(help="Institution code, if identifiers repeat.")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="id or en.")] = None,
) -> None:
    """Answer a questionnaire in the terminal, as an alumnus would in chat."""
    from bot.cli.chat import chat_command

    run(lambda s: chat_command(s, console, alumnus, questionnaire, survey, institution, lang))


@sample_app.command("load")
def sample_load() -> None:
    """Create the fictional sample institutions, rosters and surveys (safe to repeat)."""
    run(lambda s: with_services(s, lambda sv: sample.load(sv, console)))


@app.command("run")
def run_bots(
    no_scheduler: Annotated[
        bool,
        typer.Option(
            "--no-scheduler", help="Answer chats only; another process runs the scheduler."
        ),
    ] = False,
) -> None:
    """Run Jejak's main job: the Telegram bot, the scheduler and the HTTP server (Ctrl-C stops)."""
    from telegram.error import InvalidToken, TelegramError

    from bot.run import run_until_signalled

    def started(s: Settings) -> None:
        mode = "webhook" if s.public_url else "polling"
        say("run_started", mode=mode, host=s.http_host, port=s.http_port)

    def notice(text: str) -> None:
        err.print(f"[yellow]{escape(text)}[/yellow]", soft_wrap=True)  # one line, unwrapped

    async def work(s: Settings) -> None:
        try:
            await run_until_signalled(
                s, ready=lambda: started(s), scheduler=not no_scheduler, notice=notice
            )
        except InvalidToken as exc:  # its message holds the token: name the class only
            raise Fail("run_bad_token", reason=exc.__class__.__name__) from None
        except TelegramError as exc:
            raise Fail("run_telegram_refused", reason=exc.__class__.__name__) from None

    run(work, show_db=True)


@app.command("demo")
def demo(lang: Annotated[str | None, typer.Option(help="id or en.")] = None) -> None:
    """Set up the database and sample data, then answer the SMK questionnaire as an alumnus."""
    from bot.cli.chat import chat_command

    run(_upgrade, show_db=True)
    run(lambda s: with_services(s, lambda sv: sample.load(sv, console)))
    say("demo_intro", nisn=sample.DEMO_NISN, nim=sample.DEMO_NIM, code=sample.UNIVERSITY_CODE)
    run(lambda s: chat_command(s, console, sample.DEMO_NISN, None, None, sample.SMK_CODE, lang))


# --- config -------------------------------------------------------------------------------


@config_app.command("show")
def config_show() -> None:
    """Print the effective settings, with passwords and tokens masked."""
    current = settings()
    table = Table(
        staff_text(current.language, "col_setting"), staff_text(current.language, "col_value")
    )
    for name, value in current.masked().items():
        table.add_row(f"JEJAK_{name.upper()}", escape("" if value is None else str(value)))
    console.print(table)


def main() -> None:
    # python-telegram-bot 22 gives durations (RetryAfter.retry_after) as timedeltas, as 23 will,
    # only when asked: without it, each read warns of the change.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    try:
        app()
    except Exception:
        # A failure no command explains: its traceback, but never a token it may quote (the
        # Telegram client puts the bot token into every request URL).
        try:
            secrets = Settings().secrets()
        except Exception:
            secrets = []
        sys.stderr.write(redact(traceback.format_exc(), secrets))
        raise SystemExit(1) from None
