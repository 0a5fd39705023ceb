"""Reaching every alumnus: class links, consent to be contacted, parents, phone answers.

Class groups get a class link's token (students link their chat in grade XII); alumni keep when
they agreed to be contacted after graduation and when they last confirmed their number;
institutions may turn off messages to parents' numbers; a staff chat can be writing down one
alumnus's answers given on the phone; deliveries gain two kinds: one message to a parent's
number, and the yearly number check-in.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

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


def upgrade() -> None:
    """Upgrade schema."""
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
