"""The course an instructor runs: its nbgrader configuration, folders and gradebook.

Every instructor step reads the course's own ``nbgrader_config.py`` (never the current
folder's), so a command run from anywhere acts on the one course and its one gradebook. The
gradebook is whatever that file names: SQLite by default, PostgreSQL (or any database
SQLAlchemy speaks) through ``AIPM_DB_URL`` or an explicit ``db_url``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from nbgrader.api import Gradebook
    from traitlets.config import Config

__all__ = ["Course", "copy_master", "load_course", "nbgrader_command"]


@dataclass
class Course:
    """A course folder with its nbgrader configuration loaded."""

    root: Path
    config: Config
    db_url: str
    course_id: str
    source_directory: str
    release_directory: str
    submitted_directory: str
    autograded_directory: str
    feedback_directory: str
    exchange_root: str | None

    def folder(self, step: str, student: str, assignment: str) -> Path:
        """``<root>/<step>/<student>/<assignment>`` (nbgrader's default layout)."""
        return self.root / step / student / assignment

    def submitted(self, student: str, assignment: str) -> Path:
        return self.folder(self.submitted_directory, student, assignment)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.folder(self.autograded_directory, student, assignment)

    def feedback(self, student: str, assignment: str) -> Path:
        return self.folder(self.feedback_directory, student, assignment)

    def release(self, assignment: str) -> Path:
        return self.root / self.release_directory / assignment

    def source(self, assignment: str) -> Path:
        return self.root / self.source_directory / assignment

    def submitted_students(self, assignment: str) -> list[str]:
        """Ids of the learners with a submission of ``assignment`` in ``submitted/``."""
        base = self.root / self.submitted_directory
        if not base.is_dir():
            return []
        return sorted(p.name for p in base.iterdir()
                      if not p.name.startswith(".") and (p / assignment).is_dir())

    def gradebook(self) -> Gradebook:
        """A connection to the course's gradebook (use it as a context manager)."""
        from nbgrader.api import Gradebook

        from ..build import ensure_scripts_on_path

        ensure_scripts_on_path()  # nbgrader runs `alembic` by name on a fresh gradebook
        return Gradebook(self.db_url, course_id=self.course_id)

    def assignments(self) -> list[str]:
        """Assignments with a released version (``assignments/<name>/``)."""
        base = self.root / self.release_directory
        return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []

    def state_dir(self, assignment: str | None = None) -> Path:
        """Where the instructor tool keeps its ledger and logs (inside the git-ignored
        ``autograded/`` folder, under a dot-name nbgrader never takes for a learner)."""
        folder = self.root / self.autograded_directory / ".aipm"
        return folder / assignment if assignment else folder


def load_course(course_root: str | os.PathLike[str], *, db_url: str | None = None) -> Course:
    """Load ``course_root/nbgrader_config.py``; ``db_url`` overrides its gradebook.

    Raises
    ------
    ValueError
        When ``course_root`` holds no ``nbgrader_config.py``.
    """
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(course_root).resolve()
    if not (root / "nbgrader_config.py").is_file():
        raise ValueError(f"{root} is not a course folder: it has no nbgrader_config.py")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)  # a config with a fixed root elsewhere is re-rooted
    if db_url:
        config.CourseDirectory.db_url = db_url
    coursedir = CourseDirectory(config=config)
    exchange = config.get("Exchange", {}).get("root")
    return Course(
        root=root, config=config, db_url=coursedir.db_url,
        course_id=coursedir.course_id or "default_course",
        source_directory=coursedir.source_directory,
        release_directory=coursedir.release_directory,
        submitted_directory=coursedir.submitted_directory,
        autograded_directory=coursedir.autograded_directory,
        feedback_directory=coursedir.feedback_directory,
        exchange_root=str(exchange) if exchange else None,
    )


def copy_master(source: Gradebook, target: Gradebook, assignment: str) -> None:
    """Copy ``assignment``'s master copy (notebooks, graded, answer, task and source cells,
    due date) from one gradebook into another that does not have it yet, in one transaction.
    Nothing of any learner is copied."""
    from nbgrader.api import (
        Assignment,
        GradeCell,
        Notebook,
        SolutionCell,
        SourceCell,
        TaskCell,
    )

    master = source.find_assignment(assignment)
    copy = Assignment(name=assignment, duedate=master.duedate, course_id=target.course_id)
    for nb in master.notebooks:
        new = Notebook(name=nb.name, assignment=copy, kernelspec=nb.kernelspec)
        for cell in nb.grade_cells:
            GradeCell(name=cell.name, max_score=cell.max_score, cell_type=cell.cell_type,
                      notebook=new)
        for cell in nb.solution_cells:
            SolutionCell(name=cell.name, notebook=new)
        for cell in nb.task_cells:
            TaskCell(name=cell.name, max_score=cell.max_score, cell_type=cell.cell_type,
                     notebook=new)
        for cell in nb.source_cells:
            SourceCell(name=cell.name, cell_type=cell.cell_type, locked=cell.locked,
                       source=cell.source, checksum=cell.checksum, notebook=new)
    target.db.add(copy)
    target.db.commit()


def master_fingerprint(gb: Gradebook, assignment: str) -> str:
    """A hash of the assignment's master copy: it changes when the course is rebuilt with
    different tests or points, so learners graded against the old one are graded again."""
    import hashlib

    digest = hashlib.sha256()
    master = gb.find_assignment(assignment)
    for nb in master.notebooks:
        cells = sorted((c.name, c.checksum or "", c.source or "") for c in nb.source_cells)
        points = sorted((c.name, float(c.max_score)) for c in nb.grade_cells)
        digest.update(repr((nb.name, cells, points)).encode())
    return digest.hexdigest()


def nbgrader_command(course: Course, args: Sequence[str], *, env: dict[str, str] | None = None,
                     quiet: bool = False) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder with this environment's scripts on PATH
    (nbgrader runs ``alembic`` by name). Output is captured and returned."""
    bin_dir = str(Path(sys.executable).parent)
    full_env = dict(os.environ if env is None else env)
    full_env["PATH"] = os.pathsep.join([bin_dir, full_env.get("PATH", "")])
    nbgrader = shutil.which("nbgrader", path=full_env["PATH"]) or "nbgrader"
    result = subprocess.run([nbgrader, *args], cwd=course.root, env=full_env,
                            capture_output=True, text=True, check=False)
    if not quiet and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
    return result


_LOG_ERROR = re.compile(r"\[(?:\w+App \| )?(?:ERROR|CRITICAL)\]\s*(.*)")


def log_errors(log: str) -> list[str]:
    """The ERROR lines of an nbgrader log, without their prefix."""
    return [m.group(1).strip() for m in _LOG_ERROR.finditer(log) if m.group(1).strip()]


def files_fingerprint(folder: Path, extra: Iterable[str] = ()) -> str:
    """A hash of every file under ``folder`` (names and bytes) plus ``extra`` strings."""
    import hashlib

    digest = hashlib.sha256()
    for text in extra:
        digest.update(text.encode())
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def describe(value: Any) -> str:
    """A short one-line text of an exception or message."""
    text = str(value).strip().splitlines()
    return text[-1] if text else type(value).__name__
