"""What team estimates and the decision log share: refusals, what may be stored, transactions.

Both belong to a guild: every call names the guild it acts in, a row of another guild is
NotFound there (worded as if it did not exist), and a call without a guild (a DM or group
DM: no team) is refused with InvalidInput.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Literal

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from model import FIELDS, Plan, PlanError, Range, parse_input
from model.values import amount_of
from storage.errors import InvalidInput, NotFound, StorageError
from storage.rules import _invisible, clean_name, plan_json
from storage.sessions import Sessions, now
from storage.tables import DECISION_MAX, QUESTION_MAX

# Inputs a team can estimate: every numeric one a range can stand in for.
ESTIMABLE = tuple(name for name in FIELDS if name not in ("currency", "horizon_months"))
FIGURES_MAX = 64_000  # characters of JSON: headline figures and 3 monthly series of 241 months
ACTUAL_FIGURES = ("units", "unit_cost", "price", "cash")
_LARGEST = 1e15  # as model.parse: anything bigger is a typo

Lock = Literal["share", "update"] | None

_BASES = {
    "per_unit": "as money per unit, like 8",
    "per_month": "as money per month, like 50k/month",
    "share": "as a share, like 4%",
    "monthly": "as a monthly share still active, like 97%",
    "lifetime": "as a lifetime in months, like 24mo",
}


class NotAllowed(StorageError):
    """The person may not do that (only the asker reveals; only the author records actuals)."""


class AlreadyRevealed(StorageError):
    """The estimates were revealed: answers can no longer be added or changed."""


class TeamStorage:
    """Guild-scoped lookups of one team table (`_table`, with a message card), in the
    transactions of the store's shared `Sessions` (one write lock for every repository).

    SQLite: writes hold the write lock (BEGIN IMMEDIATE). PostgreSQL: the repositories lock
    the rows they check (`_row`), so a check and the write it allows cannot be split by
    another transaction.
    """

    _table: Table
    _missing: str  # NotFound's message, the same whether the row is elsewhere or gone

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._insert = postgresql.insert if sessions.postgres else sqlite.insert

    async def set_message(self, row_id: int, message_id: int, *, guild_id: int | None) -> None:
        """Remember the card posted for the row, so any shard can update it later."""
        async with self._sessions.write() as session:
            await self._row(session, row_id, guild_id)
            await session.execute(
                update(self._table).where(self._table.c.id == row_id).values(message_id=message_id)
            )

    async def _create(self, values: dict[str, Any]) -> Row:
        async with self._sessions.write() as session:
            statement = insert(self._table).values(values).returning(*self._table.c)
            return (await session.execute(statement)).one()

    async def _row(
        self, session: AsyncSession, row_id: int, guild_id: int | None, lock: Lock = None
    ) -> Row:
        """The row by id if it belongs to the guild, locked on PostgreSQL as asked (FOR SHARE
        or FOR UPDATE; SQLite's write lock already covers the transaction)."""
        table = self._table
        statement = select(table).where(table.c.id == row_id, table.c.guild_id == team(guild_id))
        if lock is not None:
            statement = statement.with_for_update(read=lock == "share")
        row = (await session.execute(statement)).first()
        if row is None:
            raise NotFound(self._missing)
        return row


def snapshot(
    guild_id: int | None, channel_id: int, scenario_name: str, scenario_id: int | None, plan: Plan
) -> dict[str, Any]:
    """The columns a new request or decision shares: where, when, and a copy of the scenario."""
    return {
        "guild_id": team(guild_id),
        "channel_id": channel_id,
        "scenario_id": scenario_id,
        "scenario_name": clean_name(scenario_name),
        "plan": plan_json(plan),
        "created_at": now(),
    }


def team(guild_id: int | None) -> int:
    """The guild a team feature acts in; DMs and group DMs have none."""
    if guild_id is None:
        raise InvalidInput(
            "Team estimates and decisions belong to a server: use this in one of its "
            "channels, not in DMs."
        )
    return guild_id


def estimable(field: str) -> str:
    if field not in ESTIMABLE:
        raise InvalidInput(f"'{shown(field)}' isn't a plan input a team can estimate.")
    return field


def estimate_value(plan: Plan, field: str, typed: str) -> tuple[str, float, str | None]:
    """(the text as kept, the number, its basis) of one estimate of `field` for `plan`.

    One number, in the way the plan holds that input (money per unit or a share, say), so
    the team's answers can be set side by side and become one range.
    """
    text = " ".join(str(typed).split())
    try:
        value = parse_input(field, text)
    except PlanError as error:
        raise InvalidInput(str(error)) from error
    amount, label = amount_of(value), FIELDS[field].label.lower()
    if amount is None:
        raise InvalidInput(f"An estimate of {label} needs a number.")
    if isinstance(amount, Range):
        raise InvalidInput(
            f"An estimate is one number: type your best guess of {label}, not a range. "
            "The team's answers together make the range."
        )
    basis, wanted = getattr(value, "basis", None), getattr(getattr(plan, field), "basis", None)
    if basis != wanted:
        way = _BASES.get(wanted or "", "as a plain number")
        raise InvalidInput(f"This plan holds {label} {way}: give your estimate that way.")
    return text, float(amount), basis


def clean_question(question: str | None) -> str | None:
    """One line of at most QUESTION_MAX characters; None (the default question) when empty."""
    if question is None:
        return None
    cleaned = _checked_text(question, "A question", lines=False)
    if len(cleaned) > QUESTION_MAX:
        raise InvalidInput(
            f"A question is at most {QUESTION_MAX} characters; yours has {len(cleaned)}."
        )
    return cleaned or None


def clean_decision_text(text: str) -> str:
    cleaned = _checked_text(text, "A decision", lines=True)
    if not cleaned:
        raise InvalidInput("A decision needs its text: say what was decided.")
    if len(cleaned) > DECISION_MAX:
        raise InvalidInput(
            f"A decision is at most {DECISION_MAX:,} characters; yours has {len(cleaned):,}."
        )
    return cleaned


def figures_json(figures: Mapping[str, Any]) -> str:
    try:
        text = json.dumps(dict(figures), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(
            f"A decision's figures must be finite numbers and text: {error}"
        ) from None
    if len(text) > FIGURES_MAX:
        raise InvalidInput(f"A decision's figures are at most {FIGURES_MAX:,} characters of JSON.")
    return text


def clean_actuals(**figures: float | None) -> dict[str, float]:
    """The figures given, checked: finite, not absurd, none but cash below 0; at least one."""
    given = {name: value for name, value in figures.items() if value is not None}
    if not given:
        raise InvalidInput("Give at least one of units, unit_cost, price or cash for that month.")
    for name, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{name} must be a number.")
        if not math.isfinite(value) or abs(value) > _LARGEST:
            raise InvalidInput(f"{name} must be a finite number below 1e15; got {value!r}.")
        if value < 0 and name != "cash":
            raise InvalidInput(f"{name} can't be negative; got {value:g}.")
    return {name: float(value) for name, value in given.items()}


def shown(text: str, limit: int = 80) -> str:
    """User text trimmed for an error message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _checked_text(text: object, what: str, *, lines: bool) -> str:
    if not isinstance(text, str):
        raise InvalidInput(f"{what} must be text.")
    cleaned = text.replace("\r\n", "\n").strip() if lines else " ".join(text.split())
    if any(_invisible(char) and char not in "\n\t" for char in cleaned):
        raise InvalidInput(f"{what} can't contain control characters.")
    return cleaned
