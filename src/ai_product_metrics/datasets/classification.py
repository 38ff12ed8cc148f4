"""Module 2 scenarios: precision, recall and the cost of being wrong.

Three binary decisions made from a model's score, each with its own price of a mistake:

- **Spam filter** (``make_spam_emails``): a good email lost in the spam folder costs far more
  than a spam reaching the inbox, so the best threshold sits well above 0.5.
- **Cancer screening** (``load_screening``): a real model fitted on scikit-learn's bundled
  Breast Cancer Wisconsin (Diagnostic) data; a missed cancer costs far more than an
  unnecessary follow-up, so the best threshold sits well below 0.5.
- **Card-fraud detection** (``make_fraud_transactions``): fraud is rare, so "never fraud" is
  more than 98 % accurate and worthless; a missed fraud costs its amount, so high-value
  transactions deserve a lower threshold than small ones.

The spam and fraud scores are *calibrated by construction*: among emails scored 0.8, about
80 % are spam. The costs live beside their generators (``SPAM_COSTS``, ``SCREENING_COSTS``,
``FRAUD_FP_COST_EUR``).
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit, logit, logsumexp

from ._common import check_positive_int, check_random_state

__all__ = [
    "FRAUD_FP_COST_EUR",
    "HIGH_VALUE_EUR",
    "MERCHANT_CATEGORIES",
    "SCREENING_COSTS",
    "SCREENING_FEATURES",
    "SPAM_COSTS",
    "load_screening",
    "make_fraud_transactions",
    "make_spam_emails",
]

#: Cost of each kind of mistake of the spam filter, in "annoyance units": a good email sent
#: to the spam folder (false positive) costs 10, a spam reaching the inbox (false negative) 1.
SPAM_COSTS = {"fp": 10.0, "fn": 1.0}

#: Cost of each kind of mistake of the screening model: an unnecessary follow-up examination
#: (false positive) costs 1, a missed malignant tumour (false negative) 40.
SCREENING_COSTS = {"fp": 1.0, "fn": 40.0}

#: Cost in euros of blocking a legitimate card transaction (support contact, a customer who
#: pays with another card). The cost of a missed fraud is its own ``amount_eur``.
FRAUD_FP_COST_EUR = 8.0

#: Segment boundary of the fraud scenario: a transaction of at least this amount is
#: high-value.
HIGH_VALUE_EUR = 200.0

#: The three features the screening model sees (names in scikit-learn's data set).
SCREENING_FEATURES = ("mean radius", "mean texture", "mean smoothness")

#: Merchant categories of the fraud scenario.
MERCHANT_CATEGORIES = ("groceries", "electronics", "travel", "fashion", "digital goods")

# --- spam: a two-component Beta mixture of scores (ham-ish, spam-ish) --------------------
_HAM_BETA = (1.0, 8.0)  # mean 0.11
_SPAM_BETA = (6.0, 1.2)  # mean 0.83

# --- fraud: class-conditional feature distributions; the score is the exact posterior -------
_P_CATEGORY_LEGIT = np.array([0.36, 0.12, 0.12, 0.25, 0.15])
_P_CATEGORY_FRAUD = np.array([0.08, 0.30, 0.14, 0.10, 0.38])
_CATEGORY_LOG_SHIFT = np.array([-0.3, 0.5, 0.8, 0.1, -0.4])  # travel baskets are larger
# Categories in the order of MERCHANT_CATEGORIES.
_LOG_AMOUNT_LEGIT = (np.log(42.0), 1.0)  # median and log-scale spread before the shift
#: Fraud amounts mix small "card testing" payments with large "cash-out" purchases.
_FRAUD_AMOUNT_MIXTURE = ((0.3, np.log(15.0), 0.6), (0.7, np.log(250.0), 1.1))
_AMOUNT_BOUNDS_EUR = (1.0, 5000.0)
_P_NEW_DEVICE = {0: 0.08, 1: 0.55}
_HIDDEN_SIGNAL_SHIFT = 0.8  # strength of the signals the model sees and the table does not


def make_spam_emails(*, random_state: int | np.random.Generator, n_emails: int = 5000) -> pd.DataFrame:
    """Incoming emails scored by a spam filter, with the true label.

    The filter's ``spam_score`` is calibrated by construction: each score is drawn from a
    bimodal two-component Beta mixture (a ham-ish and a spam-ish component that overlap), then
    the label is drawn as ``is_spam ~ Bernoulli(spam_score)``. The spam share of a variant is
    drawn between 35 % and 45 %.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_emails : int, default 5000
        Number of emails (at least 100).

    Returns
    -------
    pandas.DataFrame
        One row per email with columns ``email_id`` (1..n), ``sender_in_contacts`` (0/1),
        ``n_links`` (links in the body), ``spam_score`` (the filter's probability of spam,
        in [0, 1]) and ``is_spam`` (0/1). Costs of each mistake: ``SPAM_COSTS``.

    Examples
    --------
    >>> emails = make_spam_emails(random_state=1)
    >>> list(emails.columns)
    ['email_id', 'sender_in_contacts', 'n_links', 'spam_score', 'is_spam']
    >>> bool(0.3 < emails["is_spam"].mean() < 0.5)
    True
    >>> bool(emails.loc[emails.is_spam == 1, "n_links"].mean() > emails.loc[emails.is_spam == 0, "n_links"].mean())
    True
    """
    n = check_positive_int(n_emails, "n_emails", minimum=100)
    rng = check_random_state(random_state)
    share = rng.uniform(0.35, 0.45)
    mean_ham = _HAM_BETA[0] / sum(_HAM_BETA)
    mean_spam = _SPAM_BETA[0] / sum(_SPAM_BETA)
    weight = (share - mean_ham) / (mean_spam - mean_ham)  # E[score] = share

    spammy = rng.random(n) < weight
    score = np.where(spammy, rng.beta(*_SPAM_BETA, size=n), rng.beta(*_HAM_BETA, size=n))
    score = np.round(score, 4)
    is_spam = (rng.random(n) < score).astype(np.int64)

    in_contacts = (rng.random(n) < np.where(is_spam == 1, 0.04, 0.45)).astype(np.int64)
    n_links = rng.poisson(np.where(is_spam == 1, 4.0, 1.2)).astype(np.int64)
    return pd.DataFrame(
        {
            "email_id": np.arange(1, n + 1, dtype=np.int64),
            "sender_in_contacts": in_contacts,
            "n_links": n_links,
            "spam_score": score,
            "is_spam": is_spam,
        }
    )


def load_screening(*, random_state: int | np.random.Generator, test_size: float = 0.3) -> pd.DataFrame:
    """Test-set risk scores of a simple cancer-screening model on real data.

    Uses scikit-learn's bundled copy of the Breast Cancer Wisconsin (Diagnostic) data set
    (``sklearn.datasets.load_breast_cancer``, no download). scikit-learn codes *malignant as
    0* and benign as 1; here ``malignant = 1`` exactly when scikit-learn's target is 0, so the
    positive class is the one the screening is looking for.

    The rows are split with ``train_test_split(..., test_size=test_size, stratify=malignant,
    random_state=split_seed)`` where ``split_seed =
    int(check_random_state(random_state).integers(2**31 - 1))``, i.e. for an int seed
    ``int(numpy.random.default_rng(random_state).integers(2**31 - 1))``. A deliberately simple
    model, ``make_pipeline(StandardScaler(), LogisticRegression())`` on three features only
    (``SCREENING_FEATURES``), is fitted on the training rows: good but not perfect, so
    choosing the threshold is a real trade-off.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed of the train/test split (use ``ai_product_metrics.learner_seed()``).
    test_size : float, default 0.3
        Share of the 569 patients held out as the test set, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        The test rows only, sorted by ``patient_id`` (the row's index in scikit-learn's
        data), with columns ``patient_id``, ``mean_radius``, ``mean_texture``,
        ``mean_smoothness``, ``risk_score`` (the model's predicted probability of malignant)
        and ``malignant`` (0/1). Costs of each mistake: ``SCREENING_COSTS``.

    Examples
    --------
    >>> screening = load_screening(random_state=0)
    >>> screening.shape
    (171, 6)
    >>> list(screening.columns)
    ['patient_id', 'mean_radius', 'mean_texture', 'mean_smoothness', 'risk_score', 'malignant']
    >>> bool(screening["risk_score"].between(0, 1).all())
    True
    """
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if (
        not isinstance(test_size, numbers.Real)
        or isinstance(test_size, bool)
        or not 0.0 < float(test_size) < 1.0
    ):
        raise ValueError(f"test_size must be a number strictly between 0 and 1, got {test_size!r}")
    rng = check_random_state(random_state)
    split_seed = int(rng.integers(2**31 - 1))

    data = load_breast_cancer(as_frame=True)
    features = data.frame[list(SCREENING_FEATURES)]
    malignant = (data.target.to_numpy() == 0).astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        features, malignant, test_size=float(test_size), stratify=malignant, random_state=split_seed
    )
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(x_train, y_train)
    risk = model.predict_proba(x_test)[:, 1]
    return pd.DataFrame(
        {
            "patient_id": x_test.index.to_numpy(dtype=np.int64),
            "mean_radius": x_test["mean radius"].to_numpy(),
            "mean_texture": x_test["mean texture"].to_numpy(),
            "mean_smoothness": x_test["mean smoothness"].to_numpy(),
            "risk_score": risk,
            "malignant": y_test,
        }
    ).sort_values("patient_id", ignore_index=True)


def make_fraud_transactions(
    *, random_state: int | np.random.Generator, n_transactions: int = 20000
) -> pd.DataFrame:
    """Card transactions scored by a fraud model, with the true label.

    Fraud is rare (1.2 % to 2 % of a variant's transactions, exactly that share rounded),
    larger (a mix of small "card testing" payments and large "cash-out" purchases, median
    about 125 EUR against about 42 EUR), concentrated in electronics and digital goods, and
    made from a new device 55 % of the time (8 % for legitimate payments). The ``fraud_score`` is the exact
    posterior probability of fraud given the row's features *and* hidden signals the model
    sees but the table does not (device fingerprint, velocity, ...), so it is calibrated by
    construction and does better than any rule on the visible columns.

    Parameters
    ----------
    random_state : int or numpy.random.Generator
        Seed (use ``ai_product_metrics.learner_seed()`` in a notebook). ``None`` is refused.
    n_transactions : int, default 20000
        Number of transactions (at least 1000).

    Returns
    -------
    pandas.DataFrame
        One row per transaction with columns ``transaction_id`` (1..n), ``amount_eur`` (two
        decimals, 1 to 5000), ``merchant_category`` (one of ``MERCHANT_CATEGORIES``),
        ``new_device`` (0/1), ``fraud_score`` (in [0, 1]) and ``is_fraud`` (0/1). Blocking a
        legitimate payment costs ``FRAUD_FP_COST_EUR``; a missed fraud costs its amount.

    Examples
    --------
    >>> tx = make_fraud_transactions(random_state=2)
    >>> list(tx.columns)
    ['transaction_id', 'amount_eur', 'merchant_category', 'new_device', 'fraud_score', 'is_fraud']
    >>> bool(0.01 < tx["is_fraud"].mean() < 0.021)
    True
    >>> bool(30 < tx["amount_eur"].median() < 60)
    True
    """
    n = check_positive_int(n_transactions, "n_transactions", minimum=1000)
    rng = check_random_state(random_state)
    rate = rng.uniform(0.012, 0.02)
    is_fraud = np.zeros(n, dtype=np.int64)
    is_fraud[: max(1, round(rate * n))] = 1
    rng.shuffle(is_fraud)
    fraud = is_fraud == 1

    category = np.where(
        fraud,
        rng.choice(len(MERCHANT_CATEGORIES), size=n, p=_P_CATEGORY_FRAUD),
        rng.choice(len(MERCHANT_CATEGORIES), size=n, p=_P_CATEGORY_LEGIT),
    )
    shift = _CATEGORY_LOG_SHIFT[category]
    low, high = np.log(_AMOUNT_BOUNDS_EUR[0]), np.log(_AMOUNT_BOUNDS_EUR[1])
    weights = np.array([w for w, _, _ in _FRAUD_AMOUNT_MIXTURE])
    component = rng.choice(len(weights), size=n, p=weights / weights.sum())
    fraud_mu = np.array([m for _, m, _ in _FRAUD_AMOUNT_MIXTURE])[component]
    fraud_sigma = np.array([s for _, _, s in _FRAUD_AMOUNT_MIXTURE])[component]
    mu = np.where(fraud, fraud_mu, _LOG_AMOUNT_LEGIT[0]) + shift
    sigma = np.where(fraud, fraud_sigma, _LOG_AMOUNT_LEGIT[1])
    log_amount = stats.truncnorm.rvs(
        (low - mu) / sigma, (high - mu) / sigma, loc=mu, scale=sigma, size=n, random_state=rng
    )
    amount = np.clip(np.round(np.exp(log_amount), 2), *_AMOUNT_BOUNDS_EUR)
    new_device = (rng.random(n) < np.where(fraud, _P_NEW_DEVICE[1], _P_NEW_DEVICE[0])).astype(np.int64)
    hidden = rng.normal(_HIDDEN_SIGNAL_SHIFT * is_fraud, 1.0)

    # Exact posterior log-odds: prior + the log-likelihood ratio of each (independent) feature.
    def log_amount_density(mean_log: float, spread: float) -> np.ndarray:
        m = mean_log + shift
        return stats.truncnorm.logpdf(
            np.log(amount), (low - m) / spread, (high - m) / spread, loc=m, scale=spread
        )

    log_density_fraud = logsumexp(
        [np.log(w) + log_amount_density(m, sd) for w, m, sd in _FRAUD_AMOUNT_MIXTURE], axis=0
    ) - np.log(weights.sum())
    p1, p0 = _P_NEW_DEVICE[1], _P_NEW_DEVICE[0]
    log_odds = (
        logit(rate)
        + np.log(_P_CATEGORY_FRAUD[category] / _P_CATEGORY_LEGIT[category])
        + log_density_fraud
        - log_amount_density(*_LOG_AMOUNT_LEGIT)
        + np.where(new_device == 1, np.log(p1 / p0), np.log((1 - p1) / (1 - p0)))
        + _HIDDEN_SIGNAL_SHIFT * hidden
        - _HIDDEN_SIGNAL_SHIFT**2 / 2
    )
    return pd.DataFrame(
        {
            "transaction_id": np.arange(1, n + 1, dtype=np.int64),
            "amount_eur": amount,
            "merchant_category": np.asarray(MERCHANT_CATEGORIES, dtype=object)[category],
            "new_device": new_device,
            "fraud_score": np.round(expit(log_odds), 4),
            "is_fraud": is_fraud,
        }
    )
