"""A running `jejak run` (polling) against the fake Bot API, and how a user acts in it."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from walkers import typed_answer

from bot.cli import sample
from bot.run import serve
from bot.services import create_services
from config.loader import parse_questionnaire
from config.settings import Settings
from fakes.ports import free_port
from fakes.telegram_api import FakeTelegram
from fakes.telegram_objects import SentMessage
from fakes.twilio_api import FakeTwilio
from storage import migrate


@dataclass
class Bot:
    """A running `jejak run` (polling) against the fake, with helpers to play an alumnus."""

    fake: FakeTelegram
    db: Path
    settings: Settings
    tokens: dict[str, str]  # NISN -> invitation token
    stop: asyncio.Event
    task: asyncio.Task[None]
    serve_options: dict[str, Any] = field(default_factory=dict)

    async def restart(self) -> None:
        """Stop `jejak run` as a deploy would, and start it again on the same database."""
        await stop_bot(self.stop, self.task)
        self.stop, self.task = await start_bot(self.settings, **self.serve_options)

    def rows(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql).fetchall()

    def question_at(self, nisn: str):
        """The question the alumnus is at, read from the stored response and its version."""
        position, source = self.rows(
            "SELECT r.position, v.source FROM responses r JOIN alumni a ON r.alumnus_id = a.id "
            "JOIN questionnaire_versions v ON r.questionnaire_version_id = v.id "
            f"WHERE a.nisn = '{nisn}'"
        )[0]
        return parse_questionnaire(source, "q.yaml").question(position) if position else None


async def start_bot(
    settings: Settings, **serve_options: Any
) -> tuple[asyncio.Event, asyncio.Task[None]]:
    """Start `jejak run` (bot.run.serve) and wait until it is ready."""
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(settings, stop, ready.set, **serve_options))
    done, _ = await asyncio.wait({task, asyncio.create_task(ready.wait())}, timeout=15,
                                 return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
    if task in done:
        task.result()  # raise what stopped it
    assert ready.is_set(), "the bot did not start"
    return stop, task


def whatsapp_settings(fake: FakeTwilio, db: Path) -> Settings:
    """`jejak run` with only WhatsApp, on the SQLite file `db`, pointed at the started fake.

    The fake's inbound webhook is set to Jejak's HTTP server on a free local port.
    """
    port = free_port()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_token=None,  # only WhatsApp, whatever the environment says
        twilio_account_sid=fake.account_sid,
        twilio_auth_token=fake.auth_token,
        twilio_whatsapp_from=fake.sender_address.removeprefix("whatsapp:"),
        twilio_api_url=fake.url,
        public_url=f"http://127.0.0.1:{port}",
        http_host="127.0.0.1",
        http_port=port,
    )
    fake.set_webhook(f"http://127.0.0.1:{port}/whatsapp/inbound")
    return settings


async def stop_bot(stop: asyncio.Event, task: asyncio.Task[None]) -> None:
    stop.set()
    await asyncio.wait_for(task, 30)


def activity(bot: Bot, chat: int) -> tuple[int, int]:
    """How much the bot has shown in a chat so far: messages sent, and edits made."""
    sent = bot.fake.messages(chat)
    return len(sent), sum(len(m.edits) for m in sent)


async def act(bot: Bot, chat: int, action: Awaitable[object]) -> None:
    """Do a user action and wait until the bot has visibly reacted, and finished reacting."""
    before = activity(bot, chat)
    await action
    await bot.fake.wait_for(lambda: activity(bot, chat) != before or None, timeout=5)
    await bot.fake.wait_quiet(0.1)


async def press(bot: Bot, chat: int, message: SentMessage, label_start: str) -> None:
    """Tap the first button whose label starts with `label_start`."""
    for row in message.inline_keyboard:
        for button in row:
            if str(button["text"]).startswith(label_start):
                data = str(button["callback_data"])
                await act(bot, chat, bot.fake.user_press(chat, message.message_id, data))
                return
    raise AssertionError(f"no button {label_start!r} in {message.button_texts}")


async def say(bot: Bot, chat: int, text: str) -> None:
    await act(bot, chat, bot.fake.user_text(chat, text))


def response_of(bot: Bot, nisn: str) -> tuple[str, str, str | None] | None:
    """(status, source, recorded_by) of the alumnus's response, if any."""
    rows = bot.rows(
        "SELECT r.status, r.source, r.recorded_by FROM responses r "
        f"JOIN alumni a ON r.alumnus_id = a.id WHERE a.nisn = '{nisn}'"
    )
    return rows[0] if rows else None


async def answer_everything(bot: Bot, chat: int, nisn: str) -> None:
    """From the first question to the submission, typing or tapping as a teacher would."""
    fake = bot.fake
    for _ in range(120):
        status = response_of(bot, nisn)
        if status is not None and status[0] == "completed":
            return
        last = fake.last_message(chat)
        data = last.callback_data
        if any("@submit" in d for d in data):
            await press(bot, chat, last, "Kirim")
            continue
        if any(d.endswith("|@yes") for d in data):  # what the roster holds, to confirm
            await press(bot, chat, last, "Ya")
            continue
        question = bot.question_at(nisn)
        assert question is not None, fake.format_transcript(chat)
        other = "Sebutkan" in (last.text or "")
        await say(bot, chat, "Lainnya" if other else typed_answer(question, {"nisn": nisn}))
    raise AssertionError("the questionnaire did not end\n" + fake.format_transcript(chat, 400))


@dataclass
class WhatsAppRun:
    """`jejak run` with only WhatsApp (started by `whatsapp_run`), and how a user acts in it."""

    fake: FakeTwilio
    db: Path
    settings: Settings
    stop: asyncio.Event
    task: asyncio.Task[None]

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    async def say(self, phone: str, text: str) -> str:
        """Send a message and return the reply text (the bot's next message)."""
        before = len(self.fake.messages(phone))
        delivery = await self.fake.user_text(phone, text)
        assert delivery.ok and delivery.empty_twiml, delivery
        await self.fake.wait_messages(phone, before + 1)
        await asyncio.sleep(0.05)  # a reply may come in pieces
        return self.fake.last_message(phone).text or ""


@asynccontextmanager
async def whatsapp_run(
    tmp_path: Path,
    monkeypatch: Any,
    prepare: Callable[[Any, Path], Awaitable[None]] | None = None,
    *,
    scheduler: bool = False,
) -> AsyncIterator[WhatsAppRun]:
    """The sample data and `jejak run` with only WhatsApp, against a started fake Twilio.

    `prepare(services, db)` changes the data before the start (a class link, a staff member);
    the scheduler is the test's to run unless `scheduler`.
    """
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)
    fake = FakeTwilio()
    await fake.start()
    try:
        db = tmp_path / "jejak.db"
        settings = whatsapp_settings(fake, db)
        await asyncio.to_thread(migrate.upgrade, settings.database)
        services = await create_services(settings)
        try:
            await sample.load(services, Console(file=io.StringIO()))
            if prepare is not None:
                await prepare(services, db)
        finally:
            await services.aclose()
        stop, task = await start_bot(settings, scheduler=scheduler)
        try:
            yield WhatsAppRun(fake, db, settings, stop, task)
        finally:
            await stop_bot(stop, task)
    finally:
        await fake.stop()


async def asked_with_buttons(bot: Bot, chat: int, after: int, timeout: float = 10) -> SentMessage:
    """The first message after the chat's `after` messages that offers buttons (the next
    question), waited for: under load it may come a while after what answered the last step."""
    fake = bot.fake
    return await fake.wait_for(
        lambda: next((m for m in fake.messages(chat)[after:] if m.callback_data), None),
        timeout=timeout,
    )


async def sample_staff_token(
    settings: Settings,
    role: Any,
    now: Any,
    class_name: str | None = None,
    name: str | None = None,
) -> str:
    """A staff member of the sample SMK (in one class, or the whole school); their one-time
    link token."""
    from storage.roster import repository as repo
    from storage.staff import members as staff_repo

    services = await create_services(settings)
    try:
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            group = (
                await repo.get_class_group(session, school.id, class_name) if class_name else None
            )
            member = await staff_repo.add_staff(
                session,
                name or f"Staf {role.value}",
                role,
                [(school.id, group.id if group else None)],
                now,
            )
            assert member.link_token is not None
            return member.link_token
    finally:
        await services.aclose()
