"""ipywidgets explorers. Each ``*_explorer`` returns a widget (it does not display it) and
wraps a pure compute function that is tested on its own."""

from ._base import PALETTE, DecisionStore
from .capstone import (
    FRAMEWORK_GRID,
    FrameworkCurves,
    drill_timer,
    framework_explorer,
    framework_report,
    precompute_framework_curves,
    timer_readout,
)
from .drift import DRIFT_KINDS, DriftScenario, drift_explorer, drift_scenario
from .engagement import (
    ENGAGEMENT_METRICS,
    QUALITY_METRICS,
    engagement_explorer,
    engagement_vs_quality,
    format_metric,
)
from .goodhart import goodhart_explorer, goodhart_report
from .threshold import ThresholdCurves, precompute_curves, threshold_explorer, threshold_report
from .trust import (
    ConfidenceCurves,
    confidence_threshold_explorer,
    confidence_threshold_report,
    precompute_confidence_curves,
)

__all__ = [
    "DRIFT_KINDS",
    "ENGAGEMENT_METRICS",
    "FRAMEWORK_GRID",
    "PALETTE",
    "QUALITY_METRICS",
    "ConfidenceCurves",
    "DecisionStore",
    "DriftScenario",
    "FrameworkCurves",
    "ThresholdCurves",
    "confidence_threshold_explorer",
    "confidence_threshold_report",
    "drift_explorer",
    "drift_scenario",
    "drill_timer",
    "engagement_explorer",
    "engagement_vs_quality",
    "format_metric",
    "framework_explorer",
    "framework_report",
    "goodhart_explorer",
    "goodhart_report",
    "precompute_confidence_curves",
    "precompute_curves",
    "precompute_framework_curves",
    "threshold_explorer",
    "threshold_report",
    "timer_readout",
]
