"""Answering a click by editing the message it was on, whether or not the work ran late.

`replies.within_deadline` defers with a new "thinking…" message; a click that updates its own
message (a page of the log, a revealed estimate card) defers as an update of that message
instead, then edits it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

from commands import replies

T = TypeVar("T")


async def within_deadline(interaction: discord.Interaction, work: Awaitable[T]) -> T:
    """Await `work`; if it is not done in time, acknowledge the click as an update."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=replies.DEFER_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer()
    return await task


async def edit(interaction: discord.Interaction, **changes: Any) -> None:
    """Edit the clicked message: as the response, or after a deferred update."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**changes)
    else:
        await interaction.response.edit_message(**changes)
