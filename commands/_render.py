"""Embeds: the headline figures of each answer, formatted the way the charts format them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import discord

from model import FIELDS, PLAYBOOK, SENSITIVITY_METRICS, Plan
from model import results as r
from model.format import compact, money, month, percent, short_label, units
from model.values import Cost, Range, Retention

if TYPE_CHECKING:
    from commands._jobs import Answer, Chart
    from storage import ScenarioRecord, ScenarioSummary

COLOUR = discord.Colour.from_rgb(0, 114, 178)  # the charts' blue
Field = tuple[str, str]
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


def _shown(
    value: float | None, fmt: Callable[[float], str], notes: dict[str, str], field: str
) -> str:
    """A figure, or the model's reason in words when it does not exist."""
    return fmt(value) if value is not None else notes.get(field, "none")


def margin_fields(m: r.Margins, cur: str) -> list[Field]:
    return [
        ("Price / unit cost", f"{money(m.price, cur)} / {money(m.unit_cost, cur)}"),
        ("Gross margin", f"{percent(m.gross_margin)} ({money(m.price - m.unit_cost, cur)}/unit)"),
        (
            "Contribution",
            f"{money(m.contribution_per_unit, cur)}/unit ({percent(m.contribution_margin)})",
        ),
        (
            "Fully loaded",
            f"{money(m.fully_loaded_per_unit, cur)}/unit ({percent(m.fully_loaded_margin)})",
        ),
        ("Markup on cost", _shown(m.markup, percent, m.notes, "markup")),
        ("Break-even volume", _shown(m.break_even_volume, units, m.notes, "break_even_volume")),
    ]


def services_fields(s: r.Services, cur: str) -> list[Field]:
    def cash(value: float) -> str:
        return money(value, cur)

    return [
        ("Lifetime value per buyer", cash(s.lifetime_value)),
        ("Hardware margin", f"{cash(s.hardware_margin)}/unit"),
        ("Services margin", f"{cash(s.monthly_services_margin)}/buyer/month"),
        ("Payback", _shown(s.payback_month, month, s.notes, "payback_month")),
        (
            "Lowest price that pays back",
            _shown(s.min_hardware_price, cash, s.notes, "min_hardware_price"),
        ),
        (
            "Monthly ARPU that repays the hardware",
            _shown(s.break_even_arpu, cash, s.notes, "break_even_arpu"),
        ),
    ]


def critical_mass_fields(c: r.CriticalMass, cur: str) -> list[Field]:
    def when(field: str) -> str:
        return _shown(getattr(c, field), month, c.notes, field)

    irr = _shown(c.irr_annual, _annual_rate, c.notes, "irr_annual")
    return [
        ("Unit margin turns positive", when("unit_margin_positive_month")),
        ("Critical mass (cash-positive month)", when("critical_mass_month")),
        ("Break-even (cumulative cash ≥ 0)", when("break_even_month")),
        (
            "Units sold by break-even",
            _shown(c.units_at_break_even, units, c.notes, "units_at_break_even"),
        ),
        ("Deepest cash need", f"{money(-c.deepest_cash, cur)} (in {month(c.deepest_cash_month)})"),
        ("NPV / IRR", f"{money(c.npv, cur)} / {irr}"),
    ]


def _annual_rate(rate: float) -> str:
    # Tiny outlays repaid within months annualise to absurd rates: past 1,000% say so instead.
    return f"{percent(rate)} a year" if rate <= 10 else "over 1,000% a year"


def direct_sales_fields(d: r.DirectSales, cur: str) -> list[Field]:
    return [
        ("Shelf price via retail", money(d.shelf_price_retail, cur)),
        ("Shelf price direct", money(d.shelf_price_direct, cur)),
        ("Channel margin avoided", f"{money(d.channel_margin_avoided_per_unit, cur)}/unit"),
        ("Marketing avoided", f"{money(d.marketing_avoided_per_unit, cur)}/unit"),
        ("Saving", f"{money(d.saving_per_unit, cur)}/unit, {money(d.saving_total, cur)} in all"),
        ("Price cut it funds", f"{money(d.price_cut, cur)} ({percent(d.price_cut_share)})"),
    ]


def growth_fields(g: r.Growth, cur: str) -> list[Field]:
    horizon = int(g.months[-1])

    def line(curve: r.GrowthCurve) -> str:
        reached = curve.months_to_critical
        reach = "never" if reached is None else month(reached)
        if reached is not None and reached > horizon:
            reach += f", after the {horizon}-month horizon"
        peak = month(curve.peak_month) if curve.peak_month is not None else "no peak (p ≥ q)"
        return (
            f"p={curve.p:g}, q={curve.q:g} a year\n"
            f"{percent(g.critical_share)} of the market: {reach}\npeak: {peak}"
        )

    return [(curve.label.capitalize(), line(curve)) for curve in g.curves]


def simulation_fields(sim: r.Simulation, labels: dict[str, str], cur: str) -> list[Field]:
    def show(name: str, value: float | None) -> str:
        if value is None:
            return "beyond horizon" if name.endswith("month") else "none"
        if name.endswith("month"):
            return month(value)
        return percent(value) if name.endswith("margin") else money(value, cur)

    fields = [("Chance to break even", percent(sim.prob_break_even))]
    for name, spread in list(sim.spreads.items())[:5]:
        values = " · ".join(show(name, v) for v in (spread.p10, spread.p50, spread.p90))
        fields.append((f"{short_label(labels.get(name, name))}: P10 · P50 · P90", values))
    return fields


FIELDS_BY_LENS = {
    "margin": margin_fields,
    "services": services_fields,
    "critical-mass": critical_mass_fields,
    "direct-sales": direct_sales_fields,
    "growth": growth_fields,
}


FOOTERS = {
    "margin": "Margin is a share of price; markup a share of cost (a 25% markup is a 20% margin).",
    "services": "",
    "critical-mass": "Unit-form learning curve: each doubling of cumulative volume multiplies "
    "unit cost by the learning rate. NPV at the plan's discount rate; IRR annualised.",
    "direct-sales": "Channel layers keep a share of the shelf price; direct keeps the same "
    "maker margin and passes the saving on as a lower price.",
    "growth": "Bass diffusion with p (ads) and q (word of mouth) per year.",
}


def safe(text: str) -> str:
    """User-written text as plain text: no markdown tricks (mentions never ping anyway)."""
    return discord.utils.escape_markdown(text)


def value_text(field: str, value: object, currency: str) -> str:
    """One plan input as people write it: `$199`, `85%`, `4% of price`, `180-220`."""
    kind = FIELDS[field].kind

    def number(amount: float) -> str:
        if kind in {"money", "cost", "marketing"}:
            return money(amount, currency)
        if kind == "rate":
            return percent(amount)
        if kind == "months":
            return f"{amount:g} months"
        return compact(amount)

    def amount_text(amount: object, fmt: Callable[[float], str] = number) -> str:
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


def _fields_of(lens: str, answer: Answer, currency: str) -> list[Field]:
    fields = FIELDS_BY_LENS[lens](answer.result, currency)
    if answer.simulation is not None:
        fields += simulation_fields(answer.simulation, SENSITIVITY_METRICS, currency)
    return fields


def _footer(lens: str, answer: Answer) -> str:
    footer = FOOTERS[lens] or getattr(answer.result, "convention", "")
    if answer.simulation is not None:
        sim = answer.simulation
        footer += (
            f" Ranges: {', '.join(sim.ranged_inputs)}; {sim.draws:,} draws, seed {sim.seed} "
            "(replay with the same seed)."
        )
    return footer.strip()


def lens_card(lens: str, answer: Answer, plan: Plan, *, note: str = "") -> discord.Embed:
    description = f"**Inputs:** {plan_summary(plan)}"
    if verdict := getattr(answer.result, "verdict", ""):
        description = f"{verdict}\n{description}"
    if note:
        description += f"\n{note}"
    return embed(
        answer.chart.title,
        _fields_of(lens, answer, plan.currency),
        description=description,
        footer=_footer(lens, answer),
        chart=answer.chart,
    )


def scenario_card(
    record: ScenarioRecord, answer: Answer, lens: str, *, shared_by: discord.abc.User | None
) -> discord.Embed:
    notes = f"{safe(record.notes)}\n" if record.notes else ""
    footer = (
        f"Shared by {shared_by.display_name}: fork it to make your own copy."
        if shared_by
        else "Only you can see this until you share it."
    )
    return embed(
        f"{record.name}: {answer.chart.title}",
        _fields_of(lens, answer, record.plan.currency),
        description=f"{notes}**Inputs:** {plan_summary(record.plan)}",
        footer=footer,
        chart=answer.chart,
    )


def scenario_list(records: list[ScenarioSummary]) -> discord.Embed:
    if not records:
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
    text = ""
    for shown, line in enumerate(lines):
        if len(text) + len(line) > 3900:
            text += f"…and {len(lines) - shown} more (see `/scenario export`)"
            break
        text += line + "\n"
    return embed(f"Your scenarios ({len(records)})", [], description=text)


def comparison(records: list[ScenarioRecord], answer: Answer) -> discord.Embed:
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
        break_even = _shown(result.break_even_month, month, result.notes, "break_even_month")
        lines += [
            f"Break-even: {break_even}",
            f"Deepest cash: {money(result.deepest_cash, currency)}",
        ]
        fields.append((record.name, "\n".join(lines)))
    description = (
        f"Inputs that differ: {', '.join(FIELDS[n].label for n in differing)}."
        if differing
        else "These scenarios have the same inputs."
    )
    return embed(answer.chart.title, fields, description=description, chart=answer.chart)


def sensitivity_card(record: ScenarioRecord, answer: Answer, label: str) -> discord.Embed:
    result: r.Sensitivity = answer.result
    cur = record.plan.currency
    fields = [
        (
            FIELDS[bar.input].label,
            f"{value_text(bar.input, bar.low, cur)} → {value_text(bar.input, bar.high, cur)}: "
            f"swing {compact(bar.swing)}",
        )
        for bar in result.bars[:6]
    ]
    return embed(
        answer.chart.title,
        fields,
        description=f"**{safe(record.name)}**: what moves the {short_label(label).lower()} most.",
        chart=answer.chart,
    )


def playbook_card(answer: Answer) -> discord.Embed:
    fields = []
    for number, (lesson, finding) in enumerate(zip(PLAYBOOK, answer.result, strict=True), 1):
        figures = "\n".join(f"• {figure.text}" for figure in lesson.figures)
        fields.append(
            (f"{number}. {lesson.title}", f"{lesson.summary}\n**Preset:** {finding}\n{figures}")
        )
    card = embed(
        "The Xiaomi playbook: sell at cost, win on volume and services",
        [],
        description="Five lessons, each with a preset plan run through its lens. Figures say "
        "where they come from: the source articles, the published record, or both.",
        footer="Try a preset yourself: every lens takes your own numbers. /help shows how.",
        chart=answer.chart,
    )
    for name, value in fields:
        card.add_field(name=name[:256], value=value[:1024], inline=False)
    return card
