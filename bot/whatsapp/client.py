"""Sending WhatsApp messages through Twilio's REST API, paced and retried.

The twilio client with its aiohttp-based async HTTP client; `JEJAK_TWILIO_API_URL` points it at
another server (tests use a fake). Twilio answers 429, and reports 63018 for a WhatsApp sender
over its rate: both are waited out and retried; other errors are returned to the caller.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from aiolimiter import AsyncLimiter
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot.whatsapp.errors import rate_limited
from config.settings import Settings

log = logging.getLogger(__name__)

RETRIES = 4
SEND_TIMEOUT = 20.0  # seconds
BODY_LIMIT = 1600  # characters in one WhatsApp message through Twilio


@dataclass(frozen=True, slots=True)
class Sent:
    """What Twilio answered: the message sid, or an error code (and the HTTP status)."""

    sid: str | None = None
    error_code: int | None = None
    status: int | None = None

    @property
    def ok(self) -> bool:
        return self.sid is not None


def whatsapp_address(phone: str) -> str:
    """'+62…' as Twilio's WhatsApp address."""
    return phone if phone.startswith("whatsapp:") else f"whatsapp:{phone}"


class WhatsAppClient:
    """One Twilio client for the process, at most `twilio_rate` messages per second."""

    def __init__(self, settings: Settings, status_callback: str | None = None) -> None:
        assert settings.whatsapp_enabled
        assert settings.twilio_auth_token is not None and settings.twilio_whatsapp_from
        self.http = AsyncTwilioHttpClient()
        self.client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            http_client=self.http,
        )
        if settings.twilio_api_url:
            self.client.api.base_url = settings.twilio_api_url.rstrip("/")
        self.sender = whatsapp_address(settings.twilio_whatsapp_from)
        self.status_callback = status_callback
        rate = max(settings.twilio_rate, 1.0)
        self.limiter = AsyncLimiter(rate, 1.0)

    async def aclose(self) -> None:
        await self.http.close()

    async def send_text(
        self, phone: str, body: str, *, track: bool = False, media_urls: Sequence[str] = ()
    ) -> Sent:
        """A free-form message (only inside the 24-hour window); `track`: status callbacks.

        `media_urls`: files Twilio fetches from those public URLs itself (WhatsApp takes one);
        the body may then be empty.
        """
        params: dict[str, str | list[str]] = {}
        if body:
            params["body"] = body[:BODY_LIMIT]
        if media_urls:
            params["media_url"] = list(media_urls)
        return await self._create(track, whatsapp_address(phone), **params)

    async def send_template(
        self, phone: str, content_sid: str, variables: dict[str, str], *, track: bool = True
    ) -> Sent:
        """An approved template (outside the window too)."""
        return await self._create(
            track,
            whatsapp_address(phone),
            content_sid=content_sid,
            content_variables=json.dumps(variables, ensure_ascii=False),
        )

    async def _create(self, track: bool, to: str, **params: str | list[str]) -> Sent:
        # Only scheduled deliveries ask for status callbacks: replies in a conversation have no
        # delivery row to update, and their callbacks would triple the webhook load.
        if track and self.status_callback:
            params["status_callback"] = self.status_callback
        delay = 1.0
        for attempt in range(1, RETRIES + 1):
            async with self.limiter:
                try:
                    # The twilio async client has no timeout of its own.
                    async with asyncio.timeout(SEND_TIMEOUT):
                        message = await self.client.messages.create_async(
                            to=to, from_=self.sender, **params
                        )
                    return Sent(sid=message.sid)
                except TwilioRestException as exc:
                    if not rate_limited(exc.status, exc.code) or attempt == RETRIES:
                        log.warning("twilio refused a message: %s %s", exc.status, exc.code)
                        return Sent(error_code=exc.code, status=exc.status)
                except (TimeoutError, OSError, aiohttp.ClientError) as exc:
                    if attempt == RETRIES:
                        log.warning("twilio unreachable: %s", type(exc).__name__)
                        return Sent(status=None, error_code=None)
            await asyncio.sleep(delay)
            delay *= 2
        return Sent()  # pragma: no cover - the loop returns
