"""The work a command hands to a worker process: compute a lens, draw its chart.

Plain synchronous functions of picklable values; they run in `bot.workers` processes. The
bot's own process imports this module only to name the jobs it submits, so the charts (and
matplotlib) are imported inside the jobs: in the workers, which preload them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import model
from commands.lens_registry import LENSES, lens_computed_by
from commands.outputs import Answer
from model import Plan
from model import results as r

CSV_SERIES = (
    "volume",
    "cumulative_volume",
    "unit_cost",
    "unit_margin",
    "cash_flow",
    "services_cash",
    "cumulative_cash",
)


def answer(lens_name: str, plan: Plan, seed: int | None = None) -> Answer[Any]:
    """A lens on the plan with its chart; with ranged inputs, also the Monte Carlo of the
    lens's own headline figures (`seed` replays one), drawn as a band on the lens's chart."""
    lens = LENSES[lens_name]
    result = lens.compute(plan)
    if plan.ranged_inputs:
        simulation = model.simulate(plan, lens.model_lens, seed=seed)
        return Answer(result, lens.draw(result, plan.currency, simulation), simulation)
    return Answer(result, lens.draw(result, plan.currency))


def compare(
    named: Sequence[tuple[str, Plan]], currency: str
) -> Answer[list[tuple[str, r.CriticalMass]]]:
    from commands import _charts as charts

    results = [(name, model.critical_mass(plan)) for name, plan in named]
    return Answer(results, charts.compare_chart(results, currency))


def sensitivity(plan: Plan, metric: str) -> Answer[r.Sensitivity]:
    from commands import _charts as charts

    result = model.sensitivity(plan, metric)
    return Answer(result, charts.tornado_chart(result, plan.currency))


def monthly_csv(export: dict[str, Any]) -> str:
    """The monthly critical-mass series of each exported scenario, one row per month.

    Figures are written exactly (a float's shortest round-trip form); names are defused so a
    spreadsheet never runs one as a formula.
    """
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
            figures = (repr(float(c[month])) for c in columns)
            writer.writerow([spreadsheet_text(scenario["name"]), int(month), *figures])
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ' stops `=`, `+`, `-`, `@` starting a formula."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def playbook() -> Answer[list[str]]:
    """Each lesson's preset through its lens; the result is each finding, the chart the last's."""
    answers = [answer(lens_computed_by(lesson.lens).name, lesson.plan) for lesson in model.PLAYBOOK]
    return Answer([a.chart.title for a in answers], answers[-1].chart)


def warm_up() -> None:
    """Render once so imports, fonts and caches are loaded before the first user asks."""
    answer("critical-mass", Plan(price=199, unit_cost=230))
