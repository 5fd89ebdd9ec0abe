"""A private list in pages: Previous/Next buttons, and a menu to act on what the page shows.

The controls are persistent (`DynamicItem`s), not a `View` with a timeout. A private list stays
on its owner's screen until they dismiss it; a timed-out View would go dead while still shown,
and a restart, a deploy or a click landing in another shard process would kill it too. So each
control's custom_id carries what it needs (`pages:<source>:<owner>:<page>:<action>`) and the
page is read again on every click: a rename or deletion since shows up, and a page that no
longer exists becomes the last one. Only the list's owner may use its controls.

A list is a `PageSource`, registered once per process with `add_pages`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import discord
from discord.ext import commands

from commands import replies
from commands.errors import UserFacingError, report

_SOURCES: dict[str, PageSource] = {}
_ID = r"pages:(?P<source>[a-z-]+):(?P<owner>\d+):(?P<page>\d+)"


@dataclass(frozen=True)
class Page:
    """One page as its source renders it; `number` may be lower than the one asked for."""

    embed: discord.Embed
    number: int
    count: int
    options: list[discord.SelectOption] = field(default_factory=list)  # at most 25
    placeholder: str = ""
    most_picked: int = 1  # how many options the menu takes at once


class PageSource(ABC):
    name: ClassVar[str]  # in custom_ids: lower-case letters and dashes

    @abstractmethod
    async def page(self, interaction: discord.Interaction, owner: int, number: int) -> Page:
        """Page `number` (from 0) of `owner`'s list, or its last page if there are fewer."""

    @abstractmethod
    async def picked(self, interaction: discord.Interaction, owner: int, values: list[str]) -> None:
        """Answer the owner's pick from the page's menu (option values)."""


def add_pages(bot: commands.Bot, source: PageSource) -> None:
    """Let this process serve the controls of `source`'s lists."""
    _SOURCES[source.name] = source
    bot.add_dynamic_items(TurnPage, PickFromPage)


async def send_pages(interaction: discord.Interaction, source: PageSource) -> None:
    """The first page of the user's list, privately."""
    page = await source.page(interaction, interaction.user.id, 0)
    view = _controls(source.name, interaction.user.id, page)
    await replies.send(interaction, ephemeral=True, embed=page.embed, view=view)


def _controls(source: str, owner: int, page: Page) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if page.options:
        view.add_item(PickFromPage(source, owner, page.number, page))
    if page.count > 1:
        for way in ("previous", "next"):
            view.add_item(TurnPage(source, owner, page.number, way, page.count))
    return view


class _Control:
    """What both controls share: their source and owner, checked before acting."""

    source: str
    owner: int

    async def act(self, interaction: discord.Interaction, source: PageSource) -> None:
        raise NotImplementedError

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.user.id != self.owner:
                raise UserFacingError("This list is someone else's: run the command for yours.")
            source = _SOURCES.get(self.source)
            if source is None:
                raise UserFacingError("This list is out of date: run the command again.")
            await self.act(interaction, source)
        except Exception as error:
            await report(interaction, error)


class TurnPage(
    _Control, discord.ui.DynamicItem[discord.ui.Button], template=_ID + ":(?P<way>previous|next)"
):
    def __init__(self, source: str, owner: int, page: int, way: str, count: int = 0) -> None:
        self.source, self.owner = source, owner
        self.target = page - 1 if way == "previous" else page + 1
        button: discord.ui.Button = discord.ui.Button(
            label=way.capitalize(),
            custom_id=f"pages:{source}:{owner}:{page}:{way}",
            disabled=not 0 <= self.target < count,
        )
        super().__init__(button)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["source"], int(match["owner"]), int(match["page"]), match["way"])

    async def act(self, interaction: discord.Interaction, source: PageSource) -> None:
        page = await source.page(interaction, self.owner, max(self.target, 0))
        await interaction.response.edit_message(
            embed=page.embed, view=_controls(self.source, self.owner, page)
        )


class PickFromPage(_Control, discord.ui.DynamicItem[discord.ui.Select], template=_ID + ":pick"):
    def __init__(self, source: str, owner: int, number: int, page: Page | None = None) -> None:
        self.source, self.owner = source, owner
        menu: discord.ui.Select = discord.ui.Select(
            custom_id=f"pages:{source}:{owner}:{number}:pick"
        )
        if page is not None:
            menu.options = page.options
            menu.placeholder = page.placeholder
            menu.max_values = min(page.most_picked, len(page.options))
        super().__init__(menu)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["source"], int(match["owner"]), int(match["page"]))

    async def act(self, interaction: discord.Interaction, source: PageSource) -> None:
        await source.picked(interaction, self.owner, self.item.values)
