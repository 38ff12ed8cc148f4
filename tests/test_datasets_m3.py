"""Module 3 datasets (drift): validation, determinism, schema, and the lesson effects.

Everything the lessons rely on is recomputed here independently with numpy, scipy and
scikit-learn, across 25 learner seeds.

The input-drift alarm is written out here (it does not call the package):

- reference = the orders of weeks 1-4 (the calm reference period);
- numeric features (``distance_km``, ``basket_items``, ``courier_load``): two-sample
  Kolmogorov-Smirnov test (``scipy.stats.ks_2samp``) of the week against a random subsample of
  1000 reference rows; alarm if ``p <= 0.05``;
- categorical features (``weather``, ``city_zone``): chi-square test of homogeneity
  (``scipy.stats.chi2_contingency``) of the same two samples' category counts; alarm if
  ``p < 0.05``. The goodness-of-fit form (``scipy.stats.chisquare`` of the week's counts
  against the reference proportions, as Evidently computes it) treats the 1000-row reference
  as exact; with a 1000-row reference and a ~2800-row week it alarms on about 45 % of weeks
  drawn from the very same distribution, so it cannot tell drift from noise here.

The subsamples come from one fixed generator (``numpy.random.default_rng(2026)``), a fresh
subsample of 1000 rows for every week. With one subsample reused for every week, an unlucky
draw makes the same feature alarm week after week (including weeks 1-4 themselves): the false
alarms are no longer independent and a per-variant tolerance would have to be very loose.

Tolerance for "silent": every test has a 5 % false-alarm rate by construction (a little less
for the KS test on the rounded and integer features, whose ties make it conservative).
During the concept drift a variant has 30 to 50 feature-weeks, so even with perfectly
unchanged inputs a few alarms are expected: fewer than 90 % silent feature-weeks happens by
chance in 4 to 10 % of variants (binomial tail of Binomial(n, 0.05) for n = 30 to 50), i.e.
about once or twice in 25 variants. Requiring 90 % in *every* variant would therefore be a
coin toss on noise. The tests require instead (1) at least 90 % silent feature-weeks pooled
over the 25 variants (about 1000 feature-weeks: the pooled share sits near 95 % unless an
input really moves), (2) at least 80 % in every variant (failed by chance with probability
below 0.1 % for n = 30 to 50) and (3) no feature alarming in more than half of the
concept-drift weeks of any variant (a single input that really moved would alarm in nearly
all of them). The same reasoning sets the prior-shift tolerance: at most 3 alarms in the 8
feature-weeks of the non-load inputs (chance: 0.04 %), and at least 90 % pooled.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import logit
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import OneHotEncoder

from ai_product_metrics import datasets
from ai_product_metrics.grading.seeds import seed_from_id

SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]
NUMERIC = ("distance_km", "basket_items", "courier_load")
CATEGORICAL = ("weather", "city_zone")
FEATURES = NUMERIC + CATEGORICAL
REFERENCE = (1, 4)
COLUMNS = [
    "timestamp", "day", "week", "distance_km", "basket_items", "courier_load", "weather",
    "city_zone", "score", "predicted_late", "late", "label_available_day", "latency_ms",
    "cost_usd", "model_trained_on",
]
GENERATORS = [datasets.make_production_log, datasets.make_weekly_business, datasets.production_events]


# --- independent computations ---------------------------------------------------------------


@cache
def _log(seed: int) -> pd.DataFrame:
    return datasets.make_production_log(random_state=seed)


@cache
def _events(seed: int) -> dict:
    return datasets.production_events(random_state=seed)


@cache
def _business(seed: int) -> pd.DataFrame:
    return datasets.make_weekly_business(random_state=seed)


def _chi2_alarm(reference: np.ndarray, current: np.ndarray) -> bool:
    categories = np.union1d(reference, current)
    table = np.array([[np.sum(sample == c) for c in categories] for sample in (reference, current)])
    return bool(stats.chi2_contingency(table).pvalue < 0.05)


@cache
def _alarms(seed: int) -> pd.DataFrame:
    """Input-drift alarms: one row per week, one boolean column per feature."""
    log = _log(seed)
    reference = log[log.week.between(*REFERENCE)]
    gen = np.random.default_rng(2026)
    rows = {}
    for week, current in log.groupby("week"):
        sample = reference.iloc[gen.choice(len(reference), size=1000, replace=False)]
        row = {f: bool(stats.ks_2samp(sample[f], current[f]).pvalue <= 0.05) for f in NUMERIC}
        row.update({f: _chi2_alarm(sample[f].to_numpy(), current[f].to_numpy()) for f in CATEGORICAL})
        rows[week] = row
    return pd.DataFrame.from_dict(rows, orient="index")[list(FEATURES)]


def _weekly_accuracy(log: pd.DataFrame) -> pd.Series:
    return pd.Series({w: accuracy_score(g.late, g.predicted_late) for w, g in log.groupby("week")})


def _reference_accuracy(log: pd.DataFrame) -> float:
    ref = log[log.week.between(*REFERENCE)]
    return accuracy_score(ref.late, ref.predicted_late)


def _concept_weeks(seed: int) -> range:
    return range(_events(seed)["concept_drift"][0], int(_log(seed).week.max()) + 1)


def _refund_line(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(weeks, refund rate above the line): the line is mean + 3 sd (ddof=1) of the weekly
    refund rates of every week before the concept drift (the business has no event before it;
    four weeks are too few to estimate a standard deviation)."""
    business = _business(seed)
    rate = business.refund_requests.to_numpy() / business.orders.to_numpy()
    week = business.week.to_numpy()
    before = rate[week < _events(seed)["concept_drift"][0]]
    return week, rate > before.mean() + 3 * before.std(ddof=1)


def _first_move(seed: int) -> int:
    week, above = _refund_line(seed)
    return int(week[above][0])


# --- validation, determinism, schema --------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data(make):
    first, second = make(random_state=5, n_weeks=12), make(random_state=5, n_weeks=12)
    if isinstance(first, pd.DataFrame):
        pd.testing.assert_frame_equal(first, second)
    else:
        assert first == second


def test_seeds_give_different_variants():
    a, b = _log(SEEDS[0]), _log(SEEDS[1])
    assert len(a) != len(b) or not np.array_equal(a.score.to_numpy(), b.score.to_numpy())
    assert len({str(_events(s)) for s in SEEDS}) > 5


def test_generator_objects_are_accepted():
    log = datasets.make_production_log(random_state=np.random.default_rng(3), n_weeks=12, orders_per_day=50)
    assert log.week.max() == 12


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bad", [None, -1, 1.5, "7", True])
def test_random_state_is_validated(make, bad):
    with pytest.raises(ValueError, match="random_state"):
        make(random_state=bad)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("n_weeks", [0, 11, 53, 20.0, True])
def test_n_weeks_is_validated(make, n_weeks):
    with pytest.raises(ValueError, match="n_weeks"):
        make(random_state=1, n_weeks=n_weeks)


@pytest.mark.parametrize("orders_per_day", [0, 49, 400.0, False, "400"])
def test_orders_per_day_is_validated(orders_per_day):
    with pytest.raises(ValueError, match="orders_per_day"):
        datasets.make_production_log(random_state=1, orders_per_day=orders_per_day)


def test_log_schema_and_ranges():
    log = _log(datasets.DEFAULT_SEED)
    assert list(log.columns) == COLUMNS
    assert 0.95 * 56_000 < len(log) < 1.05 * 56_000
    for column in ("day", "week", "basket_items", "predicted_late", "late", "label_available_day"):
        assert log[column].dtype == np.int64, column
    for column in ("distance_km", "courier_load", "score", "latency_ms", "cost_usd"):
        assert log[column].dtype == np.float64, column
    for column in ("timestamp", "weather", "city_zone", "model_trained_on"):
        assert pd.api.types.is_string_dtype(log[column]), column
    assert not log.isna().any().any()

    # time: ISO timestamps to the second, in order, consistent with day and week
    assert log.timestamp.str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d").all()
    stamps = pd.to_datetime(log.timestamp, format="%Y-%m-%dT%H:%M:%S")
    assert stamps.is_monotonic_increasing
    start = pd.Timestamp("2026-03-02")
    assert start.day_name() == "Monday"
    np.testing.assert_array_equal((stamps.dt.normalize() - start).dt.days, log.day)
    np.testing.assert_array_equal(log.day // 7 + 1, log.week)
    assert log.week.min() == 1 and log.week.max() == 20 and log.day.max() == 139

    # inputs
    assert (log.distance_km > 0).all() and log.distance_km.max() < 40
    assert (log.basket_items >= 1).all()
    assert (log.courier_load > 0).all()
    assert set(log.weather) == {"clear", "rain", "snow"}
    assert 4 <= log.city_zone.nunique() <= 6

    # model and truth
    assert log.score.between(0, 1).all()
    assert set(log.predicted_late) == {0, 1} and set(log.late) == {0, 1}

    # serving: lognormal-looking latency, cost per inference
    p50, p99 = np.percentile(log.latency_ms[log.week <= 4], [50, 99])
    assert 40 <= p50 <= 60 and 2.5 < p99 / p50 < 6
    assert (log.latency_ms > 0).all()
    assert 0.0004 <= log.cost_usd.median() <= 0.0008 and (log.cost_usd > 0).all()

    # freshness: one training snapshot, before the log
    assert log.model_trained_on.nunique() == 1
    trained = pd.Timestamp(log.model_trained_on.iloc[0])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", log.model_trained_on.iloc[0]) and trained < start


def test_small_logs_keep_every_event():
    for seed in SEEDS[:5]:
        events = datasets.production_events(random_state=seed, n_weeks=12)
        log = datasets.make_production_log(random_state=seed, n_weeks=12, orders_per_day=50)
        assert log.week.max() == 12 and 0.9 * 50 * 84 < len(log) < 1.1 * 50 * 84
        assert events["covariate_shift"][0] >= 5
        assert events["covariate_shift"][1] < events["prior_shift"][0]
        assert events["prior_shift"][1] < events["concept_drift"][0] <= 9
        assert events["concept_drift"][0] < events["latency_incident"][0] <= 12


def test_label_delay_is_7_to_14_days():
    log = _log(datasets.DEFAULT_SEED)
    delay = log.label_available_day - log.day
    assert delay.between(7, 14).all()
    # drawn per order: every delay occurs, in roughly equal shares
    counts = delay.value_counts().reindex(range(7, 15), fill_value=0).to_numpy()
    assert stats.chisquare(counts).pvalue > 0.001


@pytest.mark.parametrize("seed", [datasets.DEFAULT_SEED, *SEEDS[:3]])
def test_prediction_is_the_thresholded_score(seed):
    log = _log(seed)
    np.testing.assert_array_equal(log.predicted_late, (log.score >= 0.5).astype(int))


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_score_is_one_fixed_logistic_model_of_the_inputs(seed):
    """A linear regression of logit(score) on the one-hot inputs, fitted on weeks 1-4,
    predicts every week's logit(score): the model never changes and sees only the inputs."""
    log = _log(seed)
    kept = log[log.score.between(0.02, 0.98)]
    encoder = OneHotEncoder(drop="first", sparse_output=False).fit(kept[list(CATEGORICAL)])

    def design(frame):
        return np.hstack([frame[list(NUMERIC)].to_numpy(), encoder.transform(frame[list(CATEGORICAL)])])

    ref = kept[kept.week <= 4]
    fit = LinearRegression().fit(design(ref), logit(ref.score))
    residual = logit(kept.score) - fit.predict(design(kept))
    # the score is rounded to 4 decimals: |d logit| <= 0.00005 / (0.02 * 0.98) = 0.0026
    assert np.abs(residual).max() < 0.005


def test_weekly_business_schema():
    business = _business(datasets.DEFAULT_SEED)
    assert list(business.columns) == ["week", "orders", "refund_requests", "refund_rate", "app_rating"]
    np.testing.assert_array_equal(business.week, np.arange(1, 21))
    assert (business.refund_requests <= business.orders).all()
    np.testing.assert_allclose(business.refund_rate, business.refund_requests / business.orders, atol=5e-5)
    assert business.app_rating.between(1, 5).all()


@pytest.mark.parametrize("seed", [datasets.DEFAULT_SEED, *SEEDS[:3]])
def test_business_orders_are_the_logs_orders(seed):
    weekly_rows = _log(seed).groupby("week").size().to_numpy()
    np.testing.assert_array_equal(_business(seed).orders, weekly_rows)


# --- lesson effects across 25 learner seeds ---------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_events_are_ordered_bounded_and_disjoint(seed):
    ev = _events(seed)
    (c0, c1), (p0, p1), (d0, open_end), (i0, i1) = (
        ev["covariate_shift"], ev["prior_shift"], ev["concept_drift"], ev["latency_incident"])
    assert ev["shifted_feature"] in ("distance_km", "weather")
    assert 5 <= c0 and 2 <= c1 - c0 + 1 <= 3
    assert c1 < p0 and p1 - p0 + 1 == 2
    assert p1 < d0 and open_end is None
    assert d0 < i0 == i1 <= 20
    assert ev["business_lag_weeks"] in (1, 2, 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_covariate_shift_trips_the_shifted_feature(seed):
    ev = _events(seed)
    start, end = ev["covariate_shift"]
    alarms = _alarms(seed)
    assert alarms.loc[start:end, ev["shifted_feature"]].all()
    # the relation is unchanged: the model still predicts the late rate it sees
    log = _log(seed)
    shifted = log[log.week.between(start, end)]
    calm = log[log.week.between(*REFERENCE)]
    assert abs(shifted.score.mean() - shifted.late.mean()) < 0.025
    assert shifted.late.mean() > calm.late.mean() + 0.03  # the inputs moved toward "late"


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_concept_drift_is_invisible_to_input_monitors(seed):
    weeks = _concept_weeks(seed)
    alarms = _alarms(seed).loc[weeks]
    assert 1 - alarms.to_numpy().mean() >= 0.80
    assert (alarms.mean() <= 0.5).all(), alarms.mean()
    # ... while every week of it is at least 5 points less accurate than the reference
    log = _log(seed)
    accuracy = _weekly_accuracy(log)
    assert (accuracy.loc[weeks] <= _reference_accuracy(log) - 0.05).all()
    # and the late rate itself barely moves: only *who* is late changes
    calm, drifted = log[log.week.between(*REFERENCE)], log[log.week.isin(weeks)]
    assert abs(drifted.late.mean() - calm.late.mean()) < 0.02


def test_lesson_concept_drift_input_silence_pooled():
    alarms = np.concatenate([_alarms(s).loc[_concept_weeks(s)].to_numpy().ravel() for s in SEEDS])
    assert len(alarms) > 700
    assert 1 - alarms.mean() >= 0.90


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_prior_shift_raises_the_late_rate(seed):
    start, end = _events(seed)["prior_shift"]
    log = _log(seed)
    late_rate = log.late.groupby(log.week).mean()
    reference_rate = log.late[log.week.between(*REFERENCE)].mean()
    assert (late_rate.loc[start:end] >= reference_rate + 0.05).all()
    # the model, which sees only the inputs, under-predicts the strike
    strike = log[log.week.between(start, end)]
    assert strike.late.mean() - strike.score.mean() > 0.05
    others = _alarms(seed).loc[start:end, [f for f in FEATURES if f != "courier_load"]]
    assert others.to_numpy().sum() <= 3  # of 8 feature-weeks: mostly silent


def test_lesson_prior_shift_input_silence_pooled():
    alarms = np.concatenate([
        _alarms(s).loc[slice(*_events(s)["prior_shift"]), [f for f in FEATURES if f != "courier_load"]]
        .to_numpy().ravel()
        for s in SEEDS
    ])
    assert 1 - alarms.mean() >= 0.90


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_latency_incident_moves_p99_not_p50(seed):
    week = _events(seed)["latency_incident"][0]
    log = _log(seed)
    p50 = log.latency_ms.groupby(log.week).quantile(0.5)
    p99 = log.latency_ms.groupby(log.week).apply(lambda x: np.percentile(x, 99))
    assert p99[week] >= 2 * p99.drop(week).median()
    assert abs(p50[week] / p50.drop(week).median() - 1) < 0.20


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_business_metrics_lag_the_concept_drift(seed):
    ev = _events(seed)
    start = ev["concept_drift"][0]
    assert 1 <= _first_move(seed) - start <= 3
    # nothing before the drift; from the scenario's move on, every week is above the line (a
    # single week may cross it earlier by chance: refunds are binomial counts)
    week, above = _refund_line(seed)
    assert not above[week < start].any()
    assert above[week >= start + ev["business_lag_weeks"]].all()
    business = _business(seed).set_index("week")
    before = business.app_rating.loc[: start - 1]
    after = business.app_rating.loc[start + ev["business_lag_weeks"]:]
    assert after.mean() < before.mean() - 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_monitoring_leads_the_business(seed):
    """Lead time, in days, of (1) the first input-drift alarm and (2) an accuracy monitor that
    waits for labels, over the business move (the first week above the refund line, known at
    the end of that week: day 7w - 1).

    The accuracy monitor groups orders by order week and, every day, scores each week on the
    labels arrived so far once there are at least 500 of them; it alarms at 5 points below the
    reference accuracy. Only weeks of the concept drift count here (the courier strike also
    costs accuracy, earlier)."""
    log = _log(seed)
    business_day = 7 * _first_move(seed) - 1
    first_input_alarm_week = _alarms(seed).loc[5:].any(axis=1).idxmax()
    assert business_day - 7 * first_input_alarm_week > 0

    reference = _reference_accuracy(log)
    alarm_days = []
    for week in _concept_weeks(seed):
        rows = log[log.week == week]
        for day in range(int(rows.label_available_day.min()), int(rows.label_available_day.max()) + 1):
            known = rows[rows.label_available_day <= day]
            if len(known) >= 500 and accuracy_score(known.late, known.predicted_late) <= reference - 0.05:
                alarm_days.append(day)
                break
    assert alarm_days, "the accuracy monitor never alarms"
    assert business_day - min(alarm_days) > 0
