"""An export table as files: an XLSX workbook for staff, a CSV for other software.

Both write to a path or to a binary stream (BytesIO), so the chat /ekspor command can send the
bytes as a document. Answers are alumni's own text: nothing in them may become a formula.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from config.files import private_open
from config.staff_messages import staff_text
from storage.exports.columns import Cell, ColumnKind, ExportColumn
from storage.exports.table import ExportTable

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

EXCEL_TEXT_LIMIT = 32767  # characters in one cell
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
BOLD = Font(bold=True)
WIDTH_SAMPLE = 500  # rows looked at to size the columns
INTEGER_CODE = re.compile(r"0|[1-9][0-9]{0,8}")  # a choice code Excel may hold as a number
# A cell a spreadsheet would run as a formula; a plain signed number (a phone "+62…") is harmless.
FORMULA_START = re.compile(r"[=@\t\r]|[+-](?![0-9 .,]*$)")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")
# Excel opens a CSV with the list separator of its locale: ";" in Indonesian (where "," is the
# decimal comma), "," in English.
CSV_DELIMITERS = {"id": ";", "en": ","}


class ExportFormat(enum.StrEnum):
    """The file formats of an export."""

    XLSX = "xlsx"
    CSV = "csv"


def export_file_name(survey_id: int, institution_code: str, day: date, fmt: ExportFormat) -> str:
    """`ekspor-<survey>-<institution>-<YYYYMMDD>.<format>`, safe on every file system."""
    code = _UNSAFE_NAME.sub("_", institution_code).strip("_") or "_"
    return f"ekspor-{survey_id}-{code}-{day:%Y%m%d}.{fmt.value}"


def csv_delimiter(language: str) -> str:
    """The separator Excel expects in a CSV for people reading `language`."""
    return CSV_DELIMITERS.get(language, ",")


def export_bytes(table: ExportTable, fmt: ExportFormat, language: str) -> bytes:
    """The whole file in memory, e.g. to send as a chat document."""
    buffer = io.BytesIO()
    if fmt is ExportFormat.XLSX:
        write_xlsx(table, buffer, language)
    else:
        write_csv(table, buffer, language)
    return buffer.getvalue()


def write_xlsx(
    table: ExportTable,
    target: Path | BinaryIO,
    language: str,
    figures: Mapping[str, Any] | None = None,
) -> None:
    """Sheets Answers (one row per alumnus), Labels (what codes mean) and Info.

    With `figures` (the report's document, bot/reporting/build.build_report), a Figures sheet too:
    the same figures, definitions and group tables as `jejak report`.
    """
    workbook = Workbook(write_only=True)
    _answers_sheet(workbook.create_sheet(_text(language, "sheet_answers")), table, language)
    if figures is not None:
        _figures_sheet(workbook.create_sheet(_text(language, "sheet_figures")), figures, language)
    labels = workbook.create_sheet(_text(language, "sheet_labels"))
    keys = ("label_code", "label_question", "label_value", "label_label")
    _header(labels, [_text(language, k) for k in keys], [24, 60, 10, 40])
    for line in table.labels:
        labels.append([text_cell(labels, v) for v in (line.code, line.question, line.value)] +
                      [text_cell(labels, line.label)])  # fmt: skip
    _info_sheet(workbook.create_sheet(_text(language, "sheet_info")), table, language)
    with binary_target(target) as stream:
        workbook.save(stream)


def write_csv(
    table: ExportTable, target: Path | BinaryIO, language: str, delimiter: str | None = None
) -> None:
    """One header row of column codes, then coded values; UTF-8 with a BOM for Excel.

    Everything in it is a code, whatever `language`; the language picks the default separator
    (`csv_delimiter`).
    """
    with binary_target(target) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, delimiter=delimiter or csv_delimiter(language))
        writer.writerow(column.name for column in table.columns)
        kinds = [column.kind for column in table.columns]
        for row in table.rows:
            writer.writerow(_csv_cell(kind, value) for kind, value in zip(kinds, row, strict=True))
        text.flush()
        text.detach()  # leave the caller's stream open


def _answers_sheet(sheet: WriteOnlyWorksheet, table: ExportTable, language: str) -> None:
    """The answers: bold frozen header, sized columns, an autofilter, identifiers as text."""
    names = [column.name for column in table.columns]
    widths = [
        _width(column.kind, [name, *(row[i] for row in table.rows[:WIDTH_SAMPLE])])
        for i, (name, column) in enumerate(zip(names, table.columns, strict=True))
    ]
    sheet.freeze_panes = "C2"  # the header, NISN and name stay in view (set before any row)
    _header(sheet, names, widths)
    statuses = {s: staff_text(language, f"status_{s}") for s in table.status_counts()}
    for row in table.rows:
        sheet.append(
            [
                _xlsx_cell(sheet, column, value, statuses)
                for column, value in zip(table.columns, row, strict=True)
            ]
        )
    last = get_column_letter(max(len(names), 1))
    # types-openpyxl misses the attributes Worksheet._setup gives a write-only sheet.
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"  # type: ignore[attr-defined]


def _info_sheet(sheet: WriteOnlyWorksheet, table: ExportTable, language: str) -> None:
    """What the file is: survey, institution, when, how many rows in each status."""
    # types-openpyxl misses the attributes Worksheet._setup gives a write-only sheet.
    sheet.column_dimensions["A"].width = 28  # type: ignore[attr-defined]
    sheet.column_dimensions["B"].width = 60  # type: ignore[attr-defined]
    if table.classes is None:
        classes = _text(language, "info_all_classes")
    else:
        classes = ", ".join(table.classes) or "-"
    generated = f"{table.generated_at:%Y-%m-%d %H:%M} ({table.timezone})"
    lines: list[tuple[str, Any]] = [
        (_text(language, "info_survey"), f"{table.survey_id}: {table.survey_name}"),
        (_text(language, "info_institution"), f"{table.institution_code} {table.institution_name}"),
        (_text(language, "info_questionnaire"), table.questionnaire),
        (_text(language, "info_classes"), classes),
        (_text(language, "info_generated"), generated),
        (_text(language, "info_rows"), len(table.rows)),
    ]
    for status, count in table.status_counts().items():
        word = staff_text(language, f"status_{status}")
        lines.append((_text(language, "info_status", status=word), count))
    for key, value in lines:
        title = WriteOnlyCell(sheet, value=key)
        title.font = BOLD
        sheet.append([title, text_cell(sheet, value) if isinstance(value, str) else value])
    sheet.append([])
    sheet.append([text_cell(sheet, _text(language, "info_note"))])


def _figures_sheet(sheet: WriteOnlyWorksheet, figures: Mapping[str, Any], language: str) -> None:
    """The report's figures (bot/documents/report.py), as the summary and the group tables."""
    from bot.documents.report import append_lines, iter_lines

    # types-openpyxl misses the attributes Worksheet._setup gives a write-only sheet.
    sheet.column_dimensions["A"].width = 34  # type: ignore[attr-defined]
    sheet.column_dimensions["B"].width = 20  # type: ignore[attr-defined]
    sheet.column_dimensions["C"].width = 60  # type: ignore[attr-defined]
    append_lines(sheet, iter_lines(figures, language))


def _header(sheet: WriteOnlyWorksheet, names: list[str], widths: list[float]) -> None:
    """Column widths (only possible before the first row), then the bold header row."""
    for index, width in enumerate(widths, start=1):
        # types-openpyxl misses the attributes Worksheet._setup gives a write-only sheet.
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    cells = []
    for name in names:
        cell = text_cell(sheet, name)
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _xlsx_cell(
    sheet: WriteOnlyWorksheet, column: ExportColumn, value: Cell, statuses: dict[str, str]
) -> Any:
    """A cell as Excel should hold it: identifiers and free text always as text."""
    if value is None:
        return None
    kind = column.kind
    if kind is ColumnKind.STATUS:
        return statuses.get(str(value), value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if not isinstance(value, str):
        return value
    if kind is ColumnKind.CODE and INTEGER_CODE.fullmatch(value):
        return int(value)  # "1" as 1: filters, sums and pivots work; "01" stays text
    if column.question is None:  # a roster identifier: retyped in Excel, it stays text
        cell = text_cell(sheet, value)
        cell.number_format = "@"
        return cell
    if value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value):
        return text_cell(sheet, value)
    # A plain str is written as text by openpyxl: "0012…" and "+62…" keep their characters.
    return value[:EXCEL_TEXT_LIMIT]


def text_cell(sheet: WriteOnlyWorksheet, value: str) -> SheetCell:
    """A string cell that is never taken for a formula, without characters XML cannot hold."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_TEXT_LIMIT])
    cell.data_type = "s"  # openpyxl would make "=…" a formula
    return cell


def _csv_cell(kind: ColumnKind, value: Cell) -> str | int | float:
    """A cell as CSV text; free text that a spreadsheet would run as a formula gets a '."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, str) and kind is ColumnKind.TEXT and FORMULA_START.match(value):
        return "'" + value
    return value


def _width(kind: ColumnKind, values: list[Cell]) -> float:
    """A column wide enough for its header and typical values, within reason."""
    if kind is ColumnKind.DATETIME:
        return 17
    longest = max(len(str(v)) for v in values if v is not None)
    return float(min(max(longest + 2, 6), 50))


def _text(language: str, key: str, **params: Any) -> str:
    return staff_text(language, f"export_{key}", **params)


@contextmanager
def binary_target(target: Path | BinaryIO) -> Iterator[IO[bytes]]:
    """The target as a binary stream: a path is opened 0600 (and closed), a stream is lent."""
    if isinstance(target, Path):
        with private_open(target, "wb") as stream:
            yield stream
    else:
        yield target
