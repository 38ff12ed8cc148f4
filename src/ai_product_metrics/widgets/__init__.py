"""ipywidgets explorers. Each ``*_explorer`` returns a widget (it does not display it) and
wraps a pure compute function that is tested on its own."""

from ._base import PALETTE, DecisionStore
from .engagement import (
    ENGAGEMENT_METRICS,
    QUALITY_METRICS,
    engagement_explorer,
    engagement_vs_quality,
    format_metric,
)

__all__ = [
    "ENGAGEMENT_METRICS",
    "PALETTE",
    "QUALITY_METRICS",
    "DecisionStore",
    "engagement_explorer",
    "engagement_vs_quality",
    "format_metric",
]
