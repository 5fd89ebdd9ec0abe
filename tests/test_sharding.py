"""Two bot processes, shards 0 and 1 of 2, over one PostgreSQL database, as deployed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.health import check
from bot.standin import StandIn

REPO = Path(__file__).resolve().parents[1]
HQ, SIDE = "Flywheel HQ", "Side Project"  # (guild_id >> 22) % 2: shard 0 and shard 1
READY_TIMEOUT = 60.0


async def _start_shard(shard: int, standin: StandIn, database_url: str, folder: Path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DISCORD_TOKEN": standin.token,
        "DISCORD_API_BASE": standin.api_base,
        "DISCORD_GATEWAY_URL": standin.gateway_url,
        "DATABASE_URL": database_url,
        "SHARD_COUNT": "2",
        "SHARD_IDS": str(shard),
        "CHART_WORKERS": "1",
        "USER_RATE_LIMIT": "off",
        "HEALTH_FILE": str(folder / f"health-{shard}.json"),
    }
    log = (folder / f"shard-{shard}.log").open("w")
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=folder, env=env, stdout=log, stderr=log
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_shard_processes_share_scenarios_and_survive_a_kill(database_url, tmp_path):
    async with StandIn(shard_count=2) as discord:
        hq, side = discord.world.channel("general", HQ), discord.world.channel("general", SIDE)
        shards = [await _start_shard(n, discord, database_url, tmp_path) for n in (0, 1)]
        try:
            for channel in (hq, side):
                await asyncio.wait_for(
                    discord.gateway.connected_session(channel.guild.id), READY_TIMEOUT
                )
            await _until_registered(discord)

            # Saved through shard 0, recalled, compared and forked through shard 1.
            saved = await discord.slash(
                "alice", hq, "critical-mass", price="199", unit_cost="230", save_as="Launch"
            )
            assert "Saved as “Launch”" in saved.embed["description"]
            recalled = await discord.slash("alice", side, "margin", scenario="Launch")
            assert "Price $199" in recalled.embed["description"]
            await discord.slash(
                "alice", side, "critical-mass", price="249", unit_cost="230", save_as="Dearer"
            )
            compared = await discord.slash(
                "alice", side, "scenario compare", first="Launch", second="Dearer"
            )
            assert [f["name"] for f in compared.embed["fields"]] == ["Launch", "Dearer"]
            forked = await discord.slash("alice", side, "scenario fork", scenario="Launch")
            assert "“Launch (fork)”" in forked.content

            # Shared in shard 1's guild, a teammate forks it from the card there.
            card = await discord.slash("alice", side, "scenario share", name="Launch")
            teammate = await discord.click("bob", card, "Fork into my scenarios")
            assert "“Launch (fork)”" in teammate.content

            # Only the shard-0 process registered the commands, once.
            puts = [r for r in discord.requests if r.method == "PUT" and "commands" in r.path]
            assert len(puts) == 1

            healthy, why = await _until_healthy(tmp_path / "health-0.json")
            assert healthy, why

            # Kill shard 1 right after an acknowledged save: nothing is lost, shard 0 serves on.
            await discord.slash(
                "carol", side, "critical-mass", price="179", unit_cost="230", save_as="Last words"
            )
            shards[1].send_signal(signal.SIGKILL)
            await shards[1].wait()
            kept = await discord.slash("carol", hq, "scenario show", name="Last words")
            assert "Price $179" in kept.embed["description"]
        finally:
            for process in shards:
                if process.returncode is None:
                    process.terminate()
                    await process.wait()


async def _until_registered(discord: StandIn) -> None:
    for _ in range(200):
        if discord.commands():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no process registered the commands")


async def _until_healthy(path: Path) -> tuple[bool, str]:
    for _ in range(100):
        healthy, why = check(path)
        if healthy:
            return healthy, why
        await asyncio.sleep(0.1)
    return check(path)
