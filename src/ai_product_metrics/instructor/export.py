"""Per-checkpoint grades out of the nbgrader gradebook, as data and as a CSV file.

``nbgrader export`` writes one total per learner and assignment. :func:`export_checkpoints`
writes one row per learner and one column per checkpoint (``<assignment>/<grade_id>``), then
the assignment's total and maximum, read with :class:`nbgrader.api.Gradebook`. A manually
graded cell that nobody has graded yet is left blank (never 0) and named in the
``needs_manual_grading`` column.

The helpers here (:func:`course_directory`, :func:`open_gradebook`, :func:`read_grades`) are
shared by :mod:`.feedback` and :mod:`.report`. Every one of them refuses a course folder
without a gradebook, or with an empty one: nbgrader silently creates an empty
``gradebook.db`` when a command runs from the wrong folder, and a report of nothing would
look like a cohort that scored nothing.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

if TYPE_CHECKING:  # pragma: no cover
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

__all__ = [
    "AssignmentGrades",
    "Checkpoint",
    "course_directory",
    "export_checkpoints",
    "open_gradebook",
    "read_grades",
    "release_notebook",
]

#: Fixed columns of the CSV, before the checkpoint columns.
ID_COLUMNS = ["student_id", "last_name", "first_name", "email"]


@dataclass(frozen=True)
class Checkpoint:
    """One graded cell of an assignment (as nbgrader's gradebook knows it)."""

    notebook: str
    grade_id: str
    max_score: float
    manual: bool  # graded by the instructor (a graded cell that is also an answer cell)


@dataclass
class AssignmentGrades:
    """Every learner's grades on one assignment, as plain data (no database session).

    ``scores[student][grade_id]`` is the cell's score, or None while a manually graded cell
    waits for the instructor; ``totals`` is nbgrader's total (ungraded cells count 0);
    learners without a submission are absent from ``scores`` and ``totals``.
    """

    assignment: str
    max_score: float
    checkpoints: list[Checkpoint]
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    timestamps: dict[str, str] = field(default_factory=dict)

    def awaiting(self, student: str) -> list[str]:
        """Grade ids of ``student``'s cells that wait for manual grading."""
        return [c.grade_id for c in self.checkpoints
                if self.scores.get(student, {}).get(c.grade_id, 0.0) is None]


def course_directory(course_root: str | os.PathLike[str]) -> CourseDirectory:
    """nbgrader's view of the course: its ``nbgrader_config.py`` loaded from ``course_root``.

    Raises
    ------
    ValueError
        When ``course_root`` is not a folder holding ``nbgrader_config.py``.

    Examples
    --------
    >>> import tempfile
    >>> course_directory(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    ValueError: ... is not a course folder: it has no nbgrader_config.py
    """
    from nbgrader.coursedir import CourseDirectory

    from ..build import load_nbgrader_config

    root = Path(course_root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ValueError(f"{root} is not a course folder: it has no nbgrader_config.py")
    config = load_nbgrader_config(root)
    coursedir = CourseDirectory(config=config)
    if Path(coursedir.root).resolve() != root:  # a config with a fixed root elsewhere
        coursedir.root = str(root)
    return coursedir


def _sqlite_path(db_url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(db_url[len(prefix):]) if db_url.startswith(prefix) else None


@contextmanager
def open_gradebook(course_root: str | os.PathLike[str]) -> Iterator[Gradebook]:
    """Open the course's gradebook, refusing a missing or empty one.

    ``nbgrader.api.Gradebook`` creates an empty database when the file does not exist; this
    checks first, so that a wrong folder gives an error instead of an empty report.

    Raises
    ------
    ValueError
        When the course has no gradebook yet, or the gradebook holds no assignment.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "nbgrader_config.py").write_text("c = get_config()")
    >>> with open_gradebook(root):
    ...     pass
    Traceback (most recent call last):
    ...
    ValueError: no gradebook at .../gradebook.db: ...
    >>> (root / "gradebook.db").exists()  # nothing was created
    False
    """
    from nbgrader.api import Gradebook

    coursedir = course_directory(course_root)
    url = coursedir.db_url
    path = _sqlite_path(url)
    if path is not None and (not path.is_file() or path.stat().st_size == 0):
        raise ValueError(
            f"no gradebook at {path}: run `nbgrader generate_assignment` and `nbgrader "
            f"autograde` in the course folder {coursedir.root} first (nbgrader silently creates "
            f"an empty gradebook.db when it runs from another folder)")
    course_id = coursedir.course_id or "default_course"
    with Gradebook(url, course_id=course_id) as gb:
        if not gb.assignments:
            raise ValueError(
                f"the gradebook {path or url} is empty (no assignment): is this the course's "
                f"own gradebook? nbgrader creates an empty one when run from the wrong folder")
        yield gb


def release_notebook(coursedir: CourseDirectory, assignment: str, notebook: str) -> Path:
    """Path of the released (student) version of ``notebook``."""
    return (Path(coursedir.root) / coursedir.release_directory / assignment
            / f"{notebook}.ipynb")


def _notebook_order(coursedir: CourseDirectory, assignment: str, notebook: str) -> list[str]:
    """Grade ids in the order the released notebook shows them ([] when it is missing)."""
    path = release_notebook(coursedir, assignment, notebook)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return []
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")]


def _resolve(gb: Gradebook, assignments: Iterable[str] | None) -> list[str]:
    known = sorted(a.name for a in gb.assignments)
    if assignments is None:
        return known
    chosen = [assignments] if isinstance(assignments, str) else list(assignments)
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise ValueError(f"unknown assignment(s) {', '.join(map(repr, unknown))}: the gradebook "
                         f"knows {', '.join(map(repr, known)) or 'none'}")
    if not chosen:
        raise ValueError("no assignment chosen")
    return chosen


def _checkpoints(gb: Gradebook, coursedir: CourseDirectory, assignment: str) -> list[Checkpoint]:
    from nbgrader.api import MissingEntry

    found = []
    for notebook in gb.find_assignment(assignment).notebooks:
        order = _notebook_order(coursedir, assignment, notebook.name)
        cells = sorted(notebook.grade_cells, key=lambda c: (
            order.index(c.name) if c.name in order else len(order), c.name))
        for cell in cells:
            try:
                gb.find_solution_cell(cell.name, notebook.name, assignment)
                manual = True
            except MissingEntry:
                manual = False
            found.append(Checkpoint(notebook.name, cell.name, float(cell.max_score), manual))
    return found


def cell_score(grade) -> float | None:
    """A grade's score, or None while it waits for manual grading (never a made-up 0)."""
    if grade.needs_manual_grade and grade.manual_score is None:
        return None
    return float(grade.score)


def _read_assignment(gb: Gradebook, coursedir: CourseDirectory, assignment: str) -> AssignmentGrades:
    record = gb.find_assignment(assignment)
    result = AssignmentGrades(assignment, float(record.max_score), _checkpoints(gb, coursedir, assignment))
    for submission in record.submissions:
        student = submission.student.id
        result.scores[student] = {g.name: cell_score(g) for nb in submission.notebooks
                                  for g in nb.grades}
        result.totals[student] = float(submission.score)
        result.timestamps[student] = str(submission.timestamp or "")
    return result


def read_grades(
    course_root: str | os.PathLike[str], assignments: Iterable[str] | None = None
) -> tuple[list[AssignmentGrades], list[tuple[str, str, str, str]]]:
    """Every learner's per-checkpoint grades on ``assignments`` (default: all).

    Returns
    -------
    grades : list of AssignmentGrades
        One per assignment, checkpoints in notebook order.
    students : list of (id, last name, first name, email)
        Every learner in the gradebook, sorted by id (None fields become "").

    Raises
    ------
    ValueError
        Missing or empty gradebook; an assignment the gradebook does not know.
    """
    coursedir = course_directory(course_root)
    with open_gradebook(course_root) as gb:
        names = _resolve(gb, assignments)
        grades = [_read_assignment(gb, coursedir, a) for a in names]
        students = sorted((s.id, s.last_name or "", s.first_name or "", s.email or "")
                          for s in gb.students)
    return grades, students


def _column(grades: AssignmentGrades, checkpoint: Checkpoint) -> str:
    clash = sum(c.grade_id == checkpoint.grade_id for c in grades.checkpoints) > 1
    middle = f"{checkpoint.notebook}/" if clash else ""
    return f"{grades.assignment}/{middle}{checkpoint.grade_id}"


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def export_checkpoints(
    course_root: str | os.PathLike[str],
    out_csv: str | os.PathLike[str],
    assignments: Iterable[str] | None = None,
) -> Path:
    """Write one CSV row per learner with every checkpoint's score.

    Parameters
    ----------
    course_root : path
        The course folder (holds ``nbgrader_config.py`` and the gradebook).
    out_csv : path
        The CSV file to write (its folder is created).
    assignments : iterable of str, optional
        Assignments to export, in this order (default: every assignment, by name).

    Returns
    -------
    Path
        ``out_csv``.

    Notes
    -----
    Columns: ``student_id, last_name, first_name, email``; then for each assignment one column
    per checkpoint, ``<assignment>/<grade_id>`` in notebook order, followed by
    ``<assignment>/total`` and ``<assignment>/max``; finally ``needs_manual_grading``, the
    ``;``-separated columns still waiting for the instructor. Scores are written exactly
    (``repr`` of the float). Blank cells: a checkpoint waiting for manual grading, or every
    column of an assignment the learner did not submit. ``total`` is nbgrader's own total, in
    which an ungraded cell counts 0.

    Raises
    ------
    ValueError
        Missing or empty gradebook, unknown assignment.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "nbgrader_config.py").write_text("c = get_config()")
    >>> export_checkpoints(root, root / "grades.csv")
    Traceback (most recent call last):
    ...
    ValueError: no gradebook at ...
    """
    grades, students = read_grades(course_root, assignments)
    header = list(ID_COLUMNS)
    for g in grades:
        header += [_column(g, c) for c in g.checkpoints]
        header += [f"{g.assignment}/total", f"{g.assignment}/max"]
    header.append("needs_manual_grading")

    out = Path(out_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for student in students:
            sid = student[0]
            row: list[str] = list(student)
            waiting: list[str] = []
            for g in grades:
                submitted = sid in g.scores
                cells = g.scores.get(sid, {})
                for c in g.checkpoints:
                    value = cells.get(c.grade_id)
                    row.append(_number(value))
                    if submitted and c.grade_id in cells and value is None:
                        waiting.append(_column(g, c))
                row += [_number(g.totals.get(sid)), _number(g.max_score) if submitted else ""]
            row.append(";".join(waiting))
            writer.writerow(row)
    return out
