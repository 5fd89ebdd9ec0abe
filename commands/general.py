"""/help, /playbook and /forget-me."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from commands import _jobs, _render, replies
from commands._buttons import PersistentButton, view_of
from commands.lens_registry import LENSES
from commands.outputs import Answer
from commands.services import Services, services_of

HELP = (
    *((f"/{lens.name}", lens.help, lens.example) for lens in LENSES.values()),
    (
        "/sensitivity",
        "Which input moves a figure most (tornado chart).",
        "/sensitivity scenario:Launch metric:break_even_month",
    ),
    (
        "/scenario",
        "save · list · show · compare · rename · delete · share · fork · export · import",
        "/scenario save name:Launch",
    ),
    (
        "/estimate",
        "Gather the team's estimates of one input, hidden until you reveal; use them as a range.",
        "/estimate scenario:Launch input:unit_cost",
    ),
    (
        "/decide",
        "Record a decision in this server with the scenario's numbers, frozen.",
        "/decide scenario:Launch decision:Launch at $199",
    ),
    ("/decisions", "This server's decisions, newest first, and how they track.", "/decisions"),
    (
        "/actuals",
        "Record what happened in a month; see plan against actual.",
        "/actuals scenario:Launch month:3 units:42k unit_cost:$210 cash:-1.8M",
    ),
    ("/playbook", "The five lessons of the Xiaomi playbook, with numbers.", "/playbook"),
    ("/forget-me", "Delete everything Flywheel stores about you (asks first).", "/forget-me"),
)


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title="Flywheel: the sell-at-cost playbook, with numbers",
        description=(
            "Numbers accept `199`, `$1,999`, `1.2k`, `3.5M`, rates as `15%` or `0.15`, and "
            "ranges like `180-220` for uncertainty (you get P10/P50/P90 and a fan chart). "
            "Add `scenario:` to start from a saved plan and `save_as:` to keep the result."
        ),
        colour=discord.Colour.blurple(),
    )
    for name, what, example in HELP:
        embed.add_field(name=name, value=f"{what}\n`{example}`", inline=False)
    return embed


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

    @app_commands.command(name="help", description="What each command does, with a line to copy.")
    async def help(self, interaction: discord.Interaction) -> None:
        await replies.send(interaction, ephemeral=True, embed=help_embed())

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
