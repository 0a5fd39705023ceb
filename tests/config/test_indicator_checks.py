"""The `indicators` key: which questions feed the report's figures, checked with located fixes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config.indicator_checks import dotted
from config.loader import QuestionnaireError, check_file, load_questionnaire, parse_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.indicators.declarations import (
    Alignment,
    ChoiceIn,
    Income,
    Indicators,
    JobSource,
    Placement,
    WaitingTime,
    WorkPlace,
    WorkplaceLevel,
)

QUESTIONNAIRE = """\
id: demo
version: "1"
title: {id: Demo, en: Demo}
languages: [id, en]
consent: {id: Setuju, en: Agree}
sections:
  - id: kerja
    title: {id: Kerja, en: Work}
    questions:
      - code: status
        type: single_choice
        label: {id: Status, en: Status}
        choices:
          - {value: "1", label: {id: Bekerja, en: Working}}
          - {value: "2", label: {id: Usaha, en: Business}}
      - code: mulai
        type: single_choice
        label: {id: Mulai, en: Started}
        choices:
          - {value: "1", label: {id: Sebelum lulus, en: Before}}
          - {value: "2", label: {id: Sesudah lulus, en: After}}
      - code: bulan
        type: integer
        unit: months
        label: {id: Bulan, en: Months}
      - code: gaji
        type: money
        label: {id: Gaji, en: Pay}
      - code: laba
        type: money
        label: {id: Laba, en: Profit}
      - code: provinsi
        type: text
        label: {id: Provinsi, en: Province}
      - code: kota
        type: text
        label: {id: Kota, en: City}
      - code: negeri
        type: single_choice
        label: {id: Negeri, en: Country}
        choices:
          - {value: "1", label: {id: Indonesia, en: Indonesia}}
          - {value: "2", label: {id: Luar negeri, en: Abroad}}
      - code: sesuai
        type: rating
        label: {id: Sesuai, en: Fit}
        scale: {min: 1, max: 5}
      - code: sesuai4
        type: rating
        label: {id: Sesuai, en: Fit}
        scale: {min: 1, max: 4}
      - code: erat
        type: single_choice
        label: {id: Erat, en: Close}
        choices:
          - {value: "1", label: {id: Sangat erat, en: Very}}
          - {value: "2", label: {id: Erat, en: Close}}
          - {value: "3", label: {id: Tidak, en: Not}}
      - code: cara
        type: single_choice
        label: {id: Cara, en: How}
        choices:
          - {value: "1", label: {id: BKK, en: BKK}}
          - {value: "2", label: {id: PKL, en: PKL}}
          - {value: "x", label: {id: Lain, en: Other}}
      - code: nama
        type: text
        label: {id: Nama, en: Name}
"""

FULL = """\
indicators:
  waiting_time:
    question: bulan
    before_graduation: {question: mulai, values: ["1"]}
    only: {question: status, values: ["1"]}
  income: {questions: [gaji, laba]}
  work_place: {province: provinsi, city: kota, abroad: {question: negeri, values: ["2"]}}
  alignment: {questions: [sesuai], best: high}
  job_source: {question: cara, pkl: ["2"]}
"""


def problems_of(block: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(QUESTIONNAIRE + block, "demo.yaml")
    return [re.sub(r" \[line \d+\]$", "", p) for p in caught.value.problems]


def test_a_file_without_indicators_has_none() -> None:
    assert parse_questionnaire(QUESTIONNAIRE, "demo.yaml").indicators is None


def test_a_full_declaration_is_read() -> None:
    indicators = parse_questionnaire(QUESTIONNAIRE + FULL, "demo.yaml").indicators
    assert indicators == Indicators(
        waiting_time=WaitingTime("bulan", ChoiceIn("mulai", ("1",)), ChoiceIn("status", ("1",))),
        income=Income(("gaji", "laba")),
        work_place=WorkPlace("provinsi", "kota", ChoiceIn("negeri", ("2",))),
        alignment=Alignment(("sesuai",), "high"),
        job_source=JobSource("cara", ("2",)),
    )


def test_every_part_is_optional_and_bare_numbers_are_kept_as_written() -> None:
    source = QUESTIONNAIRE.replace('{value: "2", label: {id: PKL', '{value: "02", label: {id: PKL')
    block = "indicators:\n  job_source: {question: cara, pkl: [02]}\n  work_place: {city: kota}\n"
    indicators = parse_questionnaire(source + block, "demo.yaml").indicators
    assert indicators == Indicators(
        job_source=JobSource("cara", ("02",)), work_place=WorkPlace(city="kota")
    )


def test_a_choice_question_with_numeric_values_may_measure_alignment_low_best() -> None:
    block = "indicators:\n  alignment: {questions: [erat], best: low}\n"
    indicators = parse_questionnaire(QUESTIONNAIRE + block, "demo.yaml").indicators
    assert indicators == Indicators(alignment=Alignment(("erat",), "low"))


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "indicators: [income]\n",
            "indicators must be a mapping of indicator names to the questions that feed them, "
            "e.g. indicators: {income: {questions: [gaji, usaha_penghasilan]}}, not a list",
        ),
        (
            "indicators: {}\n",
            "indicators must be a mapping of indicator names to the questions that feed them, "
            "e.g. indicators: {income: {questions: [gaji, usaha_penghasilan]}}, "
            "not an empty mapping",
        ),
        (
            "indicators: {waiting_time: {question: bulan, only: {question: status, value: [1]}}}\n",
            "indicators.waiting_time.only.value is not a known key; use one of: question, values "
            "(did you mean 'values'?)",
        ),
        (
            "indicators: {waiting: {question: bulan}}\n",
            "indicators.waiting is not a known key; use one of: waiting_time, income, "
            "work_place, alignment, job_source, workplace_level, placement "
            "(did you mean 'waiting_time'?)",
        ),
        (
            "indicators: {income: gaji}\n",
            "indicators.income must be a mapping, e.g. income: {questions: [gaji, "
            "usaha_penghasilan]}, not text",
        ),
        (
            "indicators: {waiting_time: {question: bulna}}\n",
            "indicators.waiting_time.question 'bulna' is not a question in this file; "
            "did you mean 'bulan'?",
        ),
        (
            "indicators: {waiting_time: {question: zzz}}\n",
            "indicators.waiting_time.question 'zzz' is not a question in this file; "
            "use the code of a question above",
        ),
        (
            "indicators: {waiting_time: {question: nama}}\n",
            "indicators.waiting_time.question 'nama' is a text question; it must be integer",
        ),
        (
            "indicators: {waiting_time: {question: bulan, before: {question: mulai}}}\n",
            "indicators.waiting_time.before is not a known key; use one of: question, "
            "before_graduation, only (did you mean 'before_graduation'?)",
        ),
        (
            "indicators: {waiting_time: {question: bulan, only: {question: status}}}\n",
            "indicators.waiting_time.only is missing 'values'; e.g. "
            '{question: mulai_kerja, values: ["1"]}',
        ),
        (
            "indicators: {waiting_time: {question: bulan, only: {question: gaji, values: [1]}}}\n",
            "indicators.waiting_time.only.question 'gaji' is a money question; it must be "
            "single_choice or multiple_choice",
        ),
        (
            "indicators: {waiting_time: {question: bulan, before_graduation: {question: mulai, "
            'values: ["3"]}}}\n',
            "indicators.waiting_time.before_graduation.values[0] '3' is not a choice of "
            "question 'mulai' (choices: 1, 2); use one of them",
        ),
        (
            "indicators: {income: {question: gaji}}\n",
            "indicators.income.question is not a known key; use one of: questions "
            "(did you mean 'questions'?)",
        ),
        (
            "indicators: {income: {questions: []}}\n",
            "indicators.income.questions must be a list of question codes, the first answered "
            "counting, e.g. income: {questions: [gaji, usaha_penghasilan]}, not an empty list",
        ),
        (
            "indicators: {income: {questions: [gaji, sesuai]}}\n",
            "indicators.income.questions[1] 'sesuai' is a rating question; it must be money "
            "or integer",
        ),
        (
            "indicators: {income: {questions: [gaji, gaji]}}\n",
            "indicators.income.questions[1] lists 'gaji' twice; keep one",
        ),
        (
            "indicators: {work_place: {abroad: {question: negeri, values: ['2']}}}\n",
            "indicators.work_place names no question; give province, city or both, e.g. "
            "work_place: {province: provinsi_kerja, city: kota_kerja}",
        ),
        (
            "indicators: {work_place: {province: gaji}}\n",
            "indicators.work_place.province 'gaji' is a money question; it must be text or "
            "single_choice or place",
        ),
        (
            "indicators: {alignment: {questions: [sesuai]}}\n",
            "indicators.alignment is missing 'best'; e.g. alignment: {questions: [keselarasan], "
            "best: high}",
        ),
        (
            "indicators: {alignment: {questions: [sesuai], best: hi}}\n",
            "indicators.alignment.best must be high (the top of the scale is the best fit, e.g. "
            "5 = very well) or low (the bottom is, e.g. the university's f14: 1 = very close), "
            "not 'hi'",
        ),
        (
            "indicators: {alignment: {questions: [nama], best: high}}\n",
            "indicators.alignment.questions[0] 'nama' is a text question; it must be rating or "
            "single_choice",
        ),
        (
            "indicators: {alignment: {questions: [cara], best: high}}\n",
            "indicators.alignment.questions[0] 'cara' has the choice value 'x', not a whole "
            "number; an alignment choice question needs values such as 1…5 so they can be "
            "averaged",
        ),
        (
            "indicators: {alignment: {questions: [sesuai, sesuai4], best: high}}\n",
            "indicators.alignment.questions[1] 'sesuai4' runs 1–4 but 'sesuai' runs 1–5; "
            "list questions on the same scale",
        ),
        (
            "indicators: {job_source: {question: nama}}\n",
            "indicators.job_source.question 'nama' is a text question; it must be "
            "single_choice or multiple_choice",
        ),
        (
            "indicators: {job_source: {question: cara, pkl: '2'}}\n",
            'indicators.job_source.pkl must be a non-empty list of choice values, e.g. ["1"], '
            "not text",
        ),
        (
            "indicators: {job_source: {question: cara, pkl: ['9']}}\n",
            "indicators.job_source.pkl[0] '9' is not a choice of question 'cara' "
            "(choices: 1, 2, x); use one of them",
        ),
    ],
)
def test_a_wrong_declaration_is_reported_with_its_key_and_fix(block: str, expected: str) -> None:
    assert problems_of(block) == [f"demo.yaml: {expected}"]


def test_every_wrong_part_is_reported_at_once() -> None:
    block = "indicators: {income: {questions: [gajih]}, job_source: {question: nama}}\n"
    assert problems_of(block) == [
        "demo.yaml: indicators.income.questions[0] 'gajih' is not a question in this file; "
        "did you mean 'gaji'?",
        "demo.yaml: indicators.job_source.question 'nama' is a text question; it must be "
        "single_choice or multiple_choice",
    ]


def test_the_check_command_names_the_file_and_the_line(tmp_path: Path) -> None:
    text = (TEMPLATE_DIR / "smk.yaml").read_text(encoding="utf-8")
    wrong = text.replace("income: {questions: [gaji,", "income: {questions: [gajii,", 1)
    assert wrong != text
    own = tmp_path / "uji.yaml"
    own.write_text(wrong, encoding="utf-8")
    line = next(i for i, t in enumerate(wrong.splitlines(), 1) if "gajii" in t)
    assert check_file(own) == [
        "uji.yaml: indicators.income.questions[0] 'gajii' is not a question in this file; "
        f"did you mean 'gaji'? [line {line}]"
    ]


def test_key_paths_read_as_written() -> None:
    assert dotted(("indicators", "income", "questions", 1)) == "indicators.income.questions[1]"
    assert dotted(("indicators",)) == "indicators"


@pytest.mark.parametrize("name", ["smk", "blk", "dikti"])
def test_every_template_declares_its_indicators(name: str) -> None:
    q = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    assert q.indicators is not None
    assert q.indicators.waiting_time and q.indicators.income and q.indicators.alignment
    assert q.indicators.work_place is not None
    # The university's f14 runs 1 = very close: its best end is declared low, never guessed.
    assert q.indicators.alignment.best == ("low" if name == "dikti" else "high")


# --- the university's workplace level and a training centre's placement table ---------------

OUTCOME = 'outcome: {question: status, working: ["1"], entrepreneur: ["2"]}\n'
LEVEL = 'workplace_level: {question: erat, local: ["1"], national: ["2"], multinational: ["3"]}'


def test_the_workplace_level_and_placement_are_read() -> None:
    block = f"indicators:\n  {LEVEL}\n  placement: {{programme: cara, batch: nama}}\n"
    indicators = parse_questionnaire(QUESTIONNAIRE + OUTCOME + block, "demo.yaml").indicators
    assert indicators == Indicators(
        workplace_level=WorkplaceLevel("erat", ("1",), ("2",), ("3",)),
        placement=Placement("cara", "nama"),
    )
    # Both placement questions are optional: the roster's programme and batch then serve alone.
    bare = parse_questionnaire(QUESTIONNAIRE + OUTCOME + "indicators: {placement: {}}\n", "d.yaml")
    assert bare.indicators == Indicators(placement=Placement())


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            'indicators: {workplace_level: {question: erat, local: ["1"], national: ["2"]}}\n',
            "indicators.workplace_level is missing 'multinational'; e.g. workplace_level: "
            '{question: f5d, local: ["1"], national: ["2"], multinational: ["3"]}',
        ),
        (
            "indicators: {workplace_level: {question: erat, local: [1], national: [2], "
            "multi: [3]}}\n",
            "indicators.workplace_level.multi is not a known key; use one of: question, local, "
            "national, multinational (did you mean 'multinational'?)",
        ),
        (
            "indicators: {workplace_level: {question: erat, local: [1], national: [1, 2], "
            "multinational: [3]}}\n",
            "indicators.workplace_level.national[0] '1' is already listed under local; a value "
            "means one level, keep it under one",
        ),
        (
            "indicators: {workplace_level: {question: erat, local: [1], national: [2], "
            "multinational: [4]}}\n",
            "indicators.workplace_level.multinational[0] '4' is not a choice of question 'erat' "
            "(choices: 1, 2, 3); use one of them",
        ),
        (
            "indicators: {workplace_level: {question: nama, local: [1], national: [2], "
            "multinational: [3]}}\n",
            "indicators.workplace_level.question 'nama' is a text question; it must be "
            "single_choice",
        ),
        (
            "indicators: {workplace_level: {question: erat, local: [], national: [2], "
            "multinational: [3]}}\n",
            "indicators.workplace_level.local must be a non-empty list of choice values, e.g. "
            '["1"], not an empty list',
        ),
        (
            OUTCOME + "indicators: {placement: {programme: gaji}}\n",
            "indicators.placement.programme 'gaji' is a money question; it must be text or "
            "single_choice",
        ),
        (
            OUTCOME + "indicators: {placement: {kejuruan: cara}}\n",
            "indicators.placement.kejuruan is not a known key; use one of: programme, batch",
        ),
        (
            OUTCOME + "indicators: {placement: {programme: cara, batch: angkatan}}\n",
            "indicators.placement.batch 'angkatan' is not a question in this file; use the code "
            "of a question above",
        ),
        (
            "indicators: {placement: {programme: cara}}\n",
            "indicators.placement needs the top-level outcome key: who is placed is read from "
            'the main status; add e.g. outcome: {question: status, working: ["1"], '
            'entrepreneur: ["2"]}',
        ),
    ],
)
def test_a_wrong_new_part_is_reported_with_its_key_and_fix(block: str, expected: str) -> None:
    assert problems_of(block) == [f"demo.yaml: {expected}"]


def test_the_university_and_the_training_centre_declare_their_tables() -> None:
    dikti = load_questionnaire(TEMPLATE_DIR / "dikti.yaml").indicators
    assert dikti is not None
    assert dikti.workplace_level == WorkplaceLevel("f5d", ("1",), ("2",), ("3",))
    assert dikti.placement is None
    blk = load_questionnaire(TEMPLATE_DIR / "blk.yaml").indicators
    assert blk is not None
    assert (blk.placement, blk.workplace_level) == (Placement("kejuruan", "angkatan"), None)
    smk = load_questionnaire(TEMPLATE_DIR / "smk.yaml").indicators
    assert smk is not None and (smk.placement, smk.workplace_level) == (None, None)
