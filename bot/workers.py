"""Worker processes that compute answers and draw charts, so the event loop never does."""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)

# Imported once by the fork server and shared copy-on-write by every worker it forks.
PRELOAD = ["numpy", "matplotlib", "commands._jobs", "commands._charts"]
# Workers yield the CPU to the bot's event loop, whose latency every user feels.
WORKER_NICENESS = 10


def start_fork_server() -> None:
    """Start the fork server, which imports PRELOAD, unless it is running already.

    `flywheel run` calls this before importing the rest of the bot, so that the two processes
    import at the same time, on two cores: it takes a second off start-up.
    """
    multiprocessing.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()


def _start_worker() -> None:
    """Tie the worker to the bot; pay for imports and font caches now, not on a first request.

    What the imports and the warm-up leave is kept for good: frozen out of the garbage
    collector's sight, so that collecting after each job (`_collected`) takes 3 ms, not 40.
    """
    from commands._jobs import warm_up

    _exit_with_the_bot()
    os.nice(WORKER_NICENESS)
    warm_up()
    gc.collect()
    gc.freeze()


def _collected(fn: Callable[..., T], /, *args: Any) -> T:
    """Run a job, then free its garbage now.

    A chart's figure is a web of reference cycles holding a 2 MB canvas; left to the
    collector's own schedule, a worker grew by 40 MB over a burst of charts.
    """
    try:
        return fn(*args)
    finally:
        gc.collect()


def _exit_with_the_bot() -> None:
    """End this worker when the bot process ends, even killed with SIGKILL.

    A pool worker otherwise waits for work forever, and the fork server waits for its workers:
    each restart of a killed bot would leave them behind. The bot holds the other end of the
    parent sentinel, so it becomes readable when the bot is gone.
    """
    bot = multiprocessing.parent_process()
    if bot is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([bot.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-the-bot", daemon=True).start()


class Workers:
    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._context = multiprocessing.get_context("forkserver")
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.size, mp_context=self._context, initializer=_start_worker)

    async def start(self) -> None:
        """Start every worker now; the first is warm when this returns, the others soon after.

        Starting the fork server (unless `flywheel run` already has) and the pool's first
        `submit`, which starts a process, block for half a second: do both in a thread, off
        the event loop. The pool starts a process per `submit` while none is idle, so a few
        more jobs start the rest.
        """

        def first_worker() -> None:
            start_fork_server()
            self._pool.submit(_noop).result()

        await asyncio.to_thread(first_worker)
        await asyncio.gather(*(self.run(_noop) for _ in range(self.size * 2)))

    def submit(self, fn: Callable[..., T], /, *args: Any) -> asyncio.Future[T]:
        """Schedule `fn(*args)` in a worker; the returned future can be awaited or waited on."""
        loop = asyncio.get_running_loop()
        try:
            return loop.run_in_executor(self._pool, _collected, fn, *args)
        except BrokenProcessPool:
            log.warning("worker pool was broken; starting a new one")
            self._pool = self._new_pool()
            return loop.run_in_executor(self._pool, _collected, fn, *args)

    async def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        return await self.submit(fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _noop() -> None:
    return None
