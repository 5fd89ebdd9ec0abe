"""How a decision is tracking: its frozen plan set against what actually happened, by month.

The plan side is the critical-mass lens's monthly series, frozen when the decision was made
(`PlanSeries.of(plan).to_dict()` goes in the decision's figures), so a later change to the
model or the scenario never moves the goalposts.

What the figures mean (what `/actuals` asks for):
- units: units sold in that month (not cumulative);
- unit cost: average cost of that month's units;
- cash: cumulative cash from the start of the plan to the end of that month, one-off costs
  included. That is what a finance lead reports ("we are $3.1M in"), and what the plan's
  break-even and deepest cash need are read from; a month's own cash flow is noisy.

Forecast error is actual - plan, and as a share of the plan's figure (None where the plan's
figure is 0). The verdict reads the latest month with actuals: cumulative cash decides when
it was recorded (it is the bottom line); otherwise units and unit cost: behind if either is,
else ahead if either is.
Within ±THRESHOLD of plan is "on plan". Cash is measured against the money the plan puts at
risk (its deepest cash need, or the month's planned cash if larger), not against the month's
planned cash alone, which crosses zero at break-even where any miss would be a huge share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from model.errors import PlanError
from model.format import money, percent
from model.lenses import critical_mass
from model.plan import Plan

THRESHOLD = 0.10  # within ±10% of plan is "on plan"; beyond it a team should re-plan

Verdict = Literal["on plan", "ahead", "behind"]
_SERIES = ("units", "unit_cost", "cumulative_cash")


class MonthActuals(Protocol):
    """What happened in one month; None where nothing was recorded (storage's ActualRecord)."""

    month: int
    units: float | None
    unit_cost: float | None
    price: float | None
    cash: float | None


@dataclass(frozen=True)
class PlanSeries:
    """The plan's monthly figures, months 0..horizon (month 0 holds the one-off costs)."""

    units: np.ndarray
    unit_cost: np.ndarray
    cumulative_cash: np.ndarray
    price: float
    currency: str

    @classmethod
    def of(cls, plan: Plan) -> PlanSeries:
        result = critical_mass(plan)
        return cls(
            result.volume, result.unit_cost, result.cumulative_cash, result.price, plan.currency
        )

    @property
    def horizon(self) -> int:
        return len(self.units) - 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for freezing with a decision."""
        series = {name: [float(value) for value in getattr(self, name)] for name in _SERIES}
        return series | {"price": float(self.price), "currency": self.currency}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanSeries:
        """Read `to_dict`'s output back; raises PlanError when it is not one."""
        try:
            arrays = [np.asarray(data[name], dtype=float) for name in _SERIES]
            price, currency = float(data["price"]), str(data["currency"])
        except (KeyError, TypeError, ValueError) as error:
            raise PlanError("figures", f"the frozen plan series is unreadable: {error}") from None
        if any(array.ndim != 1 for array in arrays):
            raise PlanError("figures", "the frozen plan series is unreadable: not lists of numbers")
        if len({array.size for array in arrays}) != 1 or arrays[0].size < 2:
            raise PlanError("figures", "the frozen plan series have different lengths")
        if not all(np.isfinite(array).all() for array in arrays) or not math.isfinite(price):
            raise PlanError("figures", "the frozen plan series hold a non-finite number")
        units, unit_cost, cumulative_cash = arrays
        return cls(
            units=units,
            unit_cost=unit_cost,
            cumulative_cash=cumulative_cash,
            price=price,
            currency=currency,
        )


@dataclass(frozen=True)
class Gap:
    """Plan against actual for one figure in one month."""

    plan: float
    actual: float
    error: float  # actual - plan
    error_share: float | None  # error / |plan|; None when the plan's figure is 0


@dataclass(frozen=True)
class MonthTracking:
    month: int
    units: Gap | None
    unit_cost: Gap | None
    price: Gap | None
    cash: Gap | None  # cumulative cash to the end of the month


@dataclass(frozen=True)
class Tracking:
    months: tuple[MonthTracking, ...]  # the months with actuals, in order
    verdict: Verdict | None  # None until actuals exist
    basis: str  # what the verdict was judged on, in words
    threshold: float = THRESHOLD


def track(series: PlanSeries, actuals: Iterable[MonthActuals]) -> Tracking:
    """Plan vs actual for every month with actuals, and the verdict; PlanError for a month
    outside the plan (1..horizon)."""
    rows = sorted(actuals, key=lambda row: row.month)
    for row in rows:
        if not 1 <= row.month <= series.horizon:
            raise PlanError(
                "month", f"month must be 1 to {series.horizon}, the plan's horizon; not {row.month}"
            )
    months = tuple(_month(series, row) for row in rows)
    judged = [month for month in months if _judged_figures(month) != (None,) * 3]
    if not judged:
        return Tracking(months, None, "no actuals for units, unit cost or cash yet")
    verdict, basis = _verdict(series, judged[-1])
    return Tracking(months, verdict, basis)


def _judged_figures(month: MonthTracking) -> tuple[Gap | None, ...]:
    """What the verdict reads: price is shown, but a price is chosen, not achieved."""
    return month.units, month.unit_cost, month.cash


def _month(series: PlanSeries, row: MonthActuals) -> MonthTracking:
    m = row.month
    return MonthTracking(
        m,
        _gap(series.units[m], row.units),
        _gap(series.unit_cost[m], row.unit_cost),
        _gap(series.price, row.price),
        _gap(series.cumulative_cash[m], row.cash),
    )


def _gap(plan: float, actual: float | None) -> Gap | None:
    if actual is None:
        return None
    plan, actual = float(plan), float(actual)
    error = actual - plan
    return Gap(plan, actual, error, error / abs(plan) if plan != 0 else None)


def _verdict(series: PlanSeries, month: MonthTracking) -> tuple[Verdict, str]:
    """The verdict and its basis in words, from the latest month with actuals."""
    within = f"within ±{percent(THRESHOLD)} is on plan"
    if month.cash is not None:
        at_risk = max(-float(series.cumulative_cash.min()), abs(month.cash.plan))
        score = _score(month.cash.error, at_risk)
        basis = (
            f"cumulative cash to month {month.month}, against the "
            f"{money(at_risk, series.currency)} the plan puts at risk ({within})"
        )
        return _label(score), basis
    judged: dict[str, Verdict] = {}  # figure -> its verdict; a lower unit cost is ahead
    if month.units is not None:
        judged["units"] = _label(_score(month.units.error, month.units.plan))
    if month.unit_cost is not None:
        judged["unit cost"] = _label(_score(-month.unit_cost.error, month.unit_cost.plan))
    either = ", behind if either is" if len(judged) == 2 else ""
    basis = f"{' and '.join(judged)} in month {month.month}{either} ({within})"
    worst_first: tuple[Verdict, ...] = ("behind", "ahead", "on plan")
    verdict = next(label for label in worst_first if label in judged.values())
    return verdict, basis


def _score(favourable: float, scale: float) -> float:
    """How far ahead (+) or behind (-) as a share of `scale`; ±inf against a zero scale."""
    if scale > 0:
        return favourable / scale
    return float(np.sign(favourable)) * math.inf


def _label(score: float) -> Verdict:
    if score > THRESHOLD:
        return "ahead"
    if score < -THRESHOLD:
        return "behind"
    return "on plan"
