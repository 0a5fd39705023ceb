"""Inline keyboards for the engine's events, and their callback data (at most 64 bytes)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.alumni.runner import version_tag
from conversations.events import (
    AnswerConfirmationAsked,
    ConsentRequested,
    Event,
    QuestionAsked,
    ReviewShown,
)
from conversations.inputs import (
    BUTTON_BACK,
    BUTTON_CONSENT_NO,
    BUTTON_CONSENT_YES,
    BUTTON_DONE,
    BUTTON_SKIP,
    BUTTON_SUBMIT,
    ButtonPress,
)
from conversations.messages import t
from conversations.questionnaire import Questionnaire, QuestionType, RatingScale

SEPARATOR = "|"
LABEL_LIMIT = 60  # Telegram shows long button labels cut anyway; the text has them in full


def encode(version: str, question: str, value: str) -> str:
    """Callback data for a button: which version and question it was shown for, and its value."""
    data = SEPARATOR.join((version_tag(version), question, value))
    # config/ caps codes at 32 and values at 16 characters, so this holds for any valid file.
    assert len(data.encode()) <= 64, data
    return data


def decode(data: str) -> ButtonPress | None:
    """The press a button stands for; None for data this bot never made."""
    parts = data.split(SEPARATOR)
    if len(parts) != 3 or not parts[2]:
        return None
    tag, question, value = parts
    return ButtonPress(question=question, value=value, version=tag)


def keyboard(questionnaire: Questionnaire, event: Event) -> InlineKeyboardMarkup | None:
    """The buttons that go with an event, if it asks for something a tap can answer."""
    version = questionnaire.version
    match event:
        case ConsentRequested(language=lang):
            return InlineKeyboardMarkup(
                [
                    [_button(t(lang, "button_yes"), version, "", BUTTON_CONSENT_YES)],
                    [_button(t(lang, "button_no"), version, "", BUTTON_CONSENT_NO)],
                ]
            )
        case AnswerConfirmationAsked(code=code, language=lang):
            # The same yes/no values as consent, but for the question: a stale tap is known.
            return InlineKeyboardMarkup(
                [
                    [
                        _button(t(lang, "button_yes_short"), version, code, BUTTON_CONSENT_YES),
                        _button(t(lang, "button_no"), version, code, BUTTON_CONSENT_NO),
                    ]
                ]
            )
        case QuestionAsked() if event.question.type.is_answerable and not event.awaiting_other:
            return _question_keyboard(questionnaire, event)
        case ReviewShown(complete=True, language=lang):
            return InlineKeyboardMarkup(
                [[_button(t(lang, "button_submit"), version, "", BUTTON_SUBMIT)]]
            )
    return None


def _question_keyboard(
    questionnaire: Questionnaire, event: QuestionAsked
) -> InlineKeyboardMarkup | None:
    question, lang, version = event.question, event.language, questionnaire.version
    rows: list[list[InlineKeyboardButton]] = []
    if question.type.has_choices:
        multiple = question.type is QuestionType.MULTIPLE_CHOICE
        for number, choice in enumerate(question.choices, 1):
            label = questionnaire.text(choice.label, lang)
            ticked = "✓ " if multiple and choice.value in event.selected else ""
            rows.append(
                [_button(f"{ticked}{number}. {label}", version, question.code, choice.value)]
            )
        if multiple:
            rows.append([_button(t(lang, "button_done"), version, question.code, BUTTON_DONE)])
    elif question.type is QuestionType.RATING:
        scale = question.scale or RatingScale()
        points = range(scale.min, scale.max + 1)
        rows.append([_button(str(p), version, question.code, str(p)) for p in points])
    navigation = []
    if event.number > 1:
        navigation.append(_button(t(lang, "button_back"), version, question.code, BUTTON_BACK))
    if not question.required:
        navigation.append(_button(t(lang, "button_skip"), version, question.code, BUTTON_SKIP))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows) if rows else None


def _button(label: str, version: str, question: str, value: str) -> InlineKeyboardButton:
    if len(label) > LABEL_LIMIT:
        label = label[: LABEL_LIMIT - 1] + "…"
    return InlineKeyboardButton(label, callback_data=encode(version, question, value))
