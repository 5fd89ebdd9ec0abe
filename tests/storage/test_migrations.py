"""Migrations build the schema the tables describe, from empty, again, and from two processes."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from bot.cli import main
from model import Plan
from storage.engine import create_migration_engine
from storage.migrations import config, upgrade

ROOT = Path(__file__).resolve().parents[2]
TEAM_TABLES = {"estimate_request", "estimate", "decision", "actual"}
TABLES = {
    "scenario",
    "shown_plan",
    "bot_state",
    "alembic_version",
    "scenario_version",
    *TEAM_TABLES,
}


def _schema_state(url: str) -> tuple[str | None, set[str], list]:
    """(revision, tables, differences between the database and SQLModel.metadata)."""
    engine = create_migration_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return (
                context.get_current_revision(),
                set(inspect(connection).get_table_names()),
                compare_metadata(context, SQLModel.metadata),
            )
    finally:
        engine.dispose()


def _head(url: str) -> str:
    return ScriptDirectory.from_config(config(url)).get_current_head()


def test_upgrade_from_empty_matches_the_tables_and_rerunning_changes_nothing(database_url):
    assert _schema_state(database_url)[:2] == (None, set())

    upgrade(database_url)
    fresh = _schema_state(database_url)
    upgrade(database_url)

    assert fresh == (_head(database_url), TABLES, [])
    assert _schema_state(database_url) == fresh


def test_downgrade_then_upgrade_ends_where_a_fresh_database_does(database_url):
    upgrade(database_url)
    command.downgrade(config(database_url), "base")
    assert _schema_state(database_url)[1] == {"alembic_version"}

    upgrade(database_url)

    assert _schema_state(database_url) == (_head(database_url), TABLES, [])


def test_processes_migrating_at_once_apply_each_migration_once(database_url):
    """Several bot processes start together; each runs the migrations before its shards."""
    script = "import sys; from storage.migrations import upgrade; upgrade(sys.argv[1])"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, database_url], cwd=ROOT, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    failures = [p.stderr.read().decode() for p in processes if p.wait(timeout=60) != 0]

    assert failures == []
    assert _schema_state(database_url) == (_head(database_url), TABLES, [])


def test_threads_migrating_at_once_wait_for_each_other(database_url):
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            upgrade(database_url)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=migrate) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert _schema_state(database_url)[0] == _head(database_url)


def test_flywheel_db_upgrade(database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)

    assert main(["db", "upgrade"]) == 0

    assert capsys.readouterr().out == "database is up to date\n"
    assert _schema_state(database_url)[0] == _head(database_url)


def test_upgrading_keeps_each_users_last_plan(database_url):
    command.upgrade(config(database_url), "0001")
    plan = Plan(price=199, unit_cost=230).to_json()
    engine = create_migration_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO last_plan (owner_id, plan, updated_at) VALUES (:o, :p, :t)"),
            {"o": 2**63 - 1, "p": plan, "t": datetime.now(UTC)},
        )
    upgrade(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT owner_id, plan FROM shown_plan")).all()
    engine.dispose()
    assert rows == [(2**63 - 1, plan)]


def test_a_database_from_a_newer_flywheel_is_one_clear_line(database_url, monkeypatch, capsys):
    upgrade(database_url)
    engine = create_migration_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", database_url)

    assert main(["db", "upgrade"]) == 2

    error = capsys.readouterr().err
    assert error.startswith("flywheel: the database is at schema revision 9999")
    assert f"up to revision {_head(database_url)}" in error
    assert error.count("\n") == 1
