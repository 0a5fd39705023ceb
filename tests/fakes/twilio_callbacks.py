"""Status callbacks: a message's life after the REST answer, POSTed to its StatusCallback.

Each accepted message gets a background task that moves it through its statuses (queued → sent
→ delivered [→ read], or → failed/undelivered with an ErrorCode) and POSTs one signed callback
per status. The message's own history always follows Twilio's order; the callbacks can be sent
reversed, shuffled or duplicated, as the network sometimes delivers them.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass
from typing import Literal

from .twilio_objects import API_VERSION, CallbackDelivery, SentMessage, StatusChange
from .twilio_records import Recordings

CallbackOrder = Literal["in_order", "reversed", "shuffled"]


@dataclass(frozen=True)
class Step:
    """A status a message moves to, with the error code of a failure."""

    status: str
    error_code: int | None = None


class StatusCallbacks(Recordings):
    """Moving accepted messages through their statuses and POSTing their callbacks.

    ``callback_order`` ("in_order", "reversed", "shuffled" with ``callback_seed``),
    ``callback_copies`` (each callback POSTed that many times) and ``callback_delay`` (seconds
    before each POST) are plain attributes: change them between messages. With a delay of 0 the
    first callback may reach Jejak before it has read the REST answer, as happens with Twilio.
    Twilio does not retry a refused callback by default; neither does the fake.
    """

    callback_order: CallbackOrder
    callback_copies: int
    callback_delay: float

    def _init_callbacks(self, order: CallbackOrder, copies: int, delay: float, seed: int) -> None:
        self.callback_order = order
        self.callback_copies = copies
        self.callback_delay = delay
        self._random = random.Random(seed)
        self._callback_tasks: set[asyncio.Task[None]] = set()
        self._callback_sequence = 0

    def _schedule(self, message: SentMessage, steps: list[Step]) -> None:
        """Start the message's background life; the REST answer does not wait for it."""
        plan = self._plan(len(steps))
        task = asyncio.create_task(
            self._run_callbacks(message, steps, plan), name=f"fake-twilio-{message.sid}"
        )
        self._callback_tasks.add(task)
        task.add_done_callback(self._callback_tasks.discard)

    def _plan(self, n: int) -> list[tuple[int, bool]]:
        """The order the ``n`` steps' callbacks go out in: (step index, is a duplicate)."""
        natural = list(range(n))
        copies = max(1, self.callback_copies)
        steps = natural[::-1] if self.callback_order == "reversed" else natural
        sequence = [i for i in steps for _ in range(copies)]
        if self.callback_order == "shuffled" and n > 1:
            # out of order for sure, or a test of "only move forward" proves nothing
            while list(dict.fromkeys(sequence)) == natural:
                self._random.shuffle(sequence)
        seen: set[int] = set()
        plan = []
        for index in sequence:
            plan.append((index, index in seen))
            seen.add(index)
        return plan

    async def _run_callbacks(
        self, message: SentMessage, steps: list[Step], plan: list[tuple[int, bool]]
    ) -> None:
        """Advance the message in Twilio's order and POST the callbacks in the planned order."""
        reached = -1
        for index, duplicate in plan:
            await asyncio.sleep(self.callback_delay)
            while reached < index:
                reached += 1
                self._advance(message, steps[reached])
            if message.status_callback:
                await self._post_callback(message, steps[index], duplicate)
        while reached < len(steps) - 1:  # plans cover every step; this is a safety net
            reached += 1
            self._advance(message, steps[reached])
        self._notify()

    def _advance(self, message: SentMessage, step: Step) -> None:
        """Record a status of the message (a repeat of the current one is not recorded)."""
        if message.history and message.history[-1].status == step.status:
            return
        message.history.append(StatusChange(step.status, step.error_code, self._now()))
        self._notify()

    def callback_params(self, message: SentMessage, step: Step) -> dict[str, str]:
        """The form Twilio POSTs to a StatusCallback for ``message`` reaching ``step``."""
        params = {
            "MessageSid": message.sid,
            "SmsSid": message.sid,
            "AccountSid": self.account_sid,
            "From": message.from_ or self.sender_address,
            "To": message.to,
            "MessageStatus": step.status,
            "SmsStatus": step.status,
            "ApiVersion": API_VERSION,
            "ChannelPrefix": "whatsapp",
        }
        if message.messaging_service_sid:
            params["MessagingServiceSid"] = message.messaging_service_sid
        if step.error_code is not None:
            params["ErrorCode"] = str(step.error_code)
        return params

    async def _post_callback(self, message: SentMessage, step: Step, duplicate: bool) -> None:
        url = message.status_callback
        assert url is not None
        params = self.callback_params(message, step)
        signature = self.signature(url, params)
        self._callback_sequence += 1
        sequence = self._callback_sequence
        answer = await self._post_form(url, params, signature, self._idempotency_token())
        self._callbacks.append(
            CallbackDelivery(
                sequence=sequence,
                message_sid=message.sid,
                url=url,
                params=params,
                signature=signature,
                duplicate=duplicate,
                status=answer.status,
                error=answer.error,
                body=answer.body,
                time=self._now(),
            )
        )
        self._notify()

    async def callbacks_settled(self, timeout: float = 5.0) -> None:
        """Wait until every message has reached its last status and every callback was POSTed.

        Messages created meanwhile are waited for too. An AssertionError says what is left.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            pending = {task for task in self._callback_tasks if not task.done()}
            if not pending:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"{len(pending)} messages still had callbacks to send after {timeout:g}s\n"
                    f"{self.format_all()}"
                )
            await asyncio.wait(pending, timeout=remaining)

    async def _cancel_callbacks(self) -> None:
        """Stop every message's background life (on stop)."""
        tasks = list(self._callback_tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
