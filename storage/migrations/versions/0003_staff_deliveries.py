"""Staff, their scopes and chats; deliveries (the scheduler's outbox); survey reminder policy.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("surveys") as batch:
        batch.add_column(
            sa.Column("reminder_days", sa.JSON(), nullable=False, server_default="[3, 7, 14]")
        )
        batch.add_column(
            sa.Column("send_from_hour", sa.Integer(), nullable=False, server_default="8")
        )
        batch.add_column(
            sa.Column("send_until_hour", sa.Integer(), nullable=False, server_default="20")
        )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("link_token", sa.String(length=32), nullable=True),
        sa.Column("link_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("language IN ('id', 'en')", name=op.f("ck_staff_language")),
        sa.CheckConstraint(
            "role IN ('operator', 'bkk', 'homeroom', 'viewer')", name=op.f("ck_staff_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("link_token", name=op.f("uq_staff_link_token")),
    )
    op.create_table(
        "staff_scopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("class_group_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["class_group_id"],
            ["class_groups.id"],
            name=op.f("fk_staff_scopes_class_group_id_class_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_staff_scopes_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_scopes_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_scopes")),
        sa.UniqueConstraint(
            "staff_id",
            "institution_id",
            "class_group_id",
            name=op.f("uq_staff_scopes_staff_id_institution_id_class_group_id"),
        ),
    )
    op.create_index(op.f("ix_staff_scopes_staff_id"), "staff_scopes", ["staff_id"])
    op.create_index(op.f("ix_staff_scopes_institution_id"), "staff_scopes", ["institution_id"])
    op.create_table(
        "staff_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'group')", name=op.f("ck_staff_chats_kind")),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_staff_chats_institution_id_institutions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_chats_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_chats")),
        sa.UniqueConstraint(
            "channel", "external_id", name=op.f("uq_staff_chats_channel_external_id")
        ),
    )
    op.create_index(op.f("ix_staff_chats_staff_id"), "staff_chats", ["staff_id"])
    op.create_index(op.f("ix_staff_chats_institution_id"), "staff_chats", ["institution_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("alumnus_id", sa.Integer(), nullable=True),
        sa.Column("staff_chat_id", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("provider_message_id", sa.String(length=100), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('reminder', 'resend', 'homeroom_daily', 'weekly_summary')",
            name=op.f("ck_deliveries_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'skipped')",
            name=op.f("ck_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["alumnus_id"],
            ["alumni.id"],
            name=op.f("fk_deliveries_alumnus_id_alumni"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_chat_id"],
            ["staff_chats.id"],
            name=op.f("fk_deliveries_staff_chat_id_staff_chats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_deliveries_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("key", name=op.f("uq_deliveries_key")),
    )
    op.create_index(
        op.f("ix_deliveries_status_next_attempt_at"), "deliveries", ["status", "next_attempt_at"]
    )
    op.create_index(
        op.f("ix_deliveries_survey_id_alumnus_id"), "deliveries", ["survey_id", "alumnus_id"]
    )
    op.create_index(op.f("ix_deliveries_staff_chat_id"), "deliveries", ["staff_chat_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("deliveries")
    op.drop_table("staff_chats")
    op.drop_table("staff_scopes")
    op.drop_table("staff")
    with op.batch_alter_table("surveys") as batch:
        batch.drop_column("send_until_hour")
        batch.drop_column("send_from_hour")
        batch.drop_column("reminder_days")
