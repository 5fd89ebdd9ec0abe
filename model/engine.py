"""The arithmetic behind every lens, on numbers or on whole batches of draws at once.

`Numbers` holds a plan's inputs as floats, or as arrays shaped (rows, 1) where inputs vary
(Monte Carlo draws, sensitivity swings); numpy broadcasting does the rest, so a figure is
computed per row only when something it depends on varies. Monthly series have the months
on the last axis: month 0 holds the one-off costs, months 1..horizon the sales.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from model import learning
from model.diffusion import bass_adopted_share
from model.errors import PlanError
from model.fields import FIELDS
from model.finance import first_recovery
from model.plan import Plan
from model.values import (
    Cost,
    CostBasis,
    Range,
    Retention,
    RetentionBasis,
    amount_of,
    monthly_retention,
)

Value = Any  # float, or an array of rows shaped (rows, 1)
MIN_UNITS = 1e-6  # a month selling less sells nothing, for unit costs
Pick = Callable[[str, float | Range], Value]


def midpoint(name: str, amount: float | Range) -> float:
    """The value lenses use for an input: a range's midpoint."""
    return amount.midpoint if isinstance(amount, Range) else amount


@dataclass(frozen=True)
class Numbers:
    """A plan's inputs ready for arithmetic; two-meaning inputs keep their plan basis."""

    price: Value
    unit_cost: Value
    tooling: Value
    rnd: Value
    fixed_monthly: Value
    selling_cost: Value
    learning_rate: Value
    reference_volume: Value
    launch_volume: Value
    peak_volume: Value
    ramp_months: Value
    market_size: Value
    p: Value
    q: Value
    services_arpu: Value
    paying_share: Value
    services_margin: Value
    retention: Value
    retail_margin: Value
    distributor_margin: Value
    marketing: Value
    direct_costs: Value
    discount_rate: Value
    volume: Value
    critical_share: Value
    horizon: int
    bases: Mapping[str, CostBasis | RetentionBasis]

    @classmethod
    def of(cls, plan: Plan, pick: Pick = midpoint) -> Numbers:
        """The plan's numbers, each amount chosen by `pick` (midpoint, draws, swings)."""
        values: dict[str, Value] = {}
        bases: dict[str, CostBasis | RetentionBasis] = {}
        for name in FIELDS:
            if name in ("currency", "horizon_months"):
                continue
            value = getattr(plan, name)
            if isinstance(value, Cost | Retention):
                bases[name] = value.basis
            amount = amount_of(value)
            values[name] = None if amount is None else pick(name, amount)
        return cls(**values, horizon=plan.horizon_months, bases=bases)

    def _per_unit(self, name: str) -> Value:
        amount = getattr(self, name)
        return amount * self.price if self.bases[name] == "share" else amount

    @property
    def selling_per_unit(self) -> Value:
        return self._per_unit("selling_cost")

    @property
    def direct_per_unit(self) -> Value:
        return self._per_unit("direct_costs")

    @property
    def marketing_per_unit(self) -> Value:
        """Marketing that scales with units (per unit, or a share of revenue)."""
        return 0.0 if self.bases["marketing"] == "per_month" else self._per_unit("marketing")

    @property
    def marketing_monthly(self) -> Value:
        return self.marketing if self.bases["marketing"] == "per_month" else 0.0

    @property
    def monthly_retention(self) -> Value:
        basis = self.bases["retention"]
        assert basis in ("monthly", "lifetime"), "a Retention's basis is a RetentionBasis"
        return monthly_retention(self.retention, basis)

    @property
    def monthly_rate(self) -> Value:
        """Monthly discount rate from the annual one: (1 + d)^(1/12) - 1."""
        return (1 + self.discount_rate) ** (1 / 12) - 1

    @property
    def months(self) -> np.ndarray:
        return np.arange(self.horizon + 1)

    def require(self, *names: str, lens: str) -> None:
        """PlanError naming the first input this lens needs that the plan leaves out."""
        for name in names:
            if getattr(self, name) is None:
                raise PlanError(
                    name, f"{name} is needed for {lens}: add {name} ({FIELDS[name].description})"
                )


def units_per_month(x: Numbers) -> np.ndarray:
    """Units sold in months 0..horizon (0 in month 0).

    With a market size: Bass demand, market_size * (F(t) - F(t-1)), p and q per year.
    Otherwise the ramp: launch_volume in month 1, rising in a straight line to peak_volume
    ramp_months later, then flat (a ramp of 0 months sells peak_volume from month 1).
    """
    t = x.months
    if x.market_size is not None:
        adopted = bass_adopted_share(t / 12, x.p, x.q)
        return x.market_size * np.diff(adopted, prepend=0.0, axis=-1)
    ramp = np.asarray(x.ramp_months, dtype=float)
    progress = np.where(ramp > 0, np.clip(t - 1, 0, ramp) / np.where(ramp > 0, ramp, 1.0), 1.0)
    sold = x.launch_volume + (x.peak_volume - x.launch_volume) * progress
    return np.where(t == 0, 0.0, sold)


def first_unit_cost(x: Numbers) -> Value:
    """C1 of the unit-form learning curve: the first reference_volume units average unit_cost."""
    return learning.first_unit_cost(x.unit_cost, x.reference_volume, x.learning_rate)


def average_unit_cost(x: Numbers, volume: Value) -> Value:
    """Average cost of the first `volume` units on the learning curve (units 1..volume)."""
    total, _ = learning.totals(volume, x.learning_rate)
    return first_unit_cost(x) * total / volume


@dataclass(frozen=True)
class UnitFigures:
    """Per-unit economics (the margins lens), per row, at launch and over the plan.

    At launch: the unit cost is unit_cost (the average of the first reference_volume units).
    Over the plan: the average learning-curve cost of all `volume` units. Contribution counts
    selling cost and marketing per unit; fixed costs are spread over `volume` in both.
    """

    volume: Value  # units the fixed costs are spread over
    fixed_costs: Value  # tooling + rnd + (fixed_monthly + monthly marketing) * horizon
    fixed_per_unit: Value
    variable_per_unit: Value  # selling cost + marketing per unit (not the unit cost)
    plan_unit_cost: Value  # average learning-curve unit cost over `volume`
    price_less_variable: Value  # price - selling cost - marketing per unit

    @property
    def fully_loaded(self) -> Value:
        """Over the plan: what each unit leaves after every cost, the one figure lenses share."""
        return self.price_less_variable - self.plan_unit_cost - self.fixed_per_unit


def plan_volume(x: Numbers, sold: np.ndarray) -> Value:
    """Units the plan's per-unit figures are over, or PlanError when it sells under one."""
    volume = over_months(sold) if x.volume is None else x.volume
    if np.any(np.asarray(volume) < 1):
        raise PlanError(
            "peak_volume",
            "the plan sells less than one unit over the horizon: set launch_volume or "
            "peak_volume higher (or volume, or market_size)",
        )
    return volume


def unit_figures(x: Numbers, sold: np.ndarray) -> UnitFigures:
    volume = plan_volume(x, sold)
    fixed = x.tooling + x.rnd + (x.fixed_monthly + x.marketing_monthly) * x.horizon
    variable = x.selling_per_unit + x.marketing_per_unit
    plan_cost = average_unit_cost(x, volume)
    return UnitFigures(volume, fixed, fixed / volume, variable, plan_cost, x.price - variable)


@dataclass(frozen=True)
class ServiceFigures:
    """Lifetime value per buyer (the services lens), per row; see SERVICES_CONVENTION."""

    hardware_margin: Value
    monthly_margin: Value  # paying_share * arpu * services_margin
    annuity: Value  # present value of 1 a month from month 1, thinned by retention, to horizon
    lifetime_value: Value
    lifetime_value_unlimited: Value


SERVICES_CONVENTION = (
    "Per buyer: the fully loaded hardware margin over the plan at month 0 (learning-curve unit "
    "cost averaged over the plan's units, selling, marketing and fixed costs per unit), then "
    "from month 1 services worth paying share x ARPU x services margin x retention^(t-1), "
    "discounted by (1 + monthly rate)^t: month 1 counts in full, retention thins the later "
    "months."
)


def service_figures(x: Numbers, units: UnitFigures) -> ServiceFigures:
    growth = x.monthly_retention / (1 + x.monthly_rate)  # next month's weight over this one's
    denominator = 1 + x.monthly_rate - x.monthly_retention  # > 0: retention < 1, rate >= 0
    annuity = (1 - growth**x.horizon) / denominator
    monthly = x.paying_share * x.services_arpu * x.services_margin
    hardware = units.fully_loaded
    return ServiceFigures(
        hardware, monthly, annuity, hardware + monthly * annuity, hardware + monthly / denominator
    )


def services_by_month(x: Numbers, services: ServiceFigures) -> np.ndarray:
    """Cumulative discounted profit per buyer by month 0..horizon (closed form per month)."""
    growth = x.monthly_retention / (1 + x.monthly_rate)
    denominator = 1 + x.monthly_rate - x.monthly_retention
    paid = services.monthly_margin * (1 - growth**x.months) / denominator
    return services.hardware_margin + paid


@dataclass(frozen=True)
class Projection:
    """Month by month cash (the critical-mass lens); series are (rows, months) or (months,)."""

    volume: np.ndarray
    cumulative_volume: np.ndarray
    spent: np.ndarray  # cost of the month's units on the learning curve
    next_unit_cost: np.ndarray  # cost of the next unit to be made, at the month's end
    cash_flow: np.ndarray
    cumulative_cash: np.ndarray
    npv: Value

    def unit_cost(self) -> np.ndarray:
        """Average cost of each month's units; the next unit's cost when a month sells none."""
        selling = self.volume >= MIN_UNITS
        average = self.spent / np.where(selling, self.volume, 1.0)
        return np.where(selling, average, self.next_unit_cost)


def project(x: Numbers, sold: np.ndarray) -> Projection:
    """The month-by-month cash of the plan, with the services of the installed base.

    Learning curve (unit form, anchored on a volume): unit n costs C1 * n^b with C1 set so
    the first reference_volume units average unit_cost; units 1..N cost C1 * sum of n^b. A
    unit's cost depends only on how many were made before it, never on the monthly batches.
    """
    cumulative = np.cumsum(sold, axis=-1)
    first = first_unit_cost(x)
    total, next_unit = learning.totals(cumulative, x.learning_rate)
    spent = np.diff(total, prepend=0.0, axis=-1) * first  # total(0) = 0
    earned = sold * (x.price - x.selling_per_unit - x.marketing_per_unit) - spent
    earned = earned + services_cash(x, sold)
    running = x.fixed_monthly + x.marketing_monthly
    cash_flow = np.where(x.months == 0, -(x.tooling + x.rnd), earned - running)
    discount = (1 + x.monthly_rate) ** -x.months
    return Projection(
        sold,
        cumulative,
        spent,
        first * next_unit,
        cash_flow,
        np.cumsum(cash_flow, axis=-1),
        over_months(cash_flow * discount),
    )


def services_cash(x: Numbers, sold: np.ndarray) -> Value:
    """Services margin of the installed base in each month (the one LTV convention).

    A buyer of month s pays paying_share * ARPU * services_margin * retention^(t-s-1) in
    month t > s: the active weight of the base is A(t) = retention * A(t-1) + sold(t-1).
    """
    monthly = x.paying_share * x.services_arpu * x.services_margin
    if not np.any(monthly):
        return 0.0
    retention = np.asarray(x.monthly_retention, dtype=float)  # a float, or (rows, 1)
    shape = np.broadcast_shapes(sold.shape, retention.shape)
    # Months first, each month's rows contiguous; a loop of vector steps over the months
    # (no powers of retention to overflow, no strided column access).
    by_month = np.broadcast_to(sold, shape).reshape(-1, shape[-1]).T.copy()
    retention = np.broadcast_to(retention, (*shape[:-1], 1)).reshape(-1)
    active = np.zeros(by_month.shape)
    for month in range(2, by_month.shape[0]):
        np.multiply(active[month - 1], retention, out=active[month])
        active[month] += by_month[month - 1]
    return monthly * active.T.reshape(shape)


def over_months(series: np.ndarray) -> Value:
    """The total over months, shaped like a per-row input: a float, or (rows, 1)."""
    return series.sum(axis=-1, keepdims=series.ndim > 1)


def first_month(condition: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the first month from 1 on where `condition` holds, and whether it ever does."""
    later = np.atleast_2d(condition)[:, 1:]
    # numpy's stubs type any(axis=...) as maybe a bool; on a 2-D array it is a 1-D array.
    return later.argmax(axis=1) + 1, later.any(axis=1)  # type: ignore[return-value]


def break_even(projection: Projection) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the interpolated break-even month, the units sold by then, and whether the
    cumulative cash gets back to zero within the horizon."""
    cash = np.atleast_2d(projection.cumulative_cash)
    month, found = first_recovery(cash)
    whole = np.minimum(np.floor(month).astype(int), cash.shape[1] - 2)
    rows = np.arange(cash.shape[0])
    volume = np.broadcast_to(np.atleast_2d(projection.volume), cash.shape)
    cumulative = np.broadcast_to(np.atleast_2d(projection.cumulative_volume), cash.shape)
    units = cumulative[rows, whole] + (month - whole) * volume[rows, whole + 1]
    return month, units, found
