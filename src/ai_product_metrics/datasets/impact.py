"""Module 5 scenario: the business impact of an AI copilot in an online shop's support chat.

An online home-and-garden shop answers its customers in a support chat. An AI copilot now
helps the agents: for every customer message it suggests an answer and, where it fits, a
product (a spare part, an accessory, a better-suited model). Each suggestion is one call of a
language model, an *inference*, billed by the tokens it reads and writes.

**The A/B test** (``make_ab_test``). In spring 2025 (from Monday 2025-05-05, a calm season)
every new chat was randomly assigned, with equal chances, to an agent working unassisted
(``control``) or with the copilot (``assisted``). The copilot raises the revenue attributed
to a chat by a modest 6.5-8.5 % (more product chats end in a purchase, and baskets are a
little larger), solves 3-5 points more issues without a follow-up ticket, and shortens chats
by 8-14 %. Revenue per chat is zero for most chats and heavy-tailed for the rest, so a
confidence interval is needed to tell the lift from noise.

**The launch** (``make_before_after``). After the test the copilot went to every chat, at a
week drawn per variant, and the shop's weekly dashboard (52 weeks from Monday 2025-08-04)
shows what happened with no control group. Revenue per chat is strongly seasonal: it climbs
from late October to a peak in the Black Friday week, stays high until Christmas, then sags in
January. Half of the variants launched in early or mid November, in time for the holiday
season: a naive before/after comparison then credits the AI with the season's rise
(``seasonal_direction == "up"``). The other half were caught by the holiday code freeze and
launched in January: the naive comparison then blames the AI for the January slump
(``"down"``). The true effect is the same additive lift in euros per chat as in the A/B test.

**The cheaper model** (also ``make_before_after``). In spring 2026 the team swapped the copilot's
model for a distilled one that costs about half as much per inference (``model_version``
``"v2"``). The audited answer accuracy and the agents' acceptance of suggestions fall the very
week of the swap; revenue per chat does not move (customers still buy what is recommended),
but the mismatched products come back: the return rate rises only when the parcels reach the
warehouse, 2-4 weeks later (``ImpactTruth.business_lag_weeks``).

The facts of a variant are given by ``impact_truth``. The break-even serving cost
(``_break_even_cost_per_inference``) is module 5's exercise, so it stays private: the tests
use it.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import check_positive_int, check_random_state

__all__ = [
    "AB_TEST_START",
    "ARMS",
    "CHAT_TOPICS",
    "GROSS_MARGIN",
    "MODEL_VERSIONS",
    "NAIVE_WINDOW_WEEKS",
    "REFERENCE_WEEKS",
    "RETURN_COST_EUR",
    "SERIES_START",
    "ImpactTruth",
    "impact_truth",
    "make_ab_test",
    "make_before_after",
]

#: Monday on which the A/B test starts (week 1 of ``make_ab_test``).
AB_TEST_START = "2025-05-05"
#: Monday of week 1 of the weekly dashboard (``make_before_after``), 52 weeks long.
SERIES_START = "2025-08-04"
N_SERIES_WEEKS = 52
#: Arms of the A/B test: unassisted agents, agents with the copilot.
ARMS = ("control", "assisted")
#: What a chat is about: a question about a product before buying, the status of an order, a
#: return or exchange.
CHAT_TOPICS = ("product", "order", "returns")
#: Model behind the copilot in a week of the dashboard: none yet, the launch model, the cheaper
#: distilled model.
MODEL_VERSIONS = ("none", "v1", "v2")
#: Weeks on each side of the launch in the naive before/after comparison: the mean of weeks
#: ``launch - 4 .. launch - 1`` is subtracted from the mean of weeks ``launch .. launch + 3``.
NAIVE_WINDOW_WEEKS = 4
#: Weeks before the model swap that serve as the reference of the "moves" rule: a metric moves
#: in the first week, from the swap on, that lies more than 3 sample standard deviations
#: (``ddof=1``) from the mean of these weeks, in the harmful direction.
REFERENCE_WEEKS = 8
#: Share of revenue the shop keeps after the cost of goods, shipping and payment fees.
GROSS_MARGIN = 0.30
#: What one returned order costs the shop, in euros: return label, handling, and the share of
#: returned goods that can only be sold at a discount.
RETURN_COST_EUR = 9.50

# --- chats: topic mix and what a chat is worth without the copilot --------------------------
_P_TOPIC = np.array([0.50, 0.30, 0.20])
_P_BUY = np.array([0.50, 0.15, 0.12])  # chance that the chat ends in a purchase, by topic
_ORDER_MEDIAN_EUR = np.array([52.0, 38.0, 45.0])  # median basket of those purchases
_ORDER_SPREAD = 0.6  # log-normal spread of the basket value
_BASKET_LIFT = 0.015  # assisted baskets are 1.5 % larger (accessories)
_P_DEFLECTED = np.array([0.72, 0.64, 0.48])  # solved without a follow-up ticket, by topic
_HANDLE_MEDIAN_S = np.array([420.0, 260.0, 380.0])
_HANDLE_SPREAD = 0.55
_EXTRA_MESSAGES = np.array([4.5, 2.5, 3.5])  # inferences per assisted chat: 1 + Poisson(this)
_TOKENS_MEDIAN = 4000.0  # tokens read and written per inference (prompt, context, answer)
_TOKENS_SPREAD = 0.35

# --- the weekly dashboard -------------------------------------------------------------------
_SUMMER = {1: 1.0, 2: 1.0, 3: 0.8, 4: 0.5, 5: 0.2, 48: 0.2, 49: 0.5, 50: 0.8, 51: 1.0, 52: 1.0}
_PEAK = {13: 0.10, 14: 0.25, 15: 0.45, 16: 0.70, 17: 1.00, 18: 0.90, 19: 0.85, 20: 0.75,
         21: 0.30}
_SLUMP = {22: 0.5, 23: 1.0, 24: 1.0, 25: 0.8, 26: 0.5, 27: 0.2}
_RETURN_WAVE = {22: 0.3, 23: 1.0, 24: 0.9, 25: 0.6, 26: 0.3, 27: 0.1}
_VOLUME_PEAK = 0.6  # chats per week rise by up to 60 % at the holiday peak
_LAUNCH_WEEKS = {"up": (14, 15, 16), "down": (23, 24)}
_UPDATE_WEEKS = (38, 39, 40, 41)
_ACCEPTANCE_RAMP_WEEKS = 6
_AUDIT_PER_WEEK = 1200
_REVENUE_WEEK_NOISE_EUR = 0.10
_ACCEPTANCE_WEEK_NOISE = 0.006
_RETURN_WEEK_NOISE = 0.001
_RETURN_FIRST_WEEK_SHARE = 0.85  # share of the swap's extra returns already seen in the first week


@dataclass(frozen=True)
class ImpactTruth:
    """The facts of a variant (what the learner estimates or has to find).

    Weeks of the dashboard are 1-based (week 1 starts on Monday 2025-08-04). Money is in euros
    per chat unless said otherwise; rates are shares in [0, 1].

    Attributes
    ----------
    control_revenue_eur : float
        Expected revenue of an unassisted chat (also the dashboard's off-season level).
    revenue_lift_eur : float
        Expected extra revenue of an assisted chat: assisted minus control. The true effect of
        the launch on the dashboard's revenue per chat is exactly this.
    revenue_lift_pct : float
        The same lift relative to ``control_revenue_eur``, in percent (6.5 to 8.5).
    deflection_lift : float
        Extra share of chats solved without a follow-up ticket (0.03 to 0.05).
    handle_time_change_pct : float
        Relative change of the handle time of assisted chats, in percent (-14 to -8).
    inferences_per_interaction : float
        Expected number of inferences (model calls) per assisted chat.
    cost_per_inference_eur : float
        Expected serving cost of one inference of the launch model (``"v1"``).
    break_even_cost_per_inference_eur : float
        ``revenue_lift_eur / inferences_per_interaction``: the largest cost per inference at
        which the extra revenue of an assisted chat still covers its serving cost.
    seasonal_direction : str
        ``"up"`` (launch before the holiday peak: the naive before/after comparison
        overstates the effect) or ``"down"`` (launch in January: it understates it).
    launch_week : int
        First week with the copilot on every chat.
    naive_bias_eur : float
        Expected error of the naive comparison (``NAIVE_WINDOW_WEEKS`` each side): the mean
        seasonal component of the weeks after the launch minus that of the weeks before.
        Positive when ``"up"``, negative when ``"down"``.
    seasonal_eur : tuple of float
        The seasonal component of revenue per chat in each of the 52 weeks (euros, added to
        the off-season level).
    update_week : int
        First week of the cheaper model ``"v2"``.
    update_cost_per_inference_eur : float
        Expected serving cost of one inference of ``"v2"``.
    business_lag_weeks : int
        Weeks from the model swap to the first week in which the return rate moves (2 to 4);
        accuracy and acceptance move in the swap week itself.
    return_rate_increase : float
        Extra return rate once the swap's returns are all coming back (0.025 to 0.035).
    """

    control_revenue_eur: float
    revenue_lift_eur: float
    revenue_lift_pct: float
    deflection_lift: float
    handle_time_change_pct: float
    inferences_per_interaction: float
    cost_per_inference_eur: float
    break_even_cost_per_inference_eur: float
    seasonal_direction: str
    launch_week: int
    naive_bias_eur: float
    seasonal_eur: tuple[float, ...]
    update_week: int
    update_cost_per_inference_eur: float
    business_lag_weeks: int
    return_rate_increase: float


@dataclass(frozen=True)
class _Scenario:
    """Everything a seed decides before rows are drawn."""

    p_buy: np.ndarray
    order_median: np.ndarray
    conversion_boost: float  # relative, product chats only
    relative_lift: float
    deflection_lift: float
    handle_factor: float
    price_per_1k_tokens: float
    direction: str
    launch_week: int
    update_week: int
    lag: int
    peak_eur: float
    slump_eur: float
    summer_eur: float
    chats_per_week: float
    acceptance_v1: float
    acceptance_gap_at_launch: float
    acceptance_drop: float
    accuracy_v1: float
    accuracy_drop: float
    cost_factor_v2: float
    return_base: float
    return_wave: float
    return_increase: float
    child_seeds: tuple[int, int]


def _expected_revenue(p_buy: np.ndarray, median: np.ndarray, boost: float, basket: float) -> float:
    """Expected revenue per chat: topic mix x purchase chance x mean basket (log-normal)."""
    conversion = p_buy * np.array([1.0 + boost, 1.0, 1.0])
    mean_basket = median * np.exp(_ORDER_SPREAD**2 / 2) * (1.0 + basket)
    return float(np.sum(_P_TOPIC * conversion * mean_basket))


def _draw_scenario(rng: np.random.Generator) -> _Scenario:
    """Draw the scenario; always the same number of draws."""
    u = rng.uniform(size=19)
    direction = ("up", "down")[int(rng.integers(0, 2))]
    launch_choice = int(rng.integers(0, 6))
    update_week = int(rng.choice(_UPDATE_WEEKS))
    lag = int(rng.integers(2, 5))
    child_seeds = tuple(int(x) for x in rng.integers(2**32, size=2))

    def between(i: int, low: float, high: float) -> float:
        return float(low + (high - low) * u[i])

    p_buy = _P_BUY * between(0, 0.92, 1.08)
    median = _ORDER_MEDIAN_EUR * between(1, 0.95, 1.05)
    relative_lift = between(2, 0.065, 0.085)
    # the conversion boost of product chats that gives ``relative_lift`` with larger baskets
    control = _expected_revenue(p_buy, median, 0.0, 0.0)
    product = _P_TOPIC[0] * p_buy[0] * median[0] * np.exp(_ORDER_SPREAD**2 / 2)
    boost = ((1 + relative_lift) / (1 + _BASKET_LIFT) - 1) * control / product
    launches = _LAUNCH_WEEKS[direction]
    return _Scenario(
        p_buy=p_buy,
        order_median=median,
        conversion_boost=float(boost),
        relative_lift=relative_lift,
        deflection_lift=between(3, 0.03, 0.05),
        handle_factor=1 - between(4, 0.08, 0.14),
        price_per_1k_tokens=between(5, 0.0030, 0.0045),
        direction=direction,
        launch_week=launches[launch_choice % len(launches)],
        update_week=update_week,
        lag=lag,
        peak_eur=between(6, 4.5, 6.5),
        slump_eur=between(7, 2.5, 3.5),
        summer_eur=between(8, 0.8, 1.4),
        chats_per_week=between(9, 45_000, 55_000),
        acceptance_v1=between(10, 0.58, 0.66),
        acceptance_gap_at_launch=between(11, 0.08, 0.14),
        acceptance_drop=between(12, 0.07, 0.10),
        accuracy_v1=between(13, 0.91, 0.94),
        accuracy_drop=between(14, 0.07, 0.10),
        cost_factor_v2=between(15, 0.40, 0.55),
        return_base=between(16, 0.07, 0.09),
        return_wave=between(17, 0.030, 0.045),
        return_increase=between(18, 0.025, 0.035),
        child_seeds=child_seeds,  # type: ignore[arg-type]
    )


def _seasonal(s: _Scenario) -> np.ndarray:
    """Seasonal component of revenue per chat (euros) in weeks 1..52."""
    out = np.zeros(N_SERIES_WEEKS)
    for week, share in _SUMMER.items():
        out[week - 1] -= s.summer_eur * share
    for week, share in _PEAK.items():
        out[week - 1] += s.peak_eur * share
    for week, share in _SLUMP.items():
        out[week - 1] -= s.slump_eur * share
    return out


def _cost_per_inference(s: _Scenario) -> float:
    return s.price_per_1k_tokens * _TOKENS_MEDIAN * np.exp(_TOKENS_SPREAD**2 / 2) / 1000


def _truth(s: _Scenario) -> ImpactTruth:
    control = _expected_revenue(s.p_buy, s.order_median, 0.0, 0.0)
    assisted = _expected_revenue(s.p_buy, s.order_median, s.conversion_boost, _BASKET_LIFT)
    lift = assisted - control
    inferences = float(1 + np.sum(_P_TOPIC * _EXTRA_MESSAGES))
    seasonal = _seasonal(s)
    n, launch = NAIVE_WINDOW_WEEKS, s.launch_week
    bias = seasonal[launch - 1: launch - 1 + n].mean() - seasonal[launch - 1 - n: launch - 1].mean()
    cost = _cost_per_inference(s)
    return ImpactTruth(
        control_revenue_eur=control,
        revenue_lift_eur=lift,
        revenue_lift_pct=100 * lift / control,
        deflection_lift=s.deflection_lift,
        handle_time_change_pct=100 * (s.handle_factor - 1),
        inferences_per_interaction=inferences,
        cost_per_inference_eur=float(cost),
        break_even_cost_per_inference_eur=lift / inferences,
        seasonal_direction=s.direction,
        launch_week=launch,
        naive_bias_eur=float(bias),
        seasonal_eur=tuple(float(x) for x in seasonal),
        update_week=s.update_week,
        update_cost_per_inference_eur=float(cost * s.cost_factor_v2),
        business_lag_weeks=s.lag,
        return_rate_increase=s.return_increase,
    )


def impact_truth(*, random_state: int | np.random.Generator) -> ImpactTruth:
    """The facts of the variant drawn for ``random_state``: true lifts, weeks, seasonality.

    Pass the same integer seed as to ``make_ab_test`` and ``make_before_after``: all three
    start from the same first draws of the seed, so they describe the same business.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed of the scenario. ``None`` is refused.

    Returns
    -------
    ImpactTruth
        See :class:`ImpactTruth` for the fields.

    Examples
    --------
    >>> truth = impact_truth(random_state=0)
    >>> 6.5 <= truth.revenue_lift_pct <= 8.5 and 2 <= truth.business_lag_weeks <= 4
    True
    >>> truth.seasonal_direction in ("up", "down")
    True
    >>> (truth.naive_bias_eur > 0) == (truth.seasonal_direction == "up")
    True
    >>> len(truth.seasonal_eur), truth.update_week - truth.launch_week > 8
    (52, True)
    """
    return _truth(_draw_scenario(check_random_state(random_state)))


def _break_even_cost_per_inference(
    revenue_lift_eur: float, inferences_per_interaction: float, *, gross_margin: float = 1.0
) -> float:
    """The largest serving cost per inference at which an AI-assisted chat still pays.

    An assisted chat brings ``revenue_lift_eur`` more revenue than an unassisted one and makes
    ``inferences_per_interaction`` model calls. Of that extra revenue the shop keeps
    ``gross_margin``; the serving cost per chat is the cost per inference times the number of
    inferences. The break-even cost per inference ``c`` solves
    ``gross_margin * revenue_lift_eur = c * inferences_per_interaction``.

    Parameters
    ----------
    revenue_lift_eur : float
        Extra revenue per assisted chat, in euros (assisted minus control). May be negative.
    inferences_per_interaction : float
        Mean number of inferences per assisted chat (positive).
    gross_margin : float, default 1.0
        Share of revenue that counts as value, in (0, 1]. The default 1.0 weighs revenue
        against serving cost; pass ``GROSS_MARGIN`` to weigh the profit the extra revenue brings.

    Returns
    -------
    float
        Euros per inference. At any lower cost per inference the copilot earns more than it
        costs; a negative value means no price does (the copilot loses revenue).

    Raises
    ------
    ValueError
        When an input is not a finite real number, ``inferences_per_interaction`` is not
        positive, or ``gross_margin`` lies outside (0, 1].

    Examples
    --------
    >>> _break_even_cost_per_inference(1.20, 4.8)  # 1.20 EUR more per chat, 4.8 calls a chat
    0.25
    >>> round(_break_even_cost_per_inference(1.20, 4.8, gross_margin=GROSS_MARGIN), 4)
    0.075
    """
    values = {}
    for name, value in (("revenue_lift_eur", revenue_lift_eur),
                        ("inferences_per_interaction", inferences_per_interaction),
                        ("gross_margin", gross_margin)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        values[name] = float(value)
    if values["inferences_per_interaction"] <= 0:
        raise ValueError(
            f"inferences_per_interaction must be positive, got {inferences_per_interaction!r}"
        )
    if not 0 < values["gross_margin"] <= 1:
        raise ValueError(f"gross_margin must lie in (0, 1], got {gross_margin!r}")
    return values["gross_margin"] * values["revenue_lift_eur"] / values["inferences_per_interaction"]


def make_ab_test(
    *, random_state: int | np.random.Generator, n_weeks: int = 4, interactions_per_week: int = 24_000
) -> pd.DataFrame:
    """A randomised A/B test of the support copilot: one row per customer chat.

    Each chat was assigned to ``control`` or ``assisted`` by a fair coin, so the arms differ
    by chance only; their sizes differ a little too.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_weeks : int, default 4
        Length of the test in weeks (1 to 8), from Monday 2025-05-05.
    interactions_per_week : int, default 24000
        Mean number of chats in the test per week (500 to 200000). At the defaults the 95 %
        confidence interval of the revenue lift is about +-0.5 EUR per chat.

    Returns
    -------
    pandas.DataFrame
        One row per chat, ordered by week, with columns ``interaction_id`` (1..n), ``week``
        (1-based), ``arm`` (one of ``ARMS``), ``chat_topic`` (one of ``CHAT_TOPICS``),
        ``revenue_eur`` (revenue of the purchases attributed to the chat, 2 decimals; 0 for
        most chats), ``ticket_deflected`` (0/1: solved without a follow-up ticket within 7
        days), ``handle_seconds`` (agent time on the chat), ``inferences`` (model calls made
        for the chat; 0 in control) and ``ai_cost_eur`` (serving cost of those calls: tokens
        times the token price, 5 decimals; 0 in control).

    Examples
    --------
    >>> ab = make_ab_test(random_state=0, n_weeks=2, interactions_per_week=2000)
    >>> list(ab.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['interaction_id', 'week', 'arm', 'chat_topic', 'revenue_eur', 'ticket_deflected',
     'handle_seconds', 'inferences', 'ai_cost_eur']
    >>> sorted(ab["arm"].unique())
    ['assisted', 'control']
    >>> control = ab[ab["arm"] == "control"]
    >>> int(control["inferences"].sum()), float(control["ai_cost_eur"].sum())
    (0, 0.0)
    >>> bool((ab["revenue_eur"] == 0).mean() > 0.5)
    True
    """
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=1, maximum=8)
    interactions_per_week = check_positive_int(
        interactions_per_week, "interactions_per_week", minimum=500, maximum=200_000
    )
    s = _draw_scenario(check_random_state(random_state))
    rng = np.random.default_rng(s.child_seeds[0])

    counts = rng.poisson(interactions_per_week, size=n_weeks)
    n = int(counts.sum())
    week = np.repeat(np.arange(1, n_weeks + 1), counts)
    assisted = rng.random(n) < 0.5
    topic = rng.choice(len(CHAT_TOPICS), size=n, p=_P_TOPIC)

    p_buy = s.p_buy[topic] * np.where(assisted & (topic == 0), 1 + s.conversion_boost, 1.0)
    bought = rng.random(n) < p_buy
    basket = s.order_median[topic] * np.exp(_ORDER_SPREAD * rng.standard_normal(n))
    basket = basket * np.where(assisted, 1 + _BASKET_LIFT, 1.0)
    revenue = np.round(np.where(bought, basket, 0.0), 2)

    deflected = rng.random(n) < _P_DEFLECTED[topic] + s.deflection_lift * assisted
    handle = _HANDLE_MEDIAN_S[topic] * np.exp(_HANDLE_SPREAD * rng.standard_normal(n))
    handle = np.maximum(np.round(handle * np.where(assisted, s.handle_factor, 1.0)), 30)

    calls = np.where(assisted, 1 + rng.poisson(_EXTRA_MESSAGES[topic]), 0)
    tokens = _TOKENS_MEDIAN * np.exp(_TOKENS_SPREAD * rng.standard_normal(int(calls.sum())))
    chat_tokens = np.bincount(np.repeat(np.arange(n), calls), weights=tokens, minlength=n)
    cost = np.round(chat_tokens / 1000 * s.price_per_1k_tokens, 5)

    return pd.DataFrame(
        {
            "interaction_id": np.arange(1, n + 1, dtype=np.int64),
            "week": week.astype(np.int64),
            "arm": np.asarray(ARMS, dtype=object)[assisted.astype(np.int64)],
            "chat_topic": np.asarray(CHAT_TOPICS, dtype=object)[topic],
            "revenue_eur": revenue,
            "ticket_deflected": deflected.astype(np.int64),
            "handle_seconds": handle.astype(np.int64),
            "inferences": calls.astype(np.int64),
            "ai_cost_eur": cost,
        }
    )


def _first_move(values: np.ndarray, start: int, harmful: str) -> int | None:
    """First 0-based index from ``start`` beyond mean +- 3 sd of the reference weeks."""
    reference = values[start - REFERENCE_WEEKS: start]
    centre, spread = reference.mean(), reference.std(ddof=1)
    later = values[start:]
    beyond = later < centre - 3 * spread if harmful == "down" else later > centre + 3 * spread
    hits = np.flatnonzero(beyond)
    return start + int(hits[0]) if len(hits) else None


def make_before_after(*, random_state: int | np.random.Generator) -> pd.DataFrame:
    """The shop's weekly dashboard over a year in which the copilot launched to every chat.

    There is no control group: from ``launch_week`` on every chat is assisted. Revenue per chat
    is the off-season level (``ImpactTruth.control_revenue_eur``) plus a seasonal component,
    plus the true lift (``ImpactTruth.revenue_lift_eur``, the A/B test's) from the launch on,
    plus noise. In ``update_week`` the copilot moves to the cheaper model ``"v2"``: accuracy
    and acceptance fall that week, the return rate rises ``business_lag_weeks`` later.

    "Moves" is defined as follows (``REFERENCE_WEEKS`` = 8): take the 8 weeks before the model
    swap as the reference; a metric moves in the first week, from the swap week on, whose value
    lies more than 3 sample standard deviations (``ddof=1``) beyond the reference mean in the
    harmful direction (below it for accuracy and acceptance, above it for the return rate).
    In every variant this rule finds accuracy and acceptance moving in ``update_week`` and the
    return rate in ``update_week + business_lag_weeks`` (the rare noise draws that would make
    the rule fire early or late by chance are redrawn).

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (the same as the A/B test's). ``None`` is refused.

    Returns
    -------
    pandas.DataFrame
        52 rows, one per week from Monday 2025-08-04, with columns ``week`` (1-52),
        ``week_start`` (ISO date of the Monday), ``interactions`` (support chats),
        ``model_version`` (one of ``MODEL_VERSIONS``), ``revenue_per_interaction_eur``
        (3 decimals), ``suggestion_acceptance`` (share of the copilot's suggestions that agents
        sent, as they were or edited), ``answer_accuracy`` (share of an audited sample of 1200
        suggestions judged correct), ``cost_per_inference_eur`` (serving cost, 5 decimals) --
        these three are missing (NaN) before the launch -- and ``return_rate`` (returns of
        chat-attributed orders booked in the week, divided by such orders shipped in the week;
        4 decimals).

    Examples
    --------
    >>> weekly = make_before_after(random_state=0)
    >>> weekly.shape
    (52, 9)
    >>> truth = impact_truth(random_state=0)
    >>> launch = weekly.loc[weekly["model_version"] != "none", "week"].min()
    >>> int(launch) == truth.launch_week
    True
    >>> bool(weekly.loc[weekly["week"] < launch, "answer_accuracy"].isna().all())
    True
    >>> v2 = weekly["model_version"] == "v2"
    >>> bool(weekly.loc[v2, "cost_per_inference_eur"].max() < weekly.loc[~v2, "cost_per_inference_eur"].min())
    True
    """
    s = _draw_scenario(check_random_state(random_state))
    truth = _truth(s)
    rng = np.random.default_rng(s.child_seeds[1])
    weeks = np.arange(1, N_SERIES_WEEKS + 1)
    live = weeks >= s.launch_week
    v2 = weeks >= s.update_week
    seasonal = np.asarray(truth.seasonal_eur)

    peak = np.zeros(N_SERIES_WEEKS)
    for week, share in _PEAK.items():
        peak[week - 1] = share
    chats = rng.poisson(s.chats_per_week * (1 + _VOLUME_PEAK * peak))

    # what one chat is worth (mean and spread) without the copilot, in the calm season
    control = truth.control_revenue_eur
    second_moment = np.sum(
        _P_TOPIC * s.p_buy * s.order_median**2 * np.exp(2 * _ORDER_SPREAD**2)
    )
    chat_sd = np.sqrt(second_moment - control**2)
    mean_revenue = control + seasonal + truth.revenue_lift_eur * live

    since_launch = np.clip((weeks - s.launch_week) / _ACCEPTANCE_RAMP_WEEKS, 0.0, 1.0)
    acceptance = s.acceptance_v1 - s.acceptance_gap_at_launch * (1 - since_launch)
    acceptance = acceptance - s.acceptance_drop * v2
    accuracy = s.accuracy_v1 - s.accuracy_drop * v2
    cost = np.where(v2, truth.update_cost_per_inference_eur, truth.cost_per_inference_eur)

    wave = np.zeros(N_SERIES_WEEKS)
    for week, share in _RETURN_WAVE.items():
        wave[week - 1] = share
    since_move = weeks - (s.update_week + s.lag)
    extra = np.where(since_move >= 0, np.where(since_move == 0, _RETURN_FIRST_WEEK_SHARE, 1.0), 0.0)
    return_p = s.return_base + s.return_wave * wave + s.return_increase * extra
    orders = rng.binomial(chats, float(np.sum(_P_TOPIC * s.p_buy)))

    start = s.update_week - 1  # 0-based index of the swap week
    expected = {"accuracy": start, "acceptance": start, "returns": start + s.lag}
    for _ in range(1000):
        revenue = mean_revenue + rng.normal(0, 1, N_SERIES_WEEKS) * np.hypot(
            chat_sd / np.sqrt(chats), _REVENUE_WEEK_NOISE_EUR
        )
        accepted = np.clip(acceptance + rng.normal(0, _ACCEPTANCE_WEEK_NOISE, N_SERIES_WEEKS), 0, 1)
        accepted = np.round(accepted, 4)
        audited_ok = np.round(rng.binomial(_AUDIT_PER_WEEK, accuracy) / _AUDIT_PER_WEEK, 4)
        cost_week = cost * np.exp(rng.normal(0, 0.01, N_SERIES_WEEKS))
        week_p = np.clip(return_p + rng.normal(0, _RETURN_WEEK_NOISE, N_SERIES_WEEKS), 0, 1)
        returns = np.round(rng.binomial(orders, week_p) / orders, 4)
        found = {
            "accuracy": _first_move(audited_ok, start, "down"),
            "acceptance": _first_move(accepted, start, "down"),
            "returns": _first_move(returns, start, "up"),
        }
        if found == expected:
            break
    else:  # pragma: no cover - the effects are many standard deviations wide
        raise RuntimeError("could not draw a dashboard that shows the designed weeks")

    version = np.where(v2, 2, np.where(live, 1, 0))
    dates = np.datetime64(SERIES_START) + 7 * (weeks - 1).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "week": weeks.astype(np.int64),
            "week_start": np.datetime_as_string(dates, unit="D").astype(object),
            "interactions": chats.astype(np.int64),
            "model_version": np.asarray(MODEL_VERSIONS, dtype=object)[version],
            "revenue_per_interaction_eur": np.round(revenue, 3),
            "suggestion_acceptance": np.where(live, accepted, np.nan),
            "answer_accuracy": np.where(live, audited_ok, np.nan),
            "cost_per_inference_eur": np.where(live, np.round(cost_week, 5), np.nan),
            "return_rate": returns,
        }
    )
