"""Staff commands on Telegram: /statistik, /belum, /laporan … in a staff member's chat or a
staff group.

In a group, a reply that holds names or a file goes to the asker's private chat instead (the
desk marks it), and the group reads one line saying so. A chart goes as a photo, its text as the
caption when it fits.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.staff.desk import StaffDesk
from bot.staff.types import COMMANDS, HELP_WORDS, Caller, DeskReply
from bot.telegram.errors import Outcome, classify, quietly
from bot.telegram.limits import CAPTION_LIMIT, TEXT_LIMIT
from config.desk_messages import desk_text

log = logging.getLogger(__name__)

CHANNEL = "telegram"
CALLBACK_PREFIX = "staff|"
MENU = {
    "id": (
        "statistik",
        "laporan",
        "belum",
        "kirimulang",
        "telepon",
        "pengingat",
        "ekspor",
        "tautan",
    ),
    "en": ("stats", "report", "missing", "resend", "phone", "remind", "export", "classlink"),
}


def command_word(text: str) -> tuple[str, list[str]] | None:
    """("belum", ["XII", "A"]) for "/belum@jejak_bot XII A"; None for anything not a command."""
    words = text.strip().split()
    if not words or not words[0].startswith("/"):
        return None
    return words[0][1:].split("@")[0].lower(), words[1:]


class TelegramStaff:
    """Answers staff commands through a StaffDesk; alumni never reach this."""

    def __init__(self, desk: StaffDesk) -> None:
        self.desk = desk

    async def redeem(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: str, user_id: str, token: str
    ) -> bool:
        """A staff link opened with /start TOKEN; False when the token is no staff link."""
        caller = Caller(CHANNEL, user_id, chat_id, in_group=False)
        reply = await self.desk.redeem(caller, token)
        if reply is None:
            return False
        await self.send(context, chat_id, [reply])
        member = await self.desk.member(caller)
        lang = member.language if member is not None else "id"
        menu = [
            BotCommand(word, desk_text(lang, f"menu_{english}"))
            for word, english in zip(MENU[lang], MENU["en"], strict=True)
        ]
        try:
            await context.bot.set_my_commands(menu, scope=BotCommandScopeChat(int(chat_id)))
        except (BadRequest, NetworkError):
            log.warning("staff menu not set")
        return True

    async def private(self, context: ContextTypes.DEFAULT_TYPE, update: Update, text: str) -> bool:
        """A command in a private chat, if it is a staff command (or help from staff)."""
        parsed = command_word(text)
        if parsed is None or update.effective_user is None:
            return False
        word, args = parsed
        chat = update.effective_chat
        assert chat is not None
        caller = Caller(CHANNEL, str(update.effective_user.id), str(chat.id), False)
        if word in HELP_WORDS and await self.desk.member(caller) is None:
            return False  # an alumnus asking for help: the questionnaire's help
        if word not in COMMANDS and word not in HELP_WORDS:
            return False
        await self.answer(context, caller, await self.desk.handle(caller, word, args))
        return True

    async def group(self, context: ContextTypes.DEFAULT_TYPE, update: Update) -> bool:
        """A command in a group: staff commands run with the sender's own scope."""
        message = update.effective_message
        if message is None or not message.text or update.effective_user is None:
            return False
        parsed = command_word(message.text)
        if parsed is None or parsed[0] not in COMMANDS:
            return False
        caller = Caller(CHANNEL, str(update.effective_user.id), str(message.chat_id), True)
        await self.answer(context, caller, await self.desk.handle(caller, *parsed))
        return True

    async def button(
        self, context: ContextTypes.DEFAULT_TYPE, update: Update, data: str, pressed: Message | None
    ) -> None:
        """A confirm button from a staff reply: run the command it carries."""
        query = update.callback_query
        assert query is not None
        chat_id = str(pressed.chat_id if pressed else query.from_user.id)
        in_group = pressed is not None and pressed.chat.type != pressed.chat.PRIVATE
        if pressed is not None:
            await quietly(pressed.edit_reply_markup(reply_markup=None))
        words = data[len(CALLBACK_PREFIX) :].split()
        if not words:
            return
        caller = Caller(CHANNEL, str(query.from_user.id), chat_id, in_group)
        await self.answer(context, caller, await self.desk.handle(caller, words[0], words[1:]))

    async def answer(
        self, context: ContextTypes.DEFAULT_TYPE, caller: Caller, replies: list[DeskReply]
    ) -> None:
        """Replies where they belong: names and files asked for in a group go to the asker's
        private chat (a Telegram user's private chat has their user id), the group reads a line."""
        personal = [r for r in replies if r.to_person and caller.in_group]
        here = [r for r in replies if not (r.to_person and caller.in_group)]
        if caller.in_group:  # a group's members cannot act for one alumnus
            here = [replace(r, choices=()) for r in here]
        await self.send(context, caller.chat_id, here)
        if not personal:
            return
        sent = await self.send(context, caller.user_id, personal)
        member = await self.desk.member(caller)
        lang = member.language if member is not None else "id"
        notice = desk_text(lang, "sent_to_person" if sent else "open_private_chat")
        await self.send(context, caller.chat_id, [DeskReply(notice)])

    async def send(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: str, replies: list[DeskReply]
    ) -> bool:
        """Desk replies as HTML messages, files as documents, charts as photos (the text their
        caption when it fits, else a message after), confirmations with a button.

        False when one did not arrive (the chat blocked the bot, or Telegram refused it).
        """
        for reply in replies:
            markup = None
            buttons = [reply.confirm] if reply.confirm is not None else []
            rows = [
                [InlineKeyboardButton(label, callback_data=CALLBACK_PREFIX + command)]
                for label, command in [*buttons, *reply.choices]
                if len((CALLBACK_PREFIX + command).encode()) <= 64  # else the text says
            ]
            if rows:
                markup = InlineKeyboardMarkup(rows)
            try:
                if reply.photo is not None:
                    fits = len(reply.text) <= CAPTION_LIMIT
                    await context.bot.send_photo(
                        int(chat_id),
                        photo=reply.photo,
                        caption=reply.text if fits else None,
                        parse_mode=ParseMode.HTML if fits else None,
                    )
                    if not fits:
                        await context.bot.send_message(
                            int(chat_id), reply.text[:TEXT_LIMIT], parse_mode=ParseMode.HTML
                        )
                elif reply.document is not None:
                    name, content = reply.document
                    await context.bot.send_document(
                        int(chat_id),
                        document=content,
                        filename=name,
                        caption=reply.text[:CAPTION_LIMIT],
                        parse_mode=ParseMode.HTML,
                    )
                else:
                    await context.bot.send_message(
                        int(chat_id),
                        reply.text[:TEXT_LIMIT],
                        parse_mode=ParseMode.HTML,
                        reply_markup=markup,
                    )
            except TelegramError as exc:
                error = classify(exc)
                if error.outcome is Outcome.BLOCKED:
                    log.info("staff chat unreachable: %s", error.reason)
                    return False
                if error.outcome is Outcome.BAD_REQUEST:
                    log.warning("staff reply refused by Telegram: %s", error.reason)
                    return False
                raise  # unreachable or flooded: the update fails, and on_error logs it
        return True
