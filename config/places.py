"""Indonesia's provinces, regencies and cities from the shipped data files, and matching what
people type to one of them.

config/data/provinces.csv holds the 38 provinces with their Kemendagri code, name, common aliases
and time zone; config/data/regencies.csv the 514 regencies (kabupaten) and cities (kota), whose
four-digit codes start with their province's two (config/data/README.md says where each column
comes from). How names are compared lives with the engine (conversations.places), which gets
these lists as data for place questions (`province_places`, `regency_places`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from conversations.places import (
    KINDS,
    PLACE_KINDS,
    Ambiguous,
    Place,
    PlaceList,
    place_key,
    words,
)

__all__ = [
    "PLACE_KINDS",
    "Ambiguous",
    "Province",
    "Regency",
    "match_province",
    "match_regency",
    "place_key",
    "province_places",
    "regency_places",
    "words",
]

DATA_DIR: Path = Path(__file__).resolve().parent / "data"
PROVINCES_FILE: Path = DATA_DIR / "provinces.csv"
PROVINCE_COLUMNS = ("code", "name", "aliases", "timezone", "source", "source_date")
REGENCIES_FILE: Path = DATA_DIR / "regencies.csv"
REGENCY_COLUMNS = ("province_code", "code", "kind", "name", "aliases", "source", "source_date")
# Words people put before a province's name that say nothing about which one it is.
_PROVINCE_WORDS = frozenset({"provinsi", "propinsi", "prov", "prop", "province"})


@dataclass(frozen=True, slots=True)
class Province:
    """One province: its two-digit Kemendagri/BPS code, official name and IANA time zone."""

    code: str
    name: str
    timezone: str
    aliases: tuple[str, ...] = ()  # other names people type: "jabar", "west java"


@dataclass(frozen=True, slots=True)
class ProvinceTable:
    """The provinces of one file, indexed by code and by every name and alias."""

    provinces: tuple[Province, ...]
    by_code: dict[str, Province]
    # A key two provinces claim maps to None: ambiguous text matches nothing.
    by_key: dict[str, Province | None]


def _key(text: str) -> str:
    # Spaces dropped too, so "N.T.B.", "ntb" and "jawabarat" all find their province.
    return "".join(w for w in words(text) if w not in _PROVINCE_WORDS)


def provinces() -> tuple[Province, ...]:
    """All provinces in the shipped file, in code order."""
    return _table().provinces


def province_by_code(code: str) -> Province | None:
    """The province with this two-digit code ("32"), or None."""
    return _table().by_code.get(code.strip())


def match_province(text: str) -> Province | None:
    """The one province `text` names (code, name or alias, any case or punctuation), else None."""
    table = _table()
    stripped = text.strip()
    if stripped.isdigit():
        return table.by_code.get(stripped)
    key = _key(stripped)
    return table.by_key.get(key) if key else None


@cache
def _table() -> ProvinceTable:
    return load_provinces(PROVINCES_FILE)


def load_provinces(path: Path) -> ProvinceTable:
    """Read a provinces file; a bad row raises ValueError naming the file, row and column."""
    rows, columns = read_table(path)
    header = tuple(columns)
    if header != PROVINCE_COLUMNS:
        raise ValueError(f"{path}: the first row must be the columns {','.join(PROVINCE_COLUMNS)}")
    found: list[Province] = []
    by_key: dict[str, Province | None] = {}
    for number, row in rows:
        province = _province(path, number, row)
        if any(p.code == province.code for p in found):
            raise ValueError(f"{path}: row {number}, column code: {province.code} appears twice")
        found.append(province)
        names = [province.name, *row["aliases"].split("|")]
        for key in {_key(name) for name in names if _key(name)}:
            claimed = key in by_key and by_key[key] != province
            by_key[key] = None if claimed else province
    ordered = tuple(sorted(found, key=lambda p: p.code))
    return ProvinceTable(ordered, {p.code: p for p in ordered}, by_key)


def _province(path: Path, number: int, row: dict[str, str]) -> Province:
    def fail(column: str, what: str) -> ValueError:
        return ValueError(f"{path}: row {number}, column {column}: {what}")

    values = {column: (row.get(column) or "").strip() for column in PROVINCE_COLUMNS}
    if not re.fullmatch(r"\d{2}", values["code"]):
        raise fail("code", f"{values['code']!r} is not a two-digit code such as 32")
    for column in ("name", "source"):
        if not values[column]:
            raise fail(column, "is empty; write the province's name and where it comes from")
    if not is_date(values["source_date"]):
        raise fail("source_date", f"{values['source_date']!r} is not a date; write YYYY-MM-DD")
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"{values['timezone']!r} is not an IANA zone") from None
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Province(values["code"], values["name"], values["timezone"], aliases)


def read_table(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """A CSV file's (row number, row) pairs, blank rows left out, and its column names."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f'{path}: not UTF-8 text; save it as "CSV UTF-8"') from None
    # Spreadsheets saved in an Indonesian locale separate columns with ";".
    first = text.partition("\n")[0]
    reader = csv.DictReader(text.splitlines(), delimiter=";" if ";" in first else ",")
    rows = [(n, {k: (v or "").strip() for k, v in r.items() if k}) for n, r in enumerate(reader, 2)]
    return [row for row in rows if any(row[1].values())], list(reader.fieldnames or [])


def is_date(text: str) -> bool:
    """Whether `text` is a date written YYYY-MM-DD."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- Regencies and cities ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Regency:
    """One regency (kabupaten) or city (kota): its four-digit Kemendagri code and official name."""

    code: str  # "6371": the province's two digits, then its own two
    province_code: str  # "63"
    kind: str  # "kabupaten" or "kota"
    name: str  # "Kota Banjarmasin", as the source writes it
    aliases: tuple[str, ...] = ()  # other names people type: "solo", "jaksel"

    @property
    def place(self) -> Place:
        """This regency as the engine's place questions know it."""
        return Place(self.code, self.name, self.province_code, self.kind, self.aliases)


def regencies() -> tuple[Regency, ...]:
    """All regencies and cities in the shipped file, in code order."""
    return _regencies()


def regency_by_code(code: str) -> Regency | None:
    """The regency or city with this code ("6371", or "63.71" as Kemendagri writes it), or None."""
    return _regency_index().get(code.strip().replace(".", ""))


def match_regency(text: str, province: str | None = None) -> Regency | Ambiguous | None:
    """The one regency or city `text` names, in `province` (a code or a name) when given.

    "banjarmasin" gives Kota Banjarmasin; "bandung" is Ambiguous between Kabupaten Bandung and
    Kota Bandung (its candidates are `Place`s, to ask which); "kota bandung" gives the city.
    Only exact names, aliases and codes count here (a typo or the start of a name is None):
    what the engine asks back, a data file cannot be asked. An unknown `province` gives None.
    """
    within = None
    if province is not None:
        found_province = match_province(province)
        if found_province is None:
            return None
        within = found_province.code
    found = regency_places().match(text, within)
    if isinstance(found, Place):
        return _regency_index().get(found.code)
    if isinstance(found, Ambiguous) and _exact(text, found):
        return found
    return None


def _exact(text: str, found: Ambiguous) -> bool:
    """Whether every candidate is named exactly (not merely started) by `text`."""
    kind, bare = place_key(text)
    for place in found.candidates:
        keys = {place_key(name) for name in (place.name, *place.aliases)}
        if not any(b == bare and kind in (None, k) for k, b in keys):
            return False
    return True


def province_places() -> PlaceList:
    """The provinces, as the engine matches a province question's answers against them."""
    return _province_places()


def regency_places() -> PlaceList:
    """The regencies and cities, as the engine matches a regency question's answers."""
    return _regency_places()


@cache
def _province_places() -> PlaceList:
    places = (Place(p.code, p.name, aliases=p.aliases) for p in provinces())
    return PlaceList(places, ignored_words=_PROVINCE_WORDS)


@cache
def _regency_places() -> PlaceList:
    return PlaceList(r.place for r in regencies())


@cache
def _regencies() -> tuple[Regency, ...]:
    return load_regencies(REGENCIES_FILE)


@cache
def _regency_index() -> dict[str, Regency]:
    return {r.code: r for r in regencies()}


def load_regencies(path: Path, table: ProvinceTable | None = None) -> tuple[Regency, ...]:
    """Read a regencies file against the provinces (the shipped ones unless `table` is given).

    A bad row raises ValueError naming the file, row and column, and what to write instead.
    """
    table = table or _table()
    rows, columns = read_table(path)
    if tuple(columns) != REGENCY_COLUMNS:
        raise ValueError(f"{path}: the first row must be the columns {','.join(REGENCY_COLUMNS)}")
    found: dict[str, Regency] = {}
    for number, row in rows:
        regency = _regency(path, number, row, table)
        if regency.code in found:
            raise ValueError(
                f"{path}: row {number}, column code: {regency.code} appears twice; keep one row"
            )
        found[regency.code] = regency
    return tuple(sorted(found.values(), key=lambda r: r.code))


def _regency(path: Path, number: int, row: dict[str, str], table: ProvinceTable) -> Regency:
    def fail(column: str, what: str) -> ValueError:
        return ValueError(f"{path}: row {number}, column {column}: {what}")

    values = {column: (row.get(column) or "").strip() for column in REGENCY_COLUMNS}
    province = values["province_code"]
    if province not in table.by_code:
        raise fail("province_code", f"{province!r} is not a province code in provinces.csv")
    code = values["code"]
    if not re.fullmatch(r"\d{4}", code) or not code.startswith(province):
        raise fail(
            "code", f"{code!r} is not a four-digit code starting with {province}, e.g. {province}71"
        )
    kind = values["kind"]
    if kind not in KINDS:
        raise fail("kind", f"{kind!r} is neither {' nor '.join(KINDS)}")
    name = values["name"]
    if place_key(name)[0] != kind:
        raise fail("name", f"{name!r} must start with its kind, e.g. Kota Banjarmasin")
    for column in ("source",):
        if not values[column]:
            raise fail(column, "is empty; write where the row comes from")
    if not is_date(values["source_date"]):
        raise fail("source_date", f"{values['source_date']!r} is not a date; write YYYY-MM-DD")
    aliases = tuple(a.strip() for a in values["aliases"].split("|") if a.strip())
    return Regency(code, province, kind, name, aliases)
