"""`flywheel sync` as an operator runs it, against the stand-in: server, global, and clearing."""

from __future__ import annotations

import asyncio
import os
import sys

from standin import StandIn
from tests.bot.process import ROOT


async def _flywheel(standin: StandIn, tmp_path, *args: str) -> tuple[int, str, str]:
    env = (
        os.environ
        | standin.bot_environment()
        | {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'flywheel.db'}",
            "DEV_GUILD_ID": "",
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", *args,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, out.decode(), err.decode()


async def test_sync_to_a_server_then_globally_then_clear_the_servers_copy(tmp_path):
    async with StandIn() as standin:
        guild = standin.world.guild("Flywheel HQ").id
        code, out, _ = await _flywheel(standin, tmp_path, "sync", "--guild", str(guild))
        assert (code, out) == (0, f"commands registered in server {guild}\n")
        in_server = {command["name"] for command in standin.commands(guild)}
        assert {"margin", "scenario", "help"} <= in_server

        code, out, _ = await _flywheel(standin, tmp_path, "sync")
        assert (code, out) == (0, "commands registered globally\n")
        assert {command["name"] for command in standin.commands()} == in_server

        code, out, _ = await _flywheel(standin, tmp_path, "sync", "--guild", str(guild), "--clear")
        assert (code, out) == (0, f"commands removed in server {guild}\n")
        assert standin.commands(guild) == []  # listed once, not twice

        code, _, err = await _flywheel(standin, tmp_path, "sync", "--clear")
        assert (code, err.splitlines()[-1] + "\n") == (
            2,
            "flywheel: --clear needs --guild ID: the server to remove commands from\n",
        )
