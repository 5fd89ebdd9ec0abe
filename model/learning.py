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


def first_unit_cost(
    average_cost: ArrayLike, reference_volume: ArrayLike, learning_rate: ArrayLike
) -> np.ndarray:
    """C1 such that the first `reference_volume` units average `average_cost` (arrays broadcast).

    This anchors the curve on a cumulative volume, not on a month: how the launch is batched
    cannot move it. Worked value: average 100 over the first 4 units at 80% gives
    C1 = 100 * 4 / 3.142104 = 127.3032, so unit 8 costs 65.18 and unit 1000 costs 13.774.
    """
    total, _ = totals(reference_volume, learning_rate)
    return np.asarray(average_cost) * np.asarray(reference_volume, dtype=float) / total


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
    cost of the unit after floor(n), which is the cost at the margin.

    Written with in-place steps: it runs on every (draw, month) of a simulation, where
    fresh multi-megabyte temporaries cost more than the arithmetic.
    """
    shape = np.broadcast_shapes(np.shape(n), np.shape(learning_rate))
    n = np.atleast_1d(np.asarray(n, dtype=float))  # arrays throughout, for the in-place steps
    b = np.log2(np.asarray(learning_rate, dtype=float))
    upto = np.floor(n)
    upto += 1  # the unit n falls in: counted whole, then partly taken back
    next_unit = np.power(upto, b)
    # Sums of the first 0.._HEAD unit costs, one row per learning rate; flat, to gather from.
    heads = np.cumsum(np.arange(1, _HEAD + 1) ** b[..., None], axis=-1)
    heads = np.concatenate([np.zeros((*b.shape, 1)), heads], axis=-1)
    total = _sum_of_powers(upto, next_unit, b, heads[..., -1])
    few = upto <= _HEAD
    if few.any():  # the first units: their own sums, looked up
        rows = np.arange(0, heads.size, _HEAD + 1).reshape(b.shape)  # where each rate's sums start
        exact = heads.ravel()[rows + np.minimum(upto, _HEAD).astype(np.intp)]
        total = np.where(few, exact, total)
    total -= (upto - n) * next_unit
    return total.reshape(shape), next_unit.reshape(shape)


def _sum_of_powers(n: np.ndarray, n_b: np.ndarray, b: np.ndarray, head: np.ndarray) -> np.ndarray:
    """Sum of k^b for k = 1..n, valid for n >= _HEAD, given n^b and the sum of the first _HEAD.

    The rest is Euler-Maclaurin to the fifth derivative, with m = _HEAD: the integral from m
    to n, plus E(n) - E(m) where E(x) = f(x)/2 + f'(x)/12 - f'''(x)/720 + f'''''(x)/30240.
    What depends only on b is one constant per learning rate.
    """
    m = float(_HEAD)
    c = b + 1
    d3 = b * (b - 1) * (b - 2)
    d5 = d3 * (b - 3) * (b - 4)

    def end_terms(x, x_b):  # E(x) from x^b, by Horner in 1/x
        inverse = 1 / x
        squared = inverse * inverse
        terms = squared * (d5 / 30240)
        terms -= d3 / 720
        terms *= squared
        terms += b / 12
        terms *= inverse
        terms += 0.5
        terms *= x_b
        return terms

    near_log = np.abs(c) < 1e-4  # the integral, (n^c - m^c) / c, tends to log(n / m)
    m_c = m**c
    total = n * n_b
    total -= m_c
    total /= np.where(near_log, 1.0, c)
    if near_log.any():
        ratio = np.log(n / m)
        series = m_c * ratio * (1 + c * ratio / 2 + (c * ratio) ** 2 / 6)
        total = np.where(near_log, series, total)
    total += end_terms(n, n_b)
    total += head - end_terms(m, m**b)
    return total
