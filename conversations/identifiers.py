"""The identifier each kind of institution knows its alumni by, and reading one as typed.

An SMK knows a student by the NISN (10 digits), a university by the NIM (its own student number:
letters, digits, dots, slashes or hyphens, at most 20, e.g. A11.2019.01234), a training centre
(BLK) by its participant number, or by the NIK (16 digits) when it keeps none. The roster import,
the chat's identity check, /belum, exports and `jejak chat --as` all read identifiers here, so
the kind's identifier is the one asked for and shown everywhere.

Identifiers are text (leading zeros matter) compared in one form: spaces left out and letters in
upper case, so "a11.2019.01234" typed in a chat is the roster's "A11.2019.01234". A NIM or a
participant number has at least one digit: "halo" or "ya" typed where one is asked is no NIM.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The institution kinds (storage.models.InstitutionKind values), in the order prompts name them.
SMK = "smk"
UNIVERSITY = "university"
BLK = "blk"
KINDS = (SMK, UNIVERSITY, BLK)
MAX_LENGTH = 20  # the longest NIM or participant number; fits the stored column (32)
NIK_DIGITS = 16


@dataclass(frozen=True, slots=True)
class Words:
    """One phrase in each language Jejak speaks: Indonesian, then English."""

    id: str
    en: str

    def __call__(self, language: str) -> str:
        """The phrase in `language`, Indonesian for any other."""
        return self.en if language == "en" else self.id


class IdentifierRejected(ValueError):
    """A typed or written value that is not this identifier; `identifier.rule` says why."""

    def __init__(self, identifier: Identifier, value: str) -> None:
        super().__init__(identifier.code)
        self.identifier = identifier
        self.value = value


@dataclass(frozen=True, slots=True)
class Identifier:
    """How one kind of institution identifies its alumni, in words and as a pattern."""

    kind: str  # the institution kind: smk, university, blk
    code: str  # nisn, nim, participant: the lockout's key kind and the export column's name
    label: Words  # "NISN", "NIM", "nomor peserta atau NIK": what it is called in a sentence
    heading: Words  # a table's column heading
    yours: Words  # "NISN Anda": what to type
    shape: Words  # "NISN Anda (10 angka)": what to type, with its shape when that is short
    rule: Words  # what a valid one looks like, with an example: the answer to a wrong one
    who: Words  # whose it is, naming them beside the others: "lulusan SMK"
    short: Words  # the name beside the others: "NISN", "NIM", "nomor peserta/NIK"
    office: Words  # whom to ask for help or a new link: "BKK atau wali kelas Anda"
    pattern: re.Pattern[str]  # the normalised form

    def read(self, text: str) -> str:
        """The identifier in its normalised form, or IdentifierRejected."""
        value = normalise(text)
        if not self.pattern.fullmatch(value):
            raise IdentifierRejected(self, text.strip())
        return value

    def accepts(self, text: str) -> bool:
        """True when `text` reads as this identifier."""
        return bool(self.pattern.fullmatch(normalise(text)))


def normalise(text: str) -> str:
    """Spaces left out, letters in upper case (the form identifiers are stored and compared in)."""
    return "".join(text.split()).upper()


# Letters, digits, dots, slashes and hyphens, at least one digit, at most MAX_LENGTH.
_NUMBER = re.compile(rf"(?=[A-Z./-]*[0-9])[A-Z0-9./-]{{1,{MAX_LENGTH}}}")

IDENTIFIERS: dict[str, Identifier] = {
    SMK: Identifier(
        kind=SMK,
        code="nisn",
        label=Words("NISN", "NISN"),
        heading=Words("NISN", "NISN"),
        yours=Words("NISN Anda", "your NISN"),
        shape=Words("NISN Anda (10 angka)", "your NISN (10 digits)"),
        rule=Words(
            "NISN terdiri dari 10 angka, misalnya 0061234567",
            "An NISN has 10 digits, e.g. 0061234567",
        ),
        who=Words("lulusan SMK", "SMK graduates"),
        short=Words("NISN", "NISN"),
        office=Words("BKK atau wali kelas Anda", "your school's BKK or homeroom teacher"),
        pattern=re.compile(r"[0-9]{10}"),
    ),
    UNIVERSITY: Identifier(
        kind=UNIVERSITY,
        code="nim",
        label=Words("NIM", "NIM"),
        heading=Words("NIM", "NIM"),
        yours=Words("NIM Anda", "your NIM"),
        shape=Words("NIM Anda (nomor induk mahasiswa)", "your NIM (student number)"),
        rule=Words(
            "NIM ditulis seperti di kartu mahasiswa: angka dan huruf, boleh dengan titik, garis "
            "miring atau tanda hubung, paling banyak 20 karakter, misalnya A11.2019.01234",
            "A NIM is written as on the student card: digits and letters, with dots, slashes "
            "or hyphens if it has them, at most 20 characters, e.g. A11.2019.01234",
        ),
        who=Words("lulusan perguruan tinggi", "university graduates"),
        short=Words("NIM", "NIM"),
        office=Words(
            "pusat karier atau bagian tracer study kampus Anda",
            "your university's career centre or tracer study office",
        ),
        pattern=_NUMBER,
    ),
    BLK: Identifier(
        kind=BLK,
        code="participant",
        label=Words("nomor peserta atau NIK", "participant number or NIK"),
        heading=Words("No. peserta/NIK", "Participant no./NIK"),
        yours=Words("nomor peserta atau NIK Anda", "your participant number or NIK"),
        shape=Words(
            "nomor peserta pelatihan atau NIK Anda", "your training participant number or NIK"
        ),
        rule=Words(
            "Nomor peserta ditulis seperti di kartu peserta pelatihan: angka dan huruf, boleh "
            "dengan titik, garis miring atau tanda hubung, paling banyak 20 karakter, misalnya "
            "2401.MJH.015; NIK terdiri dari 16 angka",
            "A participant number is written as on the training card: digits and letters, with "
            "dots, slashes or hyphens if it has them, at most 20 characters, e.g. 2401.MJH.015; "
            "a NIK has 16 digits",
        ),
        who=Words("peserta pelatihan BLK", "BLK trainees"),
        short=Words("nomor peserta/NIK", "participant number/NIK"),
        office=Words("petugas BLK tempat Anda berlatih", "the staff of your training centre"),
        pattern=_NUMBER,
    ),
}


def identifier_for(kind: str) -> Identifier:
    """The identifier of an institution kind (smk, university, blk); ValueError for another."""
    try:
        return IDENTIFIERS[kind]
    except KeyError:
        raise ValueError(f"no identifier for institution kind {kind!r}") from None


def in_order(kinds: Iterable[str]) -> tuple[Identifier, ...]:
    """The identifiers of `kinds` (unknown ones left out) in KINDS order; the NISN for none."""
    wanted = set(kinds)
    found = tuple(IDENTIFIERS[kind] for kind in KINDS if kind in wanted)
    return found or (IDENTIFIERS[SMK],)


def accepted(text: str, kinds: Iterable[str]) -> list[tuple[Identifier, str]]:
    """Each identifier of `kinds` that `text` reads as, with its normalised value."""
    value = normalise(text)
    return [(found, value) for found in in_order(kinds) if found.pattern.fullmatch(value)]


def is_nik(value: str) -> bool:
    """True for 16 digits: a BLK alumnus may give the NIK instead of a participant number."""
    return len(value) == NIK_DIGITS and value.isascii() and value.isdigit()


def words(kinds: Sequence[str], language: str) -> dict[str, str]:
    """The params the identity messages take, for the kinds of institution the chat may be from.

    `identifier` names it in a sentence, `yours` and `yours_shape` say what to type (with its
    shape when that is short), `rule` what a valid one looks like, `office` whom to ask for
    help (a school's BKK, a university's career centre, a training centre's staff). With
    several kinds, each is named with whose it is: "NISN (lulusan SMK), NIM (lulusan
    perguruan tinggi) …".
    """
    found = in_order(kinds)
    if len(found) == 1:
        (one,) = found
        return {
            "identifier": one.label(language),
            "yours": one.yours(language),
            "yours_shape": one.shape(language),
            "rule": one.rule(language),
            "office": one.office(language),
        }
    named = _listed([f"{i.short(language)} ({i.who(language)})" for i in found], language)
    yours = f"your {named}" if language == "en" else f"{named} Anda"
    return {
        "identifier": _listed([i.short(language) for i in found], language),
        "yours": yours,
        "yours_shape": yours,
        "rule": ". ".join(i.rule(language) for i in found),
        "office": _listed([i.office(language) for i in found], language),
    }


def _listed(parts: Sequence[str], language: str) -> str:
    """ "a, b atau c" / "a, b or c"."""
    if len(parts) == 1:
        return parts[0]
    conjunction = " or " if language == "en" else " atau "
    return ", ".join(parts[:-1]) + conjunction + parts[-1]
