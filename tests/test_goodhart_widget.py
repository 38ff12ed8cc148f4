"""The Module 5 optimisation-pressure explorer: its pure compute, the widget, persisted setting.

Oracles: every number of the report is looked up here in the frame with pandas (the row by
its ``pressure``, the launch by ``step == 0``), the guardrail and the crossing step are
recomputed from the registry's limit and direction with a plain loop, and the read-out is
checked against numbers formatted here. The widget is built in-process (never displayed): the
figure is checked by recording the calls to ``render_figure`` (see ``test_threshold_widget.py``).
"""

from __future__ import annotations

import dataclasses
import html
import json
import re

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest

from ai_product_metrics.datasets import DEFAULT_SEED
from ai_product_metrics.datasets.goodhart import (
    GOODHART_SCENARIOS,
    _crossing_step,
    _ship_step,
    simulate_agent_assist,
    simulate_draft_acceptance,
    simulate_recommender,
    simulate_support_chatbot,
)
from ai_product_metrics.widgets import PALETTE, goodhart_explorer, goodhart_report
from ai_product_metrics.widgets import goodhart as goodhart_module
from ai_product_metrics.widgets._slider import SelectionSlider

from .widget_helpers import (
    assert_same_picture,
    assert_updates_use_one_blas_thread,
    by_class,
    drawn_in_full,
    png_pixels,
    record_renders,
    saved,
    walk,
)

matplotlib.use("Agg")

KEY = "m5_pressure"
OTHER_SEED = 7
GRID = [round(0.05 * k, 2) for k in range(21)]
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}
REPORT_KEYS = [
    "scenario", "step", "pressure", "primary_metric", "primary", "primary_change",
    "counter_metric", "counter", "counter_change", "counter_limit", "counter_direction",
    "guardrail_holds", "outcome_metric", "outcome", "outcome_change", "outcome_best",
    "crossing_step", "text",
]
SIMULATE = {"recommender": simulate_recommender, "support_chatbot": simulate_support_chatbot,
            "agent_assist": simulate_agent_assist, "draft_acceptance": simulate_draft_acceptance}
#: The doctest's four steps: returns cross the 12 % ceiling at step 2.
TINY = pd.DataFrame({
    "step": [0, 1, 2, 3], "pressure": [0.0, 0.25, 0.5, 0.75],
    "ctr": [0.030, 0.036, 0.043, 0.049], "return_rate": [0.07, 0.10, 0.125, 0.14],
    "net_revenue_per_1000_impressions": [60.0, 64.5, 63.0, 58.2]})


# --------------------------------------------------------------------------------------------
# fixtures and oracles
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs():
    """All four scenarios at two seeds: {(name, seed): frame}."""
    return {(name, seed): make(random_state=seed) for name, make in SIMULATE.items()
            for seed in (DEFAULT_SEED, OTHER_SEED)}


@pytest.fixture(scope="module")
def frames(runs):
    """What the notebook gives the explorer: the recommender and the chatbot."""
    return {name: runs[(name, DEFAULT_SEED)] for name in ("recommender", "support_chatbot")}


def independent_crossing(frame: pd.DataFrame, name: str) -> int | None:
    s = GOODHART_SCENARIOS[name]
    for step, value in zip(frame["step"], frame[s.counter], strict=True):
        broken = value > s.counter_limit if s.counter_direction == "max" else \
            value < s.counter_limit
        if broken:
            return int(step)
    return None


def oracle(frame: pd.DataFrame, name: str, pressure: float) -> dict:
    """What the report must say, by pandas lookups in the frame."""
    s = GOODHART_SCENARIOS[name]
    row = frame.loc[(frame["pressure"] - pressure).abs() < 1e-9]
    assert len(row) == 1
    row = row.iloc[0]
    launch = frame.loc[frame["step"] == 0].iloc[0]
    counter = float(row[s.counter])
    holds = counter <= s.counter_limit if s.counter_direction == "max" else \
        counter >= s.counter_limit
    best = frame[s.outcome].max() if s.outcome_direction == "max" else frame[s.outcome].min()
    return {
        "scenario": name, "step": int(row["step"]), "pressure": float(row["pressure"]),
        "primary_metric": s.primary, "primary": float(row[s.primary]),
        "primary_change": float(row[s.primary] - launch[s.primary]),
        "counter_metric": s.counter, "counter": counter,
        "counter_change": float(counter - launch[s.counter]),
        "counter_limit": s.counter_limit, "counter_direction": s.counter_direction,
        "guardrail_holds": bool(holds), "outcome_metric": s.outcome,
        "outcome": float(row[s.outcome]), "outcome_change": float(row[s.outcome]
                                                                  - launch[s.outcome]),
        "outcome_best": float(best), "crossing_step": independent_crossing(frame, name),
    }


def pct(value: float) -> str:
    return f"{100 * value:.2f} %"


def points(change: float) -> str:
    return f"{round(100 * change, 2) or 0.0:+.2f} points"


def html_of(text: str) -> str:
    return f'<p role="status" aria-live="polite">{html.escape(text, quote=False)}</p>'


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, goodhart_module)


def controls(explorer):
    return (by_class(explorer, "aipm-m5-scenario"), by_class(explorer, "aipm-m5-pressure"),
            by_class(explorer, "aipm-readout"))



# --------------------------------------------------------------------------------------------
# 1. goodhart_report, the pure compute
# --------------------------------------------------------------------------------------------


def test_report_keys_and_types(frames):
    out = goodhart_report(frames["recommender"], "recommender", 0.55)
    assert list(out) == REPORT_KEYS
    assert type(out["step"]) is int and type(out["guardrail_holds"]) is bool
    for key in ("pressure", "primary", "primary_change", "counter", "counter_change",
                "counter_limit", "outcome", "outcome_change", "outcome_best"):
        assert type(out[key]) is float, key
    assert type(out["crossing_step"]) is int and type(out["text"]) is str


@pytest.mark.parametrize("name", list(SIMULATE))
@pytest.mark.parametrize("seed", [DEFAULT_SEED, OTHER_SEED])
def test_report_matches_pandas_lookups_of_the_frame(runs, name, seed):
    frame = runs[(name, seed)]
    crossing = independent_crossing(frame, name)
    assert crossing is not None  # every world crosses its guardrail strictly inside
    at_crossing = float(frame.loc[frame["step"] == crossing, "pressure"].iloc[0])
    for p in (0.0, 0.05, 0.3, at_crossing, 0.55, 0.95, 1.0, 0.1 + 0.2):
        out = goodhart_report(frame, name, p)
        expected = oracle(frame, name, round(p, 2))
        for key, value in expected.items():
            assert out[key] == pytest.approx(value, abs=1e-12), (name, p, key)
    # the scenario object itself is accepted too
    assert goodhart_report(frame, GOODHART_SCENARIOS[name], 0.4) == \
        goodhart_report(frame, name, 0.4)


@pytest.mark.parametrize("name", list(SIMULATE))
def test_crossing_step_and_guardrail_against_an_independent_loop(runs, name):
    frame = runs[(name, OTHER_SEED)]
    crossing = independent_crossing(frame, name)
    assert crossing == _crossing_step(frame, name)  # the dataset's own function agrees
    s = GOODHART_SCENARIOS[name]
    for step, p, counter in zip(frame["step"], frame["pressure"], frame[s.counter],
                                strict=True):
        out = goodhart_report(frame, name, float(p))
        assert out["crossing_step"] == crossing
        assert out["guardrail_holds"] == (counter <= s.counter_limit)
        if step < crossing:
            assert out["guardrail_holds"]
        if step == crossing:
            assert not out["guardrail_holds"]


def test_closed_form_tiny_case():
    out = goodhart_report(TINY, "recommender", 0.5)
    assert (out["step"], out["pressure"], out["primary"], out["counter"]) == (2, 0.5, 0.043,
                                                                              0.125)
    assert out["primary_change"] == pytest.approx(0.013)
    assert out["counter_change"] == pytest.approx(0.055)
    assert (out["outcome"], out["outcome_change"], out["outcome_best"]) == (63.0, 3.0, 64.5)
    assert (out["guardrail_holds"], out["crossing_step"]) == (False, 2)
    assert (out["counter_limit"], out["counter_direction"]) == (0.12, "max")
    assert out["text"] == (
        "At pressure 0.50 (step 2 of 3), the click-through rate is 4.30 % (+1.30 points since "
        "launch). The return rate is 12.50 % (+5.50 points since launch): above its 12 % "
        "ceiling, so the guardrail is broken (first broken at step 2). Net revenue per 1,000 "
        "impressions is 63.00 EUR (+3.00 EUR since launch), 1.50 EUR below its highest of "
        "64.50 EUR over the 4 steps.")
    launch = goodhart_report(TINY, "recommender", 0.0)
    assert launch["text"] == (
        "At pressure 0.00 (step 0, the launch), the click-through rate is 3.00 %. The return "
        "rate is 7.00 %: within its 12 % ceiling, so the guardrail holds. Net revenue per "
        "1,000 impressions is 60.00 EUR, 4.50 EUR below its highest of 64.50 EUR over the 4 "
        "steps.")
    assert (launch["primary_change"], launch["counter_change"], launch["outcome_change"]) == \
        (0.0, 0.0, 0.0)
    top = goodhart_report(TINY, "recommender", 0.25)
    assert top["guardrail_holds"] and top["text"].endswith(
        "is 64.50 EUR (+4.50 EUR since launch), its highest over the 4 steps.")


def test_a_counter_on_its_limit_holds_and_a_return_below_it_holds_again():
    frame = TINY.assign(return_rate=[0.07, 0.12, 0.13, 0.11])
    on_limit = goodhart_report(frame, "recommender", 0.25)
    assert on_limit["guardrail_holds"] and on_limit["crossing_step"] == 2
    assert "within its 12 % ceiling, so the guardrail holds." in on_limit["text"]
    assert "step 2" not in on_limit["text"]  # the crossing lies ahead: not told
    again = goodhart_report(frame, "recommender", 0.75)
    assert again["guardrail_holds"]
    assert "the guardrail holds again (first broken at step 2)" in again["text"]
    never = goodhart_report(TINY.assign(return_rate=0.05), "recommender", 0.75)
    assert never["crossing_step"] is None and never["guardrail_holds"]


def test_a_floor_guardrail_and_a_lower_is_better_outcome():
    floor = dataclasses.replace(GOODHART_SCENARIOS["recommender"], counter_direction="min",
                                counter_limit=0.10, outcome_direction="min")
    frame = TINY.assign(return_rate=[0.14, 0.10, 0.09, 0.12])
    out = goodhart_report(frame, floor, 0.5)
    assert (out["guardrail_holds"], out["crossing_step"], out["counter_direction"]) == \
        (False, 2, "min")
    assert out["outcome_best"] == 58.2
    assert "below its 10 % floor, so the guardrail is broken (first broken at step 2)" in \
        out["text"]
    assert "4.80 EUR above its lowest of 58.20 EUR over the 4 steps" in out["text"]
    assert goodhart_report(frame, floor, 0.25)["guardrail_holds"]  # on the floor: holds


def test_lower_is_better_primary_reads_as_a_fall(runs):
    frame = runs[("agent_assist", DEFAULT_SEED)]
    out = goodhart_report(frame, "agent_assist", 0.8)
    expected = oracle(frame, "agent_assist", 0.8)
    assert out["primary_change"] < 0
    assert (f"the average handle time is {expected['primary']:.1f} s "
            f"({expected['primary_change']:+.1f} s since launch)") in out["text"]
    assert f"The agent override rate is {pct(expected['counter'])}" in out["text"]


@pytest.mark.parametrize("name", list(SIMULATE))
def test_text_states_the_reports_numbers(runs, name):
    frame = runs[(name, DEFAULT_SEED)]
    s = GOODHART_SCENARIOS[name]
    for p in (0.15, 0.5, 0.65, 1.0):
        out = goodhart_report(frame, name, p)
        text = out["text"]
        assert text.startswith(f"At pressure {p:.2f} (step {out['step']} of 20), ")
        assert f"{pct(out['counter'])} ({points(out['counter_change'])} since launch)" in text
        assert f"{100 * s.counter_limit:g} % ceiling" in text
        assert ("the guardrail holds" in text) == out["guardrail_holds"]
        assert ("the guardrail is broken" in text) == (not out["guardrail_holds"])
        if name != "agent_assist":
            assert f"{pct(out['primary'])} ({points(out['primary_change'])} since launch)" \
                in text
        if s.outcome_unit.startswith("share"):
            assert f"{pct(out['outcome'])} ({points(out['outcome_change'])} since launch)" \
                in text
            gap = out["outcome_best"] - out["outcome"]
            if gap > 0:
                assert (f"{100 * gap:.2f} points below its highest of "
                        f"{pct(out['outcome_best'])}") in text
        assert "nan" not in text.lower() and "-0.0" not in text and "\n" not in text


@pytest.mark.parametrize("name", list(SIMULATE))
@pytest.mark.parametrize("seed", [DEFAULT_SEED, OTHER_SEED])
def test_text_never_names_the_ship_step_or_the_best_outcome_step(runs, name, seed):
    """The only steps named are the current one and, from the crossing on, the crossing."""
    frame = runs[(name, seed)]
    s = GOODHART_SCENARIOS[name]
    ship = _ship_step(frame, name)
    best = int(frame.loc[frame[s.outcome].idxmax(), "step"])
    crossing = independent_crossing(frame, name)
    assert ship != crossing
    named_crossing = 0
    for step, p in zip(frame["step"], frame["pressure"], strict=True):
        text = goodhart_report(frame, name, float(p))["text"]
        named = {int(n) for n in re.findall(r"\bstep (\d+)", text)}
        allowed = {int(step)} | ({crossing} if step >= crossing else set())
        assert named <= allowed, (step, text)
        named_crossing += crossing in named and step != crossing
        for word in ("ship", "optim", "peak", "best"):
            assert word not in text.lower(), (word, text)
        assert f"pressure {frame['pressure'][frame['step'] == best].iloc[0]:.2f}" not in text \
            or step == best
    assert named_crossing == len(frame) - 1 - crossing  # told on every step after it


@pytest.mark.parametrize("pressure, message", [
    (0.52, r"pressure must be one of the frame's pressures \(0.00, 0.25, 0.50, 0.75\), "
           "got 0.52"),
    (1.0, "pressure must be one of the frame's pressures"),
    (-0.25, "pressure must be one of the frame's pressures"),
    (np.nan, "pressure must be a finite number"),
    (np.inf, "pressure must be a finite number"),
    ("0.5", "pressure must be a finite number"),
    (True, "pressure must be a finite number"),
    (None, "pressure must be a finite number"),
    ([0.5], "pressure must be a finite number"),
])
def test_bad_pressure_is_a_clear_value_error(pressure, message):
    with pytest.raises(ValueError, match=message):
        goodhart_report(TINY, "recommender", pressure)


def test_numpy_and_integer_pressures_are_numbers():
    assert goodhart_report(TINY, "recommender", np.float64(0.25))["step"] == 1
    assert goodhart_report(TINY, "recommender", 0)["step"] == 0
    assert goodhart_report(TINY, "recommender", 0.5 + 1e-12)["step"] == 2


def test_a_long_grid_is_abbreviated_in_the_message(frames):
    with pytest.raises(ValueError, match=r"\(0.00, 0.05, \.\.\., 1.00\), got 0.42"):
        goodhart_report(frames["recommender"], "recommender", 0.42)


@pytest.mark.parametrize("frame, scenario, message", [
    (TINY, "feedback_loop", "scenario must be a GoodhartScenario or one of"),
    (TINY, None, "scenario must be a GoodhartScenario or one of"),
    (TINY.to_dict(), "recommender", "frame must be a pandas DataFrame"),
    (TINY.drop(columns="return_rate"), "recommender",
     r"frame lacks the columns \['return_rate'\] of the 'recommender' scenario"),
    (TINY.drop(columns="pressure"), "recommender", r"frame lacks the columns \['pressure'\]"),
    (TINY, "support_chatbot", "frame lacks the columns"),
    (TINY.iloc[:0], "recommender", "frame is empty"),
    (TINY.assign(ctr=["a", "b", "c", "d"]), "recommender", "ctr must hold numbers"),
    (TINY.assign(ctr=True), "recommender", "ctr must hold numbers"),
    (TINY.assign(return_rate=[0.07, np.nan, 0.1, 0.1]), "recommender",
     "return_rate must be finite"),
    (TINY.assign(net_revenue_per_1000_impressions=np.inf), "recommender",
     "net_revenue_per_1000_impressions must be finite"),
    (TINY.iloc[1:], "recommender", "starting at 0"),
    (TINY.iloc[::-1], "recommender", "step must hold whole numbers in increasing order"),
    (TINY.assign(step=[0, 1, 1, 2]), "recommender", "step must hold whole numbers"),
    (TINY.assign(step=[0, 0.5, 1, 2]), "recommender", "step must hold whole numbers"),
    (TINY.assign(pressure=[0.0, 0.5, 0.5, 0.75]), "recommender",
     "pressure must increase from one step to the next"),
])
def test_bad_frame_or_scenario_is_a_clear_value_error(frame, scenario, message):
    with pytest.raises(ValueError, match=message):
        goodhart_report(frame, scenario, 0.5)


# --------------------------------------------------------------------------------------------
# 2. the widget
# --------------------------------------------------------------------------------------------


def test_explorer_has_labelled_keyboard_controls_and_a_readout(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    assert isinstance(explorer, widgets.VBox)
    assert "aipm-m5-explorer" in explorer._dom_classes
    scenario, pressure, readout = controls(explorer)
    assert isinstance(scenario, widgets.Dropdown)  # keyboard: Tab, then arrow keys
    assert scenario.description == "Scenario"
    assert list(scenario.options) == [(GOODHART_SCENARIOS[name].title, name)
                                      for name in ("recommender", "support_chatbot")]
    assert isinstance(pressure, SelectionSlider)  # keyboard: Tab, then arrow keys
    assert pressure.description == "Optimisation pressure"
    assert list(pressure.options) == [(f"{p:.2f}", p) for p in GRID]
    assert list(pressure._options_labels) == [f"{p:.2f}" for p in GRID]  # the read-out
    assert pressure.readout == f"{GRID[pressure.index]:.2f}"
    assert pressure.continuous_update is False
    for control in (scenario, pressure):
        assert not control.disabled and control.layout.display != "none"
    assert isinstance(readout, widgets.HTML)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value
    (plot,) = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert any(isinstance(w, widgets.HBox) and plot in w.children and readout in w.children
               for w in walk(explorer))


def test_explorer_starts_on_the_first_scenario_at_launch(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    scenario, pressure, readout = controls(explorer)
    assert explorer.value == {"scenario": "recommender", "pressure": 0.0}
    assert (scenario.value, pressure.value) == ("recommender", 0.0)
    assert readout.value == html_of(goodhart_report(frames["recommender"], "recommender",
                                                    0.0)["text"])
    reordered = goodhart_explorer({"support_chatbot": frames["support_chatbot"],
                                   "recommender": frames["recommender"]})
    assert reordered.value == {"scenario": "support_chatbot", "pressure": 0.0}


def test_updates_run_on_one_blas_thread(in_tmp, frames, renders, monkeypatch):
    assert_updates_use_one_blas_thread(
        monkeypatch, goodhart_module, lambda: goodhart_explorer(frames),
        lambda explorer: setattr(controls(explorer)[1], "value", 0.55))


def test_moving_the_controls_updates_the_readout_and_the_value(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    scenario, pressure, readout = controls(explorer)
    before = readout.value
    pressure.value = 0.55
    assert explorer.value == {"scenario": "recommender", "pressure": 0.55}
    assert isinstance(explorer.value["pressure"], float)
    assert readout.value != before
    out = goodhart_report(frames["recommender"], "recommender", 0.55)
    expected = oracle(frames["recommender"], "recommender", 0.55)
    assert readout.value == html_of(out["text"])
    assert f"(step {expected['step']} of 20)" in readout.value
    assert f"the click-through rate is {pct(expected['primary'])}" in readout.value
    assert f"The return rate is {pct(expected['counter'])}" in readout.value
    assert f"is {expected['outcome']:.2f} EUR" in readout.value
    before = readout.value
    scenario.value = "support_chatbot"  # the pressure is kept
    assert explorer.value == {"scenario": "support_chatbot", "pressure": 0.55}
    assert readout.value != before
    chatbot = oracle(frames["support_chatbot"], "support_chatbot", 0.55)
    assert readout.value == html_of(goodhart_report(frames["support_chatbot"],
                                                    "support_chatbot", 0.55)["text"])
    assert f"true resolution is {pct(chatbot['outcome'])}" in readout.value.lower()
    pressure.value = 0.2
    assert readout.value == html_of(goodhart_report(frames["support_chatbot"],
                                                    "support_chatbot", 0.2)["text"])


def test_a_scenario_with_another_grid_moves_to_its_nearest_pressure(in_tmp, frames, renders):
    coarse = simulate_support_chatbot(random_state=DEFAULT_SEED, n_steps=15)
    explorer = goodhart_explorer({"recommender": frames["recommender"],
                                  "support_chatbot": coarse})
    scenario, pressure, readout = controls(explorer)
    pressure.value = 0.55
    n = len(renders)
    scenario.value = "support_chatbot"
    assert len(renders) == n + 1  # one update, not one per option change
    assert [value for _, value in pressure.options] == coarse["pressure"].tolist()
    nearest = float(coarse["pressure"][coarse["step"] == 8].iloc[0])  # 8 / 15 = 0.533
    assert nearest == pytest.approx(8 / 15, abs=1e-4)
    assert explorer.value == {"scenario": "support_chatbot", "pressure": nearest}
    assert saved(in_tmp) == {KEY: {"scenario": "support_chatbot", "pressure": nearest}}
    assert readout.value == html_of(goodhart_report(coarse, "support_chatbot", nearest)["text"])
    scenario.value = "recommender"
    assert explorer.value == {"scenario": "recommender", "pressure": 0.55}


@pytest.mark.parametrize("frames_given, message", [
    ([1, 2], "frames must be a dict mapping scenario names"),
    ({}, "frames is empty"),
    ({"feedback_loop": TINY}, r"frames holds unknown scenarios \['feedback_loop'\]"),
    ({"recommender": TINY.drop(columns="ctr")}, r"frame lacks the columns \['ctr'\]"),
    ({"recommender": "a frame"}, "frame must be a pandas DataFrame"),
])
def test_explorer_refuses_bad_frames(in_tmp, renders, frames_given, message):
    with pytest.raises(ValueError, match=message):
        goodhart_explorer(frames_given)
    assert not (in_tmp / "decisions.json").exists() and renders == []


@pytest.mark.parametrize("key", ["", 3, None])
def test_explorer_refuses_a_bad_decision_key(in_tmp, frames, renders, key):
    with pytest.raises(ValueError, match="decision_key must be a non-empty string"):
        goodhart_explorer(frames, decision_key=key)


def test_any_single_scenario_is_accepted(in_tmp, runs, renders):
    explorer = goodhart_explorer({"agent_assist": runs[("agent_assist", OTHER_SEED)]})
    scenario, pressure, readout = controls(explorer)
    assert list(scenario.options) == [(GOODHART_SCENARIOS["agent_assist"].title,
                                       "agent_assist")]
    pressure.value = 0.9
    assert readout.value == html_of(goodhart_report(runs[("agent_assist", OTHER_SEED)],
                                                    "agent_assist", 0.9)["text"])


# --------------------------------------------------------------------------------------------
# 3. the persisted setting
# --------------------------------------------------------------------------------------------


def test_building_does_not_save_moving_saves_and_rebuilding_restores(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    assert not (in_tmp / "decisions.json").exists()
    scenario, pressure, _ = controls(explorer)
    pressure.value = 0.4
    assert saved(in_tmp) == {KEY: {"scenario": "recommender", "pressure": 0.4}}
    scenario.value = "support_chatbot"
    assert saved(in_tmp) == {KEY: {"scenario": "support_chatbot", "pressure": 0.4}}
    pressure.value = 0.65
    assert saved(in_tmp) == {KEY: {"scenario": "support_chatbot", "pressure": 0.65}}
    rebuilt = goodhart_explorer(frames)
    new_scenario, new_pressure, readout = controls(rebuilt)
    assert rebuilt.value == {"scenario": "support_chatbot", "pressure": 0.65}
    assert (new_scenario.value, new_pressure.value) == ("support_chatbot", 0.65)
    assert readout.value == html_of(goodhart_report(frames["support_chatbot"],
                                                    "support_chatbot", 0.65)["text"])
    assert saved(in_tmp) == {KEY: {"scenario": "support_chatbot", "pressure": 0.65}}


def test_other_decisions_and_keys_are_kept(in_tmp, frames, renders):
    (in_tmp / "decisions.json").write_text(json.dumps({"m4_confidence_threshold": 0.3}),
                                           encoding="utf-8")
    controls(goodhart_explorer(frames, decision_key="mine"))[1].value = 0.25
    assert saved(in_tmp) == {"m4_confidence_threshold": 0.3,
                             "mine": {"scenario": "recommender", "pressure": 0.25}}
    assert goodhart_explorer(frames).value == {"scenario": "recommender", "pressure": 0.0}


@pytest.mark.parametrize("stored, expected", [
    ({"scenario": "support_chatbot", "pressure": 0.35}, ("support_chatbot", 0.35)),
    ({"scenario": "recommender", "pressure": 1}, ("recommender", 1.0)),
    ({"scenario": "support_chatbot", "pressure": 0}, ("support_chatbot", 0.0)),
    ({"scenario": "recommender", "pressure": 0.30000000000000004}, ("recommender", 0.3)),
])
def test_stored_settings_are_used(in_tmp, frames, renders, stored, expected):
    (in_tmp / "decisions.json").write_text(json.dumps({KEY: stored}), encoding="utf-8")
    explorer = goodhart_explorer(frames)
    assert explorer.value == {"scenario": expected[0], "pressure": expected[1]}
    assert isinstance(explorer.value["pressure"], float)
    assert controls(explorer)[2].value == html_of(
        goodhart_report(frames[expected[0]], *expected)["text"])


@pytest.mark.parametrize("content", [
    "{not json",
    "",
    json.dumps([KEY, 0.3]),
    json.dumps({KEY: "support_chatbot"}),
    json.dumps({KEY: 0.3}),
    json.dumps({KEY: {"scenario": "chatbot", "pressure": 0.3}}),
    json.dumps({KEY: {"scenario": "agent_assist", "pressure": 0.3}}),
    json.dumps({KEY: {"scenario": ["support_chatbot"], "pressure": 0.3}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": 0.33}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": 1.05}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": -0.05}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": "0.3"}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": True}}),
    json.dumps({KEY: {"scenario": "support_chatbot", "pressure": None}}),
    json.dumps({KEY: {"scenario": "support_chatbot"}}),
    '{"m5_pressure": {"scenario": "support_chatbot", "pressure": NaN}}',
], ids=["invalid-json", "empty-file", "list", "string", "number", "unknown-scenario",
        "scenario-not-shown", "list-scenario", "off-grid", "above-one", "negative",
        "string-pressure", "bool-pressure", "null-pressure", "no-pressure", "nan"])
def test_unusable_stored_setting_falls_back_to_the_first_scenario_at_launch(
        in_tmp, frames, renders, content):
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = goodhart_explorer(frames)
    scenario, pressure, readout = controls(explorer)
    assert explorer.value == {"scenario": "recommender", "pressure": 0.0}
    assert readout.value == html_of(goodhart_report(frames["recommender"], "recommender",
                                                    0.0)["text"])
    pressure.value = 0.7
    assert saved(in_tmp)[KEY] == {"scenario": "recommender", "pressure": 0.7}


# --------------------------------------------------------------------------------------------
# 4. the figure
# --------------------------------------------------------------------------------------------


def panels(figure):
    """The three panels, by title: primary metric, counter-metric, business outcome."""
    primary, counter, outcome = figure.axes
    assert primary.get_title().startswith("Primary metric (optimised): ")
    assert counter.get_title().startswith("Counter-metric: ")
    assert outcome.get_title().startswith("Business outcome: ")
    return primary, counter, outcome


def series(ax):
    """The curve of a panel (not the current point, not the guardrail)."""
    (line,) = [line for line in ax.get_lines() if line.get_gid() not in ("current", "guardrail")
               and not line.get_label().startswith("_")]
    return line


def span(patch) -> tuple[float, float]:
    """Bottom and top of a horizontal span, in data coordinates."""
    return patch.get_y(), patch.get_y() + patch.get_height()


def test_three_panels_plot_the_frames_columns_against_the_pressure(in_tmp, frames, renders):
    goodhart_explorer(frames)
    (output, figure), = renders
    assert isinstance(output, widgets.Output)
    assert figure._suptitle.get_text() == GOODHART_SCENARIOS["recommender"].title
    frame, s = frames["recommender"], GOODHART_SCENARIOS["recommender"]
    assert figure.axes[-1].get_xlabel() == "optimisation pressure (0 = launch, 1 = hardest push)"
    for ax, column, label in zip(panels(figure), (s.primary, s.counter, s.outcome),
                                 ("click-through rate", "return rate",
                                  "net revenue per 1,000 impressions"), strict=True):
        line = series(ax)
        assert line.get_label() == label and ax.get_title().endswith(
            label + (", ceiling 12 %" if column == s.counter else ""))
        np.testing.assert_array_equal(line.get_xdata(), frame["pressure"])
        np.testing.assert_array_equal(line.get_ydata(), frame[column])
        assert ax.get_ylabel()
        low, high = ax.get_ylim()
        assert low < frame[column].min() and frame[column].max() < high


def test_counter_panel_draws_the_guardrail_and_hatches_beyond_it(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    controls(explorer)[0].value = "support_chatbot"
    counter = panels(renders[-1][1])[1]
    (guardrail,) = [line for line in counter.get_lines() if line.get_gid() == "guardrail"]
    assert list(guardrail.get_ydata()) == [0.20, 0.20]
    assert guardrail.get_linestyle() == "-" and guardrail.get_label() == "guardrail: ceiling 20 %"
    (beyond,) = [patch for patch in counter.patches if patch.get_gid() == "beyond"]
    assert beyond.get_hatch() == "//"
    assert span(beyond) == pytest.approx((0.20, counter.get_ylim()[1]))
    legend = [t.get_text() for t in counter.get_legend().get_texts()]
    assert "guardrail broken (hatched)" in legend and "guardrail: ceiling 20 %" in legend


def test_a_floor_is_hatched_below_it(in_tmp, monkeypatch, renders):
    floor = dataclasses.replace(GOODHART_SCENARIOS["recommender"], name="floor_test",
                                counter_direction="min", counter_limit=0.09)
    monkeypatch.setitem(GOODHART_SCENARIOS, "floor_test", floor)
    goodhart_explorer({"floor_test": TINY})
    counter = panels(renders[-1][1])[1]
    (beyond,) = [patch for patch in counter.patches if patch.get_gid() == "beyond"]
    assert beyond.get_hatch() == "//"
    assert span(beyond) == pytest.approx((counter.get_ylim()[0], 0.09))
    assert counter.get_title().endswith("floor 9 %")


def test_the_current_pressure_is_marked_on_every_panel_and_moves(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    figure = renders[-1][1]
    frame, s = frames["recommender"], GOODHART_SCENARIOS["recommender"]
    for p in (0.0, 0.45, 1.0):
        controls(explorer)[1].value = p
        assert renders[-1][1] is figure
        row = frame.loc[frame["pressure"] == p].iloc[0]
        for ax, column in zip(panels(figure), (s.primary, s.counter, s.outcome), strict=True):
            (point,) = [line for line in ax.get_lines() if line.get_gid() == "current"]
            assert point.get_xydata().tolist() == [[p, row[column]]]
            dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
            assert [list(line.get_xdata()) for line in dotted] == [[p, p]]
            legend = [t.get_text() for t in ax.get_legend().get_texts()]
            assert f"pressure {p:.2f}" in legend


def test_series_differ_by_line_style_and_marker_not_colour_alone(in_tmp, frames, renders):
    goodhart_explorer(frames)
    figure = renders[-1][1]
    curves = [series(ax) for ax in panels(figure)]
    assert len({line.get_linestyle() for line in curves}) == 3
    assert len({line.get_marker() for line in curves}) == 3
    for line in curves:
        assert line.get_marker() not in (None, "", "None", " ")
    for ax in figure.axes:
        styles = [line.get_linestyle() for line in ax.get_lines()]
        assert len(set(styles)) == len(styles), ax.get_title()  # within a panel, too
        for line in ax.get_lines():
            assert matplotlib.colors.to_hex(line.get_color()) in OKABE_ITO
        (point,) = [line for line in ax.get_lines() if line.get_gid() == "current"]
        assert point.get_marker() == "o" and point.get_marker() not in \
            {line.get_marker() for line in curves}
        assert matplotlib.colors.to_hex(point.get_markerfacecolor()) == \
            PALETTE["vermillion"].lower()
        assert ax.get_legend() is not None


def test_each_scenario_has_its_figure_kept_for_its_next_visit(in_tmp, frames, renders):
    explorer = goodhart_explorer(frames)
    scenario, pressure, _ = controls(explorer)
    (plot,) = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    first = renders[-1][1]
    assert renders[0][0] is plot
    scenario.value = "support_chatbot"
    chatbot = renders[-1][1]
    assert chatbot is not first
    assert chatbot._suptitle.get_text() == GOODHART_SCENARIOS["support_chatbot"].title
    np.testing.assert_array_equal(series(panels(chatbot)[2]).get_ydata(),
                                  frames["support_chatbot"]["true_resolution"])
    scenario.value = "recommender"
    assert renders[-1][1] is first


def test_shown_image_is_the_figure_drawn_in_full(in_tmp, frames, renders):
    # only what moved is redrawn over a kept background: the picture must be the one
    # matplotlib draws from scratch
    explorer = goodhart_explorer(frames)
    scenario, pressure, _ = controls(explorer)
    for control, value in ((pressure, 0.5), (pressure, 1.0), (scenario, "support_chatbot"),
                           (pressure, 0.0), (scenario, "recommender")):
        control.value = value
        figure = renders[-1][1]
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure),
                            f"{control.description} = {value}")


def test_a_move_never_touches_a_legend(in_tmp, frames, monkeypatch):
    """The data, the current points and the pressure lines stay below the legend band: a move
    only draws them again, never a whole legend (which would double the cost of a move)."""
    from matplotlib.legend import Legend

    drawn = []
    draw = Legend.draw
    monkeypatch.setattr(Legend, "draw", lambda legend, renderer: (drawn.append(legend),
                                                                  draw(legend, renderer)))
    figures = []
    monkeypatch.setattr(goodhart_module, "render_figure",
                        lambda output, figure: figures.append(figure.to_png()))
    explorer = goodhart_explorer(frames)
    scenario, pressure, _ = controls(explorer)
    for name in ("recommender", "support_chatbot"):
        scenario.value = name
        for p in [*GRID[1:], 0.0]:  # every pressure, each a move
            drawn.clear()
            shown = len(figures)
            pressure.value = p
            assert len(figures) == shown + 1 and drawn == [], (name, p)


def test_figures_are_not_left_to_pyplot(in_tmp, frames):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = goodhart_explorer(frames)
    scenario, pressure, _ = controls(explorer)
    pressure.value = 0.3
    scenario.value = "support_chatbot"
    assert plt.get_fignums() == []
