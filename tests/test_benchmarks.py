"""The module benchmarks still run: each ``widget_figures`` on a few calls, in a subprocess.

No timing is asserted (figures belong in the README, not in tests); the point is that a change
to an explorer cannot silently break the script that measures it (a slider that refuses a value
out of its range once stopped ``bench_module3.py`` with a ValueError). The notebook and browser
figures are not run here: the pipeline and browser tests run the same notebooks and explorers.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
KEYS = {"compute_median_ms", "compute_p95_ms", "update_median_ms", "build_ms"}


@pytest.mark.parametrize("module", [1, 2, 3, 4, 5, 6])
def test_widget_benchmark_runs_and_reports_its_figures(module, tmp_path):
    code = (f"import json, bench_module{module} as bench; "
            "print(json.dumps(bench.widget_figures(4, 3)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=BENCHMARKS, capture_output=True,
                          text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                               "MPLBACKEND": "Agg", "PYTHONPATH": str(BENCHMARKS)})
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert KEYS <= set(figures), figures
    assert all(math.isfinite(figures[key]) and figures[key] > 0 for key in KEYS), figures
