"""Print the browser latency of each module's main explorer (quoted in the README).

The explorers are built from the self-paced seed in a generated notebook (the one the browser
tests use, ``tests/browser/explorers.py``) and run in JupyterLab on 127.0.0.1, in Debian's
Chromium driven by Playwright. For each explorer, the keyboard steps its main slider back and
forth (focused slider, ArrowRight / ArrowLeft) and each step is timed in the page, by the
page's clock: from the keydown (a capture-phase listener) to the change of the read-out text
(a MutationObserver). That span holds everything a learner waits for: the front-end sends
the new value, the kernel recomputes, renders the PNG and sends the plot and the read-out
back, and the browser updates the page. Two untimed steps warm each explorer up.

Reported per module: median and 95th percentile of ``--steps`` steps (default 30), against
the design target of 150 ms. Needs what the browser tests need (``make browser``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import explorers, harness, lab  # noqa: E402

TARGET_MS = 150.0


def _steps(spec: explorers.ExplorerSpec, n: int) -> list[str]:
    """``n`` keys that swing the slider 10 steps one way, 10 back, and so on."""
    forward, back = spec.bench_keys
    return [(forward if (i // 10) % 2 == 0 else back) for i in range(n)]


def measure(steps: int = 30, specs: tuple[explorers.ExplorerSpec, ...] = explorers.EXPLORERS
            ) -> dict[str, list[float]]:
    """Milliseconds from key press to new read-out, per explorer."""
    import nbformat

    missing = harness.missing_requirements()
    if missing:
        raise SystemExit("bench_browser needs " + "; ".join(missing) + " (make browser)")
    with tempfile.TemporaryDirectory(prefix="aipm-bench-browser-") as folder:
        root = Path(folder)
        nbformat.write(explorers.notebook(specs), root / "explorers.ipynb")
        return _measure(root, steps, specs)


def _measure(root: Path, steps: int, specs: tuple[explorers.ExplorerSpec, ...]
             ) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {}
    with harness.lab_server(root) as server, sync_playwright() as playwright:
        browser = harness.launch(playwright)
        page = harness.new_context(browser).new_page()
        lab.open_notebook(page, server, "explorers.ipynb")
        lab.run_all(page)
        for spec in specs:
            lab.wait_for_explorer(page, spec.css)
            for move in spec.bench_setup:
                lab.press(page, spec.css, move.control, move.keys)
            lab.focus_control(page, spec.bench_control)
            keys = _steps(spec, steps + 2)
            for key in keys[:2]:  # warm-up
                lab.timed_press(page, spec.css, key)
            timings[spec.name] = [lab.timed_press(page, spec.css, key) for key in keys[2:]]
        browser.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="timed steps per explorer")
    parser.add_argument("--json", help="also write the timings (ms) to this file")
    parser.add_argument("--module", type=int, action="append",
                        help="only this module's explorer (repeatable)")
    args = parser.parse_args(argv)
    if args.steps < 20:
        parser.error("--steps must be at least 20 (a median and a 95th percentile)")
    start = time.perf_counter()
    specs = tuple(s for s in explorers.EXPLORERS if not args.module or s.module in args.module)
    timings = measure(args.steps, specs)
    print(f"Browser latency, key press to updated read-out (JupyterLab, Chromium; "
          f"{args.steps} steps each; target <= {TARGET_MS:.0f} ms median)")
    print(f"{'explorer':40} {'median':>9} {'p95':>9} {'min':>9} {'max':>9}  target")
    for name, values in timings.items():
        median = statistics.median(values)
        p95 = statistics.quantiles(values, n=20, method="inclusive")[18]
        verdict = "met" if median <= TARGET_MS else "MISSED"
        print(f"{name:40} {median:7.0f}ms {p95:7.0f}ms {min(values):7.0f}ms "
              f"{max(values):7.0f}ms  {verdict}")
    print(f"(whole run {time.perf_counter() - start:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(timings, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
