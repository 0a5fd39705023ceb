"""`jejak responses import`: answers gathered elsewhere (a form, a phone call) as responses.

The file has the layout `jejak export` writes; storage/surveys/imports.py checks every cell with
the questionnaire's own rules and stores all rows or none. The terminal shows counts and row
numbers, never a name or an answer.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from bot.cli.progress import progress_bar
from bot.errors import Fail
from bot.services import Services, survey_or_fail
from config.clock import utc_now
from config.staff_messages import staff_text
from storage.models import ResponseSource
from storage.surveys.imports import RECORDED_BY_MAX, ResponsesImport, import_responses

SOURCES = (ResponseSource.IMPORT, ResponseSource.PHONE)  # a chat's answers come from the chat


async def import_responses_command(
    services: Services,
    console: Console,
    err: Console,
    file: Path,
    survey_id: int,
    source: str = ResponseSource.IMPORT.value,
    staff: str | None = None,
) -> ResponsesImport:
    """Check the options, import the file with a progress bar, then every error or a summary."""
    language = services.settings.language
    kind = next((s for s in SOURCES if s.value == source.strip().lower()), None)
    if kind is None:
        raise Fail("responses_bad_source", value=source)
    recorded_by = staff.strip() if staff and staff.strip() else None
    if kind is ResponseSource.PHONE and recorded_by is None:
        raise Fail("responses_staff_required")
    if recorded_by is not None and len(recorded_by) > RECORDED_BY_MAX:
        raise Fail("responses_bad_staff", max=RECORDED_BY_MAX)
    async with services.sessions() as session:
        await survey_or_fail(session, survey_id)
    with progress_bar(console) as bar:
        task = bar.add_task(
            staff_text(language, "responses_progress_check", file=file.name), total=None
        )

        def advance(stage: str, done: int, total: int) -> None:
            description = staff_text(language, f"responses_progress_{stage}", file=file.name)
            bar.update(task, description=description, completed=done, total=total)

        report = await import_responses(
            services.sessions,
            survey_id,
            file,
            source=kind,
            recorded_by=recorded_by,
            now=utc_now(),
            language=language,
            progress=advance,
        )
    if not report.stored:
        err.print(f"[red]{escape(staff_text(language, 'responses_refused', file=file.name))}[/red]")
        for error in report.errors:
            err.print(f"  [red]• {escape(error.text(language))}[/red]")
        raise Fail("responses_nothing_imported", count=len(report.errors))
    for line in report.summary(language):
        console.print(escape(line))
    return report
