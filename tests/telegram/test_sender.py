"""TelegramSender through the real python-telegram-bot over HTTP to the fake Bot API server.

Every Telegram answer the scheduler can meet (sent, blocked, flood control, gone chats, server
errors, refused markup) becomes the SendResult the outbox expects; and a whole sweep through
`Sweeper` delivers one reminder to each reachable alumnus and marks a blocked one unreachable.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import telegram
from fakes.telegram_api import FakeTelegram
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import INVITED, build_study
from telegram import Bot
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.cli.app import main
from bot.telegram.app import RATE_LIMITER_RETRIES
from bot.telegram.errors import retry_seconds
from bot.telegram.limits import CAPTION_LIMIT
from bot.telegram.sender import TelegramSender
from scheduler.clock import ManualClock
from scheduler.outbox import OutgoingMessage, SendResult, SendStatus
from scheduler.service import Sweeper
from storage.models import ChannelIdentity, Delivery, DeliveryStatus

CHAT = 4242
# A tiny but real PNG (1×1, grey): what the weekly chart is, as far as Telegram cares.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c636800000082008177cd72b6000000"
    "0049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables: keep every request on 127.0.0.1. RetryAfter.retry_after
    as a timedelta (PTB 22's opt-in; the sender reads either)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(strict_chats=True) as server:
        await server.user_text(CHAT, "/start")  # the alumnus opened the bot once
        yield server


def plain_bot(fake: FakeTelegram) -> Bot:
    """A bare Bot: every Telegram error reaches the sender as it is."""
    return Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)


def limited_bot(fake: FakeTelegram, retries: int = RATE_LIMITER_RETRIES) -> ExtBot[None]:
    """The bot as bot/telegram/app.py builds it: AIORateLimiter waiting out 429s."""
    return ExtBot(
        fake.token,
        base_url=fake.base_url,
        base_file_url=fake.base_file_url,
        rate_limiter=AIORateLimiter(max_retries=retries),
    )


@pytest.fixture(params=["Bot", "ExtBot+AIORateLimiter"])
async def sender(
    request: pytest.FixtureRequest, fake: FakeTelegram
) -> AsyncIterator[TelegramSender]:
    """The sender over a bare Bot and over the Application's rate-limited ExtBot (no retries
    here, so the outcome of one call is what the sender sees)."""
    bot = plain_bot(fake) if request.param == "Bot" else limited_bot(fake, retries=0)
    async with bot:
        yield TelegramSender(bot)


# ------------------------------------------------------------------------------------------
# One message


async def test_text_is_delivered_with_html_parse_mode(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    html = OutgoingMessage("Halo <b>Ayu</b>, survei &amp; pengingat", html=True)
    first = await sender.send(str(CHAT), html)
    second = await sender.send(str(CHAT), OutgoingMessage("Balas LANJUT <untuk> lanjut"))

    assert first.status is SendStatus.SENT and first.error is None
    sent_html, sent_plain = fake.messages(CHAT)
    assert first.provider_id == str(sent_html.message_id)
    assert second.provider_id == str(sent_plain.message_id)
    assert sent_html.chat_id == CHAT
    assert sent_html.text == "Halo <b>Ayu</b>, survei &amp; pengingat"
    assert sent_html.parse_mode == "HTML"
    assert sent_html.plain_text == "Halo Ayu, survei & pengingat"
    # Without html the text goes raw, with no parse mode: "<untuk>" is not markup.
    assert sent_plain.parse_mode is None
    assert sent_plain.plain_text == "Balas LANJUT <untuk> lanjut"
    [call, _] = fake.requests_for("sendMessage")
    assert call.chat_id == CHAT and call.status == 200


async def test_long_text_is_cut_to_telegrams_limit(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    result = await sender.send(str(CHAT), OutgoingMessage("a" * 5000))
    assert result.status is SendStatus.SENT
    assert fake.last_message(CHAT).text == "a" * 4096


async def test_photo_goes_as_multipart_send_photo_with_its_caption(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    caption = "<b>Rekap mingguan</b>\n" + "x" * 2000
    result = await sender.send(str(CHAT), OutgoingMessage(caption, html=True, photo=PNG))

    assert result.status is SendStatus.SENT, result
    [call] = fake.requests_for("sendPhoto")
    assert call.status == 200 and call.chat_id == CHAT
    [part] = call.files  # uploaded as a file part of a multipart body, not by URL or file_id
    assert part.field == "photo" and part.content == PNG
    [document] = fake.documents
    assert document.method == "sendPhoto" and document.content == PNG
    # Too long for a caption: cut on the visible text, sent without HTML, never mid-tag.
    assert document.caption == ("Rekap mingguan\n" + "x" * 2000)[:CAPTION_LIMIT]
    [photo] = fake.messages(CHAT)
    assert photo.kind == "photo" and photo.parse_mode is None
    assert fake.requests_for("sendMessage") == []


async def test_html_that_fits_keeps_its_markup_and_long_html_is_never_cut_inside_a_tag(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    short = await sender.send(str(CHAT), OutgoingMessage("<b>Rekap</b> &amp; grafik", html=True))
    assert short.status is SendStatus.SENT
    long = "x" * 4090 + "<b>A &amp; B</b>"
    result = await sender.send(str(CHAT), OutgoingMessage(long, html=True))
    assert result.status is SendStatus.SENT, result
    first, second = fake.messages(CHAT)
    assert first.parse_mode == "HTML" and first.plain_text == "Rekap & grafik"
    assert second.parse_mode is None and second.text == ("x" * 4090 + "A & B")[:4096]


# ------------------------------------------------------------------------------------------
# What Telegram refuses


async def test_a_user_who_blocked_the_bot_is_blocked(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    await fake.block(CHAT)
    result = await sender.send(str(CHAT), OutgoingMessage("Pengingat"))
    assert result == SendResult(SendStatus.BLOCKED, "Forbidden")
    assert fake.requests_for("sendMessage")[-1].status == 403
    assert fake.messages(CHAT) == []


async def test_a_user_who_never_opened_the_bot_is_blocked(
    fake: FakeTelegram, sender: TelegramSender
) -> None:
    # Telegram: "Forbidden: bot can't initiate conversation with a user".
    result = await sender.send("5151", OutgoingMessage("Pengingat"))
    assert result.status is SendStatus.BLOCKED
    assert fake.requests_for("sendMessage")[-1].status == 403


async def test_an_unknown_chat_is_blocked(fake: FakeTelegram, sender: TelegramSender) -> None:
    # A group the bot is not in, and a private chat id Telegram does not know: 400 chat not found.
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=777)
    for chat in ("-1001234", "777"):
        result = await sender.send(chat, OutgoingMessage("Rekap"))
        assert result == SendResult(SendStatus.BLOCKED, "ChatGone"), chat
    statuses = [(r.chat_id, r.status) for r in fake.requests_for("sendMessage")]
    assert statuses == [(-1001234, 400), (777, 400)]


async def test_broken_markup_fails_for_good(fake: FakeTelegram, sender: TelegramSender) -> None:
    result = await sender.send(str(CHAT), OutgoingMessage("gaji < 5 juta", html=True))
    assert result == SendResult(SendStatus.FAILED, "BadRequest")
    assert fake.messages(CHAT) == []


@pytest.mark.parametrize("as_timedelta", [True, False], ids=["PTB_TIMEDELTA", "int"])
async def test_a_429_is_retried_after_what_telegram_says(
    fake: FakeTelegram, sender: TelegramSender, monkeypatch: pytest.MonkeyPatch, as_timedelta: bool
) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    if as_timedelta:
        result = await sender.send(str(CHAT), OutgoingMessage("Pengingat"))
    else:  # PTB warns when it builds the exception; the sender itself reads no deprecated value
        monkeypatch.delenv("PTB_TIMEDELTA")
        with pytest.warns(PTBDeprecationWarning) as caught:
            result = await sender.send(str(CHAT), OutgoingMessage("Pengingat"))
        library = Path(telegram.__file__).parent
        assert all(Path(w.filename).is_relative_to(library) for w in caught), caught.list
    assert result == SendResult(SendStatus.RETRY, "RetryAfter", retry_after=7.0)
    assert fake.count_429 == 1 and fake.messages(CHAT) == []


def test_jejak_opts_in_to_ptb_23_durations_before_any_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An operator runs `jejak`: Telegram's flood control then costs no deprecation warning.
    Without the opt-in PTB 22 warns on every RetryAfter it builds (its __init__ reads the
    deprecated int)."""
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    monkeypatch.setattr(sys, "argv", ["jejak", "--help"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        refused = RetryAfter(7)
        assert refused.retry_after == timedelta(seconds=7)
        assert retry_seconds(refused) == 7.0


async def test_the_global_flood_limit_gives_retry_with_its_wait() -> None:
    now = [0.0]
    async with (
        FakeTelegram(global_rate=0.25, clock=lambda: now[0]) as fake,
        plain_bot(fake) as bot,
    ):
        sender = TelegramSender(bot)
        assert (await sender.send("1", OutgoingMessage("a"))).status is SendStatus.SENT
        refused = await sender.send("2", OutgoingMessage("b"))
        now[0] += 4.0  # a token every 4 s
        again = await sender.send("2", OutgoingMessage("b"))
    assert refused == SendResult(SendStatus.RETRY, "RetryAfter", retry_after=4.0)
    assert again.status is SendStatus.SENT
    assert fake.count_429 == 1
    assert [m.text for m in fake.messages(2)] == ["b"]


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_is_retried(
    fake: FakeTelegram, sender: TelegramSender, status: int
) -> None:
    fake.fail_next("sendMessage", status, "Internal Server Error" if status == 500 else None)
    result = await sender.send(str(CHAT), OutgoingMessage("Pengingat"))
    assert result.status is SendStatus.RETRY and result.retry_after is None
    assert result.error == "NetworkError"
    assert fake.requests_for("sendMessage")[-1].status == status
    assert (await sender.send(str(CHAT), OutgoingMessage("Pengingat"))).status is SendStatus.SENT


async def test_a_connection_refused_is_retried() -> None:
    async with FakeTelegram() as fake:
        bot = plain_bot(fake)
        await bot.initialize()
    try:  # the server is gone now: the request cannot even connect
        result = await TelegramSender(bot).send(str(CHAT), OutgoingMessage("Pengingat"))
    finally:
        await bot.shutdown()
    assert result.status is SendStatus.RETRY
    assert result.error == "NetworkError"


async def test_the_applications_rate_limiter_waits_out_a_short_429(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, retry_after=1)
    async with limited_bot(fake) as bot:
        began = datetime.now(UTC)
        result = await TelegramSender(bot).send(str(CHAT), OutgoingMessage("Pengingat"))
        waited = datetime.now(UTC) - began
    assert result.status is SendStatus.SENT
    assert waited >= timedelta(seconds=1)
    assert [r.status for r in fake.requests_for("sendMessage")] == [429, 200]
    assert len(fake.messages(CHAT)) == 1


# ------------------------------------------------------------------------------------------
# A whole sweep


async def test_a_sweep_reminds_each_reachable_alumnus_once_and_drops_the_blocked_one(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    study = await build_study(sessions, per_class=2)  # 3 zones × 2 classes × 2 alumni
    chats = {nisn: int(chat) for nisn, chat in study.chats.items()}
    blocked_nisn = sorted(chats)[1]
    # Friday 6 March 03:00 UTC: 10:00 WIB, 11:00 WITA, 12:00 WIT, 3½ days after the invitation.
    clock = ManualClock(datetime(2026, 3, 6, 3, 0, tzinfo=UTC))
    assert clock.now() - INVITED > timedelta(days=3)
    async with FakeTelegram(strict_chats=True) as fake:
        for chat in chats.values():
            await fake.user_text(chat, "/start")  # every alumnus once opened the bot
        await fake.block(chats[blocked_nisn])
        async with limited_bot(fake) as bot:
            sweeper = Sweeper(sessions, {"telegram": TelegramSender(bot)}, clock)
            first = await sweeper.sweep()
            for _ in range(3):  # later sweeps that day send nothing more
                clock.advance(timedelta(hours=1))
                later = await sweeper.sweep()
                assert later.reminders_planned == 0 and later.delivery.handled == 0

        assert first.reminders_planned == len(chats)
        assert first.delivery.sent == len(chats) - 1
        assert first.delivery.blocked == 1
        assert first.delivery.errors == {"Forbidden": 1}
        for nisn, chat in chats.items():
            received = fake.messages(chat)
            if nisn == blocked_nisn:
                assert received == [], fake.format_transcript(chat)
                continue
            assert len(received) == 1, fake.format_transcript(chat)
            assert received[0].text is not None and "LANJUT" in received[0].text
        attempts = [r.chat_id for r in fake.requests_for("sendMessage")]
        assert sorted(attempts) == sorted(chats.values())  # one call per chat, none repeated
        assert fake.count_429 == 0

    async with sessions() as session:
        identities = {
            i.alumnus_id: i.reachable for i in await session.scalars(select(ChannelIdentity))
        }
        deliveries = {d.alumnus_id: d for d in await session.scalars(select(Delivery))}
    blocked_id = study.alumni[blocked_nisn]
    assert identities == {a: a != blocked_id for a in study.alumni.values()}
    assert deliveries[blocked_id].status == DeliveryStatus.BLOCKED.value
    assert deliveries[blocked_id].last_error == "Forbidden"
    sent = [d for a, d in deliveries.items() if a != blocked_id]
    assert len(sent) == len(chats) - 1
    for delivery in sent:
        assert delivery.status == DeliveryStatus.SENT.value
        assert delivery.channel == "telegram" and delivery.attempts == 1
        assert delivery.sent_at == clock.now() - timedelta(hours=3)
        chat = chats[next(n for n, a in study.alumni.items() if a == delivery.alumnus_id)]
        assert delivery.provider_message_id == str(fake.messages(chat)[0].message_id)
