"""What alumni read: one catalogue per language, Indonesian first, then English.

The catalogues are messages_id.py and messages_en.py, with the same keys and params.
Templates are str.format templates filled with params; user text only ever goes in as a param.
Command words written in capitals there (LEWATI, KIRIM…) must be words commands.py recognises:
tests/conversations/test_messages.py checks them.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, get_args

from conversations import messages_en, messages_id

log = logging.getLogger(__name__)

Language = Literal["id", "en"]
# Every language Jejak speaks, Indonesian first: the default, and the fallback for a missing key.
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = LANGUAGES[0]

MESSAGES: dict[str, dict[str, str]] = {"id": messages_id.CATALOGUE, "en": messages_en.CATALOGUE}


def t(language: str, key: str, **params: Any) -> str:
    """The message `key` in `language` (else Indonesian), filled with `params`."""
    template = MESSAGES.get(language, {}).get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key)
    if template is None:
        # A bug the catalogue tests catch; at run time the respondent still gets a reply.
        log.error("message %r missing from the catalogue", key)
        return key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.error("message %r: params do not fit the template", key)
        return template
