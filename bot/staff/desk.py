"""Staff commands, whatever the channel: who is asking, what they may see, and the answer.

Every command resolves the caller's scope first (storage/staff/members.py) and refuses anything
outside it without saying whether it exists. In a group, only a staff group linked with /sambungkan
gets an answer, about its own institution, and only aggregates there unless it was linked to show
names; names and files go to the asker's own chat. Channels turn a DeskReply into a platform
message.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from bot.staff.actions import run_action
from bot.staff.types import COMMANDS, Caller, DeskReply, Target, word_for
from config.desk_messages import desk_text
from conversations.identifiers import identifier_for
from storage.models import ClassGroup, Institution, StaffMember
from storage.roster import repository as repo
from storage.staff import members as staff_repo
from storage.staff.members import Action, Scope, current_survey, institutions_in

log = logging.getLogger(__name__)

CONFIRM_WORDS = ("ya", "yes", "ok")
# Commands that take one alumnus's identifier where others take a class name.
_ONE_ALUMNUS = (Action.RESEND, Action.PHONE)
NISN_DIGITS = 10


def help_text(scope: Scope, language: str) -> str:
    """The commands this staff member may use, one line each."""
    lines = [desk_text(language, "help")]
    lines += [desk_text(language, f"help_{a.value}") for a in Action if scope.may(a)]
    if scope.may(Action.MISSING):
        lines.append(desk_text(language, "help_classes"))
    return "\n".join(lines)


class StaffDesk:
    """Answers staff commands; `kick` asks the scheduler to send new deliveries at once."""

    def __init__(
        self,
        services: Services,
        clock: Callable[[], datetime],
        kick: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.services = services
        self.clock = clock
        self.kick = kick

    async def member(self, caller: Caller) -> StaffMember | None:
        """The staff member writing, if the person is linked staff."""
        async with self.services.sessions() as session:
            return await staff_repo.staff_for_chat(session, caller.channel, caller.user_id)

    async def redeem(self, caller: Caller, token: str) -> DeskReply | None:
        """A staff link opened in a private chat; None when the token is no staff link."""
        async with self.services.sessions() as session, session.begin():
            member = await staff_repo.redeem_link(
                session, token, caller.channel, caller.user_id, self.clock()
            )
            if member is None:
                return None
            scope = await staff_repo.scope_of(session, member)
            where = await self._scope_words(session, scope, member.language)
        log.info("staff %s linked a chat", member.id)
        lang = member.language
        text = desk_text(
            lang,
            "linked",
            name=html.escape(member.name),
            role=desk_text(lang, f"role_{member.role}"),
            scope=where,
        )
        return DeskReply(text + "\n\n" + help_text(scope, lang))

    async def handle(self, caller: Caller, word: str, args: list[str]) -> list[DeskReply]:
        """Run a staff command; refusals are replies too, never exceptions."""
        member = await self.member(caller)
        action = COMMANDS.get(word.lower())
        if member is None:
            return [DeskReply(desk_text("id", "staff_only"))]
        lang = member.language
        async with self.services.sessions() as session:
            scope = await staff_repo.scope_of(session, member)
            group = (
                await staff_repo.group_chat(session, caller.channel, caller.chat_id)
                if caller.in_group
                else None
            )
        if action is None:
            return [DeskReply(help_text(scope, lang))]
        to_person = False
        if caller.in_group and action is not Action.LINK_GROUP:
            if group is None or group.institution_id is None:
                # Any group the bot was added to: no data for its members, whoever asks.
                return [DeskReply(desk_text(lang, "group_not_linked"))]
            if not scope.sees_institution(group.institution_id):
                return [DeskReply(desk_text(lang, "group_outside_scope"))]
            scope = scope.within(group.institution_id)
            # A refusal holds no data: it may stay in the group.
            to_person = scope.may(action) and (
                action is Action.EXPORT
                or (action in (Action.MISSING, Action.CLASS_LINKS) and not group.shows_names)
            )
        try:
            replies = await run_action(self, caller, member, scope, action, args)
        except Exception:
            log.exception("staff command %s failed", action.value)
            return [DeskReply(desk_text(lang, "failed"))]
        return [replace(r, to_person=True) for r in replies] if to_person else replies

    async def target(
        self,
        session: AsyncSession,
        member: StaffMember,
        scope: Scope,
        action: Action,
        args: list[str],
    ) -> Target | DeskReply:
        """The institution, survey and classes a command names, checked against the scope.

        What the caller holds is all the answer depends on: a code or class outside it is refused
        alike whether it exists or not.
        """
        lang = member.language
        if not scope.may(action):
            return DeskReply(desk_text(lang, "not_allowed"))
        institutions = await institutions_in(session, scope)
        if not institutions:
            return DeskReply(desk_text(lang, "not_allowed"))
        rest = list(args)
        confirmed = bool(rest) and rest[-1].lower() in CONFIRM_WORDS
        if confirmed:
            rest.pop()
        by_code = {i.code.lower(): i for i in institutions}
        if rest and rest[0].lower() in by_code:
            institution = by_code[rest.pop(0).lower()]
        elif len(institutions) == 1:
            institution = institutions[0]
        else:
            codes = ", ".join(i.code for i in institutions[:20])
            if rest and not _is_keyword(rest[0]):
                return DeskReply(
                    desk_text(lang, "not_in_scope", name=html.escape(rest[0]), choices=codes)
                )
            return DeskReply(
                desk_text(
                    lang,
                    "choose_institution",
                    command=word_for(action, lang),
                    example=institutions[0].code,
                    codes=codes,
                )
            )
        survey = await current_survey(session, institution.id, self.clock())
        if survey is None:
            return DeskReply(
                desk_text(lang, "no_survey", institution=html.escape(institution.name))
            )
        in_scope = scope.class_filter(institution.id)
        label = desk_text(lang, "scope_all", institution=html.escape(institution.name))
        if in_scope is not None:
            names = await repo.class_group_names(session, in_scope)
            label = html.escape(", ".join(sorted(names.values())))
        classes = in_scope
        named = None
        wanted = " ".join(rest)
        if wanted and not _is_keyword(wanted) and not _is_nisn(action, wanted):
            groups = await repo.list_class_groups(session, institution.id)
            visible = [g for g in groups if in_scope is None or g.id in in_scope]
            match = _class_match(wanted, visible)
            if match is None and _is_identifier(action, wanted, institution.kind):
                pass  # a NIM or participant number: /kirimulang finds the alumnus
            elif match is None:
                # Another institution's code, a made-up one, another class: the same refusal.
                choices = ", ".join(sorted(g.name for g in visible)[:40]) or "-"
                return DeskReply(
                    desk_text(
                        lang, "not_in_scope", name=html.escape(wanted), choices=html.escape(choices)
                    )
                )
            else:
                named = match.name
                classes, label, rest = frozenset({match.id}), html.escape(match.name), []
        return Target(member, scope, institution, survey, classes, label, rest, confirmed, named)

    async def several(
        self, session: AsyncSession, scope: Scope, action: Action, args: list[str]
    ) -> list[Institution] | None:
        """The institutions a command about several covers (/laporan's ranking): every one the
        scope holds, when it holds two or more, each of them whole, and the command names none.

        None otherwise: the command is about one institution (desk.target then checks it). A
        scope of classes never gets a whole institution's figures this way.
        """
        if not scope.may(action) or any(not _is_keyword(arg) for arg in args):
            return None
        institutions = await institutions_in(session, scope)
        if len(institutions) < 2:
            return None
        if any(scope.class_filter(i.id) is not None for i in institutions):
            return None
        return institutions

    async def _scope_words(self, session: AsyncSession, scope: Scope, lang: str) -> str:
        if scope.everything:
            return desk_text(lang, "scope_everything")
        parts = []
        for institution_id in sorted(scope.institution_ids() or ()):
            institution = await session.get(Institution, institution_id)
            if institution is None:
                continue
            classes = scope.class_filter(institution_id)
            if classes is None:
                parts.append(institution.name)
            else:
                names = sorted((await repo.class_group_names(session, classes)).values())
                parts.append(f"{institution.name} ({', '.join(names)})")
        return html.escape("; ".join(parts))


def _class_match(wanted: str, groups: list[ClassGroup]) -> ClassGroup | None:
    """The class group named `wanted`, ignoring case and repeated spaces."""
    key = " ".join(wanted.split()).casefold()
    return next((g for g in groups if " ".join(g.name.split()).casefold() == key), None)


def _is_keyword(text: str) -> bool:
    return text.lower() in ("semua", "all")


def _is_nisn(action: Action, text: str) -> bool:
    """A NISN (10 digits) where a command takes one: /kirimulang NISN, /telepon NISN."""
    return action in _ONE_ALUMNUS and text.isdigit() and len(text) == NISN_DIGITS


def _is_identifier(action: Action, text: str, kind: str) -> bool:
    """The institution kind's identifier (a NIM, a participant number) where a command takes
    one, and no class has that name: /kirimulang A11.2019.01234."""
    return action in _ONE_ALUMNUS and identifier_for(kind).accepts(text)
