"""Outbound media: Twilio fetches each MediaUrl itself after accepting the message.

The REST answer does not wait for the fetch. Before the message is sent on, the fake GETs every
MediaUrl (no authentication, redirects followed, as Twilio does) and records what it got on the
message (:class:`fakes.twilio_objects.FetchedMedia`: status, content type, bytes, filename
header). A failed fetch, a media type WhatsApp does not take, or a file over 16 MB fails the
message later with 63019 in its status callback, like Twilio.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import aiohttp

from .twilio_callbacks import StatusCallbacks, Step
from .twilio_objects import FetchedMedia, SentMessage, TwilioError

MEDIA_FAILED = 63019
FETCH_TIMEOUT = 10.0  # seconds
_READ_LIMIT = 17 * 1024 * 1024  # a little over the 16 MB limit: enough to tell it is too big


def check_media_urls(urls: list[str]) -> None:
    """What Twilio checks when the message is created: absolute http(s) URLs (21620)."""
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TwilioError(400, 21620)


class MediaFetches(StatusCallbacks):
    """Fetching an outbound message's media before it goes on."""

    def _schedule_with_media(self, message: SentMessage, steps: list[Step]) -> None:
        """Like :meth:`_schedule`, with the media fetched first (the REST answer is not held)."""
        task = asyncio.create_task(
            self._fetch_then_run(message, steps), name=f"fake-twilio-{message.sid}"
        )
        self._callback_tasks.add(task)
        task.add_done_callback(self._callback_tasks.discard)

    async def _fetch_then_run(self, message: SentMessage, steps: list[Step]) -> None:
        for url in message.media_urls:
            message.media.append(await self._fetch(url))
            self._notify()
        failing = any(step.status in ("failed", "undelivered") for step in steps)
        if not failing and not all(fetched.ok for fetched in message.media):
            steps = [steps[0], Step("failed", MEDIA_FAILED)]
        await self._run_callbacks(message, steps, self._plan(len(steps)))

    async def _fetch(self, url: str) -> FetchedMedia:
        if self._session is None:
            raise RuntimeError("FakeTwilio is not started")
        try:
            async with self._session.get(
                url, timeout=aiohttp.ClientTimeout(total=FETCH_TIMEOUT)
            ) as response:
                content = await response.content.read(_READ_LIMIT)
                return FetchedMedia(
                    url=url,
                    status=response.status,
                    content_type=response.content_type,
                    content=content,
                    content_disposition=response.headers.get("Content-Disposition"),
                    error=None,
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            return FetchedMedia(url, None, None, b"", None, f"Connection failed: {exc!r}")
