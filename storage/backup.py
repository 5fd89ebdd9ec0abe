"""`flywheel db backup PATH` and `flywheel db restore PATH`, safe while the bot runs.

SQLite: `VACUUM INTO` writes a compact copy from one read transaction, so it is consistent
whatever the bot writes meanwhile (WAL: the bot is never blocked). Restoring copies it into a
new database file with SQLite's backup API, after checking its integrity.
PostgreSQL: `pg_dump --format=custom` (one snapshot, consistent too) and `pg_restore`, when the
client tools are installed; otherwise the error gives the same commands to run by hand.
Either way a restore goes into a fresh database only (nothing is overwritten), then migrates
it to this version's schema.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL

from storage.engine import create_migration_engine, sync_url
from storage.migrations import upgrade
from storage.tables import Scenario

PG_RECIPE = (
    "back up with: pg_dump --format=custom --no-owner --no-privileges --file=PATH DATABASE; "
    "restore into a new, empty database with: pg_restore --no-owner --no-privileges "
    "--exit-on-error --single-transaction --dbname=NEW_DATABASE PATH, then `flywheel db upgrade`"
)


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def backup(url: str, path: Path) -> str:
    """Write a consistent copy of the database at `url` to a new file `path`; say what it holds."""
    if path.exists():
        raise BackupError(f"{path} already exists: give a new file name")
    parsed = sync_url(url)
    if parsed.get_backend_name() == "sqlite":
        with _sqlite(_sqlite_file(parsed, must_exist=True)) as connection:
            connection.execute("VACUUM INTO ?", (str(path),))
        held = f"{_count(f'sqlite:///{path}')} scenarios"
    else:
        _pg_tool("pg_dump", parsed, "--format=custom", f"--file={path}", *_schema_option(parsed))
        held = "the database"
    return f"backed up {held} to {path} ({path.stat().st_size / 1024:.0f} KB)"


def restore(url: str, path: Path) -> str:
    """Fill the fresh database at `url` from the backup `path`, then migrate it to the head."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    parsed = sync_url(url)
    _refuse_unless_fresh(url)
    if parsed.get_backend_name() == "sqlite":
        _restore_sqlite(path, _sqlite_file(parsed, must_exist=False))
    else:
        _pg_tool(
            "pg_restore",
            parsed,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(path),
        )
    upgrade(url)
    return f"restored {_count(url)} scenarios from {path}"


def _restore_sqlite(path: Path, target: Path) -> None:
    with _sqlite(path) as source:
        (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if verdict != "ok" or "alembic_version" not in tables:
            raise BackupError(f"{path} is not a Flywheel SQLite backup ({verdict})")
        target.parent.mkdir(parents=True, exist_ok=True)
        with _sqlite(target) as destination:
            source.backup(destination)


def _refuse_unless_fresh(url: str) -> None:
    engine = create_migration_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            "the database at DATABASE_URL already has tables: restore into a new, empty database "
            "(for SQLite, a file that does not exist yet), then point DATABASE_URL at it"
        )


def _count(url: str) -> int:
    engine = create_migration_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(Scenario)).scalar_one()
    finally:
        engine.dispose()


def _sqlite_file(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("DATABASE_URL must name a SQLite file to back up or restore")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"no database at {path}: check DATABASE_URL")
    return path


class _sqlite:
    """A plain sqlite3 connection that waits for a writer rather than failing, closed on exit."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None)

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc_info: object) -> None:
        self.connection.close()


def _schema_option(url: URL) -> list[str]:
    """`--schema` when the URL pins one with `options=-csearch_path=...` (one schema, not all)."""
    options = str(url.query.get("options", ""))
    prefix = "-csearch_path="
    return [f"--schema={options[len(prefix) :]}"] if options.startswith(prefix) else []


def _pg_tool(tool: str, url: URL, *arguments: str) -> None:
    """Run pg_dump or pg_restore on `url`; the password goes in the environment, not argv."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (PostgreSQL client tools): {PG_RECIPE}")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None)
    done = subprocess.run(
        [executable, *arguments, f"--dbname={target.render_as_string(hide_password=False)}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip() or done.returncode}")
