"""Metric functions of the course that scikit-learn, scipy and pandas do not already provide.

Module 1 needs only ratios of counts; :func:`rate` computes one with the checks a product
analyst forgets (empty denominators, counts above their totals, NaN).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["rate", "relative_change"]


def rate(events: Any, exposures: Any) -> float:
    """Pooled rate ``sum(events) / sum(exposures)`` of count data.

    Pooling (rather than averaging daily rates) weights each day by its traffic, which is what
    a weekly "hallucination rate" or "click-through rate" means.

    Parameters
    ----------
    events, exposures : array-like of non-negative numbers
        Counts of the event and of the opportunities for it, same length.

    Returns
    -------
    float
        A share in [0, 1].

    Raises
    ------
    ValueError
        On empty or mismatched input, NaN, negative counts, zero exposures, or more events than
        exposures.

    Examples
    --------
    >>> rate([2, 3], [40, 60])
    0.05
    >>> rate([], [])
    Traceback (most recent call last):
    ...
    ValueError: rate needs at least one observation
    """
    e = np.asarray(events, dtype=float).ravel()
    n = np.asarray(exposures, dtype=float).ravel()
    if e.size == 0 or n.size == 0:
        raise ValueError("rate needs at least one observation")
    if e.shape != n.shape:
        raise ValueError(f"events and exposures differ in length ({e.size} vs {n.size})")
    if np.isnan(e).any() or np.isnan(n).any():
        raise ValueError("events and exposures must not contain NaN")
    if (e < 0).any() or (n < 0).any():
        raise ValueError("counts must be non-negative")
    if (e > n).any():
        raise ValueError("a count of events exceeds its exposures")
    total = n.sum()
    if total == 0:
        raise ValueError("the exposures sum to zero: the rate is undefined")
    return float(e.sum() / total)


def relative_change(before: float, after: float) -> float:
    """Relative change ``after / before - 1``.

    Examples
    --------
    >>> round(relative_change(0.30, 0.39), 3)
    0.3
    """
    before, after = float(before), float(after)
    if np.isnan(before) or np.isnan(after):
        raise ValueError("relative_change got NaN")
    if before == 0:
        raise ValueError("relative change from zero is undefined")
    return after / before - 1
