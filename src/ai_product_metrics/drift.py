"""Data drift: how far the current data has moved from the reference data (module 3).

Three families of measures are used in the course:

- the **population stability index** (:func:`population_stability_index`, read with
  :func:`psi_reading`), a banking classic that is the default of neither tool below, so its
  binning is stated here;
- thin, validated wrappers around scipy where the course needs one number:
  :func:`ks_statistic` (Kolmogorov-Smirnov), :func:`normalized_wasserstein` and
  :func:`jensen_shannon_categorical`;
- the **default rules of two monitoring tools**, reproduced with scipy so that learners see
  that "drift" is a rule someone chose:

  * :func:`evidently_column_drift` and :func:`evidently_dataset_drift`: Evidently 0.7.23's
    default per-column test (DataDriftPreset) and its dataset-level vote. Column types follow
    Evidently's **legacy** API: every numeric dtype is numeric. (Evidently's current API
    infers types from the current frame and treats integer columns with at most 10 distinct
    values as categorical; the course does not follow it.)
  * :func:`nannyml_univariate_drift`: NannyML 0.13.1's UnivariateDriftCalculator default,
    Jensen-Shannon distance per chunk with a threshold learned from the reference chunks
    (there is no fixed 0.1 threshold by default).

The rules were measured on Evidently 0.7.23 and NannyML 0.13.1 and every Evidently value was
reproduced with scipy exactly. Neither tool is a dependency of the package.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

__all__ = [
    "DATASET_DRIFT_SHARE",
    "EVIDENTLY_LARGE_REFERENCE",
    "PSI_MAJOR",
    "PSI_MODERATE",
    "evidently_column_drift",
    "evidently_dataset_drift",
    "jensen_shannon_categorical",
    "ks_statistic",
    "nannyml_univariate_drift",
    "normalized_wasserstein",
    "population_stability_index",
    "psi_reading",
]

#: PSI at or above this reads as a moderate shift.
PSI_MODERATE = 0.1
#: PSI above this reads as a major shift.
PSI_MAJOR = 0.25
#: Evidently switches from statistical tests to distances above this many reference rows.
EVIDENTLY_LARGE_REFERENCE = 1000
#: Evidently's dataset drift: at least this share of the columns drifted (a tie is drift).
DATASET_DRIFT_SHARE = 0.5

_MAX_DISCRETE_UNIQUE = 5  # numeric columns with at most 5 distinct values are tested as categories
_WASSERSTEIN_STD_FLOOR = 0.001
_NANNYML_STD_MULTIPLIER = 3

# method -> (kind of value, threshold, comparison that means drift)
_RULES = {
    "ks": ("p_value", 0.05, operator.le),
    "chisquare": ("p_value", 0.05, operator.lt),
    "z": ("p_value", 0.05, operator.lt),
    "wasserstein": ("distance", 0.1, operator.ge),
    "jensenshannon": ("distance", 0.1, operator.ge),
}


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pair:
    """Validated samples: two 1-D Series (float when numeric) and the column type."""

    reference: pd.Series
    current: pd.Series
    numeric: bool


def _is_numeric(values: pd.Series, *, bool_is_numeric: bool) -> bool:
    if pd.api.types.is_bool_dtype(values):
        return bool_is_numeric
    return bool(pd.api.types.is_numeric_dtype(values))


def _check(
    reference: Any,
    current: Any,
    *,
    numeric: bool | None,
    missing: Literal["refuse", "drop", "keep"],
    bool_is_numeric: bool = True,
) -> _Pair:
    """The one place where the drift functions validate their samples (clear ``ValueError``).

    ``numeric=None`` infers the type from the dtypes (both samples must agree);
    ``missing="refuse"`` refuses NaN and infinity, ``"drop"`` drops them (Evidently),
    ``"keep"`` keeps NaN for the caller to drop per chunk but refuses infinity in numeric
    samples (NannyML's binning). In every mode a sample must hold at least one usable value.
    """
    series: dict[str, pd.Series] = {}
    for name, values in (("reference", reference), ("current", current)):
        if isinstance(values, pd.DataFrame) or np.ndim(values) != 1:
            raise ValueError(f"{name} must be 1-D (one value per row), got an array of shape "
                             f"{np.shape(values)}")
        s = values.reset_index(drop=True) if isinstance(values, pd.Series) else pd.Series(values)
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.size == 0:
            raise ValueError(f"{name} is empty: at least one value is needed")
        if s.isna().all():  # before typing: an all-NaN column has no meaningful dtype
            raise ValueError(f"{name} contains NaN or infinity (missing values are refused "
                             "here; drop them first)" if missing == "refuse" else
                             f"{name} holds only missing values (NaN)")
        series[name] = s
    if numeric is None:
        kinds = {name: _is_numeric(s, bool_is_numeric=bool_is_numeric)
                 for name, s in series.items()}
        if kinds["reference"] != kinds["current"]:
            raise ValueError(
                "reference and current have different types: "
                f"{series['reference'].dtype} vs {series['current'].dtype} (one numeric, the "
                "other not); convert them, or pass numeric=/continuous= explicitly")
        numeric = kinds["reference"]
    for name, s in series.items():
        if numeric:
            try:
                s = s.astype(float)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must hold numbers (got dtype {s.dtype})") from None
            bad = ~np.isfinite(s.to_numpy())
            nan = s.isna().to_numpy()
        else:
            nan = s.isna().to_numpy()
            bad = nan | s.isin([np.inf, -np.inf]).to_numpy()
        if missing == "refuse" and bad.any():
            raise ValueError(f"{name} contains NaN or infinity (missing values are refused here; "
                             "drop them first)")
        if missing == "drop":
            s = s[~bad].reset_index(drop=True)
            if s.size == 0:
                raise ValueError(f"{name} holds only missing values (NaN or infinity)")
        if missing == "keep" and numeric and (bad & ~nan).any():
            raise ValueError(f"{name} contains infinity (NaN is allowed and dropped)")
        series[name] = s
    return _Pair(series["reference"], series["current"], bool(numeric))


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


# --------------------------------------------------------------------------------------------
# Population stability index
# --------------------------------------------------------------------------------------------


def population_stability_index(
    reference: Any, current: Any, *, bins: int = 10, eps: float = 1e-4
) -> float:
    """Population stability index (PSI) of ``current`` against ``reference``.

    The binning, stated because PSI depends on it:

    1. edges at the quantiles ``0, 1/bins, ..., 1`` of the reference (deciles by default;
       :func:`numpy.quantile`, linear interpolation), duplicates removed;
    2. the outer edges are opened to -inf and +inf, so current values outside the reference
       range fall in the first or last bin; bins are closed on the left, ``[e_i, e_(i+1))``;
    3. ``r`` and ``c`` are the shares of each sample per bin; shares below ``eps`` (empty bins,
       in particular) are raised to ``eps``, without renormalising;
    4. ``PSI = sum((c - r) * ln(c / r))``.

    Reading (a convention, not a test): below 0.1 stable, 0.1 to 0.25 moderate shift, above
    0.25 major shift (see :func:`psi_reading`).

    Parameters
    ----------
    reference, current : array-like of numbers, 1-D
        The two samples; no NaN or infinity.
    bins : int, default 10
        Number of quantile bins of the reference (before removing duplicate edges); >= 2.
    eps : float, default 1e-4
        Floor of the shares, > 0 and < 1, so that an empty bin gives a large but finite PSI.

    Returns
    -------
    float
        The PSI, >= 0; 0 when both samples fill the bins in the same shares.

    Raises
    ------
    ValueError
        On empty or non-1-D samples, non-numbers, NaN or infinity, ``bins < 2``, ``eps``
        outside (0, 1), a constant reference (one bin: the PSI would be 0 whatever the
        current data), or a reference so tied that its quantile edges leave a single bin.

    Examples
    --------
    Two bins split at the reference median 2.5; the reference fills them half and half, the
    current sample 3/4 and 1/4, so PSI = 0.25 ln(1.5) + 0.25 ln(2) = 0.25 ln(3):

    >>> round(population_stability_index([1, 2, 3, 4], [1, 1, 1, 4], bins=2), 4)
    0.2747
    >>> population_stability_index([1, 2, 3, 4], [-100, 100], bins=2)  # outside: end bins
    0.0
    >>> population_stability_index([5, 5, 5], [1, 2, 3])
    Traceback (most recent call last):
    ...
    ValueError: reference is constant: its quantile edges give a single bin, so the PSI would be 0 whatever the current data
    """
    bins = _check_count(bins, "bins", 2)
    try:
        eps = float(eps)
    except (TypeError, ValueError):
        raise ValueError(f"eps must be a number in (0, 1), got {eps!r}") from None
    if not 0 < eps < 1:  # also refuses NaN
        raise ValueError(f"eps must be a number in (0, 1), got {eps!r}")
    pair = _check(reference, current, numeric=True, missing="refuse")
    r = pair.reference.to_numpy(dtype=float)
    c = pair.current.to_numpy(dtype=float)
    if r.min() == r.max():
        raise ValueError("reference is constant: its quantile edges give a single bin, so the "
                         "PSI would be 0 whatever the current data")
    inner = np.unique(np.quantile(r, np.linspace(0, 1, bins + 1)))[1:-1]
    if inner.size == 0:
        raise ValueError("the reference's quantile edges leave a single bin (one value holds "
                         "almost all of it); compare the values as categories instead")
    shares = [np.bincount(np.searchsorted(inner, x, side="right"), minlength=inner.size + 1)
              / x.size for x in (r, c)]
    r_share, c_share = (np.maximum(s, eps) for s in shares)
    return float(np.sum((c_share - r_share) * np.log(c_share / r_share)))


def psi_reading(psi: float) -> str:
    """The usual reading of a PSI value.

    Parameters
    ----------
    psi : float
        A population stability index (>= 0).

    Returns
    -------
    str
        ``"stable"`` below 0.1, ``"moderate shift"`` from 0.1 to 0.25 (both included),
        ``"major shift"`` above 0.25.

    Raises
    ------
    ValueError
        On NaN, a negative value or a non-number.

    Examples
    --------
    >>> psi_reading(0.02), psi_reading(0.1), psi_reading(0.25), psi_reading(0.4)
    ('stable', 'moderate shift', 'moderate shift', 'major shift')
    """
    try:
        value = float(psi)
    except (TypeError, ValueError):
        raise ValueError(f"psi must be a non-negative number, got {psi!r}") from None
    if not value >= 0:  # also refuses NaN
        raise ValueError(f"psi must be a non-negative number, got {psi!r}")
    if value < PSI_MODERATE:
        return "stable"
    if value <= PSI_MAJOR:
        return "moderate shift"
    return "major shift"


# --------------------------------------------------------------------------------------------
# scipy wrappers
# --------------------------------------------------------------------------------------------


def ks_statistic(reference: Any, current: Any) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov test, :func:`scipy.stats.ks_2samp`.

    Parameters
    ----------
    reference, current : array-like of numbers, 1-D
        The two samples; no NaN or infinity.

    Returns
    -------
    statistic : float
        The largest gap between the two empirical distribution functions, in [0, 1].
    pvalue : float
        Two-sided p-value (scipy's default method).

    Raises
    ------
    ValueError
        On empty or non-1-D samples, non-numbers, NaN or infinity.

    Examples
    --------
    >>> statistic, pvalue = ks_statistic([1, 2, 3], [4, 5, 6])
    >>> statistic, round(pvalue, 3)
    (1.0, 0.1)
    """
    pair = _check(reference, current, numeric=True, missing="refuse")
    result = stats.ks_2samp(pair.reference.to_numpy(), pair.current.to_numpy())
    return float(result.statistic), float(result.pvalue)


def _normalized_wasserstein(r: np.ndarray, c: np.ndarray) -> float:
    return float(stats.wasserstein_distance(r, c) / max(np.std(r), _WASSERSTEIN_STD_FLOOR))


def normalized_wasserstein(reference: Any, current: Any) -> float:
    """Wasserstein distance in units of the reference's standard deviation, as Evidently.

    ``scipy.stats.wasserstein_distance(reference, current) / max(np.std(reference), 0.001)``
    with the population standard deviation (``ddof=0``). For a (nearly) constant reference the
    floor 0.001 takes over, so the value is the raw distance times 1000: Evidently's guard,
    kept so that :func:`evidently_column_drift` reproduces Evidently.

    Parameters
    ----------
    reference, current : array-like of numbers, 1-D
        The two samples; no NaN or infinity.

    Returns
    -------
    float
        >= 0; Evidently calls drift from 0.1 (a tenth of a standard deviation) on.

    Raises
    ------
    ValueError
        On empty or non-1-D samples, non-numbers, NaN or infinity.

    Examples
    --------
    The reference has standard deviation 1 and the current sample is shifted by 0.5:

    >>> normalized_wasserstein([-1, 1], [-0.5, 1.5])
    0.5
    """
    pair = _check(reference, current, numeric=True, missing="refuse")
    return _normalized_wasserstein(pair.reference.to_numpy(), pair.current.to_numpy())


def _category_counts(r: pd.Series, c: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Counts of each sample over the union of the categories of both (same order)."""
    r_counts, c_counts = r.value_counts(), c.value_counts()
    keys = r_counts.index.append(c_counts.index).unique()
    return (r_counts.reindex(keys, fill_value=0).to_numpy(dtype=float),
            c_counts.reindex(keys, fill_value=0).to_numpy(dtype=float))


def _jensen_shannon(r: pd.Series, c: pd.Series) -> float:
    r_counts, c_counts = _category_counts(r, c)
    return float(distance.jensenshannon(r_counts / r.size, c_counts / c.size))


def jensen_shannon_categorical(reference: Any, current: Any) -> float:
    """Jensen-Shannon distance between the value proportions of two samples (no binning).

    Every distinct value is a category; the proportions are taken over the union of the
    categories of both samples, and :func:`scipy.spatial.distance.jensenshannon` (natural log)
    gives the distance, the square root of the divergence.

    Parameters
    ----------
    reference, current : array-like, 1-D
        The two samples (labels or numbers treated as labels); no missing values.

    Returns
    -------
    float
        In [0, sqrt(ln 2)] (about 0.833): 0 for equal proportions, sqrt(ln 2) when the samples
        share no category.

    Raises
    ------
    ValueError
        On empty or non-1-D samples, or missing values (NaN, None).

    Examples
    --------
    >>> jensen_shannon_categorical(["a", "b"], ["b", "a"])
    0.0
    >>> bool(np.isclose(jensen_shannon_categorical(["a"], ["b"]), np.sqrt(np.log(2))))
    True
    """
    pair = _check(reference, current, numeric=False, missing="refuse")
    return _jensen_shannon(pair.reference, pair.current)


# --------------------------------------------------------------------------------------------
# Evidently 0.7.23, legacy column typing
# --------------------------------------------------------------------------------------------


def _chisquare_pvalue(r: pd.Series, c: pd.Series) -> float:
    r_counts, c_counts = _category_counts(r, c)
    with np.errstate(divide="ignore", invalid="ignore"):  # a category new in current: p = 0
        return float(stats.chisquare(c_counts, r_counts * c.size / r.size).pvalue)


def _two_proportion_z_pvalue(r: pd.Series, c: pd.Series) -> float:
    keys = list(pd.concat([r, c], ignore_index=True).unique())
    if len(keys) == 1:  # both samples hold the same single value
        return 1.0
    try:
        keys = sorted(keys)
    except TypeError:  # incomparable labels: the order only flips the sign of z, not p
        pass
    x_r = np.mean(r.to_numpy() != keys[0])  # code the first category 0, the other 1
    x_c = np.mean(c.to_numpy() != keys[0])
    n_r, n_c = r.size, c.size
    pooled = (x_r * n_r + x_c * n_c) / (n_r + n_c)
    z = (x_r - x_c) / np.sqrt(pooled * (1 - pooled) * (1 / n_r + 1 / n_c))
    return float(2 * (1 - stats.norm.cdf(abs(z))))


def evidently_column_drift(
    reference: Any, current: Any, *, numeric: bool | None = None
) -> dict[str, Any]:
    """Evidently's default drift test of one column (0.7.23, legacy column typing).

    NaN and +-inf are dropped from each sample first; ``n`` is the number of reference rows
    left, ``unique`` the number of distinct values of both samples together.

    ======================== ================================= ================================
    column                   ``n <= 1000``                     ``n > 1000``
    ======================== ================================= ================================
    numeric, unique > 5      ``"ks"``: drift if p <= 0.05      ``"wasserstein"``: drift if
                                                               :func:`normalized_wasserstein`
                                                               >= 0.1
    categorical, or numeric  ``"chisquare"`` (unique > 2) or   ``"jensenshannon"``: drift if
    with unique <= 5         ``"z"`` (unique <= 2): drift if   the distance (natural log) over
                             p < 0.05 (strict)                 the categories >= 0.1
    ======================== ================================= ================================

    - chi-square: :func:`scipy.stats.chisquare` of the current counts against the reference
      counts times ``len(current) / len(reference)``, over the union of the categories; a
      category absent from the reference gives p = 0.
    - z: the two categories sorted, the first coded 0 and the other 1; pooled two-proportion z
      and ``p = 2 * (1 - Phi(|z|))``; p = 1 when both samples hold the same single value (the
      one case with a single distinct value).

    Parameters
    ----------
    reference, current : array-like, 1-D
        The column in the reference and in the current data.
    numeric : bool, optional
        Treat the column as numeric. By default, whether its dtype is numeric (Evidently's
        legacy API: every numeric dtype, integers with few values included); both samples
        must then agree. Only matters with more than 5 distinct values: below, numeric and
        categorical columns get the same test.

    Returns
    -------
    dict
        ``{"method": "ks" | "wasserstein" | "chisquare" | "z" | "jensenshannon",
        "value": float, "kind": "p_value" | "distance", "threshold": float, "drift": bool}``;
        ``value`` is the p-value of a test or the distance.

    Raises
    ------
    ValueError
        On empty or non-1-D samples, samples with only NaN/inf, dtypes that disagree (one
        numeric, one not), or ``numeric=True`` on values that are not numbers.

    Examples
    --------
    A small reference with more than 5 distinct numbers gets the KS test:

    >>> result = evidently_column_drift([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12])
    >>> result["method"], round(result["value"], 4), result["drift"]
    ('ks', 0.0022, True)

    A label that the reference never saw makes the chi-square p-value 0:

    >>> evidently_column_drift(["a", "b", "c"], ["a", "b", "d"])
    {'method': 'chisquare', 'value': 0.0, 'kind': 'p_value', 'threshold': 0.05, 'drift': True}
    """
    pair = _check(reference, current, numeric=numeric, missing="drop")
    r, c = pair.reference, pair.current
    n_unique = pd.concat([r, c], ignore_index=True).nunique()
    small = r.size <= EVIDENTLY_LARGE_REFERENCE
    if pair.numeric and n_unique > _MAX_DISCRETE_UNIQUE:
        if small:
            method, value = "ks", float(stats.ks_2samp(r.to_numpy(), c.to_numpy()).pvalue)
        else:
            method, value = "wasserstein", _normalized_wasserstein(r.to_numpy(), c.to_numpy())
    elif not small:
        method, value = "jensenshannon", _jensen_shannon(r, c)
    elif n_unique > 2:
        method, value = "chisquare", _chisquare_pvalue(r, c)
    else:
        method, value = "z", _two_proportion_z_pvalue(r, c)
    kind, threshold, is_drift = _RULES[method]
    return {"method": method, "value": value, "kind": kind, "threshold": threshold,
            "drift": bool(is_drift(value, threshold))}


def evidently_dataset_drift(
    reference_df: pd.DataFrame, current_df: pd.DataFrame, *, columns: Any = None
) -> dict[str, Any]:
    """Evidently's dataset drift: drift when at least half of the columns drifted.

    Each column is tested with :func:`evidently_column_drift` (its type from its dtype, as
    Evidently's legacy API); the data set drifts when the share of drifted columns is >= 0.5,
    so a tie (2 of 4) counts as drift. Every column given is compared: leave identifiers,
    timestamps, targets and predictions out through ``columns``.

    Parameters
    ----------
    reference_df, current_df : pandas.DataFrame
        Reference and current data, with the same columns (order may differ).
    columns : list of str, optional
        The columns to compare; all of them by default.

    Returns
    -------
    dict
        ``{"columns": {name: result of evidently_column_drift}, "n_columns": int,
        "n_drifted": int, "share_drifted": float, "dataset_drift": bool}``.

    Raises
    ------
    ValueError
        When an input is not a DataFrame, the frames have different (or duplicated) columns,
        ``columns`` is empty or names a column missing from a frame, or a column is invalid
        (see :func:`evidently_column_drift`; the message names the column).

    Examples
    --------
    >>> reference = pd.DataFrame({"plan": ["free", "pro"] * 5, "region": ["eu", "us"] * 5})
    >>> current = pd.DataFrame({"plan": ["pro"] * 10, "region": ["eu", "us"] * 5})
    >>> result = evidently_dataset_drift(reference, current)
    >>> result["n_drifted"], result["share_drifted"], result["dataset_drift"]
    (1, 0.5, True)
    """
    for name, frame in (("reference_df", reference_df), ("current_df", current_df)):
        if not isinstance(frame, pd.DataFrame):
            raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
        if not frame.columns.is_unique:
            raise ValueError(f"{name} has duplicated column names")
    ref_cols, cur_cols = list(reference_df.columns), list(current_df.columns)
    if columns is None:
        if set(ref_cols) != set(cur_cols):
            only_ref = [col for col in ref_cols if col not in set(cur_cols)]
            only_cur = [col for col in cur_cols if col not in set(ref_cols)]
            raise ValueError("reference_df and current_df have different columns: only in "
                             f"reference {only_ref}, only in current {only_cur}")
        columns = ref_cols
    else:
        columns = [columns] if isinstance(columns, str) else list(columns)
        missing = [col for col in columns if col not in ref_cols or col not in cur_cols]
        if missing:
            raise ValueError(f"columns missing from reference_df or current_df: {missing}")
    if len(columns) == 0:
        raise ValueError("no columns to compare: at least one is needed")
    results: dict[Any, dict[str, Any]] = {}
    for col in columns:
        try:
            results[col] = evidently_column_drift(reference_df[col], current_df[col])
        except ValueError as error:
            raise ValueError(f"column {col!r}: {error}") from None
    n_drifted = sum(result["drift"] for result in results.values())
    share = n_drifted / len(columns)
    return {"columns": results, "n_columns": len(columns), "n_drifted": int(n_drifted),
            "share_drifted": share, "dataset_drift": bool(share >= DATASET_DRIFT_SHARE)}


# --------------------------------------------------------------------------------------------
# NannyML 0.13.1
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ReferenceBins:
    """NannyML's Jensen-Shannon method fitted on the whole reference (NaN dropped)."""

    continuous: bool
    bins: np.ndarray  # Doane edges (continuous) or the reference categories
    reference_share: np.ndarray

    @classmethod
    def fit(cls, reference: pd.Series, continuous: bool) -> _ReferenceBins:
        if continuous:
            values = reference.to_numpy(dtype=float)
            edges = np.histogram_bin_edges(values, bins="doane")
            return cls(True, edges, np.histogram(values, bins=edges)[0] / values.size)
        counts = reference.value_counts()
        return cls(False, counts.index.to_numpy(), counts.to_numpy() / reference.size)

    def counts(self, sample: pd.Series) -> np.ndarray:
        if self.continuous:
            return np.histogram(sample.to_numpy(dtype=float), bins=self.bins)[0]
        return sample.value_counts().reindex(self.bins, fill_value=0).to_numpy()

    def distance(self, sample: pd.Series) -> float:
        """JS distance (base 2) of a sample (NaN dropped) to the reference; NaN if empty."""
        sample = sample.dropna()
        if sample.size == 0:
            return float("nan")
        counts = self.counts(sample)
        leftover = sample.size - counts.sum()  # outside the reference range / unseen labels
        share, reference = counts / sample.size, self.reference_share
        if leftover > 0:
            share = np.append(share, leftover / sample.size)
            reference = np.append(reference, 0.0)
        return float(distance.jensenshannon(reference, share, base=2))


def nannyml_univariate_drift(
    reference: Any, current: Any, *, chunks: int = 10, continuous: bool | None = None
) -> pd.DataFrame:
    """NannyML's default univariate drift of one column, chunk by chunk (0.13.1).

    - Measure: Jensen-Shannon distance with **base 2** (in [0, 1]) between each chunk and the
      whole reference, NaN dropped.
    - Continuous columns are binned with Doane's edges computed from the reference
      (``numpy.histogram_bin_edges(reference, bins="doane")``); values outside the reference
      range go to one extra bin. Categorical columns use the reference categories plus one
      extra bin for labels the reference never saw.
    - Chunks: ``current`` and ``reference`` are each split into ``chunks`` contiguous chunks,
      as equal as possible (:func:`numpy.array_split`). NannyML cuts chunks of
      ``len // chunks`` rows and handles the remainder apart; both agree when the number of
      rows is a multiple of ``chunks``.
    - Threshold: ``mean + 3 * std`` of the reference chunks' distances, with the **population**
      standard deviation (``np.std``, ``ddof=0``, as NannyML's StandardDeviationThreshold);
      no lower threshold and no fixed 0.1. A chunk alerts when its distance exceeds it
      (strictly). With ``chunks=1`` the only reference chunk is the reference itself, its
      distance is 0, and so is the threshold: any difference alerts.

    The reference chunks are compared with the reference they belong to, so their distances
    run lower than those of fresh data from the same distribution: a current sample drawn
    independently without any shift can still alert, the more so with many Doane bins and
    small chunks. A current sample equal to the reference does not alert with
    ``chunks <= 10``: none of ``k`` numbers lies more than ``sqrt(k - 1)`` population standard
    deviations above their mean (equality needs the other ``k - 1`` to be equal).

    Parameters
    ----------
    reference, current : array-like, 1-D
        The column in the reference period and in the period to monitor, in time order. NaN is
        dropped within each chunk; infinity is refused in a continuous column.
    chunks : int, default 10
        Number of chunks of each sample; >= 1 and at most the number of rows of each.
    continuous : bool, optional
        Bin the values as continuous. By default, whether the dtype is integer or float
        (NannyML: any int or float is continuous; booleans, strings and categories are not).

    Returns
    -------
    pandas.DataFrame
        One row per current chunk: ``chunk`` (0, 1, ...), ``start`` and ``stop`` (row
        positions in ``current``, ``stop`` excluded as in a slice), ``value`` (the distance;
        NaN for a chunk with no value), ``upper_threshold`` and ``alert`` (bool).

    Raises
    ------
    ValueError
        On empty or non-1-D samples, samples with only NaN, infinity in a continuous column,
        dtypes that disagree, ``chunks < 1`` or more chunks than rows, or a reference chunk
        with only NaN (the threshold would be undefined).

    Examples
    --------
    The current data repeat the reference, except the last fifth, shifted by 2:

    >>> reference = np.random.default_rng(0).normal(0, 1, 5_000)
    >>> current = np.concatenate([reference[:4_000], reference[4_000:] + 2])
    >>> result = nannyml_univariate_drift(reference, current, chunks=5)
    >>> result["alert"].tolist()
    [False, False, False, False, True]
    >>> nannyml_univariate_drift(["a", "b"], ["a", "b"], chunks=1)["upper_threshold"].item()
    0.0
    """
    chunks = _check_count(chunks, "chunks", 1)
    pair = _check(reference, current, numeric=continuous, missing="keep", bool_is_numeric=False)
    for name, sample in (("reference", pair.reference), ("current", pair.current)):
        if chunks > sample.size:
            raise ValueError(f"chunks ({chunks}) exceeds the number of rows of {name} "
                             f"({sample.size})")
    fitted = _ReferenceBins.fit(pair.reference.dropna(), pair.numeric)
    reference_values = np.array([fitted.distance(pair.reference.iloc[part])
                                 for part in np.array_split(np.arange(pair.reference.size),
                                                            chunks)])
    if np.isnan(reference_values).any():
        raise ValueError("a reference chunk holds only NaN: the threshold is undefined")
    upper = float(np.mean(reference_values)
                  + _NANNYML_STD_MULTIPLIER * np.std(reference_values))
    rows = []
    for k, part in enumerate(np.array_split(np.arange(pair.current.size), chunks)):
        value = fitted.distance(pair.current.iloc[part])
        rows.append({"chunk": k, "start": int(part[0]), "stop": int(part[-1]) + 1,
                     "value": value, "upper_threshold": upper, "alert": bool(value > upper)})
    return pd.DataFrame(rows, columns=["chunk", "start", "stop", "value", "upper_threshold",
                                       "alert"])
