"""The questionnaire engine: `start` a session, then `resume` it with each reply.

Pure and deterministic: the clock comes in as `now`, the state goes out in the Step, and a reply
the engine cannot use becomes an event (AnswerRejected, Notice), never an exception. Only caller
misuse raises EngineError. Every step ends with something that tells the respondent what to do.

Decisions the brief left open:
- REVIEW mid-way (questions still unanswered): the phase stays QUESTION; the answers so far are
  shown (ReviewShown(complete=False)) with Notice("review_incomplete"). The next reply answers
  the current question as usual; CONTINUE asks it again; EDIT <number> edits an answer. When
  everything is answered, REVIEW (or SUBMIT) enters the real review instead.
- After an answer, the next question is the first applicable *unanswered* one after it (notes
  not yet shown are shown on the way): after BACK or an edit the respondent skips what they
  already answered and continues where input is missing, or reaches the review.
- Yes/no (consent, restart confirmation) are whole replies from steering.YES_PHRASES /
  NO_PHRASES after normalising case, accents and punctuation: "ok" is yes, "ya tidak" neither.
- A plain number in the REVIEW phase edits that item; in the QUESTION phase it is an answer.
- Numbers are positions among the applicable questions (notes excluded, number 0 on a note):
  item 3 of the review is QuestionAsked.number 3 and "UBAH 3" edits it. Questions show progress
  as a percentage (QuestionAsked.progress), not "3/12": the count grows as answers open
  branches. It is the share of applicable questions answered, never lower than shown before in
  the session (state.progress), so answering or going back never moves it backwards.
- A reading that is likely but not certain is asked back before it is stored: a bare amount
  below the question's floor ("4500" for a monthly income) as "Rp 4.500.000?"
  (AnswerConfirmationAsked, state.proposed). A yes (typed, "1" or the button) stores it, a no
  ("2") asks the question again, and anything else is handled as a reply to the question.
- HAPUSDATA (erasure.py) works in every phase, even after completing or declining: it asks
  first (CONFIRM_DELETE), and only a typed yes erases; a yes button never does (an old consent
  button pressed by mistake must not erase everything). A no, CONTINUE or BACK returns exactly
  where the respondent was; STOP there means "no, and stop": nothing is erased, and the
  respondent is stopped as from where they were (where STOP does nothing, the prompt repeats).
  After erasing, the session is STOPPED with no answers; CONTINUE starts again from consent.
- A question with `prefill` whose roster value (passed to `start` as `known`) passes the
  question's own validation is first offered as a confirmation ("Nama Anda: Eka Pratama —
  benar?"), the same AnswerConfirmationAsked/state.proposed as a doubtful amount. A yes records
  the value; a no asks the question and forgets the value, so it is not offered again. Only a
  question without an answer is offered: BACK or an edit shows the question with its answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from conversations import erasure, steering
from conversations.answering import handle_question
from conversations.answers import REJECTION_KEYS
from conversations.conditions import applicable, applicable_questions
from conversations.events import ConsentRequested
from conversations.flow import Sprint, command_of
from conversations.inputs import Reply
from conversations.placing import PLACE_KEYS
from conversations.questionnaire import Questionnaire
from conversations.review import handle_review
from conversations.state import ConversationState, Phase, Step
from conversations.steering import NO_PHRASES, YES_PHRASES, yes_no

__all__ = [
    "ENGINE_KEYS",
    "NO_PHRASES",
    "YES_PHRASES",
    "EngineError",
    "applicable",
    "applicable_questions",
    "resume",
    "start",
    "yes_no",
]

# Every Notice and AnswerRejected key the engine emits, with its params (besides those of
# parsing.PARSE_ERROR_KEYS, passed through from the parsers). The catalogue test checks them.
ENGINE_KEYS: dict[str, tuple[str, ...]] = {
    **REJECTION_KEYS,
    **PLACE_KEYS,
    "consent_not_understood": (),
    "yes_no_not_understood": (),
    "confirm_answer_declined": (),
    "review_not_understood": (),
    "stale_button": (),
    "at_first_question": (),
    "cannot_skip_required": (),
    "review_incomplete": ("remaining",),
    "submit_incomplete": ("remaining",),
    "edit_unknown": (),
    "command_not_available": (),
    "confirm_restart": (),
    "confirm_delete": (),
    "delete_cancelled": (),
    "stopped_hint": (),
    "help": (),
    "already_completed": (),
    "declined_final": (),
    "language_not_available": ("languages",),
}


class EngineError(Exception):
    """The caller misused the engine: another questionnaire's state, a naive clock, a language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def start(
    questionnaire: Questionnaire,
    now: datetime,
    language: str | None = None,
    known: Mapping[str, str] | None = None,
) -> Step:
    """Open a session: ask for consent in `language` (default: the questionnaire's first).

    `known` holds what the roster says about the respondent (PREFILL_FIELDS -> text); the
    session keeps only the fields the questionnaire prefills, to offer them for confirmation.
    """
    _check_clock(now)
    language = language or questionnaire.default_language
    if language not in questionnaire.languages:
        raise EngineError(
            "language_not_offered",
            f"{language!r} is not among {questionnaire.id}'s languages {questionnaire.languages}",
        )
    state = ConversationState(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        language=language,
        phase=Phase.CONSENT,
        updated_at=now,
        known={
            name: str(value)
            for name, value in (known or {}).items()
            if name in questionnaire.prefill_fields and value is not None and str(value).strip()
        },
    )
    return Step(state, (ConsentRequested(language),))


def resume(
    questionnaire: Questionnaire, state: ConversationState, reply: Reply, now: datetime
) -> Step:
    """Apply one reply to a session and return the new state and what to show."""
    _check_clock(now)
    _check_state(questionnaire, state)
    sprint = Sprint(questionnaire, state.with_(updated_at=now), now)
    if erasure.asks_for_erasure(command_of(reply)):
        erasure.ask(sprint)  # in every phase: the consent texts promise it "any time"
        return sprint.result()
    match sprint.state.phase:
        case Phase.CONSENT:
            steering.handle_consent(sprint, reply)
        case Phase.QUESTION:
            handle_question(sprint, reply, steering.common)
        case Phase.REVIEW:
            handle_review(sprint, reply, steering.common)
        case Phase.CONFIRM_RESTART:
            steering.handle_confirm_restart(sprint, reply)
        case Phase.STOPPED:
            steering.handle_stopped(sprint, reply)
        case Phase.COMPLETED | Phase.DECLINED:
            steering.handle_final(sprint, reply)
        case Phase.CONFIRM_DELETE:
            erasure.handle_confirm_delete(sprint, reply)
    return sprint.result()


# --- caller misuse ------------------------------------------------------------------------


def _check_clock(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise EngineError("naive_datetime", "pass a timezone-aware `now` (UTC)")


def _check_state(questionnaire: Questionnaire, state: ConversationState) -> None:
    if (state.questionnaire_id, state.version) != (questionnaire.id, questionnaire.version):
        raise EngineError(
            "questionnaire_mismatch",
            f"state of {state.questionnaire_id} v{state.version} resumed with "
            f"{questionnaire.id} v{questionnaire.version}",
        )
    if state.language not in questionnaire.languages:
        raise EngineError("language_not_offered", f"state language {state.language!r}")
    if state.phase is Phase.CONFIRM_DELETE and state.resume_phase in (None, Phase.CONFIRM_DELETE):
        raise EngineError("invalid_state", f"erasure asked from {state.resume_phase!r}")
    current = questionnaire.by_code.get(state.current or "")
    if _returns_to(state) is Phase.QUESTION and (current is None or not current.type.is_answerable):
        raise EngineError("invalid_state", f"no answerable current question: {state.current!r}")


def _returns_to(state: ConversationState) -> Phase | None:
    """The phase beneath any pause or confirmation: where the respondent goes back to."""
    phase: Phase | None = state.phase
    resume = state.resume_phase
    if phase is Phase.CONFIRM_DELETE:
        phase, resume = resume, state.saved_resume_phase
    if phase in (Phase.STOPPED, Phase.CONFIRM_RESTART):
        phase = resume
    return phase
