"""Package metrics against numpy, with clear errors on bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ai_product_metrics.metrics import rate, relative_change

counts = st.lists(st.tuples(st.integers(0, 1000), st.integers(0, 1000)), min_size=1, max_size=30)


@given(counts)
def test_rate_equals_pooled_ratio(pairs):
    events = [min(a, b) for a, b in pairs]
    exposures = [max(a, b) for a, b in pairs]
    if sum(exposures) == 0:
        with pytest.raises(ValueError, match="zero"):
            rate(events, exposures)
    else:
        assert rate(events, exposures) == pytest.approx(np.sum(events) / np.sum(exposures))


@pytest.mark.parametrize("events, exposures, message", [
    ([], [], "at least one"),
    ([1, 2], [3], "length"),
    ([np.nan], [3], "NaN"),
    ([-1], [3], "non-negative"),
    ([4], [3], "exceeds"),
    ([0], [0], "zero"),
])
def test_rate_errors(events, exposures, message):
    with pytest.raises(ValueError, match=message):
        rate(events, exposures)


def test_relative_change():
    assert relative_change(2.0, 3.0) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="zero"):
        relative_change(0, 1)
    with pytest.raises(ValueError, match="NaN"):
        relative_change(np.nan, 1)
