"""/margin, /services, /critical-mass, /direct-sales, /growth: one plan, five lenses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import replies
from commands import _jobs, _render
from commands._buttons import add_forms, view_of
from commands._options import (
    CriticalShare,
    DirectCosts,
    DistributorMargin,
    FixedMonthly,
    HorizonMonths,
    LaunchVolume,
    LearningRate,
    Marketing,
    MarketSize,
    P,
    PayingShare,
    PeakVolume,
    Price,
    Q,
    RampMonths,
    RetailMargin,
    Retention,
    Rnd,
    Scenario,
    ScenarioName,
    SellingCost,
    ServicesArpu,
    ServicesMargin,
    Tooling,
    UnitCost,
    Volume,
    describe_inputs,
)
from commands._plans import SaveForm, SavePlan, plan_from
from storage import StorageError

if TYPE_CHECKING:
    from bot.client import FlywheelBot
    from storage import ScenarioRecord


class Lenses(commands.Cog):
    def __init__(self, bot: FlywheelBot) -> None:
        self.bot = bot

    async def answer(
        self,
        interaction: discord.Interaction,
        lens: str,
        scenario: ScenarioRecord | None,
        save_as: str | None,
        **inputs: object,
    ) -> None:
        """Compute in a worker (deferring if slow), remember the plan, reply with card and chart."""
        plan = plan_from(scenario, inputs)
        store = self.bot.store.scenarios
        work = self.bot.workers.submit(_jobs.answer, lens, plan)
        result = await replies.within_deadline(interaction, work, ephemeral=False)
        shown = await store.remember(interaction.user.id, plan)
        note = ""
        if save_as:
            try:
                saved = await store.save(interaction.user.id, save_as, plan)
                note = f"Saved as “{saved.name}”."
            except StorageError as error:
                note = f"Not saved: {error}"
        card = _render.lens_card(lens, result, plan, note=note)
        await replies.send(
            interaction,
            embed=card,
            file=_render.chart_file(result.chart),
            view=view_of(SavePlan(shown)),
        )

    @app_commands.command(
        name="margin", description="Per-unit margins, markup and break-even: is 'at cost' a loss?"
    )
    @describe_inputs
    async def margin(
        self,
        interaction: discord.Interaction,
        price: Price = None,
        unit_cost: UnitCost = None,
        tooling: Tooling = None,
        rnd: Rnd = None,
        volume: Volume = None,
        selling_cost: SellingCost = None,
        scenario: Scenario = None,
        save_as: ScenarioName = None,
    ) -> None:
        await self.answer(
            interaction,
            "margin",
            scenario,
            save_as,
            price=price,
            unit_cost=unit_cost,
            tooling=tooling,
            rnd=rnd,
            volume=volume,
            selling_cost=selling_cost,
        )

    @app_commands.command(
        name="services",
        description="Hardware at cost, money from services: lifetime value, payback.",
    )
    @describe_inputs
    async def services(
        self,
        interaction: discord.Interaction,
        price: Price = None,
        unit_cost: UnitCost = None,
        services_arpu: ServicesArpu = None,
        paying_share: PayingShare = None,
        services_margin: ServicesMargin = None,
        retention: Retention = None,
        selling_cost: SellingCost = None,
        scenario: Scenario = None,
        save_as: ScenarioName = None,
    ) -> None:
        await self.answer(
            interaction,
            "services",
            scenario,
            save_as,
            price=price,
            unit_cost=unit_cost,
            services_arpu=services_arpu,
            paying_share=paying_share,
            services_margin=services_margin,
            retention=retention,
            selling_cost=selling_cost,
        )

    @app_commands.command(
        name="critical-mass",
        description="Launch at a loss, ramp up, ride the learning curve: break-even and cash hole.",
    )
    @describe_inputs
    async def critical_mass(
        self,
        interaction: discord.Interaction,
        price: Price = None,
        unit_cost: UnitCost = None,
        learning_rate: LearningRate = None,
        launch_volume: LaunchVolume = None,
        peak_volume: PeakVolume = None,
        ramp_months: RampMonths = None,
        fixed_monthly: FixedMonthly = None,
        tooling: Tooling = None,
        rnd: Rnd = None,
        services_arpu: ServicesArpu = None,
        paying_share: PayingShare = None,
        horizon_months: HorizonMonths = None,
        scenario: Scenario = None,
        save_as: ScenarioName = None,
    ) -> None:
        await self.answer(
            interaction,
            "critical-mass",
            scenario,
            save_as,
            price=price,
            unit_cost=unit_cost,
            learning_rate=learning_rate,
            launch_volume=launch_volume,
            peak_volume=peak_volume,
            ramp_months=ramp_months,
            fixed_monthly=fixed_monthly,
            tooling=tooling,
            rnd=rnd,
            services_arpu=services_arpu,
            paying_share=paying_share,
            horizon_months=horizon_months,
        )

    @app_commands.command(
        name="direct-sales",
        description="What selling online saves against retail channels and ads.",
    )
    @describe_inputs
    async def direct_sales(
        self,
        interaction: discord.Interaction,
        price: Price = None,
        unit_cost: UnitCost = None,
        retail_margin: RetailMargin = None,
        distributor_margin: DistributorMargin = None,
        marketing: Marketing = None,
        direct_costs: DirectCosts = None,
        volume: Volume = None,
        scenario: Scenario = None,
        save_as: ScenarioName = None,
    ) -> None:
        await self.answer(
            interaction,
            "direct-sales",
            scenario,
            save_as,
            price=price,
            unit_cost=unit_cost,
            retail_margin=retail_margin,
            distributor_margin=distributor_margin,
            marketing=marketing,
            direct_costs=direct_costs,
            volume=volume,
        )

    @app_commands.command(
        name="growth", description="Bass adoption, ads vs word of mouth: months to critical mass."
    )
    @describe_inputs
    async def growth(
        self,
        interaction: discord.Interaction,
        market_size: MarketSize = None,
        p: P = None,
        q: Q = None,
        months: HorizonMonths = None,
        critical_share: CriticalShare = None,
        scenario: Scenario = None,
        save_as: ScenarioName = None,
    ) -> None:
        await self.answer(
            interaction,
            "growth",
            scenario,
            save_as,
            market_size=market_size,
            p=p,
            q=q,
            horizon_months=months,
            critical_share=critical_share,
        )


async def setup(bot: FlywheelBot) -> None:
    bot.add_dynamic_items(SavePlan)
    add_forms(bot, SaveForm)
    await bot.add_cog(Lenses(bot))
