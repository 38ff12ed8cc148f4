# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 3 - Drift: when the world moves and the model does not
#
# **Time:** about 120 minutes. **Points:** 34 (31 graded automatically, 3 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. tell a covariate shift, a prior shift and a concept drift apart from what each does to
#    the inputs, to the late rate and to accuracy;
# 2. compute the population stability index yourself, with its binning stated, and read it;
# 3. apply the default drift rules of two monitoring tools (Evidently and NannyML), and
#    explain why they disagree on the same week;
# 4. show that a concept drift is invisible to input monitors, and measure how long delayed
#    labels make you wait before accuracy can raise the alarm;
# 5. measure how many days a monitoring alarm leads the business metric that finally moves;
# 6. read operational health from a serving log (latency percentiles, throughput, freshness,
#    cost per 1,000 predictions) and set an alert rule on p99 latency;
# 7. weight user feedback by how recent it is, and see what it does to a retrained model;
# 8. decide which alarms deserve a page and which only a dashboard.
#
# **How this notebook is graded.** Answer cells are yours (replace
# `raise NotImplementedError()` or the `...` placeholders); the read-only cell after each one
# checks it. Visible checks catch slips; hidden checks, run at grading, recompute every
# number from **your own data variant**. Press **Validate** or run `aipm check` on this file
# to run the visible checks.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import ai_product_metrics as apm

SEED = apm.learner_seed()
log = apm.datasets.make_production_log(random_state=SEED)
business = apm.datasets.make_weekly_business(random_state=SEED)
NUMERIC = ["distance_km", "basket_items", "courier_load"]
CATEGORICAL = ["weather", "city_zone"]
FEATURES = NUMERIC + CATEGORICAL
REFERENCE_WEEKS = (1, 4)
reference = log[log["week"].between(*REFERENCE_WEEKS)]
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
print(f"{len(log):,} scored orders over {log['week'].max()} weeks; reference: weeks 1-4, "
      f"{len(reference):,} orders")

# %% [markdown]
# ## 1. A model in production, and three ways the world moves
#
# A food-delivery app warns a customer when their order is likely to arrive late. The warning
# comes from a model that scores every order (`score`, the probability of "late"); the app
# warns when the score is at least 0.5 (`predicted_late`). The model was trained on a
# snapshot from 1 February and has not been retrained since. Your log holds 20 weeks of it:
# every order's inputs (`distance_km`, `basket_items`, `courier_load`, `weather`,
# `city_zone`), the score, what really happened (`late`), the day that truth reached the data
# team (`label_available_day`, one to two weeks after the order), and the serving latency and
# cost. The datasheet `datasets/production_log.md` describes every column.
#
# Nobody touches the model, yet it can go wrong in three different ways:
#
# | what moves | name | what you see in the inputs | what happens to the model |
# |---|---|---|---|
# | the inputs, P(x) | **covariate shift** (data drift) | a feature's distribution moves | often little: it still knows how inputs relate to lateness |
# | how common the outcome is, P(y) | **prior shift** (label shift) | at most a small move | its scores are too low (or too high) across the board |
# | the relation itself, P(y given x) | **concept drift** | nothing at all | it is confidently wrong, and only the labels can tell |
#
# Weeks 1-4 were calm: they are the **reference** that every monitor compares against. The
# chart below looks back with hindsight, using every label, which nobody could do in real
# time. Look for the weeks where the late rate moves, where the mean score stops following it,
# and where accuracy falls.

# %%
weekly_view = log.groupby("week").agg(late_rate=("late", "mean"), mean_score=("score", "mean"))
weekly_view["accuracy"] = (log["late"] == log["predicted_late"]).groupby(log["week"]).mean()
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.plot(weekly_view.index, weekly_view["late_rate"], "o-", label="late rate (truth)")
ax.plot(weekly_view.index, weekly_view["mean_score"], "s--", label="mean score (model)")
ax.plot(weekly_view.index, weekly_view["accuracy"], "^:", label="accuracy (hindsight)")
ax.axvspan(0.5, 4.5, alpha=0.1, color="grey", label="reference weeks")
ax.set_xlabel("week")
ax.set_xticks(weekly_view.index)
ax.set_ylim(0, 1)
ax.legend(loc="lower left", ncol=2)
ax.set_title("Weekly late rate, mean score and accuracy")
plt.show()
print(weekly_view.round(3).to_string())

# %% [markdown]
# ## 2. The population stability index
#
# The **population stability index** (PSI) comes from credit scoring. It cuts the reference
# into bins, compares the share of each sample in each bin, and adds up how far the shares
# moved, weighting big relative moves more. It depends on the binning, so the binning must be
# stated. The course uses this one:
#
# 1. bin edges at the quantiles 0, 0.1, ..., 1 of the **reference** (`np.quantile`, its
#    default interpolation), with duplicate edges removed (`np.unique`);
# 2. the outermost edges opened to minus and plus infinity, so current values outside the
#    reference range land in the first or the last bin; every bin holds its left edge and not
#    its right one, `[e_i, e_(i+1))`;
# 3. `r` and `c` are the shares of the reference and of the current sample in each bin; a
#    share below `eps = 1e-4` (an empty bin) is raised to `eps`, without renormalising;
# 4. `PSI = sum((c - r) * ln(c / r))`.
#
# The usual reading is a convention, not a statistical test: below 0.1 stable, from 0.1 to
# 0.25 a moderate shift worth a look, 0.25 and above a major shift.
#
# ### Checkpoint 1 - PSI from scratch (answer, 3 points)
#
# Write `psi(reference, current, bins=10)` with NumPy (no SciPy, scikit-learn or `apm`
# helpers: the check refuses them). Raise a `ValueError` when either sample is empty or holds
# a NaN. Hint: `np.searchsorted(inner_edges, values, side="right")` gives each value's bin
# under rule 2.

# %% nbgrader={"grade": false, "grade_id": "m3-psi", "locked": false, "schema_version": 3, "solution": true, "task": false}
def psi(reference, current, bins=10):
    """Population stability index of `current` against `reference` (binning as stated above)."""
    ### BEGIN SOLUTION
    r = np.asarray(reference, dtype=float)
    c = np.asarray(current, dtype=float)
    if r.size == 0 or c.size == 0:
        raise ValueError("both samples must be non-empty")
    if np.isnan(r).any() or np.isnan(c).any():
        raise ValueError("samples must not contain NaN")
    edges = np.unique(np.quantile(r, np.linspace(0, 1, bins + 1)))
    inner = edges[1:-1]
    n_bins = len(inner) + 1
    r_share = np.bincount(np.searchsorted(inner, r, side="right"), minlength=n_bins) / r.size
    c_share = np.bincount(np.searchsorted(inner, c, side="right"), minlength=n_bins) / c.size
    r_share = np.maximum(r_share, 1e-4)
    c_share = np.maximum(c_share, 1e-4)
    return float(np.sum((c_share - r_share) * np.log(c_share / r_share)))
    ### END SOLUTION


print(f"PSI of week 5 distance against the reference: "
      f"{psi(reference['distance_km'], log.loc[log['week'] == 5, 'distance_km']):.3f}")

# %% nbgrader={"grade": true, "grade_id": "m3-psi-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks psi: written from scratch, equal to an independent computation with the stated binning, ValueError on empty or NaN samples."""
apm.grading.check_from_scratch(psi, "psi")
_value = psi(reference["distance_km"], reference["distance_km"])
apm.grading.check_type(_value, float, "psi(...)")
apm.grading.check_close(_value, 0.0, "psi of a sample against itself", atol=1e-9)
apm.grading.check_range(psi(reference["distance_km"], reference["distance_km"] + 1), 0, 1e6, "psi(...)")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_ref = _log[_log.week <= 4]


def _independent_psi(_r, _c, _bins=10):
    _r, _c = np.asarray(_r, dtype=float), np.asarray(_c, dtype=float)
    _edges = np.unique(np.quantile(_r, np.linspace(0, 1, _bins + 1)))
    _edges = np.concatenate([[-np.inf], _edges[1:-1], [np.inf]])
    _rs = pd.Series(pd.cut(_r, _edges, right=False)).value_counts(sort=False).to_numpy() / _r.size
    _cs = pd.Series(pd.cut(_c, _edges, right=False)).value_counts(sort=False).to_numpy() / _c.size
    _rs, _cs = np.maximum(_rs, 1e-4), np.maximum(_cs, 1e-4)
    return float(np.sum((_cs - _rs) * np.log(_cs / _rs)))


_rng = np.random.default_rng(apm.learner_seed())
_cases = [(_ref[_f], _log.loc[_log.week == _w, _f], 10) for _f in ("distance_km", "basket_items", "courier_load")
          for _w in (3, 6, 11, 15)]
_cases += [(_rng.normal(0, 1, 500), _rng.normal(0.3, 1.2, 300), 10),
           (_rng.normal(0, 1, 500), _rng.normal(5, 1, 300), 10),  # current beyond the reference range
           (_rng.integers(0, 3, 400), _rng.integers(0, 4, 200), 10),  # many duplicate edges
           (_rng.exponential(1, 1000), _rng.exponential(1.5, 1000), 5)]
for _r, _c, _b in _cases:
    apm.grading.check_close(psi(_r, _c, bins=_b), _independent_psi(_r, _c, _b), "psi(...)", rtol=1e-7,
                            hint="edges at reference quantiles, duplicates removed, outer edges open, "
                                 "bins closed on the left, shares floored at 1e-4")
for _bad in (([], [1.0, 2.0]), ([1.0, 2.0], []), ([1.0, np.nan], [1.0, 2.0]), ([1.0, 2.0], [np.nan, 2.0])):
    try:
        psi(*_bad)
    except ValueError:
        pass
    else:
        raise AssertionError("psi should raise ValueError on an empty sample or a NaN")
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 2 - PSI week by week (answer, 2 points)
#
# Build `psi_weekly`: a DataFrame with one row per week of the log (index `week`, 1 to 20)
# and one column per numeric feature (`NUMERIC`), holding your `psi` of that week's orders
# against the reference weeks 1-4. Then list in `psi_major_weeks` the weeks (sorted ints)
# where at least one numeric feature reads as a major shift (PSI at or above 0.25).

# %% nbgrader={"grade": false, "grade_id": "m3-psi-weekly", "locked": false, "schema_version": 3, "solution": true, "task": false}
psi_weekly = ...
psi_major_weeks = ...
### BEGIN SOLUTION
psi_weekly = pd.DataFrame(
    {f: {w: psi(reference[f], g[f]) for w, g in log.groupby("week")} for f in NUMERIC}
)
psi_weekly.index.name = "week"
psi_major_weeks = [int(w) for w in psi_weekly.index[(psi_weekly >= 0.25).any(axis=1)]]
### END SOLUTION
print(psi_weekly.round(3).to_string())
print("major shift in weeks", psi_major_weeks)

# %% nbgrader={"grade": true, "grade_id": "m3-psi-weekly-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks psi_weekly (weeks x numeric features, your psi against weeks 1-4) and psi_major_weeks."""
apm.grading.check_columns(psi_weekly, NUMERIC, "psi_weekly")
apm.grading.check_length(psi_weekly, int(log["week"].max()), "psi_weekly", what="rows (one per week)")
apm.grading.check_type(psi_major_weeks, list, "psi_major_weeks")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_ref = _log[_log.week <= 4]
_expected = pd.DataFrame({_f: {_w: apm.drift.population_stability_index(_ref[_f], _g[_f])
                               for _w, _g in _log.groupby("week")} for _f in NUMERIC})
apm.grading.check_close(list(psi_weekly.index), list(_expected.index), "the index of psi_weekly (weeks 1-20)")
apm.grading.check_close(psi_weekly[NUMERIC].to_numpy(), _expected.to_numpy(), "psi_weekly", rtol=1e-6,
                        hint="each week's orders against all orders of weeks 1-4")
_major = [int(_w) for _w in _expected.index[(_expected >= 0.25).any(axis=1)]]
assert [int(_w) for _w in psi_major_weeks] == _major, "psi_major_weeks does not match your data"
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The rules the tools apply by default
#
# PSI is one of many ways to compare two samples. SciPy has the classic ones:
#
# - **Kolmogorov-Smirnov** (`scipy.stats.ks_2samp`): the largest vertical gap between the two
#   cumulative distributions, with a p-value. With thousands of rows even a tiny, harmless
#   gap becomes "significant".
# - **Wasserstein distance** (`scipy.stats.wasserstein_distance`): how far, on average, you
#   would have to move each value to turn one sample into the other, in the feature's unit.
#   Divided by the reference's standard deviation it becomes unit-free.
# - **Jensen-Shannon distance** (`scipy.spatial.distance.jensenshannon`) between the category
#   shares of a categorical feature: 0 for identical shares, at most 1 (with base 2).
#
# Monitoring tools wrap these in **decision rules**, and the defaults differ:
#
# - **Evidently** (0.7, legacy column types) tests each column. With a reference of more than
#   1,000 rows, as here: a numeric column with more than 5 distinct values drifts when its
#   normalised Wasserstein distance is at least 0.1; any other column drifts when the
#   Jensen-Shannon distance (natural log) of its category shares is at least 0.1. (With 1,000
#   rows or fewer it would use KS and chi-square p-values instead.) The **data set** drifts
#   when at least half of the columns do.
# - **NannyML** (0.13) splits the reference and the monitored period into **10 chunks** each,
#   computes the Jensen-Shannon distance (base 2) of every chunk against the whole reference,
#   and alerts when a monitored chunk exceeds **the mean plus 3 standard deviations of the
#   reference chunks**: a threshold learned from the data, not a fixed 0.1.
#
# The package reproduces both exactly, with SciPy: `apm.drift.evidently_column_drift`,
# `apm.drift.evidently_dataset_drift` and `apm.drift.nannyml_univariate_drift` (read their
# help with `?`). The cell below shows the raw statistics for one week and one feature.

# %%
from scipy import stats
from scipy.spatial import distance

week6 = log[log["week"] == 6]
ks = stats.ks_2samp(reference["distance_km"], week6["distance_km"])
wd = stats.wasserstein_distance(reference["distance_km"], week6["distance_km"])
shares = pd.crosstab(pd.concat([reference["weather"], week6["weather"]]),
                     np.repeat(["reference", "week 6"], [len(reference), len(week6)]), normalize="columns")
print(f"distance_km, week 6: KS statistic {ks.statistic:.3f} (p = {ks.pvalue:.2g}), "
      f"normalised Wasserstein {wd / reference['distance_km'].std(ddof=0):.3f}")
print(f"weather, week 6: Jensen-Shannon distance "
      f"{distance.jensenshannon(shares['reference'], shares['week 6']):.3f}")
print(shares.round(3))

# %% [markdown]
# ### Checkpoint 3 - two rule sets, week by week (answer, 3 points)
#
# Apply both defaults to the monitored weeks 5 to 20, with weeks 1-4 as the reference and
# `FEATURES` as the columns:
#
# - **Evidently**, one week at a time: the week's orders are the current data.
# - **NannyML**, the way it runs by default: the current data are all the orders of weeks
#   5-20 in time order, cut into 10 chunks (so a chunk spans about a week and a half). A week
#   counts as alerted for a feature when a chunk that holds some of that week's orders alerts.
#   The `start` and `stop` columns of NannyML's result are row positions in the current data.
#
# Build `rules_by_week`, a DataFrame indexed by week (5 to 20) with the integer columns
# `evidently_columns` (how many features Evidently flags that week), `evidently_dataset`
# (Evidently's data-set verdict, bool) and `nannyml_features` (how many features NannyML
# alerts on in that week). Then `disagreement_weeks`: the sorted weeks where exactly one of
# the two tools sees drift in some feature (`evidently_columns > 0` differs from
# `nannyml_features > 0`).

# %% nbgrader={"grade": false, "grade_id": "m3-rules", "locked": false, "schema_version": 3, "solution": true, "task": false}
rules_by_week = ...
disagreement_weeks = ...
### BEGIN SOLUTION
monitored = log[log["week"] >= 5].reset_index(drop=True)
rows = {}
for week, current in monitored.groupby("week"):
    verdict = apm.drift.evidently_dataset_drift(reference, current, columns=FEATURES)
    rows[week] = {"evidently_columns": verdict["n_drifted"],
                  "evidently_dataset": verdict["dataset_drift"]}
nannyml_weeks = {week: set() for week in rows}
for feature in FEATURES:
    chunks = apm.drift.nannyml_univariate_drift(reference[feature], monitored[feature])
    for chunk in chunks[chunks["alert"]].itertuples():
        for week in monitored["week"].iloc[chunk.start:chunk.stop].unique():
            nannyml_weeks[week].add(feature)
rules_by_week = pd.DataFrame.from_dict(rows, orient="index")
rules_by_week["nannyml_features"] = [len(nannyml_weeks[w]) for w in rules_by_week.index]
rules_by_week.index.name = "week"
disagreement_weeks = [int(w) for w in rules_by_week.index
                      if (rules_by_week.loc[w, "evidently_columns"] > 0)
                      != (rules_by_week.loc[w, "nannyml_features"] > 0)]
### END SOLUTION
print(rules_by_week.to_string())
print("the tools disagree in weeks", disagreement_weeks)

# %% nbgrader={"grade": true, "grade_id": "m3-rules-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks rules_by_week (Evidently per week, NannyML's 10 chunks mapped to weeks) and disagreement_weeks."""
apm.grading.check_columns(rules_by_week, ["evidently_columns", "evidently_dataset", "nannyml_features"],
                          "rules_by_week")
apm.grading.check_length(rules_by_week, int(log["week"].max()) - 4, "rules_by_week", what="rows (weeks 5-20)")
apm.grading.check_range(rules_by_week[["evidently_columns", "nannyml_features"]].astype(float), 0,
                        len(FEATURES), "rules_by_week counts")
apm.grading.check_type(disagreement_weeks, list, "disagreement_weeks")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_ref = _log[_log.week <= 4]
_mon = _log[_log.week >= 5].reset_index(drop=True)
_weeks = sorted(_mon.week.unique())
_ev = {_w: apm.drift.evidently_dataset_drift(_ref, _g, columns=FEATURES) for _w, _g in _mon.groupby("week")}
_nm = {_w: set() for _w in _weeks}
for _f in FEATURES:
    _res = apm.drift.nannyml_univariate_drift(_ref[_f], _mon[_f], chunks=10)
    for _s, _e in zip(_res.start[_res.alert], _res.stop[_res.alert]):
        for _w in set(_mon.week.iloc[_s:_e]):
            _nm[_w].add(_f)
apm.grading.check_close(list(rules_by_week.index), _weeks, "the index of rules_by_week (weeks 5-20)")
apm.grading.check_close(rules_by_week["evidently_columns"], [_ev[_w]["n_drifted"] for _w in _weeks],
                        "rules_by_week['evidently_columns']", hint="the reference is all orders of weeks 1-4")
apm.grading.check_close(rules_by_week["evidently_dataset"].astype(float),
                        [float(_ev[_w]["dataset_drift"]) for _w in _weeks], "rules_by_week['evidently_dataset']")
apm.grading.check_close(rules_by_week["nannyml_features"], [len(_nm[_w]) for _w in _weeks],
                        "rules_by_week['nannyml_features']",
                        hint="one NannyML run per feature on all of weeks 5-20; a chunk alerts every week it touches")
_disagree = [int(_w) for _w in _weeks if (_ev[_w]["n_drifted"] > 0) != (len(_nm[_w]) > 0)]
assert [int(_w) for _w in disagreement_weeks] == _disagree, "disagreement_weeks does not match your data"
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 4 - why the tools disagree (answer, 3 points)
#
# Pick one week from your `disagreement_weeks` and fill the brief: the week, what Evidently
# says that week, what NannyML says, and why they disagree. Look at the weeks either side, at
# how long a NannyML chunk is here, at the thresholds and at the data-set verdict.

# %% nbgrader={"grade": false, "grade_id": "m3-brief-disagree", "locked": false, "schema_version": 3, "solution": true, "task": false}
disagreement_brief = {
    "week": "",
    "evidently": "",
    "nannyml": "",
    "why": "",
}
### BEGIN SOLUTION
disagreement_brief = {
    "week": f"Week {disagreement_weeks[0]}",
    "evidently": "No drift: no column reaches the 0.1 threshold that week, so there is no "
                 "dataset drift either.",
    "nannyml": "Alert: the chunk that covers this week also holds orders from the neighbouring "
               "shifted week, and its distance exceeds the threshold learned from the reference "
               "chunks.",
    "why": "NannyML's chunks are not weeks: ten chunks over weeks 5-20 span about 1.6 weeks "
           "each, so a chunk that starts inside the shift alerts and the alert spills into this "
           "calm week, which Evidently judges on its own orders. NannyML's threshold is also "
           "learned from the reference chunks (mean + 3 std) and sits far below Evidently's "
           "fixed 0.1, and the two compute different statistics (Jensen-Shannon on bins versus "
           "normalised Wasserstein).",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m3-brief-disagree-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Scores the disagreement brief against its rubric (3 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(disagreement_brief, apm.grading.rubrics.DRIFT_DISAGREEMENT_BRIEF)
### BEGIN HIDDEN TESTS
import re as _re

_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_ref = _log[_log.week <= 4]
_mon = _log[_log.week >= 5].reset_index(drop=True)
_nm = {_w: False for _w in _mon.week.unique()}
for _f in FEATURES:
    _res = apm.drift.nannyml_univariate_drift(_ref[_f], _mon[_f], chunks=10)
    for _s, _e in zip(_res.start[_res.alert], _res.stop[_res.alert]):
        for _w in set(_mon.week.iloc[_s:_e]):
            _nm[_w] = True
_disagree = [int(_w) for _w, _g in _mon.groupby("week")
             if (apm.drift.evidently_dataset_drift(_ref, _g, columns=FEATURES)["n_drifted"] > 0) != _nm[_w]]
_stated = [int(_n) for _n in _re.findall(r"\d+", str(disagreement_brief.get("week", "")))]
_week = _stated[0] if _stated and _stated[0] in _disagree else (_disagree[0] if _disagree else -1)
_score = apm.grading.score_brief(disagreement_brief, apm.grading.rubrics.DRIFT_DISAGREEMENT_BRIEF,
                                 numbers={"disagreement_week": _week})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Explore: how big must a shift be before a rule sees it?
#
# The explorer takes weeks 1-2 of your log as the reference and weeks 3-4 as the current
# data, then injects the drift you choose, with the strength you choose:
#
# - **covariate: distance**: every distance is `1 + magnitude` times longer (a promotion
#   brings orders from farther away);
# - **covariate: weather**: rain and snow become as common as in a stormy spell, in
#   proportion to the magnitude;
# - **prior: courier strike**: courier load rises a little and lateness rises a lot;
# - **concept: new routing**: the inputs do not change at all, but what makes an order late
#   does.
#
# You see the moved feature (reference against current), every feature's Evidently statistic
# against its threshold, NannyML's alerts, and the accuracy of the current weeks as their
# labels arrive, day by day. Use **Tab** to reach the controls and the **arrow keys** to
# change them (open a drop-down with **Space** first, and choose with **Enter**); the text read-out beside the chart states everything the chart shows. Your
# last setting is saved beside the notebook.

# %%
drift_explorer = apm.widgets.drift_explorer(log, decision_key="m3_drift_setting")
drift_explorer

# %% [markdown]
# ### Checkpoint 5 - the smallest shift Evidently sees (answer, 2 points)
#
# Choose **covariate: distance** and raise the magnitude one step at a time until Evidently's
# rule flags `distance_km`. Store that smallest flagged magnitude (a share: 0.05 means 5 %
# longer distances) in `smallest_flagged_shift`, for example from `drift_explorer.value`.
# At that magnitude, compare with the PSI reading of the same feature: two rules, two
# verdicts. Then try **concept: new routing** at full strength and look at what the rules say
# while accuracy falls; and note that a large distance shift costs some accuracy too (more
# orders land near the 0.5 cut-off), far less than the concept drift does.

# %% nbgrader={"grade": false, "grade_id": "m3-widget", "locked": false, "schema_version": 3, "solution": true, "task": false}
smallest_flagged_shift = ...
### BEGIN SOLUTION
smallest_flagged_shift = drift_explorer.value["magnitude"]
### END SOLUTION
print(f"Evidently flags distances {smallest_flagged_shift:.0%} longer")

# %% nbgrader={"grade": true, "grade_id": "m3-widget-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades smallest_flagged_shift: the smallest magnitude on the explorer's 0.05 grid at which Evidently flags distance_km (one step off earns half)."""
apm.grading.check_type(smallest_flagged_shift, float, "smallest_flagged_shift")
apm.grading.check_range(smallest_flagged_shift, 0, 1, "smallest_flagged_shift")
### BEGIN HIDDEN TESTS
from scipy.stats import wasserstein_distance as _wd

_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_r, _c = _log.loc[_log.week <= 2, "distance_km"].to_numpy(), _log.loc[_log.week.between(3, 4), "distance_km"].to_numpy()
_grid = [round(0.05 * _k, 2) for _k in range(21)]
_first = next(_m for _m in _grid if _wd(_r, _c * (1 + _m)) / np.std(_r) >= 0.1)
_steps = {_m: min(abs(_grid.index(_m) - _grid.index(_first)), 2) for _m in _grid}
_decision = apm.grading.score_decision(round(float(smallest_flagged_shift), 2), _steps, points=2,
                                       full_credit_regret=0, unit="grid steps")
_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The drift no input monitor can see
#
# Some weeks into the log, the company switched couriers to a new routing system. Long trips
# became less risky and busy periods much riskier. No input moved: the same orders, from the
# same places, in the same weather. Every input monitor above stays quiet, the late rate
# hardly changes, and yet the model is now wrong about *which* orders will be late.
#
# Only labels reveal it, and labels are late: an order's outcome reaches the data team 7 to
# 14 days after the order (`label_available_day`). So you cannot measure this week's accuracy
# this week.
#
# ### Checkpoint 6 - when did the concept drift start? (answer, 2 points)
#
# With hindsight (all labels), compute `weekly_accuracy`, a Series indexed by week (1-20):
# the share of orders where `predicted_late` equals `late`. Let `reference_accuracy` be the
# accuracy over all orders of weeks 1-4. The concept drift started in the first week from
# which **every** week to the end of the log is at least 5 points (0.05) below
# `reference_accuracy`: store it in `concept_start_week` (an int). Compare with
# `rules_by_week`: did any input rule fire from that week on?

# %% nbgrader={"grade": false, "grade_id": "m3-concept", "locked": false, "schema_version": 3, "solution": true, "task": false}
weekly_accuracy = ...
reference_accuracy = ...
concept_start_week = ...
### BEGIN SOLUTION
weekly_accuracy = (log["late"] == log["predicted_late"]).groupby(log["week"]).mean()
reference_accuracy = float((reference["late"] == reference["predicted_late"]).mean())
below = weekly_accuracy <= reference_accuracy - 0.05
concept_start_week = int(next(w for w in weekly_accuracy.index if below.loc[w:].all()))
### END SOLUTION
print(f"reference accuracy {reference_accuracy:.3f}; concept drift from week {concept_start_week}")
print(rules_by_week.loc[concept_start_week:].sum().to_string())

# %% nbgrader={"grade": true, "grade_id": "m3-concept-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks weekly_accuracy, reference_accuracy and concept_start_week against your data."""
apm.grading.check_type(weekly_accuracy, pd.Series, "weekly_accuracy")
apm.grading.check_length(weekly_accuracy, int(log["week"].max()), "weekly_accuracy", what="entries (one per week)")
apm.grading.check_range(weekly_accuracy, 0, 1, "weekly_accuracy")
apm.grading.check_type(reference_accuracy, float, "reference_accuracy")
apm.grading.check_type(concept_start_week, int, "concept_start_week")
### BEGIN HIDDEN TESTS
from sklearn.metrics import accuracy_score as _acc

_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_expected = pd.Series({_w: _acc(_g.late, _g.predicted_late) for _w, _g in _log.groupby("week")})
apm.grading.check_close(list(weekly_accuracy.index), list(_expected.index), "the index of weekly_accuracy")
apm.grading.check_close(weekly_accuracy.to_numpy(), _expected.to_numpy(), "weekly_accuracy")
_ref = _log[_log.week <= 4]
apm.grading.check_close(reference_accuracy, _acc(_ref.late, _ref.predicted_late), "reference_accuracy")
_truth = apm.datasets.production_events(random_state=apm.learner_seed())["concept_drift"][0]
assert int(concept_start_week) == _truth, "concept_start_week is not the week the concept drift started"
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 7 - what label delay costs (answer, 3 points)
#
# A real accuracy monitor can only use the labels that have arrived. Write
# `accuracy_as_labels_arrive(orders)`: given the orders of one week, return a Series indexed
# by every day from the first to the last `label_available_day` of those orders (inclusive,
# ints), holding the accuracy over the orders whose label is known on that day
# (`label_available_day <= day`); days with fewer than 500 known labels get NaN (too few to
# trust).
#
# Then run the monitor: for every order week from `concept_start_week` on, find the first day
# on which its known-label accuracy is at or below `reference_accuracy - 0.05`. The earliest
# of those days is `concept_alarm_day` (an int, on the log's `day` scale). The
# `detection_delay_days` is how many days after the first day of `concept_start_week` (day
# `7 * (concept_start_week - 1)`) that alarm fires.

# %% nbgrader={"grade": false, "grade_id": "m3-label-delay", "locked": false, "schema_version": 3, "solution": true, "task": false}
def accuracy_as_labels_arrive(orders):
    """Accuracy of the orders whose label is known, for each day (NaN under 500 labels)."""
    ### BEGIN SOLUTION
    correct = (orders["late"] == orders["predicted_late"]).astype(int)
    per_day = correct.groupby(orders["label_available_day"]).agg(["sum", "count"])
    days = np.arange(orders["label_available_day"].min(), orders["label_available_day"].max() + 1)
    per_day = per_day.reindex(days, fill_value=0).cumsum()
    accuracy = per_day["sum"] / per_day["count"]
    accuracy[per_day["count"] < 500] = np.nan
    accuracy.index.name = "day"
    return accuracy
    ### END SOLUTION


concept_alarm_day = ...
detection_delay_days = ...
### BEGIN SOLUTION
alarm_days = []
for week in range(concept_start_week, int(log["week"].max()) + 1):
    curve = accuracy_as_labels_arrive(log[log["week"] == week])
    hits = curve.index[curve <= reference_accuracy - 0.05]
    if len(hits):
        alarm_days.append(int(hits[0]))
concept_alarm_day = min(alarm_days)
detection_delay_days = concept_alarm_day - 7 * (concept_start_week - 1)
### END SOLUTION
print(f"the accuracy monitor fires on day {concept_alarm_day}, "
      f"{detection_delay_days} days after the drift started")

# %% nbgrader={"grade": true, "grade_id": "m3-label-delay-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks accuracy_as_labels_arrive against a direct count on several weeks, then concept_alarm_day and detection_delay_days."""
_curve = accuracy_as_labels_arrive(log[log["week"] == 1])
apm.grading.check_type(_curve, pd.Series, "accuracy_as_labels_arrive(...)")
apm.grading.check_type(concept_alarm_day, int, "concept_alarm_day")
apm.grading.check_type(detection_delay_days, int, "detection_delay_days")
apm.grading.check_range(detection_delay_days, 0, 140, "detection_delay_days")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
for _w in (1, 7, 12, 18):
    _o = _log[_log.week == _w]
    _days = list(range(int(_o.label_available_day.min()), int(_o.label_available_day.max()) + 1))
    _want = []
    for _d in _days:
        _known = _o[_o.label_available_day <= _d]
        _want.append(np.nan if len(_known) < 500 else float((_known.late == _known.predicted_late).mean()))
    _got = accuracy_as_labels_arrive(_o)
    apm.grading.check_close([int(_i) for _i in _got.index], _days, f"the days of accuracy_as_labels_arrive (week {_w})")
    _g, _e = _got.to_numpy(dtype=float), np.array(_want)
    assert np.array_equal(np.isnan(_g), np.isnan(_e)), \
        "accuracy_as_labels_arrive should be NaN exactly on the days with fewer than 500 known labels"
    apm.grading.check_close(_g[~np.isnan(_e)], _e[~np.isnan(_e)], f"accuracy_as_labels_arrive (week {_w})")
_ev = apm.datasets.production_events(random_state=apm.learner_seed())
_start = _ev["concept_drift"][0]
_ref = _log[_log.week <= 4]
_floor = (_ref.late == _ref.predicted_late).mean() - 0.05
_first = []
for _w in range(_start, int(_log.week.max()) + 1):
    _o = _log[_log.week == _w]
    for _d in range(int(_o.label_available_day.min()), int(_o.label_available_day.max()) + 1):
        _known = _o[_o.label_available_day <= _d]
        if len(_known) >= 500 and (_known.late == _known.predicted_late).mean() <= _floor:
            _first.append(_d)
            break
assert int(concept_alarm_day) == min(_first), "concept_alarm_day does not match your data"
assert int(detection_delay_days) == min(_first) - 7 * (_start - 1), "detection_delay_days does not match"
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Lead time: the alarm against the business
#
# The business feels the concept drift too, later. Customers are forgiving at first; after a
# few unwarned late orders they ask for refunds and rate the app lower. `business` holds the
# weekly refund requests and app rating.
#
# ### Checkpoint 8 - lead time in days (answer, 2 points)
#
# Call the refund rate `refund_requests / orders`. Its **line** is the mean plus 3 standard
# deviations (`ddof=1`) of the refund rates of the weeks before `concept_start_week`. The
# business metric **moves** in the first week from `concept_start_week` on whose refund rate
# is above the line: `business_move_week` (int). You would only know at the end of that
# week, on day `7 * business_move_week - 1`. The `lead_time_days` of your accuracy monitor is
# that day minus `concept_alarm_day`.

# %% nbgrader={"grade": false, "grade_id": "m3-lead-time", "locked": false, "schema_version": 3, "solution": true, "task": false}
business_move_week = ...
lead_time_days = ...
### BEGIN SOLUTION
refund_rate = business["refund_requests"] / business["orders"]
before = refund_rate[business["week"] < concept_start_week]
line = before.mean() + 3 * before.std(ddof=1)
business_move_week = int(business["week"][(refund_rate > line) & (business["week"] >= concept_start_week)].iloc[0])
lead_time_days = 7 * business_move_week - 1 - concept_alarm_day
### END SOLUTION
print(f"refunds move in week {business_move_week}; the accuracy alarm led by {lead_time_days} days")

# %% nbgrader={"grade": true, "grade_id": "m3-lead-time-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks business_move_week and lead_time_days against your data."""
apm.grading.check_type(business_move_week, int, "business_move_week")
apm.grading.check_type(lead_time_days, int, "lead_time_days")
### BEGIN HIDDEN TESTS
_b = apm.datasets.make_weekly_business(random_state=apm.learner_seed())
_start = apm.datasets.production_events(random_state=apm.learner_seed())["concept_drift"][0]
_rate = (_b.refund_requests / _b.orders).to_numpy()
_wk = _b.week.to_numpy()
_line = _rate[_wk < _start].mean() + 3 * _rate[_wk < _start].std(ddof=1)
_move = int(_wk[(_rate > _line) & (_wk >= _start)][0])
assert int(business_move_week) == _move, "business_move_week does not match your data"
assert int(lead_time_days) == 7 * _move - 1 - int(concept_alarm_day), \
    "lead_time_days should be the end of the move week minus concept_alarm_day"
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Operational health
#
# A model can be right and still fail its users: too slow, too expensive, or trained on data
# that is getting old. The serving log tells you:
#
# - **latency percentiles**: p50 is the typical order, p95 and p99 are the slow tail that the
#   unluckiest customers see (a mean hides them);
# - **throughput**: predictions served per day;
# - **data freshness**: how old the model's training snapshot is (`model_trained_on`);
# - **cost per 1,000 predictions**, the unit finance budgets in.
#
# ### Checkpoint 9 - the health table and a p99 alert (answer, 3 points)
#
# Build `ops`, indexed by week (1-20), with the columns `p50_ms`, `p95_ms`, `p99_ms` (NumPy's
# default percentile of `latency_ms`), `predictions_per_day` (orders of the week / 7),
# `freshness_days` (days from `model_trained_on` to the last day of the week; the log starts
# on 2026-03-02, day 0) and `cost_per_1000_usd` (1,000 times the mean `cost_usd`). Then the
# alert rule: a week alerts when its p99 is more than twice the median p99 of weeks 1-4.
# Store the alerting weeks, sorted, in `p99_alert_weeks`.

# %% nbgrader={"grade": false, "grade_id": "m3-ops", "locked": false, "schema_version": 3, "solution": true, "task": false}
ops = ...
p99_alert_weeks = ...
### BEGIN SOLUTION
by_week = log.groupby("week")
ops = pd.DataFrame({
    "p50_ms": by_week["latency_ms"].apply(lambda x: np.percentile(x, 50)),
    "p95_ms": by_week["latency_ms"].apply(lambda x: np.percentile(x, 95)),
    "p99_ms": by_week["latency_ms"].apply(lambda x: np.percentile(x, 99)),
    "predictions_per_day": by_week.size() / 7,
    "freshness_days": [(pd.Timestamp("2026-03-02") + pd.Timedelta(days=7 * w - 1)
                        - pd.Timestamp(log["model_trained_on"].iloc[0])).days for w in by_week.size().index],
    "cost_per_1000_usd": 1000 * by_week["cost_usd"].mean(),
})
p99_alert_weeks = [int(w) for w in ops.index[ops["p99_ms"] > 2 * ops.loc[1:4, "p99_ms"].median()]]
### END SOLUTION
print(ops.round(2).to_string())
print("p99 alert in weeks", p99_alert_weeks)

# %% nbgrader={"grade": true, "grade_id": "m3-ops-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks every column of ops against your serving log, and p99_alert_weeks."""
_cols = ["p50_ms", "p95_ms", "p99_ms", "predictions_per_day", "freshness_days", "cost_per_1000_usd"]
apm.grading.check_columns(ops, _cols, "ops")
apm.grading.check_length(ops, int(log["week"].max()), "ops", what="rows (one per week)")
apm.grading.check_type(p99_alert_weeks, list, "p99_alert_weeks")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_g = _log.groupby("week")
_weeks = sorted(_log.week.unique())
_trained = np.datetime64(_log.model_trained_on.iloc[0])
_want = {
    "p50_ms": [np.percentile(_g.get_group(_w).latency_ms, 50) for _w in _weeks],
    "p95_ms": [np.percentile(_g.get_group(_w).latency_ms, 95) for _w in _weeks],
    "p99_ms": [np.percentile(_g.get_group(_w).latency_ms, 99) for _w in _weeks],
    "predictions_per_day": [len(_g.get_group(_w)) / 7 for _w in _weeks],
    "freshness_days": [int((np.datetime64("2026-03-02") + np.timedelta64(7 * _w - 1, "D") - _trained)
                           / np.timedelta64(1, "D")) for _w in _weeks],
    "cost_per_1000_usd": [1000 * _g.get_group(_w).cost_usd.mean() for _w in _weeks],
}
apm.grading.check_close(list(ops.index), _weeks, "the index of ops (weeks)")
for _c, _v in _want.items():
    apm.grading.check_close(ops[_c].to_numpy(dtype=float), _v, f"ops['{_c}']", rtol=1e-6)
_p99 = np.array(_want["p99_ms"])
assert [int(_w) for _w in p99_alert_weeks] == [int(_w) for _w in np.array(_weeks)[_p99 > 2 * np.median(_p99[:4])]], \
    "p99_alert_weeks does not match your data"
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Feedback that goes stale
#
# The fix for a concept drift is to retrain on labels that describe the new world. At the end
# of week 18 (day 125) the team retrains on every order whose label has arrived by then. Most
# of those labels are from before the new routing: they teach the old world. Weighting each
# example by how recent it is lets the new world speak louder: with a **half-life** of `h`
# days, an example `a` days old gets the weight `0.5 ** (a / h)`, so a label from one half-life
# ago counts half as much as one from today.
#
# ### Checkpoint 10 - recency weights (answer, 3 points)
#
# Write `recency_weights(age_days, half_life_days)` returning a NumPy array of weights; raise
# `ValueError` when the half-life is not positive or an age is negative. Then compute
# `accuracy_unweighted` and `accuracy_weighted` with the helper below: the accuracy, on the
# orders of weeks 19-20, of a model retrained on day 125 without weights and with your
# weights for a half-life of 14 days (age = 125 minus the order's `day`).

# %%
from sklearn.linear_model import LogisticRegression


def order_features(orders):
    """The model's inputs as numbers: numeric features plus one column per category."""
    dummies = pd.get_dummies(orders[FEATURES], columns=CATEGORICAL, dtype=float)
    columns = NUMERIC + [f"{c}_{v}" for c in CATEGORICAL for v in sorted(log[c].unique())]
    return dummies.reindex(columns=columns, fill_value=0.0)


def retrained_accuracy(train, test, sample_weight=None):
    """Fit a logistic regression on `train` (optionally weighted); its accuracy on `test`."""
    model = LogisticRegression(max_iter=1000).fit(order_features(train), train["late"],
                                                  sample_weight=sample_weight)
    return float((model.predict(order_features(test)) == test["late"]).mean())


RETRAIN_DAY = 125
train = log[log["label_available_day"] <= RETRAIN_DAY]
test = log[log["week"] >= 19]
print(f"retraining on {len(train):,} labelled orders; testing on {len(test):,} orders of weeks 19-20; "
      f"the deployed model scores {(test['late'] == test['predicted_late']).mean():.3f} there")

# %% nbgrader={"grade": false, "grade_id": "m3-recency", "locked": false, "schema_version": 3, "solution": true, "task": false}
def recency_weights(age_days, half_life_days):
    """Weight 0.5 ** (age / half-life) for each age in days."""
    ### BEGIN SOLUTION
    age = np.asarray(age_days, dtype=float)
    if not half_life_days > 0:
        raise ValueError("half_life_days must be positive")
    if np.any(age < 0):
        raise ValueError("ages must not be negative")
    return 0.5 ** (age / half_life_days)
    ### END SOLUTION


accuracy_unweighted = ...
accuracy_weighted = ...
### BEGIN SOLUTION
accuracy_unweighted = retrained_accuracy(train, test)
accuracy_weighted = retrained_accuracy(train, test, recency_weights(RETRAIN_DAY - train["day"], 14))
### END SOLUTION
print(f"retrained without weights {accuracy_unweighted:.3f}, with a 14-day half-life {accuracy_weighted:.3f}")

# %% nbgrader={"grade": true, "grade_id": "m3-recency-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks recency_weights against the closed form and its errors, then both retrained accuracies."""
apm.grading.check_close(recency_weights([0, 14, 28], 14), [1.0, 0.5, 0.25], "recency_weights([0, 14, 28], 14)")
apm.grading.check_type(accuracy_unweighted, float, "accuracy_unweighted")
apm.grading.check_type(accuracy_weighted, float, "accuracy_weighted")
apm.grading.check_range([accuracy_unweighted, accuracy_weighted], 0, 1, "the accuracies")
### BEGIN HIDDEN TESTS
_ages = np.array([0.0, 1.0, 3.5, 7.0, 30.0, 125.0])
for _h in (1.0, 7.0, 14.0, 60.0):
    apm.grading.check_close(recency_weights(_ages, _h), np.exp(-np.log(2) * _ages / _h), f"recency_weights(ages, {_h})")
for _bad in (([1.0, 2.0], 0), ([1.0, 2.0], -3), ([-1.0, 2.0], 14)):
    try:
        recency_weights(*_bad)
    except ValueError:
        pass
    else:
        raise AssertionError("recency_weights should raise ValueError for a half-life <= 0 or a negative age")
from sklearn.compose import make_column_transformer as _mct
from sklearn.linear_model import LogisticRegression as _LR
from sklearn.pipeline import make_pipeline as _mp
from sklearn.preprocessing import OneHotEncoder as _OHE

_log = apm.datasets.make_production_log(random_state=apm.learner_seed())
_tr, _te = _log[_log.label_available_day <= 125], _log[_log.week >= 19]


def _fit_score(_w):
    _model = _mp(_mct((_OHE(), ["weather", "city_zone"]), remainder="passthrough"), _LR(max_iter=1000))
    _cols = ["distance_km", "basket_items", "courier_load", "weather", "city_zone"]
    _model.fit(_tr[_cols], _tr.late, logisticregression__sample_weight=_w)
    return float((_model.predict(_te[_cols]) == _te.late).mean())


apm.grading.check_close(accuracy_unweighted, _fit_score(None), "accuracy_unweighted", rtol=0, atol=0.003)
apm.grading.check_close(accuracy_weighted, _fit_score(0.5 ** ((125 - _tr.day.to_numpy()) / 14)),
                        "accuracy_weighted", rtol=0, atol=0.003, hint="age = 125 minus the order's day, half-life 14")
### END HIDDEN TESTS

# %% [markdown]
# ## 9. Page or dashboard?
#
# Every alarm you have built today fired at some point: PSI and the two tools' drift rules on
# the inputs, the accuracy monitor on delayed labels, the p99 latency alert, the refund line.
# An on-call engineer woken at night for an alarm that needs no action stops trusting the
# pager; an alarm that only sits on a dashboard can be missed for weeks.
#
# ### Checkpoint 11 - alarm triage (answer, 5 points)
#
# Fill the brief: which alarm(s) you would **page** on, what you would do first when it
# fires (name only those: the others go in the dashboard field), which you would only
# **dashboard**, what you would do first when one of those fires, why, and the lead time in days your accuracy monitor had over the refunds (checkpoint 8).

# %% nbgrader={"grade": false, "grade_id": "m3-brief-triage", "locked": false, "schema_version": 3, "solution": true, "task": false}
triage_brief = {
    "page_on": "",
    "page_first_action": "",
    "dashboard_only": "",
    "dashboard_first_action": "",
    "why": "",
    "lead_time_days": "",
}
### BEGIN SOLUTION
triage_brief = {
    "page_on": "p99 latency of the scoring service, and accuracy on the delayed labels falling "
               "5 points below the reference",
    "page_first_action": "Drain the slow node or fail over to a healthy one; for the accuracy "
                         "alarm, switch the warnings to the rule-based fallback and retrain on "
                         "recent labels.",
    "dashboard_only": "PSI per feature, Evidently's column and dataset drift, NannyML's chunk "
                      "alerts",
    "dashboard_first_action": "Find which feature and segment moved, check whether it is a "
                              "pipeline bug (schema, units, missing values) or a real change "
                              "such as a promotion or bad weather, then watch accuracy as the "
                              "labels arrive.",
    "why": "Latency and accuracy alarms mean customers get slow or wrong warnings right now, and "
           "the on-call can act on them. Input drift alone did not hurt accuracy during the "
           "weather spell because the model stayed calibrated, so paging on it would only "
           "bring false alarms, and the concept drift never moved any input monitor.",
    "lead_time_days": f"{lead_time_days}",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m3-brief-triage-test", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Scores the alarm-triage brief against its rubric (5 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(triage_brief, apm.grading.rubrics.ALARM_TRIAGE_BRIEF)
### BEGIN HIDDEN TESTS
_seed = apm.learner_seed()
_log = apm.datasets.make_production_log(random_state=_seed)
_b = apm.datasets.make_weekly_business(random_state=_seed)
_start = apm.datasets.production_events(random_state=_seed)["concept_drift"][0]
_ref = _log[_log.week <= 4]
_floor = (_ref.late == _ref.predicted_late).mean() - 0.05
_first = []
for _w in range(_start, int(_log.week.max()) + 1):
    _o = _log[_log.week == _w]
    for _d in range(int(_o.label_available_day.min()), int(_o.label_available_day.max()) + 1):
        _known = _o[_o.label_available_day <= _d]
        if len(_known) >= 500 and (_known.late == _known.predicted_late).mean() <= _floor:
            _first.append(_d)
            break
_rate, _wk = (_b.refund_requests / _b.orders).to_numpy(), _b.week.to_numpy()
_line = _rate[_wk < _start].mean() + 3 * _rate[_wk < _start].std(ddof=1)
_move = int(_wk[(_rate > _line) & (_wk >= _start)][0])
_score = apm.grading.score_brief(triage_brief, apm.grading.rubrics.ALARM_TRIAGE_BRIEF,
                                 numbers={"lead_time_days": 7 * _move - 1 - min(_first)})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 10. Reflection (3 points, graded by your instructor)
#
# A bank's credit model decides on loan applications. Its labels (did the borrower default?)
# arrive 12 months after the decision. In five to eight sentences: why the accuracy monitor
# of this notebook would be almost useless there, which earlier signals you would monitor
# instead (say for each whether it can catch a concept drift), and how you would decide
# between retraining on recent but few labels and on many but old ones.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m3-reflection", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer.* With a year of label delay, an accuracy monitor on labels tells you today
# about the applicants of a year ago: a drift that started last month will not show for
# eleven more months, by which time a whole year of loans has been written under it. Earlier
# signals: input drift on the applications (PSI per feature, the tools' rules), which
# catches covariate shift but by construction not a concept drift; the score distribution and
# approval rate, same limit; and early proxies of the outcome such as missed first or second
# payments, which do react to a concept drift because they are partial labels, after 1 to 3
# months instead of 12. Between recent-but-few and old-but-many labels I would weight by
# recency with a half-life and choose the half-life on a backtest: retrain at several past
# dates and compare the error on the months that followed, keeping the shortest half-life
# whose estimates are not too noisy.
#
# **Rubric (instructors).** 1 point each:
#
# 1. explains that the label delay sets the detection delay (a drift shows only about 12
#    months later), with its consequence for the loans written meanwhile;
# 2. proposes at least one earlier signal and says correctly whether it can see a concept
#    drift (input drift and score monitors cannot; early-payment proxies or partial labels
#    can);
# 3. handles the recency trade-off concretely (a weighting or window chosen on a backtest,
#    or a stated bias-variance argument), not only "retrain more often".
#
# Half points for a correct but generic argument.
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - Drift has three shapes. A covariate shift moves the inputs and often leaves a calibrated
#   model fine; a prior shift moves how common the outcome is; a concept drift changes what
#   the inputs mean, and no input monitor can see it.
# - "Drift" is a rule someone chose. PSI needs a stated binning; Evidently's defaults use a
#   fixed 0.1 on a distance and a half-of-the-columns vote; NannyML learns its threshold from
#   reference chunks that do not line up with your weeks. Read the rule before the alarm.
# - Input monitors are early but blind to concept drift; accuracy monitors see it but wait
#   for labels. Your detection delay is at least the label delay.
# - Monitoring earns its keep in lead time: days between the alarm and the moment the
#   business would have noticed on its own.
# - Operational health is part of model quality for the user: watch the p99, not the mean,
#   plus freshness and the cost per 1,000 predictions.
# - Feedback goes stale. After a change in the world, weight recent labels more (a half-life)
#   or the retrained model keeps learning the old world.
#
# Next module: trust is a metric, or how people actually use what the model says.
