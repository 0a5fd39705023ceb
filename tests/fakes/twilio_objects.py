"""Plain data for the fake Twilio API: error codes, sids, addresses, records and JSON shapes.

Nothing here does I/O or holds the fake's state (see :mod:`fakes.twilio_state`).
"""

from __future__ import annotations

import email.utils
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]
API_VERSION = "2010-04-01"
WHATSAPP = "whatsapp:"
MAX_BODY = 1600  # characters, Twilio's limit on a message body (error 21617)

# Error codes the fake answers with, and Twilio's messages for them. 21655 (the ContentSid is
# invalid) is what Twilio answers for a ContentSid it does not know; the fake also uses it for a
# template the test did not register at all (see FakeTwilio.approve_template).
ERRORS: dict[int, str] = {
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    21211: "Invalid 'To' Phone Number: {to}",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    21619: "A text message body or media urls must be specified.",
    21620: "Invalid media URL(s)",
    21655: "The ContentSid is Invalid.",
    21656: "The ContentVariables Parameter is invalid.",
    21701: "The Messaging Service does not exist",
    21910: "Invalid From and To pair. From and To should be of the same channel",
    63003: "Channel could not find To address",
    63007: "Twilio could not find a Channel with the specified From address",
    63016: (
        "Failed to send freeform message because you are outside the allowed window. "
        "If you are using WhatsApp, please use a Message Template."
    ),
    63018: "Rate limit exceeded for Channel",
    63019: "Media failed to download",
    63028: "Number of parameters provided does not match the expected number of parameters",
}

# The order statuses move in: a callback never legitimately moves a message backwards.
STATUS_RANK = {
    "accepted": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "read": 5,
    "undelivered": 4,
    "failed": 4,
}
# Media types Twilio sends on WhatsApp (images, audio, documents, video, contacts).
WHATSAPP_MEDIA_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "audio/ogg",
        "audio/amr",
        "audio/3gpp",
        "audio/aac",
        "audio/mpeg",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "video/mp4",
        "text/vcard",
    }
)
MAX_MEDIA_BYTES = 16 * 1024 * 1024  # Twilio's limit for one WhatsApp message's media
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


class TwilioError(Exception):
    """An error answer of the REST API: ``{"code", "message", "more_info", "status"}``."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str | None = None,
        *,
        retry_after: int | None = None,
        raw_body: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message or ERRORS.get(code, "Error")
        self.retry_after = retry_after
        self.raw_body = raw_body  # sent instead of the JSON (a proxy's HTML error page)
        super().__init__(f"{status} {code} {self.message}")

    def payload(self) -> JSON:
        """The JSON body Twilio sends with this error."""
        return {
            "code": self.code,
            "message": self.message,
            "more_info": more_info(self.code),
            "status": self.status,
        }


def more_info(code: int) -> str:
    """The documentation link Twilio puts in ``more_info`` and callbacks' error pages."""
    return f"https://www.twilio.com/docs/errors/{code}"


def error_message(code: int, **details: str) -> str:
    """Twilio's message for ``code``, with ``{path}``/``{to}`` filled from ``details``."""
    text = ERRORS.get(code, "Error")
    return text.format(**details) if details else text


def new_sid(prefix: str) -> str:
    """A Twilio-shaped sid: two letters and 32 lowercase hex digits (SM…, MM…, ME…)."""
    return prefix + uuid.uuid4().hex


def rfc2822(when: datetime) -> str:
    """A timestamp as Twilio writes it: ``Thu, 24 Aug 2023 05:01:45 +0000``."""
    return email.utils.format_datetime(when.astimezone(UTC))


def e164(phone: str) -> str:
    """``+62812…`` from ``+62812…``, ``62812…`` or ``whatsapp:+62812…`` (ValueError otherwise)."""
    raw = phone.removeprefix(WHATSAPP).strip()
    number = raw if raw.startswith("+") else f"+{raw}"
    if not _E164.fullmatch(number):
        raise ValueError(f"not an E.164 phone number: {phone!r}")
    return number


def address(phone: str) -> str:
    """The WhatsApp address of a phone number: ``whatsapp:+62812…``."""
    return WHATSAPP + e164(phone)


def is_content_sid(value: str) -> bool:
    """Whether ``value`` has the shape of a Content Template sid (``HX`` + 32 hex digits)."""
    return _CONTENT_SID.fullmatch(value) is not None


def placeholders(template: str) -> list[str]:
    """The variable names of a template's ``{{1}}`` placeholders, in order, without repeats."""
    return list(dict.fromkeys(_PLACEHOLDER.findall(template)))


def render(template: str, variables: dict[str, str]) -> str:
    """The template's text with each ``{{name}}`` replaced (missing ones stay as they are)."""
    return _PLACEHOLDER.sub(lambda m: variables.get(m[1], m[0]), template)


def parse_variables(raw: str | None) -> dict[str, str]:
    """ContentVariables: a JSON object of strings (TwilioError 21656 otherwise)."""
    if raw is None or raw == "":
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise TwilioError(400, 21656) from None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TwilioError(400, 21656)
    return {str(k): v for k, v in value.items()}


def is_empty_twiml(content_type: str | None, body: str) -> bool:
    """Whether an answer is an empty TwiML document (``<Response/>``, XML content type)."""
    if content_type not in ("application/xml", "text/xml"):
        return False
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    return root.tag == "Response" and len(root) == 0 and not (root.text or "").strip()


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Template:
    """A Content Template the test registered: its text and whether WhatsApp approved it."""

    content_sid: str
    text: str
    approved: bool


@dataclass(frozen=True)
class RecordedRequest:
    """One call of the REST API as the fake saw it (refused ones included)."""

    method: str
    path: str
    params: dict[str, str]
    time: datetime
    status: int
    code: int | None = None  # the Twilio error code of a refused call
    message_sid: str | None = None  # the message created (also when the answer was an error)


@dataclass(frozen=True)
class FetchedMedia:
    """What the fake got when it fetched a MediaUrl of an outbound message, as Twilio does."""

    url: str
    status: int | None  # the HTTP status; None when the connection failed
    content_type: str | None
    content: bytes
    content_disposition: str | None
    error: str | None  # why the fetch failed (connection error, timeout)

    @property
    def ok(self) -> bool:
        """Whether the fetch answered 200 with a media type and size WhatsApp accepts."""
        return (
            self.status == 200
            and self.content_type in WHATSAPP_MEDIA_TYPES
            and len(self.content) <= MAX_MEDIA_BYTES
        )


@dataclass(frozen=True)
class StatusChange:
    """One step of an outbound message's life, as Twilio saw it."""

    status: str
    error_code: int | None
    time: datetime


@dataclass
class SentMessage:
    """A message Jejak created through the REST API, with its status history."""

    sid: str
    phone: str  # the recipient, E.164
    to: str  # the To parameter as sent (``whatsapp:+62…``)
    from_: str | None  # the sender address; None when sent by MessagingServiceSid alone
    body: str | None
    content_sid: str | None
    content_variables: dict[str, str]
    text: str  # what the user reads: the body, or the rendered template
    status_callback: str | None
    messaging_service_sid: str | None
    params: dict[str, str]
    created_at: datetime
    media_urls: list[str] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    media: list[FetchedMedia] = field(default_factory=list)  # what each MediaUrl gave

    @property
    def status(self) -> str:
        """The newest status (``queued`` … ``delivered``, ``failed``)."""
        return self.history[-1].status

    @property
    def statuses(self) -> list[str]:
        """Every status the message went through, in Twilio's order."""
        return [change.status for change in self.history]

    @property
    def error_code(self) -> int | None:
        """The error code of a failed or undelivered message."""
        return self.history[-1].error_code

    @property
    def is_template(self) -> bool:
        """Whether it was sent as a Content Template (ContentSid)."""
        return self.content_sid is not None


@dataclass(frozen=True)
class CallbackDelivery:
    """One status callback POST to Jejak, and Jejak's answer."""

    sequence: int  # the order of the POST among every callback the fake sent
    message_sid: str
    url: str
    params: dict[str, str]
    signature: str
    duplicate: bool  # a repeat of a callback already sent for this message
    status: int | None  # Jejak's HTTP status; None when the connection failed
    error: str | None
    body: str
    time: datetime

    @property
    def message_status(self) -> str:
        """The MessageStatus reported."""
        return self.params["MessageStatus"]

    @property
    def ok(self) -> bool:
        """Whether Jejak answered 2xx."""
        return self.status is not None and 200 <= self.status <= 299


@dataclass(frozen=True)
class InboundDelivery:
    """One POST of a user's message to Jejak's webhook, and Jejak's answer."""

    message_sid: str
    phone: str
    url: str  # where the POST went
    signed_url: str  # the URL the signature covers (the public one)
    params: dict[str, str]
    signature: str
    forged: bool
    redelivery: bool
    status: int | None  # Jejak's HTTP status; None when the connection failed
    content_type: str | None
    body: str
    error: str | None
    time: datetime

    @property
    def ok(self) -> bool:
        """Whether Jejak answered 2xx."""
        return self.status is not None and 200 <= self.status <= 299

    @property
    def empty_twiml(self) -> bool:
        """Whether Jejak answered 200 with an empty TwiML ``<Response/>`` (application/xml)."""
        return self.status == 200 and is_empty_twiml(self.content_type, self.body)


@dataclass(frozen=True)
class TranscriptEntry:
    """A line of a conversation: the user's message or one Jejak sent."""

    sender: str  # "user" or "jejak"
    kind: str  # "text", "button", "media", "location", "template"
    text: str
    sid: str
    time: datetime

    def __str__(self) -> str:
        return f"{self.sender:>5} [{self.kind}] {self.text!r} ({self.sid})"


def message_json(message: SentMessage, account_sid: str) -> JSON:
    """The Message resource Twilio answers with (create and fetch), in its current state."""
    uri = f"/{API_VERSION}/Accounts/{account_sid}/Messages/{message.sid}"
    last = message.history[-1]
    sent_at = next((c.time for c in message.history if c.status == "sent"), None)
    return {
        "account_sid": account_sid,
        "api_version": API_VERSION,
        "body": message.text,
        "date_created": rfc2822(message.created_at),
        "date_sent": rfc2822(sent_at) if sent_at else None,
        "date_updated": rfc2822(last.time),
        "direction": "outbound-api",
        "error_code": last.error_code,
        "error_message": error_message(last.error_code) if last.error_code else None,
        "from": message.from_,
        "messaging_service_sid": message.messaging_service_sid,
        "num_media": str(len(message.media_urls)),
        "num_segments": "1",  # a WhatsApp message is always one segment
        "price": None,
        "price_unit": "USD",
        "sid": message.sid,
        "status": last.status,
        "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
        "to": message.to,
        "uri": f"{uri}.json",
    }
