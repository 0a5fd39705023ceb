"""Plain text for text channels (terminal simulator, WhatsApp): one string per event, no markup."""

from __future__ import annotations

from conversations.answers import display
from conversations.commands import COMMAND_WORDS
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswerRejected,
    AnswersDropped,
    Completed,
    ConsentRequested,
    DataErased,
    Declined,
    Event,
    LanguageChanged,
    Notice,
    QuestionAsked,
    Restarted,
    ReviewShown,
    Stopped,
)
from conversations.messages import t
from conversations.placing import candidate_names
from conversations.questionnaire import (
    LEVEL_PROVINCE,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
)

# The hint for the types that are typed rather than chosen.
_TYPE_HINTS = {
    QuestionType.TEXT: "hint_text",
    QuestionType.INTEGER: "hint_integer",
    QuestionType.MONEY: "hint_money",
    QuestionType.DATE: "hint_date",
    QuestionType.MONTH: "hint_month",
    QuestionType.PHONE: "hint_phone",
    QuestionType.EMAIL: "hint_email",
}


def render_text(questionnaire: Questionnaire, event: Event, language: str) -> str | None:
    """The text that shows `event` on a plain-text channel, or None for nothing to show."""
    match event:
        case ConsentRequested(language=lang):
            return _consent(questionnaire, lang)
        case QuestionAsked():
            return _question(questionnaire, event)
        case AnswerRecorded(value=None):
            return t(language, "answer_skipped")
        case AnswerRecorded(display=shown):
            return t(language, "answer_recorded", answer=shown)
        case AnswerConfirmationAsked(language=lang, display=shown, prefill=field):
            # Numbered like every list on a text channel; "ya"/"tidak" work as well.
            asked = (
                t(lang, "confirm_known", field=t(lang, f"known_{field}"), answer=shown)
                if field
                else t(lang, "confirm_answer", answer=shown)
            )
            return "\n".join(
                (
                    asked,
                    f"1. {t(lang, 'button_yes_short')}",
                    f"2. {t(lang, 'button_no')}",
                    t(lang, "confirm_answer_hint"),
                )
            )
        case AnswerRejected(key=key, params=params, message=message):
            own = questionnaire.text(message, language)
            return own or t(language, key, **params)
        case AnswersDropped(codes=codes):
            labels = ", ".join(_label(questionnaire, code, language) for code in codes)
            return t(language, "answers_dropped", questions=labels)
        case ReviewShown():
            return _review(event)
        case Notice(key="help"):
            return help_text(language)
        case Notice(key=key, params=params):
            return t(language, key, **params)
        case LanguageChanged(language=lang):
            return t(lang, "language_changed")
        case Completed():
            return t(language, "completed")
        case Declined():
            return t(language, "declined")
        case Stopped():
            return t(language, "stopped")
        case Restarted():
            return t(language, "restarted")
        case DataErased():
            return t(language, "data_erased")
    return None


def help_text(language: str) -> str:
    """The command words, each with what it does."""
    lines = [t(language, "help")]
    for kind, words in COMMAND_WORDS.items():
        # The first word is the Indonesian one; the English one is the kind's own name, written
        # as one word to type ("delete_data" is shown as DELETEDATA, like HAPUSDATA).
        english = kind.value.replace("_", "")
        shown = [words[0], *([english] if english in words[1:] else [])]
        if language != "id":
            shown.reverse()
        lines.append(
            f"• {' / '.join(w.upper() for w in shown)}: {t(language, f'help_{kind.value}')}"
        )
    return "\n".join(lines)


def _consent(questionnaire: Questionnaire, language: str) -> str:
    parts = [
        questionnaire.text(questionnaire.title, language),
        questionnaire.text(questionnaire.description, language),
        questionnaire.text(questionnaire.consent, language),
        t(language, "consent_prompt"),
    ]
    return "\n\n".join(p for p in parts if p)


def _question(questionnaire: Questionnaire, event: QuestionAsked) -> str:
    question, language = event.question, event.language
    label = questionnaire.text(question.label, language)
    # A percentage, not "number/total": the total grows as answers open branches. Nothing is
    # shown before the first answer (nor on notes): "0%" tells nobody anything.
    lines = [f"{event.progress}% · {label}" if event.number and event.progress else label]
    help_ = questionnaire.text(question.help, language)
    if help_:
        lines.append(f"({help_})")
    if not question.type.is_answerable:
        return "\n".join(lines)
    if event.awaiting_other is not None:
        choice = question.choice(event.awaiting_other)
        other = questionnaire.text(choice.label, language) if choice else event.awaiting_other
        lines.append(t(language, "hint_other", choice=other))
        return "\n".join(lines)
    if question.type is QuestionType.PLACE and event.selected:
        # The reply fitted several places ("bandung"): which one?
        names = candidate_names(question, event.selected)
        lines.append(t(language, "place_which"))
        lines.extend(f"{n}. {name}" for n, name in enumerate(names, 1))
        lines.append(t(language, "hint_single", count=len(names)))
        return "\n".join(lines)
    lines.extend(
        f"{n}. {questionnaire.text(c.label, language)}" for n, c in enumerate(question.choices, 1)
    )
    lines.append(_hint(questionnaire, question, language))
    if event.current is not None:
        current = display(questionnaire, question, event.current, None, language)
        lines.append(t(language, "current_answer", answer=current))
    elif event.selected:
        selected = display(questionnaire, question, list(event.selected), None, language)
        lines.append(t(language, "hint_selected", selected=selected))
    if not question.required:
        lines.append(t(language, "hint_optional"))
    return "\n".join(lines)


def _hint(questionnaire: Questionnaire, question: Question, language: str) -> str:
    count = len(question.choices)
    match question.type:
        case QuestionType.SINGLE_CHOICE:
            return t(language, "hint_single", count=count)
        case QuestionType.MULTIPLE_CHOICE:
            return t(language, "hint_multiple", count=count)
        case QuestionType.RATING:
            scale = question.scale or RatingScale()
            ends = [
                f"{point} = {questionnaire.text(label, language)}"
                for point, label in ((scale.min, scale.min_label), (scale.max, scale.max_label))
                if label
            ]
            if ends:
                return t(
                    language,
                    "hint_rating_labels",
                    min=scale.min,
                    max=scale.max,
                    ends=", ".join(ends),
                )
            return t(language, "hint_rating", min=scale.min, max=scale.max)
        case QuestionType.PLACE if question.place and question.place.level == LEVEL_PROVINCE:
            return t(language, "hint_place_province", count=count)
        case QuestionType.PLACE:
            return t(language, "hint_place_regency")
        case QuestionType.INTEGER if None not in (question.validation.min, question.validation.max):
            low, high = question.validation.min, question.validation.max
            return t(language, "hint_integer_range", min=_whole(low), max=_whole(high))
    return t(language, _TYPE_HINTS.get(question.type, "hint_text"))


def _review(event: ReviewShown) -> str:
    language = event.language
    lines = [t(language, "review_title" if event.complete else "review_title_partial")]
    # Labels are whole questions, often ending in "?": the answer goes on a line of its own.
    lines.extend(f"{item.number}. {item.label}\n   {item.display}" for item in event.items)
    if not event.items:
        lines.append(t(language, "review_empty"))
    if event.complete:
        lines.append(t(language, "review_footer"))
    return "\n".join(lines)


def _whole(limit: float | None) -> int | float | None:
    return int(limit) if limit is not None and float(limit).is_integer() else limit


def _label(questionnaire: Questionnaire, code: str, language: str) -> str:
    question = questionnaire.by_code.get(code)
    return questionnaire.text(question.label, language) if question else code
