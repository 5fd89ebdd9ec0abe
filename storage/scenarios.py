"""Scenarios: every call names the acting user and is checked.

A user reaches a scenario in one of two ways: they own it, or it is shared in the channel
they are acting in (a share in a channel is seen in its threads too: callers pass the channel
and a thread's parent). Every lookup goes through `_find`, which applies that rule, so no
call can read, change or delete someone else's private scenario whatever name or number
is passed, and "not yours" and "does not exist" give the same message.

Writes for one user are serialised (`Sessions.write`), so the 200-scenario limit holds under
concurrent saves; names stay unique through the database's unique constraint on
(owner_id, name_key).
"""

from __future__ import annotations

import builtins
from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, Table, func, insert, literal, select, union_all, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession

from model import Plan
from storage.errors import InvalidInput, LimitReached, NotFound
from storage.export_format import export_document, export_items, import_item
from storage.forgetting import mark_forgotten, refuse_if_forgotten
from storage.name_search import match_rank, matching
from storage.records import Choice, ScenarioRecord, ScenarioSummary
from storage.rules import (
    SCENARIOS_MAX,
    clean_name,
    clean_notes,
    free_name,
    name_key,
    number_ref,
    plan_json,
    scenario_number,
)
from storage.sessions import Sessions, name_taken, now
from storage.shown_plans import keep_shown, last_plan, shown_plan, snapshot_plan
from storage.tables import Scenario
from storage.versions import keep_version

scenario: Table = Scenario.__table__  # type: ignore[attr-defined]
_CHOICE_COLUMNS = (scenario.c.id, scenario.c.owner_id, scenario.c.name, scenario.c.updated_at)


class ScenarioRepository:
    """Named plans: save, find, share, fork, and a user's data as a whole.

    Statements are SQLAlchemy Core on the SQLModel tables, returning rows rather than ORM
    objects: the unit of work would add milliseconds to every save for nothing we use.
    """

    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

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
        stamp = now()
        async with self._sessions.write(actor, naming=name) as session:
            await refuse_if_forgotten(session, actor)
            existing = await self._own_by_key(session, actor, name_key(name)) if overwrite else None
            if existing is None:
                row = await self._insert(session, _new(actor, name, plan_text, notes, stamp))
            else:
                if existing.plan != plan_text or not (keep_notes or notes == existing.notes):
                    await keep_version(session, existing)  # saving over keeps the earlier one
                changes = {"plan": plan_text, "updated_at": stamp}
                row = await self._update(
                    session, existing.id, changes if keep_notes else changes | {"notes": notes}
                )
            return ScenarioRecord.from_row(row)

    async def get(
        self, actor: int, ref: str, *, guild_id: int | None = None, channels: Channels = ()
    ) -> ScenarioRecord:
        """The actor's scenario by name or number, or one shared in `channels` of `guild_id`."""
        async with self._sessions.read() as session:
            return ScenarioRecord.from_row(
                await self._find(session, actor, ref, _place(guild_id, channels))
            )

    async def list(self, actor: int) -> builtins.list[ScenarioSummary]:
        """The actor's own scenarios, by name; without their plans, which cost 0.1 ms each to
        parse and check, on the event loop."""
        columns = [getattr(scenario.c, name) for name in ScenarioSummary._fields]
        async with self._sessions.read() as session:
            rows = await session.execute(
                select(*columns).where(scenario.c.owner_id == actor).order_by(scenario.c.name_key)
            )
            return [ScenarioSummary(*row) for row in rows]

    async def search(
        self,
        actor: int,
        typed: str,
        *,
        guild_id: int | None,
        channels: Channels = (),
        limit: int = 25,
    ) -> builtins.list[Choice]:
        """Autocomplete: own scenarios and (given `guild_id`, `channels`) ones shared there, best
        first.

        Best means the closest match (`name_search`: name start, word start, anywhere, with
        gaps), then own before shared, then the most recent: own ones by when they last
        changed, shared ones newest first. With nothing typed, simply the most recent. Own
        scenarios come back with their name as the value; shared ones with their number
        ("#12"), since several people may share scenarios of one name.
        """
        place = _place(guild_id, channels)
        async with self._sessions.read() as session:
            if scenario_number(typed) is not None:
                try:
                    return [self._choice(actor, await self._find(session, actor, typed, place))]
                except NotFound:
                    return []
            key = name_key(typed)
            rank = match_rank(scenario.c.name_key, key).label("rank")
            own = (
                select(*_CHOICE_COLUMNS, rank)
                .where(scenario.c.owner_id == actor, matching(scenario.c.name_key, key))
                .order_by(rank, scenario.c.updated_at.desc(), scenario.c.id.desc())
                .limit(limit)
            )
            both = (  # one statement: autocomplete waits for one round trip
                own
                if place is None
                else union_all(
                    select(own.subquery()), select(_best_shared(place, key, limit).subquery())
                )
            )
            found = {row.id: row for row in await session.execute(both)}  # own shared ones twice

        def best_first(row: Row) -> tuple[int, bool, float]:
            mine = row.owner_id == actor
            return row.rank, not mine, -(row.updated_at.timestamp() if mine else row.id)

        ranked = sorted(found.values(), key=best_first)
        return [self._choice(actor, row) for row in ranked[:limit]]

    async def rename(self, actor: int, name: str, new_name: str) -> ScenarioRecord:
        new_name = clean_name(new_name)
        changes = {"name": new_name, "name_key": name_key(new_name), "updated_at": now()}
        async with self._sessions.write(actor, naming=new_name) as session:
            row = await self._find(session, actor, name)
            return ScenarioRecord.from_row(await self._update(session, row.id, changes))

    async def delete(self, actor: int, name: str) -> ScenarioRecord:
        """Delete one of the actor's scenarios; forks of it keep existing. Returns what it was."""
        async with self._sessions.write(actor) as session:
            row = await self._find(session, actor, name)
            await session.execute(sql_delete(scenario).where(scenario.c.id == row.id))
            return ScenarioRecord.from_row(row)

    async def share(
        self, actor: int, name: str, *, guild_id: int | None, channel_id: int
    ) -> ScenarioRecord:
        """Make one of the actor's scenarios visible in a channel (moving it from any earlier)."""
        return (await self.share_card(actor, name, guild_id=guild_id, channel_id=channel_id))[0]

    async def share_card(
        self, actor: int, name: str, *, guild_id: int | None, channel_id: int
    ) -> tuple[ScenarioRecord, int]:
        """`share`, and in the same transaction a snapshot of the plan for the posted card's
        Fork button (a shown plan's number: `fork(snapshot=)`)."""
        if guild_id is None:
            raise InvalidInput("Sharing works in a server channel: run it there, not in DMs.")
        changes = {"guild_id": guild_id, "channel_id": channel_id, "shared_at": now()}
        async with self._sessions.write(actor) as session:
            row = await self._find(session, actor, name)
            shared = await self._update(session, row.id, changes)
            return ScenarioRecord.from_row(shared), await keep_shown(session, actor, shared.plan)

    async def unshare(
        self,
        actor: int,
        ref: str,
        *,
        guild_id: int | None = None,
        channels: Channels = (),
        moderator: bool = False,
    ) -> ScenarioRecord:
        """Stop sharing the actor's scenario wherever it is shared; a `moderator` (allowed to
        manage messages in these channels) may also take back one shared here."""
        place = _place(guild_id, channels) if moderator else None
        async with self._sessions.write(actor) as session:
            row = await self._find(session, actor, ref, place)
            if row.guild_id is None:
                raise InvalidInput(f"'{_shown(row.name)}' is not shared anywhere.")
            changes = {"guild_id": None, "channel_id": None, "shared_at": None}
            return ScenarioRecord.from_row(await self._update(session, row.id, changes))

    async def fork(
        self,
        actor: int,
        ref: str,
        *,
        guild_id: int | None,
        channels: Channels = (),
        new_name: str | None = None,
        snapshot: int | None = None,
    ) -> ScenarioRecord:
        """Copy one's own scenario or one shared here into a new private scenario of the actor's.

        Without `new_name` the copy is called "name (fork)", or "name (fork 2)" and so on.
        `snapshot`: the shown plan a shared card showed (its owner's), copied instead of the
        scenario's plan now.
        """
        new_name = clean_name(new_name) if new_name is not None else None
        async with self._sessions.write(actor, naming=new_name) as session:
            await refuse_if_forgotten(session, actor)
            source = await self._find(session, actor, ref, _place(guild_id, channels))
            if new_name is None:
                new_name = free_name(source.name, "fork", await self._own_keys(session, actor))
            plan_text = source.plan
            if snapshot is not None:
                plan_text = await snapshot_plan(session, snapshot, source.owner_id)
            values = _new(actor, new_name, plan_text, source.notes, now())
            row = await self._insert(session, values | {"forked_from_id": source.id})
            return ScenarioRecord.from_row(row)

    # --- a user's data as a whole ----------------------------------------------------------

    async def export(self, actor: int) -> dict[str, Any]:
        """Everything stored about the actor, ready for `json.dumps` (IDs as strings)."""
        async with self._sessions.read() as session:
            rows = await session.execute(
                select(scenario).where(scenario.c.owner_id == actor).order_by(scenario.c.name_key)
            )
            scenarios = list(rows)
            last = await last_plan(session, actor)
        return export_document(actor, scenarios, last)

    async def import_(self, actor: int, data: object) -> builtins.list[ScenarioRecord]:
        """Add the scenarios of an `export` file as new private scenarios; all or nothing.

        A name the actor already uses (or that comes twice in the file) gets a free one:
        "Launch" becomes "Launch (imported)". Sharing, fork links and the last plan are not
        restored: they point at places and rows of the database the file came from.
        """
        items = export_items(data)
        if len(items) > SCENARIOS_MAX:  # before checking each plan, which takes a while
            raise LimitReached(
                f"That file holds {len(items)} scenarios; you can keep at most {SCENARIOS_MAX}."
            )
        cleaned = [import_item(number, item) for number, item in enumerate(items, start=1)]
        stamp = now()
        async with self._sessions.write(actor) as session:
            await refuse_if_forgotten(session, actor)
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
                rows.append(await self._insert(session, _new(actor, name, plan_text, notes, stamp)))
            return [ScenarioRecord.from_row(row) for row in rows]

    async def forget(self, actor: int) -> int:
        """Delete everything stored about the actor; returns how many scenarios went.

        Other people's forks of their scenarios stay, with `forked_from_id` cleared. Work of
        theirs asked for before this cannot store anything afterwards (storage.forgetting).
        """
        async with self._sessions.write(actor) as session:
            await mark_forgotten(self._sessions, session, actor)
            deleted = await session.execute(
                sql_delete(scenario).where(scenario.c.owner_id == actor).returning(scenario.c.id)
            )
            await session.execute(sql_delete(shown_plan).where(shown_plan.c.owner_id == actor))
            return len(deleted.all())

    # --- helpers ---------------------------------------------------------------------------

    async def _find(
        self, session: AsyncSession, actor: int, ref: str, place: _Place | None = None
    ) -> Row:
        """The scenario `ref` names for `actor`: their own, or (given `place`) shared there.

        `ref` is a name (any case) or a number like "#12". Raises NotFound, worded the same
        whether the scenario does not exist or is someone else's and private.
        """
        number = scenario_number(ref)
        if number is not None:
            row = (await session.execute(select(scenario).where(scenario.c.id == number))).first()
            if row is not None and (
                row.owner_id == actor
                or (place is not None and (row.guild_id, row.channel_id) in place.pairs())
            ):
                return row
        else:
            key = name_key(ref)
            row = await self._own_by_key(session, actor, key)
            if row is not None:
                return row
            if place is not None:
                shared = (
                    await session.execute(
                        select(scenario)
                        .where(*_shared_in(place), scenario.c.name_key == key)
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
        if place is None:
            raise NotFound(
                f"You have no scenario called '{_shown(ref)}'. /scenario list shows yours."
            )
        raise NotFound(
            f"No scenario '{_shown(ref)}' of yours or shared in this channel. "
            "/scenario list shows yours."
        )

    @staticmethod
    async def _own_by_key(session: AsyncSession, actor: int, key: str) -> Row | None:
        rows = await session.execute(
            select(scenario).where(scenario.c.owner_id == actor, scenario.c.name_key == key)
        )
        return rows.first()

    @staticmethod
    async def _own_keys(session: AsyncSession, actor: int) -> set[str]:
        rows = await session.execute(
            select(scenario.c.name_key).where(scenario.c.owner_id == actor)
        )
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
        inserted = await session.execute(
            insert(scenario).from_select(list(values), source).returning(*scenario.c)
        )
        row = inserted.first()
        if row is not None:
            return row
        if await cls._own_by_key(session, owner, values["name_key"]):
            raise name_taken(values["name"])  # full, and the name is taken anyway: say that
        raise LimitReached(
            f"You can keep at most {SCENARIOS_MAX} scenarios. "
            "Delete one with /scenario delete first."
        )

    @staticmethod
    async def _update(session: AsyncSession, scenario_id: int, changes: dict[str, Any]) -> Row:
        updated = await session.execute(
            update(scenario)
            .where(scenario.c.id == scenario_id)
            .values(changes)
            .returning(*scenario.c)
        )
        return updated.one()

    @staticmethod
    def _choice(actor: int, row: Row) -> Choice:
        if row.owner_id == actor:
            return Choice(row.name, row.name)
        return Choice(f"{row.name} (shared {number_ref(row.id)})", number_ref(row.id))


Channels = Collection[int]


class _Place(NamedTuple):
    """Where shares are seen: the channels (the one acted in, a thread's parent) of a guild."""

    guild_id: int
    channels: tuple[int, ...]

    def pairs(self) -> builtins.list[tuple[int, int]]:
        return [(self.guild_id, channel) for channel in self.channels]


def _place(guild_id: int | None, channels: Channels) -> _Place | None:
    return _Place(guild_id, tuple(channels)) if guild_id is not None and channels else None


def _shared_in(place: _Place) -> tuple[Any, ...]:
    return (scenario.c.guild_id == place.guild_id, scenario.c.channel_id.in_(place.channels))


def _best_shared(place: _Place, typed_key: str, limit: int) -> Select[Any]:
    """The best matches among the scenarios shared in a place, newest first among equals.

    They are chosen through the (guild_id, name_key) index, so a guild sharing thousands costs
    no more than one sharing a few; only the chosen rows are read.
    The actor's own shared scenarios may be among them: `search` ranks those as their own.
    """
    rank = match_rank(scenario.c.name_key, typed_key)
    chosen = (
        select(scenario.c.id)
        .where(*_shared_in(place), matching(scenario.c.name_key, typed_key))
        .order_by(rank, scenario.c.id.desc())
        .limit(limit)
    )
    return select(*_CHOICE_COLUMNS, rank.label("rank")).where(
        scenario.c.id.in_(chosen.scalar_subquery())
    )


def _new(
    actor: int, name: str, plan_text: str, notes: str | None, stamp: datetime
) -> dict[str, Any]:
    """Column values of a new private scenario."""
    return {
        "owner_id": actor,
        "name": name,
        "name_key": name_key(name),
        "plan": plan_text,
        "notes": notes,
        "created_at": stamp,
        "updated_at": stamp,
    }


def _shown(text: str, limit: int = 80) -> str:
    """User text trimmed for an error message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
