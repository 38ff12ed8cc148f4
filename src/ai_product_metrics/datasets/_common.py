"""Shared plumbing for the seeded generators."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["check_random_state", "check_positive_int"]


def check_random_state(random_state: int | np.random.Generator) -> np.random.Generator:
    """Turn ``random_state`` into a NumPy Generator, refusing anything ambiguous.

    Unlike scikit-learn, ``None`` is refused: every dataset in the course must be reproducible.

    Examples
    --------
    >>> int(check_random_state(7).integers(100)) == int(check_random_state(7).integers(100))
    True
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative integer, got {random_state}")
        return np.random.default_rng(int(random_state))
    raise ValueError(
        "random_state must be a non-negative integer or a numpy Generator "
        f"(use ai_product_metrics.learner_seed()), got {random_state!r}"
    )


def check_positive_int(value: int, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Validate an integer option.

    Examples
    --------
    >>> check_positive_int(12, "n_weeks", minimum=8)
    12
    """
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ValueError(f"{name} must be at least {minimum}{upper}, got {value}")
    return int(value)
