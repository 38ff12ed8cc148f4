# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 5 - Counter-metrics, gaming and business impact
#
# **Time:** about 110 minutes. **Points:** 28 (25 graded automatically, 3 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. see, in four simulated AI products, how a single metric gets gamed when a team optimises
#    it alone, and pair it with the counter-metric and guardrail that expose the damage;
# 2. find the step where the primary metric keeps improving while the counter-metric breaks
#    its guardrail, and choose the step a sensible team would ship;
# 3. measure how a model retrained on its own clicks drifts toward sensational content;
# 4. estimate business impact with an A/B test and a confidence interval, and show how a
#    before/after comparison is fooled by the season;
# 5. measure how many weeks a business metric lags the model and UX metrics;
# 6. compute what an AI-assisted interaction earns after its serving cost, and the break-even
#    cost per inference;
# 7. write counter-metric briefs with a guardrail number.
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
from ai_product_metrics.datasets import goodhart

SEED = apm.learner_seed()
SCENARIOS = goodhart.GOODHART_SCENARIOS
runs = {name: scenario.simulate(random_state=SEED) for name, scenario in SCENARIOS.items()}
ab = apm.datasets.make_ab_test(random_state=SEED)
weekly = apm.datasets.make_before_after(random_state=SEED)
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
for scenario in SCENARIOS.values():
    print(f"- {scenario.title}: primary {scenario.primary} ({scenario.primary_direction}), "
          f"counter {scenario.counter} must stay {'at or below' if scenario.counter_direction == 'max' else 'at or above'} "
          f"{scenario.counter_limit:g}; outcome {scenario.outcome}")

# %% [markdown]
# ## 1. Every metric can be gamed
#
# "When a measure becomes a target, it ceases to be a good measure" (Goodhart's law, in
# Marilyn Strathern's wording). An AI system optimised on one number finds the cheapest way
# to move that number, and the cheapest way is rarely the one you meant. Four small
# simulations show it. In each, a team pushes its **primary metric** a little harder at every
# step (`pressure` from 0 at launch to 1); a **counter-metric** with a **guardrail** (a
# ceiling here) shows what the push costs; a business **outcome** shows what the company
# gets. `runs[name]` holds one row per step; `SCENARIOS[name]` names the columns.
#
# | scenario | primary (optimised) | counter-metric (guardrail) | outcome |
# |---|---|---|---|
# | shop recommender | click-through rate | return or cancellation rate, at most 12 % | net revenue per 1,000 impressions |
# | support chatbot | resolution rate (chats marked resolved) | recontact within 7 days, at most 20 % | true resolution |
# | agent assist | average handle time (lower is better) | agents overriding the suggested close, at most 10 % | first-contact resolution |
# | writing assistant | draft acceptance rate | peer revision of accepted texts, at most 15 % | net minutes saved per draft |

# %%
fig, axes = plt.subplots(2, 4, figsize=(15, 6), sharex=True)
for column, (name, scenario) in enumerate(SCENARIOS.items()):
    run = runs[name]
    axes[0, column].plot(run["pressure"], run[scenario.primary], "o-", label=scenario.primary)
    axes[0, column].set_title(scenario.title, fontsize=9)
    axes[0, column].set_ylabel(scenario.primary)
    axes[1, column].plot(run["pressure"], run[scenario.counter], "s--", label=scenario.counter)
    axes[1, column].axhline(scenario.counter_limit, color="black", linestyle=":", label="guardrail")
    axes[1, column].set_ylabel(scenario.counter)
    axes[1, column].set_xlabel("optimisation pressure")
    axes[1, column].legend(fontsize=8)
plt.tight_layout()
plt.show()

# %% [markdown]
# ### Checkpoint 1 - where the guardrail breaks, and what to ship (answer, 4 points)
#
# For every scenario `name` in `SCENARIOS`, compute:
#
# - `crossing[name]`: the first step whose counter-metric breaks its guardrail (strictly
#   above `counter_limit` when `counter_direction` is `"max"`, strictly below when `"min"`),
#   or `None` if it never does;
# - `ship[name]`: the step a sensible team would ship: among the steps **before** the
#   crossing, the one with the best primary metric (highest when `primary_direction` is
#   `"max"`, lowest when `"min"`; the earliest such step on a tie);
# - `still_improving[name]`: `True` when the primary metric at the last step is better than
#   at the crossing step (the team's dashboard would still show progress).

# %% nbgrader={"grade": false, "grade_id": "m5-goodhart", "locked": false, "schema_version": 3, "solution": true, "task": false}
crossing = {}
ship = {}
still_improving = {}
### BEGIN SOLUTION
for name, scenario in SCENARIOS.items():
    run = runs[name]
    counter = run[scenario.counter].to_numpy()
    broken = counter > scenario.counter_limit if scenario.counter_direction == "max" else counter < scenario.counter_limit
    crossing[name] = int(run["step"].to_numpy()[broken][0]) if broken.any() else None
    before = run[run["step"] < crossing[name]] if crossing[name] is not None else run
    primary = before[scenario.primary].to_numpy()
    best = np.argmax(primary) if scenario.primary_direction == "max" else np.argmin(primary)
    ship[name] = int(before["step"].to_numpy()[best])
    first, last = run.loc[run["step"] == crossing[name], scenario.primary].item(), run[scenario.primary].iloc[-1]
    still_improving[name] = bool(last > first) if scenario.primary_direction == "max" else bool(last < first)
### END SOLUTION
print(pd.DataFrame({"crossing": crossing, "ship": ship, "still_improving": still_improving}))

# %% nbgrader={"grade": true, "grade_id": "m5-goodhart-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Checks crossing, ship and still_improving for the four simulations of your variant."""
for _d, _name in ((crossing, "crossing"), (ship, "ship"), (still_improving, "still_improving")):
    apm.grading.check_mapping(_d, list(SCENARIOS), _name)
### BEGIN HIDDEN TESTS
for _name, _sc in goodhart.GOODHART_SCENARIOS.items():
    _run = _sc.simulate(random_state=apm.learner_seed())
    _steps = _run.step.to_numpy()
    _c, _p = _run[_sc.counter].to_numpy(), _run[_sc.primary].to_numpy()
    _bad = [(_v > _sc.counter_limit) if _sc.counter_direction == "max" else (_v < _sc.counter_limit) for _v in _c]
    _cross = next((int(_s) for _s, _b in zip(_steps, _bad, strict=True) if _b), None)
    assert crossing[_name] == _cross, f"crossing['{_name}'] is not the first step beyond the guardrail"
    _allowed = [_i for _i, _s in enumerate(_steps) if _cross is None or _s < _cross]
    _sign = 1 if _sc.primary_direction == "max" else -1
    _best = max(_allowed, key=lambda _i: (_sign * _p[_i], -_i))
    assert ship[_name] == int(_steps[_best]), f"ship['{_name}'] is not the best step before the crossing"
    _at = _p[list(_steps).index(_cross)] if _cross is not None else _p[-1]
    assert bool(still_improving[_name]) == bool(_sign * (_p[-1] - _at) > 0), f"still_improving['{_name}'] is wrong"
### END HIDDEN TESTS

# %% [markdown]
# In every scenario the primary metric is still improving past the guardrail: a team that
# watched only its primary would have kept pushing. The counter-metric is what stops them.
#
# ## 2. Explore: push harder
#
# The explorer shows the recommender and the chatbot of your variant. Choose a scenario (Tab
# to the drop-down, Space to open it, arrow keys and Enter to choose), then
# move the **Optimisation pressure** slider (Tab to reach it, arrow keys to move it): the
# three panels show the primary metric, the counter-metric against its guardrail and the
# business outcome; the text beside them says the same. Your last setting is saved beside the
# notebook.

# %%
pressure_explorer = apm.widgets.goodhart_explorer(
    {name: runs[name] for name in ("recommender", "support_chatbot")}, decision_key="m5_pressure")
pressure_explorer

# %% [markdown]
# ### Checkpoint 2 - the chatbot's best pressure for the business (answer, 2 points)
#
# The guardrail is a limit, not a goal. Choose **support chatbot** and find the pressure at
# which the business outcome, **true resolution** (chats solved with no recontact within 7
# days), is highest. Leave the explorer there and read the pressure into `chatbot_pressure`.
# It is graded by its consequence: full points within half a percentage point of the best
# true resolution on your data, falling linearly to zero at the worst step.

# %% nbgrader={"grade": false, "grade_id": "m5-widget", "locked": false, "schema_version": 3, "solution": true, "task": false}
chatbot_pressure = ...
### BEGIN SOLUTION
chatbot_pressure = pressure_explorer.value["pressure"]
### END SOLUTION
print(f"chatbot pressure {chatbot_pressure:.2f}")

# %% nbgrader={"grade": true, "grade_id": "m5-widget-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades chatbot_pressure by the true resolution it gives against the best step on your data."""
apm.grading.check_type(chatbot_pressure, float, "chatbot_pressure")
apm.grading.check_range(chatbot_pressure, 0, 1, "chatbot_pressure")
### BEGIN HIDDEN TESTS
_run = goodhart.simulate_support_chatbot(random_state=apm.learner_seed())
_truth = dict(zip(np.round(_run.pressure, 2), _run.true_resolution, strict=True))
_lost = {float(_p): float(100 * (max(_truth.values()) - _v)) for _p, _v in _truth.items()}
_decision = apm.grading.score_decision(round(float(chatbot_pressure), 2), _lost, points=2,
                                       full_credit_regret=0.5, unit="points of true resolution lost")
_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ## 3. When the model learns from its own clicks
#
# A metric can also be gamed with no one pushing: by a model that learns from the data it
# produced itself. A news feed retrains every round on the signal it logged about its own
# recommendations. With **clicks** as the signal, sensational headlines win clicks, get
# shown more, win more clicks; with **saves** (readers keep the article for later), quality
# wins instead. `goodhart.simulate_feedback_loop` runs ten rounds of either loop.
#
# ### Checkpoint 3 - feedback-loop contamination (answer, 2 points)
#
# Run both loops for your seed (`signal="clicks"` and `signal="saves"`, default rounds). Store
# the share of sensational articles the click-trained feed shows in its last round in
# `sensational_share_clicks`, and the **quality gap** after the last round,
# `mean_quality_shown` of the save-trained feed minus that of the click-trained one, in
# `quality_gap`.

# %% nbgrader={"grade": false, "grade_id": "m5-feedback", "locked": false, "schema_version": 3, "solution": true, "task": false}
sensational_share_clicks = ...
quality_gap = ...
### BEGIN SOLUTION
loops = {signal: goodhart.simulate_feedback_loop(random_state=SEED, signal=signal) for signal in ("clicks", "saves")}
sensational_share_clicks = float(loops["clicks"]["sensational_share"].iloc[-1])
quality_gap = float(loops["saves"]["mean_quality_shown"].iloc[-1] - loops["clicks"]["mean_quality_shown"].iloc[-1])
for signal, loop in loops.items():
    print(f"{signal:>6}: sensational share {loop['sensational_share'].iloc[0]:.0%} -> "
          f"{loop['sensational_share'].iloc[-1]:.0%}, quality shown {loop['mean_quality_shown'].iloc[0]:.1f} -> "
          f"{loop['mean_quality_shown'].iloc[-1]:.1f}")
### END SOLUTION
print(f"after the last round the save-trained feed shows {quality_gap:.1f} more quality points")

# %% nbgrader={"grade": true, "grade_id": "m5-feedback-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks sensational_share_clicks and quality_gap against both loops of your variant."""
apm.grading.check_type(sensational_share_clicks, float, "sensational_share_clicks")
apm.grading.check_range(sensational_share_clicks, 0, 1, "sensational_share_clicks")
apm.grading.check_type(quality_gap, float, "quality_gap")
### BEGIN HIDDEN TESTS
_clicks = goodhart.simulate_feedback_loop(random_state=apm.learner_seed(), signal="clicks")
_saves = goodhart.simulate_feedback_loop(random_state=apm.learner_seed(), signal="saves")
apm.grading.check_close(sensational_share_clicks, _clicks.sensational_share.iloc[-1], "sensational_share_clicks")
apm.grading.check_close(quality_gap, _saves.mean_quality_shown.iloc[-1] - _clicks.mean_quality_shown.iloc[-1],
                        "quality_gap", hint="saves minus clicks, in the last round")
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Business impact, measured honestly
#
# A home-and-garden shop added an AI copilot to its support chat. Before rolling it out, it
# ran an **A/B test**: for four weeks every chat was randomly assigned to the copilot
# (`assisted`) or not (`control`). `ab` holds one row per chat: the revenue the chat led to,
# whether the issue was solved without a follow-up ticket (`ticket_deflected`), the handle
# time, and the copilot's inferences and serving cost. Randomisation makes the two arms alike
# in everything but the copilot, so the difference of their means estimates its effect.
#
# Revenue per chat is mostly zero with a long tail, yet with tens of thousands of chats per
# arm the difference of means is close to normal. Welch's t-test (`scipy.stats.ttest_ind`
# with `equal_var=False`) gives its 95 % confidence interval.
#
# ### Checkpoint 4 - the A/B lift (answer, 3 points)
#
# Compute `revenue_lift` (mean `revenue_eur` of assisted minus control, EUR per chat), its 95 %
# confidence interval `revenue_ci` as a tuple `(low, high)` from Welch's test
# (`ttest_ind(assisted, control, equal_var=False).confidence_interval(0.95)`) and
# `deflection_lift` (difference of the `ticket_deflected` rates).

# %% nbgrader={"grade": false, "grade_id": "m5-ab", "locked": false, "schema_version": 3, "solution": true, "task": false}
from scipy import stats

revenue_lift = ...
revenue_ci = ...
deflection_lift = ...
### BEGIN SOLUTION
assisted, control = ab[ab["arm"] == "assisted"], ab[ab["arm"] == "control"]
revenue_lift = float(assisted["revenue_eur"].mean() - control["revenue_eur"].mean())
interval = stats.ttest_ind(assisted["revenue_eur"], control["revenue_eur"], equal_var=False).confidence_interval(0.95)
revenue_ci = (float(interval.low), float(interval.high))
deflection_lift = float(assisted["ticket_deflected"].mean() - control["ticket_deflected"].mean())
### END SOLUTION
print(f"revenue lift {revenue_lift:+.2f} EUR per chat (95 % CI {revenue_ci[0]:+.2f} to {revenue_ci[1]:+.2f}); "
      f"deflection {deflection_lift:+.1%}")

# %% nbgrader={"grade": true, "grade_id": "m5-ab-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks revenue_lift, its Welch 95 % interval and deflection_lift against your A/B test."""
apm.grading.check_type(revenue_lift, float, "revenue_lift")
apm.grading.check_type(revenue_ci, tuple, "revenue_ci")
apm.grading.check_length(revenue_ci, 2, "revenue_ci", what="items (low, high)")
assert revenue_ci[0] <= revenue_lift <= revenue_ci[1], "the interval should contain the estimate"
apm.grading.check_type(deflection_lift, float, "deflection_lift")
### BEGIN HIDDEN TESTS
_ab = apm.datasets.make_ab_test(random_state=apm.learner_seed())
_a = _ab.revenue_eur[_ab.arm == "assisted"].to_numpy()
_c = _ab.revenue_eur[_ab.arm == "control"].to_numpy()
_se = np.sqrt(_a.var(ddof=1) / len(_a) + _c.var(ddof=1) / len(_c))
_df = _se ** 4 / ((_a.var(ddof=1) / len(_a)) ** 2 / (len(_a) - 1) + (_c.var(ddof=1) / len(_c)) ** 2 / (len(_c) - 1))
_lift = _a.mean() - _c.mean()
from scipy.stats import t as _t

apm.grading.check_close(revenue_lift, _lift, "revenue_lift", hint="assisted minus control")
apm.grading.check_close(list(revenue_ci), [_lift - _t.ppf(0.975, _df) * _se, _lift + _t.ppf(0.975, _df) * _se],
                        "revenue_ci", rtol=1e-6, hint="Welch's interval: unequal variances")
apm.grading.check_close(deflection_lift, _ab.ticket_deflected[_ab.arm == "assisted"].mean()
                        - _ab.ticket_deflected[_ab.arm == "control"].mean(), "deflection_lift")
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The before/after trap
#
# Later the copilot launched to everyone at once, and someone compared revenue per chat in
# the four weeks after the launch with the four weeks before. `weekly` is the shop's weekly
# dashboard for a year; `model_version` is `"none"` before the launch. Revenue per chat has a
# strong season (a holiday peak), and the launch did not happen in a quiet month.
#
# ### Checkpoint 5 - a naive estimate, and its bias (answer, 2 points)
#
# Find `launch_week`, the first week whose `model_version` is not `"none"`. Compute
# `naive_estimate`: the mean `revenue_per_interaction_eur` of weeks `launch_week` to
# `launch_week + 3` minus that of the four weeks before the launch; and `naive_bias`, the
# naive estimate minus your A/B `revenue_lift`.

# %% nbgrader={"grade": false, "grade_id": "m5-naive", "locked": false, "schema_version": 3, "solution": true, "task": false}
launch_week = ...
naive_estimate = ...
naive_bias = ...
### BEGIN SOLUTION
launch_week = int(weekly.loc[weekly["model_version"] != "none", "week"].min())
revenue = weekly.set_index("week")["revenue_per_interaction_eur"]
naive_estimate = float(revenue.loc[launch_week:launch_week + 3].mean() - revenue.loc[launch_week - 4:launch_week - 1].mean())
naive_bias = naive_estimate - revenue_lift
### END SOLUTION
fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(weekly["week"], weekly["revenue_per_interaction_eur"], "o-", markersize=3, label="revenue per chat")
ax.axvline(launch_week, color="black", linestyle=":", label="launch")
ax.set_xlabel("week")
ax.set_ylabel("EUR per chat")
ax.legend()
plt.show()
print(f"launch in week {launch_week}: naive before/after {naive_estimate:+.2f} EUR vs A/B {revenue_lift:+.2f} EUR "
      f"(bias {naive_bias:+.2f} EUR)")

# %% nbgrader={"grade": true, "grade_id": "m5-naive-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks launch_week, naive_estimate and naive_bias against your weekly dashboard and A/B test."""
apm.grading.check_type(launch_week, int, "launch_week")
apm.grading.check_type(naive_estimate, float, "naive_estimate")
apm.grading.check_type(naive_bias, float, "naive_bias")
### BEGIN HIDDEN TESTS
_w = apm.datasets.make_before_after(random_state=apm.learner_seed())
_ab = apm.datasets.make_ab_test(random_state=apm.learner_seed())
_launch = int(_w.week[_w.model_version != "none"].min())
_r = dict(zip(_w.week, _w.revenue_per_interaction_eur, strict=True))
_naive = np.mean([_r[_k] for _k in range(_launch, _launch + 4)]) - np.mean([_r[_k] for _k in range(_launch - 4, _launch)])
_lift = _ab.revenue_eur[_ab.arm == "assisted"].mean() - _ab.revenue_eur[_ab.arm == "control"].mean()
assert launch_week == _launch, "launch_week is not the first week with a model"
apm.grading.check_close(naive_estimate, _naive, "naive_estimate", hint="four weeks from the launch minus the four before")
apm.grading.check_close(naive_bias, _naive - _lift, "naive_bias")
### END HIDDEN TESTS

# %% [markdown]
# The before/after number mixes the copilot with the season. Only the randomised comparison
# separates them, because both arms lived through the same weeks.
#
# ## 6. The business metric lags
#
# In one week of the year the team swapped the copilot's model for a cheaper distilled one
# (`model_version` becomes `"v2"`). Model and UX metrics react at once; customers react
# later: they buy products the copilot recommended badly, and return them weeks afterwards.
#
# ### Checkpoint 6 - how many weeks the business lags (answer, 2 points)
#
# Let `swap_week` be the first week with `model_version == "v2"`, and the reference the eight
# weeks before it. A metric **moves** in the first week from `swap_week` on that is more
# than 3 standard deviations (`ddof=1`) of the reference beyond the reference mean, in the
# harmful direction: below for `answer_accuracy`, above for `return_rate`. Store
# `accuracy_move_week`, `returns_move_week` and `lag_weeks` (the difference).

# %% nbgrader={"grade": false, "grade_id": "m5-lag", "locked": false, "schema_version": 3, "solution": true, "task": false}
swap_week = ...
accuracy_move_week = ...
returns_move_week = ...
lag_weeks = ...
### BEGIN SOLUTION
swap_week = int(weekly.loc[weekly["model_version"] == "v2", "week"].min())
by_week = weekly.set_index("week")
reference_weeks = by_week.loc[swap_week - 8:swap_week - 1]
after = by_week.loc[swap_week:]


def first_move(column, sign):
    mean, sd = reference_weeks[column].mean(), reference_weeks[column].std(ddof=1)
    moved = sign * (after[column] - mean) > 3 * sd
    return int(after.index[moved.to_numpy()][0])


accuracy_move_week = first_move("answer_accuracy", -1)
returns_move_week = first_move("return_rate", +1)
lag_weeks = returns_move_week - accuracy_move_week
### END SOLUTION
print(f"model swap in week {swap_week}: accuracy moves in week {accuracy_move_week}, returns in week "
      f"{returns_move_week}: the business lags by {lag_weeks} weeks")

# %% nbgrader={"grade": true, "grade_id": "m5-lag-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks swap_week, both move weeks and lag_weeks against your weekly dashboard."""
for _name in ("swap_week", "accuracy_move_week", "returns_move_week", "lag_weeks"):
    apm.grading.check_type(globals()[_name], int, _name)
### BEGIN HIDDEN TESTS
_w = apm.datasets.make_before_after(random_state=apm.learner_seed())
_swap = int(_w.week[_w.model_version == "v2"].min())
_ref = _w[(_w.week >= _swap - 8) & (_w.week < _swap)]
_aft = _w[_w.week >= _swap]
_acc = int(_aft.week[_aft.answer_accuracy < _ref.answer_accuracy.mean() - 3 * _ref.answer_accuracy.std(ddof=1)].iloc[0])
_ret = int(_aft.week[_aft.return_rate > _ref.return_rate.mean() + 3 * _ref.return_rate.std(ddof=1)].iloc[0])
assert (swap_week, accuracy_move_week, returns_move_week, lag_weeks) == (_swap, _acc, _ret, _ret - _acc), \
    "the swap, move or lag weeks do not match your data"
### END HIDDEN TESTS

# %% [markdown]
# ## 7. What an assisted chat is worth after its serving cost
#
# Every assisted chat calls the model several times (`inferences`), and every call costs
# money (`ai_cost_eur`). Revenue is not profit: the shop keeps a gross margin of
# `apm.datasets.GROSS_MARGIN` on it.
#
# ### Checkpoint 7 - net value and break-even (answer, 2 points)
#
# From the assisted arm of `ab`: `inferences_per_chat` (mean inferences), `cost_per_inference`
# (total `ai_cost_eur` / total inferences) and `cost_per_chat` (mean `ai_cost_eur`). Then
# `net_value_per_chat = GROSS_MARGIN * revenue_lift - cost_per_chat` (EUR) and the
# **break-even cost per inference**, `break_even_cost = GROSS_MARGIN * revenue_lift /
# inferences_per_chat`: the highest price per call at which the copilot still pays for itself.

# %% nbgrader={"grade": false, "grade_id": "m5-break-even", "locked": false, "schema_version": 3, "solution": true, "task": false}
GROSS_MARGIN = apm.datasets.GROSS_MARGIN
inferences_per_chat = ...
cost_per_inference = ...
cost_per_chat = ...
net_value_per_chat = ...
break_even_cost = ...
### BEGIN SOLUTION
assisted = ab[ab["arm"] == "assisted"]
inferences_per_chat = float(assisted["inferences"].mean())
cost_per_inference = float(assisted["ai_cost_eur"].sum() / assisted["inferences"].sum())
cost_per_chat = float(assisted["ai_cost_eur"].mean())
net_value_per_chat = float(GROSS_MARGIN * revenue_lift - cost_per_chat)
break_even_cost = GROSS_MARGIN * revenue_lift / inferences_per_chat
### END SOLUTION
print(f"{inferences_per_chat:.1f} inferences per chat at {cost_per_inference:.4f} EUR: {cost_per_chat:.3f} EUR per chat; "
      f"net value {net_value_per_chat:+.3f} EUR per chat; break-even at {break_even_cost:.3f} EUR per inference")

# %% nbgrader={"grade": true, "grade_id": "m5-break-even-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks the serving-cost figures, the net value per chat and the break-even cost per inference."""
for _name in ("inferences_per_chat", "cost_per_inference", "cost_per_chat", "net_value_per_chat", "break_even_cost"):
    apm.grading.check_type(globals()[_name], float, _name)
### BEGIN HIDDEN TESTS
_ab = apm.datasets.make_ab_test(random_state=apm.learner_seed())
_as, _co = _ab[_ab.arm == "assisted"], _ab[_ab.arm == "control"]
_lift = _as.revenue_eur.mean() - _co.revenue_eur.mean()
_inf = _as.inferences.mean()
apm.grading.check_close([inferences_per_chat, cost_per_inference, cost_per_chat],
                        [_inf, _as.ai_cost_eur.sum() / _as.inferences.sum(), _as.ai_cost_eur.mean()],
                        "inferences_per_chat, cost_per_inference, cost_per_chat", hint="the assisted arm only")
apm.grading.check_close(net_value_per_chat, apm.datasets.GROSS_MARGIN * _lift - _as.ai_cost_eur.mean(), "net_value_per_chat")
apm.grading.check_close(break_even_cost, apm.datasets.GROSS_MARGIN * _lift / _inf, "break_even_cost")
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Two counter-metric briefs
#
# For the recommender and for the support chatbot, fill a brief: the primary metric you
# would report, the counter-metric that catches its gaming, the guardrail as a number with
# its direction, what else you would watch and why, and the step you would ship (your
# `ship[...]` from checkpoint 1).
#
# ### Checkpoint 8 - recommender brief (answer, 4 points)

# %% nbgrader={"grade": false, "grade_id": "m5-brief-recommender", "locked": false, "schema_version": 3, "solution": true, "task": false}
recommender_brief = {
    "primary_metric": "",
    "counter_metric": "",
    "guardrail": "",
    "watch": "",
    "ship_step": "",
}
### BEGIN SOLUTION
recommender_ship_step = ship["recommender"]
recommender_brief = {
    "primary_metric": "Click-through rate of the recommendation strip",
    "counter_metric": "Return rate: the share of orders from recommendations that are returned or cancelled",
    "guardrail": "Return rate at most 12 % of orders",
    "watch": "Net revenue per 1000 impressions (kept orders minus the cost of returns), because CTR can keep "
             "rising while returns eat the margin; and repeat purchases, since shoppers who send items back "
             "buy less later.",
    "ship_step": f"{recommender_ship_step}",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m5-brief-recommender-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Scores the recommender brief against its rubric (4 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(recommender_brief, apm.grading.rubrics.RECOMMENDER_BRIEF)
### BEGIN HIDDEN TESTS
_run = goodhart.simulate_recommender(random_state=apm.learner_seed())
_cross = _run.step[_run.return_rate > goodhart.RETURN_RATE_LIMIT].min()
_before = _run[_run.step < _cross]
_score = apm.grading.score_brief(recommender_brief, apm.grading.rubrics.RECOMMENDER_BRIEF,
                                 numbers={"ship_step": int(_before.step.iloc[int(np.argmax(_before.ctr.to_numpy()))])})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 9 - support chatbot brief (answer, 4 points)

# %% nbgrader={"grade": false, "grade_id": "m5-brief-chatbot", "locked": false, "schema_version": 3, "solution": true, "task": false}
chatbot_brief = {
    "primary_metric": "",
    "counter_metric": "",
    "guardrail": "",
    "watch": "",
    "ship_step": "",
}
### BEGIN SOLUTION
chatbot_ship_step = ship["support_chatbot"]
chatbot_brief = {
    "primary_metric": "Resolution rate: the share of chats the bot marks resolved",
    "counter_metric": "Recontact within 7 days: the share of resolved chats whose customer contacts support again",
    "guardrail": "Recontact within 7 days at most 20 % of resolved chats",
    "watch": "True resolution (chats resolved with no recontact within 7 days), since that is what customers "
             "get; and escalations to human agents, because every premature close lands on them a few days "
             "later.",
    "ship_step": f"{chatbot_ship_step}",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m5-brief-chatbot-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Scores the chatbot brief against its rubric (4 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(chatbot_brief, apm.grading.rubrics.CHATBOT_BRIEF)
### BEGIN HIDDEN TESTS
_run = goodhart.simulate_support_chatbot(random_state=apm.learner_seed())
_cross = _run.step[_run.recontact_within_7d > goodhart.RECONTACT_LIMIT].min()
_before = _run[_run.step < _cross]
_score = apm.grading.score_brief(chatbot_brief, apm.grading.rubrics.CHATBOT_BRIEF,
                                 numbers={"ship_step": int(_before.step.iloc[int(np.argmax(_before.resolution_rate.to_numpy()))])})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 9. Reflection (3 points, graded by your instructor)
#
# Describe a metric you have seen gamed, at work or as a user (a support team's handle time,
# a sales team's calls per day, an app's daily streaks, a model's benchmark score...). In
# five to eight sentences: what was optimised, how it was gamed and who paid for it, the
# counter-metric that would have exposed it (with a guardrail number), and how you would have
# noticed earlier.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m5-reflection", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer.* A telecom's support team was rewarded on average handle time. Agents learned
# to end calls quickly, transfer hard cases and promise call-backs that never came; handle
# time fell by a fifth in a quarter. Customers paid: they called again, often two or three
# times, and churn among those with a recent support call rose. The counter-metric that
# exposes it is repeat contact within 7 days on the same issue, with a guardrail of at most
# 15 % (it had been about 10 %), read per agent as well as per team. It would have been
# noticed earlier by putting that rate on the same dashboard as handle time from the start
# and by sampling a few closed calls a week for a quality review.
#
# **Rubric (instructors).** 1 point each:
#
# 1. a concrete metric and a credible mechanism of gaming, with who bore the cost;
# 2. a counter-metric that measures the harm directly, with a numeric guardrail and a
#    direction;
# 3. a realistic early-detection plan (paired dashboards, audits, leading indicators),
#    not only "monitor it".
#
# Half points for a correct but generic answer.
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - Any metric optimised alone gets gamed: the primary kept improving past the point where
#   its counter-metric broke the guardrail, in all four simulations.
# - Pair every primary with a counter-metric that measures the damage directly, and give the
#   counter a guardrail number before you start optimising.
# - A guardrail is a limit, not the goal: the business outcome may peak before it.
# - Models retrained on their own engagement signals drift toward what is easy to click;
#   train on signals of value (saves, purchases kept).
# - Measure impact with a randomised comparison and a confidence interval; before/after
#   mixes the product with the season.
# - Business metrics lag model and UX metrics by weeks; an AI feature pays only if its extra
#   margin beats its serving cost, so know the break-even cost per inference.
#
# Next module: the capstone, where you choose, defend and stress-test a metric framework.
