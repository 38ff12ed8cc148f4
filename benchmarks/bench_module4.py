"""Benchmark module 4 (trust: UX signals and calibration): print its figures.

- floor: a fresh kernel runs the imports module 3 needs (numpy, pandas, scipy, scikit-learn,
  matplotlib.pyplot, ipywidgets, the package and its widgets); median of ``--runs``;
- notebook: the whole solution notebook in a fresh kernel, median of ``--runs``; ratio to
  the floor and the lesson's own cost;
- widget compute: ``confidence_threshold_report`` on the self-paced drafts for ``--calls``
  thresholds (median and p95), and one full slider update in-process (compute + matplotlib
  PNG of the figure), median of ``--updates``.

Figures only: timings never appear as assertions in the tests (the machines are shared).
"""

from __future__ import annotations

import statistics
import sys
from time import perf_counter

from bench_module1 import REPO, find_widget, module_main, repeat, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "04_trust" / "trust.ipynb"
IMPORTS = ("import numpy, pandas, scipy.stats, sklearn.calibration, sklearn.isotonic, rapidfuzz, ipywidgets\n"
           "import matplotlib.pyplot\nimport ai_product_metrics.widgets")


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import matplotlib
    import numpy as np

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.datasets import assistant
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    drafts = datasets.make_assistant_interactions(random_state=datasets.DEFAULT_SEED)
    confidence, correct = drafts["confidence"].to_numpy(), drafts["draft_correct"].to_numpy()
    relied = drafts["outcome"].isin(["accepted", "edited"]).to_numpy()
    costs = {"wrong_reply_cost": assistant.WRONG_REPLY_COST, "hidden_draft_cost": assistant.HIDDEN_DRAFT_COST}
    thresholds = np.round(np.linspace(0, 1, 101), 2)
    compute = []
    for i in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        start = perf_counter()
        widgets.confidence_threshold_report(confidence, correct, relied, float(thresholds[(7 * i) % 101]), **costs)
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.confidence_threshold_explorer(drafts, decision_key="bench")
        build = perf_counter() - start
        slider = find_widget(explorer, _slider.FloatSlider)

        def update() -> float:
            value = round((slider.value + 0.07) % 1, 2)
            start = perf_counter()
            slider.value = value
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "update_median_ms": 1e3 * statistics.median(per_update), "build_ms": 1e3 * build}


if __name__ == "__main__":
    module_main(__doc__, NOTEBOOK, IMPORTS, widget_figures, "confidence_threshold_report (10,000 drafts)", "slider", calls=303)
