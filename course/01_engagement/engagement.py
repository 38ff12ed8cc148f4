# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 1 - Why engagement misleads
#
# **Time:** about 70 minutes. **Points:** 21 (18 graded automatically, 3 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. compute weekly product metrics from a daily log, pooling counts the right way;
# 2. show, with numbers, how clicks and time spent can rise while the output gets worse;
# 3. tell time that users *gain* from time they *spend fixing* AI output;
# 4. separate growth that comes from new users from value that makes users stay;
# 5. sort AI product metrics into the four categories: model quality, user experience,
#    business impact and operational health;
# 6. write a short metric brief that a sceptical team lead would accept.
#
# **How this notebook is graded.** Cells marked *answer* are yours to fill in: replace
# `raise NotImplementedError()` with your code. The read-only cell after each answer checks
# it. The visible checks catch the usual slips (wrong type, shares above 1, missing
# columns); hidden checks, run when your instructor grades the notebook, compare your numbers
# with values recomputed from **your own data variant**, so copying a classmate's numbers does
# not work. Press **Validate** (or run `aipm check` on this file) to run the visible checks.

# %%
import numpy as np
import pandas as pd

import ai_product_metrics as apm

SEED = apm.learner_seed()
log = apm.datasets.make_summary_feature_log(random_state=SEED)
cohorts = apm.datasets.make_signup_cohorts(random_state=SEED)
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
log.head()

# %% [markdown]
# ## 1. The situation
#
# You are the product manager of a notes app. Twelve weeks ago the team launched
# **Summarize page**: one click and an AI model writes a short summary of the note in front
# of you. The launch dashboard looks wonderful. Clicks on summaries are up, people spend
# longer with each summary, and daily active users grow every week.
#
# Somewhere in the middle of the period, the model behind the button was replaced by a new
# version. Nobody announced it and no dashboard tile changed colour. Your job in this
# notebook is to find out what the dashboard was not telling you.
#
# The daily log `log` has one row per day:
#
# | column | meaning |
# |---|---|
# | `dau` | daily active users of the app |
# | `summaries_shown` | summaries generated and shown |
# | `summary_clicks` | clicks on a summary (expand, copy, regenerate) |
# | `time_on_summary_s` | mean seconds a user spends with a summary (reading **and** editing) |
# | `edit_time_s` | mean seconds spent editing the summary text |
# | `audited`, `hallucinated` | a reviewer checks a random sample of summaries each day; how many stated something the note does not say |
# | `tasks_started`, `tasks_completed` | note-taking tasks (for example "turn meeting notes into action items") started and finished |
#
# A note on **pooling**. A weekly rate is the week's events divided by the week's
# opportunities: the clicks of the week over the summaries shown that week. Averaging seven
# daily rates instead would give a quiet Sunday the same weight as a busy Tuesday. For the
# time columns, which are means per summary, the weekly value is the mean weighted by
# `summaries_shown`.

# %% [markdown]
# ### Checkpoint 1 - a weekly table (answer, 3 points)
#
# Build `weekly`: a DataFrame indexed by `week` (1 to 12) with these columns:
#
# - `dau`: the mean of the daily active users over the week's days;
# - `ctr`: click-through rate, clicks over summaries shown (pooled);
# - `time_on_summary_s` and `edit_time_s`: weekly means weighted by `summaries_shown`;
# - `hallucination_rate`: hallucinated over audited (pooled);
# - `task_completion_rate`: tasks completed over tasks started (pooled).

# %% nbgrader={"grade": false, "grade_id": "m1-weekly", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
by_week = log.groupby("week")
totals = by_week[["summaries_shown", "summary_clicks", "audited", "hallucinated",
                  "tasks_started", "tasks_completed"]].sum()
seconds = log[["time_on_summary_s", "edit_time_s"]].mul(log["summaries_shown"], axis=0)
seconds = seconds.groupby(log["week"]).sum().div(totals["summaries_shown"], axis=0)
weekly = pd.DataFrame({
    "dau": by_week["dau"].mean(),
    "ctr": totals["summary_clicks"] / totals["summaries_shown"],
    "time_on_summary_s": seconds["time_on_summary_s"],
    "edit_time_s": seconds["edit_time_s"],
    "hallucination_rate": totals["hallucinated"] / totals["audited"],
    "task_completion_rate": totals["tasks_completed"] / totals["tasks_started"],
})
### END SOLUTION
weekly.round(3)

# %% nbgrader={"grade": true, "grade_id": "m1-weekly-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks `weekly`: one row per week, the six columns, rates between 0 and 1, pooled values."""
apm.grading.check_columns(weekly, ["dau", "ctr", "time_on_summary_s", "edit_time_s",
                                   "hallucination_rate", "task_completion_rate"], "weekly")
apm.grading.check_length(weekly, 12, "weekly", what="rows (one per week)")
for _column in ["ctr", "hallucination_rate", "task_completion_rate"]:
    apm.grading.check_range(weekly[_column], 0, 1, f"weekly['{_column}']")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_summary_feature_log(random_state=apm.learner_seed())
_weeks = np.arange(1, 13)
_sum = {c: np.bincount(_log["week"], weights=_log[c])[1:] for c in
        ["summaries_shown", "summary_clicks", "audited", "hallucinated", "tasks_started",
         "tasks_completed", "dau"]}
_expected = {
    "dau": _sum["dau"] / 7,
    "ctr": _sum["summary_clicks"] / _sum["summaries_shown"],
    "time_on_summary_s": [np.average(_log.loc[_log.week == w, "time_on_summary_s"],
                                     weights=_log.loc[_log.week == w, "summaries_shown"]) for w in _weeks],
    "edit_time_s": [np.average(_log.loc[_log.week == w, "edit_time_s"],
                               weights=_log.loc[_log.week == w, "summaries_shown"]) for w in _weeks],
    "hallucination_rate": _sum["hallucinated"] / _sum["audited"],
    "task_completion_rate": _sum["tasks_completed"] / _sum["tasks_started"],
}
apm.grading.check_close(list(weekly.index), _weeks, "weekly.index (the week numbers)")
for _column, _values in _expected.items():
    apm.grading.check_close(weekly[_column], _values, f"weekly['{_column}']", rtol=1e-6,
                            hint="pool counts over the week; weight the time means by summaries shown")
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Explore: engagement against quality
#
# The explorer below plots your weekly table. Pick an engagement metric and a quality metric
# with the two drop-downs; both are drawn as an index (week 1 = 100) so they share one axis.
# (By keyboard: Tab to a drop-down, Space to open it, arrow keys and Enter to choose; in
# JupyterLab the arrow keys on a closed drop-down move between cells instead.)
# The text beside the plot states the same numbers, for screen readers and for copying into
# a report.
#
# The slider is a **decision**: after which week would you have rolled the model back? Move
# it with the arrow keys (Tab to reach it) to the earliest week at which *your data* gives you
# a good reason to act. Your choice is saved beside the notebook (in `decisions.json`) and
# comes back when you reopen it. It is graded by its consequence: every week you wait lets
# more hallucinated summaries reach users, and rolling back before anything changed is a
# false alarm that costs an incident review and leaves the real problem, when it comes,
# unwatched.

# %%
explorer = apm.widgets.engagement_explorer(weekly)
explorer

# %% [markdown]
# ### Checkpoint 2 - the decision (answer, 2 points)
#
# Read your choice from the explorer into `rollback_week` (an integer week number).
# `explorer.value` holds it.

# %% nbgrader={"grade": false, "grade_id": "m1-rollback", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
rollback_week = explorer.value
### END SOLUTION
print(f"Roll back after week {rollback_week}")

# %% nbgrader={"grade": true, "grade_id": "m1-rollback-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades your roll-back week by its consequence: harmful summaries let through, or a false alarm."""
apm.grading.check_type(rollback_week, int, "rollback_week")
apm.grading.check_range(rollback_week, 1, 12, "rollback_week")
### BEGIN HIDDEN TESTS
_costs = apm.datasets.rollback_costs(random_state=apm.learner_seed())
_decision = apm.grading.score_decision(int(rollback_week), _costs, points=2,
                                       unit="harmful summaries")
_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 3 - do clicks move with quality? (answer, 1 point)
#
# Compute `engagement_quality_corr`: the Pearson correlation, across the 12 weeks, between
# the weekly click-through rate and the weekly hallucination rate. A strongly *positive*
# value means clicks went **up** as the output got **worse**.

# %% nbgrader={"grade": false, "grade_id": "m1-corr", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
engagement_quality_corr = weekly["ctr"].corr(weekly["hallucination_rate"])
### END SOLUTION
print(f"correlation between CTR and hallucination rate: {engagement_quality_corr:.2f}")

# %% nbgrader={"grade": true, "grade_id": "m1-corr-test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Checks `engagement_quality_corr`: a correlation (between -1 and 1) of weekly CTR and hallucination rate."""
apm.grading.check_type(engagement_quality_corr, float, "engagement_quality_corr")
apm.grading.check_range(engagement_quality_corr, -1, 1, "engagement_quality_corr")
### BEGIN HIDDEN TESTS
import scipy.stats as _stats

_log = apm.datasets.make_summary_feature_log(random_state=apm.learner_seed())
_w = _log.groupby("week")[["summary_clicks", "summaries_shown", "hallucinated", "audited"]].sum()
_r = _stats.pearsonr(_w.summary_clicks / _w.summaries_shown, _w.hallucinated / _w.audited).statistic
apm.grading.check_close(engagement_quality_corr, _r, "engagement_quality_corr", rtol=1e-6,
                        hint="correlate the two weekly columns of your table")
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Time spent: value or labor?
#
# "Users spend more time with our summaries" sounds like good news. It is good news only if
# the time is spent *reading something useful*. Time spent *correcting* the summary is work
# the AI created. The log separates the two: `edit_time_s` is the editing part of
# `time_on_summary_s`.
#
# ### Checkpoint 4 - the editing share (answer, 2 points)
#
# Compute `edit_share`, a dict with two entries: `"early"`, the share of time on summaries
# spent editing over weeks 1-4, and `"late"`, the same over weeks 9-12. Weight by summaries
# shown: total editing seconds over total seconds on summaries in those weeks.

# %% nbgrader={"grade": false, "grade_id": "m1-edit-share", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def _editing_share(days):
    editing = (days["edit_time_s"] * days["summaries_shown"]).sum()
    total = (days["time_on_summary_s"] * days["summaries_shown"]).sum()
    return editing / total


edit_share = {
    "early": _editing_share(log[log["week"] <= 4]),
    "late": _editing_share(log[log["week"] >= 9]),
}
### END SOLUTION
print({period: round(share, 3) for period, share in edit_share.items()})

# %% nbgrader={"grade": true, "grade_id": "m1-edit-share-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks `edit_share`: a dict with 'early' and 'late' shares of time spent editing."""
apm.grading.check_mapping(edit_share, ["early", "late"], "edit_share")
apm.grading.check_range(list(edit_share.values()), 0, 1, "edit_share values")
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_summary_feature_log(random_state=apm.learner_seed())
for _name, _mask in [("early", _log.week <= 4), ("late", _log.week >= 9)]:
    _d = _log[_mask]
    _expected = np.dot(_d.edit_time_s, _d.summaries_shown) / np.dot(_d.time_on_summary_s, _d.summaries_shown)
    apm.grading.check_close(edit_share[_name], _expected, f"edit_share['{_name}']", rtol=1e-6,
                            hint="weight both the editing and the total seconds by summaries shown")
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Growth that does not stay
#
# Daily active users rose every week. Part of the reason is a marketing push: each weekly
# cohort of new sign-ups is larger than the last. Growth bought this way says nothing about
# whether the product is worth coming back to. The question that does is: *of the people who
# signed up in a given week, what share was still active on day 3?* If that share stays
# flat while DAU climbs, the climb is carried by newcomers trying the shiny button, and it will
# stop when the campaign does.
#
# `cohorts` has one row per sign-up week with the cohort size and how many of its users were
# active on days 1, 3 and 7.
#
# ### Checkpoint 5 - retention against DAU (answer, 3 points)
#
# Compute:
#
# - `d3_retention`: a Series indexed by `cohort_week`, the share of each cohort active on
#   day 3;
# - `d3_trend`: the slope of a straight line fitted to `d3_retention` against the cohort
#   week (change in retention per week; least squares);
# - `dau_growth`: the relative growth of mean DAU from week 1 to week 12 of your weekly table
#   (for example 0.5 for +50 %).

# %% nbgrader={"grade": false, "grade_id": "m1-novelty", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
d3_retention = (cohorts["active_day3"] / cohorts["new_users"]).set_axis(cohorts["cohort_week"])
d3_trend = np.polyfit(d3_retention.index, d3_retention.to_numpy(), deg=1)[0]
dau_growth = weekly.loc[12, "dau"] / weekly.loc[1, "dau"] - 1
### END SOLUTION
print(f"DAU growth {dau_growth:+.0%}; day-3 retention trend {d3_trend:+.4f} per cohort week")

# %% nbgrader={"grade": true, "grade_id": "m1-novelty-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks `d3_retention` (12 shares), `d3_trend` (a slope per week) and `dau_growth` (a relative change)."""
apm.grading.check_type(d3_retention, pd.Series, "d3_retention")
apm.grading.check_length(d3_retention, 12, "d3_retention", what="entries (one per cohort)")
apm.grading.check_range(d3_retention, 0, 1, "d3_retention")
apm.grading.check_type(d3_trend, float, "d3_trend")
apm.grading.check_type(dau_growth, float, "dau_growth")
### BEGIN HIDDEN TESTS
import scipy.stats as _stats

_seed = apm.learner_seed()
_c = apm.datasets.make_signup_cohorts(random_state=_seed)
_ret = _c.active_day3.to_numpy() / _c.new_users.to_numpy()
apm.grading.check_close(list(d3_retention.index), _c.cohort_week, "d3_retention.index (cohort weeks)")
apm.grading.check_close(d3_retention, _ret, "d3_retention", rtol=1e-6)
apm.grading.check_close(d3_trend, _stats.linregress(_c.cohort_week, _ret).slope, "d3_trend",
                        rtol=1e-5, atol=1e-9, hint="fit retention against the cohort week")
_log = apm.datasets.make_summary_feature_log(random_state=_seed)
_dau = _log.groupby("week")["dau"].mean()
apm.grading.check_close(dau_growth, _dau.iloc[-1] / _dau.iloc[0] - 1, "dau_growth", rtol=1e-6,
                        hint="relative change: last over first, minus one")
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Four families of AI metrics
#
# A single number cannot tell you whether an AI feature is healthy. Teams that do this well
# pick one or two metrics from each of four families:
#
# - **model quality**: is the model's output right? (precision, recall, hallucination rate,
#   ranking quality, overlap with reference text);
# - **user experience**: does the output help people do their job? (task completion,
#   corrections, fallbacks to the manual way, time to a useful result);
# - **business impact**: does that help show up in outcomes the business tracks? (revenue,
#   conversions, support costs). These lag: by the time they move, the cause is weeks old;
# - **operational health**: can the system keep doing it? (latency percentiles, cost per
#   inference, freshness of training data, drift alarms). These are the early warnings.
#
# ### Checkpoint 6 - sort the metrics (answer, 2 points)
#
# Fill in `metric_family`, mapping every metric below to one of the four `FAMILIES`.
# Each correct entry earns its share of the points.

# %%
FAMILIES = ["model quality", "user experience", "business impact", "operational health"]
METRICS = [
    "audited hallucination rate",
    "precision@5 of related-note suggestions",
    "ROUGE-L overlap with reference summaries",
    "task completion rate",
    "share of summaries edited before use",
    "fallback rate (summary dismissed, note read in full)",
    "median time to first useful summary",
    "upgrade rate to the paid plan among summary users",
    "support tickets deflected per week",
    "revenue per AI-assisted session",
    "p95 summary latency",
    "cost per 1,000 summaries",
    "days since the training-data snapshot",
]

# %% nbgrader={"grade": false, "grade_id": "m1-families", "locked": false, "schema_version": 3, "solution": true, "task": false}
metric_family = {metric: None for metric in METRICS}
### BEGIN SOLUTION
metric_family.update({
    "audited hallucination rate": "model quality",
    "precision@5 of related-note suggestions": "model quality",
    "ROUGE-L overlap with reference summaries": "model quality",
    "task completion rate": "user experience",
    "share of summaries edited before use": "user experience",
    "fallback rate (summary dismissed, note read in full)": "user experience",
    "median time to first useful summary": "user experience",
    "upgrade rate to the paid plan among summary users": "business impact",
    "support tickets deflected per week": "business impact",
    "revenue per AI-assisted session": "business impact",
    "p95 summary latency": "operational health",
    "cost per 1,000 summaries": "operational health",
    "days since the training-data snapshot": "operational health",
})
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m1-families-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks `metric_family`: every metric mapped to one of the four families; partial credit per metric."""
apm.grading.check_mapping(metric_family, METRICS, "metric_family")
_unsorted = [m for m, f in metric_family.items() if f not in FAMILIES]
assert not _unsorted, (f"{len(_unsorted)} metric(s) not sorted into one of FAMILIES yet, "
                       f"for example {_unsorted[0]!r}")
### BEGIN HIDDEN TESTS
_key = {
    "audited hallucination rate": "model quality",
    "precision@5 of related-note suggestions": "model quality",
    "ROUGE-L overlap with reference summaries": "model quality",
    "task completion rate": "user experience",
    "share of summaries edited before use": "user experience",
    "fallback rate (summary dismissed, note read in full)": "user experience",
    "median time to first useful summary": "user experience",
    "upgrade rate to the paid plan among summary users": "business impact",
    "support tickets deflected per week": "business impact",
    "revenue per AI-assisted session": "business impact",
    "p95 summary latency": "operational health",
    "cost per 1,000 summaries": "operational health",
    "days since the training-data snapshot": "operational health",
}
_wrong = [m for m in _key if metric_family.get(m) != _key[m]]
print(f"{len(_key) - len(_wrong)} of {len(_key)} metrics sorted correctly.")
for _m in _wrong:
    print(f"  rethink: {_m!r}")
round(2 * (len(_key) - len(_wrong)) / len(_key), 2)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Write the brief
#
# Your team lead asks for a one-screen brief: which metric should decide whether Summarize
# page is working, what should sit beside it, where things stood before the silent change,
# and what would make you change your mind. Fill in every field of `brief` in your own words.
# Short, specific answers score best; a list of every metric you know scores nothing.
#
# ### Checkpoint 7 - the metric brief (answer, 5 points, partial credit)
#
# The grader reads your brief for ideas, not exact words, and tells you which rubric items it
# found and which are missing. Your instructor can adjust the score by hand.
#
# - `primary_metric`: the one metric that says whether the feature works for users;
# - `counter_metric`: the one metric you would watch beside it, to catch what the primary can
#   hide;
# - `baseline`: the audited hallucination rate of weeks 1-4, from your data (for example
#   "4.1% of audited summaries");
# - `reconsider_signal`: an observation that would make you change your primary metric;
# - `justification`: a few sentences on why engagement misled the team here.

# %% nbgrader={"grade": false, "grade_id": "m1-brief", "locked": false, "schema_version": 3, "solution": true, "task": false}
brief = {
    "primary_metric": "",
    "counter_metric": "",
    "baseline": "",
    "reconsider_signal": "",
    "justification": "",
}
### BEGIN SOLUTION
_baseline = weekly.loc[1:4, "hallucination_rate"].mean()
brief = {
    "primary_metric": "Task completion rate of note tasks that used a summary",
    "counter_metric": "Audited hallucination rate of the summaries",
    "baseline": f"{_baseline:.2%} of audited summaries were hallucinated in weeks 1-4",
    "reconsider_signal": "If task completion holds up while users keep rewriting summaries, "
                         "I would move to the edit time per summary as the primary metric.",
    "justification": "Clicks and time on each summary rose because people were fixing the "
                     "summaries: the extra seconds are editing, which is labor the model "
                     "created, and regenerate clicks are a symptom. DAU grew because each "
                     "new cohort from the marketing push was larger, while day-3 retention "
                     "stayed flat, so the growth was novelty rather than value.",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m1-brief-test", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Scores your brief against the module 1 rubric (5 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(brief, apm.grading.rubrics.SUMMARY_FEATURE_BRIEF)
### BEGIN HIDDEN TESTS
_log = apm.datasets.make_summary_feature_log(random_state=apm.learner_seed())
_early = _log[_log.week <= 4]
_score = apm.grading.score_brief(
    brief, apm.grading.rubrics.SUMMARY_FEATURE_BRIEF,
    numbers={"baseline_hallucination_rate": _early.hallucinated.sum() / _early.audited.sum()},
)
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Reflection (3 points, graded by your instructor)
#
# Think of a product you use or have built where an AI feature is judged by an engagement
# number (clicks, sessions, time spent, messages sent). In five to eight sentences: describe
# how that number could rise while the experience gets worse, name the metric you would put
# beside it to notice, and say who would be hurt first if nobody did.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m1-reflection", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer.* A support chatbot is judged by messages per conversation. When its answers
# get vaguer, customers ask again and again, so the number rises while fewer problems get
# solved. Beside it I would put the share of conversations followed by a human ticket within
# 48 hours. The first people hurt are customers with urgent problems, then the support agents
# who inherit angrier tickets.
#
# **Rubric (instructors).** 1 point each:
#
# 1. a concrete, plausible mechanism by which the engagement number rises while the
#    experience worsens (not just "engagement can be misleading");
# 2. a counter-metric that measures outcome or quality and would move when the experience
#    worsens, with a sensible time window or unit;
# 3. names who is hurt first and how (a user segment, a downstream team), showing the cost of
#    being wrong.
#
# Half points for a mechanism or metric that is generic but correct.
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - Engagement measures activity, not value. When an AI feature gets worse, people often
#   click and linger *more*, because they are repairing its output.
# - Split time on task into useful time and repair time before you celebrate it.
# - Growth from new cohorts is not evidence of value; flat early retention is the tell.
# - Pick one or two metrics from each of the four families. Model quality and operational
#   health warn early; user experience shows whether people are helped; business impact
#   confirms it, late.
# - A metric brief names the primary metric, the counter-metric that would expose its
#   blind spot, the baseline from data, and the signal that would change your mind.
#
# Next module: precision, recall, and choosing what being wrong is allowed to cost.
