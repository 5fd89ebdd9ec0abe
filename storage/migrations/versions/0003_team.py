"""Team estimates and the decision log: estimate_request, estimate, decision, actual.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "estimate_request",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("asker_id", sa.BigInteger(), nullable=True),
        sa.Column("scenario_id", sa.BigInteger(), nullable=True),
        sa.Column("scenario_name", TEXT(length=64), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("input_field", TEXT(length=40), nullable=False),
        sa.Column("question", TEXT(length=200), nullable=True),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estimate_request")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_estimate_request_asker_id"), "estimate_request", ["asker_id"])
    op.create_table(
        "estimate",
        sa.Column("request_id", ROW_ID, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("typed", TEXT(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["estimate_request.id"],
            name=op.f("fk_estimate_request_id_estimate_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "user_id", name=op.f("pk_estimate")),
    )
    op.create_index(op.f("ix_estimate_user_id"), "estimate", ["user_id"])
    op.create_table(
        "decision",
        sa.Column("id", ROW_ID, nullable=False),
        sa.Column("guild_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("text", TEXT(length=1000), nullable=False),
        sa.Column("scenario_id", sa.BigInteger(), nullable=True),
        sa.Column("scenario_name", TEXT(length=64), nullable=False),
        sa.Column("scenario_key", TEXT(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_decision_author_id"), "decision", ["author_id"])
    op.create_index(op.f("ix_decision_guild_id_id"), "decision", ["guild_id", "id"])
    op.create_index(
        op.f("ix_decision_guild_id_scenario_key"), "decision", ["guild_id", "scenario_key"]
    )
    op.create_table(
        "actual",
        sa.Column("decision_id", ROW_ID, nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("units", sa.Double(), nullable=True),
        sa.Column("unit_cost", sa.Double(), nullable=True),
        sa.Column("price", sa.Double(), nullable=True),
        sa.Column("cash", sa.Double(), nullable=True),
        sa.Column("recorded_by", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_actual_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("decision_id", "month", name=op.f("pk_actual")),
    )
    op.create_index(op.f("ix_actual_recorded_by"), "actual", ["recorded_by"])


def downgrade() -> None:
    op.drop_table("actual")
    op.drop_table("decision")
    op.drop_table("estimate")
    op.drop_table("estimate_request")
