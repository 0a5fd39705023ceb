"""Failures that stop a staff command with a message from the staff catalogue."""

from __future__ import annotations

from typing import Any


class Fail(Exception):
    """Stop the command with a staff message (catalogue key and params)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
