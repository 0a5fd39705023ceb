"""On WhatsApp, a university graduate writing from a number the roster does not know identifies
with NIM and birth date; a BLK trainee with a participant number or the NIK (issue #16 §2).
"""

from __future__ import annotations

from datetime import datetime

from whatsapp.test_whatsapp_e2e import Running, running  # noqa: F401

from bot.alumni.identity import mask_name
from bot.cli import sample


def _birth(bot: Running, identifier: str) -> tuple[str, str]:
    (name, born), *_ = bot.rows(
        f"SELECT name, birth_date FROM alumni WHERE nisn = '{identifier}' OR nik = '{identifier}'"
    )
    return name, datetime.fromisoformat(born).strftime("%d-%m-%Y")


async def test_a_graduate_identifies_by_nim(running: Running) -> None:  # noqa: F811
    bot, phone = running, "+6281299991111"
    name, born = _birth(bot, sample.DEMO_NIM)
    hello = await bot.say(phone, "Halo")
    # The sample serves an SMK, a BLK and a university: each one's identifier is named.
    assert "NISN (lulusan SMK), NIM (lulusan perguruan tinggi)" in hello, hello
    assert "tanggal lahir" in await bot.say(phone, sample.DEMO_NIM.lower())
    asked = await bot.say(phone, born)
    assert asked.startswith(f"Apakah Anda {mask_name(name)}?"), asked
    assert "setuju" in (await bot.say(phone, "ya")).lower()
    assert bot.rows("SELECT external_id FROM channel_identities") == [(phone,)]


async def test_a_trainee_identifies_by_participant_number_or_nik(running: Running) -> None:  # noqa: F811
    bot = running
    for phone, typed in (
        ("+6281299992222", "2502.las.001"),
        ("+6281299993333", "3271941604019700"),  # on the roster without a participant number
        ("+6281299994444", "3271412801992414"),  # 2502.LST.001's NIK: it identifies them too
    ):
        name, born = _birth(bot, typed.upper())
        await bot.say(phone, "Halo")
        assert "tanggal lahir" in await bot.say(phone, typed)
        assert mask_name(name) in await bot.say(phone, born)
        assert "setuju" in (await bot.say(phone, "ya")).lower()
    assert len(bot.rows("SELECT * FROM channel_identities")) == 3
