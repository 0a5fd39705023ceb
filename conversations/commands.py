"""Recognising command words typed as text ("kembali", "/lewati", "ubah 3", "/help@JejakBot")."""

from __future__ import annotations

import re
from functools import lru_cache

from conversations.inputs import Command, CommandKind
from conversations.parsing import normalize

# Indonesian first: channels show the first word of each kind in help texts and menus.
COMMAND_WORDS: dict[CommandKind, tuple[str, ...]] = {
    CommandKind.BACK: ("kembali", "back"),
    CommandKind.SKIP: ("lewati", "skip"),
    CommandKind.EDIT: ("ubah", "edit"),
    CommandKind.REVIEW: ("periksa", "lihat jawaban", "review"),
    CommandKind.RESTART: ("ulang", "mulai ulang", "restart"),
    CommandKind.STOP: ("berhenti", "stop"),
    # The consent texts promise HAPUSDATA; "hapus" alone is never enough to erase anything.
    CommandKind.DELETE_DATA: (
        "hapusdata",
        "hapus data",
        "hapus_data",
        "hapus data saya",
        "deletedata",
        "delete data",
        "delete_data",
        "delete my data",
    ),
    CommandKind.CONTINUE: ("lanjut", "lanjutkan", "continue", "resume"),
    CommandKind.LANGUAGE: ("bahasa", "language"),
    CommandKind.SUBMIT: ("kirim", "submit"),
    CommandKind.HELP: ("bantuan", "help", "?"),
}

_BY_WORD: dict[str, CommandKind] = {
    word: kind for kind, words in COMMAND_WORDS.items() for word in words if word != "?"
}
# Only these take an argument; for the others, anything after the word makes it free text
# ("kembali ke kampung" is an answer, not BACK).
_WITH_ARGUMENT = frozenset({CommandKind.EDIT, CommandKind.LANGUAGE})
# Words that take an argument, longest first: "ubah jawaban 3" is EDIT, never a shorter word.
_ARGUMENT_WORDS = tuple(
    sorted((w for w, kind in _BY_WORD.items() if kind in _WITH_ARGUMENT), key=len, reverse=True)
)

_LANGUAGES = {
    "id": "id",
    "ind": "id",
    "indo": "id",
    "indonesia": "id",
    "en": "en",
    "eng": "en",
    "english": "en",
    "inggris": "en",
}
# "Bahasa Inggris" and "Bahasa Indonesia" are school subjects, a common answer to questions about
# missing competences: typed without "/" they stay answers.
_SUBJECT_NAMES = frozenset({"indonesia", "inggris"})

# Filler between "ubah" and what to edit: "ubah nomor 3", "edit question f8", "ubah #3".
_EDIT_FILLER = re.compile(
    r"^(?:(?:jawaban|pertanyaan|soal|nomor|nomer|no|answer|question|number)\b\.?\s*|#)*"
)
_EDIT_TARGET = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,31}")
# "/ubah@JejakBot 3": Telegram appends the bot's username to commands in groups.
_SLASH_COMMAND = re.compile(r"/([a-z_]+)(?:@\w+)?")
_EDGE_PUNCTUATION = " .,!?;:'\"()[]…-"
_MAX_COMMAND_CHARS = 60


@lru_cache(maxsize=512)  # a sprint asks more than once; commands are few and Command is frozen
def parse_command(text: str) -> Command | None:
    """The command a whole message is, or None when it is anything else (an answer)."""
    typed = normalize(text)
    if len(typed) > _MAX_COMMAND_CHARS:
        return None
    if typed and set(typed) <= {"?", " "}:
        return Command(CommandKind.HELP)
    slashed = typed.startswith("/")
    if slashed:
        match = _SLASH_COMMAND.match(typed)
        if match is None:
            return None
        # Telegram command names cannot hold spaces: "/mulai_ulang", "/lihat_jawaban".
        typed = match.group(1).replace("_", " ") + typed[match.end() :]
    typed = _strip_edges(typed)
    if not typed:
        return None
    exact = _BY_WORD.get(typed)
    if exact is not None:
        return Command(exact)
    for word in _ARGUMENT_WORDS:
        if typed.startswith(word + " "):
            return _with_argument(word, typed[len(word) + 1 :], slashed=slashed)
    return None


def _strip_edges(text: str) -> str:
    # Trailing "!", "…", emoji and the like do not change what was meant: "kembali 🙏".
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _with_argument(word: str, rest: str, *, slashed: bool) -> Command | None:
    """EDIT with a question number or code, LANGUAGE with a language; else not a command."""
    kind = _BY_WORD[word]
    rest = _strip_edges(rest)
    if kind is CommandKind.LANGUAGE:
        if word == "bahasa" and rest in _SUBJECT_NAMES and not slashed:
            return None
        language = _LANGUAGES.get(rest)
        return Command(kind, language) if language else None
    target = _EDIT_FILLER.sub("", rest, count=1)
    if not target:
        return Command(kind)
    return Command(kind, target) if _EDIT_TARGET.fullmatch(target) else None
