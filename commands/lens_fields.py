"""The headline figures and footer of each card, as text: no Discord, no matplotlib.

Every figure says its basis (SPEC §2, "One economics"): per-unit figures at launch and over
the plan, horizon-capped figures "within N months", discounted ones at their annual rate. The
lens registry names these per lens; `_render` puts them into embeds.
"""

from __future__ import annotations

from collections.abc import Callable

from model import results as r
from model.format import by_unit, change_by_unit, money, month, months, percent, units

Field = tuple[str, str]


def shown(
    value: float | None, fmt: Callable[[float], str], notes: dict[str, str], field: str
) -> str:
    """A figure, or the model's reason in words when it does not exist."""
    return fmt(value) if value is not None else notes.get(field, "none")


def within(horizon: int) -> str:
    return f"within {horizon} months"


def discounted(rate: float) -> str:
    """How a discounted figure names its rate: `at 10%/yr`."""
    return f"at {percent(rate)}/yr"


def margin_fields(m: r.Margins, cur: str) -> list[Field]:
    def both(figure: Callable[[r.PerUnit], str]) -> str:
        return f"{figure(m.at_launch)} at launch\n{figure(m.over_plan)} over the plan"

    def per_unit(value: float, share: float) -> str:
        return f"{money(value, cur)}/unit ({percent(share)})"

    def note(basis: r.PerUnit, field: str, fmt: Callable[[float], str]) -> str:
        value = getattr(basis, field)
        return fmt(value) if value is not None else "none"

    fields = [
        ("Price / unit cost", both(lambda b: f"{money(m.price, cur)} / {money(b.unit_cost, cur)}")),
        ("Gross margin (share of price)", both(lambda b: percent(b.gross_margin))),
        ("Markup (share of cost)", both(lambda b: note(b, "markup", percent))),
        (
            "Contribution",
            both(lambda b: per_unit(b.contribution_per_unit, b.contribution_margin)),
        ),
        (
            "Fully loaded",
            both(lambda b: per_unit(b.fully_loaded_per_unit, b.fully_loaded_margin)),
        ),
        ("Break-even volume", both(lambda b: note(b, "break_even_volume", units))),
        (
            f"Fixed costs {within(m.horizon_months)}",
            f"{money(m.fixed_costs, cur)}: {money(m.fixed_per_unit, cur)}/unit over "
            f"{units(m.volume)}",
        ),
    ]
    reasons = dict.fromkeys(m.notes.values())  # each reason once, both bases share most
    if reasons:
        fields.append(("Why none", "\n".join(reasons)))
    return fields


def margin_footer(m: r.Margins, cur: str) -> str:
    return (
        f"At launch: unit cost = the average of the first {units(m.reference_volume)} made "
        f"(reference volume). Over the plan: the learning-curve average of the "
        f"{units(m.volume)} {within(m.horizon_months)}; fully loaded over the plan × units = "
        "cumulative cash without services. Contribution counts selling and marketing per unit. "
        "Margin is a share of price, markup a share of cost (a 25% markup is a 20% margin)."
    )


def services_fields(s: r.Services, cur: str) -> list[Field]:
    def cash(value: float) -> str:
        return money(value, cur)

    horizon, rate = within(s.horizon_months), discounted(s.discount_rate)
    unlimited = shown(s.break_even_arpu_unlimited, cash, s.notes, "break_even_arpu_unlimited")
    if s.hardware_margin >= 0:  # nothing to repay: say so instead of two zeros
        arpu = s.notes.get("break_even_arpu", "none needed: no hardware loss to repay")
    else:
        arpu = (
            f"{shown(s.break_even_arpu, cash, s.notes, 'break_even_arpu')} {horizon}\n"
            f"{unlimited} with no horizon"
        )
    return [
        (
            f"Lifetime value per buyer (NPV {rate})",
            f"{cash(s.lifetime_value)} {horizon}\n{cash(s.lifetime_value_unlimited)} with no "
            "horizon",
        ),
        ("Hardware margin (fully loaded, over the plan)", f"{cash(s.hardware_margin)}/unit"),
        ("Services margin", f"{cash(s.monthly_services_margin)}/buyer/month"),
        (f"Payback per buyer ({horizon})", shown(s.payback_month, month, s.notes, "payback_month")),
        (
            f"Lowest price that pays back {horizon}",
            shown(s.min_hardware_price, cash, s.notes, "min_hardware_price"),
        ),
        ("Monthly ARPU per payer that repays the hardware", arpu),
    ]


def services_footer(s: r.Services, cur: str) -> str:
    return (
        f"{s.convention} Services discounted {discounted(s.discount_rate)} (monthly "
        f"(1 + d)^(1/12) - 1); figures stop at the {s.horizon_months}-month horizon unless they "
        "say no horizon."
    )


def critical_mass_fields(c: r.CriticalMass, cur: str) -> list[Field]:
    def when(field: str) -> str:
        return shown(getattr(c, field), month, c.notes, field)

    horizon = within(c.horizon_months)
    irr = shown(c.irr_annual, annual_rate, c.notes, "irr_annual")
    need = (
        f"{money(c.cash_need, cur)} (in {month(c.cash_need_month)})"
        if c.cash_need > 0
        else "none: cumulative cash never goes below 0"
    )
    fields = [
        ("Unit margin turns positive", when("unit_margin_positive_month")),
        ("Critical mass (cash-positive month)", when("critical_mass_month")),
        ("Break-even (cumulative cash ≥ 0)", when("break_even_month")),
        (
            "Units sold by break-even",
            shown(c.units_at_break_even, units, c.notes, "units_at_break_even"),
        ),
        (f"Cash need ({horizon})", need),
        (
            f"NPV {discounted(c.discount_rate)} / IRR ({horizon})",
            f"{money(c.npv, cur)} / {irr}",
        ),
        (
            f"Cumulative cash by month {c.horizon_months} (undiscounted)",
            money(float(c.cumulative_cash[-1]), cur),
        ),
    ]
    services = float(c.services_cash.sum())
    if services:
        fields.append((f"Services cash included ({horizon})", money(services, cur)))
    return fields


def critical_mass_footer(c: r.CriticalMass, cur: str) -> str:
    return (
        "Unit-form learning curve anchored on the reference volume: each doubling of "
        "cumulative volume multiplies unit cost by the learning rate. Cash need is the deepest "
        f"cumulative cash shortfall, a positive amount. NPV {discounted(c.discount_rate)} "
        f"over {c.horizon_months} months, month 0 undiscounted; IRR annualised."
    )


def annual_rate(rate: float) -> str:
    # Tiny outlays repaid within months annualise to absurd rates: past 1,000% say so instead.
    return f"{percent(rate)} a year" if rate <= 10 else "over 1,000% a year"


def direct_sales_fields(d: r.DirectSales, cur: str) -> list[Field]:
    return [
        ("Shelf price via retail", money(d.shelf_price_retail, cur)),
        ("Shelf price direct", money(d.shelf_price_direct, cur)),
        ("Channel margin avoided", f"{money(d.channel_margin_avoided_per_unit, cur)}/unit"),
        ("Marketing avoided", f"{money(d.marketing_avoided_per_unit, cur)}/unit"),
        (
            "Saving",
            f"{money(d.saving_per_unit, cur)}/unit; {money(d.saving_total, cur)} on "
            f"{units(d.volume)} {within(d.horizon_months)}",
        ),
        ("Price cut it funds", f"{money(d.price_cut, cur)} ({percent(d.price_cut_share)})"),
    ]


def direct_sales_footer(d: r.DirectSales, cur: str) -> str:
    return (
        "Channel layers keep a share of the shelf price; direct keeps the same maker margin "
        "and passes the saving on as a lower price. Maker cost is over the plan (learning-curve "
        f"average unit cost + selling cost); marketing per month is spread over the units sold "
        f"{within(d.horizon_months)}."
    )


def growth_fields(g: r.Growth, cur: str) -> list[Field]:
    horizon = g.horizon_months

    def line(curve: r.GrowthCurve) -> str:
        if curve.months_to_critical is not None:
            reach = month(curve.months_to_critical)
        else:
            after = month(curve.months_to_critical_unlimited)
            reach = f"after the {horizon}-month horizon ({after} if the curve runs on)"
        if curve.peak_month is not None:
            peak = month(curve.peak_month)
        elif curve.peak_month_unlimited is None:
            peak = "no peak (q ≤ p)"
        else:
            peak = f"after the {horizon}-month horizon"
        return (
            f"p={curve.p:g}, q={curve.q:g} a year\n"
            f"{percent(g.critical_share)} of the market: {reach}\npeak: {peak}"
        )

    return [(curve.label.capitalize(), line(curve)) for curve in g.curves]


def growth_footer(g: r.Growth, cur: str) -> str:
    return (
        "Bass diffusion with p (ads) and q (word of mouth) per year, monthly p/12 and q/12; "
        f"the chart and figures stop at {g.horizon_months} months."
    )


def simulation_fields(sim: r.Simulation, cur: str) -> list[Field]:
    """The lens's own P10/P50/P90 headlines with their units and bases, and its chances."""

    def show(value: float | None, unit: str) -> str:
        if value is None:
            return f"beyond {sim.horizon_months} months" if unit == "months" else "none"
        return by_unit(value, unit, cur)

    fields = [
        (f"Chance {p.label.removeprefix('chance ')}", percent(p.value))
        for p in sim.probabilities.values()
    ]
    for spread in sim.spreads.values():
        values = " · ".join(show(v, spread.unit) for v in (spread.p10, spread.p50, spread.p90))
        label = spread.label[0].upper() + spread.label[1:]
        basis = spread.basis.replace("the horizon", f"{sim.horizon_months} months")
        if basis.startswith("discounted"):
            basis = basis.replace("discounted", f"discounted {discounted(sim.discount_rate)}")
        fields.append((f"{label} ({basis}): P10 · P50 · P90", values))
    return fields


def simulation_footer(sim: r.Simulation) -> str:
    return (
        f"Ranges: {', '.join(sim.ranged_inputs)}, each drawn uniformly between its ends; "
        f"{sim.draws:,} draws, seed {sim.seed} (give seed:{sim.seed} to replay this run)."
    )


def input_value(value: float, unit: str, currency: str) -> str:
    """An input's value in its unit: `$0.80/unit`, `3%`, `12 months`, `0.03 a year`."""
    return months(value) if unit == "months" else by_unit(value, unit, currency)


def swing_text(s: r.Sensitivity, bar: r.SensitivityBar, currency: str) -> str:
    """How far one input moves the figure, in the figure's unit: `$1.2M`, `3.5 months`."""
    return change_by_unit(bar.swing, s.unit, currency)
