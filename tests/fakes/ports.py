"""Free local ports for servers that tests start."""

from __future__ import annotations

import socket

TELEGRAM_TOKEN = "123456:TEST-TOKEN"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
