"""Module 2 graded honestly, proven through real nbgrader (see test_module1_grading.py).

Submissions: the solution (with the cost-optimal thresholds saved by the widgets), the
untouched release, each answer cell reset to its stub, another learner, learner A's work
submitted as learner C, and a partial submission (a half-right brief, a poor threshold).
"""

from __future__ import annotations

import numpy as np
import pytest

from ai_product_metrics import datasets
from ai_product_metrics.grading import rubrics, score_brief, score_decision, seed_from_id

from .harness import (
    StandardRoundTrip,
    decisions,
    grade_round_trip,
)

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "02_precision_recall"
MANUAL = {"m2-reflection"}
DATA_DEPENDENT = ["m2-segmented-test", "m2-baselines-test", "m2-ranking-test", "m2-generation-test"]
GRID = np.round(np.arange(0, 1.0001, 0.01), 2)


def threshold_costs(y, s, fp_cost, fn_cost) -> dict[float, float]:
    """Expected cost on the grid, written out independently of the package."""
    y, s = np.asarray(y), np.asarray(s)
    return {float(t): float(fp_cost * np.sum((s >= t) & (y == 0)) + fn_cost * np.sum((s < t) & (y == 1)))
            for t in GRID}


def best_thresholds(student: str) -> dict[str, float]:
    seed = seed_from_id(student)
    spam = datasets.make_spam_emails(random_state=seed)
    screening = datasets.load_screening(random_state=seed)
    spam_costs = threshold_costs(spam.is_spam, spam.spam_score, 10.0, 1.0)
    screening_costs = threshold_costs(screening.malignant, screening.risk_score, 1.0, 40.0)
    return {"m2_spam_threshold": min(spam_costs, key=spam_costs.get),
            "m2_screening_threshold": min(screening_costs, key=screening_costs.get)}


decisions_for = best_thresholds


LIBRARY_AUC = '''from sklearn.metrics import roc_auc_score


def roc_auc(y_true, scores):
    return float(roc_auc_score(y_true, scores))
'''

PARTIAL_BRIEF = '''spam_brief = {
    "primary_metric": "Recall of spam",
    "costlier_error": "A false positive: a good email lost in the spam folder",
    "guardrail_metric": "precision",
    "guardrail_floor": "as high as possible",
    "urgency": "at delivery, within a second",
    "why": "spam is annoying",
}'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        poor = {**best_thresholds("partial"), "m2_spam_threshold": 0.5}
        course.submit("partial", sources={"m2-brief-spam": PARTIAL_BRIEF}, files=decisions(**poor))
        course.submit("library", sources={"m2-auc": LIBRARY_AUC},
                      files=decisions(**best_thresholds("library")))

    return grade_round_trip(tmp_path_factory.mktemp("m2"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_pasted_brief_keeps_the_other_learners_number(graded):
    course, _, points = graded
    scores = course.scores("pasted")
    assert scores["m2-brief-fraud-test"] < points["m2-brief-fraud-test"]


def test_a_correct_answer_that_calls_the_library_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("library")
    assert scores["m2-auc-test"] == 0  # right numbers, but not written from scratch
    assert scores["m2-scratch-test"] == 4  # the rest of the notebook is unaffected


def test_partial_credit_is_recorded_by_nbgrader(graded):
    course, _, _ = graded
    scores = course.scores("partial")
    namespace: dict = {}
    exec(PARTIAL_BRIEF, namespace)
    expected = score_brief(namespace["spam_brief"], rubrics.SPAM_BRIEF, verbose=False).points
    assert 0 < expected < rubrics.SPAM_BRIEF.max_points
    assert scores["m2-brief-spam-test"] == pytest.approx(expected)
    spam = datasets.make_spam_emails(random_state=seed_from_id("partial"))
    costs = threshold_costs(spam.is_spam, spam.spam_score, 10.0, 1.0)
    decision = score_decision(0.5, costs, points=2, full_credit_regret=0.05 * min(costs.values()),
                              verbose=False).points
    assert 0 < decision < 2
    assert scores["m2-spam-threshold-test"] == pytest.approx(decision)
