"""ipywidgets explorers. Each ``*_explorer`` returns a widget (it does not display it) and
wraps a pure compute function that is tested on its own."""

from ._base import PALETTE, DecisionStore
from .drift import DRIFT_KINDS, DriftScenario, drift_explorer, drift_scenario
from .engagement import (
    ENGAGEMENT_METRICS,
    QUALITY_METRICS,
    engagement_explorer,
    engagement_vs_quality,
    format_metric,
)
from .threshold import ThresholdCurves, precompute_curves, threshold_explorer, threshold_report

__all__ = [
    "DRIFT_KINDS",
    "ENGAGEMENT_METRICS",
    "PALETTE",
    "QUALITY_METRICS",
    "DecisionStore",
    "DriftScenario",
    "ThresholdCurves",
    "drift_explorer",
    "drift_scenario",
    "engagement_explorer",
    "engagement_vs_quality",
    "format_metric",
    "precompute_curves",
    "threshold_explorer",
    "threshold_report",
]
