"""What the engine tells the caller to show or store. Channels render these their own way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from conversations.questionnaire import Question

# An answer value as stored (JSON-friendly): a choice code (str), several codes (list[str]),
# int (integer, money in rupiah, rating), str (text, "YYYY-MM-DD", "YYYY-MM", "+62…", e-mail).
AnswerValue = str | int | list[str]


@dataclass(frozen=True, slots=True)
class ConsentRequested:
    """Show the consent text with agree/decline."""

    language: str


@dataclass(frozen=True, slots=True)
class QuestionAsked:
    question: Question
    language: str
    number: int  # 1-based position among the questions that apply so far
    total: int  # questions that apply given the answers so far (may change with later answers)
    # What is shown as progress, 0-100: the share answered, never lower than shown before in
    # the session (a branch that opens does not move it back). None on notes.
    progress: int | None = None
    current: AnswerValue | None = None  # the answer it already has, when re-asked or edited
    selected: tuple[str, ...] = ()  # multiple choice: values ticked so far
    awaiting_other: str | None = None  # a choice value whose "please specify" text is awaited


@dataclass(frozen=True, slots=True)
class AnswerRecorded:
    code: str
    value: AnswerValue | None  # None when an optional question was skipped
    raw: str  # the text as typed (or the button's label), kept beside the coded value
    other_text: str | None = None
    display: str = ""  # how to echo it back, e.g. "Rp 4.500.000" or "17 Agustus 2024"


@dataclass(frozen=True, slots=True)
class AnswerRejected:
    """The reply could not be used; `key` names the catalogue message, `params` fill it."""

    code: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    message: Mapping[str, str] | None = None  # the questionnaire's own validation message


@dataclass(frozen=True, slots=True)
class AnswerConfirmationAsked:
    """An answer that is likely but not certain: show it and ask yes or no.

    Either a reply read one likely way ("4500" for a monthly income is asked back as
    "Rp 4.500.000?") or a value the roster already holds, offered instead of the question
    (`prefill` names its field: "Nama Anda: Eka Pratama — benar?"). A yes stores `value`, a no
    asks the question. Channels show yes/no buttons or a numbered 1/2 list.
    """

    code: str
    language: str
    value: AnswerValue
    display: str  # the value as it would be echoed, e.g. "Rp 4.500.000"
    prefill: str | None = None  # the roster field (questionnaire.PREFILL_FIELDS) it comes from


@dataclass(frozen=True, slots=True)
class AnswersDropped:
    """Answers that no longer apply after a routing answer changed."""

    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    number: int
    code: str
    label: str
    display: str  # the answer as shown, "—" when skipped


@dataclass(frozen=True, slots=True)
class ReviewShown:
    language: str
    items: tuple[ReviewItem, ...]
    # False when asked for mid-way: questions remain unanswered, so it cannot be submitted yet.
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Notice:
    """A short message that is neither a question nor an answer (catalogue key + params)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LanguageChanged:
    language: str


@dataclass(frozen=True, slots=True)
class Completed:
    at: datetime


@dataclass(frozen=True, slots=True)
class Declined:
    at: datetime


@dataclass(frozen=True, slots=True)
class Stopped:
    at: datetime


@dataclass(frozen=True, slots=True)
class Restarted:
    at: datetime


@dataclass(frozen=True, slots=True)
class DataErased:
    """The respondent confirmed HAPUSDATA: every answer is gone and no reminder may follow."""

    at: datetime


Event = (
    ConsentRequested
    | QuestionAsked
    | AnswerRecorded
    | AnswerRejected
    | AnswerConfirmationAsked
    | AnswersDropped
    | ReviewShown
    | Notice
    | LanguageChanged
    | Completed
    | Declined
    | Stopped
    | Restarted
    | DataErased
)
