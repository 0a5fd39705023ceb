"""`jejak chat`: find who is answering which survey, then run the terminal conversation."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli.simulator import DraftConversation, StoredConversation, run_chat
from bot.errors import Fail
from bot.services import create_services, institution_or_fail, sync_questionnaires
from config.clock import utc_now
from config.loader import load_questionnaire
from config.settings import Settings
from config.templates import find_questionnaire
from conversations.identifiers import accepted, words
from conversations.messages import LANGUAGES
from storage.models import Alumnus, Survey
from storage.roster import repository as repo


async def chat_command(
    settings: Settings,
    console: Console,
    nisn: str | None,
    questionnaire: str | None,
    survey_id: int | None,
    institution_code: str | None,
    language: str | None,
) -> None:
    """Pilot a draft (no --as) or answer a real survey as a roster alumnus (--as NISN, NIM or
    participant number: the identifier of the alumnus's institution kind)."""
    if language is not None and language not in LANGUAGES:
        raise Fail("bad_language", choice=language, languages=", ".join(LANGUAGES))

    def read() -> str:
        return console.input("[bold]› [/bold]")

    if nisn is None:
        if questionnaire is None:
            raise Fail("chat_needs_who")
        path = find_questionnaire(questionnaire, settings.questionnaire_dir)
        draft = load_questionnaire(path)
        await run_chat(DraftConversation(draft, language), console, settings.language, read)
        return

    services = await create_services(settings)
    try:
        await sync_questionnaires(services)
        async with services.sessions() as session:
            alumnus = await _find_alumnus(session, nisn, institution_code, settings.language)
            survey = await _pick_survey(session, alumnus, survey_id, questionnaire)
        conversation = StoredConversation(services.runner, survey.id, alumnus.id, language)
        await run_chat(conversation, console, settings.language, read)
    finally:
        await services.aclose()


async def _find_alumnus(
    session: AsyncSession, nisn: str, institution_code: str | None, language: str
) -> Alumnus:
    """The alumnus whose identifier, as their institution's kind reads it, is `nisn`."""
    if institution_code is not None:
        institution = await institution_or_fail(session, institution_code)
        kinds: tuple[str, ...] = (institution.kind,)
        only: int | None = institution.id
    else:
        kinds, only = await repo.institution_kinds(session), None
    found = {
        a.id: a
        for identifier, value in accepted(nisn, kinds)
        for a in await repo.find_alumni_by_identifier(session, identifier.kind, value, only)
    }
    if not found:
        identifier = words(kinds, language)["identifier"]
        raise Fail("alumnus_not_found", nisn=nisn, identifier=identifier)
    if len(found) > 1:
        raise Fail("alumnus_ambiguous", nisn=nisn)
    return next(iter(found.values()))


async def _pick_survey(
    session: AsyncSession, alumnus: Alumnus, survey_id: int | None, questionnaire: str | None
) -> Survey:
    surveys = await repo.open_surveys(session, alumnus.institution_id, utc_now())
    if survey_id is not None:
        surveys = [s for s in surveys if s.id == survey_id]
    if questionnaire is not None:
        surveys = [s for s in surveys if s.questionnaire_id == questionnaire]
    if not surveys:
        raise Fail("no_open_survey")
    if len(surveys) > 1:
        listed = ", ".join(f"{s.id} ({s.questionnaire_id})" for s in surveys)
        raise Fail("several_surveys", surveys=listed)
    return surveys[0]
