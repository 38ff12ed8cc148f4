"""Module 6 (capstone) widgets: defend a primary metric with a guardrail, then drill.

Each learner's scenario (``ai_product_metrics.datasets.capstone``) gives a table of cases: the
AI's ``score``, the true ``label`` and the scenario's baseline's decision, ``baseline_flag``.
:func:`framework_report` is the pure compute (tested on its own): at one threshold it states
the AI's precision and recall, its errors and their cost per 1,000 cases against the
baseline's, whether the counter-metric (recall when precision is primary, and the other way
round) holds its guardrail floor, and the best primary metric any threshold of the slider
reaches while the floor holds. :func:`framework_explorer` wraps it in a drop-down (the
primary metric), two sliders (threshold, floor), a precision/recall-against-threshold figure
and a text read-out. Everything that does not depend on the controls (the sorted scores with
cumulative counts, the curves over the slider's grid, the baseline's counts) is computed once
by :func:`precompute_framework_curves`.

:func:`drill_timer` is the countdown of the timed metric-swap drill (practice, never graded).
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..datasets.capstone import SCENARIOS, Scenario
from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure

__all__ = [
    "FRAMEWORK_GRID",
    "FrameworkCurves",
    "drill_timer",
    "framework_explorer",
    "framework_report",
    "precompute_framework_curves",
    "timer_readout",
]

#: Thresholds of the explorer's slider, 0.05, 0.06, ..., 0.95: the best primary metric under
#: the floor is searched on this grid (a learner can reach every point of it).
FRAMEWORK_GRID = np.round(np.arange(0.05, 0.9501, 0.01), 2)

#: The two metrics a learner may defend as primary; the other one is the counter-metric.
PRIMARY_METRICS = ("precision", "recall")

#: Columns of the scenario table the report reads.
REQUIRED_COLUMNS = ("score", "label", "baseline_flag")

_COUNTER = {"precision": "recall", "recall": "precision"}


# --------------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------------


def _scenario(scenario: Any) -> Scenario:
    """The scenario object (a ``Scenario`` or its key in ``SCENARIOS``)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str) and scenario in SCENARIOS:
        return SCENARIOS[scenario]
    raise ValueError(f"scenario must be a capstone Scenario or one of {sorted(SCENARIOS)}, "
                     f"got {scenario!r}")


def _share(value: Any, name: str) -> float:
    """A finite number in [0, 1] (not a bool, not a string)."""
    if (not isinstance(value, numbers.Real) or isinstance(value, (bool, np.bool_))
            or not math.isfinite(value) or not 0 <= value <= 1):
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


def _binary(values: pd.Series, name: str) -> np.ndarray:
    array = values.to_numpy()
    if array.dtype == bool:
        return array
    if array.dtype.kind in "iuf" and ((array == 0) | (array == 1)).all():
        return array == 1
    raise ValueError(f"{name} must be binary: only 0 and 1 (or False and True)")


def _primary(primary: Any) -> str:
    if not isinstance(primary, str) or primary not in PRIMARY_METRICS:
        raise ValueError(f"primary must be 'precision' or 'recall', got {primary!r}")
    return primary


# --------------------------------------------------------------------------------------------
# what does not depend on the controls
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkCurves:
    """Everything about a scenario table that does not depend on the controls.

    Build it with :func:`precompute_framework_curves`.

    Attributes
    ----------
    scenario : Scenario
        The scenario (its costs, cost unit, title and answer key).
    sorted_scores : numpy.ndarray
        The AI's scores in ascending order: ``k = searchsorted(sorted_scores, t, "left")``
        cases are not flagged at threshold ``t`` (their score is below it).
    positives_below : numpy.ndarray of int, shape (n + 1,)
        Positives among the ``k`` lowest scores: the false negatives when ``k`` are unflagged.
    n_positive, n_negative : int
        Positive and negative cases of the table.
    thresholds, precision, recall, share_flagged : numpy.ndarray
        The AI's curves over ``FRAMEWORK_GRID`` (precision 0.0 where nothing is flagged).
    baseline : dict
        The baseline's ``tp``, ``fp``, ``fn``, ``tn`` (ints), ``precision``, ``recall``,
        ``share_flagged`` and ``cost_per_1000`` (floats).
    """

    scenario: Scenario
    sorted_scores: np.ndarray
    positives_below: np.ndarray
    n_positive: int
    n_negative: int
    thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    share_flagged: np.ndarray
    baseline: dict[str, Any]

    @property
    def n_cases(self) -> int:
        """Number of cases in the table."""
        return int(self.sorted_scores.size)

    def counts(self, threshold: float | np.ndarray) -> dict[str, Any]:
        """The AI's ``tp``, ``fp``, ``fn``, ``tn`` when a score >= ``threshold`` is flagged."""
        return _counts(self.sorted_scores, self.positives_below, threshold)

    def cost_per_1000(self, fp: Any, fn: Any) -> Any:
        """Cost of ``fp`` false positives and ``fn`` false negatives per 1,000 cases."""
        return _cost_per_1000(self.scenario, fp, fn, self.n_cases)


def _counts(sorted_scores: np.ndarray, positives_below: np.ndarray,
            threshold: float | np.ndarray) -> dict[str, Any]:
    k = np.searchsorted(sorted_scores, threshold, side="left")
    fn = positives_below[k]
    tn = k - fn
    return {"tp": positives_below[-1] - fn, "fp": sorted_scores.size - positives_below[-1] - tn,
            "fn": fn, "tn": tn}


def _cost_per_1000(scenario: Scenario, fp: Any, fn: Any, n: int) -> Any:
    return 1000 * (scenario.cost_fp * fp + scenario.cost_fn * fn) / n


def _rates(tp: Any, fp: Any, fn: Any, n: int) -> tuple[Any, Any, Any]:
    """Precision (0.0 where nothing is flagged), recall and share flagged."""
    flagged = np.asarray(tp + fp, dtype=float)
    precision = np.divide(tp, flagged, out=np.zeros_like(flagged), where=flagged > 0)
    return precision, np.asarray(tp / (tp + fn), dtype=float), flagged / n


def precompute_framework_curves(table: pd.DataFrame, scenario: Scenario | str
                                ) -> FrameworkCurves:
    """Validate a scenario table and compute what every threshold, primary and floor share.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per case, as :func:`~ai_product_metrics.datasets.capstone.make_scenario_table`
        returns it; the columns read are ``score`` (the AI's score in [0, 1]; a case is flagged
        when ``score >= threshold``), ``label`` (1 for a positive case) and ``baseline_flag``
        (1 when the baseline flags the case). Both classes must be present.
    scenario : Scenario or str
        The table's scenario or its key in ``SCENARIOS`` (for its error costs).

    Returns
    -------
    FrameworkCurves

    Raises
    ------
    ValueError
        As :func:`framework_report`.

    Examples
    --------
    >>> table = pd.DataFrame({"score": [0.1, 0.4, 0.35, 0.8], "label": [0, 0, 1, 1],
    ...                       "baseline_flag": [0, 1, 0, 1]})
    >>> curves = precompute_framework_curves(table, "grocery_substitutions")
    >>> curves.n_cases, curves.n_positive, curves.baseline["precision"]
    (4, 2, 0.5)
    >>> {key: int(value) for key, value in curves.counts(0.3).items()}
    {'tp': 2, 'fp': 1, 'fn': 0, 'tn': 1}
    """
    s = _scenario(scenario)
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame (from make_scenario_table), got "
                         f"{type(table).__name__}")
    missing = [col for col in REQUIRED_COLUMNS if col not in table.columns]
    if missing:
        raise ValueError(f"table lacks the columns {missing} (needs {list(REQUIRED_COLUMNS)})")
    if len(table) == 0:
        raise ValueError("table is empty: at least one case is needed")
    score = table["score"]
    if score.dtype == bool or not pd.api.types.is_numeric_dtype(score):
        raise ValueError(f"score must hold numbers in [0, 1] (got dtype {score.dtype})")
    scores = score.to_numpy(dtype=float)
    if not np.isfinite(scores).all():
        raise ValueError("score must be finite (no NaN or infinity)")
    if scores.min() < 0 or scores.max() > 1:
        raise ValueError(f"score must lie in [0, 1] (got values from {scores.min():g} to "
                         f"{scores.max():g})")
    label = _binary(table["label"], "label")
    base = _binary(table["baseline_flag"], "baseline_flag")
    n_positive = int(label.sum())
    if n_positive in (0, label.size):
        raise ValueError("label holds a single class: precision and recall need both "
                         "positive (1) and negative (0) cases")
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    positives_below = np.zeros(scores.size + 1, dtype=np.int64)
    np.cumsum(label[order], out=positives_below[1:])
    c = _counts(sorted_scores, positives_below, FRAMEWORK_GRID)
    precision, recall, share = _rates(c["tp"], c["fp"], c["fn"], scores.size)
    b = {"tp": int((base & label).sum()), "fp": int((base & ~label).sum()),
         "fn": int((~base & label).sum()), "tn": int((~base & ~label).sum())}
    b_precision, b_recall, b_share = _rates(b["tp"], b["fp"], b["fn"], scores.size)
    b |= {"precision": float(b_precision), "recall": float(b_recall),
          "share_flagged": float(b_share),
          "cost_per_1000": float(_cost_per_1000(s, b["fp"], b["fn"], scores.size))}
    return FrameworkCurves(
        scenario=s, sorted_scores=sorted_scores, positives_below=positives_below,
        n_positive=n_positive, n_negative=int(scores.size - n_positive),
        thresholds=FRAMEWORK_GRID.copy(), precision=precision, recall=recall,
        share_flagged=share, baseline=b)


# --------------------------------------------------------------------------------------------
# one setting
# --------------------------------------------------------------------------------------------


def framework_report(
    table: pd.DataFrame,
    scenario: Scenario | str,
    threshold: float,
    *,
    primary: str = "precision",
    floor: float | None = None,
) -> dict[str, Any]:
    """What the framework explorer shows for one setting (pure, no plotting).

    The AI flags a case when its ``score`` is at or above ``threshold``; the baseline's
    flags are the table's ``baseline_flag``. The counter-metric is recall when ``primary`` is
    precision and precision when it is recall; its guardrail holds when it is at or above
    ``floor``. The best primary is the highest primary metric over the thresholds 0.05, 0.06,
    ..., 0.95 (``FRAMEWORK_GRID``, the explorer's slider) at which the guardrail holds.

    Parameters
    ----------
    table : pandas.DataFrame
        The scenario table (see :func:`precompute_framework_curves`).
    scenario : Scenario or str
        The table's scenario or its key in ``SCENARIOS``.
    threshold : float in [0, 1]
        The AI's decision threshold.
    primary : {"precision", "recall"}, default "precision"
        The metric defended as primary.
    floor : float in [0, 1], optional
        The counter-metric's guardrail floor; the scenario's
        ``answer_key.guardrail_floor`` by default.

    Returns
    -------
    dict
        ``threshold``, ``primary``, ``counter`` (the counter-metric's name), ``floor``,
        ``n_cases``; the AI's ``tp``, ``fp``, ``fn``, ``tn`` (ints), ``precision``, ``recall``
        (0.0 when nothing is flagged, like scikit-learn's ``zero_division=0``),
        ``share_flagged`` and ``cost_per_1000`` (``cost_fp * fp + cost_fn * fn`` per 1,000
        cases, in ``cost_unit``); the same for the baseline, prefixed ``baseline_``;
        ``primary_value`` and ``counter_value``; ``floor_holds`` (bool); ``best_primary`` and
        ``best_threshold`` (the lowest threshold among ties; both None when no threshold of
        the grid holds the floor); ``cost_unit``; and ``text``, the read-out, which states
        these numbers in words but never names ``best_threshold``.

    Raises
    ------
    ValueError
        On an unknown scenario; a table that is not a DataFrame, is empty, lacks a column,
        holds scores that are not numbers in [0, 1], labels or baseline flags that are not
        0/1, or a single class; a threshold or floor that is not a number in [0, 1]; or a
        primary other than "precision" and "recall".

    Examples
    --------
    >>> table = pd.DataFrame({"score": [0.1, 0.4, 0.35, 0.8], "label": [0, 0, 1, 1],
    ...                       "baseline_flag": [0, 1, 0, 1]})
    >>> out = framework_report(table, "grocery_substitutions", 0.5, primary="precision",
    ...                        floor=0.75)
    >>> out["precision"], out["recall"], out["fp"], out["fn"], out["share_flagged"]
    (1.0, 0.5, 0, 1, 0.25)
    >>> out["floor_holds"], out["best_primary"], out["best_threshold"]
    (False, 0.6666666666666666, 0.11)
    >>> out["baseline_precision"], out["baseline_recall"]
    (0.5, 0.5)
    """
    curves = precompute_framework_curves(table, scenario)
    return _report(curves, _share(threshold, "threshold"), _primary(primary),
                   _floor(curves, floor))


def _floor(curves: FrameworkCurves, floor: Any) -> float:
    if floor is None:
        return _share(curves.scenario.answer_key.guardrail_floor, "answer_key.guardrail_floor")
    return _share(floor, "floor")


def _best(curves: FrameworkCurves, primary: str, floor: float) -> tuple[float | None,
                                                                       float | None]:
    """Highest primary on the grid where the counter-metric holds the floor (lowest t)."""
    values = getattr(curves, primary)
    holds = getattr(curves, _COUNTER[primary]) >= floor
    if not holds.any():
        return None, None
    i = int(np.flatnonzero(holds & (values == values[holds].max()))[0])
    return float(values[i]), float(curves.thresholds[i])


def _report(curves: FrameworkCurves, threshold: float, primary: str, floor: float
            ) -> dict[str, Any]:
    """:func:`framework_report` for validated inputs."""
    c = {key: int(value) for key, value in curves.counts(threshold).items()}
    precision, recall, share = (float(v) for v in _rates(c["tp"], c["fp"], c["fn"],
                                                          curves.n_cases))
    counter = _COUNTER[primary]
    out: dict[str, Any] = {
        "threshold": threshold, "primary": primary, "counter": counter, "floor": floor,
        "n_cases": curves.n_cases, **c, "precision": precision, "recall": recall,
        "share_flagged": share, "cost_per_1000": float(curves.cost_per_1000(c["fp"], c["fn"])),
        **{f"baseline_{key}": value for key, value in curves.baseline.items()},
    }
    out["primary_value"], out["counter_value"] = out[primary], out[counter]
    out["floor_holds"] = bool(out["counter_value"] >= floor)
    out["best_primary"], out["best_threshold"] = _best(curves, primary, floor)
    out["cost_unit"] = curves.scenario.cost_unit
    out["text"] = _text(out)
    return out


# --------------------------------------------------------------------------------------------
# the read-out
# --------------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _floor_pct(value: float) -> str:
    return f"{100 * value:.4g}%"


def _cost(value: float, unit: str) -> str:
    return f"{value:,.2f} {unit}".rstrip()


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _text(out: dict[str, Any]) -> str:
    primary, counter, unit = out["primary"], out["counter"], out["cost_unit"]
    floor = _floor_pct(out["floor"])
    parts = [
        f"Primary metric: {primary}; counter-metric: {counter}, with a guardrail floor of "
        f"{floor}.",
        f"At threshold {out['threshold']:.2f} the AI flags {_pct(out['share_flagged'])} of the "
        f"{out['n_cases']:,} cases: precision {_pct(out['precision'])}, recall "
        f"{_pct(out['recall'])}, {_plural(out['fp'], 'false positive')} and "
        f"{_plural(out['fn'], 'false negative')}.",
    ]
    value = _pct(out["counter_value"])
    if out["floor_holds"]:
        parts.append(f"{counter.capitalize()} is {value}, at or above its {floor} floor: the "
                     "guardrail holds.")
    else:
        parts.append(f"{counter.capitalize()} is {value}, below its {floor} floor: the "
                     "guardrail is broken.")
    gap = out["cost_per_1000"] - out["baseline_cost_per_1000"]
    if abs(gap) < 5e-3:
        versus = "the same as the baseline"
    else:
        versus = f"{_cost(abs(gap), unit)} {'more' if gap > 0 else 'less'} than the baseline"
    parts.append(
        f"Cost of the errors: {_cost(out['cost_per_1000'], unit)} per 1,000 cases, {versus} "
        f"({_cost(out['baseline_cost_per_1000'], unit)} per 1,000 cases). The baseline "
        f"flags {_pct(out['baseline_share_flagged'])} of the cases: precision "
        f"{_pct(out['baseline_precision'])}, recall {_pct(out['baseline_recall'])}, "
        f"{_plural(out['baseline_fp'], 'false positive')} and "
        f"{_plural(out['baseline_fn'], 'false negative')}.")
    best = out["best_primary"]
    grid = f"any threshold from {FRAMEWORK_GRID[0]:.2f} to {FRAMEWORK_GRID[-1]:.2f}"
    if best is None:
        parts.append(f"No threshold from {FRAMEWORK_GRID[0]:.2f} to {FRAMEWORK_GRID[-1]:.2f} "
                     f"keeps {counter} at or above {floor}.")
    else:
        lead = (f"While {counter} holds its floor, the highest {primary} {grid} reaches is "
                f"{_pct(best)}")
        short = best - out["primary_value"]
        if not out["floor_holds"]:
            parts.append(f"{lead}.")
        elif short <= 1e-12:
            parts.append(f"{lead}: this threshold reaches it.")
        else:
            parts.append(f"{lead}: this threshold is {100 * short:.1f} points below it.")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# the explorer
# --------------------------------------------------------------------------------------------

_SERIES = {  # metric: colour, line style, marker (the baseline: its own marker)
    "precision": (PALETTE["blue"], "-", "s", "P"),
    "recall": (PALETTE["green"], "--", "^", "X"),
}
#: x position of the baseline's markers: right of the curves, in a column of its own.
_BASELINE_X = 1.04

_PRIMARY_OPTIONS = [
    ("Precision: when the AI flags a case, it is right", "precision"),
    ("Recall: the AI catches the cases that matter", "recall"),
]


def _curve_label(metric: str, primary: str) -> str:
    return f"{metric} (primary)" if metric == primary else f"{metric} (counter-metric)"


def _floor_label(state: dict[str, Any]) -> str:
    return f"{state['counter']} floor {_floor_pct(state['floor'])}"


class _Figure:
    """The explorer's figure, built once per widget; :meth:`show` moves it to a state.

    A move of the threshold or the floor changes only the threshold line, the current points,
    the floor line and the legend labels naming them: these are animated (drawn over the kept
    background, see ``LiveFigure``). The legend sits below the axes, so that no move touches
    it. A new primary metric restyles the curves: the whole figure is redrawn.
    """

    def __init__(self, curves: FrameworkCurves, state: dict[str, Any]) -> None:
        from matplotlib.ticker import PercentFormatter

        from ._live import LiveFigure

        fig = LiveFigure(figsize=(6.4, 4.9), dpi=90)
        fig.subplots_adjust(left=0.12, right=0.97, bottom=0.31, top=0.92)
        ax = fig.subplots()
        x = curves.thresholds
        self.curves, baselines = {}, []
        for metric, (colour, style, marker, base_marker) in _SERIES.items():
            (self.curves[metric],) = ax.plot(
                x, getattr(curves, metric), color=colour, linestyle=style, marker=marker,
                markevery=10, markersize=5, label=metric)
            baselines += ax.plot([_BASELINE_X], [curves.baseline[metric]], color=colour,
                                 marker=base_marker, markersize=10, linestyle="None",
                                 markeredgecolor=PALETTE["black"],
                                 label=f"baseline: {metric}", gid=f"baseline_{metric}")
        t = state["threshold"]
        self.floor = ax.axhline(state["floor"], color=PALETTE["black"], linestyle="-.",
                                linewidth=1.3, label=_floor_label(state), gid="floor")
        self.line = ax.axvline(t, color=PALETTE["black"], linestyle=":", linewidth=1.2,
                               gid="threshold")
        current = {"color": PALETTE["black"], "marker": "o", "markersize": 8,
                   "linestyle": "None", "markerfacecolor": PALETTE["vermillion"],
                   "gid": "current", "zorder": 5}
        self.points = {
            "precision": ax.plot([t], [state["precision"]], label=f"threshold {t:.2f}",
                                 **current)[0],
            "recall": ax.plot([t], [state["recall"]], label="_current recall", **current)[0],
        }
        ax.axvspan(0.985, 1.1, facecolor=PALETTE["sky"], alpha=0.15, linewidth=0)
        ax.set_xlim(0.0, 1.1)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xticks([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, _BASELINE_X],
                      ["0.05", "0.20", "0.35", "0.50", "0.65", "0.80", "baseline"])
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel("threshold (the AI flags a case when its score >= threshold)")
        ax.set_ylabel("share")
        ax.set_title(f"{curves.scenario.title}: precision and recall", fontsize=10)
        handles = [*self.curves.values(), self.floor, self.points["precision"], *baselines]
        legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.17),
                           ncol=2, fontsize=8, frameon=False)
        self.legend_texts = dict(zip(handles, legend.get_texts(), strict=True))
        fig.animate(self.line, self.floor, *self.points.values())
        fig.animate_labels(legend, self.legend_texts[self.floor],
                           self.legend_texts[self.points["precision"]])
        self.figure, self.ax, self.primary = fig, ax, None
        self._restyle(state["primary"])

    def _restyle(self, primary: str) -> None:
        """Emphasise the primary metric's curve and name each curve's role."""
        for metric, line in self.curves.items():
            line.set_linewidth(2.6 if metric == primary else 1.4)
            line.set_label(_curve_label(metric, primary))
            self.legend_texts[line].set_text(line.get_label())
        self.primary = primary
        self.figure.invalidate()

    def show(self, state: dict[str, Any]) -> Any:
        """Move the figure to ``state`` (a report of the same table) and return it."""
        if state["primary"] != self.primary:
            self._restyle(state["primary"])
        t = state["threshold"]
        self.line.set_xdata([t, t])
        for metric, point in self.points.items():
            point.set_data([t], [state[metric]])
        self.points["precision"].set_label(f"threshold {t:.2f}")
        self.legend_texts[self.points["precision"]].set_text(f"threshold {t:.2f}")
        self.floor.set_ydata([state["floor"], state["floor"]])
        self.floor.set_label(_floor_label(state))
        self.legend_texts[self.floor].set_text(self.floor.get_label())
        return self.figure


def _on_grid(value: Any, low: float, high: float) -> float | None:
    """``value`` rounded to 2 decimals if it is a number on the 0.01 grid of [low, high]."""
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or not math.isfinite(value) or abs(value - round(value, 2)) > 1e-6):
        return None
    value = round(float(value), 2)
    return value if low <= value <= high else None


def _start_setting(stored: Any, default: dict[str, Any]) -> dict[str, Any]:
    """The stored setting, each unusable part replaced by its default."""
    stored = stored if isinstance(stored, dict) else {}
    primary = stored.get("primary")
    threshold = _on_grid(stored.get("threshold"), FRAMEWORK_GRID[0], FRAMEWORK_GRID[-1])
    floor = _on_grid(stored.get("floor"), 0.0, 1.0)
    return {"primary": primary if primary in PRIMARY_METRICS else default["primary"],
            "threshold": default["threshold"] if threshold is None else threshold,
            "floor": default["floor"] if floor is None else floor}


def framework_explorer(
    table: pd.DataFrame,
    scenario: Scenario | str,
    *,
    decision_key: str = "m6-framework",
    store: DecisionStore | None = None,
) -> Any:
    """Build (do not display) the metric framework explorer of the capstone.

    A drop-down chooses the primary metric (precision or recall; the other is the
    counter-metric), a slider the AI's threshold (0.05 to 0.95 in steps of 0.01) and another
    the counter-metric's guardrail floor (0 % to 100 % in steps of 1 %; the scenario's
    answer-key floor to start with); all are keyboard-operable (Tab to focus, arrow keys to
    change). The figure shows precision and recall against the threshold, the primary
    metric's curve thicker, the current threshold marked, the floor as a horizontal line and
    the baseline's precision and recall as markers in a column of their own; the
    read-out beside it states the same in words (:func:`framework_report`), with the cost of
    the errors against the baseline.

    The setting ``{"primary": str, "threshold": float, "floor": float}`` is saved to
    ``decisions.json`` under ``decision_key`` whenever a control moves (not when the widget is
    built) and read back when the widget is rebuilt; a stored part that is not usable is
    replaced by its default (precision; the scenario's deployed threshold, within the
    slider's range; the answer-key floor). Read it with ``explorer.value``.

    Parameters
    ----------
    table : pandas.DataFrame
        The scenario table (see :func:`precompute_framework_curves`).
    scenario : Scenario or str
        The table's scenario or its key in ``SCENARIOS``.
    decision_key : str, default "m6-framework"
        Name under which the setting is saved.
    store : DecisionStore, optional
        Where the setting is saved; ``decisions.json`` in the working directory by default.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property: the setting.

    Raises
    ------
    ValueError
        On the inputs :func:`framework_report` refuses, an empty ``decision_key`` or a
        ``store`` that is not a DecisionStore.

    Examples
    --------
    >>> import contextlib, io, tempfile
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS, make_scenario_table
    >>> table = make_scenario_table("meeting_action_items", random_state=0)
    >>> store = DecisionStore(tempfile.mkdtemp())
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the image is text
    ...     explorer = framework_explorer(table, "meeting_action_items", store=store)
    >>> s = SCENARIOS["meeting_action_items"]  # starts at the deployed threshold and the floor
    >>> explorer.value == {"primary": "precision", "threshold": s.deployed_threshold,
    ...                    "floor": s.answer_key.guardrail_floor}
    True
    """
    import ipywidgets as widgets

    from ._slider import FloatSlider

    if not isinstance(decision_key, str) or not decision_key:
        raise ValueError("decision_key must be a non-empty string")
    if store is None:
        store = DecisionStore()
    elif not isinstance(store, DecisionStore):
        raise ValueError(f"store must be a DecisionStore or None, got {type(store).__name__}")
    curves = precompute_framework_curves(table, scenario)
    s = curves.scenario
    deployed = min(max(round(float(s.deployed_threshold), 2), FRAMEWORK_GRID[0]),
                   FRAMEWORK_GRID[-1])
    default = {"primary": "precision", "threshold": float(deployed),
               "floor": round(_floor(curves, None), 2)}
    start = _start_setting(store.get(decision_key, {}), default)

    style = {"description_width": "initial"}
    primary = widgets.Dropdown(options=_PRIMARY_OPTIONS, value=start["primary"],
                               description="Primary metric", style=style,
                               layout=widgets.Layout(width="480px"))
    primary.add_class("aipm-m6-primary")
    threshold = FloatSlider(
        value=start["threshold"], min=float(FRAMEWORK_GRID[0]), max=float(FRAMEWORK_GRID[-1]),
        step=0.01, readout_format=".2f", description="Threshold", continuous_update=False,
        style=style, layout=widgets.Layout(width="420px"))
    threshold.add_class("aipm-m6-threshold")
    floor = FloatSlider(
        value=start["floor"], min=0.0, max=1.0, step=0.01, readout_format=".0%",
        description="Guardrail floor", tooltip="Lowest acceptable value of the counter-metric",
        continuous_update=False, style=style, layout=widgets.Layout(width="420px"))
    floor.add_class("aipm-m6-floor")
    plot = widgets.Output(layout=widgets.Layout(width="600px"))
    readout = widgets.HTML(layout=widgets.Layout(width="380px"))
    readout.add_class("aipm-readout")
    figure: list[_Figure] = []

    def setting() -> dict[str, Any]:
        return {"primary": primary.value, "threshold": round(float(threshold.value), 2),
                "floor": round(float(floor.value), 2)}

    @one_blas_thread
    def update(change: Any = None) -> None:
        now = setting()
        report = _report(curves, now["threshold"], now["primary"], now["floor"])
        if not figure:
            figure.append(_Figure(curves, report))
        render_figure(plot, figure[0].show(report))
        readout.value = (f'<p role="status" aria-live="polite">'
                         f'{html.escape(report["text"], quote=False)}</p>')
        if change is not None:
            store.set(decision_key, now)

    for control in (primary, threshold, floor):
        control.observe(update, names="value")
    update()

    class FrameworkExplorer(widgets.VBox):
        @property
        def value(self) -> dict[str, Any]:
            return setting()

    box = FrameworkExplorer([primary, widgets.HBox([threshold, floor]),
                             widgets.HBox([plot, readout])])
    box.add_class("aipm-m6-explorer")
    return box


# --------------------------------------------------------------------------------------------
# the drill timer
# --------------------------------------------------------------------------------------------

TIME_UP = "Time is up: finish the sentence you are on"


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def timer_readout(elapsed_s: float, total_s: float) -> str:
    """The drill timer's read-out after ``elapsed_s`` of ``total_s`` seconds.

    The time left is rounded up to a whole second (a countdown shows 0:01 until the time is
    really up); from ``total_s`` on, the read-out says that time is up.

    Parameters
    ----------
    elapsed_s : float, >= 0
        Seconds since the start (beyond ``total_s`` counts as ``total_s``).
    total_s : float, > 0
        Length of the drill in seconds.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        On an elapsed time that is not a finite number >= 0 or a total that is not a finite
        number > 0.

    Examples
    --------
    >>> timer_readout(19, 180)
    '2:41 left of 3:00'
    >>> timer_readout(179.5, 180)
    '0:01 left of 3:00'
    >>> timer_readout(180, 180)
    '0:00 left of 3:00. Time is up: finish the sentence you are on.'
    """
    for value, name in ((elapsed_s, "elapsed_s"), (total_s, "total_s")):
        if (not isinstance(value, numbers.Real) or isinstance(value, (bool, np.bool_))
                or not math.isfinite(value) or value < 0):
            raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    if total_s == 0:
        raise ValueError("total_s must be > 0")
    total = math.ceil(total_s)
    left = math.ceil(max(0.0, total_s - elapsed_s))
    text = f"{_clock(left)} left of {_clock(total)}"
    return f"{text}. {TIME_UP}." if left == 0 else text


def drill_timer(minutes: float = 3.0) -> Any:
    """Build (do not display) the countdown of the timed metric-swap drill.

    Start, Pause and Reset are buttons (labelled, with a tooltip; Tab to focus, Enter or
    Space to press). The clock is an ``ipywidgets.Play`` that ticks once a second in the
    browser (no kernel thread) and stays hidden (its own buttons carry no accessible names);
    each tick updates the read-out ("2:41 left of 3:00", :func:`timer_readout`) and the
    progress bar, and at zero the read-out says that time is up. Practice only: nothing is
    saved or graded.

    Parameters
    ----------
    minutes : float, default 3.0
        Length of the drill, more than 0 and at most 60 minutes (rounded to whole seconds,
        at least one).

    Returns
    -------
    ipywidgets.VBox
        The timer; its ``clock`` attribute is the Play (its ``value``: seconds elapsed).

    Raises
    ------
    ValueError
        On minutes that are not a number in (0, 60].

    Examples
    --------
    >>> timer = drill_timer(0.5)
    >>> timer.clock.value = 12  # what the browser does, once a second
    >>> timer.readout.value
    '<p role="timer" aria-live="off">0:18 left of 0:30</p>'
    """
    import ipywidgets as widgets

    if (not isinstance(minutes, numbers.Real) or isinstance(minutes, (bool, np.bool_))
            or not math.isfinite(minutes) or not 0 < minutes <= 60):
        raise ValueError(f"minutes must be a number in (0, 60], got {minutes!r}")
    total = max(1, round(60 * float(minutes)))
    clock = widgets.Play(value=0, min=0, max=total, step=1, interval=1000, repeat=False,
                         show_repeat=False, description="Drill clock",
                         layout=widgets.Layout(display="none"))
    clock.add_class("aipm-m6-timer-clock")
    buttons = {}
    for name, tooltip in (("Start", "Start or resume the countdown"),
                          ("Pause", "Pause the countdown"),
                          ("Reset", "Stop and set the countdown back to the full time")):
        buttons[name] = widgets.Button(description=name, tooltip=tooltip)
        buttons[name].add_class(f"aipm-m6-timer-{name.lower()}")
    progress = widgets.IntProgress(value=0, min=0, max=total, description="Time used",
                                   style={"description_width": "initial"})
    progress.add_class("aipm-m6-timer-progress")
    readout = widgets.HTML()
    readout.add_class("aipm-readout")

    def tick(change: Any = None) -> None:
        elapsed = min(int(clock.value), total)
        progress.value = elapsed
        progress.bar_style = "danger" if elapsed >= total else ""
        text = html.escape(timer_readout(elapsed, total), quote=False)
        if elapsed >= total:  # announced once, unlike the ticks
            readout.value = f'<p role="alert"><strong>{text}</strong></p>'
        else:
            readout.value = f'<p role="timer" aria-live="off">{text}</p>'

    def start(_: Any) -> None:
        if clock.value >= total:
            clock.value = 0
        clock.playing = True

    def pause(_: Any) -> None:
        clock.playing = False

    def reset(_: Any) -> None:
        clock.playing = False
        clock.value = 0

    buttons["Start"].on_click(start)
    buttons["Pause"].on_click(pause)
    buttons["Reset"].on_click(reset)
    clock.observe(tick, names="value")
    tick()

    timer = widgets.VBox([widgets.HBox([*buttons.values(), clock]), progress, readout])
    timer.add_class("aipm-m6-timer")
    timer.clock, timer.readout, timer.progress, timer.buttons = clock, readout, progress, buttons
    return timer
