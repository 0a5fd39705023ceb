"""The review: every answer listed; submit them all, or pick one to change."""

from __future__ import annotations

import re
from collections.abc import Callable

from conversations.events import AnswerRejected, Completed
from conversations.flow import Turn, command_of
from conversations.inputs import (
    BUTTON_BACK,
    BUTTON_EDIT,
    BUTTON_SUBMIT,
    ButtonPress,
    Command,
    CommandKind,
    Reply,
    TextReply,
)
from conversations.state import Phase

# Handles the commands shared by every phase (stop, restart, language, help, continue).
CommonCommands = Callable[[Turn, Command], bool]


def handle_review(turn: Turn, reply: Reply, common: CommonCommands) -> None:
    """A reply while the review is shown."""
    match reply:
        case ButtonPress(question=code, value=value, version=version):
            if turn.stale_version(version):
                _stale(turn)
            elif value == BUTTON_SUBMIT and not code:
                complete(turn)
            elif value == BUTTON_EDIT:
                if not edit(turn, code):
                    _stale(turn)
            elif value == BUTTON_BACK and not code:
                back_from_review(turn)
            else:
                _stale(turn)
            return
        case TextReply(text=text):
            command = command_of(reply)
            if command is None:
                if re.fullmatch(r"\s*\d{1,4}\s*", text, re.ASCII):
                    _edit_or_unknown(turn, text)
                else:
                    turn.emit(AnswerRejected(code="", key="review_not_understood"))
                    turn.prompt()
                return
        case Command():
            command = reply
    _review_command(turn, command, common)


def _review_command(turn: Turn, command: Command, common: CommonCommands) -> None:
    match command.kind:
        case CommandKind.SUBMIT:
            complete(turn)
        case CommandKind.BACK:
            back_from_review(turn)
        case CommandKind.EDIT if command.argument.strip():
            _edit_or_unknown(turn, command.argument)
        case CommandKind.EDIT | CommandKind.REVIEW:
            turn.prompt()
        case _:
            if not common(turn, command):
                turn.notice("command_not_available")
                turn.prompt()


def complete(turn: Turn) -> None:
    """Submit: the session is over."""
    turn.update(
        phase=Phase.COMPLETED,
        current=None,
        editing=False,
        pending=(),
        awaiting_other=None,
        proposed=None,
    )
    turn.emit(Completed(turn.now))


def edit(turn: Turn, reference: str) -> bool:
    """Ask an answered question again (by number or code); False if there is no such answer."""
    code = turn.edit_target(reference)
    if code is None:
        return False
    # From the review, an edit returns to the review; mid-way it returns to the current question.
    turn.go_to(code, editing=turn.state.editing or turn.state.phase is Phase.REVIEW)
    return True


def back_from_review(turn: Turn) -> None:
    """BACK from the review: the last question, showing its answer."""
    answerable = turn.answerable()
    if not answerable:
        turn.notice("at_first_question")
        turn.prompt()
        return
    turn.go_to(answerable[-1].code, editing=False)


def show_progress(turn: Turn) -> None:
    """REVIEW asked for mid-way: the review itself when all is answered, else the answers so far."""
    remaining = len(turn.unanswered())
    if not remaining:
        turn.enter_review()
        return
    turn.emit(turn.review(complete=False))
    turn.notice("review_incomplete", remaining=remaining)


def _edit_or_unknown(turn: Turn, reference: str) -> None:
    if not edit(turn, reference):
        turn.notice("edit_unknown")
        turn.prompt()


def _stale(turn: Turn) -> None:
    turn.notice("stale_button")
    turn.prompt()
