"""The state the parts of the fake Bot API share: chats, updates, records, flood buckets.

:class:`FakeState` holds it. The Bot API methods (:mod:`fakes.telegram_methods`), the simulated
users (:mod:`fakes.telegram_users`), the records and waits (:mod:`fakes.telegram_records`) are
mixins over it, and :class:`fakes.telegram_api.FakeTelegram` puts them together with the server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .telegram_objects import (
    JSON,
    ApiError,
    CallbackAnswer,
    ChatAction,
    Params,
    RecordedRequest,
    SentDocument,
    SentMessage,
    TokenBucket,
    TranscriptEntry,
    WebhookDelivery,
    bad_request,
    bot_user_json,
    file_json,
    group_chat_json,
    private_chat_json,
    too_many_requests,
    user_json,
)

# Update types delivered while allowed_updates was never set (Telegram's default: all but
# chat_member, message_reaction and message_reaction_count).
DEFAULT_ALLOWED_UPDATES = frozenset(
    {"message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
     "business_message", "edited_business_message", "deleted_business_messages",
     "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
     "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member",
     "chat_join_request", "chat_boost", "removed_chat_boost"}
)  # fmt: skip
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[JSON]:
    """The bot_command entities a Telegram client marks in ``text`` (UTF-16 offsets)."""
    return [
        {"type": "bot_command", "offset": _utf16_len(text[: m.start()]), "length": _utf16_len(m[0])}
        for m in _COMMAND_RE.finditer(text)
    ]


@dataclass
class PendingUpdate:
    """An update waiting for getUpdates to confirm it or for the webhook to take it."""

    update: JSON
    redelivery: bool = False  # delivered again whatever the offset says
    delivered: bool = False
    attempts: int = 0  # webhook POSTs so far

    @property
    def update_id(self) -> int:
        """The update's id."""
        return int(self.update["update_id"])


@dataclass
class WebhookConfig:
    """The webhook set by setWebhook, and its last error for getWebhookInfo."""

    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class StoredFile:
    """A file getFile and the file URL serve (sent by a user or uploaded by the bot)."""

    file_id: str
    unique_id: str
    content: bytes | None
    file_path: str


@dataclass
class PendingQuery:
    """A callback query, until answerCallbackQuery answers it."""

    chat_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False


@dataclass
class ChatState:
    """Everything the fake knows about one chat."""

    chat: JSON
    next_message_id: int = 1
    sent: dict[int, SentMessage] = field(default_factory=dict)
    user_messages: dict[int, JSON] = field(default_factory=dict)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    blocked: bool = False
    bucket: TokenBucket | None = None


class FakeState:
    """The shared state, with the helpers every part uses."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str,
        bot_name: str,
        global_rate: float | None,
        per_chat_rate: float | None,
        group_per_minute: int | None,
        strict_chats: bool,
        max_poll_timeout: float,
        clock: Callable[[], float],
    ) -> None:
        bot_id, sep, secret = token.partition(":")
        if not (bot_id.isdigit() and sep and secret):
            raise ValueError(f"a bot token looks like '123456:ABC…', not {token!r}")
        self.token = token
        self.bot_user = bot_user_json(int(bot_id), bot_username, bot_name)
        self._clock = clock
        self._strict_chats = strict_chats
        self._per_chat_rate = per_chat_rate
        self._group_per_minute = group_per_minute
        self._global_bucket = (
            TokenBucket(global_rate, max(1.0, global_rate), clock) if global_rate else None
        )
        self._max_poll_timeout = max_poll_timeout

        self._chats: dict[int, ChatState] = {}
        self._users: dict[int, JSON] = {}
        self._updates: dict[int, JSON] = {}
        self._pending: list[PendingUpdate] = []
        self._next_update_id = 100_000
        self._allowed_updates: frozenset[str] = DEFAULT_ALLOWED_UPDATES
        self._webhook: WebhookConfig | None = None
        self._poll_generation = 0
        self._queries: dict[str, PendingQuery] = {}
        self._next_query = 0
        self._files: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}

        self._requests: list[RecordedRequest] = []
        self._callback_answers: list[CallbackAnswer] = []
        self._documents: list[SentDocument] = []
        self._chat_actions: list[ChatAction] = []
        self._deliveries: list[WebhookDelivery] = []
        self._count_429 = 0
        self._last_activity = 0.0

        self._changed = asyncio.Event()
        self._closing = False

    # ----------------------------------------------------------------------------------------
    # Changes and chats

    def _notify(self) -> None:
        """Wake everything waiting for a change (long polls, wait_for, the webhook sender)."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _state(self, chat_id: int) -> ChatState:
        """The chat ``chat_id``, created on first use (private when > 0, else a group)."""
        state = self._chats.get(chat_id)
        if state is None:
            chat = (
                private_chat_json(self._users.get(chat_id) or user_json(chat_id, f"User{chat_id}"))
                if chat_id > 0
                else group_chat_json(chat_id, f"Group {chat_id}")
            )
            state = self._chats[chat_id] = ChatState(chat)
        return state

    def _note(
        self, chat_id: int, sender: str, kind: str, text: str, message_id: int | None
    ) -> None:
        """Add a line to the chat's transcript."""
        self._state(chat_id).transcript.append(
            TranscriptEntry(sender, kind, text, message_id, self._clock())
        )

    def _enqueue(self, kind: str, payload: JSON) -> int:
        """Create an update; it waits for getUpdates or the webhook if its type is allowed."""
        if self._closing:
            raise RuntimeError("FakeTelegram is stopped")
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, kind: payload}
        self._updates[self._next_update_id] = update
        if kind in self._allowed_updates:
            self._pending.append(PendingUpdate(update))
        self._notify()
        return self._next_update_id

    def _store_file(self, content: bytes | None, path: str) -> tuple[str, str]:
        """Keep a file for getFile; returns its (file_id, file_unique_id)."""
        number = len(self._files) + 1
        file_id = f"BQACAgUAAxkB{number:012d}"
        unique = f"AgAD{number:08d}"
        directory, _, name = path.rpartition("/")
        self._files[file_id] = StoredFile(
            file_id, unique, content, f"{directory}/{number}_{name}" if directory else name
        )
        return file_id, unique

    # ----------------------------------------------------------------------------------------
    # Sending: chats, blocking, flood control

    def _chat(self, params: Params) -> ChatState:
        """The chat named by ``chat_id`` (a number, or @username of a group)."""
        raw = params.raw.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if isinstance(raw, str) and raw.startswith("@"):
            for state in self._chats.values():
                if state.chat.get("username") == raw[1:] and state.chat["type"] != "private":
                    return state
            raise bad_request("chat not found")
        chat_id = params.integer("chat_id")
        assert chat_id is not None
        if chat_id not in self._chats and self._strict_chats:
            if chat_id > 0:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        return self._state(chat_id)

    def _reachable(self, params: Params) -> ChatState:
        """The chat named by ``chat_id``; 403 when the user blocked the bot."""
        state = self._chat(params)
        if state.blocked:
            if state.chat["type"] == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        return state

    def _flood(self, state: ChatState) -> None:
        """Spend a token of every bucket that applies; 429 (nothing spent) if one is empty."""
        buckets = [self._global_bucket] if self._global_bucket else []
        if state.bucket is None:
            if state.chat["type"] == "private" and self._per_chat_rate:
                rate = self._per_chat_rate
                state.bucket = TokenBucket(rate, max(1.0, rate), self._clock)
            elif state.chat["type"] != "private" and self._group_per_minute:
                per_minute = self._group_per_minute
                state.bucket = TokenBucket(per_minute / 60, per_minute, self._clock)
        if state.bucket is not None:
            buckets.append(state.bucket)
        wait = max((bucket.retry_after() for bucket in buckets), default=0)
        if wait:
            raise too_many_requests(wait)
        for bucket in buckets:
            bucket.take()

    def _message_json(self, sent: SentMessage) -> JSON:
        """The Message object Telegram returns for a message the bot sent."""
        state = self._chats[sent.chat_id]
        message: JSON = {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": state.chat,
            "date": sent.date,
        }
        if sent.edits:
            message["edit_date"] = sent.edits[-1].date
        if sent.kind == "text":
            message["text"] = sent.plain_text
        else:
            document = sent.document
            assert document is not None, "documents and photos carry their file"
            stored = self._files[document.file_id]
            size = len(stored.content or b"")
            if sent.kind == "photo":
                message["photo"] = [
                    file_json(stored.file_id, stored.unique_id, size, width=800, height=800)
                ]
            else:
                message["document"] = file_json(
                    stored.file_id,
                    stored.unique_id,
                    size,
                    file_name=document.filename or "file",
                    mime_type=document.content_type or "application/octet-stream",
                )
            if sent.plain_text:
                message["caption"] = sent.plain_text
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message
