"""Storage latency on SQLite, through the async API the bot uses.

Fills a temporary database with 1,000,000 scenarios (5,000 users with 200 each, a tenth of
them shared across 100 guilds), then times, one call at a time:
- save: a new scenario (committed to disk, synchronous=FULL);
- get: one of a user's scenarios by name;
- search: autocomplete over a user's 200 scenarios plus the 1,000 shared in their guild.

Run: python benchmarks/bench_storage.py
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model import Plan
from storage import Store
from storage.migrations import upgrade

ROWS = 1_000_000
PER_USER = 200
GUILDS = 100
SHARED_EVERY = 10
FIRST_USER = 10**17  # snowflake-sized ids
FIRST_GUILD = 7 * 10**17
WORDS = ("launch", "services", "direct", "growth", "margin", "phone", "router", "tv")
SAMPLES = 1000
WARM_UP = 50
TARGETS_MS = {"save": 10.0, "get": 10.0, "search": 20.0}  # p99
PLAN = Plan(price=199, unit_cost=230, tooling=2_000_000, services_arpu=3, paying_share=0.2)


def fill(path: Path) -> float:
    """Insert ROWS scenarios with one INSERT ... SELECT; returns the seconds it took."""
    started = time.perf_counter()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-200000")
    words = " ".join(f"WHEN {n} THEN '{word}'" for n, word in enumerate(WORDS))
    name = f"(CASE i % {len(WORDS)} {words} END) || ' ' || printf('%07d', i)"
    connection.execute(
        f"""
        INSERT INTO scenario (owner_id, name, name_key, plan, guild_id, channel_id, shared_at,
                              created_at, updated_at)
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :rows - 1)
        SELECT :first_user + i / :per_user, {name}, lower({name}), :plan,
               CASE WHEN i % :every = 0 THEN :first_guild + (i / :every) % :guilds END,
               CASE WHEN i % :every = 0 THEN :first_guild + i END,
               CASE WHEN i % :every = 0 THEN :now END,
               :now, :now
        FROM n
        """,
        {
            "rows": ROWS,
            "first_user": FIRST_USER,
            "per_user": PER_USER,
            "plan": PLAN.to_json(),
            "every": SHARED_EVERY,
            "first_guild": FIRST_GUILD,
            "guilds": GUILDS,
            "now": "2026-01-01 00:00:00.000000",
        },
    )
    connection.close()
    return time.perf_counter() - started


async def measure(url: str) -> dict[str, list[float]]:
    """Milliseconds per call for save, get and search, SAMPLES of each, taken in turns.

    Taking them in turns spreads any noise from other work on the machine evenly; the first
    WARM_UP rounds (new pooled connections, cold caches) are not counted.
    """
    rng = random.Random(7)
    user = FIRST_USER + 1234
    guild = FIRST_GUILD + user % GUILDS  # sees ~1,000 scenarios shared by others
    new_user = FIRST_USER + ROWS // PER_USER  # users with room for new scenarios
    async with await Store.open(url) as store:
        repo = store.scenarios
        names = [record.name for record in await repo.list(user)]
        prefixes = [name[: rng.randint(0, 4)] for name in names]
        calls = {
            "save": lambda n: repo.save(new_user + n // PER_USER, f"bench {n}", PLAN),
            "get": lambda n: repo.get(user, rng.choice(names)),
            "search": lambda n: repo.search(user, rng.choice(prefixes), guild_id=guild),
        }
        times: dict[str, list[float]] = {call: [] for call in calls}
        for n in range(WARM_UP + SAMPLES):
            for call, make in calls.items():
                started = time.perf_counter()
                await make(n)
                if n >= WARM_UP:
                    times[call].append((time.perf_counter() - started) * 1000)
        return times


@contextmanager
def filled_database() -> Iterator[tuple[str, float]]:
    """A temporary SQLite database, migrated and holding ROWS scenarios: its URL, and the
    seconds the filling took."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url, fill(path)


def run() -> dict:
    """Figures with their targets: {"save_p99_ms": {"value": ..., "target": ...}, ...}."""
    with filled_database() as (url, fill_s):
        times = asyncio.run(measure(url))
    figures: dict[str, dict] = {
        "rows": {"value": ROWS, "target": None},
        "fill_s": {"value": round(fill_s, 1), "target": None},
        "load_average": {"value": round(os.getloadavg()[0], 2), "target": None},
    }
    for call, samples in times.items():
        p99 = statistics.quantiles(samples, n=100)[98]
        figures[f"{call}_p50_ms"] = {"value": round(statistics.median(samples), 2), "target": None}
        figures[f"{call}_p99_ms"] = {"value": round(p99, 2), "target": TARGETS_MS[call]}
    return figures


if __name__ == "__main__":
    from table import print_table

    print_table(run())
