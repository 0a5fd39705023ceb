"""What the fake recorded of the bot, and waiting for the bot to do something."""

from __future__ import annotations

import asyncio
import json

from .telegram_objects import (
    JSON,
    CallbackAnswer,
    ChatAction,
    RecordedRequest,
    SentDocument,
    SentMessage,
    TranscriptEntry,
    WebhookDelivery,
)
from .telegram_state import FakeState
from .waiting import Waiting


class Recordings(FakeState, Waiting):
    """Read-only views of what happened, and bounded waits for what should happen."""

    def messages(self, chat_id: int, *, include_deleted: bool = True) -> list[SentMessage]:
        """Messages the bot sent to ``chat_id``, oldest first, in their current state."""
        state = self._chats.get(chat_id)
        if state is None:
            return []
        return [m for m in state.sent.values() if include_deleted or not m.deleted]

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        """One message the bot sent."""
        state = self._chats.get(chat_id)
        if state is None or message_id not in state.sent:
            raise AssertionError(f"the bot sent no message {message_id} to chat {chat_id}")
        return state.sent[message_id]

    def last_message(self, chat_id: int) -> SentMessage:
        """The newest message the bot sent to ``chat_id``."""
        sent = self.messages(chat_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id}\n{self.format_all()}")
        return sent[-1]

    def user_messages(self, chat_id: int) -> list[JSON]:
        """The messages the user of ``chat_id`` sent, oldest first (for edits of them)."""
        return list(self._state(chat_id).user_messages.values())

    def transcript(self, chat_id: int) -> list[TranscriptEntry]:
        """What the user and the bot did in ``chat_id``, in order."""
        state = self._chats.get(chat_id)
        return list(state.transcript) if state else []

    def format_transcript(self, chat_id: int, limit: int = 40) -> str:
        """The last ``limit`` lines of one chat's transcript, for assertion messages."""
        lines = [str(entry) for entry in self.transcript(chat_id)]
        if len(lines) > limit:
            lines = [f"… {len(lines) - limit} earlier lines", *lines[-limit:]]
        return f"chat {chat_id}:\n  " + ("\n  ".join(lines) if lines else "(nothing)")

    def format_all(self, limit: int = 40) -> str:
        """The transcripts of every chat (the last ``limit`` lines each), for assertions."""
        if not self._chats:
            return "(no chats)"
        return "\n".join(self.format_transcript(chat_id, limit) for chat_id in self._chats)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every API call, refused ones included (status ≠ 200), oldest first."""
        return list(self._requests)

    @property
    def request_count(self) -> int:
        """How many API calls were recorded (cheaper than ``len(requests)``)."""
        return len(self._requests)

    def requests_for(self, method: str) -> list[RecordedRequest]:
        """The calls of one method (case-insensitive)."""
        return [r for r in self._requests if r.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """Every successful answerCallbackQuery."""
        return list(self._callback_answers)

    @property
    def commands(self) -> dict[tuple[str, str], list[JSON]]:
        """Command lists by (scope as sorted JSON, language_code or "")."""
        return {key: list(value) for key, value in self._commands.items()}

    def commands_for(self, language_code: str = "", scope: JSON | None = None) -> list[JSON] | None:
        """The commands set for a scope (default scope when None) and language, None if unset."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return self._commands.get(key)

    @property
    def documents(self) -> list[SentDocument]:
        """Files the bot sent (sendDocument, sendPhoto)."""
        return list(self._documents)

    @property
    def chat_actions(self) -> list[ChatAction]:
        """Every sendChatAction."""
        return list(self._chat_actions)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every attempt to POST an update to the webhook, failed ones included."""
        return list(self._deliveries)

    @property
    def count_429(self) -> int:
        """How many 429 answers were sent (flood limits and injected ones)."""
        return self._count_429

    @property
    def updates(self) -> list[JSON]:
        """Every update the simulated users created, oldest first."""
        return list(self._updates.values())

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed (polling) or delivered (webhook)."""
        return [p.update for p in sorted(self._pending, key=lambda p: p.update_id)]

    @property
    def webhook_url(self) -> str | None:
        """The webhook set by the bot, if any."""
        return self._webhook.url if self._webhook else None

    # ----------------------------------------------------------------------------------------
    # Waiting

    async def wait_messages(self, chat_id: int, n: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until the bot has sent at least ``n`` messages to ``chat_id``; return them all."""

        def enough() -> list[SentMessage] | None:
            sent = self.messages(chat_id)
            return sent if len(sent) >= n else None

        try:
            result: list[SentMessage] = await self.wait_for(enough, timeout)
        except AssertionError:
            raise AssertionError(
                f"expected ≥ {n} bot messages in chat {chat_id} within {timeout:g}s, "
                f"got {len(self.messages(chat_id))}\n{self.format_transcript(chat_id)}"
            ) from None
        return result

    async def wait_reply(self, chat_id: int, n: int = 1, timeout: float = 5.0) -> list[SentMessage]:
        """Wait for ``n`` bot messages after the user's latest action in ``chat_id``."""

        def replies() -> list[SentMessage] | None:
            state = self._chats.get(chat_id)
            if state is None:
                return None
            entries = state.transcript
            last_user = max((i for i, e in enumerate(entries) if e.sender == "user"), default=-1)
            ids = [
                e.message_id
                for e in entries[last_user + 1 :]
                if e.sender == "bot" and e.kind in {"text", "document", "photo"}
            ]
            return [state.sent[i] for i in ids if i is not None] if len(ids) >= n else None

        try:
            result: list[SentMessage] = await self.wait_for(replies, timeout)
        except AssertionError:
            raise AssertionError(
                f"expected {n} bot replies in chat {chat_id} within {timeout:g}s\n"
                f"{self.format_transcript(chat_id)}"
            ) from None
        return result

    async def wait_quiet(self, quiet: float = 0.2, timeout: float = 5.0) -> None:
        """Wait until the bot has settled: ``quiet`` seconds without an API call or an update
        handed over, counted from this call at the earliest, and no update left undelivered.

        It always waits at least ``quiet`` seconds, so the bot gets to react to what the test
        just did (a test that never yields would starve the bot).
        """
        loop = asyncio.get_running_loop()
        start = loop.time()
        deadline = start + timeout
        while True:
            now = loop.time()
            idle = now - max(self._last_activity, start)
            if idle >= quiet and not self._undelivered():
                return
            if now >= deadline:
                raise AssertionError(
                    f"the bot was still busy after {timeout:g}s "
                    f"({len(self._undelivered())} updates undelivered)\n{self.format_all()}"
                )
            await asyncio.sleep(min(max(quiet - idle, 0.01), deadline - now))

    def _undelivered(self) -> list[JSON]:
        """Updates the bot has not been handed yet (by getUpdates or the webhook)."""
        if self._webhook is not None:
            return [p.update for p in self._pending]
        return [p.update for p in self._pending if not p.delivered]
