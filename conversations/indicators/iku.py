"""The ministry's performance indicator for graduates (IKU), by the definition the caller chooses.

Over the respondents (completed responses) of the cohort, by their main status (`outcome`):

- "2021", IKU 1 of Kepmendikbud No. 3/M/2021, "lulusan mendapat pekerjaan yang layak". A
  respondent working as an employee counts when their first job came in under 6 months
  (waiting time < 6; 0 when it came before graduation) AND their pay is more than 1.2 times the
  minimum wage of the place of work (`wage_for`, as the income figure uses it). Both bounds
  strict, as the guidebook's criteria are summarised: "masa tunggu harus kurang dari enam
  bulan", "gaji yang lebih dari 1,2 kali lipat upah minimum regional", the regency/city wage of
  the place of work (Duta Academy, "Lulusan Mendapatkan Pekerjaan yang Layak Berdasarkan IKU
  Perguruan Tinggi", 21 May 2024, from the IKU PTN guidebook). The self-employed and those in
  further study count in full and unweighted, as universities report the indicator: ITS's
  88.8% = 78% working + 6% self-employed + 4.8% further study (Kompas.com, 24 July 2023). The
  guidebook also asks a business's start within 6 months; the questionnaires do not ask it in
  months, so every self-employed respondent counts. A worker whose pay is known but whose place
  has no known minimum wage, and whose waiting time does not already rule them out, is counted
  apart (`not_comparable`) and left out of `n`; a worker whose waiting time or pay is missing
  does not count (nothing shows the criterion met) but stays in `n`.
- "2025", IKU 2 of the IKU Diktisaintek Berdampak 2025–2029: the share working, studying or
  self-employed within 12 months of graduating (as summarised by Kompas.com, reposted on
  sukmassp.blogspot.com, 10 February 2026). A worker counts with a waiting time of 12 months or
  less; the self-employed and those studying count whatever their start, which the
  questionnaires do not ask in months. `not_comparable` is 0: no wage is compared.

Result: {definition, n, count, share, not_comparable, source}; null when no definition is chosen
or the questionnaire does not declare what it needs (`outcome` and `waiting_time`; for 2021
`income` too: without `work_place` the place is the institution's, as for the income figure).
"""

from __future__ import annotations

from conversations.indicators.declarations import Indicators
from conversations.indicators.numbers import share
from conversations.indicators.reading import Reading

IKU_2021 = "2021"
IKU_2025 = "2025"
IKU_DEFINITIONS: tuple[str, ...] = (IKU_2021, IKU_2025)
# The source each definition follows, printed beside the figure.
IKU_SOURCES = {
    IKU_2021: (
        "Kepmendikbud No. 3/M/2021, IKU 1: first job in under 6 months paying more than 1.2x "
        "the minimum wage of the place of work (Duta Academy, 2024-05-21, from the IKU PTN "
        "guidebook), plus the self-employed and further study, unweighted (ITS via Kompas.com, "
        "2023-07-24)"
    ),
    IKU_2025: (
        "IKU Diktisaintek Berdampak 2025-2029, IKU 2: working, studying or self-employed within "
        "12 months of graduating (Kompas.com via sukmassp.blogspot.com, 2026-02-10)"
    ),
}
# The main statuses that count whatever their start (not asked in months).
ALWAYS = ("entrepreneur", "studying")
DECENT_WAIT_UNDER = 6  # months, strict
DECENT_PAY_TIMES = (6, 5)  # pay * 5 > wage * 6: more than 1.2 times, in whole numbers
WITHIN_12 = 12  # months, included


class IkuTally:
    """Counts respondents into the IKU of one definition (module docstring)."""

    def __init__(self, definition: str | None, indicators: Indicators, has_outcome: bool) -> None:
        if definition is not None and definition not in IKU_DEFINITIONS:
            raise ValueError(
                f"unknown IKU definition {definition!r}; use one of: {', '.join(IKU_DEFINITIONS)}"
            )
        needs = has_outcome and indicators.waiting_time is not None
        if definition == IKU_2021:
            needs = needs and indicators.income is not None
        self._definition = definition if needs else None
        self._respondents = 0
        self._count = 0
        self._not_comparable = 0

    def add(self, reading: Reading | None) -> None:
        """Count one alumnus; `reading` is their completed response's, None when not complete."""
        if self._definition is None or reading is None:
            return
        self._respondents += 1
        if reading.category in ALWAYS:
            self._count += 1
        elif reading.category == "working":
            met = self._decent(reading) if self._definition == IKU_2021 else _within_12(reading)
            if met is None:
                self._not_comparable += 1
            else:
                self._count += met

    def result(self) -> dict[str, object] | None:
        """The IKU figure, JSON-ready; None when not chosen or not computable."""
        if self._definition is None:
            return None
        n = self._respondents - self._not_comparable
        return {
            "definition": self._definition,
            "n": n,
            "count": self._count,
            "share": share(self._count, n),
            "not_comparable": self._not_comparable,
            "source": IKU_SOURCES[self._definition],
        }

    @staticmethod
    def _decent(reading: Reading) -> bool | None:
        """A job in under 6 months paying more than 1.2x the wage; None: cannot be compared."""
        if reading.months is None or reading.months >= DECENT_WAIT_UNDER:
            return False
        if reading.income is None:
            return False
        if reading.wage is None:
            return None
        times, per = DECENT_PAY_TIMES
        return reading.income * per > reading.wage * times


def _within_12(reading: Reading) -> bool:
    return reading.months is not None and reading.months <= WITHIN_12
