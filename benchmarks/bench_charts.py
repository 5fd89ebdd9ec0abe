"""Chart render time and PNG size, one chart at a time, as a chart worker process runs them.

Each chart is drawn from a realistic result (the lenses on a phone at 199 with a 230 unit cost
at launch, 36 months; hand-built results for the fan and tornado until the uncertainty lenses
exist): WARMUP rounds, then ROUNDS rounds that draw every chart once each, so that a change in
the machine's load hits all charts alike. The median wall time per chart is the figure that
counts. The machine is shared, so two more figures help read it: each chart's CPU time, and
the time a fixed pure-Python loop took during the run (the bigger, the busier the machine).

Run: python benchmarks/bench_charts.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import model
from commands import _charts as charts
from tests.commands.charts import samples
from tests.commands.charts.samples import phone

WARMUP = 2
ROUNDS = 15
TARGET_MS = 100.0  # median per chart
TARGET_KB = 250.0


def cases() -> dict:
    """Chart name -> (function, arguments), from the real lenses where they exist."""
    plan = model.critical_mass(phone())
    compared = [
        ("launch at $199", plan),
        ("launch at $249", model.critical_mass(phone(price=249))),
        ("slow ramp", model.critical_mass(phone(ramp_months=36))),
    ]
    return {
        "margins": (charts.margins_chart, (model.margins(phone()), "USD")),
        "services": (charts.services_chart, (model.services(phone()), "USD")),
        "critical_mass": (charts.critical_mass_chart, (plan, "USD")),
        "direct_sales": (charts.direct_sales_chart, (model.direct_sales(phone()), "USD")),
        "growth": (charts.growth_chart, (model.growth(phone(market_size=2e6)),)),
        "compare": (charts.compare_chart, (compared, "USD")),
        "critical_mass_band": (charts.critical_mass_chart, (plan, "USD", samples.simulation())),
        "tornado": (charts.tornado_chart, (samples.sensitivity(), "USD")),
    }


def reference_loop_ms() -> float:
    """A fixed pure-Python loop (a million additions), to read the chart times against."""
    started = time.perf_counter()
    total = 0
    for number in range(1_000_000):
        total += number
    return (time.perf_counter() - started) * 1000


def run() -> dict:
    """Figures with their targets: {"margins_ms": {"value": ..., "target": ...}, ...}."""
    todo = cases()
    wall: dict[str, list[float]] = {name: [] for name in todo}
    cpu: dict[str, list[float]] = {name: [] for name in todo}
    size: dict[str, int] = {}
    reference = []
    for round_number in range(WARMUP + ROUNDS):
        reference.append(reference_loop_ms())
        for name, (function, arguments) in todo.items():
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            size[name] = len(function(*arguments).png)
            if round_number >= WARMUP:
                wall[name].append((time.perf_counter() - started_wall) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
    figures: dict[str, dict] = {
        "reference_loop_ms": {"value": round(statistics.median(reference), 1), "target": None}
    }
    for name in todo:
        figures[f"{name}_ms"] = {
            "value": round(statistics.median(wall[name]), 1),
            "target": TARGET_MS,
        }
        figures[f"{name}_cpu_ms"] = {
            "value": round(statistics.median(cpu[name]), 1),
            "target": None,
        }
        figures[f"{name}_kb"] = {"value": round(size[name] / 1024, 1), "target": TARGET_KB}
    return figures


if __name__ == "__main__":
    from table import print_table

    print_table(run())
