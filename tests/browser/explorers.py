"""The main explorer of each module, as the browser tests and the latency benchmark drive it.

Each :class:`ExplorerSpec` says how to build the explorer in a notebook cell (from the
self-paced default seed, as a learner's notebook does), which keys move which control, what
the control then shows, and how to compute, in the test process, the read-out the widget must
show for a setting, with the package's pure compute function (``threshold_report``,
``goodhart_report``, ...). Adding a module's explorer is one entry in :data:`EXPLORERS`.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nbformat


@dataclass(frozen=True)
class Move:
    """Key presses on one control and what must follow.

    A slider (a native range input) moves with ArrowRight / ArrowLeft once focused. A drop-down opens with
    Space, moves with ArrowDown and closes on Enter: in JupyterLab a plain ArrowDown on a
    closed drop-down is taken by the notebook (it selects the next cell; ipywidgets issue
    3912), Space, Home and End are not.
    """

    control: str  #: CSS class of the control (ipywidgets ``add_class``)
    keys: tuple[str, ...]  #: Playwright key names, pressed in turn
    #: the setting after the presses, merged into the previous one; a value may be a function
    #: of the previous value (a step from wherever the control started)
    setting: dict[str, Any]
    #: what the control then shows (slider read-out, selected option), or a function of the
    #: new setting that says it
    shown: str | Callable[[dict[str, Any]], str]

    def apply(self, setting: dict[str, Any]) -> dict[str, Any]:
        """The setting after this move, from ``setting`` before it."""
        new = dict(setting)
        for key, value in self.setting.items():
            new[key] = value(setting[key]) if callable(value) else value
        return new


#: The keys that choose the next option of a focused drop-down (see :class:`Move`).
NEXT_OPTION = ("Space", "ArrowDown", "Enter")


@dataclass(frozen=True)
class ExplorerSpec:
    module: int
    function: str  #: the ``ai_product_metrics.widgets`` function
    css: str  #: CSS class of the explorer's box
    code: str  #: notebook cell that builds it; its last line shows it
    #: its setting on a fresh folder (no decisions.json), or a function that computes it
    start: dict[str, Any] | Callable[[], dict[str, Any]]
    moves: tuple[Move, ...]
    readout: Callable[[dict[str, Any]], str]  #: read-out text of a setting, computed here
    #: the control the latency benchmark steps, and the keys that walk it back and forth
    bench_control: str = ""
    bench_keys: tuple[str, str] = ("ArrowRight", "ArrowLeft")
    #: moves made before the benchmark steps (untimed), e.g. to choose a drift that moves
    bench_setup: tuple[Move, ...] = ()
    controls: tuple[str, ...] = field(default=())  #: every control's CSS class, in Tab order

    @property
    def name(self) -> str:
        return f"m{self.module}-{self.function}"

    def initial(self) -> dict[str, Any]:
        """The setting the explorer starts at (a copy)."""
        return dict(self.start() if callable(self.start) else self.start)


SETUP = """\
import ai_product_metrics as apm

SEED = apm.learner_seed()
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")"""


def _seed() -> int:
    import ai_product_metrics as apm

    return apm.learner_seed()


# --------------------------------------------------------------------------------------------
# module 1
# --------------------------------------------------------------------------------------------

#: The weekly table of module 1 (the learner's first checkpoint, so not in the package);
#: the notebook cell and this process run the same code.
M1_WEEKLY = """\
def m1_weekly_table(log):
    import numpy as np
    import pandas as pd

    rows = {}
    for week, days in log.groupby("week"):
        shown = days["summaries_shown"].to_numpy(dtype=float)
        rows[int(week)] = {
            "ctr": days["summary_clicks"].sum() / shown.sum(),
            "time_on_summary_s": np.average(days["time_on_summary_s"], weights=shown),
            "dau": days["dau"].mean(),
            "hallucination_rate": days["hallucinated"].sum() / days["audited"].sum(),
            "task_completion_rate": days["tasks_completed"].sum() / days["tasks_started"].sum(),
        }
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()"""


@functools.cache
def _m1_weekly() -> Any:
    from ai_product_metrics.datasets import make_summary_feature_log

    space: dict[str, Any] = {}
    exec(M1_WEEKLY, space)
    return space["m1_weekly_table"](make_summary_feature_log(random_state=_seed()))


def _m1_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import engagement_vs_quality

    return engagement_vs_quality(_m1_weekly(), engagement=setting["engagement"],
                                 quality=setting["quality"], week=setting["week"])["text"]


M1 = ExplorerSpec(
    module=1, function="engagement_explorer", css="aipm-m1-explorer",
    code=M1_WEEKLY + """

m1_weekly = m1_weekly_table(apm.datasets.make_summary_feature_log(random_state=SEED))
m1_explorer = apm.widgets.engagement_explorer(m1_weekly)
m1_explorer""",
    start={"engagement": "ctr", "quality": "hallucination_rate", "week": 12},
    moves=(
        Move("aipm-m1-week", ("ArrowLeft",), {"week": 11}, "11"),
        Move("aipm-m1-week", ("ArrowLeft",), {"week": 10}, "10"),
        Move("aipm-m1-quality", NEXT_OPTION, {"quality": "task_completion_rate"},
             "task completion rate"),
        Move("aipm-m1-engagement", NEXT_OPTION, {"engagement": "time_on_summary_s"},
             "time on summary (s)"),
        Move("aipm-m1-week", ("ArrowRight",), {"week": 11}, "11"),
    ),
    readout=_m1_readout,
    bench_control="aipm-m1-week", bench_keys=("ArrowLeft", "ArrowRight"),
    controls=("aipm-m1-engagement", "aipm-m1-quality", "aipm-m1-week"),
)


# --------------------------------------------------------------------------------------------
# module 2: the spam filter's threshold explorer
# --------------------------------------------------------------------------------------------


@functools.cache
def _m2_data() -> Any:
    from ai_product_metrics.datasets import classification, make_spam_emails
    from ai_product_metrics.widgets import precompute_curves

    spam = make_spam_emails(random_state=_seed())
    costs = classification.SPAM_COSTS
    y, s = spam["is_spam"].to_numpy(), spam["spam_score"].to_numpy()
    return y, s, costs, precompute_curves(y, s, fp_cost=costs["fp"], fn_cost=costs["fn"])


def _m2_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import threshold_report

    y, s, costs, curves = _m2_data()
    return threshold_report(y, s, setting["threshold"], fp_cost=costs["fp"],
                            fn_cost=costs["fn"], curves=curves)["text"]


M2 = ExplorerSpec(
    module=2, function="threshold_explorer", css="aipm-m2-explorer",
    code="""\
from ai_product_metrics.datasets import classification as scenarios

spam = apm.datasets.make_spam_emails(random_state=SEED)
m2_explorer = apm.widgets.threshold_explorer(
    spam["is_spam"], spam["spam_score"], fp_cost=scenarios.SPAM_COSTS["fp"],
    fn_cost=scenarios.SPAM_COSTS["fn"], decision_key="m2_spam_threshold", title="Spam filter")
m2_explorer""",
    start={"threshold": 0.50},
    moves=(
        Move("aipm-m2-threshold", ("ArrowRight",), {"threshold": 0.51}, "0.51"),
        Move("aipm-m2-threshold", ("ArrowRight",), {"threshold": 0.52}, "0.52"),
        Move("aipm-m2-threshold", ("ArrowLeft",), {"threshold": 0.51}, "0.51"),
    ),
    readout=_m2_readout,
    bench_control="aipm-m2-threshold",
    controls=("aipm-m2-threshold", "aipm-m2-fp-cost", "aipm-m2-fn-cost"),
)


# --------------------------------------------------------------------------------------------
# module 3
# --------------------------------------------------------------------------------------------


@functools.cache
def _m3_log() -> Any:
    from ai_product_metrics.datasets import make_production_log

    return make_production_log(random_state=_seed())


def _m3_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import drift_scenario

    return drift_scenario(_m3_log(), setting["kind"], setting["magnitude"]).text


M3 = ExplorerSpec(
    module=3, function="drift_explorer", css="aipm-m3-explorer",
    code="""\
m3_log = apm.datasets.make_production_log(random_state=SEED)
m3_explorer = apm.widgets.drift_explorer(m3_log, decision_key="m3_drift_setting")
m3_explorer""",
    start={"kind": "none", "magnitude": 0.0},
    moves=(
        # "none" injects nothing at any magnitude: choose a drift first
        Move("aipm-m3-kind", NEXT_OPTION, {"kind": "covariate: distance"},
             "covariate: distance"),
        Move("aipm-m3-magnitude", ("ArrowRight",), {"magnitude": 0.05}, "5%"),
        Move("aipm-m3-magnitude", ("ArrowRight",), {"magnitude": 0.10}, "10%"),
        Move("aipm-m3-magnitude", ("ArrowLeft",), {"magnitude": 0.05}, "5%"),
    ),
    readout=_m3_readout,
    bench_control="aipm-m3-magnitude",
    bench_setup=(Move("aipm-m3-kind", NEXT_OPTION, {"kind": "covariate: distance"},
                      "covariate: distance"),),
    controls=("aipm-m3-kind", "aipm-m3-magnitude"),
)


# --------------------------------------------------------------------------------------------
# module 4
# --------------------------------------------------------------------------------------------


@functools.cache
def _m4_drafts() -> Any:
    from ai_product_metrics.datasets import assistant, make_assistant_interactions

    drafts = make_assistant_interactions(random_state=_seed())
    relied = drafts["outcome"].isin(["accepted", "edited"]).to_numpy()
    return (drafts["confidence"].to_numpy(), drafts["draft_correct"].to_numpy(), relied,
            assistant.WRONG_REPLY_COST, assistant.HIDDEN_DRAFT_COST)


def _m4_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import confidence_threshold_report

    confidence, correct, relied, wrong, hidden = _m4_drafts()
    return confidence_threshold_report(confidence, correct, relied, setting["threshold"],
                                       wrong_reply_cost=wrong, hidden_draft_cost=hidden)["text"]


M4 = ExplorerSpec(
    module=4, function="confidence_threshold_explorer", css="aipm-m4-explorer",
    code="""\
drafts = apm.datasets.make_assistant_interactions(random_state=SEED)
m4_explorer = apm.widgets.confidence_threshold_explorer(
    drafts, decision_key="m4_confidence_threshold")
m4_explorer""",
    start={"threshold": 0.0},
    moves=(
        Move("aipm-m4-threshold", ("ArrowRight",), {"threshold": 0.01}, "0.01"),
        Move("aipm-m4-threshold", ("ArrowRight",), {"threshold": 0.02}, "0.02"),
        Move("aipm-m4-threshold", ("ArrowLeft",), {"threshold": 0.01}, "0.01"),
    ),
    readout=_m4_readout,
    bench_control="aipm-m4-threshold",
    controls=("aipm-m4-threshold",),
)


# --------------------------------------------------------------------------------------------
# module 5
# --------------------------------------------------------------------------------------------

M5_SCENARIOS = ("recommender", "support_chatbot")


@functools.cache
def _m5_frames() -> dict[str, Any]:
    from ai_product_metrics.datasets.goodhart import GOODHART_SCENARIOS

    return {name: GOODHART_SCENARIOS[name].simulate(random_state=_seed())
            for name in M5_SCENARIOS}


def _m5_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import goodhart_report

    name = setting["scenario"]
    return goodhart_report(_m5_frames()[name], name, setting["pressure"])["text"]


def _m5_title(name: str) -> str:
    from ai_product_metrics.datasets.goodhart import GOODHART_SCENARIOS

    return GOODHART_SCENARIOS[name].title


M5 = ExplorerSpec(
    module=5, function="goodhart_explorer", css="aipm-m5-explorer",
    code=f"""\
from ai_product_metrics.datasets import goodhart

m5_runs = {{name: goodhart.GOODHART_SCENARIOS[name].simulate(random_state=SEED)
           for name in {M5_SCENARIOS!r}}}
m5_explorer = apm.widgets.goodhart_explorer(m5_runs, decision_key="m5_pressure")
m5_explorer""",
    start={"scenario": "recommender", "pressure": 0.0},
    moves=(
        Move("aipm-m5-pressure", ("ArrowRight",), {"pressure": 0.05}, "0.05"),
        Move("aipm-m5-pressure", ("ArrowRight",), {"pressure": 0.10}, "0.10"),
        Move("aipm-m5-scenario", NEXT_OPTION, {"scenario": "support_chatbot"},
             "@title:support_chatbot"),
        Move("aipm-m5-pressure", ("ArrowLeft",), {"pressure": 0.05}, "0.05"),
    ),
    readout=_m5_readout,
    bench_control="aipm-m5-pressure",
    controls=("aipm-m5-scenario", "aipm-m5-pressure"),
)


# --------------------------------------------------------------------------------------------
# module 6: the capstone's framework explorer
# --------------------------------------------------------------------------------------------


@functools.cache
def _m6_data() -> tuple[Any, Any]:
    from ai_product_metrics.datasets import capstone

    scenario = capstone.scenario_for_seed(_seed())
    return scenario, capstone.make_scenario_table(scenario, random_state=_seed())


def _m6_start() -> dict[str, Any]:
    from ai_product_metrics.widgets.capstone import FRAMEWORK_GRID

    scenario, _ = _m6_data()
    deployed = min(max(round(float(scenario.deployed_threshold), 2), float(FRAMEWORK_GRID[0])),
                   float(FRAMEWORK_GRID[-1]))
    return {"primary": "precision", "threshold": deployed,
            "floor": round(float(scenario.answer_key.guardrail_floor), 2)}


def _m6_readout(setting: dict[str, Any]) -> str:
    from ai_product_metrics.widgets import framework_report

    scenario, table = _m6_data()
    return framework_report(table, scenario, setting["threshold"], primary=setting["primary"],
                            floor=setting["floor"])["text"]


def _step(delta: float) -> Callable[[float], float]:
    return lambda value: round(value + delta, 2)


M6 = ExplorerSpec(
    module=6, function="framework_explorer", css="aipm-m6-explorer",
    code="""\
from ai_product_metrics.datasets import capstone

m6_scenario = capstone.scenario_for_seed(SEED)
m6_table = capstone.make_scenario_table(m6_scenario, random_state=SEED)
m6_explorer = apm.widgets.framework_explorer(m6_table, m6_scenario)
m6_explorer""",
    start=_m6_start,
    moves=(  # every scenario's deployed threshold lies strictly inside 0.05-0.95
        Move("aipm-m6-threshold", ("ArrowRight",), {"threshold": _step(0.01)},
             lambda s: f"{s['threshold']:.2f}"),
        Move("aipm-m6-threshold", ("ArrowLeft",), {"threshold": _step(-0.01)},
             lambda s: f"{s['threshold']:.2f}"),
        Move("aipm-m6-floor", ("ArrowRight",), {"floor": _step(0.01)},
             lambda s: f"{round(100 * s['floor'])}%"),
        Move("aipm-m6-primary", NEXT_OPTION, {"primary": "recall"},
             "Recall: the AI catches the cases that matter"),
    ),
    readout=_m6_readout,
    bench_control="aipm-m6-threshold",
    controls=("aipm-m6-primary", "aipm-m6-threshold", "aipm-m6-floor"),
)


def shown_text(move: Move, setting: dict[str, Any]) -> str:
    """What the control must show after ``move`` made ``setting`` (``@title:NAME``: a
    module-5 scenario's title)."""
    if callable(move.shown):
        return move.shown(setting)
    if move.shown.startswith("@title:"):
        return _m5_title(move.shown.removeprefix("@title:"))
    return move.shown


#: One entry per module's main explorer.
EXPLORERS: tuple[ExplorerSpec, ...] = (M1, M2, M3, M4, M5, M6)


def notebook(specs: tuple[ExplorerSpec, ...] = EXPLORERS) -> nbformat.NotebookNode:
    """A small notebook: the setup cell, then one heading and one cell per explorer."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [new_markdown_cell("# The course's explorers (browser test)"), new_code_cell(SETUP)]
    for spec in specs:
        cells.append(new_markdown_cell(f"## Module {spec.module}: `{spec.function}`"))
        cells.append(new_code_cell(textwrap.dedent(spec.code)))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    return nb
