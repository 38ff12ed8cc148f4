"""Module 6 (capstone): the rubrics of a metric framework, built from the learner's scenario.

Every learner gets a product from the scenario bank (:mod:`ai_product_metrics.datasets.capstone`)
and three pushback prompts, both drawn from their seed. The rubrics here are built per scenario
from its answer key, which lists *sets* of defensible choices rather than one right answer:

- :func:`selection_rubric` / :func:`score_selection_brief`: the five-step selection process
  (user goal, costlier error, diagnostic metric, baseline and target from the learner's own
  table, counter-metric);
- :func:`stack_rubric`: one metric per layer of the four-layer stack and one per category of
  module 1;
- :func:`pushback_rubric`: a defence under pushback (trade-off, guardrail floor, user impact,
  the signal that would change the learner's mind);
- :func:`swap_rubric`: the metric-swap drill (precision, then recall, then a UX metric).

Each answer key names its concepts in a few phrases; the tables ``_MORE_WORDS`` and
``_ERROR_PARTS`` below add the ordinary ways learners say the same things ("a substitute the
shopper does not want", "missing a real commitment"), found with the corpus of scored answers
in ``tests/test_rubric_m6.py``. A few uses are not choices and are told apart: the error a
choice is compared against or conceded before it ("costs more than a missing item"), a metric
named in an explanation rather than listed ("recall, so that precision is not bought by
refunding everything"), the error a metric prevents named in a negation ("so that no
commitment is lost") and giving in to a pushback ("let's just report accuracy").

Keyword stuffing earns little here as everywhere: the fields meant to name one metric have a
focus limit (the swap drill's arguments too), free-text fields that are mostly metric names
earn nothing, and the items that ask for an argument refuse a list of keywords ("early,
threshold, plain, ..."). The feedback never prints a number derived from the learner's data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .rubric import BriefScore, Concept, Criterion, Rubric, find_concepts, normalize, score_brief
from .rubrics import CONCEPTS

if TYPE_CHECKING:  # the datasets package imports grading.seeds: avoid an import cycle
    import pandas as pd

    from ..datasets.capstone import Scenario

__all__ = [
    "FAMILIES",
    "PUSHBACKS",
    "PUSHBACK_FIELDS",
    "Pushback",
    "SELECTION_FIELDS",
    "STACK_FIELDS",
    "SWAP_FIELDS",
    "baseline_rates",
    "diagnostic_family",
    "pushback_prompt",
    "pushback_rubric",
    "pushbacks_for_seed",
    "score_selection_brief",
    "selection_rubric",
    "stack_rubric",
    "swap_rubric",
]

_C = CONCEPTS
#: The four metric categories of module 1.
FAMILIES = ("model quality", "user experience", "business impact", "operational health")

# --- concepts shared by every scenario --------------------------------------------------------

_ENGAGEMENT = _C["engagement"]
_ACCURACY = Concept("accuracy", ["accuracy", "accurate", "percent correct", "share correct"])
# Using the product is not a goal of its user ("use the feature more").
_FEATURE_USE = Concept("using the product", [
    "use the feature", "use the app", "use the product", "use the tool", "use the ai",
    "use the assistant", "use it more", "using the feature", "using the app", "using the ai",
    "adopt the feature", "adoption", "engage", "engaged", "more time in the app", "feature",
    "as often as possible", "more substitutions", "more suggestions", "more bookings",
    "more underlines", "more flags", "more tasks",
])
_GENERIC_FP = ("false positive", "false positives", "fp", "false alarm", "wrongly flagged",
               "flagged wrongly", "wrong flag", "type i error", "type 1 error",
               "acts when it should not", "acted when it should not", "should not have acted")
_GENERIC_FN = ("false negative", "false negatives", "fn", "missed case", "missed positive",
               "type ii error", "type 2 error", "miss", "missed one", "fails to act",
               "failed to act", "should have acted")
_GENERIC_PRECISION = ("precision", "positive predictive value", "ppv")
_GENERIC_RECALL = ("recall", "sensitivity", "true positive rate", "tpr", "catch rate",
                   "detection rate", "hit rate", "coverage")
_GENERIC_UX = ("override rate", "override", "overridden", "overrule", "undo rate", "undone",
               "acceptance rate", "edit rate", "reverted by the user", "rejected by the user",
               "ux metric", "user experience metric")
_GENERIC_BUSINESS = ("revenue", "margin", "profit", "net value", "value per case", "value_eur",
                     "retention", "churn", "refund", "cost saving", "saved cost", "conversion",
                     "renewal", "lifetime value", "ltv")
_CALIBRATION = Concept("trust calibration", [
    "calibration", "calibrated", "ece", "expected calibration error", "reliability diagram",
    "over reliance", "overreliance", "over rely", "under reliance", "underreliance",
    "appropriate reliance", "blind acceptance", "rubber stamp", "rubber stamping",
    "accepted without checking", "accept without checking", "trust", "confidence",
    "without checking", "without reading", "without editing", "without looking", "unedited",
    "unchecked", "blindly", "relied on", "rely on", "reliance",
])
_HEALTH = Concept("system health", [
    "latency", "p50", "p95", "p99", "response time", "inference time", "uptime", "availability",
    "throughput", "timeout", "error rate of the service", "server error", "5xx", "freshness",
    "stale", "data freshness", "cost per inference", "serving cost", "inference cost",
    "compute cost", "queue", "requests per second", "drift", "drifting", "psi",
    "distribution shift", "population stability",
    "percentile", "50th", "95th", "99th", "processing time", "processing delay", "delay",
    "time to show", "time to post", "time to appear", "time to send", "time to book",
    "time to score", "time to flag", "time to hide", "time to underline", "api error",
    "failed request", "failure rate", "service error", "outage", "downtime", "crash",
    "timed out", "staleness", "model age", "feed", "cost per request", "cost per call",
    "time from", "end to end", "turnaround", "fail", "fails", "failure", "failed",
    "data age", "age of the data", "age of the stock", "minutes old", "out of date",
    "outdated",
])
_QUALITY = Concept("model quality", [
    *_GENERIC_PRECISION, *_GENERIC_RECALL, "f1", "f score", "auc", "roc auc", "accuracy",
    "calibration", "ece", "hallucination", "error rate", "false positive rate",
    "false negative rate",
])
_USER_EXPERIENCE = Concept("user experience", [
    *_GENERIC_UX, "task completion", "completion rate", "time to value", "time saved",
    "satisfaction", "csat", "nps", "fallback", "abandon", "abandonment", "correction",
    "edit distance", "complaint", "mute", "muted", "turn off", "turned off", "switch off",
    "switched off", "disable", "disabled", "opt out", "opted out", "rating",
])
# The three qualities of a diagnostic metric. The labels alone ("it is leading, actionable and
# interpretable") are the question, not an answer: each concept is the reason behind the label.
_LEADING = Concept("leading", [
    "early", "earlier", "before", "ahead", "predict", "predicts", "first sign", "moves first",
    "same day", "daily", "every day", "real time", "right away", "immediately", "as soon as",
    "within a day", "within hours", "at decision time", "weeks before", "days before",
    "does not wait", "without waiting", "same week", "this week", "within days",
    "within a week", "weekly", "every week", "as it happens", "sooner", "quickly", "fast",
    "lags", "lagging", "long before", "well before",
])
_ACTIONABLE = Concept("actionable", [
    "act on", "act", "lever", "threshold", "tune", "tuning", "adjust", "retrain", "fix",
    "change the model", "change the threshold", "the team can", "we can", "team owns",
    "owner", "control", "directly", "move it", "respond", "raise", "lower", "tighten",
    "loosen", "cut off", "cutoff", "knob", "dial", "retraining", "relabel",
])
_INTERPRETABLE = Concept("interpretable", [
    "understand", "understandable", "explain", "plain", "plainly", "intuitive", "intuitively",
    "simple", "simply", "clear", "clearly", "easy", "out of every", "out of 100", "out of 10",
    "in 10", "in 100", "in ten", "in a hundred", "share of", "percentage of", "proportion of",
    "means", "anyone", "stakeholder", "everyone", "non technical", "in words", "reads as",
    "read as", "read it as", "at a glance", "obvious", "straightforward", "a share",
    "a percentage", "a fraction", "a ratio",
])
_TRADE_OFF = Concept("a trade-off", [
    "trade off", "tradeoff", "trade", "at the cost of", "at the expense of", "give up",
    "giving up", "sacrifice", "price", "tension", "balance", "cost us", "costs us",
    "we accept", "we lose", "we will lose", "we would lose", "accept more", "accept fewer",
    "accept some", "let some", "lower", "drop", "fall", "fewer", "more",
    "accept", "accepting", "give it up", "give that up", "gave up", "slower", "delay",
    "in exchange", "worth it", "worth paying", "downside", "lose", "losing", "costs a",
    "cost a", "the cost is", "wait", "later",
])
_DIRECTION = Concept("a direction", [
    "fall", "falls", "drop", "drops", "rise", "rises", "climb", "climbs", "below", "above",
    "under", "over", "exceed", "exceeds", "more than", "less than", "higher", "lower",
    "increase", "decrease", "go up", "go down", "goes up", "goes down", "cross", "crosses",
    "rising", "falling", "climbing", "dropping", "past", "beyond", "grows", "growing",
    "shrinks", "shrinking", "doubles", "halves", "rose", "fell", "climbed", "dropped",
])
# A guardrail's limit, in words ("guardrail" alone names no limit).
_LIMIT = Concept("a guardrail's limit", [
    "floor", "ceiling", "at least", "at most", "no lower than", "no higher than", "no less than",
    "no more than", "must stay", "minimum", "maximum", "limit", "drop below", "fall below",
    "go below", "falls below", "drops below", "rise above", "go above", "rises above",
    "stay above", "stay below", "stay under", "stays above", "stays below", "stays under",
    "kept above", "keep above", "keep it above", "kept below", "keep below", "never below",
    "never above", "not below", "not above", "or higher", "or more", "or lower", "or less",
    "go under", "fall under", "drop under", "stay over",
])
_USER = ("user", "customer", "people", "person", "shopper", "recruiter", "candidate",
         "accountant", "agent", "writer", "moderator", "child", "parent", "member", "client",
         "attendee", "team", "pupil", "student", "teacher", "employee", "professional",
         "colleague", "owner", "applicant", "household", "family", "prospect", "children")
# Module 4's names of reliance (over-, under- and appropriate reliance, calibration error).
_RELIANCE = ("over-reliance", "under-reliance", "appropriate reliance", "calibration error")
# Words that join the items of a list: a metric beside one of them is listed, not explained.
_LISTED_BEFORE = frozenset({"and", "or", "plus", "nor", "alongside"})
_LISTED_AFTER = frozenset({"and", "or", "plus", "too", "also", "nor"})
# A term that a choice is compared against, or conceded before the choice ("while X matters,
# Y costs more"), is not the choice.
_COMPARED_BY = frozenset({"than", "versus", "vs", "over", "against", "compared", "unlike"})
_CONCEDING = frozenset({"while", "whilst", "whereas", "although", "though", "if", "even"})
_CONTRAST = frozenset({"but", "however", "yet", "whereas"})
_ARTICLES = frozenset({"a", "an", "the", "one", "any"})
_BOUNDARY = "|"

# --- more words per scenario ------------------------------------------------------------------
# Each answer key lists the phrases of its scenario; these are further ways in which learners
# say the same things in ordinary words, found with the corpus of scored answers in
# tests/test_rubric_m6.py. Keys: goal, fp, fn, precision, recall, ux, counter, business, harm.
_MORE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "grocery_substitutions": {
        "goal": ("groceries", "grocery", "meal", "cook", "cooking", "ingredient", "dinner",
                 "recipe", "full basket", "complete basket", "everything they ordered",
                 "what they ordered", "items they ordered", "full order", "complete shop",
                 "weekly shop", "replacement they like", "substitute they like",
                 "replacement they are happy with", "substitute they are happy with",
                 "food they want", "food they need", "shopping list", "their list"),
        "fp": ("substitute the shopper does not want", "substitute they do not want",
               "substitute the customer does not want", "substitute the shopper did not want",
               "substitute they did not want", "substitute nobody wants", "rejected substitute",
               "substitute is rejected", "substitute gets rejected", "substitute they reject",
               "substitute the customer rejects", "substitute that is sent back",
               "substitute that gets sent back", "bad substitute", "poor substitute",
               "unsuitable substitute", "unwanted replacement", "wrong replacement",
               "unwanted swap", "wrong swap", "bad swap", "wrong item packed",
               "returned substitute", "substitute that gets returned", "wrongly substituted",
               "replacement the shopper rejects", "replacement they do not want",
               "substituting when", "would rather have a refund", "would rather have had a refund",
               "would have preferred a refund", "preferred a refund"),
        "fn": ("acceptable substitute left", "good substitute not packed",
               "substitute not sent", "missed substitution", "missed swap",
               "unnecessary refund", "refund that could have been a substitute",
               "refunded when a substitute would have worked", "item left out",
               "missing line", "left on the shelf", "good substitute skipped",
               "acceptable substitute not packed", "refunding an item", "refunding a line",
               "missing items"),
        "precision": ("substitutes kept", "substitutes that are kept",
                      "substitutes the shopper keeps", "substitutes shoppers keep",
                      "substitutes the customer keeps", "kept substitutes", "keep rate",
                      "share of packed substitutes", "share of substitutes kept",
                      "share of substitutes that are kept", "substitution precision",
                      "substitutes accepted out of", "among packed substitutes",
                      "of packed substitutes", "packed substitutes that", "out of packed",
                      "per packed substitute", "out of the substitutes packed",
                      "of the substitutes we pack"),
        "recall": ("acceptable substitutes packed", "acceptable substitutes that get packed",
                   "acceptable substitutes sent", "good substitutes sent",
                   "good substitutes packed", "share of acceptable substitutes",
                   "share of good substitutes", "substitution recall"),
        "ux": ("swap back", "swapped back", "swap backs", "swaps back", "sent back",
               "send back", "substitutes returned", "returned at the door"),
        "counter": ("refunds", "refunded lines", "missing items", "fill rate", "items left out",
                    "complaints"),
        "business": ("repeat order", "reorder", "reorders", "net value per line",
                     "net value per out of stock line", "order value", "basket value",
                     "orders per customer", "customer lifetime value"),
        "harm": ("meal", "ingredient", "dinner", "extra trip", "trip to the shop",
                 "food they will not eat", "allergen", "allergy", "waste", "wasted",
                 "pay for", "doubt", "disappointed", "disappointing"),
    },
    "meeting_action_items": {
        "goal": ("follow up", "followed up", "commitment", "promise", "what was agreed",
                 "who does what", "falls through the cracks", "fall through the cracks",
                 "nothing falls through", "nothing is forgotten", "on time", "deadline",
                 "next step", "clear owner", "what they agreed", "what they promised", "agreed"),
        "fp": ("task nobody committed", "remark posted", "remark turned into",
               "remark becomes a task", "remark that becomes a task", "not a commitment",
               "fake task", "false task", "bogus", "spurious", "phantom", "junk task",
               "unwanted task", "wrong task", "irrelevant task", "needless task",
               "task that was never agreed", "task nobody agreed", "task no one agreed",
               "task that nobody", "task that no one", "noise in the tracker",
               "wrongly posted", "posted by mistake"),
        "fn": ("commitment not posted", "commitment never posted", "commitment is not posted",
               "commitment that is not posted", "commitment that never reaches",
               "commitment that does not reach", "commitment never reaches",
               "commitment does not reach", "missed commitment", "missed action item",
               "missed task", "missed promise", "lost commitment", "lost promise",
               "forgotten commitment", "forgotten promise", "dropped commitment",
               "dropped follow up", "untracked commitment", "untracked promise",
               "promise that is not tracked", "promise not tracked", "action item not posted",
               "commitment is missed", "commitment gets missed", "commitment that gets lost",
               "commitment slips", "commitment that is missed", "commitment left out",
               "promise that never", "commitment that never", "follow up is dropped",
               "follow up dropped", "follow up gets dropped", "commitment is dropped",
               "commitment gets dropped", "commitment is lost", "promise is lost",
               "promise is forgotten", "commitment is forgotten", "follow up is forgotten",
               "missing a real", "missing a commitment", "missing a promise", "never makes it",
               "never make it"),
        "precision": ("posted tasks that are real", "share of posted tasks",
                      "share of posted items", "real commitments out of posted",
                      "tasks that are real commitments", "posting precision",
                      "action item precision", "task precision"),
        "recall": ("commitments captured", "commitments posted", "commitments that get posted",
                   "share of commitments", "share of real commitments", "promises captured",
                   "share of promises", "commitments caught", "commitment recall",
                   "action item recall", "share of action items captured",
                   "commitments that reach the tracker", "capture", "commitments end up",
                   "commitments that end up", "commitments in the tracker",
                   "commitments that make it", "commitments make it"),
        "ux": ("deleted", "rewritten", "delete", "rewrite", "tasks deleted", "tasks edited",
               "edited by the owner", "edited by their owner", "rewrite rate", "delete rate",
               "deletion rate", "deletion", "tasks rewritten"),
        "counter": ("mute", "muted", "notification", "bogus task", "overdue", "deleted unread",
                    "noise"),
        "business": ("on time", "follow ups delivered", "follow up delivered", "time saved",
                     "minutes saved", "hours saved", "projects slipping", "project delay",
                     "missed deadlines", "deadlines met", "slipped deadlines"),
        "harm": ("waiting", "client waiting", "missed deadline", "deadline", "work done twice",
                 "duplicate work", "notification fatigue", "blame", "dropped", "forgotten",
                 "unreliable", "embarrass", "late"),
    },
    "job_matching": {
        "goal": ("hire", "hiring", "fill the vacancy", "fill the role", "fill the position",
                 "fill the job", "fill a vacancy", "fill a role", "right candidate",
                 "best candidate", "strong candidate", "right person", "good people",
                 "qualified candidate", "shortlist worth", "strong person", "good applicant",
                 "best applicant", "strong applicant", "good applicants"),
        "fp": ("unsuitable candidate", "weak candidate", "weak profile", "poor match",
               "bad match", "wrong candidate", "candidate who is not suitable",
               "candidate who does not fit", "irrelevant profile", "wasted interview",
               "unqualified candidate", "wrongly shortlisted", "shortlisting an unsuitable",
               "shortlisting a weak", "unsuitable profile", "poor fit", "bad fit"),
        "fn": ("left off the shortlist", "left off", "off the shortlist", "left out", "leaving out",
               "never seen", "never sees",
               "overlooked", "overlooking", "missed talent", "suitable candidate not shortlisted",
               "qualified candidate missed", "strong candidate missed", "good candidate missed",
               "good match missed", "wrongly rejected", "wrongly filtered out", "filtered out",
               "screened out", "missing a strong", "missing a good", "missing a qualified",
               "missing a suitable"),
        "precision": ("shortlist precision", "share of the shortlist", "share of shortlisted",
                      "shortlisted candidates who", "shortlisted candidates invited",
                      "share of shortlisted candidates", "precision of the shortlist"),
        "recall": ("share of good candidates", "share of suitable candidates",
                   "share of qualified candidates", "share of interview worthy",
                   "qualified candidates shortlisted", "good candidates shortlisted",
                   "suitable candidates shortlisted", "candidate recall", "shortlist recall",
                   "shortlist coverage", "recall of interview worthy"),
        "ux": ("removed", "removal", "remove", "candidates removed", "profiles removed",
               "struck off", "taken off the shortlist"),
        "counter": ("screening time", "interviews per hire", "manual search", "fairness",
                    "shortlist rate by group", "adverse impact", "selection rate by group",
                    "diversity"),
        "business": ("time to fill", "time to hire", "cost per hire", "hires", "vacancy filled",
                     "vacancies filled", "days to fill", "quality of hire"),
        "harm": ("chance", "fair", "unfair", "open for weeks", "vacancy open", "role open",
                 "stays open", "wasted hours", "recruiter hours", "competitor",
                 "lose the best", "discrimination", "bias", "never sees"),
    },
    "invoice_categories": {
        "goal": ("books", "ledger", "month end", "close the month", "close quickly",
                 "correct vat", "vat return", "accurate books", "correct books",
                 "right category", "less data entry", "less time on data entry",
                 "without checking every line", "trust the ledger", "clean books", "bookkeeping",
                 "data entry", "typing"),
        "fp": ("wrong category", "wrongly categorised", "wrongly categorized", "miscategorised",
               "miscategorized", "misposted", "misposting", "posted to the wrong",
               "posted under the wrong", "posted in the wrong", "booked to the wrong",
               "booked under the wrong", "booked in the wrong", "wrong account",
               "wrong posting", "incorrect posting", "incorrect category", "bad posting",
               "ledger error", "error in the ledger", "wrongly posted"),
        "fn": ("correct line sent to review", "correct line held", "right line held back",
               "unnecessary review", "unneeded review", "line sent to the queue",
               "sent to review", "queued unnecessarily", "correct line not posted",
               "correct line queued", "needless manual check", "extra review",
               "line that could have been posted", "sent to the review queue",
               "correct line that waits", "held for review"),
        "precision": ("share of automatic postings", "correct automatic postings",
                      "auto posted lines that are correct", "share of auto posted",
                      "auto posted lines with the right category", "posting precision",
                      "correct postings out of", "precision of automatic postings",
                      "right category out of", "correct auto postings", "correct auto posting",
                      "right auto postings"),
        "recall": ("automation rate", "share of correct lines posted",
                   "share of lines posted automatically", "lines posted automatically",
                   "auto posting rate", "straight through", "posted without review",
                   "share of lines posted without review"),
        "ux": ("re categorised", "recategorised", "recategorized", "re categorized",
               "re categorisation", "recategorisation", "changed by hand", "re posted",
               "reposted", "corrected by the accountant", "lines corrected", "manual changes",
               "lines changed", "change by hand", "changes by hand", "by hand"),
        "counter": ("review queue", "queue length", "lines in the queue", "corrections at close",
                    "vat amendment", "amended vat", "lines touched by hand", "manual review",
                    "manual check", "lines sent to review"),
        "business": ("hours per client", "days to close", "time to close", "clients per accountant",
                     "time saved", "hours saved", "close time", "billable hours",
                     "minutes saved"),
        "harm": ("vat", "late close", "audit", "misstated", "evening", "fixing the books",
                 "amend", "amended", "penalty", "overtime", "hunt", "re post", "repost"),
    },
    "calendar_autobook": {
        "goal": ("time that works", "time that suits", "suit everyone", "works for everyone",
                 "work for everyone", "meeting booked", "meetings booked", "back and forth",
                 "scheduling", "calendar under control", "look organised", "look organized",
                 "without effort", "meeting fixed", "meetings fixed", "right time",
                 "meet at a time", "fewer emails", "less email", "time that fits", "hassle",
                 "meet clients", "meet their clients", "without scheduling",
                 "time everyone", "everyone can make", "everyone can attend", "all attendees"),
        "fp": ("wrong booking", "bad booking", "booking that does not suit",
               "booking that does not work", "slot that does not work", "slot that does not suit",
               "slot that does not fit", "wrong slot", "bad slot", "clash", "double booking",
               "double booked", "meeting that has to be moved", "meeting that must be moved",
               "meeting has to be moved", "booked at a bad time", "wrongly booked",
               "unworkable slot", "conflict", "booking that has to be moved",
               "booking that gets moved", "move a meeting", "moving a meeting",
               "meeting moved", "meetings moved", "meeting gets moved"),
        "fn": ("good slot not booked", "workable slot not booked", "slot that would have worked",
               "missed booking", "missed auto booking", "thread handed back", "handed back",
               "booking left to the user", "booked by hand", "book by hand", "books by hand",
               "manual booking", "not booked automatically", "unnecessary manual scheduling",
               "needless manual scheduling", "should have booked", "hands the thread back"),
        "precision": ("bookings that stick", "bookings kept", "bookings that are kept",
                      "share of bookings", "booking precision", "bookings that stay",
                      "bookings not moved", "bookings that are not moved",
                      "precision of automatic bookings", "precision of bookings"),
        "recall": ("bookable threads", "workable slots booked", "threads booked",
                   "share of threads", "booking coverage", "auto booking rate",
                   "automation rate", "booking recall", "recall of bookable"),
        "ux": ("reschedule", "rescheduled", "move", "moved", "moves", "moved by the user", "bookings moved", "moved meeting",
               "meetings moved", "changed by hand", "manual reschedule", "moves the meeting",
               "move the meeting", "moved by hand"),
        "counter": ("declined", "declines", "declined invitation", "emails per meeting",
                    "reschedules per booking", "threads handed back"),
        "business": ("time saved", "minutes saved", "hours saved", "meetings held",
                     "time to first meeting", "deals", "pipeline", "sales cycle"),
        "harm": ("empty call", "double booked", "apology", "apologies", "prospect",
                 "disorganised", "disorganized", "unprofessional", "time zone", "embarrass",
                 "embarrassing", "in front of a client", "lost deal", "wasted"),
    },
    "comment_moderation": {
        "goal": ("safe", "safely", "safe place", "bullied", "bullying", "kind", "respect",
                 "share their work", "share work", "learn", "encouraging", "encouragement",
                 "feedback from classmates", "without fear", "protected", "without being bullied",
                 "without bullying", "free from bullying", "free of bullying", "share projects",
                 "share their projects", "post their work", "share what they make"),
        "fp": ("harmless comment hidden", "harmless comment blocked", "harmless comment removed",
               "kind comment hidden", "innocent comment", "harmless comment", "hiding a harmless",
               "hidden by mistake", "removed by mistake", "blocked by mistake", "wrongly hidden",
               "wrongly removed", "wrongly blocked", "over moderation", "overmoderation",
               "over blocking", "censored", "censoring", "false takedown", "harmless one"),
        "fn": ("harmful comment", "harmful comment published", "harmful comment that gets",
               "harmful comment stays", "harmful comment left", "harmful comment missed",
               "harmful comment shown", "harmful comment visible", "missed harmful",
               "missed bullying", "bullying missed", "abuse missed", "abuse gets through",
               "slips through", "gets through", "let through", "unsafe comment",
               "harmful post", "abusive comment", "bullying comment", "comment that breaks the rules",
               "rule breaking comment", "address published", "harmful one", "bullying",
               "abuse", "exposed address", "address exposed", "insult"),
        "precision": ("share of hidden comments", "hidden comments that break",
                      "hidden comments that are harmful", "hidden comments that really",
                      "moderation precision", "precision of hiding", "precision of takedowns",
                      "precision of hidden comments"),
        "recall": ("share of harmful comments", "harmful comments caught",
                   "harmful comments hidden", "harmful comments that get hidden",
                   "harmful comments stopped", "harmful comments blocked", "bullying caught",
                   "share of bullying", "abuse caught", "recall of harmful comments",
                   "share of rule breaking comments"),
        "ux": ("restore", "restored", "put back", "comments restored", "reinstated", "appeal",
               "comment back", "comments back"),
        "counter": ("reported by users", "user reports", "reports of harmful", "queue time",
                    "time visible", "time a harmful comment stays"),
        "business": ("parent complaints", "complaints", "renewal", "subscriptions",
                     "schools renewing", "moderation cost", "cost per comment",
                     "pupils who keep commenting"),
        "harm": ("bullied", "bullying", "address", "exposed", "stops posting", "stop posting",
                 "silenced", "parents", "humiliated", "hurt", "upset", "unsafe", "afraid",
                 "scared", "abuse"),
    },
    "support_reply_suggestions": {
        "goal": ("solve", "solved", "customer problem", "problem solved", "answer customers",
                 "correct answer", "right answer", "quickly", "faster", "routine replies",
                 "less typing", "stand behind", "clear the queue", "resolve", "help the customer",
                 "help customers", "routine answers", "less time writing", "less time typing",
                 "writing routine"),
        "fp": ("wrong reply", "wrong suggestion", "wrong draft", "wrong answer",
               "bad suggestion", "bad reply", "bad draft", "unusable suggestion", "unusable reply",
               "unusable draft", "incorrect suggestion", "incorrect reply", "misleading suggestion",
               "misleading reply", "suggestion that is wrong", "reply that is wrong",
               "draft that is wrong", "suggestion the agent discards", "useless suggestion",
               "irrelevant suggestion", "wrong information", "suggestion that is unusable",
               "reply that is unusable"),
        "fn": ("usable reply held back", "good reply held back", "no suggestion",
               "typed from scratch", "type from scratch", "write from scratch",
               "writes from scratch", "written from scratch", "from scratch",
               "usable reply not shown", "suggestion withheld", "held back",
               "usable suggestion not shown", "not suggesting anything", "suggesting nothing",
               "nothing suggested", "nothing shown", "showing nothing"),
        "precision": ("usable replies out of", "usable drafts out of",
                      "share of suggestions that are usable", "share of offered replies",
                      "share of shown suggestions", "share of suggestions shown",
                      "suggestion precision", "share of drafts an agent could send",
                      "share of drafts agents can send", "precision of suggestions",
                      "precision of suggested replies", "usable suggestions suggestions shown",
                      "usable replies replies shown", "usable drafts drafts shown",
                      "usable suggestions divided by", "usable suggestions over"),
        "recall": ("share of messages with a usable reply", "messages that get a suggestion",
                   "usable replies offered", "usable replies shown", "share of usable replies",
                   "suggestion recall", "coverage of usable"),
        "ux": ("discard", "discarded", "cleared", "clears", "thrown away", "throw away",
               "deleted by the agent", "agents delete", "suggestions cleared"),
        "counter": ("reopened", "reopen", "first contact resolution", "wrong answers sent",
                    "customer satisfaction", "csat", "complaints"),
        "business": ("cost per ticket", "cost per resolved", "tickets per hour",
                     "tickets per agent", "tickets handled", "handle time", "handling time",
                     "time saved", "agent hours", "cost to serve"),
        "harm": ("wrong refund", "refund policy", "reopened", "reopen", "flow", "promise",
                 "angry", "writes again", "write again", "comes back", "come back",
                 "complain", "wrong information", "misled", "waste time", "wastes time"),
    },
    "writing_error_flags": {
        "goal": ("without mistakes", "without errors", "error free", "free of errors",
                 "no mistakes", "no errors", "mistake free", "get it right", "correct",
                 "facts right", "professional", "avoid corrections", "clean documents",
                 "polished", "confidence", "confident", "without embarrassing", "figure right",
                 "figures right", "details right", "numbers right", "names right"),
        "fp": ("false alarm", "correct passage underlined", "correct text underlined",
               "correct text flagged", "correct passage flagged", "needless flag",
               "needless underline", "unnecessary flag", "unnecessary underline", "nagging",
               "flag on correct", "underline on correct", "underlining correct",
               "flagging correct", "wrongly underlined", "bogus flag", "spurious flag",
               "underlining a correct", "flagging a correct"),
        "fn": ("error let through", "missed error", "error missed", "error not underlined",
               "error that is not underlined", "not underlined", "does not underline",
               "does not flag", "not flagged", "not caught", "uncaught", "slips through",
               "gets through", "goes out", "unflagged", "mistake missed", "missed mistake",
               "mistake that goes out", "error that goes out", "error reaches",
               "mistake reaches", "error goes out", "mistake goes out"),
        "precision": ("underlines that point at a real error", "share of underlines",
                      "share of flags", "flags that are real errors",
                      "flagged passages that contain", "flag precision", "underline precision",
                      "precision of the underlines", "precision of flags",
                      "precision of the flags"),
        "recall": ("share of real errors", "share of errors", "errors caught", "errors underlined",
                   "real errors underlined", "real errors caught", "errors flagged",
                   "share of mistakes", "mistakes caught", "error recall", "recall of real errors",
                   "recall of errors", "share of real mistakes", "real mistakes caught",
                   "mistakes underlined", "mistakes the checker underlines",
                   "errors the checker underlines", "errors the assistant underlines",
                   "mistakes the assistant underlines", "mistakes the assistant catches",
                   "errors the assistant catches"),
        "ux": ("dismiss", "dismissed", "dismiss rate", "underlines dismissed", "flags dismissed",
               "flags ignored", "underlines ignored", "ignore", "ignored", "ignores"),
        "counter": ("flags per page", "underlines per page", "turn off", "turned off",
                    "switch off", "switched off", "disable", "disabled", "errors found by readers",
                    "corrections sent after"),
        "business": ("corrections per", "correction email", "corrections sent",
                     "client complaints", "complaints", "rework", "time saved", "hours saved",
                     "errors reaching clients"),
        "harm": ("wrong price", "price", "misspelt", "misspelled", "embarrass", "embarrassing",
                 "correction email", "wrong date", "contract", "nagged", "credibility",
                 "reputation", "unprofessional"),
    },
}


# The two errors of each scenario as learners describe them, generated from their parts (as
# module 4's reliance phrases are): "<adjective> <noun>" ("unwanted substitute"), "<noun>
# [that [is | gets]] <what happens to it>" ("substitute that gets sent back", "commitment that
# is not captured"), "<noun> [that] <clause>" ("substitute the shopper rejects") and "<verb>
# [a | an | the] <noun or adjective>" ("missing a commitment", "missing a real [mistake]";
# the verbs of ``verbs`` need the adjective: "sending a correct [line to review]").
_PARTICIPLE_LINKS = ("", "that is ", "is ", "that gets ", "gets ", "that was ")
_CLAUSE_LINKS = ("", "that ", "which ")
_ARTS = ("", "a ", "an ", "the ")


@dataclass(frozen=True)
class _Parts:
    adjs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    after: tuple[str, ...] = ()  # participles and adverbs: "sent back", "not posted"
    clauses: tuple[str, ...] = ()  # "the shopper rejects", "nobody committed to"
    miss_verbs: tuple[str, ...] = ()  # the noun or the adjective follows: "missing a real"
    verbs: tuple[str, ...] = ()  # the adjective follows: "sending a correct"
    case_adjs: tuple[str, ...] = ()  # the adjectives of the case after a verb

    def phrases(self) -> list[str]:
        out = [f"{a} {n}" for a in self.adjs for n in self.nouns]
        out += [f"{n} {c}{v}" for n in self.nouns for v in self.after for c in _PARTICIPLE_LINKS]
        out += [f"{n} {c}{v}" for n in self.nouns for v in self.clauses for c in _CLAUSE_LINKS]
        out += [f"{v} {art}{x}" for v in self.miss_verbs for art in _ARTS
                for x in (*self.case_adjs, *self.nouns)]
        out += [f"{v} {art}{a}" for v in self.verbs for art in _ARTS for a in self.case_adjs]
        return out


_ERROR_PARTS: dict[str, dict[str, tuple[_Parts, ...]]] = {
    "grocery_substitutions": {
        "fp": (_Parts(
            adjs=("wrong", "unwanted", "bad", "poor", "rejected", "unsuitable", "unacceptable",
                  "refused", "returned", "disliked", "inappropriate"),
            nouns=("substitute", "substitution", "replacement", "swap", "alternative", "item"),
            after=("sent back", "returned", "rejected", "refused"),
            clauses=("the shopper rejects", "the customer rejects", "they reject",
                     "the shopper refuses", "the customer refuses", "they refuse",
                     "the shopper does not want", "the customer does not want",
                     "they do not want", "they did not want", "the shopper did not want",
                     "nobody wants", "they hate", "the shopper hates", "the customer hates",
                     "they send back", "the shopper sends back")),),
        "fn": (_Parts(
            adjs=("missed", "skipped", "withheld", "missing"),
            nouns=("substitute", "substitution", "replacement", "swap", "alternative", "item"),
            after=("left on the shelf", "not packed", "not sent", "never sent", "never packed",
                   "not offered", "never offered", "skipped", "missed", "left out",
                   "refunded instead"),
            clauses=("was available", "they would have accepted",
                     "the shopper would have accepted", "the customer would have accepted",
                     "they would have kept", "would have worked", "would have been accepted"),
            miss_verbs=("missing", "skipping", "not sending", "not packing", "refunding",
                        "leaving out", "not offering", "failing to send", "failing to pack",
                        "failing to offer", "withholding"),
            case_adjs=("acceptable", "good", "suitable", "fine", "decent")),),
    },
    "meeting_action_items": {
        "fp": (_Parts(
            adjs=("bogus", "fake", "false", "spurious", "phantom", "junk", "unwanted", "wrong",
                  "irrelevant", "needless", "pointless", "made up", "invented", "imaginary",
                  "useless", "stray", "unnecessary"),
            nouns=("task", "to do", "action item", "item", "ticket", "reminder"),
            after=("never agreed", "made from a remark", "made from a joke"),
            clauses=("nobody committed to", "nobody agreed to", "no one agreed to",
                     "no one committed to", "nobody promised", "nobody asked for",
                     "nobody owns", "was never agreed", "was not a commitment",
                     "is not a commitment")),
               _Parts(verbs=("posting", "turning", "treating", "logging", "tracking"),
                      case_adjs=("a passing", "a casual", "a throwaway", "an idle", "a remark",
                                 "a joke", "small talk", "an idea", "a question"))),
        "fn": (_Parts(
            adjs=("missed", "lost", "forgotten", "dropped", "untracked", "uncaptured",
                  "unposted", "overlooked", "missing"),
            nouns=("commitment", "promise", "action item", "follow up", "next step", "to do",
                   "agreement", "task"),
            after=("not posted", "never posted", "not captured", "never captured",
                   "not tracked", "never tracked", "not logged", "never logged",
                   "not recorded", "lost in the transcript", "left in the transcript",
                   "buried in the transcript", "missed", "lost", "dropped", "forgotten"),
            clauses=("slips through", "never reaches the tracker", "does not reach the tracker",
                     "never makes it", "does not make it"),
            miss_verbs=("missing", "dropping", "losing", "forgetting", "failing to post",
                        "failing to capture", "failing to track", "not posting",
                        "not capturing", "not tracking", "overlooking", "skipping"),
            case_adjs=("real", "genuine", "actual", "firm", "clear")),),
    },
    "job_matching": {
        "fp": (_Parts(
            adjs=("unsuitable", "weak", "poor", "bad", "wrong", "unqualified", "irrelevant",
                  "mismatched", "underqualified", "unfit"),
            nouns=("candidate", "profile", "applicant", "match", "person", "cv", "fit"),
            after=("rejected on sight", "wrongly shortlisted", "shortlisted by mistake"),
            clauses=("who is not suitable", "who does not fit", "who is unqualified",
                     "who is not qualified", "the recruiter rejects",
                     "the recruiter turns down", "is not worth interviewing")),
               _Parts(verbs=("shortlisting", "showing", "suggesting", "ranking"),
                      case_adjs=("someone unqualified", "someone unsuitable",
                                 "someone who does not fit", "an unsuitable", "a weak",
                                 "an unqualified"))),
        "fn": (_Parts(
            adjs=("missed", "overlooked", "hidden", "excluded", "filtered"),
            nouns=("candidate", "applicant", "profile", "match", "person", "talent", "cv"),
            after=("left off", "left off the shortlist", "not shortlisted", "never shortlisted",
                   "never seen", "filtered out", "screened out", "left out", "missed",
                   "overlooked", "wrongly rejected", "wrongly filtered out", "not shown",
                   "never shown"),
            clauses=("the recruiter never sees",),
            miss_verbs=("missing", "overlooking", "filtering out", "screening out",
                        "leaving out", "excluding", "not shortlisting", "failing to shortlist",
                        "failing to show"),
            verbs=("rejecting", "dropping", "hiding"),
            case_adjs=("qualified", "good", "strong", "suitable", "great", "promising",
                       "interview worthy", "excellent", "top")),),
    },
    "invoice_categories": {
        "fp": (_Parts(
            adjs=("wrong", "incorrect", "bad", "miscategorised", "miscategorized", "misposted",
                  "erroneous", "mistaken"),
            nouns=("category", "posting", "line", "entry", "invoice", "account", "booking"),
            after=("posted under the wrong", "posted to the wrong", "posted in the wrong",
                   "booked to the wrong", "booked under the wrong", "booked in the wrong",
                   "in the wrong category", "under the wrong category",
                   "to the wrong account", "wrongly categorised", "wrongly categorized",
                   "wrongly posted", "posted wrongly", "posted incorrectly", "miscategorised",
                   "miscategorized")),
               _Parts(verbs=("posting", "auto posting", "booking"),
                      case_adjs=("the wrong", "an incorrect", "a wrong"))),
        "fn": (_Parts(
            nouns=("line", "posting", "entry", "invoice", "category"),
            after=("sent to review", "sent to manual review", "sent to the review queue",
                   "sent to the queue", "held for review", "held back", "queued",
                   "queued unnecessarily", "not posted", "not auto posted", "checked by hand",
                   "reviewed needlessly"),
            clauses=("could have been posted", "waits in the queue", "waits in the review queue",
                     "waits for review"),
            verbs=("sending", "queueing", "queuing", "holding back", "holding", "not posting",
                   "failing to post", "reviewing", "checking"),
            case_adjs=("correct", "right", "correctly categorised", "correctly categorized",
                       "good")),),
    },
    "calendar_autobook": {
        "fp": (_Parts(
            adjs=("wrong", "bad", "clashing", "conflicting", "double", "unworkable",
                  "inconvenient", "unsuitable", "impossible"),
            nouns=("booking", "slot", "time", "meeting", "invitation", "invite"),
            after=("moved", "rescheduled", "booked at a bad time"),
            clauses=("does not suit", "does not work", "does not fit", "clashes",
                     "has to be moved", "must be moved", "must be rescheduled",
                     "has to be rescheduled", "nobody can make", "an attendee cannot make",
                     "one attendee cannot make", "someone cannot make")),),
        "fn": (_Parts(
            adjs=("missed", "skipped"),
            nouns=("slot", "time", "booking", "thread", "meeting"),
            after=("not booked", "never booked", "handed back", "left to the user",
                   "booked by hand", "scheduled by hand", "left unbooked",
                   "not booked automatically"),
            clauses=("would have worked", "would work"),
            miss_verbs=("not booking", "failing to book", "missing", "handing back",
                        "skipping"),
            case_adjs=("good", "workable", "free", "suitable", "available", "fine")),),
    },
    "comment_moderation": {
        "fp": (_Parts(
            adjs=("harmless", "kind", "innocent", "friendly", "acceptable", "nice", "positive",
                  "encouraging", "legitimate"),
            nouns=("comment", "post", "message", "reply", "remark"),
            after=("hidden", "hidden by mistake", "removed", "removed by mistake", "blocked",
                   "blocked by mistake", "taken down", "wrongly hidden", "wrongly removed",
                   "wrongly blocked", "censored")),),
        "fn": (_Parts(
            adjs=("harmful", "abusive", "bullying", "hurtful", "unsafe", "nasty", "cruel",
                  "rule breaking", "offensive", "mean", "toxic", "hateful"),
            nouns=("comment", "post", "message", "reply", "content", "insult", "remark"),
            after=("published", "left up", "let through", "missed", "shown", "visible",
                   "not hidden", "not caught", "not removed", "not blocked"),
            clauses=("stays up", "stays visible", "goes live", "slips through", "gets through",
                     "children can read", "children read", "slips past the filter",
                     "gets past the filter"),
            miss_verbs=("letting", "missing", "publishing", "letting through", "not hiding",
                        "failing to hide", "failing to catch", "showing"),
            case_adjs=("harmful", "abusive", "bullying", "hurtful", "nasty", "cruel",
                       "offensive")),),
    },
    "support_reply_suggestions": {
        "fp": (_Parts(
            adjs=("wrong", "bad", "unusable", "incorrect", "misleading", "useless",
                  "irrelevant", "inaccurate", "poor", "broken"),
            nouns=("reply", "suggestion", "draft", "answer", "response"),
            after=("with wrong information", "with the wrong policy"),
            clauses=("is wrong", "the agent clears", "the agent deletes", "the agent discards",
                     "the agent has to delete", "the agent has to clear",
                     "the agent throws away", "misleads the customer")),),
        "fn": (_Parts(
            adjs=("missed", "withheld"),
            nouns=("reply", "suggestion", "draft", "answer"),
            after=("held back", "withheld", "not shown", "not suggested", "not offered",
                   "never shown", "never offered"),
            miss_verbs=("not suggesting", "not showing", "not offering", "withholding",
                        "holding back", "failing to suggest", "failing to show", "missing"),
            case_adjs=("usable", "good", "correct", "right", "helpful")),),
    },
    "writing_error_flags": {
        "fp": (_Parts(
            adjs=("false", "needless", "unnecessary", "nagging", "wrong", "bogus", "spurious",
                  "pointless"),
            nouns=("flag", "underline", "warning", "alert")),
               _Parts(verbs=("underlining", "flagging", "marking", "highlighting"),
                      case_adjs=("correct", "right", "fine", "error free", "good"),
                      adjs=("correct", "right", "error free"),
                      nouns=("passage", "sentence", "text", "word", "phrase", "figure"),
                      after=("underlined", "flagged", "marked as wrong"))),
        "fn": (_Parts(
            adjs=("missed", "uncaught", "unflagged", "undetected"),
            nouns=("error", "mistake", "typo", "figure", "name", "price", "date"),
            after=("not underlined", "not flagged", "not caught", "let through", "missed",
                   "sent to a client"),
            clauses=("goes out", "slips through", "gets through", "the tool misses",
                     "the assistant misses", "the checker misses",
                     "the assistant does not underline", "the assistant does not flag",
                     "the tool does not underline", "reaches a client", "reaches the client",
                     "goes out to a client"),
            miss_verbs=("missing", "letting", "not underlining", "not flagging",
                        "failing to flag", "failing to underline", "failing to catch",
                        "not catching", "overlooking"),
            case_adjs=("real", "actual", "genuine", "serious", "costly", "embarrassing")),),
    },
}


def _error_words(scenario_key: str, error: str) -> list[str]:
    return [p for parts in _ERROR_PARTS.get(scenario_key, {}).get(error, ())
            for p in parts.phrases()]


def _concept(name: str, *groups: Sequence[str]) -> Concept:
    phrases = [p for g in groups for p in g]
    return Concept(name, list(dict.fromkeys(phrases)))


_Index = dict[str, tuple[tuple[str, ...], ...]]


def _index(concepts: Sequence[Concept]) -> _Index:
    """The normalised phrases of ``concepts``, by their first word."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for concept in concepts:
        for phrase in concept.phrases:
            pattern = tuple(normalize(phrase))
            if pattern:
                by_first.setdefault(pattern[0], []).append(pattern)
    return {t: tuple(dict.fromkeys(v)) for t, v in by_first.items()}


def _spans(tokens: tuple[str, ...], index: _Index) -> list[tuple[int, int]]:
    """(start, end) of every occurrence in ``tokens`` of a phrase of ``index``."""
    return [(i, i + len(p)) for i, t in enumerate(tokens) for p in index.get(t, ())
            if tokens[i:i + len(p)] == p]


def _compared(tokens: tuple[str, ...], i: int) -> bool:
    """Whether the phrase at ``i`` is what something is compared against ("more than X")."""
    for t in reversed(tokens[max(0, i - 4):i]):
        if t == _BOUNDARY:
            return False
        if t in _COMPARED_BY:
            return True
    return False


def _conceded(tokens: tuple[str, ...], i: int, j: int, chosen: list[tuple[int, int]]) -> bool:
    """Whether the phrase at ``tokens[i:j]`` is conceded before the choice ("while X matters,
    ...", "X is annoying, but <the choice> ..."): after a contrast, the choice (a phrase that
    starts in ``chosen``) must follow."""
    for t in reversed(tokens[max(0, i - 6):i]):
        if t == _BOUNDARY:
            break
        if t in _CONCEDING:
            return True
    contrast = [k for k in range(j, min(j + 8, len(tokens))) if tokens[k] in _CONTRAST]
    return bool(contrast) and any(a > contrast[0] for a, _ in chosen)


def _listed(tokens: tuple[str, ...], i: int, j: int) -> bool:
    """Whether the phrase at ``tokens[i:j]`` opens the field or stands in a list."""
    if all(t in _ARTICLES or t == _BOUNDARY for t in tokens[:i]):
        return True
    before = [t for t in tokens[max(0, i - 4):i] if t not in _ARTICLES]
    if before and (before[-1] in _LISTED_BEFORE or tuple(before[-3:]) == ("as", "well", "as")):
        return True
    return j < len(tokens) and (tokens[j] in _LISTED_AFTER
                                or tuple(tokens[j:j + 2]) == ("as", "well"))


@dataclass(frozen=True)
class _Guarded(Concept):
    """A concept that a criterion rules out (``none_of``), without the uses that do not choose it.

    Attributes
    ----------
    inside : tuple of Concept
        An occurrence within one of their phrases is theirs ("posting accuracy" names
        precision in the invoice scenario, not accuracy).
    compared : bool
        The term a choice is compared against ("costs more than a missing item", "unlike
        accuracy") or conceded before it ("while a missing item is annoying, ...") is not the
        choice.
    choice : tuple of Concept
        With ``compared``: what the field should choose; a term conceded before a contrast
        that leads to it is not the choice either ("a missing item is annoying, but an
        unwanted swap is worse"; not "a wrong substitute or a missing item, but both are
        bad").
    listed : bool
        Only an occurrence that opens the field or stands in a list ("precision and recall")
        is a choice; one named in an explanation ("recall, so that precision is not bought by
        refunding everything") is not.
    """

    inside: tuple[Concept, ...] = ()
    compared: bool = False
    listed: bool = False
    choice: tuple[Concept, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "_own", _index([self]))
        object.__setattr__(self, "_theirs", _index(self.inside))
        object.__setattr__(self, "_choice", _index(self.choice))

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        tokens = tuple(tokens)
        negated = {i for i, neg in self.occurrences(tokens) if neg}
        theirs = _spans(tokens, self._theirs)  # type: ignore[attr-defined]
        chosen = _spans(tokens, self._choice) if self.compared else []  # type: ignore[attr-defined]
        for i, j in _spans(tokens, self._own):  # type: ignore[attr-defined]
            if i in negated or any(a <= i and j <= b for a, b in theirs):
                continue
            if self.compared and (_compared(tokens, i) or _conceded(tokens, i, j, chosen)):
                continue
            if self.listed and not _listed(tokens, i, j):
                continue
            return True
        return False


@dataclass(frozen=True)
class _Side(Concept):
    """Two concepts named side by side ("precision and recall", "recall or precision"): a
    hedge, not a choice. One named as the other's guardrail ("recall, with precision as its
    floor") is not."""

    pair: tuple[Concept, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "_pair", tuple(_index([c]) for c in self.pair))

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        tokens = tuple(tokens)
        found = []
        for concept, index in zip(self.pair, self._pair, strict=True):  # type: ignore[attr-defined]
            negated = {i for i, neg in concept.occurrences(tokens) if neg}
            found.append([(i, j) for i, j in _spans(tokens, index) if i not in negated])
        if not all(found):
            return False
        for a, b in ((found[0], found[1]), (found[1], found[0])):
            for _, j in a:
                for k, _ in b:
                    between = tokens[j:k]
                    if (0 < len(between) <= 5 and _BOUNDARY not in between
                            and any(t in _LISTED_BEFORE for t in between)):
                        return True
        return False


class _Mentioned(Concept):
    """A concept met by any mention, negated or not: an argument for a metric names the error
    it prevents, often in a negation ("so that no follow-up is dropped")."""

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        return bool(self.occurrences(tokens))


class _KeywordList(Concept):
    """A form rather than an idea: a field that is a list of keywords, not sentences (five
    items or more, under three words each on average). Ruled out of the items that ask for an
    argument, where a list of the words they look for ("early, threshold, plain, ...") would
    otherwise earn the points."""

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        items, words, current = 0, 0, 0
        for t in [*tokens, _BOUNDARY]:
            if t == _BOUNDARY:
                items += current > 0
                current = 0
            else:
                words += 1
                current += 1
        return items >= 5 and words < 3 * items


_KEYWORDS = _KeywordList("a list of keywords", ["a list of keywords"])


# Built concepts, kept per source concept: a scenario's error concepts have hundreds of phrases,
# and each rubric is rebuilt for every brief it scores.
_MEMO: dict[tuple[Any, ...], tuple[object, Concept]] = {}


def _memo(key: tuple[Any, ...], owner: object, build: Any) -> Any:
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is owner:
        return hit[1]
    value = build()
    _MEMO[key] = (owner, value)
    return value


def _mentioned(concept: Concept) -> _Mentioned:
    return _memo(("mentioned", id(concept)), concept,
                 lambda: _Mentioned(concept.name, list(concept.phrases)))


def _guarded(concept: Concept, *, inside: tuple[Concept, ...] = (), compared: bool = False,
             listed: bool = False, choice: tuple[Concept, ...] = ()) -> _Guarded:
    key = ("guarded", id(concept), tuple(map(id, inside)), compared, listed,
           tuple(map(id, choice)))
    return _memo(key, concept, lambda: _Guarded(concept.name, list(concept.phrases),
                                                inside=inside, compared=compared,
                                                listed=listed, choice=choice))


@dataclass(frozen=True)
class _Words:
    """The concepts of one scenario, built from its answer key."""

    fp: Concept
    fn: Concept
    precision: Concept
    recall: Concept
    ux: Concept
    business: Concept
    goal: Concept
    harm: Concept
    counter_extra: Concept
    vocabulary: tuple[Concept, ...]


_WORDS_CACHE: dict[str, tuple[Scenario, _Words]] = {}


def _words(scenario: Scenario) -> _Words:
    cached = _WORDS_CACHE.get(scenario.key)
    if cached is not None and cached[0] is scenario:
        return cached[1]
    key = scenario.answer_key
    more = _MORE_WORDS.get(scenario.key, {})

    def also(name: str) -> tuple[str, ...]:
        return more.get(name, ())

    precision = _concept("precision", _GENERIC_PRECISION, key.precision_words, also("precision"))
    recall = _concept("recall", _GENERIC_RECALL, key.recall_words, also("recall"))
    ux = _concept(scenario.ux_metric_name, _GENERIC_UX, key.ux_metric, [scenario.ux_metric_name],
                  also("ux"))
    business = _concept(scenario.business_metric_name, _GENERIC_BUSINESS, key.business_outcome,
                        [scenario.business_metric_name], also("business"))
    counter_extra = _concept("a counter-metric of this product", key.counter_metrics,
                             also("counter"))
    vocabulary = (
        precision, recall, ux, business, counter_extra, _ENGAGEMENT, _ACCURACY, _CALIBRATION,
        _HEALTH, _C["f1"], _C["auc"], _C["expected cost"], _C["satisfaction"],
        _C["task completion"], _C["retention"], _C["latency"], _C["hallucination"],
    )
    words = _Words(
        fp=_concept("the false positive", _GENERIC_FP, key.false_positive_words, also("fp"),
                    _error_words(scenario.key, "fp")),
        fn=_concept("the false negative", _GENERIC_FN, key.false_negative_words, also("fn"),
                    _error_words(scenario.key, "fn")),
        precision=precision,
        recall=recall,
        ux=ux,
        business=business,
        goal=_concept("the user's goal", key.goal, also("goal")),
        harm=_concept("the harm to users", key.harm_words, also("harm"), key.goal, also("goal")),
        counter_extra=counter_extra,
        vocabulary=vocabulary,
    )
    _WORDS_CACHE[scenario.key] = (scenario, words)
    return words


# How many metrics the diagnostic-metric field may name (the metric and, say, its guardrail).
_DIAGNOSTIC_FOCUS = 2


def _side(scenario: Scenario) -> _Side:
    """Precision and recall named side by side in ``scenario``'s words."""
    w = _words(scenario)
    return _memo(("side", scenario.key), w, lambda: _Side(
        "precision and recall side by side", ["precision and recall"],
        pair=(w.precision, w.recall)))


def diagnostic_family(text: str, scenario: Scenario) -> str | None:
    """Which metric family a diagnostic-metric answer names: "precision", "recall", "ux" or None.

    None when it names none of them, precision and recall side by side ("precision and
    recall") or a list of more than two metrics; when it names both otherwise, the one it names
    first ("precision, with recall as its floor").

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> s = next(iter(SCENARIOS.values()))
    >>> diagnostic_family("Precision of the flagged cases", s)
    'precision'
    >>> diagnostic_family("Recall, not precision", s)
    'recall'
    >>> diagnostic_family("clicks", s) is None
    True
    """
    w = _words(scenario)
    if len(find_concepts(text, w.vocabulary)) > _DIAGNOSTIC_FOCUS:
        return None
    named = set(find_concepts(text, [w.precision, w.recall]))
    if len(named) == 1:
        return named.pop()
    if not named:
        return "ux" if find_concepts(text, [w.ux]) else None
    tokens = tuple(normalize(text))
    if _side(scenario).affirmed_in(tokens):
        return None
    first = {name: min((i for i, neg in c.occurrences(tokens) if not neg), default=len(tokens))
             for name, c in (("precision", w.precision), ("recall", w.recall))}
    return min(first, key=first.get)


def baseline_rates(table: pd.DataFrame) -> dict[str, float]:
    """Precision and recall of the current process (``baseline_flag``) and of the AI (``ai_flag``).

    Computed with scikit-learn; this is the reference the selection brief's baseline is
    checked against (the learner computes the same numbers in their own code first).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"label": [1, 1, 0, 0], "baseline_flag": [1, 0, 1, 0],
    ...                   "ai_flag": [1, 1, 0, 0]})
    >>> baseline_rates(t)
    {'baseline_precision': 0.5, 'baseline_recall': 0.5, 'ai_precision': 1.0, 'ai_recall': 1.0}
    """
    from sklearn.metrics import precision_score, recall_score

    missing = {"label", "baseline_flag", "ai_flag"} - set(table.columns)
    if missing:
        raise ValueError(f"the table lacks the column(s) {sorted(missing)}")
    if len(table) == 0:
        raise ValueError("the table is empty")
    y = table["label"].to_numpy()
    out = {}
    for who in ("baseline", "ai"):
        flag = table[f"{who}_flag"].to_numpy()
        out[f"{who}_precision"] = float(precision_score(y, flag, zero_division=0))
        out[f"{who}_recall"] = float(recall_score(y, flag, zero_division=0))
    return out


def _expected_primary(scenario: Scenario) -> tuple[str, ...]:
    return tuple("precision" if e == "false_positive" else "recall"
                 for e in scenario.answer_key.costlier)


# --- step 1-5: the selection brief ------------------------------------------------------------

SELECTION_FIELDS = {
    "user_goal": "What is the user trying to get done (in their words, not the product's)?",
    "costlier_error": "Which ONE error costs more here? Name it in the product's words.",
    "why_costlier": "Why that error costs more: what happens to the user (two sentences).",
    "diagnostic_metric": "The one diagnostic metric you would steer the model by.",
    "why_diagnostic": "Why it is leading, actionable and interpretable (two or three "
                      "sentences).",
    "baseline": "That metric for the current process, computed from your table (a number).",
    "target": "The value you aim for, and by when.",
    "counter_metric": "The counter-metric you set beside it, and why.",
}


def _target_window(baseline: float | None) -> tuple[float, float]:
    """The target's (centre, half-width): above the baseline and at most 1.

    A target is checked as a number that agrees with the centre within the half-width, so that
    the feedback never prints the window (whose lower end would give the baseline away).
    """
    if baseline is None:
        return 0.5, 0.5
    if not np.isfinite(baseline):
        return float("nan"), 0.0
    low = min(float(baseline) + 0.005, 1.0)
    return (low + 1.0) / 2, (1.0 - low) / 2


def selection_rubric(
    scenario: Scenario, *, family: str | None = None, baseline: float | None = None
) -> Rubric:
    """The five-step selection brief's rubric for ``scenario`` (7.5 points).

    Score a brief with :func:`score_selection_brief`, which supplies the numbers the baseline
    and the target are checked against.

    Parameters
    ----------
    scenario : Scenario
        The learner's scenario.
    family : {"precision", "recall", "ux"}, optional
        The family the learner's diagnostic metric names (see :func:`diagnostic_family`); it
        decides which counter-metrics are acceptable. None: the answer key's first choice.
    baseline : float, optional
        The current process's value of that metric; a target must lie above it (and at most 1).

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> selection_rubric(next(iter(SCENARIOS.values()))).max_points
    7.5
    """
    w = _words(scenario)
    key = scenario.answer_key
    acceptable = [w.fp if e == "false_positive" else w.fn for e in key.costlier]
    # naming the other error as well is a hedge, unless it is only compared against or conceded
    other_error = [] if len(acceptable) == 2 else [
        _guarded(w.fn if key.costlier == ("false_positive",) else w.fp, compared=True,
                 choice=tuple(acceptable))]
    primaries = [w.precision if p == "precision" else w.recall
                 for p in _expected_primary(scenario)]
    family = family or _expected_primary(scenario)[0]
    _, half_width = _target_window(baseline)
    counter = {"precision": [w.recall, w.counter_extra, w.ux],
               "recall": [w.precision, w.counter_extra, w.ux],
               "ux": [w.precision, w.recall, w.counter_extra]}.get(family, [w.counter_extra])
    # the diagnostic metric again as the counter: listed beside it or opening the field
    same = {"precision": [w.precision], "recall": [w.recall], "ux": [w.ux]}.get(family, [])
    criteria = [
        Criterion(
            "user-goal", ["user_goal"], 1.0,
            met="states what the user is trying to get done.",
            missing=f"state the goal of {scenario.user} in their own terms: what do they want "
                    "to be true at the end, whatever the product does?",
            any_of=[w.goal], none_of=[_ENGAGEMENT, _FEATURE_USE]),
        Criterion(
            "costlier-error", ["costlier_error"], 1.0,
            met="names the error that costs more in this product.",
            missing="name the one error that costs more, in the product's words; compare what "
                    "each kind of mistake does to the user and what it costs "
                    f"({scenario.cost_unit}).",
            any_of=acceptable, none_of=other_error),
        Criterion(
            "why-costlier", ["why_costlier"], 0.5,
            met="ties the cost of that error to what happens to the user.",
            missing="say what that error does to the user or their work, concretely.",
            any_of=[w.harm, _concept("a user", _USER)], none_of=[_KEYWORDS], min_words=8),
        Criterion(
            "diagnostic", ["diagnostic_metric"], 1.0,
            met="the diagnostic metric guards the costlier error.",
            missing="pick the model metric that moves when the costlier error becomes more "
                    "frequent; accuracy and engagement hide which error is made.",
            any_of=primaries,
            none_of=[_guarded(_ENGAGEMENT, listed=True),
                     _guarded(_ACCURACY, inside=(w.precision, w.recall), listed=True),
                     _side(scenario)]),
        Criterion(
            "leading", ["why_diagnostic"], 0.5,
            met="explains why it is leading (it moves before the business outcome does).",
            missing="say why the metric moves early, before the business outcome.",
            any_of=[_LEADING], none_of=[_KEYWORDS], min_words=10),
        Criterion(
            "actionable", ["why_diagnostic"], 0.5,
            met="explains why it is actionable (the team has a lever on it).",
            missing="say which lever the team pulls when the metric moves.",
            any_of=[_ACTIONABLE], none_of=[_KEYWORDS], min_words=10),
        Criterion(
            "interpretable", ["why_diagnostic"], 0.5,
            met="explains why it is interpretable (anyone can read what it means).",
            missing="say how a stakeholder would read the metric in plain words.",
            any_of=[_INTERPRETABLE], none_of=[_KEYWORDS], min_words=10),
        Criterion(
            "baseline", ["baseline"], 0.75,
            met="the baseline agrees with the current process in your own table.",
            missing="compute your diagnostic metric for the current process (`baseline_flag`) "
                    "in your table and state that one value (a share between 0 and 1, or a "
                    "percentage).",
            number="baseline", tolerance=0.01),
        Criterion(
            "target", ["target"], 0.75,
            met="the target improves on the baseline and stays possible (at most 1).",
            missing="state one target above your baseline (and at most 1) for the same metric.",
            number="target", tolerance=half_width),
        Criterion(
            "counter-metric", ["counter_metric"], 1.0,
            met="the counter-metric watches what pushing the diagnostic metric would cost.",
            missing="pick a counter-metric that gets worse when your diagnostic metric is "
                    "pushed too far (the other kind of error, or what users do about it).",
            any_of=counter,
            none_of=[_ENGAGEMENT, *(_guarded(c, listed=True) for c in same)]),
    ]
    return Rubric(
        name=f"Module 6 - metric selection for {scenario.title}",
        fields=SELECTION_FIELDS,
        criteria=criteria,
        vocabulary=w.vocabulary,
        focus={"costlier_error": 2, "diagnostic_metric": _DIAGNOSTIC_FOCUS, "counter_metric": 3},
    )


def score_selection_brief(
    brief: Mapping[str, Any], scenario: Scenario, table: pd.DataFrame, *, verbose: bool = True
) -> BriefScore:
    """Score the five-step selection brief; numbers are checked against ``table``.

    The baseline must equal the current process's precision or recall (whichever the
    diagnostic metric names) in the learner's own table, within 0.01; the target must lie above
    it, and at most 1. A diagnostic metric that names neither cannot earn the baseline or target
    points. The feedback never prints the expected numbers.

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS, make_scenario_table
    >>> s = next(iter(SCENARIOS.values()))
    >>> t = make_scenario_table(s, random_state=0)
    >>> empty = {f: "" for f in SELECTION_FIELDS}
    >>> score_selection_brief(empty, s, t, verbose=False).points
    0.0
    """
    if not isinstance(brief, Mapping):
        raise ValueError(f"a brief must be a dict of text fields, not {type(brief).__name__}")
    text = brief.get("diagnostic_metric")
    family = diagnostic_family(text if isinstance(text, str) else "", scenario)
    rates = baseline_rates(table)
    baseline = rates.get(f"baseline_{family}", float("nan"))
    rubric = selection_rubric(scenario, family=family, baseline=baseline)
    target, _ = _target_window(baseline)
    return score_brief(brief, rubric, numbers={"baseline": baseline, "target": target},
                       verbose=verbose)


# --- the four-layer stack ---------------------------------------------------------------------

STACK_FIELDS = {
    "decision_impact": "Layer 1, decision impact: one metric of how good the AI's decisions are.",
    "trust_calibration": "Layer 2, trust calibration: one metric of whether users rely on it "
                         "the right amount.",
    "system_health": "Layer 3, system health: one metric of whether the system keeps working.",
    "business_outcome": "Layer 4, business outcome: one metric the business already tracks.",
    "model_quality": "Module 1's category 'model quality': one metric of your scenario.",
    "user_experience": "Module 1's category 'user experience': one metric of your scenario.",
    "business_impact": "Module 1's category 'business impact': one metric of your scenario.",
    "operational_health": "Module 1's category 'operational health': one metric of your "
                          "scenario.",
}


def stack_rubric(scenario: Scenario) -> Rubric:
    """One metric per layer of the four-layer stack and per module-1 category (6 points).

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> stack_rubric(next(iter(SCENARIOS.values()))).max_points
    6.0
    """
    w = _words(scenario)
    decision, trust, quality, ux = _memo(("stack", scenario.key), w, lambda: (
        _concept("decision impact", w.precision.phrases, w.recall.phrases, w.fp.phrases,
                 w.fn.phrases, _C["expected cost"].phrases, _C["f1"].phrases,
                 ["error cost", "cost of errors", "wrong decision", "right decision"]),
        _concept("trust calibration", _CALIBRATION.phrases, w.ux.phrases,
                 *(_C[c].phrases for c in _RELIANCE)),
        _concept("model quality", _QUALITY.phrases, w.precision.phrases, w.recall.phrases),
        _concept("user experience", _USER_EXPERIENCE.phrases, w.ux.phrases)))
    business = w.business

    def layer(cid: str, f: str, points: float, concept: Concept, what: str,
              none_of: Sequence[Concept] = ()) -> Criterion:
        return Criterion(cid, [f], points, met=f"a {what} metric.",
                         missing=f"name one {what} metric of your scenario.",
                         any_of=[concept], none_of=[*none_of, _KEYWORDS])

    criteria = [
        layer("decision-impact", "decision_impact", 1.0, decision, "decision-impact",
              [_ENGAGEMENT]),
        layer("trust-calibration", "trust_calibration", 1.0, trust, "trust-calibration"),
        layer("system-health", "system_health", 1.0, _HEALTH, "system-health"),
        layer("business-outcome", "business_outcome", 1.0, business, "business-outcome",
              [_ENGAGEMENT]),
        layer("model-quality", "model_quality", 0.5, quality, "model-quality", [_ENGAGEMENT]),
        layer("user-experience", "user_experience", 0.5, ux, "user-experience"),
        layer("business-impact", "business_impact", 0.5, business, "business-impact",
              [_ENGAGEMENT]),
        layer("operational-health", "operational_health", 0.5, _HEALTH, "operational-health"),
    ]
    return Rubric(
        name=f"Module 6 - metric stack for {scenario.title}",
        fields=STACK_FIELDS,
        criteria=criteria,
        vocabulary=w.vocabulary,
        focus={f: 2 for f in STACK_FIELDS},
    )


# --- defend under pushback --------------------------------------------------------------------

@dataclass(frozen=True)
class Pushback:
    """A pushback prompt and the idea an answer to it must engage with.

    ``scenario_words`` names the scenario's own concepts that also engage with the topic
    ("fewer substitutes packed" answers "what about recall?" in the grocery scenario), and
    ``caving`` the ways of giving in to the pushback, which earn no trade-off points.
    """

    key: str
    prompt: str
    topic: Concept
    topic_hint: str
    scenario_words: tuple[str, ...] = ()
    caving: Concept | None = None


def _pushback(key: str, prompt: str, topic: Sequence[str], hint: str, *,
              scenario_words: Sequence[str] = (), caving: Sequence[str] = ()) -> Pushback:
    return Pushback(key, prompt, Concept(key.replace("_", " "), list(topic)), hint,
                    tuple(scenario_words),
                    Concept("giving in to the pushback", list(caving)) if caving else None)


#: The pool of pushbacks; each learner answers three, drawn from their seed. ``{other}`` is the
#: metric the learner's primary trades away, filled from the scenario.
PUSHBACKS: dict[str, Pushback] = {p.key: p for p in [
    _pushback("other_metric",
              "What about {other}? Pushing your primary will make the other mistake more "
              "often.",
              [*_GENERIC_PRECISION, *_GENERIC_RECALL, *_GENERIC_FP, *_GENERIC_FN, "other error",
               "other mistake", "other kind of error", "both errors", "both kinds"],
              "name the metric the pushback is about and what you give up on it",
              scenario_words=("precision", "recall", "fp", "fn"),
              caving=["switch to recall", "switch to precision", "switch the primary",
                      "change the primary", "make recall the primary",
                      "make precision the primary", "use recall instead",
                      "use precision instead", "drop precision", "drop recall",
                      "we should switch", "i will switch", "i would switch"]),
    _pushback("engagement_up",
              "Engagement with the feature is up week after week. Why worry?",
              [*_ENGAGEMENT.phrases, "engaged", "opens", "interaction", "open", "opening",
               "opened", "views", "tap", "tapping", "activity"],
              "say what engagement measures and what it does not",
              caving=["nothing to worry", "no need to worry", "no reason to worry",
                      "do not need to worry", "engagement proves", "proves it works",
                      "proves the feature works", "shows it works", "shows the feature works",
                      "a good sign", "engagement is what matters", "engagement is enough",
                      "nothing wrong", "love it", "value it", "celebrate", "push it further",
                      "all good", "no problem"]),
    _pushback("just_accuracy",
              "Why not just report accuracy? Everyone understands it.",
              ["accuracy", "accurate", "imbalance", "imbalanced", "rare", "base rate",
               "prevalence", "majority", "always say no", "always predict", "most cases",
               "both errors", "treats every error", "treats errors the same",
               "weighs errors equally", "weights errors equally", "all errors the same",
               "accuracy paradox"],
              "say what accuracy hides in this product",
              caving=["report accuracy", "use accuracy", "switch to accuracy",
                      "accuracy is enough", "accuracy is fine", "accuracy is good enough",
                      "accuracy will do", "accuracy would do", "accuracy works"]),
    _pushback("ship_it_now",
              "The model already beats the current process. Why not roll it out to everyone "
              "now and measure later?",
              ["baseline", "current process", "staged", "gradual", "canary", "pilot", "ramp",
               "holdout", "a b test", "ab test", "experiment", "one segment", "rollout",
               "roll out", "launch", "at a time", "phased", "phase", "gradually", "shadow",
               "beta", "before everyone", "all at once", "everyone at once"],
              "say how you would roll out and what you measure first",
              caving=["roll it out to everyone now", "roll out to everyone now", "ship it now",
                      "launch it now", "launch now", "ship now", "roll it out now",
                      "measure later", "measure it later", "measure afterwards"]),
    _pushback("one_number",
              "Leadership wants one number on the dashboard. Why do we need a counter-metric?",
              ["counter metric", "counter", "guardrail", "goodhart", "gaming", "game", "gamed",
               "one number", "single number", "single metric", "one metric", "hide", "hides",
               "blind spot", "one figure", "single figure", "alone", "beside it",
               "next to it", "side by side"],
              "say what a single number hides once a team is pushed on it",
              scenario_words=("counter_extra",),
              caving=["one number is enough", "single number is enough", "one number is fine",
                      "single number is fine", "drop the counter", "we do not need a counter",
                      "no need for a counter", "just show one number", "only show one number",
                      "alone is enough", "is enough on the dashboard", "leadership is right"]),
    _pushback("users_love_it",
              "Users rate the feature highly in the survey. Isn't trust solved?",
              [*_CALIBRATION.phrases, "rating", "survey", "satisfaction", "csat", "nps",
               "rate it", "like it", "love it", "without checking", "blindly", "too much"],
              "say what a high rating cannot tell you about reliance",
              scenario_words=("ux",),
              caving=["trust is solved", "trust is fine", "ratings prove", "survey proves",
                      "rating proves", "no need to check", "nothing to fix",
                      "they trust it so", "high ratings mean trust", "trust is clearly fine",
                      "trust is clearly solved", "move on"]),
]}

PUSHBACK_FIELDS = {
    "trade_off": "Acknowledge the trade-off the pushback points at: what you give up and why "
                 "it is worth it.",
    "guardrail": "The guardrail you keep and its floor (or ceiling), as a number.",
    "user_impact": "How your choice ties to what happens to the user.",
    "change_my_mind": "The observable signal that would make you change your choice.",
}


def pushbacks_for_seed(seed: int) -> tuple[Pushback, Pushback, Pushback]:
    """The three pushbacks a learner answers, drawn from their seed (every pool member reachable).

    Examples
    --------
    >>> [p.key for p in pushbacks_for_seed(1)] == [p.key for p in pushbacks_for_seed(1)]
    True
    >>> len(set(p.key for p in pushbacks_for_seed(7)))
    3
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng([int(seed), 6])
    keys = list(PUSHBACKS)
    chosen = rng.choice(len(keys), size=3, replace=False)
    return tuple(PUSHBACKS[keys[i]] for i in chosen)  # type: ignore[return-value]


def pushback_prompt(pushback: Pushback, scenario: Scenario) -> str:
    """The pushback as the learner reads it, with the scenario's traded-away metric filled in.

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> pushback_prompt(PUSHBACKS["other_metric"], SCENARIOS["grocery_substitutions"])[:17]
    'What about recall'
    """
    other = "recall" if _expected_primary(scenario)[0] == "precision" else "precision"
    return pushback.prompt.format(other=other)


def pushback_rubric(scenario: Scenario, pushback: Pushback) -> Rubric:
    """A defence under pushback (3 points): trade-off, guardrail floor, user impact, signal.

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> pushback_rubric(next(iter(SCENARIOS.values())), PUSHBACKS["just_accuracy"]).max_points
    3.0
    """
    w = _words(scenario)
    metrics = list(w.vocabulary)
    topic = _memo(("topic", scenario.key, id(pushback)), w, lambda: _mentioned(_concept(
        pushback.topic.name, pushback.topic.phrases,
        *(getattr(w, name).phrases for name in pushback.scenario_words))))
    caving = [pushback.caving] if pushback.caving is not None else []
    # what a guardrail may be set on: any metric but engagement and accuracy
    guards = tuple(c for c in w.vocabulary if c is not _ENGAGEMENT and c is not _ACCURACY)
    criteria = [
        Criterion("topic", ["trade_off"], 0.75,
                  met="engages with what the pushback is about.",
                  missing=f"answer the pushback itself: {pushback.topic_hint}.",
                  any_of=[topic], none_of=[*caving, _KEYWORDS], min_words=8),
        Criterion("trade-off", ["trade_off"], 0.5,
                  met="acknowledges what the choice gives up.",
                  missing="acknowledge the trade-off: what gets worse, and why you accept it "
                          "rather than giving in.",
                  any_of=[_TRADE_OFF], none_of=[*caving, _KEYWORDS], min_words=8),
        Criterion("guardrail-floor", ["guardrail"], 0.75,
                  met="keeps a guardrail metric with a number.",
                  missing="name the guardrail metric and its floor or ceiling as a number "
                          "between 0.3 and 0.99 (or 30-99 %); engagement and accuracy are not "
                          "guardrails here.",
                  any_of=metrics, number_range=(0.3, 0.99),
                  none_of=[_guarded(_ENGAGEMENT, compared=True, choice=guards),
                           _guarded(_ACCURACY, inside=(w.precision, w.recall), compared=True,
                                    choice=guards)]),
        Criterion("user-impact", ["user_impact"], 0.5,
                  met="ties the choice to what happens to the user.",
                  missing="say what the choice means for the user, concretely.",
                  any_of=[w.harm, _concept("a user", _USER)], none_of=[_KEYWORDS], min_words=8),
        Criterion("signal-metric", ["change_my_mind"], 0.25,
                  met="names an observable metric.",
                  missing="name the metric you would watch.",
                  any_of=metrics, none_of=[_KEYWORDS], min_words=6),
        Criterion("signal-direction", ["change_my_mind"], 0.25,
                  met="says which movement of it would change your mind.",
                  missing="say which way (and past what) it would have to move.",
                  any_of=[_DIRECTION], none_of=[_KEYWORDS], min_words=6),
    ]
    return Rubric(
        name=f"Module 6 - pushback: {pushback.key.replace('_', ' ')}",
        fields=PUSHBACK_FIELDS,
        criteria=criteria,
        vocabulary=w.vocabulary,
        focus={"trade_off": 4, "guardrail": 3, "user_impact": 3, "change_my_mind": 3},
    )


# --- the metric-swap drill --------------------------------------------------------------------

SWAP_FIELDS = {
    "precision_case": "Argue for precision as the primary: which error it guards against, "
                      "for whom.",
    "precision_cost": "What making precision the primary gives up, and the guardrail you pair "
                      "it with.",
    "recall_case": "Argue for recall as the primary: which error it guards against, for whom.",
    "recall_cost": "What making recall the primary gives up, and the guardrail you pair it "
                   "with.",
    "ux_case": "Argue for the UX metric as the primary: what it sees that model metrics miss.",
    "ux_cost": "What making the UX metric the primary gives up, and the guardrail you pair it "
               "with.",
}


def swap_rubric(scenario: Scenario) -> Rubric:
    """The metric-swap drill (6 points): each argument names its metric, the error it guards,
    what it gives up and a guardrail.

    Examples
    --------
    >>> from ai_product_metrics.datasets.capstone import SCENARIOS
    >>> swap_rubric(next(iter(SCENARIOS.values()))).max_points
    6.0
    """
    w = _words(scenario)
    user_side = _concept("what users do", _USER, w.ux.phrases, _CALIBRATION.phrases,
                         w.harm.phrases, ["behaviour", "behavior", "workflow", "interface", "ux",
                                          "design", "experience"])
    plan = {
        "precision": (w.precision, [_mentioned(w.fp)], [w.recall, w.fn]),
        "recall": (w.recall, [_mentioned(w.fn)], [w.precision, w.fp]),
        "ux": (w.ux, [user_side], [w.precision, w.recall, w.fp, w.fn, _QUALITY]),
    }
    criteria = []
    for metric, (named, guards, gives_up) in plan.items():
        criteria += [
            Criterion(f"{metric}-named", [f"{metric}_case"], 0.5,
                      met=f"argues for {named.name} as the primary.",
                      missing=f"make the case for {named.name} itself: name it.",
                      any_of=[named], none_of=[_KEYWORDS], min_words=8),
            Criterion(f"{metric}-guards", [f"{metric}_case"], 0.5,
                      met="says what it guards against in this product.",
                      missing="say which mistake or user behaviour this metric would catch, in "
                              "the product's words.",
                      any_of=guards, none_of=[_KEYWORDS], min_words=8),
            Criterion(f"{metric}-gives-up", [f"{metric}_cost"], 0.5,
                      met="names what the choice trades away.",
                      missing="say what gets worse when this metric is the one you push.",
                      any_of=gives_up, none_of=[_KEYWORDS], min_words=6),
            Criterion(f"{metric}-guardrail", [f"{metric}_cost"], 0.5,
                      met="pairs it with a guardrail.",
                      missing="pair it with a guardrail: a metric and its floor or ceiling.",
                      any_of=[_mentioned(_LIMIT)], none_of=[_KEYWORDS], min_words=6),
        ]
    return Rubric(
        name=f"Module 6 - metric-swap drill for {scenario.title}",
        fields=SWAP_FIELDS,
        criteria=criteria,
        vocabulary=w.vocabulary,
        focus={f: 4 for f in SWAP_FIELDS},
    )
