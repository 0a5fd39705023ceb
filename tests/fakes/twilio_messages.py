"""The Messages resource of the fake Twilio: checks, templates, injected failures, outcomes.

Creating a message checks its parameters as Twilio does (sender, recipient, body or Content
Template, variables), decides what will become of it (delivered, or failed later: outside the
24-hour window, an injected failure…) and hands it to :mod:`fakes.twilio_callbacks`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal, TypeVar

from .telegram_objects import TokenBucket
from .twilio_callbacks import Step
from .twilio_media import MediaFetches, check_media_urls
from .twilio_objects import (
    MAX_BODY,
    WHATSAPP,
    SentMessage,
    StatusChange,
    Template,
    TwilioError,
    e164,
    error_message,
    is_content_sid,
    new_sid,
    parse_variables,
    placeholders,
    render,
)
from .twilio_users import SimulatedUsers


@dataclass
class _Failure:
    """A REST error injected by :meth:`MessagesResource.fail_next`."""

    status: int
    code: int
    message: str | None
    retry_after: int | None
    raw_body: str | None
    accept: bool
    to: str | None
    remaining: int
    media: bool = False  # only messages with a MediaUrl

    def error(self) -> TwilioError:
        return TwilioError(
            self.status,
            self.code,
            self.message,
            retry_after=self.retry_after,
            raw_body=self.raw_body,
        )


@dataclass
class _DeliveryFailure:
    """A later delivery failure injected by :meth:`MessagesResource.fail_delivery_next`."""

    code: int
    status: str
    to: str | None
    remaining: int


_F = TypeVar("_F", _Failure, _DeliveryFailure)


class MessagesResource(SimulatedUsers, MediaFetches):
    """Creating messages, with the templates and failures the test set up."""

    def _init_messages(
        self, rate_per_second: float | None, rate_limit_code: int, read_receipts: bool
    ) -> None:
        self.read_receipts = read_receipts
        self._rate = rate_per_second
        self._rate_limit_code = rate_limit_code
        self._buckets: dict[str, TokenBucket] = {}
        self._failures: list[_Failure] = []
        self._delivery_failures: list[_DeliveryFailure] = []

    # ----------------------------------------------------------------------------------------
    # Templates and injected failures

    def approve_template(self, content_sid: str, text: str) -> None:
        """Register a Content Template WhatsApp approved: it may be sent outside the window.

        ``text`` has ``{{1}}``-style placeholders filled from ContentVariables. A ContentSid
        never registered is refused with 400 and 21655, as Twilio refuses an unknown one.
        """
        self._add_template(content_sid, text, approved=True)

    def register_template(self, content_sid: str, text: str) -> None:
        """Register a Content Template WhatsApp did not approve: outside the window it fails
        later with 63016, like a free-form message."""
        self._add_template(content_sid, text, approved=False)

    def _add_template(self, content_sid: str, text: str, *, approved: bool) -> None:
        if not is_content_sid(content_sid):
            raise ValueError(f"a ContentSid is 'HX' and 32 hex digits, not {content_sid!r}")
        self._templates[content_sid] = Template(content_sid, text, approved)

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        code: int = 20429,
        *,
        message: str | None = None,
        retry_after: int | None = None,
        to: str | None = None,
        raw_body: str | None = None,
        accept: bool = False,
        media: bool = False,
    ) -> None:
        """Answer the next ``n`` message creations (to ``to`` only, if given) with this error.

        A 429 carries ``Retry-After: retry_after`` (default 1). ``raw_body`` replaces the
        JSON (a proxy's HTML page). With ``accept`` the message is created and delivered all
        the same: the answer is lost, as when Twilio times out after accepting. With ``media``
        only messages carrying a MediaUrl are refused.
        """
        if retry_after is None and status == 429:
            retry_after = 1
        target = e164(to) if to is not None else None
        self._failures.append(
            _Failure(status, code, message, retry_after, raw_body, accept, target, n, media)
        )

    def fail_delivery_next(
        self,
        n: int = 1,
        code: int = 63018,
        *,
        status: Literal["failed", "undelivered"] = "failed",
        to: str | None = None,
    ) -> None:
        """Accept the next ``n`` messages (to ``to`` only, if given), then fail them later:
        their status callback reports ``status`` with ErrorCode ``code``."""
        target = e164(to) if to is not None else None
        self._delivery_failures.append(_DeliveryFailure(code, status, target, n))

    @staticmethod
    def _take(failures: list[_F], phone: str | None, *, media: bool = False) -> _F | None:
        """The first injected failure that applies to ``phone`` (and media), counted down."""
        for failure in failures:
            if isinstance(failure, _Failure) and failure.media and not media:
                continue
            if failure.to is None or failure.to == phone:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    failures.remove(failure)
                return failure
        return None

    # ----------------------------------------------------------------------------------------
    # Creating a message

    def _rate_limit(self, params: dict[str, str]) -> None:
        """Spend a token of the sender's bucket; 429 when it is empty."""
        if not self._rate:
            return
        sender = params.get("From") or params.get("MessagingServiceSid") or ""
        bucket = self._buckets.get(sender)
        if bucket is None:
            bucket = TokenBucket(self._rate, max(1.0, self._rate), time.monotonic)
            self._buckets[sender] = bucket
        wait = bucket.retry_after()
        if wait:
            raise TwilioError(429, self._rate_limit_code, retry_after=wait)
        bucket.take()

    def _create(self, params: dict[str, str], media_urls: list[str]) -> SentMessage:
        """Check the parameters as Twilio does; create the message and start its life."""
        to = params.get("To", "")
        if not to:
            raise TwilioError(400, 21604)
        from_ = params.get("From") or None
        service = params.get("MessagingServiceSid") or None
        if service is not None and service != self.messaging_service_sid:
            raise TwilioError(400, 21701)
        if from_ is None and service is None:
            raise TwilioError(400, 21603)
        if not to.startswith(WHATSAPP) or (from_ is not None and not from_.startswith(WHATSAPP)):
            raise TwilioError(400, 21910)
        if from_ is not None and from_ != self.sender_address:
            raise TwilioError(400, 63007)
        phone = self._phone_or_none(to)
        if phone is None:
            raise TwilioError(400, 21211, error_message(21211, to=to))

        content_sid = params.get("ContentSid") or None
        variables: dict[str, str] = {}
        template: Template | None = None
        body = params.get("Body")
        if content_sid is not None:
            template = self._templates.get(content_sid)
            if template is None:
                raise TwilioError(400, 21655)
            variables = parse_variables(params.get("ContentVariables"))
            text = render(template.text, variables)
        else:
            if not body and not media_urls:
                raise TwilioError(400, 21619)
            if body and len(body) > MAX_BODY:
                raise TwilioError(400, 21617)
            text = body or ""
        check_media_urls(media_urls)

        now = self._now()
        message = SentMessage(
            sid=new_sid("MM" if media_urls and template is None else "SM"),
            phone=phone,
            to=to,
            from_=from_,
            body=body,
            content_sid=content_sid,
            content_variables=variables,
            text=text,
            status_callback=params.get("StatusCallback") or None,
            messaging_service_sid=service,
            params=params,
            created_at=now,
            media_urls=media_urls,
            history=[StatusChange("queued" if from_ else "accepted", None, now)],
        )
        self._messages[message.sid] = message
        self._conversation(phone).sent.append(message)
        kind = "template" if template else ("media" if media_urls else "text")
        self._note(phone, "jejak", kind, text + "".join(f" <{u}>" for u in media_urls), message.sid)
        if media_urls:
            self._schedule_with_media(message, self._steps(message, template))
        else:
            self._schedule(message, self._steps(message, template))
        return message

    def _steps(self, message: SentMessage, template: Template | None) -> list[Step]:
        """What will become of the message: its statuses after the REST answer."""
        steps = [Step("queued")]
        failure = self._take(self._delivery_failures, message.phone)
        window = self.window_open(message.phone)
        if failure is not None:
            if failure.status == "undelivered":
                steps.append(Step("sent"))
            return [*steps, Step(failure.status, failure.code)]
        if template is not None:
            if not window and not template.approved:
                return [*steps, Step("failed", 63016)]
            if any(p not in message.content_variables for p in placeholders(template.text)):
                return [*steps, Step("failed", 63028)]
        elif not window:
            return [*steps, Step("failed", 63016)]
        steps += [Step("sent"), Step("delivered")]
        if self.read_receipts:
            steps.append(Step("read"))
        return steps

    @staticmethod
    def _phone_or_none(to: str | None) -> str | None:
        try:
            return e164(to) if to and to.startswith(WHATSAPP) else None
        except ValueError:
            return None
