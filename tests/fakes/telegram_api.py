"""An in-process fake of the Telegram Bot API server, speaking the real HTTP protocol.

The real python-telegram-bot talks to it over HTTP on 127.0.0.1::

    async with FakeTelegram() as fake:
        app = (
            ApplicationBuilder().token(fake.token)
            .base_url(fake.base_url).base_file_url(fake.base_file_url).build()
        )
        ...
        await fake.user_command(4242, "/start", args="TOKEN")
        [reply] = await fake.wait_messages(4242, 1)

Simulated users (``user_text``, ``user_press``…) create updates that the bot gets by long polling
(getUpdates) or, after setWebhook, as JSON POSTs to its webhook. Everything the bot does is
recorded: per-chat messages with their edits, callback answers, commands, uploaded files, every
request. Optional flood limits answer 429 like Telegram, and ``fail_next`` injects any error.

The parts: :mod:`fakes.telegram_objects` (records, JSON shapes, parameters, token bucket),
:mod:`fakes.telegram_format` (text, parse-mode, keyboard and command checks),
:mod:`fakes.telegram_state` (shared state), :mod:`fakes.telegram_methods` (the Bot API methods),
:mod:`fakes.telegram_users` (simulated users), :mod:`fakes.telegram_records` (records, waits),
and this module (server, lifecycle, injected failures, webhook delivery).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import aiohttp
from aiohttp import web

from .telegram_methods import BotApiMethods
from .telegram_objects import (
    JSON,
    ApiError,
    Params,
    RecordedRequest,
    SentDocument,
    SentMessage,
    UploadedFile,
    WebhookDelivery,
    bad_request,
    now_ts,
)
from .telegram_records import Recordings
from .telegram_state import PendingUpdate, WebhookConfig
from .telegram_users import SimulatedUsers

__all__ = ["FakeTelegram", "SentDocument", "SentMessage"]

_LOGGER = logging.getLogger(__name__)


@dataclass
class _Failure:
    """An error injected by :meth:`FakeTelegram.fail_next`."""

    method: str
    status: int
    description: str
    retry_after: int | None
    remaining: int
    chat_id: int | None


class FakeTelegram(Recordings, SimulatedUsers, BotApiMethods):
    """A fake Bot API server on 127.0.0.1 (random free port) with simulated users.

    ``global_rate`` (messages/s over all chats), ``per_chat_rate`` (messages/s per private chat)
    and ``group_per_minute`` (messages/min per group) switch on Telegram-like flood limits: token
    buckets holding a burst of ``max(1, rate)`` (a minute's worth for groups). Over a limit the
    call gets 429 with ``parameters.retry_after``. ``strict_chats`` refuses sends to chats that
    never wrote to the bot, as Telegram does. A failed webhook POST is retried
    ``webhook_attempts`` times in all, ``webhook_retry_delay`` seconds apart, then dropped.
    ``clock`` times the flood buckets and the records (inject one for deterministic benchmarks).
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_username: str = "jejak_test_bot",
        bot_name: str = "Jejak Test",
        global_rate: float | None = None,
        per_chat_rate: float | None = None,
        group_per_minute: int | None = None,
        strict_chats: bool = False,
        webhook_attempts: int = 3,
        webhook_retry_delay: float = 0.2,
        webhook_timeout: float = 10.0,
        max_poll_timeout: float = 50.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            token,
            bot_username=bot_username,
            bot_name=bot_name,
            global_rate=global_rate,
            per_chat_rate=per_chat_rate,
            group_per_minute=group_per_minute,
            strict_chats=strict_chats,
            max_poll_timeout=max_poll_timeout,
            clock=clock,
        )
        self._webhook_attempts = max(1, webhook_attempts)
        self._webhook_retry_delay = webhook_retry_delay
        self._webhook_timeout = webhook_timeout
        self._failures: list[_Failure] = []
        self._methods = self._method_table()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._port: int | None = None

    # ----------------------------------------------------------------------------------------
    # Lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port and start the webhook sender."""
        if self._runner is not None or self._closing:
            raise RuntimeError("a FakeTelegram starts once")
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=2.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession()
        self._webhook_task = asyncio.create_task(self._webhook_loop(), name="fake-telegram-webhook")

    async def stop(self) -> None:
        """Answer waiting long polls, stop the webhook sender, close the server and client."""
        self._closing = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """``http://127.0.0.1:PORT``: what JEJAK_TELEGRAM_API_URL would hold."""
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(…)``: PTB appends the token and the method."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(…)``."""
        return f"{self.api_url}/file/bot"

    # ----------------------------------------------------------------------------------------
    # Injected failures

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        *,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` ("*" for any) with this error.

        ``chat_id`` narrows it to calls for that chat. ``retry_after`` adds
        ``parameters.retry_after`` (PTB then raises RetryAfter whatever the status).
        """
        if description is None:
            if retry_after is not None:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = {400: "Bad Request", 403: "Forbidden", 409: "Conflict"}.get(
                    status, "Bad Gateway" if status >= 500 else "Error"
                )
        self._failures.append(
            _Failure(method.lower(), status, description, retry_after, times, chat_id)
        )

    def _injected(self, method: str, params: Params) -> None:
        for failure in self._failures:
            if failure.method not in ("*", method):
                continue
            if failure.chat_id is not None:
                try:
                    chat_id = params.integer("chat_id")
                except ApiError:
                    chat_id = None
                if chat_id != failure.chat_id:
                    continue
            failure.remaining -= 1
            if failure.remaining <= 0:
                self._failures.remove(failure)
            raise ApiError(failure.status, failure.description, retry_after=failure.retry_after)

    # ----------------------------------------------------------------------------------------
    # HTTP

    async def _read_params(self, request: web.Request) -> tuple[JSON, list[UploadedFile]]:
        raw: JSON = dict(request.query)
        files: list[UploadedFile] = []
        if request.method != "POST" or not request.body_exists:
            return raw, files
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            raw.update(body)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    content = value.file.read()
                    files.append(UploadedFile(key, value.filename, content, value.content_type))
                else:
                    raw[key] = value
        return raw, files

    async def _handle_api(self, request: web.Request) -> web.Response:
        started = self._clock()
        method = request.match_info["method"]
        raw: JSON = {}
        files: list[UploadedFile] = []
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            raw, files = await self._read_params(request)
            params = Params(raw)
            handler = self._methods.get(method.lower())
            if handler is None:
                raise ApiError(404, "Not Found")
            self._injected(method.lower(), params)
            body: JSON = {"ok": True, "result": await handler(params, files)}
            status = 200
        except ApiError as error:
            body, status = error.payload(), error.status
        except Exception as exc:  # a bug in the fake: answer like a broken server, and log it
            _LOGGER.exception("FakeTelegram failed on %s", method)
            body = {"ok": False, "error_code": 500, "description": f"Fake failed: {exc!r}"}
            status = 500
        except asyncio.CancelledError:
            self._record(method, raw, started, 499, request.method, files)
            raise
        if status == 429:
            self._count_429 += 1
        self._record(method, raw, started, status, request.method, files)
        return web.json_response(body, status=status)

    def _record(
        self,
        method: str,
        raw: JSON,
        started: float,
        status: int,
        http_method: str,
        files: list[UploadedFile],
    ) -> None:
        params = Params(raw).loggable()
        self._requests.append(
            RecordedRequest(method, params, started, status, http_method, tuple(files))
        )
        if method.lower() != "getupdates":
            self._last_activity = asyncio.get_running_loop().time()
        self._notify()

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.file_path == path), None)
        if request.match_info["token"] != self.token or stored is None or stored.content is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ----------------------------------------------------------------------------------------
    # Webhook delivery

    async def _webhook_loop(self) -> None:
        """Deliver pending updates to the webhook one at a time, in order, retrying failures."""
        while True:
            changed = self._changed
            hook = self._webhook
            if hook is None or not self._pending:
                await changed.wait()
                continue
            pending = self._available(1)[0]
            pending.attempts += 1
            delivery = await self._post_update(hook, pending)
            self._deliveries.append(delivery)
            self._last_activity = asyncio.get_running_loop().time()
            if delivery.ok:
                self._discard(pending)
            else:
                hook.last_error_date = now_ts()
                hook.last_error_message = (
                    delivery.error or f"Wrong response from the webhook: {delivery.status}"
                )
                if pending.attempts >= self._webhook_attempts:
                    self._discard(pending)
            self._notify()
            if not delivery.ok:
                await asyncio.sleep(self._webhook_retry_delay)

    def _discard(self, pending: PendingUpdate) -> None:
        with contextlib.suppress(ValueError):
            self._pending.remove(pending)

    async def _post_update(self, hook: WebhookConfig, pending: PendingUpdate) -> WebhookDelivery:
        assert self._session is not None
        headers = (
            {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        )
        status: int | None = None
        error: str | None = None
        body = ""
        try:
            async with self._session.post(
                hook.url,
                json=pending.update,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._webhook_timeout),
            ) as response:
                status = response.status
                body = (await response.text(errors="replace"))[:2000]
                if not 200 <= status <= 299:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {exc!r}"
        return WebhookDelivery(
            update_id=pending.update_id,
            url=hook.url,
            attempt=pending.attempts,
            status=status,
            error=error,
            body=body,
            secret_token=hook.secret_token,
            time=self._clock(),
        )
