"""Random inbound traffic of every kind for one running `jejak run` (Telegram and WhatsApp).

A seeded generator, so a failing run is replayed by its seed. Most events go through the fake
servers as real users would (private and group texts of any Unicode, stickers, photos, voice,
locations, contacts, documents, edits, button presses with forged or old callback data, blocks),
and the rest are posted straight to Jejak's webhooks, as only a broken or hostile sender would:
JSON that is not an object, objects of the wrong shape, bodies that are not JSON or not a form,
and signed Twilio requests with parameters missing, repeated or absurd.
"""

from __future__ import annotations

import json
import random
import sqlite3
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

# Code points from every plane people type from: ASCII, Latin, Indonesian-relevant scripts,
# right-to-left, combining marks, zero-width and control characters, CJK, emoji, and the
# private use area. Surrogates are left out: they cannot travel as UTF-8.
_RANGES = [
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0xA0, 0x24F),
    (0x300, 0x36F),
    (0x590, 0x6FF),
    (0xA980, 0xA9DF),  # Javanese
    (0x1B80, 0x1BBF),  # Sundanese
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x4E00, 0x4E7F),
    (0xE000, 0xE0FF),
    (0xFFF0, 0xFFFD),
    (0x1F300, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0xE0000, 0xE007F),
]
# Words Jejak reacts to, so that random traffic also walks the questionnaire and the commands.
_WORDS = [
    "ya", "tidak", "setuju", "1", "2", "3", "5", "0", "-1", "99999999999999999999", "kembali",
    "lewati", "periksa", "ubah 3", "ubah 999", "bahasa en", "bahasa id", "berhenti", "lanjut",
    "ulang", "kirim", "hapusdata", "bantuan", "STOP", "MULAI", "MULAI abc", "/start",
    "/start deadbeef", "/statistik", "/belum", "/ekspor", "/kirimulang semua", "/sambungkan 1",
    "STATISTIK", "BELUM", "EKSPOR", "17-08-2024", "31-02-2024", "Agustus 2024", "4,5 juta",
    "Rp 3.200.000", "3jt", "081234567890", "+6281234567890", "3074326411", "21-04-2007",
    "Halo", "", " ", "\n", "%s%s%n", "{0}", "{column}", "'; DROP TABLE alumni; --",
    "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
]  # fmt: skip


def random_text(rng: random.Random) -> str:
    """A message of any Unicode, sometimes a word Jejak knows, sometimes very long."""
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(_WORDS)
    if roll < 0.45:
        return rng.choice(_WORDS) + " " + "".join(rng.choices(string.printable, k=8))
    length = rng.choice([1, 2, 5, 20, 100, 600, 5000])
    chars = []
    for _ in range(length):
        low, high = rng.choice(_RANGES)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def random_callback(rng: random.Random, seen: list[str]) -> str:
    """Callback data: an old one Jejak sent, a tampered one, or made up (1–64 bytes)."""
    roll = rng.random()
    if seen and roll < 0.4:
        return rng.choice(seen)
    if seen and roll < 0.7:
        old = rng.choice(seen)
        cut = rng.randint(0, len(old))
        return (old[:cut] + rng.choice(["|", "x", "9", "||", "\u00e9"]) + old[cut:])[:60]
    return (
        "".join(rng.choices(string.printable, k=rng.randint(1, 64)))
        .encode()[:64]
        .decode("ascii", "ignore")
        or "x"
    )


def raw_telegram_bodies(rng: random.Random) -> bytes:
    """A webhook body no Telegram server would send."""
    shapes: list[object] = [
        [],
        [{"update_id": 1}],
        0,
        -1.5,
        "update",
        None,
        True,
        {},
        {"update_id": "x"},
        {"update_id": rng.randint(1, 10**9), "message": "hello"},
        {"update_id": rng.randint(1, 10**9), "message": {"chat": None}},
        {"update_id": rng.randint(1, 10**9), "message": {"message_id": 1, "date": 0}},
        {
            "update_id": rng.randint(1, 10**9),
            "message": {"message_id": 1, "date": 0, "chat": {"id": "abc", "type": "private"}},
        },
        {"update_id": rng.randint(1, 10**9), "callback_query": {"id": "1", "data": "x"}},
        {"update_id": rng.randint(1, 10**9), "unknown_kind": {"a": [1, 2, 3]}},
    ]
    roll = rng.random()
    if roll < 0.2:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200)))
    if roll < 0.3:
        return b'{"update_id": 1, "message": '  # cut short
    return json.dumps(rng.choice(shapes)).encode()


@dataclass
class Tally:
    """What the run sent and how Jejak's HTTP server answered the raw posts."""

    events: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.events += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1

    def status(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def snapshot(db: Path, spared: set[int]) -> dict[str, list[tuple[object, ...]]]:
    """Every row about alumni other than `spared`: what the run must leave as it was."""
    queries = {
        "alumni": "SELECT * FROM alumni WHERE id NOT IN ({ids}) ORDER BY id",
        "responses": "SELECT * FROM responses WHERE alumnus_id NOT IN ({ids}) ORDER BY id",
        "answers": (
            "SELECT a.* FROM answers a JOIN responses r ON a.response_id = r.id "
            "WHERE r.alumnus_id NOT IN ({ids}) ORDER BY a.response_id, a.question_code"
        ),
        "channel_identities": (
            "SELECT * FROM channel_identities WHERE alumnus_id NOT IN ({ids}) ORDER BY id"
        ),
        "invitations": "SELECT * FROM invitations WHERE alumnus_id NOT IN ({ids}) ORDER BY id",
    }
    ids = ",".join(str(i) for i in sorted(spared)) or "-1"
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql.format(ids=ids)).fetchall() for name, sql in queries.items()}


Post = Callable[[str, bytes, dict[str, str]], Awaitable[int]]


def poster(http: aiohttp.ClientSession, base_url: str) -> Post:
    """POST raw bytes to a path of Jejak's server; the HTTP status."""

    async def post(path: str, body: bytes, headers: dict[str, str]) -> int:
        async with http.post(base_url + path, data=body, headers=headers) as answer:
            await answer.read()
            return answer.status

    return post
