"""Filling a message from a per-language catalogue: one rule for every staff-facing catalogue.

The language's template, else the default language's; an unknown key is a bug (KeyError, which
the catalogue tests rule out); a placeholder without a value stays visible as `{name}` rather
than failing the whole message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_LANGUAGE = "id"


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(
    catalogues: Mapping[str, Mapping[str, str]], language: str, key: str, **params: Any
) -> str:
    """The message `key` in `language` (the default language when unknown), filled."""
    catalogue = catalogues.get(language, catalogues[DEFAULT_LANGUAGE])
    template = catalogue.get(key)
    if template is None:
        template = catalogues[DEFAULT_LANGUAGE][key]  # KeyError: an unknown key is a bug
    return template.format_map(_KeepMissing(params))
