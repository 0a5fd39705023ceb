"""Answers given by phone: a staff member answers an alumnus's survey for them, in their own chat.

`/telepon NISN` (English `/phone`) from /belum: for an alumnus in the caller's scope whose
response is not finished, the caller confirms they have the alumnus's agreement on the phone
(`/telepon NISN ya`, or the button). From then on, until `/selesai` (`/done`), `/batal`
(`/cancel`) or the end of the questionnaire, whatever they write in that chat is the alumnus's
reply, run through the same ConversationRunner turn as the alumnus's own chat (same questionnaire,
skip logic, going back, review); the response is stored with source "phone" and the staff
member's name. The channel renders the questionnaire its usual way; this module decides what is
an answer and what is not, and keeps the chat's mode (storage/staff/answering.py).

Stopping and erasing (BERHENTI, HAPUSDATA) are the alumnus's own rights: only they can ask,
from their own chat. Declining at the consent question is recorded like any other answer.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from bot.alumni.identity import pick_survey
from bot.alumni.runner import Turn
from bot.services import Services
from bot.staff.types import Caller, Desk, DeskReply, word_for
from config.desk_messages import desk_text
from conversations.commands import parse_command
from conversations.identifiers import identifier_for
from conversations.inputs import CommandKind, Reply, TextReply
from conversations.state import Phase
from storage.models import ResponseStatus, StaffMember
from storage.reports.missing import MissingAlumnus
from storage.roster import repository as repo
from storage.staff import answering as store
from storage.staff.answering import Answering
from storage.staff.members import Action, Scope

log = logging.getLogger(__name__)

NO_WORDS = ("tidak", "no", "batal", "cancel")
DONE_WORDS = ("selesai", "done")
CANCEL_WORDS = ("batal", "cancel")
# A response in one of these cannot be answered by phone: finished, or the alumnus said no.
# `end` says these statuses with the phone's own words ("selesai", …), the others as /belum does.
CLOSED = {
    ResponseStatus.COMPLETED.value: "phone_already_completed",
    ResponseStatus.OPTED_OUT.value: "phone_opted_out",
    ResponseStatus.DECLINED.value: "phone_declined",
}
# Only the alumnus may ask for these, from their own chat.
ALUMNUS_ONLY = (CommandKind.STOP, CommandKind.DELETE_DATA)


async def start(
    desk: Desk, caller: Caller, member: StaffMember, scope: Scope, args: list[str]
) -> DeskReply:
    """/telepon [code] NISN [ya|tidak]: ask to confirm, then put the chat in answering mode."""
    lang = member.language
    if caller.in_group:
        return DeskReply(desk_text(lang, "phone_private"))
    if args and args[-1].lower() in NO_WORDS:
        return DeskReply(desk_text(lang, "phone_not_started"))
    now = desk.clock()
    async with desk.services.sessions() as session, session.begin():
        target = await desk.target(session, member, scope, Action.PHONE, args)
        if isinstance(target, DeskReply):
            return target
        identifier = identifier_for(target.institution.kind)
        if len(target.rest) != 1:
            return DeskReply(desk_text(lang, "phone_usage", identifier=identifier.label(lang)))
        typed = target.rest[0]
        alumnus = await repo.get_alumnus(session, target.institution.id, typed)
        if alumnus is None or (
            target.classes is not None and alumnus.class_group_id not in target.classes
        ):
            # Another class's alumnus is refused as if there were none.
            return DeskReply(
                desk_text(
                    lang, "nisn_unknown", identifier=identifier.label(lang), nisn=html.escape(typed)
                )
            )
        name = html.escape(alumnus.name)
        survey = await pick_survey(session, alumnus, now)
        if survey is None:
            return DeskReply(desk_text(lang, "phone_no_survey", name=name))
        found = await store.candidate(session, alumnus.id, survey.id)
        if found.status in CLOSED:
            return DeskReply(desk_text(lang, CLOSED[found.status], name=name))
        if await store.answered_elsewhere(
            session, alumnus.id, survey.id, caller.channel, caller.user_id
        ):
            return DeskReply(desk_text(lang, "phone_taken", name=name))
        if not target.confirmed:
            several = target.scope.institution_ids() != {target.institution.id}
            words = [target.institution.code] if several else []
            command = " ".join([word_for(Action.PHONE, lang), *words, alumnus.nisn])
            yes, no = ("yes", "no") if lang == "en" else ("ya", "tidak")
            group = html.escape(found.class_name or desk_text(lang, "no_class"))
            return DeskReply(
                desk_text(
                    lang,
                    "phone_confirm",
                    name=name,
                    group=group,
                    survey=html.escape(survey.name),
                    yes=f"{command} {yes}",
                    no=f"{command} {no}",
                ),
                confirm=(desk_text(lang, "phone_button"), f"{command} {yes}"),
            )
        if not await store.begin_answering(
            session, caller.channel, caller.user_id, alumnus.id, survey.id
        ):
            return DeskReply(desk_text(lang, "phone_private"))
    log.info("staff %s answers survey %s by phone for alumnus %s", member.id, survey.id, alumnus.id)
    return DeskReply(
        desk_text(
            lang,
            "phone_started",
            name=name,
            done=word_for_end(DONE_WORDS, lang),
            cancel=word_for_end(CANCEL_WORDS, lang),
        )
    )


def word_for_end(words: tuple[str, str], lang: str) -> str:
    """ "/selesai" or "/done": the command word in the staff member's language."""
    return "/" + (words[1] if lang == "en" else words[0])


class PhoneAnswers:
    """One channel's staff chats that are answering by phone, and what their messages are.

    The mode is read from the database each time, never kept in memory: another process (a
    second webhook process) may have started or ended it a moment ago, and a message typed after
    /selesai must never become an alumnus's answer. Telegram asks only for chats it does not
    already know as an alumnus's (bot/telegram/channel.py), so the alumni's hot path pays
    nothing more than once a minute per chat.
    """

    def __init__(self, services: Services, channel: str) -> None:
        self.services = services
        self.channel = channel

    async def current(self, chat_id: str) -> Answering | None:
        """Whose survey this chat is answering, if it is a staff chat in answering mode."""
        async with self.services.sessions() as session:
            return await store.answering_in(session, self.channel, chat_id)

    async def intercept(
        self, chat_id: str, answering: Answering, reply: Reply | None, *, bare: bool = False
    ) -> DeskReply | None:
        """What the staff member gets instead of a turn, or None: `reply` is the alumnus's.

        `reply` None: a button that is not the questionnaire's (an old staff button). `bare`:
        the channel's commands come without "/" (WhatsApp), so SELESAI and BATAL end too.
        """
        lang = answering.language
        async with self.services.sessions() as session:
            found = await store.candidate(session, answering.alumnus_id, answering.survey_id)
        if found.status in CLOSED:
            # Finished, stopped or declined meanwhile in the alumnus's own chat: theirs to undo.
            return await self.end(chat_id, answering, "closed")
        if reply is None:
            return self.busy(answering)
        if not isinstance(reply, TextReply):
            return None
        text = reply.text.strip()
        slashed = text.startswith("/")
        word = text.lstrip("/").split("@")[0].strip().lower() if slashed or bare else ""
        if word in DONE_WORDS or word in CANCEL_WORDS:
            return await self.end(chat_id, answering, "done" if word in DONE_WORDS else "cancel")
        command = parse_command(text)
        if command is not None and command.kind in ALUMNUS_ONLY:
            return DeskReply(desk_text(lang, "phone_alumnus_only"))
        if slashed and command is None:
            return self.busy(answering)  # /belum, /start …: not while answering
        return None

    def busy(self, answering: Answering) -> DeskReply:
        lang = answering.language
        return DeskReply(
            desk_text(
                lang,
                "phone_busy",
                name=html.escape(answering.alumnus_name),
                done=word_for_end(DONE_WORDS, lang),
                cancel=word_for_end(CANCEL_WORDS, lang),
            )
        )

    async def after(self, chat_id: str, answering: Answering, turn: Turn) -> DeskReply | None:
        """After a turn typed by phone: the end of the questionnaire ends answering mode."""
        phase = turn.state.settled_phase
        if turn.duplicate or not (phase.is_final or phase is Phase.STOPPED):
            return None
        return await self.end(chat_id, answering, "finished")

    async def end(self, chat_id: str, answering: Answering, how: str) -> DeskReply:
        """Back to staff commands; what was answered stays with the response."""
        async with self.services.sessions() as session, session.begin():
            await store.end_answering(session, self.channel, chat_id)
            found = await store.candidate(session, answering.alumnus_id, answering.survey_id)
        lang = answering.language
        shown = found.status or "not_started"
        status = desk_text(lang, f"phone_status_{shown}" if shown in CLOSED else f"status_{shown}")
        return DeskReply(
            desk_text(
                lang,
                f"phone_{how}",
                name=html.escape(answering.alumnus_name),
                status=status,
                nisn=html.escape(found.alumnus.nisn),
                command=word_for(Action.PHONE, lang),
            )
        )


def choices(people: Sequence[MissingAlumnus], lang: str) -> tuple[tuple[str, str], ...]:
    """/belum's buttons: "📞 answered by phone" for each alumnus listed (label, command)."""
    word = word_for(Action.PHONE, lang)
    return tuple(
        (desk_text(lang, "missing_phone_button", name=person.name), f"{word} {person.nisn}")
        for person in people
        if person.status not in CLOSED
    )
