"""Grading toolkit: learner seeds, public and hidden checks, rubric-scored briefs, decisions."""

from . import capstone, rubrics
from .checks import (
    CheckFailed,
    check_close,
    check_columns,
    check_from_scratch,
    check_length,
    check_mapping,
    check_range,
    check_type,
)
from .decisions import DecisionScore, score_decision
from .rubric import (
    BriefScore,
    Concept,
    Criterion,
    Rubric,
    check_brief_complete,
    find_concepts,
    normalize,
    score_brief,
)
from .seeds import DEFAULT_LEARNER_ID, learner_id, learner_seed, seed_from_id

__all__ = [
    "DEFAULT_LEARNER_ID",
    "BriefScore",
    "CheckFailed",
    "Concept",
    "Criterion",
    "DecisionScore",
    "Rubric",
    "check_brief_complete",
    "check_close",
    "check_columns",
    "check_from_scratch",
    "check_length",
    "check_mapping",
    "check_range",
    "check_type",
    "find_concepts",
    "learner_id",
    "learner_seed",
    "normalize",
    "capstone",
    "rubrics",
    "score_brief",
    "score_decision",
    "seed_from_id",
]
