"""The README's way to try WhatsApp without an account (tests/fakes/try_whatsapp.py) works."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.try_whatsapp import DEMO_PHONE, converse
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from config.settings import Settings
from storage import migrate


async def lines(*texts: str) -> AsyncIterator[str]:
    for text in texts:
        yield text


async def test_the_demo_alumnus_answers_on_the_fake_whatsapp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    db = tmp_path / "jejak.db"  # as `jejak demo` leaves it
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}")
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    await sample.load(services, Console(file=io.StringIO()))
    await services.aclose()

    shown: list[str] = []
    await converse(db, DEMO_PHONE, lines("Halo", "21-04-2007", "ya", "/as +6281999999999", "Hi"),
                   shown.append)  # fmt: skip
    assert "tanggal lahir" in shown[0]  # the roster knows the number: birth date, please
    first_question = shown[2]  # consent given ("ya"): the first question and how to answer it
    # (the demo alumnus's name is on the roster: offered to confirm, 1 or 2)
    assert any(how in first_question for how in ("Ketik jawaban", "Balas dengan angka", "Balas 1"))
    assert "(you are now +6281999999999)" in shown
    assert "NISN" in shown[-1]  # an unknown number is asked who they are
