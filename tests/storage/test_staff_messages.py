"""The staff catalogue: both languages have the same keys and the same placeholders."""

from __future__ import annotations

import string

from config.staff_messages import STAFF_MESSAGES, staff_text


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    indonesian, english = STAFF_MESSAGES["id"], STAFF_MESSAGES["en"]
    assert list(STAFF_MESSAGES) == ["id", "en"]  # Indonesian first
    assert set(indonesian) == set(english)
    for key, text in indonesian.items():
        assert _placeholders(text) == _placeholders(english[key]), key


def test_staff_text_fills_and_falls_back() -> None:
    assert staff_text("en", "roster_row", row=7) == "row 7"
    assert staff_text("id", "roster_row", row=7) == "baris 7"
    assert staff_text("jv", "roster_row", row=7) == "baris 7"  # unknown language: Indonesian
    assert staff_text("en", "roster_row") == "row {row}"  # a missing value stays visible
