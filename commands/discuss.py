"""Discuss: a shared scenario card's button that opens a thread on it.

What-ifs in the thread apply to the scenario by default: the thread's id is the card's, so
`commands.conversation` finds the card (and its `scn:discuss:<scenario>:<version>` button)
from the thread in any process.
"""

from __future__ import annotations

import discord

from commands._buttons import PersistentButton
from commands._options import shared_here
from commands._render import safe
from commands.errors import UserFacingError
from commands.services import services_of

THREAD_NAME_MAX = 100


class DiscussScenario(PersistentButton):
    """Open (or point to) the thread on this shared scenario card."""

    prefix = "scn:discuss"
    label = "Discuss"

    async def pressed(self, interaction: discord.Interaction) -> None:
        card = interaction.message
        if card is None or interaction.guild_id is None:
            raise UserFacingError("Discussions are threads in a server channel.")
        if card.thread is not None:
            await interaction.response.send_message(
                f"The discussion is already open: {card.thread.mention}", ephemeral=True
            )
            return
        store = services_of(interaction.client).store
        record = await store.scenarios.get(
            interaction.user.id, f"#{self.args[0]}", **shared_here(interaction)
        )
        thread = await card.create_thread(name=f"Discuss {record.name}"[:THREAD_NAME_MAX])
        name = safe(record.name)
        await thread.send(
            f"What-ifs in this thread apply to “{name}”: mention me with a change, like "
            "`@Flywheel what if price 249?`, or reply to any card here. `@Flywheel help` "
            "shows what I understand."
        )
        await interaction.response.send_message(
            f"Started {thread.mention}: what-ifs there apply to “{name}”.", ephemeral=True
        )
