"""Each questionnaire version's `outcome` mapping, parsed once per distinct stored text."""

from __future__ import annotations

import logging

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.loader import QuestionnaireError, parse_questionnaire
from conversations.questionnaire import Outcome
from storage.models import QuestionnaireVersion, Response, Survey

log = logging.getLogger(__name__)

# Parsed outcome mappings by content hash: a stored version's text never changes.
_MAPPINGS: dict[str, Outcome | None] = {}
_MAPPINGS_MAX = 128


async def outcome_mappings(session: AsyncSession, survey: Survey) -> dict[int, Outcome | None]:
    """Mapping per version id: the survey's current version and every version its responses use.

    None for a version without `outcome`, or whose stored text no longer parses.
    """
    used = select(Response.questionnaire_version_id).where(Response.survey_id == survey.id)
    rows = await session.execute(
        select(
            QuestionnaireVersion.id, QuestionnaireVersion.content_hash, QuestionnaireVersion.source
        ).where(
            or_(
                QuestionnaireVersion.id == survey.questionnaire_version_id,
                QuestionnaireVersion.id.in_(used),
            )
        )
    )
    found: dict[int, Outcome | None] = {}
    for version_id, digest, source in rows:
        if digest not in _MAPPINGS:
            if len(_MAPPINGS) >= _MAPPINGS_MAX:
                _MAPPINGS.clear()
            _MAPPINGS[digest] = _parse_outcome(version_id, source)
        found[version_id] = _MAPPINGS[digest]
    return found


def _parse_outcome(version_id: int, source: str) -> Outcome | None:
    try:
        return parse_questionnaire(source, f"version {version_id}").outcome
    except QuestionnaireError:
        log.warning(
            "questionnaire version %s does not parse: its outcomes count as unknown", version_id
        )
        return None
