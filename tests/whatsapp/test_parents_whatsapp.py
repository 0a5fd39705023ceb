"""A parent's number on WhatsApp, end to end: `jejak run` and the sweep against the fake Twilio.

Eka Pratama (the sample roster's first alumna) has no own number here and no chat, so her
parent's number (the roster's no_hp_ortu) gets the wa_parent template at once, once; the parent
answers "salah nomor", which ends it, and /belum tells staff so.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from whatsapp.test_identity_attacks import add_staff, told
from whatsapp.test_whatsapp_e2e import Running, running  # noqa: F401

from bot.cli import sample
from bot.services import create_services
from bot.whatsapp.channel import STATUS_PATH
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from scheduler.clock import ManualClock
from scheduler.parents import ParentContact
from scheduler.service import Sweeper

EKA_PARENT = "+6281240000002"  # Eka Pratama's no_hp_ortu on roster_smk.csv
ARIF_PARENT = "+6281230000004"
RIZKY_PARENT = "+6281240000006"
TEMPLATE = "HX" + "ab" * 16


async def sweep_once(bot: Running, clock: ManualClock, messages: int = 1) -> None:
    """One sweep of a scheduler sending through the fake Twilio, wa_parent approved."""
    settings = bot.settings.model_copy(
        update={"twilio_templates": {"wa_parent": TEMPLATE}, "parent_messages": messages}
    )
    services = await create_services(settings)
    client = WhatsAppClient(settings, status_callback=(settings.public_url or "") + STATUS_PATH)
    try:
        sweeper = Sweeper(
            services.sessions,
            {"whatsapp": TwilioSender(client, settings)},
            clock,
            parents=ParentContact.from_settings(settings),
        )
        await sweeper.sweep()
        await bot.fake.callbacks_settled()
    finally:
        await client.aclose()
        await services.aclose()


async def test_the_parent_gets_one_template_and_salah_nomor_ends_it(running: Running) -> None:  # noqa: F811
    bot = running
    bot.fake.approve_template(
        TEMPLATE, "Kami dari {{1}}. Mohon teruskan tautan ini kepada {{2}}: {{3}}"
    )
    bot.rows("SELECT 1")  # the database is there
    _execute(bot, f"UPDATE alumni SET phone = NULL WHERE nisn = '{sample.DEMO_NISN}'")
    # 11:00 WITA two days on: inside the sending hours.
    clock = ManualClock(datetime.now(UTC).replace(hour=3, minute=0) + timedelta(days=2))
    await sweep_once(bot, clock)
    [message] = bot.fake.messages(EKA_PARENT)
    assert message.content_sid == TEMPLATE
    variables = str(message.content_variables)
    assert "SMK Negeri 99 Contoh" in variables and "Eka" in variables and "wa.me" in variables
    [(token,)] = bot.rows(
        "SELECT i.token FROM invitations i JOIN alumni a ON a.id = i.alumnus_id "
        f"WHERE a.nisn = '{sample.DEMO_NISN}' AND i.survey_id = 1"
    )
    assert token in variables  # her personal link, "MULAI <token>"
    assert bot.rows("SELECT key, status FROM deliveries WHERE kind = 'parent'") == [
        (f"parent:1:{_alumnus(bot, sample.DEMO_NISN)}:1", "sent")
    ]
    # Another sweep, and another a day later: nothing more to the parent.
    await sweep_once(bot, clock)
    clock.advance(timedelta(days=1))
    await sweep_once(bot, clock)
    assert len(bot.fake.messages(EKA_PARENT)) == 1

    reply = await bot.say(EKA_PARENT, "Salah nomor")
    assert "tidak akan kami hubungi lagi" in reply and "Mohon maaf" in reply
    assert bot.rows("SELECT channel, external_id FROM contact_opt_outs") == [
        ("whatsapp", EKA_PARENT)
    ]
    assert bot.rows("SELECT last_error FROM deliveries WHERE kind = 'parent'") == [
        ("wrong_number",)
    ]
    # Even with more messages allowed, a week later: never again to that number.
    clock.advance(timedelta(days=8))
    await sweep_once(bot, clock, messages=3)
    assert len([m for m in bot.fake.messages(EKA_PARENT) if m.content_sid]) == 1

    # /belum: the routes tried on the line under Eka's.
    staff = "+6281399990009"
    await add_staff(bot, staff)
    await bot.say(staff, "BELUM XII AKL 1")
    await asyncio.sleep(0.3)  # a long list comes in several messages
    lines = told(bot, staff).split("\n")
    [at] = [n for n, line in enumerate(lines) if "Eka Pratama" in line]
    assert "ortu" in lines[at + 1] and "salah nomor" in lines[at + 1], lines[at : at + 2]


async def test_berhenti_from_a_parent_is_thanked_once_and_anything_else_goes_the_usual_way(
    running: Running,  # noqa: F811
) -> None:
    bot = running
    reply = await bot.say(RIZKY_PARENT, "BERHENTI")
    assert "tidak akan kami hubungi lagi" in reply and "alumni" not in reply
    before = len(bot.fake.messages(RIZKY_PARENT))
    await bot.fake.user_text(RIZKY_PARENT, "berhenti")
    await asyncio.sleep(0.5)
    assert len(bot.fake.messages(RIZKY_PARENT)) == before  # nothing more is ever sent there
    assert bot.rows("SELECT external_id FROM contact_opt_outs") == [(RIZKY_PARENT,)]
    # "Bukan" while the identity dialogue is open answers it: no opt-out (maybe the alumnus
    # on a parent's phone).
    asked = await bot.say(ARIF_PARENT, "Halo")
    assert "NISN" in asked
    await bot.say(ARIF_PARENT, "bukan")
    assert bot.rows("SELECT external_id FROM contact_opt_outs") == [(RIZKY_PARENT,)]


def _execute(bot: Running, sql: str) -> None:
    import sqlite3

    with sqlite3.connect(bot.db) as conn:
        conn.execute(sql)


def _alumnus(bot: Running, nisn: str) -> int:
    [(alumnus_id,)] = bot.rows(f"SELECT id FROM alumni WHERE nisn = '{nisn}'")
    return int(alumnus_id)
