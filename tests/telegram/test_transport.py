"""Jejak's aiohttp transport for python-telegram-bot, driven through PTB's own Bot.

The end-to-end tests run every bot call through it already; these pin what they don't reach:
JSON bodies and files as multipart, PTB's errors from HTTP answers, and network failures and
timeouts.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from fakes.telegram_api import FakeTelegram
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.transport import AiohttpRequest

CHAT = 555_001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def limited() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(per_chat_rate=1) as server:  # Telegram's 1 message/s per chat
        yield server


def bot_for(fake: FakeTelegram, read_timeout: float = 5.0) -> Bot:
    return Bot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        request=AiohttpRequest(read_timeout=read_timeout),
        get_updates_request=AiohttpRequest(connections=1),
    )


async def test_text_and_a_file_arrive_as_sent(fake: FakeTelegram) -> None:
    await fake.user_text(CHAT, "halo")  # the chat exists, as when an alumnus wrote first
    async with bot_for(fake) as bot:
        button = InlineKeyboardButton("⬅️ Kembali", callback_data="q|abc|3|back")
        await bot.send_message(
            CHAT,
            "Halo & selamat <datang> ✓ 100%+ a=b",
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
        content = bytes(range(256)) * 40  # binary, with every byte value
        await bot.send_document(CHAT, content, filename="ekspor.xlsx", caption="Ekspor")
    first = fake.messages(CHAT)[0]
    assert first.text == "Halo & selamat <datang> ✓ 100%+ a=b"
    assert first.reply_markup == {
        "inline_keyboard": [[{"text": "⬅️ Kembali", "callback_data": "q|abc|3|back"}]]
    }
    [document] = fake.documents
    assert (document.filename, document.content, document.caption) == (
        "ekspor.xlsx",
        content,
        "Ekspor",
    )


async def test_telegrams_refusals_become_ptbs_errors(limited: FakeTelegram) -> None:
    fake = limited
    await fake.user_text(CHAT, "halo")
    async with bot_for(fake) as bot:
        await bot.send_message(CHAT, "satu")
        with pytest.raises(RetryAfter):  # a second message within the chat's 1/s
            await bot.send_message(CHAT, "dua")
        await fake.block(CHAT)
        await asyncio.sleep(1.1)
        with pytest.raises(Forbidden):
            await bot.send_message(CHAT, "tiga")


async def test_a_server_that_is_not_there_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()


async def test_a_server_that_never_answers_times_out() -> None:
    release = asyncio.Event()

    async def stall(_request: web.Request) -> web.Response:
        await release.wait()
        return web.Response()

    app = web.Application()
    app.router.add_post("/{tail:.*}", stall)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        release.set()
        await request.shutdown()
        await runner.cleanup()


async def test_it_refuses_to_work_before_it_is_initialized() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:1/x", "POST")
