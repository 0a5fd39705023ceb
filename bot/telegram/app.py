"""The python-telegram-bot Application: built from settings, its command menu, webhook secret."""

from __future__ import annotations

import hashlib

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.telegram.channel import TelegramChannel
from bot.telegram.transport import AiohttpRequest
from config.settings import Settings
from conversations.commands import COMMAND_WORDS
from conversations.inputs import CommandKind
from conversations.messages import DEFAULT_LANGUAGE, LANGUAGES, t

WEBHOOK_PATH = "/telegram/webhook"
# Telegram's own limits are enforced by its servers; these keep us under them and wait out 429s.
RATE_LIMITER_RETRIES = 5
# JEJAK_TELEGRAM_RATE messages/s overall (30 by default, Telegram's limit), in bursts of at most
# 10: PTB's default lets a whole second's 30 go at once, which sits exactly on Telegram's edge and
# turns small delays into 429 storms during a reminder fan-out (bench/reminder_bench.py: 50 429s
# per 1,000 reminders; none with bursts of 10).
OVERALL_BURST = 10


def overall_limit(rate: float) -> tuple[int, float]:
    """AIORateLimiter's overall (max_rate, time_period) for `rate` messages per second."""
    burst = max(1, min(OVERALL_BURST, int(rate)))
    return burst, burst / rate


# The menu: the commands an alumnus needs most, by their Telegram command names.
MENU = (
    CommandKind.BACK,
    CommandKind.EDIT,
    CommandKind.SKIP,
    CommandKind.LANGUAGE,
    CommandKind.CONTINUE,
    CommandKind.STOP,
    CommandKind.DELETE_DATA,
    CommandKind.HELP,
)


def build_application(settings: Settings, channel: TelegramChannel) -> Application:
    """The bot, pointed at Telegram or at JEJAK_TELEGRAM_API_URL; polling unless webhooks."""
    assert settings.telegram_token is not None
    burst, period = overall_limit(settings.telegram_rate)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .concurrent_updates(True)  # chats in parallel; the channel serialises each chat
        # HTTP on aiohttp rather than PTB's httpx (bot/telegram/transport.py says why).
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connections=1))
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=burst,
                overall_time_period=period,
                max_retries=RATE_LIMITER_RETRIES,
            )
        )
    )
    if settings.telegram_api_url:
        api = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{api}/bot").base_file_url(f"{api}/file/bot")
    if settings.public_url:
        builder = builder.updater(None)  # updates arrive at Jejak's own HTTP server
    application = builder.build()
    channel.register(application)
    return application


def webhook_secret(settings: Settings) -> str:
    """The secret Telegram sends back with every webhook call: derived, so every process agrees."""
    assert settings.telegram_token is not None
    seed = f"jejak-webhook:{settings.telegram_token.get_secret_value()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:48]


def command_name(kind: CommandKind, language: str) -> str:
    """The Telegram command for a kind: its first one-word command word in that language."""
    words = [w.replace(" ", "") for w in COMMAND_WORDS[kind] if w.replace("_", "").isalnum()]
    english = kind.value.replace("_", "")
    if language == "en" and english in words:
        return english
    return words[0]


async def publish_commands(application: Application) -> None:
    """The command menu, in Indonesian by default and in English for English-speaking users."""
    for language in LANGUAGES:
        commands = [
            BotCommand(command_name(kind, language), t(language, f"help_{kind.value}")[:256])
            for kind in MENU
        ]
        await application.bot.set_my_commands(
            commands, language_code=None if language == DEFAULT_LANGUAGE else language
        )


def allowed_updates() -> list[str]:
    return list(Update.ALL_TYPES)
