"""A parent's answer to the message asking them to pass on an alumnus's link.

"Salah nomor" (wrong number) or "berhenti" (stop) from a number that is some alumnus's
guardian's on a roster, and is no alumnus's own chat, ends it: the number is kept as opted out,
so nothing is ever written to it first again, and the parent is thanked once. Anything else goes
the usual way (it may be the alumnus on a parent's phone: the identity dialogue answers).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from conversations.messages import t
from conversations.parsing import normalize
from storage.access import invitations
from storage.deliveries import opt_outs
from storage.deliveries import parents as parent_rows

STOP_WORDS = frozenset({"berhenti", "stop", "jangan hubungi lagi"})
# "Bukan" alone answers "is this you?" in the identity dialogue: read as a wrong number only
# when no dialogue is open on this number.
WRONG_NUMBER_WORDS = frozenset(
    {"salah nomor", "salah nomer", "salah no", "salah sambung", "wrong number", "bukan"}
)
_EDGES = re.compile(r"^[\s.,!?'\"]+|[\s.,!?'\"]+$")


def _typed(text: str) -> str:
    return _EDGES.sub("", normalize(text).lstrip("/"))


def parent_reply(text: str) -> str | None:
    """What a whole message says to a parent's message: WRONG_NUMBER, OPTED_OUT, or None."""
    typed = _typed(text)
    if typed in WRONG_NUMBER_WORDS:
        return parent_rows.WRONG_NUMBER
    if typed in STOP_WORDS:
        return parent_rows.OPTED_OUT
    return None


async def stop_from_parent(
    sessions: async_sessionmaker[AsyncSession],
    channel: str,
    phone: str,
    text: str,
    now: datetime,
    language: str,
) -> str | None:
    """Handle a parent's "salah nomor" or "berhenti" from an unlinked number: the reply to send
    ("" when the number had already stopped: it is thanked once), or None when this is not one
    (not such a word, or not a guardian's number): the message then goes the usual way."""
    reply = parent_reply(text)
    if reply is None:
        return None
    async with sessions() as session, session.begin():
        if not await parent_rows.is_guardian_number(session, phone):
            return None
        if _typed(text) == "bukan" and await invitations.dialogue(session, channel, phone, now):
            return None  # "no, that is not me" in the identity dialogue
        already = await opt_outs.is_opted_out(session, channel, phone)
        await opt_outs.opt_out(session, channel, phone, now)
        await parent_rows.note_parent_reply(session, phone, reply, now)
        await invitations.keep_dialogue(session, channel, phone, None, now)
    if already:
        return ""
    key = "wa_parent_wrong_number" if reply == parent_rows.WRONG_NUMBER else "wa_parent_stopped"
    return t(language, key)
