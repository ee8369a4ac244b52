"""Reference implementation of the fmlops drift contract in numpy/scipy.

Used only by the benchmark (and to derive the cross-check numbers hard-coded in the TypeScript tests).
It follows /work/shared/reference/drift-spec.md and Evidently's definitions; it is not product code.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy.spatial.distance import jensenshannon

DISCRETE_VALUE_LIMIT = 20


def fill_zeroes(shares: np.ndarray) -> np.ndarray:
    """Evidently's per-side smoothing of empty bins, without renormalising."""
    smallest = shares[shares != 0].min()
    filled = shares.copy()
    filled[filled == 0] = smallest / 1e6 if smallest <= 1e-4 else 1e-4
    return filled


def psi(reference_shares: np.ndarray, current_shares: np.ndarray) -> float:
    ref = fill_zeroes(reference_shares)
    cur = fill_zeroes(current_shares)
    return float(np.sum((ref - cur) * np.log(ref / cur)))


def js_divergence(p: np.ndarray, q: np.ndarray, base: float) -> float:
    """Jensen-Shannon divergence with 0·log 0 = 0, in the given log base."""
    m = (p + q) / 2
    with np.errstate(divide='ignore', invalid='ignore'):
        left = np.where(p > 0, p * np.log(p / m), 0.0)
        right = np.where(q > 0, q * np.log(q / m), 0.0)
    return float((left.sum() + right.sum()) / 2 / np.log(base))


def measures(reference_counts, current_counts) -> dict:
    ref = np.asarray(reference_counts, dtype=np.float64)
    cur = np.asarray(current_counts, dtype=np.float64)
    p = ref / ref.sum()
    q = cur / cur.sum()
    divergence = js_divergence(p, q, 2.0)
    return {
        'psi': psi(p, q),
        'js_distance_ln': float(jensenshannon(p, q)),
        'js_divergence_base2': divergence,
        'js_distance_base2': float(np.sqrt(divergence)),
    }


def binned_numerical(reference: np.ndarray, current: np.ndarray, bins=None):
    """Counts of both sides on the contract's bins: (counts_ref, counts_cur, edges or None)."""
    reference = reference[np.isfinite(reference)]
    current = current[np.isfinite(current)]
    if bins is None and len(np.unique(reference)) <= DISCRETE_VALUE_LIMIT:
        keys = sorted(set(reference.tolist()) | set(current.tolist()))
        ref_counts, cur_counts = Counter(reference.tolist()), Counter(current.tolist())
        return (
            np.array([ref_counts[k] for k in keys], dtype=np.float64),
            np.array([cur_counts[k] for k in keys], dtype=np.float64),
            None,
        )
    edges = np.histogram_bin_edges(
        np.concatenate([reference, current]), bins='sturges' if bins is None else bins
    )
    return np.histogram(reference, edges)[0], np.histogram(current, edges)[0], edges


def binned_categorical(reference, current):
    keys = sorted(set(reference) | set(current))
    ref_counts, cur_counts = Counter(reference), Counter(current)
    return [ref_counts[k] for k in keys], [cur_counts[k] for k in keys]


def spec_examples() -> dict:
    ref = np.arange(1000) / 1000
    return {
        'categories [3,2,2] vs [1,2,3]': measures(*binned_categorical(['3', '2', '2'], ['1', '2', '3'])),
        'a40 b30 c20 d10 vs a25 b25 c25 e25': measures(
            *binned_categorical(
                ['a'] * 40 + ['b'] * 30 + ['c'] * 20 + ['d'] * 10,
                ['a'] * 25 + ['b'] * 25 + ['c'] * 25 + ['e'] * 25,
            )
        ),
        'numerical 0..99 vs 20..119': measures(
            *binned_numerical(np.arange(100, dtype=np.float64), np.arange(20, 120, dtype=np.float64))[:2]
        ),
        'numerical i/1000 vs 1.1 ref + 0.05': measures(*binned_numerical(ref, 1.1 * ref + 0.05)[:2]),
    }


if __name__ == '__main__':
    for name, values in spec_examples().items():
        print(name, {k: f'{v:.17g}' for k, v in values.items()})
