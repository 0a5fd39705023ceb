"""Issue #12: on the real templates, the progress shown never goes backwards and its total never
grows, whatever route the answers take (hypothesis picks the answers, and sometimes BACK)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.loader import load_questionnaire
from config.templates import TEMPLATE_DIR
from conversations.engine import resume, start
from conversations.events import QuestionAsked
from conversations.inputs import TextReply
from conversations.questionnaire import Question, Questionnaire, QuestionType
from conversations.render import render_text
from conversations.state import Phase

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TYPED = {
    QuestionType.TEXT: ["Contoh jawaban", "PT Maju"],
    QuestionType.MONEY: ["4,5 juta", "2500000", "4500", "ya"],  # "4500" is asked back: "ya"
    QuestionType.DATE: ["01-09-2025", "17 Agst 2024"],
    QuestionType.MONTH: ["09-2025", "Agst 2024"],
    QuestionType.PHONE: ["0812-3456-7890"],
    QuestionType.EMAIL: ["alumni@example.com"],
    QuestionType.RATING: ["1", "4", "5"],
}
# A shown progress, and a count that would give a growing denominator away.
PERCENT = re.compile(r"^(\d{1,3})% · ")
COUNT = re.compile(r"^\d+/\d+ · ")


@functools.cache
def template(name: str) -> Questionnaire:
    return load_questionnaire(TEMPLATE_DIR / f"{name}.yaml")


def answers_for(question: Question, awaiting_other: bool) -> st.SearchStrategy[str]:
    """Replies that answer the question (by any route), now and then a BACK or a skip."""
    if awaiting_other:
        return st.just("Jawaban lain")
    if question.type.has_choices:
        numbers = [str(n) for n in range(1, len(question.choices) + 1)]
        if question.type is QuestionType.MULTIPLE_CHOICE:
            return st.lists(st.sampled_from(numbers), min_size=1, max_size=3).map(", ".join)
        return st.sampled_from(numbers)
    if question.type is QuestionType.PLACE:
        # Java's provinces by number, name or alias; regencies typed, one of them ambiguous
        # (asked back) and one in Jawa Timur only (refused when another province was chosen).
        if question.choices:
            return st.sampled_from(["Jawa Timur", "jatim", "jabar", "12", "jawa"])
        return st.sampled_from(["Kota Surabaya", "sidoarjo", "bandung", "1", "kota"])
    if question.type is QuestionType.INTEGER:
        low = int(question.validation.min or 0)
        high = int(question.validation.max or low + 24)
        return st.integers(low, min(high, low + 24)).map(str)
    return st.sampled_from(TYPED[question.type])


@pytest.mark.parametrize("name", ["smk", "blk", "dikti"])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_progress_never_goes_backwards_and_its_total_never_grows(
    name: str, data: st.DataObject
) -> None:
    q = template(name)
    step = resume(q, start(q, NOW).state, TextReply("ya"), NOW)
    shown: list[int] = []
    for _ in range(len(q.questions) * 3):
        if step.state.phase is not Phase.QUESTION:
            break
        for event in step.events:
            if not isinstance(event, QuestionAsked) or event.progress is None:
                continue
            assert 0 <= event.progress <= 100
            assert not shown or event.progress >= shown[-1], (shown, event.question.code)
            shown.append(event.progress)
            text = render_text(q, event, "id") or ""
            assert not COUNT.match(text), text
            match = PERCENT.match(text)
            assert (match is not None and int(match.group(1)) == event.progress) or (
                match is None and event.progress == 0
            ), text
        question = q.question(step.state.current or "")
        roll = data.draw(st.integers(0, 9))
        if roll == 0:
            reply = "kembali"
        elif roll == 1 and not question.required:
            reply = "lewati"
        else:
            reply = data.draw(answers_for(question, step.state.awaiting_other is not None))
        step = resume(q, step.state, TextReply(reply), NOW)
    assert shown == sorted(shown)
