"""What each staff command does, once the desk has checked who asks and for what."""

from __future__ import annotations

import asyncio
import html
import io
from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents.export import write_xlsx
from bot.errors import Fail
from bot.reporting.build import ReportScope, build_report
from bot.reporting.files import ReportFormat, report_file_name, write_document
from bot.staff import phone
from bot.staff.class_links import class_links_reply
from bot.staff.tried import tried_line
from bot.staff.types import Caller, Desk, DeskReply, Target, word_for
from bot.whatsapp import errors as twilio_errors
from config.desk_messages import desk_text
from conversations.identifiers import identifier_for, normalise
from scheduler.planning import (
    plan_resends,
    policy_of,
    reminder_contacts,
    round_planned,
)
from scheduler.policy import Hold, local, next_round
from scheduler.reports import percent, statistics_text
from storage.deliveries.outbox import NEEDS_TEMPLATE
from storage.deliveries.planning import add_deliveries
from storage.deliveries.states import DeliveryState, reminder_counts
from storage.exports.table import export_table
from storage.models import Alumnus, StaffMember
from storage.reports.indicators import listed_surveys
from storage.reports.missing import MissingAlumnus, Reach, missing_alumni
from storage.reports.statistics import survey_statistics
from storage.roster import repository as repo
from storage.staff import members as staff_repo
from storage.staff.members import Action, Scope, current_survey, institutions_in

CONFIRM_ABOVE = 20  # a resend to more recipients than this asks first
MISSING_SHOWN = 50
COMPARE_SHOWN = 60  # institutions in one /statistik comparison (a province's SMKs fit)
# Twilio errors for a number WhatsApp cannot reach (inactive, invalid, or not a WhatsApp user),
# and for a recipient who blocked the school's number.
NAMES_WORDS = ("nama", "names")  # /sambungkan CODE nama: the group may read names
XLSX_WORDS = ("xlsx", "excel")  # /laporan xlsx: the workbook instead of the chart
# A report that finds no survey for the scope: said plainly in the chat, not as the CLI's advice.
NO_SURVEY = ("report_no_survey", "report_no_province_survey")


async def run_action(
    desk: Desk,
    caller: Caller,
    member: StaffMember,
    scope: Scope,
    action: Action,
    args: list[str],
) -> list[DeskReply]:
    """Dispatch one checked command, within `scope` (in a staff group: its institution only)."""
    if action is Action.LINK_GROUP:
        return [await link_group(desk, caller, member, scope, args)]
    if action is Action.REPORT:
        return [await report(desk, member, scope, args)]
    if action is Action.CLASS_LINKS:  # before graduation: no survey needed
        return [await class_links_reply(desk, member, scope, args)]
    if action is Action.PHONE:
        return [await phone.start(desk, caller, member, scope, args)]
    if action is Action.STATS and not args:
        compared = await compare(desk, member, scope)
        if compared is not None:
            return [compared]
    async with desk.services.sessions() as session:
        target = await desk.target(session, member, scope, action, args)
    if isinstance(target, DeskReply):
        return [target]
    match action:
        case Action.STATS:
            return [await stats(desk, target)]
        case Action.MISSING:
            return [await missing(desk, target)]
        case Action.RESEND:
            return [await resend(desk, target)]
        case Action.REMIND:
            return [await remind(desk, target)]
        case Action.EXPORT:
            return [await export(desk, target)]
    return []


async def link_group(
    desk: Desk, caller: Caller, member: StaffMember, scope: Scope, args: list[str]
) -> DeskReply:
    """/sambungkan CODE [nama] in a group: the group gets that institution's weekly summary,
    its aggregates on request, and with "nama" also the names of /belum."""
    lang = member.language
    if not caller.in_group:
        return DeskReply(desk_text(lang, "group_private"))
    if not scope.may(Action.LINK_GROUP):
        return DeskReply(desk_text(lang, "not_allowed"))
    names = len(args) == 2 and args[1].lower() in NAMES_WORDS
    if len(args) != 1 and not names:
        return DeskReply(desk_text(lang, "group_usage"))
    async with desk.services.sessions() as session, session.begin():
        held = {i.code.lower(): i for i in await institutions_in(session, scope)}
        institution = held.get(args[0].lower())
        if institution is None:
            # Only the caller's own codes are looked at: the same refusal for one that exists.
            codes = ", ".join(sorted(i.code for i in held.values())[:20]) or "-"
            return DeskReply(
                desk_text(lang, "not_in_scope", name=html.escape(args[0]), choices=codes)
            )
        await staff_repo.link_group(
            session, caller.channel, caller.chat_id, institution.id, desk.clock(), names
        )
    linked = desk_text(lang, "group_linked", institution=html.escape(institution.name))
    return DeskReply(linked + "\n" + desk_text(lang, "group_names" if names else "group_no_names"))


async def stats(desk: Desk, target: Target) -> DeskReply:
    """/statistik: completion and status split per class group, and how far reminders got."""
    async with desk.services.sessions() as session:
        figures = await survey_statistics(
            session,
            target.survey.id,
            class_group_ids=set(target.classes) if target.classes is not None else None,
            now=desk.clock(),
        )
        reminders = await reminder_counts(session, target.survey, target.classes)
    return DeskReply(
        statistics_text(
            figures, target.member.language, target.survey.name, target.label, reminders
        )
    )


async def compare(desk: Desk, member: StaffMember, scope: Scope) -> DeskReply | None:
    """/statistik with several institutions in scope: one line per institution, best first.

    None when the scope holds a single institution (its per-class statistics answer instead).
    """
    lang = member.language
    async with desk.services.sessions() as session:
        if not scope.may(Action.STATS):
            return None
        institutions = await institutions_in(session, scope, by_name=True)
        if len(institutions) < 2:
            return None
        lines: list[tuple[float, str]] = []
        for institution in institutions[:COMPARE_SHOWN]:
            name = html.escape(institution.name)
            survey = await current_survey(session, institution.id, desk.clock())
            if survey is None:
                lines.append((-1.0, desk_text(lang, "compare_no_survey", institution=name)))
                continue
            classes = scope.class_filter(institution.id)
            total = (
                await survey_statistics(
                    session,
                    survey.id,
                    class_group_ids=set(classes) if classes is not None else None,
                    now=desk.clock(),
                )
            ).total
            line = desk_text(
                lang,
                "compare_line",
                institution=name,
                completed=total.completed,
                alumni=total.alumni,
                rate=percent(total.completed, total.alumni),
            )
            lines.append((total.completion_rate, line))
    lines.sort(key=lambda item: -item[0])
    body = [desk_text(lang, "compare_header"), *(line for _, line in lines)]
    return DeskReply("\n".join([*body, desk_text(lang, "compare_hint")]))


async def missing(desk: Desk, target: Target) -> DeskReply:
    """/belum: who has not finished, their status, reachability and last reminder."""
    lang = target.member.language
    zone = target.institution.timezone
    identifier = identifier_for(target.institution.kind)
    async with desk.services.sessions() as session:
        people = await missing_alumni(session, target.survey, target.classes)
    if not people:
        return DeskReply(desk_text(lang, "missing_none", scope=target.label))
    lines = [
        desk_text(
            lang,
            "missing_header",
            survey=html.escape(target.survey.name),
            scope=target.label,
            count=len(people),
        )
    ]
    for person in people[:MISSING_SHOWN]:
        lines.append(
            desk_text(
                lang,
                "missing_line",
                name=html.escape(person.name),
                identifier=identifier.heading(lang),
                nisn=html.escape(person.nisn),
                group=html.escape(person.class_name or desk_text(lang, "no_class")),
                status=desk_text(lang, f"status_{person.status}"),
                reach=desk_text(lang, f"reach_{person.reach.value}"),
                last=_last_delivery(person, zone, lang),
            )
        )
        if person.identity_guessed:
            lines.append(desk_text(lang, "missing_guessed", identifier=identifier.label(lang)))
        tried = tried_line(person, zone, lang)  # own Telegram, own WhatsApp, parent
        if tried is not None:
            lines.append(tried)
    if len(people) > MISSING_SHOWN:
        lines.append(desk_text(lang, "missing_more", count=len(people) - MISSING_SHOWN))
    if not target.scope.may(Action.PHONE):
        return DeskReply("\n".join(lines))
    lines.append(desk_text(lang, "missing_phone_hint", identifier=identifier.label(lang)))
    return DeskReply("\n".join(lines), choices=phone.choices(people[:MISSING_SHOWN], lang))


def _last_delivery(person: MissingAlumnus, zone: str, lang: str) -> str:
    """When the latest reminder went and how far it got: "21-11 08:00: dibaca", or "never"."""
    state, at = person.last_delivery_state, person.last_delivery_at
    if state is None or at is None:
        return desk_text(lang, "never")
    words = (
        _failure(person.last_failure, lang)
        if state is DeliveryState.FAILED
        else desk_text(lang, f"delivery_{state.value}")
    )
    return desk_text(lang, "last_delivery", at=local(at, zone).strftime("%d-%m %H:%M"), state=words)


def _failure(error: str | None, lang: str) -> str:
    """Why the last reminder did not arrive, in the staff member's words."""
    code = (error or "").rpartition("_")[2]  # "whatsapp_63003", "twilio_63024" …
    if error == NEEDS_TEMPLATE:
        key = "failure_needs_template"
    elif error == "blocked" or code == str(twilio_errors.BLOCKED):
        key = "failure_blocked"
    elif code in {str(c) for c in twilio_errors.NOT_ON_WHATSAPP}:
        key = "failure_not_whatsapp"
    else:
        key = "failure_other"
    return desk_text(lang, key)


async def resend(desk: Desk, target: Target) -> DeskReply:
    """/kirimulang class|identifier|all: a reminder now to those who can and should get one.

    The identifier is the institution kind's: a NISN, a NIM or a participant number.
    """
    lang = target.member.language
    rest = target.rest
    identifier = identifier_for(target.institution.kind)
    one = len(rest) == 1 and (rest[0].isdigit() or identifier.accepts(rest[0]))
    nisn = normalise(rest[0]) if one else None
    whole = len(rest) == 1 and rest[0].lower() in ("semua", "all")
    if not (nisn or whole or (not rest and target.named_class)):
        return DeskReply(desk_text(lang, "resend_usage"))
    now = desk.clock()
    async with desk.services.sessions() as session, session.begin():
        ids = None
        if nisn is not None:
            alumnus = await _alumnus(session, target, nisn)
            if alumnus is None:
                label = identifier.label(lang)
                return DeskReply(
                    desk_text(lang, "nisn_unknown", identifier=label, nisn=html.escape(nisn))
                )
            ids = [alumnus.id]
        people = await missing_alumni(session, target.survey, target.classes, ids)
        whatsapp = desk.services.settings.whatsapp_enabled
        reachable = [
            p
            for p in people
            if p.reach is Reach.REACHABLE
            or (whatsapp and p.reach is Reach.NO_CHAT and p.has_phone)  # a template goes first
        ]
        unreachable = len(people) - len(reachable)
        label = html.escape(nisn) if nisn else target.label
        if not reachable:
            reply = desk_text(lang, "resend_nobody", target=label)
            if unreachable:
                reply += "\n" + desk_text(lang, "resend_unreachable", count=unreachable)
            return DeskReply(reply)
        if len(reachable) > CONFIRM_ABOVE and not target.confirmed:
            several = target.scope.institution_ids() != {target.institution.id}
            words = [target.institution.code] if several else []
            argument = nisn or target.named_class or desk_text(lang, "target_all")
            command = " ".join([word_for(Action.RESEND, lang), *words, argument])
            yes = "yes" if lang == "en" else "ya"
            return DeskReply(
                desk_text(
                    lang, "resend_confirm", count=len(reachable), target=html.escape(argument)
                ),
                confirm=(
                    desk_text(lang, "resend_button", count=len(reachable)),
                    f"{command} {yes}",
                ),
            )
        day = local(now, target.institution.timezone).date().isoformat()
        added, already = await plan_resends(
            session, target.survey, [p.alumnus_id for p in reachable], now, day
        )
    await _kick(desk)
    policy = policy_of(target.survey)
    parts = []
    if added:
        parts.append(
            desk_text(
                lang,
                "resend_done",
                count=added,
                start=policy.send_from_hour,
                end=policy.send_until_hour,
            )
        )
    if already:
        parts.append(desk_text(lang, "resend_already", count=already))
    if unreachable:
        parts.append(desk_text(lang, "resend_unreachable", count=unreachable))
    return DeskReply("\n".join(parts))


async def _alumnus(session: AsyncSession, target: Target, nisn: str) -> Alumnus | None:
    alumnus = await repo.get_alumnus(session, target.institution.id, nisn)
    if alumnus is None:
        return None
    if target.classes is not None and alumnus.class_group_id not in target.classes:
        return None  # outside the caller's classes: answered as if it did not exist
    return alumnus


async def remind(desk: Desk, target: Target) -> DeskReply:
    """/pengingat: the next round now for everyone in scope who has not finished.

    The scheduler's own rule (scheduler.policy.next_round), without waiting for the round's day:
    each alumnus gets their next reminder (it counts towards the survey's cap), or on WhatsApp
    their first-contact invitation, unless they had a message in the last two days or have had
    them all.
    """
    lang = target.member.language
    now = desk.clock()
    policy = policy_of(target.survey)
    async with desk.services.sessions() as session, session.begin():
        contacts = await reminder_contacts(
            session,
            target.survey,
            first_contact=desk.services.settings.whatsapp_enabled,
            class_group_ids=target.classes,
        )
        planned, recent, capped = [], 0, 0
        for alumnus_id, contact in contacts.items():
            round_ = next_round(policy, contact, now)
            if round_ is Hold.CAPPED:
                capped += 1
            elif round_ is Hold.RECENT:
                recent += 1
            elif not isinstance(round_, Hold):
                planned.append(round_planned(target.survey.id, alumnus_id, round_))
        added = await add_deliveries(session, planned, now)
    await _kick(desk)
    return DeskReply(
        desk_text(
            lang, "remind_done", scope=target.label, planned=added, recent=recent, capped=capped
        )
    )


async def export(desk: Desk, target: Target) -> DeskReply:
    """/ekspor: the answers of the scope as an XLSX file."""
    lang = target.member.language
    async with desk.services.sessions() as session:
        table = await export_table(
            session,
            target.survey.id,
            class_group_ids=set(target.classes) if target.classes is not None else None,
            language=lang,
            now=desk.clock(),
        )
    try:  # the Figures sheet: the same figures as `jejak report` and /laporan, for this scope
        figures = await build_report(
            desk.services.sessions,
            ReportScope(survey=target.survey.id, class_group_ids=target.classes),
            language=lang,
            iku_definition=desk.services.settings.iku_definition,
            now=desk.clock(),
        )
    except Fail:
        figures = None  # the answers still go out
    buffer = io.BytesIO()
    await asyncio.to_thread(write_xlsx, table, buffer, lang, figures)
    stamp = local(desk.clock(), target.institution.timezone).strftime("%Y%m%d")
    name = f"ekspor-{target.survey.id}-{target.institution.code}-{stamp}.xlsx"
    caption = desk_text(
        lang,
        "export_caption",
        survey=html.escape(target.survey.name),
        rows=len(table.rows),
        scope=target.label,
    )
    return DeskReply(caption, document=(name, buffer.getvalue()))


async def report(desk: Desk, member: StaffMember, scope: Scope, args: list[str]) -> DeskReply:
    """/laporan [kode] [kelas] [xlsx]: the indicators of the scope as a chart and a short text,
    or with xlsx the report's workbook (bot/reporting); a scope of several whole institutions
    (a provincial office's) gets them ranked by response rate and by BMW rate."""
    # matplotlib takes a second to import: only a process that draws a chart pays for it.
    from bot.reporting import chat

    lang = member.language
    xlsx = any(arg.lower() in XLSX_WORDS for arg in args)
    rest = [arg for arg in args if arg.lower() not in XLSX_WORDS]
    others: list[str] = []
    chosen = label = ""
    async with desk.services.sessions() as session:
        several = await desk.several(session, scope, Action.REPORT, rest)
        if several is None:
            target = await desk.target(session, member, scope, Action.REPORT, rest)
            if isinstance(target, DeskReply):
                return target
            wanted = ReportScope(survey=target.survey.id, class_group_ids=target.classes)
            label = target.label
        else:
            wanted, others, chosen = await _ranked(session, [i.code for i in several])
    try:
        document = await build_report(
            desk.services.sessions,
            wanted,
            language=lang,
            iku_definition=desk.services.settings.iku_definition,
            now=desk.clock(),
        )
    except Fail as failure:
        return DeskReply(desk_text(lang, "report_none" if failure.key in NO_SURVEY else "failed"))
    if xlsx:
        buffer = io.BytesIO()
        await asyncio.to_thread(write_document, document, ReportFormat.XLSX, buffer, lang)
        name = report_file_name(wanted, desk.clock().date(), ReportFormat.XLSX)
        if several is None:
            survey = html.escape(str((document.get("survey") or {}).get("name") or "-"))
            caption = desk_text(lang, "report_xlsx_caption", survey=survey, scope=label)
        else:
            cohort = document["scope"]["cohort"]
            count = len(document["surveys"])
            caption = desk_text(lang, "report_ranking_caption", cohort=cohort, count=count)
        return DeskReply(caption, document=(name, buffer.getvalue()))
    photo = await asyncio.to_thread(chat.chat_chart_png, document, lang)
    if several is None:
        text = chat.report_message(document, lang, label)
    else:
        text = chat.ranking_message(document, lang, others, chosen)
    return DeskReply(text, photo=photo)


async def _ranked(session: AsyncSession, codes: list[str]) -> tuple[ReportScope, list[str], str]:
    """The scope of a ranking of these institutions, the codes left out and the questionnaire
    ranked: figures of different questionnaires are never ranked together, so when the latest
    cohort was surveyed on several, the one most institutions use is ranked (the first by name
    on a tie), and the others are named for /laporan CODE."""
    _cohort, found = await listed_surveys(session, codes, None)
    kinds = Counter(s.questionnaire_id for s in found)
    if len(kinds) < 2:
        return ReportScope(institutions=tuple(codes)), [], ""
    chosen = max(sorted(kinds), key=lambda name: kinds[name])
    ranked = {s.institution_code for s in found if s.questionnaire_id == chosen}
    others = sorted({s.institution_code for s in found} - ranked)
    kept = tuple(code for code in codes if code not in others)
    return ReportScope(institutions=kept, questionnaire=chosen), others, chosen


async def _kick(desk: Desk) -> None:
    if desk.kick is not None:
        await desk.kick()
