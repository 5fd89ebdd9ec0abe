"""/help, /playbook and /forget-me."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import replies
from commands import _jobs, _render
from commands._buttons import PersistentButton, view_of

if TYPE_CHECKING:
    from bot.client import FlywheelBot

HELP = (
    (
        "/margin",
        'Per-unit margins, markup, break-even volume; is "at cost" a loss?',
        "/margin price:199 unit_cost:185 tooling:2M rnd:5M volume:500k selling_cost:4%",
    ),
    (
        "/services",
        "Hardware at cost, money from services: lifetime value and payback.",
        "/services price:199 unit_cost:205 services_arpu:3 paying_share:30% retention:97%",
    ),
    (
        "/critical-mass",
        "Launch at a loss, ramp, learning curve: break-even and the cash hole.",
        "/critical-mass price:199 unit_cost:230 learning_rate:85% tooling:2M",
    ),
    (
        "/direct-sales",
        "What selling online saves against retail channels and ad budgets.",
        "/direct-sales price:199 unit_cost:185 retail_margin:10% marketing:8%",
    ),
    (
        "/growth",
        "Bass adoption: ads-driven vs word of mouth, months to critical mass.",
        "/growth market_size:50M p:0.01 q:0.5",
    ),
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
        bot: FlywheelBot = interaction.client  # type: ignore[assignment]
        deleted = await bot.store.scenarios.forget(interaction.user.id)
        await interaction.response.edit_message(
            content=f"Done: deleted {deleted} scenario{'s' * (deleted != 1)} and everything "
            "else Flywheel stored about you.",
            view=None,
        )


class General(commands.Cog):
    def __init__(self, bot: FlywheelBot) -> None:
        self.bot = bot
        self._playbook: _jobs.Answer | None = None  # the presets never change: compute once

    @app_commands.command(name="help", description="What each command does, with a line to copy.")
    async def help(self, interaction: discord.Interaction) -> None:
        await replies.send(interaction, ephemeral=True, embed=help_embed())

    @app_commands.command(
        name="playbook", description="The five lessons of the Xiaomi playbook, with numbers."
    )
    async def playbook(self, interaction: discord.Interaction) -> None:
        if self._playbook is None:
            work = self.bot.workers.submit(_jobs.playbook)
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
                "This deletes all your scenarios, your last plan and your shares, for good. "
                "Teammates' forks of your shared scenarios stay theirs. Dismiss this message "
                "to cancel."
            ),
            view=view_of(ForgetConfirm(interaction.user.id)),
        )


async def setup(bot: FlywheelBot) -> None:
    bot.add_dynamic_items(ForgetConfirm)
    await bot.add_cog(General(bot))
