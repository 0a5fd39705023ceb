"""Staff report texts for Telegram chats (parse_mode HTML), from survey statistics.

Every name that goes into a text (survey, institution, class, alumni) is shortened and escaped
here; the templates in config.report_messages hold the only markup (<b>).
"""

from __future__ import annotations

import html
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any

from telegram.constants import MessageLimit

from config.report_messages import report_text
from storage.deliveries.states import ReminderCounts
from storage.reports.statistics import (
    OUTCOME_KEYS,
    ClassWeeks,
    GroupStatistics,
    SurveyStatistics,
    WeeklyCompletion,
    class_sort_key,
)

# Telegram's limits, from python-telegram-bot's constants (the staff posts go to Telegram chats).
MAX_MESSAGE: int = MessageLimit.MAX_TEXT_LENGTH
MAX_CAPTION: int = MessageLimit.CAPTION_LENGTH
MAX_NAMES = 30  # missing alumni listed by name in a homeroom summary
LOWEST_CLASSES = 3  # classes named as needing a push in the weekly caption
RANKING_TOP = 5  # classes always shown in the daily ranking; the teacher's own ones as well


def percent(part: int, whole: int) -> int:
    """A whole percentage, rounded half up, never 100 before all nor 0 after some."""
    if whole <= 0 or part <= 0:
        return 0
    if part >= whole:
        return 100
    return min(max((part * 200 + whole) // (2 * whole), 1), 99)


def short(name: str, limit: int) -> str:
    """A name cut to `limit` characters (with "…") and escaped for Telegram HTML."""
    name = " ".join(name.split())
    if len(name) > limit:
        name = name[: limit - 1].rstrip() + "…"
    return html.escape(name, quote=False)


def class_label(name: str | None, language: str, limit: int = 60) -> str:
    """A class group's name, escaped, or "(tanpa kelas)" for alumni without a class."""
    return short(name, limit) if name is not None else report_text(language, "no_class")


def outcome_label(key: str, language: str) -> str:
    """The plain-text label of an outcome category (or "unknown")."""
    return report_text(language, f"outcome_{key}")


def outcome_counts(group: GroupStatistics) -> list[tuple[str, int]]:
    """The outcome categories with at least one completed response, in category order."""
    return [(key, group.outcomes.get(key, 0)) for key in OUTCOME_KEYS if group.outcomes.get(key)]


def statistics_text(
    stats: SurveyStatistics,
    language: str,
    survey_name: str,
    scope_label: str,
    reminders: ReminderCounts | None = None,
) -> str:
    """Completion per class and the status split, for a staff command's answer.

    With `reminders`, one more line says how far the survey's reminders got (none if none went).
    """
    total = stats.total
    head = [
        report_text(
            language, "stats_header", survey=short(survey_name, 100), scope=short(scope_label, 100)
        )
    ]
    if not total.alumni:
        return "\n".join([*head, report_text(language, "stats_no_alumni")])
    head += [
        report_text(
            language,
            "stats_total",
            completed=total.completed,
            alumni=total.alumni,
            rate=percent(total.completed, total.alumni),
        ),
        report_text(
            language,
            "stats_progress",
            started=total.started,
            not_started=total.not_started,
            declined=total.declined,
            opted_out=total.opted_out,
        ),
    ]
    if reminders is not None and reminders.any:
        head.append(
            report_text(
                language,
                "stats_reminders",
                sent=reminders.sent,
                delivered=reminders.delivered,
                read=reminders.read,
                failed=reminders.failed,
            )
        )
    classes = [
        report_text(
            language,
            "stats_class_line",
            name=class_label(g.name, language),
            completed=g.completed,
            alumni=g.alumni,
            rate=percent(g.completed, g.alumni),
        )
        for g in stats.groups
    ]
    tail: list[str] = []
    if stats.has_outcome and total.completed:
        tail = ["", report_text(language, "stats_outcomes", completed=total.completed)]
        tail += [
            report_text(
                language,
                "stats_outcome_line",
                label=outcome_label(key, language),
                count=count,
                rate=percent(count, total.completed),
            )
            for key, count in outcome_counts(total)
        ]
    elif not total.completed:
        tail = ["", report_text(language, "stats_no_completed")]
    if len(classes) < 2:
        classes = []  # one class (or none): the total says it all
    return _fit(head, classes, tail, language, "stats_more_classes", MAX_MESSAGE)


def homeroom_daily_text(
    stats_for_class: GroupStatistics,
    completed_yesterday: int,
    missing_names: Sequence[str],
    language: str,
    survey_name: str,
    class_name: str,
) -> str:
    """A homeroom teacher's daily summary: progress, change since yesterday, who is missing."""
    group = stats_for_class
    lines = [
        report_text(
            language,
            "daily_header",
            survey=short(survey_name, 100),
            class_name=class_label(class_name, language),
        )
    ]
    if not group.alumni:
        return "\n".join([*lines, report_text(language, "daily_no_alumni")])
    change = (
        report_text(language, "daily_change", count=completed_yesterday)
        if completed_yesterday > 0
        else report_text(language, "daily_no_change")
    )
    done = report_text(
        language,
        "daily_done",
        completed=group.completed,
        alumni=group.alumni,
        rate=percent(group.completed, group.alumni),
    )
    lines.append(f"{done}, {change}")
    if group.completed >= group.alumni:
        lines += ["", report_text(language, "daily_all_done")]
    if group.completed >= group.alumni or not missing_names:
        return "\n".join(lines)
    lines += ["", report_text(language, "daily_missing", count=len(missing_names))]
    lines += [f"• {short(name, 60)}" for name in missing_names[:MAX_NAMES]]
    if len(missing_names) > MAX_NAMES:
        lines.append(report_text(language, "daily_more", count=len(missing_names) - MAX_NAMES))
    return "\n".join(lines)


def share_percent(share: float) -> str:
    """A report's share (0-1) as a whole percentage: "75%"."""
    return f"{round(share * 100)}%"


def months_text(months: float, language: str) -> str:
    """Months with at most one decimal, in the language's way: "2,5 bulan", "2.5 months"."""
    number = f"{months:.1f}".removesuffix(".0")
    if language != "en":
        number = number.replace(".", ",")
    return report_text(language, "weekly_months", months=number)


def indicators_line(figures: Mapping[str, Any], language: str) -> str | None:
    """The BMW rate and the median waiting time, from the report's figures
    (storage.reports.indicators.survey_figures); None when it has neither."""
    bmw = figures.get("bmw_rate")
    waiting = figures.get("waiting_time_months") or {}
    median = waiting.get("median")
    if bmw is None and median is None:
        return None
    return report_text(
        language,
        "weekly_indicators",
        bmw=share_percent(bmw) if bmw is not None else "–",
        waiting=months_text(median, language) if median is not None else "–",
    )


def weekly_caption(
    stats: SurveyStatistics,
    language: str,
    survey_name: str,
    institution_name: str,
    figures: Mapping[str, Any] | None = None,
    trend: WeeklyCompletion | None = None,
) -> str:
    """The caption of the weekly chart: totals, the change, the split, classes to push.

    With `figures` (the report's figures of the survey), the BMW rate and the median waiting
    time beside the completion; with `trend`, the classes that gained most and least in the
    week that just ended.
    """
    total = stats.total
    lines = [
        report_text(
            language,
            "weekly_header",
            survey=short(survey_name, 80),
            institution=short(institution_name, 80),
        )
    ]
    if not total.alumni:
        return "\n".join([*lines, report_text(language, "weekly_no_alumni")])
    done = report_text(
        language,
        "weekly_total",
        completed=total.completed,
        alumni=total.alumni,
        rate=percent(total.completed, total.alumni),
    )
    if total.completed_since:
        done += ", " + report_text(language, "weekly_change", count=total.completed_since)
    lines += [
        done,
        report_text(
            language, "weekly_progress", started=total.started, not_started=total.not_started
        ),
    ]
    if stats.has_outcome and total.completed:
        split = " · ".join(
            f"{outcome_label(key, language)} {percent(count, total.completed)}%"
            for key, count in outcome_counts(total)
        )
        lines.append(report_text(language, "weekly_outcomes", split=split))
    indicators = indicators_line(figures, language) if figures and total.completed else None
    if indicators is not None:
        lines.append(indicators)
    gains = gains_line(trend, language) if trend is not None else None
    if gains is not None:
        lines.append(gains)
    behind = sorted(
        (g for g in stats.groups if g.alumni and g.completed < g.alumni),
        key=lambda g: (g.completion_rate, -g.alumni),
    )[:LOWEST_CLASSES]
    if len(stats.groups) > 1 and behind:
        classes = ", ".join(
            f"{class_label(g.name, language, 40)} ({percent(g.completed, g.alumni)}%)"
            for g in behind
        )
        lines.append(report_text(language, "weekly_lowest", classes=classes))
    while len("\n".join(lines)) > MAX_CAPTION and len(lines) > 1:
        lines.pop()  # cannot happen with the limits above; never send a refused caption
    return "\n".join(lines)


def _fit(
    head: list[str], classes: list[str], tail: list[str], language: str, more: str, limit: int
) -> str:
    """Head, class lines and tail within `limit` characters, dropping class lines if needed."""

    def join(shown: list[str], hidden: int) -> str:
        body = [*head]
        if shown or hidden:
            body += ["", report_text(language, "stats_classes"), *shown]
        if hidden:
            body.append(report_text(language, more, count=hidden))
        return "\n".join([*body, *tail])

    shown = len(classes)
    text = join(classes, 0)
    while len(text) > limit and shown > 0:
        shown -= 1
        text = join(classes[:shown], len(classes) - shown)
    return text


# --- #17 classes: the class ranking of the daily summary, the week's gains per class ----------


def class_ranking(groups: Sequence[GroupStatistics]) -> list[tuple[int, GroupStatistics]]:
    """The school's classes by response rate, best first, ties by name, numbered from 1.

    Classes without alumni and alumni without a class are not ranked.
    """
    ranked = sorted(
        (g for g in groups if g.alumni > 0 and g.name is not None),
        key=lambda g: (-Fraction(g.completed, g.alumni), class_sort_key(g.name), g.class_group_id),
    )
    return list(enumerate(ranked, start=1))


def ranking_text(
    groups: Sequence[GroupStatistics], own: Collection[int], language: str
) -> str | None:
    """One short line ranking every class of the school by response rate; None under two.

    Class names and percentages only, never anyone's name. On a long list: the top
    RANKING_TOP and the teacher's own classes (`own`: class group ids), "…" for the gaps.
    """
    ranked = class_ranking(groups)
    if len(ranked) < 2:
        return None
    parts: list[str] = []
    previous = 0
    for rank, group in ranked:
        mine = group.class_group_id in own
        if rank > RANKING_TOP and not mine:
            continue
        if rank > previous + 1:
            parts.append("…")
        parts.append(
            report_text(
                language,
                "daily_rank_own" if mine else "daily_rank",
                rank=rank,
                name=class_label(group.name, language, 30),
                rate=percent(group.completed, group.alumni),
            )
        )
        previous = rank
    if previous < len(ranked):
        parts.append("…")
    return report_text(language, "daily_ranking", count=len(ranked), ranks=" · ".join(parts))


def week_gains(trend: WeeklyCompletion) -> list[tuple[ClassWeeks, Fraction]]:
    """Each class's gain in response rate over the last week of the trend, in name order;
    empty with fewer than two week ends. Alumni without a class are left out."""
    if len(trend.week_ends) < 2:
        return []
    return [
        (c, Fraction(c.completed[-1] - c.completed[-2], c.alumni))
        for c in trend.classes
        if c.alumni > 0 and c.name is not None
    ]


def gains_line(trend: WeeklyCompletion, language: str) -> str | None:
    """The classes that gained most and least in the week that just ended; None under two.

    A class already complete at the start of the week cannot gain: it is never "least".
    """
    gains = week_gains(trend)
    if len(gains) < 2:
        return None
    by_name = sorted(gains, key=lambda item: class_sort_key(item[0].name))
    most = max(by_name, key=lambda item: item[1])  # max and min keep the first of a tie
    if most[1] <= 0:
        return report_text(language, "weekly_gain_none")
    line = report_text(language, "weekly_gain_most", classes=_gain(most, language))
    open_ = [item for item in by_name if item[0].completed[-2] < item[0].alumni]
    least = min(open_, key=lambda item: item[1]) if open_ else None
    if least is not None and least[0] is not most[0]:
        line += " · " + report_text(language, "weekly_gain_least", classes=_gain(least, language))
    return line


def _gain(item: tuple[ClassWeeks, Fraction], language: str) -> str:
    weeks = item[0]
    # The difference of the two percentages shown elsewhere (chart, ranking), not a third one.
    points = percent(weeks.completed[-1], weeks.alumni) - percent(weeks.completed[-2], weeks.alumni)
    return report_text(
        language, "weekly_gain_class", name=class_label(weeks.name, language, 30), points=points
    )
