"""Alumni on WhatsApp: `jejak run` against the fake Twilio, signed webhooks both ways.

The real twilio client sends through the fake's REST API; the fake posts signed inbound messages
and status callbacks to Jejak's aiohttp server, as Twilio does.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes.jejak_run import WhatsAppRun, start_bot, stop_bot, whatsapp_run
from walkers import typed_answer

from bot.alumni import runner
from bot.cli import sample
from bot.services import create_services
from bot.whatsapp.channel import STATUS_PATH
from bot.whatsapp.client import WhatsAppClient
from bot.whatsapp.sender import TwilioSender
from config.loader import parse_questionnaire
from scheduler.clock import ManualClock
from scheduler.planning import plan_resends
from scheduler.service import Sweeper
from storage import database
from storage.reports.missing import missing_alumni
from storage.roster import repository as repo

DEMO_PHONE = "+6281260000001"  # the sample roster's phone of NISN 3074326411 (Eka Pratama)
DEMO_BIRTH = "21-04-2007"


Running = WhatsAppRun  # the name the tests of other files import


@pytest.fixture
async def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Running]:
    """The sample data and `jejak run` with only WhatsApp configured."""
    async with whatsapp_run(tmp_path, monkeypatch) as run:
        yield run


def question_at(bot: Running, nisn: str):
    position, source = bot.rows(
        "SELECT r.position, v.source FROM responses r JOIN alumni a ON r.alumnus_id = a.id "
        "JOIN questionnaire_versions v ON r.questionnaire_version_id = v.id "
        f"WHERE a.nisn = '{nisn}'"
    )[0]
    return parse_questionnaire(source, "q.yaml").question(position) if position else None


async def test_a_whole_questionnaire_over_whatsapp(running: Running) -> None:
    bot = running
    asked = await bot.say(DEMO_PHONE, "Halo")
    assert "tanggal lahir" in asked  # the roster knows this number: confirm with the birth date
    consent = await bot.say(DEMO_PHONE, DEMO_BIRTH)
    assert "YA" in consent or "ya" in consent.lower()
    reply = await bot.say(DEMO_PHONE, "ya")
    for _ in range(120):
        if bot.rows("SELECT status FROM responses")[0][0] == "completed":
            break
        if "KIRIM" in reply:
            reply = await bot.say(DEMO_PHONE, "kirim")
            continue
        question = question_at(bot, sample.DEMO_NISN)
        assert question is not None, bot.fake.format_transcript(DEMO_PHONE)
        other = "Sebutkan" in reply
        reply = await bot.say(
            DEMO_PHONE, "Lainnya" if other else typed_answer(question, {"nisn": sample.DEMO_NISN})
        )
    assert bot.rows("SELECT status FROM responses") == [("completed",)]
    bot_texts = [e.text or "" for e in bot.fake.transcript(DEMO_PHONE) if e.sender != "user"]
    assert any("\n1. " in x and "Balas dengan angka" in x for x in bot_texts)  # numbered lists
    [(identity,)] = bot.rows("SELECT external_id FROM channel_identities WHERE channel='whatsapp'")
    assert identity == DEMO_PHONE


async def test_an_unknown_number_is_asked_are_you_with_a_yes_no_hint(running: Running) -> None:
    """Not the raw catalogue key `hint_yes_no` under "Apakah Anda E** P******?"."""
    bot, phone = running, "+6281299990000"  # on no roster: NISN, birth date, then "is it you?"
    assert "NISN" in await bot.say(phone, "Halo")
    assert "tanggal lahir" in await bot.say(phone, sample.DEMO_NISN)
    asked = await bot.say(phone, DEMO_BIRTH)
    assert asked.startswith("Apakah Anda E") and asked.endswith("\nKetik YA atau TIDAK.")
    assert "Pratama" not in asked and "_" not in asked
    assert "ya" in (await bot.say(phone, "ya")).lower()


async def test_a_sender_on_a_number_the_roster_would_refuse_is_still_answered(
    running: Running,
) -> None:
    # Roster cells and typed replies must be mobile numbers (#12), but Twilio's From is the
    # number WhatsApp itself runs on: WhatsApp Business works on a landline, and a new mobile
    # range reaches people before phonenumbers knows it. It is read, never judged.
    for sender in ("+62215551234", "+6284012345678"):
        asked = await running.say(sender, "Halo")
        assert "NISN" in asked, running.fake.format_transcript(sender)
    [(identity,)] = running.rows(
        "SELECT count(*) FROM channel_identities WHERE channel = 'whatsapp'"
    )
    assert identity == 0  # asked who they are: nobody is linked before the NISN check


async def test_forged_and_repeated_messages_change_nothing(running: Running) -> None:
    bot = running
    await bot.say(DEMO_PHONE, "Halo")
    forged = await bot.fake.user_text(DEMO_PHONE, DEMO_BIRTH, forge=True)
    assert forged.status == 403
    await asyncio.sleep(0.3)
    assert bot.rows("SELECT count(*) FROM channel_identities") == [(0,)]
    await bot.say(DEMO_PHONE, DEMO_BIRTH)
    consent_reply = await bot.say(DEMO_PHONE, "ya")
    assert consent_reply
    answered = bot.rows("SELECT count(*) FROM answers")[0][0]
    first = await bot.fake.user_text(DEMO_PHONE, "Eka Pratama")
    await bot.fake.wait_messages(DEMO_PHONE, len(bot.fake.messages(DEMO_PHONE)))
    await asyncio.sleep(0.3)
    after_first = (
        bot.rows("SELECT count(*) FROM answers")[0][0],
        len(bot.fake.messages(DEMO_PHONE)),
    )
    assert after_first[0] == answered + 1
    await bot.fake.redeliver(first.message_sid)
    await asyncio.sleep(0.5)
    assert (bot.rows("SELECT count(*) FROM answers")[0][0], len(bot.fake.messages(DEMO_PHONE))) == (
        after_first
    )


async def replayed(bot: Running, phone: str, text: str, times: int = 3) -> list[str]:
    """`text` sent, then its MessageSid posted `times` times more (signed, as Twilio retries a
    webhook it got no quick answer to); every reply the bot sent for it."""
    before = len(bot.fake.messages(phone))
    first = await bot.fake.user_text(phone, text)
    for _ in range(times):
        again = await bot.fake.redeliver(first.message_sid)
        assert again.ok and again.empty_twiml, again
    await bot.fake.wait_messages(phone, before + 1)
    await asyncio.sleep(0.5)  # any extra reply has come by now
    return [m.text or "" for m in bot.fake.messages(phone)[before:]]


async def test_retried_messages_before_identification_are_handled_once(running: Running) -> None:
    """Replays of "Halo", the NISN and a wrong birth date: one reply each, the dialogue moves one
    step per message, one failed check counted (three replays used to lock a real alumnus out)."""
    bot = running
    stranger = "+6281299990077"  # on no roster: asked for the NISN
    [hello] = await replayed(bot, stranger, "Halo")
    assert "NISN" in hello
    [asked] = await replayed(bot, stranger, sample.DEMO_NISN)
    assert "tanggal lahir" in asked
    assert bot.rows("SELECT step FROM identity_checks") == [("birth_date",)]
    [failed] = await replayed(bot, stranger, "01-01-1990")
    assert "tidak cocok" in failed or "NISN" in failed
    assert bot.rows("SELECT step, failures, locked_until FROM identity_checks") == [
        ("nisn", 1, None)
    ]
    # Still free to try: the right NISN and birth date link the number.
    await bot.say(stranger, sample.DEMO_NISN)
    assert "Apakah Anda" in await bot.say(stranger, DEMO_BIRTH)
    stopper = "+6281299990078"
    [stopped] = await replayed(bot, stopper, "BERHENTI")
    assert "tidak akan kami hubungi lagi" in stopped
    assert bot.rows(f"SELECT count(*) FROM contact_opt_outs WHERE external_id = '{stopper}'") == [
        (1,)
    ]


async def test_a_locked_database_asks_to_send_again_and_keeps_nothing(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database held by another program (BEGIN EXCLUSIVE) longer than the retries: a "send
    it again", nothing stored, and the answer sent again after the lock is taken."""
    bot = running
    await stop_bot(bot.stop, bot.task)
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(runner, "BUSY_RETRIES", (0.05, 0.1))
    bot.stop, bot.task = await start_bot(bot.settings, scheduler=False)
    await bot.say(DEMO_PHONE, "Halo")
    await bot.say(DEMO_PHONE, DEMO_BIRTH)
    await bot.say(DEMO_PHONE, "ya")
    first = question_at(bot, sample.DEMO_NISN)
    answer = typed_answer(first, {"nisn": sample.DEMO_NISN})
    holder = sqlite3.connect(bot.db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        sorry = await bot.say(DEMO_PHONE, answer)
        assert "Kirim pesan itu sekali lagi" in sorry
        assert bot.rows("SELECT count(*) FROM answers") == [(0,)]
        assert question_at(bot, sample.DEMO_NISN) == first
        sid = [e.sid for e in bot.fake.transcript(DEMO_PHONE) if e.sender == "user"][-1]
        assert bot.rows(f"SELECT 1 FROM processed_messages WHERE message_id = '{sid}'") == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    await bot.say(DEMO_PHONE, answer)
    assert bot.rows("SELECT question_code FROM answers") == [(first.code,)]


async def test_media_gets_a_polite_text_only_reply(running: Running) -> None:
    bot = running
    before = len(bot.fake.messages(DEMO_PHONE))
    await bot.fake.user_media(DEMO_PHONE)
    await bot.fake.wait_messages(DEMO_PHONE, before + 1)
    assert "teks" in (bot.fake.last_message(DEMO_PHONE).text or "")


async def test_reminders_outside_the_window_need_a_template(
    running: Running, tmp_path: Path
) -> None:
    bot = running
    await bot.say(DEMO_PHONE, "Halo")
    await bot.say(DEMO_PHONE, DEMO_BIRTH)  # linked; consent not given yet
    template = "HX" + "cd" * 16
    bot.fake.approve_template(template, "Halo {{1}}, {{2}} menunggu jawaban Anda untuk {{3}}.")
    services = await create_services(bot.settings)
    # Two days on, 11:00 WITA: inside the sending hours, outside the 24-hour window.
    clock = ManualClock(datetime.now(UTC).replace(hour=3, minute=0) + timedelta(days=2))
    try:
        for templates, expected in (({}, "needs_template"), ({"reminder_start": template}, None)):
            settings = bot.settings.model_copy(update={"twilio_templates": templates})
            client = WhatsAppClient(settings, status_callback=bot.settings.public_url + STATUS_PATH)
            bot.fake.callback_order = "reversed"  # delivered, sent, queued: only forward counts
            sweeper = Sweeper(
                services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock
            )
            async with services.sessions() as session, session.begin():
                survey = await repo.get_survey(session, 1)
                assert survey is not None
                alumnus = await repo.get_alumnus(session, survey.institution_id, sample.DEMO_NISN)
                assert alumnus is not None
                day = f"test-{len(templates)}"
                await plan_resends(session, survey, [alumnus.id], clock.now(), day)
            before = len(bot.fake.messages(DEMO_PHONE))
            await sweeper.sweep()
            await client.aclose()
            status = bot.rows(f"SELECT status, last_error FROM deliveries WHERE key LIKE '%{day}'")
            async with services.sessions() as session:
                survey = await repo.get_survey(session, 1)
                assert survey is not None
                [person] = [
                    p for p in await missing_alumni(session, survey) if p.nisn == sample.DEMO_NISN
                ]
            if expected == "needs_template":
                assert status == [("failed", "needs_template")]
                assert len(bot.fake.messages(DEMO_PHONE)) == before  # nothing was sent
                assert person.last_failure == "needs_template"  # /belum says why
            else:
                assert status == [("sent", None)]
                assert person.last_failure is None
                last = bot.fake.last_message(DEMO_PHONE)
                assert last.content_sid == template and "Eka" in str(last.content_variables)
                await bot.fake.callbacks_settled()
                [(provider,)] = bot.rows(
                    f"SELECT provider_status FROM deliveries WHERE key LIKE '%{day}'"
                )
                assert provider == "delivered"
                answered = {d.status for d in bot.fake.callback_deliveries}
                assert answered == {204}
    finally:
        await services.aclose()


async def test_staff_registered_by_whatsapp_number_type_commands(running: Running) -> None:
    bot = running
    staff_phone = "+6281399990000"
    services = await create_services(bot.settings)
    try:
        from storage.models import StaffRole
        from storage.staff import members as staff_repo

        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            member = await staff_repo.add_staff(
                session, "Bu Sari", StaffRole.BKK, [(school.id, None)], datetime.now(UTC)
            )
            await staff_repo.link_person(
                session, member, "whatsapp", staff_phone, datetime.now(UTC)
            )
    finally:
        await services.aclose()
    stats = await bot.say(staff_phone, "STATISTIK")
    assert "XII AKL 1" in stats and "<b>" not in stats  # plain text: WhatsApp has no HTML
    missing = await bot.say(staff_phone, "belum XII AKL 1")
    assert "Eka Pratama" in missing
    # An alumnus typing the same word learns nothing.
    await bot.say(DEMO_PHONE, "Halo")
    refused = await bot.say(DEMO_PHONE, "statistik")
    assert "XII AKL 1" not in refused and "Eka" not in refused


async def test_an_invitation_link_opens_the_survey_without_questions(running: Running) -> None:
    bot = running
    from storage.access.invitations import ensure_invitations

    services = await create_services(bot.settings)
    try:
        async with services.sessions() as session, session.begin():
            lines = await ensure_invitations(session, 1, now=datetime.now(UTC))
    finally:
        await services.aclose()
    line = next(x for x in lines if x.nisn == sample.DEMO_NISN)
    stranger = "+6289900001111"  # not the roster's number: the token alone says who it is
    consent = await bot.say(stranger, f"MULAI {line.token}")
    assert "tanggal lahir" not in consent and "NISN" not in consent.split("\n")[0]
    assert bot.rows("SELECT external_id FROM channel_identities") == [(stranger,)]


async def test_staff_resend_writes_first_to_a_roster_number_by_template(running: Running) -> None:
    """Alumni who never wrote: /kirimulang reaches their roster number with a template only."""
    bot = running
    staff_phone = "+6281399990001"
    arif, arif_nisn = "+6281260000003", "0077540466"  # Arif Pakpahan, on the sample roster
    other, other_nisn = "+6281280000005", "0061040599"  # Rizky Nugroho
    template = "HX" + "ef" * 16
    bot.fake.approve_template(template, "Halo {{1}} dari {{2}}: {{3}}")
    services = await create_services(bot.settings)
    try:
        from storage.models import StaffRole
        from storage.staff import members as staff_repo

        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            member = await staff_repo.add_staff(
                session, "Bu Sari", StaffRole.BKK, [(school.id, None)], datetime.now(UTC)
            )
            await staff_repo.link_person(
                session, member, "whatsapp", staff_phone, datetime.now(UTC)
            )
        clock = ManualClock(datetime.now(UTC).replace(hour=3, minute=0) + timedelta(days=1))
        # Without a template first: the scheduler's own invitations to the rest of the roster
        # fail the same way then, so the sweep with the template sends only Arif's resend.
        for nisn, templates in ((other_nisn, {}), (arif_nisn, {"wa_invitation": template})):
            planned = await bot.say(staff_phone, f"KIRIMULANG {nisn}")
            assert "1 alumni" in planned, planned
            settings = bot.settings.model_copy(update={"twilio_templates": templates})
            client = WhatsAppClient(settings)
            sweeper = Sweeper(
                services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock
            )
            await sweeper.sweep()
            await client.aclose()
    finally:
        await services.aclose()
    [invitation] = bot.fake.messages(arif)
    assert invitation.content_sid == template and "Arif" in str(invitation.content_variables)
    assert bot.fake.messages(other) == []  # nothing without an approved template, and staff see why
    missing = await bot.say(staff_phone, "belum XII AKL 1")
    assert "perlu template" in missing
    # Arif answers the template: his number is on the roster, so only the birth date is asked.
    assert "tanggal lahir" in await bot.say(arif, "Halo")


async def test_a_rate_limit_reported_later_is_sent_again(running: Running) -> None:
    """Twilio accepts a reminder, then reports 63018: it goes again, once, a minute later."""
    bot = running
    await bot.say(DEMO_PHONE, "Halo")
    await bot.say(DEMO_PHONE, DEMO_BIRTH)  # linked, and inside the 24-hour window
    services = await create_services(bot.settings)
    # The next 11:00 WITA: inside the sending hours, and within 24 hours of the last message.
    now = datetime.now(UTC)
    eleven = now.replace(hour=3, minute=0, second=0, microsecond=0)
    clock = ManualClock(eleven if eleven > now else eleven + timedelta(days=1))
    client = WhatsAppClient(bot.settings, status_callback=bot.settings.public_url + STATUS_PATH)
    try:
        sweeper = Sweeper(
            services.sessions, {"whatsapp": TwilioSender(client, bot.settings)}, clock
        )
        sweeper.first_contact = False  # one resend only: no invitations to the rest of the roster
        async with services.sessions() as session, session.begin():
            survey = await repo.get_survey(session, 1)
            assert survey is not None
            alumnus = await repo.get_alumnus(session, survey.institution_id, sample.DEMO_NISN)
            assert alumnus is not None
            await plan_resends(session, survey, [alumnus.id], clock.now(), "rate")
        before = len(bot.fake.messages(DEMO_PHONE))
        bot.fake.fail_delivery_next(code=63018, to=DEMO_PHONE)
        await sweeper.sweep()
        await bot.fake.callbacks_settled()
        first = bot.rows("SELECT status, last_error, attempts FROM deliveries")
        assert first == [("pending", "whatsapp_63018", 1)]
        # Due again a minute after the callback (the webhook runs on real time, the sweeper on
        # the manual clock, which is already past that minute).
        [(due, at)] = bot.rows("SELECT next_attempt_at, updated_at FROM deliveries")
        assert datetime.fromisoformat(due) - datetime.fromisoformat(at) == timedelta(minutes=1)
        assert len(bot.fake.messages(DEMO_PHONE)) == before + 1
        await sweeper.sweep()
        await bot.fake.callbacks_settled()
        await sweeper.sweep()  # once: nothing more to send
        assert len(bot.fake.messages(DEMO_PHONE)) == before + 2
        assert bot.rows("SELECT status, provider_status FROM deliveries") == [("sent", "delivered")]
    finally:
        await client.aclose()
        await services.aclose()


async def test_the_scheduler_invites_roster_numbers_and_drops_those_that_fail(
    running: Running,
) -> None:
    """No chat yet: the scheduler's own invitation by template, then its reminders; a number
    Twilio refuses, or reports undelivered, gets nothing more."""
    bot = running
    refused, undelivered = "+6281260000003", "+6281280000005"  # Arif, Rizky on the sample roster
    template = "HX" + "ab" * 16
    bot.fake.approve_template(template, "Halo {{1}} dari {{2}}: {{3}}")
    bot.fake.fail_next(status=400, code=21211, to=refused, message="invalid 'To' number")
    bot.fake.fail_delivery_next(code=63003, status="undelivered", to=undelivered)
    settings = bot.settings.model_copy(update={"twilio_templates": {"wa_invitation": template}})
    client = WhatsAppClient(settings, status_callback=bot.settings.public_url + STATUS_PATH)
    services = await create_services(bot.settings)
    # The next 11:00 WITA: inside the sending hours.
    now = datetime.now(UTC)
    eleven = now.replace(hour=3, minute=0, second=0, microsecond=0)
    clock = ManualClock(eleven if eleven > now else eleven + timedelta(days=1))
    try:
        sweeper = Sweeper(services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock)
        invited = (await sweeper.sweep()).reminders_planned
        await bot.fake.callbacks_settled()
        assert (await sweeper.sweep()).reminders_planned == 0  # once
        clock.advance(timedelta(days=3))
        reminded = (await sweeper.sweep()).reminders_planned
        await bot.fake.callbacks_settled()
    finally:
        await client.aclose()
        await services.aclose()
    [(with_phone,)] = bot.rows("SELECT count(*) FROM alumni WHERE phone IS NOT NULL")
    assert invited == with_phone and reminded == with_phone - 2
    [invitation, reminder] = bot.fake.messages(DEMO_PHONE)
    assert invitation.content_sid == reminder.content_sid == template
    assert "Eka" in str(invitation.content_variables)
    assert bot.fake.messages(refused) == []
    assert len(bot.fake.messages(undelivered)) == 1
    errors = dict(bot.rows("SELECT key, last_error FROM deliveries WHERE status = 'failed'"))
    assert sorted(errors.values()) == ["twilio_21211", "whatsapp_63003"]


async def test_a_homeroom_teachers_morning_summary_respects_the_24_hour_window(
    running: Running,
) -> None:
    """Outside the window: the approved template, or nothing and `needs_template`; inside it
    (the teacher wrote): the summary itself, as WhatsApp text."""
    bot = running
    teacher = "+6281377770000"
    template = "HX" + "ef" * 16
    bot.fake.approve_template(
        template, "{{1}}: kelas {{2}}, {{3}} dari {{4}} selesai, {{5}} belum."
    )
    services = await create_services(bot.settings)
    try:
        from storage.models import StaffRole
        from storage.staff import members as staff_repo

        async with services.sessions() as session, session.begin():
            school = await repo.get_institution(session, sample.SMK_CODE)
            assert school is not None
            group = next(
                g for g in await repo.list_class_groups(session, school.id) if g.name == "XII AKL 1"
            )
            member = await staff_repo.add_staff(
                session, "Pak Budi", StaffRole.HOMEROOM, [(school.id, group.id)], datetime.now(UTC)
            )
            await staff_repo.link_person(session, member, "whatsapp", teacher, datetime.now(UTC))
        # 07:30 in Makassar (WITA, UTC+8), the summary's hour, on three mornings.
        first = datetime.now(UTC).replace(hour=23, minute=30, second=0, microsecond=0)
        clock = ManualClock(first)
        for day, templates in enumerate(({}, {"homeroom_daily": template}, {})):
            clock.set(first + timedelta(days=day))
            if day == 2:
                help_text = await bot.say(teacher, "BANTUAN")  # the teacher writes: window opens
                assert "STATISTIK" in help_text.upper()
                [(wrote,)] = bot.rows(
                    f"SELECT last_inbound_at FROM staff_chats WHERE external_id = '{teacher}'"
                )
                assert wrote is not None
                # The channel keeps real time; move the moment it noted to the test's clock.
                async with services.sessions() as session, session.begin():
                    await staff_repo.note_inbound(
                        session, "whatsapp", teacher, clock.now() - timedelta(hours=1)
                    )
            settings = bot.settings.model_copy(update={"twilio_templates": templates})
            client = WhatsAppClient(settings, status_callback=bot.settings.public_url + STATUS_PATH)
            sweeper = Sweeper(
                services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock
            )
            before = len(bot.fake.messages(teacher))
            await sweeper.sweep()
            await client.aclose()
            [(status, error)] = bot.rows(
                "SELECT status, last_error FROM deliveries WHERE kind = 'homeroom_daily' "
                "ORDER BY id DESC LIMIT 1"
            )
            sent = bot.fake.messages(teacher)[before:]
            assert status in ("sent", "failed"), f"day {day}: {status}"
            if day == 0:  # never wrote, no template: nothing goes, and staff can see why
                assert (status, error, sent) == ("failed", "needs_template", [])
            elif day == 1:  # never wrote, a template: the template, with the class's figures
                assert (status, error) == ("sent", None)
                [message] = sent
                assert message.content_sid == template
                variables = message.content_variables
                assert variables["2"] == "XII AKL 1" and int(variables["4"]) > 0
                assert int(variables["5"]) == int(variables["4"]) - int(variables["3"])
            else:  # wrote within 24 hours: the summary itself, bold as WhatsApp bold
                assert (status, error) == ("sent", None)
                [message] = sent
                assert message.content_sid is None
                assert "XII AKL 1" in (message.text or "") and "Eka Pratama" in (message.text or "")
                assert "<b>" not in (message.text or "") and "*" in (message.text or "")
    finally:
        await services.aclose()


async def test_a_number_written_to_first_can_say_berhenti_without_proving_who_it_is(
    running: Running,
) -> None:
    """UU PDP's right to stop: the invited number's BERHENTI ends first contact, at once, even
    for a round already planned, and it is not asked for a birth date first."""
    bot = running
    stranger = "+6281260000003"  # Arif's number on the sample roster; whoever holds it now
    template = "HX" + "ba" * 16
    bot.fake.approve_template(template, "Halo {{1}} dari {{2}}: {{3}}")
    settings = bot.settings.model_copy(update={"twilio_templates": {"wa_invitation": template}})
    client = WhatsAppClient(settings, status_callback=bot.settings.public_url + STATUS_PATH)
    services = await create_services(bot.settings)
    now = datetime.now(UTC)
    eleven = now.replace(hour=3, minute=0, second=0, microsecond=0)  # 11:00 WITA
    clock = ManualClock(eleven if eleven > now else eleven + timedelta(days=1))
    try:
        sweeper = Sweeper(services.sessions, {"whatsapp": TwilioSender(client, settings)}, clock)
        await sweeper.sweep()
        [invitation] = bot.fake.messages(stranger)
        assert invitation.content_sid == template
        reply = await bot.say(stranger, "BERHENTI")
        assert "tidak akan kami hubungi lagi" in reply
        assert "tanggal lahir" not in reply
        # A round planned before the BERHENTI (a staff resend today) is skipped when its turn
        # comes; later rounds are not planned at all.
        async with services.sessions() as session, session.begin():
            survey = await repo.get_survey(session, 1)
            assert survey is not None
            arif = next(
                a for a in await missing_alumni(session, survey) if a.name.startswith("Arif")
            )
            await plan_resends(session, survey, [arif.alumnus_id], clock.now(), "after-stop")
        await sweeper.sweep()
        for _ in range(3):
            clock.advance(timedelta(days=7))
            await sweeper.sweep()
        await bot.fake.callbacks_settled()
    finally:
        await client.aclose()
        await services.aclose()
    sent = bot.fake.messages(stranger)
    assert [m.content_sid for m in sent] == [template, None]  # the invitation, then our reply
    [(skipped,)] = bot.rows("SELECT last_error FROM deliveries WHERE key LIKE '%after-stop'")
    assert skipped == "opted_out"
    planned = bot.rows(
        f"SELECT key FROM deliveries WHERE alumnus_id = {arif.alumnus_id} "
        "AND key NOT LIKE '%after-stop'"
    )
    assert [k for (k,) in planned] == [f"invitation:1:{arif.alumnus_id}"]  # no reminder rounds
    assert len(bot.fake.messages(DEMO_PHONE)) == 4  # everyone else: invitation and 3 reminders


async def test_the_identity_dialogue_survives_a_restart(running: Running) -> None:
    """The birth date asked before a restart is read after it (several processes: the same)."""
    bot = running
    assert "tanggal lahir" in await bot.say(DEMO_PHONE, "Halo")
    await stop_bot(bot.stop, bot.task)
    bot.stop, bot.task = await start_bot(bot.settings, scheduler=False)
    consent = await bot.say(DEMO_PHONE, DEMO_BIRTH)
    assert "ya" in consent.lower() and "tanggal lahir" not in consent
    [(identity,)] = bot.rows("SELECT external_id FROM channel_identities WHERE channel='whatsapp'")
    assert identity == DEMO_PHONE
    assert bot.rows("SELECT count(*) FROM identity_checks WHERE step IS NOT NULL") == [(0,)]


async def test_a_small_income_is_asked_back_as_a_numbered_yes_or_no(running: Running) -> None:
    bot = running
    await bot.say(DEMO_PHONE, "Halo")
    await bot.say(DEMO_PHONE, DEMO_BIRTH)
    await bot.say(DEMO_PHONE, "ya")
    for _ in range(40):
        question = question_at(bot, sample.DEMO_NISN)
        assert question is not None, bot.fake.format_transcript(DEMO_PHONE)
        if question.code == "gaji":
            break
        # Working (status 1 by default), nothing else besides (4): the pay question comes.
        typed = typed_answer(question, {"nisn": sample.DEMO_NISN, "status_juga": "4"})
        await bot.say(DEMO_PHONE, typed)
    asked = await bot.say(DEMO_PHONE, "4500")
    assert "Rp 4.500.000?" in asked and "\n1. Ya\n2. Tidak" in asked
    again = await bot.say(DEMO_PHONE, "2")  # no: the question again, nothing stored
    assert "satuan" in again
    assert bot.rows("SELECT count(*) FROM answers WHERE question_code = 'gaji'") == [(0,)]
    await bot.say(DEMO_PHONE, "4500")
    await bot.say(DEMO_PHONE, "1")
    stored = bot.rows("SELECT value, raw_text FROM answers WHERE question_code = 'gaji'")
    assert stored == [(4_500_000, "4500")]
