"""Answers to the yearly check-in (scheduler/checkins.py), on any channel.

While an alumnus has a check-in they have not answered (sent in the last ANSWER_WITHIN, no
confirmation since, no open survey waiting for them), what they write is read here first:
YA / "Ya, masih" keeps the number (phone_confirmed_at = now); GANTI / "Ganti nomor" / TIDAK asks
for the new number; a number typed (after GANTI or straight away) replaces the roster's when it is
a valid mobile number, and a bad one is told what to type; BERHENTI puts the chat and the roster
number on contact_opt_outs (the opt-out of a number nobody had linked), so nothing is written to
them again. Anything else asks the question again. With no check-in open, nothing here answers
and the channel goes its usual way.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conversations.commands import parse_command
from conversations.inputs import CommandKind
from conversations.messages import t
from conversations.parsing import normalize
from conversations.phones import PhoneRejected, parse_mobile
from conversations.steering import yes_no
from scheduler.checkins import CHANGE, CONFIRM, STOP, checkin_buttons
from storage.deliveries import checkins as rows
from storage.models import Alumnus
from storage.roster import repository as repo
from storage.surveys.responses import claim_message

log = logging.getLogger(__name__)

# A check-in older than this is not waited on: what the alumnus writes goes its usual way.
ANSWER_WITHIN = timedelta(days=30)
# Beyond yes/no (conversations/steering.py) and BERHENTI: the buttons' labels typed, and GANTI.
CONFIRM_WORDS = frozenset({"ya masih", "masih", "iya masih", "benar", "betul", "yes still"})
CHANGE_WORDS = frozenset({"ganti", "ganti nomor", "nomor baru", "change", "new number"})


class Choice(enum.Enum):
    """What an answer to the check-in says."""

    CONFIRM = "confirm"
    CHANGE = "change"
    STOP = "stop"
    NUMBER = "number"  # digits: a new number, perhaps mistyped
    OTHER = "other"


def read_answer(text: str) -> Choice:
    """What a typed answer to the check-in says (pure)."""
    command = parse_command(text)
    if command is not None and command.kind is CommandKind.STOP:
        return Choice.STOP
    phrase = " ".join(re.findall(r"[^\W_]+", normalize(text)))
    if phrase in CONFIRM_WORDS:
        return Choice.CONFIRM
    if phrase in CHANGE_WORDS:
        return Choice.CHANGE
    said = yes_no(text)
    if said is True:
        return Choice.CONFIRM
    if said is False:  # "tidak": not my number any more
        return Choice.CHANGE
    if any(c.isdigit() for c in text):
        return Choice.NUMBER
    return Choice.OTHER


BUTTON_CHOICES = {CONFIRM: Choice.CONFIRM, CHANGE: Choice.CHANGE, STOP: Choice.STOP}


@dataclass(frozen=True, slots=True)
class CheckinReply:
    """What to answer: the text, and whether the three answers go with it again (buttons)."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # the three answers again, where there are buttons
    duplicate: bool = False  # the message was handled before: say nothing


async def answer(
    sessions: async_sessionmaker[AsyncSession],
    channel: str,
    external_id: str,
    now: datetime,
    *,
    text: str = "",
    button: str | None = None,
    message_id: str | None = None,
) -> CheckinReply | None:
    """Handle a message (or a button's data) as an answer to an open check-in; None when the
    chat has none open (the channel then goes its usual way).

    `message_id`, when the channel has not recorded the message yet, is claimed in the same
    transaction as the answer, so a redelivered message changes nothing.
    """
    async with sessions() as session, session.begin():
        known = await repo.find_identity(session, channel, external_id)
        if known is None:
            return None
        alumnus_id = known.alumnus_id
        if await rows.open_checkin(session, alumnus_id, now - ANSWER_WITHIN, now) is None:
            return None
        if message_id is not None and not await claim_message(session, channel, message_id, now):
            return CheckinReply("", duplicate=True)
        alumnus = await session.get(Alumnus, alumnus_id)
        language = alumnus.language if alumnus is not None else "id"
        choice = BUTTON_CHOICES[button] if button in BUTTON_CHOICES else read_answer(text)
        match choice:
            case Choice.CONFIRM:
                await rows.confirm_number(session, alumnus_id, now)
                log.info("check-in: alumnus %s kept their number", alumnus_id)
                return CheckinReply(t(language, "checkin_confirmed"))
            case Choice.STOP:
                await rows.stop_contact(session, alumnus_id, channel, external_id, now)
                log.info("check-in: alumnus %s asked to stop", alumnus_id)
                return CheckinReply(t(language, "checkin_stopped"))
            case Choice.CHANGE:
                return CheckinReply(t(language, "checkin_ask_number"))
            case Choice.NUMBER:
                try:
                    phone = parse_mobile(text)
                except PhoneRejected as refused:
                    why = t(language, refused.key, **refused.params)
                    return CheckinReply(f"{why}\n{t(language, 'checkin_bad_number')}")
                await rows.change_number(session, alumnus_id, phone, now)
                log.info("check-in: alumnus %s gave a new number", alumnus_id)
                return CheckinReply(t(language, "checkin_number_saved", phone=phone))
        return CheckinReply(t(language, "checkin_repeat"), checkin_buttons(language))
