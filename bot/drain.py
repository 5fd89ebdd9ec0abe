"""Drain on SIGTERM: refuse new commands, let the answers in flight finish, then stop.

A supervisor (Docker, Kubernetes, systemd) stops a process with SIGTERM and kills it after its
own grace period. Interactions go to the shard's session, so no other process can take a
command this one received: it tells the user, privately and at once, to try again in a moment
(the restarted process, or another after a redeploy, answers then). Buttons and forms are
quick saves and are still served. Everything discord.py runs for an interaction is a task it
names after its kind; the drain waits for those.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot.tree import FlywheelTree

if TYPE_CHECKING:
    from bot.client import FlywheelBot

log = logging.getLogger(__name__)

RESTARTING = "Flywheel is restarting: try again in a few seconds."
# discord.py's names for the tasks running an interaction's handler: slash commands and
# autocomplete, view buttons and selects, modal forms, persistent (dynamic) buttons.
INTERACTION_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
    "discord-ui-dynamic-item-",
)


@dataclass(frozen=True)
class Drained:
    in_flight: int  # interactions being handled when the drain began
    finished: int  # of those, how many finished within the grace period
    refused: int  # new commands told to try again during the drain
    seconds: float


class Drain:
    """Installed on a bot at start; `run` begins refusing and waits for what is in flight."""

    def __init__(self, bot: FlywheelBot) -> None:
        self.draining = False
        self.refused = 0
        tree = bot.tree
        assert isinstance(tree, FlywheelTree)  # the bot is made with tree_cls=FlywheelTree
        tree.drain = self  # the tree asks `refuse` before any handler starts

    async def refuse(self, interaction: discord.Interaction[FlywheelBot]) -> bool:
        """While draining, tell a new command to try again (the tree then runs no handler);
        True when it was refused. Answered here, in the tree's own check: a listener on
        `interaction` would race the tree for the one response."""
        if not self.draining or interaction.type is not discord.InteractionType.application_command:
            return False
        self.refused += 1
        try:
            await interaction.response.send_message(RESTARTING, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not tell a user the bot is restarting")
        return True

    async def run(self, grace: float, *, cut_short: asyncio.Event | None = None) -> Drained:
        """Refuse new commands; wait up to `grace` s for the interactions in flight."""
        started = time.monotonic()
        self.draining = True
        in_flight = _interaction_tasks()
        log.info("draining", extra={"in_flight": len(in_flight), "grace_s": grace})
        waiting = set(in_flight)
        deadline = started + grace
        interrupt = asyncio.ensure_future(cut_short.wait()) if cut_short else None
        try:
            # New interactions (refusals, clicks) keep arriving; wait for them too.
            while waiting and (remaining := deadline - time.monotonic()) > 0:
                watched = waiting | ({interrupt} if interrupt else set())
                await asyncio.wait(watched, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
                if interrupt and interrupt.done():
                    break
                waiting = {task for task in waiting if not task.done()} | _interaction_tasks()
        finally:
            if interrupt:
                interrupt.cancel()
        drained = Drained(
            in_flight=len(in_flight),
            finished=sum(task.done() for task in in_flight),
            refused=self.refused,
            seconds=round(time.monotonic() - started, 2),
        )
        log.info("drained", extra=vars(drained))
        return drained


def _interaction_tasks() -> set[asyncio.Task[object]]:
    current = asyncio.current_task()
    return {
        task
        for task in asyncio.all_tasks()
        if task is not current and not task.done() and task.get_name().startswith(INTERACTION_TASKS)
    }
