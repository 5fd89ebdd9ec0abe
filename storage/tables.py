"""SQLModel tables. Changing them needs a migration in storage/migrations/versions/.

Discord IDs (owner, guild, channel) are BIGINT: snowflakes reach 2**63 - 1.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Double,
    Index,
    Integer,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
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


# --- team estimates and the decision log (issue 17) ------------------------------------------
# Each belongs to a guild; a person's id is NULL once they used /forget-me (the team keeps the
# row, without their name). Plans and figures are frozen copies: later edits of the scenario
# do not change them.

QUESTION_MAX = 200
DECISION_MAX = 1000
TYPED_MAX = 60  # what model.parse_input reads at most


class EstimateRequest(SQLModel, table=True):
    """A question to the team about one input of a scenario; answers stay hidden until revealed."""

    __tablename__ = "estimate_request"
    __table_args__ = (
        Index(None, "asker_id"),
        {"sqlite_autoincrement": True},  # buttons carry the number: never reuse one
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ROW_ID)
    guild_id: int = Field(sa_type=BigInteger)
    channel_id: int = Field(sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)  # the card, once posted
    asker_id: int | None = Field(default=None, sa_type=BigInteger)
    scenario_id: int | None = Field(default=None, sa_type=BigInteger)  # may since be deleted
    scenario_name: str = Field(max_length=NAME_MAX)
    plan: str = Field(sa_type=Text)  # model.Plan.to_json() when asked
    input_field: str = Field(max_length=40)
    question: str | None = Field(default=None, max_length=QUESTION_MAX)
    revealed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Estimate(SQLModel, table=True):
    """One person's latest answer to an estimate request (answering again replaces it)."""

    __tablename__ = "estimate"
    __table_args__ = (Index(None, "user_id"),)

    request_id: int = Field(
        primary_key=True, foreign_key="estimate_request.id", ondelete="CASCADE", sa_type=ROW_ID
    )
    user_id: int = Field(primary_key=True, sa_type=BigInteger)
    typed: str = Field(max_length=TYPED_MAX)  # as the person wrote it: "$1.2k"
    value: str = Field(sa_type=Text)  # JSON {"amount": 1200.0, "basis": "per_unit" | null}
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Decision(SQLModel, table=True):
    """A decision recorded in a guild, with the plan and headline figures it was made on."""

    __tablename__ = "decision"
    __table_args__ = (
        Index(None, "guild_id", "id"),  # a guild's log, newest first
        Index(None, "guild_id", "scenario_key"),  # /actuals finds it by scenario name
        Index(None, "author_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ROW_ID)
    guild_id: int = Field(sa_type=BigInteger)
    channel_id: int = Field(sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    author_id: int | None = Field(default=None, sa_type=BigInteger)
    text: str = Field(max_length=DECISION_MAX)
    scenario_id: int | None = Field(default=None, sa_type=BigInteger)
    scenario_name: str = Field(max_length=NAME_MAX)
    scenario_key: str
    plan: str = Field(sa_type=Text)
    figures: str = Field(sa_type=Text)  # JSON, as the decision card showed them
    created_at: datetime = Field(sa_type=UTCDateTime)


class Actual(SQLModel, table=True):
    """What happened in one month after a decision; recording the month again updates it."""

    __tablename__ = "actual"
    __table_args__ = (Index(None, "recorded_by"),)

    decision_id: int = Field(
        primary_key=True, foreign_key="decision.id", ondelete="CASCADE", sa_type=ROW_ID
    )
    month: int = Field(primary_key=True, sa_type=Integer)
    units: float | None = Field(default=None, sa_type=Double)  # sold in that month
    unit_cost: float | None = Field(default=None, sa_type=Double)
    price: float | None = Field(default=None, sa_type=Double)
    cash: float | None = Field(default=None, sa_type=Double)  # cumulative, to the month's end
    recorded_by: int = Field(sa_type=BigInteger)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


# --- scenario versions (issue 16) --------------------------------------------------------------


class ScenarioVersion(SQLModel, table=True):
    """An earlier plan of a scenario, kept when it was saved over (`/scenario history`).

    Numbered from 1 per scenario; the scenario row itself is the newest version, numbered one
    past the last kept here. Deleting the scenario deletes its versions.
    """

    __tablename__ = "scenario_version"

    scenario_id: int = Field(
        primary_key=True, foreign_key="scenario.id", ondelete="CASCADE", sa_type=ROW_ID
    )
    number: int = Field(primary_key=True, sa_type=Integer)
    plan: str = Field(sa_type=Text)
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    saved_at: datetime = Field(sa_type=UTCDateTime)  # when this version was saved
