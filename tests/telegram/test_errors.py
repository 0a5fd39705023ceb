"""One reading of every Telegram refusal, for conversation replies, scheduled and staff messages.

A table of python-telegram-bot's own exceptions, built as PTB builds them from an API answer
(the "Bad Request: " prefix is PTB's to strip), and what each means for the sender.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram.errors import Outcome, SendError, classify, quietly

CASES: list[tuple[str, TelegramError, SendError]] = [
    (
        "blocked by the user",
        Forbidden("Forbidden: bot was blocked by the user"),
        SendError(Outcome.BLOCKED, "Forbidden"),
    ),
    (
        "never opened the bot",
        Forbidden("Forbidden: bot can't initiate conversation with a user"),
        SendError(Outcome.BLOCKED, "Forbidden"),
    ),
    (
        "account deleted (403)",
        Forbidden("Forbidden: user is deactivated"),
        SendError(Outcome.BLOCKED, "Forbidden"),
    ),
    (
        "chat not found",
        BadRequest("Bad Request: chat not found"),
        SendError(Outcome.BLOCKED, "ChatGone"),
    ),
    (
        "chat not found, no prefix",
        BadRequest("Chat not found"),
        SendError(Outcome.BLOCKED, "ChatGone"),
    ),
    (
        "group deactivated",
        BadRequest("Bad Request: group chat was deactivated"),
        SendError(Outcome.BLOCKED, "ChatGone"),
    ),
    (
        "kicked from a group",
        BadRequest("Bad Request: bot was kicked from the group chat"),
        SendError(Outcome.BLOCKED, "ChatGone"),
    ),
    (
        "muted in a group",
        BadRequest("Bad Request: have no rights to send a message"),
        SendError(Outcome.BLOCKED, "ChatGone"),
    ),
    (
        "broken HTML",
        BadRequest("Bad Request: can't parse entities: unsupported start tag"),
        SendError(Outcome.BAD_REQUEST, "BadRequest"),
    ),
    (
        "too long",
        BadRequest("Bad Request: message is too long"),
        SendError(Outcome.BAD_REQUEST, "BadRequest"),
    ),
    (
        "group moved to a supergroup",
        ChatMigrated(-1001234),
        SendError(Outcome.BAD_REQUEST, "ChatMigrated"),
    ),
    (
        "flood control",
        RetryAfter(timedelta(seconds=7)),
        SendError(Outcome.RETRY_AFTER, "RetryAfter", retry_after=7.0),
    ),
    ("timed out", TimedOut(), SendError(Outcome.NETWORK, "TimedOut")),
    (
        "bad gateway",
        NetworkError("Bad Gateway"),
        SendError(Outcome.NETWORK, "NetworkError"),
    ),
    (
        "conflict",
        Conflict("Conflict: terminated by other getUpdates request"),
        SendError(Outcome.NETWORK, "Conflict"),
    ),
    ("token revoked", InvalidToken(), SendError(Outcome.NETWORK, "InvalidToken")),
    ("anything else", TelegramError("Something new"), SendError(Outcome.NETWORK, "TelegramError")),
]


@pytest.mark.parametrize(("error", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_refusal_means_one_thing(error: TelegramError, expected: SendError) -> None:
    assert classify(error) == expected


def test_a_bad_request_is_never_read_as_a_network_error() -> None:
    # PTB's BadRequest subclasses NetworkError: retrying a malformed message would never end.
    refused = BadRequest("Bad Request: message text is empty")
    assert isinstance(refused, NetworkError)
    assert classify(refused).outcome is Outcome.BAD_REQUEST


def test_every_outcome_is_in_the_table() -> None:
    assert {expected.outcome for _, _, expected in CASES} == set(Outcome)


async def test_a_cosmetic_call_that_telegram_refuses_is_swallowed() -> None:
    async def refused() -> None:
        raise BadRequest("Bad Request: message is not modified")

    async def broken() -> None:
        raise RuntimeError("a bug, not Telegram")

    await quietly(refused())  # no exception: the turn goes on
    with pytest.raises(RuntimeError, match="a bug"):
        await quietly(broken())
