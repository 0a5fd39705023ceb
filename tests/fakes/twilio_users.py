"""Simulated WhatsApp users: their messages, POSTed to Jejak's webhook as Twilio does."""

from __future__ import annotations

from dataclasses import dataclass

from .twilio_objects import API_VERSION, InboundDelivery, e164, new_sid
from .twilio_records import Recordings

# Stands for a photo: JPEG markers around a few bytes (nothing decodes it).
_DEFAULT_MEDIA = b"\xff\xd8\xff\xe0fake-media\xff\xd9"


@dataclass(frozen=True)
class InboundMessage:
    """A message a user sent, kept so that :meth:`SimulatedUsers.redeliver` can repeat it."""

    sid: str
    phone: str
    params: dict[str, str]
    idempotency_token: str


@dataclass(frozen=True)
class StoredMedia:
    """A file a user sent, served at its MediaUrl."""

    content: bytes
    content_type: str


class SimulatedUsers(Recordings):
    """WhatsApp users writing to the business number; each message is a signed webhook POST.

    Every action opens the user's 24-hour window, waits for Jejak's answer and returns the
    :class:`InboundDelivery` (Jejak must answer 200 with an empty ``<Response/>``). The first
    message of a number fixes its profile name (default "Ayu"); later ones keep it unless given.
    ``forge=True`` signs with a wrong key, as an impostor would.
    """

    def _init_users(self) -> None:
        self._webhook_url: str | None = None
        self._webhook_public_url: str | None = None
        self._inbound: dict[str, InboundMessage] = {}
        self._media: dict[str, StoredMedia] = {}

    def set_webhook(self, url: str, *, public_url: str | None = None) -> None:
        """POST users' messages to ``url``, signed over ``public_url`` (default: ``url``).

        ``public_url`` is the address configured in Twilio when Jejak sits behind a proxy: the
        signature covers it, not the address the POST reaches.
        """
        self._webhook_url = url
        self._webhook_public_url = public_url

    @property
    def webhook_url(self) -> str | None:
        """Where users' messages are POSTed, if set."""
        return self._webhook_url

    async def user_text(
        self, phone: str, text: str, *, profile_name: str | None = None, forge: bool = False
    ) -> InboundDelivery:
        """The user of ``phone`` sends ``text``."""
        sid = new_sid("SM")
        params = self._inbound_params(phone, sid, text, "text", profile_name)
        return await self._user_sends(phone, sid, params, "text", text, forge)

    async def user_button(
        self,
        phone: str,
        payload: str,
        text: str,
        *,
        replied_to: str | None = None,
        profile_name: str | None = None,
        forge: bool = False,
    ) -> InboundDelivery:
        """The user taps a quick-reply button labelled ``text`` with ``payload``.

        ``replied_to`` is the sid of the message that carried the button (default: the last
        message Jejak sent to ``phone``, if any).
        """
        sid = new_sid("SM")
        params = self._inbound_params(phone, sid, text, "button", profile_name)
        params["ButtonText"] = text
        params["ButtonPayload"] = payload
        sent = self.messages(phone)
        original = replied_to or (sent[-1].sid if sent else None)
        if original is not None:
            params["OriginalRepliedMessageSid"] = original
            params["OriginalRepliedMessageSender"] = self.sender_address
        return await self._user_sends(phone, sid, params, "button", f"{text} [{payload}]", forge)

    async def user_media(
        self,
        phone: str,
        content_type: str = "image/jpeg",
        *,
        content: bytes = _DEFAULT_MEDIA,
        caption: str = "",
        profile_name: str | None = None,
        forge: bool = False,
    ) -> InboundDelivery:
        """The user sends a file (photo by default), with an optional caption as Body.

        The fake serves ``content`` at MediaUrl0 (GET, no authentication needed).
        """
        sid = new_sid("MM")
        media_sid = new_sid("ME")
        self._media[media_sid] = StoredMedia(content, content_type)
        major = content_type.partition("/")[0]
        kind = major if major in ("image", "audio", "video") else "document"
        params = self._inbound_params(phone, sid, caption, kind, profile_name)
        params["NumMedia"] = "1"
        params["MediaContentType0"] = content_type
        params["MediaUrl0"] = (
            f"{self.url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}/Media/{media_sid}"
        )
        return await self._user_sends(
            phone, sid, params, "media", f"<{content_type}> {caption}", forge
        )

    async def user_location(
        self,
        phone: str,
        latitude: float,
        longitude: float,
        *,
        label: str | None = None,
        address: str | None = None,
        profile_name: str | None = None,
        forge: bool = False,
    ) -> InboundDelivery:
        """The user shares a location (an empty Body, Latitude and Longitude)."""
        sid = new_sid("SM")
        params = self._inbound_params(phone, sid, "", "location", profile_name)
        params["Latitude"] = repr(latitude)
        params["Longitude"] = repr(longitude)
        if label is not None:
            params["Label"] = label
        if address is not None:
            params["Address"] = address
        return await self._user_sends(
            phone, sid, params, "location", f"<location {latitude},{longitude}>", forge
        )

    async def redeliver(self, message_sid: str, *, forge: bool = False) -> InboundDelivery:
        """POST a user's message again: same MessageSid, params and idempotency token."""
        inbound = self._inbound.get(message_sid)
        if inbound is None:
            raise ValueError(f"no user message {message_sid} to redeliver")
        return await self._deliver(inbound, forge=forge, redelivery=True)

    def media(self, media_sid: str) -> StoredMedia | None:
        """A file a user sent, by its ME… sid."""
        return self._media.get(media_sid)

    # ----------------------------------------------------------------------------------------

    def _inbound_params(
        self, phone: str, sid: str, body: str, message_type: str, profile_name: str | None
    ) -> dict[str, str]:
        """The parameters of Twilio's webhook request for a WhatsApp message."""
        state = self._conversation(phone)
        if profile_name is not None:
            state.profile_name = profile_name
        params = {
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "ProfileName": state.profile_name,
            "MessageType": message_type,
            "SmsSid": sid,
            "WaId": state.phone.removeprefix("+"),
            "SmsStatus": "received",
            "Body": body,
            "To": self.sender_address,
            "NumSegments": "1",
            "ReferralNumMedia": "0",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": f"whatsapp:{state.phone}",
            "ApiVersion": API_VERSION,
        }
        if self.messaging_service_sid:
            params["MessagingServiceSid"] = self.messaging_service_sid
        return params

    async def _user_sends(
        self, phone: str, sid: str, params: dict[str, str], kind: str, text: str, forge: bool
    ) -> InboundDelivery:
        if self._webhook_url is None:
            raise RuntimeError("call set_webhook(url) before users send messages")
        number = e164(phone)
        inbound = InboundMessage(sid, number, params, self._idempotency_token())
        self._inbound[sid] = inbound
        self._conversation(number).last_inbound_at = self._now()
        self._note(number, "user", kind, text, sid)
        return await self._deliver(inbound, forge=forge, redelivery=False)

    async def _deliver(
        self, inbound: InboundMessage, *, forge: bool, redelivery: bool
    ) -> InboundDelivery:
        url = self._webhook_url
        if url is None:
            raise RuntimeError("call set_webhook(url) before users send messages")
        signed_url = self._webhook_public_url or url
        signature = self.signature(signed_url, inbound.params, forge=forge)
        answer = await self._post_form(url, inbound.params, signature, inbound.idempotency_token)
        delivery = InboundDelivery(
            message_sid=inbound.sid,
            phone=inbound.phone,
            url=url,
            signed_url=signed_url,
            params=dict(inbound.params),
            signature=signature,
            forged=forge,
            redelivery=redelivery,
            status=answer.status,
            content_type=answer.content_type,
            body=answer.body,
            error=answer.error,
            time=self._now(),
        )
        self._inbound_deliveries.append(delivery)
        self._notify()
        return delivery
