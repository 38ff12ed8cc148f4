"""Widget plumbing shared by every explorer: palette, persisted decisions, plot rendering."""

from __future__ import annotations

import functools
import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["PALETTE", "DecisionStore", "alt_text", "one_blas_thread", "render_figure"]

_T = TypeVar("_T")

#: Okabe-Ito colours (safe for the common colour-vision deficiencies); every series also gets
#: its own line style and marker so that nothing is conveyed by colour alone.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "black": "#000000",
}

DECISIONS_FILE = "decisions.json"


class DecisionStore:
    """Decisions made in widgets, kept in ``decisions.json`` beside the notebook.

    A widget that records a decision (a threshold, a week) starts from the stored value and
    saves every change, so the choice survives a kernel restart and travels with the
    submission: at autograde nbgrader copies the file with the notebook and re-executes it, and
    the widget comes back with the learner's choice.

    Examples
    --------
    >>> import tempfile
    >>> store = DecisionStore(tempfile.mkdtemp())
    >>> store.get("m1_rollback_week", 12)
    12
    >>> store.set("m1_rollback_week", 6)
    >>> store.get("m1_rollback_week", 12)
    6
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(folder if folder is not None else os.getcwd()) / DECISIONS_FILE

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str, default: Any) -> Any:
        """The stored decision, or ``default`` when none (or an unusable one) is stored."""
        value = self._load().get(key, default)
        return value if type(value) is type(default) else default

    def set(self, key: str, value: Any) -> None:
        """Store a decision (silently skipped when the folder is read-only)."""
        data = self._load()
        data[key] = value
        try:
            self.path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        except OSError:
            pass


def one_blas_thread(update: Callable[..., _T]) -> Callable[..., _T]:
    """Make an explorer's update run with every BLAS library limited to one thread.

    An update computes on a few thousand rows: too little for threads to pay off. Yet a single
    BLAS call that goes parallel (``scipy.stats.wasserstein_distance`` calls ``numpy.vecdot``)
    wakes OpenBLAS's thread pool, whose threads then spin on the other cores for about 50 ms,
    waiting for more work. In JupyterLab those cores belong to the browser and the Jupyter
    server, which must show the update: on a 2-core machine the drift explorer's kernel used
    1.5 times the CPU of its computation, and the browser waited for it. Within the update the
    libraries use one thread; outside it, their own setting (``OPENBLAS_NUM_THREADS``...) holds.

    The libraries are the ones loaded when the update is decorated (decorate it where the
    explorer is built, after its imports): finding them costs about 3 ms, limiting them 0.02 ms.

    Examples
    --------
    >>> import numpy as np
    >>> from threadpoolctl import threadpool_info
    >>> @one_blas_thread
    ... def update():
    ...     return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}
    >>> update()
    {1}
    """
    from threadpoolctl import ThreadpoolController

    pools = ThreadpoolController()

    @functools.wraps(update)
    def limited(*args: Any, **kwargs: Any) -> _T:
        with pools.limit(limits=1, user_api="blas"):
            return update(*args, **kwargs)

    return limited


def render_figure(output: Any, figure: Any) -> None:
    """Show a matplotlib figure in an ipywidgets Output, replacing what was there.

    An explorer's figure (a ``LiveFigure``, built once per widget and updated in place) is
    rasterised here to a PNG at the figure's own dpi, redrawing only what moved since the last
    call, and shown as that image; it stays open for the next update (it is not managed by
    pyplot, so nothing shows it again at the end of the cell). Any other figure is displayed
    as usual (through IPython's formatters, e.g. the inline backend) and then closed, so that
    pyplot does not show it a second time nor keep it alive.

    The PNG carries a text alternative (:func:`alt_text`): it is displayed in its HTML form,
    an ``<img>`` with that ``alt``, because JupyterLab's and Voila's image renderer gives a
    PNG output no alt text of its own.
    """
    from IPython.display import display

    from ._live import LiveFigure

    if isinstance(figure, LiveFigure):
        image = _plot_image(figure.to_png(), alt_text(figure))
        with output:
            output.clear_output(wait=True)
            display(image)
        return
    import matplotlib.pyplot as plt

    with output:
        output.clear_output(wait=True)
        display(figure)
    plt.close(figure)


def alt_text(figure: Any) -> str:
    """The text alternative of an explorer's figure: what it shows, and where its numbers are.

    Built from the figure's titles (the figure's own, then each panel's); the numbers
    themselves are in the explorer's read-out beside the figure, a live region that a screen
    reader announces when it changes.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.suptitle("Drift explorer")
    >>> for title in ("Distance", "Accuracy"):
    ...     _ = fig.add_subplot().set_title(title)
    >>> alt_text(fig)
    'Chart: Drift explorer. Panels: Distance; Accuracy. The text beside the chart states its numbers.'
    """
    head = figure.get_suptitle().strip()
    titles = [t for ax in figure.axes if (t := ax.get_title().strip())]
    if not head and len(titles) == 1:
        head, titles = titles[0], []
    parts = [f"Chart: {head or 'the explorer'}."]
    if titles:
        parts.append(f"Panels: {'; '.join(titles)}.")
    parts.append("The text beside the chart states its numbers.")
    return " ".join(" ".join(parts).split())


@functools.cache
def _plot_image_class() -> Any:
    from IPython.display import Image

    class PlotImage(Image):
        """A PNG whose HTML form is an ``<img>`` carrying the image's ``alt`` text."""

        def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
            # the HTML form only: the PNG travels once (every Jupyter front-end renders HTML)
            bundle, _ = super()._repr_mimebundle_(include, exclude)
            return {"text/html": f'<img src="data:image/png;base64,{bundle["image/png"]}" '
                                 f'alt="{html.escape(self.alt or "")}">'}, {}

        def _repr_png_(self) -> None:  # already in the HTML form
            return None

    return PlotImage


def _plot_image(png: bytes, alt: str) -> Any:
    """An IPython ``Image`` of ``png``, displayed as an ``<img>`` with ``alt``."""
    return _plot_image_class()(data=png, format="png", alt=alt)
