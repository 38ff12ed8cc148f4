"""The instructor workflow at cohort scale, through real nbgrader (module 1, a small cohort).

One module-scoped course runs the whole workflow once, with ``aipm-teach`` and
``autograde_cohort``:

- ``build`` the course; ``release`` it twice (the second does nothing); three learners with
  their own user names ``fetch`` and ``submit`` through a temporary exchange (ivy: the
  solution; jon: one answer left as a stub; kim: ivy's seed and numbers pasted); ``collect``;
- three more learners written straight into ``submitted/``: dee (the solution), mod (a test
  cell deleted, a read-only cell edited, the grading helper monkeypatched, a cell that never
  ends), bad (a notebook that is not JSON);
- round 1: everyone, two workers, with a progress bar (the per-cell limit lowered to 20 s);
- the instructor grades jon's reflection and overrides one of his scores; jon resubmits the
  solution through the exchange; dee resubmits a notebook that kills its kernel;
- round 2: dee and jon, the learners whose submission changed; round 3 through the command
  line: nothing changed for ivy and kim, and bad still fails.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import nbformat
import pytest

from ai_product_metrics.grading import seed_from_id
from ai_product_metrics.instructor import cli
from ai_product_metrics.instructor.cohort import autograde_cohort
from ai_product_metrics.instructor.integrity import inspect_notebook, restore_missing_tests

from .conftest import REPO, subprocess_env
from .harness import Course, decisions, grade_cells, solution_cells
from .test_module1_grading import DATA_DEPENDENT, decisions_for

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_engagement"
NOTEBOOK = "engagement"
AUTOGRADED_POINTS = 18.0  # 21 points, 3 of them the manually graded reflection
MANUAL = "m1-reflection"
KILL = "import os\nos._exit(1)"
LOOP = "import time\nwhile True:\n    time.sleep(0.05)"
PATCH = "apm.grading.check_close = lambda *args, **kwargs: None\n"
EXCHANGE_LEARNERS = ("ivy", "jon", "kim")


def _aipm_teach(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(list(args))
    return code, out.getvalue()


def _compose(course: Course, path: Path, *, solved=None, edit=None) -> None:
    """Put the solution into the answer cells of the notebook at ``path`` (all by default)."""
    nb = nbformat.read(path, as_version=4)
    solution = {c.id: c.source for c in course.solution.cells}
    chosen = set(solution_cells(nb) if solved is None else solved)
    for cell in nb.cells:
        if cell.id in chosen:
            cell.source = solution[cell.id]
        if edit and cell.id in edit:
            old, new = edit[cell.id]
            assert old in cell.source
            cell.source = cell.source.replace(old, new)
    nbformat.write(nb, path)


def _nbgrader_as_each(learners, homes: Path, *args: str) -> None:
    """Run the same nbgrader command for several learners at once (each in their home)."""
    running = []
    for learner in learners:
        home = homes / learner
        extra = ("--student", learner) if args[0] == "submit" else ()
        env = subprocess_env(USER=learner, LOGNAME=learner, HOME=str(home))
        running.append(subprocess.Popen(["nbgrader", *args, *extra], cwd=home, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True))
    for process in running:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0, out


def _fetch(learners, homes: Path, exchange: Path) -> None:
    for learner in learners:
        home = homes / learner
        home.mkdir(parents=True)
        (home / "nbgrader_config.py").write_text(  # what a hub's global config gives learners
            "c = get_config()\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
            "c.Exchange.path_includes_course = True\n"
            "c.CourseDirectory.course_id = 'ai-product-metrics'\n", encoding="utf-8")
    _nbgrader_as_each(learners, homes, "fetch_assignment", ASSIGNMENT, "--course",
                      "ai-product-metrics")


def _work(course: Course, learner: str, homes: Path, *, solved=None, edit=None,
          seed_of: str | None = None) -> None:
    """The learner works in their fetched notebook and saves their widget decisions."""
    folder = homes / learner / "ai-product-metrics" / ASSIGNMENT
    _compose(course, folder / f"{NOTEBOOK}.ipynb", solved=solved, edit=edit)
    (folder / "decisions.json").write_text(json.dumps(decisions_for(seed_of or learner)),
                                           encoding="utf-8")


def _submit(learners, homes: Path) -> None:
    # on a hub the OS user names the learner; here everyone is root, so --student says it
    _nbgrader_as_each(learners, homes, "submit", ASSIGNMENT, "--course", "ai-product-metrics")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cohort")
    root, exchange, homes = tmp / "course", tmp / "exchange", tmp / "homes"
    run: dict = {"root": root}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AIPM_EXCHANGE", str(exchange))
        for name in ("NBGRADER_EXECUTION", "AIPM_DB_URL"):
            mp.delenv(name, raising=False)
        code, out = _aipm_teach("--course", str(REPO), "build", "--out", str(root),
                                "--assignment", ASSIGNMENT, "--no-datasets")
        assert code == 0, out
        course = Course(root, ASSIGNMENT, f"{NOTEBOOK}.ipynb")
        run["course"] = course
        run["release"] = [_aipm_teach("--course", str(root), "release", ASSIGNMENT)
                          for _ in range(2)]

        # three learners through the exchange, with their own user names
        answers = [c for c in solution_cells(course.release) if c != MANUAL]
        setup = course.cell_id_containing("SEED = apm.learner_seed()")
        _fetch(EXCHANGE_LEARNERS, homes, exchange)
        _work(course, "ivy", homes)
        _work(course, "jon", homes, solved=[c for c in answers if c != "m1-corr"])
        _work(course, "kim", homes, seed_of="ivy", edit={setup: (
            "SEED = apm.learner_seed()", 'SEED = apm.grading.seed_from_id("ivy")')})
        _submit(EXCHANGE_LEARNERS, homes)
        run["collect1"] = _aipm_teach("--course", str(root), "collect", ASSIGNMENT)

        # three more written straight into submitted/
        course.submit("dee", files=decisions(**decisions_for("dee")))
        folder = course.submit("mod", files=decisions(**decisions_for("mod")), edit={
            "m1-weekly-test": ('"""', '"""Edited by the learner. '),
            "m1-families": ("metric_family = {", PATCH + "metric_family = {"),
            "m1-novelty": ("### BEGIN SOLUTION", LOOP + "\n### BEGIN SOLUTION")})
        nb = nbformat.read(folder / course.notebook, as_version=4)
        nb.cells = [c for c in nb.cells if c.id != "m1-corr-test"]
        nbformat.write(nb, folder / course.notebook)
        bad = root / "submitted" / "bad" / ASSIGNMENT
        bad.mkdir(parents=True)
        (bad / course.notebook).write_text('{"cells": [', encoding="utf-8")

        progress = io.StringIO()
        with contextlib.redirect_stderr(progress):
            run["round1"] = autograde_cohort(root, ASSIGNMENT, workers=2, timeout=20)
        run["progress"] = progress.getvalue()
        run["scores1"] = {s: course.scores(s) for s in ("ivy", "dee", "jon")}

        # the instructor grades jon by hand; jon resubmits; dee's resubmission kills its kernel
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
            reflection = gb.find_grade(MANUAL, NOTEBOOK, ASSIGNMENT, "jon")
            reflection.manual_score = 2.5
            gb.find_comment(MANUAL, NOTEBOOK, ASSIGNMENT, "jon").manual_comment = "Specific."
            gb.find_grade("m1-brief-test", NOTEBOOK, ASSIGNMENT, "jon").manual_score = 4.0
            gb.db.commit()
        run["timestamp1"] = (root / "submitted/jon" / ASSIGNMENT / "timestamp.txt").read_text()
        _work(course, "jon", homes)
        _submit(["jon"], homes)
        run["collect2"] = _aipm_teach("--course", str(root), "collect", ASSIGNMENT)
        course.submit("dee", files=decisions(**decisions_for("dee")),
                      edit={"m1-corr": ("engagement_quality_corr =",
                                        KILL + "\nengagement_quality_corr =")})
        run["round2"] = autograde_cohort(root, ASSIGNMENT, students=["dee", "jon"], workers=2,
                                         progress=False)
        run["round3"] = _aipm_teach("--course", str(root), "autograde", ASSIGNMENT,
                                    "--student", "ivy", "--student", "kim", "--student",
                                    "bad", "--no-progress")
    return run


def _gradebook_rows(root: Path, student: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {"flagged": nb.flagged,
                "timestamp": gb.find_submission(ASSIGNMENT, student).timestamp,
                "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade)
                           for g in nb.grades},
                "comments": {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments}}


def _autograded_total(scores: dict) -> float:
    return sum(v for k, v in scores.items() if k != MANUAL and v is not None)


# --- the command line -------------------------------------------------------------------------


def test_help_describes_every_step_with_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert exit_info.value.code == 0
    for step in ("build", "release", "collect", "autograde", "feedback", "export", "report"):
        assert f"    {step} " in text, f"{step} has no description in --help"
        assert f"aipm-teach {step}" in text, f"no example of {step} in --help"


def test_release_again_does_nothing_and_collect_names_the_learners(cohort):
    (first, out1), (second, out2) = cohort["release"]
    assert first == 0 and "released to" in out1
    assert second == 0 and "already released, unchanged" in out2
    code, out = cohort["collect1"]
    assert code == 0 and "3 new" in out and "ivy, jon, kim" in out


# --- round 1: the whole cohort ----------------------------------------------------------------


def test_every_learner_is_graded_or_failed_with_a_reason(cohort):
    summary = cohort["round1"]
    assert {r.student for r in summary.graded} == {"dee", "ivy", "jon", "kim", "mod"}
    assert [r.student for r in summary.failed] == ["bad"]
    assert "not valid JSON" in summary.result("bad").reason
    assert summary.exit_code == 1
    report = summary.report()
    assert "FAILED" in report and "bad" in report and "1 failed" in report


def test_progress_bar_counts_learners_done(cohort):
    assert "6/6" in cohort["progress"] and "learner" in cohort["progress"]


def test_learners_through_the_exchange_are_graded_on_their_own_seed(cohort):
    course = cohort["course"]
    ivy, kim = cohort["scores1"]["ivy"], course.scores("kim")
    assert _autograded_total(ivy) == AUTOGRADED_POINTS
    assert all(kim[cell] == 0 for cell in DATA_DEPENDENT), kim  # ivy's numbers, kim's seed
    assert cohort["scores1"]["jon"]["m1-corr-test"] == 0  # the stub earns nothing
    printed = {}
    for learner in ("ivy", "kim"):  # each autograde ran in autograded/<learner>/<assignment>
        nb = nbformat.read(cohort["root"] / "autograded" / learner / ASSIGNMENT
                           / f"{NOTEBOOK}.ipynb", as_version=4)
        printed[learner] = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                                   for o in c.outputs if o.get("output_type") == "stream")
    assert f"Learner 'ivy': data variant {seed_from_id('ivy')}" in printed["ivy"]
    assert "Learner 'kim': data variant" in printed["kim"]  # kim's id, ivy's pasted seed


def test_a_deleted_test_cell_is_restored_graded_and_flagged(cohort):
    result = cohort["round1"].result("mod")
    assert any("m1-corr-test was deleted" in f and "restored" in f for f in result.flags)
    assert cohort["course"].scores("mod")["m1-corr-test"] == 1.0  # not left ungraded
    assert _gradebook_rows(cohort["root"], "mod")["flagged"]


def test_an_edited_locked_cell_and_a_patched_helper_are_flagged(cohort):
    flags = cohort["round1"].result("mod").flags
    assert any("m1-weekly-test was edited" in f for f in flags), flags
    assert any("apm.grading.check_close" in f for f in flags), flags


def test_a_cell_past_the_time_limit_is_named(cohort):
    result = cohort["round1"].result("mod")
    assert result.status == "graded"
    assert any("m1-novelty ran past the 20 s per-cell limit" in f for f in result.flags)
    assert cohort["course"].scores("mod")["m1-novelty-test"] == 0


def test_a_notebook_that_is_not_json_leaves_a_flagged_ungraded_submission(cohort):
    rows = _gradebook_rows(cohort["root"], "bad")
    assert rows["flagged"]
    assert all(auto is None and needs for auto, _, needs in rows["grades"].values())


# --- round 2: manual grades, resubmission, a dead kernel --------------------------------------


def test_dead_kernel_fails_the_learner_and_keeps_no_old_grade(cohort):
    assert _autograded_total(cohort["scores1"]["dee"]) == AUTOGRADED_POINTS  # round 1
    result = cohort["round2"].result("dee")
    assert result.status == "failed"
    assert "kernel died while running m1-corr" in result.reason
    rows = _gradebook_rows(cohort["root"], "dee")
    assert rows["flagged"]
    assert all(auto is None for auto, _, _ in rows["grades"].values()), rows["grades"]
    assert not (cohort["root"] / "autograded" / "dee" / ASSIGNMENT).exists()


def test_autograding_again_keeps_manual_grades_and_comments(cohort):
    assert cohort["round2"].result("jon").status == "graded"
    rows = _gradebook_rows(cohort["root"], "jon")
    assert rows["grades"][MANUAL][1] == 2.5
    assert rows["comments"][MANUAL][1] == "Specific."
    auto, manual, needs_review = rows["grades"]["m1-brief-test"]
    assert (auto, manual, needs_review) == (5.0, 4.0, True)
    assert cohort["course"].scores("jon")["m1-brief-test"] == 4.0  # the override counts


def test_a_resubmission_replaces_the_old_one(cohort):
    code, out = cohort["collect2"]
    assert code == 0 and "1 resubmitted" in out and "jon" in out
    assert cohort["round2"].result("jon").status == "graded"
    assert cohort["course"].scores("jon")["m1-corr-test"] == 1.0
    newer = (cohort["root"] / "submitted/jon" / ASSIGNMENT / "timestamp.txt").read_text()
    assert newer > cohort["timestamp1"]
    stamp = _gradebook_rows(cohort["root"], "jon")["timestamp"]
    assert stamp.strftime("%Y-%m-%d %H:%M:%S") == newer.strip()[:19]


def test_running_again_grades_only_what_changed_and_exits_non_zero_on_failure(cohort):
    code, out = cohort["round3"]
    assert code == 1  # bad still fails
    assert "2 unchanged" in out and "1 failed" in out and "FAILED" in out
    ledger = cohort["root"] / "autograded/.aipm" / ASSIGNMENT / "learners"
    assert json.loads((ledger / "ivy.json").read_text())["status"] == "graded"
    assert json.loads((ledger / "dee.json").read_text())["status"] == "failed"


def test_the_sqlite_gradebook_is_intact(cohort):
    with sqlite3.connect(cohort["root"] / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        students = {r[0] for r in db.execute("SELECT student_id FROM submitted_assignment")}
    assert students == {"bad", "dee", "ivy", "jon", "kim", "mod"}


def test_feedback_and_export_steps_run_on_the_cohort(cohort, tmp_path):
    root = cohort["root"]
    code, out = _aipm_teach("--course", str(root), "export", "--out", str(tmp_path / "g.csv"),
                            ASSIGNMENT)
    assert code == 0 and (tmp_path / "g.csv").is_file(), out
    header = (tmp_path / "g.csv").read_text().splitlines()[0]
    assert f"{ASSIGNMENT}/m1-corr-test" in header
    code, out = _aipm_teach("--course", str(root), "feedback", ASSIGNMENT, "--student", "ivy")
    assert code == 0 and "1 feedback page" in out, out
    assert (root / "feedback" / "ivy" / ASSIGNMENT).is_dir()


def test_a_step_that_is_not_installed_says_so(capsys):
    with pytest.raises(cli.UsageError, match="not available"):
        cli._lazy("no_such_step", "run")
    assert cli.main(["--course", str(REPO / "tests"), "autograde", ASSIGNMENT]) == 2
    assert "not a course folder" in capsys.readouterr().err


# --- the checks themselves, without a kernel --------------------------------------------------


def test_inspection_finds_each_change_in_a_released_notebook():
    release = nbformat.read(REPO / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)
    assert not any(vars(inspect_notebook(release, release)).values())
    changed = nbformat.from_dict(json.loads(json.dumps(release)))
    changed.cells = [c for c in changed.cells if c.id not in ("m1-corr-test", MANUAL)]
    weekly = next(c for c in changed.cells if c.id == "m1-weekly-test")
    weekly.source += "\npass"
    changed.cells[1].source += "\nimport os\nos._exit(0)"
    found = inspect_notebook(changed, release)
    assert found.restored_tests == ["m1-corr-test"]
    assert found.deleted_manual == [MANUAL]
    assert found.edited_locked == ["m1-weekly-test"]
    assert found.suspicious and "os._exit" in found.suspicious[0]
    cells, restored = restore_missing_tests(changed.cells, release.cells)
    ids = [c["id"] for c in cells]
    assert restored == ["m1-corr-test"] and ids.index("m1-corr-test") == ids.index("m1-corr") + 1
    assert set(grade_cells(release)) - {c["id"] for c in cells} == {MANUAL}
