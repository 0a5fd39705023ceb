"""HAPUSDATA: the right to erasure (UU PDP) in every phase, asked first, exact on a no."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from conversations import engine
from conversations.events import (
    AnswerRecorded,
    AnswerRejected,
    DataErased,
    Event,
    LanguageChanged,
    Notice,
    QuestionAsked,
    ReviewShown,
)
from conversations.inputs import (
    BUTTON_CONSENT_NO,
    BUTTON_CONSENT_YES,
    ButtonPress,
    Command,
    CommandKind,
    Reply,
    TextReply,
)
from conversations.messages import MESSAGES
from conversations.questionnaire import Choice, Question, Questionnaire, QuestionType, Section
from conversations.render import render_text
from conversations.state import ConversationState, Phase, Step

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def T(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or id_}


SURVEY = Questionnaire(
    id="erasure",
    version="1",
    title=T("Tracer"),
    languages=("id", "en"),
    consent=T("Ketik HAPUSDATA kapan saja.", "Type HAPUSDATA any time."),
    sections=(
        Section(
            "s",
            T("S"),
            (
                Question("intro", QuestionType.NOTE, T("Halo!")),
                Question(
                    "status",
                    QuestionType.SINGLE_CHOICE,
                    T("Kegiatan?", "Activity?"),
                    choices=(Choice("kerja", T("Bekerja")), Choice("kuliah", T("Kuliah"))),
                ),
                Question(
                    "skill",
                    QuestionType.MULTIPLE_CHOICE,
                    T("Kompetensi?", "Skills?"),
                    choices=(
                        Choice("a", T("Komputer")),
                        Choice("b", T("Bahasa")),
                        Choice("x", T("Lainnya"), other=True),
                    ),
                ),
                Question("saran", QuestionType.TEXT, T("Saran?"), required=False),
            ),
        ),
    ),
)


def sig(event: Event) -> str:
    match event:
        case QuestionAsked(question=q) if q.type is QuestionType.NOTE:
            return f"Note:{q.code}"
        case QuestionAsked(question=q, selected=selected, awaiting_other=other):
            ticks = f"[{','.join(selected)}]" if selected else ""
            return f"Ask:{q.code}{'+other' if other else ''}{ticks}"
        case AnswerRecorded(code=code, raw=raw):
            return f"Rec:{code}={raw}"
        case AnswerRejected(code=code, key=key):
            return f"Reject:{code}:{key}"
        case ReviewShown(items=items):
            return f"Review:{len(items)}"
        case Notice(key=key):
            return f"Notice:{key}"
        case LanguageChanged(language=language):
            return f"Lang:{language}"
    return type(event).__name__


def play(replies: list[Reply | str]) -> list[Step]:
    step = engine.start(SURVEY, NOW)
    steps = [step]
    for reply in replies:
        typed = TextReply(reply) if isinstance(reply, str) else reply
        step = engine.resume(SURVEY, step.state, typed, NOW)
        assert (
            ConversationState.from_json(json.loads(json.dumps(step.state.to_json()))) == step.state
        )
        steps.append(step)
    return steps


YES = ButtonPress("", BUTTON_CONSENT_YES)
NO = ButtonPress("", BUTTON_CONSENT_NO)
TO_SKILL = ["ya", "1"]  # consent given, status answered, skill asked
TO_REVIEW = [*TO_SKILL, "1,2", "Lebih banyak praktik"]
ANSWERED = {"status": "kerja", "skill": ["a", "b"], "saran": "Lebih banyak praktik"}


@dataclass(frozen=True)
class Scenario:
    name: str
    prefix: list[Reply | str]
    steps: tuple[tuple[Reply | str, tuple[str, ...]], ...]
    phase: Phase
    answers: dict[str, object]


SCENARIOS = [
    Scenario(
        "delete mid-questionnaire, then CONTINUE asks for consent again",
        TO_SKILL,
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("ya", ("DataErased",)),
            ("1", ("Notice:stopped_hint",)),  # no answer is taken while stopped
            ("lanjut", ("ConsentRequested",)),
            ("ya", ("Note:intro", "Ask:status")),
        ),
        Phase.QUESTION,
        {},
    ),
    Scenario(
        "cancel mid-questionnaire: the same question, ticks and awaited text kept",
        TO_SKILL,
        (
            ("1,3", ("Ask:skill+other[a,x]",)),
            ("Hapus Data", ("Notice:confirm_delete",)),
            ("tidak", ("Notice:delete_cancelled", "Ask:skill+other[a,x]")),
            ("Desain", ("Rec:skill=Komputer, Lainnya", "Ask:saran")),
        ),
        Phase.QUESTION,
        {"status": "kerja", "skill": ["a", "x"]},
    ),
    Scenario(
        "delete after completing",
        [*TO_REVIEW, "kirim"],
        (
            ("HAPUSDATA", ("Notice:confirm_delete",)),
            ("Ya", ("DataErased",)),
        ),
        Phase.STOPPED,
        {},
    ),
    Scenario(
        "cancel after completing: still completed",
        [*TO_REVIEW, "kirim"],
        (
            ("/hapus_data", ("Notice:confirm_delete",)),
            ("tidak", ("Notice:delete_cancelled", "Notice:already_completed")),
            ("halo", ("Notice:already_completed",)),
        ),
        Phase.COMPLETED,
        ANSWERED,
    ),
    Scenario(
        "delete during consent: nothing answered, but reminders stop",
        [],
        (
            ("delete my data", ("Notice:confirm_delete",)),
            ("yes", ("DataErased",)),
            ("ya", ("Notice:stopped_hint",)),  # a yes is not consent while stopped
            ("lanjut", ("ConsentRequested",)),
        ),
        Phase.CONSENT,
        {},
    ),
    Scenario(
        "unclear replies re-ask; a yes button never erases",
        TO_SKILL,
        (
            ("hapus_data", ("Notice:confirm_delete",)),
            ("mungkin", ("Reject::yes_no_not_understood", "Notice:confirm_delete")),
            ("ya tidak", ("Reject::yes_no_not_understood", "Notice:confirm_delete")),
            ("lewati", ("Reject::yes_no_not_understood", "Notice:confirm_delete")),
            (YES, ("Notice:stale_button", "Notice:confirm_delete")),
            ("hapusdata", ("Notice:confirm_delete",)),  # asking twice does not nest
            (NO, ("Notice:delete_cancelled", "Ask:skill")),
        ),
        Phase.QUESTION,
        {"status": "kerja"},
    ),
    Scenario(
        "language and help during the confirmation",
        TO_SKILL,
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("bahasa en", ("Lang:en", "Notice:confirm_delete")),
            ("bantuan", ("Notice:help", "Notice:confirm_delete")),
            ("no", ("Notice:delete_cancelled", "Ask:skill")),
        ),
        Phase.QUESTION,
        {"status": "kerja"},
    ),
    Scenario(
        "cancel from the review returns to the review; CONTINUE cancels too",
        TO_REVIEW,
        (
            ("deletedata", ("Notice:confirm_delete",)),
            ("lanjut", ("Notice:delete_cancelled", "Review:3")),
            ("hapusdata", ("Notice:confirm_delete",)),
            ("kembali", ("Notice:delete_cancelled", "Review:3")),
        ),
        Phase.REVIEW,
        ANSWERED,
    ),
    Scenario(
        "STOP at the confirmation: nothing erased, stopped where they were",
        TO_SKILL,
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("berhenti", ("Notice:delete_cancelled", "Stopped")),
            ("lanjut", ("Ask:skill",)),
        ),
        Phase.QUESTION,
        {"status": "kerja"},
    ),
    Scenario(
        "from a stop and back: CONTINUE still resumes the question",
        [*TO_SKILL, "stop"],
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("tidak", ("Notice:delete_cancelled", "Notice:stopped_hint")),
            ("hapusdata", ("Notice:confirm_delete",)),
            ("stop", ("Notice:delete_cancelled", "Notice:stopped_hint")),
            ("lanjut", ("Ask:skill",)),
        ),
        Phase.QUESTION,
        {"status": "kerja"},
    ),
    Scenario(
        "from the restart question and back to it",
        [*TO_SKILL, "ulang"],
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("tidak", ("Notice:delete_cancelled", "Notice:confirm_restart")),
            ("tidak", ("Ask:skill",)),
        ),
        Phase.QUESTION,
        {"status": "kerja"},
    ),
    Scenario(
        "after declining: cancel stays declined, yes erases and opens consent again",
        ["tidak"],
        (
            ("hapusdata", ("Notice:confirm_delete",)),
            ("tidak", ("Notice:delete_cancelled", "Notice:declined_final")),
            (Command(CommandKind.DELETE_DATA), ("Notice:confirm_delete",)),
            ("ya", ("DataErased",)),
            ("lanjut", ("ConsentRequested",)),
        ),
        Phase.CONSENT,
        {},
    ),
    Scenario(
        "'hapus' alone is an answer, never a deletion request",
        [*TO_SKILL, "1"],
        (("hapus", ("Rec:saran=hapus", "Review:3")),),
        Phase.REVIEW,
        {"status": "kerja", "skill": ["a"], "saran": "hapus"},
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    replies = [reply for reply, _ in scenario.steps]
    steps = play([*scenario.prefix, *replies])[len(scenario.prefix) + 1 :]
    transcript = [(r, tuple(sig(e) for e in s.events)) for r, s in zip(replies, steps, strict=True)]
    assert transcript == list(scenario.steps)
    final = steps[-1].state
    assert final.phase is scenario.phase
    assert {code: answer.value for code, answer in final.answers.items()} == scenario.answers
    for event in (e for step in steps for e in step.events):
        for language in ("id", "en"):
            text = render_text(SURVEY, event, language)
            assert text and "{" not in text, (language, event)


def test_erasure_leaves_nothing_but_a_stopped_session() -> None:
    *_, asked, erased = play([*TO_SKILL, "1,3", "hapusdata", "ya"])
    assert asked.state.phase is Phase.CONFIRM_DELETE
    assert erased.events == (DataErased(NOW),)
    state = erased.state
    assert (state.phase, state.resume_phase, state.saved_resume_phase) == (
        Phase.STOPPED,
        Phase.CONSENT,
        None,
    )
    assert state.answers == {} and state.history == () and state.current is None
    assert state.pending == () and state.awaiting_other is None and not state.editing
    assert state.started_at is None and state.updated_at == NOW
    assert (state.questionnaire_id, state.version, state.language) == ("erasure", "1", "id")
    # Consent again starts a new session from the first question.
    *_, again = play([*TO_SKILL, "hapusdata", "ya", "lanjut", "ya"])
    assert again.state.started_at == NOW and again.state.phase is Phase.QUESTION


@pytest.mark.parametrize(
    "prefix",
    [
        [],
        ["ya"],
        [*TO_SKILL, "1,3"],  # ticks and an awaited "other" text
        [*TO_SKILL, "ubah 1"],
        TO_REVIEW,
        [*TO_REVIEW, "ubah 2"],  # editing from the review
        [*TO_REVIEW, "kirim"],
        ["tidak"],
        [*TO_SKILL, "berhenti"],
        [*TO_REVIEW, "berhenti"],
        [*TO_SKILL, "ulang"],
        [*TO_SKILL, "ulang", "berhenti"],
    ],
    ids=repr,
)
def test_cancelling_restores_the_state_exactly(prefix: list[Reply | str]) -> None:
    *_, before, asked, cancelled = play([*prefix, "hapusdata", "tidak"])
    assert asked.state.phase is Phase.CONFIRM_DELETE
    assert asked.state.settled_phase is before.state.phase
    assert cancelled.state == before.state
    assert cancelled.events[0] == Notice("delete_cancelled")


def test_the_confirmation_is_read_in_the_respondents_language() -> None:
    *_, switched = play([*TO_SKILL, "hapusdata", "bahasa en"])
    assert switched.state.language == "en"
    assert switched.state.phase is Phase.CONFIRM_DELETE
    notice = switched.events[-1]
    assert render_text(SURVEY, notice, "en") == MESSAGES["en"]["confirm_delete"]
    *_, erased = play([*TO_SKILL, "hapusdata", "bahasa en", "yes"])
    assert erased.state.language == "en"
    assert render_text(SURVEY, erased.events[0], "en") == (
        "All your answers have been deleted. You won't receive any more reminders. "
        "Type CONTINUE if you ever want to fill it in again."
    )


def test_settled_phase_looks_past_the_confirmation_only() -> None:
    *_, completed, asked = play([*TO_REVIEW, "kirim", "hapusdata"])
    assert completed.state.settled_phase is Phase.COMPLETED
    assert asked.state.settled_phase is Phase.COMPLETED
    *_, restart = play([*TO_SKILL, "ulang"])
    assert restart.state.settled_phase is Phase.CONFIRM_RESTART


def test_a_confirmation_without_an_answerable_question_is_caller_misuse() -> None:
    *_, asked = play([*TO_SKILL, "berhenti", "hapusdata"])
    broken = asked.state.with_(current="intro")  # a note cannot be waited on
    with pytest.raises(engine.EngineError) as error:
        engine.resume(SURVEY, broken, TextReply("tidak"), NOW)
    assert error.value.code == "invalid_state"
    for nowhere in (None, Phase.CONFIRM_DELETE):
        with pytest.raises(engine.EngineError):
            engine.resume(SURVEY, asked.state.with_(resume_phase=nowhere), TextReply("tidak"), NOW)


def test_states_saved_before_erasure_existed_still_load() -> None:
    state = play(TO_SKILL)[-1].state
    data = state.to_json()
    del data["saved_resume_phase"]
    assert ConversationState.from_json(data) == state
