"""Concurrent saves, a crash in the middle of saving, and an event loop that never stalls."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import BigInteger, func, literal, select

from model import Plan
from storage import LimitReached, NameTaken, ScenarioRecord, Store
from storage.engine import WRITE_LOCK, create_migration_engine
from tests.storage import ALICE, PLAN
from tests.storage.save_until_killed import owner_of

ROOT = Path(__file__).resolve().parents[2]


async def test_racing_saves_of_one_name_have_exactly_one_winner(repo):
    plans = [Plan(price=100 + n, unit_cost=80) for n in range(50)]

    results = await asyncio.gather(
        *(repo.save(ALICE, "Launch", plan) for plan in plans), return_exceptions=True
    )

    winners = [result for result in results if isinstance(result, ScenarioRecord)]
    losers = [result for result in results if not isinstance(result, ScenarioRecord)]
    assert len(winners) == 1
    assert len(losers) == 49
    assert all(isinstance(loser, NameTaken) for loser in losers), losers
    assert {str(loser) for loser in losers} == {
        "You already have a scenario called 'Launch'. Pick another name or overwrite it."
    }
    assert [summary.id for summary in await repo.list(ALICE)] == [winners[0].id]


async def test_concurrent_saves_of_different_names_all_persist(repo):
    names = [f"Plan {n}" for n in range(50)]

    await asyncio.gather(*(repo.save(ALICE, name, PLAN) for name in names))

    assert sorted(record.name for record in await repo.list(ALICE)) == sorted(names)


async def test_the_limit_holds_under_concurrent_saves(repo):
    plan = json.loads(PLAN.to_json())
    await repo.import_(
        ALICE, {"scenarios": [{"name": f"Old {n}", "plan": plan} for n in range(190)]}
    )

    results = await asyncio.gather(
        *(repo.save(ALICE, f"New {n}", PLAN) for n in range(20)), return_exceptions=True
    )

    assert sum(isinstance(result, ScenarioRecord) for result in results) == 10
    assert sum(isinstance(result, LimitReached) for result in results) == 10
    assert len(await repo.list(ALICE)) == 200


@contextmanager
def _write_lock_held_elsewhere(url: str, owner: int):
    """Another connection holds the lock a save of `owner`'s needs, as a busy process would."""
    engine = create_migration_engine(url)
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE_LOCK: True})  # SQLite: BEGIN IMMEDIATE
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        select(func.pg_advisory_xact_lock(literal(owner, BigInteger)))
                    )
                yield
    finally:
        engine.dispose()


async def _longest_stall(seconds: float) -> float:
    """Watch the event loop for `seconds`: the longest it took to come back to a 10 ms sleep."""
    loop = asyncio.get_running_loop()
    longest, last = 0.0, loop.time()
    end = last + seconds
    while last < end:
        await asyncio.sleep(0.01)
        now = loop.time()
        longest, last = max(longest, now - last), now
    return longest


async def test_a_save_waiting_for_the_database_leaves_the_event_loop_free(repo, database_url):
    with _write_lock_held_elsewhere(database_url, ALICE):
        save = asyncio.create_task(repo.save(ALICE, "Launch", PLAN))
        stall = await _longest_stall(0.5)
        assert not save.done(), "the save should still be waiting for the lock"

    assert (await asyncio.wait_for(save, timeout=10)).name == "Launch"
    assert stall < 0.2


async def test_every_acknowledged_save_survives_a_sigkill(store, database_url):
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("save_until_killed.py")),
        database_url,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    acknowledged = []
    while len(acknowledged) < 40:
        line = await asyncio.wait_for(child.stdout.readline(), timeout=60)
        assert line, "the child stopped before it was killed"
        acknowledged.append(int(line))
    child.send_signal(signal.SIGKILL)
    acknowledged += [int(line) for line in (await child.stdout.read()).split()]
    assert await child.wait() == -signal.SIGKILL

    async with await Store.open(database_url) as after_crash:
        for number in acknowledged:
            await after_crash.scenarios.get(owner_of(number), f"save {number}")
    assert acknowledged == list(range(len(acknowledged)))
