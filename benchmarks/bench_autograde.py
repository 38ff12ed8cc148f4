"""Autograding a cohort: plain serial ``nbgrader autograde`` against ``aipm-teach autograde``.

The same simulated cohort is graded twice, in two copies of one freshly built course (each
with its own gradebook): by ``nbgrader autograde <module> --force`` (one process, learners one
after the other, what nbgrader offers) and by :func:`autograde_cohort` (``--workers``
processes). Each learner submits every module, composed as the grading tests compose
submissions (``tests/harness.py``): the solution with the widget decisions a careful learner
saves (``decisions_for`` of ``tests/test_module<N>_grading.py``) for 6 learners in 10, one
answer cell left as its stub for 2 in 10, another learner's widget decisions for 1 in 10, and
another learner's seed pasted into the setup cell for 1 in 10.

Printed: the wall time of each way per module and in total, the throughput ratio (serial /
parallel; the design target is >= 1.8x on two cores), the machine's load average and its
parallel capacity at the start and the end (two CPU-bound processes against one: the ceiling
of any two-worker speed-up on a machine shared with other work), and whether
every learner's score on every graded cell is identical in the two gradebooks (a diff of any
that differ; the script exits 1 then). Modules alternate which way runs first, so a change in
the machine's load hits both.

The parallel run includes the grading guard (``instructor/guard.py``); run the script with
``AIPM_AUTOGRADE_GUARD=0`` in the environment to measure without it (its cost, nothing else).
Each module's line also says how many learners of this honest cohort were flagged: any flag
is a false alarm.

    python benchmarks/bench_autograde.py                     # 30 learners x six modules
    python benchmarks/bench_autograde.py --learners 4 --modules 01_engagement   # quick
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(1, str(REPO))  # the tests' submission composer (tests/harness.py)
MODULES = ["01_engagement", "02_precision_recall", "03_drift", "04_trust",
           "05_counter_metrics", "06_capstone"]


def _decisions_for(module: str):
    number = int(module[:2])
    return importlib.import_module(f"tests.test_module{number}_grading").decisions_for


def _burn(n: int = 20_000_000) -> float:
    start = perf_counter()
    total = 0
    for i in range(n):
        total += i
    return perf_counter() - start


def parallel_capacity() -> float:
    """How many cores' worth two CPU-bound processes get right now, against one (2.0 on an
    idle two-core machine): the ceiling for any two-worker speed-up at this moment."""
    import multiprocessing

    one = _burn()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [1000, 1000])  # both processes started before the clock starts
        start = perf_counter()
        pool.map(_burn, [20_000_000, 20_000_000], chunksize=1)
        two = perf_counter() - start
    return 2 * one / two


def build(folder: Path, modules: list[str]) -> Path:
    from ai_product_metrics.build import build_course

    root = folder / "serial"
    root.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    build_course(REPO, out=root, assignments=modules, datasets=False)
    return root


def submit_cohort(root: Path, modules: list[str], learners: int) -> dict[str, str]:
    """Write every learner's submission of every module; return learner -> kind."""
    from tests.harness import Course, answer_cells, decisions

    kinds = {}
    for module in modules:
        decisions_for = _decisions_for(module)
        notebook = next((root / "assignments" / module).glob("*.ipynb")).name
        course = Course(root, module, notebook)
        answers = answer_cells(course.release)
        setup = course.cell_id_containing("SEED = apm.learner_seed()")
        for i in range(learners):
            student = f"learner-{i:03d}"
            kind = i % 10
            if kind <= 5:
                kinds[student] = "solution"
                course.submit(student, files=decisions(**decisions_for(student)))
            elif kind <= 7:
                stub = answers[i % len(answers)]
                kinds[student] = f"stub {stub}"
                course.submit(student, solved=[c for c in answers if c != stub],
                              files=decisions(**decisions_for(student)))
            elif kind == 8:
                kinds[student] = "another learner's widget decisions"
                course.submit(student, files=decisions(**decisions_for(f"other-{i}")))
            else:
                kinds[student] = "learner-000's seed pasted"
                course.submit(student, edit={setup: (
                    "SEED = apm.learner_seed()",
                    'SEED = apm.grading.seed_from_id("learner-000")')},
                    files=decisions(**decisions_for("learner-000")))
    return kinds


def serial(root: Path, module: str) -> float:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NBGRADER_EXECUTION", None)
    start = perf_counter()
    result = subprocess.run([str(BIN / "nbgrader"), "autograde", module, "--force"], cwd=root,
                            env=env, capture_output=True, text=True)
    seconds = perf_counter() - start
    (root / f"serial-{module}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        print(f"  serial nbgrader autograde {module} exited {result.returncode} (see "
              f"{root / f'serial-{module}.log'})")
    return seconds


def parallel(root: Path, module: str, workers: int) -> tuple[float, object]:
    from ai_product_metrics.instructor.cohort import autograde_cohort

    start = perf_counter()
    summary = autograde_cohort(root, module, workers=workers, force=True)
    return perf_counter() - start, summary


def scores(root: Path, module: str) -> dict[tuple[str, str], float | None]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id="ai-product-metrics") as gb:
        for submission in gb.assignment_submissions(module):
            for nb in submission.notebooks:
                for grade in nb.grades:
                    out[(submission.student_id, grade.name)] = grade.auto_score
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=30, help="learners (default 30)")
    parser.add_argument("--modules", nargs="+", default=MODULES, choices=MODULES,
                        metavar="MODULE", help="modules (default: all six)")
    parser.add_argument("--workers", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    args = parser.parse_args(argv)
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ.pop("AIPM_DB_URL", None)
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"

    base = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="aipm-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        print(f"cohort: {args.learners} learners x {len(args.modules)} module(s), "
              f"{args.workers} workers, {os.cpu_count()} cores; building in {base}", flush=True)
        serial_root = build(base, args.modules)
        kinds = submit_cohort(serial_root, args.modules, args.learners)
        parallel_root = base / "parallel"
        shutil.copytree(serial_root, parallel_root)  # same master, same submissions
        load_before, capacity_before = os.getloadavg(), parallel_capacity()
        rows, diffs, compared = [], [], 0
        for index, module in enumerate(args.modules):
            if index % 2 == 0:
                t_serial = serial(serial_root, module)
                t_parallel, summary = parallel(parallel_root, module, args.workers)
            else:
                t_parallel, summary = parallel(parallel_root, module, args.workers)
                t_serial = serial(serial_root, module)
            a, b = scores(serial_root, module), scores(parallel_root, module)
            compared += len(a)
            for key in sorted(set(a) | set(b)):
                if a.get(key, "missing") != b.get(key, "missing"):
                    diffs.append((module, *key, a.get(key, "missing"), b.get(key, "missing")))
            failed = [f"{r.student}: {r.reason}" for r in summary.failed]
            flagged = [f"{r.student}: {'; '.join(r.flags)}" for r in summary.flagged]
            rows.append((module, t_serial, t_parallel, failed, flagged))
            print(f"  {module:<20} serial {t_serial:7.1f} s   parallel {t_parallel:7.1f} s   "
                  f"ratio {t_serial / t_parallel:4.2f}x   flagged {len(flagged)}"
                  + (f"   FAILED {failed}" if failed else ""), flush=True)
            for line in flagged:  # an honest cohort: any flag here is a false alarm
                print(f"    FLAGGED {line}", flush=True)
        load_after, capacity_after = os.getloadavg(), parallel_capacity()
        total_s = sum(r[1] for r in rows)
        total_p = sum(r[2] for r in rows)
        n = args.learners * len(args.modules)
        print()
        print(f"learner-notebooks graded          {n}")
        print(f"serial nbgrader autograde         {total_s:8.1f} s  ({n / total_s * 60:5.1f} per min)")
        print(f"aipm-teach autograde, {args.workers} workers  {total_p:8.1f} s  "
              f"({n / total_p * 60:5.1f} per min)")
        print(f"throughput ratio                  {total_s / total_p:8.2f}x  (target >= 1.8x on 2 "
              "cores)")
        print(f"load average (1, 5, 15 min)       before {load_before[0]:.1f} {load_before[1]:.1f} "
              f"{load_before[2]:.1f}; after {load_after[0]:.1f} {load_after[1]:.1f} "
              f"{load_after[2]:.1f}")
        print(f"parallel capacity of the machine  before {capacity_before:.2f}x; after "
              f"{capacity_after:.2f}x  (two CPU-bound processes against one; 2.00x when idle)")
        print(f"identical scores                  {'yes' if not diffs else 'NO'} "
              f"({compared} graded cells compared)")
        for module, student, cell, s, p in diffs:
            print(f"  DIFF {module} {student} {cell}: serial {s} parallel {p} ({kinds.get(student)})")
        (base / "bench_autograde.json").write_text(json.dumps({
            "learners": args.learners, "modules": args.modules, "workers": args.workers,
            "rows": rows, "serial": total_s, "parallel": total_p, "diffs": diffs,
            "load_before": load_before, "load_after": load_after,
            "capacity_before": capacity_before, "capacity_after": capacity_after}, indent=1),
            encoding="utf-8")
        return 1 if diffs else 0
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
