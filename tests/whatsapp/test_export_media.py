"""/ekspor on WhatsApp: the XLSX itself, fetched by (fake) Twilio from an expiring URL of Jejak's.

`jejak run` against the fake Twilio as in test_whatsapp_e2e.py; the fake GETs each MediaUrl as
Twilio does and keeps what it got, so the workbook is opened here with openpyxl.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from fakes.jejak_run import start_bot, stop_bot, whatsapp_settings
from fakes.twilio_api import FakeTwilio
from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.cli import sample
from bot.services import create_services
from config.settings import Settings
from scheduler.clock import ManualClock
from scheduler.service import Sweeper
from storage import migrate
from storage.deliveries.media import (
    XLSX_TYPE,
    UndeliveredFile,
    carries_media,
    find_media,
    note_message,
    store_media,
    take_undelivered,
)
from storage.models import MediaFile, StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

STAFF_PHONE = "+6281399990042"
CLASS = "XII AKL 1"


@pytest.fixture(autouse=True)
def _local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)


@dataclass
class Running:
    fake: FakeTwilio
    db: Path
    settings: Settings

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    async def staff_types(self, text: str, replies: int) -> list[Any]:
        """The BKK member sends `text`; the bot's `replies` messages, once Twilio is done."""
        before = len(self.fake.messages(STAFF_PHONE))
        delivery = await self.fake.user_text(STAFF_PHONE, text)
        assert delivery.ok and delivery.empty_twiml, delivery
        sent = await self.fake.wait_messages(STAFF_PHONE, before + replies, timeout=15)
        await self.fake.callbacks_settled(timeout=15)  # the media are fetched by now
        await asyncio.sleep(0.1)  # nothing more comes
        assert len(self.fake.messages(STAFF_PHONE)) == before + replies
        return sent[before:]


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    """The sample data, a BKK member linked by WhatsApp number, `jejak run` with WhatsApp only."""
    fake = FakeTwilio()
    await fake.start()
    db = tmp_path / "jejak.db"
    settings = whatsapp_settings(fake, db)
    await asyncio.to_thread(migrate.upgrade, settings.database)
    services = await create_services(settings)
    try:
        await sample.load(services, Console(file=io.StringIO()))
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            now = datetime.now(UTC)
            member = await staff_repo.add_staff(
                session, "Bu Sari", StaffRole.BKK, [(school.id, None)], now
            )
            await staff_repo.link_person(session, member, "whatsapp", STAFF_PHONE, now)
    finally:
        await services.aclose()
    stop, task = await start_bot(settings, scheduler=False)
    try:
        yield Running(fake, db, settings)
    finally:
        await stop_bot(stop, task)
        await fake.stop()


async def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.read(), dict(response.headers)


async def test_ekspor_sends_the_workbook_itself(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot = running
    caption, document = await bot.staff_types(f"EKSPOR {CLASS}", replies=2)

    assert caption.media_urls == [] and "Ekspor" in caption.text
    [url] = document.media_urls
    assert url.startswith(bot.settings.public_url + "/media/")
    token, filename = url.removeprefix(bot.settings.public_url + "/media/").split("/")
    assert len(token) >= 43 and filename.startswith("ekspor-") and filename.endswith(".xlsx")
    [fetched] = document.media
    assert (fetched.status, fetched.content_type) == (200, XLSX_TYPE)
    assert fetched.content_disposition is not None and filename in fetched.content_disposition
    assert document.statuses[-1] == "delivered"

    sheet = load_workbook(io.BytesIO(fetched.content), read_only=True).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    nisn, group = header.index("alumni_nisn"), header.index("alumni_kelas")
    in_class = {
        row[0]
        for row in bot.rows(
            "SELECT a.nisn FROM alumni a JOIN class_groups c ON a.class_group_id = c.id "
            "JOIN surveys s ON s.institution_id = a.institution_id "
            f"WHERE s.id = 1 AND c.name = '{CLASS}' AND a.graduation_year = s.graduation_year"
        )
    }
    cohort = bot.rows(
        "SELECT count(*) FROM alumni a JOIN surveys s ON s.institution_id = a.institution_id "
        "WHERE s.id = 1 AND a.graduation_year = s.graduation_year"
    )[0][0]
    assert in_class and len(in_class) < cohort  # the class is a real part of the scope
    assert {row[nisn] for row in rows} == in_class and len(rows) == len(in_class)
    assert {row[group] for row in rows} == {CLASS}
    assert str(len(rows)) in caption.text

    # The URL, its token and the file name never reach a log line.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET /media/… 200" in logged  # the access log saw the fetch, without its path
    assert token not in logged and url not in logged


async def test_retried_staff_commands_answer_once(running: Running) -> None:
    """BELUM and EKSPOR whose webhook Twilio posts 3 times more: one list, one file."""
    bot = running
    for text, replies in ((f"BELUM {CLASS}", 1), (f"EKSPOR {CLASS}", 2)):
        before = len(bot.fake.messages(STAFF_PHONE))
        first = await bot.fake.user_text(STAFF_PHONE, text)
        for _ in range(3):
            assert (await bot.fake.redeliver(first.message_sid)).ok
        await bot.fake.wait_messages(STAFF_PHONE, before + replies, timeout=15)
        await bot.fake.callbacks_settled(timeout=15)
        await asyncio.sleep(0.5)
        assert len(bot.fake.messages(STAFF_PHONE)) == before + replies, text
    assert bot.rows("SELECT count(*) FROM media_files") == [(1,)]


async def test_unknown_misnamed_and_expired_files_are_404(running: Running) -> None:
    bot = running
    _, document = await bot.staff_types("EKSPOR", replies=2)
    [url] = document.media_urls
    base, token, filename = url.rsplit("/", 2)
    status, body, _ = await get(url)
    assert status == 200 and body == document.media[0].content  # still there: not one-time

    for wrong in (
        f"{base}/{'A' * len(token)}/{filename}",  # unknown token
        f"{base}/{token}/other.xlsx",  # the right token under another name
        f"{base}/{token[:-1]}/{filename}",  # not a token at all
    ):
        status, body, _ = await get(wrong)
        assert (status, body) == (404, b""), wrong

    with sqlite3.connect(bot.db) as conn:
        conn.execute("UPDATE media_files SET expires_at = '2000-01-01 00:00:00.000000'")
    status, body, _ = await get(url)
    assert (status, body) == (404, b"")


async def test_a_refused_file_tells_staff_to_use_jejak_export(running: Running) -> None:
    bot = running
    bot.fake.fail_next(status=400, code=21620, to=STAFF_PHONE, media=True)
    caption, apology = await bot.staff_types("EKSPOR", replies=2)
    assert "Ekspor" in caption.text
    assert apology.media_urls == [] and "jejak export" in apology.text
    assert "tidak dapat dikirim" in apology.text
    refused = [r for r in bot.fake.requests if r.code == 21620]
    assert len(refused) == 1


async def test_a_file_twilio_cannot_fetch_later_is_told_to_staff(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twilio accepts the message, fails to fetch the file (63019, by status callback): the
    staff member is told to take it with `jejak export`, once, however often Twilio reports it."""
    bot = running

    async def gone(*_args: Any) -> None:
        return None  # as if the file expired before Twilio came for it: a 404

    monkeypatch.setattr("bot.media.find_media", gone)
    caption, document, apology = await bot.staff_types("EKSPOR", replies=3)
    assert "Ekspor" in caption.text
    [fetched] = document.media
    assert fetched.status == 404 and document.statuses[-1] == "failed"
    assert apology.media_urls == [] and "jejak export" in apology.text
    assert "tidak dapat dikirim" in apology.text
    assert bot.rows("SELECT recipient FROM media_files") == [(None,)]  # told: forgotten
    # The same callback again (Twilio retries webhooks) tells nobody twice.
    [failed] = [
        c for c in bot.fake.callbacks_for(document.sid) if c.params["MessageStatus"] == "failed"
    ]
    assert failed.params["ErrorCode"] == "63019" and failed.status == 204
    headers = {"X-Twilio-Signature": failed.signature}
    async with (
        aiohttp.ClientSession() as client,
        client.post(failed.url, data=failed.params, headers=headers) as again,
    ):
        assert again.status == 204
    await asyncio.sleep(0.2)
    assert len(bot.fake.messages(STAFF_PHONE)) == 3  # the caption, the file, one apology


async def test_the_sweep_deletes_expired_files(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """On SQLite and PostgreSQL: bytes kept whole, found until they expire, then swept."""
    start = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
    content = bytes(range(256)) * 64  # every byte value: a binary column, not text
    async with sessions() as session, session.begin():
        old = await store_media(session, "lama.xlsx", content, start - timedelta(hours=1))
        new = await store_media(session, "baru.xlsx", content, start)
        tokens = (old.token, new.token)
    clock = ManualClock(start)
    async with sessions() as session:
        gone, kept = [await find_media(session, t, clock.now()) for t in tokens]
    assert gone is None and kept is not None and kept.content == content
    assert kept.content_type == XLSX_TYPE and kept.expires_at == start + timedelta(minutes=15)

    report = await Sweeper(sessions, {}, clock).sweep()
    async with sessions() as session:
        left = list(await session.scalars(select(MediaFile.token)))
    assert (report.media_pruned, left) == (1, [tokens[1]])

    clock.advance(timedelta(minutes=15))  # the newer one expires too
    async with sessions() as session:
        assert await find_media(session, tokens[1], clock.now()) is None
    assert (await Sweeper(sessions, {}, clock).sweep()).media_pruned == 1


# --- the fake fetches media as Twilio does ---------------------------------------------------


@pytest.fixture
async def files() -> AsyncIterator[str]:
    """A tiny server: /ok.xlsx (a workbook's media type), /gone (404)."""

    async def ok(request: web.Request) -> web.Response:
        return web.Response(body=b"PK\x03\x04xlsx", content_type=XLSX_TYPE)

    app = web.Application()
    app.router.add_get("/ok.xlsx", ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def test_the_fake_fetches_media_and_fails_what_it_cannot_fetch(files: str) -> None:
    phone = "+6281234567890"
    async with FakeTwilio() as fake:
        fake.set_last_inbound(phone, datetime.now(UTC))
        http = AsyncTwilioHttpClient()
        client = Client(fake.account_sid, fake.auth_token, http_client=http)
        client.api.base_url = fake.url
        try:
            send = client.messages.create_async
            to, from_ = f"whatsapp:{phone}", fake.sender_address
            good = await send(to=to, from_=from_, media_url=[f"{files}/ok.xlsx"])
            bad = await send(to=to, from_=from_, body="x", media_url=[f"{files}/gone"])
            with pytest.raises(TwilioRestException) as refused:
                await send(to=to, from_=from_, media_url=["ftp://example/x.xlsx"])
            await fake.callbacks_settled()
        finally:
            await http.close()
        assert refused.value.code == 21620
        fetched = fake.message(good.sid).media[0]
        assert (fetched.status, fetched.content_type, fetched.content) == (
            200,
            XLSX_TYPE,
            b"PK\x03\x04xlsx",
        )
        assert fake.message(good.sid).statuses[-1] == "delivered"
        missing = fake.message(bad.sid)
        assert missing.media[0].status == 404
        assert (missing.status, missing.error_code) == ("failed", 63019)


async def test_an_undelivered_file_is_handed_out_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """On SQLite and PostgreSQL: whom to tell about a failed file, once; unknown sids: nobody."""
    start = datetime(2026, 3, 9, 2, 0, tzinfo=UTC)
    async with sessions() as session, session.begin():
        media = await store_media(session, "ekspor.xlsx", b"PK", start)
        await note_message(session, media.token, "MM1", STAFF_PHONE, "en")
    async with sessions() as session, session.begin():
        assert await carries_media(session, "MM1") and not await carries_media(session, "MM2")
        assert await take_undelivered(session, "MM2") is None
        told = await take_undelivered(session, "MM1")
        assert told == UndeliveredFile("ekspor.xlsx", STAFF_PHONE, "en")
    async with sessions() as session, session.begin():
        assert await take_undelivered(session, "MM1") is None  # told already
        assert await carries_media(session, "MM1")  # still known: later callbacks are no news
