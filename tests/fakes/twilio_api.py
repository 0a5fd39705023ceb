"""An in-process fake of Twilio's REST API for WhatsApp, speaking the real HTTP protocol.

The real twilio client talks to it over HTTP on 127.0.0.1::

    async with FakeTwilio() as fake:
        client = Client(fake.account_sid, fake.auth_token, http_client=AsyncTwilioHttpClient())
        client.api.base_url = fake.url
        fake.set_webhook("http://127.0.0.1:8080/twilio/whatsapp")
        await fake.user_text("+6281234567890", "halo")
        [reply] = await fake.wait_reply("+6281234567890")
        await fake.callbacks_settled()
        await client.http_client.close()

``POST /2010-04-01/Accounts/{sid}/Messages.json`` creates a message (basic auth, form body) and
answers 201 with the Message resource; ``GET …/Messages/{sid}.json`` fetches it. Like Twilio,
the fake checks the sender, the recipient, the body or Content Template, and the 24-hour
window: a free-form message outside it is accepted, then fails with 63016 in its status
callback. Callbacks and users' messages are signed with X-Twilio-Signature. ``fail_next``
injects REST errors, ``fail_delivery_next`` later delivery failures, ``rate_per_second`` a
per-sender rate limit.

The parts: :mod:`fakes.twilio_objects` (codes, sids, records, JSON), :mod:`fakes.twilio_state`
(shared state, window, signing), :mod:`fakes.twilio_records` (records, waits),
:mod:`fakes.twilio_callbacks` (statuses and their callbacks), :mod:`fakes.twilio_users`
(simulated users), :mod:`fakes.twilio_messages` (creating messages, templates, injected
failures), :mod:`fakes.twilio_media` (fetching outbound MediaUrls), and this module (server,
lifecycle, HTTP, authentication).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from types import TracebackType

import aiohttp
from aiohttp import web

from .twilio_callbacks import CallbackOrder
from .twilio_messages import MessagesResource
from .twilio_objects import (
    API_VERSION,
    RecordedRequest,
    SentMessage,
    TwilioError,
    error_message,
    message_json,
    new_sid,
)
from .twilio_state import utc_now

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "FakeTwilio", "SentMessage"]

_LOGGER = logging.getLogger(__name__)
DEFAULT_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
DEFAULT_AUTH_TOKEN = "fedcba9876543210" * 2
SANDBOX_SENDER = "+14155238886"  # Twilio's WhatsApp sandbox number
_PREFIX = f"/{API_VERSION}/Accounts/{{account}}"


class FakeTwilio(MessagesResource):
    """A fake Twilio REST API on 127.0.0.1 (random free port) with simulated WhatsApp users.

    ``sender`` is the WhatsApp number Jejak must send from (``From=whatsapp:<sender>``);
    ``messaging_service_sid`` (MG…) is also accepted instead of From. ``window`` is WhatsApp's
    customer-service window. ``rate_per_second`` limits messages per sender (a token bucket
    with a burst of ``max(1, rate)``); beyond it the call gets 429 with ``rate_limit_code`` and
    Retry-After. ``read_receipts`` adds ``read`` after ``delivered``. The callback options are
    described in :class:`fakes.twilio_callbacks.StatusCallbacks`; ``response_delay`` slows every
    REST answer; ``now`` is the clock of the window and the records.
    """

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        *,
        sender: str = SANDBOX_SENDER,
        messaging_service_sid: str | None = None,
        window: timedelta = timedelta(hours=24),
        rate_per_second: float | None = None,
        rate_limit_code: int = 20429,
        read_receipts: bool = False,
        callback_order: CallbackOrder = "in_order",
        callback_copies: int = 1,
        callback_delay: float = 0.005,
        callback_seed: int = 0,
        response_delay: float = 0.0,
        webhook_timeout: float = 15.0,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(
            account_sid,
            auth_token,
            sender=sender,
            messaging_service_sid=messaging_service_sid,
            window=window,
            webhook_timeout=webhook_timeout,
            now=now,
        )
        self._init_callbacks(callback_order, callback_copies, callback_delay, callback_seed)
        self._init_users()
        self._init_messages(rate_per_second, rate_limit_code, read_receipts)
        self.response_delay = response_delay
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------------------------------
    # Lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port; open the client that POSTs webhooks."""
        if self._runner is not None or self._closing:
            raise RuntimeError("a FakeTwilio starts once")
        app = web.Application()
        messages = _PREFIX + "/Messages"
        app.router.add_post(messages + ".json", self._handle_create)
        app.router.add_get(messages + "/{sid}.json", self._handle_fetch)
        app.router.add_get(messages + "/{sid}/Media/{media}", self._handle_media)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Cancel the callbacks not yet sent, close the server and the webhook client."""
        self._closing = True
        await self._cancel_callbacks()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._notify()

    async def __aenter__(self) -> FakeTwilio:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ----------------------------------------------------------------------------------------
    # HTTP

    async def _handle_create(self, request: web.Request) -> web.Response:
        form = await request.post()
        params = {key: value for key, value in form.items() if isinstance(value, str)}
        media_urls = [url for url in form.getall("MediaUrl", []) if isinstance(url, str)]
        message: SentMessage | None = None
        error: TwilioError | None = None
        try:
            self._authenticate(request)
            phone = self._phone_or_none(params.get("To"))
            failure = self._take(self._failures, phone, media=bool(media_urls))
            if failure is not None and not failure.accept:
                raise failure.error()
            self._rate_limit(params)
            message = self._create(params, media_urls)
            if failure is not None:
                raise failure.error()
        except TwilioError as refused:
            error = refused
        except Exception as exc:  # a bug in the fake: answer like a broken server, and log it
            _LOGGER.exception("FakeTwilio failed to create a message")
            error = TwilioError(500, 20500, f"Fake failed: {exc!r}")
        sid = message.sid if message else None
        if error is None:
            assert message is not None
            self._record("POST", request.path, params, 201, None, sid)
            response = web.json_response(
                message_json(message, self.account_sid), status=201, headers=_request_id()
            )
        else:
            self._record("POST", request.path, params, error.status, error.code, sid)
            response = self._error_response(error)
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        return response

    async def _handle_fetch(self, request: web.Request) -> web.Response:
        sid = request.match_info["sid"]
        try:
            self._authenticate(request)
            message = self._messages.get(sid)
            if message is None:
                raise TwilioError(404, 20404, error_message(20404, path=request.path))
        except TwilioError as error:
            self._record("GET", request.path, {}, error.status, error.code, sid)
            return self._error_response(error)
        self._record("GET", request.path, {}, 200, None, sid)
        return web.json_response(message_json(message, self.account_sid), headers=_request_id())

    async def _handle_media(self, request: web.Request) -> web.Response:
        stored = self.media(request.match_info["media"])
        if stored is None or request.match_info["account"] != self.account_sid:
            error = TwilioError(404, 20404, error_message(20404, path=request.path))
            return self._error_response(error)
        return web.Response(body=stored.content, content_type=stored.content_type)

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        error = TwilioError(404, 20404, error_message(20404, path=request.path))
        self._record(request.method, request.path, {}, 404, 20404, None)
        return self._error_response(error)

    def _authenticate(self, request: web.Request) -> None:
        """Basic auth with the account sid and auth token, for the account in the path."""
        header = request.headers.get("Authorization", "")
        try:
            auth = aiohttp.BasicAuth.decode(header)
        except ValueError:
            auth = None
        if (
            auth is None
            or auth.login != self.account_sid
            or auth.password != self.auth_token
            or request.match_info.get("account") != self.account_sid
        ):
            raise TwilioError(401, 20003)

    def _error_response(self, error: TwilioError) -> web.Response:
        headers = _request_id()
        if error.retry_after is not None:
            headers["Retry-After"] = str(error.retry_after)
        if error.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        if error.raw_body is not None:
            return web.Response(
                text=error.raw_body, status=error.status, content_type="text/html", headers=headers
            )
        return web.json_response(error.payload(), status=error.status, headers=headers)

    def _record(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        status: int,
        code: int | None,
        sid: str | None,
    ) -> None:
        if status == 429:
            self._count_429 += 1
        self._requests.append(RecordedRequest(method, path, params, self._now(), status, code, sid))
        self._notify()


def _request_id() -> dict[str, str]:
    """The Twilio-Request-Id header Twilio puts on every answer."""
    return {"Twilio-Request-Id": new_sid("RQ")}
