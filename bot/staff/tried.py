"""/belum's second line for each alumnus: the routes tried (own Telegram, own WhatsApp, the
parent's number), each with its latest attempt's local date and how it ended, in words."""

from __future__ import annotations

from bot.whatsapp import errors as twilio_errors
from config.desk_messages import desk_text
from scheduler.policy import local
from storage.deliveries.outbox import NEEDS_TEMPLATE
from storage.deliveries.parents import OPTED_OUT, WRONG_NUMBER
from storage.deliveries.states import DeliveryState
from storage.reports.missing import Attempt, MissingAlumnus

SEPARATOR = " · "


def tried_line(person: MissingAlumnus, zone: str, lang: str) -> str | None:
    """ "  ↳ Telegram 05-03: dibaca · WA 07-03: nomor tak aktif · ortu 12-03: terkirim", or
    None when nothing was tried yet (the first line already says "belum pernah")."""
    if not person.tried:
        return None
    routes = SEPARATOR.join(_attempt(a, zone, lang) for a in person.tried)
    return desk_text(lang, "missing_tried", routes=routes)


def _attempt(attempt: Attempt, zone: str, lang: str) -> str:
    route = desk_text(lang, f"route_{attempt.route.value}")
    result = _result(attempt, lang)
    if attempt.at is None:
        return desk_text(lang, "route_no_date", route=route, result=result)
    at = local(attempt.at, zone).strftime("%d-%m")
    return desk_text(lang, "route_attempt", route=route, at=at, result=result)


def _result(attempt: Attempt, lang: str) -> str:
    """How the attempt ended: what the number's holder said, else how far the message got."""
    error = attempt.error or ""
    if error in (OPTED_OUT, WRONG_NUMBER):
        return desk_text(lang, f"tried_{error}")
    if attempt.state is not DeliveryState.FAILED and attempt.state is not None:
        return desk_text(lang, f"delivery_{attempt.state.value}")
    code = error.rpartition("_")[2]  # "whatsapp_63003", "twilio_63024" …
    if error == NEEDS_TEMPLATE:
        return desk_text(lang, "tried_needs_template")
    if error == "blocked" or code == str(twilio_errors.BLOCKED):
        return desk_text(lang, "tried_blocked")
    if code in {str(c) for c in twilio_errors.NOT_ON_WHATSAPP}:
        return desk_text(lang, "tried_not_whatsapp")
    return desk_text(lang, "tried_failed")
