"""Module 2 explorer: pick a decision threshold by the cost of its errors.

:func:`threshold_report` is the pure compute (tested on its own); :func:`threshold_explorer`
wraps it in a slider, two cost inputs, a 2x2 figure (confusion matrix, precision-recall curve,
ROC curve, expected cost against the threshold) and a text read-out. The curves depend on the
data (and the cost curve on the costs) but not on the threshold, so they are computed once by
:func:`precompute_curves` and reused by every move of the slider.
"""

from __future__ import annotations

import dataclasses
import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import precision_recall_curve, roc_curve

from ..metrics import THRESHOLD_GRID, _argbest, _check, _SortedErrors
from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure

__all__ = ["ThresholdCurves", "precompute_curves", "threshold_explorer", "threshold_report"]

#: Shown, disabled, in place of a cost input when that cost is given per item.
PER_ITEM = "per item (e.g. the amount)"


@dataclass(frozen=True)
class ThresholdCurves:
    """Everything about a scored data set that does not depend on the threshold.

    Build it with :func:`precompute_curves`; :meth:`with_costs` swaps the costs and reuses the
    precision-recall and ROC curves (they do not depend on the costs).

    Attributes
    ----------
    errors : _SortedErrors
        The scores sorted once, with cumulative error counts and costs: the confusion counts
        and the expected cost at any threshold follow by one binary search.
    precision, recall, pr_thresholds : numpy.ndarray
        :func:`sklearn.metrics.precision_recall_curve`.
    fpr, tpr, roc_thresholds : numpy.ndarray
        :func:`sklearn.metrics.roc_curve`.
    thresholds, costs : numpy.ndarray
        The cost curve over ``THRESHOLD_GRID``.
    best_threshold, best_cost : float
        Its cheapest threshold (the lowest among ties) and the cost there.
    fp_cost, fn_cost : float or numpy.ndarray
        The costs the cost curve was computed with.
    y_true, y_score : numpy.ndarray
        The validated labels (int8) and scores.
    """

    errors: _SortedErrors
    precision: np.ndarray
    recall: np.ndarray
    pr_thresholds: np.ndarray
    fpr: np.ndarray
    tpr: np.ndarray
    roc_thresholds: np.ndarray
    thresholds: np.ndarray
    costs: np.ndarray
    best_threshold: float
    best_cost: float
    fp_cost: float | np.ndarray
    fn_cost: float | np.ndarray
    y_true: np.ndarray
    y_score: np.ndarray

    def with_costs(self, *, fp_cost: Any, fn_cost: Any) -> ThresholdCurves:
        """The same curves with other costs (only the cost curve is recomputed)."""
        c = _check(self.y_true, self.y_score, fp_cost=fp_cost, fn_cost=fn_cost)
        return dataclasses.replace(self, **_cost_part(c.y_true, c.y_score, c.fp_cost,
                                                      c.fn_cost))

    def matches(self, y_true: np.ndarray, y_score: np.ndarray, fp_cost: float | np.ndarray,
                fn_cost: float | np.ndarray) -> bool:
        """Whether these curves were computed for these (validated) data and costs."""
        return all(_same(a, b) for a, b in ((self.y_true, y_true), (self.y_score, y_score),
                                            (self.fp_cost, fp_cost), (self.fn_cost, fn_cost)))


def _same(a: float | np.ndarray, b: float | np.ndarray) -> bool:
    if np.ndim(a) != np.ndim(b):
        return False
    return a is b or bool(np.array_equal(a, b))


def _cost_part(y: np.ndarray, s: np.ndarray, fp_cost: float | np.ndarray,
               fn_cost: float | np.ndarray) -> dict[str, Any]:
    """The fields of ThresholdCurves that depend on the costs (inputs already validated)."""
    errors = _SortedErrors.build(y, s, fp_cost, fn_cost)
    grid = THRESHOLD_GRID.copy()
    costs = errors.cost(grid)
    best_t, best_c = _argbest(grid, costs)
    return {"errors": errors, "thresholds": grid, "costs": costs, "best_threshold": best_t,
            "best_cost": best_c, "fp_cost": fp_cost, "fn_cost": fn_cost}


def precompute_curves(y_true: Any, y_score: Any, *, fp_cost: Any, fn_cost: Any
                      ) -> ThresholdCurves:
    """Compute once what every threshold shares: sorted scores, PR, ROC and cost curves.

    Parameters
    ----------
    y_true : array-like of 0/1 (or bool)
        True labels; both classes must be present (the curves need them).
    y_score : array-like of float in [0, 1]
        Scores; ``y_score >= threshold`` predicts positive.
    fp_cost, fn_cost : float or array-like of float, non-negative
        Cost of a false positive and of a false negative: a number, or one per sample.

    Returns
    -------
    ThresholdCurves

    Raises
    ------
    ValueError
        On the inputs :func:`ai_product_metrics.metrics.expected_cost` refuses, and when
        ``y_true`` holds a single class.

    Examples
    --------
    >>> curves = precompute_curves([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], fp_cost=1, fn_cost=10)
    >>> curves.best_threshold, curves.best_cost
    (0.11, 1.0)
    >>> cheap_misses = curves.with_costs(fp_cost=10, fn_cost=1)  # now a miss costs little
    >>> cheap_misses.best_threshold, cheap_misses.best_cost
    (0.61, 1.0)
    """
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost)
    n_positive = int(c.y_true.sum())
    if n_positive in (0, c.y_true.size):
        raise ValueError("y_true holds a single class: the precision-recall and ROC curves "
                         "need both positives (1) and negatives (0)")
    precision, recall, pr_thresholds = precision_recall_curve(c.y_true, c.y_score)
    fpr, tpr, roc_thresholds = roc_curve(c.y_true, c.y_score)
    return ThresholdCurves(
        precision=precision, recall=recall, pr_thresholds=pr_thresholds, fpr=fpr, tpr=tpr,
        roc_thresholds=roc_thresholds, y_true=c.y_true, y_score=c.y_score,
        **_cost_part(c.y_true, c.y_score, c.fp_cost, c.fn_cost),
    )


def _amount(value: float) -> str:
    """A cost with thousands separators, without decimals when it is a whole number."""
    return f"{value:,.0f}" if abs(value - round(value)) < 5e-7 else f"{value:,.2f}"


def _count(value: int, singular: str, plural: str) -> str:
    return f"{value:,} {singular if value == 1 else plural}"


def threshold_report(
    y_true: Any,
    y_score: Any,
    threshold: float,
    *,
    fp_cost: Any,
    fn_cost: Any,
    curves: ThresholdCurves | None = None,
) -> dict[str, Any]:
    """What the threshold explorer shows for one threshold (pure, no plotting).

    Parameters
    ----------
    y_true : array-like of 0/1 (or bool)
        True labels (both classes present).
    y_score : array-like of float in [0, 1]
        Scores; ``y_score >= threshold`` predicts positive.
    threshold : float in [0, 1]
        The threshold inspected.
    fp_cost, fn_cost : float or array-like of float, non-negative
        Cost of a false positive and of a false negative: a number, or one per sample.
    curves : ThresholdCurves, optional
        :func:`precompute_curves` of the same data and costs, so that a move of the slider
        does not recompute the curves. Computed here when omitted.

    Returns
    -------
    dict
        ``threshold``, the counts ``tn``, ``fp``, ``fn``, ``tp`` (ints), ``precision``,
        ``recall``, ``f1`` (0.0 when undefined, like scikit-learn's ``zero_division=0``),
        ``expected_cost``, ``best_threshold`` and ``best_cost`` (the cheapest threshold of
        ``THRESHOLD_GRID``) and ``text``, the read-out. The read-out states the cost's distance
        to the lowest cost on the grid but never which threshold reaches it.

    Raises
    ------
    ValueError
        On bad input (see :func:`precompute_curves`), or ``curves`` computed for other data or
        other costs.

    Examples
    --------
    >>> out = threshold_report([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, fp_cost=1, fn_cost=10)
    >>> out["tn"], out["fp"], out["fn"], out["tp"], out["precision"], out["expected_cost"]
    (1, 1, 1, 1, 0.5, 11.0)
    >>> out["expected_cost"] - out["best_cost"]
    10.0
    """
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost, threshold=threshold)
    if curves is None:
        curves = precompute_curves(c.y_true, c.y_score, fp_cost=c.fp_cost, fn_cost=c.fn_cost)
    elif not curves.matches(c.y_true, c.y_score, c.fp_cost, c.fn_cost):
        raise ValueError("curves were computed for other data or other costs: call "
                         "precompute_curves (or curves.with_costs) again")
    t = c.threshold
    errors = curves.errors
    k = int(errors.cut(t))
    fn = int(errors.positives_below[k])
    tn = k - fn
    tp = errors.n_positives - fn
    fp = errors.n_negatives - tn
    cost = float(errors.fn_cost_below[k] + errors.fp_cost_from[k])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    gap = cost - curves.best_cost
    if abs(gap) <= 1e-9 * max(1.0, abs(curves.best_cost)):
        distance = "equal to"
    else:
        share = f" ({abs(gap) / curves.best_cost:.1%})" if curves.best_cost > 0 else ""
        distance = f"{_amount(abs(gap))}{share} {'above' if gap > 0 else 'below'}"
    text = (
        f"At threshold {t:.2f}: {_count(tp, 'true positive', 'true positives')}, "
        f"{_count(fp, 'false positive', 'false positives')}, "
        f"{_count(fn, 'false negative', 'false negatives')} and "
        f"{_count(tn, 'true negative', 'true negatives')}. "
        f"Precision {precision:.1%}, recall {recall:.1%}, F1 {f1:.1%}. "
        f"Expected cost {_amount(cost)}: {distance} the lowest expected cost of any threshold "
        "on the grid 0.00, 0.01, ..., 1.00."
    )
    return {
        "threshold": t,
        "tn": tn,
        "fp": fp,
        "fn": fn,
        "tp": tp,
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "expected_cost": cost,
        "best_threshold": curves.best_threshold,
        "best_cost": curves.best_cost,
        "text": text,
    }


def _start_threshold(store: DecisionStore, key: str, default: float) -> float:
    """The stored threshold if usable (a number in [0, 1]; JSON may hold 1 for 1.0)."""
    for probe in (-1.0, -1):  # DecisionStore.get compares types: try a float, then an int
        value = store.get(key, probe)
        if value != probe and math.isfinite(value) and 0 <= value <= 1:
            return round(float(value), 2)
    return default


class _Figure:
    """The explorer's 2x2 figure, built once per widget; :meth:`show` moves it to a state.

    A move of the slider changes only the confusion-matrix counts and title, the current
    points, the threshold line and the legend labels naming the threshold: these are
    animated (redrawn over the kept background, see ``LiveFigure``). New costs also change the
    cost curve and its limits: the whole figure is redrawn.
    """

    def __init__(self, curves: ThresholdCurves, state: dict[str, Any]) -> None:
        from matplotlib.patches import Rectangle
        from matplotlib.ticker import FuncFormatter

        from ._live import LiveFigure

        t = state["threshold"]
        current = {"color": PALETTE["vermillion"], "marker": "o", "markersize": 9,
                   "linestyle": "None", "markeredgecolor": PALETTE["black"],
                   "label": f"threshold {t:.2f}", "gid": "current", "zorder": 5}
        # a fixed layout: a layout engine would cost ~0.4 s per full redraw for the same picture
        fig = LiveFigure(figsize=(8.6, 6.6), dpi=90)
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.08, top=0.93, wspace=0.28,
                            hspace=0.42)
        ax_cm, ax_pr, ax_roc, ax_cost = fig.subplots(2, 2).ravel()

        # confusion matrix: every cell names its kind and its count, so colour is only a hint
        cells = {(0, 0): ("tn", "true negatives", PALETTE["sky"]),
                 (0, 1): ("fp", "false positives", PALETTE["orange"]),
                 (1, 0): ("fn", "false negatives", PALETTE["orange"]),
                 (1, 1): ("tp", "true positives", PALETTE["sky"])}
        self.counts = {}
        for (row, col), (key, name, colour) in cells.items():
            ax_cm.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, facecolor=colour,
                                      alpha=0.25, edgecolor=PALETTE["black"], linewidth=1.2,
                                      hatch="//" if name.startswith("false") else None))
            text = ax_cm.text(col, row, f"{state[key]:,}\n{name}", ha="center", va="center",
                              fontsize=10, color=PALETTE["black"],
                              bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
            self.counts[key] = (text, name)
        ax_cm.set_xlim(-0.5, 1.5)
        ax_cm.set_ylim(1.5, -0.5)
        ax_cm.set_xticks([0, 1], ["predicted 0", "predicted 1"])
        ax_cm.set_yticks([0, 1], ["actual 0", "actual 1"])
        ax_cm.set_title(f"Confusion matrix at threshold {t:.2f}", fontsize=10)

        ax_pr.plot(curves.recall, curves.precision, color=PALETTE["blue"], linestyle="-",
                   marker="s", markevery=0.1, markersize=4, label="precision-recall curve")
        (self.pr_point,) = ax_pr.plot([state["recall"]], [state["precision"]], **current)
        ax_pr.set_xlabel("recall")
        ax_pr.set_ylabel("precision")
        ax_pr.set_xlim(-0.02, 1.02)
        ax_pr.set_ylim(-0.02, 1.02)
        ax_pr.set_title("Precision-recall", fontsize=10)
        ax_pr.legend(loc="lower left", fontsize=8, frameon=False)

        ax_roc.plot(curves.fpr, curves.tpr, color=PALETTE["green"], linestyle="--", marker="^",
                    markevery=0.1, markersize=4, label="ROC curve")
        ax_roc.plot([0, 1], [0, 1], color=PALETTE["black"], linestyle=":", linewidth=1,
                    label="chance")
        (self.roc_point,) = ax_roc.plot(*self._roc_point(state), **current)
        ax_roc.set_xlabel("false positive rate")
        ax_roc.set_ylabel("true positive rate (recall)")
        ax_roc.set_xlim(-0.02, 1.02)
        ax_roc.set_ylim(-0.02, 1.02)
        ax_roc.set_title("ROC", fontsize=10)
        ax_roc.legend(loc="lower right", fontsize=8, frameon=False)

        (self.cost_curve,) = ax_cost.plot(
            curves.thresholds, curves.costs, color=PALETTE["purple"], linestyle="-.",
            marker="D", markevery=10, markersize=4, label="expected cost")
        self.cost_line = ax_cost.axvline(t, color=PALETTE["black"], linestyle=":",
                                         linewidth=1.2)
        (self.cost_point,) = ax_cost.plot([t], [state["expected_cost"]], **current)
        ax_cost.set_xlabel("threshold (positive when score >= threshold)")
        ax_cost.set_ylabel("expected cost")
        ax_cost.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax_cost.set_xlim(-0.02, 1.02)
        ax_cost.set_title("Expected cost of the errors", fontsize=10)
        ax_cost.legend(loc="upper center", fontsize=8, frameon=False)

        # the legend entry of each current point, which names the threshold
        self.legend_texts = {}
        for ax in (ax_pr, ax_roc, ax_cost):
            handles, _ = ax.get_legend_handles_labels()
            self.legend_texts |= dict(zip(handles, ax.get_legend().get_texts(), strict=True))
        points = (self.pr_point, self.roc_point, self.cost_point)
        fig.animate(*(text for text, _ in self.counts.values()), ax_cm.title, self.cost_line,
                    *points)
        for point in points:
            fig.animate_labels(point.axes.get_legend(), self.legend_texts[point])
        self.figure, self.ax_cm, self.ax_cost, self.curves = fig, ax_cm, ax_cost, curves

    @staticmethod
    def _roc_point(state: dict[str, Any]) -> tuple[list[float], list[float]]:
        n_neg = state["tn"] + state["fp"]
        return [state["fp"] / n_neg if n_neg else 0.0], [state["recall"]]

    def show(self, curves: ThresholdCurves, state: dict[str, Any]) -> Any:
        """Move the figure to ``state`` (``curves`` may hold other costs) and return it."""
        t = state["threshold"]
        for key, (text, name) in self.counts.items():
            text.set_text(f"{state[key]:,}\n{name}")
        self.ax_cm.title.set_text(f"Confusion matrix at threshold {t:.2f}")
        self.pr_point.set_data([state["recall"]], [state["precision"]])
        self.roc_point.set_data(*self._roc_point(state))
        self.cost_line.set_xdata([t, t])
        self.cost_point.set_data([t], [state["expected_cost"]])
        for point in (self.pr_point, self.roc_point, self.cost_point):
            point.set_label(f"threshold {t:.2f}")
            self.legend_texts[point].set_text(point.get_label())
        if curves is not self.curves:  # other costs: the cost curve and its limits change
            self.cost_curve.set_ydata(curves.costs)
            self.ax_cost.relim()
            self.ax_cost.autoscale_view()
            self.figure.invalidate()
            self.curves = curves
        return self.figure


def threshold_explorer(
    y_true: Any,
    y_score: Any,
    *,
    fp_cost: Any,
    fn_cost: Any,
    decision_key: str,
    title: str = "",
    default_threshold: float = 0.5,
) -> Any:
    """Build (do not display) the threshold explorer.

    A slider sets the threshold (a score at or above it predicts positive); two inputs set
    the cost of a false positive and of a false negative (a cost given per item, as an array,
    shows "per item" instead and cannot be edited). The figure shows the confusion matrix with
    its counts, the precision-recall and ROC curves with the current point, and the expected
    cost against the threshold; the text read-out beside it states the same numbers. Every
    control is keyboard-operable (Tab to focus, arrow keys or typing to change).

    The threshold is saved to ``decisions.json`` beside the notebook when you move the slider
    (not when you edit a cost) and read back when the widget is rebuilt; read it with
    ``explorer.value``.

    Parameters
    ----------
    y_true : array-like of 0/1 (or bool)
        True labels (both classes present).
    y_score : array-like of float in [0, 1]
        Scores of the positive class.
    fp_cost, fn_cost : float or array-like of float, non-negative
        Starting costs: a number (editable in the widget) or one per item (fixed).
    decision_key : str
        Name under which the threshold is saved.
    title : str
        Shown above the figure.
    default_threshold : float in [0, 1]
        Where the slider starts when no threshold is saved.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property (the threshold, rounded to 2 decimals).
    """
    import ipywidgets as widgets

    from ._slider import FloatSlider

    if not isinstance(decision_key, str) or not decision_key:
        raise ValueError("decision_key must be a non-empty string")
    c = _check(y_true, y_score, fp_cost=fp_cost, fn_cost=fn_cost, threshold=default_threshold)
    y, s = c.y_true, c.y_score
    curves = precompute_curves(y, s, fp_cost=c.fp_cost, fn_cost=c.fn_cost)
    store = DecisionStore()
    start = _start_threshold(store, decision_key, round(c.threshold, 2))

    style = {"description_width": "initial"}
    slider = FloatSlider(
        value=start, min=0.0, max=1.0, step=0.01, readout_format=".2f", description="Threshold",
        continuous_update=False, style=style, layout=widgets.Layout(width="420px"),
    )
    slider.add_class("aipm-m2-threshold")

    def cost_input(cost: float | np.ndarray, label: str, css_class: str) -> Any:
        if np.ndim(cost) == 0:
            control = widgets.BoundedFloatText(
                value=float(cost), min=0.0, max=max(1e12, float(cost)), step=1.0,
                description=label, style=style, layout=widgets.Layout(width="300px"),
            )
        else:
            control = widgets.Text(value=PER_ITEM, description=label, disabled=True,
                                   style=style, layout=widgets.Layout(width="360px"))
        control.add_class(css_class)
        return control

    fp_input = cost_input(c.fp_cost, "Cost of a false positive", "aipm-m2-fp-cost")
    fn_input = cost_input(c.fn_cost, "Cost of a false negative", "aipm-m2-fn-cost")
    plot = widgets.Output(layout=widgets.Layout(width="800px"))
    readout = widgets.HTML(layout=widgets.Layout(width="320px"))
    readout.add_class("aipm-readout")
    state: dict[str, Any] = {"curves": curves, "figure": None}

    def costs() -> tuple[float | np.ndarray, float | np.ndarray]:
        fp = float(fp_input.value) if np.ndim(c.fp_cost) == 0 else c.fp_cost
        fn = float(fn_input.value) if np.ndim(c.fn_cost) == 0 else c.fn_cost
        return fp, fn

    @one_blas_thread
    def update(change: Any = None) -> None:
        fp, fn = costs()
        if change is not None and change.get("owner") in (fp_input, fn_input):
            state["curves"] = state["curves"].with_costs(fp_cost=fp, fn_cost=fn)
        t = round(float(slider.value), 2)
        report = threshold_report(y, s, t, fp_cost=fp, fn_cost=fn, curves=state["curves"])
        if state["figure"] is None:
            state["figure"] = _Figure(state["curves"], report)
        render_figure(plot, state["figure"].show(state["curves"], report))
        readout.value = (f'<p role="status" aria-live="polite">{html.escape(report["text"])}'
                         "</p>")
        if change is not None and change.get("owner") is slider:
            store.set(decision_key, t)

    slider.observe(update, names="value")
    for control in (fp_input, fn_input):
        if isinstance(control, widgets.BoundedFloatText):
            control.observe(update, names="value")
    update()

    class ThresholdExplorer(widgets.VBox):
        @property
        def value(self) -> float:
            return round(float(slider.value), 2)

    children = [slider, widgets.HBox([fp_input, fn_input]), widgets.HBox([plot, readout])]
    if title:
        # bold text, not a heading: an <h4> under the notebook's own headings skips levels
        # (axe heading-order), and the right level depends on where the notebook puts it
        children.insert(0, widgets.HTML(f'<p class="aipm-explorer-title"><strong>'
                                        f"{html.escape(title)}</strong></p>"))
    box = ThresholdExplorer(children)
    box.add_class("aipm-m2-explorer")
    return box
