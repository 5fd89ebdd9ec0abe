"""The command tree: a per-user rate limit, and where every command error is routed.

What a user is told about an error is decided in `commands.errors.report`, shared with the
buttons and forms.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from commands.errors import report
from storage.forgetting import set_asked_at

if TYPE_CHECKING:
    from bot.client import FlywheelBot


class FlywheelTree(app_commands.CommandTree["FlywheelBot"]):
    def __init__(self, client: FlywheelBot, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self._cooldowns: dict[int, app_commands.Cooldown] = {}

    async def interaction_check(self, interaction: discord.Interaction[FlywheelBot]) -> bool:
        if interaction.type is not discord.InteractionType.application_command:
            return True  # autocomplete is cheap and must answer within 3 s
        set_asked_at(interaction.created_at)  # what /forget-me confirmed later refuses
        rate = self.client.settings.user_rate
        if rate is None:
            return True
        cooldown = self._cooldowns.setdefault(interaction.user.id, app_commands.Cooldown(*rate))
        retry_after = cooldown.update_rate_limit(time.monotonic())
        if retry_after:
            raise app_commands.CommandOnCooldown(cooldown, retry_after)
        return True

    async def on_error(
        self, interaction: discord.Interaction[FlywheelBot], error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)
