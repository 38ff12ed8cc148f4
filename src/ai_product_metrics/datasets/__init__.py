"""Seeded datasets, one scenario per module, and their canonical CSV exports.

All are synthetic except `load_screening`, a model fitted on scikit-learn's bundled
breast-cancer data (the seed only chooses the train/test split).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..grading.seeds import DEFAULT_LEARNER_ID, seed_from_id
from .assistant import make_assistant_interactions, make_meeting_notes
from .capstone import SCENARIOS as CAPSTONE_SCENARIOS
from .capstone import (
    make_capstone_scenarios,
    make_scenario_table,
    scenario_for_seed,
)
from .classification import (
    FRAUD_FP_COST_EUR,
    HIGH_VALUE_EUR,
    SCREENING_COSTS,
    SPAM_COSTS,
    load_screening,
    make_fraud_transactions,
    make_spam_emails,
)
from .engagement import (
    SummaryFeatureTruth,
    make_signup_cohorts,
    make_summary_feature_log,
    rollback_costs,
    summary_feature_truth,
)
from .goodhart import (
    GOODHART_SCENARIOS,
    GoodhartScenario,
    compare_feedback_loops,
    simulate_agent_assist,
    simulate_draft_acceptance,
    simulate_feedback_loop,
    simulate_recommender,
    simulate_support_chatbot,
)
from .impact import (
    GROSS_MARGIN,
    RETURN_COST_EUR,
    ImpactTruth,
    impact_truth,
    make_ab_test,
    make_before_after,
)
from .production import make_production_log, make_weekly_business, production_events
from .ranking import make_recommendations, make_summary_claims, make_summary_pairs

__all__ = [
    "CAPSTONE_SCENARIOS",
    "make_capstone_scenarios",
    "make_scenario_table",
    "scenario_for_seed",
    "GOODHART_SCENARIOS",
    "GoodhartScenario",
    "compare_feedback_loops",
    "simulate_agent_assist",
    "simulate_draft_acceptance",
    "simulate_feedback_loop",
    "simulate_recommender",
    "simulate_support_chatbot",
    "CANONICAL",
    "DEFAULT_SEED",
    "FRAUD_FP_COST_EUR",
    "GROSS_MARGIN",
    "HIGH_VALUE_EUR",
    "ImpactTruth",
    "RETURN_COST_EUR",
    "SCREENING_COSTS",
    "SPAM_COSTS",
    "SummaryFeatureTruth",
    "export_canonical",
    "impact_truth",
    "load_screening",
    "make_ab_test",
    "make_assistant_interactions",
    "make_before_after",
    "make_fraud_transactions",
    "make_meeting_notes",
    "make_production_log",
    "make_recommendations",
    "make_signup_cohorts",
    "make_spam_emails",
    "make_summary_claims",
    "make_summary_feature_log",
    "make_summary_pairs",
    "make_weekly_business",
    "production_events",
    "rollback_costs",
    "summary_feature_truth",
]

#: Seed of the canonical exports in ``datasets/``: the self-paced learner's seed.
DEFAULT_SEED = seed_from_id(DEFAULT_LEARNER_ID)

#: CSV name -> generator; each CSV has a datasheet ``<name>.md`` beside it.
CANONICAL = {
    "summary_feature_log": make_summary_feature_log,
    "signup_cohorts": make_signup_cohorts,
    "spam_emails": make_spam_emails,
    "screening": load_screening,
    "fraud_transactions": make_fraud_transactions,
    "recommendations": make_recommendations,
    "summary_claims": make_summary_claims,
    "summary_pairs": make_summary_pairs,
    "production_log": make_production_log,
    "weekly_business": make_weekly_business,
    "assistant_interactions": make_assistant_interactions,
    "meeting_notes": make_meeting_notes,
    "copilot_ab_test": make_ab_test,
    "copilot_before_after": make_before_after,
    "goodhart_recommender": simulate_recommender,
    "goodhart_support_chatbot": simulate_support_chatbot,
    "goodhart_agent_assist": simulate_agent_assist,
    "goodhart_draft_acceptance": simulate_draft_acceptance,
    "goodhart_feedback_loop": compare_feedback_loops,
    "capstone_scenarios": make_capstone_scenarios,
}


def export_canonical(folder: str | Path) -> list[Path]:
    """Write every canonical dataset as CSV (default seed) into ``folder``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in CANONICAL.items():
        frame: pd.DataFrame = make(random_state=DEFAULT_SEED)
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n", float_format="%.6g")
        written.append(path)
    return written
