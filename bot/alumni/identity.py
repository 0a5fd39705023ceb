"""Who is writing, on any channel: an invitation token, a roster phone number confirmed with the
birth date (WhatsApp), or an identifier and birth date checked against the roster.

The identifier is the institution kind's (conversations/identifiers.py): a NISN for an SMK, a
NIM for a university, a participant number or NIK for a BLK. The bot asks for those of the
kinds of institution it serves ("ketik NIM Anda" where there are only universities) and reads
what is typed as each of them.

The bot never says whether an identifier exists: a wrong one and a wrong birth date get the same
answer. Failures lock the chat (storage/access/invitations.py) and, from any chat, the identifier
tried (storage/access/identifier_checks.py); a locked one answers the same whether it exists or
not. An invitation link is the alumnus's own in the first chat that opens it; any other chat must
give the birth date before it sees anything, and that counts against the identifier too.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conversations import engine
from conversations.identifiers import (
    SMK,
    Identifier,
    accepted,
    identifier_for,
    normalise,
    words,
)
from conversations.messages import t
from conversations.parsing import ReplyNotUnderstood, parse_date
from storage.access import identifier_checks, invitations
from storage.models import Alumnus, Institution, Survey
from storage.roster import repository as repo


class Step(enum.StrEnum):
    NISN = "nisn"  # the identifier of the chat's institution kind (named so when NISN was all)
    BIRTH_DATE = "birth_date"
    CONFIRM = "confirm"
    # An invitation link bound to another chat: its alumnus's birth date, before anything else.
    LINK_BIRTH_DATE = "link_birth_date"


@dataclass
class Pending:
    """A chat part-way through identifying itself, as read from and kept in the database.

    `advance` loads it, lets `read_step` or `confirm` change it in place, and stores it back,
    in one transaction (storage.access.invitations.Dialogue is its stored form).
    """

    step: Step = Step.NISN
    nisn: str = ""  # the identifier typed, normalised
    alumnus_id: int | None = None  # to confirm by name, or the link's alumnus (LINK_BIRTH_DATE)
    masked_name: str = ""  # what "Are you …?" shows, to ask it again
    # WhatsApp: the one roster alumnus whose phone number this is, to confirm by birth date.
    phone_match: int | None = None


async def _pending_for(
    session: AsyncSession, channel: str, chat_id: str, now: datetime
) -> Pending | None:
    """The chat's dialogue in progress, or None when it has none (or left it for a day)."""
    stored = await invitations.dialogue(session, channel, chat_id, now)
    if stored is None or stored.step not in {step.value for step in Step}:
        return None  # none, or the questions after linking (bot/alumni/linking.py)
    pending = Pending(Step(stored.step), stored.nisn or "", stored.candidate_id, "",
                      stored.phone_match_id)  # fmt: skip
    if pending.step is Step.CONFIRM:
        candidate = await session.get(Alumnus, stored.candidate_id) if stored.candidate_id else None
        if candidate is None:  # deleted meanwhile: start over
            return Pending()
        pending.masked_name = mask_name(candidate.name)
    return pending


async def keep(
    session: AsyncSession, channel: str, chat_id: str, pending: Pending | None, now: datetime
) -> None:
    """Store the chat's dialogue as it is now; None ends it (the chat is linked)."""
    kept = None
    if pending is not None:
        kept = invitations.Dialogue(pending.step.value, pending.nisn or None,
                                    pending.alumnus_id, pending.phone_match)  # fmt: skip
    await invitations.keep_dialogue(session, channel, chat_id, kept, now)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to tell the chat: a catalogue key (and params), and whether it is now linked."""

    key: str
    params: dict[str, object] | None = None
    confirm_name: str | None = None  # ask "Are you …?" with yes/no buttons
    alumnus_id: int | None = None  # linked: start or resume the survey
    wait: timedelta | None = None  # locked: how long, as {wait} in words
    # The institution kinds the chat may be from: the identifier its messages ask for.
    kinds: tuple[str, ...] = field(default=())

    def message(self, language: str) -> str:
        """What to tell the chat (not linked yet), the identifier and masked name filled in."""
        params: dict[str, object] = dict(words(self.kinds, language))
        params.update(self.params or {})
        if self.confirm_name is not None:
            params["name"] = self.confirm_name
        if self.wait is not None:
            params["wait"] = wait_words(language, self.wait)
        return t(language, self.key, **params)


def wait_words(language: str, wait: timedelta) -> str:
    """ "5 menit", "2 jam", "7 hari": a wait rounded up to the unit that reads best."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    if minutes < 120:
        return t(language, "wait_minutes", count=minutes)
    hours = math.ceil(minutes / 60)
    if hours < 48:
        return t(language, "wait_hours", count=hours)
    return t(language, "wait_days", count=math.ceil(hours / 24))


@dataclass(frozen=True, slots=True)
class Invited:
    """An invitation token opened: the (survey, alumnus) to open, or what to tell the chat."""

    route: tuple[int, int] | None = None
    outcome: Outcome | None = None


async def advance(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    now: datetime,
    *,
    text: str = "",
    yes: bool | None = None,
    opens: bool = False,
) -> Outcome:
    """One step of the chat's dialogue, read from the database and stored back around it.

    `text` is a typed message (a yes or no while "Are you …?" is open answers it); `yes` a
    button's answer to that question. With `opens` (WhatsApp, where the chat is the phone
    number), a chat with no dialogue yet is not answering anything: its message opens one.
    Linked, the dialogue ends.
    """
    kinds = await repo.institution_kinds(session)
    pending = await _pending_for(session, channel, chat_id, now)
    if pending is None and opens:
        return replace(await _open(session, channel, chat_id, now), kinds=kinds)
    pending = pending or Pending()
    if yes is None and pending.step is Step.CONFIRM:
        yes = engine.yes_no(text)
    if yes is not None:
        outcome = await confirm(session, pending, channel, chat_id, yes, now)
    else:
        outcome = await read_step(session, pending, channel, chat_id, text, now, kinds)
    await keep(session, channel, chat_id, None if outcome.alumnus_id else pending, now)
    return replace(outcome, kinds=kinds)


async def asking(session: AsyncSession) -> Outcome:
    """The dialogue's first question: the identifier of the kinds of institution there are."""
    return await _asking_for(session, "tg_ask_nisn")


def mask_name(name: str) -> str:
    """ "Budi Santoso" -> "B*** S******": enough to recognise oneself, not to learn a name."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


async def lockout_minutes(
    session: AsyncSession, channel: str, chat_id: str, now: datetime
) -> int | None:
    """Minutes left (rounded up) if this chat is locked out after failed checks (per chat)."""
    until = await invitations.locked_until(session, channel, chat_id, now)
    return None if until is None else _minutes(until, now)


async def _open(session: AsyncSession, channel: str, phone: str, now: datetime) -> Outcome:
    """Begin: the roster's one alumnus with this number confirms with the birth date alone;
    anyone else starts with the identifier."""
    pending = Pending()
    outcome = Outcome("tg_ask_nisn")
    matches = await repo.find_alumni_by_phone(session, phone)
    if len(matches) == 1:
        pending.step, pending.phone_match = Step.BIRTH_DATE, matches[0].id
        school = await session.get(Institution, matches[0].institution_id)
        outcome = Outcome("wa_ask_birth_date_phone", {"institution": school.name if school else ""})
    await keep(session, channel, phone, pending, now)
    return outcome


async def read_step(
    session: AsyncSession,
    pending: Pending,
    channel: str,
    chat_id: str,
    text: str,
    now: datetime,
    kinds: Sequence[str] = (SMK,),
) -> Outcome:
    """Advance the identifier → birth date → confirmation dialogue with one typed message.

    `kinds` are the institution kinds the chat may be from: what is typed is read as each of
    their identifiers (10 digits may be a NISN and a NIM at once).
    """
    minutes = await lockout_minutes(session, channel, chat_id, now)
    if minutes is not None:
        return Outcome("tg_identity_locked", {"minutes": minutes})
    typed = accepted(text, kinds)
    if pending.step is Step.LINK_BIRTH_DATE and _starts_over(text, typed, now):
        # Not the link's owner after all, and no /start on WhatsApp: an identifier starts over.
        pending.step, pending.alumnus_id = Step.NISN, None
    match pending.step:
        case Step.NISN:
            if not typed:
                return Outcome("tg_nisn_invalid")
            # Checked for anything that reads as one, on the roster or not: the answer
            # reveals nothing.
            until = await _locked(session, _keys(typed), now)
            if until is not None:
                return _identifier_locked(until, now)
            pending.nisn, pending.step = normalise(text), Step.BIRTH_DATE
            return Outcome("tg_ask_birth_date")
        case Step.BIRTH_DATE | Step.LINK_BIRTH_DATE:
            try:
                born = parse_date(text, today=now.date())
            except ReplyNotUnderstood:
                return Outcome("tg_birth_date_invalid")
            if pending.step is Step.LINK_BIRTH_DATE:
                return await _confirm_by_link(session, pending, channel, chat_id, born, now)
            if pending.phone_match is not None:
                return await _confirm_by_phone(session, pending, channel, chat_id, born, now)
            typed = accepted(pending.nisn, kinds)
            keys = _keys(typed)
            until = await _locked(session, keys, now)
            if until is not None:  # locked from another chat since the identifier was typed
                pending.step, pending.nisn = Step.NISN, ""
                return _identifier_locked(until, now)
            found = {a.id: a for kind_of, value in typed
                     for a in await repo.find_alumni_by_identifier(session, kind_of.kind, value)
                     if a.birth_date == born}  # fmt: skip
            if len(found) != 1:
                pending.step, pending.nisn = Step.NISN, ""
                return await _failed(session, channel, chat_id, keys, now, "tg_identity_failed")
            (alumnus,) = found.values()
            for key in keys:
                await identifier_checks.clear(session, key)
            pending.step, pending.alumnus_id = Step.CONFIRM, alumnus.id
            pending.masked_name = mask_name(alumnus.name)
            return Outcome("tg_confirm_identity", confirm_name=pending.masked_name)
        case Step.CONFIRM:
            # Neither yes nor no (those are read before this): ask the same question again.
            return Outcome("tg_confirm_identity", confirm_name=pending.masked_name)
    raise AssertionError(pending.step)  # pragma: no cover


async def _confirm_by_phone(
    session: AsyncSession,
    pending: Pending,
    channel: str,
    chat_id: str,
    born: object,
    now: datetime,
) -> Outcome:
    """The birth date of the alumnus the phone number belongs to: linked, or ask for the
    identifier."""
    alumnus = await session.get(Alumnus, pending.phone_match)
    pending.phone_match = None
    # The roster's own number: not stopped by the identifier's lock (a guesser elsewhere must
    # not keep the alumnus out), but its failures count against it (numbers get recycled).
    keys = await _keys_of(session, alumnus)
    if alumnus is None or alumnus.birth_date != born:
        pending.step, pending.nisn = Step.NISN, ""
        return await _failed(session, channel, chat_id, keys, now, "wa_phone_birth_date_failed")
    return await _linked(session, alumnus.id, channel, chat_id, keys, now)


async def _confirm_by_link(
    session: AsyncSession,
    pending: Pending,
    channel: str,
    chat_id: str,
    born: object,
    now: datetime,
) -> Outcome:
    """The birth date of the alumnus whose link (bound to another chat) this chat opened."""
    alumnus = await session.get(Alumnus, pending.alumnus_id) if pending.alumnus_id else None
    if alumnus is None:  # deleted meanwhile
        pending.step, pending.alumnus_id = Step.NISN, None
        return Outcome("tg_ask_nisn")
    keys = await _keys_of(session, alumnus)
    until = await _locked(session, keys, now)
    if until is not None:
        return _identifier_locked(until, now)
    if alumnus.birth_date != born:  # they may type it again, within the same locks
        failed = "tg_invitation_birth_date_failed"
        return await _failed(session, channel, chat_id, keys, now, failed)
    return await _linked(session, alumnus.id, channel, chat_id, keys, now)


async def _linked(
    session: AsyncSession,
    alumnus_id: int,
    channel: str,
    chat_id: str,
    keys: Sequence[str],
    now: datetime,
) -> Outcome:
    """The right birth date: the chat answers as the alumnus, and both counts are forgotten."""
    await invitations.clear_failures(session, channel, chat_id)
    for key in keys:
        await identifier_checks.clear(session, key)
    await repo.link_identity(session, alumnus_id, channel, chat_id, now)
    return Outcome("", alumnus_id=alumnus_id)


async def _failed(
    session: AsyncSession,
    channel: str,
    chat_id: str,
    keys: Sequence[str],
    now: datetime,
    failed: str,
) -> Outcome:
    """A wrong birth date: counted for the chat and each reading of the identifier; locked, or
    `failed`."""
    chat_until = await invitations.record_failure(session, channel, chat_id, now)
    locks = [await identifier_checks.record_failure(session, key, now) for key in keys]
    key_until = max((until for until in locks if until is not None), default=None)
    if key_until is not None:
        return _identifier_locked(key_until, now)
    if chat_until is not None:
        return Outcome("tg_identity_locked", {"minutes": _minutes(chat_until, now)})
    return Outcome(failed)


def _identifier_locked(until: datetime, now: datetime) -> Outcome:
    return Outcome("tg_identity_locked_wait", wait=until - now)


def _keys(typed: Sequence[tuple[Identifier, str]]) -> list[str]:
    """What failures are counted under: each identifier the typed text reads as."""
    return [identifier_checks.key_of(found.code, value) for found, value in typed]


async def _keys_of(session: AsyncSession, alumnus: Alumnus | None) -> list[str]:
    """The key of an alumnus's own identifier (their institution kind's)."""
    if alumnus is None:
        return []
    institution = await session.get(Institution, alumnus.institution_id)
    kind = institution.kind if institution is not None else SMK
    return [identifier_checks.key_of(identifier_for(kind).code, alumnus.nisn)]


async def _locked(session: AsyncSession, keys: Sequence[str], now: datetime) -> datetime | None:
    """The latest lock among the keys, if any is locked."""
    locks = [await identifier_checks.locked_until(session, key, now) for key in keys]
    return max((until for until in locks if until is not None), default=None)


def _starts_over(text: str, typed: Sequence[tuple[Identifier, str]], now: datetime) -> bool:
    """Asked for a link's birth date, an identifier typed instead: a NISN (10 digits), or
    anything else that reads as one and not as a date ("17-08-2007" might be a NIM)."""
    if any(found.kind == SMK for found, _ in typed):
        return True
    if not typed:
        return False
    try:
        parse_date(text, today=now.date())
    except ReplyNotUnderstood:
        return True
    return False


async def confirm(
    session: AsyncSession, pending: Pending, channel: str, chat_id: str, yes: bool, now: datetime
) -> Outcome:
    """The answer to "Are you …?": link the chat, or start over."""
    if pending.step is not Step.CONFIRM or pending.alumnus_id is None:
        return Outcome("tg_ask_nisn")
    if not yes:
        pending.step, pending.nisn, pending.alumnus_id = Step.NISN, "", None
        return Outcome("tg_identity_denied")
    await invitations.clear_failures(session, channel, chat_id)
    await repo.link_identity(session, pending.alumnus_id, channel, chat_id, now)
    return Outcome("", alumnus_id=pending.alumnus_id)


async def from_invitation(
    session: AsyncSession, token: str, channel: str, chat_id: str, now: datetime
) -> Invited:
    """Open an invitation token in this chat.

    The first chat to open a link binds it and is linked to its alumnus (which ends any "who
    are you?" dialogue); later it opens there again, and in any chat already linked to that
    alumnus. Another, unlinked chat is asked for the alumnus's birth date before it sees
    anything. A revoked or unknown token, or one whose survey has closed, starts the
    identifier dialogue with a word on why.
    """
    invitation = await invitations.find_invitation(session, token)
    if invitation is None or invitation.revoked_at is not None:
        await keep(session, channel, chat_id, Pending(), now)
        return Invited(outcome=await _asking_for(session, "tg_invitation_invalid"))
    survey = await session.get(Survey, invitation.survey_id)
    if survey is None or (survey.closes_at is not None and survey.closes_at <= now):
        await keep(session, channel, chat_id, Pending(), now)
        return Invited(outcome=await _asking_for(session, "tg_invitation_expired"))
    known = await repo.find_identity(session, channel, chat_id)
    mine = known is not None and known.alumnus_id == invitation.alumnus_id
    if await invitations.bind(session, invitation, channel, chat_id, now) or mine:
        await repo.link_identity(session, invitation.alumnus_id, channel, chat_id, now)
        await keep(session, channel, chat_id, None, now)
        return Invited(route=(invitation.survey_id, invitation.alumnus_id))
    if known is not None:
        # The chat answers as someone else: it stays so (its messages go to that survey).
        return Invited(outcome=await _asking_for(session, "tg_invitation_taken"))
    await keep(
        session,
        channel,
        chat_id,
        Pending(Step.LINK_BIRTH_DATE, alumnus_id=invitation.alumnus_id),
        now,
    )
    return Invited(outcome=await _asking_for(session, "tg_invitation_check_birth_date"))


async def _asking_for(session: AsyncSession, key: str) -> Outcome:
    """A message that ends asking for the identifier of the kinds of institution there are."""
    return Outcome(key, kinds=await repo.institution_kinds(session))


async def pick_survey(session: AsyncSession, alumnus: Alumnus, now: datetime) -> Survey | None:
    """The open survey of the alumnus's cohort: one they already answer, else the newest."""
    surveys = [s for s in await repo.open_surveys(session, alumnus.institution_id, now)
               if s.graduation_year == alumnus.graduation_year]  # fmt: skip
    if not surveys:
        return None
    for survey in surveys:
        response = await repo.get_response(session, survey.id, alumnus.id)
        if response is not None and response.status == "started":
            return survey
    return max(surveys, key=lambda s: (s.opens_at, s.id))


def _minutes(until: datetime, now: datetime) -> int:
    """Whole minutes from now until then, rounded up, at least one."""
    return max(1, -(-int((until - now).total_seconds()) // 60))
