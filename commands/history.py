"""Scenario history: the versions a name kept when saved over, and what changed each time."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import discord

from commands import _render
from commands.errors import UserFacingError
from commands.services import Services
from commands.what_if_answers import changes_text

if TYPE_CHECKING:
    from storage import ScenarioRecord
    from storage.versions import Version

LINE_MAX = 300


def history_embed(record: ScenarioRecord, versions: list[Version]) -> discord.Embed:
    """Each version, oldest first, with what changed from the one before; the current last."""
    name = _render.safe(record.name)
    current = (versions[-1].number + 1) if versions else 1
    entries = [(v.number, v.plan, v.saved_at) for v in versions]
    entries.append((current, record.plan, record.updated_at))
    lines = []
    for index, (number, plan, saved_at) in enumerate(entries):
        label = f"**v{number}**{' (current)' if number == current else ''}"
        when = discord.utils.format_dt(saved_at, "R")
        if index == 0:
            what = f"{_render.plan_summary(plan)}"
        else:
            what = changes_text(entries[index - 1][1], plan) or "same inputs (notes changed)"
        lines.append(f"{label} · saved {when} · {what[:LINE_MAX]}")
    description = "\n".join(reversed(lines))  # newest first
    if not versions:
        description += (
            "\nOnly one version so far: saving over the name (`/scenario save overwrite:True`) "
            "keeps the earlier one here."
        )
    return _render.embed(
        f"History of {name}"[:256],
        [],
        description=description[:4096],
        footer="Show one with /scenario show name: version:",
    )


async def at_version(services: Services, record: ScenarioRecord, number: int) -> ScenarioRecord:
    """The scenario as it was at version `number` (the current one is the scenario itself)."""
    store = services.store
    current = await store.versions.current_number(record.id)
    if number == current:
        return record
    plan = await store.versions.plan(record.id, number)
    if plan is None:
        raise UserFacingError(
            f"“{_render.safe(record.name)}” has no version {number}: "
            f"/scenario history shows its versions (the current one is {current})."
        )
    return dataclasses.replace(record, name=f"{record.name} (version {number})", plan=plan)
