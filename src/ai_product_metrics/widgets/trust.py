"""Module 4 explorer: below which confidence should the assistant keep its draft to itself?

The reply-drafting assistant of module 4 (``make_assistant_interactions``) states a confidence
with every draft. Suppose it showed a draft only when that confidence reaches a threshold
``t``, and abstained otherwise: the agent then writes the reply by hand.

**Counterfactual.** A shown draft keeps the outcome logged for it. A hidden draft would
otherwise have met the outcome logged for it: had it been shown, the agent would have relied
on it (``accepted`` or ``edited``) or not (``overridden`` or ``abandoned``) exactly as the log
says. Hiding a draft the agent would have relied on therefore avoids a wrong reply when the
draft is wrong, and loses a good draft (the agent types the reply instead) when it is correct.
Hiding never changes what happens to the drafts that are still shown: the log cannot tell how
agents would trust an assistant that keeps quiet more often.

:func:`confidence_threshold_report` is the pure compute (tested on its own);
:func:`confidence_threshold_explorer` wraps it in a slider, a four-panel figure (reliance on
the shown drafts, coverage and acceptance, error exposure, cost against the threshold) and a
text read-out. Everything that does not depend on the threshold (the sorted confidences with
cumulative counts, the curves over the grid 0.00, 0.01, ..., 1.00) is computed once by
:func:`precompute_confidence_curves`.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..datasets.assistant import HIDDEN_DRAFT_COST, OUTCOMES, WRONG_REPLY_COST
from ..metrics import THRESHOLD_GRID, _argbest, _check_threshold
from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure
from .threshold import _amount, _count, _start_threshold

__all__ = [
    "ConfidenceCurves",
    "confidence_threshold_explorer",
    "confidence_threshold_report",
    "precompute_confidence_curves",
]

#: Outcomes that count as relying on the draft: it became the basis of the reply.
RELIED_OUTCOMES = ("accepted", "edited")

# the four kinds of shown draft, in the order of the cumulative counts
_KINDS = ("relied_correct", "relied_wrong", "not_relied_correct", "not_relied_wrong")


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------


def _binary(values: Any, name: str, n: int) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per draft), got shape {array.shape}")
    if array.size != n:
        raise ValueError(f"length mismatch: confidence has {n} drafts but {name} has "
                         f"{array.size} values")
    if array.dtype == bool:
        return array
    if array.dtype.kind in "iuf" and ((array == 0) | (array == 1)).all():
        return array == 1
    raise ValueError(f"{name} must be binary: only 0 and 1 (or False and True)")


def _cost(value: Any, name: str) -> float:
    if (not isinstance(value, numbers.Real) or isinstance(value, (bool, np.bool_))
            or not math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number (a cost per draft), got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be non-negative (a cost, not a gain), got {value!r}")
    return float(value)


def _check(confidence: Any, draft_correct: Any, relied: Any, wrong_reply_cost: Any,
           hidden_draft_cost: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Validated confidence (float), correctness and reliance (bool), and the two costs."""
    c = np.asarray(confidence)
    if c.ndim != 1:
        raise ValueError(f"confidence must be 1-D (one value per draft), got shape {c.shape}")
    if c.size == 0:
        raise ValueError("confidence is empty: at least one draft is needed")
    if c.dtype == bool or c.dtype.kind not in "iuf":
        raise ValueError("confidence must hold numbers (probabilities in [0, 1])")
    c = c.astype(float)
    if not np.isfinite(c).all():
        raise ValueError("confidence must be finite (no NaN or infinity)")
    if c.min() < 0 or c.max() > 1:
        raise ValueError(f"confidence must lie in [0, 1] (got values from {c.min():g} to "
                         f"{c.max():g})")
    correct = _binary(draft_correct, "draft_correct", c.size)
    used = _binary(relied, "relied", c.size)
    return (c, correct, used, _cost(wrong_reply_cost, "wrong_reply_cost"),
            _cost(hidden_draft_cost, "hidden_draft_cost"))


# --------------------------------------------------------------------------------------------
# what does not depend on the threshold
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfidenceCurves:
    """Everything about a log of drafts that does not depend on the threshold.

    Build it with :func:`precompute_confidence_curves`.

    Attributes
    ----------
    sorted_confidence : numpy.ndarray
        The confidences in ascending order. ``k = searchsorted(sorted_confidence, t, "left")``
        drafts are hidden at threshold ``t`` (their confidence is below ``t``).
    below : numpy.ndarray of int, shape (4, n + 1)
        ``below[j, k]``: drafts of kind ``j`` among the ``k`` least confident, the kinds being
        relied on and correct, relied on and wrong, not relied on and correct, not relied on
        and wrong.
    thresholds : numpy.ndarray
        ``THRESHOLD_GRID``: 0.00, 0.01, ..., 1.00.
    coverage, acceptance, exposure_per_1000 : numpy.ndarray
        On the grid: share of the drafts shown, share of the shown drafts relied on (NaN,
        not plotted, where none is shown), wrong drafts shown and relied on per 1,000 drafts.
    wrong_reply_costs, hidden_draft_costs, costs : numpy.ndarray
        On the grid: ``wrong_reply_cost`` times the wrong drafts relied on,
        ``hidden_draft_cost`` times the good drafts lost, and their sum.
    best_threshold, best_cost : float
        The cheapest threshold of the grid (the lowest among ties) and its cost.
    wrong_reply_cost, hidden_draft_cost : float
        The costs the curves were computed with.
    confidence, draft_correct, relied : numpy.ndarray
        The validated inputs (float, bool, bool).
    """

    sorted_confidence: np.ndarray
    below: np.ndarray
    thresholds: np.ndarray
    coverage: np.ndarray
    acceptance: np.ndarray
    exposure_per_1000: np.ndarray
    wrong_reply_costs: np.ndarray
    hidden_draft_costs: np.ndarray
    costs: np.ndarray
    best_threshold: float
    best_cost: float
    wrong_reply_cost: float
    hidden_draft_cost: float
    confidence: np.ndarray
    draft_correct: np.ndarray
    relied: np.ndarray

    @property
    def n_drafts(self) -> int:
        """Number of drafts in the log."""
        return int(self.sorted_confidence.size)

    def hidden(self, threshold: float | np.ndarray) -> np.ndarray:
        """Drafts hidden (confidence below the threshold) at each threshold."""
        return np.searchsorted(self.sorted_confidence, threshold, side="left")

    def counts(self, threshold: float | np.ndarray) -> dict[str, np.ndarray]:
        """Shown drafts of each kind, and the relied-on drafts hidden, at each threshold."""
        return _counts(self.below, self.hidden(threshold))

    def matches(self, confidence: np.ndarray, draft_correct: np.ndarray, relied: np.ndarray,
                wrong_reply_cost: float, hidden_draft_cost: float) -> bool:
        """Whether these curves were computed for these (validated) drafts and costs."""
        return (wrong_reply_cost == self.wrong_reply_cost
                and hidden_draft_cost == self.hidden_draft_cost
                and all(a is b or (a.shape == b.shape and bool(np.array_equal(a, b)))
                        for a, b in ((confidence, self.confidence),
                                     (draft_correct, self.draft_correct),
                                     (relied, self.relied))))


def _counts(below: np.ndarray, k: int | np.ndarray) -> dict[str, np.ndarray]:
    """Shown drafts of each kind, good drafts lost and wrong replies avoided, ``k`` hidden."""
    total = below[:, -1:] if np.ndim(k) else below[:, -1]
    hidden = below[:, k]
    shown = total - hidden
    return {**dict(zip(_KINDS, shown, strict=True)), "good_lost": hidden[0],
            "errors_avoided": hidden[1]}


def precompute_confidence_curves(
    confidence: Any,
    draft_correct: Any,
    relied: Any,
    *,
    wrong_reply_cost: float,
    hidden_draft_cost: float,
) -> ConfidenceCurves:
    """Sort the drafts by confidence once and compute the curves over the threshold grid.

    Parameters
    ----------
    confidence : array-like of float in [0, 1]
        The model's stated probability that its draft is correct; a draft is shown when its
        confidence is at or above the threshold.
    draft_correct : array-like of 0/1 (or bool)
        Audit: 1 when the draft is correct.
    relied : array-like of 0/1 (or bool)
        1 when the agent relied on the draft (outcome ``accepted`` or ``edited``).
    wrong_reply_cost, hidden_draft_cost : float, non-negative
        Cost of a wrong draft relied on and of a good draft lost (hidden although the agent
        would have relied on it), in the same unit (the module uses agent-minutes).

    Returns
    -------
    ConfidenceCurves

    Raises
    ------
    ValueError
        As :func:`confidence_threshold_report`.

    Examples
    --------
    >>> curves = precompute_confidence_curves(
    ...     [0.5, 0.6, 0.9, 0.95], [0, 1, 1, 1], [1, 1, 1, 1],
    ...     wrong_reply_cost=10, hidden_draft_cost=1)
    >>> float(curves.costs[0]), float(curves.costs[-1])  # show all; show none
    (10.0, 3.0)
    >>> curves.best_threshold, curves.best_cost  # hide the wrong draft at 0.5 only
    (0.51, 0.0)
    """
    c, correct, used, wrong_cost, hidden_cost = _check(confidence, draft_correct, relied,
                                                       wrong_reply_cost, hidden_draft_cost)
    order = np.argsort(c, kind="stable")
    kinds = np.stack([used & correct, used & ~correct, ~used & correct, ~used & ~correct])
    below = np.zeros((4, c.size + 1), dtype=np.int64)
    np.cumsum(kinds[:, order], axis=1, out=below[:, 1:])
    sorted_c = c[order]
    grid = THRESHOLD_GRID.copy()
    hidden = np.searchsorted(sorted_c, grid, side="left")
    counts = _counts(below, hidden)
    shown = c.size - hidden
    relied_shown = counts["relied_correct"] + counts["relied_wrong"]
    acceptance = np.divide(relied_shown, shown, out=np.full(grid.size, np.nan), where=shown > 0)
    wrong_costs = wrong_cost * counts["relied_wrong"]
    hidden_costs = hidden_cost * counts["good_lost"]
    costs = (wrong_costs + hidden_costs).astype(float)
    best_t, best_c = _argbest(grid, costs)
    return ConfidenceCurves(
        sorted_confidence=sorted_c, below=below, thresholds=grid, coverage=shown / c.size,
        acceptance=acceptance, exposure_per_1000=1000 * counts["relied_wrong"] / c.size,
        wrong_reply_costs=wrong_costs.astype(float), hidden_draft_costs=hidden_costs.astype(float),
        costs=costs, best_threshold=best_t, best_cost=best_c, wrong_reply_cost=wrong_cost,
        hidden_draft_cost=hidden_cost, confidence=c, draft_correct=correct, relied=used)


# --------------------------------------------------------------------------------------------
# one threshold
# --------------------------------------------------------------------------------------------


def confidence_threshold_report(
    confidence: Any,
    draft_correct: Any,
    relied: Any,
    threshold: float,
    *,
    wrong_reply_cost: float,
    hidden_draft_cost: float,
    curves: ConfidenceCurves | None = None,
    cost_unit: str = "agent-minutes",
) -> dict[str, Any]:
    """What the confidence-threshold explorer shows for one threshold (pure, no plotting).

    A draft is shown when its confidence is at or above ``threshold`` and hidden otherwise
    (the assistant abstains and the agent writes the reply). Counterfactual: a shown draft
    keeps its logged outcome; a hidden draft would otherwise have met the outcome logged for
    it. Hence, with "relied on" meaning accepted or edited:

    - **error exposure**: wrong drafts shown and relied on (a wrong reply reaches a customer);
    - **good drafts lost**: correct drafts hidden that the agent would have relied on;
    - **coverage**: share of all drafts shown; **acceptance**: share of the shown drafts
      relied on;
    - among the shown drafts, as shares of all drafts shown: **appropriate reliance** (relied
      on a correct draft, or did not rely on a wrong one), **over-reliance** (relied on a
      wrong draft), **under-reliance** (did not rely on a correct draft);
    - **cost** = ``wrong_reply_cost`` x error exposure + ``hidden_draft_cost`` x good drafts
      lost.

    Parameters
    ----------
    confidence : array-like of float in [0, 1]
        The model's stated probability that each draft is correct.
    draft_correct : array-like of 0/1 (or bool)
        Audit: 1 when the draft is correct.
    relied : array-like of 0/1 (or bool)
        1 when the agent relied on the draft (``accepted`` or ``edited``).
    threshold : float in [0, 1]
        Drafts with ``confidence >= threshold`` are shown.
    wrong_reply_cost, hidden_draft_cost : float, non-negative
        Cost of a wrong draft relied on and of a good draft lost, in ``cost_unit``. Module 4
        uses ``WRONG_REPLY_COST`` = 48 and ``HIDDEN_DRAFT_COST`` = 2 agent-minutes
        (``ai_product_metrics.datasets.assistant``).
    curves : ConfidenceCurves, optional
        :func:`precompute_confidence_curves` of the same drafts and costs, so that a move of
        the slider does not sort the drafts again. Computed here when omitted.
    cost_unit : str, default "agent-minutes"
        Unit of the costs, named in the read-out.

    Returns
    -------
    dict
        ``threshold``; the counts (ints) ``n_drafts``, ``shown``, ``hidden``, ``relied``
        (shown and relied on), ``error_exposure`` (wrong drafts shown and relied on),
        ``errors_avoided`` (wrong drafts hidden that would have been relied on),
        ``good_lost``, and the reliance counts among the shown drafts ``relied_correct``,
        ``relied_wrong`` (= ``error_exposure``), ``not_relied_correct``,
        ``not_relied_wrong``; the rates (floats) ``coverage``, ``acceptance``,
        ``error_exposure_per_1000`` (per 1,000 drafts of the log), ``appropriate``,
        ``over_reliance``, ``under_reliance`` (shares of the drafts shown; acceptance and
        these three are 0.0 when no draft is shown); ``cost``; ``best_threshold`` and
        ``best_cost`` (the cheapest threshold of the grid 0.00, 0.01, ..., 1.00, the lowest
        among ties); and ``text``, the read-out. The read-out states the numbers and the
        cost's distance to the lowest cost on the grid, never which threshold reaches it.

    Raises
    ------
    ValueError
        On empty inputs, a length mismatch, a confidence that is NaN, infinite or outside
        [0, 1], labels other than 0/1, a threshold outside [0, 1], a negative or non-finite
        cost, or ``curves`` computed for other drafts or costs.

    Examples
    --------
    Five drafts: the agent relied on the first four; the first and the fourth are wrong.

    >>> confidence = [0.40, 0.55, 0.80, 0.90, 0.99]
    >>> draft_correct = [0, 1, 1, 0, 1]
    >>> relied = [1, 1, 1, 1, 0]
    >>> out = confidence_threshold_report(confidence, draft_correct, relied, 0.5,
    ...                                   wrong_reply_cost=48, hidden_draft_cost=2)
    >>> out["shown"], out["coverage"], out["acceptance"]
    (4, 0.8, 0.75)
    >>> out["error_exposure"], out["errors_avoided"], out["good_lost"], out["cost"]
    (1, 1, 0, 48.0)
    >>> out["appropriate"], out["over_reliance"], out["under_reliance"]
    (0.5, 0.25, 0.25)
    >>> print(out["text"])  # doctest: +NORMALIZE_WHITESPACE
    At threshold 0.50: 4 of 5 drafts shown (coverage 80.0%), 1 hidden. The agents relied on
    3 of the 4 shown drafts (acceptance 75.0%). Error exposure: 1 wrong draft relied on,
    200.0 per 1,000 drafts; hiding avoids 1 wrong reply. Good drafts lost: 0 correct drafts
    hidden that would have been relied on. Among the shown drafts: appropriate reliance
    50.0%, over-reliance 25.0%, under-reliance 25.0%. Cost 48 agent-minutes (1 wrong reply
    x 48 + 0 good drafts lost x 2): 44 (1100.0%) above the lowest cost of any threshold on
    the grid 0.00, 0.01, ..., 1.00.
    >>> out["best_cost"]  # hide the drafts below 0.91: 2 good drafts lost, no wrong reply
    4.0
    """
    c, correct, used, wrong_cost, hidden_cost = _check(confidence, draft_correct, relied,
                                                       wrong_reply_cost, hidden_draft_cost)
    t = _check_threshold(threshold)
    if curves is None:
        curves = precompute_confidence_curves(c, correct, used, wrong_reply_cost=wrong_cost,
                                              hidden_draft_cost=hidden_cost)
    elif not curves.matches(c, correct, used, wrong_cost, hidden_cost):
        raise ValueError("curves were computed for other drafts or other costs: call "
                         "precompute_confidence_curves again")
    return _report(curves, t, cost_unit)


def _report(curves: ConfidenceCurves, t: float, cost_unit: str) -> dict[str, Any]:
    """:func:`confidence_threshold_report` for validated inputs and their curves."""
    n = curves.n_drafts
    counts = {key: int(value) for key, value in curves.counts(t).items()}
    hidden = int(curves.hidden(t))
    shown = n - hidden
    relied = counts["relied_correct"] + counts["relied_wrong"]
    exposure = counts["relied_wrong"]
    appropriate = counts["relied_correct"] + counts["not_relied_wrong"]
    cost = float(curves.wrong_reply_cost * exposure
                 + curves.hidden_draft_cost * counts["good_lost"])

    def share(count: int) -> float:
        return count / shown if shown else 0.0

    out: dict[str, Any] = {
        "threshold": t,
        "n_drafts": n,
        "shown": shown,
        "hidden": hidden,
        "coverage": shown / n,
        "relied": relied,
        "acceptance": share(relied),
        "error_exposure": exposure,
        "error_exposure_per_1000": 1000 * exposure / n,
        "errors_avoided": counts["errors_avoided"],
        "good_lost": counts["good_lost"],
        **{kind: counts[kind] for kind in _KINDS},
        "appropriate": share(appropriate),
        "over_reliance": share(exposure),
        "under_reliance": share(counts["not_relied_correct"]),
        "cost": cost,
        "best_threshold": curves.best_threshold,
        "best_cost": curves.best_cost,
    }
    out["text"] = _text(out, curves, cost_unit)
    return out


def _text(out: dict[str, Any], curves: ConfidenceCurves, cost_unit: str) -> str:
    n, shown = out["n_drafts"], out["shown"]
    parts = [f"At threshold {out['threshold']:.2f}: {shown:,} of {_count(n, 'draft', 'drafts')} "
             f"shown (coverage {out['coverage']:.1%}), {out['hidden']:,} hidden."]
    if shown:
        parts.append(f"The agents relied on {out['relied']:,} of the {shown:,} shown "
                     f"{'draft' if shown == 1 else 'drafts'} (acceptance "
                     f"{out['acceptance']:.1%}).")
    else:
        parts.append("No draft is shown, so none is relied on: every reply is written by "
                     "hand.")
    parts.append(
        f"Error exposure: {_count(out['error_exposure'], 'wrong draft', 'wrong drafts')} relied "
        f"on, {out['error_exposure_per_1000']:,.1f} per 1,000 drafts; hiding avoids "
        f"{_count(out['errors_avoided'], 'wrong reply', 'wrong replies')}.")
    parts.append(
        f"Good drafts lost: {_count(out['good_lost'], 'correct draft', 'correct drafts')} hidden "
        "that would have been relied on.")
    if shown:
        parts.append(f"Among the shown drafts: appropriate reliance {out['appropriate']:.1%}, "
                     f"over-reliance {out['over_reliance']:.1%}, under-reliance "
                     f"{out['under_reliance']:.1%}.")
    cost, best = out["cost"], out["best_cost"]
    gap = cost - best
    if abs(gap) <= 1e-9 * max(1.0, abs(best)):
        distance = "equal to"
    else:
        relative = f" ({abs(gap) / best:.1%})" if best > 0 else ""
        distance = f"{_amount(abs(gap))}{relative} {'above' if gap > 0 else 'below'}"
    parts.append(
        f"Cost {_amount(cost)} {cost_unit} "
        f"({_count(out['error_exposure'], 'wrong reply', 'wrong replies')} x "
        f"{_amount(curves.wrong_reply_cost)} + "
        f"{_count(out['good_lost'], 'good draft', 'good drafts')} lost x "
        f"{_amount(curves.hidden_draft_cost)}): {distance} the lowest cost of any threshold on "
        "the grid 0.00, 0.01, ..., 1.00.")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# the widget
# --------------------------------------------------------------------------------------------

#: Share of each curve panel's height below its legend band: the data and the threshold line
#: stay below it (a move of the slider then never touches a legend).
_LINE_TOP = 0.7

_MATRIX_CELLS = {  # (row, column): key, reading, colour, hatched (a reliance error)
    (0, 0): ("relied_correct", "appropriate", PALETTE["sky"], False),
    (0, 1): ("not_relied_correct", "under-reliance", PALETTE["orange"], True),
    (1, 0): ("relied_wrong", "over-reliance", PALETTE["vermillion"], True),
    (1, 1): ("not_relied_wrong", "appropriate", PALETTE["sky"], False),
}


def _cell_text(state: dict[str, Any], key: str, reading: str) -> str:
    count = state[key]
    share = count / state["shown"] if state["shown"] else 0.0
    return f"{count:,}\n{reading}\n{share:.1%} of shown"


class _Figure:
    """The explorer's 2x2 figure, built once per widget; :meth:`show` moves it to a threshold.

    A move of the slider changes only the reliance counts and their title, the current points,
    the threshold lines and the legend labels naming the threshold: these are animated (drawn
    over the kept background, see ``LiveFigure``). The curves do not depend on the threshold.
    """

    def __init__(self, curves: ConfidenceCurves, state: dict[str, Any], cost_unit: str) -> None:
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import FuncFormatter, PercentFormatter

        from ._live import LiveFigure

        t = state["threshold"]
        current = {"color": PALETTE["black"], "marker": "o", "markersize": 8,
                   "linestyle": "None", "markeredgecolor": PALETTE["black"],
                   "markerfacecolor": PALETTE["vermillion"], "gid": "current", "zorder": 5}
        fig = LiveFigure(figsize=(8.6, 6.8), dpi=90)
        fig.subplots_adjust(left=0.1, right=0.975, bottom=0.08, top=0.93, wspace=0.3,
                            hspace=0.45)
        ax_matrix, ax_rates, ax_cost, ax_exposure = fig.subplots(2, 2).ravel()
        grid = curves.thresholds

        # 1. reliance on the shown drafts: each cell names its reading and its count
        self.cells = {}
        for (row, col), (key, reading, colour, error) in _MATRIX_CELLS.items():
            ax_matrix.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor=colour,
                                          alpha=0.25, edgecolor=PALETTE["black"], linewidth=1.2,
                                          hatch="//" if error else None))
            text = ax_matrix.text(col, row, _cell_text(state, key, reading), ha="center",
                                  va="center", fontsize=9, color=PALETTE["black"],
                                  bbox={"facecolor": "white", "edgecolor": "none",
                                        "alpha": 0.85})
            self.cells[key] = (text, reading)
        ax_matrix.set_xlim(-0.5, 1.5)
        ax_matrix.set_ylim(1.5, -0.5)
        ax_matrix.set_xticks([0, 1], ["relied on", "not relied on"])
        ax_matrix.set_yticks([0, 1], ["draft\ncorrect", "draft\nwrong"])
        ax_matrix.set_xlabel("what the agent did (accepted/edited vs not)")
        ax_matrix.set_title(self._matrix_title(state), fontsize=10)

        # 2. coverage and acceptance
        ax_rates.plot(grid, curves.coverage, color=PALETTE["blue"], linestyle="-", marker="s",
                      markevery=10, markersize=4, label="coverage (shown / all)")
        ax_rates.plot(grid, curves.acceptance, color=PALETTE["green"], linestyle="--",
                      marker="^", markevery=10, markersize=4, label="acceptance (relied / shown)")
        self.rates_line = ax_rates.axvline(t, ymax=_LINE_TOP, color=PALETTE["black"],
                                           linestyle=":", linewidth=1.2)
        (self.rates_point,) = ax_rates.plot(*self._rates_point(state),
                                            label=f"threshold {t:.2f}", **current)
        ax_rates.set_xlim(-0.02, 1.02)
        ax_rates.set_ylim(-0.02, 1.02 / _LINE_TOP - 0.02)  # above 1: a band for the legend
        ax_rates.set_yticks(np.linspace(0, 1, 6))
        ax_rates.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax_rates.set_xlabel("confidence threshold (draft shown if >= it)")
        ax_rates.set_ylabel("share")
        ax_rates.set_title("Coverage and acceptance", fontsize=10)
        ax_rates.legend(loc="upper center", ncol=2, fontsize=7.5, frameon=False)

        # 3. cost and its two parts
        ax_cost.plot(grid, curves.costs, color=PALETTE["purple"], linestyle="-", marker="D",
                     markevery=10, markersize=4, label="total cost")
        ax_cost.plot(grid, curves.wrong_reply_costs, color=PALETTE["vermillion"],
                     linestyle="--", marker="v", markevery=10, markersize=4,
                     label="wrong replies sent")
        ax_cost.plot(grid, curves.hidden_draft_costs, color=PALETTE["blue"], linestyle="-.",
                     marker="P", markevery=10, markersize=4, label="good drafts lost")
        self.cost_line = ax_cost.axvline(t, ymax=_LINE_TOP, color=PALETTE["black"],
                                         linestyle=":", linewidth=1.2)
        (self.cost_point,) = ax_cost.plot([t], [state["cost"]], label=f"threshold {t:.2f}",
                                          **current)
        top = float(max(curves.costs.max(), curves.wrong_reply_costs.max(),
                        curves.hidden_draft_costs.max(), 1e-9))
        ax_cost.set_xlim(-0.02, 1.02)
        ax_cost.set_ylim(-0.02 * top, (1.02 / _LINE_TOP - 0.02) * top)
        ax_cost.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax_cost.set_xlabel("confidence threshold")
        ax_cost.set_ylabel(f"cost ({cost_unit})")
        ax_cost.set_title("Cost of wrong replies and of lost drafts", fontsize=10)
        ax_cost.legend(loc="upper center", ncol=2, fontsize=7.5, frameon=False)

        # 4. error exposure
        ax_exposure.plot(grid, curves.exposure_per_1000, color=PALETTE["orange"], linestyle="-",
                         marker="x", markevery=10, markersize=5,
                         label="wrong drafts relied on per 1,000")
        self.exposure_line = ax_exposure.axvline(t, ymax=_LINE_TOP, color=PALETTE["black"],
                                                 linestyle=":", linewidth=1.2)
        (self.exposure_point,) = ax_exposure.plot([t], [state["error_exposure_per_1000"]],
                                                  label=f"threshold {t:.2f}", **current)
        high = float(max(curves.exposure_per_1000.max(), 1e-9))
        ax_exposure.set_xlim(-0.02, 1.02)
        ax_exposure.set_ylim(-0.02 * high, (1.02 / _LINE_TOP - 0.02) * high)
        ax_exposure.set_xlabel("confidence threshold")
        ax_exposure.set_ylabel("per 1,000 drafts")
        ax_exposure.set_title("Error exposure", fontsize=10)
        ax_exposure.legend(loc="upper center", ncol=2, fontsize=7.5, frameon=False)

        self.points = (self.rates_point, self.cost_point, self.exposure_point)
        self.lines = (self.rates_line, self.cost_line, self.exposure_line)
        self.legend_texts = {}
        for ax in (ax_rates, ax_cost, ax_exposure):
            handles, _ = ax.get_legend_handles_labels()
            self.legend_texts |= dict(zip(handles, ax.get_legend().get_texts(), strict=True))
        fig.animate(*(text for text, _ in self.cells.values()), ax_matrix.title, *self.lines,
                    *self.points)
        for point in self.points:
            fig.animate_labels(point.axes.get_legend(), self.legend_texts[point])
        self.figure, self.ax_matrix = fig, ax_matrix

    @staticmethod
    def _rates_point(state: dict[str, Any]) -> tuple[list[float], list[float]]:
        """Coverage and acceptance at the threshold (no acceptance when nothing is shown)."""
        t = state["threshold"]
        if state["shown"]:
            return [t, t], [state["coverage"], state["acceptance"]]
        return [t], [state["coverage"]]

    @staticmethod
    def _matrix_title(state: dict[str, Any]) -> str:
        return (f"Reliance on the {state['shown']:,} shown drafts at threshold "
                f"{state['threshold']:.2f}")

    def show(self, state: dict[str, Any]) -> Any:
        """Move the figure to ``state`` (a report of the same drafts and costs); return it."""
        t = state["threshold"]
        for key, (text, reading) in self.cells.items():
            text.set_text(_cell_text(state, key, reading))
        self.ax_matrix.title.set_text(self._matrix_title(state))
        for line in self.lines:
            line.set_xdata([t, t])
        self.rates_point.set_data(*self._rates_point(state))
        self.cost_point.set_data([t], [state["cost"]])
        self.exposure_point.set_data([t], [state["error_exposure_per_1000"]])
        for point in self.points:
            point.set_label(f"threshold {t:.2f}")
            self.legend_texts[point].set_text(point.get_label())
        return self.figure


def _relied_from(interactions: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Confidence, correctness and reliance from an interaction log (validated columns)."""
    if not isinstance(interactions, pd.DataFrame):
        raise ValueError("interactions must be a pandas DataFrame (make_assistant_interactions),"
                         f" got {type(interactions).__name__}")
    missing = [col for col in ("confidence", "draft_correct", "outcome")
               if col not in interactions.columns]
    if missing:
        raise ValueError(f"interactions lacks the columns {missing} (see "
                         "make_assistant_interactions)")
    outcome = interactions["outcome"]
    unknown = sorted(set(outcome[~outcome.isin(OUTCOMES)].astype(str)))
    if unknown:
        raise ValueError(f"outcome must be one of {list(OUTCOMES)}, got {unknown[:5]}")
    return (interactions["confidence"].to_numpy(), interactions["draft_correct"].to_numpy(),
            outcome.isin(RELIED_OUTCOMES).to_numpy())


def confidence_threshold_explorer(
    interactions: pd.DataFrame,
    *,
    wrong_reply_cost: float = WRONG_REPLY_COST,
    hidden_draft_cost: float = HIDDEN_DRAFT_COST,
    decision_key: str = "m4_confidence_threshold",
    default_threshold: float = 0.0,
    cost_unit: str = "agent-minutes",
) -> Any:
    """Build (do not display) the confidence-threshold explorer.

    A slider (keyboard-operable: Tab to focus, arrow keys to move) sets the confidence below
    which the assistant hides its draft. The figure shows how the agents relied on the drafts
    still shown (a 2x2 of correct/wrong by relied on/not, counts in the cells, reliance errors
    hatched), coverage and acceptance, the error exposure, and the cost with its two parts
    against the threshold, the current threshold marked in each; the read-out beside it states
    the same numbers (:func:`confidence_threshold_report`, where the counterfactual is stated).

    The threshold is saved to ``decisions.json`` beside the notebook when the slider moves
    (not when the widget is built) and read back when the widget is rebuilt; read it with
    ``explorer.value``.

    Parameters
    ----------
    interactions : pandas.DataFrame
        An interaction log (``make_assistant_interactions``) with ``confidence``,
        ``draft_correct`` and ``outcome``; relied on = ``accepted`` or ``edited``.
    wrong_reply_cost, hidden_draft_cost : float, non-negative
        Cost of a wrong draft relied on and of a good draft lost; by default module 4's
        ``WRONG_REPLY_COST`` (48) and ``HIDDEN_DRAFT_COST`` (2), in agent-minutes.
    decision_key : str, default "m4_confidence_threshold"
        Name under which the threshold is saved.
    default_threshold : float in [0, 1], default 0.0
        Where the slider starts when no usable threshold is saved (0.0: show every draft).
    cost_unit : str, default "agent-minutes"
        Unit of the costs, named in the read-out and on the cost axis.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property (the threshold, rounded to 2 decimals).

    Raises
    ------
    ValueError
        On a bad log (not a DataFrame, a missing column, an unknown outcome, or the inputs
        :func:`confidence_threshold_report` refuses), a bad cost or default threshold, or an
        empty ``decision_key``.

    Examples
    --------
    >>> from ai_product_metrics.datasets import make_assistant_interactions
    >>> log = make_assistant_interactions(random_state=0, n_users=40, n_weeks=4)
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the image is text
    ...     explorer = confidence_threshold_explorer(log, decision_key="doctest_m4_threshold")
    >>> explorer.value
    0.0
    """
    import ipywidgets as widgets

    from ._slider import FloatSlider

    if not isinstance(decision_key, str) or not decision_key:
        raise ValueError("decision_key must be a non-empty string")
    confidence, correct, relied = _relied_from(interactions)
    curves = precompute_confidence_curves(confidence, correct, relied,
                                          wrong_reply_cost=wrong_reply_cost,
                                          hidden_draft_cost=hidden_draft_cost)
    default = round(_check_threshold(default_threshold), 2)
    store = DecisionStore()
    start = _start_threshold(store, decision_key, default)

    slider = FloatSlider(
        value=start, min=0.0, max=1.0, step=0.01, readout_format=".2f",
        description="Confidence threshold", continuous_update=False,
        style={"description_width": "initial"}, layout=widgets.Layout(width="460px"),
    )
    slider.add_class("aipm-m4-threshold")
    plot = widgets.Output(layout=widgets.Layout(width="800px"))
    readout = widgets.HTML(layout=widgets.Layout(width="320px"))
    readout.add_class("aipm-readout")
    state: dict[str, Any] = {"figure": None}

    @one_blas_thread
    def update(change: Any = None) -> None:
        t = round(float(slider.value), 2)
        report = _report(curves, t, cost_unit)
        if state["figure"] is None:
            state["figure"] = _Figure(curves, report, cost_unit)
        render_figure(plot, state["figure"].show(report))
        text = html.escape(report["text"], quote=False)
        readout.value = f'<p role="status" aria-live="polite">{text}</p>'
        if change is not None:
            store.set(decision_key, t)

    slider.observe(update, names="value")
    update()

    class ConfidenceThresholdExplorer(widgets.VBox):
        @property
        def value(self) -> float:
            return round(float(slider.value), 2)

    box = ConfidenceThresholdExplorer([slider, widgets.HBox([plot, readout])])
    box.add_class("aipm-m4-explorer")
    return box
