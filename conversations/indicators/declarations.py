"""Which questions (and which of their values) feed which indicator: the YAML `indicators:` key.

config/indicator_checks.py reads and checks the YAML; conversations.indicators.figures computes
the figures from these declarations. Every part is optional: a figure whose part is not declared
is null in the report. Definitions of the figures: /work/shared/indicators.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The indicators a questionnaire may declare, in the order reports show them.
INDICATOR_NAMES: tuple[str, ...] = (
    "waiting_time",
    "income",
    "work_place",
    "alignment",
    "job_source",
)

# The direction of an alignment scale: which end is the best fit.
BEST_HIGH = "high"
BEST_LOW = "low"
BEST_DIRECTIONS: tuple[str, ...] = (BEST_HIGH, BEST_LOW)


@dataclass(frozen=True, slots=True)
class ChoiceIn:
    """The answer to a choice question is one of `values` (a multiple choice: any chosen is)."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, object]) -> bool:
        """Whether the answers meet it; a skipped, missing or unreadable answer does not."""
        value = answers.get(self.question)
        if isinstance(value, str):
            return value in self.values
        if isinstance(value, list):
            return any(isinstance(v, str) and v in self.values for v in value)
        return False


@dataclass(frozen=True, slots=True)
class WaitingTime:
    """Months from graduation to the first job, over respondents who work as an employee."""

    question: str  # an integer question: the months stated
    # The answers meaning the first job came before graduation: 0 months, whatever `question` says.
    before_graduation: ChoiceIn | None = None
    # Who counts, when `question` is also asked of others (a business's start is not a wait).
    only: ChoiceIn | None = None


@dataclass(frozen=True, slots=True)
class Income:
    """Monthly income in rupiah: the first of `questions` answered counts (list the job's first)."""

    questions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkPlace:
    """Where the alumnus works: the answers passed to the minimum-wage lookup."""

    province: str | None = None
    city: str | None = None
    # The answers meaning the job is abroad: no Indonesian minimum wage applies.
    abroad: ChoiceIn | None = None


@dataclass(frozen=True, slots=True)
class Alignment:
    """Fit of the job or business with the programme: the first of `questions` answered counts."""

    questions: tuple[str, ...]  # rating, or a choice whose values are whole numbers
    best: str  # BEST_HIGH: the top of the scale is the best fit; BEST_LOW: the bottom is


@dataclass(frozen=True, slots=True)
class JobSource:
    """How the job was found: answers counted per choice value."""

    question: str
    pkl: tuple[str, ...] = ()  # the values meaning "my PKL (internship) place hired me"


@dataclass(frozen=True, slots=True)
class Indicators:
    """A questionnaire's declared indicators; None: not declared, so its figures are null."""

    waiting_time: WaitingTime | None = None
    income: Income | None = None
    work_place: WorkPlace | None = None
    alignment: Alignment | None = None
    job_source: JobSource | None = None
