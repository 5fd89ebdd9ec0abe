"""A team's estimates of one input turned into the range to plan with.

Fewer than MIN_FOR_PERCENTILES estimates: the whole spread, lowest to highest. With so few,
every number is one teammate's considered view, and a percentile between them would claim a
precision a handful of guesses does not have. From MIN_FOR_PERCENTILES on: P10 to P90 (linear
interpolation between the sorted estimates, numpy's default), the same percentiles the
Uncertainty lens reports, so one outlier no longer stretches the range the team plans with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.errors import PlanError
from model.values import Range

MIN_FOR_PERCENTILES = 5

Method = Literal["min-max", "P10-P90"]


@dataclass(frozen=True)
class EstimateRange:
    """low <= median <= high of the estimates, and which rule chose low and high, in words."""

    count: int
    low: float
    median: float
    high: float
    method: Method
    reason: str

    @property
    def amount(self) -> float | Range:
        """The value to put in the plan: the range, or one number when everyone agreed."""
        return Range(self.low, self.high) if self.low < self.high else self.low


def estimate_range(estimates: Sequence[float]) -> EstimateRange:
    """The range to plan with; raises PlanError when there is nothing finite to go on."""
    values = np.sort(np.asarray(estimates, dtype=float))
    if values.size == 0:
        raise PlanError("estimates", "no estimates yet: a range needs at least one")
    if not np.isfinite(values).all():
        raise PlanError("estimates", "every estimate must be a finite number")
    count = int(values.size)
    median = float(np.median(values))
    if count < MIN_FOR_PERCENTILES:
        low, high = float(values[0]), float(values[-1])
        method: Method = "min-max"
        reason = (
            f"lowest to highest of {_estimates(count)}: with fewer than "
            f"{MIN_FOR_PERCENTILES}, every estimate counts"
        )
    else:
        low, high = (float(value) for value in np.percentile(values, [10, 90]))
        method = "P10-P90"
        reason = (
            f"P10 to P90 of {count} estimates: with {MIN_FOR_PERCENTILES} or more, the "
            "outer tails are left out so one outlier does not stretch the range"
        )
    # Interpolation can land a hair outside the median when values are equal; keep the order.
    low, high = min(low, median), max(high, median)
    return EstimateRange(count, low, median, high, method, reason)


def _estimates(count: int) -> str:
    return "1 estimate" if count == 1 else f"{count} estimates"
