"""No sequence of replies can crash a session or break its invariants (hypothesis)."""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conversations import engine
from conversations.commands import COMMAND_WORDS
from conversations.events import AnswerRejected, DataErased, Event, Notice, QuestionAsked
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
    AnyOf,
    Choice,
    Equals,
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
from conversations.state import ConversationState, Phase, Step

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VERSION = "3"


def T(id_: str, en: str | None = None) -> dict[str, str]:
    return {"id": id_, "en": en or id_}


def C(value: str, **kwargs: bool) -> Choice:
    return Choice(value, T(value.capitalize()), **kwargs)


QUESTIONS = (
    Question("intro", QuestionType.NOTE, T("Halo")),
    Question(
        "status",
        QuestionType.MULTIPLE_CHOICE,  # statuses combine: working while studying
        T("Status?"),
        choices=(C("kerja"), C("kuliah"), C("usaha"), C("lain", other=True)),
    ),
    Question(
        "gaji",
        QuestionType.MONEY,
        T("Gaji?"),
        show_if=OneOf("status", ("kerja", "usaha")),
        validation=Validation(min=100_000),
    ),
    Question("sektor_note", QuestionType.NOTE, T("Sektor"), show_if=Equals("status", "kerja")),
    Question(
        "sektor",
        QuestionType.SINGLE_CHOICE,
        T("Sektor?"),
        choices=(C("jasa"), C("industri"), C("lainnya", other=True)),
        show_if=Equals("status", "kerja"),
    ),
    Question(
        "sektor_detail",
        QuestionType.TEXT,
        T("Detail?"),
        required=False,
        show_if=Equals("sektor", "industri"),  # a chain: only when sektor itself applies
    ),
    Question("kampus", QuestionType.TEXT, T("Kampus?"), show_if=Equals("status", "kuliah")),
    Question("mulai", QuestionType.MONTH, T("Mulai?"), show_if=NotOneOf("status", ("lain",))),
    Question(
        "skill",
        QuestionType.MULTIPLE_CHOICE,
        T("Skill?"),
        choices=(C("a"), C("b"), C("x", other=True), C("none", exclusive=True)),
        required=False,
    ),
    Question(
        "puas",
        QuestionType.RATING,
        T("Puas?"),
        scale=RatingScale(1, 5, T("Buruk"), T("Bagus")),
        show_if=AnyOf((Equals("status", "kerja"), Equals("skill", "a"))),
    ),
    Question("lulus", QuestionType.DATE, T("Lulus?"), required=False),
    Question("tunggu", QuestionType.INTEGER, T("Bulan?"), validation=Validation(0, 60)),
    Question("end_note", QuestionType.NOTE, T("Hampir selesai")),
    Question("hp", QuestionType.PHONE, T("HP?"), required=False),
)
BRANCHING = Questionnaire(
    id="props",
    version=VERSION,
    title=T("Props"),
    languages=("id", "en"),
    consent=T("Setuju?"),
    sections=(Section("a", T("A"), QUESTIONS[:7]), Section("b", T("B"), QUESTIONS[7:])),
)

CODES = [q.code for q in QUESTIONS]
CHOICE_VALUES = sorted({c.value for q in QUESTIONS for c in q.choices})
WORDS = sorted({w for words in COMMAND_WORDS.values() for w in words})
TYPED = [
    *WORDS,
    "ya", "tidak", "ok", "1", "2", "3", "4", "5", "9", "0", "1,3", "2,4", "1,2,3", "4,1",
    "ubah 1", "ubah 3", "ubah 20", "ubah gaji", "bahasa en", "bahasa id", "4,5 juta", "500rb",
    "08/2024", "agustus 2025", "17-08-2024", "0812-3456-7890", "Bagus", "x" * 1100, "", "  ",
    # Erasure: the words (also in WORDS), their other spellings, and near misses that are answers.
    "HAPUSDATA", "Hapus Data!", "/hapus_data", "/hapusdata@JejakBot", "/delete_my_data", "hapus",
    "hapus semua", "data",
]  # fmt: skip
BUTTON_VALUES = [
    BUTTON_BACK, BUTTON_CONSENT_NO, BUTTON_CONSENT_YES, BUTTON_DONE, BUTTON_EDIT, BUTTON_SKIP,
    BUTTON_SUBMIT, *CHOICE_VALUES, "3", "zzz",
]  # fmt: skip

replies: st.SearchStrategy[Reply] = st.one_of(
    st.builds(TextReply, st.sampled_from(TYPED)),
    st.builds(TextReply, st.text(max_size=25)),
    st.builds(TextReply, st.integers(-5, 10_000_000).map(str)),
    st.builds(
        ButtonPress,
        st.sampled_from(["", "bogus", *CODES]),
        st.sampled_from(BUTTON_VALUES),
        st.sampled_from(["", VERSION, "2"]),
    ),
    st.builds(
        Command,
        st.sampled_from(list(CommandKind)),
        st.sampled_from(["", "1", "2", "4", "status", "gaji", "en", "id", "fr", "??"]),
    ),
)


def returns_to(state: ConversationState) -> Phase | None:
    """The phase beneath any pause or confirmation (stop, restart?, erase?)."""
    phase, resume = state.phase, state.resume_phase
    if phase is Phase.CONFIRM_DELETE:
        phase, resume = resume, state.saved_resume_phase
    if phase in (Phase.STOPPED, Phase.CONFIRM_RESTART):
        phase = resume
    return phase


def check_invariants(step: Step, reply: Reply | None, before: ConversationState | None) -> None:
    state = step.state
    shown = {q.code for q in engine.applicable_questions(BRANCHING, state.answers)}
    answerable = [q for q in BRANCHING.questions if q.code in shown and q.type.is_answerable]
    # Every answer belongs to a question that applies and takes an answer.
    for code in state.answers:
        question = BRANCHING.by_code[code]
        assert question.type.is_answerable
        assert engine.applicable(BRANCHING, state.answers, question), code
    assert set(state.history) <= shown
    if returns_to(state) is Phase.QUESTION:
        assert state.current in shown
        current = BRANCHING.question(state.current)
        assert current.type.is_answerable
        assert set(state.pending) <= {c.value for c in current.choices}
        if state.proposed is not None:
            # Only an amount is ever asked back, and never together with ticks or "other".
            assert current.type is QuestionType.MONEY
            assert state.pending == () and state.awaiting_other is None
        if state.awaiting_other is not None:
            other = current.choice(state.awaiting_other)
            assert other is not None and other.other
            if current.type is QuestionType.MULTIPLE_CHOICE:
                assert state.awaiting_other in state.pending
    else:
        # Ticks, an awaited "other" and an amount asked back survive only pauses on a question.
        assert state.pending == () and state.awaiting_other is None and state.proposed is None
    if state.phase is Phase.REVIEW:
        assert state.current is None
        assert all(q.code in state.answers for q in answerable)
    if state.phase in (Phase.STOPPED, Phase.CONFIRM_RESTART):
        assert state.resume_phase in (Phase.CONSENT, Phase.QUESTION, Phase.REVIEW)
    if state.phase is Phase.CONFIRM_DELETE:
        assert state.resume_phase not in (None, Phase.CONFIRM_DELETE)
        assert state.settled_phase is state.resume_phase
        if state.resume_phase in (Phase.STOPPED, Phase.CONFIRM_RESTART):
            assert state.saved_resume_phase in (Phase.CONSENT, Phase.QUESTION, Phase.REVIEW)
        else:
            assert state.saved_resume_phase is None
    else:
        assert state.saved_resume_phase is None
        assert state.settled_phase is state.phase
    if any(isinstance(event, DataErased) for event in step.events):
        # Erased means erased: nothing of the respondent's answers is left in the state.
        assert state.answers == {} and state.history == () and state.current is None
        assert (state.phase, state.resume_phase) == (Phase.STOPPED, Phase.CONSENT)
        assert state.started_at is None
    if state.phase in (Phase.QUESTION, Phase.REVIEW, Phase.COMPLETED):
        assert state.started_at is not None
    assert 0 <= state.progress <= 100
    if before is not None and before.answers and state.answers:
        assert state.progress >= before.progress  # only a restart or an erasure starts it again
    # The JSON round trip is exact.
    assert ConversationState.from_json(json.loads(json.dumps(state.to_json()))) == state
    # A button for another version or another question is never applied.
    if isinstance(reply, ButtonPress) and before is not None:
        stale_version = reply.version not in ("", VERSION)
        other_question = (
            before.phase is Phase.QUESTION
            and reply.question != before.current
            and reply.value != BUTTON_EDIT
        )
        if stale_version or other_question:
            assert state.answers == before.answers
    # Every step says something, and everything it says can be shown in both languages.
    assert step.events
    for event in step.events:
        check_event(event, len(answerable))


def check_event(event: Event, total: int) -> None:
    match event:
        case QuestionAsked(question=question, number=number, total=asked_total):
            if question.type.is_answerable:
                assert 1 <= number <= asked_total
            else:
                assert number == 0
        case AnswerRejected(key=key) | Notice(key=key):
            # answer_not_understood only appears when a parser breaks its promise.
            assert key != "answer_not_understood"
            assert key in MESSAGES["id"] and key in MESSAGES["en"]
    for language in ("id", "en"):
        text = render_text(BRANCHING, event, language)
        assert text, event


@settings(max_examples=200, deadline=None)
@given(agree=st.booleans(), sequence=st.lists(replies, max_size=40))
def test_no_reply_sequence_crashes_or_corrupts_a_session(
    agree: bool, sequence: list[Reply]
) -> None:
    step = engine.start(BRANCHING, START)
    check_invariants(step, None, None)
    if agree:
        sequence = [TextReply("ya"), *sequence]
    for i, reply in enumerate(sequence, start=1):
        now = START + timedelta(minutes=i)
        before = step.state
        step = engine.resume(BRANCHING, before, reply, now)
        assert step.state.updated_at == now
        check_invariants(step, reply, before)


VALID_TYPED = {
    QuestionType.MONEY: ["5 juta", "2500000", "Rp 750.000", "4500"],
    QuestionType.MONTH: ["08/2024", "januari 2025"],
    QuestionType.DATE: ["17-08-2024", "1 Juli 2025"],
    QuestionType.TEXT: ["Polban", "Pabrik tekstil"],
    QuestionType.INTEGER: ["0", "12"],
    QuestionType.RATING: ["1", "3", "5", "bagus"],
    QuestionType.PHONE: ["081234567890", "+62 812 3456 7890"],
}


def likely_reply(state: ConversationState) -> st.SearchStrategy[Reply]:
    """A reply that fits where the session is: answers move it forward, to the review and end."""
    asked_back = state.proposed is not None
    return _likely_reply(state.phase, state.current, state.awaiting_other is not None, asked_back)


@functools.cache  # building strategies is what costs: build each kind once
def _likely_reply(
    phase: Phase, current: str | None, awaiting: bool, asked_back: bool
) -> st.SearchStrategy[Reply]:
    text = st.sampled_from
    match phase:
        case Phase.CONSENT | Phase.CONFIRM_RESTART:
            return st.builds(TextReply, text(["ya", "tidak", "ya"]))
        case Phase.CONFIRM_DELETE:
            # Mostly a no, so sessions that ask to erase still reach the review and the end.
            return st.builds(TextReply, text(["tidak", "tidak", "tidak", "ya", "bahasa", "?"]))
        case Phase.STOPPED:
            return st.just(TextReply("lanjut"))
        case Phase.REVIEW:
            return st.one_of(
                st.builds(TextReply, text(["kirim", "ubah 1", "2", "kembali", "ubah skill"])),
                st.builds(ButtonPress, text(["", *CODES]), text([BUTTON_SUBMIT, BUTTON_EDIT])),
            )
        case Phase.QUESTION if asked_back:
            return st.one_of(
                st.builds(TextReply, text(["ya", "tidak", "1", "2", "6 juta", "kembali"])),
                st.builds(
                    ButtonPress,
                    st.just(current or ""),
                    text([BUTTON_CONSENT_YES, BUTTON_CONSENT_NO]),
                ),
            )
        case Phase.QUESTION if awaiting:
            return st.builds(TextReply, text(["freelance", "", "kembali"]))
        case Phase.QUESTION:
            question = BRANCHING.question(current or "")
            if not question.type.has_choices:
                return st.builds(TextReply, text(VALID_TYPED.get(question.type, ["1"])))
            values = [c.value for c in question.choices]
            numbers = [str(n) for n in range(1, len(values) + 1)]
            return st.one_of(
                st.builds(TextReply, text(numbers)),
                st.builds(TextReply, st.lists(text(numbers), min_size=1, max_size=3).map(",".join)),
                st.builds(ButtonPress, st.just(question.code), text([*values, BUTTON_DONE])),
            )
    return st.just(TextReply("?"))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_sessions_driven_forward_keep_the_invariants(data: st.DataObject) -> None:
    step = engine.start(BRANCHING, START)
    for i in range(1, 60):
        before = step.state
        if before.phase.is_final:
            break
        # Mostly replies that fit, so sessions reach branches, edits, the review and the end;
        # sometimes anything at all, and now and then a request to erase everything.
        roll = data.draw(st.integers(0, 19))
        if roll == 0:
            reply: Reply = TextReply("hapusdata")
        else:
            reply = data.draw(likely_reply(before) if roll < 17 else replies)
        step = engine.resume(BRANCHING, before, reply, START + timedelta(minutes=i))
        check_invariants(step, reply, before)


ERASE_WORDS = [*COMMAND_WORDS[CommandKind.DELETE_DATA], "HAPUSDATA", "/hapus_data"]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_erasure_works_from_anywhere_and_a_no_changes_nothing(data: st.DataObject) -> None:
    step = engine.start(BRANCHING, START)
    for i in range(1, 50):
        now = START + timedelta(minutes=i)
        before = step.state
        asked = engine.resume(
            BRANCHING, before, TextReply(data.draw(st.sampled_from(ERASE_WORDS))), now
        )
        check_invariants(asked, None, before)
        assert asked.state.phase is Phase.CONFIRM_DELETE
        assert asked.state.settled_phase is before.settled_phase
        if before.phase is not Phase.CONFIRM_DELETE:
            cancelled = engine.resume(BRANCHING, asked.state, TextReply("tidak"), now)
            check_invariants(cancelled, None, asked.state)
            assert cancelled.state == before.with_(updated_at=now)
        erased = engine.resume(BRANCHING, asked.state, TextReply("ya"), now)
        check_invariants(erased, None, asked.state)
        assert erased.events == (DataErased(now),)
        if before.phase.is_final:
            break  # erasure after completing or declining is checked; nothing follows
        fits = data.draw(st.integers(0, 9)) < 8
        reply = data.draw(likely_reply(before) if fits else replies)
        step = engine.resume(BRANCHING, before, reply, now)
        check_invariants(step, reply, before)
