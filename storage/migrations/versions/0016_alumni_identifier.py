"""Alumni known by their institution's identifier: a NIM or participant number fits the dialogue.

The alumni's `nisn` column keeps its name and holds the kind's identifier (NISN, NIM,
participant number: up to 20 characters, within its 32). A chat's typed identifier grows from
10 to 20 characters; alumni gain the university upload's programme code and NPWP, and the day
they finished (graduation, or a BLK training's last day).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("alumni") as batch:
        batch.add_column(sa.Column("npwp", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("programme_code", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("finished_on", sa.Date(), nullable=True))
    with op.batch_alter_table("identity_checks") as batch:
        batch.alter_column(
            "nisn",
            existing_type=sa.String(length=10),
            type_=sa.String(length=20),
            existing_nullable=True,
        )


def downgrade() -> None:
    """Downgrade schema."""
    # A typed NIM longer than 10 characters does not fit back: the dialogue starts over.
    op.execute(
        "UPDATE identity_checks SET step = NULL, nisn = NULL, candidate_id = NULL, "
        "phone_match_id = NULL, dialogue_at = NULL WHERE length(nisn) > 10"
    )
    with op.batch_alter_table("identity_checks") as batch:
        batch.alter_column(
            "nisn",
            existing_type=sa.String(length=20),
            type_=sa.String(length=10),
            existing_nullable=True,
        )
    with op.batch_alter_table("alumni") as batch:
        batch.drop_column("finished_on")
        batch.drop_column("programme_code")
        batch.drop_column("npwp")
