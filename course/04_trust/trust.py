# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Module 4 - Trust is a metric: UX signals and calibration
#
# **Time:** about 110 minutes. **Points:** 31 (28 graded automatically, 3 by your instructor).
#
# By the end of this notebook you will be able to:
#
# 1. compute the user-experience metrics that only AI products have: acceptance, correction
#    (with a normalised edit distance), override, fallback, task completion and time-to-value;
# 2. explain why time-to-value is reported as a median, not a mean;
# 3. tell a model problem from a UX problem by locating where overrides concentrate;
# 4. measure trust calibration: appropriate reliance, over-reliance and under-reliance;
# 5. compute the expected calibration error of a model's confidence, draw its reliability
#    diagram and lower it by recalibration;
# 6. read over-reliance in the signals of a meeting note-taker;
# 7. choose when an assistant should stay silent, by what its mistakes cost;
# 8. defend one trust metric for a team's dashboard.
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
drafts = apm.datasets.make_assistant_interactions(random_state=SEED)
notes = apm.datasets.make_meeting_notes(random_state=SEED)
print(f"Learner {apm.learner_id()!r}: data variant {SEED}")
print(f"{len(drafts):,} audited reply drafts over {drafts['week'].max()} weeks; "
      f"{notes['meeting_id'].nunique():,} summarised meetings")
drafts.head()

# %% [markdown]
# ## 1. What users do with a draft
#
# The support team of an online shop answers tickets in a help desk that drafts a reply with
# a language model. For each draft the agent does one of four things (`outcome`):
#
# - **accepted**: sends it as it is;
# - **edited**: changes it, then sends it;
# - **overridden**: dismisses it and writes their own reply;
# - **abandoned**: gives up on the assistant and answers from the manual templates (the
#   **fallback** path).
#
# A quality team audited each draft in this log against the order system
# (`draft_correct`); `task_completed` says whether the ticket stayed solved for 7 days, and
# `seconds_to_first_useful` is the time from the request to the first usable text (empty
# when there was none). The datasheet `datasets/assistant_interactions.md` has every column.
#
# None of these outcomes exists in classic software, and each answers a different question:
# does the draft get used, how much work is left after it, do users trust it enough to try,
# and does the customer's problem get solved?
#
# ### Checkpoint 1 - the UX metrics (answer, 3 points)
#
# Build the dict `ux` with these keys, each a share of **all** drafts (floats in [0, 1]):
# `acceptance_rate` (accepted), `correction_rate` (edited), `override_rate` (overridden),
# `fallback_rate` (abandoned) and `task_completion_rate` (the mean of `task_completed`).

# %% nbgrader={"grade": false, "grade_id": "m4-ux-metrics", "locked": false, "schema_version": 3, "solution": true, "task": false}
ux = ...
### BEGIN SOLUTION
shares = drafts["outcome"].value_counts(normalize=True)
ux = {
    "acceptance_rate": float(shares.get("accepted", 0.0)),
    "correction_rate": float(shares.get("edited", 0.0)),
    "override_rate": float(shares.get("overridden", 0.0)),
    "fallback_rate": float(shares.get("abandoned", 0.0)),
    "task_completion_rate": float(drafts["task_completed"].mean()),
}
### END SOLUTION
for name, value in ux.items():
    print(f"{name:>22}: {value:.1%}")

# %% nbgrader={"grade": true, "grade_id": "m4-ux-metrics-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks the five UX rates against your interaction log."""
_keys = ["acceptance_rate", "correction_rate", "override_rate", "fallback_rate", "task_completion_rate"]
apm.grading.check_mapping(ux, _keys, "ux")
for _k in _keys:
    apm.grading.check_type(ux[_k], float, f"ux['{_k}']")
    apm.grading.check_range(ux[_k], 0, 1, f"ux['{_k}']")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_want = [np.mean(_d.outcome == "accepted"), np.mean(_d.outcome == "edited"), np.mean(_d.outcome == "overridden"),
         np.mean(_d.outcome == "abandoned"), np.mean(_d.task_completed)]
apm.grading.check_close([ux[_k] for _k in _keys], _want, "the ux rates",
                        hint="each rate is a share of all drafts in the log")
### END HIDDEN TESTS

# %% [markdown]
# ## 2. How much work is left: correction by edit distance
#
# "Edited" hides a range: fixing a comma and rewriting half the reply both count. The
# **normalised edit distance** measures how much changed: the smallest number of word
# insertions, deletions and substitutions that turn the draft into the sent reply (the
# Levenshtein distance over words), divided by the length of the longer of the two. 0 means
# sent untouched, 1 means nothing survived.
#
# ### Checkpoint 2 - edit distance from scratch (answer, 3 points)
#
# Write `word_edit_distance(draft, final)`: split both texts on whitespace (`str.split()`)
# and return the normalised Levenshtein distance over the words, as a float; two empty texts
# are at distance 0. Write it yourself with dynamic programming (no library: the check refuses
# rapidfuzz, SciPy, scikit-learn and `apm`; the hidden test compares with rapidfuzz). Then
# build `edit_distance_by_correctness`: the mean distance of the **edited** drafts, a Series
# indexed by `draft_correct` (0, then 1).

# %% nbgrader={"grade": false, "grade_id": "m4-edit-distance", "locked": false, "schema_version": 3, "solution": true, "task": false}
def word_edit_distance(draft, final):
    """Word-level Levenshtein distance divided by the longer text's number of words."""
    ### BEGIN SOLUTION
    a, b = str(draft).split(), str(final).split()
    if not a and not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / max(len(a), len(b))
    ### END SOLUTION


edit_distance_by_correctness = ...
### BEGIN SOLUTION
edited = drafts[drafts["outcome"] == "edited"]
distances = [word_edit_distance(d, f) for d, f in zip(edited["draft_text"], edited["final_text"])]
edit_distance_by_correctness = pd.Series(distances, index=edited.index).groupby(edited["draft_correct"]).mean()
### END SOLUTION
print(f"'the parcel left today' -> 'your parcel left on Monday': "
      f"{word_edit_distance('the parcel left today', 'your parcel left on Monday'):.2f}")
print(edit_distance_by_correctness.round(3).to_string())

# %% nbgrader={"grade": true, "grade_id": "m4-edit-distance-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks word_edit_distance (from scratch, equal to rapidfuzz on words) and edit_distance_by_correctness."""
apm.grading.check_from_scratch(word_edit_distance, "word_edit_distance",
                               forbidden=("sklearn", "scipy", "ai_product_metrics", "rapidfuzz", "Levenshtein"))
apm.grading.check_type(word_edit_distance("a b", "a c"), float, "word_edit_distance(...)")
apm.grading.check_close(word_edit_distance("a b c", "a b c"), 0.0, "word_edit_distance of equal texts")
apm.grading.check_type(edit_distance_by_correctness, pd.Series, "edit_distance_by_correctness")
apm.grading.check_length(edit_distance_by_correctness, 2, "edit_distance_by_correctness", what="entries (0 and 1)")
### BEGIN HIDDEN TESTS
from rapidfuzz.distance import Levenshtein as _lev

_pairs = [("", ""), ("", "a b"), ("a b c", ""), ("a b c", "a x c d"), ("one two three", "three two one"),
          ("the parcel left today", "your parcel left on Monday"), ("x", "x x x x")]
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_e = _d[_d.outcome == "edited"]
_pairs += list(zip(_e.draft_text.iloc[:40], _e.final_text.iloc[:40], strict=True))
for _a, _b in _pairs:
    apm.grading.check_close(word_edit_distance(_a, _b), _lev.normalized_distance(_a.split(), _b.split()),
                            "word_edit_distance(...)", hint="divide by the longer text's number of words")
_dist = pd.Series([_lev.normalized_distance(_a.split(), _b.split()) for _a, _b in zip(_e.draft_text, _e.final_text, strict=True)],
                  index=_e.index).groupby(_e.draft_correct).mean()
apm.grading.check_close(list(edit_distance_by_correctness.index), [0, 1], "the index of edit_distance_by_correctness")
apm.grading.check_close(edit_distance_by_correctness.to_numpy(), _dist.to_numpy(), "edit_distance_by_correctness",
                        hint="only the edited drafts, grouped by draft_correct")
### END HIDDEN TESTS

# %% [markdown]
# Wrong drafts that agents keep need much heavier edits. A rising mean edit distance is a
# cheap, label-free early signal that draft quality is slipping.
#
# ## 3. Time-to-value, and why the median
#
# Time-to-value is how long a user waits before the AI gives them something useful. Waits are
# skewed: most drafts arrive in seconds, a few requests hit a slow server or an agent comes
# back to a draft after a phone call, and those few minutes-long waits drag the mean far
# above what a typical agent experiences. The median is what half of the users beat; report
# it, and watch a high percentile for the tail.
#
# ### Checkpoint 3 - time-to-value (answer, 2 points)
#
# Over the drafts with a useful result (`seconds_to_first_useful` not empty), compute
# `ttv_median`, `ttv_mean` and `ttv_p90` (NumPy's default percentile), and
# `ttv_median_by_variant`, a Series of the median per `ui_variant` (sorted by variant name).

# %% nbgrader={"grade": false, "grade_id": "m4-time-to-value", "locked": false, "schema_version": 3, "solution": true, "task": false}
ttv_median = ...
ttv_mean = ...
ttv_p90 = ...
ttv_median_by_variant = ...
### BEGIN SOLUTION
useful = drafts.dropna(subset=["seconds_to_first_useful"])
ttv_median = float(useful["seconds_to_first_useful"].median())
ttv_mean = float(useful["seconds_to_first_useful"].mean())
ttv_p90 = float(np.percentile(useful["seconds_to_first_useful"], 90))
ttv_median_by_variant = useful.groupby("ui_variant")["seconds_to_first_useful"].median()
### END SOLUTION
print(f"time-to-value: median {ttv_median:.1f} s, mean {ttv_mean:.1f} s, p90 {ttv_p90:.1f} s")
print(ttv_median_by_variant.round(1).to_string())

# %% nbgrader={"grade": true, "grade_id": "m4-time-to-value-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks the median, mean and p90 time-to-value and the median per UI variant."""
for _name, _value in (("ttv_median", ttv_median), ("ttv_mean", ttv_mean), ("ttv_p90", ttv_p90)):
    apm.grading.check_type(_value, float, _name)
apm.grading.check_type(ttv_median_by_variant, pd.Series, "ttv_median_by_variant")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_t = _d.seconds_to_first_useful.dropna()
apm.grading.check_close([ttv_median, ttv_mean, ttv_p90], [np.median(_t), np.mean(_t), np.percentile(_t, 90)],
                        "ttv_median, ttv_mean, ttv_p90", hint="only drafts with a useful result")
_by = _d.dropna(subset=["seconds_to_first_useful"]).groupby("ui_variant").seconds_to_first_useful.median()
assert list(ttv_median_by_variant.index) == list(_by.index), "ttv_median_by_variant should have one entry per ui_variant, sorted by name"
apm.grading.check_close(ttv_median_by_variant.to_numpy(), _by.to_numpy(), "ttv_median_by_variant")
### END HIDDEN TESTS

# %% [markdown]
# ## 4. "95 % accurate, yet 40 % overridden"
#
# Look at your numbers: the audited drafts are right about 95 % of the time, and yet about
# 40 % of them are overridden. Before anyone retrains the model, find out *where* the
# overrides happen. If they sit in one place where the drafts are just as accurate as
# elsewhere, the model is not the problem: the way the draft reaches the user is.
#
# The assistant shows its drafts in three places (`ui_variant`): `panel` (on request, in a
# side panel), `prefill` (already in the reply box) and `inline_typing` (a grey suggestion
# that appears after the agent has started typing).
#
# ### Checkpoint 4 - locate the overrides (answer, 3 points)
#
# Compute `model_accuracy` (mean of `draft_correct`). For each of the columns `segment`,
# `ui_variant` and `task_type`, compute the override rate of every value; the **hotspot** is
# the (column, value) pair with the highest override rate of all: store it as the tuple
# `hotspot`, e.g. `("task_type", "refund")`. Store the accuracy of the drafts in the hotspot in
# `hotspot_accuracy`, and in `problem_kind` either `"ux"` or `"model"`: `"ux"` when the
# hotspot's accuracy is within 2 points of `model_accuracy`, `"model"` otherwise.

# %% nbgrader={"grade": false, "grade_id": "m4-hotspot", "locked": false, "schema_version": 3, "solution": true, "task": false}
model_accuracy = ...
hotspot = ...
hotspot_accuracy = ...
problem_kind = ...
### BEGIN SOLUTION
model_accuracy = float(drafts["draft_correct"].mean())
overridden = drafts["outcome"] == "overridden"
rates = {(column, value): rate for column in ("segment", "ui_variant", "task_type")
         for value, rate in overridden.groupby(drafts[column]).mean().items()}
hotspot = max(rates, key=rates.get)
hotspot_accuracy = float(drafts.loc[drafts[hotspot[0]] == hotspot[1], "draft_correct"].mean())
problem_kind = "ux" if abs(hotspot_accuracy - model_accuracy) <= 0.02 else "model"
### END SOLUTION
print(f"accuracy {model_accuracy:.1%}; overrides peak in {hotspot} "
      f"where accuracy is {hotspot_accuracy:.1%}: a {problem_kind} problem")

# %% nbgrader={"grade": true, "grade_id": "m4-hotspot-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks model_accuracy, the override hotspot, its accuracy and the diagnosis."""
apm.grading.check_type(model_accuracy, float, "model_accuracy")
apm.grading.check_type(hotspot, tuple, "hotspot")
apm.grading.check_length(hotspot, 2, "hotspot", what="items (column, value)")
apm.grading.check_type(hotspot_accuracy, float, "hotspot_accuracy")
assert problem_kind in ("ux", "model"), 'problem_kind should be "ux" or "model"'
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_over = _d.outcome == "overridden"
_rates = {(_c, _v): _r for _c in ("segment", "ui_variant", "task_type") for _v, _r in _over.groupby(_d[_c]).mean().items()}
_spot = max(_rates, key=_rates.get)
apm.grading.check_close(model_accuracy, _d.draft_correct.mean(), "model_accuracy")
assert tuple(hotspot) == _spot, "hotspot is not the (column, value) with the highest override rate in your data"
_acc = _d.loc[_d[_spot[0]] == _spot[1], "draft_correct"].mean()
apm.grading.check_close(hotspot_accuracy, _acc, "hotspot_accuracy")
assert problem_kind == ("ux" if abs(_acc - _d.draft_correct.mean()) <= 0.02 else "model"), \
    "problem_kind does not follow from the accuracies"
### END HIDDEN TESTS

# %% [markdown]
# A suggestion that lands while someone is already typing interrupts them, so they dismiss
# it whatever its quality. Retraining would not move that number; moving the suggestion out
# of the typing flow might.
#
# ## 5. Trust calibration
#
# Trust is not "more is better". Users should rely on the assistant when it is right and push
# back when it is wrong. Cross the agent's reliance (a draft is **relied on** when it is
# accepted or edited, then sent) with the audit:
#
# | | draft correct | draft wrong |
# |---|---|---|
# | **relied on** | appropriate reliance | **over-reliance**: a wrong reply reaches a customer |
# | **not relied on** | **under-reliance**: good work thrown away | appropriate reliance |
#
# ### Checkpoint 5 - the reliance matrix (answer, 2 points)
#
# Build the dict `reliance` with the keys `appropriate`, `over` and `under`: each a share of
# all drafts (they add up to 1).

# %% nbgrader={"grade": false, "grade_id": "m4-reliance", "locked": false, "schema_version": 3, "solution": true, "task": false}
reliance = ...
### BEGIN SOLUTION
relied = drafts["outcome"].isin(["accepted", "edited"])
correct = drafts["draft_correct"] == 1
reliance = {
    "appropriate": float(((relied & correct) | (~relied & ~correct)).mean()),
    "over": float((relied & ~correct).mean()),
    "under": float((~relied & correct).mean()),
}
### END SOLUTION
print({k: f"{v:.1%}" for k, v in reliance.items()})

# %% nbgrader={"grade": true, "grade_id": "m4-reliance-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks the appropriate, over- and under-reliance shares against your log."""
apm.grading.check_mapping(reliance, ["appropriate", "over", "under"], "reliance")
apm.grading.check_range(list(reliance.values()), 0, 1, "reliance shares")
apm.grading.check_close(sum(reliance.values()), 1.0, "the sum of the reliance shares")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_rel = _d.outcome.isin(["accepted", "edited"]).to_numpy()
_ok = (_d.draft_correct == 1).to_numpy()
apm.grading.check_close([reliance["appropriate"], reliance["over"], reliance["under"]],
                        [np.mean(_rel == _ok), np.mean(_rel & ~_ok), np.mean(~_rel & _ok)], "reliance",
                        hint="relied on = accepted or edited")
### END HIDDEN TESTS

# %% [markdown]
# ### Does the model deserve the trust it asks for?
#
# Every draft comes with the model's `confidence`: its probability that the draft is
# correct. A **calibrated** model is right 80 % of the time when it says 0.8. The **expected
# calibration error** (ECE) measures the gap, with one definition the course fixes:
#
# - top-label: the confidence is the probability of the model's own claim (here: "this
#   draft is correct"), compared with how often that claim is true;
# - 10 equal-width bins on [0, 1], each closed on the right, `(0, 0.1], (0.1, 0.2], ...`,
#   with 0 in the first bin (the convention of scikit-learn's `calibration_curve`);
# - `ECE = sum over non-empty bins of (n_bin / n) * |accuracy_bin - mean confidence_bin|`.
#
# ### Checkpoint 6 - ECE from scratch (answer, 3 points)
#
# Write `expected_calibration_error(correct, confidence, n_bins=10)` with NumPy (the check
# refuses scikit-learn, SciPy and `apm`; the hidden test compares with a computation built on
# `calibration_curve`). Raise a `ValueError` when the inputs are empty or of different
# lengths. Store the ECE of your drafts in `ece`.

# %% nbgrader={"grade": false, "grade_id": "m4-ece", "locked": false, "schema_version": 3, "solution": true, "task": false}
def expected_calibration_error(correct, confidence, n_bins=10):
    """Top-label ECE with equal-width bins closed on the right."""
    ### BEGIN SOLUTION
    y = np.asarray(correct, dtype=float)
    p = np.asarray(confidence, dtype=float)
    if y.size == 0 or y.size != p.size:
        raise ValueError("correct and confidence must be non-empty and of the same length")
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.searchsorted(edges[1:-1], p, side="left")
    count = np.bincount(bins, minlength=n_bins)
    hits = np.bincount(bins, weights=y, minlength=n_bins)
    said = np.bincount(bins, weights=p, minlength=n_bins)
    full = count > 0
    return float(np.sum(np.abs(hits[full] - said[full])) / y.size)
    ### END SOLUTION


ece = ...
### BEGIN SOLUTION
ece = expected_calibration_error(drafts["draft_correct"], drafts["confidence"])
### END SOLUTION
print(f"ECE of the stated confidence: {ece:.3f}")

# %% nbgrader={"grade": true, "grade_id": "m4-ece-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks expected_calibration_error (from scratch, equal to a calibration_curve computation, errors) and ece."""
apm.grading.check_from_scratch(expected_calibration_error, "expected_calibration_error")
apm.grading.check_close(expected_calibration_error([1, 0], [0.55, 0.45]), 0.45, "ECE of a tiny case")
apm.grading.check_type(ece, float, "ece")
apm.grading.check_range(ece, 0, 1, "ece")
### BEGIN HIDDEN TESTS
from sklearn.calibration import calibration_curve as _cc


def _ece(_y, _p, _bins=10):
    _y, _p = np.asarray(_y), np.asarray(_p, dtype=float)
    _true, _pred = _cc(_y, _p, n_bins=_bins, strategy="uniform")
    _edges = np.linspace(0, 1, _bins + 1)
    _n = np.bincount(np.searchsorted(_edges[1:-1], _p), minlength=_bins)
    return float(np.sum(_n[_n > 0] / len(_p) * np.abs(_true - _pred)))


_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_rng = np.random.default_rng(apm.learner_seed())
_u = _rng.uniform(0, 1, 3000)
_cases = [(_d.draft_correct, _d.confidence, 10), (_d.draft_correct, _d.confidence, 15),
          ((_rng.uniform(size=3000) < _u ** 2).astype(int), _u, 10),
          ([0, 1, 1, 0, 1], [0.0, 0.1, 0.2, 0.5, 1.0], 10)]  # values on bin edges
for _y, _p, _b in _cases:
    apm.grading.check_close(expected_calibration_error(_y, _p, n_bins=_b), _ece(_y, _p, _b),
                            "expected_calibration_error(...)", rtol=1e-7,
                            hint="equal-width bins closed on the right; weight each bin by its share of drafts")
apm.grading.check_close(ece, _ece(_d.draft_correct, _d.confidence), "ece")
for _bad in (([], []), ([1, 0], [0.5])):
    try:
        expected_calibration_error(*_bad)
    except ValueError:
        pass
    else:
        raise AssertionError("expected_calibration_error should raise ValueError on empty or mismatched inputs")
### END HIDDEN TESTS

# %% [markdown]
# The **reliability diagram** shows the same thing as a picture: each bin's accuracy against
# its mean confidence. A calibrated model sits on the diagonal; points below it mean
# over-confidence. The text under the chart lists the same numbers.

# %%
from sklearn.calibration import calibration_curve

accuracy_in_bin, confidence_in_bin = calibration_curve(drafts["draft_correct"], drafts["confidence"],
                                                       n_bins=10, strategy="uniform")
fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.plot([0, 1], [0, 1], ":", color="grey", label="calibrated")
ax.plot(confidence_in_bin, accuracy_in_bin, "o-", label="this model")
ax.set_xlabel("mean stated confidence in the bin")
ax.set_ylabel("share of correct drafts in the bin")
ax.set_title("Reliability diagram")
ax.legend(loc="upper left")
plt.show()
for c, a in zip(confidence_in_bin, accuracy_in_bin):
    print(f"said {c:.2f} -> right {a:.2f} ({'over' if c > a else 'under'}-confident by {abs(c - a):.2f})")

# %% [markdown]
# ### Checkpoint 7 - recalibration (answer, 2 points)
#
# Recalibration learns a map from the stated confidence to the observed accuracy, on data
# the model did not train on, then applies it to new drafts. Fit scikit-learn's
# `IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)` on the drafts of weeks 1-4
# (confidence -> `draft_correct`) and apply it to the drafts of weeks 5-8. Store the ECE of
# weeks 5-8 before (`ece_before`, the raw confidence) and after (`ece_after`, the recalibrated
# one), both with your function.

# %% nbgrader={"grade": false, "grade_id": "m4-recalibration", "locked": false, "schema_version": 3, "solution": true, "task": false}
from sklearn.isotonic import IsotonicRegression

ece_before = ...
ece_after = ...
### BEGIN SOLUTION
fit_part, new_part = drafts[drafts["week"] <= 4], drafts[drafts["week"] >= 5]
isotonic = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)
isotonic.fit(fit_part["confidence"], fit_part["draft_correct"])
ece_before = expected_calibration_error(new_part["draft_correct"], new_part["confidence"])
ece_after = expected_calibration_error(new_part["draft_correct"], isotonic.predict(new_part["confidence"]))
### END SOLUTION
print(f"ECE on weeks 5-8: {ece_before:.3f} stated, {ece_after:.3f} recalibrated")

# %% nbgrader={"grade": true, "grade_id": "m4-recalibration-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Checks ece_before and ece_after (isotonic fitted on weeks 1-4, measured on weeks 5-8)."""
apm.grading.check_type(ece_before, float, "ece_before")
apm.grading.check_type(ece_after, float, "ece_after")
apm.grading.check_range([ece_before, ece_after], 0, 1, "the ECEs")
### BEGIN HIDDEN TESTS
from sklearn.calibration import calibration_curve as _cc
from sklearn.isotonic import IsotonicRegression as _IR


def _ece(_y, _p):
    _true, _pred = _cc(_y, _p, n_bins=10, strategy="uniform")
    _n = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], _p), minlength=10)
    return float(np.sum(_n[_n > 0] / len(_p) * np.abs(_true - _pred)))


_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_a, _b = _d[_d.week <= 4], _d[_d.week >= 5]
_iso = _IR(out_of_bounds="clip", y_min=0, y_max=1).fit(_a.confidence, _a.draft_correct)
apm.grading.check_close(ece_before, _ece(_b.draft_correct, _b.confidence), "ece_before", hint="weeks 5-8 only")
apm.grading.check_close(ece_after, _ece(_b.draft_correct, _iso.predict(_b.confidence)), "ece_after",
                        hint="fit on weeks 1-4, apply to weeks 5-8")
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Over-reliance you can see: the meeting note-taker
#
# The same company uses an AI note-taker that sends every attendee a summary of the
# decisions taken in a meeting. Nobody audits each summary, but two signals speak about
# reliance: whether the attendee ever played back the recording (`skipped_recording`), and
# whether the follow-up actions they took match the full record (`actions_aligned` out of
# `actions_taken`). About one summary in five misses or misstates a decision
# (`summary_missed_decision`). The datasheet is `datasets/meeting_notes.md`.
#
# ### Checkpoint 8 - skip rate and action alignment (answer, 3 points)
#
# Compute `skip_rate_by_week` (a Series indexed by week: the share of attendee rows with
# `skipped_recording == 1`), `skip_trend` (the slope of a straight line fitted to it with
# `np.polyfit(weeks, rates, 1)`, in share per week) and `alignment`: a DataFrame with index
# `summary_missed_decision` (0, 1) and columns `skipped_recording` (0, 1), holding the action
# alignment rate, `actions_aligned.sum() / actions_taken.sum()` of the rows in that cell.

# %% nbgrader={"grade": false, "grade_id": "m4-notes", "locked": false, "schema_version": 3, "solution": true, "task": false}
skip_rate_by_week = ...
skip_trend = ...
alignment = ...
### BEGIN SOLUTION
skip_rate_by_week = notes.groupby("week")["skipped_recording"].mean()
skip_trend = float(np.polyfit(skip_rate_by_week.index, skip_rate_by_week.to_numpy(), 1)[0])
sums = notes.groupby(["summary_missed_decision", "skipped_recording"])[["actions_aligned", "actions_taken"]].sum()
alignment = (sums["actions_aligned"] / sums["actions_taken"]).unstack("skipped_recording")
### END SOLUTION
print(f"skip rate: week 1 {skip_rate_by_week.iloc[0]:.0%}, last week {skip_rate_by_week.iloc[-1]:.0%}, "
      f"trend {skip_trend:+.3f} per week")
print(alignment.round(3))

# %% nbgrader={"grade": true, "grade_id": "m4-notes-test", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
"""Checks the weekly skip rate, its trend, and the 2 x 2 action-alignment table."""
apm.grading.check_type(skip_rate_by_week, pd.Series, "skip_rate_by_week")
apm.grading.check_range(skip_rate_by_week, 0, 1, "skip_rate_by_week")
apm.grading.check_type(skip_trend, float, "skip_trend")
apm.grading.check_type(alignment, pd.DataFrame, "alignment")
apm.grading.check_range(alignment.to_numpy(dtype=float), 0, 1, "alignment")
### BEGIN HIDDEN TESTS
_n = apm.datasets.make_meeting_notes(random_state=apm.learner_seed())
_weeks = sorted(_n.week.unique())
_rate = np.array([_n.skipped_recording[_n.week == _w].mean() for _w in _weeks])
apm.grading.check_close(list(skip_rate_by_week.index), _weeks, "the index of skip_rate_by_week")
apm.grading.check_close(skip_rate_by_week.to_numpy(), _rate, "skip_rate_by_week")
from scipy.stats import linregress as _lr

apm.grading.check_close(skip_trend, _lr(_weeks, _rate).slope, "skip_trend", rtol=1e-6)
for _m in (0, 1):
    for _s in (0, 1):
        _cell = _n[(_n.summary_missed_decision == _m) & (_n.skipped_recording == _s)]
        apm.grading.check_close(alignment.loc[_m, _s], _cell.actions_aligned.sum() / _cell.actions_taken.sum(),
                                f"alignment.loc[{_m}, {_s}]", hint="rows are summary_missed_decision, "
                                                                   "columns skipped_recording")
### END HIDDEN TESTS

# %% [markdown]
# Skipping the recording is harmless when the summary is right and costly when it is not:
# the skip rate is a trust signal, and alignment on flawed summaries tells you whether that
# trust is deserved. Neither moves the way "summary quality" alone would suggest.
#
# ## 7. Explore: when should the assistant stay silent?
#
# An assistant can abstain: below a confidence threshold it shows no draft, and the agent
# writes the reply by hand. A higher threshold hides more wrong drafts (fewer wrong replies
# reach customers: less **error exposure**) and more good ones (lower **coverage**, more
# typing). The explorer assumes that a hidden draft would otherwise have met the outcome
# logged for it. It also prices both mistakes, in agent-minutes, with the costs kept in
# `apm.datasets.assistant` and stated in its read-out. Move the **Confidence threshold**
# slider (Tab to reach it, arrow keys to move it) and watch the reliance matrix, coverage,
# acceptance, error exposure and the cost. Your last position is saved beside the notebook.

# %%
trust_explorer = apm.widgets.confidence_threshold_explorer(drafts, decision_key="m4_confidence_threshold")
trust_explorer

# %% [markdown]
# ### Checkpoint 9 - the display threshold (answer, 2 points)
#
# First look at the cost panel: with the stated costs it is nearly flat. Most wrong drafts
# that reach customers were stated with high confidence, so hiding the unsure ones removes
# little harm. The quality lead sets a guardrail instead: **a quarter fewer wrong replies
# sent** (error exposure at most 75 % of its value when every draft is shown), keeping as many
# drafts as possible. Find the lowest threshold on the 0.01 grid that meets it and read it
# into `display_threshold`. It is graded by its consequence: a threshold that misses the
# guardrail earns nothing; one that meets it loses points in proportion to the extra drafts
# it hides.

# %% nbgrader={"grade": false, "grade_id": "m4-widget", "locked": false, "schema_version": 3, "solution": true, "task": false}
display_threshold = ...
### BEGIN SOLUTION
display_threshold = trust_explorer.value
### END SOLUTION
print(f"display threshold {display_threshold:.2f}")

# %% nbgrader={"grade": true, "grade_id": "m4-widget-test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Grades your display threshold: it must cut wrong replies sent by a quarter, hiding as few drafts as possible."""
apm.grading.check_type(display_threshold, float, "display_threshold")
apm.grading.check_range(display_threshold, 0, 1, "display_threshold")
### BEGIN HIDDEN TESTS
_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_c, _ok = _d.confidence.to_numpy(), _d.draft_correct.to_numpy() == 1
_rel = _d.outcome.isin(["accepted", "edited"]).to_numpy()
_grid = np.round(np.arange(0, 1.0001, 0.01), 2)
_exposure = np.array([np.sum((_c >= _t) & _rel & ~_ok) for _t in _grid])
_hidden = np.array([np.sum(_c < _t) for _t in _grid])
_costs = {float(_t): float(_h if _e <= 0.75 * _exposure[0] else len(_c))
          for _t, _e, _h in zip(_grid, _exposure, _hidden, strict=True)}
if _costs[round(float(display_threshold), 2)] == len(_c):
    print("At this threshold more than 75 % of the wrong replies are still sent: the guardrail is missed, "
          "which counts as hiding every draft.")
_decision = apm.grading.score_decision(round(float(display_threshold), 2), _costs, points=2, unit="drafts hidden")
_decision.points
### END HIDDEN TESTS

# %% [markdown]
# ## 8. The trust metric on the dashboard
#
# ### Checkpoint 10 - trust brief (answer, 5 points)
#
# Your team can put one trust metric on its dashboard. Fill the brief: the metric, why it and
# not the obvious ones, the counter-signal you would watch beside it, what observation would
# make you change your mind, and the ECE you computed in checkpoint 6.

# %% nbgrader={"grade": false, "grade_id": "m4-brief-trust", "locked": false, "schema_version": 3, "solution": true, "task": false}
trust_brief = {
    "dashboard_metric": "",
    "why": "",
    "counter_signal": "",
    "change_mind": "",
    "ece": "",
}
### BEGIN SOLUTION
trust_brief = {
    "dashboard_metric": "Over-reliance rate: the share of audited wrong drafts that agents "
                        "still sent, as they were or edited.",
    "why": "Trust is only worth having when it follows correctness: an agent should rely on a "
           "draft when the model is right and push back when it is wrong. The model is 95 % "
           "accurate, yet its confident mistakes are the ones that get sent, so accuracy alone "
           "hides the harm to customers; and most of the 40 % overrides are good drafts "
           "dismissed in the inline suggestion, an interface problem rather than a model "
           "problem, which a raw override rate would blame on the model.",
    "counter_signal": "Under-reliance per UI variant: the share of correct drafts that agents "
                      "override or abandon.",
    "change_mind": "If over-reliance falls but task completion falls with it, I would look for "
                   "agents who stopped using the drafts altogether.",
    "ece": f"{ece:.3f}",
}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "m4-brief-trust-test", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Scores the trust brief against its rubric (5 points, partial credit, reasons printed)."""
apm.grading.check_brief_complete(trust_brief, apm.grading.rubrics.TRUST_BRIEF)
### BEGIN HIDDEN TESTS
from sklearn.calibration import calibration_curve as _cc

_d = apm.datasets.make_assistant_interactions(random_state=apm.learner_seed())
_true, _pred = _cc(_d.draft_correct, _d.confidence, n_bins=10, strategy="uniform")
_n = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], _d.confidence), minlength=10)
_score = apm.grading.score_brief(trust_brief, apm.grading.rubrics.TRUST_BRIEF,
                                 numbers={"ece": float(np.sum(_n[_n > 0] / len(_d) * np.abs(_true - _pred)))})
_score.points
### END HIDDEN TESTS

# %% [markdown]
# ## 9. Reflection (3 points, graded by your instructor)
#
# After a redesign, the help desk shows every draft pre-filled in the reply box (the
# `prefill` variant) to all agents. Acceptance rises from 35 % to 55 % within two weeks and
# the product lead calls it "a big win for trust". In five to eight sentences: what else could
# explain the rise, which two numbers from this notebook you would look at before agreeing,
# and what result would convince you that trust became *better calibrated* rather than just
# higher.

# %% [markdown] nbgrader={"grade": true, "grade_id": "m4-reflection", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# ### BEGIN SOLUTION
# *Model answer.* A pre-filled draft is the path of least resistance: agents may send it
# because it is already there (automation bias), not because they checked it, so acceptance
# can rise with no change in how well reliance matches correctness. The inline overrides
# also disappear simply because the suggestion no longer interrupts typing, which is a UX
# gain but not a trust gain. Before agreeing I would look at the over-reliance rate (wrong
# drafts relied on) and the under-reliance rate, before and after, on audited drafts; and at
# the edit distance and task completion of accepted drafts. I would be convinced if
# over-reliance stayed flat or fell while under-reliance fell, with task completion steady
# or up: more good drafts used and no more wrong ones sent.
#
# **Rubric (instructors).** 1 point each:
#
# 1. names a credible alternative explanation (default effect or automation bias, removed
#    interruption, fewer checks), not only "it might be noise";
# 2. picks numbers that condition reliance on correctness (over- and under-reliance, wrong
#    drafts sent, ECE) or outcomes (task completion, edit distance), not acceptance alone;
# 3. states a falsifiable criterion for "better calibrated" (over-reliance flat or down while
#    under-reliance falls).
#
# Half points for a correct but generic argument.
# ### END SOLUTION

# %% [markdown]
# ## Take-aways
#
# - AI products need UX metrics classic software never had: acceptance, correction by edit
#   distance, override, fallback, task completion and a time-to-value reported as a median.
# - High accuracy with many overrides is a question of *where*: overrides concentrated in
#   one screen with accurate drafts point to the interface, not the model.
# - Trust is right when reliance follows correctness. Count over-reliance (wrong drafts
#   sent) and under-reliance (good drafts thrown away), not acceptance alone.
# - A model's stated confidence is a claim to check: the ECE and the reliability diagram
#   measure it, and recalibration on held-out data fixes much of it.
# - Over-reliance leaves traces: skipped recordings and actions that no longer match the
#   record when the summary was wrong.
# - Letting the assistant abstain below a threshold trades coverage for fewer wrong drafts
#   sent; choose it by what each mistake costs.
#
# Next module: counter-metrics, gaming and business impact.
