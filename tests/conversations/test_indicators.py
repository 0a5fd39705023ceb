"""The report's figures from a cohort's roster and responses, checked against hand computations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.indicators.declarations import (
    Alignment,
    ChoiceIn,
    Income,
    Indicators,
    JobSource,
    WaitingTime,
    WorkPlace,
)
from conversations.indicators.definitions import FIGURE_DEFINITIONS
from conversations.indicators.figures import (
    FiguresBuilder,
    Respondent,
    compute_figures,
)
from conversations.indicators.numbers import Distribution, rounded, rupiah, share
from conversations.questionnaire import (
    Choice,
    Outcome,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
    Section,
)


def T(text: str) -> dict[str, str]:
    return {"id": text, "en": text}


def choice(code: str, type_: QuestionType, *values: str) -> Question:
    return Question(code, type_, T(code), choices=tuple(Choice(v, T(v)) for v in values))


def question(code: str, type_: QuestionType) -> Question:
    scale = RatingScale(1, 5) if type_ is QuestionType.RATING else None
    return Question(code, type_, T(code), scale=scale)


# An SMK-like questionnaire, small: main status, a second activity, the job's and business's
# questions. Skip logic is left out: the figures read stored answers, whatever asked them.
QUESTIONS = (
    choice("status", QuestionType.SINGLE_CHOICE, "1", "2", "3", "4", "5"),
    choice("juga", QuestionType.MULTIPLE_CHOICE, "1", "2", "3", "0"),
    choice("mulai", QuestionType.SINGLE_CHOICE, "1", "2"),  # 1 before graduating, 2 after
    question("bulan", QuestionType.INTEGER),
    question("gaji", QuestionType.MONEY),
    question("laba", QuestionType.MONEY),
    question("provinsi", QuestionType.TEXT),
    question("sesuai", QuestionType.RATING),
    question("usaha_sesuai", QuestionType.RATING),
    choice("cara", QuestionType.SINGLE_CHOICE, "1", "2", "3", "4", "5", "6", "7"),  # 2: PKL
)
OUTCOME = Outcome(
    "status",
    {"working": ("1",), "entrepreneur": ("2",), "studying": ("3",), "looking": ("4",),
     "not_yet": ("5",)},
)  # fmt: skip
INDICATORS = Indicators(
    waiting_time=WaitingTime("bulan", before_graduation=ChoiceIn("mulai", ("1",))),
    income=Income(("gaji", "laba")),
    work_place=WorkPlace(province="provinsi"),
    alignment=Alignment(("sesuai", "usaha_sesuai"), "high"),
    job_source=JobSource("cara", pkl=("2",)),
)
SMK = Questionnaire(
    "smk_test", "1", T("SMK"), ("id", "en"), T("ok"), (Section("s", T("S"), QUESTIONS),),
    outcome=OUTCOME, indicators=INDICATORS,
)  # fmt: skip

# Minimum wages of this test (made-up round numbers, not the real UMP): Jawa Barat is also the
# school's own province, used when no place was asked; Papua has no known wage here.
WAGES = {"Jawa Barat": 2_200_000, "DKI Jakarta": 5_400_000}


def wage_for(province: object, city: object) -> int | None:
    return WAGES.get(province if isinstance(province, str) else "Jawa Barat")


PROVINCES = {"JB": "Jawa Barat", "DKI": "DKI Jakarta"}  # as the table abbreviates them
STATUS = {"work": ("1", None), "biz": ("2", None), "study": ("3", None), "look": ("4", None),
          "notyet": ("5", None), "study+work": ("3", ["1"]), "work+biz": ("1", ["2"])}  # fmt: skip


def cell(text: str) -> object:
    """A stored value as the table writes it: !7 is the unreadable int 7, !banyak the text."""
    if text.startswith("!"):
        return int(text[1:]) if text[1:].isdigit() else text[1:]
    if text == "skip":
        return None
    return int(text.replace(",", "")) if text.replace(",", "").isdigit() else text


def roster(table: str) -> list[Respondent]:
    """One Respondent per table line; `-` is not asked, `skip` skipped, `pre` a job before
    graduating, done `part` a partial response with answers, `no` none at all."""
    respondents = []
    for line in table.strip().splitlines()[1:]:
        class_, prog, done, status, wait, pay, biz, fit, bfit, source, province = (
            c.strip() for c in line.split("|")[1:]
        )
        answers: dict[str, object] = {}
        if status.startswith("!"):
            answers["status"] = cell(status)
        elif status != "-":
            answers["status"], also = STATUS[status]
            if also:
                answers["juga"] = also
        if wait == "pre":
            answers["mulai"] = "1"
        elif wait != "-":
            answers["mulai"], answers["bulan"] = "2", cell(wait)
        for code, text in (("gaji", pay), ("laba", biz), ("sesuai", fit), ("usaha_sesuai", bfit),
                           ("provinsi", province)):  # fmt: skip
            if text != "-":
                answers[code] = PROVINCES.get(text, text) if code == "provinsi" else cell(text)
        if source != "-":
            answers["cara"] = source  # a choice code, text
        respondents.append(Respondent({"class": class_, "programme": prog}, done == "yes", answers))
    return respondents


# 24 alumni, 19 complete. Column `#` numbers the lines for the hand computations below.
COHORT = roster("""
 #| class     | prog | done | status     | wait | pay       | biz       | fit | bfit | src | prov
 1| XII AKL 1 | AKL  | yes  | work       | pre  | 3,000,000 | -         | 5   | -    | 2   | JB
 2| XII AKL 1 | AKL  | yes  | work       | 2    | 2,500,000 | -         | 4   | -    | 1   | JB
 3| XII AKL 1 | AKL  | yes  | work       | 5    | 2,000,000 | -         | 3   | -    | 4   | JB
 4| XII AKL 1 | AKL  | yes  | biz        | -    | -         | 1,500,000 | -   | 4    | -   | -
 5| XII AKL 1 | AKL  | yes  | study+work | 1    | skip      | -         | 2   | -    | 5   | DKI
 6| XII AKL 1 | AKL  | yes  | look       | -    | -         | -         | -   | -    | -   | -
 7| XII AKL 1 | AKL  | no   | -          | -    | -         | -         | -   | -    | -   | -
 8| XII AKL 1 | AKL  | part | work       | 1    | 9,000,000 | -         | 5   | -    | 2   | JB
 9| XII AKL 2 | AKL  | yes  | work+biz   | 8    | 6,000,000 | 1,000,000 | 5   | 1    | 6   | DKI
10| XII AKL 2 | AKL  | yes  | notyet     | -    | -         | -         | -   | -    | -   | -
11| XII AKL 2 | AKL  | yes  | work       | 12   | 1,800,000 | -         | 2   | -    | 2   | Papua
12| XII AKL 2 | AKL  | no   | -          | -    | -         | -         | -   | -    | -   | -
13| XII TKJ 1 | TKJ  | yes  | work       | pre  | 4,000,000 | -         | 5   | -    | 2   | DKI
14| XII TKJ 1 | TKJ  | yes  | work       | 3    | 2,200,000 | -         | 4   | -    | 3   | JB
15| XII TKJ 1 | TKJ  | yes  | work       | 0    | 2,100,000 | -         | 1   | -    | 5   | JB
16| XII TKJ 1 | TKJ  | yes  | biz        | -    | -         | 2,500,000 | -   | 3    | -   | -
17| XII TKJ 1 | TKJ  | yes  | study      | -    | -         | -         | -   | -    | -   | -
18| XII TKJ 1 | TKJ  | yes  | study      | -    | -         | -         | -   | -    | -   | -
19| XII TKJ 1 | TKJ  | yes  | look       | -    | -         | -         | -   | -    | -   | -
20| XII TKJ 1 | TKJ  | yes  | !7         | -    | -         | -         | -   | -    | -   | -
21| XII TKJ 1 | TKJ  | yes  | work       | 6    | !banyak   | -         | 4   | -    | 2   | JB
22| XII TKJ 1 | TKJ  | no   | -          | -    | -         | -         | -   | -    | -   | -
23| XII TKJ 1 | TKJ  | no   | -          | -    | -         | -         | -   | -    | -   | -
24| XII TKJ 1 | TKJ  | yes  | work       | 24   | 3,500,000 | -         | !9  | -    | 7   | JB
""")

# By hand, over the 19 complete lines (8 is partial: it counts in alumni only).
# response_rate 19/24 = 0.79166 -> 0.7917
# outcome: working 1 2 3 9 11 13 14 15 21 24 = 10; entrepreneur 4 16 = 2; studying 5 17 18 = 3
#   (5 also works: the main status decides); looking 6 19 = 2; not_yet 10 = 1; unknown 20 = 1
#   (a stored 7 is no choice: unreadable). bmw_rate (10+2+3)/19 = 0.78947 -> 0.7895
# waiting: employees 1 2 3 5 9 11 13 14 15 21 24 -> [0 2 5 1 8 12 0 3 0 6 24] (pre = 0), n 11,
#   sum 61, mean 5.5454 -> 5.55; sorted 0 0 0 1 2 3 5 6 8 12 24, median 3;
#   <= 3: six -> 6/11 = 0.5455; <= 6: eight -> 8/11 = 0.7273
# income: the job's pay first: 1 3.0M, 2 2.5M, 3 2.0M, 4 1.5M (business), 9 6.0M (its 1.0M
#   business income ignored), 11 1.8M, 13 4.0M, 14 2.2M, 15 2.1M, 16 2.5M, 24 3.5M; 5 skipped,
#   21 unreadable. n 11, sum 31,100,000, mean 2,827,272.73 -> 2,827,273; sorted 1.5 1.8 2.0 2.1
#   2.2 2.5 2.5 3.0 3.5 4.0 6.0, median 2,500,000. Wage: 11 works in Papua (no wage):
#   not_comparable 1; 4 and 16 were not asked, so the school's Jawa Barat 2.2M. At least the wage:
#   1, 2, 9 (6.0 >= 5.4), 14 (equal counts), 16, 24 = 6 of 10 -> 0.6 (3, 4, 13 at 4.0 < 5.4 in
#   Jakarta, and 15 fall short)
# alignment: the job's first: 1 5, 2 4, 3 3, 4 4, 5 2, 9 5 (not its business's 1), 11 2, 13 5,
#   14 4, 15 1, 16 3, 21 4; 24's 9 is off the 1-5 scale: unreadable. n 12, sum 42, mean 3.5;
#   4 or 5: 1 2 4 9 13 14 21 = 7/12 = 0.5833
# job source: 1:1 (2), 2:4 (1 11 13 21), 3:1 (14), 4:1 (3), 5:2 (5 15), 6:1 (9), 7:1 (24);
#   pkl_share 4/11 = 0.3636
# unreadable: 20's status, 21's pay, 24's alignment = 3


def waiting(n: int, mean: float | None, median: float | None, w3: float | None,
            w6: float | None) -> dict[str, object]:  # fmt: skip
    return {"n": n, "mean": mean, "median": median, "within_3": w3, "within_6": w6}


def income(n: int, mean: int | None, median: int | None, at_least: float | None,
           not_comparable: int) -> dict[str, object]:  # fmt: skip
    return {"n": n, "mean": mean, "median": median, "at_least_minimum_wage": at_least,
            "not_comparable": not_comparable}  # fmt: skip


def alignment(n: int, mean: float | None, aligned: float | None) -> dict[str, object]:
    return {"n": n, "mean": mean, "aligned_share": aligned}


def outcome(working: int = 0, entrepreneur: int = 0, studying: int = 0, looking: int = 0,
            not_yet: int = 0, unknown: int = 0) -> dict[str, int]:  # fmt: skip
    return {"working": working, "entrepreneur": entrepreneur, "studying": studying,
            "looking": looking, "not_yet": not_yet, "unknown": unknown}  # fmt: skip


TKJ = {
    "alumni": 12, "completed": 10, "response_rate": 0.8333,
    "outcome": outcome(working=5, entrepreneur=1, studying=2, looking=1, unknown=1),
    # 13 14 15 16 17 18 (8 of 10; 19 looks, 20 unknown)
    "bmw_rate": 0.8,
    # 13 pre, 14 3, 15 0, 21 6, 24 24: sum 33 / 5; sorted 0 0 3 6 24
    "waiting_time_months": waiting(5, 6.6, 3.0, 0.6, 0.8),
    # 13 4.0M (Jakarta: short), 14 2.2M, 15 2.1M (short), 16 2.5M, 24 3.5M: 14.3M / 5
    "income": income(5, 2_860_000, 2_500_000, 0.6, 0),
    # 13 5, 14 4, 15 1, 16 3, 21 4: 17 / 5; 4-5: 13 14 21
    "alignment": alignment(5, 3.4, 0.6),
    "suppressed": False,
}  # fmt: skip
EXPECTED = {
    "alumni": 24,
    "completed": 19,
    "response_rate": 0.7917,
    "outcome": outcome(working=10, entrepreneur=2, studying=3, looking=2, not_yet=1, unknown=1),
    "bmw_rate": 0.7895,
    "waiting_time_months": waiting(11, 5.55, 3.0, 0.5455, 0.7273),
    "income": income(11, 2_827_273, 2_500_000, 0.6, 1),
    "alignment": alignment(12, 3.5, 0.5833),
    "job_source": {"1": 1, "2": 4, "3": 1, "4": 1, "5": 2, "6": 1, "7": 1},
    "pkl_share": 0.3636,
    "unreadable": 3,
    # An SMK declares no workplace level or placement, and no IKU definition is chosen here.
    "accreditation": None, "iku": None, "placement": None,
    "groups": {
        "class": [
            {
                "name": "XII AKL 1", "alumni": 8, "completed": 6, "response_rate": 0.75,
                "outcome": outcome(working=3, entrepreneur=1, studying=1, looking=1),
                "bmw_rate": 0.8333,  # 5/6
                # 1 pre, 2 2, 3 5, 5 1: 8 / 4 = 2; sorted 0 1 2 5: median (1+2)/2
                "waiting_time_months": waiting(4, 2.0, 1.5, 0.75, 1.0),
                # 3.0 2.5 2.0 1.5 (M): 9.0M / 4; median (2.0+2.5)/2; >= 2.2M: 1 2
                "income": income(4, 2_250_000, 2_250_000, 0.5, 0),
                # 5 4 3 4 2: 18 / 5; 4-5: 1 2 4
                "alignment": alignment(5, 3.6, 0.6),
                "suppressed": False,
            },
            {
                # 3 complete (< 5): counts only
                "name": "XII AKL 2", "alumni": 4, "completed": 3, "response_rate": 0.75,
                "outcome": outcome(working=2, not_yet=1),
                "bmw_rate": 0.6667,
                "waiting_time_months": waiting(2, None, None, None, None),
                "income": income(2, None, None, None, 1),
                "alignment": alignment(2, None, None),
                "suppressed": True,
            },
            {"name": "XII TKJ 1", **TKJ},
        ],
        "programme": [
            {
                "name": "AKL", "alumni": 12, "completed": 9, "response_rate": 0.75,
                "outcome": outcome(working=5, entrepreneur=1, studying=1, looking=1, not_yet=1),
                "bmw_rate": 0.7778,  # 7/9
                # 0 2 5 1 8 12: 28 / 6 = 4.667; sorted 0 1 2 5 8 12: (2+5)/2; <=3: 3; <=6: 4
                "waiting_time_months": waiting(6, 4.67, 3.5, 0.5, 0.6667),
                # 3.0 2.5 2.0 1.5 6.0 1.8: 16.8M / 6; median (2.0+2.5)/2; 11 not comparable;
                # at least: 1 2 9 of 5
                "income": income(6, 2_800_000, 2_250_000, 0.6, 1),
                # 5 4 3 4 2 5 2: 25 / 7 = 3.571; 4-5: 1 2 4 9
                "alignment": alignment(7, 3.57, 0.5714),
                "suppressed": False,
            },
            {"name": "TKJ", **TKJ},
        ],
    },
}  # fmt: skip


def test_the_cohort_table_gives_the_hand_computed_figures() -> None:
    assert len(COHORT) == 24
    assert compute_figures(SMK, COHORT, wage_for=wage_for) == EXPECTED


def test_the_figures_are_json_ready() -> None:
    figures = compute_figures(SMK, COHORT, wage_for=wage_for)
    assert json.loads(json.dumps(figures)) == figures


def test_streaming_gives_the_same_figures_as_all_at_once() -> None:
    builder = FiguresBuilder(SMK, wage_for=wage_for)
    for respondent in reversed(COHORT):
        builder.add(respondent)
    assert builder.result() == EXPECTED  # order does not matter, and result() may be repeated
    assert builder.result() == EXPECTED


def test_the_worked_example_of_the_definitions() -> None:
    # indicators.md: 8 alumni, 5 completed; a minimum wage of 2,500,000 everywhere.
    example = roster("""
 #| class | prog | done | status     | wait | pay       | biz       | fit | bfit | src | prov
 A| X     | P    | yes  | work       | pre  | 3,000,000 | -         | 5   | -    | -   | -
 B| X     | P    | yes  | work       | 4    | 2,000,000 | -         | 2   | -    | -   | -
 C| X     | P    | yes  | study+work | 1    | skip      | -         | 4   | -    | -   | -
 D| X     | P    | yes  | look       | -    | -         | -         | -   | -    | -   | -
 E| X     | P    | yes  | biz        | -    | -         | 2,600,000 | -   | 3    | -   | -
 F| X     | P    | no   | -          | -    | -         | -         | -   | -    | -   | -
 G| X     | P    | no   | -          | -    | -         | -         | -   | -    | -   | -
 H| X     | P    | no   | -          | -    | -         | -         | -   | -    | -   | -
""")
    figures = compute_figures(SMK, example, wage_for=lambda province, city: 2_500_000)
    assert figures["response_rate"] == 0.625
    assert figures["outcome"] == outcome(working=2, studying=1, entrepreneur=1, looking=1)
    assert figures["bmw_rate"] == 0.8
    assert figures["waiting_time_months"] == waiting(3, 1.67, 1.0, 0.6667, 1.0)
    assert figures["income"] == income(3, 2_533_333, 2_600_000, 0.6667, 0)
    assert figures["alignment"] == alignment(4, 3.5, 0.5)


EMPTY_INDICATORS = {
    "waiting_time_months": waiting(0, None, None, None, None),
    "income": income(0, None, None, None, 0),
    "alignment": alignment(0, None, None),
}


def test_a_survey_with_no_alumni_gives_nulls_not_zeros() -> None:
    assert compute_figures(SMK, [], wage_for=wage_for) == {
        "alumni": 0, "completed": 0, "response_rate": None, "outcome": outcome(),
        "bmw_rate": None, **EMPTY_INDICATORS,
        "job_source": dict.fromkeys("1234567", 0), "pkl_share": None, "unreadable": 0,
        "accreditation": None, "iku": None, "placement": None,
        "groups": {"class": [], "programme": []},
    }  # fmt: skip


def test_a_roster_with_no_completed_response_has_a_real_zero_rate_and_null_figures() -> None:
    nobody = [Respondent({"class": "X", "programme": "P"}, False, {"status": "1"})] * 3
    figures = compute_figures(SMK, nobody)
    assert figures["response_rate"] == 0.0  # 0 of 3: a rate, not a missing figure
    assert figures["bmw_rate"] is None
    assert {k: figures[k] for k in EMPTY_INDICATORS} == EMPTY_INDICATORS
    assert figures["groups"]["class"] == [
        {"name": "X", "alumni": 3, "completed": 0, "response_rate": 0.0, "outcome": outcome(),
         "bmw_rate": None, "waiting_time_months": waiting(0, None, None, None, None),
         "income": income(0, None, None, None, 0), "alignment": alignment(0, None, None),
         "suppressed": True}
    ]  # fmt: skip


def complete(answers: Mapping[str, object], **groups: str | None) -> Respondent:
    return Respondent(groups or {"class": "X", "programme": "P"}, True, answers)


@pytest.mark.parametrize(
    ("answers", "counted"),
    [
        ({"status": ["1"]}, "status"),  # a list where one code belongs
        ({"status": "9"}, "status"),  # not a choice of the question
        ({"status": True}, "status"),
        ({"status": 1}, "status"),  # a number, not the code "1"
        ({"status": "1", "mulai": "2", "bulan": -1}, "waiting"),
        ({"status": "1", "mulai": "2", "bulan": "3"}, "waiting"),
        ({"status": "1", "mulai": "2", "bulan": True}, "waiting"),
        ({"status": "1", "gaji": 2.5}, "income"),
        ({"status": "1", "gaji": {"rp": 1}}, "income"),
        ({"status": "1", "gaji": 3_000_000, "provinsi": ["Jawa Barat"]}, "place"),
        ({"status": "1", "sesuai": "lima"}, "alignment"),
        ({"status": "1", "sesuai": 0}, "alignment"),  # off the 1-5 scale
        ({"status": "1", "cara": "99"}, "source"),
        ({"status": "1", "cara": []}, "source"),
    ],
)
def test_an_unreadable_value_is_counted_and_left_out(
    answers: dict[str, object], counted: str
) -> None:
    figures = compute_figures(SMK, [complete(answers)], wage_for=wage_for)
    assert figures["unreadable"] == 1
    assert figures["completed"] == 1
    expected_outcome = outcome(unknown=1) if counted == "status" else outcome(working=1)
    assert figures["outcome"] == expected_outcome
    assert figures["waiting_time_months"] == waiting(0, None, None, None, None)
    if counted == "place":  # the income counts; its place cannot be read, so no comparison
        assert figures["income"] == income(1, 3_000_000, 3_000_000, None, 1)
    else:
        assert figures["income"] == income(0, None, None, None, 0)
    assert figures["alignment"] == alignment(0, None, None)
    assert figures["job_source"] == dict.fromkeys("1234567", 0)


def test_readable_odd_values_are_read() -> None:
    # A whole float (from an import) is a whole number; a skipped main status is unknown but
    # not unreadable.
    figures = compute_figures(
        SMK, [complete({"status": None, "gaji": 3_000_000.0, "mulai": "2", "bulan": 2.0})]
    )
    assert figures["unreadable"] == 0
    assert figures["outcome"] == outcome(unknown=1)
    assert figures["income"] == income(1, 3_000_000, 3_000_000, None, 1)
    assert figures["waiting_time_months"] == waiting(1, 2.0, 2.0, 1.0, 1.0)


def test_a_small_group_shows_counts_only() -> None:
    answers = {"status": "1", "mulai": "2", "bulan": 2, "gaji": 3_000_000, "sesuai": 5}
    four = [complete(answers, room="A")] * 4
    five = [complete(answers, room="B")] * 5
    figures = compute_figures(SMK, four + five, wage_for=wage_for, group_keys=("room",))
    small, big = figures["groups"]["room"]
    assert (small["name"], small["suppressed"], big["suppressed"]) == ("A", True, False)
    assert small["income"] == income(4, None, None, None, 0)
    assert small["waiting_time_months"] == waiting(4, None, None, None, None)
    assert small["alignment"] == alignment(4, None, None)
    assert (small["completed"], small["bmw_rate"]) == (4, 1.0)  # counts and their rate stay
    assert big["income"] == income(5, 3_000_000, 3_000_000, 1.0, 0)
    # The threshold is the caller's; the total is never suppressed.
    assert figures["income"] == income(9, 3_000_000, 3_000_000, 1.0, 0)
    again = compute_figures(SMK, four, group_keys=("room",), min_group_size=4)
    assert again["groups"]["room"][0]["suppressed"] is False


def test_alumni_without_a_group_are_listed_last_with_no_name() -> None:
    respondents = [
        Respondent({"class": None}, False, {}),
        Respondent({}, False, {}),
        Respondent({"class": "B"}, False, {}),
        Respondent({"class": "A"}, False, {}),
    ]
    groups = compute_figures(SMK, respondents)["groups"]
    assert [(g["name"], g["alumni"]) for g in groups["class"]] == [
        ("A", 1), ("B", 1), (None, 2)
    ]  # fmt: skip


def with_alignment(scale_question: Question, best: str) -> Questionnaire:
    return Questionnaire(
        "t", "1", T("T"), ("id",), T("ok"), (Section("s", T("S"), (scale_question,)),),
        indicators=Indicators(alignment=Alignment((scale_question.code,), best)),
    )  # fmt: skip


def test_best_low_counts_the_bottom_two_points_as_aligned() -> None:
    # The university's f14: a choice, 1 = very close ... 5 = not at all.
    f14 = choice("f14", QuestionType.SINGLE_CHOICE, "1", "2", "3", "4", "5")
    answers = [complete({"f14": v}) for v in ("1", "2", "2", "4", "5")]
    figures = compute_figures(with_alignment(f14, "low"), answers)
    assert figures["alignment"] == alignment(5, 2.8, 0.6)  # 14 / 5; 1 2 2 of 5
    high = compute_figures(with_alignment(f14, "high"), answers)
    assert high["alignment"] == alignment(5, 2.8, 0.4)  # 4 5 of 5


def test_the_two_best_points_follow_the_scale_as_declared() -> None:
    four = Question("fit", QuestionType.RATING, T("fit"), scale=RatingScale(1, 4))
    answers = [complete({"fit": v}) for v in (1, 2, 3, 4)]
    assert compute_figures(with_alignment(four, "high"), answers)["alignment"] == alignment(
        4, 2.5, 0.5
    )  # 3 and 4 are the best two of 1-4
    assert compute_figures(with_alignment(four, "low"), answers)["alignment"] == alignment(
        4, 2.5, 0.5
    )


def test_without_declarations_only_response_and_outcome_figures_remain() -> None:
    bare = Questionnaire("b", "1", T("B"), ("id",), T("ok"), SMK.sections, outcome=OUTCOME)
    figures = compute_figures(bare, COHORT, wage_for=wage_for)
    assert (figures["response_rate"], figures["bmw_rate"]) == (0.7917, 0.7895)
    assert figures["outcome"] == EXPECTED["outcome"]
    for key in ("waiting_time_months", "income", "alignment", "job_source", "pkl_share"):
        assert figures[key] is None
    assert figures["unreadable"] == 1  # only the main status is read
    nothing = Questionnaire("n", "1", T("N"), ("id",), T("ok"), SMK.sections)
    figures = compute_figures(nothing, COHORT)
    assert figures["outcome"] == outcome(unknown=19)  # nothing maps the main status
    assert (figures["bmw_rate"], figures["unreadable"]) == (None, 0)


def test_without_a_wage_lookup_no_income_is_comparable() -> None:
    figures = compute_figures(SMK, COHORT)
    assert figures["income"] == income(11, 2_827_273, 2_500_000, None, 11)


def test_abroad_is_not_compared_and_the_lookup_is_asked_once_per_place() -> None:
    negeri = choice("negeri", QuestionType.SINGLE_CHOICE, "1", "2")
    place = WorkPlace("provinsi", "kota", ChoiceIn("negeri", ("2",)))
    q = Questionnaire(
        "t", "1", T("T"), ("id",), T("ok"),
        (Section("s", T("S"), (*QUESTIONS, question("kota", QuestionType.TEXT), negeri)),),
        indicators=Indicators(income=INDICATORS.income, work_place=place),
    )  # fmt: skip
    asked: list[tuple[object, object]] = []

    def lookup(province: object, city: object) -> int | None:
        asked.append((province, city))
        return 3_000_000

    jakarta = {"gaji": 4_000_000, "negeri": "1", "provinsi": "DKI Jakarta", "kota": "Jakarta"}
    abroad = {"gaji": 9_000_000, "negeri": "2"}
    figures = compute_figures(q, [complete(jakarta)] * 3 + [complete(abroad)], wage_for=lookup)
    assert figures["income"] == income(4, 5_250_000, 4_000_000, 1.0, 1)
    assert asked == [("DKI Jakarta", "Jakarta")]


def test_a_multiple_choice_job_source_counts_each_answer() -> None:
    how = choice("how", QuestionType.MULTIPLE_CHOICE, "1", "2", "3")
    q = Questionnaire(
        "t", "1", T("T"), ("id",), T("ok"), (Section("s", T("S"), (how,)),),
        indicators=Indicators(job_source=JobSource("how", ("2",))),
    )  # fmt: skip
    figures = compute_figures(q, [complete({"how": ["1", "2"]}), complete({"how": ["3"]})])
    assert figures["job_source"] == {"1": 1, "2": 1, "3": 1}
    assert figures["pkl_share"] == 0.5
    no_pkl = Questionnaire(
        "t", "1", T("T"), ("id",), T("ok"), q.sections,
        indicators=Indicators(job_source=JobSource("how")),
    )  # fmt: skip
    assert compute_figures(no_pkl, [complete({"how": ["2"]})])["pkl_share"] is None


def test_rounding_is_half_up_and_medians_of_even_counts_are_means() -> None:
    assert rounded(Fraction(2005, 1000), 2) == 2.01  # a float 2.005 would round down
    assert rounded(Fraction(5, 3), 2) == 1.67
    assert rupiah(Fraction(5, 2)) == 3
    assert (share(1, 3), share(2, 3), share(0, 5), share(0, 0)) == (0.3333, 0.6667, 0.0, None)
    values = Distribution()
    for v in (1_000_000, 1_000_001, 7, 7):
        values.add(v)
    assert values.median() == Fraction(7 + 1_000_000, 2)
    assert (values.n, values.at_most(7), values.among(frozenset({7, 1}))) == (4, 2, 2)
    empty = Distribution()
    assert (empty.mean(), empty.median()) == (None, None)


def flat_keys(figures: Mapping[str, object], prefix: str = "") -> set[str]:
    keys: set[str] = set()
    for key, value in figures.items():
        if key == "job_source" or prefix == "job_source.":
            keys.add("job_source")
            continue
        keys.add(prefix + key)
        if isinstance(value, dict) and key != "groups":
            keys |= flat_keys(value, f"{key}.")
    return keys


def test_every_figure_has_a_definition_in_both_languages() -> None:
    figures = compute_figures(SMK, COHORT, wage_for=wage_for)
    keys = flat_keys(figures)
    for entries in figures["groups"].values():
        for entry in entries:
            keys |= flat_keys(entry)
    assert keys <= set(FIGURE_DEFINITIONS), keys - set(FIGURE_DEFINITIONS)
    for indonesian, english in FIGURE_DEFINITIONS.values():
        assert indonesian.strip() and english.strip() and indonesian != english


# --- any roster: shares stay in 0..1 and counts add up -----------------------------------------

CELLS = {
    "status": st.sampled_from(["1", "2", "3", "4", "5", "9", None, 3, ["1"]]),
    "mulai": st.sampled_from(["1", "2", None]),
    "bulan": st.one_of(st.integers(-2, 60), st.none(), st.just("x")),
    "gaji": st.one_of(st.integers(-5, 20_000_000), st.none(), st.just(1.5)),
    "laba": st.one_of(st.integers(0, 20_000_000), st.none()),
    "provinsi": st.sampled_from(["Jawa Barat", "DKI Jakarta", "Papua", None, 5]),
    "sesuai": st.one_of(st.integers(0, 6), st.none()),
    "usaha_sesuai": st.one_of(st.integers(1, 5), st.none()),
    "cara": st.sampled_from(["1", "2", "3", "7", "8", None]),
}
respondents = st.builds(
    Respondent,
    st.fixed_dictionaries(
        {"class": st.sampled_from(["A", "B", "C", None]), "programme": st.sampled_from(["P", "Q"])}
    ),
    st.booleans(),
    st.fixed_dictionaries({}, optional=CELLS),
)


def shares_of(figures: Mapping[str, object]) -> list[float | None]:
    found: list[float | None] = [figures["response_rate"], figures["bmw_rate"]]
    for key, names in (
        ("waiting_time_months", ("within_3", "within_6")),
        ("income", ("at_least_minimum_wage",)),
        ("alignment", ("aligned_share",)),
    ):
        part = figures[key]
        assert isinstance(part, dict)
        found += [part[name] for name in names]
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(respondents, max_size=40), st.integers(1, 6))
def test_shares_stay_within_0_and_1_and_counts_add_up(
    roster_: list[Respondent], min_group_size: int
) -> None:
    figures = compute_figures(SMK, roster_, wage_for=wage_for, min_group_size=min_group_size)
    completed = sum(r.completed for r in roster_)
    assert (figures["alumni"], figures["completed"]) == (len(roster_), completed)
    entries = [figures, *[e for g in figures["groups"].values() for e in g]]
    for entry in entries:
        assert sum(entry["outcome"].values()) == entry["completed"] <= entry["alumni"]
        for value in shares_of(entry):
            assert value is None or 0 <= value <= 1
        for key in ("waiting_time_months", "income", "alignment"):
            assert entry[key]["n"] <= entry["completed"]
            if entry[key]["n"] == 0:
                assert entry[key]["mean"] is None
        assert entry["income"]["not_comparable"] <= entry["income"]["n"]
        waiting_ = entry["waiting_time_months"]
        if waiting_["within_3"] is not None:
            assert waiting_["within_3"] <= waiting_["within_6"]
    for groups in figures["groups"].values():
        assert sum(g["alumni"] for g in groups) == figures["alumni"]
        assert sum(g["completed"] for g in groups) == figures["completed"]
        for part in ("waiting_time_months", "income", "alignment"):
            assert sum(g[part]["n"] for g in groups) == figures[part]["n"]
    assert sum(figures["job_source"].values()) <= figures["completed"]
