"""Helpers for widget tests: find controls in a widget tree; decode a shown PNG and compare it
with a full redraw."""

from __future__ import annotations

import io
import json

import numpy as np


def png_pixels(data: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"))


def assert_same_picture(shown: np.ndarray, expected: np.ndarray, message: str = "") -> None:
    """Same size, and every channel of every pixel within 1/255 (the layout engine may move an
    axes by 1e-12 between two passes: an antialiased edge pixel can round the other way)."""
    assert shown.shape == expected.shape, message
    assert np.abs(shown.astype(int) - expected.astype(int)).max() <= 1, message


def drawn_in_full(figure) -> np.ndarray:
    """The figure drawn by matplotlib from scratch (every artist), at its own dpi."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    return png_pixels(buffer.getvalue())


def walk(widget):
    """The widget and all its descendants."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def by_class(root, css_class: str):
    """The one widget under ``root`` that carries ``css_class``."""
    found = [w for w in walk(root) if css_class in w._dom_classes]
    assert len(found) == 1, f"expected exactly one widget with class {css_class!r}, got {found}"
    return found[0]


def record_renders(monkeypatch, module, *, close: bool = False) -> list:
    """Replace ``module.render_figure`` with a recorder of every (output, figure) it is handed;
    with ``close``, each figure is closed once recorded (for tests that never look at it again)."""
    import matplotlib.pyplot as plt

    calls: list = []

    def record(output, figure):
        calls.append((output, figure))
        if close:
            plt.close(figure)

    monkeypatch.setattr(module, "render_figure", record)
    return calls


def saved(folder) -> dict:
    """The decisions the widgets saved in ``folder``."""
    return json.loads((folder / "decisions.json").read_text(encoding="utf-8"))


def blas_threads() -> list[int]:
    """The thread count of every loaded BLAS library (threadpoolctl)."""
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def assert_updates_use_one_blas_thread(monkeypatch, module, build, move) -> None:
    """Build an explorer and move a control with BLAS allowed two threads: every figure that
    ``module``'s update hands to ``render_figure`` is rendered on one BLAS thread, and the two
    threads are back afterwards (:func:`ai_product_metrics.widgets._base.one_blas_thread`)."""
    from threadpoolctl import threadpool_limits

    seen: list[list[int]] = []
    render = module.render_figure  # the test's recorder, if it set one

    def render_and_count(output, figure):
        seen.append(blas_threads())
        return render(output, figure)

    monkeypatch.setattr(module, "render_figure", render_and_count)
    with threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() and set(blas_threads()) == {2}, "the test needs two BLAS threads"
        explorer = build()
        move(explorer)
        assert set(blas_threads()) == {2}
    assert len(seen) >= 2  # built, then moved
    assert all(set(counts) == {1} for counts in seen), seen
