"""Staff report texts: statistics, the homeroom daily summary, the weekly caption, the catalogue."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import pytest

from config.report_messages import REPORT_MESSAGES, report_text
from scheduler.reports import (
    MAX_CAPTION,
    MAX_MESSAGE,
    homeroom_daily_text,
    percent,
    statistics_text,
    weekly_caption,
)
from storage.reports.statistics import OUTCOME_KEYS, GroupStatistics, SurveyStatistics

NOW = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)


def group(
    group_id: int | None,
    name: str | None,
    alumni: int,
    completed: int,
    *,
    started: int = 0,
    since: int | None = None,
    **outcomes: int,
) -> GroupStatistics:
    split = dict.fromkeys(OUTCOME_KEYS, 0)
    split.update(outcomes)
    split["unknown"] += completed - sum(split.values())
    return GroupStatistics(
        group_id,
        name,
        alumni,
        alumni - completed - started,
        started,
        completed,
        0,
        0,
        outcomes=split,
        completed_since=since,
    )


def statistics(groups: list[GroupStatistics], *, has_outcome: bool = True) -> SurveyStatistics:
    since = [g.completed_since for g in groups if g.completed_since is not None]
    total = GroupStatistics(
        None,
        None,
        *(sum(getattr(g, f) for g in groups) for f in ("alumni", "not_started", "started")),
        sum(g.completed for g in groups),
        sum(g.declined for g in groups),
        sum(g.opted_out for g in groups),
        outcomes={k: sum(g.outcomes[k] for g in groups) for k in OUTCOME_KEYS},
        completed_since=sum(since) if since else None,
    )
    return SurveyStatistics(1, 1, 2025, tuple(groups), total, has_outcome, NOW)


SCHOOL = statistics(
    [
        group(1, "XII AKL 1", 32, 28, started=2, since=3, working=14, studying=7, looking=4),
        group(2, "XII AKL 2", 30, 12, since=1, working=6, entrepreneur=2),
        group(None, None, 2, 0),
    ]
)


def test_percent_rounds_half_up_but_never_claims_all_or_nothing() -> None:
    assert [percent(*p) for p in [(28, 32), (1, 8), (3, 8), (0, 5), (5, 5), (0, 0)]] == [
        88,
        13,
        38,
        0,
        100,
        0,
    ]
    assert percent(199, 200) == 99  # not "100%" while one is missing
    assert percent(1, 300) == 1  # not "0%" once someone answered


def test_statistics_text_in_indonesian() -> None:
    text = statistics_text(SCHOOL, "id", "Tracer 2025", "SMK Nusantara Contoh")
    assert text == "\n".join(
        [
            "📊 <b>Tracer 2025</b> · SMK Nusantara Contoh",
            "Selesai: <b>40/64</b> (63%)",
            "Sedang mengisi 2 · belum mulai 22 · menolak 0 · berhenti 0",
            "",
            "<b>Per kelas</b>",
            "XII AKL 1: 28/32 selesai (88%)",
            "XII AKL 2: 12/30 selesai (40%)",
            "(tanpa kelas): 0/2 selesai (0%)",
            "",
            "<b>Status lulusan</b> (dari 40 yang selesai)",
            "Bekerja: 20 (50%)",
            "Wirausaha: 2 (5%)",
            "Melanjutkan studi: 7 (18%)",
            "Mencari kerja: 4 (10%)",
            "Tidak diketahui: 7 (18%)",
        ]
    )


def test_statistics_text_in_english() -> None:
    text = statistics_text(SCHOOL, "en", "Tracer 2025", "SMK Nusantara Contoh")
    assert "Completed: <b>40/64</b> (63%)" in text
    assert "XII AKL 1: 28/32 completed (88%)" in text
    assert "(no class): 0/2 completed (0%)" in text
    assert "Working: 20 (50%)" in text and "Unknown: 7 (18%)" in text
    assert "selesai" not in text and "Bekerja" not in text


def test_names_are_escaped_for_telegram_html() -> None:
    stats = statistics(
        [group(1, "XII <AKL> & 1", 10, 5), group(2, "XII <b>B</b>", 10, 5)], has_outcome=False
    )
    text = statistics_text(stats, "id", "Tracer <2025>", "SMK A&B")
    assert "XII &lt;AKL&gt; &amp; 1: 5/10" in text and "XII &lt;b&gt;B&lt;/b&gt;" in text
    assert "<b>Tracer &lt;2025&gt;</b> · SMK A&amp;B" in text
    # Only the catalogue's own markup is left.
    assert set(re.findall(r"</?\w+>", text)) == {"<b>", "</b>"}
    assert "Status lulusan" not in text  # no outcome mapping: no split


def test_statistics_text_without_alumni_or_completions() -> None:
    assert statistics_text(statistics([]), "id", "Tracer", "XII AKL 1") == (
        "📊 <b>Tracer</b> · XII AKL 1\nBelum ada alumni angkatan ini di cakupan ini."
    )
    one = statistics_text(statistics([group(1, "XII AKL 1", 30, 0)]), "en", "Tracer", "XII AKL 1")
    assert one.endswith("\n\nNobody has completed the questionnaire yet.")
    assert "By class" not in one  # a single class: the total says it all


def test_statistics_text_stays_within_a_telegram_message() -> None:
    many = statistics([group(i, f"Program Studi {'X' * 80} {i}", 40, 20) for i in range(300)])
    text = statistics_text(many, "en", "Tracer", "Universitas Contoh")
    assert len(text) <= MAX_MESSAGE
    hidden = int(re.search(r"… and (\d+) more classes", text).group(1))
    shown = text.count(" completed (50%)")
    assert shown + hidden == 300 and shown > 10
    assert text.endswith("Unknown: 6000 (100%)")  # the split is never the part dropped


def test_homeroom_daily_text_lists_who_is_missing() -> None:
    names = [f"Siswa {i:02d}" for i in range(42)]
    text = homeroom_daily_text(SCHOOL.groups[0], 3, names, "id", "Tracer 2025", "XII AKL 1")
    lines = text.split("\n")
    assert lines[:4] == [
        "📋 <b>Tracer 2025</b> · XII AKL 1",
        "Sudah selesai: <b>28/32</b> (88%), +3 sejak kemarin",
        "",
        "Belum selesai (42):",
    ]
    assert lines[4:34] == [f"• Siswa {i:02d}" for i in range(30)]
    assert lines[34:] == ["… dan 12 lainnya"]


def test_homeroom_daily_text_in_english_without_change() -> None:
    text = homeroom_daily_text(SCHOOL.groups[1], 0, ["Ayu <Lestari>"], "en", "Tracer", "XII AKL 2")
    assert text == "\n".join(
        [
            "📋 <b>Tracer</b> · XII AKL 2",
            "Completed: <b>12/30</b> (40%), none new since yesterday",
            "",
            "Not completed yet (1):",
            "• Ayu &lt;Lestari&gt;",
        ]
    )


def test_homeroom_daily_text_when_everyone_is_done_or_nobody_is_there() -> None:
    done = homeroom_daily_text(group(1, "XII AKL 1", 30, 30), 2, [], "id", "Tracer", "XII AKL 1")
    assert done.endswith(
        "(100%), +2 sejak kemarin\n\nSemua alumni kelas ini sudah selesai mengisi. Terima kasih! 🎉"
    )
    empty = homeroom_daily_text(group(1, "X", 0, 0), 0, [], "en", "Tracer", "X")
    assert empty.endswith("This class has no alumni in this survey yet.")


def test_weekly_caption() -> None:
    caption = weekly_caption(SCHOOL, "id", "Tracer 2025", "SMK Nusantara Contoh")
    assert caption == "\n".join(
        [
            "📈 <b>Tracer 2025</b> · SMK Nusantara Contoh",
            "Selesai: <b>40/64</b> (63%), +4 sejak laporan minggu lalu",
            "Sedang mengisi 2 · belum mulai 22",
            "Status: Bekerja 50% · Wirausaha 5% · Melanjutkan studi 18% · Mencari kerja 10% · "
            "Tidak diketahui 18%",
            "Perlu didorong: (tanpa kelas) (0%), XII AKL 2 (40%), XII AKL 1 (88%)",
        ]
    )
    english = weekly_caption(SCHOOL, "en", "Tracer 2025", "SMK")
    assert "+4 since last week's report" in english and "Needs a push:" in english


@pytest.mark.parametrize("language", ["id", "en"])
def test_weekly_caption_fits_telegrams_caption_limit(language: str) -> None:
    long = "Sekolah Menengah Kejuruan & Teknologi <Informasi> " * 5
    stats = statistics([group(i, long + str(i), 40, i % 40, working=1) for i in range(200)])
    caption = weekly_caption(stats, language, long, long)
    assert len(caption) <= MAX_CAPTION
    assert "&lt;Informasi&gt;" in caption and "<Informasi>" not in caption
    assert caption.count("\n") == 4  # nothing had to be dropped


def test_weekly_caption_without_alumni() -> None:
    assert weekly_caption(statistics([]), "en", "Tracer", "SMK") == (
        "📈 <b>Tracer</b> · SMK\nNo alumni of this cohort yet."
    )


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = REPORT_MESSAGES["id"], REPORT_MESSAGES["en"]
    assert list(REPORT_MESSAGES) == ["id", "en"]  # Indonesian first
    assert list(indonesian) == list(english)
    for key, text in indonesian.items():
        assert _placeholders(text) == _placeholders(english[key]), key
    for key in OUTCOME_KEYS:
        assert f"outcome_{key}" in indonesian


def test_chart_and_outcome_texts_are_plain() -> None:
    for catalogue in REPORT_MESSAGES.values():
        for key, text in catalogue.items():
            if key.startswith(("chart_", "outcome_", "no_class")):
                assert "<" not in text, key


def test_report_text_fills_and_falls_back() -> None:
    assert report_text("en", "daily_more", count=12) == "… and 12 more"
    assert report_text("jv", "daily_more", count=12) == "… dan 12 lainnya"
    assert report_text("id", "daily_more") == "… dan {count} lainnya"


def test_weekly_caption_shows_the_bmw_rate_and_waiting_time_beside_completion() -> None:
    figures = {"bmw_rate": 0.8125, "waiting_time_months": {"n": 12, "median": 2.5}}
    caption = weekly_caption(SCHOOL, "id", "Tracer 2025", "SMK Nusantara Contoh", figures)
    lines = caption.split("\n")
    assert lines[1].startswith("Selesai: <b>40/64</b>")
    assert "Keterserapan (BMW) 81% · masa tunggu kerja (median) 2,5 bulan" in lines
    english = weekly_caption(SCHOOL, "en", "Tracer 2025", "SMK", figures)
    assert "BMW rate 81% · waiting time for a job (median) 2.5 months" in english
    # A whole number of months, and a questionnaire that asks no waiting time.
    whole = {"bmw_rate": 0.5, "waiting_time_months": {"n": 3, "median": 4}}
    assert "(median) 4 bulan" in weekly_caption(SCHOOL, "id", "T", "S", whole)
    no_waiting = {"bmw_rate": 0.5, "waiting_time_months": None}
    assert "Keterserapan (BMW) 50% · masa tunggu kerja (median) –" in weekly_caption(
        SCHOOL, "id", "T", "S", no_waiting
    )


def test_weekly_caption_without_figures_or_completions_has_no_indicator_line() -> None:
    empty = {"bmw_rate": None, "waiting_time_months": {"n": 0, "median": None}}
    for figures in (None, empty):
        assert "Keterserapan" not in weekly_caption(SCHOOL, "id", "T", "S", figures)
    nobody = statistics([group(1, "XII A", 30, 0)])
    assert "Keterserapan" not in weekly_caption(
        nobody, "id", "T", "S", {"bmw_rate": None, "waiting_time_months": None}
    )
