"""Fuzz: random updates and webhooks of every kind never crash Jejak or touch another alumnus.

One `jejak run` serves Telegram (webhook) and WhatsApp against the fake servers on the sample
data. The demo alumnus (whose NISN, birth date and roster number the generator knows) may
answer, stop or erase; every other alumnus's rows must be exactly as they were, no request may
end in a server error and no exception may escape to the framework (aiohttp, python-telegram-
bot or asyncio). The CI runs 600 events; `JEJAK_FUZZ_EVENTS=10000 JEJAK_FUZZ_SEED=… pytest
tests/test_fuzz_inbound.py` runs more (the README gives the last long run).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from fakes.jejak_run import start_bot, stop_bot
from fakes.ports import TELEGRAM_TOKEN, free_port
from fakes.telegram_api import FakeTelegram
from fakes.twilio_api import FakeTwilio
from fuzzing import (
    Tally,
    poster,
    random_callback,
    random_text,
    raw_telegram_bodies,
    snapshot,
)
from rich.console import Console

from bot.cli import sample
from bot.services import create_services
from bot.telegram.app import WEBHOOK_PATH, webhook_secret
from config.settings import Settings
from storage import migrate
from storage.access import invitations

EVENTS = int(os.environ.get("JEJAK_FUZZ_EVENTS", "600"))
SEED = int(os.environ.get("JEJAK_FUZZ_SEED", "20261207"))
DEMO_PHONE = "+6281260000001"  # the demo alumnus's roster number (config/samples/roster_smk.csv)
# Every kind of event the run sends, with how often (relative weights).
KINDS = {
    "tg_text": 30,
    "tg_media": 6,
    "tg_press": 10,
    "tg_edit": 3,
    "tg_group": 3,
    "tg_block": 1,
    "tg_raw": 5,
    "wa_text": 25,
    "wa_media": 4,
    "wa_button": 4,
    "wa_replay": 3,
    "wa_raw": 6,
}
# Where an exception that nobody handled shows: aiohttp's "Error handling request" (a 500),
# python-telegram-bot's own error logging, asyncio's lost task exceptions, and the last-resort
# handlers of Jejak's two channels ("telegram update … failed", "whatsapp message … failed").
UNHANDLED = ("aiohttp", "asyncio", "telegram.ext", "bot.telegram.channel", "bot.whatsapp.channel")


class Collector(logging.Handler):
    """Every record at ERROR or above, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[FakeTelegram, FakeTwilio, Settings, Path, dict[str, str]]]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("TWILIO_REGION", "TWILIO_EDGE"):
        monkeypatch.delenv(name, raising=False)
    telegram = FakeTelegram(TELEGRAM_TOKEN)
    twilio = FakeTwilio()
    await telegram.start()
    await twilio.start()
    db = tmp_path / "jejak.db"
    port = free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=telegram.api_url,
        twilio_account_sid=twilio.account_sid,
        twilio_auth_token=twilio.auth_token,
        twilio_whatsapp_from=twilio.sender_address.removeprefix("whatsapp:"),
        twilio_api_url=twilio.url,
        public_url=f"http://127.0.0.1:{port}",
        http_host="127.0.0.1",
        http_port=port,
    )
    twilio.set_webhook(f"http://127.0.0.1:{port}/whatsapp/inbound")
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    await sample.load(services, Console(file=io.StringIO()))
    async with services.sessions() as session, session.begin():
        lines = await invitations.ensure_invitations(session, 1, now=datetime.now(UTC))
    await services.aclose()
    tokens = {line.nisn: line.token for line in lines}
    try:
        yield telegram, twilio, settings, db, tokens
    finally:
        await twilio.stop()
        await telegram.stop()


async def test_random_traffic_never_crashes_and_never_touches_another_alumnus(
    world: tuple[FakeTelegram, FakeTwilio, Settings, Path, dict[str, str]],
) -> None:
    telegram, twilio, settings, db, tokens = world
    rng = random.Random(SEED)
    demo_id = _alumnus_id(db, sample.DEMO_NISN)
    before = snapshot(db, {demo_id})
    collector = Collector()
    logging.getLogger().addHandler(collector)
    stop, task = await start_bot(settings)
    tally = Tally()
    try:
        async with aiohttp.ClientSession() as http:
            post = poster(http, settings.public_url or "")
            await _fuzz(rng, telegram, twilio, settings, tokens, post, tally)
            await telegram.wait_quiet(0.3, timeout=120)
            await twilio.wait_for(lambda: True, timeout=1)
            await asyncio.sleep(0.5)  # WhatsApp turns run after Twilio has its 200
            # Still serving: a stranger who writes now is asked for their NISN (after whatever
            # the rate limiter still holds back: the wait is for a stuck bot, not a slow one).
            await telegram.user_text(799_999, "Halo")
            asked = await telegram.wait_reply(799_999, 1, timeout=120)
            assert "NISN" in (asked[0].text or "")
    finally:
        await stop_bot(stop, task)
        logging.getLogger().removeHandler(collector)

    unhandled = [r for r in collector.records if r.name.startswith(UNHANDLED)]
    assert not unhandled, [f"{r.name}: {r.getMessage()} {r.exc_info!r}" for r in unhandled[:5]]
    webhook_failures = [d for d in telegram.webhook_deliveries if (d.status or 0) >= 500]
    assert not webhook_failures, webhook_failures[:3]
    inbound_failures = [d for d in twilio.inbound_deliveries if (d.status or 0) >= 500]
    assert not inbound_failures, inbound_failures[:3]
    assert not [s for s in tally.statuses if s >= 500], tally.statuses
    assert snapshot(db, {demo_id}) == before, "another alumnus's data changed"
    assert set(tally.by_kind) == set(KINDS), "a kind of event was never sent: raise EVENTS"
    assert {400, 403} <= set(tally.statuses), "garbage and unsigned posts were not refused"
    print(f"fuzz: {tally.events} events, seed {SEED}, raw statuses {tally.statuses}")
    print(f"fuzz: by kind {dict(sorted(tally.by_kind.items()))}")


def _alumnus_id(db: Path, nisn: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT id FROM alumni WHERE nisn = ?", (nisn,)).fetchone()[0])


async def _fuzz(
    rng: random.Random,
    telegram: FakeTelegram,
    twilio: FakeTwilio,
    settings: Settings,
    tokens: dict[str, str],
    post: object,
    tally: Tally,
) -> None:
    """Send EVENTS random events, pausing every 40 for the bot to catch up."""
    chats = [710_000 + i for i in range(12)]
    phones = [DEMO_PHONE] + [f"+62812{rng.randint(10_000_000, 99_999_999)}" for _ in range(6)]
    demo_token = tokens[sample.DEMO_NISN]
    secret = webhook_secret(settings)
    for n in range(EVENTS):
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        tally.count(kind)
        chat = rng.choice(chats)
        phone = rng.choice(phones)
        if kind == "tg_text":
            text = f"/start {demo_token}" if rng.random() < 0.03 else random_text(rng)
            await telegram.user_text(chat, text or ".", language_code=rng.choice(["id", "en"]))
        elif kind == "tg_media":
            await _telegram_media(rng, telegram, chat)
        elif kind == "tg_press":
            await _telegram_press(rng, telegram, chat)
        elif kind == "tg_edit":
            mine = [m for m in telegram.user_messages(chat) if "text" in m]
            if mine:
                await telegram.user_edit(chat, rng.choice(mine)["message_id"], random_text(rng))
        elif kind == "tg_group":
            await telegram.group_text(-100_123_456, chat, random_text(rng) or "/statistik")
        elif kind == "tg_block":
            await (telegram.block(chat) if rng.random() < 0.5 else telegram.unblock(chat))
        elif kind == "tg_raw":
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            headers["Content-Type"] = "application/json"
            tally.status(await post(WEBHOOK_PATH, raw_telegram_bodies(rng), headers))
        elif kind == "wa_text":
            text = f"MULAI {demo_token}" if rng.random() < 0.03 else random_text(rng)
            await twilio.user_text(phone, text)
        elif kind == "wa_media":
            await twilio.user_media(phone, rng.choice(["image/jpeg", "audio/ogg", "text/vcard"]))
        elif kind == "wa_button":
            await twilio.user_button(phone, random_callback(rng, []), random_text(rng)[:20])
        elif kind == "wa_replay":
            sent = twilio.inbound_deliveries
            if sent:
                await twilio.redeliver(rng.choice(sent).message_sid)
        elif kind == "wa_raw":
            tally.status(await _whatsapp_raw(rng, twilio, settings, post))
        if n % 40 == 39:
            await telegram.wait_quiet(0.05, timeout=60)


async def _telegram_media(rng: random.Random, telegram: FakeTelegram, chat: int) -> None:
    choice = rng.randrange(6)
    if choice == 0:
        await telegram.user_sticker(chat)
    elif choice == 1:
        await telegram.user_photo(chat)
    elif choice == 2:
        await telegram.user_voice(chat)
    elif choice == 3:
        await telegram.user_location(chat, rng.uniform(-90, 90), rng.uniform(-180, 180))
    elif choice == 4:
        await telegram.user_document(chat)
    else:
        await telegram.user_contact(chat, "+6281234567890")


async def _telegram_press(rng: random.Random, telegram: FakeTelegram, chat: int) -> None:
    """A press on a message Jejak sent in this chat, with its own, old or forged data."""
    sent = telegram.messages(chat)
    if not sent:
        return
    message = rng.choice(sent)
    seen = [
        str(button["callback_data"])
        for m in sent
        for row in m.inline_keyboard
        for button in row
        if "callback_data" in button
    ]
    data = random_callback(rng, seen)
    await telegram.user_press(chat, message.message_id, data, check=False)


async def _whatsapp_raw(
    rng: random.Random, twilio: FakeTwilio, settings: Settings, post: object
) -> int:
    """A request Twilio would never send: signed with absurd parameters, or unsigned garbage."""
    url = f"{settings.public_url}/whatsapp/" + rng.choice(["inbound", "status"])
    params = {
        rng.choice(["From", "Body", "MessageSid", "NumMedia", "MessageStatus", "ErrorCode", "X"]): (
            random_text(rng)
        )
        for _ in range(rng.randint(0, 6))
    }
    if rng.random() < 0.5:
        params.setdefault("MessageSid", "SM" + "".join(rng.choices("0123456789abcdef", k=32)))
        params.setdefault("From", rng.choice(["whatsapp:+62", "whatsapp:abc", "+6281", ""]))
    path = url.removeprefix(settings.public_url or "")
    roll = rng.random()
    if roll < 0.6:
        body = urlencode(params).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio.signature(url, params),
        }
    elif roll < 0.8:
        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
        headers = {
            "Content-Type": rng.choice(
                ["multipart/form-data; boundary=x", "multipart/form-data", "application/json"]
            ),
            "X-Twilio-Signature": twilio.signature(url, {}),
        }
    else:
        body = urlencode(params).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}  # unsigned
    return await post(path, body, headers)
