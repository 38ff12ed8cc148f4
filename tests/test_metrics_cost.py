"""Module 2 cost-of-error metrics against scikit-learn, numpy and closed forms.

Convention everywhere: a score at or above the threshold predicts positive (as
``sklearn.metrics.roc_curve``). Oracles: ``sklearn.metrics.confusion_matrix`` of
``y_score >= threshold``, explicit masked sums for per-sample costs, and a brute-force loop over
the grid for the vectorised cost curve.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix

from ai_product_metrics import metrics
from ai_product_metrics.metrics import (
    THRESHOLD_GRID,
    best_threshold,
    confusion_counts,
    cost_curve,
    expected_cost,
    segmented_best_thresholds,
)

# scores and thresholds mix arbitrary floats with grid values, so that ties between a score and
# a threshold (the ">=" convention) are exercised
unit_floats = st.floats(0, 1, allow_nan=False)
grid_values = st.sampled_from([float(t) for t in THRESHOLD_GRID])
score_values = st.one_of(unit_floats, grid_values)
thresholds_st = st.one_of(grid_values, unit_floats)
scalar_costs = st.one_of(st.integers(0, 1000).map(float), st.floats(0, 1e4, allow_nan=False))

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def labelled(draw, min_size: int = 1, max_size: int = 40, integer_costs: bool = False):
    """(y_true, y_score, per-sample fp costs, per-sample fn costs, segments), all of length n."""
    n = draw(st.integers(min_size, max_size))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)), dtype=int)
    s = np.array(draw(st.lists(score_values, min_size=n, max_size=n)), dtype=float)
    cost = st.integers(0, 500).map(float) if integer_costs else st.floats(0, 1e4,
                                                                          allow_nan=False)
    fp = np.array(draw(st.lists(cost, min_size=n, max_size=n)), dtype=float)
    fn = np.array(draw(st.lists(cost, min_size=n, max_size=n)), dtype=float)
    segments = np.array(draw(st.lists(st.sampled_from(["low", "high", "mid"]), min_size=n,
                                      max_size=n)))
    return y, s, fp, fn, segments


def sklearn_counts(y, s, t):
    tn, fp, fn, tp = confusion_matrix(y, s >= t, labels=[0, 1]).ravel()
    return int(tn), int(fp), int(fn), int(tp)


def masked_cost(y, s, t, fp_cost, fn_cost):
    """The definition, written out: sum the cost of each error of each kind."""
    predicted = s >= t
    fp_mask = predicted & (y == 0)
    fn_mask = ~predicted & (y == 1)
    fp_each = np.broadcast_to(np.asarray(fp_cost, dtype=float), y.shape)
    fn_each = np.broadcast_to(np.asarray(fn_cost, dtype=float), y.shape)
    return float(fp_each[fp_mask].sum() + fn_each[fn_mask].sum())


def scale(*costs) -> float:
    return max(1.0, *(float(np.sum(c)) * 1.0 for c in costs))


# --------------------------------------------------------------------------------------------
# confusion_counts and expected_cost
# --------------------------------------------------------------------------------------------


@SETTINGS
@given(labelled(), thresholds_st)
def test_confusion_counts_match_sklearn(data, t):
    y, s, *_ = data
    counts = confusion_counts(y, s, t)
    assert list(counts) == ["tn", "fp", "fn", "tp"]
    assert all(type(v) is int for v in counts.values())
    assert (counts["tn"], counts["fp"], counts["fn"], counts["tp"]) == sklearn_counts(y, s, t)
    assert sum(counts.values()) == len(y)
    # and against plain numpy, with the >= convention spelled out
    assert counts["tp"] == int(np.sum((y == 1) & (s >= t)))
    assert counts["fn"] == int(np.sum((y == 1) & (s < t)))


def test_confusion_counts_accept_bools_and_lists():
    assert confusion_counts([False, True, True], [0.2, 0.2, 0.9], 0.5) == {
        "tn": 1, "fp": 0, "fn": 1, "tp": 1}
    assert confusion_counts(np.array([0.0, 1.0]), [0.5, 0.49], 0.5) == {
        "tn": 0, "fp": 1, "fn": 1, "tp": 0}


@SETTINGS
@given(labelled(), thresholds_st, scalar_costs, scalar_costs)
def test_expected_cost_with_scalar_costs_matches_sklearn_confusion_matrix(data, t, fp_c, fn_c):
    y, s, *_ = data
    _, fp, fn, _ = sklearn_counts(y, s, t)
    got = expected_cost(y, s, t, fp_cost=fp_c, fn_cost=fn_c)
    assert isinstance(got, float)
    assert got == pytest.approx(fp_c * fp + fn_c * fn, rel=1e-12, abs=1e-9)


@SETTINGS
@given(labelled(), thresholds_st, scalar_costs)
def test_expected_cost_with_per_sample_costs_is_the_masked_sum(data, t, fp_scalar):
    y, s, fp_each, fn_each, _ = data
    for fp_cost, fn_cost in ((fp_scalar, fn_each), (fp_each, fp_scalar), (fp_each, fn_each)):
        got = expected_cost(y, s, t, fp_cost=fp_cost, fn_cost=fn_cost)
        assert got == pytest.approx(masked_cost(y, s, t, fp_cost, fn_cost), rel=1e-12, abs=1e-9)
    # a per-sample array of one constant is the same as that scalar
    assert expected_cost(y, s, t, fp_cost=np.full(len(y), fp_scalar), fn_cost=3.0) == (
        pytest.approx(expected_cost(y, s, t, fp_cost=fp_scalar, fn_cost=3.0), rel=1e-12))


def test_expected_cost_ignores_costs_of_samples_that_are_not_errors():
    y, s = [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9]
    # only sample 1 is a false positive and only sample 2 a false negative at 0.5
    fp_each, fn_each = [1e6, 7, 1e6, 1e6], [1e6, 1e6, 250, 1e6]
    assert expected_cost(y, s, 0.5, fp_cost=fp_each, fn_cost=fn_each) == 257.0


# --------------------------------------------------------------------------------------------
# cost_curve and best_threshold
# --------------------------------------------------------------------------------------------


@SETTINGS
@given(labelled(), scalar_costs, scalar_costs)
def test_cost_curve_equals_expected_cost_at_every_grid_point(data, fp_c, fn_c):
    y, s, fp_each, fn_each, _ = data
    for fp_cost, fn_cost in ((fp_c, fn_c), (fp_c, fn_each), (fp_each, fn_each)):
        grid, costs = cost_curve(y, s, fp_cost=fp_cost, fn_cost=fn_cost)
        np.testing.assert_array_equal(grid, THRESHOLD_GRID)
        direct = [expected_cost(y, s, t, fp_cost=fp_cost, fn_cost=fn_cost) for t in grid]
        np.testing.assert_allclose(costs, direct, rtol=1e-9, atol=1e-9 * scale(fp_each, fn_each))


@SETTINGS
@given(labelled(), st.lists(thresholds_st, min_size=1, max_size=15))
def test_cost_curve_on_a_custom_grid_keeps_its_order(data, thresholds):
    y, s, fp_each, fn_each, _ = data
    grid, costs = cost_curve(y, s, fp_cost=fp_each, fn_cost=fn_each, thresholds=thresholds)
    np.testing.assert_array_equal(grid, np.asarray(thresholds, dtype=float))
    direct = [masked_cost(y, s, t, fp_each, fn_each) for t in thresholds]
    np.testing.assert_allclose(costs, direct, rtol=1e-9, atol=1e-9 * scale(fp_each, fn_each))


def test_threshold_grid_is_0_to_1_in_steps_of_0_01():
    assert THRESHOLD_GRID.shape == (101,)
    assert THRESHOLD_GRID[0] == 0.0 and THRESHOLD_GRID[-1] == 1.0
    np.testing.assert_allclose(np.diff(THRESHOLD_GRID), 0.01, atol=1e-12)
    assert 0.29 in THRESHOLD_GRID and 0.57 in THRESHOLD_GRID  # exact decimals, no 0.570000001


@SETTINGS
@given(labelled(integer_costs=True), st.integers(0, 50), st.integers(0, 50))
def test_best_threshold_is_the_lowest_argmin_of_the_direct_costs(data, fp_c, fn_c):
    # integer costs: every sum is exact, so ties are exact and the argmin is unambiguous
    y, s, fp_each, fn_each, _ = data
    for fp_cost, fn_cost in ((float(fp_c), float(fn_c)), (float(fp_c), fn_each),
                             (fp_each, fn_each)):
        direct = np.array([masked_cost(y, s, t, fp_cost, fn_cost) for t in THRESHOLD_GRID])
        t_best, c_best = best_threshold(y, s, fp_cost=fp_cost, fn_cost=fn_cost)
        assert isinstance(t_best, float) and isinstance(c_best, float)
        assert c_best == direct.min()
        assert t_best == THRESHOLD_GRID[np.argmin(direct)]  # first minimum = lowest threshold
        assert (direct[THRESHOLD_GRID < t_best] > c_best).all()


@SETTINGS
@given(labelled(), st.lists(thresholds_st, min_size=1, max_size=15, unique=True))
def test_best_threshold_on_an_unsorted_grid_prefers_the_lowest_tie(data, thresholds):
    y, s, fp_each, fn_each, _ = data
    t_best, c_best = best_threshold(y, s, fp_cost=fp_each, fn_cost=fn_each,
                                    thresholds=thresholds)
    assert t_best in thresholds
    direct = np.array([masked_cost(y, s, t, fp_each, fn_each) for t in thresholds])
    tolerance = 1e-9 * scale(fp_each, fn_each)
    assert c_best == pytest.approx(direct.min(), abs=tolerance)
    lower = np.asarray(thresholds) < t_best
    assert (direct[lower] > direct.min() + tolerance / 2).all()
    reversed_result = best_threshold(y, s, fp_cost=fp_each, fn_cost=fn_each,
                                     thresholds=thresholds[::-1])
    assert reversed_result[0] == t_best


def test_best_threshold_ties_go_to_the_lowest_threshold():
    # every threshold in (0.1, 0.4] costs 1 (one false positive); 0.11 is the lowest on the grid
    assert best_threshold([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], fp_cost=1, fn_cost=10) == (0.11, 1.0)
    # zero costs: every threshold ties at 0, so 0.0 wins
    assert best_threshold([0, 1], [0.3, 0.6], fp_cost=0, fn_cost=0) == (0.0, 0.0)


@pytest.mark.parametrize("fp, fn", [(1, 1), (1, 4), (4, 1), (1, 9), (3, 7)])
def test_calibrated_scores_best_threshold_is_fp_over_fp_plus_fn(fp, fn):
    # a large deterministic, perfectly calibrated data set: 1,000 score levels s = (i + 0.5) /
    # 1000, 400 items each, of which round(400 * s) are positive, so P(y = 1 | s) = s. Then
    # predicting positive at s costs fp * (1 - s) per item and predicting negative fn * s: the
    # best threshold is where they cross, s* = fp / (fp + fn).
    levels, copies = 1000, 400
    s_levels = (np.arange(levels) + 0.5) / levels
    positives = np.round(copies * s_levels).astype(int)
    y = (np.arange(copies)[None, :] < positives[:, None]).astype(int).ravel()
    s = np.repeat(s_levels, copies)
    assert y.mean() == pytest.approx(0.5, abs=1e-3)
    t_best, c_best = best_threshold(y, s, fp_cost=fp, fn_cost=fn)
    assert abs(t_best - fp / (fp + fn)) <= 0.011
    # and its cost is the closed-form integral, up to the grid's resolution
    star = fp / (fp + fn)
    closed = copies * levels * (fn * star**2 / 2 + fp * (1 - star) ** 2 / 2)
    assert c_best == pytest.approx(closed, rel=2e-3)


# --------------------------------------------------------------------------------------------
# segmented_best_thresholds
# --------------------------------------------------------------------------------------------


@SETTINGS
@given(labelled(min_size=2), scalar_costs)
def test_segmented_thresholds_never_cost_more_than_one_threshold(data, fp_c):
    y, s, _, fn_each, segments = data
    result = segmented_best_thresholds(y, s, segments, fp_cost=fp_c, fn_cost=fn_each)
    assert sorted(result) == sorted(set(segments.tolist()))
    assert all(type(label) is str for label in result)
    _, single = best_threshold(y, s, fp_cost=fp_c, fn_cost=fn_each)
    total = sum(cost for _, cost in result.values())
    assert total <= single + 1e-9 * scale(fn_each, fp_c)
    # each segment's choice is best_threshold on that segment alone
    for label, (t, cost) in result.items():
        mask = segments == label
        expected = best_threshold(y[mask], s[mask], fp_cost=fp_c, fn_cost=fn_each[mask])
        assert (t, cost) == pytest.approx(expected)
        # and the segment costs add up: applying them is the masked sum over the segment
        assert cost == pytest.approx(masked_cost(y[mask], s[mask], t, fp_c, fn_each[mask]),
                                     rel=1e-9, abs=1e-9 * scale(fn_each))


def test_segmented_thresholds_closed_form():
    y, s = [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]
    amounts = [0, 2, 0, 500]
    result = segmented_best_thresholds(y, s, ["low", "low", "high", "high"], fp_cost=5,
                                       fn_cost=amounts)
    assert result == {"high": (0.0, 5.0), "low": (0.31, 2.0)}
    assert best_threshold(y, s, fp_cost=5, fn_cost=amounts) == (0.0, 10.0)
    # integer segment labels come back as Python ints
    by_int = segmented_best_thresholds(y, s, np.array([0, 0, 1, 1]), fp_cost=5, fn_cost=amounts)
    assert by_int == {0: (0.31, 2.0), 1: (0.0, 5.0)}
    assert all(type(label) is int for label in by_int)


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------

Y, S = [0, 1, 1, 0], [0.1, 0.8, 0.4, 0.6]


def counts_(**kw):
    args = {"y_true": Y, "y_score": S, "threshold": 0.5, **kw}
    return lambda: confusion_counts(args["y_true"], args["y_score"], args["threshold"])


def cost_(**kw):
    args = {"y_true": Y, "y_score": S, "threshold": 0.5, "fp_cost": 1.0, "fn_cost": 5.0, **kw}
    return lambda: expected_cost(args.pop("y_true"), args.pop("y_score"), args.pop("threshold"),
                                 **args)


def curve_(**kw):
    args = {"y_true": Y, "y_score": S, "fp_cost": 1.0, "fn_cost": 5.0, **kw}
    return lambda: cost_curve(args.pop("y_true"), args.pop("y_score"), **args)


def best_(**kw):
    args = {"y_true": Y, "y_score": S, "fp_cost": 1.0, "fn_cost": 5.0, **kw}
    return lambda: best_threshold(args.pop("y_true"), args.pop("y_score"), **args)


def segmented_(**kw):
    args = {"y_true": Y, "y_score": S, "segments": ["a", "a", "b", "b"], "fp_cost": 1.0,
            "fn_cost": 5.0, **kw}
    return lambda: segmented_best_thresholds(args.pop("y_true"), args.pop("y_score"),
                                             args.pop("segments"), **args)


ERRORS = [
    # empty input, in every function
    ("empty-counts", counts_(y_true=[], y_score=[]), "empty"),
    ("empty-cost", cost_(y_true=[], y_score=[]), "empty"),
    ("empty-curve", curve_(y_true=[], y_score=[]), "empty"),
    ("empty-best", best_(y_true=[], y_score=[]), "empty"),
    ("empty-segmented", segmented_(y_true=[], y_score=[], segments=[]), "empty"),
    # length mismatches
    ("short-scores", counts_(y_score=[0.1, 0.8, 0.4]), r"length mismatch: .*y_score has 3"),
    ("short-labels", cost_(y_true=[0, 1]), r"length mismatch: y_true has 2"),
    ("short-fn-costs", cost_(fn_cost=[1.0, 2.0]), r"length mismatch: .*fn_cost has 2"),
    ("long-fp-costs", curve_(fp_cost=np.ones(5)), r"length mismatch: .*fp_cost has 5"),
    ("short-segments", segmented_(segments=["a", "b"]), r"length mismatch: .*segments has 2"),
    ("2d-labels", counts_(y_true=[[0, 1], [1, 0]], y_score=[[0.1, 0.8], [0.4, 0.6]]), "1-D"),
    ("2d-costs", cost_(fn_cost=np.ones((2, 2))), "1-D array with one cost per sample"),
    # labels
    ("labels-0-1-2", counts_(y_true=[0, 1, 2, 0]), "y_true must be binary"),
    ("labels-minus-1", cost_(y_true=[-1, 1, 1, -1]), "y_true must be binary"),
    ("labels-strings", best_(y_true=["no", "yes", "yes", "no"]), "y_true must be binary"),
    ("labels-nan", curve_(y_true=[0, 1, np.nan, 0]), "y_true must be binary"),
    ("labels-fractional", segmented_(y_true=[0, 0.5, 1, 0]), "y_true must be binary"),
    # scores
    ("scores-nan", counts_(y_score=[0.1, np.nan, 0.4, 0.6]), "y_score must be finite"),
    ("scores-inf", cost_(y_score=[0.1, np.inf, 0.4, 0.6]), "y_score must be finite"),
    ("scores-above-1", curve_(y_score=[0.1, 1.2, 0.4, 0.6]), r"y_score must lie in \[0, 1\]"),
    ("scores-below-0", best_(y_score=[-0.1, 0.8, 0.4, 0.6]), r"y_score must lie in \[0, 1\]"),
    ("scores-text", counts_(y_score=["a", "b", "c", "d"]), "y_score must hold numbers"),
    # threshold
    ("threshold-nan", counts_(threshold=np.nan), r"threshold must be a number in \[0, 1\]"),
    ("threshold-above-1", cost_(threshold=1.5), r"threshold must be a number in \[0, 1\]"),
    ("threshold-below-0", cost_(threshold=-0.01), r"threshold must be a number in \[0, 1\]"),
    ("threshold-text", counts_(threshold="high"), r"threshold must be a number in \[0, 1\]"),
    # costs
    ("fp-cost-negative", cost_(fp_cost=-1.0), "fp_cost must be non-negative"),
    ("fn-cost-negative-item", curve_(fn_cost=[1.0, -2.0, 3.0, 4.0]),
     "fn_cost must be non-negative"),
    ("fn-cost-nan", best_(fn_cost=np.nan), "fn_cost must be finite"),
    ("fp-cost-inf-item", segmented_(fp_cost=[1.0, np.inf, 1.0, 1.0]), "fp_cost must be finite"),
    ("fn-cost-text", cost_(fn_cost="amount"), "fn_cost must be a non-negative number"),
    # threshold grids
    ("grid-2d", curve_(thresholds=[[0.1, 0.2], [0.3, 0.4]]), "thresholds must be a non-empty 1-D"),
    ("grid-empty", best_(thresholds=[]), "thresholds must be a non-empty 1-D"),
    ("grid-above-1", curve_(thresholds=[0.5, 1.1]), r"thresholds must lie in \[0, 1\]"),
    ("grid-nan", segmented_(thresholds=[0.5, np.nan]), r"thresholds must lie in \[0, 1\]"),
    ("grid-text", best_(thresholds=["low"]), "thresholds must be a 1-D array of numbers"),
    # segments
    ("segments-mixed-types", segmented_(segments=np.array(["a", 1, None, "b"], dtype=object)),
     "segments must be labels of one comparable type"),
]


@pytest.mark.parametrize("call, message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_bad_input_is_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_all_functions_share_one_validator(monkeypatch):
    seen = []
    original = metrics._check

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(metrics, "_check", spy)
    confusion_counts(Y, S, 0.5)
    expected_cost(Y, S, 0.5, fp_cost=1, fn_cost=1)
    cost_curve(Y, S, fp_cost=1, fn_cost=1)
    best_threshold(Y, S, fp_cost=1, fn_cost=1)
    segmented_best_thresholds(Y, S, ["a", "a", "b", "b"], fp_cost=1, fn_cost=1)
    assert len(seen) == 5


def test_inputs_are_not_modified():
    y, s = np.array([0, 1, 1, 0]), np.array([0.6, 0.2, 0.9, 0.1])
    fn_each = np.array([0.0, 10.0, 20.0, 0.0])
    before = (y.copy(), s.copy(), fn_each.copy())
    cost_curve(y, s, fp_cost=1, fn_cost=fn_each)
    segmented_best_thresholds(y, s, ["a", "b", "a", "b"], fp_cost=1, fn_cost=fn_each)
    for after, original in zip((y, s, fn_each), before, strict=True):
        np.testing.assert_array_equal(after, original)
