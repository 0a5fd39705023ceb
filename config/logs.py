"""How Jejak's log lines look: plain text for a terminal, JSON lines for a log collector.

Either way a line carries ids, counts and error classes, never personal data (the callers see to
that), and secrets are masked by config.redaction's filter on the same handlers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from config.redaction import redact_logging

TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, exception class."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, log_format: str, secrets: Iterable[str]) -> None:
    """The root logger at `level`, in `log_format` ("text" or "json"), secrets masked."""
    logging.basicConfig(level=level.upper(), format=TEXT_FORMAT)
    if log_format == "json":
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonLines())
    redact_logging(secrets)
