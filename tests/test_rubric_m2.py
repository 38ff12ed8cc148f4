"""Module 2's three briefs (spam, screening, fraud) on a corpus of answers."""

from __future__ import annotations

import pytest

from ai_product_metrics.grading import score_brief
from ai_product_metrics.grading.rubrics import FRAUD_BRIEF, SCREENING_BRIEF, SPAM_BRIEF

SPAM = {
    "primary_metric": "Precision of the spam folder",
    "costlier_error": "A false positive: a real email hidden in the spam folder",
    "guardrail_metric": "Recall, the share of spam caught",
    "guardrail_floor": "0.80",
    "urgency": "Real time at delivery, under a second, no human in the loop",
    "why": "A lost invoice costs the user far more than deleting one extra spam, and each lost "
           "email damages trust in the filter.",
}
SCREENING = {
    "primary_metric": "Recall (sensitivity) for malignant cases",
    "costlier_error": "A false negative: a cancer the screen missed",
    "guardrail_metric": "Precision of the call-backs",
    "guardrail_floor": "30%",
    "urgency": "Days: a clinician reviews every flagged case",
    "why": "A missed cancer can be fatal while a false alarm costs one more appointment, so we "
           "accept more call-backs.",
}
FRAUD = {
    "primary_metric": "Expected cost in EUR (fraud losses plus declines)",
    "costlier_error": "A false negative on a large payment: the missed fraud costs its amount",
    "guardrail_metric": "Precision of declines",
    "guardrail_floor": "0.25",
    "urgency": "At authorisation, about 100 milliseconds, no human",
    "why": "A missed fraud costs its whole amount while a decline costs about 8 EUR, so high "
           "value payments get a lower threshold and small ones a stricter one.",
    "saving_eur": "1,234 EUR",
}
SAVING = 1234.4

CORPUS = [
    # (rubric, model brief, changes, expected points)
    ("spam: model", SPAM_BRIEF, SPAM, {}, 4.0),
    ("spam: synonyms", SPAM_BRIEF, SPAM, {
        "primary_metric": "positive predictive value (PPV)",
        "costlier_error": "Legitimate emails wrongly flagged",
        "guardrail_metric": "catch rate",
        "guardrail_floor": "at least 85 percent",
    }, 4.0),
    ("spam: recall as primary", SPAM_BRIEF, SPAM, {"primary_metric": "Recall"}, 3.0),
    ("spam: precision, not recall", SPAM_BRIEF, SPAM, {"primary_metric": "precision, not recall"}, 4.0),
    ("spam: wrong costlier error", SPAM_BRIEF, SPAM, {"costlier_error": "Missed spam reaching the inbox"}, 3.0),
    ("spam: both errors claimed", SPAM_BRIEF, SPAM, {
        "costlier_error": "false positives and false negatives"}, 3.0),
    ("spam: no floor number", SPAM_BRIEF, SPAM, {"guardrail_floor": "high enough"}, 3.5),
    ("spam: floor out of range", SPAM_BRIEF, SPAM, {"guardrail_floor": "100%"}, 3.5),
    ("spam: slow urgency", SPAM_BRIEF, SPAM, {"urgency": "whenever, in a weekly batch"}, 3.5),
    ("spam: stuffed primary", SPAM_BRIEF, SPAM, {
        "primary_metric": "precision, recall, F1, AUC, accuracy"}, 3.0),
    ("screening: model", SCREENING_BRIEF, SCREENING, {}, 4.0),
    ("screening: specificity guardrail", SCREENING_BRIEF, SCREENING, {
        "guardrail_metric": "false positive rate", "guardrail_floor": "0.2"}, 4.0),
    ("screening: precision as primary", SCREENING_BRIEF, SCREENING, {"primary_metric": "precision"}, 3.0),
    ("screening: fast urgency only", SCREENING_BRIEF, SCREENING, {"urgency": "instantly, in real time"}, 3.5),
    ("screening: costlier is FP", SCREENING_BRIEF, SCREENING, {
        "costlier_error": "false alarms that send healthy patients to biopsy"}, 3.0),
    ("fraud: model", FRAUD_BRIEF, FRAUD, {}, 5.0),
    ("fraud: accuracy as primary", FRAUD_BRIEF, FRAUD, {"primary_metric": "accuracy"}, 4.0),
    ("fraud: value-weighted recall", FRAUD_BRIEF, FRAUD, {"primary_metric": "euro-weighted recall"}, 5.0),
    ("fraud: wrong saving", FRAUD_BRIEF, FRAUD, {"saving_eur": "5,000 EUR"}, 4.5),
    ("fraud: saving within 1%", FRAUD_BRIEF, FRAUD, {"saving_eur": "about 1240 euros"}, 5.0),
    ("fraud: no segments", FRAUD_BRIEF, FRAUD, {
        "why": "A missed fraud costs a lot of money and declines annoy customers, so we must "
               "balance both errors carefully."}, 4.5),
    ("fraud: everything wrong", FRAUD_BRIEF, FRAUD, {
        "primary_metric": "accuracy", "costlier_error": "none", "guardrail_metric": "speed",
        "guardrail_floor": "fast", "urgency": "weekly", "why": "accuracy is what matters most",
        "saving_eur": "0"}, 0.0),
]


@pytest.mark.parametrize("label, rubric, model, changes, expected", CORPUS, ids=[c[0] for c in CORPUS])
def test_module2_corpus(label, rubric, model, changes, expected):
    score = score_brief({**model, **changes}, rubric, numbers={"segmented_saving_eur": SAVING},
                        verbose=False)
    assert score.points == pytest.approx(expected), score.report()


@pytest.mark.parametrize("rubric", [SPAM_BRIEF, SCREENING_BRIEF, FRAUD_BRIEF])
def test_stuffing_every_field_earns_little(rubric):
    stuffed = ("precision recall F1 AUC accuracy expected cost specificity satisfaction false "
               "positive false negative real time days segment amount harm cost 0.5 50%")
    score = score_brief({f: stuffed for f in rubric.fields}, rubric,
                        numbers={"segmented_saving_eur": SAVING}, verbose=False)
    assert score.points <= 0.25 * rubric.max_points, score.report()
