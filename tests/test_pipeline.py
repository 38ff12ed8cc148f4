"""The single-source pipeline: committed notebooks equal a rebuild, releases hold no
solutions or hidden tests, and every notebook follows the course's conventions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from ai_product_metrics.build import build_course, find_sources, source_to_notebook
from ai_product_metrics.grading import rubrics

from .conftest import REPO

SOURCES = find_sources(REPO / "course")
NOTEBOOK_IDS = [f"{a}/{p.stem}" for a, p in SOURCES]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and p.name != "decisions.json"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rebuild")
    (out / "nbgrader_config.py").write_bytes((REPO / "nbgrader_config.py").read_bytes())
    build_course(REPO, out=out)
    return out


@pytest.mark.parametrize("folder", ["assignments", "solutions", "datasets"])
def test_committed_files_equal_a_rebuild(rebuilt, folder):
    committed = {k: v for k, v in _files(REPO / folder).items() if not k.endswith(".md")
                 or folder != "datasets"}  # datasheets are hand-written
    fresh = _files(rebuilt / folder)
    assert sorted(committed) == sorted(fresh), "files differ: run `make build` and commit"
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"stale generated files {stale}: run `make build` and commit"


def test_a_rebuild_is_byte_identical(rebuilt, tmp_path):
    (tmp_path / "nbgrader_config.py").write_bytes((REPO / "nbgrader_config.py").read_bytes())
    build_course(REPO, out=tmp_path, datasets=False)
    for folder in ("assignments", "solutions"):
        assert _files(tmp_path / folder) == _files(rebuilt / folder)


def _region_lines(source: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and len(line.strip()) >= 12:
            lines.append(line.strip())
    return lines


def _outside_regions(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
            inside = False
        elif not inside:
            lines.append(line)
    return lines


@pytest.mark.parametrize("assignment, path", SOURCES, ids=NOTEBOOK_IDS)
def test_release_contains_no_solution_and_no_hidden_test(assignment, path):
    release = (REPO / "assignments" / assignment / f"{path.stem}.ipynb").read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                   "BEGIN MARK SCHEME", "Rubric (instructors)"):
        assert marker not in release
    released = nbformat.reads(release, as_version=4)
    release_code = "\n".join(c.source for c in released.cells)
    source = source_to_notebook(path, assignment)
    secret, public = [], set()
    for cell in source.cells:
        secret += _region_lines(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        secret += _region_lines(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        public |= {line.strip() for line in _outside_regions(cell.source)}
    secret = [line for line in secret if line not in public]  # e.g. a template's first line
    assert secret, "the source has no solution or hidden-test lines to look for"
    leaked = [line for line in secret if line in release_code]
    assert not leaked, f"solution / hidden-test lines in the release: {leaked[:3]}"


@pytest.mark.parametrize("folder", ["assignments", "solutions"])
def test_generated_notebooks_carry_no_outputs(folder):
    for path in (REPO / folder).rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path}: {cell.id}"


@pytest.mark.parametrize("assignment, path", SOURCES, ids=NOTEBOOK_IDS)
def test_cell_ids_are_deterministic_and_meaningful(assignment, path):
    first, second = source_to_notebook(path, assignment), source_to_notebook(path, assignment)
    assert [c.id for c in first.cells] == [c.id for c in second.cells]
    for cell in first.cells:
        meta = cell.metadata.get("nbgrader")
        assert cell.id == (meta["grade_id"] if meta else cell.id)


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("assignment, path", SOURCES, ids=NOTEBOOK_IDS)
def test_notebook_follows_the_course_conventions(assignment, path):
    nb = source_to_notebook(path, assignment)
    text = "\n".join(c.source for c in nb.cells)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert "By the end of this notebook" in markdown[0], "learning objectives at the top"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", markdown[0]), "time estimate at the top"
    assert "Take-aways" in markdown[-1], "a take-away summary at the end"
    assert re.search(r"apm\.widgets\.\w+_explorer\(", text), "at least one widget"

    answers = [c for c in nb.cells if _nbgrader(c).get("solution") and not _nbgrader(c).get("grade")]
    tests = {_nbgrader(c)["grade_id"]: c for c in nb.cells
             if _nbgrader(c).get("grade") and not _nbgrader(c).get("solution")}
    manual = [c for c in nb.cells if _nbgrader(c).get("grade") and _nbgrader(c).get("solution")]
    for cell in answers:
        assert f"{cell.id}-test" in tests, f"answer cell {cell.id} has no test cell {cell.id}-test"
    for grade_id, cell in tests.items():
        assert _nbgrader(cell)["locked"], f"{grade_id} must be read-only"
        tree = ast.parse(cell.source)
        assert ast.get_docstring(tree), f"{grade_id} needs a docstring saying what it checks"
    written = [g for g, c in tests.items() if re.search(r"score_(selection_)?brief\(", c.source)]
    computational = [g for g in tests if g not in written]
    assert len(computational) >= 4 and len(written) >= 1 and len(manual) >= 1
    for grade_id in written:
        assert _rubric_points(tests[grade_id].source) == {_nbgrader(tests[grade_id])["points"]}, grade_id
    total = sum(_nbgrader(c)["points"] for c in nb.cells if _nbgrader(c).get("grade"))
    stated = re.search(r"\*\*Points:\*\* (\d+)", markdown[0])
    assert stated and float(stated.group(1)) == total, "the header states the total points"


def _rubric_points(source: str) -> set[float]:
    """The maximum points of the rubric a test cell scores with (one value per scenario built)."""
    named = re.search(r"rubrics\.([A-Z_]+)", source)
    if named:
        return {getattr(rubrics, named.group(1)).max_points}
    # module 6 builds its rubrics per scenario: every scenario must give the same maximum
    from ai_product_metrics.datasets.capstone import SCENARIOS
    from ai_product_metrics.grading import capstone

    kind = re.search(r"framework\.(selection|stack|swap|pushback)_rubric\(", source).group(1)
    if kind == "pushback":  # three defences, one rubric each
        return {3 * capstone.pushback_rubric(s, p).max_points
                for s in SCENARIOS.values() for p in capstone.PUSHBACKS.values()}
    return {getattr(capstone, f"{kind}_rubric")(s).max_points for s in SCENARIOS.values()}


def test_source_errors_are_clear(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('# %% nbgrader={"grade": true, "solution": false}\nx = 1\n')
    with pytest.raises(ValueError, match="grade_id"):
        source_to_notebook(bad, "x")
    bad.write_text('# %% nbgrader={"grade": true, "grade_id": "a", "solution": false}\nx = 1\n')
    with pytest.raises(ValueError, match="points"):
        source_to_notebook(bad, "x")
    bad.write_text('# %% nbgrader={"grade_id": "a"}\nx = 1\n\n# %% nbgrader={"grade_id": "a"}\ny = 1\n')
    with pytest.raises(ValueError, match="duplicate"):
        source_to_notebook(bad, "x")
    with pytest.raises(ValueError, match="no course sources"):
        find_sources(tmp_path)
