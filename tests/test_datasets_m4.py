"""Module 4 datasets (trust): validation, determinism, schema, consistency and the lessons.

Everything the lessons rely on is recomputed here independently with numpy, scipy,
scikit-learn and rapidfuzz, across 25 learner seeds.

Definitions used below (the ones the module teaches):

- **relied** on a draft: the agent used it, as it is (``accepted``) or after changes
  (``edited``). **Appropriate reliance**: relied on a correct draft, or did not rely on a wrong
  one; **over-reliance**: relied on a wrong draft; **under-reliance**: did not rely
  (``overridden`` or ``abandoned``) on a correct draft.
- **Expected calibration error** (top-label, 10 equal-width bins on [0, 1]):
  ``sum over non-empty bins of n_b / n * |accuracy_b - mean confidence_b|``. The per-bin
  accuracy and confidence come from ``sklearn.calibration.calibration_curve`` (uniform
  strategy), the bin counts from ``numpy.histogram``. scikit-learn's bins are closed on the
  right, ``(a, b]``, numpy's on the left, ``[a, b)``: the counts are taken on ``-p`` so that
  both use the same bins, which matters only for recalibrated probabilities (the logged
  confidence never lies on a multiple of 0.1, which is checked).
- **Correction** of a draft: the normalized Levenshtein distance between the draft and the
  reply sent (``rapidfuzz.distance.Levenshtein.normalized_distance``), from 0 (unchanged) to 1.
- **Alignment** of a group of attendees: actions that match the record / actions taken, summed
  over the group.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from rapidfuzz.distance import Levenshtein
from scipy import stats
from scipy.special import logit
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from ai_product_metrics.datasets import DEFAULT_SEED, assistant
from ai_product_metrics.grading.seeds import seed_from_id

SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]
ASSISTANT_COLUMNS = [
    "interaction_id", "user_id", "week", "segment", "ui_variant", "task_type", "confidence",
    "draft_correct", "outcome", "draft_text", "final_text", "seconds_to_first_useful",
    "task_completed",
]
MEETING_COLUMNS = [
    "meeting_id", "week", "meeting_type", "duration_min", "user_id", "decisions_recorded",
    "decisions_captured", "summary_missed_decision", "skipped_recording", "actions_taken",
    "actions_aligned",
]
GENERATORS = [assistant.make_assistant_interactions, assistant.make_meeting_notes]
SMALL = {
    assistant.make_assistant_interactions: {"n_users": 30, "n_weeks": 2},
    assistant.make_meeting_notes: {"n_users": 20, "n_weeks": 4, "meetings_per_week": 10},
}
EDGES = np.linspace(0.0, 1.0, 11)


# --- independent computations ---------------------------------------------------------------


@cache
def _log(seed: int) -> pd.DataFrame:
    return assistant.make_assistant_interactions(random_state=seed)


@cache
def _notes(seed: int) -> pd.DataFrame:
    return assistant.make_meeting_notes(random_state=seed)


def _relied(log: pd.DataFrame) -> pd.Series:
    return log.outcome.isin(["accepted", "edited"])


def _bin_counts(p: np.ndarray) -> np.ndarray:
    """Counts of the 10 bins (a, b] (the first one [0, 0.1]) with numpy.histogram."""
    return np.histogram(-np.asarray(p, dtype=float), bins=-EDGES[::-1])[0][::-1]


def _ece(y: np.ndarray, p: np.ndarray) -> float:
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    counts = _bin_counts(p)
    counts = counts[counts > 0]
    assert counts.sum() == len(p) and len(counts) == len(prob_true)
    return float(np.sum(counts / len(p) * np.abs(prob_true - prob_pred)))


def _halves(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return order[: n // 2], order[n // 2:]


@cache
def _corrections(seed: int) -> pd.Series:
    """Normalized edit distance between draft and reply, for every draft that has a reply."""
    log = _log(seed)
    sent = log[log.final_text.notna()]
    return pd.Series(
        [Levenshtein.normalized_distance(a, b) for a, b in zip(sent.draft_text, sent.final_text, strict=True)],
        index=sent.index,
    )


def _alignment(rows: pd.DataFrame) -> float:
    return rows.actions_aligned.sum() / rows.actions_taken.sum()


# --- validation, determinism -----------------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data(make):
    pd.testing.assert_frame_equal(make(random_state=5, **SMALL[make]), make(random_state=5, **SMALL[make]))


@pytest.mark.parametrize("make", GENERATORS)
def test_seeds_give_different_variants(make):
    a, b = make(random_state=SEEDS[0], **SMALL[make]), make(random_state=SEEDS[1], **SMALL[make])
    assert len(a) != len(b) or not a.equals(b)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_objects_are_accepted(make):
    frame = make(random_state=np.random.default_rng(3), **SMALL[make])
    assert len(frame) > 0


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bad", [None, -1, 1.5, "7", True])
def test_random_state_is_validated(make, bad):
    with pytest.raises(ValueError, match="random_state"):
        make(random_state=bad)


@pytest.mark.parametrize(
    ("make", "option", "bad"),
    [
        *[(assistant.make_assistant_interactions, "n_users", v) for v in (0, 19, 2001, 150.0, True, "150")],
        *[(assistant.make_assistant_interactions, "n_weeks", v) for v in (0, 1, 53, 8.0, False)],
        *[(assistant.make_meeting_notes, "n_users", v) for v in (0, 9, 5001, 120.0, True)],
        *[(assistant.make_meeting_notes, "n_weeks", v) for v in (0, 3, 53, 12.0, "12")],
        *[(assistant.make_meeting_notes, "meetings_per_week", v) for v in (0, 4, 1001, 45.0, False)],
    ],
)
def test_sizes_are_validated(make, option, bad):
    with pytest.raises(ValueError, match=option):
        make(random_state=1, **{option: bad})


# --- schema and consistency: reply drafts ------------------------------------------------------


def test_assistant_schema_and_ranges():
    log = _log(DEFAULT_SEED)
    assert list(log.columns) == ASSISTANT_COLUMNS
    assert 9_000 < len(log) < 11_500
    for column in ("interaction_id", "user_id", "week", "draft_correct", "task_completed"):
        assert log[column].dtype == np.int64, column
    for column in ("confidence", "seconds_to_first_useful"):
        assert log[column].dtype == np.float64, column
    for column in ("segment", "ui_variant", "task_type", "outcome", "draft_text", "final_text"):
        assert pd.api.types.is_string_dtype(log[column]) or log[column].dtype == object, column
    missing = log.isna().sum()
    assert set(missing[missing > 0].index) <= {"final_text", "seconds_to_first_useful"}

    np.testing.assert_array_equal(log.interaction_id, np.arange(1, len(log) + 1))
    assert log.week.is_monotonic_increasing and log.week.min() == 1 and log.week.max() == 8
    assert log.user_id.between(1, 150).all() and log.user_id.nunique() > 140
    assert set(log.segment) == set(assistant.SEGMENTS)
    assert set(log.ui_variant) == set(assistant.UI_VARIANTS)
    assert set(log.task_type) == set(assistant.TASK_TYPES)
    assert set(log.outcome) == set(assistant.OUTCOMES)
    # a segment is a property of the agent
    assert (log.groupby("user_id").segment.nunique() == 1).all()
    assert set(log.draft_correct) == {0, 1} and set(log.task_completed) == {0, 1}

    # confidence: a probability with 3 decimals, never on a bin edge of ten equal-width bins
    assert log.confidence.between(0.3, 0.999).all()
    np.testing.assert_allclose(log.confidence, log.confidence.round(3), atol=1e-12)
    assert not np.isclose(log.confidence * 10, np.round(log.confidence * 10)).any()
    np.testing.assert_array_equal(np.histogram(log.confidence, bins=EDGES)[0], _bin_counts(log.confidence))

    # texts: drafts of 15 to 60 words
    words = log.draft_text.str.split().str.len()
    assert words.between(15, 60).all()
    assert log.draft_text.str.len().min() > 50


@pytest.mark.parametrize("seed", [DEFAULT_SEED, *SEEDS[:4]])
def test_assistant_outcomes_are_consistent(seed):
    log = _log(seed)
    accepted, edited = log.outcome == "accepted", log.outcome == "edited"
    overridden, abandoned = log.outcome == "overridden", log.outcome == "abandoned"
    # exactly one outcome per draft
    assert (accepted.astype(int) + edited + overridden + abandoned == 1).all()
    # the reply sent: the draft itself, an edit of it, the agent's own text, nothing
    assert (log.final_text[accepted] == log.draft_text[accepted]).all()
    assert (log.final_text[edited | overridden] != log.draft_text[edited | overridden]).all()
    np.testing.assert_array_equal(log.final_text.isna(), abandoned)
    # time to value exists exactly when the draft was used
    np.testing.assert_array_equal(log.seconds_to_first_useful.notna(), accepted | edited)
    assert (log.seconds_to_first_useful.dropna() > 0).all()
    # the agent's own replies keep the ticket's facts, e.g. the customer's name
    first_name = log.draft_text.str.split().str[1].str.rstrip(",")
    replies = log[overridden]
    assert all(name in text for name, text in zip(first_name[overridden], replies.final_text, strict=True))


@pytest.mark.parametrize("seed", [DEFAULT_SEED, *SEEDS[:4]])
def test_corrections_measure_the_edits(seed):
    log, ned = _log(seed), _corrections(seed)
    outcome, correct = log.outcome.loc[ned.index], log.draft_correct.loc[ned.index]
    assert (ned[outcome == "accepted"] == 0).all()
    assert (ned[outcome == "edited"] > 0).all()
    # wrong drafts get heavier edits; the agent's own replies are far from the draft
    edited_ok = ned[(outcome == "edited") & (correct == 1)]
    edited_wrong = ned[(outcome == "edited") & (correct == 0)]
    assert edited_wrong.mean() > edited_ok.mean() + 0.05
    assert stats.mannwhitneyu(edited_wrong, edited_ok, alternative="greater").pvalue < 0.001
    assert ned[outcome == "overridden"].mean() > ned[outcome == "edited"].mean() + 0.2


# --- lessons: 95 % accurate yet 40 % overridden -------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_accurate_everywhere(seed):
    log = _log(seed)
    assert log.draft_correct.mean() >= 0.93
    by_variant = log.groupby("ui_variant").draft_correct.mean()
    by_segment = log.groupby("segment").draft_correct.mean()
    by_task = log.groupby("task_type").draft_correct.mean()
    assert by_variant.max() - by_variant.min() <= 0.02
    assert by_segment.max() - by_segment.min() <= 0.03
    assert min(by_variant.min(), by_segment.min(), by_task.min()) >= 0.92


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_overrides_sit_in_one_ui_variant(seed):
    log = _log(seed)
    overridden = (log.outcome == "overridden").to_numpy()
    assert 0.35 <= overridden.mean() <= 0.45
    by_variant = pd.Series(overridden).groupby(log.ui_variant.to_numpy()).mean()
    assert by_variant["inline_typing"] >= 0.55
    assert by_variant.drop("inline_typing").max() <= 0.15

    # the reference method: the group with the highest override rate over every breakdown
    rates = []
    for column in ("segment", "ui_variant", "task_type"):
        for group in np.unique(log[column]):
            rates.append((overridden[(log[column] == group).to_numpy()].mean(), column, group))
    _, column, group = max(rates)
    assert (column, group) == ("ui_variant", "inline_typing")
    inline = (log.ui_variant == "inline_typing").to_numpy()
    correct = log.draft_correct.to_numpy()
    assert abs(correct[inline].mean() - correct.mean()) <= 0.02
    # the drafts dismissed there are as good as any: a UX problem, not a model problem
    assert correct[inline & overridden].mean() >= correct.mean() - 0.02
    # elsewhere, dismissals do pick out the wrong drafts
    assert correct[~inline & overridden].mean() <= correct.mean() - 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_confidence_is_miscalibrated_and_recalibration_helps(seed):
    log = _log(seed)
    y, p = log.draft_correct.to_numpy(), log.confidence.to_numpy()
    assert _ece(y, p) > 0.03
    # over-confident where most drafts are, too cautious in the middle range
    top, middle = p > 0.9, (p > 0.6) & (p <= 0.9)
    assert top.mean() > 0.6
    assert p[top].mean() - y[top].mean() > 0.01
    assert y[middle].mean() - p[middle].mean() > 0.05

    fit, test = _halves(seed, len(log))
    before = _ece(y[test], p[test])
    isotonic = IsotonicRegression(y_min=0, y_max=1, out_of_bounds="clip").fit(p[fit], y[fit])
    assert _ece(y[test], isotonic.predict(p[test])) < before
    platt = LogisticRegression(C=1e6).fit(logit(p[fit]).reshape(-1, 1), y[fit])
    assert _ece(y[test], platt.predict_proba(logit(p[test]).reshape(-1, 1))[:, 1]) < before


def test_ece_helper_matches_a_direct_computation():
    log = _log(DEFAULT_SEED)
    y, p = log.draft_correct.to_numpy(), log.confidence.to_numpy()
    bins = np.clip(np.digitize(p, EDGES) - 1, 0, 9)  # [a, b): no value lies on an edge
    direct = sum(
        (bins == b).mean() * abs(y[bins == b].mean() - p[bins == b].mean())
        for b in range(10) if (bins == b).any()
    )
    assert _ece(y, p) == pytest.approx(direct, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_over_and_under_reliance(seed):
    log = _log(seed)
    relied, wrong = _relied(log), log.draft_correct == 0
    # over-reliance: a third of the wrong drafts get used, more so when the model sounded sure
    assert relied[wrong].mean() >= 0.25
    sure = log.confidence > 0.9
    assert relied[wrong & sure].mean() > relied[wrong & ~sure].mean() + 0.1
    # under-reliance: good drafts dismissed, mostly inline
    under = ~relied & ~wrong
    assert (log.ui_variant[under] == "inline_typing").mean() >= 0.75
    # the wrong drafts that are used come back: tickets reopen
    done = log.task_completed
    assert done[relied & wrong].mean() < done[relied & ~wrong].mean() - 0.2


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_confidence_threshold_trades_errors_for_coverage(seed):
    """Hide drafts below a confidence threshold t: fewer wrong drafts are used, and fewer
    drafts are shown and used at all."""
    log = _log(seed)
    relied, wrong = _relied(log).to_numpy(), (log.draft_correct == 0).to_numpy()
    c = log.confidence.to_numpy()

    def at(t):
        shown = c >= t
        return shown.mean(), (shown & relied & wrong).sum(), (shown & relied & ~wrong).sum()

    coverage_0, exposure_0, useful_0 = at(0.0)
    coverage_9, exposure_9, useful_9 = at(0.9)
    assert exposure_9 <= 0.85 * exposure_0
    assert coverage_9 <= coverage_0 - 0.15
    assert useful_9 <= 0.9 * useful_0
    # hiding costs more good drafts than it saves wrong ones
    assert useful_0 - useful_9 > exposure_0 - exposure_9


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_time_to_value_is_heavy_tailed(seed):
    seconds = _log(seed).seconds_to_first_useful.dropna().to_numpy()
    median, mean = np.median(seconds), seconds.mean()
    assert 10 < median < 40
    assert mean > 1.3 * median
    assert np.percentile(seconds, 99) > 5 * median
    assert stats.skew(seconds) > 3


# --- meeting notes ---------------------------------------------------------------------------


def test_meeting_notes_schema_and_consistency():
    notes = _notes(DEFAULT_SEED)
    assert list(notes.columns) == MEETING_COLUMNS
    assert 2_000 < len(notes) < 3_500
    for column in MEETING_COLUMNS:
        if column != "meeting_type":
            assert notes[column].dtype == np.int64, column
    assert pd.api.types.is_string_dtype(notes.meeting_type) or notes.meeting_type.dtype == object
    assert not notes.isna().any().any()
    assert set(notes.meeting_type) == set(assistant.MEETING_TYPES)
    assert notes.meeting_id.is_monotonic_increasing
    assert notes.meeting_id.nunique() == 12 * 45 and notes.week.max() == 12
    assert notes.user_id.between(1, 120).all()
    # one meeting, one set of facts; each attendee once
    per_meeting = notes.groupby("meeting_id")
    for column in ("week", "meeting_type", "duration_min", "decisions_recorded",
                   "decisions_captured", "summary_missed_decision"):
        assert (per_meeting[column].nunique() == 1).all(), column
    assert not notes.duplicated(["meeting_id", "user_id"]).any()
    assert per_meeting.size().between(2, 9).all()
    assert notes.duration_min.between(10, 90).all()
    # counts
    assert (notes.decisions_recorded >= 1).all()
    assert notes.decisions_captured.between(0, notes.decisions_recorded).all()
    np.testing.assert_array_equal(notes.summary_missed_decision,
                                  (notes.decisions_captured < notes.decisions_recorded).astype(int))
    assert notes.actions_taken.between(0, notes.decisions_recorded).all()
    assert notes.actions_aligned.between(0, notes.actions_taken).all()
    assert set(notes.skipped_recording) == {0, 1}


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_playback_skips_grow_while_summaries_do_not_improve(seed):
    notes = _notes(seed)
    weekly = notes.groupby("week").skipped_recording.mean()
    fit = stats.linregress(weekly.index.to_numpy(dtype=float), weekly.to_numpy())
    assert fit.slope > 0 and fit.pvalue < 0.01
    assert weekly.loc[10:12].mean() >= weekly.loc[1:3].mean() + 0.15
    meetings = notes.drop_duplicates("meeting_id")
    flawed = meetings.summary_missed_decision
    assert 0.10 <= flawed.mean() <= 0.30
    assert abs(flawed[meetings.week <= 6].mean() - flawed[meetings.week > 6].mean()) < 0.08


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_skippers_act_on_missing_decisions(seed):
    notes = _notes(seed)
    skip = notes.skipped_recording == 1
    flawed = notes.summary_missed_decision == 1
    # a flawed summary misleads those who skip the recording, and only them
    assert _alignment(notes[flawed & skip]) < _alignment(notes[flawed & ~skip]) - 0.15
    assert abs(_alignment(notes[~flawed & skip]) - _alignment(notes[~flawed & ~skip])) < 0.05
    assert _alignment(notes[skip]) < _alignment(notes[~skip])


def test_lesson_alignment_falls_as_trust_grows_pooled():
    early = pd.concat([_notes(s)[_notes(s).week <= 3] for s in SEEDS])
    late = pd.concat([_notes(s)[_notes(s).week >= 10] for s in SEEDS])
    assert _alignment(late) < _alignment(early) - 0.01
