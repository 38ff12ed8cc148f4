"""Learner identity and the data seed derived from it.

Every learner works on their own variant of each synthetic dataset. The variant is fixed by a
seed derived from the learner's id, found in this order:

1. during ``nbgrader autograde`` (``NBGRADER_EXECUTION=autograde``) nbgrader runs the notebook
   with its working directory at ``<autograded>/<student_id>/<assignment>/`` and exposes no
   variable with the student id, so the id is the name of the working directory's parent;
2. ``AIPM_LEARNER_ID``, an explicit override (self-paced learners who want a fresh variant,
   tests, the instructor tool);
3. ``JUPYTERHUB_USER``, set by JupyterHub in the learner's own server (also during Validate);
4. otherwise the fixed default ``"self-paced"``.

On JupyterHub the nbgrader student id is the hub user name, so the learner's session and the
instructor's autograde derive the same seed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["DEFAULT_LEARNER_ID", "learner_id", "learner_seed", "seed_from_id"]

DEFAULT_LEARNER_ID = "self-paced"
_SEED_SALT = "ai-product-metrics/v1"


def learner_id(*, cwd: str | os.PathLike[str] | None = None) -> str:
    """Return the id of the learner whose notebook is running.

    Parameters
    ----------
    cwd : path-like, optional
        Working directory to inspect during autograde (defaults to the process's own).

    Returns
    -------
    str
        The learner id (see the module docstring for the order of sources).

    Examples
    --------
    >>> isinstance(learner_id(), str)
    True
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        here = Path(cwd if cwd is not None else os.getcwd()).resolve()
        student = here.parent.name
        if not student:
            raise RuntimeError(
                f"autograde is running in {here}, which is not <autograded>/<student>/<assignment>"
            )
        return student
    for variable in ("AIPM_LEARNER_ID", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return value
    return DEFAULT_LEARNER_ID


def seed_from_id(identifier: str) -> int:
    """Map a learner id to a 32-bit data seed, stably across machines and Python versions.

    Parameters
    ----------
    identifier : str
        A non-empty learner id.

    Returns
    -------
    int
        A seed in ``[0, 2**32)``.

    Examples
    --------
    >>> seed_from_id("ada") == seed_from_id("ada")
    True
    >>> seed_from_id("ada") != seed_from_id("grace")
    True
    >>> 0 <= seed_from_id("ada") < 2**32
    True
    """
    if not isinstance(identifier, str) or not identifier.strip():
        raise ValueError("a learner id must be a non-empty string")
    digest = hashlib.sha256(f"{_SEED_SALT}:{identifier.strip()}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def learner_seed(*, cwd: str | os.PathLike[str] | None = None) -> int:
    """Return the data seed of the learner whose notebook is running.

    Examples
    --------
    >>> learner_seed() == seed_from_id(learner_id())
    True
    """
    return seed_from_id(learner_id(cwd=cwd))
