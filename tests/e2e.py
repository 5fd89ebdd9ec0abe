"""End-to-end testing: the bot started against the local stand-in for Discord, driven as users.

The fixtures in tests/conftest.py build on `bot_in_standin`. At teardown every request the bot
sent (and every answer) is checked against Discord's contract, and any error Discord answered
fails the test unless it is marked `@pytest.mark.discord_errors` (it provokes them on purpose).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import discord

from bot.endpoints import use_endpoints
from bot.settings import Settings
from standin import StandIn
from tests.discord_contract import contract, missing_reason

BotFactory = Callable[[Settings], AbstractAsyncContextManager[discord.Client]]


@asynccontextmanager
async def bot_in_standin(
    bot_factory: BotFactory, settings: Settings, **standin_options: Any
) -> AsyncIterator[tuple[StandIn, discord.Client]]:
    """Start the stand-in, then the bot pointed at it; yield both once the bot is ready.

    If the bot exposes its gateway task as `connection` (as `bot.runner.running_bot` does),
    a driver call fails with BotStopped the moment that task dies.
    """
    async with StandIn(**standin_options) as standin:
        try:
            async with bot_factory(standin.bot_settings(settings)) as bot:
                connection = getattr(bot, "connection", None)
                if connection is not None:
                    standin.watch(connection)
                yield standin, bot
        finally:
            use_endpoints(None, None)


def contract_problems(standin: StandIn, *, errors_expected: bool) -> list[str]:
    """Errors Discord answered and breaches of Discord's contract.

    When errors are expected, a refused request is not a problem (refusing it was the point),
    though the stand-in's answer to it must still be what Discord would answer.
    """
    checked = contract() if missing_reason() is None else None
    problems = []
    for request in standin.requests:
        refused = request.status >= 400
        if refused and not errors_expected:
            problems.append(f"{request}: Discord answered {request.response}")
        if checked is None:
            continue
        if not (refused and errors_expected):
            problems += [f"{request}: {problem}" for problem in checked.request_problems(request)]
        problems += [
            f"{request} answer: {problem}" for problem in checked.response_problems(request)
        ]
    return problems
