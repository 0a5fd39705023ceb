"""Class links: one token per class group that its students open, in grade XII, to link their chat.

A class link is shared in class or in the class's group chat, so it proves nothing about who opens
it: the chat still identifies itself (identifier and birth date). Renewing a class's token
withdraws the old link at once (a link that went round outside the class).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Alumnus,
    ChannelIdentity,
    ClassGroup,
    ContactOptOut,
    Institution,
    Survey,
)

TOKEN_BYTES = 16  # secrets.token_urlsafe(16): 22 characters of [A-Za-z0-9_-]


def new_token() -> str:
    """An unguessable class-link token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


async def class_link_token(
    session: AsyncSession, group: ClassGroup, now: datetime, *, renew: bool = False
) -> str:
    """The class's link token, made when it has none; `renew` makes a new one (the old is void)."""
    if group.link_token is not None and not renew:
        return group.link_token
    token = new_token()
    await session.execute(
        update(ClassGroup)
        .where(ClassGroup.id == group.id)
        .values(link_token=token, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    group.link_token = token
    return token


@dataclass(frozen=True, slots=True)
class ClassLink:
    """A class group found by its link token, with its institution."""

    class_group_id: int
    class_name: str
    institution_id: int
    institution_name: str


async def find_class_link(session: AsyncSession, token: str) -> ClassLink | None:
    """The class group whose link this token is (None: unknown, or withdrawn by a renewal)."""
    if not token:
        return None
    row = (
        await session.execute(
            select(ClassGroup.id, ClassGroup.name, Institution.id, Institution.name)
            .join(Institution, Institution.id == ClassGroup.institution_id)
            .where(ClassGroup.link_token == token)
        )
    ).first()
    return None if row is None else ClassLink(row[0], row[1], row[2], row[3])


@dataclass(frozen=True, slots=True)
class ClassLinking:
    """How far one class is: its students, and those who have not linked any chat yet."""

    class_group_id: int
    cohort: int | None  # the graduation year of its newest students (None: no students)
    students: int
    unlinked: list[str]  # names, by name


async def unlinked_students(session: AsyncSession, class_group_id: int) -> ClassLinking:
    """The class's students and the names of those with no linked chat at all.

    A class's name comes back every year ("XII AKL 1"): its students are its newest cohort on
    the roster, not the alumni of earlier years who sat in a class of that name.
    """
    cohort = await session.scalar(
        select(func.max(Alumnus.graduation_year)).where(Alumnus.class_group_id == class_group_id)
    )
    linked = exists().where(ChannelIdentity.alumnus_id == Alumnus.id)
    rows = (
        await session.execute(
            select(Alumnus.name, linked.label("linked"))
            .where(Alumnus.class_group_id == class_group_id, Alumnus.graduation_year == cohort)
            .order_by(Alumnus.name, Alumnus.id)
        )
    ).all()
    unlinked = [name for name, done in rows if not done]
    return ClassLinking(class_group_id, cohort, len(rows), unlinked)


async def record_consent(
    session: AsyncSession, alumnus_id: int, agreed: bool, now: datetime
) -> None:
    """Whether the alumnus agreed to be contacted after graduation: the time they did, or None."""
    await session.execute(
        update(Alumnus)
        .where(Alumnus.id == alumnus_id)
        .values(contact_consent_at=now if agreed else None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def forget_opt_out(session: AsyncSession, channel: str, external_id: str) -> None:
    """The chat's holder agreed to be contacted after all: an earlier BERHENTI no longer holds."""
    await session.execute(
        delete(ContactOptOut)
        .where(ContactOptOut.channel == channel, ContactOptOut.external_id == external_id)
        .execution_options(synchronize_session=False)
    )


async def confirm_phone(session: AsyncSession, alumnus_id: int, phone: str, now: datetime) -> None:
    """The alumnus said `phone` (E.164) is their own number, one they keep after graduation."""
    current = await session.scalar(select(Alumnus.phone).where(Alumnus.id == alumnus_id))
    values: dict[str, object] = {"phone": phone, "phone_confirmed_at": now, "updated_at": now}
    if current != phone:
        # Failures to write to the earlier number say nothing about this one.
        values["phone_changed_at"] = now
    await session.execute(
        update(Alumnus)
        .where(Alumnus.id == alumnus_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )


async def next_opening(
    session: AsyncSession, institution_id: int, graduation_year: int, now: datetime
) -> datetime | None:
    """When the first survey of this cohort that has not opened yet opens (None: none planned)."""
    return await session.scalar(
        select(Survey.opens_at)
        .where(
            Survey.institution_id == institution_id,
            Survey.graduation_year == graduation_year,
            Survey.opens_at > now,
        )
        .order_by(Survey.opens_at)
        .limit(1)
    )
