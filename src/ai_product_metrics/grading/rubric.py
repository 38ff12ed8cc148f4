"""Score structured written briefs against a rubric, with partial credit and reasons.

A *brief* is a dict of named fields (``primary_metric``, ``counter_metric``, ...) holding short
free text. A :class:`Rubric` is a list of :class:`Criterion` items, each worth some points and
looking at one or more fields. A criterion is met when a field *affirms* one of the required
:class:`Concept` s (matched by synonyms, ignoring case, punctuation and plural endings, and not
negated: "not engagement" does not affirm engagement), affirms none of the forbidden ones,
and, when it asks for a number, states one number that agrees with the learner's own data.

Negation
    A negator ("not", "no", "never", "without", "neither", "nor", "instead of", "rather than",
    ...) reaches the phrase right after it (at most two words in between: "don't use the
    DAU") and carries through a list: over "or" and "nor" ("neither clicks nor time spent"),
    over the commas of a list that "or" / "nor" closes ("not engagement, clicks or time
    spent"), and a few words over "and", which also joins clauses ("we don't track clicks and
    DAU"). It stops at clause punctuation (``; : . ! ?`` and brackets), at a comma that does
    not continue such a list ("rather than CTR, the return rate"), at a contrast or a new
    clause ("not clicks but task completion", "..., instead task completion", "which",
    "because") and at a verb of change or effect, whose object is mentioned rather than
    rejected ("does not change the overrides"). "not only", "no more than" and "more than" do
    not negate. A rejecting predicate right after a phrase negates it too: "clicks are
    misleading", "DAU is a vanity metric".

Numbers
    A number criterion is met by a number stated on its own: the ends of a range ("weeks 5 to
    12", "5-12", "between 5 and 12") are not statements of either value, a choice between
    candidates ("9 or 10", "8, 9, 10") does not earn the point, and a field that states more
    different numbers than the criterion allows (``max_numbers``, four by default) is a list,
    not an answer; the feedback asks to state one value. Other numbers beside the answer are
    fine ("week 9, two weeks after the 7-day label delay"), as are changes ("ECE fell from
    0.059 to 0.007") and one value written two ways ("0.059 (5.9 %)").

Stuffing
    A field meant to name *one* thing (``focus``) earns nothing when it affirms more distinct
    vocabulary concepts than allowed; any other field earns nothing when it reads as a list of
    metric names (more names than any argument needs, ``max_names``, or at least 5 in fewer
    than 6 words each).

Phrases are looked up by their first word in an index of the answer's words, so scoring a
pasted list of every metric name stays fast.

:func:`score_brief` prints which items were met and what is missing, and returns a
:class:`BriefScore`; a test cell ends with ``score.points`` so that nbgrader records the
partial credit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

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

_PLACEHOLDERS = frozenset({"", "...", "todo", "tbd", "your answer here", "fill me", "?"})
_BOUNDARY = "|"

# --- negation ---------------------------------------------------------------------------------
# Words (normalised: "does" is "doe", plural endings dropped) that reject what follows them.
# "instead" rejects only in "instead of", "than" only after a word that is not a comparison of
# amounts ("rather than clicks", "better than clicks"; not "more than 0.1").
_NEGATORS = frozenset(
    "not no never without nor neither avoid ignore ignoring except than instead".split()
)
# "not only clicks but ...", "not just", "no more than 12 %", "no longer": no rejection.
_NOT_REJECTING_AFTER = {
    "not": frozenset("only just merely simply solely necessarily".split()),
    "no": frozenset("more less fewer longer later sooner matter".split()),
}
_AMOUNT_COMPARISONS = frozenset(
    "more less fewer higher lower greater larger smaller bigger longer shorter faster slower "
    "earlier later above below over under".split()
)
# How many words may stand between a negator and the phrase it rejects ("don't use the DAU").
_NEGATION_REACH = 2
# Once "or" / "nor" (or a comma of such a list) has been crossed, how many words an earlier item
# may hold ("not the click through rate of summaries, time spent or DAU"); after "and", which
# also joins clauses ("users did not finish their task and the edit time rose"), fewer.
_LIST_REACH = {"or": 6, "nor": 6, _BOUNDARY: 6, "and": 3}
# A comma continues a negated list only if an "or" / "nor" closes the list in the same clause.
_LIST_CLOSERS = frozenset({"or", "nor"})
# No negated list runs longer than this many tokens (which also bounds the work per match).
_MAX_SCOPE = 40
# A contrast or a new clause ends a negation.
_SCOPE_ENDERS = frozenset(
    "but instead however yet though although whereas while which that who whose because since "
    "so therefore thus hence then if unless until when whenever where rather also".split()
)
# Verbs of change or effect: in "does not change the overrides" the negation is the verb's, and
# the metric after it is mentioned, not rejected. (Verbs of choice, "use", "track", "page on",
# "watch", pass the negation on: "we don't use DAU".)
_PREDICATES = frozenset("""
    change changed changing move moved moving hurt hurting harm harmed harming affect affected
    affecting impact impacted improve improved improving worsen worsened drop dropped dropping
    fall fell falling rise rose rising increase increased increasing decrease decreased
    decreasing reduce reduced raise raised fire fired firing trigger triggered flag flagged
    alert alerted detect detected catch caught see saw seen notice noticed mean meant imply
    implied matter mattered cause caused drive drove driven predict predicted shift shifted
    finish finished complete completed
""".split())
# "clicks are misleading", "DAU is a vanity metric", "CTR alone is meaningless".
_REJECTIONS = frozenset(
    "misleading mislead misled vanity useless meaningless irrelevant unreliable worthless "
    "pointless deceptive".split()
)
_BEFORE_REJECTION = frozenset(
    "is are was were be been being can could may might would will get just only pure purely "
    "simply really very quite totally completely too alone here a an the rate metric number "
    "score count mostly often largely so".split()
)


class _Comma(str):
    """The boundary token a comma leaves: equal to ``"|"``, but a negated list may cross it."""

    __slots__ = ()


_COMMA = _Comma(_BOUNDARY)


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


def _token(raw: str) -> str:
    if raw == ",":
        return _COMMA
    if raw == _BOUNDARY:
        return _BOUNDARY
    if "point" in raw and re.fullmatch(r"\d+point\d+", raw):
        return raw.replace("point", ".")
    return _stem(raw)


@lru_cache(maxsize=4096)
def _normalize(text: str) -> tuple[str, ...]:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"(\d)\.(\d)", r"\1point\2", text)  # keep decimals as one token
    text = re.sub(r"[;:.!?()\[\]]", f" {_BOUNDARY} ", text)
    text = text.replace(",", " , ")
    return tuple(_token(t) for t in re.findall(r"[a-z0-9]+|\||,", text))


def normalize(text: str) -> list[str]:
    """Lower-case, split on anything but letters and digits, and drop plural endings.

    Clause punctuation (``, ; : . ! ?`` and brackets) becomes a ``"|"`` token: phrases do
    not match across it and a negation does not reach past it (except a negated list across
    its commas: "not clicks, sessions or DAU").

    Examples
    --------
    >>> normalize("Task-completion RATES, don't!")
    ['task', 'completion', 'rate', '|', 'do', 'not', '|']
    """
    return list(_normalize(text))


def _words(tokens: Sequence[str]) -> int:
    return sum(t != _BOUNDARY for t in tokens)


def _rejects(tokens: Sequence[str], k: int) -> bool:
    """Whether the negator ``tokens[k]`` rejects what follows it."""
    word = tokens[k]
    after = tokens[k + 1] if k + 1 < len(tokens) else ""
    if word == "instead":
        return after == "of"
    if word == "than":
        return k == 0 or tokens[k - 1] not in _AMOUNT_COMPARISONS
    return after not in _NOT_REJECTING_AFTER.get(word, ())


def _list_closes_after(tokens: Sequence[str], k: int) -> bool:
    """Whether the comma at ``k`` is inside a list that an "or" / "nor" closes."""
    for t in tokens[k + 1:k + 1 + _MAX_SCOPE]:
        if t in _LIST_CLOSERS:
            return True
        if (t == _BOUNDARY and not isinstance(t, _Comma)) or t in _SCOPE_ENDERS:
            return False
    return False


def _negated_before(tokens: Sequence[str], start: int) -> bool:
    reach, count = _NEGATION_REACH, 0
    for k in range(start - 1, max(-1, start - 1 - _MAX_SCOPE), -1):
        t = tokens[k]
        if t == _BOUNDARY:
            if isinstance(t, _Comma) and _list_closes_after(tokens, k):
                reach, count = _LIST_REACH[_BOUNDARY], 0
                continue
            return False
        if t in _NEGATORS and _rejects(tokens, k):
            return True
        if t in _SCOPE_ENDERS or t in _PREDICATES:
            return False
        if t in _LIST_REACH:
            reach, count = _LIST_REACH[t], 0
            continue
        count += 1
        if count > reach:
            return False
    return False


def _rejected_after(tokens: Sequence[str], end: int) -> bool:
    for t in tokens[end:end + 4]:
        if t in _REJECTIONS:
            return True
        if t not in _BEFORE_REJECTION:
            return False
    return False


def _negated(tokens: Sequence[str], start: int, end: int) -> bool:
    """Whether the phrase at ``tokens[start:end]`` is negated (see the module docstring)."""
    return _negated_before(tokens, start) or _rejected_after(tokens, end)


@lru_cache(maxsize=512)
def _positions(tokens: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Where each token occurs: phrases are looked up by their first word."""
    where: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        where.setdefault(t, []).append(i)
    return {t: tuple(p) for t, p in where.items()}


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
        patterns = tuple(tuple(normalize(p)) for p in self.phrases)
        by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for k, pattern in enumerate(patterns):
            if pattern:
                by_first.setdefault(pattern[0], []).append((k, pattern))
        object.__setattr__(self, "_patterns", patterns)
        object.__setattr__(self, "_by_first", {t: tuple(v) for t, v in by_first.items()})

    def _matches(self, tokens: Sequence[str]) -> Iterator[tuple[int, int, int]]:
        """(phrase index, start, end) of every match, looked up by each phrase's first word."""
        tokens = tokens if isinstance(tokens, tuple) else tuple(tokens)
        where = _positions(tokens)
        for first, entries in self._by_first.items():  # type: ignore[attr-defined]
            starts = where.get(first)
            if not starts:
                continue
            for k, pattern in entries:
                n = len(pattern)
                for i in starts:
                    if n == 1 or tokens[i:i + n] == pattern:
                        yield k, i, i + n

    def occurrences(self, tokens: Sequence[str]) -> list[tuple[int, bool]]:
        """Every (position, negated) where one of the phrases occurs in ``tokens``."""
        found = sorted(self._matches(tokens))
        return [(i, _negated(tokens, i, end)) for _, i, end in found]

    def affirmed_in(self, tokens: Sequence[str]) -> bool:
        """True when some occurrence is not negated."""
        return any(not _negated(tokens, i, end) for _, i, end in self._matches(tokens))


def find_concepts(text: str, concepts: Sequence[Concept]) -> list[str]:
    """Names of the concepts that ``text`` affirms (mentions without negating).

    Examples
    --------
    >>> c = [Concept("engagement", ["engagement", "clicks"]), Concept("completion", ["task completion"])]
    >>> find_concepts("Task completion, not clicks", c)
    ['completion']
    """
    tokens = _normalize(text)
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
        Key of ``numbers`` in :func:`score_brief`; the fields must state that value, as one
        number: not only as the end of a range ("5 to 12") nor beside a wrong alternative
        ("8 or 9").
    tolerance : float
        Absolute tolerance for ``number``, in the value's own units.
    rel_tolerance : float
        Relative tolerance for ``number`` (added to ``tolerance``).
    number_range : (float, float), optional
        The fields must state some number within this closed range (e.g. a guardrail floor
        between 0.5 and 0.99; "80%" counts as 0.8), as one number (not a range).
    min_words : int
        The joined fields must hold at least this many words.
    max_numbers : int
        For ``number`` and ``number_range``: fields that state more different numbers than
        this earn nothing (a list of candidates is not an answer). Default 4, which leaves
        room for the numbers an explanation cites beside the answer.
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
    max_numbers: int = 4

    def __post_init__(self) -> None:
        if self.max_numbers < 1:
            raise ValueError(f"criterion {self.id!r}: max_numbers must be at least 1")
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
    max_names : int
        Any other field reads as a list of metric names, and earns nothing, when it affirms
        more distinct vocabulary concepts than this however long it is (default 9), or at
        least 5 in fewer than 6 words per name.
    """

    name: str
    fields: Mapping[str, str]
    criteria: Sequence[Criterion]
    vocabulary: Sequence[Concept] = ()
    focus: Mapping[str, int] = field(default_factory=dict)
    max_names: int = 9

    def __post_init__(self) -> None:
        if self.max_names < 1:
            raise ValueError(f"rubric {self.name!r}: max_names must be at least 1")
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
    r"(?<![a-z0-9.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(%|percent\b|per cent\b|pct\b|pp\b|percentage point))?",
    re.IGNORECASE,
)
# A minus sign is a sign after a space, an opening bracket, "=", ":", "~" or "," (not in "5-12").
_SIGN_BEFORE = re.compile(r"(?:^|[\s(\[=:~,;])-$")
_UNIT_WORD = r"(?:weeks?|days?|steps?|hours?|months?|eur|euros?|points?)"
_RANGE_GAP = re.compile(
    rf"\s*(?:-|–|—|to|till|until|through|thru|\.{{2,3}}|…)\s*(?:{_UNIT_WORD}\s*)?", re.IGNORECASE)
_BETWEEN = re.compile(rf"\b(?:between|from)\s+(?:{_UNIT_WORD}\s+)?$", re.IGNORECASE)
_AND_GAP = re.compile(rf"\s*(?:and|&)\s*(?:{_UNIT_WORD}\s*)?", re.IGNORECASE)
# "rose from 4.3 % to 9 %", "ECE went from 0.059 to 0.007": a change, not a range.
_CHANGE_FROM = re.compile(
    r"\b(?:rose|rise|rises|rising|fell|fall|falls|falling|dropped|drops?|dropping|went|goes|"
    r"go|going|grew|grows?|growing|increased?|increases|increasing|decreased?|decreases|"
    r"decreasing|climbed|climbs?|jumped|jumps?|improved?|improves|declined?|declines|moved?|"
    r"moves|changed?|changes|shrank|shrinks?|reduced?|reduces|cut|halved|doubled|raised?|"
    r"raises|raising|lift|lifts|lifted|lifting|push|pushes|pushed|pushing|bring|brings|"
    r"brought|bringing|take|takes|took|taking)\b"
    r"[^.;:!?]{0,40}\bfrom\s+$",
    re.IGNORECASE,
)
# Numbers side by side: "8 or 9", "8, 9, 10", "week 8 or week 9", "9 days or 10 days".
_LIST_GAP = re.compile(
    rf"\s*(?:{_UNIT_WORD}\s*)?(?:,\s*(?:or|and|nor)?|;|\bor\b|\band\b|\bnor\b|&)?\s*"
    rf"(?:{_UNIT_WORD}\s*)?",
    re.IGNORECASE,
)
_OR_GAP = re.compile(r"\b(?:or|nor)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: float  # as written
    percent: bool

    @property
    def readings(self) -> tuple[float, ...]:
        """What the number may mean: a percentage is its fraction, and a bare number > 1 may
        be a percentage too ("4.3" for 4.3 %)."""
        if self.percent:
            return (self.value / 100,)
        return (self.value, self.value / 100) if abs(self.value) > 1 else (self.value,)


def _same(a: _Number, b: _Number) -> bool:
    return any(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x in a.readings for y in b.readings)


@dataclass
class _Statements:
    """The numbers a text states: all of them, the ranges, and the lists of candidates."""

    numbers: list[_Number]
    ranges: list[tuple[_Number, _Number]]
    lists: list[list[_Number]]

    def more_than(self, limit: int) -> bool:
        """Whether the text states more than ``limit`` different values."""
        kinds: list[_Number] = []
        for n in self.numbers:
            if not any(_same(n, k) for k in kinds):
                kinds.append(n)
                if len(kinds) > limit:
                    return True
        return False


def _parse_numbers(text: str) -> _Statements:
    """Find the numbers of ``text`` and how they are grouped.

    A range is two ascending numbers joined by a dash or "to" ("5-12", "5 to 12 %"; not after
    a verb of change: "fell from 0.059 to 0.007") or "between 5 and 12". A list of candidates
    is a run of numbers joined by commas, "or", "and" (with a repeated unit: "week 8 or week
    9"), counted when it has three numbers or more, an "or", or nothing else in the text:
    "day 40, 9 days before the refunds" is not one.
    """
    numbers = []
    for m in _NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        start = m.start()
        if start and text[start - 1] == "-" and _SIGN_BEFORE.search(text[:start]):
            value, start = -value, start - 1
        numbers.append(_Number(start, m.end(), value, bool(m.group(2))))
    ranges: list[tuple[_Number, _Number]] = []
    in_range: set[int] = set()
    for i, (a, b) in enumerate(zip(numbers, numbers[1:], strict=False)):
        gap, before = text[a.end:b.start], text[max(0, a.start - 80):a.start]
        is_range = (_RANGE_GAP.fullmatch(gap) and not _CHANGE_FROM.search(before)) or (
            _AND_GAP.fullmatch(gap) and _BETWEEN.search(before))
        if is_range and i not in in_range and 0 <= a.value < b.value:
            ranges.append((a, b))
            in_range.update({i, i + 1})
    chains: list[list[int]] = []
    for i, (a, b) in enumerate(zip(numbers, numbers[1:], strict=False)):
        if (i in in_range or i + 1 in in_range or a.percent != b.percent
                or not _LIST_GAP.fullmatch(text[a.end:b.start]) or _same(a, b)):
            continue
        if chains and chains[-1][-1] == i:
            chains[-1].append(i + 1)
        else:
            chains.append([i, i + 1])
    lists = []
    for chain in chains:
        first, last = numbers[chain[0]], numbers[chain[-1]]
        gaps = text[first.end:last.start]
        alone = not re.search(r"[a-z]", text[:first.start] + text[last.end:], re.IGNORECASE)
        if len(chain) >= 3 or _OR_GAP.search(gaps) or alone:
            lists.append([numbers[i] for i in chain])
    return _Statements(numbers, ranges, lists)


def _number_problem(
    text: str,
    fits: Callable[[float], bool],
    covers: Callable[[float, float], bool],
    max_numbers: int,
    *,
    exact: bool,
) -> str | None:
    """None when ``text`` states one number that ``fits``; otherwise why not ("" when the
    numbers are simply not right). ``covers(low, high)``: whether a range holds a fitting value.
    A list of candidates is a hedge when one of them fits and, for an exact value, another
    does not (two roundings of the right value are one answer); for a plausible range, any
    list of different values that holds a fitting one is (a floor is one number).
    """
    said = _parse_numbers(text)
    if said.more_than(max_numbers):
        return (f"state one value: this field gives more than {max_numbers} different numbers, "
                f"and a list of candidates is not an answer.")
    for candidates in said.lists:
        hits = [any(fits(v) for v in n.readings) for n in candidates]
        if any(hits) and not (exact and all(hits)):
            return "state one value, not a choice between several numbers."
    ends = {id(n) for r in said.ranges for n in r}
    if any(fits(v) for n in said.numbers if id(n) not in ends for v in n.readings):
        return None
    for low, high in said.ranges:
        if low.percent or high.percent:
            spans = [(low.value / 100, high.value / 100)]
        else:
            spans = [(low.value, high.value), (low.value / 100, high.value / 100)]
        if any(covers(lo, hi) for lo, hi in spans):
            return "state one value, not a range: the ends of a range are not an answer."
    return ""


def _stuffed(text: str, vocabulary: Sequence[Concept], max_names: int = 9) -> bool:
    """A free-text answer that is mostly a list of metric names: more names than any argument
    needs, or at least 5 of them in fewer than 6 words each."""
    tokens = _normalize(text)
    named = [c for c in vocabulary if c.affirmed_in(tokens)]
    return len(named) > max_names or (len(named) >= 5 and _words(tokens) < 6 * len(named))


def _number_reason(c: Criterion, text: str, numbers: Mapping[str, float]) -> str:
    """Why ``text`` misses the number criterion ``c`` ("" when it is met)."""
    if c.number is not None:
        if c.number not in numbers:
            raise ValueError(f"criterion {c.id!r} needs numbers[{c.number!r}]")
        expected = float(numbers[c.number])
        allowed = c.tolerance + c.rel_tolerance * abs(expected) + 1e-12
        problem = _number_problem(
            text, lambda v: abs(v - expected) <= allowed,
            lambda lo, hi: lo - allowed <= expected <= hi + allowed, c.max_numbers, exact=True)
        wrong = "the number stated does not agree with your own data."
    else:
        low, high = c.number_range  # type: ignore[misc]
        problem = _number_problem(text, lambda v: low <= v <= high,
                                  lambda lo, hi: lo <= high and hi >= low, c.max_numbers,
                                  exact=False)
        wrong = f"state a number between {low:g} and {high:g}."
    if problem is None:
        return ""
    return f"{problem or wrong} {c.missing}"


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
    stuffed = {f for f, t in texts.items()
               if f not in rubric.focus and _stuffed(t, rubric.vocabulary, rubric.max_names)}

    items = []
    total = 0.0
    for c in rubric.criteria:
        joined = " ".join(texts[f] for f in c.fields)
        tokens = _normalize(joined)
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
        elif c.number is not None or c.number_range is not None:
            reason = _number_reason(c, joined, numbers)
        earned = 0.0 if reason else float(c.points)
        items.append((c.id, earned, float(c.points), reason or c.met))
        total += earned
    result = BriefScore(points=min(round(total, 2), rubric.max_points),
                        max_points=rubric.max_points, items=items)
    if verbose:
        print(result.report())
    return result
