"""PostgreSQL stops answering (silent, not refusing) or refuses: every call ends in time with
`StorageUnavailable`, and what it says about the change is true."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event

from storage import StorageUnavailable, Store
from storage.engine import Timeouts
from tests.storage import ALICE, CHEAPER, PLAN
from tests.storage.stall_proxy import StallProxy

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
QUICK = Timeouts(1.0)


@pytest.fixture
def direct(store: Store) -> Store:
    """The migrated database, reached without the proxy, to see what really happened."""
    return store


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[tuple[StallProxy, str]]:
    proxy, url = await StallProxy.to(database_url)
    yield proxy, url
    await proxy.close()


def stall_on(store: Store, proxy: StallProxy, sql_start: str) -> None:
    """Stall the proxy just before the statement starting with `sql_start` is sent."""

    def before(_connection, _cursor, statement: str, *_args) -> None:
        if statement.lstrip().upper().startswith(sql_start):
            proxy.stall()

    event.listen(store.engine.sync_engine, "before_cursor_execute", before)


async def within(seconds: float, work):
    """`work`, failing the test (instead of hanging it) if it takes longer than `seconds`."""
    started = time.monotonic()
    async with asyncio.timeout(seconds):
        result = await work
    return result, time.monotonic() - started


async def test_a_silent_database_is_reported_within_the_deadline(direct, proxy):
    stalling, url = proxy
    async with await Store.open(url, QUICK) as store:
        await store.run(store.scenarios.list(ALICE))  # answers while the link is up
        stalling.stall()
        for call in (store.scenarios.list(ALICE), store.scenarios.save(ALICE, "Launch", PLAN)):
            with pytest.raises(StorageUnavailable) as error:
                await within(3, store.run(call))
            assert str(error.value) == (
                "Storage is not answering, nothing was saved: try again in a minute."
            )
        _, took = await within(3, asyncio.gather(store.ping(), return_exceptions=True))
        assert took < 0.6  # half an operation's deadline: the health check's beat stays short
        with pytest.raises(StorageUnavailable):
            await store.ping()
        stalling.resume()
    assert await direct.run(direct.scenarios.list(ALICE)) == []


async def test_opening_a_store_on_a_silent_database_gives_up(proxy):
    stalling, url = proxy
    stalling.stall()
    with pytest.raises(StorageUnavailable):
        await within(3, Store.open(url, QUICK))


async def test_a_refusing_database_is_reported_at_once(direct, proxy):
    stopping, url = proxy
    async with await Store.open(url, QUICK) as store:
        await stopping.refuse()
        for _ in range(2):  # the pooled connection was reset; a new one is refused
            with pytest.raises(StorageUnavailable):
                await within(3, store.run(store.scenarios.save(ALICE, "Launch", PLAN)))


async def test_a_save_stalled_mid_transaction_is_rolled_back(direct, proxy):
    stalling, url = proxy
    store = await Store.open(url, QUICK)
    stall_on(store, stalling, "INSERT")  # after BEGIN and the user's lock, before the row
    with pytest.raises(StorageUnavailable) as error:
        await within(3, store.run(store.scenarios.save(ALICE, "Launch", PLAN)))
    assert str(error.value) == StorageUnavailable.NOTHING_SAVED
    stalling.resume()  # the held INSERT reaches the server now, but never its COMMIT
    await within(15, store.close())
    assert await direct.run(direct.scenarios.list(ALICE)) == []
    saved = await direct.run(direct.scenarios.save(ALICE, "Launch", CHEAPER))
    assert saved.plan == CHEAPER


async def test_a_stall_mid_transaction_frees_the_users_lock(direct, proxy):
    """The link never comes back: the server ends the idle transaction and its lock."""
    stalling, url = proxy
    store = await Store.open(url, QUICK)
    stall_on(store, stalling, "INSERT")
    with pytest.raises(StorageUnavailable):
        await within(3, store.run(store.scenarios.save(ALICE, "Launch", PLAN)))
    _, took = await within(10, retry_until_saved(direct))
    assert took < QUICK.idle_in_transaction_ms / 1000 + 2
    await stalling.refuse()
    await within(15, store.close())


async def retry_until_saved(store: Store) -> None:
    while True:
        try:
            await store.run(store.scenarios.save(ALICE, "Launch", CHEAPER))
            return
        except StorageUnavailable:  # the user's lock is still held: lock_timeout
            await asyncio.sleep(0.2)


async def test_a_stall_during_commit_says_the_save_may_have_been_kept(direct, proxy):
    stalling, url = proxy
    store = await Store.open(url, QUICK)
    event.listen(store.engine.sync_engine, "commit", lambda _connection: stalling.stall())
    with pytest.raises(StorageUnavailable) as error:
        await within(3, store.run(store.scenarios.save(ALICE, "Launch", PLAN)))
    assert str(error.value) == (
        "Storage stopped answering while saving, so it may or may not have been kept: "
        "check with /scenario list before trying again."
    )
    stalling.resume()  # the COMMIT already sent arrives now, and the server may apply it
    await within(15, store.close())
    kept = [summary.name for summary in await direct.run(direct.scenarios.list(ALICE))]
    assert kept in ([], ["Launch"])
