"""Hostile and broken submissions through the real cohort autograde (module 1).

Every learner below answers module 1 with the solution, except the correlation checkpoint
(``m1-corr``, 1 point), where they give a wrong number and try to make the hidden test accept
it anyway: by patching the grading helper, its code, NumPy's comparison, the import system, or
the name ``apm``; by reading the solutions and the build folder; by writing to the gradebook.
Others end their kernel, ignore the timeout's interrupt, kill the grading worker, or print
megabytes. One learner (``wrong``) gives the wrong number without tricks: the number every
trick is measured against.

The exploits are real: a copy of the course graded with plain ``nbgrader autograde`` (no
guard) gives them the point, and the writer's ``UPDATE`` lands in that copy's gradebook. The
same submissions under ``autograde_cohort`` earn nothing, are named in the summary, and never
stop the batch. The other cases (dead kernel through ``os._exit``, a deleted test cell, an
edited locked cell, a notebook that is not JSON, a cell past the time limit) are in
``test_instructor_cohort.py``.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import redirect_stderr

import nbformat
import pytest

from ai_product_metrics.instructor import cli
from ai_product_metrics.instructor.cohort import autograde_cohort
from ai_product_metrics.instructor.worker import OUTPUT_CAP

from .conftest import REPO, subprocess_env
from .harness import Course, decisions
from .test_module1_grading import decisions_for

pytestmark = pytest.mark.nbgrader

ASSIGNMENT, NOTEBOOK = "01_engagement", "engagement"
AUTOGRADED_POINTS = 18.0
CORR = "m1-corr-test"
WRONG = "engagement_quality_corr = 0.123  # not the correlation of this learner's data\n"

EXPLOITS = {
    "patch-helper": "apm.grading.check_close = lambda *args, **kwargs: None\n" + WRONG,
    # through a second name, which a scan of the code cannot follow
    "patch-code": ("quiet = apm.grading.check_close\n"
                   "quiet.__code__ = (lambda *args, **kwargs: None).__code__\n" + WRONG),
    "patch-numpy": ("import numpy.testing\n"
                    "np.isclose = lambda *args, **kwargs: True\n"
                    "np.testing.assert_allclose = lambda *args, **kwargs: None\n" + WRONG),
    # the hidden test imports scipy.stats to recompute the value: hand it a fake one
    "patch-import": textwrap.dedent("""\
        import builtins
        import types
        _real_import = builtins.__import__
        _fake = types.SimpleNamespace(pearsonr=lambda a, b: types.SimpleNamespace(statistic=0.123))
        def _import(name, *args, **kwargs):
            module = _real_import(name, *args, **kwargs)
            return types.SimpleNamespace(stats=_fake) if name == "scipy.stats" else module
        builtins.__import__ = _import
        """) + WRONG,
    "rebind-apm": textwrap.dedent("""\
        import types
        class _Quiet:
            def __getattr__(self, name):
                return lambda *args, **kwargs: None
        apm = types.SimpleNamespace(grading=_Quiet(), datasets=apm.datasets,
                                    learner_seed=apm.learner_seed)
        """) + WRONG,
    # the solution notebook of the package's repository or the course, or the source with
    # the hidden tests: run its answer for this cell
    "reader": textwrap.dedent("""\
        import json
        import pathlib
        engagement_quality_corr = 0.123
        for path in (pathlib.Path(apm.__file__).resolve().parents[2] / "solutions",
                     pathlib.Path("../../../solutions"), pathlib.Path("../../../build/source")):
            try:
                cells = json.loads((path / "01_engagement" / "engagement.ipynb").read_text())
                source = next(c["source"] for c in cells["cells"]
                              if c["metadata"].get("nbgrader", {}).get("grade_id") == "m1-corr")
                exec("".join(source))
                print("read", path)
                break
            except Exception as err:
                print(type(err).__name__, path)
        """),
    # switch the guard off (it is called through sys.audit), then patch the helper
    "bypass": ("import sys\nvars(sys)['audit'] = lambda *args: None\n"
               "apm.grading.check_close = lambda *args, **kwargs: None\n" + WRONG),
    "writer": textwrap.dedent("""\
        import sqlite3
        try:
            with sqlite3.connect("../../../gradebook.db") as db:
                db.execute("UPDATE grade SET manual_score = 100")
        except Exception as err:
            print(type(err).__name__, "gradebook")
        try:
            import nbgrader.api
        except Exception as err:
            print(type(err).__name__, "nbgrader")
        """) + WRONG,
}
BROKEN = {
    "wrong": WRONG,
    "sigint": ("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
               "while True:\n    time.sleep(0.01)\n"),
    "sysexit": "import sys\nsys.exit(0)\n",
    "kill-kernel": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "kill-worker": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
}
MEGABYTES = "for _ in range(60):\n    print('x' * 100_000)\n"  # 6 million characters


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    root = tmp / "course"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIPM_EXCHANGE", str(tmp / "exchange"))
        for name in ("NBGRADER_EXECUTION", "AIPM_DB_URL"):
            mp.delenv(name, raising=False)
        out = io.StringIO()
        with redirect_stderr(out):
            assert cli.main(["--course", str(REPO), "build", "--out", str(root), "--assignment",
                             ASSIGNMENT, "--no-datasets"]) == 0, out.getvalue()
            assert cli.main(["--course", str(root), "release", ASSIGNMENT]) == 0
        course = Course(root, ASSIGNMENT, f"{NOTEBOOK}.ipynb")
        solution = next(c.source for c in course.solution.cells if c.id == "m1-corr")
        learners = {"honest": solution, **EXPLOITS, **BROKEN, "big": MEGABYTES + solution}
        for learner, source in learners.items():
            course.submit(learner, sources={"m1-corr": source},
                          files=decisions(**decisions_for(learner)))
        # the exploits against plain nbgrader, in a copy of the course
        plain = tmp / "plain"
        shutil.copytree(root, plain)
        for learner in learners:
            if learner not in EXPLOITS:
                shutil.rmtree(plain / "submitted" / learner)
        with redirect_stderr(io.StringIO()):
            summary = autograde_cohort(root, ASSIGNMENT, workers=2, timeout=15, progress=False)
        plain_run = subprocess.run(["nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=plain,
                                   env=subprocess_env(), capture_output=True, text=True,
                                   timeout=900)
    return {"root": root, "course": course, "summary": summary,
            "plain": Course(plain, ASSIGNMENT, f"{NOTEBOOK}.ipynb"), "plain_run": plain_run}


def _flags(hostile, learner) -> str:
    return "\n".join(hostile["summary"].result(learner).flags)


def test_the_batch_ends_with_every_learner_graded_or_failed(hostile):
    summary = hostile["summary"]
    graded = {r.student for r in summary.graded}
    assert {r.student for r in summary.failed} == {"sigint", "kill-kernel"}
    assert graded == {"honest", "wrong", "sysexit", "kill-worker", "big", *EXPLOITS}
    assert summary.exit_code == 1


def test_the_honest_learner_earns_every_point_and_no_flag(hostile):
    scores = hostile["course"].scores("honest")
    assert sum(v for v in scores.values() if v is not None) == AUTOGRADED_POINTS
    assert hostile["summary"].result("honest").flags == []
    assert hostile["course"].scores("wrong")[CORR] == 0  # the number the tricks must beat


def test_the_exploits_work_against_plain_nbgrader(hostile):
    """The guard is what stops them: without it each earns the point it did not earn."""
    run = hostile["plain_run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hostile['plain'].root / 'gradebook.db'}") as gb:
        for learner in EXPLOITS:  # the automatic score (the writer's manual 100s aside)
            if learner != "writer":
                assert gb.find_grade(CORR, NOTEBOOK, ASSIGNMENT, learner).auto_score == 1.0
    with sqlite3.connect(hostile["plain"].root / "gradebook.db") as db:
        assert db.execute("SELECT max(manual_score) FROM grade").fetchone()[0] == 100


@pytest.mark.parametrize("learner", sorted(EXPLOITS))
def test_an_exploit_earns_nothing_and_is_flagged(hostile, learner):
    scores = hostile["course"].scores(learner)
    assert scores[CORR] == 0
    result = hostile["summary"].result(learner)
    assert result.status == "graded" and result.flags, result


def test_each_exploit_is_named_for_the_instructor(hostile):
    assert "restored" in _flags(hostile, "patch-helper")
    assert "apm.grading.check_close (the course package)" in _flags(hostile, "patch-helper")
    assert "check_close (its code)" in _flags(hostile, "patch-code")
    assert "numpy.isclose" in _flags(hostile, "patch-numpy")
    assert "numpy.testing.assert_allclose" in _flags(hostile, "patch-numpy")
    assert "builtins.__import__" in _flags(hostile, "patch-import")
    assert "the notebook's 'apm'" in _flags(hostile, "rebind-apm")
    reader = _flags(hostile, "reader")
    assert "refused" in reader and "solutions" in reader and "build" in reader
    assert "the grading guard did not run before m1-corr-test" in _flags(hostile, "bypass")
    writer = _flags(hostile, "writer")
    assert "sqlite3.connect" in writer and "gradebook.db" in writer and "import nbgrader" in writer


def test_the_gradebook_is_untouched_by_the_writer(hostile):
    with sqlite3.connect(hostile["root"] / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT max(manual_score) FROM grade").fetchone()[0] is None
        assert db.execute("SELECT max(auto_score) FROM grade").fetchone()[0] <= 5


def test_a_loop_that_ignores_the_interrupt_fails_that_learner_only(hostile):
    result = hostile["summary"].result("sigint")
    assert "m1-corr ran past the 15 s per-cell limit and did not stop" in result.reason
    assert any("signal.signal" in f for f in result.flags)
    assert all(v is None for v in hostile["course"].scores("sigint").values())


def test_killing_the_kernel_fails_that_learner_with_the_cell_named(hostile):
    result = hostile["summary"].result("kill-kernel")
    assert "kernel died while running m1-corr" in result.reason


def test_sys_exit_only_costs_its_own_checkpoint(hostile):
    scores = hostile["course"].scores("sysexit")
    assert scores[CORR] == 0
    assert sum(v for v in scores.values() if v is not None) == AUTOGRADED_POINTS - 1


def test_killing_the_grading_worker_is_refused(hostile):
    flags = _flags(hostile, "kill-worker")
    assert "refused" in flags and "os.kill of process" in flags
    assert hostile["course"].scores("kill-worker")[CORR] == 0


def test_megabytes_of_output_are_cut_and_do_not_change_the_score(hostile):
    scores = hostile["course"].scores("big")
    assert sum(v for v in scores.values() if v is not None) == AUTOGRADED_POINTS
    assert "m1-corr printed 6.0 million characters" in _flags(hostile, "big")
    path = hostile["root"] / "autograded" / "big" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    assert path.stat().st_size < 2 * OUTPUT_CAP
    cell = next(c for c in nbformat.read(path, as_version=4).cells if c.id == "m1-corr")
    assert "output cut" in "".join(o.get("text", "") for o in cell.outputs)


def test_the_graded_notebook_keeps_no_guard_cell(hostile):
    path = hostile["root"] / "autograded" / "honest" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    cells = nbformat.read(path, as_version=4).cells
    release = hostile["course"].release.cells
    assert [c.id for c in cells] == [c.id for c in release]


# --- the guard on its own, in a throw-away interpreter (an audit hook cannot be removed) ------


GUARD_SCRIPT = textwrap.dedent("""\
    import builtins, json, os, sys
    import numpy as np
    import ai_product_metrics as apm
    from ai_product_metrics.instructor import guard
    secret, mine = sys.argv[1], sys.argv[2]
    guard.protect(forbidden=[secret], allowed=[mine], modules=["scipy.stats"])
    results = {}
    def attempt(name, action):
        try:
            action()
            results[name] = "done"
        except PermissionError:
            results[name] = "refused"
    attempt("read secret", lambda: open(os.path.join(secret, "key.txt")).read())
    attempt("list secret", lambda: os.listdir(secret))
    attempt("read mine", lambda: open(os.path.join(mine, "notes.txt")).read())
    attempt("run program", lambda: os.system("true"))
    np.isclose = print
    apm.grading.check_range = print
    builtins.len = print
    sys.modules["scipy.stats"] = None
    namespace = sys.modules["__main__"].__dict__
    namespace["float"] = str
    lines = guard.restore(names=["float", "len"], aliases={"np": "numpy"})
    results["restored"] = (np.isclose is not print and apm.grading.check_range is not print
                           and len is not print and "float" not in namespace
                           and sys.modules["scipy.stats"] is not None)
    results["lines"] = lines
    results["again"] = guard.restore()
    print(json.dumps(results))
    """)


def test_the_guard_refuses_forbidden_places_and_restores_what_was_patched(tmp_path):
    secret, mine = tmp_path / "course", tmp_path / "course" / "autograded" / "me"
    mine.mkdir(parents=True)
    (secret / "key.txt").write_text("answer", encoding="utf-8")
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", GUARD_SCRIPT, str(secret), str(mine)],
                         capture_output=True, text=True, timeout=300, env=subprocess_env())
    assert run.returncode == 0, run.stderr
    import json

    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert results["read secret"] == results["list secret"] == "refused"
    assert results["read mine"] == "done"
    assert results["run program"] == "refused"
    assert results["restored"] is True
    text = "\n".join(results["lines"])
    for name in ("numpy.isclose", "check_range", "builtins.len", "sys.modules['scipy.stats']",
                 "the notebook's 'float'", "refused open", "refused os.system"):
        assert name in text, (name, text)
    assert results["again"] == []  # nothing changed since: nothing to report


@pytest.mark.parametrize("source, expected", [
    ("import numpy as np\nnp.isclose = print", "assigns to np.isclose (numpy"),
    ("from numpy import testing\ntesting.assert_allclose = print", "testing.assert_allclose"),
    ("import scipy.stats as st\nst.pearsonr = print", "st.pearsonr (scipy"),
    ("import sys\nsys.displayhook = print", "sys.displayhook (sys"),
    ("import builtins\nbuiltins.__import__ = print", "builtins.__import__ (builtins)"),
    ("import ctypes", "imports ctypes"),
    ("import gc\nobjects = gc.get_objects()", "calls gc.get_objects"),
    ("import ai_product_metrics.instructor.guard as g\ng.restore = print", "g.restore"),
])
def test_the_static_scan_flags_patches_of_what_the_tests_use(source, expected):
    from ai_product_metrics.instructor.integrity import scan_code

    assert any(expected in reason for reason in scan_code(source)), scan_code(source)


@pytest.mark.parametrize("source", [
    "import pandas as pd\npd.options.display.max_rows = 20",
    "import numpy as np\nrng = np.random.default_rng(7)\nvalues = np.sort(rng.random(5))",
    "sum_of_rates = sum([0.1, 0.2])\nweekly = {'ctr': 0.1}",
    "import matplotlib.pyplot as plt\nplt.rcParams['figure.figsize'] = (6, 3)",
])
def test_the_static_scan_leaves_ordinary_code_alone(source):
    from ai_product_metrics.instructor.integrity import scan_code

    assert scan_code(source) == []
