"""A staff group remembers whether it was linked to show alumni's names (`/sambungkan kode nama`).

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Groups linked before this migration get aggregates only: names go to private chats.
    with op.batch_alter_table("staff_chats") as batch:
        batch.add_column(
            sa.Column("shows_names", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("staff_chats") as batch:
        batch.drop_column("shows_names")
