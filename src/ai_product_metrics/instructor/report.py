"""Item analysis of a cohort: how each module and each checkpoint went, as an HTML report.

:func:`build_report` reads the gradebook (:func:`.export.read_grades`) and the autograded
notebooks, and writes ``report.html`` with PNG plots beside it:

1. the grade distribution per module (a histogram of totals, in percent of the maximum);
2. per checkpoint: pass rate (full credit), partial and zero credit, mean credit (a table and
   a bar chart);
3. the most common wrong answers: for computational checkpoints, the most frequent
   failed-check messages and grader notes printed at autograde; for written briefs, the
   rubric items most often missed (the printed ``[missing]`` lines);
4. checkpoints that may be mis-specified: nearly everyone fails (pass rate below 10 %), or
   submissions that look unattempted (every answer cell still the released stub) earn points.

Accessibility: every image has an alt text with the same numbers, tables have a caption and
header cells with a scope, the plots use the Okabe-Ito palette
(:data:`ai_product_metrics.widgets.PALETTE`) with hatching, direct value labels and a legend,
so nothing is conveyed by colour alone. The report has no timestamp: the same gradebook gives
the same files.
"""

from __future__ import annotations

import html
import os
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .export import AssignmentGrades, course_directory, read_grades, release_notebook
from .feedback import RUBRIC_LINE, CellOutcome, cell_outcome, describe_checkpoints

__all__ = [
    "CheckpointStats",
    "build_report",
    "checkpoint_stats",
    "flag_checkpoints",
    "histogram_counts",
    "normalize_message",
]

FAIL_BELOW = 0.10  # pass rate under which "nearly everyone fails"
PASS_ABOVE = 0.90  # pass rate from which "nearly everyone passes"
MIN_ATTEMPTS = 3  # attempted, graded submissions needed before "nearly everyone fails" is said
TOP = 5  # messages shown per checkpoint
BINS = 10  # histogram bins over 0-100 %


@dataclass
class CheckpointStats:
    """Item statistics of one checkpoint over the learners who submitted."""

    grade_id: str
    max_score: float
    manual: bool = False
    scores: list[float] = field(default_factory=list)  # graded submissions only
    ungraded: int = 0  # waiting for manual grading
    unattempted: list[str] = field(default_factory=list)  # learners who left it as released
    unattempted_credited: list[str] = field(default_factory=list)
    attempted: list[float] = field(default_factory=list)  # graded scores of attempted answers

    @property
    def graded(self) -> int:
        return len(self.scores)

    @property
    def passed(self) -> int:
        return sum(s >= self.max_score for s in self.scores)

    @property
    def partial(self) -> int:
        return sum(0 < s < self.max_score for s in self.scores)

    @property
    def zero(self) -> int:
        return sum(s <= 0 for s in self.scores)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None

    @property
    def attempted_pass_rate(self) -> float | None:
        """Pass rate among the graded submissions that attempted this checkpoint."""
        if not self.attempted:
            return None
        return sum(s >= self.max_score for s in self.attempted) / len(self.attempted)

    @property
    def mean_credit(self) -> float | None:
        """Mean score as a share of the maximum (partial credit included)."""
        if not self.graded or self.max_score <= 0:
            return None
        return statistics.fmean(s / self.max_score for s in self.scores)


def checkpoint_stats(
    grades: AssignmentGrades, unattempted: Mapping[str, Iterable[str]] | None = None
) -> list[CheckpointStats]:
    """Item statistics for every checkpoint of one assignment.

    ``unattempted`` maps a learner to the grade ids of the checkpoints they left as released.

    Examples
    --------
    >>> from ai_product_metrics.instructor.export import AssignmentGrades, Checkpoint
    >>> g = AssignmentGrades("a1", 3.0, [Checkpoint("nb", "q1", 2.0, False),
    ...                                  Checkpoint("nb", "essay", 1.0, True)])
    >>> g.scores = {"ann": {"q1": 2.0, "essay": None}, "bob": {"q1": 0.5, "essay": 1.0}}
    >>> q1, essay = checkpoint_stats(g, {"bob": ["q1"]})
    >>> q1.pass_rate, q1.mean_credit, q1.unattempted_credited
    (0.5, 0.625, ['bob'])
    >>> essay.graded, essay.ungraded, essay.pass_rate
    (1, 1, 1.0)
    """
    unattempted = {s: set(ids) for s, ids in (unattempted or {}).items()}
    result = []
    for c in grades.checkpoints:
        stats = CheckpointStats(c.grade_id, c.max_score, c.manual)
        for student in sorted(grades.scores):
            score = grades.scores[student].get(c.grade_id)
            if c.grade_id not in grades.scores[student]:
                continue
            left = c.grade_id in unattempted.get(student, set())
            if left:
                stats.unattempted.append(student)
            if score is None:
                stats.ungraded += 1
                continue
            stats.scores.append(score)
            if left and score > 0:
                stats.unattempted_credited.append(student)
            if not left:
                stats.attempted.append(score)
        result.append(stats)
    return result


def flag_checkpoints(
    stats: Sequence[CheckpointStats], *, fail_below: float = FAIL_BELOW,
    pass_above: float = PASS_ABOVE, min_attempts: int = MIN_ATTEMPTS,
) -> dict[str, list[str]]:
    """Checkpoints that may be mis-specified, with the reasons in words.

    A checkpoint is flagged when fewer than ``fail_below`` of the graded submissions that
    attempted it get full credit (nearly everyone fails: is the check or the expected value
    wrong?), or when a submission that looks unattempted earns points (the check passes
    without an answer). Learners who left a checkpoint as released do not count towards
    "nearly everyone fails": they say nothing about the check; and it needs at least
    ``min_attempts`` attempted, graded submissions (one manual grade is not a pattern).

    Examples
    --------
    >>> hard = CheckpointStats("q1", 1.0, scores=[0.0] * 19 + [1.0],
    ...                        attempted=[0.0] * 19 + [1.0])
    >>> free = CheckpointStats("q2", 1.0, scores=[1.0] * 20, attempted=[1.0] * 19,
    ...                        unattempted=["x"], unattempted_credited=["x"])
    >>> skipped = CheckpointStats("q3", 1.0, scores=[1.0, 0.0, 0.0], attempted=[1.0])
    >>> flags = flag_checkpoints([hard, free, skipped])
    >>> sorted(flags)
    ['q1', 'q2']
    >>> flags["q1"]
    ['nearly everyone fails: 1 of 20 attempted submissions (5%) get full credit (threshold 10%)']
    >>> flags["q2"]
    ['nearly everyone passes (100% full credit), 1 of 1 submissions that look unattempted earn points (x)']
    """
    flags: dict[str, list[str]] = {}
    for s in stats:
        reasons = []
        rate, tried = s.pass_rate, s.attempted_pass_rate
        if tried is not None and len(s.attempted) >= min_attempts and tried < fail_below:
            passed = sum(v >= s.max_score for v in s.attempted)
            reasons.append(f"nearly everyone fails: {passed} of {len(s.attempted)} attempted "
                           f"submissions ({tried:.0%}) get full credit (threshold "
                           f"{fail_below:.0%})")
        if s.unattempted_credited:
            everyone = (f"nearly everyone passes ({rate:.0%} full credit), "
                        if rate is not None and rate >= pass_above else "")
            reasons.append(
                f"{everyone}{len(s.unattempted_credited)} of {len(s.unattempted)} submissions "
                f"that look unattempted earn points ({', '.join(s.unattempted_credited[:5])})")
        if reasons:
            flags[s.grade_id] = reasons
    return flags


_NUMBER = re.compile(r"(?<![\w'])[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?%?(?![\w'])")


def normalize_message(message: str) -> str:
    """The message with its numbers replaced by ``#``, so learner-specific values group.

    >>> normalize_message("`rates` differ (3 of 12 entries, the first at position 0).")
    '`rates` differ (# of # entries, the first at position #).'
    >>> normalize_message("rethink: 'p95 summary latency'")
    "rethink: 'p95 summary latency'"
    """
    return " ".join(_NUMBER.sub("#", message).split())


def histogram_counts(percents: Sequence[float], bins: int = BINS) -> list[int]:
    """Learners per equal-width bin of 0-100 % (the last bin includes 100 %).

    >>> histogram_counts([0, 9.9, 10, 55, 100], bins=10)
    [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    """
    counts = [0] * bins
    for p in percents:
        counts[min(bins - 1, max(0, int(p // (100 / bins))))] += 1
    return counts


# --- reading the autograded notebooks ----------------------------------------------------------

@dataclass
class _Evidence:
    """What the autograded notebooks printed, per checkpoint."""

    messages: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    examples: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    missed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    missed_reasons: dict[tuple[str, str], Counter] = field(
        default_factory=lambda: defaultdict(Counter))
    lost: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    written: set[str] = field(default_factory=set)
    unattempted: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    unreadable: list[str] = field(default_factory=list)


def _sources(nb: nbformat.NotebookNode | None) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: c.source.strip() for c in (nb.cells if nb else [])
            if c.metadata.get("nbgrader", {}).get("grade_id")}


def _wrong_answers(outcome: CellOutcome) -> list[str]:
    if outcome.errors:
        return outcome.errors
    if outcome.rubric:  # a scored brief: its missed items are counted from the rubric lines
        return []
    found = list(outcome.notes)
    if outcome.stderr:
        found.append("wrote to stderr (nbgrader scores the cell 0)")
    return found or ["(no message printed)"]


def _collect(coursedir, grades: AssignmentGrades) -> _Evidence:
    evidence = _Evidence()
    root = Path(coursedir.root)
    notebooks = sorted({c.notebook for c in grades.checkpoints})
    for notebook in notebooks:
        release = None
        path = release_notebook(coursedir, grades.assignment, notebook)
        if path.is_file():
            release = nbformat.read(path, as_version=4)
        described = describe_checkpoints(release) if release else {}
        released = _sources(release)
        maxima = {c.grade_id: c.max_score for c in grades.checkpoints if c.notebook == notebook}
        for student in sorted(grades.scores):
            graded_path = (root / coursedir.autograded_directory / student / grades.assignment
                           / f"{notebook}.ipynb")
            try:
                nb = nbformat.read(graded_path, as_version=4)
            except (OSError, ValueError):
                evidence.unreadable.append(f"{student}/{notebook}")
                continue
            submitted = _sources(nb)
            for grade_id, text in described.items():
                answers = [a for a in text.answers if a in released]
                if answers and all(submitted.get(a, released[a]) == released[a] for a in answers):
                    evidence.unattempted[student].add(grade_id)
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id not in maxima or cell.cell_type != "code":
                    continue
                outcome = cell_outcome(cell)
                if outcome.rubric:
                    evidence.written.add(grade_id)
                for line in outcome.rubric:
                    m = RUBRIC_LINE.match(line)
                    if m and m["mark"] == "missing":
                        criterion = m["criterion"]
                        evidence.missed[grade_id][criterion] += 1
                        evidence.missed_reasons[(grade_id, criterion)][m["reason"]] += 1
                        evidence.lost[(grade_id, criterion)] += (float(m["possible"])
                                                                 - float(m["earned"]))
                score = grades.scores[student].get(grade_id)
                if score is None or score >= maxima[grade_id]:
                    continue
                for message in dict.fromkeys(_wrong_answers(outcome)):
                    key = normalize_message(message)
                    evidence.messages[grade_id][key] += 1
                    evidence.examples[(grade_id, key)][message] += 1
    return evidence


# --- plots ------------------------------------------------------------------------------------

def _palette() -> dict[str, str]:
    from ..widgets import PALETTE

    return PALETTE


def _save(figure, path: Path) -> None:
    figure.savefig(path, format="png", dpi=100, metadata={"Software": None})


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _histogram(grades: AssignmentGrades, path: Path) -> str:
    """Plot the totals' histogram into ``path``; return its alt text (the same numbers)."""
    from matplotlib.figure import Figure

    colours = _palette()
    percents = [100 * t / grades.max_score if grades.max_score else 0.0
                for t in grades.totals.values()]
    counts = histogram_counts(percents)
    width = 100 / BINS
    figure = Figure(figsize=(6.4, 3.4))
    ax = figure.add_subplot()
    bars = ax.bar([i * width for i in range(BINS)], counts, width=width, align="edge",
                  color=colours["blue"], edgecolor=colours["black"], hatch="//")
    ax.bar_label(bars, labels=[str(c) if c else "" for c in counts])
    ax.set_xlim(0, 100)
    ax.set_xticks([i * width for i in range(BINS + 1)])
    ax.set_xlabel(f"total score, % of {grades.max_score:g} points")
    ax.set_ylabel("learners")
    ax.set_ylim(0, max(counts + [1]) * 1.2)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{grades.assignment}: total scores of {len(percents)} learners")
    figure.tight_layout()
    _save(figure, path)
    parts = [f"{i * width:.0f}-{(i + 1) * width:.0f} %: {c}" for i, c in enumerate(counts)]
    summary = (f"; mean {statistics.fmean(percents):.0f} %, median "
               f"{statistics.median(percents):.0f} %" if percents else "")
    return (f"Histogram of the total scores of {len(percents)} learners on {grades.assignment}, "
            f"in percent of {grades.max_score:g} points. Learners per bin: "
            f"{'; '.join(parts)}{summary}.")


def _bars(assignment: str, stats: Sequence[CheckpointStats], path: Path) -> str:
    """Plot pass rate and mean credit per checkpoint; return the alt text."""
    from matplotlib.figure import Figure

    colours = _palette()
    shown = [s for s in stats if s.graded]
    figure = Figure(figsize=(7.2, 0.55 * max(len(shown), 2) + 1.4))
    ax = figure.add_subplot()
    ys = list(range(len(shown)))[::-1]
    height = 0.38
    passed = [100 * (s.pass_rate or 0) for s in shown]
    credit = [100 * (s.mean_credit or 0) for s in shown]
    b1 = ax.barh([y + height / 2 for y in ys], passed, height, label="pass rate (full credit)",
                 color=colours["blue"], edgecolor=colours["black"])
    b2 = ax.barh([y - height / 2 for y in ys], credit, height, label="mean credit",
                 color=colours["orange"], edgecolor=colours["black"], hatch="..")
    ax.bar_label(b1, labels=[f"{v:.0f} %" for v in passed], padding=2, fontsize=8)
    ax.bar_label(b2, labels=[f"{v:.0f} %" for v in credit], padding=2, fontsize=8)
    ax.set_yticks(ys, [f"{s.grade_id} (n={s.graded})" for s in shown])
    ax.set_xlim(0, 115)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("% of graded submissions (pass rate) / % of the checkpoint's points (credit)")
    ax.set_title(f"{assignment}: pass rate and mean credit per checkpoint")
    ax.legend(loc="lower right", fontsize=8, framealpha=1)
    figure.tight_layout()
    _save(figure, path)
    parts = [f"{s.grade_id}: {_pct(s.pass_rate)} passed, mean credit {_pct(s.mean_credit)}"
             for s in shown]
    left_out = [s.grade_id for s in stats if not s.graded]
    tail = (f" Not shown, nothing graded yet: {', '.join(left_out)}." if left_out else "")
    return (f"Bar chart of the pass rate (share of graded submissions with full credit) and the "
            f"mean credit (share of the points) per checkpoint of {assignment}: "
            f"{'; '.join(parts)}.{tail}")


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 64rem; margin: 2rem auto;
       padding: 0 1rem; color: #000; background: #fff; }
table { border-collapse: collapse; margin: .8rem 0 1.4rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; }
img { max-width: 100%; height: auto; }
"""


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]],
           numeric: Iterable[int] = ()) -> str:
    e = html.escape
    numeric = set(numeric)
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{e(row[0])}</th>']
        cells += [f'<td class="num">{e(v)}</td>' if i in numeric else f"<td>{e(v)}</td>"
                  for i, v in enumerate(row[1:], start=1)]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _figure(src: str, alt: str, caption: str) -> str:
    e = html.escape
    return (f'<figure><img src="{e(src)}" alt="{e(alt)}">'
            f"<figcaption>{e(caption)}</figcaption></figure>")


def _module_section(grades: AssignmentGrades, stats: Sequence[CheckpointStats],
                    evidence: _Evidence, flags: Mapping[str, list[str]], out: Path) -> str:
    e = html.escape
    a = grades.assignment
    parts = [f'<section id="{e(a)}">', f"<h2>{e(a)}</h2>"]
    if not grades.totals:
        return "\n".join(parts + ["<p>No graded submission yet.</p>", "</section>"])
    n = len(grades.totals)
    waiting = sum(s.ungraded for s in stats)
    parts.append(f"<p>{n} graded submissions; maximum {grades.max_score:g} points. "
                 + (f"{waiting} manually graded answers are not graded yet and count 0 in the "
                    "totals." if waiting else "Every answer is graded.") + "</p>")

    parts.append("<h3>Grade distribution</h3>")
    hist_name = f"{a}-grades.png"
    alt = _histogram(grades, out / hist_name)
    parts.append(_figure(hist_name, alt, f"Total scores on {a}. {alt}"))

    parts.append("<h3>Checkpoints: pass rate and partial credit</h3>")
    bars_name = f"{a}-checkpoints.png"
    alt = _bars(a, stats, out / bars_name)
    rows = []
    for s in stats:
        kind = "manual" if s.manual else ("written brief" if s.grade_id in evidence.written
                                          else "computational")
        rows.append([s.grade_id, kind, f"{s.max_score:g}", str(s.graded), str(s.ungraded),
                     str(s.passed), str(s.partial), str(s.zero), _pct(s.pass_rate),
                     _pct(s.mean_credit), str(len(s.unattempted)),
                     "review: " + "; ".join(flags[s.grade_id]) if s.grade_id in flags else "no"])
    parts.append(_table(
        f"Item statistics per checkpoint of {a} (pass = full credit)",
        ["checkpoint", "kind", "points", "graded", "not graded yet", "passed", "partial",
         "zero", "pass rate", "mean credit", "looks unattempted", "flagged"], rows,
        numeric=range(2, 11)))
    parts.append(_figure(bars_name, alt, f"Pass rate and mean credit per checkpoint of {a}. {alt}"))

    parts.append("<h3>Most common wrong answers</h3>")
    rows = []
    for s in stats:
        if s.manual:
            continue
        for key, count in evidence.messages.get(s.grade_id, Counter()).most_common(TOP):
            example = evidence.examples[(s.grade_id, key)].most_common(1)[0][0]
            rows.append([s.grade_id, str(count), example])
    parts.append(_table(f"Failed-check messages and grader notes of {a}, by learners "
                        f"without full credit (numbers in a message may differ per learner; "
                        f"one example shown)", ["checkpoint", "learners", "message"], rows,
                        numeric=[1]) if rows else "<p>No failed checkpoint.</p>")
    rows = []
    for grade_id in sorted(evidence.written):
        for criterion, count in evidence.missed[grade_id].most_common():
            reason = evidence.missed_reasons[(grade_id, criterion)].most_common(1)[0][0]
            rows.append([f"{grade_id} / {criterion}", str(count),
                         f"{evidence.lost[(grade_id, criterion)]:g}", reason])
    if evidence.written:
        parts.append(_table(f"Rubric items of the written briefs of {a} most often missed "
                            f"(from the printed [missing] lines)",
                            ["brief / rubric item", "learners", "points lost", "reason given"],
                            rows, numeric=[1, 2]) if rows else "<p>No rubric item missed.</p>")
    if evidence.unreadable:
        parts.append(f"<p>No autograded notebook for: {e(', '.join(evidence.unreadable))} "
                     "(their messages are not counted).</p>")
    parts.append("</section>")
    return "\n".join(parts)


def build_report(
    course_root: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    assignments: Iterable[str] | None = None,
) -> Path:
    """Write the item-analysis report of the cohort: ``out_dir/report.html`` and its PNGs.

    Parameters
    ----------
    course_root : path
        The course folder (holds ``nbgrader_config.py``, the gradebook, the released and the
        autograded notebooks).
    out_dir : path
        Folder for ``report.html`` and the plots ``<assignment>-grades.png`` and
        ``<assignment>-checkpoints.png`` (created).
    assignments : iterable of str, optional
        Modules to analyse (default: every assignment in the gradebook).

    Returns
    -------
    Path
        The HTML file.

    Raises
    ------
    ValueError
        Missing or empty gradebook, unknown assignment.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "nbgrader_config.py").write_text("c = get_config()")
    >>> build_report(root, root / "report")
    Traceback (most recent call last):
    ...
    ValueError: no gradebook at ...
    """
    coursedir = course_directory(course_root)
    all_grades, _ = read_grades(course_root, assignments)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sections, flagged = [], []
    for grades in all_grades:
        evidence = _collect(coursedir, grades)
        stats = checkpoint_stats(grades, evidence.unattempted)
        flags = flag_checkpoints(stats)
        flagged += [(grades.assignment, g, r) for g, reasons in flags.items() for r in reasons]
        sections.append(_module_section(grades, stats, evidence, flags, out))
    e = html.escape
    names = ", ".join(g.assignment for g in all_grades)
    if flagged:
        review = _table("Checkpoints to review", ["checkpoint", "reason"],
                        [[f"{a} / {g}", r] for a, g, r in flagged])
    else:
        review = "<p>None: no checkpoint meets either criterion.</p>"
    page = "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>Item analysis: {e(names)}</title>", f"<style>{_CSS}</style>", "</head>",
        "<body>", "<main>", f"<h1>Item analysis: {e(names)}</h1>",
        "<p>Pass means full credit. Mean credit is the mean score as a share of the "
        "checkpoint's points, partial credit included. Scores come from the gradebook; "
        "messages from the autograded notebooks.</p>",
        "<nav><ul>", *(f'<li><a href="#{e(g.assignment)}">{e(g.assignment)}</a></li>'
                       for g in all_grades),
        '<li><a href="#review">Checkpoints that may be mis-specified</a></li>', "</ul></nav>",
        *sections,
        '<section id="review">', "<h2>Checkpoints that may be mis-specified</h2>",
        f"<p>Flagged when fewer than {FAIL_BELOW:.0%} of the graded submissions that attempted "
        f"the checkpoint (at least {MIN_ATTEMPTS}) get full credit (nearly everyone fails), or "
        "when a submission that looks unattempted (every "
        "answer cell of the checkpoint as released) earns points, which is worse when nearly "
        f"everyone passes (at least {PASS_ABOVE:.0%}).</p>", review, "</section>",
        "</main>", "</body>", "</html>", ""])
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
