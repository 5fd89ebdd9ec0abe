"""Every database wait is bounded: a held lock or a slow statement ends within the deadline."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from sqlalchemy import BigInteger, func, literal, select, text

from storage import StorageUnavailable, Store
from storage.engine import Timeouts
from tests.storage import ALICE, PLAN


async def test_every_session_gets_the_timeouts(store: Store):
    async with store.engine.connect() as connection:
        if store.engine.dialect.name == "sqlite":
            busy = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
            assert busy == 1_500  # 3/4 of the 2 s a call may take
            return
        shown = {
            name: (await connection.execute(text(f"SHOW {name}"))).scalar()
            for name in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")
        }
        search_path = (await connection.execute(text("SHOW search_path"))).scalar()
    assert shown == {
        "statement_timeout": "2s",
        "lock_timeout": "1500ms",
        "idle_in_transaction_session_timeout": "5s",
    }
    assert search_path.startswith("test_")  # options given in DATABASE_URL still apply


async def test_a_save_waiting_on_a_held_lock_gives_up_in_time(store: Store, database_url):
    """Another process holds the write lock (SQLite) or the user's lock (PostgreSQL)."""
    async with await Store.open(database_url) as holder, holder.engine.connect() as blocking:
        if store.engine.dialect.name == "sqlite":
            await blocking.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            await blocking.execute(select(func.pg_advisory_xact_lock(literal(ALICE, BigInteger))))
        started = time.monotonic()
        with pytest.raises(StorageUnavailable) as error:
            async with asyncio.timeout(10):  # the server (or SQLite) ends it, not Store.run
                await store.run(store.scenarios.save(ALICE, "Launch", PLAN), seconds=8)
        waited = time.monotonic() - started
        await blocking.rollback()
    assert str(error.value) == StorageUnavailable.NOTHING_SAVED
    assert 1.0 < waited < 2.5  # the lock wait (1.5 s) ends within a call's 2 s
    await store.run(store.scenarios.save(ALICE, "Launch", PLAN))  # nothing was kept


async def test_a_slow_statement_is_stopped_by_the_deadline(store: Store):
    sleep = "SELECT pg_sleep(5)" if store.engine.dialect.name == "postgresql" else None
    if sleep is None:
        pytest.skip("SQLite statements run in-process; the busy timeout bounds their waits")

    async def slow() -> None:
        async with store.engine.connect() as connection:
            await connection.execute(text(sleep))

    started = time.monotonic()
    with pytest.raises(StorageUnavailable):
        await store.run(slow(), seconds=0.5)
    assert time.monotonic() - started < 1.0
    await store.ping()  # the pool still hands out working connections

    started = time.monotonic()
    with pytest.raises(StorageUnavailable):  # the server's statement_timeout (2 s) ends it
        await store.run(slow(), seconds=8)
    assert 1.5 < time.monotonic() - started < 3.0


async def test_waiting_for_a_pooled_connection_gives_up_in_time(store: Store):
    pool = store.engine.pool
    async with contextlib.AsyncExitStack() as held:
        for _ in range(pool.size() + store.engine.pool._max_overflow):
            await held.enter_async_context(store.engine.connect())
        started = time.monotonic()
        with pytest.raises(StorageUnavailable):
            await store.run(store.scenarios.list(ALICE), seconds=8)
        assert 1.5 < time.monotonic() - started < 3.0  # pool_timeout: 2 s
    await store.ping()


def test_timeouts_are_sane():
    assert Timeouts(10).postgres_connect_args("-csearch_path=x") == {
        "connect_timeout": 10,
        "options": "-c statement_timeout=10000 -c lock_timeout=7500 "
        "-c idle_in_transaction_session_timeout=25000 -csearch_path=x",
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 25000,
    }
    for bad in (0, -1, float("nan"), float("inf"), 901):
        with pytest.raises(ValueError, match=r"between 0\.1 and 900 seconds"):
            Timeouts(bad)
