"""The five lenses: pure functions of a plan returning the result objects of model.results.

Each uses the midpoint of any ranged input (simulate() covers the spread). A figure that
does not exist is None, with the reason in `notes[field]`.
"""

from __future__ import annotations

import math

import numpy as np

from model.diffusion import bass_adopted_share, bass_peak_time, bass_time_to_share
from model.engine import (
    SERVICES_CONVENTION,
    Numbers,
    ServiceFigures,
    UnitFigures,
    break_even,
    first_month,
    plan_volume,
    project,
    service_figures,
    services_by_month,
    services_cash,
    unit_figures,
    units_per_month,
)
from model.finance import first_recovery, irr
from model.format import money, percent
from model.plan import Plan
from model.results import (
    AT_LAUNCH,
    OVER_THE_PLAN,
    CriticalMass,
    DirectSales,
    Growth,
    GrowthCurve,
    Margins,
    Notes,
    PerUnit,
    Services,
)

AT_COST_WITHIN = 0.05  # a price within 5% of the unit cost counts as "at cost"

# Reference curves the growth lens draws next to the plan's own (p and q per year):
# heavy advertising with little imitation, and almost no advertising with strong word of mouth.
ADS_DRIVEN = ("ads-driven", 0.10, 0.20)
WORD_OF_MOUTH = ("word of mouth", 0.01, 0.50)


def margins(plan: Plan) -> Margins:
    """Gross, contribution and fully loaded margin per unit, markup, break-even volume, each at
    launch (the plan's unit_cost) and over the plan (the learning-curve average cost).

    Contribution is price less unit cost, selling cost and marketing per unit (or as a share of
    revenue); fixed costs are tooling + R&D + (fixed costs and marketing per month) over the
    horizon, spread over `volume` units, so break-even volume = fixed costs / contribution.
    """
    x = Numbers.of(plan)
    x.require("price", "unit_cost", lens="the margins lens")
    units = unit_figures(x, units_per_month(x))
    notes: Notes = {}
    at_launch = _per_unit(AT_LAUNCH, x.unit_cost, x, units, notes)
    over_plan = _per_unit(OVER_THE_PLAN, float(units.plan_unit_cost), x, units, notes)
    at_cost = x.unit_cost > 0 and abs(x.price - x.unit_cost) <= AT_COST_WITHIN * x.unit_cost
    return Margins(
        price=x.price,
        selling_cost=float(x.selling_per_unit),
        marketing_per_unit=float(x.marketing_per_unit),
        fixed_costs=float(units.fixed_costs),
        volume=float(units.volume),
        fixed_per_unit=float(units.fixed_per_unit),
        at_launch=at_launch,
        over_plan=over_plan,
        reference_volume=x.reference_volume,
        horizon_months=x.horizon,
        at_cost=at_cost,
        verdict=_verdict(x.price, at_launch, over_plan, at_cost, plan.currency),
        notes=notes,
    )


def _per_unit(basis: str, cost: float, x: Numbers, units: UnitFigures, notes: Notes) -> PerUnit:
    key = "at_launch" if basis == AT_LAUNCH else "over_plan"
    contribution = float(units.price_less_variable - cost)
    fully_loaded = contribution - float(units.fixed_per_unit)
    markup = _ratio(
        x.price - cost, cost, notes, f"{key}.markup",
        f"no markup {basis} on a unit cost of 0 (or next to it): it would be infinite",
    )  # fmt: skip
    break_even_volume = _ratio(
        units.fixed_costs, contribution, notes, f"{key}.break_even_volume",
        f"no break-even volume {basis}: each unit contributes nothing (or next to nothing) to "
        "fixed costs; price is not above unit cost + selling cost + marketing per unit",
    )  # fmt: skip
    return PerUnit(
        basis=basis,
        unit_cost=cost,
        gross_margin=(x.price - cost) / x.price,
        markup=markup,
        contribution_per_unit=contribution,
        contribution_margin=contribution / x.price,
        fully_loaded_per_unit=fully_loaded,
        fully_loaded_margin=fully_loaded / x.price,
        break_even_volume=break_even_volume,
    )


def services(plan: Plan) -> Services:
    """Lifetime value per buyer: hardware margin plus discounted services (SERVICES_CONVENTION)."""
    x = Numbers.of(plan)
    x.require("price", "unit_cost", lens="the services lens")
    units = unit_figures(x, units_per_month(x))
    value = service_figures(x, units)
    cumulative = np.asarray(services_by_month(x, value), dtype=float)
    notes: Notes = {}
    payback, found = first_recovery(cumulative[None, :])
    if not found[0]:
        notes["payback_month"] = (
            f"does not pay back within {x.horizon} months: the discounted services margin "
            "does not cover the hardware loss by then"
        )
    return Services(
        hardware_margin=float(value.hardware_margin),
        monthly_services_margin=float(value.monthly_margin),
        lifetime_value=float(value.lifetime_value),
        lifetime_value_unlimited=float(value.lifetime_value_unlimited),
        payback_month=float(payback[0]) if found[0] else None,
        min_hardware_price=_min_hardware_price(x, units, value, notes),
        break_even_arpu=_break_even_arpu(x, value, value.annuity, notes, "break_even_arpu"),
        break_even_arpu_unlimited=_break_even_arpu(
            x,
            value,
            1 / (1 + x.monthly_rate - x.monthly_retention),
            notes,
            "break_even_arpu_unlimited",
        ),
        horizon_months=x.horizon,
        discount_rate=x.discount_rate,
        months=x.months,
        cumulative_profit=cumulative,
        convention=SERVICES_CONVENTION,
        notes=notes,
    )


def _min_hardware_price(
    x: Numbers, units: UnitFigures, value: ServiceFigures, notes: Notes
) -> float | None:
    """The price at which lifetime value over the horizon is exactly 0 (volume unchanged)."""
    shares = sum(
        getattr(x, name) for name in ("selling_cost", "marketing") if x.bases[name] == "share"
    )
    kept = 1 - shares  # of each unit of price, after the costs that scale with price
    to_cover = x.price * kept - units.fully_loaded - value.monthly_margin * value.annuity
    price = _ratio(
        to_cover, kept, notes, "min_hardware_price",
        "no price pays back: selling cost and marketing as shares of price take (nearly) all of it",
    )  # fmt: skip
    if price is not None and price <= 0:
        notes["min_hardware_price"] = (
            "services repay the hardware even given away: any price pays back"
        )
        return 0.0
    return price


def _break_even_arpu(
    x: Numbers, value: ServiceFigures, annuity: float, notes: Notes, key: str
) -> float | None:
    """Monthly ARPU per paying user whose services repay the hardware loss, given the present
    value of 1 a month over the period counted (`annuity`: to the horizon, or unlimited)."""
    if value.hardware_margin >= 0:
        notes[key] = "no hardware loss to repay: any services revenue is profit"
        return 0.0
    return _ratio(
        -value.hardware_margin, x.paying_share * x.services_margin * annuity, notes, key,
        "no ARPU repays the hardware loss: (next to) nobody pays for services (paying_share), "
        "or services make (next to) no margin (services_margin)",
    )  # fmt: skip


def critical_mass(plan: Plan) -> CriticalMass:
    """Month by month volume, learning-curve unit cost, unit margin and cash; the month unit
    margin turns positive, critical mass (first positive monthly cash flow), break-even
    (cumulative cash back to 0, interpolated), deepest cash need, NPV and IRR."""
    x = Numbers.of(plan)
    x.require("price", "unit_cost", lens="the critical-mass lens")
    sold = units_per_month(x)
    plan_volume(x, sold)  # the check that the plan sells something
    run = project(x, sold)
    cash = np.asarray(run.cumulative_cash, dtype=float)
    notes: Notes = {}
    unit_cost = run.unit_cost()
    unit_margin = x.price - x.selling_per_unit - unit_cost
    margin_month, margin_found = first_month(unit_margin > 0)
    if not margin_found[0]:
        notes["unit_margin_positive_month"] = (
            f"the unit margin never turns positive: by month {x.horizon} the unit cost is still "
            "at or above price less selling cost"
        )
    mass_month, mass_found = first_month(run.cash_flow > 0)
    if not mass_found[0]:
        notes["critical_mass_month"] = (
            f"monthly cash flow never turns positive within {x.horizon} months"
        )
    month, units, found = break_even(run)
    if not found[0]:
        notes["break_even_month"] = notes["units_at_break_even"] = (
            f"does not break even within {x.horizon} months: cumulative cash is still "
            f"{money(cash[-1], plan.currency)} at the end"
        )
    deepest_month = int(np.argmin(cash))
    return CriticalMass(
        months=x.months,
        volume=run.volume,
        cumulative_volume=run.cumulative_volume,
        unit_cost=unit_cost,
        unit_margin=np.asarray(unit_margin, dtype=float),
        services_cash=np.broadcast_to(services_cash(x, sold), sold.shape).astype(float),
        cash_flow=run.cash_flow,
        cumulative_cash=cash,
        price=x.price,
        unit_margin_positive_month=int(margin_month[0]) if margin_found[0] else None,
        critical_mass_month=int(mass_month[0]) if mass_found[0] else None,
        break_even_month=float(month[0]) if found[0] else None,
        units_at_break_even=float(units[0]) if found[0] else None,
        cash_need=max(-float(cash[deepest_month]), 0.0),
        cash_need_month=deepest_month if cash[deepest_month] < 0 else 0,
        npv=float(run.npv),
        irr_annual=_irr_annual(run.cash_flow, notes),
        horizon_months=x.horizon,
        discount_rate=x.discount_rate,
        notes=notes,
    )


def _irr_annual(cash_flow: np.ndarray, notes: Notes) -> float | None:
    monthly = irr(cash_flow)
    if monthly is None:
        notes["irr_annual"] = (
            "no IRR: no discount rate makes the NPV zero (the cash flow never changes sign, "
            "or never recovers what it spends)"
        )
        return None
    annual = math.expm1(12 * math.log1p(monthly)) if monthly < 1e20 else math.inf
    if not math.isfinite(annual):
        notes["irr_annual"] = "no meaningful IRR: the return is too large to state per year"
        return None
    return annual


def direct_sales(plan: Plan) -> DirectSales:
    """Shelf price through distributor and retailer (with the plan's marketing) vs direct
    (with direct costs and no marketing), at the same maker price; what the saving funds.

    Channel margins are shares of the shelf price: shelf = (price + marketing per unit) /
    (1 - retail_margin - distributor_margin). Marketing per month is spread over `volume`.
    The maker's cost is over the plan (learning-curve average unit cost + selling cost), as
    on the margins lens.
    """
    x = Numbers.of(plan)
    x.require("price", "unit_cost", lens="the direct-sales lens")
    units = unit_figures(x, units_per_month(x))
    marketing = x.marketing_per_unit + x.marketing_monthly * x.horizon / units.volume
    maker_cost = units.plan_unit_cost + x.selling_per_unit
    channel_share = x.retail_margin + x.distributor_margin
    shelf_retail = (x.price + marketing) / (1 - channel_share)
    shelf_direct = x.price + x.direct_per_unit
    common = {"maker cost": maker_cost, "maker margin": x.price - maker_cost}
    retail = common | {
        "distributor": x.distributor_margin * shelf_retail,
        "retailer": x.retail_margin * shelf_retail,
        "marketing": marketing,
        "direct costs": 0.0,
    }
    direct = common | {"distributor": 0.0, "retailer": 0.0, "marketing": 0.0}
    direct["direct costs"] = x.direct_per_unit
    saving = shelf_retail - shelf_direct
    notes: Notes = {}
    if saving < 0:
        notes["saving_per_unit"] = (
            "selling direct costs more per unit than the channel margins and marketing it avoids"
        )
    return DirectSales(
        price=x.price,
        volume=float(units.volume),
        shelf_price_retail=float(shelf_retail),
        shelf_price_direct=float(shelf_direct),
        retail_breakdown={key: float(value) for key, value in retail.items()},
        direct_breakdown={key: float(value) for key, value in direct.items()},
        channel_margin_avoided_per_unit=float(channel_share * shelf_retail),
        marketing_avoided_per_unit=float(marketing),
        saving_per_unit=float(saving),
        saving_total=float(saving * units.volume),
        price_cut=float(saving),
        price_cut_share=float(saving / shelf_retail),
        horizon_months=x.horizon,
        notes=notes,
    )


def growth(plan: Plan) -> Growth:
    """Bass adoption of the plan's market: its own p and q next to an ads-driven and a
    word-of-mouth reference; months to the critical share of the market, peak month."""
    x = Numbers.of(plan)
    x.require("market_size", lens="the growth lens")
    notes: Notes = {}
    curves = tuple(
        _curve(label, p, q, x, notes)
        for label, p, q in (("your plan", x.p, x.q), ADS_DRIVEN, WORD_OF_MOUTH)
    )
    return Growth(x.market_size, x.critical_share, x.months, curves, x.horizon, notes)


def _curve(label: str, p: float, q: float, x: Numbers, notes: Notes) -> GrowthCurve:
    """One Bass curve; months past the horizon are None (with the month in the note), so no
    figure lands off the lens's own chart, and the `_unlimited` fields keep them as data."""
    adopted = bass_adopted_share(x.months / 12, p, q)
    to_critical = 12 * float(bass_time_to_share(x.critical_share, p, q))
    if to_critical > x.horizon:
        notes[f"months_to_critical ({label})"] = (
            f"reaches {x.critical_share:.0%} of the market in month {to_critical:.1f}, after "
            f"the {x.horizon}-month horizon"
        )
    peak_years = bass_peak_time(p, q)
    peak = None if peak_years is None else 12 * peak_years
    if peak is None:
        notes[f"peak_month ({label})"] = (
            "no peak: with q <= p adoptions are highest at launch and only fall"
        )
    elif peak > x.horizon:
        notes[f"peak_month ({label})"] = (
            f"adoptions peak in month {peak:.1f}, after the {x.horizon}-month horizon"
        )
    return GrowthCurve(
        label=label,
        p=p,
        q=q,
        adopted_share=adopted,
        new_adopters=x.market_size * np.diff(adopted, prepend=0.0),
        months_to_critical=to_critical if to_critical <= x.horizon else None,
        peak_month=peak if peak is not None and peak <= x.horizon else None,
        months_to_critical_unlimited=to_critical,
        peak_month_unlimited=peak,
    )


def _ratio(numerator, denominator, notes: Notes, field: str, reason: str) -> float | None:
    """numerator / denominator, or None with the reason when the denominator is not positive
    or the ratio too large to exist."""
    with np.errstate(over="ignore", divide="ignore"):
        value = float(np.divide(numerator, denominator)) if denominator > 0 else math.inf
    if math.isfinite(value):
        return value
    notes[field] = reason
    return None


def _verdict(
    price: float, at_launch: PerUnit, over_plan: PerUnit, at_cost: bool, currency: str
) -> str:
    """One sentence: markup and gross margin named as what they are, at launch; the fully
    loaded figure over the plan."""
    left = over_plan.fully_loaded_per_unit
    per_unit = money(abs(left), currency)
    counted = f"a {per_unit} loss" if left < 0 else f"{per_unit} left"
    loaded = f"fully loaded over the plan, {counted} per unit."
    if at_cost:
        return (
            f"At cost at launch: the price is within {AT_COST_WITHIN:.0%} of the unit cost; "
            f"once selling, marketing and fixed costs are counted, {loaded}"
        )
    if price < at_launch.unit_cost:
        loss = at_launch.unit_cost - price
        return (
            f"Below cost at launch: each unit loses {money(loss, currency)} before any other "
            f"cost; {loaded}"
        )
    if at_launch.markup is None:
        return f"Priced above a launch unit cost of 0 (gross margin 100%); {loaded}"
    return (
        f"Priced {percent(at_launch.markup)} above the launch unit cost (markup; gross margin "
        f"{percent(at_launch.gross_margin)}); {loaded}"
    )
