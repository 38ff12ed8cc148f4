"""AI Product Metrics: the helper package of the course.

Submodules
----------
datasets
    Seeded synthetic scenarios, one per module (``make_*`` functions, ``random_state`` on all).
metrics
    Metric functions the course relies on beyond scikit-learn / scipy.
drift
    Drift statistics (PSI and scipy-based distances) and the default drift rules of
    Evidently (legacy) and NannyML, reproduced exactly.
widgets
    ipywidgets explorers: each a function that returns a widget and wraps a pure, tested
    compute function.
grading
    Learner seeds, public and hidden checks, the rubric scorer for written briefs and the
    decision grader.
"""

from . import datasets, drift, grading, metrics
from .grading.seeds import learner_id, learner_seed

__version__ = "0.1.0"

__all__ = ["__version__", "datasets", "drift", "grading", "learner_id", "learner_seed", "metrics"]


def __getattr__(name: str):  # widgets import ipywidgets/matplotlib: load them on first use
    if name == "widgets":
        import importlib

        module = importlib.import_module(".widgets", __name__)
        globals()["widgets"] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
