"""`jejak roster import|list`: rosters in, with progress and errors an operator can act on."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.cli.progress import progress_bar
from bot.errors import Fail
from bot.services import Services, institution_or_fail
from config.clock import utc_now
from config.staff_messages import staff_text
from conversations.identifiers import identifier_for
from storage.reports.overview import roster_lines
from storage.roster.importing import import_roster
from storage.surveys.registry import list_surveys


def default_rejected_path(file: Path) -> Path:
    """Where --skip-invalid writes rejected rows when no path is given: beside the roster."""
    return file.with_name(f"{file.stem}_ditolak.csv")


async def import_roster_command(
    services: Services,
    console: Console,
    err: Console,
    file: Path,
    institution: str,
    skip_invalid: bool,
    rejected: Path | None,
    graduation_year: int | None = None,
    programmes: Sequence[str] = (),
) -> None:
    """Import one roster file, showing progress, then every error or a one-line summary."""
    language = services.settings.language
    if skip_invalid and rejected is None:
        rejected = default_rejected_path(file)
    with progress_bar(console) as progress:
        task = progress.add_task(
            staff_text(language, "roster_progress", file=file.name), total=None
        )

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = await import_roster(
            services.sessions,
            institution,
            file,
            skip_invalid=skip_invalid,
            rejected_path=rejected,
            progress=advance,
            now=utc_now(),
            language=language,
            graduation_year=graduation_year,
            programmes=programmes,
        )
    for warning in report.warnings:
        console.print(f"[yellow]! {escape(warning.text(language))}[/yellow]")
    if not report.imported:
        err.print(f"[red]{escape(staff_text(language, 'roster_refused', file=file.name))}[/red]")
        for error in report.errors:
            err.print(f"  [red]• {escape(error.text(language))}[/red]")
        if any(error.row is not None for error in report.errors):
            hint = staff_text(language, "roster_refused_hint", rows=report.header_rows(language))
            err.print(escape(hint))
        raise Fail("roster_nothing_imported", count=len(report.errors))
    console.print(escape(report.summary(language)))
    if report.rejected_path is not None:
        console.print(
            escape(
                staff_text(
                    language,
                    "roster_rejected_written",
                    count=report.rejected,
                    path=str(report.rejected_path),
                    column=staff_text(language, "roster_reason_column"),
                )
            )
        )


async def list_roster_command(
    services: Services, console: Console, institution_code: str, class_name: str | None
) -> None:
    """A table of an institution's alumni with their status in each survey."""
    language = services.settings.language
    async with services.sessions() as session:
        institution = await institution_or_fail(session, institution_code)
        surveys = await list_surveys(session, institution.id)
        lines = await roster_lines(session, institution.id, class_name)
    if not lines:
        raise Fail("roster_list_empty", code=institution_code)
    # The identifier's heading is the institution kind's: NISN, NIM, participant number.
    heading = identifier_for(institution.kind).heading(language)
    columns = [heading, *(staff_text(language, k) for k in ("col_name", "col_class"))]
    table = Table(*columns, *(f"{s.questionnaire_id} #{s.id}" for s in surveys))
    not_invited = staff_text(language, "status_not_invited")
    for line in lines:
        statuses = [
            staff_text(language, f"status_{line.statuses[s.id]}")
            if s.id in line.statuses
            else not_invited
            for s in surveys
        ]
        table.add_row(line.nisn, escape(line.name), escape(line.class_name or "-"), *statuses)
    console.print(table)
