"""Jejak's HTTP server under strain: malformed Telegram webhook bodies, a database gone away."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fakes.jejak_run import start_bot, stop_bot
from fakes.ports import TELEGRAM_TOKEN as TOKEN
from fakes.ports import free_port
from fakes.tcp_proxy import TcpProxy
from fakes.telegram_api import FakeTelegram
from sqlalchemy.engine import make_url

from bot.run import HEALTH_TIMEOUT, SECRET_HEADER, serve
from bot.telegram.app import WEBHOOK_PATH, webhook_secret
from config.settings import Settings
from storage import migrate

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
    # PTB reads these without complaint; a handler would fail on them after the 200 (the fuzz
    # run in tests/test_fuzz_inbound.py found them).
    {"update_id": 2, "message": {"message_id": 1, "date": 0, "text": SECRET_WORD}},
    {
        "update_id": 3,
        "message": {"message_id": 1, "date": 0, "chat": {"id": "x", "type": "private"}},
    },
    {"update_id": 4, "callback_query": {"id": "1", "chat_instance": "c", "data": SECRET_WORD}},
]


async def test_a_webhook_body_that_is_no_update_gets_400_and_one_log_line(
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


async def healthz(port: int) -> tuple[int, Any, float]:
    """/healthz's status, body and how long it took to answer."""
    started = time.monotonic()
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json(), time.monotonic() - started


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_healthz_says_503_while_the_database_is_gone_or_stalls(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    await asyncio.to_thread(migrate.upgrade, db_url)
    server = make_url(db_url)
    async with (
        TcpProxy(server.host or "127.0.0.1", server.port or 5432) as database,
        FakeTelegram(TOKEN) as fake,
    ):
        proxied = server.set(port=database.port).render_as_string(hide_password=False)
        settings = Settings(
            database_url=proxied, telegram_token=TOKEN, telegram_api_url=fake.api_url,
            http_host="127.0.0.1", http_port=free_port(),
        )  # fmt: skip
        stop, task = await start_bot(settings, scheduler=False)
        port = settings.http_port
        try:
            status, body, _ = await healthz(port)
            assert (status, body["status"]) == (200, "ok")
            unavailable = {"status": "error", "database": "unavailable"}
            await database.cut()  # the server is gone: connection refused
            status, body, took = await healthz(port)
            assert (status, body) == (503, unavailable)
            assert took < HEALTH_TIMEOUT + 1
            await database.hang()  # the server stalls: no answer at all
            status, body, took = await healthz(port)
            assert (status, body) == (503, unavailable)
            assert took < HEALTH_TIMEOUT + 1
            await database.restore()
            status, body, _ = await healthz(port)
            assert (status, body["status"]) == (200, "ok")
        finally:
            await database.restore()
            await stop_bot(stop, task)


async def probe(port: int, path: str) -> tuple[int, Any]:
    """A probe's status and JSON body."""
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def test_readyz_waits_for_start_up_and_refuses_a_schema_this_code_does_not_have(
    running,
) -> None:
    bot = await running(serve_options={"scheduler": False})  # no sweep writing meanwhile
    port = bot.settings.http_port
    assert await probe(port, "/readyz") == (200, {"status": "ready"})
    head = migrate.head()
    with sqlite3.connect(bot.db, timeout=30) as conn:  # `jejak db upgrade` ran for another version
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    status, body = await probe(port, "/readyz")
    assert (status, body) == (503, {"status": "error", "schema": "0001", "expected": head})
    assert (await probe(port, "/healthz"))[0] == 200  # alive: no reason to restart it
    with sqlite3.connect(bot.db, timeout=30) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (head,))
    assert await probe(port, "/readyz") == (200, {"status": "ready"})


async def test_readyz_says_starting_while_telegram_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    db = tmp_path / "jejak.db"
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}", telegram_token=TOKEN,
        telegram_api_url=f"http://127.0.0.1:{free_port()}/bot",  # nothing listens there
        http_host="127.0.0.1", http_port=free_port(),
    )  # fmt: skip
    await asyncio.to_thread(migrate.upgrade, settings.database)
    stop = asyncio.Event()
    notices: list[str] = []
    task = asyncio.create_task(serve(settings, stop, notice=notices.append))
    try:
        while not notices:  # start-up says it waits for Telegram once the port is bound
            assert not task.done(), task
            await asyncio.sleep(0.05)
        assert await probe(settings.http_port, "/readyz") == (503, {"status": "starting"})
        assert (await probe(settings.http_port, "/healthz"))[0] == 200
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
