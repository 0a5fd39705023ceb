"""Places people answer with (provinces, regencies and cities), and what they type matched to one.

The engine gets its lists as data: config/ reads them from config/data/ and hands a `PlaceList` to
each place question; nothing here reads a file. Names are compared as keys: lower case, accents,
punctuation and spaces gone, and a leading "Kota" / "Kabupaten" / "Kab." set apart as the kind,
so "KAB. BANDUNG BARAT", "kabupaten bandung-barat" and "Bandung Barat" all name Kabupaten
Bandung Barat, while "Bandung" alone names both Kota and Kabupaten Bandung (`Ambiguous`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# How a regency or city name may start: (words, kind). Longest first, so "kota adm" is not "kota".
PLACE_KINDS: tuple[tuple[str, str], ...] = (
    *(("kota administrasi", "kota"), ("kota adm", "kota"), ("kotamadya", "kota")),
    *(("kabupaten administrasi", "kabupaten"), ("kabupaten", "kabupaten")),
    *(("kab adm", "kabupaten"), ("kab", "kabupaten"), ("kota", "kota")),
)
KIND_CITY = "kota"
KIND_REGENCY = "kabupaten"
KINDS = (KIND_REGENCY, KIND_CITY)

# More candidates than this is no question to ask back ("ka…"): the reply matches nothing.
MAX_CANDIDATES = 8
_MIN_PREFIX = 3  # letters before a name's start counts ("banj" for Banjarmasin, Banjarbaru…)
_MIN_TYPO = 4  # letters before a near miss counts as a typo
_TYPO_RATIO = 0.8  # difflib ratio for a typo ("banjarmsin")
_TYPO_MARGIN = 0.1  # the best near miss must lead the next by this much to stand alone


def words(text: str) -> list[str]:
    """`text` casefolded, accents dropped, split into words without punctuation: "Kab. Pidie"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return re.sub(r"[^0-9a-z]+", " ", plain).split()


def place_key(place: str) -> tuple[str | None, str]:
    """("kota", "bandung") for "Kota Bandung", (None, "bandung") for "Bandung": to compare names."""
    found = words(place)
    for prefix, kind in PLACE_KINDS:
        head = prefix.split()
        if found[: len(head)] == head and len(found) > len(head):
            return kind, "".join(found[len(head) :])
    return None, "".join(found)


@dataclass(frozen=True, slots=True)
class Place:
    """One place: its official code, its name as shown, and what it lies in."""

    code: str  # "63" for a province, "6371" for a regency or city (Kemendagri)
    name: str  # "Kalimantan Selatan", "Kota Banjarmasin"
    within: str = ""  # the code of the place it lies in (a regency's province); "" for none
    kind: str | None = None  # KIND_CITY or KIND_REGENCY for a regency or city, else None
    aliases: tuple[str, ...] = ()  # other names people type: "solo", "jaksel", "kalsel"


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several places fit what was typed: the respondent picks one ("Kota atau Kabupaten?")."""

    candidates: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class Likely:
    """One place is close to what was typed but not exactly it (a typo): ask before taking it."""

    place: Place


PlaceMatch = Place | Ambiguous | Likely | None


class PlaceList:
    """A list of places, indexed once, to match what people type against.

    Compared by identity: config/ builds each list once and every questionnaire shares it.
    """

    __slots__ = ("_ignored", "_keys", "by_code", "places")

    def __init__(self, places: Iterable[Place], ignored_words: Iterable[str] = ()) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self.by_code: dict[str, Place] = {p.code: p for p in self.places}
        # Words that say nothing about which place it is ("provinsi" before a province's name).
        self._ignored = frozenset(ignored_words)
        self._keys: tuple[tuple[Place, tuple[tuple[str | None, str], ...]], ...] = tuple(
            (p, tuple(dict.fromkeys(k for n in (p.name, *p.aliases) if (k := self.key(n))[1])))
            for p in self.places
        )

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def get(self, code: str) -> Place | None:
        """The place with this code, or None."""
        return self.by_code.get(code)

    def key(self, text: str) -> tuple[str | None, str]:
        """The kind typed (if any) and the rest of the name, as names are compared."""
        kept = " ".join(w for w in words(text) if w not in self._ignored)
        return place_key(kept)

    def match(self, text: str, within: str | None = None) -> PlaceMatch:
        """The place `text` names, among those within `within` (a code) when given.

        Tried in order, the first rule that finds something decides: a code ("6371"); the exact
        name or an alias, with "Kota"/"Kabupaten" deciding between the two when typed; names that
        start with the text ("banjarmas": asked back as Likely when one, else Ambiguous); one
        clear typo winner (Likely), or several equally close (Ambiguous). None when nothing fits,
        or when more than MAX_CANDIDATES would.
        """
        kind, bare = self.key(text)
        if not bare:
            return None
        if bare.isdigit():
            found = self.by_code.get(bare)
            return found if found is not None and within in (None, found.within) else None
        pool = [(p, keys) for p, keys in self._keys if within is None or p.within == within]
        exact = [p for p, keys in pool if any(b == bare and _agree(kind, k) for k, b in keys)]
        if exact:
            return exact[0] if len(exact) == 1 else _several(exact)
        if len(bare) >= _MIN_PREFIX:
            starting = [
                p
                for p, keys in pool
                if any(b.startswith(bare) and _agree(kind, k) for k, b in keys)
            ]
            if starting:
                return Likely(starting[0]) if len(starting) == 1 else _several(starting)
        if len(bare) >= _MIN_TYPO:
            return _near(bare, kind, pool)
        return None


def _agree(typed: str | None, kind: str | None) -> bool:
    """A kind typed must be the place's own; no kind typed (or a place without one) fits any."""
    return typed is None or kind is None or typed == kind


def _several(found: list[Place]) -> Ambiguous | None:
    return Ambiguous(tuple(found)) if len(found) <= MAX_CANDIDATES else None


def _near(
    bare: str,
    kind: str | None,
    pool: list[tuple[Place, tuple[tuple[str | None, str], ...]]],
) -> PlaceMatch:
    """The one place within typo distance of `bare`, or the few equally close ones."""
    scored: list[tuple[float, Place]] = []
    for place, keys in pool:
        ratios = [
            difflib.SequenceMatcher(None, bare, b).ratio() for k, b in keys if _agree(kind, k)
        ]
        best = max(ratios, default=0.0)
        if best >= _TYPO_RATIO:
            scored.append((best, place))
    if not scored:
        return None
    top = max(score for score, _ in scored)
    close = [place for score, place in scored if top - score < _TYPO_MARGIN]
    return Likely(close[0]) if len(close) == 1 else _several(close)
