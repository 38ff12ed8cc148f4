"""Instructor reports on a real graded cohort: per-learner feedback, per-checkpoint export, item
analysis.

One module-scoped cohort of module 1 (the fastest), graded once by real ``nbgrader autograde``:

- ``solution``: the model solution (and the instructor grades its reflection, with a comment);
- ``release``: the untouched student notebook;
- ``stub-m1-corr``, ``stub-m1-brief``: the solution with one answer cell left as released;
- ``wrong``: weekly click-through averaged over days instead of pooled (a wrong number that
  fails the hidden checks of the weekly table and, downstream, of the correlation);
- ``partial``: a half-right brief and a late roll-back decision (and the instructor overrides
  the brief's score by hand).

Every check compares with the gradebook read here through ``nbgrader.api.Gradebook`` (not
through the code under test), with the autograded notebooks, or with values recomputed from the
learner's seed.
"""

from __future__ import annotations

import ast
import csv
import html
import re
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest

from ai_product_metrics import datasets
from ai_product_metrics.grading import rubrics, score_brief, seed_from_id
from ai_product_metrics.instructor.export import export_checkpoints
from ai_product_metrics.instructor.feedback import generate_feedback
from ai_product_metrics.instructor.report import build_report

from .harness import decisions, failure_excerpt, make_course, solution_cells
from .test_module1_grading import PARTIAL_BRIEF, best_week, decisions_for

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_engagement"
NOTEBOOK = "engagement"
COURSE_ID = "ai-product-metrics"
STUDENTS = ["partial", "release", "solution", "stub-m1-brief", "stub-m1-corr", "wrong"]
POOLED_CTR = '"ctr": totals["summary_clicks"] / totals["summaries_shown"],'
DAILY_MEAN_CTR = '"ctr": (log["summary_clicks"] / log["summaries_shown"]).groupby(log["week"]).mean(),'
REFLECTION_COMMENT = "A concrete mechanism and a good counter-metric; say who is hurt first."


# --- the cohort -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("reports"), ASSIGNMENT)
    everything = solution_cells(course.release)
    course.submit("solution", files=decisions(**decisions_for("solution")))
    course.submit("release", solved=[])
    for cell in ("m1-corr", "m1-brief"):
        course.submit(f"stub-{cell}", solved=[c for c in everything if c != cell],
                      files=decisions(**decisions_for(f"stub-{cell}")))
    course.submit("wrong", edit={"m1-weekly": (POOLED_CTR, DAILY_MEAN_CTR)},
                  files=decisions(**decisions_for("wrong")))
    course.submit("partial", sources={"m1-brief": PARTIAL_BRIEF},
                  files=decisions(m1_rollback_week=best_week("partial") + 2))
    result = course.autograde()
    assert result.returncode == 0, failure_excerpt(result)
    # the instructor, as the formgrader does it: grade one reflection, override one brief
    with gradebook(course.root) as gb:
        grade = gb.find_grade("m1-reflection", NOTEBOOK, ASSIGNMENT, "solution")
        grade.manual_score, grade.needs_manual_grade = 2.5, False
        gb.find_comment("m1-reflection", NOTEBOOK, ASSIGNMENT, "solution").manual_comment = \
            REFLECTION_COMMENT
        grade = gb.find_grade("m1-brief-test", NOTEBOOK, ASSIGNMENT, "partial")
        grade.manual_score, grade.needs_manual_grade = 3.0, False
        gb.db.commit()
    return course


def gradebook(root: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=COURSE_ID)


def oracle(root: Path) -> dict:
    """From the gradebook: {student: {"cells": {grade_id: score or None}, "total", "max"}}."""
    found = {}
    with gradebook(root) as gb:
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            cells = {}
            for nb in sub.notebooks:
                for g in nb.grades:
                    waiting = g.needs_manual_grade and g.manual_score is None
                    cells[g.name] = None if waiting else g.score
            found[sub.student.id] = {"cells": cells, "total": sub.score, "max": sub.max_score}
    return found


def grade_points(course) -> dict[str, float]:
    """grade_id -> points, in the released notebook's order."""
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
            for c in course.release.cells if c.metadata.get("nbgrader", {}).get("grade")}


def text_of(page: str) -> str:
    """The visible text of an HTML page (tags, styles and entities resolved), one space apart."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def sections(page: str) -> dict[str, str]:
    """Checkpoint id -> visible text of its section."""
    return {m[1]: text_of(m[2]) for m in re.finditer(
        r'<section class="checkpoint" id="([^"]+)">(.*?)</section>', page, re.DOTALL)}


def autograded(course, student: str) -> nbformat.NotebookNode:
    return nbformat.read(course.root / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)


def secret_lines(course) -> set[str]:
    """Lines of every solution region and hidden-test block of the instructor's source that
    the released notebook does not show (at least 12 characters, so they are specific)."""
    source = nbformat.read(course.root / "build" / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", 4)
    public = {line.strip() for c in course.release.cells for line in c.source.splitlines()}
    found = set()
    for cell in source.cells:
        inside = False
        for line in cell.source.splitlines():
            if re.search(r"BEGIN (SOLUTION|HIDDEN TESTS)", line):
                inside = True
            if inside and line.strip() not in public:
                text = line.strip().lstrip("#").strip() if cell.cell_type == "markdown" else line.strip()
                if len(text) >= 12:
                    found.add(" ".join(text.split()))
            if re.search(r"END (SOLUTION|HIDDEN TESTS)", line):
                inside = False
    return found


def expected_values(student: str) -> dict[str, float]:
    """The hidden checks' expected values for ``student``, recomputed from the seed."""
    seed = seed_from_id(student)
    log = datasets.make_summary_feature_log(random_state=seed)
    early, late = log[log.week <= 4], log[log.week >= 9]
    weekly = log.groupby("week")[["summary_clicks", "summaries_shown", "hallucinated",
                                  "audited", "dau"]].agg("sum")
    cohorts = datasets.make_signup_cohorts(random_state=seed)
    retention = cohorts.active_day3 / cohorts.new_users

    def share(d):
        return np.dot(d.edit_time_s, d.summaries_shown) / np.dot(d.time_on_summary_s, d.summaries_shown)

    return {
        "baseline": early.hallucinated.sum() / early.audited.sum(),
        "corr": np.corrcoef(weekly.summary_clicks / weekly.summaries_shown,
                            weekly.hallucinated / weekly.audited)[0, 1],
        "edit_early": share(early), "edit_late": share(late),
        "dau_growth": weekly.dau.iloc[-1] / weekly.dau.iloc[0] - 1,
        "d3_slope": np.polyfit(cohorts.cohort_week, retention, 1)[0],
    }


def renderings(value: float) -> set[str]:
    """Ways a value is usually printed, long enough not to match by chance."""
    shown = {f"{value:.4f}", f"{value:.3f}", f"{value:.2%}", f"{100 * value:.2f}"}
    return {s for s in shown if len(s.strip("-0.%")) >= 3}


# --- feedback -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def feedback(cohort):
    paths = generate_feedback(cohort.root, ASSIGNMENT)
    return {p.parts[-3]: p for p in paths}


def test_feedback_writes_one_page_per_learner_where_nbgrader_does(cohort, feedback):
    assert sorted(feedback) == STUDENTS
    for student, path in feedback.items():
        assert path == cohort.root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html"
        assert path.is_file()


def test_feedback_gives_every_checkpoint_its_points_what_was_checked_and_asked(cohort, feedback):
    truth = oracle(cohort.root)
    points = grade_points(cohort)
    docstrings = {c.metadata["nbgrader"]["grade_id"]: ast.get_docstring(ast.parse(c.source))
                  for c in cohort.release.cells
                  if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"}
    for student in STUDENTS:
        page = feedback[student].read_text(encoding="utf-8")
        found = sections(page)
        assert list(found) == list(points), f"{student}: checkpoints missing or out of order"
        for grade_id, maximum in points.items():
            score = truth[student]["cells"][grade_id]
            shown = (f"not graded yet / {maximum:g} points" if score is None
                     else f"{round(score, 2):g} / {maximum:g} points")
            assert shown in found[grade_id], f"{student}/{grade_id}: expected '{shown}'"
            if grade_id in docstrings:
                assert "What was checked " + " ".join(docstrings[grade_id].split()) in found[grade_id]
            assert "What was expected" in found[grade_id]
        total = truth[student]["total"]
        assert f"Score: {round(total, 2):g} / {truth[student]['max']:g} points" in text_of(page)


def test_feedback_never_shows_hidden_tests_or_solution_code(cohort, feedback):
    secrets = secret_lines(cohort)
    assert len(secrets) > 50 and any("pearsonr" in s for s in secrets)
    # the detector is sensitive: the wrong learner's autograded notebook, which nbgrader's own
    # feedback renders, quotes hidden-test lines in its tracebacks
    nb_text = " ".join(" ".join(o.get("traceback", []))
                       for c in autograded(cohort, "wrong").cells for o in c.get("outputs", []))
    nb_text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", nb_text).split())
    assert any(s in nb_text for s in secrets), "expected hidden lines in the raw traceback"
    for student in STUDENTS:
        page = feedback[student].read_text(encoding="utf-8")
        text = text_of(page)
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, f"feedback of {student} shows hidden or solution lines: {leaked[:3]}"
        assert "Traceback" not in page and "BEGIN HIDDEN" not in page and "SOLUTION" not in page


def test_feedback_states_no_expected_value(cohort, feedback):
    for student in ("wrong", "partial", "stub-m1-corr"):
        text = text_of(feedback[student].read_text(encoding="utf-8"))
        for name, value in expected_values(student).items():
            for shown in renderings(value):
                assert shown not in text, f"{student}: the expected {name} ({shown}) is shown"
    costs = datasets.rollback_costs(random_state=seed_from_id("partial"))
    text = text_of(feedback["partial"].read_text(encoding="utf-8"))
    assert f"{min(costs.values()):,.0f}" not in text  # the best week's cost is not revealed


def test_feedback_keeps_the_rubric_lines_of_a_brief(cohort, feedback):
    printed = [line.strip() for c in autograded(cohort, "partial").cells
               if c.metadata.get("nbgrader", {}).get("grade_id") == "m1-brief-test"
               for o in c.outputs if o.get("name") == "stdout" for line in o.text.splitlines()
               if re.match(r"\s*\[(met|missing)", line)]
    assert any("[missing]" in line for line in printed) and any("[met" in line for line in printed)
    brief = sections(feedback["partial"].read_text(encoding="utf-8"))["m1-brief-test"]
    for line in printed:
        assert " ".join(line.split()) in brief
    baseline = expected_values("partial")["baseline"]
    assert not any(s in line for line in printed for s in renderings(baseline))
    assert "Partly met: 3 / 5 points" in brief  # the instructor's override, not the 2.25
    assert "Your instructor set this score by hand (the automatic grader gave 2.25)" in brief


def test_feedback_explains_a_failed_check_and_a_stub(cohort, feedback):
    wrong = sections(feedback["wrong"].read_text(encoding="utf-8"))
    assert "Not met: 0 / 3 points" in wrong["m1-weekly-test"]
    assert "`weekly['ctr']` does not match the value recomputed from your own data" in wrong["m1-weekly-test"]
    assert "Met: 2 / 2 points" in wrong["m1-edit-share-test"]
    stub = sections(feedback["stub-m1-brief"].read_text(encoding="utf-8"))
    assert "Fill in the field(s)" in stub["m1-brief-test"]


def test_feedback_shows_manual_grades_and_comments(cohort, feedback):
    solution = sections(feedback["solution"].read_text(encoding="utf-8"))
    assert "Partly met: 2.5 / 3 points" in solution["m1-reflection"]
    assert REFLECTION_COMMENT in solution["m1-reflection"]
    partial = sections(feedback["partial"].read_text(encoding="utf-8"))
    assert "Waiting for your instructor: not graded yet / 3 points" in partial["m1-reflection"]
    assert REFLECTION_COMMENT not in partial["m1-reflection"]


def test_feedback_is_idempotent(cohort, feedback):
    before = {p: p.read_bytes() for p in feedback.values()}
    again = generate_feedback(cohort.root, ASSIGNMENT, students=["wrong", "solution"])
    assert again == [feedback["wrong"], feedback["solution"]]
    assert {p: p.read_bytes() for p in feedback.values()} == before
    folder = cohort.root / "feedback" / "wrong" / ASSIGNMENT
    assert sorted(p.name for p in folder.iterdir()) == [f"{NOTEBOOK}.html"]


def test_feedback_refuses_unknown_assignment_and_learner(cohort):
    with pytest.raises(ValueError, match="unknown assignment"):
        generate_feedback(cohort.root, "01_engagment")
    with pytest.raises(ValueError, match="no graded submission .* 'nobody'"):
        generate_feedback(cohort.root, ASSIGNMENT, students=["nobody"])


# --- export ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(cohort, tmp_path_factory):
    path = export_checkpoints(cohort.root, tmp_path_factory.mktemp("export") / "grades.csv")
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_export_header_has_one_column_per_checkpoint(cohort, exported):
    expected = (["student_id", "last_name", "first_name", "email"]
                + [f"{ASSIGNMENT}/{g}" for g in grade_points(cohort)]
                + [f"{ASSIGNMENT}/total", f"{ASSIGNMENT}/max", "needs_manual_grading"])
    assert exported[0] == expected


def test_export_round_trips_the_gradebook(cohort, exported):
    header, rows = exported[0], exported[1:]
    truth = oracle(cohort.root)
    assert sorted(r[0] for r in rows) == STUDENTS
    for row in rows:
        record = dict(zip(header, row, strict=True))
        student = truth[record["student_id"]]
        for grade_id, score in student["cells"].items():
            cell = record[f"{ASSIGNMENT}/{grade_id}"]
            assert (cell == "" if score is None else float(cell) == score), (row[0], grade_id)
        assert float(record[f"{ASSIGNMENT}/total"]) == student["total"]
        assert float(record[f"{ASSIGNMENT}/max"]) == student["max"] == 21
        waiting = sorted(f"{ASSIGNMENT}/{g}" for g, s in student["cells"].items() if s is None)
        assert sorted(filter(None, record["needs_manual_grading"].split(";"))) == waiting
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert float(by_id["solution"][f"{ASSIGNMENT}/m1-reflection"]) == 2.5  # graded by hand
    assert by_id["partial"][f"{ASSIGNMENT}/m1-reflection"] == ""  # not graded yet
    assert float(by_id["partial"][f"{ASSIGNMENT}/m1-brief-test"]) == 3.0  # overridden by hand
    assert by_id["solution"]["needs_manual_grading"] == ""


def test_export_refuses_unknown_assignment(cohort, tmp_path):
    with pytest.raises(ValueError, match="unknown assignment.*'02_nothing'"):
        export_checkpoints(cohort.root, tmp_path / "x.csv", assignments=["02_nothing"])
    assert not (tmp_path / "x.csv").exists()


def test_every_function_refuses_a_missing_or_empty_gradebook(cohort, tmp_path, monkeypatch):
    monkeypatch.delenv("AIPM_DB_URL", raising=False)
    shutil.copy(cohort.root / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    calls = [lambda: export_checkpoints(tmp_path, tmp_path / "out.csv"),
             lambda: generate_feedback(tmp_path, ASSIGNMENT),
             lambda: build_report(tmp_path, tmp_path / "report")]
    for call in calls:
        with pytest.raises(ValueError, match="no gradebook at"):
            call()
    assert not (tmp_path / "gradebook.db").exists()  # nothing silently created
    gradebook(tmp_path).close()  # what nbgrader leaves when run from the wrong folder
    for call in calls:
        with pytest.raises(ValueError, match="is empty"):
            call()
    with pytest.raises(ValueError, match="not a course folder"):
        export_checkpoints(tmp_path / "elsewhere", tmp_path / "out.csv")


# --- report ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(cohort, tmp_path_factory):
    return build_report(cohort.root, tmp_path_factory.mktemp("report"))


def images(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(m[1]), html.unescape(m[2]))
            for m in re.finditer(r'<img src="([^"]+)" alt="([^"]*)"', page)]


def table_rows(page: str, caption: str) -> list[list[str]]:
    table = re.search(rf"<table><caption>{re.escape(caption)}.*?</table>", page, re.DOTALL)
    assert table, f"no table {caption!r}"
    return [[text_of(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table[0], re.DOTALL)]


def test_report_images_exist_with_alt_text_giving_the_numbers(cohort, report):
    page = report.read_text(encoding="utf-8")
    assert page.count("<img") == len(images(page)) == 2
    truth = oracle(cohort.root)
    for src, alt in images(page):
        assert (report.parent / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(alt) > 80
    (_, hist_alt), (_, bars_alt) = images(page)
    percents = [100 * s["total"] / s["max"] for s in truth.values()]
    counts = np.histogram(np.minimum(percents, 99.999), bins=10, range=(0, 100))[0]
    for i, count in enumerate(counts):
        assert f"{10 * i}-{10 * i + 10} %: {count}" in hist_alt
    assert f"median {np.median(percents):.0f} %" in hist_alt
    for grade_id, maximum in grade_points(cohort).items():
        scores = [s["cells"][grade_id] for s in truth.values() if s["cells"][grade_id] is not None]
        rate = sum(v >= maximum for v in scores) / len(scores)
        credit = np.mean(scores) / maximum
        assert f"{grade_id}: {rate:.0%} passed, mean credit {credit:.0%}" in bars_alt


def test_report_checkpoint_table_matches_the_gradebook(cohort, report):
    rows = table_rows(report.read_text(encoding="utf-8"),
                      f"Item statistics per checkpoint of {ASSIGNMENT}")
    header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[:4] == ["checkpoint", "kind", "points", "graded"]
    truth = oracle(cohort.root)
    for grade_id, maximum in grade_points(cohort).items():
        scores = [s["cells"][grade_id] for s in truth.values()]
        graded = [v for v in scores if v is not None]
        row = body[grade_id]
        assert int(row["graded"]) == len(graded)
        assert int(row["not graded yet"]) == scores.count(None)
        assert int(row["passed"]) == sum(v >= maximum for v in graded)
        assert int(row["partial"]) == sum(0 < v < maximum for v in graded)
        assert int(row["zero"]) == sum(v == 0 for v in graded)
        assert row["pass rate"] == f"{sum(v >= maximum for v in graded) / len(graded):.0%}"
    assert body["m1-brief-test"]["kind"] == "written brief"
    assert body["m1-reflection"]["kind"] == "manual"
    assert body["m1-corr-test"]["looks unattempted"] == "2"  # release and stub-m1-corr


def test_report_lists_the_most_common_wrong_answers(cohort, report):
    page = report.read_text(encoding="utf-8")
    rows = table_rows(page, f"Failed-check messages and grader notes of {ASSIGNMENT}")
    messages = {(r[0], r[2]): int(r[1]) for r in rows[1:]}
    assert messages[("m1-corr-test", "NameError: name 'engagement_quality_corr' is not defined "
                     "(this check needs a variable your answer cells define: did they run to "
                     "the end without an error?)")] == 2  # release and the stub
    assert any(g == "m1-weekly-test" and "`weekly['ctr']` does not match" in m
               for g, m in messages)
    assert any(g == "m1-brief-test" and m.startswith("Fill in the field(s)") and n == 2
               for (g, m), n in messages.items())  # release and the stubbed brief
    # missed rubric items: those the rubric itself reports for the partial brief
    seed = seed_from_id("partial")
    log = datasets.make_summary_feature_log(random_state=seed)
    early = log[log.week <= 4]
    namespace: dict = {}
    exec(PARTIAL_BRIEF, namespace)
    scored = score_brief(namespace["brief"], rubrics.SUMMARY_FEATURE_BRIEF, verbose=False,
                         numbers={"baseline_hallucination_rate":
                                  early.hallucinated.sum() / early.audited.sum()})
    missed = {cid: possible - earned for cid, earned, possible, _ in scored.items
              if earned < possible}
    assert missed
    rows = table_rows(page, f"Rubric items of the written briefs of {ASSIGNMENT} most often missed")
    shown = {r[0]: (int(r[1]), float(r[2])) for r in rows[1:]}
    assert shown == {f"m1-brief-test / {cid}": (1, lost) for cid, lost in missed.items()}


def test_report_is_accessible(report):
    from matplotlib.image import imread

    from ai_product_metrics.widgets import PALETTE

    page = report.read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert page.count("<table>") == page.count("<caption>") >= 3
    assert page.count('<th scope="col">') >= 12
    bars = (imread(report.parent / f"{ASSIGNMENT}-checkpoints.png")[..., :3] * 255).round()
    for name in ("blue", "orange"):
        rgb = [int(PALETTE[name][i:i + 2], 16) for i in (1, 3, 5)]
        assert (np.abs(bars - rgb).sum(axis=-1) == 0).any(), f"no {name} bar in the chart"
    (_, bars_alt), = [(s, a) for s, a in images(page) if s.endswith("-checkpoints.png")]
    assert "pass rate" in bars_alt and "mean credit" in bars_alt  # words, not colours
    assert re.search(r"m1-corr-test: \d+% passed, mean credit \d+%", bars_alt)


def test_report_flags_nothing_in_a_sound_cohort(report):
    page = report.read_text(encoding="utf-8")
    assert "None: no checkpoint meets either criterion." in page
    assert "review:" not in page


def test_report_flags_checkpoints_that_may_be_misspecified(cohort, tmp_path):
    """A copy of the cohort where one check credits an unattempted answer and another fails
    everyone who tried: both are flagged, with the reason."""
    copy = tmp_path / "course"
    shutil.copytree(cohort.root, copy, ignore=shutil.ignore_patterns("feedback"))
    with gradebook(copy) as gb:
        gb.find_grade("m1-corr-test", NOTEBOOK, ASSIGNMENT, "release").auto_score = 1.0
        for student in STUDENTS:
            gb.find_grade("m1-edit-share-test", NOTEBOOK, ASSIGNMENT, student).auto_score = 0.0
        gb.db.commit()
    page = build_report(copy, tmp_path / "report").read_text(encoding="utf-8")
    rows = table_rows(page, "Checkpoints to review")
    reasons = {r[0]: r[1] for r in rows[1:]}
    assert set(reasons) == {f"{ASSIGNMENT} / m1-corr-test", f"{ASSIGNMENT} / m1-edit-share-test"}
    assert "1 of 2 submissions that look unattempted earn points (release)" in \
        reasons[f"{ASSIGNMENT} / m1-corr-test"]
    assert "nearly everyone fails: 0 of 5 attempted submissions (0%)" in \
        reasons[f"{ASSIGNMENT} / m1-edit-share-test"]


def test_rubric_reasons_never_state_the_expected_number():
    """In process, for every rubric with a number item: a brief that names the right ideas but
    states a wrong number gets the item's [missing] line, and that line (like the whole
    report the feedback keeps) never prints the expected value."""
    from ai_product_metrics.grading.rubric import Rubric

    checked = 0
    for rubric in (r for r in vars(rubrics).values() if isinstance(r, Rubric)):
        numbered = [c for c in rubric.criteria if c.number is not None]
        for value in (0.4173, 417.3):
            numbers = {c.number: value for c in numbered}
            brief = {f: "see the other fields" for f in rubric.fields}
            for c in numbered:
                words = " and ".join(k.phrases[0] for k in c.any_of)
                for f in c.fields:
                    brief[f] = f"{words}: it was 3,000,000 for the period we looked at"
            report = score_brief(brief, rubric, numbers=numbers, verbose=False).report()
            for c in numbered:
                line = next(x for x in report.splitlines() if f" {c.id}:" in x)
                assert "[missing]" in line, (rubric.name, line)
                checked += 1
            leaked = [s for s in renderings(value) | {f"{value:g}"} if s in report]
            assert not leaked, f"{rubric.name} prints the expected number: {leaked}"
    assert checked >= 12
