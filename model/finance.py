"""Discounting helpers. Cash flows are per period; the first one is at t = 0."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

_LARGEST_X = 100.0  # x = 1 / (1 + r) at r = -99%, the lowest rate given as an answer


def npv(rate: float, cashflows: ArrayLike) -> float:
    """Net present value with the first flow at t = 0 (numpy-financial's convention).

    A spreadsheet's NPV starts at period 1: its NPV(r, v) equals npv(r, [0, *v]).
    """
    flows = np.asarray(cashflows, dtype=float)
    return float(flows @ (1 + rate) ** -np.arange(flows.size))


def irr(cashflows: ArrayLike) -> float | None:
    """Internal rate of return per period, or None when no rate makes the NPV zero.

    The NPV is a polynomial in x = 1 / (1 + r). With one sign change in the flows (spend,
    then earn) it has exactly one positive root, found by narrowing a bracket; otherwise all
    roots are computed and, as numpy-financial does, the rate closest to zero is returned.
    Rates below -99% per period are no answer (None).
    """
    flows = np.asarray(cashflows, dtype=float)
    nonzero = np.flatnonzero(flows)
    if nonzero.size == 0:
        return None
    flows = flows[nonzero[0] : nonzero[-1] + 1]  # zeros at either end only add x^k factors
    signs = np.sign(flows[flows != 0])
    changes = np.count_nonzero(signs[1:] != signs[:-1])
    if changes == 0:
        return None  # all in or all out: no rate balances them
    if changes == 1:
        x = _single_positive_root(flows)
        return None if x is None else float(1 / x - 1)
    roots = np.roots(flows[::-1])
    real = np.abs(roots.imag) <= 1e-9 * np.abs(roots)
    real = roots[real & (roots.real > 0) & (roots.real <= _LARGEST_X)].real
    if real.size == 0:
        return None
    rates = 1 / real - 1
    return float(rates[np.argmin(np.abs(rates))])


def _single_positive_root(flows: np.ndarray) -> float | None:
    """The one x > 0 where sum(flows[t] * x^t) = 0 (flows[0] != 0): Newton's method kept
    inside a shrinking bracket, in plain floats (faster than numpy for one polynomial)."""
    coefficients = flows[::-1].tolist()  # Horner order: highest power first

    def value_and_slope(x: float) -> tuple[float, float]:
        value = slope = 0.0
        for coefficient in coefficients:
            slope = slope * x + value
            value = value * x + coefficient
        return value, slope

    side = 1.0 if flows[0] > 0 else -1.0  # the polynomial's sign between 0 and the root
    # x = 1 / (1 + r): stop at r = -99%, or sooner where x^degree could overflow.
    largest = min(_LARGEST_X, 10 ** (250 / (flows.size - 1)))
    low, high = 0.0, 1.0
    while side * value_and_slope(high)[0] > 0:
        if high >= largest:
            return None
        low, high = high, min(high * 2, largest)
    x = high  # Newton from the side of larger x, where it converges for these polynomials
    for _ in range(200):
        value, slope = value_and_slope(x)
        if value == 0:
            return x
        if side * value > 0:
            low = x
        else:
            high = x
        newton = x - value / slope if slope else math.nan
        step = newton if low < newton < high else (low + high) / 2
        if abs(step - x) <= 1e-15 * x:
            return step
        x = step
    return x


def payback(cashflows: ArrayLike) -> float | None:
    """Periods until the cumulative cash flow is back at zero, interpolated within the
    period; 0 when it is never negative; None when it never gets back."""
    crossing, found = first_recovery(np.cumsum(np.asarray(cashflows, dtype=float))[None, :])
    return float(crossing[0]) if found[0] else None


def first_recovery(cumulative: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of cumulative cash (rows x periods): the interpolated time it first
    climbs from below zero back to zero or above, and whether it does.

    A row that is never negative recovers at 0. Rows that never recover get 0 and False.
    """
    below = cumulative < 0
    if cumulative.shape[1] < 2:
        return np.zeros(cumulative.shape[0]), ~below[:, 0]
    recovers = below[:, :-1] & ~below[:, 1:]
    found = recovers.any(axis=1)
    after = recovers.argmax(axis=1)  # the period before the crossing
    rows = np.arange(cumulative.shape[0])
    before, later = cumulative[rows, after], cumulative[rows, after + 1]
    gap = np.where(found, later - before, 1.0)
    crossing = np.where(found, after + np.where(found, -before, 0.0) / gap, 0.0)
    never_below = ~below.any(axis=1)
    # numpy's stubs type any(axis=...) as maybe a bool; on a 2-D array it is a 1-D array.
    return crossing, found | never_below  # type: ignore[return-value]
