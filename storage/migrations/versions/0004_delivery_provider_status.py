"""Deliveries remember the channel's status (WhatsApp: sent, delivered, read, failed …).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("provider_status", sa.String(length=20), nullable=True))
        batch.create_index(
            batch.f("ix_deliveries_provider_message_id"), ["provider_message_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index(batch.f("ix_deliveries_provider_message_id"))
        batch.drop_column("provider_status")
