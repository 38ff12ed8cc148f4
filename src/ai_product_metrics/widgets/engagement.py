"""Module 1 explorer: engagement against quality, week by week, and the roll-back decision."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure

__all__ = [
    "ENGAGEMENT_METRICS",
    "QUALITY_METRICS",
    "engagement_explorer",
    "engagement_vs_quality",
    "format_metric",
]

#: Weekly columns the explorer can plot, with their labels.
ENGAGEMENT_METRICS = {
    "ctr": "click-through rate",
    "time_on_summary_s": "time on summary (s)",
    "dau": "daily active users",
}
QUALITY_METRICS = {
    "hallucination_rate": "hallucination rate (audited)",
    "task_completion_rate": "task completion rate",
}


_FORMATS = {
    "ctr": "{:.1%}",
    "hallucination_rate": "{:.1%}",
    "task_completion_rate": "{:.1%}",
    "time_on_summary_s": "{:.1f} s",
    "dau": "{:,.0f}",
}


def format_metric(key: str, value: float) -> str:
    """A metric value as the read-out states it (shares as percentages, users with commas).

    Examples
    --------
    >>> format_metric("ctr", 0.3612), format_metric("dau", 12431.6), format_metric("time_on_summary_s", 41.26)
    ('36.1%', '12,432', '41.3 s')
    """
    return _FORMATS.get(key, "{:.3g}").format(value)


def _check_weekly(weekly: object) -> list[int]:
    if not isinstance(weekly, pd.DataFrame) or weekly.empty:
        raise ValueError("weekly must be a non-empty DataFrame with one row per week")
    try:
        weeks = [int(w) for w in weekly.index]
    except (TypeError, ValueError):
        raise ValueError("weekly must be indexed by week number") from None
    if weeks != list(range(weeks[0], weeks[0] + len(weeks))):
        raise ValueError("weekly must have one row per week, consecutive and in order "
                         "(sort it and fill any missing week)")
    return weeks


def engagement_vs_quality(
    weekly: pd.DataFrame, *, engagement: str, quality: str, week: int
) -> dict[str, Any]:
    """Compute what the explorer shows for one setting (pure, no plotting).

    Both series are indexed to their first week = 100 so that they share one axis.

    Parameters
    ----------
    weekly : pandas.DataFrame
        One row per week (index = week number) with the metric columns.
    engagement : str
        A key of ``ENGAGEMENT_METRICS``.
    quality : str
        A key of ``QUALITY_METRICS``.
    week : int
        The week inspected, i.e. the roll-back decision.

    Returns
    -------
    dict
        ``weeks``, ``engagement_index``, ``quality_index`` (arrays), ``engagement_value``,
        ``quality_value``, ``engagement_change``, ``quality_change`` (relative to week 1) and
        ``text``, the read-out.

    Examples
    --------
    >>> w = pd.DataFrame({"ctr": [0.30, 0.36], "hallucination_rate": [0.04, 0.12]}, index=[1, 2])
    >>> out = engagement_vs_quality(w, engagement="ctr", quality="hallucination_rate", week=2)
    >>> [round(x) for x in out["engagement_index"]], [round(x) for x in out["quality_index"]]
    ([100, 120], [100, 300])
    """
    if engagement not in ENGAGEMENT_METRICS:
        raise ValueError(f"engagement must be one of {list(ENGAGEMENT_METRICS)}, got {engagement!r}")
    if quality not in QUALITY_METRICS:
        raise ValueError(f"quality must be one of {list(QUALITY_METRICS)}, got {quality!r}")
    weeks = _check_weekly(weekly)
    for column in (engagement, quality):
        if column not in weekly.columns:
            raise ValueError(f"weekly has no column {column!r}")
    if week not in weeks:
        raise ValueError(f"week {week} is not in the table (weeks {weeks[0]}-{weeks[-1]})")
    e = weekly[engagement].to_numpy(dtype=float)
    q = weekly[quality].to_numpy(dtype=float)
    if not (np.isfinite(e).all() and np.isfinite(q).all()):
        raise ValueError("the weekly metrics must be finite (no NaN or infinity in any week)")
    if e[0] == 0 or q[0] == 0:
        raise ValueError(f"the weekly metrics must be non-zero in week {weeks[0]}, the baseline")
    position = weeks.index(week)
    e_change, q_change = e[position] / e[0] - 1, q[position] / q[0] - 1
    verdict = (
        "Engagement and quality moved apart: more activity, worse outcomes."
        if e_change > 0.05 and ((quality == "hallucination_rate" and q_change > 0.2)
                                or (quality == "task_completion_rate" and q_change < -0.05))
        else "No clear divergence by this week."
    )
    text = (
        f"Week {week}: {ENGAGEMENT_METRICS[engagement]} {format_metric(engagement, e[position])} "
        f"({e_change:+.0%} vs week {weeks[0]}); {QUALITY_METRICS[quality]} "
        f"{format_metric(quality, q[position])} ({q_change:+.0%} vs week {weeks[0]}). {verdict} "
        f"Roll-back decision: after week {week}."
    )
    return {
        "weeks": np.asarray(weekly.index, dtype=int),
        "engagement_index": 100 * e / e[0],
        "quality_index": 100 * q / q[0],
        "engagement_value": float(e[position]),
        "quality_value": float(q[position]),
        "engagement_change": float(e_change),
        "quality_change": float(q_change),
        "text": text,
    }


def engagement_explorer(weekly: pd.DataFrame, *, decision_key: str = "m1_rollback_week") -> Any:
    """Build (do not display) the engagement-vs-quality explorer.

    Two drop-downs pick an engagement metric and a quality metric; a slider picks the week
    after which you would roll the model back. The plot shows both metrics indexed to
    week 1 = 100 with the chosen week marked; a text read-out beside it states the same
    numbers. Every control is keyboard-operable: Tab to focus, the arrow keys move the
    slider; Space opens a drop-down, the arrow keys choose and Enter confirms (in JupyterLab
    a plain Up or Down arrow on a closed drop-down moves to another cell).

    The chosen week is saved to ``decisions.json`` beside the notebook and read back when the
    widget is rebuilt; read it with ``explorer.value``.

    Parameters
    ----------
    weekly : pandas.DataFrame
        Your weekly table (index = week number).
    decision_key : str
        Name under which the decision is saved.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property (the roll-back week).
    """
    import ipywidgets as widgets

    from ._live import LiveFigure
    from ._slider import IntSlider

    weeks = _check_weekly(weekly)
    engagement_vs_quality(weekly, engagement="ctr", quality="hallucination_rate", week=weeks[-1])
    store = DecisionStore()
    start = store.get(decision_key, weeks[-1])
    start = start if start in weeks else weeks[-1]

    style = {"description_width": "initial"}
    engagement = widgets.Dropdown(
        options=[(label, key) for key, label in ENGAGEMENT_METRICS.items()],
        value="ctr", description="Engagement metric", style=style,
    )
    quality = widgets.Dropdown(
        options=[(label, key) for key, label in QUALITY_METRICS.items()],
        value="hallucination_rate", description="Quality metric", style=style,
    )
    week = IntSlider(
        value=start, min=weeks[0], max=weeks[-1], step=1, description="Roll back after week",
        style=style, continuous_update=False, layout=widgets.Layout(width="420px"),
    )
    for control, name in ((engagement, "aipm-m1-engagement"), (quality, "aipm-m1-quality"),
                          (week, "aipm-m1-week")):
        control.add_class(name)
    plot = widgets.Output(layout=widgets.Layout(width="560px"))
    readout = widgets.HTML(layout=widgets.Layout(width="320px"))
    readout.add_class("aipm-readout")

    # The figure is built once; an update moves its artists. A new week only moves the week
    # line and changes its legend label (redrawn over the kept background, see LiveFigure);
    # new metrics also change the series, the limits and the layout (a full redraw).
    fig = LiveFigure(figsize=(6.2, 3.4), dpi=90)
    ax = fig.add_subplot()
    margins = {side: getattr(fig.subplotpars, side)
               for side in ("left", "bottom", "right", "top", "wspace", "hspace")}
    (e_line,) = ax.plot([], [], color=PALETTE["blue"], marker="o", linestyle="-", label=" ")
    (q_line,) = ax.plot([], [], color=PALETTE["vermillion"], marker="s", linestyle="--",
                        label=" ")
    week_line = ax.axvline(start, color=PALETTE["black"], linestyle=":", linewidth=1.5,
                           label=" ")
    ax.set_xlabel("week")
    ax.set_ylabel("index (week 1 = 100)")
    ax.set_title("Engagement vs quality")
    legend = ax.legend(loc="upper left", fontsize=8, frameon=False)
    legend_texts = dict(zip((e_line, q_line, week_line), legend.get_texts(), strict=True))
    fig.animate(week_line)
    fig.animate_labels(legend, legend_texts[week_line])
    shown: dict[str, Any] = {"metrics": None}

    def label(line: Any, text: str) -> None:
        line.set_label(text)
        legend_texts[line].set_text(text)

    @one_blas_thread
    def update(change: Any = None) -> None:
        state = engagement_vs_quality(weekly, engagement=engagement.value, quality=quality.value,
                                      week=week.value)
        week_line.set_xdata([week.value, week.value])
        label(week_line, f"roll back after week {week.value}")
        metrics = (engagement.value, quality.value)
        if metrics != shown["metrics"]:
            e_line.set_data(state["weeks"], state["engagement_index"])
            q_line.set_data(state["weeks"], state["quality_index"])
            label(e_line, ENGAGEMENT_METRICS[engagement.value])
            label(q_line, QUALITY_METRICS[quality.value])
            ax.relim()
            ax.autoscale_view()
            fig.subplots_adjust(**margins)  # lay out from scratch, as for a new figure
            fig.tight_layout()
            fig.invalidate()
            shown["metrics"] = metrics
        render_figure(plot, fig)
        readout.value = f'<p role="status" aria-live="polite">{state["text"]}</p>'
        if change is not None and change.get("owner") is week:
            store.set(decision_key, int(week.value))

    for control in (engagement, quality, week):
        control.observe(update, names="value")
    update()

    class EngagementExplorer(widgets.VBox):
        @property
        def value(self) -> int:
            return int(week.value)

    box = EngagementExplorer([engagement, quality, week, widgets.HBox([plot, readout])])
    box.add_class("aipm-m1-explorer")
    return box
