"""Linked before they leave: a class link opened in grade XII, and the two questions that follow.

A homeroom teacher shares the class link (`t.me/<bot>?start=k_<token>`, or "KELAS <token>" on
WhatsApp). The chat identifies itself as anywhere else (bot/alumni/identity.py); once linked, when
no survey is open for the alumnus yet, it is asked instead of being told "no survey open":

1. whether they agree to be contacted about the tracer study after graduation
   (`alumni.contact_consent_at`; no ends it here);
2. their own number: on WhatsApp, whether the number writing is theirs and one they keep; on
   Telegram (or after a no), their WhatsApp number typed, or "lewati" to skip
   (`alumni.phone`, `phone_confirmed_at`);

then thanked, with the day the cohort's survey opens when one is planned. Where the chat is in
these questions is kept in its identity_checks row (`step`, with steps of its own below), so a
restart or another process continues it; like the identity dialogue, it lapses after a day.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram.helpers import create_deep_linked_url

from config import links
from config.links import whatsapp_link
from conversations.commands import parse_command
from conversations.inputs import CommandKind
from conversations.messages import t
from conversations.phones import PhoneRejected, parse_mobile
from conversations.steering import yes_no
from scheduler.policy import local
from storage.access import class_links, invitations
from storage.deliveries import opt_outs
from storage.models import Alumnus, Institution

CLASS_PREFIX = "k_"  # /start k_<token>: a class link, never an invitation or a staff link
CLASS_KEYWORD = links.CLASS_KEYWORD  # WhatsApp: "KELAS <token>", what a class link types
CALLBACK = "lk|"  # Telegram: the consent and own-number buttons
CALLBACK_YES, CALLBACK_NO = CALLBACK + "yes", CALLBACK + "no"
SKIP_WORDS = ("lewati", "skip", "-")
WHATSAPP = "whatsapp"


class Step(enum.StrEnum):
    """Where a linked chat is in the questions (stored in identity_checks.step)."""

    CONSENT = "link_consent"
    OWN_NUMBER = "link_own_number"  # WhatsApp: is the number writing yours?
    TYPE_NUMBER = "link_type_number"  # your WhatsApp number, or "lewati"


def telegram_class_link(bot: str, token: str) -> str:
    """https://t.me/<bot>?start=k_<token>: opens the bot with the class's token."""
    return create_deep_linked_url(bot, CLASS_PREFIX + token)


def whatsapp_class_link(sender: str, token: str) -> str:
    """https://wa.me/<number>?text=KELAS%20<token>: a chat with the class's text ready to send."""
    return whatsapp_link(sender, CLASS_KEYWORD, token)


def class_token(payload: str | None) -> str | None:
    """The class token of a /start payload ("k_<token>"), None for any other payload."""
    if payload and payload.startswith(CLASS_PREFIX) and len(payload) > len(CLASS_PREFIX):
        return payload[len(CLASS_PREFIX) :]
    return None


def whatsapp_class_token(text: str) -> str | None:
    """The class token of a WhatsApp message "KELAS <token>", if it is one."""
    words = text.split()
    if len(words) == 2 and words[0].upper() in (CLASS_KEYWORD, "CLASS"):
        return words[1]
    return None


@dataclass(frozen=True, slots=True)
class Said:
    """What to tell the chat; `yes_no`: the message asks yes or no (buttons on Telegram)."""

    text: str
    yes_no: bool = False


async def class_welcome(session: AsyncSession, token: str, language: str) -> str:
    """The first words to a chat that opened a class link: its class and school, or that the
    link is no longer valid (renewed); either way the identity dialogue follows."""
    found = await class_links.find_class_link(session, token)
    if found is None:
        return t(language, "link_class_invalid")
    return t(
        language, "link_class_welcome", name=found.class_name, institution=found.institution_name
    )


async def begin(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    alumnus_id: int,
    now: datetime,
    language: str,
) -> Said | None:
    """A linked chat with no open survey: the first question (consent), or what it waits for
    when it answered both already; None when the alumnus waits for no survey (long graduated)."""
    alumnus = await session.get(Alumnus, alumnus_id)
    if alumnus is None or not await _waiting(session, alumnus, now):
        return None
    if alumnus.contact_consent_at is not None and alumnus.phone_confirmed_at is not None:
        return Said(await _done(session, alumnus, now, language, "link_already"))
    await _keep(session, channel, chat_id, Step.CONSENT, now)
    institution = await session.get(Institution, alumnus.institution_id)
    name = institution.name if institution is not None else ""
    return Said(t(language, "link_ask_consent", institution=name), yes_no=True)


async def answer(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    alumnus_id: int,
    now: datetime,
    language: str,
    *,
    text: str = "",
    yes: bool | None = None,
) -> Said | None:
    """A linked chat's message (or button) while no survey is open for it: the next question,
    or what it waits for; None when the alumnus waits for no survey (long graduated)."""
    alumnus = await session.get(Alumnus, alumnus_id)
    if alumnus is None or not await _waiting(session, alumnus, now):
        return None
    stored = await invitations.dialogue(session, channel, chat_id, now)
    step = _step(stored.step if stored else None)
    command = parse_command(text) if text else None
    if command is not None and command.kind is CommandKind.STOP:
        # "berhenti": no contact after graduation, no more questions, no first message here.
        await class_links.record_consent(session, alumnus.id, False, now)
        await opt_outs.opt_out(session, channel, chat_id, now)
        await _keep(session, channel, chat_id, None, now)
        return Said(t(language, "link_consent_declined"))
    if step is None:
        if alumnus.contact_consent_at is None:  # said no before, or the questions lapsed
            return await begin(session, channel, chat_id, alumnus_id, now, language)
        return Said(await _done(session, alumnus, now, language, "link_waiting"))
    if step is Step.TYPE_NUMBER:
        return await _typed_number(session, channel, chat_id, alumnus, now, language, text)
    if yes is None:
        yes = yes_no(text)
    if step is Step.CONSENT:
        if yes is None:
            return Said(t(language, "link_ask_consent_again"), yes_no=True)
        await class_links.record_consent(session, alumnus.id, yes, now)
        if yes:
            await class_links.forget_opt_out(session, channel, chat_id)
        else:
            # Kept as the chat's opt-out, as "berhenti" is: an empty consent alone would read
            # as "never asked", and the survey's opening message would go to them after all.
            await opt_outs.opt_out(session, channel, chat_id, now)
            await _keep(session, channel, chat_id, None, now)
            return Said(t(language, "link_consent_declined"))
        if channel == WHATSAPP:
            await _keep(session, channel, chat_id, Step.OWN_NUMBER, now)
            return Said(t(language, "link_ask_own_number", phone=chat_id), yes_no=True)
        await _keep(session, channel, chat_id, Step.TYPE_NUMBER, now)
        return Said(t(language, "link_ask_number"))
    # Step.OWN_NUMBER: the WhatsApp number writing.
    if yes is None:
        return Said(t(language, "link_ask_own_number", phone=chat_id), yes_no=True)
    if not yes:
        await _keep(session, channel, chat_id, Step.TYPE_NUMBER, now)
        return Said(t(language, "link_ask_other_number"))
    await class_links.confirm_phone(session, alumnus.id, chat_id, now)
    await _keep(session, channel, chat_id, None, now)
    return Said(await _done(session, alumnus, now, language, "link_thanks"))


async def _typed_number(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    alumnus: Alumnus,
    now: datetime,
    language: str,
    text: str,
) -> Said:
    """Their own WhatsApp number typed, or a word to skip it."""
    if not text.strip():  # a button of an earlier question: ask this one again
        return Said(t(language, "link_ask_number"))
    if text.strip().lower() in SKIP_WORDS:
        await _keep(session, channel, chat_id, None, now)
        return Said(await _done(session, alumnus, now, language, "link_thanks"))
    try:
        phone = parse_mobile(text)
    except PhoneRejected as rejected:
        return Said(
            t(language, rejected.key, **rejected.params) + "\n" + t(language, "link_number_hint")
        )
    await class_links.confirm_phone(session, alumnus.id, phone, now)
    await _keep(session, channel, chat_id, None, now)
    return Said(await _done(session, alumnus, now, language, "link_thanks"))


async def _waiting(session: AsyncSession, alumnus: Alumnus, now: datetime) -> bool:
    """Whether the alumnus waits for a survey: still at school or graduating this year (in the
    institution's time zone), or their cohort has one planned."""
    institution = await session.get(Institution, alumnus.institution_id)
    zone = institution.timezone if institution is not None else "Asia/Jakarta"
    if alumnus.graduation_year >= local(now, zone).year:
        return True
    opens = await class_links.next_opening(
        session, alumnus.institution_id, alumnus.graduation_year, now
    )
    return opens is not None


async def _done(
    session: AsyncSession, alumnus: Alumnus, now: datetime, language: str, key: str
) -> str:
    """`key` (thanks, already linked, waiting) and when the survey opens, in local time."""
    opens = await class_links.next_opening(
        session, alumnus.institution_id, alumnus.graduation_year, now
    )
    if opens is None:
        return t(language, key) + " " + t(language, "link_after_graduation")
    institution = await session.get(Institution, alumnus.institution_id)
    zone = institution.timezone if institution is not None else "Asia/Jakarta"
    day = local(opens, zone).strftime("%d-%m-%Y")
    return t(language, key) + " " + t(language, "link_survey_opens", date=day)


def _step(value: str | None) -> Step | None:
    try:
        return Step(value) if value else None
    except ValueError:  # the identity dialogue's own step: not ours
        return None


async def _keep(
    session: AsyncSession, channel: str, chat_id: str, step: Step | None, now: datetime
) -> None:
    kept = invitations.Dialogue(step.value) if step is not None else None
    await invitations.keep_dialogue(session, channel, chat_id, kept, now)
