"""The minimum wages one report compares incomes with, and what its lookups found."""

from __future__ import annotations

from dataclasses import dataclass, field

from config.places import Province, regency_by_code
from config.wages import MinimumWage, MinimumWages


def province_json(province: Province | None) -> dict[str, str] | None:
    """A province as the report's JSON names it: {code, name}, or None."""
    return {"code": province.code, "name": province.name} if province else None


@dataclass(slots=True)
class WageLog:
    """What the minimum-wage lookups of one report found, for its `minimum_wage` key.

    Not frozen: it is the builder's WageLookup and counts as the figures are read.
    """

    year: int
    fallback: Province | None
    wages: MinimumWages
    regional_file: str | None = None
    used: set[MinimumWage] = field(default_factory=set)  # the wage rows compared with
    places: int = 0  # distinct (province, city) answers looked up
    missing: int = 0  # of which no wage is known

    def lookup(self, province: object, city: object) -> int | None:
        """The WageLookup: the place's wage, the institution's province when none is given."""
        self.places += 1
        named = province.strip() if isinstance(province, str) and province.strip() else None
        town = city.strip() if isinstance(city, str) and city.strip() else None
        regency = regency_by_code(town) if town is not None and town.isdigit() else None
        if regency is not None:  # a place question stores the official code: UMK rows go by name
            town, named = regency.name, named or regency.province_code
        if named is None and self.fallback is not None:
            named = self.fallback.code  # where the alumnus works is not known: the institution's
        if named is None and town is None:
            self.missing += 1
            return None
        wage = self.wages.lookup(self.year, named, town)
        if wage is None:
            self.missing += 1
            return None
        self.used.add(wage)
        return wage.amount

    def summary(self) -> dict[str, object]:
        """The JSON's `minimum_wage`."""
        used = sorted(self.used, key=lambda w: (w.level, w.province_code, w.place))
        levels = sorted({w.level for w in used})  # "UMK" before "UMP": it takes precedence
        return {
            "year": self.year,
            "level": "+".join(levels) if levels else None,
            "fallback_province": province_json(self.fallback),
            "regional_file": self.regional_file,
            "rows_available": sum(1 for w in self.wages.wages if w.year == self.year),
            "rows_used": len(used),
            "places": self.places,
            "places_without_wage": self.missing,
            "sources": sorted({f"{w.level} {w.place} {w.year}: {w.source}" for w in used}),
        }
