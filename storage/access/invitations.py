"""How alumni reach a survey: personal invitation tokens, and the lockouts for guessed identities.

Invitations: every alumnus of a survey's cohort gets one random token, the payload of a personal
Telegram deep link (`https://t.me/<bot>?start=<token>`). Tokens are created once, with
INSERT … ON CONFLICT DO NOTHING on (survey_id, alumnus_id), so re-running `jejak invite links`, or
two processes at once, always hand out the same link for the same alumnus. A link binds to the
first chat that opens it (`bind`); staff can withdraw it (`revoke`) or replace it (`reissue`),
which also unlinks the chat it had bound; it stops working when its survey closes.

Identity checks: an alumnus who opens the bot without a token types their identifier (NISN, NIM
or participant number: their institution kind's) and birth date. Guessing those must be slow, so
failures are counted per chat (channel, external id) here, and per identifier (from any chat) in
storage/access/identifier_checks.py:

- every 3rd failure locks the chat: 15 minutes the first time, doubled for each further lockout
  (30 min, 1 h, 2 h …), at most 24 hours;
- while locked, attempts are not checked and not counted;
- a success (`clear_failures`) forgets everything, and so do 24 quiet hours: no failure since
  the last failure or, when the chat was locked, since its lock ended.

The chat's row also keeps where it is in that dialogue (`Dialogue`: which step, the identifier
it typed, whom to confirm), so a restart or another process picks it up; a dialogue untouched
for `DIALOGUE_TTL` starts over, and the scheduler's daily sweep clears such leftovers (a typed
identifier is personal data).

Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.access import identifier_checks
from storage.access.lockouts import count_failure, locked_at
from storage.database import dialect_insert
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ClassGroup,
    IdentityCheck,
    Invitation,
    Survey,
)

log = logging.getLogger(__name__)

TOKEN_BYTES = 16  # 128 random bits: 22 characters of base64url
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a Telegram deep-link payload
INSERT_BATCH = 500  # rows per INSERT: within SQLite's and asyncpg's parameter limits

FAILURES_PER_LOCKOUT = 3
FIRST_LOCKOUT = timedelta(minutes=15)
LONGEST_LOCKOUT = timedelta(hours=24)
FORGET_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class InvitationLine:
    """One row of an invitation list: who, where to reach them, and their token."""

    nisn: str
    name: str
    class_name: str | None
    phone: str | None
    token: str


def new_token() -> str:
    """A fresh unguessable token: 22 characters of [A-Za-z0-9_-]."""
    return secrets.token_urlsafe(TOKEN_BYTES)


# --- invitations ----------------------------------------------------------------------------


async def add_tokens(
    session: AsyncSession, survey_id: int, alumnus_ids: Sequence[int], now: datetime
) -> None:
    """A personal invitation token for the survey to each of these alumni who has none."""
    table = Invitation.__table__
    for start in range(0, len(alumnus_ids), INSERT_BATCH):
        rows = [
            {"survey_id": survey_id, "alumnus_id": aid, "token": new_token(), "created_at": now}
            for aid in alumnus_ids[start : start + INSERT_BATCH]
        ]
        # Another process inviting the same alumni at the same time: its tokens win, ours go.
        await session.execute(
            dialect_insert(session, table)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["survey_id", "alumnus_id"])
        )


async def ensure_invitations(
    session: AsyncSession, survey_id: int, *, class_name: str | None = None, now: datetime
) -> list[InvitationLine]:
    """Tokens for the survey's cohort (or one class of it), created where missing.

    Revoked links are left out: a revoked alumnus gets a link again only by `reissue`.

    The cohort is every alumnus of the survey's institution whose graduation year is the
    survey's. Lines are ordered by class (alumni without a class last), then name.
    Raises LookupError when the survey does not exist.
    """
    survey = await session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    in_cohort = [
        Alumnus.institution_id == survey.institution_id,
        Alumnus.graduation_year == survey.graduation_year,
    ]
    if class_name is not None:
        in_cohort.append(ClassGroup.name == class_name)
    invited = (
        select(Invitation.id)
        .where(Invitation.survey_id == survey_id, Invitation.alumnus_id == Alumnus.id)
        .exists()
    )
    missing = list(
        await session.scalars(
            select(Alumnus.id)
            .outerjoin(ClassGroup, Alumnus.class_group_id == ClassGroup.id)
            .where(*in_cohort, ~invited)
            .order_by(Alumnus.id)
        )
    )
    await add_tokens(session, survey_id, missing, now)
    if missing:
        log.info("survey %s: %s invitation tokens created", survey_id, len(missing))
    query = (
        select(Alumnus.nisn, Alumnus.name, ClassGroup.name, Alumnus.phone, Invitation.token)
        .join(Invitation, Invitation.alumnus_id == Alumnus.id)
        .outerjoin(ClassGroup, Alumnus.class_group_id == ClassGroup.id)
        .where(Invitation.survey_id == survey_id, Invitation.revoked_at.is_(None), *in_cohort)
        # NULLs sort first on SQLite and last on PostgreSQL: put them last on both.
        .order_by(ClassGroup.name.is_(None), ClassGroup.name, Alumnus.name, Alumnus.nisn)
    )
    return [InvitationLine(*row) for row in (await session.execute(query)).all()]


async def find_invitation(session: AsyncSession, token: str) -> Invitation | None:
    """The invitation with this token, if any (anything that is not a token finds nothing)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    return await session.scalar(select(Invitation).where(Invitation.token == token))


async def mark_used(session: AsyncSession, invitation: Invitation, now: datetime) -> None:
    """Remember when a chat first opened the invitation; later openings keep that time."""
    if invitation.used_at is not None:
        return
    # Conditional UPDATE: of two chats opening the link at once, the first one's time stays.
    await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(invitation, ["used_at"])


async def bind(
    session: AsyncSession, invitation: Invitation, channel: str, external_id: str, now: datetime
) -> bool:
    """Bind the link to this chat if no chat has it yet; True when the link is this chat's.

    A conditional UPDATE: of two chats opening a fresh link at once, exactly one gets it.
    """
    await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.bound_external_id.is_(None))
        .values(bound_channel=channel, bound_external_id=external_id)
        .execution_options(synchronize_session=False)
    )
    await mark_used(session, invitation, now)
    await session.refresh(invitation, ["bound_channel", "bound_external_id"])
    return (invitation.bound_channel, invitation.bound_external_id) == (channel, external_id)


async def _unlink_bound(session: AsyncSession, invitation: Invitation) -> None:
    """The chat that entered with this link answers as its alumnus no more."""
    if invitation.bound_external_id is None:
        return
    await session.execute(
        delete(ChannelIdentity)
        .where(
            ChannelIdentity.channel == invitation.bound_channel,
            ChannelIdentity.external_id == invitation.bound_external_id,
            ChannelIdentity.alumnus_id == invitation.alumnus_id,
        )
        .execution_options(synchronize_session=False)
    )


async def _invitation_of(
    session: AsyncSession, survey_id: int, alumnus_id: int
) -> Invitation | None:
    return await session.scalar(
        select(Invitation)
        .where(Invitation.survey_id == survey_id, Invitation.alumnus_id == alumnus_id)
        .with_for_update()
    )


async def revoke(session: AsyncSession, survey_id: int, alumnus_id: int, now: datetime) -> bool:
    """Withdraw the alumnus's link and unlink the chat it bound; False when there is none."""
    invitation = await _invitation_of(session, survey_id, alumnus_id)
    if invitation is None:
        return False
    await _unlink_bound(session, invitation)
    invitation.revoked_at = invitation.revoked_at or now
    await session.flush()
    log.info("invitation %s revoked", invitation.id)
    return True


async def reissue(session: AsyncSession, survey_id: int, alumnus_id: int, now: datetime) -> str:
    """A new token for the alumnus (the old link stops working, its chat is unlinked)."""
    invitation = await _invitation_of(session, survey_id, alumnus_id)
    token = new_token()
    if invitation is None:
        session.add(
            Invitation(survey_id=survey_id, alumnus_id=alumnus_id, token=token, created_at=now)
        )
    else:
        await _unlink_bound(session, invitation)
        # created_at stays: reminders count their days from the first invitation.
        invitation.token, invitation.revoked_at, invitation.used_at = token, None, None
        invitation.bound_channel = invitation.bound_external_id = None
        log.info("invitation %s reissued", invitation.id)
    await session.flush()
    return token


# --- identity checks (NISN + birth date without a token) ------------------------------------


def lockout_length(lockout: int) -> timedelta:
    """How long the `lockout`-th lockout (1, 2, …) lasts: 15 min, doubling, at most 24 h."""
    if lockout < 1:
        raise ValueError("lockouts are counted from 1")
    # Cap the exponent first: 15 min * 2**7 is already past 24 h.
    return min(FIRST_LOCKOUT * 2 ** min(lockout - 1, 16), LONGEST_LOCKOUT)


async def record_failure(
    session: AsyncSession, channel: str, external_id: str, now: datetime
) -> datetime | None:
    """Count a wrong identifier/birth date from this chat; the lock's end when it is now locked.

    Returns the (current or new) `locked_until`, or None while the chat may keep trying.
    """
    table = IdentityCheck.__table__
    # Create the row race-free, then lock it (PostgreSQL); on SQLite the INSERT has already
    # taken the database's write lock, so concurrent failures are counted one after the other.
    await session.execute(
        dialect_insert(session, table)
        .values(channel=channel, external_id=external_id, failures=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
    )
    check = await session.scalar(
        select(IdentityCheck)
        .where(IdentityCheck.channel == channel, IdentityCheck.external_id == external_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert check is not None  # inserted above or already there
    if not count_failure(check, now, FORGET_AFTER):
        return check.locked_until  # not checked while locked, so not counted either
    if check.failures % FAILURES_PER_LOCKOUT == 0:
        lockout = check.failures // FAILURES_PER_LOCKOUT
        check.locked_until = now + lockout_length(lockout)
        log.info("a %s chat is locked out of identity checks (lockout %s)", channel, lockout)
    await session.flush()
    return locked_at(check, now)


DIALOGUE_TTL = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Dialogue:
    """Where a chat is in identifying itself (see bot/alumni/identity.py for the steps)."""

    step: str
    nisn: str | None = None  # the identifier typed (NISN, NIM, participant number), normalised
    candidate_id: int | None = None  # the alumnus to confirm by masked name
    phone_match_id: int | None = None  # the alumnus whose roster number is writing


async def dialogue(
    session: AsyncSession, channel: str, external_id: str, now: datetime
) -> Dialogue | None:
    """The chat's dialogue in progress, or None (none, or left for longer than DIALOGUE_TTL)."""
    row = (
        await session.execute(
            select(
                IdentityCheck.step,
                IdentityCheck.nisn,
                IdentityCheck.candidate_id,
                IdentityCheck.phone_match_id,
                IdentityCheck.dialogue_at,
            ).where(IdentityCheck.channel == channel, IdentityCheck.external_id == external_id)
        )
    ).first()
    if row is None or row.step is None or row.dialogue_at is None:
        return None
    if now - row.dialogue_at >= DIALOGUE_TTL:
        return None
    return Dialogue(row.step, row.nisn, row.candidate_id, row.phone_match_id)


# What a row holds when the chat is in no dialogue.
_NO_DIALOGUE = {
    "step": None, "nisn": None, "candidate_id": None, "phone_match_id": None, "dialogue_at": None
}  # fmt: skip


async def keep_dialogue(
    session: AsyncSession,
    channel: str,
    external_id: str,
    kept: Dialogue | None,
    now: datetime,
) -> None:
    """Store where the chat is now; None ends its dialogue (failures and lockout stay)."""
    chat = (IdentityCheck.channel == channel, IdentityCheck.external_id == external_id)
    if kept is None:
        await session.execute(
            update(IdentityCheck)
            .where(*chat)
            .values(_NO_DIALOGUE)
            .execution_options(synchronize_session=False)
        )
        return
    values = {
        "step": kept.step,
        "nisn": kept.nisn,
        "candidate_id": kept.candidate_id,
        "phone_match_id": kept.phone_match_id,
        "dialogue_at": now,
    }
    insert = dialect_insert(session, IdentityCheck.__table__).values(
        channel=channel, external_id=external_id, failures=0, updated_at=now, **values
    )
    await session.execute(
        insert.on_conflict_do_update(index_elements=["channel", "external_id"], set_=values)
    )


async def forget_stale_dialogues(session: AsyncSession, now: datetime) -> int:
    """Clear dialogues left for longer than DIALOGUE_TTL (the NISN typed goes with them).

    Identifiers quiet for a month go too (storage/access/identifier_checks.py). Returns the number
    of dialogues cleared.
    """
    result = await session.execute(
        update(IdentityCheck)
        .where(IdentityCheck.dialogue_at < now - DIALOGUE_TTL)
        .values(_NO_DIALOGUE)
        .execution_options(synchronize_session=False)
    )
    await identifier_checks.forget_quiet(session, now)
    return int(getattr(result, "rowcount", 0) or 0)


async def clear_failures(session: AsyncSession, channel: str, external_id: str) -> None:
    """Forget the chat's failures and lockouts (after it identified itself correctly)."""
    await session.execute(
        delete(IdentityCheck)
        .where(IdentityCheck.channel == channel, IdentityCheck.external_id == external_id)
        .execution_options(synchronize_session=False)
    )


async def locked_until(
    session: AsyncSession, channel: str, external_id: str, now: datetime
) -> datetime | None:
    """When the chat's lock ends, if it is locked at `now`; None when it may try."""
    until = await session.scalar(
        select(IdentityCheck.locked_until).where(
            IdentityCheck.channel == channel, IdentityCheck.external_id == external_id
        )
    )
    if until is not None and until > now:
        return until
    return None
