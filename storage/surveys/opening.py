"""When a cohort finished, as its roster says: what a survey's default opening day counts from."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Alumnus


async def cohort_last_finished_on(
    session: AsyncSession, institution_id: int, graduation_year: int
) -> date | None:
    """The latest graduation (or training end) day the roster holds for a cohort; None when no
    row of it has one."""
    return await session.scalar(
        select(func.max(Alumnus.finished_on)).where(
            Alumnus.institution_id == institution_id,
            Alumnus.graduation_year == graduation_year,
        )
    )
