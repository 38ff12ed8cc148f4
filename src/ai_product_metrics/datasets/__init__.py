"""Seeded synthetic datasets, one scenario per module, and their canonical CSV exports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..grading.seeds import DEFAULT_LEARNER_ID, seed_from_id
from .engagement import (
    SummaryFeatureTruth,
    make_signup_cohorts,
    make_summary_feature_log,
    rollback_costs,
    summary_feature_truth,
)

__all__ = [
    "CANONICAL",
    "DEFAULT_SEED",
    "SummaryFeatureTruth",
    "export_canonical",
    "make_signup_cohorts",
    "make_summary_feature_log",
    "rollback_costs",
    "summary_feature_truth",
]

#: Seed of the canonical exports in ``datasets/``: the self-paced learner's seed.
DEFAULT_SEED = seed_from_id(DEFAULT_LEARNER_ID)

#: CSV name -> generator; each CSV has a datasheet ``<name>.md`` beside it.
CANONICAL = {
    "summary_feature_log": make_summary_feature_log,
    "signup_cohorts": make_signup_cohorts,
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
