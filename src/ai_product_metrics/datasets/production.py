"""Module 3 scenario: a late-delivery model in production, and the ways it drifts.

A food-delivery app scores every order with a model that predicts whether the order will
arrive late, so the app can warn the customer (a warning is shown when the score is at least
0.5). The model is a fixed logistic regression of the order's features, fitted on a snapshot
taken before the log starts (``MODEL_TRAINED_ON``); it is never retrained during the 20 weeks
of the log, which start on Monday 2026-03-02.

Until something changes, the model is right: the true probability that an order is late is
the model's own score. Four events are injected, in this order and without overlap, after a
calm reference period of at least four weeks; their weeks depend on the seed
(``production_events``):

1. **covariate shift** (2-3 weeks): one input moves. Either a free-delivery promotion brings
   orders from restaurants 30-50 % farther away (``distance_km``), or a spell of bad weather
   makes rain and snow common (``weather``). The relation between inputs and lateness does not
   change, so the model stays calibrated: input monitors fire, accuracy barely suffers.
2. **prior shift** (2 weeks): a courier strike. Every order is more likely to be late; the only
   input that moves is ``courier_load`` (fewer couriers, 10-20 % more open orders each), far
   too little to explain the jump in late deliveries.
3. **concept drift** (to the end of the log): a new routing system makes long distances much
   less risky and courier load much more risky. Every input keeps exactly its reference
   distribution and the overall late rate stays about the same, so input monitors stay silent
   while the model's accuracy falls by about ten points.
4. **latency incident** (1 week): a slow serving node; the 99th percentile of latency roughly
   triples while the median barely moves.

True labels arrive 7 to 14 days after the order (``label_available_day``). The business notices
the concept drift only 2-3 weeks later: refund requests rise and the app's rating falls
(``make_weekly_business``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit

from ._common import check_positive_int, check_random_state

__all__ = [
    "CITY_ZONES",
    "MODEL_COEFFICIENTS",
    "MODEL_TRAINED_ON",
    "WEATHER",
    "WEATHER_SHARES",
    "late_model_logit",
    "late_model_score",
    "make_production_log",
    "make_weekly_business",
    "production_events",
]

START_DATE = "2026-03-02"  # a Monday
#: Date of the training snapshot of the deployed model (it is never retrained in the log).
MODEL_TRAINED_ON = "2026-02-01"
#: Delivery zones of the city, from the centre outwards.
CITY_ZONES = ("centre", "north", "east", "south", "harbour")
WEATHER = ("clear", "rain", "snow")
#: The deployed model: log-odds of "late" = intercept + sum of coefficient x feature.
MODEL_COEFFICIENTS = {
    "intercept": -7.0,
    "distance_km": 0.9,
    "basket_items": 0.08,
    "courier_load": 1.5,
    "weather": {"clear": 0.0, "rain": 0.7, "snow": 1.4},
    "city_zone": {"centre": 0.25, "north": 0.0, "east": 0.0, "south": 0.0, "harbour": 0.3},
}
MIN_WEEKS = 12
REFERENCE_WEEKS = 4

_P_ZONE = np.array([0.34, 0.20, 0.18, 0.16, 0.12])
_ZONE_MEDIAN_KM = np.array([1.8, 3.2, 3.0, 3.6, 4.8])
_DISTANCE_LOG_SPREAD = 0.45
_DISTANCE_BOUNDS_KM = (0.3, 25.0)
#: Shares of ``WEATHER`` (clear, rain, snow) in calm weeks and during a spell of bad weather.
WEATHER_SHARES = {"calm": (0.70, 0.22, 0.08), "spell": (0.30, 0.50, 0.20)}
_P_WEATHER = np.array(WEATHER_SHARES["calm"])
_P_WEATHER_SPELL = np.array(WEATHER_SHARES["spell"])
_LOAD_GAMMA = (8.0, 0.15)  # shape, scale: mean 1.2 open orders per courier off-peak
_BASKET_EXTRA_MEAN = 1.6  # basket_items = 1 + Poisson(1.6)
#: Orders by weekday (Monday first), relative to ``orders_per_day``; the mean is 1.
_WEEKDAY_FACTOR = np.array([0.90, 0.90, 0.90, 0.90, 1.15, 1.20, 1.05])
#: Order times: lunch peak, dinner peak, and a flat share over the opening hours (10:00-24:00).
_HOUR_MIXTURE = ((0.40, 12.5, 1.0), (0.50, 19.5, 1.3))
_OPEN_HOURS = (10.0, 24.0)
_COST_FIXED_USD = 0.00035
_COST_PER_MS_USD = 0.000004


@dataclass(frozen=True)
class _Scenario:
    """Everything a seed decides before the rows are drawn."""

    covariate_start: int
    covariate_end: int
    shifted_feature: str
    prior_start: int
    prior_end: int
    concept_start: int
    incident_week: int
    business_lag: int
    distance_factor: float
    strike_logit: float
    strike_load_factor: float
    concept_distance_coef: float
    concept_load_coef: float
    latency_median_ms: float
    latency_spread: float
    incident_share: float
    incident_factor: tuple[float, float]
    child_seeds: tuple[int, int, int]


def _draw_scenario(rng: np.random.Generator, n_weeks: int) -> _Scenario:
    """Draw the scenario; always the same number of draws, whatever ``n_weeks``."""
    cov_start = 5 + int(rng.integers(0, 2))
    cov_len = int(rng.integers(2, 4))
    gap1 = int(rng.integers(1, 3))
    gap2 = int(rng.integers(1, 3))
    lag = int(rng.integers(2, 4))
    incident_after_move = int(rng.integers(1, 4))
    shifted = ("distance_km", "weather")[int(rng.integers(0, 2))]
    scalars = rng.uniform(size=9)
    seed_counts, seed_log, seed_business = (int(s) for s in rng.integers(2**32, size=3))

    # Short logs: squeeze the calm gaps, then the covariate block, so that the concept drift
    # still has at least three weeks after its first one.
    def concept() -> int:
        return cov_start + cov_len + gap1 + 2 + gap2

    while concept() > n_weeks - 3:
        if gap2 > 0:
            gap2 -= 1
        elif gap1 > 0:
            gap1 -= 1
        elif cov_len > 2:
            cov_len -= 1
        else:  # from week 6 to week 5 at most: n_weeks >= 12 leaves room for that
            cov_start -= 1
    prior_start = cov_start + cov_len + gap1
    concept_start = concept()
    move = min(concept_start + lag, n_weeks)

    def between(u: float, low: float, high: float) -> float:
        return float(low + (high - low) * u)

    return _Scenario(
        covariate_start=cov_start,
        covariate_end=cov_start + cov_len - 1,
        shifted_feature=shifted,
        prior_start=prior_start,
        prior_end=prior_start + 1,
        concept_start=concept_start,
        incident_week=min(move + incident_after_move, n_weeks),
        business_lag=move - concept_start,
        distance_factor=between(scalars[0], 1.3, 1.5),
        strike_logit=between(scalars[1], 0.7, 0.9),
        strike_load_factor=between(scalars[2], 1.10, 1.20),
        concept_distance_coef=between(scalars[3], 0.0, 0.15),
        concept_load_coef=between(scalars[4], 3.8, 4.2),
        latency_median_ms=between(scalars[5], 42.0, 56.0),
        latency_spread=between(scalars[6], 0.50, 0.58),
        incident_share=between(scalars[7], 0.045, 0.055),
        incident_factor=(4.0, between(scalars[8], 7.0, 9.0)),
        child_seeds=(seed_counts, seed_log, seed_business),
    )


def _scenario(random_state: int | np.random.Generator, n_weeks: int) -> _Scenario:
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=MIN_WEEKS, maximum=52)
    return _draw_scenario(check_random_state(random_state), n_weeks)


def _daily_orders(scenario: _Scenario, n_weeks: int, orders_per_day: int) -> np.ndarray:
    """Orders per day: Poisson around ``orders_per_day`` with a Friday-to-Sunday peak."""
    rng = np.random.default_rng(scenario.child_seeds[0])
    day = np.arange(7 * n_weeks)
    return rng.poisson(orders_per_day * _WEEKDAY_FACTOR[day % 7])


def production_events(*, random_state: int | np.random.Generator, n_weeks: int = 20) -> dict:
    """The injected events of the production log drawn for ``random_state`` (the truth).

    Weeks are 1-based and inclusive. Pass the same integer seed as to
    ``make_production_log``: the events are the first draws of that seed.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed of the scenario. ``None`` is refused.
    n_weeks : int, default 20
        Length of the log in weeks (12 to 52). Short logs squeeze the calm gaps between events.

    Returns
    -------
    dict
        ``covariate_shift``: (first, last) week of the covariate shift; ``shifted_feature``:
        ``"distance_km"`` or ``"weather"``; ``prior_shift``: (first, last) week of the courier
        strike; ``concept_drift``: (first week, None), it lasts to the end of the log;
        ``latency_incident``: (week, week); ``business_lag_weeks``: weeks between the start of
        the concept drift and the first move of the business metrics (2 or 3, less only when
        the log ends sooner).

    Examples
    --------
    >>> events = production_events(random_state=0)
    >>> sorted(events)
    ['business_lag_weeks', 'concept_drift', 'covariate_shift', 'latency_incident', 'prior_shift', 'shifted_feature']
    >>> events["covariate_shift"][0] >= 5 and events["concept_drift"][1] is None
    True
    >>> events["covariate_shift"][1] < events["prior_shift"][0] < events["concept_drift"][0]
    True
    """
    s = _scenario(random_state, n_weeks)
    return {
        "covariate_shift": (s.covariate_start, s.covariate_end),
        "shifted_feature": s.shifted_feature,
        "prior_shift": (s.prior_start, s.prior_end),
        "concept_drift": (s.concept_start, None),
        "latency_incident": (s.incident_week, s.incident_week),
        "business_lag_weeks": s.business_lag,
    }


def _model_logit(
    distance: np.ndarray, basket: np.ndarray, load: np.ndarray, weather: np.ndarray, zone: np.ndarray
) -> np.ndarray:
    c = MODEL_COEFFICIENTS
    weather_effect = np.array([c["weather"][w] for w in WEATHER])
    zone_effect = np.array([c["city_zone"][z] for z in CITY_ZONES])
    return (
        c["intercept"]
        + c["distance_km"] * distance
        + c["basket_items"] * basket
        + c["courier_load"] * load
        + weather_effect[weather]
        + zone_effect[zone]
    )



_MODEL_INPUTS = ("distance_km", "basket_items", "courier_load", "weather", "city_zone")


def late_model_logit(frame: pd.DataFrame) -> np.ndarray:
    """Log-odds of "late" that the deployed model gives the orders of ``frame`` (unrounded).

    The model is ``MODEL_COEFFICIENTS``; it sees only the five inputs, whatever the world does.

    Parameters
    ----------
    frame : pandas.DataFrame
        Orders with the columns ``distance_km``, ``basket_items``, ``courier_load`` (numbers)
        and ``weather`` (one of ``WEATHER``), ``city_zone`` (one of ``CITY_ZONES``), e.g. rows
        of ``make_production_log``, possibly with changed inputs.

    Returns
    -------
    numpy.ndarray of float
        One log-odds per row.

    Raises
    ------
    ValueError
        When ``frame`` is not a DataFrame, lacks an input column, holds a missing or unknown
        weather or zone label, or a non-finite number.

    Examples
    --------
    >>> order = pd.DataFrame({"distance_km": [2.0], "basket_items": [3], "courier_load": [1.2],
    ...                       "weather": ["rain"], "city_zone": ["centre"]})
    >>> round(float(late_model_logit(order)[0]), 2)  # -7 + 0.9*2 + 0.08*3 + 1.5*1.2 + 0.7 + 0.25
    -2.21
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [col for col in _MODEL_INPUTS if col not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the model's input columns {missing}")
    codes = {}
    for col, labels in (("weather", WEATHER), ("city_zone", CITY_ZONES)):
        codes[col] = pd.Index(labels).get_indexer(frame[col]).astype(np.int64)
        if (codes[col] < 0).any():
            raise ValueError(f"{col} must hold only the labels {labels} (no missing values)")
    numbers = {}
    for col in ("distance_km", "basket_items", "courier_load"):
        try:
            numbers[col] = frame[col].to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{col} must hold numbers (got dtype {frame[col].dtype})") from None
        if not np.isfinite(numbers[col]).all():
            raise ValueError(f"{col} must be finite (no NaN or infinity)")
    return _model_logit(numbers["distance_km"], numbers["basket_items"],
                        numbers["courier_load"], codes["weather"], codes["city_zone"])


def late_model_score(frame: pd.DataFrame) -> np.ndarray:
    """The deployed model's probability of "late" for the orders of ``frame``, as logged.

    ``expit(late_model_logit(frame))`` rounded to 4 decimals, as the ``score`` column of
    ``make_production_log``: for the log's own rows it gives that column exactly.

    Parameters
    ----------
    frame : pandas.DataFrame
        Orders with the model's input columns (see :func:`late_model_logit`).

    Returns
    -------
    numpy.ndarray of float
        One score in [0, 1] per row; the model warns when it is at least 0.5.

    Raises
    ------
    ValueError
        As :func:`late_model_logit`.

    Examples
    --------
    >>> log = make_production_log(random_state=0, n_weeks=12, orders_per_day=50)
    >>> bool((late_model_score(log) == log["score"]).all())
    True
    >>> farther = log.assign(distance_km=log["distance_km"] * 1.5)  # orders from farther away
    >>> bool((late_model_score(farther) >= log["score"]).all())
    True
    """
    return np.round(expit(late_model_logit(frame)), 4)


def make_production_log(
    *, random_state: int | np.random.Generator, n_weeks: int = 20, orders_per_day: int = 400
) -> pd.DataFrame:
    """Every order scored by the late-delivery model in production, with its true outcome.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_weeks : int, default 20
        Length of the log in weeks (12 to 52), starting on Monday 2026-03-02.
    orders_per_day : int, default 400
        Mean number of orders a day (at least 50); Fridays to Sundays are busier.

    Returns
    -------
    pandas.DataFrame
        One row per order, in time order, with columns ``timestamp`` (ISO, seconds),
        ``day`` (0-based), ``week`` (1-based), ``distance_km``, ``basket_items``,
        ``courier_load`` (open orders per available courier), ``weather`` (one of
        ``WEATHER``), ``city_zone`` (one of ``CITY_ZONES``), ``score`` (the model's
        probability of "late"), ``predicted_late`` (``score >= 0.5``), ``late`` (the true
        outcome), ``label_available_day`` (the day the true outcome becomes known: 7 to 14
        days after the order), ``latency_ms``, ``cost_usd`` (serving cost of the prediction)
        and ``model_trained_on`` (``MODEL_TRAINED_ON``). The injected events are given by
        ``production_events``.

    Examples
    --------
    >>> log = make_production_log(random_state=0, n_weeks=12, orders_per_day=50)
    >>> list(log.columns[:5])
    ['timestamp', 'day', 'week', 'distance_km', 'basket_items']
    >>> int(log["week"].max()), bool(log["timestamp"].is_monotonic_increasing)
    (12, True)
    >>> bool(((log["label_available_day"] - log["day"]).between(7, 14)).all())
    True
    >>> bool((log["predicted_late"] == (log["score"] >= 0.5)).all())
    True
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=MIN_WEEKS, maximum=52)
    orders_per_day = check_positive_int(orders_per_day, "orders_per_day", minimum=50)
    s = _draw_scenario(check_random_state(random_state), n_weeks)
    rng = np.random.default_rng(s.child_seeds[1])

    counts = _daily_orders(s, n_weeks, orders_per_day)
    n = int(counts.sum())
    day = np.repeat(np.arange(7 * n_weeks), counts)
    week = day // 7 + 1

    # time of day: lunch and dinner peaks plus a flat share, within opening hours
    weights = np.array([w for w, _, _ in _HOUR_MIXTURE] + [1 - sum(w for w, _, _ in _HOUR_MIXTURE)])
    component = rng.choice(len(weights), size=n, p=weights)
    centres = np.array([m for _, m, _ in _HOUR_MIXTURE] + [0.0])
    spreads = np.array([sd for _, _, sd in _HOUR_MIXTURE] + [0.0])
    peak_hour = rng.normal(centres[component], np.maximum(spreads[component], 1e-9))
    flat_hour = rng.uniform(*_OPEN_HOURS, size=n)
    outside = (peak_hour < _OPEN_HOURS[0]) | (peak_hour >= _OPEN_HOURS[1])
    hour = np.where((component == len(weights) - 1) | outside, flat_hour, peak_hour)
    seconds = np.floor(hour * 3600)
    order = np.lexsort((seconds, day))
    day, week, seconds, hour = day[order], week[order], seconds[order], hour[order]

    # inputs, first from the reference distribution
    zone = rng.choice(len(CITY_ZONES), size=n, p=_P_ZONE)
    distance = np.exp(rng.normal(np.log(_ZONE_MEDIAN_KM[zone]), _DISTANCE_LOG_SPREAD))
    basket = 1 + rng.poisson(_BASKET_EXTRA_MEAN, size=n)
    rush = 0.25 * np.exp(-0.5 * ((hour - 12.5) / 1.0) ** 2) + 0.3 * np.exp(-0.5 * ((hour - 19.5) / 1.2) ** 2)
    load = rng.gamma(*_LOAD_GAMMA, size=n) * (1 + rush)
    weather_u = rng.random(n)

    # the events that move inputs
    covariate = (week >= s.covariate_start) & (week <= s.covariate_end)
    strike = (week >= s.prior_start) & (week <= s.prior_end)
    p_weather = np.where(
        (covariate & (s.shifted_feature == "weather"))[:, None], _P_WEATHER_SPELL, _P_WEATHER
    )
    weather = (weather_u[:, None] > np.cumsum(p_weather, axis=1)[:, :-1]).sum(axis=1)
    if s.shifted_feature == "distance_km":
        distance = np.where(covariate, distance * s.distance_factor, distance)
    load = np.where(strike, load * s.strike_load_factor, load)

    distance = np.round(np.clip(distance, *_DISTANCE_BOUNDS_KM), 2)
    load = np.round(load, 2)

    # the model sees the logged inputs; the truth is the model until the world changes
    model_logit = _model_logit(distance, basket, load, weather, zone)
    score = np.round(expit(model_logit), 4)
    c = MODEL_COEFFICIENTS
    new_part = (
        s.concept_distance_coef * distance
        + s.concept_load_coef * load
        - c["distance_km"] * distance
        - c["courier_load"] * load
    )
    reference = week <= REFERENCE_WEEKS
    base_rate = expit(model_logit[reference]).mean()
    # the new routing keeps the overall late rate: only who is late changes
    new_intercept = brentq(
        lambda b: expit(model_logit[reference] + new_part[reference] + b).mean() - base_rate, -30, 30
    )
    true_logit = model_logit + strike * s.strike_logit
    true_logit = np.where(week >= s.concept_start, model_logit + new_part + new_intercept, true_logit)
    late = (rng.random(n) < expit(true_logit)).astype(np.int64)
    label_day = day + rng.integers(7, 15, size=n)

    # serving
    latency = s.latency_median_ms * np.exp(s.latency_spread * rng.standard_normal(n))
    slow = (week == s.incident_week) & (rng.random(n) < s.incident_share)
    latency = np.where(slow, latency * rng.uniform(*s.incident_factor, size=n), latency)
    latency = np.round(latency, 1)
    cost = np.round(_COST_FIXED_USD + _COST_PER_MS_USD * latency, 6)

    stamps = np.datetime64(f"{START_DATE}T00:00:00", "s") + (day * 86400 + seconds).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "timestamp": np.datetime_as_string(stamps, unit="s").astype(object),
            "day": day.astype(np.int64),
            "week": week.astype(np.int64),
            "distance_km": distance,
            "basket_items": basket.astype(np.int64),
            "courier_load": load,
            "weather": np.asarray(WEATHER, dtype=object)[weather],
            "city_zone": np.asarray(CITY_ZONES, dtype=object)[zone],
            "score": score,
            "predicted_late": (score >= 0.5).astype(np.int64),
            "late": late,
            "label_available_day": label_day.astype(np.int64),
            "latency_ms": latency,
            "cost_usd": cost,
            "model_trained_on": MODEL_TRAINED_ON,
        }
    )


def make_weekly_business(*, random_state: int | np.random.Generator, n_weeks: int = 20) -> pd.DataFrame:
    """Weekly business metrics of the delivery app: orders, refund requests, app rating.

    Customers request a refund mostly when an order arrives late *without* a warning. Under
    the concept drift the model misses more late orders, but customers forgive the first
    ones: refunds rise and the rating falls only 2-3 weeks after the drift starts
    (``production_events(...)["business_lag_weeks"]``). During the courier strike the app
    showed a banner announcing delays, so refunds did not move. ``orders`` equals the weekly
    number of rows of ``make_production_log`` with the same seed and ``n_weeks`` at the
    default ``orders_per_day``.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (the same as the production log's). ``None`` is refused.
    n_weeks : int, default 20
        Length of the period in weeks (12 to 52).

    Returns
    -------
    pandas.DataFrame
        One row per week with columns ``week``, ``orders``, ``refund_requests``,
        ``refund_rate`` (``refund_requests / orders``, 4 decimals) and ``app_rating`` (mean
        store rating of the week's reviews, 1-5, 2 decimals).

    Examples
    --------
    >>> business = make_weekly_business(random_state=0)
    >>> list(business.columns)
    ['week', 'orders', 'refund_requests', 'refund_rate', 'app_rating']
    >>> len(business), bool((business["refund_requests"] <= business["orders"]).all())
    (20, True)
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=MIN_WEEKS, maximum=52)
    s = _draw_scenario(check_random_state(random_state), n_weeks)
    rng = np.random.default_rng(s.child_seeds[2])
    weeks = np.arange(1, n_weeks + 1)
    orders = _daily_orders(s, n_weeks, 400).reshape(n_weeks, 7).sum(axis=1)

    move = s.concept_start + s.business_lag
    since = weeks - move
    # a step when trust breaks, then a slower slide
    response = np.where(since >= 0, 0.8 + 0.2 * np.clip(since / 3, 0, 1), 0.0)
    base_refund = rng.uniform(0.018, 0.024)
    extra_refund = rng.uniform(0.028, 0.036)
    refund_p = base_refund + extra_refund * response
    refunds = rng.binomial(orders, refund_p)

    base_rating = rng.uniform(4.45, 4.65)
    rating_drop = rng.uniform(0.2, 0.35)
    rating = base_rating - rating_drop * response + rng.normal(0, 0.02, size=n_weeks)
    return pd.DataFrame(
        {
            "week": weeks.astype(np.int64),
            "orders": orders.astype(np.int64),
            "refund_requests": refunds.astype(np.int64),
            "refund_rate": np.round(refunds / orders, 4),
            "app_rating": np.round(np.clip(rating, 1, 5), 2),
        }
    )
