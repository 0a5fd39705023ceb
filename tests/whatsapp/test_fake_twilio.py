"""The fake Twilio behaves like Twilio as the real twilio client and a webhook receiver see it.

Every test drives the real ``twilio.rest.Client`` with ``AsyncTwilioHttpClient`` over HTTP
against :class:`fakes.twilio_api.FakeTwilio` on 127.0.0.1, and receives its webhooks on a tiny
aiohttp server that checks X-Twilio-Signature with the real ``RequestValidator``; nothing
reaches api.twilio.com.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from fakes.twilio_api import FakeTwilio
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.rest.api.v2010.account.message import MessageInstance

PHONE = "+6281234567890"
TO = f"whatsapp:{PHONE}"
TEMPLATE_SID = "HX" + "ab" * 16
SID_RE = re.compile(r"SM[0-9a-f]{32}")


@pytest.fixture(autouse=True)
def _local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every request on 127.0.0.1; TWILIO_REGION/EDGE would rewrite the API host."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("TWILIO_REGION", raising=False)
    monkeypatch.delenv("TWILIO_EDGE", raising=False)


@dataclass(frozen=True)
class Received:
    """One webhook POST the receiver got."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    valid: bool


class Receiver:
    """Jejak's side in miniature: validates each POST's signature against the URL Twilio was
    configured with (``public_base`` + path), answers 403 to a bad one, empty TwiML to users'
    messages and 204 to status callbacks."""

    def __init__(self, auth_token: str, public_base: str | None = None) -> None:
        self.validator = RequestValidator(auth_token)
        self.public_base = public_base
        self.received: list[Received] = []
        self.on_message: Callable[[dict[str, str]], Awaitable[None]] | None = None
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        return self.base + path

    def for_path(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    async def _handle(self, request: web.Request) -> web.Response:
        params = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        url = (self.public_base or self.base) + request.path_qs
        signature = request.headers.get("X-Twilio-Signature", "")
        valid = bool(self.validator.validate(url, params, signature))
        self.received.append(Received(request.path, params, dict(request.headers), valid))
        if not valid:
            return web.Response(status=403)
        if request.path != "/whatsapp":
            return web.Response(status=204)
        if self.on_message is not None:
            await self.on_message(params)
        return web.Response(text="<Response/>", content_type="application/xml")


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio() as server:
        yield server


@pytest.fixture
async def receiver(fake: FakeTwilio) -> AsyncIterator[Receiver]:
    server = Receiver(fake.auth_token)
    await server.start()
    fake.set_webhook(server.url("/whatsapp"))
    try:
        yield server
    finally:
        await server.stop()


def make_client(fake: FakeTwilio, token: str | None = None) -> Client:
    """The real client, pointed at the fake (the ``api`` domain's base_url)."""
    client = Client(fake.account_sid, token or fake.auth_token, http_client=AsyncTwilioHttpClient())
    client.api.base_url = fake.url
    return client


@pytest.fixture
async def client(fake: FakeTwilio) -> AsyncIterator[Client]:
    twilio = make_client(fake)
    try:
        yield twilio
    finally:
        await twilio.http_client.close()


async def send(client: Client, fake: FakeTwilio, receiver: Receiver, **kwargs: str) -> Any:
    """Create a WhatsApp message from the fake's sender with a status callback."""
    kwargs.setdefault("to", TO)
    return await client.messages.create_async(
        from_=fake.sender_address, status_callback=receiver.url("/status"), **kwargs
    )


def open_window(fake: FakeTwilio, ago: timedelta = timedelta(minutes=5)) -> None:
    fake.set_last_inbound(PHONE, datetime.now(UTC) - ago)


# --------------------------------------------------------------------------------------------
# REST


async def test_create_returns_a_message_instance(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    open_window(fake)
    message = await send(client, fake, receiver, body="Halo Ayu")

    assert isinstance(message, MessageInstance)
    assert SID_RE.fullmatch(message.sid or "")
    assert message.status == "queued"
    assert (message.to, message.from_, message.body) == (TO, fake.sender_address, "Halo Ayu")
    assert message.account_sid == fake.account_sid
    assert message.date_created is not None and message.date_created.tzinfo is not None
    assert message.num_segments == "1"
    assert message.error_code is None
    assert message.uri == f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{message.sid}.json"

    [request] = fake.requests
    assert (request.status, request.message_sid) == (201, message.sid)
    assert request.params["Body"] == "Halo Ayu"
    [sent] = fake.messages(PHONE)
    assert sent.text == "Halo Ayu" and sent.sid == message.sid

    await fake.callbacks_settled()
    assert sent.statuses == ["queued", "sent", "delivered"]
    callbacks = receiver.for_path("/status")
    assert [c.params["MessageStatus"] for c in callbacks] == ["queued", "sent", "delivered"]
    assert all(c.valid for c in callbacks)
    assert callbacks[0].params["ChannelPrefix"] == "whatsapp"
    assert callbacks[0].params["SmsSid"] == message.sid
    assert all(d.status == 204 for d in fake.callback_deliveries)

    fetched = await client.messages(message.sid).fetch_async()
    assert fetched.status == "delivered" and fetched.date_sent is not None


async def test_bad_credentials_raise_401_with_code_20003(fake: FakeTwilio) -> None:
    bad = make_client(fake, token="0" * 32)
    try:
        with pytest.raises(TwilioRestException) as caught:
            await bad.messages.create_async(to=TO, from_=fake.sender_address, body="x")
    finally:
        await bad.http_client.close()
    assert (caught.value.status, caught.value.code) == (401, 20003)
    assert fake.requests[-1].status == 401
    assert fake.all_messages == []


async def test_injected_429_then_success(fake: FakeTwilio, client: Client) -> None:
    open_window(fake)
    fake.fail_next(1, status=429, code=20429)
    with pytest.raises(TwilioRestException) as caught:
        await client.messages.create_async(to=TO, from_=fake.sender_address, body="x")
    assert (caught.value.status, caught.value.code) == (429, 20429)
    message = await client.messages.create_async(to=TO, from_=fake.sender_address, body="x")
    assert message.status == "queued"
    assert [r.status for r in fake.requests] == [429, 201]
    assert fake.count_429 == 1


async def test_rate_limit_answers_429_with_retry_after() -> None:
    fake = FakeTwilio(rate_per_second=1)
    async with fake, aiohttp.ClientSession() as session:
        credentials = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode())
        headers = {"Authorization": f"Basic {credentials.decode()}"}
        url = f"{fake.url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
        form = {"To": TO, "From": fake.sender_address, "Body": "x"}
        statuses = []
        for _ in range(2):
            async with session.post(url, data=form, headers=headers) as response:
                statuses.append(response.status)
                payload = await response.json()
        assert statuses == [201, 429]
        assert response.headers["Retry-After"] == "1"
        assert payload["code"] == 20429 and payload["status"] == 429
        assert payload["more_info"] == "https://www.twilio.com/docs/errors/20429"


async def test_server_errors_and_lost_answers(fake: FakeTwilio, client: Client) -> None:
    open_window(fake)
    fake.fail_next(1, status=500, code=20500)
    with pytest.raises(TwilioRestException) as caught:
        await client.messages.create_async(to=TO, from_=fake.sender_address, body="a")
    assert (caught.value.status, caught.value.code) == (500, 20500)
    assert fake.all_messages == []

    fake.fail_next(1, status=502, raw_body="<html>Bad Gateway</html>")
    with pytest.raises(TwilioRestException) as caught:
        await client.messages.create_async(to=TO, from_=fake.sender_address, body="b")
    assert caught.value.status == 502  # no JSON: the client puts the status in .code too

    fake.fail_next(1, status=500, code=20500, accept=True)
    with pytest.raises(TwilioRestException):
        await client.messages.create_async(to=TO, from_=fake.sender_address, body="c")
    [created] = fake.messages(PHONE)  # the answer was lost, the message was not
    assert created.text == "c"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"from_": "whatsapp:+14150000000", "body": "x"}, 63007),
        ({"from_": "+14155238886", "body": "x"}, 21910),
        ({"body": "x", "to": PHONE}, 21910),
        ({"content_sid": TEMPLATE_SID}, 21655),
        ({"body": "x" * 1601}, 21617),
        ({}, 21619),
    ],
)
async def test_refused_messages(
    fake: FakeTwilio, client: Client, kwargs: dict[str, str], code: int
) -> None:
    kwargs.setdefault("from_", fake.sender_address)
    kwargs.setdefault("to", TO)
    with pytest.raises(TwilioRestException) as caught:
        await client.messages.create_async(**kwargs)
    assert (caught.value.status, caught.value.code) == (400, code)
    assert fake.all_messages == []


# --------------------------------------------------------------------------------------------
# The 24-hour window and delivery failures


async def test_free_form_outside_the_window_fails_later_with_63016(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    open_window(fake, ago=timedelta(hours=25))
    message = await send(client, fake, receiver, body="Pengingat survei")
    assert message.status == "queued"  # accepted first, as Twilio does

    await fake.callbacks_settled()
    last = receiver.for_path("/status")[-1]
    assert last.valid
    assert (last.params["MessageStatus"], last.params["ErrorCode"]) == ("failed", "63016")
    assert fake.message(message.sid).error_code == 63016


async def test_approved_template_outside_the_window_is_delivered(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    fake.approve_template(TEMPLATE_SID, "Halo {{1}}, survei {{2}} menunggu Anda.")
    message = await send(
        client,
        fake,
        receiver,
        content_sid=TEMPLATE_SID,
        content_variables=json.dumps({"1": "Ayu", "2": "SMK 1"}),
    )
    await fake.callbacks_settled()
    sent = fake.message(message.sid)
    assert sent.text == "Halo Ayu, survei SMK 1 menunggu Anda."
    assert sent.content_variables == {"1": "Ayu", "2": "SMK 1"}
    assert sent.statuses == ["queued", "sent", "delivered"]
    assert all(c.valid for c in receiver.for_path("/status"))


async def test_unapproved_template_outside_the_window_fails(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    fake.register_template(TEMPLATE_SID, "Halo {{1}}")
    message = await send(
        client, fake, receiver, content_sid=TEMPLATE_SID, content_variables='{"1": "Ayu"}'
    )
    await fake.callbacks_settled()
    assert fake.message(message.sid).error_code == 63016


async def test_injected_delivery_failure_63018(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    open_window(fake)
    fake.fail_delivery_next(1, code=63018)
    message = await send(client, fake, receiver, body="x")
    await fake.callbacks_settled()
    assert fake.message(message.sid).statuses == ["queued", "failed"]
    assert receiver.for_path("/status")[-1].params["ErrorCode"] == "63018"


async def test_callbacks_out_of_order_and_duplicated(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    open_window(fake)
    fake.callback_order = "shuffled"
    message = await send(client, fake, receiver, body="x")
    await fake.callbacks_settled()
    arrived = [r.params["MessageStatus"] for r in receiver.for_path("/status")]
    planned = [d.message_status for d in fake.callbacks_for(message.sid)]
    assert arrived == planned
    assert sorted(arrived) == ["delivered", "queued", "sent"]
    assert arrived != ["queued", "sent", "delivered"]
    assert fake.message(message.sid).statuses == ["queued", "sent", "delivered"]

    fake.callback_order = "in_order"
    fake.callback_copies = 2
    second = await send(client, fake, receiver, body="y")
    await fake.callbacks_settled()
    deliveries = fake.callbacks_for(second.sid)
    assert [d.message_status for d in deliveries] == [
        "queued", "queued", "sent", "sent", "delivered", "delivered"
    ]  # fmt: skip
    assert [d.duplicate for d in deliveries] == [False, True] * 3


# --------------------------------------------------------------------------------------------
# Users


async def test_signed_inbound_message_and_a_forged_one(
    fake: FakeTwilio, receiver: Receiver
) -> None:
    delivery = await fake.user_text(PHONE, "Halo", profile_name="Ayu")
    assert delivery.ok and delivery.empty_twiml
    [got] = receiver.for_path("/whatsapp")
    assert got.valid
    assert got.params["From"] == TO
    assert got.params["To"] == fake.sender_address
    assert got.params["WaId"] == PHONE[1:]
    assert (got.params["Body"], got.params["ProfileName"]) == ("Halo", "Ayu")
    assert got.params["MessageSid"] == got.params["SmsMessageSid"] == delivery.message_sid
    assert got.params["SmsStatus"] == "received"
    assert got.params["ApiVersion"] == "2010-04-01"
    assert fake.window_open(PHONE)

    forged = await fake.user_text(PHONE, "Saya admin", forge=True)
    assert forged.status == 403
    assert not receiver.received[-1].valid


async def test_redelivery_repeats_the_message_sid(fake: FakeTwilio, receiver: Receiver) -> None:
    first = await fake.user_text(PHONE, "2")
    again = await fake.redeliver(first.message_sid)
    assert again.redelivery and again.message_sid == first.message_sid
    a, b = receiver.for_path("/whatsapp")
    assert a.params == b.params and b.valid
    assert a.headers["I-Twilio-Idempotency-Token"] == b.headers["I-Twilio-Idempotency-Token"]


async def test_signature_covers_the_public_url(fake: FakeTwilio) -> None:
    public = "https://jejak.example.sch.id"
    behind_proxy = Receiver(fake.auth_token, public_base=public)
    await behind_proxy.start()
    try:
        fake.set_webhook(behind_proxy.url("/whatsapp"), public_url=f"{public}/whatsapp")
        delivery = await fake.user_text(PHONE, "Halo")
        assert delivery.empty_twiml and behind_proxy.received[-1].valid
    finally:
        await behind_proxy.stop()


async def test_buttons_media_and_location(fake: FakeTwilio, receiver: Receiver) -> None:
    await fake.user_button(PHONE, "lanjut", "Lanjutkan")
    media = await fake.user_media(PHONE, "image/png", content=b"PNG!", caption="ijazah")
    await fake.user_location(PHONE, -6.2, 106.8, label="Sekolah")
    button, photo, place = (r.params for r in receiver.for_path("/whatsapp"))
    assert (button["ButtonPayload"], button["ButtonText"], button["Body"]) == (
        "lanjut", "Lanjutkan", "Lanjutkan"
    )  # fmt: skip
    assert (photo["NumMedia"], photo["MediaContentType0"], photo["Body"]) == (
        "1", "image/png", "ijazah"
    )  # fmt: skip
    assert media.message_sid.startswith("MM")
    assert (place["Latitude"], place["Longitude"], place["Label"]) == ("-6.2", "106.8", "Sekolah")
    assert all(r.valid for r in receiver.received)
    async with aiohttp.ClientSession() as session, session.get(photo["MediaUrl0"]) as response:
        assert (response.content_type, await response.read()) == ("image/png", b"PNG!")


async def test_wait_reply_sees_what_the_bot_sends(
    fake: FakeTwilio, client: Client, receiver: Receiver
) -> None:
    async def echo(params: dict[str, str]) -> None:
        await client.messages.create_async(
            to=params["From"], from_=params["To"], body=f"Anda menulis: {params['Body']}"
        )

    receiver.on_message = echo
    await fake.user_text(PHONE, "satu")
    [reply] = await fake.wait_reply(PHONE)
    assert reply.text == "Anda menulis: satu"
    await fake.user_text(PHONE, "dua")
    [reply] = await fake.wait_reply(PHONE)
    assert reply.text == "Anda menulis: dua"
    assert [m.text for m in fake.messages(PHONE)] == ["Anda menulis: satu", "Anda menulis: dua"]
    await fake.callbacks_settled()
    assert all(m.status == "delivered" for m in fake.messages(PHONE))  # inside the window
