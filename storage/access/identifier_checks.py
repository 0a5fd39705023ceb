"""Failed identity checks counted per identifier (a NISN, NIM or participant number), from any
chat.

The per-chat lockout (storage/access/invitations.py) does not stop a guesser who rotates Telegram
chats or WhatsApp numbers: 14 chats found a birth date in 41 guesses. So failures are also counted
against the identifier typed, whatever chat or channel typed it, under a sha256 of its kind
(conversations.identifiers Identifier.code: nisn, nim, participant) and value rather than the
identifier itself (a NISN has only 10 digits, so the table is still treated as personal data,
but a dump of it lists no numbers). Text that reads as several kinds' identifiers (10 digits: a
NISN, and a NIM) is counted under each (bot/alumni/identity.py):

- the 3rd failure, and each one after it, locks the identifier: for 1 min, 5 min, 30 min, 2 h,
  24 h, then 7 days each time (`LOCKS`);
- while locked, attempts are neither checked nor counted; the right birth date forgets the count,
  and so do 30 quiet days (the daily sweep deletes such rows).

A birth date has about 1,100 plausible values (three birth years). A guesser gets 8 tries in the
first 27 hours, then one a week: about 20 in a three-month survey, under 2 %. An alumnus who
mistypes 3 or 4 times waits a minute or five, and their invitation link is never locked; /belum
shows staff that someone tried too often (`guessed`), so they can send the link again.

Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.access.lockouts import count_failure, locked_at
from storage.database import dialect_insert
from storage.models import IdentifierCheck

log = logging.getLogger(__name__)

FREE_FAILURES = 3
LOCKS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=24),
    timedelta(days=7),  # and for every failure after
)
FORGET_AFTER = timedelta(days=30)
CHUNK = 500  # keys per IN (…)

NISN = "nisn"  # an SMK's identifier: conversations.identifiers IDENTIFIERS["smk"].code


def key_of(kind: str, value: str) -> str:
    """The hash an identifier is counted under: sha256 of its kind and normalised value.

    Kind keeps a NISN and a NIK with the same digits apart; spaces and case do not matter.
    """
    normalised = "".join(value.split()).upper()
    return hashlib.sha256(f"jejak-identifier:{kind}:{normalised}".encode()).hexdigest()


def lock_length(lock: int) -> timedelta:
    """How long the `lock`-th lock (1, 2, …) of an identifier lasts (LOCKS)."""
    if lock < 1:
        raise ValueError("locks are counted from 1")
    return LOCKS[min(lock, len(LOCKS)) - 1]


async def record_failure(session: AsyncSession, key: str, now: datetime) -> datetime | None:
    """Count a wrong birth date for this identifier; the lock's end when it is now locked."""
    await session.execute(
        dialect_insert(session, IdentifierCheck.__table__)
        .values(identifier=key, failures=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["identifier"])
    )
    check = await session.scalar(
        select(IdentifierCheck)
        .where(IdentifierCheck.identifier == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert check is not None  # inserted above or already there
    if not count_failure(check, now, FORGET_AFTER):
        return check.locked_until  # not checked while locked, so not counted either
    if check.failures >= FREE_FAILURES:
        lock = check.failures - FREE_FAILURES + 1
        check.locked_until = now + lock_length(lock)
        log.info("an identifier is locked out of identity checks (lock %s)", lock)
    await session.flush()
    return locked_at(check, now)


async def locked_until(session: AsyncSession, key: str, now: datetime) -> datetime | None:
    """When the identifier's lock ends, if it is locked at `now`; None when it may be tried."""
    until = await session.scalar(
        select(IdentifierCheck.locked_until).where(IdentifierCheck.identifier == key)
    )
    if until is not None and until > now:
        return until
    return None


async def clear(session: AsyncSession, key: str) -> None:
    """Forget the identifier's failures (someone gave its right birth date)."""
    await session.execute(
        delete(IdentifierCheck)
        .where(IdentifierCheck.identifier == key)
        .execution_options(synchronize_session=False)
    )


async def guessed(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    """Those of `keys` that someone tried too often (locked at least once, not forgotten)."""
    wanted = list(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        found.update(
            await session.scalars(
                select(IdentifierCheck.identifier).where(
                    IdentifierCheck.identifier.in_(wanted[start : start + CHUNK]),
                    IdentifierCheck.failures >= FREE_FAILURES,
                )
            )
        )
    return found


async def forget_quiet(session: AsyncSession, now: datetime) -> None:
    """Delete identifiers with no failure and no lock for FORGET_AFTER (the daily sweep)."""
    quiet = now - FORGET_AFTER
    await session.execute(
        delete(IdentifierCheck)
        .where(
            IdentifierCheck.updated_at < quiet,
            or_(IdentifierCheck.locked_until.is_(None), IdentifierCheck.locked_until < quiet),
        )
        .execution_options(synchronize_session=False)
    )
