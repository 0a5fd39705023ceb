"""`jejak run`: the Telegram and WhatsApp channels, the scheduler and Jejak's HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.errors import Fail
from bot.media import MediaShelf, QuietAccessLogger
from bot.services import Services, create_services, sync_questionnaires
from bot.staff_desk import StaffDesk
from bot.telegram.app import (
    WEBHOOK_PATH,
    allowed_updates,
    build_application,
    publish_commands,
    webhook_secret,
)
from bot.telegram.channel import TelegramChannel, utc_now
from bot.telegram.sender import TelegramSender
from bot.telegram.staff import TelegramStaff
from bot.whatsapp.channel import STATUS_PATH, WhatsAppChannel
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from config.settings import Settings
from scheduler.clock import Clock, SystemClock
from scheduler.outbox import Sender
from scheduler.service import SchedulerService, Sweeper

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(settings: Settings, application: Application | None) -> web.Application:  # type: ignore[type-arg]
    """/healthz always; the Telegram webhook when JEJAK_PUBLIC_URL makes Telegram call us."""
    app = web.Application(client_max_size=1024 * 1024)
    mode = "off" if application is None else ("webhook" if settings.public_url else "polling")

    async def healthz(request: web.Request) -> web.Response:
        whatsapp = "webhook" if settings.whatsapp_enabled else "off"
        return web.json_response({"status": "ok", "telegram": mode, "whatsapp": whatsapp})

    app.router.add_get("/healthz", healthz)
    if application is not None and settings.public_url:
        secret = webhook_secret(settings)

        async def telegram_webhook(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403)
            try:
                data = await request.json()
                update = Update.de_json(data, application.bot)
            except (ValueError, TypeError, KeyError):
                return web.Response(status=400)
            await application.update_queue.put(update)
            return web.Response(status=200)

        app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    return app


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

    telegram: Application | None = None  # type: ignore[type-arg]
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
        wiring.whatsapp = WhatsAppChannel(services, client, desk, media=wiring.media)
        senders["whatsapp"] = TwilioSender(client, settings)
    if scheduler:  # else the process that runs the scheduler sends what staff plan
        wiring.sweeper = Sweeper(services.sessions, senders, clock, settings.language)
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
) -> None:
    """Run until `stop` is set; messages in flight are finished before the channels stop."""
    if settings.telegram_token is None and not settings.whatsapp_enabled:
        raise Fail("run_no_token")
    if settings.whatsapp_enabled and not settings.public_url:
        raise Fail("run_whatsapp_needs_public_url")
    services = await create_services(settings)
    try:
        await sync_questionnaires(services)
        wiring = wire(services, settings, clock or SystemClock(), scheduler)
        heartbeat = (
            SchedulerService(wiring.sweeper, settings.database, sweep_interval)
            if wiring.sweeper is not None
            else None
        )
        async with contextlib.AsyncExitStack() as stack:
            application = wiring.telegram
            if application is not None:
                await stack.enter_async_context(application)
                await start_telegram(settings, application)
                stack.push_async_callback(stop_telegram, application)
            if wiring.whatsapp is not None:
                stack.push_async_callback(wiring.whatsapp.client.aclose)
                stack.push_async_callback(wiring.whatsapp.drain)
            app = web_app(settings, application)
            if wiring.whatsapp is not None:
                wiring.whatsapp.register(app)
            if wiring.media is not None:
                wiring.media.register(app)
            runner = web.AppRunner(app, access_log_class=QuietAccessLogger)
            await runner.setup()
            stack.push_async_callback(runner.cleanup)
            await web.TCPSite(runner, settings.http_host, settings.http_port).start()
            if heartbeat is not None:
                heartbeat.start()
                stack.callback(heartbeat.shutdown)
            await send_unsent(wiring)
            log.info("running: telegram %s, whatsapp %s", application is not None,
                     wiring.whatsapp is not None)  # fmt: skip
            if ready is not None:
                ready()
            await stop.wait()
    finally:
        await services.aclose()


async def send_unsent(wiring: Wiring) -> None:
    """Replies stored with their turn that a stopped process never sent: sent now, once."""
    try:
        if wiring.telegram_channel is not None and wiring.telegram is not None:
            await wiring.telegram_channel.send_unsent(wiring.telegram.bot)
        if wiring.whatsapp is not None:
            await wiring.whatsapp.send_unsent()
    except Exception as exc:  # the next start tries again; starting matters more
        log.warning("stored replies not sent at start: %s", type(exc).__name__)


async def start_telegram(settings: Settings, application: Application) -> None:  # type: ignore[type-arg]
    """Menu, then webhook (with JEJAK_PUBLIC_URL) or long polling, then the handlers."""
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


async def stop_telegram(application: Application) -> None:  # type: ignore[type-arg]
    """Stop polling, then finish the updates in flight."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    await application.stop()


async def run_until_signalled(
    settings: Settings, ready: Callable[[], None] | None = None, scheduler: bool = True
) -> None:
    """`jejak run`: serve until Ctrl-C or SIGTERM, then finish what is in flight."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop, ready, scheduler=scheduler)
