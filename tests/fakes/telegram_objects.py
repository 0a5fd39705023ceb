"""Plain data for the fake Bot API: what it records, the JSON it answers with, its parameters.

Nothing here does I/O or holds the fake's state (see :mod:`fakes.telegram_state`).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": …, "description": …}``."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSON:
        """The JSON body Telegram sends with this error."""
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 answer; ``detail`` follows the ``Bad Request: `` prefix Telegram puts first."""
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """A 429 flood-control answer, with ``parameters.retry_after`` in whole seconds (≥ 1)."""
    seconds = max(1, int(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content: bytes
    content_type: str | None


@dataclass(frozen=True)
class RecordedRequest:
    """One call of the Bot API as the fake saw it (also the failed and refused ones)."""

    method: str
    params: JSON
    time: float
    status: int
    http_method: str = "POST"
    files: tuple[UploadedFile, ...] = ()

    @property
    def chat_id(self) -> int | str | None:
        """The ``chat_id`` parameter, as an int when it is numeric."""
        raw = self.params.get("chat_id")
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError):
            return str(raw)


@dataclass(frozen=True)
class Edit:
    """One successful edit of a message sent by the bot (the state after the edit)."""

    method: str
    text: str | None
    parse_mode: str | None
    reply_markup: JSON | None
    time: float
    date: int = 0  # Unix time, as the message's edit_date


@dataclass
class SentMessage:
    """A message the bot sent, with its current state after edits and deletion."""

    chat_id: int
    message_id: int
    date: int
    kind: str  # "text", "document" or "photo"
    text: str | None  # current text (as sent, markup included) or caption
    parse_mode: str | None
    reply_markup: JSON | None  # current markup, parsed; None when removed or never sent
    params: JSON  # the decoded parameters of the sending call
    original_text: str | None = None
    original_reply_markup: JSON | None = None
    plain_text: str | None = None  # the text as the user sees it: tags and escapes removed
    edits: list[Edit] = field(default_factory=list)
    deleted: bool = False
    document: SentDocument | None = None

    def __post_init__(self) -> None:
        self.original_text = self.text
        self.original_reply_markup = self.reply_markup

    @property
    def caption(self) -> str | None:
        """The caption of a document or photo (its ``text``)."""
        return self.text if self.kind != "text" else None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """The rows of inline buttons currently attached (empty without an inline keyboard)."""
        markup = self.reply_markup or {}
        return list(markup.get("inline_keyboard") or [])

    @property
    def button_texts(self) -> list[list[str]]:
        """The labels of the current inline buttons, or of the reply-keyboard buttons, by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, str) else str(b.get("text")) for b in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        """Every ``callback_data`` on the current inline keyboard, row by row."""
        return [
            str(b["callback_data"])
            for row in self.inline_keyboard
            for b in row
            if "callback_data" in b
        ]

    def data_for(self, label: str) -> str:
        """The ``callback_data`` of the inline button labelled ``label`` (exact match)."""
        for row in self.inline_keyboard:
            for button in row:
                if button.get("text") == label and "callback_data" in button:
                    return str(button["callback_data"])
        raise AssertionError(
            f"no inline button {label!r} on message {self.message_id}; buttons: {self.button_texts}"
        )


@dataclass(frozen=True)
class SentDocument:
    """A file the bot uploaded (sendDocument or sendPhoto), or re-sent by file_id or URL."""

    chat_id: int
    message_id: int
    method: str
    filename: str | None
    content: bytes | None  # None when sent by URL or an unknown file_id
    content_type: str | None
    caption: str | None
    file_id: str
    time: float


@dataclass(frozen=True)
class CallbackAnswer:
    """A call of answerCallbackQuery, with the query it answered."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    chat_id: int | None
    message_id: int | None
    data: str | None
    time: float


@dataclass(frozen=True)
class ChatAction:
    """A call of sendChatAction."""

    chat_id: int
    action: str
    time: float


@dataclass(frozen=True)
class WebhookDelivery:
    """One attempt to POST an update to the webhook."""

    update_id: int
    url: str
    attempt: int
    status: int | None  # None when the connection failed
    error: str | None
    body: str
    secret_token: str | None
    time: float

    @property
    def ok(self) -> bool:
        """Whether the receiver answered 2xx."""
        return self.status is not None and 200 <= self.status <= 299


@dataclass(frozen=True)
class TranscriptEntry:
    """One line of a chat's transcript: what the user did or what the bot did."""

    sender: str  # "user" or "bot"
    kind: str  # text, command, press, edit, delete, answer, document, photo, sticker, …
    text: str
    message_id: int | None
    time: float

    def __str__(self) -> str:
        ref = f"#{self.message_id} " if self.message_id is not None else ""
        return f"{self.sender:>4} {ref}[{self.kind}] {self.text}"


# --------------------------------------------------------------------------------------------
# Flood control


class TokenBucket:
    """A token bucket: ``rate`` tokens a second, at most ``capacity`` saved up for a burst."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("rate must be > 0 and capacity ≥ 1")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def retry_after(self) -> int:
        """0 when a token is available, else the whole seconds (≥ 1) until one will be."""
        self._refill()
        if self._tokens >= 1:
            return 0
        return max(1, math.ceil((1 - self._tokens) / self.rate))

    def take(self) -> None:
        """Spend one token (call after :meth:`retry_after` returned 0)."""
        self._refill()
        self._tokens -= 1


# --------------------------------------------------------------------------------------------
# Parameters


class Params:
    """Parameters of one call, decoded the way the Bot API reads form and JSON bodies.

    Form bodies carry strings only: PTB sends strings raw and JSON-encodes everything else, so
    numbers, booleans and objects are parsed here from their JSON text.
    """

    def __init__(self, raw: JSON) -> None:
        self.raw = raw

    def __contains__(self, name: str) -> bool:
        return self.raw.get(name) is not None

    def string(self, name: str, default: str | None = None) -> str | None:
        """A string parameter."""
        value = self.raw.get(name)
        return default if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; 400 when it is not one."""
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise bad_request(f'field "{name}" must be of type Integer')
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def number(self, name: str, default: float | None = None) -> float | None:
        """A number parameter; 400 when it is not one."""
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Float') from None

    def flag(self, name: str, default: bool = False) -> bool:
        """A boolean parameter (``true``/``false``, ``1``/``0``)."""
        value = self.raw.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1"}

    def json_value(self, name: str, what: str = "JSON object") -> Any:
        """A parameter holding a JSON value (already decoded in JSON bodies); 400 when malformed."""
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what}") from None

    def require_int(self, name: str, missing: str) -> int:
        """An integer parameter that must be present; ``missing`` is the 400 detail otherwise."""
        value = self.integer(name)
        if value is None:
            raise bad_request(missing)
        return value

    def loggable(self) -> JSON:
        """The parameters for the request log, JSON values decoded where that is possible."""
        out: JSON = {}
        for key, value in self.raw.items():
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    out[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            out[key] = value
        return out


# --------------------------------------------------------------------------------------------
# Bot API JSON shapes


def now_ts() -> int:
    """The current Unix time, as Telegram's ``date`` fields hold it."""
    return int(time.time())


def user_json(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
) -> JSON:
    """A User object for a person."""
    user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def bot_user_json(bot_id: int, username: str, first_name: str) -> JSON:
    """The User object getMe answers with."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": first_name,
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def private_chat_json(user: JSON) -> JSON:
    """The Chat object of a private chat with ``user`` (its id is the user's id)."""
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def group_chat_json(group_id: int, title: str) -> JSON:
    """The Chat object of a basic group."""
    return {"id": group_id, "type": "group", "title": title, "all_members_are_administrators": True}


def file_json(file_id: str, unique_id: str, size: int, **extra: Any) -> JSON:
    """The common fields of Document, Voice, Sticker, PhotoSize…"""
    return {"file_id": file_id, "file_unique_id": unique_id, "file_size": size, **extra}


def chat_member_json(user: JSON, status: str) -> JSON:
    """A ChatMember of ``status`` (member, kicked…) for ``user``."""
    member: JSON = {"status": status, "user": user}
    if status == "kicked":
        member["until_date"] = 0
    return member
