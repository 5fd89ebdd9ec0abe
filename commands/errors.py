"""The one root of errors a user is told about, and the one place any command error ends up.

`UserFacingError` is the root: handlers raise it, and the refusals of the layers below
(`model.PlanError`, `storage.StorageError`, which cannot import upwards) are registered as
its virtual subclasses, so `isinstance(error, UserFacingError)` is the only test needed.
"""

from __future__ import annotations

import logging
import re
import secrets
from abc import ABCMeta

import discord
from discord import app_commands

from commands import replies
from commands._render import safe
from model import PlanError
from storage import StorageError
from storage.rules import shorten_quotes

log = logging.getLogger("flywheel.command")


class UserFacingError(Exception, metaclass=ABCMeta):
    """An expected failure (bad input, not found, limits) whose text is shown to the user."""


UserFacingError.register(PlanError)
UserFacingError.register(StorageError)


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
    else:  # the reason by kind only: the message may quote names or notes
        log.info(
            "command refused", extra={**extra, "outcome": "refused", "reason": type(cause).__name__}
        )
    try:
        await replies.send(interaction, ephemeral=True, content=message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", extra=extra)


def user_message(error: BaseException) -> str | None:
    """The text to show for an expected error; None for a bug."""
    if isinstance(error, UserFacingError):
        return quoted_safely(str(error))
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"You're going fast: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server channel, not in DMs."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that command here."
    return None


_QUOTED = re.compile(r"""(?<!\w)(['"])(.+?)\1(?!\w)""")


def quoted_safely(message: str) -> str:
    """A refusal with each value it quotes cut short and shown as typed (no markup)."""
    return _QUOTED.sub(lambda m: m[1] + safe(m[2]) + m[1], shorten_quotes(message))


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
