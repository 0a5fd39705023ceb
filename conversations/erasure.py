"""The right to erasure (UU PDP): HAPUSDATA, in any phase, erases every answer after a yes.

The consent texts promise that typing HAPUSDATA deletes all of a respondent's data at any time,
even after completing. The engine asks first (Phase.CONFIRM_DELETE, remembering exactly where the
respondent was), then on a typed yes empties the answers and stops: the caller stores the answer
rows as state.answers, so they go too, and maps STOPPED to "opted out", so reminders end.
"""

from __future__ import annotations

from conversations.events import AnswerRejected, DataErased
from conversations.flow import Turn, command_of
from conversations.inputs import (
    BUTTON_CONSENT_NO,
    Command,
    CommandKind,
    Reply,
)
from conversations.session import CLEARED, Said, common, read_yes_no, stop
from conversations.state import Phase

# Where STOP still means something: elsewhere (stopped, completed, declined) it only re-prompts.
_STOPPABLE = frozenset({Phase.CONSENT, Phase.QUESTION, Phase.REVIEW, Phase.CONFIRM_RESTART})


def asks_for_erasure(command: Command | None) -> bool:
    """Whether a reply's command is HAPUSDATA."""
    return command is not None and command.kind is CommandKind.DELETE_DATA


def ask(turn: Turn) -> None:
    """HAPUSDATA: ask to confirm, remembering where the respondent is to return there on a no."""
    state = turn.state
    if state.phase is not Phase.CONFIRM_DELETE:
        turn.update(
            phase=Phase.CONFIRM_DELETE,
            resume_phase=state.phase,
            saved_resume_phase=state.resume_phase,
        )
    turn.notice("confirm_delete")


def handle_confirm_delete(turn: Turn, reply: Reply) -> None:
    """A reply to "erase all your answers?": only a typed yes erases anything."""
    # A yes button is never taken as a yes here: an old consent button ("Ya, setuju") pressed
    # by mistake must not erase everything. A no button cancels.
    said = read_yes_no(turn, reply, buttons=(BUTTON_CONSENT_NO,))
    if said is Said.STALE:
        return
    answer = None if said is Said.NEITHER else said is Said.YES
    command = command_of(reply) if answer is None else None
    kind = command.kind if command is not None else None
    if answer is True:
        _erase(turn)
    elif answer is False or kind in (CommandKind.CONTINUE, CommandKind.BACK):
        _cancel(turn)
        turn.prompt()
    elif kind is CommandKind.STOP:
        # "No, and stop": nothing is erased without a yes; then stop as from where they were.
        _cancel(turn)
        if turn.state.phase in _STOPPABLE:
            stop(turn)
        else:
            turn.prompt()
    elif command is not None and kind in (CommandKind.LANGUAGE, CommandKind.HELP):
        common(turn, command)  # and asks again (in the new language)
    else:
        turn.emit(AnswerRejected(code="", key="yes_no_not_understood"))
        turn.prompt()


def _erase(turn: Turn) -> None:
    # STOPPED ends reminders; resuming from CONSENT means LANJUT starts again from consent.
    turn.update(
        phase=Phase.STOPPED,
        resume_phase=Phase.CONSENT,
        saved_resume_phase=None,
        started_at=None,
        known={},  # roster values kept for prefilling go too: nothing personal stays
        **CLEARED,
    )
    turn.emit(DataErased(turn.now))


def _cancel(turn: Turn) -> None:
    """Back exactly where the respondent was: phase, its own resume phase, question and ticks."""
    state = turn.state
    turn.update(
        phase=state.resume_phase, resume_phase=state.saved_resume_phase, saved_resume_phase=None
    )
    turn.notice("delete_cancelled")
