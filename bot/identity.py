"""Who is writing, on any channel: an invitation token, a roster phone number confirmed with the
birth date (WhatsApp), or NISN and birth date checked against the roster.

The bot never says whether a NISN exists: a wrong NISN and a wrong birth date get the same
answer, and three failures in a row lock the chat for a while (storage/invitations.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from conversations import engine
from conversations.messages import t
from conversations.parsing import ReplyNotUnderstood, parse_date
from storage import invitations
from storage import repositories as repo
from storage.models import Alumnus, Institution, Survey


class Step(enum.StrEnum):
    NISN = "nisn"
    BIRTH_DATE = "birth_date"
    CONFIRM = "confirm"


@dataclass
class Pending:
    """A chat part-way through identifying itself, as read from and kept in the database.

    `advance` loads it, lets `read_step` or `confirm` change it in place, and stores it back,
    in one transaction (storage.invitations.Dialogue is its stored form).
    """

    step: Step = Step.NISN
    nisn: str = ""
    alumnus_id: int | None = None
    masked_name: str = ""  # what "Are you …?" shows, to ask it again
    # WhatsApp: the one roster alumnus whose phone number this is, to confirm by birth date.
    phone_match: int | None = None


async def _pending_for(
    session: AsyncSession, channel: str, chat_id: str, now: datetime
) -> Pending | None:
    """The chat's dialogue in progress, or None when it has none (or left it for a day)."""
    stored = await invitations.dialogue(session, channel, chat_id, now)
    if stored is None:
        return None
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

    def message(self, language: str) -> str:
        """What to tell the chat (not linked yet), the masked name filled in."""
        params = dict(self.params or {})
        if self.confirm_name is not None:
            params["name"] = self.confirm_name
        return t(language, self.key, **params)


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
    pending = await _pending_for(session, channel, chat_id, now)
    if pending is None and opens:
        return await _open(session, channel, chat_id, now)
    pending = pending or Pending()
    if yes is None and pending.step is Step.CONFIRM:
        yes = engine.yes_no(text)
    if yes is not None:
        outcome = await confirm(session, pending, channel, chat_id, yes, now)
    else:
        outcome = await read_step(session, pending, channel, chat_id, text, now)
    await keep(session, channel, chat_id, None if outcome.alumnus_id else pending, now)
    return outcome


def mask_name(name: str) -> str:
    """ "Budi Santoso" -> "B*** S******": enough to recognise oneself, not to learn a name."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


async def lockout_minutes(
    session: AsyncSession, channel: str, chat_id: str, now: datetime
) -> int | None:
    """Minutes left (rounded up) if this chat is locked out after failed checks."""
    until = await invitations.locked_until(session, channel, chat_id, now)
    return None if until is None else _minutes(until, now)


async def _open(session: AsyncSession, channel: str, phone: str, now: datetime) -> Outcome:
    """Begin: the roster's one alumnus with this number confirms with the birth date alone;
    anyone else starts with the NISN."""
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
    session: AsyncSession, pending: Pending, channel: str, chat_id: str, text: str, now: datetime
) -> Outcome:
    """Advance the NISN → birth date → confirmation dialogue with one typed message."""
    minutes = await lockout_minutes(session, channel, chat_id, now)
    if minutes is not None:
        return Outcome("tg_identity_locked", {"minutes": minutes})
    match pending.step:
        case Step.NISN:
            digits = "".join(text.split())
            if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
                return Outcome("tg_nisn_invalid")
            pending.nisn, pending.step = digits, Step.BIRTH_DATE
            return Outcome("tg_ask_birth_date")
        case Step.BIRTH_DATE:
            try:
                born = parse_date(text, today=now.date())
            except ReplyNotUnderstood:
                return Outcome("tg_birth_date_invalid")
            if pending.phone_match is not None:
                return await _confirm_by_phone(session, pending, channel, chat_id, born, now)
            found = [a for a in await repo.find_alumni_by_nisn(session, pending.nisn)
                     if a.birth_date == born]  # fmt: skip
            if len(found) != 1:
                pending.step, pending.nisn = Step.NISN, ""
                locked = await invitations.record_failure(session, channel, chat_id, now)
                if locked is not None:
                    return Outcome("tg_identity_locked", {"minutes": _minutes(locked, now)})
                return Outcome("tg_identity_failed")
            pending.step, pending.alumnus_id = Step.CONFIRM, found[0].id
            pending.masked_name = mask_name(found[0].name)
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
    """The birth date of the alumnus the phone number belongs to: linked, or ask for the NISN."""
    alumnus = await session.get(Alumnus, pending.phone_match)
    pending.phone_match = None
    if alumnus is None or alumnus.birth_date != born:
        pending.step, pending.nisn = Step.NISN, ""
        locked = await invitations.record_failure(session, channel, chat_id, now)
        if locked is not None:
            return Outcome("tg_identity_locked", {"minutes": _minutes(locked, now)})
        return Outcome("wa_phone_birth_date_failed")
    await invitations.clear_failures(session, channel, chat_id)
    await repo.link_identity(session, alumnus.id, channel, chat_id, now)
    return Outcome("", alumnus_id=alumnus.id)


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
) -> tuple[int, int] | None:
    """(survey id, alumnus id) of a valid invitation token, linking the chat to the alumnus
    (which ends any "who are you?" dialogue the chat was in)."""
    invitation = await invitations.find_invitation(session, token)
    if invitation is None:
        return None
    await repo.link_identity(session, invitation.alumnus_id, channel, chat_id, now)
    await keep(session, channel, chat_id, None, now)
    await invitations.mark_used(session, invitation, now)
    return invitation.survey_id, invitation.alumnus_id


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
