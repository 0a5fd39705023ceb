"""`jejak institution set --guardian-contact / --no-guardian-contact`: a school's switch for
parents' messages (scheduler/parents.py)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from bot.errors import Fail
from bot.services import Services
from config.staff_messages import staff_text
from storage.deliveries.parents import set_guardian_contact


async def set_guardian_contact_command(services: Services, code: str, allowed: bool) -> None:
    """Allow or forbid parents' messages for one institution, and say which it is now."""
    async with services.sessions() as session, session.begin():
        found = await set_guardian_contact(session, code, allowed)
    if not found:
        raise Fail("institution_not_found", code=code)
    key = "institution_guardian_contact_on" if allowed else "institution_guardian_contact_off"
    Console().print(escape(staff_text(services.settings.language, key, code=code)))
