"""Questionnaire versions (one row per distinct file text) and surveys that run them.

Every function takes the caller's AsyncSession and never commits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.clock import utc_now
from config.templates import source_hash
from storage.database import dialect_insert
from storage.models import Institution, QuestionnaireVersion, Survey

log = logging.getLogger(__name__)


async def ensure_version(
    session: AsyncSession, questionnaire_id: str, version: str, source: str
) -> QuestionnaireVersion:
    """The stored version with this exact source text, stored now if it is new."""
    content_hash = source_hash(source)
    table = QuestionnaireVersion.__table__
    # ON CONFLICT DO NOTHING: two processes starting with the same new file store it once.
    insert = (
        dialect_insert(session, table)
        .values(
            questionnaire_id=questionnaire_id,
            version=version,
            content_hash=content_hash,
            source=source,
            created_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=["questionnaire_id", "content_hash"])
    )
    await session.execute(insert)
    found = await session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire_id,
            QuestionnaireVersion.content_hash == content_hash,
        )
    )
    assert found is not None  # inserted above or already there
    return found


async def create_survey(
    session: AsyncSession,
    *,
    institution_id: int,
    questionnaire_version: QuestionnaireVersion,
    name: str,
    graduation_year: int,
    opens_at: datetime,
    closes_at: datetime | None = None,
    now: datetime | None = None,
) -> Survey:
    """A survey of one cohort, starting new respondents on `questionnaire_version`."""
    now = now or utc_now()
    survey = Survey(
        institution_id=institution_id,
        questionnaire_id=questionnaire_version.questionnaire_id,
        questionnaire_version_id=questionnaire_version.id,
        name=name,
        graduation_year=graduation_year,
        opens_at=opens_at,
        closes_at=closes_at,
        created_at=now,
        updated_at=now,
    )
    session.add(survey)
    await session.flush()
    log.info("survey %s created for institution %s", survey.id, institution_id)
    return survey


async def get_survey(session: AsyncSession, survey_id: int) -> Survey | None:
    """The survey with this id, if any."""
    return await session.get(Survey, survey_id)


async def list_surveys(session: AsyncSession, institution_id: int) -> list[Survey]:
    """The institution's surveys, newest opening first."""
    return list(
        await session.scalars(
            select(Survey)
            .where(Survey.institution_id == institution_id)
            .order_by(Survey.opens_at.desc(), Survey.id.desc())
        )
    )


async def every_survey(session: AsyncSession) -> list[Survey]:
    """Every survey, of every institution, by id."""
    return list(await session.scalars(select(Survey).order_by(Survey.id)))


def _open_at(now: datetime) -> ColumnElement[bool]:
    """Opened by `now` and not yet closed."""
    return and_(Survey.opens_at <= now, or_(Survey.closes_at.is_(None), Survey.closes_at > now))


async def open_surveys(
    session: AsyncSession, institution_id: int | None, now: datetime
) -> list[Survey]:
    """Surveys open at `now` (opened, not yet closed), of one institution or (None) of all."""
    query = select(Survey).where(_open_at(now))
    if institution_id is not None:
        query = query.where(Survey.institution_id == institution_id)
    return list(await session.scalars(query.order_by(Survey.id)))


async def open_surveys_with_institutions(
    session: AsyncSession, now: datetime, institution_ids: Iterable[int] | None = None
) -> list[tuple[Survey, Institution]]:
    """Surveys open at `now` with their institutions, by survey id (of these institutions only,
    if given)."""
    query = (
        select(Survey, Institution)
        .join(Institution, Survey.institution_id == Institution.id)
        .where(_open_at(now))
        .order_by(Survey.id)
    )
    if institution_ids is not None:
        query = query.where(Survey.institution_id.in_(list(institution_ids)))
    return [(s, i) for s, i in (await session.execute(query)).all()]


async def refresh_version(
    session: AsyncSession,
    survey: Survey,
    questionnaire_id: str,
    version: str,
    source: str,
    *,
    now: datetime | None = None,
) -> bool:
    """Point the survey at the file's current text; True if that is a different version.

    Responses already created keep the version they were created with.
    """
    if questionnaire_id != survey.questionnaire_id:
        raise ValueError(
            f"survey {survey.id} runs {survey.questionnaire_id!r}, not {questionnaire_id!r}"
        )
    stored = await ensure_version(session, questionnaire_id, version, source)
    if stored.id == survey.questionnaire_version_id:
        return False
    survey.questionnaire_version_id = stored.id
    survey.updated_at = now or utc_now()
    await session.flush()
    log.info("survey %s now uses questionnaire version %s", survey.id, stored.id)
    return True
