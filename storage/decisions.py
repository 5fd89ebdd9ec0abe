"""The decision log: a guild's decisions with frozen plans and figures, and what happened after.

A decision keeps a frozen copy of the plan and the figures it was made on, so later edits of
the scenario never change it. Only its author, or a member the handler says has Manage
Server (`can_manage`), records actuals or removes it (NotAllowed otherwise). Actuals are one
row per decision and month; recording a month again replaces the figures given and keeps
the others, so units and cash can be reported separately.

On PostgreSQL recording actuals share-locks the decision row and removing it update-locks
it, so actuals never land on a decision being removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from model import Plan
from storage.errors import InvalidInput, NotFound
from storage.rules import name_key, parse_plan
from storage.sessions import now
from storage.tables import Actual, Decision
from storage.team import (
    ACTUAL_FIGURES,
    NotAllowed,
    TeamStorage,
    clean_actuals,
    clean_decision_text,
    figures_json,
    shown,
    snapshot,
    team,
)

decision: Table = Decision.__table__  # type: ignore[attr-defined]
actual: Table = Actual.__table__  # type: ignore[attr-defined]

PAGE_MAX = 25
_AUTHOR = "_author"  # the author's display name, kept with the figures until /forget-me


@dataclass(frozen=True)
class ActualRecord:
    """What happened in one month; model.tracking says what each figure means."""

    decision_id: int
    month: int
    units: float | None  # sold in the month
    unit_cost: float | None
    price: float | None
    cash: float | None  # cumulative, to the end of the month
    recorded_by: int
    recorded_at: datetime


@dataclass(frozen=True)
class DecisionRecord:
    id: int
    guild_id: int
    channel_id: int
    message_id: int | None  # the decision card, once posted
    author_id: int | None  # None once the author used /forget-me
    text: str
    scenario_id: int | None
    scenario_name: str
    plan: Plan  # frozen when decided
    figures: dict[str, Any]  # frozen when decided
    created_at: datetime
    actuals: tuple[ActualRecord, ...]  # by month
    author_name: str | None = None  # the name they decided under; None after /forget-me


class DecisionPage(NamedTuple):
    decisions: list[DecisionRecord]  # newest first
    total: int  # decisions in the guild
    offset: int


class DecisionRepository(TeamStorage):
    """Decisions and their actuals. Every method is a coroutine and one transaction."""

    _table = decision
    _missing = "No such decision in this server. /decisions lists them."

    async def record(
        self,
        actor: int,
        *,
        guild_id: int | None,
        channel_id: int,
        text: str,
        scenario_name: str,
        plan: Plan,
        figures: Mapping[str, Any],
        scenario_id: int | None = None,
        author_name: str | None = None,
    ) -> DecisionRecord:
        """Record a decision with frozen copies of the plan and the figures it was made on.

        `author_name` is the name to show it under (Discord sends the author's display name
        with the command; the bot has no member list to look it up later).
        """
        values = snapshot(guild_id, channel_id, scenario_name, scenario_id, plan) | {
            "author_id": actor,
            "text": clean_decision_text(text),
            "figures": figures_json({**figures, _AUTHOR: author_name}),
        }
        values["scenario_key"] = name_key(values["scenario_name"])
        return _record(await self._create(values), ())

    async def get(self, decision_id: int, *, guild_id: int | None) -> DecisionRecord:
        async with self._sessions.read() as session:
            row = await self._row(session, decision_id, guild_id)
            return (await _with_actuals(session, [row]))[0]

    async def scenario_names(
        self, prefix: str, *, guild_id: int | None, limit: int = 25
    ) -> list[str]:
        """Autocomplete for /actuals: names of scenarios decided on in the guild, newest
        decision first, starting with `prefix` (any case)."""
        guild = team(guild_id)
        starts = decision.c.scenario_key.startswith(name_key(prefix), autoescape=True)
        async with self._sessions.read() as session:
            rows = await session.execute(
                select(decision.c.scenario_key, func.max(decision.c.id).label("newest"))
                .where(decision.c.guild_id == guild, starts)
                .group_by(decision.c.scenario_key)
                .order_by(func.max(decision.c.id).desc())
                .limit(max(1, min(limit, PAGE_MAX)))
            )
            newest = [row.newest for row in rows]
            if not newest:
                return []
            names = await session.execute(
                select(decision.c.id, decision.c.scenario_name).where(decision.c.id.in_(newest))
            )
            by_id = {row.id: row.scenario_name for row in names}
            return [by_id[number] for number in newest]

    async def latest(self, scenario_name: str, *, guild_id: int | None) -> DecisionRecord:
        """The guild's newest decision about the scenario of that name (any case)."""
        guild = team(guild_id)
        async with self._sessions.read() as session:
            rows = await session.execute(
                select(decision)
                .where(decision.c.guild_id == guild)
                .where(decision.c.scenario_key == name_key(scenario_name))
                .order_by(decision.c.id.desc())
                .limit(1)
            )
            row = rows.first()
            if row is None:
                raise NotFound(
                    f"No decision about '{shown(scenario_name)}' in this server. "
                    "/decisions lists them."
                )
            return (await _with_actuals(session, [row]))[0]

    async def page(self, *, guild_id: int | None, limit: int = 5, offset: int = 0) -> DecisionPage:
        """A page of the guild's decisions, newest first, each with its actuals."""
        guild = team(guild_id)
        limit, offset = max(1, min(limit, PAGE_MAX)), max(0, offset)
        in_this_guild = decision.c.guild_id == guild
        async with self._sessions.read() as session:
            counted = await session.execute(select(func.count()).where(in_this_guild))
            rows = await session.execute(
                select(decision)
                .where(in_this_guild)
                .order_by(decision.c.id.desc())
                .limit(limit)
                .offset(offset)
            )
            decisions = await _with_actuals(session, list(rows))
            return DecisionPage(decisions, counted.scalar_one(), offset)

    async def record_actuals(
        self,
        actor: int,
        decision_id: int,
        *,
        guild_id: int | None,
        month: int,
        can_manage: bool = False,
        units: float | None = None,
        unit_cost: float | None = None,
        price: float | None = None,
        cash: float | None = None,
    ) -> DecisionRecord:
        """Record what happened in a month after the decision; returns it with all its actuals."""
        given = clean_actuals(units=units, unit_cost=unit_cost, price=price, cash=cash)
        async with self._sessions.write() as session:
            row = await self._row(session, decision_id, guild_id, lock="share")
            _may_change(row, actor, can_manage, "record actuals for")
            horizon = parse_plan(row.plan).horizon_months
            if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= horizon:
                raise InvalidInput(
                    f"month must be a whole number from 1 to {horizon} (the plan's horizon); "
                    f"got {month!r}."
                )
            statement = self._insert(actual).values(
                decision_id=decision_id,
                month=month,
                recorded_by=actor,
                recorded_at=now(),
                **{name: given.get(name) for name in ACTUAL_FIGURES},
            )
            new = statement.excluded
            kept = {name: func.coalesce(new[name], actual.c[name]) for name in ACTUAL_FIGURES}
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=["decision_id", "month"],
                    set_=kept | {"recorded_by": new.recorded_by, "recorded_at": new.recorded_at},
                )
            )
            return (await _with_actuals(session, [row]))[0]

    async def remove(
        self, actor: int, decision_id: int, *, guild_id: int | None, can_manage: bool = False
    ) -> DecisionRecord:
        """Delete a decision with its actuals; returns what it was."""
        async with self._sessions.write() as session:
            row = await self._row(session, decision_id, guild_id, lock="update")
            _may_change(row, actor, can_manage, "remove")
            removed = (await _with_actuals(session, [row]))[0]
            await session.execute(delete(decision).where(decision.c.id == decision_id))
            return removed

    async def forget(self, actor: int) -> int:
        """Delete the actuals the actor recorded and take their name off their decisions (the
        team's log stays, without it). Returns how many decisions were anonymised."""
        async with self._sessions.write() as session:
            await session.execute(delete(actual).where(actual.c.recorded_by == actor))
            authored = await session.execute(
                select(decision.c.id, decision.c.figures).where(decision.c.author_id == actor)
            )
            rows = list(authored)
            for row in rows:
                figures = {k: v for k, v in json.loads(row.figures).items() if k != _AUTHOR}
                await session.execute(
                    update(decision)
                    .where(decision.c.id == row.id)
                    .values(author_id=None, figures=json.dumps(figures))
                )
            return len(rows)


async def _with_actuals(session: AsyncSession, rows: list[Row]) -> list[DecisionRecord]:
    """The decisions with their actuals, read in one query."""
    found: dict[int, list[ActualRecord]] = {row.id: [] for row in rows}
    if found:
        months = await session.execute(
            select(actual).where(actual.c.decision_id.in_(found)).order_by(actual.c.month)
        )
        for month in months:
            found[month.decision_id].append(ActualRecord(**month._mapping))
    return [_record(row, tuple(found[row.id])) for row in rows]


def _may_change(row: Row, actor: int, can_manage: bool, doing: str) -> None:
    if row.author_id != actor and not can_manage:
        raise NotAllowed(
            "Only the person who recorded this decision, or someone with Manage Server, "
            f"can {doing} it."
        )


def _record(row: Row, actuals: tuple[ActualRecord, ...]) -> DecisionRecord:
    fields = {name: value for name, value in row._mapping.items() if name != "scenario_key"}
    figures = json.loads(row.figures)
    author_name = figures.pop(_AUTHOR, None)
    frozen = {"plan": parse_plan(row.plan), "figures": figures, "author_name": author_name}
    return DecisionRecord(**fields | frozen, actuals=actuals)
