"""The report of indicators as /laporan tells it in a staff chat: one chart and a short text.

For one institution or some of its classes: response rate, BMW rate, the median waiting time,
the share at least the minimum wage (and a university's IKU), the earlier cohorts; a report of
classes with fewer than 5 completed responses in all shows counts only (the document's
`suppressed`). For several institutions: their ranking by response rate and by BMW rate. Texts
are Telegram HTML from config/desk_messages.py; every name from the database is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from bot.documents.report import MIN_GROUP_SIZE, SHARE, format_value
from bot.documents.report_charts import chat_figure
from config.desk_messages import desk_text
from scheduler.charts import png
from scheduler.reports import months_text

RANK_SHOWN = 10  # institutions per ranking in the text (the chart shows more, the XLSX all)
TEXT_LIMIT = 4096  # Telegram's limit for a message


def chat_chart_png(document: Mapping[str, Any], language: str) -> bytes:
    """The chart of /laporan as PNG bytes (bot/documents/report_charts.chat_figure)."""
    return png(chat_figure(document, language))


def share_text(value: object, language: str) -> str:
    """A share as "62,5%" ("62.5%" in English), or "belum ada data"."""
    if value is None:
        return desk_text(language, "report_no_data")
    return format_value(value, SHARE, language)


def report_message(document: Mapping[str, Any], language: str, scope_label: str) -> str:
    """The text beside the chart for one institution or some of its classes.

    `scope_label` is already escaped (the desk's Target.label).
    """
    survey = document.get("survey") or {}
    lines = [
        desk_text(
            language,
            "report_header",
            survey=html.escape(str(survey.get("name") or "-")),
            scope=scope_label,
        ),
        desk_text(
            language,
            "report_response",
            cohort=(document.get("scope") or {}).get("cohort", "-"),
            completed=document.get("completed", 0),
            alumni=document.get("alumni", 0),
            rate=share_text(document.get("response_rate"), language),
        ),
        desk_text(language, "report_bmw", rate=share_text(document.get("bmw_rate"), language)),
    ]
    small = bool(document.get("suppressed"))
    no_data = desk_text(language, "report_no_data")
    waiting = document.get("waiting_time_months")
    if waiting is not None and not small:
        median = waiting["median"]
        months = months_text(median, language) if median is not None else no_data
        lines.append(desk_text(language, "report_waiting", months=months))
    income = document.get("income")
    if income is not None and not small:
        share = share_text(income["at_least_minimum_wage"], language)
        lines.append(desk_text(language, "report_wage", share=share))
    iku = document.get("iku")
    if iku is not None:
        lines.append(
            desk_text(
                language,
                "report_iku",
                definition=iku["definition"],
                share=share_text(iku["share"], language),
                count=iku["count"],
                n=iku["n"],
            )
        )
    earlier = list(document.get("trend") or [])[:-1]  # the last one is this cohort
    if earlier:
        cohorts = "; ".join(
            desk_text(
                language,
                "report_trend_item",
                cohort=entry["cohort"],
                response=share_text(entry["response_rate"], language),
                bmw=share_text(entry["bmw_rate"], language),
            )
            for entry in earlier[-3:]
        )
        lines.append(desk_text(language, "report_trend", cohorts=cohorts))
    if small:
        lines.append(desk_text(language, "report_small", n=MIN_GROUP_SIZE))
    lines += ["", desk_text(language, "report_xlsx_hint")]
    return "\n".join(lines)


def ranking_message(
    document: Mapping[str, Any], language: str, others: Sequence[str] = (), chosen: str = ""
) -> str:
    """The text beside the ranking chart of several institutions.

    `others`: codes of institutions left out for surveying this cohort on a questionnaire other
    than `chosen` (figures of different questionnaires are never ranked together).
    """
    ranking = document.get("ranking") or {}
    count = len(document.get("surveys") or [])
    cohort = (document.get("scope") or {}).get("cohort", "-")
    head = [desk_text(language, "report_ranking_header", cohort=cohort, count=count)]
    tail = []
    if others:
        listed = html.escape(", ".join(others))
        tail.append(
            desk_text(
                language, "report_other_questionnaires", chosen=html.escape(chosen), others=listed
            )
        )
    missing = document.get("institutions_without_survey") or []
    if missing:
        names = html.escape(", ".join(f"{m['code']} {m['name']}" for m in missing[:20]))
        tail.append(desk_text(language, "report_without_survey", institutions=names))
    tail += [
        "",
        desk_text(language, "report_ranking_hint"),
        desk_text(language, "report_xlsx_hint"),
    ]
    shown = RANK_SHOWN
    while True:
        body: list[str] = []
        for key in ("response_rate", "bmw_rate"):
            entries = list(ranking.get(key) or [])
            body += ["", desk_text(language, f"report_ranking_{key}")]
            body += [_rank_line(entry, language) for entry in entries[:shown]]
            if len(entries) > shown:
                more = len(entries) - shown
                body.append(desk_text(language, "report_ranking_more", count=more))
        text = "\n".join([*head, *body, *tail])
        if len(text) <= TEXT_LIMIT or shown == 0:
            return text[:TEXT_LIMIT]
        shown -= 1  # long institution names: fewer lines rather than a refused message


def _rank_line(entry: Mapping[str, Any], language: str) -> str:
    name = entry.get("name") or entry.get("institution") or "-"
    return desk_text(
        language,
        "report_ranking_line",
        rank=entry["rank"],
        institution=html.escape(str(name)[:60]),
        value=share_text(entry.get("value"), language),
        completed=entry.get("completed", 0),
        alumni=entry.get("alumni", 0),
    )
