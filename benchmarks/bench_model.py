"""Speed of the calculation module: simulate, each lens, sensitivity.

- simulate: 10,000 draws over 36 months of an uncertain phone plan (five ranged inputs),
  target at most 50 ms;
- the same model evaluated draw by draw in Python (the batch arithmetic on one draw at a
  time), timed on DRAW_BY_DRAW draws and scaled to 10,000: simulate must be 20x faster;
- each lens on the plan's midpoints: target under 1 ms;
- each lens's own Monte Carlo (simulate(plan, lens)), 10,000 draws: printed, no target.
Medians of several runs count; CPU time is printed beside wall time because the machine is
shared, and when other processes compete wall time grows but CPU time does not.

Run: python benchmarks/bench_model.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import model
from commands.lens_registry import LENSES
from model import Cost, Plan, Range
from model.engine import Numbers
from model.headlines import headlines

DRAWS = 10_000
DRAW_BY_DRAW = 500
SEED = 2014
TARGETS = {"simulate_ms": 50.0, "speedup": 20.0, "lens_ms": 1.0}
PLAN = Plan(
    price=Range(189, 209),
    unit_cost=Range(200, 220),
    tooling=10e6,
    rnd=40e6,
    fixed_monthly=Range(25e6, 35e6),
    selling_cost=Cost(0.03, "share"),
    learning_rate=Range(0.94, 0.98),
    launch_volume=500_000,
    peak_volume=Range(4e6, 6e6),
    ramp_months=12,
    services_arpu=3,
    paying_share=0.3,
    horizon_months=36,
)


def timed(function, repeats: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds per call, after one warm-up call."""
    function()
    wall, cpu = [], []
    for _ in range(repeats):
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started_wall) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def draw_by_draw() -> None:
    """The first DRAW_BY_DRAW draws of simulate(PLAN), evaluated one at a time."""
    rng = np.random.default_rng(SEED)
    samples = {
        name: rng.uniform(value.low, value.high, size=DRAWS)
        for name in PLAN.ranged_inputs
        if isinstance(value := getattr(PLAN, name), Range)
    }
    for i in range(DRAW_BY_DRAW):
        numbers = Numbers.of(
            PLAN, lambda name, amount, i=i: samples[name][i] if name in samples else amount
        )
        headlines(numbers, "critical_mass", 1)


def run() -> dict:
    """Figures with their targets: {"simulate_ms": {"value": ..., "target": ...}, ...}."""
    simulate_ms, simulate_cpu = timed(lambda: model.simulate(PLAN, draws=DRAWS, seed=SEED), 15)
    one_by_one_ms, _ = timed(draw_by_draw, 3)
    one_by_one_ms *= DRAWS / DRAW_BY_DRAW
    figures = {
        "simulate_ms": {"value": round(simulate_ms, 1), "target": TARGETS["simulate_ms"]},
        "simulate_cpu_ms": {"value": round(simulate_cpu, 1), "target": None},
        "draw_by_draw_ms": {"value": round(one_by_one_ms), "target": None},
        "speedup": {"value": round(one_by_one_ms / simulate_ms, 1), "target": TARGETS["speedup"]},
    }
    plan = PLAN.replace(market_size=2e6)
    for lens in LENSES.values():
        name = lens.model_lens
        wall, cpu = timed(lambda compute=lens.compute: compute(plan), 200)
        figures[f"{name}_ms"] = {"value": round(wall, 3), "target": TARGETS["lens_ms"]}
        figures[f"{name}_cpu_ms"] = {"value": round(cpu, 3), "target": None}
    ranged = PLAN.replace(market_size=Range(1.5e6, 2.5e6))
    for lens in LENSES.values():  # each lens's own Monte Carlo (growth on Bass demand)
        name = lens.model_lens
        run_plan = ranged if name == "growth" else PLAN
        wall, _ = timed(lambda n=name, p=run_plan: model.simulate(p, n, draws=DRAWS, seed=SEED), 5)
        figures[f"simulate_{name}_ms"] = {"value": round(wall, 1), "target": None}
    wall, _ = timed(lambda: model.sensitivity(PLAN, "npv"), 20)
    figures["sensitivity_ms"] = {"value": round(wall, 2), "target": None}
    return figures


if __name__ == "__main__":
    from table import print_table

    print_table(run())
