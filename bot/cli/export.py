"""`jejak export`: a survey's results as an XLSX workbook or a CSV file, one row per alumnus;
or, with `--format <layout>` (config/layouts/, e.g. dikti), the national upload file.

The file holds personal data; the terminal only ever shows its path and counts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.progress import progress_bar
from bot.documents.dikti import layout_file_name, write_layout_csv, write_layout_xlsx
from bot.documents.export import ExportFormat, export_file_name, write_csv, write_xlsx
from bot.errors import Fail
from bot.reporting.build import ReportScope, build_report
from bot.services import Services, survey_or_fail
from config.files import private_dir, private_open
from config.layouts import LayoutError, find_layout, load_layout
from config.staff_messages import staff_text
from conversations.messages import LANGUAGES
from storage.exports.layouts import LayoutMismatch, layout_table
from storage.exports.table import export_table
from storage.models import Institution
from storage.roster import repository as repo


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What `jejak export` wrote."""

    path: Path
    rows: int
    statuses: dict[str, int]


async def export_command(
    services: Services,
    console: Console,
    survey_id: int,
    fmt: ExportFormat,
    class_names: list[str],
    output: Path | None,
    language: str | None,
    force: bool,
    delimiter: str | None = None,
) -> ExportReport:
    """Check the survey, classes and target first, then build the table and write the file."""
    says = services.settings.language  # the operator's messages
    language = language or says  # the file's sheet names, labels and question texts
    if language not in LANGUAGES:
        raise Fail("bad_language", choice=language, languages=", ".join(LANGUAGES))
    async with services.sessions() as session:
        survey = await survey_or_fail(session, survey_id)
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None  # a foreign key
        class_ids = await _class_ids(session, institution, class_names) if class_names else None
    if output is None:
        today = datetime.now(ZoneInfo(institution.timezone)).date()
        output = Path(export_file_name(survey_id, institution.code, today, fmt))
    if output.exists() and not force:
        raise Fail("export_file_exists", path=str(output))
    partial = output.with_name(output.name + ".part")
    stream = _open(partial, output)  # a folder that cannot be written fails now, not after the work
    try:
        with stream, _progress(console, says) as (advance, writing):
            async with services.sessions() as session:
                table = await export_table(
                    session, survey_id, class_group_ids=class_ids, progress=advance,
                    language=language,
                )  # fmt: skip
            figures = None
            if fmt is ExportFormat.XLSX:  # the Figures sheet: the same figures as `jejak report`
                ids = frozenset(class_ids) if class_ids is not None else None
                scope = ReportScope(survey=survey_id, class_group_ids=ids)
                figures = await build_report(
                    services.sessions,
                    scope,
                    language=language,
                    iku_definition=services.settings.iku_definition,
                )
            writing()
            try:
                if fmt is ExportFormat.XLSX:
                    write_xlsx(table, stream, language, figures)
                else:
                    write_csv(table, stream, language, delimiter)
                stream.close()
                os.replace(partial, output)  # complete or not at all, even over an old file
            except OSError as exc:
                reason = _reason(exc)
                raise Fail("export_cannot_write", path=str(output), reason=reason) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    report = ExportReport(output, len(table.rows), table.status_counts())
    console.print(
        escape(staff_text(says, "export_written", count=report.rows, id=survey_id, path=output))
    )
    for status, count in report.statuses.items():
        word = staff_text(says, f"status_{status}")
        console.print(escape(staff_text(says, "export_status_line", status=word, count=count)))
    console.print(f"[yellow]{escape(staff_text(says, 'export_personal_data'))}[/yellow]")
    return report


async def _class_ids(session: AsyncSession, institution: Institution, names: list[str]) -> set[int]:
    """The ids of the named class groups; an unknown name stops with the institution's list."""
    ids: set[int] = set()
    for name in names:
        group = await repo.get_class_group(session, institution.id, name)
        if group is None:
            groups = await repo.list_class_groups(session, institution.id)
            raise Fail(
                "export_class_not_found",
                name=name,
                institution=institution.code,
                classes=", ".join(g.name for g in groups) or "-",
            )
        ids.add(group.id)
    return ids


def _open(partial: Path, output: Path) -> BinaryIO:
    """The partial file, opened 0600 for writing (its folder created 0700), or a clear failure."""
    try:
        private_dir(partial.parent)
        return private_open(partial, "wb")
    except OSError as exc:
        raise Fail("export_cannot_write", path=str(output), reason=_reason(exc)) from None


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


@contextlib.contextmanager
def _progress(
    console: Console, language: str
) -> Iterator[tuple[Callable[[int, int], None], Callable[[], None]]]:
    """A progress bar: rows built (the export's progress callback), then writing the file."""
    with progress_bar(console) as bar:
        task = bar.add_task(staff_text(language, "export_progress"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def writing() -> None:
            # A big workbook takes a while to write: say so, with a bar that keeps moving.
            bar.reset(task, description=staff_text(language, "export_writing"), total=None)

        yield advance, writing


async def layout_export_command(
    services: Services,
    console: Console,
    survey_id: int,
    layout_name: str,
    as_csv: bool,
    output: Path | None,
    force: bool,
    delimiter: str | None = None,
) -> ExportReport:
    """`jejak export --format dikti`: a national upload file, one row per completed response."""
    says = services.settings.language
    path = find_layout(layout_name)
    if path is None:  # app.py only passes the names layout_names() lists
        raise Fail("export_layout_invalid", layout=layout_name, problems="-")
    try:
        layout = load_layout(path)
    except LayoutError as exc:
        problems = "\n".join(exc.problems)
        raise Fail("export_layout_invalid", layout=layout_name, problems=problems) from None
    async with services.sessions() as session:
        survey = await survey_or_fail(session, survey_id)
        institution = await session.get(Institution, survey.institution_id)
        assert institution is not None  # a foreign key
        try:
            table = await layout_table(session, survey_id, layout)
        except LayoutMismatch as exc:
            problems = "\n".join(exc.problems)
            raise Fail(
                "export_layout_mismatch", layout=layout.id, id=survey_id, problems=problems
            ) from None
    if output is None:
        today = datetime.now(ZoneInfo(institution.timezone)).date()
        output = Path(layout_file_name(table, today, as_csv))
    if output.exists() and not force:
        raise Fail("export_file_exists", path=str(output))
    partial = output.with_name(output.name + ".part")
    stream = _open(partial, output)
    try:
        with stream:
            try:
                if as_csv:
                    write_layout_csv(table, stream, delimiter)
                else:
                    write_layout_xlsx(table, stream)
                stream.close()
                os.replace(partial, output)  # complete or not at all, even over an old file
            except OSError as exc:
                raise Fail("export_cannot_write", path=str(output), reason=_reason(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    report = ExportReport(output, len(table.rows), {"completed": len(table.rows)})
    console.print(
        escape(
            staff_text(
                says, "export_layout_written", count=report.rows, id=survey_id, path=output,
                layout=layout.id,
            )
        )
    )  # fmt: skip
    console.print(f"[yellow]{escape(staff_text(says, 'export_personal_data'))}[/yellow]")
    return report
