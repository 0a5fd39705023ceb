"""Reaching every alumnus: class links, consent to be contacted, parents, phone answers.

Class groups get a class link's token (students link their chat in grade XII); alumni keep when
they agreed to be contacted after graduation and when they last confirmed their number;
institutions may turn off messages to parents' numbers; a staff chat can be writing down one
alumnus's answers given on the phone; deliveries gain two kinds: one message to a parent's
number, and the yearly number check-in.

It also gives back answer rows that migration 0015 deleted on SQLite. 0015 rebuilt `responses`
while foreign keys were enforced, and the rebuild's DROP cascaded to every answer (the migration
environment now turns enforcement off). Each response's state still holds its answers, which are
the rows' source of truth: rows the state has and the table lacks are written back from it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = ("reminder", "resend", "homeroom_daily", "weekly_summary")
KINDS_AFTER = (*KINDS_BEFORE, "parent", "checkin")


def _kinds(kinds: Sequence[str]) -> str:
    return "kind IN ({})".format(", ".join(f"'{kind}'" for kind in kinds))


RESTORE_BATCH = 500


def _answered_at(text: str | None, fallback: datetime) -> datetime:
    """An answer's time as the state wrote it (ISO 8601), in UTC."""
    if not text:
        return fallback
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _missing_answers(connection: sa.Connection) -> Iterator[dict[str, Any]]:
    """Answer rows that responses' states hold and the answers table lacks."""
    responses = connection.execute(
        sa.text(
            "SELECT r.id, r.state, r.updated_at FROM responses r WHERE r.state IS NOT NULL"
            " AND r.state LIKE '%\"answers\"%'"
        )
    )
    for response_id, state, updated_at in responses.yield_per(RESTORE_BATCH):
        answers = (json.loads(state).get("answers") or {}) if state else {}
        if not answers:
            continue
        have = set(
            connection.execute(
                sa.text("SELECT question_code FROM answers WHERE response_id = :id"),
                {"id": response_id},
            ).scalars()
        )
        fallback = updated_at if isinstance(updated_at, datetime) else datetime.now(UTC)
        if fallback.tzinfo is None:
            fallback = fallback.replace(tzinfo=UTC)
        for code, answer in answers.items():
            if code not in have:
                yield {
                    "response_id": response_id,
                    "question_code": code,
                    "value": answer.get("value"),
                    "raw_text": answer.get("raw") or "",
                    "other_text": answer.get("other_text"),
                    "answered_at": _answered_at(answer.get("answered_at"), fallback),
                }


def restore_answer_rows(connection: sa.Connection) -> int:
    """Write back the answer rows 0015 lost; returns how many."""
    table = sa.table(
        "answers",
        sa.column("response_id", sa.Integer()),
        sa.column("question_code", sa.String()),
        sa.column("value", sa.JSON()),
        sa.column("raw_text", sa.Text()),
        sa.column("other_text", sa.Text()),
        sa.column("answered_at", sa.DateTime(timezone=True)),
    )
    sqlite = connection.dialect.name == "sqlite"
    rows = list(_missing_answers(connection))
    for row in rows:
        if sqlite:  # naive UTC text, as the models' UTCDateTime writes it there
            row["answered_at"] = row["answered_at"].replace(tzinfo=None)
    for start in range(0, len(rows), RESTORE_BATCH):
        connection.execute(table.insert(), rows[start : start + RESTORE_BATCH])
    return len(rows)


def upgrade() -> None:
    """Upgrade schema."""
    restore_answer_rows(op.get_bind())
    with op.batch_alter_table("class_groups") as batch:
        batch.add_column(sa.Column("link_token", sa.String(length=32), nullable=True))
        batch.create_unique_constraint(batch.f("uq_class_groups_link_token"), ["link_token"])
    with op.batch_alter_table("alumni") as batch:
        batch.add_column(sa.Column("contact_consent_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("phone_confirmed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("institutions") as batch:
        batch.add_column(
            sa.Column("guardian_contact", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("staff_chats") as batch:
        batch.add_column(sa.Column("answering_alumnus_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("answering_survey_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_staff_chats_answering_alumnus_id_alumni"),
            "alumni",
            ["answering_alumnus_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            batch.f("fk_staff_chats_answering_survey_id_surveys"),
            "surveys",
            ["answering_survey_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(batch.f("ck_deliveries_kind"), type_="check")
        batch.create_check_constraint("kind", _kinds(KINDS_AFTER))


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DELETE FROM deliveries WHERE kind IN ('parent', 'checkin')")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(batch.f("ck_deliveries_kind"), type_="check")
        batch.create_check_constraint("kind", _kinds(KINDS_BEFORE))
    with op.batch_alter_table("staff_chats") as batch:
        batch.drop_constraint(
            batch.f("fk_staff_chats_answering_survey_id_surveys"), type_="foreignkey"
        )
        batch.drop_constraint(
            batch.f("fk_staff_chats_answering_alumnus_id_alumni"), type_="foreignkey"
        )
        batch.drop_column("answering_survey_id")
        batch.drop_column("answering_alumnus_id")
    with op.batch_alter_table("institutions") as batch:
        batch.drop_column("guardian_contact")
    with op.batch_alter_table("alumni") as batch:
        batch.drop_column("phone_confirmed_at")
        batch.drop_column("contact_consent_at")
    with op.batch_alter_table("class_groups") as batch:
        batch.drop_constraint(batch.f("uq_class_groups_link_token"), type_="unique")
        batch.drop_column("link_token")
