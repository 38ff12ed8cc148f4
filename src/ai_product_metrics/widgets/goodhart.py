"""Module 5 explorer: push a metric harder and harder and watch what it stops measuring.

Each Goodhart simulation of module 5 (``ai_product_metrics.datasets.goodhart``) gives one row
per optimisation step, from the product as launched (step 0, pressure 0) to the hardest push
(pressure 1). :func:`goodhart_report` is the pure compute (tested on its own): for one
scenario and one pressure of its frame it states the primary metric, the counter-metric
against its guardrail and the business outcome, each with its change since launch.
:func:`goodhart_explorer` wraps it in a drop-down (the scenario), a slider (the pressure), a
three-panel figure (primary metric, counter-metric with its guardrail, business outcome, all
against the pressure) and a text read-out.

Everything that does not depend on the pressure (the validated columns, the steps that break
the guardrail, the crossing step, the outcome's best value) is computed once per scenario, so
a move of the slider only looks up one row.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..datasets.goodhart import GOODHART_SCENARIOS, GoodhartScenario
from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure

__all__ = ["goodhart_explorer", "goodhart_report"]

#: A pressure given to :func:`goodhart_report` selects the frame's step whose pressure lies
#: within this distance of it (the frames hold pressures on a grid of at least 0.01).
PRESSURE_TOLERANCE = 1e-6

#: How the read-out names and writes each metric of the registry: (name, unit, decimals); the
#: figure drops a leading "the". The unit "%" writes a share as a percentage (its changes in
#: percentage points). A column missing here is named after itself, with the registry's unit.
_METRIC_TEXT = {
    "ctr": ("the click-through rate", "%", 2),
    "return_rate": ("the return rate", "%", 2),
    "net_revenue_per_1000_impressions": ("net revenue per 1,000 impressions", "EUR", 2),
    "resolution_rate": ("the resolution rate", "%", 2),
    "recontact_within_7d": ("the recontact rate within 7 days", "%", 2),
    "true_resolution": ("true resolution", "%", 2),
    "avg_handle_time_s": ("the average handle time", "s", 1),
    "agent_override_rate": ("the agent override rate", "%", 2),
    "first_contact_resolution": ("first-contact resolution", "%", 2),
    "acceptance_rate": ("the draft acceptance rate", "%", 2),
    "peer_revision_rate": ("the peer revision rate", "%", 2),
    "net_minutes_saved_per_draft": ("net writer time saved per draft", "minutes", 3),
}

REPORT_KEYS = (
    "scenario", "step", "pressure", "primary_metric", "primary", "primary_change",
    "counter_metric", "counter", "counter_change", "counter_limit", "counter_direction",
    "guardrail_holds", "outcome_metric", "outcome", "outcome_change", "outcome_best",
    "crossing_step", "text",
)


# --------------------------------------------------------------------------------------------
# validation, and what does not depend on the pressure
# --------------------------------------------------------------------------------------------


def _scenario(scenario: Any) -> GoodhartScenario:
    if isinstance(scenario, GoodhartScenario):
        return scenario
    if isinstance(scenario, str) and scenario in GOODHART_SCENARIOS:
        return GOODHART_SCENARIOS[scenario]
    raise ValueError(f"scenario must be a GoodhartScenario or one of "
                     f"{sorted(GOODHART_SCENARIOS)}, got {scenario!r}")


@dataclass(frozen=True)
class _Run:
    """One scenario's frame, validated, with what no pressure changes."""

    scenario: GoodhartScenario
    step: np.ndarray
    pressure: np.ndarray
    primary: np.ndarray
    counter: np.ndarray
    outcome: np.ndarray
    broken: np.ndarray
    crossing: int | None
    outcome_best: float

    def index(self, pressure: Any) -> int:
        """Row of the frame at ``pressure`` (one of its pressures, within the tolerance)."""
        if (not isinstance(pressure, numbers.Real) or isinstance(pressure, (bool, np.bool_))
                or not math.isfinite(pressure)):
            raise ValueError(f"pressure must be a finite number, got {pressure!r}")
        i = int(np.argmin(np.abs(self.pressure - float(pressure))))
        if abs(self.pressure[i] - float(pressure)) > PRESSURE_TOLERANCE:
            raise ValueError(f"pressure must be one of the frame's pressures "
                             f"({_grid_text(self.pressure)}), got {pressure!r}")
        return i


def _grid_text(pressure: np.ndarray) -> str:
    labels = [_pressure_text(p) for p in pressure]
    return ", ".join(labels) if len(labels) <= 6 else f"{labels[0]}, {labels[1]}, ..., {labels[-1]}"


def _pressure_text(p: float) -> str:
    """A pressure as the slider and the read-out write it (2 decimals when that is exact)."""
    return f"{p:.2f}" if abs(p - round(p, 2)) < 1e-9 else repr(float(p))


def _breaks(scenario: GoodhartScenario, counter: np.ndarray) -> np.ndarray:
    """True where the counter breaks its guardrail (a value on the limit holds)."""
    if scenario.counter_direction == "max":
        return counter > scenario.counter_limit
    return counter < scenario.counter_limit


def _run(frame: Any, scenario: Any) -> _Run:
    """Validate ``frame`` for ``scenario`` and precompute what no pressure changes."""
    s = _scenario(scenario)
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame (from the scenario's simulate "
                         f"function), got {type(frame).__name__}")
    columns = ("step", "pressure", s.primary, s.counter, s.outcome)
    missing = [col for col in columns if col not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the columns {missing} of the {s.name!r} scenario")
    if len(frame) == 0:
        raise ValueError("frame is empty: at least one step is needed")
    arrays = {}
    for col in columns:
        values = frame[col]
        if values.dtype == bool or not pd.api.types.is_numeric_dtype(values):
            raise ValueError(f"{col} must hold numbers (got dtype {values.dtype})")
        array = values.to_numpy(dtype=float)
        if not np.isfinite(array).all():
            raise ValueError(f"{col} must be finite (no NaN or infinity)")
        arrays[col] = array
    step = arrays["step"]
    if (step != np.round(step)).any() or (np.diff(step) <= 0).any() or step[0] != 0:
        raise ValueError("step must hold whole numbers in increasing order, starting at 0 "
                         "(the launch): one row per step")
    if (np.diff(arrays["pressure"]) <= 0).any():
        raise ValueError("pressure must increase from one step to the next")
    counter, outcome = arrays[s.counter], arrays[s.outcome]
    broken = _breaks(s, counter)
    first = np.flatnonzero(broken)
    best = outcome.max() if s.outcome_direction == "max" else outcome.min()
    return _Run(scenario=s, step=step.astype(np.int64), pressure=arrays["pressure"],
                primary=arrays[s.primary], counter=counter, outcome=outcome, broken=broken,
                crossing=int(step[first[0]]) if first.size else None,
                outcome_best=float(best))


# --------------------------------------------------------------------------------------------
# one pressure
# --------------------------------------------------------------------------------------------


def goodhart_report(
    frame: pd.DataFrame,
    scenario: GoodhartScenario | str,
    pressure: float,
) -> dict[str, Any]:
    """What the optimisation-pressure explorer shows for one step (pure, no plotting).

    The step is the frame's row whose ``pressure`` equals ``pressure`` (within
    ``PRESSURE_TOLERANCE`` = 1e-6, so that 0.1 + 0.2 selects 0.3). The guardrail holds when the
    counter-metric is at or below ``counter_limit`` (``counter_direction="max"``, a ceiling)
    or at or above it (``"min"``, a floor); the crossing step is the first step at which it
    does not hold (as ``datasets.goodhart._crossing_step``). Changes are measured from step 0,
    the launch.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per optimisation step, as returned by the scenario's ``simulate`` function:
        ``step`` (whole numbers in increasing order from 0), ``pressure`` (increasing) and the
        scenario's primary, counter and outcome columns, all finite numbers.
    scenario : GoodhartScenario or str
        The scenario or its name in ``GOODHART_SCENARIOS``.
    pressure : float
        One of the frame's pressures (0.00, 0.05, ..., 1.00 for the default 20 steps).

    Returns
    -------
    dict
        ``scenario`` (its name); ``step`` (int) and ``pressure`` (float, the frame's value);
        ``primary_metric``, ``counter_metric`` and ``outcome_metric`` (the column names);
        ``primary``, ``counter`` and ``outcome`` (their values at the step, floats) and
        ``primary_change``, ``counter_change`` and ``outcome_change`` (since step 0);
        ``counter_limit`` and ``counter_direction`` (the guardrail: "max" for a ceiling,
        "min" for a floor); ``guardrail_holds`` (bool); ``outcome_best`` (the outcome's best
        value over all the steps: highest for ``outcome_direction="max"``, lowest for
        ``"min"``); ``crossing_step`` (int, or None when the guardrail always holds); and
        ``text``, the read-out. The read-out states these numbers in words, and the crossing
        step only from that step on; it never names the step to ship nor the step of the
        best outcome.

    Raises
    ------
    ValueError
        On an unknown scenario; a frame that is not a DataFrame, is empty, lacks a column of
        the scenario, holds non-numeric or non-finite values, or whose steps are not whole
        numbers increasing from 0 or whose pressures do not increase; or a pressure that is
        not a finite number or not one of the frame's pressures.

    Examples
    --------
    Four steps of a recommender pushed for click-through rate; returns may not exceed 12 %.

    >>> frame = pd.DataFrame({
    ...     "step": [0, 1, 2, 3], "pressure": [0.0, 0.25, 0.5, 0.75],
    ...     "ctr": [0.030, 0.036, 0.043, 0.049], "return_rate": [0.07, 0.10, 0.125, 0.14],
    ...     "net_revenue_per_1000_impressions": [60.0, 64.5, 63.0, 58.2]})
    >>> out = goodhart_report(frame, "recommender", 0.5)
    >>> out["step"], out["primary"], round(out["primary_change"], 4)
    (2, 0.043, 0.013)
    >>> out["counter"], out["guardrail_holds"], out["crossing_step"]
    (0.125, False, 2)
    >>> out["outcome"], out["outcome_best"]
    (63.0, 64.5)
    >>> print(out["text"])  # doctest: +NORMALIZE_WHITESPACE
    At pressure 0.50 (step 2 of 3), the click-through rate is 4.30 % (+1.30 points since
    launch). The return rate is 12.50 % (+5.50 points since launch): above its 12 % ceiling,
    so the guardrail is broken (first broken at step 2). Net revenue per 1,000 impressions is
    63.00 EUR (+3.00 EUR since launch), 1.50 EUR below its highest of 64.50 EUR over the 4
    steps.
    >>> goodhart_report(frame, "recommender", 0.25)["guardrail_holds"]
    True
    """
    run = _run(frame, scenario)
    return _report(run, run.index(pressure))


def _report(run: _Run, i: int) -> dict[str, Any]:
    """:func:`goodhart_report` for a validated run and a row of it."""
    s = run.scenario
    out: dict[str, Any] = {
        "scenario": s.name,
        "step": int(run.step[i]),
        "pressure": float(run.pressure[i]),
        "primary_metric": s.primary,
        "primary": float(run.primary[i]),
        "primary_change": float(run.primary[i] - run.primary[0]),
        "counter_metric": s.counter,
        "counter": float(run.counter[i]),
        "counter_change": float(run.counter[i] - run.counter[0]),
        "counter_limit": float(s.counter_limit),
        "counter_direction": s.counter_direction,
        "guardrail_holds": not bool(run.broken[i]),
        "outcome_metric": s.outcome,
        "outcome": float(run.outcome[i]),
        "outcome_change": float(run.outcome[i] - run.outcome[0]),
        "outcome_best": run.outcome_best,
        "crossing_step": run.crossing,
    }
    out["text"] = _text(out, run)
    return out


# --------------------------------------------------------------------------------------------
# the read-out
# --------------------------------------------------------------------------------------------


def _metric(s: GoodhartScenario, column: str) -> tuple[str, str, int]:
    """Name, unit and decimals of a column (the registry's unit when it is not listed)."""
    if column in _METRIC_TEXT:
        return _METRIC_TEXT[column]
    unit = {s.primary: s.primary_unit, s.counter: s.counter_unit,
            s.outcome: s.outcome_unit}.get(column, "")
    return column.replace("_", " "), "%" if unit.startswith("share") else unit, 3


def _value_text(value: float, unit: str, decimals: int) -> str:
    if unit == "%":
        return f"{100 * value:,.{decimals}f} %"
    return f"{value:,.{decimals}f} {unit}".rstrip()


def _change_text(change: float, unit: str, decimals: int) -> str:
    scaled = 100 * change if unit == "%" else change
    scaled = round(scaled, decimals) or 0.0  # no "-0.00"
    suffix = "points" if unit == "%" else unit
    return f"{scaled:+,.{decimals}f} {suffix}".rstrip()


def _limit_text(limit: float, unit: str) -> str:
    return f"{100 * limit:g} %" if unit == "%" else f"{limit:g} {unit}".rstrip()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text(out: dict[str, Any], run: _Run) -> str:
    s = run.scenario
    launch = out["step"] == 0
    n_steps = int(run.step[-1])

    def stated(key: str) -> str:
        name, unit, decimals = _metric(s, out[f"{key}_metric"])
        value = f"{name} is {_value_text(out[key], unit, decimals)}"
        if not launch:
            value += f" ({_change_text(out[f'{key}_change'], unit, decimals)} since launch)"
        return value

    where = ", the launch" if launch else f" of {n_steps}"
    parts = [f"At pressure {_pressure_text(out['pressure'])} (step {out['step']}{where}), "
             f"{stated('primary')}."]

    _, unit, _ = _metric(s, s.counter)
    limit = _limit_text(out["counter_limit"], unit)
    ceiling = out["counter_direction"] == "max"
    kind = "ceiling" if ceiling else "floor"
    crossing = out["crossing_step"]
    if not out["guardrail_holds"]:
        guardrail = (f"{'above' if ceiling else 'below'} its {limit} {kind}, so the guardrail "
                     f"is broken (first broken at step {crossing})")
    elif crossing is not None and crossing < out["step"]:
        guardrail = (f"within its {limit} {kind}, so the guardrail holds again (first broken "
                     f"at step {crossing})")
    else:
        guardrail = f"within its {limit} {kind}, so the guardrail holds"
    parts.append(f"{_sentence(stated('counter'))}: {guardrail}.")

    name, unit, decimals = _metric(s, s.outcome)
    highest = s.outcome_direction == "max"
    extreme = "highest" if highest else "lowest"
    gap = out["outcome"] - out["outcome_best"]
    steps = f"over the {len(run.step)} steps"
    if abs(gap) <= 1e-12 * max(1.0, abs(out["outcome_best"])):
        where_best = f"its {extreme} {steps}"
    else:
        size = (f"{100 * abs(gap):,.{decimals}f} points" if unit == "%"
                else _value_text(abs(gap), unit, decimals))
        where_best = (f"{size} {'below' if highest else 'above'} its {extreme} of "
                      f"{_value_text(out['outcome_best'], unit, decimals)} {steps}")
    parts.append(f"{_sentence(stated('outcome'))}, {where_best}.")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# the widget
# --------------------------------------------------------------------------------------------

#: Share of a panel's height below its legend band, by the legend's rows: the curves, the
#: current point and the pressure line stay below it, so that a move never touches a legend
#: (which would then be drawn again on every move).
_LINE_TOP = {1: 0.72, 2: 0.6}

_SERIES = {  # panel: colour, line style, marker
    "primary": (PALETTE["blue"], "-", "s"),
    "counter": (PALETTE["orange"], "--", "^"),
    "outcome": (PALETTE["green"], "-.", "D"),
}


def _limits(values: np.ndarray, line_top: float) -> tuple[float, float]:
    """y-limits showing ``values`` below the legend band (above ``line_top``)."""
    low, high = float(values.min()), float(values.max())
    span = high - low or max(abs(high), 1.0) * 0.1
    bottom, top = low - 0.08 * span, high + 0.08 * span
    return bottom, bottom + (top - bottom) / line_top


class _Figure:
    """The explorer's three panels for one scenario; :meth:`show` moves them to a step.

    A move of the slider changes only the pressure lines, the current points and the legend
    labels naming the pressure: these are animated (drawn over the kept background, see
    ``LiveFigure``). The curves, the guardrail and its hatched region do not move.
    """

    def __init__(self, run: _Run, state: dict[str, Any]) -> None:
        from matplotlib.ticker import PercentFormatter

        from ._live import LiveFigure

        s = run.scenario
        fig = LiveFigure(figsize=(6.6, 8.4), dpi=90)
        fig.subplots_adjust(left=0.15, right=0.97, bottom=0.065, top=0.92, hspace=0.42)
        fig.suptitle(s.title, fontsize=11)
        axes = fig.subplots(3, 1, sharex=True)
        self.figure, self.run = fig, run
        x = run.pressure
        every = max(1, len(x) // 21)
        span = float(x[-1] - x[0]) or 1.0
        current = {"color": PALETTE["black"], "marker": "o", "markersize": 8,
                   "linestyle": "None", "markeredgecolor": PALETTE["black"],
                   "markerfacecolor": PALETTE["vermillion"], "gid": "current", "zorder": 5}
        p = state["pressure"]
        self.lines, self.points = [], []
        titles = {"primary": "Primary metric (optimised)", "counter": "Counter-metric",
                  "outcome": "Business outcome"}
        for ax, key in zip(axes, ("primary", "counter", "outcome"), strict=True):
            column = getattr(s, key)
            name, unit, _ = _metric(s, column)
            name = name.removeprefix("the ")
            values = getattr(run, key)
            colour, style, marker = _SERIES[key]
            ax.plot(x, values, color=colour, linestyle=style, marker=marker, markevery=every,
                    markersize=4, label=name)
            shown = values
            if key == "counter":
                shown = np.append(values, s.counter_limit)
            line_top = _LINE_TOP[2 if key == "counter" else 1]
            bottom, top = _limits(shown, line_top)
            ax.set_ylim(bottom, top)
            if key == "counter":
                kind = "ceiling" if s.counter_direction == "max" else "floor"
                limit = _limit_text(s.counter_limit, unit)
                ax.axhline(s.counter_limit, color=PALETTE["black"], linestyle="-",
                           linewidth=1.5, label=f"guardrail: {kind} {limit}", gid="guardrail")
                low, high = ((s.counter_limit, top) if s.counter_direction == "max"
                             else (bottom, s.counter_limit))
                ax.axhspan(low, high, facecolor="none", edgecolor=PALETTE["vermillion"],
                           hatch="//", linewidth=0, alpha=0.6, gid="beyond",
                           label="guardrail broken (hatched)")
                title = f"{titles[key]}: {name}, {kind} {limit}"
            else:
                title = f"{titles[key]}: {name}"
            line = ax.axvline(p, ymax=line_top, color=PALETTE["black"], linestyle=":",
                              linewidth=1.2)
            (point,) = ax.plot([p], [state[key]], label=f"pressure {p:.2f}", **current)
            self.lines.append(line)
            self.points.append(point)
            ax.set_xlim(x[0] - 0.02 * span, x[-1] + 0.02 * span)
            ax.set_title(title, fontsize=10)
            unit_label = getattr(s, f"{key}_unit")
            ax.set_ylabel(unit_label if len(unit_label) <= 28 else unit_label.replace(" per ",
                                                                                       "\nper "))
            if unit == "%":
                ax.yaxis.set_major_formatter(PercentFormatter(1.0))
            ax.tick_params(labelbottom=True)
            ax.legend(loc="upper center", ncol=2, fontsize=7.5, framealpha=0.95,
                      edgecolor="none")
        axes[-1].set_xlabel("optimisation pressure (0 = launch, 1 = hardest push)")
        self.axes = axes
        self.legend_texts = {}
        for ax in axes:
            handles, _ = ax.get_legend_handles_labels()
            self.legend_texts |= dict(zip(handles, ax.get_legend().get_texts(), strict=True))
        fig.animate(*self.lines, *self.points)
        for point in self.points:
            fig.animate_labels(point.axes.get_legend(), self.legend_texts[point])

    def show(self, state: dict[str, Any]) -> Any:
        """Move the figure to ``state`` (a report of the same run) and return it."""
        p = state["pressure"]
        for line in self.lines:
            line.set_xdata([p, p])
        for point, key in zip(self.points, ("primary", "counter", "outcome"), strict=True):
            point.set_data([p], [state[key]])
            point.set_label(f"pressure {p:.2f}")
            self.legend_texts[point].set_text(point.get_label())
        return self.figure


def _runs(frames: Any) -> dict[str, _Run]:
    """Validate the frames given to the explorer, in their order."""
    if not isinstance(frames, Mapping):
        raise ValueError("frames must be a dict mapping scenario names to the frames of their "
                         f"simulate functions, got {type(frames).__name__}")
    if not frames:
        raise ValueError(f"frames is empty: give at least one of {list(GOODHART_SCENARIOS)}")
    unknown = [name for name in frames if not (isinstance(name, str)
                                                and name in GOODHART_SCENARIOS)]
    if unknown:
        raise ValueError(f"frames holds unknown scenarios {unknown}: the names are "
                         f"{list(GOODHART_SCENARIOS)}")
    return {name: _run(frame, name) for name, frame in frames.items()}


def _start_setting(store: DecisionStore, key: str, runs: dict[str, _Run]) -> tuple[str, int]:
    """The stored (scenario, row) if usable, else the first scenario at its launch."""
    stored = store.get(key, {})
    name, pressure = stored.get("scenario"), stored.get("pressure")
    if isinstance(name, str) and name in runs:
        try:
            return name, runs[name].index(pressure)
        except ValueError:
            pass
    return next(iter(runs)), 0


def _options(run: _Run) -> list[tuple[str, float]]:
    return [(_pressure_text(p), float(p)) for p in run.pressure]


def goodhart_explorer(frames: Mapping[str, pd.DataFrame], *,
                      decision_key: str = "m5_pressure") -> Any:
    """Build (do not display) the optimisation-pressure explorer.

    A drop-down chooses the scenario and a slider the optimisation pressure, over the
    pressures of that scenario's frame (0.00 to 1.00 in steps of 0.05 for the default 20
    steps); both are keyboard-operable: Tab to focus, the arrow keys move the slider; Space
    opens the drop-down, the arrow keys choose and Enter confirms (in JupyterLab a plain Up
    or Down arrow on a closed drop-down moves to another cell). The figure shows
    the primary metric, the counter-metric with its guardrail (the region beyond it hatched)
    and the business outcome against the pressure, the current pressure marked on each; the
    read-out beside it states the same numbers in words (:func:`goodhart_report`).

    The pressure is shared by the scenarios: changing the scenario keeps it (or moves to the
    nearest pressure of the new frame). The setting ``{"scenario": name, "pressure": p}`` is
    saved to ``decisions.json`` beside the notebook under ``decision_key`` whenever a control
    moves (not when the widget is built), and read back when the widget is rebuilt; a stored
    setting that is not usable (an unknown scenario, a pressure that is not one of its
    frame's) gives the first scenario at its launch (pressure 0.0). Read it with
    ``explorer.value``.

    Parameters
    ----------
    frames : mapping of str to pandas.DataFrame
        Scenario name (a key of ``GOODHART_SCENARIOS``) to the frame of its ``simulate``
        function; at least one. The drop-down lists them in this order.
    decision_key : str, default "m5_pressure"
        Name under which the setting is saved.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property: ``{"scenario": str, "pressure": float}``.

    Raises
    ------
    ValueError
        On frames that are not a non-empty mapping, an unknown scenario name, a frame that
        :func:`goodhart_report` refuses, or an empty ``decision_key``.

    Examples
    --------
    >>> from ai_product_metrics.datasets.goodhart import simulate_support_chatbot
    >>> frames = {"support_chatbot": simulate_support_chatbot(random_state=0)}
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the image is text
    ...     explorer = goodhart_explorer(frames, decision_key="doctest_m5_pressure")
    >>> explorer.value
    {'scenario': 'support_chatbot', 'pressure': 0.0}
    """
    import ipywidgets as widgets

    from ._slider import SelectionSlider

    if not isinstance(decision_key, str) or not decision_key:
        raise ValueError("decision_key must be a non-empty string")
    runs = _runs(frames)
    store = DecisionStore()
    start_name, start_index = _start_setting(store, decision_key, runs)

    style = {"description_width": "initial"}
    scenario = widgets.Dropdown(
        options=[(run.scenario.title, name) for name, run in runs.items()], value=start_name,
        description="Scenario", style=style, layout=widgets.Layout(width="460px"))
    scenario.add_class("aipm-m5-scenario")
    start_options = _options(runs[start_name])
    pressure = SelectionSlider(
        options=start_options, value=start_options[start_index][1],
        description="Optimisation pressure", continuous_update=False, style=style,
        layout=widgets.Layout(width="460px"))
    pressure.add_class("aipm-m5-pressure")
    plot = widgets.Output(layout=widgets.Layout(width="620px"))
    readout = widgets.HTML(layout=widgets.Layout(width="360px"))
    readout.add_class("aipm-readout")
    figures: dict[str, _Figure] = {}
    state = {"busy": False}

    def setting() -> dict[str, Any]:
        return {"scenario": scenario.value, "pressure": float(pressure.value)}

    @one_blas_thread
    def update(change: Any = None) -> None:
        run = runs[scenario.value]
        report = _report(run, run.index(pressure.value))
        if scenario.value not in figures:
            figures[scenario.value] = _Figure(run, report)
        render_figure(plot, figures[scenario.value].show(report))
        text = html.escape(report["text"], quote=False)
        readout.value = f'<p role="status" aria-live="polite">{text}</p>'
        if change is not None:
            store.set(decision_key, setting())

    def scenario_moved(change: Any) -> None:
        run = runs[scenario.value]
        nearest = run.pressure[int(np.argmin(np.abs(run.pressure - float(pressure.value))))]
        state["busy"] = True
        try:  # new options select the first one: one update, after the pressure is set
            pressure.options = _options(run)
            pressure.value = float(nearest)
        finally:
            state["busy"] = False
        update(change)

    def pressure_moved(change: Any) -> None:
        if not state["busy"]:
            update(change)

    scenario.observe(scenario_moved, names="value")
    pressure.observe(pressure_moved, names="value")
    update()

    class GoodhartExplorer(widgets.VBox):
        @property
        def value(self) -> dict[str, Any]:
            return setting()

    box = GoodhartExplorer([widgets.HBox([scenario, pressure]), widgets.HBox([plot, readout])])
    box.add_class("aipm-m5-explorer")
    return box
