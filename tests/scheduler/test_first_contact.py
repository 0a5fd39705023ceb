"""The scheduler's WhatsApp first contact: an invitation to roster numbers, then the reminders.

Alumni here have a roster number and no chat on any channel. The sender records what the outbox
hands it and can be told to fail (the Twilio sender itself is tested against the fake Twilio).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from studies import INVITED, ZONES, RecordingSender, Study, build_study

from bot.alumni.runner import ConversationRunner
from bot.services import Services
from bot.staff.desk import StaffDesk
from bot.staff.types import Caller
from bot.whatsapp.statuses import record_status
from config.settings import Settings
from scheduler.clock import ManualClock
from scheduler.compose import FIRST_CONTACT
from scheduler.outbox import MAX_ATTEMPTS, SendResult, SendStatus
from scheduler.policy import Contact, Hold, ReminderPolicy, next_round
from scheduler.service import Sweeper
from storage.deliveries.planning import Planned, add_deliveries
from storage.models import Alumnus, ChannelIdentity, Delivery, DeliveryKind, StaffRole
from storage.roster import repository as repo
from storage.roster.importing import import_roster
from storage.staff import members as staff_repo

Sessions = async_sessionmaker[AsyncSession]
DAYS = ReminderPolicy().days  # the surveys keep the default policy
# Five days after the invitation links were made: the first contact's days count from its own
# sending, not from the links (which would make a reminder due at once).
LATER = INVITED + timedelta(days=5)


async def roster_numbers_only(sessions: Sessions, study: Study) -> dict[str, str]:
    """Give every alumnus a roster number and take their chats away; nisn -> number."""
    phones = {nisn: f"+62812{n:07d}" for n, nisn in enumerate(sorted(study.alumni))}
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        for nisn, phone in phones.items():
            await session.execute(
                update(Alumnus).where(Alumnus.id == study.alumni[nisn]).values(phone=phone)
            )
    return phones


async def deliveries(sessions: Sessions) -> list[Delivery]:
    async with sessions() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def run_until(sweeper: Sweeper, clock: ManualClock, end: datetime) -> None:
    """Sweep every hour of simulated time until `end`."""
    while clock.now() < end:
        await sweeper.sweep()
        clock.advance(timedelta(hours=1))


def whatsapp(clock: ManualClock) -> RecordingSender:
    return RecordingSender(channel="whatsapp", clock=clock)


async def test_the_invitation_goes_once_at_local_morning_in_each_zone(
    sessions: Sessions, clock: ManualClock
) -> None:
    zones = {"WIB": ZONES["WIB"], "WIT": ZONES["WIT"]}
    study = await build_study(sessions, per_class=1, zones=zones)
    phones = await roster_numbers_only(sessions, study)
    sender = whatsapp(clock)
    sweeper = Sweeper(sessions, {"whatsapp": sender}, clock)
    # 22:00 WIB, 00:00 WIT: the survey is open, but it is night in both schools.
    assert (await sweeper.sweep()).reminders_planned == 0
    assert await deliveries(sessions) == []
    await run_until(sweeper, clock, INVITED + timedelta(days=2))
    for n, zone in enumerate(zones.values(), start=1):
        for nisn, phone in phones.items():
            if not nisn.startswith(f"00{n}"):
                continue
            [(message, when)] = sender.to(phone)
            assert message.template == FIRST_CONTACT and message.window_open is False
            assert "Alumni" in message.variables[0]  # the first name, from the roster
            local = when.astimezone(ZoneInfo(zone))
            assert local.hour == 8, (zone, local)
            opened = INVITED.astimezone(ZoneInfo(zone))
            assert local.date() == opened.date() + timedelta(days=opened.hour >= 8)
    rows = await deliveries(sessions)
    assert sorted(d.key for d in rows) == sorted(
        f"invitation:{study.surveys[label].id}:{study.alumni[nisn]}"
        for n, label in enumerate(zones, start=1)
        for nisn in phones
        if nisn.startswith(f"00{n}")
    )
    assert {(d.kind, d.round, d.status) for d in rows} == {(DeliveryKind.REMINDER.value, 0, "sent")}
    # Two more sweeps plan nothing more (the reminders wait for their days).
    assert (await sweeper.sweep()).reminders_planned == 0
    assert (await sweeper.sweep()).reminders_planned == 0
    assert len(await deliveries(sessions)) == len(rows)


async def test_reminders_follow_the_invitation_on_the_policy_days_up_to_the_cap(
    sessions: Sessions, clock: ManualClock
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WITA": ZONES["WITA"]})
    phones = await roster_numbers_only(sessions, study)
    sender = whatsapp(clock)
    sweeper = Sweeper(sessions, {"whatsapp": sender}, clock)
    clock.set(LATER)
    await run_until(sweeper, clock, LATER + timedelta(days=max(DAYS) + 10))
    for phone in phones.values():
        received = sender.to(phone)
        assert len(received) == 1 + len(DAYS)  # the invitation, then the cap of reminders
        invited_at = received[0][1]
        assert [w - invited_at for _, w in received[1:]] == [timedelta(days=d) for d in DAYS]
        # Still no chat: every one of them is the first-contact template to the roster number.
        assert {(m.template, m.window_open) for m, _ in received} == {(FIRST_CONTACT, False)}
    rounds = sorted(d.round for d in await deliveries(sessions))
    assert rounds == sorted(list(range(len(DAYS) + 1)) * len(phones))


async def test_a_number_that_failed_for_good_gets_nothing_more(
    sessions: Sessions, clock: ManualClock
) -> None:
    """Invalid number, undelivered by callback: stop. No template yet, retries ran out: go on."""
    study = await build_study(sessions, per_class=2, zones={"WITA": ZONES["WITA"]})
    phones = await roster_numbers_only(sessions, study)
    invalid, undelivered, no_template, flaky = (phones[n] for n in sorted(phones))
    sender = whatsapp(clock)
    sender.results[invalid] = [SendResult(SendStatus.FAILED, "twilio_21211")]
    sender.results[no_template] = [SendResult(SendStatus.FAILED, "needs_template")]
    sender.results[flaky] = [SendResult(SendStatus.RETRY, "twilio_20429")] * MAX_ATTEMPTS
    sweeper = Sweeper(sessions, {"whatsapp": sender}, clock)
    clock.set(LATER)
    await run_until(sweeper, clock, LATER + timedelta(days=1))
    # Twilio accepted the invitation to `undelivered`, then reported it could not deliver it.
    assert len(sender.to(undelivered)) == 1
    async with sessions() as session, session.begin():
        sid = await session.scalar(
            select(Delivery.provider_message_id).where(
                Delivery.alumnus_id == study.alumni[sorted(phones)[1]]
            )
        )
        assert sid is not None
        callback = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "63003"}
        assert await record_status(session, callback, clock.now()) is True
    await run_until(sweeper, clock, LATER + timedelta(days=max(DAYS) + 10))
    by_alumnus: dict[str, list[Delivery]] = {}
    for d in await deliveries(sessions):
        nisn = next(n for n, a in study.alumni.items() if a == d.alumnus_id)
        by_alumnus.setdefault(phones[nisn], []).append(d)
    assert [(d.round, d.status) for d in by_alumnus[invalid]] == [(0, "failed")]
    assert [(d.round, d.status) for d in by_alumnus[undelivered]] == [(0, "failed")]
    assert sender.to(invalid) == [] and len(sender.to(undelivered)) == 1
    for phone in (no_template, flaky):
        rows = by_alumnus[phone]
        assert [d.round for d in rows] == list(range(len(DAYS) + 1)), phone
        assert rows[0].status == "failed" and {d.status for d in rows[1:]} == {"sent"}
        assert len(sender.to(phone)) == len(DAYS)  # the reminders still went, by template
    assert by_alumnus[flaky][0].last_error == "gave_up:twilio_20429"


async def test_a_corrected_roster_number_gets_the_next_round(
    sessions: Sessions, clock: ManualClock, tmp_path: Path
) -> None:
    """A typo in the roster fails for good; the operator re-imports the row with the right
    number; the next reminder round goes there (by template), while the wrong one gets nothing."""
    study = await build_study(sessions, per_class=1, zones={"WITA": ZONES["WITA"]})
    phones = await roster_numbers_only(sessions, study)
    nisn = sorted(phones)[0]
    wrong, right = phones[nisn], "+6281399990001"
    sender = whatsapp(clock)
    sender.results[wrong] = [SendResult(SendStatus.FAILED, "twilio_63003")]
    sweeper = Sweeper(sessions, {"whatsapp": sender}, clock)
    clock.set(LATER)
    await run_until(sweeper, clock, LATER + timedelta(days=2))
    [(invitation, planned_at)] = [(d.status, d.created_at) for d in await deliveries(sessions)
                                if d.alumnus_id == study.alumni[nisn]]  # fmt: skip
    assert invitation == "failed"
    roster = tmp_path / "koreksi.csv"
    roster.write_text(
        "nisn,nama,tanggal_lahir,kelas,tahun_lulus,no_hp\n"
        f"{nisn},Alumni WITA XII A 0,02/01/2007,XII A,2025,0813-9999-0001\n"
    )
    report = await import_roster(sessions, study.institutions["WITA"].code, roster, now=clock.now())
    assert report.updated == 1 and not report.errors
    async with sessions() as session:
        alumnus = await session.get(Alumnus, study.alumni[nisn])
        assert alumnus is not None and alumnus.phone == right
        assert alumnus.phone_changed_at == clock.now()
    corrected_at = clock.now()
    await run_until(sweeper, clock, LATER + timedelta(days=max(DAYS) + 10))
    received = sender.to(right)
    assert len(received) == len(DAYS), "every reminder round, to the corrected number"
    assert received[0][1] - planned_at == timedelta(days=DAYS[0])  # the policy's first day
    assert {(m.template, m.window_open) for m, _ in received} == {(FIRST_CONTACT, False)}
    assert sender.to(wrong) == []  # the failed invitation was its only try
    # The same file again changes nothing: the number did not change this time.
    again = await import_roster(sessions, study.institutions["WITA"].code, roster, now=LATER)
    assert again.unchanged == 1
    # Another column changes, the number stays: the row is updated, its stamp is not.
    renamed = tmp_path / "nama.csv"
    renamed.write_text(roster.read_text().replace("Alumni WITA XII A 0", "Alumni Baru"))
    third = await import_roster(sessions, study.institutions["WITA"].code, renamed, now=LATER)
    assert third.updated == 1
    async with sessions() as session:
        alumnus = await session.get(Alumnus, study.alumni[nisn])
        assert alumnus is not None and alumnus.phone_changed_at != LATER
        assert (alumnus.name, alumnus.phone_changed_at) == ("Alumni Baru", corrected_at)


async def test_an_alumnus_who_writes_meanwhile_is_reminded_in_their_chat(
    sessions: Sessions, clock: ManualClock
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WITA": ZONES["WITA"]})
    phones = await roster_numbers_only(sessions, study)
    writer, silent = sorted(phones)
    chat = "+6289912345678"  # wrote from another number, and gave the link's token
    sender = whatsapp(clock)
    sweeper = Sweeper(sessions, {"whatsapp": sender}, clock)
    clock.set(LATER)
    await run_until(sweeper, clock, LATER + timedelta(days=1))
    [(_, invited_at)] = sender.to(phones[writer])
    # The next day they write: now they have a chat (and their invitation link's date, days
    # ago, is not what their reminders count from).
    clock.set(invited_at + timedelta(days=1, hours=2))
    async with sessions() as session, session.begin():
        await repo.link_identity(session, study.alumni[writer], "whatsapp", chat, clock.now())
    await run_until(sweeper, clock, invited_at + timedelta(days=DAYS[0], hours=-2))
    assert sender.to(chat) == []
    async with sessions() as session, session.begin():  # and again, before the reminder is due
        await repo.link_identity(session, study.alumni[writer], "whatsapp", chat, clock.now())
    await run_until(sweeper, clock, invited_at + timedelta(days=DAYS[0], hours=1))
    [(reminder, when)] = sender.to(chat)
    assert when - invited_at == timedelta(days=DAYS[0])  # the base stays the invitation
    assert reminder.window_open is True and reminder.template == "reminder_start"
    assert "LANJUT" in reminder.text  # free text inside the 24-hour window
    assert len(sender.to(phones[writer])) == 1  # the roster number only got the invitation
    [_, (to_silent, _)] = sender.to(phones[silent])
    assert to_silent.template == FIRST_CONTACT


async def test_telegram_only_plans_no_first_contact(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    await roster_numbers_only(sessions, study)
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    await run_until(sweeper, clock, INVITED + timedelta(days=max(DAYS) + 2))
    assert sender.sent == [] and await deliveries(sessions) == []
    # The same alumni, once a process can send on WhatsApp, are invited.
    both = Sweeper(sessions, {"telegram": sender, "whatsapp": whatsapp(clock)}, clock)
    clock.set(datetime(2026, 3, 20, 2, 0, tzinfo=UTC))  # 09:00 WIB
    assert (await both.sweep()).reminders_planned == len(study.alumni)


async def test_staff_remind_shares_the_rule_and_counts(
    migrated_url: str, engine: AsyncEngine, sessions: Sessions, clock: ManualClock
) -> None:
    """/pengingat: next round now, not within two days of the last message, not past the cap;
    the invitation is not a reminder, and on WhatsApp those without a chat get it first."""
    study = await build_study(sessions, per_class=3, zones={"WITA": ZONES["WITA"]})
    survey = study.surveys["WITA"]
    capped, recent, fresh, invited, stranger, invalid = (
        study.alumni[n] for n in sorted(study.alumni)
    )
    now = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)  # 10:00 WITA
    long_ago, yesterday = now - timedelta(days=10), now - timedelta(days=1)
    history = [
        *(Planned(f"reminder:{survey.id}:{capped}:{r}", DeliveryKind.REMINDER, survey.id, capped,
                  round=r) for r in range(1, len(DAYS) + 1)),
        Planned(f"reminder:{survey.id}:{recent}:1", DeliveryKind.REMINDER, survey.id, recent,
                round=1),
        Planned(f"invitation:{survey.id}:{invited}", DeliveryKind.REMINDER, survey.id, invited),
        Planned(f"invitation:{survey.id}:{invalid}", DeliveryKind.REMINDER, survey.id, invalid),
    ]  # fmt: skip
    async with sessions() as session, session.begin():
        await add_deliveries(session, history, long_ago)
        await session.execute(
            update(Delivery)
            .where(Delivery.alumnus_id == recent)
            .values(created_at=yesterday, sent_at=yesterday)
        )
        await session.execute(
            update(Delivery)
            .where(Delivery.alumnus_id == invited)
            .values(status="sent", channel="whatsapp", sent_at=long_ago)
        )
        await session.execute(
            update(Delivery)
            .where(Delivery.alumnus_id == invalid)
            .values(status="failed", channel="whatsapp", last_error="twilio_21211")
        )
        # The last two never wrote: only their roster numbers reach them.
        await session.execute(
            delete(ChannelIdentity).where(ChannelIdentity.alumnus_id.in_([stranger, invalid]))
        )
        for n, alumnus_id in enumerate((stranger, invalid)):
            await session.execute(
                update(Alumnus).where(Alumnus.id == alumnus_id).values(phone=f"+628120000000{n}")
            )
        member = await staff_repo.add_staff(
            session, "Bu Sari", StaffRole.BKK, [(survey.institution_id, None)], INVITED
        )
        assert member.link_token is not None
        await staff_repo.redeem_link(session, member.link_token, "telegram", "901", INVITED)
    code = study.institutions["WITA"].code
    caller = Caller("telegram", "901", "901", False)

    async def remind(**settings: str) -> tuple[str, set[str]]:
        services = Services(
            Settings(database_url=migrated_url, **settings),
            engine,
            sessions,
            ConversationRunner(sessions),
        )
        before = {d.key for d in await deliveries(sessions)}
        [reply] = await StaffDesk(services, lambda: now).handle(caller, "pengingat", [code])
        return reply.text, {d.key for d in await deliveries(sessions)} - before

    text, added = await remind()
    assert added == {f"reminder:{survey.id}:{a}:1" for a in (fresh, invited)}
    assert "2 alumni akan diingatkan" in text
    assert "1 baru diingatkan" in text and "1 sudah menerima semua" in text
    # With WhatsApp, the stranger gets their invitation; the invalid number nothing more.
    twilio = {
        "twilio_account_sid": "AC" + "0" * 32,
        "twilio_auth_token": "secret",
        "twilio_whatsapp_from": "+6281234567890",
    }
    text, added = await remind(**twilio)
    assert added == {f"invitation:{survey.id}:{stranger}"}
    assert "1 alumni akan diingatkan" in text
    assert "3 baru diingatkan" in text and "1 sudah menerima semua" in text


def test_the_round_rule_is_one_function_for_the_scheduler_and_staff() -> None:
    """policy.next_round: the scheduler (with a zone) waits for days and hours; staff do not."""
    policy = ReminderPolicy()
    zone = ZONES["WITA"]
    morning = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)  # 10:00 WITA
    night = datetime(2026, 3, 20, 14, 0, tzinfo=UTC)  # 22:00 WITA
    fresh = Contact(base=None, needs_invitation=True)
    assert next_round(policy, fresh, morning, zone) == 0
    assert next_round(policy, fresh, night, zone) is Hold.NOT_YET
    assert next_round(policy, fresh, night) == 0  # staff: now (the outbox waits for 08:00)
    waiting = Contact(base=morning - timedelta(days=DAYS[0] - 1), last_message_at=None)
    assert next_round(policy, waiting, morning, zone) is Hold.NOT_YET
    assert next_round(policy, waiting, morning) == 1
    due = Contact(base=morning - timedelta(days=DAYS[0]), reminders=0)
    assert next_round(policy, due, morning, zone) == 1
    recent = Contact(base=due.base, reminders=1, last_message_at=morning - timedelta(days=1))
    assert next_round(policy, recent, morning) is Hold.RECENT
    capped = Contact(base=due.base, reminders=len(DAYS), last_message_at=morning)
    assert next_round(policy, capped, morning) is Hold.CAPPED  # the cap is told first
    stopped = Contact(base=due.base, stopped=True)
    assert next_round(policy, stopped, morning, zone) is Hold.STOPPED
    assert next_round(policy, stopped, morning) is Hold.STOPPED
