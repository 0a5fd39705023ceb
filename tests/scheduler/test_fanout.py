"""The outbox during a fan-out: each delivery is composed from what the database says then."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import ZONES, RecordingSender, build_study

from scheduler.clock import ManualClock
from scheduler.outbox import OutgoingMessage, SendResult
from scheduler.planning import plan_reminders
from scheduler.service import Sweeper
from storage.models import Delivery, Response, ResponseStatus, Survey

Sessions = async_sessionmaker[AsyncSession]


@dataclass
class ClosingSender(RecordingSender):
    """Records, and after the first message has gone, closes every survey (as staff might)."""

    sessions: Sessions | None = None

    async def send(self, external_id: str, message: OutgoingMessage) -> SendResult:
        result = await super().send(external_id, message)
        if len(self.sent) == 1 and self.sessions is not None:
            async with self.sessions() as session, session.begin():
                assert self.clock is not None
                await session.execute(update(Survey).values(closes_at=self.clock.now()))
        return result


async def test_a_survey_closed_mid_fan_out_stops_the_rest(
    sessions: Sessions, clock: ManualClock
) -> None:
    study = await build_study(sessions, per_class=3, zones={"WIB": ZONES["WIB"]})
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # 09:00 WIB, day 3: round 1 is due
    sender = ClosingSender(clock=clock, sessions=sessions)
    report = await Sweeper(sessions, {"telegram": sender}, clock, concurrency=1).sweep()
    assert report.reminders_planned == len(study.chats)
    assert len(sender.sent) == 1 and report.delivery.sent == 1
    assert report.delivery.skipped == len(study.chats) - 1
    async with sessions() as session:
        reasons = list(await session.scalars(select(Delivery.last_error)))
    assert Counter(reasons) == Counter({None: 1, "survey_closed": len(study.chats) - 1})


async def test_an_alumnus_who_finishes_mid_fan_out_is_skipped(
    sessions: Sessions, clock: ManualClock
) -> None:
    """The composer reads the response when the delivery's turn comes, not when planned."""
    study = await build_study(sessions, per_class=1, zones={"WIB": ZONES["WIB"]})
    clock.set(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))
    sweeper = Sweeper(sessions, {"telegram": RecordingSender(clock=clock)}, clock)
    finished, other = sorted(study.alumni)
    async with sessions() as session, session.begin():
        assert await plan_reminders(session, clock.now()) == 2
        survey = study.surveys["WIB"]
        session.add(
            Response(
                survey_id=survey.id,
                alumnus_id=study.alumni[finished],
                questionnaire_version_id=survey.questionnaire_version_id,
                status=ResponseStatus.COMPLETED.value,
                invited_at=clock.now(),
                updated_at=clock.now(),
            )
        )
    report = await sweeper.sweep()
    assert report.delivery.sent == 1 and report.delivery.skipped == 1
    async with sessions() as session:
        rows = dict((await session.execute(select(Delivery.alumnus_id, Delivery.status))).all())
    assert rows == {study.alumni[finished]: "skipped", study.alumni[other]: "sent"}
