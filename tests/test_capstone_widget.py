"""The Module 6 (capstone) widgets: the framework report, its explorer, the drill timer.

Oracles: every count and rate of the report is recomputed here with scikit-learn
(``confusion_matrix``, ``precision_score``, ``recall_score``) from ``score >= threshold`` and
from ``baseline_flag``; the best primary under the floor by a plain loop over the slider's
thresholds, again with scikit-learn. The widgets are built in-process (never displayed): the
figure is checked by recording the calls to ``render_figure``, the timer by setting its clock
the way the browser does once a second.
"""

from __future__ import annotations

import html
import json
import math
import re

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import (
    confusion_matrix,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
)

from ai_product_metrics.datasets.capstone import (
    SCENARIOS,
    make_scenario_table,
    scenario_for_seed,
)
from ai_product_metrics.widgets import (
    FRAMEWORK_GRID,
    PALETTE,
    DecisionStore,
    drill_timer,
    framework_explorer,
    framework_report,
    precompute_framework_curves,
    timer_readout,
)
from ai_product_metrics.widgets import capstone as capstone_module
from ai_product_metrics.widgets._slider import FloatSlider

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

KEY = "m6-framework"
SEEDS = (3, 11)
GRID = [round(0.05 + 0.01 * k, 2) for k in range(91)]
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}
REPORT_KEYS = [
    "threshold", "primary", "counter", "floor", "n_cases", "tp", "fp", "fn", "tn",
    "precision", "recall", "share_flagged", "cost_per_1000", "baseline_tp", "baseline_fp",
    "baseline_fn", "baseline_tn", "baseline_precision", "baseline_recall",
    "baseline_share_flagged", "baseline_cost_per_1000", "primary_value", "counter_value",
    "floor_holds", "best_primary", "best_threshold", "cost_unit", "text",
]
#: The doctest's four cases: a threshold of 0.5 flags one positive and misses the other.
TINY = pd.DataFrame({"score": [0.1, 0.4, 0.35, 0.8], "label": [0, 0, 1, 1],
                     "baseline_flag": [0, 1, 0, 1]})


# --------------------------------------------------------------------------------------------
# fixtures and oracles
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables():
    """Every scenario of the bank at two seeds: {(key, seed): table}."""
    return {(key, seed): make_scenario_table(scenario, random_state=seed)
            for key, scenario in SCENARIOS.items() for seed in SEEDS}


@pytest.fixture(scope="module")
def case():
    """What the notebook gives the explorer: a learner's scenario and its table."""
    scenario = scenario_for_seed(SEEDS[0])
    return make_scenario_table(scenario, random_state=SEEDS[0]), scenario


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, capstone_module)


def counts(label, flagged) -> dict:
    tn, fp, fn, tp = confusion_matrix(label, flagged, labels=[0, 1]).ravel()
    return {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)}


def rates(label, flagged) -> tuple[float, float]:
    return (precision_score(label, flagged, zero_division=0),
            recall_score(label, flagged, zero_division=0))


def oracle(table: pd.DataFrame, scenario, threshold: float) -> dict:
    """The AI's and the baseline's numbers, by scikit-learn."""
    label = table["label"].to_numpy()
    out = {}
    for prefix, flagged in (("", (table["score"] >= threshold).astype(int).to_numpy()),
                            ("baseline_", table["baseline_flag"].astype(int).to_numpy())):
        c = counts(label, flagged)
        precision, recall = rates(label, flagged)
        out |= {prefix + key: value for key, value in c.items()}
        out |= {f"{prefix}precision": precision, f"{prefix}recall": recall,
                f"{prefix}share_flagged": flagged.mean(),
                f"{prefix}cost_per_1000": (scenario.cost_fp * c["fp"] + scenario.cost_fn
                                           * c["fn"]) / len(table) * 1000}
    return out


def grid_rates(table: pd.DataFrame) -> dict:
    """Precision and recall at each of the slider's thresholds, by scikit-learn."""
    label, score = table["label"].to_numpy(), table["score"].to_numpy()
    return {t: tuple(precision_recall_fscore_support(label, (score >= t).astype(int),
                                                     average="binary", zero_division=0)[:2])
            for t in GRID}


def best_by_loop(on_grid: dict, primary: str, floor: float):
    """Highest primary over the slider's thresholds where the counter holds the floor."""
    best = (None, None)
    for t, (precision, recall) in on_grid.items():
        value, counter = (precision, recall) if primary == "precision" else (recall, precision)
        if counter >= floor and (best[0] is None or value > best[0]):
            best = (value, t)
    return best


def html_of(text: str) -> str:
    return f'<p role="status" aria-live="polite">{html.escape(text, quote=False)}</p>'


def controls(explorer):
    return (by_class(explorer, "aipm-m6-primary"), by_class(explorer, "aipm-m6-threshold"),
            by_class(explorer, "aipm-m6-floor"), by_class(explorer, "aipm-readout"))


def default_threshold(scenario) -> float:
    return min(max(round(scenario.deployed_threshold, 2), 0.05), 0.95)


# --------------------------------------------------------------------------------------------
# 1. framework_report, the pure compute
# --------------------------------------------------------------------------------------------


def test_report_keys_and_types(case):
    table, scenario = case
    out = framework_report(table, scenario, 0.4)
    assert list(out) == REPORT_KEYS
    for key in ("tp", "fp", "fn", "tn", "n_cases", "baseline_tp", "baseline_fp",
                "baseline_fn", "baseline_tn"):
        assert type(out[key]) is int, key
    for key in ("threshold", "floor", "precision", "recall", "share_flagged", "cost_per_1000",
                "baseline_precision", "baseline_recall", "baseline_share_flagged",
                "baseline_cost_per_1000", "primary_value", "counter_value"):
        assert type(out[key]) is float, key
    assert type(out["floor_holds"]) is bool and type(out["text"]) is str
    assert (out["primary"], out["counter"]) == ("precision", "recall")
    assert out["floor"] == scenario.answer_key.guardrail_floor
    assert out["cost_unit"] == scenario.cost_unit and out["n_cases"] == len(table)


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("seed", SEEDS)
def test_report_matches_sklearn(tables, key, seed):
    table, scenario = tables[(key, seed)], SCENARIOS[key]
    for t in (0.0, 0.05, 0.2, 0.37, scenario.deployed_threshold, 0.5, 0.81, 0.95, 1.0):
        expected = oracle(table, scenario, t)
        for primary in ("precision", "recall"):
            out = framework_report(table, scenario, t, primary=primary)
            for name, value in expected.items():
                assert out[name] == pytest.approx(value, rel=1e-12, abs=1e-12), (key, t, name)
            counter = "recall" if primary == "precision" else "precision"
            assert (out["primary_value"], out["counter_value"]) == (out[primary], out[counter])
            floor = scenario.answer_key.guardrail_floor
            assert out["floor_holds"] == (expected[counter] >= floor)
    assert framework_report(table, key, 0.4) == framework_report(table, scenario, 0.4)


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_best_primary_under_the_floor_against_a_loop(tables, key):
    table, scenario = tables[(key, SEEDS[1])], SCENARIOS[key]
    on_grid = grid_rates(table)
    for primary, floor in (("precision", scenario.answer_key.guardrail_floor),
                           ("recall", scenario.answer_key.guardrail_floor),
                           ("precision", 0.5), ("recall", 0.35)):
        out = framework_report(table, scenario, 0.5, primary=primary, floor=floor)
        value, threshold = best_by_loop(on_grid, primary, floor)
        assert out["best_threshold"] == threshold, (primary, floor)
        assert out["best_primary"] == pytest.approx(value, abs=1e-12)
        at_best = framework_report(table, scenario, threshold, primary=primary, floor=floor)
        assert at_best["floor_holds"] and at_best["primary_value"] == out["best_primary"]
        assert "this threshold reaches it" in at_best["text"]


def test_a_floor_no_threshold_holds_gives_no_best(case):
    scenario = next(iter(SCENARIOS.values()))
    decoy = pd.concat([TINY, pd.DataFrame({"score": [0.9], "label": [0], "baseline_flag": [0]})],
                      ignore_index=True)  # precision never exceeds 50 %
    out = framework_report(decoy, scenario, 0.5, primary="recall", floor=0.6)
    assert out["best_primary"] is None and out["best_threshold"] is None
    assert not out["floor_holds"]
    assert out["text"].endswith("No threshold from 0.05 to 0.95 keeps precision at or above "
                                "60%.")
    table = case[0]
    easy = framework_report(table, case[1], 0.5, primary="recall", floor=0.0)
    assert easy["floor_holds"] and easy["best_primary"] == max(
        recall_score(table["label"], table["score"] >= t) for t in GRID)


def test_closed_form_tiny_case():
    scenario = next(iter(SCENARIOS.values()))
    out = framework_report(TINY, scenario, 0.5, primary="precision", floor=0.75)
    assert (out["tp"], out["fp"], out["fn"], out["tn"]) == (1, 0, 1, 2)
    assert (out["precision"], out["recall"], out["share_flagged"]) == (1.0, 0.5, 0.25)
    assert out["cost_per_1000"] == pytest.approx(1000 * scenario.cost_fn / 4)
    assert (out["baseline_precision"], out["baseline_recall"]) == (0.5, 0.5)
    assert out["baseline_cost_per_1000"] == pytest.approx(
        1000 * (scenario.cost_fp + scenario.cost_fn) / 4)
    assert (out["floor_holds"], out["best_threshold"]) == (False, 0.11)
    assert out["best_primary"] == pytest.approx(2 / 3)
    assert out["text"].startswith(
        "Primary metric: precision; counter-metric: recall, with a guardrail floor of 75%. "
        "At threshold 0.50 the AI flags 25.0% of the 4 cases: precision 100.0%, recall "
        "50.0%, 0 false positives and 1 false negative. Recall is 50.0%, below its 75% "
        "floor: the guardrail is broken. Cost of the errors: ")
    assert out["text"].endswith(
        "The baseline flags 50.0% of the cases: precision 50.0%, recall 50.0%, 1 false "
        "positive and 1 false negative. While recall holds its floor, the highest precision "
        "any threshold from 0.05 to 0.95 reaches is 66.7%.")
    # a score equal to the threshold is flagged; nothing flagged gives precision 0.0
    assert framework_report(TINY, scenario, 0.8)["tp"] == 1
    nothing = framework_report(TINY, scenario, 0.81, primary="recall", floor=0.0)
    assert (nothing["tp"], nothing["fp"], nothing["precision"], nothing["recall"]) == \
        (0, 0, 0.0, 0.0)


def test_a_counter_metric_on_the_floor_holds():
    scenario = next(iter(SCENARIOS.values()))
    out = framework_report(TINY, scenario, 0.5, primary="precision", floor=0.5)
    assert out["recall"] == 0.5 and out["floor_holds"]
    assert "Recall is 50.0%, at or above its 50% floor: the guardrail holds." in out["text"]


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_text_states_the_numbers_and_the_floor_verdict_in_words(tables, key):
    table, scenario = tables[(key, SEEDS[0])], SCENARIOS[key]
    verdicts = set()
    for t in (0.1, 0.3, 0.5, 0.7, 0.9):
        for primary in ("precision", "recall"):
            out = framework_report(table, scenario, t, primary=primary)
            text = out["text"]
            counter = out["counter"]
            assert f"At threshold {t:.2f} the AI flags {100 * out['share_flagged']:.1f}%" in text
            assert f"precision {100 * out['precision']:.1f}%" in text
            assert f"recall {100 * out['recall']:.1f}%" in text
            assert f"{out['fp']:,} false positive" in text
            assert f"{out['fn']:,} false negative" in text
            assert f"precision {100 * out['baseline_precision']:.1f}%" in text
            assert f"recall {100 * out['baseline_recall']:.1f}%" in text
            assert scenario.cost_unit in text and "per 1,000 cases" in text
            assert ("than the baseline" in text) or ("the same as the baseline" in text)
            holds = "the guardrail holds" in text
            assert holds == out["floor_holds"]
            assert ("the guardrail is broken" in text) == (not out["floor_holds"])
            assert f"{counter.capitalize()} is {100 * out['counter_value']:.1f}%" in text
            verdicts.add(holds)
            best = out["best_primary"]
            assert f"the highest {primary} any threshold from 0.05 to 0.95 reaches is " \
                f"{100 * best:.1f}%" in text
            if holds and out["primary_value"] < best:
                gap = 100 * (best - out["primary_value"])
                assert f"this threshold is {gap:.1f} points below it." in text
            # the best threshold is never named (unless it is the current one)
            named = set(re.findall(r"\b0\.\d\d\b", text))
            assert named <= {f"{t:.2f}", "0.05", "0.95"}, text
            assert "nan" not in text.lower() and "\n" not in text
    assert verdicts == {True, False}  # both verdicts occur across the thresholds


def test_curves_agree_with_the_report_on_the_grid(case):
    table, scenario = case
    curves = precompute_framework_curves(table, scenario)
    assert curves.n_cases == len(table)
    np.testing.assert_array_equal(curves.thresholds, GRID)
    np.testing.assert_array_equal(FRAMEWORK_GRID, GRID)
    label = table["label"].to_numpy()
    for i in (0, 17, 45, 90):
        t = GRID[i]
        precision, recall = rates(label, (table["score"] >= t).astype(int).to_numpy())
        assert curves.precision[i] == pytest.approx(precision, abs=1e-12)
        assert curves.recall[i] == pytest.approx(recall, abs=1e-12)
    assert curves.baseline["precision"] == pytest.approx(rates(label, table["baseline_flag"])[0])


@pytest.mark.parametrize("threshold", [-0.01, 1.01, np.nan, np.inf, "0.5", True, None, [0.5]])
def test_bad_threshold_is_a_clear_value_error(case, threshold):
    with pytest.raises(ValueError, match=r"threshold must be a number in \[0, 1\]"):
        framework_report(case[0], case[1], threshold)


@pytest.mark.parametrize("floor", [-0.1, 1.5, np.nan, "0.8", False])
def test_bad_floor_is_a_clear_value_error(case, floor):
    with pytest.raises(ValueError, match=r"floor must be a number in \[0, 1\]"):
        framework_report(case[0], case[1], 0.5, floor=floor)


@pytest.mark.parametrize("primary", ["f1", "Precision", None, ""])
def test_unknown_primary_is_a_clear_value_error(case, primary):
    with pytest.raises(ValueError, match="primary must be 'precision' or 'recall'"):
        framework_report(case[0], case[1], 0.5, primary=primary)


@pytest.mark.parametrize("table, scenario, message", [
    (TINY, "no_such_scenario", "scenario must be a capstone Scenario or one of"),
    (TINY, None, "scenario must be a capstone Scenario"),
    (TINY.to_dict(), None, "scenario must be a capstone Scenario"),
    (TINY.to_dict(), "first", "table must be a pandas DataFrame"),
    (TINY.drop(columns="baseline_flag"), "first", r"table lacks the columns \['baseline_flag'\]"),
    (TINY.drop(columns=["score", "label"]), "first", r"lacks the columns \['score', 'label'\]"),
    (TINY.iloc[:0], "first", "table is empty"),
    (TINY.assign(score=["a", "b", "c", "d"]), "first", "score must hold numbers"),
    (TINY.assign(score=True), "first", "score must hold numbers"),
    (TINY.assign(score=[0.1, np.nan, 0.3, 0.4]), "first", "score must be finite"),
    (TINY.assign(score=[0.1, 1.2, 0.3, 0.4]), "first", r"score must lie in \[0, 1\]"),
    (TINY.assign(label=[0, 2, 1, 1]), "first", "label must be binary"),
    (TINY.assign(label=["no", "no", "yes", "yes"]), "first", "label must be binary"),
    (TINY.assign(label=1), "first", "label holds a single class"),
    (TINY.assign(label=0), "first", "label holds a single class"),
    (TINY.assign(baseline_flag=[0, 0.5, 1, 1]), "first", "baseline_flag must be binary"),
])
def test_bad_table_or_scenario_is_a_clear_value_error(table, scenario, message):
    if scenario == "first":
        scenario = next(iter(SCENARIOS))
    with pytest.raises(ValueError, match=message):
        framework_report(table, scenario, 0.5)


def test_bool_labels_and_flags_are_accepted():
    scenario = next(iter(SCENARIOS.values()))
    as_bool = TINY.assign(label=TINY["label"] == 1, baseline_flag=TINY["baseline_flag"] == 1)
    assert framework_report(as_bool, scenario, 0.5) == framework_report(TINY, scenario, 0.5)


# --------------------------------------------------------------------------------------------
# 2. the explorer
# --------------------------------------------------------------------------------------------


def test_explorer_has_labelled_keyboard_controls_and_a_readout(in_tmp, case, renders):
    explorer = framework_explorer(*case)
    assert isinstance(explorer, widgets.VBox) and "aipm-m6-explorer" in explorer._dom_classes
    primary, threshold, floor, readout = controls(explorer)
    assert isinstance(primary, widgets.Dropdown) and primary.description == "Primary metric"
    assert [value for _, value in primary.options] == ["precision", "recall"]
    for label, value in primary.options:  # plain words, not just the name
        assert label.lower().startswith(value) and len(label.split()) >= 5
    assert isinstance(threshold, FloatSlider) and threshold.description == "Threshold"
    assert (threshold.min, threshold.max, threshold.step) == (0.05, 0.95, 0.01)
    assert isinstance(floor, FloatSlider) and floor.description == "Guardrail floor"
    assert (floor.min, floor.max, floor.step) == (0.0, 1.0, 0.01)
    for control in (primary, threshold, floor):
        assert not control.disabled and control.layout.display != "none"
    for slider in (threshold, floor):
        assert slider.continuous_update is False
    assert (threshold.readout_format, floor.readout_format) == (".2f", ".0%")
    assert floor.tooltip  # says what the floor is
    assert isinstance(readout, widgets.HTML)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value
    (plot,) = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert any(isinstance(w, widgets.HBox) and plot in w.children and readout in w.children
               for w in walk(explorer))
    assert renders[0][0] is plot


def test_explorer_starts_at_the_defaults_and_saves_nothing(in_tmp, case, renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    primary, threshold, floor, readout = controls(explorer)
    expected = {"primary": "precision", "threshold": default_threshold(scenario),
                "floor": round(scenario.answer_key.guardrail_floor, 2)}
    assert explorer.value == expected
    assert (primary.value, threshold.value, floor.value) == tuple(expected.values())
    assert readout.value == html_of(framework_report(table, scenario, expected["threshold"],
                                                     floor=expected["floor"])["text"])
    assert not (in_tmp / "decisions.json").exists()


def test_updates_run_on_one_blas_thread(in_tmp, case, renders, monkeypatch):
    table, scenario = case

    def move(explorer):
        threshold = controls(explorer)[1]
        threshold.value = 0.27 if threshold.value != 0.27 else 0.61

    assert_updates_use_one_blas_thread(
        monkeypatch, capstone_module, lambda: framework_explorer(table, scenario), move)


def test_moving_the_threshold_changes_readout_picture_and_decision(in_tmp, case, renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    primary, threshold, floor, readout = controls(explorer)
    figure = renders[-1][1]
    before_text, before_png = readout.value, figure.to_png()
    new = 0.27 if threshold.value != 0.27 else 0.61
    threshold.value = new
    assert renders[-1][1] is figure
    assert readout.value != before_text
    assert not np.array_equal(png_pixels(figure.to_png()), png_pixels(before_png))
    floor_value = round(scenario.answer_key.guardrail_floor, 2)
    out = framework_report(table, scenario, new, floor=floor_value)
    assert readout.value == html_of(out["text"])
    expected = oracle(table, scenario, new)
    assert f"precision {100 * expected['precision']:.1f}%" in readout.value
    assert explorer.value == {"primary": "precision", "threshold": new, "floor": floor_value}
    assert saved(in_tmp) == {KEY: explorer.value}


def test_primary_and_floor_controls_update_readout_and_decision(in_tmp, case, renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    primary, threshold, floor, readout = controls(explorer)
    threshold.value = 0.4
    primary.value = "recall"
    out = framework_report(table, scenario, 0.4, primary="recall",
                           floor=round(scenario.answer_key.guardrail_floor, 2))
    assert readout.value == html_of(out["text"])
    assert "Primary metric: recall; counter-metric: precision" in readout.value
    floor.value = 0.33
    assert readout.value == html_of(framework_report(table, scenario, 0.4, primary="recall",
                                                     floor=0.33)["text"])
    assert "guardrail floor of 33%" in readout.value
    assert saved(in_tmp) == {KEY: {"primary": "recall", "threshold": 0.4, "floor": 0.33}}


def test_readout_states_the_floor_verdict_in_words(in_tmp, case, renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    primary, threshold, floor, readout = controls(explorer)
    floor.value = 0.6
    threshold.value = 0.05  # flags nearly everything: recall is high
    assert "Recall is" in readout.value and "the guardrail holds" in readout.value
    threshold.value = 0.95  # flags almost nothing: recall collapses
    assert "below its 60% floor: the guardrail is broken" in readout.value


def test_the_decision_is_reread_on_rebuild(in_tmp, case, renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    primary, threshold, floor, _ = controls(explorer)
    primary.value = "recall"
    threshold.value = 0.66
    floor.value = 0.45
    rebuilt = framework_explorer(table, scenario)
    assert rebuilt.value == {"primary": "recall", "threshold": 0.66, "floor": 0.45}
    new_primary, new_threshold, new_floor, readout = controls(rebuilt)
    assert (new_primary.value, new_threshold.value, new_floor.value) == ("recall", 0.66, 0.45)
    assert readout.value == html_of(framework_report(table, scenario, 0.66, primary="recall",
                                                     floor=0.45)["text"])
    assert isinstance(rebuilt.value["threshold"], float)


def test_a_given_store_and_key_are_used_and_other_decisions_kept(in_tmp, case, renders,
                                                                 tmp_path_factory):
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "decisions.json").write_text(json.dumps({"m5_pressure": {"x": 1}}),
                                           encoding="utf-8")
    explorer = framework_explorer(*case, decision_key="mine", store=DecisionStore(folder))
    controls(explorer)[1].value = 0.5
    assert saved(folder) == {"m5_pressure": {"x": 1}, "mine": explorer.value}
    assert not (in_tmp / "decisions.json").exists()


@pytest.mark.parametrize("stored, expected", [
    ({"primary": "recall", "threshold": 0.3, "floor": 0.5}, ("recall", 0.3, 0.5)),
    ({"primary": "recall", "threshold": 0.30000000000000004, "floor": 1},
     ("recall", 0.3, 1.0)),
    ({"primary": "f1", "threshold": 0.3, "floor": 0.5}, (None, 0.3, 0.5)),
    ({"primary": "recall", "threshold": 0.333, "floor": 0.5}, ("recall", None, 0.5)),
    ({"primary": "recall", "threshold": 0.99, "floor": 0.5}, ("recall", None, 0.5)),
    ({"primary": "recall", "threshold": "0.3", "floor": 0.5}, ("recall", None, 0.5)),
    ({"primary": "recall", "threshold": True, "floor": 0.5}, ("recall", None, 0.5)),
    ({"primary": "recall", "threshold": 0.3, "floor": 1.2}, ("recall", 0.3, None)),
    ({"primary": "recall", "threshold": 0.3, "floor": None}, ("recall", 0.3, None)),
    ({"threshold": 0.3}, (None, 0.3, None)),
    ("recall", (None, None, None)),
    (0.3, (None, None, None)),
])
def test_each_unusable_stored_part_falls_back_to_its_default(in_tmp, case, renders, stored,
                                                             expected):
    table, scenario = case
    (in_tmp / "decisions.json").write_text(json.dumps({KEY: stored}), encoding="utf-8")
    defaults = ("precision", default_threshold(scenario),
                round(scenario.answer_key.guardrail_floor, 2))
    want = [d if e is None else e for e, d in zip(expected, defaults, strict=True)]
    explorer = framework_explorer(table, scenario)
    assert explorer.value == dict(zip(("primary", "threshold", "floor"), want, strict=True))
    assert controls(explorer)[3].value == html_of(
        framework_report(table, scenario, want[1], primary=want[0], floor=want[2])["text"])


@pytest.mark.parametrize("content", ["{not json", "", "[1, 2]",
                                     '{"m6-framework": {"threshold": NaN}}'])
def test_unreadable_decisions_fall_back_to_the_defaults(in_tmp, case, renders, content):
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = framework_explorer(*case)
    assert explorer.value["primary"] == "precision"
    assert explorer.value["threshold"] == default_threshold(case[1])


@pytest.mark.parametrize("kwargs, message", [
    ({"decision_key": ""}, "decision_key must be a non-empty string"),
    ({"decision_key": 3}, "decision_key must be a non-empty string"),
    ({"store": "decisions.json"}, "store must be a DecisionStore or None"),
])
def test_explorer_refuses_bad_options(in_tmp, case, renders, kwargs, message):
    with pytest.raises(ValueError, match=message):
        framework_explorer(*case, **kwargs)


def test_explorer_refuses_a_bad_table_before_drawing(in_tmp, case, renders):
    with pytest.raises(ValueError, match="table lacks the columns"):
        framework_explorer(case[0].drop(columns="label"), case[1])
    assert renders == [] and not (in_tmp / "decisions.json").exists()


# --------------------------------------------------------------------------------------------
# 3. the figure
# --------------------------------------------------------------------------------------------


def lines_by_gid(ax) -> dict:
    return {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}


def curve(ax, metric: str):
    (line,) = [line for line in ax.get_lines() if line.get_label().startswith(f"{metric} (")]
    return line


def test_figure_plots_both_curves_the_floor_the_threshold_and_the_baseline(in_tmp, case,
                                                                           renders):
    table, scenario = case
    explorer = framework_explorer(table, scenario)
    _, threshold, floor, _ = controls(explorer)
    threshold.value, floor.value = 0.44, 0.55
    (ax,) = renders[-1][1].axes
    curves = precompute_framework_curves(table, scenario)
    for metric in ("precision", "recall"):
        line = curve(ax, metric)
        np.testing.assert_array_equal(line.get_xdata(), GRID)
        np.testing.assert_array_equal(line.get_ydata(), getattr(curves, metric))
        base = lines_by_gid(ax)[f"baseline_{metric}"]
        assert base.get_ydata()[0] == curves.baseline[metric]
        assert base.get_xdata()[0] > 0.95  # a column of its own, right of the curves
    assert curve(ax, "precision").get_label() == "precision (primary)"
    assert curve(ax, "recall").get_label() == "recall (counter-metric)"
    gids = lines_by_gid(ax)
    assert list(gids["floor"].get_ydata()) == [0.55, 0.55]
    assert list(gids["threshold"].get_xdata()) == [0.44, 0.44]
    out = framework_report(table, scenario, 0.44, floor=0.55)
    points = sorted(line.get_xydata().tolist()[0] for line in ax.get_lines()
                    if line.get_gid() == "current")
    assert points == sorted([[0.44, out["precision"]], [0.44, out["recall"]]])
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert {"recall floor 55%", "threshold 0.44", "baseline: precision",
            "baseline: recall"} <= set(legend)
    assert ax.get_xlabel() and ax.get_ylabel() and scenario.title in ax.get_title()


def test_a_new_primary_restyles_the_curves(in_tmp, case, renders):
    explorer = framework_explorer(*case)
    primary = controls(explorer)[0]
    primary.value = "recall"
    (ax,) = renders[-1][1].axes
    assert curve(ax, "recall").get_label() == "recall (primary)"
    assert curve(ax, "recall").get_linewidth() > curve(ax, "precision").get_linewidth()
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "precision floor" in " ".join(legend) and "recall (primary)" in legend


def test_series_differ_by_line_style_and_marker_not_colour_alone(in_tmp, case, renders):
    framework_explorer(*case)
    (ax,) = renders[-1][1].axes
    lines = [line for line in ax.get_lines() if line.get_linestyle() not in ("None", "")]
    styles = [line.get_linestyle() for line in lines]
    assert len(set(styles)) == len(styles) == 4  # two curves, floor, threshold
    markers = [line.get_marker() for line in ax.get_lines()
               if line.get_gid() != "current" and line.get_marker() not in (None, "None", "")]
    assert len(set(markers)) == len(markers) == 4  # two curves, two baseline markers
    for line in ax.get_lines():
        assert matplotlib.colors.to_hex(line.get_color()) in OKABE_ITO
    current = [line for line in ax.get_lines() if line.get_gid() == "current"]
    assert len(current) == 2
    for point in current:
        assert point.get_marker() == "o" and point.get_marker() not in markers
        assert matplotlib.colors.to_hex(point.get_markerfacecolor()) == \
            PALETTE["vermillion"].lower()


def test_shown_image_is_the_figure_drawn_in_full(in_tmp, case, renders):
    explorer = framework_explorer(*case)
    primary, threshold, floor, _ = controls(explorer)
    figure = renders[-1][1]
    for control, value in ((threshold, 0.2), (floor, 0.35), (primary, "recall"),
                           (threshold, 0.93), (floor, 0.9), (primary, "precision"),
                           (threshold, 0.05)):
        control.value = value
        assert renders[-1][1] is figure
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure),
                            f"{control.description} = {value}")


def test_a_move_never_touches_the_legend(in_tmp, case, monkeypatch):
    """The legend sits below the axes: a move only draws the moving artists again."""
    from matplotlib.legend import Legend

    drawn = []
    draw = Legend.draw
    monkeypatch.setattr(Legend, "draw", lambda legend, renderer: (drawn.append(legend),
                                                                  draw(legend, renderer)))
    shown = []
    monkeypatch.setattr(capstone_module, "render_figure",
                        lambda output, figure: shown.append(figure.to_png()))
    explorer = framework_explorer(*case)
    _, threshold, floor, _ = controls(explorer)
    # (a floor label of another width, such as 5% or 100%, redraws the whole figure once)
    for control, values in ((threshold, GRID[::5] + [0.95]), (floor, [0.1, 0.45, 0.99])):
        for value in values:
            drawn.clear()
            before = len(shown)
            control.value = value
            assert len(shown) in (before, before + 1) and drawn == [], (control, value)


def test_figures_are_not_left_to_pyplot(in_tmp, case):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = framework_explorer(*case)
    primary, threshold, _, _ = controls(explorer)
    threshold.value = 0.3
    primary.value = "recall"
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------------------------
# 4. the drill timer
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("elapsed, total, expected", [
    (0, 180, "3:00 left of 3:00"),
    (19, 180, "2:41 left of 3:00"),
    (19.2, 180, "2:41 left of 3:00"),
    (119, 180, "1:01 left of 3:00"),
    (179.5, 180, "0:01 left of 3:00"),
    (180, 180, "0:00 left of 3:00. Time is up: finish the sentence you are on."),
    (999, 180, "0:00 left of 3:00. Time is up: finish the sentence you are on."),
    (0, 3600, "60:00 left of 60:00"),
    (5, 30, "0:25 left of 0:30"),
])
def test_timer_readout(elapsed, total, expected):
    assert timer_readout(elapsed, total) == expected


@pytest.mark.parametrize("elapsed, total, message", [
    (-1, 180, "elapsed_s must be a finite number >= 0"),
    (np.nan, 180, "elapsed_s must be a finite number >= 0"),
    ("5", 180, "elapsed_s must be a finite number >= 0"),
    (0, 0, "total_s must be > 0"),
    (0, -5, "total_s must be a finite number >= 0"),
    (0, math.inf, "total_s must be a finite number >= 0"),
    (0, True, "total_s must be a finite number >= 0"),
])
def test_timer_readout_refuses_bad_times(elapsed, total, message):
    with pytest.raises(ValueError, match=message):
        timer_readout(elapsed, total)


@pytest.mark.parametrize("minutes", [0, -1, 60.5, 61, np.nan, math.inf, "3", True, None])
def test_drill_timer_refuses_bad_minutes(minutes):
    with pytest.raises(ValueError, match=r"minutes must be a number in \(0, 60\]"):
        drill_timer(minutes)


def timer_parts(timer):
    return ({name: by_class(timer, f"aipm-m6-timer-{name}") for name in
             ("start", "pause", "reset")},
            by_class(timer, "aipm-m6-timer-clock"), by_class(timer, "aipm-m6-timer-progress"),
            by_class(timer, "aipm-readout"))


def test_timer_has_labelled_buttons_a_progress_bar_and_a_readout():
    timer = drill_timer()
    buttons, clock, progress, readout = timer_parts(timer)
    assert "aipm-m6-timer" in timer._dom_classes
    for name, button in buttons.items():
        assert isinstance(button, widgets.Button)
        assert button.description == name.capitalize() and button.tooltip
        assert not button.disabled and button.layout.display != "none"
    # the browser ticks the Play once a second; its own icon-only buttons stay hidden
    assert isinstance(clock, widgets.Play) and clock.layout.display == "none"
    assert (clock.min, clock.max, clock.step, clock.interval) == (0, 180, 1, 1000)
    assert clock.description and not clock.repeat
    assert isinstance(progress, widgets.IntProgress) and progress.description == "Time used"
    assert (progress.value, progress.max) == (0, 180)
    assert readout.value == '<p role="timer" aria-live="off">3:00 left of 3:00</p>'


def test_timer_counts_down_pauses_resets_and_says_time_is_up():
    timer = drill_timer(0.5)
    buttons, clock, progress, readout = timer_parts(timer)
    buttons["start"].click()
    assert clock.playing
    for second in range(1, 13):  # what the browser does, once a second
        clock.value = second
    assert "0:18 left of 0:30" in readout.value and progress.value == 12
    buttons["pause"].click()
    assert not clock.playing and clock.value == 12
    buttons["start"].click()
    assert clock.playing and clock.value == 12  # resumes where it was
    clock.value = 30
    assert readout.value == ('<p role="alert"><strong>0:00 left of 0:30. Time is up: finish '
                             "the sentence you are on.</strong></p>")
    assert progress.value == 30 and progress.bar_style == "danger"
    buttons["start"].click()  # after the end: starts over
    assert clock.playing and clock.value == 0 and "0:30 left of 0:30" in readout.value
    clock.value = 7
    buttons["reset"].click()
    assert not clock.playing and clock.value == 0 and progress.value == 0
    assert progress.bar_style == "" and readout.value.endswith("0:30 left of 0:30</p>")


def test_timer_length_is_rounded_to_whole_seconds():
    assert timer_parts(drill_timer(60))[1].max == 3600
    assert timer_parts(drill_timer(1.26))[1].max == 76
    assert timer_parts(drill_timer(0.001))[1].max == 1
