"""`jejak report`: a survey's indicators as JSON (the machine interface), XLSX or HTML.

The command only: it checks the options, shows progress and writes the file. The document is
built by bot/reporting/build.py (which the staff desk's /laporan calls too) and written by
bot/reporting/files.py; every JSON key is described in docs/reports.md.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.markup import escape

from bot.cli.progress import progress_bar
from bot.errors import Fail
from bot.reporting.build import ReportScope, build_report
from bot.reporting.files import ReportFormat, report_file_name, write_document
from bot.services import Services
from config.staff_messages import staff_text
from config.wages import MinimumWages

Progress = Callable[[int, int], None]


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
                iku_definition=services.settings.iku_definition,
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
        if output is not None:
            with contextlib.suppress(OSError):
                _partial(output).unlink(missing_ok=True)
        raise
    err.print(escape(staff_text(says, "report_written", path=str(output))))


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
