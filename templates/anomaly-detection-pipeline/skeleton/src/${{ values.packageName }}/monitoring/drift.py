"""Drift between a reference (training) sample and the served traffic.

The maths is the fmlops drift contract, shared with the portal so that the number on a card is the
number this job acted on: Evidently's definitions (PSI with its smoothing rule, Sturges bins over the
combined range, one bin per value below 21 distinct values), Jensen-Shannon in base 2 and ln, and the
two-sample Kolmogorov-Smirnov test on the raw values (the portal's TypeScript reads the same test vectors,
tests/fixtures/ks_vectors.json).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Iterable, Mapping, Sequence

import numpy as np

MAX_DISCRETE_VALUES = 20


@dataclass(frozen=True)
class DriftThresholds:
    psi_warning: float = 0.1
    psi_drift: float = 0.2
    js_distance_drift: float = 0.1

    def __post_init__(self) -> None:
        if not 0 <= self.psi_warning < self.psi_drift:
            raise ValueError("thresholds: need 0 <= psi_warning < psi_drift")
        if not 0 < self.js_distance_drift <= 1:
            raise ValueError("thresholds: js_distance_drift must be in (0, 1]")


@dataclass(frozen=True)
class Comparison:
    kind: str  # numerical | discrete | categorical
    psi: float
    js_divergence: float  # base 2, in [0, 1]
    js_distance: float  # base 2
    js_distance_natural: float  # Evidently's / scipy's number
    reference_counts: list[int]
    current_counts: list[int]
    status: str
    bin_edges: list[float] | None = None
    categories: list[str] | None = None

    @property
    def reference_count(self) -> int:
        return int(sum(self.reference_counts))

    @property
    def current_count(self) -> int:
        return int(sum(self.current_counts))


def _shares(counts: Sequence[float]) -> np.ndarray:
    values = np.asarray(counts, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("counts must be a non-empty one-dimensional sequence")
    if np.any(~np.isfinite(values)) or np.any(values < 0):
        raise ValueError("counts must be finite and non-negative")
    total = values.sum()
    if total <= 0:
        raise ValueError("counts must not all be zero")
    return values / total


def _check_pair(reference: Sequence[float], current: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    if len(reference) != len(current):
        raise ValueError(f"bin counts differ in length: {len(reference)} reference vs {len(current)} current")
    return _shares(reference), _shares(current)


def _smooth(shares: np.ndarray) -> np.ndarray:
    nonzero = shares[shares > 0]
    smallest = float(nonzero.min())
    epsilon = smallest / 1e6 if smallest <= 1e-4 else 1e-4
    return np.where(shares == 0, epsilon, shares)


def population_stability_index(reference: Sequence[float], current: Sequence[float]) -> float:
    """PSI = Σ (ref − cur)·ln(ref / cur), empty bins smoothed per side without renormalising."""
    ref, cur = _check_pair(reference, current)
    ref, cur = _smooth(ref), _smooth(cur)
    return float(np.sum((ref - cur) * np.log(ref / cur)))


def jensen_shannon(reference: Sequence[float], current: Sequence[float], base: float = 2.0) -> tuple[float, float]:
    """(divergence, distance) in the given log base, with 0·log 0 = 0 and no smoothing."""
    p, q = _check_pair(reference, current)
    m = (p + q) / 2

    def kl(a: np.ndarray) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log(a[mask] / m[mask])))

    if base <= 1:
        raise ValueError("the log base must be above 1")
    divergence = (kl(p) + kl(q)) / 2 / math.log(base)
    # rounding may step just outside [0, log_base(2)], the divergence's exact range
    divergence = min(max(divergence, 0.0), math.log(2) / math.log(base))
    return divergence, math.sqrt(divergence)


@dataclass(frozen=True)
class KolmogorovSmirnov:
    statistic: float  # sup |F_reference - F_current|, scipy.stats.ks_2samp's statistic
    pvalue: float  # asymptotic, Stephens' small-sample correction (scipy.stats.ks_2samp before 1.3)


def kolmogorov_survival(x: float) -> float:
    """P(K > x) of the Kolmogorov distribution (scipy.special.kolmogorov)."""
    if x <= 0:
        return 1.0
    if x < 1.18:
        # the theta-function form converges fast for small x; the alternating series does not
        total = sum(math.exp(-((2 * k - 1) ** 2) * math.pi ** 2 / (8 * x * x)) for k in range(1, 12))
        return min(1.0, max(0.0, 1.0 - math.sqrt(2 * math.pi) / x * total))
    total = sum((-1) ** (k - 1) * math.exp(-2 * k * k * x * x) for k in range(1, 101))
    return min(1.0, max(0.0, 2.0 * total))


def kolmogorov_smirnov(reference: Iterable[float], current: Iterable[float]) -> KolmogorovSmirnov:
    """Two-sample, two-sided Kolmogorov-Smirnov test; NaN and infinities are dropped first.

    The p-value is Q_KS((en + 0.12 + 0.11 / en) * D) with en = sqrt(n·m / (n + m)) (Stephens, 1970):
    scipy's exact method needs O(n·m) work, too much for a drift window of served traffic.
    """
    ref, cur = np.sort(_finite(reference)), np.sort(_finite(current))
    if ref.size == 0 or cur.size == 0:
        raise ValueError("both samples need at least one finite value")
    values = np.concatenate([ref, cur])
    gaps = np.searchsorted(ref, values, side="right") / ref.size - np.searchsorted(cur, values, side="right") / cur.size
    statistic = float(np.max(np.abs(gaps)))
    en = math.sqrt(ref.size * cur.size / (ref.size + cur.size))
    return KolmogorovSmirnov(statistic, kolmogorov_survival((en + 0.12 + 0.11 / en) * statistic))


def drift_status(psi: float, js_distance: float, thresholds: DriftThresholds = DriftThresholds()) -> str:
    if psi >= thresholds.psi_drift or js_distance >= thresholds.js_distance_drift:
        return "drift"
    if psi >= thresholds.psi_warning:
        return "warning"
    return "stable"


def sturges_bins(n: int) -> int:
    return int(math.ceil(math.log2(n) + 1))


def histogram_bin_edges(values: np.ndarray, bins: int) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if low == high:
        # numpy's rule for a constant sample: a unit-wide range around the value
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, bins + 1)


def bin_counts(values: np.ndarray, edges: np.ndarray) -> list[int]:
    """Counts per bin; a value on the upper edge falls in the last bin, outside values are dropped."""
    counts, _ = np.histogram(values, bins=edges)
    return [int(c) for c in counts]


def compare_histograms(
    reference_counts: Sequence[float],
    current_counts: Sequence[float],
    thresholds: DriftThresholds = DriftThresholds(),
    kind: str = "numerical",
) -> Comparison:
    psi = population_stability_index(reference_counts, current_counts)
    divergence, distance = jensen_shannon(reference_counts, current_counts, 2.0)
    _, natural = jensen_shannon(reference_counts, current_counts, math.e)
    return Comparison(
        kind=kind,
        psi=psi,
        js_divergence=divergence,
        js_distance=distance,
        js_distance_natural=natural,
        reference_counts=[int(c) for c in reference_counts],
        current_counts=[int(c) for c in current_counts],
        status=drift_status(psi, distance, thresholds),
    )


def _finite(values: Iterable[float]) -> np.ndarray:
    array = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
    return array[np.isfinite(array)]


def compare_samples(
    reference: Iterable[float],
    current: Iterable[float],
    bins: int | None = None,
    thresholds: DriftThresholds = DriftThresholds(),
) -> Comparison:
    """Bins two numerical samples per the contract and compares them."""
    ref, cur = _finite(reference), _finite(current)
    if ref.size == 0 or cur.size == 0:
        raise ValueError("both samples need at least one finite value")
    if bins is None and np.unique(ref).size <= MAX_DISCRETE_VALUES:
        values = np.union1d(np.unique(ref), np.unique(cur))
        ref_counts = [int(np.sum(ref == v)) for v in values]
        cur_counts = [int(np.sum(cur == v)) for v in values]
        result = compare_histograms(ref_counts, cur_counts, thresholds, kind="discrete")
        return _with(result, categories=[_label(v) for v in values])
    combined = np.concatenate([ref, cur])
    edges = histogram_bin_edges(combined, bins or sturges_bins(combined.size))
    result = compare_histograms(bin_counts(ref, edges), bin_counts(cur, edges), thresholds)
    return _with(result, bin_edges=[float(e) for e in edges])


def compare_categories(
    reference: Iterable[str], current: Iterable[str], thresholds: DriftThresholds = DriftThresholds()
) -> Comparison:
    ref, cur = [str(v) for v in reference], [str(v) for v in current]
    if not ref or not cur:
        raise ValueError("both samples need at least one value")
    categories = sorted(set(ref) | set(cur))
    ref_counts = [ref.count(c) for c in categories]
    cur_counts = [cur.count(c) for c in categories]
    return _with(compare_histograms(ref_counts, cur_counts, thresholds, kind="categorical"), categories=categories)


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _with(comparison: Comparison, **changes: object) -> Comparison:
    return replace(comparison, **changes)


@dataclass
class DriftWindow:
    """The rows one window adds to ``<drift table>`` and ``<drift table>_histograms``."""

    drift_rows: list[dict] = field(default_factory=list)
    histogram_rows: list[dict] = field(default_factory=list)


def drift_window(
    window_start: datetime,
    window_end: datetime,
    reference: Mapping[str, Sequence],
    current: Mapping[str, Sequence],
    categorical: Iterable[str] = (),
    reference_edges: Mapping[str, Sequence[float]] | None = None,
    thresholds: DriftThresholds = DriftThresholds(),
) -> DriftWindow:
    """Compares every reference feature and returns the rows of the drift table contract.

    Numerical bins are fixed per feature across windows (``reference_edges``, from the reference
    sample), so the portal can compare any two windows bin by bin.
    """
    categorical = set(categorical)
    window = DriftWindow()
    for feature in sorted(reference):
        if feature not in current:
            raise ValueError(f"feature {feature!r} is missing from the current window")
        if feature in categorical:
            comparison = compare_categories(reference[feature], current[feature], thresholds)
            feature_type = "categorical"
            ks = None
        else:
            ref, cur = _finite(reference[feature]), _finite(current[feature])
            edges = np.asarray(reference_edges[feature]) if reference_edges and feature in reference_edges else None
            if edges is None:
                edges = histogram_bin_edges(ref, sturges_bins(ref.size))
            # values beyond the reference range belong to the outer bins, not to nowhere
            clipped = np.clip(cur, edges[0], edges[-1])
            comparison = _with(
                compare_histograms(bin_counts(ref, edges), bin_counts(clipped, edges), thresholds),
                bin_edges=[float(e) for e in edges],
            )
            feature_type = "numerical"
            ks = kolmogorov_smirnov(ref, cur)
        window.drift_rows.append(
            {
                "window_start": window_start,
                "window_end": window_end,
                "feature": feature,
                "feature_type": feature_type,
                "psi": comparison.psi,
                "js_divergence": comparison.js_divergence,
                "js_distance": comparison.js_distance,
                "status": comparison.status,
                "reference_count": comparison.reference_count,
                "current_count": comparison.current_count,
                # KS needs the raw values, which the portal does not keep: reported, not part of the status
                "ks_statistic": ks.statistic if ks else None,
                "ks_pvalue": ks.pvalue if ks else None,
            }
        )
        for index, (ref_count, cur_count) in enumerate(zip(comparison.reference_counts, comparison.current_counts)):
            if comparison.bin_edges is not None:
                lower, upper = comparison.bin_edges[index], comparison.bin_edges[index + 1]
                label = f"[{lower:.6g}, {upper:.6g}{']' if index == len(comparison.reference_counts) - 1 else ')'}"
            else:
                lower = upper = None
                label = comparison.categories[index]
            window.histogram_rows.append(
                {
                    "window_start": window_start,
                    "feature": feature,
                    "bin_index": index,
                    "bin_label": label,
                    "bin_lower": lower,
                    "bin_upper": upper,
                    "reference_count": ref_count,
                    "current_count": cur_count,
                }
            )
    return window


def window_bounds(now: datetime, minutes: int) -> tuple[datetime, datetime]:
    """The last complete window before ``now``, aligned to ``minutes`` (windows of 60 start on the hour)."""
    if minutes <= 0 or (24 * 60) % minutes:
        raise ValueError("window minutes must divide a day (e.g. 15, 60, 240)")
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((now - midnight).total_seconds() // 60)
    end = midnight + timedelta(minutes=elapsed - elapsed % minutes)
    return end - timedelta(minutes=minutes), end
