"""Jejak's HTTP server under strain: malformed Telegram webhook bodies."""

from __future__ import annotations

import json
import logging
from typing import Any

import aiohttp
import pytest

from bot.run import SECRET_HEADER
from bot.telegram.app import WEBHOOK_PATH, webhook_secret

SECRET_WORD = "rahasia-isi"  # stands for content that must never reach the log
# Valid JSON, but not an update: Telegram never sends these; someone holding the secret might.
NOT_UPDATES: list[Any] = [
    [1, 2],
    5,
    SECRET_WORD,
    None,
    {},
    {"update_id": SECRET_WORD},
    {"update_id": 1, "message": 5},
    {"update_id": 1, "message": {"chat": 3, "text": SECRET_WORD}},
    {"update_id": 1, "message": []},
]


async def test_a_webhook_body_that_is_no_update_gets_400_and_one_log_line(  # type: ignore[no-untyped-def]
    running, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await running(public=True)
    caplog.set_level(logging.INFO)
    url = f"http://127.0.0.1:{bot.settings.http_port}{WEBHOOK_PATH}"
    headers = {SECRET_HEADER: webhook_secret(bot.settings), "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        for body in NOT_UPDATES:
            async with http.post(url, data=json.dumps(body), headers=headers) as response:
                assert response.status == 400, body
    refused = [r for r in caplog.records if "unreadable update" in r.getMessage()]
    assert len(refused) == len(NOT_UPDATES)
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere
    assert SECRET_WORD not in caplog.text
    # Real updates still go through.
    await bot.fake.user_command(5020, "/start")
    assert "NISN" in ((await bot.fake.wait_reply(5020))[-1].text or "")
