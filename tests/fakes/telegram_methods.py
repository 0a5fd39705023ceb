"""The Bot API methods the fake implements, with Telegram's checks and error answers.

Every method takes the decoded :class:`~fakes.telegram_objects.Params` and the uploaded files
and returns the ``result``, or raises :class:`~fakes.telegram_objects.ApiError`. Sending and
editing (sendMessage, sendDocument, sendPhoto, editMessageText, editMessageReplyMarkup,
editMessageCaption) count towards the flood limits; nothing else does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from .telegram_format import (
    check_caption,
    check_commands,
    check_message_text,
    check_reply_markup,
    check_scope,
)
from .telegram_objects import (
    JSON,
    ApiError,
    CallbackAnswer,
    ChatAction,
    Edit,
    Params,
    SentDocument,
    SentMessage,
    UploadedFile,
    bad_request,
    file_json,
    now_ts,
)
from .telegram_state import (
    DEFAULT_ALLOWED_UPDATES,
    ChatState,
    FakeState,
    PendingUpdate,
    StoredFile,
    WebhookConfig,
)

Handler = Callable[[Params, list[UploadedFile]], Coroutine[Any, Any, Any]]

CALLBACK_QUERY_TTL = 15.0  # seconds Telegram waits for answerCallbackQuery
_CHAT_ACTIONS = frozenset(
    {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
     "upload_document", "choose_sticker", "find_location", "record_video_note",
     "upload_video_note"}
)  # fmt: skip
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class BotApiMethods(FakeState):
    """The implemented methods; :meth:`_method_table` maps lower-case names to them."""

    def _method_table(self) -> dict[str, Handler]:
        """Method names (lower case: Telegram ignores their case) to implementations."""
        return {
            "getme": self._get_me,
            "logout": self._true,
            "close": self._true,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
            "getfile": self._get_file,
        }

    # ----------------------------------------------------------------------------------------
    # Messages

    def _new_message(
        self,
        state: ChatState,
        kind: str,
        text: str | None,
        params: Params,
        markup: JSON | None,
        plain: str | None,
    ) -> SentMessage:
        message_id = state.next_message_id
        state.next_message_id += 1
        sent = SentMessage(
            chat_id=int(state.chat["id"]),
            message_id=message_id,
            date=now_ts(),
            kind=kind,
            text=text,
            parse_mode=params.string("parse_mode"),
            reply_markup=markup,
            params=params.loggable(),
            plain_text=plain,
        )
        state.sent[message_id] = sent
        return sent

    def _check_reply_to(self, state: ChatState, params: Params) -> None:
        reply = params.json_value("reply_parameters") or {}
        target = reply.get("message_id") if isinstance(reply, dict) else None
        target = target if target is not None else params.integer("reply_to_message_id")
        if target is None or reply.get("allow_sending_without_reply"):
            return
        if int(target) not in state.sent and int(target) not in state.user_messages:
            raise bad_request("message to be replied not found")

    def _markup(self, params: Params) -> JSON | None:
        return check_reply_markup(
            params.json_value("reply_markup", "reply keyboard markup JSON object")
        )

    async def _send_message(self, params: Params, files: list[UploadedFile]) -> JSON:
        state = self._reachable(params)
        text = params.string("text")
        plain = check_message_text(text, params.string("parse_mode"))
        markup = self._markup(params)
        self._check_reply_to(state, params)
        self._flood(state)
        sent = self._new_message(state, "text", text, params, markup, plain)
        buttons = f" {sent.button_texts}" if sent.button_texts else ""
        self._note(sent.chat_id, "bot", "text", f"{plain}{buttons}", sent.message_id)
        return self._message_json(sent)

    async def _send_file(self, params: Params, files: list[UploadedFile], kind: str) -> JSON:
        state = self._reachable(params)
        caption = params.string("caption")
        plain = check_caption(caption, params.string("parse_mode"))
        markup = self._markup(params)
        reference = params.string(kind)
        part = next((f for f in files if f.field == kind), None)
        if reference and reference.startswith("attach://"):
            part = next((f for f in files if f.field == reference[len("attach://") :]), None)
        stored: StoredFile | None = None
        if part is None:
            if not reference:
                raise bad_request(f"there is no {kind} in the request")
            stored = self._files.get(reference)
            if stored is None and not re.match(r"https?://", reference):
                raise bad_request("wrong file identifier/HTTP URL specified")
        self._flood(state)
        content = part.content if part else (stored.content if stored else None)
        filename = part.filename if part else reference
        file_id, _ = self._store_file(content, f"{kind}s/{filename or 'file'}")
        sent = self._new_message(state, kind, caption, params, markup, plain)
        sent.document = SentDocument(
            chat_id=sent.chat_id,
            message_id=sent.message_id,
            method="sendPhoto" if kind == "photo" else "sendDocument",
            filename=filename,
            content=content,
            content_type=part.content_type if part else None,
            caption=caption,
            file_id=file_id,
            time=self._clock(),
        )
        self._documents.append(sent.document)
        self._note(sent.chat_id, "bot", kind, f"{filename} {plain or ''}".strip(), sent.message_id)
        return self._message_json(sent)

    async def _send_document(self, params: Params, files: list[UploadedFile]) -> JSON:
        return await self._send_file(params, files, "document")

    async def _send_photo(self, params: Params, files: list[UploadedFile]) -> JSON:
        return await self._send_file(params, files, "photo")

    def _bot_message(self, params: Params, missing: str) -> SentMessage:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        state = self._reachable(params)
        message_id = params.require_int("message_id", "message identifier is not specified")
        sent = state.sent.get(message_id)
        if sent is None and message_id in state.user_messages:
            raise bad_request("message can't be edited")
        if sent is None or sent.deleted:
            raise bad_request(missing)
        return sent

    def _apply_edit(
        self,
        sent: SentMessage,
        method: str,
        text: str | None,
        plain: str | None,
        parse_mode: str | None,
        markup: JSON | None,
    ) -> JSON:
        if text == sent.text and plain == sent.plain_text and markup == sent.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        self._flood(self._chats[sent.chat_id])
        sent.text = text
        sent.plain_text = plain
        sent.parse_mode = parse_mode
        sent.reply_markup = markup
        sent.edits.append(Edit(method, text, parse_mode, markup, self._clock(), now_ts()))
        buttons = f" {sent.button_texts}" if sent.button_texts else ""
        self._note(sent.chat_id, "bot", "edit", f"{plain}{buttons}", sent.message_id)
        return self._message_json(sent)

    async def _edit_message_text(self, params: Params, files: list[UploadedFile]) -> JSON:
        sent = self._bot_message(params, "message to edit not found")
        if sent.kind != "text":
            raise bad_request("there is no text in the message to edit")
        text, parse_mode = params.string("text"), params.string("parse_mode")
        plain = check_message_text(text, parse_mode)
        return self._apply_edit(
            sent, "editMessageText", text, plain, parse_mode, self._markup(params)
        )

    async def _edit_message_caption(self, params: Params, files: list[UploadedFile]) -> JSON:
        sent = self._bot_message(params, "message to edit not found")
        if sent.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        caption, parse_mode = params.string("caption"), params.string("parse_mode")
        plain = check_caption(caption, parse_mode)
        return self._apply_edit(
            sent, "editMessageCaption", caption, plain, parse_mode, self._markup(params)
        )

    async def _edit_message_reply_markup(self, params: Params, files: list[UploadedFile]) -> JSON:
        sent = self._bot_message(params, "message to edit not found")
        return self._apply_edit(
            sent,
            "editMessageReplyMarkup",
            sent.text,
            sent.plain_text,
            sent.parse_mode,
            self._markup(params),
        )

    async def _delete_message(self, params: Params, files: list[UploadedFile]) -> bool:
        state = self._chat(params)
        message_id = params.require_int("message_id", "message identifier is not specified")
        sent = state.sent.get(message_id)
        if sent is not None and not sent.deleted:
            sent.deleted = True
        elif message_id in state.user_messages:
            del state.user_messages[message_id]
        else:
            raise bad_request("message to delete not found")
        self._note(int(state.chat["id"]), "bot", "delete", "deleted", message_id)
        return True

    # ----------------------------------------------------------------------------------------
    # Other methods

    async def _true(self, params: Params, files: list[UploadedFile]) -> bool:
        return True

    async def _get_me(self, params: Params, files: list[UploadedFile]) -> JSON:
        return self.bot_user

    async def _answer_callback_query(self, params: Params, files: list[UploadedFile]) -> bool:
        query_id = params.string("callback_query_id") or ""
        query = self._queries.get(query_id)
        if query is None or query.answered or self._clock() - query.created > CALLBACK_QUERY_TTL:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.string("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        answer = CallbackAnswer(
            callback_query_id=query_id,
            text=text,
            show_alert=params.flag("show_alert"),
            url=params.string("url"),
            cache_time=params.integer("cache_time"),
            chat_id=query.chat_id,
            message_id=query.message_id,
            data=query.data,
            time=self._clock(),
        )
        self._callback_answers.append(answer)
        shown = f"{'alert' if answer.show_alert else 'toast'}: {text}" if text else "(silent)"
        self._note(query.chat_id, "bot", "answer", shown, query.message_id)
        return True

    def _command_key(self, params: Params) -> tuple[str, str]:
        scope = check_scope(params.json_value("scope", "BotCommandScope"))
        language = params.string("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("LANG_CODE_INVALID")
        return json.dumps(scope, sort_keys=True), language

    async def _set_my_commands(self, params: Params, files: list[UploadedFile]) -> bool:
        commands = check_commands(params.json_value("commands", "commands JSON object"))
        self._commands[self._command_key(params)] = commands
        return True

    async def _get_my_commands(self, params: Params, files: list[UploadedFile]) -> list[JSON]:
        return list(self._commands.get(self._command_key(params), []))

    async def _delete_my_commands(self, params: Params, files: list[UploadedFile]) -> bool:
        self._commands.pop(self._command_key(params), None)
        return True

    async def _send_chat_action(self, params: Params, files: list[UploadedFile]) -> bool:
        state = self._reachable(params)
        action = params.string("action") or ""
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._chat_actions.append(ChatAction(int(state.chat["id"]), action, self._clock()))
        return True

    async def _get_file(self, params: Params, files: list[UploadedFile]) -> JSON:
        stored = self._files.get(params.string("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        size = len(stored.content or b"")
        return file_json(stored.file_id, stored.unique_id, size, file_path=stored.file_path)

    # ----------------------------------------------------------------------------------------
    # Updates: long polling and the webhook settings

    def _set_allowed(self, params: Params) -> None:
        allowed = params.json_value("allowed_updates", "allowed_updates JSON array")
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed_updates JSON array")
        self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_ALLOWED_UPDATES

    def _available(self, limit: int) -> list[PendingUpdate]:
        return sorted(self._pending, key=lambda p: p.update_id)[:limit]

    async def _get_updates(self, params: Params, files: list[UploadedFile]) -> list[JSON]:
        if self._webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        offset = params.integer("offset")
        limit = min(100, max(1, params.integer("limit", 100) or 100))
        timeout = min(self._max_poll_timeout, max(0.0, params.number("timeout", 0.0) or 0.0))
        self._set_allowed(params)
        if offset is not None and offset < 0:
            self._pending = sorted(self._pending, key=lambda p: p.update_id)[offset:]
        elif offset is not None:  # confirm what came before; a redelivery still goes out once
            kept = (p for p in self._pending if p.update_id >= offset or p.redelivery)
            self._pending = [p for p in kept if p.update_id >= offset or not p.delivered]
        self._poll_generation += 1
        generation = self._poll_generation
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise ApiError(409, _CONFLICT_POLL)
            if self._webhook is not None:
                raise ApiError(409, _CONFLICT_WEBHOOK)
            batch = self._available(limit)
            if batch:
                for pending in batch:
                    pending.delivered = True
                self._last_activity = loop.time()  # the bot has work now
                return [pending.update for pending in batch]
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _set_webhook(self, params: Params, files: list[UploadedFile]) -> bool:
        url = params.string("url") or ""
        if not url:
            return await self._delete_webhook(params, files)
        if not re.match(r"https?://[^/\s]+", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.string("secret_token")
        if secret is not None and not _SECRET_RE.fullmatch(secret):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        self._set_allowed(params)
        if params.flag("drop_pending_updates"):
            self._pending.clear()
        self._webhook = WebhookConfig(url, secret, params.integer("max_connections", 40) or 40)
        self._notify()
        return True

    async def _delete_webhook(self, params: Params, files: list[UploadedFile]) -> bool:
        if params.flag("drop_pending_updates"):
            self._pending.clear()
        self._webhook = None
        self._notify()
        return True

    async def _get_webhook_info(self, params: Params, files: list[UploadedFile]) -> JSON:
        hook = self._webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if hook:
            info["max_connections"] = hook.max_connections
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates != DEFAULT_ALLOWED_UPDATES:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if hook.last_error_date:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info
