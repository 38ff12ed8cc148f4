"""Module 4's brief (the trust metric on the dashboard) on a corpus of answers."""

from __future__ import annotations

import pytest

from ai_product_metrics.grading import check_brief_complete, find_concepts, score_brief
from ai_product_metrics.grading.checks import CheckFailed
from ai_product_metrics.grading.rubrics import CONCEPTS, IDEAS, TRUST_BRIEF

ECE = 0.0588  # what the test cell recomputes from the learner's seed (10 equal-width bins)
NUMBERS = {"ece": ECE}
MAX = TRUST_BRIEF.max_points

MODEL = {
    "dashboard_metric": "Over-reliance rate: the share of audited wrong drafts that agents "
                        "still sent, as they were or edited.",
    "why": "Trust is only worth having when it follows correctness: an agent should rely on a "
           "draft when the model is right and push back when it is wrong. The model is 95 % "
           "accurate, yet its confident mistakes are the ones that get sent, so accuracy alone "
           "hides the harm to customers; and most of the 40 % overrides are good drafts "
           "dismissed in the inline suggestion, an interface problem rather than a model "
           "problem, which a raw override rate would blame on the model.",
    "counter_signal": "Under-reliance per UI variant: the share of correct drafts that agents "
                      "override or abandon.",
    "change_mind": "If over-reliance falls but task completion falls with it, I would look for "
                   "agents who stopped using the drafts altogether.",
    "ece": f"{ECE:.3f}",
}

# Kinds as in tests/test_rubric.py (model, right, partial, wrong, negation, stuffed, limit).
CORPUS = [
    # (kind, label, changes to MODEL, expected points, why)
    ("model", "model answer", {}, 5.0, "every item"),
    ("right", "other words throughout", {
        "dashboard_metric": "How often agents relied on incorrect replies",
        "why": "What matters is whether agents lean on the assistant only when the draft is "
               "correct and catch it when it gets it wrong; a 95 % accurate model whose "
               "confident errors go out to customers unchecked is not a trusted product.",
        "counter_signal": "Median time to value of the drafts that are used",
        "change_mind": "Tickets reopened more often even though fewer incorrect drafts are "
                       "relied on",
        "ece": "about 5.9 %",
    }, 5.0, "synonyms and another word order"),
    ("right", "appropriate reliance", {
        "dashboard_metric": "Appropriate-reliance rate (rely on right drafts, override wrong "
                            "ones)",
    }, 5.0, "the diagonal of the reliance x correctness table"),
    ("right", "under-reliance as the dashboard metric", {
        "dashboard_metric": "Under-reliance: correct drafts dismissed",
        "counter_signal": "Over-reliance, the wrong drafts that agents accepted",
    }, 5.0, "the other side of the 2x2, with over-reliance as the counter-signal"),
    ("right", "calibration error", {
        "dashboard_metric": "Expected calibration error (ECE) of the confidence shown to agents",
    }, 5.0, "agents rely on the stated confidence: its calibration is a trust metric"),
    ("right", "calibration gap in other words", {
        "dashboard_metric": "The gap between the model's stated confidence and its accuracy",
    }, 5.0, "'confidence and accuracy' is a calibration gap, not model accuracy"),
    ("right", "note-taker over-reliance", {
        "dashboard_metric": "Over-reliance on the note-taker: attendees acting on flawed "
                            "summaries without opening the recording",
        "counter_signal": "Action alignment of the attendees who skipped the recording",
        "change_mind": "If skip rate keeps rising while alignment of skippers stays flat",
    }, 5.0, "the meeting note-taker's version of the same argument"),
    ("right", "definition in a relative clause", {
        "dashboard_metric": "Share of wrong drafts that agents accept"}, 5.0,
     "a rate over wrong drafts is over-reliance in other words"),
    ("right", "under-reliance defined", {
        "dashboard_metric": "Share of correct drafts that agents override",
        "counter_signal": "Wrong drafts sent to customers"}, 5.0,
     "a rate over correct drafts is under-reliance; over-reliance is then the counter-signal"),
    ("right", "a denominator is not engagement", {"dashboard_metric": "Over-reliance rate per session"},
     5.0, "'per session' counts the metric per session; it does not make it engagement"),
    ("wrong", "acceptance rate", {"dashboard_metric": "Acceptance rate of the drafts"}, 3.5,
     "raw acceptance counts good and bad drafts alike"),
    ("wrong", "override rate", {"dashboard_metric": "Override rate"}, 3.5,
     "the 40 % overrides are a UX symptom, not trust set against correctness"),
    ("wrong", "model accuracy", {"dashboard_metric": "Model accuracy on the audited drafts"}, 3.5,
     "accuracy says nothing about what agents did"),
    ("wrong", "engagement", {"dashboard_metric": "Daily active agents using the assistant"}, 3.5,
     "engagement is not trust"),
    ("wrong", "trust survey", {"dashboard_metric": "A weekly trust score from an agent survey"}, 3.5,
     "a stated attitude, not reliance set against correctness"),
    ("negation", "negated raw rate", {
        "dashboard_metric": "Not the acceptance rate but the over-reliance rate"}, 5.0,
     "'not the acceptance rate' rules the raw rate out"),
    ("negation", "rather than", {
        "dashboard_metric": "Over-reliance rate rather than acceptance rate"}, 5.0,
     "'than' negates the rejected option"),
    ("negation", "negated over-reliance", {
        "dashboard_metric": "I would not track over-reliance; acceptance rate instead"}, 3.5,
     "a negated over-reliance is no over-reliance"),
    ("wrong", "raw acceptance dressed as reliance", {
        "dashboard_metric": "Acceptance rate, as a sign of appropriate reliance"}, 3.5,
     "the raw rate is the metric; the label does not change what it counts"),
    ("wrong", "two metrics, one raw", {
        "dashboard_metric": "Acceptance rate and over-reliance rate"}, 3.5,
     "one metric for the dashboard, and the raw rate is ruled out"),
    ("right", "acceptance rate of wrong drafts", {
        "dashboard_metric": "Acceptance rate of wrong drafts"}, 5.0,
     "the acceptance rate conditioned on wrong drafts is over-reliance"),
    ("right", "parenthetical definition", {
        "dashboard_metric": "Over-reliance (wrong-draft acceptance rate)"}, 5.0,
     "a raw rate is recognised by the words after it; here nothing follows"),
    ("limit", "known limit: raw-rate words after a conditioned rate", {
        "dashboard_metric": "Over-reliance: the wrong-draft acceptance rate, because it counts "
                            "errors sent"}, 3.5,
     "known limit: 'acceptance rate, because' reads as the raw rate (phrases cannot see the "
     "'wrong-draft' before it)"),
    ("wrong", "accuracy beside it", {
        "dashboard_metric": "Model accuracy and the over-reliance rate"}, 3.5,
     "one metric for the dashboard, and accuracy is ruled out"),
    ("wrong", "engagement beside it", {
        "dashboard_metric": "Over-reliance rate and daily active users"}, 3.5,
     "one metric for the dashboard, and engagement is ruled out"),
    ("wrong", "accuracy dressed as reliance", {
        "dashboard_metric": "Accuracy, because it drives appropriate reliance"}, 3.5,
     "the metric is still the model's accuracy"),
    ("negation", "accuracy negated", {
        "dashboard_metric": "Over-reliance rate, not model accuracy"}, 5.0,
     "'not model accuracy' rules accuracy out"),
    ("stuffed", "stuffed dashboard field", {
        "dashboard_metric": "over-reliance, under-reliance, ECE, task completion, time to value"},
     3.5, "focus: five metrics is not one dashboard metric"),
    ("partial", "why too short", {"why": "Because trust matters when it is wrong."}, 4.0, "min_words"),
    ("partial", "why without the argument", {
        "why": "It is the number leadership understands best and it moves every week, so the "
               "team can watch it on the dashboard without much effort or explanation."}, 4.0,
     "neither correctness nor the interface"),
    ("right", "why: the UX argument only", {
        "why": "The 40 % overrides come from suggestions that appear after the agent started "
               "typing; that is an interface problem and not a model problem, so the dashboard "
               "must not read overrides as distrust of the model."}, 5.0,
     "the UX-versus-model distinction is enough"),
    ("stuffed", "why: a list of names", {
        "why": "over-reliance, under-reliance, appropriate reliance, ECE, task completion, time "
               "to value, fallback, overrides, acceptance rate, skip rate"}, 4.0,
     "focus: a why that lists every metric argues nothing"),
    ("limit", "known limit: a short list of names with one clause", {
        "why": "over-reliance, under-reliance, ECE, task completion, time to value, fallback: "
               "agents should rely when the model is right"}, 5.0,
     "known limit: six names (within the focus limit of 7) and one true clause pass"),
    ("right", "why in other words", {
        "why": "Over-reliance is what hurts customers: a refund amount that is off by half "
               "goes out under the agent's name, and the customer reopens the ticket."}, 5.0,
     "a wrong draft relied on, in the scenario's words"),
    ("right", "counter: task completion", {"counter_signal": "Tickets solved (task completion)"}, 5.0,
     "an outcome metric"),
    ("right", "counter: fallback", {"counter_signal": "Fallback rate to the manual templates"}, 5.0,
     "a UX metric"),
    ("right", "counter: raw acceptance", {"counter_signal": "Acceptance rate"}, 5.0,
     "beside a rate over wrong drafts, the raw acceptance rate shows whether agents stop "
     "using the assistant"),
    ("wrong", "counter: latency", {"counter_signal": "p95 latency of the drafts"}, 4.0,
     "a serving metric, not what agents do with the drafts or get from them"),
    ("limit", "known limit: counter repeats the dashboard metric", {
        "counter_signal": "Over-reliance rate"}, 5.0,
     "known limit: the scorer reads each field alone and cannot see the repetition"),
    ("wrong", "counter: model accuracy", {"counter_signal": "Model accuracy"}, 4.0,
     "a model metric, not what users do or get"),
    ("wrong", "counter: engagement", {"counter_signal": "Daily active agents"}, 4.0, "engagement"),
    ("stuffed", "counter: every metric", {
        "counter_signal": "under-reliance, override rate, fallback, task completion, time to "
                          "value, edit distance"}, 4.0, "focus: a counter-signal is not a list"),
    ("partial", "change_mind vague", {"change_mind": "If the data changes"}, 4.0,
     "too short, no metric, no movement"),
    ("partial", "change_mind: metric without movement", {
        "change_mind": "Under-reliance is what the support leads ask about in their weekly "
                       "review"}, 4.5, "a metric, but no observation of how it moves"),
    ("partial", "change_mind: movement without metric", {
        "change_mind": "If the numbers go down a lot in the next quarter after launch"}, 4.5,
     "a movement, but of no named metric"),
    ("right", "change_mind: overrides after a redesign", {
        "change_mind": "Overrides drop once the suggestion is moved out of the typing flow"},
     5.0, "a concrete, observable change"),
    ("negation", "change_mind: a refusal", {
        "change_mind": "I would not change my mind about this metric"}, 4.0,
     "no metric and no movement"),
    ("negation", "a verb of change keeps the metric", {
        "change_mind": "If moving the suggestion out of the typing flow does not change the "
                       "overrides"}, 5.0,
     "'not change the overrides' negates the change, not the metric: the overrides are named "
     "and the movement ('does not change') is credited"),
    ("partial", "change_mind too short", {"change_mind": "skip rate rising"}, 4.0, "min_words"),
    ("right", "ece as a percentage", {"ece": "5.9 %"}, 5.0, "'5.9 %' is 0.059"),
    ("right", "ece as a bare percentage", {"ece": "5.9"}, 5.0, "a bare number above 1 is read as a "
                                                      "percentage too"),
    ("right", "ece rounded", {"ece": "about 6 %"}, 5.0, "within the tolerance"),
    ("right", "ece before and after", {"ece": "0.059 before, 0.007 after isotonic recalibration"}, 5.0,
     "the value before recalibration is stated"),
    ("wrong", "ece after recalibration only", {"ece": "0.007"}, 4.5, "the question asks for 'before'"),
    ("wrong", "wrong ece", {"ece": "0.12"}, 4.5, "not the learner's number"),
    ("wrong", "ece in words", {"ece": "about six percent"}, 4.5, "no number stated"),
    ("negation", "a negated list of raw rates", {
        "dashboard_metric": "Not the acceptance rate, the override rate or accuracy: "
                            "over-reliance on wrong drafts"}, 5.0,
     "the negation carries over the list closed by 'or'; the colon ends it"),
    ("negation", "the raw rate called misleading", {
        "dashboard_metric": "Over-reliance; the raw acceptance rate is misleading"}, 5.0,
     "a rejecting predicate after the raw rate negates it"),
    ("negation", "not only, but", {
        "dashboard_metric": "Not only accuracy, as leadership asks, but also over-reliance"},
     3.5, "'not only' does not reject: accuracy stays on the dashboard"),
    ("right", "ece with its percentage", {"ece": "0.059 (5.9 %)"}, 5.0,
     "one value written two ways"),
    ("right", "ece as a change", {
        "ece": "ECE fell from 0.059 to 0.007 after isotonic recalibration"}, 5.0,
     "a change from one value to another is not a range"),
    ("right", "ece with rounding", {"ece": "0.0588, about 0.059"}, 5.0,
     "two roundings of the same value are not a choice"),
    ("stuffed", "ece as a range", {"ece": "between 0.059 and 0.07"}, 4.5,
     "the ends of a range are not an answer, even when one is right"),
    ("stuffed", "ece as many numbers", {"ece": "0.04, 0.05, 0.06, 0.07, 0.08"}, 4.5,
     "five candidates: state one value"),
    ("stuffed", "ece hedged", {"ece": "0.059 or 0.12"}, 4.5,
     "a choice between two numbers, one of them wrong"),
    ("wrong", "placeholders", {f: "..." for f in TRUST_BRIEF.fields}, 0.0, "nothing written"),
    ("wrong", "everything wrong", {
        "dashboard_metric": "DAU", "why": "Usage is what matters.", "counter_signal": "clicks",
        "change_mind": "nothing", "ece": "0.3"}, 0.0, "engagement throughout, no number"),
]


@pytest.mark.parametrize("kind, label, changes, expected, why", CORPUS,
                         ids=[c[1] for c in CORPUS])
def test_trust_brief_corpus(kind, label, changes, expected, why):
    score = score_brief({**MODEL, **changes}, TRUST_BRIEF, numbers=NUMBERS, verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


def test_points_and_fields():
    assert TRUST_BRIEF.max_points == 5.0
    assert list(TRUST_BRIEF.fields) == [
        "dashboard_metric", "why", "counter_signal", "change_mind", "ece"]


@pytest.mark.parametrize("text", [
    "over-reliance", "Over reliance rate", "overreliance", "wrong drafts accepted",
    "relied on incorrect replies", "acceptance rate of wrong drafts", "blind trust",
])
def test_over_reliance_is_not_raw_acceptance(text):
    """Over-reliance is reliance on wrong drafts: never read as plain acceptance."""
    found = find_concepts(text, [CONCEPTS["over-reliance"], CONCEPTS["draft acceptance"],
                                 IDEAS["raw acceptance or override rate"]])
    assert "over-reliance" in found
    assert "raw acceptance or override rate" not in found


@pytest.mark.parametrize("text, raw", [
    ("Acceptance rate, as a sign of trust", True),
    ("acceptance rate and over-reliance", True),
    ("the overall acceptance", True),
    ("override rate per UI variant", True),
    ("not the acceptance rate, but over-reliance", False),
    ("acceptance rate of wrong drafts", False),
    ("override rate of correct drafts", False),
    ("over-reliance (wrong-draft acceptance rate)", False),
])
def test_raw_rate_is_read_from_the_words_after_it(text, raw):
    found = find_concepts(text, [IDEAS["raw acceptance or override rate"]])
    assert bool(found) == raw


@pytest.mark.parametrize("per_concept", [1, 2, 3, None],
                         ids=["one-name-each", "two-names-each", "three-names-each", "every-name"])
def test_stuffing_every_field_earns_little(per_concept):
    stuffed = ", ".join(p for c in [*CONCEPTS.values(), *IDEAS.values()]
                        for p in c.phrases[:per_concept])
    # the names hold a few numbers ("2x2", "day 3", "0.1"); every field here is focus-limited,
    # and a field stating that many numbers earns no number item, so an ECE that happens to be
    # one of them is not matched.
    for ece in [0.03, 0.05, ECE, 0.065, 0.1]:
        score = score_brief({f: stuffed for f in TRUST_BRIEF.fields}, TRUST_BRIEF,
                            numbers={"ece": ece}, verbose=False)
        assert score.points <= 0.2 * MAX, score.report()


@pytest.mark.parametrize("value, right", [
    ("0.0588", True), ("0.056", True), ("0.062", True), ("5.88%", True), ("6 percent", True),
    ("ECE = 0.059 with 10 bins", True),
    ("0.054", False), ("0.064", False), ("-0.059", False), ("59", False), ("0.59", False),
    ("0.0059", False), ("no idea", False),
])
def test_ece_tolerance(value, right):
    """About 3 % of the value plus 0.002: rounding passes, another number does not."""
    score = score_brief({**MODEL, "ece": value}, TRUST_BRIEF, numbers=NUMBERS, verbose=False)
    assert score.points == (MAX if right else MAX - 0.5), score.report()


def test_number_criterion_needs_its_value():
    with pytest.raises(ValueError, match="numbers"):
        score_brief(MODEL, TRUST_BRIEF, numbers={}, verbose=False)


def test_report_prints_met_and_missing(capsys):
    brief = {**MODEL, "dashboard_metric": "Acceptance rate", "ece": "0.12"}
    score = score_brief(brief, TRUST_BRIEF, numbers=NUMBERS)
    out = capsys.readouterr().out
    assert score.points == MAX - 2.0
    assert "Brief scored 3 / 5" in out
    assert "[missing] 0/1.5 dashboard-reliance-vs-correctness" in out
    assert "[missing] 0/0.5 ece" in out and "does not agree with your own data" in out
    assert "[met    ] 1/1 counter-signal" in out
    for shown in ["0.0588", "0.059", "5.9", "5.88", "0.06"]:  # never the expected number
        assert shown not in out


def test_missing_fields():
    check_brief_complete(MODEL, TRUST_BRIEF)
    with pytest.raises(CheckFailed, match="missing"):
        check_brief_complete({k: v for k, v in MODEL.items() if k != "ece"}, TRUST_BRIEF)
    with pytest.raises(CheckFailed, match="Fill in"):
        check_brief_complete({**MODEL, "why": "TODO"}, TRUST_BRIEF)
    # the hidden scorer does not crash on a missing or non-text field: it earns nothing there
    partial = score_brief({k: v for k, v in MODEL.items() if k != "why"}, TRUST_BRIEF,
                          numbers=NUMBERS, verbose=False)
    assert partial.points == MAX - 1.0
    assert score_brief({}, TRUST_BRIEF, numbers=NUMBERS, verbose=False).points == 0
    assert score_brief({f: 42 for f in TRUST_BRIEF.fields}, TRUST_BRIEF, numbers=NUMBERS,
                       verbose=False).points == 0
