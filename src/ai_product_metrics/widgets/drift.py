"""Module 3 explorer: inject a drift into two calm weeks and see which monitor notices.

:func:`drift_scenario` is the pure compute (tested on its own); :func:`drift_explorer` wraps it
in a drop-down (the kind of drift), a slider (its magnitude), a three-panel figure (the moved
feature, Evidently's default test per column, accuracy as the labels arrive) and a text
read-out.

The reference is the orders of weeks 1-2 of a production log, the current data the orders of
weeks 3-4: both are calm in every variant of ``make_production_log``, so whatever differs
between them is the drift chosen here (plus sampling noise). The current rows are transformed,
the deployed model scores them again, and their true outcomes are drawn again from the true
probabilities of the chosen world with one fixed uniform number per row: at magnitude 0 every
kind gives back the logged orders, and every number moves smoothly with the magnitude.

Everything that does not depend on the setting (the validated rows, the reference binning of
NannyML, each column's results without drift) is computed once per log by
:func:`_drift_context` and kept in a small cache, so a move of a control recomputes only the
columns the chosen kind changes.
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from scipy.optimize import brentq
from scipy.special import expit

from ..datasets.production import MODEL_COEFFICIENTS, WEATHER, WEATHER_SHARES, late_model_logit
from ..drift import (
    DATASET_DRIFT_SHARE,
    _ReferenceBins,
    evidently_column_drift,
    nannyml_univariate_drift,
    population_stability_index,
    psi_reading,
)
from ._base import PALETTE, DecisionStore, one_blas_thread, render_figure

__all__ = ["DRIFT_KINDS", "DriftScenario", "drift_explorer", "drift_scenario"]

#: The kinds of drift the explorer injects, in the drop-down's order.
DRIFT_KINDS = ("none", "covariate: distance", "covariate: weather", "prior: courier strike",
               "concept: new routing")
#: The monitored input columns: numeric first, then categorical.
FEATURES = ("distance_km", "basket_items", "courier_load", "weather", "city_zone")
NUMERIC_FEATURES = FEATURES[:3]
#: The column each kind moves (the figure's first panel); courier load when none moves.
MOVED_FEATURE = {"none": "courier_load", "covariate: distance": "distance_km",
                 "covariate: weather": "weather", "prior: courier strike": "courier_load",
                 "concept: new routing": "courier_load"}
#: The columns whose values each kind changes (when the magnitude is above 0).
CHANGED_FEATURES = {"none": (), "covariate: distance": ("distance_km",),
                    "covariate: weather": ("weather",), "prior: courier strike": ("courier_load",),
                    "concept: new routing": ()}
#: At magnitude 1 the strike multiplies courier load by 1.15 and adds 1.6 to the true log-odds.
STRIKE_LOAD_INCREASE = 0.15
STRIKE_LOGIT = 1.6
#: The new routing world at magnitude 1: coefficients of distance and courier load.
ROUTING_COEFFICIENTS = {"distance_km": 0.075, "courier_load": 4.0}
#: The accuracy alarm fires when accuracy falls below the reference accuracy minus this.
ALARM_DROP = 0.05
#: Accuracy is not computed on fewer labels than this.
MIN_LABELS = 500
#: Days after the start of the current period followed by the accuracy curve (0 to 27).
LABEL_DAYS = 28
NANNYML_CHUNKS = 10
REFERENCE_WEEKS, CURRENT_WEEKS = (1, 2), (3, 4)

_REQUIRED = ("day", "week", *FEATURES, "predicted_late", "late", "label_available_day")
_DRAW_SEED = 20260316  # the fixed per-row uniforms: the same for every setting
_CACHE_SIZE = 4
_METHOD_NAMES = {"wasserstein": "Wasserstein distance in reference std",
                 "jensenshannon": "Jensen-Shannon distance", "ks": "KS p-value",
                 "chisquare": "chi-square p-value", "z": "z-test p-value"}


@dataclass(frozen=True)
class DriftScenario:
    """What the drift explorer shows for one setting (built by :func:`drift_scenario`).

    Attributes
    ----------
    kind : str
        One of ``DRIFT_KINDS``.
    magnitude : float
        In [0, 1].
    moved_feature : str
        The column the kind moves (shown in the figure's first panel).
    reference, current : pandas.DataFrame
        The orders of weeks 1-2 (as logged) and of weeks 3-4 (transformed: inputs, ``score``,
        ``predicted_late`` and ``late`` as in the drifted world), each with a fresh index.
    features : pandas.DataFrame
        One row per column of ``FEATURES``: ``type`` ("numeric" / "categorical"), Evidently's
        default test (``method``, ``value``, ``threshold``, ``drift``), ``relative``, the
        statistic relative to its threshold, oriented so that 1 or more means beyond it
        (``value / threshold`` for a distance, ``threshold / value`` for a p-value), ``ks_pvalue``
        (:func:`scipy.stats.ks_2samp`, ``method="asymp"``) and ``psi`` with ``psi_reading``
        (numeric columns; missing, NaN, for the categorical ones),
        ``nannyml_alerts`` (alerting chunks out of ``nannyml_chunks`` = 10) and
        ``nannyml_alert`` (any alert).
    n_drifted, share_drifted, dataset_drift : int, float, bool
        Evidently's dataset drift: drifted columns, their share, and whether it is >= 0.5.
    reference_late_rate, current_late_rate : float
        Share of late orders.
    reference_accuracy, current_accuracy : float
        Accuracy of ``predicted_late`` (all labels known).
    labels : pandas.DataFrame
        Accuracy as labels arrive: one row per ``day`` 0-27 after the first day of the current
        period, with ``labels_known`` (current orders whose ``label_available_day`` is at most
        that day) and ``accuracy`` on them (NaN while fewer than 500 labels are known).
    alarm_level : float
        ``reference_accuracy - 0.05``: the alarm fires when accuracy falls below it.
    alarm_day : int or None
        The first day of ``labels`` with accuracy below ``alarm_level``; None if none.
    text : str
        The read-out, in words and numbers.
    """

    kind: str
    magnitude: float
    moved_feature: str
    reference: pd.DataFrame
    current: pd.DataFrame
    features: pd.DataFrame
    n_drifted: int
    share_drifted: float
    dataset_drift: bool
    reference_late_rate: float
    current_late_rate: float
    reference_accuracy: float
    current_accuracy: float
    labels: pd.DataFrame
    alarm_level: float
    alarm_day: int | None
    text: str


# --------------------------------------------------------------------------------------------
# what does not depend on the setting, once per log
# --------------------------------------------------------------------------------------------


class _Context:
    """The validated reference and current rows and every result that no setting changes."""

    def __init__(self, reference: pd.DataFrame, current: pd.DataFrame) -> None:
        self.reference, self.current = reference, current
        self.reference_logit = late_model_logit(reference)  # validates the inputs
        self.current_logit = late_model_logit(current)
        self.weather_codes = pd.Index(WEATHER).get_indexer(current["weather"])
        n = len(current)
        draw_weather, draw_label = np.random.default_rng(_DRAW_SEED).random((2, n))
        # Uniforms coupled to the logged values: the weather's within its calm interval, the
        # label's below its true probability when late and above it otherwise. Each is
        # uniform on [0, 1], and at magnitude 0 they give back the logged weather and labels.
        calm_edges = np.concatenate([[0.0], np.cumsum(WEATHER_SHARES["calm"])])
        low = calm_edges[self.weather_codes]
        self.weather_u = low + (1 - draw_weather) * (calm_edges[self.weather_codes + 1] - low)
        p_logged = expit(self.current_logit)
        late = current["late"].to_numpy() == 1
        self.label_u = np.where(late, p_logged * draw_label,
                                p_logged + (1 - p_logged) * (1 - draw_label))
        # concept drift: the change of the true log-odds at magnitude 1, without intercept
        c = MODEL_COEFFICIENTS

        def routing_change(frame: pd.DataFrame) -> np.ndarray:
            return sum((ROUTING_COEFFICIENTS[col] - c[col]) * frame[col].to_numpy(dtype=float)
                       for col in ROUTING_COEFFICIENTS)

        self.routing_reference, self.routing_current = (routing_change(reference),
                                                        routing_change(current))
        self.reference_rate = float(expit(self.reference_logit).mean())
        self._intercepts: dict[float, float] = {0.0: 0.0}
        # labels arriving: current orders by label day, and how many are known each day
        first_day = 7 * (CURRENT_WEEKS[0] - 1)
        label_day = current["label_available_day"].to_numpy()
        self.label_order = np.argsort(label_day, kind="stable")
        self.labels_known = np.searchsorted(label_day[self.label_order],
                                            first_day + np.arange(LABEL_DAYS), side="right")
        self.reference_accuracy = float((reference["predicted_late"] == reference["late"]).mean())
        # each column without drift, and NannyML's reference binning and threshold
        self.nannyml: dict[str, tuple[_ReferenceBins, float]] = {}
        self.base: dict[str, dict[str, Any]] = {}
        for col in FEATURES:
            result = nannyml_univariate_drift(reference[col], current[col],
                                              chunks=NANNYML_CHUNKS)
            bins = _ReferenceBins.fit(_as_sample(reference[col]).dropna(),
                                      col in NUMERIC_FEATURES)
            self.nannyml[col] = (bins, float(result["upper_threshold"].iloc[0]))
            self.base[col] = _column(self, col, current[col], nannyml=result["alert"].to_numpy())

    def intercept(self, m: float) -> float:
        """Intercept change that keeps the reference's late rate in the routing world at m."""
        if m not in self._intercepts:
            if len(self._intercepts) > 1000:  # the widget needs 21; a caller may try more
                self._intercepts = {0.0: 0.0}
            logit = self.reference_logit + m * self.routing_reference
            self._intercepts[m] = float(brentq(
                lambda b: expit(logit + b).mean() - self.reference_rate, -30, 30, xtol=1e-12))
        return self._intercepts[m]


def _as_sample(values: pd.Series) -> pd.Series:
    """A column as the drift functions see it: fresh index, numbers as float."""
    values = values.reset_index(drop=True)
    return values.astype(float) if pd.api.types.is_numeric_dtype(values) else values


def _column(ctx: _Context, col: str, current: pd.Series,
            nannyml: np.ndarray | None = None) -> dict[str, Any]:
    """One row of the features table for the current values ``current`` of ``col``."""
    reference = ctx.reference[col]
    evidently = evidently_column_drift(reference, current)
    if evidently["kind"] == "distance":
        relative = evidently["value"] / evidently["threshold"]
    else:
        relative = (evidently["threshold"] / evidently["value"] if evidently["value"] > 0
                    else math.inf)
    if nannyml is None:  # the reference binning and threshold are kept: chunks only
        bins, upper = ctx.nannyml[col]
        sample = _as_sample(current)
        values = np.array([bins.distance(sample.iloc[part]) for part in
                           np.array_split(np.arange(sample.size), NANNYML_CHUNKS)])
        nannyml = values > upper
    numeric = col in NUMERIC_FEATURES
    if numeric:
        # asymptotic: scipy's exact method takes ~0.1 s on two samples of 5,000 orders
        ks_pvalue = float(stats.ks_2samp(reference.to_numpy(dtype=float),
                                         current.to_numpy(dtype=float), method="asymp").pvalue)
        psi = population_stability_index(reference, current)
    else:
        ks_pvalue = psi = math.nan
    return {"type": "numeric" if numeric else "categorical", "method": evidently["method"],
            "value": evidently["value"], "threshold": evidently["threshold"],
            "drift": evidently["drift"], "relative": relative, "ks_pvalue": ks_pvalue,
            "psi": psi, "psi_reading": psi_reading(psi) if numeric else None,
            "nannyml_alerts": int(np.sum(nannyml)), "nannyml_chunks": NANNYML_CHUNKS,
            "nannyml_alert": bool(np.any(nannyml))}


_CONTEXTS: OrderedDict[str, _Context] = OrderedDict()


def _drift_context(log: Any) -> _Context:
    """Validate ``log`` and return its context (cached by the content of weeks 1-4)."""
    if not isinstance(log, pd.DataFrame):
        raise ValueError(f"log must be a pandas DataFrame (make_production_log), got "
                         f"{type(log).__name__}")
    missing = [col for col in _REQUIRED if col not in log.columns]
    if missing:
        raise ValueError(f"log lacks the columns {missing} (see make_production_log)")
    rows = log[log["week"].isin(REFERENCE_WEEKS + CURRENT_WEEKS).to_numpy()]
    present = set(np.unique(rows["week"].to_numpy()).tolist())
    if present != {*REFERENCE_WEEKS, *CURRENT_WEEKS}:
        raise ValueError("log must hold weeks 1 to 4 (reference: weeks 1-2, current: weeks 3-4);"
                         f" of these it holds {sorted(present) or 'none'}")
    content = pd.util.hash_pandas_object(rows, index=False).to_numpy().tobytes()
    digest = hashlib.blake2b(content + repr(rows.dtypes.to_dict()).encode(),
                             digest_size=16).hexdigest()
    if digest in _CONTEXTS:
        _CONTEXTS.move_to_end(digest)
        return _CONTEXTS[digest]
    reference = rows[rows["week"].isin(REFERENCE_WEEKS)].reset_index(drop=True)
    current = rows[rows["week"].isin(CURRENT_WEEKS)].reset_index(drop=True)
    for name, frame in (("reference (weeks 1-2)", reference), ("current (weeks 3-4)", current)):
        if len(frame) < NANNYML_CHUNKS:
            raise ValueError(f"the {name} holds {len(frame)} orders: at least "
                             f"{NANNYML_CHUNKS} are needed (one per NannyML chunk)")
        for col in ("predicted_late", "late"):
            if not frame[col].isin([0, 1]).all():
                raise ValueError(f"{col} must hold only 0 and 1")
        if not np.isfinite(frame["label_available_day"].to_numpy(dtype=float)).all():
            raise ValueError("label_available_day must be finite")
    ctx = _Context(reference, current)
    _CONTEXTS[digest] = ctx
    while len(_CONTEXTS) > _CACHE_SIZE:
        _CONTEXTS.popitem(last=False)
    return ctx


# --------------------------------------------------------------------------------------------
# one setting
# --------------------------------------------------------------------------------------------


def _check_setting(kind: Any, magnitude: Any) -> tuple[str, float]:
    if not isinstance(kind, str) or kind not in DRIFT_KINDS:
        raise ValueError(f"kind must be one of {list(DRIFT_KINDS)}, got {kind!r}")
    if not isinstance(magnitude, numbers.Real) or isinstance(magnitude, (bool, np.bool_)) \
            or not 0 <= magnitude <= 1:  # also refuses NaN
        raise ValueError(f"magnitude must be a number in [0, 1], got {magnitude!r}")
    return kind, float(magnitude)


def _weather_shares(m: float) -> np.ndarray:
    return ((1 - m) * np.array(WEATHER_SHARES["calm"])
            + m * np.array(WEATHER_SHARES["spell"]))


def drift_scenario(log: Any, kind: str, magnitude: float) -> DriftScenario:
    """Inject a drift of some kind and magnitude into weeks 3-4 of a log and monitor it.

    Reference: the orders of weeks 1-2, never changed. Current: the orders of weeks 3-4,
    transformed (``m`` is the magnitude):

    - ``"none"``: as logged.
    - ``"covariate: distance"``: ``distance_km * (1 + m)``, exactly (no rounding, no clipping).
    - ``"covariate: weather"``: the weather redrawn with shares ``(1 - m) * calm + m * spell``
      (``WEATHER_SHARES``) from one fixed uniform number per order.
    - ``"prior: courier strike"``: ``courier_load * (1 + 0.15 m)``, and the true log-odds of
      "late" + 1.6 m, which the model does not see.
    - ``"concept: new routing"``: no input moves; the true log-odds move ``m`` of the way from
      the deployed model to the new routing world (coefficient of distance 0.9 -> 0.075, of
      courier load 1.5 -> 4.0), the intercept re-solved (``brentq``) so that the reference's
      late rate stays the same.

    In every case the fixed deployed model scores the current inputs again (``score``,
    ``predicted_late``), and the true outcome ``late`` is drawn again as ``u < p`` with ``p``
    the true probability and one fixed uniform ``u`` per order, coupled to the logged label:
    at ``m = 0`` every kind gives back the logged rows. The label delay is kept.

    The monitors: Evidently's default test per column and its dataset drift
    (:func:`~ai_product_metrics.drift.evidently_column_drift`), NannyML's default univariate
    drift in 10 chunks (:func:`~ai_product_metrics.drift.nannyml_univariate_drift`), the KS
    p-value and the PSI (:func:`~ai_product_metrics.drift.population_stability_index`) of the
    numeric columns, and the model's accuracy as the labels arrive.

    Parameters
    ----------
    log : pandas.DataFrame
        A production log (``make_production_log``) covering weeks 1-4.
    kind : str
        One of ``DRIFT_KINDS``.
    magnitude : float in [0, 1]
        How much of the drift is injected.

    Returns
    -------
    DriftScenario

    Raises
    ------
    ValueError
        When ``log`` is not a DataFrame, lacks a column, does not hold weeks 1-4 or holds
        invalid values, ``kind`` is unknown, or ``magnitude`` is not a number in [0, 1].

    Examples
    --------
    >>> from ai_product_metrics.datasets import make_production_log
    >>> log = make_production_log(random_state=0, n_weeks=12, orders_per_day=100)
    >>> calm = drift_scenario(log, "none", 0.0)
    >>> bool((calm.current["late"] == log.loc[log["week"].isin([3, 4]), "late"].to_numpy()).all())
    True
    >>> farther = drift_scenario(log, "covariate: distance", 0.5)
    >>> bool((farther.current["distance_km"] == calm.current["distance_km"] * 1.5).all())
    True
    >>> row = farther.features.loc["distance_km"]  # about 1,400 reference rows: a distance
    >>> str(row["method"]), round(float(row["value"]), 3), bool(row["drift"])
    ('wasserstein', 0.791, True)
    >>> routing = drift_scenario(log, "concept: new routing", 1.0)
    >>> int(routing.n_drifted), bool(routing.current_accuracy < calm.current_accuracy - 0.03)
    (0, True)
    """
    kind, m = _check_setting(kind, magnitude)
    return _scenario(_drift_context(log), kind, m)


def _scenario(ctx: _Context, kind: str, m: float) -> DriftScenario:
    """:func:`drift_scenario` for an already validated log and setting."""
    base = ctx.current
    current = base.copy()
    changed = CHANGED_FEATURES[kind] if m > 0 else ()
    extra_logit: float | np.ndarray = 0.0
    if m > 0 and kind == "covariate: distance":
        current["distance_km"] = base["distance_km"] * (1 + m)
    elif m > 0 and kind == "covariate: weather":
        edges = np.cumsum(_weather_shares(m))[:-1]
        codes = (ctx.weather_u[:, None] > edges).sum(axis=1)
        current["weather"] = np.asarray(WEATHER, dtype=object)[codes]
    elif m > 0 and kind == "prior: courier strike":
        current["courier_load"] = base["courier_load"] * (1 + STRIKE_LOAD_INCREASE * m)
        extra_logit = STRIKE_LOGIT * m
    elif m > 0 and kind == "concept: new routing":
        extra_logit = m * ctx.routing_current + ctx.intercept(m)
    model_logit = late_model_logit(current) if changed else ctx.current_logit
    score = np.round(expit(model_logit), 4)
    current["score"] = score
    current["predicted_late"] = (score >= 0.5).astype(np.int64)
    current["late"] = (ctx.label_u < expit(model_logit + extra_logit)).astype(np.int64)

    rows = {col: _column(ctx, col, current[col]) if col in changed else ctx.base[col]
            for col in FEATURES}
    features = pd.DataFrame.from_dict(rows, orient="index")
    features.index.name = "feature"
    n_drifted = int(features["drift"].sum())
    share = n_drifted / len(FEATURES)

    correct = (current["predicted_late"] == current["late"]).to_numpy()
    known = ctx.labels_known
    right = np.concatenate([[0], np.cumsum(correct[ctx.label_order])])[known]
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.where(known >= MIN_LABELS, right / known, np.nan)
    labels = pd.DataFrame({"day": np.arange(LABEL_DAYS), "labels_known": known.astype(np.int64),
                           "accuracy": accuracy})
    alarm_level = ctx.reference_accuracy - ALARM_DROP
    below = np.flatnonzero(accuracy < alarm_level)
    fields = {
        "kind": kind, "magnitude": m, "moved_feature": MOVED_FEATURE[kind],
        "reference": ctx.reference.copy(), "current": current, "features": features,
        "n_drifted": n_drifted, "share_drifted": share,
        "dataset_drift": bool(share >= DATASET_DRIFT_SHARE),
        "reference_late_rate": float(ctx.reference["late"].mean()),
        "current_late_rate": float(current["late"].mean()),
        "reference_accuracy": ctx.reference_accuracy,
        "current_accuracy": float(correct.mean()), "labels": labels,
        "alarm_level": alarm_level, "alarm_day": int(below[0]) if below.size else None,
    }
    return DriftScenario(**fields, text=_text(ctx, fields))


# --------------------------------------------------------------------------------------------
# the read-out
# --------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.3f}" if value == 0 or abs(value) >= 0.001 else f"{value:.1e}"


def _verdict(row: pd.Series) -> str:
    """E.g. 'Wasserstein distance in reference std 0.352 >= 0.1'."""
    p_value = row["method"] in ("ks", "chisquare", "z")
    if row["drift"]:
        sign = "<=" if row["method"] == "ks" else "<" if p_value else ">="
    else:
        sign = ">" if row["method"] == "ks" else ">=" if p_value else "<"
    return f"{_METHOD_NAMES[row['method']]} {_number(row['value'])} {sign} {row['threshold']:g}"


def _transform_text(kind: str, m: float, fields: dict[str, Any]) -> str:
    if kind == "none" or m == 0:
        return ("No drift: the current orders (weeks 3-4) are compared, as logged, with the "
                "reference orders (weeks 1-2).")
    if kind == "covariate: distance":
        return (f"Covariate shift: every current order comes from {m:.0%} farther away "
                f"(distance_km x {1 + m:.2f}); what makes an order late does not change.")
    if kind == "covariate: weather":
        clear, rain, snow = _weather_shares(m)
        return (f"Covariate shift: the weather is {m:.0%} of the way from the calm mix (70% "
                f"clear, 22% rain, 8% snow) to a bad spell (30%, 50%, 20%), i.e. {clear:.0%} "
                f"clear, {rain:.0%} rain, {snow:.0%} snow; what makes an order late does not "
                "change.")
    if kind == "prior: courier strike":
        return (f"Prior shift (courier strike, {m:.0%}): courier_load x "
                f"{1 + STRIKE_LOAD_INCREASE * m:.3f}, and the true odds of a late order x "
                f"{math.exp(STRIKE_LOGIT * m):.2f}, which the model cannot see: the late rate "
                f"goes from {fields['reference_late_rate']:.1%} (reference) to "
                f"{fields['current_late_rate']:.1%}.")
    c = MODEL_COEFFICIENTS
    new = {col: c[col] + m * (ROUTING_COEFFICIENTS[col] - c[col]) for col in ROUTING_COEFFICIENTS}
    return (f"Concept drift (new routing, {m:.0%} of the way): in the true log-odds the weight "
            f"of distance_km falls from {c['distance_km']:.2f} to {new['distance_km']:.2f} and "
            f"that of courier_load rises from {c['courier_load']:.2f} to "
            f"{new['courier_load']:.2f}, the late rate kept about the same "
            f"({fields['current_late_rate']:.1%} vs {fields['reference_late_rate']:.1%}); no "
            "input moves.")


def _text(ctx: _Context, fields: dict[str, Any]) -> str:
    kind, m, table = fields["kind"], fields["magnitude"], fields["features"]
    parts = [_transform_text(kind, m, fields)]
    flagged = table.index[table["drift"]].tolist()
    n = len(table)
    if flagged:
        parts.append(f"Evidently's default tests flag {len(flagged)} of {n} columns: "
                     + "; ".join(f"{col} ({_verdict(table.loc[col])})" for col in flagged)
                     + ".")
    else:
        closest = table["relative"].idxmax()
        parts.append(f"Evidently's default tests flag none of the {n} columns (closest: "
                     f"{closest}, {_verdict(table.loc[closest])}).")
    parts.append(f"Dataset drift: {'yes' if fields['dataset_drift'] else 'no'} "
                 f"({fields['share_drifted']:.0%} of the columns drifted; Evidently needs "
                 f"{DATASET_DRIFT_SHARE:.0%}).")
    alerting = [col for col in table.index if col in flagged or table.loc[col, "nannyml_alert"]]
    if alerting:
        parts.append("NannyML alerts (10 chunks, threshold learned on the reference): "
                     + "; ".join(f"{col} in {table.loc[col, 'nannyml_alerts']} of "
                                 f"{NANNYML_CHUNKS} chunks" for col in alerting) + ".")
    else:
        parts.append("NannyML raises no alert on any column (10 chunks each).")
    moved = fields["moved_feature"]
    if moved in NUMERIC_FEATURES:
        row = table.loc[moved]
        parts.append(f"PSI of {moved}: {row['psi']:.3f} ({row['psi_reading']}).")
    else:
        bad = [(frame[moved] != "clear").mean() for frame in (ctx.reference,
                                                              fields["current"])]
        parts.append(f"{moved} is categorical (no PSI): rain or snow on {bad[0]:.1%} of the "
                     f"reference orders and {bad[1]:.1%} of the current ones.")
    parts.append(f"Accuracy of the late warning: {fields['reference_accuracy']:.1%} on the "
                 f"reference, {fields['current_accuracy']:.1%} on the current orders once all "
                 "their labels are known.")
    level, day = fields["alarm_level"], fields["alarm_day"]
    if day is None:
        parts.append(f"An alarm below {level:.1%} (reference minus 5 points) never fires within "
                     f"{LABEL_DAYS - 1} days of the current period's start.")
    else:
        known = int(fields["labels"]["labels_known"].iloc[day])
        parts.append(f"An alarm below {level:.1%} (reference minus 5 points) fires on day "
                     f"{day} after the current period's start, with {known:,} labels known.")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# the widget
# --------------------------------------------------------------------------------------------

#: Widest bar of the Evidently panel (statistic / threshold); longer bars are cut there.
_RELATIVE_MAX = 3.0
_ACCURACY_LIMITS = (0.4, 1.08)  # above 1: a band for the legend


def _density(values: pd.Series, edges: np.ndarray) -> np.ndarray:
    """Share of all the orders per unit, bin by bin (orders beyond the last edge not shown)."""
    return np.histogram(values.to_numpy(dtype=float), bins=edges)[0] / (len(values)
                                                                         * np.diff(edges))


def _shares(values: pd.Series) -> np.ndarray:
    return values.value_counts(normalize=True).reindex(WEATHER, fill_value=0.0).to_numpy()


class _Figure:
    """The explorer's three panels for one kind; :meth:`show` moves them to a magnitude.

    Built once per kind (a new kind builds a new figure). What the magnitude moves is animated
    (see ``LiveFigure``): the current distribution of the moved feature, the bar and label of
    the column the kind changes, the accuracy curve, the alarm marker and the second panel's
    title. The rest (the reference, the other columns' bars, the threshold, the accuracy
    levels and the first panel's title, which names the kind) stays in the kept background.
    Each animated artist lies above every static artist it may cover (zorder), so the picture
    is the one a full redraw gives.
    """

    def __init__(self, scenario: DriftScenario) -> None:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        from ._live import LiveFigure

        fig = LiveFigure(figsize=(6.6, 8.6), dpi=90)
        fig.subplots_adjust(left=0.19, right=0.97, bottom=0.06, top=0.965, hspace=0.5)
        self.ax_moved, self.ax_tests, self.ax_accuracy = fig.subplots(
            3, 1, gridspec_kw={"height_ratios": [1, 1.2, 1]})
        self.figure, self.kind, self.moved = fig, scenario.kind, scenario.moved_feature
        self.changed = CHANGED_FEATURES[self.kind]
        reference, current = scenario.reference[self.moved], scenario.current[self.moved]
        ref_style = {"facecolor": PALETTE["sky"], "edgecolor": PALETTE["blue"], "hatch": "//",
                     "alpha": 0.6, "label": "reference (weeks 1-2), hatched"}
        moving: list[Any] = []

        # 1. the moved feature
        ax = self.ax_moved
        if self.moved in NUMERIC_FEATURES:
            widest = {"covariate: distance": 2.0,
                      "prior: courier strike": 1 + STRIKE_LOAD_INCREASE}.get(self.kind, 1.0)
            self.edges = np.linspace(0.0, float(np.quantile(reference, 0.995)) * widest, 41)
            densities = [_density(x, self.edges) for x in (reference, current)]
            ax.stairs(densities[0], self.edges, fill=True, **ref_style)
            self.current_dist = ax.stairs(
                densities[1], self.edges, fill=False, color=PALETTE["vermillion"],
                linestyle="--", linewidth=2, label="current (weeks 3-4), dashed", gid="current",
                zorder=3)
            ax.set_xlabel(self.moved + (" (km)" if self.moved == "distance_km"
                                        else " (open orders per courier)"))
            ax.set_ylabel("share of orders per unit")
            ax.set_ylim(0, 1.3 * max(d.max() for d in densities))
            current_artists = [self.current_dist]
        else:
            x = np.arange(len(WEATHER))
            ax.bar(x - 0.2, _shares(reference), width=0.38, **ref_style)
            self.current_dist = list(ax.bar(
                x + 0.2, _shares(current), width=0.38, facecolor=PALETTE["vermillion"],
                edgecolor=PALETTE["black"], hatch="..", label="current (weeks 3-4), dotted",
                gid="current", zorder=3))
            for xi, share in zip(x, _shares(reference), strict=True):
                ax.text(xi - 0.2, share + 0.02, f"{share:.0%}", ha="center", fontsize=8)
            self.share_texts = [ax.text(xi + 0.2, 0, "", ha="center", fontsize=8, zorder=4)
                                for xi in x]
            ax.set_xticks(x, WEATHER)
            ax.set_ylabel("share of orders")
            ax.set_ylim(0, 1)
            current_artists = [*self.current_dist, *self.share_texts]
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        # the title names the kind, not the magnitude: the slider shows that, the read-out its
        # numbers (a changing title would cost a tenth of the update: matplotlib 3.11 draws
        # text slowly)
        name = {"covariate: distance": "distances stretched", "covariate: weather":
                "weather turning bad", "prior: courier strike": "courier strike",
                "concept: new routing": "new routing: no input moves"}.get(self.kind, "no drift")
        ax.set_title(f"{self.moved}: reference vs current ({name})", fontsize=10)
        if self.moved in self.changed:
            moving += current_artists
        else:  # the current data never move: drawn once, in the background
            self._show_moved(current)

        # 2. Evidently's test per column, relative to its threshold; the threshold line lies
        # behind the bars (a long bar hides it) so that no static artist covers a moving bar
        ax = self.ax_tests
        y = np.arange(len(FEATURES))
        # each label sits just above its bar, clear of the bar above (no overlap: a moving
        # bar is never covered by a static label)
        self.bars = dict(zip(FEATURES, ax.barh(y, np.zeros(len(FEATURES)), height=0.35,
                                               edgecolor=PALETTE["black"], zorder=3),
                             strict=True))
        self.bar_texts = {col: ax.text(0.02, yi - 0.2, "", fontsize=7.5, va="bottom", zorder=5,
                                       bbox={"facecolor": "white", "edgecolor": "none",
                                             "alpha": 0.85, "pad": 1})
                          for col, yi in zip(FEATURES, y, strict=True)}
        ax.axvline(1.0, ymin=0.18, color=PALETTE["black"], linestyle="--", linewidth=1.2,
                   zorder=2)
        ax.set_yticks(y, FEATURES)
        ax.set_ylim(len(FEATURES) + 0.6, -0.8)  # a free band at the bottom for the legend
        ax.set_xlim(0, _RELATIVE_MAX)
        ax.set_xlabel("statistic relative to its threshold (1 = threshold, dashed)")
        ax.legend(handles=[Patch(facecolor=PALETTE["vermillion"], edgecolor=PALETTE["black"],
                                 hatch="xx", label="drift (hatched)"),
                           Patch(facecolor=PALETTE["sky"], edgecolor=PALETTE["black"],
                                 label="no drift"),
                           Line2D([], [], color=PALETTE["black"], linestyle="--",
                                  label="threshold")],
                  loc="lower center", ncol=3, fontsize=7.5, frameon=False)
        for col, row in scenario.features.iterrows():
            self._show_column(col, row)
            if col in self.changed:
                moving += [self.bars[col], self.bar_texts[col]]

        # 3. accuracy as labels arrive
        ax = self.ax_accuracy
        (self.curve,) = ax.plot(scenario.labels["day"], scenario.labels["accuracy"],
                                color=PALETTE["blue"], linestyle="-", marker="o", markersize=4,
                                label="current, labels known so far", gid="current", zorder=4)
        ax.axhline(scenario.reference_accuracy, color=PALETTE["black"], linestyle="--",
                   linewidth=1, label=f"reference {scenario.reference_accuracy:.1%}")
        ax.axhline(scenario.alarm_level, color=PALETTE["vermillion"], linestyle=":",
                   linewidth=1.5, label=f"alarm below {scenario.alarm_level:.1%}")
        self.alarm_line = ax.axvline(0, ymax=0.8, color=PALETTE["vermillion"], linestyle="-.",
                                     linewidth=1.2, zorder=3)  # below the legend's band
        self.alarm_text = ax.text(0.02, 0.05, "", transform=ax.transAxes, fontsize=8, zorder=5,
                                  bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        ax.set_xlim(-0.5, LABEL_DAYS - 0.5)
        ax.set_ylim(*_ACCURACY_LIMITS)
        ax.set_yticks(np.arange(0.4, 1.01, 0.1))
        ax.set_xlabel("days since the current period started")
        ax.set_ylabel("accuracy of the warning")
        ax.set_title("Accuracy as the labels arrive (none shown under 500 labels)",
                     fontsize=10)
        ax.legend(loc="upper center", ncol=3, fontsize=7.5, frameon=False)
        moving += [self.alarm_line, self.curve, self.alarm_text, self.ax_tests.title]
        fig.animate(*moving)

    def _show_moved(self, current: pd.Series) -> bool:
        """Panel 1's current data; True when the limits had to grow."""
        if self.moved in NUMERIC_FEATURES:
            density = _density(current, self.edges)
            self.current_dist.set_data(density)
            if density.max() > self.ax_moved.get_ylim()[1]:
                self.ax_moved.set_ylim(0, 1.3 * density.max())
                return True
            return False
        for bar, text, share in zip(self.current_dist, self.share_texts, _shares(current),
                                    strict=True):
            bar.set_height(share)
            text.set_y(share + 0.02)
            text.set_text(f"{share:.0%}")
        return False

    def _show_column(self, col: str, row: pd.Series) -> None:
        """Panel 2's bar and label of one column."""
        bar, text = self.bars[col], self.bar_texts[col]
        bar.set_width(min(row["relative"], _RELATIVE_MAX))
        bar.set_facecolor(PALETTE["vermillion"] if row["drift"] else PALETTE["sky"])
        bar.set_hatch("xx" if row["drift"] else None)
        cut = " (bar cut)" if row["relative"] > _RELATIVE_MAX else ""
        text.set_text(f"{'DRIFT: ' if row['drift'] else ''}{row['method']} "
                      f"{_number(row['value'])} vs {row['threshold']:g}{cut}; NannyML "
                      f"{row['nannyml_alerts']}/{row['nannyml_chunks']} chunks")

    def show(self, scenario: DriftScenario) -> Any:
        """Move the figure to ``scenario`` (of the same kind and log) and return it."""
        grown = self.moved in self.changed and self._show_moved(scenario.current[self.moved])
        for col in self.changed:
            self._show_column(col, scenario.features.loc[col])
        self.ax_tests.set_title(
            f"Evidently flags {scenario.n_drifted} of {len(FEATURES)} columns: dataset drift "
            f"{'yes' if scenario.dataset_drift else 'no'}", fontsize=10)

        accuracy = scenario.labels["accuracy"].to_numpy()
        self.curve.set_ydata(accuracy)
        low, high = self.ax_accuracy.get_ylim()
        shown = accuracy[np.isfinite(accuracy)]
        if shown.size and (shown.min() < low or shown.max() > high):
            self.ax_accuracy.set_ylim(min(low, shown.min() - 0.05), max(high, shown.max()))
            grown = True
        day = scenario.alarm_day
        self.alarm_line.set_visible(day is not None)
        if day is not None:
            self.alarm_line.set_xdata([day, day])
            self.alarm_text.set_text(f"alarm fires on day {day} (dash-dot line)")
        else:
            self.alarm_text.set_text(f"no alarm within {LABEL_DAYS - 1} days")
        if grown:
            self.figure.invalidate()
        return self.figure


def _start_setting(store: DecisionStore, key: str) -> tuple[str, float]:
    """The stored (kind, magnitude) if usable, else ("none", 0.0)."""
    stored = store.get(key, {})
    kind, m = stored.get("kind"), stored.get("magnitude")
    if (isinstance(kind, str) and kind in DRIFT_KINDS and isinstance(m, (int, float))
            and not isinstance(m, bool) and math.isfinite(m) and 0 <= m <= 1):
        return kind, round(float(m), 2)
    return "none", 0.0


def drift_explorer(log: Any, *, decision_key: str = "m3_drift_setting") -> Any:
    """Build (do not display) the drift explorer.

    A drop-down chooses the kind of drift (``DRIFT_KINDS``) and a slider its magnitude (0 to
    100 % in steps of 5 %); both are keyboard-operable: Tab to focus, the arrow keys move the
    slider; Space opens the drop-down, the arrow keys choose and Enter confirms (in
    JupyterLab a plain Up or Down arrow on a closed drop-down moves to another cell).
    The figure shows the moved feature (reference hatched, current dashed), Evidently's
    default test of every column relative to its threshold (drifted bars hatched and
    labelled), and the accuracy of the current orders as their labels arrive, with the
    reference accuracy and the alarm level; the read-out beside it states the same numbers
    in words (:func:`drift_scenario`).

    The setting is saved to ``decisions.json`` beside the notebook when you move a control
    and read back when the widget is rebuilt; read it with ``explorer.value``.

    Parameters
    ----------
    log : pandas.DataFrame
        A production log (``make_production_log``) covering weeks 1-4.
    decision_key : str, default "m3_drift_setting"
        Name under which the setting is saved.

    Returns
    -------
    ipywidgets.VBox
        The explorer, with a ``value`` property: ``{"kind": str, "magnitude": float}`` (the
        magnitude rounded to 2 decimals).

    Raises
    ------
    ValueError
        On a bad log (see :func:`drift_scenario`) or an empty ``decision_key``.

    Examples
    --------
    >>> from ai_product_metrics.datasets import make_production_log
    >>> log = make_production_log(random_state=0, n_weeks=12, orders_per_day=100)
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the image is text
    ...     explorer = drift_explorer(log, decision_key="doctest_m3_drift")
    >>> explorer.value
    {'kind': 'none', 'magnitude': 0.0}
    """
    import ipywidgets as widgets

    from ._slider import FloatSlider

    if not isinstance(decision_key, str) or not decision_key:
        raise ValueError("decision_key must be a non-empty string")
    ctx = _drift_context(log)
    store = DecisionStore()
    start_kind, start_m = _start_setting(store, decision_key)

    style = {"description_width": "initial"}
    kind = widgets.Dropdown(options=list(DRIFT_KINDS), value=start_kind,
                            description="Drift type", style=style,
                            layout=widgets.Layout(width="320px"))
    kind.add_class("aipm-m3-kind")
    magnitude = FloatSlider(
        value=start_m, min=0.0, max=1.0, step=0.05, readout_format=".0%",
        description="Magnitude", continuous_update=False, style=style,
        layout=widgets.Layout(width="420px"))
    magnitude.add_class("aipm-m3-magnitude")
    plot = widgets.Output(layout=widgets.Layout(width="620px"))
    readout = widgets.HTML(layout=widgets.Layout(width="360px"))
    readout.add_class("aipm-readout")
    state: dict[str, Any] = {"figure": None}

    def setting() -> dict[str, Any]:
        return {"kind": kind.value, "magnitude": round(float(magnitude.value), 2)}

    @one_blas_thread
    def update(change: Any = None) -> None:
        chosen = setting()
        scenario = _scenario(ctx, chosen["kind"], chosen["magnitude"])
        if state["figure"] is None or state["figure"].kind != scenario.kind:
            state["figure"] = _Figure(scenario)
        render_figure(plot, state["figure"].show(scenario))
        text = html.escape(scenario.text, quote=False)
        readout.value = f'<p role="status" aria-live="polite">{text}</p>'
        if change is not None:
            store.set(decision_key, chosen)

    kind.observe(update, names="value")
    magnitude.observe(update, names="value")
    update()

    class DriftExplorer(widgets.VBox):
        @property
        def value(self) -> dict[str, Any]:
            return setting()

    box = DriftExplorer([widgets.HBox([kind, magnitude]), widgets.HBox([plot, readout])])
    box.add_class("aipm-m3-explorer")
    return box
