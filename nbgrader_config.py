"""nbgrader configuration for the AI Product Metrics course.

Every path is absolute and derived from this file's location, so a command run from another
folder (or loaded through ``JUPYTER_CONFIG_PATH``) still finds *this* course and its one
gradebook instead of silently creating a new, empty ``gradebook.db`` in the current folder.

Layout (see DESIGN.md / CONTRIBUTING.md):

- ``course/``                   single sources (jupytext py:percent), never read by nbgrader;
- ``build/source/<module>/``    generated ``.ipynb`` sources = nbgrader's *source* step;
- ``assignments/<module>/``     generated student notebooks = nbgrader's *release* step;
- ``solutions/<module>/``       generated solutions (not executed, no outputs);
- ``exchange/``                 a local, git-ignored exchange for release / fetch / submit.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    GetGrades,
    IncludeHeaderFooter,
    LockCells,
)

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

COURSE_ROOT = Path(__file__).resolve().parent
EXCHANGE = Path(os.environ.get("AIPM_EXCHANGE", COURSE_ROOT / "exchange"))
EXCHANGE.mkdir(parents=True, exist_ok=True)

c.CourseDirectory.course_id = "ai-product-metrics"
c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.source_directory = os.path.join("build", "source")
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.solution_directory = "solutions"
c.CourseDirectory.db_url = os.environ.get(
    "AIPM_DB_URL", f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"
)

c.Exchange.root = str(EXCHANGE)
c.Exchange.path_includes_course = True

# Untrusted code: every cell gets a time limit and the kernel is interrupted on timeout.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Learners see their score and the public messages, never the hidden tests.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# Solutions are generated without executing them: no outputs are committed.
c.GenerateSolution.preprocessors = [IncludeHeaderFooter, LockCells, ClearOutput, ClearMarkScheme]

# The stub every answer region becomes in the student notebook.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
