"""Scheduled messages out on WhatsApp: free text inside the 24-hour window, templates outside.

Outside the window only an approved template (a Content SID configured per message kind and
language in JEJAK_TWILIO_TEMPLATES) may go. With none configured nothing is sent and the
delivery is marked `needs_template`, which staff see; Twilio reporting 63016 later (the window
closed meanwhile) ends the same way through the status callback.
"""

from __future__ import annotations

from bot.whatsapp.client import BODY_LIMIT, WhatsAppClient
from bot.whatsapp.errors import OUTSIDE_WINDOW, rate_limited
from bot.whatsapp.text import whatsapp_text
from config.settings import Settings
from scheduler.outbox import OutgoingMessage, SendResult, SendStatus
from storage.deliveries.outbox import NEEDS_TEMPLATE


class TwilioSender:
    """The scheduler's Sender for WhatsApp."""

    channel = "whatsapp"

    def __init__(self, client: WhatsAppClient, settings: Settings) -> None:
        self.client = client
        self.templates = settings.twilio_templates

    def template_for(self, message: OutgoingMessage) -> str | None:
        """The Content SID for this message's kind, in its language or for any language."""
        if message.template is None:
            return None
        key = message.template
        return self.templates.get(f"{key}:{message.language}") or self.templates.get(key)

    async def send(self, external_id: str, message: OutgoingMessage) -> SendResult:
        """One message; Twilio's answers become SendResults, never exceptions."""
        if message.window_open:
            text = whatsapp_text(message.text) if message.html else message.text
            sent = await self.client.send_text(external_id, fit(text), track=True)
        else:
            content_sid = self.template_for(message)
            if content_sid is None:
                return SendResult(SendStatus.FAILED, NEEDS_TEMPLATE)
            variables = {str(n): v for n, v in enumerate(message.variables, start=1)}
            sent = await self.client.send_template(external_id, content_sid, variables, track=True)
        if sent.ok:
            return SendResult(SendStatus.SENT, provider_id=sent.sid)
        if sent.error_code == OUTSIDE_WINDOW:
            return SendResult(SendStatus.FAILED, NEEDS_TEMPLATE)
        if sent.status is None or sent.status >= 500 or rate_limited(sent.status, sent.error_code):
            return SendResult(SendStatus.RETRY, f"twilio_{sent.error_code or sent.status}")
        return SendResult(SendStatus.FAILED, f"twilio_{sent.error_code or sent.status}")


def fit(text: str) -> str:
    """One message's worth: a longer text (a long summary) is cut at a line break, marked …."""
    if len(text) <= BODY_LIMIT:
        return text
    cut = text.rfind("\n", 0, BODY_LIMIT - 2)
    return text[: cut if cut > 0 else BODY_LIMIT - 2].rstrip() + "\n…"
