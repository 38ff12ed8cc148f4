"""Score structured written briefs against a rubric, with partial credit and reasons.

A *brief* is a dict of named fields (``primary_metric``, ``counter_metric``, ...) holding short
free text. A :class:`Rubric` is a list of :class:`Criterion` items, each worth some points and
looking at one or more fields. A criterion is met when a field *affirms* one of the required
:class:`Concept` s (matched by synonyms, ignoring case, punctuation and plural endings, and not
negated: "not engagement" does not affirm engagement), affirms none of the forbidden ones,
and, when it asks for a number, states a number that agrees with the learner's own data.

Two guards keep keyword stuffing from paying: a field meant to name *one* thing (``focus``)
earns nothing when it affirms more distinct vocabulary concepts than allowed, and a free-text
field that is mostly a list of metric names earns nothing.

:func:`score_brief` prints which items were met and what is missing, and returns a
:class:`BriefScore`; a test cell ends with ``score.points`` so that nbgrader records the
partial credit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "BriefScore",
    "Concept",
    "Criterion",
    "Rubric",
    "check_brief_complete",
    "find_concepts",
    "normalize",
    "score_brief",
]

_NEGATORS = frozenset(
    "not no never without instead rather avoid nor ignore ignoring neither except than".split()
)
# "instead of Y", "X rather than Y": the thing after the negator is the rejected option.
# A negator only reaches back this many tokens.
_NEGATION_WINDOW = 3
_PLACEHOLDERS = frozenset({"", "...", "todo", "tbd", "your answer here", "fill me", "?"})


def _stem(token: str) -> str:
    if token.isdigit() or len(token) <= 3:
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "shes", "ches", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


_BOUNDARY = "|"


def normalize(text: str) -> list[str]:
    """Lower-case, split on anything but letters and digits, and drop plural endings.

    Clause punctuation (``, ; : . ! ?`` and brackets) becomes a ``"|"`` token: phrases do
    not match across it and a negation does not reach past it.

    Examples
    --------
    >>> normalize("Task-completion RATES, don't!")
    ['task', 'completion', 'rate', '|', 'do', 'not', '|']
    """
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"(\d)\.(\d)", r"\1point\2", text)  # keep decimals as one token
    text = re.sub(r"[,;:.!?()\[\]]", f" {_BOUNDARY} ", text)
    tokens = re.findall(r"[a-z0-9]+|\|", text)
    return [_stem(t.replace("point", ".") if re.fullmatch(r"\d+point\d+", t) else t)
            for t in tokens]


def _words(tokens: Sequence[str]) -> int:
    return sum(t != _BOUNDARY for t in tokens)


@dataclass(frozen=True)
class Concept:
    """An idea a learner may express in several ways.

    Parameters
    ----------
    name : str
        A short label shown in feedback.
    phrases : sequence of str
        Synonyms; each matches as a run of normalised words.

    Examples
    --------
    >>> Concept("engagement", ["engagement", "click-through", "time spent"]).name
    'engagement'
    """

    name: str
    phrases: Sequence[str]

    def __post_init__(self) -> None:
        if not self.phrases:
            raise ValueError(f"concept {self.name!r} needs at least one phrase")
        object.__setattr__(self, "_patterns", tuple(tuple(normalize(p)) for p in self.phrases))

    def occurrences(self, tokens: Sequence[str]) -> list[tuple[int, bool]]:
        """Every (position, negated) where one of the phrases occurs in ``tokens``."""
        found = []
        for pattern in self._patterns:  # type: ignore[attr-defined]
            n = len(pattern)
            for i in range(len(tokens) - n + 1):
                if tuple(tokens[i:i + n]) == pattern:
                    window = tokens[max(0, i - _NEGATION_WINDOW):i]
                    if _BOUNDARY in window:
                        window = window[len(window) - window[::-1].index(_BOUNDARY):]
                    found.append((i, any(t in _NEGATORS for t in window)))
        return found

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        """True when some occurrence is not negated."""
        return any(not negated for _, negated in self.occurrences(tokens))


def find_concepts(text: str, concepts: Sequence[Concept]) -> list[str]:
    """Names of the concepts that ``text`` affirms (mentions without negating).

    Examples
    --------
    >>> c = [Concept("engagement", ["engagement", "clicks"]), Concept("completion", ["task completion"])]
    >>> find_concepts("Task completion, not clicks", c)
    ['completion']
    """
    tokens = normalize(text)
    return [c.name for c in concepts if c.affirmed_in(tokens)]


@dataclass(frozen=True)
class Criterion:
    """One rubric item.

    Parameters
    ----------
    id : str
        Short identifier, unique in the rubric.
    fields : sequence of str
        Brief fields searched (their texts are joined).
    points : float
        Points earned when met.
    met : str
        Feedback shown when met (what the learner did right).
    missing : str
        Feedback shown when not met (what to add or rethink; never the expected number).
    any_of : sequence of Concept
        At least one must be affirmed (empty: no concept needed).
    none_of : sequence of Concept
        None may be affirmed (e.g. engagement as the primary metric).
    number : str, optional
        Key of ``numbers`` in :func:`score_brief`; the fields must state that value.
    tolerance : float
        Absolute tolerance for ``number``, in the value's own units.
    rel_tolerance : float
        Relative tolerance for ``number`` (added to ``tolerance``).
    number_range : (float, float), optional
        The fields must state some number within this closed range (e.g. a guardrail floor
        between 0.5 and 0.99; "80%" counts as 0.8).
    min_words : int
        The joined fields must hold at least this many words.
    """

    id: str
    fields: Sequence[str]
    points: float
    met: str
    missing: str
    any_of: Sequence[Concept] = ()
    none_of: Sequence[Concept] = ()
    number: str | None = None
    tolerance: float = 0.0
    rel_tolerance: float = 0.0
    number_range: tuple[float, float] | None = None
    min_words: int = 0

    def __post_init__(self) -> None:
        if self.points <= 0:
            raise ValueError(f"criterion {self.id!r}: points must be positive")
        if self.number_range is not None and self.number_range[0] > self.number_range[1]:
            raise ValueError(f"criterion {self.id!r}: number_range must be (low, high)")
        if not self.fields:
            raise ValueError(f"criterion {self.id!r}: name at least one field")


@dataclass(frozen=True)
class Rubric:
    """A rubric for one structured brief.

    Parameters
    ----------
    name : str
        Title shown in feedback.
    fields : mapping of str to str
        Every field the brief must have, with the question it answers.
    criteria : sequence of Criterion
        The scored items.
    vocabulary : sequence of Concept
        The metric names of the topic, used to detect keyword stuffing.
    focus : mapping of str to int
        Fields meant to name one thing, with how many vocabulary concepts they may affirm.
    """

    name: str
    fields: Mapping[str, str]
    criteria: Sequence[Criterion]
    vocabulary: Sequence[Concept] = ()
    focus: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"rubric {self.name!r} has duplicate criterion ids")
        for c in self.criteria:
            unknown = [f for f in c.fields if f not in self.fields]
            if unknown:
                raise ValueError(f"criterion {c.id!r} looks at unknown field(s) {unknown}")

    @property
    def max_points(self) -> float:
        """Total points of the rubric."""
        return float(sum(c.points for c in self.criteria))


@dataclass
class BriefScore:
    """Result of :func:`score_brief`: points, maximum and one line of feedback per item."""

    points: float
    max_points: float
    items: list[tuple[str, float, float, str]]  # (criterion id, earned, possible, reason)

    def report(self) -> str:
        """The feedback as text, one line per rubric item."""
        lines = [f"Brief scored {self.points:g} / {self.max_points:g}"]
        for cid, earned, possible, reason in self.items:
            mark = "met    " if earned == possible else "missing"
            lines.append(f"  [{mark}] {earned:g}/{possible:g} {cid}: {reason}")
        return "\n".join(lines)


def _is_placeholder(value: object) -> bool:
    return not isinstance(value, str) or value.strip().lower() in _PLACEHOLDERS


def check_brief_complete(brief: object, rubric: Rubric) -> None:
    """Public check: the brief is a dict with every field of the rubric filled in.

    Examples
    --------
    >>> r = Rubric("demo", {"primary_metric": "?"}, [Criterion("p", ["primary_metric"], 1, "ok", "no")])
    >>> check_brief_complete({"primary_metric": "task completion rate"}, r)
    >>> check_brief_complete({"primary_metric": "..."}, r)
    Traceback (most recent call last):
    ...
    ai_product_metrics.grading.checks.CheckFailed: Fill in the field(s) 'primary_metric' of your brief.
    """
    from .checks import CheckFailed

    if not isinstance(brief, Mapping):
        raise CheckFailed(f"`brief` should be a dict of text fields, but it is a {type(brief).__name__}.")
    missing = [f for f in rubric.fields if f not in brief]
    if missing:
        raise CheckFailed(f"Your brief is missing the field(s) {', '.join(map(repr, missing))}.")
    empty = [f for f in rubric.fields if _is_placeholder(brief[f])]
    if empty:
        raise CheckFailed(f"Fill in the field(s) {', '.join(map(repr, empty))} of your brief.")


_NUMBER = re.compile(
    r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(%|percent|pct|pp)?", re.IGNORECASE
)


def _stated_numbers(text: str) -> list[float]:
    """Numbers stated in text; a percentage also counts as its fraction, a bare number > 1 too."""
    values = []
    for raw, unit in _NUMBER.findall(text):
        number = float(raw.replace(",", ""))
        if unit:
            values.append(number / 100)
        else:
            values.append(number)
            if abs(number) > 1:
                values.append(number / 100)
    return values


def _stuffed(text: str, vocabulary: Sequence[Concept]) -> bool:
    """A free-text answer that is mostly a list of metric names."""
    tokens = normalize(text)
    named = [c for c in vocabulary if c.affirmed_in(tokens)]
    return len(named) >= 5 and _words(tokens) < 6 * len(named)


def score_brief(
    brief: Mapping[str, str],
    rubric: Rubric,
    *,
    numbers: Mapping[str, float] | None = None,
    verbose: bool = True,
) -> BriefScore:
    """Score a brief against a rubric; print the feedback and return the score.

    Parameters
    ----------
    brief : mapping of str to str
        The learner's brief.
    rubric : Rubric
        The rubric to apply.
    numbers : mapping of str to float, optional
        Values recomputed from the learner's own data, for criteria that ask for a number.
    verbose : bool
        Print the feedback (default True).

    Returns
    -------
    BriefScore
        ``points`` is rounded to 2 decimals and never exceeds ``max_points``.

    Examples
    --------
    >>> quality = Concept("task completion", ["task completion", "completion rate"])
    >>> clicks = Concept("engagement", ["clicks", "click-through", "engagement"])
    >>> r = Rubric("demo", {"primary_metric": "Which metric?"}, [
    ...     Criterion("outcome", ["primary_metric"], 2, "an outcome metric", "name an outcome metric",
    ...               any_of=[quality], none_of=[clicks])])
    >>> score_brief({"primary_metric": "Task completion rate, not clicks"}, r, verbose=False).points
    2.0
    >>> score_brief({"primary_metric": "clicks"}, r, verbose=False).points
    0.0
    """
    if not isinstance(brief, Mapping):
        raise ValueError(f"a brief must be a dict of text fields, not {type(brief).__name__}")
    numbers = dict(numbers or {})
    texts = {f: (brief.get(f) if isinstance(brief.get(f), str) else "") for f in rubric.fields}
    unfocused = {}
    for f, limit in rubric.focus.items():
        named = find_concepts(texts.get(f, ""), rubric.vocabulary)
        if len(named) > limit:
            unfocused[f] = len(named)
    stuffed = {f for f, t in texts.items() if f not in rubric.focus and _stuffed(t, rubric.vocabulary)}

    items = []
    total = 0.0
    for c in rubric.criteria:
        joined = " ".join(texts[f] for f in c.fields)
        tokens = normalize(joined)
        reason = ""
        if any(f in unfocused for f in c.fields):
            f = next(f for f in c.fields if f in unfocused)
            reason = (f"'{f}' names {unfocused[f]} different metrics; commit to "
                      f"{rubric.focus[f]} and argue for it. {c.missing}")
        elif any(f in stuffed for f in c.fields):
            reason = f"reads as a list of metric names rather than an argument. {c.missing}"
        elif _words(tokens) < max(c.min_words, 1):
            reason = c.missing if c.min_words <= 1 else f"too short to carry an argument. {c.missing}"
        elif c.any_of and not any(k.affirmed_in(tokens) for k in c.any_of):
            reason = c.missing
        elif c.none_of and any(k.affirmed_in(tokens) for k in c.none_of):
            bad = next(k.name for k in c.none_of if k.affirmed_in(tokens))
            reason = f"relies on {bad}, which this item rules out. {c.missing}"
        elif c.number is not None:
            if c.number not in numbers:
                raise ValueError(f"criterion {c.id!r} needs numbers[{c.number!r}]")
            expected = float(numbers[c.number])
            allowed = c.tolerance + c.rel_tolerance * abs(expected) + 1e-12
            if not any(abs(v - expected) <= allowed for v in _stated_numbers(joined)):
                reason = f"the number stated does not agree with your own data. {c.missing}"
        elif c.number_range is not None:
            low, high = c.number_range
            if not any(low <= v <= high for v in _stated_numbers(joined)):
                reason = f"state a number between {low:g} and {high:g}. {c.missing}"
        earned = 0.0 if reason else float(c.points)
        items.append((c.id, earned, float(c.points), reason or c.met))
        total += earned
    result = BriefScore(points=min(round(total, 2), rubric.max_points),
                        max_points=rubric.max_points, items=items)
    if verbose:
        print(result.report())
    return result
