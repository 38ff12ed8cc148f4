"""The Module 2 threshold explorer: its pure compute function, the widget, persisted threshold.

The widget is built in-process (never displayed). Outside a kernel an ipywidgets ``Output``
does not capture what is displayed inside it, so the plot is checked by recording the calls to
``render_figure`` and inspecting the figure handed to it (as in ``test_widgets.py``).
Oracles: scikit-learn's ``confusion_matrix`` / ``precision_score`` / ``recall_score`` /
``f1_score`` with ``zero_division=0`` and the package's own ``expected_cost`` /
``best_threshold`` (themselves tested against scikit-learn in ``test_metrics_cost.py``).
"""

from __future__ import annotations

import json
import math
import re

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score

from ai_product_metrics.metrics import THRESHOLD_GRID, best_threshold, expected_cost
from ai_product_metrics.widgets import (
    PALETTE,
    ThresholdCurves,
    precompute_curves,
    threshold_explorer,
    threshold_report,
)
from ai_product_metrics.widgets import threshold as threshold_module
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

KEY = "m2_threshold"
FP, FN = 5.0, 120.0
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}


# --------------------------------------------------------------------------------------------
# helpers and fixtures
# --------------------------------------------------------------------------------------------


def scored(seed: int, n: int = 3000):
    """Labels (10% positive), scores in (0, 1) that separate the classes imperfectly, amounts."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.1).astype(int)
    s = rng.beta(2 + 3 * y, 5 - 2 * y)
    amounts = np.round(rng.lognormal(4, 1, n), 2)
    return y, s, amounts


@pytest.fixture(scope="module", params=[0, 7], ids=["seed0", "seed7"])
def data(request):
    return scored(request.param)


@pytest.fixture(scope="module")
def data3():
    return scored(3)


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, threshold_module, close=True)


def controls(explorer):
    return (by_class(explorer, "aipm-m2-threshold"), by_class(explorer, "aipm-m2-fp-cost"),
            by_class(explorer, "aipm-m2-fn-cost"), by_class(explorer, "aipm-readout"))


def html_of(text: str) -> str:
    return f'<p role="status" aria-live="polite">{text}</p>'



def current_points(figure) -> dict:
    """The 'current threshold' marker of each panel, by panel title."""
    points = {}
    for ax in figure.axes:
        marked = [line for line in ax.get_lines() if line.get_gid() == "current"]
        if marked:
            (points[ax.get_title()],) = marked
    return points


def oracle(y, s, t):
    predicted = s >= t
    tn, fp, fn, tp = (int(v) for v in confusion_matrix(y, predicted, labels=[0, 1]).ravel())
    return {
        "tn": tn, "fp": fp, "fn": fn, "tp": tp,
        "precision": precision_score(y, predicted, zero_division=0),
        "recall": recall_score(y, predicted, zero_division=0),
        "f1": f1_score(y, predicted, zero_division=0),
    }


# --------------------------------------------------------------------------------------------
# 1. threshold_report, the pure compute
# --------------------------------------------------------------------------------------------

THRESHOLDS = [0.0, 0.05, 0.2, 0.37, 0.5, 0.73, 0.99, 1.0, 0.123]


@pytest.mark.parametrize("per_item", [False, True], ids=["scalar-costs", "per-item-fn-cost"])
def test_report_matches_sklearn_and_the_cost_functions(data, per_item):
    y, s, amounts = data
    fn_cost = amounts if per_item else FN
    curves = precompute_curves(y, s, fp_cost=FP, fn_cost=fn_cost)
    best = best_threshold(y, s, fp_cost=FP, fn_cost=fn_cost)
    for t in THRESHOLDS:
        out = threshold_report(y, s, t, fp_cost=FP, fn_cost=fn_cost, curves=curves)
        expected = oracle(y, s, t)
        for key in ("tn", "fp", "fn", "tp"):
            assert out[key] == expected[key], (t, key)
            assert type(out[key]) is int
        for key in ("precision", "recall", "f1"):
            assert out[key] == pytest.approx(expected[key], abs=1e-12), (t, key)
            assert type(out[key]) is float
        assert out["threshold"] == t
        assert out["expected_cost"] == pytest.approx(
            expected_cost(y, s, t, fp_cost=FP, fn_cost=fn_cost), rel=1e-9)
        assert (out["best_threshold"], out["best_cost"]) == pytest.approx(best, rel=1e-9)
        # without precomputed curves: the same numbers
        assert _same(threshold_report(y, s, t, fp_cost=FP, fn_cost=fn_cost), out)


def _same(a: dict, b: dict) -> bool:
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], float):
            assert a[key] == pytest.approx(b[key], rel=1e-12), key
        else:
            assert a[key] == b[key], key
    return True


def test_report_keys():
    out = threshold_report([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, fp_cost=1, fn_cost=10)
    assert list(out) == ["threshold", "tn", "fp", "fn", "tp", "precision", "recall", "f1",
                         "expected_cost", "best_threshold", "best_cost", "text"]


def test_report_closed_form_text():
    out = threshold_report([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], 0.5, fp_cost=1, fn_cost=10)
    assert out["text"] == (
        "At threshold 0.50: 1 true positive, 1 false positive, 1 false negative and "
        "1 true negative. Precision 50.0%, recall 50.0%, F1 50.0%. Expected cost 11: "
        "10 (1000.0%) above the lowest expected cost of any threshold on the grid "
        "0.00, 0.01, ..., 1.00."
    )
    assert (out["best_threshold"], out["best_cost"]) == (0.11, 1.0)


def test_report_text_states_counts_rates_and_cost_but_not_the_best_threshold(data):
    y, s, _ = data
    best_t, best_c = best_threshold(y, s, fp_cost=FP, fn_cost=FN)
    for t in (0.1, 0.3, 0.6, 0.9):
        if t == best_t:
            continue
        out = threshold_report(y, s, t, fp_cost=FP, fn_cost=FN)
        text = out["text"]
        assert text.startswith(f"At threshold {t:.2f}:")
        assert f"{out['tp']:,} true positive" in text
        assert f"{out['fp']:,} false positive" in text
        assert f"{out['fn']:,} false negative" in text
        assert f"{out['tn']:,} true negative" in text
        assert f"Precision {out['precision']:.1%}" in text
        assert f"recall {out['recall']:.1%}" in text
        assert f"F1 {out['f1']:.1%}" in text
        assert f"Expected cost {out['expected_cost']:,.0f}:" in text
        gap = out["expected_cost"] - best_c
        assert gap > 0
        assert f"{gap:,.0f} ({gap / best_c:.1%}) above the lowest expected cost" in text
        assert f"{best_t:.2f}" not in text  # never which threshold is best
        assert "best" not in text.lower()
        assert "e+" not in text and "\n" not in text


def test_report_uses_thousands_separators():
    y, s, _ = scored(1, n=20_000)
    out = threshold_report(y, s, 0.3, fp_cost=1000, fn_cost=25_000)
    assert out["tn"] > 1000 and out["expected_cost"] > 1e6
    assert f"{out['tn']:,} true negatives" in out["text"]
    assert "," in f"{out['tn']:,}"
    assert f"Expected cost {out['expected_cost']:,.0f}:" in out["text"]


def test_report_with_per_item_costs_shows_cents_when_needed(data3):
    y, s, amounts = data3
    out = threshold_report(y, s, 0.55, fp_cost=FP, fn_cost=amounts)
    assert f"Expected cost {out['expected_cost']:,.2f}:" in out["text"]


def test_report_at_the_best_threshold_says_equal(data3):
    y, s, _ = data3
    best_t, _ = best_threshold(y, s, fp_cost=FP, fn_cost=FN)
    out = threshold_report(y, s, best_t, fp_cost=FP, fn_cost=FN)
    assert out["expected_cost"] == pytest.approx(out["best_cost"])
    assert "equal to the lowest expected cost" in out["text"]


def test_threshold_zero_predicts_everything_positive(data3):
    y, s, _ = data3
    out = threshold_report(y, s, 0.0, fp_cost=FP, fn_cost=FN)
    assert out["tn"] == out["fn"] == 0
    assert out["tp"] == int(y.sum()) and out["fp"] == int((y == 0).sum())
    assert out["recall"] == 1.0
    assert out["precision"] == pytest.approx(y.mean())
    assert out["expected_cost"] == pytest.approx(FP * (y == 0).sum())


def test_threshold_one_predicts_nothing_positive_so_precision_is_zero(data3):
    y, s, _ = data3
    assert s.max() < 1
    out = threshold_report(y, s, 1.0, fp_cost=FP, fn_cost=FN)
    assert out["tp"] == out["fp"] == 0
    assert out["precision"] == 0.0 and out["recall"] == 0.0 and out["f1"] == 0.0
    assert out["expected_cost"] == pytest.approx(FN * y.sum())
    assert "Precision 0.0%, recall 0.0%, F1 0.0%" in out["text"]


def test_score_equal_to_the_threshold_is_positive():
    out = threshold_report([0, 1, 1], [0.2, 0.5, 1.0], 1.0, fp_cost=1, fn_cost=1)
    assert (out["tp"], out["fn"]) == (1, 1)  # the score 1.0 is positive at threshold 1.0
    out = threshold_report([0, 1, 1], [0.2, 0.5, 1.0], 0.5, fp_cost=1, fn_cost=1)
    assert (out["tp"], out["fn"], out["precision"]) == (2, 0, 1.0)


def test_curves_are_the_sklearn_curves_and_reused(data3):
    from sklearn.metrics import precision_recall_curve, roc_curve

    y, s, amounts = data3
    curves = precompute_curves(y, s, fp_cost=FP, fn_cost=amounts)
    assert isinstance(curves, ThresholdCurves)
    for got, want in zip((curves.precision, curves.recall, curves.pr_thresholds),
                         precision_recall_curve(y, s), strict=True):
        np.testing.assert_array_equal(got, want)
    for got, want in zip((curves.fpr, curves.tpr, curves.roc_thresholds), roc_curve(y, s),
                         strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(curves.thresholds, THRESHOLD_GRID)
    direct = [expected_cost(y, s, t, fp_cost=FP, fn_cost=amounts) for t in THRESHOLD_GRID]
    np.testing.assert_allclose(curves.costs, direct, rtol=1e-9)
    cheaper = curves.with_costs(fp_cost=1.0, fn_cost=amounts)
    assert cheaper.precision is curves.precision and cheaper.fpr is curves.fpr
    assert (cheaper.best_threshold, cheaper.best_cost) == pytest.approx(
        best_threshold(y, s, fp_cost=1.0, fn_cost=amounts))


def test_curves_for_other_costs_or_data_are_refused(data3):
    y, s, amounts = data3
    curves = precompute_curves(y, s, fp_cost=FP, fn_cost=FN)
    with pytest.raises(ValueError, match="curves were computed for other data or other costs"):
        threshold_report(y, s, 0.5, fp_cost=FP, fn_cost=FN + 1, curves=curves)
    with pytest.raises(ValueError, match="curves were computed for other data or other costs"):
        threshold_report(y, s, 0.5, fp_cost=FP, fn_cost=amounts, curves=curves)
    with pytest.raises(ValueError, match="curves were computed for other data or other costs"):
        threshold_report(y[:-1], s[:-1], 0.5, fp_cost=FP, fn_cost=FN, curves=curves)
    with pytest.raises(ValueError, match="curves were computed for other data or other costs"):
        threshold_report(y, s[::-1], 0.5, fp_cost=FP, fn_cost=FN, curves=curves)


@pytest.mark.parametrize("kwargs, message", [
    ({"y_true": [1, 1, 1]}, "single class"),
    ({"y_true": [0, 0, 0]}, "single class"),
    ({"threshold": 1.2}, r"threshold must be a number in \[0, 1\]"),
    ({"y_score": [0.1, np.nan, 0.3]}, "y_score must be finite"),
    ({"fn_cost": -1}, "fn_cost must be non-negative"),
    ({"fp_cost": [1, 2]}, "length mismatch"),
    ({"y_true": [0, 1, 2]}, "y_true must be binary"),
])
def test_report_bad_input_is_a_clear_value_error(kwargs, message):
    args = {"y_true": [0, 1, 1], "y_score": [0.1, 0.2, 0.3], "threshold": 0.5, "fp_cost": 1,
            "fn_cost": 1, **kwargs}
    with pytest.raises(ValueError, match=message):
        threshold_report(args.pop("y_true"), args.pop("y_score"), args.pop("threshold"), **args)


# --------------------------------------------------------------------------------------------
# 2. the widget
# --------------------------------------------------------------------------------------------


def test_explorer_has_labelled_keyboard_controls(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    assert isinstance(explorer, widgets.VBox)
    assert "aipm-m2-explorer" in explorer._dom_classes
    slider, fp_input, fn_input, readout = controls(explorer)
    assert isinstance(slider, FloatSlider)
    assert (slider.min, slider.max, slider.step) == (0.0, 1.0, 0.01)
    assert slider.continuous_update is False
    assert slider.readout_format == ".2f"
    assert slider.description == "Threshold"
    assert isinstance(fp_input, widgets.BoundedFloatText)
    assert isinstance(fn_input, widgets.BoundedFloatText)
    assert fp_input.description == "Cost of a false positive"
    assert fn_input.description == "Cost of a false negative"
    assert (fp_input.value, fn_input.value) == (FP, FN)
    assert fp_input.min == fn_input.min == 0
    assert fp_input.max >= 1e9 and fn_input.max >= 1e9  # not ipywidgets' default of 100
    for control in (slider, fp_input, fn_input):
        assert not control.disabled and control.layout.display != "none"
    assert isinstance(readout, widgets.HTML)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value


def test_explorer_starts_at_the_default_with_a_consistent_readout(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider, _, _, readout = controls(explorer)
    assert slider.value == explorer.value == 0.5
    assert readout.value == html_of(threshold_report(y, s, 0.5, fp_cost=FP, fn_cost=FN)["text"])
    other = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY,
                               default_threshold=0.3)
    assert other.value == 0.3


def test_updates_run_on_one_blas_thread(in_tmp, data3, renders, monkeypatch):
    y, s, _ = data3
    assert_updates_use_one_blas_thread(
        monkeypatch, threshold_module,
        lambda: threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY),
        lambda explorer: setattr(controls(explorer)[0], "value", 0.27))


def test_moving_the_slider_updates_readout_and_value(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider, _, _, readout = controls(explorer)
    before = readout.value
    slider.value = 0.27
    assert explorer.value == 0.27 and isinstance(explorer.value, float)
    assert readout.value != before
    assert readout.value == html_of(threshold_report(y, s, 0.27, fp_cost=FP, fn_cost=FN)["text"])
    assert "At threshold 0.27:" in readout.value


def test_value_is_rounded_to_two_decimals(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider = controls(explorer)[0]
    slider.value = 0.1 + 0.2  # 0.30000000000000004
    assert explorer.value == 0.3
    assert saved(in_tmp) == {KEY: 0.3}


def test_editing_a_cost_updates_the_readout_but_saves_nothing(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider, fp_input, fn_input, readout = controls(explorer)
    first = readout.value
    fn_input.value = 500.0
    second = readout.value
    assert second != first
    assert second == html_of(threshold_report(y, s, 0.5, fp_cost=FP, fn_cost=500.0)["text"])
    fp_input.value = 40.0
    assert readout.value != second
    assert readout.value == html_of(threshold_report(y, s, 0.5, fp_cost=40.0,
                                                     fn_cost=500.0)["text"])
    assert explorer.value == 0.5
    assert not (in_tmp / "decisions.json").exists()
    # the slider then reports with the edited costs
    slider.value = 0.4
    assert readout.value == html_of(threshold_report(y, s, 0.4, fp_cost=40.0,
                                                     fn_cost=500.0)["text"])


def test_per_item_costs_disable_the_input_but_keep_its_label(in_tmp, data3):
    y, s, amounts = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=amounts, decision_key=KEY)
    slider, fp_input, fn_input, readout = controls(explorer)
    assert isinstance(fn_input, widgets.Text) and not isinstance(fn_input, widgets.FloatText)
    assert fn_input.disabled
    assert fn_input.value == "per item (e.g. the amount)"
    assert fn_input.description == "Cost of a false negative"
    assert isinstance(fp_input, widgets.BoundedFloatText) and not fp_input.disabled
    assert readout.value == html_of(threshold_report(y, s, 0.5, fp_cost=FP,
                                                     fn_cost=amounts)["text"])
    fp_input.value = 12.0
    assert readout.value == html_of(threshold_report(y, s, 0.5, fp_cost=12.0,
                                                     fn_cost=amounts)["text"])
    both = threshold_explorer(y, s, fp_cost=amounts / 100, fn_cost=amounts, decision_key=KEY)
    _, fp_both, fn_both, _ = controls(both)
    assert fp_both.disabled and fn_both.disabled
    assert fp_both.description == "Cost of a false positive"


def test_title_is_shown(in_tmp, data3):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY,
                                  title="Fraud <alerts>")
    headings = [w for w in walk(explorer) if isinstance(w, widgets.HTML)
                and "aipm-readout" not in w._dom_classes]
    assert any("Fraud &lt;alerts&gt;" in w.value for w in headings)
    # bold text, not an <h4>: under a notebook's headings a fixed level skips levels
    # (axe-core heading-order)
    assert not any(re.search(r"<h[1-6]", w.value) for w in headings)


@pytest.mark.parametrize("kwargs, message", [
    ({"default_threshold": 1.5}, r"threshold must be a number in \[0, 1\]"),
    ({"decision_key": ""}, "decision_key must be a non-empty string"),
    ({"fn_cost": -3}, "fn_cost must be non-negative"),
])
def test_explorer_bad_input_is_a_clear_value_error(in_tmp, data3, kwargs, message):
    y, s, _ = data3
    args = {"fp_cost": FP, "fn_cost": FN, "decision_key": KEY, **kwargs}
    with pytest.raises(ValueError, match=message):
        threshold_explorer(y, s, **args)
    assert not (in_tmp / "decisions.json").exists()


# --------------------------------------------------------------------------------------------
# 3. the figure
# --------------------------------------------------------------------------------------------


def test_figure_has_four_panels_and_the_current_points_move(in_tmp, data3, renders):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider, _, fn_input, _ = controls(explorer)
    plot = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert len(renders) == 1 and renders[0][0] is plot[0]
    figure = renders[-1][1]
    assert len(figure.axes) == 4
    points = current_points(figure)
    assert set(points) == {"Precision-recall", "ROC", "Expected cost of the errors"}
    report = threshold_report(y, s, 0.5, fp_cost=FP, fn_cost=FN)
    assert points["Precision-recall"].get_xydata().tolist() == [[report["recall"],
                                                                 report["precision"]]]
    n_neg = report["tn"] + report["fp"]
    assert points["ROC"].get_xydata().tolist() == [[report["fp"] / n_neg, report["recall"]]]
    assert points["Expected cost of the errors"].get_xydata().tolist() == [
        [0.5, report["expected_cost"]]]
    # the explorer may move these very artists: keep their positions, not the artists
    before = {title: line.get_xydata().tolist() for title, line in points.items()}

    slider.value = 0.2
    assert len(renders) == 2
    assert renders[-1][0] is plot[0]
    moved = current_points(renders[-1][1])
    assert set(moved) == set(points)
    for title, line in moved.items():
        assert line.get_xydata().tolist() != before[title], title
    assert moved["Expected cost of the errors"].get_xdata()[0] == 0.2

    fn_input.value = 1.0
    assert len(renders) == 3
    cost_ax = [ax for ax in renders[-1][1].axes if ax.get_title().startswith("Expected")][0]
    (curve,) = [line for line in cost_ax.get_lines() if line.get_label() == "expected cost"]
    direct = [expected_cost(y, s, t, fp_cost=FP, fn_cost=1.0) for t in THRESHOLD_GRID]
    np.testing.assert_allclose(curve.get_ydata(), direct, rtol=1e-9)


def test_confusion_matrix_panel_writes_the_counts(in_tmp, data3, renders):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    controls(explorer)[0].value = 0.35
    report = threshold_report(y, s, 0.35, fp_cost=FP, fn_cost=FN)
    matrix_ax = renders[-1][1].axes[0]
    assert "Confusion matrix" in matrix_ax.get_title()
    texts = {t.get_text() for t in matrix_ax.texts}
    for key, name in (("tn", "true negatives"), ("fp", "false positives"),
                      ("fn", "false negatives"), ("tp", "true positives")):
        assert f"{report[key]:,}\n{name}" in texts
    assert [t.get_text() for t in matrix_ax.get_xticklabels()] == ["predicted 0", "predicted 1"]
    assert [t.get_text() for t in matrix_ax.get_yticklabels()] == ["actual 0", "actual 1"]


def test_series_differ_by_line_style_and_marker_not_colour_alone(in_tmp, data3, renders):
    y, s, _ = data3
    threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
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
    labels = [line.get_label() for line in curves]
    assert {"precision-recall curve", "ROC curve", "chance", "expected cost"} <= set(labels)
    data_curves = [line for line in curves if line.get_label() != "chance"]
    assert len({line.get_linestyle() for line in curves}) == len(curves)
    assert len({line.get_marker() for line in data_curves}) == len(data_curves)
    for line in data_curves:
        assert line.get_marker() not in (None, "", "None", " ")
    for marker in markers:
        assert marker.get_marker() == "o"
        assert marker.get_marker() not in {line.get_marker() for line in data_curves}
        assert matplotlib.colors.to_hex(marker.get_color()) == PALETTE["vermillion"].lower()


@pytest.mark.parametrize("per_item", [False, True], ids=["scalar-costs", "per-item-fn-cost"])
def test_shown_image_is_the_figure_drawn_in_full(in_tmp, data3, renders, per_item):
    # the explorer redraws only what moved over a kept background: the picture must be the
    # one matplotlib draws from scratch, pixel for pixel, whatever changed
    y, s, amounts = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=amounts if per_item else FN,
                                  decision_key=KEY)
    slider, fp_input, fn_input, _ = controls(explorer)
    figure = renders[-1][1]
    steps = [(slider, 0.2), (slider, 0.0), (slider, 1.0), (fp_input, 40.0), (slider, 0.63)]
    if not per_item:
        steps += [(fn_input, 2000.0), (slider, 0.5)]
    for control, value in steps:
        control.value = value
        assert renders[-1][1] is figure
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure),
                            f"{control.description} = {value}")


def test_updated_figure_is_the_figure_built_for_that_setting(in_tmp, data3, renders):
    y, s, _ = data3
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    slider, fp_input, fn_input, _ = controls(explorer)
    slider.value = 0.3
    fn_input.value = 300.0
    fp_input.value = 12.0
    slider.value = 0.44
    updated = png_pixels(renders[-1][1].to_png())
    fresh = threshold_explorer(y, s, fp_cost=12.0, fn_cost=300.0, decision_key=KEY)
    assert fresh.value == 0.44  # the saved threshold
    assert_same_picture(updated, png_pixels(renders[-1][1].to_png()))


def test_figures_are_closed_after_rendering(in_tmp, data3):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = threshold_explorer(y_true=data3[0], y_score=data3[1], fp_cost=FP, fn_cost=FN,
                                  decision_key=KEY)
    slider = controls(explorer)[0]
    for t in (0.2, 0.3):
        slider.value = t
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------------------------
# 4. the persisted threshold
# --------------------------------------------------------------------------------------------


def test_building_the_widget_does_not_write_a_decision(in_tmp, data3):
    y, s, _ = data3
    threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    assert not (in_tmp / "decisions.json").exists()


def test_moving_the_slider_saves_and_a_rebuilt_explorer_starts_there(in_tmp, data3):
    y, s, _ = data3
    slider = controls(threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY))[0]
    slider.value = 0.42
    assert saved(in_tmp) == {KEY: 0.42}
    assert type(saved(in_tmp)[KEY]) is float
    slider.value = 0.61
    assert saved(in_tmp) == {KEY: 0.61}
    rebuilt = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    new_slider, _, _, readout = controls(rebuilt)
    assert rebuilt.value == new_slider.value == 0.61
    assert readout.value == html_of(threshold_report(y, s, 0.61, fp_cost=FP, fn_cost=FN)["text"])


def test_other_decisions_are_kept(in_tmp, data3):
    y, s, _ = data3
    (in_tmp / "decisions.json").write_text(json.dumps({"m1_rollback_week": 6}), encoding="utf-8")
    controls(threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY))[0].value = 0.3
    assert saved(in_tmp) == {"m1_rollback_week": 6, KEY: 0.3}
    assert threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key="other").value == 0.5


@pytest.mark.parametrize("stored, expected", [
    (0.25, 0.25),
    (1, 1.0),     # a hand-written 1 in the JSON file is the threshold 1.0
    (0, 0.0),
    (0.0, 0.0),
    (0.333, 0.33),
])
def test_stored_numbers_are_used(in_tmp, data3, stored, expected):
    y, s, _ = data3
    (in_tmp / "decisions.json").write_text(json.dumps({KEY: stored}), encoding="utf-8")
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY)
    assert explorer.value == expected and isinstance(explorer.value, float)
    assert not math.isnan(explorer.value)


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
    '{"m2_threshold": NaN}',
    '{"m2_threshold": Infinity}',
], ids=["invalid-json", "empty-file", "list", "string", "bool", "null", "above-one",
        "negative", "int-above-one", "nan", "infinity"])
def test_unusable_stored_threshold_falls_back_to_the_default(in_tmp, data3, content):
    y, s, _ = data3
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = threshold_explorer(y, s, fp_cost=FP, fn_cost=FN, decision_key=KEY,
                                  default_threshold=0.4)
    slider, _, _, readout = controls(explorer)
    assert explorer.value == slider.value == 0.4
    assert readout.value == html_of(threshold_report(y, s, 0.4, fp_cost=FP, fn_cost=FN)["text"])
    slider.value = 0.7
    assert saved(in_tmp)[KEY] == 0.7
