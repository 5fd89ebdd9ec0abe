"""Answering an interaction the same way whether or not it was already acknowledged."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord

T = TypeVar("T")


async def send(interaction: discord.Interaction, *, ephemeral: bool = False, **kwargs: Any) -> None:
    """Send the answer: as the response, or as a followup after a defer.

    After a public "thinking" defer Discord turns the first followup into that public
    message whatever its flags, so a private answer first removes the public placeholder.
    """
    if not interaction.response.is_done():
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
        return
    if ephemeral and _deferred_publicly(interaction):
        await interaction.delete_original_response()
    await interaction.followup.send(ephemeral=ephemeral, **kwargs)


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now ("thinking…"), deciding the answer's visibility for good."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        interaction.extras["deferred_publicly"] = not ephemeral


def _deferred_publicly(interaction: discord.Interaction) -> bool:
    return interaction.extras.pop("deferred_publicly", False)


# Discord wants an acknowledgement within 3 s of the click; leave room for the network.
DEFER_AFTER = 1.5


async def within_deadline(
    interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool
) -> T:
    """Await `work`; if it is not done in time, defer ("thinking…") and keep waiting."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        await defer(interaction, ephemeral=ephemeral)
    return await task
