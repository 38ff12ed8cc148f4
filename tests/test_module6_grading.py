"""Module 6 (capstone) graded honestly, proven through real nbgrader (see test_module1_grading.py).

Submissions: the standard ones (solution, untouched release, each answer cell reset to its stub,
another learner, learner A's work submitted as learner C), plus a keyword-stuffed submission
(every written field a list of metric names), a learner who optimises the metric that guards
the cheaper error, and a learner whose threshold breaks the guardrail floor.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import precision_score, recall_score

from ai_product_metrics.datasets import capstone
from ai_product_metrics.grading import capstone as framework
from ai_product_metrics.grading import seed_from_id

from .harness import StandardRoundTrip, decisions, grade_round_trip

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "06_capstone"
MANUAL = {"m6-framework"}
# cells whose answers are numbers of the learner's own data: another learner's cannot match
DATA_DEPENDENT = ["m6-rates-test", "m6-error-cost-test", "m6-engagement-test", "m6-hotspot-test",
                  "m6-latency-test"]
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
WRITTEN = ["m6-selection-test", "m6-stack-test", "m6-pushbacks-test", "m6-swap-test"]


def primary_of(student: str) -> str:
    scenario = capstone.scenario_for_seed(seed_from_id(student))
    return "precision" if scenario.answer_key.costlier[0] == "false_positive" else "recall"


def thresholds_keeping_floor(student: str, primary: str) -> dict[float, float]:
    """Primary metric at every threshold whose other metric keeps the scenario's floor."""
    seed = seed_from_id(student)
    scenario = capstone.scenario_for_seed(seed)
    table = capstone.make_scenario_table(scenario, random_state=seed)
    score = {"precision": precision_score, "recall": recall_score}
    counter = "recall" if primary == "precision" else "precision"
    kept = {}
    for threshold in THRESHOLDS:
        flag = (table["score"] >= threshold).astype(int)
        if score[counter](table["label"], flag, zero_division=0) >= scenario.answer_key.guardrail_floor:
            kept[float(threshold)] = score[primary](table["label"], flag, zero_division=0)
    return kept


def decisions_for(student: str, *, primary: str | None = None, worst: bool = False) -> dict:
    primary = primary or primary_of(student)
    kept = thresholds_keeping_floor(student, primary)
    if worst:  # the threshold just past the best one: the floor breaks
        best = max(kept, key=kept.get)
        threshold = float(min(t for t in THRESHOLDS if t not in kept and abs(t - best) < 0.5))
    else:
        threshold = max(kept, key=kept.get)
    return {"m6-framework": {"primary": primary, "threshold": threshold, "floor": 0.0}}


STUFFED = ", ".join(["precision", "recall", "F1", "accuracy", "AUC", "override rate",
                     "acceptance rate", "engagement", "CTR", "latency", "p95", "revenue",
                     "retention", "churn", "CSAT", "NPS", "calibration", "ECE", "drift",
                     "false positives", "false negatives", "task completion"])
STUFFED_SOURCES = {
    "m6-selection": "selection_brief = {f: STUFF for f in framework.SELECTION_FIELDS}",
    "m6-stack": "stack = {f: STUFF for f in framework.STACK_FIELDS}",
    "m6-pushbacks": "defences = [{f: STUFF for f in framework.PUSHBACK_FIELDS} for _ in range(3)]",
    "m6-swap": "swap = {f: STUFF for f in framework.SWAP_FIELDS}",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        stuffed = {cell: f"STUFF = {STUFFED!r}\n{source}" for cell, source in STUFFED_SOURCES.items()}
        course.submit("stuffer", sources=stuffed, files=decisions(**decisions_for("stuffer")))
        cheap = "precision" if primary_of("cheap-error") == "recall" else "recall"
        course.submit("cheap-error", files=decisions(**decisions_for("cheap-error", primary=cheap)))
        course.submit("floor-breaker", files=decisions(**decisions_for("floor-breaker", worst=True)))

    return grade_round_trip(tmp_path_factory.mktemp("m6"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_written_checkpoints_carry_most_of_the_grade(graded):
    _, _, points = graded
    written = sum(points[c] for c in [*WRITTEN, *MANUAL])
    assert written > sum(points.values()) / 2


def test_keyword_stuffing_earns_a_small_fraction(graded):
    course, _, points = graded
    scores = course.scores("stuffer")
    for cell in WRITTEN:
        assert scores[cell] <= 0.25 * points[cell], f"{cell}: stuffing earned {scores[cell]}"
    # the computational checkpoints are untouched
    assert scores["m6-rates-test"] == points["m6-rates-test"]


def test_optimising_the_cheaper_error_earns_nothing_for_the_decision(graded):
    course, _, _ = graded
    assert course.scores("cheap-error")["m6-widget-test"] == 0


def test_a_threshold_that_breaks_the_floor_earns_nothing(graded):
    course, _, _ = graded
    assert course.scores("floor-breaker")["m6-widget-test"] == 0
    assert course.scores("solution")["m6-widget-test"] == 2


def test_learners_get_different_scenarios_and_pushbacks():
    students = ["solution", "learner-b", "learner-a", "stuffer", "cheap-error", "floor-breaker"]
    scenarios = {capstone.scenario_for_seed(seed_from_id(s)).key for s in students}
    pushbacks = {tuple(p.key for p in framework.pushbacks_for_seed(seed_from_id(s))) for s in students}
    assert len(scenarios) >= 3
    assert len(pushbacks) >= 3
