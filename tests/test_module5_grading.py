"""Module 5 graded honestly, proven through real nbgrader (see test_module1_grading.py).

Submissions: the solution (with the explorer left on the chatbot's best pressure for true
resolution), the untouched release, each answer cell reset to its stub, another learner,
learner A's work submitted as learner C, an interval built from the spread of single chats
instead of the standard error, and a
partial submission (a half-right recommender brief, the chatbot pushed to the guardrail).
"""

from __future__ import annotations

import numpy as np
import pytest

from ai_product_metrics.datasets import goodhart
from ai_product_metrics.grading import rubrics, score_brief, score_decision, seed_from_id

from .harness import (
    StandardRoundTrip,
    decisions,
    grade_round_trip,
)

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "05_counter_metrics"
MANUAL = {"m5-reflection"}
# cells whose answers are numbers of the learner's own data: another learner's cannot match
DATA_DEPENDENT = ["m5-feedback-test", "m5-ab-test", "m5-naive-test", "m5-break-even-test"]


def true_resolution_lost(student: str) -> dict[float, float]:
    """Points of true resolution lost at every chatbot pressure against the best one."""
    run = goodhart.simulate_support_chatbot(random_state=seed_from_id(student))
    best = run.true_resolution.max()
    return {round(float(p), 2): float(100 * (best - v)) for p, v in zip(run.pressure, run.true_resolution, strict=True)}


def decisions_for(student: str, pressure: float | None = None) -> dict:
    lost = true_resolution_lost(student)
    chosen = min(lost, key=lost.get) if pressure is None else pressure
    return {"m5_pressure": {"scenario": "support_chatbot", "pressure": chosen}}


def recommender_ship_step(student: str) -> int:
    run = goodhart.simulate_recommender(random_state=seed_from_id(student))
    crossing = run.step[run.return_rate > goodhart.RETURN_RATE_LIMIT].min()
    before = run[run.step < crossing]
    return int(before.step.iloc[int(np.argmax(before.ctr.to_numpy()))])


# the spread of single chats where the spread of the mean belongs: a classic slip
SD_CI = '''assisted, control = ab[ab["arm"] == "assisted"], ab[ab["arm"] == "control"]
revenue_lift = float(assisted["revenue_eur"].mean() - control["revenue_eur"].mean())
spread = float(np.sqrt(assisted["revenue_eur"].var() + control["revenue_eur"].var()))
revenue_ci = (revenue_lift - 1.96 * spread, revenue_lift + 1.96 * spread)
deflection_lift = float(assisted["ticket_deflected"].mean() - control["ticket_deflected"].mean())
'''

PARTIAL_BRIEF = '''recommender_brief = {
    "primary_metric": "Click-through rate of the strip",
    "counter_metric": "Time spent on the product page",
    "guardrail": "keep it healthy",
    "watch": "revenue",
    "ship_step": "20",
}'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        course.submit("partial", sources={"m5-brief-recommender": PARTIAL_BRIEF},
                      files=decisions(**decisions_for("partial", pressure=1.0)))
        course.submit("sd-interval", sources={"m5-ab": SD_CI}, files=decisions(**decisions_for("sd-interval")))

    return grade_round_trip(tmp_path_factory.mktemp("m5"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_an_interval_from_the_spread_of_single_chats_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("sd-interval")
    assert scores["m5-ab-test"] == 0
    assert scores["m5-naive-test"] == 2  # the lift itself is right, so what builds on it still scores


def test_partial_credit_is_recorded_by_nbgrader(graded):
    course, _, _ = graded
    scores = course.scores("partial")
    namespace: dict = {}
    exec(PARTIAL_BRIEF, namespace)
    expected = score_brief(namespace["recommender_brief"], rubrics.RECOMMENDER_BRIEF, verbose=False,
                           numbers={"ship_step": recommender_ship_step("partial")}).points
    assert 0 < expected < rubrics.RECOMMENDER_BRIEF.max_points
    assert scores["m5-brief-recommender-test"] == pytest.approx(expected)
    lost = true_resolution_lost("partial")
    decision = score_decision(1.0, lost, points=2, full_credit_regret=0.5, verbose=False).points
    assert decision < 2
    assert scores["m5-widget-test"] == pytest.approx(decision)
