"""Attacks on who-is-who, on Telegram: guessing a birth date from many chats, forwarded links.

Issue #13: rotating 14 chats found the birth date of a known NISN in 41 guesses (the lockout
counted per chat), and one invitation link opened the same questionnaire from 3 chats.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from fakes.jejak_run import Bot

from bot.alumni.identity import mask_name
from bot.services import create_services
from storage.access import invitations

BLK = "BLK9901"
BLK_SURVEY = 2  # the sample BLK survey


def alumnus(bot: Bot, index: int) -> tuple[int, str, str, date]:
    """(id, NISN, name, birth date) of the BLK roster's `index`-th alumnus."""
    aid, nisn, name, born = bot.rows(
        "SELECT a.id, a.nisn, a.name, a.birth_date FROM alumni a JOIN institutions i "
        f"ON a.institution_id = i.id WHERE i.code = '{BLK}' ORDER BY a.id"
    )[index]
    return aid, nisn, name, date.fromisoformat(born)


async def say(bot: Bot, chat: int, text: str) -> str:
    await bot.fake.user_text(chat, text)
    return (await bot.fake.wait_reply(chat))[-1].text or ""


async def start(bot: Bot, chat: int, token: str) -> str:
    await bot.fake.user_command(chat, "/start", args=token)
    return (await bot.fake.wait_reply(chat))[-1].text or ""


def told(bot: Bot, chat: int) -> str:
    """Everything the bot said to the chat."""
    return "\n".join(m.text or "" for m in bot.fake.messages(chat))


def linked(bot: Bot) -> list[str]:
    return [chat for (chat,) in bot.rows("SELECT external_id FROM channel_identities")]


async def test_rotating_chats_never_guess_a_known_nisns_birth_date(running) -> None:
    bot = await running()
    _, nisn, name, born = alumnus(bot, 3)
    masked = mask_name(name)
    # 28 guesses from 14 chats, two each (never enough for a chat's own lockout); every 7th
    # guess is the right date: before the fix, the 7th showed "Apakah Anda …?".
    guesses = [born if n % 7 == 6 else born - timedelta(days=n + 1) for n in range(28)]
    chats = [6100 + n for n in range(14)]
    for n, guess in enumerate(guesses):
        chat = chats[n % len(chats)]
        asked = await say(bot, chat, nisn)
        if "lahir" in asked:
            reply = await say(bot, chat, guess.strftime("%d-%m-%Y"))
            assert masked not in reply and "Apakah Anda" not in reply, (n, reply)
        else:
            assert "Terlalu banyak" in asked, asked  # locked: the birth date is not even asked
    for chat in chats:
        assert masked not in told(bot, chat) and name.split()[0] not in told(bot, chat)
    assert linked(bot) == []

    # A NISN nobody has, tried as often from other chats: the same answers, word for word
    # (the minutes left aside).
    for n in range(3):
        await say(bot, 6200 + n, "0000000042")
        await say(bot, 6200 + n, f"0{n + 1}-01-2000")
    unknown = await say(bot, 6203, "0000000042")
    known = await say(bot, 6204, nisn)
    assert re.sub(r"\d+", "N", unknown) == re.sub(r"\d+", "N", known)
    assert "Terlalu banyak" in known and "tautan undangan" in known

    # The alumnus themself still gets in: their invitation link is never locked.
    owner = 6400
    assert "setuju" in (await start(bot, owner, bot.tokens[nisn])).lower()
    assert linked(bot) == [str(owner)]


async def test_a_forwarded_link_shows_nothing_until_the_birth_date_is_right(running) -> None:
    bot = await running()
    _, nisn, name, born = alumnus(bot, 4)
    token = bot.tokens[nisn]
    owner, classmate = 6501, 6502
    assert "setuju" in (await start(bot, owner, token)).lower()  # the first chat: bound to it

    asked = await start(bot, classmate, token)  # the same link, forwarded in the class group
    assert "lahir" in asked and "setuju" not in asked.lower()
    wrong = await say(bot, classmate, (born - timedelta(days=1)).strftime("%d-%m-%Y"))
    assert "tidak cocok" in wrong
    assert "lanjut" not in (await say(bot, classmate, "lanjut")).lower()  # no survey behind it
    for part in (*name.split(), mask_name(name)):
        assert part not in told(bot, classmate)
    assert linked(bot) == [str(owner)]

    assert "setuju" in (await say(bot, classmate, born.strftime("%d-%m-%Y"))).lower()
    assert sorted(linked(bot)) == sorted([str(owner), str(classmate)])
    # Opened again where it was first opened: straight in, as before.
    assert "setuju" in (await start(bot, owner, token)).lower()


async def test_a_revoked_link_stops_working_and_a_reissued_one_works(running) -> None:
    bot = await running()
    aid, nisn, _, _ = alumnus(bot, 5)
    old = bot.tokens[nisn]
    squatter, owner = 6601, 6602
    assert "setuju" in (await start(bot, squatter, old)).lower()  # forwarded, opened first
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            assert await invitations.revoke(session, BLK_SURVEY, aid, datetime.now(UTC))
        async with services.sessions() as session, session.begin():
            new = await invitations.reissue(session, BLK_SURVEY, aid, datetime.now(UTC))
    finally:
        await services.aclose()
    assert new != old
    assert linked(bot) == []  # the chat that entered with the revoked link is out
    assert "tidak berlaku" in await start(bot, squatter, old)
    assert "tidak berlaku" in await start(bot, 6603, old)
    assert "setuju" in (await start(bot, owner, new)).lower()
    assert linked(bot) == [str(owner)]


async def test_a_link_of_a_closed_survey_says_so_kindly(running) -> None:
    bot = await running()
    _, nisn, _, _ = alumnus(bot, 6)
    bot.rows(f"UPDATE surveys SET closes_at = '2020-01-01 00:00:00.000000' WHERE id = {BLK_SURVEY}")
    reply = await start(bot, 6701, bot.tokens[nisn])
    assert "ditutup" in reply and "NISN" in reply and "setuju" not in reply.lower()
    assert linked(bot) == []
