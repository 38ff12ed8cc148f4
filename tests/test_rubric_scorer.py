"""The rubric scorer across every rubric family: negation scope, one stated number, matching by
first word, and for each family the size and mix of its corpus and what stuffing earns.

The families and their corpora (each entry: kind, label, changes, expected points, why):

1. summary feature (module 1): tests/test_rubric.py
2. error-cost briefs (module 2: spam, screening, fraud): tests/test_rubric_m2.py
3. drift disagreement (module 3): tests/test_rubric_m3.py
4. alarm triage (module 3): tests/test_rubric_m3.py
5. trust (module 4): tests/test_rubric_m4.py
6. counter-metric briefs (module 5: recommender, chatbot): tests/test_rubric_m5.py
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ai_product_metrics.grading import (
    Concept,
    Criterion,
    Rubric,
    find_concepts,
    normalize,
    score_brief,
)
from ai_product_metrics.grading import rubric as scorer
from ai_product_metrics.grading.rubrics import (
    ALARM_TRIAGE_BRIEF,
    CHATBOT_BRIEF,
    CONCEPTS,
    DRIFT_DISAGREEMENT_BRIEF,
    FRAUD_BRIEF,
    GOODHART_CONCEPTS,
    IDEAS,
    RECOMMENDER_BRIEF,
    SCREENING_BRIEF,
    SPAM_BRIEF,
    SUMMARY_FEATURE_BRIEF,
    TRUST_BRIEF,
)

from . import test_rubric as m1
from . import test_rubric_m2 as m2
from . import test_rubric_m3 as m3
from . import test_rubric_m4 as m4
from . import test_rubric_m5 as m5

# --- the families ---------------------------------------------------------------------------

# (rubric, model brief, numbers) of every brief, by family
BRIEFS = {
    "summary feature": [(SUMMARY_FEATURE_BRIEF, m1.GOOD,
                         {"baseline_hallucination_rate": m1.BASELINE})],
    "error cost": [(SPAM_BRIEF, m2.SPAM, {}), (SCREENING_BRIEF, m2.SCREENING, {}),
                   (FRAUD_BRIEF, m2.FRAUD, {"segmented_saving_eur": m2.SAVING})],
    "drift disagreement": [(DRIFT_DISAGREEMENT_BRIEF, m3.DISAGREE, m3.NUMBERS)],
    "alarm triage": [(ALARM_TRIAGE_BRIEF, m3.TRIAGE, m3.NUMBERS)],
    "trust": [(TRUST_BRIEF, m4.MODEL, m4.NUMBERS)],
    "counter-metric": [(RECOMMENDER_BRIEF, m5.REC_MODEL, m5.REC_NUMBERS),
                       (CHATBOT_BRIEF, m5.BOT_MODEL, m5.BOT_NUMBERS)],
}
# (kind, label, expected, why) of every corpus entry, by family
CORPORA = {
    "summary feature": [(k, lab, exp, why) for k, lab, _, exp, why in m1.CORPUS],
    "error cost": [(k, lab, exp, why) for k, lab, _, _, _, exp, why in m2.CORPUS],
    "drift disagreement": [(k, lab, exp, why) for k, lab, _, exp, why in m3.DISAGREE_CORPUS],
    "alarm triage": [(k, lab, exp, why) for k, lab, _, exp, why in m3.TRIAGE_CORPUS],
    "trust": [(k, lab, exp, why) for k, lab, _, exp, why in m4.CORPUS],
    "counter-metric": [(k, f"{brief}: {lab}", exp, why)
                       for brief, corpus in [("recommender", m5.REC_CORPUS),
                                             ("chatbot", m5.BOT_CORPUS)]
                       for k, lab, _, exp, why in corpus],
}
# The corpora only grow: a family's size may not fall below these (at least 30 each).
SIZES = {"summary feature": 40, "error cost": 42, "drift disagreement": 37,
         "alarm triage": 37, "trust": 67, "counter-metric": 120}
KINDS = {"model", "right", "partial", "wrong", "negation", "stuffed", "limit"}
MIX = {"right": 8, "wrong": 6, "negation": 4, "stuffed": 4, "partial": 2, "model": 1}
FAMILIES = list(BRIEFS)


@pytest.mark.parametrize("family", FAMILIES)
def test_corpus_size_and_mix(family):
    corpus = CORPORA[family]
    assert len(corpus) >= max(30, SIZES[family]), (family, len(corpus))
    kinds = Counter(kind for kind, *_ in corpus)
    assert set(kinds) <= KINDS, set(kinds) - KINDS
    for kind, least in MIX.items():
        assert kinds[kind] >= least, (family, kind, kinds[kind])
    labels = [label for _, label, _, _ in corpus]
    assert len(set(labels)) == len(labels), "labels are test ids: keep them unique"
    top = max(r.max_points for r, _, _ in BRIEFS[family])
    for kind, label, expected, why in corpus:
        assert isinstance(why, str) and why.strip(), f"{label}: say why"
        assert 0 <= expected <= top, label
        if kind == "limit":
            assert "known limit" in why, f"{label}: a pinned limit says so"


@pytest.mark.parametrize("family", FAMILIES)
def test_model_answers_earn_full_marks(family):
    for rubric, model, numbers in BRIEFS[family]:
        score = score_brief(model, rubric, numbers=numbers, verbose=False)
        assert score.points == rubric.max_points, score.report()


# --- stuffing earns at most a quarter of the points --------------------------------------------

EVERY_NAME = ", ".join(p for c in [*CONCEPTS.values(), *IDEAS.values(),
                                   *GOODHART_CONCEPTS.values()] for p in c.phrases)


def _many_numbers(numbers):
    """A field that lists every plausible number, the learner's own values among them."""
    values = [f"{k / 100:g}" for k in range(100)] + [str(k) for k in range(1, 101)]
    values += [f"{k} %" for k in range(5, 100, 5)] + [f"{v:g}" for v in numbers.values()]
    return ", ".join(values)


def _stuffing(numbers):
    return {
        "every metric name": EVERY_NAME,
        "many numbers": _many_numbers(numbers),
        "names and numbers": EVERY_NAME + ", " + _many_numbers(numbers),
        "numbers without commas": _many_numbers(numbers).replace(",", ""),
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_stuffing_earns_at_most_a_quarter(family):
    for rubric, _, numbers in BRIEFS[family]:
        for label, text in _stuffing(numbers).items():
            score = score_brief({f: text for f in rubric.fields}, rubric, numbers=numbers,
                                verbose=False)
            assert score.points <= 0.25 * rubric.max_points, f"{label}\n{score.report()}"


def _number_criteria(rubric):
    return [c for c in rubric.criteria if c.number is not None or c.number_range is not None]


@pytest.mark.parametrize("family", FAMILIES)
def test_a_number_field_stuffed_loses_only_its_points(family):
    """The model answer with a number field replaced by a range or a list around the right
    value loses that item, with a reason that asks for one value."""
    for rubric, model, numbers in BRIEFS[family]:
        for c in _number_criteria(rubric):
            if c.number is not None:
                v = float(numbers[c.number])
                lo, hi = (v / 2, v * 1.5) if v else (-1, 1)
            else:
                lo, hi = c.number_range
                v = (lo + hi) / 2
                lo, hi = (lo + v) / 2, (v + hi) / 2
            for text in [f"{lo:g} to {hi:g}", f"between {lo:g} and {hi:g}", f"{v:g}-{hi:g}",
                         f"{lo:g}, {v:g}, {hi:g}", _many_numbers(numbers)]:
                brief = {**model, c.fields[0]: text}
                score = score_brief(brief, rubric, numbers=numbers, verbose=False)
                assert score.points == rubric.max_points - c.points, (text, score.report())
                reason = dict((cid, r) for cid, _, _, r in score.items)[c.id]
                assert "state one value" in reason or "step" in reason, reason


# --- negation --------------------------------------------------------------------------------

ENGAGEMENT, COMPLETION = CONCEPTS["engagement"], CONCEPTS["task completion"]


@pytest.mark.parametrize("text, found", [
    # a negated list: "or", "nor", a comma list closed by "or"
    ("not engagement, clicks or time spent", []),
    ("not engagement, clicks, or time spent", []),
    ("neither clicks nor time spent", []),
    ("we don't use DAU or time spent", []),
    ("not clicks and time spent", []),
    ("not the click through rate of summaries, time spent or DAU", []),
    # a contrast, a new clause or clause punctuation ends the negation
    ("not clicks but task completion", ["task completion"]),
    ("not clicks, but task completion", ["task completion"]),
    ("not clicks, instead task completion", ["task completion"]),
    ("Not clicks, task completion", ["task completion"]),  # a comma without a list
    ("Rather than clicks, task completion", ["task completion"]),
    ("not clicks; task completion", ["task completion"]),
    ("not clicks, which hide task completion", ["task completion"]),
    ("not a vanity number: we watch the click through rate", ["engagement"]),
    # "instead of", "rather than", "than"
    ("task completion instead of clicks", ["task completion"]),
    ("task completion rather than clicks", ["task completion"]),
    ("task completion is better than clicks", ["task completion"]),
    ("we would rather track task completion", ["task completion"]),
    # what is not a rejection
    ("not only clicks but also task completion", ["engagement", "task completion"]),
    ("no more than 12 % of clicks", ["engagement"]),
    ("task completion matters more than clicks", ["engagement", "task completion"]),
    ("clicks, not task completion", ["engagement"]),
    # a verb of change keeps its object: the metric is mentioned, not rejected
    ("the redesign did not change the clicks", ["engagement"]),
    ("users did not finish their task and the clicks went up", ["engagement"]),
    # a rejecting predicate after the metric
    ("clicks are misleading; task completion", ["task completion"]),
    ("DAU is a vanity metric, task completion is not", ["task completion"]),
    ("time spent alone is meaningless", []),
])
def test_negation_scope(text, found):
    assert find_concepts(text, [ENGAGEMENT, COMPLETION]) == found


@pytest.mark.parametrize("text, affirmed", [
    ("I would not page on PSI, Evidently or NannyML", False),
    ("neither PSI nor NannyML", False),
    ("Evidently does not flag the week and NannyML alerts", True),
    ("PSI is misleading as a page", False),
])
def test_negation_of_monitors(text, affirmed):
    assert bool(find_concepts(text, [IDEAS["input drift"]])) == affirmed


def test_a_comma_is_still_a_boundary_for_phrases():
    """A comma ends a phrase as any clause punctuation does, and a plain "|" in a token list
    built by hand is a hard boundary."""
    assert not COMPLETION.affirmed_in(normalize("task, completion"))
    assert ENGAGEMENT.affirmed_in(["not", "clicks", "|", "time", "spent"])
    assert not ENGAGEMENT.affirmed_in(normalize("not clicks, or time spent"))


# --- one stated number --------------------------------------------------------------------------

def _exact(value, **options):
    return Rubric("t", {"f": "?"}, [Criterion("n", ["f"], 1.0, "ok", "give it.", number="x",
                                              **options)]), {"x": value}


@pytest.mark.parametrize("text, value, met", [
    # ranges: their ends are not statements of either value
    ("weeks 5 to 12", 5, False), ("weeks 5 to 12", 8, False), ("weeks 5-12", 12, False),
    ("5\u201312", 5, False), ("between 5 and 12", 5, False), ("between weeks 5 and 12", 12, False),
    ("from week 5 to week 12", 5, False), ("5 to 12 %", 0.05, False), ("5%-12%", 0.12, False),
    # a range beside the value stated on its own
    ("4.3% of audited summaries in weeks 1-4", 0.043, True),
    ("3.5% of audited summaries in weeks 1-4", 0.035, True),
    ("weeks 5 to 12, most clearly week 8", 8, True),
    # a change from one value to another is not a range
    ("ECE fell from 0.059 to 0.007 after recalibration", 0.059, True),
    ("the rate rose from 4.3% to 9%", 0.043, True),
    ("0.059 before, 0.007 after", 0.059, True),
    # lists of candidates
    ("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12", 8, False), ("1 2 3 4 5 6 7 8 9 10", 8, False),
    ("9 or 10", 9, False), ("8, 9, 10", 9, False), ("3, 9, 15", 9, False), ("9, 10", 9, False),
    ("week 8 or week 9", 8, False), ("9 days or 10 days", 9, False), ("either 8 or 9", 9, False),
    # other numbers beside the answer
    ("week 9, two weeks after the 7-day label delay", 9, True),
    ("day 40, 9 days before the refunds moved", 9, True),
    ("9 days: the alarm fired on day 40 and the refunds moved on day 49", 9, True),
    ("step 9 (returns then at 10 %)", 9, True),
    ("0.0588, about 0.059", 0.059, True), ("0.059 (5.9 %)", 0.059, True),
    ("p99 latency, 9", 9, True), ("1,234 EUR", 1234, True), ("8th", 8, True),
    # what stays wrong
    ("-9", 9, False), ("p99", 99, False), ("90", 9, False),
])
def test_one_stated_number(text, value, met):
    rubric, numbers = _exact(value, tolerance=1e-6)
    score = score_brief({"f": text}, rubric, numbers=numbers, verbose=False)
    assert score.points == (1.0 if met else 0.0), score.report()


@pytest.mark.parametrize("text, reason", [
    ("weeks 5 to 12", "not a range"),
    ("9 or 10", "not a choice between several numbers"),
    ("1, 2, 3, 4, 5, 6", "more than 4 different numbers"),
    ("week 12", "does not agree with your own data"),
])
def test_number_feedback_asks_for_one_value_without_the_answer(text, reason, capsys):
    rubric, numbers = _exact(9)
    score_brief({"f": text}, rubric, numbers=numbers)
    out = capsys.readouterr().out
    assert reason in out
    assert not re.search(r"\b9\b", out.replace(text, ""))  # never the expected number


def test_max_numbers_is_a_criterion_option():
    text = "9 days: alarm on day 40, refunds on day 49, week 7, batch 3"
    for limit, points in [(4, 0.0), (5, 1.0)]:
        rubric, numbers = _exact(9, max_numbers=limit)
        assert score_brief({"f": text}, rubric, numbers=numbers, verbose=False).points == points
    with pytest.raises(ValueError, match="max_numbers"):
        Criterion("n", ["f"], 1.0, "", "", number="x", max_numbers=0)


@pytest.mark.parametrize("text, met", [
    ("0.8", True), ("at least 80 %", True), ("0.8 or 0.9", False), ("0.80 (80 %)", True),
    ("between 0.7 and 0.9", False), ("0.7-0.9", False), ("0.1, 0.5, 0.8, 0.95, 0.99", False),
    ("0.8 or 1.5", False),
])
def test_number_range_wants_one_value(text, met):
    rubric = Rubric("t", {"f": "?"}, [Criterion("floor", ["f"], 1.0, "ok", "give it.",
                                                number_range=(0.3, 0.99))])
    assert score_brief({"f": text}, rubric, verbose=False).points == (1.0 if met else 0.0)


# --- matching by first word gives what a scan of every phrase at every position gives ---------

def _scan(concept, tokens):
    """Every phrase searched at every position, as the scorer did before it indexed phrases by
    their first word (here with str.find over the joined tokens, to keep the test fast)."""
    joined = "\x1f" + "\x1f".join(tokens) + "\x1f"
    starts, offset = {}, 0
    for i, t in enumerate(tokens):
        starts[offset] = i
        offset += len(t) + 1
    found = []
    for pattern in concept._patterns:
        needle = "\x1f" + "\x1f".join(pattern) + "\x1f"
        at = joined.find(needle)
        while at >= 0:
            i = starts[at]
            found.append((i, scorer._negated(tokens, i, i + len(pattern))))
            at = joined.find(needle, at + 1)
    return found


def _corpus_texts():
    concepts = [*CONCEPTS.values(), *IDEAS.values(), *GOODHART_CONCEPTS.values()]
    texts = {", ".join(p for c in concepts for p in c.phrases[:2])}  # the full paste: too slow
    for _, model, _ in [b for briefs in BRIEFS.values() for b in briefs]:
        texts.update(model.values())
    for corpus in [m1.CORPUS, m3.DISAGREE_CORPUS, m3.TRIAGE_CORPUS, m4.CORPUS, m5.REC_CORPUS,
                   m5.BOT_CORPUS]:
        texts.update(v for entry in corpus for v in entry[2].values() if isinstance(v, str))
    texts.update(v for entry in m2.CORPUS for v in entry[4].values())
    return sorted(texts)


def test_indexed_matching_equals_a_full_scan():
    concepts = [*CONCEPTS.values(), *IDEAS.values(), *GOODHART_CONCEPTS.values()]
    concepts += [c.none_of[0] for r, _, _ in BRIEFS["counter-metric"] for c in r.criteria
                 if c.none_of]
    for text in _corpus_texts():
        tokens = normalize(text)
        for concept in concepts:
            assert concept.occurrences(tokens) == _scan(concept, tokens), (concept.name, text)
            assert concept.affirmed_in(tokens) == any(not n for _, n in _scan(concept, tokens))


def test_concepts_accept_token_lists_and_tuples():
    c = Concept("completion", ["task completion", "completion rate"])
    for tokens in [normalize("Task completion rate"), tuple(normalize("Task completion rate"))]:
        assert c.occurrences(tokens) == [(0, False), (1, False)]
    assert normalize("a, b") == ["a", "|", "b"]
    assert isinstance(normalize("a"), list)
