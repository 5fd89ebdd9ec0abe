"""SQLModel tables. Changing them needs a migration in storage/migrations/versions/.

Discord IDs (owner, guild, channel) are BIGINT: snowflakes reach 2**63 - 1.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.rules import NAME_MAX, NOTES_MAX

# Named constraints, so migrations (and SQLite's batch mode) can refer to them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT everywhere but SQLite, whose auto-incrementing key must be spelled INTEGER.
ROW_ID = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine (SQLite stores none, PostgreSQL the session's zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Scenario(SQLModel, table=True):
    """A named plan. `name_key` (the case-folded name) makes names unique per owner."""

    __tablename__ = "scenario"
    __table_args__ = (
        UniqueConstraint("owner_id", "name_key"),
        Index(None, "guild_id", "name_key"),  # autocomplete over what is shared in a guild
        Index(None, "forked_from_id"),  # so deleting a scenario finds its forks quickly
        {"sqlite_autoincrement": True},  # never reuse an id: buttons and autocomplete carry them
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ROW_ID)
    owner_id: int = Field(sa_type=BigInteger)
    name: str = Field(max_length=NAME_MAX)
    name_key: str
    plan: str = Field(sa_type=Text)  # model.Plan.to_json()
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    guild_id: int | None = Field(default=None, sa_type=BigInteger)  # where shared, if anywhere
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    shared_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    forked_from_id: int | None = Field(
        default=None, foreign_key="scenario.id", ondelete="SET NULL", sa_type=ROW_ID
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ShownPlan(SQLModel, table=True):
    """A plan the bot answered with: the newest is the user's last plan (`/scenario save`), and
    any recent one can be saved from its reply's Save button, in whichever process."""

    __tablename__ = "shown_plan"
    __table_args__ = (
        Index(None, "owner_id", "id"),  # a user's newest first
        {"sqlite_autoincrement": True},  # never reuse a number a Save button carries
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ROW_ID)
    owner_id: int = Field(sa_type=BigInteger)
    plan: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)


class BotState(SQLModel, table=True):
    """Process-wide key/value state, such as the hash of the registered command definitions."""

    __tablename__ = "bot_state"

    key: str = Field(primary_key=True, max_length=200)
    value: str = Field(sa_type=Text)
    updated_at: datetime = Field(sa_type=UTCDateTime)
