"""The report's figures for one survey's cohort, per group (class, programme) and in total.

Pure: respondents go in one at a time (`FiguresBuilder.add`), a JSON-ready dict comes out
(`result`). Only counts, and counts per distinct value for medians, are kept, so 100,000 alumni
take little memory (100,000 alumni: about a second). One-line definitions of every key:
conversations.indicators.definitions.FIGURE_DEFINITIONS; rounding: conversations.indicators.numbers.

Only completed responses count beyond `alumni` and `completed`. A figure with no data is None,
never 0; a figure whose declaration is missing is None too: `bmw_rate` without `outcome` (every
response then counts as unknown), waiting time, income, alignment and job source without their
`indicators` part. `pkl_share` is None unless the job source declares its PKL values.
A group with fewer than `min_group_size` completed responses keeps its counts but shows no mean,
median or share of waiting time, income or alignment (`suppressed: true`): with three people a
median is someone's pay.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conversations.indicators.numbers import (
    Distribution,
    mean_of,
    median_of,
    rupiah_or_none,
    share,
)
from conversations.indicators.reading import UNKNOWN, AnswerReader, Reading, WageLookup
from conversations.questionnaire import OUTCOME_CATEGORIES, Questionnaire

__all__ = ["OUTCOME_KEYS", "FiguresBuilder", "Respondent", "WageLookup", "compute_figures"]

# The outcome counts of the report, in order: the categories, then those no category maps.
OUTCOME_KEYS: tuple[str, ...] = (*OUTCOME_CATEGORIES, UNKNOWN)
# The categories of the BMW rate (Bekerja, Melanjutkan, Wirausaha).
BMW = ("working", "entrepreneur", "studying")


@dataclass(frozen=True, slots=True)
class Respondent:
    """One alumnus on the roster of the survey's cohort, with their response if any."""

    groups: Mapping[str, str | None]  # e.g. {"class": "XII AKL 1", "programme": "AKL"}
    completed: bool
    # question code -> the stored answer value (conversations.events.AnswerValue); skipped: None
    answers: Mapping[str, object]


class _Tally:
    """The counts behind the figures of one population (the whole cohort or one group)."""

    __slots__ = (
        "aligned",
        "alignment",
        "alumni",
        "completed",
        "incomes",
        "months",
        "not_comparable",
        "outcome",
        "wage_met",
    )

    def __init__(self) -> None:
        self.alumni = 0
        self.completed = 0
        self.outcome = dict.fromkeys(OUTCOME_KEYS, 0)
        self.months = Distribution()
        self.incomes = Distribution()
        self.wage_met = 0
        self.not_comparable = 0
        self.alignment = Distribution()
        self.aligned = 0

    def add(self, reading: Reading | None) -> None:
        """Count one alumnus; `reading` is their completed response's, None when not complete."""
        self.alumni += 1
        if reading is None:
            return
        self.completed += 1
        self.outcome[reading.category] += 1
        if reading.months is not None:
            self.months.add(reading.months)
        if reading.income is not None:
            self.incomes.add(reading.income)
            if reading.wage_met is None:
                self.not_comparable += 1
            else:
                self.wage_met += reading.wage_met
        if reading.alignment is not None:
            self.alignment.add(reading.alignment)
            self.aligned += reading.aligned


class FiguresBuilder:
    """Streams respondents in and gives the report's figures (see the module's docstring)."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        *,
        wage_for: WageLookup | None = None,
        group_keys: Sequence[str] = ("class", "programme"),
        min_group_size: int = 5,
    ) -> None:
        self._reader = AnswerReader(questionnaire, wage_for)
        self._has_outcome = questionnaire.outcome is not None
        self._indicators = self._reader.indicators
        self._min_group_size = min_group_size
        self._total = _Tally()
        self._groups: dict[str, dict[str | None, _Tally]] = {key: {} for key in group_keys}
        source = self._indicators.job_source
        self._sources = dict.fromkeys(self._reader.source_choices, 0) if source else None
        self._sourced = 0  # completed responses with a job source answer
        self._pkl = 0
        self._unreadable = 0

    def add(self, respondent: Respondent) -> None:
        """Count one alumnus of the cohort, with their response when it is complete."""
        reading = self._reader.read(respondent.answers) if respondent.completed else None
        self._total.add(reading)
        for key, groups in self._groups.items():
            name = respondent.groups.get(key)
            # A name that is not text (a number from a spreadsheet) is grouped as written.
            name = None if name is None else str(name)
            tally = groups.get(name)
            if tally is None:  # not setdefault: a _Tally per alumnus would be built for nothing
                tally = groups[name] = _Tally()
            tally.add(reading)
        if reading is None:
            return
        self._unreadable += reading.unreadable
        if self._sources is not None and reading.sources:
            self._sourced += 1
            self._pkl += reading.pkl
            for value in reading.sources:
                self._sources[value] += 1

    def result(self) -> dict[str, object]:
        """The figures, JSON-ready: ints, floats, str, None, dicts and lists only."""
        figures = self._figures(self._total, suppressed=False)
        has_pkl = self._indicators.job_source is not None and bool(self._indicators.job_source.pkl)
        return {
            **figures,
            "job_source": dict(self._sources) if self._sources is not None else None,
            "pkl_share": share(self._pkl, self._sourced) if has_pkl else None,
            "unreadable": self._unreadable,
            "groups": {key: self._group_list(groups) for key, groups in self._groups.items()},
        }

    def _group_list(self, groups: dict[str | None, _Tally]) -> list[dict[str, object]]:
        # By name; alumni without a group (None) last.
        names = sorted(groups, key=lambda name: (name is None, name or ""))
        entries = []
        for name in names:
            tally = groups[name]
            suppressed = tally.completed < self._min_group_size
            entries.append(
                {"name": name, **self._figures(tally, suppressed), "suppressed": suppressed}
            )
        return entries

    def _figures(self, tally: _Tally, suppressed: bool) -> dict[str, Any]:
        bmw = sum(tally.outcome[c] for c in BMW)
        declared = self._indicators
        return {
            "alumni": tally.alumni,
            "completed": tally.completed,
            "response_rate": share(tally.completed, tally.alumni),
            "outcome": dict(tally.outcome),
            "bmw_rate": share(bmw, tally.completed) if self._has_outcome else None,
            "waiting_time_months": _waiting(tally, suppressed) if declared.waiting_time else None,
            "income": _income(tally, suppressed) if declared.income else None,
            "alignment": _alignment(tally, suppressed) if declared.alignment else None,
        }


def _waiting(tally: _Tally, suppressed: bool) -> dict[str, object]:
    months = tally.months
    return {
        "n": months.n,
        "mean": None if suppressed else mean_of(months),
        "median": None if suppressed else median_of(months),
        "within_3": None if suppressed else share(months.at_most(3), months.n),
        "within_6": None if suppressed else share(months.at_most(6), months.n),
    }


def _income(tally: _Tally, suppressed: bool) -> dict[str, object]:
    incomes = tally.incomes
    comparable = incomes.n - tally.not_comparable
    return {
        "n": incomes.n,
        "mean": None if suppressed else rupiah_or_none(incomes.mean()),
        "median": None if suppressed else rupiah_or_none(incomes.median()),
        "at_least_minimum_wage": None if suppressed else share(tally.wage_met, comparable),
        "not_comparable": tally.not_comparable,
    }


def _alignment(tally: _Tally, suppressed: bool) -> dict[str, object]:
    scores = tally.alignment
    return {
        "n": scores.n,
        "mean": None if suppressed else mean_of(scores),
        "aligned_share": None if suppressed else share(tally.aligned, scores.n),
    }


def compute_figures(
    questionnaire: Questionnaire,
    respondents: Iterable[Respondent],
    *,
    wage_for: WageLookup | None = None,
    group_keys: Sequence[str] = ("class", "programme"),
    min_group_size: int = 5,
) -> dict[str, object]:
    """The figures of a whole set of respondents at once (see FiguresBuilder)."""
    builder = FiguresBuilder(
        questionnaire, wage_for=wage_for, group_keys=group_keys, min_group_size=min_group_size
    )
    for respondent in respondents:
        builder.add(respondent)
    return builder.result()
