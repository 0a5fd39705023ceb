"""Read-only views for staff: who is on a roster and how far each survey has got."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Alumnus, ClassGroup, Response


@dataclass(frozen=True, slots=True)
class RosterLine:
    nisn: str
    name: str
    class_name: str | None
    statuses: dict[int, str]  # survey id -> response status; absent: not invited yet


async def roster_lines(
    session: AsyncSession, institution_id: int, class_name: str | None = None
) -> list[RosterLine]:
    """An institution's alumni by class and name, with their response status per survey."""
    query = (
        select(Alumnus.id, Alumnus.nisn, Alumnus.name, ClassGroup.name)
        .outerjoin(ClassGroup, Alumnus.class_group_id == ClassGroup.id)
        .where(Alumnus.institution_id == institution_id)
        .order_by(ClassGroup.name, Alumnus.name)
    )
    if class_name is not None:
        query = query.where(ClassGroup.name == class_name)
    rows = (await session.execute(query)).all()
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 1000):  # keep IN lists within every database's limits
        found = await session.execute(
            select(Response.alumnus_id, Response.survey_id, Response.status).where(
                Response.alumnus_id.in_(ids[start : start + 1000])
            )
        )
        for alumnus_id, survey_id, status in found:
            statuses[alumnus_id][survey_id] = status
    return [RosterLine(nisn, name, group, statuses[aid]) for aid, nisn, name, group in rows]


async def status_counts(session: AsyncSession, survey_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each survey, how many responses are in each status."""
    counts: dict[int, dict[str, int]] = {sid: {} for sid in survey_ids}
    if not survey_ids:
        return counts
    found = await session.execute(
        select(Response.survey_id, Response.status, func.count())
        .where(Response.survey_id.in_(survey_ids))
        .group_by(Response.survey_id, Response.status)
    )
    for survey_id, status, count in found:
        counts[survey_id][status] = count
    return counts


async def alumni_count(session: AsyncSession, institution_id: int, graduation_year: int) -> int:
    """How many alumni of a cohort the roster holds: the denominator of a response rate."""
    return (
        await session.scalar(
            select(func.count())
            .select_from(Alumnus)
            .where(
                Alumnus.institution_id == institution_id, Alumnus.graduation_year == graduation_year
            )
        )
        or 0
    )
