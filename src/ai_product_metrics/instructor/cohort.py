"""Autograde a whole cohort in parallel, with a progress bar, and never lose or fake a grade.

How the grades are recorded safely
----------------------------------
``workers`` processes execute and score learners in parallel; each runs nbgrader's own
``Autograde`` converter in process (its start-up paid once per worker), against a private
SQLite copy of the assignment's master (notebooks, cells, hidden tests, points, due date).
No worker ever opens the course's gradebook. Each worker returns a learner's scores as plain
data, and the parent process, the one writer, records them in the course's gradebook (SQLite
or PostgreSQL) as they arrive, one short transaction per learner, exactly as nbgrader's
``SaveAutoGrades`` would: the automatic score of every cell is replaced, a manual score and
the instructor's comments are never touched (the cell is marked for review instead), the
submission's timestamp and late penalty follow the submission.

What nbgrader does not defend, this does
----------------------------------------
- A learner whose grading fails (a kernel that died, a loop that ignores the timeout's
  interrupt, a notebook that is not JSON, nbgrader aborting) is FAILED with the reason. nbgrader
  itself leaves the previous grades in place in that case; here the automatic scores of the
  failed submission are cleared (a manual score stays), the notebook is flagged in the
  formgrader and its stale autograded copy and feedback are removed, so no old score survives
  silently (nor is released as feedback). The other learners are graded regardless; the
  command exits non-zero.
- A cell stopped at the per-cell limit is named in the summary.
- Deleted test cells are restored from the master copy and graded; edited read-only cells
  (graded from the master copy by nbgrader), deleted manually graded cells and suspicious code
  (patching the course package, ending the kernel, ignoring signals) flag the learner for
  review, in the summary and as nbgrader's ``flagged`` mark in the formgrader.

Every run is idempotent: a ledger (``autograded/.aipm/<assignment>/learners/<id>.json``, one
file per learner so that machines grading disjoint learners of one shared course folder never
overwrite each other) remembers a fingerprint of each graded submission, of the assignment's
master copy and of the gradebook's URL; a learner whose fingerprint has not changed is not
graded again (``force=True`` regrades everyone). A resubmission (a newer
``nbgrader collect --update``) changes the fingerprint. Each learner's nbgrader log is kept
beside it (``logs/<id>.log``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .course import Course, copy_master, files_fingerprint, load_course, master_fingerprint

__all__ = ["CohortSummary", "LearnerResult", "autograde_cohort", "in_shard"]

GRADED, FAILED, UNCHANGED = "graded", "failed", "unchanged"


@dataclass
class LearnerResult:
    """The outcome of one learner's autograde."""

    student: str
    status: str  # graded | failed | unchanged
    score: float | None = None
    max_score: float | None = None
    reason: str | None = None  # why it failed
    flags: list[str] = field(default_factory=list)  # why an instructor should look
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class CohortSummary:
    """Everything one ``autograde_cohort`` run did."""

    assignment: str
    results: list[LearnerResult]
    seconds: float
    workers: int
    db_url: str = ""
    state_dir: str = ""

    def _with(self, status: str) -> list[LearnerResult]:
        return [r for r in self.results if r.status == status]

    @property
    def graded(self) -> list[LearnerResult]:
        return self._with(GRADED)

    @property
    def failed(self) -> list[LearnerResult]:
        return self._with(FAILED)

    @property
    def unchanged(self) -> list[LearnerResult]:
        return self._with(UNCHANGED)

    @property
    def flagged(self) -> list[LearnerResult]:
        return [r for r in self.results if r.flags and r.status != FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def result(self, student: str) -> LearnerResult:
        return next(r for r in self.results if r.student == student)

    def report(self) -> str:
        """The summary an instructor reads at the end of a run."""
        n = len(self.results)
        head = (f"autograde {self.assignment}: {n} learner(s) in {self.seconds:.1f} s with "
                f"{self.workers} worker(s): {len(self.graded)} graded, "
                f"{len(self.unchanged)} unchanged (already graded), {len(self.failed)} failed, "
                f"{len(self.flagged)} flagged for review")
        lines = [head]
        width = max([len(r.student) for r in self.results] + [7])
        for r in sorted(self.failed, key=lambda r: r.student):
            lines.append(f"  FAILED   {r.student:<{width}}  {r.reason}")
        for r in sorted(self.flagged, key=lambda r: r.student):
            for i, flag in enumerate(r.flags):
                label = "FLAGGED " if i == 0 else "        "
                lines.append(f"  {label} {r.student if i == 0 else '':<{width}}  {flag}")
        for r in sorted(self.failed, key=lambda r: r.student):
            for flag in r.flags:
                lines.append(f"  (also)   {r.student:<{width}}  {flag}")
        for r in sorted(self.results, key=lambda r: r.student):
            for note in r.notes:
                lines.append(f"  note     {r.student:<{width}}  {note}")
        if self.failed:
            lines.append(
                "Failed learners keep no automatic score from an earlier run (a manual score "
                "stays) and are flagged in the formgrader. Fix the cause, then run the same "
                "command again: only failed and changed submissions are graded.")
        if self.state_dir:
            lines.append(f"Ledger and per-learner logs: {self.state_dir}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"assignment": self.assignment, "seconds": self.seconds, "workers": self.workers,
                "results": [asdict(r) for r in self.results]}


# --- the ledger -------------------------------------------------------------------------------


class Ledger:
    """What the last grading of each learner was: one small JSON file per learner."""

    def __init__(self, folder: Path, db_url: str) -> None:
        self.folder = folder
        self.db_url = db_url

    def _path(self, student: str) -> Path:
        return self.folder / f"{student}.json"

    def get(self, student: str) -> dict:
        """The learner's entry, or {} when there is none for this gradebook."""
        try:
            entry = json.loads(self._path(student).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return entry if isinstance(entry, dict) and entry.get("db_url") == self.db_url else {}

    def put(self, student: str, entry: dict) -> None:
        if "/" in student or student.startswith("."):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(student)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({**entry, "db_url": self.db_url}, indent=1, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, path)


# --- recording (the one writer) ---------------------------------------------------------------


def _record_scores(gb, assignment: str, student: str, scores: dict, flagged: bool) -> None:
    """Write a worker's scores into the course gradebook, as SaveAutoGrades would."""
    gb.update_or_create_student(student)
    extra = {"timestamp": scores["timestamp"]} if scores.get("timestamp") else {}
    gb.update_or_create_submission(assignment, student, **extra)
    for name, data in scores["notebooks"].items():
        nb = gb.find_submission_notebook(name, assignment, student)
        for grade in nb.grades:
            if grade.name in data["grades"]:
                auto = data["grades"][grade.name]
                grade.auto_score = auto
                grade.needs_manual_grade = grade.manual_score is not None or auto is None
        for comment in nb.comments:
            if comment.name in data["comments"]:
                comment.auto_comment = data["comments"][comment.name]
        nb.late_submission_penalty = data.get("late_submission_penalty")
        if flagged:
            nb.flagged = True
    gb.db.commit()


def _record_failure(gb, assignment: str, student: str, timestamp) -> None:
    """A failed learner keeps no automatic score (manual ones stay) and is flagged."""
    gb.update_or_create_student(student)
    extra = {"timestamp": timestamp} if timestamp else {}
    submission = gb.update_or_create_submission(assignment, student, **extra)
    for nb in submission.notebooks:
        for grade in nb.grades:
            grade.auto_score = None
            grade.needs_manual_grade = True
        for comment in nb.comments:
            comment.auto_comment = None
        nb.flagged = True
    gb.db.commit()


def _total(gb, assignment: str, student: str) -> tuple[float | None, float | None]:
    from nbgrader.api import MissingEntry

    try:
        submission = gb.find_submission(assignment, student)
    except MissingEntry:
        return None, None
    return float(submission.score or 0.0), float(submission.max_score or 0.0)


# --- the run ----------------------------------------------------------------------------------


def in_shard(student: str, k: int, n: int) -> bool:
    """Whether ``student`` belongs to shard ``k`` of ``n`` (1-based), stably on every machine.

    Examples
    --------
    >>> sum(in_shard(f"learner-{i}", k, 3) for i in range(30) for k in (1, 2, 3))
    30
    """
    import hashlib

    if not 1 <= k <= n:
        raise ValueError(f"shard {k}/{n}: k must be between 1 and n")
    digest = hashlib.sha256(student.encode()).digest()
    return int.from_bytes(digest[:4], "big") % n == k - 1


def _work_dir() -> Path:
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="aipm-autograde-", dir=base))


def _timestamp(course: Course, student: str, assignment: str):
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=course.config)
    return coursedir.get_existing_timestamp(str(course.submitted(student, assignment)))


def autograde_cohort(
    course_root: str | os.PathLike[str],
    assignment: str,
    *,
    students: Iterable[str] | None = None,
    workers: int = 2,
    timeout: int | None = None,
    force: bool = False,
    db_url: str | None = None,
    progress: bool = True,
    shard: tuple[int, int] | None = None,
) -> CohortSummary:
    """Autograde every submitted learner of ``assignment`` in parallel.

    Parameters
    ----------
    course_root : path
        The course folder (holds ``nbgrader_config.py``, ``submitted/``, the gradebook).
    assignment : str
        The assignment (module folder name), e.g. ``"01_engagement"``.
    students : iterable of str, optional
        Only these learners (default: everyone in ``submitted/``).
    workers : int
        Processes that execute notebooks at once (one per core is right).
    timeout : int, optional
        Seconds each cell may run (default: the course's ``Execute.timeout``).
    force : bool
        Grade again learners whose submission has not changed since their last grading.
    db_url : str, optional
        Another gradebook than the course config's (e.g. ``postgresql+psycopg://...``).
    progress : bool
        Show a progress bar (learners done / total, with an ETA) on stderr.
    shard : (k, n), optional
        Only the learners of shard ``k`` of ``n`` (1-based; a stable hash of the learner id):
        ``n`` machines sharing the course folder and a PostgreSQL gradebook each grade one
        shard.

    Returns
    -------
    CohortSummary
        Graded, failed (and why), unchanged and flagged learners; ``exit_code`` is 1 when
        any learner failed.
    """
    from nbgrader.api import MissingEntry
    from tqdm import tqdm

    from .worker import grade_learner, init_worker

    started = time.perf_counter()
    course = load_course(course_root, db_url=db_url)
    wanted = None if students is None else list(dict.fromkeys(students))
    submitted = course.submitted_students(assignment)
    roster = submitted if wanted is None else wanted
    if shard is not None:
        roster = [s for s in roster if in_shard(s, *shard)]
    state = course.state_dir(assignment)
    ledger = Ledger(state / "learners", course.db_url)  # another gradebook: entries ignored

    results: dict[str, LearnerResult] = {}
    tasks: dict[str, dict] = {}
    if course.db_url.startswith("sqlite:///"):  # nbgrader would create an empty one silently
        path = Path(course.db_url[len("sqlite:///"):])
        if not path.is_file() or path.stat().st_size == 0:
            raise ValueError(f"no gradebook at {path}: run `aipm-teach build` (nbgrader "
                             f"generate_assignment) in {course.root} first")
    with course.gradebook() as gb:
        try:
            master = gb.find_assignment(assignment)
        except MissingEntry as err:
            raise ValueError(
                f"the gradebook {course.db_url} has no assignment {assignment!r}: run "
                f"`aipm-teach build` (nbgrader generate_assignment) first") from err
        notebooks = [nb.name for nb in master.notebooks]
        master_hash = master_fingerprint(gb, assignment)
        for student in roster:
            folder = course.submitted(student, assignment)
            if student not in submitted:
                results[student] = LearnerResult(
                    student, FAILED, reason=f"no submission in {folder.relative_to(course.root)}")
                continue
            fingerprint = files_fingerprint(folder, extra=[master_hash, course.db_url])
            seen = ledger.get(student)
            still_there = (course.autograded(student, assignment).is_dir()
                           and _total(gb, assignment, student)[0] is not None)
            if (not force and seen.get("status") == GRADED
                    and seen.get("fingerprint") == fingerprint and still_there):
                score, maximum = _total(gb, assignment, student)
                results[student] = LearnerResult(
                    student, UNCHANGED, score=score, max_score=maximum,
                    flags=list(seen.get("flags", [])), notes=list(seen.get("notes", [])))
                continue
            extension = None
            try:
                sub = gb.find_submission(assignment, student)
                if sub.extension is not None:
                    extension = sub.extension.total_seconds()
            except MissingEntry:  # a first submission
                pass
            tasks[student] = {"student": student, "notebooks": notebooks,
                              "extension_seconds": extension, "fingerprint": fingerprint}

    logs = state / "logs"
    work = _work_dir()
    try:
        if tasks:
            template = work / "template.db"
            from nbgrader.api import Gradebook

            with course.gradebook() as source, Gradebook(
                    f"sqlite:///{template}", course_id=course.course_id) as target:
                copy_master(source, target, assignment)
        n_workers = max(1, min(int(workers), len(tasks) or 1))
        bar = tqdm(total=len(tasks), desc=f"autograde {assignment}", unit="learner",
                   file=sys.stderr, disable=not progress or not tasks, dynamic_ncols=True,
                   smoothing=0.1)
        if progress and results and tasks:
            skipped = sum(r.status == UNCHANGED for r in results.values())
            if skipped:
                bar.write(f"{skipped} learner(s) unchanged since their last grading: skipped "
                          "(use --force to grade them again)")
        attempts: dict[str, int] = {}
        pending = sorted(tasks)
        try:
            while pending:
                pending = _run_pool(course, assignment, tasks, pending, attempts, n_workers,
                                    timeout, work, results, ledger, logs, bar,
                                    init_worker, grade_learner)
        finally:
            bar.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ordered = [results[s] for s in roster if s in results]
    summary = CohortSummary(assignment, ordered, time.perf_counter() - started, n_workers,
                            db_url=course.db_url, state_dir=str(state))
    state.mkdir(parents=True, exist_ok=True)
    (state / f"last-run-{os.getpid()}.json").write_text(summary_json(summary), encoding="utf-8")
    os.replace(state / f"last-run-{os.getpid()}.json", state / "last-run.json")
    return summary


def _context():
    """Worker processes forked from a server that has nbgrader imported already (a worker
    then starts in a fraction of a second instead of re-importing everything), or spawned
    where fork is unavailable. Nothing is forked from this (possibly threaded) process."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ai_product_metrics.instructor.worker"])
        return context
    return multiprocessing.get_context("spawn")


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                     "NUMEXPR_NUM_THREADS")


def _worker_environment(n_workers: int) -> dict[str, str]:
    """The environment of the workers and their kernels: this one, with the numeric libraries'
    thread pools sized to the cores each worker has (a kernel alone would use every core for
    NumPy's BLAS; two kernels doing that on two cores slow each other down). A value the
    instructor set is kept."""
    env = dict(os.environ)
    threads = str(max(1, (os.cpu_count() or 1) // max(1, n_workers)))
    for name in _THREAD_VARIABLES:
        env.setdefault(name, threads)
    return env


def _run_pool(course, assignment, tasks, pending, attempts, n_workers, timeout, work, results,
              ledger, logs, bar, init_worker, grade_learner) -> list[str]:
    """Grade ``pending`` learners in one pool; return the learners to try again in a fresh
    pool (those in flight when a worker process crashed)."""
    retry: list[str] = []
    pool = ProcessPoolExecutor(
        max_workers=min(n_workers, len(pending)), mp_context=_context(), initializer=init_worker,
        initargs=(str(course.root), assignment, str(work / "template.db"), str(work), timeout,
                  True, _worker_environment(n_workers)))
    futures = {}
    try:
        for student in pending:
            attempts[student] = attempts.get(student, 0) + 1
            futures[pool.submit(grade_learner, tasks[student])] = student
        not_done = set(futures)
        while not_done:
            done, not_done = wait(not_done, return_when=FIRST_COMPLETED)
            for future in done:
                student = futures[future]
                try:
                    payload = future.result()
                except BrokenProcessPool:
                    if attempts[student] < 2:
                        retry.append(student)
                        continue
                    payload = {"student": student, "ok": False, "flags": [], "notes": [],
                               "log": "", "seconds": 0.0,
                               "reason": "the grading process crashed twice while grading "
                                         "this learner (memory exhausted?)"}
                _record(course, assignment, tasks[student], payload, results, ledger, logs)
                bar.update(1)
                result = results[student]
                if result.status == FAILED:
                    bar.write(f"FAILED {student}: {result.reason}")
                n_failed = sum(r.status == FAILED for r in results.values())
                bar.set_postfix(failed=n_failed, refresh=False)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return sorted(retry)


def _record(course: Course, assignment: str, task: dict, payload: dict,
            results: dict[str, LearnerResult], ledger: Ledger, logs: Path) -> None:
    student = task["student"]
    logs.mkdir(parents=True, exist_ok=True)
    (logs / f"{student}.log").write_text(payload.get("log", "") or "", encoding="utf-8")
    flags = list(payload.get("flags", []))
    notes = list(payload.get("notes", []))
    with warnings.catch_warnings(), course.gradebook() as gb:
        # nbgrader 0.9.6's add_submission trips SQLAlchemy 2's autoflush warning (harmless)
        warnings.filterwarnings("ignore", message=".*not in session.*")
        if payload.get("ok"):
            _record_scores(gb, assignment, student, payload["scores"], flagged=bool(flags))
            score, maximum = _total(gb, assignment, student)
            result = LearnerResult(student, GRADED, score=score, max_score=maximum, flags=flags,
                                   notes=notes, seconds=float(payload.get("seconds", 0.0)))
        else:
            _record_failure(gb, assignment, student, _timestamp(course, student, assignment))
            for stale in (course.autograded(student, assignment),
                          course.feedback(student, assignment)):
                if stale.is_dir():  # derived from the failed submission's predecessor
                    shutil.rmtree(stale, ignore_errors=True)
            result = LearnerResult(student, FAILED, reason=payload.get("reason") or "unknown",
                                   flags=flags, notes=notes,
                                   seconds=float(payload.get("seconds", 0.0)))
    results[student] = result
    ledger.put(student, {
        "status": result.status, "fingerprint": task["fingerprint"] if result.status == GRADED
        else None, "reason": result.reason, "flags": flags, "notes": notes,
        "score": result.score, "max_score": result.max_score,
        "seconds": round(result.seconds, 2),
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})


def summary_json(summary: CohortSummary) -> str:
    return json.dumps(summary.to_dict(), indent=1)
