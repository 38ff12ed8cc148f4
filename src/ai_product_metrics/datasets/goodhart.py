"""Module 5 scenario: Goodhart's law, counter-metrics and feedback loops.

"When a measure becomes a target, it ceases to be a good measure." Each simulation here is a
small seeded model of one AI product whose team optimises one **primary metric**, step by
step, harder and harder. Step 0 is the product as launched; at the last step the team pushes
as hard as it can (``pressure`` from 0 to 1). The primary metric improves at every step (in
expectation: each step is measured on a fresh week of traffic, with its sampling noise);
a **counter-metric** (the guardrail) shows what the push costs, and a business **outcome**
shows what the company actually gets.

- **Recommender** (``simulate_recommender``). An online shop's "you may also like" strip is
  tuned for click-through rate. Under pressure it shows more items with high click appeal
  (flashy thumbnails, low price anchors) and fewer that fit the shopper, so more orders come
  back (returns and cancellations). Net revenue per 1000 impressions rises, then falls.
- **Support chatbot** (``simulate_support_chatbot``). Tuned for resolution rate (chats the
  bot marks resolved). Under pressure it closes chats more eagerly, so more customers come
  back within seven days (escalation after "resolution"); true resolution peaks, then falls.
- **Agent assist** (``simulate_agent_assist``). An assistant for human support agents tuned
  for average handle time (lower is better). Under pressure it suggests closing tickets
  sooner; first-contact resolution falls and agents override the suggested close more often.
- **Draft acceptance** (``simulate_draft_acceptance``). An AI writing assistant tuned for the
  share of drafts accepted. Under pressure its drafts become blander and safer, with fewer
  concrete details, and get accepted more often, while colleagues revise more of the accepted
  texts later.

``GOODHART_SCENARIOS`` describes the four for notebooks and widgets: the primary metric and
whether higher or lower is better, the counter-metric and its guardrail (``counter_limit``:
with ``counter_direction="max"`` the counter must stay *at or below* the limit, a ceiling;
with ``"min"`` at or above it, a floor), and the outcome. The private ``_crossing_step``
(the first step at which the counter breaks its guardrail) and ``_ship_step`` (the best
primary metric among the steps before that crossing) are the answers of module 5's first
checkpoint: the tests use them, and they stay out of the public API so that the exercise
remains the learner's.

**Feedback loops** (``simulate_feedback_loop``). A news feed is retrained every round on the
signal it logged about its own recommendations. Clicks reward sensational headlines, saves
reward quality: the click-trained loop drifts toward sensational articles and the quality of
what it shows falls, while the save-trained loop keeps showing good articles.

How the seeds work: each seed draws its own population (shoppers and items, chats, tickets,
drafting tasks, articles) and its own effect sizes. The four Goodhart worlds are calibrated so
that the expected counter-metric reaches its guardrail at a seed-dependent pressure between
0.35 and 0.65, strictly inside the range, so the guardrail breaks after step 0 and before
the last step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit, ndtr

from ._common import check_positive_int, check_random_state, remember_frames

__all__ = [
    "CROSSING_PRESSURE",
    "FEED_SIGNALS",
    "GOODHART_SCENARIOS",
    "GoodhartScenario",
    "MINUTES_PER_PEER_REVISION",
    "MINUTES_SAVED_PER_ACCEPTED_DRAFT",
    "OVERRIDE_LIMIT",
    "PEER_REVISION_LIMIT",
    "RECONTACT_LIMIT",
    "RETURN_RATE_LIMIT",
    "SENSATIONAL_CUTOFF",
    "compare_feedback_loops",
    "simulate_agent_assist",
    "simulate_draft_acceptance",
    "simulate_feedback_loop",
    "simulate_recommender",
    "simulate_support_chatbot",
]

#: Range of the pressure at which a world's expected counter-metric reaches its guardrail
#: (drawn uniformly per seed).
CROSSING_PRESSURE = (0.35, 0.65)
MIN_STEPS, MAX_STEPS = 10, 100

# --- guardrails (ceilings: each counter-metric must stay at or below its limit) ---------------
#: Recommender: at most 12 % of orders returned or cancelled.
RETURN_RATE_LIMIT = 0.12
#: Support chatbot: at most 20 % of resolved chats followed by a recontact within 7 days.
RECONTACT_LIMIT = 0.20
#: Agent assist: the agents override at most 10 % of the suggested closes.
OVERRIDE_LIMIT = 0.10
#: Draft acceptance: colleagues revise at most 15 % of the accepted texts.
PEER_REVISION_LIMIT = 0.15

# --- recommender ------------------------------------------------------------------------------
_REC_SHOPPERS, _REC_ITEMS = 150, 500
_REC_IMPRESSIONS = 10_000_000  # recommendation impressions a week
_REC_SOFTMAX = 2.5  # how sharply exposure follows the ranking score (a soft top-k)
_REC_QUALITY_APPEAL = -0.3  # correlation of an item's general quality with its click appeal
_REC_OWN_APPEAL = 0.6  # weight of the item's own appeal in what a shopper sees (rest: taste)
_REC_PRICE_APPEAL = -0.45  # correlation of log price with click appeal: low price anchors
_REC_PRICE_SPREAD = 0.5  # log-scale spread of prices
_REC_CLICK = (0.8, 0.45)  # log-odds of a click: appeal, fit
_REC_ORDER = (0.6, -0.1)  # log-odds of an order after a click: fit, log price (standardised)
_REC_RETURN = (0.6, -0.5)  # log-odds of a return or cancellation: appeal, fit
_REC_FLASHY_SHARE = 0.2  # the items with the highest own click appeal count as "flashy"

# --- support chatbot --------------------------------------------------------------------------
_BOT_CHATS = 25_000  # chats a week
_BOT_POPULATION = 4000
_BOT_SKILL = (2.2, 2.0)  # log-odds that the bot's answer solves a chat: mean, spread
_BOT_ESTIMATE_NOISE = 0.6  # the bot's error when it judges its own answer (log-odds)
_BOT_CLOSE_SLOPE = 1.5
_BOT_THRESHOLD_DROP = 3.0  # log-odds by which the closing threshold falls per unit of push
_BOT_PREMATURE = 0.8  # solved share lost to premature closing: 1 - exp(-0.8 push^2)
_BOT_COME_BACK = 0.9  # customers whose issue is not solved and who come back within 7 days
_BOT_OTHER_RECONTACT = 0.02

# --- agent assist -----------------------------------------------------------------------------
_ASSIST_TICKETS = 100_000  # tickets a week (a contact centre of about 500 agents)
_ASSIST_POPULATION = 4000
_ASSIST_TIME_SPREAD = 0.5  # log-scale spread of the work a ticket needs
_ASSIST_ESTIMATE_NOISE = 0.2  # the assist's error on the work a ticket needs (log scale)
_ASSIST_EARLIER = 0.8  # the suggested close moves to exp(-0.8 push) of the estimate
_ASSIST_TOLERANCE = (0.7, 0.35)  # agents override when log(needed / suggested) exceeds N(0.7, 0.35)
_ASSIST_OTHER_OVERRIDE = 0.01
_ASSIST_WILLING = 0.5  # share of agents who ever override a close (the others always follow)
_ASSIST_HURRY = 0.2  # agents who override still speed up: exp(-0.2 push)
_ASSIST_WRAP_UP_S = 30.0
_ASSIST_OVERRIDE_S = 30.0  # extra seconds an override costs
_ASSIST_UNFINISHED = 1.5  # first-contact resolution of a ticket closed early: f0 x done^1.5

# --- draft acceptance -------------------------------------------------------------------------
_DRAFT_WEEKLY = 80_000  # drafts a week (a company of about 8,000 writers)
_DRAFT_POPULATION = 4000
_DRAFT_FIT = 0.5  # correlation of the draft's specificity with what the task needs
_DRAFT_BLANDER = 1.3  # specificity lost per unit of push (in task standard deviations)
_DRAFT_ACCEPT_SLOPE = 1.3  # log-odds of acceptance lost per unit of specificity
_DRAFT_REVISION = (-5.0, 2.6)  # log-odds of a peer revision: intercept, per unit of missing detail
_DRAFT_DETAILS = (1.1, 0.35)  # concrete details per draft: exp(1.1 + 0.35 specificity)
#: Minutes an accepted draft saves its writer, and minutes a colleague spends revising it.
MINUTES_SAVED_PER_ACCEPTED_DRAFT = 10.0
MINUTES_PER_PEER_REVISION = 20.0

# --- feedback loop ----------------------------------------------------------------------------
#: The logged signals a feed can be retrained on.
FEED_SIGNALS = ("clicks", "saves")
#: An article is "sensational" when its latent sensationalism is at least one standard
#: deviation above the mean candidate's (about the 16 % most sensational candidates).
SENSATIONAL_CUTOFF = 1.0
_FEED_CANDIDATES = 600  # fresh candidate articles each round
_FEED_TOP_K = 30
_FEED_IMPRESSIONS = 4000  # impressions of each shown article in a round
_FEED_QUALITY_SENSATION = -0.3  # correlation of quality with sensationalism
_FEED_FEATURE_NOISE = 0.6  # headline features: latent trait + noise of this spread
_FEED_CLICK = (0.9, 0.2)  # log-odds of a click: sensationalism, quality
_FEED_SAVE = (-0.2, 1.0)  # log-odds of a save: sensationalism, quality
_FEED_LAUNCH_WEIGHTS = (0.1, 0.8)  # the launch model's weights: sensational, quality feature
_FEED_LEARNING_RATE = 0.25


def _between(u: float, low: float, high: float) -> float:
    return float(low + (high - low) * u)


def _steps(n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    n_steps = check_positive_int(n_steps, "n_steps", minimum=MIN_STEPS, maximum=MAX_STEPS)
    step = np.arange(n_steps + 1)
    return step, step / n_steps


def _push_scale(counter_at: Callable[[float], float], limit: float, crossing: float) -> float:
    """How fast pressure turns into push: the counter reaches ``limit`` at ``crossing``."""
    push_at_limit = brentq(lambda e: counter_at(e) - limit, 0.0, 20.0)
    return push_at_limit / crossing


# --- (a) recommender --------------------------------------------------------------------------


def _compress(x: np.ndarray, weight: np.ndarray, bins: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """A weighted histogram of ``x``: bin centres and the weight in each bin (for calibration)."""
    total, edges = np.histogram(x, bins=bins, weights=weight)
    return (edges[:-1] + edges[1:]) / 2, total


def _calibrate(x: np.ndarray, weight: np.ndarray, target: float) -> float:
    """The shift ``b`` for which the weighted mean of ``expit(x + b)`` is ``target``."""
    centre, mass = _compress(x, weight)
    mass = mass / mass.sum()
    return brentq(lambda b: float(mass @ expit(centre + b)) - target, -30.0, 30.0)


def _recommender_world(rng: np.random.Generator) -> dict:
    u = rng.uniform(size=5)
    world_seed, noise_seed = (int(s) for s in rng.integers(2**32, size=2))
    crossing = _between(u[0], *CROSSING_PRESSURE)
    ctr0 = _between(u[1], 0.025, 0.035)
    conversion0 = _between(u[2], 0.08, 0.11)
    median_price = _between(u[3], 30.0, 40.0)
    return_cost = _between(u[4], 7.0, 10.0)

    g = np.random.default_rng(world_seed)
    n_s, n_i = _REC_SHOPPERS, _REC_ITEMS
    quality = g.standard_normal(n_i)
    rho = _REC_QUALITY_APPEAL
    own_appeal = rho * quality + np.sqrt(1 - rho**2) * g.standard_normal(n_i)
    rho = _REC_PRICE_APPEAL
    log_price_z = rho * own_appeal + np.sqrt(1 - rho**2) * g.standard_normal(n_i)
    price = median_price * np.exp(_REC_PRICE_SPREAD * log_price_z)
    fit = 0.6 * quality + 0.8 * g.standard_normal((n_s, n_i))
    appeal = _REC_OWN_APPEAL * own_appeal + np.sqrt(1 - _REC_OWN_APPEAL**2) * g.standard_normal((n_s, n_i))

    click_part = _REC_CLICK[0] * appeal + _REC_CLICK[1] * fit
    order_part = _REC_ORDER[0] * fit + _REC_ORDER[1] * log_price_z
    return_part = _REC_RETURN[0] * appeal + _REC_RETURN[1] * fit
    # the ranker: at pressure 0 it ranks by fit (its purchase model), at 1 by predicted clicks
    z_fit = _REC_SOFTMAX * (fit - fit.mean()) / fit.std()
    z_shift = _REC_SOFTMAX * (click_part - click_part.mean()) / click_part.std() - z_fit

    def exposure(p: float) -> np.ndarray:
        """Share of all impressions per shopper and item (each shopper gets the same traffic).

        A softmax of the score z_fit + p * (z_click - z_fit) over each shopper's items, in
        place; the scores are standardised, far from overflowing ``exp``.
        """
        w = np.multiply(z_shift, p)
        w += z_fit
        np.exp(w, out=w)
        w /= w.sum(axis=1, keepdims=True) * n_s
        return w

    w0 = exposure(0.0)
    click = expit(click_part + _calibrate(click_part, w0, ctr0))
    order = expit(order_part + _calibrate(order_part, w0 * click, conversion0))
    ordered = exposure(crossing) * click * order
    returned = expit(return_part + _calibrate(return_part, ordered, RETURN_RATE_LIMIT))
    flashy = own_appeal >= np.quantile(own_appeal, 1 - _REC_FLASHY_SHARE)
    # per impression: click, order, return, kept, revenue kept, its square, flashy
    ordered = click * order
    kept = ordered * (1 - returned)
    per_impression = np.stack(
        [click, ordered, ordered * returned, kept, kept * price, kept * price**2,
         np.broadcast_to(flashy, (n_s, n_i)).astype(float)]
    ).reshape(7, -1)
    return {
        "exposure": exposure,
        "per_impression": per_impression,
        "return_cost": return_cost,
        "noise_seed": noise_seed,
    }


@remember_frames
def simulate_recommender(*, random_state: int | np.random.Generator, n_steps: int = 20) -> pd.DataFrame:
    """A shop's recommender optimised step by step for click-through rate.

    Each seed draws 150 shoppers and 500 items. An item has a click appeal (how much its
    thumbnail and price anchor catch the eye, partly the item's own and partly the shopper's
    taste), a price (lower for appealing items: low price anchors) and a fit with each
    shopper. Clicks follow appeal and fit, orders after a click follow fit, and an order is
    more often returned or cancelled when the item was bought for its appeal rather than its
    fit. At pressure 0 the ranker orders items by fit; with pressure it mixes in its click
    model until, at pressure 1, it ranks by predicted clicks alone. Each step is measured on
    a week of about 10 million impressions.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_steps : int, default 20
        Number of optimisation steps after launch (10 to 100); the frame has ``n_steps + 1``
        rows and the world does not depend on it.

    Returns
    -------
    pandas.DataFrame
        One row per step with columns ``step`` (0 = launch), ``pressure`` (``step /
        n_steps``), ``impressions``, ``clicks``, ``orders``, ``returns`` (orders returned or
        cancelled), ``ctr`` (``clicks / impressions``), ``conversion_rate`` (``orders /
        clicks``), ``return_rate`` (``returns / orders``, the counter-metric, guardrail: at
        most ``0.12``), ``flashy_share`` (share of impressions on the fifth of items with the
        highest click appeal), ``net_revenue_eur`` (revenue of the orders kept minus the
        handling cost of returns, whole euros) and ``net_revenue_per_1000_impressions``
        (``1000 * net_revenue_eur / impressions``, 2 decimals).

    Examples
    --------
    >>> frame = simulate_recommender(random_state=0)
    >>> len(frame), list(frame.columns[:4])
    (21, ['step', 'pressure', 'impressions', 'clicks'])
    >>> bool(frame["ctr"].iloc[-1] > frame["ctr"].iloc[0])
    True
    >>> bool(frame["return_rate"].iloc[0] < 0.12 < frame["return_rate"].iloc[-1])
    True
    >>> peak = int(frame["net_revenue_per_1000_impressions"].idxmax())
    >>> 0 < peak < 20
    True
    """
    step, pressure = _steps(n_steps)
    world = _recommender_world(check_random_state(random_state))
    rng = np.random.default_rng(world["noise_seed"])
    n = len(step)
    impressions = rng.poisson(_REC_IMPRESSIONS, size=n)
    clicks, orders, returns = (np.zeros(n, dtype=np.int64) for _ in range(3))
    net = np.zeros(n)
    flashy_share = np.zeros(n)
    for t, p in enumerate(pressure):
        # einsum's own loop, not BLAS: a multi-threaded matrix product is slow on a busy machine
        exposure = world["exposure"](p).ravel()
        ctr, ordered, returned, kept, value, value2, flashy_share[t] = np.einsum(
            "kn,n->k", world["per_impression"], exposure
        )
        mean_value = value / kept
        sd_value = np.sqrt(max(value2 / kept - mean_value**2, 0.0))
        clicks[t] = rng.binomial(impressions[t], ctr)
        orders[t] = rng.binomial(clicks[t], ordered / ctr)
        returns[t] = rng.binomial(orders[t], returned / ordered)
        n_kept = orders[t] - returns[t]
        revenue = n_kept * mean_value + sd_value * np.sqrt(n_kept) * rng.standard_normal()
        net[t] = revenue - world["return_cost"] * returns[t]
    net = np.round(net).astype(np.int64)  # whole euros: the CSV keeps every digit of an integer
    return pd.DataFrame(
        {
            "step": step.astype(np.int64),
            "pressure": np.round(pressure, 4),
            "impressions": impressions.astype(np.int64),
            "clicks": clicks,
            "orders": orders,
            "returns": returns,
            "ctr": np.round(clicks / impressions, 4),
            "conversion_rate": np.round(orders / clicks, 4),
            "return_rate": np.round(returns / orders, 4),
            "flashy_share": np.round(flashy_share, 4),
            "net_revenue_eur": net,
            "net_revenue_per_1000_impressions": np.round(1000 * net / impressions, 2),
        }
    )


# --- (b) support chatbot ----------------------------------------------------------------------


def _chatbot_world(rng: np.random.Generator) -> dict:
    u = rng.uniform(size=2)
    world_seed = int(rng.integers(2**32))
    noise_seed = int(rng.integers(2**32))
    crossing = _between(u[0], *CROSSING_PRESSURE)
    resolution0 = _between(u[1], 0.45, 0.55)
    g = np.random.default_rng(world_seed)
    skill = _BOT_SKILL[0] + _BOT_SKILL[1] * g.standard_normal(_BOT_POPULATION)
    solves = expit(skill)
    judged = skill + _BOT_ESTIMATE_NOISE * g.standard_normal(_BOT_POPULATION)

    def rates(threshold: float, push: float) -> tuple[float, float]:
        closes = expit(_BOT_CLOSE_SLOPE * (judged - threshold + _BOT_THRESHOLD_DROP * push))
        solved = solves * np.exp(-_BOT_PREMATURE * push**2)
        back = _BOT_OTHER_RECONTACT + (1 - _BOT_OTHER_RECONTACT) * (1 - solved) * _BOT_COME_BACK
        return float(closes.mean()), float((closes * back).sum() / closes.sum())

    threshold = brentq(lambda t: rates(t, 0.0)[0] - resolution0, -20, 20)
    scale = _push_scale(lambda e: rates(threshold, e)[1], RECONTACT_LIMIT, crossing)
    return {"rates": lambda p: rates(threshold, scale * p), "noise_seed": noise_seed}


@remember_frames
def simulate_support_chatbot(*, random_state: int | np.random.Generator, n_steps: int = 20) -> pd.DataFrame:
    """A support chatbot optimised step by step for its resolution rate.

    Each seed draws 4,000 kinds of chat. For each, the bot's answer solves the customer's
    problem with some probability, and the bot judges that probability with some error. The
    bot marks a chat resolved when its judgement clears a closing threshold; unresolved chats
    go to a human agent. Under pressure the threshold falls (the bot closes more eagerly) and
    the bot closes chats before checking that its answer worked, so fewer "resolved" chats
    are really solved. Nine in ten customers whose problem was not solved contact support
    again within seven days (2 % come back for other reasons). Each step is measured on a
    week of about 25,000 chats.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_steps : int, default 20
        Number of optimisation steps after launch (10 to 100).

    Returns
    -------
    pandas.DataFrame
        One row per step with columns ``step``, ``pressure``, ``chats``, ``resolved`` (chats
        the bot marked resolved), ``recontacts`` (resolved chats whose customer contacted
        support again within 7 days), ``resolution_rate`` (``resolved / chats``, the primary
        metric), ``recontact_within_7d`` (``recontacts / resolved``, the counter-metric,
        guardrail: at most ``0.20``) and ``true_resolution`` (``(resolved - recontacts) /
        chats``: resolved and no recontact).

    Examples
    --------
    >>> frame = simulate_support_chatbot(random_state=0)
    >>> list(frame.columns)
    ['step', 'pressure', 'chats', 'resolved', 'recontacts', 'resolution_rate', 'recontact_within_7d', 'true_resolution']
    >>> bool(frame["resolution_rate"].is_monotonic_increasing)
    True
    >>> peak = int(frame["true_resolution"].idxmax())
    >>> 0 < peak < 20
    True
    """
    step, pressure = _steps(n_steps)
    world = _chatbot_world(check_random_state(random_state))
    rng = np.random.default_rng(world["noise_seed"])
    chats = rng.poisson(_BOT_CHATS, size=len(step))
    resolved = np.zeros(len(step), dtype=np.int64)
    recontacts = np.zeros(len(step), dtype=np.int64)
    for t, p in enumerate(pressure):
        resolution, recontact = world["rates"](p)
        resolved[t] = rng.binomial(chats[t], resolution)
        recontacts[t] = rng.binomial(resolved[t], recontact)
    return pd.DataFrame(
        {
            "step": step.astype(np.int64),
            "pressure": np.round(pressure, 4),
            "chats": chats.astype(np.int64),
            "resolved": resolved,
            "recontacts": recontacts,
            "resolution_rate": np.round(resolved / chats, 4),
            "recontact_within_7d": np.round(recontacts / resolved, 4),
            "true_resolution": np.round((resolved - recontacts) / chats, 4),
        }
    )


# --- (c) agent assist -------------------------------------------------------------------------


def _assist_world(rng: np.random.Generator) -> dict:
    u = rng.uniform(size=3)
    world_seed = int(rng.integers(2**32))
    noise_seed = int(rng.integers(2**32))
    crossing = _between(u[0], *CROSSING_PRESSURE)
    median_s = _between(u[1], 380.0, 460.0)
    fcr_done = _between(u[2], 0.76, 0.84)
    g = np.random.default_rng(world_seed)
    needed = median_s * np.exp(_ASSIST_TIME_SPREAD * g.standard_normal(_ASSIST_POPULATION))
    estimate = needed * np.exp(_ASSIST_ESTIMATE_NOISE * g.standard_normal(_ASSIST_POPULATION))

    def rates(push: float) -> tuple[float, float, float, float]:
        suggested = estimate * np.exp(-_ASSIST_EARLIER * push)
        gap = np.log(needed / suggested)
        override = _ASSIST_OTHER_OVERRIDE + _ASSIST_WILLING * ndtr(
            (gap - _ASSIST_TOLERANCE[0]) / _ASSIST_TOLERANCE[1]
        )
        follow_s = np.minimum(suggested, needed) + _ASSIST_WRAP_UP_S
        override_s = needed * np.exp(-_ASSIST_HURRY * push) + _ASSIST_WRAP_UP_S + _ASSIST_OVERRIDE_S
        done = np.minimum(suggested / needed, 1.0)
        fcr = (1 - override) * fcr_done * done**_ASSIST_UNFINISHED + override * fcr_done
        mean_s = (1 - override) * follow_s + override * override_s
        second = (1 - override) * follow_s**2 + override * override_s**2
        sd_s = np.sqrt(second.mean() - mean_s.mean() ** 2)
        return float(mean_s.mean()), float(sd_s), float(fcr.mean()), float(override.mean())

    scale = _push_scale(lambda e: rates(e)[3], OVERRIDE_LIMIT, crossing)
    return {"rates": lambda p: rates(scale * p), "noise_seed": noise_seed}


@remember_frames
def simulate_agent_assist(*, random_state: int | np.random.Generator, n_steps: int = 20) -> pd.DataFrame:
    """A support-agent assistant optimised step by step for average handle time.

    Each seed draws 4,000 kinds of ticket, each needing some work (median 380-460 seconds).
    The assist estimates that work and suggests closing the ticket when it thinks the work is
    done. Half of the agents always follow the suggestion; the others override it when it
    comes too early for their taste (their tolerance varies) and finish the ticket (a little
    faster under pressure, plus 30 seconds for the override); 1 % of suggestions are
    overridden for other reasons. Under pressure the assist suggests closing ever sooner. A ticket closed
    before its work is done is less often resolved at first contact. Each step is measured on
    a week of about 100,000 tickets.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_steps : int, default 20
        Number of optimisation steps after launch (10 to 100).

    Returns
    -------
    pandas.DataFrame
        One row per step with columns ``step``, ``pressure``, ``tickets``,
        ``avg_handle_time_s`` (mean seconds from opening to closing a ticket, the primary
        metric, lower is better), ``overrides`` (tickets where the agent overrode the
        suggested close), ``agent_override_rate`` (``overrides / tickets``, the
        counter-metric, guardrail: at most ``0.10``), ``first_contact_resolutions``
        (tickets solved without the customer having to come back) and
        ``first_contact_resolution`` (``first_contact_resolutions / tickets``).

    Examples
    --------
    >>> frame = simulate_agent_assist(random_state=0)
    >>> list(frame.columns[2:5])
    ['tickets', 'avg_handle_time_s', 'overrides']
    >>> bool(frame["avg_handle_time_s"].iloc[-1] < frame["avg_handle_time_s"].iloc[0])
    True
    >>> bool(frame["first_contact_resolution"].iloc[-1] < frame["first_contact_resolution"].iloc[0])
    True
    """
    step, pressure = _steps(n_steps)
    world = _assist_world(check_random_state(random_state))
    rng = np.random.default_rng(world["noise_seed"])
    tickets = rng.poisson(_ASSIST_TICKETS, size=len(step))
    aht = np.zeros(len(step))
    overrides = np.zeros(len(step), dtype=np.int64)
    fcr = np.zeros(len(step), dtype=np.int64)
    for t, p in enumerate(pressure):
        mean_s, sd_s, fcr_rate, override_rate = world["rates"](p)
        aht[t] = mean_s + sd_s / np.sqrt(tickets[t]) * rng.standard_normal()
        overrides[t] = rng.binomial(tickets[t], override_rate)
        fcr[t] = rng.binomial(tickets[t], fcr_rate)
    return pd.DataFrame(
        {
            "step": step.astype(np.int64),
            "pressure": np.round(pressure, 4),
            "tickets": tickets.astype(np.int64),
            "avg_handle_time_s": np.round(aht, 1),
            "overrides": overrides,
            "agent_override_rate": np.round(overrides / tickets, 4),
            "first_contact_resolutions": fcr,
            "first_contact_resolution": np.round(fcr / tickets, 4),
        }
    )


# --- (d) draft acceptance ---------------------------------------------------------------------


def _draft_world(rng: np.random.Generator) -> dict:
    u = rng.uniform(size=2)
    world_seed = int(rng.integers(2**32))
    noise_seed = int(rng.integers(2**32))
    crossing = _between(u[0], *CROSSING_PRESSURE)
    acceptance0 = _between(u[1], 0.38, 0.45)
    g = np.random.default_rng(world_seed)
    needed = g.standard_normal(_DRAFT_POPULATION)
    r = _DRAFT_FIT
    specific0 = r * needed + np.sqrt(1 - r**2) * g.standard_normal(_DRAFT_POPULATION)

    def rates(intercept: float, push: float) -> tuple[float, float, float]:
        specific = specific0 - _DRAFT_BLANDER * push
        accept = expit(intercept - _DRAFT_ACCEPT_SLOPE * specific)
        revise = expit(_DRAFT_REVISION[0] + _DRAFT_REVISION[1] * (needed - specific))
        details = np.exp(_DRAFT_DETAILS[0] + _DRAFT_DETAILS[1] * specific)
        return float(accept.mean()), float((accept * revise).sum() / accept.sum()), float(details.mean())

    intercept = brentq(lambda b: rates(b, 0.0)[0] - acceptance0, -20, 20)
    scale = _push_scale(lambda e: rates(intercept, e)[1], PEER_REVISION_LIMIT, crossing)
    return {"rates": lambda p: rates(intercept, scale * p), "noise_seed": noise_seed}


@remember_frames
def simulate_draft_acceptance(*, random_state: int | np.random.Generator, n_steps: int = 20) -> pd.DataFrame:
    """An AI writing assistant optimised step by step for the acceptance rate of its drafts.

    Each seed draws 4,000 kinds of drafting task (emails, briefs, replies). A task needs a
    certain amount of concrete detail (names, dates, amounts, commitments); the model's draft
    carries roughly, but not exactly, that much. Writers accept bland drafts more readily:
    there is less in them to check or to disagree with. A colleague who later reads an
    accepted text revises it when it lacks the detail the task needed. Under pressure every
    draft gets blander. Each step is measured on a week of about 80,000 drafts.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_steps : int, default 20
        Number of optimisation steps after launch (10 to 100).

    Returns
    -------
    pandas.DataFrame
        One row per step with columns ``step``, ``pressure``, ``drafts``, ``accepted``,
        ``peer_revised`` (accepted texts that a colleague later revised),
        ``acceptance_rate`` (``accepted / drafts``, the primary metric),
        ``peer_revision_rate`` (``peer_revised / accepted``, the counter-metric, guardrail:
        at most ``0.15``), ``details_per_draft`` (mean number of concrete details in a draft)
        and ``net_minutes_saved_per_draft`` (10 minutes saved per accepted draft minus 20
        minutes per peer revision, divided by ``drafts``).

    Examples
    --------
    >>> frame = simulate_draft_acceptance(random_state=0)
    >>> bool(frame["acceptance_rate"].is_monotonic_increasing)
    True
    >>> bool(frame["details_per_draft"].iloc[-1] < frame["details_per_draft"].iloc[0])
    True
    """
    step, pressure = _steps(n_steps)
    world = _draft_world(check_random_state(random_state))
    rng = np.random.default_rng(world["noise_seed"])
    drafts = rng.poisson(_DRAFT_WEEKLY, size=len(step))
    accepted = np.zeros(len(step), dtype=np.int64)
    revised = np.zeros(len(step), dtype=np.int64)
    details = np.zeros(len(step))
    for t, p in enumerate(pressure):
        accept, revise, mean_details = world["rates"](p)
        accepted[t] = rng.binomial(drafts[t], accept)
        revised[t] = rng.binomial(accepted[t], revise)
        details[t] = rng.poisson(drafts[t] * mean_details) / drafts[t]
    minutes = MINUTES_SAVED_PER_ACCEPTED_DRAFT * accepted - MINUTES_PER_PEER_REVISION * revised
    return pd.DataFrame(
        {
            "step": step.astype(np.int64),
            "pressure": np.round(pressure, 4),
            "drafts": drafts.astype(np.int64),
            "accepted": accepted,
            "peer_revised": revised,
            "acceptance_rate": np.round(accepted / drafts, 4),
            "peer_revision_rate": np.round(revised / accepted, 4),
            "details_per_draft": np.round(details, 3),
            "net_minutes_saved_per_draft": np.round(minutes / drafts, 3),
        }
    )


# --- the registry -----------------------------------------------------------------------------

_DIRECTIONS = ("max", "min")


@dataclass(frozen=True)
class GoodhartScenario:
    """One Goodhart simulation, described so that a notebook or a widget can drive it.

    ``primary_direction`` says which way the team pushes the primary metric (``"max"``: higher
    is better, ``"min"``: lower is better). ``counter_direction`` says which side of
    ``counter_limit`` the counter-metric must stay on: ``"max"`` means the limit is a ceiling
    (the counter must stay at or below it; above it the guardrail is broken), ``"min"`` a
    floor (at or above it). The ``outcome`` is what the business actually wants, measured
    alongside; ``outcome_direction`` as ``primary_direction``.

    Examples
    --------
    >>> rec = GOODHART_SCENARIOS["recommender"]
    >>> rec.primary, rec.counter, rec.counter_direction, rec.counter_limit
    ('ctr', 'return_rate', 'max', 0.12)
    >>> rec.breaches([0.10, 0.12, 0.13]).tolist()
    [False, False, True]
    >>> rec.better(0.05, 0.04)
    True
    """

    name: str
    title: str
    simulate: Callable[..., pd.DataFrame] = field(repr=False)
    primary: str
    primary_direction: str
    primary_unit: str
    primary_description: str
    counter: str
    counter_direction: str
    counter_limit: float
    counter_unit: str
    counter_description: str
    outcome: str
    outcome_direction: str
    outcome_unit: str
    outcome_description: str
    pressure_description: str

    def __post_init__(self) -> None:
        for attribute in ("primary_direction", "counter_direction", "outcome_direction"):
            if getattr(self, attribute) not in _DIRECTIONS:
                raise ValueError(f"{attribute} must be 'max' or 'min', got {getattr(self, attribute)!r}")

    def breaches(self, counter: object) -> np.ndarray:
        """True where a counter-metric value breaks the guardrail (a value on the limit holds)."""
        values = np.asarray(counter, dtype=float)
        if self.counter_direction == "max":
            return values > self.counter_limit
        return values < self.counter_limit

    def better(self, a: float, b: float) -> bool:
        """True when primary value ``a`` is strictly better than ``b``."""
        return bool(a > b) if self.primary_direction == "max" else bool(a < b)


GOODHART_SCENARIOS: dict[str, GoodhartScenario] = {
    "recommender": GoodhartScenario(
        name="recommender",
        title="Shop recommender tuned for click-through rate",
        simulate=simulate_recommender,
        primary="ctr",
        primary_direction="max",
        primary_unit="clicks per impression",
        primary_description="click-through rate of the recommendation strip",
        counter="return_rate",
        counter_direction="max",
        counter_limit=RETURN_RATE_LIMIT,
        counter_unit="share of orders",
        counter_description="share of orders from recommendations that are returned or cancelled",
        outcome="net_revenue_per_1000_impressions",
        outcome_direction="max",
        outcome_unit="euros per 1000 impressions",
        outcome_description="revenue of the orders kept minus the handling cost of returns",
        pressure_description="weight of the click model in the ranking (0: rank by fit, 1: by predicted clicks)",
    ),
    "support_chatbot": GoodhartScenario(
        name="support_chatbot",
        title="Support chatbot tuned for resolution rate",
        simulate=simulate_support_chatbot,
        primary="resolution_rate",
        primary_direction="max",
        primary_unit="share of chats",
        primary_description="share of chats the bot marks resolved",
        counter="recontact_within_7d",
        counter_direction="max",
        counter_limit=RECONTACT_LIMIT,
        counter_unit="share of resolved chats",
        counter_description="share of resolved chats whose customer comes back within 7 days (escalation after resolution)",
        outcome="true_resolution",
        outcome_direction="max",
        outcome_unit="share of chats",
        outcome_description="share of chats resolved with no recontact within 7 days",
        pressure_description="how eagerly the bot closes chats",
    ),
    "agent_assist": GoodhartScenario(
        name="agent_assist",
        title="Agent assist tuned for average handle time",
        simulate=simulate_agent_assist,
        primary="avg_handle_time_s",
        primary_direction="min",
        primary_unit="seconds",
        primary_description="mean seconds from opening to closing a ticket",
        counter="agent_override_rate",
        counter_direction="max",
        counter_limit=OVERRIDE_LIMIT,
        counter_unit="share of tickets",
        counter_description="share of tickets where the agent overrides the assist's suggested close",
        outcome="first_contact_resolution",
        outcome_direction="max",
        outcome_unit="share of tickets",
        outcome_description="share of tickets solved without the customer having to come back",
        pressure_description="how much sooner the assist suggests closing a ticket",
    ),
    "draft_acceptance": GoodhartScenario(
        name="draft_acceptance",
        title="Writing assistant tuned for draft acceptance",
        simulate=simulate_draft_acceptance,
        primary="acceptance_rate",
        primary_direction="max",
        primary_unit="share of drafts",
        primary_description="share of AI drafts the writer accepts",
        counter="peer_revision_rate",
        counter_direction="max",
        counter_limit=PEER_REVISION_LIMIT,
        counter_unit="share of accepted drafts",
        counter_description="share of accepted texts that a colleague later revises",
        outcome="net_minutes_saved_per_draft",
        outcome_direction="max",
        outcome_unit="minutes per draft",
        outcome_description="writer minutes saved minus colleague minutes spent revising, per draft",
        pressure_description="how bland and safe the drafts are made",
    ),
}


def _scenario(scenario: GoodhartScenario | str) -> GoodhartScenario:
    if isinstance(scenario, GoodhartScenario):
        return scenario
    if isinstance(scenario, str) and scenario in GOODHART_SCENARIOS:
        return GOODHART_SCENARIOS[scenario]
    raise ValueError(
        f"scenario must be a GoodhartScenario or one of {sorted(GOODHART_SCENARIOS)}, got {scenario!r}"
    )


def _checked(frame: pd.DataFrame, scenario: GoodhartScenario | str) -> tuple[GoodhartScenario, np.ndarray, np.ndarray, np.ndarray]:
    s = _scenario(scenario)
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in ("step", s.primary, s.counter) if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the columns {missing} of the {s.name!r} scenario")
    if len(frame) == 0:
        raise ValueError("frame is empty")
    arrays = []
    for column in ("step", s.primary, s.counter):
        try:
            values = frame[column].to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{column} must hold numbers (got dtype {frame[column].dtype})") from None
        if not np.isfinite(values).all():
            raise ValueError(f"{column} must be finite (no NaN or infinity)")
        arrays.append(values)
    step = arrays[0]
    if (step != np.round(step)).any() or (np.diff(step) <= 0).any():
        raise ValueError("step must hold whole numbers in increasing order (one row per step)")
    return s, step.astype(np.int64), arrays[1], arrays[2]


def _crossing_step(frame: pd.DataFrame, scenario: GoodhartScenario | str) -> int | None:
    """The first step at which the counter-metric breaks its guardrail, or None if it never does.

    With ``counter_direction="max"`` the guardrail is broken when the counter is strictly
    above ``counter_limit``; with ``"min"`` when it is strictly below. A value equal to the
    limit respects it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per optimisation step, e.g. the output of the scenario's ``simulate``, with a
        ``step`` column in increasing order and the scenario's primary and counter columns.
    scenario : GoodhartScenario or str
        The scenario or its name in ``GOODHART_SCENARIOS``.

    Returns
    -------
    int or None
        The value of ``step`` in the first breaking row.

    Raises
    ------
    ValueError
        On an unknown scenario, a frame that is not a DataFrame, is empty or lacks a column,
        non-numeric or non-finite values, or steps that are not increasing whole numbers.

    Examples
    --------
    >>> frame = pd.DataFrame({"step": [0, 1, 2, 3], "ctr": [0.03, 0.035, 0.04, 0.045],
    ...                       "return_rate": [0.08, 0.12, 0.125, 0.14]})
    >>> _crossing_step(frame, "recommender")
    2
    >>> _crossing_step(frame.iloc[:2], "recommender") is None
    True
    """
    s, step, _, counter = _checked(frame, scenario)
    broken = np.flatnonzero(s.breaches(counter))
    return int(step[broken[0]]) if len(broken) else None


def _ship_step(frame: pd.DataFrame, scenario: GoodhartScenario | str) -> int | None:
    """The step a sensible team would ship: the best primary metric while the guardrail holds.

    The team optimises step by step and stops when the counter-metric breaks its guardrail:
    among the steps before ``_crossing_step`` (all steps if it never crosses), the one with
    the best primary metric (highest for ``primary_direction="max"``, lowest for ``"min"``;
    the earliest on a tie). When the primary metric improves at every step, this is the last
    step before the crossing.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per optimisation step (see :func:`_crossing_step`).
    scenario : GoodhartScenario or str
        The scenario or its name in ``GOODHART_SCENARIOS``.

    Returns
    -------
    int or None
        The value of ``step`` to ship, or None when the guardrail is already broken at the
        first step.

    Raises
    ------
    ValueError
        As :func:`_crossing_step`.

    Examples
    --------
    >>> frame = pd.DataFrame({"step": [0, 1, 2, 3], "avg_handle_time_s": [480, 470, 455, 450],
    ...                       "agent_override_rate": [0.05, 0.08, 0.11, 0.13]})
    >>> _ship_step(frame, "agent_assist")
    1
    >>> frame = simulate_support_chatbot(random_state=0)
    >>> _ship_step(frame, "support_chatbot") == _crossing_step(frame, "support_chatbot") - 1
    True
    """
    s, step, primary, counter = _checked(frame, scenario)
    broken = np.flatnonzero(s.breaches(counter))
    end = broken[0] if len(broken) else len(step)
    if end == 0:
        return None
    allowed = primary[:end]
    best = np.argmax(allowed) if s.primary_direction == "max" else np.argmin(allowed)
    return int(step[best])


# --- (e) feedback loop ------------------------------------------------------------------------


@remember_frames
def simulate_feedback_loop(
    *, random_state: int | np.random.Generator, n_rounds: int = 10, signal: str = "clicks"
) -> pd.DataFrame:
    """A news feed retrained every round on the signal it logged about its own choices.

    Every round 600 fresh candidate articles arrive. Each has a latent quality and a latent
    sensationalism (slightly anti-correlated); the model sees only two noisy headline
    features, one for each. It scores the candidates with a linear model of the two features
    and shows the top 30, each to 4,000 readers. Readers click mostly on sensational headlines
    and save (or share) mostly good articles. After the round the team refits the model on
    the round's log of the chosen ``signal``, using the shown articles only (a least-squares
    fit of the log-odds of the signal on the features), and moves the model a quarter of the
    way toward that fit. Round 0 uses the launch model, trained on an editorially curated
    log, which favours quality.

    The same seed gives the same candidate articles and the same round 0 for both signals, so
    two calls that differ only in ``signal`` compare the two training choices on one world.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_rounds : int, default 10
        Number of retraining rounds after launch (3 to 50); the frame has ``n_rounds + 1``
        rows.
    signal : {"clicks", "saves"}, default "clicks"
        The logged signal the model is retrained on (``FEED_SIGNALS``).

    Returns
    -------
    pandas.DataFrame
        One row per round with columns ``round`` (0 = launch model), ``signal``,
        ``impressions``, ``clicks``, ``saves``, ``ctr`` (``clicks / impressions``),
        ``save_rate`` (``saves / impressions``), ``sensational_share`` (share of the shown
        articles whose sensationalism is at least ``SENSATIONAL_CUTOFF``),
        ``mean_quality_shown`` (mean quality percentile of the shown articles among all
        candidates of the round, 0-100, 50 for an average candidate), ``weight_sensational``
        and ``weight_quality`` (the model's weights on the two headline features, used to
        rank that round).

    Raises
    ------
    ValueError
        On an invalid ``random_state`` or ``n_rounds``, or an unknown ``signal``.

    Examples
    --------
    >>> clicks = simulate_feedback_loop(random_state=0, signal="clicks")
    >>> saves = simulate_feedback_loop(random_state=0, signal="saves")
    >>> len(clicks), float(clicks["mean_quality_shown"][0]) == float(saves["mean_quality_shown"][0])
    (11, True)
    >>> bool(clicks["sensational_share"].iloc[-1] > clicks["sensational_share"].iloc[0])
    True
    >>> bool(saves["mean_quality_shown"].iloc[-1] > clicks["mean_quality_shown"].iloc[-1])
    True
    """
    n_rounds = check_positive_int(n_rounds, "n_rounds", minimum=3, maximum=50)
    if not isinstance(signal, str) or signal not in FEED_SIGNALS:
        raise ValueError(f"signal must be one of {FEED_SIGNALS}, got {signal!r}")
    rng = check_random_state(random_state)
    pool_seed, outcome_seed = (int(s) for s in rng.integers(2**32, size=2))
    u = rng.uniform(size=2)
    ctr_base = _between(u[0], -3.8, -3.5)  # log-odds of a click on an average article
    save_base = _between(u[1], -6.0, -5.7)  # and of a save

    pool = np.random.default_rng(pool_seed)
    shape = (n_rounds + 1, _FEED_CANDIDATES)
    quality = pool.standard_normal(shape)
    rho = _FEED_QUALITY_SENSATION
    sensation = rho * quality + np.sqrt(1 - rho**2) * pool.standard_normal(shape)
    features = np.stack(
        [
            sensation + _FEED_FEATURE_NOISE * pool.standard_normal(shape),
            quality + _FEED_FEATURE_NOISE * pool.standard_normal(shape),
        ],
        axis=-1,
    )
    outcomes = np.random.default_rng(outcome_seed)

    weights = np.array(_FEED_LAUNCH_WEIGHTS, dtype=float)
    k, n_imp = _FEED_TOP_K, _FEED_IMPRESSIONS
    rows = []
    for r in range(n_rounds + 1):
        shown = np.argsort(-(features[r] @ weights), kind="stable")[:k]
        q, z = quality[r, shown], sensation[r, shown]
        p_click = expit(ctr_base + _FEED_CLICK[0] * z + _FEED_CLICK[1] * q)
        p_save = expit(save_base + _FEED_SAVE[0] * z + _FEED_SAVE[1] * q)
        clicks = outcomes.binomial(n_imp, p_click)
        saves = outcomes.binomial(n_imp, p_save)
        impressions = n_imp * k
        rows.append(
            {
                "round": r,
                "signal": signal,
                "impressions": impressions,
                "clicks": int(clicks.sum()),
                "saves": int(saves.sum()),
                "ctr": round(clicks.sum() / impressions, 4),
                "save_rate": round(saves.sum() / impressions, 4),
                "sensational_share": round(float((z >= SENSATIONAL_CUTOFF).mean()), 4),
                "mean_quality_shown": round(float(100 * ndtr(q).mean()), 2),
                "weight_sensational": round(float(weights[0]), 4),
                "weight_quality": round(float(weights[1]), 4),
            }
        )
        logged = clicks if signal == "clicks" else saves
        log_odds = np.log((logged + 0.5) / (n_imp - logged + 0.5))
        x = features[r, shown] - features[r, shown].mean(axis=0)
        fitted = np.linalg.lstsq(x, log_odds - log_odds.mean(), rcond=None)[0]
        weights = (1 - _FEED_LEARNING_RATE) * weights + _FEED_LEARNING_RATE * fitted
    frame = pd.DataFrame(rows)
    frame["signal"] = frame["signal"].astype(object)
    for column in ("round", "impressions", "clicks", "saves"):
        frame[column] = frame[column].astype(np.int64)
    return frame


def compare_feedback_loops(*, random_state: int | np.random.Generator, n_rounds: int = 10) -> pd.DataFrame:
    """Both feedback loops on the same world: the click-trained rows, then the save-trained rows.

    The two halves are exactly ``simulate_feedback_loop`` with ``signal="clicks"`` and
    ``signal="saves"`` for the same integer seed (a Generator is turned into one integer seed
    first, so that both loops see the same articles).

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_rounds : int, default 10
        Number of retraining rounds after launch (3 to 50).

    Returns
    -------
    pandas.DataFrame
        ``2 * (n_rounds + 1)`` rows with the columns of :func:`simulate_feedback_loop`.

    Examples
    --------
    >>> both = compare_feedback_loops(random_state=0)
    >>> both.groupby("signal")["round"].count().to_dict()
    {'clicks': 11, 'saves': 11}
    >>> last = both[both["round"] == 10].set_index("signal")["mean_quality_shown"]
    >>> bool(last["saves"] > last["clicks"])
    True
    """
    if isinstance(random_state, np.random.Generator):
        random_state = int(random_state.integers(2**32))
    frames = [
        simulate_feedback_loop(random_state=random_state, n_rounds=n_rounds, signal=signal)
        for signal in FEED_SIGNALS
    ]
    return pd.concat(frames, ignore_index=True)
