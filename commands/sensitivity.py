"""/sensitivity: which input moves a figure most (a tornado chart)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from commands import _jobs, _render, replies
from commands._options import Scenario
from commands.services import Services, services_of
from model.headlines import HEADLINES

# Any lens's headline figure can be explained (Discord shows at most 25 choices).
METRIC_CHOICES = [
    app_commands.Choice(name=f"{h.label[0].upper()}{h.label[1:]} ({h.lens.replace('_', ' ')})",
                        value=key)
    for key, h in HEADLINES.items()
][:25]  # fmt: skip
DEFAULT_METRIC = "break_even_month"


class Sensitivity(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="sensitivity", description="Which input moves a figure most: a tornado chart."
    )
    @app_commands.describe(
        scenario="your scenario, or one shared in this channel",
        metric="the figure to explain (default: break-even month)",
    )
    @app_commands.choices(metric=METRIC_CHOICES)
    async def sensitivity(
        self,
        interaction: discord.Interaction,
        scenario: Scenario,
        metric: app_commands.Choice[str] | None = None,
    ) -> None:
        name = metric.value if metric else DEFAULT_METRIC
        work = self.services.workers.submit(_jobs.sensitivity, scenario.plan, name)
        answer = await replies.within_deadline(interaction, work, ephemeral=False)
        await replies.send(
            interaction,
            embed=_render.sensitivity_card(scenario, answer),
            file=_render.chart_file(answer.chart),
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Sensitivity(services_of(bot)))
