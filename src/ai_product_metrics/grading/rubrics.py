"""The course's rubrics and the shared vocabulary of metric concepts they are built from.

Each module adds its rubrics here; tests in ``tests/test_rubric*.py`` hold, for every rubric, a
corpus of answers (right in other words, wrong, negated, keyword-stuffed) with the scores they
must get.
"""

from __future__ import annotations

from collections.abc import Sequence

from .rubric import Concept, Criterion, Rubric

__all__ = [
    "ALARM_TRIAGE_BRIEF",
    "CHATBOT_BRIEF",
    "CONCEPTS",
    "DRIFT_DISAGREEMENT_BRIEF",
    "FRAUD_BRIEF",
    "GOODHART_CONCEPTS",
    "IDEAS",
    "RECOMMENDER_BRIEF",
    "SCREENING_BRIEF",
    "SPAM_BRIEF",
    "SUMMARY_FEATURE_BRIEF",
    "TRUST_BRIEF",
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

#: The metric concepts of modules 1 and 2, used by their rubrics to detect keyword stuffing
#: (module 3 adds its own names below).
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
        # module 3: monitors, what they say, and what to do when they fire
        Concept("input drift", [
            "input drift", "data drift", "feature drift", "covariate drift", "covariate shift",
            "dataset drift", "distribution shift", "distribution drift", "feature distribution",
            "input distribution", "psi", "population stability", "evidently", "nannyml",
            "jensen shannon", "wasserstein", "column drift", "drifted column", "drifting column",
            "drifted feature", "drifting feature", "per feature drift", "per column drift",
            "drift monitor", "drift alarm", "drift alert", "drift detector", "drift report",
            "drift score", "drift test", "input monitor", "distance drift", "weather drift",
            "drift in distance", "drift in weather", "drift on distance", "drift of distance",
            "drift in the input", "drift in input", "drift in the feature", "drift in feature",
            "shift in distance", "shift in weather", "distance shift", "weather shift",
        ]),
        Concept("label quality", [
            "delayed label", "on label", "labelled", "labeled", "ground truth", "true outcome",
            "model performance", "prediction quality", "prediction error", "wrong prediction",
            "missed late", "late rate error",
        ]),
        Concept("mitigation", [
            "roll back", "rollback", "rolled back", "revert", "reverted", "previous model",
            "previous version", "last good", "known good", "fail over", "failover", "reroute",
            "re route", "route traffic", "redirect", "shift traffic", "move traffic", "scale up",
            "scale out", "autoscale", "add capacity", "more capacity", "add replica",
            "more replica", "add instance", "more instance", "add node", "restart", "drain",
            "draining", "remove the slow node", "remove the node", "take the node out",
            "take the slow node out", "cordon", "kill the node", "replace the node", "evict",
            "slow pod", "kill the pod", "add server", "more server", "fallback", "fall back",
            "rule based", "heuristic", "default eta", "static eta", "hide the warning",
            "hide warning", "warning off", "turn off", "switch off", "disable",
            "stop the warning", "pause the warning", "pause warning", "stop showing",
            "suppress the warning", "kill switch",
            "circuit breaker", "retrain", "retrained", "retraining", "re train", "recalibrate",
            "recalibration", "re calibrate", "refit", "hotfix", "hot fix", "mitigate",
            "mitigation",
        ]),
        Concept("diagnosis", [
            "investigate", "investigation", "look into", "dig into", "diagnose", "root cause",
            "find out", "figure out", "understand why", "which feature", "which column",
            "which segment", "which zone", "by segment", "per segment", "segment", "pipeline",
            "schema", "unit", "missing value", "null", "nan", "data bug", "bug", "upstream",
            "data quality", "logging", "real world", "real change", "genuine", "promotion",
            "weather", "is it real", "whether it is real", "label arrive", "label come in",
            "wait for label", "wait for the label", "check accuracy", "check the accuracy",
            "check calibration", "check the calibration", "whether accuracy", "if accuracy",
            "accuracy on the delayed", "check whether", "check if", "look at",
        ]),
        Concept("hasty action", [
            "retrain immediately", "immediately retrain", "retrain right away", "retrain at once",
            "retrain straight away", "retrain now", "retrain first", "first retrain",
            "roll back immediately", "immediately roll back", "roll back right away",
            "roll back first", "first roll back", "page the on call", "page someone", "wake",
        ]),
        Concept("user impact", [
            "user", "customer", "impact", "actionable", "act on", "can act", "can fix",
            "something to do", "do something", "immediate", "immediately", "right now",
            "urgent", "harm", "hurt", "refund", "rating", "complain", "complaint",
            "wrong warning", "missed warning", "trust", "money", "revenue",
        ]),
        Concept("input drift is not harm", [
            "false alarm", "false positive", "noise", "noisy", "alert fatigue", "fatigue",
            "cry wolf", "crying wolf", "ignore the page", "ignore the alert", "ignore the alarm",
            "not hurt", "not harm", "not affect", "not change accuracy", "not mean the model",
            "not imply", "barely", "hardly", "still calibrated", "stay calibrated",
            "stayed calibrated", "remain calibrated", "remained calibrated", "harmless", "benign",
            "invisible", "silent", "quiet", "blind", "never fired", "never fire", "not fire",
            "miss concept drift", "missed concept drift", "miss the concept drift",
            "missed the concept drift", "not see", "cannot see", "not catch", "not detect",
            "input unchanged", "same input", "same distribution", "not every drift",
            "not all drift", "without hurting", "without harming", "without affecting",
            "no harm", "no effect", "no impact", "not always", "not necessarily",
            "accuracy held", "accuracy stayed", "accuracy stay", "still accurate",
            "stayed accurate", "remained accurate", "was fine", "still fine", "stayed fine",
            "too many alert", "too many page", "wolf",
        ]),
        Concept("drift verdict", [
            "drift", "drifted", "drifting", "flag", "flagged", "flagging", "alert", "alerted",
            "alerting", "alarm", "fire", "fired", "firing", "raise", "raised", "detect",
            "detected", "trigger", "triggered", "warn", "warned", "yes", "true", "positive",
            "above", "over the threshold", "over its threshold", "over threshold", "over 0.1",
            "more than 0.1", "greater than", "exceed", "exceeded", "exceeding", "cross",
            "crossed", "crossing",
        ]),
        Concept("no-drift verdict", [
            "no", "not", "none", "nothing", "never", "quiet", "silent", "calm", "stable", "false",
            "negative", "below", "under the threshold", "under its threshold", "under threshold",
            "within", "clean", "normal", "ok", "fine", "pass", "passed", "miss", "missed",
        ]),
        Concept("chunking", [
            "chunk", "chunking", "window", "granularity", "boundary", "straddle", "span",
            "spanning", "mix", "mixed", "mixing", "1.6 week", "not a week", "not week",
            "not weekly", "not the same week", "two week", "part of two", "bucket", "aggregation",
            "overlap", "overlapping", "not line up", "not align", "not match the week",
            "not coincide", "not correspond", "equal part", "10 part", "ten part", "10 equal",
            "ten equal", "split into", "split the period",
        ]),
        Concept("learned threshold", [
            "learned threshold", "learnt threshold", "threshold learned", "threshold learnt",
            "threshold is learned", "threshold is learnt", "learn the threshold",
            "learn its threshold", "learned from the reference", "learnt from the reference",
            "reference chunk", "std", "standard deviation", "sigma", "data driven", "adaptive",
            "adapt", "fixed", "hard threshold", "hard coded", "different threshold",
            "threshold differ", "own threshold", "mean plus", "mean 3",
            "threshold from the reference", "threshold based on the reference", "lower threshold",
            "higher threshold", "stricter threshold", "tighter threshold", "looser threshold",
            "threshold is lower", "threshold is higher", "threshold is much lower",
            "threshold is stricter", "threshold is tighter", "lower than evidently",
            "higher than evidently", "than evidently s 0.1", "than evidently s threshold",
            "than evidently s fixed",
        ]),
        Concept("different statistic", [
            "wasserstein", "jensen shannon", "js distance", "js divergence", "earth mover",
            "different statistic", "different test", "different distance", "different measure",
            "different metric", "different method", "different formula", "another statistic",
            "other statistic",
        ]),
        Concept("sample size", [
            "sample size", "sample", "number of row", "number of order", "row count",
            "more order", "fewer order", "more row", "fewer row", "more data", "less data",
        ]),
        Concept("dataset vote", [
            "dataset drift", "data set drift", "dataset level", "data set level",
            "dataset verdict", "whole dataset", "whole data set", "share of drifted",
            "drift share", "drifted share", "half the column", "half of the column",
            "half of column", "half the feature", "half of the feature", "50 of the column",
            "50 of column", "50 percent", "one column of five", "one of five", "1 of 5",
            "one drifted column", "only one column", "single column", "one column", "majority",
            "vote", "voting",
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


# --- module 3: drift and production monitoring -------------------------------------------------

# Module 3's metric names (monitoring tools, serving, business). They join the shared CONCEPTS
# but not VOCABULARY, so that the module 1-2 rubrics keep the vocabulary they were tested with
# ("precision at a calibrated threshold" still names one metric there).
_MONITORING_CONCEPTS = [
    Concept("drift monitor", [
        "evidently", "nannyml", "population stability", "wasserstein", "jensen shannon",
        "covariate shift", "prior shift", "label shift", "concept shift", "data shift",
    ]),
    Concept("refunds", ["refund", "refunded"]),
    Concept("serving errors", [
        "serving error", "server error", "error response", "http error", "failed request",
        "request failure", "timeout", "timed out", "time out", "outage", "downtime",
        "unavailable", "availability", "uptime", "crash", "error rate", "5xx",
    ]),
    Concept("calibration", ["calibration", "calibrated", "miscalibration", "miscalibrated",
                            "brier", "log loss", "predicted late rate"]),
    Concept("throughput", ["throughput", "request volume", "requests per second", "order volume",
                           "qps"]),
    Concept("freshness", ["freshness", "model age", "staleness", "stale", "days since training"]),
]
CONCEPTS.update((c.name, c) for c in _MONITORING_CONCEPTS)

#: Module 3's vocabulary: the shared metric names plus the monitoring ones.
_MONITORING_VOCABULARY = VOCABULARY + tuple(_MONITORING_CONCEPTS)

#: The disagreement brief's vocabulary also holds the reasons two drift rule sets can disagree,
#: so that the focus limit of its "why" counts them.
_DISAGREEMENT_VOCABULARY = _MONITORING_VOCABULARY + tuple(
    _I[n] for n in ["chunking", "learned threshold", "different statistic", "sample size",
                    "dataset vote"]
)

DRIFT_DISAGREEMENT_BRIEF = Rubric(
    name="Module 3 - when the rule sets disagree",
    fields={
        "week": "A week where Evidently's weekly verdict and NannyML's chunk verdict disagree "
                "(its number, from your data).",
        "evidently": "What Evidently's default rules say about that week: drift or no drift "
                     "(which column, and the data-set verdict).",
        "nannyml": "What NannyML's default says about the chunk(s) covering that week: alert or "
                   "no alert.",
        "why": "Why the two rule sets disagree (two or three sentences).",
    },
    criteria=[
        Criterion(
            "week", ["week"], 0.5,
            met="the week agrees with your own data.",
            missing="give the number of a week where your Evidently and NannyML tables "
                    "disagree.",
            number="disagreement_week", tolerance=0.0,
        ),
        # One criterion per field: the fields of a criterion are joined, and a field that ends
        # in "no" would negate the first words of the next one ("no drift" + "drift on x").
        Criterion(
            "evidently-verdict", ["evidently"], 0.25,
            met="states Evidently's verdict for the week.",
            missing="state Evidently's verdict for the week plainly: drift (which column) or "
                    "no drift.",
            any_of=[_I["drift verdict"], _I["no-drift verdict"]],
        ),
        Criterion(
            "nannyml-verdict", ["nannyml"], 0.25,
            met="states NannyML's verdict for the chunk covering the week.",
            missing="state NannyML's verdict for the chunk covering the week plainly: alert or "
                    "no alert.",
            any_of=[_I["drift verdict"], _I["no-drift verdict"]],
        ),
        Criterion(
            "why-chunks-or-threshold", ["why"], 1.25,
            met="explains the disagreement through NannyML's chunks (they are not weeks) or "
                "its learned threshold (mean + 3 std of the reference chunks, not a fixed 0.1).",
            missing="compare what each tool looks at and when it calls drift: does a NannyML "
                    "chunk cover the same orders as a week, and where does each threshold come "
                    "from?",
            any_of=[_I["chunking"], _I["learned threshold"]], min_words=10,
        ),
        Criterion(
            "why-rule-or-statistic", ["why"], 0.75,
            met="names a second difference between the rule sets: the statistic, the sample "
                "size, or Evidently's data-set vote.",
            missing="look for a second difference: the distance each tool computes, how many "
                    "orders it compares, or how Evidently turns column verdicts into a data-set "
                    "verdict.",
            any_of=[_I["different statistic"], _I["sample size"], _I["dataset vote"]],
            min_words=10,
        ),
    ],
    vocabulary=_DISAGREEMENT_VOCABULARY,
    # a thorough "why" names up to 7 of these (5 reasons, the tools' statistics, drift); a
    # pasted list of every name, however long, names dozens
    focus={"evidently": 4, "nannyml": 4, "why": 8},
)

ALARM_TRIAGE_BRIEF = Rubric(
    name="Module 3 - alarm triage",
    fields={
        "page_on": "The alarm(s) you would page the on-call engineer for. Name only those; "
                   "the others go in dashboard_only.",
        "page_first_action": "What the on-call does first when that alarm fires.",
        "dashboard_only": "The alarm(s) you would only show on a dashboard, without paging.",
        "dashboard_first_action": "What you do first when one of those dashboard alarms fires.",
        "why": "Why you split the alarms this way (a few sentences).",
        "lead_time_days": "How many days before the refunds moved did the accuracy monitor on "
                          "delayed labels fire? (a number, from your data)",
    },
    criteria=[
        Criterion(
            "page-on-impact", ["page_on"], 1.0,
            met="pages on an alarm with immediate user impact that the on-call can act on "
                "(serving latency or errors, or accuracy on the delayed labels).",
            missing="page only on alarms that mean users are hurt now and that the on-call can "
                    "fix: a serving alarm or the model's accuracy on delayed labels, not input "
                    "drift (keep drift monitors out of this field).",
            any_of=[_C["latency"], _C["serving errors"], _C["accuracy"], _C["calibration"],
                    _C["precision"], _C["recall"], _C["f1"], _C["auc"], _I["label quality"]],
            none_of=[_I["input drift"]],
        ),
        Criterion(
            "page-action-mitigates", ["page_first_action"], 0.75,
            met="the first action mitigates the harm (roll back, fail over, drain or restart, "
                "fall back, retrain or recalibrate).",
            missing="a page means users are hurt now: the first action should stop the harm "
                    "before anyone investigates the cause.",
            any_of=[_I["mitigation"]],
        ),
        Criterion(
            "dashboard-input-drift", ["dashboard_only"], 0.75,
            met="input-drift monitors go on the dashboard, not on the pager.",
            missing="which of your monitors fired without the users being hurt? Those belong "
                    "on a dashboard.",
            any_of=[_I["input drift"]],
        ),
        Criterion(
            "dashboard-action-investigates", ["dashboard_first_action"], 0.75,
            met="investigates before acting: a data bug or a real change, which feature and "
                "segment, and whether accuracy moves as the labels arrive.",
            missing="a drift alarm is a question, not a verdict: say how you find out whether "
                    "it is a data bug or a real change and whether it hurts the model, before "
                    "acting.",
            any_of=[_I["diagnosis"]], none_of=[_I["hasty action"]],
        ),
        Criterion(
            "why-impact", ["why"], 0.5,
            met="ties the split to user impact and to what the on-call can act on.",
            missing="explain the split through what each alarm means for users and whether "
                    "someone can act on it.",
            any_of=[_I["user impact"]], min_words=15,
        ),
        Criterion(
            "why-drift-is-not-harm", ["why"], 0.75,
            met="explains that input drift often leaves accuracy intact (false alarms, fatigue) "
                "while concept drift is invisible to input monitors.",
            missing="what did the input-drift monitors say during the covariate shift, when the "
                    "model stayed right, and during the concept drift, when it went wrong?",
            any_of=[_I["input drift is not harm"]], min_words=15,
        ),
        Criterion(
            "lead-time", ["lead_time_days"], 0.5,
            met="the lead time agrees with your own data.",
            missing="state, in days, how long before the refunds moved the accuracy monitor "
                    "fired, from your data.",
            number="lead_time_days", tolerance=0.5,
        ),
    ],
    vocabulary=_MONITORING_VOCABULARY,
    focus={"page_on": 4, "page_first_action": 3, "dashboard_only": 4,
           "dashboard_first_action": 4, "why": 9},
)


# --- module 4: trust is a metric -------------------------------------------------------------

# Module 4's metric names: the UX metrics only AI products have and the trust-calibration ones.
# Like module 3's, they join the shared CONCEPTS but not VOCABULARY, so the module 1-3 rubrics
# keep the vocabulary they were tested with. A few of them read a shared name more widely for
# an assistant's drafts ("draft override" also hears "dismissed", "draft fallback" the manual
# templates); module 4's vocabulary uses those instead of the shared "acceptance", "override",
# "fallback" and "editing labor". The first two phrases of each stay short: module 1's stuffing
# test pastes the first two phrases of every concept into one field.
#
# Reliance and correctness are read together: "wrong drafts accepted", "relied on incorrect
# ones", "override correct drafts". These phrases are generated from a few words for wrong,
# right, a draft and what an agent does with it; a phrase matches only as a run of adjacent
# words. The lists are kept short: every phrase is matched against every answer.
_WRONG = ("wrong", "incorrect", "bad", "flawed")
_RIGHT = ("correct", "right", "good", "accurate")
_DRAFT = ("draft", "reply", "suggestion", "summary")
# after "<wrong> draft": what was done with it, or a relative clause that says it ("wrong drafts
# that agents accept", "wrong replies are sent"): a rate over wrong drafts is a trust metric
_RELY_AFTER = ("accepted", "used", "sent", "relied on", "acceptance", "that", "which", "are",
               "were", "agent")
_RELY_BEFORE = ("accepted", "accepting", "acceptance of", "used", "using", "sent",
                "relied on", "relying on", "reliance on", "trusted", "acted on", "acting on")
_REJECT_AFTER = ("overridden", "rejected", "dismissed", "ignored", "that", "which", "are",
                 "were", "agent")
_REJECT_BEFORE = ("override", "overriding", "overrode", "overrides of", "reject", "rejecting",
                  "rejected", "dismiss", "dismissing", "dismissed", "discarded", "ignoring",
                  "ignored")
_PREPOSITIONS = ("of", "on", "among")


def _pairs(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a in first for b in second]


def _reliance_on(quality: Sequence[str], before: Sequence[str], after: Sequence[str],
                 rates: Sequence[str]) -> list[str]:
    """'<quality> draft accepted', 'accepted (the) <quality>', '<rate> of <quality>'."""
    return [*_pairs(_pairs(quality, _DRAFT), after), *_pairs(before, quality),
            *_pairs([f"{b} the" for b in before[:8]], quality),  # the commonest verbs only
            *_pairs(_pairs(rates, _PREPOSITIONS), quality)]


_TRUST_CONCEPTS = [
    Concept("over-reliance", [
        "overreliance", "over reliance", "over rely", "overrely", "over relying", "over relied",
        "over trust", "overtrust", "over trusting", "over trusted", "blind trust",
        "blindly trust", "blindly trusted", "blind acceptance", "blindly accept",
        "blindly accepted", "automation bias", "complacency", "complacent", "rubber stamp",
        "rubber stamping", "error exposure", "exposure to error", "exposed to error",
        "exposed to wrong", "error reaching customer", "wrong reply reaching",
        "confident mistake", "confidently wrong", "accepted when wrong", "used when wrong",
        "relied on when wrong", "relied on even when", "accepted even when",
        "trusted even when", "skipped the recording of a flawed",
        "skip the recording of a flawed", "skipper of flawed",
        *_reliance_on(_WRONG, _RELY_BEFORE, _RELY_AFTER,
                      ["acceptance rate"]),
    ]),
    Concept("under-reliance", [
        "underreliance", "under reliance", "under rely", "underrely", "under relying",
        "under relied", "under trust", "undertrust", "under trusting", "distrust", "mistrust",
        "algorithm aversion", "algorithmic aversion", "automation aversion", "disuse",
        *_reliance_on(_RIGHT, _REJECT_BEFORE, _REJECT_AFTER,
                      ["override rate"]),
    ]),
    Concept("appropriate reliance", [
        "appropriate reliance", "calibrated trust", "appropriately relied", "appropriately rely",
        "rely appropriately", "relied appropriately", "appropriate trust", "calibrated reliance",
        "trust calibration", "reliance calibration", "warranted trust", "justified trust",
        "warranted reliance", "right reliance", "correct reliance",
        "reliance matches correctness", "reliance match correctness",
        "reliance matching correctness", "reliance aligned with correctness",
        "reliance vs correctness", "reliance versus correctness", "reliance against correctness",
        "reliance by correctness", "reliance and correctness", "trust vs correctness",
        "trust versus correctness", "trust matches correctness", "reliance matrix",
        "reliance quadrant", "2x2", "two by two", "relied on when right",
        "relied on when correct", "rely when right", "rely when it is right",
        "accepted when right", "accepted when correct",
    ]),
    Concept("calibration error", [
        "ece", "calibration", "expected calibration error", "calibration error",
        "calibration gap", "calibration curve", "calibration plot", "reliability diagram",
        "reliability curve", "reliability plot", "calibrated", "miscalibration",
        "miscalibrated", "mis calibration", "mis calibrated", "overconfidence",
        "over confidence", "overconfident", "over confident", "underconfidence",
        "under confidence", "underconfident", "under confident", "confidence gap",
        "confidence vs accuracy", "confidence versus accuracy", "confidence against accuracy",
        "confidence and accuracy", "confidence and its accuracy", "confidence and actual",
        "confidence and observed", "confidence accuracy gap", "gap between confidence",
        "gap between stated confidence", "gap between the model s confidence",
        "gap between the model s stated confidence", "brier", "log loss",
    ]),
    Concept("correction", [
        "correction", "edited", "correction rate", "corrected", "correcting", "edit distance",
        "levenshtein", "edit rate", "editing", "edit", "words changed", "share of words",
        "rewrite", "rewritten", "rewriting", "modified",
    ]),
    Concept("draft acceptance", [
        "acceptance", "accepted", "accept", "accepting", "accept rate", "adoption", "adopted",
        "used as is", "sent as is", "used unchanged", "sent unchanged", "taken as is", "uptake",
    ]),
    Concept("draft override", [
        "override", "overridden", "overriding", "overrode", "overrule", "overruled", "dismiss",
        "dismissed", "dismissal", "dismissing", "reject", "rejected", "rejection", "rejecting",
        "discard", "discarded", "thrown away", "throw away", "threw away", "write their own",
        "wrote their own", "own reply",
    ]),
    Concept("draft fallback", [
        "fallback", "abandon", "fall back", "falling back", "fell back", "abandoned",
        "abandonment", "abandoning", "manual template", "template", "gave up", "give up",
        "giving up", "manual path", "manual reply",
    ]),
    Concept("time to value", [
        "ttv", "time to value", "time to first useful", "seconds to first useful",
        "time to useful", "time to first value", "time saved", "handling time", "handle time",
        "time to reply", "time to send", "seconds to send", "time to resolution",
        "median time",
    ]),
    Concept("ticket resolution", [
        "resolution", "solved", "resolved", "ticket solved", "ticket resolved", "solved ticket",
        "resolved ticket", "resolution rate", "reopen", "reopened", "reopening", "reopen rate",
        "first contact resolution",
    ]),
    Concept("recording skip", [
        "skip", "playback", "skip rate", "skipped", "skipping", "skipper", "play back",
        "playback rate", "recording open", "open the recording", "opened the recording",
        "opening the recording", "watch the recording", "watched the recording",
        "check the recording", "checked the recording", "checking the recording",
        "view the recording", "recording view", "verification rate", "verification", "verify",
        "verified", "verifying", "double check", "spot check",
    ]),
    Concept("action alignment", [
        "alignment", "aligned", "action alignment", "aligned action", "actions aligned",
        "misaligned", "misalignment", "follow up action", "action match", "actions match",
        "matching action", "old plan", "wrong action", "wrong follow up",
    ]),
    Concept("coverage", [
        "coverage", "abstain", "abstention", "abstaining", "abstained", "keep quiet",
        "keeps quiet", "kept quiet", "stay quiet", "stays quiet", "stay silent",
        "stays silent", "suppress", "suppressed", "suppression", "hide the draft",
        "hide draft", "hidden draft", "withhold", "withheld", "display threshold",
        "confidence threshold", "show threshold", "drafts shown", "share of drafts shown",
        "only show",
    ]),
]
CONCEPTS.update((c.name, c) for c in _TRUST_CONCEPTS)

#: Module 4's vocabulary: the shared metric names, with the module's own readings of
#: acceptance, override, fallback and editing in place of the shared ones, plus the trust ones.
_TRUST_VOCABULARY = tuple(
    c for c in VOCABULARY
    if c.name not in {"acceptance", "override", "fallback", "editing labor"}
) + tuple(_TRUST_CONCEPTS)

# What the dashboard metric must not be: the raw acceptance or override rate (good and bad
# drafts alike), and the model's accuracy. A raw rate is recognised by the words that follow
# it, so that "the acceptance rate of wrong drafts" (over-reliance in other words) is not read
# as the raw rate, while "acceptance rate, as a sign of trust" is.
_RAW_RATES = ("acceptance rate", "override rate")
_RAW_FOLLOWERS = (
    "and", "as", "because", "since", "which", "is", "plus", "with", "per", "by", "across",
    "alone", "only", "overall", "of all", "of draft", "of the draft", "of ai", "for all", "it",
    "would", "show", "measure", "so", "or", ", as", ", because", ", since", ", which", ", it",
    ", a", ", the", ", so", ", but", ", and",
)
_ACCURACY_FOLLOWERS = ("as", "because", "since", "which", "so", "overall",
                       ", as", ", because", ", since", ", which", ", so")

IDEAS.update((c.name, c) for c in [
    Concept("raw acceptance or override rate", [
        *_pairs(_RAW_RATES, _RAW_FOLLOWERS),
        "raw acceptance", "overall acceptance", "plain acceptance", "simple acceptance",
        "total acceptance", "headline acceptance", "average acceptance", "raw override",
        "overall override", "plain override", "total override", "headline override",
        "acceptance of draft", "acceptance of the draft", "acceptance of ai draft",
        "acceptance of all", "override of draft", "overrides of draft",
        "share of drafts accepted", "share of drafts overridden", "percentage of drafts accepted",
        "percent of drafts accepted", "how often agents accept", "how often drafts are accepted",
        "how many drafts are accepted", "how often agents override",
        "number of accepted drafts", "number of drafts accepted",
    ]),
    Concept("model accuracy", [
        *_pairs(["accuracy"], _ACCURACY_FOLLOWERS),
        "model accuracy", "accuracy of the model", "model's accuracy", "accuracy of the draft",
        "accuracy of draft", "draft accuracy", "audit accuracy", "audited accuracy",
        "accuracy rate", "accuracy score", "just accuracy", "plain accuracy", "raw accuracy",
        "model error rate", "error rate of the model", "percent correct", "percentage correct",
        "model quality", "hallucination rate",
    ]),
    # why a trust metric: reliance is good when the model is right and bad when it is wrong
    Concept("trust tracks correctness", [
        "correctness", "when the model is right", "when it is right", "when the draft is right",
        "when the draft is correct", "when it is correct", "when the model is correct",
        "when the model is wrong", "when it is wrong", "when the draft is wrong",
        "when the ai is wrong", "when the assistant is wrong", "when it s wrong", "when wrong",
        "when right", "when correct", "when incorrect", "if the draft is wrong",
        "if it is wrong", "right or wrong", "right and wrong", "correct or not",
        "correct or wrong", "correct and wrong", "correct and incorrect", "is wrong",
        "are wrong", "is right", "are right", "is correct", "are correct", "gets it wrong",
        "get it wrong", "got it wrong", "wrong one", "right one", "push back", "pushback",
        "catch", "caught", "catching", "deserve", "deserved", "warranted", "unwarranted",
        "justified", "unjustified", "misplaced trust", "blind trust", "blindly",
        "confident mistake", "confidently wrong", "sounded sure", "sure of itself",
        "over confident", "overconfident", "mistake", "error", "wrong amount", "wrong fact",
        "wrong date", "wrong information", "off by",
        *_pairs(_WRONG + _RIGHT, _DRAFT),
    ]),
    # ... and the overrides are a design problem, not a model problem
    Concept("ux not model", [
        "ux", "user experience", "interface", "ui", "design", "designed", "redesign",
        "not a model problem", "not the model", "model is fine", "model is not the problem",
        "inline", "while typing", "already typing", "started typing", "start typing",
        "typing", "placement", "where the draft appears", "where it appears", "variant",
        "timing", "interaction", "screen", "panel", "prefill", "workflow", "flow",
    ]),
    # a change one could observe
    Concept("movement", [
        "rise", "rising", "rose", "fall", "falling", "fell", "drop", "dropping", "dropped",
        "increase", "increased", "increasing", "decrease", "decreased", "decreasing",
        "decline", "declined", "declining", "grow", "growing", "grew", "shrink", "shrank",
        "climb", "climbed", "climbing", "go up", "went up", "going up", "go down", "went down",
        "going down", "higher", "lower", "more", "less", "fewer", "above", "below", "exceed",
        "exceeded", "double", "doubled", "halve", "halved", "improve", "improved",
        "improving", "worsen", "worsened", "worse", "better", "stay flat", "stays flat",
        "stayed flat", "flat", "unchanged", "does not move", "did not move", "does not change",
        "did not change", "not fall", "not drop", "not rise", "not improve", "not go down",
        "not go up", "not decrease", "not increase",
        "spike", "jump", "jumped", "plunge", "collapse", "recover", "rebound", "diverge",
    ]),
])

# Engagement as the dashboard's trust metric; without "session" and "usage", which a trust
# metric may be counted per ("over-reliance per session", "usage of wrong drafts").
_ENGAGEMENT = Concept("engagement", [p for p in _C["engagement"].phrases
                                     if p not in {"session", "usage"}])

_TRUST_COUNTER = [
    _C["under-reliance"], _C["over-reliance"], _C["appropriate reliance"], _C["draft override"],
    _C["draft acceptance"], _C["draft fallback"], _C["correction"], _C["task completion"],
    _C["ticket resolution"], _C["time to value"], _C["coverage"], _C["recording skip"],
    _C["action alignment"], _C["satisfaction"],
]

TRUST_BRIEF = Rubric(
    name="Module 4 - the trust metric on the dashboard",
    fields={
        "dashboard_metric": "The one trust metric you would put on the team's dashboard.",
        "why": "Why that metric (a few sentences).",
        "counter_signal": "The counter-signal you would watch beside it.",
        "change_mind": "What observation would make you change your mind?",
        "ece": "The expected calibration error of the model's confidence before "
               "recalibration, from your data.",
    },
    criteria=[
        Criterion(
            "dashboard-reliance-vs-correctness", ["dashboard_metric"], 1.5,
            met="the dashboard metric sets reliance against correctness (over-, under- or "
                "appropriate reliance, or the calibration of the confidence agents rely on).",
            missing="put on the dashboard a metric that sets what agents do with a draft "
                    "against whether the draft was right: the raw acceptance or override rate "
                    "counts good and bad drafts alike, and accuracy says nothing about what the "
                    "agents did.",
            any_of=[_C["over-reliance"], _C["under-reliance"], _C["appropriate reliance"],
                    _C["calibration error"]],
            none_of=[_I["raw acceptance or override rate"], _I["model accuracy"], _ENGAGEMENT],
        ),
        Criterion(
            "why-trust-tracks-correctness", ["why"], 1.0,
            met="ties trust to correctness (rely when the model is right, push back when it is "
                "wrong) or separates the interface's problem from the model's.",
            missing="explain what makes reliance good or bad here: when should an agent rely on "
                    "a draft, and were the overrides a problem of the model or of where the "
                    "draft appears?",
            any_of=[_I["trust tracks correctness"], _I["ux not model"]], min_words=15,
        ),
        Criterion(
            "counter-signal", ["counter_signal"], 1.0,
            met="the counter-signal watches another side of the product: the opposite kind of "
                "reliance, overrides or fallbacks, or what the user gets out of it.",
            missing="name a user-behaviour or outcome signal that would move if pushing your "
                    "dashboard metric hurt the product (e.g. the opposite kind of reliance, or "
                    "whether the ticket gets solved).",
            any_of=_TRUST_COUNTER,
        ),
        Criterion(
            "change-mind-observable", ["change_mind"], 0.5,
            met="the signal is a metric you can observe.",
            missing="name the metric you would watch.",
            any_of=_TRUST_VOCABULARY, min_words=6,
        ),
        Criterion(
            "change-mind-movement", ["change_mind"], 0.5,
            met="says which way it would have to move.",
            missing="say how that metric would have to move (rise, fall, stay flat) to change "
                    "your mind.",
            any_of=[_I["movement"]], min_words=6,
        ),
        Criterion(
            "ece", ["ece"], 0.5,
            met="the expected calibration error agrees with your own data.",
            missing="state the expected calibration error you computed before recalibration, "
                    "from your data (a decimal such as 0.123 or a percentage such as 12.3%).",
            number="ece", rel_tolerance=0.03, tolerance=0.002,
        ),
    ],
    vocabulary=_TRUST_VOCABULARY,
    # a metric with its definition names up to 3 (over-reliance: wrong drafts accepted or
    # edited); a thorough "why" names up to 7; a pasted list of every name names dozens
    focus={"dashboard_metric": 3, "counter_signal": 3, "why": 7, "change_mind": 5, "ece": 2},
)


# --- module 5: counter-metrics, gaming and business impact -----------------------------------

# Module 5's metric names: what each Goodhart simulation pushes, what the push costs and what the
# business keeps. Like modules 3 and 4's, they stay out of VOCABULARY, so the module 1-4 rubrics
# keep the vocabulary they were tested with; they also stay out of the shared CONCEPTS, in
# GOODHART_CONCEPTS, so that the earlier modules' corpora keep testing what they were written
# for.
#
# In a shop a "return" is an order sent back, and in support "coming back" is a recontact:
# module 5's vocabulary therefore leaves out the shared "retention" (whose "return rate" and
# "come back" mean users coming back), and the shared "engagement" and "revenue", which it splits
# into attention, clicks, conversion and net revenue. The lists are short: every phrase is matched
# against every answer.
_GOODHART_CONCEPTS = [
    Concept("click-through rate", ["ctr", "click", "clicked", "clickthrough"]),
    Concept("conversion rate", ["conversion", "converted", "purchase rate", "purchases per",
                                "order rate", "orders per", "number of orders", "add to cart"]),
    Concept("net revenue", ["revenue", "profit", "margin", "gmv", "sales", "order value",
                            "basket value", "kept order"]),
    Concept("product returns", ["return", "returned", "refund", "refunded", "cancellation",
                                "cancel", "cancelled", "canceled", "sent back", "send back"]),
    Concept("repeat purchase", ["repeat purchase", "repeat order", "repeat buyer",
                                "repeat customer", "returning customer", "buy again",
                                "bought again", "lifetime value", "ltv", "clv"]),
    Concept("long-term retention", ["retention", "retained", "churn", "churned", "loyalty",
                                    "loyal"]),
    Concept("resolution rate", ["resolution", "resolved", "resolve", "solved", "closed",
                                "close rate"]),
    Concept("containment", ["containment", "contained", "automation rate", "self service",
                            "without a human", "without human"]),
    Concept("deflection", ["deflection", "deflected", "deflect"]),
    Concept("recontact", [
        "recontact", "recontacted", "re contact", "repeat contact", "repeat chat",
        "second contact", "another contact", "another chat", "contact again",
        "contacted again", "support again", "write again", "wrote again", "come back",
        "came back", "coming back", "back within", "bounce back", "return within", "reopen",
        "reopened", "escalation after", "escalated after", "escalate after",
        "escalation rate after", "escalation within", "escalated within",
    ]),
    Concept("true resolution", [
        "true resolution", "real resolution", "actual resolution", "genuine resolution",
        "actually solved", "actually resolved", "really solved", "really resolved",
        "truly resolved", "stay resolved", "stayed resolved", "no recontact",
        "without recontact",
    ]),
    Concept("human escalation", ["escalation to", "escalated to", "escalate to",
                                 "escalation rate", "handoff", "hand off", "handover",
                                 "human agent", "live agent", "transfer to", "transferred to"]),
    Concept("support cost", ["cost per chat", "cost per contact", "cost per ticket",
                             "cost per resolution", "support cost", "agent cost",
                             "agent workload", "agent hours"]),
    Concept("handle time", ["handle time", "handling time", "aht", "time to close",
                            "time to resolve"]),
    Concept("first-contact resolution", ["first contact resolution", "fcr", "first time fix",
                                         "first time resolution"]),
    Concept("agent override", ["override", "overridden", "overriding", "overrode", "overrule"]),
    Concept("peer revision", ["peer revision", "revision", "revised", "revise", "rewritten"]),
]
#: Module 5's metric concepts (not in CONCEPTS, see above), by name.
GOODHART_CONCEPTS: dict[str, Concept] = {c.name: c for c in _GOODHART_CONCEPTS}
_G = GOODHART_CONCEPTS

# Attention metrics: how long or how often people look, not what they buy or whether their issue
# is solved. Without the clicks (the recommender's primary metric has its own concept) and
# without "session" and "usage", which a rate may be counted per ("resolution rate per session").
# The bare word "engagement" is refused as a counter-metric but not in a primary metric's
# description ("CTR, an engagement metric").
_ATTENTION_PHRASES = [
    "time spent", "time on page", "time on site", "dwell time", "session length", "page view",
    "daily active user", "dau", "mau", "active user", "messages per", "chat length",
    "conversation length",
]
_TIME_SPENT = Concept("engagement", _ATTENTION_PHRASES)
_ATTENTION = Concept("engagement", ["engagement", *_ATTENTION_PHRASES])

#: Module 5's vocabulary: its own metric names with attention and a few shared ones.
_GOODHART_VOCABULARY = (_ATTENTION, *_GOODHART_CONCEPTS) + tuple(
    _C[n] for n in ["satisfaction", "acceptance", "task completion", "latency", "cost"]
)

# A counter-metric field that names the primary metric again beside the counter ("CTR and return
# rate"), recognised by a listing word next to it so that an explanation ("return rate, which
# CTR hides") is not refused.
_LISTED_AFTER = ("and", "plus", "or", "too", "also")
_LISTED_BEFORE = ("and", "plus", "or", "alongside", "as well as")
_CTR_RESTATED = Concept("the primary metric again", [
    *_pairs(["ctr", "click through rate", "clickthrough rate", "click rate", "click through"],
            _LISTED_AFTER),
    *_pairs(_LISTED_BEFORE, ["ctr", "click through", "clickthrough", "click rate"]),
])
# The primary metric named in the guardrail: the limit is set on the wrong metric ("CTR above 4 %").
_CTR_NAMED = Concept("the primary metric", ["ctr", "click through", "clickthrough",
                                            "click rate"])
_RESOLUTION_NAMED = Concept("the primary metric", ["resolution rate", "containment",
                                                   "deflection"])
_RESOLUTION_RESTATED = Concept("the primary metric again", [
    *_pairs(["resolution rate", "containment rate", "containment", "deflection rate",
             "deflection"], _LISTED_AFTER),
    *_pairs(_LISTED_BEFORE, ["resolution rate", "containment", "deflection"]),
])

# A guardrail on a counter-metric that must stay low is a ceiling; a floor is the wrong way round.
_FLOOR = Concept("a floor (the counter-metric must stay low)", [
    "at least", "no less than", "not less than", "minimum of", "floor", "stay above",
    "remain above", "keep above", "kept above", "not fall below", "not drop below",
    "not go below", "not below",
])

# The ship step is one number. The scorer already refuses ranges ("8 to 10", "between 8 and
# 10") and lists of candidates ("9 or 10", "8, 9, 10") for a number criterion; these words hedge
# without a second number, or with a vague one.
_SEVERAL_STEPS = Concept("more than one step", ["between", "either", "somewhere", "or so",
                                                "or thereabouts"])

# A metric with its definition names up to 2 (net revenue: kept orders minus return costs); a
# sentence or two on what else to watch names up to 5 (the scorer's stuffing guard would refuse
# five names in fewer than 30 words, which a good argument can be); a pasted list of every name
# names dozens.
_COUNTER_FOCUS = {"primary_metric": 2, "counter_metric": 2, "guardrail": 2, "watch": 5,
                  "ship_step": 3}


def _counter_brief(
    name: str,
    *,
    fields: dict[str, str],
    primary: list[Concept],
    primary_met: str,
    primary_missing: str,
    counter: Concept,
    restated: Concept,
    named: Concept,
    counter_met: str,
    counter_missing: str,
    ceiling: tuple[float, float],
    watch: list[Concept],
    watch_met: str,
    watch_missing: str,
    focus: dict[str, int],
) -> Rubric:
    return Rubric(
        name=name,
        fields=fields,
        criteria=[
            Criterion("primary", ["primary_metric"], 0.75, met=primary_met,
                      missing=primary_missing, any_of=primary, none_of=[_TIME_SPENT]),
            Criterion("counter", ["counter_metric"], 1.0, met=counter_met,
                      missing=counter_missing, any_of=[counter],
                      none_of=[_ATTENTION, restated]),
            Criterion(
                "guardrail", ["guardrail"], 0.75,
                met="the guardrail is a ceiling on the counter-metric, with a plausible number.",
                missing="give the counter-metric's limit as a number (a share or a "
                        "percentage) and say that it must stay at or below it: the "
                        "counter-metric gets worse as it rises.",
                none_of=[_FLOOR, named, _ATTENTION], number_range=ceiling,
            ),
            Criterion("watch", ["watch"], 0.75, met=watch_met, missing=watch_missing,
                      any_of=watch, min_words=8),
            Criterion(
                "ship-step", ["ship_step"], 0.75,
                met="the step agrees with your own data: the best primary metric while the "
                    "counter-metric still holds its guardrail.",
                missing="state the one step you would ship, from your data: the best primary "
                        "metric among the steps before the counter-metric first breaks its "
                        "guardrail.",
                none_of=[_SEVERAL_STEPS], number="ship_step", tolerance=0.0,
            ),
        ],
        vocabulary=_GOODHART_VOCABULARY,
        focus=focus,
    )


RECOMMENDER_BRIEF = _counter_brief(
    "Module 5 - recommender counter-metric brief",
    fields={
        "primary_metric": "The metric the recommendation strip is optimised for.",
        "counter_metric": "The counter-metric you would set beside it: what pushing the primary "
                          "too far costs.",
        "guardrail": "The counter-metric's limit: a number and its direction (e.g. 'at most "
                     "x %').",
        "watch": "What else you would watch, and why (a sentence or two).",
        "ship_step": "The optimisation step you would ship (a number, from your data).",
    },
    primary=[_G["click-through rate"], _G["conversion rate"], _G["net revenue"]],
    primary_met="a defensible primary: click-through (what the team pushed), conversion or net "
                "revenue.",
    primary_missing="name the metric the strip is pushed on, or the purchase or revenue metric "
                    "you would push instead; time spent or page views say nothing about what "
                    "shoppers buy and keep.",
    counter=_G["product returns"], restated=_CTR_RESTATED, named=_CTR_NAMED,
    counter_met="the counter-metric catches what the push costs: orders returned, cancelled or "
                "refunded.",
    counter_missing="pick a counter-metric that gets worse when click-through is pushed too "
                    "far: what happens to the orders the extra clicks bring? Another engagement "
                    "metric, or the primary again, moves with the primary, not against it.",
    # return rates of shops run from a few percent to a third of the orders
    ceiling=(0.03, 0.40),
    watch=[_G["net revenue"], _G["repeat purchase"], _G["long-term retention"],
           _C["satisfaction"], _G["conversion rate"]],
    watch_met="watches what the shop keeps: net revenue or profit, conversion, repeat purchases, "
              "satisfaction or retention.",
    watch_missing="say what else you would watch to see whether the shop gains from the push "
                  "(what it earns once returns are paid for, whether shoppers buy again), and "
                  "why.",
    focus=_COUNTER_FOCUS,
)

CHATBOT_BRIEF = _counter_brief(
    "Module 5 - support chatbot counter-metric brief",
    fields={
        "primary_metric": "The metric the chatbot is optimised for.",
        "counter_metric": "The counter-metric you would set beside it: what pushing the primary "
                          "too far costs.",
        "guardrail": "The counter-metric's limit: a number and its direction (e.g. 'at most "
                     "x %').",
        "watch": "What else you would watch, and why (a sentence or two).",
        "ship_step": "The optimisation step you would ship (a number, from your data).",
    },
    primary=[_G["resolution rate"], _G["containment"], _G["deflection"]],
    primary_met="a defensible primary: the resolution rate (what the team pushed), containment or "
                "deflection.",
    primary_missing="name the metric the chatbot is pushed on: the share of chats it resolves "
                    "(or contains without a human); chat length or messages say nothing about "
                    "whether the issue is solved.",
    counter=_G["recontact"], restated=_RESOLUTION_RESTATED, named=_RESOLUTION_NAMED,
    counter_met="the counter-metric catches chats marked resolved that were not: customers who "
                "come back (recontact, reopen, escalation after the resolution).",
    counter_missing="pick a counter-metric that exposes chats marked resolved that were not: "
                    "what do those customers do in the following days? CSAT alone is a weak "
                    "counter: it is asked right after the bot closes the chat, before the "
                    "customer knows whether the answer worked.",
    # the launch level is about 7 % in every variant: a ceiling starts above it, which also keeps
    # the "7" of "within 7 days" (read as 7 %) from passing for a limit
    ceiling=(0.08, 0.50),
    watch=[_G["true resolution"], _G["first-contact resolution"], _C["satisfaction"],
           _G["human escalation"], _G["long-term retention"], _G["support cost"]],
    watch_met="watches what customers and the support team get: true resolution, satisfaction, "
              "escalations to human agents, churn or the cost of support.",
    watch_missing="say what else you would watch to see whether customers are better off (are "
                  "their issues solved for good, how do they rate it, what lands on the human "
                  "agents), and why.",
    # "escalation rate after resolution" names three vocabulary concepts
    focus={**_COUNTER_FOCUS, "counter_metric": 3, "guardrail": 3},
)
