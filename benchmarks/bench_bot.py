"""The bot measured the way users feel it: real discord.py, through the local stand-in.

Starts the stand-in and the bot (2 chart workers) on a SQLite database holding 1,000,000
scenarios, then measures, each against its limit taken in the same run:
1. sequential, one user: sent -> reply received for each lens, against that lens's
   compute + chart time alone (`commands._jobs.answer` in this process);
2. a burst of 200 chart commands from 50 users at once: acknowledged within 3 s, throughput
   against 80% of workers / render time, and the event loop's largest stall (a 10 ms
   ticker's lateness);
3. scenario commands (save, list, show, autocomplete) for a user with 200 scenarios;
4. start-up to ready, and memory (RSS and PSS) of this process and its worker processes,
   idle and after the burst.
The stand-in runs in the bot's process and event loop (as in `flywheel play` and the tests),
so its own work is counted against the bot: the figures are conservative.

Run: python benchmarks/bench_bot.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import FIRST_USER, fill

from bot.runner import running_bot
from bot.settings import Settings
from bot.standin import StandIn, Status, User
from commands import _jobs
from model import Plan, parse_input
from storage.migrations import upgrade

LENSES = {
    "margin": {"price": "199", "unit_cost": "185", "tooling": "2M", "selling_cost": "4%"},
    "services": {"price": "199", "unit_cost": "205", "services_arpu": "3", "paying_share": "30%"},
    "critical-mass": {"price": "199", "unit_cost": "230", "learning_rate": "85%", "tooling": "2M"},
    "direct-sales": {"price": "199", "unit_cost": "185", "marketing": "8%"},
    "growth": {"market_size": "50M", "p": "0.01", "q": "0.5"},
}
SEQUENTIAL = 40  # commands per lens
BURST, BURST_USERS = 200, 50
SCENARIO_SAMPLES = 100
WORKERS = 2


def _plan(typed: dict[str, str]) -> Plan:
    return Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def render_ms(lens: str, rounds: int = 15) -> float:
    """The lens and its chart alone, in this process: the limit for the round trip."""
    plan = _plan(LENSES[lens])
    _jobs.answer(lens, plan)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        _jobs.answer(lens, plan)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def member(discord: StandIn, name: str, id: int | None = None) -> User:
    """A new user who has joined the guild of #general."""
    user = discord.world.add_user(name, id)
    discord.world.channel("general").guild.members.append(user)
    return user


def memory_mb() -> dict[str, float]:
    """RSS and PSS of this process and every process below it (fork server, workers)."""
    pids, found = [os.getpid()], 0
    while found < len(pids):
        pid = pids[found]
        found += 1
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(child) for child in (task / "children").read_text().split()]
    totals = {"rss": 0, "pss": 0}
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key = line.split(":")[0].lower()
            if key in totals:
                totals[key] += int(line.split()[1])
    return {key: round(kb / 1024, 1) for key, kb in totals.items()} | {"processes": len(pids)}


async def sequential(discord: StandIn) -> dict[str, dict]:
    figures = {}
    for lens, typed in LENSES.items():
        limit = render_ms(lens)
        times = []
        for _ in range(SEQUENTIAL):
            outcome = await discord.slash("alice", "general", lens, **typed)
            assert outcome.status is Status.REPLIED and outcome.embed, outcome
            times.append(outcome.replied_after)
        p50 = statistics.median(times) * 1000
        figures[f"{lens} render alone ms"] = {"value": round(limit, 1), "target": None}
        figures[f"{lens} reply p50 ms"] = {
            "value": round(p50, 1),
            "target": round(min(1.25 * limit, 100.0), 1),
        }
        figures[f"{lens} reply p99 ms"] = {"value": _ms(_p99(times)), "target": 250.0}
    return figures


async def burst(discord: StandIn) -> dict[str, dict]:
    users = [member(discord, f"user{n}") for n in range(BURST_USERS)]
    render = render_ms("critical-mass") / 1000
    stalls: list[float] = []

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + 0.01
            await asyncio.sleep(0.01)
            stalls.append(loop.time() - expected)

    ticking = asyncio.create_task(ticker())
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(
            discord.slash(
                users[n % BURST_USERS], "general", "critical-mass", **LENSES["critical-mass"]
            )
            for n in range(BURST)
        )
    )
    elapsed = time.perf_counter() - started
    ticking.cancel()
    acknowledged = sum(
        o.acknowledged_after is not None and o.acknowledged_after < 3.0 for o in outcomes
    )
    answered = sum(o.status is Status.REPLIED and o.embed is not None for o in outcomes)
    return {
        "burst acknowledged within 3 s": {"value": acknowledged, "target": BURST},
        "burst answered": {"value": answered, "target": BURST},
        "burst deferred": {
            "value": sum(o.replied_after > o.acknowledged_after for o in outcomes),
            "target": None,
        },
        "burst throughput /s": {
            "value": round(BURST / elapsed, 1),
            "target": round(0.8 * WORKERS / render, 1),
        },
        "burst largest loop stall ms": {"value": _ms(max(stalls)), "target": 100.0},
    }


async def scenario_commands(discord: StandIn) -> dict[str, dict]:
    heavy = member(discord, "heavy", FIRST_USER)  # owns 200 of the million scenarios
    await discord.slash(heavy, "general", "margin", price="199", unit_cost="185")
    times: dict[str, list[float]] = {"save": [], "list": [], "show": [], "autocomplete": []}
    for n in range(SCENARIO_SAMPLES):
        actions = {
            "save": discord.slash(
                heavy, "general", "scenario save", name=f"bench {n % 5}", overwrite=True
            ),
            "list": discord.slash(heavy, "general", "scenario list"),
            "show": discord.slash(heavy, "general", "scenario show", name="launch 0000000"),
        }
        for name, action in actions.items():
            outcome = await action
            assert outcome.status is Status.REPLIED, (name, outcome)
            times[name].append(outcome.replied_after)
        started = time.perf_counter()
        await discord.autocomplete(heavy, "general", "margin", "scenario", scenario="laun")
        times["autocomplete"].append(time.perf_counter() - started)
    return {
        f"scenario {name} p99 ms": {"value": _ms(_p99(samples)), "target": 50.0}
        for name, samples in times.items()
    }


async def measure(url: str) -> dict[str, dict]:
    started = time.perf_counter()
    async with StandIn() as discord:
        settings = Settings(database_url=url, chart_workers=WORKERS, user_rate=None)
        async with running_bot(discord.bot_settings(settings)):
            figures = {
                "start-up to ready s": {
                    "value": round(time.perf_counter() - started, 2),
                    "target": 3.0,
                }
            }
            idle = memory_mb()
            figures |= await sequential(discord)
            figures |= await scenario_commands(discord)
            figures |= await burst(discord)
            after = memory_mb()
    figures["memory idle PSS MB"] = {"value": idle["pss"], "target": 300.0}
    figures["memory after burst PSS MB"] = {"value": after["pss"], "target": 300.0}
    figures["memory idle RSS MB"] = {"value": idle["rss"], "target": None}
    figures["memory after burst RSS MB"] = {"value": after["rss"], "target": None}
    figures["processes"] = {"value": after["processes"], "target": None}
    return figures


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        fill(path)
        figures = asyncio.run(measure(url))
    figures["load average"] = {"value": round(os.getloadavg()[0], 2), "target": None}
    return figures


if __name__ == "__main__":
    from run_all import print_table

    print_table(run())
