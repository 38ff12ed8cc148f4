"""Benchmark module 5 (counter-metrics, gaming and business impact): print its figures.

- floor: a fresh kernel runs the imports module 5 needs (numpy, pandas, scipy.stats,
  matplotlib.pyplot, ipywidgets, the package and its widgets); median of ``--runs``;
- notebook: the whole solution notebook in a fresh kernel, median of ``--runs``; ratio to
  the floor and the lesson's own cost;
- widget compute: ``goodhart_report`` on the self-paced chatbot for ``--calls`` pressures
  (median and p95), and one full slider update in-process (compute + matplotlib PNG of the
  figure), median of ``--updates``.

Figures only: timings never appear as assertions in the tests (the machines are shared).
"""

from __future__ import annotations

import statistics
import sys
from time import perf_counter

from bench_module1 import REPO, find_widget, module_main, repeat, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "05_counter_metrics" / "counter_metrics.ipynb"
IMPORTS = ("import numpy, pandas, scipy.stats, ipywidgets\n"
           "import matplotlib.pyplot\nimport ai_product_metrics.widgets")


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import matplotlib

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    frames = {name: datasets.GOODHART_SCENARIOS[name].simulate(random_state=datasets.DEFAULT_SEED)
              for name in ("recommender", "support_chatbot")}
    pressures = list(frames["support_chatbot"]["pressure"])
    compute = []
    for i in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        start = perf_counter()
        widgets.goodhart_report(frames["support_chatbot"], "support_chatbot", float(pressures[(7 * i) % len(pressures)]))
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.goodhart_explorer(frames, decision_key="bench")
        build = perf_counter() - start
        slider = find_widget(explorer, _slider.SelectionSlider)

        def update() -> float:
            index = (slider.index + 7) % len(slider.options)
            start = perf_counter()
            slider.index = index
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "update_median_ms": 1e3 * statistics.median(per_update), "build_ms": 1e3 * build}


if __name__ == "__main__":
    module_main(__doc__, NOTEBOOK, IMPORTS, widget_figures, "goodhart_report (21 steps)", "slider", calls=210)
