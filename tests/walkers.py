"""Typed replies that take one alumnus through a questionnaire, for tests of every channel."""

from __future__ import annotations

from datetime import UTC, datetime

from conversations.engine import resume, start
from conversations.events import AnswerConfirmationAsked, QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Question, Questionnaire, QuestionType
from conversations.state import Phase

TYPED = {
    QuestionType.TEXT: "Contoh jawaban",
    QuestionType.MONEY: "4,5 juta",
    QuestionType.DATE: "17 Agustus 2025",
    QuestionType.MONTH: "08/2025",
    QuestionType.PHONE: "0812-3456-7890",
    QuestionType.EMAIL: "alumni@example.com",
    QuestionType.RATING: "4",
}


def typed_answer(question: Question, by_code: dict[str, str] | None = None) -> str:
    """What an alumnus would type: the first choice's number, or a typical value of the type."""
    if by_code and question.code in by_code:
        return by_code[question.code]
    if question.type.has_choices:
        return "1"
    if question.type is QuestionType.INTEGER:
        return str(int(question.validation.min or 2))
    if question.type is QuestionType.PLACE and question.place is not None:
        # The first province listed (Aceh), and the first regency of the list, which is in it.
        return "1" if question.choices else question.place.places.places[0].name
    return TYPED[question.type]


def replies_to_finish(
    q: Questionnaire, by_code: dict[str, str] | None = None, known: dict[str, str] | None = None
) -> list[str]:
    """The typed replies from consent to submission, found by running the engine itself.

    `known` is what the roster holds (engine.start's): the values it offers are confirmed.
    """
    now = datetime(2026, 11, 23, tzinfo=UTC)
    step = resume(q, start(q, now, known=known).state, TextReply("ya"), now)
    replies = ["ya"]
    while step.state.phase is not Phase.REVIEW:
        if any(isinstance(e, AnswerConfirmationAsked) for e in step.events):
            replies.append("ya")
            step = resume(q, step.state, TextReply("ya"), now)
            continue
        asked = [e for e in step.events if isinstance(e, QuestionAsked)][-1]
        reply = "Lainnya" if asked.awaiting_other else typed_answer(asked.question, by_code)
        replies.append(reply)
        step = resume(q, step.state, TextReply(reply), now)
    return [*replies, "kirim"]
