"""Module 2 datasets: validation, determinism, schemas, and the lesson effects of the notebook.

Everything the lessons rely on is recomputed here independently, with numpy and
scikit-learn (``confusion_matrix``, ``roc_auc_score``), across 25 learner seeds. "Cost at
threshold t" is ``fp_cost * FP + fn_cost * FN`` when a row is predicted positive if its score
is at least t; thresholds are swept over the grid 0.00, 0.01, ..., 1.00 and the best one is
the first that minimises the cost.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ai_product_metrics import datasets
from ai_product_metrics.datasets import classification, ranking
from ai_product_metrics.grading.seeds import seed_from_id

SEEDS = [seed_from_id(f"learner-{i}") for i in range(25)]
GRID = np.round(np.arange(0, 1.0001, 0.01), 2)

GENERATORS = {
    "spam_emails": datasets.make_spam_emails,
    "screening": datasets.load_screening,
    "fraud_transactions": datasets.make_fraud_transactions,
    "recommendations": datasets.make_recommendations,
    "summary_claims": datasets.make_summary_claims,
    "summary_pairs": datasets.make_summary_pairs,
}
COLUMNS = {
    "spam_emails": ["email_id", "sender_in_contacts", "n_links", "spam_score", "is_spam"],
    "screening": ["patient_id", "mean_radius", "mean_texture", "mean_smoothness", "risk_score", "malignant"],
    "fraud_transactions": ["transaction_id", "amount_eur", "merchant_category", "new_device", "fraud_score", "is_fraud"],
    "recommendations": ["user_id", "rank", "article_id", "category", "relevance", "n_relevant_total"],
    "summary_claims": ["summary_id", "claim_id", "grounded"],
    "summary_pairs": ["summary_id", "reference", "generated"],
}


# --- independent computations ---------------------------------------------------------------


@cache
def _data(name: str, seed: int) -> pd.DataFrame:
    return GENERATORS[name](random_state=seed)


def _errors(y, score, t, weight=None) -> tuple[float, float]:
    """(FP, FN) from scikit-learn's confusion matrix, predicting positive at ``score >= t``;
    FN is summed over ``weight`` (e.g. amounts) when given."""
    pred = (np.asarray(score) >= t).astype(int)
    fp = confusion_matrix(y, pred, labels=[0, 1])[0, 1]
    fn = confusion_matrix(y, pred, labels=[0, 1], sample_weight=weight)[1, 0]
    return float(fp), float(fn)


def _grid_errors(y, score, weight=None) -> tuple[np.ndarray, np.ndarray]:
    """(FP, FN) at every threshold of GRID at once (numpy), spot-checked against ``_errors``."""
    y, score = np.asarray(y), np.asarray(score)
    weight = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    pred = score[None, :] >= GRID[:, None]
    fp = (pred & (y == 0)).sum(axis=1).astype(float)
    fn = (~pred & (y == 1)).astype(float) @ weight
    for i in (0, 37, 50, 73, len(GRID) - 1):
        assert (fp[i], fn[i]) == pytest.approx(_errors(y, score, GRID[i], weight))
    return fp, fn


def _cost_curve(y, score, *, fp, fn) -> np.ndarray:
    n_fp, n_fn = _grid_errors(y, score)
    return fp * n_fp + fn * n_fn


def _fraud_cost_curve(tx: pd.DataFrame) -> np.ndarray:
    """Blocked legitimate payments cost FRAUD_FP_COST_EUR each; a missed fraud its amount."""
    fp, missed_eur = _grid_errors(tx.is_fraud, tx.fraud_score, weight=tx.amount_eur)
    return classification.FRAUD_FP_COST_EUR * fp + missed_eur


def _best(curve: np.ndarray) -> tuple[float, float]:
    i = int(np.argmin(curve))
    return float(GRID[i]), float(curve[i])


def _rouge1_f1(reference: str, generated: str) -> float:
    ref, gen = Counter(reference.split()), Counter(generated.split())
    overlap = sum((ref & gen).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(gen.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def _intra_list_diversity(categories) -> float:
    pairs = list(combinations(list(categories), 2))
    return float(np.mean([a != b for a, b in pairs]))


# --- API: determinism and validation ---------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_seed_same_data(name):
    make = GENERATORS[name]
    pd.testing.assert_frame_equal(make(random_state=5), make(random_state=5))
    from_generator = make(random_state=np.random.default_rng(9))
    pd.testing.assert_frame_equal(from_generator, make(random_state=np.random.default_rng(9)))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_different_seeds_differ(name):
    make = GENERATORS[name]
    assert not make(random_state=1).equals(make(random_state=2))


@pytest.mark.parametrize("name", list(GENERATORS))
@pytest.mark.parametrize("bad", [None, -1, 1.5, "7", True])
def test_random_state_is_validated(name, bad):
    with pytest.raises(ValueError, match="random_state"):
        GENERATORS[name](random_state=bad)


@pytest.mark.parametrize(
    ("make", "option", "bad"),
    [
        (datasets.make_spam_emails, "n_emails", 0),
        (datasets.make_spam_emails, "n_emails", 99),
        (datasets.make_spam_emails, "n_emails", 500.0),
        (datasets.make_fraud_transactions, "n_transactions", 999),
        (datasets.make_fraud_transactions, "n_transactions", "20000"),
        (datasets.make_recommendations, "n_users", 0),
        (datasets.make_recommendations, "list_length", 1),
        (datasets.make_recommendations, "list_length", 51),
        (datasets.make_summary_claims, "n_summaries", 0),
        (datasets.make_summary_claims, "n_summaries", True),
        (datasets.make_summary_pairs, "n_summaries", -3),
    ],
)
def test_sizes_are_validated(make, option, bad):
    with pytest.raises(ValueError, match=option):
        make(random_state=1, **{option: bad})


@pytest.mark.parametrize("bad", [0, 1, 0.0, 1.0, -0.2, 1.5, "0.3", None, True, float("nan")])
def test_screening_test_size_is_validated(bad):
    with pytest.raises(ValueError, match="test_size must be a number strictly between 0 and 1"):
        datasets.load_screening(random_state=1, test_size=bad)


def test_canonical_registry():
    for name, make in GENERATORS.items():
        assert datasets.CANONICAL[name] is make
        assert make.__name__ in datasets.__all__
    assert datasets.SPAM_COSTS == {"fp": 10.0, "fn": 1.0}
    assert datasets.SCREENING_COSTS == {"fp": 1.0, "fn": 40.0}
    assert datasets.FRAUD_FP_COST_EUR == 8.0
    assert datasets.HIGH_VALUE_EUR == 200.0


# --- schemas ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATORS))
def test_columns_in_order(name):
    assert list(_data(name, SEEDS[0]).columns) == COLUMNS[name]


def _is_binary(column: pd.Series) -> bool:
    return pd.api.types.is_integer_dtype(column) and set(column.unique()) <= {0, 1}


def test_spam_emails_schema():
    emails = datasets.make_spam_emails(random_state=3, n_emails=800)
    assert len(emails) == 800
    assert emails.email_id.tolist() == list(range(1, 801))
    assert _is_binary(emails.sender_in_contacts) and _is_binary(emails.is_spam)
    assert pd.api.types.is_integer_dtype(emails.n_links) and (emails.n_links >= 0).all()
    assert pd.api.types.is_float_dtype(emails.spam_score)
    assert emails.spam_score.between(0, 1).all()


def test_spam_features_are_plausible():
    emails = _data("spam_emails", SEEDS[0])
    spam, ham = emails[emails.is_spam == 1], emails[emails.is_spam == 0]
    assert spam.sender_in_contacts.mean() < ham.sender_in_contacts.mean() / 3
    assert spam.n_links.mean() > 2 * ham.n_links.mean()
    # bimodal score: most emails are confidently scored, but a real share sits in between
    middle = emails.spam_score.between(0.3, 0.7).mean()
    assert 0.05 < middle < 0.3
    assert (emails.spam_score < 0.3).mean() > 0.3 and (emails.spam_score > 0.7).mean() > 0.2


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_spam_share_and_calibration(seed):
    emails = _data("spam_emails", seed)
    assert 0.33 <= emails.is_spam.mean() <= 0.47
    observed, predicted = calibration_curve(emails.is_spam, emails.spam_score, n_bins=5)
    assert np.max(np.abs(observed - predicted)) < 0.06


def test_screening_matches_an_independent_refit():
    seed = SEEDS[3]
    got = datasets.load_screening(random_state=seed, test_size=0.25)
    bunch = load_breast_cancer()
    names = list(bunch.feature_names)
    columns = [names.index(f) for f in ("mean radius", "mean texture", "mean smoothness")]
    x, target = bunch.data[:, columns], bunch.target
    malignant = 1 - target  # scikit-learn codes malignant as 0
    split_seed = int(np.random.default_rng(seed).integers(2**31 - 1))
    train, test = train_test_split(
        np.arange(len(target)), test_size=0.25, stratify=malignant, random_state=split_seed
    )
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(x[train], malignant[train])
    test = np.sort(test)
    assert got.patient_id.tolist() == test.tolist()
    np.testing.assert_allclose(got[["mean_radius", "mean_texture", "mean_smoothness"]], x[test])
    np.testing.assert_allclose(got.risk_score, model.predict_proba(x[test])[:, 1], rtol=1e-7)
    np.testing.assert_array_equal(got.malignant, malignant[test])


def test_screening_target_is_sklearn_inverted():
    screening = _data("screening", SEEDS[0])
    target = load_breast_cancer().target
    assert list(load_breast_cancer().target_names) == ["malignant", "benign"]
    np.testing.assert_array_equal(screening.malignant, (target[screening.patient_id] == 0).astype(int))
    assert _is_binary(screening.malignant)
    assert pd.api.types.is_integer_dtype(screening.patient_id)
    assert screening.patient_id.is_unique and screening.patient_id.between(0, 568).all()
    assert len(screening) == 171  # ceil(0.3 * 569)
    # stratified: the test set keeps the data's malignant share (212 / 569)
    assert abs(screening.malignant.mean() - 212 / 569) < 0.01
    assert screening.risk_score.between(0, 1).all()
    assert len(datasets.load_screening(random_state=1, test_size=0.5)) == 285


def test_fraud_schema():
    tx = _data("fraud_transactions", SEEDS[0])
    assert len(tx) == 20000 and tx.transaction_id.tolist() == list(range(1, 20001))
    assert _is_binary(tx.new_device) and _is_binary(tx.is_fraud)
    assert set(tx.merchant_category) == {"groceries", "electronics", "travel", "fashion", "digital goods"}
    assert pd.api.types.is_float_dtype(tx.amount_eur)
    np.testing.assert_allclose(tx.amount_eur, tx.amount_eur.round(2))
    assert tx.amount_eur.between(1, 5000).all()
    assert tx.fraud_score.between(0, 1).all()
    assert len(datasets.make_fraud_transactions(random_state=1, n_transactions=1000)) == 1000


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_fraud_is_plausible(seed):
    tx = _data("fraud_transactions", seed)
    fraud, legit = tx[tx.is_fraud == 1], tx[tx.is_fraud == 0]
    assert 0.012 - 1e-4 <= tx.is_fraud.mean() <= 0.02 + 1e-4
    assert 0.06 < legit.new_device.mean() < 0.10
    assert 0.42 < fraud.new_device.mean() < 0.68
    assert 35 < tx.amount_eur.median() < 55
    assert 1000 < tx.amount_eur.max() <= 5000
    high = tx.amount_eur >= datasets.HIGH_VALUE_EUR
    assert tx.is_fraud[high].mean() > 3 * tx.is_fraud[~high].mean()
    rate = tx.groupby("merchant_category").is_fraud.mean()
    assert min(rate["electronics"], rate["digital goods"]) > max(rate["groceries"], rate["fashion"])
    # calibrated: as many frauds as the scores promise, overall and among the risky
    assert abs(tx.fraud_score.sum() - tx.is_fraud.sum()) < 4 * np.sqrt(tx.is_fraud.sum())
    risky = tx[tx.fraud_score >= 0.2]
    assert abs(risky.fraud_score.mean() - risky.is_fraud.mean()) < 0.1


def test_recommendations_schema():
    recs = datasets.make_recommendations(random_state=2, n_users=40, list_length=6)
    assert len(recs) == 240
    assert recs.user_id.tolist() == list(np.repeat(np.arange(1, 41), 6))
    assert recs["rank"].tolist() == list(np.tile(np.arange(1, 7), 40))
    for column in ("user_id", "rank", "article_id", "relevance", "n_relevant_total"):
        assert pd.api.types.is_integer_dtype(recs[column]), column
    assert recs.relevance.between(0, 3).all()
    assert set(recs.category) <= set(ranking.ARTICLE_CATEGORIES)
    assert (recs.groupby("user_id").article_id.nunique() == 6).all()
    # an article has one category for everyone
    assert (recs.groupby("article_id").category.nunique() == 1).all()
    per_user = recs.groupby("user_id").agg(
        total=("n_relevant_total", "first"),
        totals=("n_relevant_total", "nunique"),
        shown=("relevance", lambda r: int((r >= 2).sum())),
    )
    assert (per_user.totals == 1).all()
    assert (per_user.total >= 1).all() and (per_user.total >= per_user.shown).all()


def test_summary_claims_schema():
    claims = datasets.make_summary_claims(random_state=6, n_summaries=30)
    assert claims.summary_id.min() == 1 and claims.summary_id.max() == 30
    assert claims.summary_id.is_monotonic_increasing
    assert claims.groupby("summary_id").size().between(3, 9).all()
    assert claims.claim_id.tolist() == list(range(1, len(claims) + 1))
    assert _is_binary(claims.grounded)


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_summary_pairs_texts(seed):
    pairs = _data("summary_pairs", seed)
    assert pairs.summary_id.tolist() == list(range(1, 41))
    words = re.compile(r"[a-z]+( [a-z]+)*")
    for text in [*pairs.reference, *pairs.generated]:
        assert words.fullmatch(text), text
        assert 8 <= len(text.split()) <= 25, text
    assert (pairs.reference != pairs.generated).all()
    overlap = np.array([_rouge1_f1(r, g) for r, g in zip(pairs.reference, pairs.generated, strict=True)])
    assert 0.4 <= np.median(overlap) <= 0.8
    assert np.mean((overlap >= 0.4) & (overlap <= 0.8)) >= 0.6


# --- lesson effects across learners --------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_cost_moves_the_threshold(seed):
    """Expensive false positives push the threshold up (spam), expensive misses down (screening)."""
    emails = _data("spam_emails", seed)
    spam_t, _ = _best(_cost_curve(emails.is_spam, emails.spam_score, **datasets.SPAM_COSTS))
    screening = _data("screening", seed)
    screen_t, _ = _best(_cost_curve(screening.malignant, screening.risk_score, **datasets.SCREENING_COSTS))
    assert spam_t > 0.5
    assert screen_t < 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_screening_has_a_real_trade_off(seed):
    """Good but not perfect: every threshold makes mistakes; catching every cancer costs
    unnecessary follow-ups."""
    screening = _data("screening", seed)
    y, s = screening.malignant, screening.risk_score
    fp, fn = _grid_errors(y, s)
    assert (fp + fn).min() >= 2
    catch_all = np.flatnonzero(fn == 0).max()  # the highest threshold that misses no cancer
    assert fp[catch_all] >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_accuracy_paradox(seed):
    """'Never fraud' is as accurate as the model and far more expensive."""
    tx = _data("fraud_transactions", seed)
    y = tx.is_fraud.to_numpy()
    never = np.zeros_like(y)
    tn, fp, fn, tp = confusion_matrix(y, never, labels=[0, 1]).ravel()
    baseline_accuracy = (tn + tp) / len(y)
    assert baseline_accuracy >= 0.98
    assert tp == 0  # recall 0
    model = (tx.fraud_score.to_numpy() >= 0.5).astype(int)
    model_accuracy = float(np.mean(model == y))
    assert baseline_accuracy >= model_accuracy or model_accuracy - baseline_accuracy <= 0.005
    baseline_cost = tx.amount_eur[y == 1].sum()
    _, model_cost = _best(_fraud_cost_curve(tx))
    assert baseline_cost >= 1.5 * model_cost


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_segmented_thresholds(seed):
    """High-value payments deserve a lower threshold; segmenting saves money."""
    tx = _data("fraud_transactions", seed)
    high = tx.amount_eur >= datasets.HIGH_VALUE_EUR
    _, single_cost = _best(_fraud_cost_curve(tx))
    high_t, high_cost = _best(_fraud_cost_curve(tx[high]))
    low_t, low_cost = _best(_fraud_cost_curve(tx[~high]))
    assert single_cost - (high_cost + low_cost) > 0
    assert high_t < low_t


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_new_device_rule_is_partial(seed):
    """A one-feature rule captures a real but clearly partial share of the model's value."""
    tx = _data("fraud_transactions", seed)
    y = tx.is_fraud.to_numpy()
    never_cost = tx.amount_eur[y == 1].sum()
    # the rule's "score" is new_device itself: flag when it is >= 1
    fp, missed_eur = _errors(y, tx.new_device, 1, weight=tx.amount_eur.to_numpy())
    assert missed_eur == pytest.approx(tx.amount_eur[(y == 1) & (tx.new_device == 0)].sum())
    rule_cost = datasets.FRAUD_FP_COST_EUR * fp + missed_eur
    _, model_cost = _best(_fraud_cost_curve(tx))
    share = (never_cost - rule_cost) / (never_cost - model_cost)
    assert 0.2 <= share <= 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson_quality_levels(seed):
    emails = _data("spam_emails", seed)
    assert 0.88 <= roc_auc_score(emails.is_spam, emails.spam_score) <= 0.97
    screening = _data("screening", seed)
    # the data set is real and the model fixed: a strong model, not a perfect one
    assert 0.90 <= roc_auc_score(screening.malignant, screening.risk_score) <= 0.999
    claims = _data("summary_claims", seed)
    assert 0.04 <= 1 - claims.grounded.mean() <= 0.17
    recs = _data("recommendations", seed)
    assert recs.relevance[recs["rank"] <= 3].mean() > recs.relevance[recs["rank"] >= 8].mean()
    diversity = recs.groupby("user_id").category.apply(_intra_list_diversity).mean()
    assert 0.4 <= diversity <= 0.9
