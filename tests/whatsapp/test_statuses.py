"""Delivery statuses from Twilio's callbacks only ever move forward."""

from __future__ import annotations

import pytest

from bot.whatsapp.statuses import moves_forward


@pytest.mark.parametrize(
    ("current", "new", "forward"),
    [
        (None, "queued", True),
        ("queued", "sent", True),
        ("sent", "delivered", True),
        ("delivered", "read", True),
        ("read", "delivered", False),  # a late callback never hides a read receipt
        ("delivered", "sent", False),
        ("sent", "sent", False),  # a repeated callback
        ("sent", "failed", True),
        ("delivered", "undelivered", True),
        ("failed", "delivered", False),  # a failure is final
        ("undelivered", "read", False),
        (None, "bogus", False),
    ],
)
def test_statuses_move_forward_only(current: str | None, new: str, forward: bool) -> None:
    assert moves_forward(current, new) is forward
