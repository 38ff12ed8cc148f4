"""Module 4 graded honestly, proven through real nbgrader (see test_module1_grading.py).

Submissions: the solution (with the cost-optimal display threshold saved by the explorer),
the untouched release, each answer cell reset to its stub, another learner, learner A's work
submitted as learner C, an ECE that forgets to weight the bins, an edit distance that calls
rapidfuzz, and a partial submission (a half-right trust brief, "show every draft", which
misses the guardrail).
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

ASSIGNMENT = "04_trust"
MANUAL = {"m4-reflection"}
# cells whose answers are floats computed from the data: another learner's values cannot match
DATA_DEPENDENT = ["m4-ux-metrics-test", "m4-edit-distance-test", "m4-time-to-value-test",
                  "m4-reliance-test", "m4-recalibration-test", "m4-notes-test"]
GRID = np.round(np.arange(0, 1.0001, 0.01), 2)


def threshold_costs(student: str) -> dict[float, float]:
    """Checkpoint 9's consequence of every threshold, written out independently: drafts
    hidden when wrong replies sent fall to 75 % of showing everything, else every draft."""
    d = datasets.make_assistant_interactions(random_state=seed_from_id(student))
    c, ok = d.confidence.to_numpy(), d.draft_correct.to_numpy() == 1
    relied = d.outcome.isin(["accepted", "edited"]).to_numpy()
    exposure = {float(t): np.sum((c >= t) & relied & ~ok) for t in GRID}
    return {t: float(np.sum(c < t) if e <= 0.75 * exposure[0.0] else len(c)) for t, e in exposure.items()}


def decisions_for(student: str) -> dict:
    costs = threshold_costs(student)
    return {"m4_confidence_threshold": min(costs, key=costs.get)}


# the bins' gaps averaged without weighting each bin by its share of drafts: a common slip
WRONG_ECE = '''def expected_calibration_error(correct, confidence, n_bins=10):
    y = np.asarray(correct, dtype=float)
    p = np.asarray(confidence, dtype=float)
    if y.size == 0 or y.size != p.size:
        raise ValueError("bad input")
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p)
    gaps = [abs(y[bins == b].mean() - p[bins == b].mean()) for b in range(n_bins) if np.any(bins == b)]
    return float(np.mean(gaps))


ece = expected_calibration_error(drafts["draft_correct"], drafts["confidence"])
'''

LIBRARY_DISTANCE = '''from rapidfuzz.distance import Levenshtein


def word_edit_distance(draft, final):
    return float(Levenshtein.normalized_distance(str(draft).split(), str(final).split()))


edited = drafts[drafts["outcome"] == "edited"]
edit_distance_by_correctness = pd.Series(
    [word_edit_distance(d, f) for d, f in zip(edited["draft_text"], edited["final_text"])],
    index=edited.index).groupby(edited["draft_correct"]).mean()
'''

PARTIAL_BRIEF = '''trust_brief = {
    "dashboard_metric": "Acceptance rate of drafts",
    "why": "If agents accept more drafts it means they trust the assistant more, which is what we want.",
    "counter_signal": "Task completion rate",
    "change_mind": "If task completion fell while acceptance rose",
    "ece": "0.5",
}'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        course.submit("partial", sources={"m4-brief-trust": PARTIAL_BRIEF},
                      files=decisions(m4_confidence_threshold=0.0))
        course.submit("wrong-ece", sources={"m4-ece": WRONG_ECE}, files=decisions(**decisions_for("wrong-ece")))
        course.submit("library", sources={"m4-edit-distance": LIBRARY_DISTANCE},
                      files=decisions(**decisions_for("library")))

    return grade_round_trip(tmp_path_factory.mktemp("m4"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_an_unweighted_ece_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("wrong-ece")
    assert scores["m4-ece-test"] == 0
    assert scores["m4-reliance-test"] == 2  # the rest of the notebook is unaffected


def test_an_edit_distance_that_calls_rapidfuzz_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("library")
    assert scores["m4-edit-distance-test"] == 0  # right numbers, but not written from scratch
    assert scores["m4-ux-metrics-test"] == 3


def test_partial_credit_is_recorded_by_nbgrader(graded):
    course, _, _ = graded
    scores = course.scores("partial")
    namespace: dict = {}
    exec(PARTIAL_BRIEF, namespace)
    d = datasets.make_assistant_interactions(random_state=seed_from_id("partial"))
    from sklearn.calibration import calibration_curve

    accuracy, said = calibration_curve(d.draft_correct, d.confidence, n_bins=10, strategy="uniform")
    counts = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], d.confidence), minlength=10)
    ece = float(np.sum(counts[counts > 0] / len(d) * np.abs(accuracy - said)))
    expected = score_brief(namespace["trust_brief"], rubrics.TRUST_BRIEF, verbose=False,
                           numbers={"ece": ece}).points
    assert 0 < expected < rubrics.TRUST_BRIEF.max_points
    assert scores["m4-brief-trust-test"] == pytest.approx(expected)
    costs = threshold_costs("partial")
    assert score_decision(0.0, costs, points=2, verbose=False).points == 0  # misses the guardrail
    assert scores["m4-widget-test"] == 0
