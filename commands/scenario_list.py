"""/scenario list in pages of 20: all of a user's scenarios (up to 200), a menu to show one of
the page or compare two to four of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from commands import _render
from commands._paginator import Page, PageSource
from commands.errors import UserFacingError
from commands.services import services_of

if TYPE_CHECKING:
    from storage import ScenarioRecord

# 20 lines of the longest names (64 characters, each escaped) fit an embed's 4,096; the menu
# takes up to 25 options.
PAGE_SIZE = 20
COMPARED_MAX = 4

Show = Callable[[discord.Interaction, "ScenarioRecord"], Awaitable[None]]
Compare = Callable[[discord.Interaction, list["ScenarioRecord"]], Awaitable[None]]


class ScenarioPages(PageSource):
    """A user's own scenarios by name; picking answers with the scenario card or a comparison
    (`show` and `compare`, given by the scenario commands)."""

    name = "scenarios"

    def __init__(self, show: Show, compare: Compare) -> None:
        self.show = show
        self.compare = compare

    async def page(self, interaction: discord.Interaction, owner: int, number: int) -> Page:
        records = await services_of(interaction.client).store.scenarios.list(owner)
        count = max(1, -(-len(records) // PAGE_SIZE))
        number = min(number, count - 1)
        shown = records[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        options = [
            discord.SelectOption(
                label=record.name,
                value=str(record.id),
                description=f"{'shared · ' if record.guild_id else ''}updated "
                f"{record.updated_at:%Y-%m-%d}",
            )
            for record in shown
        ]
        return Page(
            embed=_render.scenario_list(shown, total=len(records), number=number, count=count),
            number=number,
            count=count,
            options=options,
            placeholder="Show one, or pick 2 to 4 to compare",
            most_picked=COMPARED_MAX,
        )

    async def picked(self, interaction: discord.Interaction, owner: int, values: list[str]) -> None:
        store = services_of(interaction.client).store.scenarios
        if not 1 <= len(values) <= COMPARED_MAX:
            raise UserFacingError("Pick one scenario to show, or two to four to compare.")
        records = [await store.get(owner, f"#{value}") for value in values]
        if len(records) == 1:
            await self.show(interaction, records[0])
        else:
            await self.compare(interaction, records)
