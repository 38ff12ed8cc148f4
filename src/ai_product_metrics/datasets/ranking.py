"""Module 2 scenarios beyond one yes/no decision: ranked lists and generated text.

- **Suggested articles** (``make_recommendations``): a help centre shows each user a ranked
  list of articles; reviewers graded how relevant each one is. Relevance tends to fall with
  rank, with ranking errors, and lists often repeat a category.
- **Meeting-summary claims** (``make_summary_claims``): the claims of AI meeting summaries,
  each checked against the transcript (grounded or hallucinated).
- **Summary pairs** (``make_summary_pairs``): a reference summary written by a person and the
  AI's summary of the same meeting, as short lowercase texts for unigram-overlap metrics.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import check_positive_int, check_random_state

__all__ = [
    "ARTICLE_CATEGORIES",
    "make_recommendations",
    "make_summary_claims",
    "make_summary_pairs",
]

#: Categories of the help-centre articles.
ARTICLE_CATEGORIES = (
    "billing",
    "account",
    "integrations",
    "troubleshooting",
    "getting started",
    "security",
)
_N_ARTICLES = 120
_FIRST_ARTICLE_ID = 1001
# Latent usefulness of an article for a user: the category of the user's problem, a related
# category, anything else; graded 0-3 by cutting it at these points.
_CATEGORY_UTILITY = (1.4, 0.6, 0.0)
_UTILITY_SPREAD = 0.7
_RELEVANCE_CUTS = (0.8, 1.8, 2.5)

_MEETING_PHRASES = (
    "the team agreed to move the launch to next week",
    "sarah will send the budget review by friday",
    "design needs two more days for the onboarding flow",
    "we decided to pause the pricing test",
    "support tickets about login errors doubled this month",
    "marketing asked for a short demo video for the sales team",
    "the api migration is blocked by the security review",
    "tom owns the follow up with the customer",
    "the next sync is on thursday morning",
    "the roadmap will be shared with sales after the review",
    "churn in the small business plan went up",
    "the team will hire one more data engineer",
    "legal must approve the new terms before the release",
    "the mobile app crash rate is back to normal",
    "anna will draft the customer email today",
    "the dashboard shows fewer weekly active users",
    "we will run a survey with the beta users",
    "the search feature ships behind a flag",
    "finance wants a forecast for the next quarter",
    "the bug in the export tool is fixed",
)
_FILLER_PHRASES = (
    "the meeting covered several topics",
    "everyone joined the call on time",
    "the group discussed the main points",
    "there was a long discussion about priorities",
    "a few open questions remain",
    "the notes were shared after the call",
)
_SYNONYMS = {
    "agreed": "decided",
    "decided": "agreed",
    "move": "push",
    "send": "share",
    "shared": "sent",
    "review": "check",
    "needs": "wants",
    "wants": "needs",
    "pause": "stop",
    "asked": "requested",
    "short": "quick",
    "blocked": "delayed",
    "owns": "handles",
    "draft": "write",
    "fixed": "solved",
    "fewer": "less",
    "doubled": "increased",
    "went": "moved",
    "approve": "sign",
    "run": "launch",
    "shows": "reports",
    "customer": "client",
    "meeting": "call",
    "ships": "launches",
    "hire": "recruit",
}
_MIN_WORDS, _MAX_WORDS = 8, 25


def make_recommendations(
    *, random_state: int | np.random.Generator, n_users: int = 300, list_length: int = 10
) -> pd.DataFrame:
    """Ranked "suggested articles" lists of a help centre, with reviewers' relevance grades.

    The catalogue holds 120 articles in six categories (``ARTICLE_CATEGORIES``). Each user's
    problem belongs to one category and is related to a second one; an article's latent
    usefulness is highest in the problem's category, lower in the related one, low elsewhere,
    plus article-to-article variation. Reviewers grade it 0 (irrelevant) to 3 (solves the
    problem). The recommender ranks the catalogue by a noisy estimate of that usefulness (its
    noise is drawn per variant) and shows the top ``list_length``, so relevance tends to fall
    with rank, with ranking errors, and lists often repeat a category.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_users : int, default 300
        Number of users (at least 1).
    list_length : int, default 10
        Articles shown to each user (2 to 50).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (user, rank), sorted by ``user_id`` then ``rank``: ``user_id``
        (1..n_users), ``rank`` (1..list_length), ``article_id``, ``category``, ``relevance``
        (0-3) and ``n_relevant_total``: the number of articles in the whole catalogue with
        relevance >= 2 for that user (at least 1, and at least the number shown).

    Examples
    --------
    >>> recs = make_recommendations(random_state=3, n_users=50)
    >>> recs.shape
    (500, 6)
    >>> list(recs.columns)
    ['user_id', 'rank', 'article_id', 'category', 'relevance', 'n_relevant_total']
    >>> top = recs[recs["rank"] <= 3]["relevance"].mean()
    >>> bottom = recs[recs["rank"] >= 8]["relevance"].mean()
    >>> bool(top > bottom)
    True
    """
    n_users = check_positive_int(n_users, "n_users", minimum=1)
    k = check_positive_int(list_length, "list_length", minimum=2, maximum=50)
    rng = check_random_state(random_state)
    n_categories = len(ARTICLE_CATEGORIES)
    article_category = np.arange(_N_ARTICLES) % n_categories
    rng.shuffle(article_category)
    article_ids = np.arange(_FIRST_ARTICLE_ID, _FIRST_ARTICLE_ID + _N_ARTICLES)
    ranking_noise = rng.uniform(0.6, 0.9)

    problem = rng.integers(n_categories, size=n_users)
    related = (problem + rng.integers(1, n_categories, size=n_users)) % n_categories
    base = np.full((n_users, _N_ARTICLES), _CATEGORY_UTILITY[2])
    base[article_category[None, :] == related[:, None]] = _CATEGORY_UTILITY[1]
    base[article_category[None, :] == problem[:, None]] = _CATEGORY_UTILITY[0]
    utility = base + rng.normal(0.0, _UTILITY_SPREAD, size=base.shape)
    relevance = np.digitize(utility, _RELEVANCE_CUTS)
    # every user has at least one article that helps (the best one for them)
    best = utility.argmax(axis=1)
    rows = np.arange(n_users)
    relevance[rows, best] = np.maximum(relevance[rows, best], 2)

    estimate = utility + rng.normal(0.0, ranking_noise, size=utility.shape)
    shown = np.argsort(-estimate, axis=1, kind="stable")[:, :k]
    n_relevant_total = (relevance >= 2).sum(axis=1)
    return pd.DataFrame(
        {
            "user_id": np.repeat(np.arange(1, n_users + 1, dtype=np.int64), k),
            "rank": np.tile(np.arange(1, k + 1, dtype=np.int64), n_users),
            "article_id": article_ids[shown].ravel().astype(np.int64),
            "category": np.asarray(ARTICLE_CATEGORIES, dtype=object)[article_category[shown]].ravel(),
            "relevance": relevance[rows[:, None], shown].ravel().astype(np.int64),
            "n_relevant_total": np.repeat(n_relevant_total.astype(np.int64), k),
        }
    )


def make_summary_claims(
    *, random_state: int | np.random.Generator, n_summaries: int = 150
) -> pd.DataFrame:
    """Claims extracted from AI meeting summaries, each checked against the transcript.

    Every summary makes 3 to 9 claims. The variant's rate of ungrounded (hallucinated) claims
    is drawn between 6 % and 14 %; each summary's own rate varies around it (a Beta draw),
    because some meetings are harder to summarise than others.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_summaries : int, default 150
        Number of summaries (at least 1).

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``summary_id`` (1..n_summaries), ``claim_id`` (unique, numbered
        1..N in summary order) and ``grounded`` (1 if the transcript supports the claim, 0 if
        it is hallucinated).

    Examples
    --------
    >>> claims = make_summary_claims(random_state=4)
    >>> list(claims.columns)
    ['summary_id', 'claim_id', 'grounded']
    >>> per_summary = claims.groupby("summary_id").size()
    >>> bool(per_summary.between(3, 9).all())
    True
    """
    n = check_positive_int(n_summaries, "n_summaries", minimum=1)
    rng = check_random_state(random_state)
    rate = rng.uniform(0.06, 0.14)
    concentration = 40.0
    summary_rate = rng.beta(rate * concentration, (1 - rate) * concentration, size=n)
    n_claims = rng.integers(3, 10, size=n)
    summary_id = np.repeat(np.arange(1, n + 1, dtype=np.int64), n_claims)
    hallucinated = rng.random(summary_id.size) < np.repeat(summary_rate, n_claims)
    return pd.DataFrame(
        {
            "summary_id": summary_id,
            "claim_id": np.arange(1, summary_id.size + 1, dtype=np.int64),
            "grounded": (~hallucinated).astype(np.int64),
        }
    )


def _words_between(words: list[str], rng: np.random.Generator) -> list[str]:
    """Trim to at most ``_MAX_WORDS`` words and pad with filler to at least ``_MIN_WORDS``."""
    while len(words) < _MIN_WORDS:
        words = words + _FILLER_PHRASES[int(rng.integers(len(_FILLER_PHRASES)))].split()
    return words[:_MAX_WORDS]


def make_summary_pairs(
    *, random_state: int | np.random.Generator, n_summaries: int = 40
) -> pd.DataFrame:
    """Reference and AI-generated summaries of the same meetings, for overlap metrics.

    Texts are lowercase, 8 to 25 words separated by single spaces, without punctuation, built
    from a small vocabulary of meeting notes. The reference strings two or three meeting
    points together. The generated summary keeps most of those points, rewording some words
    (a synonym), dropping a few and sometimes a whole point, and adds words of its own (a
    generic sentence, sometimes a point from another meeting), so its unigram overlap with
    the reference (ROUGE-1 F1) is typically between 0.4 and 0.8.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_summaries : int, default 40
        Number of meetings (at least 1).

    Returns
    -------
    pandas.DataFrame
        One row per meeting: ``summary_id`` (1..n_summaries), ``reference`` (written by a
        person) and ``generated`` (the AI's summary).

    Examples
    --------
    >>> pairs = make_summary_pairs(random_state=5, n_summaries=3)
    >>> list(pairs.columns)
    ['summary_id', 'reference', 'generated']
    >>> all(8 <= len(text.split()) <= 25 for text in pairs["generated"])
    True
    """
    n = check_positive_int(n_summaries, "n_summaries", minimum=1)
    rng = check_random_state(random_state)
    p_reword = rng.uniform(0.4, 0.6)
    p_drop_word = rng.uniform(0.1, 0.2)
    p_invent = rng.uniform(0.3, 0.5)
    p_drop_point = rng.uniform(0.3, 0.45)
    references, generated = [], []
    for _ in range(n):
        n_points = int(rng.integers(2, 4))
        points = rng.choice(len(_MEETING_PHRASES), size=n_points, replace=False)
        if sum(len(_MEETING_PHRASES[i].split()) for i in points) > _MAX_WORDS:
            points = points[:2]  # two points are 12 to 24 words
            n_points = 2
        reference = [w for i in points for w in _MEETING_PHRASES[i].split()]
        words: list[str] = []
        dropped = int(rng.integers(n_points)) if rng.random() < p_drop_point else -1
        for j, i in enumerate(points):
            if j == dropped:
                continue
            for word in _MEETING_PHRASES[i].split():
                draw = rng.random()
                if draw < p_drop_word:
                    continue
                if draw < p_drop_word + p_reword and word in _SYNONYMS:
                    word = _SYNONYMS[word]
                words.append(word)
        filler = _FILLER_PHRASES[int(rng.integers(len(_FILLER_PHRASES)))].split()
        words = filler + words if rng.random() < 0.5 else words + filler
        if rng.random() < p_invent:  # a point the meeting never made
            others = np.setdiff1d(np.arange(len(_MEETING_PHRASES)), points)
            invented = _MEETING_PHRASES[int(rng.choice(others))].split()
            if len(words) + len(invented) <= _MAX_WORDS:
                words = words + invented
        references.append(" ".join(reference))
        generated.append(" ".join(_words_between(words, rng)))
    return pd.DataFrame(
        {
            "summary_id": np.arange(1, n + 1, dtype=np.int64),
            "reference": references,
            "generated": generated,
        }
    )
