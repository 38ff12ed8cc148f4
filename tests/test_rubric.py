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

CORPUS = [
    # (label, changes to GOOD, expected points)
    ("model answer", {}, MAX),
    ("other words", {
        "primary_metric": "share of note tasks users finish",  # no known synonym: not credited
    }, MAX - 1.0),
    ("synonyms and plural", {
        "primary_metric": "Tasks completed per summary shown",
        "counter_metric": "faithfulness of summaries (grounded claims)",
        "baseline": "0.043",
    }, MAX),
    ("reordered words, lower case", {
        "justification": "dau grew with new users from marketing while retention on day 3 did "
                         "not improve; more time on the summary was spent fixing it, so editing "
                         "time is effort the model created",
    }, MAX),
    ("engagement as primary", {"primary_metric": "Click-through rate on summaries"}, MAX - 1.0),
    ("engagement negated in primary", {"primary_metric": "Task completion, not clicks"}, MAX),
    ("wrong baseline number", {"baseline": "about 9% before the change"}, MAX - 1.0),
    ("baseline as a bare percentage", {"baseline": "4.3"}, MAX),
    ("counter-metric is engagement", {"counter_metric": "time spent per session"}, MAX - 1.0),
    ("justification too short", {"justification": "editing and new users"}, MAX - 1.5),
    ("no novelty argument", {
        "justification": "The extra time was people editing summaries that were wrong, which is "
                         "labor and not value, so the clicks were a symptom of failure.",
    }, MAX - 0.75),
    ("vague reconsider signal", {"reconsider_signal": "if things change"}, MAX - 0.5),
    ("stuffed primary", {
        "primary_metric": "task completion, hallucination rate, CTR, DAU, retention, latency",
    }, MAX - 1.0),
    ("stuffed justification", {
        "justification": "engagement clicks DAU retention latency precision recall accuracy "
                         "drift revenue editing novelty",
    }, MAX - 1.5),
    ("everything wrong", {
        "primary_metric": "DAU", "counter_metric": "clicks", "baseline": "12%",
        "reconsider_signal": "nothing", "justification": "Engagement went up so users love it, "
        "and we should ship more features like this one to grow further.",
    }, 0.0),
]


@pytest.mark.parametrize("label, changes, expected", CORPUS, ids=[c[0] for c in CORPUS])
def test_module1_rubric_corpus(label, changes, expected):
    score = score_brief({**GOOD, **changes}, SUMMARY_FEATURE_BRIEF,
                        numbers={"baseline_hallucination_rate": BASELINE}, verbose=False)
    assert score.points == pytest.approx(expected), score.report()


def test_module1_stuffing_everything_earns_little():
    stuffed_text = ", ".join(p for c in CONCEPTS.values() for p in c.phrases[:2])
    brief = {f: stuffed_text for f in SUMMARY_FEATURE_BRIEF.fields}
    score = score_brief(brief, SUMMARY_FEATURE_BRIEF,
                        numbers={"baseline_hallucination_rate": BASELINE}, verbose=False)
    assert score.points <= 0.2 * MAX, score.report()
