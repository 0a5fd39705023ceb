"""`jejak run` as an operator starts it: a real process, stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from fakes.ports import TELEGRAM_TOKEN as TOKEN
from fakes.ports import free_port
from fakes.telegram_api import FakeTelegram
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from config.settings import Settings
from storage import migrate
from storage.access.invitations import ensure_invitations

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


def run_env(db: Path, api_url: str, port: int, token: str = TOKEN) -> dict[str, str]:
    """`jejak run` polling `api_url` with `token`, HTTP on 127.0.0.1:`port`, messages in English."""
    return {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "JEJAK_LANGUAGE": "en",
            "JEJAK_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "JEJAK_TELEGRAM_TOKEN": token,
            "JEJAK_TELEGRAM_API_URL": api_url, "JEJAK_HTTP_HOST": "127.0.0.1",
            "JEJAK_HTTP_PORT": str(port)}  # fmt: skip


async def jejak_run(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(JEJAK), "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def read_lines(stream: asyncio.StreamReader, count: int, timeout: float) -> list[str]:
    """The next `count` lines of a child's output (fewer if it ends first)."""
    lines: list[str] = []
    async with asyncio.timeout(timeout):
        while len(lines) < count and (line := await stream.readline()):
            lines.append(line.decode())
    return lines


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
async def test_an_unreachable_telegram_is_one_line_a_retry_and_a_signal_stops_it(
    tmp_path: Path, sig: signal.Signals
) -> None:
    # The operator's network is down (or a proxy blocks Telegram): nothing listens at the API.
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    process = await jejak_run(tmp_path, run_env(db, f"http://127.0.0.1:{free_port()}", free_port()))
    try:
        assert process.stderr is not None
        first, second = await read_lines(process.stderr, 2, timeout=40)
        process.send_signal(sig)
        started = time.monotonic()
        out, err = await asyncio.wait_for(process.communicate(), 10)
        took = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    # One line per attempt naming what failed and what to check, waits doubling between them.
    assert first.startswith("Telegram cannot be reached (127.0.0.1:"), first
    assert "network, proxy" in first and "trying again in 2 s" in first
    assert "trying again in 4 s" in second
    assert "Traceback" not in err.decode() and len(err.decode().splitlines()) <= 1, err.decode()
    assert "Jejak is running" not in out.decode()
    assert process.returncode in (0, 130)
    assert took < 3, f"stopping took {took:.1f} s"


async def test_telegram_back_after_a_failed_start_then_jejak_runs(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    async with FakeTelegram(TOKEN) as fake:
        fake.fail_next("getMe", 502)  # Telegram's gateway is down for the first attempt
        process = await jejak_run(tmp_path, run_env(db, fake.api_url, free_port()))
        try:
            assert process.stderr is not None and process.stdout is not None
            (notice,) = await read_lines(process.stderr, 1, timeout=40)
            assert "Telegram cannot be reached" in notice and "(127.0.0.1:" in notice
            # "Database: …" first, then "Jejak is running …" once Telegram answered.
            started = await read_lines(process.stdout, 2, timeout=20)
            assert "Jejak is running" in started[-1], started
            await fake.user_command(7002, "/start")
            assert "NISN" in ((await fake.wait_reply(7002, timeout=10))[-1].text or "")
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert len(fake.requests_for("getMe")) == 2
    assert process.returncode == 0


async def test_a_token_telegram_refuses_is_not_retried(tmp_path: Path) -> None:
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    wrong = "999999:WRONG-TOKEN-xyz"
    async with FakeTelegram(TOKEN) as fake:  # answers 401 Unauthorized to any other token
        env = run_env(db, fake.api_url, free_port(), token=wrong)
        process = await jejak_run(tmp_path, env)
        out, err = await asyncio.wait_for(process.communicate(), 30)
        assert len(fake.requests) == 1  # one getMe, no retry
    shown = " ".join(err.decode().split())
    assert process.returncode == 1, out.decode() + err.decode()
    assert shown.startswith("Telegram refused the bot token (InvalidToken)")
    assert "JEJAK_TELEGRAM_TOKEN" in shown and "Traceback" not in shown
    assert wrong not in out.decode() + err.decode()


async def test_a_port_in_use_is_named_and_nothing_starts(tmp_path: Path) -> None:
    # Another `jejak run` (or any program) already listens on the port.
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FakeTelegram(TOKEN) as fake:
            process = await jejak_run(tmp_path, run_env(db, fake.api_url, port))
            out, err = await asyncio.wait_for(process.communicate(), 30)
            assert fake.requests == []  # no bot started: not even a getMe
    shown = " ".join(err.decode().split())
    assert process.returncode == 1, out.decode() + err.decode()
    assert f"HTTP port 127.0.0.1:{port} is already in use" in shown
    assert "JEJAK_HTTP_PORT" in shown
    assert "database" not in shown and "Traceback" not in shown


async def test_the_proxy_in_https_proxy_is_used_to_reach_telegram(tmp_path: Path) -> None:
    # A school network reaches Telegram only through its proxy, set as HTTP(S)_PROXY.
    db = tmp_path / "jejak.db"
    await asyncio.to_thread(migrate.upgrade, f"sqlite+aiosqlite:///{db}")
    async with FakeTelegram(TOKEN) as fake:
        env = run_env(db, fake.api_url, free_port())
        for name in ("http_proxy", "https_proxy", "no_proxy"):
            env.pop(name, None)
        env |= {"HTTP_PROXY": f"http://127.0.0.1:{free_port()}", "NO_PROXY": ""}  # proxy is down
        process = await jejak_run(tmp_path, env)
        try:
            assert process.stderr is not None
            (notice,) = await read_lines(process.stderr, 1, timeout=40)
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.communicate(), 10)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        assert fake.requests == []  # everything went to the proxy
    assert "Telegram cannot be reached" in notice and "ClientProxyConnectionError" in notice


async def test_a_reply_a_killed_process_never_sent_goes_at_the_next_start_once(
    tmp_path: Path,
) -> None:
    """kill -9 after the turn's commit, before its reply went (the Bot API failed the first
    try and the bot was waiting to try again): the next `jejak run` sends that reply, once."""
    db = tmp_path / "jejak.db"
    url = f"sqlite+aiosqlite:///{db}"
    await asyncio.to_thread(migrate.upgrade, url)
    port = free_port()
    chat = 7002
    async with FakeTelegram(TOKEN) as fake:
        env = {
            **os.environ,
            "NO_PROXY": "127.0.0.1,localhost",
            "JEJAK_DATABASE_URL": url,
            "JEJAK_TELEGRAM_TOKEN": TOKEN,
            "JEJAK_TELEGRAM_API_URL": fake.api_url,
            "JEJAK_HTTP_HOST": "127.0.0.1",
            "JEJAK_HTTP_PORT": str(port),
        }
        services = await create_services(Settings(database_url=url, telegram_token=TOKEN))
        try:
            await sample.load(services, Console(file=io.StringIO()))
            async with services.sessions() as session, session.begin():
                lines = await ensure_invitations(session, 1, now=datetime.now(UTC))
        finally:
            await services.aclose()
        token = next(line.token for line in lines if line.nisn == sample.DEMO_NISN)

        async def start() -> asyncio.subprocess.Process:
            process = await asyncio.create_subprocess_exec(
                str(JEJAK), "run", env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            async with aiohttp.ClientSession() as http:
                for _ in range(150):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz"):
                            return process
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
            raise AssertionError("jejak run did not start")

        def stored() -> int:
            with sqlite3.connect(db) as conn:
                return int(conn.execute("SELECT count(*) FROM pending_replies").fetchone()[0])

        process = await start()
        try:
            fake.fail_next("sendMessage", 502, chat_id=chat)  # the consent message's first try
            await fake.user_command(chat, "/start", args=token)
            for _ in range(200):
                if stored():
                    break
                await asyncio.sleep(0.02)
            process.kill()  # waiting 1 s to try again: the reply is stored, not sent
            await process.wait()
            assert stored() == 1 and fake.messages(chat) == []
            await asyncio.sleep(5)  # older than a running process's reply on its way
            process = await start()
            [consent] = await fake.wait_reply(chat, timeout=10)
            assert "setuju" in (consent.text or "").lower() and consent.callback_data
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
            assert stored() == 0
            process = await start()  # and not once more
            await fake.wait_quiet(1.0)
            assert len(fake.messages(chat)) == 1
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


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
    before = ""
    if api_url.startswith("http://"):  # well formed, nothing answers: retried until stopped
        assert process.stderr is not None
        async with asyncio.timeout(40):  # the first notice: signal handlers are in place
            while "cannot be reached" not in before:
                line = await process.stderr.readline()
                assert line, before
                before += line.decode()
        process.send_signal(signal.SIGTERM)
    out, rest = await asyncio.wait_for(process.communicate(), 30)
    err = before.encode() + rest
    shown = out.decode() + err.decode()
    assert process.returncode in (0, 1, 2, 130), shown
    assert TOKEN not in shown and TOKEN.split(":")[1] not in shown
    assert "JEJAK_TELEGRAM_API_URL" in " ".join(err.decode().split())
    assert "Traceback" not in shown
