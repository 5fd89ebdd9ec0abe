"""The commands registered with Discord change only on purpose.

Their hash decides whether start-up re-syncs them (`FlywheelBot.sync_commands`), and every
change reaches every user's client: `command_definitions.json` is what was last meant. After a
deliberate change, regenerate it with `python -m tests.bot.test_command_definitions`.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.client import FlywheelBot
from bot.settings import Settings

EXPECTED = Path(__file__).with_name("command_definitions.json")


async def _definition() -> list[dict[str, Any]]:
    """The definition of the real bot's commands, loaded as at start-up (no login needed)."""
    bot = FlywheelBot(Settings(database_url="sqlite://"), store=None, workers=None)
    await bot.setup_hook()
    return json.loads(json.dumps(bot.command_definition()))


async def test_the_registered_commands_are_the_ones_meant():
    assert await _definition() == json.loads(EXPECTED.read_text())


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps(asyncio.run(_definition()), indent=1, sort_keys=True))
