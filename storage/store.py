"""`Store`: the bot's handle on the database, opened once at start-up and closed at shutdown.

Every repository call runs through `Store.run` by itself (the repositories are `bounded`), so
no handler can forget the deadline; `Store.run` answers within it whatever the database does:
the result, or `StorageUnavailable` saying what became of the change. Work that missed the
deadline is cancelled and left to end in the background (psycopg cancels the query, then
closes the connection; SQLAlchemy discards it), so it can never reach COMMIT after the user
was told nothing was saved.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar, cast

from sqlalchemy import event, text
from sqlalchemy import exc as sql_errors
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.decisions import DecisionRepository
from storage.engine import DEFAULT_TIMEOUTS, Timeouts, create_async_engine
from storage.errors import StorageUnavailable
from storage.estimates import EstimateRepository
from storage.scenarios import ScenarioRepository
from storage.sessions import Sessions
from storage.shown_plans import ShownPlans
from storage.state import State
from storage.versions import ScenarioVersions

T = TypeVar("T")
log = logging.getLogger(__name__)

# Abandoned work gets this long to finish rolling back when the store closes (psycopg
# spends at most 5 s asking the server to cancel, then 5 s waiting, then closes).
_CLOSE_GRACE = 12.0


class _Attempt:
    """One `Store.run` call; `committing` turns true when its transaction sends COMMIT."""

    committing = False


_attempt: contextvars.ContextVar[_Attempt | None] = contextvars.ContextVar(
    "flywheel_storage_attempt", default=None
)


def _note_commit(_connection) -> None:
    attempt = _attempt.get()
    if attempt is not None:
        attempt.committing = True


class Store:
    """Owns the async engine and the repositories on it, which share one write lock.

    `scenarios`: named plans; `shown`: plans shown in replies (Save buttons, the last plan);
    `state`: process-wide key/value state; `estimates` and `decisions`: a server's team
    estimates and decision log.
    """

    def __init__(self, engine: AsyncEngine, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> None:
        self.engine = engine
        self.timeouts = timeouts
        sessions = Sessions(engine)
        self.scenarios = bounded(ScenarioRepository(sessions), self.run)
        self.shown = bounded(ShownPlans(sessions), self.run)
        self.state = bounded(State(sessions), self.run)
        self.versions = bounded(ScenarioVersions(sessions), self.run)  # plans saved over
        self.estimates = bounded(EstimateRepository(sessions), self.run)
        self.decisions = bounded(DecisionRepository(sessions), self.run)
        self._abandoned: set[asyncio.Task] = set()
        event.listen(engine.sync_engine, "commit", _note_commit)

    @classmethod
    async def open(cls, url: str, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> Store:
        """Create the engine for `url` and check the database answers. Does not migrate."""
        store = cls(create_async_engine(url, timeouts), timeouts)
        try:
            await store.ping()
        except BaseException:
            await store.close()
            raise
        return store

    async def run(self, work: Awaitable[T], *, seconds: float | None = None) -> T:
        """`work` (a repository call) if it ends within `seconds` (default `timeouts.operation`).

        Raises StorageUnavailable when it does not, or when the database refuses or drops
        the connection, or a lock or statement times out on the server. Its message says
        "nothing was saved" unless the deadline passed while COMMIT was on its way.
        """
        if _attempt.get() is not None:  # already inside a `run` (a bounded call): it bounds this
            return await work
        attempt = _Attempt()
        token = _attempt.set(attempt)
        try:
            task = asyncio.ensure_future(work)  # the task copies the context, with `attempt`
        finally:
            _attempt.reset(token)
        try:
            done, _ = await asyncio.wait({task}, timeout=seconds or self.timeouts.operation)
        except asyncio.CancelledError:
            self._abandon(task)
            raise
        if not done:
            self._abandon(task)
            log.warning(
                "database work abandoned after its deadline (during COMMIT: %s)", attempt.committing
            )
            raise _unavailable(attempt)
        try:
            return task.result()
        except (
            sql_errors.OperationalError,
            sql_errors.InterfaceError,
            sql_errors.TimeoutError,
        ) as error:
            # Refused, dropped, or timed out (statement, lock, busy, pool): an expected outage.
            log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
            raise _unavailable(attempt) from error

    async def ping(self, seconds: float | None = None) -> None:
        """One cheap query; raises StorageUnavailable unless the database answers in time.

        The health check calls it each beat; the default wait is half an operation's.
        """
        await self.run(self._select_one(), seconds=seconds or self.timeouts.operation / 2)

    async def _select_one(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    def _abandon(self, task: asyncio.Task) -> None:
        task.cancel()
        self._abandoned.add(task)
        task.add_done_callback(self._abandoned.discard)

    async def close(self) -> None:
        """Let abandoned work finish rolling back (bounded), then close every connection."""
        if self._abandoned:
            await asyncio.wait(set(self._abandoned), timeout=_CLOSE_GRACE)
        if event.contains(self.engine.sync_engine, "commit", _note_commit):
            event.remove(self.engine.sync_engine, "commit", _note_commit)
        await self.engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


R = TypeVar("R")


def bounded(repository: R, run: Callable[[Awaitable[Any]], Awaitable[Any]]) -> R:
    """`repository` with each of its coroutine methods run through `run` (`Store.run`).

    The deadline lives here rather than in `Sessions`: a transaction that misses it must be
    abandoned to roll back in the background, which only a task around the whole call can do
    (cancelling inside the session would wait for the silent server to answer the rollback).
    """
    return cast(R, _Bounded(repository, run))


class _Bounded:
    def __init__(self, repository: object, run: Callable[[Awaitable[Any]], Awaitable[Any]]):
        self._repository = repository
        self._run = run

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._repository, name)
        if not inspect.iscoroutinefunction(method):
            return method

        @functools.wraps(method)
        def run_bounded(*args: Any, **kwargs: Any) -> Awaitable[Any]:
            return self._run(method(*args, **kwargs))

        return run_bounded


def _unavailable(attempt: _Attempt) -> StorageUnavailable:
    if attempt.committing:
        return StorageUnavailable(StorageUnavailable.MAYBE_SAVED)
    return StorageUnavailable()
