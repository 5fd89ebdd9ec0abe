"""A heartbeat file saying whether every shard is connected and the event loop is prompt.

"Process alive" misses a blocked event loop, a dead gateway or a silent database. While the bot
runs it rewrites the file every `interval` seconds with its status (after one cheap query);
`flywheel health` (a container HEALTHCHECK, say) fails when that status is unhealthy (a shard
disconnected, the loop late, the database not answering) or old (the loop, or the whole
process, is stuck and no longer writes).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storage import StorageUnavailable

if TYPE_CHECKING:
    from discord import AutoShardedClient

MAX_LAG = 0.5  # seconds a beat may be late before the loop counts as stalled
STALE_AFTER = 3  # intervals without a beat before the process counts as stuck


def status(
    bot: AutoShardedClient, *, lag: float, interval: float, database: bool = True
) -> dict[str, object]:
    """This process's health now; `lag` is how late the last beat ran, `database` whether the
    database answered this beat's query in time."""
    shards = {shard_id: not shard.is_closed() for shard_id, shard in sorted(bot.shards.items())}
    problems = [f"shard {shard_id} disconnected" for shard_id, up in shards.items() if not up]
    if not shards:
        problems.append("no shards")
    if not bot.is_ready():
        problems.append("not ready")
    if lag >= MAX_LAG:
        problems.append(f"event loop {lag:.1f} s late")
    if not database:
        problems.append("database not answering")
    return {
        "time": time.time(),
        "interval": interval,
        "shards": shards,
        "loop_lag_s": round(lag, 4),
        "database": database,
        "problems": problems,
        "healthy": not problems,
    }


async def beat(
    bot: AutoShardedClient,
    path: Path,
    interval: float,
    *,
    ping: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Write the status every `interval` seconds; loop lag is the lateness of each wake-up.

    `ping` (`Store.ping`) asks the database one cheap question each beat, bounded by its own
    deadline, so a silent database shows as unhealthy rather than as a late beat.
    """
    loop = asyncio.get_running_loop()
    lag = 0.0
    while True:
        database = await _answers(ping)
        report = status(bot, lag=lag, interval=interval, database=database)
        _write_atomically(path, json.dumps(report))
        expected = loop.time() + interval
        await asyncio.sleep(interval)
        lag = max(0.0, loop.time() - expected)


async def _answers(ping: Callable[[], Awaitable[None]] | None) -> bool:
    if ping is None:
        return True
    try:
        await ping()
    except StorageUnavailable:
        return False
    return True


def check(path: Path) -> tuple[bool, str]:
    """Whether the heartbeat at `path` is recent and healthy, and why not."""
    try:
        report = json.loads(path.read_text())
        age = time.time() - float(report["time"])
        max_age = STALE_AFTER * float(report["interval"])
    except FileNotFoundError:
        return False, f"no heartbeat at {path}"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return False, f"unreadable heartbeat at {path}: {error!r}"
    if age > max_age:
        return False, f"stuck: last heartbeat {age:.0f} s ago (limit {max_age:.0f} s)"
    if not report.get("healthy"):
        return False, "unhealthy: " + ", ".join(report.get("problems") or ["no reason given"])
    shards = sorted(map(int, report["shards"]))
    return True, f"healthy: shards {shards}, loop lag {report['loop_lag_s']} s"


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)
