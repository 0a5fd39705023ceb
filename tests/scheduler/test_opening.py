"""The opening message: a survey created ahead opens on its day and the bot writes first.

Alumni here linked their chat long before the survey opened (grade XII), have no invitation link
and no response. The survey opens at midnight in the school's zone; the message waits for the
sending hours, goes once (the delivery ledger's `invitation:{survey}:{alumnus}` key), and the
reminders count from it. The sender records what the outbox hands it.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import INVITED, ZONES, RecordingSender, Study, build_study

from scheduler.clock import ManualClock
from scheduler.compose import SURVEY_OPEN
from scheduler.outbox import SendResult, SendStatus
from scheduler.planning import plan_reminders
from scheduler.policy import ReminderPolicy
from scheduler.service import Sweeper
from storage.deliveries.opt_outs import opt_out
from storage.models import (
    Alumnus,
    ChannelIdentity,
    Delivery,
    DeliveryKind,
    Invitation,
    Response,
    ResponseStatus,
    Survey,
)

Sessions = async_sessionmaker[AsyncSession]
DAYS = ReminderPolicy().days
OPENING_DAY = datetime(2026, 4, 1).date()  # a Wednesday, a month after the chats were linked


def opens_at(zone: str) -> datetime:
    """Midnight of the opening day in the school's zone, as `jejak survey create` stores it."""
    return datetime.combine(OPENING_DAY, time(), ZoneInfo(zone)).astimezone(UTC)


def morning(zone: str, days: int = 0) -> datetime:
    """08:00 in the school's zone, `days` after the opening day."""
    day = OPENING_DAY + timedelta(days=days)
    return datetime.combine(day, time(8), ZoneInfo(zone)).astimezone(UTC)


async def linked_ahead(
    sessions: Sessions, per_class: int = 1, zones: dict[str, str] = ZONES
) -> Study:
    """The study's alumni linked their chats at INVITED; their surveys open a month later and
    no invitation link was made (the grade-XII path needs none)."""
    study = await build_study(sessions, per_class=per_class, zones=zones)
    async with sessions() as session, session.begin():
        await session.execute(delete(Invitation))
        for label, survey in study.surveys.items():
            await session.execute(
                update(Survey).where(Survey.id == survey.id).values(opens_at=opens_at(zones[label]))
            )
    return study


async def deliveries(sessions: Sessions) -> list[Delivery]:
    async with sessions() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def run_until(
    sweeper: Sweeper, clock: ManualClock, end: datetime, step: timedelta = timedelta(hours=1)
) -> None:
    """Sweep every `step` of simulated time until `end`."""
    while clock.now() < end:
        await sweeper.sweep()
        clock.advance(step)


def zone_of(study: Study, nisn: str) -> str:
    label = list(ZONES)[int(nisn[2]) - 1]
    return ZONES[label]


async def give_response(
    sessions: Sessions, study: Study, label: str, nisn: str, status: ResponseStatus
) -> None:
    survey = study.surveys[label]
    async with sessions() as session, session.begin():
        session.add(
            Response(
                survey_id=survey.id,
                alumnus_id=study.alumni[nisn],
                questionnaire_version_id=survey.questionnaire_version_id,
                status=status.value,
                language="id",
                invited_at=INVITED,
                updated_at=INVITED,
            )
        )


async def test_nothing_before_the_opening_then_one_message_at_local_morning_in_each_zone(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await linked_ahead(sessions)
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    # A month of sweeps before the opening, at every hour of the day in turn: nothing.
    first_opening = min(opens_at(zone) for zone in ZONES.values())
    await run_until(sweeper, clock, first_opening - timedelta(hours=5), step=timedelta(hours=5))
    assert sender.sent == [] and await deliveries(sessions) == []
    # 00:00 WIT is 23:00 WITA and 22:00 WIB the evening before: each school's midnight passes,
    # then its night (03:00 local included); the message waits for 08:00 local.
    clock.set(first_opening)
    await run_until(sweeper, clock, morning(ZONES["WIB"], days=2))
    for nisn, chat in study.chats.items():
        zone = zone_of(study, nisn)
        [(message, when)] = sender.to(chat)
        local = when.astimezone(ZoneInfo(zone))
        assert (local.date(), local.hour) == (OPENING_DAY, 8), (zone, local)
        assert message.template == SURVEY_OPEN and message.window_open is False
        label = list(ZONES)[int(nisn[2]) - 1]
        assert message.variables == ("Alumni", f"SMK {label}", f"Tracer {label} 2025")
        assert f"Tracer {label} 2025" in message.text and f"SMK {label}" in message.text
        assert "LANJUT" in message.text and "BERHENTI" in message.text
    rows = await deliveries(sessions)
    assert sorted(d.key for d in rows) == sorted(
        f"invitation:{study.surveys[list(ZONES)[int(n[2]) - 1]].id}:{a}"
        for n, a in study.alumni.items()
    )
    assert {(d.kind, d.round, d.status, d.channel) for d in rows} == {
        (DeliveryKind.REMINDER.value, 0, "sent", "telegram")
    }


async def test_the_opening_message_goes_once_across_sweeps_and_a_restart(
    sessions: Sessions, clock: ManualClock
) -> None:
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=2, zones={"WITA": zone})
    clock.set(morning(zone))
    # Planned by one process, which stops before sending it.
    async with sessions() as session, session.begin():
        assert await plan_reminders(session, clock.now()) == len(study.chats)
    first = RecordingSender(clock=clock)
    restarted = Sweeper(sessions, {"telegram": first}, clock)
    report = await restarted.sweep()
    assert report.reminders_planned == 0 and report.delivery.sent == len(study.chats)
    for _ in range(2):
        clock.advance(timedelta(minutes=30))
        again = await restarted.sweep()
        assert again.reminders_planned == 0 and again.delivery.handled == 0
    # Another restart, the same day and the next: still nothing more.
    second = RecordingSender(clock=clock)
    await run_until(Sweeper(sessions, {"telegram": second}, clock), clock, morning(zone, 2))
    assert second.sent == []
    for chat in study.chats.values():
        assert [m.template for m, _ in first.to(chat)] == [SURVEY_OPEN]
    assert len(await deliveries(sessions)) == len(study.chats)


async def test_reminders_follow_the_opening_message_on_the_policy_days(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=1, zones={"WITA": zone})
    clock.set(opens_at(zone))
    await run_until(Sweeper(sessions, {"telegram": sender}, clock), clock, morning(zone, 20))
    for chat in study.chats.values():
        received = sender.to(chat)
        assert [m.template for m, _ in received] == [SURVEY_OPEN] + ["reminder_start"] * len(DAYS)
        opened = received[0][1]
        assert [w - opened for _, w in received[1:]] == [timedelta(days=d) for d in DAYS]
    rounds = sorted(d.round for d in await deliveries(sessions))
    assert rounds == sorted(list(range(len(DAYS) + 1)) * len(study.chats))


async def test_nobody_who_stopped_finished_blocked_or_never_agreed_gets_it(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=5, zones={"WITA": zone})
    (linked, opted_out, blocked, completed, declined, stopped, late, late_agreed,
     blocks_at_send, no_chat) = sorted(study.chats)  # fmt: skip
    chats = study.chats
    for nisn, status in (
        (completed, ResponseStatus.COMPLETED),
        (declined, ResponseStatus.DECLINED),
        (stopped, ResponseStatus.OPTED_OUT),
    ):
        await give_response(sessions, study, "WITA", nisn, status)
    after_opening = opens_at(zone) + timedelta(hours=1)
    async with sessions() as session, session.begin():
        await opt_out(session, "telegram", chats[opted_out], INVITED)
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.external_id == chats[blocked])
            .values(reachable=False)
        )
        # Linked only after the survey opened, with no response: not written to first, unless
        # they agreed to be contacted.
        for nisn in (late, late_agreed):
            await session.execute(
                update(ChannelIdentity)
                .where(ChannelIdentity.external_id == chats[nisn])
                .values(created_at=after_opening)
            )
        await session.execute(
            update(Alumnus)
            .where(Alumnus.id == study.alumni[late_agreed])
            .values(contact_consent_at=INVITED)
        )
        await session.execute(
            delete(ChannelIdentity).where(ChannelIdentity.external_id == chats[no_chat])
        )
    sender.results[chats[blocks_at_send]] = [SendResult(SendStatus.BLOCKED, "Forbidden")]
    clock.set(opens_at(zone))
    await run_until(Sweeper(sessions, {"telegram": sender}, clock), clock, morning(zone, 20))
    for nisn in (linked, late_agreed):
        received = sender.to(chats[nisn])
        assert [m.template for m, _ in received][:2] == [SURVEY_OPEN, "reminder_start"], nisn
        assert len(received) == 1 + len(DAYS)
    for nisn in (opted_out, blocked, completed, declined, stopped, late, blocks_at_send, no_chat):
        assert sender.to(chats[nisn]) == [], nisn
    by_alumnus = {d.alumnus_id: d for d in await deliveries(sessions) if d.round == 0}
    assert set(by_alumnus) == {study.alumni[n] for n in (linked, late_agreed, blocks_at_send)}
    gone = by_alumnus[study.alumni[blocks_at_send]]
    assert (gone.status, gone.attempts) == ("blocked", 1)
    async with sessions() as session:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.external_id == chats[blocks_at_send])
        )
        assert identity is not None and identity.reachable is False


async def test_an_alumnus_who_stops_before_the_morning_gets_nothing(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    """Planned at the opening, then before the message's turn the chat says BERHENTI (an
    opt-out) or a response ends: skipped when composed. A chat that blocked the bot is not
    written to; its alumnus drops to the next channel, the roster's WhatsApp number, by
    template (#17: a channel that fails drops to the next)."""
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=2, zones={"WITA": zone})
    first, second, third, fourth = sorted(study.chats)
    clock.set(morning(zone))
    async with sessions() as session, session.begin():
        assert await plan_reminders(session, clock.now()) == 4
        await opt_out(session, "telegram", study.chats[first], clock.now())
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.external_id == study.chats[third])
            .values(reachable=False)
        )
        await session.execute(
            update(Alumnus).where(Alumnus.id == study.alumni[third]).values(phone="+6281200000003")
        )
    await give_response(sessions, study, "WITA", second, ResponseStatus.DECLINED)
    whatsapp = RecordingSender(channel="whatsapp", clock=clock)
    report = await Sweeper(sessions, {"telegram": sender, "whatsapp": whatsapp}, clock).sweep()
    assert report.delivery.skipped == 2
    assert [e for e, _, _ in sender.sent] == [study.chats[fourth]]
    [(number, message, _)] = whatsapp.sent
    assert number == "+6281200000003" and message.template == "wa_invitation"
    errors = {d.alumnus_id: d.last_error for d in await deliveries(sessions)}
    assert errors == {
        study.alumni[first]: "opted_out",
        study.alumni[second]: "declined",
        study.alumni[third]: None,
        study.alumni[fourth]: None,
    }


async def test_a_survey_closed_before_the_sending_hours_sends_nothing(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=1, zones={"WITA": zone})
    survey = study.surveys["WITA"]
    # Open from midnight to 06:00 local: never inside the sending hours.
    async with sessions() as session, session.begin():
        await session.execute(
            update(Survey)
            .where(Survey.id == survey.id)
            .values(closes_at=opens_at(zone) + timedelta(hours=6))
        )
    clock.set(opens_at(zone))
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    await run_until(sweeper, clock, morning(zone, 1))
    assert sender.sent == [] and await deliveries(sessions) == []
    # Planned while open, closed before its turn: skipped.
    async with sessions() as session, session.begin():
        await session.execute(update(Survey).where(Survey.id == survey.id).values(closes_at=None))
        assert await plan_reminders(session, clock.now()) == len(study.chats)
        await session.execute(
            update(Survey).where(Survey.id == survey.id).values(closes_at=clock.now())
        )
    report = await sweeper.sweep()
    assert report.delivery.skipped == len(study.chats) and sender.sent == []
    assert {d.last_error for d in await deliveries(sessions)} == {"survey_closed"}


async def test_a_whatsapp_chat_gets_the_survey_open_template(
    sessions: Sessions, clock: ManualClock
) -> None:
    """Linked on WhatsApp months ago: outside the 24-hour window, so the approved template of
    kind `survey_open` (the WhatsApp sender marks it needs_template when none is configured);
    one who wrote an hour ago gets it as free text."""
    zone = ZONES["WITA"]
    study = await linked_ahead(sessions, per_class=1, zones={"WITA": zone})
    quiet, recent = sorted(study.chats)
    phones = {quiet: "+6281200000001", recent: "+6281200000002"}
    async with sessions() as session, session.begin():
        for nisn, phone in phones.items():
            await session.execute(
                update(ChannelIdentity)
                .where(ChannelIdentity.external_id == study.chats[nisn])
                .values(channel="whatsapp", external_id=phone)
            )
        await session.execute(
            update(ChannelIdentity)
            .where(ChannelIdentity.external_id == phones[recent])
            .values(last_inbound_at=morning(zone) - timedelta(hours=1))
        )
    whatsapp = RecordingSender(channel="whatsapp", clock=clock)
    telegram = RecordingSender(clock=clock)
    clock.set(opens_at(zone))
    sweeper = Sweeper(sessions, {"whatsapp": whatsapp, "telegram": telegram}, clock)
    await run_until(sweeper, clock, morning(zone, 1))
    assert telegram.sent == []
    [(message, when)] = whatsapp.to(phones[quiet])
    assert (message.template, message.window_open) == (SURVEY_OPEN, False)
    assert message.variables == ("Alumni", "SMK WITA", "Tracer WITA 2025")
    assert when == morning(zone)
    [(message, _)] = whatsapp.to(phones[recent])
    assert (message.template, message.window_open) == (SURVEY_OPEN, True)
    assert {d.key.split(":")[0] for d in await deliveries(sessions)} == {"invitation"}
