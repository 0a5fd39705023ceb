"""A student's programme read from the class name: "XII AKL 1" is in AKL.

Only programmes the import knows are matched (those given to it, then those already on the
institution's roster), by name or by initials: "AKL" is "Akuntansi dan Keuangan Lembaga".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[0-9A-Za-z]+")
# A class name starts with its grade: X, XI, XII, XIII or 10-13.
_GRADES = frozenset({"x", "xi", "xii", "xiii", "10", "11", "12", "13"})
_SMALL_WORDS = frozenset({"dan", "and", "of"})


def _keys(programme: str) -> tuple[set[str], set[str]]:
    """How a class name may write a programme: its whole name, and its initials when it has
    several words ("Teknik Komputer dan Jaringan": TKJ)."""
    words = _WORD.findall(programme.casefold())
    whole = {"".join(words)}
    initials = (
        {"".join(word[0] for word in words if word not in _SMALL_WORDS)}
        if len(words) > 1
        else set()
    )

    # A key of digits or one letter would match a class's number or section ("XII AKL 1").
    def usable(keys: set[str]) -> set[str]:
        return {key for key in keys if len(key) > 1 and not key.isdigit()}

    return usable(whole), usable(initials)


def _candidates(class_name: str) -> set[str]:
    """The runs of words in a class name that could name its programme (the grade left out)."""
    words = _WORD.findall(class_name.casefold())
    if words and words[0] in _GRADES:
        words = words[1:]
    found: set[str] = set()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            run = "".join(words[start:end])
            found.update((run, run.rstrip("0123456789")))  # "AKL1" is AKL's first class
    return found


class ProgrammeMatcher:
    """Programmes in the order they are trusted; `match` finds a class name's programme."""

    def __init__(self, sources: Iterable[Sequence[str]]) -> None:
        # Per source, per kind of key (whole names before initials): key -> programmes.
        self.sources: list[tuple[dict[str, set[str]], dict[str, set[str]]]] = []
        self.names: list[str] = []
        for source in sources:
            whole: dict[str, set[str]] = {}
            initials: dict[str, set[str]] = {}
            for programme in source:
                name = " ".join(programme.split())
                if not name:
                    continue
                names, letters = _keys(name)
                for key in names:
                    whole.setdefault(key, set()).add(name)
                for key in letters:
                    initials.setdefault(key, set()).add(name)
                if name not in self.names:
                    self.names.append(name)
            if whole or initials:
                self.sources.append((whole, initials))

    def __bool__(self) -> bool:
        return bool(self.sources)

    def match(self, class_name: str) -> tuple[str, ...]:
        """The programmes the class name names (sorted): from the first source naming any, by
        whole name before initials; more than one means the class name is ambiguous."""
        candidates = _candidates(class_name)
        for kinds in self.sources:
            for by_key in kinds:
                found: set[str] = set()
                for candidate in candidates:
                    found |= by_key.get(candidate, set())
                if found:
                    return tuple(sorted(found))
        return ()
