"""Answering the current question: typed replies, buttons, ticks, and "other" text."""

from __future__ import annotations

from conversations.answers import (
    TEXT_LIMIT,
    Parsed,
    Rejection,
    check_other_text,
    check_selection,
    choice_labels,
    read_answer,
)
from conversations.events import AnswerRejected
from conversations.flow import Turn, command_of
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
from conversations.placing import Candidates, read_place
from conversations.questionnaire import Choice, QuestionType
from conversations.review import CommonCommands, edit, show_progress
from conversations.session import yes_no
from conversations.state import Proposed

# Button actions that mean nothing for a question: pressing one is pressing a stale button.
_NOT_FOR_QUESTIONS = frozenset({BUTTON_CONSENT_YES, BUTTON_CONSENT_NO, BUTTON_SUBMIT, BUTTON_DONE})


def handle_question(turn: Turn, reply: Reply, common: CommonCommands) -> None:
    """A reply while a question is asked."""
    if turn.state.proposed is not None and _confirmed(turn, reply):
        return
    match reply:
        case ButtonPress():
            _button(turn, reply)
            return
        case TextReply(text=text):
            command = command_of(reply)
            if command is None:
                if turn.state.awaiting_other is not None:
                    _other_text(turn, text)
                else:
                    _typed(turn, text)
                return
        case Command():
            command = reply
    _command(turn, command, common)


def _command(turn: Turn, command: Command, common: CommonCommands) -> None:
    match command.kind:
        case CommandKind.BACK:
            _back(turn)
        case CommandKind.SKIP:
            _skip(turn)
        case CommandKind.EDIT if command.argument.strip():
            if not edit(turn, command.argument):
                turn.notice("edit_unknown")
                turn.reask()
        case CommandKind.EDIT | CommandKind.REVIEW:
            show_progress(turn)
        case CommandKind.SUBMIT:
            remaining = len(turn.unanswered())
            if remaining:
                turn.notice("submit_incomplete", remaining=remaining)
                turn.reask()
            else:
                # Everything is answered (the respondent came back from the review): confirm there.
                turn.enter_review()
        case _:
            if not common(turn, command):
                turn.notice("command_not_available")
                turn.reask()


def _button(turn: Turn, press: ButtonPress) -> None:
    question = turn.question
    value = press.value
    if turn.stale_version(press.version):
        _stale(turn)
    elif value == BUTTON_EDIT:
        # Edit buttons belong to a review shown mid-way: `question` names the answer to change.
        if not edit(turn, press.question):
            _stale(turn)
    elif press.question != question.code:
        _stale(turn)
    elif value == BUTTON_BACK:
        _back(turn)
    elif value == BUTTON_SKIP:
        _skip(turn)
    elif value == BUTTON_DONE and question.type is QuestionType.MULTIPLE_CHOICE:
        _done(turn)
    elif value in _NOT_FOR_QUESTIONS:
        _stale(turn)
    elif question.type.has_choices:
        choice = question.choice(value)
        if choice is None:
            _stale(turn)
        elif question.type is QuestionType.MULTIPLE_CHOICE:
            _toggle(turn, choice)
        else:
            raw = turn.questionnaire.text(choice.label, turn.language)
            _chosen(turn, Parsed(choice.value, (choice,)), raw)
    else:
        # Buttons for other types carry what would be typed, e.g. the points of a rating.
        _typed(turn, value)


def _typed(turn: Turn, text: str) -> None:
    question = turn.question
    if question.type is QuestionType.PLACE:
        # Read with the answers before it (the province narrows the regencies) and with the
        # places listed after the last reply, which a "2" or "kota" picks from.
        state = turn.state
        result: Parsed | Rejection | Candidates = read_place(
            turn.questionnaire, question, text, turn.language, state.answers, state.pending
        )
    else:
        # The UTC date decides two-digit years only; hours off the school's zone do not matter.
        result = read_answer(turn.questionnaire, question, text, turn.language, turn.now.date())
    raw = text.strip()[:TEXT_LIMIT]
    if isinstance(result, Candidates):
        turn.update(pending=result.codes)  # shown as "which one?"; the next reply picks
        turn.reask()
    elif isinstance(result, Rejection):
        _reject(turn, result)
    elif result.confirm:
        turn.update(proposed=Proposed(result.value, raw))
        turn.reask()  # asks "Rp 4.500.000?"
    else:
        _chosen(turn, result, raw)


def _confirmed(turn: Turn, reply: Reply) -> bool:
    """A reply to "Rp 4.500.000?" or "Nama Anda: … — benar?": a yes stores it, a no asks.

    False when the reply is neither: it is then handled as any reply to the question, so a
    command still works and new text is a new answer (the reading asked about is dropped).
    """
    proposed = turn.state.proposed
    assert proposed is not None
    match reply:
        case ButtonPress(question=code, value=value, version=version) if (
            value in (BUTTON_CONSENT_YES, BUTTON_CONSENT_NO)
            and code == turn.question.code
            and not turn.stale_version(version)
        ):
            said: bool | None = value == BUTTON_CONSENT_YES
        case TextReply(text=text):
            said = yes_no(text)
            if said is None and command_of(reply) is None:
                turn.update(proposed=None)
            if said is None:
                return False
        case _:
            return False
    if said:
        turn.record(turn.question.code, proposed.value, proposed.raw)
        turn.advance(turn.question.code)
    elif proposed.prefill is not None:
        # The roster is wrong or out of date: ask the question, and never offer that value again.
        known = {k: v for k, v in turn.state.known.items() if k != proposed.prefill}
        turn.update(proposed=None, known=known)
        turn.reask()
    else:
        turn.update(proposed=None)
        if turn.question.type is QuestionType.PLACE:
            turn.notice("confirm_place_declined")
        else:
            turn.notice("confirm_answer_declined")
        turn.reask()
    return True


def _chosen(turn: Turn, parsed: Parsed, raw: str) -> None:
    """Record an answer, unless an "other" choice in it still needs its text."""
    question = turn.question
    other = next((c for c in parsed.chosen if c.other), None)
    if other is not None:
        # One "please specify" per answer: Answer has room for a single other_text.
        pending = tuple(parsed.value) if isinstance(parsed.value, list) else ()
        turn.update(awaiting_other=other.value, pending=pending)
        turn.reask()
        return
    turn.record(question.code, parsed.value, raw)
    turn.advance(question.code)


def _other_text(turn: Turn, text: str) -> None:
    question = turn.question
    awaited = turn.state.awaiting_other
    assert awaited is not None
    checked = check_other_text(text)
    if isinstance(checked, Rejection):
        turn.emit(AnswerRejected(question.code, checked.key, checked.params))
        turn.reask()
        return
    if question.type is QuestionType.MULTIPLE_CHOICE:
        values = list(turn.state.pending) or [awaited]
        raw = choice_labels(turn.questionnaire, question, values, turn.language)
        turn.record(question.code, values, raw, other_text=checked)
    else:
        raw = choice_labels(turn.questionnaire, question, [awaited], turn.language)
        turn.record(question.code, awaited, raw, other_text=checked)
    turn.advance(question.code)


def _toggle(turn: Turn, choice: Choice) -> None:
    question = turn.question
    ticked = set(turn.state.pending)
    if choice.value in ticked:
        ticked.discard(choice.value)
    elif choice.exclusive:
        ticked = {choice.value}  # "none of these" clears the others
    else:
        exclusive = {c.value for c in question.choices if c.exclusive}
        ticked = (ticked - exclusive) | {choice.value}
    pending = tuple(c.value for c in question.choices if c.value in ticked)
    turn.update(pending=pending, awaiting_other=None)
    turn.reask()


def _done(turn: Turn) -> None:
    question = turn.question
    chosen = [c for c in question.choices if c.value in turn.state.pending]
    if not chosen and not question.required:
        turn.record(question.code, None, "")  # nothing ticked on an optional question: a skip
        turn.advance(question.code)
        return
    result = check_selection(turn.questionnaire, question, chosen, turn.language)
    if isinstance(result, Rejection):
        _reject(turn, result)
        return
    assert isinstance(result.value, list)
    _chosen(turn, result, choice_labels(turn.questionnaire, question, result.value, turn.language))


def _back(turn: Turn) -> None:
    question = turn.question
    if turn.state.awaiting_other is not None:
        # BACK while "other" text is awaited undoes picking "other": the choice is asked again.
        turn.go_to(question.code)
        return
    order = turn.questionnaire.order
    here = order[question.code]
    answerable = {q.code for q in turn.answerable()}
    # The previous question actually shown that still applies: history holds what was shown,
    # and the flow only moves forward in questionnaire order, so "previous" is "latest before".
    earlier = [c for c in turn.state.history if c in answerable and order[c] < here]
    if not earlier:
        turn.notice("at_first_question")
        turn.reask()
        return
    turn.go_to(max(earlier, key=order.__getitem__))


def _skip(turn: Turn) -> None:
    question = turn.question
    if question.required:
        turn.notice("cannot_skip_required")
        turn.reask()
        return
    turn.record(question.code, None, "")
    turn.advance(question.code)


def _reject(turn: Turn, rejection: Rejection) -> None:
    question = turn.question
    message = question.validation.message
    turn.emit(AnswerRejected(question.code, rejection.key, rejection.params, message))
    turn.reask()


def _stale(turn: Turn) -> None:
    turn.notice("stale_button")
    turn.reask()
