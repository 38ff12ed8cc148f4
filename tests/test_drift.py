"""Module 3 drift measures against scipy, closed forms and hand-written oracles.

Oracles: PSI cases worked out by hand below; the wrappers against scipy called directly;
Evidently's rule against scipy on counts and proportions built here (and the z-test written
out with ``scipy.stats.norm``); NannyML's Jensen-Shannon against ``jensenshannon(base=2)`` on a
binning computed here with ``searchsorted`` rather than ``np.histogram``. Boundaries (p exactly
0.05, distance exactly 0.1) are reached by replacing the scipy function with one returning the
boundary value.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import scipy.spatial.distance
import scipy.stats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon

from ai_product_metrics import drift
from ai_product_metrics.drift import (
    evidently_column_drift,
    evidently_dataset_drift,
    jensen_shannon_categorical,
    ks_statistic,
    nannyml_univariate_drift,
    normalized_wasserstein,
    population_stability_index,
    psi_reading,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EPS = 1e-4


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --------------------------------------------------------------------------------------------
# PSI
# --------------------------------------------------------------------------------------------


def test_psi_of_identical_samples_is_zero():
    x = rng().normal(size=500)
    assert population_stability_index(x, x) == 0.0
    assert population_stability_index(x, x[::-1]) == 0.0


def test_psi_two_bin_example():
    # bins=2: the reference median 2.5 splits [1, 2, 3, 4] half and half; the current sample
    # [1, 1, 1, 4] fills the bins 3/4 and 1/4:
    # PSI = (3/4 - 1/2) ln(3/2) + (1/4 - 1/2) ln(1/2) = 1/4 ln(3/2) + 1/4 ln(2) = 1/4 ln(3)
    assert population_stability_index([1, 2, 3, 4], [1, 1, 1, 4], bins=2) == pytest.approx(
        0.25 * np.log(3), rel=1e-12)


@pytest.mark.parametrize("eps", [1e-4, 1e-3])
def test_psi_empty_bin_is_floored_at_eps(eps):
    # everything falls below the median: shares (1, 0) -> (1, eps) against (1/2, 1/2)
    expected = (1 - 0.5) * np.log(1 / 0.5) + (eps - 0.5) * np.log(eps / 0.5)
    assert population_stability_index([1, 2, 3, 4], [0, 0, 0, 0], bins=2, eps=eps) == \
        pytest.approx(expected, rel=1e-12)


def test_psi_outer_bins_are_open():
    assert population_stability_index([1, 2, 3, 4], [-100, 100], bins=2) == 0.0


def test_psi_bins_are_closed_on_the_left():
    # reference [0..4], bins=2: edge at the median 2; shares [0, 2) = 2/5 and [2, inf) = 3/5.
    # The current values sit on the edge, so they all fall in the upper bin.
    expected = (EPS - 0.4) * np.log(EPS / 0.4) + (1 - 0.6) * np.log(1 / 0.6)
    assert population_stability_index([0, 1, 2, 3, 4], [2, 2], bins=2) == pytest.approx(
        expected, rel=1e-12)


def test_psi_deciles_of_a_shifted_grid():
    # reference 0..999: deciles at 99.9 k, each bin holds 1/10. Shifted by 100 the current
    # sample leaves the first bin empty, puts 100 values in each of bins 1-8 and 200 in the last.
    expected = (EPS - 0.1) * np.log(EPS / 0.1) + (0.2 - 0.1) * np.log(0.2 / 0.1)
    reference = np.arange(1000)
    assert population_stability_index(reference, reference + 100) == pytest.approx(
        expected, rel=1e-12)


def test_psi_grows_with_a_mean_shift():
    reference = rng(1).normal(size=20_000)
    fresh = rng(2).normal(size=20_000)
    values = [population_stability_index(reference, fresh + d) for d in (0, 0.25, 0.5, 1)]
    assert values == sorted(values)
    assert values[0] < 0.01 < values[1]
    # two normals a shift d apart have a symmetrised KL divergence of d**2, which PSI estimates
    assert (psi_reading(values[0]), psi_reading(values[-1])) == ("stable", "major shift")


samples = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60)


@SETTINGS
@given(samples, samples, st.integers(2, 12))
def test_psi_is_non_negative(reference, current, bins):
    try:
        value = population_stability_index(reference, current, bins=bins)
    except ValueError as error:  # constant or heavily tied references are refused
        assert "constant" in str(error) or "single bin" in str(error)
    else:
        assert value >= 0


def test_psi_reading_boundaries():
    assert psi_reading(0) == "stable"
    assert psi_reading(0.0999) == "stable"
    assert psi_reading(0.1) == "moderate shift"
    assert psi_reading(0.25) == "moderate shift"
    assert psi_reading(0.2501) == "major shift"


# --------------------------------------------------------------------------------------------
# scipy wrappers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1])
def test_ks_statistic_equals_scipy(seed):
    r, c = rng(seed).normal(size=300), rng(seed + 10).normal(0.2, 1, size=250)
    expected = scipy.stats.ks_2samp(r, c)
    assert ks_statistic(r, c) == (expected.statistic, expected.pvalue)


def test_ks_statistic_closed_form():
    # disjoint samples of 3: the statistic is 1 and the exact p-value 2 / C(6, 3) = 0.1
    statistic, pvalue = ks_statistic([1, 2, 3], [4, 5, 6])
    assert statistic == 1.0
    assert pvalue == pytest.approx(0.1)


def test_normalized_wasserstein_equals_scipy():
    r, c = rng(3).normal(size=400), rng(4).normal(0.3, 2, size=300)
    expected = scipy.stats.wasserstein_distance(r, c) / np.std(r)
    assert normalized_wasserstein(r, c) == pytest.approx(expected, rel=1e-12)


def test_normalized_wasserstein_closed_form_and_floor():
    assert normalized_wasserstein([-1, 1], [-0.5, 1.5]) == pytest.approx(0.5)  # std 1, shift 0.5
    # constant reference: std 0 -> floor 0.001; the distance is 1/3
    assert normalized_wasserstein([2, 2, 2], [2, 2, 3]) == pytest.approx((1 / 3) / 0.001)


def test_jensen_shannon_categorical_equals_scipy():
    r = ["a"] * 5 + ["b"] * 3 + ["c"] * 2
    c = ["b"] * 4 + ["c"] * 4 + ["d"] * 2
    # categories a, b, c, d
    expected = jensenshannon([0.5, 0.3, 0.2, 0.0], [0.0, 0.4, 0.4, 0.2])
    assert jensen_shannon_categorical(r, c) == pytest.approx(expected, rel=1e-12)
    assert jensen_shannon_categorical(c, r) == pytest.approx(expected, rel=1e-12)


def test_jensen_shannon_categorical_closed_form():
    # p = (1, 0), q = (1/2, 1/2), m = (3/4, 1/4): divergence 1/2 ln(4/3) + 1/4 ln(4/3)
    assert jensen_shannon_categorical(["a", "a"], ["a", "b"]) == pytest.approx(
        np.sqrt(0.75 * np.log(4 / 3)), rel=1e-12)
    assert jensen_shannon_categorical(["a"], ["b"]) == pytest.approx(np.sqrt(np.log(2)))


labels = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=40)


@SETTINGS
@given(labels, labels)
def test_jensen_shannon_categorical_range(reference, current):
    value = jensen_shannon_categorical(reference, current)
    assert 0 <= value <= np.sqrt(np.log(2)) + 1e-12


# --------------------------------------------------------------------------------------------
# Evidently: method per regime
# --------------------------------------------------------------------------------------------


def z_pvalue(reference, current):
    """Pooled two-proportion z-test, written out: first sorted category 0, the other 1."""
    first = sorted(set(reference) | set(current))[0]
    x1 = np.mean([value != first for value in reference])
    x2 = np.mean([value != first for value in current])
    n1, n2 = len(reference), len(current)
    pooled = (x1 * n1 + x2 * n2) / (n1 + n2)
    z = (x1 - x2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 2 * (1 - scipy.stats.norm.cdf(abs(z)))


def test_evidently_numeric_small_reference_uses_ks():
    r, c = rng(5).normal(size=200), rng(6).normal(0.3, 1, size=150)
    result = evidently_column_drift(r, c)
    p = scipy.stats.ks_2samp(r, c).pvalue
    assert result == {"method": "ks", "value": pytest.approx(p, rel=1e-12), "kind": "p_value",
                      "threshold": 0.05, "drift": bool(p <= 0.05)}


def test_evidently_numeric_large_reference_uses_wasserstein():
    r, c = rng(7).normal(size=1500), rng(8).normal(0.3, 1, size=500)
    result = evidently_column_drift(r, c)
    expected = scipy.stats.wasserstein_distance(r, c) / np.std(r)
    assert result["method"] == "wasserstein"
    assert result["kind"] == "distance"
    assert result["threshold"] == 0.1
    assert result["value"] == pytest.approx(expected, rel=1e-12)
    assert result["drift"] == (expected >= 0.1)


def test_evidently_reference_size_boundary_counts_rows_after_dropping():
    values = rng(9).normal(size=1001)
    c = rng(10).normal(size=300)
    assert evidently_column_drift(values[:1000], c)["method"] == "ks"
    assert evidently_column_drift(values, c)["method"] == "wasserstein"
    # 1000 usable rows once NaN and +-inf are dropped: still the small regime
    dirty = np.concatenate([values[:1000], [np.nan, np.inf, -np.inf, np.nan, np.nan]])
    result = evidently_column_drift(dirty, np.append(c, np.nan))
    assert result["method"] == "ks"
    assert result["value"] == pytest.approx(scipy.stats.ks_2samp(values[:1000], c).pvalue)


def test_evidently_legacy_typing_integer_with_few_values_is_numeric():
    # 8 distinct integers: the current API would call this column categorical; legacy: numeric
    r = np.tile(np.arange(8), 20)
    c = np.tile(np.arange(8), 15) + 1
    assert evidently_column_drift(r, c)["method"] == "ks"
    assert evidently_column_drift(r, c, numeric=False)["method"] == "chisquare"


def test_evidently_numeric_with_few_values_uses_chisquare():
    r = [0] * 10 + [1] * 20 + [2] * 30 + [3] * 40
    c = [0] * 15 + [1] * 15 + [2] * 15 + [3] * 15
    result = evidently_column_drift(r, c)
    # expected counts: reference counts scaled to the current size 60
    expected = scipy.stats.chisquare([15, 15, 15, 15], np.array([10, 20, 30, 40]) * 60 / 100)
    assert result["method"] == "chisquare"
    assert result["value"] == pytest.approx(expected.pvalue, rel=1e-10)
    assert result["drift"] == (expected.pvalue < 0.05)
    # with at most 5 distinct values, the type does not matter
    assert evidently_column_drift(r, c, numeric=False) == result


def test_evidently_three_categories_use_chisquare():
    r = ["web"] * 50 + ["ios"] * 30 + ["android"] * 20
    c = ["web"] * 20 + ["ios"] * 20 + ["android"] * 10
    result = evidently_column_drift(r, c)
    expected = scipy.stats.chisquare([20, 20, 10], np.array([50, 30, 20]) * 50 / 100)
    assert result["method"] == "chisquare"
    assert result["value"] == pytest.approx(expected.pvalue, rel=1e-10)
    assert result["kind"] == "p_value"


def test_evidently_unseen_category_gives_p_zero():
    result = evidently_column_drift(["a", "b", "c"] * 10, ["a", "b", "c"] * 10 + ["new"])
    assert result["method"] == "chisquare"
    assert result["value"] == 0.0
    assert result["drift"] is True


@pytest.mark.parametrize("r, c", [
    (["yes"] * 30 + ["no"] * 70, ["yes"] * 45 + ["no"] * 55),
    (["yes"] * 30 + ["no"] * 70, ["no"] * 40),  # one side holds a single value
    ([0] * 12 + [1] * 8, [1] * 15 + [0] * 5),
])
def test_evidently_two_categories_use_the_z_test(r, c):
    result = evidently_column_drift(r, c)
    assert result["method"] == "z"
    assert result["value"] == pytest.approx(z_pvalue(r, c), rel=1e-12)
    assert result["drift"] == (z_pvalue(r, c) < 0.05)


def test_evidently_z_test_same_single_value_is_p_one():
    assert evidently_column_drift(["a"] * 5, ["a"] * 8) == {
        "method": "z", "value": 1.0, "kind": "p_value", "threshold": 0.05, "drift": False}


def test_evidently_large_categorical_uses_jensen_shannon():
    r = ["a"] * 600 + ["b"] * 300 + ["c"] * 200
    c = ["a"] * 100 + ["b"] * 100 + ["d"] * 50
    result = evidently_column_drift(r, c)
    expected = jensenshannon([6 / 11, 3 / 11, 2 / 11, 0], [0.4, 0.4, 0, 0.2])
    assert result["method"] == "jensenshannon"
    assert result["kind"] == "distance"
    assert result["value"] == pytest.approx(expected, rel=1e-12)
    assert result["drift"] == (expected >= 0.1)


def test_evidently_large_numeric_with_few_values_uses_jensen_shannon():
    r = np.repeat([1, 2, 3], [500, 400, 300])
    c = np.repeat([1, 2, 3], [100, 100, 100])
    result = evidently_column_drift(r, c)
    assert result["method"] == "jensenshannon"
    assert result["value"] == pytest.approx(jensenshannon([5 / 12, 4 / 12, 3 / 12],
                                                          [1 / 3, 1 / 3, 1 / 3]), rel=1e-12)


# --------------------------------------------------------------------------------------------
# Evidently: decisions at the boundary
# --------------------------------------------------------------------------------------------


def test_evidently_ks_p_exactly_005_is_drift(monkeypatch):
    monkeypatch.setattr(scipy.stats, "ks_2samp",
                        lambda r, c: SimpleNamespace(statistic=0.5, pvalue=0.05))
    result = evidently_column_drift(np.arange(10.0), np.arange(10.0))
    assert (result["method"], result["value"], result["drift"]) == ("ks", 0.05, True)


def test_evidently_chisquare_p_exactly_005_is_not_drift(monkeypatch):
    monkeypatch.setattr(scipy.stats, "chisquare",
                        lambda f_obs, f_exp: SimpleNamespace(statistic=1.0, pvalue=0.05))
    result = evidently_column_drift(["a", "b", "c"], ["a", "b", "c"])
    assert (result["method"], result["value"], result["drift"]) == ("chisquare", 0.05, False)


@pytest.mark.parametrize("p, expected", [(0.05, False), (np.nextafter(0.05, 0), True)])
def test_evidently_z_test_is_strict(monkeypatch, p, expected):
    monkeypatch.setattr(drift, "_two_proportion_z_pvalue", lambda r, c: float(p))
    result = evidently_column_drift(["a", "b"], ["a", "b"])
    assert (result["method"], result["drift"]) == ("z", expected)


def test_evidently_distances_at_01_are_drift(monkeypatch):
    reference = np.tile([-1.0, 1.0], 600)  # population std exactly 1
    monkeypatch.setattr(scipy.stats, "wasserstein_distance", lambda r, c: 0.1)
    result = evidently_column_drift(reference, np.arange(6.0))
    assert (result["method"], result["value"], result["drift"]) == ("wasserstein", 0.1, True)
    monkeypatch.setattr(scipy.spatial.distance, "jensenshannon", lambda p, q: 0.1)
    result = evidently_column_drift(["a", "b"] * 600, ["a", "b"])
    assert (result["method"], result["value"], result["drift"]) == ("jensenshannon", 0.1, True)


# --------------------------------------------------------------------------------------------
# Evidently: dataset drift
# --------------------------------------------------------------------------------------------


def frames(n_drifted: int, n_columns: int = 4) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two frames where exactly ``n_drifted`` of the columns drift (z-test p ~ 1e-9 vs 1)."""
    reference = pd.DataFrame({f"x{i}": ["a", "b"] * 50 for i in range(n_columns)})
    current = pd.DataFrame({f"x{i}": ["a"] * 100 if i < n_drifted else ["b", "a"] * 50
                            for i in range(n_columns)})
    return reference, current


@pytest.mark.parametrize("n_drifted, expected", [(0, False), (1, False), (2, True), (3, True)])
def test_evidently_dataset_drift_share_tie_counts(n_drifted, expected):
    reference, current = frames(n_drifted)
    result = evidently_dataset_drift(reference, current)
    assert result["n_columns"] == 4
    assert result["n_drifted"] == n_drifted
    assert result["share_drifted"] == n_drifted / 4
    assert result["dataset_drift"] is expected
    for name, column in result["columns"].items():
        assert column == evidently_column_drift(reference[name], current[name])


def test_evidently_dataset_drift_columns_subset_and_order():
    reference, current = frames(1)
    result = evidently_dataset_drift(reference, current[current.columns[::-1]],
                                     columns=["x0", "x1"])
    assert list(result["columns"]) == ["x0", "x1"]
    assert result["share_drifted"] == 0.5
    assert result["dataset_drift"] is True


def test_evidently_dataset_drift_types_per_column():
    reference = pd.DataFrame({"n": np.arange(20.0), "s": ["a", "b"] * 10})
    current = pd.DataFrame({"n": np.arange(20.0) + 0.5, "s": ["a", "b"] * 10})
    methods = {k: v["method"] for k, v in evidently_dataset_drift(reference, current)
               ["columns"].items()}
    assert methods == {"n": "ks", "s": "z"}


# --------------------------------------------------------------------------------------------
# NannyML
# --------------------------------------------------------------------------------------------


def own_continuous_js(reference: np.ndarray, sample: np.ndarray) -> float:
    """Doane bins of the reference by hand (searchsorted) plus an outside bin; JS base 2."""
    reference, sample = reference[~np.isnan(reference)], sample[~np.isnan(sample)]
    edges = np.histogram_bin_edges(reference, bins="doane")

    def shares(x):
        inside = (x >= edges[0]) & (x <= edges[-1])
        index = np.clip(np.searchsorted(edges, x[inside], side="right") - 1, 0, edges.size - 2)
        counts = np.bincount(index, minlength=edges.size - 1)
        return np.append(counts, np.count_nonzero(~inside)) / x.size

    return jensenshannon(shares(reference), shares(sample), base=2)


def own_categorical_js(reference, sample) -> float:
    categories = sorted(set(reference))
    r = [list(reference).count(k) / len(reference) for k in categories] + [0]
    s = [list(sample).count(k) / len(sample) for k in categories]
    return jensenshannon(r, s + [1 - sum(s)], base=2)


def test_nannyml_continuous_value_equals_scipy_base_2():
    reference = rng(11).normal(size=2000)
    current = np.concatenate([rng(12).normal(0.5, 1.5, size=995), [np.nan] * 5])  # some outside
    assert (current[~np.isnan(current)] > reference.max()).any()
    result = nannyml_univariate_drift(reference, current, chunks=1)
    assert result["value"].item() == pytest.approx(own_continuous_js(reference, current),
                                                   rel=1e-12)


def test_nannyml_categorical_value_has_a_leftover_bin():
    reference = ["a"] * 50 + ["b"] * 30 + ["c"] * 20
    current = ["a"] * 10 + ["b"] * 20 + ["new"] * 10
    result = nannyml_univariate_drift(reference, current, chunks=1)
    assert result["value"].item() == pytest.approx(own_categorical_js(reference, current),
                                                   rel=1e-12)


def test_nannyml_booleans_are_categorical_integers_continuous():
    flags = [True, False, False, True, True] * 20
    other = [True] * 70 + [False] * 30
    value = nannyml_univariate_drift(flags, other, chunks=1)["value"].item()
    assert value == pytest.approx(own_categorical_js(flags, other), rel=1e-12)
    ints = rng(13).integers(0, 50, size=500)
    shifted = ints + 5
    value = nannyml_univariate_drift(ints, shifted, chunks=1)["value"].item()
    assert value == pytest.approx(own_continuous_js(ints.astype(float), shifted.astype(float)),
                                  rel=1e-12)


def test_nannyml_threshold_is_mean_plus_3_population_std_of_reference_chunks():
    reference = rng(14).normal(size=3000)
    current = rng(15).normal(size=1000)
    values = [own_continuous_js(reference, part) for part in np.array_split(reference, 10)]
    expected = np.mean(values) + 3 * np.std(values, ddof=0)
    result = nannyml_univariate_drift(reference, current)
    assert result["upper_threshold"].to_numpy() == pytest.approx(np.full(10, expected),
                                                                 rel=1e-12)
    own = [own_continuous_js(reference, part) for part in np.array_split(current, 10)]
    assert result["value"].to_numpy() == pytest.approx(own, rel=1e-12)
    assert (result["alert"] == (result["value"] > expected)).all()


def test_nannyml_chunks_are_contiguous_and_as_equal_as_possible():
    result = nannyml_univariate_drift(np.arange(30.0), np.arange(23.0), chunks=5)
    assert result["chunk"].tolist() == [0, 1, 2, 3, 4]
    assert result["start"].tolist() == [0, 5, 10, 15, 19]
    assert result["stop"].tolist() == [5, 10, 15, 19, 23]


def test_nannyml_shift_in_last_chunks_alerts_and_no_shift_does_not():
    reference = rng(16).normal(size=10_000)
    # the current period repeats the reference: each chunk's value is a reference chunk's
    # value, and none of 10 numbers lies more than 3 population std above their mean
    result = nannyml_univariate_drift(reference, reference.copy())
    assert not result["alert"].any()
    shifted = reference.copy()
    shifted[-2000:] += 1.5  # the last two chunks move by 1.5 sd
    result = nannyml_univariate_drift(reference, shifted)
    assert result["alert"].tolist() == [False] * 8 + [True] * 2


def test_nannyml_single_chunk_threshold_is_zero():
    x = rng(17).normal(size=200)
    same = nannyml_univariate_drift(x, x, chunks=1)
    assert same["upper_threshold"].item() == 0.0
    assert same["value"].item() == 0.0
    assert not same["alert"].item()
    moved = nannyml_univariate_drift(x, x + 0.01, chunks=1)
    assert moved["upper_threshold"].item() == 0.0
    assert moved["alert"].item()


@SETTINGS
@given(st.lists(st.floats(-100, 100), min_size=3, max_size=40),
       st.lists(st.floats(-1000, 1000), min_size=3, max_size=40))
def test_nannyml_values_lie_in_unit_interval(reference, current):
    result = nannyml_univariate_drift(reference, current, chunks=3)
    assert ((result["value"] >= 0) & (result["value"] <= 1 + 1e-12)).all()


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reference, current, kwargs, message", [
    ([], [1, 2], {}, "reference is empty"),
    ([1, 2], [], {}, "current is empty"),
    ([1, np.nan, 3], [1, 2], {}, "NaN"),
    ([1, 2, 3], [1, np.inf], {}, "infinity"),
    ([5, 5, 5], [1, 2], {}, "reference is constant"),
    ([0] * 95 + [1] * 5, [0, 1], {}, "single bin"),
    ([1, 2, 3], [1, 2], {"bins": 1}, "bins"),
    ([1, 2, 3], [1, 2], {"bins": 2.5}, "bins"),
    ([1, 2, 3], [1, 2], {"eps": 0}, "eps"),
    ([1, 2, 3], [1, 2], {"eps": np.nan}, "eps"),
    ([[1, 2], [3, 4]], [1, 2], {}, "1-D"),
    (["a", "b"], ["a"], {}, "numbers"),
])
def test_psi_errors(reference, current, kwargs, message):
    with pytest.raises(ValueError, match=message):
        population_stability_index(reference, current, **kwargs)


@pytest.mark.parametrize("value, message", [(-0.1, "non-negative"), (np.nan, "non-negative"),
                                            ("high", "non-negative")])
def test_psi_reading_errors(value, message):
    with pytest.raises(ValueError, match=message):
        psi_reading(value)


@pytest.mark.parametrize("function", [ks_statistic, normalized_wasserstein])
@pytest.mark.parametrize("reference, current, message", [
    ([], [1.0], "reference is empty"),
    ([1.0, 2.0], [np.nan, 1.0], "NaN"),
    ([1.0, 2.0], ["x"], "numbers"),
])
def test_numeric_wrapper_errors(function, reference, current, message):
    with pytest.raises(ValueError, match=message):
        function(reference, current)


@pytest.mark.parametrize("reference, current, message", [
    (["a", None], ["a"], "NaN"),
    (["a"], [], "current is empty"),
])
def test_jensen_shannon_categorical_errors(reference, current, message):
    with pytest.raises(ValueError, match=message):
        jensen_shannon_categorical(reference, current)


@pytest.mark.parametrize("reference, current, kwargs, message", [
    ([np.nan, np.inf], [1.0, 2.0], {}, "reference holds only missing values"),
    (["a", "b"], [None, np.nan], {}, "current holds only missing values"),
    ([1, 2, 3], ["a", "b"], {}, "different types"),
    (["a", "b"], ["a", "c"], {"numeric": True}, "numbers"),
    ([], [1], {}, "reference is empty"),
])
def test_evidently_column_errors(reference, current, kwargs, message):
    with pytest.raises(ValueError, match=message):
        evidently_column_drift(reference, current, **kwargs)


def test_evidently_dataset_errors():
    reference, current = frames(1)
    with pytest.raises(ValueError, match="different columns"):
        evidently_dataset_drift(reference, current.drop(columns="x3"))
    with pytest.raises(ValueError, match="missing"):
        evidently_dataset_drift(reference, current, columns=["x0", "y"])
    with pytest.raises(ValueError, match="no columns"):
        evidently_dataset_drift(reference, current, columns=[])
    with pytest.raises(ValueError, match="DataFrame"):
        evidently_dataset_drift(reference["x0"], current)
    with pytest.raises(ValueError, match="duplicated"):
        evidently_dataset_drift(pd.concat([reference, reference["x0"]], axis=1), current)
    with pytest.raises(ValueError, match="column 'x0': current holds only missing"):
        evidently_dataset_drift(reference, current.assign(x0=np.nan))


@pytest.mark.parametrize("reference, current, kwargs, message", [
    ([1.0, 2.0], [1.0, 2.0], {"chunks": 0}, "chunks"),
    ([1.0, 2.0], [1.0, 2.0], {"chunks": 3}, "exceeds"),
    ([1.0, np.inf], [1.0, 2.0], {"chunks": 1}, "infinity"),
    ([1.0, 2.0], [np.nan, np.nan], {"chunks": 1}, "only missing"),
    ([np.nan, np.nan, 1.0, 2.0], [1.0, 2.0], {"chunks": 2}, "reference chunk"),
    ([1.0, 2.0], ["a", "b"], {"chunks": 1}, "different types"),
    ([], [1.0], {"chunks": 1}, "reference is empty"),
])
def test_nannyml_errors(reference, current, kwargs, message):
    with pytest.raises(ValueError, match=message):
        nannyml_univariate_drift(reference, current, **kwargs)
