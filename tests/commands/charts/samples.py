"""Inputs for chart tests and the chart benchmark.

`phone()` is a realistic plan for the real lenses: a phone at 199 with a 230 unit cost at
launch on an 85% learning curve, 2M tooling, 36 months. The hand-built results below give the
shapes the lenses cannot (all-zero series, any scale) and stand in for the uncertainty lenses.
"""

from __future__ import annotations

import dataclasses

import numpy as np

import model
import model.uncertainty
from model import Cost, Plan, Range
from model.headlines import HEADLINES
from model.results import (
    AT_LAUNCH,
    OVER_THE_PLAN,
    CriticalMass,
    DirectSales,
    Growth,
    GrowthCurve,
    Margins,
    PerUnit,
    Sensitivity,
    SensitivityBar,
    Services,
)

PHONE = Plan(
    price=199,
    unit_cost=230,
    tooling=2e6,
    rnd=5e6,
    fixed_monthly=250e3,
    selling_cost=Cost(8, "per_unit"),
    launch_volume=3e3,
    peak_volume=30e3,
    ramp_months=24,
    services_arpu=10,
    paying_share=0.6,
    marketing=Cost(12, "per_unit"),
    direct_costs=Cost(6, "per_unit"),
)


def phone(**changes) -> Plan:
    """The realistic plan with some inputs changed: phone(price=249), phone(market_size=2e6)."""
    return dataclasses.replace(PHONE, **changes)


_NO_VARIABLE_COSTS = {
    "selling_cost": Cost(0, "per_unit"),
    "marketing": Cost(0, "per_unit"),
    "direct_costs": Cost(0, "per_unit"),
}
# The same shape of plan at the ends of what Plan accepts: sub-cent and near-billion prices.
TINY = phone(price=0.02, unit_cost=0.023, tooling=200, rnd=0, fixed_monthly=10, services_arpu=0.01,
             **_NO_VARIABLE_COSTS)  # fmt: skip
HUGE = phone(price=9e8, unit_cost=1e9, tooling=5e11, rnd=0, fixed_monthly=1e10, services_arpu=1e6,
             **_NO_VARIABLE_COSTS)  # fmt: skip


def critical_mass(
    price=199.0,
    launch_cost=230.0,
    learning_rate=0.9,
    tooling=2e6,
    fixed_monthly=1e6,
    selling_cost=10.0,
    launch_volume=5_000.0,
    peak_volume=60_000.0,
    ramp_months=12,
    horizon=36,
    scale=1.0,
):
    months = np.arange(horizon + 1)
    ramp = np.clip(months / ramp_months, 0, 1)
    volume = np.where(months == 0, 0, launch_volume + (peak_volume - launch_volume) * ramp)
    cumulative = np.cumsum(volume)
    midpoint = np.maximum(cumulative - volume / 2, volume[1] / 2)  # the month's middle unit
    unit_cost = launch_cost * (midpoint / midpoint[1]) ** np.log2(learning_rate)
    unit_margin = price - selling_cost - unit_cost
    cash = np.where(months == 0, -tooling, volume * unit_margin - fixed_monthly) * scale
    cumulative_cash = np.cumsum(cash)
    positive = np.flatnonzero(unit_margin[1:] > 0)
    operating = np.flatnonzero(cash[1:] > 0)
    crossing = np.flatnonzero((cumulative_cash[:-1] < 0) & (cumulative_cash[1:] >= 0))
    break_even = None
    if crossing.size:
        i = crossing[0]
        break_even = i + -cumulative_cash[i] / (cumulative_cash[i + 1] - cumulative_cash[i])
    deepest = int(np.argmin(cumulative_cash))
    return CriticalMass(
        months=months,
        volume=volume,
        cumulative_volume=cumulative,
        unit_cost=unit_cost * scale,
        unit_margin=unit_margin * scale,
        services_cash=np.zeros(horizon + 1),
        cash_flow=cash,
        cumulative_cash=cumulative_cash,
        price=price * scale,
        unit_margin_positive_month=int(positive[0]) + 1 if positive.size else None,
        critical_mass_month=int(operating[0]) + 1 if operating.size else None,
        break_even_month=float(break_even) if break_even is not None else None,
        units_at_break_even=None,
        cash_need=float(max(-cumulative_cash.min(), 0)),
        cash_need_month=deepest if cumulative_cash.min() < 0 else 0,
        npv=0.0,
        irr_annual=None,
        horizon_months=horizon,
        discount_rate=0.1,
    )


def margins(
    price=199.0,
    unit_cost=230.0,
    selling_cost=10.0,
    fixed_costs=2e6 + 36e6,
    volume=1.5e6,
    plan_unit_cost=None,
):
    """Margins at launch (`unit_cost`) and over the plan (`plan_unit_cost`, default 80% of it)."""
    fixed_per_unit = fixed_costs / volume if volume else 0.0
    plan_unit_cost = 0.8 * unit_cost if plan_unit_cost is None else plan_unit_cost

    def per_unit(basis, cost):
        contribution = price - cost - selling_cost
        fully_loaded = contribution - fixed_per_unit
        return PerUnit(
            basis=basis,
            unit_cost=cost,
            gross_margin=(price - cost) / price if price else 0.0,
            markup=(price - cost) / cost if cost else None,
            contribution_per_unit=contribution,
            contribution_margin=contribution / price if price else 0.0,
            fully_loaded_per_unit=fully_loaded,
            fully_loaded_margin=fully_loaded / price if price else 0.0,
            break_even_volume=fixed_costs / contribution if contribution > 0 else None,
        )

    return Margins(
        price=price,
        selling_cost=selling_cost,
        marketing_per_unit=0.0,
        fixed_costs=fixed_costs,
        volume=volume,
        fixed_per_unit=fixed_per_unit,
        at_launch=per_unit(AT_LAUNCH, unit_cost),
        over_plan=per_unit(
            OVER_THE_PLAN, 0.8 * unit_cost if plan_unit_cost is None else plan_unit_cost
        ),
        reference_volume=1000.0,
        horizon_months=36,
        at_cost=abs(price - unit_cost) <= 0.05 * unit_cost,
        verdict="",
    )


def services(
    hardware_margin=-31.0,
    arpu=10.0,
    paying_share=0.5,
    margin=0.7,
    retention=0.97,
    horizon=36,
    scale=1.0,
):
    months = np.arange(horizon + 1)
    monthly = paying_share * arpu * margin
    rate = 1.1 ** (1 / 12) - 1
    services_value = np.where(
        months == 0, 0.0, monthly * retention ** (months - 1) / (1 + rate) ** months
    )
    cumulative = (hardware_margin + np.cumsum(services_value)) * scale
    crossing = np.flatnonzero((cumulative[:-1] < 0) & (cumulative[1:] >= 0))
    payback = None
    if hardware_margin >= 0:
        payback = 0.0
    elif crossing.size:
        i = crossing[0]
        payback = float(i + -cumulative[i] / (cumulative[i + 1] - cumulative[i]))
    return Services(
        hardware_margin=hardware_margin * scale,
        monthly_services_margin=monthly * scale,
        lifetime_value=float(cumulative[-1]),
        lifetime_value_unlimited=float(cumulative[-1]),
        payback_month=payback,
        min_hardware_price=None,
        break_even_arpu=None,
        break_even_arpu_unlimited=None,
        horizon_months=horizon,
        discount_rate=0.1,
        months=months,
        cumulative_profit=cumulative,
        convention="",
    )


def direct_sales(
    price=199.0,
    maker_cost=150.0,
    retail_margin=0.10,
    distributor_margin=0.05,
    marketing=12.0,
    direct_costs=6.0,
    volume=1.5e6,
    scale=1.0,
):
    shelf_retail = (price + marketing) / (1 - retail_margin - distributor_margin)
    retail = {
        "maker cost": maker_cost,
        "maker margin": price - maker_cost,
        "distributor": shelf_retail * distributor_margin,
        "retailer": shelf_retail * retail_margin,
        "marketing": marketing,
        "direct costs": 0.0,
    }
    direct = {
        **retail,
        "distributor": 0.0,
        "retailer": 0.0,
        "marketing": 0.0,
        "direct costs": direct_costs,
    }
    shelf_direct = sum(direct.values())
    saving = shelf_retail - shelf_direct
    return DirectSales(
        price=price * scale,
        volume=volume,
        shelf_price_retail=shelf_retail * scale,
        shelf_price_direct=shelf_direct * scale,
        retail_breakdown={k: v * scale for k, v in retail.items()},
        direct_breakdown={k: v * scale for k, v in direct.items()},
        channel_margin_avoided_per_unit=(retail["distributor"] + retail["retailer"]) * scale,
        marketing_avoided_per_unit=marketing * scale,
        saving_per_unit=saving * scale,
        saving_total=saving * volume * scale,
        price_cut=saving * scale,
        price_cut_share=saving / shelf_retail,
        horizon_months=36,
    )


def _bass(p, q, months):
    t = months / 12
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def growth(market_size=10e6, critical_share=0.16, horizon=36, curves=None):
    months = np.arange(horizon + 1)
    built = []
    for label, p, q in curves or (
        ("your plan", 0.03, 0.38),
        ("ads-driven", 0.08, 0.2),
        ("word of mouth", 0.005, 0.6),
    ):
        share = _bass(p, q, months)
        above = np.flatnonzero(share >= critical_share)
        months_to = None
        if above.size and above[0] > 0:
            i = above[0]
            months_to = float(i - 1 + (critical_share - share[i - 1]) / (share[i] - share[i - 1]))
        peak = np.log(q / p) / (p + q) * 12 if q > p else None
        built.append(
            GrowthCurve(
                label=label,
                p=p,
                q=q,
                adopted_share=share,
                new_adopters=np.diff(share, prepend=0) * market_size,
                months_to_critical=months_to,
                peak_month=peak if peak is not None and peak <= horizon else None,
                months_to_critical_unlimited=months_to if months_to is not None else 1e3,
                peak_month_unlimited=peak,
            )
        )
    return Growth(
        market_size=market_size,
        critical_share=critical_share,
        months=months,
        curves=tuple(built),
        horizon_months=horizon,
    )


def simulation(lens="critical_mass", horizon=36, draws=1000, seed=42, **changes):
    """A real Monte Carlo run of the phone with its price and learning rate as ranges."""
    plan = phone(price=Range(180, 220), learning_rate=Range(0.8, 0.9), horizon_months=horizon)
    if lens == "growth":
        plan = plan.replace(market_size=Range(1.5e6, 2.5e6), p=Range(0.01, 0.05))
    return model.simulate(plan.replace(**changes), lens, draws=draws, seed=seed)


def flat_band(sim, scale=0.0):
    """The run with its band scaled (0: every draw all zero), for charts at the extremes."""
    band = sim.band
    scaled = {name: getattr(band, name) * scale for name in ("p10", "p50", "p90")}
    return dataclasses.replace(sim, band=dataclasses.replace(band, **scaled))


def sensitivity(metric="break_even_month", base=9.3, bars=None, plan=PHONE):
    rows = (
        bars
        if bars is not None
        else (
            ("unit_cost", 200.0, 260.0, 6.1, None),
            ("price", 179.0, 219.0, 15.2, 6.8),
            ("learning_rate", 0.8, 0.95, 5.9, 14.0),
            ("peak_volume", 40e3, 80e3, 12.5, 7.9),
            ("fixed_monthly", 0.5e6, 1.5e6, 8.1, 10.6),
            ("tooling", 1e6, 3e6, 9.0, 9.6),
        )
    )
    made = []
    for name, low, high, at_low, at_high in rows:
        known = [v for v in (at_low, at_high) if v is not None]
        swing = abs(at_high - at_low) if len(known) == 2 else float("inf")
        unit = model.uncertainty.input_unit(plan, name)
        made.append(SensitivityBar(name, unit, low, high, at_low, at_high, swing))
    made.sort(key=lambda b: -b.swing)
    headline = HEADLINES[metric]
    return Sensitivity(
        metric, headline.label, headline.unit, headline.basis, base=base, bars=tuple(made)
    )
