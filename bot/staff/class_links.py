"""/tautan (/classlink): a homeroom teacher's class links, and who of the class has not linked a
chat yet, before graduation (#17).

The scope decides which classes: a homeroom teacher's own, a school's for its BKK. The names go
where /belum's go (the desk sends them to the asker's own chat from a group that hides names).
"""

from __future__ import annotations

import html
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alumni.linking import telegram_class_link, whatsapp_class_link
from bot.errors import Fail
from bot.staff.types import Desk, DeskReply, word_for
from config.desk_messages import desk_text
from config.settings import Settings
from storage.access import class_links
from storage.models import ClassGroup, Institution, StaffMember
from storage.roster import repository as repo
from storage.staff.members import Action, Scope, institutions_in

log = logging.getLogger(__name__)

NAMES_FOR = 2  # a homeroom teacher's classes, each with its names; more: one line each
NAMES_SHOWN = 60  # names of one class at most (a class has about 36)


async def class_links_reply(
    desk: Desk, member: StaffMember, scope: Scope, args: list[str]
) -> DeskReply:
    """/tautan [code] [class]: the links of the classes in scope, and who has not linked yet."""
    lang = member.language
    if not scope.may(Action.CLASS_LINKS):
        return DeskReply(desk_text(lang, "not_allowed"))
    rest = list(args)
    async with desk.services.sessions() as session, session.begin():
        institutions = await institutions_in(session, scope)
        if not institutions:
            return DeskReply(desk_text(lang, "not_allowed"))
        by_code = {i.code.lower(): i for i in institutions}
        if rest and rest[0].lower() in by_code:
            institution = by_code[rest.pop(0).lower()]
        elif len(institutions) == 1:
            institution = institutions[0]
        else:
            return DeskReply(_choose(lang, institutions))
        visible = await _visible(session, scope, institution)
        wanted = " ".join(rest)
        if wanted:
            key = " ".join(wanted.split()).casefold()
            visible = [g for g in visible if " ".join(g.name.split()).casefold() == key]
            if not visible:
                # Another school's class, a made-up one: the same refusal.
                choices = ", ".join(g.name for g in await _visible(session, scope, institution))
                return DeskReply(
                    desk_text(
                        lang,
                        "not_in_scope",
                        name=html.escape(wanted),
                        choices=html.escape(choices[:1000] or "-"),
                    )
                )
        if not visible:
            return DeskReply(desk_text(lang, "class_links_none"))
        now = desk.clock()
        found = []
        for group in visible:
            token = await class_links.class_link_token(session, group, now)
            found.append((group, token, await class_links.unlinked_students(session, group.id)))
    urls = await _urls(desk.services.settings)
    names = len(found) <= NAMES_FOR
    lines = [desk_text(lang, "class_links_header", institution=html.escape(institution.name))]
    for group, token, linking in found:
        linked = linking.students - len(linking.unlinked)
        lines.append("")
        lines.append(
            desk_text(
                lang,
                "class_links_class",
                name=html.escape(group.name),
                cohort=linking.cohort or "-",
                linked=linked,
                students=linking.students,
            )
        )
        lines += [html.escape(make(token)) for make in urls]
        if names and linking.unlinked:
            shown = ", ".join(html.escape(n) for n in linking.unlinked[:NAMES_SHOWN])
            more = len(linking.unlinked) - NAMES_SHOWN
            if more > 0:
                shown += " " + desk_text(lang, "class_links_more", count=more)
            lines.append(desk_text(lang, "class_links_unlinked", names=shown))
    if not names:
        lines += [
            "",
            desk_text(lang, "class_links_hint", command=word_for(Action.CLASS_LINKS, lang)),
        ]
    lines += ["", desk_text(lang, "class_links_poster")]
    return DeskReply("\n".join(lines))


async def _visible(
    session: AsyncSession, scope: Scope, institution: Institution
) -> list[ClassGroup]:
    """The institution's class groups the scope shows, by name."""
    allowed = scope.class_filter(institution.id)
    groups = await repo.list_class_groups(session, institution.id)
    return [g for g in groups if allowed is None or g.id in allowed]


def _choose(lang: str, institutions: list[Institution]) -> str:
    codes = ", ".join(i.code for i in institutions[:20])
    return desk_text(
        lang,
        "choose_institution",
        command=word_for(Action.CLASS_LINKS, lang),
        example=institutions[0].code,
        codes=codes,
    )


class _Maker:
    """One kind of class link, for a token."""

    def __init__(self, kind: str, where: str) -> None:
        self.kind, self.where = kind, where

    def __call__(self, token: str) -> str:
        if self.kind == "telegram":
            return telegram_class_link(self.where, token)
        return whatsapp_class_link(self.where, token)


async def _urls(settings: Settings) -> list[_Maker]:
    """The channels a class link can open: the Telegram bot, the school's WhatsApp number."""
    makers = []
    if settings.telegram_token or settings.telegram_bot_username:
        from bot.cli.invite import bot_username  # asks Telegram only when no name is configured

        try:
            makers.append(_Maker("telegram", await bot_username(settings)))
        except Fail as failure:
            log.warning("class link without Telegram: %s", failure.key)
    if settings.twilio_whatsapp_from:
        makers.append(_Maker("whatsapp", settings.twilio_whatsapp_from))
    return makers
