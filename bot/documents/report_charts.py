"""The report's charts: main status, BMW rate per group, waiting time in bands, the cohorts
across years, and institutions ranked; each as a panel that a document's chart or the one image
of /laporan draws.

Charts are drawn on matplotlib's Figure with the Agg canvas, never pyplot (nothing global
changes), in the weekly chart's colours (scheduler/charts.py). A chart with nothing to draw says
so. They read the report's JSON document (docs/reports.md) only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from config.report_messages import report_text
from config.staff_messages import staff_text
from scheduler.charts import COLOURS, COMPLETED, FONT, percent_axis, png

OUTCOMES = ("working", "entrepreneur", "studying", "looking", "not_yet", "unknown")
WAITING = "waiting_time_months"
WIDTH_IN = 8.0
DPI = 100
ROW_IN = 0.34
MAX_BARS = 60  # more groups than this are summed up in a note, not drawn
CHAT_BARS = 25  # institutions drawn in a chat's ranking (a phone's screen)
BMW = "#009E73"
TRACK = "#E6E6E6"
BAND_COLOURS = ("#009E73", "#E69F00", "#D55E00")
RANKED = ("response_rate", "bmw_rate")
# A panel: how many rows of bars it needs, and how to draw it on its axes.
Panel = tuple[int, Callable[[Axes], None]]


def group_kinds(document: Mapping[str, Any]) -> list[str]:
    """The group tables of the document, in order: institution first, then class, programme."""
    groups = document.get("groups") or {}
    order = ("institution", "class", "programme")
    return [k for k in order if k in groups] + [k for k in groups if k not in order]


def group_name(document: Mapping[str, Any], kind: str, name: object, language: str) -> str:
    """A group's name as people read it: an institution's code with its name."""
    if name is None:
        return staff_text(language, "report_no_group")
    if kind == "institution":
        for survey in document.get("surveys") or []:
            if survey["institution"]["code"] == name:
                return f"{name} {survey['institution']['name']}"
    return str(name)


def chart_figures(document: Mapping[str, Any], language: str) -> dict[str, Figure]:
    """The document's charts as Figures (not yet drawn), so tests can read their texts; the
    chart across years only when there are earlier cohorts to compare with."""
    charts = {
        "outcome": _alone(outcome_panel(document, language)),
        "bmw": _alone(bmw_panel(document, language)),
        "waiting": _alone(waiting_panel(document, language)),
    }
    if len(document.get("trend") or []) > 1:
        charts["trend"] = _alone(trend_panel(document, language))
    return charts


def report_charts(document: Mapping[str, Any], language: str) -> dict[str, bytes]:
    """The charts as PNG bytes: outcome split, BMW rate per group, waiting time in bands, and
    the cohorts across years."""
    return {name: png(figure) for name, figure in chart_figures(document, language).items()}


def chat_figure(document: Mapping[str, Any], language: str) -> Figure:
    """The one image of /laporan: for several institutions their ranking by response rate and
    by BMW rate; else the main status, with the cohorts across years (or the BMW rate per class
    when there is no earlier cohort)."""
    if document.get("ranking"):
        panels = [ranking_panel(document, key, language, CHAT_BARS) for key in RANKED]
    else:
        panels = [outcome_panel(document, language)]
        if len(document.get("trend") or []) > 1:
            panels.append(trend_panel(document, language))
        elif len((document.get("groups") or {}).get("class") or []) > 1:
            panels.append(bmw_panel(document, language))
    return _stacked(panels)


def _alone(panel: Panel) -> Figure:
    return _stacked([panel])


def _stacked(panels: Sequence[Panel]) -> Figure:
    """Panels one above the other, each as tall as its rows of bars (a title and a line of text
    when it has none)."""
    heights = [max(2.4, ROW_IN * rows + 1.6) if rows else 2.0 for rows, _draw in panels]
    figure = Figure(figsize=(WIDTH_IN, sum(heights)), dpi=DPI, layout="constrained")
    grid = figure.add_gridspec(len(panels), 1, height_ratios=heights)
    for index, (_rows, draw) in enumerate(panels):
        draw(figure.add_subplot(grid[index]))
    return figure


def outcome_panel(document: Mapping[str, Any], language: str) -> Panel:
    """Completed responses by main status, as shares with their counts."""
    completed = document.get("completed") or 0
    outcome = document.get("outcome") or {}

    def draw(axes: Axes) -> None:
        title = staff_text(language, "report_chart_outcome", n=completed)
        axes.set_title(title, fontsize=FONT + 1, loc="left")
        if not completed:
            _empty(axes, staff_text(language, "report_chart_no_data"))
            return
        counts = [int(outcome.get(key) or 0) for key in OUTCOMES]
        shares = [count * 100 / completed for count in counts]
        rows = range(len(OUTCOMES))
        axes.barh(rows, shares, color=[COLOURS[key] for key in OUTCOMES], height=0.7)
        for row, count, share in zip(rows, counts, shares, strict=True):
            axes.text(share + 1, row, f"{count} ({_pct(share)})", va="center",
                      fontsize=FONT - 1, color="#222222")  # fmt: skip
        labels = [report_text(language, f"outcome_{key}") for key in OUTCOMES]
        axes.set_yticks(list(rows), labels, fontsize=FONT)
        axes.set_ylim(len(OUTCOMES) - 0.5, -0.5)
        percent_axis(axes, staff_text(language, "report_chart_outcome_axis"), room=118)

    return (len(OUTCOMES) if completed else 0), draw


def bmw_panel(document: Mapping[str, Any], language: str) -> Panel:
    """The BMW rate per institution (several) or per class."""
    kinds = group_kinds(document)
    kind = "institution" if "institution" in kinds else "class"
    groups = list((document.get("groups") or {}).get(kind) or [])
    shown, hidden = groups[:MAX_BARS], max(len(groups) - MAX_BARS, 0)
    rates = [g.get("bmw_rate") for g in shown]
    drawn = bool(shown) and any(rate is not None for rate in rates)

    def draw(axes: Axes) -> None:
        group_word = staff_text(language, f"report_group_{kind}").lower()  # mid-sentence
        title = staff_text(language, "report_chart_bmw", group=group_word)
        axes.set_title(title, fontsize=FONT + 1, loc="left")
        if not drawn:
            _empty(axes, staff_text(language, "report_chart_no_data"))
            return
        names = [group_name(document, kind, g.get("name"), language) for g in shown]
        counts = [g.get("completed", 0) for g in shown]
        label = staff_text(language, "report_chart_bmw_axis")
        if hidden:
            label += "\n" + staff_text(language, "report_chart_more_groups", count=hidden)
        _rate_bars(axes, names, rates, counts, BMW, label)

    return (len(shown) if drawn else 0), draw


def waiting_panel(document: Mapping[str, Any], language: str) -> Panel:
    """The waiting time for the first job in bands of ≤ 3, 4–6 and > 6 months."""
    waiting = document.get(WAITING)
    n = (waiting or {}).get("n") or 0
    bands = [staff_text(language, f"report_band_{b}") for b in ("3", "6", "more")]
    within_3 = (waiting or {}).get("within_3")
    within_6 = (waiting or {}).get("within_6")
    drawn = bool(waiting) and bool(n) and within_3 is not None and within_6 is not None

    def draw(axes: Axes) -> None:
        title = staff_text(language, "report_chart_waiting", n=n)
        axes.set_title(title, fontsize=FONT + 1, loc="left")
        if waiting is None:
            _empty(axes, staff_text(language, "report_not_declared"))
            return
        if not drawn:
            _empty(axes, staff_text(language, "report_chart_no_data"))
            return
        assert within_3 is not None and within_6 is not None  # `drawn` says so
        shares = [within_3 * 100, (within_6 - within_3) * 100, (1 - within_6) * 100]
        rows = range(len(bands))
        axes.barh(rows, shares, color=list(BAND_COLOURS), height=0.7)
        for row, share in zip(rows, shares, strict=True):
            axes.text(share + 1, row, _pct(share), va="center", fontsize=FONT - 1)
        axes.set_yticks(list(rows), bands, fontsize=FONT)
        axes.set_ylim(len(bands) - 0.5, -0.5)
        percent_axis(axes, staff_text(language, "report_chart_waiting_axis"), room=118)

    return (len(bands) if drawn else 0), draw


def trend_panel(document: Mapping[str, Any], language: str) -> Panel:
    """Response rate and BMW rate of each cohort, oldest first, as pairs of bars."""
    trend = list(document.get("trend") or [])

    def draw(axes: Axes) -> None:
        axes.set_title(report_text(language, "doc_chart_trend"), fontsize=FONT + 1, loc="left")
        if len(trend) < 2:
            _empty(axes, report_text(language, "doc_chart_trend_single"))
            return
        width = 0.38
        places = range(len(trend))
        series = (
            ("response_rate", COMPLETED, -width / 2, "doc_col_response_rate"),
            ("bmw_rate", BMW, width / 2, "doc_col_bmw_rate"),
        )
        for key, colour, offset, label in series:
            values = [entry.get(key) for entry in trend]
            heights = [(v or 0) * 100 for v in values]
            xs = [p + offset for p in places]
            axes.bar(xs, heights, width, color=colour, label=report_text(language, label))
            for x, value, height in zip(xs, values, heights, strict=True):
                text = "–" if value is None else _pct(height)
                axes.text(x, height + 1.5, text, ha="center", fontsize=FONT - 2)
        axes.set_xticks(list(places), [str(e.get("cohort")) for e in trend], fontsize=FONT)
        axes.set_ylim(0, 135)  # room above a full bar for its label and the legend
        axes.set_yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"], fontsize=FONT - 1)
        axes.set_ylabel("%", fontsize=FONT - 1)
        axes.set_xlabel(report_text(language, "doc_chart_trend_axis"), fontsize=FONT - 1)
        axes.legend(fontsize=FONT - 2, loc="upper left", ncols=2, frameon=False)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.yaxis.grid(True, color="#DDDDDD", linewidth=0.8)
        axes.set_axisbelow(True)

    return 6, draw


def ranking_panel(
    document: Mapping[str, Any], key: str, language: str, limit: int = MAX_BARS
) -> Panel:
    """Institutions ranked by `key` ("response_rate" or "bmw_rate"), best first."""
    entries = list((document.get("ranking") or {}).get(key) or [])
    shown, hidden = entries[:limit], max(len(entries) - limit, 0)
    drawn = any(e.get("value") is not None for e in shown)

    def draw(axes: Axes) -> None:
        title = report_text(language, f"doc_chart_rank_{key}")
        axes.set_title(title, fontsize=FONT + 1, loc="left")
        if not drawn:
            _empty(axes, staff_text(language, "report_chart_no_data"))
            return
        names = [f"{e['rank']}. {e.get('name') or e.get('institution')}" for e in shown]
        values = [e.get("value") for e in shown]
        counts = [e.get("completed", 0) for e in shown]
        label = report_text(language, "doc_chart_rank_axis")
        if hidden:
            label += "\n" + staff_text(language, "report_chart_more_groups", count=hidden)
        colour = COMPLETED if key == "response_rate" else BMW
        _rate_bars(axes, names, values, counts, colour, label)

    return (len(shown) if drawn else 0), draw


def _rate_bars(
    axes: Axes,
    names: Sequence[str],
    rates: Sequence[float | None],
    counts: Sequence[int],
    colour: str,
    label: str,
) -> None:
    """A share per row on a 100% track, labelled with the percentage and the count."""
    rows = range(len(names))
    values = [(rate or 0) * 100 for rate in rates]
    axes.barh(rows, [100] * len(names), color=TRACK, height=0.7)
    axes.barh(rows, values, color=colour, height=0.7)
    for row, rate, value, count in zip(rows, rates, values, counts, strict=True):
        text = "–" if rate is None else f"{_pct(value)} ({count})"
        axes.text(value + 1, row, text, va="center", fontsize=FONT - 1, color="#222222")
    axes.set_yticks(list(rows), [_cut(name, 30) for name in names], fontsize=FONT)
    axes.set_ylim(len(names) - 0.5, -0.5)
    percent_axis(axes, label, room=118)


def _pct(value: float) -> str:
    return f"{value:.0f}%"  # whole percents: no decimal separator to localise


def _empty(axes: Axes, message: str) -> None:
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT + 1, color="#555555")


def _cut(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
