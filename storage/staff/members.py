"""Staff members, what each may see (their scope), and the chats they are reached in.

Roles and scope:
- operator: every command on every institution;
- bkk: every command on their institution(s);
- homeroom: every command but linking a group, on their own class groups only;
- viewer: statistics and the report of indicators (aggregates, never names) of their
  institution(s).

A staff member's chat is linked by a one-time link (`jejak staff add` prints it); an institution's
staff group is linked by a BKK member or operator sending `/sambungkan <code>` in the group
(`/sambungkan <code> nama`: its members may also read names). In a group, a command runs with the
sender's scope narrowed to the group's institution.
Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ClassGroup,
    Institution,
    StaffChat,
    StaffChatKind,
    StaffMember,
    StaffRole,
    StaffScope,
    Survey,
)

LINK_LIFETIME = timedelta(days=7)
TOKEN_BYTES = 16


class Action(enum.StrEnum):
    """What a staff command does, for the authorization check."""

    STATS = "stats"  # /statistik: aggregates
    MISSING = "missing"  # /belum: names of who has not finished
    RESEND = "resend"  # /kirimulang
    REMIND = "remind"  # /pengingat
    EXPORT = "export"  # /ekspor: every answer
    LINK_GROUP = "link_group"  # /sambungkan: a group gets the institution's summaries
    REPORT = "report"  # /laporan: the indicators (aggregates), as a chart and text or a workbook
    CLASS_LINKS = "class_links"  # /tautan: class links and who has not linked yet (#17)
    PHONE = "phone"  # /telepon: answer an alumnus's survey for them, as they said on the phone


ROLE_ACTIONS: dict[StaffRole, frozenset[Action]] = {
    StaffRole.OPERATOR: frozenset(Action),
    StaffRole.BKK: frozenset(Action),
    StaffRole.HOMEROOM: frozenset(Action) - {Action.LINK_GROUP},
    StaffRole.VIEWER: frozenset({Action.STATS, Action.REPORT}),
}


@dataclass(frozen=True, slots=True)
class Scope:
    """The institutions and class groups a staff member may see."""

    role: StaffRole
    institutions: frozenset[int] = frozenset()  # whole institutions
    classes: frozenset[tuple[int, int]] = frozenset()  # (institution id, class group id)
    only: int | None = None  # narrowed to this institution (a command in its staff group)

    @property
    def everything(self) -> bool:
        return self.role is StaffRole.OPERATOR and self.only is None

    def may(self, action: Action) -> bool:
        """Whether the role allows this kind of command at all."""
        return action in ROLE_ACTIONS[self.role]

    def within(self, institution_id: int) -> Scope:
        """This scope narrowed to one institution (nothing, if it holds no part of it)."""
        return Scope(self.role, self.institutions, self.classes, only=institution_id)

    def sees_institution(self, institution_id: int) -> bool:
        """Whether any part of the institution is in scope."""
        if self.only is not None and institution_id != self.only:
            return False
        return (
            self.role is StaffRole.OPERATOR
            or institution_id in self.institutions
            or any(i == institution_id for i, _ in self.classes)
        )

    def class_filter(self, institution_id: int) -> frozenset[int] | None:
        """None: the whole institution; else only these class groups (empty: nothing)."""
        if not self.sees_institution(institution_id):
            return frozenset()
        if self.role is StaffRole.OPERATOR or institution_id in self.institutions:
            return None
        return frozenset(c for i, c in self.classes if i == institution_id)

    def allows(
        self, action: Action, institution_id: int, class_group_id: int | None = None
    ) -> bool:
        """Whether `action` may touch this institution, or this class group of it."""
        if not self.may(action) or not self.sees_institution(institution_id):
            return False
        allowed = self.class_filter(institution_id)
        if allowed is None:
            return True
        return class_group_id is not None and class_group_id in allowed

    def institution_ids(self) -> frozenset[int] | None:
        """Institutions in scope; None means every institution."""
        if self.everything:
            return None
        if self.only is not None:
            return frozenset({self.only}) if self.sees_institution(self.only) else frozenset()
        return self.institutions | {i for i, _ in self.classes}


def new_link_token() -> str:
    """An unguessable one-time deep-link payload (22 characters of [A-Za-z0-9_-])."""
    return secrets.token_urlsafe(TOKEN_BYTES)


async def add_staff(
    session: AsyncSession,
    name: str,
    role: StaffRole,
    grants: Iterable[tuple[int, int | None]],
    now: datetime,
    language: str = "id",
) -> StaffMember:
    """A new staff member with their grants (institution id, class group id or None) and a link."""
    member = StaffMember(
        name=name,
        role=role.value,
        language=language,
        link_token=new_link_token(),
        link_expires_at=now + LINK_LIFETIME,
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(member)
    await session.flush()
    for institution_id, class_group_id in dict.fromkeys(grants):
        session.add(
            StaffScope(
                staff_id=member.id, institution_id=institution_id, class_group_id=class_group_id
            )
        )
    await session.flush()
    return member


async def get_staff(session: AsyncSession, staff_id: int) -> StaffMember | None:
    """The staff member with this id (removed ones too), if any."""
    return await session.scalar(select(StaffMember).where(StaffMember.id == staff_id))


async def renew_link(session: AsyncSession, member: StaffMember, now: datetime) -> str:
    """A fresh one-time link for a staff member (the old one stops working)."""
    member.link_token = new_link_token()
    member.link_expires_at = now + LINK_LIFETIME
    member.updated_at = now
    await session.flush()
    return member.link_token


async def redeem_link(
    session: AsyncSession, token: str, channel: str, external_id: str, now: datetime
) -> StaffMember | None:
    """Link this chat to the staff member whose unexpired link this is; None if there is none."""
    member = await session.scalar(
        select(StaffMember).where(StaffMember.link_token == token, StaffMember.active)
    )
    if member is None or member.link_expires_at is None or member.link_expires_at <= now:
        return None
    member.link_token = None
    member.link_expires_at = None
    member.updated_at = now
    await link_person(session, member, channel, external_id, now)
    return member


async def _chat(session: AsyncSession, channel: str, external_id: str, now: datetime) -> StaffChat:
    """The staff chat with this id, created (not yet flushed) if new."""
    chat = await session.scalar(
        select(StaffChat).where(StaffChat.channel == channel, StaffChat.external_id == external_id)
    )
    if chat is None:
        chat = StaffChat(channel=channel, external_id=external_id, created_at=now)
        session.add(chat)
    return chat


async def link_person(
    session: AsyncSession, member: StaffMember, channel: str, external_id: str, now: datetime
) -> StaffChat:
    """Make this chat (a WhatsApp number, say) the staff member's own."""
    chat = await _chat(session, channel, external_id, now)
    chat.kind = StaffChatKind.PERSON.value
    chat.staff_id, chat.institution_id, chat.reachable = member.id, None, True
    await session.flush()
    return chat


async def note_inbound(
    session: AsyncSession, channel: str, external_id: str, now: datetime
) -> None:
    """The person of this staff chat just wrote (WhatsApp: the 24-hour window opens again)."""
    await session.execute(
        update(StaffChat)
        .where(StaffChat.channel == channel, StaffChat.external_id == external_id)
        .values(last_inbound_at=now)
    )


async def staff_for_chat(
    session: AsyncSession, channel: str, external_id: str
) -> StaffMember | None:
    """The active staff member whose own chat (or Telegram user id) this is."""
    return await session.scalar(
        select(StaffMember)
        .join(StaffChat, StaffChat.staff_id == StaffMember.id)
        .where(
            StaffChat.channel == channel,
            StaffChat.external_id == external_id,
            StaffChat.kind == StaffChatKind.PERSON.value,
            StaffMember.active,
        )
    )


async def scope_of(session: AsyncSession, member: StaffMember) -> Scope:
    """What this staff member may see."""
    rows = (
        await session.execute(
            select(StaffScope.institution_id, StaffScope.class_group_id).where(
                StaffScope.staff_id == member.id
            )
        )
    ).all()
    role = StaffRole(member.role)
    whole = frozenset(i for i, c in rows if c is None)
    classes = frozenset((i, c) for i, c in rows if c is not None)
    return Scope(role, whole, classes)


async def link_group(
    session: AsyncSession,
    channel: str,
    external_id: str,
    institution_id: int,
    now: datetime,
    shows_names: bool = False,
) -> StaffChat:
    """Make this group chat the institution's staff chat (it gets the weekly summary).

    `shows_names`: its members may read alumni's names there (/belum); linking again without it
    takes that back.
    """
    chat = await _chat(session, channel, external_id, now)
    chat.kind = StaffChatKind.GROUP.value
    chat.institution_id = institution_id
    chat.staff_id = None
    chat.reachable = True
    chat.shows_names = shows_names
    await session.flush()
    return chat


async def group_chat(session: AsyncSession, channel: str, external_id: str) -> StaffChat | None:
    """The linked staff group with this id, if any."""
    return await session.scalar(
        select(StaffChat).where(
            StaffChat.channel == channel,
            StaffChat.external_id == external_id,
            StaffChat.kind == StaffChatKind.GROUP.value,
        )
    )


async def mark_chat_unreachable(session: AsyncSession, chat_id: int) -> None:
    """The bot was blocked or removed from this staff chat: stop sending there."""
    await session.execute(update(StaffChat).where(StaffChat.id == chat_id).values(reachable=False))


async def list_staff(session: AsyncSession) -> list[tuple[StaffMember, list[str], bool]]:
    """Every staff member, with their scope as text and whether a chat is linked."""
    members = list(await session.scalars(select(StaffMember).order_by(StaffMember.name)))
    scopes = (
        await session.execute(
            select(StaffScope.staff_id, StaffScope.institution_id, ClassGroup.name).outerjoin(
                ClassGroup, StaffScope.class_group_id == ClassGroup.id
            )
        )
    ).all()
    linked = set(
        await session.scalars(
            select(StaffChat.staff_id).where(StaffChat.kind == StaffChatKind.PERSON.value)
        )
    )
    return [(m, [c or str(i) for s, i, c in scopes if s == m.id], m.id in linked) for m in members]


async def homeroom_chats(
    session: AsyncSession, institution_id: int
) -> list[tuple[StaffMember, StaffChat]]:
    """Each active homeroom teacher with a class at the institution, and their reachable chat."""
    has_class_here = (
        select(StaffScope.id)
        .where(
            StaffScope.staff_id == StaffMember.id,
            StaffScope.institution_id == institution_id,
            StaffScope.class_group_id.is_not(None),
        )
        .exists()
    )
    rows = await session.execute(
        select(StaffMember, StaffChat)
        .join(StaffChat, StaffChat.staff_id == StaffMember.id)
        .where(
            StaffMember.active,
            StaffMember.role == StaffRole.HOMEROOM.value,
            StaffChat.kind == StaffChatKind.PERSON.value,
            StaffChat.reachable,
            has_class_here,
        )
        .order_by(StaffMember.id, StaffChat.id)
    )
    return [(member, chat) for member, chat in rows.all()]


async def institution_groups(session: AsyncSession, institution_id: int) -> list[StaffChat]:
    """The institution's reachable staff group chats."""
    return list(
        await session.scalars(
            select(StaffChat).where(
                StaffChat.kind == StaffChatKind.GROUP.value,
                StaffChat.institution_id == institution_id,
                StaffChat.reachable,
            )
        )
    )


async def current_survey(
    session: AsyncSession, institution_id: int, now: datetime
) -> Survey | None:
    """The institution's survey that opened last (still useful for statistics once closed)."""
    return await session.scalar(
        select(Survey)
        .where(Survey.institution_id == institution_id, Survey.opens_at <= now)
        .order_by(Survey.opens_at.desc(), Survey.id.desc())
        .limit(1)
    )


async def institutions_in(
    session: AsyncSession, scope: Scope, *, by_name: bool = False
) -> list[Institution]:
    """The institutions the scope holds any part of, by code (or by name)."""
    allowed = scope.institution_ids()
    query = select(Institution).order_by(Institution.name if by_name else Institution.code)
    if allowed is not None:
        query = query.where(Institution.id.in_(allowed))
    return list(await session.scalars(query))
