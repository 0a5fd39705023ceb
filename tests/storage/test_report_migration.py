"""Migration 0014: institutions get a nullable province, kept by upgrades and gone on downgrade."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import migrate
from storage.database import create_engine
from storage.roster import repository as repo

T = datetime(2026, 1, 1, tzinfo=UTC)


async def _columns(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        found = await connection.run_sync(lambda c: inspect(c).get_columns("institutions"))
    return {column["name"] for column in found}


async def test_0014_adds_province_to_existing_institutions_and_downgrade_drops_it(
    migrated_url: str,
) -> None:
    await asyncio.to_thread(migrate.downgrade, migrated_url, "0013")
    engine = create_engine(migrated_url)
    try:
        assert "province" not in await _columns(engine)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO institutions (id, code, name, kind, timezone, created_at,"
                    " updated_at) VALUES (1, 'X', 'SMK X', 'smk', 'Asia/Jakarta', :t, :t)"
                ),
                {"t": T},
            )
        await asyncio.to_thread(migrate.upgrade, migrated_url)
        assert "province" in await _columns(engine)
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT code, province FROM institutions"))).one()
        assert tuple(row) == ("X", None)  # kept, with no province until an operator sets one
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE institutions SET province = '32'"))
        await asyncio.to_thread(migrate.downgrade, migrated_url, "0013")
        assert "province" not in await _columns(engine)
        async with engine.connect() as connection:
            names = (await connection.execute(text("SELECT name FROM institutions"))).scalars()
            assert list(names) == ["SMK X"]  # the batch copy of SQLite kept the row
    finally:
        await engine.dispose()


async def test_upsert_sets_keeps_and_refuses_a_province(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session, session.begin():
        made = await repo.upsert_institution(
            session, code="1", name="SMK A", kind="smk", timezone="Asia/Jakarta", province="32"
        )
        assert made.province == "32"
        again = await repo.upsert_institution(
            session, code="1", name="SMK A", kind="smk", timezone="Asia/Jakarta"
        )
        assert again.province == "32"  # not given: kept
        moved = await repo.upsert_institution(
            session, code="1", name="SMK A", kind="smk", timezone="Asia/Jakarta", province="73"
        )
        assert moved.province == "73"
        for bad in ("3", "Jawa Barat", "99"):  # not two digits, a name, no such province
            with pytest.raises(ValueError, match="not a province code"):
                await repo.upsert_institution(
                    session, code="2", name="B", kind="smk", timezone="Asia/Jakarta", province=bad
                )
