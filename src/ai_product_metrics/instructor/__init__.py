"""Instructor tools: the ``aipm-teach`` command, cohort autograding, per-learner feedback,
per-checkpoint export and the item-analysis report.

- :mod:`.cli`: ``aipm-teach`` (build, release, collect, autograde, feedback, export, report);
- :mod:`.cohort`: :func:`~.cohort.autograde_cohort`, parallel autograding with one writer;
- :mod:`.worker`, :mod:`.integrity`, :mod:`.course`: its grading worker, the submission checks
  nbgrader lacks, the course's configuration and gradebook;
- :mod:`.feedback`, :mod:`.export`, :mod:`.report`: feedback pages, the CSV, the report.

Submodules are imported on use (``from ai_product_metrics.instructor.report import
build_report``), so that importing the package stays cheap.
"""
