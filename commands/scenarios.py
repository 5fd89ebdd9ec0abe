"""/scenario save | list | show | history | compare | rename | delete | share | fork | export |
import."""

from __future__ import annotations

import io
import json
from functools import partial
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from commands import _jobs, _render, replies
from commands._buttons import PersistentButton, view_of
from commands._options import OwnScenario, Scenario, ScenarioName, shared_here
from commands._paginator import add_pages, send_pages
from commands.decisions import scenario_tracking
from commands.discuss import DiscussScenario
from commands.errors import UserFacingError
from commands.history import at_version, history_embed
from commands.lens_registry import lens_for
from commands.scenario_list import ScenarioPages
from commands.services import Services, services_of
from storage.rules import read_export_file

if TYPE_CHECKING:
    from storage import ScenarioRecord

IMPORT_LIMIT = 1024 * 1024  # bytes: 200 scenarios export to well under this


async def scenario_reply(
    interaction: discord.Interaction,
    record: ScenarioRecord,
    *,
    public: bool,
    snapshot: int | None = None,
) -> None:
    """The scenario card: inputs, figures and chart; Share for its owner, Fork for others.

    A public (shared) card's Fork gives `snapshot`, the plan as the card shows it, whatever is
    saved over the name later.
    """
    lens = lens_for(record.plan)
    services = services_of(interaction.client)
    work = services.workers.submit(_jobs.answer, lens.name, record.plan)
    answer = await replies.within_deadline(interaction, work, ephemeral=not public)
    mine = record.owner_id == interaction.user.id
    buttons: list[discord.ui.Item] = []
    if public or not mine:
        fork_args = (record.id,) if snapshot is None else (record.id, snapshot)
        buttons.append(ForkScenario(*fork_args))
    elif interaction.guild_id:  # sharing needs a server channel: no button where there is none
        buttons.append(ShareScenario(record.id))
    if public:  # the version it shows rides along, for what-ifs in its Discuss thread
        version = await services.store.versions.current_number(record.id)
        buttons.append(DiscussScenario(record.id, version))
    decided, tracked = await scenario_tracking(interaction, record, ephemeral=not public)
    await replies.send(
        interaction,
        ephemeral=not public,
        embeds=[
            _render.scenario_card(
                record, answer, lens, shared_by=interaction.user if public else None
            ),
            *decided,
        ],
        files=[_render.chart_file(answer.chart), *tracked],
        view=view_of(*buttons),
    )


async def compare_reply(interaction: discord.Interaction, records: list[ScenarioRecord]) -> None:
    """Two to four scenarios on one chart, privately, with the inputs that differ."""
    if len({r.id for r in records}) < len(records):
        raise UserFacingError("Pick different scenarios to compare.")
    named = [(r.name, r.plan) for r in records]
    work = services_of(interaction.client).workers.submit(
        _jobs.compare, named, records[0].plan.currency
    )
    answer = await replies.within_deadline(interaction, work, ephemeral=True)
    await replies.send(
        interaction,
        ephemeral=True,
        embed=_render.comparison(records, answer),
        file=_render.chart_file(answer.chart),
    )


SCENARIO_PAGES = ScenarioPages(show=partial(scenario_reply, public=False), compare=compare_reply)


class ShareScenario(PersistentButton):
    prefix = "scn:share"
    label = "Share in this channel"
    style = discord.ButtonStyle.primary

    async def pressed(self, interaction: discord.Interaction) -> None:
        await share(interaction, f"#{self.args[0]}")


class ForkScenario(PersistentButton):
    prefix = "scn:fork"
    label = "Fork into my scenarios"

    async def pressed(self, interaction: discord.Interaction) -> None:
        """args: the scenario, and the snapshot of its plan the card showed (newer cards)."""
        await fork(interaction, f"#{self.args[0]}", None, snapshot=(self.args[1:] or [None])[0])


async def share(interaction: discord.Interaction, ref: str) -> None:
    if interaction.guild_id is None or interaction.channel_id is None:
        raise UserFacingError(
            "Sharing posts to a server channel: run it in the channel to share to."
        )
    store = services_of(interaction.client).store.scenarios
    record, snapshot = await store.share_card(
        interaction.user.id, ref, guild_id=interaction.guild_id, channel_id=interaction.channel_id
    )
    await scenario_reply(interaction, record, public=True, snapshot=snapshot)


async def fork(
    interaction: discord.Interaction, ref: str, new_name: str | None, snapshot: int | None = None
) -> None:
    store = services_of(interaction.client).store.scenarios
    record = await store.fork(
        interaction.user.id, ref, **shared_here(interaction), new_name=new_name, snapshot=snapshot
    )
    await replies.send(
        interaction,
        ephemeral=True,
        content=f"Forked into your scenarios as “{_render.safe(record.name)}”: it is yours to "
        "change. Try it with `scenario:` on any command.",
    )


class Scenarios(commands.GroupCog, group_name="scenario"):
    """Your named plans: private until you share them."""

    def __init__(self, services: Services) -> None:
        self.services = services
        super().__init__()

    @app_commands.command(
        name="save", description="Save the plan of your last answer under a name."
    )
    @app_commands.describe(
        name="a name you will recognise (1-64 characters)",
        notes="why this plan, what it assumes (up to 1,000 characters)",
        overwrite="replace your scenario of the same name",
    )
    async def save(
        self,
        interaction: discord.Interaction,
        name: ScenarioName,
        notes: app_commands.Range[str, 1, 1000] | None = None,
        overwrite: bool = False,
    ) -> None:
        store = self.services.store
        plan = await store.shown.last(interaction.user.id)
        if plan is None:
            raise UserFacingError(
                "Nothing to save yet: run a lens first (e.g. `/critical-mass price:199 "
                "unit_cost:230`), or add `save_as:` to it."
            )
        saving = store.scenarios.save(
            interaction.user.id, name, plan, notes=notes, overwrite=overwrite
        )
        record = await replies.within_deadline(interaction, saving, ephemeral=True)
        await replies.send(
            interaction, ephemeral=True, content=f"Saved “{_render.safe(record.name)}”."
        )

    @app_commands.command(name="list", description="Your scenarios (only you see this).")
    async def list_(self, interaction: discord.Interaction) -> None:
        await send_pages(interaction, SCENARIO_PAGES)

    @app_commands.command(name="show", description="A scenario's inputs, figures and chart.")
    @app_commands.describe(
        name="your scenario, or one shared in this channel",
        version="an earlier version (see /scenario history)",
    )
    async def show(
        self,
        interaction: discord.Interaction,
        name: Scenario,
        version: app_commands.Range[int, 1] | None = None,
    ) -> None:
        if version is not None:
            name = await at_version(self.services, name, version)
        await scenario_reply(interaction, name, public=False)

    @app_commands.command(name="history", description="A scenario's versions and what changed.")
    @app_commands.describe(name="your scenario, or one shared in this channel")
    async def history(self, interaction: discord.Interaction, name: Scenario) -> None:
        versions = await self.services.store.versions.list(name.id)
        await replies.send(interaction, ephemeral=True, embed=history_embed(name, versions))

    @app_commands.command(name="compare", description="Two to four scenarios on one chart.")
    @app_commands.describe(
        first="a scenario", second="another", third="optional", fourth="optional"
    )
    async def compare(
        self,
        interaction: discord.Interaction,
        first: Scenario,
        second: Scenario,
        third: Scenario | None = None,
        fourth: Scenario | None = None,
    ) -> None:
        records = [r for r in (first, second, third, fourth) if r is not None]
        await compare_reply(interaction, records)

    @app_commands.command(name="rename", description="Rename one of your scenarios.")
    @app_commands.describe(name="your scenario", new_name="its new name")
    async def rename(
        self, interaction: discord.Interaction, name: OwnScenario, new_name: ScenarioName
    ) -> None:
        record = await self.services.store.scenarios.rename(interaction.user.id, name, new_name)
        await replies.send(
            interaction, ephemeral=True, content=f"Renamed to “{_render.safe(record.name)}”."
        )

    @app_commands.command(name="delete", description="Delete one of your scenarios.")
    @app_commands.describe(name="your scenario")
    async def delete(self, interaction: discord.Interaction, name: OwnScenario) -> None:
        await self.services.store.scenarios.delete(interaction.user.id, name)
        await replies.send(interaction, ephemeral=True, content=f"Deleted “{_render.safe(name)}”.")

    @app_commands.command(name="share", description="Post a scenario in this channel for the team.")
    @app_commands.describe(name="your scenario")
    async def share(self, interaction: discord.Interaction, name: OwnScenario) -> None:
        await share(interaction, name)

    @app_commands.command(name="fork", description="Copy a scenario shared here into your own.")
    @app_commands.describe(
        scenario="a scenario shared in this channel", new_name="name for your copy"
    )
    async def fork(
        self,
        interaction: discord.Interaction,
        scenario: Scenario,
        new_name: ScenarioName | None = None,
    ) -> None:
        await fork(interaction, f"#{scenario.id}", new_name)

    @app_commands.command(name="unshare", description="Stop sharing a scenario in this channel.")
    @app_commands.describe(name="your shared scenario (or, with Manage Messages, one shared here)")
    async def unshare(self, interaction: discord.Interaction, name: Scenario) -> None:
        moderator = interaction.permissions.manage_messages
        if name.owner_id != interaction.user.id and not moderator:
            raise UserFacingError(
                "Only its owner, or members who may manage messages here, can unshare it."
            )
        record = await self.services.store.scenarios.unshare(
            interaction.user.id,
            f"#{name.id}",
            **shared_here(interaction),
            moderator=moderator,
        )
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"“{_render.safe(record.name)}” is no longer shared: its cards can no "
            "longer be forked, and it is not offered here any more.",
        )

    @app_commands.command(name="export", description="Download your scenarios as JSON and CSV.")
    @app_commands.describe(name="just this scenario (default: everything)")
    async def export(
        self, interaction: discord.Interaction, name: OwnScenario | None = None
    ) -> None:
        store = self.services.store.scenarios
        data = await store.export(interaction.user.id)
        if name is not None:
            finding = store.get(interaction.user.id, name)
            record = await replies.within_deadline(interaction, finding, ephemeral=True)
            data["scenarios"] = [s for s in data["scenarios"] if s["id"] == record.id]
        work = self.services.workers.submit(_jobs.monthly_csv, data)
        csv_text = await replies.within_deadline(interaction, work, ephemeral=True)
        files = [
            discord.File(
                io.BytesIO(json.dumps(data, indent=2).encode()), "flywheel-scenarios.json"
            ),
            discord.File(io.BytesIO(csv_text.encode()), "flywheel-monthly.csv"),
        ]
        count = len(data["scenarios"])
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"{count} scenario{'s' * (count != 1)}: JSON to re-import with "
            "`/scenario import`, CSV of each one's monthly critical-mass series.",
            files=files,
        )

    @app_commands.command(name="import", description="Load scenarios from a Flywheel JSON export.")
    @app_commands.describe(file="a flywheel-scenarios.json file from /scenario export")
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        if file.size > IMPORT_LIMIT:
            raise UserFacingError("That file is over 1 MB: export files are much smaller.")
        data = read_export_file(await file.read())
        records = await self.services.store.scenarios.import_(interaction.user.id, data)
        names = ", ".join(f"“{_render.safe(r.name)}”" for r in records[:10])
        more = f" and {len(records) - 10} more" if len(records) > 10 else ""
        await replies.send(
            interaction, ephemeral=True, content=f"Imported {len(records)}: {names}{more}."
        )


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(ShareScenario, ForkScenario, DiscussScenario)
    add_pages(bot, SCENARIO_PAGES)
    await bot.add_cog(Scenarios(services_of(bot)))
