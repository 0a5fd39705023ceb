"""The right to erasure (UU PDP): HAPUSDATA, in any phase, erases every answer after a yes.

The consent texts promise that typing HAPUSDATA deletes all of a respondent's data at any time,
even after completing. The engine asks first (Phase.CONFIRM_DELETE, remembering exactly where the
respondent was), then on a typed yes empties the answers and stops: the caller stores the answer
rows as state.answers, so they go too, and maps STOPPED to "opted out", so reminders end.
"""

from __future__ import annotations

from conversations.events import AnswerRejected, DataErased
from conversations.flow import Sprint, command_of
from conversations.inputs import (
    BUTTON_CONSENT_NO,
    Command,
    CommandKind,
    Reply,
)
from conversations.state import Phase
from conversations.steering import CLEARED, Said, common, read_yes_no, stop

# Where STOP still means something: elsewhere (stopped, completed, declined) it only re-prompts.
_STOPPABLE = frozenset({Phase.CONSENT, Phase.QUESTION, Phase.REVIEW, Phase.CONFIRM_RESTART})


def asks_for_erasure(command: Command | None) -> bool:
    """Whether a reply's command is HAPUSDATA."""
    return command is not None and command.kind is CommandKind.DELETE_DATA


def ask(sprint: Sprint) -> None:
    """HAPUSDATA: ask to confirm, remembering where the respondent is to return there on a no."""
    state = sprint.state
    if state.phase is not Phase.CONFIRM_DELETE:
        sprint.update(
            phase=Phase.CONFIRM_DELETE,
            resume_phase=state.phase,
            saved_resume_phase=state.resume_phase,
        )
    sprint.notice("confirm_delete")


def handle_confirm_delete(sprint: Sprint, reply: Reply) -> None:
    """A reply to "erase all your answers?": only a typed yes erases anything."""
    # A yes button is never taken as a yes here: an old consent button ("Ya, setuju") pressed
    # by mistake must not erase everything. A no button cancels.
    said = read_yes_no(sprint, reply, buttons=(BUTTON_CONSENT_NO,))
    if said is Said.STALE:
        return
    answer = None if said is Said.NEITHER else said is Said.YES
    command = command_of(reply) if answer is None else None
    kind = command.kind if command is not None else None
    if answer is True:
        _erase(sprint)
    elif answer is False or kind in (CommandKind.CONTINUE, CommandKind.BACK):
        _cancel(sprint)
        sprint.prompt()
    elif kind is CommandKind.STOP:
        # "No, and stop": nothing is erased without a yes; then stop as from where they were.
        _cancel(sprint)
        if sprint.state.phase in _STOPPABLE:
            stop(sprint)
        else:
            sprint.prompt()
    elif command is not None and kind in (CommandKind.LANGUAGE, CommandKind.HELP):
        common(sprint, command)  # and asks again (in the new language)
    else:
        sprint.emit(AnswerRejected(code="", key="yes_no_not_understood"))
        sprint.prompt()


def _erase(sprint: Sprint) -> None:
    # STOPPED ends reminders; resuming from CONSENT means LANJUT starts again from consent.
    sprint.update(
        phase=Phase.STOPPED,
        resume_phase=Phase.CONSENT,
        saved_resume_phase=None,
        started_at=None,
        known={},  # roster values kept for prefilling go too: nothing personal stays
        **CLEARED,
    )
    sprint.emit(DataErased(sprint.now))


def _cancel(sprint: Sprint) -> None:
    """Back exactly where the respondent was: phase, its own resume phase, question and ticks."""
    state = sprint.state
    sprint.update(
        phase=state.resume_phase, resume_phase=state.saved_resume_phase, saved_resume_phase=None
    )
    sprint.notice("delete_cancelled")
