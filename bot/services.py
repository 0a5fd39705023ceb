"""The composition root: settings in, database, questionnaires and runner out."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.alumni.runner import ConversationRunner
from bot.errors import Fail
from config.loader import read_questionnaire
from config.settings import Settings
from config.templates import find_questionnaire
from conversations.questionnaire import Questionnaire
from storage import migrate
from storage.database import create_engine, session_factory
from storage.models import Institution, Survey
from storage.roster import repository as repo


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    runner: ConversationRunner

    async def aclose(self) -> None:
        await self.runner.forget_sent()
        self.runner.close()
        await self.engine.dispose()


async def create_services(settings: Settings, *, check_schema: bool = True) -> Services:
    """Connect to the database (refusing an unmigrated one) and build the runner."""
    if check_schema:
        await ensure_schema(settings)
    engine = create_engine(settings.database)
    sessions = session_factory(engine)
    return Services(settings, engine, sessions, ConversationRunner(sessions))


async def institution_or_fail(session: AsyncSession, code: str) -> Institution:
    """The institution with this code, or a staff message saying how to list or add it."""
    institution = await repo.get_institution(session, code)
    if institution is None:
        raise Fail("institution_not_found", code=code)
    return institution


async def survey_or_fail(session: AsyncSession, survey_id: int) -> Survey:
    """The survey with this id, or a staff message saying how to list the surveys."""
    survey = await repo.get_survey(session, survey_id)
    if survey is None:
        raise Fail("survey_not_found", id=survey_id)
    return survey


async def ensure_schema(settings: Settings) -> None:
    """Refuse a database whose tables are missing or older than this Jejak."""
    current, head = await asyncio.to_thread(migrate.status, settings.database)
    if current != head:
        raise Fail("db_not_ready")


async def sync_questionnaires(services: Services) -> list[str]:
    """Point every survey at its questionnaire file as it is now.

    An edited file becomes a new stored version; respondents who already started keep theirs.
    A broken file raises QuestionnaireError, so Jejak refuses to start with it.
    Returns the questionnaire ids whose survey moved to a new version.
    """
    extra = services.settings.questionnaire_dir
    changed: list[str] = []
    async with services.sessions() as session, session.begin():
        surveys = await repo.every_survey(session)
        files: dict[str, tuple[Questionnaire, str]] = {}
        for survey in surveys:
            qid = survey.questionnaire_id
            if qid not in files:
                files[qid] = read_questionnaire(find_questionnaire(qid, extra))
            questionnaire, source = files[qid]
            if await repo.refresh_version(
                session, survey, questionnaire.id, questionnaire.version, source
            ):
                changed.append(qid)
    return changed
