"""Module 4 scenario: trust in two AI assistants, a reply drafter and a meeting note-taker.

**Reply drafts** (``make_assistant_interactions``). The support team of an online shop answers
customer tickets in a help desk that drafts replies with a language model. An agent meets a
draft in one of three places (``UI_VARIANTS``):

- ``panel``: the agent clicks "Draft reply" and the draft appears in a side panel;
- ``prefill``: the draft is already in the reply box when the agent opens the ticket;
- ``inline_typing``: the draft appears as a grey suggestion in the reply box once the agent
  has started typing their own answer.

The agent then uses the draft as it is (``accepted``), uses it after changing it
(``edited``), dismisses it and writes their own reply (``overridden``), or gives up on the
assistant and answers from the help desk's manual templates (``abandoned``, the fallback).
The quality team audits a random sample of drafts against the order system and the help
centre (``draft_correct``); the log holds that sample only.

The model is right about 95 % of the time for every kind of agent, ticket and screen, yet about
40 % of drafts are overridden. The overrides sit in ``inline_typing``, the majority of
drafts: a suggestion that arrives while the agent is already writing gets dismissed about 60 %
of the time whatever its quality (against about 10 % in the other two places), so the
overridden drafts there are as accurate as any others. That is a problem of the interface,
not of the model.

The model also states a confidence, its probability that the draft is correct. It is
over-confident where most drafts are (it says about 0.99 when it is right about 96 % of the
time) and too cautious in the middle range, where drafts given 0.6-0.9 are right about 90 % of
the time. Agents catch wrong drafts far less often when the model sounded sure: confident
mistakes get sent (over-reliance), while good inline drafts get dismissed (under-reliance).

**Meeting notes** (``make_meeting_notes``). An AI note-taker sends every attendee a summary
of the decisions taken in a meeting. Over twelve weeks attendees trust it more and more, and
fewer of them open the recording. The summaries do not get better: about one in five misses
or misstates a decision, and attendees who skipped the recording act on the missing decision
as if it had never been taken.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit, logit

from ._common import check_positive_int, check_random_state, remember_frames

__all__ = [
    "HIDDEN_DRAFT_COST",
    "MEETING_TYPES",
    "OUTCOMES",
    "SEGMENTS",
    "TASK_TYPES",
    "UI_VARIANTS",
    "WRONG_REPLY_COST",
    "make_assistant_interactions",
    "make_meeting_notes",
]

#: Agent segments: under three months on the help desk, three months or more, and the heavy
#: users of the assistant (a quarter of the agents each for "new" and "power").
SEGMENTS = ("new", "regular", "power")
#: Where the draft appears (see the module docstring).
UI_VARIANTS = ("panel", "prefill", "inline_typing")
#: What the customer's ticket is about.
TASK_TYPES = ("refund", "delivery_delay", "account_access", "billing", "product_question")
#: What the agent did with the draft: exactly one per draft.
OUTCOMES = ("accepted", "edited", "overridden", "abandoned")
#: Kinds of meeting the note-taker summarises.
MEETING_TYPES = ("standup", "planning", "customer_call", "design_review")

# --- what a shown or hidden draft costs (module 4's confidence-display threshold) ----------
#: Cost, in agent-minutes, of a wrong draft that an agent relied on (sent as it is or after an
#: edit): the customer comes back, the ticket is reopened and answered again, and a refund or
#: delivery has to be corrected; about 48 minutes of support time, the team lead's included.
WRONG_REPLY_COST = 48.0
#: Cost, in agent-minutes, of a correct draft that was hidden although the agent would have
#: relied on it: the agent writes the reply by hand, about 2 minutes of typing.
HIDDEN_DRAFT_COST = 2.0

# --- reply drafts: population -------------------------------------------------------------
_P_SEGMENT = np.array([0.25, 0.50, 0.25])
_DRAFTS_PER_WEEK = np.array([5.0, 8.0, 12.0])  # audited drafts per agent and week, by segment
_P_TASK = np.array([0.24, 0.26, 0.16, 0.18, 0.16])
# --- confidence: a confident majority and a hedging minority, on the logit scale ----------
_SURE_LOGIT = (4.6, 0.55)  # median confidence 0.990
_HEDGE_LOGIT = (1.3, 0.75)  # median confidence 0.79
_CONFIDENCE_BOUNDS = (0.35, 0.999)
# --- generation wait (seconds): median by UI variant, log-scale spread, slow requests -----
_WAIT_MEDIAN_S = np.array([4.0, 1.2, 1.5])
_WAIT_SPREAD = 0.7
_SLOW = (0.05, 8.0, 40.0)  # share of requests that hit a slow model server, slow-down range
_PATIENCE = (np.log(45.0), 0.5)  # seconds an agent waits for a draft before giving up
# --- what agents do with a draft ------------------------------------------------------------
_ABANDON_BASE = np.array([0.055, 0.030, 0.020])  # by segment, besides waiting too long
_ABANDON_WRONG = 0.04  # extra chance to fall back when the draft is wrong
_EDIT_BASE = np.array([0.50, 0.36, 0.24])  # chance to edit a correct draft before using it
_EDIT_WRONG = 0.20  # extra chance to edit a wrong draft that is kept
_EDIT_SHARE_CORRECT = (2.0, 14.0)  # Beta: share of words an edit changes (mean 0.125)
_EDIT_SHARE_WRONG = (4.0, 7.0)  # mean 0.36
_INTERRUPTED = (0.08, np.log(100.0), 0.8)  # share of used drafts, pause (median s, log spread)
# chance that the ticket is solved, by what happened to the draft ("wrong": a wrong draft used)
_P_COMPLETED = {"accepted": 0.93, "edited": 0.91, "wrong": 0.50, "overridden": 0.88,
                "abandoned": 0.74}

_NAMES = (
    "Maria", "James", "Aisha", "Tom", "Lena", "Carlos", "Priya", "Ben", "Sofia", "Omar",
    "Julia", "Ken", "Nora", "Luis", "Emma", "Yusuf", "Hanna", "Leo", "Mina", "Sam",
)
_GREETINGS = ("Hi {name},", "Hello {name},", "Dear {name},")
_CLOSINGS = ("Best regards,", "Kind regards,", "Thanks for your patience,", "Have a great day,")
_AGENT_GREETINGS = ("Hi {name},", "Hey {name},", "{name},")
_AGENT_CLOSINGS = ("Thanks!", "Cheers,", "All the best,", "Speak soon,")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_CARRIERS = ("DPD", "UPS", "GLS", "DHL")
_DOMAINS = ("gmail.com", "outlook.com", "web.de", "yahoo.com", "icloud.com", "proton.me")
_PRODUCTS = ("the Aero blender", "the Nova kettle", "the Flex desk lamp", "the Terra backpack")

# Per task: the key sentence (it carries the fact the audit checks), the agent's own way of
# saying it, and the other sentences a draft may add.
_TASKS = {
    "refund": {
        "key": "I have refunded {amount} for order {order}.",
        "agent_key": ("Refund of {amount} for {order} is done.",
                      "Done: {amount} is on its way back to you for {order}."),
        "other": (
            "The money will be back on your card within {days} business days.",
            "You will get a confirmation email once the refund is processed.",
            "There is no need to send the item back.",
            "I am sorry the product did not work out for you.",
        ),
    },
    "delivery_delay": {
        "key": "Your order {order} is now expected to arrive on {weekday}.",
        "agent_key": ("New delivery date for {order}: {weekday}.",
                      "{order} should be with you on {weekday}, sorry for the wait."),
        "other": (
            "The parcel is with {carrier} and the tracking link in your email shows every update.",
            "The delay comes from a backlog at our warehouse, not from your address.",
            "If it has not arrived by then, I will send a replacement at no cost.",
            "I am sorry for the wait.",
        ),
    },
    "account_access": {
        "key": "I have sent a password reset link to the address ending in {domain}.",
        "agent_key": ("Reset link is in your inbox at {domain}.",
                      "Just sent a new reset link to your {domain} address."),
        "other": (
            "The link stays valid for {minutes} minutes.",
            "If the email does not arrive, please check your spam folder.",
            "For your security we never ask for your password by email.",
            "Once you are back in, you can turn on two-step verification in your settings.",
        ),
    },
    "billing": {
        "key": "The charge of {amount} on invoice {invoice} is the renewal of your annual plan.",
        "agent_key": ("{amount} on {invoice} is your yearly plan renewal.",
                      "That {amount} ({invoice}) is the annual renewal."),
        "other": (
            "Your next invoice is due on the {dom} of the month.",
            "You can download every invoice from the billing page of your account.",
            "I have added a note to your account so the team knows about this.",
            "Let me know if the amount does not match your records.",
        ),
    },
    "product_question": {
        "key": "{product_cap} comes with a {years}-year warranty.",
        "agent_key": ("Warranty on {product} is {years} years.",
                      "You have {years} years of warranty on {product}."),
        "other": (
            "You can find the full manual on the product page.",
            "Spare parts are available from our online shop.",
            "It works with a standard European plug, no adapter needed.",
            "Many customers use it every day without any trouble.",
        ),
    },
}
_AGENT_EXTRAS = (
    "Thanks for reaching out.",
    "I double-checked this for you.",
    "Let me know if there is anything else I can do.",
    "Sorry again for the trouble.",
    "I have also added a note to your account.",
)
_SYNONYMS = {
    "Hi": "Hello", "Hello": "Good morning", "Dear": "Hello", "once": "as soon as",
    "sorry": "very sorry", "please": "kindly", "check": "look in", "get": "receive",
    "every": "each", "now": "currently", "full": "complete", "need": "reason",
    "available": "for sale", "note": "comment", "trouble": "problems", "arrive": "reach you",
    "sent": "emailed", "backlog": "queue", "download": "get", "valid": "active",
    "refunded": "paid back", "expected": "scheduled", "Best": "Warm", "Kind": "Warm",
    "shows": "gives", "processed": "complete", "plan": "subscription",
}


@dataclass(frozen=True)
class _AssistantScenario:
    """What a seed decides before the drafts are drawn."""

    sure_share: float
    accuracy_top: float
    accuracy_floor: float
    override_inline: float
    override_inline_wrong: float
    override_panel: float
    override_prefill: float
    catch_wrong: float
    catch_slope: float
    panel_share_of_rest: float
    target_override: float
    child_seeds: tuple[int, int, int]


def _draw_assistant_scenario(rng: np.random.Generator) -> _AssistantScenario:
    u = rng.uniform(size=11)
    first, second, third = (int(x) for x in rng.integers(2**32, size=3))

    def between(x: float, low: float, high: float) -> float:
        return float(low + (high - low) * x)

    return _AssistantScenario(
        sure_share=between(u[0], 0.70, 0.76),
        accuracy_top=between(u[1], 0.960, 0.968),
        accuracy_floor=between(u[2], 0.83, 0.87),
        override_inline=between(u[3], 0.62, 0.68),
        override_inline_wrong=between(u[4], 0.04, 0.10),
        override_panel=between(u[5], 0.05, 0.08),
        override_prefill=between(u[6], 0.08, 0.11),
        catch_wrong=between(u[7], 0.55, 0.65),
        catch_slope=between(u[8], 0.8, 1.0),
        panel_share_of_rest=between(u[9], 0.50, 0.62),
        target_override=between(u[10], 0.385, 0.415),
        child_seeds=(first, second, third),
    )


def _true_accuracy(confidence: np.ndarray, s: _AssistantScenario) -> np.ndarray:
    """P(draft correct | stated confidence): rising, but much flatter than the diagonal."""
    low = _CONFIDENCE_BOUNDS[0]
    position = (confidence - low) / (1.0 - low)
    return s.accuracy_floor + (s.accuracy_top - s.accuracy_floor) * position**1.5


def _off_bin_edges(confidence: np.ndarray) -> np.ndarray:
    """Round to 3 decimals and move the values that fall on a multiple of 0.1 by 0.001 up,
    so that every convention for ten equal-width bins puts each draft in the same bin."""
    rounded = np.round(confidence, 3)
    on_edge = np.isclose(rounded * 10, np.round(rounded * 10))
    return np.round(np.where(on_edge, rounded + 0.001, rounded), 3)


def _fill(template: str, facts: dict) -> str:
    return template.format(**facts)


def _facts(task: str, r: random.Random) -> tuple[dict, dict]:
    """The ticket's true facts, and a copy with the key fact wrong (what a wrong draft says)."""
    facts = {
        "name": r.choice(_NAMES),
        "order": f"#{r.randint(40000, 99999)}",
        "amount": f"€{r.randint(8, 240)}.{r.randint(0, 99):02d}",
        "days": r.choice((3, 5, 7, 10)),
        "weekday": r.choice(_WEEKDAYS),
        "carrier": r.choice(_CARRIERS),
        "domain": r.choice(_DOMAINS),
        "minutes": r.choice((15, 30, 60)),
        "invoice": f"INV-{r.randint(100000, 999999)}",
        "dom": r.choice(("1st", "5th", "15th", "28th")),
        "product": r.choice(_PRODUCTS),
        "years": r.choice((1, 2, 3)),
    }
    facts["product_cap"] = facts["product"][0].upper() + facts["product"][1:]
    wrong = dict(facts)
    if task in ("refund", "billing"):
        amount = float(facts["amount"][1:]) * r.choice((0.5, 0.8, 1.25, 2.0))
        wrong["amount"] = f"€{amount:.2f}"
    elif task == "delivery_delay":
        wrong["weekday"] = r.choice([d for d in _WEEKDAYS if d != facts["weekday"]])
    elif task == "account_access":
        wrong["domain"] = r.choice([d for d in _DOMAINS if d != facts["domain"]])
    else:
        wrong["years"] = r.choice([y for y in (1, 2, 3, 5) if y != facts["years"]])
    return facts, wrong


def _draft_sentences(task: str, facts: dict, r: random.Random) -> list[str]:
    spec = _TASKS[task]
    others = r.sample(spec["other"], r.randint(1, 3))
    return [
        _fill(r.choice(_GREETINGS), facts),
        _fill(spec["key"], facts),
        *(_fill(sentence, facts) for sentence in others),
        r.choice(_CLOSINGS),
    ]


def _own_reply(task: str, facts: dict, r: random.Random) -> str:
    """The agent's own reply: shorter, in their own words, with the true facts."""
    parts = [_fill(r.choice(_AGENT_GREETINGS), facts),
             _fill(r.choice(_TASKS[task]["agent_key"]), facts)]
    if r.random() < 0.6:
        parts.append(r.choice(_AGENT_EXTRAS))
    parts.append(r.choice(_AGENT_CLOSINGS))
    return " ".join(parts)


def _edit(task: str, sentences: list[str], facts: dict, share: float, wrong: bool,
          r: random.Random) -> str:
    """Edit a draft until about ``share`` of its words have changed (at least one change).

    Edits swap a word for a synonym (each word at most once), drop or add a sentence, or
    rewrite the key sentence in the agent's own words (with the true facts); most edits of a
    wrong draft start by rewriting its key sentence."""
    # each sentence: its words, whether each word may still be swapped, whether it is the
    # model's (only those are dropped: dropping an added sentence would undo an edit)
    parts = [[s.split(), [True] * len(s.split()), True] for s in sentences]
    n_words = sum(len(part[0]) for part in parts)
    target = max(1, round(share * n_words))
    changed = 0
    key_done = False

    def own(words: list[str]) -> list:
        return [words, [False] * len(words), False]

    def rewrite_key() -> int:
        old = len(parts[1][0])
        parts[1] = own(_fill(r.choice(_TASKS[task]["agent_key"]), facts).split())
        return max(old, len(parts[1][0]))

    if wrong and r.random() < 0.6:
        changed += rewrite_key()
        key_done = True
    attempts = 0
    while changed < target and attempts < 50:
        attempts += 1
        op = r.random()
        if op < 0.55:  # swap a word for a synonym
            words, fresh, _ = parts[r.randrange(len(parts))]
            candidates = [j for j, w in enumerate(words) if fresh[j] and w in _SYNONYMS]
            if candidates:
                j = r.choice(candidates)
                words[j], fresh[j] = _SYNONYMS[words[j]], False
                changed += 1
        elif op < 0.70 and sum(part[2] for part in parts[2:-1]) > 1:
            # drop one of the model's sentences (not the greeting, the key or the closing)
            i = r.choice([i for i in range(2, len(parts) - 1) if parts[i][2]])
            changed += len(parts.pop(i)[0])
        elif op < 0.88:  # add a sentence of the agent's own before the closing
            extra = r.choice(_AGENT_EXTRAS).split()
            parts.insert(len(parts) - 1, own(extra))
            changed += len(extra)
        elif not key_done:
            changed += rewrite_key()
            key_done = True
    if changed == 0:  # nothing to swap or drop: the agent adds a sentence
        parts.insert(len(parts) - 1, own(r.choice(_AGENT_EXTRAS).split()))
    return " ".join(" ".join(part[0]) for part in parts)


@remember_frames
def make_assistant_interactions(
    *, random_state: int | np.random.Generator, n_users: int = 150, n_weeks: int = 8
) -> pd.DataFrame:
    """Audited AI reply drafts shown to support agents, and what the agents did with them.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_users : int, default 150
        Number of support agents (20 to 2000). Each drafts about 5 (new), 8 (regular) or
        12 (power) audited replies a week.
    n_weeks : int, default 8
        Length of the log in weeks (2 to 52).

    Returns
    -------
    pandas.DataFrame
        One row per draft shown (about 8.5 per agent and week; about 10,000 at the defaults), in
        time order, with columns ``interaction_id`` (1..n), ``user_id`` (the agent, 1..n_users),
        ``week`` (1-based), ``segment`` (one of ``SEGMENTS``), ``ui_variant`` (one of
        ``UI_VARIANTS``), ``task_type`` (one of ``TASK_TYPES``), ``confidence`` (the model's
        stated probability that the draft is correct, 3 decimals, never a multiple of 0.1),
        ``draft_correct`` (0/1, from the audit), ``outcome`` (one of ``OUTCOMES``),
        ``draft_text``, ``final_text`` (the reply sent: the draft itself when accepted, an
        edit of it when edited, the agent's own text when overridden, missing (NaN) when
        abandoned), ``seconds_to_first_useful`` (from the request, or the suggestion's
        appearance, to the draft being used; NaN unless accepted or edited) and
        ``task_completed`` (0/1: the reply solved the ticket, which was not reopened within
        seven days).

    Examples
    --------
    >>> log = make_assistant_interactions(random_state=0, n_users=40, n_weeks=4)
    >>> list(log.columns[:6])
    ['interaction_id', 'user_id', 'week', 'segment', 'ui_variant', 'task_type']
    >>> sorted(log["outcome"].unique())
    ['abandoned', 'accepted', 'edited', 'overridden']
    >>> accepted = log[log["outcome"] == "accepted"]
    >>> bool((accepted["final_text"] == accepted["draft_text"]).all())
    True
    >>> useful = log["outcome"].isin(["accepted", "edited"])
    >>> bool((log["seconds_to_first_useful"].notna() == useful).all())
    True
    >>> bool(log["confidence"].between(0, 1).all() and 0.9 < log["draft_correct"].mean() < 1)
    True
    """
    n_users = check_positive_int(n_users, "n_users", minimum=20, maximum=2000)
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=2, maximum=52)
    s = _draw_assistant_scenario(check_random_state(random_state))
    rng_users = np.random.default_rng(s.child_seeds[0])
    rng = np.random.default_rng(s.child_seeds[1])
    text_rng = random.Random(s.child_seeds[2])

    # agents: segment, activity, their own leaning towards inline suggestions and dismissals
    segment_u = rng_users.choice(len(SEGMENTS), size=n_users, p=_P_SEGMENT)
    activity_u = _DRAFTS_PER_WEEK[segment_u] * rng_users.lognormal(0.0, 0.25, size=n_users)
    inline_lean_u = rng_users.normal(0.0, 0.5, size=n_users)
    dismiss_lean_u = rng_users.normal(0.0, 0.35, size=n_users)

    counts = rng.poisson(np.tile(activity_u, n_weeks)).reshape(n_weeks, n_users)
    week = np.repeat(np.arange(1, n_weeks + 1), counts.sum(axis=1))
    user = np.concatenate([np.repeat(np.arange(n_users), row) for row in counts])
    order = np.lexsort((rng.random(len(week)), week))  # shuffle the agents within each week
    week, user = week[order], user[order]
    n = len(week)
    segment = segment_u[user]
    task = rng.choice(len(TASK_TYPES), size=n, p=_P_TASK)

    # the model: stated confidence, then the truth from a flat calibration curve
    sure = rng.random(n) < s.sure_share
    z = np.where(sure, rng.normal(*_SURE_LOGIT, size=n), rng.normal(*_HEDGE_LOGIT, size=n))
    confidence = _off_bin_edges(np.clip(expit(z), *_CONFIDENCE_BOUNDS))
    correct = rng.random(n) < _true_accuracy(confidence, s)

    # waiting for the draft, and the agent's patience
    wait_noise = rng.standard_normal(n)
    slow_share, *slow_range = _SLOW
    slow_factor = np.where(rng.random(n) < slow_share, rng.uniform(*slow_range, size=n), 1.0)
    patience = np.exp(rng.normal(*_PATIENCE, size=n))
    u_abandon, u_override, u_edit = rng.random(n), rng.random(n), rng.random(n)

    def abandon_p(variant: int) -> np.ndarray:
        wait = _WAIT_MEDIAN_S[variant] * np.exp(_WAIT_SPREAD * wait_noise) * slow_factor
        p = _ABANDON_BASE[segment] + _ABANDON_WRONG * ~correct
        return np.where(wait > patience, 0.85, p)

    def override_p(variant: int) -> np.ndarray:
        if variant == UI_VARIANTS.index("inline_typing"):
            base = np.where(correct, s.override_inline, s.override_inline + s.override_inline_wrong)
            return expit(logit(base) + dismiss_lean_u[user])
        base = s.override_panel if variant == 0 else s.override_prefill
        # wrong drafts are caught less often when the model sounded sure
        catch = expit(logit(s.catch_wrong) - s.catch_slope * (logit(confidence) - 2.5))
        return expit(logit(np.where(correct, base, catch)) + dismiss_lean_u[user])

    # choose the share of inline suggestions that puts the overall override rate on target
    expected = np.array([(1 - abandon_p(v)) * override_p(v) for v in range(3)])
    rest = s.panel_share_of_rest * expected[0] + (1 - s.panel_share_of_rest) * expected[1]

    def inline_p(share: float) -> np.ndarray:
        return expit(logit(share) + inline_lean_u[user])

    share = brentq(lambda a: np.mean(inline_p(a) * expected[2] + (1 - inline_p(a)) * rest)
                   - s.target_override, 0.01, 0.99)
    inline = rng.random(n) < inline_p(share)
    panel = rng.random(n) < s.panel_share_of_rest
    variant = np.where(inline, 2, np.where(panel, 0, 1))

    p_abandon = np.choose(variant, [abandon_p(v) for v in range(3)])
    p_override = np.choose(variant, [override_p(v) for v in range(3)])
    abandoned = u_abandon < p_abandon
    overridden = ~abandoned & (u_override < p_override)
    relied = ~abandoned & ~overridden
    p_edit = _EDIT_BASE[segment] + _EDIT_WRONG * ~correct
    edited = relied & (u_edit < p_edit)
    outcome = np.where(abandoned, 3, np.where(overridden, 2, np.where(edited, 1, 0)))
    edit_share = np.where(correct, rng.beta(*_EDIT_SHARE_CORRECT, size=n),
                          rng.beta(*_EDIT_SHARE_WRONG, size=n))

    # texts
    drafts, finals = [], []
    for i in range(n):
        name = TASK_TYPES[task[i]]
        facts, wrong = _facts(name, text_rng)
        sentences = _draft_sentences(name, facts if correct[i] else wrong, text_rng)
        draft = " ".join(sentences)
        if outcome[i] == 0:
            final = draft
        elif outcome[i] == 1:
            final = _edit(name, sentences, facts, float(edit_share[i]), not correct[i], text_rng)
        elif outcome[i] == 2:
            final = _own_reply(name, facts, text_rng)
        else:
            final = np.nan
        drafts.append(draft)
        finals.append(final)
    n_draft_words = np.array([len(d.split()) for d in drafts])

    # time to value: wait for the draft, read it, edit it
    wait = _WAIT_MEDIAN_S[variant] * np.exp(_WAIT_SPREAD * wait_noise) * slow_factor
    reading = (4.0 + 0.25 * n_draft_words) * rng.lognormal(0.0, 0.6, size=n)
    editing = np.round(edit_share * n_draft_words) * rng.lognormal(np.log(2.5), 0.6, size=n) + 5.0
    # some agents are pulled away (a call, another chat) before they send the reply
    share_away, median_away, spread_away = _INTERRUPTED
    pause = np.exp(rng.normal(median_away, spread_away, size=n))
    away = np.where(rng.random(n) < share_away, pause, 0.0)
    seconds = wait + reading + np.where(outcome == 1, editing, 0.0) + away
    seconds = np.where(relied, np.round(seconds, 1), np.nan)

    p_done = np.select(
        [abandoned, overridden, relied & ~correct, edited],
        [_P_COMPLETED["abandoned"], _P_COMPLETED["overridden"], _P_COMPLETED["wrong"],
         _P_COMPLETED["edited"]],
        default=_P_COMPLETED["accepted"],
    )
    completed = rng.random(n) < p_done

    return pd.DataFrame(
        {
            "interaction_id": np.arange(1, n + 1, dtype=np.int64),
            "user_id": (user + 1).astype(np.int64),
            "week": week.astype(np.int64),
            "segment": np.asarray(SEGMENTS, dtype=object)[segment],
            "ui_variant": np.asarray(UI_VARIANTS, dtype=object)[variant],
            "task_type": np.asarray(TASK_TYPES, dtype=object)[task],
            "confidence": confidence,
            "draft_correct": correct.astype(np.int64),
            "outcome": np.asarray(OUTCOMES, dtype=object)[outcome],
            "draft_text": np.asarray(drafts, dtype=object),
            "final_text": np.asarray(finals, dtype=object),
            "seconds_to_first_useful": seconds,
            "task_completed": completed.astype(np.int64),
        }
    )


# --- meeting notes ----------------------------------------------------------------------------
_P_MEETING_TYPE = np.array([0.35, 0.25, 0.20, 0.20])
_DURATION_MIN = {"standup": (15, 15), "planning": (45, 60), "customer_call": (30, 45),
                 "design_review": (45, 60)}
_DECISIONS_MEAN = np.array([1.4, 3.2, 2.2, 2.8])  # 1 + Poisson(mean - 1), by meeting type
_CAPTURE_LOGIT = np.array([3.0, 2.2, 1.8, 2.3])  # per decision, by meeting type
_SKIP_TYPE_SHIFT = np.array([0.4, 0.0, -0.5, 0.0])  # customer calls are replayed more often
_ACT_P = 0.45  # chance that an attendee acts on a given decision
_ALIGNED_P = 0.94  # an action on a decision the attendee knows matches the record
_MISINFORMED_ALIGNED_P = 0.15  # an action on a decision the summary missed or misstated


def make_meeting_notes(
    *, random_state: int | np.random.Generator, n_users: int = 120, n_weeks: int = 12,
    meetings_per_week: int = 45,
) -> pd.DataFrame:
    """Meeting summaries of an AI note-taker, and what each attendee did after the meeting.

    Every decision of a meeting was checked by an auditor against the recording
    (``decisions_recorded``); the summary got some of them right (``decisions_captured``).
    An attendee who opens the recording learns every decision; one who skips it relies on the
    summary, and acts on a decision that the summary missed or misstated as the old plan.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_users : int, default 120
        Number of people who attend meetings (10 to 5000).
    n_weeks : int, default 12
        Length of the log in weeks (4 to 52).
    meetings_per_week : int, default 45
        Meetings summarised a week (5 to 1000).

    Returns
    -------
    pandas.DataFrame
        One row per (meeting, attendee), sorted by meeting: ``meeting_id`` (1..),
        ``week`` (1-based), ``meeting_type`` (one of ``MEETING_TYPES``), ``duration_min``,
        ``user_id`` (1..n_users), ``decisions_recorded``, ``decisions_captured`` (decisions
        the summary states correctly), ``summary_missed_decision`` (0/1: at least one
        decision missing or misstated), ``skipped_recording`` (0/1: the attendee opened
        neither the recording nor the transcript within seven days), ``actions_taken``
        (follow-up actions the attendee took on the meeting's decisions) and
        ``actions_aligned`` (those of them that match the decisions of the record).

    Examples
    --------
    >>> notes = make_meeting_notes(random_state=0, n_weeks=4, meetings_per_week=10)
    >>> list(notes.columns[:5])
    ['meeting_id', 'week', 'meeting_type', 'duration_min', 'user_id']
    >>> bool((notes["decisions_captured"] <= notes["decisions_recorded"]).all())
    True
    >>> bool((notes["actions_aligned"] <= notes["actions_taken"]).all())
    True
    >>> missed = notes["decisions_captured"] < notes["decisions_recorded"]
    >>> bool((notes["summary_missed_decision"] == missed).all())
    True
    """
    n_users = check_positive_int(n_users, "n_users", minimum=10, maximum=5000)
    n_weeks = check_positive_int(n_weeks, "n_weeks", minimum=4, maximum=52)
    meetings_per_week = check_positive_int(meetings_per_week, "meetings_per_week", minimum=5,
                                           maximum=1000)
    rng = check_random_state(random_state)
    skip_start = rng.uniform(-1.4, -1.0)  # log-odds of skipping in week 1: about 20-27 %
    skip_growth = rng.uniform(0.16, 0.20)  # per week
    capture_shift = rng.uniform(-0.2, 0.2)
    rng_users, rng_meetings = (np.random.default_rng(int(x)) for x in rng.integers(2**32, size=2))

    user_lean = rng_users.normal(0.0, 0.7, size=n_users)
    user_growth = rng_users.normal(1.0, 0.3, size=n_users).clip(0.2)
    user_weight = rng_users.lognormal(0.0, 0.5, size=n_users)
    user_weight /= user_weight.sum()

    g = rng_meetings
    n_meetings = meetings_per_week * n_weeks
    m_week = np.repeat(np.arange(1, n_weeks + 1), meetings_per_week)
    m_type = g.choice(len(MEETING_TYPES), size=n_meetings, p=_P_MEETING_TYPE)
    low = np.array([_DURATION_MIN[t][0] for t in MEETING_TYPES])
    high = np.array([_DURATION_MIN[t][1] for t in MEETING_TYPES])
    m_duration = np.where(g.random(n_meetings) < 0.5, low[m_type], high[m_type])
    m_recorded = 1 + g.poisson(_DECISIONS_MEAN[m_type] - 1)
    m_captured = g.binomial(m_recorded, expit(_CAPTURE_LOGIT[m_type] + capture_shift))
    m_size = np.clip(2 + g.poisson(np.where(m_type == 0, 4.0, 2.5)), 2, min(9, n_users))

    meeting = np.repeat(np.arange(n_meetings), m_size)
    attendees = np.concatenate(
        [g.choice(n_users, size=k, replace=False, p=user_weight) for k in m_size]
    )
    week, mtype = m_week[meeting], m_type[meeting]
    recorded, captured = m_recorded[meeting], m_captured[meeting]
    rows = len(meeting)

    skip_logit = (skip_start + user_lean[attendees] + _SKIP_TYPE_SHIFT[mtype]
                  + skip_growth * user_growth[attendees] * (week - 1))
    skipped = g.random(rows) < expit(skip_logit)
    on_captured = g.binomial(captured, _ACT_P)
    on_missed = g.binomial(recorded - captured, _ACT_P)
    aligned = g.binomial(on_captured, _ALIGNED_P) + g.binomial(
        on_missed, np.where(skipped, _MISINFORMED_ALIGNED_P, _ALIGNED_P))

    return pd.DataFrame(
        {
            "meeting_id": (meeting + 1).astype(np.int64),
            "week": week.astype(np.int64),
            "meeting_type": np.asarray(MEETING_TYPES, dtype=object)[mtype],
            "duration_min": m_duration[meeting].astype(np.int64),
            "user_id": (attendees + 1).astype(np.int64),
            "decisions_recorded": recorded.astype(np.int64),
            "decisions_captured": captured.astype(np.int64),
            "summary_missed_decision": (captured < recorded).astype(np.int64),
            "skipped_recording": skipped.astype(np.int64),
            "actions_taken": (on_captured + on_missed).astype(np.int64),
            "actions_aligned": aligned.astype(np.int64),
        }
    )
