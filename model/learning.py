"""The learning (experience) curve, unit form (Crawford): unit n costs C1 * n^b, b = log2(LR).

LR = 0.80 means each doubling of cumulative volume multiplies the unit cost by 0.80.
(The cumulative-average form, Wright's, makes the *average* of the first n units C1 * n^b;
the two differ: at 80% unit 2 costs 0.8 here and 0.6 there.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

_HEAD = 16  # units summed term by term; the rest by Euler-Maclaurin (error below 1e-10)


def unit_cost(first_unit_cost: ArrayLike, n: ArrayLike, learning_rate: ArrayLike) -> np.ndarray:
    """Cost of unit number n (n >= 1; arrays broadcast)."""
    return np.asarray(first_unit_cost) * np.asarray(n, dtype=float) ** np.log2(learning_rate)


def cumulative_cost(
    first_unit_cost: ArrayLike, n: ArrayLike, learning_rate: ArrayLike
) -> np.ndarray:
    """Exact total cost of units 1..n (arrays broadcast).

    For a fractional n the part unit past floor(n) is charged at the next unit's cost, so the
    total is continuous and increasing in n. Units past the first 16 are summed by
    Euler-Maclaurin (relative error below 1e-11), so any n costs the same time.
    """
    total, _ = totals(n, learning_rate)
    return np.asarray(first_unit_cost) * total


def totals(n: ArrayLike, learning_rate: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """For a first unit costing 1: the total cost of units 1..n (as cumulative_cost), and the
    cost of the unit after floor(n), which is the cost at the margin."""
    n = np.asarray(n, dtype=float)
    b = np.log2(np.asarray(learning_rate, dtype=float))
    shape = np.broadcast_shapes(n.shape, b.shape)
    upto = np.floor(n) + 1  # the unit n falls in: counted whole, then partly taken back
    log_upto = np.log(upto)
    next_unit = np.exp(b * log_upto)
    head = np.cumsum(np.arange(1, _HEAD + 1) ** b[..., None], axis=-1)  # sums of 1.._HEAD
    total = head[..., -1] + _tail(np.maximum(upto, _HEAD), np.maximum(log_upto, np.log(_HEAD)), b)
    total = np.broadcast_to(total, shape).copy()
    few = np.broadcast_to(upto <= _HEAD, shape)
    if few.any():  # the first units: their own sums
        heads = np.concatenate([np.zeros((*b.shape, 1)), head], axis=-1)
        heads = heads.reshape((1,) * (len(shape) - b.ndim) + heads.shape)
        counts = np.broadcast_to(upto, shape)[few].astype(int)
        total[few] = np.broadcast_to(heads, (*shape, _HEAD + 1))[few][
            np.arange(counts.size), counts
        ]
    return total - (upto - n) * next_unit, np.broadcast_to(next_unit, shape)


def _tail(n: np.ndarray, log_n: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sum of k^b for k = _HEAD+1..n (n >= _HEAD) by Euler-Maclaurin, to the f^(5) term.

    One exp per element: the powers of n come from n^b and 1/n.
    """
    m = float(_HEAD)
    log_ratio = log_n - np.log(m)
    at_n = np.exp(b * log_n)
    c = b + 1  # the integral of x^b is (n^c - m^c) / c, or log(n / m) as c -> 0
    near_log = np.abs(c) < 1e-4
    safe_c = np.where(near_log, 1.0, c)
    series = m**c * log_ratio * (1 + c * log_ratio / 2 + (c * log_ratio) ** 2 / 6)
    integral = np.where(near_log, series, (n * at_n - m**c) / safe_c)
    at_n_1 = at_n / n  # n^(b-1)
    at_n_3 = at_n_1 / (n * n)
    at_n_5 = at_n_3 / (n * n)
    d3 = b * (b - 1) * (b - 2)
    d5 = d3 * (b - 3) * (b - 4)
    return (
        integral
        + (at_n - m**b) / 2
        + b * (at_n_1 - m ** (b - 1)) / 12
        - d3 * (at_n_3 - m ** (b - 3)) / 720
        + d5 * (at_n_5 - m ** (b - 5)) / 30240
    )
