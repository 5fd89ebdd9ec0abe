"""The command tree: a per-user rate limit, and the one place every command error ends up."""

from __future__ import annotations

import logging
import secrets
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot import replies

if TYPE_CHECKING:
    from bot.client import FlywheelBot

log = logging.getLogger("flywheel.command")


class UserFacingError(Exception):
    """An expected failure (bad input, not found, limits) whose text is shown to the user."""


class FlywheelTree(app_commands.CommandTree["FlywheelBot"]):
    def __init__(self, client: FlywheelBot, **kwargs) -> None:
        super().__init__(client, **kwargs)
        self._cooldowns: dict[int, app_commands.Cooldown] = {}

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.type is not discord.InteractionType.application_command:
            return True  # autocomplete is cheap and must answer within 3 s
        rate = self.client.settings.user_rate
        if rate is None:
            return True
        cooldown = self._cooldowns.setdefault(interaction.user.id, app_commands.Cooldown(*rate))
        retry_after = cooldown.update_rate_limit(time.monotonic())
        if retry_after:
            raise app_commands.CommandOnCooldown(cooldown, retry_after)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user privately what went wrong; log bugs with an id the user can quote."""
    cause = _root_cause(error)
    message = user_message(cause)
    extra = _command_fields(interaction)
    if message is None:
        error_id = secrets.token_hex(4)
        log.error(
            "command failed",
            exc_info=cause,
            extra={**extra, "outcome": "error", "error_id": error_id},
        )
        message = (
            f"Something went wrong on our side (error `{error_id}`). It has been logged; "
            "please try again in a moment."
        )
    else:
        log.info("command refused", extra={**extra, "outcome": "refused", "reason": message})
    try:
        await replies.send(interaction, ephemeral=True, content=message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", extra=extra)


def user_message(error: BaseException) -> str | None:
    """The text to show for an expected error; None for a bug."""
    from model import PlanError
    from storage import StorageError

    if isinstance(error, UserFacingError | PlanError | StorageError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"You're going fast: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server channel, not in DMs."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return None


def _root_cause(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        if error.__cause__ is None:
            break
        error = error.__cause__
    return error


def _command_fields(interaction: discord.Interaction) -> dict[str, object]:
    command = interaction.command
    custom_id = interaction.data.get("custom_id") if interaction.data else None
    return {
        "command": command.qualified_name if command else custom_id,
        "guild_id": interaction.guild_id,
        "latency_ms": round(latency_ms(interaction), 1),
    }


def latency_ms(interaction: discord.Interaction) -> float:
    return (discord.utils.utcnow() - interaction.created_at).total_seconds() * 1000
