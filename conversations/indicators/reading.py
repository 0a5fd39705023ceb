"""One completed response's answers, read into what the figures count.

Answers are the stored values (conversations.events.AnswerValue: a choice code, a list of codes,
a whole number); None or absent means skipped or not asked. A value of the wrong kind (a number
where a code belongs, a code that is not a choice, a negative month count, text for an income)
is unreadable: it counts in `unreadable` and, for the main status, as unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from conversations.indicators.declarations import BEST_LOW, Indicators
from conversations.questionnaire import Question, Questionnaire, QuestionType, RatingScale

UNKNOWN = "unknown"

# (province answer, city answer) -> the minimum wage in rupiah there, or None when unknown.
WageLookup = Callable[[object, object], int | None]


@dataclass(slots=True)
class Reading:
    """What one completed response contributes; None: it does not count in that figure."""

    category: str = UNKNOWN
    months: int | None = None
    income: int | None = None
    wage_met: bool | None = None  # income >= the place's minimum wage; None: not comparable
    alignment: int | None = None
    aligned: bool = False  # in the two best points of the scale
    sources: tuple[str, ...] = ()
    pkl: bool = False
    unreadable: int = 0


class AnswerReader:
    """Reads responses with one questionnaire's `outcome` and `indicators` declarations."""

    def __init__(self, questionnaire: Questionnaire, wage_for: WageLookup | None) -> None:
        self.outcome = questionnaire.outcome
        self.indicators = questionnaire.indicators or Indicators()
        self.wage_for = wage_for
        self._wages: dict[tuple[str | None, str | None], int | None] = {}
        by_code = questionnaire.by_code
        status = by_code.get(self.outcome.question) if self.outcome else None
        self.status_choices = _choices(status)
        source = self.indicators.job_source
        self.source_choices = _choices(by_code.get(source.question)) if source else ()
        # Alignment question -> (the points of its scale, the two best of them).
        self.scales: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        if self.indicators.alignment is not None:
            low = self.indicators.alignment.best == BEST_LOW
            for code in self.indicators.alignment.questions:
                points = _points(by_code.get(code))
                best = points[:2] if low else points[-2:]
                self.scales[code] = (frozenset(points), frozenset(best))

    def read(self, answers: Mapping[str, object]) -> Reading:
        """Everything one completed response counts in."""
        reading = Reading()
        self._status(answers, reading)
        self._waiting(answers, reading)
        self._income(answers, reading)
        self._alignment(answers, reading)
        self._source(answers, reading)
        return reading

    def _status(self, answers: Mapping[str, object], reading: Reading) -> None:
        if self.outcome is None:
            return
        value = answers.get(self.outcome.question)
        if value is None:
            return
        if not isinstance(value, str) or value not in self.status_choices:
            reading.unreadable += 1
            return
        reading.category = self.outcome.category(value) or UNKNOWN

    def _waiting(self, answers: Mapping[str, object], reading: Reading) -> None:
        waiting = self.indicators.waiting_time
        if waiting is None or (waiting.only is not None and not waiting.only.holds(answers)):
            return
        if waiting.before_graduation is not None and waiting.before_graduation.holds(answers):
            reading.months = 0
            return
        reading.months = self._count(answers.get(waiting.question), reading)

    def _income(self, answers: Mapping[str, object], reading: Reading) -> None:
        income = self.indicators.income
        if income is None:
            return
        # The first answered counts (the job's before the business's), even if unreadable.
        value = next((answers[c] for c in income.questions if answers.get(c) is not None), None)
        reading.income = self._count(value, reading)
        if reading.income is not None:
            wage = self._wage(answers, reading)
            reading.wage_met = None if wage is None else reading.income >= wage

    def _wage(self, answers: Mapping[str, object], reading: Reading) -> int | None:
        place = self.indicators.work_place
        if self.wage_for is None:
            return None
        if place is not None and place.abroad is not None and place.abroad.holds(answers):
            return None  # no Indonesian minimum wage applies abroad
        province = answers.get(place.province) if place and place.province else None
        city = answers.get(place.city) if place and place.city else None
        if not isinstance(province, str | None) or not isinstance(city, str | None):
            reading.unreadable += 1
            return None
        key = (province, city)
        if key not in self._wages:
            self._wages[key] = self.wage_for(province, city)
        return self._wages[key]

    def _alignment(self, answers: Mapping[str, object], reading: Reading) -> None:
        alignment = self.indicators.alignment
        if alignment is None:
            return
        code = next((c for c in alignment.questions if answers.get(c) is not None), None)
        if code is None:
            return
        value = answers[code]
        if isinstance(value, str) and _is_whole(value):
            value = int(value)  # a choice question's coded value, e.g. f14's "1"
        points, best = self.scales[code]
        if isinstance(value, bool) or not isinstance(value, int) or value not in points:
            reading.unreadable += 1
            return
        reading.alignment = value
        reading.aligned = value in best

    def _source(self, answers: Mapping[str, object], reading: Reading) -> None:
        source = self.indicators.job_source
        if source is None:
            return
        value = answers.get(source.question)
        if value is None:
            return
        chosen = value if isinstance(value, list) else [value]
        if not chosen or not all(isinstance(v, str) and v in self.source_choices for v in chosen):
            reading.unreadable += 1
            return
        reading.sources = tuple(str(v) for v in chosen)
        reading.pkl = any(v in source.pkl for v in reading.sources)

    @staticmethod
    def _count(value: object, reading: Reading) -> int | None:
        """A whole number of months or rupiah, 0 or more; None when skipped or unreadable."""
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            reading.unreadable += 1
            return None
        return value


def _choices(question: Question | None) -> tuple[str, ...]:
    return tuple(c.value for c in question.choices) if question else ()


def _points(question: Question | None) -> tuple[int, ...]:
    """The points of an alignment question's scale, lowest first (empty when unknown)."""
    if question is None:
        return ()
    if question.type is QuestionType.RATING:
        scale = question.scale or RatingScale()
        return tuple(range(scale.min, scale.max + 1))
    return tuple(sorted(int(c.value) for c in question.choices if _is_whole(c.value)))


def _is_whole(text: str) -> bool:
    digits = text[1:] if text.startswith("-") else text
    return digits.isascii() and digits.isdigit()
