"""A real `python -m bot` process against the stand-in this test serves, as a supervisor runs it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot import health
from standin import StandIn

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """Started with the stand-in's environment plus `env`; its stderr goes to a file."""

    def __init__(self, standin: StandIn, directory: Path, **env: str) -> None:
        self.heartbeat = directory / "health.json"
        self.stderr = directory / "bot.log"
        self.env = (
            os.environ
            | standin.bot_environment()
            | {
                "DATABASE_URL": f"sqlite:///{directory / 'flywheel.db'}",
                "CHART_WORKERS": "1",
                "USER_RATE_LIMIT": "off",
                "HEALTH_FILE": str(self.heartbeat),
                "HEALTH_INTERVAL": "0.5",
                "DEV_GUILD_ID": "",
            }
            | env
        )
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        with self.stderr.open("wb") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "bot"], cwd=ROOT, env=self.env, stderr=log
            )

    async def __aenter__(self) -> BotProcess:
        self.process = self._start()
        deadline = time.monotonic() + 60
        while not health.check(self.heartbeat)[0]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the bot did not start:\n{self.log()}")
            await asyncio.sleep(0.05)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def terminate(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)

    async def exit_code(self, within: float) -> int:
        """Wait for the process to end by itself; fail if it is still running after `within` s."""
        assert self.process is not None
        deadline = time.monotonic() + within
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot still runs after {within} s:\n{self.log()}")
            await asyncio.sleep(0.02)
        return self.process.returncode

    def log(self) -> str:
        return self.stderr.read_text(errors="replace")

    def last_line(self) -> str:
        return self.log().strip().splitlines()[-1]
