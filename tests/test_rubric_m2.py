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

# Kinds as in tests/test_rubric.py (model, right, partial, wrong, negation, stuffed, limit).
CORPUS = [
    # (kind, label, rubric, model brief, changes, expected points, why)
    ("model", "spam: model", SPAM_BRIEF, SPAM, {}, 4.0, "every item"),
    ("right", "spam: synonyms", SPAM_BRIEF, SPAM, {
        "primary_metric": "positive predictive value (PPV)",
        "costlier_error": "Legitimate emails wrongly flagged",
        "guardrail_metric": "catch rate",
        "guardrail_floor": "at least 85 percent",
    }, 4.0, "PPV is precision, catch rate is recall, '85 percent' is 0.85"),
    ("right", "spam: reordered", SPAM_BRIEF, SPAM, {
        "costlier_error": "Good email marked as spam, the false positive, is the expensive one",
        "urgency": "Inline as each message arrives: milliseconds, nobody reviews it",
    }, 4.0, "the error named after its example; the latency in other words"),
    ("right", "spam: floor as a fraction", SPAM_BRIEF, SPAM, {"guardrail_floor": "0.85"}, 4.0,
     "a fraction is a floor as much as a percentage"),
    ("model", "screening: model", SCREENING_BRIEF, SCREENING, {}, 4.0, "every item"),
    ("right", "screening: specificity guardrail", SCREENING_BRIEF, SCREENING, {
        "guardrail_metric": "false positive rate", "guardrail_floor": "0.2"}, 4.0,
     "the false positive rate watches the other side too"),
    ("right", "screening: British spelling", SCREENING_BRIEF, SCREENING, {
        "costlier_error": "A tumour that the screen missed",
        "urgency": "A radiologist reads every flagged scan within a few days",
    }, 4.0, "'tumour' and a missed case; a human reading within days"),
    ("right", "screening: floor in words and digits", SCREENING_BRIEF, SCREENING, {
        "guardrail_floor": "no lower than 30 percent"}, 4.0, "'30 percent' is 0.3"),
    ("model", "fraud: model", FRAUD_BRIEF, FRAUD, {}, 5.0, "every item"),
    ("right", "fraud: value-weighted recall", FRAUD_BRIEF, FRAUD, {
        "primary_metric": "euro-weighted recall"}, 5.0, "recall weighted by the amount at risk"),
    ("right", "fraud: money lost", FRAUD_BRIEF, FRAUD, {
        "primary_metric": "Money lost to fraud plus what declined good payments cost us"}, 5.0,
     "the expected cost in other words"),
    ("right", "fraud: saving within 1%", FRAUD_BRIEF, FRAUD, {"saving_eur": "about 1240 euros"},
     5.0, "a rounded saving within the tolerance"),
    ("right", "fraud: saving without a separator", FRAUD_BRIEF, FRAUD, {"saving_eur": "EUR 1234"},
     5.0, "the currency before the number"),
    ("right", "fraud: saving beside the costs it compares", FRAUD_BRIEF, FRAUD, {
        "saving_eur": "1,234 EUR: the two thresholds cost 8,766 EUR against 10,000 EUR for one"},
     5.0, "other numbers of the argument beside the answer"),
    ("negation", "spam: precision, not recall", SPAM_BRIEF, SPAM, {
        "primary_metric": "precision, not recall"}, 4.0, "'not recall' rules recall out"),
    ("negation", "spam: a negated list", SPAM_BRIEF, SPAM, {
        "primary_metric": "Not recall or accuracy: precision"}, 4.0,
     "the negation carries over 'or'; the colon ends it"),
    ("negation", "spam: the missed spam rejected", SPAM_BRIEF, SPAM, {
        "costlier_error": "Not the missed spam but the real email lost in the spam folder"}, 4.0,
     "the false negative is negated, 'but' affirms the false positive"),
    ("negation", "spam: precision refused", SPAM_BRIEF, SPAM, {
        "primary_metric": "I would not optimise precision; recall"}, 3.0,
     "precision is negated and recall is the wrong primary"),
    ("negation", "screening: recall rather than precision", SCREENING_BRIEF, SCREENING, {
        "primary_metric": "Recall rather than precision"}, 4.0, "'rather than' rejects precision"),
    ("negation", "screening: neither ... nor", SCREENING_BRIEF, SCREENING, {
        "costlier_error": "Neither a false alarm nor an extra call-back; a cancer we miss"}, 4.0,
     "the false positive is rejected; the missed cancer is the costlier error"),
    ("negation", "fraud: expected cost, not accuracy", FRAUD_BRIEF, FRAUD, {
        "primary_metric": "Expected cost in EUR, not accuracy"}, 5.0,
     "'not accuracy' rules accuracy out"),
    ("wrong", "spam: recall as primary", SPAM_BRIEF, SPAM, {"primary_metric": "Recall"}, 3.0,
     "recall lets good email into the spam folder"),
    ("wrong", "spam: wrong costlier error", SPAM_BRIEF, SPAM, {
        "costlier_error": "Missed spam reaching the inbox"}, 3.0, "the cheaper error"),
    ("wrong", "spam: both errors claimed", SPAM_BRIEF, SPAM, {
        "costlier_error": "false positives and false negatives"}, 3.0, "no choice made"),
    ("wrong", "spam: slow urgency", SPAM_BRIEF, SPAM, {"urgency": "whenever, in a weekly batch"},
     3.5, "mail is filtered as it arrives"),
    ("wrong", "screening: precision as primary", SCREENING_BRIEF, SCREENING, {
        "primary_metric": "precision"}, 3.0, "precision lets cancers through"),
    ("wrong", "screening: fast urgency only", SCREENING_BRIEF, SCREENING, {
        "urgency": "instantly, in real time"}, 3.5, "a clinician has days to review"),
    ("wrong", "screening: costlier is FP", SCREENING_BRIEF, SCREENING, {
        "costlier_error": "false alarms that send healthy patients to biopsy"}, 3.0,
     "the cheaper error"),
    ("wrong", "fraud: accuracy as primary", FRAUD_BRIEF, FRAUD, {"primary_metric": "accuracy"},
     4.0, "accuracy ignores the amounts"),
    ("wrong", "fraud: wrong saving", FRAUD_BRIEF, FRAUD, {"saving_eur": "5,000 EUR"}, 4.5,
     "not the learner's number"),
    ("wrong", "fraud: everything wrong", FRAUD_BRIEF, FRAUD, {
        "primary_metric": "accuracy", "costlier_error": "none", "guardrail_metric": "speed",
        "guardrail_floor": "fast", "urgency": "weekly", "why": "accuracy is what matters most",
        "saving_eur": "0"}, 0.0, "nothing right"),
    ("stuffed", "spam: stuffed primary", SPAM_BRIEF, SPAM, {
        "primary_metric": "precision, recall, F1, AUC, accuracy"}, 3.0,
     "focus: a primary names one metric"),
    ("stuffed", "spam: floor as many numbers", SPAM_BRIEF, SPAM, {
        "guardrail_floor": "0.1, 0.5, 0.8, 0.95, 0.99"}, 3.5, "five candidates: state one value"),
    ("stuffed", "screening: stuffed guardrail", SCREENING_BRIEF, SCREENING, {
        "guardrail_metric": "precision, specificity, recall, F1, AUC"}, 3.5,
     "focus: a guardrail names at most two metrics"),
    ("stuffed", "screening: why as a list of names", SCREENING_BRIEF, SCREENING, {
        "why": "harm cost risk precision recall F1 AUC accuracy"}, 3.5,
     "a list of names is not an argument"),
    ("stuffed", "fraud: saving as many numbers", FRAUD_BRIEF, FRAUD, {
        "saving_eur": "1000, 1100, 1200, 1234, 1300 EUR"}, 4.5, "five candidates: state one value"),
    ("stuffed", "fraud: saving as a range", FRAUD_BRIEF, FRAUD, {
        "saving_eur": "between 1,234 and 1,500 EUR"}, 4.5,
     "the ends of a range are not an answer, even when one is right"),
    ("stuffed", "fraud: saving hedged", FRAUD_BRIEF, FRAUD, {"saving_eur": "1,234 or 2,000 EUR"},
     4.5, "a choice between two numbers, one of them wrong"),
    ("partial", "spam: no floor number", SPAM_BRIEF, SPAM, {"guardrail_floor": "high enough"},
     3.5, "a floor needs a number"),
    ("partial", "spam: floor out of range", SPAM_BRIEF, SPAM, {"guardrail_floor": "100%"}, 3.5,
     "a floor of 100 % is no trade-off"),
    ("partial", "fraud: no segments", FRAUD_BRIEF, FRAUD, {
        "why": "A missed fraud costs a lot of money and declines annoy customers, so we must "
               "balance both errors carefully."}, 4.5, "the amount is not used"),
    ("partial", "fraud: floor as a range", FRAUD_BRIEF, FRAUD, {
        "guardrail_floor": "somewhere between 0.2 and 0.3"}, 4.5,
     "a floor is one number: the ends of a range are not an answer"),
]


@pytest.mark.parametrize("kind, label, rubric, model, changes, expected, why", CORPUS,
                         ids=[c[1] for c in CORPUS])
def test_module2_corpus(kind, label, rubric, model, changes, expected, why):
    score = score_brief({**model, **changes}, rubric, numbers={"segmented_saving_eur": SAVING},
                        verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("rubric", [SPAM_BRIEF, SCREENING_BRIEF, FRAUD_BRIEF])
def test_stuffing_every_field_earns_little(rubric):
    stuffed = ("precision recall F1 AUC accuracy expected cost specificity satisfaction false "
               "positive false negative real time days segment amount harm cost 0.5 50%")
    score = score_brief({f: stuffed for f in rubric.fields}, rubric,
                        numbers={"segmented_saving_eur": SAVING}, verbose=False)
    assert score.points <= 0.25 * rubric.max_points, score.report()
