"""The report's tables beyond the summary and the groups: across years (`trend`), the
university's accreditation tables and IKU, the training centre's placement table.

Each is built once as a Sheet of Tables (title, header, rows of typed cells, notes) that the
workbook (bot/documents/report.py) and the page (report_html.py) both render, and only when its
key in the document is not null (docs/reports.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from config.report_messages import report_text
from config.staff_messages import staff_text
from conversations.indicators.accreditation import BANDS, UNKNOWN_YEAR
from conversations.indicators.declarations import WORKPLACE_LEVELS

# How a cell is shown (the same kinds as bot/documents/report.py's).
COUNT, SHARE, TEXT = "count", "share", "text"
MIN_GROUP_SIZE = 5  # the builder's default: rows with fewer completed show counts only


class Hidden:
    """A figure a small row hides (shown as "*")."""

    __slots__ = ()


HIDDEN: Final = Hidden()


@dataclass(frozen=True, slots=True)
class Table:
    """One table: a title, its column heads, rows of (value, kind) cells, notes under it.

    A value None is "no data yet"; HIDDEN is a figure hidden for privacy.
    """

    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[tuple[object, str], ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of the workbook (a section of the page): `key` is the document's key it shows."""

    key: str
    title: str
    tables: tuple[Table, ...]


def extra_sheets(document: Mapping[str, Any], language: str) -> list[Sheet]:
    """The sheets whose key is not null, in order: trend (with an earlier cohort), accreditation,
    IKU, placement."""
    sheets = []
    if len(document.get("trend") or []) > 1:  # this cohort alone compares with nothing
        sheets.append(_trend(document["trend"], language))
    if document.get("accreditation"):
        sheets.append(_accreditation(document["accreditation"], language))
    if document.get("iku"):
        sheets.append(_iku(document["iku"], language))
    if document.get("placement"):
        sheets.append(_placement(document["placement"], language))
    return sheets


def _text(language: str, key: str, **params: Any) -> str:
    return report_text(language, f"doc_{key}", **params)


def _trend(trend: Sequence[Mapping[str, Any]], language: str) -> Sheet:
    columns = ("cohort", "alumni", "completed", "response_rate", "bmw_rate")
    kinds = (TEXT, COUNT, COUNT, SHARE, SHARE)
    rows = tuple(
        tuple(
            (str(entry[c]) if c == "cohort" else entry.get(c), kind)
            for c, kind in zip(columns, kinds, strict=True)
        )
        for entry in trend
    )
    head = tuple(_text(language, f"col_{c}") for c in columns)
    table = Table(_text(language, "table_trend"), head, rows)
    return Sheet("trend", _text(language, "sheet_trend"), (table,))


def _accreditation(years: Mapping[str, Mapping[str, Any]], language: str) -> Sheet:
    """Three tables, a row per graduation year: waiting bands, field fit, workplace level."""
    names = list(years)
    tables = []
    parts = (
        ("waiting_bands", BANDS, "band"),
        ("field_fit", None, "fit_point"),
        ("workplace_level", WORKPLACE_LEVELS, "level"),
    )
    for part, categories, label in parts:
        present = [name for name in names if years[name].get(part) is not None]
        if not present:
            continue
        if categories is None:  # the scale's points, as counted
            categories = tuple(years[present[0]][part]["counts"])
        labels = [
            _text(language, label, point=c)
            if label == "fit_point"
            else _text(language, f"{label}_{c}")
            for c in categories
        ]
        head = [
            _text(language, "col_year"),
            _text(language, "col_respondents"),
            _text(language, "col_n"),
        ]
        for name in labels:
            head += [name, _text(language, "col_share_of", label=name)]
        if part == "field_fit":
            head.append(_text(language, "col_aligned_share"))
        rows = []
        for name in present:
            table = years[name][part]
            year = _text(language, "year_unknown") if name == UNKNOWN_YEAR else name
            row: list[tuple[object, str]] = [
                (year, TEXT),
                (years[name].get("respondents"), COUNT),
                (table.get("n"), COUNT),
            ]
            for category in categories:
                row += [
                    ((table.get("counts") or {}).get(category), COUNT),
                    ((table.get("shares") or {}).get(category), SHARE),
                ]
            if part == "field_fit":
                row.append((table.get("aligned_share"), SHARE))
            rows.append(tuple(row))
        tables.append(Table(_text(language, f"table_{part}"), tuple(head), tuple(rows)))
    return Sheet("accreditation", _text(language, "sheet_accreditation"), tuple(tables))


def _iku(iku: Mapping[str, Any], language: str) -> Sheet:
    head = (
        _text(language, "col_n"),
        _text(language, "col_count"),
        _text(language, "col_iku_share"),
        _text(language, "col_not_comparable"),
    )
    row = (
        (iku.get("n"), COUNT),
        (iku.get("count"), COUNT),
        (iku.get("share"), SHARE),
        (iku.get("not_comparable"), COUNT),
    )
    title = _text(language, "table_iku", definition=iku.get("definition", "-"))
    notes = (_text(language, "iku_source", source=iku.get("source") or "-"),)
    return Sheet("iku", _text(language, "sheet_iku"), (Table(title, head, (row,), notes),))


def _placement(placement: Mapping[str, Any], language: str) -> Sheet:
    figures = ("completed", "placed", "placement_rate", "fit_n", "fit_share")
    keys = ("completed", "placed", "placement_rate", "training_fit_n", "training_fit_share")
    kinds = (COUNT, COUNT, SHARE, COUNT, SHARE)
    head = (
        _text(language, "col_programme"),
        _text(language, "col_batch"),
        *(_text(language, f"col_{f}") for f in figures),
    )
    unnamed = staff_text(language, "report_no_group")

    def cells(entry: Mapping[str, Any]) -> tuple[tuple[object, str], ...]:
        # A small row hides its fit share (when the fit is asked at all); counts stay.
        hidden = bool(entry.get("suppressed")) and entry.get("training_fit_n") is not None
        return tuple(
            (HIDDEN if hidden and key == "training_fit_share" else entry.get(key), kind)
            for key, kind in zip(keys, kinds, strict=True)
        )

    rows = [
        (
            (entry.get("programme") or unnamed, TEXT),
            (entry.get("batch") or "–", TEXT),
            *cells(entry),
        )
        for entry in placement.get("by") or []
    ]
    total = placement.get("total") or {}
    rows.append(((_text(language, "total"), TEXT), ("", TEXT), *cells(total)))
    notes = (_text(language, "legend", n=MIN_GROUP_SIZE),)
    table = Table(_text(language, "table_placement"), head, tuple(rows), notes)
    return Sheet("placement", _text(language, "sheet_placement"), (table,))
