"""The bot measured the way users feel it: real discord.py, through the local stand-in.

Serves the stand-in here and starts the bot as `flywheel run` would, in a process of its own
(`bot_process.py`: 2 chart workers, a SQLite database holding 1,000,000 scenarios), then
measures, each against its limit taken in the same run:
1. sequential, one user: sent -> reply received for each lens, against that lens's
   compute + chart time alone (`commands._jobs.answer` in this process);
2. a burst of 200 chart commands from 50 users at once: acknowledged within 3 s, throughput
   against 80% of workers / render time, the bot's largest event-loop stall (the lateness
   of a 10 ms ticker in the bot's loop), and the CPU time each side used;
3. scenario commands (save, list, show, autocomplete) for a user with 200 scenarios;
4. start-up (process start to first healthy heartbeat), and memory (RSS and PSS) of the bot
   process and its chart workers, idle and after the burst.
Both processes share the machine's 2 cores, as a bot and its clients would not; the figures
are conservative.

Run: python benchmarks/bench_bot.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import FIRST_USER, filled_database

from bot import health
from commands import _jobs
from model import Plan, parse_input
from standin import StandIn, Status, User
from tests.commands.samples import LENS_INPUTS

HERE = Path(__file__).resolve().parent
SEQUENTIAL = 40  # commands per lens
BURST, BURST_USERS = 200, 50
SCENARIO_SAMPLES = 100
WORKERS = 2
REPLY_TIMEOUT = 120.0  # the burst's last answers come long after 15 s on a slow machine


def _plan(typed: dict[str, str]) -> Plan:
    return Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def render_seconds(lens: str, rounds: int = 10) -> list[float]:
    """The lens and its chart alone, in this process: the limit for the round trip.

    Taken before and after each measurement and pooled: this machine's speed drifts.
    """
    plan = _plan(LENS_INPUTS[lens])
    _jobs.answer(lens, plan)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        _jobs.answer(lens, plan)
        times.append(time.perf_counter() - started)
    return times


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def member(discord: StandIn, name: str, id: int | None = None) -> User:
    """A new user who has joined the guild of #general."""
    user = discord.world.add_user(name, id)
    discord.world.channel("general").guild.members.append(user)
    return user


class BotProcess:
    """The bot in a process of its own, pointed at the stand-in, with its stalls on file."""

    def __init__(self, discord: StandIn, database_url: str, folder: Path) -> None:
        self.heartbeat = folder / "health.json"
        self.stalls = folder / "stalls.txt"
        self.log = folder / "bot.log"
        self.env = (
            os.environ
            | discord.bot_environment()
            | {
                "DATABASE_URL": database_url,
                "CHART_WORKERS": str(WORKERS),
                "USER_RATE_LIMIT": "off",
                "HEALTH_FILE": str(self.heartbeat),
                "HEALTH_INTERVAL": "1",
                "LOG_LEVEL": "WARNING",
                "STALLS_FILE": str(self.stalls),
            }
        )
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> float:
        """Start the bot; return the seconds until its first healthy heartbeat (ready)."""
        started = time.perf_counter()
        with self.log.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(HERE / "bot_process.py"),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, with its chart workers
            )
        while not health.check(self.heartbeat)[0]:
            if self.process.returncode is not None:
                raise RuntimeError(f"the bot exited:\n{self.log.read_text()[-3000:]}")
            await asyncio.sleep(0.005)
        return time.perf_counter() - started

    async def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=15)
        except TimeoutError:
            self.process.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def largest_stall(self, since: float, until: float) -> float:
        """Seconds: the latest the bot's 10 ms ticker ran between two `time.time()`s."""
        stalls = [0.0]
        for line in self.stalls.read_text().splitlines():
            at, late = map(float, line.split())
            if since <= at <= until:
                stalls.append(late)
        return max(stalls)

    def processes(self) -> list[int]:
        """The bot's process id, then every process below it (fork server, chart workers)."""
        assert self.process is not None
        pids, found = [self.process.pid], 0
        while found < len(pids):
            pid = pids[found]
            found += 1
            for task in Path(f"/proc/{pid}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        return pids

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time so far of the bot's own process, and of the processes below it."""
        bot, *below = self.processes()
        return cpu_seconds(bot), sum(map(cpu_seconds, below))

    def memory_mb(self) -> dict[str, float]:
        """RSS and PSS of the bot and every process below it (fork server, chart workers)."""
        pids = self.processes()
        totals = {"rss": 0, "pss": 0}
        for pid in pids:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                key = line.split(":")[0].lower()
                if key in totals:
                    totals[key] += int(line.split()[1])
        return {key: round(kb / 1024, 1) for key, kb in totals.items()} | {"processes": len(pids)}


async def sequential(discord: StandIn) -> dict[str, dict]:
    figures = {}
    for lens, typed in LENS_INPUTS.items():
        alone = render_seconds(lens)
        times = []
        for _ in range(SEQUENTIAL):
            outcome = await discord.slash("alice", "general", lens, **typed)
            assert outcome.status is Status.REPLIED and outcome.embed, outcome
            times.append(outcome.replied_after)
        render = statistics.median(alone + render_seconds(lens))
        p50 = statistics.median(times)
        figures[f"{lens} render alone ms"] = {"value": _ms(render), "target": None}
        figures[f"{lens} reply p50 / render"] = {"value": round(p50 / render, 2), "target": 1.3}
        figures[f"{lens} reply p50 ms"] = {"value": _ms(p50), "target": 100.0}
        figures[f"{lens} reply p99 ms"] = {"value": _ms(_p99(times)), "target": 250.0}
    return figures


async def burst(discord: StandIn, bot: BotProcess) -> dict[str, dict]:
    users = [member(discord, f"user{n}") for n in range(BURST_USERS)]
    alone = render_seconds("critical-mass")
    cpu_before = (*bot.cpu_seconds(), cpu_seconds(os.getpid()))
    since = time.time()
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(
            discord.slash(
                users[n % BURST_USERS], "general", "critical-mass", **LENS_INPUTS["critical-mass"]
            )
            for n in range(BURST)
        )
    )
    elapsed = time.perf_counter() - started
    stall = bot.largest_stall(since, time.time())
    cpu_after = (*bot.cpu_seconds(), cpu_seconds(os.getpid()))
    bot_cpu, workers_cpu, standin_cpu = (a - b for a, b in zip(cpu_after, cpu_before, strict=True))
    render = statistics.median(alone + render_seconds("critical-mass"))
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
        "burst largest loop stall ms": {"value": _ms(stall), "target": 100.0},
        "burst CPU s: bot process": {"value": round(bot_cpu, 1), "target": None},
        "burst CPU s: chart workers": {"value": round(workers_cpu, 1), "target": None},
        "burst CPU s: stand-in (users)": {"value": round(standin_cpu, 1), "target": None},
        "burst seconds": {"value": round(elapsed, 1), "target": None},
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


async def measure(url: str, folder: Path) -> dict[str, dict]:
    async with StandIn(reply_timeout=REPLY_TIMEOUT) as discord:
        bot = BotProcess(discord, url, folder)
        try:
            figures = {"start-up to ready s": {"value": round(await bot.start(), 2), "target": 3.0}}
            idle = bot.memory_mb()
            figures |= await sequential(discord)
            figures |= await scenario_commands(discord)
            figures |= await burst(discord, bot)
            after = bot.memory_mb()
        finally:
            await bot.stop()
    figures["memory idle PSS MB"] = {"value": idle["pss"], "target": 300.0}
    figures["memory after burst PSS MB"] = {"value": after["pss"], "target": 300.0}
    figures["memory idle RSS MB"] = {"value": idle["rss"], "target": None}
    figures["memory after burst RSS MB"] = {"value": after["rss"], "target": None}
    figures["processes"] = {"value": after["processes"], "target": None}
    return figures


def run() -> dict:
    with filled_database() as (url, _), tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(measure(url, Path(folder)))
    figures["load average"] = {"value": round(os.getloadavg()[0], 2), "target": None}
    return figures


if __name__ == "__main__":
    from table import print_table

    print_table(run())
