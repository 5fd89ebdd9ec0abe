"""PostgreSQL stops answering (silent, not refusing) while people use the bot: each gets a private
"storage is not answering, nothing was saved" within Discord's deadline, and it is true."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import URL, BigInteger, create_engine, delete, event, func, literal, select
from sqlalchemy.pool import NullPool

from bot import health
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
def bot_settings(bot_settings: Settings, proxy: tuple[StallProxy, str], tmp_path) -> Settings:
    return dataclasses.replace(
        bot_settings,
        database_url=proxy[1],
        user_rate=None,
        health_file=str(tmp_path / "health.json"),
        health_interval=1.0,  # above the ping's 1 s wait, or a silent database reads as stuck
    )


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


async def test_forget_me_confirmed_while_a_save_waits_refuses_it_and_counts_what_went(
    standin, database
):
    """Alice's save_as waits for her write lock (held here) when she confirms /forget-me: the
    forget goes first, so the save is refused, and the count she is told is what is gone."""
    await standin.slash("alice", "general", "margin", price="199", unit_cost="185", save_as="B")
    asked = await standin.slash("alice", "general", "forget-me")
    alice = standin.world.user("alice").id
    holder = create_engine(database, poolclass=NullPool)
    with holder.connect() as lock:
        lock.execute(select(func.pg_advisory_lock(literal(alice, BigInteger))))
        saving = asyncio.create_task(
            standin.slash(
                "alice", "general", "margin", price="249", unit_cost="185", save_as="In flight"
            )
        )
        await asyncio.sleep(0.3)
        confirming = asyncio.create_task(
            standin.click("alice", asked, "Delete everything about me")
        )
        await asyncio.sleep(0.3)
        lock.execute(select(func.pg_advisory_unlock(literal(alice, BigInteger))))
    holder.dispose()
    saved, confirmed = await asyncio.gather(saving, confirming)
    assert "deleted 1 scenario and everything" in confirmed.content
    assert (
        "Not saved: You asked Flywheel to forget you while this was running"
        in (saved.embed["description"])
    )
    assert await _rows(database, Scenario) == 0
    assert await _rows(database, ShownPlan) == 0


async def _health_until(path: Path, wanted: bool) -> str:
    async with asyncio.timeout(10):
        while True:
            healthy, why = health.check(path)
            if healthy is wanted:
                return why
            await asyncio.sleep(0.1)


async def test_flywheel_health_reports_a_silent_database(standin, proxy, bot_settings):
    stalling, _ = proxy
    path = Path(bot_settings.health_file)
    assert (await _health_until(path, True)).startswith("healthy")
    stalling.stall()
    assert await _health_until(path, False) == "unhealthy: database not answering"
    stalling.resume()
    assert (await _health_until(path, True)).startswith("healthy")
