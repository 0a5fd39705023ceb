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
    "workplace_level",
    "placement",
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


# The workplace levels of the university's accreditation table (f5d), in the table's order.
WORKPLACE_LEVELS: tuple[str, ...] = ("local", "national", "multinational")


@dataclass(frozen=True, slots=True)
class WorkplaceLevel:
    """The level of the workplace (the university's f5d): the answers meaning each level."""

    question: str  # a single choice, asked of the working and the self-employed
    local: tuple[str, ...]  # f5d 1: local/regional, or an unincorporated business
    national: tuple[str, ...]  # f5d 2: national, or an incorporated business
    multinational: tuple[str, ...]  # f5d 3: multinational/international

    def level(self, value: object) -> str | None:
        """The level of an answer value (one of WORKPLACE_LEVELS), or None when none lists it."""
        listed = (self.local, self.national, self.multinational)
        for name, values in zip(WORKPLACE_LEVELS, listed, strict=True):
            if isinstance(value, str) and value in values:
                return name
        return None


@dataclass(frozen=True, slots=True)
class Placement:
    """A training centre's placement table per programme and batch (who is placed: `outcome`)."""

    # The roster's programme and batch come first; these questions name them for a respondent the
    # roster gives none (a BLK roster has no batch). The training fit is `alignment`'s.
    programme: str | None = None  # a text or single-choice question (a choice: its label)
    batch: str | None = None


@dataclass(frozen=True, slots=True)
class Indicators:
    """A questionnaire's declared indicators; None: not declared, so its figures are null."""

    waiting_time: WaitingTime | None = None
    income: Income | None = None
    work_place: WorkPlace | None = None
    alignment: Alignment | None = None
    job_source: JobSource | None = None
    workplace_level: WorkplaceLevel | None = None
    placement: Placement | None = None
