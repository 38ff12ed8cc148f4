"""Module 6's capstone rubrics on a corpus of written answers (issue 7).

Four rubric families, each built per scenario from its answer key: the five-step selection
brief, the four-layer stack, the defences under pushback and the metric-swap drill. For each,
a corpus of answers written as a product manager would write them: the model answer of several
scenarios, right answers in other words and another word order, negations ("not engagement"
must not earn the engagement point; "not accuracy: precision" must earn the precision one),
wrong answers and keyword stuffing, each with the points it must get.

A corpus entry is ``(label, scenario, [pushback,] changes, expected points, why)``: ``changes``
replaces fields of that scenario's model answer, and the label starts with the entry's kind
(``model``, ``right``, ``negation``, ``wrong``, ``stuffed`` or ``limit``: a known limit of the
scorer, pinned with the reason it is not fixed). Numbers in the selection briefs are written as
``{p}`` / ``{r}`` (the current process's precision / recall in the learner's table, computed
here with scikit-learn's confusion matrix rather than taken from ``baseline_rates``) and
derived values, filled in at test time.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix

from ai_product_metrics.datasets.capstone import SCENARIOS, make_scenario_table
from ai_product_metrics.grading import capstone as fw
from ai_product_metrics.grading import score_brief, seed_from_id
from ai_product_metrics.grading.rubrics import CONCEPTS

SEED = 11
# other learners' seeds: the first whose baselines differ clearly is "another learner"
OTHER_SEEDS = tuple(range(12, 80))
KINDS = ("model", "right", "negation", "wrong", "stuffed", "limit")
MIX = {"right": 8, "wrong": 6, "negation": 4, "stuffed": 4}
MAX = {"selection": 7.5, "stack": 6.0, "pushback": 3.0, "swap": 6.0}


def kind(label: str) -> str:
    return label.split(":", 1)[0]


# --- the learner's table and its numbers, computed independently --------------------------------

@cache
def table(scenario: str, seed: int = SEED) -> pd.DataFrame:
    return make_scenario_table(scenario, random_state=seed)


@cache
def rates(scenario: str, seed: int = SEED) -> dict[str, float]:
    """The current process's precision and recall, from scikit-learn's confusion matrix."""
    t = table(scenario, seed)
    tn, fp, fn, tp = confusion_matrix(t["label"], t["baseline_flag"], labels=[0, 1]).ravel()
    return {"p": tp / (tp + fp), "r": tp / (tp + fn)}


@cache
def other_seed(scenario: str) -> int:
    """A seed whose baselines differ from SEED's by more than the tolerance, with a margin."""
    mine = rates(scenario)
    for seed in OTHER_SEEDS:
        theirs = rates(scenario, seed)
        if all(abs(theirs[m] - mine[m]) > 0.015 for m in "pr"):
            return seed
    raise AssertionError(f"no other seed with different baselines in {scenario}")


def numbers(scenario: str) -> dict[str, float]:
    now, other = rates(scenario), rates(scenario, other_seed(scenario))
    out: dict[str, float] = {}
    for m in "pr":
        b = now[m]
        out[m] = b
        out[m.upper()] = 100 * b
        out[f"{m}_up"] = min(0.99, b + 0.04)  # a target above the baseline
        out[f"{m.upper()}_up"] = 100 * min(0.99, b + 0.04)
        out[f"{m}_down"] = b - 0.05  # a target below it
        out[f"{m}_seed"] = other[m]  # another learner's baseline
        out[f"{m}_lo"], out[f"{m}_hi"] = b - 0.1, min(0.99, b + 0.1)
    return out


def filled(brief: dict[str, str], scenario: str) -> dict[str, str]:
    nums = numbers(scenario)
    return {f: text.format(**nums) for f, text in brief.items()}


def test_baseline_rates_agree_with_an_independent_computation():
    for key in SCENARIOS:
        got = fw.baseline_rates(table(key))
        assert got["baseline_precision"] == pytest.approx(rates(key)["p"], abs=1e-12)
        assert got["baseline_recall"] == pytest.approx(rates(key)["r"], abs=1e-12)


# === 1. the five-step selection brief (7.5 points) ==============================================
# user goal 1, costlier error 1, why 0.5, diagnostic 1, leading / actionable / interpretable
# 0.5 each, baseline 0.75, target 0.75, counter-metric 1.

SEL_MODEL = {
    "grocery_substitutions": {
        "user_goal": "The shopper wants a full basket on the doorstep so they can cook the meals "
                     "they planned this week.",
        "costlier_error": "Packing a substitute the shopper does not want",
        "why_costlier": "The customer sends it back, we refund the line anyway and write off the "
                        "product, and they start to doubt every future delivery.",
        "diagnostic_metric": "Precision of substitutions: of the substitutes we pack, how many "
                             "the shopper keeps",
        "why_diagnostic": "It is visible every day, long before repeat orders drop; the team can "
                          "raise or lower the score threshold when it slips; and anyone reads it "
                          "as 'out of 100 substitutes, 80 were kept'.",
        "baseline": "{p:.3f}",
        "target": "{p_up:.2f} by the end of the quarter",
        "counter_metric": "Recall of good substitutes, so the model cannot win by refunding "
                          "everything",
    },
    "meeting_action_items": {
        "user_goal": "Team members want every promise made in a meeting to be followed up, with "
                     "a clear owner and date.",
        "costlier_error": "A commitment that never reaches the tracker",
        "why_costlier": "Nobody owns the follow-up, so a client waits for an email that never "
                        "comes and the team looks unreliable; deleting a stray task takes "
                        "seconds.",
        "diagnostic_metric": "Recall: the share of real commitments that get posted as tasks",
        "why_diagnostic": "We can measure it on audited meetings the same week, well before "
                          "projects slip; the team can lower the posting threshold or retrain on "
                          "missed phrasings; and it reads plainly as 'we capture 8 in 10 "
                          "promises'.",
        "baseline": "{r:.3f}",
        "target": "{r_up:.2f} within two months",
        "counter_metric": "Precision of posted tasks, because posting every sentence would bury "
                          "people in bogus to-dos",
    },
    "job_matching": {
        "user_goal": "The recruiter wants to hire a strong person for the role quickly, without "
                     "overlooking good applicants.",
        "costlier_error": "Leaving a qualified candidate off the shortlist",
        "why_costlier": "The recruiter never sees that person, the role stays open for weeks and "
                        "the candidate loses a fair chance at the job.",
        "diagnostic_metric": "Recall of interview-worthy candidates",
        "why_diagnostic": "It can be checked on each vacancy as soon as the recruiter reviews "
                          "the full pool, weeks before time to fill moves; we can tune the "
                          "cut-off or retrain; and it reads as the share of good candidates who "
                          "made the list.",
        "baseline": "{r:.3f}",
        "target": "{r_up:.2f} by Q3",
        "counter_metric": "Precision of the shortlist, so recruiters are not flooded with weak "
                          "profiles",
    },
    "invoice_categories": {
        "user_goal": "The accountant wants the books to be correct at month-end without checking "
                     "every line by hand.",
        "costlier_error": "A line auto-posted under the wrong category",
        "why_costlier": "The accountant has to hunt it down at close and re-post it, and a VAT "
                        "return may need to be amended, which the client notices.",
        "diagnostic_metric": "Precision of automatic postings",
        "why_diagnostic": "It is known within days from the lines accountants re-categorise, "
                          "before close times lengthen; we act on it by raising the posting "
                          "threshold; and a partner understands 'of 100 auto-posted lines, 95 "
                          "were right'.",
        "baseline": "{p:.3f}",
        "target": "{p_up:.2f} by year end",
        "counter_metric": "Automation coverage (recall): the share of correct lines posted "
                          "without review, so the model does not send everything to the queue",
    },
    "calendar_autobook": {
        "user_goal": "The professional wants meetings fixed at times that suit everyone, "
                     "without endless emails.",
        "costlier_error": "Booking a slot that does not work for one of the attendees",
        "why_costlier": "The meeting has to be moved with apologies, sometimes in front of a "
                        "client, which makes the user look disorganised.",
        "diagnostic_metric": "Precision of automatic bookings: the share of bookings that stick",
        "why_diagnostic": "Reschedules show up within days, ahead of any change in deals or "
                          "time saved; the team can tighten the threshold; and it is easy to "
                          "explain as 'nine in ten bookings stay put'.",
        "baseline": "{p:.3f}",
        "target": "{p_up:.2f} next quarter",
        "counter_metric": "Recall of bookable threads, because the assistant could look perfect "
                          "by never booking anything",
    },
    "comment_moderation": {
        "user_goal": "Pupils want a safe place to share their work without being bullied or "
                     "exposed.",
        "costlier_error": "A harmful comment that gets published",
        "why_costlier": "Children read the abuse or see a classmate's address before anyone "
                        "removes it, and parents stop trusting the platform.",
        "diagnostic_metric": "Recall of harmful comments",
        "why_diagnostic": "We can measure it daily on a sample of audited comments, long before "
                          "renewals fall; moderators can lower the hiding threshold; and "
                          "everyone understands 'we catch 9 out of 10 harmful comments'.",
        "baseline": "{r:.3f}",
        "target": "{r_up:.2f} by the next school term",
        "counter_metric": "Precision of hidden comments, so we do not silence kind pupils",
    },
    "support_reply_suggestions": {
        "user_goal": "The agent wants to solve each customer's problem correctly and quickly.",
        "costlier_error": "Offering a suggested reply that is wrong",
        "why_costlier": "The agent either wastes time reading and clearing it or sends it and "
                        "the customer writes back angry, with the ticket reopened.",
        "diagnostic_metric": "Precision of suggestions: usable replies out of suggestions shown",
        "why_diagnostic": "Agents clear bad drafts the same day, so it moves before handle time "
                          "or cost per ticket; we act by raising the display threshold; and it "
                          "reads simply as the share of drafts an agent could send.",
        "baseline": "{p:.3f}",
        "target": "{p_up:.2f} by June",
        "counter_metric": "Recall: the share of messages with a usable reply that get a "
                          "suggestion",
    },
    "writing_error_flags": {
        "user_goal": "The writer wants to send documents to clients without mistakes in them.",
        "costlier_error": "A real error that the assistant does not underline",
        "why_costlier": "The mistake goes out to a client, such as a wrong price or a misspelt "
                        "name, and the writer has to send an embarrassing correction.",
        "diagnostic_metric": "Recall of real errors",
        "why_diagnostic": "It can be measured on a weekly audit sample before complaints or "
                          "rework hours move; the team can lower the flag threshold or retrain; "
                          "and it means plainly 'of 10 errors, we underline 8'.",
        "baseline": "{r:.3f}",
        "target": "{r_up:.2f} in six weeks",
        "counter_metric": "Precision of the underlines, so writers are not nagged into ignoring "
                          "every flag",
    },
}

SEL_CORPUS = [
    # (label, scenario, changes to the model answer, expected points, why)
    *[(f"model: {key}", key, {}, 7.5, "every item") for key in SEL_MODEL],
    # --- right, in other words or another order ---
    ("right: goal as a dinner that still works", "grocery_substitutions", {
        "user_goal": "Getting every item on their list, or something just as good, so dinner "
                     "still works."}, 7.5, "the meal is the shopper's goal"),
    ("right: the costlier error compared with the other", "grocery_substitutions", {
        "costlier_error": "A wrong substitution: packing a replacement they don't want costs "
                          "more than a missing item"}, 7.5,
     "the other error is only what the choice is compared against"),
    ("right: the cheaper error conceded first", "grocery_substitutions", {
        "costlier_error": "A missing item is annoying, but an unwanted swap is worse"}, 7.5,
     "the cheaper error is conceded before the contrast"),
    ("right: the cheaper error conceded with while", "grocery_substitutions", {
        "costlier_error": "While a missing item is annoying, a wrong substitute costs more"},
     7.5, "'while' concedes the cheaper error"),
    ("right: precision defined in the product's words", "grocery_substitutions", {
        "diagnostic_metric": "Of all substitutes packed, the share the shopper keeps "
                             "(precision)"}, 7.5, "precision named after its definition"),
    ("right: the keep rate", "grocery_substitutions", {
        "diagnostic_metric": "Keep rate of substitutes"}, 7.5,
     "the answer key's name of precision in this product"),
    ("right: baseline as a percentage", "grocery_substitutions", {
        "baseline": "{P:.1f} %"}, 7.5, "a percentage of the same value"),
    ("right: baseline with a reason beside it", "grocery_substitutions", {
        "baseline": "{p:.2f}, what the old same-brand rule achieves"}, 7.5,
     "rounded to two decimals, within the tolerance"),
    ("right: target as a percentage", "grocery_substitutions", {
        "target": "{P_up:.0f}% of packed substitutes kept, by spring"}, 7.5,
     "a percentage above the baseline"),
    ("right: capture rate", "meeting_action_items", {
        "diagnostic_metric": "Capture rate of commitments",
        "counter_metric": "Bogus tasks per meeting, because chasing every promise posts more "
                          "noise"}, 7.5,
     "the answer key's words for recall, and a counter-metric of this product"),
    ("right: missing a promise", "meeting_action_items", {
        "costlier_error": "Missing a real promise, so it never makes it to the tracker"}, 7.5,
     "the false negative in plain words"),
    ("right: either error in job matching", "job_matching", {
        "costlier_error": "Showing the recruiter a weak profile",
        "diagnostic_metric": "Precision of the shortlist",
        "baseline": "{p:.3f}", "target": "{p_up:.2f} by Q3",
        "counter_metric": "Recall of interview-worthy candidates, so good people are not "
                          "screened out"}, 7.5,
     "both errors are defensible here; the baseline follows the metric"),
    ("right: posting accuracy names precision", "invoice_categories", {
        "diagnostic_metric": "Posting accuracy, i.e. the precision of auto-posted lines"}, 7.5,
     "'posting accuracy' is the answer key's name of precision, not plain accuracy"),
    ("right: reasons in other words", "invoice_categories", {
        "why_diagnostic": "Wrong postings show up in the re-categorisations within a week, long "
                          "before the month-end close gets longer; the lever is the posting "
                          "threshold; and a client understands 'of every 100 lines posted for "
                          "you, 96 were right'."}, 7.5, "leading, actionable, interpretable"),
    ("right: a UX counter-metric", "comment_moderation", {
        "counter_metric": "Restore rate of hidden comments"}, 7.5,
     "what users do about over-moderation"),
    ("right: a goal everyone can make", "calendar_autobook", {
        "user_goal": "To have meetings land at a time everyone can make, without chasing "
                     "people by email"}, 7.5, "the goal in the user's terms"),
    ("right: a clash", "calendar_autobook", {
        "costlier_error": "A clash: the assistant books a slot one attendee cannot make"}, 7.5,
     "a clash is the false positive"),
    ("right: a target as an improvement", "grocery_substitutions", {
        "target": "Improve it from {p:.2f} to {p_up:.2f} by June"}, 7.5,
     "a change from the baseline to the target is not a range"),
    ("right: an agent's goal in other words", "support_reply_suggestions", {
        "user_goal": "Spend less time writing routine answers and get the customer's problem "
                     "solved"}, 7.5, "the agent's own goal"),
    ("right: a typo let through", "writing_error_flags", {
        "costlier_error": "Letting a typo through to the client"}, 7.5,
     "the false negative in the product's words"),
    ("right: a slash for 'out of'", "support_reply_suggestions", {
        "diagnostic_metric": "Usable suggestions / suggestions shown"}, 7.5,
     "precision as a ratio"),
    ("right: the counter named beside the diagnostic", "grocery_substitutions", {
        "diagnostic_metric": "Precision, with recall as its floor"}, 7.5,
     "the first metric named is the diagnostic; the other is its guardrail"),
    ("right: the counter explains the diagnostic", "grocery_substitutions", {
        "counter_metric": "Recall, so that precision is not bought by refunding every "
                          "out-of-stock line"}, 7.5,
     "the diagnostic metric named in the explanation, not as a second counter"),
    # --- negations ---
    ("negation: not clicks, a complete order", "grocery_substitutions", {
        "user_goal": "Not clicks on the substitution banner: a complete order they can cook "
                     "from"}, 7.5, "engagement is rejected, the goal stands"),
    ("negation: not accuracy but precision", "grocery_substitutions", {
        "diagnostic_metric": "Not accuracy but precision of packed substitutes"}, 7.5,
     "accuracy is negated, precision affirmed after 'but'"),
    ("negation: precision rather than engagement", "meeting_action_items", {
        "counter_metric": "Precision of posted tasks rather than engagement with the "
                          "tracker"}, 7.5, "'rather than' rejects engagement"),
    ("negation: harmful, not harmless", "comment_moderation", {
        "costlier_error": "A harmful comment that goes live, not a harmless one that gets "
                          "hidden"}, 7.5, "the negated false positive is no hedge"),
    ("negation: not a missing item", "grocery_substitutions", {
        "costlier_error": "Not a missing item; a wrong substitute"}, 7.5,
     "the negated false negative is no hedge"),
    ("negation: the costlier error negated", "grocery_substitutions", {
        "costlier_error": "Not the wrong substitute"}, 6.5, "a negated error is not named"),
    ("negation: precision negated, engagement chosen", "grocery_substitutions", {
        "diagnostic_metric": "Not precision: engagement with substitution notices"}, 5.0,
     "no diagnostic metric, so no baseline or target; the counter is judged against the "
     "answer key's primary"),
    ("negation: never the DAU", "calendar_autobook", {
        "user_goal": "Never the DAU of the assistant: meetings booked without the back-and-"
                     "forth"}, 7.5, "'never' rejects the DAU"),
    # --- wrong ---
    ("wrong: the cheaper error", "grocery_substitutions", {
        "costlier_error": "A missing item"}, 6.5, "in this product the wrong substitute costs more"),
    ("wrong: both errors", "grocery_substitutions", {
        "costlier_error": "A wrong substitute or a missing item, both are bad"}, 6.5,
     "a hedge names no error"),
    ("wrong: both errors, then a contrast", "grocery_substitutions", {
        "costlier_error": "A wrong substitute or a missing item, but both are bad"}, 6.5,
     "the contrast leads to no choice"),
    ("wrong: the other family, coherent numbers", "grocery_substitutions", {
        "diagnostic_metric": "Recall of acceptable substitutes", "baseline": "{r:.3f}",
        "target": "{r_up:.2f}", "counter_metric": "Precision of packed substitutes"}, 6.5,
     "recall guards the cheaper error; the rest is consistent with it"),
    ("wrong: goal as feature use", "grocery_substitutions", {
        "user_goal": "Use the substitution feature as often as possible"}, 6.5,
     "using the product is not the user's goal"),
    ("wrong: goal through the feature", "grocery_substitutions", {
        "user_goal": "Use the substitution feature to get their groceries"}, 6.5,
     "the product's feature is not the shopper's goal"),
    ("wrong: goal as more bookings", "calendar_autobook", {
        "user_goal": "Get more bookings made by the assistant, at any time"}, 6.5,
     "more output of the product is not the user's goal"),
    ("wrong: goal as clicks", "grocery_substitutions", {
        "user_goal": "Click on more substitution suggestions and get their groceries"}, 6.5,
     "engagement in the goal"),
    ("wrong: accuracy as the diagnostic", "grocery_substitutions", {
        "diagnostic_metric": "Accuracy of the substitution model"}, 5.0,
     "accuracy hides the error; no family, so no baseline or target"),
    ("wrong: target below the baseline", "grocery_substitutions", {
        "target": "{p_down:.2f} next quarter"}, 6.75, "a target must improve on the baseline"),
    ("wrong: target above 1", "grocery_substitutions", {"target": "120 %"}, 6.75,
     "no share exceeds 1"),
    ("wrong: engagement as the counter", "grocery_substitutions", {
        "counter_metric": "Time spent on the substitution screen"}, 6.5,
     "engagement is no counter-metric"),
    ("wrong: the diagnostic listed again", "grocery_substitutions", {
        "counter_metric": "Precision and recall"}, 6.5, "the diagnostic metric again"),
    ("wrong: the cheaper error in writing", "writing_error_flags", {
        "costlier_error": "Underlining a correct sentence"}, 6.5,
     "here the missed error costs more"),
    ("wrong: why too short", "grocery_substitutions", {"why_costlier": "Costs more."}, 7.0,
     "no consequence for the user"),
    ("wrong: the cheaper error in meetings", "meeting_action_items", {
        "costlier_error": "A bogus task in the tracker"}, 6.5,
     "here the missed commitment costs more"),
    ("wrong: precision in a recall product", "meeting_action_items", {
        "diagnostic_metric": "Precision of posted tasks"}, 4.75,
     "the diagnostic guards the cheaper error, the recall baseline is not its baseline, and the "
     "counter repeats it"),
    ("wrong: baseline of another learner", "comment_moderation", {
        "baseline": "{r_seed:.3f}"}, 6.75, "another seed's table"),
    ("wrong: baseline as a range", "comment_moderation", {
        "baseline": "between {r_lo:.2f} and {r_hi:.2f}"}, 6.75, "a range is not a value"),
    ("right: raise it from the baseline to the target", "grocery_substitutions", {
        "target": "Raise it from {p:.2f} to {p_up:.2f} by June"}, 7.5,
     "'from X to Y' after a verb of change ('raise', 'lift', 'push', 'bring') is a change, "
     "not a range: the target is the second number"),
    # --- stuffed ---
    ("stuffed: every error named", "grocery_substitutions", {
        "costlier_error": "false positives, false negatives, wrong substitutes, missing "
                          "items"}, 6.5, "a list of both errors"),
    ("stuffed: every metric as the diagnostic", "grocery_substitutions", {
        "diagnostic_metric": "precision, recall, F1, accuracy, AUC"}, 5.0,
     "focus: no single diagnostic metric, hence no baseline or target"),
    ("stuffed: both families side by side", "invoice_categories", {
        "diagnostic_metric": "Precision of automatic postings and recall"}, 5.0,
     "a hedge: no diagnostic metric, hence no baseline or target"),
    ("stuffed: many baselines", "grocery_substitutions", {
        "baseline": "0.1, 0.2, 0.3, 0.4, 0.5, 0.6, {p:.3f}, 0.9"}, 6.75,
     "a list of candidates is not an answer"),
    ("stuffed: candidates with or", "grocery_substitutions", {
        "baseline": "{p:.3f} or {p_down:.2f}"}, 6.75, "a choice between numbers"),
    ("stuffed: the three labels without reasons", "grocery_substitutions", {
        "why_diagnostic": "It is leading, actionable and interpretable, which is why it is the "
                          "right diagnostic metric for us."}, 6.0,
     "the labels are the question; the reasons earn the points"),
    ("stuffed: a list of reason words", "grocery_substitutions", {
        "why_diagnostic": "early, daily, threshold, lever, tune, plain, simple, clear, anyone, "
                          "share of"}, 6.0, "a list of keywords is not an argument"),
    ("stuffed: a list of harms", "meeting_action_items", {
        "why_costlier": "client waiting, missed deadline, blame, work done twice, users, team, "
                        "trust"}, 7.0, "a list of keywords is not an argument"),
]


def brief_for(scenario: str, changes: dict[str, str]) -> dict[str, str]:
    return filled({**SEL_MODEL[scenario], **changes}, scenario)


@pytest.mark.parametrize("label, scenario, changes, expected, why", SEL_CORPUS,
                         ids=[c[0] for c in SEL_CORPUS])
def test_selection_corpus(label, scenario, changes, expected, why):
    s = SCENARIOS[scenario]
    score = fw.score_selection_brief(brief_for(scenario, changes), s, table(scenario),
                                     verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("scenario", list(SEL_MODEL))
def test_selection_baseline_of_another_learner_or_a_range_fails(scenario):
    s = SCENARIOS[scenario]
    family = fw.diagnostic_family(SEL_MODEL[scenario]["diagnostic_metric"], s)
    m = family[0]
    nums = numbers(scenario)
    assert abs(nums[f"{m}_seed"] - nums[m]) > 0.015  # the other learner's value really differs

    def points(**changes):
        score = fw.score_selection_brief(brief_for(scenario, changes), s, table(scenario),
                                         verbose=False)
        return dict((cid, got) for cid, got, _, _ in score.items)

    assert points()["baseline"] == 0.75
    assert points(baseline=f"{{{m}_seed:.3f}}")["baseline"] == 0.0
    # the other learner's brief is right in their own table
    other = make_scenario_table(s, random_state=other_seed(scenario))
    theirs = {**brief_for(scenario, {}), "baseline": f"{nums[f'{m}_seed']:.3f}",
              "target": f"{min(0.99, nums[f'{m}_seed'] + 0.04):.2f}"}
    assert fw.score_selection_brief(theirs, s, other, verbose=False).points == 7.5
    for text in ["{m_lo:.2f} to {m_hi:.2f}", "{m_lo:.2f}-{m_hi:.2f}",
                 "between {m_lo:.2f} and {m_hi:.2f}", "{m_lo:.0%} to {m_hi:.0%}"]:
        stated = text.replace("m_", f"{m}_")
        assert points(baseline=stated)["baseline"] == 0.0, stated


@pytest.mark.parametrize("scenario", list(SEL_MODEL))
def test_selection_target_must_lie_above_the_baseline(scenario):
    s = SCENARIOS[scenario]
    m = fw.diagnostic_family(SEL_MODEL[scenario]["diagnostic_metric"], s)[0]
    b = rates(scenario)[m]

    def target_points(text: str) -> float:
        score = fw.score_selection_brief(brief_for(scenario, {"target": text}), s,
                                         table(scenario), verbose=False)
        return dict((cid, got) for cid, got, _, _ in score.items)["target"]

    assert target_points(f"{min(b + 0.02, 1.0):.3f}") == 0.75
    assert target_points(f"{b:.3f}") == 0.0  # no improvement
    assert target_points(f"{b - 0.02:.3f}") == 0.0
    assert target_points("1.05") == 0.0
    assert target_points(f"{b + 0.01:.3f} to {min(b + 0.05, 1.0):.3f}") == 0.0  # a range


def test_selection_target_cannot_be_earned_without_a_diagnostic_metric():
    key = "grocery_substitutions"
    score = fw.score_selection_brief(
        brief_for(key, {"diagnostic_metric": "Clicks on the banner", "target": "0.95"}),
        SCENARIOS[key], table(key), verbose=False)
    got = {cid: pts for cid, pts, _, _ in score.items}
    assert got["baseline"] == 0.0 and got["target"] == 0.0


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_POINTS = re.compile(r"\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?")


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_feedback_never_prints_the_expected_baseline(scenario, capsys):
    s = SCENARIOS[scenario]
    t = table(scenario)
    attempts = [
        {f: "" for f in fw.SELECTION_FIELDS},
        {"diagnostic_metric": "precision", "baseline": "0.5", "target": "0.1"},
        {"diagnostic_metric": "recall", "baseline": "3", "target": "0.2 to 0.9"},
        {"diagnostic_metric": "precision", "baseline": "0.1, 0.2, 0.3, 0.4, 0.5, 0.6",
         "target": "0.01"},
        {"diagnostic_metric": "recall", "baseline": "0.3 or 0.4", "target": "2"},
    ]
    for attempt in attempts:
        brief = {f: attempt.get(f, "") for f in fw.SELECTION_FIELDS}
        fw.score_selection_brief(brief, s, t, verbose=True)
    out = _POINTS.sub(" ", capsys.readouterr().out)
    assert "state a number between" not in out  # the window would give the baseline away
    expected = [*rates(scenario).values()]
    for number in map(float, _NUMBER.findall(out)):
        for b in expected:
            assert abs(number - b) > 0.006 and abs(number - 100 * b) > 0.6, (number, b, out)


# === 2. the four-layer stack (6 points) =========================================================
# decision impact, trust calibration, system health, business outcome 1 each; the four module-1
# categories 0.5 each.

STACK_MODEL = {
    "support_reply_suggestions": {
        "decision_impact": "Precision of the suggested replies: usable drafts out of drafts shown",
        "trust_calibration": "Share of wrong drafts that agents send without editing",
        "system_health": "95th percentile time to show a suggestion",
        "business_outcome": "Cost per resolved ticket",
        "model_quality": "Recall of usable replies at the deployed threshold",
        "user_experience": "Discard rate: suggestions cleared by the agent",
        "business_impact": "Tickets handled per agent hour",
        "operational_health": "Latency of the suggestion service in milliseconds",
    },
    "writing_error_flags": {
        "decision_impact": "Recall of real errors in client documents",
        "trust_calibration": "How often writers dismiss underlines that were right",
        "system_health": "p99 latency of the underline",
        "business_outcome": "Corrections sent per 1000 emails",
        "model_quality": "Precision of the flags",
        "user_experience": "Dismiss rate of underlines",
        "business_impact": "Rework hours per writer per month",
        "operational_health": "Uptime of the checking service",
    },
    "grocery_substitutions": {
        "decision_impact": "Share of packed substitutes the shopper keeps",
        "trust_calibration": "Swap-back rate by segment",
        "system_health": "Scoring latency at picking time, p95",
        "business_outcome": "Net value per out-of-stock line in euros",
        "model_quality": "Recall of acceptable substitutes",
        "user_experience": "Complaints about substitutes per 1000 orders",
        "business_impact": "Repeat orders within 30 days",
        "operational_health": "Freshness of the stock feed the model reads",
    },
    "meeting_action_items": {
        "decision_impact": "Recall of commitments made in meetings",
        "trust_calibration": "Share of posted tasks rewritten or deleted by their owner",
        "system_health": "Time from the end of the meeting to the tasks appearing in the "
                         "tracker",
        "business_outcome": "Follow-ups delivered on time",
        "model_quality": "Precision of posted action items",
        "user_experience": "Notification mute rate",
        "business_impact": "Minutes saved per meeting",
        "operational_health": "Transcription error rate of the service",
    },
    "calendar_autobook": {
        "decision_impact": "Share of automatic bookings that stick",
        "trust_calibration": "Manual reschedule rate on bookings that were fine",
        "system_health": "p95 time to send the invitation",
        "business_outcome": "Minutes saved per meeting booked",
        "model_quality": "Recall of bookable threads",
        "user_experience": "Bookings moved by the user",
        "business_impact": "Time to first meeting with a lead",
        "operational_health": "Calendar API error rate",
    },
}

STACK_CORPUS = [
    *[(f"model: {key}", key, {}, 6.0, "every layer and category") for key in STACK_MODEL],
    # --- right, in other words ---
    ("right: drafts sent unedited", "support_reply_suggestions", {
        "trust_calibration": "How often agents send a wrong draft unedited"}, 6.0,
     "over-reliance in the product's words"),
    ("right: seconds until the draft appears", "support_reply_suggestions", {
        "system_health": "Seconds until the draft appears, 95th percentile"}, 6.0,
     "a latency percentile"),
    ("right: F1 as model quality", "support_reply_suggestions", {
        "model_quality": "F1 of the suggestion model"}, 6.0, "a model-quality metric"),
    ("right: share of real mistakes underlined", "writing_error_flags", {
        "decision_impact": "Share of real mistakes the checker underlines"}, 6.0,
     "recall in the product's words"),
    ("right: euros of net value", "grocery_substitutions", {
        "business_outcome": "Euros of net value on each out-of-stock line"}, 6.0,
     "the business metric in other words"),
    ("right: transcription failures", "meeting_action_items", {
        "operational_health": "Share of meetings where transcription fails"}, 6.0,
     "a failure rate of the service"),
    ("right: correct bookings moved anyway", "calendar_autobook", {
        "trust_calibration": "Share of correct bookings that users move anyway"}, 6.0,
     "under-reliance: good bookings moved"),
    ("right: flags writers ignore", "writing_error_flags", {
        "user_experience": "Share of flags writers ignore"}, 6.0, "the dismiss rate in words"),
    ("right: meetings held as booked", "calendar_autobook", {
        "business_outcome": "Meetings held as booked, per week"}, 6.0,
     "the answer key's business outcome"),
    ("right: stock feed age", "grocery_substitutions", {
        "operational_health": "Age of the stock data in minutes when the model scores"}, 6.0,
     "data freshness"),
    # --- negations ---
    ("negation: precision, not clicks", "grocery_substitutions", {
        "decision_impact": "Precision of substitutes, not clicks"}, 6.0, "clicks are rejected"),
    ("negation: not precision but clicks", "grocery_substitutions", {
        "decision_impact": "Not precision but clicks on substitutes"}, 5.0,
     "precision is negated; clicks are engagement"),
    ("negation: rather than DAU", "meeting_action_items", {
        "business_outcome": "Follow-ups delivered on time rather than DAU"}, 6.0,
     "DAU is rejected"),
    ("negation: drafts sent without reading", "support_reply_suggestions", {
        "trust_calibration": "Agents sending drafts without reading them"}, 6.0,
     "'without reading' is the over-reliance itself"),
    ("negation: not accuracy, recall", "writing_error_flags", {
        "decision_impact": "Not accuracy: recall of real errors"}, 6.0, "accuracy rejected"),
    ("negation: never the DAU", "calendar_autobook", {
        "business_outcome": "Never the DAU: minutes saved per meeting booked"}, 6.0,
     "'never' rejects the DAU"),
    # --- wrong ---
    ("wrong: clicks as decision impact", "grocery_substitutions", {
        "decision_impact": "Clicks on substitution notices"}, 5.0, "engagement"),
    ("wrong: DAU as business outcome", "grocery_substitutions", {
        "business_outcome": "Daily active users of the app"}, 5.0, "engagement"),
    ("wrong: precision as system health", "support_reply_suggestions", {
        "system_health": "Precision of suggestions"}, 5.0, "a model metric, not the system's"),
    ("wrong: underlines per day as trust", "writing_error_flags", {
        "trust_calibration": "Number of underlines shown per day"}, 5.0,
     "volume says nothing about reliance"),
    ("wrong: time spent as business outcome", "meeting_action_items", {
        "business_outcome": "Time spent in the tracker"}, 5.0, "engagement"),
    ("wrong: latency as user experience", "calendar_autobook", {
        "user_experience": "p95 latency"}, 5.5, "an operational metric in the UX category"),
    ("wrong: revenue as model quality", "calendar_autobook", {
        "model_quality": "Revenue per booking"}, 5.5, "a business metric"),
    ("wrong: satisfaction as operational health", "support_reply_suggestions", {
        "operational_health": "Customer satisfaction"}, 5.5, "not the system's health"),
    # --- stuffed ---
    ("stuffed: four model metrics", "grocery_substitutions", {
        "decision_impact": "precision, recall, F1, AUC"}, 5.0, "focus: one metric"),
    ("stuffed: every trust word", "support_reply_suggestions", {
        "trust_calibration": "calibration, ECE, override rate, discard rate, trust"}, 5.0,
     "focus: one metric"),
    ("stuffed: business words", "grocery_substitutions", {
        "business_outcome": "revenue, retention, churn, repeat orders, latency"}, 5.0,
     "focus: one metric"),
    ("stuffed: health words", "meeting_action_items", {
        "system_health": "latency, p95, uptime, precision, drift"}, 5.0,
     "focus: one metric"),
    ("stuffed: the same list everywhere", "writing_error_flags",
     {f: "precision, recall, latency, revenue, dismiss rate" for f in fw.STACK_FIELDS}, 0.0,
     "focus in every field"),
]


@pytest.mark.parametrize("label, scenario, changes, expected, why", STACK_CORPUS,
                         ids=[c[0] for c in STACK_CORPUS])
def test_stack_corpus(label, scenario, changes, expected, why):
    score = score_brief({**STACK_MODEL[scenario], **changes},
                        fw.stack_rubric(SCENARIOS[scenario]), verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


# === 3. defences under pushback (3 points each) =================================================
# topic 0.75 and trade-off 0.5 (trade_off), guardrail with a number 0.75, user impact 0.5, the
# signal's metric 0.25 and direction 0.25 (change_my_mind).

PUSH_MODEL = {
    "comment_moderation": {
        "_common": {
            "guardrail": "Precision of hidden comments must stay at or above 40 %",
            "user_impact": "A child who is bullied in front of the class may stop posting "
                           "altogether, so catching abuse early matters more than a kind "
                           "comment waiting an hour for a moderator.",
            "change_my_mind": "If teachers restore more than one in five hidden comments for a "
                              "month, I would rethink the threshold.",
        },
        "other_metric": "Yes, pushing recall means we hide more harmless comments by mistake; "
                        "we accept that, because a comment wrongly held back costs a moderator "
                        "two minutes while a missed insult hurts a child.",
        "engagement_up": "Engagement only tells us pupils open the comments, and a bullying "
                         "thread can draw the most views of all; we give up a chart that looks "
                         "good for one that shows harm caught.",
        "just_accuracy": "Most comments are harmless, so a model that never hides anything "
                         "scores over 90 % on accuracy while missing every harmful one; we give "
                         "up a familiar number for recall.",
        "ship_it_now": "Beating the blocklist on average is not enough: we would launch in one "
                       "school first with a holdout class and accept a slower rollout, to see "
                       "the harmful comments it misses.",
        "one_number": "A single number gets gamed: push recall alone and the model hides "
                      "everything. We trade a simpler dashboard for a counter-metric that shows "
                      "over-moderation.",
        "users_love_it": "Pupils rating the feature highly shows they like it, not that the "
                         "moderation is right; teachers may trust it blindly. We accept a less "
                         "flattering view and audit hidden and published comments.",
    },
    "invoice_categories": {
        "_common": {
            "guardrail": "Automation coverage no lower than 0.5",
            "user_impact": "For the accountant, every wrong posting means an evening hunting the "
                           "line at close and possibly a corrected VAT return for a client.",
            "change_my_mind": "If corrections at month-end close rise above 2 per client for "
                              "two months in a row, I would change the primary metric.",
        },
        "other_metric": "Coverage matters, and chasing precision sends more correct lines to the "
                        "review queue; we accept that extra manual checking because a "
                        "misposting costs far more time than a quick confirmation.",
        "engagement_up": "More accountants opening the suggestions is not the same as correct "
                         "books; engagement can rise while mispostings pile up, so we give up "
                         "that comforting chart.",
        "just_accuracy": "Accuracy treats a needless review and a wrong VAT posting as equal "
                         "errors, though one costs much more; we give up its simplicity for "
                         "precision on auto-posted lines.",
        "ship_it_now": "The supplier rule already gets most lines right, so the gain is small "
                       "and the risk is a wrong VAT return; we would pilot with a few clients "
                       "and accept a slower launch.",
        "one_number": "One number hides the other error: precision can reach 100 % if the "
                      "model posts nothing. The price is a second line on the dashboard, the "
                      "share of lines posted automatically.",
        "users_love_it": "Accountants liking it says nothing about whether they check the lines "
                         "it posts; the risk is over-reliance, so we trade the survey for a "
                         "calibration check of auto-posted lines.",
    },
    "job_matching": {
        "_common": {
            "guardrail": "Shortlist precision of at least 50 %",
            "user_impact": "The recruiter gets to see strong candidates they would otherwise "
                           "never meet, and the candidates get a fair chance at the job.",
            "change_my_mind": "If recruiter screening time per vacancy climbs above four hours, "
                              "I would move to precision as the primary.",
        },
        "other_metric": "Favouring recall puts more weak profiles on the shortlist, and "
                        "recruiters will spend longer screening; that is the price of not "
                        "losing the best applicant.",
        "engagement_up": "Recruiters opening more profiles could mean the shortlist is padded; "
                         "engagement counts clicks, not hires, so we lose nothing by dropping "
                         "it from the dashboard.",
        "just_accuracy": "With few suitable candidates in each pool, a model that rejects "
                         "everyone looks accurate; accuracy hides the missed candidates we care "
                         "about, so we give it up for recall.",
        "ship_it_now": "We would run a staged rollout on a few vacancies with a holdout of the "
                       "keyword filter, accepting a slower launch so we can check fairness "
                       "across candidate groups first.",
        "one_number": "A single metric invites gaming; a team pushed only on recall would "
                      "shortlist everyone. We accept a busier dashboard with precision as a "
                      "guardrail.",
        "users_love_it": "A good survey score can hide recruiters who rubber-stamp the "
                         "shortlist without reading; we give up the easy story and track "
                         "appropriate reliance instead.",
    },
    "writing_error_flags": {
        "_common": {
            "guardrail": "Flag precision kept above 0.5",
            "user_impact": "Each missed error can reach a client as a wrong price or a misspelt "
                           "name, and the writer has to send an awkward correction.",
            "change_my_mind": "If the dismiss rate goes above 60 % or writers start switching "
                              "the assistant off, I would rebalance towards precision.",
        },
        "other_metric": "Pushing recall means more false alarms on correct passages; we accept "
                        "some extra underlines because a typo in a client's name costs far more "
                        "than a second spent dismissing a flag.",
        "engagement_up": "Writers clicking on underlines more often might just mean more "
                         "nagging flags; engagement does not say whether errors are caught, so "
                         "we give up that number.",
        "just_accuracy": "Most passages have no error, so accuracy is high even for a checker "
                         "that flags nothing; it treats both errors the same, and we trade it "
                         "for recall on real errors.",
        "ship_it_now": "Beating the spell checker on average is not enough: we would roll out "
                       "to one team first with a holdout, accepting a delay, and watch dismiss "
                       "rates before everyone gets it.",
        "one_number": "Leadership's single number would be gamed: recall can be bought by "
                      "underlining everything. We give up simplicity and show precision beside "
                      "it as a counter-metric.",
        "users_love_it": "High ratings do not show whether writers check the flags or accept "
                         "every fix blindly; we trade the comfort of the survey for a measure of "
                         "over-reliance.",
    },
    "support_reply_suggestions": {
        "_common": {
            "guardrail": "Recall of usable replies at least 60%",
            "user_impact": "Agents get drafts they can trust, and customers stop getting wrong "
                           "answers that make them write again.",
            "change_my_mind": "If reopened tickets drop below 3 % while agents still write most "
                              "replies from scratch, I would revisit the threshold.",
        },
        "other_metric": "True, favouring precision means more messages get no suggestion and "
                        "agents type from scratch; we accept that because a wrong reply sent to "
                        "a customer costs far more time later.",
        "engagement_up": "Agents opening suggestions more does not mean the replies are usable; "
                         "engagement can grow while customers get wrong answers, so we give it "
                         "up as a headline.",
        "just_accuracy": "Accuracy lumps a withheld draft and a wrong answer together, and with "
                         "an imbalanced mix it hides the costly mistake; we trade familiarity "
                         "for precision.",
        "ship_it_now": "We would ramp up channel by channel with an A/B test against the "
                       "macros, accepting a slower launch to see reopened tickets before all "
                       "agents get it.",
        "one_number": "One number hides what it costs elsewhere: precision can be gamed by "
                      "showing almost nothing. We give up a single headline and keep recall "
                      "beside it.",
        "users_love_it": "Agents rating it highly does not mean they check drafts; some may "
                         "send wrong replies without reading. We accept a less flattering "
                         "metric and audit what gets sent unedited.",
    },
    "grocery_substitutions": {
        "_common": {
            "guardrail": "Recall of acceptable substitutes must not fall below 60 %",
            "user_impact": "The shopper gets a basket they can cook from, instead of paying for "
                           "food they will not eat and returning it.",
            "change_my_mind": "If the refund rate climbs above 8 % of lines, I would loosen the "
                              "threshold.",
        },
        "other_metric": "Focusing on precision means fewer substitutes get packed and more "
                        "items are simply refunded; we accept more missing items because a "
                        "wrong substitute costs us the product and the shopper's trust.",
        "engagement_up": "More shoppers tapping on substitution notices may just mean more "
                         "unwanted swaps; engagement is not value, so we give up that metric.",
        "just_accuracy": "Accuracy weighs a wrong substitute and a needless refund equally, "
                         "although one costs more than twice as much; we trade the familiar "
                         "number for precision.",
        "ship_it_now": "We would roll out one warehouse at a time with a holdout, accepting "
                       "slower gains, because a bad rollout would put unwanted food in "
                       "thousands of bags.",
        "one_number": "A single number invites gaming: precision is easy if we stop "
                      "substituting. We give up simplicity and show recall beside it.",
        "users_love_it": "A good rating shows shoppers like the idea, not that they check what "
                         "was swapped; we trade the survey for the swap-back rate by segment.",
    },
}


def defence(scenario: str, pushback: str, changes: dict[str, str]) -> dict[str, str]:
    model = PUSH_MODEL[scenario]
    return {**model["_common"], "trade_off": model[pushback], **changes}


PUSH_CORPUS = [
    # (label, scenario, pushback, changes to the model defence, expected points, why)
    ("model: other metric", "comment_moderation", "other_metric", {}, 3.0, "every item"),
    ("model: engagement up", "invoice_categories", "engagement_up", {}, 3.0, "every item"),
    ("model: just accuracy", "job_matching", "just_accuracy", {}, 3.0, "every item"),
    ("model: ship it now", "writing_error_flags", "ship_it_now", {}, 3.0, "every item"),
    ("model: one number", "support_reply_suggestions", "one_number", {}, 3.0, "every item"),
    ("model: users love it", "grocery_substitutions", "users_love_it", {}, 3.0, "every item"),
    # --- right, in other words ---
    ("right: the price of catching bullying", "comment_moderation", "other_metric", {
        "trade_off": "Precision will slip and a few kind comments will be hidden by mistake; "
                     "that is the price of catching bullying before children read it."}, 3.0,
     "the traded-away metric and the price"),
    ("right: the other error in the product's words", "comment_moderation", "other_metric", {
        "trade_off": "More harmless comments get hidden by mistake, and we accept it because a "
                     "cruel comment left up hurts a child far more."}, 3.0,
     "the false positive in the scenario's words engages with the pushback"),
    ("right: accuracy hides the mispostings", "invoice_categories", "just_accuracy", {
        "trade_off": "Accuracy would look great because nearly every line is easy, yet it "
                     "would hide the few mispostings that cost us hours at close; we swap a "
                     "familiar number for one that counts the costly error."}, 3.0,
     "what accuracy hides, and the price"),
    ("right: guardrail as a fraction", "grocery_substitutions", "users_love_it", {
        "guardrail": "Keep recall of acceptable substitutes at 0.6 or higher"}, 3.0,
     "a floor as a fraction"),
    ("right: guardrail as a ceiling", "comment_moderation", "one_number", {
        "guardrail": "The restore rate must stay under 35 %"}, 3.0,
     "a ceiling on the UX metric"),
    ("right: the signal first in time", "invoice_categories", "one_number", {
        "change_my_mind": "Two months in a row of rising corrections at close, past 3 per "
                          "client, would make me switch."}, 3.0,
     "metric and direction in another order"),
    ("right: user impact in other words", "comment_moderation", "ship_it_now", {
        "user_impact": "Pupils can post without fear of a classmate's cruel remark staying up "
                       "all evening."}, 3.0, "the pupil named, the harm concrete"),
    ("right: a pilot in two schools", "comment_moderation", "ship_it_now", {
        "trade_off": "We would start with a pilot in two schools and keep the blocklist as the "
                     "fallback; the cost is a slower rollout, but we see what the model misses "
                     "before every child is exposed."}, 3.0, "a staged roll-out and its price"),
    ("right: a five-star survey", "comment_moderation", "users_love_it", {
        "trade_off": "A five-star survey says pupils enjoy the tool; it can't show whether "
                     "teachers check hidden comments or just rubber-stamp them. We give up the "
                     "happy headline for an audit."}, 3.0, "rating versus reliance"),
    ("right: engagement from curiosity", "job_matching", "engagement_up", {
        "trade_off": "Opens and clicks can climb because recruiters are curious or annoyed; we "
                     "would rather lose that flattering chart than miss that hires are not "
                     "getting better."}, 3.0, "what engagement measures, and the price"),
    ("right: recall shown with precision", "writing_error_flags", "one_number", {
        "trade_off": "Show leadership recall, but with precision right beside it; one figure "
                     "alone would be gamed by underlining everything, and we accept a slightly "
                     "busier dashboard."}, 3.0, "a counter-metric and the price"),
    # --- negations ---
    ("negation: not engagement in the guardrail", "comment_moderation", "other_metric", {
        "guardrail": "Not engagement: recall of harmful comments stays above 0.9"}, 3.0,
     "engagement is rejected"),
    ("negation: we would not report accuracy", "comment_moderation", "just_accuracy", {
        "trade_off": "We would not report accuracy, because with so few harmful comments it "
                     "looks excellent while missing abuse; we trade a familiar number for "
                     "recall."}, 3.0, "the caving phrase is negated"),
    ("negation: not roll it out to everyone now", "support_reply_suggestions", "ship_it_now", {
        "trade_off": "We will not roll it out to everyone now; a staged launch costs a few "
                     "weeks but shows the wrong replies before all agents see them."}, 3.0,
     "the caving phrase is negated"),
    ("negation: trust is not solved", "writing_error_flags", "users_love_it", {
        "trade_off": "Trust is not solved: ratings measure liking, not whether writers rely on "
                     "the flags the right amount; we accept a tougher measure."}, 3.0,
     "the caving phrase is negated"),
    ("negation: not a good sign by itself", "grocery_substitutions", "engagement_up", {
        "trade_off": "Rising engagement is not a good sign by itself: more taps can mean more "
                     "unwanted swaps, so we give up that chart."}, 3.0,
     "the caving phrase is negated"),
    ("negation: engagement conceded before the guardrail", "comment_moderation", "one_number", {
        "guardrail": "Engagement may fall, but the restore rate must stay under 35 %"}, 3.0,
     "engagement is conceded; the guardrail is on the restore rate"),
    ("negation: no guardrail", "job_matching", "one_number", {
        "guardrail": "No guardrail needed, the model is good enough at 0.9"}, 2.25,
     "no metric to guard"),
    # --- wrong ---
    ("wrong: caving to accuracy", "job_matching", "just_accuracy", {
        "trade_off": "Fair point, let's just report accuracy to leadership since everyone "
                     "understands it and it is above 90 %."}, 1.75,
     "gives in: neither the topic nor the trade-off points"),
    ("wrong: caving to ship it now", "invoice_categories", "ship_it_now", {
        "trade_off": "Agreed, the model beats the supplier rule, so we should ship it now and "
                     "measure later."}, 1.75, "gives in"),
    ("wrong: caving to one number", "grocery_substitutions", "one_number", {
        "trade_off": "One number is enough; we will drop the counter to keep the dashboard "
                     "simple for leadership."}, 1.75, "gives in"),
    ("wrong: caving with a happy reading", "grocery_substitutions", "engagement_up", {
        "trade_off": "More taps mean more shoppers love it, so there is nothing wrong "
                     "here."}, 1.75, "gives in"),
    ("wrong: leadership is right", "grocery_substitutions", "one_number", {
        "trade_off": "Leadership is right: precision alone is enough on the dashboard for "
                     "everyone."}, 1.75, "gives in"),
    ("limit: caving in unlisted words", "grocery_substitutions", "engagement_up", {
        "trade_off": "Rising engagement is great news for the team; the swaps clearly work for "
                     "shoppers."}, 2.5,
     "known limit: agreeing with the pushback in words the caving list does not hold still "
     "earns the topic point (a phrase matcher cannot tell agreement from acknowledgement); "
     "the trade-off point is lost for want of a price"),
    ("wrong: caving to the survey", "support_reply_suggestions", "users_love_it", {
        "trade_off": "Yes, trust is solved: the survey proves agents like it, so there is no "
                     "need to check further."}, 1.75, "gives in"),
    ("wrong: another pushback's answer", "comment_moderation", "engagement_up", {
        "trade_off": PUSH_MODEL["comment_moderation"]["ship_it_now"]}, 2.25,
     "a trade-off, but not about engagement"),
    ("wrong: guardrail without a number", "writing_error_flags", "other_metric", {
        "guardrail": "Keep precision high"}, 2.25, "a guardrail needs its floor"),
    ("wrong: implausible guardrail", "writing_error_flags", "other_metric", {
        "guardrail": "Precision above 5 %"}, 2.25, "a floor of 5 % guards nothing"),
    ("wrong: engagement as the guardrail", "invoice_categories", "engagement_up", {
        "guardrail": "Engagement with suggestions above 60 %"}, 2.25, "engagement is no guardrail"),
    ("wrong: accuracy as the guardrail", "invoice_categories", "just_accuracy", {
        "guardrail": "Accuracy above 95 %"}, 2.25, "accuracy hides the costly error"),
    ("wrong: user impact without a user", "job_matching", "ship_it_now", {
        "user_impact": "Cost goes down and the dashboard looks better for us."}, 2.5,
     "nothing about the recruiter or the candidate"),
    ("wrong: signal without a direction", "support_reply_suggestions", "other_metric", {
        "change_my_mind": "The discard rate"}, 2.5, "too short: no direction, no threshold"),
    ("wrong: signal without a metric", "support_reply_suggestions", "other_metric", {
        "change_my_mind": "If things start to look bad, I will change my mind."}, 2.5,
     "no metric and no direction"),
    # --- stuffed ---
    ("stuffed: many guardrail numbers", "grocery_substitutions", "other_metric", {
        "guardrail": "Recall at 0.5, 0.6, 0.7, 0.8 or 0.9"}, 2.25,
     "a list of candidates is not a floor"),
    ("stuffed: keyword trade-off", "writing_error_flags", "other_metric", {
        "trade_off": "precision, recall, trade-off, guardrail, false alarms, writers, "
                     "price"}, 1.75, "a list of keywords is not an argument"),
    ("stuffed: metric names as the signal", "comment_moderation", "users_love_it", {
        "change_my_mind": "If precision, recall, restore rate, complaints, renewals or latency "
                          "rise above 50 %"}, 2.5, "focus: no single signal"),
    ("stuffed: list of users", "invoice_categories", "other_metric", {
        "user_impact": "accountant, clients, VAT, audit, evenings, trust, users"}, 2.5,
     "a list of keywords"),
    ("stuffed: every field a list", "job_matching", "one_number",
     {f: "precision, recall, F1, accuracy, AUC, engagement, latency, revenue, churn, CSAT"
      for f in fw.PUSHBACK_FIELDS}, 0.0, "focus and lists everywhere"),
]


@pytest.mark.parametrize("label, scenario, pushback, changes, expected, why", PUSH_CORPUS,
                         ids=[c[0] for c in PUSH_CORPUS])
def test_pushback_corpus(label, scenario, pushback, changes, expected, why):
    rubric = fw.pushback_rubric(SCENARIOS[scenario], fw.PUSHBACKS[pushback])
    score = score_brief(defence(scenario, pushback, changes), rubric, verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


@pytest.mark.parametrize("scenario", list(PUSH_MODEL))
@pytest.mark.parametrize("pushback", list(fw.PUSHBACKS))
def test_every_model_defence_earns_full_marks(scenario, pushback):
    rubric = fw.pushback_rubric(SCENARIOS[scenario], fw.PUSHBACKS[pushback])
    score = score_brief(defence(scenario, pushback, {}), rubric, verbose=False)
    assert score.points == 3.0, score.report()


# how many of the five other pushbacks' model defences must miss each topic: the precision /
# recall pushback and the counter-metric one share their words with most defences ("we keep
# recall beside it"), the four others are distinct
DISTINCT_TOPIC = {"other_metric": 1, "one_number": 2, "engagement_up": 4, "just_accuracy": 4,
                  "ship_it_now": 4, "users_love_it": 4}


@pytest.mark.parametrize("scenario", list(PUSH_MODEL))
@pytest.mark.parametrize("pushback", list(fw.PUSHBACKS))
def test_a_defence_of_another_pushback_misses_the_topic(scenario, pushback):
    rubric = fw.pushback_rubric(SCENARIOS[scenario], fw.PUSHBACKS[pushback])
    topic_points = []
    for other in fw.PUSHBACKS:
        if other == pushback:
            continue
        score = score_brief(defence(scenario, other, {}), rubric, verbose=False)
        topic_points.append(dict((c, got) for c, got, _, _ in score.items)["topic"])
    assert topic_points.count(0.0) >= DISTINCT_TOPIC[pushback], topic_points


# === 4. the metric-swap drill (6 points) ========================================================
# for precision, recall and the UX metric: named 0.5 and guards 0.5 (case), gives up 0.5 and a
# guardrail 0.5 (cost).

SWAP_MODEL = {
    "calendar_autobook": {
        "precision_case": "With precision first, the assistant only books when it is sure the "
                          "slot works, so the professional rarely has to move a meeting in "
                          "front of a client.",
        "precision_cost": "It gives up recall: more threads come back to the user to book by "
                          "hand. Guardrail: recall at least 50 %.",
        "recall_case": "With recall first, the assistant books every thread it can, sparing the "
                       "user the back-and-forth on slots that would have worked.",
        "recall_cost": "More clashes get booked and meetings have to be moved, so precision "
                       "drops; we keep precision above 0.8 as a floor.",
        "ux_case": "The manual reschedule rate shows what users actually do with the bookings, "
                   "including the mobile screen where people move meetings that were fine.",
        "ux_cost": "It blurs model mistakes with interface problems and can be gamed by hiding "
                   "the reschedule button, so precision and recall stay as guardrails at 50 % "
                   "minimum.",
    },
    "meeting_action_items": {
        "precision_case": "Precision as the primary keeps bogus tasks out of the tracker, so "
                          "team members are not notified about remarks nobody committed to.",
        "precision_cost": "We would miss more real commitments, which hurts recall; the "
                          "guardrail is a recall floor of 0.7.",
        "recall_case": "Recall as the primary makes sure every commitment said in the meeting is "
                       "captured, so no follow-up is dropped and no client is left waiting.",
        "recall_cost": "More spurious tasks get posted and people start muting the "
                       "notifications, so precision falls; precision must stay at least 0.5.",
        "ux_case": "The rewrite-or-delete rate shows how owners treat the tasks in their own "
                   "workflow, which precision and recall measured on a sample cannot see.",
        "ux_cost": "Owners who never open the tracker delete nothing, so the rate hides missed "
                   "commitments; recall stays as a guardrail with a minimum of 0.7.",
    },
    "invoice_categories": {
        "precision_case": "Precision first means the automatic postings are right, so the "
                          "accountant does not find miscategorised lines at month-end or amend "
                          "a VAT return.",
        "precision_cost": "Fewer lines get posted automatically and the review queue grows; "
                          "automation coverage must stay no lower than 0.5.",
        "recall_case": "Recall first posts as many correct lines as possible without review, so "
                       "accountants spend less time on needless manual checks.",
        "recall_cost": "More lines get booked to the wrong account, so precision drops; "
                       "precision must stay above 0.95.",
        "ux_case": "The re-categorisation rate shows where accountants change postings by hand, "
                   "for instance in the new ledger view, which model metrics do not reveal.",
        "ux_cost": "A busy accountant may not re-check a wrong posting, so the rate misses "
                   "silent errors; posting precision stays as a guardrail, at least 0.9.",
    },
    "support_reply_suggestions": {
        "precision_case": "Precision first means the drafts agents see are usable, so they do "
                          "not waste time reading wrong replies or send a bad answer to a "
                          "customer.",
        "precision_cost": "More usable replies are held back and agents type from scratch, "
                          "lowering recall; recall has a floor of 0.6.",
        "recall_case": "Recall first puts a draft in front of the agent whenever a usable reply "
                       "exists, so fewer replies are typed from scratch needlessly.",
        "recall_cost": "More unusable suggestions appear and precision falls; precision must "
                       "remain at least 0.7.",
        "ux_case": "The discard rate tells us how agents actually use the drafts in the chat "
                   "channel, which offline precision cannot see.",
        "ux_cost": "Agents who paste a wrong draft without reading do not discard it, so the "
                   "metric misses those errors; precision is kept as a guardrail with a 0.7 "
                   "minimum.",
    },
    "comment_moderation": {
        "precision_case": "Precision first protects pupils from having harmless comments hidden, "
                          "so a shy child is not silenced by a mistaken takedown.",
        "precision_cost": "More harmful comments slip through, which lowers recall; recall must "
                          "stay above 0.9.",
        "recall_case": "Recall first catches as much bullying and as many exposed addresses as "
                       "possible before children read them.",
        "recall_cost": "More kind comments get hidden by mistake, so precision falls; we hold "
                       "precision at a minimum of 0.4.",
        "ux_case": "The restore rate shows where teachers put hidden comments back, for example "
                   "in class chat, which tells us how the moderation feels to pupils.",
        "ux_cost": "Teachers never see harmful comments that were published, so the restore "
                   "rate is blind to misses; recall stays as a guardrail of at least 0.9.",
    },
}

SWAP_CORPUS = [
    *[(f"model: {key}", key, {}, 6.0, "every item") for key in SWAP_MODEL],
    # --- right, in other words ---
    ("right: a clash in front of a client", "calendar_autobook", {
        "precision_case": "Pick precision when a clash in front of a client is the worst "
                          "outcome: each automatic booking should hold."}, 6.0,
     "the false positive in the product's words"),
    ("right: phantom to-dos", "meeting_action_items", {
        "recall_cost": "Owners get more phantom to-dos and precision falls; we would not let it "
                       "drop below 0.5."}, 6.0, "what gets worse and a floor in words"),
    ("right: postings changed by hand", "invoice_categories", {
        "ux_case": "The share of automatic postings accountants change by hand is the clearest "
                   "sign of friction in their daily work, especially in the new ledger view."},
     6.0, "the UX metric described, tied to the user"),
    ("right: six in ten still shown", "support_reply_suggestions", {
        "precision_cost": "Fewer drafts get offered, so agents type more replies themselves "
                          "(recall drops); guardrail: at least six in ten usable replies still "
                          "shown."}, 6.0, "recall gives way, with a floor"),
    ("right: a teacher puts a comment back", "comment_moderation", {
        "ux_case": "How often a teacher puts a hidden comment back tells us what pupils "
                   "experience, which a precision figure from an audit cannot."}, 6.0,
     "the restore rate in words"),
    ("right: guardrail first", "meeting_action_items", {
        "ux_cost": "As a guardrail, recall must stay at 0.7 at minimum, because owners who "
                   "never open the tracker delete nothing and the rate would hide missed "
                   "commitments."}, 6.0, "another word order"),
    ("right: slots that would have worked", "calendar_autobook", {
        "recall_case": "Recall matters when users hate being handed threads back for slots that "
                       "would have worked; every workable slot should be booked."}, 6.0,
     "the false negative in the product's words"),
    ("right: drafts thrown away", "support_reply_suggestions", {
        "ux_case": "The share of suggestions agents throw away captures friction in the chat "
                   "channel that offline precision never sees."}, 6.0,
     "the discard rate in other words"),
    ("right: insults and addresses", "comment_moderation", {
        "recall_case": "Recall first: hide every insult and every shared home address, even if a "
                       "few kind remarks get caught too."}, 6.0,
     "the harmful comments in the product's words"),
    ("right: coverage kept above half", "invoice_categories", {
        "precision_cost": "Coverage drops because more lines wait for review; we keep automation "
                          "coverage at 0.5 or more."}, 6.0, "recall in the product's words, a floor"),
    # --- negations ---
    ("negation: no double bookings", "calendar_autobook", {
        "precision_case": "Precision keeps users from ever having to move a meeting that "
                          "clashes; no double bookings in front of clients."}, 6.0,
     "the error prevented, named in a negation"),
    ("negation: no commitment lost", "meeting_action_items", {
        "recall_case": "Recall makes sure no commitment is lost between the meeting and the "
                       "tracker, so no client waits for a forgotten email."}, 6.0,
     "the error prevented, named in a negation"),
    ("negation: not precision or recall", "calendar_autobook", {
        "ux_case": "Not precision or recall: the manual reschedule rate shows what users do "
                   "with bookings on their phones."}, 6.0,
     "the model metrics are rejected, the UX metric argued"),
    ("negation: gives up nothing", "calendar_autobook", {
        "precision_cost": "We give up nothing at all by being careful; precision is simply "
                          "free."}, 5.0, "no trade-off and no guardrail"),
    ("negation: without any guardrail", "support_reply_suggestions", {
        "ux_cost": "Without any guardrail, the discard rate could hide wrong drafts that "
                   "agents send unread."}, 5.5, "what gets worse, but no limit"),
    ("negation: may not go under", "comment_moderation", {
        "precision_cost": "Abuse slips through more often, so recall drops; it may not go under "
                          "85 %."}, 6.0, "a floor stated as a negation"),
    ("negation: precision does not stay perfect", "calendar_autobook", {
        "recall_cost": "Precision does not stay perfect: more wrong bookings get made; keep it "
                       "no lower than 0.8."}, 6.0, "what gets worse, and a floor"),
    # --- wrong ---
    ("wrong: precision guarding the wrong error", "calendar_autobook", {
        "precision_case": "Precision makes sure every workable slot gets booked automatically, "
                          "so users never book by hand."}, 5.5,
     "that is what recall guards"),
    ("wrong: precision in the recall case", "calendar_autobook", {
        "recall_case": "Precision first, because clashes are costly for the professional in "
                       "front of clients."}, 5.0, "argues for the other metric"),
    ("wrong: clicks as the UX case", "invoice_categories", {
        "ux_case": "Clicks on the suggestions show that the feature is popular this month."},
     5.0, "engagement names neither the UX metric nor a user behaviour"),
    ("wrong: no guardrail", "calendar_autobook", {
        "precision_cost": "We give up recall and more threads go back to the user."}, 5.5,
     "no floor or ceiling"),
    ("wrong: a guardrail without a limit", "support_reply_suggestions", {
        "recall_cost": "Precision falls a little; precision becomes our guardrail then."}, 5.5,
     "a guardrail needs its floor or ceiling"),
    ("wrong: nothing gets worse", "comment_moderation", {
        "recall_cost": "Nothing gets worse if we hide more comments; we keep a floor anyway."},
     5.5, "no trade-off named"),
    ("wrong: a model metric as the UX case", "comment_moderation", {
        "ux_case": "Precision of hidden comments is what really shows how pupils feel about "
                   "the platform."}, 5.5, "the UX metric is not named"),
    ("wrong: the UX metric costs nothing", "comment_moderation", {
        "ux_cost": "It gives up nothing at all, because teachers are always right about "
                   "comments."}, 5.0, "no trade-off and no guardrail"),
    ("wrong: too short", "calendar_autobook", {"precision_case": "Precision."}, 5.0,
     "no argument"),
    # --- stuffed ---
    ("stuffed: keyword case", "calendar_autobook", {
        "precision_case": "precision, false positives, wrong bookings, clashes, users, "
                          "clients"}, 5.0, "a list of keywords is not an argument"),
    ("stuffed: guardrail words", "meeting_action_items", {
        "ux_cost": "guardrail, floor, ceiling, minimum, limit, at least, recall"}, 5.0,
     "a list of keywords is not an argument"),
    ("stuffed: metric names in the cost", "invoice_categories", {
        "precision_cost": "We give up recall, coverage, F1, AUC, latency, revenue and churn, "
                          "with a floor of 0.5 on each."}, 5.0,
     "focus: more metrics than an argument needs"),
    ("stuffed: many floors", "calendar_autobook", {
        "precision_cost": "We give up recall; floor of 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 "
                          "or 0.9"}, 5.0, "a list of numbers is not a floor"),
    ("stuffed: every field a list", "support_reply_suggestions",
     {f: "precision, recall, F1, accuracy, AUC, discard rate, latency, revenue, floor, at least"
      for f in fw.SWAP_FIELDS}, 0.0, "focus and lists everywhere"),
]


@pytest.mark.parametrize("label, scenario, changes, expected, why", SWAP_CORPUS,
                         ids=[c[0] for c in SWAP_CORPUS])
def test_swap_corpus(label, scenario, changes, expected, why):
    score = score_brief({**SWAP_MODEL[scenario], **changes},
                        fw.swap_rubric(SCENARIOS[scenario]), verbose=False)
    assert score.points == pytest.approx(expected), f"{why}\n{score.report()}"


# === the corpus itself ===========================================================================

CORPORA = {
    "selection": [(c[0], c[1]) for c in SEL_CORPUS],
    "stack": [(c[0], c[1]) for c in STACK_CORPUS],
    "pushback": [(c[0], c[1]) for c in PUSH_CORPUS],
    "swap": [(c[0], c[1]) for c in SWAP_CORPUS],
}


@pytest.mark.parametrize("family", list(CORPORA))
def test_each_corpus_is_large_and_mixed(family):
    entries = CORPORA[family]
    assert len(entries) >= 30, f"{family}: {len(entries)} answers"
    kinds = [kind(label) for label, _ in entries]
    assert set(kinds) <= set(KINDS), set(kinds) - set(KINDS)
    for k, least in MIX.items():
        assert kinds.count(k) >= least, f"{family}: {kinds.count(k)} {k} answers"
    assert len({scenario for _, scenario in entries}) >= 4
    labels = [label for label, _ in entries]
    assert len(set(labels)) == len(labels), "labels are test ids: keep them unique"


def test_the_pushback_corpus_covers_every_pushback():
    assert {c[2] for c in PUSH_CORPUS} == set(fw.PUSHBACKS)


def test_point_totals_are_unchanged():
    for s in SCENARIOS.values():
        assert fw.selection_rubric(s).max_points == MAX["selection"]
        assert fw.stack_rubric(s).max_points == MAX["stack"]
        assert fw.swap_rubric(s).max_points == MAX["swap"]
        for p in fw.PUSHBACKS.values():
            assert fw.pushback_rubric(s, p).max_points == MAX["pushback"]


# === keyword stuffing in every scenario ==========================================================

GENERIC_NAMES = [
    "precision", "recall", "F1", "accuracy", "AUC", "override rate", "acceptance rate",
    "engagement", "CTR", "latency", "p95", "revenue", "retention", "churn", "CSAT", "NPS",
    "calibration", "ECE", "drift", "false positives", "false negatives", "task completion",
    "expected cost", "hallucination rate", "uptime", "throughput", "time saved", "trust",
]
NUMBERS = ", ".join(f"{x:.2f}" for x in np.arange(0.05, 1.0, 0.05))


def metric_names(scenario: str, how: str) -> str:
    s = SCENARIOS[scenario]
    key = s.answer_key
    own = [*key.precision_words, *key.recall_words, *key.ux_metric, *key.counter_metrics,
           *key.business_outcome, s.ux_metric_name, s.business_metric_name,
           *key.false_positive_words, *key.false_negative_words]
    names = {
        "generic": GENERIC_NAMES,
        "scenario": [*GENERIC_NAMES, *own],
        "every": [*own, *(p for c in CONCEPTS.values() for p in c.phrases[:3])],
    }[how]
    return ", ".join(names)


STUFFINGS = ["generic", "scenario", "every", "with-numbers"]


def stuffing(scenario: str, how: str) -> str:
    if how == "with-numbers":
        return f"{metric_names(scenario, 'scenario')}, {NUMBERS}"
    return metric_names(scenario, how)


@pytest.mark.parametrize("how", STUFFINGS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_stuffing_the_selection_brief_earns_little(scenario, how):
    text = stuffing(scenario, how)
    score = fw.score_selection_brief({f: text for f in fw.SELECTION_FIELDS}, SCENARIOS[scenario],
                                     table(scenario), verbose=False)
    assert score.points <= 0.25 * MAX["selection"], score.report()


@pytest.mark.parametrize("how", STUFFINGS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_stuffing_the_stack_earns_little(scenario, how):
    text = stuffing(scenario, how)
    score = score_brief({f: text for f in fw.STACK_FIELDS}, fw.stack_rubric(SCENARIOS[scenario]),
                        verbose=False)
    assert score.points <= 0.25 * MAX["stack"], score.report()


@pytest.mark.parametrize("how", STUFFINGS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_stuffing_every_pushback_earns_little(scenario, how):
    text = stuffing(scenario, how)
    for pushback in fw.PUSHBACKS.values():
        score = score_brief({f: text for f in fw.PUSHBACK_FIELDS},
                            fw.pushback_rubric(SCENARIOS[scenario], pushback), verbose=False)
        assert score.points <= 0.25 * MAX["pushback"], f"{pushback.key}\n{score.report()}"


@pytest.mark.parametrize("how", STUFFINGS)
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_stuffing_the_swap_drill_earns_little(scenario, how):
    text = stuffing(scenario, how)
    score = score_brief({f: text for f in fw.SWAP_FIELDS}, fw.swap_rubric(SCENARIOS[scenario]),
                        verbose=False)
    assert score.points <= 0.25 * MAX["swap"], score.report()


# === diagnostic_family, pushbacks_for_seed, pushback_prompt ======================================

@pytest.mark.parametrize("scenario, text, family", [
    ("grocery_substitutions", "Precision of packed substitutes", "precision"),
    ("grocery_substitutions", "Substitute keep rate", "precision"),
    ("grocery_substitutions", "Share of acceptable substitutes that get packed", "recall"),
    ("grocery_substitutions", "Swap-back rate", "ux"),
    ("grocery_substitutions", "Swap-back rate and precision", "precision"),
    ("grocery_substitutions", "Precision and recall", None),
    ("grocery_substitutions", "Precision of packed substitutes or recall", None),
    ("grocery_substitutions", "Precision, with recall as its floor", "precision"),
    ("grocery_substitutions", "Recall (precision is the guardrail)", "recall"),
    ("grocery_substitutions", "Clicks on substitution notices", None),
    ("grocery_substitutions", "", None),
    ("grocery_substitutions", "Not precision: recall", "recall"),
    ("meeting_action_items", "Capture rate of commitments", "recall"),
    ("comment_moderation", "Catch rate of harmful comments", "recall"),
    ("comment_moderation", "Takedown accuracy", "precision"),
    ("comment_moderation", "Restore rate of hidden comments", "ux"),
    ("writing_error_flags", "Recall, not precision", "recall"),
    ("invoice_categories", "Posting accuracy", "precision"),
])
def test_diagnostic_family(scenario, text, family):
    assert fw.diagnostic_family(text, SCENARIOS[scenario]) == family


def learner_seeds() -> list[int]:
    return [seed_from_id(f"learner-{i}") for i in range(25)]


def test_pushbacks_for_seed_are_deterministic_and_distinct():
    for seed in [0, 1, 7, 2**31, *learner_seeds()]:
        first, again = fw.pushbacks_for_seed(seed), fw.pushbacks_for_seed(seed)
        assert [p.key for p in first] == [p.key for p in again]
        assert len(first) == 3 and len({p.key for p in first}) == 3
        assert all(p is fw.PUSHBACKS[p.key] for p in first)
    assert fw.pushbacks_for_seed(np.int64(7)) == fw.pushbacks_for_seed(7)


def test_every_pushback_is_reachable_over_25_learners():
    reached = {p.key for seed in learner_seeds() for p in fw.pushbacks_for_seed(seed)}
    assert reached == set(fw.PUSHBACKS)
    draws = {tuple(p.key for p in fw.pushbacks_for_seed(seed)) for seed in learner_seeds()}
    assert len(draws) >= 10  # learners really get different sets


@pytest.mark.parametrize("seed", [-1, 1.5, True, "3", None, float("nan")])
def test_pushbacks_for_seed_refuses_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed"):
        fw.pushbacks_for_seed(seed)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_pushback_prompt(scenario):
    s = SCENARIOS[scenario]
    primary = s.answer_key.primary
    other = "recall" if primary == "precision" else "precision"
    for p in fw.PUSHBACKS.values():
        prompt = fw.pushback_prompt(p, s)
        assert "{" not in prompt and "}" not in prompt
        assert prompt.endswith("?") or prompt.endswith(".")
        if "{other}" in p.prompt:
            assert prompt.startswith(f"What about {other}?")
            assert primary not in prompt.split("?")[0]
        else:
            assert prompt == p.prompt
