"""A throw-away nbgrader course for tests: build it, compose submissions, autograde for real.

Submissions are composed from the generated notebooks cell by cell: start from the student
release and put the solution's source into chosen answer cells. Autograde is the real
``nbgrader autograde`` command, run once for every learner of the course.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ai_product_metrics.build import build_course

from .conftest import REPO, subprocess_env

_KERNEL_START_FAILURES = ("Kernel didn't respond", "Address already in use", "ZMQError")


def answer_cells(nb: nbformat.NotebookNode) -> list[str]:
    """Ids of the autograded answer cells (solution, not graded, code)."""
    return [c.id for c in nb.cells if c.cell_type == "code"
            and c.metadata.get("nbgrader", {}).get("solution")
            and not c.metadata["nbgrader"].get("grade")]


def solution_cells(nb: nbformat.NotebookNode) -> list[str]:
    """Ids of every cell the learner answers (code and written, autograded or manual)."""
    return [c.id for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


def grade_cells(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


@dataclass
class Course:
    root: Path
    assignment: str
    notebook: str

    @property
    def release(self) -> nbformat.NotebookNode:
        return nbformat.read(self.root / "assignments" / self.assignment / self.notebook, 4)

    @property
    def solution(self) -> nbformat.NotebookNode:
        return nbformat.read(self.root / "solutions" / self.assignment / self.notebook, 4)

    def submit(
        self,
        student: str,
        *,
        solved: list[str] | None = None,
        sources: Mapping[str, str] | None = None,
        edit: Mapping[str, tuple[str, str]] | None = None,
        files: Mapping[str, str] | None = None,
    ) -> Path:
        """Write ``submitted/<student>/<assignment>/<notebook>``.

        ``solved``: answer cells that get the solution (default: all); ``sources``: cell id ->
        source to put there instead; ``edit``: cell id -> (old, new) text replacement applied
        to the composed cell (any cell); ``files``: extra files beside the notebook.
        """
        nb = self.release
        solution = {c.id: c.source for c in self.solution.cells}
        chosen = set(solution_cells(nb) if solved is None else solved)
        for cell in nb.cells:
            if cell.id in chosen:
                cell.source = solution[cell.id]
            if sources and cell.id in sources:
                cell.source = sources[cell.id]
            if edit and cell.id in edit:
                old, new = edit[cell.id]
                assert old in cell.source, f"{old!r} not in cell {cell.id}"
                cell.source = cell.source.replace(old, new)
        folder = self.root / "submitted" / student / self.assignment
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / self.notebook)
        for name, text in (files or {}).items():
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    def cell_id_containing(self, text: str) -> str:
        matches = [c.id for c in self.release.cells if text in c.source]
        assert len(matches) == 1, f"{text!r} is in {len(matches)} cells"
        return matches[0]

    def _run_autograde(self, *extra: str, timeout: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["nbgrader", "autograde", self.assignment, "--force", *extra],
            cwd=self.root, env=subprocess_env(), capture_output=True, text=True, timeout=timeout,
        )

    def autograde(self, timeout: int = 900) -> subprocess.CompletedProcess:
        """Autograde every submission; retry, once, learners whose KERNEL failed to start.

        On a loaded two-core machine a kernel occasionally does not answer within nbgrader's
        start-up timeout (or loses jupyter_client's TCP port race). That is infrastructure, not
        grading: those learners are graded again, alone. Any other failure is returned as is.
        """
        result = self._run_autograde(timeout=timeout)
        log = result.stdout + result.stderr
        failed = set(re.findall(r"error processing assignment: \S*/submitted/([^/\s]+)/", log))
        failed |= set(re.findall(r"error processing assignment '[^']+' for student '([^']+)'", log))
        if result.returncode != 0 and failed and any(m in log for m in _KERNEL_START_FAILURES):
            for student in sorted(failed):
                retry = self._run_autograde("--student", student, timeout=timeout)
                log += f"\n--- retry of {student} ---\n" + retry.stdout + retry.stderr
                if retry.returncode != 0:
                    result = retry
                    break
            else:
                result = subprocess.CompletedProcess(result.args, 0, result.stdout, result.stderr)
        (self.root / "autograde.log").write_text(log, encoding="utf-8")
        return result


    def scores(self, student: str) -> dict[str, float | None]:
        """grade_id -> score (None where the cell waits for manual grading)."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}") as gb:
            nb = gb.find_submission_notebook(Path(self.notebook).stem, self.assignment, student)
            return {g.name: (None if g.needs_manual_grade and g.manual_score is None else g.score)
                    for g in nb.grades}


def failure_excerpt(result: subprocess.CompletedProcess, size: int = 4000) -> str:
    """The part of an autograde log that explains a failure: from the first traceback on."""
    log = result.stdout + result.stderr
    start = log.find("Traceback")
    return log[start:start + size] if start >= 0 else log[-size:]


def make_course(tmp: Path, assignment: str) -> Course:
    """Build ``assignment`` into a fresh course folder under ``tmp`` (own gradebook)."""
    root = tmp / "course"
    root.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    build_course(REPO, out=root, assignments=[assignment], datasets=False)
    notebooks = sorted((root / "assignments" / assignment).glob("*.ipynb"))
    assert len(notebooks) == 1, "the harness handles one notebook per assignment"
    return Course(root, assignment, notebooks[0].name)


def decisions(**values: object) -> dict[str, str]:
    """A decisions.json file as the widgets write it."""
    return {"decisions.json": json.dumps(values)}


# --- the standard honest-grading round trip, shared by every module ----------------------------

PASTED_FROM = "learner-a"


def submit_standard(course: Course, decisions_for) -> list[str]:
    """Write the standard submissions; return the answer cell ids.

    ``decisions_for(student)`` returns the widget decisions a careful learner would save
    (a dict for :func:`decisions`). Submissions: ``solution``, ``release`` (untouched),
    ``stub-<cell>`` for every answer cell, ``learner-b`` and ``pasted`` (learner A's seed and
    decisions, submitted as another learner).
    """
    answers = answer_cells(course.release)
    course.submit("solution", files=decisions(**decisions_for("solution")))
    course.submit("release", solved=[])
    for cell in answers:
        course.submit(f"stub-{cell}", solved=[c for c in answers if c != cell],
                      files=decisions(**decisions_for(f"stub-{cell}")))
    course.submit("learner-b", files=decisions(**decisions_for("learner-b")))
    setup = course.cell_id_containing("SEED = apm.learner_seed()")
    course.submit("pasted", edit={setup: ("SEED = apm.learner_seed()",
                                          f'SEED = apm.grading.seed_from_id("{PASTED_FROM}")')},
                  files=decisions(**decisions_for(PASTED_FROM)))
    return answers


def grade_round_trip(folder: Path, assignment: str, decisions_for, submit_more) -> tuple:
    """Build ``assignment`` in ``folder``, write the standard submissions and the module's own
    (``submit_more(course)``), autograde everything once; return (course, answer cells, grade
    cells), what :class:`StandardRoundTrip`'s ``graded`` fixture provides."""
    course = make_course(folder, assignment)
    answers = submit_standard(course, decisions_for)
    submit_more(course)
    result = course.autograde()
    assert result.returncode == 0, failure_excerpt(result)
    return course, answers, grade_cells(course.release)


def full_marks_missed(course: Course, student: str, manual: set[str]) -> dict:
    """Autograded cells where ``student`` did not get full points: {cell: (score, max)}."""
    points = grade_cells(course.release)
    scores = course.scores(student)
    missed = {c: (scores[c], p) for c, p in points.items() if c not in manual and scores[c] != p}
    missed |= {c: (scores[c], "manual") for c in manual if scores[c] is not None}
    return missed


def release_scores_nonzero(course: Course) -> dict:
    """Graded cells of the untouched release that earned anything (must be empty)."""
    scores = course.scores("release")
    assert set(scores) == set(grade_cells(course.release))
    return {c: s for c, s in scores.items() if s != 0}


def stubs_still_scoring(course: Course, answers: list[str]) -> dict:
    """Answer cells whose own test still earns points when the cell is left as a stub."""
    points = grade_cells(course.release)
    leaking = {}
    for cell in answers:
        test = f"{cell}-test"
        assert test in points, f"answer cell {cell} has no test cell {test}"
        score = course.scores(f"stub-{cell}")[test]
        if score != 0:
            leaking[cell] = score
    return leaking


class StandardRoundTrip:
    """The round-trip checks every module's grading must pass.

    A module's test file subclasses it as ``TestStandardRoundTrip``, sets ``MANUAL`` (manually
    graded cells) and ``DATA_DEPENDENT`` (cells whose answers are numbers of the learner's own
    data, which another learner's values cannot match), and provides a module-scoped
    ``graded`` fixture returning ``(course, answer cells, grade cells)`` after
    :func:`submit_standard` and one autograde run.
    """

    MANUAL: set[str] = set()
    DATA_DEPENDENT: list[str] = []

    def test_solution_scores_full_marks(self, graded):
        course, _, _ = graded
        assert not full_marks_missed(course, "solution", self.MANUAL)

    def test_untouched_release_scores_zero_everywhere(self, graded):
        course, _, _ = graded
        assert not release_scores_nonzero(course)

    def test_each_stubbed_answer_loses_its_own_points(self, graded):
        course, answers, _ = graded
        assert not stubs_still_scoring(course, answers)

    def test_another_learner_scores_full_marks_on_their_own_data(self, graded):
        course, _, _ = graded
        assert not full_marks_missed(course, "learner-b", self.MANUAL)

    def test_pasted_numbers_from_another_learner_fail(self, graded):
        course, _, _ = graded
        assert self.DATA_DEPENDENT, "name the cells another learner's numbers must fail"
        scores = course.scores("pasted")
        for cell in self.DATA_DEPENDENT:
            assert scores[cell] == 0, f"{cell} accepted another learner's numbers"
