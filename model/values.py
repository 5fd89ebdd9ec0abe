"""Input values that are more than a plain number.

- `Range`: an uncertain input, somewhere between two ends.
- `Cost`: an input with two or three meanings (money per unit, per month, or a share of
  the price / revenue), held with its basis so nothing is lost in a JSON round trip.
- `Retention`: a monthly share still active, or a customer lifetime in months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from model.errors import PlanError

Number = float | int


@dataclass(frozen=True)
class Range:
    """Somewhere between `low` and `high`. Lenses use the midpoint; `simulate` draws uniformly."""

    low: float
    high: float

    def __post_init__(self) -> None:
        for end in (self.low, self.high):
            if not _is_number(end) or not math.isfinite(end):
                raise PlanError("range", f"a range needs two finite numbers; got {end!r}")
        if self.low > self.high:
            raise PlanError("range", f"a range goes low to high; got {self.low:g} to {self.high:g}")
        object.__setattr__(self, "low", float(self.low))
        object.__setattr__(self, "high", float(self.high))

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g}"


Amount = float | Range

CostBasis = Literal["per_unit", "per_month", "share"]


@dataclass(frozen=True)
class Cost:
    """A cost with its basis: money `per_unit`, money `per_month`, or a `share` of the price.

    A share of the price per unit is the same as a share of revenue, so `share` serves
    both "3% of price" (selling costs) and "8% of revenue" (marketing).
    """

    amount: Amount
    basis: CostBasis


RetentionBasis = Literal["monthly", "lifetime"]


@dataclass(frozen=True)
class Retention:
    """How long buyers stay: a `monthly` share still active, or a `lifetime` in months.

    A lifetime of L months is the monthly share 1 - 1/L: under the services convention
    (month t weighted retention^(t-1)) both give L paying months on average.
    """

    amount: Amount
    basis: RetentionBasis


def amount_of(value):
    """The number or Range a plan input holds (typed values hold theirs in `.amount`)."""
    return value.amount if isinstance(value, Cost | Retention) else value


def monthly_retention(amount, basis: RetentionBasis):
    """The monthly share for an amount (float or array) in the given basis."""
    return amount if basis == "monthly" else 1 - 1 / amount


def _is_number(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)
