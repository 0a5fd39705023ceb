"""The report of indicators as an XLSX workbook a principal can print and paste into a report.

Sheets: the summary (every figure, its value and its one-line definition), a table per class and
per programme (per institution, with a ranking, for several institutions), the cohorts across
years, the accreditation, IKU and placement tables when the document has them
(bot/documents/report_tables.py), and the charts as PNG images (bot/documents/report_charts.py).
Each sheet prints on A4, fitted to the page's width. It renders the JSON document that
bot/reporting/build.build_report makes (docs/reports.md) and never reads the database; the
export's figures sheet (bot/documents/export.py) and the HTML report use the same rows and charts.
A figure with no data is shown as "belum ada data".
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.documents.report_charts import (
    OUTCOMES,
    WAITING,
    group_kinds,
    group_name,
    report_charts,
)
from bot.documents.report_tables import HIDDEN, Sheet, extra_sheets
from config.report_messages import report_text
from config.staff_messages import staff_text
from conversations.indicators.definitions import FIGURE_DEFINITIONS

# How a value is shown: a count, a share (0-1, shown as a percentage), rupiah, a mean, text.
COUNT, SHARE, MONEY, DECIMAL, TEXT = "count", "share", "money", "decimal", "text"
NUMBER_FORMATS = {COUNT: "#,##0", SHARE: "0.0%", MONEY: '"Rp "#,##0', DECIMAL: "0.00"}
INCOME, ALIGNMENT = "income", "alignment"
MIN_GROUP_SIZE = 5  # the builder's default: groups with fewer completed show counts only

# The summary's sections: (section key, its figures as (dotted key, kind)).
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("response", (("alumni", COUNT), ("completed", COUNT), ("response_rate", SHARE))),
    (
        "outcome",
        (*((f"outcome.{key}", COUNT) for key in OUTCOMES), ("bmw_rate", SHARE)),
    ),
    (
        WAITING,
        (
            (f"{WAITING}.n", COUNT),
            (f"{WAITING}.mean", DECIMAL),
            (f"{WAITING}.median", DECIMAL),
            (f"{WAITING}.within_3", SHARE),
            (f"{WAITING}.within_6", SHARE),
        ),
    ),
    (
        INCOME,
        (
            (f"{INCOME}.n", COUNT),
            (f"{INCOME}.mean", MONEY),
            (f"{INCOME}.median", MONEY),
            (f"{INCOME}.at_least_minimum_wage", SHARE),
            (f"{INCOME}.not_comparable", COUNT),
        ),
    ),
    (
        ALIGNMENT,
        (
            (f"{ALIGNMENT}.n", COUNT),
            (f"{ALIGNMENT}.mean", DECIMAL),
            (f"{ALIGNMENT}.aligned_share", SHARE),
        ),
    ),
    ("job_source", (("pkl_share", SHARE),)),  # and a row per answer, before it
    ("quality", (("unreadable", COUNT),)),
)
# The columns of a group table: (dotted key, kind, label key; "" for an outcome's own label).
GROUP_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("alumni", COUNT, "report_col_alumni"),
    ("completed", COUNT, "report_col_completed"),
    ("response_rate", SHARE, "report_col_response_rate"),
    ("bmw_rate", SHARE, "report_col_bmw_rate"),
    *((f"outcome.{key}", COUNT, "") for key in OUTCOMES),
    (f"{WAITING}.mean", DECIMAL, "report_col_waiting_mean"),
    (f"{WAITING}.within_6", SHARE, "report_col_within_6"),
    (f"{INCOME}.median", MONEY, "report_col_income_median"),
    (f"{INCOME}.at_least_minimum_wage", SHARE, "report_col_minimum_wage"),
    (f"{ALIGNMENT}.aligned_share", SHARE, "report_col_aligned_share"),
)
# Figures a small group hides (its counts stay).
HIDDEN_WHEN_SMALL = (WAITING, INCOME, ALIGNMENT)


class NotDeclared:
    """A figure the questionnaire declares no question for (its whole part of the JSON is null)."""

    __slots__ = ()


NOT_DECLARED: Final = NotDeclared()


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the summary: a section heading (`kind` TEXT, no value) or a figure."""

    key: str
    label: str
    value: object  # a number, None (no data yet) or NOT_DECLARED
    kind: str
    definition: str
    heading: bool = False


def value_at(document: Mapping[str, Any], key: str) -> object:
    """The value at a dotted key; NOT_DECLARED when a part on the way is null."""
    current: object = document
    for part in key.split("."):
        if current is None:
            return NOT_DECLARED
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def definition(key: str, language: str) -> str:
    """The one-line definition of a figure in `language` ("" when it has none)."""
    found = FIGURE_DEFINITIONS.get(key)
    if found is None:
        return ""
    return found[1] if language == "en" else found[0]


def figure_label(key: str, language: str) -> str:
    """A figure's short name: an outcome's as the weekly report says it, else the catalogue's."""
    parent, _, last = key.rpartition(".")
    if parent == "outcome":
        return report_text(language, f"outcome_{last}")
    return staff_text(language, f"report_fig_{last}")


def summary_rows(document: Mapping[str, Any], language: str) -> list[FigureRow]:
    """The summary's lines in order: each section's heading, then its figures."""
    rows: list[FigureRow] = []
    hidden = bool(document.get("suppressed"))  # a few classes' totals, shown as a small group
    for section, figures in SECTIONS:
        title = staff_text(language, f"report_section_{section}")
        rows.append(FigureRow(section, title, None, TEXT, definition(section, language), True))
        if section == "job_source":
            rows += _source_rows(document, language)
        for key, kind in figures:
            value = value_at(document, key)
            if hidden and value is None and _hidden_when_small(key):
                value = HIDDEN
            rows.append(
                FigureRow(key, figure_label(key, language), value, kind, definition(key, language))
            )
    return rows


def _hidden_when_small(key: str) -> bool:
    """A figure a small group shows as "*": a mean, median or share (never its n)."""
    root, _, last = key.partition(".")
    return root in HIDDEN_WHEN_SMALL and last not in ("n", "not_comparable")


def _source_rows(document: Mapping[str, Any], language: str) -> list[FigureRow]:
    sources = document.get("job_source")
    if sources is None:
        return [FigureRow("job_source", "", NOT_DECLARED, COUNT, "")]
    labels = (document.get("labels") or {}).get("job_source") or {}
    return [
        FigureRow(f"job_source.{value}", f"{value}. {labels.get(value, value)}", count, COUNT, "")
        for value, count in sources.items()
    ]


def scope_lines(document: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    """What the report covers, as (label, text) lines for the top of every document."""
    scope = document.get("scope") or {}
    surveys = document.get("surveys") or []
    lines: list[tuple[str, str]] = []

    def add(key: str, text: str) -> None:
        lines.append((staff_text(language, f"report_scope_{key}"), text))

    if scope.get("kind") == "province" and scope.get("province"):
        province = scope["province"]
        add("province", f"{province['code']} {province['name']}")
        add("institution", str(len(surveys)))
    elif scope.get("kind") == "institutions":
        add("institution", str(len(surveys)))
    else:
        for survey in surveys:
            add("survey", f"{survey['id']}: {survey['name']}")
            institution = survey["institution"]
            add("institution", f"{institution['code']} {institution['name']}")
    add("cohort", str(scope.get("cohort", "-")))
    add(
        "questionnaire",
        f"{scope.get('questionnaire', '-')} {scope.get('questionnaire_version', '')}",
    )
    if scope.get("classes") is not None:
        add("classes", ", ".join(str(c) for c in scope["classes"]) or "-")
    add("generated", str(document.get("generated_at", "-")))
    add("wage", wage_line(document.get("minimum_wage") or {}, language))
    return lines


def wage_line(wage: Mapping[str, Any], language: str) -> str:
    """Which minimum wage the income was compared with, in one line."""
    fallback = wage.get("fallback_province")
    where = f"{fallback['code']} {fallback['name']}" if fallback else "-"
    if not wage.get("places"):  # no income to compare yet: say which wage will be used
        return staff_text(
            language, "report_wage_unused", year=wage.get("year", "-"), fallback=where
        )
    if not wage.get("level"):
        return staff_text(language, "report_wage_none", year=wage.get("year", "-"), fallback=where)
    return staff_text(
        language,
        "report_wage_line",
        level=wage["level"],
        year=wage["year"],
        used=wage.get("rows_used", 0),
        available=wage.get("rows_available", 0),
        fallback=where,
    )


def format_value(value: object, kind: str, language: str) -> str:
    """A value as text: "62,5%" and "Rp 2.533.333" in Indonesian, "62.5%" and "Rp 2,533,333"
    in English; "belum ada data" for None."""
    if isinstance(value, NotDeclared):
        return staff_text(language, "report_not_declared")
    if value is HIDDEN:
        return "*"
    if value is None:
        return staff_text(language, "report_no_data")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == SHARE:
        text = f"{value * 100:,.1f}%"
    elif kind == MONEY:
        text = f"Rp {value:,.0f}"
    elif kind == DECIMAL:
        text = f"{value:,.2f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    if language == "id":  # Indonesian swaps the separators: 1.234.567,8
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def group_columns(document: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The group table's columns, without those of an indicator the questionnaire lacks."""
    return [c for c in GROUP_COLUMNS if value_at(document, c[0].split(".")[0]) is not None]


def column_label(column: tuple[str, str, str], language: str) -> str:
    key, _kind, label = column
    if not label:
        return report_text(language, f"outcome_{key.rpartition('.')[2]}")
    return staff_text(language, label)


def group_cell(group: Mapping[str, Any], key: str) -> tuple[object, str | None]:
    """(value, mark): mark "*" for a figure a small group hides, "–" for no data, else None."""
    value = value_at(group, key)
    if value is None or isinstance(value, NotDeclared):
        hidden = group.get("suppressed") and key.split(".")[0] in HIDDEN_WHEN_SMALL
        return None, "*" if hidden and not key.endswith(".n") else "–"
    return value, None


# --- the workbook -------------------------------------------------------------------------

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="666666")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
IMAGE_WIDTH_PX = 640  # fits an A4 page's width in portrait
ROW_PX = 20  # Excel's default row height in pixels


@dataclass(frozen=True, slots=True)
class Item:
    """One cell to write: a value and how to show it."""

    value: object
    kind: str = TEXT
    font: Font | None = None
    fill: PatternFill | None = None
    wrap: bool = False


Line = Sequence[Item]


def write_report_xlsx(document: Mapping[str, Any], target: IO[bytes], language: str) -> None:
    """The workbook: summary, a sheet per group table (and the ranking), the charts."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook has its first sheet
    summary.title = _sheet_name(staff_text(language, "report_sheet_summary"))
    _set_widths(summary, [34, 20, 80])
    last = append_lines(summary, summary_lines(document, language))
    _printable(summary, f"A1:C{last}", landscape=False)
    for kind in group_kinds(document):
        sheet = workbook.create_sheet(_sheet_name(staff_text(language, f"report_sheet_{kind}")))
        columns = group_columns(document)
        _set_widths(sheet, [34, *([12] * len(columns))])
        last = append_lines(sheet, group_lines(document, kind, language))
        sheet.freeze_panes = "B4"
        sheet.print_title_rows = "3:3"
        _printable(sheet, f"A1:{get_column_letter(len(columns) + 1)}{last}", landscape=True)
    if document.get("ranking"):
        sheet = workbook.create_sheet(_sheet_name(staff_text(language, "report_sheet_ranking")))
        _set_widths(sheet, [12, 50, 16])
        last = append_lines(sheet, ranking_lines(document, language))
        _printable(sheet, f"A1:C{last}", landscape=False)
    for extra in extra_sheets(document, language):
        sheet = workbook.create_sheet(_sheet_name(extra.title))
        width = max(len(table.head) for table in extra.tables)
        _set_widths(sheet, [22, *([14] * (width - 1))])
        last = append_lines(sheet, sheet_lines(extra, language))
        wide = width > 7
        _printable(sheet, f"A1:{get_column_letter(width)}{last}", landscape=wide)
    charts = workbook.create_sheet(_sheet_name(staff_text(language, "report_sheet_charts")))
    charts.column_dimensions["A"].width = 100
    row = 1
    for picture in report_charts(document, language).values():
        image = Image(io.BytesIO(picture))
        scale = IMAGE_WIDTH_PX / image.width
        image.width, image.height = IMAGE_WIDTH_PX, round(image.height * scale)
        charts.add_image(image, f"A{row}")
        row += image.height // ROW_PX + 2
    _printable(charts, f"A1:H{row}", landscape=False)
    workbook.save(target)


def summary_lines(document: Mapping[str, Any], language: str) -> list[Line]:
    """The summary sheet's lines: title, what it covers, then every figure with its definition."""
    lines: list[Line] = [[Item(staff_text(language, "report_title"), font=TITLE)], []]
    for label, text in scope_lines(document, language):
        lines.append([Item(label, font=BOLD), Item(text)])
    lines.append([])
    heads = ("report_col_figure", "report_col_value", "report_col_definition")
    lines.append([Item(staff_text(language, k), font=BOLD, fill=HEAD_FILL) for k in heads])
    for row in summary_rows(document, language):
        if row.heading:
            lines.append(
                [
                    Item(row.label, font=BOLD),
                    Item(None),
                    Item(row.definition, font=MUTED, wrap=True),
                ]
            )
            continue
        lines.append([Item(row.label), _value_item(row.value, row.kind, language),
                      Item(row.definition, wrap=True)])  # fmt: skip
    lines.append([])
    note = staff_text(language, "report_privacy_note", n=MIN_GROUP_SIZE)
    lines.append([Item(note, font=MUTED)])
    if document.get("suppressed"):
        hidden = report_text(language, "doc_suppressed_totals", n=MIN_GROUP_SIZE)
        lines.append([Item(hidden, font=MUTED)])
    return lines


def group_lines(document: Mapping[str, Any], kind: str, language: str) -> list[Line]:
    """A group table (per class, programme or institution): title, header, a row per group."""
    columns = group_columns(document)
    title = staff_text(language, f"report_sheet_{kind}")
    lines: list[Line] = [[Item(title, font=TITLE)], []]
    head = [
        Item(staff_text(language, f"report_group_{kind}"), font=BOLD, fill=HEAD_FILL, wrap=True)
    ]
    head += [Item(column_label(c, language), font=BOLD, fill=HEAD_FILL, wrap=True) for c in columns]
    lines.append(head)
    for group in (document.get("groups") or {}).get(kind) or []:
        line = [Item(group_name(document, kind, group.get("name"), language))]
        for key, value_kind, _label in columns:
            value, mark = group_cell(group, key)
            line.append(Item(mark, font=MUTED) if mark else Item(value, value_kind))
        lines.append(line)
    lines.append([])
    lines.append([Item(staff_text(language, "report_legend", n=MIN_GROUP_SIZE), font=MUTED)])
    return lines


def ranking_lines(document: Mapping[str, Any], language: str) -> list[Line]:
    """The institutions ranked by response rate, then by BMW rate; those without a survey."""
    ranking = document.get("ranking") or {}
    lines: list[Line] = [[Item(staff_text(language, "report_sheet_ranking"), font=TITLE)]]
    for key, kind in (("response_rate", SHARE), ("bmw_rate", SHARE)):
        lines.append([])
        lines.append([Item(staff_text(language, f"report_ranking_{key}"), font=BOLD)])
        heads = ("report_col_rank", "report_group_institution", f"report_col_{key}")
        lines.append([Item(staff_text(language, k), font=BOLD, fill=HEAD_FILL) for k in heads])
        for entry in ranking.get(key) or []:
            name = f"{entry['institution']} {entry.get('name') or ''}".strip()
            lines.append([Item(entry["rank"], COUNT), Item(name),
                          _value_item(entry["value"], kind, language)])  # fmt: skip
    missing = document.get("institutions_without_survey") or []
    if missing:
        lines.append([])
        listed = ", ".join(f"{m['code']} {m['name']}" for m in missing)
        lines.append([Item(staff_text(language, "report_without_survey", list=listed), font=MUTED)])
    return lines


def sheet_lines(sheet: Sheet, language: str) -> list[Line]:
    """A sheet of tables (report_tables): its title, then each table's title, head, rows, notes."""
    lines: list[Line] = [[Item(sheet.title, font=TITLE)]]
    for table in sheet.tables:
        lines.append([])
        lines.append([Item(table.title, font=BOLD)])
        lines.append([Item(h, font=BOLD, fill=HEAD_FILL, wrap=True) for h in table.head])
        for row in table.rows:
            line = []
            for value, kind in row:
                if value is HIDDEN:
                    line.append(Item("*", font=MUTED))
                elif value is None:
                    line.append(Item("–", font=MUTED))
                else:
                    line.append(Item(value, kind))
            lines.append(line)
        lines += [[Item(note, font=MUTED)] for note in table.notes]
    return lines


def _value_item(value: object, kind: str, language: str) -> Item:
    if value is None or value is HIDDEN or isinstance(value, NotDeclared):
        return Item(format_value(value, kind, language), font=MUTED)
    return Item(value, kind)


def append_lines(sheet: Any, lines: Iterable[Line]) -> int:
    """Append the lines to a sheet (normal or write-only); returns the last row written."""
    count = 0
    for line in lines:
        sheet.append([_cell(sheet, item) for item in line])
        count += 1
    return count


def _cell(sheet: Any, item: Item) -> SheetCell | None:
    value: Any = item.value
    if value is None and item.font is None and item.fill is None:
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a class name "=…" from a roster stays text, never a formula
    elif item.kind in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[item.kind]
    if item.font is not None:
        cell.font = item.font
    if item.fill is not None:
        cell.fill = item.fill
    if item.wrap:
        cell.alignment = WRAP
    return cell


def _set_widths(sheet: Any, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _printable(sheet: Worksheet, area: str, *, landscape: bool) -> None:
    """A4, fitted to the page's width (as many pages down as it needs), within `area`."""
    sheet.print_area = area
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:  # a new sheet has none until something asks for one
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = True


def _sheet_name(name: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\."""
    return "".join(c for c in name if c not in "[]:*?/\\")[:31]


def iter_lines(document: Mapping[str, Any], language: str) -> Iterator[Line]:
    """Every line of the export's figures sheet: the summary, each group table, then the tables
    across years, of accreditation, IKU and placement the document has."""
    yield from summary_lines(document, language)
    for kind in group_kinds(document):
        yield []
        yield from group_lines(document, kind, language)
    for extra in extra_sheets(document, language):
        yield []
        yield from sheet_lines(extra, language)
