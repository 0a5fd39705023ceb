"""Turning locations in a questionnaire file into words: "question 'f8' choice '5' label 'en'"."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from config.schema import (
    TEXT_FIELDS,
    ChoiceModel,
    QuestionModel,
    ScaleModel,
    SectionModel,
    TopModel,
    ValidationModel,
)
from config.yamlsource import Path_

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
}
_NESTED: dict[str, type[BaseModel]] = {
    "choices": ChoiceModel,
    "validation": ValidationModel,
    "scale": ScaleModel,
}


def describe(path: Path_, data: Any) -> str:
    """Words for a location, naming sections, questions and choices by id when they have one."""
    parts: list[str] = []
    node = data
    previous: str | int | None = None
    i = 0
    while i < len(path):
        segment = path[i]
        following = path[i + 1] if i + 1 < len(path) else None
        if segment in ("sections", "questions", "choices") and isinstance(following, int):
            node = _child(_child(node, segment), following)
            parts = _item_words(str(segment), following, node, parts)
            previous = None
            i += 2
            continue
        if isinstance(segment, str) and segment.startswith("<duplicate"):
            break
        if isinstance(segment, int):
            parts.append(f"item {segment + 1}")
        elif previous in TEXT_FIELDS:
            parts.append(f"'{segment}'")
        else:
            parts.append(str(segment))
        node = _child(node, segment)
        previous = segment
        i += 1
    return " ".join(parts) or "the top level"


def _item_words(kind: str, index: int, item: Any, parts: list[str]) -> list[str]:
    key = {"sections": "id", "questions": "code", "choices": "value"}[kind]
    word = {"sections": "section", "questions": "question", "choices": "choice"}[kind]
    name = item.get(key) if isinstance(item, dict) else None
    if isinstance(name, str | int) and not isinstance(name, bool) and name != "":
        named = f"{word} '{name}'"
        # A named section or question is enough on its own; a choice needs its question.
        return [named] if kind != "choices" else [*parts, named]
    return [*parts, f"{word} {index + 1}"]


def _child(node: Any, segment: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(segment)
    if isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
        return node[segment]
    return None


def kind_of(value: Any) -> str:
    """How a YAML value reads to a person: "text", "a number", "a list"…"""
    match value:
        case None:
            return "empty"
        case bool():
            return "true/false"
        case int() | float():
            return "a number"
        case str():
            return "text"
        case list():
            return "a list"
        case dict():
            return "a mapping"
        case dt.date():
            return "a date"
    return type(value).__name__


def pydantic_message(error: ErrorDetails, base: Path_, data: Any, model: type[BaseModel]) -> str:
    """One pydantic error as a located sentence saying what to change."""
    loc: Path_ = tuple(error["loc"])
    full = (*base, *loc)
    kind = error["type"]
    if kind == "missing":
        return f"{describe(full[:-1], data)} is missing '{loc[-1]}'"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = field_names_at(model, loc[:-1])
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        return f"{describe(full[:-1], data)} has unknown key '{key}'; {hint}"
    where = describe(full, data)
    found = kind_of(error.get("input"))
    if kind in ("dict_type", "model_type") and loc and loc[-1] in TEXT_FIELDS:
        return f"{where} must give one text per language, e.g. {{id: ..., en: ...}}, not {found}"
    if kind in _EXPECTED:
        return f"{where} must be {_EXPECTED[kind]}, not {found}"
    return f"{where}: {error['msg']}"


def field_names_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The keys allowed in the mapping at `loc` inside `model`."""
    current = model
    for segment in loc:
        if isinstance(segment, str) and segment in _NESTED:
            current = _NESTED[segment]
    return list(current.model_fields)


def model_for(path: Path_) -> type[BaseModel]:
    """Which model validates the mapping at `path` (top, section or question level)."""
    if len(path) >= 4 and path[-2] == "questions":
        return QuestionModel
    if len(path) >= 2 and path[-2] == "sections":
        return SectionModel
    return TopModel
