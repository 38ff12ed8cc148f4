# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 6 - Capstone: choose, defend and stress-test a metric framework
#
# **Time:** about 120 minutes. **Points:** 44 (38 graded automatically, 6 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. take an AI product you have never seen and choose its metrics with a five-step process:
#    the user's goal, the costlier error, a diagnostic metric, a baseline and target, and a
#    counter-metric;
# 2. back every number in that framework with a computation on the product's own data;
# 3. map the product onto the four-layer stack (decision impact, trust calibration, system
#    health, business outcome) and onto module 1's four metric categories;
# 4. defend your choice when someone pushes back, without giving in and without ignoring the
#    point: name the trade-off, keep a guardrail, tie it to the user, and say what would change
#    your mind;
# 5. argue for precision, for recall and for a UX metric in turn, so that your final choice is
#    one you chose rather than the only one you knew;
# 6. write the framework on one page.
#
# **How this notebook is graded.** You get one product from a bank of scenarios, and three
# pushback questions, both drawn from your learner id: your neighbour may have a different
# product. Most of the points are in written answers, entered as small dictionaries of named
# fields. They are scored against a rubric that accepts any defensible choice in your own
# words (there is no single right answer), checks every number against your own data, and
# prints which items you met and what is missing. Keyword lists score close to nothing. Press
# **Validate** or run `aipm check` on this file to run the visible checks; your instructor can
# override any automatic score.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import ai_product_metrics as apm
from ai_product_metrics.datasets import capstone
from ai_product_metrics.grading import capstone as framework

SEED = apm.learner_seed()
scenario = capstone.scenario_for_seed(SEED)
table = capstone.make_scenario_table(scenario, random_state=SEED)
pushbacks = framework.pushbacks_for_seed(SEED)
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
print(f"Your product: {scenario.title}\n")
print(scenario.product)
print(f"\nThe user: {scenario.user}.")
print(f"The AI acts when it flags a case: {scenario.action}.")
print(f"A case is positive when {scenario.positive}.")
print(f"A false positive: {scenario.false_positive} It costs about {scenario.cost_fp:g} {scenario.cost_unit}.")
print(f"A false negative: {scenario.false_negative} It costs about {scenario.cost_fn:g} {scenario.cost_unit}.")
print(f"Today, without the AI: {scenario.baseline}.")
table.head()

# %% [markdown]
# ## 1. Read the product before you choose anything
#
# Every product in the bank is an AI that takes one decision per case: send a substitute or
# not, list a line as an action item or not, show a candidate or not. `table` holds eight weeks
# of cases, one row each:
#
# | column | meaning |
# |---|---|
# | `week`, `segment` | when, and which kind of user or case |
# | `score` | the model's confidence that the case is positive |
# | `label` | what was actually true (from audits and later outcomes) |
# | `ai_flag` | what the AI did at its deployed threshold (1 = it acted) |
# | `baseline_flag` | what the current process does without the AI: a manual routine or a simple rule |
# | `overridden` | the user reversed or rewrote the AI's action (only where it acted) |
# | `engaged` | the user opened or interacted with the AI's output |
# | `latency_ms` | how long the AI took to answer |
# | `value_eur` | the net value the case brought the business; costly mistakes are negative |
#
# The five steps you will follow are the spine of every metric discussion, from a product
# review to an interview:
#
# 1. **the user's goal**: what the person is trying to get done, not what the model does;
# 2. **the cost of being wrong**: which error, false positive or false negative, hurts more;
# 3. **a diagnostic metric** that moves early (*leading*), that the team can move
#    (*actionable*) and that anyone can read (*interpretable*);
# 4. **a baseline and a target**: the current process measured on the same data, and the
#    improvement that would justify the AI;
# 5. **a counter-metric**: what would get worse if the team pushed the diagnostic metric too
#    hard.
#
# Start with the numbers.

# %% [markdown]
# ### Checkpoint 1 - the AI against the current process (answer, 2 points)
#
# Compute the precision and recall of the AI (`ai_flag`) and of the current process
# (`baseline_flag`) against `label`, over the whole table. Store them in the dictionary
# `rates` with the keys `"ai_precision"`, `"ai_recall"`, `"baseline_precision"` and
# `"baseline_recall"` (floats between 0 and 1). Any route is fine: pandas, numpy or
# scikit-learn.

# %% nbgrader={"grade": false, "grade_id": "m6-rates", "locked": false, "schema_version": 3, "solution": true, "task": false}
rates = {}
### BEGIN SOLUTION
for who in ("ai", "baseline"):
    flagged = table[f"{who}_flag"] == 1
    true_positives = (flagged & (table["label"] == 1)).sum()
    rates[f"{who}_precision"] = float(true_positives / flagged.sum())
    rates[f"{who}_recall"] = float(true_positives / (table["label"] == 1).sum())
### END SOLUTION
pd.Series(rates).round(3)

# %% nbgrader={"grade": true, "grade_id": "m6-rates-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks the precision and recall of the AI and of the current process on your table."""
apm.grading.check_mapping(rates, ["ai_precision", "ai_recall", "baseline_precision", "baseline_recall"], "rates")
for _key, _value in rates.items():
    apm.grading.check_range(_value, 0, 1, f"rates['{_key}']")
### BEGIN HIDDEN TESTS
from sklearn.metrics import precision_score, recall_score

_t = capstone.make_scenario_table(capstone.scenario_for_seed(apm.learner_seed()), random_state=apm.learner_seed())
for _who in ("ai", "baseline"):
    apm.grading.check_close(rates[f"{_who}_precision"], precision_score(_t["label"], _t[f"{_who}_flag"]),
                            f"rates['{_who}_precision']", atol=1e-6,
                            hint="precision: of the cases flagged, the share that are positive")
    apm.grading.check_close(rates[f"{_who}_recall"], recall_score(_t["label"], _t[f"{_who}_flag"]),
                            f"rates['{_who}_recall']", atol=1e-6,
                            hint="recall: of the positive cases, the share that are flagged")
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 2 - what the mistakes cost (answer, 1.5 points)
#
# Precision and recall count mistakes; the business pays for them. Using the scenario's
# `scenario.cost_fp` and `scenario.cost_fn` (in `scenario.cost_unit`), compute the cost of
# the errors **per 1,000 cases** for the AI and for the current process: (false positives ×
# cost of a false positive + false negatives × cost of a false negative) / number of cases ×
# 1,000. Store it in `error_cost = {"ai": ..., "baseline": ...}`.

# %% nbgrader={"grade": false, "grade_id": "m6-error-cost", "locked": false, "schema_version": 3, "solution": true, "task": false}
error_cost = {}
### BEGIN SOLUTION
for who in ("ai", "baseline"):
    flag, label = table[f"{who}_flag"], table["label"]
    false_positives = ((flag == 1) & (label == 0)).sum()
    false_negatives = ((flag == 0) & (label == 1)).sum()
    error_cost[who] = float((false_positives * scenario.cost_fp + false_negatives * scenario.cost_fn) / len(table) * 1000)
### END SOLUTION
print(f"errors cost {error_cost['ai']:,.0f} {scenario.cost_unit} per 1,000 cases with the AI, "
      f"{error_cost['baseline']:,.0f} with the current process")

# %% nbgrader={"grade": true, "grade_id": "m6-error-cost-test", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
"""Checks the cost of errors per 1,000 cases, for the AI and for the current process."""
apm.grading.check_mapping(error_cost, ["ai", "baseline"], "error_cost")
for _key, _value in error_cost.items():
    apm.grading.check_type(_value, (float, int, np.floating), f"error_cost['{_key}']")
### BEGIN HIDDEN TESTS
from sklearn.metrics import confusion_matrix

_s = capstone.scenario_for_seed(apm.learner_seed())
_t = capstone.make_scenario_table(_s, random_state=apm.learner_seed())
for _who in ("ai", "baseline"):
    _tn, _fp, _fn, _tp = confusion_matrix(_t["label"], _t[f"{_who}_flag"], labels=[0, 1]).ravel()
    apm.grading.check_close(error_cost[_who], (_fp * _s.cost_fp + _fn * _s.cost_fn) * 1000 / len(_t),
                            f"error_cost['{_who}']", rtol=1e-6,
                            hint="count both kinds of error, weigh each by its own cost, divide by the cases, times 1,000")
### END HIDDEN TESTS

# %% [markdown]
# The AI should beat the current process on the cost of errors; by how much tells you whether
# it pays for itself. When a simple rule gets most of the way for a fraction of the running
# cost, the honest target for the AI is the part the rule cannot reach.
#
# ### Checkpoint 3 - engagement against value (answer, 1.5 points)
#
# Build `weekly`, a DataFrame indexed by `week` (1 to 8) with two columns: `engaged_rate`
# (the share of cases where the user engaged with the AI's output) and `value_per_case` (the
# mean of `value_eur`). Then compute `engagement_rise`, the change of `engaged_rate` from
# week 1 to week 8 in **percentage points** (e.g. 7.5), and `value_change`, the change of
# `value_per_case` from week 1 to week 8 in EUR.

# %% nbgrader={"grade": false, "grade_id": "m6-engagement", "locked": false, "schema_version": 3, "solution": true, "task": false}
weekly = ...
engagement_rise = ...
value_change = ...
### BEGIN SOLUTION
weekly = table.groupby("week").agg(engaged_rate=("engaged", "mean"), value_per_case=("value_eur", "mean"))
engagement_rise = float(100 * (weekly.loc[8, "engaged_rate"] - weekly.loc[1, "engaged_rate"]))
value_change = float(weekly.loc[8, "value_per_case"] - weekly.loc[1, "value_per_case"])
### END SOLUTION
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.plot(weekly.index, 100 * weekly["engaged_rate"], "o-", color=apm.widgets.PALETTE["blue"], label="engaged (%)")
ax.set_xlabel("week")
ax.set_ylabel("engaged (%)")
twin = ax.twinx()
twin.plot(weekly.index, weekly["value_per_case"], "s--", color=apm.widgets.PALETTE["vermillion"], label="value per case (EUR)")
twin.set_ylabel("value per case (EUR)")
fig.legend(loc="upper left", fontsize=8)
plt.show()
print(f"engagement {engagement_rise:+.1f} points from week 1 to week 8; value per case {value_change:+.2f} EUR")

# %% nbgrader={"grade": true, "grade_id": "m6-engagement-test", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
"""Checks weekly engagement and value per case, and their change from week 1 to week 8."""
apm.grading.check_type(weekly, pd.DataFrame, "weekly")
apm.grading.check_columns(weekly, ["engaged_rate", "value_per_case"], "weekly")
apm.grading.check_length(weekly, 8, "weekly")
apm.grading.check_type(engagement_rise, (float, int, np.floating), "engagement_rise")
apm.grading.check_type(value_change, (float, int, np.floating), "value_change")
### BEGIN HIDDEN TESTS
_t = capstone.make_scenario_table(capstone.scenario_for_seed(apm.learner_seed()), random_state=apm.learner_seed())
_engaged = np.array([_t["engaged"][_t["week"] == _w].mean() for _w in range(1, 9)])
_value = np.array([_t["value_eur"][_t["week"] == _w].mean() for _w in range(1, 9)])
apm.grading.check_close(weekly["engaged_rate"].to_numpy(dtype=float), _engaged, "weekly['engaged_rate']", atol=1e-9)
apm.grading.check_close(weekly["value_per_case"].to_numpy(dtype=float), _value, "weekly['value_per_case']", atol=1e-6)
apm.grading.check_close(engagement_rise, 100 * (_engaged[-1] - _engaged[0]), "engagement_rise", atol=1e-6,
                        hint="percentage points: 100 x (week 8 share - week 1 share)")
apm.grading.check_close(value_change, _value[-1] - _value[0], "value_change", atol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# Engagement rose while the value of a case did not. People open an AI's output because it is
# new, because it is in their way, or because they have to fix it; none of that is value. You
# will need this number when someone tells you engagement is up.
#
# ### Checkpoint 4 - where users override the AI (answer, 1.5 points)
#
# Compute, per `segment`, the **override rate** (overridden cases / cases where the AI acted)
# as the Series `override_by_segment`, and the AI's **precision** per segment as the Series
# `precision_by_segment` (both indexed by segment). Store the segment with the highest
# override rate in `hotspot`.

# %% nbgrader={"grade": false, "grade_id": "m6-hotspot", "locked": false, "schema_version": 3, "solution": true, "task": false}
override_by_segment = ...
precision_by_segment = ...
hotspot = ...
### BEGIN SOLUTION
acted = table[table["ai_flag"] == 1]
override_by_segment = acted.groupby("segment")["overridden"].mean()
precision_by_segment = acted.groupby("segment")["label"].mean()
hotspot = str(override_by_segment.idxmax())
### END SOLUTION
pd.DataFrame({"override rate": override_by_segment, "precision": precision_by_segment}).round(3)

# %% nbgrader={"grade": true, "grade_id": "m6-hotspot-test", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
"""Checks the override rate and precision per segment, and the override hotspot."""
apm.grading.check_type(override_by_segment, pd.Series, "override_by_segment")
apm.grading.check_type(precision_by_segment, pd.Series, "precision_by_segment")
apm.grading.check_type(hotspot, str, "hotspot")
### BEGIN HIDDEN TESTS
_s = capstone.scenario_for_seed(apm.learner_seed())
_t = capstone.make_scenario_table(_s, random_state=apm.learner_seed())
for _segment in _s.segments:
    _acted = _t[(_t["segment"] == _segment) & (_t["ai_flag"] == 1)]
    apm.grading.check_close(float(override_by_segment[_segment]), _acted["overridden"].sum() / len(_acted),
                            f"override_by_segment['{_segment}']", atol=1e-9,
                            hint="divide by the cases where the AI acted, not by all cases")
    apm.grading.check_close(float(precision_by_segment[_segment]), _acted["label"].sum() / len(_acted),
                            f"precision_by_segment['{_segment}']", atol=1e-9)
_rates = {_g: _t[(_t["segment"] == _g) & (_t["ai_flag"] == 1)]["overridden"].mean() for _g in _s.segments}
assert hotspot == max(_rates, key=_rates.get), "hotspot is not the segment with the highest override rate"
### END HIDDEN TESTS

# %% [markdown]
# Look at both columns together. Where users override far more often while the model is as
# precise as elsewhere, the model is not the problem: the way the output reaches those users
# is. A UX metric (the override rate) sees it; a model metric cannot.
#
# ### Checkpoint 5 - system health (answer, 1 point)
#
# Store the 50th, 95th and 99th percentiles of `latency_ms` in `latency = {"p50": ...,
# "p95": ..., "p99": ...}` (numpy's default percentile method).

# %% nbgrader={"grade": false, "grade_id": "m6-latency", "locked": false, "schema_version": 3, "solution": true, "task": false}
latency = {}
### BEGIN SOLUTION
latency = {f"p{q}": float(table["latency_ms"].quantile(q / 100)) for q in (50, 95, 99)}
### END SOLUTION
print(", ".join(f"{k} {v:,.0f} ms" for k, v in latency.items()))

# %% nbgrader={"grade": true, "grade_id": "m6-latency-test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Checks the p50, p95 and p99 latency of your table."""
apm.grading.check_mapping(latency, ["p50", "p95", "p99"], "latency")
### BEGIN HIDDEN TESTS
_t = capstone.make_scenario_table(capstone.scenario_for_seed(apm.learner_seed()), random_state=apm.learner_seed())
for _q in (50, 95, 99):
    apm.grading.check_close(latency[f"p{_q}"], np.percentile(_t["latency_ms"].to_numpy(), _q), f"latency['p{_q}']",
                            rtol=1e-9)
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Explore: the primary metric and its floor
#
# The explorer draws the AI's precision and recall at every threshold, the current process as
# single points, and a **guardrail floor** under the metric you are *not* optimising. Choose
# your primary metric (Space opens the drop-down, Enter chooses), move the **Threshold** (Tab
# to reach a control, arrow keys to move it) and watch the read-out beside the plot: it says everything the plot shows, including
# whether the floor holds and what the errors cost against the current process. Your last
# setting is saved beside the notebook.

# %%
print(f"Guardrail floor for your product: {scenario.answer_key.guardrail_floor:g}")
explorer = apm.widgets.framework_explorer(table, scenario)
explorer

# %% [markdown]
# ### Checkpoint 6 - the best threshold that keeps the floor (answer, 2 points)
#
# Choose the primary metric that guards your product's costlier error, leave the floor at
# your product's guardrail floor (printed above), and find the threshold that makes the primary
# metric as high as it can be **while the other metric stays at or above the floor**. Leave
# the explorer there and read its setting into `framework_choice`. It is graded by its
# consequence on your data: full points within 0.01 of the best primary that keeps the floor,
# nothing for a threshold that breaks the floor or a primary that guards the cheaper error.

# %% nbgrader={"grade": false, "grade_id": "m6-widget", "locked": false, "schema_version": 3, "solution": true, "task": false}
framework_choice = ...
### BEGIN SOLUTION
framework_choice = explorer.value
### END SOLUTION
print(framework_choice)

# %% nbgrader={"grade": true, "grade_id": "m6-widget-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades framework_choice: the primary guards the costlier error, the other metric keeps the floor,
and the primary is as high as the floor allows."""
apm.grading.check_type(framework_choice, dict, "framework_choice")
apm.grading.check_mapping(framework_choice, ["primary", "threshold", "floor"], "framework_choice")
apm.grading.check_range(framework_choice["threshold"], 0, 1, "framework_choice['threshold']")
### BEGIN HIDDEN TESTS
from sklearn.metrics import precision_score, recall_score

_s = capstone.scenario_for_seed(apm.learner_seed())
_t = capstone.make_scenario_table(_s, random_state=apm.learner_seed())
_allowed = ["precision" if _e == "false_positive" else "recall" for _e in _s.answer_key.costlier]
_floor = _s.answer_key.guardrail_floor
if framework_choice["primary"] not in _allowed:
    print(f"{framework_choice['primary']!r} guards the cheaper error in this product; 0 of 2 points.")
    _points = 0.0
else:
    _primary = framework_choice["primary"]
    _counter = "recall" if _primary == "precision" else "precision"
    _score = {"precision": precision_score, "recall": recall_score}
    _kept = {}
    for _th in np.round(np.arange(0.05, 0.951, 0.01), 2):
        _flag = (_t["score"] >= _th).astype(int)
        if _score[_counter](_t["label"], _flag, zero_division=0) >= _floor:
            _kept[float(_th)] = 100 * (1 - _score[_primary](_t["label"], _flag, zero_division=0))
    _choice = float(np.clip(np.round(float(framework_choice["threshold"]), 2), 0.05, 0.95))
    if _choice not in _kept:
        print(f"At threshold {_choice:.2f} the {_counter} falls below the floor of {_floor:g}: 0 of 2 points.")
        _points = 0.0
    else:
        _points = apm.grading.score_decision(_choice, _kept, points=2, full_credit_regret=1.0,
                                             unit=f"points of {_primary} short of 100 %").points
_points
### END HIDDEN TESTS

# %% [markdown]
# ## 3. The framework, step by step
#
# ### Checkpoint 7 - the five-step selection brief (answer, 7.5 points)
#
# Fill in `selection_brief`, one field per step, in your own words and about **your**
# product. The rubric accepts any defensible choice; what it checks:
#
# - `user_goal`: the user's goal in their terms (not "use the feature more");
# - `costlier_error` names **one** error in the product's words, and `why_costlier` says what
#   it does to the user;
# - `diagnostic_metric` guards the costlier error, and `why_diagnostic` says why it is
#   *leading*, *actionable* and *interpretable* (half a point each);
# - `baseline` is that metric for the current process, from your `rates` (one number);
#   `target` is a number above it, at most 1;
# - `counter_metric` gets worse when the diagnostic metric is pushed too far (it cannot be the
#   diagnostic metric again, nor engagement).

# %% nbgrader={"grade": false, "grade_id": "m6-selection", "locked": false, "schema_version": 3, "solution": true, "task": false}
selection_brief = {
    "user_goal": "",
    "costlier_error": "",
    "why_costlier": "",
    "diagnostic_metric": "",
    "why_diagnostic": "",
    "baseline": "",
    "target": "",
    "counter_metric": "",
}
### BEGIN SOLUTION
key = scenario.answer_key
primary = "precision" if key.costlier[0] == "false_positive" else "recall"
other = "recall" if primary == "precision" else "precision"
costly_words, cheap_words = ((key.false_positive_words, key.false_negative_words) if primary == "precision"
                             else (key.false_negative_words, key.false_positive_words))
costly, cheap = ((scenario.cost_fp, scenario.cost_fn) if primary == "precision" else (scenario.cost_fn, scenario.cost_fp))
primary_words = key.precision_words if primary == "precision" else key.recall_words
other_words = key.recall_words if primary == "precision" else key.precision_words
selection_brief = {
    "user_goal": f"In the user's own terms: {key.goal[0]}.",
    "costlier_error": f"The {costly_words[0]}.",
    "why_costlier": f"Each one costs about {costly:g} {scenario.cost_unit}, against {cheap:g} for the other kind of "
                    f"mistake, and for the {scenario.user} it means {key.harm_words[0]}.",
    "diagnostic_metric": f"{primary.capitalize()}: the {primary_words[0]}.",
    "why_diagnostic": "It moves the same day the model or its threshold changes, weeks before the business outcome "
                      "does, so it is leading; the team can act on it directly by tuning the threshold or retraining; "
                      "and anyone can read it as a plain share of cases.",
    "baseline": f"{rates['baseline_' + primary]:.3f}",
    "target": f"{min(0.99, max(rates['baseline_' + primary], rates['ai_' + primary]) + 0.03):.2f} within two quarters",
    "counter_metric": f"{other.capitalize()}: the {other_words[0]}, which falls as the threshold is pushed.",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m6-selection-test", "locked": true, "points": 7.5, "schema_version": 3, "solution": false, "task": false}
"""Scores the selection brief against your scenario's answer key; the baseline and target are checked
against your own table (7.5 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(selection_brief, framework.selection_rubric(scenario))
### BEGIN HIDDEN TESTS
_s = capstone.scenario_for_seed(apm.learner_seed())
_score = framework.score_selection_brief(selection_brief, _s, capstone.make_scenario_table(_s, random_state=apm.learner_seed()))
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 8 - the four-layer stack and the four categories (answer, 6 points)
#
# A framework has to answer four questions at once, one metric each: did the AI's **decisions**
# improve, do people rely on it the **right amount**, does the **system** keep working, and
# did the **business** outcome move? Fill in `stack` with one metric per layer, for your
# product (1 point each), then one metric of your product per category of module 1 (half a
# point each). A field naming several metrics earns nothing: commit to one.

# %% nbgrader={"grade": false, "grade_id": "m6-stack", "locked": false, "schema_version": 3, "solution": true, "task": false}
stack = {
    "decision_impact": "",
    "trust_calibration": "",
    "system_health": "",
    "business_outcome": "",
    "model_quality": "",
    "user_experience": "",
    "business_impact": "",
    "operational_health": "",
}
### BEGIN SOLUTION
stack = {
    "decision_impact": f"{primary.capitalize()} of the AI's decisions, week by week",
    "trust_calibration": f"The {scenario.ux_metric_name}, per segment",
    "system_health": "p95 latency of the AI's answers",
    "business_outcome": f"The {scenario.business_metric_name}",
    "model_quality": f"The {other} of the model at the deployed threshold",
    "user_experience": f"The {scenario.ux_metric_name}",
    "business_impact": f"The {key.business_outcome[0]}",
    "operational_health": "p99 latency in milliseconds",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m6-stack-test", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
"""Scores the four-layer stack and the four categories against your scenario (6 points, partial credit)."""
apm.grading.check_brief_complete(stack, framework.stack_rubric(scenario))
### BEGIN HIDDEN TESTS
_score = apm.grading.score_brief(stack, framework.stack_rubric(capstone.scenario_for_seed(apm.learner_seed())))
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Defend it under pushback
#
# A metric choice is tested the moment someone disagrees with it. A good answer neither
# caves in nor waves the point away. It has four parts:
#
# 1. **acknowledge the trade-off**: the point has merit; say what your choice gives up and why
#    that is the better price here;
# 2. **keep a guardrail** on what you gave up, with a number: a floor (or a ceiling) it may not
#    cross;
# 3. **tie it to the user**: what the choice means for the person using the product;
# 4. **name the signal that would change your mind**: which metric, moving which way.
#
# Your three pushbacks, drawn from your learner id:

# %%
for number, pushback in enumerate(pushbacks, start=1):
    print(f"Pushback {number}: {framework.pushback_prompt(pushback, scenario)}")

# %% [markdown]
# ### Checkpoint 9 - three defences (answer, 9 points)
#
# Fill in `defences`: one dictionary per pushback, **in the order printed above**. Each is
# worth 3 points: the trade-off answers the pushback itself (0.75) and says what you give up
# (0.5); the guardrail names a metric and a number between 0.3 and 0.99 (0.75); the user
# impact is concrete (0.5); the signal names a metric and a direction (0.5).

# %% nbgrader={"grade": false, "grade_id": "m6-pushbacks", "locked": false, "schema_version": 3, "solution": true, "task": false}
defences = [
    {"trade_off": "", "guardrail": "", "user_impact": "", "change_my_mind": ""},
    {"trade_off": "", "guardrail": "", "user_impact": "", "change_my_mind": ""},
    {"trade_off": "", "guardrail": "", "user_impact": "", "change_my_mind": ""},
]
### BEGIN SOLUTION
floor = key.guardrail_floor
guardrail = f"{other.capitalize()} stays at or above {floor:.0%}, checked every week."
impact = (f"For the {scenario.user} it means fewer cases of {key.harm_words[0]}, which is what they would "
          "notice first.")
signal = (f"If the {scenario.ux_metric_name} rises above twice its current level, or the "
          f"{scenario.business_metric_name} falls for three weeks in a row, I would revisit the primary.")
trade_offs = {
    "other_metric": f"{other.capitalize()} matters, and pushing {primary} costs some of it: we accept more "
                    f"{cheap_words[0]} because the {costly_words[0]} costs {costly:g} {scenario.cost_unit} "
                    f"against {cheap:g}.",
    "engagement_up": f"Engagement rose {engagement_rise:.1f} points while the value per case moved "
                     f"{value_change:+.2f} EUR: it counts opens, not value. We give up a flattering number for one "
                     "that moves with the user's outcome.",
    "just_accuracy": "Accuracy treats both errors the same, and when most cases are negative a model that always "
                     f"says no looks good. We trade a familiar number for {primary}, which weighs the costly error.",
    "ship_it_now": "Beating the current process on average is not enough: we would roll out gradually, one segment "
                   f"at a time with a holdout, and we accept a slower launch to see the {costly_words[0]} rate "
                   "before everyone is exposed.",
    "one_number": f"One number invites gaming: pushed alone, {primary} can be bought by acting less often. We give "
                  "up the simplicity of a single number and show the counter-metric beside it.",
    "users_love_it": "A high rating says people like the feature, not that they rely on it the right amount; we "
                     "trade a comfortable survey result for calibration checks on cases users accepted without "
                     "checking.",
}
defences = [{"trade_off": trade_offs[p.key], "guardrail": guardrail, "user_impact": impact, "change_my_mind": signal}
            for p in pushbacks]
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m6-pushbacks-test", "locked": true, "points": 9, "schema_version": 3, "solution": false, "task": false}
"""Scores each defence against its pushback's rubric (3 points each, partial credit, reasons printed)."""
apm.grading.check_type(defences, list, "defences")
apm.grading.check_length(defences, 3, "defences", what="defences")
for _d in defences:
    apm.grading.check_brief_complete(_d, framework.pushback_rubric(scenario, pushbacks[0]))
### BEGIN HIDDEN TESTS
_s = capstone.scenario_for_seed(apm.learner_seed())
_total = 0.0
for _n, (_d, _p) in enumerate(zip(defences, framework.pushbacks_for_seed(apm.learner_seed()), strict=True), 1):
    print(f"Pushback {_n}: {framework.pushback_prompt(_p, _s)}")
    _total += apm.grading.score_brief(_d, framework.pushback_rubric(_s, _p)).points
_total
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The metric-swap drill
#
# Argue for precision as the primary metric of your product, then for recall, then for a UX
# metric (the `scenario.ux_metric_name` you measured in checkpoint 4). Each argument says
# which error or user behaviour the metric guards against, in your product's words, and what
# making it primary gives up, with the guardrail you would pair it with. Being able to argue
# every side is what makes your real choice believable.
#
# Practise it against the clock first: the timer below counts down three minutes (Tab to the
# buttons, Enter or Space to press them). Nobody grades your time; the point is to get fast
# enough that the framework comes out in an interview or a review without notes.

# %%
apm.widgets.drill_timer(minutes=3)

# %% [markdown]
# ### Checkpoint 10 - three arguments (answer, 6 points)
#
# Fill in `swap`. For each metric (2 points): the case names the metric (0.5) and what it
# guards against (0.5); the cost says what gets worse (0.5) and pairs a guardrail (0.5).

# %% nbgrader={"grade": false, "grade_id": "m6-swap", "locked": false, "schema_version": 3, "solution": true, "task": false}
swap = {
    "precision_case": "",
    "precision_cost": "",
    "recall_case": "",
    "recall_cost": "",
    "ux_case": "",
    "ux_cost": "",
}
### BEGIN SOLUTION
swap = {
    "precision_case": f"Precision as the primary keeps the {key.false_positive_words[0]} rare: when the AI acts it "
                      f"should be right, because each one costs {scenario.cost_fp:g} {scenario.cost_unit}.",
    "precision_cost": f"We give up recall, so more {key.false_negative_words[0]}; guardrail: recall at least "
                      f"{floor:.0%}.",
    "recall_case": f"Recall as the primary keeps the {key.false_negative_words[0]} rare: the AI should act on "
                   f"every case that needs it, because each miss costs {scenario.cost_fn:g} {scenario.cost_unit}.",
    "recall_cost": f"We give up precision, so more {key.false_positive_words[0]}; guardrail: precision at least "
                   f"{floor:.0%}.",
    "ux_case": f"The {scenario.ux_metric_name} as the primary sees what users do with the output: in the {hotspot} "
               "segment users override far more often while the model is just as precise, which model metrics miss.",
    "ux_cost": "It can hide model errors that users accept without noticing, so precision and recall stay as "
               f"guardrails, each at least {floor:.0%}.",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m6-swap-test", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
"""Scores the three arguments of the metric-swap drill against your scenario (6 points, partial credit)."""
apm.grading.check_brief_complete(swap, framework.swap_rubric(scenario))
### BEGIN HIDDEN TESTS
_score = apm.grading.score_brief(swap, framework.swap_rubric(capstone.scenario_for_seed(apm.learner_seed())))
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 6. One page
#
# ### Checkpoint 11 - your metric framework on one page (answer, 6 points, graded by your instructor)
#
# Write the framework you would hand to your product's team, in the cell below, in at most
# one page (about 350 words). Use these headings: **Goal and cost of being wrong**, **Primary
# metric, baseline and target**, **Counter-metric and guardrail**, **The stack** (one line per
# layer), **What would change my mind**, **What I rejected and why** (one line each for the
# metrics you argued for in the drill but did not choose). Quote your own numbers.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m6-framework", "locked": false, "points": 6, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer (for the grocery-substitution scenario; adapt the checks to the learner's
# product).*
#
# **Goal and cost of being wrong.** Shoppers want the groceries they ordered, or a substitute
# they would have picked themselves. A wrong substitute is the costlier error: it is paid for,
# often returned or thrown away, and teaches the shopper to refuse all substitutes; a missing
# item is a small refund and a second trip.
#
# **Primary metric, baseline and target.** Precision of sent substitutes (the share the
# shopper keeps). The store's static substitution list keeps 0.58 of them; the AI keeps 0.71;
# target 0.78 by the end of the quarter.
#
# **Counter-metric and guardrail.** Recall of acceptable substitutes (orders that get a
# substitute when one would have been kept), at least 0.60: below it the AI is buying precision
# by sending nothing.
#
# **The stack.** Decision impact: precision of substitutions. Trust calibration: the rate of
# substitutes swapped back in the app, per segment (twice as high for first-time shoppers, with
# the same precision: a UX problem). System health: p95 latency of a suggestion, 900 ms.
# Business outcome: net value per order after refunds.
#
# **What would change my mind.** Refunds per 1,000 orders rising while precision holds, or the
# swap-back rate climbing among regular shoppers.
#
# **What I rejected and why.** Recall as primary: it rewards sending more substitutes, the
# costly error. The swap-back rate as primary: it moves with the app's design as much as with
# the model, so it stays a trust guardrail.
#
# **Rubric (instructors).** 1 point each:
#
# 1. the goal is the user's, and the costlier error is argued from what it does to the user
#    and its cost in the scenario's unit;
# 2. the primary metric guards that error, with the learner's own baseline (from
#    `baseline_flag`) and a target above it, with a time frame;
# 3. a counter-metric that moves against the primary, with a numeric guardrail and a
#    direction;
# 4. one metric per layer of the stack, each measurable from the table or named data,
#    none of them engagement;
# 5. a concrete reconsider signal (metric, direction, threshold or duration), not "if things
#    change";
# 6. the rejected alternatives are argued, not listed, and the page fits on one page.
#
# Half a point for an item that is right but generic (could be pasted into any product).
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - Start from the user's goal and the cost of being wrong; the primary metric follows from
#   which error costs more, not from which metric is most familiar.
# - A diagnostic metric earns its place by being leading, actionable and interpretable; a
#   baseline measured on the current process turns it into a claim, and a target says what
#   would justify the AI.
# - Every primary needs a counter-metric with a number: the guardrail is what stops a team
#   from buying the primary with the other error.
# - One metric per layer (decision impact, trust calibration, system health, business
#   outcome) covers what a single metric cannot.
# - Under pushback: acknowledge the trade-off, keep the guardrail, tie it to the user, and say
#   what would change your mind.
# - Arguing for the metrics you did not choose is how you show you chose.
#
# This is the last module. Your one-page framework is the artefact to keep.
