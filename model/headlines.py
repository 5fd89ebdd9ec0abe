"""Each lens's headline figures for many rows of inputs at once (Monte Carlo draws, swings).

One function per lens returns its headline figures per row (inf where a figure does not
exist within the horizon) and the monthly series its chart draws a band on. `HEADLINES`
says, as data, what each figure is: a human label, its unit and its basis, so cards and
charts label them without guessing from the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model import engine
from model.diffusion import bass_adopted_share, bass_time_to_share
from model.engine import Numbers
from model.finance import first_recovery

# Units of a figure or an input, as data: how a card or a chart axis writes it.
MONEY, MONEY_PER_UNIT, MONEY_PER_MONTH = "money", "money per unit", "money per month"
SHARE, MONTHS, UNITS, PER_YEAR = "share", "months", "units", "per year"


@dataclass(frozen=True)
class Headline:
    """What one headline figure is: `label` for people, `unit`, and the `basis` it rests on
    (at launch / over the plan / within the horizon / discounted); `lens` that owns it."""

    lens: str
    label: str
    unit: str
    basis: str


def _h(lens: str, label: str, unit: str, basis: str) -> Headline:
    return Headline(lens, label, unit, basis)


HEADLINES: dict[str, Headline] = {
    "fully_loaded_per_unit": _h("margins", "fully loaded profit per unit", MONEY_PER_UNIT,
                                "over the plan"),
    "fully_loaded_margin": _h("margins", "fully loaded margin", SHARE, "over the plan"),
    "contribution_per_unit": _h("margins", "contribution per unit", MONEY_PER_UNIT,
                                "over the plan"),
    "break_even_volume": _h("margins", "break-even volume", UNITS, "over the plan"),
    "lifetime_value": _h("services", "lifetime value per buyer", MONEY_PER_UNIT,
                         "discounted, within the horizon"),
    "lifetime_value_unlimited": _h("services", "lifetime value per buyer, no horizon",
                                   MONEY_PER_UNIT, "discounted, no horizon"),
    "payback_month": _h("services", "payback month per buyer", MONTHS, "within the horizon"),
    "break_even_month": _h("critical_mass", "break-even month", MONTHS, "within the horizon"),
    "critical_mass_month": _h("critical_mass", "first month of positive cash flow", MONTHS,
                              "within the horizon"),
    "cash_need": _h("critical_mass", "deepest cash need", MONEY, "within the horizon"),
    "npv": _h("critical_mass", "NPV over the horizon", MONEY, "discounted, within the horizon"),
    "saving_per_unit": _h("direct_sales", "saving per unit sold direct", MONEY_PER_UNIT,
                          "per unit"),
    "saving_total": _h("direct_sales", "saving over the horizon", MONEY, "within the horizon"),
    "price_cut_share": _h("direct_sales", "shelf price cut it funds", SHARE, "per unit"),
    "months_to_critical": _h("growth", "months to the critical share", MONTHS,
                             "within the horizon"),
    "peak_month": _h("growth", "peak month of adoption", MONTHS, "within the horizon"),
}  # fmt: skip

# Per lens: the probability it reports ("chance to ..."), from which figure existing.
PROBABILITIES = {
    "critical_mass": ("break_even_month", "chance to break even within {horizon} months"),
    "services": ("payback_month", "chance a buyer pays back within {horizon} months"),
    "growth": ("months_to_critical", "chance to reach the critical share within {horizon} months"),
}
# Per lens: what its band series is (the chart it belongs on) and its unit.
BANDS = {
    "margins": ("unit cost by month (learning curve)", MONEY_PER_UNIT),
    "services": ("cumulative discounted profit per buyer", MONEY_PER_UNIT),
    "critical_mass": ("cumulative cash", MONEY),
    "growth": ("share of the market adopted", SHARE),
}
# Inputs each lens needs before it can say anything.
REQUIRED = {
    "margins": ("price", "unit_cost"),
    "services": ("price", "unit_cost"),
    "critical_mass": ("price", "unit_cost"),
    "direct_sales": ("price", "unit_cost"),
    "growth": ("market_size",),
}

_SUPPLY = ("price", "unit_cost", "tooling", "rnd", "fixed_monthly", "selling_cost",
           "learning_rate", "reference_volume", "marketing", "horizon_months")  # fmt: skip
_DEMAND = ("launch_volume", "peak_volume", "ramp_months", "market_size", "p", "q")
_SERVICES = ("services_arpu", "paying_share", "services_margin", "retention", "discount_rate")
# The inputs each lens reads: each one moves its answer, so each one may be offered with it.
# (Demand is the ramp, or Bass when market_size is set; currency only changes how it reads.)
LENS_INPUTS: dict[str, tuple[str, ...]] = {
    "margins": (*_SUPPLY, *_DEMAND, "volume"),
    "services": (*_SUPPLY, *_DEMAND, "volume", *_SERVICES),
    "critical_mass": (*_SUPPLY, *_DEMAND, *_SERVICES),
    "direct_sales": ("price", "unit_cost", "selling_cost", "learning_rate", "reference_volume",
                     "marketing", "horizon_months", *_DEMAND, "volume", "retail_margin",
                     "distributor_margin", "direct_costs"),
    "growth": ("market_size", "p", "q", "critical_share", "horizon_months"),
}  # fmt: skip

Figures = dict[str, np.ndarray]
LensHeadlines = Callable[[Numbers], tuple[Figures, np.ndarray | None]]


def _margins(x: Numbers) -> tuple[Figures, np.ndarray]:
    sold = engine.units_per_month(x)
    units = engine.unit_figures(x, sold)
    contribution = units.price_less_variable - units.plan_unit_cost
    with np.errstate(divide="ignore"):
        volume = np.where(contribution > 0, units.fixed_costs / contribution, np.inf)
    return {
        "fully_loaded_per_unit": units.fully_loaded,
        "fully_loaded_margin": units.fully_loaded / x.price,
        "contribution_per_unit": contribution,
        "break_even_volume": volume,
    }, engine.project(x, sold).unit_cost()


def _services(x: Numbers) -> tuple[Figures, np.ndarray]:
    units = engine.unit_figures(x, engine.units_per_month(x))
    value = engine.service_figures(x, units)
    cumulative = engine.services_by_month(x, value)
    month, found = first_recovery(np.atleast_2d(cumulative))
    return {
        "lifetime_value": value.lifetime_value,
        "lifetime_value_unlimited": value.lifetime_value_unlimited,
        "payback_month": np.where(found, month, np.inf),
    }, cumulative


def _critical_mass(x: Numbers) -> tuple[Figures, np.ndarray]:
    sold = engine.units_per_month(x)
    engine.plan_volume(x, sold)  # the check that the plan sells something
    run = engine.project(x, sold)
    month, _, found = engine.break_even(run)
    mass_month, mass_found = engine.first_month(run.cash_flow > 0)
    return {
        "break_even_month": np.where(found, month, np.inf),
        "critical_mass_month": np.where(mass_found, mass_month, np.inf),
        "cash_need": np.maximum(-run.cumulative_cash.min(axis=-1), 0.0),
        "npv": run.npv,
    }, run.cumulative_cash


def _direct_sales(x: Numbers) -> tuple[Figures, None]:
    units = engine.unit_figures(x, engine.units_per_month(x))
    marketing = x.marketing_per_unit + x.marketing_monthly * x.horizon / units.volume
    shelf_retail = (x.price + marketing) / (1 - x.retail_margin - x.distributor_margin)
    saving = shelf_retail - (x.price + x.direct_per_unit)
    return {
        "saving_per_unit": saving,
        "saving_total": saving * units.volume,
        "price_cut_share": saving / shelf_retail,
    }, None


def _growth(x: Numbers) -> tuple[Figures, np.ndarray]:
    adopted = bass_adopted_share(x.months / 12, x.p, x.q)
    to_critical = 12 * bass_time_to_share(x.critical_share, x.p, x.q)
    with np.errstate(divide="ignore", invalid="ignore"):
        peak = 12 * np.log(np.divide(x.q, x.p)) / (x.p + x.q)
    peak = np.where(np.asarray(x.q) > x.p, peak, np.inf)
    return {
        "months_to_critical": np.where(to_critical <= x.horizon, to_critical, np.inf),
        "peak_month": np.where(peak <= x.horizon, peak, np.inf),
    }, adopted


LENSES: dict[str, LensHeadlines] = {
    "margins": _margins,
    "services": _services,
    "critical_mass": _critical_mass,
    "direct_sales": _direct_sales,
    "growth": _growth,
}


def headlines(x: Numbers, lens: str, rows: int) -> tuple[Figures, np.ndarray | None]:
    """The lens's headline figures, each shaped (rows,), and its band series (rows, months)."""
    figures, band = LENSES[lens](x)
    shaped = {name: np.broadcast_to(np.ravel(value), (rows,)) for name, value in figures.items()}
    if band is not None:
        band = np.broadcast_to(band, (rows, x.horizon + 1))
    return shaped, band
