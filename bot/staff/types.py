"""The staff desk's shared words and types: the commands, who asks, about what, the answer.

The desk (bot/staff/desk.py: who may do what) and its actions (bot/staff/actions.py: doing it)
both need them, and the channels need the command words: held apart so that neither of the two
imports the other to know them (as aiogram's fsm/storage/base.py does for its storage key).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from storage.models import Institution, StaffMember, Survey
from storage.staff.members import Action, Scope

# Command words (Indonesian first, English alias) -> what they do.
COMMANDS: dict[str, Action] = {
    "statistik": Action.STATS,
    "stats": Action.STATS,
    "belum": Action.MISSING,
    "missing": Action.MISSING,
    "kirimulang": Action.RESEND,
    "resend": Action.RESEND,
    "pengingat": Action.REMIND,
    "remind": Action.REMIND,
    "ekspor": Action.EXPORT,
    "export": Action.EXPORT,
    "sambungkan": Action.LINK_GROUP,
    "connect": Action.LINK_GROUP,
    "laporan": Action.REPORT,
    "report": Action.REPORT,
    # --- #17 link ---
    "tautan": Action.CLASS_LINKS,
    "classlink": Action.CLASS_LINKS,
    "telepon": Action.PHONE,
    "phone": Action.PHONE,
}
HELP_WORDS = ("bantuan", "help", "staf", "staff")


@dataclass(frozen=True, slots=True)
class DeskReply:
    """One answer: HTML text, optionally a file, optionally a confirm button (label, command).

    `photo`: a PNG chart the text goes with (Telegram: its caption when it fits; WhatsApp: an
    image after the text). `to_person`: asked in a group, but it holds names or a file: it goes
    to the asker's own chat.
    """

    text: str
    document: tuple[str, bytes] | None = None
    confirm: tuple[str, str] | None = None
    to_person: bool = False
    photo: bytes | None = None
    # One button each (label, command), where the channel has buttons and the chat is the
    # caller's own: /belum's "📞 answered by phone" per alumnus. The text says what to type.
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Caller:
    """Who runs a command, from where."""

    channel: str
    user_id: str  # the person (Telegram user id, WhatsApp number)
    chat_id: str  # where the answer goes (their own chat, or a group)
    in_group: bool


@dataclass(frozen=True, slots=True)
class Target:
    """What a command is about: a survey and, within it, all classes in scope or some."""

    member: StaffMember
    scope: Scope
    institution: Institution
    survey: Survey
    classes: frozenset[int] | None  # None: the whole institution
    label: str  # for messages, already escaped
    rest: list[str]  # the arguments left after the institution code and class name
    confirmed: bool = False  # the command ended in "ya"/"yes"
    named_class: str | None = None  # the class the arguments named, as on the roster


class Desk(Protocol):
    """What an action needs of the staff desk (bot/staff_desk.StaffDesk)."""

    services: Services
    clock: Callable[[], datetime]
    kick: Callable[[], Awaitable[None]] | None

    async def target(
        self,
        session: AsyncSession,
        member: StaffMember,
        scope: Scope,
        action: Action,
        args: list[str],
    ) -> Target | DeskReply:
        """The institution, survey and classes a command names, checked against the scope."""

    async def several(
        self, session: AsyncSession, scope: Scope, action: Action, args: list[str]
    ) -> list[Institution] | None:
        """The whole institutions a command about several covers; None: it is about one."""


def word_for(action: Action, language: str) -> str:
    """The command word for `action` in the staff member's language ("belum", "missing")."""
    words = [w for w, a in COMMANDS.items() if a is action]
    return words[1] if language == "en" and len(words) > 1 else words[0]
