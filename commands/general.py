"""/help, /playbook and /forget-me."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import AppCommandGroup
from discord.ext import commands

from commands import _jobs, _render, replies
from commands._buttons import PersistentButton, view_of
from commands.lens_registry import LENSES
from commands.outputs import Answer
from commands.services import Services, services_of

log = logging.getLogger(__name__)

HELP = (
    *((lens.name, lens.help, lens.example) for lens in LENSES.values()),
    (
        "sensitivity",
        "Which input moves a figure most (tornado chart).",
        "/sensitivity scenario:Launch metric:break_even_month",
    ),
    (
        "scenario",
        "Your named plans, private until you share them.",
        "/scenario save name:Launch",
    ),
    (
        "estimate",
        "Gather the team's estimates of one input, hidden until you reveal; use them as a range.",
        "/estimate scenario:Launch input:unit_cost",
    ),
    (
        "decide",
        "Record a decision in this server with the scenario's numbers, frozen.",
        "/decide scenario:Launch decision:Launch at $199",
    ),
    ("decisions", "This server's decisions, newest first, and how they track.", "/decisions"),
    (
        "actuals",
        "Record what happened in a month; see plan against actual.",
        "/actuals scenario:Launch month:3 units:42k unit_cost:$210 cash:-1.8M",
    ),
    ("playbook", "The five lessons of the Xiaomi playbook, with numbers.", "/playbook"),
    ("forget-me", "Delete everything Flywheel stores about you (asks first).", "/forget-me"),
)


def help_embed(tree: app_commands.CommandTree, mentions: dict[str, str]) -> discord.Embed:
    """Each command as a clickable mention (`</scenario save:id>`), or as `/name` text when its
    registered id is not known; a group lists its subcommands from the tree."""

    def mention(name: str) -> str:
        return mentions.get(name, f"/{name}")

    embed = discord.Embed(
        title="Flywheel: the sell-at-cost playbook, with numbers",
        description=(
            "Numbers accept `199`, `$1,999`, `1.2k`, `3.5M`, rates as `15%` or `0.15`, and "
            "ranges like `180-220` for uncertainty (you get P10/P50/P90 and a band on the chart; "
            "`seed:` replays a run). "
            "Add `scenario:` to start from a saved plan and `save_as:` to keep the result.\n"
            "Or talk to me in the channel: reply to a card with `what if price 249?`, mention "
            "me, or right-click a message → Apps → What if…; `@Flywheel help` says more."
        ),
        colour=discord.Colour.blurple(),
    )
    for name, what, example in HELP:
        command = tree.get_command(name)
        if isinstance(command, app_commands.Group):
            links = " · ".join(mention(sub.qualified_name) for sub in command.commands)
        else:
            links = mention(name)
        embed.add_field(name=what, value=f"{links}\n`{example}`", inline=False)
    return embed


class CommandMentions:
    """`</name:id>` mentions of the registered commands, per scope (global, or one guild's own
    commands when they are registered to a dev guild).

    Command ids come from Discord: each process fetches them once per scope, on the first /help
    there, since shard processes other than the registering one never see the sync's answer.
    A failed or slow fetch is not kept, and that /help names the commands as text.
    """

    FETCH_WAIT = 1.0  # seconds: /help must still answer within Discord's 3

    def __init__(self) -> None:
        self._by_scope: dict[int | None, dict[str, str]] = {}

    async def of(
        self, interaction: discord.Interaction, tree: app_commands.CommandTree
    ) -> dict[str, str]:
        data: dict[str, Any] = dict(interaction.data or {})
        scope = int(data["guild_id"]) if "guild_id" in data else None  # a guild command's guild
        if scope not in self._by_scope:
            guild = discord.Object(scope) if scope else None
            try:
                async with asyncio.timeout(self.FETCH_WAIT):
                    fetched = await tree.fetch_commands(guild=guild)
            except (discord.HTTPException, TimeoutError) as error:
                log.warning("command ids unavailable; /help names commands as text: %r", error)
                return {}
            self._by_scope[scope] = {
                option.qualified_name if isinstance(option, AppCommandGroup) else option.name: (
                    option.mention
                )
                for command in fetched
                for option in (command, *command.options)
                if isinstance(option, app_commands.AppCommand | AppCommandGroup)
            }
        return self._by_scope[scope]


def _tree_of(client: discord.Client) -> app_commands.CommandTree:
    if not isinstance(client, commands.Bot | commands.AutoShardedBot):
        raise TypeError(f"{type(client).__name__} has no command tree")
    return client.tree


class ForgetConfirm(PersistentButton):
    prefix = "forget"
    label = "Delete everything about me"
    style = discord.ButtonStyle.danger

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.args[0]

    async def pressed(self, interaction: discord.Interaction) -> None:
        store = services_of(interaction.client).store
        deleted = await store.scenarios.forget(interaction.user.id)
        await store.estimates.forget(interaction.user.id)
        await store.decisions.forget(interaction.user.id)
        await interaction.response.edit_message(
            content=f"Done: deleted {deleted} scenario{'s' * (deleted != 1)} and everything "
            "else Flywheel stored about you.",
            view=None,
        )


class General(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services
        self._playbook: Answer[list[str]] | None = None  # the presets never change: compute once
        self._mentions = CommandMentions()

    @app_commands.command(name="help", description="What each command does, with a line to copy.")
    async def help(self, interaction: discord.Interaction) -> None:
        tree = _tree_of(interaction.client)
        embed = help_embed(tree, await self._mentions.of(interaction, tree))
        await replies.send(interaction, ephemeral=True, embed=embed)

    @app_commands.command(
        name="playbook", description="The five lessons of the Xiaomi playbook, with numbers."
    )
    async def playbook(self, interaction: discord.Interaction) -> None:
        if self._playbook is None:
            work = self.services.workers.submit(_jobs.playbook)
            self._playbook = await replies.within_deadline(interaction, work, ephemeral=False)
        await replies.send(
            interaction,
            embed=_render.playbook_card(self._playbook),
            file=_render.chart_file(self._playbook.chart),
        )

    @app_commands.command(
        name="forget-me", description="Delete everything Flywheel stores about you (asks first)."
    )
    async def forget_me(self, interaction: discord.Interaction) -> None:
        await replies.send(
            interaction,
            ephemeral=True,
            content=(
                "This deletes all your scenarios, your last plan, your shares, your team "
                "estimates and the actuals you recorded, for good. Teammates' forks of your "
                "shared scenarios stay theirs; decisions you recorded stay in the server's log "
                "without your name. Dismiss this message to cancel."
            ),
            view=view_of(ForgetConfirm(interaction.user.id)),
        )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(ForgetConfirm)
    await bot.add_cog(General(services_of(bot)))
