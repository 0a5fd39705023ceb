"""Scheduled messages out through python-telegram-bot: the scheduler's Sender for Telegram."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram.limits import CAPTION_LIMIT, TEXT_LIMIT
from scheduler.outbox import OutgoingMessage, SendResult, SendStatus

log = logging.getLogger(__name__)

# BadRequest texts that mean the chat is gone for good, not that the message was malformed.
GONE = ("chat not found", "user is deactivated", "bot was kicked", "have no rights to send")


class TelegramSender:
    """Sends through the Application's bot, so its AIORateLimiter paces scheduled fan-out too."""

    channel = "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, external_id: str, message: OutgoingMessage) -> SendResult:
        """One message; every Telegram answer becomes a SendResult, never an exception."""
        limit = CAPTION_LIMIT if message.photo is not None else TEXT_LIMIT
        text, html_mode = message.text, message.html
        if html_mode and len(text) > limit:
            # Cutting HTML could split a tag or an entity (a 400): cut the visible text instead.
            text, html_mode = html.unescape(re.sub(r"<[^>]+>", "", text)), False
        text = text[:limit]
        mode = ParseMode.HTML if html_mode else None
        try:
            if message.photo is not None:
                sent = await self.bot.send_photo(
                    int(external_id),
                    photo=message.photo,
                    caption=text,
                    parse_mode=mode,
                )
            else:
                sent = await self.bot.send_message(int(external_id), text, parse_mode=mode)
        except Forbidden:
            return SendResult(SendStatus.BLOCKED, "Forbidden")
        except RetryAfter as exc:
            return SendResult(SendStatus.RETRY, "RetryAfter", retry_after=retry_seconds(exc))
        except BadRequest as exc:
            if any(g in str(exc).lower() for g in GONE):
                return SendResult(SendStatus.BLOCKED, "ChatGone")
            log.warning("scheduled message refused by Telegram: %s", type(exc).__name__)
            return SendResult(SendStatus.FAILED, "BadRequest")
        except NetworkError as exc:  # includes TimedOut
            return SendResult(SendStatus.RETRY, type(exc).__name__)
        except TelegramError as exc:
            return SendResult(SendStatus.RETRY, type(exc).__name__)
        return SendResult(SendStatus.SENT, provider_id=str(sent.message_id))


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks to wait, read from the timedelta PTB 22 keeps: its public
    `retry_after` is whole seconds with a deprecation warning unless PTB_TIMEDELTA opts in to
    the timedelta PTB 23 will always give (bot.cli.app.main does; PTB itself warns otherwise)."""
    value = getattr(exc, "_retry_after", None)
    if not isinstance(value, timedelta):  # a PTB that no longer keeps it so
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
