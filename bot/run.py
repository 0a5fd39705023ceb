"""`jejak run`: the bots and Jejak's HTTP server, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from collections.abc import Callable

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.errors import Fail
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
from config.settings import Settings
from scheduler.clock import Clock, SystemClock
from scheduler.service import SchedulerService, Sweeper

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(settings: Settings, application: Application | None) -> web.Application:  # type: ignore[type-arg]
    """/healthz always; the Telegram webhook when JEJAK_PUBLIC_URL makes Telegram call us."""
    app = web.Application(client_max_size=1024 * 1024)
    mode = "off" if application is None else ("webhook" if settings.public_url else "polling")

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "telegram": mode})

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


def wire(
    services: Services, settings: Settings, clock: Clock, scheduler: bool
) -> tuple[Application, Sweeper | None]:  # type: ignore[type-arg]
    """The Telegram application with staff commands and, unless disabled, the scheduler."""
    desk = StaffDesk(services, clock.now)
    channel = TelegramChannel(services, utc_now, TelegramStaff(desk))
    application = build_application(settings, channel)
    if not scheduler:
        return application, None  # the process that runs the scheduler sends what staff plan
    sender = TelegramSender(application.bot)
    sweeper = Sweeper(services.sessions, {sender.channel: sender}, clock, settings.language)
    desk.kick = Kicker(sweeper)
    return application, sweeper


async def serve(
    settings: Settings,
    stop: asyncio.Event,
    ready: Callable[[], None] | None = None,
    *,
    scheduler: bool = True,
    clock: Clock | None = None,
    sweep_interval: float = 60.0,
) -> None:
    """Run until `stop` is set; updates in flight are finished before the bot stops."""
    if settings.telegram_token is None:
        raise Fail("run_no_token")
    services = await create_services(settings)
    try:
        await sync_questionnaires(services)
        application, sweeper = wire(services, settings, clock or SystemClock(), scheduler)
        heartbeat = (
            SchedulerService(sweeper, settings.database, sweep_interval)
            if sweeper is not None
            else None
        )
        async with application:
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
            runner = web.AppRunner(web_app(settings, application))
            await runner.setup()
            await web.TCPSite(runner, settings.http_host, settings.http_port).start()
            if heartbeat is not None:
                heartbeat.start()
            log.info("running: telegram %s", "webhook" if settings.public_url else "polling")
            if ready is not None:
                ready()
            try:
                await stop.wait()
            finally:
                if heartbeat is not None:
                    heartbeat.shutdown()
                await runner.cleanup()
                if application.updater is not None and application.updater.running:
                    await application.updater.stop()
                await application.stop()
    finally:
        await services.aclose()


async def run_until_signalled(
    settings: Settings, ready: Callable[[], None] | None = None, scheduler: bool = True
) -> None:
    """`jejak run`: serve until Ctrl-C or SIGTERM, then finish what is in flight."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop, ready, scheduler=scheduler)
