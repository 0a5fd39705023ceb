"""Responses say where their answers came from (chat, an imported file, a phone call) and who
recorded them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Every response so far was answered in a chat.
    with op.batch_alter_table("responses") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=10), server_default="chat", nullable=False)
        )
        batch.add_column(sa.Column("recorded_by", sa.String(length=200), nullable=True))
        batch.create_check_constraint("source", "source IN ('chat', 'import', 'phone')")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("responses") as batch:
        batch.drop_constraint(batch.f("ck_responses_source"), type_="check")
        batch.drop_column("recorded_by")
        batch.drop_column("source")
