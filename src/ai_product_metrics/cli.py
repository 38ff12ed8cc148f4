"""The ``aipm`` command: build the course, check a notebook, open the course in JupyterLab.

``aipm check`` exists because ``nbgrader validate`` prints failures but exits 0: this command
runs the same validation and exits non-zero when any checkpoint fails, naming each one in
plain words.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["CheckResult", "check_notebook", "find_repo", "link_config", "main"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def find_repo(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``nbgrader_config.py`` and ``course/``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "course").is_dir():
            return folder
    return None


def _describe(source: str) -> str:
    """First line of a test cell's docstring: what the checkpoint checks, in words."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    doc = ast.get_docstring(tree) if tree.body else None
    return doc.strip().splitlines()[0] if doc else ""


def _last_error_line(raw: str) -> str:
    lines = [_ANSI.sub("", line).strip() for line in raw.splitlines()]
    lines = [line for line in lines if line and not set(line) <= set("-^~ ")]
    return lines[-1] if lines else "failed"


class CheckResult:
    """Outcome of checking one notebook: passed, failed (with reasons) and edited cells."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failed: list[tuple[str, float, str, str]] = []  # grade_id, points, what, why
        self.changed: list[str] = []
        self.passed: int = 0
        self.total: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.changed

    def report(self) -> str:
        lines = [f"{self.path}: {self.passed} of {self.total} checkpoints pass"]
        for grade_id, points, what, why in self.failed:
            lines.append(f"  FAIL {grade_id} ({points:g} pts): {what}".rstrip(": "))
            lines.append(f"       {why}")
        for grade_id in self.changed:
            lines.append(f"  EDITED {grade_id}: this read-only cell was changed; restore it "
                         "(your instructor's copy is used for grading anyway)")
        return "\n".join(lines)


def check_notebook(path: str | os.PathLike[str], *, timeout: int = 120) -> CheckResult:
    """Run a notebook's visible checks (nbgrader's validation) and collect the failures."""
    import nbformat
    from nbgrader.validator import Validator
    from traitlets.config import Config

    path = Path(path).resolve()
    if not path.is_file() or path.suffix != ".ipynb":
        raise ValueError(f"{path} is not a notebook (.ipynb) file")
    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    by_source = {c.source.strip(): c.metadata["nbgrader"] for c in nb.cells
                 if c.metadata.get("nbgrader")}
    config = Config()
    config.Execute.timeout = timeout
    config.Execute.interrupt_on_timeout = True
    validator = Validator(config=config)
    results = validator.validate(str(path))
    result = CheckResult(path)
    result.total = len(graded)
    for cell in results.get("type_changed", []):
        result.changed.append(f"a cell changed type from {cell['old_type']} to {cell['new_type']}")
    for cell in results.get("changed", []):
        meta = by_source.get(cell["source"], {})
        result.changed.append(meta.get("grade_id", cell["source"][:40]))
    if result.changed:
        # nbgrader stops at edited cells: run again ignoring checksums to report the checkpoints
        validator = Validator(config=config, ignore_checksums=True)
        results = validator.validate(str(path))
    for cell in results.get("failed", []):
        meta = by_source.get(cell["source"], {})
        result.failed.append((meta.get("grade_id", "?"), float(meta.get("points", 0)),
                              _describe(cell["source"]), _last_error_line(cell["raw_error"])))
    result.passed = max(0, result.total - len([f for f in result.failed if f[0] != "?"]))
    return result


def _notebooks(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such notebook or folder: {raw}")
    return found


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        notebooks = _notebooks(args.paths)
    except FileNotFoundError as err:
        print(f"aipm check: {err}", file=sys.stderr)
        return 2
    if not notebooks:
        print("aipm check: no notebooks found", file=sys.stderr)
        return 2
    failed = 0
    for nb in notebooks:
        result = check_notebook(nb, timeout=args.timeout)
        print(result.report())
        failed += not result.ok
    print(f"{len(notebooks) - failed} of {len(notebooks)} notebook(s) pass every visible check.")
    return 1 if failed else 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_course

    repo = find_repo()
    if repo is None:
        print("aipm build: run it inside the course repository (no nbgrader_config.py and "
              "course/ found here or above)", file=sys.stderr)
        return 2
    written = build_course(repo, out=args.out, assignments=args.assignment or None)
    print(f"built {len(written)} file(s) from {repo / 'course'}")
    return 0


LINKED_CONFIG = """\
# Written by `aipm link-config`: every nbgrader command run with this Python environment
# uses the course at {repo}, whatever the current folder, so no command silently creates a
# second, empty gradebook. A nbgrader_config.py in the current folder still overrides it.
load_subconfig("nbgrader_config.py", path={repo!r})  # noqa: F821
"""


def link_config(repo: Path, prefix: str | os.PathLike[str] | None = None) -> Path:
    """Register ``repo``'s nbgrader_config.py in this environment's Jupyter config folder."""
    target = Path(prefix or sys.prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(LINKED_CONFIG.format(repo=str(repo)), encoding="utf-8")
    return target


def _cmd_link_config(args: argparse.Namespace) -> int:
    repo = find_repo()
    if repo is None:
        print("aipm link-config: run it inside the course repository", file=sys.stderr)
        return 2
    print(f"nbgrader in {sys.prefix} now uses {repo / 'nbgrader_config.py'} "
          f"(written to {link_config(repo)})")
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    """Copy the student notebooks into a workspace (never overwriting) and start JupyterLab."""
    repo = find_repo()
    if repo is None:
        print("aipm lab: run it inside the course repository", file=sys.stderr)
        return 2
    workspace = Path(args.workspace).resolve()
    copied = 0
    for notebook in sorted((repo / "assignments").rglob("*.ipynb")):
        target = workspace / notebook.relative_to(repo / "assignments")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(notebook, target)
            copied += 1
    print(f"Your workspace is {workspace} ({copied} new notebook(s) copied; your own work is "
          "never overwritten).")
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={args.port}"]
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY"))
    if headless or args.no_browser:
        command.append("--no-browser")
        print("No display found: open the URL printed below in a browser on this machine.")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ)
    os.chdir(repo)  # nbgrader's extensions find nbgrader_config.py here
    os.execve(sys.executable, command, env)
    return 0  # pragma: no cover


def _cmd_site(args: argparse.Namespace) -> int:
    from .site import run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aipm`` command."""
    parser = argparse.ArgumentParser(
        prog="aipm",
        description="AI Product Metrics course: build the notebooks, check your work, open the "
                    "course.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser(
        "check", help="run a notebook's visible checks; exit 1 if any checkpoint fails",
        description="Run the visible checks of one or more notebooks (as nbgrader validate "
                    "does) and exit non-zero when any checkpoint fails, saying which and why.",
    )
    check.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    check.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    check.set_defaults(func=_cmd_check)

    build = sub.add_parser(
        "build", help="generate build/source, assignments/, solutions/, datasets/ from course/",
        description="Regenerate the student and solution notebooks from the single sources.",
    )
    build.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    build.add_argument("--out", help="write into this folder instead of the repository")
    build.set_defaults(func=_cmd_build)

    lab = sub.add_parser(
        "lab", help="copy the student notebooks to your workspace and open JupyterLab",
        description="Copy the student notebooks into your workspace (existing files are kept) "
                    "and start JupyterLab there, on 127.0.0.1.",
    )
    lab.add_argument("--workspace", default="my-work", help="folder for your notebooks")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--no-browser", action="store_true")
    lab.set_defaults(func=_cmd_lab)

    site = sub.add_parser(
        "site", help="build the course website into build/site",
        description="Execute each module's solution notebook once (copies, never the "
                    "sources) and write a static website: an index with the learning "
                    "objectives and the student notebooks, one page per module.",
    )
    from .site import add_arguments as _site_arguments

    _site_arguments(site)
    site.set_defaults(func=_cmd_site)

    link = sub.add_parser(
        "link-config", help="make every nbgrader command in this environment use this course",
        description="Register this course's nbgrader_config.py in the environment's Jupyter "
                    "config folder, so nbgrader run from any folder finds the one gradebook.",
    )
    link.set_defaults(func=_cmd_link_config)

    args = parser.parse_args(argv)
    from .build import ensure_scripts_on_path

    ensure_scripts_on_path()
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
