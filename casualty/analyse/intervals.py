"""Interval arithmetic on bounds: every derived number keeps the low and high its inputs allow.

Analyse stage: non-negative intervals divided and added, overlaps tested, and a ratio simulated by draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd  # noqa: F401 (for the examples)


def divide_intervals(a_low, a_best, a_high, b_low, b_best, b_high) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Divide intervals of non-negative numbers: [a_low / b_high, a_high / b_low].

    A zero lower bound in the denominator gives an open (infinite) upper bound;
    an infinite denominator bound gives zero; a zero numerator gives zero; a
    missing (NaN) denominator gives NaN, even over a zero numerator.

    >>> [x.item() for x in divide_intervals(4500, 5000, 5500, 9900, 11000, 12100)]
    [0.371900826446281, 0.45454545454545453, 0.5555555555555556]
    """
    a_low, a_best, a_high, b_low, b_best, b_high = (
        np.asarray(x, dtype="float64") for x in (a_low, a_best, a_high, b_low, b_best, b_high))
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where((a_low == 0) & ~np.isnan(b_high), 0.0, a_low / b_high)
        best = np.where((a_best == 0) & ~np.isnan(b_best), 0.0, a_best / b_best)
        high = np.where((a_high == 0) & ~np.isnan(b_low), 0.0, a_high / b_low)
    return low, best, high


def add_intervals(a_low, a_best, a_high, b_low, b_best, b_high) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add intervals: [a_low + b_low, a_high + b_high].

    Only for figures of one statement: ``check_consistency`` adds a source's
    own killed and wounded, never figures of different sources.
    """
    return tuple(np.asarray(a, dtype="float64") + np.asarray(b, dtype="float64")
                 for a, b in ((a_low, b_low), (a_best, b_best), (a_high, b_high)))


def intervals_overlap(a_low, a_high, b_low, b_high) -> np.ndarray:
    """True where [a_low, a_high] and [b_low, b_high] share at least one point."""
    return (np.asarray(a_low) <= np.asarray(b_high)) & (np.asarray(b_low) <= np.asarray(a_high))


def simulate_ratio(a_low: float, a_high: float, b_low: float, b_high: float,
                   draws: int = 1_000_000, seed: int = 2025) -> np.ndarray:
    """Draws of a / b with a and b uniform on their ranges (seeded, vectorised).

    A way to see where inside the interval-arithmetic bounds a ratio most
    likely sits; the bounds themselves stay the honest answer.

    >>> draws = simulate_ratio(4500, 5500, 9900, 12100, draws=10_000)
    >>> bool(4500 / 12100 <= draws.min() and draws.max() <= 5500 / 9900)
    True
    """
    rng = np.random.default_rng(seed)
    a = rng.uniform(a_low, a_high, draws)
    b = rng.uniform(b_low, b_high, draws)
    with np.errstate(divide="ignore"):
        return a / b


# --- subjects ---------------------------------------------------------------
