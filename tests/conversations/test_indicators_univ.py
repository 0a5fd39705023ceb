"""The university's figures: accreditation tables per graduation year and the ministry's IKU,
checked against hand computations, then from the dikti template typed through the engine."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from walkers import typed_answer

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.indicators.accreditation import band_of
from conversations.indicators.declarations import (
    Alignment,
    Income,
    Indicators,
    WaitingTime,
    WorkPlace,
    WorkplaceLevel,
)
from conversations.indicators.definitions import FIGURE_DEFINITIONS
from conversations.indicators.figures import FiguresBuilder, Respondent, compute_figures
from conversations.indicators.iku import IKU_SOURCES
from conversations.inputs import TextReply
from conversations.questionnaire import (
    Choice,
    Outcome,
    Question,
    Questionnaire,
    QuestionType,
    Section,
)
from conversations.state import Phase


def T(text: str) -> dict[str, str]:
    return {"id": text, "en": text}


def choice(code: str, *values: str) -> Question:
    return Question(
        code, QuestionType.SINGLE_CHOICE, T(code), choices=tuple(Choice(v, T(v)) for v in values)
    )


# A small university questionnaire with the national codes; skip logic left out (the figures
# read stored answers, whatever asked them).
QUESTIONS = (
    choice("f8", "1", "2", "3", "4", "5"),  # 1 working, 2 not yet, 3 self-employed, 4 studying
    Question("f502", QuestionType.INTEGER, T("f502")),  # months to the first job, 0 = before
    Question("f505", QuestionType.MONEY, T("f505")),
    Question("f5a1", QuestionType.TEXT, T("f5a1")),
    Question("f5a2", QuestionType.TEXT, T("f5a2")),
    choice("f5d", "1", "2", "3"),  # 1 local, 2 national, 3 multinational
    choice("f14", "1", "2", "3", "4", "5"),  # 1 very closely ... 5 not at all
)
OUTCOME = Outcome(
    "f8",
    {"working": ("1",), "not_yet": ("2",), "entrepreneur": ("3",), "studying": ("4",),
     "looking": ("5",)},
)  # fmt: skip
INDICATORS = Indicators(
    waiting_time=WaitingTime("f502"),
    income=Income(("f505",)),
    work_place=WorkPlace("f5a1", "f5a2"),
    alignment=Alignment(("f14",), "low"),
    workplace_level=WorkplaceLevel("f5d", ("1",), ("2",), ("3",)),
)


def university(indicators: Indicators | None = INDICATORS, outcome: bool = True) -> Questionnaire:
    return Questionnaire(
        "univ", "1", T("U"), ("id", "en"), T("ok"), (Section("s", T("S"), QUESTIONS),),
        outcome=OUTCOME if outcome else None, indicators=indicators,
    )  # fmt: skip


UNIV = university()

# Minimum wages of this test (made-up round numbers): the university's own province, used when
# no place was given, has 2,500,000; Papua has no known wage here. 1.2 times: Jawa Timur
# 2,400,000, DKI Jakarta 6,000,000, the university's 3,000,000.
WAGES = {"Jawa Timur": 2_000_000, "DKI Jakarta": 5_000_000}
OWN_PROVINCE = 2_500_000
PROVINCES = {"JT": "Jawa Timur", "DKI": "DKI Jakarta", "Papua": "Papua"}


def wage_for(province: object, city: object) -> int | None:
    if province is None:
        return OWN_PROVINCE
    return WAGES.get(province) if isinstance(province, str) else None


def cell(text: str) -> object:
    """A stored value as the table writes it: `!tiga` is the unreadable text "tiga"."""
    if text.startswith("!"):
        return text[1:]
    return int(text.replace(",", "")) if text.replace(",", "").isdigit() else text


def roster(table: str) -> list[Respondent]:
    """One Respondent per line; `-` is not asked or skipped, year `?` unknown, done `no`: none."""
    respondents = []
    for line in table.strip().splitlines()[1:]:
        year, done, f8, f502, f505, prov, f5d, f14 = (c.strip() for c in line.split("|")[1:])
        answers: dict[str, object] = {}
        for code, text in (("f8", f8), ("f502", f502), ("f505", f505), ("f5d", f5d),
                           ("f14", f14)):  # fmt: skip
            if text != "-":
                # f502 and f505 are numbers as stored; choices are codes (text)
                answers[code] = cell(text) if code in ("f502", "f505") else text
        if prov != "-":
            answers["f5a1"] = PROVINCES[prov]
        groups = {"programme": "S1 Informatika", "year": None if year == "?" else year}
        respondents.append(Respondent(groups, done == "yes", answers))
    return respondents


# 24 graduates, 21 complete. `#` numbers the lines for the hand computations below.
COHORT = roster("""
 #| year | done | f8 | f502  | f505      | prov  | f5d | f14
 1| 2024 | yes  | 1  | 0     | 3,000,000 | JT    | 1   | 1
 2| 2024 | yes  | 1  | 5     | 2,400,000 | JT    | 2   | 2
 3| 2024 | yes  | 1  | 6     | 9,000,000 | DKI   | 3   | 3
 4| 2024 | yes  | 1  | 18    | 7,000,000 | DKI   | 2   | 4
 5| 2024 | yes  | 1  | 19    | 4,000,000 | JT    | 1   | 5
 6| 2024 | yes  | 3  | -     | -         | -     | 1   | -
 7| 2024 | yes  | 4  | -     | -         | -     | -   | -
 8| 2024 | yes  | 5  | -     | -         | -     | -   | -
 9| 2024 | no   | -  | -     | -         | -     | -   | -
10| 2024 | yes  | 1  | 2     | 5,000,000 | Papua | 2   | 1
11| 2024 | yes  | 1  | 12    | 3,000,000 | -     | 3   | 2
12| 2025 | yes  | 1  | 1     | 3,100,000 | -     | 1   | 2
13| 2025 | yes  | 1  | 3     | 6,500,000 | DKI   | 3   | 1
14| 2025 | yes  | 1  | 4     | -         | JT    | 2   | 3
15| 2025 | yes  | 1  | 24    | 8,000,000 | Papua | 3   | 2
16| 2025 | yes  | 3  | -     | -         | -     | 2   | -
17| 2025 | yes  | 3  | -     | -         | -     | -   | -
18| 2025 | yes  | 4  | -     | -         | -     | -   | -
19| 2025 | yes  | 2  | -     | -         | -     | -   | -
20| 2025 | yes  | 5  | -     | -         | -     | -   | -
21| 2025 | no   | -  | -     | -         | -     | -   | -
22| 2025 | no   | -  | -     | -         | -     | -   | -
23| ?    | yes  | 1  | 0     | 4,000,000 | JT    | 1   | 1
24| 2025 | yes  | 1  | !tiga | 3,500,000 | JT    | 1   | 4
""")

# By hand, over the 21 complete lines (9, 21 and 22 count as alumni only).
# IKU 2021: a worker counts with f502 < 6 AND pay > 1.2 x the wage of the place (pay*5 > wage*6):
#   1 (0 months, 3.0M > 2.4M) yes; 2 (2.4M = 1.2 x 2.0M: not MORE) no; 3 (6 months: not under 6)
#   no; 4, 5 no (18, 19 months); 10 (2 months, Papua: no wage) NOT COMPARABLE; 11 (12) no;
#   12 (no place: the university's 2.5M, 3.1M > 3.0M) yes; 13 (6.5M > 6.0M) yes; 14 (pay
#   skipped: nothing shows it) no; 15 (24 months rules it out, though Papua) no, and comparable;
#   23 (0, 4.0M > 2.4M) yes; 24 (f502 unreadable) no. Self-employed 6 16 17 and studying 7 18
#   count; looking 8 20 and not yet 19 do not.
#   count 1 12 13 23 + 6 16 17 + 7 18 = 9; not_comparable 1 (10); n 21 - 1 = 20; 9/20 = 0.45
# IKU 2025: a worker counts with f502 <= 12: 1 2 3 10 11 12 13 14 23 (not 4 5 15, nor 24: its
#   months are unreadable); + 6 16 17 + 7 18 = 14; n 21; 14/21 = 0.66666 -> 0.6667
# Accreditation, 2024 (lines 1-11: 11 alumni, 10 respondents):
#   waiting bands over 1 2 3 4 5 10 11 = [0 5 6 18 19 2 12]: under 6: 1 2 10 = 3;
#   6-18 (both included): 3 4 11 = 3; over 18: 5 = 1; n 7 -> 3/7 0.4286, 0.4286, 1/7 0.1429
#   field fit f14 over 1 2 3 4 5 10 11 = [1 2 3 4 5 1 2]: 1:2 2:2 3:1 4:1 5:1, n 7;
#   aligned (1 or 2) 4/7 = 0.5714
#   workplace level over 1 2 3 4 5 6 10 11 (6 is self-employed, asked too): local 1 5 6 = 3,
#   national 2 4 10 = 3, multinational 3 11 = 2; n 8 -> 0.375 0.375 0.25
# 2025 (lines 12-22 and 24: 12 alumni, 10 respondents):
#   waiting over 12 13 14 15 (24 unreadable) = [1 3 4 24]: under 6: 3, over 18: 1; n 4
#   f14 over 12 13 14 15 24 = [2 1 3 2 4]: 1:1 2:2 3:1 4:1 5:0, n 5; aligned 3/5 = 0.6
#   level over 12 13 14 15 16 24 (17 not answered): local 12 24 = 2, national 14 16 = 2,
#   multinational 13 15 = 2; n 6 -> 0.3333 each
# Unknown year (23): 1 alumnus, 1 respondent; 0 months, f14 1, local.
# unreadable: 24's f502 = 1


def table(counts: Mapping[str, int], shares: Mapping[str, float | None]) -> dict[str, object]:
    return {"n": sum(counts.values()), "counts": dict(counts), "shares": dict(shares)}


def bands(under_6: int, from_6_to_18: int, over_18: int,
          shares: tuple[float | None, ...]) -> dict[str, object]:  # fmt: skip
    counts = {"under_6": under_6, "from_6_to_18": from_6_to_18, "over_18": over_18}
    return table(counts, dict(zip(counts, shares, strict=True)))


def fit(counts: tuple[int, ...], shares: tuple[float | None, ...],
        aligned: float | None) -> dict[str, object]:  # fmt: skip
    points = [str(p) for p in range(1, 6)]
    return {
        **table(dict(zip(points, counts, strict=True)), dict(zip(points, shares, strict=True))),
        "aligned_share": aligned,
    }  # fmt: skip


def levels(local: int, national: int, multinational: int,
           shares: tuple[float | None, ...]) -> dict[str, object]:  # fmt: skip
    counts = {"local": local, "national": national, "multinational": multinational}
    return table(counts, dict(zip(counts, shares, strict=True)))


ACCREDITATION = {
    "2024": {
        "alumni": 11,
        "respondents": 10,
        "waiting_bands": bands(3, 3, 1, (0.4286, 0.4286, 0.1429)),
        "field_fit": fit((2, 2, 1, 1, 1), (0.2857, 0.2857, 0.1429, 0.1429, 0.1429), 0.5714),
        "workplace_level": levels(3, 3, 2, (0.375, 0.375, 0.25)),
    },
    "2025": {
        "alumni": 12,
        "respondents": 10,
        "waiting_bands": bands(3, 0, 1, (0.75, 0.0, 0.25)),
        "field_fit": fit((1, 2, 1, 1, 0), (0.2, 0.4, 0.2, 0.2, 0.0), 0.6),
        "workplace_level": levels(2, 2, 2, (0.3333, 0.3333, 0.3333)),
    },
    "unknown": {
        "alumni": 1,
        "respondents": 1,
        "waiting_bands": bands(1, 0, 0, (1.0, 0.0, 0.0)),
        "field_fit": fit((1, 0, 0, 0, 0), (1.0, 0.0, 0.0, 0.0, 0.0), 1.0),
        "workplace_level": levels(1, 0, 0, (1.0, 0.0, 0.0)),
    },
}
IKU_2021 = {"definition": "2021", "n": 20, "count": 9, "share": 0.45, "not_comparable": 1,
            "source": IKU_SOURCES["2021"]}  # fmt: skip
IKU_2025 = {"definition": "2025", "n": 21, "count": 14, "share": 0.6667, "not_comparable": 0,
            "source": IKU_SOURCES["2025"]}  # fmt: skip


def test_the_accreditation_tables_are_the_hand_computed_ones() -> None:
    assert len(COHORT) == 24
    figures = compute_figures(UNIV, COHORT, wage_for=wage_for)
    assert figures["accreditation"] == ACCREDITATION
    assert list(figures["accreditation"]) == ["2024", "2025", "unknown"]
    assert figures["unreadable"] == 1
    assert (figures["completed"], figures["alumni"]) == (21, 24)
    assert figures["placement"] is None  # a university declares no placement table


def test_iku_2021_decent_work() -> None:
    figures = compute_figures(UNIV, COHORT, wage_for=wage_for, iku_definition="2021")
    assert figures["iku"] == IKU_2021


def test_iku_2025_within_12_months() -> None:
    figures = compute_figures(UNIV, COHORT, wage_for=wage_for, iku_definition="2025")
    assert figures["iku"] == IKU_2025


def test_the_iku_is_null_unless_a_definition_is_chosen() -> None:
    assert compute_figures(UNIV, COHORT, wage_for=wage_for)["iku"] is None


def test_an_unknown_iku_definition_is_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown IKU definition '2023'; use one of: 2021, 2025"):
        FiguresBuilder(UNIV, iku_definition="2023")


def test_a_worker_whose_place_has_no_known_wage_is_counted_apart() -> None:
    def place(province: str | None) -> Respondent:
        answers: dict[str, object] = {"f8": "1", "f502": 1, "f505": 9_000_000}
        if province:
            answers["f5a1"] = province
        return Respondent({"year": "2025"}, True, answers)

    # Papua: no wage known; abroad-like text nobody knows; the university's own (no place).
    cohort = [place("Papua"), place("Atlantis"), place(None)]
    figures = compute_figures(UNIV, cohort, wage_for=wage_for, iku_definition="2021")
    assert figures["iku"] == {**IKU_2021, "n": 1, "count": 1, "share": 1.0, "not_comparable": 2}
    # The income figure says the same: two incomes not compared.
    assert figures["income"]["not_comparable"] == 2
    # Without any wage lookup nobody's pay can be compared; the 2025 IKU does not need it.
    blind = compute_figures(UNIV, cohort, iku_definition="2021")
    assert blind["iku"] == {**IKU_2021, "n": 0, "count": 0, "share": None, "not_comparable": 3}
    assert compute_figures(UNIV, cohort, iku_definition="2025")["iku"] == {
        **IKU_2025, "n": 3, "count": 3, "share": 1.0,
    }  # fmt: skip


def test_a_wait_that_rules_a_worker_out_is_not_set_apart_for_an_unknown_wage() -> None:
    late = Respondent({}, True, {"f8": "1", "f502": 7, "f505": 9_000_000, "f5a1": "Papua"})
    figures = compute_figures(UNIV, [late], wage_for=wage_for, iku_definition="2021")
    assert figures["iku"] == {**IKU_2021, "n": 1, "count": 0, "share": 0.0, "not_comparable": 0}


def test_the_bands_edges() -> None:
    assert [band_of(m) for m in (0, 5, 6, 18, 19, 120)] == [
        "under_6", "under_6", "from_6_to_18", "from_6_to_18", "over_18", "over_18"
    ]  # fmt: skip


EMPTY_IKU_2021 = {**IKU_2021, "n": 0, "count": 0, "share": None, "not_comparable": 0}


def test_empty_input_gives_nulls() -> None:
    figures = compute_figures(UNIV, [], wage_for=wage_for, iku_definition="2021")
    assert figures["accreditation"] == {}  # no graduation year has anyone
    assert figures["iku"] == EMPTY_IKU_2021
    # A year whose alumni have not answered: counts 0, every share null.
    nobody = [Respondent({"year": 2025}, False, {})] * 2  # a year as a number is grouped as text
    figures = compute_figures(UNIV, nobody, wage_for=wage_for, iku_definition="2021")
    assert figures["accreditation"] == {
        "2025": {
            "alumni": 2,
            "respondents": 0,
            "waiting_bands": bands(0, 0, 0, (None, None, None)),
            "field_fit": fit((0, 0, 0, 0, 0), (None,) * 5, None),
            "workplace_level": levels(0, 0, 0, (None, None, None)),
        }
    }
    assert figures["iku"] == EMPTY_IKU_2021


def test_what_is_not_declared_is_null() -> None:
    # Without the workplace level (an SMK, say) there are no accreditation tables at all.
    no_level = university(Indicators(waiting_time=WaitingTime("f502"), income=Income(("f505",))))
    figures = compute_figures(no_level, COHORT, wage_for=wage_for, iku_definition="2021")
    assert figures["accreditation"] is None
    # The IKU needs outcome, waiting time and income only. With no place declared every wage is
    # the university's 2,500,000 (1.2 x: 3,000,000): 10 (5.0M) now counts and is comparable,
    # 1 (3.0M, not more) no longer does: 10 12 13 23 + 6 16 17 + 7 18 = 9 of 21.
    assert figures["iku"] == {**IKU_2021, "n": 21, "count": 9, "share": 0.4286,
                              "not_comparable": 0}  # fmt: skip
    # With the level only, the other two tables are null; the level's is the same.
    level_only = university(Indicators(workplace_level=INDICATORS.workplace_level))
    figures = compute_figures(level_only, COHORT, iku_definition="2025")
    tables = figures["accreditation"]
    assert isinstance(tables, dict)
    assert tables["2024"] == {**ACCREDITATION["2024"], "waiting_bands": None, "field_fit": None}
    assert figures["iku"] is None  # no waiting time: "within 12 months" cannot be told
    # The 2021 IKU needs the income; the 2025 one does not.
    no_income = university(Indicators(waiting_time=WaitingTime("f502")))
    assert compute_figures(no_income, COHORT, iku_definition="2021")["iku"] is None
    assert compute_figures(no_income, COHORT, iku_definition="2025")["iku"] == IKU_2025
    # Without `outcome` nobody's status is known: no IKU.
    no_outcome = university(outcome=False)
    assert compute_figures(no_outcome, COHORT, iku_definition="2025")["iku"] is None


def test_a_stored_level_that_is_no_choice_is_unreadable_and_not_counted() -> None:
    answers = [{"f8": "3", "f5d": "9"}, {"f8": "3", "f5d": 2}, {"f8": "3", "f5d": "2"}]
    figures = compute_figures(UNIV, [Respondent({"year": "2025"}, True, a) for a in answers])
    assert figures["unreadable"] == 2
    tables = figures["accreditation"]
    assert isinstance(tables, dict)
    assert tables["2025"]["workplace_level"] == levels(0, 1, 0, (0.0, 1.0, 0.0))


def test_streaming_in_any_order_gives_the_same_tables_and_json_ready() -> None:
    builder = FiguresBuilder(UNIV, wage_for=wage_for, iku_definition="2021")
    for respondent in reversed(COHORT):
        builder.add(respondent)
    figures = builder.result()
    assert (figures["accreditation"], figures["iku"]) == (ACCREDITATION, IKU_2021)
    assert json.loads(json.dumps(figures)) == figures


def definition_keys(value: object, prefix: str) -> set[str]:
    """The definition keys of a figure: the year level left out, the bands' names added."""
    keys = {prefix}
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("counts", "shares"):
                keys.add(f"{prefix}.{key}")
                if not prefix.endswith("field_fit"):  # points are the question's own labels
                    keys |= {f"{prefix}.{band}" for band in inner}
            else:
                keys |= definition_keys(inner, f"{prefix}.{key}")
    return keys


def test_every_new_key_has_a_definition_in_both_languages() -> None:
    figures = compute_figures(UNIV, COHORT, wage_for=wage_for, iku_definition="2021")
    years = figures["accreditation"]
    assert isinstance(years, dict)
    keys = {"accreditation"}
    for tables in years.values():  # {year: tables}: the year is no part of the key
        keys |= definition_keys(tables, "accreditation")
    keys |= definition_keys(figures["iku"], "iku")
    assert keys <= set(FIGURE_DEFINITIONS), keys - set(FIGURE_DEFINITIONS)
    assert "accreditation.waiting_bands.from_6_to_18" in keys
    for key in keys:
        indonesian, english = FIGURE_DEFINITIONS[key]
        assert indonesian.strip() and english.strip() and indonesian != english


# --- any roster: counts add up, shares stay within 0 and 1 -----------------------------------

CELLS = {
    "f8": st.sampled_from(["1", "2", "3", "4", "5", "9", None, 1]),
    "f502": st.one_of(st.integers(-1, 40), st.none(), st.just("x")),
    "f505": st.one_of(st.integers(0, 12_000_000), st.none(), st.just(2.5)),
    "f5a1": st.sampled_from(["Jawa Timur", "DKI Jakarta", "Papua", None, 7]),
    "f5d": st.sampled_from(["1", "2", "3", "4", None, 2]),
    "f14": st.sampled_from(["1", "2", "3", "4", "5", "6", None]),
}
graduates = st.builds(
    Respondent,
    st.fixed_dictionaries({"year": st.sampled_from(["2024", "2025", None, 2025])}),
    st.booleans(),
    st.fixed_dictionaries({}, optional=CELLS),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(graduates, max_size=40), st.sampled_from(["2021", "2025"]))
def test_counts_add_up_and_shares_stay_within_0_and_1(
    cohort: list[Respondent], definition: str
) -> None:
    figures = compute_figures(UNIV, cohort, wage_for=wage_for, iku_definition=definition)
    years = figures["accreditation"]
    assert isinstance(years, dict)
    assert sum(y["alumni"] for y in years.values()) == len(cohort)
    assert sum(y["respondents"] for y in years.values()) == figures["completed"]
    for year in years.values():
        for name in ("waiting_bands", "field_fit", "workplace_level"):
            table_ = year[name]
            assert sum(table_["counts"].values()) == table_["n"] <= year["respondents"]
            assert all(v is None or 0 <= v <= 1 for v in table_["shares"].values())
    assert (
        sum(y["waiting_bands"]["n"] for y in years.values())
        == (figures["waiting_time_months"]["n"])
    )
    iku = figures["iku"]
    assert isinstance(iku, dict)
    assert iku["count"] <= iku["n"] == figures["completed"] - iku["not_comparable"]
    assert iku["share"] is None or 0 <= iku["share"] <= 1
    # The 2021 criteria are stricter than the 2025 ones: never more graduates count.
    other = compute_figures(UNIV, cohort, wage_for=wage_for, iku_definition="2025")["iku"]
    assert iku["count"] <= other["count"]


# --- the dikti template, typed through the engine ---------------------------------------------

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def typed(q: Questionnaire, replies: dict[str, str], year: str) -> Respondent:
    """A graduate who typed these replies (the rest as walkers.typed_answer), as stored."""
    step = resume(q, start(q, NOW).state, TextReply("ya"), NOW)
    for _ in range(300):  # a refused reply would be asked again forever
        if step.state.phase is Phase.REVIEW:
            break
        refused = [e.key for e in step.events if isinstance(e, AnswerRejected)]
        assert not refused, (step.state.current, refused)
        if any(isinstance(e, AnswerConfirmationAsked) for e in step.events):
            reply = "ya"
        else:
            asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
            reply = "Lainnya" if asked.awaiting_other else typed_answer(asked.question, replies)
        step = resume(q, step.state, TextReply(reply), NOW)
    state = resume(q, step.state, TextReply("kirim"), NOW).state
    assert state.phase is Phase.COMPLETED
    answers = {code: answer.value for code, answer in state.answers.items()}
    return Respondent({"programme": "S1 Informatika", "year": year}, True, answers)


def test_the_dikti_template_gives_its_tables_and_iku() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "dikti.yaml")
    assert q.indicators is not None and q.indicators.workplace_level is not None

    def lookup(province: object, city: object) -> int | None:
        # The place questions store codes: 35 Jawa Timur, 31 DKI Jakarta.
        return {"35": 2_300_000, "31": 5_400_000}.get(str(province))

    alumni = [
        # before graduating, 7 million in Surabaya (> 2,760,000), national, very close
        ({"f8": "1", "f502": "0", "f505": "7 juta", "f5a1": "Jawa Timur",
          "f5a2": "Kota Surabaya", "f5d": "2", "f14": "1"}, "2025"),
        # 6 months ("setengah tahun" is not asked: 6), multinational, hardly close
        ({"f8": "1", "f502": "6", "f505": "4,5 juta", "f5a1": "DKI Jakarta",
          "f5a2": "Jakarta Selatan", "f5d": "3", "f14": "4"}, "2025"),
        # "2 tahun" is 24 months; 6 juta in Jakarta is short of 6,480,000 anyway
        ({"f8": "1", "f502": "2 tahun", "f505": "6 juta", "f5a1": "DKI Jakarta",
          "f5a2": "Jakarta Pusat", "f5d": "1", "f14": "2"}, "2024"),
        ({"f8": "3", "f5c": "1", "f5d": "1"}, "2025"),  # self-employed founder, local
        ({"f8": "4"}, "2025"),
        ({"f8": "5"}, "2024"),
    ]  # fmt: skip
    cohort = [typed(q, a, year) for a, year in alumni]
    figures = compute_figures(q, cohort, wage_for=lookup, iku_definition="2021")
    assert figures["accreditation"] == {
        "2024": {
            "alumni": 2, "respondents": 2,
            "waiting_bands": bands(0, 0, 1, (0.0, 0.0, 1.0)),
            "field_fit": fit((0, 1, 0, 0, 0), (0.0, 1.0, 0.0, 0.0, 0.0), 1.0),
            "workplace_level": levels(1, 0, 0, (1.0, 0.0, 0.0)),
        },
        "2025": {
            "alumni": 4, "respondents": 4,
            "waiting_bands": bands(1, 1, 0, (0.5, 0.5, 0.0)),
            "field_fit": fit((1, 0, 0, 1, 0), (0.5, 0.0, 0.0, 0.5, 0.0), 0.5),
            "workplace_level": levels(1, 1, 1, (0.3333, 0.3333, 0.3333)),
        },
    }  # fmt: skip
    # the first worker, the self-employed and the student: 3 of 6
    assert figures["iku"] == {**IKU_2021, "n": 6, "count": 3, "share": 0.5, "not_comparable": 0}
    within_12 = compute_figures(q, cohort, wage_for=lookup, iku_definition="2025")["iku"]
    # + the 6-month worker; not the 24-month one, nor the one looking
    assert within_12 == {**IKU_2025, "n": 6, "count": 4, "share": 0.6667}
    assert figures["unreadable"] == 0
