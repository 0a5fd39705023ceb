"""An institution's province (two-digit code): the minimum wage's fallback and `--province` reports.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Nullable: institutions added before this migration have no province until an operator
    # sets one (`jejak institution add --code … --province …`); their incomes without a place
    # of work are then "not comparable" with a minimum wage.
    with op.batch_alter_table("institutions") as batch:
        batch.add_column(sa.Column("province", sa.String(length=2), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("institutions") as batch:
        batch.drop_column("province")
