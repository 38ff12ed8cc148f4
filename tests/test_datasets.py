"""Seeded generators: validation, determinism, and the lesson effects module 1 relies on.

The lesson-effect tests run across 25 learner seeds: the phenomenon the notebook teaches must
appear for every learner, not just for the default variant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ai_product_metrics import datasets
from ai_product_metrics.grading.seeds import seed_from_id

SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]


def _weekly(log: pd.DataFrame) -> pd.DataFrame:
    g = log.groupby("week").sum(numeric_only=True)
    return pd.DataFrame({
        "ctr": g.summary_clicks / g.summaries_shown,
        "hallucination": g.hallucinated / g.audited,
        "completion": g.tasks_completed / g.tasks_started,
        "time_on": (log.time_on_summary_s * log.summaries_shown).groupby(log.week).sum() / g.summaries_shown,
        "edit": (log.edit_time_s * log.summaries_shown).groupby(log.week).sum() / g.summaries_shown,
        "dau": log.groupby("week").dau.mean(),
    })


@pytest.mark.parametrize("make", [datasets.make_summary_feature_log, datasets.make_signup_cohorts])
def test_same_seed_same_data(make):
    pd.testing.assert_frame_equal(make(random_state=5), make(random_state=5))


@pytest.mark.parametrize("bad", [None, -1, 1.5, "7", True])
def test_random_state_is_validated(bad):
    with pytest.raises(ValueError, match="random_state"):
        datasets.make_summary_feature_log(random_state=bad)


@pytest.mark.parametrize("n_weeks", [0, 7, 53, 12.0])
def test_n_weeks_is_validated(n_weeks):
    with pytest.raises(ValueError, match="n_weeks"):
        datasets.make_signup_cohorts(random_state=1, n_weeks=n_weeks)


def test_log_is_internally_consistent():
    log = datasets.make_summary_feature_log(random_state=11, n_weeks=10)
    assert len(log) == 70 and log.week.max() == 10
    assert (log.summary_clicks <= log.summaries_shown).all()
    assert (log.hallucinated <= log.audited).all()
    assert (log.tasks_completed <= log.tasks_started).all()
    assert (log.edit_time_s < log.time_on_summary_s).all()
    assert pd.to_datetime(log.date).is_monotonic_increasing


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_engagement_rises_while_quality_falls(seed):
    weekly = _weekly(datasets.make_summary_feature_log(random_state=seed))
    early, late = weekly.loc[1:4], weekly.loc[9:12]
    assert late.ctr.mean() > early.ctr.mean() * 1.15
    assert late.time_on.mean() > early.time_on.mean() * 1.25
    assert late.hallucination.mean() > 2 * early.hallucination.mean()
    assert late.completion.mean() < early.completion.mean() - 0.05
    # the extra time is editing: editing grows by more than the whole rise in time on summary
    assert (late.edit.mean() - early.edit.mean()) > 0.8 * (late.time_on.mean() - early.time_on.mean())
    # clicks move *with* the hallucination rate (the misleading correlation the notebook shows)
    assert stats.pearsonr(weekly.ctr, weekly.hallucination).statistic > 0.8


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_dau_grows_while_day3_retention_is_flat(seed):
    weekly = _weekly(datasets.make_summary_feature_log(random_state=seed))
    cohorts = datasets.make_signup_cohorts(random_state=seed)
    assert weekly.dau.iloc[-1] / weekly.dau.iloc[0] - 1 > 0.3
    assert cohorts.new_users.iloc[-1] > 1.8 * cohorts.new_users.iloc[0]
    retention = cohorts.active_day3 / cohorts.new_users
    fit = stats.linregress(cohorts.cohort_week, retention)
    # flat: less than half a percentage point per week, and no significant trend
    assert abs(fit.slope) < 0.005
    assert retention.max() - retention.min() < 0.06


@pytest.mark.parametrize("seed", SEEDS)
def test_degradation_is_detectable_in_its_own_week(seed):
    """The audit of the degradation week already stands out (the decision is fair)."""
    truth = datasets.summary_feature_truth(random_state=seed)
    weekly = _weekly(datasets.make_summary_feature_log(random_state=seed))
    before = weekly.hallucination.loc[: truth.degradation_week - 1]
    assert weekly.hallucination.loc[truth.degradation_week] > before.max() + 0.02


@pytest.mark.parametrize("seed", SEEDS)
def test_rollback_costs_match_their_definition(seed):
    """Independent recomputation of the decision's consequence from the scenario's truth."""
    costs = datasets.rollback_costs(random_state=seed)
    truth = datasets.summary_feature_truth(random_state=seed)
    log = datasets.make_summary_feature_log(random_state=seed)
    d = truth.degradation_day
    excess = np.zeros(len(log))
    for day in range(d, len(log)):
        share = min(1.0, (day - d + 1) / truth.ramp_days)
        excess[day] = log.summaries_shown[day] * share * (truth.hallucination_after - truth.hallucination_before)
    for week, cost in costs.items():
        harm = excess[: 7 * week].sum()
        if week < truth.degradation_week:
            assert cost == pytest.approx(datasets.engagement.FALSE_ALARM_COST + excess.sum())
        else:
            assert cost == pytest.approx(harm)
    assert min(costs, key=costs.get) == truth.degradation_week
    assert max(costs.values()) > costs[12] > costs[truth.degradation_week]


def test_canonical_exports_are_current(repo, tmp_path):
    written = datasets.export_canonical(tmp_path)
    for path in written:
        committed = repo / "datasets" / path.name
        assert committed.exists(), f"{path.name} missing: run `make build`"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale: run `make build`"


@pytest.mark.parametrize("name", list(datasets.CANONICAL))
def test_every_column_has_a_datasheet_entry(repo, name):
    sheet = (repo / "datasets" / f"{name}.md").read_text(encoding="utf-8")
    columns = pd.read_csv(repo / "datasets" / f"{name}.csv", nrows=1).columns
    for column in columns:
        assert f"`{column}`" in sheet, f"{name}.md does not document `{column}`"
    for heading in ("## Motivation", "## Generation", "## Known limitations"):
        assert heading in sheet
