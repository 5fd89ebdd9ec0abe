"""Keep every recent plan a user was answered with (Save buttons), not just the last.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "shown_plan",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shown_plan")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_shown_plan_owner_id_id"), "shown_plan", ["owner_id", "id"])
    op.execute(
        "INSERT INTO shown_plan (owner_id, plan, created_at) "
        "SELECT owner_id, plan, updated_at FROM last_plan ORDER BY updated_at"
    )
    op.drop_table("last_plan")


def downgrade() -> None:
    op.create_table(
        "last_plan",
        sa.Column("owner_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", name=op.f("pk_last_plan")),
    )
    op.execute(
        "INSERT INTO last_plan (owner_id, plan, updated_at) "
        "SELECT s.owner_id, s.plan, s.created_at FROM shown_plan s "
        "WHERE s.id = (SELECT max(id) FROM shown_plan WHERE owner_id = s.owner_id)"
    )
    op.drop_index(op.f("ix_shown_plan_owner_id_id"), table_name="shown_plan")
    op.drop_table("shown_plan")
