"""Grading a decision by its consequence."""

from __future__ import annotations

import pytest

from ai_product_metrics.grading import score_decision

COSTS = {1: 100.0, 2: 20.0, 3: 40.0, 4: 120.0}


def test_best_choice_gets_full_points():
    assert score_decision(2, COSTS, points=3, verbose=False).points == 3


def test_points_fall_linearly_with_regret():
    # regret 20 of a possible 100 -> 80 % of the points
    assert score_decision(3, COSTS, points=3, verbose=False).points == pytest.approx(2.4)
    assert score_decision(4, COSTS, points=3, verbose=False).points == 0


def test_tolerance_gives_full_credit_within_it():
    assert score_decision(3, COSTS, points=3, full_credit_regret=20, verbose=False).points == 3
    # beyond the tolerance, the scale runs from the tolerance to the worst regret
    assert score_decision(1, COSTS, points=3, full_credit_regret=20,
                          verbose=False).points == pytest.approx(3 * (1 - 60 / 80))


def test_feedback_states_the_consequence_not_the_best_option(capsys):
    score_decision(3, COSTS, points=3, unit="summaries")
    out = capsys.readouterr().out
    assert "40 summaries" in out and "20 summaries more" in out
    assert "option 2" not in out


@pytest.mark.parametrize("choice, costs, message", [
    (9, COSTS, "not one of the options"),
    (1, {}, "at least one option"),
    (1, {1: float("nan")}, "NaN"),
])
def test_bad_input(choice, costs, message):
    with pytest.raises(ValueError, match=message):
        score_decision(choice, costs, points=1, verbose=False)
