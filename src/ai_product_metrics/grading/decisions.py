"""Grade a decision (a threshold, a week, a setting chosen in a widget) by its consequence."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DecisionScore", "score_decision"]


@dataclass
class DecisionScore:
    """The points a decision earns and why."""

    points: float
    max_points: float
    choice: Any
    cost: float
    best_cost: float
    reason: str


def score_decision(
    choice: Any,
    costs: Mapping[Any, float],
    *,
    points: float,
    full_credit_regret: float = 0.0,
    unit: str = "",
    verbose: bool = True,
) -> DecisionScore:
    """Score a choice by how much worse its cost is than the best available option.

    The regret is ``cost(choice) - min(costs)``. A regret up to ``full_credit_regret`` earns
    full points; above it the points fall linearly and reach zero at the regret of the worst
    option. The feedback states the consequence, never which option is best.

    Parameters
    ----------
    choice : hashable
        The learner's decision (must be one of the options).
    costs : mapping
        Cost of every option, in a stated unit (lower is better).
    points : float
        Points of the checkpoint.
    full_credit_regret : float
        Regret still worth full points (the stated tolerance).
    unit : str
        Unit of the costs, for the feedback.
    verbose : bool
        Print the feedback.

    Examples
    --------
    >>> costs = {1: 50.0, 2: 10.0, 3: 30.0, 4: 90.0}
    >>> score_decision(2, costs, points=2, verbose=False).points
    2.0
    >>> score_decision(3, costs, points=2, verbose=False).points
    1.5
    >>> score_decision(4, costs, points=2, verbose=False).points
    0.0
    """
    if not costs:
        raise ValueError("costs must list at least one option")
    if points <= 0:
        raise ValueError("points must be positive")
    values = [float(v) for v in costs.values()]
    if any(math.isnan(v) for v in values):
        raise ValueError("costs contain NaN")
    if choice not in costs:
        options = sorted(costs, key=str)
        shown = f"{options[0]} ... {options[-1]}" if len(options) > 6 else ", ".join(map(str, options))
        raise ValueError(f"{choice!r} is not one of the options ({shown})")
    best, worst = min(values), max(values)
    cost = float(costs[choice])
    regret = cost - best
    span = worst - best - full_credit_regret
    if regret <= full_credit_regret + 1e-12:
        earned = float(points)
    elif span <= 0:
        earned = 0.0
    else:
        earned = max(0.0, points * (1 - (regret - full_credit_regret) / span))
    earned = round(earned, 2)
    u = f" {unit}" if unit else ""
    if earned == points:
        reason = f"Your choice ({choice}) costs {cost:,.0f}{u}: as good as it gets on your data."
    else:
        reason = (f"Your choice ({choice}) costs {cost:,.0f}{u}, {regret:,.0f}{u} more than the "
                  f"best option on your data; {earned:g} of {points:g} points.")
    if verbose:
        print(reason)
    return DecisionScore(earned, float(points), choice, cost, best, reason)
