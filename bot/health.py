"""A heartbeat file: fresh only while every shard is connected and the event loop is prompt.

"Process alive" misses a blocked event loop or a dead gateway; a file that stops being
refreshed catches both. `flywheel health` reads it (a container HEALTHCHECK, say).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from discord import AutoShardedClient

INTERVAL = 5.0  # seconds between beats
MAX_LAG = 0.5  # seconds a tick may be late before the loop counts as stalled
MAX_AGE = 3 * INTERVAL  # a beat older than this means unhealthy


def status(bot: AutoShardedClient, lag: float) -> dict[str, object]:
    shards = {shard_id: not shard.is_closed() for shard_id, shard in bot.shards.items()}
    return {
        "time": time.time(),
        "shards": shards,
        "loop_lag_s": round(lag, 4),
        "healthy": bool(shards) and all(shards.values()) and lag < MAX_LAG and bot.is_ready(),
    }


async def beat(bot: AutoShardedClient, path: Path) -> None:
    """Write the status every INTERVAL seconds; measure loop lag as the lateness of each tick."""
    loop = asyncio.get_running_loop()
    lag = 0.0
    while True:
        report = status(bot, lag)
        if report["healthy"]:
            _write_atomically(path, json.dumps(report))
        expected = loop.time() + INTERVAL
        await asyncio.sleep(INTERVAL)
        lag = max(0.0, loop.time() - expected)


def check(path: Path, *, max_age: float = MAX_AGE) -> tuple[bool, str]:
    """Whether the heartbeat at `path` is recent and healthy, and why not."""
    try:
        report = json.loads(path.read_text())
    except FileNotFoundError:
        return False, f"no heartbeat at {path}"
    except (OSError, ValueError) as error:
        return False, f"unreadable heartbeat at {path}: {error}"
    age = time.time() - float(report.get("time", 0))
    if age > max_age:
        return False, f"last healthy heartbeat {age:.0f} s ago (limit {max_age:.0f} s)"
    return True, f"healthy: shards {sorted(report['shards'])}, loop lag {report['loop_lag_s']} s"


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)
