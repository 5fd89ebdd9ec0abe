"""Transactions for every repository of one `Store`: reads, and writes under one write lock.

Writes for one user are serialised (BEGIN IMMEDIATE on SQLite, an advisory lock on the
user's id on PostgreSQL), so per-user limits hold under concurrent saves.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Table, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.engine import WRITE_LOCK
from storage.errors import NameTaken, NotFound


class Sessions:
    """Opens the transactions of every repository on one engine (and shares its write lock)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer at a time. Writers of this process queue here rather than
        # in SQLite's busy handler, which polls with sleeps and holds a pooled connection.
        self._sqlite_writer: AbstractAsyncContextManager[Any] = (
            nullcontext() if self.postgres else asyncio.Lock()
        )
        self.read = async_sessionmaker(engine, class_=AsyncSession)
        self._writing = async_sessionmaker(
            engine.execution_options(**{WRITE_LOCK: True}), class_=AsyncSession
        )

    @asynccontextmanager
    async def write(
        self, owner: int | None = None, *, naming: str | None = None
    ) -> AsyncIterator[AsyncSession]:
        """One transaction that holds the write lock (and on PostgreSQL, `owner`'s lock).

        A clash on the unique (owner_id, name_key) constraint becomes NameTaken for `naming`.
        """
        try:
            async with self._sqlite_writer, self._writing() as session, session.begin():
                if owner is not None and self.postgres:
                    await session.execute(
                        select(func.pg_advisory_xact_lock(literal(owner, BigInteger)))
                    )
                yield session
        except IntegrityError as error:
            clash = str(error.orig).lower()
            if "foreign key" in clash:  # PostgreSQL: the row it points at was deleted meanwhile
                raise NotFound(
                    "That scenario was deleted just now: there is nothing to fork."
                ) from error
            if naming is None or "unique" not in clash:
                raise
            raise name_taken(naming) from error

    def upsert(self, table: Table, values: dict[str, Any]) -> Any:
        """INSERT ... ON CONFLICT (primary key) DO UPDATE, on either engine."""
        statement = (postgresql.insert if self.postgres else sqlite.insert)(table).values(values)
        keys = [column.name for column in table.primary_key]
        return statement.on_conflict_do_update(
            index_elements=keys,
            set_={name: statement.excluded[name] for name in values if name not in keys},
        )


def now() -> datetime:
    return datetime.now(UTC)


def name_taken(name: str) -> NameTaken:
    return NameTaken(
        f"You already have a scenario called '{name}'. Pick another name or overwrite it."
    )
