"""Worker jobs of the decision log: a decision's answer and plan series, and plan vs actual.

Plain functions of picklable values, run in `bot.workers` processes like `commands._jobs`;
the chart module (and matplotlib) is imported inside the jobs, in the workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commands import _jobs
from commands.lens_registry import lens_for
from commands.outputs import Answer
from model import Plan, PlanError
from model.tracking import PlanSeries, Tracking, track


@dataclass
class MonthFigures:
    """What happened in one month (model.tracking.MonthActuals), light enough to pickle."""

    month: int
    units: float | None
    unit_cost: float | None
    price: float | None
    cash: float | None


def decided(plan: Plan) -> tuple[Answer[Any], dict[str, Any] | None]:
    """The plan's lens answer (its card's figures and chart) and, when the plan has a price and
    a unit cost, its monthly series to track actuals against (None otherwise)."""
    answer = _jobs.answer(lens_for(plan).name, plan)
    try:
        series: dict[str, Any] | None = PlanSeries.of(plan).to_dict()
    except PlanError:
        series = None
    return answer, series


def tracking(series: dict[str, Any], months: list[MonthFigures], name: str) -> Answer[Tracking]:
    """Plan vs actual for every month recorded, with its chart."""
    from commands._charts.tracking import tracking_chart

    plan_series = PlanSeries.from_dict(series)
    result = track(plan_series, months)
    return Answer(result, tracking_chart(plan_series, result, name))


def tracked(
    decisions: list[tuple[dict[str, Any] | None, list[MonthFigures]]],
) -> list[Tracking | None]:
    """Plan vs actual of each (series, months) pair, without charts (a page of the log); None
    where there are no actuals or no series to set them against."""
    return [
        track(PlanSeries.from_dict(series), months) if series and months else None
        for series, months in decisions
    ]
