"""Minimum wages: the shipped provincial wages (UMP), and an institution's city/regency wages (UMK).

config/data/minimum_wages.csv holds each province's UMP per year with its source; an institution
may add a CSV of the UMK for the cities and regencies its alumni work in, and those take precedence.
Amounts are whole rupiah: a decree's sen are rounded up, so "at least the minimum" stays true.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from config.places import (
    DATA_DIR,
    Province,
    is_date,
    match_province,
    place_key,
    province_by_code,
    read_table,
    words,
)

Level = Literal["UMP", "UMK"]
WAGES_FILE: Path = DATA_DIR / "minimum_wages.csv"
WAGE_COLUMNS = (
    *("province_code", "province", "year", "level", "place_code", "place"),
    *("amount", "source", "source_date"),
)
# The names an institution's UMK file may give its columns, English or Indonesian.
REGIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "province": ("province", "provinsi"),
    "place": ("city/regency", "city", "regency", "kabupaten/kota", "kab/kota", "kota/kabupaten"),
    "year": ("year", "tahun"),
    "amount": ("amount", "umk", "upah minimum", "upah"),
    "source": ("source", "sumber"),
}
# No monthly minimum wage is this low: a smaller number lost digits ("5.396" for 5.396.761).
SMALLEST_WAGE = 100_000
_BUNDLED_RULES = {
    "province_code": "is not that province's code; write the code provinces.csv gives it",
    "level": "is wrong; write UMK, or UMP with place_code = province_code",
    "year": "is not a year; write one such as 2026",
    "amount": "is not rupiah in digits; write it like 5396761 or 3100881.40",
    "source": "is empty; write the decree or the page the amount comes from",
    "source_date": "is not a date; write the source's date as YYYY-MM-DD",
    "place_code": "is listed twice for that level and year; keep one",
}
_REGIONAL_RULES = {
    "province": "is not a province; write its name (Jawa Barat) or its code (32)",
    "place": "is empty; write the city or regency, e.g. Kota Bandung",
    "year": "is not a year; write one such as 2026",
    "amount": "is not a monthly wage; write the full rupiah, e.g. 5.396.761",
    "source": "is empty; write the decree number or a link to where the amount comes from",
}


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """One minimum wage: whole rupiah a month, for a province (UMP) or a city/regency (UMK)."""

    amount: int
    level: Level
    province_code: str
    place: str
    year: int
    source: str


def parse_rupiah(text: str) -> int | None:
    """Rupiah as written (5.396.761, Rp 5,396,761, 3100881.40) in whole rupiah, sen rounded up."""
    value = re.sub(r"(?i)^(rp\.?|idr)", "", text.strip()).replace(" ", "")
    value = re.sub(r"[,.]-$", "", value)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", value):  # Indonesian: dots group thousands
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", value):  # English: commas group thousands
        value = value.replace(",", "")
    elif re.fullmatch(r"\d+([.,]\d{1,2})?", value):
        value = value.replace(",", ".")
    else:
        return None
    return int(Decimal(value).to_integral_value(rounding=ROUND_CEILING))


class MinimumWages:
    """Minimum wages to look up by year and place: UMK where one is known, else the UMP."""

    def __init__(self, wages: Iterable[MinimumWage]) -> None:
        # A later wage for the same place, level and year replaces the earlier one.
        latest = {(w.level, w.province_code, w.year, *place_key(w.place)): w for w in wages}
        self.wages = tuple(latest.values())
        self._ump = {(w.province_code, w.year): w for w in self.wages if w.level == "UMP"}
        self._umk = [(*place_key(w.place), w) for w in self.wages if w.level == "UMK"]

    @classmethod
    def bundled(cls) -> MinimumWages:
        """The provincial wages shipped in config/data/minimum_wages.csv."""
        return _bundled()

    @classmethod
    def with_regional(cls, path: Path, base: MinimumWages | None = None) -> MinimumWages:
        """`base` (the shipped wages) plus an institution's UMK file, whose rows take precedence."""
        regional = load_regional(path)
        return cls([*(base or cls.bundled()).wages, *regional])

    def lookup(
        self, year: int, province: str | None, city: str | None = None
    ) -> MinimumWage | None:
        """The wage for a place in a year: the city's UMK if known and unambiguous, else the UMP."""
        found = match_province(province) if province is not None else None
        if province is not None and found is None:
            return None
        umk = self._regional(year, found, city) if city else None
        return umk or (self._ump.get((found.code, year)) if found else None)

    def _regional(self, year: int, province: Province | None, city: str) -> MinimumWage | None:
        kind, bare = place_key(city)
        matches = [
            wage
            for wage_kind, wage_bare, wage in self._umk
            if wage.year == year
            and (province is None or wage.province_code == province.code)
            and wage_bare == bare
            and (kind is None or wage_kind is None or kind == wage_kind)
        ]
        # "Bandung" with both Kota and Kabupaten Bandung listed names neither.
        return matches[0] if len(matches) == 1 else None


@cache
def _bundled() -> MinimumWages:
    return MinimumWages(load_bundled(WAGES_FILE))


def load_bundled(path: Path) -> tuple[MinimumWage, ...]:
    """The wages in a file laid out like minimum_wages.csv; a bad row raises ValueError."""
    rows, header = read_table(path)
    if tuple(header) != WAGE_COLUMNS:
        raise ValueError(f"{path}: the first row must be the columns {','.join(WAGE_COLUMNS)}")
    wages: dict[tuple[str, str, str], MinimumWage] = {}
    for number, row in rows:
        province = province_by_code(row["province_code"])
        plain = re.fullmatch(r"\d+(\.\d{1,2})?", row["amount"])
        amount = parse_rupiah(row["amount"]) if plain else None
        key = (row["level"], row["place_code"], row["year"])
        passed = {
            "province_code": province is not None and province.name == row["province"],
            "level": row["level"] == "UMK"
            or (row["level"] == "UMP" and row["place_code"] == row["province_code"]),
            "year": re.fullmatch(r"20\d\d", row["year"]) is not None,
            "amount": amount is not None and amount >= SMALLEST_WAGE,
            "source": bool(row["source"]),
            "source_date": is_date(row["source_date"]),
            "place_code": key not in wages,
        }
        for column in (c for c, ok in passed.items() if not ok):
            rule = _BUNDLED_RULES[column]
            raise ValueError(f"{path}: row {number}, column {column}: {row[column]!r} {rule}")
        level: Level = "UMP" if row["level"] == "UMP" else "UMK"
        year, place, source = int(row["year"]), row["place"], row["source"]
        wages[key] = MinimumWage(amount or 0, level, row["province_code"], place, year, source)
    return tuple(wages.values())


def load_regional(path: Path) -> tuple[MinimumWage, ...]:
    """An institution's UMK file; every problem found is raised at once, naming row and column."""
    rows, header = read_table(path)
    names = {" ".join(words(name)): name for name in header}
    columns: dict[str, str] = {}
    for field, accepted in REGIONAL_COLUMNS.items():
        given = [names[key] for key in (" ".join(words(a)) for a in accepted) if key in names]
        if not given:
            wanted = "province, city/regency, year, amount, source"
            raise ValueError(f"{path}: row 1 has no {field} column; the columns are {wanted}")
        columns[field] = given[0]
    errors: list[str] = []
    seen: dict[tuple[str, str | None, str, str], int] = {}
    wages: list[MinimumWage] = []
    for number, row in rows:
        value = {field: row.get(column, "") for field, column in columns.items()}
        province = match_province(value["province"])
        amount = parse_rupiah(value["amount"])
        passed = {
            "province": province is not None,
            "place": bool(value["place"]),
            "year": re.fullmatch(r"20\d\d", value["year"]) is not None,
            "amount": amount is not None and amount >= SMALLEST_WAGE,
            "source": bool(value["source"]),
        }
        problems = [(f, _REGIONAL_RULES[f]) for f, ok in passed.items() if not ok]
        key = (province.code if province else "", *place_key(value["place"]), value["year"])
        if not problems and key in seen:
            problems.append(("place", f"is also on row {seen[key]} for that year; keep one"))
        seen.setdefault(key, number)
        errors += [
            f"{path}: row {number}, column {columns[f]}: {value[f]!r} {r}" for f, r in problems
        ]
        if not problems and province and amount:
            year, place, source = int(value["year"]), value["place"], value["source"]
            wages.append(MinimumWage(amount, "UMK", province.code, place, year, source))
    if errors:
        more = [f"... and {len(errors) - 20} more"] if len(errors) > 20 else []
        raise ValueError("\n".join(errors[:20] + more))
    return tuple(wages)
