"""What the repositories return: snapshots of rows, not live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from model import Plan
from storage.rules import number_ref, parse_plan


@dataclass(frozen=True)
class ScenarioRecord:
    """A scenario as read from the database (a snapshot, not a live ORM object)."""

    id: int
    owner_id: int
    name: str
    plan: Plan
    notes: str | None
    guild_id: int | None  # where it is shared; None while private
    channel_id: int | None
    shared_at: datetime | None
    forked_from_id: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def ref(self) -> str:
        """The "#12" reference that `get` and `fork` accept, wherever the scenario is visible."""
        return number_ref(self.id)

    @property
    def shared(self) -> bool:
        return self.guild_id is not None

    @classmethod
    def from_row(cls, row: Any) -> ScenarioRecord:
        return cls(
            id=row.id,
            owner_id=row.owner_id,
            name=row.name,
            plan=parse_plan(row.plan),
            notes=row.notes,
            guild_id=row.guild_id,
            channel_id=row.channel_id,
            shared_at=row.shared_at,
            forked_from_id=row.forked_from_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


class ScenarioSummary(NamedTuple):
    """A scenario as `/scenario list` shows it."""

    id: int
    name: str
    guild_id: int | None  # where it is shared; None while private
    forked_from_id: int | None
    updated_at: datetime


class Choice(NamedTuple):
    """An autocomplete choice: what the user sees, and the value `get`/`fork` accept back."""

    label: str
    value: str
