"""Secrets masked in everything Jejak prints: log records, their tracebacks, a crash's traceback.

The Telegram client puts the bot token into every request URL, and HTTP libraries quote that URL
in their errors; the Twilio auth token signs every request. Whatever fails, neither is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "***"


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


class RedactSecrets(logging.Filter):
    """A handler filter: the record's message and exception text with every secret masked."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: logging reports it itself
            message = str(record.msg)
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def redact_logging(secrets: Iterable[str]) -> None:
    """Put a RedactSecrets filter on every handler of the root logger (once each)."""
    wanted = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(old)
        handler.addFilter(wanted)
