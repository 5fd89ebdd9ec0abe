"""/margin, /services, /critical-mass, /direct-sales, /growth: one slash command per lens.

Each command is built from its registry entry: its options are the plan inputs the lens reads
(model.LENS_INPUTS, read by the user's locale and described from model.FIELDS), then
`currency:`, `seed:` (replays a run with ranges), `scenario:` and `save_as:`.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from commands import replies
from commands._buttons import add_forms
from commands._options import Scenario, ScenarioName, Seed, describe_inputs, plan_input
from commands._plans import SaveForm, SavePlan, plan_from
from commands.answers import lens_answer
from commands.lens_registry import LENSES, Lens
from commands.services import services_of
from model import Reading, agreed_currency

if TYPE_CHECKING:
    from storage import ScenarioRecord


def lens_command(lens: Lens[Any]) -> app_commands.Command[Any, ..., None]:
    """The slash command of a lens: its inputs, `currency:`, `seed:`, `scenario:`, `save_as:`."""

    async def answer(interaction: discord.Interaction, **typed: Any) -> None:
        scenario = typed.pop("scenario", None)
        save_as = typed.pop("save_as", None)
        seed = typed.pop("seed", None)
        currency = typed.pop("currency", None)
        readings = {name: reading for name, reading in typed.items() if reading is not None}

        def within_deadline(work: Any) -> Any:
            return replies.within_deadline(interaction, work, ephemeral=False)

        reply = await lens_answer(
            services_of(interaction.client),
            lens,
            plan_from(scenario, plan_inputs(scenario, currency, readings)),
            actor=interaction.user.id,
            save_as=save_as,
            seed=seed,
            wait=within_deadline,
        )
        await replies.send(interaction, **reply.message())

    def option(name: str, annotation: Any) -> inspect.Parameter:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Parameter(name, kind, default=None, annotation=annotation)

    interaction = inspect.Parameter(
        "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
    )
    answer.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            interaction,
            *(option(name, plan_input(name)) for name in lens.options),
            option("currency", plan_input("currency")),
            option("seed", Seed),
            option("scenario", Scenario),
            option("save_as", ScenarioName),
        ]
    )
    return app_commands.Command(
        name=lens.name, description=lens.description, callback=describe_inputs(answer)
    )


def plan_inputs(
    scenario: ScenarioRecord | None, currency: Reading | None, readings: dict[str, Reading]
) -> dict[str, object]:
    """The typed inputs as plan values; a currency symbol typed with money sets the plan's
    currency, and must match `currency:` or the scenario's currency when either is given."""
    given = currency.value if currency else (scenario.plan.currency if scenario else None)
    symbol = agreed_currency(given, readings)  # a PlanError: a private message naming it
    inputs: dict[str, object] = {name: reading.value for name, reading in readings.items()}
    if symbol or currency:
        inputs["currency"] = symbol or given
    return inputs


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(SavePlan)
    add_forms(bot, SaveForm)
    for lens in LENSES.values():
        bot.tree.add_command(lens_command(lens))
