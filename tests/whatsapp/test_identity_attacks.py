"""Attacks on who-is-who, on WhatsApp: guessing a birth date from many numbers, forwarded links.

Issue #13: rotating 4 WhatsApp numbers found the birth date of a known NISN in 11 guesses (the
lockout counted per number), and a link forwarded in a class group let anyone answer.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from whatsapp.test_whatsapp_e2e import DEMO_BIRTH, DEMO_PHONE, Running, running  # noqa: F401

from bot.alumni.identity import mask_name
from bot.cli import sample
from bot.services import create_services
from storage.access import invitations
from storage.access.invitations import ensure_invitations
from storage.models import StaffRole
from storage.roster import repository as repo
from storage.staff import members as staff_repo

NAME = "Eka Pratama"  # DEMO_NISN on the sample roster, whose number is DEMO_PHONE
SMK_SURVEY = 1


async def token_of(bot: Running, nisn: str) -> str:
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            lines = await ensure_invitations(session, SMK_SURVEY, now=datetime.now(UTC))
    finally:
        await services.aclose()
    return next(line.token for line in lines if line.nisn == nisn)


async def add_staff(bot: Running, phone: str) -> None:
    """A BKK staff member of the sample SMK, writing from `phone`."""
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            member = await staff_repo.add_staff(
                session, "Bu Sari", StaffRole.BKK, [(school.id, None)], datetime.now(UTC)
            )
            await staff_repo.link_person(session, member, "whatsapp", phone, datetime.now(UTC))
    finally:
        await services.aclose()


def told(bot: Running, phone: str) -> str:
    return "\n".join(m.text or "" for m in bot.fake.messages(phone))


def linked(bot: Running) -> list[str]:
    return [phone for (phone,) in bot.rows("SELECT external_id FROM channel_identities")]


async def test_rotating_numbers_never_guess_a_known_nisns_birth_date(running: Running) -> None:  # noqa: F811
    bot = running
    born = datetime.strptime(DEMO_BIRTH, "%d-%m-%Y").date()
    # 12 guesses from 4 numbers, three each; every 4th is the right date: before the fix the
    # 4th guess, the first from the 4th number, showed "Apakah Anda E** P******?".
    guesses = [born if n % 4 == 3 else born - timedelta(days=n + 1) for n in range(12)]
    numbers = [f"+628990000{n:04d}" for n in range(4)]
    for n, guess in enumerate(guesses):
        phone = numbers[n % len(numbers)]
        asked = await bot.say(phone, sample.DEMO_NISN)
        if "NISN" in asked and "lahir" not in asked:  # a number's first message opens the dialogue
            asked = await bot.say(phone, sample.DEMO_NISN)
        if "lahir" in asked:
            reply = await bot.say(phone, guess.strftime("%d-%m-%Y"))
            assert "Apakah Anda" not in reply, (n, reply)
        else:
            assert "Terlalu banyak" in asked, asked
    for phone in numbers:
        assert mask_name(NAME) not in told(bot, phone) and "Eka" not in told(bot, phone)
    assert linked(bot) == []
    # A locked NISN answers as a NISN nobody has, once that one is tried as often.
    for n, phone in enumerate(f"+628991000{n:04d}" for n in range(3)):
        await bot.say(phone, "Halo")
        await bot.say(phone, "0000000042")
        await bot.say(phone, f"0{n + 1}-01-2000")
    await bot.say("+6289910009999", "Halo")
    unknown = await bot.say("+6289910009999", "0000000042")
    await bot.say("+6289910009998", "Halo")
    known = await bot.say("+6289910009998", sample.DEMO_NISN)
    assert re.sub(r"\d+", "N", unknown) == re.sub(r"\d+", "N", known)

    # Staff see it in /belum, on the alumnus's line and no other.
    staff_phone = "+6281399990009"
    await add_staff(bot, staff_phone)
    await bot.say(staff_phone, "BELUM XII AKL 1")
    missing = told(bot, staff_phone).split("\n")  # a long list comes in several messages
    listed = [line for line in missing if line.startswith("•")]
    assert len(listed) > 10 and all("pesan terakhir" in line for line in listed)  # lines whole
    marked = [n for n, line in enumerate(missing) if "terlalu banyak percobaan" in line]
    assert len(marked) == 1 and NAME in missing[marked[0] - 1], missing

    # The alumnus themself still gets in, with the link from their own number.
    consent = await bot.say(DEMO_PHONE, f"MULAI {await token_of(bot, sample.DEMO_NISN)}")
    assert "setuju" in consent.lower()
    assert linked(bot) == [DEMO_PHONE]


async def test_the_roster_number_gets_in_with_the_birth_date_despite_a_locked_nisn(
    running: Running,  # noqa: F811
) -> None:
    bot = running
    for n in range(3):
        phone = f"+628992000{n:04d}"
        await bot.say(phone, "Halo")
        await bot.say(phone, sample.DEMO_NISN)
        await bot.say(phone, f"0{n + 1}-01-1999")
    assert "tanggal lahir" in await bot.say(DEMO_PHONE, "Halo")
    assert "setuju" in (await bot.say(DEMO_PHONE, DEMO_BIRTH)).lower()


async def test_a_forwarded_revoked_or_expired_link_shows_nothing_of_the_alumnus(
    running: Running,  # noqa: F811
) -> None:
    bot = running
    token = await token_of(bot, sample.DEMO_NISN)
    owner, classmate, stranger = "+6289930000001", "+6289930000002", "+6289930000003"
    assert "setuju" in (await bot.say(owner, f"MULAI {token}")).lower()

    asked = await bot.say(classmate, f"MULAI {token}")  # forwarded in the class group
    assert "lahir" in asked and "setuju" not in asked.lower()
    assert "tidak cocok" in await bot.say(classmate, "01-01-2001")
    assert "Eka" not in told(bot, classmate) and mask_name(NAME) not in told(bot, classmate)
    assert linked(bot) == [owner]
    assert "setuju" in (await bot.say(classmate, DEMO_BIRTH)).lower()
    assert sorted(linked(bot)) == sorted([owner, classmate])
    # Someone else's link, then their own NISN: no /start on WhatsApp, so a NISN starts over.
    other_alumnus = "+6289930000005"
    await bot.say(other_alumnus, f"MULAI {token}")
    assert "Terima kasih" in await bot.say(other_alumnus, "0077540466")
    assert "Apakah Anda A*** P*******?" in await bot.say(other_alumnus, "07-09-2007")

    [(alumnus_id,)] = bot.rows(f"SELECT id FROM alumni WHERE nisn = '{sample.DEMO_NISN}'")
    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            assert await invitations.revoke(session, SMK_SURVEY, alumnus_id, datetime.now(UTC))
    finally:
        await services.aclose()
    assert linked(bot) == [classmate]  # the chat the link had bound is out
    assert "tidak berlaku" in await bot.say(owner, f"MULAI {token}")
    assert "tidak berlaku" in await bot.say(stranger, f"MULAI {token}")

    other = await token_of(bot, "0077540466")  # Arif Pakpahan: a link not revoked
    bot.rows(f"UPDATE surveys SET closes_at = '2020-01-01 00:00:00.000000' WHERE id = {SMK_SURVEY}")
    expired = await bot.say("+6289930000004", f"MULAI {other}")
    assert "ditutup" in expired and "NISN" in expired and "Arif" not in expired


async def test_are_you_asks_for_ya_or_tidak_in_words(running: Running) -> None:  # noqa: F811
    """A number not on the roster: NISN, birth date, then "Apakah Anda A*** P*******?" with the
    words to answer (it said "hint_yes_no", a key missing from the catalogue)."""
    bot = running
    phone = "+6289940000001"
    await bot.say(phone, "Halo")
    await bot.say(phone, "0077540466")  # Arif Pakpahan
    question = await bot.say(phone, "07-09-2007")
    assert "Apakah Anda A*** P*******?" in question and "YA atau TIDAK" in question
    assert "setuju" in (await bot.say(phone, "ya")).lower()
