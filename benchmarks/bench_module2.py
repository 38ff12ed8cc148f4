"""Benchmark module 2 (precision, recall and the cost of being wrong): print its figures.

- floor: a fresh kernel runs the imports module 2 needs (numpy, pandas, scikit-learn,
  matplotlib.pyplot, ipywidgets, the package and its widgets); median of ``--runs``;
- notebook: the whole solution notebook in a fresh kernel, median of ``--runs``; ratio to
  the floor and the lesson's own cost;
- widget compute: ``threshold_report`` with precomputed curves on the 20,000 card payments
  (median and p95 of ``--calls`` thresholds), and one full slider update in-process
  (compute + matplotlib PNG of the 2 x 2 figure).

Figures only: timings never appear as assertions in the tests (the machines are shared).
"""

from __future__ import annotations

import statistics
import sys
from time import perf_counter

from bench_module1 import REPO, find_widget, module_main, repeat, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "02_precision_recall" / "precision_recall.ipynb"
IMPORTS = ("import numpy, pandas, sklearn.metrics, sklearn.linear_model, ipywidgets\n"
           "import matplotlib.pyplot, scipy.stats\nimport ai_product_metrics.widgets")


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import matplotlib
    import numpy as np

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    fraud = datasets.make_fraud_transactions(random_state=datasets.DEFAULT_SEED)
    y, s = fraud["is_fraud"].to_numpy(), fraud["fraud_score"].to_numpy()
    amounts = fraud["amount_eur"].to_numpy()
    curves = widgets.precompute_curves(y, s, fp_cost=8.0, fn_cost=amounts)
    thresholds = np.round(np.linspace(0, 1, 101), 2)
    compute = []
    for i in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        start = perf_counter()
        widgets.threshold_report(y, s, float(thresholds[i % 101]), fp_cost=8.0, fn_cost=amounts,
                                 curves=curves)
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.threshold_explorer(y, s, fp_cost=8.0, fn_cost=amounts,
                                              decision_key="bench")
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
    module_main(__doc__, NOTEBOOK, IMPORTS, widget_figures, "threshold_report (20,000 payments, precomputed curves)", "slider", calls=303)
