"""Module 5 Goodhart simulations: validation, determinism, schema, helpers and the lessons.

The lessons are recomputed here independently (pandas and scipy, not the module's numpy
helpers) across 25 learner seeds.

Definitions used below (the ones the module teaches):

- the counter-metric **breaks its guardrail** when it is strictly above ``counter_limit``
  (``counter_direction="max"``, a ceiling) or strictly below it (``"min"``, a floor);
- the **crossing step** is the first step where it breaks;
- the **ship step** is the step with the best primary metric among the steps before the
  crossing; when the primary improves at every step it is the last step before the crossing,
  and it is also the best step among all those that respect the guardrail.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ai_product_metrics.datasets import DEFAULT_SEED
from ai_product_metrics.datasets import goodhart as G
from ai_product_metrics.grading.seeds import seed_from_id

SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]
SCENARIOS = list(G.GOODHART_SCENARIOS)
COLUMNS = {
    "recommender": [
        "step", "pressure", "impressions", "clicks", "orders", "returns", "ctr",
        "conversion_rate", "return_rate", "flashy_share", "net_revenue_eur",
        "net_revenue_per_1000_impressions",
    ],
    "support_chatbot": [
        "step", "pressure", "chats", "resolved", "recontacts", "resolution_rate",
        "recontact_within_7d", "true_resolution",
    ],
    "agent_assist": [
        "step", "pressure", "tickets", "avg_handle_time_s", "overrides", "agent_override_rate",
        "first_contact_resolutions", "first_contact_resolution",
    ],
    "draft_acceptance": [
        "step", "pressure", "drafts", "accepted", "peer_revised", "acceptance_rate",
        "peer_revision_rate", "details_per_draft", "net_minutes_saved_per_draft",
    ],
}
FEED_COLUMNS = [
    "round", "signal", "impressions", "clicks", "saves", "ctr", "save_rate", "sensational_share",
    "mean_quality_shown", "weight_sensational", "weight_quality",
]
# numerator, denominator of every rate column
RATES = {
    "recommender": {"ctr": ("clicks", "impressions"), "conversion_rate": ("orders", "clicks"),
                    "return_rate": ("returns", "orders")},
    "support_chatbot": {"resolution_rate": ("resolved", "chats"),
                        "recontact_within_7d": ("recontacts", "resolved")},
    "agent_assist": {"agent_override_rate": ("overrides", "tickets"),
                     "first_contact_resolution": ("first_contact_resolutions", "tickets")},
    "draft_acceptance": {"acceptance_rate": ("accepted", "drafts"),
                         "peer_revision_rate": ("peer_revised", "accepted")},
}
SIMULATIONS = [s.simulate for s in G.GOODHART_SCENARIOS.values()]
GENERATORS = [*SIMULATIONS, G.simulate_feedback_loop, G.compare_feedback_loops]


@cache
def _frame(name: str, seed: int) -> pd.DataFrame:
    return G.GOODHART_SCENARIOS[name].simulate(random_state=seed)


@cache
def _loop(seed: int, signal: str) -> pd.DataFrame:
    return G.simulate_feedback_loop(random_state=seed, signal=signal)


# --- independent computations ------------------------------------------------------------------


def _breaks(frame: pd.DataFrame, scenario: G.GoodhartScenario) -> pd.Series:
    counter = frame[scenario.counter]
    if scenario.counter_direction == "max":
        return counter.gt(scenario.counter_limit)
    return counter.lt(scenario.counter_limit)


def _crossing(frame: pd.DataFrame, scenario: G.GoodhartScenario) -> int | None:
    broken = frame.loc[_breaks(frame, scenario), "step"]
    return None if broken.empty else int(broken.iloc[0])


def _best_step(rows: pd.DataFrame, scenario: G.GoodhartScenario) -> int | None:
    if rows.empty:
        return None
    primary = rows.set_index("step")[scenario.primary]
    return int(primary.idxmax() if scenario.primary_direction == "max" else primary.idxmin())


def _ship(frame: pd.DataFrame, scenario: G.GoodhartScenario) -> int | None:
    crossing = _crossing(frame, scenario)
    before = frame if crossing is None else frame[frame.step < crossing]
    return _best_step(before, scenario)


def _sign(direction: str) -> int:
    return 1 if direction == "max" else -1


# --- validation, determinism -------------------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data(make):
    pd.testing.assert_frame_equal(make(random_state=5), make(random_state=5))


@pytest.mark.parametrize("make", GENERATORS)
def test_seeds_give_different_variants(make):
    assert not make(random_state=SEEDS[0]).equals(make(random_state=SEEDS[1]))


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_objects_are_accepted(make):
    a = make(random_state=np.random.default_rng(3))
    b = make(random_state=np.random.default_rng(3))
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("make", GENERATORS)
def test_frames_are_copies(make):
    frame = make(random_state=7)
    frame.iloc[0, 2] = -1
    assert make(random_state=7).iloc[0, 2] != -1


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bad", [None, -1, 1.5, "7", True])
def test_random_state_is_validated(make, bad):
    with pytest.raises(ValueError, match="random_state"):
        make(random_state=bad)


@pytest.mark.parametrize("make", SIMULATIONS)
@pytest.mark.parametrize("bad", [0, 9, 101, 20.0, True, "20"])
def test_n_steps_is_validated(make, bad):
    with pytest.raises(ValueError, match="n_steps"):
        make(random_state=1, n_steps=bad)


@pytest.mark.parametrize("make", [G.simulate_feedback_loop, G.compare_feedback_loops])
@pytest.mark.parametrize("bad", [0, 2, 51, 10.0, False])
def test_n_rounds_is_validated(make, bad):
    with pytest.raises(ValueError, match="n_rounds"):
        make(random_state=1, n_rounds=bad)


@pytest.mark.parametrize("bad", ["views", "Clicks", None, 1, ("clicks",)])
def test_signal_is_validated(bad):
    with pytest.raises(ValueError, match="signal"):
        G.simulate_feedback_loop(random_state=1, signal=bad)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_world_does_not_depend_on_n_steps(name):
    """A finer grid measures the same world: the guardrail breaks at about the same pressure."""
    scenario = G.GOODHART_SCENARIOS[name]
    coarse = scenario.simulate(random_state=SEEDS[2], n_steps=20)
    fine = scenario.simulate(random_state=SEEDS[2], n_steps=40)
    at = {len(f) - 1: f.pressure[f.step == _crossing(f, scenario)].iloc[0] for f in (coarse, fine)}
    assert abs(at[20] - at[40]) <= 0.1


# --- schema and consistency --------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("seed", [DEFAULT_SEED, SEEDS[0]])
def test_schema_and_consistency(name, seed):
    frame = _frame(name, seed)
    assert list(frame.columns) == COLUMNS[name]
    assert not frame.isna().any().any()
    np.testing.assert_array_equal(frame.step, np.arange(21))
    np.testing.assert_allclose(frame.pressure, np.arange(21) / 20)
    counts = {"step"} | {column for pair in RATES[name].values() for column in pair}
    counts |= {"recommender": {"impressions", "net_revenue_eur"}, "draft_acceptance": {"drafts"}}.get(
        name, set()
    )
    for column in frame.columns:
        assert frame[column].dtype == (np.int64 if column in counts else np.float64), column
    for rate, (numerator, denominator) in RATES[name].items():
        assert frame[numerator].dtype == np.int64 and frame[denominator].dtype == np.int64
        assert (frame[numerator] <= frame[denominator]).all()
        np.testing.assert_allclose(frame[rate], frame[numerator] / frame[denominator], atol=5.1e-5)
        assert frame[rate].between(0, 1).all()
    if name == "recommender":
        assert frame.impressions.between(9_900_000, 10_100_000).all()
        np.testing.assert_allclose(
            frame.net_revenue_per_1000_impressions, 1000 * frame.net_revenue_eur / frame.impressions,
            atol=0.0051,
        )
        assert frame.flashy_share.between(0, 1).all()
    elif name == "support_chatbot":
        np.testing.assert_allclose(
            frame.true_resolution, (frame.resolved - frame.recontacts) / frame.chats, atol=5.1e-5
        )
    elif name == "agent_assist":
        assert frame.avg_handle_time_s.between(120, 900).all()
    else:
        minutes = (G.MINUTES_SAVED_PER_ACCEPTED_DRAFT * frame.accepted
                   - G.MINUTES_PER_PEER_REVISION * frame.peer_revised) / frame.drafts
        np.testing.assert_allclose(frame.net_minutes_saved_per_draft, minutes, atol=5.1e-4)
        assert (frame.details_per_draft > 0).all()


@pytest.mark.parametrize("name", SCENARIOS)
def test_n_steps_sets_the_grid(name):
    frame = G.GOODHART_SCENARIOS[name].simulate(random_state=3, n_steps=10)
    np.testing.assert_array_equal(frame.step, np.arange(11))
    np.testing.assert_allclose(frame.pressure, np.arange(11) / 10)


@pytest.mark.parametrize("seed", [DEFAULT_SEED, SEEDS[0]])
def test_feedback_loop_schema(seed):
    for signal in G.FEED_SIGNALS:
        frame = _loop(seed, signal)
        assert list(frame.columns) == FEED_COLUMNS
        np.testing.assert_array_equal(frame["round"], np.arange(11))
        assert (frame.signal == signal).all()
        for column in ("round", "impressions", "clicks", "saves"):
            assert frame[column].dtype == np.int64, column
        np.testing.assert_allclose(frame.ctr, frame.clicks / frame.impressions, atol=5.1e-5)
        np.testing.assert_allclose(frame.save_rate, frame.saves / frame.impressions, atol=5.1e-5)
        assert frame.sensational_share.between(0, 1).all()
        assert frame.mean_quality_shown.between(0, 100).all()
        np.testing.assert_allclose(frame.weight_sensational[0], 0.1)
    both = G.compare_feedback_loops(random_state=seed)
    pd.testing.assert_frame_equal(
        both, pd.concat([_loop(seed, "clicks"), _loop(seed, "saves")], ignore_index=True)
    )
    assert len(G.simulate_feedback_loop(random_state=seed, n_rounds=3)) == 4


def test_both_loops_start_from_the_same_round():
    """Same seed, same articles and the same launch model: round 0 differs only by its label."""
    for seed in SEEDS[:5]:
        clicks, saves = _loop(seed, "clicks"), _loop(seed, "saves")
        pd.testing.assert_frame_equal(clicks.drop(columns="signal").iloc[:1], saves.drop(columns="signal").iloc[:1])
        assert not clicks.drop(columns="signal").equals(saves.drop(columns="signal"))


# --- the registry ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_registry_describes_its_frame(name):
    scenario = G.GOODHART_SCENARIOS[name]
    assert scenario.name == name
    frame = _frame(name, DEFAULT_SEED)
    for column in (scenario.primary, scenario.counter, scenario.outcome):
        assert column in frame.columns
    assert scenario.primary_direction in ("max", "min")
    assert scenario.counter_direction in ("max", "min")
    assert scenario.outcome_direction in ("max", "min")
    assert 0 < scenario.counter_limit < 1
    for text in (scenario.title, scenario.primary_unit, scenario.primary_description,
                 scenario.counter_unit, scenario.counter_description, scenario.outcome_unit,
                 scenario.outcome_description, scenario.pressure_description):
        assert isinstance(text, str) and len(text) > 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.counter_limit = 0.5  # type: ignore[misc]


def test_registry_matches_the_brief():
    expected = {
        "recommender": ("ctr", "max", "return_rate", "max", 0.12),
        "support_chatbot": ("resolution_rate", "max", "recontact_within_7d", "max", 0.20),
        "agent_assist": ("avg_handle_time_s", "min", "agent_override_rate", "max", 0.10),
        "draft_acceptance": ("acceptance_rate", "max", "peer_revision_rate", "max", 0.15),
    }
    for name, fields in expected.items():
        s = G.GOODHART_SCENARIOS[name]
        assert (s.primary, s.primary_direction, s.counter, s.counter_direction, s.counter_limit) == fields


def test_breaches_and_better():
    ceiling = G.GOODHART_SCENARIOS["recommender"]
    np.testing.assert_array_equal(ceiling.breaches([0.11, 0.12, 0.1201]), [False, False, True])
    floor = dataclasses.replace(ceiling, counter_direction="min", counter_limit=0.5)
    np.testing.assert_array_equal(floor.breaches([0.4, 0.5, 0.6]), [True, False, False])
    aht = G.GOODHART_SCENARIOS["agent_assist"]
    assert aht.better(400, 410) and not aht.better(410, 400) and not aht.better(400, 400)
    assert ceiling.better(0.05, 0.04) and not ceiling.better(0.04, 0.05)
    with pytest.raises(ValueError, match="counter_direction"):
        dataclasses.replace(ceiling, counter_direction="below")
    with pytest.raises(ValueError, match="primary_direction"):
        dataclasses.replace(ceiling, primary_direction="up")


# --- the helpers -------------------------------------------------------------------------------


def _toy(counter, primary=None, steps=None):
    counter = list(counter)
    return pd.DataFrame({
        "step": steps if steps is not None else range(len(counter)),
        "ctr": primary if primary is not None else np.linspace(0.03, 0.06, len(counter)),
        "return_rate": counter,
    })


def test_helpers_on_small_frames():
    rec = G.GOODHART_SCENARIOS["recommender"]
    # a value on the limit respects it
    frame = _toy([0.08, 0.12, 0.13, 0.11])
    assert G._crossing_step(frame, rec) == 2 and G._ship_step(frame, "recommender") == 1
    # never crosses: the best step overall; crosses at once: nothing to ship
    assert G._crossing_step(_toy([0.05, 0.06]), rec) is None
    assert G._ship_step(_toy([0.05, 0.06], primary=[0.04, 0.03]), rec) == 0
    assert G._crossing_step(_toy([0.2, 0.06]), rec) == 0 and G._ship_step(_toy([0.2, 0.06]), rec) is None
    # the best primary before the crossing, the earliest on a tie; step values, not positions
    frame = _toy([0.05, 0.06, 0.07, 0.2], primary=[0.03, 0.05, 0.05, 0.09], steps=[3, 5, 8, 9])
    assert G._ship_step(frame, rec) == 5 and G._crossing_step(frame, rec) == 9
    # lower is better, and a floor
    aht = G.GOODHART_SCENARIOS["agent_assist"]
    frame = pd.DataFrame({"step": [0, 1, 2, 3], "avg_handle_time_s": [480, 470, 475, 440],
                          "agent_override_rate": [0.05, 0.08, 0.09, 0.11]})
    assert G._crossing_step(frame, aht) == 3 and G._ship_step(frame, aht) == 1
    floor = dataclasses.replace(aht, counter="first_contact_resolution", counter_direction="min",
                                counter_limit=0.7)
    frame = frame.assign(first_contact_resolution=[0.75, 0.72, 0.70, 0.69])
    assert G._crossing_step(frame, floor) == 3 and G._ship_step(frame, floor) == 1


@pytest.mark.parametrize(
    ("frame", "scenario", "message"),
    [
        (_toy([0.1]), "recommendations", "scenario"),
        (_toy([0.1]), 3, "scenario"),
        (_toy([0.1]).to_dict(), "recommender", "DataFrame"),
        (_toy([0.1]).drop(columns="ctr"), "recommender", "lacks"),
        (_toy([0.1]).iloc[:0], "recommender", "empty"),
        (_toy([0.1, np.nan]), "recommender", "finite"),
        (_toy([0.1, 0.2]).assign(ctr=["a", "b"]), "recommender", "numbers"),
        (_toy([0.1, 0.2], steps=[1, 0]), "recommender", "increasing"),
        (_toy([0.1, 0.2], steps=[0, 0]), "recommender", "increasing"),
        (_toy([0.1, 0.2], steps=[0, 0.5]), "recommender", "whole"),
    ],
)
def test_helpers_validate(frame, scenario, message):
    for helper in (G._crossing_step, G._ship_step):
        with pytest.raises(ValueError, match=message):
            helper(frame, scenario)


@pytest.mark.parametrize("name", SCENARIOS)
def test_helpers_match_an_independent_computation(name):
    scenario = G.GOODHART_SCENARIOS[name]
    for seed in SEEDS:
        frame = _frame(name, seed)
        assert G._crossing_step(frame, scenario) == _crossing(frame, scenario)
        assert G._ship_step(frame, name) == _ship(frame, scenario)
        # and on the steps before the crossing alone, where the guardrail never breaks
        head = frame.iloc[: _crossing(frame, scenario)]
        assert G._crossing_step(head, scenario) is None
        assert G._ship_step(head, scenario) == _best_step(head, scenario)


# --- the lessons, on 25 learner seeds ----------------------------------------------------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_guardrail_breaks_strictly_inside_and_the_primary_keeps_improving(name):
    scenario = G.GOODHART_SCENARIOS[name]
    up = _sign(scenario.primary_direction)
    for seed in SEEDS:
        frame = _frame(name, seed)
        last = int(frame.step.iloc[-1])
        crossing = _crossing(frame, scenario)
        assert crossing is not None and 0 < crossing < last, (name, seed)
        # the counter stays broken once broken, and worsens over the range
        assert _breaks(frame, scenario)[frame.step >= crossing].all(), (name, seed)
        counter_trend = stats.spearmanr(frame.step, frame[scenario.counter]).statistic
        assert counter_trend * _sign(scenario.counter_direction) > 0.95
        # the primary improves step after step (up to noise) and beyond the crossing
        primary = frame.set_index("step")[scenario.primary]
        assert up * stats.spearmanr(primary.index, primary).statistic > 0.95, (name, seed)
        assert up * (primary[last] - primary[crossing]) > 0, (name, seed)
        assert up * (primary[last] - primary[crossing - 1]) > 0, (name, seed)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_ship_step_is_the_last_step_before_the_crossing(name):
    """Both definitions agree: the last step before the crossing, the best step that holds."""
    scenario = G.GOODHART_SCENARIOS[name]
    for seed in SEEDS:
        frame = _frame(name, seed)
        ship = G._ship_step(frame, scenario)
        assert ship == _crossing(frame, scenario) - 1, (name, seed)
        assert ship == _best_step(frame[~_breaks(frame, scenario)], scenario), (name, seed)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_guardrail_protects_the_outcome(name):
    """The business outcome at the ship step beats the outcome at full pressure."""
    scenario = G.GOODHART_SCENARIOS[name]
    up = _sign(scenario.outcome_direction)
    for seed in SEEDS:
        frame = _frame(name, seed).set_index("step")
        outcome = frame[scenario.outcome]
        ship = G._ship_step(frame.reset_index(), scenario)
        assert up * (outcome[ship] - outcome.iloc[-1]) > 0, (name, seed)


def test_recommender_lesson():
    """CTR and returns rise; net revenue per 1000 impressions rises first, then falls."""
    for seed in SEEDS:
        f = _frame("recommender", seed)
        assert f.ctr.iloc[-1] > 1.6 * f.ctr.iloc[0]
        assert f.return_rate.iloc[0] < 0.10 and f.return_rate.iloc[-1] > 0.16
        assert stats.spearmanr(f.step, f.flashy_share).statistic > 0.95
        assert f.conversion_rate.iloc[-1] < f.conversion_rate.iloc[0]
        net = f.net_revenue_per_1000_impressions
        peak = int(net.idxmax())
        assert 0 < peak < 20, seed
        assert net[peak] > 1.01 * net[0], seed
        assert net.iloc[-1] < 0.9 * net[peak], seed


def test_support_chatbot_lesson():
    """Resolution rises, recontact rises, true resolution peaks inside the range then falls."""
    for seed in SEEDS:
        f = _frame("support_chatbot", seed)
        assert f.resolution_rate.iloc[-1] > f.resolution_rate.iloc[0] + 0.2
        assert f.recontact_within_7d.iloc[0] < 0.1
        true = f.true_resolution
        peak = int(true.idxmax())
        assert 0 < peak < 20, seed
        assert true[peak] > 1.1 * true[0] and true.iloc[-1] < 0.97 * true[peak], seed


def test_agent_assist_lesson():
    """Handle time falls, first-contact resolution falls, overrides rise."""
    for seed in SEEDS:
        f = _frame("agent_assist", seed)
        assert f.avg_handle_time_s.iloc[-1] < 0.85 * f.avg_handle_time_s.iloc[0]
        assert f.first_contact_resolution.iloc[-1] < f.first_contact_resolution.iloc[0] - 0.1
        assert stats.spearmanr(f.step, f.first_contact_resolution).statistic < -0.95
        assert f.agent_override_rate.iloc[0] < 0.05 and f.agent_override_rate.iloc[-1] > 0.15


def test_draft_acceptance_lesson():
    """Acceptance rises as drafts get blander; peer revisions rise; net minutes peak inside."""
    for seed in SEEDS:
        f = _frame("draft_acceptance", seed)
        assert f.acceptance_rate.iloc[-1] > f.acceptance_rate.iloc[0] + 0.1
        assert stats.spearmanr(f.step, f.details_per_draft).statistic < -0.95
        assert f.peer_revision_rate.iloc[0] < 0.1 and f.peer_revision_rate.iloc[-1] > 0.19
        minutes = f.net_minutes_saved_per_draft
        peak = int(minutes.idxmax())
        assert 0 < peak < 20, seed
        assert minutes.iloc[-1] < 0.99 * minutes[peak], seed


def test_feedback_loop_lesson():
    """Trained on clicks the feed drifts to sensational articles; trained on saves it keeps quality."""
    gaps = []
    for seed in SEEDS:
        clicks, saves = _loop(seed, "clicks"), _loop(seed, "saves")
        gaps.append(saves.mean_quality_shown.iloc[-1] - clicks.mean_quality_shown.iloc[-1])
        assert gaps[-1] > 20, seed
        # the click-trained loop drifts
        assert clicks.sensational_share.iloc[-1] >= clicks.sensational_share.iloc[0] + 0.3
        assert clicks.mean_quality_shown.iloc[-1] < clicks.mean_quality_shown.iloc[0] - 20
        quality = clicks.mean_quality_shown
        assert quality.iloc[-3:].mean() < quality.iloc[:3].mean() - 15, seed
        assert clicks.weight_sensational.iloc[-1] > clicks.weight_quality.iloc[-1]
        # the save-trained loop keeps quality
        assert saves.mean_quality_shown.iloc[-3:].mean() > saves.mean_quality_shown.iloc[0] - 10
        assert saves.sensational_share.iloc[-1] <= 0.15
        # the proxy looks better for the click loop
        assert clicks.ctr.iloc[-1] > saves.ctr.iloc[-1]
        assert clicks.save_rate.iloc[-1] < saves.save_rate.iloc[-1]
    assert min(gaps) > 0
