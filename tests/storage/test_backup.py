"""`flywheel db backup` while the bot writes, then `flywheel db restore` into a fresh database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from bot.cli import main as flywheel
from model import Plan
from storage import Store
from storage.backup import BackupError, backup, restore
from storage.migrations import upgrade

ALICE, BOB, CAROL = 1, 2, 2**63 - 1
GUILD, CHANNEL = 10, 11


@pytest.fixture
def fresh_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Where to restore: a new SQLite file, or a new PostgreSQL database (same search_path)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'flywheel.db'}"
        return
    source = make_url(database_url)
    name = f"flywheel_restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(source, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield source.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


async def _fill(store: Store) -> None:
    for number in range(40):
        plan = Plan(price=150 + number, unit_cost=185, volume=10_000 * (number + 1))
        notes = f"notes for plan {number}" if number % 3 else None
        await store.scenarios.save(ALICE, f"Plan {number:02d}", plan, notes=notes)
    await store.scenarios.share(ALICE, "Plan 07", guild_id=GUILD, channel_id=CHANNEL)
    await store.scenarios.fork(BOB, "Plan 07", guild_id=GUILD, channels=[CHANNEL])
    await store.shown.remember(BOB, Plan(price=199, unit_cost=230))


def _without_time(export: dict) -> dict:
    return {key: value for key, value in export.items() if key != "exported_at"}


async def _exports(store: Store) -> list[dict]:
    return [_without_time(await store.scenarios.export(user)) for user in (ALICE, BOB, CAROL)]


async def test_backup_while_writing_then_restore_keeps_every_scenario(
    database_url, fresh_url, tmp_path
):
    path = tmp_path / "flywheel.backup"
    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as store:
        await _fill(store)
        before = await _exports(store)
        backing_up = asyncio.create_task(asyncio.to_thread(backup, database_url, path))
        live = 0
        while not backing_up.done():  # the bot keeps saving while the backup runs
            await store.scenarios.save(CAROL, f"Live {live:04d}", Plan(price=199, unit_cost=185))
            live += 1
        said = await backing_up
        source_carol = _without_time(await store.scenarios.export(CAROL))

    assert said.startswith("backed up ") and str(path) in said
    assert "restored" in await asyncio.to_thread(restore, fresh_url, path)
    async with await Store.open(fresh_url) as restored:
        after = await _exports(restored)
        shared = await restored.scenarios.get(BOB, "Plan 07", guild_id=GUILD, channels=[CHANNEL])
        remembered = await restored.shown.last(BOB)

    assert after[:2] == before[:2]  # alice's and bob's: every field, notes and plans included
    assert shared.owner_id == ALICE and shared.guild_id == GUILD
    assert remembered == Plan(price=199, unit_cost=230)
    restored_live = after[2]["scenarios"]
    names = [item["name"] for item in restored_live]
    assert names == [f"Live {n:04d}" for n in range(len(names))]  # one moment's state
    assert restored_live == source_carol["scenarios"][: len(names)]
    print(
        f"backup/restore: {len(after[0]['scenarios'])} + {len(after[1]['scenarios'])} kept; "
        f"{len(names)} of {live} saved during the backup were in it"
    )


async def test_restore_refuses_a_database_that_has_tables(database_url, tmp_path):
    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as store:
        await _fill(store)
    path = tmp_path / "flywheel.backup"
    await asyncio.to_thread(backup, database_url, path)
    with pytest.raises(BackupError, match="already has tables"):
        await asyncio.to_thread(restore, database_url, path)
    with pytest.raises(BackupError, match="already exists"):
        await asyncio.to_thread(backup, database_url, path)


def test_flywheel_db_backup_and_restore_from_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'live.db'}")
    assert flywheel(["db", "upgrade"]) == 0
    assert flywheel(["db", "backup", str(tmp_path / "copy.db")]) == 0
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert flywheel(["db", "restore", str(tmp_path / "copy.db")]) == 0
    assert flywheel(["db", "restore", str(tmp_path / "copy.db")]) == 1
    out, err = capsys.readouterr()
    assert "backed up 0 scenarios to" in out and "restored 0 scenarios from" in out
    assert err.strip().startswith("flywheel: the database at DATABASE_URL already has tables")


def test_without_pg_dump_the_error_gives_the_recipe(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no PostgreSQL client tools on it
    url = "postgresql+psycopg://flywheel:secret@db:5432/flywheel"
    with pytest.raises(BackupError, match=r"pg_dump is not installed.*pg_dump --format=custom"):
        backup(url, tmp_path / "flywheel.dump")
