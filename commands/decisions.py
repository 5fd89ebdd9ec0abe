"""/decide, /decisions and /actuals: a server's decisions with frozen numbers, later set against
what actually happened.

Plan figures and the plan's monthly series are computed once, in a worker, when the decision
is made and stored with it; plan vs actual is worked out (and charted) in a worker too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from commands import _render, in_place, replies, team_jobs
from commands._buttons import PersistentButton, view_of
from commands._options import NumberInput, Scenario
from commands.errors import UserFacingError
from commands.lens_registry import lens_for
from commands.services import Services, services_of
from commands.team_cards import TRACKING_FILE, decision_card, decisions_list
from model.values import Range, amount_of
from storage import NotAllowed, NotFound
from storage.team import team

if TYPE_CHECKING:
    from commands.outputs import Answer
    from model.tracking import Tracking
    from storage import DecisionRecord, ScenarioRecord

log = logging.getLogger(__name__)
PAGE = 5


class ActualFigure(app_commands.Transformer):
    """What happened, typed like a plan input (`50k`, `$210`) and read the same way, with the
    same autocomplete echo; one number, and `-` allowed for cash."""

    def __init__(self, option: str, field: str, *, signed: bool = False) -> None:
        self.reader = NumberInput(field)
        self.option, self.signed = option, signed

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str
    ) -> list[app_commands.Choice[int | float | str]]:
        return await self.reader.autocomplete(interaction, value)

    async def transform(self, interaction: discord.Interaction, value: str) -> float:
        text = value.strip()
        negative = self.signed and text[:1] in ("-", "−")
        reading = await self.reader.transform(interaction, text[1:] if negative else text)
        amount = amount_of(reading.value)
        if amount is None or isinstance(amount, Range):
            raise UserFacingError(
                f"{self.option} is what happened: one number like `50k` or `$210`, not a range."
            )
        return -float(amount) if negative else float(amount)


if TYPE_CHECKING:
    Units = float
    UnitCost = float
    Price = float
    Cash = float
else:
    Units = app_commands.Transform[float, ActualFigure("units", "volume")]
    UnitCost = app_commands.Transform[float, ActualFigure("unit_cost", "unit_cost")]
    Price = app_commands.Transform[float, ActualFigure("price", "price")]
    Cash = app_commands.Transform[float, ActualFigure("cash", "tooling", signed=True)]


def _months(record: DecisionRecord) -> list[team_jobs.MonthFigures]:
    return [
        team_jobs.MonthFigures(a.month, a.units, a.unit_cost, a.price, a.cash)
        for a in record.actuals
    ]


async def tracking_of(
    services: Services,
    record: DecisionRecord,
    interaction: discord.Interaction,
    *,
    ephemeral: bool = False,
) -> Answer[Tracking] | None:
    """Plan vs actual with its chart, or None before actuals (or for a plan with no series)."""
    series = record.figures.get("series")
    if not record.actuals or not series:
        return None
    work = services.workers.submit(
        team_jobs.tracking, series, _months(record), record.scenario_name
    )
    return await replies.within_deadline(interaction, work, ephemeral=ephemeral)


def tracking_file(answer: Answer[Tracking]) -> discord.File:
    return _render.chart_file(answer.chart, TRACKING_FILE)


async def scenario_tracking(
    interaction: discord.Interaction, record: ScenarioRecord, *, ephemeral: bool
) -> tuple[list[discord.Embed], list[discord.File]]:
    """For `/scenario show`: the latest decision on this scenario here, against its actuals."""
    if interaction.guild_id is None:
        return [], []
    services = services_of(interaction.client)
    try:
        decision = await services.store.decisions.latest(record.name, guild_id=interaction.guild_id)
    except NotFound:
        return [], []
    if decision.scenario_id != record.id:
        return [], []
    answer = await tracking_of(services, decision, interaction, ephemeral=ephemeral)
    if answer is None:
        return [decision_card(decision, None, None)], []
    return [decision_card(decision, answer.result, answer.chart)], [tracking_file(answer)]


class OlderDecisions(PersistentButton):
    prefix = "dec:older"
    label = "Older"

    async def pressed(self, interaction: discord.Interaction) -> None:
        await _show_page(interaction, self.args[0], edit=True)


class NewerDecisions(PersistentButton):
    prefix = "dec:newer"
    label = "Newer"

    async def pressed(self, interaction: discord.Interaction) -> None:
        await _show_page(interaction, self.args[0], edit=True)


async def _show_page(interaction: discord.Interaction, offset: int, *, edit: bool) -> None:
    """A page of the log: privately for /decisions, in place for Older and Newer."""
    services = services_of(interaction.client)
    page = await services.store.decisions.page(
        guild_id=interaction.guild_id, limit=PAGE, offset=offset
    )
    pairs = [(record.figures.get("series"), _months(record)) for record in page.decisions]
    trackings: list[Tracking | None] = [None] * len(pairs)
    if any(series and months for series, months in pairs):
        work = services.workers.submit(team_jobs.tracked, pairs)
        if edit:
            trackings = await in_place.within_deadline(interaction, work)
        else:
            trackings = await replies.within_deadline(interaction, work, ephemeral=True)
    buttons: list[discord.ui.Item] = []
    if page.offset > 0:
        buttons.append(NewerDecisions(max(0, page.offset - PAGE)))
    if page.offset + len(page.decisions) < page.total:
        buttons.append(OlderDecisions(page.offset + PAGE))
    embed, view = decisions_list(page, trackings), view_of(*buttons)
    if edit:
        await in_place.edit(interaction, embed=embed, view=view)
    else:
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)


class Decisions(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="decide", description="Record a decision in this server with the scenario's numbers."
    )
    @app_commands.describe(
        scenario="the scenario the decision rests on (frozen as it is now)",
        decision="what was decided (up to 1,000 characters)",
    )
    async def decide(
        self,
        interaction: discord.Interaction,
        scenario: Scenario,
        decision: app_commands.Range[str, 1, 1000],
    ) -> None:
        guild_id = team(interaction.guild_id)
        plan = scenario.plan
        work = self.services.workers.submit(team_jobs.decided, plan)
        answer, series = await replies.within_deadline(interaction, work, ephemeral=False)
        frozen = _render.lens_card(lens_for(plan), answer, plan)
        figures = {
            "lens": lens_for(plan).name,
            "title": answer.chart.title,
            "fields": [[field.name, field.value] for field in frozen.fields],
            "series": series,
        }
        record = await self.services.store.decisions.record(
            interaction.user.id,
            guild_id=guild_id,
            channel_id=interaction.channel_id or 0,
            text=decision,
            scenario_name=scenario.name,
            plan=plan,
            figures=figures,
            scenario_id=scenario.id,
            author_name=interaction.user.display_name,
        )
        await replies.send(
            interaction,
            embed=decision_card(record, None, answer.chart),
            file=_render.chart_file(answer.chart),
            view=view_of(RemoveDecision(record.id)),
        )
        posted = await interaction.original_response()
        await self.services.store.decisions.set_message(record.id, posted.id, guild_id=guild_id)

    @app_commands.command(
        name="decisions", description="This server's decisions, newest first, and how they track."
    )
    async def decisions(self, interaction: discord.Interaction) -> None:
        team(interaction.guild_id)
        await _show_page(interaction, 0, edit=False)

    @app_commands.command(
        name="actuals", description="Record what happened in a month after a decision."
    )
    @app_commands.describe(
        scenario="the scenario named in the decision (its newest decision here)",
        month="month of the plan, 1 = the first month of sales",
        units="units sold in that month, like 42k",
        unit_cost="average unit cost that month, like $210",
        price="average selling price that month, like $199",
        cash="cumulative cash from the start to the end of that month, like -1.8M",
    )
    async def actuals(
        self,
        interaction: discord.Interaction,
        scenario: app_commands.Range[str, 1, 64],
        month: app_commands.Range[int, 1, 240],
        units: Units | None = None,
        unit_cost: UnitCost | None = None,
        price: Price | None = None,
        cash: Cash | None = None,
    ) -> None:
        store, guild_id = self.services.store.decisions, interaction.guild_id
        decision = await store.latest(scenario, guild_id=guild_id)
        record = await store.record_actuals(
            interaction.user.id,
            decision.id,
            guild_id=guild_id,
            month=month,
            can_manage=interaction.permissions.manage_guild,
            units=units,
            unit_cost=unit_cost,
            price=price,
            cash=cash,
        )
        answer = await tracking_of(self.services, record, interaction)
        if answer is None:
            await replies.send(
                interaction,
                content=f"Recorded month {month} for “{_render.safe(record.scenario_name)}”. "
                "Its plan has no price and unit cost, so there is no plan to set it against.",
            )
            return
        card = decision_card(record, answer.result, answer.chart)
        if await _edit_posted_card(
            interaction, record, embed=card, attachments=[tracking_file(answer)]
        ):
            where = f"{record.guild_id}/{record.channel_id}/{record.message_id}"
            note = f"Updated the decision card: https://discord.com/channels/{where}"
        else:
            note = "(The decision card could not be updated where it was posted: here it is.)"
        await replies.send(interaction, content=note, embed=card, file=tracking_file(answer))

    @actuals.autocomplete("scenario")
    async def decided_scenarios(
        self, interaction: discord.Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        names = await self.services.store.decisions.scenario_names(
            typed, guild_id=interaction.guild_id
        )
        return [app_commands.Choice(name=name, value=name) for name in names]


class RemoveDecision(PersistentButton):
    """Asks first: removing a decision deletes its actuals too, for everyone."""

    prefix = "dec:remove"
    label = "Remove"

    async def pressed(self, interaction: discord.Interaction) -> None:
        store = services_of(interaction.client).store.decisions
        record = await store.get(self.args[0], guild_id=interaction.guild_id)
        if record.author_id != interaction.user.id and not interaction.permissions.manage_guild:
            raise NotAllowed(
                "Only the person who recorded this decision, or someone with Manage Server, "
                "can remove it."
            )
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"Remove decision #{record.id} and its {len(record.actuals)} month(s) of "
            "actuals from this server's log, for everyone? Dismiss this message to keep it.",
            view=view_of(ConfirmRemoval(record.id)),
        )


class ConfirmRemoval(PersistentButton):
    prefix = "dec:remove-confirm"
    label = "Remove for good"
    style = discord.ButtonStyle.danger

    async def pressed(self, interaction: discord.Interaction) -> None:
        store = services_of(interaction.client).store.decisions
        removed = await store.remove(
            interaction.user.id,
            self.args[0],
            guild_id=interaction.guild_id,
            can_manage=interaction.permissions.manage_guild,
        )
        gone = _render.embed(
            f"Decision #{removed.id} was removed",
            [],
            description=f"Removed by {_render.safe(interaction.user.display_name)}.",
        )
        await _edit_posted_card(interaction, removed, embed=gone, attachments=[], view=None)
        await interaction.response.edit_message(
            content=f"Removed decision #{removed.id}.", view=None
        )


async def _edit_posted_card(
    interaction: discord.Interaction, record: DecisionRecord, **changes: Any
) -> bool:
    """Edit the decision card where it was posted; False if that message is out of reach
    (deleted, or in a server the bot is not in)."""
    if record.message_id is None:
        return False
    channel = interaction.client.get_partial_messageable(record.channel_id)
    try:
        await channel.get_partial_message(record.message_id).edit(**changes)
    except discord.HTTPException as error:
        log.info("decision card not updated", extra={"status": error.status})
        return False
    return True


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(OlderDecisions, NewerDecisions, RemoveDecision, ConfirmRemoval)
    await bot.add_cog(Decisions(services_of(bot)))
