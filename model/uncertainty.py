"""Uncertainty: Monte Carlo over ranged inputs, and sensitivity (tornado) of one figure.

Both evaluate the plan for many rows of inputs at once (draws, or one row per swing) with
the same batch arithmetic as the lenses: arrays of rows x months, no Python loop over draws
or months (simulate takes its draws a cache-sized block at a time).
"""

from __future__ import annotations

import secrets

import numpy as np

from model.engine import Numbers, Value, midpoint
from model.errors import PlanError
from model.fields import FIELDS, Bounds
from model.headlines import (
    BANDS,
    HEADLINES,
    LENSES,
    MONEY,
    MONEY_PER_MONTH,
    MONEY_PER_UNIT,
    MONTHS,
    PER_YEAR,
    PROBABILITIES,
    REQUIRED,
    SHARE,
    UNITS,
    headlines,
)
from model.plan import Plan
from model.results import (
    Band,
    Notes,
    Probability,
    Sensitivity,
    SensitivityBar,
    Simulation,
    Spread,
)
from model.values import Range, amount_of

# Figures a tornado can rank inputs by: every lens's headline figures, labelled for people.
SENSITIVITY_METRICS: dict[str, str] = {name: h.label for name, h in HEADLINES.items()}
SWING = 0.20
PERCENTILES = (0.1, 0.5, 0.9)
MAX_DRAWS = 1_000_000
# Draws evaluated together: a block's arrays stay in the CPU cache, which here is faster
# than one pass over all draws (fresh multi-megabyte temporaries cost more than arithmetic).
BLOCK = 1000


def simulate(
    plan: Plan, lens: str = "critical_mass", *, draws: int = 10_000, seed: int | None = None
) -> Simulation:
    """Monte Carlo of one lens's own headline figures over the plan's ranged inputs.

    Each range is drawn uniformly between its ends, independently, in the unit it was typed
    in. Draws are evaluated BLOCK at a time, each block as arrays of draws x months. With no
    seed one is drawn and reported; `simulate(plan, lens, draws=d, seed=result.seed)` replays
    the run exactly. Only the inputs the lens needs are required (growth needs no price).
    """
    _check_lens(lens)
    if not isinstance(draws, int) or isinstance(draws, bool) or not 1 <= draws <= MAX_DRAWS:
        raise PlanError("draws", f"draws must be a whole number from 1 to {MAX_DRAWS:,}")
    if seed is None:
        seed = secrets.randbits(32)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise PlanError("seed", f"seed must be a whole number of at least 0; got {seed!r}")
    Numbers.of(plan).require(*REQUIRED[lens], lens=f"a simulation of the {_name(lens)} lens")
    rng = np.random.default_rng(seed)
    ranged = plan.ranged_inputs
    samples = {}
    for name in ranged:
        ends = amount_of(getattr(plan, name))
        samples[name] = rng.uniform(ends.low, ends.high, size=(draws, 1))
    names = [name for name, h in HEADLINES.items() if h.lens == lens]
    figures = {name: np.empty(draws) for name in names}
    band = np.empty((plan.horizon_months + 1, draws)) if lens in BANDS else None
    for start in range(0, draws, BLOCK):
        block = slice(start, min(start + BLOCK, draws))

        def drawn(name: str, amount: float | Range, rows: slice = block) -> Value:
            return samples[name][rows] if name in samples else amount

        x = Numbers.of(plan, drawn)
        block_figures, block_band = headlines(x, lens, block.stop - block.start)
        if band is not None:
            assert block_band is not None, "every lens in BANDS returns its band series"
            band[:, block] = block_band.T
        for name, values in block_figures.items():
            figures[name][block] = values
    horizon = plan.horizon_months
    notes: Notes = {"sampling": _sampling_note(ranged, draws, seed)}
    spreads = {}
    for name in names:
        spreads[name] = _spread(name, figures[name])
        missing = np.isinf(figures[name]).mean()
        if None in (spreads[name].p10, spreads[name].p50, spreads[name].p90):
            notes[name] = (
                f"{missing:.0%} of draws have no {HEADLINES[name].label} within {horizon} "
                "months: a percentile among them is beyond the horizon (None)"
            )
    probabilities = {}
    if lens in PROBABILITIES:
        name, label = PROBABILITIES[lens]
        share = float(np.isfinite(figures[name]).mean())
        probabilities[name] = Probability(label.format(horizon=horizon), share, horizon)
    return Simulation(
        lens=lens,
        seed=seed,
        draws=draws,
        ranged_inputs=ranged,
        spreads=spreads,
        probabilities=probabilities,
        band=None if band is None else _band(lens, band, horizon),
        horizon_months=horizon,
        discount_rate=float(midpoint("discount_rate", plan.discount_rate)),
        notes=notes,
    )


def _band(lens: str, by_month: np.ndarray, horizon: int) -> Band:
    label, unit = BANDS[lens]
    low, mid, high = _percentiles(by_month, axis=1).T
    return Band(label, unit, np.arange(horizon + 1), low, mid, high)


def sensitivity(plan: Plan, metric: str) -> Sensitivity:
    """Tornado data: how far `metric` moves when each input swings low and high.

    Inputs with a range swing across it; the others by 20% either way (learning rate and a
    monthly retention by 20% of what they take away: the cost drop per doubling, the churn),
    never outside the input's valid range. The rest stay at their midpoints. Each bar says
    the unit of its input; the result the unit of the metric. Bars come largest swing first.
    """
    if metric not in SENSITIVITY_METRICS:
        raise PlanError(
            "metric", f"unknown metric {metric!r}; choose one of: {', '.join(SENSITIVITY_METRICS)}"
        )
    headline = HEADLINES[metric]
    base = Numbers.of(plan)
    base.require(*REQUIRED[headline.lens], lens="sensitivity")
    swings = {name: ends for name in FIELDS if (ends := _swing_ends(plan, name)) is not None}
    rows = 1 + 2 * len(swings)  # row 0: the plan itself; then low and high per input
    row_of = {name: 1 + 2 * i for i, name in enumerate(swings)}

    def swung(name: str, amount: float | Range):
        if name not in swings:
            return midpoint(name, amount)
        column = np.full((rows, 1), midpoint(name, amount))
        column[row_of[name] : row_of[name] + 2, 0] = swings[name]
        return column

    values = headlines(Numbers.of(plan, swung), headline.lens, rows)[0][metric]
    notes: Notes = {"swing": _swing_note()}
    missing = np.isinf(values)
    if missing.any():
        notes["metric"] = (
            f"where the {headline.label} does not happen within {base.horizon} months it is "
            f"None, and it counts as month {base.horizon} for ranking"
        )
    ranking = np.where(missing, base.horizon, values)
    bars, still = [], []
    for name, (low, high) in swings.items():
        at_low, at_high = row_of[name], row_of[name] + 1
        swing = abs(float(ranking[at_high] - ranking[at_low]))
        if swing == 0:
            still.append(name)
            continue
        bars.append(
            SensitivityBar(
                name,
                input_unit(plan, name),
                low,
                high,
                _figure(values[at_low]),
                _figure(values[at_high]),
                swing,
            )
        )
    if still:
        unmoved = ", ".join(FIELDS[name].label for name in still)
        notes["unmoved"] = f"the {headline.label} does not move with: {unmoved}"
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return Sensitivity(
        metric, headline.label, headline.unit, headline.basis, _figure(values[0]), tuple(bars),
        notes,
    )  # fmt: skip


def input_unit(plan: Plan, name: str) -> str:
    """The unit an input's value is in, as data for labels: money per unit, share, ..."""
    info = FIELDS[name]
    basis = getattr(getattr(plan, name), "basis", "")
    if info.kind in ("cost", "marketing"):
        return {"per_unit": MONEY_PER_UNIT, "per_month": MONEY_PER_MONTH}.get(basis, SHARE)
    if info.kind == "retention":
        return MONTHS if basis == "lifetime" else SHARE
    if name in ("p", "q"):
        return PER_YEAR
    if name in ("fixed_monthly", "services_arpu"):
        return MONEY_PER_MONTH
    if name in ("price", "unit_cost"):
        return MONEY_PER_UNIT
    return {"money": MONEY, "count": UNITS, "rate": SHARE, "months": MONTHS}[info.kind]


def _check_lens(lens: str) -> None:
    if lens not in LENSES:
        raise PlanError("lens", f"unknown lens {lens!r}; lenses are: {', '.join(LENSES)}")


def _name(lens: str) -> str:
    return lens.replace("_", " ")


def _spread(name: str, values: np.ndarray) -> Spread:
    """P10/P50/P90; None for a percentile that falls among draws without an answer (inf)."""
    h = HEADLINES[name]
    p10, p50, p90 = (_figure(value) for value in _percentiles(values))
    return Spread(p10=p10, p50=p50, p90=p90, label=h.label, unit=h.unit, basis=h.basis)


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
    if name in ("currency", "horizon_months"):
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
    info = FIELDS[name]
    bounds = info.number_bounds if basis is None else info.basis_bounds[basis]
    if name == "learning_rate" or (name == "retention" and basis == "monthly"):
        taken = 1 - value  # swing what it takes away: the cost drop, the churn
        ends = 1 - taken * (1 + SWING), 1 - taken * (1 - SWING)
    else:
        ends = value * (1 - SWING), value * (1 + SWING)
    return _inside(value, ends[0], bounds), _inside(value, ends[1], bounds)


def _inside(value: float, end: float, bounds: Bounds) -> float:
    """`end`, or the nearest value inside the input's valid range: the bound itself, or
    halfway to it when the bound is excluded (a learning rate of 0 is not a curve)."""
    if bounds.admits(end):
        return end
    bound, excluded = (
        (bounds.low, bounds.low_open) if end < bounds.low else (bounds.high, bounds.high_open)
    )
    return (value + bound) / 2 if excluded else bound


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
