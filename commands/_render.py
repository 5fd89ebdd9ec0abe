"""Embeds: the headline figures of each answer, formatted the way the charts format them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import discord

from commands.lens_fields import (
    Field,
    input_value,
    shown,
    simulation_fields,
    simulation_footer,
    swing_text,
)
from model import FIELDS, PLAYBOOK, Plan
from model import results as r
from model.format import by_unit, compact, money, month, percent
from model.playbook import TAGS
from model.values import Cost, Range, Retention

if TYPE_CHECKING:
    from commands.lens_registry import Lens
    from commands.outputs import Answer, Chart
    from model.playbook import Lesson
    from storage import ScenarioRecord, ScenarioSummary

COLOUR = discord.Colour.from_rgb(0, 114, 178)  # the charts' blue
CHART_FILE = "chart.png"


def chart_file(chart: Chart, filename: str = CHART_FILE) -> discord.File:
    return discord.File(io.BytesIO(chart.png), filename=filename, description=chart.alt_text)


def embed(
    title: str,
    fields: Iterable[Field],
    *,
    description: str = "",
    footer: str = "",
    chart: Chart | None = None,
) -> discord.Embed:
    card = discord.Embed(title=title[:256], description=description[:4096], colour=COLOUR)
    for name, value in fields:
        card.add_field(name=name, value=value)
    if footer:
        card.set_footer(text=footer[:2048])
    if chart:
        card.set_image(url=f"attachment://{CHART_FILE}")
    return card


_NUMBERED = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


def safe(text: str) -> str:
    """User-written text shown as typed wherever markdown renders: no masked links, spoilers,
    bold, code, headings, lists, or mention and timestamp tags (mentions never ping anyway).

    Backslashes first, so one of the user's own cannot cancel an escape added here.
    """
    text = discord.utils.escape_markdown(text.replace("\\", "\\\\"))
    return _NUMBERED.sub(r"\1\\.", text).replace("<", "\\<")


def value_text(field: str, value: object, currency: str) -> str:
    """One plan input as people write it: `$199`, `85%`, `4% of price`, `180-220`."""
    kind = FIELDS[field].kind

    def number(amount: float) -> str:
        if kind in {"money", "cost", "marketing"}:
            return money(amount, currency)
        if field in ("p", "q"):  # Bass coefficients are per year, not shares
            return f"{amount:g} a year"
        if kind == "rate":
            return percent(amount)
        if kind == "months":
            return f"{amount:g} months"
        return compact(amount)

    def amount_text(amount: Any, fmt: Callable[[float], str] = number) -> str:
        if isinstance(amount, Range):
            return f"{fmt(amount.low)}–{fmt(amount.high)}"
        return fmt(float(amount))

    if isinstance(value, Cost):
        if value.basis == "share":
            return f"{amount_text(value.amount, percent)} of price"
        per = "unit" if value.basis == "per_unit" else "month"
        return f"{amount_text(value.amount)}/{per}"
    if isinstance(value, Retention):
        if value.basis == "monthly":
            return f"{amount_text(value.amount, percent)} a month"
        return f"{amount_text(value.amount, lambda v: f'{v:g}')}-month lifetime"
    if kind == "currency":
        return str(value)
    return amount_text(value)


def plan_summary(plan: Plan) -> str:
    """The inputs that differ from the defaults, in one line."""
    parts = [
        f"{FIELDS[name].label} {value_text(name, value, plan.currency)}"
        for name, value in vars(plan).items()
        if name != "currency" and value != FIELDS[name].default
    ]
    return " · ".join(parts) or "all defaults"


def _fields_of(lens: Lens[Any], answer: Answer[Any], currency: str) -> list[Field]:
    """The lens's figures (at the midpoints of any ranges), then its own P10/P50/P90."""
    fields = lens.fields(answer.result, currency)
    if answer.simulation is not None:
        fields = [(f"{name} (midpoints)", value) for name, value in fields]
        fields += simulation_fields(answer.simulation, currency)
    return fields[:25]


def _footer(lens: Lens[Any], answer: Answer[Any], currency: str) -> str:
    footer = lens.footer(answer.result, currency)
    if answer.simulation is not None:
        footer += " " + simulation_footer(answer.simulation)
    return footer


def lens_card(lens: Lens[Any], answer: Answer[Any], plan: Plan, *, note: str = "") -> discord.Embed:
    description = f"**Inputs:** {plan_summary(plan)}"
    if verdict := getattr(answer.result, "verdict", ""):
        description = f"{verdict}\n{description}"
    if note:
        description += f"\n{note}"
    return embed(
        answer.chart.title,
        _fields_of(lens, answer, plan.currency),
        description=description,
        footer=_footer(lens, answer, plan.currency),
        chart=answer.chart,
    )


def scenario_card(
    record: ScenarioRecord,
    answer: Answer[Any],
    lens: Lens[Any],
    *,
    shared_by: discord.abc.User | None,
) -> discord.Embed:
    notes = f"{safe(record.notes)}\n" if record.notes else ""
    footer = (
        f"Shared by {shared_by.display_name}: fork it to make your own copy."
        if shared_by
        else "Only you can see this until you share it."
    )
    return embed(
        f"{safe(record.name)}: {answer.chart.title}",
        _fields_of(lens, answer, record.plan.currency),
        description=f"{notes}**Inputs:** {plan_summary(record.plan)}",
        footer=f"{_footer(lens, answer, record.plan.currency)} {footer}",
        chart=answer.chart,
    )


def scenario_list(
    records: list[ScenarioSummary], *, total: int, number: int, count: int
) -> discord.Embed:
    """Page `number` (from 0) of `count` of a user's `total` scenarios."""
    if not total:
        return embed(
            "No scenarios yet",
            [],
            description="Add `save_as:` to any lens command, or run `/scenario save` after one.",
        )
    lines = []
    for record in records:
        shared = " · shared" if record.guild_id is not None else ""
        forked = " · fork" if record.forked_from_id else ""
        updated = discord.utils.format_dt(record.updated_at, "R")
        lines.append(f"**{safe(record.name)}**{shared}{forked} · updated {updated}")
    page = f"Page {number + 1} of {count}. " if count > 1 else ""
    return embed(
        f"Your scenarios ({total})",
        [],
        description="\n".join(lines),
        footer=f"{page}Pick one from the menu to show it, or two to four to compare.",
    )


def comparison(
    records: list[ScenarioRecord], answer: Answer[list[tuple[str, r.CriticalMass]]]
) -> discord.Embed:
    currency = records[0].plan.currency
    differing = [
        name for name in FIELDS if len({repr(getattr(record.plan, name)) for record in records}) > 1
    ]
    fields = []
    for record, (_, result) in zip(records, answer.result, strict=True):
        lines = [
            f"{FIELDS[name].label}: {value_text(name, getattr(record.plan, name), currency)}"
            for name in differing[:8]
        ]
        break_even = shown(result.break_even_month, month, result.notes, "break_even_month")
        lines += [
            f"Break-even: {break_even}",
            f"Cash need within {result.horizon_months} months: {money(result.cash_need, currency)}",
            f"NPV at {percent(result.discount_rate)}/yr: {money(result.npv, currency)}",
        ]
        fields.append((safe(record.name), "\n".join(lines)))
    description = (
        f"Inputs that differ: {', '.join(FIELDS[n].label for n in differing)}."
        if differing
        else "These scenarios have the same inputs."
    )
    return embed(answer.chart.title, fields, description=description, chart=answer.chart)


def sensitivity_card(record: ScenarioRecord, answer: Answer[r.Sensitivity]) -> discord.Embed:
    """Each input's swing in its own unit and how far it moves the figure, in the figure's."""
    result = answer.result
    cur = record.plan.currency

    def figure(value: float | None) -> str:
        if value is None:
            return "never" if result.unit == "months" else "none"
        return by_unit(value, result.unit, cur)

    fields = [
        (
            FIELDS[bar.input].label,
            f"{input_value(bar.low, bar.input_unit, cur)} → "
            f"{input_value(bar.high, bar.input_unit, cur)}: {figure(bar.metric_at_low)} → "
            f"{figure(bar.metric_at_high)} (swing {swing_text(result, bar, cur)})",
        )
        for bar in result.bars[:6]
    ]
    return embed(
        answer.chart.title,
        fields,
        description=f"**{safe(record.name)}**: what moves the {result.label} ({result.basis}) "
        f"most. Base: {figure(result.base)}.",
        footer=" ".join(f"{note[0].upper()}{note[1:]}." for note in result.notes.values()),
        chart=answer.chart,
    )


def playbook_card(answer: Answer[list[str]]) -> discord.Embed:
    """Each lesson: its story, its preset's finding (tagged like its inputs), the preset's
    inputs grouped by where they come from (record, article, assumption), the quoted figures."""
    fields = []
    for number, (lesson, finding) in enumerate(zip(PLAYBOOK, answer.result, strict=True), 1):
        figures = "\n".join(f"• {figure.text}" for figure in lesson.figures)
        fields.append(
            (
                f"{number}. {lesson.title}",
                f"{lesson.summary}\n**Preset ({lesson.result_tag.tag}):** {finding}\n"
                f"{preset_inputs(lesson)}\n{figures}",
            )
        )
    card = embed(
        "The Xiaomi playbook: sell at cost, win on volume and services",
        [],
        description="Five lessons, each with a preset plan run through its lens. Every preset "
        "input says where it comes from: the published record, the source articles, or an "
        "assumption; a finding computed from any assumption is an assumption too.",
        footer="Try a preset yourself: every lens takes your own numbers. /help shows how.",
        chart=answer.chart,
    )
    for name, value in fields:
        card.add_field(name=name[:256], value=value[:1024], inline=False)
    return card


def preset_inputs(lesson: Lesson) -> str:
    """The inputs a preset sets, grouped by tag: `Record: Price $199, ... Assumption: ...`."""
    by_tag: dict[str, list[str]] = {}
    for name, tagged in lesson.set_inputs.items():
        value = value_text(name, getattr(lesson.plan, name), lesson.plan.currency)
        by_tag.setdefault(tagged.tag, []).append(f"{FIELDS[name].label} {value}")
    return " ".join(
        f"*{tag.capitalize()}:* {', '.join(by_tag[tag])}." for tag in TAGS if tag in by_tag
    )
