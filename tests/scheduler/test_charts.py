"""The weekly chart: a PNG of the right size, in the staff member's language, for any scope;
with each class's trend over the last weeks (#17)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from scheduler.charts import build_figure, completion_chart_png, png
from storage.reports.statistics import (
    OUTCOME_KEYS,
    ClassWeeks,
    GroupStatistics,
    SurveyStatistics,
    WeeklyCompletion,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOW = datetime(2025, 9, 1, 3, 0, tzinfo=UTC)


def group(
    group_id: int | None, name: str | None, alumni: int, completed: int, **outcomes: int
) -> GroupStatistics:
    split = dict.fromkeys(OUTCOME_KEYS, 0)
    split.update(outcomes)
    split["unknown"] += completed - sum(split.values())
    return GroupStatistics(
        group_id, name, alumni, alumni - completed, 0, completed, 0, 0, outcomes=split
    )


def statistics(groups: list[GroupStatistics], *, has_outcome: bool = True) -> SurveyStatistics:
    total = GroupStatistics(
        None,
        None,
        sum(g.alumni for g in groups),
        sum(g.not_started for g in groups),
        0,
        sum(g.completed for g in groups),
        0,
        0,
        outcomes={k: sum(g.outcomes[k] for g in groups) for k in OUTCOME_KEYS},
    )
    return SurveyStatistics(1, 1, 2025, tuple(groups), total, has_outcome, NOW)


def classes(count: int) -> list[GroupStatistics]:
    programmes = ["AKL", "TKJ", "RPL", "OTKP", "BDP"]
    return [
        group(
            i + 1,
            f"XII {programmes[i % 5]} {i // 5 + 1}",
            36,
            i % 37,
            working=(i % 37) // 3,
            studying=(i % 37) // 4,
            looking=(i % 37) // 6,
        )
        for i in range(count)
    ]


def texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_forty_classes_fit_a_phone_and_the_size_budget() -> None:
    data = completion_chart_png(statistics(classes(40)), "id", "Tracer 2025")
    assert data.startswith(PNG_SIGNATURE)
    width, height = size_of(data)
    assert width == 900
    assert 1400 < height < 2400  # one readable row per class
    assert len(data) < 150_000


def test_height_follows_the_number_of_classes() -> None:
    few = size_of(completion_chart_png(statistics(classes(3)), "id", "T"))
    many = size_of(completion_chart_png(statistics(classes(30)), "id", "T"))
    assert few[0] == many[0] == 900
    assert many[1] > few[1] + 27 * 25


def test_zero_alumni_renders_a_note_instead_of_bars() -> None:
    stats = statistics([])
    data = completion_chart_png(stats, "id", "Tracer 2025")
    assert data.startswith(PNG_SIGNATURE) and size_of(data)[0] == 900
    found = texts(build_figure(stats, "id", "Tracer 2025"))
    assert "Belum ada alumni di cakupan ini" in found
    assert "Belum ada kuesioner yang selesai" in found


def test_indonesian_labels() -> None:
    stats = statistics([group(1, "XII AKL 1", 32, 28, working=20), group(None, None, 2, 0)])
    found = texts(build_figure(stats, "id", "Tracer 2025 · SMK Contoh"))
    assert "Tracer 2025 · SMK Contoh" in found
    assert "Kuesioner selesai per kelas · total 28/34 (82%)" in found
    assert {"XII AKL 1", "(tanpa kelas)", "28/32", "0/2"} <= set(found)
    assert {"Bekerja", "Wirausaha", "Melanjutkan studi", "Mencari kerja"} <= set(found)
    assert {"Belum dapat bekerja", "Tidak diketahui", "20 (71%)", "8 (29%)"} <= set(found)
    assert "Working" not in found and "(no class)" not in found


def test_english_labels() -> None:
    stats = statistics([group(1, "XII AKL 1", 32, 28, working=20), group(None, None, 2, 0)])
    found = texts(build_figure(stats, "en", "Tracer 2025"))
    assert "Questionnaires completed per class · total 28/34 (82%)" in found
    assert {"Working", "Entrepreneur", "Studying", "Looking for work"} <= set(found)
    assert {"Not yet able to work", "Unknown", "(no class)", "Completed (%)"} <= set(found)
    indonesian = {"Bekerja", "Selesai (%)", "(tanpa kelas)", "Tidak diketahui"}
    assert not indonesian & set(found)


def test_classes_are_drawn_in_natural_name_order() -> None:
    names = ["XII TKJ 1", "XII AKL 10", "XII AKL 2"]
    stats = statistics([group(i, n, 30, 10) for i, n in enumerate(names, 1)])
    figure = build_figure(stats, "id", "T")
    completion = figure.axes[0]
    labels = [t.get_text() for t in completion.get_yticklabels()]
    assert labels == ["XII AKL 2", "XII AKL 10", "XII TKJ 1"]
    assert completion.get_ylim()[0] > completion.get_ylim()[1]  # the first at the top


def test_without_an_outcome_mapping_the_split_is_explained() -> None:
    stats = statistics([group(1, "XII AKL 1", 30, 10)], has_outcome=False)
    assert "This questionnaire does not map a main status" in texts(build_figure(stats, "en", "T"))


def test_very_many_classes_are_capped_with_a_note() -> None:
    stats = statistics(classes(150))
    figure = build_figure(stats, "en", "T")
    assert len(figure.axes[0].get_yticklabels()) == 120
    assert any("+30 more classes not shown" in t for t in texts(figure))
    assert png(figure).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("language", ["id", "en"])
def test_long_class_names_are_shortened(language: str) -> None:
    stats = statistics([group(1, "Teknik Komputer dan Jaringan Kelas XII Nomor 1", 30, 10)])
    labels = [t.get_text() for t in build_figure(stats, language, "T").axes[0].get_yticklabels()]
    assert labels == ["Teknik Komputer dan Jaringa…"]


# --- #17 classes: each class's trend over the last weeks ---------------------------------------

# Monday 23 November 2026 00:00 WITA and the seven Mondays before.
ENDS = tuple(
    datetime(2026, 11, 22, 16, 0, tzinfo=UTC) - timedelta(weeks=k) for k in range(7, -1, -1)
)


def trend_of(stats: SurveyStatistics, weeks: int = 8) -> WeeklyCompletion:
    """Each class reaches its completed count in even steps over the weeks."""
    return WeeklyCompletion(
        1,
        "Asia/Makassar",
        ENDS[-weeks:],
        tuple(
            ClassWeeks(
                g.class_group_id,
                g.name,
                g.alumni,
                tuple(g.completed * (k + 1) // weeks for k in range(weeks)),
            )
            for g in stats.groups
        ),
    )


def test_forty_classes_with_their_trend_stay_small_and_phone_wide() -> None:
    stats = statistics(classes(40))
    plain = completion_chart_png(stats, "id", "Tracer 2025")
    data = completion_chart_png(stats, "id", "Tracer 2025", trend_of(stats))
    assert data.startswith(PNG_SIGNATURE)
    width, height = size_of(data)
    assert width == 900
    # Eight rows of five small multiples below the bars: about 800 pixels more.
    assert 700 < height - size_of(plain)[1] < 1000
    assert len(data) < 150_000


def test_one_small_multiple_per_class_in_name_order_with_the_latest_rate() -> None:
    groups = [group(2, "XII TKJ 1", 30, 10), group(1, "XII AKL 2", 20, 20), group(3, "XII X", 0, 0)]
    stats = statistics(groups)
    figure = build_figure(stats, "id", "T", trend_of(stats, weeks=4))
    # The bars, the trend's heading, two classes (none without alumni), the outcomes.
    assert len(figure.axes) == 5
    heading, first, second = figure.axes[1:4]
    assert heading.get_title(loc="left") == (
        "Tingkat respons per kelas di akhir tiap minggu (1/11 – 22/11)"
    )
    assert (first.get_title(loc="left"), first.get_title(loc="right")) == ("XII AKL 2", "100%")
    assert (second.get_title(loc="left"), second.get_title(loc="right")) == ("XII TKJ 1", "33%")
    # The line: the rate at each of the four week ends, on a 0-100 scale shared by all.
    [line, _last] = second.get_lines()
    assert list(line.get_ydata()) == pytest.approx(
        [2 / 30 * 100, 5 / 30 * 100, 7 / 30 * 100, 10 / 30 * 100]
    )
    assert first.get_ylim() == second.get_ylim() == (0, 100)


def test_the_trend_heading_in_english_and_a_note_past_the_cap() -> None:
    stats = statistics(classes(65))
    figure = build_figure(stats, "en", "T", trend_of(stats))
    found = texts(figure)
    heading = "Response rate per class at the end of each week (4/10 – 22/11)"
    assert f"{heading} · +5 more classes not shown" in found
    assert len(figure.axes) == 1 + 1 + 60 + 1


def test_no_trend_panel_before_a_second_week_end() -> None:
    stats = statistics(classes(3))
    one_week = build_figure(stats, "id", "T", trend_of(stats, weeks=1))
    assert len(one_week.axes) == 2
    assert not any("Tingkat respons" in t for t in texts(one_week))
