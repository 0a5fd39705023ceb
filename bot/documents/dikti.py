"""A layout table (a national upload such as the Dikti tracer study's) as XLSX or CSV.

The file is for another system to import: one sheet, the layout's header in row 1, one row per
completed response, nothing else (no styling, no extra sheets or columns). Identifiers and free
text are text cells (NIM and NIK keep their digits and leading zeros); codes and counts are
numbers. The CSV is UTF-8 without a byte order mark, so the first header is read exactly; free
text that a spreadsheet would run as a formula gets a leading ' as in every export.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook

from bot.documents.export import (
    EXCEL_TEXT_LIMIT,
    FORMULA_START,
    binary_target,
    text_cell,
)
from storage.exports.columns import Cell, ColumnKind, ExportColumn
from storage.exports.layouts import LayoutTable

TEXT_FORMAT = "@"


def layout_file_name(table: LayoutTable, day: date, as_csv: bool) -> str:
    """`<layout>-<survey>-<institution>-<YYYYMMDD>.xlsx` (or .csv), safe on every file system."""
    code = "".join(c if c.isalnum() or c in "-_" else "_" for c in table.institution_code)
    suffix = "csv" if as_csv else "xlsx"
    return f"{table.layout.id}-{table.survey_id}-{code.strip('_') or '_'}-{day:%Y%m%d}.{suffix}"


def write_layout_xlsx(table: LayoutTable, target: Path | BinaryIO) -> None:
    """One sheet named as the layout says: the header, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.layout.sheet)
    sheet.append([text_cell(sheet, column.name) for column in table.columns])
    for row in table.rows:
        sheet.append(
            [_xlsx(sheet, column, value) for column, value in zip(table.columns, row, strict=True)]
        )
    with binary_target(target) as stream:
        workbook.save(stream)


def write_layout_csv(
    table: LayoutTable, target: Path | BinaryIO, delimiter: str | None = None
) -> None:
    """The header, then the rows; the layout's separator unless `delimiter` is given."""
    with binary_target(target) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        writer = csv.writer(text, delimiter=delimiter or table.layout.csv_delimiter)
        writer.writerow(column.name for column in table.columns)
        for row in table.rows:
            writer.writerow(
                _csv(column, value) for column, value in zip(table.columns, row, strict=True)
            )
        text.flush()
        text.detach()  # leave the caller's stream open


def layout_bytes(table: LayoutTable, as_csv: bool) -> bytes:
    """The whole file in memory, e.g. to send as a chat document."""
    buffer = io.BytesIO()
    if as_csv:
        write_layout_csv(table, buffer)
    else:
        write_layout_xlsx(table, buffer)
    return buffer.getvalue()


def _xlsx(sheet: Any, column: ExportColumn, value: Cell) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        return value
    cell = text_cell(sheet, value[:EXCEL_TEXT_LIMIT])
    if column.kind is ColumnKind.TEXT:
        cell.number_format = TEXT_FORMAT  # retyped in Excel, a NIK stays text
    return cell


def _csv(column: ExportColumn, value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and column.question is not None and FORMULA_START.match(value):
        return "'" + value
    return value if isinstance(value, str | int | float) else str(value)
