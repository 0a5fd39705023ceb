"""Scheduled messages out through python-telegram-bot: the scheduler's Sender for Telegram."""

from __future__ import annotations

import html
import logging
import re

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.telegram.errors import Outcome, SendError, classify
from bot.telegram.limits import CAPTION_LIMIT, TEXT_LIMIT
from scheduler.outbox import OutgoingMessage, SendResult, SendStatus

log = logging.getLogger(__name__)


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
                sent = await self.bot.send_message(
                    int(external_id),
                    text,
                    parse_mode=mode,
                    reply_markup=inline_buttons(message.buttons),
                )
        except TelegramError as exc:
            return _result(classify(exc))
        return SendResult(SendStatus.SENT, provider_id=str(sent.message_id))


def inline_buttons(buttons: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup | None:
    """(label, callback data) pairs as inline buttons, one a row; None for none."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons]
    )


def _result(error: SendError) -> SendResult:
    """The scheduler's reading of a classified refusal."""
    match error.outcome:
        case Outcome.RETRY_AFTER:
            return SendResult(SendStatus.RETRY, error.reason, retry_after=error.retry_after)
        case Outcome.BLOCKED:
            return SendResult(SendStatus.BLOCKED, error.reason)
        case Outcome.BAD_REQUEST:
            log.warning("scheduled message refused by Telegram: %s", error.reason)
            return SendResult(SendStatus.FAILED, error.reason)
        case Outcome.NETWORK:
            return SendResult(SendStatus.RETRY, error.reason)
