"""Migrations: from empty to head, models equal to the migration, current() and status()."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
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


_T = "2026-01-01 00:00:00"
_AT = datetime(2026, 1, 1, tzinfo=UTC)
_POPULATED = (
    "INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, source,"
    f" created_at) VALUES (1, 'q', '1', 'h', 's', '{_T}')",
    "INSERT INTO institutions (id, code, name, kind, timezone, created_at, updated_at)"
    f" VALUES (1, 'X', 'X', 'smk', 'Asia/Jakarta', '{_T}', '{_T}')",
    "INSERT INTO class_groups (id, institution_id, name, created_at, updated_at)"
    f" VALUES (1, 1, 'XII AKL 1', '{_T}', '{_T}')",
    "INSERT INTO surveys (id, institution_id, questionnaire_id, questionnaire_version_id, name,"
    " graduation_year, opens_at, created_at, updated_at, reminder_days, send_from_hour,"
    f" send_until_hour) VALUES (1, 1, 'q', 1, 'S', 2025, '{_T}', '{_T}', '{_T}', '[3]', 8, 20)",
    "INSERT INTO alumni (id, institution_id, nisn, name, graduation_year, class_group_id,"
    f" language, created_at, updated_at) VALUES (1, 1, '0051234567', 'A', 2025, 1, 'id', '{_T}',"
    f" '{_T}')",
    "INSERT INTO staff (id, name, role, language, active, created_at, updated_at)"
    f" VALUES (1, 'S', 'bkk', 'id', true, '{_T}', '{_T}')",
    "INSERT INTO staff_chats (id, channel, external_id, kind, staff_id, reachable, created_at)"
    f" VALUES (1, 'telegram', '5', 'person', 1, true, '{_T}')",
    "INSERT INTO deliveries (id, key, kind, survey_id, staff_chat_id, round, status, attempts,"
    " next_attempt_at, created_at, updated_at) VALUES (1, 'weekly:1:1:2026-W01',"
    f" 'weekly_summary', 1, 1, 0, 'sent', 1, '{_T}', '{_T}', '{_T}')",
)
_STATE = (
    '{"answers": {"status": {"value": "bekerja", "raw": "1", "other_text": null,'
    ' "answered_at": "2026-01-02T03:04:05+00:00"}, "income": {"value": 4500000, "raw": "4,5 jt",'
    ' "other_text": null, "answered_at": null}}}'
)


async def _count(engine: AsyncEngine, table: str) -> int:
    from sqlalchemy import text

    async with engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def test_upgrading_a_populated_database_keeps_every_row(migrated_url: str) -> None:
    """Rebuilding a table on SQLite (batch mode) must not cascade: from 0014 to head, no answer,
    survey, class link or staff chat's delivery is lost (0015 once deleted every answer)."""
    from sqlalchemy import text

    await asyncio.to_thread(migrate.downgrade, migrated_url, "0014")
    engine = create_engine(migrated_url)
    try:
        async with engine.begin() as connection:
            for statement in _POPULATED:
                await connection.execute(text(statement))
            await connection.execute(
                text(
                    "INSERT INTO responses (id, survey_id, alumnus_id, questionnaire_version_id,"
                    " status, language, invited_at, updated_at, state) VALUES (1, 1, 1, 1,"
                    " 'started', 'id', :t, :t, :s)"
                ),
                {"t": _AT, "s": _STATE},
            )
            await connection.execute(
                text(
                    "INSERT INTO answers (id, response_id, question_code, value, raw_text,"
                    " answered_at) VALUES (1, 1, 'status', '\"bekerja\"', '1', :t),"
                    " (2, 1, 'income', '4500000', '4,5 jt', :t)"
                ),
                {"t": _AT},
            )
        await asyncio.to_thread(migrate.upgrade, migrated_url)
        counts = {
            table: await _count(engine, table)
            for table in ("surveys", "responses", "answers", "deliveries", "staff_chats")
        }
        async with engine.connect() as connection:
            group = (
                await connection.execute(text("SELECT class_group_id FROM alumni"))
            ).scalar_one()
    finally:
        await engine.dispose()
    assert counts == {
        "surveys": 1, "responses": 1, "answers": 2, "deliveries": 1, "staff_chats": 1
    }  # fmt: skip
    assert group == 1


async def test_answer_rows_lost_to_0015_are_restored_from_the_state(migrated_url: str) -> None:
    """A database upgraded through 0015 before the fix has states with answers and no rows:
    0017 writes the rows back from the state, and leaves rows that exist alone."""
    from sqlalchemy import select, text

    from storage.models import AnswerRow

    await asyncio.to_thread(migrate.downgrade, migrated_url, "0016")
    engine = create_engine(migrated_url)
    try:
        async with engine.begin() as connection:
            for statement in _POPULATED[:5]:
                await connection.execute(text(statement))
            await connection.execute(
                text(
                    "INSERT INTO responses (id, survey_id, alumnus_id, questionnaire_version_id,"
                    " status, language, invited_at, updated_at, state, source) VALUES (1, 1, 1,"
                    " 1, 'started', 'id', :t, :t, :s, 'chat')"
                ),
                {"t": _AT, "s": _STATE},
            )
            # One row survived (answered again after the upgrade); the other was lost.
            await connection.execute(
                text(
                    "INSERT INTO answers (response_id, question_code, value, raw_text,"
                    " answered_at) VALUES (1, 'status', '\"bekerja\"', 'Bekerja', :t)"
                ),
                {"t": _AT},
            )
        await asyncio.to_thread(migrate.upgrade, migrated_url)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(AnswerRow.question_code, AnswerRow.value, AnswerRow.raw_text).order_by(
                        AnswerRow.question_code
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("income", 4500000, "4,5 jt"),
        ("status", "bekerja", "Bekerja"),
    ]
