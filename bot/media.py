"""Files at an unguessable, expiring URL on Jejak's HTTP server: `GET /media/<token>/<filename>`.

WhatsApp (through Twilio) sends a file only from a public URL that Twilio fetches itself. A file
is kept in the database (storage/deliveries/media.py) so any `jejak run` process behind the public
URL can serve it. An unknown, malformed or expired token gets a bare 404. Neither the token nor the
URL is ever logged, and the access log shows media requests without their path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from aiohttp.web_log import AccessLogger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.deliveries.media import MEDIA_TTL, find_media, note_message, store_media

log = logging.getLogger(__name__)

MEDIA_PREFIX = "/media/"
MEDIA_ROUTE = MEDIA_PREFIX + "{token}/{filename}"


@dataclass(frozen=True, slots=True)
class Published:
    """A stored file's public URL, and the token that names it (never logged)."""

    url: str
    token: str


class MediaShelf:
    """Keeps files for a few minutes and serves them to whoever holds the URL (Twilio)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        public_url: str,
        clock: Callable[[], datetime],
        ttl: timedelta = MEDIA_TTL,
    ) -> None:
        self.sessions = sessions
        self.base = public_url.rstrip("/")
        self.clock = clock
        self.ttl = ttl

    def register(self, app: web.Application) -> None:
        """Add `GET /media/<token>/<filename>` (HEAD too) to Jejak's HTTP server."""
        app.router.add_get(MEDIA_ROUTE, self.serve)

    async def publish(self, filename: str, content: bytes) -> Published:
        """Store a file; its public URL is valid until the TTL runs out."""
        async with self.sessions() as session, session.begin():
            media = await store_media(session, filename, content, self.clock(), ttl=self.ttl)
            url = f"{self.base}{MEDIA_PREFIX}{media.token}/{media.filename}"
            return Published(url, media.token)

    async def sent_in(self, published: Published, sid: str, recipient: str, language: str) -> None:
        """The file went out in message `sid`: a late failure of it is told to `recipient`."""
        async with self.sessions() as session, session.begin():
            await note_message(session, published.token, sid, recipient, language)

    async def serve(self, request: web.Request) -> web.Response:
        """The file, or a bare 404 for an unknown, expired or misnamed one."""
        token = request.match_info["token"]
        try:
            async with self.sessions() as session:
                media = await find_media(session, token, self.clock())
                found = (
                    (media.id, media.filename, media.content_type, media.content)
                    if media is not None and media.filename == request.match_info["filename"]
                    else None
                )
        except Exception as exc:  # its message may quote the SQL parameters: the token
            log.warning("media lookup failed: %s", type(exc).__name__)
            return web.Response(status=503)
        if found is None:
            return web.Response(status=404)
        media_id, filename, content_type, content = found
        log.info("media %s served (%s bytes)", media_id, len(content))
        return web.Response(
            body=content,
            content_type=content_type,
            headers={
                # Twilio shows this name; the file name is safe ([A-Za-z0-9._-]) when stored.
                "Content-Disposition": f'inline; filename="{filename}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )


class QuietAccessLogger(AccessLogger):
    """aiohttp's access log, with the path of media requests (it holds the token) left out."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if request.path.startswith(MEDIA_PREFIX):
            self.logger.info("%s /media/… %s %.3fs", request.method, response.status, time)
            return
        super().log(request, response, time)
