"""Prints the numpy/scipy numbers hard-coded in plugins/fmlops-common/src/drift/compare.test.ts.

Run: /usr/bin/python3 bench/drift/crosscheck.py
"""

from __future__ import annotations

import numpy as np

from prng import bell_sample, mulberry32
from reference import binned_numerical, measures


def show(name: str, ref_counts, cur_counts, edges=None) -> None:
    print(name)
    if edges is not None:
        print('  bins', len(edges) - 1, 'edges[1]', repr(float(edges[1])))
    print('  ref', [int(c) for c in ref_counts])
    print('  cur', [int(c) for c in cur_counts])
    for key, value in measures(ref_counts, cur_counts).items():
        print(f'  {key} {value!r}')


def main() -> None:
    reference = bell_sample(7, 5000, 0.0, 1.0)
    current = bell_sample(11, 3000, 0.15, 1.1)
    # The test puts NaN and ±Infinity in the current sample; the contract drops them first.
    current_with_gaps = np.concatenate([current, [np.nan, np.inf, -np.inf]])
    ref_counts, cur_counts, edges = binned_numerical(reference, current_with_gaps)
    show('bell 5000 (seed 7) vs shifted bell 3000 (seed 11), Sturges', ref_counts, cur_counts, edges)

    ref_counts, cur_counts, edges = binned_numerical(reference, current, bins=30)
    show('same samples, 30 fixed bins', ref_counts, cur_counts, edges)

    draw_ref, draw_cur = mulberry32(3), mulberry32(5)
    discrete_ref = np.array([float(int(draw_ref() * 10)) for _ in range(4000)])
    discrete_cur = np.array([float(int(draw_cur() * 12)) for _ in range(2500)])
    ref_counts, cur_counts, _ = binned_numerical(discrete_ref, discrete_cur)
    show('integers 0..9 (seed 3, 4000) vs 0..11 (seed 5, 2500), one bin per value', ref_counts, cur_counts)


if __name__ == '__main__':
    main()
