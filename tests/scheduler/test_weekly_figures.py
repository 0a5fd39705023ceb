"""The weekly staff-group post computes the report's figures (storage.reports.indicators) and
shows the BMW rate and the median waiting time beside completion."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stored_turns import save_step
from studies import INVITED, build_study

from conversations.state import Answer, ConversationState, Phase, Step
from scheduler.compose import Composer, weekly_figures
from scheduler.outbox import Envelope
from storage.models import Delivery, DeliveryKind
from storage.staff import members as staff_repo

NOW = INVITED + timedelta(days=7)


async def complete(
    sessions: async_sessionmaker[AsyncSession], survey_id: int, alumnus_id: int, **answers: object
) -> None:
    state = ConversationState(
        questionnaire_id="smk", version="x", language="id", phase=Phase.COMPLETED, current=None,
        answers={c: Answer(value=v, raw=str(v), answered_at=INVITED) for c, v in answers.items()},
        started_at=INVITED, updated_at=INVITED,
    )  # fmt: skip
    await save_step(sessions, survey_id, alumnus_id, Step(state, ()), INVITED)


async def test_the_weekly_caption_carries_the_bmw_rate_and_the_median_waiting_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """6 alumni, 3 completed: working after 2 months, working after 5, looking.
    BMW 2/3 = 67%; waiting time median of 2 and 5 = 3.5 months."""
    study = await build_study(sessions, per_class=3, zones={"WITA": "Asia/Makassar"})
    survey = study.surveys["WITA"]
    people = list(study.alumni.values())
    await complete(sessions, survey.id, people[0], status="1", mulai_kerja="2", masa_tunggu=2)
    await complete(sessions, survey.id, people[1], status="1", mulai_kerja="2", masa_tunggu=5)
    await complete(sessions, survey.id, people[2], status="4")
    async with sessions() as session, session.begin():
        institution = study.institutions["WITA"]
        chat = await staff_repo.link_group(session, "telegram", "-100", institution.id, INVITED)
        chat_id = chat.id
    async with sessions() as session:
        figures = await weekly_figures(session, survey.id)
        assert figures is not None
        assert (figures["completed"], figures["bmw_rate"]) == (3, 0.6667)
        assert await weekly_figures(session, 999) is None
        delivery = Delivery(
            key="weekly", kind=DeliveryKind.WEEKLY_SUMMARY.value, survey_id=survey.id,
            staff_chat_id=chat_id, next_attempt_at=NOW,
        )  # fmt: skip
        composed = await Composer(["telegram"])(session, delivery, NOW)
    assert isinstance(composed, Envelope)
    caption = composed.message.text.split("\n")
    assert caption[1].startswith("Selesai: <b>3/6</b>")
    assert "Keterserapan (BMW) 67% · masa tunggu kerja (median) 3,5 bulan" in caption
    assert composed.message.photo is not None
