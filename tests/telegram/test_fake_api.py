"""The fake Bot API behaves like Telegram as the real python-telegram-bot sees it.

Every test drives the real PTB ``Bot`` or ``Application`` over HTTP against
:class:`fakes.telegram_api.FakeTelegram` on 127.0.0.1; nothing reaches api.telegram.org.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import io
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from fakes.telegram_api import FakeTelegram
from fakes.telegram_format import plain_text
from fakes.telegram_objects import ApiError
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

CHAT = 4242


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables: keep every request on 127.0.0.1."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(token or fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with make_bot(fake) as client:
        yield client


KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Ya", callback_data="consent:yes")],
        [InlineKeyboardButton("Tidak", callback_data="consent:no")],
    ]
)


# ------------------------------------------------------------------------------------------
# Basics


async def test_get_me_through_initialize(fake: FakeTelegram) -> None:
    async with make_bot(fake) as bot:
        assert bot.username == "jejak_test_bot"
        assert bot.id == 123456
        assert bot.bot.is_bot
    assert [r.method for r in fake.requests] == ["getMe"]
    assert fake.api_url.startswith("http://127.0.0.1:")


async def test_wrong_token_is_invalid_token(fake: FakeTelegram) -> None:
    with pytest.raises(InvalidToken, match="rejected"):
        async with make_bot(fake, token="999:WRONG-TOKEN"):
            pass
    assert fake.requests[0].status == 401


async def test_unknown_method_answers_404(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CHAT})
    assert fake.requests_for("sendTelepathy")[0].status == 404


async def test_send_message_round_trips_an_inline_keyboard(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Bersedia mengisi survei?", reply_markup=KEYBOARD)

    assert message.chat.id == CHAT
    assert message.from_user is not None and message.from_user.username == "jejak_test_bot"
    assert message.reply_markup == KEYBOARD
    [sent] = fake.messages(CHAT)
    assert sent.message_id == message.message_id
    assert sent.text == "Bersedia mengisi survei?"
    assert sent.reply_markup == {
        "inline_keyboard": [
            [{"text": "Ya", "callback_data": "consent:yes"}],
            [{"text": "Tidak", "callback_data": "consent:no"}],
        ]
    }
    assert sent.button_texts == [["Ya"], ["Tidak"]]
    assert sent.data_for("Tidak") == "consent:no"


async def test_send_message_is_validated_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(CHAT, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    await bot.send_message(CHAT, "x" * 4096)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(CHAT, "pilih", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(CHAT, "gaji < 5 juta", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)reserved"):
        await bot.send_message(CHAT, "Terima kasih.", parse_mode=ParseMode.MARKDOWN_V2)
    shown = await bot.send_message(CHAT, "<b>Halo</b> &lt;Ayu&gt;", parse_mode=ParseMode.HTML)
    assert shown.text == "Halo <Ayu>"
    assert [m.plain_text for m in fake.messages(CHAT)] == ["x" * 4096, "Halo <Ayu>"]


async def test_edit_message_text_not_modified_and_not_found(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Pertanyaan 1", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Pertanyaan 1", CHAT, message.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)

    edited = await bot.edit_message_text("Pertanyaan 1 ✓", CHAT, message.message_id)
    assert isinstance(edited, type(message)) and edited.text == "Pertanyaan 1 ✓"
    sent = fake.message(CHAT, message.message_id)
    assert sent.text == "Pertanyaan 1 ✓" and sent.original_text == "Pertanyaan 1"
    assert sent.reply_markup is None  # editing the text without a markup drops the keyboard
    assert len(sent.edits) == 1
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(CHAT, message.message_id)

    assert await bot.delete_message(CHAT, message.message_id)
    assert fake.message(CHAT, message.message_id).deleted
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("again", CHAT, message.message_id)


# ------------------------------------------------------------------------------------------
# Errors: flood control, injected failures, blocking


async def test_per_chat_flood_limit_raises_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with FakeTelegram(per_chat_rate=1) as fake, make_bot(fake) as bot:
        results = await asyncio.gather(
            *(bot.send_message(CHAT, f"pesan {i}") for i in range(3)), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, RetryAfter)]
        assert errors, results
        assert errors[0].retry_after == dtm.timedelta(seconds=1)
        assert fake.count_429 == len(errors) >= 1
        assert len(fake.messages(CHAT)) == 3 - len(errors)
        await bot.send_message(CHAT + 1, "another chat has its own budget")


async def test_group_flood_limit_and_retry_after_as_int(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    async with FakeTelegram(group_per_minute=2) as fake, make_bot(fake) as bot:
        await bot.send_message(-100, "satu")
        await bot.send_message(-100, "dua")
        with pytest.warns(PTBDeprecationWarning), pytest.raises(RetryAfter) as caught:
            await bot.send_message(-100, "tiga")
        with pytest.warns(PTBDeprecationWarning):  # an int until PTB_TIMEDELTA=true
            assert caught.value.retry_after == 30  # a token every 30 s at 2 per minute
        assert fake.requests[-1].status == 429


async def test_global_flood_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    now = [0.0]
    async with (
        FakeTelegram(global_rate=2, clock=lambda: now[0]) as fake,
        make_bot(fake) as bot,
    ):
        await bot.send_message(1, "a")
        await bot.send_message(2, "b")
        with pytest.raises(RetryAfter):
            await bot.send_message(3, "c")
        now[0] += 0.5  # one token back
        await bot.send_message(3, "c")
        assert fake.count_429 == 1


async def test_injected_failures(fake: FakeTelegram, bot: Bot) -> None:
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PTB_TIMEDELTA", "true")
    try:
        fake.fail_next("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(CHAT, "a")
        assert caught.value.retry_after == dtm.timedelta(seconds=7)
    finally:
        monkey.undo()
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(CHAT, "b")
    fake.fail_next("*", 400, "Bad Request: chat not found", chat_id=7)
    await bot.send_message(CHAT, "c")  # another chat: not affected
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(7, "d")
    assert [m.text for m in fake.messages(CHAT)] == ["c"]
    assert fake.count_429 == 1


async def test_blocked_user_gives_forbidden_until_they_write_again(
    fake: FakeTelegram, bot: Bot
) -> None:
    await fake.user_text(CHAT, "halo")
    update_id = await fake.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "Pengingat survei")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(CHAT, "typing")

    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert updates[-1].update_id == update_id and member is not None
    assert member.new_chat_member.status == "kicked"

    await fake.user_command(CHAT, "/start")  # "Restart" unblocks
    await bot.send_message(CHAT, "Selamat datang kembali")
    kinds = [e.kind for e in fake.transcript(CHAT)]
    assert kinds == ["text", "block", "unblock", "command", "text"]


async def test_strict_chats_refuse_strangers() -> None:
    async with FakeTelegram(strict_chats=True) as fake, make_bot(fake) as bot:
        with pytest.raises(Forbidden, match="can't initiate conversation"):
            await bot.send_message(CHAT, "halo")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(-100, "halo")
        await fake.user_text(CHAT, "halo")
        await bot.send_message(CHAT, "halo juga")


# ------------------------------------------------------------------------------------------
# Long polling


async def test_long_poll_returns_a_message_sent_after_the_call(
    fake: FakeTelegram, bot: Bot
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=2))
    await asyncio.sleep(0.3)
    assert not poll.done()
    update_id = await fake.user_text(CHAT, "Saya sudah bekerja", first_name="Ayu")
    updates = await asyncio.wait_for(poll, 3)
    assert time.monotonic() - started < 1.8  # the update, not the 2 s timeout, ended it
    [update] = updates
    assert update.update_id == update_id
    assert update.message is not None and update.message.text == "Saya sudah bekerja"
    assert update.effective_user is not None and update.effective_user.first_name == "Ayu"
    assert update.effective_user.language_code == "id"
    assert update.effective_chat is not None and update.effective_chat.type == "private"


async def test_long_poll_times_out_empty(fake: FakeTelegram, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 2.5


async def test_offsets_confirm_updates_and_redelivery(fake: FakeTelegram, bot: Bot) -> None:
    first = await fake.user_text(CHAT, "satu")
    second = await fake.user_text(CHAT, "dua")
    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second]  # not confirmed
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert await bot.get_updates(offset=second + 1) == ()
    assert fake.pending_updates == []

    await fake.redeliver(first)
    again = await bot.get_updates(offset=second + 1)
    assert [u.update_id for u in again] == [first]
    assert again[0].message is not None and again[0].message.text == "satu"
    assert await bot.get_updates(offset=second + 1) == ()


async def test_second_poller_terminates_the_first(fake: FakeTelegram) -> None:
    async with make_bot(fake) as one, make_bot(fake) as two:
        first = asyncio.create_task(one.get_updates(timeout=3))
        await asyncio.sleep(0.2)
        second = asyncio.create_task(two.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await asyncio.wait_for(first, 2)
        assert await second == ()


async def test_user_actions_produce_telegram_shaped_updates(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Status?", reply_markup=KEYBOARD)
    text_id = await fake.user_text(CHAT, "halo")
    await fake.user_command(CHAT, "start", args=["abc_123"])
    await fake.user_press(CHAT, message.message_id, "consent:yes")
    await fake.user_sticker(CHAT)
    await fake.user_photo(CHAT, caption="ijazah")
    await fake.user_voice(CHAT)
    await fake.user_location(CHAT)
    await fake.user_document(CHAT, filename="cv.pdf", content=b"%PDF cv")
    await fake.user_contact(CHAT)
    text_message_id = fake.transcript(CHAT)[1].message_id
    assert text_message_id is not None
    await fake.user_edit(CHAT, text_message_id, "halo lagi")
    await fake.group_text(-500, 77, "/start@jejak_test_bot")

    updates = await bot.get_updates()
    assert updates[0].update_id == text_id
    command = updates[1].message
    assert command is not None and command.text == "/start abc_123"
    assert command.entities[0].type == "bot_command" and command.entities[0].length == 6
    query = updates[2].callback_query
    assert query is not None and query.data == "consent:yes"
    assert query.message is not None and query.message.message_id == message.message_id
    media = ("sticker", "photo", "voice", "location", "document", "contact")
    kinds = [next(k for k in media if getattr(u.message, k)) for u in updates[3:9]]
    assert kinds == list(media)
    edited = updates[9].edited_message
    assert edited is not None and edited.text == "halo lagi"
    group = updates[10].message
    assert group is not None and group.chat.type == "group" and group.from_user is not None
    assert group.from_user.id == 77

    assert updates[7].message is not None
    document = updates[7].message.document
    assert document is not None
    file = await bot.get_file(document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF cv"

    with pytest.raises(ValueError, match="no button"):
        await fake.user_press(CHAT, message.message_id, "consent:maybe")


# ------------------------------------------------------------------------------------------
# A real Application


@contextlib.asynccontextmanager
async def polling(fake: FakeTelegram, *handlers: BaseHandler[Any, Any, Any]) -> AsyncIterator[None]:
    """A real Application polling the fake with these handlers, stopped as `jejak run` would."""
    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handlers(handlers)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


async def test_application_polls_and_answers_start_with_deep_link_args(
    fake: FakeTelegram,
) -> None:
    seen_args: list[list[str]] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen_args.append(list(context.args or []))
        assert update.message is not None
        await update.message.reply_text(f"Token {context.args[0]} diterima", reply_markup=KEYBOARD)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Terima kasih")
        await query.edit_message_text(f"Jawaban: {query.data}")

    async with polling(fake, CommandHandler("start", start), CallbackQueryHandler(pressed)):
        await fake.user_command(CHAT, "/start", args="ALUMNI_2024-x")
        [reply] = await fake.wait_reply(CHAT)
        assert reply.text == "Token ALUMNI_2024-x diterima"
        await fake.user_press(CHAT, reply.message_id, reply.data_for("Ya"))
        await fake.wait_for(lambda: fake.message(CHAT, reply.message_id).edits)

    assert seen_args == [["ALUMNI_2024-x"]]
    [answer] = fake.callback_answers
    assert answer.text == "Terima kasih" and answer.data == "consent:yes"
    assert fake.message(CHAT, reply.message_id).text == "Jawaban: consent:yes"
    methods = [r.method for r in fake.requests]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    assert fake.pending_updates == []  # the updater confirmed everything on stop


async def test_wait_quiet_lets_the_bot_answer_between_user_actions(fake: FakeTelegram) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await asyncio.sleep(0.03)  # some database work (shorter than the quiet period)
        await update.message.reply_text(f"Tercatat: {update.message.text}")

    async with polling(fake, MessageHandler(filters.TEXT, echo)):
        for number in range(3):
            await fake.user_text(CHAT, f"jawaban {number}")
            await fake.wait_quiet(0.1)  # at least 0.1 s, and only once the bot has settled
            assert fake.last_message(CHAT).text == f"Tercatat: jawaban {number}"


# ------------------------------------------------------------------------------------------
# Webhook


async def test_webhook_posts_updates_with_the_secret_header_and_retries(
    fake: FakeTelegram, bot: Bot
) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []
    answers = [500, 200]

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(status=answers.pop(0) if answers else 200)

    app = web.Application()
    app.router.add_post("/telegram", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        url = f"http://127.0.0.1:{port}/telegram"
        assert await bot.set_webhook(url, secret_token="rahasia_123")
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()

        update_id = await fake.user_text(CHAT, "halo via webhook")
        await fake.wait_for(lambda: any(d.ok for d in fake.webhook_deliveries))
        assert [d.status for d in fake.webhook_deliveries] == [500, 200]
        assert len(received) == 2
        secret, body = received[-1]
        assert secret == "rahasia_123"
        assert body["update_id"] == update_id
        update = Update.de_json(body, bot)
        assert update.message is not None and update.message.text == "halo via webhook"
        info = await bot.get_webhook_info()
        assert info.last_error_message is not None and "500" in info.last_error_message

        await fake.redeliver(update_id)
        await fake.wait_for(lambda: len(received) == 3)
        assert received[2][1]["update_id"] == update_id

        assert await bot.delete_webhook()
        await fake.user_text(CHAT, "kembali ke polling")
        [polled] = await bot.get_updates()
        assert polled.message is not None and polled.message.text == "kembali ke polling"
    finally:
        await runner.cleanup()


async def test_webhook_gives_up_after_the_attempts() -> None:
    async with (
        FakeTelegram(webhook_attempts=2, webhook_retry_delay=0.01) as fake,
        make_bot(fake) as bot,
    ):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/nothing-listens")
        await fake.user_text(CHAT, "hilang")
        await fake.wait_for(lambda: len(fake.webhook_deliveries) == 2)
        await fake.wait_for(lambda: not fake.pending_updates)
        assert all(d.status is None and d.error for d in fake.webhook_deliveries)


# ------------------------------------------------------------------------------------------
# Other methods


async def test_answer_callback_query_is_recorded_once(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Pilih", reply_markup=KEYBOARD)
    query_id = await fake.user_press(CHAT, message.message_id, "consent:no")
    [update] = await bot.get_updates()
    assert update.callback_query is not None and update.callback_query.id == query_id

    assert await bot.answer_callback_query(query_id, text="Dicatat", show_alert=True)
    [answer] = fake.callback_answers
    assert (answer.text, answer.show_alert, answer.data) == ("Dicatat", True, "consent:no")
    assert answer.message_id == message.message_id
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_set_my_commands_per_language_and_scope(fake: FakeTelegram, bot: Bot) -> None:
    indonesian = [BotCommand("start", "Mulai survei"), BotCommand("bantuan", "Bantuan")]
    english = [BotCommand("start", "Start the survey"), BotCommand("help", "Help")]
    assert await bot.set_my_commands(indonesian)
    assert await bot.set_my_commands(english, language_code="en")
    assert await bot.set_my_commands(english[:1], scope=BotCommandScopeAllPrivateChats())

    assert await bot.get_my_commands(language_code="en") == tuple(english)
    assert await bot.get_my_commands() == tuple(indonesian)
    assert fake.commands_for("") == [c.to_dict() for c in indonesian]
    assert fake.commands_for("en") == [c.to_dict() for c in english]
    assert fake.commands_for(scope={"type": "all_private_chats"}) == [english[0].to_dict()]
    assert len(fake.commands) == 3
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Mulai Survei", "x")])

    assert await bot.delete_my_commands(language_code="en")
    assert fake.commands_for("en") is None
    assert await bot.get_my_commands(language_code="en") == ()


async def test_send_document_and_photo_are_recorded(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_document(
        CHAT, io.BytesIO(b"PK\x03\x04 xlsx"), filename="rekap.xlsx", caption="Rekap survei"
    )
    assert message.document is not None and message.document.file_name == "rekap.xlsx"
    await bot.send_photo(CHAT, b"\x89PNG fake qr", caption="QR")
    await bot.send_document(CHAT, message.document.file_id)  # re-send by file_id

    first, photo, again = fake.documents
    assert (first.filename, first.content, first.caption) == (
        "rekap.xlsx",
        b"PK\x03\x04 xlsx",
        "Rekap survei",
    )
    assert photo.method == "sendPhoto" and photo.content == b"\x89PNG fake qr"
    assert again.content == b"PK\x03\x04 xlsx"
    assert [m.kind for m in fake.messages(CHAT)] == ["document", "photo", "document"]
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(CHAT, "no-such-file-id")


async def test_chat_action_and_logout(fake: FakeTelegram, bot: Bot) -> None:
    assert await bot.send_chat_action(CHAT, "typing")
    assert [(a.chat_id, a.action) for a in fake.chat_actions] == [(CHAT, "typing")]
    assert await bot.log_out()
    assert await bot.close()
    await fake.wait_quiet(0.05, timeout=2)


# ------------------------------------------------------------------------------------------
# Waiting helpers and shutdown


async def test_wait_messages_timeout_shows_the_transcript(fake: FakeTelegram, bot: Bot) -> None:
    await fake.user_text(CHAT, "halo")
    await bot.send_message(CHAT, "Halo Ayu!")
    assert len(await fake.wait_messages(CHAT, 1)) == 1
    with pytest.raises(AssertionError) as caught:
        await fake.wait_messages(CHAT, 2, timeout=0.2)
    report = str(caught.value)
    assert "got 1" in report and "halo" in report and "Halo Ayu!" in report


async def test_stop_leaves_nothing_running() -> None:
    before = asyncio.all_tasks()
    fake = FakeTelegram()
    await fake.start()
    async with make_bot(fake) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await fake.stop()  # answers the waiting long poll at once
        assert await asyncio.wait_for(poll, 3) == ()
        assert time.monotonic() - started < 3
    assert asyncio.all_tasks() - before - {asyncio.current_task()} == set()
    with pytest.raises(RuntimeError):
        await fake.user_text(CHAT, "too late")


async def test_json_bodies_and_get_requests_are_accepted(fake: FakeTelegram) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}{fake.token}"
        async with session.get(f"{url}/getMe") as response:
            assert (await response.json())["result"]["username"] == "jejak_test_bot"
        payload = {"chat_id": CHAT, "text": "json", "reply_markup": KEYBOARD.to_dict()}
        async with session.post(f"{url}/sendMessage", json=payload) as response:
            body = await response.json()
        assert body["ok"] and body["result"]["reply_markup"] == KEYBOARD.to_dict()
        async with session.post(f"{url}/SENDMESSAGE", data={"chat_id": str(CHAT)}) as response:
            assert response.status == 400
            assert await response.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message text is empty",
            }
    assert fake.messages(CHAT)[0].reply_markup == KEYBOARD.to_dict()


async def test_allowed_updates_filter_new_updates(fake: FakeTelegram, bot: Bot) -> None:
    message = await bot.send_message(CHAT, "Pilih", reply_markup=KEYBOARD)
    assert await bot.get_updates(allowed_updates=["message"]) == ()
    await fake.user_press(CHAT, message.message_id, "consent:yes")
    text_id = await fake.user_text(CHAT, "teks")
    assert [u.update_id for u in await bot.get_updates()] == [text_id]


@pytest.mark.parametrize(
    ("text", "mode", "shown"),
    [
        ("<b>Pertanyaan 1</b> dari <i>10</i>", "HTML", "Pertanyaan 1 dari 10"),
        ('<a href="https://jejak.id/x?a=1&amp;b=2">tautan</a> &amp; &#39;', "HTML", "tautan & '"),
        ("<b>tebal <i>miring</i></b>", "HTML", "tebal miring"),
        ("*Pertanyaan* _pilih_ __garis__ ~coret~ ||rahasia||", "MarkdownV2", None),
        (r"Gaji Rp 5\.000\.000 \(per bulan\)\!", "MarkdownV2", "Gaji Rp 5.000.000 (per bulan)!"),
        ("[situs](https://jejak.id/a_b) `kode.x` *a _b_*", "MarkdownV2", "situs kode.x a b"),
        ("*tebal* _miring_ `kode` [tautan](https://x.id)", "Markdown", "tebal miring kode tautan"),
    ],
)
def test_parse_modes_accept_valid_markup(text: str, mode: str, shown: str | None) -> None:
    visible = plain_text(text, mode)
    assert shown is None or visible == shown


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("gaji < 5 juta", "HTML"),
        ("<b>tebal", "HTML"),
        ("<b><i>x</b></i>", "HTML"),
        ("baris<br>baru", "HTML"),
        ("Terima kasih.", "MarkdownV2"),
        ("nama_lengkap", "MarkdownV2"),
        ("*tebal", "MarkdownV2"),
        ("pilih 1-5", "MarkdownV2"),
        ("*tebal", "Markdown"),
    ],
)
def test_parse_modes_reject_broken_markup(text: str, mode: str) -> None:
    with pytest.raises(ApiError) as caught:
        plain_text(text, mode)
    assert caught.value.status == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities")
