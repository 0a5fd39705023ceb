"""The WhatsApp message carrying a media file, and whom to tell when its fetch fails later.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("media_files") as batch:
        batch.add_column(sa.Column("message_sid", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("recipient", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=2), nullable=True))
        batch.create_index(batch.f("ix_media_files_message_sid"), ["message_sid"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("media_files") as batch:
        batch.drop_index(batch.f("ix_media_files_message_sid"))
        batch.drop_column("language")
        batch.drop_column("recipient")
        batch.drop_column("message_sid")
