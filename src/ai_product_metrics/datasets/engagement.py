"""Module 1 scenario: the "Summarize page" feature of a notes app whose model silently degrades.

A notes product ships an AI button that summarises a page. On the Monday of a seed-dependent
week (5, 6 or 7) a new model version is deployed without announcement. From then on:

- the audited hallucination rate (a daily random sample of summaries checked by a reviewer)
  climbs from about 4 % to about 15 % over a few days;
- users click more (expand, regenerate, copy-and-fix) and spend more time on each summary,
  because they are *editing* it;
- the share of note-taking tasks completed falls.

Meanwhile a marketing push brings growing weekly sign-up cohorts, so daily active users rise
even though the share of new users still active on day 3 stays flat: novelty, not value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import check_positive_int, check_random_state

__all__ = [
    "SummaryFeatureTruth",
    "make_signup_cohorts",
    "make_summary_feature_log",
    "rollback_costs",
    "summary_feature_truth",
]

START_DATE = "2026-01-05"  # a Monday
AUDIT_SAMPLE_PER_DAY = 60
#: Cost of rolling back a model that was fine, in the same unit as the harm (hallucinated
#: summaries reaching users): an incident, a lost week of the new model's gains, engineers.
FALSE_ALARM_COST = 4000.0


@dataclass(frozen=True)
class SummaryFeatureTruth:
    """What really happened in a seeded scenario (what the learner has to infer)."""

    degradation_week: int
    degradation_day: int
    hallucination_before: float
    hallucination_after: float
    ramp_days: int


def _draw_truth(rng: np.random.Generator, n_weeks: int) -> SummaryFeatureTruth:
    week = int(rng.integers(5, 8))
    week = min(week, n_weeks - 3)
    return SummaryFeatureTruth(
        degradation_week=week,
        degradation_day=(week - 1) * 7,
        hallucination_before=float(rng.uniform(0.03, 0.05)),
        hallucination_after=float(rng.uniform(0.13, 0.18)),
        ramp_days=int(rng.integers(3, 6)),
    )


def _ramp(n_days: int, truth: SummaryFeatureTruth) -> np.ndarray:
    """0 before the new model, rising linearly to 1 over ``ramp_days``."""
    t = np.arange(n_days) - truth.degradation_day
    return np.clip((t + 1) / truth.ramp_days, 0.0, 1.0) * (t >= 0)


def summary_feature_truth(*, random_state: int, n_weeks: int = 12) -> SummaryFeatureTruth:
    """The hidden facts of the scenario drawn for ``random_state``.

    Examples
    --------
    >>> truth = summary_feature_truth(random_state=0)
    >>> 5 <= truth.degradation_week <= 7
    True
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=8, maximum=52)
    return _draw_truth(check_random_state(random_state), n_weeks)


def make_summary_feature_log(*, random_state: int, n_weeks: int = 12) -> pd.DataFrame:
    """Daily product log of the "Summarize page" feature.

    Parameters
    ----------
    random_state : int
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook).
    n_weeks : int, default 12
        Length of the log in weeks (8 to 52).

    Returns
    -------
    pandas.DataFrame
        One row per day with columns ``date``, ``week``, ``dau``, ``summaries_shown``,
        ``summary_clicks``, ``time_on_summary_s`` (mean seconds per summary shown, reading plus
        editing), ``edit_time_s`` (mean seconds spent editing the summary), ``audited``,
        ``hallucinated`` (of the audited sample), ``tasks_started``, ``tasks_completed``.

    Examples
    --------
    >>> log = make_summary_feature_log(random_state=1)
    >>> log.shape
    (84, 11)
    >>> bool((log["hallucinated"] <= log["audited"]).all())
    True
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=8, maximum=52)
    rng = check_random_state(random_state)
    truth = _draw_truth(rng, n_weeks)
    n_days = 7 * n_weeks
    day = np.arange(n_days)
    ramp = _ramp(n_days, truth)

    dau0 = rng.uniform(9_000, 12_000)
    growth = rng.uniform(0.035, 0.055)  # weekly, carried by new sign-up cohorts
    weekday_factor = np.where(day % 7 >= 5, 0.82, 1.0)
    dau = rng.poisson(dau0 * (1 + growth) ** (day / 7) * weekday_factor)

    shown = rng.poisson(dau * rng.uniform(1.4, 1.8))
    ctr0 = rng.uniform(0.27, 0.33)
    ctr = ctr0 + ramp * rng.uniform(0.07, 0.10)
    clicks = rng.binomial(shown, ctr)

    reading = rng.uniform(30, 38)
    edit0 = rng.uniform(6, 10)
    edit = edit0 + ramp * rng.uniform(15, 22)
    edit_time = np.round(edit + rng.normal(0, 0.8, n_days), 1)
    time_on = np.round(reading + edit + rng.normal(0, 1.2, n_days), 1)

    p_bad = truth.hallucination_before + ramp * (truth.hallucination_after - truth.hallucination_before)
    audited = np.full(n_days, AUDIT_SAMPLE_PER_DAY)
    hallucinated = rng.binomial(audited, p_bad)

    started = rng.poisson(dau * rng.uniform(0.8, 1.0))
    completion0 = rng.uniform(0.76, 0.82)
    completion = completion0 - ramp * rng.uniform(0.08, 0.12)
    completed = rng.binomial(started, completion)

    dates = pd.date_range(START_DATE, periods=n_days, freq="D")
    return pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "week": day // 7 + 1,
            "dau": dau,
            "summaries_shown": shown,
            "summary_clicks": clicks,
            "time_on_summary_s": time_on,
            "edit_time_s": edit_time,
            "audited": audited,
            "hallucinated": hallucinated,
            "tasks_started": started,
            "tasks_completed": completed,
        }
    )


def make_signup_cohorts(*, random_state: int, n_weeks: int = 12) -> pd.DataFrame:
    """Weekly sign-up cohorts of the notes app with day-1, day-3 and day-7 retention counts.

    A marketing push makes each cohort larger than the last; the share of a cohort still
    active on day 3 does not improve.

    Returns
    -------
    pandas.DataFrame
        One row per cohort: ``cohort_week``, ``new_users``, ``active_day1``, ``active_day3``,
        ``active_day7``.

    Examples
    --------
    >>> cohorts = make_signup_cohorts(random_state=1)
    >>> list(cohorts.columns)
    ['cohort_week', 'new_users', 'active_day1', 'active_day3', 'active_day7']
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=8, maximum=52)
    rng = check_random_state(random_state)
    rng = np.random.default_rng(rng.integers(2**32) + 1)  # independent of the daily log's draws
    weeks = np.arange(1, n_weeks + 1)
    size0 = rng.uniform(1_800, 2_600)
    growth = rng.uniform(0.08, 0.12)
    new_users = rng.poisson(size0 * (1 + growth) ** (weeks - 1))
    r1, r3, r7 = rng.uniform(0.50, 0.58), rng.uniform(0.28, 0.34), rng.uniform(0.17, 0.22)
    d1 = rng.binomial(new_users, r1)
    d3 = rng.binomial(d1, r3 / r1)
    d7 = rng.binomial(d3, r7 / r3)
    return pd.DataFrame(
        {
            "cohort_week": weeks,
            "new_users": new_users,
            "active_day1": d1,
            "active_day3": d3,
            "active_day7": d7,
        }
    )


def rollback_costs(*, random_state: int, n_weeks: int = 12) -> dict[int, float]:
    """Consequence of rolling the model back at the end of each week, in harmful summaries.

    Rolling back at the end of week ``w`` costs the hallucinated summaries served *above the
    old model's rate* from the silent deployment until then (expected values, from the true
    rates). Escalating before the deployment (``w`` earlier than the degradation week) finds
    nothing wrong: it costs ``FALSE_ALARM_COST`` and the real degradation, when it comes, runs
    unchecked to the end of the period. Week ``n_weeks`` stands for "never rolled back".

    Examples
    --------
    >>> costs = rollback_costs(random_state=3)
    >>> truth = summary_feature_truth(random_state=3)
    >>> min(costs, key=costs.get) == truth.degradation_week
    True
    """
    log = make_summary_feature_log(random_state=random_state, n_weeks=n_weeks)
    truth = summary_feature_truth(random_state=random_state, n_weeks=n_weeks)
    ramp = _ramp(len(log), truth)
    excess = log["summaries_shown"].to_numpy() * ramp * (
        truth.hallucination_after - truth.hallucination_before
    )
    harm_by_week = pd.Series(excess).groupby(log["week"].to_numpy()).sum()
    cumulative = harm_by_week.cumsum()
    return {
        int(w): (
            FALSE_ALARM_COST + float(cumulative[n_weeks])
            if w < truth.degradation_week
            else float(cumulative[w])
        )
        for w in range(1, n_weeks + 1)
    }
