"""The ``aipm`` command: ``check`` exits non-zero and names failing checkpoints; nbgrader run
from another folder uses the course's one gradebook."""

from __future__ import annotations

import json
import shutil
import subprocess

from ai_product_metrics import datasets
from ai_product_metrics.cli import _describe, _last_error_line, link_config, main
from ai_product_metrics.grading import seed_from_id

from .conftest import REPO, subprocess_env, venv_bin


def _aipm(*args: str, cwd=REPO, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv_bin() / "aipm"), *args], cwd=cwd, capture_output=True,
                          text=True, env=subprocess_env(**env), timeout=600)


def test_check_fails_on_the_untouched_release_and_names_each_checkpoint(tmp_path):
    nb = tmp_path / "engagement.ipynb"
    shutil.copy(REPO / "assignments" / "01_engagement" / "engagement.ipynb", nb)
    result = _aipm("check", str(nb))
    assert result.returncode == 1, result.stdout + result.stderr
    for checkpoint in ("m1-weekly-test", "m1-corr-test", "m1-brief-test", "m1-families-test"):
        assert f"FAIL {checkpoint}" in result.stdout
    assert "0 of 8 checkpoints pass" in result.stdout
    assert "NameError: name 'weekly' is not defined" in result.stdout


def test_check_passes_a_complete_notebook(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(REPO / "solutions" / "01_engagement" / "engagement.ipynb", folder)
    # the solution keeps its hidden tests: give it the best decision for this learner
    costs = datasets.rollback_costs(random_state=seed_from_id("checker"))
    (folder / "decisions.json").write_text(json.dumps({"m1_rollback_week": min(costs, key=costs.get)}))
    result = _aipm("check", str(folder), AIPM_LEARNER_ID="checker")
    # the manually graded reflection holds the model answer, so every visible check passes
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 of 1 notebook(s) pass" in result.stdout


def test_check_refuses_missing_paths(capsys):
    assert main(["check", "/nonexistent/notebook.ipynb"]) == 2
    assert "no such notebook" in capsys.readouterr().err


def test_help_reads_well():
    result = _aipm("--help")
    assert result.returncode == 0
    for command in ("check", "build", "lab", "link-config"):
        assert command in result.stdout


def test_error_descriptions():
    assert _describe('"""Checks `x`: a share."""\nassert x') == "Checks `x`: a share."
    assert _describe("x = (") == ""
    raw = "\x1b[0;31mTraceback\x1b[0m\n  line 3\nCheckFailed: `x` is empty.\n   ^^^^"
    assert _last_error_line(raw) == "CheckFailed: `x` is empty."


def test_nbgrader_from_another_folder_uses_the_course_gradebook(tmp_path):
    prefix = tmp_path / "env"
    link_config(REPO, prefix=prefix)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        ["nbgrader", "db", "student", "list"], cwd=elsewhere, capture_output=True, text=True,
        env=subprocess_env(JUPYTER_CONFIG_PATH=str(prefix / "etc" / "jupyter")), timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not (elsewhere / "gradebook.db").exists(), "a second gradebook was created"
    assert (REPO / "gradebook.db").exists()
