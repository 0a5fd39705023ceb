"""Words that steer rather than answer: consent, restart, stop, language, help."""

from __future__ import annotations

import enum
import re
from typing import Any

from conversations import parsing
from conversations.events import AnswerRejected, Declined, LanguageChanged, Restarted, Stopped
from conversations.flow import Sprint, command_of
from conversations.inputs import (
    BUTTON_CONSENT_NO,
    BUTTON_CONSENT_YES,
    ButtonPress,
    Command,
    CommandKind,
    Reply,
    TextReply,
)
from conversations.state import Phase

# Consent must be a clear answer, so only whole replies count ("ya tidak" is neither, and a yes
# inside a longer sentence is not taken as one). "1"/"2" answer consent shown as a numbered list.
YES_PHRASES = frozenset(
    {
        "ya", "y", "iya", "iyaa", "yaa", "ok", "oke", "okay", "okey", "setuju", "bersedia",
        "boleh", "mau", "1", "yes", "yep", "agree", "sure", "ya setuju", "saya setuju",
        "ya saya setuju", "iya setuju", "ok setuju", "saya bersedia", "ya bersedia", "i agree",
        "yes i agree",
    }
)  # fmt: skip
NO_PHRASES = frozenset(
    {
        "tidak", "tdk", "gak", "ga", "gk", "nggak", "ngga", "enggak", "engga", "tak", "no", "n",
        "nope", "2", "tidak setuju", "saya tidak setuju", "tidak bersedia", "saya tidak bersedia",
        "tidak mau", "gak mau", "nggak mau", "disagree", "i disagree", "i do not agree",
        "i don t agree", "do not agree", "don t agree", "dont agree",
    }
)  # fmt: skip

_LANGUAGE_ALIASES = {
    "english": "en", "inggris": "en", "bahasa inggris": "en", "eng": "en",
    "indonesia": "id", "indonesian": "id", "bahasa indonesia": "id", "bahasa": "id",
    "indo": "id", "ind": "id",
}  # fmt: skip


def yes_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the reply is neither (or both)."""
    phrase = " ".join(re.findall(r"[^\W_]+", parsing.normalize(text)))
    if phrase in YES_PHRASES:
        return True
    if phrase in NO_PHRASES:
        return False
    return None


# What restart and erasure clear: every answer and where the respondent was in the questions.
CLEARED: dict[str, Any] = {
    "answers": {},
    "history": (),
    "current": None,
    "pending": (),
    "awaiting_other": None,
    "proposed": None,
    "progress": 0,
    "editing": False,
}


class Said(enum.Enum):
    YES = "yes"
    NO = "no"
    NEITHER = "neither"  # not a yes/no: maybe a command, or not understood
    STALE = "stale"  # a button that does not belong here: already told so and asked again


def read_yes_no(
    sprint: Sprint, reply: Reply, buttons: tuple[str, ...] = (BUTTON_CONSENT_YES, BUTTON_CONSENT_NO)
) -> Said:
    """A reply to a yes/no question: typed words, or one of `buttons` shown for it."""
    match reply:
        case ButtonPress(question=question, value=value, version=version):
            if question or sprint.stale_version(version) or value not in buttons:
                sprint.notice("stale_button")
                sprint.prompt()
                return Said.STALE
            return Said.YES if value == BUTTON_CONSENT_YES else Said.NO
        case TextReply(text=text):
            answer = yes_no(text)
            if answer is not None:
                return Said.YES if answer else Said.NO
    return Said.NEITHER


def common(sprint: Sprint, command: Command) -> bool:
    """Commands that work the same in consent, question and review phases; False if not one."""
    match command.kind:
        case CommandKind.STOP:
            stop(sprint)
        case CommandKind.RESTART:
            if sprint.state.phase is Phase.CONSENT:
                sprint.prompt()  # nothing answered yet: nothing to erase
            else:
                sprint.update(resume_phase=sprint.state.phase, phase=Phase.CONFIRM_RESTART)
                sprint.notice("confirm_restart")
        case CommandKind.LANGUAGE:
            _change_language(sprint, command.argument)
            sprint.prompt()
        case CommandKind.HELP:
            sprint.notice("help")
            sprint.prompt()
        case CommandKind.CONTINUE:
            sprint.prompt()
        case _:
            return False
    return True


# --- consent ------------------------------------------------------------------------------


def handle_consent(sprint: Sprint, reply: Reply) -> None:
    """A reply to the consent question."""
    said = read_yes_no(sprint, reply)
    if said is Said.STALE:
        return
    if said is Said.YES:
        sprint.update(phase=Phase.QUESTION, started_at=sprint.now)
        sprint.advance(None)
    elif said is Said.NO:
        sprint.update(phase=Phase.DECLINED, current=None)
        sprint.emit(Declined(sprint.now))
    else:
        command = command_of(reply)
        if command is None or not common(sprint, command):
            sprint.emit(AnswerRejected(code="", key="consent_not_understood"))
            sprint.prompt()


# --- restart, stop, language ---------------------------------------------------------------


def handle_confirm_restart(sprint: Sprint, reply: Reply) -> None:
    """A reply to "erase all answers and start again?"."""
    said = read_yes_no(sprint, reply)
    if said is Said.STALE:
        return
    answer = None if said is Said.NEITHER else said is Said.YES
    command = command_of(reply) if answer is None else None
    if answer is True:
        sprint.update(phase=Phase.QUESTION, resume_phase=None, **CLEARED)
        sprint.emit(Restarted(sprint.now))
        sprint.advance(None)
    elif answer is False or (
        command is not None and command.kind in (CommandKind.CONTINUE, CommandKind.BACK)
    ):
        _return_from_pause(sprint)
    elif command is not None and command.kind is CommandKind.STOP:
        stop(sprint)
    elif command is not None and command.kind in (CommandKind.LANGUAGE, CommandKind.HELP):
        common(sprint, command)
    else:
        sprint.emit(AnswerRejected(code="", key="yes_no_not_understood"))
        sprint.prompt()


def stop(sprint: Sprint) -> None:
    """STOP: pause where the respondent is (no reminders) until CONTINUE."""
    # Stopping from the restart question returns to where the respondent was before it.
    paused = sprint.state.phase
    if paused is Phase.CONFIRM_RESTART:
        paused = sprint.state.resume_phase or Phase.QUESTION
    sprint.update(phase=Phase.STOPPED, resume_phase=paused)
    sprint.emit(Stopped(sprint.now))


def handle_stopped(sprint: Sprint, reply: Reply) -> None:
    """A reply after STOP: only CONTINUE (or LANGUAGE) does anything."""
    command = command_of(reply)
    if command is not None and command.kind is CommandKind.CONTINUE:
        _return_from_pause(sprint)
        return
    if command is not None and command.kind is CommandKind.LANGUAGE:
        _change_language(sprint, command.argument)
    sprint.prompt()


def handle_final(sprint: Sprint, reply: Reply) -> None:
    """A reply after completing or declining: only LANGUAGE still does something."""
    command = command_of(reply)
    if command is not None and command.kind is CommandKind.LANGUAGE:
        _change_language(sprint, command.argument)
    sprint.prompt()


def _return_from_pause(sprint: Sprint) -> None:
    phase = sprint.state.resume_phase or (Phase.QUESTION if sprint.state.current else Phase.CONSENT)
    sprint.update(phase=phase, resume_phase=None)
    sprint.prompt()


def _change_language(sprint: Sprint, argument: str) -> None:
    offered = sprint.questionnaire.languages
    wanted = parsing.normalize(argument)
    if not wanted:
        language = offered[(offered.index(sprint.language) + 1) % len(offered)]
    else:
        language = _LANGUAGE_ALIASES.get(wanted, wanted)
    if language not in offered:
        sprint.notice("language_not_available", languages=", ".join(offered))
        return
    sprint.update(language=language)
    sprint.emit(LanguageChanged(language))
