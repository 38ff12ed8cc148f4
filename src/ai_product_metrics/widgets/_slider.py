"""Accessible sliders for the explorers: a native ``<input type="range">`` in an anywidget.

ipywidgets 8 draws its sliders with noUiSlider, whose handle (``role=slider``) gets no
accessible name, and the Python API offers no way to give it one (axe-core:
``aria-input-field-name``, serious). The sliders here render, in one element:

- a ``<label for=...>`` with the ``description`` (the input's accessible name);
- a native ``<input type="range">``: the browser gives it its role, value and keyboard
  (Arrow keys one step, Home / End the ends, PageUp / PageDown a larger step), and its
  ``aria-valuetext`` is the text of the read-out;
- a visible read-out (``widget-readout``), hidden from assistive technology since the
  slider already announces the same text;
- a visible focus ring (2 px Okabe-Ito blue, 3:1 or more against the notebook's background).

The value goes to Python when the browser fires ``change`` (a key press, or the end of a
drag), which is what ``continuous_update=False`` did; with ``continuous_update=True`` it goes
on every ``input`` event. Navigation keys pressed on the slider do not reach JupyterLab's
command-mode shortcuts (in command mode the arrow keys would otherwise move between cells).

The classes mirror the ipywidgets traits the explorers use: :class:`FloatSlider` and
:class:`IntSlider` (``value``, ``min``, ``max``, ``step``, ``readout_format``) and
:class:`SelectionSlider` (``options``, ``value``, ``index``, ``label``); all have
``description``, ``continuous_update``, ``disabled``, ``style`` (``description_width`` only),
and, as DOM widgets, ``layout``, ``tooltip``, ``add_class`` and ``observe``. Built with
``anywidget`` (its prebuilt JupyterLab extension loads the module below; no npm build).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

import anywidget
import traitlets

__all__ = ["FloatSlider", "IntSlider", "SelectionSlider", "format_readout"]

#: The read-out formats the browser side can write exactly as Python's ``format`` does:
#: fixed point (``.2f``), percentage (``.0%``), integer (``d``).
_FLOAT_FORMAT = re.compile(r"^(\.\d{1,2})?[f%]$")
_INT_FORMAT = re.compile(r"^d$")

_ESM = r"""
let counter = 0;
const NAVIGATION = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
                            "PageUp", "PageDown"]);

function formatValue(value, spec) {
  const match = /^(?:\.(\d+))?([df%])$/.exec(spec || "");
  if (!match) return String(value);
  const digits = match[1] === undefined ? 6 : Number(match[1]);
  if (match[2] === "d") return String(Math.round(value));
  if (match[2] === "%") return (value * 100).toFixed(digits) + "%";
  return value.toFixed(digits);
}

function decimals(x) {
  const text = String(x);
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

function render({ model, el }) {
  counter += 1;
  const id = `aipm-slider-${Math.random().toString(36).slice(2, 8)}-${counter}`;
  el.classList.add("aipm-slider");
  const label = document.createElement("label");
  label.className = "widget-label aipm-slider-label";
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = "aipm-slider-input";
  const readout = document.createElement("span");
  readout.className = "widget-readout aipm-slider-readout";
  readout.setAttribute("aria-hidden", "true");
  el.append(label, input, readout);

  const options = () => model.get("_options_labels");
  const selection = () => Array.isArray(options());
  const key = () => (selection() ? "index" : "value");
  const text = (v) => (selection() ? String(options()[v] ?? "")
                                   : formatValue(v, model.get("readout_format")));
  const current = () => {  // the input's value as the model holds it
    const raw = Number(input.value);
    if (selection()) return Math.round(raw);
    const places = Math.max(decimals(model.get("step")), decimals(model.get("min")));
    return Number(raw.toFixed(Math.min(places, 12)));
  };
  const show = (v) => {
    const t = text(v);
    readout.textContent = t;
    input.setAttribute("aria-valuetext", t);
  };
  const update = () => {  // model -> page
    if (selection()) {
      input.min = "0";
      input.max = String(Math.max(options().length - 1, 0));
      input.step = "1";
    } else {
      input.min = String(model.get("min"));
      input.max = String(model.get("max"));
      input.step = String(model.get("step"));
    }
    input.value = String(model.get(key()));
    input.disabled = Boolean(model.get("disabled"));
    label.textContent = model.get("description");
    const width = model.get("description_width");
    label.style.width = width && width !== "initial" ? width : "";
    show(model.get(key()));
  };
  const commit = () => {  // page -> model -> Python
    const v = current();
    if (v !== model.get(key())) {
      model.set(key(), v);
      model.save_changes();
    }
  };
  const onInput = () => {
    show(current());
    if (model.get("continuous_update")) commit();
  };
  const onChange = () => { show(current()); commit(); };
  // JupyterLab binds the arrow keys in command mode (move between cells): keep the keys the
  // slider uses to itself; their default action (moving the slider) still happens.
  const onKey = (event) => { if (NAVIGATION.has(event.key)) event.stopPropagation(); };
  input.addEventListener("input", onInput);
  input.addEventListener("change", onChange);
  input.addEventListener("keydown", onKey);
  const events = ["value", "min", "max", "step", "index", "_options_labels", "readout_format",
                  "description", "description_width", "disabled"].map(n => `change:${n}`);
  for (const name of events) model.on(name, update);
  update();
  return () => {
    for (const name of events) model.off(name, update);
    input.removeEventListener("input", onInput);
    input.removeEventListener("change", onChange);
    input.removeEventListener("keydown", onKey);
  };
}

export default { render };
"""

_CSS = """
.aipm-slider {
  display: flex; align-items: center; gap: 8px; box-sizing: border-box;
  min-height: var(--jp-widgets-inline-height, 28px); margin: var(--jp-widgets-margin, 2px);
  font-size: var(--jp-widgets-font-size, 13px); color: var(--jp-widgets-label-color, #000);
}
.aipm-slider .aipm-slider-label {
  flex: 0 0 auto; width: auto; white-space: nowrap; overflow: visible;
}
.aipm-slider .aipm-slider-input {
  flex: 1 1 auto; min-width: 6em; margin: 0 4px; accent-color: #0072B2; cursor: pointer;
}
.aipm-slider .aipm-slider-input:disabled { cursor: not-allowed; }
.aipm-slider .aipm-slider-input:focus,
.aipm-slider .aipm-slider-input:focus-visible {
  outline: 2px solid #0072B2; outline-offset: 3px;
}
.aipm-slider .aipm-slider-readout {
  flex: 0 0 auto; min-width: 3.5em; width: auto; text-align: left; overflow: visible;
  font-variant-numeric: tabular-nums;
}
"""


def format_readout(value: float, readout_format: str) -> str:
    """The read-out a slider shows for ``value``: Python's ``format(value, readout_format)``.

    The browser side writes the same text (for the formats the sliders accept: ``.Nf``,
    ``.N%`` and ``d``); the static course site uses this function to show a control's setting.

    Examples
    --------
    >>> format_readout(0.5, ".2f"), format_readout(0.05, ".0%"), format_readout(11, "d")
    ('0.50', '5%', '11')
    """
    try:
        return format(value, readout_format)
    except (TypeError, ValueError):
        return str(value)


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _check_description(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("description must be a non-empty string: it is the slider's label "
                         "(its accessible name)")
    return value


def _description_width(style: Mapping[str, Any] | None) -> str:
    if style is None:
        return ""
    if not isinstance(style, Mapping):
        raise ValueError(f"style must be a mapping, got {type(style).__name__}")
    unknown = set(style) - {"description_width"}
    if unknown:
        raise ValueError(f"style supports only 'description_width', got {sorted(unknown)}")
    width = style.get("description_width", "")
    if not isinstance(width, str):
        raise ValueError("style['description_width'] must be a string such as '120px'")
    return width


class _Slider(anywidget.AnyWidget):
    """What every slider shares: the page module, its label and its update policy."""

    _esm = _ESM
    _css = _CSS

    description = traitlets.Unicode("").tag(sync=True)
    description_width = traitlets.Unicode("").tag(sync=True)
    continuous_update = traitlets.Bool(False).tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    @traitlets.validate("description")
    def _valid_description(self, proposal: Any) -> str:
        return _check_description(proposal["value"])

    @property
    def readout(self) -> str:
        """The text the read-out shows (and the slider's ``aria-valuetext``)."""
        raise NotImplementedError


class _NumberSlider(_Slider):
    """A slider over ``min``, ``min + step``, ..., ``max``."""

    readout_format = traitlets.Unicode(".2f").tag(sync=True)
    _format_pattern = _FLOAT_FORMAT

    def __init__(self, value: float | None, min: float, max: float, step: float,
                 description: str, readout_format: str, continuous_update: bool,
                 style: Mapping[str, Any] | None, cast: type, **kwargs: Any) -> None:
        lo, hi, by = (_number(n, v) for n, v in (("min", min), ("max", max), ("step", step)))
        if lo > hi:
            raise ValueError(f"min ({min!r}) must not be greater than max ({max!r})")
        if by <= 0:
            raise ValueError(f"step must be positive, got {step!r}")
        start = lo if value is None else _number("value", value)
        if not lo <= start <= hi:
            raise ValueError(f"value {value!r} is outside [{cast(lo)!r}, {cast(hi)!r}]")
        if not isinstance(readout_format, str) or not self._format_pattern.match(readout_format):
            raise ValueError(f"readout_format {readout_format!r} is not supported by "
                             f"{type(self).__name__} (use {self._format_pattern.pattern})")
        super().__init__(value=cast(start), min=cast(lo), max=cast(hi), step=cast(by),
                         description=_check_description(description),
                         readout_format=readout_format,
                         continuous_update=bool(continuous_update),
                         description_width=_description_width(style), **kwargs)

    @traitlets.validate("value")
    def _valid_value(self, proposal: Any) -> Any:
        value = proposal["value"]
        if not self.min <= value <= self.max:
            raise ValueError(f"value {value!r} is outside [{self.min!r}, {self.max!r}]")
        return value

    @traitlets.validate("min")
    def _valid_min(self, proposal: Any) -> Any:
        low = proposal["value"]
        if low > self.max:
            raise ValueError(f"min ({low!r}) must not be greater than max ({self.max!r})")
        if self.value < low:
            self.value = low
        return low

    @traitlets.validate("max")
    def _valid_max(self, proposal: Any) -> Any:
        high = proposal["value"]
        if high < self.min:
            raise ValueError(f"max ({high!r}) must not be less than min ({self.min!r})")
        if self.value > high:
            self.value = high
        return high

    @traitlets.validate("step")
    def _valid_step(self, proposal: Any) -> Any:
        if proposal["value"] <= 0:
            raise ValueError(f"step must be positive, got {proposal['value']!r}")
        return proposal["value"]

    @traitlets.validate("readout_format")
    def _valid_format(self, proposal: Any) -> str:
        spec = proposal["value"]
        if not self._format_pattern.match(spec):
            raise ValueError(f"readout_format {spec!r} is not supported by "
                             f"{type(self).__name__} (use {self._format_pattern.pattern})")
        return spec

    @property
    def readout(self) -> str:
        return format_readout(self.value, self.readout_format)


class FloatSlider(_NumberSlider):
    """An accessible slider over floats (a native range input with a label and a read-out).

    Parameters
    ----------
    value : float, optional
        The starting value, in ``[min, max]`` (default: ``min``).
    min, max : float
        The ends of the range (``min <= max``).
    step : float
        The distance between two positions (positive); the arrow keys move one step.
    description : str
        The visible label, tied to the input with ``<label for=...>`` (its accessible name).
    readout_format : str
        How the read-out and ``aria-valuetext`` write the value: ``".Nf"`` (fixed point with
        N decimals, at most 2 digits of N) or ``".N%"`` (a percentage).
    continuous_update : bool
        False (default): the value reaches Python when the browser fires ``change`` (each key
        press, the end of a drag); True: on every ``input`` event while dragging.
    style : mapping, optional
        ``{"description_width": "120px"}`` fixes the label's width (``"initial"``: its own).
    **kwargs
        Other DOM-widget traits: ``layout``, ``tooltip``, ``disabled``.

    Raises
    ------
    ValueError
        A bound or step that is not a finite number, ``min > max``, ``step <= 0``, a value
        outside ``[min, max]``, an empty description or an unsupported ``readout_format``.

    Examples
    --------
    >>> s = FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01, description="Threshold")
    >>> s.value, s.readout
    (0.5, '0.50')
    >>> s = s.add_class("aipm-m2-threshold")  # returns the widget, like any DOM widget
    >>> seen = []
    >>> s.observe(lambda change: seen.append(change["new"]), names="value")
    >>> s.value = 0.25
    >>> seen, s.readout
    ([0.25], '0.25')
    >>> FloatSlider(value=0.05, min=0.0, max=1.0, step=0.05, readout_format=".0%",
    ...             description="Magnitude").readout
    '5%'
    >>> FloatSlider(value=2.0, min=0.0, max=1.0, step=0.1, description="Threshold")
    Traceback (most recent call last):
        ...
    ValueError: value 2.0 is outside [0.0, 1.0]
    """

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(100.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)

    def __init__(self, value: float | None = None, *, min: float = 0.0, max: float = 100.0,
                 step: float = 0.1, description: str, readout_format: str = ".2f",
                 continuous_update: bool = False, style: Mapping[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(value, min, max, step, description, readout_format,
                         continuous_update, style, float, **kwargs)


class IntSlider(_NumberSlider):
    """An accessible slider over integers (a native range input with a label and a read-out).

    Parameters
    ----------
    value : int, optional
        The starting value, in ``[min, max]`` (default: ``min``).
    min, max : int
        The ends of the range (``min <= max``).
    step : int
        The distance between two positions (positive).
    description : str
        The visible label, tied to the input with ``<label for=...>``.
    readout_format : str
        ``"d"`` (the only format: the integer as it is).
    continuous_update : bool
        As for :class:`FloatSlider` (default False: the value is sent on ``change``).
    style : mapping, optional
        ``{"description_width": ...}`` only.
    **kwargs
        Other DOM-widget traits: ``layout``, ``tooltip``, ``disabled``.

    Raises
    ------
    ValueError
        A bound, step or value that is not an integer, ``min > max``, ``step <= 0``, a value
        outside ``[min, max]`` or an empty description.

    Examples
    --------
    >>> week = IntSlider(value=12, min=1, max=12, step=1, description="Roll back after week")
    >>> week.value, week.readout
    (12, '12')
    >>> IntSlider(value=3, min=5, max=1, description="Week")
    Traceback (most recent call last):
        ...
    ValueError: min (5) must not be greater than max (1)
    """

    value = traitlets.CInt(0).tag(sync=True)
    min = traitlets.CInt(0).tag(sync=True)
    max = traitlets.CInt(100).tag(sync=True)
    step = traitlets.CInt(1).tag(sync=True)
    readout_format = traitlets.Unicode("d").tag(sync=True)
    _format_pattern = _INT_FORMAT

    def __init__(self, value: int | None = None, *, min: int = 0, max: int = 100, step: int = 1,
                 description: str, readout_format: str = "d", continuous_update: bool = False,
                 style: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        for name, number in (("value", value), ("min", min), ("max", max), ("step", step)):
            if number is not None and (isinstance(number, bool)
                                       or not isinstance(number, numbers.Integral)):
                raise ValueError(f"{name} must be an integer, got {number!r}")
        super().__init__(value, min, max, step, description, readout_format,
                         continuous_update, style, int, **kwargs)


def _pairs(options: Any) -> tuple[tuple[str, Any], ...]:
    """``options`` as (label, value) pairs: from pairs, a mapping label -> value, or values."""
    if isinstance(options, (str, bytes)) or not isinstance(options, (Iterable, Mapping)):
        raise ValueError(f"options must be a sequence of values or (label, value) pairs, got "
                         f"{type(options).__name__}")
    items = list(options.items()) if isinstance(options, Mapping) else list(options)
    if not items:
        raise ValueError("options must not be empty")
    pairs = []
    for item in items:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            pairs.append((item[0], item[1]))
        else:
            pairs.append((str(item), item))
    return tuple(pairs)


def _position(pairs: tuple[tuple[str, Any], ...], value: Any) -> int | None:
    for i, (_, option) in enumerate(pairs):
        if option is value or option == value:
            return i
    return None


class SelectionSlider(_Slider):
    """An accessible slider over a list of options (a native range over their positions).

    The read-out and ``aria-valuetext`` show the chosen option's label; Python sees its
    value. The browser sends the position (``index``); ``value`` and ``label`` follow it.

    Parameters
    ----------
    options : sequence of (str, object) pairs, sequence of objects, or mapping
        The choices, in order: (label, value) pairs, a mapping label -> value, or plain values
        (labelled with ``str``). Not empty.
    value : object, optional
        The starting value, one of the options' values (default: the first).
    description : str
        The visible label, tied to the input with ``<label for=...>``.
    continuous_update : bool
        As for :class:`FloatSlider` (default False: the value is sent on ``change``).
    style : mapping, optional
        ``{"description_width": ...}`` only.
    **kwargs
        Other DOM-widget traits: ``layout``, ``tooltip``, ``disabled``.

    Raises
    ------
    ValueError
        Empty options, a value that is not among them, or an empty description.

    Notes
    -----
    Assigning new ``options`` keeps the current value if it is among them, otherwise
    chooses the first option.

    Examples
    --------
    >>> pressure = SelectionSlider(options=[("0.00", 0.0), ("0.05", 0.05), ("0.10", 0.1)],
    ...                            value=0.05, description="Optimisation pressure")
    >>> pressure.index, pressure.label, pressure.readout
    (1, '0.05', '0.05')
    >>> pressure.index = 2
    >>> pressure.value
    0.1
    >>> SelectionSlider(options=[], description="Pressure")
    Traceback (most recent call last):
        ...
    ValueError: options must not be empty
    """

    index = traitlets.Int(0).tag(sync=True)
    _options_labels = traitlets.Tuple().tag(sync=True)
    options = traitlets.Any(())
    value = traitlets.Any(None)

    def __init__(self, options: Any, value: Any = None, *, description: str,
                 continuous_update: bool = False, style: Mapping[str, Any] | None = None,
                 **kwargs: Any) -> None:
        pairs = _pairs(options)
        index = 0 if value is None else _position(pairs, value)
        if index is None:
            raise ValueError(f"value {value!r} is not one of the options")
        super().__init__(options=pairs, _options_labels=tuple(label for label, _ in pairs),
                         index=index, value=pairs[index][1],
                         description=_check_description(description),
                         continuous_update=bool(continuous_update),
                         description_width=_description_width(style), **kwargs)

    @property
    def label(self) -> str:
        """The chosen option's label."""
        return self.options[self.index][0]

    @property
    def readout(self) -> str:
        return self.label

    @traitlets.validate("options")
    def _valid_options(self, proposal: Any) -> tuple[tuple[str, Any], ...]:
        return _pairs(proposal["value"])

    @traitlets.observe("options")
    def _options_changed(self, change: Any) -> None:
        pairs = change["new"]
        keep = _position(pairs, self.value)
        index = 0 if keep is None else keep
        with self.hold_sync():
            self._options_labels = tuple(label for label, _ in pairs)
            self.index = index
            self.value = pairs[index][1]

    @traitlets.validate("index")
    def _valid_index(self, proposal: Any) -> int:
        index = proposal["value"]
        if not 0 <= index < len(self.options):
            raise ValueError(f"index {index} is outside the {len(self.options)} options")
        return index

    @traitlets.observe("index")
    def _index_changed(self, change: Any) -> None:
        self.value = self.options[change["new"]][1]

    @traitlets.validate("value")
    def _valid_value(self, proposal: Any) -> Any:
        if not self.options:  # during construction
            return proposal["value"]
        if _position(self.options, proposal["value"]) is None:
            raise ValueError(f"value {proposal['value']!r} is not one of the options")
        return proposal["value"]

    @traitlets.observe("value")
    def _value_changed(self, change: Any) -> None:
        position = _position(self.options, change["new"])
        if position is not None and position != self.index:
            self.index = position
