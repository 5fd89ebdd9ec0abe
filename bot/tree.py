"""The command tree: a per-user rate limit, and where every command error is routed.

What a user is told about an error is decided in `commands.errors.report`, shared with the
buttons and forms.

The rate limit keeps a bucket per user in discord.py's `CooldownMapping`, which drops every
bucket unused for a whole window on each command: a bucket that old is full again anyway, so
the limit is unchanged and the map holds only the users of the last window.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from commands.errors import report
from storage.forgetting import set_asked_at

if TYPE_CHECKING:
    from bot.client import FlywheelBot
    from bot.drain import Drain


class FlywheelTree(app_commands.CommandTree["FlywheelBot"]):
    def __init__(self, client: FlywheelBot, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self._rate: tuple[int, float] | None = None
        self._buckets: commands.CooldownMapping[discord.Interaction] | None = None
        self.drain: Drain | None = None  # installed at start: refuses new commands at shutdown

    @property
    def tracked_users(self) -> int:
        """How many users' buckets are kept (those who ran a command within the last window)."""
        return len(self._buckets._cache) if self._buckets else 0

    async def interaction_check(self, interaction: discord.Interaction[FlywheelBot]) -> bool:
        if self.drain is not None and await self.drain.refuse(interaction):
            return False
        if interaction.type is not discord.InteractionType.application_command:
            return True  # autocomplete is cheap and must answer within 3 s
        set_asked_at(interaction.created_at)  # what /forget-me confirmed later refuses
        rate = self.client.settings.user_rate
        if rate is None:
            return True
        if self._buckets is None or rate != self._rate:  # the settings may change while running
            self._rate = rate
            self._buckets = commands.CooldownMapping.from_cooldown(*rate, _user_id)
        now = time.monotonic()
        bucket = self._buckets.get_bucket(interaction, now)  # drops buckets a window old
        if bucket is not None and (retry_after := bucket.update_rate_limit(now)):
            raise app_commands.CommandOnCooldown(bucket, retry_after)
        return True

    async def on_error(
        self, interaction: discord.Interaction[FlywheelBot], error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


def _user_id(interaction: discord.Interaction) -> int:
    return interaction.user.id
