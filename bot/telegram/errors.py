"""What a Telegram refusal means for the sender: one map from python-telegram-bot's errors.

Every path that sends (a reply in a conversation, a scheduled message, a staff answer) asks
`classify` what to do, so the same error never means two things.

A chat that is gone counts as blocked. Telegram says "the bot was blocked" with a 403
(Forbidden), but a chat that no longer exists or never will take a message again ("chat not
found", "user is deactivated", "bot was kicked", "have no rights to send") comes as a 400
(BadRequest). Sending there again fails again, whatever the text, so it is not the message
that was wrong (a bad request) but the chat: it is marked unreachable like a block, and
scheduled messages stop. It is undone the same way as a block, when the person writes again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    RetryAfter,
    TelegramError,
)

log = logging.getLogger(__name__)

# BadRequest texts (lower case) that mean the chat is gone for good, not that the message was
# malformed. "deactivated": a deleted account, or a group chat that was deactivated.
CHAT_GONE = ("chat not found", "deactivated", "bot was kicked", "have no rights to send")


class Outcome(Enum):
    """What to do after Telegram refused a message."""

    RETRY_AFTER = "retry_after"  # flood control: wait the seconds Telegram asks, then again
    BLOCKED = "blocked"  # the chat takes no more messages: mark it unreachable, stop sending
    BAD_REQUEST = "bad_request"  # this message cannot go (malformed, too long): do not repeat it
    NETWORK = "network"  # Telegram unreachable, slow or failing: the same message may go later


@dataclass(frozen=True, slots=True)
class SendError:
    """A refusal, classified: its outcome, a short reason for logs and delivery rows (the
    error's class, or "ChatGone"; never Telegram's free text), and the wait."""

    outcome: Outcome
    reason: str
    retry_after: float | None = None  # seconds, for RETRY_AFTER only


def classify(exc: TelegramError) -> SendError:
    """The one reading of a send error. BadRequest is a NetworkError in PTB: it is tested first."""
    reason = type(exc).__name__
    if isinstance(exc, RetryAfter):
        return SendError(Outcome.RETRY_AFTER, reason, retry_seconds(exc))
    if isinstance(exc, Forbidden):
        return SendError(Outcome.BLOCKED, reason)
    if isinstance(exc, BadRequest):
        if any(gone in exc.message.lower() for gone in CHAT_GONE):
            return SendError(Outcome.BLOCKED, "ChatGone")
        return SendError(Outcome.BAD_REQUEST, reason)
    if isinstance(exc, ChatMigrated):
        # A group became a supergroup under a new id: this id will refuse every message.
        return SendError(Outcome.BAD_REQUEST, reason)
    # NetworkError and TimedOut, and whatever else Telegram answers (a server error, a
    # conflict): nothing says this message or chat is wrong, so it may go later.
    return SendError(Outcome.NETWORK, reason)


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks to wait, read from the timedelta PTB 22 keeps: its public
    `retry_after` is whole seconds with a deprecation warning unless PTB_TIMEDELTA opts in to
    the timedelta PTB 23 will always give (bot.cli.app.main does; PTB itself warns otherwise)."""
    value = getattr(exc, "_retry_after", None)
    if not isinstance(value, timedelta):  # a PTB that no longer keeps it so
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def quietly(call: Awaitable[object]) -> None:
    """Await a cosmetic call (an edit, a button's answer): its failure must not stop the turn."""
    try:
        await call
    except TelegramError as exc:
        log.debug("cosmetic Telegram call failed: %s", type(exc).__name__)
