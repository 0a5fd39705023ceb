"""What alumni read: one catalogue per language, Indonesian first, then English.

The catalogues are messages_id.py and messages_en.py, with the same keys and params.
Templates are str.format templates filled with params; user text only ever goes in as a param.
`fill` is the one rule for filling a message from any catalogue: the staff, desk and report
catalogues in config/ use it too.
Command words written in capitals there (LEWATI, KIRIM…) must be words commands.py recognises:
tests/conversations/test_messages.py checks them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal, get_args

from conversations import messages_en, messages_id

log = logging.getLogger(__name__)

Language = Literal["id", "en"]
# Every language Jejak speaks, Indonesian first: the default, and the fallback for a missing key.
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = LANGUAGES[0]

MESSAGES: dict[str, dict[str, str]] = {"id": messages_id.CATALOGUE, "en": messages_en.CATALOGUE}


class _KeepMissing(dict[str, Any]):
    """Params that answer a placeholder without a value with the placeholder, and note it."""

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.unfilled: list[str] = []

    def __missing__(self, key: str) -> str:
        self.unfilled.append(key)
        return "{" + key + "}"


def fill(
    catalogues: Mapping[str, Mapping[str, str]], language: str, key: str, **params: Any
) -> str:
    """The message `key` of `catalogues` in `language` (else Indonesian), filled with `params`.

    Never raises: someone is waiting for the reply, and the catalogue tests catch these bugs
    first. An unknown key comes out as its name; a placeholder without a value stays visible
    as `{name}`; a template that does not parse comes out unfilled; each is logged by key.
    """
    template = catalogues.get(language, {}).get(key) or catalogues[DEFAULT_LANGUAGE].get(key)
    if template is None:
        log.error("message %r missing from the catalogue", key)
        return key
    values = _KeepMissing(params)
    try:
        text = template.format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        log.error("message %r: params do not fit the template", key)
        return template
    if values.unfilled:
        log.error("message %r: no value for %s", key, ", ".join(values.unfilled))
    return text


def t(language: str, key: str, **params: Any) -> str:
    """The alumni message `key` in `language` (else Indonesian), filled with `params`."""
    return fill(MESSAGES, language, key, **params)


def first_name(name: str) -> str:
    """How a message greets someone: their first name, as written in the roster ("Budi")."""
    parts = name.split()
    return parts[0].title() if parts else name
