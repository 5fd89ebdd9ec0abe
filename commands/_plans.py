"""Building the plan a command answers, and saving a plan shown in a reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from commands import _render, replies
from commands._buttons import PersistentButton, PersistentForm
from commands.errors import UserFacingError
from commands.services import services_of
from model import Plan, PlanError

if TYPE_CHECKING:
    from storage import ScenarioRecord


def plan_from(scenario: ScenarioRecord | None, inputs: dict[str, object]) -> Plan:
    """The scenario's plan (or the defaults) with what the user typed on top."""
    base = scenario.plan if scenario else Plan()
    try:
        return base.replace(**{name: value for name, value in inputs.items() if value is not None})
    except PlanError as error:
        raise UserFacingError(str(error)) from error


class SaveForm(PersistentForm, title="Save this plan as a scenario"):
    """Name (and notes) for the plan of a reply, by its stored number."""

    prefix = "plan:save-form"
    name: discord.ui.TextInput[SaveForm] = discord.ui.TextInput(
        label="Name", custom_id="name", min_length=1, max_length=64
    )
    notes: discord.ui.TextInput[SaveForm] = discord.ui.TextInput(
        label="Notes (optional)",
        custom_id="notes",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=1000,
    )

    async def submitted(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        store = services_of(interaction.client).store
        number, *rest = self.args  # newer cards add the lens, then whom the plan was shown to
        plan = await store.shown.recall(number, rest[1] if len(rest) > 1 else None)
        saving = store.scenarios.save(
            interaction.user.id, values["name"], plan, notes=values.get("notes") or None
        )
        saved = await replies.within_deadline(interaction, saving, ephemeral=True)
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"Saved as “{_render.safe(saved.name)}”. "
            "Recall it with `scenario:` on any command, or `/scenario show`.",
        )


class SavePlan(PersistentButton):
    """Save the plan behind a reply (by its stored snapshot) into the presser's scenarios.

    args: the shown plan's number, and (newer cards) its lens code (commands/cards) and whom
    it was shown to.
    """

    prefix = "plan:save"
    label = "Save"
    style = discord.ButtonStyle.primary

    async def pressed(self, interaction: discord.Interaction) -> None:
        await SaveForm(*self.args).open(interaction)
