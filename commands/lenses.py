"""/margin, /services, /critical-mass, /direct-sales, /growth: one slash command per lens.

Each command is built from its registry entry: its options are the entry's plan inputs (typed
with `PlanInput`, described from model.FIELDS), then `scenario:` and `save_as:`.
"""

from __future__ import annotations

import inspect
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from commands import replies
from commands._buttons import add_forms
from commands._options import Scenario, ScenarioName, describe_inputs, plan_input
from commands._plans import SaveForm, SavePlan, plan_from
from commands.answers import lens_answer
from commands.lens_registry import LENSES, OPTION_FIELDS, Lens
from commands.services import services_of


def lens_command(lens: Lens[Any]) -> app_commands.Command[Any, ..., None]:
    """The slash command of a lens: its options, then `scenario:` and `save_as:`."""

    async def answer(interaction: discord.Interaction, **typed: Any) -> None:
        scenario = typed.pop("scenario", None)
        save_as = typed.pop("save_as", None)

        def within_deadline(work: Any) -> Any:
            return replies.within_deadline(interaction, work, ephemeral=False)

        reply = await lens_answer(
            services_of(interaction.client),
            lens,
            plan_from(scenario, lens.inputs(typed)),
            actor=interaction.user.id,
            save_as=save_as,
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
            *(option(name, plan_input(OPTION_FIELDS.get(name, name))) for name in lens.options),
            option("scenario", Scenario),
            option("save_as", ScenarioName),
        ]
    )
    return app_commands.Command(
        name=lens.name, description=lens.description, callback=describe_inputs(answer)
    )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(SavePlan)
    add_forms(bot, SaveForm)
    for lens in LENSES.values():
        bot.tree.add_command(lens_command(lens))
