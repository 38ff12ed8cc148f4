"""A grading worker: runs nbgrader's own autograde for one learner at a time, in its own
process, against a private SQLite copy of the assignment's master, and returns the scores.

The worker never writes to the course's gradebook. It executes and scores (nbgrader's
``Autograde`` converter, in process, so its start-up is paid once per worker and not once per
learner) and hands the scores back as plain data; one writer, the parent process, records
them (see :mod:`.cohort`). Two changes to nbgrader's pipeline, both additive:

- :class:`RestoreDeletedTests` (sanitize step, before ``OverwriteCells``) puts deleted test
  cells back where the release had them;
- :class:`TrackedExecute` is nbgrader's ``Execute`` that remembers which cell runs, so a dead
  kernel or an uninterruptible loop can be named, and keeps at most :data:`OUTPUT_CAP`
  characters of what a cell prints (a loop printing megabytes would otherwise fill the
  worker's memory and the graded notebook);
- :class:`InsertGuards` / :class:`CollectGuards` (around ``Execute``) run the in-kernel
  defences of :mod:`.guard` before the learner's first cell and before every test cell, then
  take those cells out again and keep what they reported.
"""

from __future__ import annotations

import ast
import json
import os
import secrets
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from .course import describe, log_errors
from .guard import EVENT, MARK, NONCE_VARIABLE, confirmation
from .integrity import inspect_notebook, is_test_cell, restore_missing_tests

__all__ = ["CollectGuards", "InsertGuards", "RestoreDeletedTests", "TrackedExecute",
           "grade_learner", "init_worker"]

OUTPUT_CAP = 1_000_000  # characters of output a cell keeps in the graded notebook
_STATE: dict[str, Any] = {}
_TRACE: dict[str, Any] = {"cell": None, "restored": {}, "capped": {}, "guard": [],
                          "guarded": {}, "confirmed": set(), "nonce": ""}
_KERNEL_START = ("Kernel didn't respond", "Kernel died before replying to kernel_info",
                 "Address already in use", "error while starting kernel")


class TrackedExecute(Execute):
    """nbgrader's ``Execute``, remembering the cell that runs (to name it on a failure)."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        _TRACE["cell"] = meta.get("grade_id") or cell.get("id") or f"cell {index + 1}"
        return super().preprocess_cell(cell, resources, index)

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output up to :data:`OUTPUT_CAP` characters; errors and results (the
        grade reads them) always, and one marker on each stream past the cap."""
        kind = msg.get("msg_type")
        if kind not in ("stream", "display_data", "update_display_data"):
            return super().output(outs, msg, display_id, cell_index)
        content = msg.get("content", {})
        size = len(content.get("text", "") or "") + sum(
            len(v) for v in (content.get("data") or {}).values() if isinstance(v, str))
        cell = _TRACE["cell"] or f"cell {cell_index + 1}"
        budget = OUTPUT_CAP - _TRACE["capped"].get(cell, 0)
        _TRACE["capped"][cell] = _TRACE["capped"].get(cell, 0) + size
        if size <= budget:
            return super().output(outs, msg, display_id, cell_index)
        if kind == "stream" and budget > 0:  # the part that fits
            cut = {**msg, "content": {**content, "text": content.get("text", "")[:budget]}}
            super().output(outs, cut, display_id, cell_index)
        name = content.get("name", "stdout") if kind == "stream" else "stdout"
        marker = f"\n... output cut: this cell printed more than {OUTPUT_CAP:,} characters ...\n"
        if not any(o.get("output_type") == "stream" and o.get("name") == name
                   and o.get("text") == marker for o in outs):
            outs.append(nbformat.v4.new_output("stream", name=name, text=marker))
        return None


def _imports(source: str) -> tuple[dict[str, str], list[str]]:
    """(names bound to modules, modules imported) by a cell's import statements."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}, []
    aliases, modules = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                modules.append(name.name)
                aliases[name.asname or name.name.split(".")[0]] = (
                    name.name if name.asname else name.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.append(node.module)
            for name in node.names:
                if name.name != "*":
                    aliases[name.asname or name.name] = f"{node.module}.{name.name}"
    return aliases, modules


def _names_read(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                   and isinstance(n.ctx, ast.Load)})


def _forbidden_places(resources) -> tuple[list[str], list[str]]:
    """What the kernel may not open: the course (solutions, build, gradebook, other learners),
    the course package's own repository when installed from one, the workers' folder, the
    exchange. What stays open: this learner's folder, the released notebooks and datasets."""
    course = _STATE["course"]
    student = resources["nbgrader"]["student"]
    assignment = resources["nbgrader"]["assignment"]
    forbidden = [course.root, _STATE["work_dir"]]
    if course.exchange_root:
        forbidden.append(course.exchange_root)
    if course.db_url.startswith("sqlite:///"):
        forbidden.append(course.db_url[len("sqlite:///"):])
    allowed = [course.autograded(student, assignment), course.root / "datasets",
               course.release(assignment)]
    import ai_product_metrics

    repo = Path(ai_product_metrics.__file__).resolve().parents[2]
    if (repo / "course").is_dir() and (repo / "pyproject.toml").is_file():  # editable install
        forbidden.append(repo)
        allowed += [repo / "datasets", repo / "assignments" / assignment]
    return [str(p) for p in forbidden], [str(p) for p in allowed]


class InsertGuards(NbGraderPreprocessor):
    """Add the cells of :mod:`.guard`: ``protect`` first, ``restore`` before each test cell."""

    def preprocess(self, nb, resources):
        aliases: dict[str, str] = {}
        modules: list[str] = []
        release = _STATE.get("releases", {}).get(resources["nbgrader"]["notebook"])
        for cell in (release.cells if release is not None else []):  # the course's own code
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.get("cell_type") == "code" and not meta.get("solution"):
                found, imported = _imports(cell.get("source", ""))
                modules += imported
                if not is_test_cell(cell):
                    aliases.update(found)
        for cell in nb.cells:  # hidden tests are in the master copy only
            if is_test_cell(cell):
                modules += _imports(cell.get("source", ""))[1]
        forbidden, allowed = _forbidden_places(resources)
        module = "ai_product_metrics.instructor.guard"
        first = (f"# inserted by aipm-teach autograde: the grading guard ({module})\n"
                 f"__import__({module!r}, fromlist=['protect']).protect(\n"
                 f"    forbidden={forbidden!r},\n    allowed={allowed!r},\n"
                 f"    modules={sorted(set(modules))!r})")
        notebook = resources["nbgrader"]["notebook"]
        cells = [self._guard(first, 0)]
        for index, cell in enumerate(nb.cells):
            if is_test_cell(cell):
                number = index + 1
                _TRACE["guarded"][(notebook, number)] = cell.metadata["nbgrader"]["grade_id"]
                names = _names_read(cell.get("source", ""))
                read = {k: v for k, v in aliases.items() if k in names}
                cells.append(self._guard(self._restore_call(number, names, read), number))
            cells.append(cell)
        cells.append(self._guard(self._restore_call(len(nb.cells) + 1, [], {}),
                                 len(nb.cells) + 1))
        nb.cells = cells
        return nb, resources

    @staticmethod
    def _restore_call(number: int, names: list[str], aliases: dict[str, str]) -> str:
        # an audit event, not a function call: the hook holds the real restore
        return ("# inserted by aipm-teach autograde: restore what the tests use\n"
                f"import sys\nsys.audit({EVENT!r}, {number}, {names!r}, {aliases!r})")

    @staticmethod
    def _guard(source: str, number: int):
        cell = nbformat.v4.new_code_cell(source)
        cell.id = f"aipm-guard-{number}"
        cell.metadata["aipm_guard"] = True
        return cell


class CollectGuards(NbGraderPreprocessor):
    """Take the guard cells out of the graded notebook; keep what they reported."""

    def preprocess(self, nb, resources):
        kept = []
        notebook = resources["nbgrader"]["notebook"]
        signed = {confirmation(_TRACE["nonce"], n): n for (nb_name, n) in _TRACE["guarded"]
                  if nb_name == notebook}
        for cell in nb.cells:
            if not cell.get("metadata", {}).get("aipm_guard"):
                kept.append(cell)
                continue
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    for line in output.get("text", "").splitlines():
                        if line in signed:
                            _TRACE["confirmed"].add((notebook, signed[line]))
                        elif line.startswith(MARK) and not line.startswith(f"{MARK} ok "):
                            _TRACE["guard"].append(line[len(MARK):].strip())
                elif output.get("output_type") == "error":
                    _TRACE["guard"].append(f"a guard cell failed: {output.get('ename')}: "
                                           f"{output.get('evalue')}")
        nb.cells = kept
        return nb, resources


class RestoreDeletedTests(NbGraderPreprocessor):
    """Put back every test cell the learner deleted, where the release had it."""

    def preprocess(self, nb, resources):
        release = _STATE.get("releases", {}).get(resources["nbgrader"]["notebook"])
        if release is None:
            return nb, resources
        cells, restored = restore_missing_tests(list(nb.cells), list(release.cells))
        if restored:
            nb.cells = [nbformat.from_dict(c) for c in cells]
            for cell in nb.cells:
                if cell.get("cell_type") == "code":
                    cell.setdefault("outputs", [])
                    cell.setdefault("execution_count", None)
            _TRACE["restored"][resources["nbgrader"]["notebook"]] = restored
            self.log.warning("Restored deleted test cell(s) %s from the master copy",
                             ", ".join(restored))
        return nb, resources


def _silence_output(log_file: Path) -> None:
    """Send this process's stdout/stderr (and its kernels') to a log file: the parent's
    terminal shows only the progress bar."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def init_worker(course_root: str, assignment: str, template_db: str, work_dir: str,
                timeout: int | None, quiet: bool = True,
                environ: dict[str, str] | None = None) -> None:
    """Process initializer: a private gradebook, the course's config, the release notebooks.

    An error here is kept and reported for every learner (a pool whose initializer raises
    would only say that its processes died)."""
    if environ is not None:  # the caller's environment now, not the fork server's at start
        os.environ.clear()
        os.environ.update(environ)
    try:
        _init_worker(course_root, assignment, template_db, work_dir, timeout, quiet)
    except Exception as err:
        _STATE["init_error"] = f"{type(err).__name__}: {describe(err)}"
        _STATE["init_traceback"] = traceback.format_exc()


def _init_worker(course_root: str, assignment: str, template_db: str, work_dir: str,
                 timeout: int | None, quiet: bool) -> None:
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    from ..build import ensure_scripts_on_path
    from .course import load_course

    ensure_scripts_on_path()
    os.environ.pop("NBGRADER_EXECUTION", None)
    if quiet:
        _silence_output(Path(work_dir) / f"worker-{os.getpid()}.log")
    db = Path(work_dir) / f"worker-{os.getpid()}.db"
    shutil.copyfile(template_db, db)
    course = load_course(course_root, db_url=f"sqlite:///{db}")
    config = course.config
    if timeout is not None:
        config.Execute.timeout = int(timeout)
    # kernels talk over unix sockets in this worker's private folder: two workers starting
    # kernels at the same moment can no longer race for the same free TCP port (a lost race
    # left a kernel silent for nbclient's 60 s start-up timeout)
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(Path(work_dir) / f"kernel-{os.getpid()}")
    # nbgrader's own pipeline (converters/autograde.py, or the course's), plus two steps
    sanitize = list(config.Autograde.get("sanitize_preprocessors", [
        ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata]))
    at = sanitize.index(OverwriteCells) if OverwriteCells in sanitize else len(sanitize)
    config.Autograde.sanitize_preprocessors = [*sanitize[:at], RestoreDeletedTests, *sanitize[at:]]
    autograde = list(config.Autograde.get("autograde_preprocessors",
                                          _default_autograde_preprocessors()))
    with_guards = []
    # AIPM_AUTOGRADE_GUARD=0 leaves the guard out: only to measure what it costs
    guard = os.environ.get("AIPM_AUTOGRADE_GUARD", "1") != "0"
    for step in autograde:
        if step is Execute:
            with_guards += [InsertGuards, TrackedExecute, CollectGuards] if guard else [
                TrackedExecute]
        else:
            with_guards.append(step)
    config.Autograde.autograde_preprocessors = with_guards
    releases = {}
    for path in sorted(course.release(assignment).glob("*.ipynb")):
        releases[path.stem] = nbformat.read(path, as_version=4)
    _STATE.update(course=course, config=config, assignment=assignment, releases=releases,
                  work_dir=str(Path(work_dir).resolve()),
                  timeout=int(config.Execute.get("timeout", 30) or 30))
    os.chdir(course.root)


def _default_autograde_preprocessors() -> list:
    from nbgrader.converters import Autograde

    return list(Autograde.class_traits()["autograde_preprocessors"].default())


def _read_json(path: Path) -> tuple[Any, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, f"{path.name} cannot be read: {describe(err)}"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as err:
        return None, (f"{path.name} is not valid JSON (line {err.lineno}, column {err.colno}: "
                      f"{err.msg}); the file is damaged or was saved by another program")


def _precheck(folder: Path, notebooks: list[str]) -> tuple[str | None, list[str], list[str]]:
    """(reason it cannot be graded, flags, notes) before nbgrader runs."""
    flags, notes = [], []
    present = {p.stem for p in folder.glob("*.ipynb")}
    missing = [n for n in notebooks if n not in present]
    if missing:
        extra = sorted(present - set(notebooks))
        renamed = f" (found {', '.join(e + '.ipynb' for e in extra)}: renamed?)" if extra else ""
        if len(missing) == len(notebooks):
            return (f"no notebook of the assignment in the submission: expected "
                    f"{', '.join(m + '.ipynb' for m in missing)}{renamed}"), flags, notes
        flags += [f"{m}.ipynb is missing from the submission{renamed}; nbgrader scores it 0"
                  for m in missing]
    releases = _STATE["releases"]
    for name in notebooks:
        if name in missing:
            continue
        data, problem = _read_json(folder / f"{name}.ipynb")
        if problem:
            return problem, flags, notes
        if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
            return f"{name}.ipynb is JSON but not a notebook (no list of cells)", flags, notes
        if name in releases:
            findings = inspect_notebook(data, releases[name])
            label = name if len(notebooks) > 1 else ""
            flags += findings.flags(label)
            notes += findings.notes(label)
    return None, flags, notes


def _timeouts(path: Path) -> list[str]:
    """Cells of an autograded notebook that nbgrader interrupted at the per-cell limit."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # a damaged output is reported elsewhere
        return []
    names = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                meta = cell.get("metadata", {}).get("nbgrader", {})
                names.append(meta.get("grade_id") or cell.get("id") or f"cell {index + 1}")
                break
    return names


def _failure_reason(result: dict, timeout: int) -> str:
    error = result.get("error", "") or ""
    log = result.get("log", "") or ""
    text = error + "\n" + log
    cell = _TRACE.get("cell") or "a cell"
    if "DeadKernelError" in text or "Kernel died" in text:
        return (f"the kernel died while running {cell} (the code ended Python: os._exit, "
                f"exit(), a crash or memory exhausted); no checkpoint of this submission was "
                f"graded")
    if "CellTimeoutError" in text or "Timeout waiting for" in text:
        return (f"{cell} ran past the {timeout} s per-cell limit and did not stop when "
                f"interrupted; the submission could not be graded")
    if "NotJSONError" in text or "JSONDecodeError" in text:
        return "the notebook is not valid JSON"
    errors = [e for e in log_errors(log) if not e.startswith(("There was an error processing",
                                                             "Please see the"))]
    last_error_line = describe(error) if error.strip() else ""
    for line in reversed(error.strip().splitlines()):
        if line.strip() and not line.startswith(" "):
            last_error_line = line.strip()
            break
    return f"nbgrader failed: {errors[-1] if errors else last_error_line or 'unknown error'}"


def _scores(student: str) -> dict[str, Any]:
    """The learner's scores as recorded in the worker's private gradebook."""
    from nbgrader.api import Gradebook

    course = _STATE["course"]
    assignment = _STATE["assignment"]
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        submission = gb.find_submission(assignment, student)
        out: dict[str, Any] = {
            "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
            "notebooks": {}}
        for nb in submission.notebooks:
            out["notebooks"][nb.name] = {
                "grades": {g.name: g.auto_score for g in nb.grades},
                "comments": {c.name: c.auto_comment for c in nb.comments},
                "late_submission_penalty": nb.late_submission_penalty,
            }
    return out


def _prepare_submission(student: str, extension_seconds: float | None) -> None:
    """Give the learner the extension they have in the course's gradebook (late penalties)."""
    if not extension_seconds:
        return
    import datetime

    from nbgrader.api import Gradebook

    course = _STATE["course"]
    with Gradebook(course.db_url, course_id=course.course_id) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(
            _STATE["assignment"], student,
            extension=datetime.timedelta(seconds=float(extension_seconds)))


def _run_autograde(student: str) -> dict:
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    config = _STATE["config"]
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = _STATE["assignment"]
    coursedir.student_id = student
    app = Autograde(coursedir=coursedir, config=config)
    app.force = True
    app.create_student = True
    _TRACE.update(cell=None, restored={}, capped={}, guard=[], guarded={}, confirmed=set(),
                  nonce=secrets.token_hex(16))
    os.environ[NONCE_VARIABLE] = _TRACE["nonce"]  # the kernels inherit it; the guard pops it
    try:
        return capture_log(app)
    finally:
        os.environ.pop(NONCE_VARIABLE, None)


def _unguarded() -> list[tuple[str, str]]:
    """(notebook, test cell) pairs whose guard cell did not confirm, signed, that it ran."""
    return [(notebook, grade_id) for (notebook, number), grade_id in _TRACE["guarded"].items()
            if grade_id and (notebook, number) not in _TRACE["confirmed"]]


def _guard_flags() -> list[str]:
    """What the in-kernel guard and the output cap saw, as flags for the instructor."""
    flags = []
    restored = [m[len("restored "):] for m in _TRACE["guard"] if m.startswith("restored ")]
    refused = [m[len("refused "):] for m in _TRACE["guard"] if m.startswith("refused ")]
    other = [m for m in _TRACE["guard"] if not m.startswith(("restored ", "refused "))]
    if restored:
        flags.append("the submission changed what the tests use (restored before each test, "
                     "so it earned nothing from it): " + ", ".join(dict.fromkeys(restored)))
    if refused:
        flags.append("the submission tried what grading forbids (refused): "
                     + ", ".join(dict.fromkeys(refused)))
    flags += [f"grading guard: {m}" for m in dict.fromkeys(other)]
    for cell, used in _TRACE["capped"].items():
        if used > OUTPUT_CAP:
            flags.append(f"{cell} printed {used / 1e6:.1f} million characters; the graded "
                         f"notebook keeps the first {OUTPUT_CAP:,}")
    return flags


def grade_learner(task: dict) -> dict:
    """Grade one learner; never raises. ``task``: student, extension_seconds, notebooks."""
    start = time.perf_counter()
    student = task["student"]
    if "init_error" in _STATE:
        return {"student": student, "ok": False, "flags": [], "notes": [], "scores": None,
                "attempts": 0, "seconds": 0.0, "log": _STATE.get("init_traceback", ""),
                "reason": f"the grading worker could not start: {_STATE['init_error']}"}
    course = _STATE["course"]
    assignment = _STATE["assignment"]
    folder = course.submitted(student, assignment)
    out: dict[str, Any] = {"student": student, "ok": False, "reason": None, "flags": [],
                           "notes": [], "log": "", "scores": None, "attempts": 0}
    try:
        reason, flags, notes = _precheck(folder, task["notebooks"])
        out["flags"], out["notes"] = flags, notes
        if reason:
            out["reason"] = reason
            return out
        _prepare_submission(student, task.get("extension_seconds"))
        for attempt in (1, 2):
            out["attempts"] = attempt
            result = _run_autograde(student)
            out["log"] = (result.get("log", "") or "") + (result.get("error", "") or "")
            text = out["log"]
            kernel_start = _TRACE.get("cell") is None and any(m in text for m in _KERNEL_START)
            if result.get("success") or not kernel_start or attempt == 2:
                break
            time.sleep(1.0)  # infrastructure (a kernel that did not start): once more
        if not result.get("success"):
            if _TRACE.get("cell") is None and any(m in out["log"] for m in _KERNEL_START):
                out["reason"] = ("the kernel did not start (machine overloaded or out of "
                                 "ports), twice; run the command again to retry this learner")
            else:
                out["reason"] = _failure_reason(result, _STATE["timeout"])
            return out
        out["scores"] = _scores(student)
        if out["attempts"] > 1:
            out["notes"].append("the kernel did not start at the first attempt (machine busy); "
                                "graded at the second")
        for name in task["notebooks"]:
            for cell in _timeouts(course.autograded(student, assignment) / f"{name}.ipynb"):
                out["flags"].append(
                    f"{cell} ran past the {_STATE['timeout']} s per-cell limit and was "
                    f"interrupted (CellTimeoutError): it and the checks that need it scored 0")
        out["flags"] += _guard_flags()
        unguarded = _unguarded()
        for notebook, grade_id in unguarded:
            grades = out["scores"]["notebooks"].get(notebook, {}).get("grades", {})
            if grades.get(grade_id):
                grades[grade_id] = 0.0
        if unguarded:
            out["flags"].append(
                "the grading guard did not run before "
                + ", ".join(grade_id for _, grade_id in unguarded)
                + " (the submission interfered with it: sys.audit, the import system or the "
                "guard replaced): those checks scored 0, for a person to review")
        out["ok"] = True
        return out
    except Exception as err:  # one learner's failure never stops the cohort
        out["reason"] = f"grading crashed: {type(err).__name__}: {describe(err)}"
        out["log"] += traceback.format_exc()
        return out
    finally:
        out["seconds"] = time.perf_counter() - start
