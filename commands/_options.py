"""Slash-command option types: plan inputs read by model's input language, scenario references."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from commands.services import services_of
from model import FIELDS, PlanError, Reading, describe_input, parse_input, read_input
from model.parse import DEFAULT_LOCALE

if TYPE_CHECKING:
    from storage import ScenarioRecord

F = TypeVar("F", bound=Callable[..., Any])


class PlanInput(app_commands.Transformer):
    """Text typed for one plan input, read by the user's locale (`interaction.locale`)."""

    def __init__(self, field: str) -> None:
        self.field = field

    async def transform(self, interaction: discord.Interaction, value: str) -> Reading:
        """The value and the currency its symbol names; PlanError (AmbiguousNumber when the
        locale does not settle a separator) becomes a private message naming the option."""
        return read_input(self.field, value, _locale(interaction))


class NumberInput(PlanInput):
    """A number typed the way people write it (`1.2k`, `$1,999`, `2.500`, `15%`, `180-220`);
    autocomplete echoes how the text is read before it is sent (`2.500 → 2,500 units`)."""

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[int | float | str]]:
        text = str(value).strip()
        if not text:
            return []
        currency = getattr(interaction.namespace, "currency", None) or "USD"
        echo = describe_input(self.field, text, _locale(interaction), _code(currency))
        return [app_commands.Choice(name=_clip(echo, 100), value=text[:100])]


def _locale(interaction: discord.Interaction) -> str:
    return str(interaction.locale.value if interaction.locale else DEFAULT_LOCALE)


def _code(currency: str) -> str:
    """The currency the echo shows money in: a code or symbol typed in currency:, else USD."""
    try:
        return str(parse_input("currency", currency))
    except PlanError:
        return "USD"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_input(field: str) -> Any:
    """The option type of one plan input: text read by model's input language."""
    kind = PlanInput if FIELDS[field].kind == "currency" else NumberInput
    return app_commands.Transform[Reading, kind(field)]


# A seed printed under a card with ranges, accepted back to replay the run (Discord's integer
# options stop at 2^53).
Seed = app_commands.Range[int, 0, 2**53 - 1]

ScenarioName = app_commands.Range[str, 1, 64]


def shared_here(interaction: discord.Interaction) -> dict[str, Any]:
    """Where shares are seen from this interaction: its channel, and a thread's parent."""
    return shared_in(interaction.guild_id, interaction.channel_id, interaction.channel)


def shared_in(guild_id: int | None, channel_id: int | None, channel: object) -> dict[str, Any]:
    """Where shares are seen from a channel (a message's, or an interaction's): the channel
    itself, and a thread's parent. The keyword arguments the scenario repository takes."""
    parent = getattr(channel, "parent_id", None)
    channels = [c for c in (channel_id, parent) if c is not None]
    return {"guild_id": guild_id, "channels": channels}


class _ScenarioChoices(app_commands.Transformer):
    """Autocomplete over your scenarios (and, with `shared_here`, those shared in this channel).

    No per-process cache: several shard processes write to the same database.
    """

    shared_here = True

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[int | float | str]]:
        store = services_of(interaction.client).store
        here = shared_here(interaction) if self.shared_here else {"guild_id": None}
        found = await store.scenarios.search(interaction.user.id, str(value), **here, limit=25)
        return [app_commands.Choice(name=label[:100], value=ref) for label, ref in found]


class ScenarioRef(_ScenarioChoices):
    """One of your scenarios, or one shared in this channel."""

    async def transform(self, interaction: discord.Interaction, value: str) -> ScenarioRecord:
        store = services_of(interaction.client).store
        return await store.scenarios.get(interaction.user.id, value, **shared_here(interaction))


class OwnScenarioRef(_ScenarioChoices):
    """The name of one of your own scenarios; commands look it up themselves."""

    shared_here = False

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        return value


Scenario = app_commands.Transform["ScenarioRecord", ScenarioRef]
OwnScenario = app_commands.Transform[str, OwnScenarioRef]

OPTION_DESCRIPTIONS = {
    "scenario": "start from one of your scenarios or one shared in this channel",
    "save_as": "save the result as a scenario with this name",
    "seed": "replay a run with ranges exactly: the seed printed under its card",
}


def describe_inputs(func: F) -> F:
    """Describe each option from model.FIELDS, so no description is written twice."""
    names = inspect.signature(func).parameters
    described = {name: FIELDS[name].description for name in names if name in FIELDS}
    described |= {name: text for name, text in OPTION_DESCRIPTIONS.items() if name in names}
    return app_commands.describe(**described)(func)
