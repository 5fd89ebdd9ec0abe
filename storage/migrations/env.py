"""Alembic's entry point: migrate the database given in `config.attributes["url"]`.

Everything runs in one transaction that first takes a lock, so processes starting together
apply each migration once: on PostgreSQL an advisory lock, on SQLite BEGIN IMMEDIATE.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.engine import WRITE_LOCK, create_migration_engine

# Two 32-bit keys ("FLYW", 1): a key space apart from the one-bigint keys the repository
# takes per user, so the two can never collide.
MIGRATION_LOCK = {"space": 0x464C5957, "key": 1}


def run_migrations() -> None:
    engine = create_migration_engine(context.config.attributes["url"])
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE_LOCK: True})
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:space, :key)"), MIGRATION_LOCK
                    )
                context.configure(
                    connection=connection,
                    target_metadata=SQLModel.metadata,
                    render_as_batch=sqlite,
                )
                context.run_migrations()
                if sqlite:
                    _check_foreign_keys(connection)
    finally:
        engine.dispose()


def _check_foreign_keys(connection) -> None:
    """SQLite migrates with foreign keys off; make sure no migration left a dangling one."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migration left rows pointing at missing rows: {broken[:5]}")


run_migrations()
