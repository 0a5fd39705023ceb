"""Lenient reply parsing: real Indonesian replies, the errors they get, and properties."""

from __future__ import annotations

import string
from datetime import date

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conversations.parsing import (
    PARSE_ERROR_KEYS,
    ReplyNotUnderstood,
    format_date,
    format_money,
    format_month,
    match_choice,
    match_choices,
    normalize,
    parse_date,
    parse_email,
    parse_integer,
    parse_money,
    parse_month,
    parse_months,
    parse_phone,
)
from conversations.phones import is_indonesian_mobile
from conversations.questionnaire import Choice

# The SMK main status, shown in this order; codes follow the national f8 numbering, so the code
# of a choice is never its position (typed digits must mean the position).
STATUS = (
    Choice("1", {"id": "Bekerja (pegawai/karyawan)", "en": "Working (employee)"}),
    Choice("3", {"id": "Wirausaha", "en": "Self-employed"}),
    Choice("4", {"id": "Melanjutkan pendidikan", "en": "Continuing studies"}),
    Choice("5", {"id": "Belum bekerja, sedang mencari kerja", "en": "Looking for work"}),
    Choice("2", {"id": "Belum memungkinkan bekerja", "en": "Not yet able to work"}),
)
LANGS = ("id", "en")


def rejected(call: object, *args: object, **kwargs: object) -> ReplyNotUnderstood:
    """The ReplyNotUnderstood a call raises (the test fails if it returns)."""
    assert callable(call)
    with pytest.raises(ReplyNotUnderstood) as caught:
        call(*args, **kwargs)
    return caught.value


# --- normalize ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Bekerja  ", "bekerja"),
        ("WIRAUSAHA", "wirausaha"),
        ("Café\t au   lait\n", "cafe au lait"),
        ("Ágústus", "agustus"),
        ("STRAẞE", "strasse"),
        ("2\ufe0f\u20e3", "2"),  # keycap emoji, as WhatsApp users type numbers
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_error_carries_key_and_params() -> None:
    error = ReplyNotUnderstood("choice_out_of_range", count=5)
    assert isinstance(error, ValueError)
    assert error.key == "choice_out_of_range"
    assert error.params == {"count": 5}


# --- integers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12 bulan", 12),
        ("3 kali", 3),
        ("3x", 3),
        ("1.200", 1200),
        ("1,200", 1200),
        ("sekitar 6 bulan", 6),
        ("0", 0),
        ("-3", -3),
        ("2 ribu", 2000),
        ("1,5 ribu", 1500),
        ("１２", 12),  # full-width digits from some keyboards
    ],
)
def test_parse_integer(text: str, expected: int) -> None:
    assert parse_integer(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1,5", "not_integer"),
        ("4.5 bulan", "not_integer"),
        ("dua belas", "not_a_number"),
        ("", "not_a_number"),
        ("1.5.5", "not_a_number"),
        ("2 atau 3", "integer_ambiguous"),
        ("1-2 bulan", "integer_ambiguous"),
        ("9" * 16, "integer_too_large"),
    ],
)
def test_parse_integer_rejects(text: str, key: str) -> None:
    assert rejected(parse_integer, text).key == key


# A count in months (f502, masa tunggu): "2 tahun" was stored as 2.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 tahun", 24),
        ("2 thn", 24),
        ("2thn", 24),
        ("2 th", 24),
        ("2 years", 24),
        ("1,5 tahun", 18),
        ("1.5 years", 18),
        ("1 tahun 3 bulan", 15),
        ("1 thn 6 bln", 18),
        ("7 bulan", 7),
        ("7 bln", 7),
        ("7 months", 7),
        ("7", 7),
        ("sekitar 3 bulan", 3),
        ("3 minggu", 1),
        ("2 minggu", 0),
        ("6 mgg", 1),
        ("8 weeks", 2),
        ("10 hari", 0),
        ("45 hari", 1),
        ("kurang lebih 1 tahun", 12),
        ("0", 0),
    ],
)
def test_parse_months(text: str, expected: int) -> None:
    assert parse_months(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2-3 tahun", "integer_ambiguous"),
        ("2 atau 3 tahun", "integer_ambiguous"),
        ("3 bulan 1 tahun", "integer_ambiguous"),  # units must fall, as money's do
        ("1,5 bulan", "not_integer"),
        ("dua tahun", "not_a_number"),
        ("setengah tahun", "not_a_number"),
        ("9" * 30 + " tahun", "integer_too_large"),
    ],
)
def test_parse_months_rejects(text: str, key: str) -> None:
    assert rejected(parse_months, text).key == key


@pytest.mark.parametrize(
    ("text", "number"), [("2 tahun", 2), ("3 minggu", 3), ("6 bulan", 6), ("10 hari", 10)]
)
def test_a_count_not_in_months_refuses_a_unit_of_time(text: str, number: int) -> None:
    assert parse_integer(text) == number  # the default still drops words, as ratings need
    assert rejected(parse_integer, text, time_units=False).key == "integer_unit_not_expected"
    # Words that are not units of time are still just dropped: "5 orang", "tahun 2020".
    assert parse_integer("5 orang", time_units=False) == 5
    assert parse_integer("tahun 2020", time_units=False) == 2020


# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,5 juta", 4_500_000),
        ("Rp 3.200.000", 3_200_000),
        ("Rp. 3.200.000,-", 3_200_000),
        ("Rp 3.200.000,00", 3_200_000),
        ("Rp3,2jt", 3_200_000),
        ("3jt", 3_000_000),
        ("3 JUTA", 3_000_000),
        ("2.500.000", 2_500_000),
        ("2,500,000", 2_500_000),
        ("2500000", 2_500_000),
        ("500rb", 500_000),
        ("500 ribu", 500_000),
        ("500k", 500_000),
        ("500an ribu", 500_000),
        ("1,5", 1_500_000),  # bare number below 100: millions
        ("15", 15_000_000),
        ("99,5", 99_500_000),
        ("4.5", 4_500_000),
        ("3", 3_000_000),
        ("0", 0),
        ("Rp 0", 0),
        ("Rp 500", 500),  # a whole number after "Rp" is literal rupiah
        ("Rp 4,5", 4_500_000),  # ...but a fraction is still the millions shorthand
        ("1.500", 1_500),  # "." before three digits is a thousands separator
        ("1,2 M", 1_200_000_000),
        ("2 milyar", 2_000_000_000),
        ("2 miliar", 2_000_000_000),
        ("10 M", 10_000_000_000),  # the limit itself is allowed
        ("3 juta 500 ribu", 3_500_000),
        ("3jt 500rb", 3_500_000),
        ("1jt500", 1_500_000),
        ("2 juta 50", 2_050_000),
        ("+-3 juta", 3_000_000),  # "+-" means "about", not minus
        ("± 3 juta", 3_000_000),
        ("sekitar 3 juta per bulan", 3_000_000),
        ("1.234,5 juta", 1_234_500_000),
        ("1,234.5", 1_235),  # both marks: the last one is the decimal; whole rupiah, half up
        ("IDR 750.000", 750_000),
    ],
)
def test_parse_money(text: str, expected: int) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "money_not_understood"),
        ("banyak", "money_not_understood"),
        ("1.5.5", "money_not_understood"),
        ("1.23.456", "money_not_understood"),
        ("-500rb", "money_negative"),
        ("Rp -3.000.000", "money_negative"),
        ("minus 2 juta", "money_negative"),
        ("11 M", "money_too_large"),
        ("20.000.000.000", "money_too_large"),
        ("2 triliun", "money_too_large"),
        ("2-3 juta", "money_ambiguous"),
        ("Rp 2.000.000 - Rp 3.000.000", "money_ambiguous"),
        ("3 juta, 2 tahun", "money_ambiguous"),
        ("500 ribu 2 juta", "money_ambiguous"),
        ("500", "money_needs_unit"),  # 500 ribu or 500 juta? ask for the unit
        ("750,5", "money_needs_unit"),
        ("1500 ringgit", "money_foreign_currency"),
        ("RM1500", "money_foreign_currency"),
        ("$2000", "money_foreign_currency"),
        ("NT$ 30.000", "money_foreign_currency"),
    ],
)
def test_parse_money_rejects(text: str, key: str) -> None:
    assert rejected(parse_money, text).key == key


def test_money_too_large_names_the_limit() -> None:
    assert rejected(parse_money, "11 M").params == {"max": "Rp 10.000.000.000"}


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (4_500_000, "Rp 4.500.000"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (1_000, "Rp 1.000"),
        (10_000_000_000, "Rp 10.000.000.000"),
    ],
)
def test_format_money(amount: int, expected: str) -> None:
    assert format_money(amount) == expected


# --- dates and months ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "17-08-2024",
        "17/8/24",
        "17.08.2024",
        "17 08 2024",
        "17 Agustus 2024",
        "17 agt 2024",
        "17 Agu 2024",
        "17 ags 2024",
        "17 agust 2024",
        "17-Agu-2024",
        "17 Aug 2024",
        "17 August 2024",
        "17th of August, 2024",
        "Aug 17, 2024",
        "2024-08-17",
        "2024/08/17",
        "2024-08-17 00:00:00",  # a spreadsheet cell read as text
        "2024-08-17T10:30:00Z",
        "Sabtu, 17 Agustus 2024",
        "tgl 17 agustus 2024",
        "17082024",
        "17 AGUSTUS 2024.",
    ],
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == date(2024, 8, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 Peb 2020", date(2020, 2, 5)),
        ("5 Pebruari 2020", date(2020, 2, 5)),
        ("1 Mar 2021", date(2021, 3, 1)),
        ("1 Mei 2021", date(2021, 5, 1)),
        ("1 May 2021", date(2021, 5, 1)),
        ("9 Sept 2021", date(2021, 9, 9)),
        ("9 Okt 2021", date(2021, 10, 9)),
        ("9 Oct 2021", date(2021, 10, 9)),
        ("9 Nop 2021", date(2021, 11, 9)),
        ("9 Nopember 2021", date(2021, 11, 9)),
        ("25 Des 2021", date(2021, 12, 25)),
        ("25 Dec 2021", date(2021, 12, 25)),
        ("3 Janu 2022", date(2022, 1, 3)),  # a unique prefix of a month name
        ("Jum'at, 16 Agustus 2024", date(2024, 8, 16)),
        ("01/02/2024", date(2024, 2, 1)),  # day first, always
        ("29-02-2024", date(2024, 2, 29)),
    ],
)
def test_parse_date_months_and_day_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_two_digit_years_without_today() -> None:
    assert parse_date("1/1/69") == date(2069, 1, 1)
    assert parse_date("1/1/70") == date(1970, 1, 1)
    assert parse_date("1/1/05") == date(2005, 1, 1)


def test_two_digit_years_relative_to_today() -> None:
    today = date(2024, 5, 1)
    assert parse_date("1/1/24", today=today) == date(2024, 1, 1)
    assert parse_date("1/1/25", today=today) == date(1925, 1, 1)
    assert parse_date("1/1/69", today=today) == date(1969, 1, 1)


@pytest.mark.parametrize(
    ("text", "value", "reason"),
    [
        ("31-02-2024", "31-02-2024", "day"),
        ("29-02-2023", "29-02-2023", "day"),
        ("0-08-2024", "00-08-2024", "day"),
        ("32 Agustus 2024", "32-08-2024", "day"),
        ("17-13-2024", "17-13-2024", "month"),
        ("8/17/2024", "08-17-2024", "month"),  # US order is not read
        ("17-08-1850", "17-08-1850", "year"),
        ("2150-08-17", "17-08-2150", "year"),
    ],
)
def test_parse_date_invalid(text: str, value: str, reason: str) -> None:
    error = rejected(parse_date, text)
    assert error.key == "date_invalid"
    assert error.params == {"value": value, "reason": reason}


@pytest.mark.parametrize(
    "text",
    ["", "kemarin", "17 Agustus", "17-08", "17 Augst 2024", "17-08-202", "1.200", "17 ju 2024"],
)
def test_parse_date_not_understood(text: str) -> None:
    assert rejected(parse_date, text).key == "date_not_understood"


@pytest.mark.parametrize(
    "text",
    [
        "08/2024",
        "8-2024",
        "8.2024",
        "Agustus 2024",
        "agustus, 2024",
        "agt 24",
        "Agu '24",
        "2024-08",
        "2024/8",
        "Aug 2024",
        "August 2024",
        "08/24",
        "bulan Agustus tahun 2024",
        "17-08-2024",  # a whole date keeps its month
    ],
)
def test_parse_month(text: str) -> None:
    assert parse_month(text) == "2024-08"


def test_parse_month_two_digit_year_uses_today() -> None:
    assert parse_month("agt 25", today=date(2024, 5, 1)) == "1925-08"
    assert parse_month("agt 25") == "2025-08"


@pytest.mark.parametrize(
    "text", ["", "13/2024", "0/2024", "2024", "bulan lalu", "31-02-2024", "8/1850", "Agst Des"]
)
def test_parse_month_rejects(text: str) -> None:
    assert rejected(parse_month, text).key == "month_not_understood"


# Every common abbreviation, Indonesian and English, with or without a dot, in a month answer
# and in a date answer (the issue: "Agst 2024" and "Sept" were not understood).
MONTH_ABBREVIATIONS = [
    ("Jan", 1), ("Feb", 2), ("Peb", 2), ("Mar", 3), ("Mrt", 3), ("Apr", 4), ("Mei", 5),
    ("May", 5), ("Jun", 6), ("Jul", 7), ("Agu", 8), ("Agt", 8), ("Agst", 8), ("Ags", 8),
    ("Agus", 8), ("Aug", 8), ("Sep", 9), ("Sept", 9), ("Okt", 10), ("Oct", 10), ("Nov", 11),
    ("Nop", 11), ("Des", 12), ("Dec", 12),
]  # fmt: skip


@pytest.mark.parametrize(("word", "month"), MONTH_ABBREVIATIONS)
@pytest.mark.parametrize("dot", ["", "."])
def test_month_abbreviations_in_month_and_date_answers(word: str, month: int, dot: str) -> None:
    assert parse_month(f"{word}{dot} 2024") == f"2024-{month:02d}"
    assert parse_month(f"{word.lower()}{dot} 2024") == f"2024-{month:02d}"
    assert parse_month(f"2024 {word}{dot}") == f"2024-{month:02d}"
    assert parse_date(f"5 {word}{dot} 2024") == date(2024, month, 5)


@pytest.mark.parametrize(("text", "month"), [("Agst", "08"), ("agustus", "08"), ("Sept.", "09")])
def test_a_month_name_alone_asks_for_the_year(text: str, month: str) -> None:
    error = rejected(parse_month, text)
    assert (error.key, error.params) == ("month_needs_year", {"month": month})


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (date(2024, 8, 17), "id", "17 Agustus 2024"),
        (date(2024, 8, 17), "en", "17 August 2024"),
        (date(2024, 5, 1), "id", "1 Mei 2024"),
        (date(2024, 5, 1), "jv", "1 Mei 2024"),  # unknown language: Indonesian
    ],
)
def test_format_date(value: date, language: str, expected: str) -> None:
    assert format_date(value, language) == expected


def test_format_month() -> None:
    assert format_month("2024-08", "id") == "Agustus 2024"
    assert format_month("2024-08", "en") == "August 2024"
    assert format_month("1999-12", "id") == "Desember 1999"
    for bad in ("2024-13", "2024-8", "Agustus"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            format_month(bad, "id")


# --- phone and e-mail ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0812-3456-7890",
        "0812 3456 7890",
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "+62 812-3456-7890",
        "+62 0812 3456 7890",
        "(0812) 3456-7890",
        "0812.3456.7890",
        "0062 812 3456 7890",
        "WA: 0812 3456 7890",
        "nomor saya 0812-3456-7890 ya",
        "HP 1: 0812 3456 7890",
        "８１２３４５６７８９０",  # full-width, national number without the trunk 0
    ],
)
def test_parse_phone_indonesian(text: str) -> None:
    assert parse_phone(text) == "+6281234567890"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1 650 253 0000", "+16502530000"),  # fixed line or mobile: the US does not say which
        ("+60 12-345 6789", "+60123456789"),
        ("+44 7911 123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
    ],
)
def test_parse_phone_foreign_mobiles(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # Issue #12: each of these was accepted, and saved, as a number nobody can be reached on.
        ("08123", "phone_too_short"),  # was +6208123
        ("62812345", "phone_too_short"),  # was +6262812345, read as a number in area 0628
        ("081234567890123456", "phone_too_long"),
        ("0812345678901234567", "phone_too_long"),
        ("12345", "phone_too_short"),
        ("021-5551234", "phone_landline"),  # a Jakarta office: no WhatsApp reminder reaches it
        ("(0361) 222 333", "phone_landline"),
        ("+44 20 7946 0000", "phone_landline"),
        ("0812-3456-789O", "phone_letter"),  # letter O for a zero: was cut to 0812-3456-789
        ("0812 3456 78l0", "phone_letter"),
        ("O812 3456 7890", "phone_letter"),
        ("0812abc", "phone_letter"),
        ("", "phone_invalid"),
        ("halo", "phone_invalid"),
        ("+999 1234 5678", "phone_invalid"),
        ("0800 1234 567", "phone_invalid"),  # toll-free, not a mobile
        ("0840 1234 5678", "phone_invalid"),  # no operator uses 084
        ("0" * 300, "phone_invalid"),
    ],
)
def test_parse_phone_says_what_is_wrong(text: str, key: str) -> None:
    assert rejected(parse_phone, text).key == key


def test_phone_messages_name_the_letter_and_the_lengths() -> None:
    letter = rejected(parse_phone, "0812-3456-789O")
    assert letter.params == {"letter": "O"}
    assert rejected(parse_phone, "08123").params == {"min": 10, "max": 13}
    assert rejected(parse_phone, "081234567890123456").params == {"min": 10, "max": 13}


@settings(max_examples=500)
@given(st.text(string.digits, min_size=5, max_size=14))
def test_fast_mobile_check_agrees_with_phonenumbers(rest: str) -> None:
    national = "8" + rest
    number = phonenumbers.parse("+62" + national)
    kind = phonenumbers.number_type(number)
    library = phonenumbers.is_valid_number(number) and kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    assert is_indonesian_mobile(national) == library
    for typed in (f"0{national}", f"+62 {national}", f"62{national}"):
        if library:
            assert parse_phone(typed) == "+62" + national
        else:
            assert rejected(parse_phone, typed).key != "phone_letter"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budi@gmail.com", "budi@gmail.com"),
        ("  Budi.Santoso@Gmail.COM  ", "Budi.Santoso@gmail.com"),
        ("budi @ gmail. com.", "budi@gmail.com"),  # spaces from phone autocorrect
        ("siti_aminah+bkk@smkn1-bandung.sch.id", "siti_aminah+bkk@smkn1-bandung.sch.id"),
    ],
)
def test_parse_email(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "budi",
        "budi@gmail",
        "budi@@gmail.com",
        "budi santoso@gmail.com",
        ".budi@gmail.com",
        "budi..s@gmail.com",
        "budi@-gmail.com",
        "budí@gmail.com",
        "budi@gmail.c",
        "a" * 65 + "@gmail.com",
        "a@" + "b" * 300 + ".com",
    ],
)
def test_parse_email_invalid(text: str) -> None:
    assert rejected(parse_email, text).key == "email_invalid"


# --- single choice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2", "2.", " 2 ", "2)", "(2)", "no. 2", "nomor 2", "02", "2\ufe0f\u20e3", "٢"]
)
def test_match_choice_by_position(text: str) -> None:
    assert match_choice(text, STATUS, LANGS).value == "3"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Wirausaha", "3"),
        ("WIRAUSAHA!", "3"),
        ("Self-employed", "3"),
        ("self employed", "3"),
        ("bekerja", "1"),  # unique label prefix
        ("Bekerja (pegawai/karyawan)", "1"),
        ("melanjutkan", "4"),
        ("karyawan", "1"),  # a whole word inside one label
        ("mencari kerja", "5"),
        ("wiraushaa", "3"),  # typo
        ("melanjutkn pendidikan", "4"),
        ("Continuing studies", "4"),
        ("2 Wirausaha", "3"),  # copied from a numbered list
        ("2. Wirausaha", "3"),
    ],
)
def test_match_choice_by_label(text: str, value: str) -> None:
    assert match_choice(text, STATUS, LANGS).value == value


def test_match_choice_never_reads_digits_as_codes() -> None:
    # "1" is the first choice shown, even though the code "1"... and "5" is the fifth, code "2".
    assert match_choice("5", STATUS, LANGS).value == "2"
    assert match_choice("4", STATUS, LANGS).value == "5"


def test_match_choice_by_non_numeric_code() -> None:
    choices = (Choice("kerja", {"id": "Bekerja"}), Choice("usaha", {"id": "Wirausaha"}))
    assert match_choice("usaha", choices, ("id",)).value == "usaha"


def test_match_choice_accents_and_other_languages() -> None:
    choices = (Choice("a", {"id": "Kafe", "en": "Café"}), Choice("b", {"id": "Toko", "en": "Shop"}))
    assert match_choice("cafe", choices, ("en",)).value == "a"
    # A label in a language the session does not use still counts.
    assert match_choice("toko", choices, ("en",)).value == "b"


def test_match_choice_ambiguous_names_the_candidates() -> None:
    error = rejected(match_choice, "belum", STATUS, LANGS)
    assert error.key == "choice_ambiguous"
    assert error.params == {
        "options": "4. Belum bekerja, sedang mencari kerja; 5. Belum memungkinkan bekerja",
        "numbers": "4, 5",
    }


def test_match_choice_number_and_label_that_disagree_is_ambiguous() -> None:
    error = rejected(match_choice, "1 Wirausaha", STATUS, LANGS)
    assert error.key == "choice_ambiguous"
    assert error.params["numbers"] == "1, 2"


def test_match_choice_ambiguous_options_use_the_first_language() -> None:
    error = rejected(match_choice, "belum", STATUS, ("en", "id"))
    assert error.params["options"] == "4. Looking for work; 5. Not yet able to work"


def test_match_choice_typo_without_clear_winner_is_ambiguous() -> None:
    choices = (Choice("a", {"id": "Negeri"}), Choice("b", {"id": "Negara"}))
    assert match_choice("negexi", choices, ("id",)).value == "a"
    assert rejected(match_choice, "negera", choices, ("id",)).key == "choice_ambiguous"


# smk.yaml's studi_linier: "ya" was refused (too short for a prefix), though only one label
# starts with it.
LINIER = (
    Choice("1", {"id": "Ya, sejalan", "en": "Yes, the same field"}),
    Choice("2", {"id": "Sebagian/berkaitan", "en": "Partly or related"}),
    Choice("3", {"id": "Tidak sejalan", "en": "No, a different field"}),
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("ya", "1"), ("Ya.", "1"), ("YA!", "1"), ("yes", "1"), ("no", "3"), ("tidak", "3")],
)
def test_match_choice_by_the_first_word_of_one_label(text: str, value: str) -> None:
    assert match_choice(text, LINIER, LANGS).value == value


def test_match_choice_first_word_of_several_labels_is_ambiguous() -> None:
    choices = (
        Choice("1", {"id": "Ya, sejalan"}),
        Choice("2", {"id": "Ya, sebagian"}),
        Choice("3", {"id": "Tidak"}),
    )
    error = rejected(match_choice, "ya", choices, ("id",))
    assert (error.key, error.params["numbers"]) == ("choice_ambiguous", "1, 2")
    # A word that is not first in a label still needs three letters, as before.
    assert rejected(match_choice, "se", LINIER, LANGS).key == "choice_not_understood"


@pytest.mark.parametrize("text", ["6", "0", "99", "12345678901234567890"])
def test_match_choice_out_of_range(text: str) -> None:
    error = rejected(match_choice, text, STATUS, LANGS)
    assert (error.key, error.params) == ("choice_out_of_range", {"count": 5})


@pytest.mark.parametrize(
    "text", ["", "xyz", "ya", "kuliah", "3 kali", "be", "bekerja dan wirausaha"]
)
def test_match_choice_not_understood(text: str) -> None:
    error = rejected(match_choice, text, STATUS, LANGS)
    assert (error.key, error.params) == ("choice_not_understood", {"count": 5})


# --- multiple choice ----------------------------------------------------------------------

SOURCES = (
    Choice("bkk", {"id": "BKK sekolah", "en": "School job office"}),
    Choice("pkl", {"id": "Tempat PKL", "en": "Internship place"}),
    Choice("online", {"id": "Lowongan online", "en": "Online job ads"}),
    Choice("family", {"id": "Keluarga dan teman", "en": "Family and friends"}),
    Choice("other", {"id": "Lainnya", "en": "Other"}, other=True),
)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,3", ["bkk", "online"]),
        ("1, 3 dan 5", ["bkk", "online", "other"]),
        ("1 3 5", ["bkk", "online", "other"]),
        ("1;3", ["bkk", "online"]),
        ("2 & 4", ["pkl", "family"]),
        ("4 and 2", ["pkl", "family"]),
        ("3, 1, 3", ["bkk", "online"]),  # duplicates dropped, choices' order kept
        ("1-3", ["bkk", "pkl", "online"]),
        ("1 s/d 3", ["bkk", "pkl", "online"]),
        ("1.", ["bkk"]),
        ("1. 3.", ["bkk", "online"]),
        ("bkk, online", ["bkk", "online"]),
        ("Tempat PKL, lowongan online", ["pkl", "online"]),
        ("keluarga dan teman", ["family"]),  # a label holding "dan" stays whole
        ("Family and friends", ["family"]),
        ("1, lowongan", ["bkk", "online"]),
        ("tempat pkl dan lainnya", ["pkl", "other"]),
        ("2️⃣ 4️⃣", ["pkl", "family"]),
    ],
)
def test_match_choices(text: str, values: list[str]) -> None:
    assert [c.value for c in match_choices(text, SOURCES, LANGS)] == values


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [
        ("", "choice_not_understood", {"count": 5}),
        (", ;", "choice_not_understood", {"count": 5}),
        ("1, 9", "choice_part_out_of_range", {"part": "9", "count": 5}),
        ("1 9", "choice_part_out_of_range", {"part": "1 9", "count": 5}),
        ("3-1", "choice_part_out_of_range", {"part": "3-1", "count": 5}),
        ("2-7", "choice_part_out_of_range", {"part": "2-7", "count": 5}),
        ("1, xyz", "choice_part_not_understood", {"part": "xyz", "count": 5}),
        ("2, Tempat kerja", "choice_part_not_understood", {"part": "tempat kerja", "count": 5}),
    ],
)
def test_match_choices_rejects(text: str, key: str, params: dict[str, object]) -> None:
    error = rejected(match_choices, text, SOURCES, LANGS)
    assert (error.key, error.params) == (key, params)


def test_match_choices_ambiguous_part() -> None:
    error = rejected(match_choices, "1, belum", STATUS, LANGS)
    assert error.key == "choice_part_ambiguous"
    assert error.params["part"] == "belum"
    assert error.params["numbers"] == "4, 5"


def test_match_choices_long_part_is_shortened_in_the_message() -> None:
    error = rejected(match_choices, "1, " + "x" * 500, SOURCES, LANGS)
    assert error.key == "choice_part_not_understood"
    part = error.params["part"]
    assert isinstance(part, str)
    assert len(part) == 40
    assert part.endswith("…")


# --- error keys and properties ------------------------------------------------------------


def test_error_keys_are_catalogue_style() -> None:
    for key, params in PARSE_ERROR_KEYS.items():
        assert key == key.lower()
        assert key.replace("_", "").isalpha()
        assert all(isinstance(p, str) and p.isidentifier() for p in params)


PARSERS = (
    parse_integer,
    parse_months,
    lambda text: parse_integer(text, time_units=False),
    parse_money,
    parse_date,
    parse_month,
    parse_phone,
    parse_email,
    lambda text: match_choice(text, STATUS, LANGS),
    lambda text: match_choices(text, STATUS, LANGS),
    lambda text: match_choice(text, (), LANGS),
    lambda text: match_choices(text, SOURCES, ("en",)),
)

# Replies that look like the real thing, mixed with arbitrary Unicode (control characters,
# right-to-left text, emoji, lone combining marks).
replies = st.one_of(
    st.text(),
    st.text(alphabet=string.digits + " .,-/+()rpjutaribkM", max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["\u202e2024-08-17", "\x00\x1b[31m", "🙏" * 50, "\u0301", "٣ / ٢٠٢٤"]),
)


@settings(max_examples=300)
@given(replies)
@example("9" * 10_000)
@example("1." * 5_000)
@example("(" * 10_000)
@example(" " * 10_000 + "@")
@example("a" * 10_000)
def test_parsers_only_raise_reply_not_understood_with_listed_keys(text: str) -> None:
    for parse in PARSERS:
        try:
            parse(text)
        except ReplyNotUnderstood as error:
            assert error.key in PARSE_ERROR_KEYS, error.key
            assert set(error.params) == set(PARSE_ERROR_KEYS[error.key]), error.key
    assert isinstance(normalize(text), str)


@given(st.integers(min_value=0, max_value=10**10))
@example(0)
@example(999)
@example(1_000)
@example(10**10)
def test_money_round_trip(amount: int) -> None:
    assert parse_money(format_money(amount)) == amount


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["id", "en"]),
)
def test_date_round_trip(value: date, language: str) -> None:
    assert parse_date(format_date(value, language)) == value
    month = f"{value.year:04d}-{value.month:02d}"
    assert parse_month(format_month(month, language)) == month


phone_like = st.one_of(
    st.tuples(
        st.sampled_from(["0", "62", "+62", "+62 ", "+62 0", "0062", "(0", ""]),
        st.sampled_from(["8", "21", "22", "361"]),
        st.lists(
            st.tuples(
                st.sampled_from(["", " ", "-", ".", ") "]),
                st.text(string.digits, min_size=1, max_size=4),
            ),
            min_size=1,
            max_size=4,
        ),
    ).map(lambda t: t[0] + t[1] + "".join(sep + digits for sep, digits in t[2])),
    st.text(alphabet=string.digits + "+ -()", max_size=20),
    st.text(max_size=30),
)


@settings(max_examples=300)
@given(phone_like)
def test_parse_phone_is_idempotent(text: str) -> None:
    try:
        number = parse_phone(text)
    except ReplyNotUnderstood:
        return
    assert number.startswith("+")
    assert number[1:].isdigit()
    assert parse_phone(number) == number


# One reply per error key: every listed key is really raised, with exactly its listed params.
KEY_EXAMPLES = {
    "not_a_number": (parse_integer, "dua"),
    "not_integer": (parse_integer, "1,5"),
    "integer_ambiguous": (parse_integer, "2 atau 3"),
    "integer_too_large": (parse_integer, "9" * 20),
    "integer_unit_not_expected": (lambda t: parse_integer(t, time_units=False), "2 tahun"),
    "money_not_understood": (parse_money, "banyak"),
    "money_negative": (parse_money, "-500rb"),
    "money_too_large": (parse_money, "11 M"),
    "money_ambiguous": (parse_money, "2-3 juta"),
    "money_needs_unit": (parse_money, "500"),
    "money_foreign_currency": (parse_money, "1500 ringgit"),
    "date_not_understood": (parse_date, "kemarin"),
    "date_invalid": (parse_date, "31-02-2024"),
    "month_not_understood": (parse_month, "13/2024"),
    "month_needs_year": (parse_month, "Agst"),
    "phone_invalid": (parse_phone, "halo"),
    "phone_letter": (parse_phone, "0812-3456-789O"),
    "phone_too_short": (parse_phone, "0812"),
    "phone_too_long": (parse_phone, "081234567890123456"),
    "phone_landline": (parse_phone, "021-5551234"),
    "email_invalid": (parse_email, "budi@gmail"),
    "choice_not_understood": (lambda t: match_choice(t, STATUS, LANGS), "xyz"),
    "choice_out_of_range": (lambda t: match_choice(t, STATUS, LANGS), "9"),
    "choice_ambiguous": (lambda t: match_choice(t, STATUS, LANGS), "belum"),
    "choice_part_not_understood": (lambda t: match_choices(t, STATUS, LANGS), "1, xyz"),
    "choice_part_out_of_range": (lambda t: match_choices(t, STATUS, LANGS), "1, 9"),
    "choice_part_ambiguous": (lambda t: match_choices(t, STATUS, LANGS), "1, belum"),
}


def test_every_error_key_has_an_example() -> None:
    assert set(KEY_EXAMPLES) == set(PARSE_ERROR_KEYS)


@pytest.mark.parametrize("key", sorted(KEY_EXAMPLES))
def test_error_key_is_raised_with_its_params(key: str) -> None:
    parse, text = KEY_EXAMPLES[key]
    error = rejected(parse, text)
    assert error.key == key
    assert tuple(error.params) == PARSE_ERROR_KEYS[key]
