"""PostgreSQL stops answering (silent, not refusing) while people use the bot: each gets a private
"storage is not answering, nothing was saved" within Discord's deadline, and it is true."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import URL, create_engine, delete, event, func, select
from sqlalchemy.pool import NullPool

from bot.settings import Settings
from standin import Status
from storage import Store
from storage.migrations import upgrade
from storage.tables import Scenario, ShownPlan
from tests.conftest import _empty_schema
from tests.storage.stall_proxy import StallProxy

NOT_ANSWERING = "Storage is not answering, nothing was saved: try again in a minute."
DISCORD_DEADLINE = 3.0


@pytest.fixture
async def database(postgres_database: URL) -> AsyncIterator[str]:
    """A migrated PostgreSQL schema of its own."""
    with _empty_schema(postgres_database) as url:
        await asyncio.to_thread(upgrade, url)
        yield url


@pytest.fixture
async def proxy(database: str) -> AsyncIterator[tuple[StallProxy, str]]:
    """The proxy in front of `database`, and the URL the bot reaches it by."""
    started = await StallProxy.to(database)
    try:
        yield started
    finally:
        await started[0].close()


@pytest.fixture
def bot_settings(bot_settings: Settings, proxy: tuple[StallProxy, str]) -> Settings:
    return dataclasses.replace(bot_settings, database_url=proxy[1], user_rate=None)


async def _rows(database: str, table) -> int:
    async with await Store.open(database) as direct, direct.engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(table))).scalar_one()


async def _timed(work):
    started = time.monotonic()
    outcome = await work
    return outcome, time.monotonic() - started


async def test_a_silent_database_gets_a_private_answer_in_time_and_nothing_is_saved(
    standin, proxy, database
):
    stalling, _ = proxy
    answered = await standin.slash("alice", "general", "margin", price="199", unit_cost="185")
    shown_before = await _rows(database, ShownPlan)
    stalling.stall()
    attempts = [
        standin.slash("alice", "general", "margin", price="249", unit_cost="185", save_as="During"),
        standin.slash("alice", "general", "scenario save", name="Saved during"),
        standin.slash("alice", "general", "scenario list"),
    ]
    for attempt in attempts:
        outcome, took = await _timed(attempt)
        assert outcome.status is not Status.NO_RESPONSE
        assert outcome.ephemeral and outcome.content == NOT_ANSWERING
        assert took < DISCORD_DEADLINE
    form = await standin.click("bob", answered, "Save")
    submitted, took = await _timed(standin.submit_modal("bob", form, name="Bob's copy"))
    assert submitted.ephemeral and submitted.content == NOT_ANSWERING and took < DISCORD_DEADLINE
    stalling.resume()
    await asyncio.sleep(0.5)  # let abandoned work end its rollback
    assert await _rows(database, Scenario) == 0
    assert await _rows(database, ShownPlan) == shown_before
    after = await standin.slash(
        "alice", "general", "margin", price="249", unit_cost="185", save_as="After"
    )
    assert "Saved as “After”" in after.embed["description"]


async def test_forking_a_scenario_its_owner_deletes_meanwhile_says_it_was_deleted(
    standin, bot, database
):
    await standin.slash("alice", "general", "margin", price="249", unit_cost="185", save_as="L")
    shared = await standin.slash("alice", "general", "scenario share", name="L")
    owner = create_engine(database, poolclass=NullPool)
    pending = [True]

    def owner_deletes_first(_connection, _cursor, statement: str, *_args) -> None:
        """Just before the fork's INSERT, the owner's delete commits on another connection."""
        if pending and statement.lstrip().upper().startswith("INSERT INTO SCENARIO"):
            pending.clear()
            with owner.begin() as connection:
                connection.execute(delete(Scenario.__table__))

    event.listen(bot.store.engine.sync_engine, "before_cursor_execute", owner_deletes_first)
    forked = await standin.click("bob", shared, "Fork into my scenarios")
    owner.dispose()
    assert forked.ephemeral
    assert forked.content == "That scenario was deleted just now: there is nothing to fork."
