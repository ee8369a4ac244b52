/**
 * mulberry32, bit for bit as bench/drift/prng.py computes it: a tiny seeded generator of uniforms
 * in [0, 1), so the benchmark's samples are the same on every run and in both languages.
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A bell-shaped sample made of exact IEEE operations only (a sum of four uniforms, centred and
 * scaled), as prng.py's `bell_sample`. Every `gapEvery`-th value is replaced by NaN, ±Infinity in
 * turn, so the contract's dropping of non-finite values is part of what is timed.
 */
export function bellSample(
  seed: number,
  size: number,
  centre: number,
  spread: number,
  gapEvery = 0,
): Float64Array {
  const draw = mulberry32(seed);
  const gaps = [NaN, Infinity, -Infinity];
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = (draw() + draw() + draw() + draw() - 2) * spread + centre;
    if (gapEvery > 0 && i % gapEvery === gapEvery - 1) {
      out[i] = gaps[Math.floor(i / gapEvery) % gaps.length];
    }
  }
  return out;
}
