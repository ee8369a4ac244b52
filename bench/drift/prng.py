"""mulberry32, bit for bit as bench/drift/prng.ts computes it, so Python and Node draw the same samples."""

from __future__ import annotations

import numpy as np

MASK = 0xFFFFFFFF


def _imul(a: int, b: int) -> int:
    return (a * b) & MASK


def mulberry32(seed: int):
    state = seed & MASK

    def next_uniform() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = _imul(state ^ (state >> 15), 1 | state)
        t = ((t + _imul(t ^ (t >> 7), 61 | t)) & MASK) ^ t
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return next_uniform


def bell_sample(seed: int, size: int, centre: float, spread: float) -> np.ndarray:
    """Sum of four uniforms (a bell curve made of exact IEEE operations only), centred and scaled."""
    draw = mulberry32(seed)
    out = np.empty(size)
    for i in range(size):
        s = draw() + draw() + draw() + draw()
        out[i] = (s - 2) * spread + centre
    return out
