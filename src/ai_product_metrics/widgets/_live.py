"""A matplotlib figure that an explorer builds once and redraws cheaply on every update.

Imported on first use (it imports matplotlib), by the explorers and by ``render_figure``.
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

__all__ = ["LiveFigure"]


class LiveFigure(Figure):
    """A figure, not managed by pyplot, rasterised to PNG by :meth:`to_png` with blitting.

    The artists registered with :meth:`animate` (a current-point marker, a threshold line, a
    count) and the legend labels registered with :meth:`animate_labels` (a label naming the
    setting) are the ones that change when a slider moves. :meth:`to_png` draws everything else
    once (the background: axes, ticks, curves, legends without those labels, the layout),
    keeps those pixels, and on later calls only restores them and draws the changing artists
    on top: the picture is the one a full redraw gives, pixel for pixel, at a fraction of its
    cost. Drawing order is kept: a legend that a changing artist now overlaps is drawn whole
    again, in zorder order, as in a full redraw; a label whose size changed (which may move
    its legend's layout) triggers a full redraw.

    After a change to any other artist (a curve's data, the limits, an axis label) call
    :meth:`invalidate`: the next :meth:`to_png` redraws the whole figure (running the layout
    engine, if any). matplotlib's own ``stale`` flag cannot tell: drawing a legend marks its
    axes stale.

    Saving or displaying the figure the usual way (``savefig``, IPython's formatters) draws
    every artist, as for any figure.
    """

    #: Margin (pixels) around a legend and around a changing artist when testing overlap:
    #: covers antialiasing and a text's background box.
    OVERLAP_MARGIN = 8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        FigureCanvasAgg(self)  # its own raster canvas, whatever the pyplot backend
        self._moving: list[Artist] = []
        self._labels: dict[Legend, list[Text]] = {}
        self._background: Any = None
        self._background_key: tuple[float, float, float] | None = None
        self._legend_boxes: dict[Legend, tuple[Bbox, Any]] = {}
        self._label_sizes: list[tuple[float, float]] = []

    def animate(self, *artists: Artist) -> None:
        """Register artists that change on every update (drawn over the kept background)."""
        for artist in artists:
            artist.set_animated(True)
            self._moving.append(artist)

    def animate_labels(self, legend: Legend, *labels: Text) -> None:
        """Register labels of ``legend`` that change on every update; the rest of the legend
        (handles, other labels) stays in the background."""
        self._labels.setdefault(legend, []).extend(labels)

    def invalidate(self) -> None:
        """Drop the kept background: something else than the animated artists changed."""
        self._background = None

    def to_png(self) -> bytes:
        """The figure as PNG bytes at its own dpi (the full figure, no cropping)."""
        canvas = self.canvas
        key = (self.bbox.width, self.bbox.height, self.dpi)
        if (self._background is None or key != self._background_key
                or self._sizes(canvas.get_renderer()) != self._label_sizes):
            self._draw_background()
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        moving = sorted(self._moving, key=lambda a: a.get_zorder())
        reach = [_padded(a.get_window_extent(renderer), self.OVERLAP_MARGIN)
                 for a in moving if a.get_visible()]
        overlapped = []
        for legend, (box, bare) in self._legend_boxes.items():
            if any(box.overlaps(r) for r in reach):
                canvas.restore_region(bare)  # no legend there: drawn whole below
                overlapped.append(legend)
        # by zorder as in a full draw; ties keep the order of the axes' children (legends last)
        for artist in sorted(moving + overlapped, key=lambda a: a.get_zorder()):
            if artist.get_visible():
                artist.draw(renderer)
        for legend, labels in self._labels.items():
            if legend not in overlapped:
                for label in labels:
                    label.draw(renderer)
        return _png(canvas)

    def _sizes(self, renderer: Any) -> list[tuple[float, float]]:
        return [(box.width, box.height) for labels in self._labels.values() for label in labels
                for box in [label.get_window_extent(renderer)]]

    def _draw_background(self) -> None:
        """Draw the static artists; keep the pixels with and without the legends."""
        canvas = self.canvas
        legends = list(self._labels)
        labels = [label for group in self._labels.values() for label in group]
        visible = [label.get_visible() for label in labels]
        # a layout engine (constrained layout) runs twice, as when IPython displays a figure
        # (savefig with bbox_inches="tight"): once here, once in the draw
        engine = self.get_layout_engine()
        if engine is not None:
            engine.execute(self)
        for legend in legends:
            legend.set_animated(True)  # still laid out, not drawn
        try:
            canvas.draw()  # every artist but the animated ones
            renderer = canvas.get_renderer()
            self._legend_boxes = {}
            for legend in legends:
                box = Bbox.intersection(
                    _padded(legend.get_window_extent(renderer), self.OVERLAP_MARGIN), self.bbox)
                if box is not None:  # None: outside the figure, nothing to overlap
                    self._legend_boxes[legend] = (box, canvas.copy_from_bbox(box))
            for label in labels:
                label.set_visible(False)
            for legend in legends:
                legend.draw(renderer)  # last of its axes, as in a full draw
        finally:
            for legend in legends:
                legend.set_animated(False)
            for label, shown in zip(labels, visible, strict=True):
                label.set_visible(shown)
        self._background = canvas.copy_from_bbox(self.bbox)
        self._background_key = (self.bbox.width, self.bbox.height, self.dpi)
        self._label_sizes = self._sizes(renderer)


def _padded(box: Bbox, margin: float) -> Bbox:
    return Bbox.from_extents(box.x0 - margin, box.y0 - margin, box.x1 + margin, box.y1 + margin)


def _png(canvas: FigureCanvasAgg) -> bytes:
    """Encode the canvas's RGBA pixels as a PNG (as matplotlib writes it: 8-bit RGBA).

    Written here rather than with Pillow: no row filter and zlib level 1 suit a plot's large
    flat areas; that encodes several times faster than Pillow's fastest setting, for a file
    of about the same size (~90 kB for the module-2 figure).
    """
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # each row: filter 0, pixels
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.data, 1)) + chunk(b"IEND", b""))
