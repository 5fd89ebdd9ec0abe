"""Engines for `DATABASE_URL`: SQLite (the default, no set-up) or PostgreSQL, async for the bot.

Every SQLite connection gets:
- WAL, so readers never wait for the writer;
- synchronous=NORMAL: in WAL mode every acknowledged commit survives the process being
  killed; only an operating-system crash or power cut can lose the last few commits (the
  file is never corrupted). Ruling that out too (FULL) costs an fsync per commit, 1-10 ms
  on a shared disk, which is the whole save budget; PostgreSQL is the choice for that;
- foreign keys, and a busy timeout so writers from several processes take turns.

SQLAlchemy takes over BEGIN ("Enabling Non-Legacy SQLite Transactional Modes" in its SQLite
docs). Reads run without one (each statement sees the latest commit, and skipping the
round trips keeps autocomplete fast); writes start with BEGIN IMMEDIATE, taking the write
lock before they read, so count-then-insert is consistent and a deferred transaction never
fails with "database is locked" when another process committed between its read and write.
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
# Execution option marking a transaction that writes: on SQLite it starts with BEGIN IMMEDIATE.
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
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        """Writes take the lock up front; reads run in autocommit mode (no BEGIN)."""
        if connection.get_execution_options().get(WRITE_LOCK):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
