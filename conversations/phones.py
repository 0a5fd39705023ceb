"""Mobile numbers: one reading for chat replies and roster cells, with what is wrong when refused.

A number is accepted only when the phonenumbers library says it is a valid mobile number:
Indonesian (08…, 628…, +62 8…, +62 08…, 0062…) or, written with "+" or "00", foreign. Refused
numbers raise PhoneRejected(key, **params), key one of PHONE_ERROR_KEYS: a letter in the number
("0812-3456-789O"), too short, too long, a landline, or no mobile number at all. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import PhoneNumberType, ValidationResult

_INDONESIA = phonenumbers.PhoneMetadata.metadata_for_region("ID")
assert _INDONESIA is not None and _INDONESIA.mobile is not None
# Digits of an Indonesian mobile number written with its leading 0 (08…): 10 to 13 today.
MOBILE_DIGITS = (
    min(_INDONESIA.mobile.possible_length) + 1,
    max(_INDONESIA.mobile.possible_length) + 1,
)

# Every refusal, with its params (chat messages and roster errors are keyed on these).
PHONE_ERROR_KEYS: dict[str, tuple[str, ...]] = {
    "phone_invalid": (),  # no mobile number in it (words, an unknown prefix, a service number)
    "phone_letter": ("letter",),  # a letter typed in or right against the digits
    "phone_too_short": ("min", "max"),  # min/max: digits of a mobile number written 08…
    "phone_too_long": ("min", "max"),
    "phone_landline": (),  # a valid fixed-line number: it cannot receive WhatsApp reminders
}


class PhoneRejected(ValueError):
    """key: one of PHONE_ERROR_KEYS; params: its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = dict(params)


_ACCEPTED = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_SPAN = re.compile(r"[+(0-9][0-9()\s./-]*[0-9]")
_LETTER_AFTER = re.compile(r"[-./]*([^\W\d_])")
_MAX_SPAN = 40
# The span search backtracks on long runs of separators: a phone number is never this long.
_MAX_INPUT = 200

# The fast path: the usual shapes of an Indonesian mobile number, checked against the library's
# own metadata without parsing it (parsing costs ~80 µs a number, this ~2 µs; a 100,000-row
# roster has two numbers a row). tests/conversations/test_parsing.py holds the two to agreement.
_PLAIN = re.compile(r"(?:\+62|62|0)?(8[0-9]{6,13})")
_PUNCTUATION = str.maketrans("", "", " -.()")


_SERVICES: tuple[str, ...] = ("premium_rate", "toll_free", "shared_cost", "voip")
_SERVICES += ("personal_number", "pager", "uan", "voicemail")


def _mobile_check(length: int) -> re.Pattern[str] | None:
    """phonenumbers' number_type for Indonesian numbers of this length, as one expression.

    A number the general pattern allows is MOBILE (or FIXED_LINE_OR_MOBILE) when it matches the
    mobile pattern and no special-service pattern, which number_type checks first. A pattern only
    counts for a number whose length its possible lengths include.
    """

    def applies(name: str) -> str | None:
        desc = getattr(_INDONESIA, name)
        if desc is None or desc.national_number_pattern is None:
            return None
        if desc.possible_length and length not in desc.possible_length:
            return None
        return f"(?:{desc.national_number_pattern})\\Z"

    general, mobile = applies("general_desc"), applies("mobile")
    if general is None or mobile is None:
        return None
    services = "".join(f"(?!{found})" for found in map(applies, _SERVICES) if found)
    return re.compile(f"(?={general})(?={mobile}){services}")


_MOBILE_BY_LENGTH = {n: _mobile_check(n) for n in range(1, 18)}


def is_indonesian_mobile(national: str) -> bool:
    """True when phonenumbers would call +62<national> a mobile number (without parsing it)."""
    check = _MOBILE_BY_LENGTH.get(len(national))
    return check is not None and check.match(national) is not None


def parse_mobile(text: str) -> str:
    """A valid mobile number in E.164 ("0812-3456-7890" -> "+6281234567890"), else PhoneRejected.

    Words around the number ("WA: 0812…") are dropped; a letter inside or against it is refused,
    never dropped ("0812-3456-789O" is not 0812-3456-789).
    """
    plain = _PLAIN.fullmatch(text.strip().translate(_PUNCTUATION))
    if plain and is_indonesian_mobile(plain.group(1)):
        return "+62" + plain.group(1)
    if len(text) > _MAX_INPUT:
        raise PhoneRejected("phone_invalid")
    normal = unicodedata.normalize("NFKC", text)
    # The longest run of digits is the number: "No. 2: 0812…" is not the number 2.
    span = max(
        _SPAN.finditer(normal), key=lambda m: sum(c.isdigit() for c in m.group()), default=None
    )
    if span is None:
        raise PhoneRejected("phone_invalid")
    # A letter against the digits is a mistyped digit (O for 0, l for 1) or a cut-off number.
    after = _LETTER_AFTER.match(normal, span.end())
    before = normal[span.start() - 1 : span.start()]
    if after or before.isalpha():
        raise PhoneRejected("phone_letter", letter=after.group(1) if after else before)
    candidate = span.group()
    if len(candidate) > _MAX_SPAN:
        raise _length("phone_too_long")
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("00"):
        candidate = "+" + digits[2:]  # "00" is the international prefix from Indonesia too
    elif not candidate.startswith("+") and digits.startswith("62"):
        candidate = "+" + digits  # 62812… is +62 812…, not a number in area 0628
    try:
        number = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException as exc:
        raise _parse_failure(exc) from None
    if phonenumbers.is_valid_number(number):
        kind = phonenumbers.number_type(number)
        if kind in _ACCEPTED:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        raise PhoneRejected(
            "phone_landline" if kind == PhoneNumberType.FIXED_LINE else "phone_invalid"
        )
    reason = phonenumbers.is_possible_number_for_type_with_reason(number, PhoneNumberType.MOBILE)
    if reason == ValidationResult.TOO_SHORT:
        raise _length("phone_too_short")
    if reason == ValidationResult.TOO_LONG:
        raise _length("phone_too_long")
    raise PhoneRejected("phone_invalid")


def _length(key: str) -> PhoneRejected:
    return PhoneRejected(key, min=MOBILE_DIGITS[0], max=MOBILE_DIGITS[1])


def _parse_failure(exc: phonenumbers.NumberParseException) -> PhoneRejected:
    error = phonenumbers.NumberParseException
    if exc.error_type in (error.TOO_SHORT_NSN, error.TOO_SHORT_AFTER_IDD):
        return _length("phone_too_short")
    if exc.error_type == error.TOO_LONG:
        return _length("phone_too_long")
    return PhoneRejected("phone_invalid")


def platform_number(text: str) -> str | None:
    """A number a messaging platform gave (Twilio's From) in E.164, or None; read, not judged.

    The platform has proved that the number reaches WhatsApp: a landline (WhatsApp Business) or
    a mobile range newer than phonenumbers' metadata is kept, unlike parse_mobile.
    """
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
