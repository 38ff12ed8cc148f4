"""Benchmark module 6 (capstone: choose, defend, stress-test): print its figures.

- floor: a fresh kernel runs the imports module 6 needs (numpy, pandas, ipywidgets,
  matplotlib.pyplot, the package and its widgets); median of ``--runs``;
- notebook: the whole solution notebook in a fresh kernel, median of ``--runs``; ratio to
  the floor and the lesson's own cost;
- widget compute: ``framework_report`` on the default learner's scenario table (4,000 cases;
  validation and curves included, as a notebook cell calls it) for ``--calls`` settings
  (median and p95), and one full slider update of ``framework_explorer`` in-process
  (compute + matplotlib PNG of the figure), median of ``--updates``.

Figures only: timings never appear as assertions in the tests (the machines are shared).
"""

from __future__ import annotations

import statistics
import sys
from time import perf_counter

from bench_module1 import REPO, find_widget, module_main, repeat, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "06_capstone" / "capstone.ipynb"
IMPORTS = ("import numpy, pandas, ipywidgets\n"
           "import matplotlib.pyplot\nimport ai_product_metrics.widgets")


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import matplotlib

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.datasets.capstone import make_scenario_table, scenario_for_seed
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    scenario = scenario_for_seed(datasets.DEFAULT_SEED)
    table = make_scenario_table(scenario, random_state=datasets.DEFAULT_SEED)
    grid = [float(t) for t in widgets.FRAMEWORK_GRID]
    compute = []
    for i in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        primary = ("precision", "recall")[i % 2]
        start = perf_counter()
        widgets.framework_report(table, scenario, grid[(7 * i) % len(grid)], primary=primary)
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.framework_explorer(table, scenario, decision_key="bench")
        build = perf_counter() - start
        slider = find_widget(explorer, _slider.FloatSlider)  # the first: the threshold

        def update() -> float:
            value = grid[(grid.index(round(slider.value, 2)) + 7) % len(grid)]
            start = perf_counter()
            slider.value = value
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "update_median_ms": 1e3 * statistics.median(per_update), "build_ms": 1e3 * build}


if __name__ == "__main__":
    module_main(__doc__, NOTEBOOK, IMPORTS, widget_figures,
                "framework_report (4,000 cases)", "threshold slider", calls=200)
