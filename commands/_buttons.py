"""Buttons and forms that work after a restart and in any shard process: their state is in the
custom_id (`prefix:arg:arg`) or the database, never in the memory of the process that sent them.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

import discord
from discord.ext import commands

from commands.errors import report
from storage.forgetting import set_asked_at


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
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(*(int(arg) for arg in match["args"].split(":")))

    async def callback(self, interaction: discord.Interaction) -> None:
        set_asked_at(interaction.created_at)
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


class PersistentForm(discord.ui.Modal):
    """A form (modal) whose submission any process can take, like a PersistentButton's click.

    discord.py keeps a sent modal in the memory of the process that sent it and drops any
    submission it does not know: one arriving after that process restarted would be lost. So
    `open` sends the form and forgets it; every process registers the form class (`add_forms`)
    and builds it again from the submission's custom_id. Subclasses set `prefix` and `title`,
    give each text input a `custom_id`, and implement `submitted`.
    """

    prefix: ClassVar[str]
    pattern: ClassVar[re.Pattern[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.pattern = re.compile(rf"{cls.prefix}:(?P<args>[\d:]+)")

    def __init__(self, *args: int) -> None:
        super().__init__(custom_id=":".join([self.prefix, *map(str, args)]))
        self.args = args

    async def open(self, interaction: discord.Interaction) -> None:
        """Show the form; its submission comes back through `add_forms`, in whichever process."""
        await interaction.response.send_modal(self)
        self.stop()  # discord.py would otherwise keep it and answer the submission here too

    async def submitted(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        """`values` maps each text input's custom_id to what was typed."""
        raise NotImplementedError


def add_forms(bot: commands.Bot, *forms: type[PersistentForm]) -> None:
    """Take the submissions of these forms in this process, as `add_dynamic_items` does clicks."""

    async def on_interaction(interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit or not interaction.data:
            return
        for form in forms:
            custom_id, components = (
                interaction.data.get(key) for key in ("custom_id", "components")
            )
            match = form.pattern.fullmatch(custom_id) if isinstance(custom_id, str) else None
            if match is None:
                continue
            values = _typed(components if isinstance(components, list) else [])
            set_asked_at(interaction.created_at)
            try:
                await form(*map(int, match["args"].split(":"))).submitted(interaction, values)
            except Exception as error:
                await report(interaction, error)

    bot.add_listener(on_interaction)


def _typed(components: list[Any]) -> dict[str, str]:
    """custom_id -> text from a submission's components (text inputs in rows or labels)."""
    values: dict[str, str] = {}
    for component in components:
        nested = component.get("components") or (
            [component["component"]] if "component" in component else []
        )
        if nested:
            values |= _typed(nested)
        elif "custom_id" in component:
            values[component["custom_id"]] = component.get("value") or ""
    return values
