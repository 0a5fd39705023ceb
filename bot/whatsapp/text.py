"""Jejak's texts as WhatsApp shows them: WhatsApp has no HTML, only its own *bold* markup."""

from __future__ import annotations

import html
import re

_NOT_BOLD = re.compile(r"<(?!/?b>)[^>]+>")
_BOLD = re.compile(r"</?b>")


def whatsapp_text(text: str) -> str:
    """Telegram HTML as WhatsApp text: bold stays bold (*…*), other tags go, entities decode."""
    return html.unescape(_BOLD.sub("*", _NOT_BOLD.sub("", text)))
