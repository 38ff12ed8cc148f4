"""Metric functions of the course that scikit-learn, scipy and pandas do not already provide.

Module 1 needs only ratios of counts; :func:`rate` computes one with the checks a product
analyst forgets (empty denominators, counts above their totals, NaN).

Module 2 prices the errors of a classifier. A score at or above the threshold predicts the
positive class (the convention of :func:`sklearn.metrics.roc_curve`); a false positive and a
false negative each have a cost, either one number for every item or one cost per item (for a
missed fraud, its amount). :func:`expected_cost` totals the cost at one threshold,
:func:`cost_curve` at every threshold of a grid, :func:`best_threshold` picks the cheapest, and
:func:`segmented_best_thresholds` picks one threshold per segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix

__all__ = [
    "THRESHOLD_GRID",
    "best_threshold",
    "confusion_counts",
    "cost_curve",
    "expected_cost",
    "rate",
    "relative_change",
    "segmented_best_thresholds",
]

#: Thresholds 0.00, 0.01, ..., 1.00: the grid of the cost curves and of the threshold slider.
THRESHOLD_GRID = np.round(np.arange(0, 1.0001, 0.01), 2)


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


# --------------------------------------------------------------------------------------------
# Module 2: the cost of errors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Checked:
    """Validated inputs: labels as int8, scores as float, costs as a float or a float array."""

    y_true: np.ndarray
    y_score: np.ndarray
    fp_cost: float | np.ndarray
    fn_cost: float | np.ndarray
    threshold: float | None
    thresholds: np.ndarray | None
    segments: np.ndarray | None


def _check_cost(cost: Any, name: str, n: int) -> float | np.ndarray:
    try:
        values = np.asarray(cost, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a non-negative number, or an array with one cost per "
                         f"sample, got {cost!r}") from None
    if values.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array with one cost per sample "
                         f"(got an array of shape {values.shape})")
    if values.ndim == 1 and values.size != n:
        raise ValueError(f"length mismatch: y_true has {n} samples but {name} has {values.size} "
                         "costs")
    if not np.isfinite(values).all():
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    if (values < 0).any():
        raise ValueError(f"{name} must be non-negative (a cost, not a gain)")
    return float(values) if values.ndim == 0 else values


def _check_threshold(threshold: Any) -> float:
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}") from None
    if not 0 <= value <= 1:  # also refuses NaN
        raise ValueError(f"threshold must be a number in [0, 1], got {threshold!r}")
    return value


def _check_grid(thresholds: Any) -> np.ndarray:
    if thresholds is None:
        return THRESHOLD_GRID.copy()
    try:
        grid = np.asarray(thresholds, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("thresholds must be a 1-D array of numbers in [0, 1]") from None
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError("thresholds must be a non-empty 1-D array of numbers in [0, 1] "
                         f"(got shape {grid.shape})")
    if not ((grid >= 0) & (grid <= 1)).all():  # also refuses NaN
        raise ValueError("thresholds must lie in [0, 1] (no NaN)")
    return grid


def _check(
    y_true: Any,
    y_score: Any,
    *,
    fp_cost: Any = 0.0,
    fn_cost: Any = 0.0,
    threshold: Any = None,
    thresholds: Any = None,
    segments: Any = None,
) -> _Checked:
    """The one place where the cost functions validate their input (clear ``ValueError``s)."""
    y = np.asarray(y_true)
    s = np.asarray(y_score)
    if y.ndim != 1 or s.ndim != 1:
        raise ValueError("y_true and y_score must be 1-D (one label and one score per sample)")
    if y.size == 0 or s.size == 0:
        raise ValueError("y_true and y_score are empty: at least one sample is needed")
    if y.size != s.size:
        raise ValueError(f"length mismatch: y_true has {y.size} samples but y_score has "
                         f"{s.size}")
    if y.dtype == bool:
        y = y.astype(np.int8)
    elif y.dtype.kind in "iuf" and ((y == 0) | (y == 1)).all():
        y = y.astype(np.int8)
    else:
        raise ValueError("y_true must be binary: only 0 and 1 (or False and True)")
    try:
        s = s.astype(float)
    except (TypeError, ValueError):
        raise ValueError("y_score must hold numbers (scores or probabilities in [0, 1])") from None
    if not np.isfinite(s).all():
        raise ValueError("y_score must be finite (no NaN or infinity)")
    if s.min() < 0 or s.max() > 1:
        raise ValueError(f"y_score must lie in [0, 1] (got values from {s.min():g} to "
                         f"{s.max():g})")
    labels = None
    if segments is not None:
        labels = np.asarray(segments)
        if labels.ndim != 1 or labels.size != y.size:
            raise ValueError(f"length mismatch: y_true has {y.size} samples but segments has "
                             f"{labels.size} labels")
    return _Checked(
        y_true=y,
        y_score=s,
        fp_cost=_check_cost(fp_cost, "fp_cost", y.size),
        fn_cost=_check_cost(fn_cost, "fn_cost", y.size),
        threshold=None if threshold is None else _check_threshold(threshold),
        thresholds=_check_grid(thresholds),
        segments=labels,
    )


@dataclass(frozen=True)
class _SortedErrors:
    """Error counts and costs below each cut of the sorted scores (private helper).

    With ``k = searchsorted(sorted_scores, t, side="left")`` samples predicted negative at
    threshold ``t``, ``positives_below[k]`` is the number of false negatives,
    ``fn_cost_below[k]`` their cost, and ``fp_cost_from[k]`` the cost of the false positives
    (the negatives among the samples ``k, k+1, ...``). All three arrays have ``n + 1`` entries.
    """

    sorted_scores: np.ndarray
    positives_below: np.ndarray
    fn_cost_below: np.ndarray
    fp_cost_from: np.ndarray
    n_positives: int
    n_negatives: int

    @classmethod
    def build(cls, y: np.ndarray, s: np.ndarray, fp_cost: float | np.ndarray,
              fn_cost: float | np.ndarray) -> _SortedErrors:
        order = np.argsort(s, kind="stable")
        positive = y[order] == 1
        negative = ~positive
        positives_below = np.concatenate([[0], np.cumsum(positive)])
        negatives_from = np.concatenate([np.cumsum(negative[::-1])[::-1], [0]])
        if np.ndim(fn_cost) == 0:  # a count times the cost: exactly what expected_cost computes
            fn_cost_below = fn_cost * positives_below
        else:
            fn_cost_below = np.concatenate([[0.0], np.cumsum(np.where(positive, fn_cost[order],
                                                                      0.0))])
        if np.ndim(fp_cost) == 0:
            fp_cost_from = fp_cost * negatives_from
        else:
            weights = np.where(negative, fp_cost[order], 0.0)
            fp_cost_from = np.concatenate([np.cumsum(weights[::-1])[::-1], [0.0]])
        n_positives = int(positives_below[-1])
        return cls(s[order], positives_below, fn_cost_below.astype(float),
                   fp_cost_from.astype(float), n_positives, int(y.size - n_positives))

    def cut(self, thresholds: np.ndarray | float) -> np.ndarray:
        """Number of samples predicted negative (score < threshold) at each threshold."""
        return np.searchsorted(self.sorted_scores, thresholds, side="left")

    def cost(self, thresholds: np.ndarray | float) -> np.ndarray:
        k = self.cut(thresholds)
        return self.fn_cost_below[k] + self.fp_cost_from[k]


def _argbest(grid: np.ndarray, costs: np.ndarray) -> tuple[float, float]:
    """Cheapest threshold; ties (equal up to float rounding) go to the lowest threshold."""
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(costs))))
    tied = np.flatnonzero(costs <= costs.min() + tolerance)
    best = tied[np.argmin(grid[tied])]
    return float(grid[best]), float(costs[best])


def confusion_counts(y_true: Any, y_score: Any, threshold: float) -> dict[str, int]:
    """Counts of the confusion matrix when a score at or above ``threshold`` predicts positive.

    Parameters
    ----------
    y_true : array-like of 0/1 (or bool)
        True labels (1 = positive, e.g. fraud).
    y_score : array-like of float in [0, 1]
        Scores or predicted probabilities of the positive class.
    threshold : float in [0, 1]
        A sample is predicted positive when ``y_score >= threshold``.

    Returns
    -------
    dict
        ``{"tn": ..., "fp": ..., "fn": ..., "tp": ...}`` as Python ints, from
        :func:`sklearn.metrics.confusion_matrix`.

    Raises
    ------
    ValueError
        On empty or mismatched input, labels other than 0/1, NaN or infinite scores, scores or
        a threshold outside [0, 1].

    Examples
    --------
    >>> confusion_counts([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5)
    {'tn': 1, 'fp': 1, 'fn': 1, 'tp': 1}
    >>> confusion_counts([0, 1], [0.5, 0.5], 0.5)  # a score equal to the threshold is positive
    {'tn': 0, 'fp': 1, 'fn': 0, 'tp': 1}
    """
    c = _check(y_true, y_score, threshold=threshold)
    matrix = confusion_matrix(c.y_true, c.y_score >= c.threshold, labels=[0, 1])
    tn, fp, fn, tp = (int(x) for x in matrix.ravel())
    return {"tn": tn, "fp": fp, "fn": fn, "tp": tp}


def expected_cost(
    y_true: Any, y_score: Any, threshold: float, *, fp_cost: Any, fn_cost: Any
) -> float:
    """Total cost of the errors at one threshold.

    ``fp_cost`` is paid for every false positive and ``fn_cost`` for every false negative.
    Either may be one number or an array with one cost per sample (only the entries of the
    samples that are errors of that kind count): the cost of a missed fraud is its amount.

    Parameters
    ----------
    y_true : array-like of 0/1 (or bool)
        True labels.
    y_score : array-like of float in [0, 1]
        Scores; ``y_score >= threshold`` predicts positive.
    threshold : float in [0, 1]
        The decision threshold.
    fp_cost, fn_cost : float or array-like of float, non-negative
        Cost of a false positive and of a false negative: a number, or one per sample.

    Returns
    -------
    float
        ``fp_cost * #FP + fn_cost * #FN`` (sums over the errors for per-sample costs).

    Raises
    ------
    ValueError
        On bad labels, scores or threshold (see :func:`confusion_counts`), costs that are
        negative, NaN, infinite or of the wrong length.

    Examples
    --------
    One false positive at 1 and one false negative at 10:

    >>> expected_cost([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, fp_cost=1, fn_cost=10)
    11.0

    With the missed fraud's amount (250) as the cost of the false negative:

    >>> expected_cost([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, fp_cost=1,
    ...               fn_cost=[0, 0, 250, 40])
    251.0
    """
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost, threshold=threshold)
    positive = c.y_score >= c.threshold
    fp_mask = positive & (c.y_true == 0)
    fn_mask = ~positive & (c.y_true == 1)
    fp_total = (c.fp_cost * np.count_nonzero(fp_mask) if np.ndim(c.fp_cost) == 0
                else c.fp_cost[fp_mask].sum())
    fn_total = (c.fn_cost * np.count_nonzero(fn_mask) if np.ndim(c.fn_cost) == 0
                else c.fn_cost[fn_mask].sum())
    return float(fp_total + fn_total)


def cost_curve(
    y_true: Any, y_score: Any, *, fp_cost: Any, fn_cost: Any, thresholds: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """Expected cost at every threshold of a grid, in one pass.

    The scores are sorted once; cumulative sums of the positives' ``fn_cost`` (from the
    lowest score up) and of the negatives' ``fp_cost`` (from the highest score down) then give
    the cost at any threshold by a binary search. The result equals :func:`expected_cost` at
    each threshold.

    Parameters
    ----------
    y_true, y_score, fp_cost, fn_cost
        As in :func:`expected_cost`.
    thresholds : array-like of float in [0, 1], optional
        The grid; ``THRESHOLD_GRID`` (0.00, 0.01, ..., 1.00) by default.

    Returns
    -------
    thresholds : numpy.ndarray
        The grid, as floats, in the order given.
    costs : numpy.ndarray
        The expected cost at each threshold.

    Raises
    ------
    ValueError
        As :func:`expected_cost`, and on a grid that is not 1-D or leaves [0, 1].

    Examples
    --------
    >>> t, costs = cost_curve([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], fp_cost=1, fn_cost=10,
    ...                       thresholds=[0, 0.5, 1])
    >>> t.tolist(), costs.tolist()
    ([0.0, 0.5, 1.0], [2.0, 11.0, 20.0])
    >>> len(cost_curve([0, 1], [0.2, 0.7], fp_cost=1, fn_cost=1)[0])
    101
    """
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost, thresholds=thresholds)
    errors = _SortedErrors.build(c.y_true, c.y_score, c.fp_cost, c.fn_cost)
    return c.thresholds, errors.cost(c.thresholds)


def best_threshold(
    y_true: Any, y_score: Any, *, fp_cost: Any, fn_cost: Any, thresholds: Any = None
) -> tuple[float, float]:
    """The threshold of the grid with the lowest expected cost, and that cost.

    Parameters
    ----------
    y_true, y_score, fp_cost, fn_cost, thresholds
        As in :func:`cost_curve`.

    Returns
    -------
    threshold : float
        The cheapest threshold of the grid; among equally cheap ones (up to float rounding,
        a relative 1e-9), the lowest.
    cost : float
        Its expected cost.

    Raises
    ------
    ValueError
        As :func:`cost_curve`.

    Examples
    --------
    Every threshold in (0.1, 0.4] lets through one false positive and nothing else; the
    lowest of them on the grid is 0.11:

    >>> best_threshold([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], fp_cost=1, fn_cost=10)
    (0.11, 1.0)
    """
    grid, costs = cost_curve(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost,
                             thresholds=thresholds)
    return _argbest(grid, costs)


def segmented_best_thresholds(
    y_true: Any,
    y_score: Any,
    segments: Any,
    *,
    fp_cost: Any,
    fn_cost: Any,
    thresholds: Any = None,
) -> dict[Any, tuple[float, float]]:
    """The best threshold of each segment, chosen independently.

    Parameters
    ----------
    y_true, y_score, fp_cost, fn_cost, thresholds
        As in :func:`best_threshold`; per-sample costs are split with the samples.
    segments : array-like
        One segment label per sample (e.g. ``"low"`` / ``"high"`` amount).

    Returns
    -------
    dict
        ``{label: (threshold, cost)}`` for every segment, labels in sorted order. The costs add
        up to the total cost of the segmented policy, which is never above the cost of the best
        single threshold.

    Raises
    ------
    ValueError
        As :func:`best_threshold`, and when ``segments`` differs in length from ``y_true``.

    Examples
    --------
    Missed frauds cost their amount; a false alarm costs 5. Each segment holds one
    legitimate payment and one fraud with the same score. A small fraud (2) is not worth an
    alarm, a large one (500) is:

    >>> y, s = [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]
    >>> amounts = [0, 2, 0, 500]
    >>> segmented_best_thresholds(y, s, ["low", "low", "high", "high"], fp_cost=5,
    ...                           fn_cost=amounts)
    {'high': (0.0, 5.0), 'low': (0.31, 2.0)}
    >>> best_threshold(y, s, fp_cost=5, fn_cost=amounts)  # one threshold for both: 10 > 5 + 2
    (0.0, 10.0)
    """
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost, thresholds=thresholds,
               segments=segments)
    try:
        labels = np.unique(c.segments)
    except TypeError:
        raise ValueError("segments must be labels of one comparable type (e.g. all strings)"
                         ) from None
    result: dict[Any, tuple[float, float]] = {}
    for label in labels:
        mask = c.segments == label
        part = [cost if np.ndim(cost) == 0 else cost[mask] for cost in (c.fp_cost, c.fn_cost)]
        errors = _SortedErrors.build(c.y_true[mask], c.y_score[mask], *part)
        key = label.item() if isinstance(label, np.generic) else label
        result[key] = _argbest(c.thresholds, errors.cost(c.thresholds))
    return result
