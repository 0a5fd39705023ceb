"""`jejak run` as an operator starts it: a real process, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from fakes.ports import TELEGRAM_TOKEN as TOKEN
from fakes.ports import free_port
from fakes.telegram_api import FakeTelegram

from storage import migrate

JEJAK = Path(sys.executable).with_name("jejak")


async def test_jejak_run_serves_then_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    port = free_port()
    async with FakeTelegram(TOKEN) as fake:
        env = {
            **os.environ,
            "NO_PROXY": "127.0.0.1,localhost",
            "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
            "JEJAK_TELEGRAM_TOKEN": TOKEN,
            "JEJAK_TELEGRAM_API_URL": fake.api_url,
            "JEJAK_HTTP_HOST": "127.0.0.1",
            "JEJAK_HTTP_PORT": str(port),
            "JEJAK_LANGUAGE": "en",
        }
        process = await asyncio.create_subprocess_exec(
            str(JEJAK), "run", env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            health = None
            async with aiohttp.ClientSession() as http:
                for _ in range(100):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                            health = await response.json()
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
            assert health == {"status": "ok", "telegram": "polling", "whatsapp": "off"}
            await fake.user_command(7001, "/start")
            assert "NISN" in ((await fake.wait_reply(7001, timeout=10))[-1].text or "")
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 0, err.decode()
    assert "Jejak is running" in out.decode()
    assert out.decode().startswith(f"Database: {db}\n")  # where it runs on, said first
    assert TOKEN not in out.decode() + err.decode()  # the token is never printed


@pytest.mark.parametrize("token", ["", "not-a-token"])
async def test_jejak_run_refuses_a_missing_or_bad_token_clearly(tmp_path: Path, token: str) -> None:
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    async with FakeTelegram(TOKEN) as fake:
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "JEJAK_LANGUAGE": "en",
               "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
               "JEJAK_TELEGRAM_API_URL": fake.api_url, "JEJAK_TELEGRAM_TOKEN": token}  # fmt: skip
        if not token:
            env.pop("JEJAK_TELEGRAM_TOKEN")
        process = await asyncio.create_subprocess_exec(
            str(JEJAK), "run", env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 30)
    shown = " ".join(err.decode().split())
    assert process.returncode == 1, out.decode() + err.decode()
    assert "JEJAK_TELEGRAM_TOKEN" in shown and "Traceback" not in shown


@pytest.mark.parametrize("api_url", ["http//127.0.0.1:1", "127.0.0.1:8081", "http://127.0.0.1:1"])
async def test_a_bad_bot_api_url_is_named_and_the_token_never_shown(
    tmp_path: Path, api_url: str
) -> None:
    # A mistyped URL made the Telegram client fail with the request URL, token inside, in a
    # traceback; a URL where nothing answers did the same after the token went into the URL.
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "JEJAK_LANGUAGE": "en",
           "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "JEJAK_TELEGRAM_TOKEN": TOKEN,
           "JEJAK_TELEGRAM_API_URL": api_url, "JEJAK_LOG_LEVEL": "DEBUG",
           "JEJAK_HTTP_HOST": "127.0.0.1", "JEJAK_HTTP_PORT": str(free_port())}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        str(JEJAK), "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 30)
    shown = out.decode() + err.decode()
    assert process.returncode in (1, 2), shown
    assert TOKEN not in shown and TOKEN.split(":")[1] not in shown
    assert "JEJAK_TELEGRAM_API_URL" in " ".join(err.decode().split())
    assert "Traceback" not in shown
