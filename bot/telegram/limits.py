"""Telegram's size limits for what the bot sends, read from python-telegram-bot's constants."""

from __future__ import annotations

from telegram.constants import MessageLimit

TEXT_LIMIT: int = MessageLimit.MAX_TEXT_LENGTH  # characters in one text message: 4,096
CAPTION_LIMIT: int = MessageLimit.CAPTION_LENGTH  # characters in a photo or file caption: 1,024
