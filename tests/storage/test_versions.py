"""Saving over a name keeps the earlier versions, numbered, on both engines."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import inspect

from storage import Store
from storage.engine import create_migration_engine
from storage.migrations import config, upgrade
from storage.versions import VERSIONS_KEPT
from tests.storage import ALICE, BOB, CHEAPER, GUILD, PLAN


async def test_saving_over_a_name_keeps_each_earlier_version(store: Store):
    first = await store.scenarios.save(ALICE, "Launch", PLAN, notes="first guess")
    assert await store.versions.list(first.id) == []
    assert await store.versions.current_number(first.id) == 1

    await store.scenarios.save(ALICE, "Launch", CHEAPER, overwrite=True)
    third_plan = CHEAPER.replace(price=179)
    latest = await store.scenarios.save(ALICE, "launch", third_plan, notes="", overwrite=True)

    versions = await store.versions.list(first.id)
    assert [(v.number, v.plan, v.notes) for v in versions] == [
        (1, PLAN, "first guess"),
        (2, CHEAPER, "first guess"),
    ]
    assert versions[0].saved_at == first.updated_at
    assert latest.id == first.id and latest.plan == third_plan
    assert await store.versions.current_number(first.id) == 3
    assert await store.versions.plan(first.id, 1) == PLAN
    assert await store.versions.plan(first.id, 3) is None  # the current one is the scenario


async def test_saving_the_same_plan_again_keeps_no_copy(store: Store):
    record = await store.scenarios.save(ALICE, "Launch", PLAN)
    await store.scenarios.save(ALICE, "Launch", PLAN, overwrite=True)
    assert await store.versions.list(record.id) == []


async def test_only_the_newest_versions_are_kept_and_numbers_are_not_reused(store: Store):
    record = await store.scenarios.save(ALICE, "Launch", PLAN)
    for price in range(1, VERSIONS_KEPT + 3):
        await store.scenarios.save(ALICE, "Launch", PLAN.replace(price=price), overwrite=True)
    versions = await store.versions.list(record.id)
    assert len(versions) == VERSIONS_KEPT
    assert versions[-1].number == VERSIONS_KEPT + 2
    assert versions[0].number == 3


async def test_deleting_or_forgetting_a_scenario_deletes_its_versions(store: Store):
    record = await store.scenarios.save(ALICE, "Launch", PLAN)
    await store.scenarios.save(ALICE, "Launch", CHEAPER, overwrite=True)
    await store.scenarios.delete(ALICE, "Launch")
    assert await store.versions.list(record.id) == []

    kept = await store.scenarios.save(BOB, "Shared", PLAN)
    await store.scenarios.save(BOB, "Shared", CHEAPER, overwrite=True)
    await store.scenarios.share(BOB, "Shared", guild_id=GUILD, channel_id=1)
    await store.scenarios.forget(BOB)
    assert await store.versions.list(kept.id) == []


async def test_migration_0004_goes_down_and_up_keeping_the_scenarios(database_url):
    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as store:
        record = await store.scenarios.save(ALICE, "Launch", PLAN)
        await store.scenarios.save(ALICE, "Launch", CHEAPER, overwrite=True)

    await asyncio.to_thread(command.downgrade, config(database_url), "0003")
    engine = create_migration_engine(database_url)
    try:
        with engine.connect() as connection:
            assert "scenario_version" not in inspect(connection).get_table_names()
    finally:
        engine.dispose()

    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as store:
        assert (await store.scenarios.get(ALICE, "Launch")).plan == CHEAPER
        assert await store.versions.list(record.id) == []
        await store.scenarios.save(ALICE, "Launch", PLAN, overwrite=True)
        assert [v.plan for v in await store.versions.list(record.id)] == [CHEAPER]
