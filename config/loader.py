"""Questionnaire files: YAML in, a `Questionnaire` out, or every problem, named and located.

A questionnaire is one UTF-8 YAML file, read with the safe loader only (nothing in it can run):

```yaml
id: smk                 # [a-z][a-z0-9_]*
version: "2026.1"       # text; a bare number is taken as written (2026.10 stays "2026.10")
title: {id: "Tracer Study SMK", en: "SMK Tracer Study"}
description: {id: ..., en: ...}       # optional
languages: [id, en]     # the first is the default; every text must exist in every language listed
consent:                # shown before the first question, with agree / decline
  id: |
    Apa yang dikumpulkan, mengapa, siapa yang melihat, berapa lama, hak berhenti & hapus data...
  en: |
    ...
sections:               # at least one; each with at least one question
  - id: status          # [A-Za-z][A-Za-z0-9_]*, unique
    title: {id: ..., en: ...}
    questions:
      - code: f8                 # stable export code, [A-Za-z][A-Za-z0-9_]*, unique in the file
        type: single_choice      # single_choice multiple_choice text integer money date month
                                 # phone email rating place note
        label: {id: ..., en: ...}
        help: {id: ..., en: ...}         # optional
        required: true                   # default true; a note is never required
        choices:                         # choice types only, at least 2, values unique
          - {value: "1", label: {id: Bekerja, en: Working}}   # a bare 1 or 01 is kept as written
          - {value: "5", label: {id: Lainnya, en: Other}, other: true}       # asks to specify
          - {value: "0", label: {id: Tidak ada, en: None}, exclusive: true}  # multiple only
        validation:                      # every key optional
          min: 0                         # integer, money
          max: 60                        # integer, money
          min_length: 2                  # text
          max_length: 100                # text
          pattern: "^[0-9]{10}$"         # text, phone, email (Python regular expression)
          message: {id: ..., en: ...}    # replaces the default rejection text
          confirm_below: 100000          # money: a bare amount below it ("4500") is asked back
                                         # as thousands ("Rp 4.500.000?"); default 100000, 0: off
        unit: months                     # integer only: a number of months, so "2 tahun" is 24
        prefill: name                    # a roster field (questionnaire.PREFILL_FIELDS) offered
                                         # for confirmation instead of the question
        scale: {min: 1, max: 5, min_label: {...}, max_label: {...}}   # rating only, and required
        level: province                  # place only: province (listed) or regency (typed)
        within: f5a1                     # place, regency only: the province question before it
        show_if: {question: f8, equals: "1"}
outcome:                # optional: how staff reports read the main status (config.outcome)
  question: f8          # a single_choice question
  working: ["1"]        # working entrepreneur studying looking not_yet: choice values, each
  not_yet: ["2"]        # value in one category only; a category may be left out
```

`show_if` forms: `{question: f8, equals: "1"}`, `{question: f8, one_of: ["1", "3"]}`,
`{question: f8, not_one_of: [...]}`, `{answered: f5b}`, `{all: [cond, ...]}`, `{any: [...]}`,
`{not: cond}`. A condition may only read questions asked before it; a value compared with a
choice question must be one of its choice values; with an integer, money or rating question it
must be a whole number. YAML anchors and aliases (`&name` / `*name`) may be used to repeat
choice lists, scales and conditions.

Texts and codes are kept as written: `en: Yes` stays "Yes" (plain YAML 1.1 would read true),
`value: 01` stays "01". Surrounding blank space is trimmed from texts. Quote a text that holds
`: ` or, inside `{...}`, a comma or `?` (e.g. `{id: "Ya, sejalan", en: "Yes, the same"}`).

Errors: `QuestionnaireError.problems` lists every problem found, in file order, each as
`<file>: <what and where>; <what to change> [line N]`, e.g.
`smk.yaml: question 'q12' show_if refers to unknown question 'q9' [line 40]`.
"""

from __future__ import annotations

from pathlib import Path

from config.checks import Checker
from conversations.questionnaire import Questionnaire

__all__ = [
    "QuestionnaireError",
    "check_file",
    "load_questionnaire",
    "parse_questionnaire",
    "read_questionnaire",
]


class QuestionnaireError(Exception):
    """A questionnaire file cannot be used; `problems` lists every reason, each fully located."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def parse_questionnaire(source: str, name: str) -> Questionnaire:
    """Build a questionnaire from YAML text; `name` (e.g. "smk.yaml") prefixes every problem."""
    checker = Checker(name)
    questionnaire = checker.run(source)
    if checker.problems or questionnaire is None:
        raise QuestionnaireError(checker.problems or [f"{name}: not a questionnaire"])
    return questionnaire


def load_questionnaire(path: Path) -> Questionnaire:
    """Read a questionnaire file (UTF-8) and build it; raises QuestionnaireError."""
    source = _read_source(Path(path))
    return parse_questionnaire(source, Path(path).name)


def read_questionnaire(path: Path) -> tuple[Questionnaire, str]:
    """The questionnaire and the text it was built from (storage keeps the text as a version)."""
    source = _read_source(Path(path))
    return parse_questionnaire(source, Path(path).name), source


def check_file(path: Path) -> list[str]:
    """Every problem with a questionnaire file ([] when it is fine); never raises for bad input."""
    try:
        load_questionnaire(path)
    except QuestionnaireError as exc:
        return exc.problems
    return []


def _read_source(path: Path) -> str:
    name = path.name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise QuestionnaireError([f"{name}: no such file ({path})"]) from None
    except IsADirectoryError:
        raise QuestionnaireError([f"{name}: is a folder, not a questionnaire file"]) from None
    except PermissionError:
        raise QuestionnaireError([f"{name}: cannot be read (permission denied)"]) from None
    except OSError as exc:
        raise QuestionnaireError([f"{name}: cannot be read ({exc.strerror or exc})"]) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise QuestionnaireError([f"{name}: the file is saved as UTF-16; save it as UTF-8"])
    if b"\x00" in data:
        raise QuestionnaireError(
            [f"{name}: looks like a binary file (it contains NUL bytes), not YAML text"]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise QuestionnaireError(
            [
                f"{name}: the file is not UTF-8 text (byte 0x{byte:02x} on line {line}); "
                "save it as UTF-8"
            ]
        ) from None
