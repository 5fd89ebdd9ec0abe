"""The scenario repository the commands use: every call names the acting user and is checked.

A user reaches a scenario in one of two ways: they own it, or it is shared in the guild
they are acting in. Every lookup goes through `_find`, which applies that rule, so no
call can read, change or delete someone else's private scenario whatever name or number
is passed, and "not yours" and "does not exist" give the same message.

Writes for one user are serialised (BEGIN IMMEDIATE on SQLite, an advisory lock on the
user's id on PostgreSQL), so the 200-scenario limit holds under concurrent saves; names
stay unique through the database's unique constraint on (owner_id, name_key).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Row, Table, func, insert, literal, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from model import Plan
from storage.engine import WRITE_LOCK
from storage.errors import InvalidInput, LimitReached, NameTaken, NotFound
from storage.rules import (
    SCENARIOS_MAX,
    clean_name,
    clean_notes,
    free_name,
    name_key,
    number_ref,
    parse_plan,
    plan_json,
    scenario_number,
)
from storage.tables import BotState, Scenario, ShownPlan

scenario: Table = Scenario.__table__
shown_plan: Table = ShownPlan.__table__
bot_state: Table = BotState.__table__

SHOWN_PLANS_KEPT = 100  # per user
EXPORT_FORMAT = "flywheel-export"
EXPORT_VERSION = 1


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
    def from_row(cls, row: Row) -> ScenarioRecord:
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


class ScenarioRepository:
    """Scenarios, last plans and bot state. Every method is a coroutine and one transaction.

    Statements are SQLAlchemy Core on the SQLModel tables, returning rows rather than ORM
    objects: the unit of work would add milliseconds to every save for nothing we use.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer at a time. Writers of this process queue here rather than
        # in SQLite's busy handler, which polls with sleeps and holds a pooled connection.
        self._sqlite_writer = nullcontext() if self._postgres else asyncio.Lock()
        self._reading = async_sessionmaker(engine, class_=AsyncSession)
        self._writing = async_sessionmaker(
            engine.execution_options(**{WRITE_LOCK: True}), class_=AsyncSession
        )

    # --- scenarios -------------------------------------------------------------------------

    async def save(
        self,
        actor: int,
        name: str,
        plan: Plan,
        *,
        notes: str | None = None,
        overwrite: bool = False,
    ) -> ScenarioRecord:
        """Create a scenario, or with `overwrite` replace the plan of the one with that name.

        When overwriting, `notes=None` keeps the old notes and `notes=""` clears them.
        Raises NameTaken when the name exists and `overwrite` is False.
        """
        keep_notes = notes is None
        name, notes, plan_text = clean_name(name), clean_notes(notes), plan_json(plan)
        now = _now()
        async with self._write(actor, naming=name) as session:
            existing = await self._own_by_key(session, actor, name_key(name)) if overwrite else None
            if existing is None:
                row = await self._insert(session, _new(actor, name, plan_text, notes, now))
            else:
                changes = {"plan": plan_text, "updated_at": now}
                row = await self._update(
                    session, existing.id, changes if keep_notes else changes | {"notes": notes}
                )
            return ScenarioRecord.from_row(row)

    async def get(self, actor: int, ref: str, *, guild_id: int | None = None) -> ScenarioRecord:
        """The actor's scenario by name or number, or one shared in `guild_id`."""
        async with self._reading() as session:
            return ScenarioRecord.from_row(await self._find(session, actor, ref, guild_id))

    async def list(self, actor: int) -> list[ScenarioSummary]:
        """The actor's own scenarios, by name; without their plans, which cost 0.1 ms each to
        parse and check, on the event loop."""
        columns = [getattr(scenario.c, name) for name in ScenarioSummary._fields]
        async with self._reading() as session:
            rows = await session.exec(
                select(*columns).where(scenario.c.owner_id == actor).order_by(scenario.c.name_key)
            )
            return [ScenarioSummary(*row) for row in rows]

    async def search(
        self, actor: int, prefix: str, *, guild_id: int | None, limit: int = 25
    ) -> list[Choice]:
        """Autocomplete: own scenarios whose name starts with `prefix`, then ones shared here.

        Own scenarios come back with their name as the value; shared ones with their number
        ("#12"), since several people may share scenarios of the same name.
        """
        async with self._reading() as session:
            if scenario_number(prefix) is not None:
                try:
                    return [self._choice(actor, await self._find(session, actor, prefix, guild_id))]
                except NotFound:
                    return []
            starts = scenario.c.name_key.startswith(name_key(prefix), autoescape=True)
            columns = (scenario.c.id, scenario.c.owner_id, scenario.c.name)
            rows = list(
                await session.exec(
                    select(*columns)
                    .where(scenario.c.owner_id == actor, starts)
                    .order_by(scenario.c.name_key)
                    .limit(limit)
                )
            )
            if guild_id is not None and len(rows) < limit:
                rows += await session.exec(
                    select(*columns)
                    .where(scenario.c.guild_id == guild_id, scenario.c.owner_id != actor, starts)
                    .order_by(scenario.c.name_key, scenario.c.id)
                    .limit(limit - len(rows))
                )
            return [self._choice(actor, row) for row in rows]

    async def rename(self, actor: int, name: str, new_name: str) -> ScenarioRecord:
        new_name = clean_name(new_name)
        changes = {"name": new_name, "name_key": name_key(new_name), "updated_at": _now()}
        async with self._write(actor, naming=new_name) as session:
            row = await self._find(session, actor, name)
            return ScenarioRecord.from_row(await self._update(session, row.id, changes))

    async def delete(self, actor: int, name: str) -> ScenarioRecord:
        """Delete one of the actor's scenarios; forks of it keep existing. Returns what it was."""
        async with self._write(actor) as session:
            row = await self._find(session, actor, name)
            await session.exec(sql_delete(scenario).where(scenario.c.id == row.id))
            return ScenarioRecord.from_row(row)

    async def share(
        self, actor: int, name: str, *, guild_id: int | None, channel_id: int
    ) -> ScenarioRecord:
        """Make one of the actor's scenarios visible in a guild (moving it from any earlier one)."""
        if guild_id is None:
            raise InvalidInput("Sharing works in a server channel: run it there, not in DMs.")
        changes = {"guild_id": guild_id, "channel_id": channel_id, "shared_at": _now()}
        async with self._write(actor) as session:
            row = await self._find(session, actor, name)
            return ScenarioRecord.from_row(await self._update(session, row.id, changes))

    async def fork(
        self, actor: int, ref: str, *, guild_id: int | None, new_name: str | None = None
    ) -> ScenarioRecord:
        """Copy one's own scenario or one shared here into a new private scenario of the actor's.

        Without `new_name` the copy is called "name (fork)", or "name (fork 2)" and so on.
        """
        new_name = clean_name(new_name) if new_name is not None else None
        async with self._write(actor, naming=new_name) as session:
            source = await self._find(session, actor, ref, guild_id)
            if new_name is None:
                new_name = free_name(source.name, "fork", await self._own_keys(session, actor))
            values = _new(actor, new_name, source.plan, source.notes, _now())
            row = await self._insert(session, values | {"forked_from_id": source.id})
            return ScenarioRecord.from_row(row)

    # --- a user's data as a whole ----------------------------------------------------------

    async def export(self, actor: int) -> dict[str, Any]:
        """Everything stored about the actor, ready for `json.dumps` (IDs as strings)."""
        async with self._reading() as session:
            rows = await session.exec(
                select(scenario).where(scenario.c.owner_id == actor).order_by(scenario.c.name_key)
            )
            scenarios = [_exported(row) for row in rows]
            last = await self._last_plan(session, actor)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "user_id": str(actor),
            "exported_at": _now().isoformat(),
            "scenarios": scenarios,
            "last_plan": json.loads(last) if last else None,
        }

    async def import_(self, actor: int, data: object) -> list[ScenarioRecord]:
        """Add the scenarios of an `export` file as new private scenarios; all or nothing.

        A name the actor already uses (or that comes twice in the file) gets a free one:
        "Launch" becomes "Launch (imported)". Sharing, fork links and the last plan are not
        restored: they point at places and rows of the database the file came from.
        """
        items = _export_items(data)
        if len(items) > SCENARIOS_MAX:  # before checking each plan, which takes a while
            raise LimitReached(
                f"That file holds {len(items)} scenarios; you can keep at most {SCENARIOS_MAX}."
            )
        cleaned = [_import_item(number, item) for number, item in enumerate(items, start=1)]
        now = _now()
        async with self._write(actor) as session:
            taken = await self._own_keys(session, actor)
            if len(taken) + len(cleaned) > SCENARIOS_MAX:
                raise LimitReached(
                    f"You have {len(taken)} scenarios and that file holds {len(cleaned)}: "
                    f"together more than the {SCENARIOS_MAX} you can keep. "
                    "Delete some with /scenario delete first."
                )
            rows = []
            for name, plan_text, notes in cleaned:
                if name_key(name) in taken:
                    name = free_name(name, "imported", taken)
                taken.add(name_key(name))
                rows.append(await self._insert(session, _new(actor, name, plan_text, notes, now)))
            return [ScenarioRecord.from_row(row) for row in rows]

    async def forget(self, actor: int) -> int:
        """Delete everything stored about the actor; returns how many scenarios went.

        Other people's forks of their scenarios stay, with `forked_from_id` cleared.
        """
        async with self._write(actor) as session:
            deleted = await session.exec(sql_delete(scenario).where(scenario.c.owner_id == actor))
            await session.exec(sql_delete(shown_plan).where(shown_plan.c.owner_id == actor))
            return deleted.rowcount

    # --- the last plan and process-wide state ----------------------------------------------

    async def remember(self, actor: int, plan: Plan) -> int:
        """Keep a plan the actor was answered with; returns its number for a Save button.

        The newest is the actor's last plan (`/scenario save`); each user keeps their latest
        SHOWN_PLANS_KEPT, so a Save button on a much older reply asks for a re-run.
        """
        values = {"owner_id": actor, "plan": plan_json(plan), "created_at": _now()}
        async with self._write() as session:
            shown = await session.exec(insert(shown_plan).values(values).returning(shown_plan.c.id))
            number = shown.scalar_one()
            oldest_kept = (
                select(shown_plan.c.id)
                .where(shown_plan.c.owner_id == actor)
                .order_by(shown_plan.c.id.desc())
                .offset(SHOWN_PLANS_KEPT - 1)
                .limit(1)
                .scalar_subquery()
            )
            await session.exec(
                sql_delete(shown_plan).where(
                    shown_plan.c.owner_id == actor, shown_plan.c.id < oldest_kept
                )
            )
            return number

    async def last(self, actor: int) -> Plan | None:
        async with self._reading() as session:
            text = await self._last_plan(session, actor)
        return parse_plan(text) if text else None

    async def recall(self, number: int) -> Plan:
        """A plan shown in a reply, by its number from `remember`; whoever saw it may save it."""
        async with self._reading() as session:
            result = await session.exec(select(shown_plan.c.plan).where(shown_plan.c.id == number))
            text = result.scalar_one_or_none()
        if text is None:
            raise NotFound("That answer is too old to save now: run the command again and save it.")
        return parse_plan(text)

    async def get_state(self, key: str) -> str | None:
        async with self._reading() as session:
            result = await session.exec(select(bot_state.c.value).where(bot_state.c.key == key))
            return result.scalar_one_or_none()

    async def set_state(self, key: str, value: str) -> None:
        async with self._write() as session:
            await session.exec(
                self._upsert(bot_state, {"key": key, "value": value, "updated_at": _now()})
            )

    # --- helpers ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _write(
        self, owner: int | None = None, *, naming: str | None = None
    ) -> AsyncIterator[AsyncSession]:
        """One transaction that holds the write lock (and on PostgreSQL, `owner`'s lock).

        A clash on the unique (owner_id, name_key) constraint becomes NameTaken for `naming`.
        """
        try:
            async with self._sqlite_writer, self._writing() as session, session.begin():
                if owner is not None and self._postgres:
                    await session.exec(
                        select(func.pg_advisory_xact_lock(literal(owner, BigInteger)))
                    )
                yield session
        except IntegrityError as error:
            if naming is None or "unique" not in str(error.orig).lower():
                raise
            raise _name_taken(naming) from error

    async def _find(
        self, session: AsyncSession, actor: int, ref: str, guild_id: int | None = None
    ) -> Row:
        """The scenario `ref` names for `actor`: their own, or (given `guild_id`) shared there.

        `ref` is a name (any case) or a number like "#12". Raises NotFound, worded the same
        whether the scenario does not exist or is someone else's and private.
        """
        number = scenario_number(ref)
        if number is not None:
            row = (await session.exec(select(scenario).where(scenario.c.id == number))).first()
            if row is not None and (
                row.owner_id == actor or (guild_id is not None and row.guild_id == guild_id)
            ):
                return row
        else:
            key = name_key(ref)
            row = await self._own_by_key(session, actor, key)
            if row is not None:
                return row
            if guild_id is not None:
                shared = (
                    await session.exec(
                        select(scenario)
                        .where(scenario.c.guild_id == guild_id, scenario.c.name_key == key)
                        .order_by(scenario.c.id)
                        .limit(2)
                    )
                ).all()
                if len(shared) == 1:
                    return shared[0]
                if shared:
                    raise NotFound(
                        f"Several scenarios called '{_shown(ref)}' are shared here: pick one "
                        f"from the list, or give its number, like {number_ref(shared[0].id)}."
                    )
        if guild_id is None:
            raise NotFound(
                f"You have no scenario called '{_shown(ref)}'. /scenario list shows yours."
            )
        raise NotFound(
            f"No scenario '{_shown(ref)}' of yours or shared in this server. "
            "/scenario list shows yours."
        )

    @staticmethod
    async def _own_by_key(session: AsyncSession, actor: int, key: str) -> Row | None:
        rows = await session.exec(
            select(scenario).where(scenario.c.owner_id == actor, scenario.c.name_key == key)
        )
        return rows.first()

    @staticmethod
    async def _own_keys(session: AsyncSession, actor: int) -> set[str]:
        rows = await session.exec(select(scenario.c.name_key).where(scenario.c.owner_id == actor))
        return set(rows.scalars())

    @classmethod
    async def _insert(cls, session: AsyncSession, values: dict[str, Any]) -> Row:
        """Insert one scenario, unless its owner already keeps SCENARIOS_MAX.

        One statement, INSERT ... SELECT ... WHERE (their count) < SCENARIOS_MAX, run under
        the owner's write lock, so no two saves can both take the last place. A taken name
        fails on the unique constraint, which `_write` reports as NameTaken.
        """
        owner = values["owner_id"]
        count = select(func.count()).where(scenario.c.owner_id == owner).scalar_subquery()
        source = select(
            *(literal(value, scenario.c[column].type) for column, value in values.items())
        ).where(count < SCENARIOS_MAX)
        inserted = await session.exec(
            insert(scenario).from_select(list(values), source).returning(*scenario.c)
        )
        row = inserted.first()
        if row is not None:
            return row
        if await cls._own_by_key(session, owner, values["name_key"]):
            raise _name_taken(values["name"])  # full, and the name is taken anyway: say that
        raise LimitReached(
            f"You can keep at most {SCENARIOS_MAX} scenarios. "
            "Delete one with /scenario delete first."
        )

    @staticmethod
    async def _update(session: AsyncSession, scenario_id: int, changes: dict[str, Any]) -> Row:
        updated = await session.exec(
            update(scenario)
            .where(scenario.c.id == scenario_id)
            .values(changes)
            .returning(*scenario.c)
        )
        return updated.one()

    @staticmethod
    async def _last_plan(session: AsyncSession, actor: int) -> str | None:
        result = await session.exec(
            select(shown_plan.c.plan)
            .where(shown_plan.c.owner_id == actor)
            .order_by(shown_plan.c.id.desc())
            .limit(1)
        )
        return result.scalar_one_or_none()

    @staticmethod
    def _choice(actor: int, row: Row) -> Choice:
        if row.owner_id == actor:
            return Choice(row.name, row.name)
        return Choice(f"{row.name} (shared {number_ref(row.id)})", number_ref(row.id))

    def _upsert(self, table: Table, values: dict[str, Any]) -> Any:
        """INSERT ... ON CONFLICT (primary key) DO UPDATE, on either engine."""
        statement = (postgresql.insert if self._postgres else sqlite.insert)(table).values(values)
        keys = [column.name for column in table.primary_key]
        return statement.on_conflict_do_update(
            index_elements=keys,
            set_={name: statement.excluded[name] for name in values if name not in keys},
        )


def _now() -> datetime:
    return datetime.now(UTC)


def _new(actor: int, name: str, plan_text: str, notes: str | None, now: datetime) -> dict:
    """Column values of a new private scenario."""
    return {
        "owner_id": actor,
        "name": name,
        "name_key": name_key(name),
        "plan": plan_text,
        "notes": notes,
        "created_at": now,
        "updated_at": now,
    }


def _name_taken(name: str) -> NameTaken:
    return NameTaken(
        f"You already have a scenario called '{name}'. Pick another name or overwrite it."
    )


def _shown(text: str, limit: int = 80) -> str:
    """User text trimmed for an error message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _exported(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "plan": json.loads(row.plan),
        "notes": row.notes,
        "shared": None
        if row.guild_id is None
        else {
            "guild_id": str(row.guild_id),
            "channel_id": str(row.channel_id),
            "shared_at": row.shared_at.isoformat() if row.shared_at else None,
        },
        "forked_from_id": row.forked_from_id,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def _export_items(data: object) -> list[Any]:
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise InvalidInput("That isn't a Flywheel export: it needs a list of scenarios.")
    if data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise InvalidInput(f"That file's format is {data['format']!r}, not a Flywheel export.")
    version = data.get("version", EXPORT_VERSION)
    if version != EXPORT_VERSION:
        raise InvalidInput(
            f"That export has version {version!r}; this Flywheel reads version {EXPORT_VERSION}."
        )
    return data["scenarios"]


def _import_item(number: int, item: object) -> tuple[str, str, str | None]:
    """(name, plan JSON, notes) of one exported scenario, each checked as `save` checks them."""
    where = f"Scenario {number} in the file"
    if not isinstance(item, dict):
        raise InvalidInput(f"{where} isn't an object with a name and a plan.")
    try:
        name = clean_name(item.get("name"))
        plan = item.get("plan")
        plan_text = parse_plan(plan if isinstance(plan, str) else json.dumps(plan)).to_json()
        return name, plan_text, clean_notes(item.get("notes"))
    except InvalidInput as error:
        raise InvalidInput(f"{where}: {error}") from error
