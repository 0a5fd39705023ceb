"""Validation the Bot API does before it sends anything: text, parse modes, keyboards, commands.

Each check raises :class:`~fakes.telegram_objects.ApiError` (400) with Telegram's wording where
it is known. The parse-mode checks are a close approximation, not Telegram's parser: they catch
the usual bugs (an unescaped ``<`` or ``.`` from user input, an unclosed tag) and give the text
as the user sees it.
"""

from __future__ import annotations

import html
import re
from typing import Any

from .telegram_objects import JSON, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100

_HTML_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
    "tg-time",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_INLINE_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SCOPES = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}


def _offset(text: str, index: int) -> int:
    """Telegram reports positions as UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


def _entities_error(detail: str) -> Exception:
    return bad_request(f"can't parse entities: {detail}")


def _html_plain(text: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                name = re.match(r"</?([^\s>]*)", text[i:])
                shown = name.group(1) if name else ""
                raise _entities_error(
                    f'Unsupported start tag "{shown}" at byte offset {_offset(text, i)}'
                )
            closing, name_ = match.group(1), match.group(2).lower()
            if name_ not in _HTML_TAGS:
                kind = "end" if closing else "start"
                raise _entities_error(
                    f'Unsupported {kind} tag "{name_}" at byte offset {_offset(text, i)}'
                )
            if closing:
                if not stack or stack[-1] != name_:
                    expected = f'"</{stack[-1]}>"' if stack else "nothing"
                    raise _entities_error(
                        f"Unmatched end tag at byte offset {_offset(text, i)}, "
                        f'expected {expected}, found "</{name_}>"'
                    )
                stack.pop()
            else:
                stack.append(name_)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if match:
                out.append(html.unescape(match.group()))
                i = match.end()
            else:
                out.append(char)
                i += 1
        else:
            out.append(char)
            i += 1
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _find_unescaped(text: str, token: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(token, i):
            return i
        i += 1
    return -1


def _markdown_v2_plain(text: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 < len(text):
                out.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            token = "```" if text.startswith("```", i) else "`"
            end = _find_unescaped(text, token, i + len(token))
            if end < 0:
                raise _entities_error(
                    f"Can't find end of Pre entity at byte offset {_offset(text, i)}"
                    if token == "```"
                    else f"Can't find end of Code entity at byte offset {_offset(text, i)}"
                )
            body = text[i + len(token) : end]
            if token == "```" and "\n" in body:
                body = body.split("\n", 1)[1]  # the first line names the language
            out.append(re.sub(r"\\([\\`])", r"\1", body))
            i = end + len(token)
            continue
        if char in "*_~|":
            token = next((t for t in ("__", "||") if text.startswith(t, i)), char)
            if token == "|":
                raise _entities_error(
                    "Character '|' is reserved and must be escaped with the preceding '\\'"
                )
            if stack and stack[-1][0] == token:
                stack.pop()
            else:
                stack.append((token, i))
            i += len(token)
            continue
        if char == "[":
            stack.append(("[", i))
            i += 1
            continue
        if char == "]":
            if not stack or stack[-1][0] != "[" or not text.startswith("(", i + 1):
                raise _entities_error(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            stack.pop()
            end = _find_unescaped(text, ")", i + 2)
            if end < 0:
                raise _entities_error(f"Can't find end of a URL at byte offset {_offset(text, i)}")
            i = end + 1
            continue
        if char == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # a block quotation
            continue
        if char in _MD2_RESERVED:
            raise _entities_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(char)
        i += 1
    if stack:
        token, start = stack[-1]
        raise _entities_error(
            f"Can't find end of the entity starting at byte offset {_offset(text, start)}"
        )
    return "".join(out)


def _markdown_plain(text: str) -> str:
    """Legacy Markdown: ``*bold*``, ``_italic_``, ``` `code` ```, ``[text](url)``."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "*_`":
            end = text.find(char, i + 1)
            if end < 0:
                raise _entities_error(
                    f"Can't find end of the entity starting at byte offset {_offset(text, i)}"
                )
            out.append(text[i + 1 : end])
            i = end + 1
        elif char == "[":
            match = re.compile(r"\[([^\]]*)\]\(([^)]*)\)").match(text, i)
            if match is None:
                raise _entities_error(
                    f"Can't find end of the entity starting at byte offset {_offset(text, i)}"
                )
            out.append(match.group(1))
            i = match.end()
        elif char == "\\" and i + 1 < len(text) and text[i + 1] in "*_`[":
            out.append(text[i + 1])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def plain_text(text: str, parse_mode: str | None) -> str:
    """The text as the user sees it; 400 "can't parse entities" when the markup is broken."""
    mode = (parse_mode or "").strip().lower()
    if mode == "":
        return text
    if mode == "html":
        return _html_plain(text)
    if mode == "markdownv2":
        return _markdown_v2_plain(text)
    if mode == "markdown":
        return _markdown_plain(text)
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def check_message_text(text: str | None, parse_mode: str | None) -> str:
    """The visible text of a sendMessage/editMessageText; 400 when empty or too long."""
    if text is None or text.strip() == "":
        raise bad_request("message text is empty")
    visible = plain_text(text, parse_mode)
    if visible.strip() == "":
        raise bad_request("message text is empty")
    if len(visible) > MAX_TEXT:
        raise bad_request("message is too long")
    return visible


def check_caption(caption: str | None, parse_mode: str | None) -> str | None:
    """The visible caption of a document or photo; 400 when too long."""
    if caption is None:
        return None
    visible = plain_text(caption, parse_mode)
    if len(visible) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return visible


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = _INLINE_ACTIONS & button.keys()
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")


def _rows(markup: JSON, key: str, kind: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{key}" of the {kind} should be an Array of Arrays')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    return rows


def check_reply_markup(markup: Any) -> JSON | None:
    """The parsed reply_markup when valid (None when absent); 400 when Telegram would refuse it."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard", "InlineKeyboardMarkup"):
            for button in row:
                _check_inline_button(button)
    elif "keyboard" in markup:
        for row in _rows(markup, "keyboard", "ReplyKeyboardMarkup"):
            for button in row:
                if not isinstance(button, str) and not (
                    isinstance(button, dict) and isinstance(button.get("text"), str)
                ):
                    raise bad_request(
                        'can\'t parse keyboard button: Field "text" must be of type String'
                    )
    elif not ("remove_keyboard" in markup or "force_reply" in markup):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def check_commands(commands: Any) -> list[JSON]:
    """The BotCommand list of setMyCommands; 400 when a command or description is invalid."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    checked: list[JSON] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND.fullmatch(name.removeprefix("/")):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        checked.append({"command": name.removeprefix("/"), "description": description})
    return checked


def check_scope(scope: Any) -> JSON:
    """The BotCommandScope (default ``{"type": "default"}``); 400 when malformed."""
    if scope is None:
        return {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse BotCommandScope")
    if scope["type"].startswith("chat") and scope.get("chat_id") is None:
        raise bad_request("chat_id is empty")
    return scope
