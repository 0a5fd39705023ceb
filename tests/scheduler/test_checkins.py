"""The yearly check-in (#17): planned once per interval, sent in local hours, answered; and chats
whose messages fail for good dropping the alumnus to their next channel.

The scheduler runs with the recording sender; answers go through bot/alumni/checkin.py on real
SQLite. The end-to-end tests with the fake Telegram and Twilio servers are in
tests/telegram/test_checkin_e2e.py and tests/whatsapp/test_checkin_whatsapp.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import INVITED, ZONES, RecordingSender, Study, build_study

from bot.alumni import checkin
from bot.whatsapp import errors as whatsapp_errors
from bot.whatsapp.statuses import record_status
from scheduler.checkins import CHANGE, CONFIRM, STOP, TEMPLATE, checkin_key
from scheduler.clock import ManualClock
from scheduler.compose import FIRST_CONTACT
from scheduler.outbox import SendResult, SendStatus
from scheduler.service import Sweeper
from storage.deliveries import checkins as checkin_rows
from storage.deliveries.opt_outs import is_opted_out
from storage.models import (
    Alumnus,
    ChannelIdentity,
    ContactOptOut,
    Delivery,
    DeliveryKind,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
)
from storage.reports.missing import Reach, missing_alumni
from storage.roster import repository as repo

Sessions = async_sessionmaker[AsyncSession]
CLOSED = INVITED + timedelta(days=60)  # the study's survey closes two months after it opened
# A year and a week after the chats were linked: 13:00 UTC is 20:00 in Jakarta (too late).
A_YEAR_ON = datetime(2027, 3, 9, 13, 0, tzinfo=UTC)
MORNING = datetime(2027, 3, 10, 1, 0, tzinfo=UTC)  # 08:00 WIB


async def checkins(sessions: Sessions) -> list[Delivery]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(Delivery)
                .where(Delivery.kind == DeliveryKind.CHECKIN.value)
                .order_by(Delivery.id)
            )
        )


async def alumnus(sessions: Sessions, alumnus_id: int) -> Alumnus:
    async with sessions() as session:
        found = await session.get(Alumnus, alumnus_id)
        assert found is not None
        return found


async def one_school(sessions: Sessions, per_class: int = 1) -> Study:
    """Jakarta's school, its survey closed: every alumnus linked on Telegram at INVITED."""
    return await build_study(sessions, per_class=per_class, zones={"WIB": ZONES["WIB"]},
                             closes_at=CLOSED)  # fmt: skip


async def test_a_check_in_goes_once_a_year_in_local_hours_with_three_buttons(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await one_school(sessions)
    sweeper = Sweeper(sessions, {"telegram": sender}, clock, checkin_months=12)
    clock.set(INVITED + timedelta(days=300))
    assert (await sweeper.sweep()).checkins_planned == 0  # not a year yet
    clock.set(A_YEAR_ON)
    report = await sweeper.sweep()
    assert report.checkins_planned == 2
    assert sender.sent == [] and report.delivery.postponed == 2  # 20:00 in Jakarta: tomorrow
    clock.set(MORNING)
    for _ in range(5):  # more sweeps, days later: nothing more this year
        await sweeper.sweep()
        clock.advance(timedelta(days=3))
    assert sorted(e for e, _, _ in sender.sent) == sorted(study.chats.values())
    for _, message, when in sender.sent:
        assert when.astimezone(ZoneInfo(ZONES["WIB"])).hour == 8
        assert message.text.startswith("Halo Alumni,") and "SMK WIB" in message.text
        assert [data for _, data in message.buttons] == [CONFIRM, CHANGE, STOP]
        assert [label for label, _ in message.buttons] == ["Ya, masih", "Ganti nomor", "Berhenti"]
        assert message.template == TEMPLATE
    keys = {d.key for d in await checkins(sessions)}
    assert keys == {checkin_key(a, INVITED, 1) for a in study.alumni.values()}
    # Unanswered, it comes again the year after; a second sweeper (process) adds nothing.
    clock.set(A_YEAR_ON + timedelta(days=366))
    other = Sweeper(sessions, {"telegram": sender}, clock, checkin_months=12)
    assert (await sweeper.sweep()).checkins_planned == 2
    assert (await other.sweep()).checkins_planned == 0
    # Turned off: nothing.
    clock.set(A_YEAR_ON + timedelta(days=800))
    assert (await Sweeper(sessions, {"telegram": sender}, clock).sweep()).checkins_planned == 0


async def test_no_check_in_while_a_survey_waits_after_a_recent_confirmation_or_an_opt_out(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await one_school(sessions, per_class=2)
    stopped, confirmed, berhenti, plain = (study.alumni[n] for n in sorted(study.alumni))
    survey = study.surveys["WIB"]
    async with sessions() as session, session.begin():
        version = survey.questionnaire_version_id
        session.add(
            Response(
                survey_id=survey.id,
                alumnus_id=stopped,
                questionnaire_version_id=version,
                status=ResponseStatus.OPTED_OUT.value,
                invited_at=INVITED,
                updated_at=INVITED,
            )
        )
        await session.execute(
            update(Alumnus).where(Alumnus.id == confirmed).values(phone_confirmed_at=A_YEAR_ON)
        )
        by_id = {a: n for n, a in study.alumni.items()}
        session.add(
            ContactOptOut(
                channel="telegram", external_id=study.chats[by_id[berhenti]], created_at=INVITED
            )
        )
        # A new survey of the same cohort opens: its reminders speak, not the check-in.
        await repo.create_survey(
            session,
            institution_id=survey.institution_id,
            questionnaire_version=await session.get(QuestionnaireVersion, version),
            name="Tracer WIB again",
            graduation_year=2025,
            opens_at=A_YEAR_ON - timedelta(days=1),
            closes_at=A_YEAR_ON + timedelta(days=10),
            now=A_YEAR_ON,
        )
    sweeper = Sweeper(sessions, {"telegram": sender}, clock, checkin_months=12)
    clock.set(A_YEAR_ON)
    assert (await sweeper.sweep()).checkins_planned == 0  # the open survey waits for them all
    clock.set(A_YEAR_ON + timedelta(days=11))  # it closed
    assert (await sweeper.sweep()).checkins_planned == 1
    [only] = await checkins(sessions)
    assert only.alumnus_id == plain


async def test_answers_keep_change_or_stop_the_number(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await one_school(sessions, per_class=2)
    sweeper = Sweeper(sessions, {"telegram": sender}, clock, checkin_months=12)
    clock.set(MORNING)
    await sweeper.sweep()
    keeps, changes, stops, silent = sorted(study.chats.values())
    by_chat = {study.chats[n]: a for n, a in study.alumni.items()}
    now = MORNING + timedelta(hours=2)

    async def say(chat: str, text: str = "", button: str | None = None) -> str:
        reply = await checkin.answer(sessions, "telegram", chat, now, text=text, button=button)
        assert reply is not None
        return reply.text

    # "Ya, masih": the number is confirmed now; the check-in is answered.
    assert "tetap kami catat" in await say(keeps, button=CONFIRM)
    assert (await alumnus(sessions, by_chat[keeps])).phone_confirmed_at == now
    assert await checkin.answer(sessions, "telegram", keeps, now, text="ya") is None
    # "Ganti nomor", then a bad number (told what is wrong), then a good one.
    assert "nomor WhatsApp Anda yang baru" in await say(changes, button=CHANGE)
    bad = await say(changes, "0812 345")
    assert "kurang angka" in bad and "YA" in bad
    assert "+6281399998888" in await say(changes, "nomor saya 0813-9999-8888")
    changed = await alumnus(sessions, by_chat[changes])
    assert changed.phone == "+6281399998888"
    assert changed.phone_changed_at == now and changed.phone_confirmed_at == now
    # BERHENTI: the chat and the roster number are never written to again.
    async with sessions() as session, session.begin():
        await session.execute(
            update(Alumnus).where(Alumnus.id == by_chat[stops]).values(phone="+6281200001111")
        )
    assert "tidak akan menghubungi" in await say(stops, "berhenti")
    async with sessions() as session:
        assert await is_opted_out(session, "telegram", stops)
        assert await is_opted_out(session, "whatsapp", "+6281200001111")
    # Anything else asks again, with the buttons.
    reply = await checkin.answer(sessions, "telegram", silent, now, text="siapa ini?")
    assert reply is not None and [d for _, d in reply.buttons] == [CONFIRM, CHANGE, STOP]
    # A year on, everyone is asked again but the one who stopped.
    clock.set(MORNING + timedelta(days=366))
    await sweeper.sweep()
    asked_again = {d.alumnus_id for d in await checkins(sessions) if d.created_at > now}
    assert by_chat[stops] not in asked_again
    assert {by_chat[silent], by_chat[keeps], by_chat[changes]} <= asked_again
    keys = {d.key for d in await checkins(sessions)}
    assert checkin_key(by_chat[keeps], now, 1) in keys  # a year after they confirmed
    assert checkin_key(by_chat[silent], INVITED, 2) in keys  # the second year unanswered


def test_the_check_in_words() -> None:
    read = checkin.read_answer
    assert read("YA") is read("ya, masih") is read("Masih") is checkin.Choice.CONFIRM
    assert read("GANTI") is read("ganti nomor") is read("tidak") is checkin.Choice.CHANGE
    assert read("CHANGE") is read("new number") is checkin.Choice.CHANGE
    assert read("BERHENTI") is read("stop") is checkin.Choice.STOP
    assert read("0812 3456 7890") is checkin.Choice.NUMBER
    assert read("halo") is checkin.Choice.OTHER


def test_the_unreachable_codes_are_the_whatsapp_errors() -> None:
    codes = set(checkin_rows.UNREACHABLE_CODES)
    assert whatsapp_errors.NOT_ON_WHATSAPP | {whatsapp_errors.BLOCKED} <= codes
    assert whatsapp_errors.OUTSIDE_WINDOW not in codes  # recorded as needs_template, listed so


async def test_a_blocked_telegram_chat_drops_the_alumnus_to_their_roster_number(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    blocked_nisn, fine_nisn = sorted(study.alumni)
    phones = {blocked_nisn: "+6281211110001", fine_nisn: "+6281211110002"}
    async with sessions() as session, session.begin():
        for nisn, phone in phones.items():
            await session.execute(
                update(Alumnus).where(Alumnus.id == study.alumni[nisn]).values(phone=phone)
            )
    sender.results[study.chats[blocked_nisn]] = [SendResult(SendStatus.BLOCKED, "Forbidden")]
    whatsapp = RecordingSender(channel="whatsapp", clock=clock)
    sweeper = Sweeper(sessions, {"telegram": sender, "whatsapp": whatsapp}, clock)
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # 09:00 WIB, day 3: the first reminder
    await sweeper.sweep()
    async with sessions() as session:
        chat = await repo.find_identity(session, "telegram", study.chats[blocked_nisn])
        assert chat is not None and chat.reachable is False
    assert whatsapp.sent == []
    for _ in range(24 * 3):  # three more days, every hour
        clock.advance(timedelta(hours=1))
        await sweeper.sweep()
    # The next message to the blocked one went to their roster number, by WhatsApp template.
    [(message, when)] = whatsapp.to(phones[blocked_nisn])
    assert message.template == FIRST_CONTACT and message.window_open is False
    assert when - datetime(2026, 3, 6, 2, 0, tzinfo=UTC) >= timedelta(days=2)  # MIN_GAP
    assert whatsapp.to(phones[fine_nisn]) == []  # the other one is still reached on Telegram
    assert len(sender.to(study.chats[fine_nisn])) == 1


async def test_a_whatsapp_chat_that_fails_for_good_is_marked_and_the_next_channel_used(
    sessions: Sessions, clock: ManualClock
) -> None:
    """63016 with no template (at once, or by callback) marks the chat when the alumnus has
    another number; no WhatsApp account (63003) always does; an only channel that needs a
    template stays, for a template staff may still add."""
    study = await build_study(sessions, per_class=2, zones={"WIB": ZONES["WIB"]})
    by_sync, by_callback, only_channel, no_whatsapp = sorted(study.alumni)
    chats = {nisn: f"+628122222000{n}" for n, nisn in enumerate(sorted(study.alumni))}
    roster = {by_sync: "+6281333330001", by_callback: "+6281333330002"}
    roster |= {only_channel: chats[only_channel], no_whatsapp: chats[no_whatsapp]}
    async with sessions() as session, session.begin():
        for nisn, number in chats.items():
            await session.execute(
                update(ChannelIdentity)
                .where(ChannelIdentity.alumnus_id == study.alumni[nisn])
                .values(channel="whatsapp", external_id=number)
            )
            await session.execute(
                update(Alumnus).where(Alumnus.id == study.alumni[nisn]).values(phone=roster[nisn])
            )
    whatsapp = RecordingSender(channel="whatsapp", clock=clock)
    # Twilio refuses at once (no template outside the window), or accepts and later reports
    # 63016 (by_callback), or says the number has no WhatsApp.
    for nisn in (by_sync, only_channel):
        whatsapp.results[chats[nisn]] = [SendResult(SendStatus.FAILED, "needs_template")]
    whatsapp.results[chats[no_whatsapp]] = [SendResult(SendStatus.FAILED, "twilio_63003")]
    sweeper = Sweeper(sessions, {"whatsapp": whatsapp}, clock)
    day3 = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)  # 09:00 WIB, the first reminder
    clock.set(day3)
    await sweeper.sweep()
    [(message, _)] = whatsapp.to(chats[by_callback])
    assert message.window_open is False  # they last wrote days ago
    async with sessions() as session, session.begin():
        sid = await session.scalar(
            select(Delivery.provider_message_id).where(
                Delivery.alumnus_id == study.alumni[by_callback]
            )
        )
        assert sid is not None
        params = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "63016"}
        assert await record_status(session, params, clock.now()) is True
    clock.advance(timedelta(minutes=1))
    await sweeper.sweep()
    async with sessions() as session:
        rows = await session.execute(select(ChannelIdentity.external_id, ChannelIdentity.reachable))
        reachable = {number: flag for number, flag in rows}
        assert reachable == {
            chats[by_sync]: False,
            chats[by_callback]: False,
            chats[only_channel]: True,
            chats[no_whatsapp]: False,
        }
        missing = {
            m.alumnus_id: m.reach for m in await missing_alumni(session, study.surveys["WIB"])
        }
        assert missing[study.alumni[by_sync]] is Reach.BLOCKED  # /belum shows it
        assert missing[study.alumni[only_channel]] is Reach.REACHABLE
    # Two days on: the marked ones get the first contact on their roster number instead, except
    # the number that has no WhatsApp at all.
    for _ in range(24 * 2):
        clock.advance(timedelta(hours=1))
        await sweeper.sweep()
    for nisn in (by_sync, by_callback):
        [(invitation, _)] = whatsapp.to(roster[nisn])
        assert invitation.template == FIRST_CONTACT and invitation.window_open is False
    assert len(whatsapp.to(chats[no_whatsapp])) == 0  # its one try failed: nothing since
    # Writing again makes a chat reachable, and its old failure does not undo that.
    async with sessions() as session, session.begin():
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.external_id == chats[by_sync])
            .values(reachable=True, last_inbound_at=clock.now() + timedelta(seconds=1))
        )
    clock.advance(timedelta(minutes=1))
    await sweeper.sweep()
    async with sessions() as session:
        chat = await repo.find_identity(session, "whatsapp", chats[by_sync])
        assert chat is not None and chat.reachable is True


async def test_a_chat_that_said_berhenti_to_a_check_in_gets_no_survey_reminder(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    stopped, other = sorted(study.alumni)
    async with sessions() as session, session.begin():
        await checkin_rows.stop_contact(
            session, study.alumni[stopped], "telegram", study.chats[stopped], INVITED
        )
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # day 3, 09:00 WIB: the first reminder
    await sweeper.sweep()
    assert [e for e, _, _ in sender.sent] == [study.chats[other]]
    async with sessions() as session:
        skipped = await session.scalar(
            select(Delivery.last_error).where(Delivery.alumnus_id == study.alumni[stopped])
        )
    assert skipped == "opted_out"  # the stop holds for every channel of theirs
