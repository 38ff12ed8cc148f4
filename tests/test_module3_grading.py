"""Module 3 graded honestly, proven through real nbgrader (see test_module1_grading.py).

Submissions: the solution (with the explorer left on the smallest distance shift that
Evidently flags), the untouched release, each answer cell reset to its stub, another learner,
learner A's work submitted as learner C, a PSI that bins the usual wrong way, a PSI that calls
the package, and a partial submission (a half-right triage brief, the explorer one step off).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import wasserstein_distance

from ai_product_metrics import datasets
from ai_product_metrics.grading import rubrics, score_brief, seed_from_id

from .harness import (
    StandardRoundTrip,
    decisions,
    grade_round_trip,
)

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "03_drift"
MANUAL = {"m3-reflection"}
# cells whose answers are floats computed from the data: another learner's values cannot match
DATA_DEPENDENT = ["m3-psi-weekly-test", "m3-concept-test", "m3-ops-test", "m3-recency-test"]
GRID = [round(0.05 * k, 2) for k in range(21)]


def smallest_flagged_shift(student: str) -> float:
    """Evidently's rule on the explorer's data, written out with SciPy (not the package)."""
    log = datasets.make_production_log(random_state=seed_from_id(student))
    r = log.loc[log.week <= 2, "distance_km"].to_numpy()
    c = log.loc[log.week.between(3, 4), "distance_km"].to_numpy()
    return next(m for m in GRID if wasserstein_distance(r, c * (1 + m)) / np.std(r) >= 0.1)


def lead_time_days(student: str) -> int:
    """Checkpoint 8 written out: end of the refunds' move week minus the accuracy alarm day."""
    seed = seed_from_id(student)
    log, business = datasets.make_production_log(random_state=seed), datasets.make_weekly_business(random_state=seed)
    reference = log[log.week <= 4]
    floor = (reference.late == reference.predicted_late).mean() - 0.05
    weekly = (log.late == log.predicted_late).groupby(log.week).mean()
    start = next(w for w in weekly.index if (weekly.loc[w:] <= floor).all())
    alarm = min(
        d for w in range(start, 21) for d in range(7 * w, 7 * w + 21)
        if (known := log[(log.week == w) & (log.label_available_day <= d)]).shape[0] >= 500
        and (known.late == known.predicted_late).mean() <= floor
    )
    rate, week = (business.refund_requests / business.orders).to_numpy(), business.week.to_numpy()
    line = rate[week < start].mean() + 3 * rate[week < start].std(ddof=1)
    return 7 * int(week[(rate > line) & (week >= start)][0]) - 1 - alarm


def decisions_for(student: str, offset: int = 0) -> dict:
    m = GRID[GRID.index(smallest_flagged_shift(student)) + offset]
    return {"m3_drift_setting": {"kind": "covariate: distance", "magnitude": m}}


# right-closed bins over the reference's range, values outside it dropped: a common slip
WRONG_PSI = '''def psi(reference, current, bins=10):
    r = np.asarray(reference, dtype=float)
    c = np.asarray(current, dtype=float)
    if r.size == 0 or c.size == 0 or np.isnan(r).any() or np.isnan(c).any():
        raise ValueError("bad sample")
    edges = np.unique(np.quantile(r, np.linspace(0, 1, bins + 1)))
    rs = np.maximum(np.histogram(r, edges)[0] / r.size, 1e-4)
    cs = np.maximum(np.histogram(c, edges)[0] / c.size, 1e-4)
    return float(np.sum((cs - rs) * np.log(cs / rs)))
'''

LIBRARY_PSI = '''def psi(reference, current, bins=10):
    return apm.drift.population_stability_index(reference, current, bins=bins)
'''

PARTIAL_TRIAGE = '''triage_brief = {
    "page_on": "PSI above 0.25 on any input feature",
    "page_first_action": "Roll back to the previous model version",
    "dashboard_only": "p99 latency",
    "dashboard_first_action": "look at it in the weekly review",
    "why": "drift is bad",
    "lead_time_days": "3",
}'''


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    def submit_more(course):
        course.submit("partial", sources={"m3-brief-triage": PARTIAL_TRIAGE},
                      files=decisions(**decisions_for("partial", offset=1)))
        course.submit("wrong-psi", sources={"m3-psi": WRONG_PSI}, files=decisions(**decisions_for("wrong-psi")))
        course.submit("library", sources={"m3-psi": LIBRARY_PSI}, files=decisions(**decisions_for("library")))

    return grade_round_trip(tmp_path_factory.mktemp("m3"), ASSIGNMENT, decisions_for, submit_more)


class TestStandardRoundTrip(StandardRoundTrip):
    MANUAL = MANUAL
    DATA_DEPENDENT = DATA_DEPENDENT


def test_the_usual_psi_binning_slip_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("wrong-psi")
    assert scores["m3-psi-test"] == 0
    assert scores["m3-ops-test"] == 3  # the rest of the notebook is unaffected


def test_a_psi_that_calls_the_package_earns_nothing(graded):
    course, _, _ = graded
    scores = course.scores("library")
    assert scores["m3-psi-test"] == 0  # right numbers, but not written from scratch
    assert scores["m3-psi-weekly-test"] == 2


def test_partial_credit_is_recorded_by_nbgrader(graded):
    course, _, _ = graded
    scores = course.scores("partial")
    namespace: dict = {}
    exec(PARTIAL_TRIAGE, namespace)
    expected = score_brief(namespace["triage_brief"], rubrics.ALARM_TRIAGE_BRIEF, verbose=False,
                           numbers={"lead_time_days": lead_time_days("partial")}).points
    assert 0 < expected < rubrics.ALARM_TRIAGE_BRIEF.max_points
    assert scores["m3-brief-triage-test"] == pytest.approx(expected)
    assert scores["m3-widget-test"] == pytest.approx(1.0)  # one grid step off: half the points
