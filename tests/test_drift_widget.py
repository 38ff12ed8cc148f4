"""The Module 3 drift explorer: its pure compute function, the widget, persisted setting.

Oracles: the transforms are recomputed here from their definitions (a hand-written deployed
model from ``MODEL_COEFFICIENTS``, the weather mixes written out, our own ``brentq``); the
per-column numbers come from scipy directly (``wasserstein_distance / np.std``, ``ks_2samp``,
``jensenshannon``) and a PSI binned with ``pandas.cut``; the accuracy as labels arrive from a
direct pandas loop. NannyML's chunk alerts, which the widget recomputes with a cached
reference binning, are checked against ``drift.nannyml_univariate_drift`` (itself checked
against NannyML in ``test_drift.py``).

The widget is built in-process (never displayed): the figure is checked by recording the calls
to ``render_figure`` (see ``test_threshold_widget.py``).
"""

from __future__ import annotations

import html
import json
import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.optimize import brentq
from scipy.spatial import distance
from scipy.special import expit

from ai_product_metrics.datasets.production import (
    MODEL_COEFFICIENTS,
    late_model_logit,
    late_model_score,
    make_production_log,
)
from ai_product_metrics.drift import nannyml_univariate_drift
from ai_product_metrics.widgets import (
    DRIFT_KINDS,
    DriftScenario,
    drift_explorer,
    drift_scenario,
)
from ai_product_metrics.widgets import drift as drift_module
from ai_product_metrics.widgets._base import alt_text
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

KEY = "m3_drift_setting"
KINDS = ("none", "covariate: distance", "covariate: weather", "prior: courier strike",
         "concept: new routing")
INPUTS = ["distance_km", "basket_items", "courier_load", "weather", "city_zone"]
NUMERIC = INPUTS[:3]
WEATHER = ("clear", "rain", "snow")
CALM, SPELL = np.array([0.70, 0.22, 0.08]), np.array([0.30, 0.50, 0.20])
OKABE_ITO = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
             "#cc79a7"}
GRID = [round(0.05 * k, 2) for k in range(21)]


# --------------------------------------------------------------------------------------------
# fixtures and oracles
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def log():
    return make_production_log(random_state=5, n_weeks=12, orders_per_day=200)


@pytest.fixture(scope="module")
def log2024():
    """Another variant, where NannyML already alerts on some columns without any drift."""
    return make_production_log(random_state=2024, n_weeks=12, orders_per_day=200)


def weeks(log, *which):
    return log[log["week"].isin(which)].reset_index(drop=True)


def model_logit(frame: pd.DataFrame) -> np.ndarray:
    """The deployed model written out from its coefficients."""
    c = MODEL_COEFFICIENTS
    return (c["intercept"] + c["distance_km"] * frame["distance_km"]
            + c["basket_items"] * frame["basket_items"] + c["courier_load"] * frame["courier_load"]
            + frame["weather"].map(c["weather"]).astype(float)
            + frame["city_zone"].map(c["city_zone"]).astype(float)).to_numpy()


def shares(values: pd.Series) -> np.ndarray:
    return np.array([(values == w).mean() for w in WEATHER])


def within_sampling_error(observed: float, p: float, n: int, sigmas: float = 4.0) -> bool:
    return abs(observed - p) <= sigmas * math.sqrt(p * (1 - p) / n)


def psi_oracle(reference: np.ndarray, current: np.ndarray) -> float:
    """PSI on reference deciles, bins [e_i, e_(i+1)) opened at both ends, shares floored."""
    inner = np.unique(np.quantile(reference, np.linspace(0, 1, 11)))[1:-1]
    edges = [-np.inf, *inner, np.inf]
    r, c = (pd.cut(pd.Series(x), edges, right=False).value_counts(normalize=True, sort=False)
            .to_numpy() for x in (reference, current))
    r, c = np.maximum(r, 1e-4), np.maximum(c, 1e-4)
    return float(np.sum((c - r) * np.log(c / r)))


def js_oracle(reference: pd.Series, current: pd.Series) -> float:
    labels = sorted(set(reference) | set(current))
    p = [np.mean(reference == label) for label in labels]
    q = [np.mean(current == label) for label in labels]
    return float(distance.jensenshannon(p, q))


def labels_oracle(current: pd.DataFrame) -> pd.DataFrame:
    """Accuracy as labels arrive, day by day, with pandas."""
    rows = []
    for day in range(28):
        known = current[current["label_available_day"] <= 14 + day]
        accuracy = ((known["predicted_late"] == known["late"]).mean() if len(known) >= 500
                    else np.nan)
        rows.append({"day": day, "labels_known": len(known), "accuracy": accuracy})
    return pd.DataFrame(rows)


def same_scenario(a: DriftScenario, b: DriftScenario, *, skip=("kind", "moved_feature", "text")):
    for name in DriftScenario.__dataclass_fields__:
        if name in skip:
            continue
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, obj=name)
        elif isinstance(x, float) and math.isnan(x):
            assert math.isnan(y), name
        else:
            assert x == y, name


# --------------------------------------------------------------------------------------------
# 1. drift_scenario: the transforms
# --------------------------------------------------------------------------------------------


def test_kinds_are_the_documented_strings():
    assert DRIFT_KINDS == KINDS


def test_none_is_the_logged_weeks(log):
    scenario = drift_scenario(log, "none", 0.0)
    assert isinstance(scenario, DriftScenario)
    assert (scenario.kind, scenario.magnitude) == ("none", 0.0)
    pd.testing.assert_frame_equal(scenario.reference, weeks(log, 1, 2))
    pd.testing.assert_frame_equal(scenario.current, weeks(log, 3, 4))  # labels included
    with pytest.raises(AttributeError):
        scenario.kind = "covariate: distance"  # frozen


@pytest.mark.parametrize("kind", KINDS)
def test_magnitude_zero_is_no_drift_for_every_kind(log, kind):
    same_scenario(drift_scenario(log, kind, 0.0), drift_scenario(log, "none", 0.0))
    # and the magnitude of "none" changes nothing
    same_scenario(drift_scenario(log, "none", 0.7), drift_scenario(log, "none", 0.0),
                  skip=("magnitude",))


def test_the_reference_is_never_changed(log):
    reference = weeks(log, 1, 2)
    for kind in KINDS[1:]:
        pd.testing.assert_frame_equal(drift_scenario(log, kind, 1.0).reference, reference)


def test_late_model_score_is_the_logged_score(log):
    np.testing.assert_array_equal(late_model_score(log), log["score"].to_numpy())
    np.testing.assert_allclose(late_model_logit(log), model_logit(log), rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="weather must hold only the labels"):
        late_model_logit(log.head(3).assign(weather="fog"))
    with pytest.raises(ValueError, match="lacks the model's input columns"):
        late_model_logit(log.drop(columns="city_zone"))


@pytest.mark.parametrize("m", [0.05, 0.35, 1.0])
def test_distance_is_scaled_exactly_and_scored_again(log, m):
    base = weeks(log, 3, 4)
    scenario = drift_scenario(log, "covariate: distance", m)
    current = scenario.current
    # exactly distance * (1 + m): the hidden test recomputes it this way
    np.testing.assert_array_equal(current["distance_km"].to_numpy(),
                                  base["distance_km"].to_numpy() * (1 + m))
    pd.testing.assert_frame_equal(current[INPUTS[1:]], base[INPUTS[1:]])
    np.testing.assert_array_equal(current["score"], np.round(expit(model_logit(current)), 4))
    np.testing.assert_array_equal(current["predicted_late"], current["score"] >= 0.5)
    assert (current["score"] >= base["score"]).all() and (current["score"] > base["score"]).any()
    # the world keeps its rules: the labels follow the model's own probabilities
    p = expit(model_logit(current)).mean()
    assert within_sampling_error(current["late"].mean(), p, len(current))
    # one fixed uniform number per order: an order late before is late still
    assert (current["late"] >= base["late"]).all() and (current["late"] > base["late"]).any()
    # the label delay is kept
    pd.testing.assert_series_equal(current["label_available_day"], base["label_available_day"])


def test_evidently_flags_distance_from_the_hidden_tests_own_formula(log):
    reference = weeks(log, 1, 2)["distance_km"].to_numpy()
    current = weeks(log, 3, 4)["distance_km"].to_numpy()
    expected = [stats.wasserstein_distance(reference, current * (1 + m)) / np.std(reference)
                >= 0.1 for m in GRID]
    flagged = [bool(drift_scenario(log, "covariate: distance", m).features.loc["distance_km",
                                                                                "drift"])
               for m in GRID]
    assert flagged == expected
    assert not flagged[0] and flagged[-1]  # the answer lies inside the grid


@pytest.mark.parametrize("m", [0.5, 1.0])
def test_weather_shares_approach_the_spell_mix(log, m):
    base = weeks(log, 3, 4)
    current = drift_scenario(log, "covariate: weather", m).current
    expected = (1 - m) * CALM + m * SPELL
    observed = shares(current["weather"])
    for o, p in zip(observed, expected, strict=True):
        assert within_sampling_error(o, p, len(current)), (observed, expected)
    assert shares(base["weather"])[0] - observed[0] > 0.15  # far from the calm mix
    pd.testing.assert_frame_equal(current[["distance_km", "basket_items", "courier_load",
                                           "city_zone"]],
                                  base[["distance_km", "basket_items", "courier_load",
                                        "city_zone"]])
    np.testing.assert_array_equal(current["score"], np.round(expit(model_logit(current)), 4))
    p = expit(model_logit(current)).mean()
    assert within_sampling_error(current["late"].mean(), p, len(current))


def test_weather_moves_smoothly_with_the_magnitude(log):
    # one fixed uniform number per order: the weather of an order only ever gets worse
    codes = [drift_scenario(log, "covariate: weather", m).current["weather"]
             .map({w: k for k, w in enumerate(WEATHER)}).to_numpy() for m in GRID]
    for before, after in zip(codes, codes[1:], strict=False):
        assert (after >= before).all()
    changed = [(code != codes[0]).mean() for code in codes]
    assert np.all(np.diff(changed) >= 0) and 0 < changed[1] < 0.1 and changed[-1] > 0.3


def test_prior_shift_raises_the_late_rate_the_model_does_not_see(log):
    base = weeks(log, 3, 4)
    rates = []
    previous = None
    for m in (0.0, 0.25, 0.5, 1.0):
        current = drift_scenario(log, "prior: courier strike", m).current
        np.testing.assert_array_equal(current["courier_load"],
                                      base["courier_load"] * (1 + 0.15 * m))
        p = expit(model_logit(current) + 1.6 * m).mean()
        assert within_sampling_error(current["late"].mean(), p, len(current))
        if previous is not None:  # row by row: a late order stays late
            assert (current["late"].to_numpy() >= previous).all()
        previous = current["late"].to_numpy()
        rates.append(current["late"].mean())
    assert rates[-1] > rates[0] + 0.15
    strike = drift_scenario(log, "prior: courier strike", 1.0)
    assert strike.current_late_rate > strike.reference_late_rate + 0.15
    # the model warns on a little more orders, far fewer than the late ones added
    assert (strike.current["predicted_late"].mean() - base["predicted_late"].mean()
            < (rates[-1] - rates[0]) / 2)
    assert strike.current_accuracy < strike.reference_accuracy - 0.1


def test_concept_drift_moves_no_input_yet_costs_accuracy(log):
    base = weeks(log, 3, 4)
    routing = drift_scenario(log, "concept: new routing", 1.0)
    calm = drift_scenario(log, "none", 0.0)
    pd.testing.assert_frame_equal(routing.current[INPUTS + ["score", "predicted_late"]],
                                  base[INPUTS + ["score", "predicted_late"]])
    assert routing.n_drifted == 0 and not routing.dataset_drift
    assert not routing.features["drift"].any()
    pd.testing.assert_frame_equal(routing.features, calm.features)
    assert routing.current_accuracy < calm.current_accuracy - 0.05


@pytest.mark.parametrize("m", [0.4, 1.0])
def test_concept_drift_follows_the_new_routing_world(log, m):
    reference, current = weeks(log, 1, 2), weeks(log, 3, 4)

    def change(frame):
        return ((0.075 - 0.9) * frame["distance_km"] + (4.0 - 1.5) * frame["courier_load"]
                ).to_numpy()

    ref_logit = model_logit(reference)
    target = expit(ref_logit).mean()
    b = brentq(lambda b: expit(ref_logit + m * change(reference) + b).mean() - target, -30, 30)
    p = expit(model_logit(current) + m * change(current) + b)
    drifted = drift_scenario(log, "concept: new routing", m).current
    assert within_sampling_error(drifted["late"].mean(), p.mean(), len(drifted))
    # who is late changes: late orders are now the loaded ones more than the far ones
    late = drifted["late"] == 1
    calm_late = current["late"] == 1
    assert (drifted.loc[late, "courier_load"].mean() - current.loc[calm_late, "courier_load"]
            .mean()) > 0.05 * m
    assert (drifted.loc[late, "distance_km"].mean()
            < current.loc[calm_late, "distance_km"].mean())


# --------------------------------------------------------------------------------------------
# 2. drift_scenario: the monitors' numbers
# --------------------------------------------------------------------------------------------

SETTINGS = [("none", 0.0), ("covariate: distance", 0.1), ("covariate: distance", 0.6),
            ("covariate: weather", 0.35), ("covariate: weather", 1.0),
            ("prior: courier strike", 0.5), ("concept: new routing", 1.0)]


@pytest.mark.parametrize("kind, m", SETTINGS)
def test_feature_table_matches_scipy(log, kind, m):
    scenario = drift_scenario(log, kind, m)
    table = scenario.features
    assert list(table.index) == INPUTS
    reference, current = weeks(log, 1, 2), scenario.current
    assert len(reference) > 1000  # Evidently's distances, not its tests
    for col in INPUTS:
        row = table.loc[col]
        r, c = reference[col], current[col]
        if col in NUMERIC:
            value = stats.wasserstein_distance(r, c) / np.std(r.to_numpy())
            assert (row["type"], row["method"]) == ("numeric", "wasserstein")
            assert row["ks_pvalue"] == pytest.approx(
                stats.ks_2samp(r, c, method="asymp").pvalue, rel=1e-9, abs=1e-300)
            psi = psi_oracle(r.to_numpy(), c.to_numpy())
            assert row["psi"] == pytest.approx(psi, rel=1e-9, abs=1e-12)
            reading = "stable" if psi < 0.1 else "moderate shift" if psi <= 0.25 else "major shift"
            assert row["psi_reading"] == reading
        else:
            value = js_oracle(r, c)
            assert (row["type"], row["method"]) == ("categorical", "jensenshannon")
            assert math.isnan(row["ks_pvalue"]) and math.isnan(row["psi"])
            assert pd.isna(row["psi_reading"])
        assert row["value"] == pytest.approx(value, rel=1e-9, abs=1e-12), col
        assert row["threshold"] == 0.1
        assert bool(row["drift"]) == (value >= 0.1), col
        assert row["relative"] == pytest.approx(value / 0.1, rel=1e-9, abs=1e-12)
    n_drifted = int(table["drift"].sum())
    assert scenario.n_drifted == n_drifted
    assert scenario.share_drifted == n_drifted / 5
    assert scenario.dataset_drift == (n_drifted >= 2.5)


@pytest.mark.parametrize("kind, m", SETTINGS)
def test_nannyml_alerts_match_the_full_computation(log2024, kind, m):
    scenario = drift_scenario(log2024, kind, m)
    reference = weeks(log2024, 1, 2)
    for col in INPUTS:
        direct = nannyml_univariate_drift(reference[col], scenario.current[col], chunks=10)
        row = scenario.features.loc[col]
        assert row["nannyml_alerts"] == direct["alert"].sum(), col
        assert row["nannyml_chunks"] == 10
        assert row["nannyml_alert"] == direct["alert"].any()


def test_nannyml_alerts_on_the_moved_column(log):
    for kind, col in (("covariate: distance", "distance_km"), ("covariate: weather", "weather"),
                      ("prior: courier strike", "courier_load")):
        assert drift_scenario(log, kind, 1.0).features.loc[col, "nannyml_alerts"] == 10
        assert drift_scenario(log, kind, 0.0).features.loc[col, "nannyml_alerts"] < 10


@pytest.mark.parametrize("kind, m", SETTINGS)
def test_accuracy_as_labels_arrive_matches_pandas(log, kind, m):
    scenario = drift_scenario(log, kind, m)
    expected = labels_oracle(scenario.current)
    pd.testing.assert_frame_equal(scenario.labels, expected, check_dtype=False)
    assert scenario.labels["labels_known"].iloc[-1] == len(scenario.current)  # all by day 27
    assert scenario.labels["accuracy"].isna().iloc[0]  # no label on the first day
    current, reference = scenario.current, weeks(log, 1, 2)
    assert scenario.current_accuracy == pytest.approx(
        (current["predicted_late"] == current["late"]).mean())
    assert scenario.reference_accuracy == pytest.approx(
        (reference["predicted_late"] == reference["late"]).mean())
    assert scenario.alarm_level == pytest.approx(scenario.reference_accuracy - 0.05)
    below = expected.index[expected["accuracy"] < scenario.reference_accuracy - 0.05]
    assert scenario.alarm_day == (int(below[0]) if len(below) else None)


def test_the_alarm_fires_for_concept_drift_and_not_without_drift(log):
    assert drift_scenario(log, "none", 0.0).alarm_day is None
    day = drift_scenario(log, "concept: new routing", 1.0).alarm_day
    assert day is not None and 7 <= day <= 27


def test_results_follow_the_log_content_not_a_stale_cache(log):
    changed = log.copy()
    changed.loc[changed["week"] == 3, "distance_km"] *= 1.5
    assert not drift_scenario(log, "none", 0.0).features.loc["distance_km", "drift"]
    assert drift_scenario(changed, "none", 0.0).features.loc["distance_km", "drift"]
    # a result handed out can be changed without touching the next one
    first = drift_scenario(log, "prior: courier strike", 0.5)
    first.reference.loc[:, "late"] = 0
    first.current.loc[:, "distance_km"] = 0.0
    first.features.loc[:, "value"] = -1.0
    second = drift_scenario(log, "prior: courier strike", 0.5)
    pd.testing.assert_frame_equal(second.reference, weeks(log, 1, 2))
    assert (second.features["value"] >= 0).all()
    assert (second.current["distance_km"] > 0).all()


# --------------------------------------------------------------------------------------------
# 3. the read-out
# --------------------------------------------------------------------------------------------


def test_text_states_the_numbers_of_a_distance_shift(log):
    s = drift_scenario(log, "covariate: distance", 0.5)
    row = s.features.loc["distance_km"]
    text = s.text
    assert "50% farther away (distance_km x 1.50)" in text
    assert (f"flag {s.n_drifted} of 5 columns: distance_km (Wasserstein distance in reference "
            f"std {row['value']:.3f} >= 0.1)") in text
    assert f"Dataset drift: no ({s.share_drifted:.0%} of the columns drifted" in text
    assert "distance_km in 10 of 10 chunks" in text
    assert f"PSI of distance_km: {row['psi']:.3f} ({row['psi_reading']})" in text
    assert f"{s.reference_accuracy:.1%} on the reference, {s.current_accuracy:.1%} on the current" \
        in text
    assert f"alarm below {s.alarm_level:.1%}" in text
    assert "e+" not in text and "\n" not in text


def test_text_without_drift_says_nothing_is_flagged_and_no_alarm(log):
    s = drift_scenario(log, "none", 0.0)
    closest = s.features["relative"].idxmax()
    assert f"flag none of the 5 columns (closest: {closest}," in s.text
    assert "Dataset drift: no (0% of the columns drifted" in s.text
    assert "NannyML raises no alert on any column" in s.text
    assert "never fires within 27 days" in s.text


def test_text_of_the_weather_and_of_the_alarm_day(log, log2024):
    s = drift_scenario(log, "covariate: weather", 1.0)
    current_bad = (s.current["weather"] != "clear").mean()
    assert "30% clear, 50% rain, 20% snow" in s.text
    assert f"and {current_bad:.1%} of the current ones" in s.text
    assert "weather (Jensen-Shannon distance" in s.text
    concept = drift_scenario(log, "concept: new routing", 1.0)
    known = concept.labels["labels_known"].iloc[concept.alarm_day]
    assert f"fires on day {concept.alarm_day} after" in concept.text
    assert f"with {known:,} labels known" in concept.text
    assert "from 0.90 to 0.07" in concept.text and "from 1.50 to 4.00" in concept.text
    # NannyML alerts on columns Evidently does not flag are named too
    calm = drift_scenario(log2024, "none", 0.0)
    for col in calm.features.index[calm.features["nannyml_alert"]]:
        assert f"{col} in {calm.features.loc[col, 'nannyml_alerts']} of 10 chunks" in calm.text
    assert calm.features["nannyml_alert"].any()


# --------------------------------------------------------------------------------------------
# 4. bad input
# --------------------------------------------------------------------------------------------


def _bad_logs(log):
    weather = log.copy()
    weather.loc[weather.index[3], "weather"] = "fog"
    late = log.copy()
    late.loc[late.index[5], "late"] = 2
    return {
        "list": ([1, 2, 3], "log must be a pandas DataFrame"),
        "array": (log.to_numpy(), "log must be a pandas DataFrame"),
        "missing column": (log.drop(columns=["label_available_day"]),
                           r"lacks the columns \['label_available_day'\]"),
        "three weeks": (log[log["week"] <= 3], "must hold weeks 1 to 4"),
        "no week 1": (log[log["week"] >= 2], "must hold weeks 1 to 4"),
        "unknown weather": (weather, "weather must hold only the labels"),
        "non-binary late": (late, "late must hold only 0 and 1"),
    }


@pytest.mark.parametrize("case", ["list", "array", "missing column", "three weeks", "no week 1",
                                  "unknown weather", "non-binary late"])
def test_bad_log_is_a_clear_value_error(log, case):
    bad, message = _bad_logs(log)[case]
    with pytest.raises(ValueError, match=message):
        drift_scenario(bad, "none", 0.0)


@pytest.mark.parametrize("kind", ["covariate", "None", "Covariate: distance", None, 3,
                                  ["none"]])
def test_unknown_kind_is_a_clear_value_error(log, kind):
    with pytest.raises(ValueError, match="kind must be one of"):
        drift_scenario(log, kind, 0.5)


@pytest.mark.parametrize("magnitude", [-0.1, 1.01, float("nan"), float("inf"), "0.5", True,
                                       None, [0.5]])
def test_magnitude_outside_zero_one_is_a_clear_value_error(log, magnitude):
    with pytest.raises(ValueError, match=r"magnitude must be a number in \[0, 1\]"):
        drift_scenario(log, "covariate: distance", magnitude)


def test_numpy_and_integer_magnitudes_are_numbers(log):
    same_scenario(drift_scenario(log, "covariate: distance", np.float64(0.25)),
                  drift_scenario(log, "covariate: distance", 0.25), skip=())
    assert drift_scenario(log, "covariate: distance", 1).magnitude == 1.0


# --------------------------------------------------------------------------------------------
# 5. the widget
# --------------------------------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, drift_module)


def controls(explorer):
    return (by_class(explorer, "aipm-m3-kind"), by_class(explorer, "aipm-m3-magnitude"),
            by_class(explorer, "aipm-readout"))


def html_of(text: str) -> str:
    return f'<p role="status" aria-live="polite">{html.escape(text, quote=False)}</p>'



def test_explorer_has_labelled_keyboard_controls(in_tmp, log, renders):
    explorer = drift_explorer(log)
    assert isinstance(explorer, widgets.VBox)
    assert "aipm-m3-explorer" in explorer._dom_classes
    kind, magnitude, readout = controls(explorer)
    assert isinstance(kind, widgets.Dropdown)
    assert kind.description == "Drift type"
    assert list(kind.options) == list(KINDS) and kind.value == "none"
    assert isinstance(magnitude, FloatSlider)  # native range input: Tab, arrow keys
    assert magnitude.description == "Magnitude"
    assert (magnitude.min, magnitude.max, magnitude.step) == (0.0, 1.0, 0.05)
    assert magnitude.continuous_update is False
    assert magnitude.readout_format == ".0%"  # shown as a percentage
    magnitude.value = 0.05
    assert magnitude.readout == "5%"
    magnitude.value = 0.0
    for control in (kind, magnitude):
        assert not control.disabled and control.layout.display != "none"
    assert isinstance(readout, widgets.HTML)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value
    assert explorer.value == {"kind": "none", "magnitude": 0.0}
    assert readout.value == html_of(drift_scenario(log, "none", 0.0).text)


def test_updates_run_on_one_blas_thread(in_tmp, log, renders, monkeypatch):
    # the distance shift calls scipy.stats.wasserstein_distance, whose numpy.vecdot wakes the
    # BLAS thread pool when it may use two threads
    def move(explorer):
        kind, magnitude, _ = controls(explorer)
        kind.value = "covariate: distance"
        magnitude.value = 0.35

    assert_updates_use_one_blas_thread(monkeypatch, drift_module, lambda: drift_explorer(log),
                                       move)


def test_moving_a_control_updates_readout_and_value(in_tmp, log, renders):
    explorer = drift_explorer(log)
    kind, magnitude, readout = controls(explorer)
    before = readout.value
    kind.value = "covariate: distance"
    assert explorer.value == {"kind": "covariate: distance", "magnitude": 0.0}
    assert readout.value != before  # the moved feature is another one
    before = readout.value
    magnitude.value = 0.35000000000000003  # as a slider's arithmetic may give it
    assert explorer.value == {"kind": "covariate: distance", "magnitude": 0.35}
    assert isinstance(explorer.value["magnitude"], float)
    assert readout.value != before
    assert readout.value == html_of(drift_scenario(log, "covariate: distance", 0.35).text)
    kind.value = "prior: courier strike"
    assert readout.value == html_of(drift_scenario(log, "prior: courier strike", 0.35).text)


def test_readout_is_escaped_html(in_tmp, log, renders):
    explorer = drift_explorer(log)
    kind, magnitude, readout = controls(explorer)
    kind.value = "covariate: distance"
    magnitude.value = 0.6
    assert ">= 0.1" in drift_scenario(log, "covariate: distance", 0.6).text
    assert "&gt;= 0.1" in readout.value and ">= 0.1" not in readout.value


def test_building_does_not_save_moving_saves_and_rebuilding_restores(in_tmp, log, renders):
    drift_explorer(log)
    assert not (in_tmp / "decisions.json").exists()
    explorer = drift_explorer(log)
    kind, magnitude, _ = controls(explorer)
    magnitude.value = 0.4
    assert saved(in_tmp) == {KEY: {"kind": "none", "magnitude": 0.4}}
    kind.value = "covariate: weather"
    assert saved(in_tmp) == {KEY: {"kind": "covariate: weather", "magnitude": 0.4}}
    rebuilt = drift_explorer(log)
    new_kind, new_magnitude, readout = controls(rebuilt)
    assert rebuilt.value == {"kind": "covariate: weather", "magnitude": 0.4}
    assert (new_kind.value, new_magnitude.value) == ("covariate: weather", 0.4)
    assert readout.value == html_of(drift_scenario(log, "covariate: weather", 0.4).text)
    assert saved(in_tmp) == {KEY: {"kind": "covariate: weather", "magnitude": 0.4}}


def test_other_decisions_and_keys_are_kept(in_tmp, log, renders):
    (in_tmp / "decisions.json").write_text(json.dumps({"m2_threshold": 0.3}), encoding="utf-8")
    controls(drift_explorer(log, decision_key="mine"))[1].value = 0.2
    assert saved(in_tmp) == {"m2_threshold": 0.3, "mine": {"kind": "none", "magnitude": 0.2}}
    assert drift_explorer(log).value == {"kind": "none", "magnitude": 0.0}


@pytest.mark.parametrize("stored, expected", [
    ({"kind": "prior: courier strike", "magnitude": 0.35}, ("prior: courier strike", 0.35)),
    ({"kind": "covariate: distance", "magnitude": 1}, ("covariate: distance", 1.0)),
    ({"kind": "concept: new routing", "magnitude": 0}, ("concept: new routing", 0.0)),
    ({"kind": "covariate: weather", "magnitude": 0.333}, ("covariate: weather", 0.33)),
])
def test_stored_settings_are_used(in_tmp, log, renders, stored, expected):
    (in_tmp / "decisions.json").write_text(json.dumps({KEY: stored}), encoding="utf-8")
    explorer = drift_explorer(log)
    assert explorer.value == {"kind": expected[0], "magnitude": expected[1]}
    assert isinstance(explorer.value["magnitude"], float)
    assert controls(explorer)[2].value == html_of(drift_scenario(log, *expected).text)


@pytest.mark.parametrize("content", [
    "{not json",
    "",
    json.dumps([KEY, 0.3]),
    json.dumps({KEY: "covariate: distance"}),
    json.dumps({KEY: 0.3}),
    json.dumps({KEY: {"kind": "drift", "magnitude": 0.3}}),
    json.dumps({KEY: {"kind": ["none"], "magnitude": 0.3}}),
    json.dumps({KEY: {"kind": "covariate: distance", "magnitude": 1.5}}),
    json.dumps({KEY: {"kind": "covariate: distance", "magnitude": -0.05}}),
    json.dumps({KEY: {"kind": "covariate: distance", "magnitude": "0.3"}}),
    json.dumps({KEY: {"kind": "covariate: distance", "magnitude": True}}),
    json.dumps({KEY: {"kind": "covariate: distance", "magnitude": None}}),
    json.dumps({KEY: {"kind": "covariate: distance"}}),
    '{"m3_drift_setting": {"kind": "covariate: distance", "magnitude": NaN}}',
], ids=["invalid-json", "empty-file", "list", "string", "number", "unknown-kind", "list-kind",
        "above-one", "negative", "string-magnitude", "bool-magnitude", "null-magnitude",
        "no-magnitude", "nan"])
def test_unusable_stored_setting_falls_back_to_no_drift(in_tmp, log, renders, content):
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = drift_explorer(log)
    kind, magnitude, readout = controls(explorer)
    assert explorer.value == {"kind": "none", "magnitude": 0.0}
    assert readout.value == html_of(drift_scenario(log, "none", 0.0).text)
    magnitude.value = 0.7
    assert saved(in_tmp)[KEY] == {"kind": "none", "magnitude": 0.7}


@pytest.mark.parametrize("kwargs, message", [
    ({"log": [1, 2]}, "log must be a pandas DataFrame"),
    ({"decision_key": ""}, "decision_key must be a non-empty string"),
    ({"decision_key": 3}, "decision_key must be a non-empty string"),
])
def test_explorer_bad_input_is_a_clear_value_error(in_tmp, log, renders, kwargs, message):
    args = {"log": log, **kwargs}
    with pytest.raises(ValueError, match=message):
        drift_explorer(args.pop("log"), **args)
    assert not (in_tmp / "decisions.json").exists()


# --------------------------------------------------------------------------------------------
# 6. the figure
# --------------------------------------------------------------------------------------------


def panels(figure):
    """The three panels, by title: moved feature, Evidently's tests, accuracy."""
    moved, tests, accuracy = figure.axes
    assert "reference vs current" in moved.get_title()
    assert tests.get_title().startswith("Evidently flags")
    assert accuracy.get_title().startswith("Accuracy as the labels arrive")
    return moved, tests, accuracy


def hex_of(colour) -> str:
    return matplotlib.colors.to_hex(colour, keep_alpha=False)


@pytest.mark.parametrize("kind, m", [("covariate: distance", 0.45), ("prior: courier strike", 1.0),
                                     ("concept: new routing", 0.6), ("none", 0.0)])
def test_first_panel_shows_the_moved_numeric_feature(in_tmp, log, renders, kind, m):
    explorer = drift_explorer(log)
    kind_control, magnitude, _ = controls(explorer)
    kind_control.value = kind
    magnitude.value = m
    scenario = drift_scenario(log, kind, m)
    moved = panels(renders[-1][1])[0]
    col = "distance_km" if kind == "covariate: distance" else "courier_load"
    assert moved.get_title().startswith(f"{col}: reference vs current")
    assert moved.get_xlabel().startswith(col)
    reference, current = moved.patches  # two step patches
    assert current.get_gid() == "current"
    assert reference.get_hatch() == "//" and reference.get_fill()
    assert current.get_linestyle() == "--" and not current.get_fill() and not current.get_hatch()
    values, edges, _ = current.get_data()
    for patch, frame in ((reference, scenario.reference), (current, scenario.current)):
        x = frame[col].to_numpy()
        expected = np.histogram(x, bins=edges)[0] / (x.size * np.diff(edges))
        np.testing.assert_allclose(patch.get_data()[0], expected, rtol=1e-12)
    assert max(values) <= moved.get_ylim()[1]
    assert {hex_of(reference.get_facecolor()), hex_of(current.get_edgecolor())} <= OKABE_ITO
    labels = [t.get_text() for t in moved.get_legend().get_texts()]
    assert labels == ["reference (weeks 1-2), hatched", "current (weeks 3-4), dashed"]


@pytest.mark.parametrize("kind, name", [
    ("covariate: distance", "distance_km: reference vs current (distances stretched)"),
    ("covariate: weather", "weather: reference vs current (weather turning bad)"),
    ("prior: courier strike", "courier_load: reference vs current (courier strike)"),
    ("concept: new routing", "courier_load: reference vs current (new routing: no input moves)"),
])
def test_first_panel_title_names_the_kind_at_every_magnitude(in_tmp, log, renders, kind, name):
    # the slider shows the magnitude and the read-out its numbers: the title stays put (a
    # changing title is a text to draw on every step)
    explorer = drift_explorer(log)
    kind_control, magnitude, _ = controls(explorer)
    kind_control.value = kind
    titles = set()
    for m in (0.0, 0.25, 1.0):
        magnitude.value = m
        titles.add(panels(renders[-1][1])[0].get_title())
    assert titles == {name}
    assert name in alt_text(renders[-1][1])


def test_first_panel_shows_weather_bars_with_their_shares(in_tmp, log, renders):
    explorer = drift_explorer(log)
    kind, magnitude, _ = controls(explorer)
    kind.value = "covariate: weather"
    magnitude.value = 0.8
    scenario = drift_scenario(log, "covariate: weather", 0.8)
    moved = panels(renders[-1][1])[0]
    assert moved.get_title().startswith("weather: reference vs current")
    assert [t.get_text() for t in moved.get_xticklabels()] == list(WEATHER)
    current = [p for p in moved.patches if p.get_gid() == "current"]
    reference = [p for p in moved.patches if p.get_gid() != "current"]
    assert len(current) == len(reference) == 3
    np.testing.assert_allclose([p.get_height() for p in current],
                               shares(scenario.current["weather"]), rtol=1e-12)
    np.testing.assert_allclose([p.get_height() for p in reference],
                               shares(scenario.reference["weather"]), rtol=1e-12)
    assert {p.get_hatch() for p in reference} == {"//"}
    assert {p.get_hatch() for p in current} == {".."}
    texts = {t.get_text() for t in moved.texts}
    for share in shares(scenario.current["weather"]):
        assert f"{share:.0%}" in texts


@pytest.mark.parametrize("kind, m", [("covariate: distance", 0.6), ("covariate: weather", 0.6),
                                     ("concept: new routing", 1.0)])
def test_second_panel_marks_drifted_columns_by_hatch_and_text(in_tmp, log, renders, kind, m):
    explorer = drift_explorer(log)
    kind_control, magnitude, _ = controls(explorer)
    kind_control.value = kind
    magnitude.value = m
    table = drift_scenario(log, kind, m).features
    tests = panels(renders[-1][1])[1]
    assert [t.get_text() for t in tests.get_yticklabels()] == INPUTS
    bars = tests.patches
    assert len(bars) == 5
    texts = [t for t in tests.texts]
    for bar, text, (col, row) in zip(bars, texts, table.iterrows(), strict=True):
        assert bar.get_width() == pytest.approx(min(row["relative"], 3.0)), col
        assert bar.get_hatch() == ("xx" if row["drift"] else None), col
        assert text.get_text().startswith("DRIFT") == bool(row["drift"]), col
        assert f"NannyML {row['nannyml_alerts']}/10 chunks" in text.get_text()
        assert hex_of(bar.get_facecolor()) in OKABE_ITO
    (threshold,) = [line for line in tests.get_lines()]
    assert list(threshold.get_xdata()) == [1.0, 1.0] and threshold.get_linestyle() == "--"
    assert f"flags {int(table['drift'].sum())} of 5 columns" in tests.get_title()
    assert table["drift"].any() == (kind != "concept: new routing")


@pytest.mark.parametrize("kind, m", [("none", 0.0), ("concept: new routing", 1.0)])
def test_third_panel_shows_accuracy_reference_and_alarm(in_tmp, log, renders, kind, m):
    explorer = drift_explorer(log)
    kind_control, magnitude, _ = controls(explorer)
    kind_control.value = kind
    magnitude.value = m
    scenario = drift_scenario(log, kind, m)
    accuracy = panels(renders[-1][1])[2]
    lines = {line.get_label(): line for line in accuracy.get_lines()}
    curve = lines["current, labels known so far"]
    assert curve.get_gid() == "current" and curve.get_marker() == "o"
    np.testing.assert_array_equal(curve.get_xdata(), np.arange(28))
    np.testing.assert_allclose(curve.get_ydata(), scenario.labels["accuracy"], equal_nan=True)
    reference = lines[f"reference {scenario.reference_accuracy:.1%}"]
    alarm = lines[f"alarm below {scenario.alarm_level:.1%}"]
    assert reference.get_ydata()[0] == pytest.approx(scenario.reference_accuracy)
    assert alarm.get_ydata()[0] == pytest.approx(scenario.alarm_level)
    styles = [line.get_linestyle() for line in (curve, reference, alarm)]
    assert len(set(styles)) == 3
    for line in accuracy.get_lines():
        assert hex_of(line.get_color()) in OKABE_ITO
    markers = [line for line in accuracy.get_lines() if line.get_label().startswith("_")]
    (alarm_day,) = markers
    texts = [t.get_text() for t in accuracy.texts]
    if scenario.alarm_day is None:
        assert not alarm_day.get_visible()
        assert "no alarm within 27 days" in texts
    else:
        assert alarm_day.get_visible() and alarm_day.get_linestyle() == "-."
        assert list(alarm_day.get_xdata()) == [scenario.alarm_day] * 2
        assert f"alarm fires on day {scenario.alarm_day} (dash-dot line)" in texts
    assert (scenario.alarm_day is None) == (kind == "none")


def test_each_kind_gets_its_figure_and_each_magnitude_moves_it(in_tmp, log, renders):
    explorer = drift_explorer(log)
    kind, magnitude, _ = controls(explorer)
    plot = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert len(renders) == 1 and renders[0][0] is plot[0]
    first = renders[-1][1]
    magnitude.value = 0.3  # "none": the same figure
    assert renders[-1][1] is first
    kind.value = "covariate: distance"
    distance_figure = renders[-1][1]
    assert distance_figure is not first
    magnitude.value = 0.9
    assert renders[-1][1] is distance_figure and len(renders) == 4


def test_shown_image_is_the_figure_drawn_in_full(in_tmp, log, renders):
    # the explorer redraws only what moved over a kept background: the picture must be the
    # one matplotlib draws from scratch, pixel for pixel, whatever changed
    explorer = drift_explorer(log)
    kind, magnitude, _ = controls(explorer)
    steps = [(magnitude, 0.5), (kind, "covariate: distance"), (magnitude, 1.0),
             (magnitude, 0.05), (kind, "covariate: weather"), (magnitude, 0.3),
             (kind, "prior: courier strike"), (magnitude, 1.0), (magnitude, 0.0),
             (kind, "concept: new routing"), (magnitude, 1.0)]
    for control, value in steps:
        control.value = value
        figure = renders[-1][1]
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure),
                            f"{control.description} = {value}")


def test_figures_are_not_left_to_pyplot(in_tmp, log):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = drift_explorer(log)
    kind, magnitude, _ = controls(explorer)
    kind.value = "covariate: weather"
    magnitude.value = 0.5
    assert plt.get_fignums() == []
