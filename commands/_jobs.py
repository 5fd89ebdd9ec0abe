"""The work a command hands to a worker process: compute a lens, draw its chart.

Plain synchronous functions of picklable values; they run in `bot.workers` processes. The
bot's own process imports this module only to name the jobs it submits, so the charts (and
matplotlib) are imported inside the jobs: in the workers, which preload them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import model
from model import Plan
from model.format import short_label

# lens name -> its calculation
LENSES: dict[str, Callable[[Plan], Any]] = {
    "margin": model.margins,
    "services": model.services,
    "critical-mass": model.critical_mass,
    "direct-sales": model.direct_sales,
    "growth": model.growth,
}


CSV_SERIES = (
    "volume",
    "cumulative_volume",
    "unit_cost",
    "unit_margin",
    "cash_flow",
    "cumulative_cash",
)


# model function name (as `model.PLAYBOOK` names lenses) -> lens name
LENS_OF_FUNCTION = {compute.__name__: lens for lens, compute in LENSES.items()}


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the PNG, its one-sentence alt text, and the finding as a title.

    Defined here, not with the charts: the bot's process unpickles it from the workers, and
    must not import matplotlib to do so (that took 0.7 s on the first answer).
    """

    png: bytes
    alt_text: str
    title: str


@dataclass(frozen=True)
class Answer:
    result: Any  # the lens result (model.results)
    chart: Chart
    simulation: model.results.Simulation | None = None


def answer(lens: str, plan: Plan) -> Answer:
    """A lens on the plan with its chart; with ranged inputs, also the Monte Carlo fan chart."""
    from commands import _charts as charts

    result = LENSES[lens](plan)
    if plan.ranged_inputs:
        simulation = model.simulate(plan)
        return Answer(result, charts.fan_chart(simulation, plan.currency), simulation)
    draw = {
        "margin": charts.margins_chart,
        "services": charts.services_chart,
        "critical-mass": charts.critical_mass_chart,
        "direct-sales": charts.direct_sales_chart,
        "growth": lambda growth, _currency: charts.growth_chart(growth),  # units, no money
    }[lens]
    return Answer(result, draw(result, plan.currency))


def lens_for(plan: Plan) -> str:
    """The lens that shows a saved plan best: its cash story, or its adoption if that is all."""
    if plan.price is None and plan.unit_cost is None and plan.market_size is not None:
        return "growth"
    return "critical-mass"


def compare(named: Sequence[tuple[str, Plan]], currency: str) -> Answer:
    from commands import _charts as charts

    results = [(name, model.critical_mass(plan)) for name, plan in named]
    return Answer(results, charts.compare_chart(results, currency))


def sensitivity(plan: Plan, metric: str) -> Answer:
    from commands import _charts as charts

    result = model.sensitivity(plan, metric)
    label = short_label(model.SENSITIVITY_METRICS[metric]).lower()
    return Answer(result, charts.tornado_chart(result, plan.currency, label))


def monthly_csv(export: dict) -> str:
    """The monthly critical-mass series of each exported scenario, one row per month."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("scenario", "month", *CSV_SERIES))
    for scenario in export["scenarios"]:
        plan = Plan.from_json(json.dumps(scenario["plan"]))
        if plan.price is None or plan.unit_cost is None:
            continue
        series = model.critical_mass(plan)
        columns = [getattr(series, name) for name in CSV_SERIES]
        for month in series.months:
            writer.writerow([scenario["name"], int(month), *(f"{c[month]:.6g}" for c in columns)])
    return out.getvalue()


def playbook() -> Answer:
    """Each lesson's preset through its lens; the result is each finding, the chart the last's."""
    answers = [answer(LENS_OF_FUNCTION[lesson.lens], lesson.plan) for lesson in model.PLAYBOOK]
    return Answer([a.chart.title for a in answers], answers[-1].chart)


def warm_up() -> None:
    """Render once so imports, fonts and caches are loaded before the first user asks."""
    answer("critical-mass", Plan(price=199, unit_cost=230))
