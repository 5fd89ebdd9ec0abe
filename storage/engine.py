"""Engines for `DATABASE_URL`: SQLite (the default, no set-up) or PostgreSQL, async for the bot.

SQLite needs care to be safe with several writers: every connection gets WAL (readers never
wait for the writer), `synchronous=FULL` (an acknowledged commit survives a crash or power
loss), foreign keys and a busy timeout. SQLAlchemy also takes over BEGIN (see "Enabling
Non-Legacy SQLite Transactional Modes" in its SQLite docs) so that a write transaction can
start with BEGIN IMMEDIATE: it takes the write lock before reading, which makes count-then-
insert consistent and avoids the "database is locked" error a deferred reader gets when it
later tries to write after another connection committed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 10_000
# Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE.
WRITE_LOCK = "flywheel_write_lock"

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def normalize_url(url: str) -> URL:
    """`sqlite:///x.db` -> `sqlite+aiosqlite:///x.db`; `postgres(ql)://` -> `postgresql+psycopg://`."""
    return _with_driver(url, _ASYNC_DRIVERS)


def sync_url(url: str) -> URL:
    """The same database through a synchronous driver (pysqlite, psycopg), for migrations."""
    return _with_driver(url, _SYNC_DRIVERS)


def _with_driver(url: str, drivers: dict[str, str]) -> URL:
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    backend = parsed.get_backend_name()
    if backend not in drivers:
        raise ValueError(
            f"DATABASE_URL must be a sqlite:/// file or a postgresql:// URL, got {backend!r}"
        )
    return parsed.set(drivername=drivers[backend])


def create_async_engine(url: str) -> AsyncEngine:
    """The bot's engine: aiosqlite or psycopg, so no database call blocks the event loop."""
    parsed = normalize_url(url)
    engine = _create_async_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine.sync_engine, parsed, foreign_keys=True)
    return engine


def create_migration_engine(url: str) -> Engine:
    """A synchronous, unpooled engine for Alembic.

    On SQLite foreign keys are off while the schema changes, as SQLite's ALTER TABLE
    procedure requires: a batch migration drops and recreates tables, and with foreign
    keys on, dropping a table would run the ON DELETE actions of the rows pointing at it.
    """
    parsed = sync_url(url)
    engine = create_sync_engine(parsed, poolclass=NullPool)
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine, parsed, foreign_keys=False)
    return engine


def _configure_sqlite(engine: Engine, url: URL, *, foreign_keys: bool) -> None:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see _on_begin)
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"foreign_keys={'ON' if foreign_keys else 'OFF'}",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            "synchronous=FULL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_LOCK)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
