"""Bass diffusion: how a market adopts through innovation (p, ads) and imitation (q, word of
mouth). Rates are per unit of t: the published ones are per year, and p/12, q/12 per month
give exactly the same curve against t in months."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike


def bass_adopted_share(t: ArrayLike, p: ArrayLike, q: ArrayLike) -> np.ndarray:
    """F(t): the share of the market that has adopted by time t (p > 0; arrays broadcast)."""
    decay = np.exp(-np.add(p, q, dtype=float) * np.asarray(t, dtype=float))
    return (1 - decay) / (1 + np.divide(q, p) * decay)


def bass_peak_time(p: float, q: float) -> float | None:
    """When adoptions per period peak: ln(q/p) / (p + q); None when q <= p (they only fall)."""
    if q <= p:
        return None
    return math.log(q / p) / (p + q)


def bass_time_to_share(share: ArrayLike, p: ArrayLike, q: ArrayLike) -> np.ndarray:
    """When F(t) reaches `share` (0 <= share < 1): F solved for t."""
    share = np.asarray(share, dtype=float)
    return -np.log((1 - share) / (1 + share * np.divide(q, p))) / (np.asarray(p) + q)
