"""Engines for `DATABASE_URL`: SQLite (the default, no set-up) or PostgreSQL, async for the bot.

Every SQLite connection gets:
- WAL, so readers never wait for the writer;
- synchronous=NORMAL: in WAL mode every acknowledged commit survives the process being
  killed; only an operating-system crash or power cut can lose the last few commits (the
  file is never corrupted). Ruling that out too (FULL) costs an fsync per commit, 1-10 ms
  on a shared disk, which is the whole save budget; PostgreSQL is the choice for that;
- foreign keys, and a busy timeout so writers from several processes take turns.

Every call must end before its reply is due, so both engines get bounded waits, all derived
from one figure, `Timeouts.operation` (see there for the numbers and why).

SQLAlchemy takes over BEGIN ("Enabling Non-Legacy SQLite Transactional Modes" in its SQLite
docs). Reads run without one (each statement sees the latest commit, and skipping the
round trips keeps autocomplete fast); writes start with BEGIN IMMEDIATE, taking the write
lock before they read, so count-then-insert is consistent and a deferred transaction never
fails with "database is locked" when another process committed between its read and write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import NullPool

# Migrations run before the bot answers anyone: they may wait for other writers longer.
MIGRATION_BUSY_TIMEOUT_MS = 10_000
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


@dataclass(frozen=True)
class Timeouts:
    """How long the bot's database calls may wait, all derived from `operation` (seconds).

    Discord wants an acknowledgement within 3 s of a click and the bot defers ("thinking…")
    after 1.5 s; a deferred reply may come up to 15 minutes later, but a person is watching.
    A save or lookup takes milliseconds, so a database silent for 2 s is not answering: the
    default `operation` of 2 s leaves a handler that has not deferred about 1 s to say so
    before Discord's 3 s (`Store.run` enforces it on the client side). Operators with a
    distant database may raise it; past 2.5 s their handlers must defer first.

    The server-side figures stop work the client has already given up on:
    - statement_timeout = operation: no statement outlives the caller's wait;
    - lock_timeout (PostgreSQL) and busy_timeout (SQLite) = 3/4 of it: waiting for another
      writer ends with an error while the caller is still listening, and SQLite's thread
      is free again before the deadline, instead of queueing our rollback behind it;
    - idle_in_transaction_session_timeout = 2.5 x operation, at least 5 s: our transactions
      never pause between statements, so one that does lost its client (a network stall);
      the server rolls it back and frees the user's lock;
    - connect_timeout = operation rounded up, at least libpq's minimum of 2 s;
    - pool_timeout (waiting for a pooled connection) = operation;
    - TCP keepalives (idle 10 s, then every 5 s, 3 probes) and tcp_user_timeout (unacknowledged
      data, 5 s or 2.5 x operation) find dead peers of idle pooled connections within ~25 s.
    """

    operation: float = 2.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.operation) and 0.1 <= self.operation <= 900):
            raise ValueError("the database timeout must be between 0.1 and 900 seconds")

    @property
    def lock_ms(self) -> int:
        return int(self.operation * 750)

    @property
    def idle_in_transaction_ms(self) -> int:
        return int(max(5.0, 2.5 * self.operation) * 1000)

    def postgres_options(self) -> str:
        """Settings for every PostgreSQL session, as libpq's `options` string."""
        settings = {
            "statement_timeout": int(self.operation * 1000),
            "lock_timeout": self.lock_ms,
            "idle_in_transaction_session_timeout": self.idle_in_transaction_ms,
        }
        return " ".join(f"-c {name}={value}" for name, value in settings.items())

    def postgres_connect_args(self, url_options: str | None) -> dict[str, object]:
        """libpq parameters; options in the URL come after ours, so an operator's win."""
        return {
            "connect_timeout": max(2, math.ceil(self.operation)),
            "options": " ".join(filter(None, [self.postgres_options(), url_options])),
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": self.idle_in_transaction_ms,
        }


DEFAULT_TIMEOUTS = Timeouts()


def create_async_engine(url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> AsyncEngine:
    """The bot's engine: aiosqlite or psycopg, so no database call blocks the event loop."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _create_async_engine(parsed, pool_timeout=timeouts.operation, hide_parameters=True)
        _configure_sqlite(engine.sync_engine, parsed, foreign_keys=True, busy_ms=timeouts.lock_ms)
        return engine
    options = parsed.query.get("options")
    if isinstance(options, tuple):
        options = " ".join(options)
    return _create_async_engine(
        parsed.difference_update_query(["options"]),
        pool_pre_ping=True,
        pool_timeout=timeouts.operation,
        hide_parameters=True,  # errors and logs never carry names, notes or plans
        connect_args=timeouts.postgres_connect_args(options),
    )


def create_migration_engine(url: str) -> Engine:
    """A synchronous, unpooled engine for Alembic.

    On SQLite foreign keys are off while the schema changes, as SQLite's ALTER TABLE
    procedure requires: a batch migration drops and recreates tables, and with foreign
    keys on, dropping a table would run the ON DELETE actions of the rows pointing at it.
    """
    parsed = sync_url(url)
    engine = create_sync_engine(parsed, poolclass=NullPool)
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine, parsed, foreign_keys=False, busy_ms=MIGRATION_BUSY_TIMEOUT_MS)
    return engine


def _configure_sqlite(engine: Engine, url: URL, *, foreign_keys: bool, busy_ms: int) -> None:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see _on_begin)
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"foreign_keys={'ON' if foreign_keys else 'OFF'}",
            f"busy_timeout={busy_ms}",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        """Writes take the lock up front; reads run in autocommit mode (no BEGIN)."""
        if connection.get_execution_options().get(WRITE_LOCK):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
