"""Scale-out: two bot processes, shards 0 and 1 of 2, over one PostgreSQL database.

Each process is a real `python -m bot` connected to the stand-in this test process serves. The
stand-in routes "Flywheel HQ" to shard 0 and "Side Project" to shard 1, so the two guilds are
served by different processes. The processes start once for the module, together, on an empty
database; the tests run in file order and the last one kills a process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from bot import health
from bot.cli import main as flywheel
from standin import Channel, Outcome, StandIn, Status
from storage.engine import sync_url
from storage.migrations import config
from tests.e2e import contract_problems

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[2]
HEALTH_INTERVAL = 0.5  # seconds between heartbeats: a stuck process shows within 1.5 s
STARTUP = 60.0  # seconds for a process to migrate, connect and be healthy
RECONNECT = 20.0  # discord.py waits 5 s before it identifies again after losing its session


class ShardProcess:
    """One `python -m bot` running one shard of two, with its heartbeat file and its log."""

    def __init__(self, shard_id: int, standin: StandIn, database_url: str, directory: Path):
        self.shard_id = shard_id
        self.heartbeat = directory / f"shard-{shard_id}.json"
        self.log = directory / f"shard-{shard_id}.log"
        self.env = (
            os.environ
            | standin.bot_environment()
            | {
                "SHARD_COUNT": "2",
                "SHARD_IDS": str(shard_id),
                "DATABASE_URL": database_url,
                "CHART_WORKERS": "1",
                "USER_RATE_LIMIT": "off",
                "HEALTH_FILE": str(self.heartbeat),
                "HEALTH_INTERVAL": str(HEALTH_INTERVAL),
                "LOG_LEVEL": "INFO",
                "DEV_GUILD_ID": "",
            }
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.groups: list[int] = []  # one per start: its own process group

    def start(self) -> None:
        self.heartbeat.unlink(missing_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group, with its chart workers: see `stop`
            )
        self.groups.append(self.process.pid)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def health(self) -> tuple[bool, str]:
        """What `flywheel health` says about this process."""
        return health.check(self.heartbeat)

    async def until(self, *, healthy: bool, within: float) -> str:
        """Wait until the health check says `healthy` (or not); return its reason."""
        deadline = time.monotonic() + within
        while True:
            is_healthy, why = self.health()
            if is_healthy == healthy:
                return why
            assert self.process is not None
            if self.process.poll() is not None:
                pytest.fail(
                    f"shard {self.shard_id} exited ({self.process.returncode}):\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"shard {self.shard_id} still says {why!r} after {within} s")
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """SIGTERM, as a supervisor stops it; then end whatever is left in its process groups."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for group in self.groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)

    def group(self) -> list[int]:
        """Live processes of its process group: itself, its chart workers, their fork server."""
        members = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                state, _parent, group = stat.read_text().rpartition(")")[2].split()[:3]
                if int(group) == self.pid and state != "Z":
                    members.append(int(stat.parent.name))
        return members

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Cluster:
    standin: StandIn
    shards: list[ShardProcess]
    database_url: str

    @property
    def hq(self) -> Channel:
        """#general of Flywheel HQ, a guild on shard 0."""
        return self.standin.world.channel("general", "Flywheel HQ")

    @property
    def side(self) -> Channel:
        """#general of Side Project, a guild on shard 1."""
        return self.standin.world.channel("general", "Side Project")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(module_postgres_url: str, tmp_path_factory) -> AsyncIterator[Cluster]:
    directory = tmp_path_factory.mktemp("shards")
    async with StandIn(shard_count=2, reply_timeout=5.0) as standin:
        shards = [ShardProcess(i, standin, module_postgres_url, directory) for i in (0, 1)]
        try:
            for shard in shards:  # together, on an empty database
                shard.start()
            await asyncio.gather(*(s.until(healthy=True, within=STARTUP) for s in shards))
            yield Cluster(standin, shards, module_postgres_url)
        finally:
            for shard in shards:
                shard.stop()
        problems = contract_problems(standin, errors_expected=False)
    if problems:
        pytest.fail("Discord would not accept this:\n  " + "\n  ".join(problems), pytrace=False)


def _succeeded(outcome: Outcome) -> Outcome:
    assert outcome.status is Status.REPLIED, outcome
    assert not outcome.errors, outcome.errors
    return outcome


async def test_starting_together_migrates_once_and_registers_commands_once(cluster: Cluster):
    gateway, standin = cluster.standin.gateway, cluster.standin
    identified = sorted(
        tuple(payload["d"]["shard"]) for _, payload in gateway.received if payload["op"] == 2
    )
    assert identified == [(0, 2), (1, 2)], "each process identifies only its own shard"

    puts = [r for r in standin.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1, "only the process running shard 0 registers the commands"
    assert {c["name"] for c in standin.commands()} >= {"margin", "scenario", "help"}

    migrated = [s.shard_id for s in cluster.shards if "Running upgrade" in s.log.read_text()]
    assert len(migrated) == 1, "one process applies the migrations, the other finds them done"

    engine = create_engine(sync_url(cluster.database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(config(cluster.database_url)).get_current_head()
    assert versions == [(head,)]
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}


async def test_a_plan_saved_on_one_shard_is_recalled_compared_and_forked_on_the_other(
    cluster: Cluster,
):
    standin, hq, side = cluster.standin, cluster.hq, cluster.side
    launch = _succeeded(
        await standin.slash(
            "alice", hq, "critical-mass", price="199", unit_cost="230", save_as="Launch"
        )
    )
    _succeeded(await standin.slash("alice", hq, "margin", price="249", unit_cost="185"))

    saved = _succeeded(await standin.slash("alice", side, "scenario save", name="Premium"))
    assert saved.content == "Saved “Premium”.", "the plan last shown on shard 0 is saved on shard 1"
    choices = await standin.autocomplete("alice", side, "scenario show", "name")
    assert {"Launch", "Premium"} <= {choice.name for choice in choices}

    shown = _succeeded(await standin.slash("alice", side, "scenario show", name="Launch"))
    assert shown.embed["title"] == f"Launch: {launch.embed['title']}"
    shown_here = _succeeded(await standin.slash("alice", side, "scenario show", name="Premium"))
    shown_there = _succeeded(await standin.slash("alice", hq, "scenario show", name="Premium"))
    assert shown_here.embed["fields"] == shown_there.embed["fields"]
    assert "$249" in str(shown_here.embed)

    recalled = _succeeded(await standin.slash("alice", side, "margin", scenario="Launch"))
    assert "Price $199" in recalled.embed["description"]

    compared = _succeeded(
        await standin.slash("alice", side, "scenario compare", first="Launch", second="Premium")
    )
    assert [field["name"] for field in compared.embed["fields"]] == ["Launch", "Premium"]
    assert compared.attachments[0].data.startswith(b"\x89PNG")

    forked = _succeeded(await standin.slash("alice", side, "scenario fork", scenario="Launch"))
    assert "“Launch (fork)”" in forked.content
    back_home = _succeeded(await standin.slash("alice", hq, "scenario show", name="Launch (fork)"))
    assert back_home.embed["title"] == f"Launch (fork): {launch.embed['title']}"


async def test_a_teammate_forks_a_scenario_shared_on_the_other_shard(cluster: Cluster):
    standin, hq, side = cluster.standin, cluster.hq, cluster.side
    _succeeded(
        await standin.slash(
            "alice",
            hq,
            "services",
            price="199",
            unit_cost="205",
            services_arpu="3",
            paying_share="30%",
            save_as="Services",
        )
    )
    card = _succeeded(await standin.slash("alice", side, "scenario share", name="Services"))
    assert not card.ephemeral

    forked = _succeeded(await standin.click("bob", card, "Fork into my scenarios"))
    assert "“Services (fork)”" in forked.content

    mine = _succeeded(await standin.slash("bob", hq, "scenario show", name="Services (fork)"))
    assert mine.embed["fields"] == card.embed["fields"], "the same plan, the same figures"
    not_shared_here = await standin.slash("bob", hq, "scenario show", name="Services")
    assert not_shared_here.ephemeral
    assert "No scenario 'Services' of yours or shared in this channel" in not_shared_here.content


async def test_health_follows_the_gateway_and_the_event_loop(cluster: Cluster, capsys):
    shard_0, shard_1 = cluster.shards
    for shard in cluster.shards:
        assert flywheel(["health", "--file", str(shard.heartbeat)]) == 0
    assert f"healthy: shards [{shard_1.shard_id}]" in capsys.readouterr().out

    async with cluster.standin.outage(1):
        why = await shard_1.until(healthy=False, within=5)
        assert why.startswith("unhealthy: shard 1 disconnected"), why
        assert flywheel(["health", "--file", str(shard_1.heartbeat)]) == 1
        assert "disconnected" not in shard_0.health()[1], "the other process is not affected"
    await shard_1.until(healthy=True, within=RECONNECT)

    os.kill(shard_1.pid, signal.SIGSTOP)  # a stuck event loop, as far as anyone can tell
    try:
        why = await shard_1.until(healthy=False, within=5)
        assert why.startswith("stuck: last heartbeat"), why
    finally:
        os.kill(shard_1.pid, signal.SIGCONT)
    await shard_1.until(healthy=True, within=5)
    _succeeded(await cluster.standin.slash("alice", cluster.side, "help"))


async def test_killing_a_shard_process_loses_nothing_acknowledged_and_the_other_keeps_serving(
    cluster: Cluster,
):
    standin, hq, side = cluster.standin, cluster.hq, cluster.side
    shard_0, shard_1 = cluster.shards
    reply = _succeeded(await standin.slash("carol", side, "margin", price="199", unit_cost="185"))
    form = await standin.click("carol", reply, "Save")  # opened by shard 1's process
    assert form.modal is not None

    saves = [
        asyncio.create_task(standin.slash("carol", side, "scenario save", name=f"Kept {n}"))
        for n in range(12)
    ]
    answered = asyncio.as_completed(saves)
    for _ in range(3):  # killed with saves answered and others under way
        await next(answered)
    shard_1.kill()
    outcomes = await asyncio.gather(*saves)
    acknowledged = {
        m[1] for outcome in outcomes if (m := re.fullmatch(r"Saved “(.+)”\.", outcome.content))
    }
    assert len(acknowledged) >= 3
    for _ in range(100):
        if shard_1.group() == []:
            break
        await asyncio.sleep(0.05)
    assert shard_1.group() == [], "its chart workers and fork server end with it"

    listed = _succeeded(await standin.slash("carol", hq, "scenario list"))
    stored = set(re.findall(r"\*\*(.+?)\*\*", listed.embed["description"]))
    assert acknowledged <= stored, "every acknowledged save is stored"
    _succeeded(await standin.slash("alice", hq, "margin", price="199", unit_cost="150"))
    assert "disconnected" not in shard_0.health()[1]

    shard_1.start()
    await shard_1.until(healthy=True, within=STARTUP)
    saved = _succeeded(await standin.submit_modal("carol", form, {"Name": "From the form"}))
    assert saved.content.startswith("Saved as “From the form”"), "a form outlives its process"
    shown = _succeeded(await standin.slash("carol", side, "scenario show", name="From the form"))
    kept = _succeeded(await standin.slash("carol", side, "scenario show", name=min(acknowledged)))
    assert shown.embed["fields"] == kept.embed["fields"], "both are the plan of that reply"
    puts = [r for r in standin.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1, "a restarted shard process does not register the commands again"
