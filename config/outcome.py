"""The optional top-level `outcome` key: which main-status answers mean which report category.

```yaml
outcome:
  question: status        # a single_choice question of the file
  working: ["1"]          # category: the choice values that mean it (one or more)
  entrepreneur: ["2"]
  studying: ["3"]
  looking: ["4"]
  not_yet: ["5"]          # a category with no matching option is simply left out
```

Categories are OUTCOME_CATEGORIES; a value may belong to one category only. Staff reports count
completed responses per category; answers whose value no category lists count as unknown.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from config.check_types import Checking, Entry
from config.locate import kind_of
from conversations.questionnaire import OUTCOME_CATEGORIES, Outcome, QuestionType

ALLOWED = ", ".join(OUTCOME_CATEGORIES)
EXAMPLE = 'outcome: {question: status, working: ["1"], studying: ["3"]}'


def check_outcome(checker: Checking, data: dict[str, Any], entries: list[Entry]) -> Outcome | None:
    """Read and check `outcome` when the file has one; None when absent or wrong (reported)."""
    if "outcome" not in data:
        return None
    raw = data["outcome"]
    if not isinstance(raw, dict) or not raw:
        checker.report(
            ("outcome",),
            f"outcome must be a mapping of the main-status question and its categories, "
            f"e.g. {EXAMPLE}, not {kind_of(raw)}",
        )
        return None
    before = len(checker.problems)
    choices = _question_choices(checker, raw, entries)
    question = raw.get("question")
    values: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}  # value -> the category that listed it first
    for key, listed in raw.items():
        if key == "question":
            continue
        category = str(key)
        if category not in OUTCOME_CATEGORIES:
            close = difflib.get_close_matches(category, OUTCOME_CATEGORIES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            checker.report(
                ("outcome", key),
                f"outcome has unknown category '{category}'; use one of: {ALLOWED}{hint}",
            )
            continue
        codes = _category_values(checker, category, listed, (question, choices))
        for code in codes:
            if code in owner:
                checker.report(
                    ("outcome", key),
                    f"outcome value '{code}' is listed under both {owner[code]} and {category}; "
                    "a value may mean only one category",
                )
            owner.setdefault(code, category)
        values[category] = tuple(codes)
    if len(checker.problems) > before or not isinstance(question, str):
        return None
    if not values:
        checker.report(
            ("outcome",),
            f'outcome maps no values; add at least one category ({ALLOWED}), e.g. working: ["1"]',
        )
        return None
    return Outcome(question, {c: values[c] for c in OUTCOME_CATEGORIES if c in values})


def _question_choices(
    checker: Checking, raw: dict[str, Any], entries: list[Entry]
) -> list[str] | None:
    """The choice values of the outcome question, or None when they cannot be known."""
    path = ("outcome", "question")
    if "question" not in raw:
        checker.report(
            ("outcome",),
            "outcome is missing 'question'; name the main-status question, e.g. question: status",
        )
        return None
    code = raw["question"]
    if not isinstance(code, str):
        checker.report(
            path, f"outcome question must be a question code (text), not {kind_of(code)}"
        )
        return None
    # The first question with the code counts (a duplicate is reported elsewhere).
    models = {e.code: e.model for e in reversed(entries) if e.code is not None}
    if code not in models:
        close = difflib.get_close_matches(code, list(models), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "use the main-status question's code"
        checker.report(path, f"outcome question '{code}' is not a question in this file; {hint}")
        return None
    model = models[code]
    if model is None:
        return None  # malformed question: its own problems are already reported
    if model.type != QuestionType.SINGLE_CHOICE.value:
        checker.report(
            path,
            f"outcome question '{code}' is a {model.type} question; the outcome must read a "
            "single_choice question (one main status per respondent)",
        )
        return None
    return [c.value for c in model.choices or ()]


def _category_values(
    checker: Checking, category: str, listed: Any, question: tuple[Any, list[str] | None]
) -> list[str]:
    """The values of one category, as written; each problem reported."""
    code_of_question, choices = question
    path = ("outcome", category)
    if not isinstance(listed, list):
        checker.report(
            path,
            f'outcome {category} must be a list of choice values, e.g. {category}: ["1"], '
            f"not {kind_of(listed)}",
        )
        return []
    if not listed:
        checker.report(
            path, f"outcome {category} lists no values; give at least one or remove {category}"
        )
        return []
    codes: list[str] = []
    for i, item in enumerate(listed):
        here = (*path, i)
        if isinstance(item, list | dict) or item is None:
            checker.report(
                here,
                f'outcome {category} item {i + 1} must be a choice value such as "1", '
                f"not {kind_of(item)}",
            )
            continue
        # A bare 1 or 01 is kept as written, as choice values are.
        code = item if isinstance(item, str) else _as_written(checker, item, here)
        if code in codes:
            checker.report(here, f"outcome {category} lists '{code}' twice; keep one")
            continue
        if choices is not None and code not in choices:
            checker.report(
                here,
                f"outcome {category} value '{code}' is not a choice of question "
                f"'{code_of_question}' (choices: {', '.join(choices)}); "
                "use one of them",
            )
            continue
        codes.append(code)
    return codes


def _as_written(checker: Checking, value: bool | int | float | dt.date, path: Any) -> str:
    return checker.doc.raw_scalar(path) or str(value)
