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
from bot.services import create_services, sync_questionnaires
from bot.telegram.app import (
    WEBHOOK_PATH,
    allowed_updates,
    build_application,
    publish_commands,
    webhook_secret,
)
from bot.telegram.channel import TelegramChannel
from config.settings import Settings

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


async def serve(
    settings: Settings, stop: asyncio.Event, ready: Callable[[], None] | None = None
) -> None:
    """Run until `stop` is set; updates in flight are finished before the bot stops."""
    if settings.telegram_token is None:
        raise Fail("run_no_token")
    services = await create_services(settings)
    try:
        await sync_questionnaires(services)
        application = build_application(settings, TelegramChannel(services))
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
            log.info("running: telegram %s", "webhook" if settings.public_url else "polling")
            if ready is not None:
                ready()
            try:
                await stop.wait()
            finally:
                await runner.cleanup()
                if application.updater is not None and application.updater.running:
                    await application.updater.stop()
                await application.stop()
    finally:
        await services.aclose()


async def run_until_signalled(settings: Settings, ready: Callable[[], None] | None = None) -> None:
    """`jejak run`: serve until Ctrl-C or SIGTERM, then finish what is in flight."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(settings, stop, ready)
