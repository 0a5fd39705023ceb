"""Reading `show_if` conditions from YAML and checking them against the questions they use."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from config.yamlsource import Path_
from conversations.questionnaire import (
    AllOf,
    Answered,
    AnyOf,
    Condition,
    Equals,
    Not,
    NotOneOf,
    OneOf,
    QuestionType,
)

Report = Callable[[Path_, str], None]
RawScalar = Callable[[Path_], "str | None"]

COMPARISONS = ("equals", "one_of", "not_one_of")
GROUPS = ("answered", "all", "any", "not")
FORMS = "{question, equals | one_of | not_one_of}, {answered}, {all}, {any} or {not}"
NUMERIC_TYPES = (QuestionType.INTEGER, QuestionType.MONEY, QuestionType.RATING)


@dataclass(frozen=True)
class Target:
    """What a condition may know about a question it reads."""

    index: int
    type: QuestionType | None  # None when the question itself is malformed
    choice_values: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None


def parse_condition(
    raw: object, path: Path_, where: str, report: Report, raw_scalar: RawScalar
) -> Condition | None:
    """Build a condition from YAML data, comparison values as written (text); None if malformed."""
    if not isinstance(raw, Mapping) or not raw:
        report(path, f"{where} must be a mapping: {FORMS}")
        return None
    keys = [str(k) for k in raw]
    if "question" in keys:
        return _comparison(raw, keys, path, where, report, raw_scalar)
    unknown = [k for k in keys if k not in GROUPS]
    if unknown or len(keys) != 1:
        if unknown:
            report(
                path, f"{where} has unknown key {_quoted_with_hint(unknown, GROUPS)}; use {FORMS}"
            )
        else:
            report(path, f"{where} mixes {', '.join(keys)}; give one of {FORMS} per mapping")
        return None
    key = keys[0]
    value = raw[key]
    here = (*path, key)
    if key == "answered":
        if not isinstance(value, str) or not value:
            report(here, f"{where} answered must name a question code, e.g. answered: f5b")
            return None
        return Answered(value)
    if key == "not":
        inner = parse_condition(value, here, where, report, raw_scalar)
        return Not(inner) if inner is not None else None
    if not isinstance(value, list) or not value:
        report(here, f"{where} {key} must be a non-empty list of conditions")
        return None
    parts = [
        parse_condition(item, (*here, i), where, report, raw_scalar) for i, item in enumerate(value)
    ]
    if any(p is None for p in parts):
        return None
    conditions = tuple(p for p in parts if p is not None)
    return AllOf(conditions) if key == "all" else AnyOf(conditions)


def _comparison(
    raw: Mapping[object, object],
    keys: list[str],
    path: Path_,
    where: str,
    report: Report,
    raw_scalar: RawScalar,
) -> Condition | None:
    question = raw["question"]
    unknown = [k for k in keys if k != "question" and k not in COMPARISONS]
    ops = [k for k in keys if k in COMPARISONS]
    if unknown:
        hint = _quoted_with_hint(unknown, COMPARISONS)
        report(
            path,
            f"{where} has unknown key {hint}; use question with one of: equals, one_of, not_one_of",
        )
        return None
    if not isinstance(question, str) or not question:
        report((*path, "question"), f"{where} question must be a question code, e.g. question: f8")
        return None
    if len(ops) != 1:
        report(
            path,
            f"{where} on question '{question}' needs exactly one of equals, one_of or not_one_of",
        )
        return None
    op = ops[0]
    here = (*path, op)
    value = raw[op]
    if op == "equals":
        if isinstance(value, list):
            report(here, f"{where} equals takes one value; use one_of for a list")
            return None
        text = _scalar_text(value, here, raw_scalar)
        if text is None:
            report(here, f'{where} equals needs a value, e.g. equals: "1"')
            return None
        return Equals(question, text)
    if not isinstance(value, list) or not value:
        report(here, f'{where} {op} must be a non-empty list of values, e.g. {op}: ["1", "3"]')
        return None
    texts = [_scalar_text(v, (*here, i), raw_scalar) for i, v in enumerate(value)]
    if any(t is None for t in texts):
        report(here, f"{where} {op} must list plain values (text or numbers)")
        return None
    values = tuple(t for t in texts if t is not None)
    return OneOf(question, values) if op == "one_of" else NotOneOf(question, values)


def _scalar_text(value: object, path: Path_, raw_scalar: RawScalar) -> str | None:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, list | dict):
        return None
    return raw_scalar(path) or str(value)


def _quoted_with_hint(unknown: list[str], known: tuple[str, ...]) -> str:
    word = unknown[0]
    text = f"'{word}'"
    close = difflib.get_close_matches(word, known, n=1)
    return f"{text} (did you mean '{close[0]}'?)" if close else text


def resolve_condition(
    condition: Condition,
    code: str,
    index: int,
    where: str,
    targets: Mapping[str, Target],
    complain: Callable[[str], None],
) -> Condition:
    """Check every question a condition reads and type its values (int for numeric questions)."""
    match condition:
        case AllOf(conditions=cs):
            return AllOf(
                tuple(resolve_condition(c, code, index, where, targets, complain) for c in cs)
            )
        case AnyOf(conditions=cs):
            return AnyOf(
                tuple(resolve_condition(c, code, index, where, targets, complain) for c in cs)
            )
        case Not(condition=c):
            return Not(resolve_condition(c, code, index, where, targets, complain))
        case Answered(question=ref):
            _check_reference(ref, code, index, where, targets, complain)
            return condition
        case Equals(question=ref, value=value):
            target = _check_reference(ref, code, index, where, targets, complain)
            return Equals(ref, _typed(value, ref, target, where, complain))
        case OneOf(question=ref, values=values) | NotOneOf(question=ref, values=values):
            target = _check_reference(ref, code, index, where, targets, complain)
            typed = tuple(_typed(v, ref, target, where, complain) for v in values)
            return OneOf(ref, typed) if isinstance(condition, OneOf) else NotOneOf(ref, typed)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _check_reference(
    ref: str,
    code: str,
    index: int,
    where: str,
    targets: Mapping[str, Target],
    complain: Callable[[str], None],
) -> Target | None:
    if ref == code:
        complain(f"{where} refers to '{code}' itself; conditions may only use earlier questions")
        return None
    target = targets.get(ref)
    if target is None:
        close = difflib.get_close_matches(ref, list(targets), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        complain(f"{where} refers to unknown question '{ref}'{hint}")
        return None
    if target.index > index:
        complain(
            f"{where} refers to '{ref}', which comes after it "
            "(conditions may only use earlier questions)"
        )
        return None
    if target.type is QuestionType.NOTE:
        complain(f"{where} refers to '{ref}', which is a note and never has an answer")
        return None
    return target


def _typed(
    value: str | int, ref: str, target: Target | None, where: str, complain: Callable[[str], None]
) -> str | int:
    text = str(value)
    if target is None or target.type is None:
        return text
    if target.type.has_choices:
        if target.choice_values and text not in target.choice_values:
            choices = ", ".join(target.choice_values)
            complain(
                f"{where} compares with value '{text}', but '{ref}' has no choice with "
                f"value '{text}' (choices: {choices})"
            )
        return text
    if target.type in NUMERIC_TYPES:
        try:
            number = int(text)
        except ValueError:
            complain(
                f"{where} compares '{ref}' with '{text}', but '{ref}' is a number question "
                f"({target.type.value}); compare with a whole number"
            )
            return text
        if target.scale and not target.scale[0] <= number <= target.scale[1]:
            low, high = target.scale
            complain(
                f"{where} compares with value '{text}', but '{ref}' is rated from {low} to {high}"
            )
        return number
    return text
