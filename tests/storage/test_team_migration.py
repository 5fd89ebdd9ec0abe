"""Migration 0003 (team estimates and the decision log) goes up and down over a database with
data in it, on SQLite and PostgreSQL, leaving the scenarios alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from model import Plan
from storage import Store
from storage.engine import create_migration_engine
from storage.migrations import config, upgrade
from tests.storage import ALICE, BOB, CHANNEL, GUILD, PLAN
from tests.storage.test_migrations import TEAM_TABLES, _head, _schema_state


def _tables_and_scenarios(url: str) -> tuple[set[str], list]:
    engine = create_migration_engine(url)
    try:
        with engine.connect() as connection:
            scenarios = connection.execute(text("SELECT owner_id, name, plan FROM scenario")).all()
            return set(inspect(connection).get_table_names()), scenarios
    finally:
        engine.dispose()


async def _fill(url: str) -> None:
    async with await Store.open(url) as store:
        estimates, decisions = store.estimates, store.decisions
        common = {"guild_id": GUILD, "channel_id": CHANNEL, "plan": PLAN}
        asked = await estimates.open_request(
            ALICE, scenario_name="Launch", input_field="unit_cost", **common
        )
        await estimates.add(BOB, asked.id, "170", guild_id=GUILD)
        made = await decisions.record(
            ALICE, text="Go", scenario_name="Launch", figures={"npv": 1.0}, **common
        )
        await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=1, units=900)


async def test_0003_up_and_down_with_data_keeps_the_scenarios(database_url):
    await asyncio.to_thread(command.upgrade, config(database_url), "0002")
    engine = create_migration_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scenario (owner_id, name, name_key, plan, created_at, updated_at) "
                "VALUES (:owner, 'Launch', 'launch', :plan, :now, :now)"
            ),
            {
                "owner": ALICE,
                "plan": Plan(price=199, unit_cost=230).to_json(),
                "now": datetime.now(UTC),
            },
        )
    engine.dispose()
    tables_before, scenarios = _tables_and_scenarios(database_url)

    await asyncio.to_thread(command.upgrade, config(database_url), "0003")
    await _fill(database_url)
    assert _tables_and_scenarios(database_url) == (tables_before | TEAM_TABLES, scenarios)

    await asyncio.to_thread(command.downgrade, config(database_url), "0002")
    assert _tables_and_scenarios(database_url) == (tables_before, scenarios)

    await asyncio.to_thread(upgrade, database_url)
    revision, _, differences = _schema_state(database_url)
    assert (revision, differences) == (_head(database_url), [])
    await _fill(database_url)  # the tables work again, from empty
