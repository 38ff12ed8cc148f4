"""The Module 4 confidence-threshold explorer: its pure compute, the widget, persisted threshold.

Scenario: below a confidence threshold the assistant hides its draft. A shown draft keeps its
logged outcome; a hidden draft would otherwise have met the outcome logged for it. "Relied on"
means ``accepted`` or ``edited``.

Oracles: every number is recomputed here from the log with pandas boolean masks
(:func:`oracle`), and the cost curves over the grid with numpy broadcasting
(:func:`numpy_cost_curve`), never with the module. The widget is built in-process (never
displayed): the figure is checked by recording the calls to ``render_figure`` (see
``test_threshold_widget.py``).
"""

from __future__ import annotations

import html
import inspect
import json
import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest

from ai_product_metrics.datasets import DEFAULT_SEED, assistant
from ai_product_metrics.grading.seeds import seed_from_id
from ai_product_metrics.widgets import (
    PALETTE,
    ConfidenceCurves,
    confidence_threshold_explorer,
    confidence_threshold_report,
    precompute_confidence_curves,
)
from ai_product_metrics.widgets import trust as trust_module
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

KEY = "m4_confidence_threshold"
W, H = 48.0, 2.0  # agent-minutes: a wrong reply relied on, a good draft hidden
SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]
GRID = np.round(np.arange(0, 1.0001, 0.01), 2)
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}
REPORT_KEYS = [
    "threshold", "n_drafts", "shown", "hidden", "coverage", "relied", "acceptance",
    "error_exposure", "error_exposure_per_1000", "errors_avoided", "good_lost",
    "relied_correct", "relied_wrong", "not_relied_correct", "not_relied_wrong", "appropriate",
    "over_reliance", "under_reliance", "cost", "best_threshold", "best_cost", "text",
]
COUNT_KEYS = ["n_drafts", "shown", "hidden", "relied", "error_exposure", "errors_avoided",
              "good_lost", "relied_correct", "relied_wrong", "not_relied_correct",
              "not_relied_wrong"]


# --------------------------------------------------------------------------------------------
# fixtures and oracles
# --------------------------------------------------------------------------------------------


def arrays(log: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (log["confidence"].to_numpy(), log["draft_correct"].to_numpy(),
            log["outcome"].isin(["accepted", "edited"]).to_numpy())


@pytest.fixture(scope="module")
def log():
    return assistant.make_assistant_interactions(random_state=DEFAULT_SEED)


@pytest.fixture(scope="module")
def data(log):
    return arrays(log)


@pytest.fixture(scope="module")
def seed_data():
    """(confidence, draft_correct, relied) of the 25 learner variants at the default sizes."""
    return [arrays(assistant.make_assistant_interactions(random_state=seed)) for seed in SEEDS]


def oracle(log: pd.DataFrame, t: float, w: float = W, h: float = H) -> dict:
    """What the report must say, from pandas boolean masks on the log."""
    shown = log["confidence"] >= t
    relied = log["outcome"].isin(["accepted", "edited"])
    correct = log["draft_correct"] == 1
    wrong = ~correct
    n, n_shown = len(log), int(shown.sum())
    counts = {
        "n_drafts": n, "shown": n_shown, "hidden": n - n_shown,
        "relied": int((shown & relied).sum()),
        "error_exposure": int((shown & relied & wrong).sum()),
        "errors_avoided": int((~shown & relied & wrong).sum()),
        "good_lost": int((~shown & relied & correct).sum()),
        "relied_correct": int((shown & relied & correct).sum()),
        "relied_wrong": int((shown & relied & wrong).sum()),
        "not_relied_correct": int((shown & ~relied & correct).sum()),
        "not_relied_wrong": int((shown & ~relied & wrong).sum()),
    }
    among = log[shown]
    among_relied = among["outcome"].isin(["accepted", "edited"])
    among_correct = among["draft_correct"] == 1
    rates = {
        "coverage": shown.mean(),
        "acceptance": among_relied.mean() if n_shown else 0.0,
        "error_exposure_per_1000": 1000 * counts["error_exposure"] / n,
        "appropriate": (among_relied == among_correct).mean() if n_shown else 0.0,
        "over_reliance": (among_relied & ~among_correct).mean() if n_shown else 0.0,
        "under_reliance": (~among_relied & among_correct).mean() if n_shown else 0.0,
        "cost": w * counts["error_exposure"] + h * counts["good_lost"],
    }
    return counts | rates


def numpy_cost_curve(c, y, r, w=W, h=H) -> np.ndarray:
    """Cost at every threshold of the grid, by broadcasting (no sorting, no cumulative sums)."""
    shown = c[None, :] >= GRID[:, None]
    wrong_relied = (shown & (y == 0) & r).sum(axis=1)
    good_lost = (~shown & (y == 1) & r).sum(axis=1)
    return w * wrong_relied + h * good_lost


def lowest(costs: np.ndarray) -> tuple[float, float]:
    """Cheapest grid threshold, the lowest among ties."""
    k = int(np.flatnonzero(costs == costs.min())[0])
    return float(GRID[k]), float(costs[k])


def html_of(text: str) -> str:
    return f'<p role="status" aria-live="polite">{html.escape(text, quote=False)}</p>'


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, trust_module)


def controls(explorer):
    return by_class(explorer, "aipm-m4-threshold"), by_class(explorer, "aipm-readout")



def report(data, t, **kwargs):
    c, y, r = data
    return confidence_threshold_report(c, y, r, t, **({"wrong_reply_cost": W,
                                                       "hidden_draft_cost": H} | kwargs))


# --------------------------------------------------------------------------------------------
# 1. confidence_threshold_report, the pure compute
# --------------------------------------------------------------------------------------------


def test_the_module_costs_are_stated_beside_the_generator():
    assert (assistant.WRONG_REPLY_COST, assistant.HIDDEN_DRAFT_COST) == (W, H)
    assert {"WRONG_REPLY_COST", "HIDDEN_DRAFT_COST"} <= set(assistant.__all__)
    defaults = inspect.signature(confidence_threshold_explorer).parameters
    assert defaults["wrong_reply_cost"].default == W
    assert defaults["hidden_draft_cost"].default == H
    assert defaults["decision_key"].default == KEY
    assert defaults["default_threshold"].default == 0.0


def test_report_keys_and_types(data):
    out = report(data, 0.8)
    assert list(out) == REPORT_KEYS
    for key in COUNT_KEYS:
        assert type(out[key]) is int, key
    for key in set(REPORT_KEYS) - set(COUNT_KEYS) - {"text"}:
        assert type(out[key]) is float, key


THRESHOLDS = [0.0, 0.2, 0.35, 0.5, 0.61, 0.8, 0.9, 0.97, 0.99, 1.0, 0.123, 0.8505]


def test_report_matches_a_direct_pandas_computation(log, data):
    c, y, r = data
    curves = precompute_confidence_curves(c, y, r, wrong_reply_cost=W, hidden_draft_cost=H)
    # thresholds on the grid, off it, and exactly on logged confidences
    for t in [*THRESHOLDS, float(c[0]), float(np.median(c)), float(c.max())]:
        out = confidence_threshold_report(c, y, r, t, wrong_reply_cost=W, hidden_draft_cost=H,
                                          curves=curves)
        expected = oracle(log, t)
        for key, value in expected.items():
            assert out[key] == pytest.approx(value, abs=1e-12), (t, key)
        assert out["threshold"] == t
        # without precomputed curves: the same numbers
        assert report(data, t) == out


def test_report_with_other_costs(log, data):
    out = report(data, 0.9, wrong_reply_cost=30.0, hidden_draft_cost=5.0)
    assert out["cost"] == pytest.approx(oracle(log, 0.9, 30.0, 5.0)["cost"])
    assert out["cost"] != report(data, 0.9)["cost"]
    free = report(data, 0.9, wrong_reply_cost=0, hidden_draft_cost=0)
    assert free["cost"] == 0.0 and free["best_cost"] == 0.0 and free["best_threshold"] == 0.0


def test_reliance_shares_are_shares_of_the_shown_drafts(data):
    for t in (0.0, 0.7, 0.95):
        out = report(data, t)
        assert out["appropriate"] + out["over_reliance"] + out["under_reliance"] == \
            pytest.approx(1.0)
        assert out["over_reliance"] == pytest.approx(out["error_exposure"] / out["shown"])
        assert out["under_reliance"] == pytest.approx(out["not_relied_correct"] / out["shown"])
        assert (out["relied_correct"] + out["relied_wrong"] + out["not_relied_correct"]
                + out["not_relied_wrong"]) == out["shown"]
        assert out["relied_wrong"] == out["error_exposure"]
        assert out["shown"] + out["hidden"] == out["n_drafts"]


def test_closed_form_tiny_case():
    # five drafts; the agent relied on the first four; the first and the fourth are wrong
    c, y, r = [0.40, 0.55, 0.80, 0.90, 0.99], [0, 1, 1, 0, 1], [1, 1, 1, 1, 0]
    out = confidence_threshold_report(c, y, r, 0.5, wrong_reply_cost=48, hidden_draft_cost=2)
    assert (out["shown"], out["hidden"], out["relied"]) == (4, 1, 3)
    assert (out["coverage"], out["acceptance"]) == (0.8, 0.75)
    assert (out["error_exposure"], out["errors_avoided"], out["good_lost"]) == (1, 1, 0)
    assert out["error_exposure_per_1000"] == 200.0
    assert (out["relied_correct"], out["relied_wrong"], out["not_relied_correct"],
            out["not_relied_wrong"]) == (2, 1, 1, 0)
    assert (out["appropriate"], out["over_reliance"], out["under_reliance"]) == (0.5, 0.25, 0.25)
    assert out["cost"] == 48.0
    # the cheapest grid threshold hides the four drafts below 0.91: two good drafts lost
    assert (out["best_threshold"], out["best_cost"]) == (0.91, 4.0)
    assert out["text"] == (
        "At threshold 0.50: 4 of 5 drafts shown (coverage 80.0%), 1 hidden. The agents relied "
        "on 3 of the 4 shown drafts (acceptance 75.0%). Error exposure: 1 wrong draft relied "
        "on, 200.0 per 1,000 drafts; hiding avoids 1 wrong reply. Good drafts lost: 0 correct "
        "drafts hidden that would have been relied on. Among the shown drafts: appropriate "
        "reliance 50.0%, over-reliance 25.0%, under-reliance 25.0%. Cost 48 agent-minutes "
        "(1 wrong reply x 48 + 0 good drafts lost x 2): 44 (1100.0%) above the lowest cost of "
        "any threshold on the grid 0.00, 0.01, ..., 1.00."
    )
    at_best = confidence_threshold_report(c, y, r, 0.91, wrong_reply_cost=48,
                                          hidden_draft_cost=2)
    assert (at_best["cost"], at_best["good_lost"], at_best["error_exposure"]) == (4.0, 2, 0)
    assert "equal to the lowest cost" in at_best["text"]


def test_threshold_zero_shows_every_draft(log, data):
    c, y, r = data
    out = report(data, 0.0)
    assert (out["shown"], out["hidden"], out["coverage"]) == (len(log), 0, 1.0)
    assert out["good_lost"] == out["errors_avoided"] == 0
    assert out["error_exposure"] == int(((y == 0) & r).sum())
    assert out["acceptance"] == pytest.approx(r.mean())
    assert out["cost"] == W * int(((y == 0) & r).sum())
    assert "0 hidden" in out["text"]


@pytest.mark.parametrize("above", [0.0005, 0.001])
def test_threshold_above_the_highest_confidence_hides_every_draft(data, above):
    c, y, r = data
    t = float(c.max()) + above
    assert t <= 1.0
    for threshold in (t, 1.0):
        out = report(data, threshold)
        assert (out["shown"], out["coverage"], out["relied"]) == (0, 0.0, 0)
        assert out["hidden"] == len(c)
        assert out["error_exposure"] == 0 and out["error_exposure_per_1000"] == 0.0
        assert out["good_lost"] == int(((y == 1) & r).sum())
        assert out["errors_avoided"] == int(((y == 0) & r).sum())
        assert out["acceptance"] == out["appropriate"] == out["over_reliance"] == \
            out["under_reliance"] == 0.0
        assert out["cost"] == H * int(((y == 1) & r).sum())
        assert "No draft is shown" in out["text"] and "nan" not in out["text"].lower()


def test_confidence_equal_to_the_threshold_is_shown(data):
    out = confidence_threshold_report([0.3, 0.5, 0.7], [1, 1, 0], [1, 1, 1], 0.5,
                                      wrong_reply_cost=1, hidden_draft_cost=1)
    assert (out["shown"], out["good_lost"]) == (2, 1)
    out = confidence_threshold_report([0.3, 0.5, 0.7], [1, 1, 0], [1, 1, 1], 0.7,
                                      wrong_reply_cost=1, hidden_draft_cost=1)
    assert (out["shown"], out["error_exposure"], out["good_lost"]) == (1, 1, 2)
    out = confidence_threshold_report([0.3, 1.0], [1, 1], [1, 1], 1.0,
                                      wrong_reply_cost=1, hidden_draft_cost=1)
    assert out["shown"] == 1  # a confidence of 1.0 is shown at threshold 1.0
    # on the log: every draft at a logged confidence is shown at that threshold
    c, _, _ = data
    value = float(np.sort(c)[len(c) // 3])
    assert report(data, value)["shown"] == int((c >= value).sum()) > int((c > value).sum())


def test_text_states_the_reports_numbers_but_not_the_best_threshold(data):
    for t in (0.0, 0.45, 0.7, 0.93):
        out = report(data, t)
        text = out["text"]
        assert t != out["best_threshold"]
        assert text.startswith(f"At threshold {t:.2f}: {out['shown']:,} of "
                               f"{out['n_drafts']:,} drafts shown")
        assert f"(coverage {out['coverage']:.1%}), {out['hidden']:,} hidden." in text
        assert f"relied on {out['relied']:,} of the {out['shown']:,} shown drafts" in text
        assert f"(acceptance {out['acceptance']:.1%})" in text
        assert f"Error exposure: {out['error_exposure']:,} wrong drafts relied on" in text
        assert f"{out['error_exposure_per_1000']:.1f} per 1,000 drafts" in text
        assert f"hiding avoids {out['errors_avoided']:,} wrong repl" in text
        assert f"Good drafts lost: {out['good_lost']:,} correct draft" in text
        assert f"appropriate reliance {out['appropriate']:.1%}" in text
        assert f"over-reliance {out['over_reliance']:.1%}" in text
        assert f"under-reliance {out['under_reliance']:.1%}" in text
        assert f"Cost {out['cost']:,.0f} agent-minutes" in text
        gap = out["cost"] - out["best_cost"]
        assert gap > 0
        assert f"{gap:,.0f} ({gap / out['best_cost']:.1%}) above the lowest cost" in text
        assert f"{out['best_threshold']:.2f}" not in text  # never which threshold is best
        assert "best" not in text.lower() and "optim" not in text.lower()
        assert "\n" not in text and "e+" not in text


def test_text_names_the_cost_unit(data):
    c, y, r = data
    out = confidence_threshold_report(c, y, r, 0.5, wrong_reply_cost=40, hidden_draft_cost=1.5,
                                      cost_unit="EUR")
    assert f"Cost {out['cost']:,.0f} EUR (" in out["text"] or \
        f"Cost {out['cost']:,.2f} EUR (" in out["text"]
    assert "x 40 +" in out["text"] and "x 1.50)" in out["text"]


def test_curves_match_numpy_on_the_grid(log, data):
    c, y, r = data
    curves = precompute_confidence_curves(c, y, r, wrong_reply_cost=W, hidden_draft_cost=H)
    assert isinstance(curves, ConfidenceCurves)
    np.testing.assert_array_equal(curves.thresholds, GRID)
    expected = numpy_cost_curve(c, y, r)
    np.testing.assert_array_equal(curves.costs, expected)
    shown = c[None, :] >= GRID[:, None]
    np.testing.assert_allclose(curves.coverage, shown.mean(axis=1))
    np.testing.assert_allclose(curves.exposure_per_1000,
                               1000 * (shown & (y == 0) & r).sum(axis=1) / len(c))
    n_shown = shown.sum(axis=1)
    with np.errstate(invalid="ignore"):
        acceptance = (shown & r).sum(axis=1) / n_shown
    np.testing.assert_allclose(curves.acceptance, acceptance)  # NaN where nothing is shown
    assert math.isnan(curves.acceptance[-1])
    np.testing.assert_array_equal(curves.wrong_reply_costs + curves.hidden_draft_costs,
                                  curves.costs)
    assert (curves.best_threshold, curves.best_cost) == lowest(expected)
    for t in (0.3, 0.86):
        assert report(data, t)["best_cost"] == lowest(expected)[1]


def test_curves_for_other_drafts_or_costs_are_refused(data):
    c, y, r = data
    curves = precompute_confidence_curves(c, y, r, wrong_reply_cost=W, hidden_draft_cost=H)
    message = "curves were computed for other drafts or other costs"
    cases = [
        (c, y, r, W + 1, H), (c, y, r, W, 0.0), (c[:-1], y[:-1], r[:-1], W, H),
        (c[::-1], y, r, W, H), (c, 1 - y, r, W, H), (c, y, ~r, W, H),
    ]
    for ci, yi, ri, w, h in cases:
        with pytest.raises(ValueError, match=message):
            confidence_threshold_report(ci, yi, ri, 0.5, wrong_reply_cost=w, hidden_draft_cost=h,
                                        curves=curves)


@pytest.mark.parametrize("kwargs, message", [
    ({"draft_correct": [1, 0]}, "length mismatch: confidence has 3 drafts but draft_correct "
                                "has 2"),
    ({"relied": [1, 0, 1, 1]}, "length mismatch: confidence has 3 drafts but relied has 4"),
    ({"confidence": [], "draft_correct": [], "relied": []}, "confidence is empty"),
    ({"confidence": [0.5, np.nan, 0.7]}, "confidence must be finite"),
    ({"confidence": [0.5, np.inf, 0.7]}, "confidence must be finite"),
    ({"confidence": [0.5, 1.2, 0.7]}, r"confidence must lie in \[0, 1\]"),
    ({"confidence": [-0.1, 0.5, 0.7]}, r"confidence must lie in \[0, 1\]"),
    ({"confidence": ["high", "low", "low"]}, "confidence must hold numbers"),
    ({"confidence": [[0.5, 0.6, 0.7]]}, "confidence must be 1-D"),
    ({"draft_correct": [1, 2, 0]}, "draft_correct must be binary"),
    ({"draft_correct": [1, np.nan, 0]}, "draft_correct must be binary"),
    ({"relied": [0.5, 1, 0]}, "relied must be binary"),
    ({"relied": ["accepted", "edited", "overridden"]}, "relied must be binary"),
    ({"threshold": 1.2}, r"threshold must be a number in \[0, 1\]"),
    ({"threshold": -0.01}, r"threshold must be a number in \[0, 1\]"),
    ({"threshold": np.nan}, r"threshold must be a number in \[0, 1\]"),
    ({"wrong_reply_cost": -1}, "wrong_reply_cost must be non-negative"),
    ({"hidden_draft_cost": -0.5}, "hidden_draft_cost must be non-negative"),
    ({"hidden_draft_cost": np.nan}, "hidden_draft_cost must be a finite number"),
    ({"wrong_reply_cost": [1, 2, 3]}, "wrong_reply_cost must be a finite number"),
    ({"wrong_reply_cost": True}, "wrong_reply_cost must be a finite number"),
])
def test_report_bad_input_is_a_clear_value_error(kwargs, message):
    args = {"confidence": [0.4, 0.6, 0.9], "draft_correct": [1, 0, 1], "relied": [1, 1, 0],
            "threshold": 0.5, "wrong_reply_cost": 48, "hidden_draft_cost": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        confidence_threshold_report(args.pop("confidence"), args.pop("draft_correct"),
                                    args.pop("relied"), args.pop("threshold"), **args)


def test_booleans_and_integer_costs_are_accepted():
    out = confidence_threshold_report(np.array([0.4, 0.9]), np.array([False, True]),
                                      np.array([True, True]), 0.5, wrong_reply_cost=np.int64(3),
                                      hidden_draft_cost=1)
    assert (out["shown"], out["errors_avoided"], out["cost"]) == (1, 1, 0.0)


# --------------------------------------------------------------------------------------------
# 2. the lesson across learner variants
# --------------------------------------------------------------------------------------------


def test_the_module_costs_across_the_learner_variants(seed_data):
    """With 48 and 2 agent-minutes, on every variant: the curves match numpy, hiding every
    draft is at least 5 % dearer than the cheapest threshold, the cheapest threshold lies at or
    below 0.97 (the assistant should show its confident drafts), and across the variants it
    sits in the middle of the range (median between 0.40 and 0.97)."""
    best = []
    for c, y, r in seed_data:
        costs = numpy_cost_curve(c, y, r)
        curves = precompute_confidence_curves(c, y, r, wrong_reply_cost=W, hidden_draft_cost=H)
        np.testing.assert_array_equal(curves.costs, costs)
        t, cost = lowest(costs)
        assert (curves.best_threshold, curves.best_cost) == (t, cost)
        assert t <= 0.97
        assert cost <= 0.95 * costs[-1]  # "show nothing" is clearly worse
        best.append(t)
    assert 0.40 <= np.median(best) <= 0.97


def test_the_quarter_fewer_errors_guardrail_has_an_interior_answer_on_every_variant(seed_data):
    """Module 4's graded decision: the lowest threshold whose wrong drafts relied on fall to
    75 % of showing everything. On every variant it is strictly inside the grid and hides a
    real share of the drafts (confident errors make abstention expensive), and it would be
    missed by showing every draft."""
    grid = np.round(np.arange(0, 1.0001, 0.01), 2)
    for c, y, r in seed_data:
        exposure = np.array([np.sum((c >= t) & (r == 1) & (y == 0)) for t in grid])
        meets = exposure <= 0.75 * exposure[0]
        first = grid[np.argmax(meets)]
        assert 0.5 <= first <= 0.99
        assert 0.1 <= np.mean(c < first) <= 0.5


# --------------------------------------------------------------------------------------------
# 3. the widget
# --------------------------------------------------------------------------------------------


def test_explorer_has_a_labelled_keyboard_slider_and_a_readout(in_tmp, log, renders):
    explorer = confidence_threshold_explorer(log)
    assert isinstance(explorer, widgets.VBox)
    assert "aipm-m4-explorer" in explorer._dom_classes
    slider, readout = controls(explorer)
    assert isinstance(slider, FloatSlider)
    assert slider.description == "Confidence threshold"
    assert (slider.min, slider.max, slider.step) == (0.0, 1.0, 0.01)
    assert slider.continuous_update is False
    assert slider.readout_format == ".2f"
    assert not slider.disabled and slider.layout.display != "none"
    assert isinstance(readout, widgets.HTML)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value
    # the plot and the read-out sit side by side
    (plot,) = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert any(isinstance(w, widgets.HBox) and plot in w.children and readout in w.children
               for w in walk(explorer))


def test_explorer_starts_at_the_default_with_a_consistent_readout(in_tmp, log, data, renders):
    explorer = confidence_threshold_explorer(log)
    slider, readout = controls(explorer)
    assert slider.value == explorer.value == 0.0
    assert readout.value == html_of(report(data, 0.0)["text"])
    other = confidence_threshold_explorer(log, default_threshold=0.6)
    assert other.value == 0.6


def test_updates_run_on_one_blas_thread(in_tmp, log, renders, monkeypatch):
    assert_updates_use_one_blas_thread(
        monkeypatch, trust_module, lambda: confidence_threshold_explorer(log),
        lambda explorer: setattr(controls(explorer)[0], "value", 0.83))


def test_moving_the_slider_updates_the_readout_and_the_value(in_tmp, log, data, renders):
    explorer = confidence_threshold_explorer(log)
    slider, readout = controls(explorer)
    before = readout.value
    slider.value = 0.83
    assert explorer.value == 0.83 and isinstance(explorer.value, float)
    assert readout.value != before
    out = report(data, 0.83)
    assert readout.value == html_of(out["text"])
    assert f"{out['shown']:,} of {len(log):,} drafts shown" in readout.value
    assert f"Cost {out['cost']:,.0f} agent-minutes" in readout.value
    slider.value = 0.2
    assert readout.value == html_of(report(data, 0.2)["text"])


def test_explorer_uses_the_costs_it_is_given(in_tmp, log, data, renders):
    explorer = confidence_threshold_explorer(log, wrong_reply_cost=30.0, hidden_draft_cost=5.0)
    slider, readout = controls(explorer)
    slider.value = 0.9
    expected = report(data, 0.9, wrong_reply_cost=30.0, hidden_draft_cost=5.0)
    assert readout.value == html_of(expected["text"])
    assert expected["text"] != report(data, 0.9)["text"]


def test_value_is_rounded_to_two_decimals(in_tmp, log, renders):
    explorer = confidence_threshold_explorer(log)
    slider, _ = controls(explorer)
    slider.value = 0.1 + 0.2  # 0.30000000000000004
    assert explorer.value == 0.3
    assert saved(in_tmp) == {KEY: 0.3}


@pytest.mark.parametrize("change, message", [
    (lambda log: log.drop(columns="outcome"), r"interactions lacks the columns \['outcome'\]"),
    (lambda log: log.assign(outcome="ignored"), "outcome must be one of"),
    (lambda log: log.assign(confidence=log.confidence.where(log.index != 3)),
     "confidence must be finite"),
    (lambda log: log.assign(draft_correct=2), "draft_correct must be binary"),
    (lambda log: log.to_dict(), "interactions must be a pandas DataFrame"),
])
def test_explorer_refuses_a_bad_log(in_tmp, log, renders, change, message):
    with pytest.raises(ValueError, match=message):
        confidence_threshold_explorer(change(log.head(50)))
    assert not (in_tmp / "decisions.json").exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"default_threshold": 1.5}, r"threshold must be a number in \[0, 1\]"),
    ({"decision_key": ""}, "decision_key must be a non-empty string"),
    ({"wrong_reply_cost": -3}, "wrong_reply_cost must be non-negative"),
])
def test_explorer_bad_options_are_a_clear_value_error(in_tmp, log, renders, kwargs, message):
    with pytest.raises(ValueError, match=message):
        confidence_threshold_explorer(log, **kwargs)
    assert not (in_tmp / "decisions.json").exists()


# --------------------------------------------------------------------------------------------
# 4. the persisted threshold
# --------------------------------------------------------------------------------------------


def test_building_does_not_save_moving_saves_and_rebuilding_restores(in_tmp, log, data,
                                                                     renders):
    slider, _ = controls(confidence_threshold_explorer(log))
    assert not (in_tmp / "decisions.json").exists()
    slider.value = 0.42
    assert saved(in_tmp) == {KEY: 0.42} and type(saved(in_tmp)[KEY]) is float
    slider.value = 0.77
    assert saved(in_tmp) == {KEY: 0.77}
    rebuilt = confidence_threshold_explorer(log)
    new_slider, readout = controls(rebuilt)
    assert rebuilt.value == new_slider.value == 0.77
    assert readout.value == html_of(report(data, 0.77)["text"])
    assert saved(in_tmp) == {KEY: 0.77}


def test_other_decisions_and_keys_are_kept(in_tmp, log, renders):
    (in_tmp / "decisions.json").write_text(json.dumps({"m3_drift_setting": {"kind": "none"}}),
                                           encoding="utf-8")
    controls(confidence_threshold_explorer(log))[0].value = 0.5
    assert saved(in_tmp) == {"m3_drift_setting": {"kind": "none"}, KEY: 0.5}
    other = confidence_threshold_explorer(log, decision_key="m4_other")
    assert other.value == 0.0
    controls(other)[0].value = 0.66
    assert saved(in_tmp) == {"m3_drift_setting": {"kind": "none"}, KEY: 0.5, "m4_other": 0.66}


@pytest.mark.parametrize("stored, expected", [
    (0.25, 0.25),
    (1, 1.0),  # a hand-written 1 in the JSON file is the threshold 1.0
    (0, 0.0),
    (0.0, 0.0),
    (0.333, 0.33),
])
def test_stored_numbers_are_used(in_tmp, log, data, renders, stored, expected):
    (in_tmp / "decisions.json").write_text(json.dumps({KEY: stored}), encoding="utf-8")
    explorer = confidence_threshold_explorer(log, default_threshold=0.5)
    assert explorer.value == expected and isinstance(explorer.value, float)
    assert controls(explorer)[1].value == html_of(report(data, expected)["text"])


@pytest.mark.parametrize("content", [
    "{not json",
    "",
    json.dumps([KEY, 0.3]),
    json.dumps({KEY: "0.3"}),
    json.dumps({KEY: True}),
    json.dumps({KEY: None}),
    json.dumps({KEY: 1.5}),
    json.dumps({KEY: -0.2}),
    json.dumps({KEY: 2}),
    json.dumps({KEY: {"threshold": 0.3}}),
    '{"m4_confidence_threshold": NaN}',
    '{"m4_confidence_threshold": Infinity}',
], ids=["invalid-json", "empty-file", "list", "string", "bool", "null", "above-one",
        "negative", "int-above-one", "dict", "nan", "infinity"])
def test_unusable_stored_threshold_falls_back_to_the_default(in_tmp, log, data, renders,
                                                            content):
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = confidence_threshold_explorer(log, default_threshold=0.4)
    slider, readout = controls(explorer)
    assert explorer.value == slider.value == 0.4
    assert readout.value == html_of(report(data, 0.4)["text"])
    slider.value = 0.7
    assert saved(in_tmp)[KEY] == 0.7


# --------------------------------------------------------------------------------------------
# 5. the figure
# --------------------------------------------------------------------------------------------


def panels(figure) -> dict:
    return {ax.get_title().split(" at threshold")[0].split(" on the ")[0]: ax
            for ax in figure.axes}


def current_points(figure) -> dict:
    """The 'current threshold' marker of each panel, by panel title."""
    points = {}
    for ax in figure.axes:
        marked = [line for line in ax.get_lines() if line.get_gid() == "current"]
        if marked:
            (points[ax.get_title()],) = marked
    return points


def curve(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def test_figure_has_four_panels_with_the_curves_of_the_drafts(in_tmp, log, data, renders):
    confidence_threshold_explorer(log)
    (output, figure), = renders
    assert isinstance(output, widgets.Output)
    axes = panels(figure)
    assert set(axes) == {"Reliance", "Coverage and acceptance",
                         "Cost of wrong replies and of lost drafts", "Error exposure"}
    c, y, r = data
    shown = c[None, :] >= GRID[:, None]
    rates = axes["Coverage and acceptance"]
    np.testing.assert_array_equal(curve(rates, "coverage (shown / all)").get_xdata(), GRID)
    np.testing.assert_allclose(curve(rates, "coverage (shown / all)").get_ydata(),
                               shown.mean(axis=1))
    with np.errstate(invalid="ignore"):
        acceptance = (shown & r).sum(axis=1) / shown.sum(axis=1)
    np.testing.assert_allclose(curve(rates, "acceptance (relied / shown)").get_ydata(),
                               acceptance)
    cost = axes["Cost of wrong replies and of lost drafts"]
    np.testing.assert_allclose(curve(cost, "total cost").get_ydata(), numpy_cost_curve(c, y, r))
    np.testing.assert_allclose(curve(cost, "wrong replies sent").get_ydata(),
                               W * (shown & (y == 0) & r).sum(axis=1))
    np.testing.assert_allclose(curve(cost, "good drafts lost").get_ydata(),
                               H * (~shown & (y == 1) & r).sum(axis=1))
    assert "agent-minutes" in cost.get_ylabel()
    exposure = axes["Error exposure"]
    np.testing.assert_allclose(curve(exposure, "wrong drafts relied on per 1,000").get_ydata(),
                               1000 * (shown & (y == 0) & r).sum(axis=1) / len(c))


def test_reliance_panel_writes_the_counts_of_the_shown_drafts(in_tmp, log, data, renders):
    explorer = confidence_threshold_explorer(log)
    controls(explorer)[0].value = 0.85
    expected = oracle(log, 0.85)
    ax = panels(renders[-1][1])["Reliance"]
    assert ax.get_title() == f"Reliance on the {expected['shown']:,} shown drafts at threshold 0.85"
    texts = {t.get_text() for t in ax.texts}
    for key, reading in (("relied_correct", "appropriate"), ("relied_wrong", "over-reliance"),
                         ("not_relied_correct", "under-reliance"),
                         ("not_relied_wrong", "appropriate")):
        share = expected[key] / expected["shown"]
        assert f"{expected[key]:,}\n{reading}\n{share:.1%} of shown" in texts, key
    assert [t.get_text() for t in ax.get_xticklabels()] == ["relied on", "not relied on"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["draft\ncorrect", "draft\nwrong"]
    # the reliance errors are hatched, the appropriate cells are not: not colour alone
    hatches = sorted(str(patch.get_hatch()) for patch in ax.patches)
    assert hatches == ["//", "//", "None", "None"]


def test_current_points_mark_the_threshold_and_move(in_tmp, log, renders):
    explorer = confidence_threshold_explorer(log)
    figure = renders[-1][1]
    points = current_points(figure)
    assert set(points) == {"Coverage and acceptance", "Cost of wrong replies and of lost drafts",
                           "Error exposure"}
    for t in (0.0, 0.62, 1.0):
        controls(explorer)[0].value = t
        assert renders[-1][1] is figure
        expected = oracle(log, t)
        points = current_points(figure)
        rates = points["Coverage and acceptance"].get_xydata().tolist()
        if expected["shown"]:
            assert rates == [[t, expected["coverage"]], [t, pytest.approx(expected["acceptance"])]]
        else:  # no acceptance when nothing is shown
            assert rates == [[t, 0.0]]
        assert points["Cost of wrong replies and of lost drafts"].get_xydata().tolist() == [
            [t, expected["cost"]]]
        assert points["Error exposure"].get_xydata().tolist() == [
            [t, pytest.approx(expected["error_exposure_per_1000"])]]
        for ax in figure.axes[1:]:
            lines = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
            assert [list(line.get_xdata()) for line in lines] == [[t, t]], ax.get_title()
            legend = [text.get_text() for text in ax.get_legend().get_texts()]
            assert f"threshold {t:.2f}" in legend


def test_series_differ_by_line_style_and_marker_not_colour_alone(in_tmp, log, renders):
    confidence_threshold_explorer(log)
    figure = renders[-1][1]
    curves, markers = [], []
    for ax in figure.axes[1:]:
        for line in ax.get_lines():
            colour = matplotlib.colors.to_hex(line.get_color())
            assert colour in OKABE_ITO, (ax.get_title(), line.get_label(), colour)
            if line.get_gid() == "current":
                markers.append(line)
            elif not line.get_label().startswith("_"):
                curves.append(line)
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
    assert len(curves) == 6 and len(markers) == 3
    for ax in figure.axes[1:]:  # within a panel, no two series share a line style
        styles = [line.get_linestyle() for line in curves if line.axes is ax]
        assert len(set(styles)) == len(styles)
    assert len({line.get_marker() for line in curves}) == len(curves)  # nor a marker
    for line in curves:
        assert line.get_marker() not in (None, "", "None", " ")
    for marker in markers:
        assert marker.get_marker() == "o"
        assert marker.get_marker() not in {line.get_marker() for line in curves}
        assert matplotlib.colors.to_hex(marker.get_markerfacecolor()) == \
            PALETTE["vermillion"].lower()
    for patch in figure.axes[0].patches:
        assert matplotlib.colors.to_hex(patch.get_facecolor()) in OKABE_ITO


def test_shown_image_is_the_figure_drawn_in_full(in_tmp, log, renders):
    # the explorer redraws only what moved over a kept background: the picture must be the
    # one matplotlib draws from scratch, pixel for pixel
    explorer = confidence_threshold_explorer(log)
    slider, _ = controls(explorer)
    figure = renders[-1][1]
    for t in (0.5, 0.0, 1.0, 0.86):
        slider.value = t
        assert renders[-1][1] is figure
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure), f"t = {t}")


def test_figures_are_closed_after_rendering(in_tmp, log):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = confidence_threshold_explorer(log)
    for t in (0.2, 0.9):
        controls(explorer)[0].value = t
    assert plt.get_fignums() == []
