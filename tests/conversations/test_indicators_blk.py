"""A training centre's placement table per programme (kejuruan) and batch (angkatan), checked
against hand computations, then from the blk template typed through the engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from walkers import typed_answer

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, AnswerRejected, QuestionAsked
from conversations.indicators.declarations import Alignment, Indicators, Placement
from conversations.indicators.definitions import FIGURE_DEFINITIONS
from conversations.indicators.figures import FiguresBuilder, Respondent, compute_figures
from conversations.inputs import TextReply
from conversations.questionnaire import (
    Choice,
    Outcome,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
    Section,
)
from conversations.state import Phase


def T(text: str) -> dict[str, str]:
    return {"id": text, "en": text}


QUESTIONS = (
    Question("status", QuestionType.SINGLE_CHOICE, T("status"),
             choices=tuple(Choice(v, T(v)) for v in ("1", "2", "3"))),
    Question("kejuruan", QuestionType.SINGLE_CHOICE, T("kejuruan"), choices=(
        Choice("1", {"id": "Teknologi informasi", "en": "Information technology"}),
        Choice("2", {"id": "Otomotif", "en": "Automotive"}),
    )),
    Question("angkatan", QuestionType.TEXT, T("angkatan")),
    Question("kesesuaian", QuestionType.RATING, T("kesesuaian"), scale=RatingScale(1, 5)),
)  # fmt: skip
OUTCOME = Outcome("status", {"working": ("1",), "entrepreneur": ("2",), "looking": ("3",)})
INDICATORS = Indicators(
    alignment=Alignment(("kesesuaian",), "high"),
    placement=Placement(programme="kejuruan", batch="angkatan"),
)


def centre(indicators: Indicators | None = INDICATORS, outcome: bool = True) -> Questionnaire:
    return Questionnaire(
        "blk_test", "1", T("BLK"), ("id", "en"), T("ok"), (Section("s", T("S"), QUESTIONS),),
        outcome=OUTCOME if outcome else None, indicators=indicators,
    )  # fmt: skip


BLK = centre()
ROSTER_PROGRAMMES = {"TK": "Teknisi Komputer"}


def roster(table: str) -> list[Respondent]:
    """One Respondent per line; `-` is not given (roster) or not answered, done `no`: none."""
    respondents = []
    for line in table.strip().splitlines()[1:]:
        prog, batch, done, status, kejuruan, angkatan, fit = (
            c.strip() for c in line.split("|")[1:]
        )
        groups: dict[str, str | None] = {}
        if prog != "-":
            groups["programme"] = ROSTER_PROGRAMMES[prog]
        if batch != "-":
            groups["batch"] = batch
        answers: dict[str, object] = {}
        for code, text in (("status", status), ("kejuruan", kejuruan), ("angkatan", angkatan)):
            if text != "-":
                answers[code] = text.replace("_", " ")  # `_` writes a doubled space
        if fit != "-":
            answers["kesesuaian"] = int(fit)
        respondents.append(Respondent(groups, done == "yes", answers))
    return respondents


# 13 training graduates, 11 complete. `prog` and `batch` are the roster's; kejuruan and angkatan
# the answers, used only when the roster gives none. `#` numbers the lines.
COHORT = roster("""
 #| prog | batch | done | status | kejuruan | angkatan          | fit
 1| TK   | -     | yes  | 1      | 1        | Angkatan 1 2025   | 5
 2| TK   | -     | yes  | 1      | 1        | Angkatan 1_ 2025  | 4
 3| TK   | -     | yes  | 2      | 1        | Angkatan 1 2025   | 3
 4| TK   | -     | yes  | 3      | 1        | Angkatan 1 2025   | -
 5| TK   | -     | yes  | 1      | 1        | Angkatan 1 2025   | 2
 6| TK   | -     | yes  | 2      | 1        | Angkatan 1 2025   | 5
 7| TK   | -     | no   | -      | -        | -                 | -
 8| TK   | -     | yes  | 1      | 1        | Angkatan 2 2025   | 4
 9| TK   | -     | yes  | 3      | 1        | Angkatan 2 2025   | -
10| -    | 3     | yes  | 1      | 2        | Angkatan 3        | 5
11| -    | 3     | yes  | 3      | 2        | -                 | -
12| -    | -     | yes  | 2      | -        | -                 | 1
13| -    | -     | no   | -      | -        | -                 | -
""")

# By hand, over the 11 complete lines (7 and 13 are not counted anywhere in this table).
# Teknisi Komputer (the roster's) / "Angkatan 1 2025" (the answer; 2's doubled space collapsed):
#   1-6: completed 6, placed (working or self-employed) 1 2 3 5 6 = 5 -> 5/6 = 0.8333;
#   fit rated by 1 2 3 5 6 = 5, in 4-5: 1 2 6 = 3 -> 0.6 (6 >= 5 completed: shown)
# Teknisi Komputer / "Angkatan 2 2025": 8 9: completed 2, placed 1 -> 0.5; fit n 1, share
#   hidden (2 < 5 completed)
# Otomotif (kejuruan 2's label, in the first language) / "3" (the roster's batch, not 10's
#   "Angkatan 3"): 10 11: completed 2, placed 1 -> 0.5; fit n 1, hidden
# no programme, no batch: 12: completed 1, placed 1 -> 1.0; fit n 1, hidden
# Total: completed 11; placed 1 2 3 5 6 8 10 12 = 8 -> 8/11 = 0.7272 -> 0.7273; fit n 8
#   (1 2 3 5 6 8 10 12), in 4-5: 1 2 6 8 10 = 5 -> 5/8 = 0.625; the total is never hidden.


def row(programme: str | None, batch: str | None, completed: int, placed: int,
        rate: float | None, fit_n: int | None, fit_share: float | None,
        suppressed: bool) -> dict[str, object]:  # fmt: skip
    return {"programme": programme, "batch": batch, "completed": completed, "placed": placed,
            "placement_rate": rate, "training_fit_n": fit_n, "training_fit_share": fit_share,
            "suppressed": suppressed}  # fmt: skip


PLACEMENT = {
    "by": [
        row("Otomotif", "3", 2, 1, 0.5, 1, None, True),
        row("Teknisi Komputer", "Angkatan 1 2025", 6, 5, 0.8333, 5, 0.6, False),
        row("Teknisi Komputer", "Angkatan 2 2025", 2, 1, 0.5, 1, None, True),
        row(None, None, 1, 1, 1.0, 1, None, True),
    ],
    "total": {"completed": 11, "placed": 8, "placement_rate": 0.7273, "training_fit_n": 8,
              "training_fit_share": 0.625},
}  # fmt: skip


def test_the_placement_table_is_the_hand_computed_one() -> None:
    assert len(COHORT) == 13
    figures = compute_figures(BLK, COHORT, group_keys=("programme", "batch"))
    assert figures["placement"] == PLACEMENT
    # A training centre declares no workplace level, so no university tables.
    assert (figures["accreditation"], figures["iku"]) == (None, None)


def test_the_totals_agree_with_the_figures() -> None:
    figures = compute_figures(BLK, COHORT)
    outcome = figures["outcome"]
    assert isinstance(outcome, dict)
    assert outcome["working"] + outcome["entrepreneur"] == PLACEMENT["total"]["placed"]
    # 5 4 3 2 5 4 5 1: 29 / 8 = 3.625 -> 3.63 (halves up)
    assert figures["alignment"] == {"n": 8, "mean": 3.63, "aligned_share": 0.625}


def test_the_threshold_of_a_shown_fit_share_is_the_callers() -> None:
    figures = compute_figures(BLK, COHORT, min_group_size=2)
    placement = figures["placement"]
    assert isinstance(placement, dict)
    shown = [(r["programme"], r["training_fit_share"], r["suppressed"]) for r in placement["by"]]
    assert shown == [
        ("Otomotif", 1.0, False),  # 10 rated 5
        ("Teknisi Komputer", 0.6, False),
        ("Teknisi Komputer", 1.0, False),  # 8 rated 4
        (None, None, True),  # 12 alone
    ]  # fmt: skip


def test_a_batch_given_as_a_number_is_grouped_as_text() -> None:
    done = {"status": "1", "kesesuaian": 4}
    cohort = [
        Respondent({"programme": "Las", "batch": 2}, True, done),
        Respondent({"programme": "Las", "batch": "2"}, True, done),
    ]
    placement = compute_figures(BLK, cohort)["placement"]
    assert placement["by"] == [row("Las", "2", 2, 2, 1.0, 2, None, True)]


def test_an_unreadable_answer_names_no_group() -> None:
    # A stored list where a code belongs, a code that is no choice: no programme, no batch.
    cohort = [
        Respondent({}, True, {"status": "1", "kejuruan": ["1"], "angkatan": 5}),
        Respondent({}, True, {"status": "3", "kejuruan": "9", "angkatan": "  "}),
    ]
    placement = compute_figures(BLK, cohort)["placement"]
    assert placement["by"] == [row(None, None, 2, 1, 0.5, 0, None, True)]


EMPTY = {
    "by": [],
    "total": {"completed": 0, "placed": 0, "placement_rate": None, "training_fit_n": 0,
              "training_fit_share": None},
}  # fmt: skip


def test_empty_input_gives_nulls() -> None:
    assert compute_figures(BLK, [])["placement"] == EMPTY
    # Nobody completed: an incomplete response is in no placement row.
    nobody = [Respondent({"programme": "Las"}, False, {"status": "1"})] * 3
    assert compute_figures(BLK, nobody)["placement"] == EMPTY


def test_what_is_not_declared_is_null() -> None:
    assert compute_figures(centre(Indicators(alignment=INDICATORS.alignment)), COHORT)[
        "placement"
    ] is None  # fmt: skip
    # Without alignment there is no training fit; without outcome nobody is known to be placed.
    no_fit = compute_figures(centre(Indicators(placement=INDICATORS.placement)), COHORT)
    total = no_fit["placement"]["total"]
    assert (total["training_fit_n"], total["training_fit_share"]) == (None, None)
    assert total["placement_rate"] == 0.7273
    no_outcome = compute_figures(centre(outcome=False), COHORT)["placement"]
    assert no_outcome["total"]["placement_rate"] is None
    assert all(r["placement_rate"] is None for r in no_outcome["by"])
    # Without the questions, only the roster names programmes and batches.
    roster_only = compute_figures(centre(Indicators(placement=Placement())), COHORT)
    names = [(r["programme"], r["batch"]) for r in roster_only["placement"]["by"]]
    assert names == [("Teknisi Komputer", None), (None, "3"), (None, None)]


def test_streaming_in_any_order_gives_the_same_table_and_json_ready() -> None:
    builder = FiguresBuilder(BLK, group_keys=("class", "programme"))
    for respondent in reversed(COHORT):
        builder.add(respondent)
    figures = builder.result()
    assert figures["placement"] == PLACEMENT
    assert json.loads(json.dumps(figures)) == figures


def test_every_placement_key_has_a_definition_in_both_languages() -> None:
    placement = compute_figures(BLK, COHORT)["placement"]
    assert isinstance(placement, dict)
    keys = {"placement", "placement.by", "placement.total"}
    keys |= {f"placement.{key}" for entry in placement["by"] for key in entry}
    keys |= {f"placement.{key}" for key in placement["total"]}
    assert keys <= set(FIGURE_DEFINITIONS), keys - set(FIGURE_DEFINITIONS)
    for key in keys:
        indonesian, english = FIGURE_DEFINITIONS[key]
        assert indonesian.strip() and english.strip() and indonesian != english


# --- the blk template, typed through the engine -----------------------------------------------

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def typed(q: Questionnaire, replies: dict[str, str], groups: dict[str, str | None]) -> Respondent:
    """A graduate who typed these replies (the rest as walkers.typed_answer), as stored."""
    step = resume(q, start(q, NOW).state, TextReply("ya"), NOW)
    for _ in range(200):  # a refused reply would be asked again forever
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
    return Respondent(groups, True, answers)


def test_the_blk_template_gives_its_placement_table() -> None:
    q = load_questionnaire(TEMPLATE_DIR / "blk.yaml")
    assert q.indicators is not None and q.indicators.placement is not None
    batch2 = {"kejuruan": "1", "angkatan": "Angkatan 2 tahun 2025"}
    alumni = [
        # the roster names the programme; the batch is the answer's
        ({**batch2, "status": "1", "lokasi": "Kota Batam, Kepulauan Riau", "masa_tunggu": "2",
          "penghasilan": "4 juta", "kesesuaian": "5"}, {"programme": "Teknisi Komputer"}),
        ({**batch2, "status": "2", "usaha_jenis": "Servis komputer", "usaha_karyawan": "0",
          "masa_tunggu": "1", "penghasilan": "2,5 juta", "kesesuaian": "3"},
         {"programme": "Teknisi Komputer"}),
        ({**batch2, "status": "3"}, {"programme": "Teknisi Komputer"}),
        # no roster programme: kejuruan 2's label; the roster's batch wins over the answer
        ({"kejuruan": "2", "angkatan": "Angkatan 1 tahun 2025", "status": "1",
          "lokasi": "Kota Bekasi, Jawa Barat", "masa_tunggu": "0", "penghasilan": "5 juta",
          "kesesuaian": "4"}, {"batch": "Angkatan 1 2025"}),
    ]  # fmt: skip
    cohort = [typed(q, replies, groups) for replies, groups in alumni]
    figures = compute_figures(q, cohort, wage_for=lambda province, city: 2_000_000)
    assert figures["placement"] == {
        "by": [
            row("Otomotif", "Angkatan 1 2025", 1, 1, 1.0, 1, None, True),
            row("Teknisi Komputer", "Angkatan 2 tahun 2025", 3, 2, 0.6667, 2, None, True),
        ],
        # fit 5, 3, 4: two of three in 4-5
        "total": {"completed": 4, "placed": 3, "placement_rate": 0.75, "training_fit_n": 3,
                  "training_fit_share": 0.6667},
    }  # fmt: skip
    assert figures["unreadable"] == 0
