"""Fixtures for end-to-end Telegram tests: the fake Bot API and `jejak run` on the sample data."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.jejak_run import Bot, start_bot, stop_bot
from fakes.ports import TELEGRAM_TOKEN as TOKEN
from fakes.ports import free_port
from fakes.telegram_api import FakeTelegram
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from config.settings import Settings
from storage import migrate
from storage.access import invitations


@pytest.fixture
async def running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Callable[..., Awaitable[Bot]]]:
    """Start the fake Bot API and `jejak run` on a fresh SQLite file with the sample data."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    started: list[Bot] = []

    async def launch(
        public: bool = False, serve_options: dict[str, object] | None = None, **fake_options: object
    ) -> Bot:
        fake = FakeTelegram(TOKEN, **fake_options)
        await fake.start()
        db = tmp_path / "jejak.db"
        port = free_port()
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{db}",
            telegram_token=TOKEN,
            telegram_api_url=fake.api_url,
            http_host="127.0.0.1",
            http_port=port,
            public_url=f"http://127.0.0.1:{port}" if public else None,
        )
        await asyncio.to_thread(migrate.upgrade, settings.database)
        services = await create_services(settings)
        await sample.load(services, Console(file=io.StringIO()))
        lines = []
        async with services.sessions() as session, session.begin():
            for survey_id in (1, 2, 3):  # the sample SMK, BLK and university surveys
                lines += await invitations.ensure_invitations(
                    session, survey_id, now=datetime.now(UTC)
                )
        await services.aclose()
        options = dict(serve_options or {})
        stop, task = await start_bot(settings, **options)
        bot = Bot(
            fake, db, settings, {line.nisn: line.token for line in lines}, stop, task, options
        )
        started.append(bot)
        return bot

    yield launch
    for bot in started:
        if not bot.task.done():
            await stop_bot(bot.stop, bot.task)
        await bot.fake.stop()
