"""Reading replies leniently, the way Indonesians type them, and formatting values back.

Every parser returns a value or raises ReplyNotUnderstood(key, **params), where `key` names a
catalogue message; PARSE_ERROR_KEYS lists every key with its params. Nothing else escapes, for any
text. Pure: no I/O, no clock (pass `today`), and user text is never logged.

Numbers (integers, money), one rule for "." and ",":
- Both present ("1.234,56", "1,234.56"): the one written last is the decimal mark; it must appear
  once, and the other must group thousands properly.
- One kind, several times ("2.500.000", "2,500,000"): thousands separators, groups of three.
- One separator once: thousands when exactly three digits follow and the leading group is not "0"
  ("1.200" = 1200, "2,500" = 2500); otherwise a decimal mark ("1,5", "4.5", "0,500", "12,50").
- Anything else ("1.5.5", "1.23.456") is not a number.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from conversations.phones import PHONE_ERROR_KEYS, PhoneRejected, parse_mobile
from conversations.questionnaire import Choice


class ReplyNotUnderstood(ValueError):
    """key: a catalogue message key; params: values to fill it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = dict(params)


MONEY_MAX = 10_000_000_000  # 10 milyar: above this a monthly amount is a typo, not an income
INTEGER_MAX_DIGITS = 15
# A count is a few words at most ("sekitar 1 tahun 3 bulan"); reading pages of text for one costs
# time on every reply and never finds a count.
_MAX_INTEGER_INPUT = 500
MIN_YEAR = 1900
MAX_YEAR = 2100

PARSE_ERROR_KEYS: dict[str, tuple[str, ...]] = {
    "not_a_number": (),
    "not_integer": (),
    "integer_ambiguous": (),  # several numbers in one reply ("2 atau 3")
    "integer_too_large": (),
    "integer_unit_not_expected": (),  # "2 tahun" where a plain count is asked: type the number
    "money_not_understood": (),
    "money_negative": (),
    "money_too_large": ("max",),  # max: the limit, formatted ("Rp 10.000.000.000")
    "money_ambiguous": (),  # a range or several amounts ("2-3 juta")
    "money_needs_unit": ("number",),  # 100-999 with no unit: ribu or juta?
    "money_foreign_currency": (),  # "1500 ringgit": ask for the amount in rupiah
    "date_not_understood": (),
    "date_invalid": ("value", "reason"),  # value "31-02-2024"; reason "day" | "month" | "year"
    "month_not_understood": (),
    "month_needs_year": ("month",),  # a month name alone ("Agst"); month: "08"
    **PHONE_ERROR_KEYS,  # phone_invalid, phone_too_short…: see conversations/phones.py
    "email_invalid": (),
    "choice_not_understood": ("count",),
    "choice_out_of_range": ("count",),
    "choice_ambiguous": ("options", "numbers"),  # options "1. Bekerja; 3. Belum bekerja"
    "choice_part_not_understood": ("part", "count"),  # one part of a multiple-choice reply
    "choice_part_out_of_range": ("part", "count"),
    "choice_part_ambiguous": ("part", "options", "numbers"),
}


# --- Text ---------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Casefold, strip accents and combining marks, collapse whitespace, trim."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Dropping every mark also turns keycap emoji ("2️⃣") into plain digits.
    kept = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return " ".join(kept.split())


def _key(text: str) -> str:
    """Normalized, with punctuation turned into spaces: what labels are compared on."""
    return " ".join(re.sub(r"[^\w]+|_", " ", normalize(text)).split())


def _ascii_digits(text: str) -> str:
    # NFKC turns full-width and other compatibility digits into ASCII ones.
    return normalize(unicodedata.normalize("NFKC", text))


# --- Numbers ------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?P<num>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[a-z]+)|(?P<sym>\S)")
_MAX_NUMBER_CHARS = 40


def _read_number(token: str) -> Decimal | None:
    """One number token by the separator rule in the module docstring, or None."""
    if len(token) > _MAX_NUMBER_CHARS:
        return None
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        decimal_mark = "." if token.rfind(".") > token.rfind(",") else ","
        whole, _, fraction = token.rpartition(decimal_mark)
        if decimal_mark in whole:
            return None
        grouping = "," if decimal_mark == "." else "."
        integer = _grouped(whole, grouping)
        return None if integer is None else Decimal(f"{integer}.{fraction}")
    if not dots and not commas:
        return Decimal(token)
    separator = "." if dots else ","
    parts = token.split(separator)
    if len(parts) == 2 and not (len(parts[1]) == 3 and parts[0] != "0"):
        return Decimal(f"{parts[0]}.{parts[1]}")
    integer = _grouped(token, separator)
    return None if integer is None else Decimal(integer)


def _grouped(text: str, separator: str) -> str | None:
    """Digits of `text` if its separators group thousands properly ("2.500.000"), else None."""
    parts = text.split(separator)
    if len(parts) == 1:
        return text
    first, rest = parts[0], parts[1:]
    if not (1 <= len(first) <= 3) or any(len(p) != 3 for p in rest) or first.startswith("0"):
        return None
    return "".join(parts)


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is "num", "word" or "sym"; digits and letters split apart."""
    return [(m.lastgroup or "sym", m.group()) for m in _TOKEN.finditer(text)]


_INTEGER_UNITS = {
    "ribu": 1_000,
    "rb": 1_000,
    "juta": 1_000_000,
    "jt": 1_000_000,
    "milyar": 1_000_000_000,
    "miliar": 1_000_000_000,
}


def parse_integer(text: str, *, time_units: bool = True) -> int:
    """A whole number; words around it are ignored ("12 bulan"), "1.200" is 1200, "2 ribu" 2000.

    With time_units=False a unit of time after the number ("2 tahun", "3 minggu") is refused
    ("integer_unit_not_expected") rather than dropped: the count asked for is not in that unit.
    """
    if len(text) > _MAX_INTEGER_INPUT:
        raise ReplyNotUnderstood("not_a_number")
    return _integer(_tokens(_ascii_digits(text)), time_units=time_units)


def _integer(tokens: list[tuple[str, str]], *, time_units: bool) -> int:
    numbers = [i for i, (kind, _) in enumerate(tokens) if kind == "num"]
    if not numbers:
        raise ReplyNotUnderstood("not_a_number")
    if len(numbers) > 1:
        raise ReplyNotUnderstood("integer_ambiguous")
    at = numbers[0]
    value = _read_number(tokens[at][1])
    if value is None:
        raise ReplyNotUnderstood("not_a_number")
    if at + 1 < len(tokens) and tokens[at + 1][1] in _INTEGER_UNITS:
        value *= _INTEGER_UNITS[tokens[at + 1][1]]
    if not time_units and _time_unit_after(tokens, at) is not None:
        raise ReplyNotUnderstood("integer_unit_not_expected")
    if value != value.to_integral_value():
        raise ReplyNotUnderstood("not_integer")
    if len(str(int(value))) > INTEGER_MAX_DIGITS:
        raise ReplyNotUnderstood("integer_too_large")
    return -int(value) if _is_negated(tokens, at) else int(value)


# Months in one unit of time. Weeks and days count as a share of an average month (30.44 days).
_DAYS_PER_MONTH = Decimal("30.436875")
_MONTHS_IN: dict[str, Decimal] = {
    **dict.fromkeys(
        ("tahun", "thn", "th", "thun", "taun", "year", "years", "yr", "yrs"), Decimal(12)
    ),
    **dict.fromkeys(("bulan", "bln", "bl", "month", "months", "mo", "mos"), Decimal(1)),
    **dict.fromkeys(
        ("minggu", "mgg", "mg", "pekan", "week", "weeks", "wk", "wks"), 7 / _DAYS_PER_MONTH
    ),
    **dict.fromkeys(("hari", "hr", "day", "days"), 1 / _DAYS_PER_MONTH),
}  # fmt: skip


def _time_unit_after(tokens: list[tuple[str, str]], at: int) -> Decimal | None:
    """Months per unit when a unit of time follows the number at `at` ("2 tahun", "3mgg")."""
    nxt = at + 1
    if nxt < len(tokens) and tokens[nxt][0] == "word":
        return _MONTHS_IN.get(tokens[nxt][1])
    return None


def parse_months(text: str) -> int:
    """A number of months, reading units of time: "2 tahun" 24, "1,5 tahun" 18, "1 thn 3 bln" 15.

    A bare number is months, as parse_integer reads it. Years (tahun/thn/years) are 12 months,
    weeks (minggu/mgg/weeks) and days (hari/days) a share of a month; a total from them is
    rounded to the nearest month ("3 minggu" 1, "2 minggu" 0). Months alone must be whole
    ("1,5 bulan" is "not_integer"). Parts add up when their units fall ("1 tahun 6 bulan");
    anything else with several numbers ("2-3 tahun", "2 atau 3 tahun") is "integer_ambiguous".
    """
    if len(text) > _MAX_INTEGER_INPUT:
        raise ReplyNotUnderstood("not_a_number")
    tokens = _tokens(_ascii_digits(text))
    numbers = [i for i, (kind, _) in enumerate(tokens) if kind == "num"]
    found = [_time_unit_after(tokens, at) for at in numbers]
    if all(unit is None for unit in found):
        return _integer(tokens, time_units=True)
    units = [unit for unit in found if unit is not None]
    if len(units) < len(found) or any(b >= a for a, b in itertools.pairwise(units)):
        raise ReplyNotUnderstood("integer_ambiguous")
    total = Decimal(0)
    for at, unit in zip(numbers, units, strict=True):
        value = _read_number(tokens[at][1])
        if value is None:
            raise ReplyNotUnderstood("not_a_number")
        total += value * unit
    if total >= 10**INTEGER_MAX_DIGITS:
        raise ReplyNotUnderstood("integer_too_large")
    if all(unit == 1 for unit in units) and total != total.to_integral_value():
        raise ReplyNotUnderstood("not_integer")
    months = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return -months if _is_negated(tokens, numbers[0]) else months


def _is_negated(tokens: list[tuple[str, str]], at: int) -> bool:
    """A "-" or "minus" just before the number (after any currency word), but not "+-" (about)."""
    i = at - 1
    while i >= 0 and tokens[i][1] in _SKIPPED_BEFORE_NUMBER:
        i -= 1
    if i < 0:
        return False
    if tokens[i][1] == "minus":
        return True
    return tokens[i][1] == "-" and not (i > 0 and tokens[i - 1][1] == "+")


# --- Money --------------------------------------------------------------------------------

_RUPIAH_WORDS = frozenset({"rp", "idr", "rupiah"})
_SKIPPED_BEFORE_NUMBER = _RUPIAH_WORDS | {"."}
_MONEY_UNITS = {
    "ribu": 1_000,
    "rb": 1_000,
    "rbu": 1_000,
    "rebu": 1_000,
    "ribuan": 1_000,
    "k": 1_000,
    "thousand": 1_000,
    "juta": 1_000_000,
    "jt": 1_000_000,
    "jta": 1_000_000,
    "jutaan": 1_000_000,
    "million": 1_000_000,
    "milyar": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyard": 1_000_000_000,
    "m": 1_000_000_000,  # Indonesian shorthand: "3M" is 3 milyar, never 3 million
    "billion": 1_000_000_000,
    "triliun": 1_000_000_000_000,
    "trilyun": 1_000_000_000_000,
}
# Alumni working abroad (Malaysia, Taiwan, Japan, Korea…) often answer in the local currency.
_FOREIGN_WORDS = frozenset(
    {
        "usd", "dollar", "dolar", "sgd", "myr", "rm", "ringgit", "twd", "ntd", "nt", "hkd",
        "jpy", "yen", "krw", "won", "eur", "euro", "sar", "riyal", "aud", "pound", "peso",
    }
)  # fmt: skip
_FOREIGN_SYMBOLS = frozenset("$€¥£₩")


def parse_money(text: str) -> int:
    """An amount in rupiah, rounded to whole rupiah.

    Units: ribu/rb/k, juta/jt, milyar/miliar/M (and English thousand/million/billion), also
    glued to the number ("Rp3,2jt", "500k"). Parts with falling units add up: "3 juta 500 ribu",
    and a unitless part after a unit counts in the next unit down: "1jt500" = 1.500.000.
    A bare number below 100 with no unit is millions ("4,5" = 4.500.000, "15" = 15.000.000), the
    Indonesian shorthand. From 100 to 999 it could be ribu or juta ("500": half a million or half
    a milyar?), so it is refused and the message asks for the unit (money_needs_unit). A whole
    number written after "Rp" is literal: "Rp 500" is 500 rupiah, so format_money reads back.
    """
    tokens = _tokens(_ascii_digits(text))
    if any(kind == "sym" and t in _FOREIGN_SYMBOLS for kind, t in tokens) or any(
        kind == "word" and t in _FOREIGN_WORDS for kind, t in tokens
    ):
        raise ReplyNotUnderstood("money_foreign_currency")
    numbers = [i for i, (kind, _) in enumerate(tokens) if kind == "num"]
    if not numbers:
        raise ReplyNotUnderstood("money_not_understood")
    parts: list[tuple[Decimal, int | None]] = []
    for at in numbers:
        value = _read_number(tokens[at][1])
        if value is None:
            raise ReplyNotUnderstood("money_not_understood")
        parts.append((value, _unit_after(tokens, at)))
    if _is_negated(tokens, numbers[0]):
        raise ReplyNotUnderstood("money_negative")
    if len(parts) == 1:
        value, unit = parts[0]
        if unit is None:
            literal = any(t in _RUPIAH_WORDS for _, t in tokens) and value == int(value)
            if literal or value >= 1000:
                unit = 1
            elif value < 100:
                unit = 1_000_000
            else:
                raise ReplyNotUnderstood("money_needs_unit", number=tokens[numbers[0]][1])
        total = value * unit
    else:
        # "3 juta, 2 tahun": a unitless last number followed by words is not "2 ribu".
        trailing_words = any(kind == "word" for kind, _ in tokens[numbers[-1] + 1 :])
        if parts[-1][1] is None and trailing_words:
            raise ReplyNotUnderstood("money_ambiguous")
        total = _compound(parts)
    if total > MONEY_MAX:
        raise ReplyNotUnderstood("money_too_large", max=format_money(MONEY_MAX))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money_is_bare(text: str) -> bool:
    """One number with no unit and no "Rp" ("4500"): it may have been meant in thousands."""
    tokens = _tokens(_ascii_digits(text))
    if sum(kind == "num" for kind, _ in tokens) != 1:
        return False
    return not any(t in _MONEY_UNITS or t in _RUPIAH_WORDS for kind, t in tokens if kind == "word")


def _unit_after(tokens: list[tuple[str, str]], at: int) -> int | None:
    nxt = at + 1
    # "3an juta", "500-an ribu": the colloquial "-an" (about) sits between number and unit.
    if tokens[nxt : nxt + 2] == [("sym", "-"), ("word", "an")]:
        nxt += 1
    if nxt < len(tokens) and tokens[nxt][1] == "an":
        nxt += 1
    if nxt < len(tokens) and tokens[nxt][1] in _MONEY_UNITS:
        return _MONEY_UNITS[tokens[nxt][1]]
    return None


def _compound(parts: list[tuple[Decimal, int | None]]) -> Decimal:
    """Add up "3 juta 500 ribu" or "1jt500": units fall; a last unitless part is unit/1000."""
    total = Decimal(0)
    previous: int | None = None
    for index, (value, unit) in enumerate(parts):
        if unit is None:
            is_last = index == len(parts) - 1
            if previous is None or not is_last or previous < 1_000_000:
                raise ReplyNotUnderstood("money_ambiguous")
            unit = previous // 1000
        if previous is not None and (unit >= previous or value >= 1000):
            raise ReplyNotUnderstood("money_ambiguous")
        total += value * unit
        previous = unit
    return total


def format_money(amount: int) -> str:
    """4500000 -> "Rp 4.500.000" (the same in every language)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


# --- Dates and months ---------------------------------------------------------------------

_MONTH_NAMES = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
}  # fmt: skip
# Abbreviations as people write them, with or without a dot ("Agst.", "Sept", "Des"); any
# unique prefix of three letters or more of a full name works too (_month_number).
_MONTH_ALIASES: dict[str, int] = {
    "jan": 1, "feb": 2, "peb": 2, "pebruari": 2, "mar": 3, "mrt": 3, "apr": 4, "mei": 5,
    "may": 5, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8, "agst": 8, "agus": 8,
    "agust": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "nop": 11,
    "nopember": 11, "des": 12, "dec": 12,
}  # fmt: skip
for _names in _MONTH_NAMES.values():
    for _number, _name in enumerate(_names, start=1):
        _MONTH_ALIASES[_name.casefold()] = _number
_FULL_MONTH_NAMES = [
    (name.casefold(), number)
    for names in _MONTH_NAMES.values()
    for number, name in enumerate(names, start=1)
]
# Words that may surround a date without changing it: "Sabtu, 17 Agustus 2024", "tgl 17…".
_DATE_FILLER = frozenset(
    {
        "tanggal", "tgl", "tahun", "thn", "bulan", "bln", "of", "st", "nd", "rd", "th",
        "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    }
)  # fmt: skip
_ISO_TIME = re.compile(
    r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?z?)?$"
)
_DATE_TOKEN = re.compile(r"[0-9]+|[a-z]+")


def _month_number(word: str) -> int | None:
    """A month from its name or abbreviation, Indonesian or English; a unique prefix ≥ 3 too."""
    if word in _MONTH_ALIASES:
        return _MONTH_ALIASES[word]
    if len(word) < 3:
        return None
    found = {number for name, number in _FULL_MONTH_NAMES if name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _full_year(digits: str, today: date | None) -> int | None:
    """Four digits as written; two digits: the latest such year not after today's year.

    Without `today`, 00–69 are 2000–2069 and 70–99 are 1970–1999 (the POSIX rule).
    """
    if len(digits) == 4:
        return int(digits)
    if len(digits) != 2:
        return None
    short = int(digits)
    if today is None:
        return 2000 + short if short <= 69 else 1900 + short
    return today.year - (today.year - short) % 100


def _date_tokens(text: str) -> list[str]:
    # Apostrophes vanish ("Jum'at", "'24"); every other symbol separates.
    cleaned = _ascii_digits(text).replace("'", "").replace("’", "")
    iso = _ISO_TIME.match(cleaned)
    if iso:
        cleaned = iso.group(1)
    return [t for t in _DATE_TOKEN.findall(cleaned) if t not in _DATE_FILLER]


def parse_date(text: str, *, today: date | None = None) -> date:
    """A calendar date, day first ("17-08-2024", "17/8/24", "17 Agustus 2024", "2024-08-17").

    A four-digit first number means year-month-day (ISO). Eight digits alone are DDMMYYYY.
    Two-digit years follow _full_year. Years outside 1900–2100 are "date_invalid".
    """
    tokens = _date_tokens(text)
    if len(tokens) == 1 and len(tokens[0]) == 8 and tokens[0].isdigit():
        tokens = [tokens[0][:2], tokens[0][2:4], tokens[0][4:]]
    if len(tokens) != 3:
        raise ReplyNotUnderstood("date_not_understood")
    first, second, third = tokens
    if all(t.isdigit() for t in tokens):
        if len(first) == 4 and len(second) <= 2 and len(third) <= 2:
            year, month, day = int(first), int(second), int(third)
        elif len(first) <= 2 and len(second) <= 2:
            day, month = int(first), int(second)
            year_or_none = _full_year(third, today)
            if year_or_none is None:
                raise ReplyNotUnderstood("date_not_understood")
            year = year_or_none
        else:
            raise ReplyNotUnderstood("date_not_understood")
    else:
        # "17 Agustus 2024", or with the month name first: "Aug 17 2024".
        if first.isdigit() and second.isalpha() and third.isdigit():
            day_text, month_word = first, second
        elif first.isalpha() and second.isdigit() and third.isdigit():
            day_text, month_word = second, first
        else:
            raise ReplyNotUnderstood("date_not_understood")
        month_or_none = _month_number(month_word)
        year_or_none = _full_year(third, today)
        if month_or_none is None or year_or_none is None or len(day_text) > 2:
            raise ReplyNotUnderstood("date_not_understood")
        day, month, year = int(day_text), month_or_none, year_or_none
    return _checked_date(year, month, day)


def _checked_date(year: int, month: int, day: int) -> date:
    value = f"{day:02d}-{month:02d}-{year:04d}"
    if not 1 <= month <= 12:
        raise ReplyNotUnderstood("date_invalid", value=value, reason="month")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ReplyNotUnderstood("date_invalid", value=value, reason="year")
    try:
        return date(year, month, day)
    except ValueError:
        raise ReplyNotUnderstood("date_invalid", value=value, reason="day") from None


def parse_month(text: str, *, today: date | None = None) -> str:
    """A month of a year as "YYYY-MM" ("08/2024", "Agustus 2024", "agst 24", "2024-08").

    A month name alone ("Agst") is refused with "month_needs_year": the year is asked, not guessed.

        A whole date is accepted too and its month kept ("17-08-2024" -> "2024-08").
    """
    tokens = _date_tokens(text)
    month: int | None = None
    year: int | None = None
    if len(tokens) == 2:
        first, second = tokens
        if first.isdigit() and second.isdigit():
            if len(first) == 4 and len(second) <= 2:
                year, month = int(first), int(second)
            elif len(first) <= 2:
                month, year = int(first), _full_year(second, today)
        elif first.isalpha() and second.isdigit():
            month, year = _month_number(first), _full_year(second, today)
        elif first.isdigit() and len(first) == 4 and second.isalpha():
            month, year = _month_number(second), int(first)  # "2024 Agustus"
    elif len(tokens) == 1 and tokens[0].isalpha() and _month_number(tokens[0]) is not None:
        # "Agst" alone: understood, but which year? Ask rather than guess.
        raise ReplyNotUnderstood("month_needs_year", month=f"{_month_number(tokens[0]):02d}")
    elif len(tokens) == 3:
        try:
            whole = parse_date(text, today=today)
        except ReplyNotUnderstood:
            raise ReplyNotUnderstood("month_not_understood") from None
        month, year = whole.month, whole.year
    if month is None or year is None or not 1 <= month <= 12 or not MIN_YEAR <= year <= MAX_YEAR:
        raise ReplyNotUnderstood("month_not_understood")
    return f"{year:04d}-{month:02d}"


def _month_names(language: str) -> tuple[str, ...]:
    return _MONTH_NAMES.get(language, _MONTH_NAMES["id"])


def format_date(value: date, language: str) -> str:
    """A date as people write it: "17 Agustus 2024" / "17 August 2024"; else Indonesian."""
    return f"{value.day} {_month_names(language)[value.month - 1]} {value.year}"


def format_month(value: str, language: str) -> str:
    """A stored month "2024-08" as "Agustus 2024" / "August 2024"; ValueError if malformed."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"not a YYYY-MM month: {value!r}")
    return f"{_month_names(language)[int(match.group(2)) - 1]} {match.group(1)}"


# --- Phone and e-mail ---------------------------------------------------------------------


def parse_phone(text: str) -> str:
    """A valid mobile number in E.164 ("0812-3456-7890" -> "+6281234567890").

    The one reading shared with roster imports (conversations.phones.parse_mobile): Indonesian
    forms and foreign numbers with "+"; landlines, letters and wrong lengths are refused by name.
    """
    try:
        return parse_mobile(text)
    except PhoneRejected as error:
        raise ReplyNotUnderstood(error.key, **error.params) from None


_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    re.IGNORECASE | re.ASCII,
)


_MAX_EMAIL_INPUT = 1000


def parse_email(text: str) -> str:
    """An e-mail address: trimmed, the domain lower-cased, the local part kept as typed.

    Phone keyboards add spaces after "." and around "@" and a final "."; those are removed.
    """
    if len(text) > _MAX_EMAIL_INPUT:
        raise ReplyNotUnderstood("email_invalid")
    candidate = re.sub(r"\s*([@.])\s*", r"\1", text.strip()).rstrip(".")
    if len(candidate) > 254 or not _EMAIL.fullmatch(candidate):
        raise ReplyNotUnderstood("email_invalid")
    local, _, domain = candidate.rpartition("@")
    if len(local) > 64:
        raise ReplyNotUnderstood("email_invalid")
    return f"{local}@{domain.lower()}"


# --- Choices ------------------------------------------------------------------------------

_POSITION = re.compile(r"(?:(?:no|nomor|nomer|pilihan|opsi|option|number)\.?\s*)?\(?(\d+)[.)]?")
_POSITION_AND_LABEL = re.compile(r"\(?(\d+)[.):]?\s+(.+)")
_MIN_PREFIX = 3
_MIN_TYPO_LENGTH = 4
_MAX_TYPO_LENGTH = 100
_TYPO_RATIO = 0.8
_TYPO_MARGIN = 0.1


def _labels(choice: Choice, languages: Sequence[str]) -> list[str]:
    """Label keys in the given languages first, then any other language the choice has."""
    ordered = [choice.label[lang] for lang in languages if lang in choice.label]
    ordered += [text for lang, text in choice.label.items() if lang not in languages]
    return [k for k in dict.fromkeys(_key(t) for t in ordered) if k]


def _display_label(choice: Choice, languages: Sequence[str]) -> str:
    for lang in languages:
        if choice.label.get(lang):
            return choice.label[lang]
    return next(iter(choice.label.values()), choice.value)


def _ambiguous(
    indexes: Sequence[int], choices: Sequence[Choice], languages: Sequence[str]
) -> ReplyNotUnderstood:
    options = "; ".join(f"{i + 1}. {_display_label(choices[i], languages)}" for i in indexes)
    numbers = ", ".join(str(i + 1) for i in indexes)
    return ReplyNotUnderstood("choice_ambiguous", options=options, numbers=numbers)


def _position(text: str, count: int) -> int | None:
    """The 0-based index for a typed number; raises out-of-range; None when not a number."""
    match = _POSITION.fullmatch(text)
    if not match:
        return None
    digits = match.group(1).lstrip("0") or "0"
    if len(digits) > 6 or not 1 <= int(digits) <= count:
        raise ReplyNotUnderstood("choice_out_of_range", count=count)
    return int(digits) - 1


def _label_matches(
    text: str, choices: Sequence[Choice], languages: Sequence[str], *, typos: bool = True
) -> list[int]:
    """Indexes of the choices `text` names, trying stricter rules first; [] if none fits."""
    typed = _key(text)
    if not typed:
        return []
    labels = [_labels(c, languages) for c in choices]
    exact = [i for i, keys in enumerate(labels) if typed in keys]
    if exact:
        return exact
    # A non-numeric coded value ("wirausaha") is as good as its label; digits always mean position.
    by_value = [
        i for i, c in enumerate(choices) if not c.value.isdigit() and _key(c.value) == typed
    ]
    if by_value:
        return by_value
    # "ya" for "Ya, sejalan": a one-word reply that is the first word of a label, however short.
    if " " not in typed:
        first = [i for i, keys in enumerate(labels) if any(k.split()[0] == typed for k in keys)]
        if first:
            return first
    if len(typed) >= _MIN_PREFIX:
        prefix = [i for i, keys in enumerate(labels) if any(k.startswith(typed) for k in keys)]
        if prefix:
            return prefix
        padded = f" {typed} "
        words = [i for i, keys in enumerate(labels) if any(padded in f" {k} " for k in keys)]
        if words:
            return words
    if typos and _MIN_TYPO_LENGTH <= len(typed) <= _MAX_TYPO_LENGTH:
        return _typo_match(typed, labels)
    return []


def _typo_match(typed: str, labels: list[list[str]]) -> list[int]:
    """The one choice within typo distance of `typed` (whole label, or its first words)."""
    width = len(typed.split())
    scores: list[float] = []
    for keys in labels:
        candidates = [k for key in keys for k in (key, " ".join(key.split()[:width]))]
        ratios = [difflib.SequenceMatcher(None, typed, c).ratio() for c in candidates]
        scores.append(max(ratios, default=0.0))
    ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    if not ranked or scores[ranked[0]] < _TYPO_RATIO:
        return []
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[ranked[0]] - runner_up < _TYPO_MARGIN:
        return sorted(i for i in ranked if scores[i] >= _TYPO_RATIO)
    return [ranked[0]]


def _match_index(text: str, choices: Sequence[Choice], languages: Sequence[str]) -> int:
    count = len(choices)
    typed = normalize(text)
    position = _position(typed, count)
    if position is not None:
        return position
    copied = _POSITION_AND_LABEL.fullmatch(typed)
    if copied and len(copied.group(1)) <= 6 and 1 <= int(copied.group(1)) <= count:
        # "2. Wirausaha" copied from a numbered list: the number and the label must agree.
        index = int(copied.group(1)) - 1
        named = _label_matches(copied.group(2), choices, languages)
        if index in named:
            return index
        if named:
            raise _ambiguous(sorted({index, *named}), choices, languages)
        raise ReplyNotUnderstood("choice_not_understood", count=count)
    found = _label_matches(typed, choices, languages)
    if not found:
        raise ReplyNotUnderstood("choice_not_understood", count=count)
    if len(found) > 1:
        raise _ambiguous(found, choices, languages)
    return found[0]


def match_choice(text: str, choices: Sequence[Choice], languages: Sequence[str]) -> Choice:
    """The choice a reply names: its number as shown ("2", "2.", "2️⃣"), or its label.

    Labels match in any of `languages` (then any other), ignoring case, accents and punctuation:
    exact label (or a non-numeric coded value), then labels whose first word is the one-word
    reply ("ya" for "Ya, sejalan"), then labels starting with the reply (≥ 3 letters), then
    labels containing the reply as whole words, then one clear typo winner (difflib ratio
    ≥ 0.8, ahead of the next by 0.1). Several equally good -> "choice_ambiguous".
    "2 Wirausaha" (copied from a numbered list) is choice 2 when the label agrees, ambiguous when
    it names another choice, not understood otherwise ("3 kali" is not choice 3).
    """
    return choices[_match_index(text, choices, languages)]


_PART_SEPARATORS = re.compile(r"[,;&+\n]|\b(?:dan|and|serta)\b")
_NUMBER_LIST = re.compile(r"\d+(?:[\s/.)]+\d+)*")
_NUMBER_RANGE = re.compile(r"(\d{1,6})\s*(?:-|–|—|s/d|sd|sampai|to)\s*(\d{1,6})")
_MAX_PART_SHOWN = 40


def _shown(part: str) -> str:
    """A part as echoed back in a message: short enough for a chat bubble."""
    return part if len(part) <= _MAX_PART_SHOWN else part[: _MAX_PART_SHOWN - 1] + "…"


def match_choices(text: str, choices: Sequence[Choice], languages: Sequence[str]) -> list[Choice]:
    """Several choices: "1,3", "1, 3 dan 5", "1 3 5", "1;3", "2 & 4", "1-3", or labels.

    A reply without digits is first tried whole as one label (labels may hold "dan" or commas),
    without typo tolerance. Otherwise it is split on , ; & + "dan" "and" "serta"; a part is a
    list of numbers ("1 3 5"), a range ("1-3"), or one choice as in match_choice. Any unreadable
    part is an error naming it. Duplicates are dropped; the result follows the order of `choices`.
    """
    count = len(choices)
    typed = normalize(text)
    if not any(c.isdigit() for c in typed):
        found = _label_matches(typed, choices, languages, typos=False)
        if len(found) == 1:
            return [choices[found[0]]]
    chosen: set[int] = set()
    for raw in _PART_SEPARATORS.split(typed):
        part = raw.strip(" .:)")
        if part:
            chosen.update(_read_part(part, choices, languages))
    if not chosen:
        raise ReplyNotUnderstood("choice_not_understood", count=count)
    return [choices[i] for i in sorted(chosen)]


def _read_part(part: str, choices: Sequence[Choice], languages: Sequence[str]) -> list[int]:
    count = len(choices)
    shown = _shown(part)
    if _NUMBER_LIST.fullmatch(part):
        numbers = re.findall(r"\d+", part)
        if any(len(n) > 6 or not 1 <= int(n) <= count for n in numbers):
            raise ReplyNotUnderstood("choice_part_out_of_range", part=shown, count=count)
        return [int(n) - 1 for n in numbers]
    if span := _NUMBER_RANGE.fullmatch(part):
        low, high = int(span.group(1)), int(span.group(2))
        if not 1 <= low <= high <= count:
            raise ReplyNotUnderstood("choice_part_out_of_range", part=shown, count=count)
        return list(range(low - 1, high))
    try:
        return [_match_index(part, choices, languages)]
    except ReplyNotUnderstood as error:
        if error.key == "choice_out_of_range":
            raise ReplyNotUnderstood("choice_part_out_of_range", part=shown, count=count) from None
        if error.key == "choice_ambiguous":
            raise ReplyNotUnderstood("choice_part_ambiguous", part=shown, **error.params) from None
        raise ReplyNotUnderstood("choice_part_not_understood", part=shown, count=count) from None
