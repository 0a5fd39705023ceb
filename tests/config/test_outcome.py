"""The `outcome` key: the main-status question's answers as report categories, checked."""

from __future__ import annotations

import re

import pytest

from config.loader import QuestionnaireError, load_questionnaire, parse_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.questionnaire import OUTCOME_CATEGORIES, Outcome

QUESTIONNAIRE = """\
id: demo
version: "1"
title: {id: Demo, en: Demo}
languages: [id, en]
consent: {id: Setuju, en: Agree}
sections:
  - id: status
    title: {id: Status, en: Status}
    questions:
      - code: status
        type: single_choice
        label: {id: Status, en: Status}
        choices:
          - {value: "1", label: {id: Bekerja, en: Working}}
          - {value: "2", label: {id: Kuliah, en: Studying}}
          - {value: "3", label: {id: Mencari, en: Looking}}
          - {value: "4", label: {id: Lainnya, en: Other}}
      - code: kegiatan
        type: multiple_choice
        label: {id: Kegiatan, en: Activities}
        choices:
          - {value: "1", label: {id: Kerja, en: Work}}
          - {value: "2", label: {id: Kuliah, en: Study}}
      - code: nama
        type: text
        label: {id: Nama, en: Name}
"""


def with_outcome(block: str) -> str:
    return QUESTIONNAIRE + block


def problems_of(source: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(source, "demo.yaml")
    return caught.value.problems


def without_lines(problems: list[str]) -> list[str]:
    return [re.sub(r" \[line \d+\]$", "", p) for p in problems]


def test_a_file_without_outcome_has_none() -> None:
    assert parse_questionnaire(QUESTIONNAIRE, "demo.yaml").outcome is None


def test_outcome_is_built_in_category_order_with_several_values() -> None:
    source = with_outcome(
        """\
outcome:
  question: status
  looking: ["3"]
  working: ["1", "4"]
  studying: ["2"]
"""
    )
    outcome = parse_questionnaire(source, "demo.yaml").outcome
    assert outcome == Outcome(
        "status", {"working": ("1", "4"), "studying": ("2",), "looking": ("3",)}
    )
    assert list(outcome.values) == ["working", "studying", "looking"]
    assert [outcome.category(v) for v in ("1", "2", "3", "4", "9")] == [
        "working",
        "studying",
        "looking",
        "working",
        None,
    ]
    # Not a code (a skipped answer, a list, a number): not mapped.
    assert outcome.category(None) is None
    assert outcome.category(["1"]) is None
    assert outcome.category(1) is None


def test_bare_numbers_are_kept_as_written() -> None:
    source = with_outcome("outcome: {question: status, working: [1], studying: [02]}\n")
    source = source.replace('{value: "2",', '{value: "02",')
    outcome = parse_questionnaire(source, "demo.yaml").outcome
    assert outcome is not None
    assert outcome.values == {"working": ("1",), "studying": ("02",)}


def test_the_categories_are_fixed() -> None:
    assert OUTCOME_CATEGORIES == ("working", "entrepreneur", "studying", "looking", "not_yet")


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "outcome: {question: f8, working: ['1']}\n",
            "demo.yaml: outcome question 'f8' is not a question in this file; "
            "use the main-status question's code",
        ),
        (
            "outcome: {question: statu, working: ['1']}\n",
            "demo.yaml: outcome question 'statu' is not a question in this file; "
            "did you mean 'status'?",
        ),
        (
            "outcome: {question: kegiatan, working: ['1']}\n",
            "demo.yaml: outcome question 'kegiatan' is a multiple_choice question; the outcome "
            "must read a single_choice question (one main status per respondent)",
        ),
        (
            "outcome: {question: nama, working: ['1']}\n",
            "demo.yaml: outcome question 'nama' is a text question; the outcome must read a "
            "single_choice question (one main status per respondent)",
        ),
        (
            "outcome: {working: ['1']}\n",
            "demo.yaml: outcome is missing 'question'; name the main-status question, "
            "e.g. question: status",
        ),
        (
            "outcome: {question: [status], working: ['1']}\n",
            "demo.yaml: outcome question must be a question code (text), not a list",
        ),
        (
            "outcome: {question: status, working: ['7']}\n",
            "demo.yaml: outcome working value '7' is not a choice of question 'status' "
            "(choices: 1, 2, 3, 4); use one of them",
        ),
        (
            "outcome: {question: status, working: ['1'], looking: ['3', '1']}\n",
            "demo.yaml: outcome value '1' is listed under both working and looking; "
            "a value may mean only one category",
        ),
        (
            "outcome: {question: status, working: ['1', '1']}\n",
            "demo.yaml: outcome working lists '1' twice; keep one",
        ),
        (
            "outcome: {question: status, working: '1'}\n",
            "demo.yaml: outcome working must be a list of choice values, "
            'e.g. working: ["1"], not text',
        ),
        (
            "outcome: {question: status, working: []}\n",
            "demo.yaml: outcome working lists no values; give at least one or remove working",
        ),
        (
            "outcome: {question: status, working: [{value: '1'}]}\n",
            'demo.yaml: outcome working item 1 must be a choice value such as "1", not a mapping',
        ),
        (
            "outcome: {question: status}\n",
            "demo.yaml: outcome maps no values; add at least one category (working, "
            'entrepreneur, studying, looking, not_yet), e.g. working: ["1"]',
        ),
        (
            "outcome: [status]\n",
            "demo.yaml: outcome must be a mapping of the main-status question and its "
            'categories, e.g. outcome: {question: status, working: ["1"], studying: ["3"]}, '
            "not a list",
        ),
        (
            "outcome:\n",
            "demo.yaml: outcome must be a mapping of the main-status question and its "
            'categories, e.g. outcome: {question: status, working: ["1"], studying: ["3"]}, '
            "not empty",
        ),
    ],
)
def test_problems_name_what_to_change(block: str, expected: str) -> None:
    assert without_lines(problems_of(with_outcome(block))) == [expected]


def test_unknown_categories_are_refused_with_the_allowed_list() -> None:
    problems = problems_of(
        with_outcome("outcome:\n  question: status\n  workng: ['1']\n  retired: ['4']\n")
    )
    assert without_lines(problems) == [
        "demo.yaml: outcome has unknown category 'workng'; use one of: working, entrepreneur, "
        "studying, looking, not_yet (did you mean 'working'?)",
        "demo.yaml: outcome has unknown category 'retired'; use one of: working, entrepreneur, "
        "studying, looking, not_yet",
    ]


def test_problems_carry_the_line_of_the_value() -> None:
    source = with_outcome("outcome:\n  question: status\n  working:\n    - '1'\n    - '9'\n")
    line = source.splitlines().index("    - '9'") + 1
    [problem] = problems_of(source)
    assert problem.endswith(f"[line {line}]")


def test_outcome_problems_come_with_the_others_in_file_order() -> None:
    source = with_outcome("outcome: {question: status, working: ['9']}\n").replace(
        "label: {id: Nama, en: Name}", "label: {id: Nama}"
    )
    problems = without_lines(problems_of(source))
    assert problems == [
        "demo.yaml: question 'nama' label has no 'en' text",
        "demo.yaml: outcome working value '9' is not a choice of question 'status' "
        "(choices: 1, 2, 3, 4); use one of them",
    ]


def test_unknown_top_level_key_suggests_outcome() -> None:
    problems = problems_of(with_outcome("outcomes: {question: status, working: ['1']}\n"))
    assert without_lines(problems) == [
        "demo.yaml: the top level has unknown key 'outcomes'; did you mean 'outcome'?"
    ]


@pytest.mark.parametrize(
    ("name", "question", "expected"),
    [
        (
            "smk",
            "status",
            {
                "working": ("1",),
                "entrepreneur": ("2",),
                "studying": ("3",),
                "looking": ("4",),
                "not_yet": ("5",),
            },
        ),
        # The national codes (domain.md): 1 working, 2 not yet able, 3 self-employed,
        # 4 continuing studies, 5 looking.
        (
            "dikti",
            "f8",
            {
                "working": ("1",),
                "entrepreneur": ("3",),
                "studying": ("4",),
                "looking": ("5",),
                "not_yet": ("2",),
            },
        ),
        ("blk", "status", {"working": ("1",), "entrepreneur": ("2",), "looking": ("3",)}),
    ],
)
def test_templates_map_every_main_status_choice(
    name: str, question: str, expected: dict[str, tuple[str, ...]]
) -> None:
    q = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    assert q.outcome == Outcome(question, expected)
    mapped = sorted(v for values in expected.values() for v in values)
    assert mapped == sorted(c.value for c in q.question(question).choices)
