"""What a respondent can send: typed text, a button press, or a command."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextReply:
    """Anything typed: an answer, a choice number or label, or a command word."""

    text: str


@dataclass(frozen=True, slots=True)
class ButtonPress:
    """A button the channel showed, decoded back to what it stood for.

    `question` is the code the button belonged to ("" for consent/review buttons) and `version`
    the questionnaire version it was shown for: a stale button is recognised, never misapplied.
    `value` is a choice value, or one of the BUTTON_* actions below.
    """

    question: str
    value: str
    version: str = ""


# Button actions that are not choice values.
# Yes/no: with question="" for consent; with a question's code for an answer asked back
# ("Rp 4.500.000?"), so a tap on either is never taken for the other.
BUTTON_CONSENT_YES = "@yes"
BUTTON_CONSENT_NO = "@no"
BUTTON_DONE = "@done"  # finish a multiple choice
BUTTON_SUBMIT = "@submit"  # submit from the review
BUTTON_EDIT = "@edit"  # with question=<code to edit>, from the review
BUTTON_SKIP = "@skip"
BUTTON_BACK = "@back"


class CommandKind(enum.StrEnum):
    BACK = "back"
    SKIP = "skip"
    REVIEW = "review"  # show all answers; from there, edit any of them
    EDIT = "edit"  # argument: a question code or its number in the review
    RESTART = "restart"
    STOP = "stop"
    CONTINUE = "continue"  # ask the current question again (also resumes after stop)
    LANGUAGE = "language"  # argument: a language code, or none to toggle
    SUBMIT = "submit"
    HELP = "help"
    DELETE_DATA = "delete_data"  # erase all answers and stop reminders (UU PDP), after a yes


@dataclass(frozen=True, slots=True)
class Command:
    kind: CommandKind
    argument: str = ""


Reply = TextReply | ButtonPress | Command
