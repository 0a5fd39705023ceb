"""Which Twilio refusals are about pace alone, and so are tried again with the same message."""

from __future__ import annotations

import pytest

from bot.whatsapp.errors import NOT_ON_WHATSAPP, OUTSIDE_WINDOW, rate_limited


@pytest.mark.parametrize(
    ("status", "code", "again"),
    [
        (429, 20429, True),  # the account's REST rate
        (429, None, True),  # a 429 without Twilio's code is still pace
        (400, 63018, True),  # the WhatsApp sender's rate, reported on the request
        (400, OUTSIDE_WINDOW, False),  # needs a template: the same text fails again
        (400, 21211, False),  # an invalid phone number
        *((400, code, False) for code in sorted(NOT_ON_WHATSAPP)),
        (None, None, False),  # unreachable: the caller decides, not the code table
    ],
)
def test_only_a_rate_limit_is_tried_again(
    status: int | None, code: int | None, again: bool
) -> None:
    assert rate_limited(status, code) is again
