"""Identity checks counted per identifier across chats; invitation links bound and revocable.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "identifier_checks",
        sa.Column("identifier", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("identifier", name=op.f("pk_identifier_checks")),
    )
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("bound_channel", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("bound_external_id", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("bound_external_id")
        batch.drop_column("bound_channel")
    op.drop_table("identifier_checks")
