"""The state the parts of the fake Twilio share: accounts, conversations, windows, records.

:class:`TwilioState` holds it and signs and posts webhooks. The status callbacks
(:mod:`fakes.twilio_callbacks`), the simulated users (:mod:`fakes.twilio_users`) and the records
and waits (:mod:`fakes.twilio_records`) are mixins over it, and
:class:`fakes.twilio_api.FakeTwilio` puts them together with the REST server.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiohttp
from twilio.request_validator import RequestValidator

from .twilio_objects import (
    CallbackDelivery,
    InboundDelivery,
    RecordedRequest,
    SentMessage,
    Template,
    TranscriptEntry,
    e164,
)

_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
_SERVICE_SID = re.compile(r"MG[0-9a-f]{32}")


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC (the fake's default clock)."""
    return datetime.now(UTC)


@dataclass
class Conversation:
    """Everything the fake knows about one WhatsApp user (by E.164 number)."""

    phone: str
    profile_name: str = "Ayu"
    last_inbound_at: datetime | None = None
    sent: list[SentMessage] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)


@dataclass(frozen=True)
class HttpAnswer:
    """What Jejak answered to a webhook POST (status None when the connection failed)."""

    status: int | None
    content_type: str | None
    body: str
    error: str | None


class TwilioState:
    """The shared state, with the helpers every part uses."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        sender: str,
        messaging_service_sid: str | None,
        window: timedelta,
        webhook_timeout: float,
        now: Callable[[], datetime],
    ) -> None:
        if not _ACCOUNT_SID.fullmatch(account_sid):
            raise ValueError(f"an account sid is 'AC' and 32 hex digits, not {account_sid!r}")
        if messaging_service_sid is not None and not _SERVICE_SID.fullmatch(messaging_service_sid):
            raise ValueError(
                f"a Messaging Service sid is 'MG' and 32 hex digits, not {messaging_service_sid!r}"
            )
        if not auth_token:
            raise ValueError("the auth token must not be empty")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sender = e164(sender)
        self.messaging_service_sid = messaging_service_sid
        self._window = window
        self._webhook_timeout = webhook_timeout
        self._now = now
        self._validator = RequestValidator(auth_token)

        self._conversations: dict[str, Conversation] = {}
        self._messages: dict[str, SentMessage] = {}
        self._templates: dict[str, Template] = {}
        self._requests: list[RecordedRequest] = []
        self._callbacks: list[CallbackDelivery] = []
        self._inbound_deliveries: list[InboundDelivery] = []
        self._count_429 = 0

        self._session: aiohttp.ClientSession | None = None
        self._port: int | None = None
        self._changed = asyncio.Event()
        self._closing = False

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: set ``client.api.base_url`` to it."""
        if self._port is None:
            raise RuntimeError("FakeTwilio is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def sender_address(self) -> str:
        """The WhatsApp sender Jejak must use as From: ``whatsapp:+14155238886``."""
        return f"whatsapp:{self.sender}"

    # ----------------------------------------------------------------------------------------
    # Changes, conversations, the 24-hour window

    def _notify(self) -> None:
        """Wake everything waiting for a change (wait_for and the waits built on it)."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _conversation(self, phone: str) -> Conversation:
        """The conversation with ``phone`` (any accepted spelling), created on first use."""
        number = e164(phone)
        state = self._conversations.get(number)
        if state is None:
            state = self._conversations[number] = Conversation(number)
        return state

    def _note(self, phone: str, sender: str, kind: str, text: str, sid: str) -> None:
        """Add a line to the conversation's transcript."""
        self._conversation(phone).transcript.append(
            TranscriptEntry(sender, kind, text, sid, self._now())
        )

    def last_inbound(self, phone: str) -> datetime | None:
        """When ``phone`` last sent a message (None: never), which opens the 24-hour window."""
        state = self._conversations.get(e164(phone))
        return state.last_inbound_at if state else None

    def set_last_inbound(self, phone: str, when: datetime | None) -> None:
        """Pretend ``phone`` last wrote at ``when`` (None: never), e.g. 25 hours ago."""
        if when is not None and when.tzinfo is None:
            raise ValueError("use a timezone-aware datetime")
        self._conversation(phone).last_inbound_at = when

    def window_open(self, phone: str) -> bool:
        """Whether free-form messages to ``phone`` are allowed now (< 24 h since it wrote)."""
        last = self.last_inbound(phone)
        return last is not None and self._now() - last < self._window

    # ----------------------------------------------------------------------------------------
    # Signed webhooks

    def signature(self, url: str, params: dict[str, str], *, forge: bool = False) -> str:
        """X-Twilio-Signature for a POST of ``params`` to ``url`` (a wrong one with ``forge``)."""
        if forge:
            return RequestValidator(self.auth_token + "-forged").compute_signature(url, params)
        return str(self._validator.compute_signature(url, params))

    async def _post_form(
        self, url: str, params: dict[str, str], signature: str, idempotency_token: str
    ) -> HttpAnswer:
        """POST ``params`` form-encoded to ``url`` as Twilio does, and read the answer."""
        if self._session is None:
            raise RuntimeError("FakeTwilio is not started")
        headers = {
            "X-Twilio-Signature": signature,
            "I-Twilio-Idempotency-Token": idempotency_token,
            "User-Agent": "TwilioProxy/1.1",
            "Accept": "*/*",
        }
        try:
            async with self._session.post(
                url,
                data=params,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._webhook_timeout),
                allow_redirects=False,
            ) as response:
                body = (await response.text(errors="replace"))[:4000]
                return HttpAnswer(response.status, response.content_type, body, None)
        except (aiohttp.ClientError, TimeoutError) as exc:
            return HttpAnswer(None, None, "", f"Connection failed: {exc!r}")

    @staticmethod
    def _idempotency_token() -> str:
        """A fresh I-Twilio-Idempotency-Token (repeated when the same request is retried)."""
        return str(uuid.uuid4())
