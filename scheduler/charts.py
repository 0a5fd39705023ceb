"""The weekly completion chart: completion per class group, each class's trend over the last
weeks (small multiples) and the status split, as a PNG.

Built on `matplotlib.figure.Figure` with the Agg canvas, never pyplot: nothing global changes,
so it can render in a worker thread. Colours are the Okabe-Ito palette (colour-blind safe).
"""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from PIL import Image

from config.report_messages import report_text
from scheduler.reports import percent
from storage.reports.statistics import (
    OUTCOME_KEYS,
    ClassWeeks,
    GroupStatistics,
    SurveyStatistics,
    WeeklyCompletion,
    class_sort_key,
)

WIDTH_IN = 9.0  # at DPI: 900 pixels, a phone screen's worth once scaled down
DPI = 100
ROW_IN = 0.34  # height of one bar row
MAX_BARS = 120  # more class groups than this are summed up in a note, not drawn
FONT = 12
TREND_COLUMNS = 5  # small multiples per row: 180 pixels each
TREND_ROW_IN = 1.0  # height of one row of small multiples
MAX_TREND = 60  # more classes than this: the trend of the first ones, and a note
LIGHT = "#CFE3F1"  # the area under a class's trend line
COMPLETED = "#0072B2"  # blue
TRACK = "#E6E6E6"  # the 100% track behind each completion bar
COLOURS = {
    "working": "#0072B2",  # blue
    "entrepreneur": "#E69F00",  # orange
    "studying": "#009E73",  # bluish green
    "looking": "#D55E00",  # vermillion
    "not_yet": "#CC79A7",  # reddish purple
    "unknown": "#999999",  # grey
}


def completion_chart_png(
    stats: SurveyStatistics, language: str, title: str, trend: WeeklyCompletion | None = None
) -> bytes:
    """The chart as PNG bytes, labelled in `language`; with `trend`, each class's weeks too."""
    return png(build_figure(stats, language, title, trend))


def build_figure(
    stats: SurveyStatistics, language: str, title: str, trend: WeeklyCompletion | None = None
) -> Figure:
    """The chart as a Figure (not yet drawn), so its texts can be inspected.

    The trend panel is drawn when `trend` has at least two week ends and a class with alumni.
    """
    groups = sorted(stats.groups, key=lambda g: (class_sort_key(g.name), g.class_group_id or 0))
    shown, hidden = groups[:MAX_BARS], max(len(groups) - MAX_BARS, 0)
    top_in = max(1.4, ROW_IN * len(shown) + 1.1)
    bottom_in = ROW_IN * len(OUTCOME_KEYS) + 1.1
    drawn = [c for c in trend.classes if c.alumni] if trend and len(trend.week_ends) > 1 else []
    drawn.sort(key=lambda c: (class_sort_key(c.name), c.class_group_id or 0))
    rows = -(-min(len(drawn), MAX_TREND) // TREND_COLUMNS)
    heights = [top_in, *([TREND_ROW_IN * rows + 0.7] if drawn else []), bottom_in]
    # Constrained layout places titles and long class names; it belongs to this figure only.
    figure = Figure(figsize=(WIDTH_IN, sum(heights) + 0.6), dpi=DPI, layout="constrained")
    grid = figure.add_gridspec(len(heights), 1, height_ratios=heights)
    figure.suptitle(title, fontsize=FONT + 3, fontweight="bold")
    _completion_panel(figure.add_subplot(grid[0]), shown, hidden, stats.total, language)
    if trend is not None and drawn:
        _trend_panel(figure, grid[1], trend, drawn, rows, language)
    _outcome_panel(figure.add_subplot(grid[len(heights) - 1]), stats, language)
    return figure


def png(figure: Figure) -> bytes:
    """Render a Figure to PNG bytes: Agg, then a 128-colour palette (a third of the size)."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    # Flat colours and anti-aliased text fit a palette; octree is ten times faster than median cut.
    palette = image.convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def _completion_panel(
    axes: Axes, groups: list[GroupStatistics], hidden: int, total: GroupStatistics, language: str
) -> None:
    heading = report_text(
        language,
        "chart_completion",
        completed=total.completed,
        alumni=total.alumni,
        rate=percent(total.completed, total.alumni),
    )
    axes.set_title(heading, fontsize=FONT + 1, loc="left")
    if not total.alumni or not groups:
        _empty(axes, report_text(language, "chart_no_alumni"))
        return
    rows = range(len(groups))
    rates = [g.completion_rate * 100 for g in groups]
    axes.barh(rows, [100] * len(groups), color=TRACK, height=0.7)
    axes.barh(rows, rates, color=COMPLETED, height=0.7)
    for row, group, rate in zip(rows, groups, rates, strict=True):
        inside = rate > 80
        axes.text(
            rate - 1 if inside else rate + 1, row, f"{group.completed}/{group.alumni}",
            va="center", ha="right" if inside else "left", fontsize=FONT - 1,
            color="white" if inside else "#222222",
        )  # fmt: skip
    names = [g.name if g.name is not None else report_text(language, "no_class") for g in groups]
    axes.set_yticks(list(rows), [_cut(n, 28) for n in names], fontsize=FONT)
    axes.set_ylim(len(groups) - 0.5, -0.5)  # first class at the top
    label = report_text(language, "chart_completion_axis")
    if hidden:
        label += "\n" + report_text(language, "chart_more_classes", count=hidden)
    percent_axis(axes, label)


def _outcome_panel(axes: Axes, stats: SurveyStatistics, language: str) -> None:
    completed = stats.total.completed
    axes.set_title(
        report_text(language, "chart_outcomes", count=completed), fontsize=FONT + 1, loc="left"
    )
    if not stats.has_outcome:
        _empty(axes, report_text(language, "chart_no_outcome"))
        return
    if not completed:
        _empty(axes, report_text(language, "chart_no_completed"))
        return
    rows = range(len(OUTCOME_KEYS))
    counts = [stats.total.outcomes.get(key, 0) for key in OUTCOME_KEYS]
    shares = [count * 100 / completed for count in counts]
    axes.barh(rows, shares, color=[COLOURS[key] for key in OUTCOME_KEYS], height=0.7)
    for row, count, share in zip(rows, counts, shares, strict=True):
        axes.text(
            share + 1, row, f"{count} ({share:.0f}%)", va="center", ha="left", fontsize=FONT - 1,
            color="#222222",
        )  # fmt: skip
    labels = [report_text(language, f"outcome_{key}") for key in OUTCOME_KEYS]
    axes.set_yticks(list(rows), labels, fontsize=FONT)
    axes.set_ylim(len(OUTCOME_KEYS) - 0.5, -0.5)
    percent_axis(axes, report_text(language, "chart_outcomes_axis"))


def _trend_panel(
    figure: Figure,
    cell: SubplotSpec,
    trend: WeeklyCompletion,
    drawn: list[ClassWeeks],
    rows: int,
    language: str,
) -> None:
    """Small multiples: one class per cell, its response rate at each week end, 0-100%."""
    zone = ZoneInfo(trend.timezone)
    # A week ends at Monday 00:00: it is named by its last day, the Sunday.
    sundays = [(end.astimezone(zone) - timedelta(days=1)).date() for end in trend.week_ends]
    grid = cell.subgridspec(rows + 1, TREND_COLUMNS, height_ratios=[0.2] + [1.0] * rows)
    heading = figure.add_subplot(grid[0, :])
    heading.axis("off")
    text = report_text(
        language,
        "chart_trend",
        first=f"{sundays[0].day}/{sundays[0].month}",
        last=f"{sundays[-1].day}/{sundays[-1].month}",
    )
    hidden = len(drawn) - MAX_TREND
    if hidden > 0:
        text += " · " + report_text(language, "chart_more_classes", count=hidden)
    heading.set_title(text, fontsize=FONT + 1, loc="left")
    weeks = list(range(len(trend.week_ends)))
    for index, series in enumerate(drawn[:MAX_TREND]):
        axes = figure.add_subplot(grid[1 + index // TREND_COLUMNS, index % TREND_COLUMNS])
        rates = [rate * 100 for rate in series.rates]
        axes.fill_between(weeks, rates, color=LIGHT, linewidth=0)
        axes.plot(weeks, rates, color=COMPLETED, linewidth=2)
        axes.plot(weeks[-1:], rates[-1:], "o", color=COMPLETED, markersize=4)
        name = series.name if series.name is not None else report_text(language, "no_class")
        axes.set_title(_cut(name, 16), fontsize=FONT - 2, loc="left")
        last = percent(series.completed[-1], series.alumni)
        axes.set_title(f"{last}%", fontsize=FONT - 2, loc="right", fontweight="bold")
        axes.set_xlim(0, max(len(weeks) - 1, 1))
        axes.set_ylim(0, 100)
        axes.set_xticks([])
        axes.set_yticks([50, 100], [], fontsize=FONT - 3)
        axes.tick_params(axis="y", length=0)
        axes.yaxis.grid(True, color="#DDDDDD", linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)


def percent_axis(axes: Axes, label: str, room: float = 115) -> None:
    """A 0-100% horizontal axis, gridded, with `room` past 100 for the labels of a full bar."""
    axes.set_xlim(0, room)
    axes.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"], fontsize=FONT - 1)
    axes.set_xlabel(label, fontsize=FONT - 1)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.xaxis.grid(True, color="#DDDDDD", linewidth=0.8)
    axes.set_axisbelow(True)


def _empty(axes, message: str) -> None:
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT, color="#555555")


def _cut(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
