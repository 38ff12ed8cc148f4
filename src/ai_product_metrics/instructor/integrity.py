"""Checks of a submission against the released notebook, for what nbgrader does not defend.

nbgrader 0.9.6 restores an edited locked cell from its master copy (with a checksum warning in
a long log), but a *deleted* test cell is neither restored nor reported: its grade is left
without a score, waiting for a manual grade nobody knows to give (nbgrader issue #1682). A
submission that monkeypatches the course's grading helpers, or ends the kernel's process, is
graded like any other. These functions find those cases so the cohort summary can name them:

- :func:`restore_missing_tests` puts every deleted test cell back where the release had it
  (nbgrader's ``OverwriteCells`` then fills in its hidden part from the gradebook);
- :func:`inspect_notebook` lists deleted and edited locked cells and suspicious code.

Everything here works on nbformat nodes; nothing runs a kernel.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field

__all__ = ["Findings", "inspect_notebook", "restore_missing_tests", "scan_code"]


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _grade_id(cell) -> str | None:
    return _meta(cell).get("grade_id")


def is_test_cell(cell) -> bool:
    """A graded, read-only code cell that is not an answer: a checkpoint's test."""
    m = _meta(cell)
    return bool(m.get("grade")) and not m.get("solution") and cell.get("cell_type") == "code"


def _key(cell) -> str | None:
    return _grade_id(cell) or cell.get("id")


def restore_missing_tests(cells: list, release_cells: list) -> tuple[list, list[str]]:
    """Return ``(cells with the missing test cells put back, their grade ids)``.

    A release test cell is missing when no submitted cell carries its ``grade_id`` in its
    nbgrader metadata (deleted, or its metadata stripped). It goes back right after the
    submitted cell that matches the release cell before it (by grade id, else cell id), or
    first when none does. The copy is the released cell; nbgrader's ``OverwriteCells`` then
    replaces its source with the gradebook's master copy, hidden tests included.

    Examples
    --------
    >>> rel = [{"id": "a", "cell_type": "code", "metadata": {"nbgrader": {"grade_id": "a",
    ...         "solution": True}}, "source": "x = 1"},
    ...        {"id": "a-test", "cell_type": "code", "metadata": {"nbgrader": {
    ...         "grade_id": "a-test", "grade": True, "solution": False}}, "source": "assert x"},
    ...        {"id": "md", "cell_type": "markdown", "metadata": {}, "source": "end"}]
    >>> cells, restored = restore_missing_tests([rel[0], rel[2]], rel)
    >>> [c["id"] for c in cells], restored
    (['a', 'a-test', 'md'], ['a-test'])
    """
    graded_ids = {_grade_id(c) for c in cells if _grade_id(c)}
    position = {}
    for index, cell in enumerate(cells):
        for key in (_grade_id(cell), cell.get("id")):
            if key and key not in position:
                position[key] = index
    used_ids = {c.get("id") for c in cells}
    after: dict[int, list] = {}
    anchor, restored = -1, []
    for rcell in release_cells:
        gid = _grade_id(rcell)
        if is_test_cell(rcell) and gid not in graded_ids:
            clone = copy.deepcopy(rcell)
            if clone.get("id") in used_ids:
                clone["id"] = f"{clone['id']}-restored"
            used_ids.add(clone.get("id"))
            after.setdefault(anchor, []).append(clone)
            restored.append(gid)
            continue
        key = _key(rcell)
        if key in position:
            anchor = position[key]
    if not restored:
        return list(cells), []
    result = list(after.get(-1, []))
    for index, cell in enumerate(cells):
        result.append(cell)
        result.extend(after.get(index, []))
    return result, restored


def _normal(source) -> str:
    text = "".join(source) if isinstance(source, list) else str(source or "")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


# --- suspicious code ------------------------------------------------------------------------

_PROCESS_CALLS = {
    "os._exit": "ends the kernel's process",
    "os.kill": "sends a signal to a process",
    "os.killpg": "sends a signal to a process group",
    "os.abort": "aborts the kernel's process",
    "signal.signal": "changes signal handling (e.g. ignores the timeout's interrupt)",
    "signal.alarm": "sets an alarm signal",
    "signal.setitimer": "sets a timer signal",
    "signal.pthread_sigmask": "blocks signals",
    "sys.settrace": "installs a tracer",
    "sys.setprofile": "installs a profiler hook",
    "sys.addaudithook": "installs an audit hook",
    "ctypes.CDLL": "loads native code",
    "gc.get_objects": "walks the interpreter's objects (a way around the grading guard)",
    "gc.get_referrers": "walks the interpreter's objects (a way around the grading guard)",
    "gc.get_referents": "walks the interpreter's objects (a way around the grading guard)",
}
# libraries the hidden tests compute with: assigning to their attributes changes the oracle
_LIBRARIES = ("numpy", "pandas", "scipy", "sklearn", "math", "sys", "statistics")
_LIBRARY_SETTINGS = ("pandas.options",)  # assignments that are ordinary settings
_NATIVE = ("ctypes", "cffi")
_HOOKS = ("events.register", "ast_transformers", "input_transformers_post",
          "input_transformers_cleanup", "register_magic_function")
_MAGIC = re.compile(r"^\s*[%!]")


def _dotted(node) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # get_ipython().events.register
        inner = _dotted(node.func)
        if inner:
            parts.append(inner + "()")
            return ".".join(reversed(parts))
    return None


def scan_code(source: str, *, package: str = "ai_product_metrics") -> list[str]:
    """Reasons to review a learner's code cell: it patches the course package or builtins,
    rebinds the package's name, ends or signals processes, or hooks into how cells run.

    Examples
    --------
    >>> scan_code("import ai_product_metrics as apm\\napm.grading.check_close = print")
    ['assigns to apm.grading.check_close (the course package)']
    >>> scan_code("import os\\nos._exit(0)")
    ["calls os._exit: ends the kernel's process"]
    >>> scan_code("import numpy as np\\nnp.isclose = lambda *a, **k: True")
    ['assigns to np.isclose (numpy, a library the tests use)']
    >>> scan_code("weekly = log.groupby('week').mean()")
    []
    """
    text = "\n".join("" if _MAGIC.match(line) else line for line in str(source).splitlines())
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    aliases = {"apm": package, package: package, "builtins": "builtins",
               "__builtins__": "builtins"}
    watched = (package, "builtins", *_LIBRARIES)
    reasons: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                root = name.name.split(".")[0]
                if root in _NATIVE:
                    reasons.append(f"imports {root} (native memory access, a way around the "
                                   "grading guard)")
                if root in watched:
                    aliases[(name.asname or name.name).split(".")[0]] = (
                        name.name if name.asname else root)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in watched:
            for name in node.names:
                aliases[name.asname or name.name] = f"{node.module}.{name.name}"

    def target_reason(target) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                target_reason(element)
            return
        if isinstance(target, ast.Subscript) and _dotted(target.value) == "sys.modules":
            reasons.append("replaces a module in sys.modules")
            return
        name = _dotted(target)
        if not name:
            return
        root = name.split(".")[0]
        if root not in aliases:
            return
        full = aliases[root] + name[len(root):]
        library = aliases[root].split(".")[0]
        if library in _LIBRARIES:
            if "." in name and not full.startswith(_LIBRARY_SETTINGS):
                reasons.append(f"assigns to {name} ({library}, a library the tests use)")
            return
        what = "builtins" if aliases[root] == "builtins" else "the course package"
        if "." in name:
            reasons.append(f"assigns to {name} ({what})")
        elif root not in ("builtins", "__builtins__"):
            reasons.append(f"rebinds {name}, the name of {aliases[root]} ({what})")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                target_reason(target)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            target_reason(node.target)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                target_reason(target)
        elif isinstance(node, ast.Call):
            name = _dotted(node.func) or ""
            if name in ("setattr", "delattr") and node.args:
                root = (_dotted(node.args[0]) or "").split(".")[0]
                if root in aliases:
                    reasons.append(f"calls {name} on {_dotted(node.args[0])}")
            elif name in _PROCESS_CALLS:
                reasons.append(f"calls {name}: {_PROCESS_CALLS[name]}")
            elif name.startswith("get_ipython()") and any(h in name for h in _HOOKS):
                reasons.append(f"calls {name}: changes how cells run")
    return list(dict.fromkeys(reasons))


# --- a whole notebook -----------------------------------------------------------------------


@dataclass
class Findings:
    """What a submitted notebook changed in what the release locks."""

    restored_tests: list[str] = field(default_factory=list)  # deleted test cells put back
    deleted_manual: list[str] = field(default_factory=list)  # manually graded cells deleted
    deleted_answers: list[str] = field(default_factory=list)  # autograded answer cells deleted
    edited_locked: list[str] = field(default_factory=list)  # read-only cells changed
    suspicious: list[str] = field(default_factory=list)  # "<cell>: <reason>"

    def flags(self, notebook: str) -> list[str]:
        """Reasons for an instructor to look at this submission, in plain words."""
        out = []
        where = f" in {notebook}" if notebook else ""
        for gid in self.restored_tests:
            out.append(f"test cell {gid} was deleted{where}; restored from the master copy "
                       "and graded")
        for gid in self.deleted_manual:
            out.append(f"manually graded cell {gid} was deleted{where}: nothing to grade by hand")
        for gid in self.edited_locked:
            out.append(f"read-only cell {gid} was edited{where}; nbgrader graded the master "
                       "copy instead")
        for item in self.suspicious:
            out.append(f"suspicious code{where}: {item}")
        return out

    def notes(self, notebook: str) -> list[str]:
        where = f" in {notebook}" if notebook else ""
        return [f"answer cell {gid} was deleted{where} (its checkpoint scores 0)"
                for gid in self.deleted_answers]


def inspect_notebook(submitted, release) -> Findings:
    """Compare a submitted notebook with its release (both nbformat nodes or dicts)."""
    findings = Findings()
    sub_cells = list(submitted.get("cells", []))
    rel_cells = list(release.get("cells", []))
    by_gid = {}
    for cell in sub_cells:
        gid = _grade_id(cell)
        if gid and gid not in by_gid:
            by_gid[gid] = cell
    locked_keys = set()
    for rcell in rel_cells:
        m = _meta(rcell)
        gid = m.get("grade_id")
        if not gid:
            continue
        if m.get("locked"):
            locked_keys.add(gid)
        cell = by_gid.get(gid)
        if cell is None:
            if is_test_cell(rcell):
                findings.restored_tests.append(gid)
            elif m.get("grade") and m.get("solution"):
                findings.deleted_manual.append(gid)
            elif m.get("solution"):
                findings.deleted_answers.append(gid)
            elif m.get("locked"):
                findings.edited_locked.append(gid)
            continue
        if m.get("locked"):
            changed = (cell.get("cell_type") != rcell.get("cell_type")
                       or _normal(cell.get("source")) != _normal(rcell.get("source"))
                       or float(_meta(cell).get("points", 0) or 0)
                       != float(m.get("points", 0) or 0))
            if changed:
                findings.edited_locked.append(gid)
    for cell in sub_cells:
        if cell.get("cell_type") != "code" or _grade_id(cell) in locked_keys:
            continue
        name = _grade_id(cell) or cell.get("id") or "a cell"
        for reason in scan_code(_normal(cell.get("source"))):
            findings.suspicious.append(f"{name} {reason}")
    return findings
