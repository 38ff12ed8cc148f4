"""``aipm-teach``: run the course for a cohort, one command per step.

Each step is safe to run again: ``build`` regenerates the same notebooks, ``release`` does
nothing when the exchange already has this release, ``collect`` only copies newer
submissions, ``autograde`` only grades learners whose submission (or the assignment) changed
since their last grading, ``feedback`` / ``export`` / ``report`` rewrite their output.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

EPILOG = """\
examples (in the course folder, or anywhere with --course DIR):
  aipm-teach build                                 # every module -> assignments/, solutions/
  aipm-teach release 01_engagement                 # learners can now fetch it
  aipm-teach collect 01_engagement                 # submitted/<learner>/01_engagement/
  aipm-teach autograde 01_engagement               # everyone, both cores, progress bar
  aipm-teach autograde 01_engagement --student ada --force
  aipm-teach autograde 03_drift --shard 2/3        # machine 2 of 3 (shared folder, PostgreSQL)
  aipm-teach feedback 01_engagement --release      # feedback pages, then to the exchange
  aipm-teach export --out grades.csv               # one column per checkpoint
  aipm-teach report --out report/                  # item analysis with plots
  AIPM_DB_URL=postgresql+psycopg://user@host/db aipm-teach autograde 01_engagement

Every step can be run again safely. Exit status: 0 done, 1 a step or a learner failed
(the summary says which and why), 2 wrong usage or no course found."""


class UsageError(Exception):
    """A problem the instructor fixes on the command line (exit status 2)."""


def _course_root(args: argparse.Namespace) -> Path:
    from ..cli import find_repo

    if getattr(args, "course", None):
        root = Path(args.course).resolve()
        if not (root / "nbgrader_config.py").is_file():
            raise UsageError(f"{root} is not a course folder (no nbgrader_config.py)")
        return root
    root = find_repo()
    if root is None:
        here = Path.cwd()
        if (here / "nbgrader_config.py").is_file():
            return here
        raise UsageError("no course found here or above (a folder with nbgrader_config.py and "
                         "course/); run inside the course or pass --course DIR")
    return root


def _say(text: str) -> None:
    print(text, flush=True)


# --- build ------------------------------------------------------------------------------------


def _cmd_build(args: argparse.Namespace) -> int:
    from ..build import build_course

    root = _course_root(args)
    if not (root / "course").is_dir():
        raise UsageError(f"{root} has no course/ sources to build from")
    out = Path(args.out).resolve() if args.out else None
    if out is not None and out != root:
        out.mkdir(parents=True, exist_ok=True)
        if not (out / "nbgrader_config.py").exists():  # a course folder of its own
            shutil.copy(root / "nbgrader_config.py", out / "nbgrader_config.py")
    written = build_course(root, out=out, assignments=args.assignment or None,
                           datasets=not args.no_datasets)
    target = out or root
    assignments = sorted({p.parent.name for p in written if p.suffix == ".ipynb"})
    _say(f"built {len(written)} file(s) into {target}: {', '.join(assignments)} "
         "(notebooks, solutions, mark schemes; the master copies are in the gradebook)")
    return 0


# --- release ----------------------------------------------------------------------------------


def _same_tree(a: Path, b: Path) -> bool:
    if not a.is_dir() or not b.is_dir():
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def _cmd_release(args: argparse.Namespace) -> int:
    from .course import load_course, nbgrader_command

    course = load_course(_course_root(args))
    if not course.exchange_root:
        raise UsageError("the course config sets no Exchange.root")
    status = 0
    for assignment in args.assignment:
        source = course.release(assignment)
        if not source.is_dir():
            _say(f"{assignment}: no {source} (run `aipm-teach build` first)")
            status = 1
            continue
        outbound = Path(course.exchange_root) / course.course_id / "outbound" / assignment
        if outbound.exists() and _same_tree(source, outbound) and not args.force:
            _say(f"{assignment}: already released, unchanged ({outbound})")
            continue
        if outbound.exists() and not args.force:
            _say(f"{assignment}: the exchange holds a different release ({outbound}); learners "
                 "who fetched it keep theirs. Pass --force to replace it.")
            status = 1
            continue
        extra = ["--force"] if outbound.exists() else []
        result = nbgrader_command(course, ["release_assignment", assignment, *extra])
        if result.returncode != 0:
            status = 1
            continue
        _say(f"{assignment}: released to {outbound}. Learners fetch it with `nbgrader "
             f"fetch_assignment {assignment} --course {course.course_id}` (or the Assignments "
             "tab); each gets their own data variant from their user name.")
    return status


# --- collect ----------------------------------------------------------------------------------

_COLLECTED = re.compile(r"(Collecting|Updating) submission: (\S+) ")


def _cmd_collect(args: argparse.Namespace) -> int:
    from .course import load_course, nbgrader_command

    course = load_course(_course_root(args))
    status = 0
    for assignment in args.assignment:
        result = nbgrader_command(course, ["collect", assignment, "--update"])
        log = result.stdout + result.stderr
        if result.returncode != 0:
            status = 1
            continue
        new = [m.group(2) for m in _COLLECTED.finditer(log) if m.group(1) == "Collecting"]
        updated = [m.group(2) for m in _COLLECTED.finditer(log) if m.group(1) == "Updating"]
        total = len(course.submitted_students(assignment))
        _say(f"{assignment}: {len(new)} new, {len(updated)} resubmitted (replacing the older "
             f"copy), {total} learner(s) in submitted/ in all")
        for label, names in (("new", new), ("resubmitted", updated)):
            if names:
                _say(f"  {label}: {', '.join(sorted(names))}")
    return status


# --- autograde --------------------------------------------------------------------------------


def _cmd_autograde(args: argparse.Namespace) -> int:
    from .cohort import autograde_cohort

    root = _course_root(args)
    status = 0
    for assignment in args.assignment:
        try:
            summary = autograde_cohort(
                root, assignment, students=args.student or None, workers=args.workers,
                timeout=args.timeout, force=args.force, progress=not args.no_progress,
                shard=args.shard)
        except ValueError as err:
            _say(f"{assignment}: {err}")
            status = 1
            continue
        _say(summary.report())
        if args.json:
            import json

            Path(args.json).write_text(json.dumps(summary.to_dict(), indent=1),
                                       encoding="utf-8")
        status = max(status, summary.exit_code)
    return status


# --- feedback, export, report (written in .feedback / .export / .report) -------------------


def _lazy(module: str, name: str):
    import importlib

    try:
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)
    except (ImportError, AttributeError) as err:
        raise UsageError(f"`{module}` is not available in this version of the course package "
                         f"({err})") from err


def _cmd_feedback(args: argparse.Namespace) -> int:
    from .course import load_course, nbgrader_command

    generate_feedback = _lazy("feedback", "generate_feedback")
    root = _course_root(args)
    status = 0
    for assignment in args.assignment:
        written = generate_feedback(root, assignment, students=args.student or None)
        _say(f"{assignment}: {len(written)} feedback page(s) in "
             f"{root / 'feedback'}/<learner>/{assignment}/")
        if args.release:
            result = nbgrader_command(load_course(root), ["release_feedback", assignment])
            if result.returncode != 0:
                status = 1
            else:
                _say(f"{assignment}: feedback released; learners get it with `nbgrader "
                     f"fetch_feedback {assignment}` (or the Assignments tab)")
    return status


def _cmd_export(args: argparse.Namespace) -> int:
    export_checkpoints = _lazy("export", "export_checkpoints")
    root = _course_root(args)
    path = export_checkpoints(root, Path(args.out).resolve(), assignments=args.assignment or None)
    _say(f"wrote {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    build_report = _lazy("report", "build_report")
    root = _course_root(args)
    path = build_report(root, Path(args.out).resolve(), assignments=args.assignment or None)
    _say(f"wrote {path}")
    return 0


def _shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N with 1 <= K <= N (e.g. 2/3)")
    return int(match.group(1)), int(match.group(2))


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                        help="the course folder (default: the course found from the current "
                             "folder)")
    common.add_argument("--db-url", metavar="URL", default=argparse.SUPPRESS,
                        help="gradebook database (default: the course config's, or "
                             "AIPM_DB_URL), e.g. postgresql+psycopg://user:pw@host:5432/db")
    parser = argparse.ArgumentParser(
        prog="aipm-teach",
        description=textwrap.fill(
            "Run the AI Product Metrics course for a cohort of learners, one command per "
            "step, on nbgrader: build, release, collect, autograde (in parallel, with a "
            "progress bar), feedback, export, report.", 88),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course", metavar="DIR", default=None,
                        help="the course folder (default: the course found from the current "
                             "folder)")
    parser.add_argument("--db-url", metavar="URL", default=None,
                        help="gradebook database (default: the course config's, or "
                             "AIPM_DB_URL)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, summary: str, description: str, func, example: str):
        p = sub.add_parser(name, help=summary, description=textwrap.fill(description, 88),
                           parents=[common],
                           epilog=f"example:\n  {example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = add("build", "generate the notebooks from course/ and record them in the gradebook",
            "Generate build/source, the student notebooks (assignments/), the solutions and "
            "mark schemes (solutions/) from the single sources in course/, and record each "
            "assignment's master copy (tests, hidden tests, points) in the gradebook. The "
            "output is deterministic: running it again changes nothing.",
            _cmd_build, "aipm-teach build --assignment 01_engagement")
    p.add_argument("--assignment", action="append", metavar="NAME",
                   help="only this assignment (repeatable; default: all)")
    p.add_argument("--out", metavar="DIR",
                   help="build into this folder (a course of its own) instead of the course")
    p.add_argument("--no-datasets", action="store_true",
                   help="do not export the canonical CSV datasets")

    p = add("release", "publish assignments to the exchange for learners to fetch",
            "Copy assignments/<name>/ to the nbgrader exchange (nbgrader release_assignment). "
            "Every learner fetches the same notebook; their data variant comes from their "
            "user name when they run it, and from their learner id at autograde. Releasing "
            "an unchanged assignment again does nothing; a changed one needs --force.",
            _cmd_release, "aipm-teach release 01_engagement 02_precision_recall")
    p.add_argument("assignment", nargs="+", help="assignment names, e.g. 01_engagement")
    p.add_argument("--force", action="store_true",
                   help="replace a different release already in the exchange")

    p = add("collect", "copy submissions from the exchange into submitted/",
            "Collect every learner's latest submission from the exchange into "
            "submitted/<learner>/<assignment>/ (nbgrader collect --update): a resubmission "
            "replaces the older copy, an unchanged one is left alone.",
            _cmd_collect, "aipm-teach collect 01_engagement")
    p.add_argument("assignment", nargs="+", help="assignment names")

    p = add("autograde", "grade every submitted learner in parallel, with a summary",
            "Autograde every learner in submitted/ with nbgrader, several notebooks at once "
            "(one worker per core), with a progress bar (learners done / total, ETA). One "
            "process records the grades, so the gradebook is never written concurrently; "
            "manual grades and comments are kept. A learner whose grading fails (dead kernel, "
            "a cell that cannot be interrupted, a damaged notebook) is FAILED with the reason "
            "and keeps no stale automatic score; deleted test cells are restored and graded; "
            "edited read-only cells and suspicious code are flagged for review. Learners "
            "whose submission has not changed since their last grading are skipped. Exit "
            "status 1 when any learner failed.",
            _cmd_autograde, "aipm-teach autograde 01_engagement --workers 2")
    p.add_argument("assignment", nargs="+", help="assignment names")
    p.add_argument("--student", action="append", metavar="ID",
                   help="only this learner (repeatable; default: everyone submitted)")
    p.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 2), metavar="N",
                   help="notebooks executed at once (default: the number of cores, "
                        f"{max(1, os.cpu_count() or 2)} here)")
    p.add_argument("--timeout", type=int, metavar="SECONDS",
                   help="seconds each cell may run (default: the course's Execute.timeout)")
    p.add_argument("--force", action="store_true",
                   help="grade again learners whose submission has not changed")
    p.add_argument("--shard", type=_shard, metavar="K/N",
                   help="only shard K of N of the learners (a stable split by learner id): run "
                        "1/N ... N/N on N machines that share the course folder and a "
                        "PostgreSQL gradebook")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", metavar="FILE", help="also write the summary as JSON")

    p = add("feedback", "write each learner's feedback pages (and release them)",
            "Write one feedback page per learner and notebook into feedback/<learner>/"
            "<assignment>/: each checkpoint's score and the reason, never the hidden tests "
            "or the answer. With --release they go to the exchange (nbgrader "
            "release_feedback).",
            _cmd_feedback, "aipm-teach feedback 01_engagement --release")
    p.add_argument("assignment", nargs="+", help="assignment names")
    p.add_argument("--student", action="append", metavar="ID", help="only this learner")
    p.add_argument("--release", action="store_true",
                   help="release the feedback to the exchange afterwards")

    p = add("export", "write a CSV of every learner's score per checkpoint",
            "Write one row per learner and one column per checkpoint (<assignment>/<cell>), "
            "with each assignment's total; cells waiting for manual grading are left blank.",
            _cmd_export, "aipm-teach export --out grades.csv 01_engagement")
    p.add_argument("assignment", nargs="*", help="assignment names (default: all)")
    p.add_argument("--out", default="grades.csv", metavar="FILE",
                   help="the CSV file to write (default: grades.csv)")

    p = add("report", "write the item-analysis report with plots",
            "Write the item-analysis report into a folder: how each checkpoint went across "
            "the cohort, with plots.",
            _cmd_report, "aipm-teach report --out report/")
    p.add_argument("assignment", nargs="*", help="assignment names (default: all)")
    p.add_argument("--out", default="report", metavar="DIR",
                   help="the folder to write (default: report/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``aipm-teach`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "db_url", None):
        os.environ["AIPM_DB_URL"] = args.db_url  # the course config reads it
    from ..build import ensure_scripts_on_path

    ensure_scripts_on_path()
    try:
        return int(args.func(args))
    except ValueError as err:  # a step refused: a missing gradebook, an unknown assignment...
        print(f"aipm-teach {args.command}: {err}", file=sys.stderr)
        return 1
    except UsageError as err:
        print(f"aipm-teach {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"aipm-teach {args.command}: interrupted; what was recorded is kept, run the "
              "same command again to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
