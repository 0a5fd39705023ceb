"""Questionnaire definitions: what the engine runs, built by config/ from YAML."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from conversations.indicators.declarations import Indicators
from conversations.places import PlaceList

# Per-language text, e.g. {"id": "Status Anda saat ini?", "en": "Your current status?"}.
Text = Mapping[str, str]


class QuestionType(enum.StrEnum):
    """The kinds of question a questionnaire can ask."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"
    DATE = "date"
    MONTH = "month"
    PHONE = "phone"
    EMAIL = "email"
    RATING = "rating"
    PLACE = "place"  # a province, or a regency/city, matched against a list given as data
    NOTE = "note"

    @property
    def has_choices(self) -> bool:
        return self in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)

    @property
    def is_answerable(self) -> bool:
        return self is not QuestionType.NOTE


@dataclass(frozen=True, slots=True)
class Choice:
    """One coded option of a choice question."""

    value: str
    label: Text
    # "Other, please specify": choosing it asks for free text, stored beside the code.
    other: bool = False
    # In a multiple choice, an exclusive option ("none of these") clears the others.
    exclusive: bool = False


# A bare money amount below this (rupiah, no unit, no "Rp") is asked back as thousands:
# "4500" for a monthly income is "Rp 4.500.000?" far more often than Rp 4.500. A question's
# validation.confirm_below overrides it; 0 turns the question off.
MONEY_CONFIRM_BELOW = 100_000


@dataclass(frozen=True, slots=True)
class Validation:
    """Limits on an answer; `message` replaces the default rejection text when given."""

    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    message: Text | None = None
    confirm_below: float | None = None  # money: None is MONEY_CONFIRM_BELOW

    @property
    def money_floor(self) -> float:
        """Bare amounts below this are confirmed as thousands before they are stored."""
        return MONEY_CONFIRM_BELOW if self.confirm_below is None else self.confirm_below


# --- Skip logic: declarative conditions on earlier answers. Nothing here runs code. ---
# A comparison on a question that has no answer (unanswered, skipped, or not shown) is false.
# For a multiple-choice answer, `Equals` means "value is among those chosen", `OneOf` means
# "any chosen value is in values", `NotOneOf` means "answered, and no chosen value is in values".


@dataclass(frozen=True, slots=True)
class Equals:
    question: str
    value: str | int


@dataclass(frozen=True, slots=True)
class OneOf:
    question: str
    values: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class NotOneOf:
    question: str
    values: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Answered:
    question: str


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition


Condition = Equals | OneOf | NotOneOf | Answered | AllOf | AnyOf | Not


def referenced_questions(condition: Condition) -> Iterator[str]:
    """Every question code a condition reads."""
    match condition:
        case Equals(question=q) | OneOf(question=q) | NotOneOf(question=q) | Answered(question=q):
            yield q
        case AllOf(conditions=cs) | AnyOf(conditions=cs):
            for c in cs:
                yield from referenced_questions(c)
        case Not(condition=c):
            yield from referenced_questions(c)


@dataclass(frozen=True, slots=True)
class RatingScale:
    """A rating from `min` to `max`, with optional labels for the two ends."""

    min: int = 1
    max: int = 5
    min_label: Text | None = None
    max_label: Text | None = None


# What a question may be prefilled with (YAML `prefill:`): the roster fields the school already
# holds for every alumnus, each with the question types its value can answer. The caller passes
# the alumnus's values to engine.start; the engine asks to confirm one instead of the question.
PREFILL_FIELDS: dict[str, tuple[QuestionType, ...]] = {
    "name": (QuestionType.TEXT,),
    "nisn": (QuestionType.TEXT,),  # text: leading zeros matter
    "birth_date": (QuestionType.DATE, QuestionType.TEXT),
    "graduation_year": (QuestionType.INTEGER, QuestionType.TEXT),
    "programme": (QuestionType.TEXT,),
    "class": (QuestionType.TEXT,),
    "phone": (QuestionType.PHONE, QuestionType.TEXT),
}

# What a place question asks for (YAML `level:`): a province, or a regency or city in one.
LEVEL_PROVINCE = "province"
LEVEL_REGENCY = "regency"
PLACE_LEVELS = (LEVEL_PROVINCE, LEVEL_REGENCY)


@dataclass(frozen=True, slots=True)
class PlaceSpec:
    """A place question: the list its answers are matched against, and what narrows it.

    config/ gives the list (the engine reads no file). A province question also lists its
    provinces as choices, numbered like any choice; a regency question is typed, and asks back
    when the text fits several ("Kota atau Kabupaten Bandung?"). The answer is the place's code.
    """

    level: str  # LEVEL_PROVINCE or LEVEL_REGENCY
    places: PlaceList
    within: str | None = None  # an earlier province question: only its regencies count


# The units an integer question may count in (YAML `unit:`); a number of months is the only one.
UNIT_MONTHS = "months"
UNITS = (UNIT_MONTHS,)


@dataclass(frozen=True, slots=True)
class Question:
    """One question, identified by a stable code used in storage and exports (e.g. `f8`)."""

    code: str
    type: QuestionType
    label: Text
    help: Text | None = None
    choices: tuple[Choice, ...] = ()
    required: bool = True
    validation: Validation = field(default_factory=Validation)
    show_if: Condition | None = None
    scale: RatingScale | None = None
    section: str = ""
    unit: str | None = None  # integer only: UNIT_MONTHS reads "2 tahun" as 24
    prefill: str | None = None  # a PREFILL_FIELDS key: asked as "Nama Anda: … — benar?"
    place: PlaceSpec | None = None  # place questions only

    @property
    def counts_months(self) -> bool:
        return self.unit == UNIT_MONTHS

    def choice(self, value: str) -> Choice | None:
        """The choice with this coded value, if any."""
        for c in self.choices:
            if c.value == value:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]


# The main status of a respondent, as staff reports count it ("BMW" plus the two others).
OUTCOME_CATEGORIES: tuple[str, ...] = ("working", "entrepreneur", "studying", "looking", "not_yet")


@dataclass(frozen=True, slots=True)
class Outcome:
    """Which answers of the main-status question mean which outcome category."""

    question: str
    # category (one of OUTCOME_CATEGORIES) -> the choice values that mean it; absent: no option
    values: Mapping[str, tuple[str, ...]]

    def category(self, value: object) -> str | None:
        """The category of an answer value, or None when it is not mapped (or not a code)."""
        if not isinstance(value, str):
            return None
        for name, codes in self.values.items():
            if value in codes:
                return name
        return None


@dataclass(frozen=True)
class Questionnaire:
    """A whole questionnaire: id and version identify it; languages[0] is the default."""

    id: str
    version: str
    title: Text
    languages: tuple[str, ...]
    consent: Text
    sections: tuple[Section, ...]
    description: Text | None = None
    outcome: Outcome | None = None  # how reports read the main status; None: not mapped
    indicators: Indicators | None = None  # which questions feed the report's figures; None: none

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """All questions in the order they are asked."""
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def by_code(self) -> dict[str, Question]:
        return {q.code: q for q in self.questions}

    @cached_property
    def order(self) -> dict[str, int]:
        return {q.code: i for i, q in enumerate(self.questions)}

    @cached_property
    def prefill_fields(self) -> frozenset[str]:
        """The roster fields some question is prefilled with: all a session needs to know."""
        return frozenset(q.prefill for q in self.questions if q.prefill)

    def question(self, code: str) -> Question:
        return self.by_code[code]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, text: Text | None, language: str) -> str:
        """Pick a text in `language`, falling back to the questionnaire's default language."""
        if not text:
            return ""
        return text.get(language) or text.get(self.default_language) or next(iter(text.values()))
