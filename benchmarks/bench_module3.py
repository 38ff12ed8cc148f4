"""Benchmark module 3 (drift): print its figures.

- floor: a fresh kernel runs the imports module 3 needs (numpy, pandas, scipy, scikit-learn,
  matplotlib.pyplot, ipywidgets, the package and its widgets); median of ``--runs``;
- notebook: the whole solution notebook in a fresh kernel, median of ``--runs``; ratio to
  the floor and the lesson's own cost;
- widget compute: ``drift_scenario`` on the self-paced log for ``--calls`` settings cycling
  through every drift type and magnitude (median and p95), and one full control update
  in-process (compute + matplotlib PNG of the figure), median of ``--updates``.

Figures only: timings never appear as assertions in the tests (the machines are shared).
"""

from __future__ import annotations

import statistics
import sys
from time import perf_counter

from bench_module1 import REPO, find_widget, module_main, repeat, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "03_drift" / "drift.ipynb"
IMPORTS = ("import numpy, pandas, scipy.stats, scipy.spatial, sklearn.linear_model, ipywidgets\n"
           "import matplotlib.pyplot\nimport ai_product_metrics.widgets")


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import ipywidgets
    import matplotlib

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    log = datasets.make_production_log(random_state=datasets.DEFAULT_SEED)
    kinds = list(widgets.DRIFT_KINDS)
    settings = [(k, round(0.05 * m, 2)) for m in range(21) for k in kinds]
    widgets.drift_scenario(log, kinds[0], 0.0)  # the explorer builds its caches once, up front
    compute = []
    for i in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        kind, magnitude = settings[(7 * i) % len(settings)]
        start = perf_counter()
        widgets.drift_scenario(log, kind, magnitude)
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.drift_explorer(log, decision_key="bench")
        build = perf_counter() - start
        kind = find_widget(explorer, ipywidgets.Dropdown)
        magnitude = find_widget(explorer, _slider.FloatSlider)
        kind.value = kinds[1]

        def update() -> float:
            value = round(0.05 * ((round(magnitude.value / 0.05) + 7) % 21), 2)  # 0 to 1
            start = perf_counter()
            magnitude.value = value
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "update_median_ms": 1e3 * statistics.median(per_update), "build_ms": 1e3 * build}


if __name__ == "__main__":
    module_main(__doc__, NOTEBOOK, IMPORTS, widget_figures, "drift_scenario (every drift type and magnitude)", "magnitude", calls=210)
