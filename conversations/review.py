"""The review: every answer listed; submit them all, or pick one to change."""

from __future__ import annotations

import re
from collections.abc import Callable

from conversations.events import AnswerRejected, Completed
from conversations.flow import Sprint, command_of
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
CommonCommands = Callable[[Sprint, Command], bool]


def handle_review(sprint: Sprint, reply: Reply, common: CommonCommands) -> None:
    """A reply while the review is shown."""
    match reply:
        case ButtonPress(question=code, value=value, version=version):
            if sprint.stale_version(version):
                _stale(sprint)
            elif value == BUTTON_SUBMIT and not code:
                complete(sprint)
            elif value == BUTTON_EDIT:
                if not edit(sprint, code):
                    _stale(sprint)
            elif value == BUTTON_BACK and not code:
                back_from_review(sprint)
            else:
                _stale(sprint)
            return
        case TextReply(text=text):
            command = command_of(reply)
            if command is None:
                if re.fullmatch(r"\s*\d{1,4}\s*", text, re.ASCII):
                    _edit_or_unknown(sprint, text)
                else:
                    sprint.emit(AnswerRejected(code="", key="review_not_understood"))
                    sprint.prompt()
                return
        case Command():
            command = reply
    _review_command(sprint, command, common)


def _review_command(sprint: Sprint, command: Command, common: CommonCommands) -> None:
    match command.kind:
        case CommandKind.SUBMIT:
            complete(sprint)
        case CommandKind.BACK:
            back_from_review(sprint)
        case CommandKind.EDIT if command.argument.strip():
            _edit_or_unknown(sprint, command.argument)
        case CommandKind.EDIT | CommandKind.REVIEW:
            sprint.prompt()
        case _:
            if not common(sprint, command):
                sprint.notice("command_not_available")
                sprint.prompt()


def complete(sprint: Sprint) -> None:
    """Submit: the session is over."""
    sprint.update(
        phase=Phase.COMPLETED,
        current=None,
        editing=False,
        pending=(),
        awaiting_other=None,
        proposed=None,
    )
    sprint.emit(Completed(sprint.now))


def edit(sprint: Sprint, reference: str) -> bool:
    """Ask an answered question again (by number or code); False if there is no such answer."""
    code = sprint.edit_target(reference)
    if code is None:
        return False
    # From the review, an edit returns to the review; mid-way it returns to the current question.
    sprint.go_to(code, editing=sprint.state.editing or sprint.state.phase is Phase.REVIEW)
    return True


def back_from_review(sprint: Sprint) -> None:
    """BACK from the review: the last question, showing its answer."""
    answerable = sprint.answerable()
    if not answerable:
        sprint.notice("at_first_question")
        sprint.prompt()
        return
    sprint.go_to(answerable[-1].code, editing=False)


def show_progress(sprint: Sprint) -> None:
    """REVIEW asked for mid-way: the review itself when all is answered, else the answers so far."""
    remaining = len(sprint.unanswered())
    if not remaining:
        sprint.enter_review()
        return
    sprint.emit(sprint.review(complete=False))
    sprint.notice("review_incomplete", remaining=remaining)


def _edit_or_unknown(sprint: Sprint, reference: str) -> None:
    if not edit(sprint, reference):
        sprint.notice("edit_unknown")
        sprint.prompt()


def _stale(sprint: Sprint) -> None:
    sprint.notice("stale_button")
    sprint.prompt()
