"""Module 1 graded honestly, proven through real nbgrader (generate_assignment + autograde).

One autograde run grades every submission below:

- ``solution``: the solution for its learner -> full marks on every autograded cell;
- ``release``: the untouched student notebook -> 0 on every graded cell;
- ``stub-<cell>``: the solution with only that answer cell reset to its stub -> that
  cell's own checkpoint loses its points (so no test passes on a stub);
- ``learner-b``: a correct solution for another learner -> full marks;
- ``pasted``: learner A's work (A's seed and numbers) submitted as learner C -> the
  data-dependent hidden checks fail;
- ``partial``: a half-right brief and a late decision -> partial credit, equal to what the
  rubric and decision scorers give in-process.
"""

from __future__ import annotations

import pytest

from ai_product_metrics import datasets
from ai_product_metrics.grading import rubrics, score_brief, score_decision, seed_from_id

from .harness import (
    StandardRoundTrip,
    decisions,
    grade_round_trip,
)

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_engagement"
MANUAL = {"m1-reflection"}
DATA_DEPENDENT = ["m1-weekly-test", "m1-corr-test", "m1-edit-share-test", "m1-novelty-test"]


def best_week(student: str) -> int:
    costs = datasets.rollback_costs(random_state=seed_from_id(student))
    return min(costs, key=costs.get)


def decisions_for(student: str) -> dict:
    return {"m1_rollback_week": best_week(student)}


PARTIAL_BRIEF = '''brief = {
    "primary_metric": "Click-through rate of summaries",
    "counter_metric": "hallucination rate from the audit",
    "baseline": "about 20%",
    "reconsider_signal": "if completion falls while clicks keep rising",
    "justification": "Users spent longer on each summary because they were editing it, which is "
                     "work, and we mistook that work for interest in the feature.",
}'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        course.submit("partial", sources={"m1-brief": PARTIAL_BRIEF},
                      files=decisions(m1_rollback_week=best_week("partial") + 2))

    return grade_round_trip(tmp_path_factory.mktemp("m1"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_pasted_brief_keeps_the_other_learners_number(graded):
    course, _, points = graded
    scores = course.scores("pasted")
    assert scores["m1-brief-test"] < points["m1-brief-test"]  # the baseline is A's, not C's


def test_partial_credit_is_recorded_by_nbgrader(graded):
    course, _, points = graded
    scores = course.scores("partial")
    seed = seed_from_id("partial")
    log = datasets.make_summary_feature_log(random_state=seed)
    early = log[log.week <= 4]
    namespace: dict = {}
    exec(PARTIAL_BRIEF, namespace)
    expected_brief = score_brief(
        namespace["brief"], rubrics.SUMMARY_FEATURE_BRIEF,
        numbers={"baseline_hallucination_rate": early.hallucinated.sum() / early.audited.sum()},
        verbose=False,
    ).points
    assert 0 < expected_brief < points["m1-brief-test"]
    assert scores["m1-brief-test"] == pytest.approx(expected_brief)
    costs = datasets.rollback_costs(random_state=seed)
    expected_decision = score_decision(best_week("partial") + 2, costs, points=2, verbose=False).points
    assert 0 < expected_decision < 2
    assert scores["m1-rollback-test"] == pytest.approx(expected_decision)


def test_feedback_shows_scores_but_never_hidden_tests(graded):
    import subprocess

    from .conftest import subprocess_env

    course, _, _ = graded
    result = subprocess.run(["nbgrader", "generate_feedback", ASSIGNMENT, "--force"],
                            cwd=course.root, env=subprocess_env(), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    for student in ("solution", "partial"):
        html = (course.root / "feedback" / student / ASSIGNMENT / "engagement.html").read_text()
        # identifiers that exist only inside hidden tests
        for hidden in ("BEGIN HIDDEN TESTS", "rollback_costs", "pearsonr", "np.bincount",
                       "_early.hallucinated"):
            assert hidden not in html, f"feedback for {student} shows hidden test code ({hidden})"
        assert "Score:" in html or "score" in html.lower()
    partial = (course.root / "feedback" / "partial" / ASSIGNMENT / "engagement.html").read_text()
    assert "Brief scored" in partial  # the rubric's reasons reach the learner
