"""`jejak staff add|list|link|remove`: who may see what, and their one-time chat links."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from telegram.helpers import create_deep_linked_url

from bot.cli.invite import bot_username
from bot.errors import Fail
from bot.services import Services, institution_or_fail
from config.clock import utc_now
from config.staff_messages import staff_text
from conversations.messages import LANGUAGES
from conversations.parsing import ReplyNotUnderstood, parse_phone
from storage.models import StaffMember, StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo


def _role(value: str) -> StaffRole:
    try:
        return StaffRole(value.lower())
    except ValueError:
        raise Fail(
            "staff_bad_role", value=value, roles=", ".join(r.value for r in StaffRole)
        ) from None


async def add_staff_command(
    services: Services,
    console: Console,
    role_name: str,
    name: str,
    institutions: list[str],
    classes: list[str],
    language: str,
    whatsapp: str | None = None,
) -> str | None:
    """Register a staff member; print their one-time Telegram link (returned) and/or link the
    WhatsApp number given (Twilio vouches for the sender of every WhatsApp message)."""
    role = _role(role_name)
    lang = services.settings.language
    if not name.strip():
        raise Fail("staff_no_name")
    if role is StaffRole.OPERATOR and (institutions or classes):
        raise Fail("staff_operator_scope")
    if role is not StaffRole.OPERATOR and not institutions:
        raise Fail("staff_needs_institution", role=role.value)
    if role is StaffRole.HOMEROOM and (len(institutions) != 1 or not classes):
        raise Fail("staff_homeroom_scope")
    if role is not StaffRole.HOMEROOM and classes:
        raise Fail("staff_classes_only_homeroom")
    if language not in LANGUAGES:
        raise Fail("staff_bad_language", value=language)
    grants: list[tuple[int, int | None]] = []
    async with services.sessions() as session:
        for code in institutions:
            institution = await institution_or_fail(session, code)
            if not classes:
                grants.append((institution.id, None))
            for class_name in classes:
                group = await repo.get_class_group(session, institution.id, class_name)
                if group is None:
                    known = [g.name for g in await repo.list_class_groups(session, institution.id)]
                    raise Fail(
                        "staff_class_not_found",
                        name=class_name,
                        code=code,
                        classes=", ".join(known) or "-",
                    )
                grants.append((institution.id, group.id))
    phone = None
    if whatsapp is not None:
        try:
            phone = parse_phone(whatsapp)
        except ReplyNotUnderstood:
            raise Fail("staff_bad_phone", value=whatsapp) from None
    telegram = services.settings.telegram_token or services.settings.telegram_bot_username
    # Fails before anything is stored.
    username = await bot_username(services.settings) if telegram or phone is None else None
    now = utc_now()
    async with services.sessions() as session, session.begin():
        member = await staff_repo.add_staff(session, name.strip(), role, grants, now, language)
        token = member.link_token
        member_id = member.id
        if phone is not None:
            await staff_repo.link_person(session, member, "whatsapp", phone, now)
    console.print(escape(staff_text(lang, "staff_added", id=member_id, name=name, role=role.value)))
    if phone is not None:
        console.print(escape(staff_text(lang, "staff_whatsapp_linked", phone=phone)))
    if username is None or token is None:
        return None
    link = create_deep_linked_url(username, token)
    console.print(link, soft_wrap=True)
    console.print(escape(staff_text(lang, "staff_link_note")))
    return link


async def list_staff_command(services: Services, console: Console) -> None:
    """Every staff member: role, scope, whether their chat is linked."""
    lang = services.settings.language
    async with services.sessions() as session:
        rows = await staff_repo.list_staff(session)
    if not rows:
        console.print(escape(staff_text(lang, "staff_none")))
        return
    table = Table(
        *(staff_text(lang, f"staff_col_{c}") for c in ("id", "name", "role", "scope", "chat"))
    )
    for member, scope, linked in rows:
        chat = staff_text(lang, "staff_linked" if linked else "staff_not_linked")
        if not member.active:
            chat = staff_text(lang, "staff_removed")
        shown = ", ".join(scope) or staff_text(lang, "staff_scope_all")
        table.add_row(str(member.id), escape(member.name), member.role, escape(shown), chat)
    console.print(table)


async def _member(services: Services, staff_id: int) -> StaffMember:
    async with services.sessions() as session:
        member = await staff_repo.get_staff(session, staff_id)
    if member is None:
        raise Fail("staff_not_found", id=staff_id)
    return member


async def link_staff_command(services: Services, console: Console, staff_id: int) -> str:
    """A new one-time link for a staff member (a lost phone, a new chat)."""
    await _member(services, staff_id)
    username = await bot_username(services.settings)
    async with services.sessions() as session, session.begin():
        member = await session.get(StaffMember, staff_id)
        assert member is not None
        member.active = True
        token = await staff_repo.renew_link(session, member, utc_now())
    link = create_deep_linked_url(username, token)
    console.print(link, soft_wrap=True)
    console.print(escape(staff_text(services.settings.language, "staff_link_note")))
    return link


async def remove_staff_command(services: Services, console: Console, staff_id: int) -> None:
    """Stop a staff member's access at once: their chats no longer answer their commands."""
    await _member(services, staff_id)
    async with services.sessions() as session, session.begin():
        member = await session.get(StaffMember, staff_id)
        assert member is not None
        member.active = False
        member.link_token = None
        member.updated_at = utc_now()
    console.print(escape(staff_text(services.settings.language, "staff_removed_done", id=staff_id)))
