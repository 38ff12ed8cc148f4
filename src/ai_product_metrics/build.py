"""One-way generation of the course: ``course/`` -> ``build/source`` -> release and solutions.

Each graded notebook is authored once as a jupytext py:percent file,
``course/<assignment>/<notebook>.py``, with nbgrader's own cell metadata and its
``BEGIN SOLUTION`` / ``BEGIN HIDDEN TESTS`` markers. :func:`build_course`:

1. converts every source to ``build/source/<assignment>/<notebook>.ipynb`` with deterministic
   cell ids (the nbgrader ``grade_id`` for graded cells, ``<assignment>-<nn>`` otherwise),
   a fixed kernelspec and no jupytext metadata;
2. runs ``nbgrader generate_assignment`` into ``assignments/`` (no solutions, no hidden tests)
   and ``nbgrader generate_solution`` (without executing: no outputs) into ``solutions/``;
3. writes ``solutions/<assignment>/markscheme.md`` from the manually graded cells;
4. exports the canonical datasets into ``datasets/``.

Running it twice gives byte-identical files; ``tests/test_pipeline.py`` rebuilds into a
temporary folder and fails when the committed notebooks differ.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = [
    "CourseLayout",
    "build_course",
    "ensure_scripts_on_path",
    "find_sources",
    "load_nbgrader_config",
    "source_to_notebook",
]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python"}
_NBGRADER_DEFAULTS = {"grade": False, "locked": False, "schema_version": 3, "solution": False,
                      "task": False}


@dataclass(frozen=True)
class CourseLayout:
    """Where the course lives and where the generated files go."""

    repo: Path  # holds course/ and nbgrader_config.py
    out: Path  # gets build/, assignments/, solutions/, datasets/

    @property
    def course(self) -> Path:
        return self.repo / "course"

    @property
    def source(self) -> Path:
        return self.out / "build" / "source"

    @property
    def assignments(self) -> Path:
        return self.out / "assignments"

    @property
    def solutions(self) -> Path:
        return self.out / "solutions"

    @property
    def datasets(self) -> Path:
        return self.out / "datasets"


def ensure_scripts_on_path() -> None:
    """Put this interpreter's script folder first on PATH: nbgrader runs ``alembic`` by name."""
    scripts = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[0] != scripts:
        os.environ["PATH"] = os.pathsep.join([scripts, *parts])


def find_sources(course: Path) -> list[tuple[str, Path]]:
    """Every ``(assignment, source file)`` under ``course/``, in course order."""
    found = []
    for folder in sorted(p for p in course.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(folder.glob("*.py")):
            found.append((folder.name, path))
    if not found:
        raise ValueError(f"no course sources (course/<assignment>/<notebook>.py) under {course}")
    return found


def source_to_notebook(path: Path, assignment: str) -> nbformat.NotebookNode:
    """Read one py:percent source into a notebook with deterministic ids and clean metadata."""
    import jupytext

    nb = jupytext.read(path, fmt="py:percent")
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader")
        if meta is not None:
            meta = {**_NBGRADER_DEFAULTS, **meta}
            if "grade_id" not in meta:
                raise ValueError(f"{path.name}: nbgrader cell {index} has no grade_id")
            if meta["grade"] and "points" not in meta:
                raise ValueError(f"{path.name}: graded cell {meta['grade_id']!r} has no points")
            cell.metadata = nbformat.from_dict({"nbgrader": meta})
            cell_id = meta["grade_id"]
        else:
            cell.metadata = nbformat.from_dict({})
            cell_id = f"{assignment}-{index:02d}"
        if cell_id in seen:
            raise ValueError(f"{path.name}: duplicate cell id / grade_id {cell_id!r}")
        seen.add(cell_id)
        cell["id"] = cell_id
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def load_nbgrader_config(repo: Path, *, root: Path | None = None, db_url: str | None = None):
    """The course's ``nbgrader_config.py`` as a traitlets Config, optionally re-rooted."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(repo)).load_config()
    if root is not None:
        config.CourseDirectory.root = str(root)
        config.CourseDirectory.db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    elif db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


def _write_markscheme(nb_paths: Iterable[Path], target: Path) -> None:
    lines = ["# Mark scheme (instructors only)", "",
             "Manually graded cells, their points and rubric. Written briefs that are scored "
             "automatically use the rubrics in `ai_product_metrics.grading.rubrics`; the "
             "instructor can still override any score in the formgrader.", ""]
    for path in nb_paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("solution"):
                body = [line for line in cell.source.strip().splitlines()
                        if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line]
                lines += [f"## {path.stem} / `{meta['grade_id']}` ({meta['points']:g} points)", "",
                          *body, ""]
    target.write_text("\n".join(lines), encoding="utf-8")


def _strip_volatile(path: Path) -> None:
    """Rewrite a generated notebook in nbformat's canonical form (sorted keys, no outputs)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def build_course(
    repo: str | Path,
    *,
    out: str | Path | None = None,
    assignments: Iterable[str] | None = None,
    datasets: bool = True,
) -> list[Path]:
    """Generate build/source, assignments/, solutions/ (and datasets/) from ``course/``.

    Parameters
    ----------
    repo : path
        The repository (holds ``course/`` and ``nbgrader_config.py``).
    out : path, optional
        Where to write the generated folders (default: ``repo`` itself). A different folder
        gets its own throw-away gradebook.
    assignments : iterable of str, optional
        Only these assignments (default: all).
    datasets : bool
        Also export the canonical CSV datasets.

    Returns
    -------
    list of Path
        Every file written.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.converters import GenerateSolution

    ensure_scripts_on_path()
    repo = Path(repo).resolve()
    out_path = Path(out).resolve() if out is not None else repo
    layout = CourseLayout(repo, out_path)
    wanted = set(assignments) if assignments is not None else None
    sources = [(a, p) for a, p in find_sources(layout.course) if wanted is None or a in wanted]
    if wanted is not None and {a for a, _ in sources} != wanted:
        raise ValueError(f"unknown assignment(s): {sorted(wanted - {a for a, _ in sources})}")

    written: list[Path] = []
    by_assignment: dict[str, list[Path]] = {}
    for assignment, path in sources:
        target = layout.source / assignment / f"{path.stem}.ipynb"
        if assignment not in by_assignment and target.parent.exists():
            shutil.rmtree(target.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        nb = source_to_notebook(path, assignment)
        target.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        by_assignment.setdefault(assignment, []).append(target)
        written.append(target)

    config = load_nbgrader_config(repo, root=None if out_path == repo else out_path)
    api = NbGraderAPI(config=config)
    for assignment, sources_of in by_assignment.items():
        result = api.generate_assignment(assignment, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"generate_assignment {assignment} failed:\n{result.get('log', '')}"
                               f"\n{result.get('error', '')}")
        solution_dir = layout.solutions / assignment
        if solution_dir.exists():
            shutil.rmtree(solution_dir)
        api.coursedir.assignment_id = assignment
        app = GenerateSolution(coursedir=api.coursedir, parent=api)
        app.force = True
        app.start()
        for source in sources_of:
            for folder in (layout.assignments, layout.solutions):
                nb_path = folder / assignment / source.name
                _strip_volatile(nb_path)
                written.append(nb_path)
        markscheme = solution_dir / "markscheme.md"
        _write_markscheme([solution_dir / s.name for s in sources_of], markscheme)
        written.append(markscheme)

    if datasets:
        from .datasets import export_canonical

        written += export_canonical(layout.datasets)
    return written
