"""The shape of a questionnaire file, as pydantic models; config.loader adds the meaning checks.

Each level is validated on its own (top, section, question) so that one malformed question does
not hide the problems of the others. `show_if` is left as raw data here: config.conditions reads
it, because a union of condition models gives unreadable errors; `outcome` likewise, read by
config.outcome.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

# Per-language text as written in YAML, e.g. {"id": "Status Anda?", "en": "Your status?"}.
TextModel = dict[str, str]

# Fields whose value is a per-language text: the next location segment is a language code.
TEXT_FIELDS = frozenset(
    {"title", "description", "consent", "label", "help", "message", "min_label", "max_label"}
)


class _Strict(BaseModel):
    # strict: YAML already gives typed values; "yes" must not quietly become True.
    model_config = ConfigDict(extra="forbid", strict=True)


class ChoiceModel(_Strict):
    """One coded option."""

    value: str
    label: TextModel
    other: bool = False
    exclusive: bool = False


class ValidationModel(_Strict):
    """Answer limits."""

    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    message: TextModel | None = None
    confirm_below: float | None = None


class ScaleModel(_Strict):
    """A rating scale."""

    min: int = 1
    max: int = 5
    min_label: TextModel | None = None
    max_label: TextModel | None = None


class QuestionModel(_Strict):
    """One question; `type` stays text so an unknown type gets a helpful message."""

    code: str
    type: str
    label: TextModel
    help: TextModel | None = None
    required: bool | None = None
    choices: list[ChoiceModel] | None = None
    validation: ValidationModel | None = None
    scale: ScaleModel | None = None
    unit: str | None = None
    prefill: str | None = None
    level: str | None = None  # place only: province or regency
    within: str | None = None  # place (regency) only: the province question it lies in
    show_if: Any = None


class SectionModel(_Strict):
    """A section; its questions are validated one by one."""

    id: str
    title: TextModel
    questions: list[Any]


class TopModel(_Strict):
    """The top level of the file; sections are validated one by one."""

    id: str
    version: str
    title: TextModel
    description: TextModel | None = None
    languages: list[str]
    consent: TextModel
    sections: list[Any]
    outcome: Any = None  # read by config.outcome, which names each problem more clearly
    indicators: Any = None  # read by config.indicator_checks, likewise


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a mapping of this model may have, in declaration order."""
    return list(model.model_fields)
