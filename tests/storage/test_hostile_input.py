"""Hostile input at the storage boundary: clear, short refusals and no internal errors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, text

from storage import InvalidInput, NotFound, Store
from storage.engine import create_migration_engine
from tests.storage import ALICE, BOB, CHANNEL, GUILD, PLAN

LONG = 5000


def export_with(**plan_changes) -> dict:
    plan = json.loads(PLAN.to_json()) | plan_changes
    return {"format": "flywheel-export", "version": 1, "scenarios": [{"name": "x", "plan": plan}]}


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (export_with(currency="€" * LONG), "Scenario 1 in the file: That plan is not valid: "),
        (export_with(**{"k" * LONG: 1}), "Scenario 1 in the file: That plan is not valid: "),
        (export_with(price="9" * LONG), "Scenario 1 in the file: That plan is not valid: "),
    ],
)
async def test_a_long_bad_value_in_an_import_is_quoted_short(repo, data, start):
    with pytest.raises(InvalidInput) as error:
        await repo.import_(ALICE, data)
    assert str(error.value).startswith(start)
    assert len(str(error.value)) < 450  # fits a Discord message with room to spare
    assert await repo.list(ALICE) == []


@pytest.mark.parametrize("field", ["format", "version"])
async def test_a_long_format_or_version_in_an_import_is_quoted_short(repo, field):
    data = export_with() | {field: "F" * LONG}
    with pytest.raises(InvalidInput) as error:
        await repo.import_(ALICE, data)
    assert len(str(error.value)) < 200


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_forking_a_scenario_its_owner_deletes_meanwhile_says_it_was_deleted(
    store: Store, database_url: str
):
    """The owner's delete commits between the fork reading the scenario and inserting a copy.

    SQLite cannot interleave them (writers hold one lock); PostgreSQL locks per user.
    """
    source = await store.scenarios.save(ALICE, "Shared", PLAN)
    await store.scenarios.share(ALICE, "Shared", guild_id=GUILD, channel_id=CHANNEL)
    owner = create_migration_engine(database_url)

    def delete_first(_connection, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO SCENARIO"):
            with owner.begin() as connection:
                connection.execute(text("DELETE FROM scenario WHERE id = :id"), {"id": source.id})

    event.listen(store.engine.sync_engine, "before_cursor_execute", delete_first)
    try:
        with pytest.raises(NotFound, match="deleted"):
            await store.run(
                store.scenarios.fork(BOB, source.ref, guild_id=GUILD, channels=[CHANNEL])
            )
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", delete_first)
        owner.dispose()
    assert await store.scenarios.list(BOB) == []
