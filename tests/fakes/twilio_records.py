"""What the fake Twilio recorded of Jejak, and waiting for Jejak to do something."""

from __future__ import annotations

from .twilio_objects import (
    CallbackDelivery,
    InboundDelivery,
    RecordedRequest,
    SentMessage,
    TranscriptEntry,
    e164,
)
from .twilio_state import TwilioState
from .waiting import Waiting


class Recordings(TwilioState, Waiting):
    """Read-only views of what happened, and bounded waits for what should happen."""

    def messages(self, phone: str) -> list[SentMessage]:
        """Messages Jejak created for ``phone`` (refused calls excluded), oldest first."""
        state = self._conversations.get(e164(phone))
        return list(state.sent) if state else []

    def message(self, sid: str) -> SentMessage:
        """One message Jejak created, by its sid."""
        if sid not in self._messages:
            raise AssertionError(f"Jejak created no message {sid}")
        return self._messages[sid]

    def last_message(self, phone: str) -> SentMessage:
        """The newest message Jejak created for ``phone``."""
        sent = self.messages(phone)
        if not sent:
            raise AssertionError(f"Jejak sent nothing to {phone}\n{self.format_all()}")
        return sent[-1]

    @property
    def all_messages(self) -> list[SentMessage]:
        """Every message Jejak created, oldest first."""
        return list(self._messages.values())

    def transcript(self, phone: str) -> list[TranscriptEntry]:
        """What the user and Jejak said in one conversation, in order."""
        state = self._conversations.get(e164(phone))
        return list(state.transcript) if state else []

    def format_transcript(self, phone: str, limit: int = 40) -> str:
        """The last ``limit`` lines of one transcript with message statuses, for assertions."""
        lines = []
        for entry in self.transcript(phone):
            line = str(entry)
            sent = self._messages.get(entry.sid)
            if sent is not None:
                code = f" {sent.error_code}" if sent.error_code else ""
                line += f" → {sent.status}{code}"
            lines.append(line)
        if len(lines) > limit:
            lines = [f"… {len(lines) - limit} earlier lines", *lines[-limit:]]
        return f"{e164(phone)}:\n  " + ("\n  ".join(lines) if lines else "(nothing)")

    def format_all(self, limit: int = 40) -> str:
        """Every transcript (the last ``limit`` lines each), for assertion messages."""
        if not self._conversations:
            return "(no conversations)"
        return "\n".join(self.format_transcript(phone, limit) for phone in self._conversations)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST call, refused ones included, oldest first."""
        return list(self._requests)

    @property
    def callback_deliveries(self) -> list[CallbackDelivery]:
        """Every status callback POST, in the order sent, with Jejak's answers."""
        return list(self._callbacks)

    def callbacks_for(self, message_sid: str) -> list[CallbackDelivery]:
        """The status callbacks sent for one message, in the order sent."""
        return [c for c in self._callbacks if c.message_sid == message_sid]

    @property
    def inbound_deliveries(self) -> list[InboundDelivery]:
        """Every POST of a user's message to Jejak's webhook, with Jejak's answers."""
        return list(self._inbound_deliveries)

    @property
    def count_429(self) -> int:
        """How many 429 answers were sent (rate limit and injected ones)."""
        return self._count_429

    # ----------------------------------------------------------------------------------------
    # Waiting

    async def wait_messages(self, phone: str, n: int, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until Jejak has created at least ``n`` messages for ``phone``; return them all."""

        def enough() -> list[SentMessage] | None:
            sent = self.messages(phone)
            return sent if len(sent) >= n else None

        try:
            result: list[SentMessage] = await self.wait_for(enough, timeout)
        except AssertionError:
            raise AssertionError(
                f"expected ≥ {n} messages to {phone} within {timeout:g}s, "
                f"got {len(self.messages(phone))}\n{self.format_transcript(phone)}"
            ) from None
        return result

    async def wait_reply(self, phone: str, n: int = 1, timeout: float = 5.0) -> list[SentMessage]:
        """Wait for ``n`` messages to ``phone`` after the user's latest message; return them."""

        def replies() -> list[SentMessage] | None:
            entries = self.transcript(phone)
            last_user = max((i for i, e in enumerate(entries) if e.sender == "user"), default=-1)
            sids = [e.sid for e in entries[last_user + 1 :] if e.sender == "jejak"]
            return [self._messages[sid] for sid in sids] if len(sids) >= n else None

        try:
            result: list[SentMessage] = await self.wait_for(replies, timeout)
        except AssertionError:
            raise AssertionError(
                f"expected {n} replies to {phone} within {timeout:g}s\n"
                f"{self.format_transcript(phone)}"
            ) from None
        return result

    async def wait_status(self, message_sid: str, status: str, timeout: float = 5.0) -> SentMessage:
        """Wait until a message has reached ``status`` (e.g. "delivered", "failed")."""

        def reached() -> SentMessage | None:
            sent = self.message(message_sid)
            return sent if status in sent.statuses else None

        result: SentMessage = await self.wait_for(
            reached, timeout, what=f"{message_sid} to be {status}"
        )
        return result
