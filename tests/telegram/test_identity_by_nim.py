"""A university's graduate identifies with NIM and birth date, on Telegram, and completes the
national questionnaire (issue #16 §2); where there are only universities, the bot asks for the NIM.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from fakes.jejak_run import Bot, start_bot, stop_bot
from fakes.jejak_run import say as type_text
from fakes.ports import TELEGRAM_TOKEN, free_port
from fakes.telegram_api import FakeTelegram
from rich.console import Console
from walkers import typed_answer

from bot.alumni.identity import mask_name
from bot.cli import sample
from bot.services import create_services
from config.settings import Settings
from storage import migrate


@pytest.fixture
async def campus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    """`jejak run` against the fake Bot API, with the sample university alone."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeTelegram(TELEGRAM_TOKEN)
    await fake.start()
    db = tmp_path / "jejak.db"
    port = free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=fake.api_url,
        http_host="127.0.0.1",
        http_port=port,
    )
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    await sample.load(services, Console(file=io.StringIO()), codes=[sample.UNIVERSITY_CODE])
    await services.aclose()
    stop, task = await start_bot(settings)
    try:
        yield Bot(fake, db, settings, {}, stop, task)
    finally:
        await stop_bot(stop, task)
        await fake.stop()


async def answer_to_the_end(bot: Bot, chat: int, nim: str) -> None:
    """From the first question to the completed message, typing every answer."""
    for _ in range(150):
        if bot.rows("SELECT count(*) FROM responses WHERE status = 'completed'")[0][0]:
            return
        last = bot.fake.last_message(chat)
        if any("@submit" in d for d in last.callback_data):
            await say(bot, chat, "kirim")
            continue
        if any(d.endswith("|@yes") for d in last.callback_data):  # the roster's value, offered
            await say(bot, chat, "ya")
            continue
        question = bot.question_at(nim)
        assert question is not None, bot.fake.format_transcript(chat)
        other = "Sebutkan" in (last.text or "")
        await say(bot, chat, "Lainnya" if other else typed_answer(question, {"nisn": nim}))
    raise AssertionError("the questionnaire did not end\n" + bot.fake.format_transcript(chat, 400))


async def say(bot: Bot, chat: int, text: str) -> str:
    """Type a message; the bot's last reply, once it has finished replying."""
    await type_text(bot, chat, text)
    return bot.fake.last_message(chat).text or ""


async def test_a_graduate_identifies_by_nim_and_completes_the_questionnaire(campus: Bot) -> None:
    bot, chat = campus, 7101
    (name, born), *_ = bot.rows(
        f"SELECT name, birth_date FROM alumni WHERE nisn = '{sample.DEMO_NIM}'"
    )
    day = datetime.fromisoformat(born).strftime("%d-%m-%Y")
    await bot.fake.user_command(chat, "/start")
    asked = (await bot.fake.wait_reply(chat))[-1].text or ""
    assert "ketik NIM Anda" in asked and "NISN" not in asked, asked
    assert "NIM ditulis seperti di kartu mahasiswa" in await say(bot, chat, "halo")
    # Typed as the graduate remembers it: lower case, spaces around.
    assert "tanggal lahir" in await say(bot, chat, f"  {sample.DEMO_NIM.lower()} ")
    wrong = await say(bot, chat, "01-01-1990")
    assert "NIM dan tanggal lahir itu tidak cocok" in wrong and "ketik NIM Anda" in wrong
    await say(bot, chat, sample.DEMO_NIM)
    confirm = await say(bot, chat, day)
    assert f"Apakah Anda {mask_name(name)}?" in confirm
    assert "setuju" in (await say(bot, chat, "ya")).lower()
    assert bot.rows("SELECT external_id FROM channel_identities") == [(str(chat),)]
    await answer_to_the_end(bot, chat, sample.DEMO_NIM)
    assert bot.rows("SELECT status FROM responses") == [("completed",)]


async def test_a_nim_with_leading_zeros_and_a_wrong_one_answer_alike(campus: Bot) -> None:
    bot = campus
    (nim, born), *_ = bot.rows(
        "SELECT nisn, birth_date FROM alumni WHERE nisn LIKE '0%' ORDER BY id"
    )
    day = datetime.fromisoformat(born).strftime("%d-%m-%Y")
    await say(bot, 7201, "Z99.2000.00001")  # nobody's NIM: the same words as a wrong date
    unknown = await say(bot, 7201, day)
    await say(bot, 7202, nim)
    known = await say(bot, 7202, "01-01-1990")
    assert unknown == known and "tidak cocok" in known
    await say(bot, 7203, nim)
    assert "Apakah Anda" in await say(bot, 7203, day)  # the zero is part of the NIM
