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
from conversations.flow import Sprint, command_of
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
from conversations.state import Proposed
from conversations.steering import yes_no

# Button actions that mean nothing for a question: pressing one is pressing a stale button.
_NOT_FOR_QUESTIONS = frozenset({BUTTON_CONSENT_YES, BUTTON_CONSENT_NO, BUTTON_SUBMIT, BUTTON_DONE})


def handle_question(sprint: Sprint, reply: Reply, common: CommonCommands) -> None:
    """A reply while a question is asked."""
    if sprint.state.proposed is not None and _confirmed(sprint, reply):
        return
    match reply:
        case ButtonPress():
            _button(sprint, reply)
            return
        case TextReply(text=text):
            command = command_of(reply)
            if command is None:
                if sprint.state.awaiting_other is not None:
                    _other_text(sprint, text)
                else:
                    _typed(sprint, text)
                return
        case Command():
            command = reply
    _command(sprint, command, common)


def _command(sprint: Sprint, command: Command, common: CommonCommands) -> None:
    match command.kind:
        case CommandKind.BACK:
            _back(sprint)
        case CommandKind.SKIP:
            _skip(sprint)
        case CommandKind.EDIT if command.argument.strip():
            if not edit(sprint, command.argument):
                sprint.notice("edit_unknown")
                sprint.reask()
        case CommandKind.EDIT | CommandKind.REVIEW:
            show_progress(sprint)
        case CommandKind.SUBMIT:
            remaining = len(sprint.unanswered())
            if remaining:
                sprint.notice("submit_incomplete", remaining=remaining)
                sprint.reask()
            else:
                # Everything is answered (the respondent came back from the review): confirm there.
                sprint.enter_review()
        case _:
            if not common(sprint, command):
                sprint.notice("command_not_available")
                sprint.reask()


def _button(sprint: Sprint, press: ButtonPress) -> None:
    question = sprint.question
    value = press.value
    if sprint.stale_version(press.version):
        _stale(sprint)
    elif value == BUTTON_EDIT:
        # Edit buttons belong to a review shown mid-way: `question` names the answer to change.
        if not edit(sprint, press.question):
            _stale(sprint)
    elif press.question != question.code:
        _stale(sprint)
    elif value == BUTTON_BACK:
        _back(sprint)
    elif value == BUTTON_SKIP:
        _skip(sprint)
    elif value == BUTTON_DONE and question.type is QuestionType.MULTIPLE_CHOICE:
        _done(sprint)
    elif value in _NOT_FOR_QUESTIONS:
        _stale(sprint)
    elif question.type.has_choices:
        choice = question.choice(value)
        if choice is None:
            _stale(sprint)
        elif question.type is QuestionType.MULTIPLE_CHOICE:
            _toggle(sprint, choice)
        else:
            raw = sprint.questionnaire.text(choice.label, sprint.language)
            _chosen(sprint, Parsed(choice.value, (choice,)), raw)
    else:
        # Buttons for other types carry what would be typed, e.g. the points of a rating.
        _typed(sprint, value)


def _typed(sprint: Sprint, text: str) -> None:
    question = sprint.question
    if question.type is QuestionType.PLACE:
        # Read with the answers before it (the province narrows the regencies) and with the
        # places listed after the last reply, which a "2" or "kota" picks from.
        state = sprint.state
        result: Parsed | Rejection | Candidates = read_place(
            sprint.questionnaire, question, text, sprint.language, state.answers, state.pending
        )
    else:
        # The UTC date decides two-digit years only; hours off the school's zone do not matter.
        result = read_answer(
            sprint.questionnaire, question, text, sprint.language, sprint.now.date()
        )
    raw = text.strip()[:TEXT_LIMIT]
    if isinstance(result, Candidates):
        sprint.update(pending=result.codes)  # shown as "which one?"; the next reply picks
        sprint.reask()
    elif isinstance(result, Rejection):
        _reject(sprint, result)
    elif result.confirm:
        sprint.update(proposed=Proposed(result.value, raw))
        sprint.reask()  # asks "Rp 4.500.000?"
    else:
        _chosen(sprint, result, raw)


def _confirmed(sprint: Sprint, reply: Reply) -> bool:
    """A reply to "Rp 4.500.000?" or "Nama Anda: … — benar?": a yes stores it, a no asks.

    False when the reply is neither: it is then handled as any reply to the question, so a
    command still works and new text is a new answer (the reading asked about is dropped).
    """
    proposed = sprint.state.proposed
    assert proposed is not None
    match reply:
        case ButtonPress(question=code, value=value, version=version) if (
            value in (BUTTON_CONSENT_YES, BUTTON_CONSENT_NO)
            and code == sprint.question.code
            and not sprint.stale_version(version)
        ):
            said: bool | None = value == BUTTON_CONSENT_YES
        case TextReply(text=text):
            said = yes_no(text)
            if said is None and command_of(reply) is None:
                sprint.update(proposed=None)
            if said is None:
                return False
        case _:
            return False
    if said:
        sprint.record(sprint.question.code, proposed.value, proposed.raw)
        sprint.advance(sprint.question.code)
    elif proposed.prefill is not None:
        # The roster is wrong or out of date: ask the question, and never offer that value again.
        known = {k: v for k, v in sprint.state.known.items() if k != proposed.prefill}
        sprint.update(proposed=None, known=known)
        sprint.reask()
    else:
        sprint.update(proposed=None)
        if sprint.question.type is QuestionType.PLACE:
            sprint.notice("confirm_place_declined")
        else:
            sprint.notice("confirm_answer_declined")
        sprint.reask()
    return True


def _chosen(sprint: Sprint, parsed: Parsed, raw: str) -> None:
    """Record an answer, unless an "other" choice in it still needs its text."""
    question = sprint.question
    other = next((c for c in parsed.chosen if c.other), None)
    if other is not None:
        # One "please specify" per answer: Answer has room for a single other_text.
        pending = tuple(parsed.value) if isinstance(parsed.value, list) else ()
        sprint.update(awaiting_other=other.value, pending=pending)
        sprint.reask()
        return
    sprint.record(question.code, parsed.value, raw)
    sprint.advance(question.code)


def _other_text(sprint: Sprint, text: str) -> None:
    question = sprint.question
    awaited = sprint.state.awaiting_other
    assert awaited is not None
    checked = check_other_text(text)
    if isinstance(checked, Rejection):
        sprint.emit(AnswerRejected(question.code, checked.key, checked.params))
        sprint.reask()
        return
    if question.type is QuestionType.MULTIPLE_CHOICE:
        values = list(sprint.state.pending) or [awaited]
        raw = choice_labels(sprint.questionnaire, question, values, sprint.language)
        sprint.record(question.code, values, raw, other_text=checked)
    else:
        raw = choice_labels(sprint.questionnaire, question, [awaited], sprint.language)
        sprint.record(question.code, awaited, raw, other_text=checked)
    sprint.advance(question.code)


def _toggle(sprint: Sprint, choice: Choice) -> None:
    question = sprint.question
    ticked = set(sprint.state.pending)
    if choice.value in ticked:
        ticked.discard(choice.value)
    elif choice.exclusive:
        ticked = {choice.value}  # "none of these" clears the others
    else:
        exclusive = {c.value for c in question.choices if c.exclusive}
        ticked = (ticked - exclusive) | {choice.value}
    pending = tuple(c.value for c in question.choices if c.value in ticked)
    sprint.update(pending=pending, awaiting_other=None)
    sprint.reask()


def _done(sprint: Sprint) -> None:
    question = sprint.question
    chosen = [c for c in question.choices if c.value in sprint.state.pending]
    if not chosen and not question.required:
        sprint.record(question.code, None, "")  # nothing ticked on an optional question: a skip
        sprint.advance(question.code)
        return
    result = check_selection(sprint.questionnaire, question, chosen, sprint.language)
    if isinstance(result, Rejection):
        _reject(sprint, result)
        return
    assert isinstance(result.value, list)
    _chosen(
        sprint, result, choice_labels(sprint.questionnaire, question, result.value, sprint.language)
    )


def _back(sprint: Sprint) -> None:
    question = sprint.question
    if sprint.state.awaiting_other is not None:
        # BACK while "other" text is awaited undoes picking "other": the choice is asked again.
        sprint.go_to(question.code)
        return
    order = sprint.questionnaire.order
    here = order[question.code]
    answerable = {q.code for q in sprint.answerable()}
    # The previous question actually shown that still applies: history holds what was shown,
    # and the flow only moves forward in questionnaire order, so "previous" is "latest before".
    earlier = [c for c in sprint.state.history if c in answerable and order[c] < here]
    if not earlier:
        sprint.notice("at_first_question")
        sprint.reask()
        return
    sprint.go_to(max(earlier, key=order.__getitem__))


def _skip(sprint: Sprint) -> None:
    question = sprint.question
    if question.required:
        sprint.notice("cannot_skip_required")
        sprint.reask()
        return
    sprint.record(question.code, None, "")
    sprint.advance(question.code)


def _reject(sprint: Sprint, rejection: Rejection) -> None:
    question = sprint.question
    message = question.validation.message
    sprint.emit(AnswerRejected(question.code, rejection.key, rejection.params, message))
    sprint.reask()


def _stale(sprint: Sprint) -> None:
    sprint.notice("stale_button")
    sprint.reask()
