"""The bot as a process: Discord's 3-second rule under load, buttons across restarts, sync."""

import asyncio
import dataclasses
import os
import pickle
import subprocess
import sys

import pytest

from bot.endpoints import use_endpoints
from bot.runner import running_bot
from bot.settings import Settings
from bot.workers import WORKER_NICENESS
from commands import _jobs
from model import Plan
from standin import StandIn, Status


@pytest.fixture
def bot_settings(tmp_path) -> Settings:
    """One worker and no per-user rate limit, so a burst from one user queues up."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1, user_rate=None
    )


async def test_answers_that_queue_past_the_deadline_are_deferred_not_dropped(standin):
    burst = [
        standin.slash("alice", "general", "critical-mass", price="180-220", unit_cost="230")
        for _ in range(24)
    ]
    outcomes = await asyncio.gather(*burst)

    assert all(o.status is Status.REPLIED and o.embed for o in outcomes)
    assert max(o.acknowledged_after for o in outcomes) < 3.0
    deferred = [o for o in outcomes if o.replied_after > o.acknowledged_after]
    assert deferred, "the burst never outlasted the deadline: make it longer"
    assert all(not o.ephemeral for o in deferred)


async def test_rate_limit_asks_one_user_to_slow_down(standin, bot):
    bot.settings = dataclasses.replace(bot.settings, user_rate=(2, 60.0))
    replies = [await standin.slash("bob", "general", "help") for _ in range(3)]
    assert replies[2].ephemeral and "going fast" in replies[2].content
    other = await standin.slash("carol", "general", "help")
    assert other.embed is not None


async def test_buttons_and_open_forms_keep_working_after_a_restart(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)
    try:
        async with StandIn() as discord:
            async with running_bot(discord.bot_settings(settings)):
                reply = await discord.slash(
                    "alice", "general", "margin", price="249", unit_cost="185"
                )
                shared = await discord.slash(
                    "alice",
                    "general",
                    "critical-mass",
                    price="199",
                    unit_cost="230",
                    save_as="Launch",
                )
                card = await discord.slash("alice", "general", "scenario share", name="Launch")
                form = await discord.click("bob", reply, "Save")
            async with running_bot(discord.bot_settings(settings)):
                saved = await discord.submit_modal("bob", form, {"Name": "Kept"})
                forked = await discord.click("carol", card, "Fork into my scenarios")
            puts = [r for r in discord.requests if r.method == "PUT" and "/commands" in r.path]
    finally:
        use_endpoints(None, None)

    assert shared.status is Status.REPLIED
    assert "Saved as “Kept”" in saved.content
    assert "“Launch (fork)”" in forked.content
    assert len(puts) == 1, "the second start found the commands unchanged and did not re-sync"


async def test_chart_workers_yield_the_cpu_to_the_event_loop(bot):
    assert await bot.workers.run(os.nice, 0) == min(os.nice(0) + WORKER_NICENESS, 19)  # 19: lowest


def test_the_bots_own_process_never_imports_the_charts():
    """matplotlib is for the workers: in the bot it would cost start-up time, memory, and
    0.7 s on the first answer, whose chart the bot unpickles."""
    answer = pickle.dumps(_jobs.answer("margin", Plan(price=199, unit_cost=185)))
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib, pickle, sys; import bot.runner; from bot.client import EXTENSIONS;"
            "[importlib.import_module(name) for name in EXTENSIONS];"
            "assert pickle.loads(sys.stdin.buffer.read()).chart.png;"
            "print(sorted({m.split('.')[0] for m in sys.modules}))",
        ],
        input=answer,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "'discord'" in loaded
    assert "'matplotlib'" not in loaded and "'PIL'" not in loaded
