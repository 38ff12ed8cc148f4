"""Print the performance figures of module 1 (quoted in the README).

Each figure is a median over repeated runs:

- floor: a fresh ``python3`` kernel via nbclient runs one cell with the imports module 1 needs
  (clock stops after the cell; shutdown is not timed). No notebook of the module can be faster.
- notebook: the whole solution notebook, same harness (temp working directory,
  ``AIPM_LEARNER_ID=bench``), with the ratio to the floor and the difference (the lesson's own
  cost). Design target: at most 1.3x the floor plus its lesson.
- widget: ``engagement_vs_quality`` (pure compute, target <= 50 ms median) and one slider update
  of ``engagement_explorer`` in-process, matplotlib PNG rendering included.
- start-up: ``python -c "import nbformat"`` and ``nbgrader --version`` as subprocesses, and
  whether ``rfc3987-syntax`` is installed (the Makefile removes it: it slows every nbformat import).

Why the tests hold no timed assertions: timings depend on the machine and its load (the
reference machine has 2 busy cores), so a threshold would be either too loose to catch anything
or flaky. The figures are printed here for a person to read.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from time import perf_counter
from typing import Any

from tqdm import tqdm

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "solutions" / "01_engagement" / "engagement.ipynb"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # nbgrader needs it
IMPORTS = ("import numpy, pandas, ai_product_metrics, ipywidgets, matplotlib.pyplot\n"
           "import ai_product_metrics.widgets\nimport scipy.stats")


def repeat(label: str, runs: int, timed: Callable[[], float]) -> list[float]:
    """Call ``timed`` (which returns its own duration) ``runs`` times under a progress bar."""
    return [timed() for _ in tqdm(range(runs), desc=label, file=sys.stderr, leave=False)]


def run_kernel(nb: Any) -> float:
    """Seconds from before kernel start to after the last cell, in a fresh temp folder."""
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as folder:
        client = NotebookClient(nb, kernel_name="python3", timeout=600,
                                resources={"metadata": {"path": folder}})
        start = perf_counter()
        # the kernel process's own stderr (a transport warning) would garble the progress bar;
        # cell errors still arrive as messages and raise CellExecutionError
        with client.setup_kernel(env={**ENV, "AIPM_LEARNER_ID": "bench"}, stderr=subprocess.DEVNULL):
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            return perf_counter() - start


def kernel_figures(runs: int, notebook_path: Path = NOTEBOOK, imports: str = IMPORTS) -> dict[str, Any]:
    """Median seconds of the floor (a fresh kernel running ``imports``) and of the notebook."""
    import nbformat

    floor = repeat("floor", runs, lambda: run_kernel(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(imports)])))
    notebook = repeat("notebook", runs, lambda: run_kernel(nbformat.read(notebook_path, as_version=4)))
    median_floor, median_notebook = statistics.median(floor), statistics.median(notebook)
    return {"floor_s": median_floor, "floor_range_s": [min(floor), max(floor)],
            "notebook_s": median_notebook, "notebook_range_s": [min(notebook), max(notebook)],
            "ratio": median_notebook / median_floor, "lesson_s": median_notebook - median_floor}


def weekly_table() -> Any:
    """The learner's ``weekly`` table (pooled rates, time columns weighted by summaries shown)."""
    import pandas as pd

    from ai_product_metrics.datasets import DEFAULT_SEED, make_summary_feature_log

    log = make_summary_feature_log(random_state=DEFAULT_SEED)
    sums = log.groupby("week")[["summaries_shown", "summary_clicks", "audited", "hallucinated",
                                "tasks_started", "tasks_completed"]].sum()
    seconds = log[["time_on_summary_s", "edit_time_s"]].mul(log["summaries_shown"], axis=0)
    seconds = seconds.groupby(log["week"]).sum().div(sums["summaries_shown"], axis=0)
    return pd.DataFrame({
        "dau": log.groupby("week")["dau"].mean(),
        "ctr": sums["summary_clicks"] / sums["summaries_shown"],
        "time_on_summary_s": seconds["time_on_summary_s"],
        "edit_time_s": seconds["edit_time_s"],
        "hallucination_rate": sums["hallucinated"] / sums["audited"],
        "task_completion_rate": sums["tasks_completed"] / sums["tasks_started"],
    })


def find_widget(root: Any, kind: type) -> Any:
    """The first widget of class ``kind`` in the tree of ``root`` (depth first)."""
    stack = [root]
    while stack:
        widget = stack.pop()
        if isinstance(widget, kind):
            return widget
        stack.extend(reversed(getattr(widget, "children", ())))
    raise LookupError(f"no {kind.__name__} in the explorer")


def module_main(doc: str, notebook_path: Path, imports: str, widget_figures: Callable[[int, int], dict],
                compute_label: str, update_label: str, calls: int, argv: list[str] | None = None) -> None:
    """Command line of the benchmark of one module (modules 2 onwards): run and print."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calls", type=int, default=calls)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    f: dict[str, Any] = {"runs": args.runs} | kernel_figures(args.runs, notebook_path, imports)
    f |= widget_figures(args.calls, args.updates)
    if args.json:
        print(json.dumps(f, indent=1))
        return
    print("\n".join([
        f"floor (kernel start + imports): {f['floor_s']:.2f} s (median of {f['runs']})",
        f"notebook {notebook_path.relative_to(REPO)}: {f['notebook_s']:.2f} s; ratio "
        f"{f['ratio']:.2f}x; lesson's own cost {f['lesson_s']:.2f} s",
        f"widget compute {compute_label}: median {f['compute_median_ms']:.3f} ms, "
        f"p95 {f['compute_p95_ms']:.3f} ms (target <= 50 ms)",
        f"widget update ({update_label} -> compute + matplotlib PNG): median "
        f"{f['update_median_ms']:.0f} ms; explorer build {f['build_ms']:.0f} ms",
    ]))


@contextlib.contextmanager
def widget_session() -> Iterator[None]:
    """Where a widget benchmark runs: an in-process IPython shell with the PNG formatter, in a
    temporary working directory, with printed text discarded.

    Outside IPython, display(figure) only prints its repr and nothing is rendered. The PNG
    formatter (what the inline backend installs in a kernel) makes each update rasterise its
    figure as in a notebook; ZMQ transport and the browser are not included. The explorers
    save decisions.json in the working directory, hence the temporary one.
    """
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    select_figure_formats(InteractiveShell.instance(config=config), {"png"})
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as folder, \
            contextlib.redirect_stdout(io.StringIO()):
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(cwd)


def widget_figures(calls: int, updates: int) -> dict[str, float]:
    import matplotlib

    from ai_product_metrics import widgets
    from ai_product_metrics.widgets import _slider

    matplotlib.use("Agg")
    weekly = weekly_table()
    grid = itertools.product(widgets.ENGAGEMENT_METRICS, widgets.QUALITY_METRICS, weekly.index)
    settings = itertools.cycle(grid)  # 3 x 2 x 12 = 72 settings
    compute = []
    for _ in tqdm(range(calls), desc="widget compute", file=sys.stderr, leave=False):
        engagement, quality, week = next(settings)
        start = perf_counter()
        widgets.engagement_vs_quality(weekly, engagement=engagement, quality=quality, week=int(week))
        compute.append(perf_counter() - start)

    with widget_session():
        start = perf_counter()
        explorer = widgets.engagement_explorer(weekly)
        build = perf_counter() - start
        slider = next(c for c in explorer.children if isinstance(c, _slider.IntSlider))
        weeks = [int(w) for w in weekly.index]

        def update() -> float:
            value = weeks[(weeks.index(slider.value) + 1) % len(weeks)]
            start = perf_counter()
            slider.value = value
            return perf_counter() - start

        per_update = repeat("widget update", updates, update)
    return {"compute_median_ms": 1e3 * statistics.median(compute),
            "compute_p95_ms": 1e3 * statistics.quantiles(compute, n=20)[18],
            "compute_calls": calls, "update_median_ms": 1e3 * statistics.median(per_update),
            "updates": updates, "build_ms": 1e3 * build}


def subprocess_seconds(label: str, command: list[str], runs: int) -> float:
    def once() -> float:
        start = perf_counter()
        subprocess.run(command, env=ENV, check=True, capture_output=True)
        return perf_counter() - start

    return statistics.median(repeat(label, runs, once))


def startup_figures() -> dict[str, Any]:
    try:
        rfc = metadata.version("rfc3987-syntax")
    except metadata.PackageNotFoundError:
        rfc = None
    nbformat = subprocess_seconds("import nbformat", [sys.executable, "-c", "import nbformat"], 5)
    nbgrader = subprocess_seconds("nbgrader --version", [str(BIN / "nbgrader"), "--version"], 3)
    return {"import_nbformat_s": nbformat, "rfc3987_syntax": rfc, "nbgrader_version_s": nbgrader}


def report(f: dict[str, Any]) -> str:
    n = f["runs"]
    rfc = f"yes ({f['rfc3987_syntax']})" if f["rfc3987_syntax"] else "no"

    def spread(name: str) -> str:
        low, high = f[f"{name}_range_s"]
        return f"range {low:.2f}-{high:.2f} s"

    return "\n".join([
        f"floor (kernel start + imports): {f['floor_s']:.2f} s (median of {n}, {spread('floor')})",
        f"notebook {NOTEBOOK.relative_to(REPO)}: {f['notebook_s']:.2f} s "
        f"(median of {n}, {spread('notebook')})",
        f"  ratio notebook / floor: {f['ratio']:.2f}x "
        "(design target: at most 1.3x the floor plus its lesson)",
        f"  lesson's own cost (notebook - floor): {f['lesson_s']:.2f} s",
        f"widget compute engagement_vs_quality: median {f['compute_median_ms']:.3f} ms, "
        f"p95 {f['compute_p95_ms']:.3f} ms ({f['compute_calls']} calls; target <= 50 ms median)",
        f"widget update (slider -> compute + matplotlib PNG): median {f['update_median_ms']:.0f} ms"
        f" ({f['updates']} updates); explorer build {f['build_ms']:.0f} ms",
        f'python -c "import nbformat": {f["import_nbformat_s"]:.2f} s (median of 5); '
        f"rfc3987-syntax installed: {rfc}",
        f"nbgrader --version: {f['nbgrader_version_s']:.2f} s (median of 3)",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="kernel runs per median (default 5)")
    parser.add_argument("--calls", type=int, default=216,
                        help="compute calls, at least 200 (default 216: 3 cycles of settings)")
    parser.add_argument("--updates", type=int, default=20, help="slider updates (default 20)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.updates < 1 or args.calls < 200:
        parser.error("--runs and --updates must be >= 1, --calls >= 200")
    figures: dict[str, Any] = {"runs": args.runs, "cpus": os.cpu_count()}
    figures |= kernel_figures(args.runs)
    figures |= widget_figures(args.calls, args.updates)
    figures |= startup_figures()
    print(json.dumps(figures, indent=1) if args.json else report(figures))


if __name__ == "__main__":
    main()
