"""Buttons that keep working after a restart and in any shard process: their state is in the id."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord

from bot.tree import report


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button], template=r"(?!)"):
    """A button whose custom_id carries its arguments (`prefix:arg:arg`), registered at start-up.

    Subclasses set `prefix`, `label`, `style`, and implement `pressed`; every error goes to the
    same reporter as slash-command errors.
    """

    prefix: ClassVar[str]
    label: ClassVar[str]
    style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(template=rf"{cls.prefix}:(?P<args>[\d:]+)", **kwargs)

    def __init__(self, *args: int) -> None:
        self.args = args
        custom_id = ":".join([self.prefix, *map(str, args)])
        super().__init__(discord.ui.Button(label=self.label, style=self.style, custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> Self:
        return cls(*(int(arg) for arg in match["args"].split(":")))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.pressed(interaction)
        except Exception as error:
            await report(interaction, error)

    async def pressed(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


def view_of(*buttons: discord.ui.Item) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button)
    return view
