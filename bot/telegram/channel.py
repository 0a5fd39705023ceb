"""Telegram updates in, questionnaire turns through the runner, messages and buttons out."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.alumni import checkin, identity, linking
from bot.alumni.runner import Inbound, KeyedLocks, Outbound, Turn, retry_busy
from bot.services import Services
from bot.staff.phone import PhoneAnswers
from bot.telegram import buttons
from bot.telegram.errors import Outcome, classify, quietly
from bot.telegram.limits import TEXT_LIMIT
from bot.telegram.sender import inline_buttons
from bot.telegram.staff import CALLBACK_PREFIX as STAFF_CALLBACK
from bot.telegram.staff import TelegramStaff
from config.clock import utc_now
from conversations.commands import parse_command
from conversations.events import AnswerRecorded, Event, QuestionAsked
from conversations.inputs import ButtonPress, Reply, TextReply
from conversations.messages import t
from conversations.questionnaire import QuestionType
from conversations.render import render_text
from scheduler.compose import START_BUTTON
from storage.models import Alumnus
from storage.roster import repository as repo
from storage.staff.answering import Answering

log = logging.getLogger(__name__)
CHANNEL = "telegram"
IDENTITY_YES, IDENTITY_NO = "id|yes", "id|no"
SEND_TRIES = 4  # network errors are retried with backoff: 1, 2, 4 s
# A stored reply this old and still unsent was left by a process that stopped (or a Bot API that
# was down): younger ones may be on their way from a process still running.
UNSENT_AGE = timedelta(seconds=5)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Inbound], Awaitable[None]]
Rendered = list[tuple[str, InlineKeyboardMarkup | None]]


class _Sending(Protocol):
    """What sending needs of a handler's context: its bot."""

    @property
    def bot(self) -> Bot: ...


class _BotOnly:
    """What `_say` needs of a handler's context, for sending outside any update (at start)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot


class _Render:
    """A turn's messages rendered once, inside its transaction: stored, then sent as they are."""

    __slots__ = ("messages",)

    def __init__(self) -> None:
        self.messages: Rendered = []

    def __call__(self, turn: Turn) -> str:
        self.messages = _messages(turn)
        if not self.messages:
            return ""
        return json.dumps(
            [[text, markup.to_dict() if markup else None] for text, markup in self.messages]
        )


class Routes:
    """Which (survey, alumnus) a chat answers, for a minute: saves a lookup on every answer.

    A chat's link changes only through /start or the identity check, which forget it; the
    minute bounds how long a survey that just closed or opened goes unnoticed.
    """

    TTL = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._routes: dict[str, tuple[tuple[int, int], float]] = {}

    def get(self, chat_id: str) -> tuple[int, int] | None:
        found = self._routes.get(chat_id)
        if found is None or found[1] < self._clock():
            self._routes.pop(chat_id, None)
            return None
        return found[0]

    def put(self, chat_id: str, route: tuple[int, int]) -> tuple[int, int]:
        if len(self._routes) > 100_000:  # bounded: drop the lot rather than grow without end
            self._routes.clear()
        self._routes[chat_id] = (route, self._clock() + self.TTL)
        return route

    def forget(self, chat_id: str) -> None:
        self._routes.pop(chat_id, None)


class TelegramChannel:
    """Handlers for one bot; updates of one chat are handled one at a time, chats in parallel."""

    def __init__(
        self,
        services: Services,
        clock: Callable[[], datetime] = utc_now,
        staff: TelegramStaff | None = None,
    ) -> None:
        self.services = services
        self.clock = clock
        self.staff = staff
        # Staff chats answering an alumnus's survey by phone (bot/staff/phone.py).
        self.phone = PhoneAnswers(services, CHANNEL) if staff is not None else None
        self._chats = KeyedLocks()
        self._routes = Routes()

    def register(self, app: Application) -> None:
        """Route every kind of update; nothing an alumnus sends goes unanswered."""
        private = filters.ChatType.PRIVATE
        guarded = self._guarded
        app.add_error_handler(self.on_error)
        app.add_handler(CallbackQueryHandler(guarded(self.on_button)))
        app.add_handler(
            ChatMemberHandler(guarded(self.on_membership), ChatMemberHandler.MY_CHAT_MEMBER)
        )
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, guarded(self.on_edited)))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS, guarded(self.on_group)))
        app.add_handler(MessageHandler(private & filters.TEXT, guarded(self.on_text)))
        app.add_handler(MessageHandler(private, guarded(self.on_other)))

    def _guarded(
        self, handler: Handler
    ) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
        """The handler with its update's id to claim, tried again while the database is busy;
        if it still fails, the chat is asked to send the message again (never silence)."""

        async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            inbound = Inbound(CHANNEL, str(update.update_id))
            try:
                await retry_busy(lambda: handler(update, context, inbound), "telegram update")
            except TelegramError:
                # Telegram refused or could not be reached: asking to send again would repeat
                # an answer already kept (its reply is stored: the next start sends it).
                raise
            except Exception:
                await self._sorry(context, update)
                raise  # on to on_error, which logs it

        return run

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a failed update by its id and the error's class: never its text."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        cause = error.__cause__ if error is not None else None
        log.error(
            "telegram update %s failed: %s%s",
            update_id,
            type(error).__name__,
            f" ({type(cause).__name__})" if cause is not None else "",
        )

    async def _sorry(self, context: ContextTypes.DEFAULT_TYPE, update: Update) -> None:
        """Ask the sender to send the message again: it was not kept."""
        chat = update.effective_chat
        message = update.effective_message
        if chat is None or update.my_chat_member is not None:
            return
        if chat.type != chat.PRIVATE and not (message and (message.text or "").startswith("/")):
            return  # group chatter was never ours to answer
        try:
            await self._say(context, str(chat.id), t(_language(update), "try_again"))
        except Exception as exc:  # the network may be down too: on_error logs the first failure
            log.warning("telegram 'try again' not sent: %s", type(exc).__name__)

    async def _claim(self, inbound: Inbound) -> bool:
        """Record the update id before a path that is no turn; False: handled before."""
        return await self.services.runner.claim(inbound, self.clock())

    # --- handlers -----------------------------------------------------------------------------

    async def on_text(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        chat_id = str(message.chat_id)
        async with self._chats.hold(chat_id):
            text = message.text.strip()
            # A plain text is an answer, whose turn claims the id with its state (the hot
            # path); a command may go anywhere, so its id is claimed first.
            if text.startswith("/") and not await self._claim(inbound):
                return
            language = _language(update)
            words = text.split()
            if await self._by_phone(context, inbound, chat_id, language, text=text):
                return
            if self.staff is not None and await self.staff.private(context, update, text):
                await self._phone_opened(context, chat_id)
                return
            if words and words[0].split("@")[0].lower() == "/start":
                token = words[1] if len(words) > 1 else None
                user = str(update.effective_user.id) if update.effective_user else chat_id
                if token and self.staff and await self.staff.redeem(context, chat_id, user, token):
                    return
                await self._start(context, chat_id, token, language)
            elif text.startswith("/") and parse_command(text) is None:
                await self._say(context, chat_id, t(language, "tg_unknown_command"))
            elif not await self._checkin(context, chat_id, text=text, inbound=inbound):
                await self._reply(context, inbound, chat_id, TextReply(text), language)

    async def on_button(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        chat_id = str(message.chat_id if message else query.from_user.id)
        async with self._chats.hold(chat_id):
            await quietly(query.answer())  # stop the button's spinner whatever happens next
            language = _language(update)
            press = buttons.decode(query.data or "")
            if press is None and not await self._claim(inbound):
                return  # a questionnaire's button is claimed by its turn; any other here
            phoned = await self._by_phone(
                context, inbound, chat_id, language, press=press, pressed=message
            )
            if phoned:
                return
            if self.staff is not None and (query.data or "").startswith(STAFF_CALLBACK):
                await self.staff.button(context, update, query.data or "", message)
                await self._phone_opened(context, chat_id)
                return
            if query.data in (linking.CALLBACK_YES, linking.CALLBACK_NO):
                await self._linking_button(context, chat_id, language, query.data, message)
                return
            if query.data in (IDENTITY_YES, IDENTITY_NO):
                await self._identify(
                    context, chat_id, language, yes=query.data == IDENTITY_YES, pressed=message
                )
                return
            if query.data == START_BUTTON:  # the opening message's "Mulai survei"
                if message is not None:
                    await quietly(message.edit_reply_markup(reply_markup=None))
                await self._reply(context, inbound, chat_id, TextReply("lanjut"), language)
                return
            if query.data in checkin.BUTTON_CHOICES:
                if not await self._checkin(context, chat_id, button=query.data, pressed=message):
                    await self._say(context, chat_id, t(language, "stale_button"))
                return
            if press is None:
                await self._say(context, chat_id, t(language, "stale_button"))
                return
            await self._reply(context, inbound, chat_id, press, language, pressed=message)

    async def on_edited(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type == chat.PRIVATE and await self._claim(inbound):
            await self._say(context, str(chat.id), t(_language(update), "tg_edited_ignored"))

    async def on_group(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        message = update.effective_message
        # Only commands are ours (ordinary group chatter is not kept, not even its id).
        if message is None or not (message.text or "").startswith("/"):
            return
        if not await self._claim(inbound):
            return
        if self.staff is not None and await self.staff.group(context, update):
            return
        # Only a direct call in a group gets a word back; ordinary group chatter is not for us.
        if message is not None and message.text and message.text.startswith("/"):
            await self._say(
                context, str(message.chat_id), t(_language(update), "tg_group_not_supported")
            )

    async def on_other(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        chat = update.effective_chat
        if chat is not None and await self._claim(inbound):
            await self._say(context, str(chat.id), t(_language(update), "tg_media_not_supported"))

    async def on_membership(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        """Telegram says the alumnus blocked (or unblocked) the bot: stop (or resume) sending."""
        change = update.my_chat_member
        if change is None or change.chat.type != change.chat.PRIVATE:
            return
        if not await self._claim(inbound):  # an old "blocked" replayed after an unblock
            return
        blocked = change.new_chat_member.status == change.new_chat_member.BANNED
        chat_id = str(change.chat.id)
        sessions = self.services.sessions
        async with self._chats.hold(chat_id), sessions() as session, session.begin():
            known = await repo.find_identity(session, CHANNEL, chat_id)
            if known is not None:
                known.reachable = not blocked
                log.info("identity %s reachable: %s", known.id, not blocked)

    async def _checkin(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        *,
        text: str = "",
        button: str | None = None,
        inbound: Inbound | None = None,
        pressed: Message | None = None,
    ) -> bool:
        """An answer to the yearly check-in (bot/alumni/checkin.py); False: none is open."""
        if button is None and self._routes.get(chat_id) is not None:
            return False  # answering a survey: no check-in is open (the hot path saves a query)
        message_id = inbound.id if inbound is not None and not inbound.claimed else None
        reply = await checkin.answer(
            self.services.sessions,
            CHANNEL,
            chat_id,
            self.clock(),
            text=text,
            button=button,
            message_id=message_id,
        )
        if reply is None:
            return False
        if pressed is not None:
            await quietly(pressed.edit_reply_markup(reply_markup=None))
        if reply.text:
            await self._say(context, chat_id, reply.text, inline_buttons(reply.buttons))
        return True

    # --- who is writing -----------------------------------------------------------------------

    async def _start(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: str, token: str | None, language: str
    ) -> None:
        now = self.clock()
        self._routes.forget(chat_id)  # a new invitation may link this chat to someone else
        ask = identity.Outcome("tg_ask_nisn")
        welcome = ""  # a class link (k_<token>): its class's greeting, then as a plain /start
        async with self.services.sessions() as session, session.begin():
            if (class_token := linking.class_token(token)) is not None:
                welcome, token = await linking.class_welcome(session, class_token, language), None
            invited = (
                await identity.from_invitation(session, token, CHANNEL, chat_id, now)
                if token
                else None
            )
            known = await repo.find_identity(session, CHANNEL, chat_id)
            if invited is None and known is None:
                # Asked for the identifier below: the dialogue begins (again).
                await identity.keep(session, CHANNEL, chat_id, identity.Pending(), now)
                ask = await identity.asking(session)
        if invited is not None and invited.route is not None:
            await self._open(context, chat_id, invited.route[0], invited.route[1], language)
        elif invited is not None and invited.outcome is not None:
            await self._say(context, chat_id, invited.outcome.message(language))
        elif known is not None:
            await self._open_for(context, chat_id, known.alumnus_id, language)
        else:
            await self._say(
                context, chat_id, "\n\n".join(filter(None, [welcome, ask.message(language)]))
            )

    async def _identify(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        language: str,
        *,
        text: str = "",
        yes: bool | None = None,
        pressed: Message | None = None,
    ) -> None:
        """One step of "who are you?": a typed message, or a press of the yes/no buttons."""
        async with self.services.sessions() as session, session.begin():
            outcome = await identity.advance(
                session, CHANNEL, chat_id, self.clock(), text=text, yes=yes
            )
        if pressed is not None:
            await quietly(pressed.edit_reply_markup(reply_markup=None))
        if outcome.alumnus_id is not None:
            self._routes.forget(chat_id)
            await self._open_for(context, chat_id, outcome.alumnus_id, language)
            return
        markup = None
        if outcome.confirm_name is not None:
            markup = InlineKeyboardMarkup([[
                InlineKeyboardButton(t(language, "button_yes_short"), callback_data=IDENTITY_YES),
                InlineKeyboardButton(t(language, "button_no"), callback_data=IDENTITY_NO),
            ]])  # fmt: skip
        await self._say(context, chat_id, outcome.message(language), markup)

    async def _linking_button(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        language: str,
        data: str,
        pressed: Message | None,
    ) -> None:
        """Yes or no to a question asked once linked (consent, own number)."""
        async with self.services.sessions() as session:
            known = await repo.find_identity(session, CHANNEL, chat_id)
        if known is None:
            await self._say(context, chat_id, t(language, "stale_button"))
            return
        yes = data == linking.CALLBACK_YES
        await self._before_survey(
            context, chat_id, known.alumnus_id, language, yes=yes, pressed=pressed
        )

    async def _open_for(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: str, alumnus_id: int, language: str
    ) -> None:
        async with self.services.sessions() as session:
            alumnus = await session.get(Alumnus, alumnus_id)
            survey = await identity.pick_survey(session, alumnus, self.clock()) if alumnus else None
        if survey is None:
            await self._before_survey(context, chat_id, alumnus_id, language, first=True)
            return
        await self._open(context, chat_id, survey.id, alumnus_id, language)

    async def _before_survey(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        alumnus_id: int,
        language: str,
        *,
        first: bool = False,
        text: str = "",
        yes: bool | None = None,
        pressed: Message | None = None,
    ) -> None:
        """Linked, no survey open: the questions of bot/alumni/linking.py (grade XII)."""
        async with self.services.sessions() as session, session.begin():
            if first:
                said = await linking.begin(
                    session, CHANNEL, chat_id, alumnus_id, self.clock(), language
                )
            else:
                said = await linking.answer(
                    session, CHANNEL, chat_id, alumnus_id, self.clock(), language,
                    text=text, yes=yes,
                )  # fmt: skip
        if pressed is not None:  # answered: its buttons go
            await quietly(pressed.edit_reply_markup(reply_markup=None))
        if said is None:
            await self._say(context, chat_id, t(language, "tg_no_open_survey"))
            return
        markup = None
        if said.yes_no:
            markup = InlineKeyboardMarkup([[
                InlineKeyboardButton(t(language, "button_yes_short"),
                                     callback_data=linking.CALLBACK_YES),
                InlineKeyboardButton(t(language, "button_no"), callback_data=linking.CALLBACK_NO),
            ]])  # fmt: skip
        await self._say(context, chat_id, said.text, markup)

    async def _open(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: str,
        survey_id: int,
        alumnus_id: int,
        language: str,
    ) -> None:
        render = _Render()
        outbound = Outbound(CHANNEL, chat_id, render)
        turn = await self.services.runner.open(
            survey_id, alumnus_id, self.clock(), language, outbound=outbound
        )
        await self._send_all(context, chat_id, render.messages)
        self.services.runner.sent(turn.reply_id)

    # --- answering ----------------------------------------------------------------------------

    async def _reply(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        inbound: Inbound,
        chat_id: str,
        reply: Reply,
        language: str,
        pressed: Message | None = None,
        answering: Answering | None = None,
    ) -> None:
        now = self.clock()
        route = self._routes.get(chat_id)
        if answering is not None:  # a staff member typing what an alumnus said on the phone
            route = (answering.survey_id, answering.alumnus_id)
        if route is None:
            async with self.services.sessions() as session, session.begin():
                known = await repo.find_identity(session, CHANNEL, chat_id)
                if known is not None and not known.reachable:
                    known.reachable = True  # they wrote to us, so they unblocked the bot
                alumnus = await session.get(Alumnus, known.alumnus_id) if known else None
                survey = await identity.pick_survey(session, alumnus, now) if alumnus else None
            if (alumnus is None or survey is None) and not await self._claim(inbound):
                return  # no turn to claim it: claimed on its own, before anything is said
            if alumnus is None:
                if isinstance(reply, TextReply):
                    await self._identify(context, chat_id, language, text=reply.text)
                else:
                    async with self.services.sessions() as session:
                        ask = await identity.asking(session)
                    await self._say(context, chat_id, ask.message(language))
                return
            if survey is None:
                text = reply.text if isinstance(reply, TextReply) else ""
                await self._before_survey(context, chat_id, alumnus.id, language, text=text)
                return
            route = self._routes.put(chat_id, (survey.id, alumnus.id))
        render = _Render()
        turn = await self.services.runner.reply(
            route[0],
            route[1],
            reply,
            now,
            inbound.for_turn(),
            Outbound(CHANNEL, chat_id, render),
            answering.recorded_by if answering is not None else None,
        )
        if turn.duplicate:
            return
        if pressed is not None and isinstance(reply, ButtonPress):
            events = await self._update_pressed(turn, reply, pressed, list(turn.events))
            shown = Turn(turn.questionnaire, turn.state, tuple(events))
            await self._send_all(context, chat_id, _messages(shown))
        else:
            await self._send_all(context, chat_id, render.messages)
        self.services.runner.sent(turn.reply_id)
        if answering is not None and self.phone is not None and self.staff is not None:
            note = await self.phone.after(chat_id, answering, turn)
            if note is not None:
                await self.staff.send(context, chat_id, [note])

    # --- answers given by phone (bot/staff/phone.py) --------------------------------------------

    async def _by_phone(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        inbound: Inbound,
        chat_id: str,
        language: str,
        *,
        text: str | None = None,
        press: ButtonPress | None = None,
        pressed: Message | None = None,
    ) -> bool:
        """A staff chat answering for an alumnus: the message is the alumnus's answer, ends the
        mode, or is refused; False when the chat is not answering (the usual path)."""
        if self.phone is None or self.staff is None or self._routes.get(chat_id) is not None:
            return False  # a chat known as an alumnus's (the hot path) answers for itself
        answering = await self.phone.current(chat_id)
        if answering is None:
            return False
        reply: Reply | None = TextReply(text) if text is not None else press
        note = await self.phone.intercept(chat_id, answering, reply)
        if note is not None:
            if await self._claim(inbound):
                await self.staff.send(context, chat_id, [note])
        elif reply is not None:
            await self._reply(context, inbound, chat_id, reply, language, pressed, answering)
        return True

    async def _phone_opened(self, context: ContextTypes.DEFAULT_TYPE, chat_id: str) -> None:
        """A staff command may have just started answering by phone: show where the alumnus is."""
        if self.phone is None:
            return
        answering = await self.phone.current(chat_id)
        if answering is not None:
            survey, alumnus = answering.survey_id, answering.alumnus_id
            await self._open(context, chat_id, survey, alumnus, answering.language)

    async def _update_pressed(
        self, turn: Turn, press: ButtonPress, pressed: Message, events: list[Event]
    ) -> list[Event]:
        """Show a tap on the message it was made on: new ticks, or the answer without buttons."""
        first = events[0] if len(events) == 1 else None
        if (
            isinstance(first, QuestionAsked)
            and first.question.code == press.question
            and first.question.type is QuestionType.MULTIPLE_CHOICE
            and first.awaiting_other is None
        ):
            # A tick in a multiple choice: redraw the ticks in place instead of asking again.
            markup = buttons.keyboard(turn.questionnaire, first)
            await quietly(pressed.edit_reply_markup(reply_markup=markup))
            return []
        recorded = next(
            (e for e in events if isinstance(e, AnswerRecorded) and e.code == press.question), None
        )
        if recorded is not None:
            shown = recorded.display or recorded.raw
            text = f"{pressed.text or ''}\n\n✓ {shown}"[:TEXT_LIMIT]
            await quietly(pressed.edit_text(text, reply_markup=None))
            return [e for e in events if e is not recorded]
        # Anything else (consent, submit, a stale tap): the old buttons go; what comes next
        # brings its own.
        await quietly(pressed.edit_reply_markup(reply_markup=None))
        return events

    # --- sending ------------------------------------------------------------------------------

    async def _send_all(self, context: _Sending, chat_id: str, messages: Rendered) -> None:
        for text, markup in messages:
            await self._say(context, chat_id, text, markup)

    async def send_unsent(self, bot: Bot) -> int:
        """Send the replies a stopped process stored and never sent; how many went."""
        runner = self.services.runner
        context = _BotOnly(bot)
        sent = 0
        for reply_id, channel, chat_id, payload in await runner.unsent(self.clock() - UNSENT_AGE):
            if channel != CHANNEL:
                continue
            messages = [
                (text, InlineKeyboardMarkup.de_json(markup, bot) if markup else None)
                for text, markup in json.loads(payload)
            ]
            try:
                await self._send_all(context, chat_id, messages)
            except TelegramError:
                log.warning("stored replies not sent: Telegram unreachable; the next start tries")
                break
            runner.sent(reply_id)
            sent += 1
        if sent:
            log.info("%d stored replies sent", sent)
        return sent

    async def _say(
        self,
        context: _Sending,
        chat_id: str,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Send plain text: no parse mode, so whatever an alumnus typed shows as typed."""
        parts = _split(text)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if not await self._send(context, chat_id, part, markup if last else None):
                return

    async def _send(
        self,
        context: _Sending,
        chat_id: str,
        text: str,
        markup: InlineKeyboardMarkup | None,
    ) -> bool:
        delay = 1.0
        for attempt in range(1, SEND_TRIES + 1):
            try:
                await context.bot.send_message(int(chat_id), text, reply_markup=markup)
                return True
            except TelegramError as exc:
                error = classify(exc)
                match error.outcome:
                    case Outcome.BLOCKED:
                        await self._unreachable(chat_id)
                        return False
                    case Outcome.RETRY_AFTER:  # the rate limiter's retries are spent: wait
                        await asyncio.sleep(error.retry_after or 1.0)
                    case Outcome.BAD_REQUEST:
                        log.warning("chat message refused by Telegram: %s", error.reason)
                        return False
                    case Outcome.NETWORK:
                        if attempt == SEND_TRIES:
                            raise
                        await asyncio.sleep(delay)
                        delay *= 2
        return False

    async def _unreachable(self, chat_id: str) -> None:
        """The alumnus blocked the bot or the chat is gone: remember it so nobody keeps sending."""
        async with self.services.sessions() as session, session.begin():
            known = await repo.find_identity(session, CHANNEL, chat_id)
            if known is not None:
                await repo.mark_unreachable(session, known)
                log.info("identity %s blocked the bot", known.id)


def _messages(turn: Turn) -> Rendered:
    """A turn's events as messages: texts gathered into few, buttons on the last of each run."""
    language = turn.state.language
    messages: Rendered = []
    texts: list[str] = []
    for event in turn.events:
        text = render_text(turn.questionnaire, event, language)
        markup = buttons.keyboard(turn.questionnaire, event)
        if text:
            texts.append(text)
        if markup is not None:
            messages.append(("\n\n".join(texts), markup))
            texts = []
    if texts:
        messages.append(("\n\n".join(texts), None))
    return messages


def _language(update: Update) -> str:
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "en" if code.startswith("en") else "id"


def _split(text: str) -> list[str]:
    """Pieces of at most TEXT_LIMIT characters, cut at paragraph or line breaks where possible."""
    if not text:
        return []
    parts: list[str] = []
    while len(text) > TEXT_LIMIT:
        cut = text.rfind("\n\n", 0, TEXT_LIMIT)
        if cut <= 0:
            cut = text.rfind("\n", 0, TEXT_LIMIT)
        if cut <= 0:
            cut = TEXT_LIMIT
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return [*parts, text] if text else parts
