"""The accessible sliders of widgets/_slider.py, in process: traits, validation, the state the
browser receives and sends, and the setting the static site prints.

The browser side (label, range input, aria-valuetext, keyboard, focus ring, axe-core) is
checked in JupyterLab by tests/test_browser.py.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pytest

from ai_product_metrics import site
from ai_product_metrics.widgets._slider import (
    FloatSlider,
    IntSlider,
    SelectionSlider,
    format_readout,
)

PRESSURES = [(f"{p:.2f}", float(p)) for p in np.round(np.linspace(0, 1, 21), 2)]


def make(kind: str):
    if kind == "float":
        return FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01, readout_format=".2f",
                           description="Threshold", style={"description_width": "initial"},
                           layout=widgets.Layout(width="420px"))
    if kind == "percent":
        return FloatSlider(value=0.05, min=0.0, max=1.0, step=0.05, readout_format=".0%",
                           description="Magnitude")
    if kind == "int":
        return IntSlider(value=12, min=1, max=12, step=1, description="Roll back after week")
    return SelectionSlider(options=PRESSURES, value=0.1, description="Optimisation pressure")


KINDS = ("float", "percent", "int", "selection")
SHOWN = {"float": "0.50", "percent": "5%", "int": "12", "selection": "0.10"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_slider_is_a_dom_widget_with_a_label_a_readout_and_the_explorers_traits(kind):
    slider = make(kind)
    assert isinstance(slider, widgets.DOMWidget)
    assert slider.add_class("aipm-test") is slider and "aipm-test" in slider._dom_classes
    assert slider.description and slider.readout == SHOWN[kind]
    assert slider.continuous_update is False and not slider.disabled
    state = slider.get_state()
    assert state["_model_module"] == "anywidget" and state["_model_name"] == "AnyModel"
    # the page module: a labelled native range input whose aria-valuetext is the read-out
    esm = state["_esm"]
    for needle in ('input.type = "range"', "label.htmlFor = id", '"aria-valuetext"',
                   '"change"', "stopPropagation", "widget-readout"):
        assert needle in esm, needle
    assert ":focus" in state["_css"] and "outline: 2px solid" in state["_css"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_static_site_prints_what_the_slider_shows(kind):
    slider = make(kind)
    assert site._format_value(slider.get_state()) == slider.readout == SHOWN[kind]


def test_site_prints_the_setting_from_a_stored_notebook_state():
    slider = make("percent")
    plot = widgets.Output()
    plot.outputs = ({"output_type": "display_data", "metadata": {},
                     "data": {"text/html": '<img src="data:image/png;base64,AAAA" alt="Chart">'}},)
    readout = widgets.HTML('<p role="status" aria-live="polite">drift of 5%</p>')
    readout.add_class("aipm-readout")
    explorer = widgets.VBox([slider, widgets.HBox([plot, readout])])
    states = {w.model_id: {"state": w.get_state()}
              for w in (explorer, slider, plot, readout, explorer.children[1])}
    shown = site._static_explorer(explorer.model_id, states)
    assert "Magnitude: <b>5%</b>" in shown and "drift of 5%" in shown


def test_a_browser_change_reaches_python_observers():
    slider, seen = make("float"), []
    slider.observe(lambda change: seen.append(change["new"]), names="value")
    slider.set_state({"value": 0.51})  # what a comm message from the page does
    assert seen == [0.51] and slider.readout == "0.51"

    pressure, picked = make("selection"), []
    pressure.observe(lambda change: picked.append(change["new"]), names="value")
    pressure.set_state({"index": 3})  # the page sends the position
    assert picked == [0.15] and pressure.value == 0.15 and pressure.label == "0.15"
    pressure.value = 0.5  # and Python moves the position
    assert pressure.index == 10


def test_int_slider_keeps_integers():
    week = IntSlider(value=np.int64(11), min=np.int64(1), max=12, description="Week")
    assert week.value == 11 and type(week.value) is int
    assert week.get_state()["value"] == 11


def test_new_options_keep_the_value_when_they_can():
    pressure = make("selection")
    pressure.options = PRESSURES[::2]  # 0.0, 0.1, ...: 0.10 is still there
    assert (pressure.value, pressure.index) == (0.1, 1)
    assert list(pressure._options_labels) == [label for label, _ in PRESSURES[::2]]
    pressure.options = [("a", "x"), ("b", "y")]
    assert (pressure.value, pressure.index, pressure.label) == ("x", 0, "a")
    plain = SelectionSlider(options=[1, 2, 3], value=2, description="N")
    assert plain.label == "2" and plain.options == (("1", 1), ("2", 2), ("3", 3))


@pytest.mark.parametrize("kwargs, message", [
    ({"min": 1.0, "max": 0.0}, "must not be greater than max"),
    ({"value": 2.0}, "outside"),
    ({"value": -0.1}, "outside"),
    ({"step": 0.0}, "step must be positive"),
    ({"min": float("nan")}, "finite number"),
    ({"max": "1"}, "finite number"),
    ({"readout_format": ".2e"}, "not supported"),
    ({"description": ""}, "non-empty string"),
    ({"description": "  "}, "non-empty string"),
    ({"style": {"handle_color": "red"}}, "description_width"),
])
def test_float_slider_refuses_bad_input(kwargs, message):
    args = {"value": 0.5, "min": 0.0, "max": 1.0, "step": 0.01, "description": "Threshold"}
    with pytest.raises(ValueError, match=message):
        FloatSlider(**(args | kwargs))


@pytest.mark.parametrize("kwargs, message", [
    ({"min": 5, "max": 1}, "must not be greater than max"),
    ({"value": 0}, "outside"),
    ({"value": 1.5}, "must be an integer"),
    ({"readout_format": ".2f"}, "not supported"),
])
def test_int_slider_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        IntSlider(**({"value": 3, "min": 1, "max": 12, "description": "Week"} | kwargs))


@pytest.mark.parametrize("kwargs, message", [
    ({"options": []}, "must not be empty"),
    ({"options": {}}, "must not be empty"),
    ({"options": "abc"}, "sequence"),
    ({"options": PRESSURES, "value": 0.33}, "not one of the options"),
    ({"options": PRESSURES, "description": ""}, "non-empty string"),
])
def test_selection_slider_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SelectionSlider(**({"description": "Pressure"} | kwargs))


def test_assignments_are_validated_too():
    slider = make("float")
    with pytest.raises(ValueError, match="outside"):
        slider.value = 1.5
    with pytest.raises(ValueError, match="must not be greater than max"):
        slider.min = 2.0
    with pytest.raises(ValueError, match="non-empty string"):
        slider.description = ""
    slider.max = 0.2  # a narrower range pulls the value in, as ipywidgets does
    assert slider.value == 0.2
    pressure = make("selection")
    with pytest.raises(ValueError, match="not one of the options"):
        pressure.value = 0.33
    with pytest.raises(ValueError, match="outside"):
        pressure.index = len(PRESSURES)


@pytest.mark.parametrize("value, spec, text", [
    (0.5, ".2f", "0.50"), (0.05, ".0%", "5%"), (0.15, ".0%", "15%"), (11, "d", "11"),
    (0.31, ".2f", "0.31"), ("x", ".2f", "x"),
])
def test_format_readout(value, spec, text):
    assert format_readout(value, spec) == text
