"""The bot as a supervisor sees it: SIGTERM drains the answers in flight; fatal means non-zero."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.drain import RESTARTING
from standin import StandIn, Status
from tests.bot.process import BotProcess

IN_FLIGHT = 8


async def test_sigterm_finishes_the_answers_in_flight_then_exits_zero(tmp_path):
    async with StandIn() as standin, BotProcess(standin, tmp_path) as bot:
        asks = [
            asyncio.create_task(
                standin.slash("alice", "general", "critical-mass", price="199", unit_cost="230")
            )
            for _ in range(IN_FLIGHT)
        ]
        await asyncio.sleep(0.3)  # delivered; one worker answers them one after another
        signalled = time.monotonic()
        bot.terminate()
        await asyncio.sleep(0.2)
        late = await standin.slash("bob", "general", "help")
        outcomes = await asyncio.gather(*asks)
        code = await bot.exit_code(within=25)
        took = time.monotonic() - signalled

    answered = [o for o in outcomes if o.status is Status.REPLIED and o.embed and o.attachments]
    assert len(answered) == IN_FLIGHT, [o.status for o in outcomes]
    assert late.ephemeral and late.content == RESTARTING
    assert code == 0, bot.log()
    assert took < 20
    print(f"drain: {len(answered)} of {IN_FLIGHT} answered; exit {code} after {took:.2f} s")


async def _fatal_close(standin: StandIn, code: int) -> None:
    for session in standin.gateway.sessions.values():
        if session.connection is not None:
            await session.connection.close(code, "closed by the test")


@pytest.mark.parametrize(
    ("provoke", "message"),
    [
        (
            "token",
            "flywheel: Discord rejected DISCORD_TOKEN: check the token in .env"
            " (gateway close code 4004)",
        ),
        (
            "intents",
            "flywheel: Discord refused the gateway intents (close code 4014, disallowed intents)",
        ),
    ],
)
async def test_a_fatal_gateway_error_after_start_exits_non_zero_in_one_line(
    tmp_path, provoke, message
):
    async with StandIn() as standin, BotProcess(standin, tmp_path) as bot:
        if provoke == "token":
            # The token was reset while the bot ran: its RESUME is refused, its IDENTIFY fails.
            standin.gateway.token = "reset"
            await standin.gateway.drop(0)
        else:
            await _fatal_close(standin, 4014)
        code = await bot.exit_code(within=30)

    assert code == 2, bot.log()
    assert bot.last_line().startswith(message), bot.log()
