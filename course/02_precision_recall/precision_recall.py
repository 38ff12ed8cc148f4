# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 2 - Precision, recall and the cost of being wrong
#
# **Time:** about 120 minutes. **Points:** 36 (33 graded automatically, 3 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. build a confusion matrix and compute precision, recall, F1 and ROC AUC yourself;
# 2. decide, from what each error costs, whether a product needs precision or recall;
# 3. pick a decision threshold by expected cost instead of the habitual 0.5;
# 4. use different thresholds for segments whose errors cost different amounts;
# 5. beat naive baselines honestly, and see why accuracy flatters them on rare events;
# 6. compute the metrics of ranked lists (precision@k, recall@k, NDCG, diversity) and of
#    generated text (word overlap, hallucination rate);
# 7. write a metric brief per scenario: primary metric, costlier error, guardrail with a floor,
#    and the latency budget of the decision.
#
# **How this notebook is graded.** Answer cells are yours (replace
# `raise NotImplementedError()`); the read-only cell after each one checks it. Visible checks
# catch slips; hidden checks, run at grading, recompute every number from **your own data
# variant** and compare your functions with scikit-learn. Press **Validate** or run
# `aipm check` on this file to run the visible checks.

# %%
import numpy as np
import pandas as pd

import ai_product_metrics as apm
from ai_product_metrics.datasets import classification as scenarios

SEED = apm.learner_seed()
spam = apm.datasets.make_spam_emails(random_state=SEED)
screening = apm.datasets.load_screening(random_state=SEED)
fraud = apm.datasets.make_fraud_transactions(random_state=SEED)
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
print(f"{len(spam):,} emails, {len(screening)} screened patients, {len(fraud):,} card payments")

# %% [markdown]
# ## 1. Four kinds of outcome
#
# A classifier gives each item a **score** between 0 and 1. A **threshold** turns the score
# into a decision: flag the item when its score is at or above the threshold. Each decision
# lands in one of four cells:
#
# | | actually positive | actually negative |
# |---|---|---|
# | **flagged** | true positive (TP) | false positive (FP) |
# | **not flagged** | false negative (FN) | true negative (TN) |
#
# - **precision** = TP / (TP + FP): of what we flagged, how much deserved it;
# - **recall** = TP / (TP + FN): of what deserved a flag, how much we caught;
# - **F1** = 2 · precision · recall / (precision + recall), a single number that is high only
#   when both are.
#
# Edge cases need a rule, and the course uses scikit-learn's `zero_division=0`: precision is 0
# when nothing is flagged, recall is 0 when there are no positives, and F1 is 0 when precision
# and recall are both 0.
#
# ### Checkpoint 1 - the metrics from scratch (answer, 4 points)
#
# Write the four functions below with plain Python or NumPy (no scikit-learn, SciPy or
# `apm` helpers: the check refuses them, and the hidden test compares your functions with
# scikit-learn). `y_true` and `y_pred` are sequences of 0 and 1 of the same
# length.

# %% nbgrader={"grade": false, "grade_id": "m2-scratch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def confusion(y_true, y_pred):
    """Return a dict with the counts 'tn', 'fp', 'fn', 'tp'."""
    ### BEGIN SOLUTION
    t = np.asarray(y_true).astype(int)
    p = np.asarray(y_pred).astype(int)
    return {"tn": int(np.sum((t == 0) & (p == 0))), "fp": int(np.sum((t == 0) & (p == 1))),
            "fn": int(np.sum((t == 1) & (p == 0))), "tp": int(np.sum((t == 1) & (p == 1)))}
    ### END SOLUTION


def precision(y_true, y_pred):
    """TP / (TP + FP); 0.0 when nothing is flagged."""
    ### BEGIN SOLUTION
    c = confusion(y_true, y_pred)
    return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    ### END SOLUTION


def recall(y_true, y_pred):
    """TP / (TP + FN); 0.0 when there are no positives."""
    ### BEGIN SOLUTION
    c = confusion(y_true, y_pred)
    return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    ### END SOLUTION


def f1(y_true, y_pred):
    """Harmonic mean of precision and recall; 0.0 when both are 0."""
    ### BEGIN SOLUTION
    p, r = precision(y_true, y_pred), recall(y_true, y_pred)
    return 2 * p * r / (p + r) if p + r else 0.0
    ### END SOLUTION


flagged = (spam["spam_score"] >= 0.5).astype(int)
print(confusion(spam["is_spam"], flagged))
print(f"precision {precision(spam['is_spam'], flagged):.3f}, recall {recall(spam['is_spam'], flagged):.3f}, "
      f"F1 {f1(spam['is_spam'], flagged):.3f}")

# %% nbgrader={"grade": true, "grade_id": "m2-scratch-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Checks confusion, precision, recall and f1: written from scratch, equal to scikit-learn, edge cases included."""
_flag = (spam["spam_score"] >= 0.5).astype(int)
apm.grading.check_mapping(confusion(spam["is_spam"], _flag), ["tn", "fp", "fn", "tp"], "confusion(...)")
for _f in (precision, recall, f1):
    apm.grading.check_type(_f(spam["is_spam"], _flag), float, f"{_f.__name__}(...)")
    apm.grading.check_range(_f(spam["is_spam"], _flag), 0, 1, f"{_f.__name__}(...)")
for _f in (confusion, precision, recall, f1):
    apm.grading.check_from_scratch(_f, _f.__name__)
### BEGIN HIDDEN TESTS
from sklearn import metrics as _skm

_spam = apm.datasets.make_spam_emails(random_state=apm.learner_seed())
_cases = [(_spam.is_spam.to_numpy(), (_spam.spam_score >= _t).astype(int).to_numpy())
          for _t in (0.1, 0.5, 0.9)]
_cases += [([0, 1, 1, 0], [0, 0, 0, 0]), ([0, 0, 0], [0, 1, 0]), ([1, 1, 0], [1, 1, 0]),
           ([0, 0], [0, 0]), ([1, 1, 1], [0, 1, 1])]
for _y, _p in _cases:
    _tn, _fp, _fn, _tp = _skm.confusion_matrix(_y, _p, labels=[0, 1]).ravel()
    apm.grading.check_close([confusion(_y, _p)[k] for k in ("tn", "fp", "fn", "tp")],
                            [_tn, _fp, _fn, _tp], "confusion(...)")
    apm.grading.check_close(precision(_y, _p), _skm.precision_score(_y, _p, zero_division=0),
                            "precision(...)", hint="precision is 0.0 when nothing is flagged")
    apm.grading.check_close(recall(_y, _p), _skm.recall_score(_y, _p, zero_division=0),
                            "recall(...)", hint="recall is 0.0 when there are no positives")
    apm.grading.check_close(f1(_y, _p), _skm.f1_score(_y, _p, zero_division=0), "f1(...)",
                            hint="F1 is 0.0 when precision and recall are both 0")
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 2 - ROC AUC from scratch (answer, 2 points)
#
# The ROC curve plots recall (the true positive rate) against the false positive rate as the
# threshold sweeps from 1 down to 0. The area under it, **ROC AUC**, has a friendlier reading:
# the probability that a randomly chosen positive gets a higher score than a randomly chosen
# negative, counting ties as one half. It does not depend on any threshold, which makes it a
# good summary of the *model* and a poor summary of the *decision*.
#
# Write `roc_auc(y_true, scores)` from that reading (compare every positive with every
# negative, or sort and use ranks). Raise a `ValueError` when `y_true` holds only one class.

# %% nbgrader={"grade": false, "grade_id": "m2-auc", "locked": false, "schema_version": 3, "solution": true, "task": false}
def roc_auc(y_true, scores):
    """Probability that a random positive outscores a random negative (ties count 1/2)."""
    ### BEGIN SOLUTION
    y = np.asarray(y_true).astype(int)
    s = np.asarray(scores, dtype=float)
    pos, neg = s[y == 1], s[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("ROC AUC needs both classes")
    neg_sorted = np.sort(neg)
    below = np.searchsorted(neg_sorted, pos, side="left")
    ties = np.searchsorted(neg_sorted, pos, side="right") - below
    return float((below + 0.5 * ties).sum() / (len(pos) * len(neg)))
    ### END SOLUTION


print(f"spam filter AUC {roc_auc(spam['is_spam'], spam['spam_score']):.3f}; "
      f"screening model AUC {roc_auc(screening['malignant'], screening['risk_score']):.3f}")

# %% nbgrader={"grade": true, "grade_id": "m2-auc-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks roc_auc: written from scratch, equal to roc_auc_score with ties, ValueError for one class."""
apm.grading.check_from_scratch(roc_auc, "roc_auc")
apm.grading.check_type(roc_auc(spam["is_spam"], spam["spam_score"]), float, "roc_auc(...)")
apm.grading.check_range(roc_auc(spam["is_spam"], spam["spam_score"]), 0, 1, "roc_auc(...)")
### BEGIN HIDDEN TESTS
from sklearn.metrics import roc_auc_score as _auc

_seed = apm.learner_seed()
_spam = apm.datasets.make_spam_emails(random_state=_seed)
_scr = apm.datasets.load_screening(random_state=_seed)
_rng = np.random.default_rng(_seed)
_tied_y = _rng.integers(0, 2, 300)
_tied_y[:2] = [0, 1]
_tied_s = _rng.integers(0, 5, 300) / 4
for _y, _s, _name in [(_spam.is_spam, _spam.spam_score, "spam"),
                      (_scr.malignant, _scr.risk_score, "screening"),
                      (_tied_y, _tied_s, "scores with ties")]:
    apm.grading.check_close(roc_auc(_y, _s), _auc(_y, _s), f"roc_auc on {_name}", rtol=1e-9,
                            hint="ties between a positive and a negative count one half")
try:
    roc_auc([1, 1, 1], [0.2, 0.5, 0.9])
except ValueError:
    pass
else:
    raise AssertionError("roc_auc should raise ValueError when y_true holds one class only")
### END HIDDEN TESTS

# %% [markdown]
# ## 2. What being wrong costs
#
# Precision and recall pull against each other: lower the threshold and you catch more
# (recall up) while flagging more innocents (precision down). Which way to lean is not a
# statistics question. It is a product question: **what does each kind of mistake cost, and
# how fast must the decision be made?**
#
# | scenario | a false positive is... | cost | a false negative is... | cost | decision urgency |
# |---|---|---|---|---|---|
# | spam filter | a real email hidden in the spam folder | 10 | a spam in the inbox | 1 | at delivery, well under a second, no human |
# | cancer screening | a healthy patient called back for more tests | 1 | a cancer the screen missed | 40 | days; a clinician reviews every flag |
# | card fraud | a genuine payment declined | 8 EUR | a fraudulent payment approved | its amount | at authorisation, about 100 ms |
#
# Costs are in comparable units per item. The **expected cost** of a threshold is
# `fp_cost * FP + fn_cost * FN` on your data; the best threshold minimises it. When scores
# are well calibrated, that optimum sits near `fp_cost / (fp_cost + fn_cost)`: far above 0.5
# when false positives are the expensive mistake, far below when misses are.
#
# The explorers below show, for one scenario each, the confusion matrix, precision, recall,
# F1, the expected cost, and where the threshold sits on the precision-recall curve, the ROC
# curve and the cost curve. Move the **Threshold** slider with the arrow keys (Tab to reach
# it). Your final slider positions are your graded decisions, saved beside the notebook.

# %%
spam_explorer = apm.widgets.threshold_explorer(
    spam["is_spam"], spam["spam_score"], fp_cost=scenarios.SPAM_COSTS["fp"],
    fn_cost=scenarios.SPAM_COSTS["fn"], decision_key="m2_spam_threshold", title="Spam filter",
)
spam_explorer

# %%
screening_explorer = apm.widgets.threshold_explorer(
    screening["malignant"], screening["risk_score"], fp_cost=scenarios.SCREENING_COSTS["fp"],
    fn_cost=scenarios.SCREENING_COSTS["fn"], decision_key="m2_screening_threshold",
    title="Cancer screening",
)
screening_explorer

# %% [markdown]
# ### Checkpoint 3 - the spam threshold (answer, 2 points)
#
# Read your spam-filter threshold from its explorer into `spam_threshold`. It is graded by
# the expected cost it gives on your data: full points within 5 % of the lowest cost any
# threshold on the 0.01 grid achieves, falling linearly to zero at the worst one.

# %% nbgrader={"grade": false, "grade_id": "m2-spam-threshold", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
spam_threshold = spam_explorer.value
### END SOLUTION
print(f"spam threshold {spam_threshold:.2f}")

# %% nbgrader={"grade": true, "grade_id": "m2-spam-threshold-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades your spam threshold by its expected cost against the best threshold on your data."""
apm.grading.check_type(spam_threshold, float, "spam_threshold")
apm.grading.check_range(spam_threshold, 0, 1, "spam_threshold")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_spam_emails(random_state=apm.learner_seed())
_y, _s = _d.is_spam.to_numpy(), _d.spam_score.to_numpy()
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)
_costs = {float(_t): float(10.0 * np.sum((_s >= _t) & (_y == 0)) + 1.0 * np.sum((_s < _t) & (_y == 1)))
          for _t in _grid}
_spam_decision = apm.grading.score_decision(
    round(float(spam_threshold), 2), _costs, points=2,
    full_credit_regret=0.05 * min(_costs.values()), unit="cost units")
_spam_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 4 - the screening threshold (answer, 2 points)
#
# Same for the screening model: read your threshold into `screening_threshold`.

# %% nbgrader={"grade": false, "grade_id": "m2-screening-threshold", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
screening_threshold = screening_explorer.value
### END SOLUTION
print(f"screening threshold {screening_threshold:.2f}")

# %% nbgrader={"grade": true, "grade_id": "m2-screening-threshold-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades your screening threshold by its expected cost against the best threshold on your data."""
apm.grading.check_type(screening_threshold, float, "screening_threshold")
apm.grading.check_range(screening_threshold, 0, 1, "screening_threshold")
### BEGIN HIDDEN TESTS
_d = apm.datasets.load_screening(random_state=apm.learner_seed())
_y, _s = _d.malignant.to_numpy(), _d.risk_score.to_numpy()
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)
_costs = {float(_t): float(1.0 * np.sum((_s >= _t) & (_y == 0)) + 40.0 * np.sum((_s < _t) & (_y == 1)))
          for _t in _grid}
_screening_decision = apm.grading.score_decision(
    round(float(screening_threshold), 2), _costs, points=2,
    full_credit_regret=0.05 * min(_costs.values()), unit="cost units")
_screening_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ## 3. One threshold is not enough: card fraud
#
# For card payments the cost of a miss is not a constant: an approved fraud costs its own
# amount. Declining a genuine payment costs about 8 EUR (a support contact, an annoyed
# customer; `scenarios.FRAUD_FP_COST_EUR`). For a 12 EUR coffee the two errors cost about the
# same; for a 900 EUR laptop a miss is a hundred times worse. A single threshold cannot serve
# both, so payment teams set one per segment: strict (high precision) where blocking would
# mostly annoy, lenient (high recall) where losses are large.
#
# `scenarios.HIGH_VALUE_EUR` splits the payments into `"low"` (below it) and `"high"` (at or
# above it). Use the threshold grid `np.round(np.arange(0, 1.0001, 0.01), 2)` and
# "flag when `fraud_score >= threshold`". You may use `apm.metrics.cost_curve`, which
# accepts a per-payment array as `fn_cost`, or write the sweep yourself.
#
# ### Checkpoint 5 - segmented thresholds (answer, 3 points)
#
# Compute:
#
# - `single_best`: a tuple `(threshold, cost_eur)`, the best single threshold for all payments;
# - `segment_best`: a dict `{"low": (threshold, cost_eur), "high": (threshold, cost_eur)}`,
#   each segment's own best threshold and its cost within that segment;
# - `segmented_saving_eur`: how much the two thresholds save over the single best one.

# %% nbgrader={"grade": false, "grade_id": "m2-segmented", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
grid = np.round(np.arange(0, 1.0001, 0.01), 2)
fp_eur = scenarios.FRAUD_FP_COST_EUR


def best_on(payments):
    thresholds, costs = apm.metrics.cost_curve(
        payments["is_fraud"], payments["fraud_score"], fp_cost=fp_eur,
        fn_cost=payments["amount_eur"].to_numpy(), thresholds=grid)
    best = int(np.argmin(costs))
    return float(thresholds[best]), float(costs[best])


single_best = best_on(fraud)
high = fraud["amount_eur"] >= scenarios.HIGH_VALUE_EUR
segment_best = {"low": best_on(fraud[~high]), "high": best_on(fraud[high])}
segmented_saving_eur = single_best[1] - segment_best["low"][1] - segment_best["high"][1]
### END SOLUTION
print(f"single threshold {single_best[0]:.2f} costs {single_best[1]:,.0f} EUR")
for name, (t, c) in segment_best.items():
    print(f"  {name}-value payments: threshold {t:.2f}, cost {c:,.0f} EUR")
print(f"two thresholds save {segmented_saving_eur:,.0f} EUR")

# %% nbgrader={"grade": true, "grade_id": "m2-segmented-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks single_best, segment_best and segmented_saving_eur against an independent sweep of your data."""
apm.grading.check_type(single_best, tuple, "single_best")
apm.grading.check_mapping(segment_best, ["low", "high"], "segment_best")
apm.grading.check_type(segmented_saving_eur, float, "segmented_saving_eur")
apm.grading.check_range(segmented_saving_eur, 0, 1e9, "segmented_saving_eur")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_fraud_transactions(random_state=apm.learner_seed())
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)


def _sweep(_y, _s, _amount):
    _c = [8.0 * np.sum((_s >= _t) & (_y == 0)) + _amount[(_s < _t) & (_y == 1)].sum() for _t in _grid]
    _i = int(np.argmin(_c))
    return float(_grid[_i]), float(_c[_i])


_hi = _d.amount_eur.to_numpy() >= 200.0
_all = _sweep(_d.is_fraud.to_numpy(), _d.fraud_score.to_numpy(), _d.amount_eur.to_numpy())
_seg = {_n: _sweep(_d.is_fraud.to_numpy()[_m], _d.fraud_score.to_numpy()[_m], _d.amount_eur.to_numpy()[_m])
        for _n, _m in (("low", ~_hi), ("high", _hi))}
apm.grading.check_close(single_best, _all, "single_best", rtol=1e-6)
for _n in ("low", "high"):
    apm.grading.check_close(segment_best[_n], _seg[_n], f"segment_best['{_n}']", rtol=1e-6,
                            hint="use only that segment's payments for its threshold and cost")
apm.grading.check_close(segmented_saving_eur, _all[1] - _seg["low"][1] - _seg["high"][1],
                        "segmented_saving_eur", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Beat the baselines, honestly
#
# Fraud is rare: one or two payments in a hundred. A "model" that approves everything is
# right 98 % of the time. That is the **accuracy paradox**: on imbalanced data accuracy
# rewards doing nothing. Always compare a model with naive baselines, and on a metric that
# reflects the costs:
#
# - `majority`: never flag (the majority class);
# - `random`: flag each payment at random with probability equal to the fraud share `p`. Use
#   its *expected* values: accuracy `p² + (1 - p)²`, precision `p`, recall `p`, and expected
#   cost `8 · p · (number of genuine payments) + (1 - p) · (total amount of the frauds)`;
# - `rule`: a one-line heuristic, flag every payment made from a `new_device`;
# - `model`: `fraud_score` at your single best threshold from checkpoint 5.
#
# A rule like this costs nothing to run, is easy to explain and often captures a good share
# of what the model is worth. The **value** of a policy is the cost it avoids compared with
# never flagging: `cost(majority) - cost(policy)`.
#
# ### Checkpoint 6 - the baselines (answer, 3 points)
#
# Build `baselines`, a DataFrame indexed by `["majority", "random", "rule", "model"]` with
# the columns `accuracy`, `precision`, `recall` and `cost_eur` (zero_division=0 for
# precision), and `rule_value_share`: the rule's value as a share of the model's value.

# %% nbgrader={"grade": false, "grade_id": "m2-baselines", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
y = fraud["is_fraud"].to_numpy()
amount = fraud["amount_eur"].to_numpy()


def policy_row(flag):
    flag = np.asarray(flag, dtype=bool)
    c = confusion(y, flag.astype(int))
    return {"accuracy": (c["tp"] + c["tn"]) / len(y), "precision": precision(y, flag.astype(int)),
            "recall": recall(y, flag.astype(int)),
            "cost_eur": fp_eur * c["fp"] + amount[(~flag) & (y == 1)].sum()}


p = y.mean()
baselines = pd.DataFrame({
    "majority": policy_row(np.zeros(len(y), dtype=bool)),
    "random": {"accuracy": p**2 + (1 - p) ** 2, "precision": p, "recall": p,
               "cost_eur": fp_eur * p * np.sum(y == 0) + (1 - p) * amount[y == 1].sum()},
    "rule": policy_row(fraud["new_device"] == 1),
    "model": policy_row(fraud["fraud_score"] >= single_best[0]),
}).T
value = baselines.loc["majority", "cost_eur"] - baselines["cost_eur"]
rule_value_share = float(value["rule"] / value["model"])
### END SOLUTION
print(baselines.round(3))
print(f"the rule captures {rule_value_share:.0%} of the model's value")

# %% nbgrader={"grade": true, "grade_id": "m2-baselines-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks the baselines table (accuracy, precision, recall, cost per policy) and rule_value_share."""
apm.grading.check_columns(baselines, ["accuracy", "precision", "recall", "cost_eur"], "baselines")
assert list(baselines.index) == ["majority", "random", "rule", "model"], \
    "index baselines by ['majority', 'random', 'rule', 'model'], in that order"
apm.grading.check_range(baselines[["accuracy", "precision", "recall"]].to_numpy(), 0, 1, "baselines rates")
apm.grading.check_type(rule_value_share, float, "rule_value_share")
### BEGIN HIDDEN TESTS
from sklearn import metrics as _skm

_d = apm.datasets.make_fraud_transactions(random_state=apm.learner_seed())
_y, _amt = _d.is_fraud.to_numpy(), _d.amount_eur.to_numpy()
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)
_model_costs = [8.0 * np.sum((_d.fraud_score.to_numpy() >= _t) & (_y == 0))
                + _amt[(_d.fraud_score.to_numpy() < _t) & (_y == 1)].sum() for _t in _grid]
_t_best = _grid[int(np.argmin(_model_costs))]
_rows = {}
for _name, _flag in (("majority", np.zeros(len(_y), dtype=int)),
                     ("rule", _d.new_device.to_numpy()),
                     ("model", (_d.fraud_score.to_numpy() >= _t_best).astype(int))):
    _rows[_name] = [_skm.accuracy_score(_y, _flag), _skm.precision_score(_y, _flag, zero_division=0),
                    _skm.recall_score(_y, _flag), 8.0 * np.sum((_flag == 1) & (_y == 0)) + _amt[(_flag == 0) & (_y == 1)].sum()]
_p = _y.mean()
_rows["random"] = [_p**2 + (1 - _p) ** 2, _p, _p, 8.0 * _p * np.sum(_y == 0) + (1 - _p) * _amt[_y == 1].sum()]
for _name, _values in _rows.items():
    apm.grading.check_close(baselines.loc[_name, ["accuracy", "precision", "recall", "cost_eur"]].to_numpy(dtype=float),
                            _values, f"baselines.loc['{_name}']", rtol=1e-6)
_value = {k: _rows["majority"][3] - v[3] for k, v in _rows.items()}
apm.grading.check_close(rule_value_share, _value["rule"] / _value["model"], "rule_value_share", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Ranked lists: precision@k, recall@k, NDCG, diversity
#
# A help center suggests ten articles to each user; reviewers graded each suggestion from 0
# (useless) to 3 (exactly what the user needed). Call an article **relevant** when its grade
# is 2 or more.
#
# - **precision@k**: the share of the top k suggestions that are relevant;
# - **recall@k**: relevant articles in the top k over all relevant articles for that user in
#   the catalogue (`n_relevant_total`);
# - **NDCG@k** rewards putting the best articles first: each grade is discounted by the log of
#   its position, and the sum is divided by the best possible sum for the same articles
#   (scikit-learn's `ndcg_score` does this; pass the grades in shown order as `y_true` and any
#   decreasing scores, such as `-rank`, as `y_score`);
# - **intra-list diversity**: the share of pairs of suggestions in a list that come from
#   different categories. Ten articles on billing may each be relevant and still fail a user
#   whose problem was elsewhere.
#
# ### Checkpoint 7 - ranking metrics (answer, 2 points)
#
# Compute `ranking`, a dict with the keys `"precision_at_5"`, `"recall_at_5"`,
# `"ndcg_at_10"` and `"diversity"`, each the mean over users.

# %%
recs = apm.datasets.make_recommendations(random_state=SEED)
recs.head(12)

# %% nbgrader={"grade": false, "grade_id": "m2-ranking", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
from itertools import combinations

from sklearn.metrics import ndcg_score

recs = recs.sort_values(["user_id", "rank"])
top5 = recs[recs["rank"] <= 5]
hits5 = (top5["relevance"] >= 2).groupby(top5["user_id"]).sum()
totals = recs.groupby("user_id")["n_relevant_total"].first()
per_user_ndcg = pd.Series([ndcg_score([g["relevance"].to_numpy()], [-g["rank"].to_numpy()], k=10)
                           for _, g in recs.groupby("user_id")])
per_user_diversity = recs.groupby("user_id")["category"].apply(
    lambda c: np.mean([a != b for a, b in combinations(c, 2)]))
ranking = {
    "precision_at_5": float((hits5 / 5).mean()),
    "recall_at_5": float((hits5 / totals).mean()),
    "ndcg_at_10": float(per_user_ndcg.mean()),
    "diversity": float(per_user_diversity.mean()),
}
### END SOLUTION
print({name: round(value, 3) for name, value in ranking.items()})

# %% nbgrader={"grade": true, "grade_id": "m2-ranking-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks precision@5, recall@5, NDCG@10 (against scikit-learn) and intra-list diversity."""
apm.grading.check_mapping(ranking, ["precision_at_5", "recall_at_5", "ndcg_at_10", "diversity"], "ranking")
apm.grading.check_range(list(ranking.values()), 0, 1, "ranking values")
### BEGIN HIDDEN TESTS
from sklearn.metrics import ndcg_score as _ndcg

_r = apm.datasets.make_recommendations(random_state=apm.learner_seed())
_p5, _r5, _n10, _div = [], [], [], []
for _u, _g in _r.groupby("user_id"):
    _g = _g.sort_values("rank")
    _rel = _g.relevance.to_numpy()
    _hits = int(np.sum(_rel[:5] >= 2))
    _p5.append(_hits / 5)
    _r5.append(_hits / _g.n_relevant_total.iloc[0])
    _n10.append(_ndcg([_rel], [np.arange(len(_rel), 0, -1)], k=10))
    _cat = _g.category.to_numpy()
    _same = sum(int(np.sum(_cat == _c)) * (int(np.sum(_cat == _c)) - 1) / 2 for _c in set(_cat))
    _pairs = len(_cat) * (len(_cat) - 1) / 2
    _div.append(1 - _same / _pairs)
for _key, _values in (("precision_at_5", _p5), ("recall_at_5", _r5), ("ndcg_at_10", _n10), ("diversity", _div)):
    apm.grading.check_close(ranking[_key], np.mean(_values), f"ranking['{_key}']", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Generated text: overlap and faithfulness
#
# Summaries are harder to score. Two families of metrics exist:
#
# - **overlap with a reference** (BLEU, ROUGE): how many words a generated summary shares with
#   one written by a person. The ROUGE-1-style version: count each word's occurrences in both
#   texts, the **overlap** is the sum over words of the smaller count, then
#   precision = overlap / words in the generated text, recall = overlap / words in the
#   reference, F1 as usual. Cheap, but blind to meaning: a summary can share most words with
#   the reference and still get a fact backwards.
# - **faithfulness**: split each summary into claims and check each against the source. The
#   **hallucination rate** is the share of claims the source does not support. It needs a
#   checker (a person or a second model), and it measures what users actually get hurt by.
#
# ### Checkpoint 8 - generation metrics (answer, 2 points)
#
# Compute `generation`, a dict with `"rouge1_f1"` (the mean over summary pairs of the
# unigram-overlap F1; split texts on single spaces), `"hallucination_rate"` (ungrounded claims
# over all claims) and `"summaries_with_hallucination"` (the share of summaries with at least
# one ungrounded claim).

# %%
pairs = apm.datasets.make_summary_pairs(random_state=SEED)
claims = apm.datasets.make_summary_claims(random_state=SEED)
pairs.head(3)

# %% nbgrader={"grade": false, "grade_id": "m2-generation", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
from collections import Counter


def unigram_f1(reference, generated):
    ref, gen = Counter(reference.split(" ")), Counter(generated.split(" "))
    overlap = sum((ref & gen).values())
    if overlap == 0:
        return 0.0
    p, r = overlap / sum(gen.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


generation = {
    "rouge1_f1": float(np.mean([unigram_f1(r, g) for r, g in zip(pairs["reference"], pairs["generated"])])),
    "hallucination_rate": float(1 - claims["grounded"].mean()),
    "summaries_with_hallucination": float((claims.groupby("summary_id")["grounded"].min() == 0).mean()),
}
### END SOLUTION
print({name: round(value, 3) for name, value in generation.items()})

# %% nbgrader={"grade": true, "grade_id": "m2-generation-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks the unigram-overlap F1, the hallucination rate and the share of summaries with a hallucination."""
apm.grading.check_mapping(generation, ["rouge1_f1", "hallucination_rate", "summaries_with_hallucination"], "generation")
apm.grading.check_range(list(generation.values()), 0, 1, "generation values")
### BEGIN HIDDEN TESTS
_seed = apm.learner_seed()
_pairs = apm.datasets.make_summary_pairs(random_state=_seed)
_claims = apm.datasets.make_summary_claims(random_state=_seed)
_f1s = []
for _ref, _gen in zip(_pairs.reference, _pairs.generated):
    _rw, _gw = _ref.split(" "), _gen.split(" ")
    _ov = sum(min(_rw.count(_w), _gw.count(_w)) for _w in set(_rw))
    _f1s.append(0.0 if _ov == 0 else 2 * _ov / (len(_rw) + len(_gw)))
apm.grading.check_close(generation["rouge1_f1"], np.mean(_f1s), "generation['rouge1_f1']", rtol=1e-6,
                        hint="clip each word's overlap at the smaller of its two counts")
apm.grading.check_close(generation["hallucination_rate"], np.sum(_claims.grounded == 0) / len(_claims),
                        "generation['hallucination_rate']", rtol=1e-6)
_bad = {s for s, g in zip(_claims.summary_id, _claims.grounded) if g == 0}
apm.grading.check_close(generation["summaries_with_hallucination"], len(_bad) / _claims.summary_id.nunique(),
                        "generation['summaries_with_hallucination']", rtol=1e-6)
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Three briefs
#
# For each scenario, fill in a brief. Name **one** primary metric; the guardrail is the metric
# on the other side of the trade-off, with a numeric floor you would not let it cross; the
# urgency field is the decision-urgency column of the cost table: how fast the decision must
# be made, and whether a person can be in the loop. The grader reads for ideas, not exact
# words, prints which rubric items it found, and gives partial credit. Lists of metric names
# earn nothing.
#
# ### Checkpoint 9 - spam filter brief (answer, 4 points)

# %% nbgrader={"grade": false, "grade_id": "m2-brief-spam", "locked": false, "schema_version": 3, "solution": true, "task": false}
spam_brief = {
    "primary_metric": "",
    "costlier_error": "",
    "guardrail_metric": "",
    "guardrail_floor": "",
    "urgency": "",
    "why": "",
}
### BEGIN SOLUTION
spam_brief = {
    "primary_metric": "Precision of the spam folder",
    "costlier_error": "A false positive: a real email hidden in the spam folder",
    "guardrail_metric": "Recall, the share of spam caught",
    "guardrail_floor": "0.80",
    "urgency": "Real time at delivery, well under a second, with no human in the loop",
    "why": "A lost invoice or job offer costs the user far more than deleting one extra spam, "
           "and each lost email damages trust in the filter for good.",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m2-brief-spam-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Scores the spam brief against its rubric (4 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(spam_brief, apm.grading.rubrics.SPAM_BRIEF)
### BEGIN HIDDEN TESTS
_score = apm.grading.score_brief(spam_brief, apm.grading.rubrics.SPAM_BRIEF)
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 10 - cancer screening brief (answer, 4 points)

# %% nbgrader={"grade": false, "grade_id": "m2-brief-screening", "locked": false, "schema_version": 3, "solution": true, "task": false}
screening_brief = {
    "primary_metric": "",
    "costlier_error": "",
    "guardrail_metric": "",
    "guardrail_floor": "",
    "urgency": "",
    "why": "",
}
### BEGIN SOLUTION
screening_brief = {
    "primary_metric": "Recall (sensitivity) for malignant cases",
    "costlier_error": "A false negative: a cancer the screen missed",
    "guardrail_metric": "Precision of the call-backs",
    "guardrail_floor": "30%",
    "urgency": "Days: a clinician reviews every flagged case before anything happens",
    "why": "A missed cancer can be fatal, while a false alarm costs one more appointment; "
           "the guardrail keeps call-backs from flooding the clinic.",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m2-brief-screening-test", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
"""Scores the screening brief against its rubric (4 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(screening_brief, apm.grading.rubrics.SCREENING_BRIEF)
### BEGIN HIDDEN TESTS
_score = apm.grading.score_brief(screening_brief, apm.grading.rubrics.SCREENING_BRIEF)
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ### Checkpoint 11 - card fraud brief (answer, 5 points)
#
# This brief has one more field, `saving_eur`: the saving of your segmented thresholds, in
# EUR, from checkpoint 5.

# %% nbgrader={"grade": false, "grade_id": "m2-brief-fraud", "locked": false, "schema_version": 3, "solution": true, "task": false}
fraud_brief = {
    "primary_metric": "",
    "costlier_error": "",
    "guardrail_metric": "",
    "guardrail_floor": "",
    "urgency": "",
    "why": "",
    "saving_eur": "",
}
### BEGIN SOLUTION
fraud_brief = {
    "primary_metric": "Expected cost in EUR (fraud losses plus the cost of declines)",
    "costlier_error": "A false negative on a large payment: the missed fraud costs its amount",
    "guardrail_metric": "Precision of declines",
    "guardrail_floor": "0.25",
    "urgency": "At authorisation, about 100 milliseconds, no human in the loop",
    "why": "A missed fraud costs its whole amount while a decline costs about 8 EUR, so high "
           "value payments get a lower threshold and small ones a stricter one.",
    "saving_eur": f"{segmented_saving_eur:.0f} EUR",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m2-brief-fraud-test", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Scores the fraud brief against its rubric (5 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(fraud_brief, apm.grading.rubrics.FRAUD_BRIEF)
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_fraud_transactions(random_state=apm.learner_seed())
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)
_y, _s, _a = _d.is_fraud.to_numpy(), _d.fraud_score.to_numpy(), _d.amount_eur.to_numpy()


def _best(_m):
    return min(8.0 * np.sum((_s[_m] >= _t) & (_y[_m] == 0)) + _a[_m][(_s[_m] < _t) & (_y[_m] == 1)].sum()
               for _t in _grid)


_hi = _a >= 200.0
_saving = _best(np.ones(len(_y), dtype=bool)) - _best(~_hi) - _best(_hi)
_score = apm.grading.score_brief(fraud_brief, apm.grading.rubrics.FRAUD_BRIEF,
                                 numbers={"segmented_saving_eur": _saving})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 8. Reflection (3 points, graded by your instructor)
#
# A social platform's comment-moderation model scores every new comment for abuse. The team
# wants two thresholds: one for comments from **accounts younger than 7 days**, one for
# **established accounts** (older than a year, never sanctioned). In five to eight sentences:
# which group gets the lower (stricter) threshold and why, what each kind of error costs in
# each group, which guardrail metric you would watch per group with a floor, and one way the
# split itself could be gamed or could be unfair.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m2-reflection", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer.* New accounts get the lower threshold: most coordinated abuse comes from
# fresh accounts, and removing a new account's comment by mistake costs little because it has
# no audience or history yet. For established accounts a wrongful removal is costly: a loyal
# user is silenced in public and may leave, so precision matters more and the threshold is
# higher, with borderline cases sent to human review. Guardrails: for new accounts, the appeal
# overturn rate stays below 10 %; for established accounts, recall on abuse confirmed by
# reports stays above 70 %. Abusers can age accounts before using them, so the split must be
# re-checked, and any group that is mostly new (a country where the product just launched)
# would be moderated more harshly.
#
# **Rubric (instructors).** 1 point each:
#
# 1. assigns the stricter threshold to new accounts with a reason rooted in the cost of each
#    error per group (not only "new accounts are riskier");
# 2. names a guardrail per group, on the other side of the trade-off, with a numeric floor;
# 3. identifies a credible gaming or fairness risk of segmenting (aged accounts, launches in
#    new markets, one community over-represented among new users).
#
# Half points for a correct but generic argument.
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - Precision asks "of what we flagged, how much deserved it"; recall asks "of what deserved
#   it, how much did we flag". You cannot maximise both: the threshold trades one for the other.
# - The cost of each error, not habit, sets the threshold. Cheap misses and costly false alarms
#   (spam) push it up; costly misses (screening) push it down.
# - When the cost of an error varies by item, segment: one threshold per value band beat the
#   best single threshold on your data.
# - Accuracy flatters "do nothing" on rare events. Compare every model with naive baselines on
#   a cost-aware metric, and ask how much of the value a simple rule already captures.
# - Ranked lists need position-aware metrics (NDCG) and a diversity check; generated text needs
#   a faithfulness check, because word overlap cannot see a wrong fact.
# - Every brief names the costlier error, the primary metric that limits it, a guardrail with a
#   floor, and the latency budget of the decision.
#
# Next module: drift, or what happens when the world moves and the model does not.
