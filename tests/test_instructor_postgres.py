"""The gradebook on a real PostgreSQL server: Debian's package, a throw-away cluster started on
127.0.0.1 for this module (``make postgres`` installs the package; ``make test`` depends on it;
without it the test skips, except in CI where it fails).

The instructor's gradebook is PostgreSQL from the start: nbgrader's own ``generate_assignment``
records the master copy there (``AIPM_DB_URL``), ``autograde_cohort`` grades two learners into
it (``db_url``), the instructor grades a reflection by hand, and the command line
(``--db-url``) grades one learner again without losing that grade. Nothing lands in the
course's SQLite file.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from ai_product_metrics.instructor import cli
from ai_product_metrics.instructor.cohort import autograde_cohort

from .conftest import subprocess_env
from .harness import answer_cells, decisions, make_course
from .test_module1_grading import decisions_for

pytestmark = pytest.mark.nbgrader

ASSIGNMENT = "01_engagement"
NOTEBOOK = "engagement"
COURSE_ID = "ai-product-metrics"


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A running PostgreSQL server with an empty database; yields its SQLAlchemy URL."""
    bin_dir = _postgres_bin()
    if bin_dir is None:  # `make test` installs it first; like the browser tests, only CI fails
        message = ("PostgreSQL is not installed: run `make postgres` (as root: apt-get install "
                   "-y postgresql)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = Path(tempfile.mkdtemp(prefix="aipm-pg-"))  # not pytest's tmp: its parents are 0700
    base.chmod(0o755)
    data, sockets = base / "data", base / "run"
    data.mkdir()
    sockets.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        for folder in (data, sockets):
            shutil.chown(folder, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]

    def run(*command: str) -> None:
        result = subprocess.run([*as_postgres, *command], capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"

    port = _free_port()
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E",
        "UTF8", "--locale=C.UTF-8", "--no-sync")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(sockets / "server.log"), "-w",
        "-t", "60", "-o", f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off", "start")
    try:
        psql = shutil.which("psql", path=str(bin_dir)) or shutil.which("psql") or "psql"
        for statement in ("CREATE ROLE aipm LOGIN PASSWORD 'aipm'",
                          "CREATE DATABASE gradebook OWNER aipm"):
            run(psql, "-h", str(sockets), "-p", str(port), "-U", "postgres", "-v",
                "ON_ERROR_STOP=1", "-c", statement)
        yield f"postgresql+psycopg://aipm:aipm@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast",
                        "-w", "stop"], capture_output=True, check=False)
        shutil.rmtree(base, ignore_errors=True)


def _grades(db_url: str, student: str) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
        return {g.name: (g.auto_score, g.manual_score) for g in nb.grades}


def test_grades_land_in_postgresql_and_survive_a_rerun(postgres, tmp_path_factory, monkeypatch):
    from nbgrader.api import Gradebook

    course = make_course(tmp_path_factory.mktemp("pg"), ASSIGNMENT)
    generated = subprocess.run(
        ["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course.root,
        env=subprocess_env(AIPM_DB_URL=postgres), capture_output=True, text=True, timeout=600)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    course.submit("ann", files=decisions(**decisions_for("ann")))
    course.submit("ben", solved=[c for c in answer_cells(course.release) if c != "m1-corr"],
                  files=decisions(**decisions_for("ben")))

    summary = autograde_cohort(course.root, ASSIGNMENT, db_url=postgres, workers=2,
                               progress=False)
    assert summary.ok, summary.report()
    assert {r.student for r in summary.graded} == {"ann", "ben"}
    ann, ben = _grades(postgres, "ann"), _grades(postgres, "ben")
    assert sum(auto for name, (auto, _) in ann.items() if name != "m1-reflection") == 18.0
    assert ben["m1-corr-test"] == (0.0, None)

    with Gradebook(postgres, course_id=COURSE_ID) as gb:
        gb.find_grade("m1-reflection", NOTEBOOK, ASSIGNMENT, "ann").manual_score = 3.0
        gb.find_comment("m1-reflection", NOTEBOOK, ASSIGNMENT, "ann").manual_comment = "Good."
        gb.db.commit()

    monkeypatch.setenv("AIPM_DB_URL", postgres)  # restored afterwards (--db-url sets it)
    code = cli.main(["--course", str(course.root), "--db-url", postgres, "autograde",
                     ASSIGNMENT, "--student", "ann", "--force", "--no-progress"])
    assert code == 0
    again = _grades(postgres, "ann")
    assert again["m1-reflection"] == (None, 3.0)
    assert {k: v for k, v in again.items() if k != "m1-reflection"} == {
        k: v for k, v in ann.items() if k != "m1-reflection"}
    with Gradebook(postgres, course_id=COURSE_ID) as gb:
        comment = gb.find_comment("m1-reflection", NOTEBOOK, ASSIGNMENT, "ann")
        assert comment.manual_comment == "Good."
        assert gb.find_submission(ASSIGNMENT, "ann").score == 21.0

    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}") as gb:
        assert not gb.assignment_submissions(ASSIGNMENT)  # everything went to PostgreSQL
