"""The Twilio error codes Jejak acts on, each named once (https://www.twilio.com/docs/api/errors).

Twilio answers a send with an HTTP status and its own error code, and reports a later failure
with the code in a status callback's ErrorCode. Codes not named here are read as final.
"""

from __future__ import annotations

TOO_MANY_REQUESTS = 20429  # the account's REST requests over their rate (HTTP 429)
OUTSIDE_WINDOW = 63016  # free-form text after the 24-hour window: only a template may go
RATE_LIMITED = 63018  # the WhatsApp sender over its rate: not this message's fault
MEDIA_NOT_FETCHED = 63019  # Twilio accepted a file message, then could not download the file
BLOCKED = 63014  # the recipient blocked the business number, or withdrew consent
# The number cannot be reached on WhatsApp: no WhatsApp account (63003), invalid recipient (63024).
NOT_ON_WHATSAPP = frozenset({63003, 63024})
# Waited out and sent again: the same message goes once the rate allows.
RATE_LIMITS = frozenset({TOO_MANY_REQUESTS, RATE_LIMITED})


def rate_limited(status: int | None, code: int | None) -> bool:
    """Whether Twilio refused for pace alone (HTTP 429 or a rate code): try the same again."""
    return status == 429 or code in RATE_LIMITS
