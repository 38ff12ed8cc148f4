"""Module 6 scenario bank: eight AI products for the capstone.

Each learner gets one product from the bank, chosen by their seed (``scenario_for_seed``),
and defends a metric framework for it. Every product is framed the same way: for each
*case* (an out-of-stock grocery line, a sentence said in a meeting, a candidate for a
vacancy, ...) the AI takes one **binary decision**, to act or not, so one piece of pandas
code works on every table.

A ``Scenario`` holds what the learner reads (the brief, the user, what a positive case and
the two errors mean, what each error costs, the baseline, the segments) and an
``AnswerKey`` for the instructor and the rubric: phrases that name the user's goal, the
errors, the metrics and the harm in this product's own words, the acceptable costlier
error(s), a guardrail floor for the counter-metric, and the reasons behind each choice.

``make_scenario_table`` draws a seeded table with one row per case (see its docstring for
the columns). Every table is built so that the points the capstone makes hold for every
learner:

- the model's score is informative but imperfect (ROC AUC about 0.84-0.91);
- at the deployed threshold the AI beats the baseline (a rule or the manual process) on
  expected error cost, while the baseline already gets part of the value (most of it for
  invoice categories);
- the costlier error in the answer key costs more per case;
- precision and recall trade off: the deployed threshold holds the guardrail floor on the
  counter-metric, and the floor binds at an interior threshold, so the primary metric can
  still be improved up to the floor and no further;
- engagement misleads: the share of engaged cases rises by 5-15 points over the eight
  weeks while the value per case falls (the model slowly loses separation);
- one segment is a UX hotspot: its override rate is 2.5-3.5 times that of any other segment
  while the model's precision there is the same;
- latency has a long tail.

The scores are drawn by stratified sampling within each (week, label) group, spread evenly
over the segments, so the confusion counts of a segment or a week stay close to their
expected values even at 4000 cases. The seed moves the prevalence, the model's separation
and its decay, the baseline's strength, the segment shares, the override and engagement
rates, the latency and the value of each case. The datasheet
``datasets/capstone_scenarios.md`` gives the numbers.
"""

from __future__ import annotations

import numbers
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy.special import expit, gammaincinv, logit, ndtri

from ._common import check_positive_int, check_random_state, remember_frames

__all__ = [
    "COLUMNS",
    "ERRORS",
    "SCENARIOS",
    "AnswerKey",
    "Scenario",
    "make_capstone_scenarios",
    "make_scenario_table",
    "scenario_for_seed",
]

#: The two kinds of error, as the answer keys name them.
ERRORS = ("false_positive", "false_negative")
#: Columns of every scenario table, in order.
COLUMNS = (
    "case_id", "week", "segment", "score", "label", "ai_flag", "baseline_flag", "overridden",
    "engaged", "latency_ms", "value_eur",
)
N_WEEKS = 8
MIN_CASES, MAX_CASES = 200, 200_000


@dataclass(frozen=True)
class AnswerKey:
    """What counts as a right answer for one scenario (instructor-facing).

    The phrase lists feed the rubric of the capstone brief: each names one concept in this
    product's own words, so a learner who writes "wrong substitute" for the grocery case's
    false positive gets the credit that "false positive" would earn.

    Attributes
    ----------
    goal : tuple of str
        Phrases that state the user's goal.
    costlier : tuple of str
        The acceptable costlier error(s), from ``ERRORS``; both only where both are defensible.
    costlier_reasons : Mapping of str to str
        For each error in ``costlier``: why it is the costlier one.
    false_positive_words, false_negative_words : tuple of str
        Phrases that name this scenario's false positive and false negative.
    precision_words, recall_words : tuple of str
        Phrasings of precision and recall in the scenario's words.
    ux_metric : tuple of str
        Phrases for the UX metric measured by the ``overridden`` column.
    counter_metrics : tuple of str
        Scenario-specific counter-metrics beyond plain precision or recall.
    business_outcome : tuple of str
        Phrases of the business outcome.
    harm_words : tuple of str
        What the user suffers when the AI gets it wrong.
    guardrail_floor : float
        Floor the counter-metric must hold: recall when the primary metric is precision
        (false positives costlier), precision when it is recall.
    reasons : Mapping of str to str
        ``"precision"``, ``"recall"`` and ``"ux"``: why that primary metric is or is not
        defensible here (the metric-swap drill).
    """

    goal: tuple[str, ...]
    costlier: tuple[str, ...]
    costlier_reasons: Mapping[str, str]
    false_positive_words: tuple[str, ...]
    false_negative_words: tuple[str, ...]
    precision_words: tuple[str, ...]
    recall_words: tuple[str, ...]
    ux_metric: tuple[str, ...]
    counter_metrics: tuple[str, ...]
    business_outcome: tuple[str, ...]
    harm_words: tuple[str, ...]
    guardrail_floor: float
    reasons: Mapping[str, str]

    @property
    def primary(self) -> str:
        """The primary metric the first costlier error calls for: ``"precision"`` or ``"recall"``.

        Examples
        --------
        >>> SCENARIOS["grocery_substitutions"].answer_key.primary
        'precision'
        """
        return "precision" if self.costlier[0] == "false_positive" else "recall"


@dataclass(frozen=True)
class Scenario:
    """One AI product of the capstone bank: the brief a learner reads and its answer key.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"grocery_substitutions"`` (the ``SCENARIOS`` key).
    title : str
        Short title.
    product : str
        The brief: what the product does, for whom, and what the AI decides per case.
    user : str
        Who the user is.
    positive : str
        What ``label == 1`` means.
    action : str
        What the AI does when it flags a case (``ai_flag == 1``).
    false_positive, false_negative : str
        The two errors, one sentence each, in the scenario's words.
    cost_fp, cost_fn : float
        Cost of one false positive and of one false negative, in ``cost_unit``.
    cost_unit : str
        ``"EUR"`` or ``"minutes"``.
    baseline : str
        What ``baseline_flag`` is: the current manual process or a naive rule.
    segments : tuple of str
        The values of the ``segment`` column.
    deployed_threshold : float
        The score threshold behind ``ai_flag``.
    ux_metric_name : str
        Name of the UX metric measured by ``overridden`` (overrides / AI actions).
    business_metric_name : str
        Name of the business metric measured by ``value_eur``.
    answer_key : AnswerKey
        Acceptable answers (instructor-facing).
    """

    key: str
    title: str
    product: str
    user: str
    positive: str
    action: str
    false_positive: str
    false_negative: str
    cost_fp: float
    cost_fn: float
    cost_unit: str
    baseline: str
    segments: tuple[str, ...]
    deployed_threshold: float
    ux_metric_name: str
    business_metric_name: str
    answer_key: AnswerKey


@dataclass(frozen=True)
class _Params:
    """How a scenario's table is drawn (not part of the brief)."""

    prevalence: tuple[float, float]  # range of the share of positive cases
    baseline_strength: tuple[float, float]  # the baseline's separation / the model's
    hotspot: str  # the segment where the interface provokes overrides
    shares: tuple[float, ...]  # segment shares (jittered per seed)
    gain: float  # value of a right action that is kept, in cost units
    override_cost: float  # cost of reversing a right action, in cost units
    eur_per_unit: float  # EUR per cost unit (1 for EUR)
    engaged_start: tuple[float, float]  # share engaged in week 1
    latency_ms: float  # median latency


def _key(
    *, goal, costlier, costlier_reasons, fp, fn, precision, recall, ux, counter, business, harm,
    floor, reasons,
) -> AnswerKey:
    return AnswerKey(
        goal=tuple(goal), costlier=tuple(costlier),
        costlier_reasons=MappingProxyType(dict(costlier_reasons)),
        false_positive_words=tuple(fp), false_negative_words=tuple(fn),
        precision_words=tuple(precision), recall_words=tuple(recall), ux_metric=tuple(ux),
        counter_metrics=tuple(counter), business_outcome=tuple(business),
        harm_words=tuple(harm), guardrail_floor=float(floor),
        reasons=MappingProxyType(dict(reasons)),
    )


_BANK: list[tuple[Scenario, _Params]] = [
    (
        Scenario(
            key="grocery_substitutions",
            title="Grocery substitutions",
            product=(
                "An online grocery service picks its customers' weekly shops in a warehouse "
                "and delivers them by van. When an ordered item is out of stock at picking "
                "time, a model scores the best replacement on the shelf. If the score clears "
                "the threshold, the picker packs the substitute and the shopper is told before "
                "the van leaves; otherwise the item is left out and refunded. For every "
                "out-of-stock line the model decides one thing: send the substitute, or refund."
            ),
            user="a household shopper who ordered the week's groceries for delivery",
            positive="the shopper would accept the substitute",
            action="packs the substitute in place of the missing item",
            false_positive=(
                "A substitute the shopper does not want is packed: they send it back and "
                "the line is refunded anyway, with the picking and the product wasted."
            ),
            false_negative=(
                "A substitute the shopper would have accepted stays on the shelf: the line "
                "is refunded and a planned meal lacks an ingredient."
            ),
            cost_fp=6.0, cost_fn=2.5, cost_unit="EUR",
            baseline=(
                "the old rule: substitute only the same product from another brand in the "
                "same pack size, otherwise refund"
            ),
            segments=("app", "web", "sms"),
            deployed_threshold=0.6,
            ux_metric_name="swap-back rate",
            business_metric_name="net value per out-of-stock line (EUR)",
            answer_key=_key(
                goal=(
                    "get the groceries they ordered", "get everything they need for their meals",
                    "a complete order", "receive a replacement they are happy with",
                    "cook what they planned",
                ),
                costlier=("false_positive",),
                costlier_reasons={
                    "false_positive": (
                        "A rejected substitute costs the refund, a written-off product and "
                        "the handling, and it makes the shopper doubt the whole delivery; a "
                        "missed substitute only loses the margin on one line."
                    ),
                },
                fp=(
                    "wrong substitute", "substitute the shopper rejects", "unwanted substitute",
                    "substitute sent back", "bad replacement",
                ),
                fn=(
                    "missing item", "good substitute left on the shelf", "missed substitute",
                    "needless refund", "item left out that could have been replaced",
                ),
                precision=(
                    "share of sent substitutes that are kept",
                    "substitutes kept out of substitutes packed",
                    "substitute keep rate",
                ),
                recall=(
                    "share of acceptable substitutes that get packed",
                    "good substitutes sent out of all acceptable ones",
                    "substitution coverage",
                ),
                ux=(
                    "override rate", "swap-back rate", "substitutes swapped back",
                    "share of substitutes sent back before delivery",
                ),
                counter=(
                    "refund rate", "missing items per order", "complaints about substitutes",
                    "order fill rate",
                ),
                business=(
                    "refunds per 1000 orders", "order value kept", "net value per order",
                    "repeat orders", "basket size retained",
                ),
                harm=(
                    "dinner without an ingredient", "an allergen or unsuitable food in the bag",
                    "an extra trip to the shop", "paying for food they will not eat",
                    "losing trust in the delivery",
                ),
                floor=0.55,
                reasons={
                    "precision": (
                        "Defensible: the wrong substitute is the costlier error, so the share "
                        "of packed substitutes that are kept tracks the harm; it needs a recall "
                        "floor, or the model could simply stop substituting."
                    ),
                    "recall": (
                        "Weak as the primary: chasing every acceptable substitute packs more "
                        "wrong ones, the costlier error; recall belongs in the guardrail."
                    ),
                    "ux": (
                        "The swap-back rate is the shopper's own verdict and moves fast, but "
                        "it mixes model errors with the SMS screen's problem, and as a target it "
                        "would reward hiding the swap-back button."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.42, 0.58), baseline_strength=(0.60, 0.70), hotspot="sms",
            shares=(0.45, 0.30, 0.25), gain=3.0, override_cost=0.5, eur_per_unit=1.0,
            engaged_start=(0.40, 0.50), latency_ms=230.0,
        ),
    ),
    (
        Scenario(
            key="meeting_action_items",
            title="Meeting action items",
            product=(
                "A note-taker joins a team's video calls and room meetings and transcribes "
                "them. For every sentence that sounds like a commitment, such as \"I'll send "
                "the draft by Friday\", a model decides whether to post it to the team's task "
                "tracker as an action item with an owner and a due date. Posted items notify "
                "their owner; sentences that are not posted stay in the transcript, which few "
                "people reread. For every candidate sentence the model decides one thing: post "
                "it as a task, or leave it in the transcript."
            ),
            user="a team member who attends the meetings and owns some of the follow-ups",
            positive="the sentence is a real commitment someone made in the meeting",
            action="posts the sentence to the task tracker as an action item with an owner and a due date",
            false_positive=(
                "A remark that was not a commitment becomes a task: its owner is notified, "
                "reads it and deletes it."
            ),
            false_negative=(
                "A real commitment is never posted: nobody tracks it, and the follow-up is "
                "dropped or late."
            ),
            cost_fp=4.0, cost_fn=15.0, cost_unit="minutes",
            baseline=(
                "a keyword rule: post every sentence with a first-person future phrase "
                "(\"I'll\", \"we will\") or a weekday in it"
            ),
            segments=("tracker", "email_recap", "chat_digest"),
            deployed_threshold=0.25,
            ux_metric_name="rewrite-or-delete rate",
            business_metric_name="net team time saved per candidate sentence (EUR)",
            answer_key=_key(
                goal=(
                    "not lose track of what was agreed", "every commitment followed up",
                    "know who does what by when", "deliver follow-ups on time",
                    "no dropped commitments",
                ),
                costlier=("false_negative",),
                costlier_reasons={
                    "false_negative": (
                        "A dropped commitment surfaces weeks later as a missed deadline or an "
                        "annoyed client and costs far more to repair; a bogus task costs its "
                        "owner a few minutes to read and delete."
                    ),
                },
                fp=(
                    "bogus task", "task nobody committed to", "remark turned into a to-do",
                    "phantom action item", "spurious task",
                ),
                fn=(
                    "missed commitment", "dropped follow-up", "action item not captured",
                    "commitment left in the transcript", "untracked promise",
                ),
                precision=(
                    "share of posted tasks that are real commitments",
                    "real action items out of posted items",
                    "task precision",
                ),
                recall=(
                    "share of commitments that get posted",
                    "commitments captured out of all commitments made",
                    "capture rate",
                ),
                ux=(
                    "override rate", "tasks deleted or rewritten", "rewrite rate",
                    "share of posted items edited by their owner",
                ),
                counter=(
                    "bogus tasks per meeting", "tasks deleted unread", "notification mute rate",
                    "overdue follow-ups",
                ),
                business=(
                    "follow-ups delivered on time", "minutes saved per meeting",
                    "projects slipping", "net team time saved",
                ),
                harm=(
                    "a client waiting for a promised email", "a missed deadline",
                    "work done twice", "notification fatigue", "blame over who owned a task",
                ),
                floor=0.45,
                reasons={
                    "precision": (
                        "Weak as the primary: a tracker with only sure items looks clean while "
                        "commitments drop silently; precision belongs in the guardrail against "
                        "task spam."
                    ),
                    "recall": (
                        "Defensible: the missed commitment is the costlier error, so the share "
                        "of commitments captured tracks the harm; a precision floor keeps the "
                        "tracker from filling with bogus tasks that people learn to ignore."
                    ),
                    "ux": (
                        "The rewrite-or-delete rate shows whether owners trust the items, but "
                        "in the chat digest it counts rewording of correct items, and it says "
                        "nothing about the commitments that were never posted."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.15, 0.28), baseline_strength=(0.55, 0.65), hotspot="chat_digest",
            shares=(0.40, 0.32, 0.28), gain=4.0, override_cost=1.0, eur_per_unit=1.0,
            engaged_start=(0.30, 0.40), latency_ms=900.0,
        ),
    ),
    (
        Scenario(
            key="job_matching",
            title="Candidate shortlists",
            product=(
                "A recruiting platform matches job seekers with open vacancies. For every "
                "candidate who applied or passes a vacancy's basic filters, a model decides "
                "whether to put them on the shortlist that the recruiter reviews first; "
                "candidates left off can only be found through a manual search that busy "
                "recruiters rarely run. Recruiters open the shortlisted profiles, invite some "
                "to interview and remove the rest. For every candidate-vacancy pair the model "
                "decides one thing: shortlist, or not."
            ),
            user="a recruiter filling a vacancy (the candidate is the other person the decision affects)",
            positive="the recruiter would invite the candidate to an interview",
            action="puts the candidate on the vacancy's shortlist",
            false_positive=(
                "An unsuitable candidate is shortlisted: the recruiter spends time on the "
                "profile and turns them down."
            ),
            false_negative=(
                "A suitable candidate is left off the shortlist: the recruiter never sees them, "
                "and the vacancy stays open longer."
            ),
            cost_fp=8.0, cost_fn=14.0, cost_unit="EUR",
            baseline=(
                "the keyword filter: shortlist the candidates whose profile lists every "
                "must-have skill of the vacancy"
            ),
            segments=("web_dashboard", "mobile_app", "ats_sync"),
            deployed_threshold=0.4,
            ux_metric_name="removal rate",
            business_metric_name="net value per candidate screened (EUR)",
            answer_key=_key(
                goal=(
                    "fill the vacancy with a good hire", "see the best candidates first",
                    "spend screening time on people worth interviewing",
                    "hire quickly without missing strong candidates",
                    "a shortlist worth interviewing",
                ),
                costlier=("false_negative", "false_positive"),
                costlier_reasons={
                    "false_negative": (
                        "A strong candidate nobody sees keeps the vacancy open and is unfair "
                        "to the candidate, and the loss is invisible to the recruiter; it also "
                        "costs more per case here."
                    ),
                    "false_positive": (
                        "Also defensible: each unsuitable profile costs recruiter time, and a "
                        "shortlist padded with them teaches recruiters to stop trusting it, so "
                        "an argument led by recruiter workload holds up."
                    ),
                },
                fp=(
                    "unsuitable candidate shortlisted", "wasted screening", "profile rejected on sight",
                    "padded shortlist", "poor match shown",
                ),
                fn=(
                    "qualified candidate left off", "strong candidate never seen",
                    "missed candidate", "hidden talent", "good match not shown",
                ),
                precision=(
                    "share of shortlisted candidates invited to interview",
                    "interview-worthy candidates out of shortlisted ones",
                    "shortlist quality",
                ),
                recall=(
                    "share of interview-worthy candidates who make the shortlist",
                    "qualified candidates shortlisted out of all qualified",
                    "candidate coverage",
                ),
                ux=(
                    "override rate", "removal rate", "candidates removed from the shortlist",
                    "share of shortlisted profiles removed by the recruiter",
                ),
                counter=(
                    "interviews per shortlist", "qualified candidates found by manual search",
                    "recruiter screening time", "shortlist rate by candidate group",
                ),
                business=(
                    "time to fill", "cost per hire", "hires per vacancy",
                    "vacancies filled on time", "net value per candidate screened",
                ),
                harm=(
                    "a strong candidate never gets a chance", "an unfair screen",
                    "a vacancy open for weeks", "recruiter hours wasted",
                    "losing the best applicant to a competitor",
                ),
                floor=0.5,
                reasons={
                    "precision": (
                        "Defensible if the brief is about recruiter workload: the shortlist's "
                        "hit rate is what recruiters feel; it needs a recall floor so that "
                        "strong candidates are not silently dropped."
                    ),
                    "recall": (
                        "Defensible and preferred: the missed candidate costs more and is "
                        "invisible, and fairness to candidates argues for coverage; a precision "
                        "floor protects recruiter time."
                    ),
                    "ux": (
                        "The removal rate shows recruiters' trust but is driven by the ATS "
                        "sync's missing explanations, so as a primary it would measure the "
                        "integration rather than the matches."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.15, 0.30), baseline_strength=(0.55, 0.65), hotspot="ats_sync",
            shares=(0.45, 0.25, 0.30), gain=10.0, override_cost=1.0, eur_per_unit=1.0,
            engaged_start=(0.30, 0.40), latency_ms=350.0,
        ),
    ),
    (
        Scenario(
            key="invoice_categories",
            title="Invoice line categories",
            product=(
                "Bookkeeping software for small firms reads supplier invoices and proposes a "
                "ledger category, with a cleaned-up description, for every line that its "
                "supplier rules could not place. When the model is confident the line is "
                "posted to the books straight away; otherwise it waits in the accountant's "
                "review queue. Accountants check the books at month-end close and fix what is "
                "wrong. For every invoice line the model decides one thing: post it with the "
                "proposed category, or queue it for review."
            ),
            user="an accountant who keeps the books of several small-business clients",
            positive="the proposed category is correct",
            action="posts the line to the ledger with the proposed category, without review",
            false_positive=(
                "A line is posted under the wrong category: the accountant traces and re-posts "
                "it at close, and a VAT return may have to be corrected."
            ),
            false_negative=(
                "A correctly categorised line waits in the review queue: the accountant "
                "confirms it by hand."
            ),
            cost_fp=6.0, cost_fn=1.5, cost_unit="minutes",
            baseline=(
                "the supplier rule: post the line under the category this supplier's previous "
                "invoice used, and queue it when there is none"
            ),
            segments=("desktop", "new_ledger_view", "mobile"),
            deployed_threshold=0.75,
            ux_metric_name="re-categorisation rate",
            business_metric_name="net accountant time saved per invoice line (EUR)",
            answer_key=_key(
                goal=(
                    "books that are right at month-end", "close the month quickly",
                    "spend less time on data entry", "correct VAT returns",
                    "trust the ledger without checking every line",
                ),
                costlier=("false_positive",),
                costlier_reasons={
                    "false_positive": (
                        "A wrong posting is found late, at close or in an audit, and takes "
                        "minutes to trace and correct, sometimes with a VAT amendment; a line "
                        "held for review costs a glance and a click."
                    ),
                },
                fp=(
                    "wrong category posted", "miscategorised line", "misposting",
                    "line booked to the wrong account", "silent ledger error",
                ),
                fn=(
                    "correct line sent to review", "needless review", "unnecessary manual check",
                    "line held back that was right", "review queue padding",
                ),
                precision=(
                    "share of auto-posted lines with the right category",
                    "correct postings out of automatic postings",
                    "posting accuracy",
                ),
                recall=(
                    "share of correctly categorised lines that get posted automatically",
                    "lines posted without review out of all lines the model got right",
                    "automation coverage",
                ),
                ux=(
                    "override rate", "re-categorisation rate", "lines re-categorised by the accountant",
                    "share of automatic postings changed by hand",
                ),
                counter=(
                    "review queue length", "corrections at month-end close",
                    "VAT amendments", "lines touched by hand",
                ),
                business=(
                    "accountant hours per client", "days to close the month",
                    "clients served per accountant", "net accountant time saved",
                ),
                harm=(
                    "a wrong VAT return", "a late month-end close", "an audit finding",
                    "a client's profit misstated", "evenings spent fixing the books",
                ),
                floor=0.45,
                reasons={
                    "precision": (
                        "Defensible: a wrong posting is the costlier error and the ledger has "
                        "to be right; a recall floor keeps the automation worth having."
                    ),
                    "recall": (
                        "Weak as the primary: posting more lines without review saves minutes "
                        "but lets wrong postings through, the costlier error."
                    ),
                    "ux": (
                        "The re-categorisation rate catches distrust early, but in the new "
                        "ledger view it is inflated by an interface that changes categories by "
                        "accident, so it would blame the model for a UX bug."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.45, 0.60), baseline_strength=(0.76, 0.80), hotspot="new_ledger_view",
            shares=(0.45, 0.30, 0.25), gain=2.0, override_cost=0.5, eur_per_unit=1.0,
            engaged_start=(0.25, 0.35), latency_ms=600.0,
        ),
    ),
    (
        Scenario(
            key="calendar_autobook",
            title="Meeting auto-booking",
            product=(
                "A scheduling assistant reads email threads in which people try to find a time "
                "to meet. It proposes a slot from the attendees' shared calendars and, when "
                "its model is confident, books it at once and sends the invitations; otherwise "
                "it drafts an email offering three options for its user to send. Sales staff "
                "and managers use it to end the back-and-forth over dates. For every scheduling "
                "thread the model decides one thing: book the slot, or hand the user the options."
            ),
            user="a busy professional in sales or management who lets the assistant handle their scheduling",
            positive="the proposed slot works for every attendee",
            action="books the slot and sends the calendar invitations",
            false_positive=(
                "A slot that does not suit someone is booked: the meeting has to be moved, with "
                "apologies and a new round of emails, sometimes in front of a client."
            ),
            false_negative=(
                "A slot that would have worked is not booked: the user picks a time and sends "
                "it by hand."
            ),
            cost_fp=12.0, cost_fn=4.0, cost_unit="minutes",
            baseline=(
                "the calendar's own rule: book automatically only when every attendee is a "
                "colleague and the first common free slot is within two working days"
            ),
            segments=("desktop", "email_plugin", "mobile"),
            deployed_threshold=0.7,
            ux_metric_name="manual reschedule rate",
            business_metric_name="net time saved per scheduling thread (EUR)",
            answer_key=_key(
                goal=(
                    "meet at a time that works for everyone", "stop the email back-and-forth",
                    "get meetings booked without effort", "look organised in front of clients",
                    "keep their calendar under control",
                ),
                costlier=("false_positive",),
                costlier_reasons={
                    "false_positive": (
                        "A wrong booking costs every attendee a reschedule and can embarrass the "
                        "user with a client; a thread handed back costs the user a few minutes."
                    ),
                },
                fp=(
                    "wrong booking", "clash booked", "meeting that has to be moved",
                    "slot that does not suit an attendee", "bad auto-booking",
                ),
                fn=(
                    "good slot not booked", "thread handed back needlessly", "missed auto-booking",
                    "manual scheduling that was not needed", "booking left to the user",
                ),
                precision=(
                    "share of automatic bookings that stick",
                    "bookings kept out of bookings made",
                    "booking accuracy",
                ),
                recall=(
                    "share of workable slots that get booked automatically",
                    "threads booked out of all threads that could have been",
                    "auto-booking coverage",
                ),
                ux=(
                    "override rate", "manual reschedule rate", "bookings moved by the user",
                    "share of automatic bookings changed by hand",
                ),
                counter=(
                    "reschedules per booking", "declined invitations",
                    "threads handed back", "emails per meeting booked",
                ),
                business=(
                    "minutes saved per meeting booked", "meetings held as booked",
                    "time to first meeting with a lead", "net time saved",
                ),
                harm=(
                    "a client left waiting in an empty call", "a double-booked afternoon",
                    "an apology email to a prospect", "a meeting at 7 am in another time zone",
                    "looking disorganised",
                ),
                floor=0.4,
                reasons={
                    "precision": (
                        "Defensible: a wrong booking is the costlier error and lands on other "
                        "people; a recall floor keeps the assistant from handing everything back."
                    ),
                    "recall": (
                        "Weak as the primary: booking more threads saves minutes but multiplies "
                        "reschedules, the costlier error."
                    ),
                    "ux": (
                        "The manual reschedule rate is close to the user's experience, but on "
                        "mobile the notification's main button provokes reschedules of good "
                        "bookings, so it mixes the interface with the model."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.35, 0.55), baseline_strength=(0.62, 0.72), hotspot="mobile",
            shares=(0.40, 0.30, 0.30), gain=6.0, override_cost=1.0, eur_per_unit=1.2,
            engaged_start=(0.35, 0.45), latency_ms=950.0,
        ),
    ),
    (
        Scenario(
            key="comment_moderation",
            title="Comment moderation for children",
            product=(
                "A learning platform for children aged 8 to 14 lets pupils comment on each "
                "other's projects and homework posts. A model screens every new comment for "
                "bullying, unkind language and shared personal details. When it flags a "
                "comment, the comment is hidden at once and sent to the platform's moderators, "
                "who restore it if it was fine; unflagged comments appear straight away. For "
                "every comment the model decides one thing: hide it for review, or publish it."
            ),
            user=(
                "a pupil who posts and reads comments, with teachers and parents relying on "
                "the platform to keep them safe"
            ),
            positive="the comment breaks the community rules",
            action="hides the comment and sends it to a moderator",
            false_positive=(
                "A harmless comment is hidden: the pupil sees it disappear, and a moderator "
                "spends time restoring it."
            ),
            false_negative=(
                "A harmful comment is published: children read it before anyone takes it down."
            ),
            cost_fp=4.0, cost_fn=20.0, cost_unit="EUR",
            baseline=(
                "a blocklist of words and patterns: insults, phone numbers and street addresses"
            ),
            segments=("project_gallery", "homework_forum", "class_chat"),
            deployed_threshold=0.2,
            ux_metric_name="restore rate",
            business_metric_name="net value per comment (EUR)",
            answer_key=_key(
                goal=(
                    "learn and share work safely", "be kind to each other online",
                    "not be bullied or exposed", "get encouraging feedback from classmates",
                    "a safe place to learn",
                ),
                costlier=("false_negative",),
                costlier_reasons={
                    "false_negative": (
                        "A bullying comment or a shared address reaches children at once and "
                        "cannot be unseen; it also costs parent complaints and moderator "
                        "escalations. A harmless comment hidden for a while is a small "
                        "frustration and a few minutes of review."
                    ),
                },
                fp=(
                    "harmless comment hidden", "over-moderation", "kind comment blocked",
                    "comment removed by mistake", "needless takedown",
                ),
                fn=(
                    "harmful comment published", "bullying missed", "unsafe comment left up",
                    "personal details exposed", "abuse slipping through",
                ),
                precision=(
                    "share of hidden comments that break the rules",
                    "rule-breaking comments out of hidden comments",
                    "takedown accuracy",
                ),
                recall=(
                    "share of harmful comments caught before children see them",
                    "harmful comments hidden out of all harmful comments",
                    "catch rate",
                ),
                ux=(
                    "override rate", "restore rate", "hidden comments restored",
                    "share of hidden comments put back by a teacher or moderator",
                ),
                counter=(
                    "harmful comments reported by users", "moderator queue time",
                    "harmful comments restored", "time a harmful comment stays visible",
                ),
                business=(
                    "parent complaints per 10,000 comments", "school subscription renewals",
                    "moderation cost per comment", "pupils who keep commenting",
                ),
                harm=(
                    "a child bullied in front of the class", "a home address shared",
                    "a pupil who stops posting", "parents losing trust in the platform",
                    "a silenced child",
                ),
                floor=0.3,
                reasons={
                    "precision": (
                        "Weak as the primary: optimising it lets more harmful comments through, "
                        "the costlier error for children; precision is the guardrail that "
                        "keeps ordinary comments flowing."
                    ),
                    "recall": (
                        "Defensible: catching harmful comments before children see them is the "
                        "job; the precision floor limits over-moderation and moderator load."
                    ),
                    "ux": (
                        "The restore rate is driven by teachers pressing 'show anyway' in class "
                        "chat, harmful comments included, so it is a warning about the interface "
                        "rather than a measure of the model."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.06, 0.12), baseline_strength=(0.60, 0.70), hotspot="class_chat",
            shares=(0.35, 0.35, 0.30), gain=1.0, override_cost=0.5, eur_per_unit=1.0,
            engaged_start=(0.20, 0.30), latency_ms=150.0,
        ),
    ),
    (
        Scenario(
            key="support_reply_suggestions",
            title="Support reply suggestions",
            product=(
                "An electronics retailer's support agents answer customer emails, chats and "
                "social-media messages in a help desk. A model writes a reply to each incoming "
                "message and, when it judges the reply usable, places it in the agent's reply "
                "box; otherwise the box stays empty. The agent can send the suggestion, edit "
                "it, or clear it and write their own answer. For every customer message the "
                "model decides one thing: offer its reply, or stay quiet."
            ),
            user="a support agent answering customers",
            positive="the suggested reply is usable: the agent could send it with at most light edits",
            action="places the suggested reply in the agent's reply box",
            false_positive=(
                "An unusable reply is offered: the agent reads and clears it, or sends it and "
                "the customer comes back."
            ),
            false_negative=(
                "A usable reply is held back: the agent writes the answer from scratch."
            ),
            cost_fp=5.0, cost_fn=2.0, cost_unit="minutes",
            baseline="macros: the help desk inserts the template that matches the ticket's tag",
            segments=("email", "social", "chat"),
            deployed_threshold=0.65,
            ux_metric_name="discard rate",
            business_metric_name="net agent time saved per message (EUR)",
            answer_key=_key(
                goal=(
                    "answer customers correctly and quickly", "solve the customer's problem",
                    "spend less time typing routine replies", "send replies they can stand behind",
                    "clear the queue without mistakes",
                ),
                costlier=("false_positive",),
                costlier_reasons={
                    "false_positive": (
                        "An unusable suggestion costs reading time and, when it slips through, "
                        "a wrong answer and a reopened ticket; a withheld good reply costs only "
                        "the typing the agent did before the assistant existed."
                    ),
                },
                fp=(
                    "unusable suggestion", "wrong reply offered", "bad draft in the reply box",
                    "suggestion the agent clears", "misleading answer suggested",
                ),
                fn=(
                    "usable reply withheld", "good suggestion not shown", "missed suggestion",
                    "reply typed from scratch needlessly", "empty reply box",
                ),
                precision=(
                    "share of offered replies that are usable",
                    "usable suggestions out of suggestions shown",
                    "suggestion quality",
                ),
                recall=(
                    "share of messages with a usable reply that get a suggestion",
                    "usable replies offered out of all usable replies",
                    "suggestion coverage",
                ),
                ux=(
                    "override rate", "discard rate", "suggestions cleared by the agent",
                    "share of suggestions thrown away",
                ),
                counter=(
                    "reopened tickets", "first-contact resolution", "wrong answers sent",
                    "customer satisfaction after an assisted reply",
                ),
                business=(
                    "cost per resolved ticket", "tickets per agent hour", "handle time",
                    "net agent time saved",
                ),
                harm=(
                    "a customer given the wrong refund policy", "a ticket reopened",
                    "an agent's flow broken", "a promise the shop cannot keep",
                    "an angry customer writing again",
                ),
                floor=0.4,
                reasons={
                    "precision": (
                        "Defensible: an unusable reply in the box is the costlier error and risks "
                        "a wrong answer; a recall floor keeps the assistant from going quiet."
                    ),
                    "recall": (
                        "Weak as the primary: offering more replies saves typing only if they "
                        "are usable, and every unusable one costs more than it saves."
                    ),
                    "ux": (
                        "The discard rate shows how agents receive suggestions, but in chat the "
                        "reply lands while the agent is typing, so agents clear good replies too; "
                        "it measures the interface as much as the model."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.30, 0.50), baseline_strength=(0.58, 0.68), hotspot="chat",
            shares=(0.40, 0.25, 0.35), gain=3.0, override_cost=0.5, eur_per_unit=0.6,
            engaged_start=(0.45, 0.55), latency_ms=900.0,
        ),
    ),
    (
        Scenario(
            key="writing_error_flags",
            title="Writing assistant error flags",
            product=(
                "A writing assistant in a company's email and document editor checks passages "
                "for errors that a spell checker misses: a figure copied wrongly from a table, "
                "a misspelt client name, a date that contradicts the rest of the text. When its "
                "model is confident, it underlines the passage and offers a fix; the writer can "
                "open the underline or dismiss it. Passages it lets pass go out as written. For "
                "every passage it checks the model decides one thing: underline it, or let it pass."
            ),
            user="an employee writing emails and documents for clients and colleagues",
            positive="the passage contains a real error",
            action="underlines the passage and offers a fix",
            false_positive=(
                "A correct passage is underlined: the writer stops, checks it against the "
                "source and dismisses the flag."
            ),
            false_negative=(
                "A real error is let through: it goes out in the email or document and has to "
                "be corrected afterwards."
            ),
            cost_fp=1.5, cost_fn=8.0, cost_unit="minutes",
            baseline="the editor's built-in spell checker, which underlines unknown words only",
            segments=("desktop_editor", "web_mail", "mobile_keyboard"),
            deployed_threshold=0.2,
            ux_metric_name="dismiss rate",
            business_metric_name="net writer time saved per passage (EUR)",
            answer_key=_key(
                goal=(
                    "send documents without mistakes", "get the facts right in what they write",
                    "look professional to clients", "avoid sending corrections afterwards",
                    "write with confidence",
                ),
                costlier=("false_negative",),
                costlier_reasons={
                    "false_negative": (
                        "An error that goes out costs a correction email, rework and credibility "
                        "with a client; a needless underline costs a few seconds of checking."
                    ),
                },
                fp=(
                    "false alarm", "correct passage underlined", "needless flag",
                    "nagging underline", "flag the writer dismisses",
                ),
                fn=(
                    "error let through", "mistake sent to a client", "missed error",
                    "uncaught wrong figure", "typo in the client's name that went out",
                ),
                precision=(
                    "share of underlines that point at a real error",
                    "real errors out of flagged passages",
                    "flag accuracy",
                ),
                recall=(
                    "share of real errors that get underlined",
                    "errors caught out of all errors written",
                    "error catch rate",
                ),
                ux=(
                    "override rate", "dismiss rate", "underlines dismissed",
                    "share of flags ignored by the writer",
                ),
                counter=(
                    "flags per page", "corrections sent after the fact",
                    "writers who turn the assistant off", "errors found by readers",
                ),
                business=(
                    "corrections per 1000 emails", "client complaints about errors",
                    "rework hours", "net writer time saved",
                ),
                harm=(
                    "a wrong price quoted to a client", "a client's name misspelt",
                    "an embarrassing correction email", "a contract with the wrong date",
                    "a writer nagged into ignoring every flag",
                ),
                floor=0.35,
                reasons={
                    "precision": (
                        "Weak as the primary: fewer, surer flags let more real errors go out, "
                        "the costlier error; precision is the guardrail against nagging."
                    ),
                    "recall": (
                        "Defensible: catching errors before they reach a reader is the point; a "
                        "precision floor keeps writers from learning to ignore the underlines."
                    ),
                    "ux": (
                        "The dismiss rate shows flag fatigue, but on phones the pop-up's layout "
                        "causes dismissals of real errors, so it reflects the keyboard more "
                        "than the model."
                    ),
                },
            ),
        ),
        _Params(
            prevalence=(0.08, 0.18), baseline_strength=(0.60, 0.70), hotspot="mobile_keyboard",
            shares=(0.40, 0.35, 0.25), gain=2.0, override_cost=0.2, eur_per_unit=0.8,
            engaged_start=(0.30, 0.40), latency_ms=250.0,
        ),
    ),
]

#: The scenario bank, in a fixed order: key -> Scenario.
SCENARIOS: dict[str, Scenario] = {scenario.key: scenario for scenario, _ in _BANK}
_PARAMS: dict[str, _Params] = {scenario.key: params for scenario, params in _BANK}

# --- how every table is drawn -----------------------------------------------------------------
_AUC_AT_LAUNCH = (0.87, 0.925)  # the model's ROC AUC in week 1 (binormal, equal variances)
_DECAY = (0.15, 0.22)  # share of the model's separation lost by week 8
_BASELINE_SHARED_NOISE = 0.5  # correlation of the baseline's errors with the model's
_OVERRIDE_ELSEWHERE = (0.05, 0.09)  # override rate outside the hotspot (per segment)
_HOTSPOT_RATIO = (2.5, 3.5)  # hotspot override rate / the highest of the other segments'
_OVERRIDE_WRONG_WEIGHT = 6.0  # outside the hotspot, wrong actions are this much likelier overridden
_ENGAGED_RISE = (0.07, 0.13)  # rise of the engaged share from week 1 to week 8
_ENGAGED_JITTER = 0.01  # week-to-week wobble of the engaged share (weeks 2-7)
_ENGAGE_WEIGHT = {"flag": 2.5, "overridden": 2.0}  # engagement odds weights
_LATENCY_SPREAD = (0.35, 0.45)  # log-scale spread of latency
_SLOW = (0.03, 3.0, 8.0)  # share of slow requests and their slow-down range
_VALUE_SHAPE = 8.0  # gamma shape of the per-case value magnitudes (coefficient of variation 0.35)


def scenario_for_seed(seed: int) -> Scenario:
    """The scenario of the bank that a learner seed draws.

    The mapping is ``seed % len(SCENARIOS)``: deterministic, and every scenario is reachable.

    Parameters
    ----------
    seed : int
        A non-negative learner seed (``ai_product_metrics.learner_seed()``).

    Returns
    -------
    Scenario

    Examples
    --------
    >>> scenario_for_seed(0).key
    'grocery_substitutions'
    >>> scenario_for_seed(9).key == list(SCENARIOS)[1]
    True
    """
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return list(SCENARIOS.values())[int(seed) % len(SCENARIOS)]


def _resolve(scenario: str | Scenario | None, random_state: int | np.random.Generator) -> Scenario:
    if scenario is None:
        if isinstance(random_state, np.random.Generator):
            raise ValueError(
                "scenario=None picks the learner's scenario from an integer seed; with a numpy "
                "Generator as random_state, name the scenario"
            )
        check_random_state(random_state)  # validates the seed
        return scenario_for_seed(random_state)
    if isinstance(scenario, Scenario):
        if SCENARIOS.get(scenario.key) != scenario:
            raise ValueError(
                f"only the scenarios of the bank can be drawn; {scenario.key!r} is not one of "
                f"them or was changed (valid keys: {', '.join(SCENARIOS)})"
            )
        return scenario
    if isinstance(scenario, str) and scenario in SCENARIOS:
        return SCENARIOS[scenario]
    raise ValueError(f"unknown scenario {scenario!r}; valid keys: {', '.join(SCENARIOS)}")


def _split(total: int, shares: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Integer counts summing to ``total``, as close to ``total * shares`` as possible."""
    exact = total * shares / shares.sum()
    counts = np.floor(exact).astype(int)
    short = total - counts.sum()
    if short:
        remainder = exact - counts
        extra = rng.choice(len(shares), size=short, replace=False, p=remainder / remainder.sum())
        counts[extra] += 1
    return counts


def _stochastic_round(x: float, rng: np.random.Generator) -> int:
    return int(np.floor(x) + (rng.uniform() < x - np.floor(x)))


def _stratified(m: int, rng: np.random.Generator, order: np.ndarray | None = None) -> np.ndarray:
    """``m`` uniform draws, one from each of ``m`` equal-probability strata.

    The strata are shuffled, or handed out in the rank order of ``order`` when it is given.
    """
    rank = rng.permutation(m) if order is None else np.argsort(np.argsort(order))
    return (rank + np.clip(rng.uniform(size=m), 1e-9, 1 - 1e-9)) / m


def _stratified_normal(m: int, rng: np.random.Generator, order: np.ndarray | None = None) -> np.ndarray:
    """``m`` standard normal draws, one from each of ``m`` equal-probability strata."""
    return ndtri(_stratified(m, rng, order))


def _interleave(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Group labels for ``counts.sum()`` sorted items, each group spread evenly along the order."""
    ideal = np.concatenate([
        (np.arange(c) + rng.uniform()) / c for c in counts if c
    ])
    groups = np.concatenate([np.full(c, g) for g, c in enumerate(counts) if c])
    return groups[np.argsort(ideal, kind="stable")]


def _pick(count: int, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``count`` items drawn one by one without replacement, each with probability
    proportional to its weight (the exponential-keys method of Efraimidis and Spirakis)."""
    count = min(max(int(count), 0), len(weights))
    keys = rng.exponential(size=len(weights)) / weights
    return np.argpartition(keys, count - 1)[:count] if count else np.zeros(0, dtype=int)


def _draw(scenario: Scenario, n_cases: int, rng: np.random.Generator) -> pd.DataFrame:
    params = _PARAMS[scenario.key]
    segments = np.array(scenario.segments)
    n_seg = len(segments)
    hot = scenario.segments.index(params.hotspot)

    # --- what the seed decides ----------------------------------------------------------------
    prevalence = rng.uniform(*params.prevalence)
    d_launch = np.sqrt(2.0) * ndtri(rng.uniform(*_AUC_AT_LAUNCH))
    decay = rng.uniform(*_DECAY)
    d_baseline = d_launch * rng.uniform(*params.baseline_strength)
    shares = np.asarray(params.shares) * rng.uniform(0.9, 1.1, size=n_seg)
    override_else = rng.uniform(*_OVERRIDE_ELSEWHERE, size=n_seg)
    override_else[hot] = rng.uniform(*_HOTSPOT_RATIO) * np.delete(override_else, hot).max()
    engaged_start = rng.uniform(*params.engaged_start)
    engaged_rise = rng.uniform(*_ENGAGED_RISE)
    latency_median = params.latency_ms * rng.uniform(0.85, 1.15)
    latency_spread = rng.uniform(*_LATENCY_SPREAD)

    # --- cases: balanced weeks, segments by share, the same prevalence everywhere ------------
    week_sizes = _split(n_cases, np.ones(N_WEEKS), rng)
    # q: the model's noise, stratified within each (week, label) and spread systematically over
    # the segments; q_base: the baseline's noise, correlated with it and stratified by rank
    rho = _BASELINE_SHARED_NOISE
    week, segment, label, q, q_base = [], [], [], [], []
    for w, n_w in enumerate(week_sizes, start=1):
        sizes = _split(int(n_w), shares, rng)
        n_pos = min(max(_stochastic_round(prevalence * n_w, rng), 0), int(n_w))
        positives = _split(n_pos, sizes.astype(float), rng) if n_pos else np.zeros_like(sizes)
        for y, counts in ((1, positives), (0, sizes - positives)):
            k = int(counts.sum())
            if k == 0:
                continue
            noise = np.sort(_stratified_normal(k, rng))
            mixed = rho * noise + np.sqrt(1 - rho**2) * rng.standard_normal(k)
            week.append(np.full(k, w))
            segment.append(_interleave(counts, rng))
            label.append(np.full(k, y))
            q.append(noise)
            q_base.append(_stratified_normal(k, rng, order=mixed))
    week, segment, label, q, q_base = (
        np.concatenate(a) for a in (week, segment, label, q, q_base)
    )
    order = np.lexsort((rng.uniform(size=len(week)), week))  # time order within each week
    week, segment, label, q, q_base = (a[order] for a in (week, segment, label, q, q_base))
    n = len(week)

    # --- the model: separation shrinks over the weeks; scores calibrated at launch -------------
    d_week = d_launch * (1.0 - decay * (week - 1) / (N_WEEKS - 1))
    z = q + np.where(label == 1, d_week, 0.0) + (d_launch - d_week) / 2.0
    score = np.round(expit(logit(prevalence) + d_launch * z - d_launch**2 / 2.0), 4)
    ai_flag = (score >= scenario.deployed_threshold).astype(int)

    # --- the baseline: a weaker signal whose errors partly share the model's, best cut-off -----
    z_base = label * d_baseline + q_base
    cut = d_baseline / 2 + np.log(
        scenario.cost_fp * (1 - prevalence) / (scenario.cost_fn * prevalence)
    ) / d_baseline
    baseline_flag = (z_base >= cut).astype(int)

    # --- overrides: an exact share of each segment's actions; the hotspot ignores correctness --
    overridden = np.zeros(n, dtype=int)
    wrong = (ai_flag == 1) & (label == 0)
    for s in range(n_seg):
        acted = np.flatnonzero((segment == s) & (ai_flag == 1))
        k = _stochastic_round(override_else[s] * len(acted), rng)
        weight = np.where(wrong[acted], 1.0 if s == hot else _OVERRIDE_WRONG_WEIGHT, 1.0)
        overridden[acted[_pick(k, weight, rng)]] = 1

    # --- engagement: an exact share per week, rising; likelier on actions and overrides -------
    engaged = np.zeros(n, dtype=int)
    jitter = rng.uniform(-_ENGAGED_JITTER, _ENGAGED_JITTER, size=N_WEEKS)
    jitter[[0, -1]] = 0.0
    weight = 1.0 + (_ENGAGE_WEIGHT["flag"] - 1) * ai_flag + (_ENGAGE_WEIGHT["overridden"] - 1) * overridden
    for w in range(1, N_WEEKS + 1):
        idx = np.flatnonzero(week == w)
        share = engaged_start + engaged_rise * (w - 1) / (N_WEEKS - 1) + jitter[w - 1]
        engaged[idx[_pick(round(share * len(idx)), weight[idx], rng)]] = 1

    # --- latency: log-normal with a slow tail ------------------------------------------------
    latency = latency_median * np.exp(latency_spread * rng.standard_normal(n))
    slow = rng.uniform(size=n) < _SLOW[0]
    latency[slow] *= rng.uniform(_SLOW[1], _SLOW[2], size=slow.sum())

    # --- value realised on the case (cost units, then EUR) ------------------------------------
    tp = (ai_flag == 1) & (label == 1)
    fn = (ai_flag == 0) & (label == 1)
    units = np.select(
        [tp & (overridden == 0), tp & (overridden == 1), wrong, fn],
        [params.gain, -params.override_cost, -scenario.cost_fp, -scenario.cost_fn],
        default=0.0,
    )
    # gamma magnitudes (mean 1), stratified within each week and kind of outcome
    kind = np.select([tp & (overridden == 0), tp, wrong, fn], [1, 2, 3, 4], default=0)
    group = week * 10 + kind
    by_group = np.argsort(group, kind="stable")
    u = np.empty(n)
    for idx in np.split(by_group, np.flatnonzero(np.diff(group[by_group])) + 1):
        u[idx] = _stratified(len(idx), rng)
    u = 0.01 + 0.98 * u  # the 1st to 99th percentile
    magnitude = gammaincinv(_VALUE_SHAPE, u) / _VALUE_SHAPE
    value = np.round(units * magnitude * params.eur_per_unit, 2) + 0.0  # no negative zeros

    return pd.DataFrame({
        "case_id": np.arange(1, n + 1),
        "week": week.astype(int),
        "segment": segments[segment],
        "score": score,
        "label": label.astype(int),
        "ai_flag": ai_flag,
        "baseline_flag": baseline_flag,
        "overridden": overridden,
        "engaged": engaged,
        "latency_ms": np.round(latency, 1),
        "value_eur": value,
    })


def make_scenario_table(
    scenario: str | Scenario | None = None,
    *,
    n_cases: int = 4000,
    random_state: int | np.random.Generator,
) -> pd.DataFrame:
    """A seeded metrics table for one capstone scenario: one row per case the AI decided.

    Parameters
    ----------
    scenario : str, Scenario or None, default None
        A key of ``SCENARIOS`` (or the Scenario itself). ``None`` draws the learner's own
        scenario, ``scenario_for_seed(random_state)``; it needs an integer ``random_state``.
    n_cases : int, default 4000
        Number of cases (200 to 200,000), spread evenly over eight weeks.
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.

    Returns
    -------
    pandas.DataFrame
        One row per case, in time order, with columns ``case_id`` (1..n), ``week`` (1..8),
        ``segment`` (one of the scenario's ``segments``), ``score`` (the model's confidence
        that the case is positive, 4 decimals), ``label`` (0/1 ground truth: 1 means the
        scenario's ``positive``), ``ai_flag`` (0/1, ``score >= deployed_threshold``: the AI
        took its ``action``), ``baseline_flag`` (0/1, what the scenario's ``baseline`` would
        have done), ``overridden`` (0/1, the user reversed or rewrote the AI's action; only
        where ``ai_flag == 1``), ``engaged`` (0/1, the user opened or interacted with the AI's
        output), ``latency_ms`` (time to the AI's decision) and ``value_eur`` (net value
        realised on the case in euros; errors are negative).

    Raises
    ------
    ValueError
        On an unknown scenario (the message lists the valid keys), a bad ``n_cases`` or
        ``random_state``, or ``scenario=None`` with a Generator.

    Examples
    --------
    >>> table = make_scenario_table("grocery_substitutions", random_state=0)
    >>> table.shape
    (4000, 11)
    >>> bool((table.ai_flag == (table.score >= 0.6)).all())
    True
    >>> bool((table.overridden <= table.ai_flag).all())
    True
    >>> make_scenario_table(random_state=9).equals(
    ...     make_scenario_table(scenario_for_seed(9), random_state=9))
    True
    """
    key = _resolve(scenario, random_state).key
    n_cases = check_positive_int(n_cases, "n_cases", minimum=MIN_CASES, maximum=MAX_CASES)
    check_random_state(random_state)  # validates the seed
    return _table(key=key, n_cases=n_cases, random_state=random_state)


@remember_frames
def _table(*, key: str, n_cases: int, random_state: int | np.random.Generator) -> pd.DataFrame:
    """The table of a validated request (integer seeds are remembered: notebooks ask often)."""
    if isinstance(random_state, np.random.Generator):
        rng = random_state
    else:
        # each scenario draws from its own stream, so one seed gives independent scenarios
        rng = np.random.default_rng([int(random_state), zlib.crc32(key.encode())])
    return _draw(SCENARIOS[key], n_cases, rng)


@remember_frames
def make_capstone_scenarios(
    *, random_state: int | np.random.Generator, n_cases: int = 4000
) -> pd.DataFrame:
    """The tables of every scenario of the bank for one seed, stacked (the canonical export).

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed. With an integer, the rows of scenario ``k`` equal
        ``make_scenario_table(k, random_state=seed)``.
    n_cases : int, default 4000
        Cases per scenario.

    Returns
    -------
    pandas.DataFrame
        A leading ``scenario`` column (the key), then the columns of ``make_scenario_table``.

    Examples
    --------
    >>> bank = make_capstone_scenarios(random_state=3, n_cases=400)
    >>> bank.scenario.nunique() == len(SCENARIOS), list(bank.columns[:2])
    (True, ['scenario', 'case_id'])
    """
    check_random_state(random_state)
    frames = [
        make_scenario_table(key, n_cases=n_cases, random_state=random_state).assign(scenario=key)
        for key in SCENARIOS
    ]
    stacked = pd.concat(frames, ignore_index=True)
    return stacked[["scenario", *COLUMNS]]
