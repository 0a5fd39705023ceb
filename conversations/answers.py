"""Reading an answer from a reply (parse by question type, then validate) and echoing it back."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from conversations import parsing
from conversations.events import AnswerValue
from conversations.questionnaire import Choice, Question, Questionnaire, QuestionType, RatingScale

log = logging.getLogger(__name__)

# Longest free-text answer kept: a chat reply, not an essay, and a bound on stored data.
TEXT_LIMIT = 1000
SKIPPED_DISPLAY = "—"

# Every rejection key this module produces (besides parsing.PARSE_ERROR_KEYS), with its params.
REJECTION_KEYS: dict[str, tuple[str, ...]] = {
    "text_empty": (),
    "text_too_short": ("min",),
    "text_too_long": ("max",),
    "text_pattern": (),
    "number_too_small": ("min",),
    "number_too_large": ("max",),
    "money_too_small": ("min",),
    "money_too_large": ("max",),
    "rating_not_understood": ("min", "max"),
    "rating_out_of_range": ("min", "max"),
    "choose_at_least_one": (),
    "choices_too_few": ("min",),
    "choices_too_many": ("max",),
    "choice_exclusive": ("choice",),
    "answer_not_understood": (),
}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A reply read as an answer: its coded value and, for choice questions, what was chosen."""

    value: AnswerValue
    chosen: tuple[Choice, ...] = ()
    # A likely reading of an implausible reply ("4500" as Rp 4.500.000): ask before storing it.
    confirm: bool = False


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a reply cannot be used: a catalogue key and its params."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def read_answer(
    questionnaire: Questionnaire, question: Question, text: str, language: str, today: date
) -> Parsed | Rejection:
    """Parse and validate `text` as an answer to `question`."""
    try:
        return _read(questionnaire, question, text, language, today)
    except parsing.ReplyNotUnderstood as error:
        return Rejection(error.key, dict(error.params))
    except ValueError as error:
        # The parsers promise ReplyNotUnderstood only; a bug there must not end the session.
        # Log where it failed but not the exception's message: it may quote the reply.
        log.error(
            "question %s: a parser failed on a reply (%s)\n%s",
            question.code,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        return Rejection("answer_not_understood")


def _read(
    questionnaire: Questionnaire, question: Question, text: str, language: str, today: date
) -> Parsed | Rejection:
    languages = _languages(questionnaire, language)
    match question.type:
        case QuestionType.TEXT:
            return _text(question, text)
        case QuestionType.INTEGER:
            # A count in months reads "2 tahun" as 24; any other count refuses a unit of time
            # rather than dropping it ("2 tahun" stored as 2 was the bug).
            if question.counts_months:
                count = parsing.parse_months(text)
            else:
                count = parsing.parse_integer(text, time_units=False)
            return _in_range(question, count, "number", _plain)
        case QuestionType.MONEY:
            return _money(question, text)
        case QuestionType.DATE:
            # Date limits are left to the questionnaire's wording: the brief allows skipping them.
            return Parsed(parsing.parse_date(text, today=today).isoformat())
        case QuestionType.MONTH:
            return Parsed(parsing.parse_month(text, today=today))
        case QuestionType.PHONE:
            return Parsed(parsing.parse_phone(text))
        case QuestionType.EMAIL:
            return Parsed(parsing.parse_email(text))
        case QuestionType.RATING:
            return _rating(question, text)
        case QuestionType.SINGLE_CHOICE:
            choice = parsing.match_choice(text, question.choices, languages)
            return Parsed(choice.value, (choice,))
        case QuestionType.MULTIPLE_CHOICE:
            chosen = parsing.match_choices(text, question.choices, languages)
            return check_selection(questionnaire, question, chosen, language)
    # A note is never asked for an answer; a place is read with the answers before it, by
    # conversations.placing (its list narrows to the province already chosen).
    return Rejection("answer_not_understood")


def check_selection(
    questionnaire: Questionnaire, question: Question, chosen: Sequence[Choice], language: str
) -> Parsed | Rejection:
    """Validate a multiple-choice selection; the value follows the questionnaire's order."""
    values = {c.value for c in chosen}
    ordered = tuple(c for c in question.choices if c.value in values)
    if not ordered:
        return Rejection("choose_at_least_one")
    exclusive = [c for c in ordered if c.exclusive]
    if exclusive and len(ordered) > 1:
        label = questionnaire.text(exclusive[0].label, language)
        return Rejection("choice_exclusive", {"choice": label})
    limits = question.validation
    if limits.min is not None and len(ordered) < limits.min:
        return Rejection("choices_too_few", {"min": _number(limits.min)})
    if limits.max is not None and len(ordered) > limits.max:
        return Rejection("choices_too_many", {"max": _number(limits.max)})
    return Parsed([c.value for c in ordered], ordered)


def check_other_text(text: str) -> str | Rejection:
    """The "please specify" text, trimmed, or why it cannot be used."""
    stripped = text.strip()
    if not stripped:
        return Rejection("text_empty")
    if len(stripped) > TEXT_LIMIT:
        return Rejection("text_too_long", {"max": TEXT_LIMIT})
    return stripped


def _text(question: Question, text: str) -> Parsed | Rejection:
    checked = check_other_text(text)
    if isinstance(checked, Rejection):
        return checked
    limits = question.validation
    if limits.min_length is not None and len(checked) < limits.min_length:
        return Rejection("text_too_short", {"min": limits.min_length})
    if limits.max_length is not None and len(checked) > limits.max_length:
        return Rejection("text_too_long", {"max": limits.max_length})
    if limits.pattern and not _fullmatch(question, limits.pattern, checked):
        return Rejection("text_pattern")
    return Parsed(checked)


def _fullmatch(question: Question, pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        # config/ checks patterns; a broken one must not lock respondents out of the question.
        log.warning("question %s: invalid validation pattern ignored", question.code)
        return True


def _in_range(
    question: Question, value: int, kind: str, shown: Callable[[int | float], str]
) -> Parsed | Rejection:
    limits = question.validation
    if limits.min is not None and value < limits.min:
        return Rejection(f"{kind}_too_small", {"min": shown(_number(limits.min))})
    if limits.max is not None and value > limits.max:
        return Rejection(f"{kind}_too_large", {"max": shown(_number(limits.max))})
    return Parsed(value)


# A bare amount below the question's floor is read as thousands: "4500" -> Rp 4.500.000.
_BARE_AMOUNT_SCALE = 1000


def _money(question: Question, text: str) -> Parsed | Rejection:
    amount = parsing.parse_money(text)
    if 0 < amount < question.validation.money_floor and parsing.money_is_bare(text):
        likely = _in_range(question, amount * _BARE_AMOUNT_SCALE, "money", _rupiah)
        if isinstance(likely, Parsed):
            return Parsed(likely.value, confirm=True)
    return _in_range(question, amount, "money", _rupiah)


def _rating(question: Question, text: str) -> Parsed | Rejection:
    scale = question.scale or RatingScale()
    bounds = {"min": scale.min, "max": scale.max}
    try:
        value = parsing.parse_integer(text)
    except parsing.ReplyNotUnderstood:
        labelled = _rating_label(question, scale, text)
        if labelled is None:
            return Rejection("rating_not_understood", bounds)
        value = labelled
    if not scale.min <= value <= scale.max:
        return Rejection("rating_out_of_range", bounds)
    return _in_range(question, value, "number", _plain)


def _rating_label(question: Question, scale: RatingScale, text: str) -> int | None:
    """The scale point whose end label (any language) or numeric choice label was typed."""
    typed = parsing.normalize(text)
    for label, value in ((scale.min_label, scale.min), (scale.max_label, scale.max)):
        if label and any(parsing.normalize(t) == typed for t in label.values()):
            return value
    for choice in question.choices:
        if choice.value.isdigit() and any(
            parsing.normalize(t) == typed for t in choice.label.values()
        ):
            return int(choice.value)
    return None


def _plain(limit: int | float) -> str:
    return str(limit)


def _rupiah(limit: int | float) -> str:
    return parsing.format_money(round(limit))


def _number(limit: float) -> int | float:
    """Show 5.0 as 5: limits come from YAML as floats."""
    return int(limit) if float(limit).is_integer() else limit


def _languages(questionnaire: Questionnaire, language: str) -> tuple[str, ...]:
    return (language, *(lang for lang in questionnaire.languages if lang != language))


def choice_labels(
    questionnaire: Questionnaire, question: Question, values: Sequence[str], language: str
) -> str:
    """The labels of chosen values, joined: the `raw` of a button answer."""
    labels = []
    for value in values:
        choice = question.choice(value)
        labels.append(questionnaire.text(choice.label, language) if choice else value)
    return ", ".join(labels)


def display(
    questionnaire: Questionnaire,
    question: Question,
    value: AnswerValue | None,
    other_text: str | None,
    language: str,
) -> str:
    """How an answer is echoed back: "Rp 4.500.000", "17 Agustus 2024", a choice label, "—"."""
    if value is None:
        return SKIPPED_DISPLAY
    try:
        return _display(questionnaire, question, value, other_text, language)
    except (ValueError, TypeError):
        # A stored value that no longer fits its question (hand-edited data) is shown as is.
        return str(value)


def _display(
    questionnaire: Questionnaire,
    question: Question,
    value: AnswerValue,
    other_text: str | None,
    language: str,
) -> str:
    match question.type:
        case QuestionType.SINGLE_CHOICE | QuestionType.MULTIPLE_CHOICE:
            values = value if isinstance(value, list) else [str(value)]
            return ", ".join(
                _choice_display(questionnaire, question, v, other_text, language) for v in values
            )
        case QuestionType.MONEY:
            return parsing.format_money(_as_int(value))
        case QuestionType.DATE:
            return parsing.format_date(date.fromisoformat(str(value)), language)
        case QuestionType.MONTH:
            return parsing.format_month(str(value), language)
        case QuestionType.RATING:
            return _rating_display(questionnaire, question, _as_int(value), language)
        case QuestionType.PLACE:
            place = question.place.places.get(str(value)) if question.place else None
            if place is not None:
                return place.name
            return _choice_display(questionnaire, question, str(value), other_text, language)
    return str(value)


def _as_int(value: AnswerValue) -> int:
    if isinstance(value, list):
        raise TypeError("a list is not a number")
    return int(value)


def _choice_display(
    questionnaire: Questionnaire,
    question: Question,
    value: str,
    other_text: str | None,
    language: str,
) -> str:
    choice = question.choice(value)
    if choice is None:
        return value
    label = questionnaire.text(choice.label, language)
    return f"{label}: {other_text}" if choice.other and other_text else label


def _rating_display(
    questionnaire: Questionnaire, question: Question, value: int, language: str
) -> str:
    scale = question.scale or RatingScale()
    shown = f"{value}/{scale.max}"
    label = {scale.min: scale.min_label, scale.max: scale.max_label}.get(value)
    return f"{shown} ({questionnaire.text(label, language)})" if label else shown
