"""The university's accreditation tables, per graduation year: waiting time bands, field fit
and workplace level, as study programmes fill them in (BAN-PT/LAM self-evaluation tables).

Per year: `alumni` on the roster and `respondents` (completed responses: the "traced"
graduates), then
- `waiting_bands`: the waiting time (the `waiting_time` declaration: employees, 0 when the job
  came before graduation) in bands under 6 months, 6 to 18 months (both included), over 18;
- `field_fit`: the alignment answer (the university's f14) counted per point of its scale, and
  the share in its two best points (`aligned_share`, as the figures' alignment);
- `workplace_level`: local, national, multinational (f5d, the `workplace_level` declaration),
  over the working and self-employed who answered it.
Each table is {n, counts, shares}; a share with n = 0 is null. The whole `accreditation` is null
unless the questionnaire declares `workplace_level`, the part only a university form has (an SMK
declares waiting time and alignment too, and needs no accreditation tables); `waiting_bands` and
`field_fit` are null when `waiting_time` or `alignment` is not declared. No table is suppressed
for a small year: they hold counts, and the study programme reports them as counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from conversations.indicators.declarations import WORKPLACE_LEVELS
from conversations.indicators.numbers import share
from conversations.indicators.reading import AnswerReader, Reading

# The respondent's group holding their graduation year (Respondent.groups).
YEAR_GROUP = "year"
# The key of the alumni whose graduation year is not known (JSON keys cannot be null).
UNKNOWN_YEAR = "unknown"
# The waiting time bands, in the table's order.
BANDS: tuple[str, ...] = ("under_6", "from_6_to_18", "over_18")


def band_of(months: int) -> str:
    """The accreditation band of a waiting time: < 6, 6–18 (both included), > 18 months."""
    if months < 6:
        return "under_6"
    return "from_6_to_18" if months <= 18 else "over_18"


class _Year:
    """The counts behind one graduation year's tables."""

    __slots__ = ("aligned", "alumni", "bands", "fit", "levels", "respondents")

    def __init__(self) -> None:
        self.alumni = 0
        self.respondents = 0
        self.bands = dict.fromkeys(BANDS, 0)
        self.fit: dict[int, int] = {}
        self.aligned = 0
        self.levels = dict.fromkeys(WORKPLACE_LEVELS, 0)


class AccreditationTables:
    """Counts respondents into the accreditation tables per graduation year (module docstring)."""

    def __init__(self, reader: AnswerReader) -> None:
        declared = reader.indicators
        self._enabled = declared.workplace_level is not None
        self._bands = declared.waiting_time is not None
        # The points of the field-fit scale, lowest first: one column each, even when empty.
        points: set[int] = set()
        for scale, _best in reader.scales.values():
            points |= scale
        self._points = tuple(sorted(points)) if declared.alignment is not None else None
        self._years: dict[str | None, _Year] = {}

    def add(self, groups: Mapping[str, object], reading: Reading | None) -> None:
        """Count one alumnus; `reading` is their completed response's, None when not complete."""
        if not self._enabled:
            return
        raw = groups.get(YEAR_GROUP)
        name = None if raw is None else str(raw)  # a year given as a number is grouped as text
        year = self._years.get(name)
        if year is None:
            year = self._years[name] = _Year()
        year.alumni += 1
        if reading is None:
            return
        year.respondents += 1
        if reading.months is not None:
            year.bands[band_of(reading.months)] += 1
        if reading.alignment is not None:
            year.fit[reading.alignment] = year.fit.get(reading.alignment, 0) + 1
            year.aligned += reading.aligned
        if reading.level is not None:
            year.levels[reading.level] += 1

    def result(self) -> dict[str, object] | None:
        """{year: its tables}, years in order and the unknown year last; None when not declared."""
        if not self._enabled:
            return None
        names = sorted(self._years, key=lambda name: (name is None, name or ""))
        return {
            UNKNOWN_YEAR if name is None else name: self._year(self._years[name]) for name in names
        }

    def _year(self, year: _Year) -> dict[str, object]:
        fit: dict[str, object] | None = None
        if self._points is not None:
            counts = {str(point): year.fit.get(point, 0) for point in self._points}
            n = sum(counts.values())
            fit = {**_table(counts), "aligned_share": share(year.aligned, n)}
        return {
            "alumni": year.alumni,
            "respondents": year.respondents,
            "waiting_bands": _table(year.bands) if self._bands else None,
            "field_fit": fit,
            "workplace_level": _table(year.levels),
        }


def _table(counts: Mapping[str, int]) -> dict[str, object]:
    n = sum(counts.values())
    return {
        "n": n,
        "counts": dict(counts),
        "shares": {key: share(count, n) for key, count in counts.items()},
    }
