"""Module 3's two briefs (drift rule sets that disagree, alarm triage) on a corpus of answers."""

from __future__ import annotations

import pytest

from ai_product_metrics.grading import check_brief_complete, find_concepts, score_brief
from ai_product_metrics.grading.checks import CheckFailed
from ai_product_metrics.grading.rubrics import (
    ALARM_TRIAGE_BRIEF,
    CONCEPTS,
    DRIFT_DISAGREEMENT_BRIEF,
    IDEAS,
)

WEEK = 8  # what the test cell recomputes from the learner's seed
LEAD_DAYS = 9.0
NUMBERS = {"disagreement_week": WEEK, "lead_time_days": LEAD_DAYS}

# --- 1. when the rule sets disagree (3 points) --------------------------------------------------

# In every variant checked, the disagreement weeks are calm weeks next to an event: Evidently
# (one week, fixed 0.1) sees nothing, while a NannyML chunk that straddles the event alerts.
DISAGREE = {
    "week": "Week 8",
    "evidently": "No drift: no column reaches the 0.1 threshold that week, so there is no "
                 "dataset drift either.",
    "nannyml": "Alert: the chunk that covers this week also holds orders from the neighbouring "
               "shifted week, and its distance exceeds the threshold learned from the reference "
               "chunks.",
    "why": "NannyML's chunks are not weeks: ten chunks over weeks 5-20 span about 1.6 weeks "
           "each, so a chunk that starts inside the shift alerts and the alert spills into this "
           "calm week, which Evidently judges on its own orders. NannyML's threshold is also "
           "learned from the reference chunks (mean + 3 std) and sits far below Evidently's "
           "fixed 0.1, and the two compute different statistics (Jensen-Shannon on bins versus "
           "normalised Wasserstein).",
}
DISAGREE_MAX = DRIFT_DISAGREEMENT_BRIEF.max_points

# Kinds as in tests/test_rubric.py (model, right, partial, wrong, negation, stuffed, limit).
DISAGREE_CORPUS = [
    # (kind, label, changes to DISAGREE, expected points, why)
    ("model", "model answer", {}, 3.0, "every item"),
    ("right", "other direction, other words", {
        "evidently": "Flags distance_km: its normalised Wasserstein distance is 0.13, above 0.1, "
                     "but one column of five is not dataset drift.",
        "nannyml": "Nothing: the chunk holding most of week 8 stays under its threshold.",
        "why": "The threshold NannyML uses is learned from its reference chunks, mean plus three "
               "standard deviations, which is far tighter than Evidently's hard-coded 0.1; and "
               "it computes a Jensen-Shannon distance on binned values, not Wasserstein.",
    }, 3.0, "the quiet/alert sides swapped; reasons in other words"),
    ("right", "week as a bare number", {"week": "8"}, 3.0, "a number is a number"),
    ("right", "week as an ordinal", {"week": "the 8th week of the log"}, 3.0, "'8th' states 8"),
    ("right", "week abbreviated", {"week": "wk 8"}, 3.0, "the abbreviation does not matter"),
    ("right", "week beside a chunk number", {"week": "Week 8 (NannyML's chunk 5)"}, 3.0,
     "two numbers, the week stated on its own"),
    ("right", "week beside the shift's start", {
        "week": "week 8, two weeks after the shift began in week 6"}, 3.0,
     "other numbers of the argument beside the answer"),
    ("right", "windows and sigma, British spelling", {
        "why": "NannyML's windows don't line up with calendar weeks, and its alert threshold is "
               "derived from the reference period (mean plus 3 sigma) rather than fixed at 0.1; "
               "on top of that the sample size behind each distance differs.",
    }, 3.0, "'windows do not line up' is chunking, 'sigma' a learned threshold, sample size"),
    ("right", "terse but complete", {
        "why": "Chunks straddle weeks; learned versus fixed threshold; Wasserstein versus "
               "Jensen-Shannon; dataset vote needs half the columns.",
    }, 3.0, "short clauses, each a true reason: the focus limit (8 names) lets it through"),
    ("right", "quiet side first", {
        "evidently": "No drift", "nannyml": "Drift on courier_load in that chunk",
    }, 3.0, "each field is read on its own: the 'no' of one does not negate the next"),
    ("right", "terse verdicts", {"evidently": "yes", "nannyml": "no"}, 3.0,
     "yes / no are verdicts"),
    ("negation", "negated verdict", {"nannyml": "Doesn't alert"}, 3.0,
     "'doesn't alert' is the quiet verdict"),
    ("negation", "a negated list of verdicts", {
        "evidently": "No drift on any column, and no dataset drift either"}, 3.0,
     "a quiet verdict said twice"),
    ("negation", "reasons negated", {
        "why": "Not the chunk size and not the threshold: NannyML has a bug that hides the drift "
               "in this week.",
    }, 1.0, "a negated reason is no reason"),
    ("negation", "second reasons rejected with neither ... nor", {
        "why": "Neither a different statistic nor the sample size explains it: NannyML's chunk "
               "straddles two weeks and mixes calm and shifted orders.",
    }, 2.25, "both second reasons are rejected; the chunking reason stands"),
    ("negation", "a bug ruled out, reasons kept", {
        "why": "It is not a bug in either tool: NannyML's chunk spans parts of two weeks, and "
               "Evidently needs half the columns to drift before it calls dataset drift.",
    }, 3.0, "the colon ends the negation: both reasons are affirmed"),
    ("wrong", "wrong week", {"week": "week 12"}, 2.5, "the week must come from the learner's data"),
    ("wrong", "the week before", {"week": "week 7"}, 2.5, "one week off is another week"),
    ("wrong", "week in words", {"week": "the eighth"}, 2.5, "no number stated"),
    ("wrong", "why without a reason", {
        "why": "NannyML is simply a better tool, and Evidently is known to be unreliable on this "
               "kind of delivery data.",
    }, 1.0, "no difference between the rule sets named"),
    ("wrong", "why: one tool is more accurate", {
        "why": "Evidently is more accurate than NannyML on this data, so its verdict is the one "
               "to trust for week 8.",
    }, 1.0, "a preference, not a difference between the rule sets"),
    ("wrong", "verdicts as numbers only", {"evidently": "0.13", "nannyml": "0.02"}, 2.5,
     "a distance is not a verdict"),
    ("wrong", "placeholders", {"week": "...", "evidently": "TODO", "nannyml": "?", "why": ""},
     0.0, "nothing written"),
    ("stuffed", "why pastes every name", {
        "why": "chunks, window, learned threshold, std, Wasserstein, Jensen-Shannon, sample size, "
               "dataset drift, PSI, accuracy, latency, refunds, calibration, precision, recall",
    }, 1.0, "focus: more names than any explanation needs"),
    ("stuffed", "stuffed verdict fields", {
        "evidently": "drift, no drift, PSI, Wasserstein, Jensen-Shannon, chunks, threshold, "
                     "sample size, accuracy, latency",
        "nannyml": "alert, no alert, PSI, Wasserstein, Jensen-Shannon, chunks, threshold, "
                   "sample size, accuracy, latency",
    }, 2.5, "focus: a verdict field naming every metric earns nothing"),
    ("stuffed", "week as a range", {"week": "weeks 8-12"}, 2.5,
     "the ends of a range are not an answer, even when one is right"),
    ("stuffed", "week between two others", {"week": "between weeks 7 and 9"}, 2.5,
     "'between 7 and 9' is a range"),
    ("stuffed", "week as a list", {"week": "weeks 6, 7, 8, 9"}, 2.5,
     "a choice between candidates, most of them wrong"),
    ("stuffed", "week hedged", {"week": "week 8 or week 9"}, 2.5,
     "a choice between two weeks, one of them wrong"),
    ("stuffed", "every week", {"week": " ".join(str(n) for n in range(1, 21))}, 2.5,
     "twenty numbers: state one value"),
    ("partial", "only the chunk reason", {
        "why": "NannyML's chunks are not weeks: each spans about 1.6 weeks, so the chunk that "
               "holds week 8 also holds calm days from week 7.",
    }, 2.25, "granularity earns the first why item, no second difference"),
    ("partial", "only the dataset vote", {
        "why": "Evidently flags distance_km but needs half the columns to drift before it calls "
               "dataset drift, and one drifted column of five is not enough for that.",
    }, 1.75, "the second why item only"),
    ("partial", "only the statistic", {
        "why": "They compute different statistics: Evidently a normalised Wasserstein distance "
               "per week, NannyML a Jensen-Shannon distance on binned values.",
    }, 1.75, "the second why item only"),
    ("partial", "only the sample size", {
        "why": "NannyML compares more orders at a time than Evidently's single week, so the "
               "sample sizes differ and so does the noise in each distance.",
    }, 1.75, "the second why item only"),
    ("partial", "why too short", {"why": "different chunks and thresholds"}, 1.0, "min_words"),
    ("partial", "one verdict missing", {"nannyml": "It uses chunks of the monitored period"},
     2.75, "NannyML's field describes the tool but gives no verdict"),
    ("limit", "'X is not the problem' does not negate X", {
        "why": "The chunks are not the problem, and neither is the threshold: Evidently simply "
               "computes a different statistic.",
    }, 3.0, "known limit: a denial after the metric ('the chunks are not the problem') is not "
            "read as rejecting it, so chunking is credited"),
]


@pytest.mark.parametrize("kind, label, changes, expected, why", DISAGREE_CORPUS,
                         ids=[c[1] for c in DISAGREE_CORPUS])
def test_disagreement_corpus(kind, label, changes, expected, why):
    score = score_brief({**DISAGREE, **changes}, DRIFT_DISAGREEMENT_BRIEF, numbers=NUMBERS,
                        verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("text, drift, quiet", [
    ("Flags distance_km", True, False),
    ("Alert on courier_load", True, False),
    ("distance_km is over 0.1, so it drifts", True, False),
    ("No drift", False, True),
    ("Does not flag anything in that chunk", False, True),
    ("Doesn't alert", False, True),
    ("never fires: the chunk stays below its threshold", False, True),
    ("quiet", False, True),
    ("Flags distance_km, but no dataset drift", True, True),
    ("0.13", False, False),
])
def test_verdicts_and_negation(text, drift, quiet):
    """A negated alarm ("does not flag") is read as the quiet verdict, never as drift."""
    found = find_concepts(text, [IDEAS["drift verdict"], IDEAS["no-drift verdict"]])
    assert ("drift verdict" in found, "no-drift verdict" in found) == (drift, quiet)


# --- 2. alarm triage (5 points) -----------------------------------------------------------------

TRIAGE = {
    "page_on": "p99 latency of the scoring service, and accuracy on the delayed labels falling "
               "5 points below the reference",
    "page_first_action": "Drain the slow node or fail over to a healthy one; for the accuracy "
                         "alarm, switch the warnings to the rule-based fallback and retrain on "
                         "recent labels.",
    "dashboard_only": "PSI per feature, Evidently's column and dataset drift, NannyML's chunk "
                      "alerts",
    "dashboard_first_action": "Find which feature and segment moved, check whether it is a "
                              "pipeline bug (schema, units, missing values) or a real change "
                              "such as a promotion or bad weather, then watch accuracy as the "
                              "labels arrive.",
    "why": "Latency and accuracy alarms mean customers get slow or wrong warnings right now, and "
           "the on-call can act on them. Input drift alone did not hurt accuracy during the "
           "weather spell because the model stayed calibrated, so paging on it would only "
           "bring false alarms, and the concept drift never moved any input monitor.",
    "lead_time_days": "9",
}
TRIAGE_MAX = ALARM_TRIAGE_BRIEF.max_points

TRIAGE_CORPUS = [
    # (kind, label, changes to TRIAGE, expected points, why)
    ("model", "model answer", {}, 5.0, "every item"),
    ("right", "other words", {
        "page_on": "Serving timeouts and response time; the accuracy monitor once labels come in",
        "page_first_action": "Roll back to the last good build, or fail over.",
        "dashboard_only": "Feature drift on distance and weather (PSI, Evidently, NannyML)",
        "dashboard_first_action": "Figure out whether the pipeline changed (units, schema, "
                                  "nulls) or the world did (a promotion, bad weather).",
        "why": "Paging is for what hurts customers now and what someone can fix at night. In "
               "the weather spell the input monitors fired while accuracy barely moved, so "
               "paging on them would teach people to ignore the pager.",
        "lead_time_days": "about 9 days",
    }, 5.0, "synonyms throughout"),
    ("right", "accuracy drop from concept drift", {
        "page_on": "An accuracy drop caused by concept drift, seen on the delayed labels"}, 5.0,
     "concept drift is not input drift"),
    ("right", "accuracy only", {"page_on": "the accuracy monitor on delayed labels"}, 5.0,
     "accuracy alone is a fine page"),
    ("right", "latency only, in other words", {"page_on": "the 99th-percentile response time"},
     5.0, "'response time' is latency"),
    ("right", "dashboard with extras", {
        "dashboard_only": "PSI per feature, plus throughput, serving cost and model freshness"},
     5.0, "four names is within the focus limit"),
    ("right", "conditional retrain", {
        "dashboard_first_action": "Check which feature moved and whether accuracy drops as the "
                                  "labels arrive; retrain only if it does."}, 5.0,
     "investigate first, then act"),
    ("right", "British spelling", {
        "page_first_action": "Reroute traffic to a healthy replica, then roll back to the "
                             "previous model if behaviour does not recover.",
        "why": "A page should mean customers are harmed now and the on-call can act: slow or "
               "wrong warnings are that. The weather spell drifted the inputs while the model "
               "stayed calibrated, so those alarms were noise.",
    }, 5.0, "rerouting is a mitigation; harm, noise and calibration in other words"),
    ("right", "lead time within half a day", {"lead_time_days": "8.6"}, 5.0, "tolerance 0.5"),
    ("right", "lead time beside the days it spans", {
        "lead_time_days": "9 days: the accuracy alarm fired on day 40 and the refunds moved in "
                          "week 7"}, 5.0, "other numbers of the argument beside the answer"),
    ("negation", "input drift negated", {
        "page_on": "p99 latency and accuracy on delayed labels, not input drift"}, 5.0,
     "'not input drift' rules drift out"),
    ("negation", "neither ... nor", {
        "page_on": "p99 latency only; neither PSI nor Evidently nor NannyML"}, 5.0,
     "'nor' negates each tool"),
    ("negation", "a negated list", {
        "page_on": "p99 latency only; not PSI, Evidently or NannyML"}, 5.0,
     "the negation carries over the whole list joined by 'or'"),
    ("negation", "not X but Y", {
        "page_on": "Not on Evidently or PSI but on p99 latency"}, 5.0,
     "the tools are rejected, 'but' affirms the latency"),
    ("negation", "drift rejected by a predicate", {
        "page_on": "p99 latency and accuracy; PSI is misleading as a page"}, 5.0,
     "'PSI is misleading' rejects PSI"),
    ("negation", "negated page", {"page_on": "I would not page on latency"}, 4.0,
     "a negated alarm is not a page"),
    ("negation", "first action negated", {
        "page_first_action": "Do not roll back; wait for the next deploy"}, 4.25,
     "'do not roll back' is no mitigation"),
    ("wrong", "pages on PSI", {"page_on": "PSI above 0.2 on any feature"}, 4.0,
     "input drift is not a page"),
    ("wrong", "pages on latency and input drift", {
        "page_on": "p99 latency and Evidently dataset drift"}, 4.0,
     "naming input drift among the pages loses the item"),
    ("wrong", "refunds are not a page", {"page_on": "the refund rate"}, 4.0,
     "refunds move weeks late and on-call cannot act on them"),
    ("wrong", "concept drift without a monitor", {"page_on": "concept drift"}, 4.0,
     "no monitor named: concept drift is seen through accuracy"),
    ("wrong", "first action investigates", {
        "page_first_action": "Read the logs and find the root cause"}, 4.25,
     "a page calls for mitigation first"),
    ("wrong", "dashboard without drift", {"dashboard_only": "p50 latency and serving cost"},
     4.25, "the input-drift monitors are the dashboard alarms here"),
    ("wrong", "hasty dashboard action", {
        "dashboard_first_action": "Retrain immediately, then check accuracy"}, 4.25,
     "acting before investigating"),
    ("wrong", "dashboard action without diagnosis", {
        "dashboard_first_action": "Retrain the model on last week's data"}, 4.25,
     "no investigation"),
    ("wrong", "wrong lead time", {"lead_time_days": "30 days"}, 4.5, "number from the data"),
    ("wrong", "lead time in words", {"lead_time_days": "two weeks"}, 4.5, "no number stated"),
    ("wrong", "everything wrong", {
        "page_on": "PSI and NannyML alerts",
        "page_first_action": "Investigate which feature drifted",
        "dashboard_only": "p99 latency",
        "dashboard_first_action": "Roll back the model right away",
        "why": "Drift is always bad.",
        "lead_time_days": "0",
    }, 0.0, "pages on drift, investigates the page, acts on the dashboard"),
    ("stuffed", "stuffed page field", {
        "page_on": "p99 latency, timeouts, accuracy, calibration, refund rate, app rating, "
                   "throughput"}, 4.0, "focus: seven metrics is not a paging policy"),
    ("stuffed", "first action names every metric", {
        "page_first_action": "Roll back, then check latency, accuracy, PSI, refunds and rating"},
     4.25, "focus: a first action is not a list of metrics"),
    ("stuffed", "stuffed dashboard", {
        "dashboard_only": "PSI, Evidently, NannyML, p99 latency, accuracy, refund rate, app "
                          "rating, serving cost"}, 4.25, "focus"),
    ("stuffed", "lead time as a list", {"lead_time_days": "7, 8, 9, 10"}, 4.5,
     "a choice between candidates, most of them wrong"),
    ("stuffed", "lead time as a range", {"lead_time_days": "between 9 and 14 days"}, 4.5,
     "the ends of a range are not an answer, even when one is right"),
    ("stuffed", "lead time hedged", {"lead_time_days": "9 or 10 days"}, 4.5,
     "a choice between two numbers, one of them wrong"),
    ("partial", "why without the drift argument", {
        "why": "Latency hurts every customer at once and the on-call can fix it in minutes by "
               "draining the slow node, so it deserves a page."}, 4.25,
     "impact, but nothing on what input drift does to accuracy"),
    ("partial", "why too short", {"why": "users first, always"}, 3.75, "min_words"),
    ("limit", "drift named as a contrast", {
        "page_on": "p99 latency; the drift monitors go on the dashboard"}, 4.0,
     "known limit: the field asks for the pages only, and any affirmed drift monitor in it "
     "counts as paged"),
]


@pytest.mark.parametrize("kind, label, changes, expected, why", TRIAGE_CORPUS,
                         ids=[c[1] for c in TRIAGE_CORPUS])
def test_triage_corpus(kind, label, changes, expected, why):
    score = score_brief({**TRIAGE, **changes}, ALARM_TRIAGE_BRIEF, numbers=NUMBERS,
                        verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


# --- both briefs ---------------------------------------------------------------------------------

BOTH = [(DRIFT_DISAGREEMENT_BRIEF, DISAGREE), (ALARM_TRIAGE_BRIEF, TRIAGE)]


def test_points_and_fields():
    assert DRIFT_DISAGREEMENT_BRIEF.max_points == 3.0
    assert ALARM_TRIAGE_BRIEF.max_points == 5.0
    assert list(DRIFT_DISAGREEMENT_BRIEF.fields) == ["week", "evidently", "nannyml", "why"]
    assert list(ALARM_TRIAGE_BRIEF.fields) == [
        "page_on", "page_first_action", "dashboard_only", "dashboard_first_action", "why",
        "lead_time_days"]


@pytest.mark.parametrize("rubric", [DRIFT_DISAGREEMENT_BRIEF, ALARM_TRIAGE_BRIEF],
                         ids=["disagreement", "triage"])
@pytest.mark.parametrize("per_concept", [1, 2, 3, None],
                         ids=["one-name-each", "two-names-each", "three-names-each", "every-name"])
def test_stuffing_every_field_earns_little(rubric, per_concept):
    stuffed = ", ".join(p for c in [*CONCEPTS.values(), *IDEAS.values()]
                        for p in c.phrases[:per_concept])
    # the names hold a few numbers ("1 of 5", "mean 3", "0.1", "1.6 week"): more than a number
    # field may state, so a week or lead time that happens to be one of them is not matched
    for week, lead in [(5, 1), (5, 3), (8, 9), (13, 14), (20, 5)]:
        score = score_brief({f: stuffed for f in rubric.fields}, rubric,
                            numbers={"disagreement_week": week, "lead_time_days": lead},
                            verbose=False)
        assert score.points <= 0.2 * rubric.max_points, score.report()


@pytest.mark.parametrize("value", [WEEK - 1, WEEK + 1, 0, 80, 0.08])
def test_week_is_exact(value):
    score = score_brief({**DISAGREE, "week": f"week {value}"}, DRIFT_DISAGREEMENT_BRIEF,
                        numbers=NUMBERS, verbose=False)
    assert score.points == DISAGREE_MAX - 0.5, score.report()


@pytest.mark.parametrize("value", ["8.4", "9.6", "-9", "90", "0.09", "no idea"])
def test_lead_time_rejects_wrong_numbers(value):
    score = score_brief({**TRIAGE, "lead_time_days": value}, ALARM_TRIAGE_BRIEF,
                        numbers=NUMBERS, verbose=False)
    assert score.points == TRIAGE_MAX - 0.5, score.report()


@pytest.mark.parametrize("rubric, brief", BOTH, ids=["disagreement", "triage"])
def test_number_criteria_need_their_value(rubric, brief):
    with pytest.raises(ValueError, match="numbers"):
        score_brief(brief, rubric, numbers={}, verbose=False)


def test_report_prints_met_and_missing(capsys):
    brief = {**TRIAGE, "page_on": "p99 latency and PSI above 0.2", "lead_time_days": "30"}
    score = score_brief(brief, ALARM_TRIAGE_BRIEF, numbers=NUMBERS)
    out = capsys.readouterr().out
    assert score.points == TRIAGE_MAX - 1.5
    assert "Brief scored 3.5 / 5" in out
    assert "[missing] 0/1 page-on-impact" in out and "relies on input drift" in out
    assert "[missing] 0/0.5 lead-time" in out and "does not agree with your own data" in out
    assert "[met    ] 0.75/0.75 dashboard-input-drift" in out
    assert str(LEAD_DAYS) not in out and "9 days" not in out  # never the expected number


@pytest.mark.parametrize("rubric, brief", BOTH, ids=["disagreement", "triage"])
def test_missing_fields(rubric, brief):
    check_brief_complete(brief, rubric)
    first = next(iter(rubric.fields))
    with pytest.raises(CheckFailed, match="missing"):
        check_brief_complete({k: v for k, v in brief.items() if k != first}, rubric)
    with pytest.raises(CheckFailed, match="Fill in"):
        check_brief_complete({**brief, first: "..."}, rubric)
    # the hidden scorer does not crash on a missing or non-text field: it earns nothing there
    partial = score_brief({k: v for k, v in brief.items() if k != "why"}, rubric,
                          numbers=NUMBERS, verbose=False)
    assert 0 < partial.points < rubric.max_points
    assert score_brief({}, rubric, numbers=NUMBERS, verbose=False).points == 0
    assert score_brief({f: 42 for f in rubric.fields}, rubric, numbers=NUMBERS,
                       verbose=False).points == 0
