"""`jejak run`: the Telegram and WhatsApp channels, the scheduler and Jejak's HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot, Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application

from bot.errors import Fail
from bot.media import MediaShelf, QuietAccessLogger
from bot.services import Services, create_services, sync_questionnaires
from bot.staff.desk import StaffDesk
from bot.telegram.app import (
    WEBHOOK_PATH,
    allowed_updates,
    build_application,
    publish_commands,
    webhook_secret,
)
from bot.telegram.channel import TelegramChannel
from bot.telegram.sender import TelegramSender
from bot.telegram.staff import TelegramStaff
from bot.whatsapp.channel import STATUS_PATH, WhatsAppChannel
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from config.clock import utc_now
from config.settings import Settings
from config.staff_messages import staff_text
from scheduler.clock import Clock, SystemClock
from scheduler.outbox import Sender
from scheduler.parents import ParentContact
from scheduler.service import SchedulerService, Sweeper
from storage import migrate
from storage.database import ping

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_TIMEOUT = 2.0  # seconds: /healthz says 503 rather than hang with the database
# Waits between attempts to reach Telegram at start-up, in seconds: doubling up to once a minute.
FIRST_RETRY = 2.0
LAST_RETRY = 60.0
TELEGRAM_HOST = "api.telegram.org"
T = TypeVar("T")
Notice = Callable[[str], None]  # one line for the operator, already in their language


class Stopped(Exception):
    """Ctrl-C or SIGTERM came before start-up finished."""


class DatabaseCheck:
    """`SELECT 1` with a short timeout; requests arriving while one runs share its answer."""

    def __init__(self, engine: AsyncEngine, timeout: float = HEALTH_TIMEOUT) -> None:
        self.engine = engine
        self.timeout = timeout
        self._running: asyncio.Task[bool] | None = None

    async def __call__(self) -> bool:
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._check())
        # Shielded: a health checker hanging up must not cancel the check others wait for.
        return await asyncio.shield(self._running)

    async def _check(self) -> bool:
        try:
            await asyncio.wait_for(ping(self.engine), self.timeout)
        except (TimeoutError, OSError, SQLAlchemyError) as exc:
            log.warning("healthz: database unavailable (%s)", exc.__class__.__name__)
            return False
        return True


class Readiness:
    """/readyz: start-up finished, the database answers, and its schema is the one this code has.

    Liveness (/healthz) says the process should not be restarted; readiness says it should get
    traffic. A replica started before `jejak db upgrade` ran under it is alive but not ready.
    """

    def __init__(self, engine: AsyncEngine, database_ok: Callable[[], Awaitable[bool]]) -> None:
        self.engine = engine
        self.database_ok = database_ok
        self.started = False
        self.expected = migrate.head()

    async def __call__(self) -> tuple[bool, dict[str, str]]:
        if not self.started:
            return False, {"status": "starting"}
        if not await self.database_ok():
            return False, {"status": "error", "database": "unavailable"}
        try:
            found = await asyncio.wait_for(migrate.revision_of(self.engine), HEALTH_TIMEOUT)
        except (TimeoutError, OSError, SQLAlchemyError) as exc:
            log.warning("readyz: schema unreadable (%s)", exc.__class__.__name__)
            return False, {"status": "error", "database": "unavailable"}
        if found != self.expected:
            return False, {"status": "error", "schema": str(found), "expected": self.expected}
        return True, {"status": "ready"}


def web_app(
    settings: Settings,
    application: Application | None,
    database_ok: Callable[[], Awaitable[bool]],
    readiness: Callable[[], Awaitable[tuple[bool, dict[str, str]]]] | None = None,
) -> web.Application:
    """/healthz and /readyz always; the Telegram webhook when JEJAK_PUBLIC_URL asks for it."""
    app = web.Application(client_max_size=1024 * 1024)
    mode = "off" if application is None else ("webhook" if settings.public_url else "polling")

    async def healthz(request: web.Request) -> web.Response:
        if not await database_ok():
            return web.json_response({"status": "error", "database": "unavailable"}, status=503)
        whatsapp = "webhook" if settings.whatsapp_enabled else "off"
        return web.json_response({"status": "ok", "telegram": mode, "whatsapp": whatsapp})

    async def readyz(request: web.Request) -> web.Response:
        ready, body = (True, {"status": "ready"}) if readiness is None else await readiness()
        return web.json_response(body, status=200 if ready else 503)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    if application is not None and settings.public_url:
        secret = webhook_secret(settings)

        async def telegram_webhook(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403)
            try:
                update = readable_update(await request.json(), application.bot)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                # PTB's de_json fails in many ways on a malformed update; none is our fault.
                log.warning("telegram webhook: unreadable update refused (%s)", type(exc).__name__)
                return web.Response(status=400)
            await application.update_queue.put(update)
            return web.Response(status=200)

        app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    return app


def readable_update(data: object, bot: Bot) -> Update:
    """The update in a webhook body, or ValueError when it is not one Telegram would send.

    PTB's de_json reads leniently: a message without a chat, or a chat whose id is text, would
    only fail later inside a handler, after Telegram was told the update was taken.
    """
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise ValueError("not an update object")
    update = Update.de_json(data, bot)
    message = update.effective_message
    if message is not None and (
        not isinstance(message.message_id, int)
        or message.chat is None
        or not isinstance(message.chat.id, int)
    ):
        raise ValueError("a message without a proper chat")
    query = update.callback_query
    if query is not None and (query.from_user is None or not isinstance(query.from_user.id, int)):
        raise ValueError("a button press without a proper user")
    user = update.effective_user
    if user is not None and not isinstance(user.id, int):
        raise ValueError("a user whose id is not a number")
    return update


async def listen(app: web.Application, settings: Settings) -> Callable[[], Awaitable[None]]:
    """Bind Jejak's HTTP port, or fail naming the address and its setting; returns the closer."""
    runner = web.AppRunner(app, access_log_class=QuietAccessLogger)
    await runner.setup()
    host, port = settings.http_host, settings.http_port
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        if exc.errno == errno.EADDRINUSE:
            raise Fail("run_port_in_use", host=host, port=port) from None
        reason = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        raise Fail("run_port_unusable", host=host, port=port, reason=reason) from None
    closed = False

    async def close() -> None:
        nonlocal closed
        if not closed:
            closed = True
            await runner.cleanup()

    return close


class Kicker:
    """Sends what a staff command just planned without waiting for the next sweep."""

    def __init__(self, sweeper: Sweeper) -> None:
        self.sweeper = sweeper
        self.tasks: set[asyncio.Task[object]] = set()

    async def __call__(self) -> None:
        task = asyncio.create_task(self.sweeper.outbox.deliver_due(self.sweeper.clock.now()))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


@dataclass
class Wiring:
    """The configured channels, and the scheduler unless this process runs without it."""

    telegram: Application | None = None
    telegram_channel: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    sweeper: Sweeper | None = None
    media: MediaShelf | None = None  # files at short-lived public URLs (WhatsApp fetches them)


def wire(services: Services, settings: Settings, clock: Clock, scheduler: bool) -> Wiring:
    """Every configured channel with staff commands, and the scheduler sending through them."""
    desk = StaffDesk(services, clock.now)
    wiring = Wiring()
    senders: dict[str, Sender] = {}
    if settings.telegram_token is not None:
        channel = TelegramChannel(services, utc_now, TelegramStaff(desk))
        wiring.telegram_channel = channel
        wiring.telegram = build_application(settings, channel)
        senders["telegram"] = TelegramSender(wiring.telegram.bot)
    if settings.public_url:
        wiring.media = MediaShelf(services.sessions, settings.public_url, clock.now)
    if settings.whatsapp_enabled:
        callback = (settings.public_url or "").rstrip("/") + STATUS_PATH
        client = WhatsAppClient(settings, status_callback=callback)
        # Alumni chats read `utc_now` (this module's, as the Telegram channel does), not the
        # scheduler's clock: a test simulating days sets both.
        wiring.whatsapp = WhatsAppChannel(services, client, desk, utc_now, media=wiring.media)
        senders["whatsapp"] = TwilioSender(client, settings)
    if scheduler:  # else the process that runs the scheduler sends what staff plan
        wiring.sweeper = Sweeper(
            services.sessions, senders, clock, settings.language,
            parents=ParentContact.from_settings(settings),
            checkin_months=settings.checkin_months,
        )  # fmt: skip
        desk.kick = Kicker(wiring.sweeper)
    return wiring


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    ready: Callable[[], None] | None = None,
    *,
    scheduler: bool = True,
    clock: Clock | None = None,
    sweep_interval: float = 60.0,
    notice: Notice | None = None,
) -> None:
    """Run until `stop` is set; messages in flight are finished before the channels stop.

    `stop` also ends start-up at any point (waiting for the database or for Telegram), leaving
    nothing running; `notice` tells the operator what start-up is waiting for.
    """
    if settings.telegram_token is None and not settings.whatsapp_enabled:
        raise Fail("run_no_token")
    if settings.whatsapp_enabled and not settings.public_url:
        raise Fail("run_whatsapp_needs_public_url")
    async with contextlib.AsyncExitStack() as stack:
        work = start(
            settings, stack, stop, scheduler, clock or SystemClock(), sweep_interval,
            notice or log.warning,
        )  # fmt: skip
        try:
            await until_stopped(stop, work)
        except Stopped:
            log.info("stopped during start-up")
            return
        if ready is not None:
            ready()
        await stop.wait()


async def start(
    settings: Settings,
    stack: contextlib.AsyncExitStack,
    stop: asyncio.Event,
    scheduler: bool,
    clock: Clock,
    sweep_interval: float,
    notice: Notice,
) -> None:
    """Start every part, pushing its stop on `stack`, the HTTP port before any bot."""
    # A port in use (a second `jejak run`) must stop start-up before a bot polls or the
    # scheduler sends: the port is bound first, the network and the scheduler come after.
    services = await create_services(settings)
    stack.push_async_callback(services.aclose)
    await sync_questionnaires(services)
    wiring = wire(services, settings, clock, scheduler)
    database_ok = DatabaseCheck(services.engine)
    readiness = Readiness(services.engine, database_ok)
    app = web_app(settings, wiring.telegram, database_ok, readiness)
    if wiring.whatsapp is not None:
        wiring.whatsapp.register(app)
    if wiring.media is not None:
        wiring.media.register(app)
    close_http = await listen(app, settings)
    stack.push_async_callback(close_http)  # when start-up stops half-way
    application = wiring.telegram
    if application is not None:
        stack.push_async_callback(close_telegram, application)
    if wiring.whatsapp is not None:
        stack.push_async_callback(wiring.whatsapp.client.aclose)
        stack.push_async_callback(wiring.whatsapp.drain)
    if application is not None:
        await start_telegram_when_reachable(settings, application, stop, notice)
    stack.push_async_callback(close_http)  # on the way out, no new requests first
    if wiring.sweeper is not None:
        heartbeat = SchedulerService(wiring.sweeper, sweep_interval)
        heartbeat.start()
        stack.push_async_callback(heartbeat.aclose)
    await send_unsent(wiring)
    readiness.started = True
    log.info("running: telegram %s, whatsapp %s", application is not None,
             wiring.whatsapp is not None)  # fmt: skip


async def until_stopped(stop: asyncio.Event, work: Coroutine[Any, Any, T]) -> T:
    """`work`'s result, unless `stop` is set first: then `work` is cancelled and Stopped raised."""
    task = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    if task.cancelled():
        raise Stopped
    return task.result()


async def start_telegram_when_reachable(
    settings: Settings,
    application: Application,
    stop: asyncio.Event,
    notice: Notice,
) -> None:
    """start_telegram, tried again while Telegram cannot be reached; a refused token is final."""
    wait = FIRST_RETRY
    while True:
        try:
            await start_telegram(settings, application)
            return
        except NetworkError as exc:  # TimedOut too, and Telegram's own 5xx answers
            notice(
                staff_text(
                    settings.language,
                    "run_telegram_unreachable",
                    host=telegram_host(settings),
                    reason=failure_name(exc),
                    seconds=round(wait),
                )
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)
        if stop.is_set():
            raise Stopped
        wait = min(wait * 2, LAST_RETRY)


def telegram_host(settings: Settings) -> str:
    """Where Jejak calls the Bot API: Telegram's host, or JEJAK_TELEGRAM_API_URL's."""
    if not settings.telegram_api_url:
        return TELEGRAM_HOST
    url = urlsplit(settings.telegram_api_url)
    return f"{url.hostname}:{url.port}" if url.port else str(url.hostname)


def failure_name(exc: NetworkError) -> str:
    """What failed, by class (ClientConnectorDNSError, TimedOut…): messages may hold the URL."""
    cause = exc.__cause__
    if isinstance(exc, TimedOut) or not isinstance(cause, Exception):
        return type(exc).__name__
    return type(cause).__name__


async def send_unsent(wiring: Wiring) -> None:
    """Replies stored with their turn that a stopped process never sent: sent now, once."""
    try:
        if wiring.telegram_channel is not None and wiring.telegram is not None:
            await wiring.telegram_channel.send_unsent(wiring.telegram.bot)
        if wiring.whatsapp is not None:
            await wiring.whatsapp.send_unsent()
    except Exception as exc:  # the next start tries again; starting matters more
        log.warning("stored replies not sent at start: %s", type(exc).__name__)


async def start_telegram(settings: Settings, application: Application) -> None:
    """getMe, the menu, then webhook (with JEJAK_PUBLIC_URL) or long polling, then handlers."""
    await application.initialize()  # again after a failure: PTB resumes where it stopped
    await publish_commands(application)
    if settings.public_url:
        await application.bot.set_webhook(
            url=settings.public_url.rstrip("/") + WEBHOOK_PATH,
            secret_token=webhook_secret(settings),
            allowed_updates=allowed_updates(),
        )
    else:
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=allowed_updates())
    await application.start()


async def close_telegram(application: Application) -> None:
    """Stop polling, finish the updates in flight, close the connections: whatever had started."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    await application.bot.shutdown()  # a getMe that never succeeded still opened connections


async def run_until_signalled(
    settings: Settings,
    ready: Callable[[], None] | None = None,
    scheduler: bool = True,
    notice: Notice | None = None,
) -> None:
    """`jejak run`: serve until Ctrl-C or SIGTERM, then finish what is in flight."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Before any connection: Ctrl-C must also end a start-up that waits for the network.
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop, ready, scheduler=scheduler, notice=notice)
