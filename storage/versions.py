"""Earlier versions of scenarios: kept when a name is saved over, listed by `/scenario history`.

Callers reach a scenario through `ScenarioRepository.get` (which checks who may see it) and
pass its id here: these calls take an id that check already admitted.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession

from model import Plan
from storage.rules import parse_plan
from storage.sessions import Sessions
from storage.tables import ScenarioVersion

scenario_version: Table = ScenarioVersion.__table__  # type: ignore[attr-defined]

VERSIONS_KEPT = 50  # per scenario; older ones go, their numbers are not reused


@dataclass(frozen=True)
class Version:
    """One earlier version of a scenario."""

    number: int
    plan: Plan
    notes: str | None
    saved_at: datetime


async def keep_version(session: AsyncSession, scenario: Any) -> None:
    """Keep the scenario row's plan as its next version number, before it is saved over.

    Runs inside the save's transaction (under the owner's write lock), so two saves cannot
    take the same number; beyond VERSIONS_KEPT the oldest go.
    """
    newest = await session.scalar(
        select(func.max(scenario_version.c.number)).where(
            scenario_version.c.scenario_id == scenario.id
        )
    )
    number = (newest or 0) + 1
    await session.execute(
        insert(scenario_version).values(
            scenario_id=scenario.id,
            number=number,
            plan=scenario.plan,
            notes=scenario.notes,
            saved_at=scenario.updated_at,
        )
    )
    await session.execute(
        sql_delete(scenario_version).where(
            scenario_version.c.scenario_id == scenario.id,
            scenario_version.c.number <= number - VERSIONS_KEPT,
        )
    )


class ScenarioVersions:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def list(self, scenario_id: int) -> builtins.list[Version]:
        """The kept earlier versions, oldest first (the scenario itself is the next number)."""
        async with self._sessions.read() as session:
            rows = await session.execute(
                select(scenario_version)
                .where(scenario_version.c.scenario_id == scenario_id)
                .order_by(scenario_version.c.number)
            )
            return [
                Version(row.number, parse_plan(row.plan), row.notes, row.saved_at) for row in rows
            ]

    async def plan(self, scenario_id: int, number: int) -> Plan | None:
        """The plan of one earlier version; None when that number is not an earlier version."""
        async with self._sessions.read() as session:
            text = await session.scalar(
                select(scenario_version.c.plan).where(
                    scenario_version.c.scenario_id == scenario_id,
                    scenario_version.c.number == number,
                )
            )
        return parse_plan(text) if text is not None else None

    async def current_number(self, scenario_id: int) -> int:
        """The version number of the scenario as it is now."""
        async with self._sessions.read() as session:
            newest = await session.scalar(
                select(func.max(scenario_version.c.number)).where(
                    scenario_version.c.scenario_id == scenario_id
                )
            )
        return (newest or 0) + 1
