"""Simulated users: what alumni do in Telegram, turned into the updates Telegram would send."""

from __future__ import annotations

import json

from .telegram_objects import (
    JSON,
    chat_member_json,
    file_json,
    group_chat_json,
    now_ts,
    private_chat_json,
    user_json,
)
from .telegram_state import ChatState, FakeState, PendingQuery, PendingUpdate, command_entities


class SimulatedUsers(FakeState):
    """Users and groups acting in Telegram; each action becomes an update for the bot.

    Actions return the new update's id (``user_press`` returns the callback query id). They
    work before :meth:`start` too: the updates then wait for the bot.
    """

    async def user_text(
        self,
        chat_id: int,
        text: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> int:
        """The user of private chat ``chat_id`` sends ``text``; returns the update_id.

        The first message of a user fixes the profile (defaults: Ayu, "id"); later calls keep it
        unless given. A ``/command`` in the text gets its bot_command entity, as clients send it.
        """
        content: JSON = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        kind = "command" if text.startswith("/") else "text"
        return self._user_message(
            chat_id, kind, text, content, first_name, last_name, username, language_code
        )

    async def user_command(
        self,
        chat_id: int,
        command: str,
        args: str | list[str] | None = None,
        **user: str | None,
    ) -> int:
        """The user sends ``/command args`` (``/start TOKEN`` is a deep link); returns update_id."""
        text = command if command.startswith("/") else f"/{command}"
        if args:
            text += " " + (args if isinstance(args, str) else " ".join(args))
        return await self.user_text(chat_id, text, **user)

    async def user_press(
        self,
        chat_id: int,
        message_id: int,
        callback_data: str,
        *,
        user_id: int | None = None,
        check: bool = True,
        **user: str | None,
    ) -> str:
        """The user presses an inline button of message ``message_id``; returns the query id.

        With ``check`` the message must be the bot's, not deleted, and carry a button with that
        callback_data (a ValueError says what is there). ``user_id`` is required in groups.
        """
        state = self._chats.get(chat_id)
        sent = state.sent.get(message_id) if state else None
        if check:
            if sent is None or sent.deleted:
                raise ValueError(f"no live bot message {message_id} in chat {chat_id} to press")
            if callback_data not in sent.callback_data:
                raise ValueError(
                    f"message {message_id} has no button with callback_data {callback_data!r}; "
                    f"it has {sent.callback_data}"
                )
        presser = self._person(chat_id, user_id, **user)
        chat = self._state(chat_id).chat
        message = (
            self._message_json(sent)
            if sent is not None and not sent.deleted
            else {"message_id": message_id, "chat": chat, "date": 0}
        )
        self._next_query += 1
        query_id = str(4_300_000_000_000_000 + self._next_query)
        self._queries[query_id] = PendingQuery(chat_id, message_id, callback_data, self._clock())
        buttons = [b for row in (sent.inline_keyboard if sent else []) for b in row]
        label = next(
            (b.get("text") for b in buttons if b.get("callback_data") == callback_data), None
        )
        self._note(chat_id, "user", "press", f"{label!r} → {callback_data!r}", message_id)
        self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": presser,
                "message": message,
                "chat_instance": str(abs(chat_id) * 7919 % 10**15),
                "data": callback_data,
            },
        )
        return query_id

    async def user_edit(self, chat_id: int, message_id: int, new_text: str) -> int:
        """The user edits an earlier text message (an ``edited_message`` update)."""
        state = self._state(chat_id)
        original = state.user_messages.get(message_id)
        if original is None or "text" not in original:
            raise ValueError(f"chat {chat_id} has no user text message {message_id}")
        edited = {**original, "text": new_text, "edit_date": now_ts()}
        entities = command_entities(new_text)
        edited.pop("entities", None)
        if entities:
            edited["entities"] = entities
        state.user_messages[message_id] = edited
        self._note(chat_id, "user", "edit", new_text, message_id)
        return self._enqueue("edited_message", edited)

    async def user_sticker(self, chat_id: int, *, emoji: str = "👍", **user: str | None) -> int:
        """The user sends a sticker."""
        file_id, unique = self._store_file(b"RIFF-fake-webp", "stickers/sticker.webp")
        sticker = file_json(
            file_id,
            unique,
            14,
            width=512,
            height=512,
            emoji=emoji,
            type="regular",
            is_animated=False,
            is_video=False,
        )
        return self._user_message(chat_id, "sticker", emoji, {"sticker": sticker}, **user)

    async def user_photo(
        self,
        chat_id: int,
        *,
        caption: str | None = None,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        **user: str | None,
    ) -> int:
        """The user sends a photo (two sizes, as Telegram does); getFile serves ``content``."""
        file_id, unique = self._store_file(content, "photos/file_0.jpg")
        small_id, small_unique = self._store_file(content, "photos/file_0_s.jpg")
        sizes = [
            file_json(small_id, small_unique, len(content), width=90, height=90),
            file_json(file_id, unique, len(content), width=800, height=800),
        ]
        body: JSON = {"photo": sizes}
        if caption:
            body["caption"] = caption
        return self._user_message(chat_id, "photo", caption or "", body, **user)

    async def user_voice(
        self, chat_id: int, *, duration: int = 3, content: bytes = b"OggS-fake", **user: str | None
    ) -> int:
        """The user sends a voice note."""
        file_id, unique = self._store_file(content, "voice/file_0.oga")
        voice = file_json(file_id, unique, len(content), duration=duration, mime_type="audio/ogg")
        return self._user_message(chat_id, "voice", f"{duration}s", {"voice": voice}, **user)

    async def user_location(
        self,
        chat_id: int,
        latitude: float = -6.2,
        longitude: float = 106.816666,
        **user: str | None,
    ) -> int:
        """The user shares a location (default: Jakarta)."""
        body = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._user_message(chat_id, "location", f"{latitude},{longitude}", body, **user)

    async def user_document(
        self,
        chat_id: int,
        *,
        filename: str = "ijazah.pdf",
        content: bytes = b"%PDF-1.4 fake",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        **user: str | None,
    ) -> int:
        """The user sends a file; getFile and the file URL serve ``content``."""
        file_id, unique = self._store_file(content, f"documents/{filename}")
        document = file_json(file_id, unique, len(content), file_name=filename, mime_type=mime_type)
        body: JSON = {"document": document}
        if caption:
            body["caption"] = caption
        return self._user_message(chat_id, "document", filename, body, **user)

    async def user_contact(
        self, chat_id: int, phone_number: str = "+6281234567890", **user: str | None
    ) -> int:
        """The user shares their own contact (a request_contact keyboard button)."""
        person = self._person(chat_id, None, **user)
        contact = {
            "phone_number": phone_number,
            "first_name": person["first_name"],
            "user_id": person["id"],
        }
        return self._user_message(chat_id, "contact", phone_number, {"contact": contact}, **user)

    async def group_text(
        self,
        group_id: int,
        user_id: int,
        text: str,
        *,
        first_name: str = "Budi",
        title: str = "Alumni",
        language_code: str = "id",
    ) -> int:
        """Member ``user_id`` writes ``text`` in group ``group_id`` (< 0); returns the update_id."""
        if group_id >= 0:
            raise ValueError("group chat ids are negative")
        state = self._chats.get(group_id)
        if state is None:
            state = self._chats[group_id] = ChatState(group_chat_json(group_id, title))
        self._users.setdefault(user_id, user_json(user_id, first_name, language_code=language_code))
        content: JSON = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._post_user_message(group_id, self._users[user_id], "text", text, content)

    async def redeliver(self, update_id: int) -> None:
        """Deliver an update again, as Telegram does when the bot did not confirm it in time."""
        update = self._updates.get(update_id)
        if update is None:
            raise ValueError(f"no update {update_id}")
        self._pending.append(PendingUpdate(json.loads(json.dumps(update)), redelivery=True))
        self._notify()

    async def block(self, chat_id: int, *, notify: bool = True) -> int | None:
        """The user blocks the bot (or the group removes it): sends then get 403.

        With ``notify`` a ``my_chat_member`` update tells the bot, as Telegram does; its
        update_id is returned.
        """
        state = self._state(chat_id)
        state.blocked = True
        self._note(chat_id, "user", "block", "blocked the bot", None)
        return self._member_update(chat_id, "member", "kicked") if notify else None

    async def unblock(self, chat_id: int, *, notify: bool = True) -> int | None:
        """The user unblocks the bot (also done by any user action in a blocked chat)."""
        state = self._state(chat_id)
        if not state.blocked:
            return None
        state.blocked = False
        self._note(chat_id, "user", "unblock", "unblocked the bot", None)
        return self._member_update(chat_id, "kicked", "member") if notify else None

    def _unblock_to_act(self, chat_id: int) -> None:
        """A user of a blocked chat must unblock the bot before acting (Telegram's Restart)."""
        state = self._state(chat_id)
        if state.blocked:
            state.blocked = False
            self._note(chat_id, "user", "unblock", "unblocked the bot", None)
            self._member_update(chat_id, "kicked", "member")

    # ----------------------------------------------------------------------------------------
    # Helpers

    def _person(
        self,
        chat_id: int,
        user_id: int | None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """The User acting in ``chat_id`` (the chat's own user in a private chat), updated."""
        uid = user_id if user_id is not None else chat_id
        if uid <= 0:
            raise ValueError("private chats have positive ids; give user_id in groups")
        old = self._users.get(uid, {})
        person = user_json(
            uid,
            first_name or old.get("first_name", "Ayu"),
            last_name=last_name or old.get("last_name"),
            username=username or old.get("username"),
            language_code=language_code or old.get("language_code", "id"),
        )
        self._users[uid] = person
        if chat_id == uid:
            state = self._chats.get(chat_id)
            if state is None:
                self._chats[chat_id] = ChatState(private_chat_json(person))
            else:
                state.chat = private_chat_json(person)
        return person

    def _user_message(
        self,
        chat_id: int,
        kind: str,
        summary: str,
        content: JSON,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> int:
        person = self._person(chat_id, None, first_name, last_name, username, language_code)
        self._unblock_to_act(chat_id)
        return self._post_user_message(chat_id, person, kind, summary, content)

    def _post_user_message(
        self, chat_id: int, person: JSON, kind: str, summary: str, content: JSON
    ) -> int:
        state = self._state(chat_id)
        message_id = state.next_message_id
        state.next_message_id += 1
        message = {
            "message_id": message_id,
            "from": person,
            "chat": state.chat,
            "date": now_ts(),
            **content,
        }
        state.user_messages[message_id] = message
        self._note(chat_id, "user", kind, summary, message_id)
        return self._enqueue("message", message)

    def _member_update(self, chat_id: int, old: str, new: str) -> int:
        state = self._state(chat_id)
        person = self._users.get(chat_id) or user_json(abs(chat_id), "Admin")
        return self._enqueue(
            "my_chat_member",
            {
                "chat": state.chat,
                "from": person,
                "date": now_ts(),
                "old_chat_member": chat_member_json(self.bot_user, old),
                "new_chat_member": chat_member_json(self.bot_user, new),
            },
        )
