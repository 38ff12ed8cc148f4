"""The course's rubrics and the shared vocabulary of metric concepts they are built from.

Each module adds its rubric here; tests in ``tests/test_rubrics.py`` hold, for every rubric, a
corpus of answers (right in other words, wrong, negated, keyword-stuffed) with the scores they
must get.
"""

from __future__ import annotations

from .rubric import Concept, Criterion, Rubric

__all__ = [
    "CONCEPTS",
    "FRAUD_BRIEF",
    "IDEAS",
    "SCREENING_BRIEF",
    "SPAM_BRIEF",
    "SUMMARY_FEATURE_BRIEF",
    "VOCABULARY",
]

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
        Concept("precision", ["precision", "positive predictive value", "ppv"]),
        Concept("recall", ["recall", "sensitivity", "true positive rate", "tpr", "catch rate",
                           "detection rate", "hit rate"]),
        Concept("specificity", ["specificity", "true negative rate", "false positive rate",
                                "fpr", "false alarm rate"]),
        Concept("f1", ["f1", "f score", "f1 score", "f measure"]),
        Concept("auc", ["auc", "roc auc", "area under the curve", "auroc"]),
        Concept("expected cost", ["expected cost", "cost of error", "total cost", "fraud loss",
                                  "loss in euro", "euro lost", "money lost", "dollar loss",
                                  "value weighted", "amount weighted", "euro weighted"]),
        Concept("accuracy", ["accuracy", "accurate"]),
        Concept("drift", ["drift", "distribution shift", "psi"]),
    ]
}

#: All metric concepts, used to detect keyword stuffing.
VOCABULARY = tuple(CONCEPTS.values())

#: Ideas that are not metric names (kinds of error, urgency, reasons), used by criteria only.
IDEAS: dict[str, Concept] = {
    c.name: c
    for c in [
        Concept("false positive", [
            "false positive", "fp", "false alarm", "good email marked as spam",
            "good email in spam", "legitimate email", "real email", "lost email",
            "good email", "wrongly flagged", "wrongly blocked", "blocked legitimate",
            "legitimate transaction blocked", "declined legitimate", "healthy patient flagged",
            "unnecessary biopsy", "unnecessary follow up", "false flag",
        ]),
        Concept("false negative", [
            "false negative", "fn", "missed", "miss", "missing", "undetected", "let through",
            "slip through", "spam in the inbox", "spam reaching", "missed cancer",
            "missed tumour", "missed tumor", "missed fraud", "undetected fraud",
        ]),
        Concept("fast decision", [
            "real time", "realtime", "millisecond", "ms", "second", "instant", "immediately",
            "at delivery", "before delivery", "at checkout", "at authorization",
            "at authorisation", "during authorization", "inline", "synchronous", "no human",
        ]),
        Concept("slow decision", [
            "day", "week", "hour", "not urgent", "no rush", "human review", "radiologist",
            "doctor", "clinician", "second reading", "follow up appointment", "batch",
            "asynchronous", "time to review",
        ]),
        Concept("harm", [
            "cost", "costly", "expensive", "harm", "damage", "lose", "loss", "lost", "hurt",
            "risk", "danger", "fatal", "death", "trust", "annoy", "angry", "churn",
        ]),
        Concept("segment", [
            "segment", "high value", "low value", "amount", "large transaction",
            "small transaction", "by value", "per segment", "two threshold", "separate threshold",
            "different threshold",
        ]),
    ]
}

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


# --- module 2: precision, recall and the cost of being wrong -----------------------------------

_I = IDEAS
_ERROR_FIELDS = {
    "primary_metric": "The one model metric you would optimise and report first.",
    "costlier_error": "Which error costs more here, and what it looks like for a user.",
    "guardrail_metric": "The metric that must not fall below a floor while you optimise.",
    "guardrail_floor": "The floor, as a number (e.g. 0.80 or 80%).",
    "urgency": "Decision urgency: how fast must the decision be made (latency budget)?",
    "why": "Two or three sentences tying the choice to the cost of each error.",
}


def _error_brief(
    name: str,
    *,
    primary: Concept,
    not_primary: Concept,
    costlier: Concept,
    cheaper: Concept | None,
    guardrail: list[Concept],
    floor: tuple[float, float],
    urgency: Concept,
    extra: list[Criterion] = (),  # type: ignore[assignment]
    fields: dict[str, str] | None = None,
    primary_focus: int = 1,
) -> Rubric:
    return Rubric(
        name=name,
        fields=fields or _ERROR_FIELDS,
        criteria=[
            Criterion(
                "primary", ["primary_metric"], 1.0,
                met=f"{primary.name} is the right primary metric here.",
                missing="choose the primary metric that limits the costlier error.",
                any_of=[primary], none_of=[not_primary],
            ),
            Criterion(
                "costlier-error", ["costlier_error"], 1.0,
                met=f"the {costlier.name} is the costlier error.",
                missing="name which kind of error (false positive or false negative) hurts "
                        "more in this scenario.",
                any_of=[costlier], none_of=[cheaper] if cheaper else (),
            ),
            Criterion(
                "guardrail", ["guardrail_metric"], 0.5,
                met="the guardrail watches the other side of the trade-off.",
                missing="guard the metric you give up when you optimise the primary.",
                any_of=guardrail,
            ),
            Criterion(
                "floor", ["guardrail_floor"], 0.5,
                met="the guardrail has a numeric floor.",
                missing="give the floor as a number.",
                number_range=floor,
            ),
            Criterion(
                "urgency", ["urgency"], 0.5,
                met="the latency budget fits how the decision is taken.",
                missing="say how quickly the decision must be made and what that allows "
                        "(a human in the loop or not).",
                any_of=[urgency], min_words=3,
            ),
            Criterion(
                "why", ["why"], 0.5,
                met="ties the choice to what each error costs.",
                missing="explain the choice through the cost or harm of each error.",
                any_of=[_I["harm"]], min_words=12,
            ),
            *extra,
        ],
        vocabulary=VOCABULARY,
        focus={"primary_metric": primary_focus, "guardrail_metric": 2},
    )


SPAM_BRIEF = _error_brief(
    "Module 2 - spam filter brief",
    primary=_C["precision"], not_primary=_C["recall"],
    costlier=_I["false positive"], cheaper=_I["false negative"],
    guardrail=[_C["recall"]], floor=(0.3, 0.99), urgency=_I["fast decision"],
)

SCREENING_BRIEF = _error_brief(
    "Module 2 - cancer screening brief",
    primary=_C["recall"], not_primary=_C["precision"],
    costlier=_I["false negative"], cheaper=_I["false positive"],
    guardrail=[_C["precision"], _C["specificity"]], floor=(0.05, 0.95),
    urgency=_I["slow decision"],
)

FRAUD_BRIEF = _error_brief(
    "Module 2 - card fraud brief",
    primary=_C["expected cost"], not_primary=_C["accuracy"],
    costlier=_I["false negative"], cheaper=None,
    guardrail=[_C["precision"], _C["specificity"], _C["satisfaction"]], floor=(0.01, 0.99),
    urgency=_I["fast decision"], primary_focus=2,  # "euro-weighted recall" is one idea
    fields={**_ERROR_FIELDS, "saving_eur": "The saving of segmented thresholds over the best "
                                           "single threshold, in EUR, from your data."},
    extra=[
        Criterion(
            "segments", ["why"], 0.5,
            met="uses the transaction amount: different thresholds for different values.",
            missing="the cost of a missed fraud is its amount: say what that means for "
                    "small and large transactions.",
            any_of=[_I["segment"]], min_words=12,
        ),
        Criterion(
            "saving", ["saving_eur"], 0.5,
            met="the saving agrees with your data.",
            missing="state the saving you computed, in EUR.",
            number="segmented_saving_eur", rel_tolerance=0.01, tolerance=0.5,
        ),
    ],
)
