"""Parents as the fallback: one message to a parent's number once an alumnus's own rounds are spent.

One school in WIB, two classes of one alumnus each, linked on Telegram and invited at 22:00 WIB
on Monday 2 March 2026 (reminders on days 3, 7 and 14: the last goes out on 17 March at 08:00,
so their own rounds are spent two days later). Each has a parent's number on the roster. The
senders record what the outbox hands them (the Twilio sender is tested against the fake Twilio
in tests/whatsapp/test_parents_whatsapp.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from studies import INVITED, RecordingSender, Study, build_study

from scheduler.clock import ManualClock
from scheduler.compose import Composer
from scheduler.outbox import Envelope, Later, SendResult, SendStatus, Skip
from scheduler.parents import (
    PARENT_GAP,
    PARENT_TEMPLATE,
    ParentContact,
    ParentPlanner,
    parent_key,
    plan_parents,
)
from scheduler.service import Sweeper
from storage.deliveries.opt_outs import opt_out
from storage.models import (
    Alumnus,
    ChannelIdentity,
    Delivery,
    DeliveryKind,
    Institution,
    Invitation,
    Response,
    ResponseStatus,
    Survey,
)

Sessions = async_sessionmaker[AsyncSession]
WIB = ZoneInfo("Asia/Jakarta")
SCHOOL_NUMBER = "+6281100000000"
PARENTS = ParentContact(1, SCHOOL_NUMBER)
# The last reminder goes at 08:00 WIB on 17 March; two days on, the parent's turn.
SPENT = datetime(2026, 3, 19, 1, 0, tzinfo=UTC)  # 08:00 WIB


@pytest.fixture
async def study(sessions: Sessions) -> Study:
    study = await build_study(sessions, per_class=1, zones={"WIB": "Asia/Jakarta"})
    async with sessions() as session, session.begin():
        for nisn, alumnus_id in study.alumni.items():
            await session.execute(
                update(Alumnus)
                .where(Alumnus.id == alumnus_id)
                .values(guardian_phone=guardian(nisn), phone=own(nisn))
            )
    return study


def guardian(nisn: str) -> str:
    return "+62856" + nisn[-7:]


def own(nisn: str) -> str:
    return "+62812" + nisn[-7:]


def sweeper(sessions: Sessions, clock: ManualClock, parents: ParentContact | None = PARENTS):
    telegram = RecordingSender(clock=clock)
    whatsapp = RecordingSender(channel="whatsapp", clock=clock)
    sweep = Sweeper(sessions, {"telegram": telegram, "whatsapp": whatsapp}, clock, parents=parents)
    return sweep, telegram, whatsapp


async def run_until(sweep: Sweeper, clock: ManualClock, end: datetime, step=timedelta(hours=1)):
    while clock.now() < end:
        await sweep.sweep()
        clock.advance(step)


async def parent_rows(sessions: Sessions) -> list[Delivery]:
    async with sessions() as session:
        return list(
            await session.scalars(
                select(Delivery)
                .where(Delivery.kind == DeliveryKind.PARENT.value)
                .order_by(Delivery.id)
            )
        )


async def test_one_message_to_each_parent_once_the_reminders_are_spent(
    sessions: Sessions, clock: ManualClock, study: Study
) -> None:
    sweep, telegram, whatsapp = sweeper(sessions, clock)
    # Every two hours from 15:00 UTC: 08:00 WIB (01:00 UTC) comes each day.
    await run_until(sweep, clock, SPENT - timedelta(hours=1), timedelta(hours=2))
    assert [len(telegram.to(chat)) for chat in study.chats.values()] == [3, 3]
    assert whatsapp.sent == [] and await parent_rows(sessions) == []  # nothing before
    assert clock.now() == SPENT
    await run_until(sweep, clock, SPENT + timedelta(days=30), timedelta(hours=12))
    survey = study.surveys["WIB"]
    async with sessions() as session:
        tokens = dict(
            (await session.execute(select(Invitation.alumnus_id, Invitation.token))).all()
        )
    for nisn, alumnus_id in study.alumni.items():
        [(message, when)] = whatsapp.to(guardian(nisn))  # one, whatever the days after
        assert when == SPENT and when.astimezone(WIB).hour == 8
        assert message.template == PARENT_TEMPLATE and message.window_open is False
        school, name, link = message.variables
        assert school == "SMK WIB" and name == "Alumni"
        assert link.startswith("https://wa.me/6281100000000?text=")
        assert unquote(link.partition("text=")[2]) == f"MULAI {tokens[alumnus_id]}"
        assert "SMK WIB" in message.text and link in message.text
        assert "BERHENTI" in message.text and "SALAH NOMOR" in message.text
        assert whatsapp.to(own(nisn)) == []  # the own number: they have a chat, no first contact
    rows = await parent_rows(sessions)
    assert sorted(d.key for d in rows) == sorted(
        parent_key(survey.id, a, 1) for a in study.alumni.values()
    )
    assert {(d.status, d.channel, d.round) for d in rows} == {("sent", "whatsapp", 1)}
    # The parent's message is not one of the alumnus's rounds: no fourth reminder, no delay.
    assert [len(telegram.to(chat)) for chat in study.chats.values()] == [3, 3]


async def test_a_second_message_only_when_configured_and_a_week_later(
    sessions: Sessions, clock: ManualClock, study: Study
) -> None:
    sweep, _, whatsapp = sweeper(sessions, clock, ParentContact(2, SCHOOL_NUMBER))
    await run_until(sweep, clock, SPENT, timedelta(hours=2))
    await run_until(sweep, clock, SPENT + timedelta(days=30), timedelta(hours=12))
    nisn = next(iter(study.alumni))
    (_, first), (_, second) = whatsapp.to(guardian(nisn))
    assert second - first >= PARENT_GAP and second.astimezone(WIB).hour == 8
    assert len(await parent_rows(sessions)) == 4


async def test_no_own_channel_left_means_the_parent_at_once(
    sessions: Sessions, clock: ManualClock, study: Study
) -> None:
    """No chat and no own number: the parent is the only way, the first morning."""
    first, second = study.alumni
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        await session.execute(update(Alumnus).values(phone=None))
        # The second's own number said BERHENTI once: that may have been them.
        await session.execute(
            update(Alumnus).where(Alumnus.id == study.alumni[second]).values(phone=own(second))
        )
        await opt_out(session, "whatsapp", own(second), INVITED)
    sweep, _, whatsapp = sweeper(sessions, clock)
    await run_until(sweep, clock, INVITED + timedelta(days=3))
    [(_, when)] = whatsapp.to(guardian(first))
    assert when.astimezone(WIB) == datetime(2026, 3, 3, 8, 0, tzinfo=WIB)
    assert whatsapp.to(guardian(second)) == [] and whatsapp.to(own(second)) == []


async def test_an_own_number_that_failed_for_good_hands_over_to_the_parent(
    sessions: Sessions, clock: ManualClock, study: Study
) -> None:
    """No chat, and the first contact to their own number failed (not on WhatsApp)."""
    first, second = study.alumni
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
    sweep, _, whatsapp = sweeper(sessions, clock)
    whatsapp.results[own(first)] = [SendResult(SendStatus.FAILED, "twilio_63003")]
    await run_until(sweep, clock, INVITED + timedelta(days=2))
    [(invitation, _)] = whatsapp.to(own(second))  # the second's own number works: no parent
    assert invitation.template == "wa_invitation" and whatsapp.to(guardian(second)) == []
    [(message, when)] = whatsapp.to(guardian(first))
    assert message.template == PARENT_TEMPLATE
    # The invitation failed at 08:00; the parent's turn came at the next hourly look.
    assert when.astimezone(WIB) == datetime(2026, 3, 3, 9, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    "case", ["school_off", "setting_zero", "parent_opted_out", "finished", "own_number"]
)
async def test_nothing_goes_to_a_parent_when(
    sessions: Sessions, clock: ManualClock, study: Study, case: str
) -> None:
    parents = ParentContact(0, SCHOOL_NUMBER) if case == "setting_zero" else PARENTS
    async with sessions() as session, session.begin():
        if case == "school_off":
            await session.execute(update(Institution).values(guardian_contact=False))
        for nisn, alumnus_id in study.alumni.items():
            if case == "parent_opted_out":
                await opt_out(session, "whatsapp", guardian(nisn), INVITED)
            if case == "own_number":
                await session.execute(
                    update(Alumnus).where(Alumnus.id == alumnus_id).values(phone=guardian(nisn))
                )
            if case == "finished":
                await session.execute(
                    update(Response)
                    .where(Response.alumnus_id == alumnus_id)
                    .values(status=ResponseStatus.COMPLETED.value)
                )
    if case == "finished":  # no response rows yet: give each a completed one
        await _complete_all(sessions, study)
    sweep, _, whatsapp = sweeper(sessions, clock, parents)
    await run_until(sweep, clock, SPENT + timedelta(days=2), timedelta(hours=6))
    assert whatsapp.sent == []
    assert await parent_rows(sessions) == []


async def _complete_all(sessions: Sessions, study: Study) -> None:
    survey = study.surveys["WIB"]
    async with sessions() as session, session.begin():
        for alumnus_id in study.alumni.values():
            session.add(
                Response(
                    survey_id=survey.id,
                    alumnus_id=alumnus_id,
                    questionnaire_version_id=survey.questionnaire_version_id,
                    status=ResponseStatus.COMPLETED.value,
                    invited_at=INVITED,
                    updated_at=INVITED,
                )
            )


async def test_planned_only_in_the_sending_hours(
    sessions: Sessions, clock: ManualClock, study: Study
) -> None:
    survey = study.surveys["WIB"]
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        await session.execute(update(Alumnus).values(phone=None))
    night = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)  # 21:00 WIB
    async with sessions() as session, session.begin():
        assert await plan_parents(session, night, PARENTS) == 0
        assert await plan_parents(session, night + timedelta(hours=12), PARENTS) == 2
        # Planned twice, written once: the key holds.
        assert await plan_parents(session, night + timedelta(hours=13), PARENTS) == 0
    keys = {d.key for d in await parent_rows(sessions)}
    assert keys == {parent_key(survey.id, a, 1) for a in study.alumni.values()}


async def test_the_sweep_looks_for_parents_once_per_interval(
    sessions: Sessions, study: Study
) -> None:
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        await session.execute(update(Alumnus).values(phone=None))
    planner = ParentPlanner(ParentContact(2, SCHOOL_NUMBER), every=timedelta(days=9))
    morning = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 WIB
    async with sessions() as session, session.begin():
        assert await planner(session, morning) == 2
        # Eight days on the second messages are due (PARENT_GAP), but the planner waits.
        assert await planner(session, morning + PARENT_GAP + timedelta(days=1)) == 0
        assert await planner(session, morning + timedelta(days=10)) == 2


async def _one_parent_delivery(sessions: Sessions, study: Study) -> tuple[Delivery, int]:
    """Plan the parents' messages of alumni without channels; the first one's row."""
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        await session.execute(update(Alumnus).values(phone=None))
        await plan_parents(session, datetime(2026, 3, 3, 2, 0, tzinfo=UTC), PARENTS)
    first = (await parent_rows(sessions))[0]
    assert first.alumnus_id is not None
    return first, first.alumnus_id


async def compose(sessions: Sessions, delivery: Delivery, now: datetime, parents=PARENTS):
    async with sessions() as session:
        return await Composer(["whatsapp"], "id", parents)(session, delivery, now)


async def test_composed_when_its_turn_comes_and_skipped_when_no_longer_wanted(
    sessions: Sessions, study: Study
) -> None:
    delivery, alumnus_id = await _one_parent_delivery(sessions, study)
    morning = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 10:00 WIB
    composed = await compose(sessions, delivery, morning)
    assert isinstance(composed, Envelope)
    nisn = next(n for n, a in study.alumni.items() if a == alumnus_id)
    assert composed.channel == "whatsapp" and composed.external_id == guardian(nisn)
    assert "Mohon teruskan" in composed.message.text
    # At night it waits for the morning.
    night = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # 22:00 WIB
    assert await compose(sessions, delivery, night) == Later(datetime(2026, 3, 4, 1, 0, tzinfo=UTC))
    assert await compose(sessions, delivery, morning, None) == Skip("parents_off")
    # The alumnus wrote in the meantime: their own chat carries on.
    async with sessions() as session, session.begin():
        session.add(
            ChannelIdentity(
                alumnus_id=alumnus_id,
                channel="telegram",
                external_id="555",
                reachable=True,
                last_inbound_at=morning,
                created_at=morning,
            )
        )
    assert await compose(sessions, delivery, morning) == Skip("in_chat")
    async with sessions() as session, session.begin():
        await session.execute(delete(ChannelIdentity))
        await opt_out(session, "whatsapp", guardian(nisn), morning)
    assert await compose(sessions, delivery, morning) == Skip("opted_out")
    async with sessions() as session, session.begin():
        await session.execute(update(Institution).values(guardian_contact=False))
    assert await compose(sessions, delivery, morning) == Skip("guardian_contact_off")
    await _complete_all(sessions, study)
    assert await compose(sessions, delivery, morning) == Skip("completed")
    async with sessions() as session, session.begin():
        await session.execute(update(Survey).values(closes_at=morning))
    assert await compose(sessions, delivery, morning) == Skip("survey_closed")


async def test_a_revoked_link_is_never_sent(sessions: Sessions, study: Study) -> None:
    delivery, alumnus_id = await _one_parent_delivery(sessions, study)
    async with sessions() as session, session.begin():
        await session.execute(
            update(Invitation).where(Invitation.alumnus_id == alumnus_id).values(revoked_at=INVITED)
        )
    morning = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
    assert await compose(sessions, delivery, morning) == Skip("no_link")
