"""Roster columns: the header aliases, and reading one cell of each kind into a checked value.

The identity field is called `nisn` here, as the alumni column it fills, whatever the institution
kind: an SMK roster's NISN, a university's NIM, a BLK's participant number (or the NIK when it
keeps none). Each kind has its own headers for it and a few fields of its own (`RosterKind`).
A cell that cannot be used raises CellError(key, **params), with a staff_messages key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from conversations.identifiers import (
    BLK,
    SMK,
    UNIVERSITY,
    IdentifierRejected,
    Words,
    identifier_for,
)
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
# What a university's or a BLK's roster calls its columns, where it differs from ALIASES (an
# SMK's). "Angkatan" is a BLK's batch and a university's year of entry, never a graduation year
# there. The national university upload's own names (nimhsmsmh, kdpstmsmh…) are read too.
KIND_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    SMK: {},
    UNIVERSITY: {
        "nisn": (
            "nim",
            "nomor_induk_mahasiswa",
            "no_induk_mahasiswa",
            "npm",
            "nomor_pokok_mahasiswa",
            "nrp",
            "nimhsmsmh",
        ),
        "name": (*ALIASES["name"], "nama_mahasiswa", "nmmhsmsmh"),
        "graduation_year": ("tahun_lulus", "graduation_year", "tahun_wisuda"),
        "finished_on": (
            "tanggal_lulus",
            "tgl_lulus",
            "tanggal_yudisium",
            "tgl_yudisium",
            "graduation_date",
        ),
        "programme_code": ("kode_prodi", "kode_program_studi", "kdpstmsmh", "programme_code"),
        "npwp": ("npwp",),
        "phone": (*ALIASES["phone"], "telpomsmh"),
        "email": (*ALIASES["email"], "emailmsmh"),
    },
    BLK: {
        "nisn": (
            "no_peserta",
            "nomor_peserta",
            "no_induk_peserta",
            "nomor_induk_peserta",
            "participant_number",
        ),
        "name": (*ALIASES["name"], "nama_peserta"),
        "graduation_year": ("tahun_lulus", "graduation_year"),
        "batch": ("angkatan", "gelombang", "batch", "angkatan_pelatihan", "gelombang_pelatihan"),
        "finished_on": (
            "tanggal_selesai",
            "tgl_selesai",
            "tanggal_selesai_pelatihan",
            "akhir_pelatihan",
            "end_date",
        ),
    },
}
# What the missing-columns message suggests as headers, per kind.
_EXAMPLE_HEADERS = {
    SMK: Words(
        "nisn, nama, tahun_lulus, kelas, no_hp", "nisn, name, graduation_year, class, phone"
    ),
    UNIVERSITY: Words(
        "nim, nama, kode_prodi, tahun_lulus, tanggal_lahir, no_hp",
        "nim, name, programme_code, graduation_year, birth_date, phone",
    ),
    BLK: Words(
        "no_peserta (atau nik), nama, kejuruan, gelombang, tanggal_selesai, no_hp",
        "participant_number (or nik), name, programme, batch, end_date, phone",
    ),
}
# The identity field's name in messages (roster_field_*): the kind's own.
_IDENTITY_FIELD = {SMK: "nisn", UNIVERSITY: "nim", BLK: "participant"}
# Optional fields whose unusable values are left out with a warning: a wrong NIK or e-mail
# says nothing about whether the alumnus can be reached, so it never costs the row.
LENIENT = frozenset({"nik", "email", "npwp"})
# What a blank cell is often written as in Indonesian spreadsheets.
BLANKS = frozenset({"-", "--", "–", "—"})
NIK_DIGITS = 16
MAX_LENGTH = {
    "name": 200,
    "programme": 200,
    "class_name": 100,
    "homeroom_teacher": 200,
    "programme_code": 20,
    "batch": 60,
}
NPWP_DIGITS = (15, 16)  # 15 before 2024; 16 since (a person's NPWP is their NIK)
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
    """The roster field a header means (an SMK's roster), or None for a column Jejak ignores."""
    return _FIELD_BY_KEY.get(header_key(header))


def column_for_header(header: str) -> tuple[str, int] | None:
    """The field a header fills and its rank: 0 for the field's own column, 1… for stand-ins."""
    key = header_key(header)
    name = _FIELD_BY_KEY.get(key)
    return (name, 0) if name is not None else _SECONDARY_BY_KEY.get(key)


@dataclass(frozen=True, slots=True)
class RosterKind:
    """What one kind of institution's roster holds: its headers and its identity field."""

    kind: str
    by_key: dict[str, str]  # header_key(alias) -> field
    identity_field: str  # the identity field's name in messages: nisn, nim, participant
    example: Words  # headers the missing-columns message suggests

    def field_for_header(self, header: str) -> str | None:
        """The roster field a header means, or None for a column Jejak does not use."""
        return self.by_key.get(header_key(header))

    def column_for_header(self, header: str) -> tuple[str, int] | None:
        """The field a header fills and its rank: 0 for its own column, 1… for stand-ins."""
        key = header_key(header)
        name = self.by_key.get(key)
        return (name, 0) if name is not None else _SECONDARY_BY_KEY.get(key)

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Field -> accepted headers, for this kind."""
        return {**ALIASES, **KIND_ALIASES[self.kind]}


@cache
def roster_kind(kind: str = SMK) -> RosterKind:
    """The roster of an institution kind (smk, university, blk); ValueError for another."""
    if kind not in KIND_ALIASES:
        raise ValueError(f"no roster for institution kind {kind!r}")
    aliases = {**ALIASES, **KIND_ALIASES[kind]}
    by_key = {header_key(alias): name for name, names in aliases.items() for alias in names}
    return RosterKind(kind, by_key, _IDENTITY_FIELD[kind], _EXAMPLE_HEADERS[kind])


class CellError(ValueError):
    """A cell that cannot be used: `key` names a staff message, `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class CellReaders:
    """The reader of each field for one file (dates depend on `today`; text dates are cached)."""

    def __init__(self, today: date, kind: str = SMK) -> None:
        self.today = today
        self.dates: dict[str, date] = {}
        self.by_field: dict[str, Callable[[Any], Any]] = {
            "nisn": read_nisn if kind == SMK else _identifier_reader(kind),
            "nik": read_nik,
            "npwp": read_npwp,
            "programme_code": lambda v: read_code(v, "programme_code"),
            "batch": lambda v: read_text(v, "batch"),
            "finished_on": self.finished_on,
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
        day = self.day(value)
        if day.year < 1940 or day > self.today:
            raise CellError("roster_implausible_birth_date", value=day.strftime("%d-%m-%Y"))
        return day

    def finished_on(self, value: Any) -> date:
        """The day of graduation or of a training's end: from 1990 to the end of next year."""
        day = self.day(value)
        last = self.today.year + 1
        if not FIRST_GRADUATION_YEAR <= day.year <= last:
            raise CellError(
                "roster_implausible_end_date",
                value=day.strftime("%d-%m-%Y"),
                min=FIRST_GRADUATION_YEAR,
                max=last,
            )
        return day

    def day(self, value: Any) -> date:
        """A date from a date cell, an Excel day number or text."""
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if is_number(value):
            return read_excel_date(value)
        text = cell_text(value)
        cached = self.dates.get(text)
        if cached is None:
            try:
                cached = parse_date(text, today=self.today)
            except ReplyNotUnderstood:
                raise CellError("roster_bad_date", value=text) from None
            self.dates[text] = cached
        return cached

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


def _identifier_reader(kind: str) -> Callable[[Any], str]:
    """The reader of a university's NIM or a BLK's participant number (conversations.identifiers).

    A number cell is read as its digits: a NIM rarely starts with 0, and nothing tells whether
    Excel dropped one. Letters come out in upper case, as the chat compares them.
    """
    identifier = identifier_for(kind)

    def read(value: Any) -> str:
        if is_number(value) and isinstance(value, float) and not value.is_integer():
            raise CellError("roster_bad_identifier", value=cell_text(value), identifier=kind)
        text = cell_text(value).lstrip("'")
        try:
            return identifier.read(text)
        except IdentifierRejected:
            raise CellError("roster_bad_identifier", value=text[:100], identifier=kind) from None

    return read


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


def read_nik_identity(value: Any) -> str:
    """A BLK roster's NIK where it keys the roster (no participant numbers): as read_nik, but
    required, so a wrong one says what the identity column needs."""
    try:
        return read_nik(value)
    except CellError as exc:
        if exc.key != "roster_bad_nik":
            raise  # digits lost to Excel: that message says how to get them back
        raise CellError(
            "roster_bad_identifier", value=exc.params["value"], identifier=BLK
        ) from None


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


def read_npwp(value: Any) -> str:
    """15 or 16 digits (12.345.678.9-012.345: dots, dashes and spaces between them allowed)."""
    if is_number(value):
        if isinstance(value, float) and (not value.is_integer() or value > _EXACT_FLOAT):
            raise CellError("roster_bad_npwp", value=cell_text(value))
        text = cell_text(value)
    else:
        text = cell_text(value).lstrip("'")
    digits = re.sub(r"[\s.\-]", "", text)
    if not (digits.isascii() and digits.isdigit() and len(digits) in NPWP_DIGITS):
        raise CellError("roster_bad_npwp", value=text[:100])
    return digits


def read_code(value: Any, name: str) -> str:
    """A code (kode prodi): letters and digits, spaces left out, at most MAX_LENGTH[name]."""
    text = "".join(cell_text(value).split()).upper()
    limit = MAX_LENGTH[name]
    if len(text) > limit:
        raise CellError("roster_too_long", length=len(text), max=limit)
    return text


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
