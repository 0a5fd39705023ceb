"""A report's document written as JSON, XLSX or HTML, and the file name it goes by."""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from datetime import date
from typing import IO, Any

from bot.reporting.build import ReportScope


class ReportFormat(enum.StrEnum):
    """What `jejak report` writes."""

    JSON = "json"
    XLSX = "xlsx"
    HTML = "html"


def write_document(
    document: Mapping[str, Any], fmt: ReportFormat, stream: IO[bytes], language: str
) -> None:
    """The document in `fmt` to a binary stream."""
    if fmt is ReportFormat.JSON:
        stream.write((json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())
    elif fmt is ReportFormat.XLSX:
        # openpyxl and matplotlib take a second to import: only a workbook pays for them.
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
    elif scope.province is not None:
        label = f"provinsi-{scope.province}"
    else:
        label = f"{len(scope.institutions or ())}-lembaga"
    if scope.cohort is not None:
        label += f"-{scope.cohort}"
    label = re.sub(r"[^A-Za-z0-9_-]+", "_", label).strip("_") or "_"
    return f"laporan-{label}-{day:%Y%m%d}.{fmt.value}"
