"""Exact arithmetic and rounding for the figures, so a hand computation gives the same number.

Shares are fractions 0–1 to 4 decimals, money whole rupiah, means of months and scales to
2 decimals; halves round up (2.005 -> 2.01), as people round on paper. A figure with no data is
None, never 0. The median of an even count is the mean of the two middle values.
"""

from __future__ import annotations

from fractions import Fraction

SHARE_PLACES = 4
MEAN_PLACES = 2


def rounded(value: Fraction, places: int) -> float:
    """`value` to `places` decimals, halves up."""
    scale: int = 10**places  # int ** int is typed Any: a negative power is a float
    return _floor(value * scale + Fraction(1, 2)) / scale


def rupiah(value: Fraction) -> int:
    """`value` to the whole rupiah, halves up."""
    return _floor(value + Fraction(1, 2))


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


def share(part: int, whole: int) -> float | None:
    """part / whole to 4 decimals; None when whole is 0 (no data)."""
    return rounded(Fraction(part, whole), SHARE_PLACES) if whole else None


class Distribution:
    """Whole numbers seen, kept as counts per value: a mean and a median without the list."""

    __slots__ = ("counts", "n", "total")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.n = 0
        self.total = 0

    def add(self, value: int) -> None:
        """Count one value."""
        self.counts[value] = self.counts.get(value, 0) + 1
        self.n += 1
        self.total += value

    def mean(self) -> Fraction | None:
        """The exact mean; None when empty."""
        return Fraction(self.total, self.n) if self.n else None

    def median(self) -> Fraction | None:
        """The exact median (the mean of the two middle values for an even count)."""
        if not self.n:
            return None
        low_rank, high_rank = (self.n - 1) // 2, self.n // 2
        low: int | None = None
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            if low is None and seen > low_rank:
                low = value
            if seen > high_rank:
                assert low is not None  # low_rank <= high_rank: found by now
                return Fraction(low + value, 2)
        raise AssertionError("unreachable: the counts add up to n")

    def at_most(self, limit: int) -> int:
        """How many values are at most `limit`."""
        return sum(count for value, count in self.counts.items() if value <= limit)

    def among(self, values: frozenset[int]) -> int:
        """How many values are in `values`."""
        return sum(count for value, count in self.counts.items() if value in values)


def mean_of(values: Distribution, places: int = MEAN_PLACES) -> float | None:
    """The mean to `places` decimals, or None when empty."""
    mean = values.mean()
    return None if mean is None else rounded(mean, places)


def median_of(values: Distribution, places: int = MEAN_PLACES) -> float | None:
    """The median to `places` decimals, or None when empty."""
    median = values.median()
    return None if median is None else rounded(median, places)


def rupiah_or_none(value: Fraction | None) -> int | None:
    """Whole rupiah, or None when there is no value."""
    return None if value is None else rupiah(value)
