"""The identity dialogue (NISN, birth date, confirmation) kept per chat instead of in memory.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("identity_checks") as batch:
        batch.add_column(sa.Column("step", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("nisn", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("candidate_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("phone_match_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("dialogue_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("identity_checks") as batch:
        batch.drop_column("dialogue_at")
        batch.drop_column("phone_match_id")
        batch.drop_column("candidate_id")
        batch.drop_column("nisn")
        batch.drop_column("step")
