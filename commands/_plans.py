"""Building the plan a command answers, and saving a plan shown in a reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.tree import UserFacingError, report
from commands._buttons import PersistentButton
from model import Plan, PlanError

if TYPE_CHECKING:
    from bot.client import FlywheelBot
    from storage import ScenarioRecord


def plan_from(scenario: ScenarioRecord | None, inputs: dict[str, object]) -> Plan:
    """The scenario's plan (or the defaults) with what the user typed on top."""
    base = scenario.plan if scenario else Plan()
    try:
        return base.replace(**{name: value for name, value in inputs.items() if value is not None})
    except PlanError as error:
        raise UserFacingError(str(error)) from error


class SaveModal(discord.ui.Modal, title="Save this plan as a scenario"):
    name = discord.ui.TextInput(label="Name", min_length=1, max_length=64)
    notes = discord.ui.TextInput(
        label="Notes (optional)", style=discord.TextStyle.paragraph, required=False, max_length=1000
    )

    def __init__(self, snapshot_id: int) -> None:
        super().__init__(timeout=15 * 60)
        self.snapshot_id = snapshot_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot: FlywheelBot = interaction.client  # type: ignore[assignment]
        store = bot.store.scenarios
        plan = await store.recall(self.snapshot_id)
        saved = await store.save(
            interaction.user.id, self.name.value, plan, notes=self.notes.value or None
        )
        await interaction.response.send_message(
            f"Saved as “{discord.utils.escape_markdown(saved.name)}”. "
            "Recall it with `scenario:` on any command, or `/scenario show`.",
            ephemeral=True,
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report(interaction, error)


class SavePlan(PersistentButton):
    """Save the plan behind a reply (by its stored snapshot) into the presser's scenarios."""

    prefix = "plan:save"
    label = "Save"
    style = discord.ButtonStyle.primary

    async def pressed(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(SaveModal(self.args[0]))
