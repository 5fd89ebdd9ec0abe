"""/estimate: gather each teammate's number for one input, hidden until the asker reveals them,
then turn the spread into a range and see its effect.

The card's buttons and form carry the request's number in their custom_id and read everything
else from the database, so they work from any shard and after a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from commands import _render, in_place, replies
from commands._buttons import PersistentButton, PersistentForm, add_forms, view_of
from commands._options import Scenario
from commands.answers import lens_answer
from commands.lens_registry import lens_for
from commands.services import Services, services_of
from commands.team_cards import (
    asked_card,
    copy_name,
    in_plan_form,
    input_label,
    revealed_card,
    shown_value,
)
from model import FIELDS, Plan
from model.estimates import EstimateRange, estimate_range
from storage import AlreadyRevealed
from storage.team import ESTIMABLE

if TYPE_CHECKING:
    from storage.estimates import Revealed

INPUT_CHOICES = [app_commands.Choice(name=FIELDS[name].label, value=name) for name in ESTIMABLE]


class EstimateForm(PersistentForm, title="Your estimate"):
    """One field, in the input language; the answer is private, the card shows only a count."""

    prefix = "est:form"
    estimate: discord.ui.TextInput[EstimateForm] = discord.ui.TextInput(
        label="Your estimate", custom_id="estimate", min_length=1, max_length=60
    )

    async def submitted(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        store = services_of(interaction.client).store.estimates
        request_id, guild_id = self.args[0], interaction.guild_id
        added = await store.add(
            interaction.user.id,
            request_id,
            values.get("estimate", ""),
            guild_id=guild_id,
            author=interaction.user.display_name,
        )
        request = await store.request(request_id, guild_id=guild_id)
        await interaction.response.edit_message(embed=asked_card(request))
        await interaction.followup.send(
            f"Got it: your estimate of {input_label(request.input_field)} is "
            f"{shown_value(request.plan, request.input_field, added.amount)}. Only you can see "
            "this. Press **Add my estimate** again to change it before the reveal: your latest "
            "answer counts.",
            ephemeral=True,
        )


class AddEstimate(PersistentButton):
    prefix = "est:add"
    label = "Add my estimate"
    style = discord.ButtonStyle.primary

    async def pressed(self, interaction: discord.Interaction) -> None:
        store = services_of(interaction.client).store.estimates
        request = await store.request(self.args[0], guild_id=interaction.guild_id)
        if request.revealed:
            raise AlreadyRevealed("These estimates were revealed: ask again with /estimate.")
        mine = await store.mine(interaction.user.id, request.id, guild_id=interaction.guild_id)
        form = EstimateForm(request.id)
        form.title = f"Your estimate of {input_label(request.input_field)}"[:45]
        example = _example(request.plan, request.input_field)
        form.estimate.placeholder = f"{example}; hidden until revealed"
        form.estimate.default = mine.typed if mine else None
        await form.open(interaction)


class RevealEstimates(PersistentButton):
    prefix = "est:reveal"
    label = "Reveal"

    async def pressed(self, interaction: discord.Interaction) -> None:
        services = services_of(interaction.client)
        revealed = await services.store.estimates.reveal(
            interaction.user.id, self.args[0], guild_id=interaction.guild_id
        )
        spread = await in_place.within_deadline(interaction, _spread(services, revealed))
        await in_place.edit(
            interaction,
            embed=revealed_card(revealed, spread),
            view=view_of(UseAsRange(self.args[0])),
        )


class UseAsRange(PersistentButton):
    """Save the scenario with the team's range in the presser's scenarios and answer with it."""

    prefix = "est:range"
    label = "Use as range"
    style = discord.ButtonStyle.primary

    async def pressed(self, interaction: discord.Interaction) -> None:
        services = services_of(interaction.client)
        revealed = await services.store.estimates.revealed(
            self.args[0], guild_id=interaction.guild_id
        )
        spread = await replies.within_deadline(
            interaction, _spread(services, revealed), ephemeral=False
        )
        request, field = revealed.request, revealed.request.input_field
        plan = request.plan.replace(**{field: in_plan_form(request.plan, field, spread.amount)})
        reply = await lens_answer(
            services,
            lens_for(plan),
            plan,
            actor=interaction.user.id,
            wait=lambda work: replies.within_deadline(interaction, work, ephemeral=False),
        )
        saved = await services.store.scenarios.save(  # once the plan has an answer
            interaction.user.id, copy_name(request.scenario_name), plan, overwrite=True
        )
        ranged = shown_value(plan, field, spread.amount)
        how = (
            f"the {spread.method} range {ranged}: {spread.reason}"
            if spread.low < spread.high
            else f"{ranged}: everyone gave the same number, so there is no range"
        )
        whose = _render.safe(interaction.user.display_name)
        reply.embed.description = (
            f"{reply.embed.description}\nThe team's {input_label(field)} is {how}. Saved in "
            f"{whose}'s scenarios as “{_render.safe(saved.name)}” (use it with `scenario:`, "
            "or `/decide`)."
        )[:4096]
        await replies.send(interaction, **reply.message())


async def _spread(services: Services, revealed: Revealed) -> EstimateRange:
    """The estimates' range, worked out in a worker (numpy stays off the event loop)."""
    amounts = [estimate.amount for estimate in revealed.estimates]
    return await services.workers.submit(estimate_range, amounts)


_BY_BASIS = {
    "per_unit": "like 8 (per unit)",
    "per_month": "like 50k/month",
    "share": "like 4% (of price)",
    "monthly": "like 97% (still active each month)",
    "lifetime": "like 24mo (a lifetime)",
}
_BY_KIND = {
    "rate": "like 15%",
    "count": "like 50k",
    "months": "like 6",
    "money": "like 170 or $1.2k",
}


def _example(plan: Plan, field: str) -> str:
    """How to type an estimate of `field`: the way this plan holds it (a cost per unit, say)."""
    basis = getattr(getattr(plan, field), "basis", None)
    return _BY_BASIS.get(basis or "", _BY_KIND.get(FIELDS[field].kind, "one number"))


class Estimates(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="estimate",
        description="Ask the team to estimate one input of a scenario, hidden until you reveal.",
    )
    @app_commands.describe(
        scenario="the scenario the estimate is for (yours or one shared in this channel)",
        input="the plan input to estimate",
        question="your own wording (default: What's your estimate of <input> for <scenario>?)",
    )
    @app_commands.choices(input=INPUT_CHOICES)
    async def estimate(
        self,
        interaction: discord.Interaction,
        scenario: Scenario,
        input: app_commands.Choice[str],
        question: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        store = self.services.store.estimates
        request = await store.open_request(
            interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id or 0,
            scenario_name=scenario.name,
            plan=scenario.plan,
            input_field=input.value,
            question=question,
            scenario_id=scenario.id,
        )
        await replies.send(
            interaction,
            embed=asked_card(request),
            view=view_of(AddEstimate(request.id), RevealEstimates(request.id)),
        )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(AddEstimate, RevealEstimates, UseAsRange)
    add_forms(bot, EstimateForm)
    await bot.add_cog(Estimates(services_of(bot)))
