"""The rubric scorer: concepts, synonyms, case/punctuation/plural tolerance, negation,
keyword stuffing, number agreement, partial credit; and module 1's rubric on a corpus."""

from __future__ import annotations

import pytest

from ai_product_metrics.grading import (
    Concept,
    Criterion,
    Rubric,
    check_brief_complete,
    find_concepts,
    normalize,
    score_brief,
)
from ai_product_metrics.grading.checks import CheckFailed
from ai_product_metrics.grading.rubrics import CONCEPTS, SUMMARY_FEATURE_BRIEF

ENGAGEMENT = CONCEPTS["engagement"]
COMPLETION = CONCEPTS["task completion"]


@pytest.mark.parametrize("text", [
    "Task completion rate", "task-completion RATES", "TASK COMPLETION.", "tasks completed",
    "the completion rate of note tasks",
])
def test_synonyms_case_punctuation_plural(text):
    assert COMPLETION.affirmed_in(normalize(text))


@pytest.mark.parametrize("text", [
    "not engagement", "Not clicks.", "never time spent", "instead of CTR",
    "task completion rather than clicks", "we don't use DAU", "without engagement metrics",
])
def test_negated_mentions_do_not_affirm(text):
    assert not ENGAGEMENT.affirmed_in(normalize(text))


def test_negation_does_not_reach_far():
    text = "not a vanity number: we watch the click through rate of summaries weekly"
    assert ENGAGEMENT.affirmed_in(normalize(text))


def test_find_concepts_lists_affirmed_only():
    found = find_concepts("Task completion, not clicks; hallucination rate too",
                          [ENGAGEMENT, COMPLETION, CONCEPTS["hallucination"]])
    assert found == ["task completion", "hallucination"]


def _rubric(**criterion_options):
    return Rubric("t", {"f": "?"}, [Criterion("c", ["f"], 2.0, "good", "add it", **criterion_options)])


def test_number_agreement_accepts_percent_fraction_and_bare_percent():
    r = _rubric(number="x", tolerance=0.005)
    for text in ["4.2%", "0.042", "about 4.2 percent", "4.2"]:
        assert score_brief({"f": text}, r, numbers={"x": 0.0417}, verbose=False).points == 2
    for text in ["6%", "0.08", "no number at all"]:
        assert score_brief({"f": text}, r, numbers={"x": 0.0417}, verbose=False).points == 0


def test_number_criterion_needs_its_value():
    with pytest.raises(ValueError, match="numbers"):
        score_brief({"f": "4%"}, _rubric(number="x"), verbose=False)


def test_min_words():
    r = _rubric(any_of=[COMPLETION], min_words=8)
    assert score_brief({"f": "task completion"}, r, verbose=False).points == 0
    long = "task completion is what tells us users got their notes done"
    assert score_brief({"f": long}, r, verbose=False).points == 2


def test_report_names_met_and_missing(capsys):
    r = Rubric("t", {"a": "?", "b": "?"}, [
        Criterion("one", ["a"], 1, "you named completion", "name an outcome", any_of=[COMPLETION]),
        Criterion("two", ["b"], 1, "fine", "name the engagement metric", any_of=[ENGAGEMENT]),
    ])
    score = score_brief({"a": "task completion", "b": "latency"}, r)
    out = capsys.readouterr().out
    assert score.points == 1 and score.max_points == 2
    assert "you named completion" in out and "name the engagement metric" in out
    assert "Brief scored 1 / 2" in out


def test_points_never_exceed_max_and_are_rounded():
    r = Rubric("t", {"a": "?"}, [Criterion(f"c{i}", ["a"], 1 / 3, "ok", "no") for i in range(3)])
    score = score_brief({"a": "anything at all"}, r, verbose=False)
    assert score.points == 1.0 and score.points <= r.max_points


def test_rubric_validation():
    with pytest.raises(ValueError, match="unknown field"):
        Rubric("t", {"a": "?"}, [Criterion("c", ["b"], 1, "", "")])
    with pytest.raises(ValueError, match="duplicate"):
        Rubric("t", {"a": "?"}, [Criterion("c", ["a"], 1, "", ""), Criterion("c", ["a"], 1, "", "")])
    with pytest.raises(ValueError, match="positive"):
        Criterion("c", ["a"], 0, "", "")
    with pytest.raises(ValueError, match="phrase"):
        Concept("empty", [])
    with pytest.raises(ValueError, match="dict"):
        score_brief(["not", "a", "dict"], _rubric(), verbose=False)


def test_brief_completeness():
    r = SUMMARY_FEATURE_BRIEF
    full = {f: "something" for f in r.fields}
    check_brief_complete(full, r)
    with pytest.raises(CheckFailed, match="missing"):
        check_brief_complete({"primary_metric": "x"}, r)
    with pytest.raises(CheckFailed, match="Fill in"):
        check_brief_complete({**full, "baseline": "  "}, r)
    with pytest.raises(CheckFailed, match="dict"):
        check_brief_complete("task completion", r)


# --- module 1's rubric on a corpus of answers -------------------------------------------------

BASELINE = 0.043
GOOD_JUSTIFICATION = (
    "Clicks and time on each summary went up because people were editing and regenerating bad "
    "summaries, which is labor rather than value. DAU rose only because every new sign-up "
    "cohort from marketing was bigger, while day-3 retention stayed flat."
)
GOOD = {
    "primary_metric": "Task completion rate",
    "counter_metric": "Audited hallucination rate",
    "baseline": "4.3% of audited summaries",
    "reconsider_signal": "If completion stays high while edit time per summary keeps climbing.",
    "justification": GOOD_JUSTIFICATION,
}
MAX = SUMMARY_FEATURE_BRIEF.max_points

# Kinds of corpus answer (tests/test_rubric_scorer.py checks each family's mix).
# model: the model answer; right: correct in other words; partial: some items only; wrong: a
# wrong answer; negation: a negated mention, either way; stuffed: a list of names or numbers;
# limit: a known limit of the scorer, pinned.
CORPUS = [
    # (kind, label, changes to GOOD, expected points, why)
    ("model", "model answer", {}, MAX, "every item"),
    ("right", "synonyms and plural", {
        "primary_metric": "Tasks completed per summary shown",
        "counter_metric": "faithfulness of summaries (grounded claims)",
        "baseline": "0.043",
    }, MAX, "tasks completed, faithfulness and a fraction are all recognised"),
    ("right", "reordered words, lower case", {
        "justification": "dau grew with new users from marketing while retention on day 3 did "
                         "not improve; more time on the summary was spent fixing it, so editing "
                         "time is effort the model created",
    }, MAX, "word order and case do not matter"),
    ("right", "British spelling", {
        "justification": "The extra minutes per summary were labour: people correcting "
                         "summaries that got the facts wrong. Daily actives only grew because "
                         "each marketing cohort of new sign-ups was larger than the last.",
    }, MAX, "'labour' is labor; 'new sign-ups' is novelty"),
    ("right", "hallucination as the primary", {
        "primary_metric": "Audited hallucination rate of the summaries",
        "counter_metric": "Minutes users spend editing a summary before they use it",
    }, MAX, "quality is an outcome metric too; editing minutes are labor"),
    ("right", "fallback as the counter", {
        "counter_metric": "How often users fall back to writing the notes by hand",
    }, MAX, "falling back to the manual path exposes a worse model"),
    ("right", "factual errors as the counter", {
        "counter_metric": "Share of summaries with a factual error in the weekly audit",
    }, MAX, "'factual error' is hallucination"),
    ("right", "baseline as a bare percentage", {"baseline": "4.3"}, MAX,
     "a bare number above 1 is read as a percentage too"),
    ("right", "baseline in percent words", {"baseline": "about 4.3 percent"}, MAX,
     "'percent' is a percentage"),
    ("right", "baseline beside the weeks it covers", {
        "baseline": "Weeks 1-4 averaged 4.3% hallucinated summaries"}, MAX,
     "the range names the weeks; the rate is stated on its own"),
    ("right", "baseline within the tolerance", {"baseline": "0.047"}, MAX,
     "half a point of tolerance for rounding"),
    ("right", "retention as the reconsider signal", {
        "reconsider_signal": "If day-3 retention of summary users drops below that of users "
                             "who never open a summary"}, MAX, "a retention movement is observable"),
    ("negation", "engagement negated in primary", {
        "primary_metric": "Task completion, not clicks"}, MAX, "'not clicks' rules clicks out"),
    ("negation", "a negated list of engagement metrics", {
        "primary_metric": "Not engagement, clicks or time spent: task completion rate"}, MAX,
     "the negation carries over the whole list joined by 'or'"),
    ("negation", "neither ... nor", {
        "primary_metric": "Neither clicks nor time on summary; the task completion rate"}, MAX,
     "'neither ... nor' rejects both"),
    ("negation", "not X but Y", {"primary_metric": "Not clicks but task completion"}, MAX,
     "'but' ends the negation: task completion is affirmed"),
    ("negation", "rather than", {"primary_metric": "Task completion rather than click-through"},
     MAX, "'rather than' rejects what follows"),
    ("negation", "instead of", {"primary_metric": "Task completion instead of DAU"}, MAX,
     "'instead of' rejects what follows"),
    ("negation", "clicks are misleading", {
        "primary_metric": "Clicks are misleading here, so task completion"}, MAX,
     "a rejecting predicate after a metric negates it"),
    ("negation", "the outcome negated", {
        "primary_metric": "I would not pick task completion; clicks"}, MAX - 1.0,
     "task completion is negated and clicks are affirmed"),
    ("negation", "the counter negated", {"counter_metric": "I would not use edit time"},
     MAX - 1.0, "a negated counter-metric is no counter-metric"),
    ("wrong", "engagement as primary", {"primary_metric": "Click-through rate on summaries"},
     MAX - 1.0, "engagement rose while the feature got worse"),
    ("wrong", "DAU as primary", {"primary_metric": "DAU of the summary feature"}, MAX - 1.0,
     "daily actives grew through novelty"),
    ("wrong", "wrong baseline number", {"baseline": "about 9% before the change"}, MAX - 1.0,
     "the number must come from the learner's data"),
    ("wrong", "baseline of the wrong weeks", {"baseline": "9.1% in weeks 5-8"}, MAX - 1.0,
     "the later weeks' rate, not the baseline"),
    ("wrong", "counter-metric is engagement", {"counter_metric": "time spent per session"},
     MAX - 1.0, "another engagement metric rises with the primary's failure"),
    ("wrong", "everything wrong", {
        "primary_metric": "DAU", "counter_metric": "clicks", "baseline": "12%",
        "reconsider_signal": "nothing", "justification": "Engagement went up so users love it, "
        "and we should ship more features like this one to grow further.",
    }, 0.0, "engagement throughout, a wrong number, no argument"),
    ("stuffed", "stuffed primary", {
        "primary_metric": "task completion, hallucination rate, CTR, DAU, retention, latency",
    }, MAX - 1.0, "focus: a primary names one metric"),
    ("stuffed", "stuffed counter", {
        "counter_metric": "hallucination rate, edit time, CTR, DAU"}, MAX - 1.0,
     "focus: four metrics are not a counter-metric"),
    ("stuffed", "stuffed justification", {
        "justification": "engagement clicks DAU retention latency precision recall accuracy "
                         "drift revenue editing novelty",
    }, MAX - 1.5, "a list of names is not an argument"),
    ("stuffed", "stuffed reconsider signal", {
        "reconsider_signal": "retention, DAU, latency, revenue, precision, recall"}, MAX - 0.5,
     "a list of names is not a signal"),
    ("stuffed", "baseline as many numbers", {"baseline": "1%, 2%, 3%, 4%, 4.3%, 5%, 6%"},
     MAX - 1.0, "seven candidates: state one value"),
    ("stuffed", "baseline as a range", {"baseline": "somewhere between 4.3% and 6%"},
     MAX - 1.0, "the ends of a range are not an answer, even when one is right"),
    ("stuffed", "baseline hedged", {"baseline": "4.3% or 5%"}, MAX - 1.0,
     "a choice between two numbers, one of them wrong"),
    ("partial", "justification too short", {"justification": "editing and new users"},
     MAX - 1.5, "min_words: both justification items need an argument"),
    ("partial", "no novelty argument", {
        "justification": "The extra time was people editing summaries that were wrong, which is "
                         "labor and not value, so the clicks were a symptom of failure.",
    }, MAX - 0.75, "the labor item only"),
    ("partial", "vague reconsider signal", {"reconsider_signal": "if things change"},
     MAX - 0.5, "no metric named"),
    ("partial", "only the weeks, no rate", {"baseline": "the first four weeks (weeks 1-4)"},
     MAX - 1.0, "no rate stated: the range names weeks"),
    ("limit", "an outcome with no known synonym", {
        "primary_metric": "share of note tasks users finish",
    }, MAX - 1.0, "known limit: 'share of tasks users finish' is not in the synonym list"),
    ("limit", "'and' carries a negation only a few words", {
        "primary_metric": "Task completion; we do not track the click-through rate on "
                          "summaries and DAU"}, MAX - 1.0,
     "known limit: after 'and' the negation reaches three words, so DAU (four words after "
     "'not') is read as affirmed; 'or' carries it further"),
]


@pytest.mark.parametrize("kind, label, changes, expected, why", CORPUS,
                         ids=[c[1] for c in CORPUS])
def test_module1_rubric_corpus(kind, label, changes, expected, why):
    score = score_brief({**GOOD, **changes}, SUMMARY_FEATURE_BRIEF,
                        numbers={"baseline_hallucination_rate": BASELINE}, verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("per_concept", [1, 2, 3, None],
                         ids=["one-name-each", "two-names-each", "three-names-each", "every-name"])
def test_module1_stuffing_everything_earns_little(per_concept):
    stuffed_text = ", ".join(p for c in CONCEPTS.values() for p in c.phrases[:per_concept])
    brief = {f: stuffed_text for f in SUMMARY_FEATURE_BRIEF.fields}
    score = score_brief(brief, SUMMARY_FEATURE_BRIEF,
                        numbers={"baseline_hallucination_rate": BASELINE}, verbose=False)
    assert score.points <= 0.2 * MAX, score.report()
