"""Public and hidden checks: they fail when they should, and never reveal the expected value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ai_product_metrics.grading import checks
from ai_product_metrics.grading.checks import CheckFailed


def test_check_failed_is_an_assertion_error():
    assert issubclass(CheckFailed, AssertionError)


@pytest.mark.parametrize("value", [0.5, 1, np.float64(0.2), np.int64(3)])
def test_numbers_pass_as_float(value):
    checks.check_type(value, float, "x")


@pytest.mark.parametrize("value", ["0.5", True, None, ..., [0.5]])
def test_non_numbers_fail_as_float(value):
    with pytest.raises(CheckFailed):
        checks.check_type(value, float, "x")


def test_range_reports_percentages_helpfully():
    with pytest.raises(CheckFailed, match="share"):
        checks.check_range([0.2, 35.0], 0, 1, "rates")


@pytest.mark.parametrize("value", [[np.nan], [np.inf], []])
def test_range_refuses_nan_inf_empty(value):
    with pytest.raises(CheckFailed):
        checks.check_range(value, 0, 1, "rates")


def test_columns_and_length():
    frame = pd.DataFrame({"a": [1, 2]})
    checks.check_columns(frame, ["a"], "t")
    with pytest.raises(CheckFailed, match="'b'"):
        checks.check_columns(frame, ["a", "b"], "t")
    with pytest.raises(CheckFailed, match="should have 3 rows"):
        checks.check_length(frame, 3, "t")


def test_mapping_keys():
    with pytest.raises(CheckFailed, match="missing"):
        checks.check_mapping({"early": 1}, ["early", "late"], "d")
    with pytest.raises(CheckFailed, match="unexpected"):
        checks.check_mapping({"early": 1, "late": 2, "x": 3}, ["early", "late"], "d")


def test_close_hides_the_expected_value():
    secret = 0.123456
    with pytest.raises(CheckFailed) as info:
        checks.check_close(0.5, secret, "rate", hint="pool the counts")
    message = str(info.value)
    assert "0.123" not in message and "0.12" not in message
    assert "pool the counts" in message


def test_close_tolerances():
    checks.check_close(1.0 + 1e-9, 1.0, "x")
    with pytest.raises(CheckFailed):
        checks.check_close(1.01, 1.0, "x", rtol=1e-3)
    with pytest.raises(CheckFailed, match="shape"):
        checks.check_close([1, 2], [1, 2, 3], "x")


def test_close_checks_series_index():
    expected = pd.Series([1.0, 2.0], index=pd.Index([1, 2], name="week"))
    with pytest.raises(CheckFailed, match="index"):
        checks.check_close(pd.Series([1.0, 2.0], index=[0, 1]), expected, "s")


# --- exercises meant "from scratch" ------------------------------------------------------------

import sklearn.metrics as skm  # noqa: E402  (used by the functions under test below)

import ai_product_metrics as apm  # noqa: E402


def _numpy_only(y):
    return float(np.mean(y))


def _calls_sklearn(y, p):
    return skm.precision_score(y, p)


def _calls_the_package(y, s):
    return apm.metrics.expected_cost(y, s, 0.5, fp_cost=1, fn_cost=1)


def _hides_it_in_a_comprehension(ys):
    return [skm.recall_score(y, y) for y in ys]


def _helper(y):
    return _numpy_only(y)


def test_from_scratch_accepts_numpy_and_own_helpers():
    checks.check_from_scratch(_numpy_only, "f")
    checks.check_from_scratch(_helper, "f")


@pytest.mark.parametrize("func, culprit", [
    (_calls_sklearn, "sklearn"), (_calls_the_package, "ai_product_metrics"),
    (_hides_it_in_a_comprehension, "sklearn"),
])
def test_from_scratch_refuses_libraries(func, culprit):
    with pytest.raises(CheckFailed, match=f"from {culprit}"):
        checks.check_from_scratch(func, "f")


def test_from_scratch_needs_a_function():
    with pytest.raises(CheckFailed, match="def"):
        checks.check_from_scratch(len, "f")
