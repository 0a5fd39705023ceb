"""Bodies Twilio never sends, at Jejak's WhatsApp webhooks: 400 and one log line, no traceback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from fakes.jejak_run import start_bot, stop_bot, whatsapp_settings
from fakes.twilio_api import FakeTwilio

from bot.whatsapp.channel import INBOUND_PATH, STATUS_PATH
from config.settings import Settings
from storage import migrate

NISN = "0071234567"
# (Content-Type, body): broken multipart of every kind, and a form that is not UTF-8.
GARBAGE = [
    ("multipart/form-data; boundary=abc", b"garbage"),
    ("multipart/form-data", b"--abc\r\n\r\n"),  # no boundary at all
    ("multipart/form-data; boundary=abc", f"--abc\r\nno header\r\n\r\nBody={NISN}".encode()),
    ("multipart/form-data; boundary=abc", f"--abc\r\n\r\n{NISN}\r\n--abc--\r\n".encode()),
    ("application/x-www-form-urlencoded", b"\xff\xfe=" + NISN.encode()),
]


@pytest.fixture
async def jejak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Settings]:
    """`jejak run` with only WhatsApp, on an empty migrated database."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)
    async with FakeTwilio() as fake:
        settings = whatsapp_settings(fake, tmp_path / "jejak.db")
        await asyncio.to_thread(migrate.upgrade, settings.database)
        stop, task = await start_bot(settings, scheduler=False)
        try:
            yield settings
        finally:
            await stop_bot(stop, task)


@pytest.mark.parametrize("path", [INBOUND_PATH, STATUS_PATH], ids=["inbound", "status"])
async def test_a_garbage_body_gets_400_and_one_log_line(
    jejak: Settings, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    url = f"{jejak.public_url}{path}"
    async with aiohttp.ClientSession() as http:
        for content_type, body in GARBAGE:
            headers = {"Content-Type": content_type, "X-Twilio-Signature": "forged"}
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == 400, (content_type, body)
    refused = [r for r in caplog.records if "unreadable body" in r.getMessage()]
    assert len(refused) == len(GARBAGE)
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere
    assert NISN not in caplog.text  # nor the body's content


async def test_a_signed_message_whose_num_media_is_no_number_is_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Found by the fuzz run: int(NumMedia) raised, and the sender got "something went wrong".
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    caplog.set_level(logging.INFO)
    phone = "+6281299990001"
    async with FakeTwilio() as fake:
        settings = whatsapp_settings(fake, tmp_path / "jejak.db")
        await asyncio.to_thread(migrate.upgrade, settings.database)
        stop, task = await start_bot(settings, scheduler=False)
        try:
            url = f"{settings.public_url}{INBOUND_PATH}"
            params = {"MessageSid": "SM" + "7" * 32, "From": f"whatsapp:{phone}",
                      "To": fake.sender_address, "AccountSid": fake.account_sid,
                      "Body": "Halo", "NumMedia": "dua"}  # fmt: skip
            headers = {"X-Twilio-Signature": fake.signature(url, params)}
            async with (
                aiohttp.ClientSession() as http,
                http.post(url, data=params, headers=headers) as response,
            ):
                assert response.status == 200
            [asked] = await fake.wait_for(lambda: fake.messages(phone), timeout=10)
        finally:
            await stop_bot(stop, task)
    assert "NISN" in asked.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
