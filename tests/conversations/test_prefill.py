"""Issue #12: what the roster already holds is offered for one-tap confirmation, not retyped.

Scenarios as data, as in test_engine.py: replies in, event signatures out, a JSON round trip on
every step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from conversations import engine
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswerRejected,
    Event,
    Notice,
    QuestionAsked,
    ReviewShown,
)
from conversations.inputs import (
    BUTTON_BACK,
    BUTTON_CONSENT_NO,
    BUTTON_CONSENT_YES,
    ButtonPress,
    Reply,
    TextReply,
)
from conversations.messages import MESSAGES
from conversations.questionnaire import (
    PREFILL_FIELDS,
    Question,
    Questionnaire,
    QuestionType,
    Section,
    Validation,
)
from conversations.render import render_text
from conversations.state import ConversationState, Phase, Step

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VERSION = "2026.2"


def T(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or id_}


def B(question: str, value: str) -> ButtonPress:
    return ButtonPress(question, value, VERSION)


IDENTITY = Questionnaire(
    id="identitas",
    version=VERSION,
    title=T("Identitas"),
    languages=("id", "en"),
    consent=T("Setuju?"),
    sections=(
        Section(
            "identitas",
            T("Identitas"),
            (
                Question(
                    "nama",
                    QuestionType.TEXT,
                    T("Siapa nama lengkap Anda?", "Your full name?"),
                    validation=Validation(min_length=3, max_length=100),
                    prefill="name",
                ),
                Question(
                    "nisn",
                    QuestionType.TEXT,
                    T("Berapa NISN Anda?"),
                    required=False,
                    validation=Validation(pattern="^[0-9]{10}$"),
                    prefill="nisn",
                ),
                Question(
                    "tahun",
                    QuestionType.INTEGER,
                    T("Tahun lulus?"),
                    validation=Validation(min=2000, max=2100),
                    prefill="graduation_year",
                ),
                Question("hp", QuestionType.PHONE, T("Nomor HP?"), prefill="phone"),
                Question("saran", QuestionType.TEXT, T("Saran?"), required=False),
            ),
        ),
    ),
)
ROSTER = {
    "name": "Eka Pratama",
    "nisn": "3074326411",
    "graduation_year": "2025",
    "phone": "+6281260000001",
}


def sig(event: Event) -> str:
    match event:
        case QuestionAsked(question=q, current=current):
            return f"Ask:{q.code}" + (f"({current})" if current is not None else "")
        case AnswerRecorded(code=code, value=value):
            return f"Rec:{code}={value}"
        case AnswerRejected(code=code, key=key):
            return f"Reject:{code}:{key}"
        case AnswerConfirmationAsked(code=code, value=value, prefill=field):
            return f"Confirm:{code}={value}" + (f"<{field}" if field else "")
        case ReviewShown(items=items):
            return f"Review:{len(items)}"
        case Notice(key=key):
            return f"Notice:{key}"
    return type(event).__name__


def play(replies: list[Reply | str], known: Mapping[str, str] | None) -> tuple[Step, list[Step]]:
    step = engine.start(IDENTITY, NOW, known=known)
    steps = []
    for reply in replies:
        typed = TextReply(reply) if isinstance(reply, str) else reply
        step = engine.resume(IDENTITY, step.state, typed, NOW)
        assert (
            ConversationState.from_json(json.loads(json.dumps(step.state.to_json()))) == step.state
        )
        steps.append(step)
    return step, steps


SCENARIOS: list[tuple[str, Mapping[str, str] | None, list[tuple[Reply | str, tuple[str, ...]]]]] = [
    (
        "every roster value confirmed: by a word, a button, the number 1",
        ROSTER,
        [
            ("ya", ("Confirm:nama=Eka Pratama<name",)),
            (
                B("nama", BUTTON_CONSENT_YES),
                ("Rec:nama=Eka Pratama", "Confirm:nisn=3074326411<nisn"),
            ),
            ("ya", ("Rec:nisn=3074326411", "Confirm:tahun=2025<graduation_year")),
            ("1", ("Rec:tahun=2025", "Confirm:hp=+6281260000001<phone")),
            ("iya", ("Rec:hp=+6281260000001", "Ask:saran")),
        ],
    ),
    (
        "refused: the question is asked, and the value is never offered again",
        ROSTER,
        [
            ("ya", ("Confirm:nama=Eka Pratama<name",)),
            ("tidak", ("Ask:nama",)),
            ("Eka Pratama Putri", ("Rec:nama=Eka Pratama Putri", "Confirm:nisn=3074326411<nisn")),
            (B("nisn", BUTTON_CONSENT_NO), ("Ask:nisn",)),
            ("kembali", ("Ask:nama(Eka Pratama Putri)",)),
            ("Eka Putri", ("Rec:nama=Eka Putri", "Ask:nisn")),
            ("lewati", ("Rec:nisn=None", "Confirm:tahun=2025<graduation_year")),
        ],
    ),
    (
        "no roster (a pilot) or a value missing from it: the question is asked",
        None,
        [("ya", ("Ask:nama",)), ("Eka Pratama", ("Rec:nama=Eka Pratama", "Ask:nisn"))],
    ),
    (
        "a value missing from the roster is asked; the others are offered",
        {"name": "Eka Pratama", "graduation_year": "2025"},
        [
            ("ya", ("Confirm:nama=Eka Pratama<name",)),
            ("ya", ("Rec:nama=Eka Pratama", "Ask:nisn")),
            ("lewati", ("Rec:nisn=None", "Confirm:tahun=2025<graduation_year")),
        ],
    ),
    (
        "roster values the question's own validation refuses are not offered",
        {"name": "Ek", "nisn": "12345", "graduation_year": "1985", "phone": "12"},
        [
            ("ya", ("Ask:nama",)),
            ("Eka Pratama", ("Rec:nama=Eka Pratama", "Ask:nisn")),
            ("lewati", ("Rec:nisn=None", "Ask:tahun")),
            ("2025", ("Rec:tahun=2025", "Ask:hp")),
        ],
    ),
    (
        "typing an answer instead of yes stores what was typed; commands still work",
        ROSTER,
        [
            ("ya", ("Confirm:nama=Eka Pratama<name",)),
            ("Eka P. Lestari", ("Rec:nama=Eka P. Lestari", "Confirm:nisn=3074326411<nisn")),
            ("lewati", ("Rec:nisn=None", "Confirm:tahun=2025<graduation_year")),
            (B("tahun", BUTTON_BACK), ("Ask:nisn",)),  # skipped: asked, not offered
        ],
    ),
    (
        "going back or editing shows the question with its prefilled answer",
        ROSTER,
        [
            ("ya", ("Confirm:nama=Eka Pratama<name",)),
            ("ya", ("Rec:nama=Eka Pratama", "Confirm:nisn=3074326411<nisn")),
            ("kembali", ("Ask:nama(Eka Pratama)",)),
            ("Eka Pratiwi", ("Rec:nama=Eka Pratiwi", "Confirm:nisn=3074326411<nisn")),
            ("ya", ("Rec:nisn=3074326411", "Confirm:tahun=2025<graduation_year")),
            ("ya", ("Rec:tahun=2025", "Confirm:hp=+6281260000001<phone")),
            ("ya", ("Rec:hp=+6281260000001", "Ask:saran")),
            ("lewati", ("Rec:saran=None", "Review:5")),
            ("ubah 3", ("Ask:tahun(2025)",)),
            ("2024", ("Rec:tahun=2024", "Review:5")),
        ],
    ),
]


@pytest.mark.parametrize(("name", "known", "steps"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_prefill_scenario(
    name: str, known: Mapping[str, str] | None, steps: list[tuple[Reply | str, tuple[str, ...]]]
) -> None:
    replies = [reply for reply, _ in steps]
    _, played = play(replies, known)
    transcript = [
        (r, tuple(sig(e) for e in s.events)) for r, s in zip(replies, played, strict=True)
    ]
    assert transcript == steps


def test_a_confirmed_value_is_stored_with_the_roster_text_as_typed() -> None:
    final, _ = play(["ya", "ya", "ya", "ya", "ya"], ROSTER)
    answers = final.state.answers
    assert {c: (a.value, a.raw) for c, a in answers.items()} == {
        "nama": ("Eka Pratama", "Eka Pratama"),
        "nisn": ("3074326411", "3074326411"),
        "tahun": (2025, "2025"),
        "hp": ("+6281260000001", "+6281260000001"),
    }


def test_the_session_keeps_only_the_fields_its_questionnaire_prefills() -> None:
    roster = {**ROSTER, "birth_date": "2007-04-21", "class": "XII AKL 1", "nik": "3271"}
    state = engine.start(IDENTITY, NOW, known=roster).state
    assert state.known == ROSTER
    assert state.to_json()["known"] == ROSTER
    assert engine.start(IDENTITY, NOW).state.known == {}


def test_erasing_the_data_forgets_the_roster_values_too() -> None:
    final, _ = play(["ya", "hapusdata", "ya"], ROSTER)
    assert final.state.phase is Phase.STOPPED
    assert final.state.known == {}
    assert final.state.answers == {}


def test_restart_offers_the_roster_values_again() -> None:
    final, _ = play(["ya", "ya", "ulang", "ya"], ROSTER)
    assert [sig(e) for e in final.events] == ["Restarted", "Confirm:nama=Eka Pratama<name"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Nama Anda: Eka Pratama — benar?\n1. Ya\n2. Tidak"),
        ("en", "Your name: Eka Pratama — is that right?\n1. Yes\n2. No"),
    ],
)
def test_the_confirmation_says_what_is_confirmed(language: str, expected: str) -> None:
    step = engine.start(IDENTITY, NOW, language, known=ROSTER)
    step = engine.resume(IDENTITY, step.state, TextReply("ya"), NOW)
    (asked,) = step.events
    text = render_text(IDENTITY, asked, language)
    assert text is not None and text.startswith(expected)


@pytest.mark.parametrize("field", sorted(PREFILL_FIELDS))
def test_every_prefill_field_has_words_in_both_languages(field: str) -> None:
    for language in ("id", "en"):
        assert MESSAGES[language][f"known_{field}"]
