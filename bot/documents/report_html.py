"""The report of indicators as ONE self-contained HTML file that prints well on A4.

Charts are embedded as base64 PNG (the same ones as the workbook's, bot/documents/report.py), the
stylesheet is inline, and nothing is fetched from anywhere: the file can be mailed, opened offline
and printed from any browser. Every text from the database (survey, class and programme names,
answer labels) is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape
from typing import Any

from bot.documents.report import (
    MIN_GROUP_SIZE,
    SHARE,
    column_label,
    format_value,
    group_cell,
    group_columns,
    scope_lines,
    summary_rows,
)
from bot.documents.report_charts import group_kinds, group_name, report_charts
from bot.documents.report_tables import HIDDEN, Sheet, extra_sheets
from config.report_messages import report_text
from config.staff_messages import staff_text

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 11pt; color: #222;
       margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 .4em; }
h2 { font-size: 14pt; margin: 1.4em 0 .4em; border-bottom: 2px solid #0072B2;
     padding-bottom: .1em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .6em; }
th, td { border: 1px solid #bbb; padding: .25em .45em; vertical-align: top; text-align: left; }
th { background: #DDEBF7; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.none { color: #666; font-style: italic; }
tr.section td { background: #f3f3f3; font-weight: bold; }
td.definition, p.note { color: #444; font-size: 9.5pt; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: 0; }
dl.scope dt { font-weight: bold; }
dl.scope dd { margin: 0; }
figure { margin: .8em 0; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
div.wide { overflow-x: auto; }
table.groups { font-size: 9pt; }
table.groups td:first-child { white-space: nowrap; }
table.groups th { font-size: 8.5pt; }
@page { size: A4; margin: 14mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  div.wide { overflow: visible; }
  /* A table per class has 16 columns: it gets landscape pages of its own. */
  section.groups { page: wide; break-before: page; page-break-before: always; }
  table.groups { font-size: 8pt; }
}
"""


def report_html(document: Mapping[str, Any], language: str) -> str:
    """The whole page as text (UTF-8 when written)."""
    lang = "en" if language == "en" else "id"
    title = staff_text(language, "report_title")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(_title(document, title))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        _scope(document, language),
        _summary(document, language),
        _charts(document, language),
        *(_groups(document, kind, language) for kind in group_kinds(document)),
        _ranking(document, language),
        *(_sheet(sheet, language) for sheet in extra_sheets(document, language)),
        _note(staff_text(language, "report_privacy_note", n=MIN_GROUP_SIZE)),
        _note(report_text(language, "doc_suppressed_totals", n=MIN_GROUP_SIZE))
        if document.get("suppressed")
        else "",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _title(document: Mapping[str, Any], title: str) -> str:
    survey = document.get("survey")
    return f"{title}: {survey['name']}" if survey else title


def _scope(document: Mapping[str, Any], language: str) -> str:
    rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>"
        for label, text in scope_lines(document, language)
    )
    return f'<dl class="scope">{rows}</dl>'


def _summary(document: Mapping[str, Any], language: str) -> str:
    heads = ("report_col_figure", "report_col_value", "report_col_definition")
    head = "".join(f"<th>{escape(staff_text(language, k))}</th>" for k in heads)
    body = []
    for row in summary_rows(document, language):
        if row.heading:
            body.append(
                f'<tr class="section"><td colspan="2">{escape(row.label)}</td>'
                f'<td class="definition">{escape(row.definition)}</td></tr>'
            )
            continue
        value = format_value(row.value, row.kind, language)
        missing = row.value is None or not isinstance(row.value, int | float)
        css = "none" if missing else "num"
        body.append(
            f'<tr data-key="{escape(row.key)}"><td>{escape(row.label)}</td>'
            f'<td class="{css}">{escape(value)}</td>'
            f'<td class="definition">{escape(row.definition)}</td></tr>'
        )
    title = escape(staff_text(language, "report_sheet_summary"))
    return (
        f'<section><h2>{title}</h2><table class="summary"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></section>"
    )


def _charts(document: Mapping[str, Any], language: str) -> str:
    title = escape(staff_text(language, "report_sheet_charts"))
    figures = []
    for name, picture in report_charts(document, language).items():
        data = base64.b64encode(picture).decode("ascii")
        alt = escape(
            report_text(language, "doc_alt_trend")
            if name == "trend"
            else staff_text(language, f"report_alt_{name}")
        )
        figures.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{alt}" data-chart="{name}">'
            "</figure>"
        )
    return f"<section><h2>{title}</h2>{''.join(figures)}</section>"


def _groups(document: Mapping[str, Any], kind: str, language: str) -> str:
    columns = group_columns(document)
    head = f"<th>{escape(staff_text(language, f'report_group_{kind}'))}</th>"
    head += "".join(f"<th>{escape(column_label(c, language))}</th>" for c in columns)
    body = []
    for group in (document.get("groups") or {}).get(kind) or []:
        cells = [f"<td>{escape(group_name(document, kind, group.get('name'), language))}</td>"]
        for key, value_kind, _label in columns:
            value, mark = group_cell(group, key)
            if mark:
                cells.append(f'<td class="none">{escape(mark)}</td>')
            else:
                cells.append(
                    f'<td class="num">{escape(format_value(value, value_kind, language))}</td>'
                )
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = escape(staff_text(language, f"report_sheet_{kind}"))
    legend = escape(staff_text(language, "report_legend", n=MIN_GROUP_SIZE))
    return (
        f'<section class="groups"><h2>{title}</h2><div class="wide"><table class="groups">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        f'<p class="note">{legend}</p></section>'
    )


def _ranking(document: Mapping[str, Any], language: str) -> str:
    ranking = document.get("ranking")
    if not ranking:
        return ""
    parts = [f"<section><h2>{escape(staff_text(language, 'report_sheet_ranking'))}</h2>"]
    for key in ("response_rate", "bmw_rate"):
        parts.append(f"<h3>{escape(staff_text(language, f'report_ranking_{key}'))}</h3>")
        heads = ("report_col_rank", "report_group_institution", f"report_col_{key}")
        head = "".join(f"<th>{escape(staff_text(language, k))}</th>" for k in heads)
        rows = "".join(
            f'<tr><td class="num">{entry["rank"]}</td>'
            f"<td>{escape(str(entry['institution']))} {escape(entry.get('name') or '')}</td>"
            f'<td class="num">{escape(format_value(entry["value"], SHARE, language))}</td></tr>'
            for entry in ranking.get(key) or []
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    missing = document.get("institutions_without_survey") or []
    if missing:
        listed = ", ".join(f"{m['code']} {m['name']}" for m in missing)
        text = staff_text(language, "report_without_survey", list=listed)
        parts.append(f'<p class="note">{escape(text)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _sheet(sheet: Sheet, language: str) -> str:
    """A section of tables (across years, accreditation, IKU, placement: report_tables)."""
    parts = [f'<section data-key="{escape(sheet.key)}"><h2>{escape(sheet.title)}</h2>']
    for table in sheet.tables:
        head = "".join(f"<th>{escape(h)}</th>" for h in table.head)
        rows = []
        for row in table.rows:
            cells = []
            for value, kind in row:
                if value is HIDDEN or value is None:
                    mark = "*" if value is HIDDEN else "–"
                    cells.append(f'<td class="none">{mark}</td>')
                elif isinstance(value, str):
                    cells.append(f"<td>{escape(value)}</td>")
                else:
                    cells.append(
                        f'<td class="num">{escape(format_value(value, kind, language))}</td>'
                    )
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(
            f'<h3>{escape(table.title)}</h3><div class="wide"><table class="groups">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
        parts += [f'<p class="note">{escape(note)}</p>' for note in table.notes]
    parts.append("</section>")
    return "".join(parts)
