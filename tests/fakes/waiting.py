"""Bounded waits shared by the fake servers: re-check a condition at every change."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any


class Waiting:
    """Mixin: `self._changed` is an asyncio.Event replaced at every change; `format_all()`
    describes everything for an assertion message."""

    _changed: asyncio.Event

    def format_all(self, limit: int = 40) -> str:  # overridden by each fake
        raise NotImplementedError

    async def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 5.0, *, what: str | None = None
    ) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked at every change) and return it.

        An AssertionError or LookupError raised by the predicate counts as "not yet" (so a
        lookup may run before what it looks up exists); at the timeout the AssertionError
        names ``what`` (or the predicate), the last such error and the transcripts.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last_error: Exception | None = None
        while True:
            changed = self._changed
            try:
                result = predicate()
            except (AssertionError, LookupError) as error:
                result, last_error = None, error
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                label = what or getattr(predicate, "__name__", "condition")
                because = f" (last: {last_error!r})" if last_error else ""
                raise AssertionError(
                    f"timed out after {timeout:g}s waiting for {label}{because}\n"
                    f"{self.format_all()}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
