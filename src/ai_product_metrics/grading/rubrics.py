"""The course's rubrics and the shared vocabulary of metric concepts they are built from.

Each module adds its rubric here; tests in ``tests/test_rubrics.py`` hold, for every rubric, a
corpus of answers (right in other words, wrong, negated, keyword-stuffed) with the scores they
must get.
"""

from __future__ import annotations

from .rubric import Concept, Criterion, Rubric

__all__ = ["CONCEPTS", "SUMMARY_FEATURE_BRIEF", "VOCABULARY"]

#: Metric concepts shared by every rubric, each with the ways learners name it.
CONCEPTS: dict[str, Concept] = {
    c.name: c
    for c in [
        Concept("engagement", [
            "engagement", "click", "clicks", "ctr", "click through", "clickthrough",
            "time spent", "time on summary", "time on page", "dwell time", "session",
            "page view", "usage", "daily active user", "dau", "mau", "active user",
        ]),
        Concept("task completion", [
            "task completion", "task completed", "completion rate", "tasks completed",
            "task success", "completed task", "complete their task", "finish their task",
        ]),
        Concept("hallucination", [
            "hallucination", "hallucinated", "faithfulness", "faithful", "factual error",
            "factuality", "grounded", "groundedness", "unsupported claim", "fabricated",
            "summary accuracy", "audited error",
        ]),
        Concept("editing labor", [
            "edit time", "editing time", "time editing", "editing", "edit", "correction",
            "correcting", "fixing", "fix the summary", "rewrite", "rewriting", "labor",
            "labour", "manual work", "regenerate", "effort",
        ]),
        Concept("retention", [
            "retention", "retained", "day 3", "d3", "day three", "come back", "return rate",
            "churn", "stickiness",
        ]),
        Concept("novelty", [
            "novelty", "new user", "new cohort", "new signup", "new sign up", "signup",
            "sign up", "marketing", "acquisition", "curiosity", "growth from new",
        ]),
        Concept("fallback", ["fallback", "fall back", "manual path", "abandon", "abandonment"]),
        Concept("acceptance", ["acceptance", "accepted", "accept rate", "adoption"]),
        Concept("override", ["override", "overridden", "overrule"]),
        Concept("satisfaction", ["satisfaction", "nps", "csat", "thumbs up", "rating"]),
        Concept("latency", ["latency", "p95", "p99", "response time", "inference time"]),
        Concept("cost", ["cost per inference", "serving cost", "inference cost", "compute cost"]),
        Concept("revenue", ["revenue", "conversion", "upgrade", "paid", "subscription"]),
        Concept("precision", ["precision", "false positive"]),
        Concept("recall", ["recall", "sensitivity", "false negative", "miss rate"]),
        Concept("accuracy", ["accuracy", "accurate"]),
        Concept("drift", ["drift", "distribution shift", "psi"]),
    ]
}

#: All metric concepts, used to detect keyword stuffing.
VOCABULARY = tuple(CONCEPTS.values())

_C = CONCEPTS

SUMMARY_FEATURE_BRIEF = Rubric(
    name="Module 1 - metric brief for the Summarize feature",
    fields={
        "primary_metric": "The one metric that says whether the feature works for users.",
        "counter_metric": "The metric you watch beside it, to catch what the primary can hide.",
        "baseline": "The audited hallucination rate of the first four weeks, from your data.",
        "reconsider_signal": "What observation would make you change your primary metric?",
        "justification": "Why engagement misled the team here (a few sentences).",
    },
    criteria=[
        Criterion(
            "primary-is-outcome", ["primary_metric"], 1.0,
            met="the primary metric measures whether users get value (an outcome or quality "
                "metric), not how busy they are.",
            missing="make the primary metric an outcome or quality measure such as task "
                    "completion or audited hallucination rate; engagement rose while the "
                    "feature got worse.",
            any_of=[_C["task completion"], _C["hallucination"]],
            none_of=[_C["engagement"]],
        ),
        Criterion(
            "counter-catches-harm", ["counter_metric"], 1.0,
            met="the counter-metric watches quality or the labor users spend fixing output.",
            missing="pick a counter-metric that would expose a worse model even when the "
                    "primary looks fine: quality of the output, or effort spent correcting it.",
            any_of=[_C["hallucination"], _C["editing labor"], _C["task completion"],
                    _C["fallback"]],
            none_of=[_C["engagement"]],
        ),
        Criterion(
            "baseline-from-data", ["baseline"], 1.0,
            met="the baseline agrees with your own data.",
            missing="state the audited hallucination rate of weeks 1-4 as computed from your "
                    "data (a share such as 0.05 or a percentage such as 5%).",
            number="baseline_hallucination_rate", tolerance=0.005,
        ),
        Criterion(
            "reconsider-signal", ["reconsider_signal"], 0.5,
            met="names a concrete, observable signal.",
            missing="name an observable metric movement that would make you change your mind.",
            any_of=VOCABULARY, min_words=5,
        ),
        Criterion(
            "time-is-labor", ["justification"], 0.75,
            met="explains that the extra time and clicks are users fixing bad summaries.",
            missing="explain what the extra time on each summary actually was.",
            any_of=[_C["editing labor"]], min_words=15,
        ),
        Criterion(
            "dau-is-novelty", ["justification"], 0.75,
            met="explains that DAU grew with new cohorts while retention stayed flat.",
            missing="explain why growing DAU did not show that the feature adds value "
                    "(who were the new users, and did they stay?).",
            any_of=[_C["novelty"], _C["retention"]], min_words=15,
        ),
    ],
    vocabulary=VOCABULARY,
    focus={"primary_metric": 1, "counter_metric": 2},
)
