"""Per-learner feedback: the score and the reason for every checkpoint, never the answer.

nbgrader's own ``generate_feedback`` converts the whole autograded notebook to HTML. Even with
the course's ``ClearHiddenTests`` preprocessor (nbgrader issue #917) it keeps the tracebacks of
failed checks, and a traceback quotes the failing line of the hidden test; it also shows the
learner's code, which for a correct learner is the model solution. :func:`generate_feedback`
writes a report instead, one HTML page per notebook at
``feedback/<student>/<assignment>/<notebook>.html`` (where ``nbgrader release_feedback`` looks
for it). Per checkpoint it shows:

- what was checked: the test cell's docstring (from the released notebook);
- what was expected, in words: the checkpoint's instructions (the released notebook's
  markdown), never a value;
- the learner's points out of the maximum, from the gradebook, or that the instructor has not
  graded it yet;
- why: the message of the failed check (never its traceback), the grader's printed notes,
  the rubric lines ``[met]`` / ``[missing]`` of a written brief, and the instructor's comments.

Any printed line that repeats a line of the test cell's own source (hidden part included) is
dropped, so a check that echoes its code cannot leak it.
"""

from __future__ import annotations

import ast
import html
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .export import _resolve, course_directory, open_gradebook, release_notebook

__all__ = [
    "CellOutcome",
    "CheckpointText",
    "RUBRIC_LINE",
    "cell_outcome",
    "describe_checkpoints",
    "generate_feedback",
]

#: A rubric line printed by ``BriefScore.report``: ``[met    ] 1/1 criterion: reason``.
RUBRIC_LINE = re.compile(
    r"^\s*\[(?P<mark>met|missing)\s*\]\s*(?P<earned>[0-9.]+)/(?P<possible>[0-9.]+)\s+"
    r"(?P<criterion>[^:\s]+):\s*(?P<reason>.*)$")
_BRIEF_HEADER = re.compile(r"^\s*Brief scored\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MAX_LINES = 40  # printed lines kept per checkpoint (a hostile loop may print millions)
_MAX_CHARS = 600  # characters kept per line or message
_FAILED_CHECKS = {"CheckFailed", "AssertionError"}


@dataclass(frozen=True)
class CheckpointText:
    """The public description of one graded cell, from the released notebook."""

    grade_id: str
    title: str  # the checkpoint's heading, without the leading #
    task: str  # markdown: what the learner was asked to do (what was expected, in words)
    checks: str  # the test cell's docstring: what is checked
    answers: tuple[str, ...]  # grade ids of the answer cells this cell grades
    cell_type: str


@dataclass
class CellOutcome:
    """What a graded cell printed at autograde, sorted into the kinds the feedback shows."""

    errors: list[str] = field(default_factory=list)  # failed-check messages, no traceback
    notes: list[str] = field(default_factory=list)  # other printed lines
    rubric: list[str] = field(default_factory=list)  # "[met] ..." / "[missing] ..." lines
    stderr: bool = False  # wrote to stderr (nbgrader scores the cell 0)


def _docstring(source: str) -> str:
    """The docstring of a code cell (first statement), "" when there is none.

    >>> _docstring("'''Checks `x`: a share.'''\\nassert x < 1")
    'Checks `x`: a share.'
    >>> _docstring("%time 1 + 1")
    ''
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        match = re.match(r'\s*(?:"""|\'\'\')(.*?)(?:"""|\'\'\')', source, re.DOTALL)
        return match.group(1).strip() if match else ""
    return (ast.get_docstring(tree) or "").strip()


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _heading(cell) -> tuple[str, str] | None:
    """(title, text after it) for the last heading of a markdown cell, None without one."""
    lines = cell.source.splitlines()
    idx = [i for i, line in enumerate(lines) if re.match(r"^#{1,6}\s", line)]
    if not idx:
        return None
    title = lines[idx[-1]].lstrip("#").strip()
    return title, "\n".join(lines[idx[-1] + 1:]).strip()


def describe_checkpoints(nb: nbformat.NotebookNode) -> dict[str, CheckpointText]:
    """Describe every graded cell of a released notebook, in notebook order.

    The title and task come from the nearest markdown heading before the checkpoint's first
    answer cell (not before the previous graded cell); the answer cells are the answer
    (solution) cells since the previous graded cell, or the graded cell itself when the
    learner answers in it (a reflection).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[
    ...     new_markdown_cell("## Part 1\\n### Checkpoint 1 (answer, 1 point)\\nCompute `x`."),
    ...     new_code_cell("x = 1", metadata={"nbgrader": {"solution": True, "grade_id": "a"}}),
    ...     new_code_cell("'''Checks `x`.'''\\nassert x", metadata={"nbgrader": {
    ...         "grade": True, "grade_id": "a-test", "points": 1}})])
    >>> d = describe_checkpoints(nb)["a-test"]
    >>> d.title, d.task, d.checks, d.answers
    ('Checkpoint 1 (answer, 1 point)', 'Compute `x`.', 'Checks `x`.', ('a',))
    """
    found: dict[str, CheckpointText] = {}
    previous = -1
    for i, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if not meta.get("grade"):
            continue
        if meta.get("solution"):
            answers, first = (meta["grade_id"],), i
        else:
            ids = [j for j in range(previous + 1, i) if _nbgrader(nb.cells[j]).get("solution")]
            answers = tuple(_nbgrader(nb.cells[j]).get("grade_id", "") for j in ids)
            first = ids[0] if ids else i
        title, task = meta["grade_id"], ""
        for j in range(first - 1, previous, -1):
            other = nb.cells[j]
            if other.cell_type != "markdown" or _nbgrader(other).get("solution"):
                continue
            found_heading = _heading(other)
            if found_heading:
                title, task = found_heading
                more = [nb.cells[k].source.strip() for k in range(j + 1, first)
                        if nb.cells[k].cell_type == "markdown"
                        and not _nbgrader(nb.cells[k]).get("solution")]
                task = "\n\n".join([t for t in [task, *more] if t])
                break
        checks = _docstring(cell.source) if cell.cell_type == "code" else ""
        found[meta["grade_id"]] = CheckpointText(meta["grade_id"], title, task, checks, answers,
                                                 cell.cell_type)
        previous = i
    return found


def _clip(text: str) -> str:
    text = _ANSI.sub("", text).strip()
    return text if len(text) <= _MAX_CHARS else text[:_MAX_CHARS].rstrip() + " [...]"


def _error_message(ename: str, evalue: str) -> str:
    evalue = _ANSI.sub("", evalue or "").strip()
    if ename in _FAILED_CHECKS:
        return _clip(evalue) if evalue else "A hidden check failed (it gives no message)."
    message = f"{ename}: {evalue}" if evalue else ename
    if ename == "NameError":
        message += (" (this check needs a variable your answer cells define: did they run "
                    "to the end without an error?)")
    return _clip(message)


def cell_outcome(cell: nbformat.NotebookNode) -> CellOutcome:
    """Sort the outputs of an autograded test cell into errors, notes and rubric lines.

    Tracebacks are never kept (they quote the hidden test), nor any printed line equal to a
    line of the cell's own source.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_output
    >>> cell = new_code_cell("_secret = 0.25\\nprint(_secret)", outputs=[
    ...     new_output("stream", name="stdout", text="Brief scored 1 / 2\\n"
    ...                "  [met    ] 1/1 primary: ok.\\n  [missing] 0/1 counter: name one.\\n"),
    ...     new_output("stream", name="stdout", text="_secret = 0.25\\n"),
    ...     new_output("error", ename="CheckFailed", evalue="`x` is not a share.",
    ...                traceback=["----> 2 check_close(x, _secret)"])])
    >>> out = cell_outcome(cell)
    >>> out.errors, out.rubric[2], out.notes
    (['`x` is not a share.'], '[missing] 0/1 counter: name one.', [])
    """
    source = {line.strip() for line in cell.get("source", "").splitlines() if line.strip()}
    outcome = CellOutcome()
    lines: list[str] = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            outcome.errors.append(_error_message(output.get("ename", ""), output.get("evalue", "")))
        elif kind == "stream" and output.get("name") == "stderr":
            outcome.stderr = True
        elif kind == "stream":
            lines += output.get("text", "").splitlines()
    for raw in lines:
        line = _clip(raw)
        if not line or line in source:
            continue
        if RUBRIC_LINE.match(line) or _BRIEF_HEADER.match(line):
            outcome.rubric.append(line)
        elif len(outcome.notes) < _MAX_LINES:
            outcome.notes.append(line)
    outcome.rubric = outcome.rubric[:_MAX_LINES]
    return outcome


# --- rendering -------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #000; background: #fff; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #555; padding: .3rem .6rem; text-align: left; vertical-align: top; }
section.checkpoint { border-top: 2px solid #000; margin-top: 1.5rem; }
dt { font-weight: bold; margin-top: .6rem; }
code { background: #f2f2f2; padding: 0 .2rem; }
.status { font-weight: bold; }
ul.rubric { list-style: none; padding-left: 0; }
"""


def _fmt(value: float) -> str:
    return f"{round(float(value), 2):g}"


def _status(score: float | None, maximum: float) -> str:
    if score is None:
        return "Waiting for your instructor"
    if score >= maximum:
        return "Met"
    return "Partly met" if score > 0 else "Not met"


def _points(score: float | None, maximum: float) -> str:
    if score is None:
        return f"not graded yet / {_fmt(maximum)} points"
    return f"{_fmt(score)} / {_fmt(maximum)} points"


def _markdown(text: str) -> str:
    try:
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        return markdown2html_mistune(text)
    except ImportError:  # an nbconvert without mistune: plain, escaped text
        return f"<p>{html.escape(text)}</p>"


@dataclass
class _Graded:
    text: CheckpointText
    score: float | None
    max_score: float
    outcome: CellOutcome
    comments: list[str]
    automatic: float | None = None  # the grader's score, when the instructor replaced it


def _section(g: _Graded) -> str:
    e = html.escape
    parts = [f'<section class="checkpoint" id="{e(g.text.grade_id)}">',
             f"<h2>{e(g.text.title)}</h2>",
             f'<p class="status">{e(_status(g.score, g.max_score))}: '
             f"{e(_points(g.score, g.max_score))}</p>", "<dl>"]
    if g.text.checks:
        parts += ["<dt>What was checked</dt>", f"<dd>{e(g.text.checks)}</dd>"]
    if g.text.task:
        parts += ["<dt>What was expected</dt>", f"<dd>{_markdown(g.text.task)}</dd>"]
    why: list[str] = [*g.outcome.errors]
    if g.automatic is not None:
        why.append(f"Your instructor set this score by hand (the automatic grader gave "
                   f"{_fmt(g.automatic)}).")
    if g.outcome.stderr:
        why.append("The check wrote to the error stream (a warning or an error message); "
                   "nbgrader scores such a cell 0.")
    if g.score is not None and g.score < g.max_score and not why and not g.outcome.rubric \
            and not g.outcome.notes:
        why.append("The check did not give full credit and printed no reason; ask your "
                   "instructor.")
    if why:
        parts += ["<dt>Why</dt>", *(f"<dd>{e(w)}</dd>" for w in why)]
    if g.outcome.notes:
        parts += ["<dt>Notes from the grader</dt>",
                  "<dd><ul>", *(f"<li>{e(n)}</li>" for n in g.outcome.notes), "</ul></dd>"]
    if g.outcome.rubric:
        parts += ["<dt>Rubric items</dt>", '<dd><ul class="rubric">',
                  *(f"<li>{e(r)}</li>" for r in g.outcome.rubric), "</ul></dd>"]
    if g.comments:
        parts += ["<dt>Comments from your instructor</dt>",
                  *(f"<dd>{e(c)}</dd>" for c in g.comments)]
    parts += ["</dl>", "</section>"]
    return "\n".join(parts)


def _page(student: str, assignment: str, notebook: str, timestamp: str,
          graded: Sequence[_Graded], total: float, maximum: float) -> str:
    e = html.escape
    rows = "\n".join(
        f'<tr><th scope="row"><a href="#{e(g.text.grade_id)}">{e(g.text.title)}</a></th>'
        f"<td>{e(_status(g.score, g.max_score))}</td>"
        f"<td>{'not graded yet' if g.score is None else _fmt(g.score)}</td>"
        f"<td>{_fmt(g.max_score)}</td></tr>" for g in graded)
    waiting = sum(g.score is None for g in graded)
    note = (f"<p>{waiting} checkpoint(s) wait for your instructor; they count 0 in the total "
            f"until graded.</p>" if waiting else "")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>Feedback: {e(assignment)} / {e(notebook)} for {e(student)}</title>",
        f"<style>{_CSS}</style>", "</head>", "<body>", "<main>",
        f"<h1>Feedback on {e(assignment)} / {e(notebook)}</h1>",
        f"<p>Learner: <strong>{e(student)}</strong>"
        + (f". Submitted: {e(timestamp)}" if timestamp else "") + ".</p>",
        f'<p class="status">Score: {_fmt(total)} / {_fmt(maximum)} points</p>', note,
        "<p>Each checkpoint below says what was checked, what was asked, your points and "
        "why. Hidden checks recomputed the expected values from your own data; they are not "
        "shown.</p>",
        "<table>", "<caption>Your points per checkpoint</caption>",
        '<thead><tr><th scope="col">Checkpoint</th><th scope="col">Result</th>'
        '<th scope="col">Points</th><th scope="col">Out of</th></tr></thead>',
        f"<tbody>\n{rows}\n</tbody>", "</table>",
        *(_section(g) for g in graded),
        "</main>", "</body>", "</html>", ""])


# --- the entry point ---------------------------------------------------------------------------

def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate_feedback(
    course_root: str | os.PathLike[str],
    assignment: str,
    students: Iterable[str] | None = None,
) -> list[Path]:
    """Write feedback pages for the learners' graded submissions of ``assignment``.

    Parameters
    ----------
    course_root : path
        The course folder (holds ``nbgrader_config.py``, the gradebook, ``assignments/`` and
        ``autograded/``).
    assignment : str
        The assignment, as the gradebook names it (e.g. ``"01_engagement"``).
    students : iterable of str, optional
        Learner ids (default: every learner with a submission in the gradebook).

    Returns
    -------
    list of Path
        The pages written, ``feedback/<student>/<assignment>/<notebook>.html``, by learner
        then notebook. Running it again rewrites identical pages (idempotent). The
        submission's ``timestamp.txt`` and ``submission_secret.txt``, when autograde left
        them, are copied beside the page so ``nbgrader release_feedback`` can release it.

    Raises
    ------
    ValueError
        Missing or empty gradebook, unknown assignment, a learner without a graded
        submission, or no submission at all.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "nbgrader_config.py").write_text("c = get_config()")
    >>> generate_feedback(root, "01_engagement")
    Traceback (most recent call last):
    ...
    ValueError: no gradebook at ...
    """
    if isinstance(students, str):
        students = [students]
    coursedir = course_directory(course_root)
    root = Path(coursedir.root)
    written: list[Path] = []
    with open_gradebook(course_root) as gb:
        _resolve(gb, [assignment])
        record = gb.find_assignment(assignment)
        submissions = {s.student.id: s for s in record.submissions}
        if not submissions:
            raise ValueError(f"no graded submission of {assignment!r} in the gradebook: run "
                             f"`nbgrader autograde {assignment}` first")
        chosen = sorted(submissions) if students is None else list(students)
        missing = [s for s in chosen if s not in submissions]
        if missing:
            raise ValueError(f"no graded submission of {assignment!r} from "
                             f"{', '.join(map(repr, missing))}")
        for student in chosen:
            submission = submissions[student]
            autograded = root / coursedir.autograded_directory / student / assignment
            target = root / coursedir.feedback_directory / student / assignment
            target.mkdir(parents=True, exist_ok=True)
            for nb in sorted(submission.notebooks, key=lambda n: n.name):
                release = _read(release_notebook(coursedir, assignment, nb.name))
                graded_nb = _read(autograded / f"{nb.name}.ipynb")
                described = describe_checkpoints(release or graded_nb or nbformat.v4.new_notebook())
                cells = {_nbgrader(c).get("grade_id"): c for c in (graded_nb.cells if graded_nb else [])
                         if _nbgrader(c).get("grade")}
                comments: dict[str, list[str]] = {}
                for c in nb.comments:
                    texts = [t for t in (c.auto_comment, c.manual_comment) if t and t.strip()]
                    comments.setdefault(c.name, []).extend(t.strip() for t in texts)
                grades = {g.name: g for g in nb.grades}
                order = [g for g in described if g in grades] + sorted(set(grades) - set(described))
                entries = []
                for grade_id in order:
                    g = grades[grade_id]
                    text = described.get(grade_id) or CheckpointText(
                        grade_id, grade_id, "", "", (), g.cell.cell_type)
                    score = None if g.needs_manual_grade and g.manual_score is None else float(g.score)
                    outcome = cell_outcome(cells[grade_id]) if grade_id in cells else CellOutcome()
                    notes = [t for a in (*text.answers, grade_id) for t in comments.get(a, [])]
                    overridden = g.manual_score is not None and g.auto_score is not None
                    entries.append(_Graded(text, score, float(g.max_score), outcome,
                                           list(dict.fromkeys(notes)),
                                           float(g.auto_score) if overridden else None))
                page = _page(student, assignment, nb.name, str(submission.timestamp or ""),
                             entries, float(nb.score), float(nb.max_score))
                path = target / f"{nb.name}.html"
                _write_if_changed(path, page)
                written.append(path)
            for name in ("timestamp.txt", "submission_secret.txt"):
                if (autograded / name).is_file():
                    shutil.copyfile(autograded / name, target / name)
    return written
