"""Engine scenarios as data (goflow's golden style): replies in, event signatures out."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from conversations import engine
from conversations.events import (
    AnswerConfirmationAsked,
    AnswerRecorded,
    AnswerRejected,
    AnswersDropped,
    AnswerValue,
    ConsentRequested,
    Event,
    LanguageChanged,
    Notice,
    QuestionAsked,
    ReviewItem,
    ReviewShown,
)
from conversations.inputs import (
    BUTTON_BACK,
    BUTTON_CONSENT_NO,
    BUTTON_CONSENT_YES,
    BUTTON_DONE,
    BUTTON_EDIT,
    BUTTON_SKIP,
    BUTTON_SUBMIT,
    ButtonPress,
    Command,
    CommandKind,
    Reply,
    TextReply,
)
from conversations.messages import MESSAGES
from conversations.questionnaire import (
    UNIT_MONTHS,
    AllOf,
    Answered,
    AnyOf,
    Choice,
    Condition,
    Equals,
    Not,
    NotOneOf,
    OneOf,
    Question,
    Questionnaire,
    QuestionType,
    RatingScale,
    Section,
    Validation,
)
from conversations.render import render_text
from conversations.state import Answer, ConversationState, Phase, Step

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VERSION = "2026.1"


def T(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or id_}


def B(question: str, value: str, version: str = "") -> ButtonPress:
    return ButtonPress(question, value, version)


WORKING = Equals("status", "bekerja")
STUDYING = Equals("status", "kuliah")

TRACER = Questionnaire(
    id="tracer-smk",
    version=VERSION,
    title=T("Tracer Study SMK"),
    languages=("id", "en"),
    consent=T("Jawaban Anda dipakai untuk tracer study.", "Your answers are used for a study."),
    sections=(
        Section(
            "umum",
            T("Umum"),
            (
                Question("intro", QuestionType.NOTE, T("Terima kasih sudah ikut!", "Thanks!")),
                Question(
                    "status",
                    QuestionType.SINGLE_CHOICE,
                    T("Apa kegiatan utama Anda?", "What is your main activity?"),
                    choices=(
                        Choice("bekerja", T("Bekerja", "Working")),
                        Choice("kuliah", T("Kuliah", "Studying")),
                        Choice("mencari", T("Mencari kerja", "Looking for work")),
                        Choice("lainnya", T("Lainnya", "Other"), other=True),
                    ),
                ),
            ),
        ),
        Section(
            "kerja",
            T("Bekerja"),
            (
                Question(
                    "gaji",
                    QuestionType.MONEY,
                    T("Berapa gaji per bulan?", "Monthly pay?"),
                    show_if=WORKING,
                    validation=Validation(min=100_000),
                ),
                Question("mulai", QuestionType.MONTH, T("Mulai kerja?"), show_if=WORKING),
            ),
        ),
        Section(
            "kuliah",
            T("Kuliah"),
            (
                Question("kuliah_note", QuestionType.NOTE, T("Tentang kuliah."), show_if=STUDYING),
                Question("kampus", QuestionType.TEXT, T("Kampus?"), show_if=STUDYING),
            ),
        ),
        Section(
            "akhir",
            T("Akhir"),
            (
                Question(
                    "kompetensi",
                    QuestionType.MULTIPLE_CHOICE,
                    T("Kompetensi yang kurang?", "Missing skills?"),
                    choices=(
                        Choice("inggris", T("Bahasa Inggris", "English")),
                        Choice("komputer", T("Komputer", "Computers")),
                        Choice("komunikasi", T("Komunikasi", "Communication")),
                        Choice("lain", T("Lainnya", "Other"), other=True),
                        Choice("tidak_ada", T("Tidak ada", "None"), exclusive=True),
                    ),
                ),
                Question(
                    "puas",
                    QuestionType.RATING,
                    T("Seberapa puas?", "How satisfied?"),
                    scale=RatingScale(1, 5, T("Sangat tidak puas"), T("Sangat puas", "Very")),
                ),
                Question("saran", QuestionType.TEXT, T("Saran?", "Advice?"), required=False),
            ),
        ),
    ),
)


# --- Signatures: one short string per event, so scenarios read like transcripts -------------------


def _value(value: AnswerValue | None) -> str:
    if value is None:
        return "skip"
    return ",".join(value) if isinstance(value, list) else str(value)


def sig(event: Event) -> str:
    match event:
        case QuestionAsked(question=q) if q.type is QuestionType.NOTE:
            return f"Note:{q.code}"
        case QuestionAsked(question=q, selected=selected, awaiting_other=other):
            ticks = f"[{','.join(selected)}]" if selected and not event.current else ""
            return f"Ask:{q.code}{'+other' if other else ''}{ticks}"
        case AnswerRecorded(code=code, value=value, other_text=other):
            return f"Rec:{code}={_value(value)}" + (f"+{other}" if other else "")
        case AnswerRejected(code=code, key=key):
            return f"Reject:{code}:{key}"
        case AnswerConfirmationAsked(code=code, value=value):
            return f"Confirm:{code}={_value(value)}"
        case AnswersDropped(codes=codes):
            return "Drop:" + ",".join(codes)
        case ReviewShown(items=items, complete=complete):
            return f"Review:{len(items)}" + ("" if complete else "(partial)")
        case Notice(key=key):
            return f"Notice:{key}"
        case ConsentRequested():
            return "Consent"
        case LanguageChanged(language=language):
            return f"Lang:{language}"
    return type(event).__name__


def round_trips(state: ConversationState) -> bool:
    return ConversationState.from_json(json.loads(json.dumps(state.to_json()))) == state


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[tuple[Reply | str, tuple[str, ...]], ...]
    phase: Phase
    answers: dict[str, AnswerValue | None] | None = None
    other_texts: dict[str, str] = field(default_factory=dict)
    questionnaire: Questionnaire = TRACER


def play(
    replies: list[Reply | str], questionnaire: Questionnaire = TRACER
) -> tuple[Step, list[Step]]:
    step = engine.start(questionnaire, NOW)
    steps = []
    for reply in replies:
        typed = TextReply(reply) if isinstance(reply, str) else reply
        step = engine.resume(questionnaire, step.state, typed, NOW)
        assert round_trips(step.state)
        assert step.state.updated_at == NOW
        steps.append(step)
    return step, steps


# Prefixes shared by several scenarios.
TO_STATUS: tuple[tuple[Reply | str, tuple[str, ...]], ...] = (("ya", ("Note:intro", "Ask:status")),)
WORKING_TO_KOMPETENSI = (
    *TO_STATUS,
    ("1", ("Rec:status=bekerja", "Ask:gaji")),
    ("4,5 juta", ("Rec:gaji=4500000", "Ask:mulai")),
    ("agustus 2025", ("Rec:mulai=2025-08", "Ask:kompetensi")),
)
WORKING_TO_REVIEW = (
    *WORKING_TO_KOMPETENSI,
    ("1,2", ("Rec:kompetensi=inggris,komputer", "Ask:puas")),
    ("4", ("Rec:puas=4", "Ask:saran")),
    ("Tambah praktik", ("Rec:saran=Tambah praktik", "Review:6")),
)
WORKING_ANSWERS: dict[str, AnswerValue | None] = {
    "status": "bekerja",
    "gaji": 4_500_000,
    "mulai": "2025-08",
    "kompetensi": ["inggris", "komputer"],
    "puas": 4,
    "saran": "Tambah praktik",
}

# Issue #12: a count of months reads units; another count refuses them instead of dropping them.
WAITING = Questionnaire(
    id="tunggu",
    version=VERSION,
    title=T("Masa tunggu"),
    languages=("id", "en"),
    consent=T("Setuju?"),
    sections=(
        Section(
            "kerja",
            T("Kerja"),
            (
                Question(
                    "tunggu",
                    QuestionType.INTEGER,
                    T("Berapa bulan setelah lulus Anda mendapat kerja?"),
                    validation=Validation(0, 60),
                    unit=UNIT_MONTHS,
                ),
                Question(
                    "lamaran",
                    QuestionType.INTEGER,
                    T("Berapa lamaran yang Anda kirim?"),
                    validation=Validation(0, 1000),
                ),
            ),
        ),
    ),
)
TO_GAJI: tuple[tuple[Reply | str, tuple[str, ...]], ...] = (
    *TO_STATUS,
    ("1", ("Rec:status=bekerja", "Ask:gaji")),
)

SCENARIOS = [
    Scenario(
        "years in a count of months",
        (
            ("ya", ("Ask:tunggu",)),
            ("2 tahun", ("Rec:tunggu=24", "Ask:lamaran")),
            ("3 tahun", ("Reject:lamaran:integer_unit_not_expected", "Ask:lamaran")),
            ("12 perusahaan", ("Rec:lamaran=12", "Review:2")),
            ("ubah 1", ("Ask:tunggu",)),
            ("6 tahun", ("Reject:tunggu:number_too_large", "Ask:tunggu")),
            ("1,5 tahun", ("Rec:tunggu=18", "Review:2")),
            ("ubah 1", ("Ask:tunggu",)),
            ("3 minggu", ("Rec:tunggu=1", "Review:2")),
        ),
        Phase.REVIEW,
        {"tunggu": 1, "lamaran": 12},
        questionnaire=WAITING,
    ),
    Scenario(
        "a bare small income is asked back in thousands; yes stores it",
        (
            *TO_GAJI,
            ("4500", ("Confirm:gaji=4500000",)),
            ("ya", ("Rec:gaji=4500000", "Ask:mulai")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 4_500_000},
    ),
    Scenario(
        "asked back in thousands: no asks the question again",
        (
            *TO_GAJI,
            ("4500", ("Confirm:gaji=4500000",)),
            ("2", ("Notice:confirm_answer_declined", "Ask:gaji")),
            ("4500", ("Confirm:gaji=4500000",)),
            ("tidak", ("Notice:confirm_answer_declined", "Ask:gaji")),
            # With a unit or "Rp" the amount is taken as written (and checked as usual).
            ("Rp 4.500", ("Reject:gaji:money_too_small", "Ask:gaji")),
            ("4500 ribu", ("Rec:gaji=4500000", "Ask:mulai")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 4_500_000},
    ),
    Scenario(
        "asked back in thousands, answered by buttons, a stale one, a pause",
        (
            *TO_GAJI,
            ("4500", ("Confirm:gaji=4500000",)),
            (B("gaji", BUTTON_CONSENT_NO, VERSION), ("Notice:confirm_answer_declined", "Ask:gaji")),
            ("12000", ("Confirm:gaji=12000000",)),
            (B("status", BUTTON_CONSENT_YES), ("Notice:stale_button", "Confirm:gaji=12000000")),
            (
                B("gaji", BUTTON_CONSENT_YES, "2025.9"),
                ("Notice:stale_button", "Confirm:gaji=12000000"),
            ),
            ("bantuan", ("Notice:help", "Confirm:gaji=12000000")),
            ("stop", ("Stopped",)),
            ("lanjut", ("Confirm:gaji=12000000",)),
            (B("gaji", BUTTON_CONSENT_YES, VERSION), ("Rec:gaji=12000000", "Ask:mulai")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 12_000_000},
    ),
    Scenario(
        "asked back in thousands: another amount or BACK instead of yes or no",
        (
            *TO_GAJI,
            ("4500", ("Confirm:gaji=4500000",)),
            ("5 juta", ("Rec:gaji=5000000", "Ask:mulai")),
            ("kembali", ("Ask:gaji",)),
            ("4500", ("Confirm:gaji=4500000",)),
            ("kembali", ("Ask:status",)),
            ("1", ("Rec:status=bekerja", "Ask:mulai")),  # gaji kept its 5 juta
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 5_000_000},
    ),
    Scenario(
        "consent declined is final",
        (
            ("tidak", ("Declined",)),
            ("ya", ("Notice:declined_final",)),
            (B("", BUTTON_CONSENT_YES), ("Notice:declined_final",)),
        ),
        Phase.DECLINED,
        {},
    ),
    Scenario(
        "consent not understood, then agreed by button",
        (
            ("mungkin", ("Reject::consent_not_understood", "Consent")),
            (B("status", BUTTON_CONSENT_YES), ("Notice:stale_button", "Consent")),
            (B("", BUTTON_CONSENT_YES), ("Note:intro", "Ask:status")),
        ),
        Phase.QUESTION,
        {},
    ),
    Scenario(
        "declined by button",
        ((B("", BUTTON_CONSENT_NO), ("Declined",)),),
        Phase.DECLINED,
        {},
    ),
    Scenario(
        "straight through, working",
        (
            *WORKING_TO_REVIEW,
            ("kirim", ("Completed",)),
            ("halo", ("Notice:already_completed",)),
        ),
        Phase.COMPLETED,
        WORKING_ANSWERS,
    ),
    Scenario(
        "studying takes the other branch, with its note",
        (
            *TO_STATUS,
            ("kuliah", ("Rec:status=kuliah", "Note:kuliah_note", "Ask:kampus")),
            (
                "Politeknik Negeri Bandung",
                ("Rec:kampus=Politeknik Negeri Bandung", "Ask:kompetensi"),
            ),
            ("5", ("Rec:kompetensi=tidak_ada", "Ask:puas")),
            ("sangat puas", ("Rec:puas=5", "Ask:saran")),
            (B("saran", BUTTON_SKIP), ("Rec:saran=skip", "Review:5")),
            (B("", BUTTON_SUBMIT), ("Completed",)),
        ),
        Phase.COMPLETED,
        {
            "status": "kuliah",
            "kampus": "Politeknik Negeri Bandung",
            "kompetensi": ["tidak_ada"],
            "puas": 5,
            "saran": None,
        },
    ),
    Scenario(
        "back across a skipped branch, then a new route drops answers",
        (
            *TO_STATUS,
            ("2", ("Rec:status=kuliah", "Note:kuliah_note", "Ask:kampus")),
            ("Polban", ("Rec:kampus=Polban", "Ask:kompetensi")),
            ("kembali", ("Ask:kampus",)),
            ("kembali", ("Ask:status",)),  # gaji and mulai were never shown
            ("kembali", ("Notice:at_first_question", "Ask:status")),
            ("1", ("Rec:status=bekerja", "Drop:kampus", "Ask:gaji")),
            (B("gaji", BUTTON_BACK), ("Ask:status",)),
            # The studying note was dropped with its branch: it is shown again.
            ("2", ("Rec:status=kuliah", "Note:kuliah_note", "Ask:kampus")),
        ),
        Phase.QUESTION,
        {"status": "kuliah"},
    ),
    Scenario(
        "back then forward skips what is already answered",
        (
            *WORKING_TO_KOMPETENSI,
            ("kembali", ("Ask:mulai",)),
            ("kembali", ("Ask:gaji",)),
            ("5 juta", ("Rec:gaji=5000000", "Ask:kompetensi")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 5_000_000, "mulai": "2025-08"},
    ),
    Scenario(
        "edit from the review changes the route",
        (
            *WORKING_TO_REVIEW,
            ("ubah 5", ("Ask:puas",)),
            ("3", ("Rec:puas=3", "Review:6")),
            ("1", ("Ask:status",)),  # a bare number in the review edits that item
            ("2", ("Rec:status=kuliah", "Drop:gaji,mulai", "Note:kuliah_note", "Ask:kampus")),
            ("Polban", ("Rec:kampus=Polban", "Review:5")),
            (B("", BUTTON_EDIT), ("Notice:stale_button", "Review:5")),
            (B("kampus", BUTTON_EDIT), ("Ask:kampus",)),
            ("kembali", ("Ask:status",)),
            ("kuliah", ("Rec:status=kuliah", "Review:5")),
            ("ubah 9", ("Notice:edit_unknown", "Review:5")),
            ("bagus", ("Reject::review_not_understood", "Review:5")),
            ("kembali", ("Ask:saran",)),
            # All answered: SUBMIT from a question shows the review to confirm there.
            ("kirim", ("Review:5",)),
            ("kirim", ("Completed",)),
        ),
        Phase.COMPLETED,
        {
            "status": "kuliah",
            "kampus": "Polban",
            "kompetensi": ["inggris", "komputer"],
            "puas": 3,
            "saran": "Tambah praktik",
        },
    ),
    Scenario(
        "other, please specify",
        (
            *TO_STATUS,
            ("4", ("Ask:status+other",)),
            ("   ", ("Reject:status:text_empty", "Ask:status+other")),
            ("kembali", ("Ask:status",)),  # undoes picking "other"
            ("Lainnya", ("Ask:status+other",)),
            ("Magang di bengkel", ("Rec:status=lainnya+Magang di bengkel", "Ask:kompetensi")),
        ),
        Phase.QUESTION,
        {"status": "lainnya"},
        {"status": "Magang di bengkel"},
    ),
    Scenario(
        "multiple choice typed, with exclusive and other",
        (
            *WORKING_TO_KOMPETENSI,
            ("1,5", ("Reject:kompetensi:choice_exclusive", "Ask:kompetensi")),
            ("1,9", ("Reject:kompetensi:choice_part_out_of_range", "Ask:kompetensi")),
            ("2,4", ("Ask:kompetensi+other[komputer,lain]",)),
            ("Desain grafis", ("Rec:kompetensi=komputer,lain+Desain grafis", "Ask:puas")),
        ),
        Phase.QUESTION,
        {
            "status": "bekerja",
            "gaji": 4_500_000,
            "mulai": "2025-08",
            "kompetensi": ["komputer", "lain"],
        },
        {"kompetensi": "Desain grafis"},
    ),
    Scenario(
        "multiple choice by buttons, exclusive clears the others",
        (
            *WORKING_TO_KOMPETENSI,
            (
                B("kompetensi", BUTTON_DONE),
                ("Reject:kompetensi:choose_at_least_one", "Ask:kompetensi"),
            ),
            (B("kompetensi", "inggris"), ("Ask:kompetensi[inggris]",)),
            (B("kompetensi", "komunikasi"), ("Ask:kompetensi[inggris,komunikasi]",)),
            (B("kompetensi", "tidak_ada"), ("Ask:kompetensi[tidak_ada]",)),
            (B("kompetensi", "komputer"), ("Ask:kompetensi[komputer]",)),
            (B("kompetensi", "lain"), ("Ask:kompetensi[komputer,lain]",)),
            (B("kompetensi", "lain"), ("Ask:kompetensi[komputer]",)),
            (B("kompetensi", BUTTON_DONE), ("Rec:kompetensi=komputer", "Ask:puas")),
            (B("puas", "4"), ("Rec:puas=4", "Ask:saran")),
        ),
        Phase.QUESTION,
        {
            "status": "bekerja",
            "gaji": 4_500_000,
            "mulai": "2025-08",
            "kompetensi": ["komputer"],
            "puas": 4,
        },
    ),
    Scenario(
        "stale buttons are never applied",
        (
            *TO_STATUS,
            (B("gaji", "bekerja"), ("Notice:stale_button", "Ask:status")),
            (B("status", "bekerja", "2025.9"), ("Notice:stale_button", "Ask:status")),
            (B("status", "tidak-ada"), ("Notice:stale_button", "Ask:status")),
            (B("status", BUTTON_SUBMIT), ("Notice:stale_button", "Ask:status")),
            (B("status", BUTTON_DONE), ("Notice:stale_button", "Ask:status")),
            (B("", BUTTON_CONSENT_YES), ("Notice:stale_button", "Ask:status")),
            (B("status", "bekerja", VERSION), ("Rec:status=bekerja", "Ask:gaji")),
        ),
        Phase.QUESTION,
        {"status": "bekerja"},
    ),
    Scenario(
        "optional skip vs required skip",
        (
            *TO_STATUS,
            ("lewati", ("Notice:cannot_skip_required", "Ask:status")),
            (B("status", BUTTON_SKIP), ("Notice:cannot_skip_required", "Ask:status")),
            ("3", ("Rec:status=mencari", "Ask:kompetensi")),
            ("3", ("Rec:kompetensi=komunikasi", "Ask:puas")),
            ("2", ("Rec:puas=2", "Ask:saran")),
            ("lewati", ("Rec:saran=skip", "Review:4")),
            ("lewati", ("Notice:command_not_available", "Review:4")),
        ),
        Phase.REVIEW,
        {"status": "mencari", "kompetensi": ["komunikasi"], "puas": 2, "saran": None},
    ),
    Scenario(
        "restart: no keeps the answers, yes clears them",
        (
            *WORKING_TO_KOMPETENSI,
            ("ulang", ("Notice:confirm_restart",)),
            ("entahlah", ("Reject::yes_no_not_understood", "Notice:confirm_restart")),
            ("tidak", ("Ask:kompetensi",)),
            ("mulai ulang", ("Notice:confirm_restart",)),
            ("ya", ("Restarted", "Note:intro", "Ask:status")),
        ),
        Phase.QUESTION,
        {},
    ),
    Scenario(
        "stop, then continue where they were",
        (
            *TO_STATUS,
            ("1", ("Rec:status=bekerja", "Ask:gaji")),
            ("berhenti", ("Stopped",)),
            ("4 juta", ("Notice:stopped_hint",)),
            (B("gaji", "4 juta"), ("Notice:stopped_hint",)),
            ("lanjut", ("Ask:gaji",)),
            ("4 juta", ("Rec:gaji=4000000", "Ask:mulai")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 4_000_000},
    ),
    Scenario(
        "stop from the review returns to the review",
        (
            *WORKING_TO_REVIEW,
            ("stop", ("Stopped",)),
            ("lanjut", ("Review:6",)),
        ),
        Phase.REVIEW,
        WORKING_ANSWERS,
    ),
    Scenario(
        "language switch mid-way, and a language not offered",
        (
            *TO_STATUS,
            ("bahasa en", ("Lang:en", "Ask:status")),
            ("Working", ("Rec:status=bekerja", "Ask:gaji")),
            (Command(CommandKind.LANGUAGE, "fr"), ("Notice:language_not_available", "Ask:gaji")),
            ("bahasa", ("Lang:id", "Ask:gaji")),
        ),
        Phase.QUESTION,
        {"status": "bekerja"},
    ),
    Scenario(
        "review mid-way keeps the current question",
        (
            *TO_STATUS,
            ("1", ("Rec:status=bekerja", "Ask:gaji")),
            ("5 juta", ("Rec:gaji=5000000", "Ask:mulai")),
            ("periksa", ("Review:2(partial)", "Notice:review_incomplete")),
            ("lanjut", ("Ask:mulai",)),
            ("ubah 1", ("Ask:status",)),
            ("1", ("Rec:status=bekerja", "Ask:mulai")),
            ("ubah", ("Review:2(partial)", "Notice:review_incomplete")),
            (B("gaji", BUTTON_EDIT), ("Ask:gaji",)),
            ("6 juta", ("Rec:gaji=6000000", "Ask:mulai")),
            ("kirim", ("Notice:submit_incomplete", "Ask:mulai")),
            ("bantuan", ("Notice:help", "Ask:mulai")),
        ),
        Phase.QUESTION,
        {"status": "bekerja", "gaji": 6_000_000},
    ),
    Scenario(
        "validation and parse errors re-ask the question",
        (
            *TO_STATUS,
            ("1", ("Rec:status=bekerja", "Ask:gaji")),
            ("50 ribu", ("Reject:gaji:money_too_small", "Ask:gaji")),
            ("banyak", ("Reject:gaji:money_not_understood", "Ask:gaji")),
            ("1500 ringgit", ("Reject:gaji:money_foreign_currency", "Ask:gaji")),
            ("Rp 3.200.000", ("Rec:gaji=3200000", "Ask:mulai")),
            ("kemarin", ("Reject:mulai:month_not_understood", "Ask:mulai")),
            ("08/2025", ("Rec:mulai=2025-08", "Ask:kompetensi")),
            ("", ("Reject:kompetensi:choice_not_understood", "Ask:kompetensi")),
            ("2", ("Rec:kompetensi=komputer", "Ask:puas")),
            ("9", ("Reject:puas:rating_out_of_range", "Ask:puas")),
            ("lumayan", ("Reject:puas:rating_not_understood", "Ask:puas")),
            ("sangat tidak puas", ("Rec:puas=1", "Ask:saran")),
            ("x" * 1001, ("Reject:saran:text_too_long", "Ask:saran")),
        ),
        Phase.QUESTION,
        {
            "status": "bekerja",
            "gaji": 3_200_000,
            "mulai": "2025-08",
            "kompetensi": ["komputer"],
            "puas": 1,
        },
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    replies = [reply for reply, _ in scenario.steps]
    final, steps = play(replies, scenario.questionnaire)
    transcript = [
        (reply, tuple(sig(e) for e in step.events))
        for reply, step in zip(replies, steps, strict=True)
    ]
    assert transcript == list(scenario.steps)
    assert final.state.phase is scenario.phase
    if scenario.answers is not None:
        assert {c: a.value for c, a in final.state.answers.items()} == scenario.answers
    for code, text in scenario.other_texts.items():
        assert final.state.answers[code].other_text == text


def test_every_message_from_the_scenarios_exists_in_both_languages() -> None:
    seen: set[str] = set()
    for scenario in SCENARIOS:
        _, steps = play([reply for reply, _ in scenario.steps], scenario.questionnaire)
        for event in (e for step in steps for e in step.events):
            if isinstance(event, AnswerRejected | Notice):
                seen.add(event.key)
                for language in ("id", "en"):
                    assert event.key in MESSAGES[language], (language, event.key)
                    text = render_text(scenario.questionnaire, event, language)
                    assert text and "{" not in text and event.key not in text
    # The scenarios exercise the rejection paths the brief lists.
    assert {"consent_not_understood", "stale_button", "cannot_skip_required"} <= seen


# --- Consent, start and caller misuse ----------------------------------------------------------


def test_start_asks_for_consent_in_the_chosen_language() -> None:
    step = engine.start(TRACER, NOW, "en")
    assert step.events == (ConsentRequested("en"),)
    assert step.state.phase is Phase.CONSENT
    assert step.state.language == "en"
    assert step.state.started_at is None and step.state.updated_at == NOW
    assert engine.start(TRACER, NOW).state.language == "id"


@pytest.mark.parametrize("text", ["ya", "Ya, setuju!", "OK", "iya", "1", "yes", "Saya setuju."])
def test_yes_words_agree(text: str) -> None:
    final, _ = play([text])
    assert final.state.phase is Phase.QUESTION
    assert final.state.started_at == NOW


@pytest.mark.parametrize("text", ["tidak", "Tidak setuju", "2", "gak", "No", "nggak mau"])
def test_no_words_decline(text: str) -> None:
    final, _ = play([text])
    assert final.state.phase is Phase.DECLINED


@pytest.mark.parametrize("text", ["ya tidak", "nanti", "", "3"])
def test_unclear_consent_is_asked_again(text: str) -> None:
    final, _ = play([text])
    assert [sig(e) for e in final.events] == ["Reject::consent_not_understood", "Consent"]


def test_naive_clock_is_caller_misuse() -> None:
    with pytest.raises(engine.EngineError) as error:
        engine.start(TRACER, datetime(2026, 11, 23, 9, 0))
    assert error.value.code == "naive_datetime"
    state = engine.start(TRACER, NOW).state
    with pytest.raises(engine.EngineError):
        engine.resume(TRACER, state, TextReply("ya"), datetime(2026, 11, 23, 9, 0))


def test_state_of_another_questionnaire_is_caller_misuse() -> None:
    state = engine.start(TRACER, NOW).state
    with pytest.raises(engine.EngineError) as error:
        engine.resume(TRACER, state.with_(version="2025.1"), TextReply("ya"), NOW)
    assert error.value.code == "questionnaire_mismatch"
    with pytest.raises(engine.EngineError):
        engine.resume(TRACER, state.with_(questionnaire_id="other"), TextReply("ya"), NOW)


def test_language_not_offered_is_caller_misuse() -> None:
    with pytest.raises(engine.EngineError) as error:
        engine.start(TRACER, NOW, "jv")
    assert error.value.code == "language_not_offered"


def test_final_phases_still_switch_language() -> None:
    final, _ = play([*[r for r, _ in WORKING_TO_REVIEW], "kirim", "language en"])
    assert [sig(e) for e in final.events] == ["Lang:en", "Notice:already_completed"]
    assert final.state.language == "en"


def test_restart_cancelled_from_the_review_returns_to_it() -> None:
    final, _ = play([*[r for r, _ in WORKING_TO_REVIEW], "ulang", "tidak"])
    assert [sig(e) for e in final.events] == ["Review:6"]
    assert final.state.phase is Phase.REVIEW and final.state.resume_phase is None


# --- What events carry ------------------------------------------------------------------------


def events_of(replies: list[Reply | str]) -> tuple[Event, ...]:
    return play(replies)[0].events


def test_answers_are_echoed_with_their_display_form() -> None:
    recorded = [e for e in events_of(["ya", "1"]) if isinstance(e, AnswerRecorded)]
    assert recorded == [AnswerRecorded("status", "bekerja", "1", None, "Bekerja")]
    (gaji,) = (e for e in events_of(["ya", "1", "4,5 juta"]) if isinstance(e, AnswerRecorded))
    assert (gaji.value, gaji.raw, gaji.display) == (4_500_000, "4,5 juta", "Rp 4.500.000")
    (mulai,) = (e for e in events_of(["ya", "1", "4jt", "8/2025"]) if isinstance(e, AnswerRecorded))
    assert mulai.display == "Agustus 2025"
    other = events_of(["ya", "4", "Magang"])[0]
    assert other == AnswerRecorded("status", "lainnya", "Lainnya", "Magang", "Lainnya: Magang")


def test_question_numbers_count_applicable_questions_only() -> None:
    asked = [e for e in events_of(["ya"]) if isinstance(e, QuestionAsked)]
    assert [(e.question.code, e.number, e.total) for e in asked] == [
        ("intro", 0, 4),  # a note is not numbered
        ("status", 1, 4),  # before the route is known: status and the three common questions
    ]
    (gaji,) = (e for e in events_of(["ya", "1"]) if isinstance(e, QuestionAsked))
    assert (gaji.number, gaji.total) == (2, 6)
    (kampus,) = (e for e in events_of(["ya", "2"])[2:] if isinstance(e, QuestionAsked))
    assert (kampus.number, kampus.total) == (2, 5)


def test_edit_shows_the_current_answer_and_marks_editing() -> None:
    final, _ = play([*[r for r, _ in WORKING_TO_REVIEW], "ubah 4"])
    (asked,) = final.events
    assert isinstance(asked, QuestionAsked)
    assert asked.current == ["inggris", "komputer"]
    assert asked.selected == ("inggris", "komputer")  # ticks start from the answer
    assert final.state.editing
    final, _ = play([*[r for r, _ in WORKING_TO_REVIEW], "ubah 4", B("kompetensi", BUTTON_DONE)])
    assert [sig(e) for e in final.events] == ["Rec:kompetensi=inggris,komputer", "Review:6"]
    assert not final.state.editing


def test_review_items_number_label_and_display() -> None:
    final, _ = play([r for r, _ in WORKING_TO_REVIEW])
    review = final.events[-1]
    assert isinstance(review, ReviewShown) and review.complete
    assert [(i.number, i.code, i.display) for i in review.items] == [
        (1, "status", "Bekerja"),
        (2, "gaji", "Rp 4.500.000"),
        (3, "mulai", "Agustus 2025"),
        (4, "kompetensi", "Bahasa Inggris, Komputer"),
        (5, "puas", "4/5"),
        (6, "saran", "Tambah praktik"),
    ]
    assert review.items[0].label == "Apa kegiatan utama Anda?"


def test_answers_carry_the_time_they_were_given() -> None:
    final, _ = play(["ya", "1"])
    assert final.state.answers["status"].answered_at == NOW


def test_language_change_reasks_in_the_new_language() -> None:
    final, _ = play(["ya", "bahasa english"])
    asked = final.events[-1]
    assert isinstance(asked, QuestionAsked) and asked.language == "en"
    assert render_text(TRACER, asked, "en").startswith("What is your main activity?")


# --- Skip logic -------------------------------------------------------------------------------


def answers(**values: AnswerValue | None) -> dict[str, Answer]:
    return {code: Answer(value=value) for code, value in values.items()}


def shown(condition: Condition, given: dict[str, Answer]) -> bool:
    # The conditions read the tracer's questions; q is added after them.
    question = Question("q", QuestionType.TEXT, T("?"), show_if=condition)
    questionnaire = Questionnaire(
        "c", "1", T("c"), ("id",), T("ok"), (*TRACER.sections, Section("x", T("x"), (question,)))
    )
    return engine.applicable(questionnaire, given, question)


def test_comparisons_on_missing_or_skipped_answers_are_false() -> None:
    assert not shown(Equals("status", "bekerja"), {})
    assert not shown(OneOf("status", ("bekerja",)), {})
    assert not shown(NotOneOf("status", ("bekerja",)), {})
    assert not shown(Answered("saran"), answers(saran=None))
    assert shown(Answered("saran"), answers(saran="x"))
    assert shown(Not(Equals("status", "bekerja")), {})  # Not of false is true


def test_multiple_choice_equals_means_contains() -> None:
    given = answers(kompetensi=["inggris", "komputer"])
    assert shown(Equals("kompetensi", "komputer"), given)
    assert not shown(Equals("kompetensi", "lain"), given)
    assert shown(OneOf("kompetensi", ("lain", "inggris")), given)
    assert shown(NotOneOf("kompetensi", ("lain", "tidak_ada")), given)
    assert not shown(NotOneOf("kompetensi", ("inggris",)), given)


def test_numbers_compare_with_codes_written_as_text() -> None:
    assert shown(Equals("puas", "5"), answers(puas=5))
    assert shown(OneOf("puas", (4, 5)), answers(puas=5))


def test_combinators() -> None:
    given = answers(status="bekerja", puas=2)
    assert shown(AllOf((Equals("status", "bekerja"), OneOf("puas", (1, 2)))), given)
    assert not shown(AllOf((Equals("status", "bekerja"), Equals("puas", 5))), given)
    assert shown(AnyOf((Equals("status", "kuliah"), Equals("puas", 2))), given)


def test_answers_to_questions_not_shown_count_as_none() -> None:
    # gaji only shows for working respondents: a leftover answer must not route anything.
    given = answers(status="kuliah", gaji=5_000_000)
    assert not shown(Answered("gaji"), given)
    assert shown(Answered("gaji"), answers(status="bekerja", gaji=5_000_000))


def test_cyclic_conditions_never_apply_and_do_not_recurse() -> None:
    a = Question("a", QuestionType.TEXT, T("a"), show_if=Answered("b"))
    b = Question("b", QuestionType.TEXT, T("b"), show_if=Answered("a"))
    c = Question("c", QuestionType.TEXT, T("c"))
    cyclic = Questionnaire("z", "1", T("z"), ("id",), T("ok"), (Section("s", T("s"), (a, b, c)),))
    given = answers(a="x", b="y")
    assert not engine.applicable(cyclic, given, a)
    assert not engine.applicable(cyclic, given, b)
    assert [q.code for q in engine.applicable_questions(cyclic, given)] == ["c"]


def test_a_condition_looking_ahead_still_gets_its_question_asked() -> None:
    early = Question("early", QuestionType.TEXT, T("early"), show_if=Answered("late"))
    late = Question("late", QuestionType.TEXT, T("late"))
    ahead = Questionnaire(
        "ahead", "1", T("a"), ("id",), T("ok"), (Section("s", T("s"), (early, late)),)
    )
    step = engine.start(ahead, NOW)
    step = engine.resume(ahead, step.state, TextReply("ya"), NOW)
    step = engine.resume(ahead, step.state, TextReply("x"), NOW)
    assert [sig(e) for e in step.events] == ["Rec:late=x", "Ask:early"]


# --- Notes ----------------------------------------------------------------------------------------


def note(code: str, **kwargs: Any) -> Question:
    return Question(code, QuestionType.NOTE, T(code), **kwargs)


def text(code: str, **kwargs: Any) -> Question:
    return Question(code, QuestionType.TEXT, T(code), **kwargs)


def single(*questions: Question, languages: tuple[str, ...] = ("id", "en")) -> Questionnaire:
    return Questionnaire("s", "1", T("S"), languages, T("ok"), (Section("s", T("s"), questions),))


def test_consecutive_notes_are_shown_in_one_step_without_waiting() -> None:
    questionnaire = single(note("n1"), note("n2"), text("a"), note("n3"), note("n4"))
    _, steps = play(["ya", "jawab"], questionnaire)
    assert [sig(e) for e in steps[0].events] == ["Note:n1", "Note:n2", "Ask:a"]
    assert [sig(e) for e in steps[1].events] == ["Rec:a=jawab", "Note:n3", "Note:n4", "Review:1"]


def test_a_questionnaire_of_notes_only_goes_to_an_empty_review() -> None:
    _, steps = play(["ya", "kembali", "kirim"], single(note("n1")))
    assert [sig(e) for e in steps[0].events] == ["Note:n1", "Review:0"]
    assert [sig(e) for e in steps[1].events] == ["Notice:at_first_question", "Review:0"]
    assert [sig(e) for e in steps[2].events] == ["Completed"]


def test_notes_are_not_back_targets() -> None:
    questionnaire = single(text("a"), note("n"), text("b"))
    _, steps = play(["ya", "x", "kembali"], questionnaire)
    assert [sig(e) for e in steps[1].events] == ["Rec:a=x", "Note:n", "Ask:b"]
    assert [sig(e) for e in steps[2].events] == ["Ask:a"]


# --- Validation ---------------------------------------------------------------------------------


def rejection(question: Question, reply: str) -> AnswerRejected | None:
    _, steps = play(["ya", reply], single(question))
    rejected = [e for e in steps[-1].events if isinstance(e, AnswerRejected)]
    return rejected[0] if rejected else None


def test_text_length_and_pattern() -> None:
    nisn = text("nisn", validation=Validation(min_length=10, max_length=10, pattern=r"\d{10}"))
    assert rejection(nisn, "123") == AnswerRejected("nisn", "text_too_short", {"min": 10})
    assert rejection(nisn, "12345678901") == AnswerRejected("nisn", "text_too_long", {"max": 10})
    assert rejection(nisn, "12345678ab") == AnswerRejected("nisn", "text_pattern")
    assert rejection(nisn, " 0012345678 ") is None


def test_integer_limits_and_the_questionnaires_own_message() -> None:
    message = T("Isi 0 sampai 60 bulan.", "Between 0 and 60 months.")
    months = Question(
        "tunggu",
        QuestionType.INTEGER,
        T("?"),
        validation=Validation(0, 60, message=message),
        unit=UNIT_MONTHS,
    )
    assert rejection(months, "72 bulan") == AnswerRejected(
        "tunggu", "number_too_large", {"max": "60"}, message
    )
    assert rejection(months, "-1") == AnswerRejected(
        "tunggu", "number_too_small", {"min": "0"}, message
    )
    rejected = rejection(months, "entah")
    assert rejected is not None and rejected.key == "not_a_number"
    assert render_text(single(months), rejected, "en") == "Between 0 and 60 months."
    assert rejection(months, "6 bulan") is None


def test_money_limits_are_shown_as_rupiah() -> None:
    pay = Question("gaji", QuestionType.MONEY, T("?"), validation=Validation(max=50_000_000))
    assert rejection(pay, "60 juta") == AnswerRejected(
        "gaji", "money_too_large", {"max": "Rp 50.000.000"}
    )


def test_multiple_choice_count_limits() -> None:
    choices = tuple(Choice(v, T(v)) for v in "abcd")
    pick = Question(
        "pick", QuestionType.MULTIPLE_CHOICE, T("?"), choices=choices, validation=Validation(2, 3)
    )
    assert rejection(pick, "1") == AnswerRejected("pick", "choices_too_few", {"min": 2})
    assert rejection(pick, "1,2,3,4") == AnswerRejected("pick", "choices_too_many", {"max": 3})
    assert rejection(pick, "1,2") is None


def test_dates_are_stored_iso_and_shown_in_words() -> None:
    lulus = Question("lulus", QuestionType.DATE, T("?"))
    final, _ = play(["ya", "17 agustus 2024", "bahasa en"], single(lulus))
    assert final.state.answers["lulus"].value == "2024-08-17"
    assert final.events[-1] == ReviewShown("en", (ReviewItem(1, "lulus", "?", "17 August 2024"),))


def test_phone_and_email_are_normalised() -> None:
    hp = Question("hp", QuestionType.PHONE, T("?"))
    mail = Question("email", QuestionType.EMAIL, T("?"))
    final, _ = play(["ya", "0812-3456-7890", "Nama@Gmail.COM"], single(hp, mail))
    assert final.state.answers["hp"].value == "+6281234567890"
    assert final.state.answers["email"].value == "Nama@gmail.com"


def test_required_text_cannot_be_blank() -> None:
    assert rejection(text("a"), "  ") == AnswerRejected("a", "text_empty")


def test_optional_multiple_choice_done_with_nothing_ticked_is_a_skip() -> None:
    pick = Question(
        "pick", QuestionType.MULTIPLE_CHOICE, T("?"), choices=(Choice("a", T("a")),), required=False
    )
    final, _ = play(["ya", B("pick", BUTTON_DONE)], single(pick))
    assert [sig(e) for e in final.events] == ["Rec:pick=skip", "Review:1"]


def test_pauses_nest_and_return_to_the_question() -> None:
    prefix = ["ya", "1"]  # at gaji
    _, steps = play([*prefix, "ulang", "berhenti", "bahasa en", "ya", "lanjut"])
    transcript = [[sig(e) for e in s.events] for s in steps[len(prefix) :]]
    assert transcript == [
        ["Notice:confirm_restart"],
        ["Stopped"],  # stopping at the restart question pauses the question itself
        ["Lang:en", "Notice:stopped_hint"],
        ["Notice:stopped_hint"],  # "ya" does not resume: only CONTINUE does
        ["Ask:gaji"],
    ]
    final, _ = play([*prefix, "ulang", B("", BUTTON_CONSENT_YES)])
    assert [sig(e) for e in final.events] == ["Restarted", "Note:intro", "Ask:status"]
    assert final.state.answers == {}


def test_continue_from_a_fresh_open_repeats_the_prompt() -> None:
    # The shell sends CONTINUE when a respondent reopens the chat without a reply.
    state = engine.start(TRACER, NOW).state
    step = engine.resume(TRACER, state, Command(CommandKind.CONTINUE), NOW)
    assert [sig(e) for e in step.events] == ["Consent"]


# --- Progress (issue #12: "8/21" then "15/23") ----------------------------------------------------

# Three questions, then one whose yes opens five more: the share answered falls when it opens.
OPENS = Equals("usaha", "ya")
BRANCH_OPENING = single(
    text("nama"),
    text("kota"),
    text("sekolah"),
    Question(
        "usaha",
        QuestionType.SINGLE_CHOICE,
        T("Punya usaha?"),
        choices=(Choice("ya", T("Ya")), Choice("tidak", T("Tidak"))),
    ),
    *(text(f"u{n}", show_if=OPENS) for n in range(1, 6)),
    text("saran"),
)


def progress_shown(steps: list[Step]) -> list[int | None]:
    return [e.progress for s in steps for e in s.events if isinstance(e, QuestionAsked)]


def test_progress_is_a_share_answered_that_never_goes_backwards() -> None:
    replies = ["ya", "Budi", "Bandung", "SMKN 1", "1", "a", "b", "c", "kembali", "d", "e", "f"]
    _, steps = play(replies, BRANCH_OPENING)
    shown = progress_shown(steps)
    # 3 of 5 answered is 60%; "ya" opens five questions (4 of 10 is only 40%): 60% stays until
    # the share answered passes it; BACK shows what was shown.
    assert shown == [0, 20, 40, 60, 60, 60, 60, 70, 70, 70, 80, 90]
    assert shown == sorted(shown)
    final = steps[-1]
    assert final.state.progress == 90
    assert round_trips(final.state)


def test_progress_is_shown_as_a_percentage_not_a_growing_count() -> None:
    _, steps = play(["ya", "Budi", "Bandung", "SMKN 1", "1"], BRANCH_OPENING)
    texts = [
        render_text(BRANCH_OPENING, e, "id")
        for s in steps
        for e in s.events
        if isinstance(e, QuestionAsked)
    ]
    assert texts[0] == "nama\nKetik jawaban Anda."  # nothing to show before the first answer
    assert [t.split(" · ")[0] for t in texts[1:]] == ["20%", "40%", "60%", "60%"]
    assert not any(re.search(r"\d+/\d+", t or "") for t in texts)


def test_restart_starts_the_progress_again() -> None:
    final, _ = play(["ya", "Budi", "Bandung", "ulang", "ya"], BRANCH_OPENING)
    assert final.state.progress == 0
    assert progress_shown([final]) == [0]
