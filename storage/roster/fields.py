"""Roster columns: the header aliases, and reading one cell of each kind into a checked value.

A cell that cannot be used raises CellError(key, **params), with a staff_messages key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from conversations.parsing import ReplyNotUnderstood, parse_date
from conversations.phones import PhoneRejected, parse_mobile

# Field -> accepted headers (compared after header_key: lower case, letters and digits only).
ALIASES: dict[str, tuple[str, ...]] = {
    "nisn": ("nisn",),
    "nik": ("nik",),
    "name": (
        "nama",
        "name",
        "nama_lengkap",
        "nama_siswa",
        "nama_alumni",
        "nama_peserta_didik",
        "full_name",
    ),
    "birth_date": ("tanggal_lahir", "tgl_lahir", "birth_date", "date_of_birth"),
    "gender": ("jenis_kelamin", "jk", "gender", "l/p", "sex"),
    "graduation_year": ("tahun_lulus", "graduation_year", "angkatan"),
    "programme": (
        "jurusan",
        "kompetensi_keahlian",
        "program",
        "programme",
        "prodi",
        "program_studi",
        "kejuruan",
    ),
    "class_name": ("kelas", "rombel", "rombel_saat_ini", "rombongan_belajar", "class"),
    "homeroom_teacher": ("wali_kelas", "homeroom_teacher"),
    "phone": ("no_hp", "hp", "whatsapp", "no_wa", "phone", "nomor_hp", "no_telp"),
    "guardian_phone": ("no_hp_ortu", "hp_orang_tua", "guardian_phone", "no_hp_orang_tua"),
    "email": ("email", "surel", "alamat_email"),  # "E-Mail" is "email" too
    "language": ("bahasa", "language"),
}
# Columns that fill a field only where its own column is blank, tried in this order, and whose
# unusable values are left out with a warning rather than refusing the row. Dapodik has both
# "HP" and "Telepon" (often a landline); its parents' groups ("Data Ibu / …") rarely hold a phone.
SECONDARY_ALIASES: dict[str, tuple[str, ...]] = {
    "phone": ("telepon", "telp", "no_telepon", "nomor_telepon", "telepon_rumah"),
    "guardian_phone": tuple(
        alias
        for parent in ("wali", "ibu", "ayah")  # the guardian named as such first
        for alias in (
            f"data_{parent}_hp",
            f"data_{parent}_no_hp",
            f"data_{parent}_nomor_hp",
            f"data_{parent}_telepon",
            f"hp_{parent}",
            f"no_hp_{parent}",
        )
    ),
}
REQUIRED = ("nisn", "name", "graduation_year")
# Optional fields whose unusable values are left out with a warning: a wrong NIK or e-mail
# says nothing about whether the alumnus can be reached, so it never costs the row.
LENIENT = frozenset({"nik", "email"})
# What a blank cell is often written as in Indonesian spreadsheets.
BLANKS = frozenset({"-", "--", "–", "—"})
NIK_DIGITS = 16
MAX_LENGTH = {"name": 200, "programme": 200, "class_name": 100, "homeroom_teacher": 200}
FIRST_GRADUATION_YEAR = 1990

_GENDERS = {
    "l": "L",
    "lk": "L",
    "laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "w": "P",
    "f": "P",
    "female": "P",
}
_LANGUAGES = {
    "id": "id",
    "ind": "id",
    "indonesia": "id",
    "bahasaindonesia": "id",
    "en": "en",
    "eng": "en",
    "english": "en",
    "inggris": "en",
    "bahasainggris": "en",
}
# conversations.phones keys -> staff messages (the value and the letter or lengths fill them).
_PHONE_ERRORS = {
    "phone_invalid": "roster_bad_phone",
    "phone_letter": "roster_phone_letter",
    "phone_too_short": "roster_phone_too_short",
    "phone_too_long": "roster_phone_too_long",
    "phone_landline": "roster_phone_landline",
}


def header_key(text: str) -> str:
    """A header reduced to lower-case letters and digits: "No. HP" -> "nohp"."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_FIELD_BY_KEY: dict[str, str] = {
    header_key(alias): name for name, aliases in ALIASES.items() for alias in aliases
}


_SECONDARY_BY_KEY: dict[str, tuple[str, int]] = {
    header_key(alias): (name, rank)
    for name, aliases in SECONDARY_ALIASES.items()
    for rank, alias in enumerate(aliases, start=1)
}


def field_for_header(header: str) -> str | None:
    """The roster field a header means, or None for a column Jejak does not use."""
    return _FIELD_BY_KEY.get(header_key(header))


def column_for_header(header: str) -> tuple[str, int] | None:
    """The field a header fills and its rank: 0 for the field's own column, 1… for stand-ins."""
    key = header_key(header)
    name = _FIELD_BY_KEY.get(key)
    return (name, 0) if name is not None else _SECONDARY_BY_KEY.get(key)


class CellError(ValueError):
    """A cell that cannot be used: `key` names a staff message, `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class CellReaders:
    """The reader of each field for one file (dates depend on `today`; text dates are cached)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.dates: dict[str, date] = {}
        self.by_field: dict[str, Callable[[Any], Any]] = {
            "nisn": read_nisn,
            "nik": read_nik,
            "name": lambda v: read_text(v, "name"),
            "birth_date": self.birth_date,
            "gender": read_gender,
            "graduation_year": self.graduation_year,
            "programme": lambda v: read_text(v, "programme"),
            "class_name": lambda v: read_text(v, "class_name"),
            "homeroom_teacher": lambda v: read_text(v, "homeroom_teacher"),
            "phone": read_phone,
            "guardian_phone": read_phone,
            "email": read_email,
            "language": read_language,
        }

    def birth_date(self, value: Any) -> date:
        """A plausible birth date from a date cell, an Excel day number or text."""
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif is_number(value):
            day = read_excel_date(value)
        else:
            text = cell_text(value)
            cached = self.dates.get(text)
            if cached is None:
                try:
                    cached = parse_date(text, today=self.today)
                except ReplyNotUnderstood:
                    raise CellError("roster_bad_date", value=text) from None
                self.dates[text] = cached
            day = cached
        if day.year < 1940 or day > self.today:
            raise CellError("roster_implausible_birth_date", value=day.strftime("%d-%m-%Y"))
        return day

    def graduation_year(self, value: Any) -> int:
        """A 4-digit year from 1990 to next year."""
        text = cell_text(value)
        last = self.today.year + 1
        if not (re.fullmatch(r"\d{4}", text) and FIRST_GRADUATION_YEAR <= int(text) <= last):
            raise CellError("roster_bad_year", value=text, min=FIRST_GRADUATION_YEAR, max=last)
        return int(text)


def is_number(value: Any) -> bool:
    """True for an int or float cell (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_nisn(value: Any) -> str:
    """10 digits; a numeric cell (Excel dropped the leading zeros) is padded back to 10."""
    if is_number(value):
        # A number cell lost its leading zeros: pad back to the 10 digits a NISN has.
        if isinstance(value, float) and not value.is_integer():
            raise CellError("roster_bad_nisn", value=cell_text(value))
        digits = str(int(value))
        if int(value) < 0 or len(digits) > 10:
            raise CellError("roster_bad_nisn", value=digits)
        return digits.zfill(10)
    text = cell_text(value).lstrip("'")
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        raise CellError("roster_bad_nisn", value=text)
    if len(text) < 10:
        raise CellError("roster_short_nisn", value=text, digits=len(text))
    return text


def nisn_with_zeros(text: str, birth: date) -> str | None:
    """A NISN written as text that lost its leading zeros, restored when the birth year says so.

    A NISN starts with the last three digits of the birth year (0071234567: born 2007), so
    "71234567" of an alumnus born in 2007 can only be 0071234567; otherwise None (a typo).
    """
    if not (text.isascii() and text.isdigit() and 7 <= len(text) < 10):
        return None
    padded = text.zfill(10)
    return padded if padded[:3] == f"{birth.year % 1000:03d}" else None


_SCIENTIFIC = re.compile(r"([0-9]+)(?:[.,]([0-9]*))?[eE]\+?([0-9]{1,2})")
# Doubles hold every integer up to 2**53 exactly; a NIK above it stored as a float is not exact.
_EXACT_FLOAT = 2**53


def read_nik(value: Any) -> str:
    """16 digits from text (spaces, dots or dashes between them allowed) or a number cell.

    A number keeps its digits when nothing can have cut them: Excel keeps 15 significant
    digits, so a 16-digit number typed into Excel ends in 0, and one that does not end in 0 was
    written whole by the program that made the file. "6,37101E+15" (scientific notation) has
    lost digits unless all 16 are shown.
    """
    if is_number(value):
        return _nik_from_number(value)
    text = cell_text(value).lstrip("'").strip()
    scientific = _SCIENTIFIC.fullmatch(text.replace(" ", ""))
    if scientific is not None:
        return _nik_from_scientific(text, *scientific.groups())
    digits = re.sub(r"[\s.\-]", "", text)
    if not (digits.isascii() and digits.isdigit() and len(digits) == NIK_DIGITS):
        raise CellError("roster_bad_nik", value=text)
    return digits


def _nik_from_number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        raise CellError("roster_bad_nik", value=cell_text(value))
    digits = str(int(value))
    if len(digits) != NIK_DIGITS:
        raise CellError("roster_bad_nik", value=digits)
    if digits.endswith("0") or (isinstance(value, float) and value > _EXACT_FLOAT):
        raise CellError("roster_nik_number", value=digits)
    return digits


def _nik_from_scientific(text: str, whole: str, fraction: str | None, exponent: str) -> str:
    shown = whole + (fraction or "")
    try:
        number = Decimal(f"{whole}.{fraction or '0'}E{exponent}")
    except InvalidOperation:  # the pattern admits only digits: kept as a guard
        raise CellError("roster_bad_nik", value=text) from None
    if number != number.to_integral_value() or len(str(int(number))) != NIK_DIGITS:
        raise CellError("roster_bad_nik", value=text)
    if len(shown.lstrip("0")) < NIK_DIGITS:
        raise CellError("roster_nik_scientific", value=text)
    return str(int(number))


def read_email(value: Any) -> str:
    """An e-mail address: one @, a dotted domain, no spaces (the mail server has the last word)."""
    text = cell_text(value).strip()
    if len(text) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", text):
        raise CellError("roster_bad_email", value=text[:100])
    return text


def read_text(value: Any, name: str) -> str:
    """Text with runs of spaces collapsed, at most MAX_LENGTH[name] characters."""
    text = " ".join(cell_text(value).split())
    limit = MAX_LENGTH[name]
    if len(text) > limit:
        raise CellError("roster_too_long", length=len(text), max=limit)
    return text


def read_gender(value: Any) -> str:
    """ "L" or "P" from L/P, laki-laki/perempuan, M/F, male/female…"""
    text = cell_text(value)
    found = _GENDERS.get(header_key(text))
    if found is None:
        raise CellError("roster_bad_gender", value=text)
    return found


def read_language(value: Any) -> str:
    """ "id" or "en" from id/en, Indonesia/Inggris, English…"""
    text = cell_text(value)
    found = _LANGUAGES.get(header_key(text))
    if found is None:
        raise CellError("roster_bad_language", value=text)
    return found


def read_phone(value: Any) -> str:
    """A mobile number in E.164, read as chat replies are (conversations.phones.parse_mobile).

    A number cell lost its leading 0 (81234567890) or its "+" (6281234567890): both are put back.
    """
    if is_number(value):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("roster_bad_phone", value=cell_text(value))
        digits = cell_text(value)
        text = "0" + digits if digits.startswith("8") else "+" + digits
    else:
        text = cell_text(value).lstrip("'")
    try:
        return parse_mobile(text)
    except PhoneRejected as exc:
        raise CellError(_PHONE_ERRORS[exc.key], value=cell_text(value), **exc.params) from None


def read_excel_date(value: float) -> date:
    """An Excel day number (a date cell whose format was lost) as a date."""
    from openpyxl.utils.datetime import from_excel

    if not 1 <= value < 100_000:
        raise CellError("roster_bad_date", value=cell_text(value))
    converted = from_excel(value)
    return converted.date() if isinstance(converted, datetime) else converted
