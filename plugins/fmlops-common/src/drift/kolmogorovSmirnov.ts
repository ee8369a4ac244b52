import { assertSample } from './binning';
import { DriftInputError } from './errors';

/**
 * A two-sample, two-sided Kolmogorov-Smirnov test.
 *
 * @public
 */
export interface KolmogorovSmirnovTest {
  /** `sup |F_reference(x) - F_current(x)|`, as `scipy.stats.ks_2samp` reports it. */
  statistic: number;
  /**
   * Asymptotic p-value with Stephens' small-sample correction:
   * `Q_KS((en + 0.12 + 0.11 / en) * D)`, `en = sqrt(n * m / (n + m))`.
   */
  pValue: number;
  /** Finite reference values measured. */
  referenceSize: number;
  /** Finite current values measured. */
  currentSize: number;
}

// Below this the theta-function form of the Kolmogorov distribution converges fast; above, the
// alternating series does. Both agree to 1e-15 here.
const SERIES_SWITCH = 1.18;

/**
 * `P(K > x)` for the Kolmogorov distribution (`scipy.special.kolmogorov`).
 *
 * @public
 */
export function kolmogorovSurvival(x: number): number {
  if (!(x > 0)) return 1;
  let total = 0;
  if (x < SERIES_SWITCH) {
    for (let k = 1; k < 12; k++) {
      total += Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * x * x));
    }
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / x) * total);
  }
  for (let k = 1; k <= 100; k++) {
    total += (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * x * x);
  }
  return clamp01(2 * total);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function finiteSorted(values: unknown, side: string): Float64Array {
  assertSample(values, side);
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'number' && Number.isFinite(value)) finite.push(value);
  }
  if (finite.length === 0) {
    throw new DriftInputError(
      `The ${side} sample has no finite value: the Kolmogorov-Smirnov test needs at least one on each side`,
    );
  }
  return Float64Array.from(finite).sort();
}

/**
 * The two-sample Kolmogorov-Smirnov test of the generated pipelines' drift jobs, on raw values
 * (NaN and ±Infinity dropped). It needs the samples themselves, not histograms.
 *
 * @remarks
 * The p-value is asymptotic (scipy's `ks_2samp` before 1.3): the exact distribution costs
 * O(n·m), too much for a window of served traffic. The generated pipeline's pytest and this
 * module's tests read the same vectors (the template's `tests/fixtures/ks_vectors.json`).
 *
 * @public
 */
export function kolmogorovSmirnov(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): KolmogorovSmirnovTest {
  const ref = finiteSorted(reference, 'reference');
  const cur = finiteSorted(current, 'current');
  let i = 0;
  let j = 0;
  let statistic = 0;
  // walk both sorted samples; the empirical CDFs only change at sample values, ties step together
  while (i < ref.length && j < cur.length) {
    const value = Math.min(ref[i], cur[j]);
    while (i < ref.length && ref[i] === value) i++;
    while (j < cur.length && cur[j] === value) j++;
    statistic = Math.max(statistic, Math.abs(i / ref.length - j / cur.length));
  }
  const en = Math.sqrt((ref.length * cur.length) / (ref.length + cur.length));
  return {
    statistic,
    pValue: kolmogorovSurvival((en + 0.12 + 0.11 / en) * statistic),
    referenceSize: ref.length,
    currentSize: cur.length,
  };
}
