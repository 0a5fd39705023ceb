"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

PTB talks HTTP through a `BaseRequest`; its own is httpx/httpcore. Under many chats at once that
transport costs more CPU than everything else a turn does: httpcore rescans its whole connection
pool on every request, and its anyio layers add several awaits per request
(bench/telegram_bench.py measured the same bot at about a quarter of the rate). aiohttp is
already Jejak's HTTP server, and its client connector does neither. This is PTB's documented
extension point: only how bytes travel changes; PTB still builds every request, parses every
answer and raises its own errors (RetryAfter, Forbidden, …) from the status and body returned here.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB's own defaults for HTTPXRequest, in seconds.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_TIMEOUT = 1.0
JSON_BODY = "application/json"


class AiohttpRequest(BaseRequest):
    """A pool of keep-alive connections to the Bot API server, as PTB's HTTPXRequest is.

    `connections` bounds the open connections (PTB's default pool for bot methods is 256; the
    updater's getUpdates needs only 1). Timeouts follow HTTPXRequest's meaning: connect, read
    (per read), write (the whole upload: 20 s when files go), pool (waiting for a free connection).
    """

    def __init__(self, connections: int = 256, read_timeout: float = READ_TIMEOUT) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections)
            # trust_env: HTTPS_PROXY/NO_PROXY apply, as with PTB's own (httpx) transport; a
            # school network often reaches Telegram only through its proxy.
            self._session = aiohttp.ClientSession(connector=connector, trust_env=True)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One request; aiohttp's failures become PTB's TimedOut and NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data is not None else None
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT)
        pool = _given(pool_timeout, POOL_TIMEOUT)
        timeout = aiohttp.ClientTimeout(
            sock_connect=_given(connect_timeout, CONNECT_TIMEOUT),
            sock_read=read,
            # aiohttp has no write or pool timeout of its own: bound the whole exchange instead,
            # so a request stuck waiting for a connection or an upload still ends.
            total=None if read is None else read + (write or 0) + (pool or 0),
        )
        data = _body(request_data, files)
        headers = {"User-Agent": self.USER_AGENT}
        if isinstance(data, bytes):
            headers["Content-Type"] = JSON_BODY
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # The class name helps when the message is empty (e.g. a dropped connection).
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def _given(value: Any, default: float) -> Any:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _body(request_data: RequestData | None, files: dict[str, Any] | None) -> Any:
    """A JSON body, or multipart/form-data when files go along (as HTTPXRequest sends them).

    The Bot API takes application/json for every method except uploads; PTB's parameters are
    already JSON values (objects converted). A form body costs more: handed a dict, aiohttp
    builds a FormData, with a multipart writer and a random boundary, for every request, and
    urlencoding the JSON-encoded fields takes about ten times as long as one json.dumps.
    """
    if request_data is None:
        return None
    if not files:
        return json.dumps(request_data.parameters).encode()
    fields = request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, upload in files.items():
        if isinstance(upload, tuple):
            filename, content, *rest = upload
            content_type = rest[0] if rest else None
            form.add_field(name, content, filename=filename, content_type=content_type)
        else:
            form.add_field(name, upload)
    return form
