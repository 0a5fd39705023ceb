"""Indonesia's provinces from the shipped data file, and matching what people type to one of them.

config/data/provinces.csv holds the 38 provinces with their Kemendagri code, name, common aliases
and time zone (config/data/README.md says where each column comes from). Regencies and cities come
later in a file of their own beside it; their four-digit codes start with the province's two.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATA_DIR: Path = Path(__file__).resolve().parent / "data"
PROVINCES_FILE: Path = DATA_DIR / "provinces.csv"
PROVINCE_COLUMNS = ("code", "name", "aliases", "timezone", "source", "source_date")

# How a regency or city name may start: (words, kind). Longest first, so "kota adm" is not "kota".
PLACE_KINDS: tuple[tuple[str, str], ...] = (
    *(("kota administrasi", "kota"), ("kota adm", "kota"), ("kotamadya", "kota")),
    *(("kabupaten", "kabupaten"), ("kab", "kabupaten"), ("kota", "kota")),
)
# Words people put before a province's name that say nothing about which one it is.
_PROVINCE_WORDS = frozenset({"provinsi", "propinsi", "prov", "prop", "province"})


@dataclass(frozen=True, slots=True)
class Province:
    """One province: its two-digit Kemendagri/BPS code, official name and IANA time zone."""

    code: str
    name: str
    timezone: str


@dataclass(frozen=True, slots=True)
class ProvinceTable:
    """The provinces of one file, indexed by code and by every name and alias."""

    provinces: tuple[Province, ...]
    by_code: dict[str, Province]
    # A key two provinces claim maps to None: ambiguous text matches nothing.
    by_key: dict[str, Province | None]


def words(text: str) -> list[str]:
    """`text` casefolded and split into words without punctuation: "Prov. Jawa-Barat" -> 3."""
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()


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
    return Province(values["code"], values["name"], values["timezone"])


def place_key(place: str) -> tuple[str | None, str]:
    """("kota", "bandung") for "Kota Bandung", (None, "bandung") for "Bandung": to compare names."""
    found = words(place)
    for prefix, kind in PLACE_KINDS:
        head = prefix.split()
        if found[: len(head)] == head and len(found) > len(head):
            return kind, "".join(found[len(head) :])
    return None, "".join(found)


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
