"""The numpy side of the drift benchmark (bench/drift/bench.ts starts it).

Reads the two Float64 samples the Node side wrote, times the contract's computation with numpy
(best of N), and prints one JSON object on stdout: timings, bin counts and measures.

Usage: numpy_bench.py REFERENCE.f64 CURRENT.f64 RUNS
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from reference import measures


def compare_numpy(reference: np.ndarray, current: np.ndarray, explicit_edges: bool) -> dict:
    """numpy's fastest faithful route (explicit_edges=False) or Evidently's call (True)."""
    reference = reference[np.isfinite(reference)]
    current = current[np.isfinite(current)]
    edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins='sturges')
    if explicit_edges:
        # Evidently passes the edges array: numpy then sorts each sample and searches the edges.
        ref_counts = np.histogram(reference, edges)[0]
        cur_counts = np.histogram(current, edges)[0]
    else:
        # Same edges (linspace(min, max, bins + 1)) through numpy's equal-width fast path.
        bins, span = len(edges) - 1, (edges[0], edges[-1])
        ref_counts = np.histogram(reference, bins=bins, range=span)[0]
        cur_counts = np.histogram(current, bins=bins, range=span)[0]
    return {
        'edges': edges.tolist(),
        'referenceCounts': ref_counts.tolist(),
        'currentCounts': cur_counts.tolist(),
        **measures(ref_counts, cur_counts),
    }


def best_of(runs: int, fn):
    timings, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000, result


def blas_info() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return 'threadpoolctl not installed'
    return ', '.join(
        f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')} x{p.get('num_threads')}"
        for p in threadpool_info()
    ) or 'no BLAS loaded'


def main() -> None:
    reference_path, current_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reference = np.fromfile(reference_path, dtype=np.float64)
    current = np.fromfile(current_path, dtype=np.float64)
    compare_numpy(reference, current, False)  # warm-up, as on the Node side
    fast_ms, fast = best_of(runs, lambda: compare_numpy(reference, current, False))
    explicit_ms, explicit = best_of(runs, lambda: compare_numpy(reference, current, True))
    if explicit['referenceCounts'] != fast['referenceCounts'] or explicit['currentCounts'] != fast['currentCounts']:
        raise SystemExit('numpy disagrees with itself: fast-path and explicit-edge counts differ')
    print(json.dumps({
        'numpy': np.__version__,
        'blas': blas_info(),
        'fastMs': fast_ms,
        'explicitEdgesMs': explicit_ms,
        'result': fast,
    }))


if __name__ == '__main__':
    main()
