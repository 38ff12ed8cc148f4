"""Module 5's briefs (a counter-metric for a Goodhart simulation) on a corpus of answers."""

from __future__ import annotations

import re

import pytest

from ai_product_metrics.grading import check_brief_complete, find_concepts, score_brief
from ai_product_metrics.grading.checks import CheckFailed
from ai_product_metrics.grading.rubrics import (
    CHATBOT_BRIEF,
    CONCEPTS,
    GOODHART_CONCEPTS,
    IDEAS,
    RECOMMENDER_BRIEF,
)

# what the test cells recompute from the learner's seed: ship_step(frame, scenario)
REC_SHIP = 9
BOT_SHIP = 11
REC_NUMBERS = {"ship_step": REC_SHIP}
BOT_NUMBERS = {"ship_step": BOT_SHIP}
MAX = 4.0

REC_MODEL = {
    "primary_metric": "Click-through rate of the recommendation strip",
    "counter_metric": "Return rate: the share of orders from recommendations that are returned "
                      "or cancelled",
    "guardrail": "Return rate at most 12 % of orders",
    "watch": "Net revenue per 1000 impressions (kept orders minus the cost of returns), because "
             "CTR can keep rising while returns eat the margin; and repeat purchases, since "
             "shoppers who send items back buy less later.",
    "ship_step": f"{REC_SHIP}",
}

BOT_MODEL = {
    "primary_metric": "Resolution rate: the share of chats the bot marks resolved",
    "counter_metric": "Recontact within 7 days: the share of resolved chats whose customer "
                      "contacts support again",
    "guardrail": "Recontact within 7 days at most 20 % of resolved chats",
    "watch": "True resolution (chats resolved with no recontact within 7 days), since that is "
             "what customers get; and escalations to human agents, because every premature "
             "close lands on them a few days later.",
    "ship_step": f"{BOT_SHIP}",
}

# points: primary 0.75, counter 1.0, guardrail 0.75, watch 0.75, ship step 0.75
# Kinds as in tests/test_rubric.py (model, right, partial, wrong, negation, stuffed, limit).
REC_CORPUS = [
    # (kind, label, changes to REC_MODEL, expected points, why)
    ("model", "model answer", {}, 4.0, "every item"),
    ("right", "other words and order", {
        "primary_metric": "CTR on the 'you may also like' strip",
        "counter_metric": "Refunds and cancellations of recommended orders",
        "guardrail": "No more than 0.15 of the orders may be sent back",
        "watch": "Whether shoppers buy again within a quarter and the profit left after return "
                 "handling, because clicks alone can hide a shop that loses money.",
        "ship_step": f"Step {REC_SHIP}",
    }, 4.0, "synonyms, a fraction, another word order"),
    ("right", "net revenue as the primary", {
        "primary_metric": "Net revenue per 1000 impressions (kept orders minus return costs)"},
     4.0, "the business outcome is a defensible primary; its definition names returns"),
    ("right", "conversion as the primary", {"primary_metric": "Conversion rate: orders per click"}, 4.0,
     "purchases per click is a defensible primary"),
    ("right", "CTR called engagement", {"primary_metric": "CTR, an engagement metric"}, 4.0,
     "the metric is still click-through; the label 'engagement' is not refused in the primary"),
    ("wrong", "time spent as the primary", {
        "primary_metric": "Time spent on recommended product pages"}, 3.25,
     "attention says nothing about what shoppers buy and keep"),
    ("wrong", "engagement as the primary", {"primary_metric": "Engagement with the strip"}, 3.25,
     "plain engagement is not a purchase metric"),
    ("wrong", "CTR beside time spent", {"primary_metric": "CTR and time spent"}, 3.25,
     "time spent is ruled out of the primary"),
    ("stuffed", "stuffed primary", {
        "primary_metric": "CTR, conversion, net revenue, return rate, CSAT"}, 3.25,
     "focus: five metrics are not one primary"),
    ("limit", "known limit: a bare 'orders' primary", {"primary_metric": "Orders"}, 3.25,
     "known limit: a bare 'orders' is not recognised (it would count in every definition of "
     "the return rate); 'orders per impression' or 'number of orders' are"),
    ("negation", "counter: return rate, not CTR", {"counter_metric": "Return rate, not CTR"}, 4.0,
     "'not CTR' rules the primary out"),
    ("negation", "counter: instead of", {"counter_metric": "Return rate instead of CTR"}, 4.0,
     "'instead' negates what follows it"),
    ("negation", "counter: rather than, first", {"counter_metric": "Rather than CTR, the return rate"}, 4.0,
     "the comma ends the negation"),
    ("right", "counter: an explanation that names CTR", {
        "counter_metric": "Return rate, which CTR hides"}, 4.0,
     "CTR named in an explanation, not listed as a second counter"),
    ("right", "counter: 'both' before CTR", {
        "counter_metric": "Returns and cancellations, both CTR-driven"}, 4.0,
     "'both CTR-driven' explains the returns; it does not list CTR"),
    ("wrong", "counter: conversion", {"counter_metric": "Conversion rate (orders per click)"}, 3.0,
     "conversion per click falls too, but what the push costs the shop here is the orders that "
     "come back; conversion earns its credit in 'watch'"),
    ("negation", "counter: negated returns", {"counter_metric": "Not the return rate: conversion"}, 3.0,
     "a negated return rate is no return rate"),
    ("negation", "counter: returns refused", {
        "counter_metric": "I would not track returns; conversion instead"}, 3.0,
     "returns are negated, and conversion falls but is not what the push costs"),
    ("wrong", "counter: the primary restated", {"counter_metric": "CTR"}, 3.0,
     "the primary again moves with the primary"),
    ("wrong", "counter: the primary beside returns", {"counter_metric": "CTR and return rate"}, 3.0,
     "one counter-metric, and the primary is not one"),
    ("wrong", "counter: engagement", {"counter_metric": "Time spent per visit"}, 3.0,
     "another engagement metric rises with clicks"),
    ("wrong", "counter: returns beside engagement", {
        "counter_metric": "Return rate and engagement"}, 3.0,
     "engagement is ruled out of the counter"),
    ("wrong", "counter: satisfaction", {"counter_metric": "Customer satisfaction score"}, 3.0,
     "not what the push costs in this simulation"),
    ("wrong", "counter: net revenue", {"counter_metric": "Net revenue"}, 3.0,
     "the outcome belongs in 'watch'; the counter is the metric the push drives up"),
    ("limit", "known limit: net revenue defined by returns", {
        "counter_metric": "Net revenue after returns"}, 4.0,
     "known limit: the definition names returns, and the scorer cannot tell a metric from its "
     "definition"),
    ("negation", "counter: not CTR but return rate", {
        "counter_metric": "Not CTR but return rate"}, 4.0,
     "'but' ends the negation: the return rate is affirmed"),
    ("negation", "counter: not CTR but the return rate", {
        "counter_metric": "Not CTR but the return rate"}, 4.0,
     "the article keeps 'return' out of the negation's reach"),
    ("stuffed", "stuffed counter", {
        "counter_metric": "return rate, refunds, time spent, CSAT, repeat purchase"}, 3.0,
     "focus: a counter-metric is not a list (and time spent is ruled out)"),
    ("right", "guardrail as a fraction", {"guardrail": "0.12"}, 4.0, "0.12 is 12 %"),
    ("right", "guardrail as a bare percentage", {"guardrail": "returns at most 12"}, 4.0,
     "a bare number above 1 is read as a percentage too"),
    ("wrong", "guardrail in words", {"guardrail": "Returns must stay below fifteen percent"}, 3.25,
     "no number stated"),
    ("wrong", "guardrail without a number", {"guardrail": "Return rate must not rise much"}, 3.25,
     "a guardrail needs a limit"),
    ("wrong", "no guardrail needed", {"guardrail": "No guardrail needed: CTR says it all"}, 3.25,
     "no limit, and it is about the primary"),
    ("wrong", "guardrail as a floor", {"guardrail": "Return rate at least 12 %"}, 3.25,
     "the return rate must stay low: a floor is the wrong way round"),
    ("wrong", "guardrail on the primary", {"guardrail": "CTR above 4 %"}, 3.25,
     "a limit on the primary metric, not on the counter"),
    ("wrong", "guardrail implausibly high", {"guardrail": "Return rate at most 60 %"}, 3.25,
     "no shop lets most orders come back"),
    ("wrong", "guardrail implausibly low", {"guardrail": "Return rate at most 1 %"}, 3.25,
     "below the launch level of every variant: nothing could ship"),
    ("limit", "known limit: 'at least' beside a ceiling", {
        "guardrail": "Return rate at most 12 %, i.e. at least 88 % of orders kept"}, 3.25,
     "known limit: 'at least' reads as a floor wherever it stands in the field"),
    ("partial", "watch too short", {"watch": "Net revenue, because returns cost"}, 3.25, "min_words"),
    ("wrong", "watch: engagement only", {
        "watch": "Time on site and page views per visit, to see whether shoppers stay engaged "
                 "with the strip"}, 3.25, "attention, not what the shop keeps"),
    ("partial", "watch: the counter again", {
        "watch": "The return rate by category, because returns cost money and annoy the "
                 "warehouse team"}, 3.25, "the counter-metric again, nothing else"),
    ("right", "watch: satisfaction", {
        "watch": "Customer satisfaction with recommended items, since a shopper who feels "
                 "tricked by a thumbnail stops trusting the strip"}, 4.0, "or similar"),
    ("right", "watch: five names in an argument", {
        "watch": "Net revenue, because CTR can rise while returns eat the margin; repeat "
                 "purchases and CSAT, since tricked shoppers leave."}, 4.0,
     "five metric names in twenty words, within the focus limit"),
    ("stuffed", "watch: a list of names", {
        "watch": "net revenue, repeat purchases, CSAT, retention, conversion, CTR, time spent"},
     3.25, "focus: seven metric names argue nothing"),
    ("limit", "known limit: a short list of right names", {
        "watch": "net revenue per order, repeat purchase rate and CSAT"}, 4.0,
     "known limit: three right names in nine words pass without a reason"),
    ("negation", "watch negated", {
        "watch": "Not profit, which finance tracks anyway; only the click-through of the strip "
                 "matters"}, 3.25, "a negated outcome is not watched"),
    ("negation", "watch: a negated list", {
        "watch": "Not net revenue or profit, which finance tracks anyway; only the CTR of the "
                 "strip"}, 3.25,
     "the negation carries over 'or': neither net revenue nor profit is watched"),
    ("wrong", "wrong ship step", {"ship_step": f"{REC_SHIP + 1}"}, 3.25,
     "one step too far: the first step past the guardrail"),
    ("wrong", "another learner's step", {"ship_step": f"step {REC_SHIP - 2}"}, 3.25,
     "not the learner's own data"),
    ("stuffed", "ship step hedged", {"ship_step": f"{REC_SHIP} or {REC_SHIP + 1}"}, 3.25,
     "one step, not two"),
    ("stuffed", "ship step range", {"ship_step": f"between {REC_SHIP - 1} and {REC_SHIP + 1}"}, 3.25,
     "one step, not a range"),
    ("stuffed", "ship step range with a dash", {"ship_step": f"{REC_SHIP - 1}-{REC_SHIP + 1}"}, 3.25,
     "one step, not a range"),
    ("stuffed", "every step listed", {"ship_step": ", ".join(str(n) for n in range(21))}, 3.25,
     "a list of every step is not a decision"),
    ("stuffed", "a sparse list of steps", {"ship_step": f"3, {REC_SHIP}, 15"}, 3.25,
     "three candidates are a list, not one step"),
    ("right", "ship step beside a percentage", {
        "ship_step": f"step {REC_SHIP} (returns then at {REC_SHIP + 1} %)"}, 4.0,
     "a number after a bracket is not read as a range"),
    ("wrong", "ship step in words", {"ship_step": "the last step before the returns break the limit"},
     3.25, "no number"),
    ("right", "ship step with its reason", {
        "ship_step": f"Step {REC_SHIP}: the best CTR while returns hold their ceiling"}, 4.0,
     "a reason beside the number is fine"),
    ("negation", "counter: a negated list of attention metrics", {
        "counter_metric": "Not CTR, time on site or page views: the return rate"}, 4.0,
     "the negation carries over the list closed by 'or'; the colon ends it"),
    ("negation", "counter: neither ... nor", {
        "counter_metric": "Neither clicks nor dwell time; returned orders"}, 4.0,
     "both attention metrics are rejected; the returns stand"),
    ("negation", "primary: CTR called a vanity metric", {
        "primary_metric": "Net revenue per impression; CTR alone is a vanity metric"}, 4.0,
     "a rejecting predicate negates CTR; net revenue is the primary"),
    ("right", "ship step beside its crossing", {
        "ship_step": f"step {REC_SHIP}: returns cross 12 % at step {REC_SHIP + 2}"}, 4.0,
     "other numbers of the argument beside the answer"),
    ("stuffed", "guardrail as many numbers", {
        "guardrail": "Return rate at most 5 %, 10 %, 12 %, 15 % or 20 %"}, 3.25,
     "five candidates: a ceiling is one number"),
    ("stuffed", "guardrail as a range", {"guardrail": "Return rate at most 10-15 %"}, 3.25,
     "the ends of a range are not a ceiling"),
    ("wrong", "placeholders", {f: "..." for f in RECOMMENDER_BRIEF.fields}, 0.0, "nothing written"),
    ("wrong", "everything wrong", {
        "primary_metric": "time spent", "counter_metric": "clicks",
        "guardrail": "no guardrail", "watch": "DAU", "ship_step": "the last one"}, 0.0,
     "engagement throughout, no numbers"),
]

BOT_CORPUS = [
    # (kind, label, changes to BOT_MODEL, expected points, why)
    ("model", "model answer", {}, 4.0, "every item"),
    ("right", "other words and order", {
        "primary_metric": "Share of chats the bot closes as solved",
        "counter_metric": "Customers who come back within a week after the bot closed their "
                          "chat",
        "guardrail": "no more than 0.25 of resolved chats",
        "watch": "CSAT asked a week after the chat rather than right after it, and the handoff "
                 "rate to live agents, because premature closes end up with them.",
        "ship_step": f"step {BOT_SHIP}",
    }, 4.0, "synonyms, a fraction, another word order"),
    ("right", "containment as the primary", {
        "primary_metric": "Containment rate: chats handled without a human"}, 4.0,
     "containment is a defensible primary"),
    ("right", "deflection as the primary", {"primary_metric": "Deflection rate"}, 4.0,
     "deflection is a defensible primary"),
    ("wrong", "chat length as the primary", {"primary_metric": "Average conversation length"}, 3.25,
     "attention, not solved issues"),
    ("wrong", "CSAT as the primary", {"primary_metric": "CSAT after each chat"}, 3.25,
     "not the metric the bot is pushed on"),
    ("stuffed", "stuffed primary", {
        "primary_metric": "resolution rate, containment, deflection, CSAT, handle time"}, 3.25,
     "focus: five metrics are not one primary"),
    ("right", "counter: escalation after resolution", {
        "counter_metric": "Escalation after resolution"}, 4.0, "the scenario's own words"),
    ("right", "counter: escalation rate after resolution", {
        "counter_metric": "Escalation rate after resolution"}, 4.0,
     "three vocabulary names, within the counter's focus limit"),
    ("right", "counter: reopened chats", {"counter_metric": "Chats reopened within 7 days"}, 4.0,
     "a reopen is a recontact"),
    ("right", "counter: another contact", {
        "counter_metric": "Share of 'resolved' chats followed by another contact within 7 "
                          "days"}, 4.0, "recontact in other words"),
    ("right", "counter: customers who return", {
        "counter_metric": "Customers who return within 7 days"}, 4.0,
     "in support, returning within days is a recontact"),
    ("right", "counter: an explanation that names the primary", {
        "counter_metric": "Recontact rate, since resolution rate alone counts premature "
                          "closes"}, 4.0,
     "the primary named in an explanation, not listed as a second counter"),
    ("right", "counter: repeat contact", {"counter_metric": "Repeat contacts per resolved chat"}, 4.0,
     "repeat contact is recontact"),
    ("negation", "counter: recontact, not resolution rate", {
        "counter_metric": "Recontact rate, not resolution rate"}, 4.0,
     "the primary is ruled out by 'not'"),
    ("right", "counter: recontact beside CSAT", {"counter_metric": "Recontact within 7 days and CSAT"},
     4.0, "CSAT beside the recontact is allowed"),
    ("wrong", "counter: CSAT alone", {"counter_metric": "CSAT right after the chat"}, 3.0,
     "CSAT is asked right after the 'resolution', before the customer knows it worked"),
    ("wrong", "counter: CSAT a week later", {"counter_metric": "CSAT a week after the chat"}, 3.0,
     "a survey answered by few, where recontact is observed for every chat; CSAT earns its "
     "credit in 'watch'"),
    ("wrong", "counter: escalation rate alone", {"counter_metric": "Escalation rate"}, 3.0,
     "escalation during the chat is the complement of the resolution rate"),
    ("wrong", "counter: the primary restated", {"counter_metric": "Resolution rate"}, 3.0,
     "the primary again moves with the primary"),
    ("wrong", "counter: the primary beside recontact", {
        "counter_metric": "Resolution rate and recontact rate"}, 3.0,
     "one counter-metric, and the primary is not one"),
    ("wrong", "counter: escalation to humans", {
        "counter_metric": "Escalation rate to human agents"}, 3.0,
     "escalation during the chat falls as the bot closes more: the primary inverted"),
    ("negation", "counter: negated recontact", {"counter_metric": "Not recontact: CSAT"}, 3.0,
     "a negated recontact is no recontact"),
    ("wrong", "counter: engagement", {"counter_metric": "Messages per chat"}, 3.0,
     "attention, not what the push costs"),
    ("negation", "counter: true resolution", {
        "counter_metric": "True resolution (resolved with no recontact)"}, 3.0,
     "the outcome belongs in 'watch'; 'no recontact' negates the recontact"),
    ("stuffed", "stuffed counter", {
        "counter_metric": "recontact, CSAT, escalations to humans, churn, handle time"}, 3.0,
     "focus: a counter-metric is not a list"),
    ("right", "guardrail as a fraction", {"guardrail": "recontact <= 0.2"}, 4.0, "0.2 is 20 %"),
    ("right", "guardrail in percent", {"guardrail": "at most 25 percent recontact"}, 4.0,
     "a plausible ceiling"),
    ("wrong", "guardrail without a number", {
        "guardrail": "Recontact within 7 days must not rise"}, 3.25,
     "the time window is not a limit: '7' is read as 7 %, below the plausible range"),
    ("wrong", "no guardrail needed", {"guardrail": "No guardrail needed"}, 3.25, "no limit"),
    ("wrong", "guardrail as a floor", {"guardrail": "Recontact must stay above 10 %"}, 3.25,
     "the recontact must stay low: a floor is the wrong way round"),
    ("wrong", "guardrail on the primary", {"guardrail": "Resolution rate above 45 %"}, 3.25,
     "a limit on the primary metric, not on the counter"),
    ("wrong", "guardrail below the launch level", {"guardrail": "Recontact at most 5 %"}, 3.25,
     "below the launch level of every variant: nothing could ship"),
    ("limit", "known limit: a longer time window", {
        "guardrail": "Recontact within 14 days must not rise"}, 4.0,
     "known limit: a window of 14 (or 30) days is read as a plausible 14 % ceiling"),
    ("partial", "watch too short", {"watch": "CSAT and churn"}, 3.25, "min_words"),
    ("partial", "watch: the counter again", {
        "watch": "Recontact within 7 days, because it shows which resolutions were fake"},
     3.25, "the counter-metric again, nothing else"),
    ("right", "watch: satisfaction a week later", {
        "watch": "CSAT asked a week later, since a rating right after the chat cannot know "
                 "whether the answer worked"}, 4.0, "satisfaction"),
    ("right", "watch: churn", {
        "watch": "Churn of customers who had a chat closed too early, because they leave the "
                 "service"}, 4.0, "long-term retention"),
    ("right", "watch: first-contact resolution", {
        "watch": "First-contact resolution, which only counts issues that never needed "
                 "another chat"}, 4.0, "a true resolution in other words"),
    ("right", "watch: support cost", {
        "watch": "Cost per chat including the human follow-ups, because that is the business "
                 "case for the bot"}, 4.0, "what the support team pays"),
    ("partial", "watch: the primary again", {
        "watch": "Resolution rate per topic, to spot where the bot closes too eagerly"}, 3.25,
     "the primary metric again"),
    ("stuffed", "watch: a list of names", {
        "watch": "true resolution, CSAT, handoff, churn, FCR, handle time, resolution rate"},
     3.25, "focus: seven metric names argue nothing"),
    ("wrong", "wrong ship step", {"ship_step": f"{BOT_SHIP + 1}"}, 3.25,
     "one step too far: the first step past the guardrail"),
    ("stuffed", "ship step hedged", {"ship_step": f"{BOT_SHIP} or so"}, 3.25, "commit to one step"),
    ("stuffed", "ship step as a list", {"ship_step": f"{BOT_SHIP - 1}, {BOT_SHIP}, {BOT_SHIP + 1}"}, 3.25,
     "one step, not a list"),
    ("stuffed", "ship step from 'to'", {"ship_step": f"{BOT_SHIP - 2} to {BOT_SHIP}"}, 3.25,
     "one step, not a range"),
    ("right", "ship step with the crossing", {
        "ship_step": f"{BOT_SHIP} (recontact breaks the ceiling at {BOT_SHIP + 1})"}, 4.0,
     "the crossing stated as a reason; the learner's step is there"),
    ("right", "ship step as a decimal", {"ship_step": f"{BOT_SHIP}.0"}, 4.0, "the same number"),
    ("negation", "counter: a negated list", {
        "counter_metric": "Not resolution rate, CSAT or chat length: recontact within 7 days"},
     4.0, "the negation carries over the list closed by 'or'; the colon ends it"),
    ("negation", "watch: instead of", {
        "watch": "True resolution instead of the resolution rate the bot reports, because "
                 "customers care whether the issue stays fixed"}, 4.0,
     "'instead of' rejects the reported rate; true resolution is watched"),
    ("right", "guardrail beside its window", {
        "guardrail": "at most 20 % of resolved chats recontact within 7 days"}, 4.0,
     "the time window's number does not get in the way"),
    ("stuffed", "every step listed", {"ship_step": " ".join(str(n) for n in range(1, 31))},
     3.25, "thirty numbers: state one step"),
    ("stuffed", "guardrail as a range", {"guardrail": "recontact between 15 % and 25 %"}, 3.25,
     "the ends of a range are not a ceiling"),
    ("wrong", "placeholders", {f: "TODO" for f in CHATBOT_BRIEF.fields}, 0.0, "nothing written"),
    ("wrong", "everything wrong", {
        "primary_metric": "messages per chat", "counter_metric": "resolution rate",
        "guardrail": "resolution rate at least 60 %", "watch": "chat length",
        "ship_step": "20 steps"}, 0.0, "attention and the primary throughout, a wrong step"),
]


@pytest.mark.parametrize("kind, label, changes, expected, why", REC_CORPUS,
                         ids=[c[1] for c in REC_CORPUS])
def test_recommender_brief_corpus(kind, label, changes, expected, why):
    score = score_brief({**REC_MODEL, **changes}, RECOMMENDER_BRIEF, numbers=REC_NUMBERS,
                        verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("kind, label, changes, expected, why", BOT_CORPUS,
                         ids=[c[1] for c in BOT_CORPUS])
def test_chatbot_brief_corpus(kind, label, changes, expected, why):
    score = score_brief({**BOT_MODEL, **changes}, CHATBOT_BRIEF, numbers=BOT_NUMBERS,
                        verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


BRIEFS = [(RECOMMENDER_BRIEF, REC_MODEL, REC_SHIP), (CHATBOT_BRIEF, BOT_MODEL, BOT_SHIP)]
IDS = ["recommender", "chatbot"]


def test_points_and_fields():
    for rubric, _, _ in BRIEFS:
        assert rubric.max_points == MAX
        assert list(rubric.fields) == [
            "primary_metric", "counter_metric", "guardrail", "watch", "ship_step"]
        assert {c.id: c.points for c in rubric.criteria} == {
            "primary": 0.75, "counter": 1.0, "guardrail": 0.75, "watch": 0.75,
            "ship-step": 0.75}
    assert RECOMMENDER_BRIEF.name == "Module 5 - recommender counter-metric brief"
    assert CHATBOT_BRIEF.name == "Module 5 - support chatbot counter-metric brief"


@pytest.mark.parametrize("text, found", [
    ("return rate", ["product returns"]),
    ("orders returned or cancelled", ["product returns"]),
    ("customers come back within 7 days", ["recontact"]),
    ("chats reopened", ["recontact"]),
    ("churn and retention", ["long-term retention"]),
    ("returning customers", ["repeat purchase"]),
])
def test_a_return_is_an_order_sent_back(text, found):
    """In module 5 a return is an order sent back and coming back is a recontact; the shared
    'retention' (users coming back) keeps its module 1 reading."""
    names = ["product returns", "recontact", "long-term retention", "repeat purchase"]
    assert find_concepts(text, [GOODHART_CONCEPTS[n] for n in names]) == found


def test_earlier_concepts_are_untouched():
    """Module 5's concepts live beside the shared ones: the names modules 1-4 use keep their
    phrases, and module 1's stuffing test (the first two phrases of every shared concept) is
    not diluted."""
    assert not set(GOODHART_CONCEPTS) & set(CONCEPTS)
    assert "return rate" in CONCEPTS["retention"].phrases
    assert "come back" in CONCEPTS["retention"].phrases
    assert list(CONCEPTS["override"].phrases) == ["override", "overridden", "overrule"]
    assert "ctr" in CONCEPTS["engagement"].phrases


@pytest.mark.parametrize("rubric, model, ship", BRIEFS, ids=IDS)
@pytest.mark.parametrize("per_concept", [1, 2, 3, None],
                         ids=["one-name-each", "two-names-each", "three-names-each", "every-name"])
def test_stuffing_every_field_earns_little(rubric, model, ship, per_concept):
    concepts = [*CONCEPTS.values(), *IDEAS.values(), *GOODHART_CONCEPTS.values()]
    stuffed = ", ".join(p for c in concepts for p in c.phrases[:per_concept])
    # the names hold a few numbers ("day 3", "1 of 5"); every field here is focus-limited, and
    # a field stating that many numbers earns no number item, so a step that happens to be one
    # of them is not matched.
    for step in [1, 3, 5, ship, 10, 20]:
        score = score_brief({f: stuffed for f in rubric.fields}, rubric,
                            numbers={"ship_step": step}, verbose=False)
        assert score.points <= 0.2 * MAX, score.report()


@pytest.mark.parametrize("rubric, model, ship", BRIEFS, ids=IDS)
def test_ship_step_is_exact(rubric, model, ship):
    numbers = {"ship_step": ship}
    for value in [ship - 1, ship + 1, 0, 10 * ship, ship / 100]:
        score = score_brief({**model, "ship_step": f"{value:g}"}, rubric, numbers=numbers,
                            verbose=False)
        assert score.points == MAX - 0.75, score.report()
    for value in [f"{ship}", f"step {ship}", f"Step {ship}.", f"{ship}.0", f"ship step {ship}"]:
        score = score_brief({**model, "ship_step": value}, rubric, numbers=numbers,
                            verbose=False)
        assert score.points == MAX, score.report()


@pytest.mark.parametrize("rubric, model, ship", BRIEFS, ids=IDS)
def test_number_criterion_needs_its_value(rubric, model, ship):
    with pytest.raises(ValueError, match="numbers"):
        score_brief(model, rubric, numbers={}, verbose=False)


@pytest.mark.parametrize("rubric, model, ship, counter", [
    (RECOMMENDER_BRIEF, REC_MODEL, REC_SHIP, "Time spent per visit"),
    (CHATBOT_BRIEF, BOT_MODEL, BOT_SHIP, "CSAT right after the chat"),
], ids=IDS)
def test_report_prints_met_and_missing(capsys, rubric, model, ship, counter):
    brief = {**model, "counter_metric": counter, "ship_step": f"{ship + 2}"}
    score = score_brief(brief, rubric, numbers={"ship_step": ship})
    out = capsys.readouterr().out
    assert score.points == MAX - 1.75
    assert "Brief scored 2.25 / 4" in out
    assert "[missing] 0/1 counter:" in out
    assert "[missing] 0/0.75 ship-step:" in out and "does not agree with your own data" in out
    assert "[met    ] 0.75/0.75 primary:" in out
    assert "[met    ] 0.75/0.75 guardrail:" in out
    assert "[met    ] 0.75/0.75 watch:" in out
    assert not re.search(rf"\b{ship}\b", out)  # never the expected step


@pytest.mark.parametrize("rubric, model, ship", BRIEFS, ids=IDS)
def test_missing_fields(rubric, model, ship):
    numbers = {"ship_step": ship}
    check_brief_complete(model, rubric)
    with pytest.raises(CheckFailed, match="missing"):
        check_brief_complete({k: v for k, v in model.items() if k != "guardrail"}, rubric)
    with pytest.raises(CheckFailed, match="Fill in"):
        check_brief_complete({**model, "watch": "TODO"}, rubric)
    # the hidden scorer does not crash on a missing or non-text field: it earns nothing there
    partial = score_brief({k: v for k, v in model.items() if k != "counter_metric"}, rubric,
                          numbers=numbers, verbose=False)
    assert partial.points == MAX - 1.0
    no_step = score_brief({**model, "ship_step": ship}, rubric, numbers=numbers, verbose=False)
    assert no_step.points == MAX - 0.75  # an int is not text: the test cell asks for a string
    assert score_brief({}, rubric, numbers=numbers, verbose=False).points == 0
    assert score_brief({f: 42 for f in rubric.fields}, rubric, numbers=numbers,
                       verbose=False).points == 0
