"""YAML questionnaires in, dataclasses or located problems out (small files written inline)."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from config.loader import QuestionnaireError, check_file, load_questionnaire, parse_questionnaire
from config.templates import TEMPLATE_DIR, template_names
from conversations.questionnaire import (
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Equals,
    Not,
    NotOneOf,
    OneOf,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
    Validation,
)

HEAD = """\
id: demo
version: "1"
title: {id: Demo, en: Demo}
languages: [id, en]
consent: {id: Setuju, en: Agree}
sections:
  - id: status
    title: {id: Status, en: Status}
    questions:
"""

STATUS = """\
      - code: f8
        type: single_choice
        label: {id: Status, en: Status}
        choices:
          - {value: "1", label: {id: Bekerja, en: Working}}
          - {value: "2", label: {id: Belum, en: Not yet}}
          - {value: "5", label: {id: Lainnya, en: Other}, other: true}
"""


def yaml_with(questions: str, head: str = HEAD) -> str:
    """A questionnaire: the f8 question, then `questions` (indented as list items)."""
    return head + STATUS + textwrap.indent(textwrap.dedent(questions), " " * 6)


def problems_of(source: str, name: str = "demo.yaml") -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(source, name)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def without_lines(problems: list[str]) -> list[str]:
    return [re.sub(r" \[line \d+(, column \d+)?\]$", "", p) for p in problems]


# --- good files build the right dataclasses ----------------------------------------------------


GOOD = yaml_with(
    """\
    - code: months
      type: integer
      label: {id: "Berapa bulan?", en: "How many months?"}
      help: {id: Angka saja, en: Just the number}
      validation:
        min: 0
        max: 60
        message: {id: "0 sampai 60", en: "0 to 60"}
      show_if: {question: f8, equals: 1}
    - code: fit
      type: rating
      label: {id: "Sesuai?", en: "Fit?"}
      scale:
        min: 1
        max: 5
        min_label: {id: Tidak, en: Not at all}
        max_label: {id: Sangat, en: Very}
      show_if: {all: [{question: f8, one_of: [1, "2"]}, {question: months, not_one_of: ["03"]}]}
    - code: skills
      type: multiple_choice
      required: false
      label: {id: Kemampuan, en: Skills}
      choices:
        - {value: 1, label: {id: Teknis, en: Technical}}
        - {value: 01, label: {id: Bahasa, en: Language}}
        - {value: "0", label: {id: Tidak ada, en: None}, exclusive: true}
      show_if: {any: [{answered: months}, {not: {question: fit, equals: "5"}}]}
    - code: bye
      type: note
      label: {id: Terima kasih, en: Thank you}
    - code: nisn
      type: text
      label: {id: NISN, en: NISN}
      validation: {min_length: 10, max_length: 10, pattern: "^[0-9]{10}$"}
    """
)


def test_good_file_builds_questionnaire() -> None:
    q = parse_questionnaire(GOOD, "demo.yaml")
    assert isinstance(q, Questionnaire)
    assert (q.id, q.version, q.languages) == ("demo", "1", ("id", "en"))
    assert q.title == {"id": "Demo", "en": "Demo"}
    assert q.consent == {"id": "Setuju", "en": "Agree"}
    assert q.description is None
    assert [s.id for s in q.sections] == ["status"]
    assert [x.code for x in q.questions] == ["f8", "months", "fit", "skills", "bye", "nisn"]
    assert all(x.section == "status" for x in q.questions)

    f8 = q.question("f8")
    assert f8.type is QuestionType.SINGLE_CHOICE and f8.required
    assert f8.choices == (
        Choice("1", {"id": "Bekerja", "en": "Working"}),
        Choice("2", {"id": "Belum", "en": "Not yet"}),
        Choice("5", {"id": "Lainnya", "en": "Other"}, other=True),
    )
    assert f8.show_if is None and f8.scale is None and f8.validation == Validation()

    months = q.question("months")
    assert months.help == {"id": "Angka saja", "en": "Just the number"}
    assert months.validation == Validation(
        min=0, max=60, message={"id": "0 sampai 60", "en": "0 to 60"}
    )
    assert isinstance(months.validation.min, int)
    assert months.show_if == Equals("f8", "1")

    fit = q.question("fit")
    assert fit.scale == RatingScale(
        1, 5, {"id": "Tidak", "en": "Not at all"}, {"id": "Sangat", "en": "Very"}
    )
    # Values compared with a choice question are its codes (text); with a number, ints.
    assert fit.show_if == AllOf((OneOf("f8", ("1", "2")), NotOneOf("months", (3,))))

    skills = q.question("skills")
    assert not skills.required
    assert [c.value for c in skills.choices] == ["1", "01", "0"]
    assert skills.choices[2].exclusive and not skills.choices[0].exclusive
    assert skills.show_if == AnyOf((Answered("months"), Not(Equals("fit", 5))))

    assert q.question("bye").type is QuestionType.NOTE and not q.question("bye").required
    assert q.question("nisn").validation == Validation(
        min_length=10, max_length=10, pattern="^[0-9]{10}$"
    )


def test_scalars_are_kept_as_written() -> None:
    source = yaml_with(
        """\
        - code: yn
          type: single_choice
          label: {id: Ya atau tidak, en: Yes or no}
          choices:
            - {value: 1, label: {id: Ya, en: Yes}}
            - {value: 007, label: {id: Tidak, en: No}}
            - {value: 2.50, label: {id: On, en: Off}}
        """
    ).replace('version: "1"', "version: 2026.10")
    q = parse_questionnaire(source, "demo.yaml")
    assert q.version == "2026.10"
    yn = q.question("yn")
    assert [c.value for c in yn.choices] == ["1", "007", "2.50"]
    # YAML 1.1 reads Yes/No/On/Off as booleans: texts keep the words.
    assert [c.label["en"] for c in yn.choices] == ["Yes", "No", "Off"]


def test_texts_are_stripped_and_block_scalars_allowed() -> None:
    source = (
        HEAD.replace(
            "consent: {id: Setuju, en: Agree}",
            "consent:\n  id: |\n    Baris satu.\n\n    Setuju?\n  en: >\n    Agree?\n",
        )
        + STATUS
    )
    q = parse_questionnaire(source, "demo.yaml")
    assert q.consent == {"id": "Baris satu.\n\nSetuju?", "en": "Agree?"}


def test_anchors_and_aliases_repeat_choices() -> None:
    source = yaml_with(
        """\
        - code: a
          type: single_choice
          label: {id: A, en: A}
          choices: &yesno
            - {value: "1", label: {id: Ya, en: "Yes"}}
            - {value: "2", label: {id: Tidak, en: "No"}}
        - code: b
          type: single_choice
          label: {id: B, en: B}
          choices: *yesno
        """
    )
    q = parse_questionnaire(source, "demo.yaml")
    assert q.question("a").choices == q.question("b").choices


# --- problems: each kind, located and saying what to change -----------------------------------


def test_unknown_question_in_show_if_exact_text() -> None:
    source = yaml_with(
        """\
        - code: q12
          type: text
          label: {id: X, en: X}
          show_if: {question: q9, equals: "1"}
        """
    )
    assert problems_of(source, "smk.yaml") == [
        "smk.yaml: question 'q12' show_if refers to unknown question 'q9' [line 20]"
    ]


def test_later_question_in_show_if_exact_text() -> None:
    source = yaml_with(
        """\
        - code: q12
          type: text
          label: {id: X, en: X}
          show_if: {answered: q20}
        - code: q20
          type: text
          label: {id: Y, en: Y}
        """
    )
    assert problems_of(source, "smk.yaml") == [
        "smk.yaml: question 'q12' show_if refers to 'q20', which comes after it "
        "(conditions may only use earlier questions) [line 20]"
    ]


def test_value_not_among_choices_exact_text() -> None:
    source = yaml_with(
        """\
        - code: q2
          type: text
          label: {id: X, en: X}
          show_if: {question: f8, one_of: ["1", 7]}
        """
    )
    assert problems_of(source, "smk.yaml") == [
        "smk.yaml: question 'q2' show_if compares with value '7', but 'f8' has no choice with "
        "value '7' (choices: 1, 2, 5) [line 20]"
    ]


def test_unknown_type_exact_text() -> None:
    source = yaml_with(
        """\
        - code: q3
          type: singel_choice
          label: {id: X, en: X}
        """
    )
    assert problems_of(source, "smk.yaml") == [
        "smk.yaml: question 'q3' has type 'singel_choice'; use one of: single_choice, "
        "multiple_choice, text, integer, money, date, month, phone, email, rating, place, note "
        "[line 18]"
    ]


def test_missing_translation_exact_text() -> None:
    source = yaml_with(
        """\
        - code: q4
          type: text
          label: {id: Nama}
        """
    )
    assert problems_of(source, "smk.yaml") == [
        "smk.yaml: question 'q4' label has no 'en' text [line 19]"
    ]


CASES: list[tuple[str, str, str]] = [
    (
        "duplicate code",
        """\
        - code: f8
          type: text
          label: {id: X, en: X}
        """,
        "question 'f8' appears twice (first on line 10); question codes must be unique in the file",
    ),
    (
        "duplicate choice value",
        """\
        - code: q
          type: single_choice
          label: {id: X, en: X}
          choices:
            - {value: "1", label: {id: A, en: A}}
            - {value: 1, label: {id: B, en: B}}
        """,
        "question 'q' has the choice value '1' twice; choice values must be unique",
    ),
    (
        "choices on a non-choice type",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          choices: [{value: "1", label: {id: A, en: A}}, {value: "2", label: {id: B, en: B}}]
        """,
        "question 'q' has choices, but a text question takes none; remove them or use "
        "single_choice, multiple_choice or place",
    ),
    (
        "choice type without choices",
        """\
        - code: q
          type: multiple_choice
          label: {id: X, en: X}
        """,
        "question 'q' is a multiple_choice question but has no choices; add at least 2",
    ),
    (
        "a single choice",
        """\
        - code: q
          type: single_choice
          label: {id: X, en: X}
          choices: [{value: "1", label: {id: A, en: A}}]
        """,
        "question 'q' has only one choice; add at least 2",
    ),
    (
        "exclusive on single choice",
        """\
        - code: q
          type: single_choice
          label: {id: X, en: X}
          choices:
            - {value: "1", label: {id: A, en: A}}
            - {value: "0", label: {id: Tidak ada, en: None}, exclusive: true}
        """,
        "question 'q' choice '0' is exclusive, which only applies to multiple_choice; "
        "remove 'exclusive'",
    ),
    (
        "rating without scale",
        """\
        - code: q
          type: rating
          label: {id: X, en: X}
        """,
        "question 'q' is a rating but has no scale; add e.g. scale: {min: 1, max: 5}",
    ),
    (
        "scale min not below max",
        """\
        - code: q
          type: rating
          label: {id: X, en: X}
          scale: {min: 5, max: 5}
        """,
        "question 'q' scale min (5) must be less than max (5)",
    ),
    (
        "scale on a non-rating",
        """\
        - code: q
          type: integer
          label: {id: X, en: X}
          scale: {min: 1, max: 5}
        """,
        "question 'q' has a scale, but only rating questions take one; remove it or use "
        "type: rating",
    ),
    (
        "validation min above max",
        """\
        - code: q
          type: integer
          label: {id: X, en: X}
          validation: {min: 60, max: 0}
        """,
        "question 'q' validation min (60) is greater than max (0); swap them",
    ),
    (
        "validation min_length above max_length",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          validation: {min_length: 9, max_length: 2}
        """,
        "question 'q' validation min_length (9) is greater than max_length (2); swap them",
    ),
    (
        "pattern that does not compile",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          validation: {pattern: "[0-9"}
        """,
        "question 'q' validation pattern '[0-9' does not compile (unterminated character set "
        "at position 0); fix the regular expression",
    ),
    (
        "validation key for another type",
        """\
        - code: q
          type: date
          label: {id: X, en: X}
          validation: {max_length: 5}
        """,
        "question 'q' validation max_length applies to text questions, not date; remove it",
    ),
    (
        "show_if on itself",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {answered: q}
        """,
        "question 'q' show_if refers to 'q' itself; conditions may only use earlier questions",
    ),
    (
        "show_if on a note",
        """\
        - code: n
          type: note
          label: {id: X, en: X}
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {answered: n}
        """,
        "question 'q' show_if refers to 'n', which is a note and never has an answer",
    ),
    (
        "show_if unknown key",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {question: f8, equal: "1"}
        """,
        "question 'q' show_if has unknown key 'equal' (did you mean 'equals'?); use question "
        "with one of: equals, one_of, not_one_of",
    ),
    (
        "show_if equals a list",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {question: f8, equals: ["1", "2"]}
        """,
        "question 'q' show_if equals takes one value; use one_of for a list",
    ),
    (
        "show_if not a mapping",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: f8 == 1
        """,
        "question 'q' show_if must be a mapping: {question, equals | one_of | not_one_of}, "
        "{answered}, {all}, {any} or {not}",
    ),
    (
        "show_if number compared with text",
        """\
        - code: n
          type: integer
          label: {id: X, en: X}
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {question: n, equals: banyak}
        """,
        "question 'q' show_if compares 'n' with 'banyak', but 'n' is a number question "
        "(integer); compare with a whole number",
    ),
    (
        "show_if value outside a rating scale",
        """\
        - code: r
          type: rating
          label: {id: X, en: X}
          scale: {min: 1, max: 5}
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {question: r, one_of: [4, 9]}
        """,
        "question 'q' show_if compares with value '9', but 'r' is rated from 1 to 5",
    ),
    (
        "required note",
        """\
        - code: n
          type: note
          required: true
          label: {id: X, en: X}
        """,
        "question 'n' is a note, and notes are never required; remove 'required'",
    ),
    (
        "unknown key",
        """\
        - code: q
          type: text
          lable: {id: X, en: X}
          label: {id: X, en: X}
        """,
        "question 'q' has unknown key 'lable'; did you mean 'label'?",
    ),
    (
        "missing key",
        """\
        - code: q
          type: text
        """,
        "question 'q' is missing 'label'",
    ),
    (
        "wrong value type",
        """\
        - code: q
          type: text
          required: "no"
          label: {id: X, en: X}
        """,
        "question 'q' required must be true or false, not text",
    ),
    (
        "text given as a plain string",
        """\
        - code: q
          type: text
          label: Nama
        """,
        "question 'q' label must give one text per language, e.g. {id: ..., en: ...}, not text",
    ),
    (
        "code pattern",
        """\
        - code: 9lives
          type: text
          label: {id: X, en: X}
        """,
        "question '9lives' code must start with a letter and use only letters, digits and _ "
        "(e.g. f8 or masa_tunggu)",
    ),
    (
        "text in a language not listed",
        """\
        - code: q
          type: text
          label: {id: X, en: X, fr: X}
        """,
        "question 'q' label has text in 'fr', which is not in languages (id, en); add it to "
        "languages or remove the text",
    ),
    (
        "empty text",
        """\
        - code: q
          type: text
          label: {id: X, en: "  "}
        """,
        "question 'q' label 'en' text is empty",
    ),
    (
        "duplicate YAML key",
        """\
        - code: q
          type: text
          label: {id: X, en: X}
          type: integer
        """,
        "question 'q' has the key 'type' twice; keep one (YAML would silently use the last)",
    ),
    (
        "choice without a label",
        """\
        - code: q
          type: single_choice
          label: {id: X, en: X}
          choices: [{value: "1"}, {value: "2", label: {id: B, en: B}}]
        """,
        "question 'q' choice '1' is missing 'label'",
    ),
    (
        "unit not known",
        """\
        - code: q
          type: integer
          unit: tahun
          label: {id: X, en: X}
        """,
        "question 'q' has unit 'tahun'; use one of: months",
    ),
    (
        "unit on a question that is not an integer",
        """\
        - code: q
          type: money
          unit: months
          label: {id: X, en: X}
        """,
        "question 'q' has a unit, but only integer questions take one, not money; remove it",
    ),
    (
        "prefill with a field the roster does not hold",
        """\
        - code: q
          type: email
          prefill: email
          label: {id: X, en: X}
        """,
        "question 'q' has prefill 'email', which the roster does not hold; use one of: name, "
        "nisn, birth_date, graduation_year, programme, class, phone",
    ),
    (
        "prefill whose value does not fit the question type",
        """\
        - code: q
          type: single_choice
          prefill: graduation_year
          label: {id: X, en: X}
          choices: [{value: "1", label: {id: A, en: A}}, {value: "2", label: {id: B, en: B}}]
        """,
        "question 'q' is a single_choice question, but prefill 'graduation_year' only answers "
        "integer or text questions; change the type or remove 'prefill'",
    ),
    (
        "a name prefilled into a phone question",
        """\
        - code: q
          type: phone
          prefill: name
          label: {id: X, en: X}
        """,
        "question 'q' is a phone question, but prefill 'name' only answers text questions; "
        "change the type or remove 'prefill'",
    ),
    (
        "confirm_below on a question that is not money",
        """\
        - code: q
          type: integer
          label: {id: X, en: X}
          validation: {confirm_below: 1000}
        """,
        "question 'q' validation confirm_below applies to money questions, not integer; remove it",
    ),
    (
        "negative confirm_below",
        """\
        - code: q
          type: money
          label: {id: X, en: X}
          validation: {confirm_below: -1}
        """,
        "question 'q' validation confirm_below (-1) must not be negative; use 0 to never ask",
    ),
    (
        "question not a mapping",
        """\
        - just text
        """,
        "section 'status' question 2 must be a mapping (key: value), not text",
    ),
]


@pytest.mark.parametrize(("case", "questions", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_kind_is_reported(case: str, questions: str, expected: str) -> None:
    problems = problems_of(yaml_with(questions))
    assert f"demo.yaml: {expected}" in without_lines(problems), problems
    assert all(re.search(r" \[line \d+\]$", p) for p in problems), problems


TOP_CASES: list[tuple[str, str, str]] = [
    (
        "empty file",
        "",
        "demo.yaml: the file is empty; a questionnaire needs id, version, title, "
        "languages, consent and sections",
    ),
    (
        "only comments",
        "# nothing yet\n",
        "demo.yaml: the file has only comments; a "
        "questionnaire needs id, version, title, languages, consent and sections",
    ),
    (
        "top level a list",
        "- id: demo\n",
        "demo.yaml: the top level must be a mapping with id, "
        "version, title, languages, consent and sections, not a list [line 1]",
    ),
    (
        "yaml syntax",
        "id: demo\ntitle: {id: x\n",
        "demo.yaml: YAML syntax error: expected ',' "
        "or '}', but got '<stream end>' (while parsing a flow mapping) [line 3, column 1]",
    ),
    (
        "tab indentation",
        "id: demo\n\ttitle: x\n",
        "demo.yaml: YAML syntax error: found "
        "character '\\t' that cannot start any token (while scanning for the next token) "
        "[line 2, column 1]",
    ),
    (
        "two documents",
        "id: a\n---\nid: b\n",
        "demo.yaml: YAML syntax error: expected a single "
        "document in the stream, but found another document "
        "[line 2, column 1]",
    ),
]


@pytest.mark.parametrize(("case", "source", "expected"), TOP_CASES, ids=[c[0] for c in TOP_CASES])
def test_file_level_problems(case: str, source: str, expected: str) -> None:
    assert problems_of(source) == [expected]


def test_top_level_problems() -> None:
    source = (
        HEAD.replace("id: demo", "id: Demo-1")
        .replace("languages: [id, en]", "languages: [id, en, id]")
        .replace('version: "1"', 'version: ""')
        + STATUS
        + "  - id: status\n    title: {id: Lagi, en: Again}\n    questions: []\n"
    )
    assert problems_of(source) == [
        "demo.yaml: id 'Demo-1' must start with a lowercase letter and use only a-z, 0-9 and _ "
        "(e.g. smk) [line 1]",
        'demo.yaml: version is empty; give one, e.g. version: "2026.1" [line 2]',
        "demo.yaml: languages lists 'id' twice [line 4]",
        "demo.yaml: section 'status' appears twice; section ids must be unique [line 17]",
        "demo.yaml: section 'status' has no questions; add some or remove the section [line 19]",
    ]


def test_language_codes_are_checked() -> None:
    source = HEAD.replace("languages: [id, en]", "languages: [id, English]") + STATUS
    assert problems_of(source) == [
        "demo.yaml: languages item 'English' is not a language code; use lowercase codes such "
        "as id or en [line 4]"
    ]


def test_missing_top_keys_and_empty_sections() -> None:
    source = "id: demo\nversion: '1'\nlanguages: [id]\nsections: []\nextra: 1\n"
    assert problems_of(source) == [
        "demo.yaml: the top level is missing 'title' [line 1]",
        "demo.yaml: the top level is missing 'consent' [line 1]",
        "demo.yaml: sections is empty; add at least one section with questions [line 4]",
        "demo.yaml: the top level has unknown key 'extra'; allowed keys: id, version, title, "
        "description, languages, consent, sections, outcome, indicators [line 5]",
    ]


def test_three_problems_are_all_listed_in_file_order() -> None:
    source = yaml_with(
        """\
        - code: q3
          type: singel_choice
          label: {id: X, en: X}
        - code: q4
          type: text
          label: {id: Nama}
        - code: q5
          type: text
          label: {id: X, en: X}
          show_if: {question: q9, equals: "1"}
        """
    )
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(source, "smk.yaml")
    assert caught.value.problems == [
        "smk.yaml: question 'q3' has type 'singel_choice'; use one of: single_choice, "
        "multiple_choice, text, integer, money, date, month, phone, email, rating, place, note "
        "[line 18]",
        "smk.yaml: question 'q4' label has no 'en' text [line 22]",
        "smk.yaml: question 'q5' show_if refers to unknown question 'q9' [line 26]",
    ]
    assert str(caught.value).splitlines() == caught.value.problems


def test_a_malformed_question_does_not_hide_problems_elsewhere() -> None:
    source = yaml_with(
        """\
        - code: broken
          type: text
        - code: q
          type: text
          label: {id: X, en: X}
          show_if: {question: broken, equals: "x"}
        - code: r
          type: text
          label: {id: X, en: X}
          show_if: {question: nowhere, equals: "x"}
        """
    )
    assert without_lines(problems_of(source)) == [
        "demo.yaml: question 'broken' is missing 'label'",
        "demo.yaml: question 'r' show_if refers to unknown question 'nowhere'",
    ]


def test_no_code_runs_from_yaml() -> None:
    source = yaml_with("- !!python/object/apply:os.system [echo hacked]\n")
    problems = problems_of(source)
    assert len(problems) == 1
    assert "YAML syntax error: could not determine a constructor" in problems[0]


def test_recursive_alias_is_a_problem() -> None:
    assert without_lines(problems_of("id: &a [*a]\n")) == [
        "demo.yaml: YAML syntax error: an anchor refers to itself (recursive alias)"
    ]


# --- files: read, decode, and never raise from check_file ------------------------------------


def test_check_file_on_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert check_file(path) == []
    assert load_questionnaire(path) == parse_questionnaire(GOOD, "good.yaml")


def test_check_file_accepts_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert check_file(path) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "x.yaml: no such file ({path})"),
        (
            b"",
            "x.yaml: the file is empty; a questionnaire needs id, version, title, languages, "
            "consent and sections",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "x.yaml: looks like a binary file (it contains NUL bytes), not YAML text",
        ),
        (
            "id: démo\ntitle: x\n".encode("latin-1"),
            "x.yaml: the file is not UTF-8 text (byte 0xe9 on line 1); save it as UTF-8",
        ),
        ("id: demo\n".encode("utf-16"), "x.yaml: the file is saved as UTF-16; save it as UTF-8"),
    ],
    ids=["missing", "empty", "binary", "latin-1", "utf-16"],
)
def test_check_file_reports_unreadable_files(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "x.yaml"
    if content is not None:
        path.write_bytes(content)
    assert check_file(path) == [expected.format(path=path)]
    with pytest.raises(QuestionnaireError):
        load_questionnaire(path)


def test_check_file_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    assert check_file(folder) == ["x.yaml: is a folder, not a questionnaire file"]


# --- round trip: a questionnaire written back as YAML parses to the same thing ---------------


def _condition_data(condition: Condition) -> dict[str, Any]:
    match condition:
        case Equals(question=q, value=v):
            return {"question": q, "equals": v}
        case OneOf(question=q, values=vs):
            return {"question": q, "one_of": list(vs)}
        case NotOneOf(question=q, values=vs):
            return {"question": q, "not_one_of": list(vs)}
        case Answered(question=q):
            return {"answered": q}
        case AllOf(conditions=cs):
            return {"all": [_condition_data(c) for c in cs]}
        case AnyOf(conditions=cs):
            return {"any": [_condition_data(c) for c in cs]}
        case Not(condition=c):
            return {"not": _condition_data(c)}
    raise AssertionError(condition)


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


def _question_data(x: Question) -> dict[str, Any]:
    # A place question's list comes from config/data: only the file's own choices are written.
    listed = x.place.places if x.place else None
    choices = [
        {"value": c.value, "label": dict(c.label), "other": c.other, "exclusive": c.exclusive}
        for c in x.choices
        if listed is None or listed.get(c.value) is None
    ]
    validation = _drop_none({k: getattr(x.validation, k) for k in Validation.__slots__})
    scale = _drop_none({k: getattr(x.scale, k) for k in RatingScale.__slots__}) if x.scale else {}
    return _drop_none(
        {
            "code": x.code,
            "type": x.type.value,
            "label": dict(x.label),
            "help": dict(x.help) if x.help else None,
            "required": x.required if x.type.is_answerable else None,
            "choices": choices or None,
            "validation": validation or None,
            "scale": scale or None,
            "unit": x.unit,
            "prefill": x.prefill,
            "level": x.place.level if x.place else None,
            "within": x.place.within if x.place else None,
            "show_if": _condition_data(x.show_if) if x.show_if else None,
        }
    )


def _declared(value: Any) -> Any:
    """An `indicators` declaration as YAML data: parts not given left out, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = {f.name: _declared(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {k: v for k, v in items.items() if v is not None and v != []}
    if isinstance(value, tuple):
        return [_declared(v) for v in value]
    return value


def to_data(q: Questionnaire) -> dict[str, Any]:
    """The YAML format, written from the dataclasses."""
    sections = [
        {"id": s.id, "title": dict(s.title), "questions": [_question_data(x) for x in s.questions]}
        for s in q.sections
    ]
    return _drop_none(
        {
            "id": q.id,
            "version": q.version,
            "title": dict(q.title),
            "description": dict(q.description) if q.description else None,
            "languages": list(q.languages),
            "consent": dict(q.consent),
            "sections": sections,
            "outcome": {
                "question": q.outcome.question,
                **{k: list(v) for k, v in q.outcome.values.items()},
            }
            if q.outcome
            else None,
            "indicators": _declared(q.indicators) if q.indicators else None,
        }
    )


@pytest.mark.parametrize("name", template_names())
def test_templates_round_trip_through_parse(name: str) -> None:
    source = (TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    original = parse_questionnaire(source, f"{name}.yaml")
    written = yaml.safe_dump(to_data(original), allow_unicode=True, sort_keys=False)
    again = parse_questionnaire(written, f"{name}.yaml")
    assert again == original
    assert again.questions == original.questions


# The month counts: a unit is declared, so "2 tahun" is read as 24, not stored as 2.
MONTH_COUNTS = {
    "smk": {"masa_tunggu", "cari_bulan"},
    "blk": {"masa_tunggu"},
    "dikti": {"f502", "f302", "f303"},
}


@pytest.mark.parametrize("name", sorted(MONTH_COUNTS))
def test_templates_declare_which_counts_are_months(name: str) -> None:
    questionnaire = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    months = {q.code for q in questionnaire.questions if q.counts_months}
    assert months == MONTH_COUNTS[name]


# Issue #12: identity questions the roster already answers are declared, to be confirmed.
PREFILLED = {
    "smk": {
        "nama": "name",
        "nisn": "nisn",
        "jurusan": "programme",
        "tahun_lulus": "graduation_year",
        "hp": "phone",
    },
    "blk": {"nama": "name", "hp": "phone", "program": "programme"},
    "dikti": {"telpomsmh": "phone"},
}


@pytest.mark.parametrize("name", sorted(PREFILLED))
def test_templates_declare_what_the_roster_prefills(name: str) -> None:
    questionnaire = load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")
    declared = {q.code: q.prefill for q in questionnaire.questions if q.prefill}
    assert declared == PREFILLED[name]
    assert questionnaire.prefill_fields == set(PREFILLED[name].values())


def test_prefill_is_read() -> None:
    source = yaml_with(
        """\
        - code: lulus
          type: integer
          prefill: graduation_year
          label: {id: X, en: X}
        """
    )
    questionnaire = parse_questionnaire(source, "demo.yaml")
    assert questionnaire.question("lulus").prefill == "graduation_year"
    assert questionnaire.question("f8").prefill is None


def test_unit_and_confirm_below_are_read() -> None:
    source = yaml_with(
        """\
        - code: tunggu
          type: integer
          unit: months
          label: {id: X, en: X}
        - code: gaji
          type: money
          label: {id: X, en: X}
          validation: {confirm_below: 50000}
        """
    )
    questionnaire = parse_questionnaire(source, "demo.yaml")
    assert questionnaire.question("tunggu").counts_months
    assert questionnaire.question("gaji").validation.money_floor == 50_000
    assert questionnaire.question("f8").validation.money_floor == 100_000  # the default


def test_inline_file_round_trips() -> None:
    original = parse_questionnaire(GOOD, "demo.yaml")
    written = yaml.safe_dump(to_data(original), allow_unicode=True, sort_keys=False)
    assert parse_questionnaire(written, "demo.yaml") == original


def test_codes_and_choice_values_must_fit_in_a_chat_button() -> None:
    long_code = "k" * 33
    source = f"""
id: uji
version: "1"
title: {{id: Uji, en: Test}}
languages: [id, en]
consent: {{id: Boleh, en: May we}}
sections:
  - id: s
    title: {{id: S, en: S}}
    questions:
      - code: {long_code}
        type: single_choice
        label: {{id: Status, en: Status}}
        choices:
          - {{value: "1", label: {{id: Kerja, en: Work}}}}
          - {{value: "belum_bekerja_sama_sekali", label: {{id: Belum, en: Not yet}}}}
"""
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(source, "uji.yaml")
    problems = " ".join(caught.value.problems)
    assert f"question '{long_code}' code is 33 characters long; use at most 32" in problems
    assert "choice value 'belum_bekerja_sama_sekali' is too long" in problems
