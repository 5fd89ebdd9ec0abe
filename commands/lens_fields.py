"""The headline figures of each card, as (name, value) text: no Discord, no matplotlib.

The lens registry names one of these per lens; `_render` puts them into embeds.
"""

from __future__ import annotations

from collections.abc import Callable

from model import results as r
from model.format import money, month, percent, short_label, units

Field = tuple[str, str]


def shown(
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
        ("Markup on cost", shown(m.markup, percent, m.notes, "markup")),
        ("Break-even volume", shown(m.break_even_volume, units, m.notes, "break_even_volume")),
    ]


def services_fields(s: r.Services, cur: str) -> list[Field]:
    def cash(value: float) -> str:
        return money(value, cur)

    return [
        ("Lifetime value per buyer", cash(s.lifetime_value)),
        ("Hardware margin", f"{cash(s.hardware_margin)}/unit"),
        ("Services margin", f"{cash(s.monthly_services_margin)}/buyer/month"),
        ("Payback", shown(s.payback_month, month, s.notes, "payback_month")),
        (
            "Lowest price that pays back",
            shown(s.min_hardware_price, cash, s.notes, "min_hardware_price"),
        ),
        (
            "Monthly ARPU that repays the hardware",
            shown(s.break_even_arpu, cash, s.notes, "break_even_arpu"),
        ),
    ]


def critical_mass_fields(c: r.CriticalMass, cur: str) -> list[Field]:
    def when(field: str) -> str:
        return shown(getattr(c, field), month, c.notes, field)

    irr = shown(c.irr_annual, annual_rate, c.notes, "irr_annual")
    return [
        ("Unit margin turns positive", when("unit_margin_positive_month")),
        ("Critical mass (cash-positive month)", when("critical_mass_month")),
        ("Break-even (cumulative cash ≥ 0)", when("break_even_month")),
        (
            "Units sold by break-even",
            shown(c.units_at_break_even, units, c.notes, "units_at_break_even"),
        ),
        ("Deepest cash need", f"{money(-c.deepest_cash, cur)} (in {month(c.deepest_cash_month)})"),
        ("NPV / IRR", f"{money(c.npv, cur)} / {irr}"),
    ]


def annual_rate(rate: float) -> str:
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
