import {
  DISCRETE_VALUE_LIMIT,
  compareCategories,
  compareSamples,
} from './compare';
import { DriftInputError } from './errors';
import { toBeRelativelyCloseTo } from './__testUtils__/toBeRelativelyCloseTo';

expect.extend({ toBeRelativelyCloseTo });

function repeat(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([category, n]) =>
    Array<string>(n).fill(category),
  );
}

function range(length: number, map: (i: number) => number): Float64Array {
  return Float64Array.from({ length }, (_, i) => map(i));
}

/** mulberry32, as bench/drift/prng.py computes it bit for bit. */
function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** bench/drift/prng.py's bell_sample: a sum of four uniforms, centred and scaled. */
function bellSample(
  seed: number,
  size: number,
  centre: number,
  spread: number,
) {
  const draw = mulberry32(seed);
  return range(
    size,
    () => (draw() + draw() + draw() + draw() - 2) * spread + centre,
  );
}

/**
 * The contract's public examples (drift-spec.md). The table rounds to 6 decimals; the full
 * values below come from bench/drift/reference.py (numpy.histogram_bin_edges 'sturges',
 * numpy.histogram, scipy.spatial.distance.jensenshannon) and must match to 1e-9 relative.
 */
const SPEC_EXAMPLES = [
  {
    name: "categories ref ['3','2','2'] vs cur ['1','2','3'] (Evidently's fixture)",
    compare: () => compareCategories(['3', '2', '2'], ['1', '2', '3']),
    bins: 3,
    table: [2.934147, 0.379264, 0.207519, 0.455542],
    full: [
      2.9341472484810085, 0.379263808220466, 0.20751874963942185,
      0.45554225889528827,
    ],
  },
  {
    name: 'categories a40 b30 c20 d10 vs a25 b25 c25 e25',
    compare: () =>
      compareCategories(
        repeat({ a: 40, b: 30, c: 20, d: 10 }),
        repeat({ a: 25, b: 25, c: 25, e: 25 }),
      ),
    bins: 5,
    table: [2.736088, 0.364092, 0.191248, 0.437319],
    full: [
      2.7360876502755715, 0.3640917349510927, 0.19124768184530233,
      0.4373187417036941,
    ],
  },
  {
    name: 'numerical ref 0..99 vs cur 20..119',
    compare: () =>
      compareSamples(
        range(100, i => i),
        range(100, i => i + 20),
      ),
    bins: 9,
    table: [2.10122, 0.325854, 0.153186, 0.39139],
    full: [
      2.1012195638745648, 0.3258538224165169, 0.15318638892490183,
      0.39139032809319885,
    ],
  },
  {
    name: 'numerical ref i/1000 vs cur 1.1·ref + 0.05',
    compare: () => {
      const reference = range(1000, i => i / 1000);
      return compareSamples(
        reference,
        reference.map(x => 1.1 * x + 0.05),
      );
    },
    bins: 12,
    table: [0.680976, 0.202198, 0.058983, 0.242864],
    full: [
      0.6809757360898471, 0.2021975372456584, 0.058982919089683304,
      0.24286399298719294,
    ],
  },
];

describe('the public examples of the drift contract', () => {
  it.each(SPEC_EXAMPLES)('$name', ({ compare, bins, table, full }) => {
    const result = compare();
    const measured = [
      result.psi,
      result.jsDistanceNatural,
      result.js.divergence,
      result.js.distance,
    ];
    measured.forEach((value, i) => {
      expect(value).toBeRelativelyCloseTo(full[i]);
      expect(value.toFixed(6)).toBe(table[i].toFixed(6));
    });
    expect(result.referenceCounts).toHaveLength(bins);
    expect(result.status).toBe('drift');
  });

  it("reads Evidently's fixture as categories 1, 2, 3 with reference shares 0, 2/3, 1/3", () => {
    const result = compareCategories(['3', '2', '2'], ['1', '2', '3']);
    expect(result.categories).toEqual(['1', '2', '3']);
    expect(result.referenceCounts).toEqual([0, 2, 1]);
    expect(result.currentCounts).toEqual([1, 1, 1]);
    // The same numbers read as numbers take the discrete path and agree.
    const numeric = compareSamples([3, 2, 2], [1, 2, 3]);
    expect(numeric.kind).toBe('discrete');
    expect(numeric.values).toEqual([1, 2, 3]);
    expect(numeric.psi).toBeRelativelyCloseTo(2.9341472484810085);
  });

  it('bins 0..99 vs 20..119 on 9 equal-width bins over [0, 119]', () => {
    const result = compareSamples(
      range(100, i => i),
      range(100, i => i + 20),
    );
    expect(result.kind).toBe('numerical');
    expect(result.binEdges?.[0]).toBe(0);
    expect(result.binEdges?.[9]).toBe(119);
    // numpy.histogram(ref, edges)[0] and numpy.histogram(cur, edges)[0]
    expect(result.referenceCounts).toEqual([14, 13, 13, 13, 14, 13, 13, 7, 0]);
    expect(result.currentCounts).toEqual([0, 7, 13, 13, 14, 13, 13, 13, 14]);
    expect(result.referenceSize).toBe(100);
    expect(result.currentSize).toBe(100);
  });
});

describe('compareSamples', () => {
  // Cross-check against numpy/scipy: `/usr/bin/python3 bench/drift/crosscheck.py` (numpy 1.24.2,
  // scipy 1.10.1) draws the same samples with the same mulberry32 generator and prints these
  // numbers from numpy.histogram_bin_edges(concat, 'sturges'), numpy.histogram and
  // scipy.spatial.distance.jensenshannon (bench/drift/reference.py).
  const reference = bellSample(7, 5000, 0, 1);
  const current = bellSample(11, 3000, 0.15, 1.1);

  it('agrees with numpy and scipy on a random shifted sample, NaN and ±Infinity dropped', () => {
    const withGaps = Float64Array.from([...current, NaN, Infinity, -Infinity]);
    const result = compareSamples(reference, withGaps);
    expect(result.binEdges).toHaveLength(15);
    expect(result.binEdges?.[1]).toBe(-1.5056704494237367);
    expect(result.referenceCounts).toEqual([
      18, 54, 180, 400, 639, 837, 901, 830, 592, 344, 157, 40, 8, 0,
    ]);
    expect(result.currentCounts).toEqual([
      10, 27, 86, 180, 302, 413, 495, 496, 408, 288, 171, 86, 33, 5,
    ]);
    expect(result.currentSize).toBe(3000);
    expect(result.psi).toBeRelativelyCloseTo(0.09707575750161129);
    expect(result.jsDistanceNatural).toBeRelativelyCloseTo(0.1077891113123482);
    expect(result.js.divergence).toBeRelativelyCloseTo(0.01676194153761113);
    expect(result.js.distance).toBeRelativelyCloseTo(0.12946791702043844);
    // PSI alone says stable; the JS distance crosses 0.1, so the feature has drifted.
    expect(result.status).toBe('drift');
  });

  it('fixes the bin count when asked, as numpy.histogram_bin_edges(concat, 30)', () => {
    const result = compareSamples(reference, current, { bins: 30 });
    expect(result.kind).toBe('numerical');
    expect(result.binEdges).toHaveLength(31);
    expect(result.binEdges?.[1]).toBe(-1.6527697531475374);
    expect(result.referenceCounts.slice(-4)).toEqual([5, 0, 0, 0]);
    expect(result.currentCounts.slice(-4)).toEqual([18, 10, 2, 2]);
    expect(result.psi).toBeRelativelyCloseTo(0.1063011645408393);
    expect(result.jsDistanceNatural).toBeRelativelyCloseTo(0.11310366885439066);
    expect(result.js.divergence).toBeRelativelyCloseTo(0.018455589616608613);
    expect(result.js.distance).toBeRelativelyCloseTo(0.13585135117697067);
  });

  it('counts one bin per value when the reference has at most 20 distinct values', () => {
    const drawReference = mulberry32(3);
    const drawCurrent = mulberry32(5);
    const integersReference = range(4000, () =>
      Math.floor(drawReference() * 10),
    );
    const integersCurrent = range(2500, () => Math.floor(drawCurrent() * 12));
    const result = compareSamples(integersReference, integersCurrent);
    expect(result.kind).toBe('discrete');
    expect(result.values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.categories?.[10]).toBe('10');
    expect(result.referenceCounts).toEqual([
      392, 407, 403, 410, 408, 421, 388, 427, 368, 376, 0, 0,
    ]);
    expect(result.currentCounts).toEqual([
      211, 212, 207, 204, 218, 201, 221, 218, 217, 217, 178, 196,
    ]);
    expect(result.psi).toBeRelativelyCloseTo(1.0168643129167112);
    expect(result.jsDistanceNatural).toBeRelativelyCloseTo(0.23526001322479573);
    expect(result.js.divergence).toBeRelativelyCloseTo(0.07984923747048907);
    expect(result.js.distance).toBeRelativelyCloseTo(0.2825760737756986);
  });

  it('switches to equal-width bins at 21 distinct reference values', () => {
    const twenty = range(200, i => i % DISCRETE_VALUE_LIMIT);
    const twentyOne = range(210, i => i % (DISCRETE_VALUE_LIMIT + 1));
    expect(compareSamples(twenty, twenty).kind).toBe('discrete');
    expect(compareSamples(twenty, twenty).referenceCounts).toHaveLength(20);
    const binned = compareSamples(twentyOne, twentyOne);
    expect(binned.kind).toBe('numerical');
    // Sturges on 420 values: ceil(log2(420) + 1) = 10 bins.
    expect(binned.referenceCounts).toHaveLength(10);
  });

  it('decides discrete or binned on the reference alone', () => {
    // A continuous current against a three-valued reference: each current value is a bin.
    const result = compareSamples([1, 2, 3, 1], [1.5, 2.5, 3]);
    expect(result.kind).toBe('discrete');
    expect(result.values).toEqual([1, 1.5, 2, 2.5, 3]);
    expect(result.referenceCounts).toEqual([2, 0, 1, 0, 1]);
    expect(result.currentCounts).toEqual([0, 1, 0, 1, 1]);
  });

  it('finds no drift between identical samples', () => {
    const sample = bellSample(1, 10_000, 50, 10);
    const result = compareSamples(sample, sample.slice());
    expect(result.psi).toBe(0);
    expect(result.js).toEqual({ divergence: 0, distance: 0 });
    expect(result.jsDistanceNatural).toBe(0);
    expect(result.status).toBe('stable');
  });

  it('calls a constant feature that stays constant stable', () => {
    const result = compareSamples([4, 4, 4], [4, 4]);
    expect(result.kind).toBe('discrete');
    expect(result.psi).toBe(0);
    expect(result.status).toBe('stable');
  });

  it('drops NaN and ±Infinity on both sides before binning', () => {
    const clean = compareSamples(reference, current);
    const gappy = compareSamples(
      [NaN, ...reference, Infinity],
      [-Infinity, ...current, NaN, NaN],
    );
    expect(gappy.binEdges).toEqual(clean.binEdges);
    expect(gappy.referenceCounts).toEqual(clean.referenceCounts);
    expect(gappy.psi).toBe(clean.psi);
    expect(gappy.referenceSize).toBe(5000);
    expect(gappy.currentSize).toBe(3000);
  });

  it('gives the same answer for typed and plain arrays', () => {
    const typed = compareSamples(reference, current);
    const plain = compareSamples(Array.from(reference), Array.from(current));
    expect(plain).toEqual(typed);
  });

  it('applies custom thresholds to the verdict', () => {
    expect(
      compareSamples(reference, current, {
        thresholds: { jsDistanceDrift: 0.2 },
      }).status,
    ).toBe('stable');
    expect(
      compareSamples(reference, current, {
        thresholds: { jsDistanceDrift: 0.2, psiWarning: 0.05 },
      }).status,
    ).toBe('warning');
  });

  it.each([
    [[], [1, 2], /reference sample has no finite values/],
    [[NaN, Infinity], [1, 2], /reference sample has no finite values/],
    [[1, 2, 3], [NaN], /current sample has no finite values/],
    [range(50, i => i), [], /current sample has no finite values/],
  ])('rejects %j vs %j', (ref, cur, message) => {
    expect(() => compareSamples(ref, cur)).toThrow(DriftInputError);
    expect(() => compareSamples(ref, cur)).toThrow(message);
  });

  it('rejects equal-width bins over equal values, and bad options', () => {
    expect(() => compareSamples([2, 2], [2], { bins: 5 })).toThrow(
      /All values are equal \(2\)/,
    );
    expect(() => compareSamples([1, 2], [3], { bins: -1 })).toThrow(
      /number of bins must be a whole number/,
    );
    expect(() =>
      compareSamples([1, 2], [3], { thresholds: { psiWarning: 1 } }),
    ).toThrow(/psiWarning \(1\) must not be above psiDrift/);
    expect(() => compareSamples('12' as unknown as number[], [1])).toThrow(
      /reference sample must be an array of values, got string/,
    );
  });
});

describe('compareCategories', () => {
  it('drops missing values and sorts the categories', () => {
    const result = compareCategories(
      ['card', null, 'wire', 'card', undefined],
      ['wire', 'ach', 'card'],
    );
    expect(result.kind).toBe('categorical');
    expect(result.categories).toEqual(['ach', 'card', 'wire']);
    expect(result.referenceCounts).toEqual([0, 2, 1]);
    expect(result.currentCounts).toEqual([1, 1, 1]);
    expect(result.referenceSize).toBe(3);
  });

  it('finds no drift between identical mixes', () => {
    const result = compareCategories(
      repeat({ card: 7, wire: 2 }),
      repeat({ wire: 4, card: 14 }),
    );
    expect(result.psi).toBe(0);
    expect(result.status).toBe('stable');
  });

  it('rejects a side without categories and values that are not strings', () => {
    expect(() => compareCategories([null], ['a'])).toThrow(
      /reference sample has no categories/,
    );
    expect(() => compareCategories(['a'], [1 as unknown as string])).toThrow(
      /Categories must be strings; the current sample has number 1 at index 0/,
    );
  });
});
