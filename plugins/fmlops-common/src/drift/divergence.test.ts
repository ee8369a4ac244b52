import {
  compareHistograms,
  jensenShannon,
  populationStabilityIndex,
} from './divergence';
import { DriftInputError } from './errors';
import { toBeRelativelyCloseTo } from './__testUtils__/toBeRelativelyCloseTo';

expect.extend({ toBeRelativelyCloseTo });

// Evidently's fixture: categories ref [3, 2, 2] vs cur [1, 2, 3] give bins (1, 2, 3) with
// counts [0, 2, 1] and [1, 1, 1]. Full-precision values from bench/drift/reference.py (numpy/scipy).
const EVIDENTLY_REFERENCE = [0, 2, 1];
const EVIDENTLY_CURRENT = [1, 1, 1];

describe('populationStabilityIndex', () => {
  it("reproduces Evidently's published fixture", () => {
    expect(
      populationStabilityIndex(EVIDENTLY_REFERENCE, EVIDENTLY_CURRENT),
    ).toBeRelativelyCloseTo(2.9341472484810085);
  });

  it('reproduces the spec case a40 b30 c20 d10 vs a25 b25 c25 e25', () => {
    expect(
      populationStabilityIndex([40, 30, 20, 10, 0], [25, 25, 25, 0, 25]),
    ).toBeRelativelyCloseTo(2.7360876502755715);
  });

  it('is zero for identical histograms, even with empty bins', () => {
    expect(populationStabilityIndex([5, 0, 3, 2], [5, 0, 3, 2])).toBe(0);
  });

  it('treats counts and shares alike', () => {
    expect(
      populationStabilityIndex([0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4]),
    ).toBeRelativelyCloseTo(
      populationStabilityIndex([400, 300, 200, 100], [1, 2, 3, 4]),
    );
  });

  it('smooths an empty bin with 1e-4 when the smallest share is above 1e-4', () => {
    // Reference shares [0.5, 0.5, 0] → the empty bin becomes 1e-4 (no renormalising).
    const expected =
      (0.5 - 0.25) * Math.log(0.5 / 0.25) * 2 +
      (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    expect(
      populationStabilityIndex([1, 1, 0], [1, 1, 2]),
    ).toBeRelativelyCloseTo(expected);
  });

  it('smooths an empty bin with a millionth of the smallest share when that share is at most 1e-4', () => {
    // Reference shares [1e-4, 0.9999, 0]: smallest non-zero share 1e-4 → the zero becomes 1e-10.
    const ref = [1, 9999, 0];
    const cur = [1, 1, 1];
    const r = [1e-4, 0.9999, 1e-10];
    const c = 1 / 3;
    const expected = r.reduce(
      (sum, share) => sum + (share - c) * Math.log(share / c),
      0,
    );
    expect(populationStabilityIndex(ref, cur)).toBeRelativelyCloseTo(expected);
  });

  it.each([
    [[1, 2], [1, 2, 3], /same length, got 2 and 3/],
    [[], [], /at least one bin/],
    [
      [1, -1],
      [1, 1],
      /reference bin counts must be finite, non-negative.*bin 1 is -1/,
    ],
    [[1, 1], [NaN, 1], /current bin counts must be finite.*bin 0 is NaN/],
    [[0, 0], [1, 1], /reference bin counts are all zero/],
    [[1, 1], [0, 0], /current bin counts are all zero/],
  ])('rejects %j vs %j with a clear message', (ref, cur, message) => {
    expect(() => populationStabilityIndex(ref, cur)).toThrow(DriftInputError);
    expect(() => populationStabilityIndex(ref, cur)).toThrow(message);
  });

  it('rejects something that is not an array', () => {
    expect(() =>
      populationStabilityIndex(null as unknown as number[], [1]),
    ).toThrow(/must be arrays of numbers/);
  });
});

describe('jensenShannon', () => {
  it("reproduces Evidently's fixture in base 2 and in natural log", () => {
    const base2 = jensenShannon(EVIDENTLY_REFERENCE, EVIDENTLY_CURRENT);
    expect(base2.divergence).toBeRelativelyCloseTo(0.20751874963942185);
    expect(base2.distance).toBeRelativelyCloseTo(0.45554225889528827);
    const natural = jensenShannon(EVIDENTLY_REFERENCE, EVIDENTLY_CURRENT, {
      base: 'e',
    });
    // scipy.spatial.distance.jensenshannon([0, 2/3, 1/3], [1/3, 1/3, 1/3])
    expect(natural.distance).toBeRelativelyCloseTo(0.379263808220466);
    expect(natural.divergence).toBeRelativelyCloseTo(0.379263808220466 ** 2);
  });

  it('is symmetric', () => {
    const p = [12, 0, 7, 3, 40];
    const q = [1, 9, 0, 30, 2];
    const forward = jensenShannon(p, q);
    const backward = jensenShannon(q, p);
    expect(forward.divergence).toBeRelativelyCloseTo(backward.divergence);
    expect(forward.distance).toBeRelativelyCloseTo(backward.distance);
  });

  it('is 0 for identical histograms and 1 (base 2) for disjoint ones', () => {
    expect(jensenShannon([3, 0, 5], [6, 0, 10])).toEqual({
      divergence: 0,
      distance: 0,
    });
    const disjoint = jensenShannon([3, 0, 5, 0], [0, 2, 0, 1]);
    expect(disjoint.divergence).toBeRelativelyCloseTo(1);
    expect(
      jensenShannon([1, 0], [0, 1], { base: 'e' }).divergence,
    ).toBeRelativelyCloseTo(Math.LN2);
  });

  it('keeps the base-2 divergence within [0, 1] on many random histograms', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 500; trial++) {
      const bins = 1 + Math.floor(random() * 12);
      const p = Array.from({ length: bins }, () =>
        random() < 0.3 ? 0 : random(),
      );
      const q = Array.from({ length: bins }, () =>
        random() < 0.3 ? 0 : random(),
      );
      p[0] += 1e-3;
      q[bins - 1] += 1e-3;
      const { divergence, distance } = jensenShannon(p, q);
      expect(divergence).toBeGreaterThanOrEqual(0);
      expect(divergence).toBeLessThanOrEqual(1 + 1e-12);
      expect(distance).toBeCloseTo(Math.sqrt(divergence), 15);
    }
  });

  it('rejects an unknown base', () => {
    expect(() => jensenShannon([1], [1], { base: 10 as unknown as 2 })).toThrow(
      /base must be 2 or 'e', got 10/,
    );
  });

  it('rejects mismatched counts', () => {
    expect(() => jensenShannon([1, 2, 3], [1, 2])).toThrow(DriftInputError);
  });
});

describe('compareHistograms', () => {
  it('gives every measure and the verdict for stored counts', () => {
    const result = compareHistograms([40, 30, 20, 10, 0], [25, 25, 25, 0, 25]);
    expect(result.psi).toBeRelativelyCloseTo(2.7360876502755715);
    expect(result.jsDistanceNatural).toBeRelativelyCloseTo(0.3640917349510927);
    expect(result.js.divergence).toBeRelativelyCloseTo(0.19124768184530233);
    expect(result.js.distance).toBeRelativelyCloseTo(0.4373187417036941);
    expect(result.status).toBe('drift');
  });

  it('calls two close windows stable and honours custom thresholds', () => {
    const reference = [100, 200, 300, 200, 100];
    const current = [104, 196, 300, 204, 96];
    const result = compareHistograms(reference, current);
    expect(result.psi).toBeLessThan(0.001);
    expect(result.status).toBe('stable');
    expect(
      compareHistograms(reference, current, {
        thresholds: { psiWarning: 0.0001, psiDrift: 0.5 },
      }).status,
    ).toBe('warning');
  });

  it('rejects invalid thresholds', () => {
    expect(() =>
      compareHistograms([1], [1], { thresholds: { psiDrift: -1 } }),
    ).toThrow(/psiDrift must be a finite, non-negative number/);
  });
});
