"""The Discord client: loads the command modules and keeps registered commands in step."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.settings import Settings
from bot.tree import FlywheelTree
from commands.errors import latency_ms

if TYPE_CHECKING:
    from bot.workers import Workers
    from storage import Store

log = logging.getLogger(__name__)
command_log = logging.getLogger("flywheel.command")

EXTENSIONS = (
    "commands.lenses",
    "commands.scenarios",
    "commands.sensitivity",
    "commands.general",
    "commands.estimates",
    "commands.decisions",
    "commands.conversation",
)


class FlywheelBot(commands.AutoShardedBot):
    """Slash commands and conversation: no message content intent (Discord still delivers the
    content of mentions, pinging replies and DMs), no member lists, no mentions in replies."""

    def __init__(self, settings: Settings, store: Store, workers: Workers) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=discord.Intents(guilds=True, guild_messages=True, dm_messages=True),
            tree_cls=FlywheelTree,
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shard_count,
            # None means every shard; discord.py's annotation says list[int] only.
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,  # type: ignore[arg-type]
            # Slash commands need no member cache: do not idle waiting for the guild stream.
            guild_ready_timeout=0.5,
            # Usable wherever people are: server and user installs, in servers, the bot's DM
            # and group DMs; commands that need a server refuse privately elsewhere.
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
        )
        self.settings = settings
        self.store = store
        self.workers = workers
        self.connection: asyncio.Task[None] | None = None  # the gateway, once connecting

    async def setup_hook(self) -> None:
        for name in EXTENSIONS:
            try:
                await self.load_extension(name)
            except commands.ExtensionError:
                log.exception("could not load %s", name)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: messages are answered by commands.conversation alone."""

    @property
    def owns_command_registration(self) -> bool:
        """One process registers commands: the one running shard 0 (or the only one)."""
        return not self.settings.shard_ids or 0 in self.settings.shard_ids

    def command_definition(
        self, guild: discord.abc.Snowflake | None = None
    ) -> list[dict[str, Any]]:
        """The commands as they are registered with Discord (and hashed to see if they changed)."""
        return [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]

    async def sync_commands(self, *, force: bool, guild_id: int | None = None) -> bool:
        """Register the commands with Discord when their definition changed (or when forced).

        The definition's hash is kept in the database so every process and restart sees it.
        """
        guild_id = guild_id or self.settings.dev_guild_id
        guild = discord.Object(guild_id) if guild_id else None
        if guild:
            self.tree.copy_global_to(guild=guild)
        digest = hashlib.sha256(
            json.dumps(self.command_definition(guild), sort_keys=True).encode()
        ).hexdigest()
        key = f"commands:{self.application_id}:{guild_id or 'global'}"
        if not force and await self.store.state.get(key) == digest:
            log.info("commands unchanged; not syncing", extra={"scope": guild_id or "global"})
            return False
        synced = await self.tree.sync(guild=guild)
        await self.store.state.set(key, digest)
        log.info("commands synced", extra={"scope": guild_id or "global", "count": len(synced)})
        return True

    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command
    ) -> None:
        command_log.info(
            "command answered",
            extra={
                "command": command.qualified_name,
                "guild_id": interaction.guild_id,
                "outcome": "ok",
                "latency_ms": round(latency_ms(interaction), 1),
            },
        )
