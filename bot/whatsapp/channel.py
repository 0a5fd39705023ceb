"""WhatsApp through Twilio: signed webhooks in, questionnaire turns, numbered lists out.

Twilio POSTs each inbound message to /whatsapp/inbound. The signature (X-Twilio-Signature over
the public URL and every posted parameter) is checked first: a missing or wrong one gets 403 and
changes nothing. A valid request is answered at once with an empty TwiML <Response/>, and the
message is handled in the background, one at a time per number; replies go out through the REST
API. A MessageSid seen before is handled once: it is recorded before anything else, in the
transaction that notes the message (Twilio retries a webhook it got no quick answer to).
A database that stays busy gets the message tried again a few times, then the sender is asked
to send it again.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from twilio.request_validator import RequestValidator

from bot.alumni import checkin, guardians, identity, linking
from bot.alumni.runner import Inbound, KeyedLocks, Outbound, Turn, retry_busy
from bot.media import MediaShelf
from bot.services import Services
from bot.staff.desk import StaffDesk
from bot.staff.phone import PhoneAnswers
from bot.staff.types import COMMANDS, HELP_WORDS, Caller, DeskReply
from bot.whatsapp.client import BODY_LIMIT, WhatsAppClient
from bot.whatsapp.text import whatsapp_text
from config.clock import utc_now
from config.desk_messages import desk_text
from config.settings import Settings
from conversations.commands import parse_command
from conversations.inputs import CommandKind, TextReply
from conversations.messages import t
from conversations.phones import platform_number
from conversations.render import render_text
from storage.deliveries import opt_outs
from storage.models import Alumnus
from storage.roster import repository as repo
from storage.staff import members as staff_repo
from storage.surveys.responses import claim_message

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
INBOUND_PATH = "/whatsapp/inbound"
STATUS_PATH = "/whatsapp/status"
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
SIGNATURE_HEADER = "X-Twilio-Signature"
EARLY_CALLBACK_TRIES = 30
EARLY_CALLBACK_WAIT = 0.1  # seconds
MEDIA_LIMIT = 16 * 1024 * 1024  # bytes: Twilio's limit for one WhatsApp message with media
CHART_NAME = "laporan.png"  # the name a chart image is served under
# A stored reply this old and still unsent was left by a process that stopped.
UNSENT_AGE = timedelta(seconds=5)


def sender_phone(params: dict[str, str]) -> str | None:
    """The sender's number as +62… from Twilio's From (`whatsapp:+62…`), None if unreadable."""
    # Read, not judged like a typed number: WhatsApp itself proves this number reaches it.
    return platform_number(params.get("From", "").removeprefix("whatsapp:"))


class WhatsAppChannel:
    """Handles Twilio's webhooks for one WhatsApp sender."""

    def __init__(
        self,
        services: Services,
        client: WhatsAppClient,
        desk: StaffDesk | None = None,
        clock: Callable[[], datetime] = utc_now,
        media: MediaShelf | None = None,
    ) -> None:
        self.services = services
        self.media = media
        self.settings: Settings = services.settings
        self.client = client
        self.desk = desk
        # Staff numbers answering an alumnus's survey by phone (bot/staff/phone.py).
        self.phone = PhoneAnswers(services, CHANNEL) if desk is not None else None
        self.clock = clock
        token = self.settings.twilio_auth_token
        assert token is not None
        self.validator = RequestValidator(token.get_secret_value())
        self._numbers = KeyedLocks()
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: web.Application) -> None:
        """Add the two webhook routes to Jejak's HTTP server."""
        app.router.add_post(INBOUND_PATH, self.inbound)
        app.router.add_post(STATUS_PATH, self.status)

    def public_url(self, path: str) -> str:
        """The URL Twilio calls, rebuilt from configuration (a proxy may change the request's)."""
        base = (self.settings.public_url or "").rstrip("/")
        return base + path

    async def _signed(self, request: web.Request, path: str) -> dict[str, str] | None:
        try:
            form = await request.post()
        except (ValueError, HttpProcessingError) as exc:
            # Not a form Twilio sends (garbage multipart, bad encoding): the sender's fault, 400.
            log.warning("whatsapp webhook with an unreadable body refused (%s)", type(exc).__name__)
            raise web.HTTPBadRequest() from None
        params = {k: str(v) for k, v in form.items()}
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature or not self.validator.validate(self.public_url(path), params, signature):
            log.warning("whatsapp webhook with a bad signature refused")
            return None
        return params

    async def inbound(self, request: web.Request) -> web.Response:
        """Twilio's inbound message: 403 unless signed; else TwiML at once, work in background."""
        params = await self._signed(request, INBOUND_PATH)
        if params is None:
            return web.Response(status=403)
        self._background(self.handle(params))
        return web.Response(text=TWIML_EMPTY, content_type="application/xml")

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after Twilio has its answer (it wants one at once); drain() waits for it."""
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def status(self, request: web.Request) -> web.Response:
        """A delivery status callback: recorded on the delivery row, only ever moving forward."""
        from bot.whatsapp.statuses import media_status, record_status

        params = await self._signed(request, STATUS_PATH)
        if params is None:
            return web.Response(status=403)
        undelivered = None
        for _ in range(EARLY_CALLBACK_TRIES):
            async with self.services.sessions() as session, session.begin():
                applied = await record_status(session, params, self.clock())
                if applied is None:  # not a delivery: maybe a file sent to staff
                    applied, undelivered = await media_status(session, params)
            if applied is not None:
                break
            # A callback can overtake the sender's own record of the sid by milliseconds.
            await asyncio.sleep(EARLY_CALLBACK_WAIT)
        if undelivered is not None:
            log.warning("whatsapp file not delivered: error %s", params.get("ErrorCode"))
            self._background(
                self._file_not_sent(
                    undelivered.recipient, undelivered.filename, undelivered.language
                )
            )
        return web.Response(status=204)

    async def drain(self) -> None:
        """Wait for the messages being handled (at shutdown)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # --- one inbound message --------------------------------------------------------------

    async def handle(self, params: dict[str, str]) -> None:
        """Handle one message; any failure is logged with ids only, never its content."""
        phone = sender_phone(params)
        sid = params.get("MessageSid", "")
        if phone is None or not sid:
            return
        inbound = Inbound(CHANNEL, sid)
        try:
            async with self._numbers.hold(phone):
                await retry_busy(lambda: self._handle(phone, inbound, params), "whatsapp message")
        except Exception as exc:  # its message may quote the SQL parameters: the class only
            log.error("whatsapp message %s failed: %s", sid, type(exc).__name__)
            await self.say(phone, t(self.settings.language, "try_again"))

    async def _handle(self, phone: str, inbound: Inbound, params: dict[str, str]) -> None:
        now = self.clock()
        text = (params.get("Body") or "").strip()
        payload = (params.get("ButtonPayload") or "").strip()
        language = self.settings.language
        async with self.services.sessions() as session, session.begin():
            # The id first, for every path: a retried webhook changes nothing. (An answer's
            # turn comes in a second transaction; Twilio, answered at once, sends no retry
            # that the two could disagree on.)
            if not inbound.claimed and not await claim_message(session, CHANNEL, inbound.id, now):
                log.info("whatsapp message %s already processed", inbound.id)
                return
            known = await repo.find_identity(session, CHANNEL, phone)
            if known is not None:
                known.last_inbound_at = now  # the 24-hour window starts again
                known.reachable = True
            # Staff too: their morning summary may go as free text for the next 24 hours.
            await staff_repo.note_inbound(session, CHANNEL, phone, now)
        inbound.claimed = True  # committed: a retry of what follows must not drop it
        if _has_media(params) and not text:
            await self.say(phone, t(language, "wa_media_not_supported"))
            return
        text = payload or text
        if await self._by_phone(phone, text, now):
            return
        if await self._staff(phone, text):
            return
        if known is None:
            said = await guardians.stop_from_parent(
                self.services.sessions, CHANNEL, phone, text, now, language
            )
            if said is not None:  # a parent's "salah nomor" or "berhenti": thanked once
                if said:
                    await self.say(phone, said)
                return
            command = parse_command(text)
            if command is not None and command.kind is CommandKind.STOP:
                # Whoever holds a number we may write to first can ask to be left alone
                # without proving who they are (UU PDP: the right to stop).
                async with self.services.sessions() as session, session.begin():
                    await opt_outs.opt_out(session, CHANNEL, phone, now)
                    await identity.keep(session, CHANNEL, phone, None, now)
                await self.say(phone, t(language, "wa_number_opted_out"))
                return
            await self._identify(phone, text, language)
            return
        reply = await checkin.answer(self.services.sessions, CHANNEL, phone, now, text=text)
        if reply is not None:  # an answer to the yearly check-in (bot/alumni/checkin.py)
            await self.say(phone, reply.text)
            return
        await self._answer(phone, known.alumnus_id, text, now)

    async def _staff(self, phone: str, text: str) -> bool:
        """Staff commands typed as words (STATISTIK, BELUM XII A …) by staff registered here."""
        if self.desk is None or not text:
            return False
        words = text.lstrip("/").split()
        word = words[0].lower() if words else ""
        if word not in COMMANDS and word not in HELP_WORDS:
            return False
        caller = Caller(CHANNEL, phone, phone, in_group=False)
        member = await self.desk.member(caller)
        if member is None:
            return False  # an alumnus typing BANTUAN: the questionnaire's help
        replies = await self.desk.handle(caller, word, words[1:])
        for reply in replies:
            await self.send_desk(phone, reply, member.language)
        await self._phone_opened(phone, member.language)
        return True

    async def _by_phone(self, phone: str, text: str, now: datetime) -> bool:
        """A staff number answering for an alumnus: the message is the alumnus's answer, ends
        the mode, or is refused; False when the number is not answering (the usual path)."""
        answering = await self.phone.current(phone) if self.phone is not None else None
        if answering is None or self.phone is None:
            return False
        reply = TextReply(text)
        note = await self.phone.intercept(phone, answering, reply, bare=True)
        if note is None:
            turn = await self.services.runner.reply(
                answering.survey_id,
                answering.alumnus_id,
                reply,
                now,
                outbound=self._outbound(phone),
                recorded_by=answering.recorded_by,
            )
            await self.show(phone, turn)
            note = await self.phone.after(phone, answering, turn)
        if note is not None:
            await self.send_desk(phone, note, answering.language)
        return True

    async def _phone_opened(self, phone: str, language: str) -> None:
        """A staff command may have just started answering by phone: show where the alumnus is."""
        if self.phone is None:
            return
        answering = await self.phone.current(phone)
        if answering is not None:
            turn = await self.services.runner.open(
                answering.survey_id,
                answering.alumnus_id,
                self.clock(),
                language,
                outbound=self._outbound(phone),
            )
            await self.show(phone, turn)

    async def send_desk(self, phone: str, reply: DeskReply, language: str = "id") -> None:
        """A staff reply as plain text (WhatsApp has no HTML), then its chart and file, if any."""
        text = whatsapp_text(reply.text)
        if reply.confirm is not None:
            text += f"\n\n{reply.confirm[1].upper()}"
        await self.say(phone, text)
        if reply.photo is not None:  # fetched by Twilio from a short-lived URL, like a file
            await self.send_document(phone, (CHART_NAME, reply.photo), language)
        if reply.document is not None:
            await self.send_document(phone, reply.document, language)

    async def send_document(self, phone: str, document: tuple[str, bytes], language: str) -> None:
        """A file as WhatsApp media, fetched by Twilio from a short-lived URL of ours.

        Twilio shows no caption on a document, so the text went first, on its own. When the file
        cannot go (no public URL, too big, not stored, refused), staff are told to take it from
        the server with `jejak export`.
        """
        name, content = document
        sent = None
        if self.media is not None and len(content) <= MEDIA_LIMIT:
            try:
                published = await self.media.publish(name, content)
            except Exception as exc:  # its message may quote the SQL parameters: the file
                log.warning("whatsapp file could not be stored: %s", type(exc).__name__)
            else:
                # Tracked: Twilio fetches the file after accepting the message, and a failed
                # fetch (63019) arrives later, by status callback (on_status tells staff).
                sent = await self.client.send_text(
                    phone, "", media_urls=[published.url], track=True
                )
                if sent.sid is not None:
                    await self.media.sent_in(published, sent.sid, phone, language)
        if sent is None or not sent.ok:
            code = sent.error_code if sent is not None else None
            log.warning("whatsapp file not sent: %s bytes, error %s", len(content), code)
            await self._file_not_sent(phone, name, language)

    async def _file_not_sent(self, phone: str, filename: str, language: str) -> None:
        """Tell staff a file did not go (at once or later), and to take it with `jejak export`."""
        text = desk_text(language, "file_not_sent", file=html.escape(filename))
        await self.say(phone, whatsapp_text(text))  # never raises: a failed send is logged

    async def _identify(self, phone: str, text: str, language: str) -> None:
        """Who is this? An invitation token, the roster's phone number, or NISN and birth date."""
        now = self.clock()
        token = _token_in(text)
        welcome = ""  # a class link ("KELAS <token>"): its class's greeting, then a fresh start
        async with self.services.sessions() as session, session.begin():
            if (class_token := linking.whatsapp_class_token(text)) is not None:
                welcome, text = await linking.class_welcome(session, class_token, language), ""
                await identity.keep(session, CHANNEL, phone, None, now)
            invited = (
                await identity.from_invitation(session, token, CHANNEL, phone, now)
                if token
                else None
            )
            if invited is None:
                outcome = await identity.advance(
                    session, CHANNEL, phone, now, text=text, opens=True
                )
        if invited is not None and invited.route is not None:
            turn = await self.services.runner.open(
                *invited.route, now, language, outbound=self._outbound(phone)
            )
            await self.show(phone, turn)
            return
        if invited is not None and invited.outcome is not None:
            outcome = invited.outcome
        if outcome.alumnus_id is not None:
            await self._open_for(phone, outcome.alumnus_id, language)
            return
        message = outcome.message(language)
        if outcome.confirm_name is not None:
            message += "\n" + t(language, "hint_yes_no")
        await self.say(phone, f"{welcome}\n\n{message}" if welcome else message)

    async def _open_for(self, phone: str, alumnus_id: int, language: str) -> None:
        now = self.clock()
        async with self.services.sessions() as session:
            alumnus = await session.get(Alumnus, alumnus_id)
            survey = await identity.pick_survey(session, alumnus, now) if alumnus else None
        if survey is None:
            await self._before_survey(phone, alumnus_id, language, first=True)
            return
        turn = await self.services.runner.open(
            survey.id, alumnus_id, now, language, outbound=self._outbound(phone)
        )
        await self.show(phone, turn)

    async def _answer(self, phone: str, alumnus_id: int, text: str, now: datetime) -> None:
        async with self.services.sessions() as session:
            alumnus = await session.get(Alumnus, alumnus_id)
            survey = await identity.pick_survey(session, alumnus, now) if alumnus else None
        if survey is None:
            first = linking.whatsapp_class_token(text) is not None  # a class link again
            await self._before_survey(phone, alumnus_id, self.settings.language, text, first=first)
            return
        turn = await self.services.runner.reply(
            survey.id, alumnus_id, TextReply(text), now, outbound=self._outbound(phone)
        )
        await self.show(phone, turn)

    async def _before_survey(
        self, phone: str, alumnus_id: int, language: str, text: str = "", *, first: bool = False
    ) -> None:
        """Linked, no survey open: the questions of bot/alumni/linking.py (grade XII)."""
        now = self.clock()
        async with self.services.sessions() as session, session.begin():
            if first:
                said = await linking.begin(session, CHANNEL, phone, alumnus_id, now, language)
            else:
                said = await linking.answer(
                    session, CHANNEL, phone, alumnus_id, now, language, text=text
                )
        if said is None:
            await self.say(phone, t(language, "tg_no_open_survey"))
            return
        hint = "\n" + t(language, "hint_yes_no") if said.yes_no else ""
        await self.say(phone, said.text + hint)

    # --- sending ----------------------------------------------------------------------------

    def _outbound(self, phone: str) -> Outbound:
        """The turn's reply stored with it, for the next start to send if this process cannot."""
        return Outbound(CHANNEL, phone, _text)

    async def show(self, phone: str, turn: Turn) -> None:
        """A turn's events as one plain-text message (numbered choices come with the text)."""
        if await self.say(phone, _text(turn)):
            self.services.runner.sent(turn.reply_id)

    async def send_unsent(self) -> int:
        """Send the replies a stopped process stored and never sent; how many went."""
        runner = self.services.runner
        sent = 0
        for reply_id, channel, phone, text in await runner.unsent(self.clock() - UNSENT_AGE):
            if channel != CHANNEL:
                continue
            if not await self.say(phone, text):
                log.warning("stored replies not sent: Twilio unreachable; the next start tries")
                break
            runner.sent(reply_id)
            sent += 1
        if sent:
            log.info("%d stored replies sent", sent)
        return sent

    async def say(self, phone: str, text: str) -> bool:
        """Send text, in pieces of at most 1600 characters cut at paragraph breaks (else at
        line breaks: a staff list's lines stay whole).

        False only when Twilio could not be reached (a refusal is final: True, and logged).
        """
        while text:
            piece = text
            if len(text) > BODY_LIMIT:
                cut = text.rfind("\n\n", 0, BODY_LIMIT)
                cut = cut if cut > 0 else text.rfind("\n", 0, BODY_LIMIT)
                cut = cut if cut > 0 else BODY_LIMIT
                piece = text[:cut]
            text = text[len(piece) :].lstrip("\n")
            sent = await self.client.send_text(phone, piece)
            if not sent.ok:
                log.warning("whatsapp reply not sent: %s", sent.error_code)
                return sent.status is not None or sent.error_code is not None
        return True


def _text(turn: Turn) -> str:
    """A turn's events as the one text WhatsApp shows."""
    language = turn.state.language
    texts = [render_text(turn.questionnaire, e, language) for e in turn.events]
    return "\n\n".join(x for x in texts if x)


def _token_in(text: str) -> str | None:
    """The invitation token of a wa.me link's prefilled text ("MULAI <token>"), if any."""
    words = text.split()
    if len(words) == 2 and words[0].lower() in ("mulai", "start"):
        return words[1]
    return None


def _has_media(params: dict[str, str]) -> bool:
    """Whether the message carries files: NumMedia, read without trusting it to be a number."""
    count = (params.get("NumMedia") or "0").strip()
    return count.isdecimal() and int(count) > 0
