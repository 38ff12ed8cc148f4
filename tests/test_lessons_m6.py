"""Module 6 in every scenario: the solution notebook's answers earn full marks in each product of
the bank, and the lesson's phenomena hold there.

The round trip (test_module6_grading.py) runs real nbgrader on a few learners, i.e. a few
scenarios; this test runs the notebook's cells in-process once per scenario, as a learner whose
id maps to it, and evaluates every test cell (visible and hidden parts) to the points it gives.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import jupytext
import matplotlib
import pytest

from ai_product_metrics.datasets import capstone
from ai_product_metrics.grading import seed_from_id

matplotlib.use("Agg")

SOURCE = Path(__file__).resolve().parents[1] / "course" / "06_capstone" / "capstone.py"
WIDGET = ("framework_explorer", "drill_timer", "m6-widget")


def learner_for(scenario: str) -> str:
    """The first id of the form learner-<i> whose seed gives ``scenario``."""
    for i in range(2000):
        if capstone.scenario_for_seed(seed_from_id(f"learner-{i}")).key == scenario:
            return f"learner-{i}"
    raise AssertionError(f"no learner id maps to {scenario}")


def run_cell(source: str, namespace: dict, name: str = "<cell>") -> object:
    """Execute a cell; return the value of its last expression (what nbgrader would record)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), name, "eval"), namespace) if last else None


def solution_points(learner: str, monkeypatch, tmp_path) -> dict[str, tuple[float, float]]:
    """Run the solution in-process as ``learner``; {test cell: (points earned, points)}."""
    monkeypatch.setenv("AIPM_LEARNER_ID", learner)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__main__"}
    earned = {}
    for cell in jupytext.read(SOURCE).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or any(w in cell.source or w in meta.get("grade_id", "") for w in WIDGET):
            continue
        value = run_cell(cell.source, namespace, meta.get("grade_id", "<cell>"))
        if meta.get("grade"):
            points = float(meta["points"])
            earned[meta["grade_id"]] = (points if value is None else float(value), points)
    return earned


@pytest.mark.parametrize("scenario", list(capstone.SCENARIOS))
def test_solution_earns_full_marks_in_every_scenario(scenario, monkeypatch, tmp_path, capsys):
    learner = learner_for(scenario)
    assert os.environ.get("NBGRADER_EXECUTION") != "autograde"
    earned = solution_points(learner, monkeypatch, tmp_path)
    missed = {cell: got for cell, got in earned.items() if got[0] != got[1]}
    assert not missed, capsys.readouterr().out[-3000:]
    assert len(earned) >= 9
