"""Command words typed as text: Indonesian first, English aliases, never an ordinary answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.commands import COMMAND_WORDS, parse_command
from conversations.inputs import Command, CommandKind

K = CommandKind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("kembali", K.BACK),
        ("back", K.BACK),
        ("lewati", K.SKIP),
        ("skip", K.SKIP),
        ("periksa", K.REVIEW),
        ("review", K.REVIEW),
        ("lihat jawaban", K.REVIEW),
        ("ulang", K.RESTART),
        ("mulai ulang", K.RESTART),
        ("restart", K.RESTART),
        ("berhenti", K.STOP),
        ("stop", K.STOP),
        ("lanjut", K.CONTINUE),
        ("lanjutkan", K.CONTINUE),
        ("continue", K.CONTINUE),
        ("resume", K.CONTINUE),
        ("kirim", K.SUBMIT),
        ("submit", K.SUBMIT),
        ("bantuan", K.HELP),
        ("help", K.HELP),
        ("?", K.HELP),
        ("??", K.HELP),
    ],
)
def test_command_words(text: str, kind: CommandKind) -> None:
    assert parse_command(text) == Command(kind)


@pytest.mark.parametrize(
    "text",
    [
        "Kembali",
        "KEMBALI",
        "  kembali  ",
        "kembali.",
        "kembali!!",
        "kembali 🙏",
        "/kembali",
        "/KEMBALI",
        "/kembali@JejakBot",
        "/kembali@jejak_tracer_bot",
        "kèmbali",
        "«kembali»",
    ],
)
def test_case_accents_slash_bot_name_and_punctuation_are_ignored(text: str) -> None:
    assert parse_command(text) == Command(K.BACK)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("/mulai_ulang", K.RESTART),  # Telegram command names cannot hold spaces
        ("/lihat_jawaban", K.REVIEW),
        ("Lihat   Jawaban", K.REVIEW),
        ("help?", K.HELP),
        ("/help@JejakBot", K.HELP),
    ],
)
def test_multi_word_commands(text: str, kind: CommandKind) -> None:
    assert parse_command(text) == Command(kind)


@pytest.mark.parametrize(
    "text",
    [
        "HAPUSDATA",  # as the consent texts write it
        "hapusdata",
        "Hapus Data",
        "hapus  data!",
        "hapus_data",
        "/hapus_data",  # the Telegram command form
        "/hapusdata@JejakBot",
        "hapus data saya",
        "deletedata",
        "Delete data",
        "delete_data",
        "/delete_data",
        "delete my data",
        "/delete_my_data",
    ],
)
def test_delete_data_words(text: str) -> None:
    assert parse_command(text) == Command(K.DELETE_DATA)


@pytest.mark.parametrize(
    "text",
    [
        # Erasure is never read into an ordinary answer: only the whole phrase asks for it.
        "hapus",
        "Hapus",
        "/hapus",
        "data",
        "delete",
        "hapus semua",
        "hapus jawaban",
        "hapus data nanti saja",
        "data saya sudah benar",
        "delete my data later",
        "Admin data & hapus arsip",
    ],
)
def test_ordinary_answers_are_never_a_deletion_request(text: str) -> None:
    command = parse_command(text)
    assert command is None or command.kind is not K.DELETE_DATA


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("ubah", ""),
        ("edit", ""),
        ("ubah 3", "3"),
        ("edit f8", "f8"),
        ("Edit F8", "f8"),  # codes come back lower-case
        ("ubah f502", "f502"),
        ("ubah nomor 3", "3"),
        ("ubah no. 3", "3"),
        ("ubah #3", "3"),
        ("ubah jawaban", ""),
        ("ubah jawaban 3", "3"),
        ("edit question 12", "12"),
        ("/ubah 3", "3"),
        ("/ubah@JejakBot 3", "3"),
        ("ubah 3.", "3"),
    ],
)
def test_edit_takes_a_number_or_question_code(text: str, argument: str) -> None:
    assert parse_command(text) == Command(K.EDIT, argument)


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("bahasa", ""),
        ("language", ""),
        ("/bahasa", ""),
        ("bahasa id", "id"),
        ("bahasa en", "en"),
        ("bahasa english", "en"),
        ("language english", "en"),
        ("language EN", "en"),
        ("language indonesia", "id"),
        ("language inggris", "en"),
        ("/bahasa inggris", "en"),
        ("/bahasa indonesia", "id"),
        ("/language@JejakBot en", "en"),
    ],
)
def test_language_takes_a_normalised_language(text: str, argument: str) -> None:
    assert parse_command(text) == Command(K.LANGUAGE, argument)


@pytest.mark.parametrize(
    "text",
    [
        # Ordinary answers.
        "Bekerja",
        "2",
        "Rp 3 juta",
        "17 Agustus 2024",
        "0812-3456-7890",
        "budi@gmail.com",
        "",
        "   ",
        "🙏",
        # Free text that merely contains a command word.
        "saya kembali ke kampung",
        "kembali ke kampung",
        "lanjut kuliah",
        "stop dulu ya nanti saya lanjut",
        "help me",
        "lihat",
        "kirim lamaran ke 5 perusahaan",
        "ubah 3 dan 4",
        "ubah semua jawaban saya",
        # School subjects, a common answer about missing competences.
        "Bahasa Inggris",
        "bahasa indonesia",
        "bahasa jawa",
        "language french",
        # Telegram commands that are not ours, and look-alikes.
        "/start",
        "/kembalikan",
        "kembalikan",
        "/",
        "apa?",
    ],
)
def test_not_commands(text: str) -> None:
    assert parse_command(text) is None


def test_long_messages_are_never_commands() -> None:
    assert parse_command("kembali" + " " * 100) == Command(K.BACK)  # length after trimming counts
    assert parse_command("kembali" * 1000) is None
    assert parse_command("ubah " + "f" * 40) is None  # no question code is that long


def test_command_words_cover_every_kind_indonesian_first() -> None:
    assert set(COMMAND_WORDS) == set(CommandKind)
    firsts = {kind: words[0] for kind, words in COMMAND_WORDS.items()}
    assert firsts == {
        K.BACK: "kembali",
        K.SKIP: "lewati",
        K.EDIT: "ubah",
        K.REVIEW: "periksa",
        K.RESTART: "ulang",
        K.STOP: "berhenti",
        K.CONTINUE: "lanjut",
        K.LANGUAGE: "bahasa",
        K.SUBMIT: "kirim",
        K.HELP: "bantuan",
        K.DELETE_DATA: "hapusdata",
    }


@pytest.mark.parametrize(
    ("kind", "word"), [(kind, word) for kind, words in COMMAND_WORDS.items() for word in words]
)
def test_every_listed_word_is_recognised(kind: CommandKind, word: str) -> None:
    assert parse_command(word) == Command(kind)
    if " " not in word and word != "?":
        assert parse_command(f"/{word}") == Command(kind)


def test_no_word_belongs_to_two_kinds() -> None:
    words = [word for ws in COMMAND_WORDS.values() for word in ws]
    assert len(words) == len(set(words))


@given(st.text())
def test_parse_command_never_raises(text: str) -> None:
    result = parse_command(text)
    assert result is None or isinstance(result, Command)
