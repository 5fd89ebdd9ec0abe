"""Shared fixtures. End-to-end: the bot against the local stand-in for Discord (tests/e2e.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest

from bot.settings import Settings
from bot.standin import StandIn
from tests.discord_contract import missing_reason
from tests.e2e import BotFactory, bot_in_standin, contract_problems

# The bot under test. To drive the real bot: `from bot.runner import running_bot as bot_under_test`
from tests.standin.toybot import running_toy_bot as bot_under_test


@pytest.fixture
def bot_factory() -> BotFactory:
    """The bot under test: `(settings) -> async context manager yielding a ready client`."""
    return bot_under_test


@pytest.fixture
def bot_settings(tmp_path) -> Settings:
    """What the bot starts with (the stand-in adds its endpoints and token)."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)


@pytest.fixture
def standin_options() -> dict[str, Any]:
    """StandIn's keyword arguments; override with @pytest.mark.parametrize("standin_options", …)."""
    return {}


@pytest.fixture
async def running_in_standin(
    request: pytest.FixtureRequest,
    bot_factory: BotFactory,
    bot_settings: Settings,
    standin_options: dict[str, Any],
) -> AsyncIterator[tuple[StandIn, discord.Client]]:
    async with bot_in_standin(bot_factory, bot_settings, **standin_options) as running:
        yield running
        expected = request.node.get_closest_marker("discord_errors") is not None
        problems = contract_problems(running[0], errors_expected=expected)
    if problems:
        pytest.fail("Discord would not accept this:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def standin(running_in_standin: tuple[StandIn, discord.Client]) -> StandIn:
    """The stand-in with the bot connected: `await standin.slash("alice", "general", …)`."""
    return running_in_standin[0]


@pytest.fixture
def bot(running_in_standin: tuple[StandIn, discord.Client]) -> discord.Client:
    """The running bot the stand-in is serving."""
    return running_in_standin[1]


def pytest_terminal_summary(terminalreporter) -> None:
    reason = missing_reason()
    if reason:
        terminalreporter.write_line(f"Discord contract not checked: {reason}", yellow=True)
