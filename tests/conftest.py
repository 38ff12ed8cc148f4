"""Shared fixtures: the repository, and helpers to compose learner submissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_learner(monkeypatch):
    """No test sees the developer's own learner id or an nbgrader execution mode."""
    for name in ("AIPM_LEARNER_ID", "JUPYTERHUB_USER", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder, so the widgets' decisions.json lands there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def repo() -> Path:
    return REPO


def venv_bin() -> Path:
    """Folder of the running interpreter's scripts (nbgrader, alembic, aipm)."""
    import sys

    return Path(sys.executable).parent


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("AIPM_LEARNER_ID", "JUPYTERHUB_USER", "NBGRADER_EXECUTION")}
    env["PATH"] = f"{venv_bin()}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env
