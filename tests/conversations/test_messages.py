"""The catalogue holds every message the engine, parsers and renderer use, in both languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from config.desk_messages import desk_text
from conversations import engine, messages
from conversations.commands import parse_command
from conversations.inputs import CommandKind
from conversations.messages import LANGUAGES, MESSAGES, t
from conversations.parsing import PARSE_ERROR_KEYS

CONVERSATIONS = Path(engine.__file__).parent
ENGINE_MODULES = [
    "engine",
    "steering",
    "erasure",
    "flow",
    "answering",
    "answers",
    "review",
    "conditions",
    "placing",
]
SAMPLE_PARAMS = {
    "min": 2,
    "max": "Rp 10.000.000",
    "count": 5,
    "remaining": 3,
    "languages": "id, en",
    "choice": "Tidak ada",
    "value": "31-02-2024",
    "reason": "day",
    "options": "1. Bekerja; 3. Belum bekerja",
    "numbers": "1, 3",
    "part": "abc",
    "number": "500",
    "month": "08",
    "letter": "O",
    "place": "Kota Surabaya",
    "province": "Jawa Timur",
}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def keys_in_engine_source() -> set[str]:
    """Keys written as literals where the engine emits Notice / AnswerRejected / Rejection."""
    patterns = [
        r"notice\(\s*\"(\w+)\"",
        r"Notice\(\s*\"(\w+)\"",
        r"Rejection\(\s*\"(\w+)\"",
        r"key=\"(\w+)\"",
        r"AnswerRejected\([^()]*?,\s*\"(\w+)\"",
    ]
    found: set[str] = set()
    for module in ENGINE_MODULES:
        source = (CONVERSATIONS / f"{module}.py").read_text(encoding="utf-8")
        for pattern in patterns:
            found.update(re.findall(pattern, source))
    return found


def test_the_source_scan_finds_keys() -> None:
    found = keys_in_engine_source()
    assert {"stale_button", "consent_not_understood", "text_empty", "help"} <= found
    assert {"confirm_delete", "delete_cancelled", "yes_no_not_understood"} <= found


def test_every_key_the_engine_emits_is_declared() -> None:
    undeclared = keys_in_engine_source() - set(engine.ENGINE_KEYS)
    assert not undeclared


CATALOGUE_KEYS = sorted({**engine.ENGINE_KEYS, **PARSE_ERROR_KEYS}.items())


@pytest.mark.parametrize(("key", "params"), CATALOGUE_KEYS, ids=[k for k, _ in CATALOGUE_KEYS])
@pytest.mark.parametrize("language", LANGUAGES)
def test_engine_and_parser_keys_exist_and_format(
    language: str, key: str, params: tuple[str, ...]
) -> None:
    template = MESSAGES[language].get(key)
    assert template, f"{key} missing in {language}"
    # A template may leave a param out, but never asks for one it is not given.
    assert fields(template) <= set(params), (key, fields(template))
    text = t(language, key, **{p: SAMPLE_PARAMS[p] for p in params})
    assert "{" not in text and "}" not in text


def test_both_languages_have_the_same_keys() -> None:
    assert tuple(MESSAGES) == LANGUAGES  # a catalogue for every language, Indonesian first
    assert set(MESSAGES["id"]) == set(MESSAGES["en"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_are_short_enough_for_a_phone(language: str) -> None:
    long = {k: len(v) for k, v in MESSAGES[language].items() if len(v) > 160}
    assert not long


@pytest.mark.parametrize("key", sorted(MESSAGES["id"]))
def test_templates_use_the_same_params_in_both_languages(key: str) -> None:
    assert fields(MESSAGES["id"][key]) == fields(MESSAGES["en"][key]), key


# Capitalised words in messages that are not commands to type. A parent's SALAH NOMOR (WRONG
# NUMBER) is read by bot/alumni/guardians.py, not by the questionnaire's commands.
NOT_COMMANDS = {"HP", "NISN", "BKK", "QR", "SALAH", "NOMOR", "WRONG", "NUMBER"}
# The check-in's answer for a new number (bot/alumni/checkin.py reads it; its tests check).
NOT_COMMANDS |= {"GANTI", "CHANGE"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_to_type_are_words_the_bot_understands(language: str) -> None:
    for key, template in MESSAGES[language].items():
        for word in re.findall(r"\b[A-Z]{2,}\b", template):
            if word in NOT_COMMANDS:
                continue
            understood = engine.yes_no(word) is not None or parse_command(word) is not None
            assert understood, f"{language}.{key}: {word} is neither yes/no nor a command"


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("LEWATI", CommandKind.SKIP),
        ("SKIP", CommandKind.SKIP),
        ("KIRIM", CommandKind.SUBMIT),
        ("SUBMIT", CommandKind.SUBMIT),
        ("UBAH 2", CommandKind.EDIT),
        ("EDIT 2", CommandKind.EDIT),
        ("LANJUT", CommandKind.CONTINUE),
        ("CONTINUE", CommandKind.CONTINUE),
        ("HAPUSDATA", CommandKind.DELETE_DATA),  # as the questionnaires' consent texts say
        ("DELETEDATA", CommandKind.DELETE_DATA),
    ],
)
def test_the_command_words_in_hints_mean_what_the_hints_say(word: str, kind: CommandKind) -> None:
    command = parse_command(word)
    assert command is not None and command.kind is kind


def test_yes_and_no_in_the_consent_prompt_are_understood() -> None:
    assert engine.yes_no("YA") is True and engine.yes_no("YES") is True
    assert engine.yes_no("TIDAK") is False and engine.yes_no("NO") is False


def test_missing_language_falls_back_to_indonesian() -> None:
    assert t("jv", "at_first_question") == MESSAGES["id"]["at_first_question"]


def test_a_missing_key_or_param_does_not_crash(caplog: pytest.LogCaptureFixture) -> None:
    assert t("id", "no_such_key") == "no_such_key"
    assert t("en", "text_too_long") == MESSAGES["en"]["text_too_long"]  # {max} not given
    assert len([r for r in caplog.records if r.name == messages.__name__]) == 2


def test_params_are_filled_as_text_never_read_as_templates() -> None:
    text = t("id", "choice_part_not_understood", part="{count} {0}", count=4)
    assert "“{count} {0}”" in text and "1–4" in text


# One rule fills every catalogue (alumni here; staff, desk and reports in config/ through it).
SMALL = {
    "id": {"hello": "Halo {name}", "only_id": "Hanya {x}", "broken": "Kurung {"},
    "en": {"hello": "Hello {name}", "broken": "Brace {"},
}


@pytest.mark.parametrize(
    ("language", "key", "params", "expected", "logged"),
    [
        ("en", "hello", {"name": "Ayu"}, "Hello Ayu", 0),
        ("jv", "hello", {"name": "Ayu"}, "Halo Ayu", 0),  # an unknown language: Indonesian
        ("en", "only_id", {"x": 1}, "Hanya 1", 0),  # a key one language lacks: Indonesian
        ("en", "hello", {}, "Hello {name}", 1),  # the placeholder stays visible, and is logged
        ("en", "hello", {"name": "{x}", "x": 2}, "Hello {x}", 0),  # a param is never a template
        ("en", "no_such_key", {}, "no_such_key", 1),  # its name, never an exception
        ("en", "broken", {}, "Brace {", 1),  # a template that does not parse: as it is
    ],
)
def test_one_rule_fills_every_catalogue(
    caplog: pytest.LogCaptureFixture,
    language: str,
    key: str,
    params: dict[str, object],
    expected: str,
    logged: int,
) -> None:
    assert messages.fill(SMALL, language, key, **params) == expected
    assert len([r for r in caplog.records if r.name == messages.__name__]) == logged
    assert all("Ayu" not in r.getMessage() for r in caplog.records)  # log keys, never values


def test_staff_catalogues_fill_by_the_same_rule() -> None:
    assert desk_text("en", "no_such_desk_key") == "no_such_desk_key"
    assert desk_text("jv", "menu_stats") == desk_text("id", "menu_stats")
