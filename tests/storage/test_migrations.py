"""Migrations: from empty to head, models equal to the migration, current() and status()."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.database import create_engine
from storage.models import Base

TABLES = {
    "alembic_version",
    "alumni",
    "deliveries",
    "answers",
    "channel_identities",
    "class_groups",
    "contact_opt_outs",
    "identifier_checks",
    "identity_checks",
    "institutions",
    "invitations",
    "media_files",
    "pending_replies",
    "processed_messages",
    "questionnaire_versions",
    "responses",
    "staff",
    "staff_chats",
    "staff_scopes",
    "surveys",
}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    assert await asyncio.to_thread(migrate.current, db_url) is None
    await asyncio.to_thread(migrate.upgrade, db_url)
    engine = create_engine(db_url)
    try:
        assert await _tables(engine) == TABLES
    finally:
        await engine.dispose()
    assert await asyncio.to_thread(migrate.current, db_url) == migrate.head()
    assert await asyncio.to_thread(migrate.status, db_url) == (migrate.head(), migrate.head())


async def test_models_match_the_migration(engine: AsyncEngine) -> None:
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_upgrade_twice_and_downgrade_to_base(migrated_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, migrated_url)  # already at head: nothing to do
    await asyncio.to_thread(migrate.downgrade, migrated_url, "base")
    assert await asyncio.to_thread(migrate.current, migrated_url) is None
    engine = create_engine(migrated_url)
    try:
        assert await _tables(engine) == {"alembic_version"}
    finally:
        await engine.dispose()
    await asyncio.to_thread(migrate.upgrade, migrated_url)
    assert await asyncio.to_thread(migrate.current, migrated_url) == migrate.head()


def test_current_does_not_create_a_missing_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'absent.db'}"
    assert migrate.current(url) is None
    assert not (tmp_path / "absent.db").exists()


def test_head_is_the_latest_revision() -> None:
    assert migrate.head() == "0017"


async def test_migration_0003_keeps_surveys_and_gives_them_the_default_policy(
    migrated_url: str,
) -> None:
    """A survey created before 0003 gets reminders 3, 7, 14 days out, 08:00-20:00."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    await asyncio.to_thread(migrate.downgrade, migrated_url, "0002")
    engine = create_engine(migrated_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO questionnaire_versions (id, questionnaire_id, version,"
                    " content_hash, source, created_at) VALUES (1, 'q', '1', 'h', 's', :t)"
                ),
                {"t": datetime(2026, 1, 1, tzinfo=UTC)},
            )
            await connection.execute(
                text(
                    "INSERT INTO institutions (id, code, name, kind, timezone, created_at,"
                    " updated_at) VALUES (1, 'X', 'X', 'smk', 'Asia/Jakarta', :t, :t)"
                ),
                {"t": datetime(2026, 1, 1, tzinfo=UTC)},
            )
            await connection.execute(
                text(
                    "INSERT INTO surveys (id, institution_id, questionnaire_id,"
                    " questionnaire_version_id, name, graduation_year, opens_at, created_at,"
                    " updated_at) VALUES (1, 1, 'q', 1, 'S', 2025, :t, :t, :t)"
                ),
                {"t": datetime(2026, 1, 1, tzinfo=UTC)},
            )
        await asyncio.to_thread(migrate.upgrade, migrated_url)
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT reminder_days, send_from_hour, send_until_hour FROM surveys")
                )
            ).one()
    finally:
        await engine.dispose()
    days = row[0] if isinstance(row[0], list) else __import__("json").loads(row[0])
    assert (days, row[1], row[2]) == ([3, 7, 14], 8, 20)
