"""Reminders over weeks of simulated time: local hours per zone, caps, opt-out, closing, no repeats.

The clock is a ManualClock: sixteen days pass in a second. The sender records what the outbox
hands it (the Telegram sender itself is tested against the fake Bot API).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import INVITED, ZONES, RecordingSender, build_study

from scheduler.clock import ManualClock
from scheduler.outbox import SendResult, SendStatus
from scheduler.planning import plan_reminders
from scheduler.service import Sweeper
from storage.database import create_engine, session_factory
from storage.models import ChannelIdentity, Delivery, DeliveryStatus, Response, ResponseStatus

Sessions = async_sessionmaker[AsyncSession]


async def run_days(
    sweeper: Sweeper, clock: ManualClock, days: int, step=timedelta(hours=1)
) -> None:
    """Sweep every `step` for `days` days of simulated time."""
    end = clock.now() + timedelta(days=days)
    while clock.now() < end:
        await sweeper.sweep()
        clock.advance(step)


async def test_three_reminders_at_local_daytime_in_each_zone(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1)
    await run_days(Sweeper(sessions, {"telegram": sender}, clock), clock, 16)
    for label in ZONES:
        institution = study.institutions[label]
        for nisn, chat in study.chats.items():
            if not nisn.startswith(f"00{list(ZONES).index(label) + 1}"):
                continue
            received = sender.to(chat)
            assert len(received) == 3, (label, nisn)
            for (message, when), days in zip(received, (3, 7, 14), strict=True):
                local = when.astimezone(ZoneInfo(institution.timezone))
                assert 8 <= local.hour < 20, (label, local)
                assert when >= INVITED + timedelta(days=days)
                assert "LANJUT" in message.text and "BERHENTI" in message.text
            # Invited at 22:00 WIB / 23:00 WITA / 00:00 WIT: the first reminder waits for 08:00
            # local three (or, in WIT, where the invitation fell on the next day, 3) days later.
            first = received[0][1].astimezone(ZoneInfo(institution.timezone))
            assert first.hour == 8, (label, first)
            invited_local = INVITED.astimezone(ZoneInfo(institution.timezone))
            expected_day = invited_local.date() + timedelta(days=3 + (invited_local.hour >= 20))
            assert first.date() == expected_day, label


async def test_nobody_who_finished_declined_or_stopped_is_reminded(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=2, zones={"WITA": ZONES["WITA"]})
    nisns = sorted(study.chats)
    finished = dict(
        zip(
            nisns,
            (ResponseStatus.COMPLETED, ResponseStatus.DECLINED, ResponseStatus.OPTED_OUT),
            strict=False,
        )
    )
    survey = study.surveys["WITA"]
    async with sessions() as session, session.begin():
        for nisn, status in finished.items():
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
    await run_days(Sweeper(sessions, {"telegram": sender}, clock), clock, 16, timedelta(hours=2))
    for nisn in finished:
        assert sender.to(study.chats[nisn]) == []
    assert len(sender.to(study.chats[nisns[3]])) == 3


async def test_typing_berhenti_after_the_first_reminder_stops_the_rest(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    await run_days(sweeper, clock, 5)
    nisn = sorted(study.chats)[0]
    assert len(sender.to(study.chats[nisn])) == 1
    survey = study.surveys["WIB"]
    async with sessions() as session, session.begin():
        session.add(
            Response(
                survey_id=survey.id,
                alumnus_id=study.alumni[nisn],
                questionnaire_version_id=survey.questionnaire_version_id,
                status=ResponseStatus.OPTED_OUT.value,
                language="id",
                invited_at=INVITED,
                updated_at=clock.now(),
            )
        )
    await run_days(sweeper, clock, 12)
    assert len(sender.to(study.chats[nisn])) == 1
    assert len(sender.to(study.chats[sorted(study.chats)[1]])) == 3


async def test_no_reminder_after_the_survey_closes(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    closes = INVITED + timedelta(days=8)
    study = await build_study(sessions, per_class=1, zones={"WIT": ZONES["WIT"]}, closes_at=closes)
    await run_days(Sweeper(sessions, {"telegram": sender}, clock), clock, 16)
    for chat in study.chats.values():
        times = [w for _, w in sender.to(chat)]
        assert len(times) == 2 and all(w < closes for w in times)


async def test_partial_responders_are_asked_to_continue(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    from storage.models import AnswerRow

    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    nisn = sorted(study.chats)[0]
    survey = study.surveys["WIB"]
    async with sessions() as session, session.begin():
        response = Response(
            survey_id=survey.id,
            alumnus_id=study.alumni[nisn],
            questionnaire_version_id=survey.questionnaire_version_id,
            status=ResponseStatus.STARTED.value,
            language="en",
            invited_at=INVITED,
            started_at=INVITED,
            updated_at=INVITED,
        )
        session.add(response)
        await session.flush()
        for code in ("nama", "nisn"):
            session.add(
                AnswerRow(
                    response_id=response.id, question_code=code, value="x", answered_at=INVITED
                )
            )
    await run_days(Sweeper(sessions, {"telegram": sender}, clock), clock, 4)
    [(message, _)] = sender.to(study.chats[nisn])
    assert "2 of your answers" in message.text and "CONTINUE" in message.text
    [(other, _)] = sender.to(study.chats[sorted(study.chats)[1]])
    assert "Ketik LANJUT untuk mulai" in other.text


async def test_two_processes_on_one_database_send_each_reminder_once(
    migrated_url: str, sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    zones = {"WIB": ZONES["WIB"], "WIT": ZONES["WIT"]}
    study = await build_study(sessions, per_class=5, zones=zones)
    other_engine = create_engine(migrated_url)
    try:
        first = Sweeper(sessions, {"telegram": sender}, clock)
        second = Sweeper(session_factory(other_engine), {"telegram": sender}, clock)
        end = clock.now() + timedelta(days=16)
        while clock.now() < end:
            await asyncio.gather(first.sweep(), second.sweep())
            clock.advance(timedelta(hours=2))  # 01:00 and 23:00 UTC: 08:00 WIB and WIT
    finally:
        await other_engine.dispose()
    for chat in study.chats.values():
        assert len(sender.to(chat)) == 3
    assert len(sender.sent) == 3 * len(study.chats)


async def test_a_crash_between_writing_and_sending_neither_loses_nor_repeats(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=2, zones={"WITA": ZONES["WITA"]})
    clock.set(datetime(2026, 3, 6, 1, 0, tzinfo=UTC))  # 09:00 WITA, day 3: round 1 is due
    # The first process writes the deliveries and claims them, then dies before sending.
    async with sessions() as session, session.begin():
        assert await plan_reminders(session, clock.now()) == len(study.chats)
    doomed = Sweeper(sessions, {"telegram": sender}, clock)
    claimed = await doomed.outbox.claim(clock.now())
    assert len(claimed) == len(study.chats)
    # A restarted process finds them claimed, and leaves them alone while the lease holds.
    restarted = Sweeper(sessions, {"telegram": sender}, clock)
    await restarted.sweep()
    assert sender.sent == []
    clock.advance(timedelta(minutes=6))  # the dead process's lease runs out
    await restarted.sweep()
    await restarted.sweep()
    assert sorted(e for e, _, _ in sender.sent) == sorted(study.chats.values())
    async with sessions() as session:
        statuses = set(await session.scalars(select(Delivery.status)))
    assert statuses == {DeliveryStatus.SENT.value}


async def test_failed_sends_are_retried_with_backoff_and_blocks_are_remembered(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    flaky, blocked = (study.chats[n] for n in sorted(study.chats))
    sender.results[flaky] = [
        SendResult(SendStatus.RETRY, "NetworkError"),
        SendResult(SendStatus.RETRY, "RetryAfter", retry_after=120),
    ]
    sender.results[blocked] = [SendResult(SendStatus.BLOCKED, "Forbidden")]
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # 09:00 WIB, day 3
    await sweeper.sweep()
    assert sender.sent == []
    clock.advance(timedelta(minutes=1))  # the 1-minute backoff
    await sweeper.sweep()
    assert sender.sent == []
    clock.advance(timedelta(minutes=1))  # the 2nd failure waits max(5 min backoff, 120 s)
    await sweeper.sweep()
    assert sender.sent == []  # 5 minutes have not passed yet
    clock.advance(timedelta(minutes=4))
    await sweeper.sweep()
    assert [e for e, _, _ in sender.sent] == [flaky]
    async with sessions() as session:
        identity = await session.scalar(
            select(ChannelIdentity).where(ChannelIdentity.external_id == blocked)
        )
        assert identity is not None and identity.reachable is False
        attempts = dict((await session.execute(select(Delivery.status, Delivery.attempts))).all())
    assert attempts == {"sent": 3, "blocked": 1}
    await run_days(sweeper, clock, 14)
    assert sender.to(blocked) == []  # never again after the block
    assert len(sender.to(flaky)) == 3


async def test_a_reminder_planned_at_19h59_waits_for_the_morning(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    clock.set(datetime(2026, 3, 6, 12, 59, tzinfo=UTC))  # 19:59 WIB
    async with sessions() as session, session.begin():
        assert await plan_reminders(session, clock.now()) == 2
    clock.advance(timedelta(minutes=2))  # 20:01: too late to send
    sweeper = Sweeper(sessions, {"telegram": sender}, clock)
    report = await sweeper.sweep()
    assert report.delivery.postponed == 2 and sender.sent == []
    async with sessions() as session:
        due = set(await session.scalars(select(Delivery.next_attempt_at)))
        attempts = set(await session.scalars(select(Delivery.attempts)))
    assert due == {datetime(2026, 3, 7, 1, 0, tzinfo=UTC)} and attempts == {0}  # 08:00 WIB
    clock.set(datetime(2026, 3, 7, 1, 0, tzinfo=UTC))
    await sweeper.sweep()
    assert sorted(e for e, _, _ in sender.sent) == sorted(study.chats.values())


async def test_unreachable_alumni_are_not_planned(
    sessions: Sessions, clock: ManualClock, sender: RecordingSender
) -> None:
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    async with sessions() as session, session.begin():
        await session.execute(update(ChannelIdentity).values(reachable=False))
    await run_days(Sweeper(sessions, {"telegram": sender}, clock), clock, 16, timedelta(hours=3))
    assert sender.sent == []
    async with sessions() as session:
        assert list(await session.scalars(select(Delivery))) == []
    assert len(study.chats) == 2  # two alumni were there to be reminded
