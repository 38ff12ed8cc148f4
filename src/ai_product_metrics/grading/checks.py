"""Checks used by the notebooks' test cells.

Public checks (type, shape, columns, range) run in the student's notebook and fail with a
message that helps without revealing the answer. Hidden checks compare with a value recomputed
from the learner's own seed and never print that value.

Every check raises :class:`CheckFailed` (an ``AssertionError``) so nbgrader records the cell
as failed.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CheckFailed",
    "check_close",
    "check_columns",
    "check_from_scratch",
    "check_length",
    "check_mapping",
    "check_range",
    "check_type",
]


class CheckFailed(AssertionError):
    """A checkpoint is not met; the message says why in plain words."""


def _fail(message: str) -> None:
    raise CheckFailed(message)


def check_type(value: Any, expected: type | tuple[type, ...], name: str) -> None:
    """Fail unless ``value`` is an instance of ``expected``.

    Numbers are forgiving: any real number (Python or NumPy, not bool) passes for ``float``.

    Examples
    --------
    >>> check_type(0.5, float, "rate")
    >>> check_type("0.5", float, "rate")
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: `rate` should be a number (float), but it is a str.
    """
    if value is Ellipsis or value is None:
        _fail(f"`{name}` has no value yet: replace the placeholder with your answer.")
    wanted = expected if isinstance(expected, tuple) else (expected,)
    if float in wanted and isinstance(value, Real) and not isinstance(value, bool):
        return
    if int in wanted and isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return
    if not isinstance(value, wanted):
        names = " or ".join(
            "a number (float)" if t is float else f"a {t.__name__}" for t in wanted
        )
        _fail(f"`{name}` should be {names}, but it is a {type(value).__name__}.")


def check_columns(frame: Any, columns: Iterable[str], name: str) -> None:
    """Fail unless ``frame`` is a DataFrame holding every column in ``columns``.

    Examples
    --------
    >>> check_columns(pd.DataFrame({"a": [1]}), ["a"], "table")
    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "table")
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: `table` is missing the column(s) 'b'.
    """
    check_type(frame, pd.DataFrame, name)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        _fail(f"`{name}` is missing the column(s) {', '.join(repr(c) for c in missing)}.")


def check_length(value: Any, expected: int, name: str, *, what: str = "rows") -> None:
    """Fail unless ``len(value) == expected``.

    Examples
    --------
    >>> check_length([1, 2], 2, "weeks")
    """
    try:
        n = len(value)
    except TypeError:
        _fail(f"`{name}` should be a table or a list, but it is a {type(value).__name__}.")
    if n != expected:
        _fail(f"`{name}` should have {expected} {what}, but it has {n}.")


def check_range(value: Any, low: float, high: float, name: str) -> None:
    """Fail unless every value is a finite number in ``[low, high]``.

    Examples
    --------
    >>> check_range([0.2, 0.4], 0, 1, "rates")
    >>> check_range(1.5, 0, 1, "rate")
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: `rate` should lie between 0 and 1; found 1.5. Is it a share (0-1) rather than a percentage?
    """
    try:
        array = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        _fail(f"`{name}` should contain numbers only.")
    if array.size == 0:
        _fail(f"`{name}` is empty.")
    if not np.all(np.isfinite(array)):
        _fail(f"`{name}` contains NaN or infinite values: check for a division by zero.")
    bad = array[(array < low) | (array > high)]
    if bad.size:
        hint = " Is it a share (0-1) rather than a percentage?" if high == 1 and bad.max() > 1 else ""
        _fail(f"`{name}` should lie between {low:g} and {high:g}; found {bad[0]:g}.{hint}")


def check_mapping(value: Any, keys: Iterable[str], name: str) -> None:
    """Fail unless ``value`` is a mapping with exactly the given keys.

    Examples
    --------
    >>> check_mapping({"a": 1}, ["a"], "answer")
    """
    if not isinstance(value, Mapping):
        _fail(f"`{name}` should be a dict, but it is a {type(value).__name__}.")
    keys = list(keys)
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing:
        _fail(f"`{name}` is missing the key(s) {', '.join(map(repr, missing))}.")
    if extra:
        _fail(f"`{name}` has unexpected key(s) {', '.join(map(repr, extra))}.")


def check_close(
    value: Any,
    expected: Any,
    name: str,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
) -> None:
    """Fail unless ``value`` matches ``expected`` (a hidden, recomputed value) within tolerance.

    The message never shows the expected value: it says which part is off and, optionally,
    gives a hint about the usual mistake.

    Examples
    --------
    >>> check_close(0.30000000001, 0.3, "rate")
    >>> check_close([1.0, 2.0], [1.0, 2.5], "rates")
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: `rates` does not match the value recomputed from your own data (1 of 2 entries differ, the first at position 1).
    """
    if isinstance(expected, pd.Series) and isinstance(value, pd.Series):
        if list(value.index) != list(expected.index):
            _fail(f"`{name}` has the wrong index: expected one entry per {expected.index.name or 'row'}"
                  f" ({len(expected)} entries, in order).")
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        _fail(f"`{name}` should contain numbers only.")
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        _fail(f"`{name}` has shape {got.shape}, expected {want.shape}.")
    ok = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=False)
    if not np.all(ok):
        if want.ndim == 0:
            detail = ""
        else:
            wrong = np.flatnonzero(~ok.ravel())
            detail = (f" ({wrong.size} of {ok.size} entries differ, the first at position "
                      f"{wrong[0]})")
        _fail(f"`{name}` does not match the value recomputed from your own data{detail}."
              + (f" Hint: {hint}" if hint else ""))


FROM_SCRATCH_FORBIDDEN = ("sklearn", "scipy", "ai_product_metrics")


def _library_names(func: types.FunctionType, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, package) of every global the function refers to that comes from ``forbidden``."""
    code, names = func.__code__, set()
    stack = [code]
    while stack:  # the function and any function or comprehension defined inside it
        current = stack.pop()
        names |= set(current.co_names)
        stack += [c for c in current.co_consts if isinstance(c, types.CodeType)]
    found = []
    for name in sorted(names):
        obj = func.__globals__.get(name, getattr(func.__globals__.get("__builtins__"), name, None))
        origin = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", None)
        package = origin.split(".")[0] if isinstance(origin, str) else ""
        if package in forbidden:
            found.append((name, package))
    return found


def check_from_scratch(
    func: object, name: str, *, forbidden: tuple[str, ...] = FROM_SCRATCH_FORBIDDEN
) -> None:
    """Fail when an exercise meant "from scratch" calls a library that already does it.

    Looks at the global names the function (and anything defined inside it) refers to, and
    fails when one is a module, function or class of a forbidden package. NumPy and the
    learner's own helpers are fine; the hidden test compares with the library instead.

    Examples
    --------
    >>> import numpy as np
    >>> def mean_share(y):
    ...     return float(np.mean(y))
    >>> check_from_scratch(mean_share, "mean_share")
    >>> from scipy import stats
    >>> def rank_test(a, b):
    ...     return stats.mannwhitneyu(a, b).statistic
    >>> check_from_scratch(rank_test, "rank_test")
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: `rank_test` should be written from scratch (plain Python or NumPy), but it uses stats from scipy.
    """
    if not isinstance(func, types.FunctionType):
        _fail(f"`{name}` should be a function you defined with `def`.")
    used = _library_names(func, forbidden)
    if used:
        _fail(f"`{name}` should be written from scratch (plain Python or NumPy), but it uses "
              f"{', '.join(n for n, _ in used)} from {', '.join(sorted({p for _, p in used}))}.")
