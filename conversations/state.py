"""A respondent's session: everything the engine needs to continue, serialisable to JSON."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from conversations.events import AnswerValue, Event


class Phase(enum.StrEnum):
    CONSENT = "consent"  # waiting for agree/decline
    QUESTION = "question"  # waiting for the answer to `current`
    REVIEW = "review"  # all answered; waiting for submit or edit
    CONFIRM_RESTART = "confirm_restart"  # asked "erase all answers and start again?"
    COMPLETED = "completed"
    DECLINED = "declined"
    STOPPED = "stopped"  # the respondent asked to stop; CONTINUE picks up where they were
    CONFIRM_DELETE = "confirm_delete"  # asked "erase all your data?" (HAPUSDATA, from any phase)

    @property
    def is_final(self) -> bool:
        return self in (Phase.COMPLETED, Phase.DECLINED)


@dataclass(frozen=True, slots=True)
class Answer:
    """A stored answer. `value` is None when an optional question was skipped."""

    value: AnswerValue | None
    raw: str = ""
    other_text: str | None = None
    answered_at: datetime | None = None

    @property
    def skipped(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class Proposed:
    """A reading of the reply waiting for a yes ("4500" -> 4500000, asked as "Rp 4.500.000?")."""

    value: AnswerValue
    raw: str  # the reply as typed, stored as the answer's raw on a yes
    prefill: str | None = None  # the roster field it came from, when not read from a reply


@dataclass(frozen=True, slots=True)
class ConversationState:
    questionnaire_id: str
    version: str
    language: str
    phase: Phase
    current: str | None = None  # question code being asked (QUESTION phase)
    answers: dict[str, Answer] = field(default_factory=dict)
    history: tuple[str, ...] = ()  # question codes shown, in order, for BACK
    editing: bool = False  # answering from the review: return to the review when done
    pending: tuple[str, ...] = ()  # multiple choice: values ticked, not yet confirmed
    awaiting_other: str | None = None  # a choice value whose "please specify" text is awaited
    proposed: Proposed | None = None  # an answer asked back ("Rp 4.500.000?"), stored on a yes
    progress: int = 0  # the highest percentage shown: what is shown never goes backwards
    # Roster values the questionnaire prefills (field -> text), offered for confirmation when
    # their question comes; only those fields, and a refused one is dropped.
    known: dict[str, str] = field(default_factory=dict)
    resume_phase: Phase | None = None  # where STOPPED and the CONFIRM_* phases return to
    # CONFIRM_DELETE asked from a pause (STOPPED, CONFIRM_RESTART): that pause's own resume_phase,
    # restored when the respondent cancels, so they are back exactly where they were.
    saved_resume_phase: Phase | None = None
    started_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def settled_phase(self) -> Phase:
        """`phase`, or while erasure awaits confirmation the phase it was asked from.

        What a caller reports as the respondent's status: someone who typed HAPUSDATA after
        completing is still completed until they confirm.
        """
        if self.phase is Phase.CONFIRM_DELETE and self.resume_phase is not None:
            return self.resume_phase
        return self.phase

    def with_(self, **changes: Any) -> ConversationState:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 strings)."""
        return {
            "questionnaire_id": self.questionnaire_id,
            "version": self.version,
            "language": self.language,
            "phase": self.phase.value,
            "current": self.current,
            "answers": {
                code: {
                    "value": a.value,
                    "raw": a.raw,
                    "other_text": a.other_text,
                    "answered_at": _iso(a.answered_at),
                }
                for code, a in self.answers.items()
            },
            "history": list(self.history),
            "editing": self.editing,
            "pending": list(self.pending),
            "awaiting_other": self.awaiting_other,
            "proposed": _proposed_json(self.proposed),
            "progress": self.progress,
            "known": dict(self.known),
            "resume_phase": _value(self.resume_phase),
            "saved_resume_phase": _value(self.saved_resume_phase),
            "started_at": _iso(self.started_at),
            "updated_at": _iso(self.updated_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationState:
        return cls(
            questionnaire_id=data["questionnaire_id"],
            version=data["version"],
            language=data["language"],
            phase=Phase(data["phase"]),
            current=data.get("current"),
            answers={
                code: Answer(
                    value=a.get("value"),
                    raw=a.get("raw", ""),
                    other_text=a.get("other_text"),
                    answered_at=_dt(a.get("answered_at")),
                )
                for code, a in data.get("answers", {}).items()
            },
            history=tuple(data.get("history", ())),
            editing=bool(data.get("editing", False)),
            pending=tuple(data.get("pending", ())),
            awaiting_other=data.get("awaiting_other"),
            proposed=_proposed(data.get("proposed")),
            progress=int(data.get("progress", 0)),
            known=dict(data.get("known") or {}),
            resume_phase=_phase(data.get("resume_phase")),
            saved_resume_phase=_phase(data.get("saved_resume_phase")),
            started_at=_dt(data.get("started_at")),
            updated_at=_dt(data.get("updated_at")),
        )


@dataclass(frozen=True, slots=True)
class Step:
    """The result of one engine call: the new state and what to show or store."""

    state: ConversationState
    events: tuple[Event, ...]


def _proposed(data: dict[str, Any] | None) -> Proposed | None:
    return Proposed(data["value"], data.get("raw", ""), data.get("prefill")) if data else None


def _proposed_json(proposed: Proposed | None) -> dict[str, Any] | None:
    if proposed is None:
        return None
    data: dict[str, Any] = {"value": proposed.value, "raw": proposed.raw}
    if proposed.prefill is not None:
        data["prefill"] = proposed.prefill
    return data


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _value(phase: Phase | None) -> str | None:
    return phase.value if phase else None


def _phase(value: str | None) -> Phase | None:
    return Phase(value) if value else None
