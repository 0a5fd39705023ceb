"""Skip logic: which questions apply, given the answers so far."""

from __future__ import annotations

from collections.abc import Mapping

from conversations.events import AnswerValue
from conversations.questionnaire import (
    AllOf,
    Answered,
    AnyOf,
    Condition,
    Equals,
    Not,
    NotOneOf,
    OneOf,
    Question,
    Questionnaire,
)
from conversations.state import Answer


def applicable(
    questionnaire: Questionnaire, answers: Mapping[str, Answer], question: Question
) -> bool:
    """Whether `question` is shown given `answers` (its show_if holds, see questionnaire.py)."""
    return _Evaluator(questionnaire, answers).applies(question.code)


def applicable_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[Question, ...]:
    """The questions shown given `answers`, in questionnaire order (notes included)."""
    evaluator = _Evaluator(questionnaire, answers)
    return tuple(q for q in questionnaire.questions if evaluator.applies(q.code))


class _Evaluator:
    """Evaluates show_if conditions once per question for one set of answers."""

    def __init__(self, questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> None:
        self._questionnaire = questionnaire
        self._answers = answers
        self._memo: dict[str, bool] = {}
        self._visiting: set[str] = set()
        self._cycle_seen = False

    def applies(self, code: str) -> bool:
        if code in self._memo:
            return self._memo[code]
        question = self._questionnaire.by_code.get(code)
        if question is None:
            return False
        if code in self._visiting:
            # A condition that depends on itself can never be satisfied. config/ rejects such
            # cycles; here they only must not recurse forever.
            self._cycle_seen = True
            return False
        self._visiting.add(code)
        try:
            result = question.show_if is None or self._holds(question.show_if)
        finally:
            self._visiting.discard(code)
        # Results computed while cutting a cycle depend on where evaluation entered it: keep
        # them out of the memo so every entry point sees the same answer.
        if not self._cycle_seen:
            self._memo[code] = result
        if not self._visiting:
            self._cycle_seen = False
        return result

    def _value(self, code: str) -> AnswerValue | None:
        answer = self._answers.get(code)
        if answer is None or answer.value is None:
            return None
        # An answer left over for a question that is no longer shown counts as no answer, so
        # callers (exports) may pass raw answers without pruning them first.
        if not self.applies(code):
            return None
        return answer.value

    def _holds(self, condition: Condition) -> bool:
        match condition:
            case Equals(question=code, value=expected):
                value = self._value(code)
                return value is not None and any(_same(v, expected) for v in _as_list(value))
            case OneOf(question=code, values=expected_values):
                value = self._value(code)
                return value is not None and _intersects(value, expected_values)
            case NotOneOf(question=code, values=expected_values):
                value = self._value(code)
                return value is not None and not _intersects(value, expected_values)
            case Answered(question=code):
                return self._value(code) is not None
            case AllOf(conditions=conditions):
                return all(self._holds(c) for c in conditions)
            case AnyOf(conditions=conditions):
                return any(self._holds(c) for c in conditions)
            case Not(condition=inner):
                return not self._holds(inner)
        return False


def _as_list(value: AnswerValue) -> list[str | int]:
    return list(value) if isinstance(value, list) else [value]


def _same(actual: str | int, expected: str | int) -> bool:
    # Codes are written as text in YAML but ratings and numbers are stored as int: "5" == 5.
    return str(actual) == str(expected)


def _intersects(value: AnswerValue, expected: tuple[str | int, ...]) -> bool:
    return any(_same(v, e) for v in _as_list(value) for e in expected)
