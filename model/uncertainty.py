"""Uncertainty: Monte Carlo over ranged inputs, and sensitivity (tornado) of one figure.

Both evaluate the plan for many rows of inputs at once (draws, or one row per swing) with
the same batch arithmetic as the lenses: no Python loop over draws or months.
"""

from __future__ import annotations

import secrets

import numpy as np

from model.engine import (
    Numbers,
    break_even,
    first_month,
    midpoint,
    project,
    service_figures,
    unit_figures,
    units_per_month,
)
from model.errors import PlanError
from model.plan import FIELDS, Bounds, Plan
from model.results import Notes, Sensitivity, SensitivityBar, Simulation, Spread
from model.values import Range, amount_of

SENSITIVITY_METRICS: dict[str, str] = {
    "break_even_month": "break-even month (months from launch)",
    "npv": "NPV over the horizon (money)",
    "deepest_cash": "deepest cash need (money)",
    "lifetime_value": "lifetime value per buyer (money)",
    "fully_loaded_margin": "fully loaded margin (share of price)",
}
HEADLINES = ("break_even_month", "critical_mass_month", "deepest_cash", "npv", "lifetime_value",
             "fully_loaded_margin")  # fmt: skip
# Inputs that cannot move the headline figures (they feed the direct-sales and growth lenses).
NOT_IN_HEADLINES = {"retail_margin", "distributor_margin", "direct_costs", "critical_share"}
SWING = 0.20
PERCENTILES = (0.1, 0.5, 0.9)
MAX_DRAWS = 1_000_000
# Draws evaluated together: a block's arrays stay in the CPU cache, which here is faster
# than one pass over all draws (fresh multi-megabyte temporaries cost more than arithmetic).
BLOCK = 1000


def simulate(plan: Plan, draws: int = 10_000, seed: int | None = None) -> Simulation:
    """Monte Carlo of the headline figures over the plan's ranged inputs.

    Each range is drawn uniformly between its ends, independently, in the unit it was typed
    in. Draws are evaluated BLOCK at a time, each block as arrays of draws x months. With no
    seed one is drawn and reported, so `simulate(plan, draws, result.seed)` replays the run.
    """
    if not isinstance(draws, int) or isinstance(draws, bool) or not 1 <= draws <= MAX_DRAWS:
        raise PlanError("draws", f"draws must be a whole number from 1 to {MAX_DRAWS:,}")
    if seed is None:
        seed = secrets.randbits(32)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise PlanError("seed", f"seed must be a whole number of at least 0; got {seed!r}")
    Numbers.of(plan).require("price", "unit_cost", lens="a simulation")
    rng = np.random.default_rng(seed)
    ranged = plan.ranged_inputs
    samples = {}
    for name in ranged:
        ends = amount_of(getattr(plan, name))
        samples[name] = rng.uniform(ends.low, ends.high, size=(draws, 1))
    figures = {name: np.empty(draws) for name in HEADLINES}
    cash = np.empty((plan.horizon_months + 1, draws))  # by month: each month's draws together
    for start in range(0, draws, BLOCK):
        block = slice(start, min(start + BLOCK, draws))
        x = Numbers.of(
            plan,
            lambda name, amount, rows=block: samples[name][rows] if name in samples else amount,
        )
        block_figures, block_cash = _headlines(x, block.stop - block.start)
        cash[:, block] = np.atleast_2d(block_cash).T
        for name, values in block_figures.items():
            figures[name][block] = values
    notes: Notes = {"sampling": _sampling_note(ranged, draws, seed)}
    spreads = {}
    for name in HEADLINES:
        spreads[name] = _spread(figures[name])
        missing = np.isinf(figures[name]).mean()
        if None in (spreads[name].p10, spreads[name].p50, spreads[name].p90):
            notes[name] = (
                f"{missing:.0%} of draws do not get there within {plan.horizon_months} months: "
                "a percentile among them is beyond the horizon (None)"
            )
    return Simulation(
        seed=seed,
        draws=draws,
        ranged_inputs=ranged,
        spreads=spreads,
        prob_break_even=float(np.isfinite(figures["break_even_month"]).mean()),
        months=np.arange(plan.horizon_months + 1),
        cash_fan=_percentiles(cash, axis=1).T,
        notes=notes,
    )


def sensitivity(plan: Plan, metric: str) -> Sensitivity:
    """Tornado data: how far `metric` moves when each input swings low and high.

    Inputs with a range swing across it; the others by 20% either way (learning rate and a
    monthly retention by 20% of what they take away: the cost drop per doubling, the churn).
    The rest stay at their midpoints. Bars come largest swing first.
    """
    if metric not in SENSITIVITY_METRICS:
        raise PlanError(
            "metric", f"unknown metric {metric!r}; choose one of: {', '.join(SENSITIVITY_METRICS)}"
        )
    base = Numbers.of(plan)
    base.require("price", "unit_cost", lens="sensitivity")
    swings = {name: ends for name in FIELDS if (ends := _swing_ends(plan, name)) is not None}
    rows = 1 + 2 * len(swings)  # row 0: the plan itself; then low and high per input
    row_of = {name: 1 + 2 * i for i, name in enumerate(swings)}

    def swung(name: str, amount: float | Range):
        if name not in swings:
            return midpoint(name, amount)
        column = np.full((rows, 1), midpoint(name, amount))
        column[row_of[name] : row_of[name] + 2, 0] = swings[name]
        return column

    values = _headlines(Numbers.of(plan, swung), rows)[0][metric]
    notes: Notes = {"swing": _swing_note()}
    if np.isinf(values).any():
        notes["metric"] = (
            f"where {metric} does not happen within {base.horizon} months it is None, and it "
            f"counts as month {base.horizon} for ranking"
        )
    ranking = np.where(np.isinf(values), base.horizon, values)
    bars, still = [], []
    for name, (low, high) in swings.items():
        at_low, at_high = row_of[name], row_of[name] + 1
        swing = abs(float(ranking[at_high] - ranking[at_low]))
        if swing == 0:
            still.append(name)
            continue
        bars.append(
            SensitivityBar(
                name, low, high, _figure(values[at_low]), _figure(values[at_high]), swing
            )
        )
    if still:
        notes["unmoved"] = f"{metric} does not move with: {', '.join(still)}"
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return Sensitivity(metric, _figure(values[0]), tuple(bars), notes)


def _headlines(x: Numbers, rows: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each headline figure per row (inf where it does not happen), and the cumulative cash."""
    sold = units_per_month(x)
    units = unit_figures(x, sold)
    run = project(x, sold)
    month, _, found = break_even(run)
    mass_month, mass_found = first_month(run.cash_flow > 0)
    figures = {
        "break_even_month": np.where(found, month, np.inf),
        "critical_mass_month": np.where(mass_found, mass_month, np.inf),
        "deepest_cash": np.minimum(run.cumulative_cash.min(axis=-1), 0.0),
        "npv": run.npv,
        "lifetime_value": service_figures(x, units).lifetime_value,
        "fully_loaded_margin": units.fully_loaded / x.price,
    }
    shaped = {name: np.broadcast_to(np.ravel(value), (rows,)) for name, value in figures.items()}
    return shaped, run.cumulative_cash


def _spread(values: np.ndarray) -> Spread:
    """P10/P50/P90; None for a percentile that falls among draws without an answer (inf)."""
    return Spread(*(_figure(value) for value in _percentiles(values)))


def _percentiles(draws: np.ndarray, axis: int = 0) -> np.ndarray:
    """P10, P50 and P90 along `axis`, each an actual draw (numpy's inverted_cdf method): a
    draw without an answer (inf) stays inf instead of blending into a number. Sorting once
    is faster here than np.quantile."""
    ordered = np.sort(draws, axis=axis)
    ranks = np.ceil(np.array(PERCENTILES) * draws.shape[axis]).astype(int) - 1
    return np.take(ordered, ranks, axis=axis)


def _figure(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _swing_ends(plan: Plan, name: str) -> tuple[float, float] | None:
    """The low and high values `name` swings to, or None when it cannot move the headlines."""
    if name in NOT_IN_HEADLINES or name in ("currency", "horizon_months"):
        return None
    ramp = ("launch_volume", "peak_volume", "ramp_months")
    if name in (("p", "q") if plan.market_size is None else ramp):
        return None  # the demand model not in use
    basis = getattr(getattr(plan, name), "basis", None)
    value = amount_of(getattr(plan, name))
    if value is None:
        return None
    if isinstance(value, Range):
        return value.low, value.high
    if name == "learning_rate" or (name == "retention" and basis == "monthly"):
        taken = 1 - value  # swing what it takes away: the cost drop, the churn
        return 1 - taken * (1 + SWING), 1 - taken * (1 - SWING)
    bounds = FIELDS[name].bounds
    bounds = bounds[basis] if isinstance(bounds, dict) else bounds
    return _clip(value * (1 - SWING), bounds), _clip(value * (1 + SWING), bounds)


def _clip(value: float, bounds: Bounds) -> float:
    return min(max(value, bounds.low), bounds.high)


def _swing_note() -> str:
    return (
        f"each input moves {SWING:.0%} down and up (learning rate and monthly retention: "
        f"{SWING:.0%} of the cost drop per doubling and of the churn), or across its range; "
        "the others stay at their midpoints"
    )


def _sampling_note(ranged: tuple[str, ...], draws: int, seed: int) -> str:
    if not ranged:
        return f"no input is a range, so all {draws:,} draws are the same plan (seed {seed})"
    return (
        f"{draws:,} draws; each range ({', '.join(ranged)}) is drawn uniformly between its ends, "
        f"independently, in the unit it was typed in; seed {seed} replays this run"
    )
