"""The Module 1 explorer: its pure compute function, the widget, persisted decisions, palette.

The widget is built in-process (never displayed). Outside a Jupyter kernel an ipywidgets
``Output`` does not capture what is displayed inside it (``output.outputs`` stays empty: the
front-end fills it), so the plot is checked by recording the calls to ``render_figure`` and
inspecting the matplotlib figure handed to it.
"""

from __future__ import annotations

import itertools
import json
import math

import ipywidgets as widgets
import matplotlib
import numpy as np
import pandas as pd
import pytest

from ai_product_metrics.datasets.engagement import make_summary_feature_log
from ai_product_metrics.widgets import (
    ENGAGEMENT_METRICS,
    PALETTE,
    QUALITY_METRICS,
    DecisionStore,
    _base,
    engagement_explorer,
    engagement_vs_quality,
)
from ai_product_metrics.widgets import engagement as engagement_module
from ai_product_metrics.widgets._slider import IntSlider

from .widget_helpers import (
    assert_same_picture,
    assert_updates_use_one_blas_thread,
    blas_threads,
    by_class,
    drawn_in_full,
    png_pixels,
    record_renders,
    walk,
)

matplotlib.use("Agg")

SEEDS = [0, 3, 11]
KEY = "m1_rollback_week"
COMBINATIONS = list(itertools.product(ENGAGEMENT_METRICS, QUALITY_METRICS))

#: The eight Okabe-Ito colours as published (Okabe & Ito, "Color Universal Design", 2002/2008).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def weekly_table(seed: int) -> pd.DataFrame:
    """The weekly table a learner builds from the daily log, written independently here."""
    log = make_summary_feature_log(random_state=seed)
    rows = {}
    for week, days in log.groupby("week"):
        shown = days["summaries_shown"].to_numpy(dtype=float)
        rows[int(week)] = {
            "ctr": days["summary_clicks"].sum() / shown.sum(),
            "time_on_summary_s": np.average(days["time_on_summary_s"], weights=shown),
            "edit_time_s": np.average(days["edit_time_s"], weights=shown),
            "dau": days["dau"].mean(),
            "hallucination_rate": days["hallucinated"].sum() / days["audited"].sum(),
            "task_completion_rate": days["tasks_completed"].sum() / days["tasks_started"].sum(),
        }
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()


def tiny_table() -> pd.DataFrame:
    """Two hand-made weeks with closed-form indices (120, 300, 90, 125, 150)."""
    return pd.DataFrame(
        {
            "ctr": [0.30, 0.36],
            "time_on_summary_s": [40.0, 50.0],
            "dau": [1000.0, 1500.0],
            "hallucination_rate": [0.04, 0.12],
            "task_completion_rate": [0.80, 0.72],
        },
        index=[1, 2],
    )


def controls(explorer):
    return (by_class(explorer, "aipm-m1-engagement"), by_class(explorer, "aipm-m1-quality"),
            by_class(explorer, "aipm-m1-week"), by_class(explorer, "aipm-readout"))


def the_output(explorer) -> widgets.Output:
    outputs = [w for w in walk(explorer) if isinstance(w, widgets.Output)]
    assert len(outputs) == 1
    return outputs[0]


def readout_for(weekly, engagement, quality, week) -> str:
    text = engagement_vs_quality(weekly, engagement=engagement, quality=quality, week=week)["text"]
    return f'<p role="status" aria-live="polite">{text}</p>'


def series(figure) -> dict:
    """Lines of the (single) axes of ``figure`` by label."""
    (ax,) = figure.axes
    return {line.get_label(): line for line in ax.get_lines()}


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def weekly(request) -> pd.DataFrame:
    return weekly_table(request.param)


@pytest.fixture(scope="module")
def weekly7() -> pd.DataFrame:
    return weekly_table(7)


@pytest.fixture
def renders(monkeypatch):
    return record_renders(monkeypatch, engagement_module, close=True)


# --------------------------------------------------------------------------------------------
# 1. engagement_vs_quality, the pure compute
# --------------------------------------------------------------------------------------------


def test_metric_menus_are_the_documented_ones():
    assert set(ENGAGEMENT_METRICS) == {"ctr", "time_on_summary_s", "dau"}
    assert set(QUALITY_METRICS) == {"hallucination_rate", "task_completion_rate"}


def test_weekly_table_built_here_is_sane(weekly):
    # guards the independent computation the other tests lean on
    assert list(weekly.index) == list(range(1, 13))
    for rate in ("ctr", "hallucination_rate", "task_completion_rate"):
        assert weekly[rate].between(0, 1).all()
    assert (weekly["time_on_summary_s"] > weekly["edit_time_s"]).all()


@pytest.mark.parametrize("engagement, quality", COMBINATIONS)
def test_indices_are_100_times_value_over_week_1(weekly, engagement, quality):
    out = engagement_vs_quality(weekly, engagement=engagement, quality=quality, week=6)
    np.testing.assert_array_equal(out["weeks"], np.arange(1, 13))
    expected_e = 100 * weekly[engagement] / weekly.loc[1, engagement]
    expected_q = 100 * weekly[quality] / weekly.loc[1, quality]
    np.testing.assert_allclose(out["engagement_index"], expected_e.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(out["quality_index"], expected_q.to_numpy(), rtol=1e-12)
    assert out["engagement_index"][0] == pytest.approx(100)
    assert out["quality_index"][0] == pytest.approx(100)


@pytest.mark.parametrize("week", [1, 5, 8, 12])
@pytest.mark.parametrize("engagement, quality", COMBINATIONS)
def test_values_and_changes_at_the_chosen_week(weekly, engagement, quality, week):
    out = engagement_vs_quality(weekly, engagement=engagement, quality=quality, week=week)
    e, q = weekly.loc[week, engagement], weekly.loc[week, quality]
    e_change = e / weekly.loc[1, engagement] - 1
    q_change = q / weekly.loc[1, quality] - 1
    assert out["engagement_value"] == pytest.approx(e, rel=1e-12)
    assert out["quality_value"] == pytest.approx(q, rel=1e-12)
    assert out["engagement_change"] == pytest.approx(e_change, rel=1e-9, abs=1e-12)
    assert out["quality_change"] == pytest.approx(q_change, rel=1e-9, abs=1e-12)
    assert out["engagement_change"] == pytest.approx(out["engagement_index"][week - 1] / 100 - 1)
    for key in ("engagement_value", "quality_value", "engagement_change", "quality_change"):
        assert isinstance(out[key], float)


# how a person would write each metric: shares as percentages, users with thousands separators
READOUT_FORMAT = {"ctr": "{:.1%}", "hallucination_rate": "{:.1%}", "task_completion_rate": "{:.1%}",
                  "time_on_summary_s": "{:.1f} s", "dau": "{:,.0f}"}


@pytest.mark.parametrize("week", [2, 9])
@pytest.mark.parametrize("engagement, quality", COMBINATIONS)
def test_readout_states_week_and_values(weekly, engagement, quality, week):
    text = engagement_vs_quality(weekly, engagement=engagement, quality=quality, week=week)["text"]
    e, q = weekly.loc[week, engagement], weekly.loc[week, quality]
    assert text.startswith(f"Week {week}:")
    assert f"after week {week}" in text
    assert f"{ENGAGEMENT_METRICS[engagement]} {READOUT_FORMAT[engagement].format(e)} " in text
    assert f"{QUALITY_METRICS[quality]} {READOUT_FORMAT[quality].format(q)} " in text
    assert "e+" not in text  # never scientific notation
    assert f"({e / weekly.loc[1, engagement] - 1:+.0%} vs week 1)" in text
    assert f"({q / weekly.loc[1, quality] - 1:+.0%} vs week 1)" in text


def test_readout_differs_between_weeks(weekly):
    texts = {engagement_vs_quality(weekly, engagement="ctr", quality="hallucination_rate",
                                   week=w)["text"] for w in weekly.index}
    assert len(texts) == len(weekly)


def test_closed_form_two_week_table():
    out = engagement_vs_quality(tiny_table(), engagement="ctr", quality="hallucination_rate",
                                week=2)
    np.testing.assert_allclose(out["engagement_index"], [100, 120])
    np.testing.assert_allclose(out["quality_index"], [100, 300])
    assert out["engagement_value"] == pytest.approx(0.36)
    assert out["quality_value"] == pytest.approx(0.12)
    assert out["engagement_change"] == pytest.approx(0.20)
    assert out["quality_change"] == pytest.approx(2.00)
    assert out["text"].startswith(
        "Week 2: click-through rate 36.0% (+20% vs week 1); "
        "hallucination rate (audited) 12.0% (+200% vs week 1)."
    )
    assert "moved apart" in out["text"]
    assert out["text"].endswith("Roll-back decision: after week 2.")


@pytest.mark.parametrize("engagement, quality, e_index, q_index", [
    ("ctr", "task_completion_rate", 120, 90),
    ("time_on_summary_s", "hallucination_rate", 125, 300),
    ("dau", "task_completion_rate", 150, 90),
])
def test_closed_form_other_metrics(engagement, quality, e_index, q_index):
    out = engagement_vs_quality(tiny_table(), engagement=engagement, quality=quality, week=2)
    np.testing.assert_allclose(out["engagement_index"], [100, e_index])
    np.testing.assert_allclose(out["quality_index"], [100, q_index])
    # engagement up, quality worse (more hallucination / fewer completed tasks)
    assert "moved apart" in out["text"]


def test_week_1_shows_no_divergence():
    out = engagement_vs_quality(tiny_table(), engagement="ctr", quality="hallucination_rate",
                                week=1)
    assert out["engagement_change"] == 0 and out["quality_change"] == 0
    assert "No clear divergence" in out["text"]
    assert "(+0% vs week 1)" in out["text"]


def test_quality_improving_is_not_divergence():
    table = tiny_table().assign(hallucination_rate=[0.04, 0.03], task_completion_rate=[0.8, 0.9])
    for quality in QUALITY_METRICS:
        out = engagement_vs_quality(table, engagement="ctr", quality=quality, week=2)
        assert "No clear divergence" in out["text"], quality


def test_does_not_modify_its_input(weekly7):
    before = weekly7.copy()
    engagement_vs_quality(weekly7, engagement="dau", quality="task_completion_rate", week=4)
    pd.testing.assert_frame_equal(weekly7, before)


def _with(column, values):
    return tiny_table().assign(**{column: values})


@pytest.mark.parametrize("weekly, kwargs, message", [
    (tiny_table(), {"engagement": "clicks"}, r"engagement must be one of .*'clicks'"),
    (tiny_table(), {"quality": "nps"}, r"quality must be one of .*'nps'"),
    (tiny_table(), {"engagement": "hallucination_rate"}, "engagement must be one of"),
    (tiny_table(), {"quality": "ctr"}, "quality must be one of"),
    (tiny_table().drop(columns="dau"), {"engagement": "dau"}, "no column 'dau'"),
    (tiny_table().drop(columns="hallucination_rate"), {}, "no column 'hallucination_rate'"),
    (tiny_table().iloc[0:0], {}, "non-empty DataFrame"),
    (pd.DataFrame(), {}, "non-empty DataFrame"),
    ({"ctr": [0.3], "hallucination_rate": [0.04]}, {}, "non-empty DataFrame"),
    (tiny_table(), {"week": 3}, r"week 3 is not in the table \(weeks 1-2\)"),
    (tiny_table(), {"week": 0}, "week 0 is not in the table"),
    (_with("ctr", [0.0, 0.36]), {}, "non-zero in week 1"),
    (_with("hallucination_rate", [0.0, 0.12]), {}, "non-zero in week 1"),
    (_with("ctr", [np.nan, 0.36]), {}, "finite"),
    (_with("hallucination_rate", [np.nan, 0.12]), {}, "finite"),
    (_with("ctr", [np.inf, 0.36]), {}, "finite"),
])
def test_bad_input_is_a_clear_value_error(weekly, kwargs, message):
    arguments = {"engagement": "ctr", "quality": "hallucination_rate", "week": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        engagement_vs_quality(weekly, **arguments)


# --------------------------------------------------------------------------------------------
# 2. the widget
# --------------------------------------------------------------------------------------------


def test_explorer_is_a_vbox_with_labelled_keyboard_controls(in_tmp, weekly7):
    explorer = engagement_explorer(weekly7)
    assert isinstance(explorer, widgets.VBox)
    assert "aipm-m1-explorer" in explorer._dom_classes
    engagement, quality, week, readout = controls(explorer)
    assert isinstance(engagement, widgets.Dropdown)
    assert isinstance(quality, widgets.Dropdown)
    assert isinstance(week, IntSlider)
    assert isinstance(readout, widgets.HTML)
    for control in (engagement, quality, week):
        assert control.description.strip(), control
        assert not control.disabled
        assert control.layout.display != "none"
    assert {value for _, value in engagement.options} == set(ENGAGEMENT_METRICS)
    assert {value for _, value in quality.options} == set(QUALITY_METRICS)
    assert (week.min, week.max, week.step) == (1, 12, 1)
    assert 'role="status"' in readout.value and 'aria-live="polite"' in readout.value


def test_explorer_starts_on_last_week_with_consistent_readout(in_tmp, weekly7):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, readout = controls(explorer)
    assert week.value == explorer.value == 12
    assert readout.value == readout_for(weekly7, engagement.value, quality.value, 12)


def test_updates_run_on_one_blas_thread(in_tmp, weekly7, renders, monkeypatch):
    assert_updates_use_one_blas_thread(
        monkeypatch, engagement_module, lambda: engagement_explorer(weekly7),
        lambda explorer: setattr(controls(explorer)[2], "value", 5))


def test_moving_the_slider_updates_readout_and_value(in_tmp, weekly7):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, readout = controls(explorer)
    before = readout.value
    week.value = 5
    assert explorer.value == 5
    assert isinstance(explorer.value, int)
    assert readout.value != before
    assert readout.value == readout_for(weekly7, "ctr", "hallucination_rate", 5)
    assert "Week 5:" in readout.value


@pytest.mark.parametrize("engagement_key, quality_key", COMBINATIONS)
def test_readout_matches_pure_function_for_every_setting(in_tmp, weekly7, engagement_key,
                                                         quality_key):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, readout = controls(explorer)
    engagement.value = engagement_key
    quality.value = quality_key
    for w in (3, 7):
        week.value = w
        assert readout.value == readout_for(weekly7, engagement_key, quality_key, w)


def test_changing_a_dropdown_changes_the_readout(in_tmp, weekly7):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, readout = controls(explorer)
    first = readout.value
    engagement.value = "dau"
    second = readout.value
    assert second != first
    assert ENGAGEMENT_METRICS["dau"] in second
    assert second == readout_for(weekly7, "dau", "hallucination_rate", 12)
    quality.value = "task_completion_rate"
    assert readout.value != second
    assert QUALITY_METRICS["task_completion_rate"] in readout.value
    assert readout.value == readout_for(weekly7, "dau", "task_completion_rate", 12)
    assert explorer.value == 12  # the week is untouched by the drop-downs


def test_plot_is_redrawn_into_its_output_after_each_change(in_tmp, weekly7, renders):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, _ = controls(explorer)
    plot = the_output(explorer)
    assert len(renders) == 1  # drawn once on build
    assert renders[0][0] is plot

    week.value = 4
    assert len(renders) == 2
    output, figure = renders[-1]
    assert output is plot
    marker = series(figure)["roll back after week 4"]
    np.testing.assert_array_equal(marker.get_xdata(), [4, 4])

    quality.value = "task_completion_rate"
    assert len(renders) == 3
    output, figure = renders[-1]
    assert output is plot
    lines = series(figure)
    q_line = lines[QUALITY_METRICS["task_completion_rate"]]
    expected = 100 * weekly7["task_completion_rate"] / weekly7.loc[1, "task_completion_rate"]
    np.testing.assert_allclose(q_line.get_ydata(), expected.to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(q_line.get_xdata(), np.arange(1, 13))

    engagement.value = "time_on_summary_s"
    assert len(renders) == 4
    e_line = series(renders[-1][1])[ENGAGEMENT_METRICS["time_on_summary_s"]]
    expected = 100 * weekly7["time_on_summary_s"] / weekly7.loc[1, "time_on_summary_s"]
    np.testing.assert_allclose(e_line.get_ydata(), expected.to_numpy(), rtol=1e-12)


def test_figures_are_closed_after_rendering(in_tmp, weekly7):
    import matplotlib.pyplot as plt

    plt.close("all")
    explorer = engagement_explorer(weekly7)
    _, _, week, _ = controls(explorer)
    for w in (2, 3, 4):
        week.value = w
    assert plt.get_fignums() == []


class FakeOutput:
    """Records how render_figure uses an ipywidgets Output."""

    def __init__(self):
        self.events = []

    def __enter__(self):
        self.events.append("enter")
        return self

    def __exit__(self, *exc):
        self.events.append("exit")

    def clear_output(self, wait=False):
        self.events.append(("clear", wait))


def test_one_blas_thread_limits_blas_within_the_call_only():
    from threadpoolctl import threadpool_limits

    @_base.one_blas_thread
    def update(fail: bool = False) -> list[int]:
        """An update."""
        if fail:
            raise KeyError("boom")
        return blas_threads()

    assert update.__name__ == "update" and update.__doc__ == "An update."
    with threadpool_limits(limits=2, user_api="blas"):
        assert set(blas_threads()) == {2}
        assert set(update()) == {1}
        assert set(blas_threads()) == {2}
        with pytest.raises(KeyError, match="boom"):
            update(fail=True)
        assert set(blas_threads()) == {2}  # restored after an error too


def test_render_figure_clears_then_shows_inside_the_output_and_closes(capsys):
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    output = FakeOutput()
    _base.render_figure(output, fig)
    assert output.events == ["enter", ("clear", True), "exit"]
    assert not plt.fignum_exists(fig.number)
    capsys.readouterr()  # outside a kernel IPython's display() prints the figure's repr


def test_render_figure_shows_an_explorer_figure_as_png_and_keeps_it(monkeypatch):
    """The explorers' figures are reused from update to update: shown as a PNG, not closed."""
    import matplotlib.pyplot as plt
    from IPython.display import Image

    from ai_product_metrics.widgets._live import LiveFigure

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig = LiveFigure(figsize=(4, 3), dpi=80)
    ax = fig.add_subplot()
    ax.plot([1, 2, 3], [3, 1, 2], label="series")
    (point,) = ax.plot([2], [1], marker="o")
    fig.animate(point)
    fignums = plt.get_fignums()
    for x in (1, 3):
        point.set_data([x], [2])
        output = FakeOutput()
        _base.render_figure(output, fig)
        assert output.events == ["enter", ("clear", True), "exit"]
        (image,) = shown[-1:]
        assert isinstance(image, Image) and image.format == "png"
        assert image.data == fig.to_png()
        assert png_pixels(image.data).shape == (240, 320, 4)  # 4 x 3 inches at 80 dpi
    assert len(shown) == 2
    assert plt.get_fignums() == fignums  # not managed by pyplot, nothing to close
    assert fig.axes == [ax]  # still whole, for the next update


def test_shown_image_is_the_figure_drawn_in_full(in_tmp, weekly7, renders):
    # the explorer redraws only what moved over a kept background: the picture must be the
    # one matplotlib draws from scratch, pixel for pixel, whatever changed
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, _ = controls(explorer)
    figure = renders[-1][1]
    steps = [(week, 3), (week, 11), (week, 1), (engagement, "dau"), (week, 9), (week, 10),
             (quality, "task_completion_rate"), (week, 12)]
    for control, value in steps:
        control.value = value
        assert renders[-1][1] is figure
        assert_same_picture(png_pixels(figure.to_png()), drawn_in_full(figure),
                            f"{control.description} = {value}")


def test_updated_figure_is_the_figure_built_for_that_setting(in_tmp, weekly7, renders):
    explorer = engagement_explorer(weekly7)
    engagement, quality, week, _ = controls(explorer)
    engagement.value = "time_on_summary_s"
    quality.value = "task_completion_rate"
    week.value = 2
    engagement.value = "ctr"
    quality.value = "hallucination_rate"
    week.value = 5
    updated = png_pixels(renders[-1][1].to_png())
    fresh = engagement_explorer(weekly7)  # starts from the saved week 5
    assert fresh.value == 5
    assert_same_picture(updated, png_pixels(renders[-1][1].to_png()))


def test_explorer_rejects_an_unusable_table(in_tmp):
    with pytest.raises(ValueError, match="non-zero in week 1"):
        engagement_explorer(_with("ctr", [0.0, 0.36]))
    with pytest.raises(ValueError, match="no column 'hallucination_rate'"):
        engagement_explorer(tiny_table().drop(columns="hallucination_rate"))
    assert not (in_tmp / "decisions.json").exists()


def test_explorer_rejects_an_empty_table_with_a_clear_error(in_tmp):
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        engagement_explorer(tiny_table().iloc[0:0])
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        engagement_explorer({"ctr": [0.3]})


@pytest.mark.parametrize("index", [[1, 3], [2, 1]])
def test_gappy_or_unsorted_weeks_are_refused(in_tmp, index):
    with pytest.raises(ValueError, match="consecutive and in order"):
        engagement_explorer(tiny_table().set_axis(index))


# --------------------------------------------------------------------------------------------
# 3. decision persistence
# --------------------------------------------------------------------------------------------


def test_building_the_widget_does_not_write_a_decision(in_tmp, weekly7):
    engagement_explorer(weekly7)
    assert not (in_tmp / "decisions.json").exists()


def test_dropdowns_do_not_write_a_decision(in_tmp, weekly7):
    engagement, quality, _, _ = controls(engagement_explorer(weekly7))
    engagement.value = "dau"
    quality.value = "task_completion_rate"
    assert not (in_tmp / "decisions.json").exists()


def test_moving_the_slider_saves_the_week(in_tmp, weekly7):
    _, _, week, _ = controls(engagement_explorer(weekly7))
    week.value = 6
    saved = json.loads((in_tmp / "decisions.json").read_text(encoding="utf-8"))
    assert saved == {KEY: 6}
    assert type(saved[KEY]) is int
    week.value = 8
    assert json.loads((in_tmp / "decisions.json").read_text(encoding="utf-8")) == {KEY: 8}


def test_a_rebuilt_explorer_starts_from_the_saved_week(in_tmp, weekly7):
    first = engagement_explorer(weekly7)
    controls(first)[2].value = 6
    second = engagement_explorer(weekly7)
    _, _, week, readout = controls(second)
    assert second.value == week.value == 6
    assert readout.value == readout_for(weekly7, "ctr", "hallucination_rate", 6)


def test_custom_decision_key_and_other_decisions_are_kept(in_tmp, weekly7):
    (in_tmp / "decisions.json").write_text(json.dumps({"m2_threshold": 0.5}), encoding="utf-8")
    explorer = engagement_explorer(weekly7, decision_key="my_week")
    controls(explorer)[2].value = 3
    saved = json.loads((in_tmp / "decisions.json").read_text(encoding="utf-8"))
    assert saved == {"m2_threshold": 0.5, "my_week": 3}
    assert engagement_explorer(weekly7, decision_key="my_week").value == 3
    assert engagement_explorer(weekly7).value == 12  # the default key holds nothing


@pytest.mark.parametrize("content", [
    "{not json",
    "",
    json.dumps([KEY, 6]),
    json.dumps({KEY: "6"}),
    json.dumps({KEY: 6.0}),
    json.dumps({KEY: True}),
    json.dumps({KEY: None}),
    json.dumps({KEY: 99}),
    json.dumps({KEY: 0}),
    json.dumps({KEY: -3}),
], ids=["invalid-json", "empty-file", "list", "string", "float", "bool", "null",
        "week-after-table", "week-zero", "negative-week"])
def test_unusable_saved_decision_falls_back_to_last_week(in_tmp, weekly7, content):
    (in_tmp / "decisions.json").write_text(content, encoding="utf-8")
    explorer = engagement_explorer(weekly7)
    _, _, week, readout = controls(explorer)
    assert explorer.value == week.value == 12
    assert readout.value == readout_for(weekly7, "ctr", "hallucination_rate", 12)
    # and the next move replaces the unusable entry with a valid one
    week.value = 7
    saved = json.loads((in_tmp / "decisions.json").read_text(encoding="utf-8"))
    assert saved[KEY] == 7


def test_decision_store_round_trip(tmp_path):
    store = DecisionStore(tmp_path)
    assert store.path == tmp_path / "decisions.json"
    assert store.get(KEY, 12) == 12
    store.set(KEY, 6)
    assert store.get(KEY, 12) == 6
    assert DecisionStore(tmp_path).get(KEY, 12) == 6


def test_decision_store_defaults_to_the_current_folder(in_tmp):
    assert DecisionStore().path == in_tmp / "decisions.json"


@pytest.mark.parametrize("stored, default", [
    ("6", 12),
    (6.0, 12),
    (True, 12),
    (None, 12),
    ([6], 12),
    (6, 0.5),
    (6, "six"),
])
def test_decision_store_wrong_type_returns_default(tmp_path, stored, default):
    store = DecisionStore(tmp_path)
    store.set(KEY, stored)
    assert store.get(KEY, default) == default
    assert type(store.get(KEY, default)) is type(default)


def test_decision_store_set_on_unwritable_folder_is_silent(tmp_path):
    missing = tmp_path / "does-not-exist"
    store = DecisionStore(missing)
    store.set(KEY, 6)  # the folder is missing: writing fails, silently
    assert store.get(KEY, 12) == 12


# --------------------------------------------------------------------------------------------
# 4. palette and non-colour encodings
# --------------------------------------------------------------------------------------------


def test_palette_is_okabe_ito():
    published = {hex_.upper() for hex_ in OKABE_ITO.values()}
    assert PALETTE, "palette is empty"
    for name, colour in PALETTE.items():
        assert colour.upper() in published, f"{name}={colour} is not an Okabe-Ito colour"
    assert len({c.upper() for c in PALETTE.values()}) == len(PALETTE)
    # the names say which published colour they are
    expected_names = {"blue": "blue", "vermillion": "vermillion", "green": "bluish green",
                      "orange": "orange", "sky": "sky blue", "purple": "reddish purple",
                      "black": "black"}
    for name, published_name in expected_names.items():
        assert PALETTE[name].upper() == OKABE_ITO[published_name]


@pytest.mark.parametrize("engagement_key, quality_key", COMBINATIONS)
def test_series_differ_by_line_style_and_marker_not_colour_alone(in_tmp, weekly7, renders,
                                                                 engagement_key, quality_key):
    explorer = engagement_explorer(weekly7)
    engagement, quality, _, _ = controls(explorer)
    engagement.value = engagement_key
    quality.value = quality_key
    lines = series(renders[-1][1])
    e_line = lines[ENGAGEMENT_METRICS[engagement_key]]
    q_line = lines[QUALITY_METRICS[quality_key]]
    okabe_ito = {matplotlib.colors.to_hex(c) for c in OKABE_ITO.values()}
    for line in (e_line, q_line):
        assert matplotlib.colors.to_hex(line.get_color()) in okabe_ito
        assert line.get_marker() not in (None, "", "None", " ")
        assert line.get_linestyle() not in ("", "None", " ")
    assert matplotlib.colors.to_hex(e_line.get_color()) != matplotlib.colors.to_hex(
        q_line.get_color())
    assert e_line.get_linestyle() != q_line.get_linestyle()
    assert e_line.get_marker() != q_line.get_marker()
    # the week marker is a third, distinct encoding
    (marker,) = [line for label, line in lines.items() if label.startswith("roll back after")]
    assert marker.get_linestyle() not in (e_line.get_linestyle(), q_line.get_linestyle())
    # and the axes say what the numbers are
    ax = renders[-1][1].axes[0]
    assert "week" in ax.get_xlabel()
    assert "100" in ax.get_ylabel()
    legend_texts = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {ENGAGEMENT_METRICS[engagement_key], QUALITY_METRICS[quality_key]} <= legend_texts


def test_hex_values_written_here_are_well_formed():
    # the reference table above is itself checked, so a typo in it cannot hide a wrong palette
    for hex_ in OKABE_ITO.values():
        assert len(hex_) == 7 and hex_.startswith("#")
        rgb = matplotlib.colors.to_rgb(hex_)
        assert all(0 <= c <= 1 and math.isfinite(c) for c in rgb)
