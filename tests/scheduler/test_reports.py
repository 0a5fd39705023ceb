"""Staff report texts: statistics, the homeroom daily summary, the weekly caption, the catalogue,
and (#17) the daily summary's class ranking and the weekly caption's gains per class."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta

import pytest

from config.report_messages import REPORT_MESSAGES, report_text
from scheduler.reports import (
    MAX_CAPTION,
    MAX_MESSAGE,
    class_ranking,
    gains_line,
    homeroom_daily_text,
    percent,
    ranking_text,
    statistics_text,
    weekly_caption,
)
from storage.reports.statistics import (
    OUTCOME_KEYS,
    ClassWeeks,
    GroupStatistics,
    SurveyStatistics,
    WeeklyCompletion,
)

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


# --- #17 classes: the class ranking and the week's gains ------------------------------------

# 7 classes ranked; XII TKJ 2 (no alumni) and the alumni without a class are left out.
CLASSES = [
    group(1, "XII AKL 1", 30, 15),  # 50%
    group(2, "XII AKL 2", 20, 10),  # 50%, ties with AKL 1: after it by name
    group(3, "XII TKJ 1", 10, 9),  # 90%
    group(4, "XII TKJ 2", 0, 0),
    group(5, "XII RPL 1", 12, 3),  # 25%
    group(6, "XII OTKP 1", 8, 8),  # 100%
    group(7, "XII BDP 1", 40, 30),  # 75%
    group(8, "XII AKL 10", 25, 5),  # 20%
    group(None, None, 2, 0),
]
TOP = (
    "1. XII OTKP 1 — 100% · 2. XII TKJ 1 — 90% · 3. XII BDP 1 — 75% · 4. XII AKL 1 — 50% · "
    "5. XII AKL 2 — 50%"
)


def test_classes_rank_by_response_rate_ties_by_name_without_empty_classes() -> None:
    ranked = [(rank, g.name) for rank, g in class_ranking(CLASSES)]
    assert ranked == [
        (1, "XII OTKP 1"),
        (2, "XII TKJ 1"),
        (3, "XII BDP 1"),
        (4, "XII AKL 1"),
        (5, "XII AKL 2"),
        (6, "XII RPL 1"),
        (7, "XII AKL 10"),
    ]
    # Ties in natural name order, whatever order they come in; rates compared exactly.
    tied = [group(1, "XII AKL 10", 6, 2), group(2, "XII AKL 2", 3, 1), group(3, "XII AKL 1", 9, 3)]
    assert [g.name for _, g in class_ranking(tied)] == ["XII AKL 1", "XII AKL 2", "XII AKL 10"]


def test_a_long_list_shows_the_top_five_and_the_teachers_own_class_with_its_rank() -> None:
    text = ranking_text(CLASSES, {8}, "id")
    assert text == (
        f"🏆 Peringkat kelas (dari 7): {TOP} · … · <b>7. XII AKL 10 — 20%</b> (kelas Anda)"
    )
    # Their class in the top five: marked there, and the rest cut off.
    inside = ranking_text(CLASSES, {2}, "id")
    assert inside is not None
    assert "<b>5. XII AKL 2 — 50%</b> (kelas Anda) · …" in inside
    assert "RPL" not in inside and "AKL 10" not in inside
    # Two classes of their own right after the top five: no gap between them.
    both = ranking_text(CLASSES, {5, 8}, "id")
    assert both is not None and both.endswith(
        "5. XII AKL 2 — 50% · <b>6. XII RPL 1 — 25%</b> (kelas Anda) · "
        "<b>7. XII AKL 10 — 20%</b> (kelas Anda)"
    )
    # A class of their own without alumni is not ranked.
    empty = ranking_text(CLASSES, {4}, "id")
    assert empty == f"🏆 Peringkat kelas (dari 7): {TOP} · …"


def test_the_ranking_in_english() -> None:
    text = ranking_text(CLASSES, {6}, "en")
    assert text is not None and text.startswith(
        "🏆 Class ranking (of 7): <b>1. XII OTKP 1 — 100%</b> (your class) · 2. XII TKJ 1 — 90%"
    )
    assert "kelas" not in text


def test_a_short_ranking_shows_every_class_and_one_class_none() -> None:
    two = [group(1, "XII A", 10, 3), group(2, "XII B", 10, 6)]
    assert ranking_text(two, {1}, "id") == (
        "🏆 Peringkat kelas (dari 2): 1. XII B — 60% · <b>2. XII A — 30%</b> (kelas Anda)"
    )
    assert ranking_text([group(1, "XII A", 10, 3), group(None, None, 4, 4)], {1}, "id") is None


def test_the_ranking_names_classes_and_percentages_only() -> None:
    text = ranking_text(CLASSES, {8}, "en")
    assert text is not None
    body = text.split(": ", 1)[1]
    entry = r"(<b>)?\d+\. XII [A-Z]+ \d+ — \d+%(</b> \(your class\))?"
    for part in body.split(" · "):
        assert part == "…" or re.fullmatch(entry, part), part
    escaped = ranking_text([group(1, "XII <A>", 4, 1), group(2, "B & C", 4, 2)], set(), "id")
    assert escaped == "🏆 Peringkat kelas (dari 2): 1. B &amp; C — 50% · 2. XII &lt;A&gt; — 25%"


END = datetime(2026, 3, 22, 16, 0, tzinfo=UTC)  # Monday 23 March 00:00 WITA


def trend(*classes: ClassWeeks, weeks: int = 3) -> WeeklyCompletion:
    ends = tuple(END - timedelta(weeks=k) for k in range(weeks - 1, -1, -1))
    return WeeklyCompletion(1, "Asia/Makassar", ends, classes)


WEEKS = trend(
    ClassWeeks(1, "XII A", 10, (0, 2, 5)),  # +3 of 10: 20% to 50%
    ClassWeeks(2, "XII B", 20, (0, 4, 6)),  # +2 of 20
    ClassWeeks(3, "XII C", 5, (5, 5, 5)),  # complete before the week: not "least"
    ClassWeeks(4, "XII D", 4, (0, 1, 1)),  # +0
    ClassWeeks(5, "XII E", 0, (0, 0, 0)),  # no alumni
    ClassWeeks(None, None, 3, (0, 0, 3)),  # no class: not compared
)


def test_the_week_gains_name_the_classes_that_gained_most_and_least() -> None:
    assert gains_line(WEEKS, "id") == (
        "Minggu ini naik terbanyak: XII A (+30 poin) · paling sedikit: XII D (+0 poin)"
    )
    assert gains_line(WEEKS, "en") == (
        "Most gained this week: XII A (+30 points) · least: XII D (+0 points)"
    )


def test_week_gain_ties_go_by_name_and_a_quiet_week_says_so() -> None:
    tied = trend(
        ClassWeeks(1, "XII B 10", 10, (0, 1, 3)),
        ClassWeeks(2, "XII B 2", 10, (0, 0, 2)),
        ClassWeeks(3, "XII B 1", 10, (0, 4, 5)),
        ClassWeeks(4, "XII B 3", 10, (0, 3, 4)),
    )
    assert gains_line(tied, "en") == (
        "Most gained this week: XII B 2 (+20 points) · least: XII B 1 (+10 points)"
    )
    quiet = trend(ClassWeeks(1, "XII A", 10, (1, 2, 2)), ClassWeeks(2, "XII B", 9, (0, 0, 0)))
    assert gains_line(quiet, "id") == "Minggu ini belum ada kelas yang bertambah."
    # Only one class could still gain: it is the most, and no "least" beside it.
    alone = trend(ClassWeeks(1, "XII A", 10, (1, 2, 4)), ClassWeeks(2, "XII B", 9, (9, 9, 9)))
    assert gains_line(alone, "en") == "Most gained this week: XII A (+20 points)"


def test_no_gains_line_without_two_weeks_or_two_classes() -> None:
    assert gains_line(trend(ClassWeeks(1, "XII A", 10, (3,)), weeks=1), "id") is None
    assert gains_line(trend(ClassWeeks(1, "XII A", 10, (0, 2, 5))), "id") is None


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_weekly_caption_carries_the_gains_after_the_figures(language: str) -> None:
    plain = weekly_caption(SCHOOL, language, "Tracer 2025", "SMK")
    with_trend = weekly_caption(SCHOOL, language, "Tracer 2025", "SMK", trend=WEEKS)
    gains = gains_line(WEEKS, language)
    assert gains is not None
    lines = with_trend.split("\n")
    assert lines[-2] == gains  # before the classes that need a push
    assert [line for line in lines if line != gains] == plain.split("\n")
