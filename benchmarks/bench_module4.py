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

import argparse
import json
import statistics
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

from bench_module1 import REPO, repeat, run_kernel, widget_session
from tqdm import tqdm

NOTEBOOK = REPO / "solutions" / "04_trust" / "trust.ipynb"
IMPORTS = ("import numpy, pandas, scipy.stats, sklearn.calibration, sklearn.isotonic, rapidfuzz, ipywidgets\n"
           "import matplotlib.pyplot\nimport ai_product_metrics.widgets")


def kernel_figures(runs: int) -> dict[str, Any]:
    import nbformat

    floor = repeat("floor", runs, lambda: run_kernel(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORTS)])))
    notebook = repeat("notebook", runs, lambda: run_kernel(nbformat.read(NOTEBOOK, as_version=4)))
    f, n = statistics.median(floor), statistics.median(notebook)
    return {"floor_s": f, "notebook_s": n, "ratio": n / f, "lesson_s": n - f}


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import ipywidgets
    import matplotlib
    import numpy as np

    from ai_product_metrics import datasets, widgets
    from ai_product_metrics.datasets import assistant

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
        found, stack = [], [explorer]
        while stack:
            widget = stack.pop()
            found.append(widget)
            stack.extend(getattr(widget, "children", ()))
        slider = next(w for w in found if isinstance(w, ipywidgets.FloatSlider))

        def update() -> float:
            value = round((slider.value + 0.07) % 1, 2)
            start = perf_counter()
            slider.value = value
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "update_median_ms": 1e3 * statistics.median(per_update), "build_ms": 1e3 * build}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=303)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    f: dict[str, Any] = {"runs": args.runs} | kernel_figures(args.runs)
    f |= widget_figures(args.calls, args.updates)
    if args.json:
        print(json.dumps(f, indent=1))
        return
    print("\n".join([
        f"floor (kernel start + imports): {f['floor_s']:.2f} s (median of {f['runs']})",
        f"notebook {NOTEBOOK.relative_to(REPO)}: {f['notebook_s']:.2f} s; ratio "
        f"{f['ratio']:.2f}x; lesson's own cost {f['lesson_s']:.2f} s",
        f"widget compute confidence_threshold_report (10,000 drafts): median "
        f"{f['compute_median_ms']:.1f} ms, p95 {f['compute_p95_ms']:.1f} ms (target <= 50 ms)",
        f"widget update (slider -> compute + matplotlib PNG): median "
        f"{f['update_median_ms']:.0f} ms; explorer build {f['build_ms']:.0f} ms",
    ]))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
