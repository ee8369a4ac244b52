import {
  SampleRange,
  addToBins,
  assertBinCount,
  assertSample,
  equalWidthEdges,
  scanRange,
  sturgesBinCount,
} from './binning';
import { DriftMeasures, measureShares } from './divergence';
import { DriftInputError } from './errors';
import { DriftThresholds, resolveDriftThresholds } from './thresholds';

/**
 * A reference with more distinct values than this is binned by equal width; otherwise every
 * distinct value is a bin (Evidently's rule).
 *
 * @public
 */
export const DISCRETE_VALUE_LIMIT = 20;

/**
 * How two samples of one feature compare: the bins they were counted on, the counts, and every
 * drift measure.
 *
 * @public
 */
export interface SampleComparison extends DriftMeasures {
  /**
   * `numerical`: equal-width bins, see `binEdges`. `discrete`: a numerical feature whose reference
   * has at most {@link DISCRETE_VALUE_LIMIT} distinct values, one bin per distinct value, see
   * `values`. `categorical`: one bin per category, see `categories`.
   */
  kind: 'numerical' | 'discrete' | 'categorical';
  /** For `numerical`: the `bins + 1` edges; bin i is [edge i, edge i+1), the last bin closed. */
  binEdges?: number[];
  /** For `discrete` and `categorical`: the label of each bin, in bin order. */
  categories?: string[];
  /** For `discrete`: the value of each bin, ascending. */
  values?: number[];
  /** Reference values per bin. */
  referenceCounts: number[];
  /** Current values per bin. */
  currentCounts: number[];
  /** Reference values measured (after dropping NaN and ±Infinity, or missing categories). */
  referenceSize: number;
  /** Current values measured (after dropping NaN and ±Infinity, or missing categories). */
  currentSize: number;
}

/**
 * Options of {@link compareSamples}.
 *
 * @public
 */
export interface CompareSamplesOptions {
  /**
   * Fixes the number of equal-width bins over the combined range instead of Sturges' rule; the
   * samples are then binned by equal width whatever their number of distinct values.
   */
  bins?: number;
  /** Overrides of {@link DEFAULT_DRIFT_THRESHOLDS}. */
  thresholds?: Partial<DriftThresholds>;
}

/**
 * Options of {@link compareCategories}.
 *
 * @public
 */
export interface CompareCategoriesOptions {
  /** Overrides of {@link DEFAULT_DRIFT_THRESHOLDS}. */
  thresholds?: Partial<DriftThresholds>;
}

/** The reference scan: its range, and its distinct values with their counts while they are few. */
interface ReferenceScan extends SampleRange {
  /** Distinct finite values, or undefined once more than the limit were seen. */
  distinct?: { values: Float64Array; counts: Float64Array; size: number };
}

/**
 * One pass over the reference for its range and, until more than {@link DISCRETE_VALUE_LIMIT}
 * distinct values have been seen, those values and their counts. A linear search over at most
 * 21 values beats hashing doubles, and continuous data leaves the loop after ~21 values.
 */
function scanReference(values: ArrayLike<number>): ReferenceScan {
  const distinctValues = new Float64Array(DISCRETE_VALUE_LIMIT);
  const distinctCounts = new Float64Array(DISCRETE_VALUE_LIMIT);
  let distinctSize = 0;
  let size = 0;
  let min = Infinity;
  let max = -Infinity;
  let i = 0;
  let tooMany = false;
  for (; i < values.length; i++) {
    const x = values[i];
    if (x - x !== 0) continue;
    let j = 0;
    while (j < distinctSize && distinctValues[j] !== x) j++;
    if (j === distinctSize) {
      if (distinctSize === DISCRETE_VALUE_LIMIT) {
        tooMany = true;
        break;
      }
      distinctValues[distinctSize++] = x;
    }
    distinctCounts[j]++;
    size++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (!tooMany) {
    return {
      size,
      min,
      max,
      distinct: {
        values: distinctValues,
        counts: distinctCounts,
        size: distinctSize,
      },
    };
  }
  // The rest of the reference only needs its range.
  const rest = scanRange(values, i);
  return {
    size: size + rest.size,
    min: Math.min(min, rest.min),
    max: Math.max(max, rest.max),
  };
}

function noDataError(side: string): DriftInputError {
  return new DriftInputError(
    `The ${side} sample has no finite values to compare (NaN and ±Infinity are dropped)`,
  );
}

function shares(counts: Float64Array, size: number): Float64Array {
  const result = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) result[i] = counts[i] / size;
  return result;
}

function compareOnEqualWidthBins(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  referenceRange: SampleRange,
  fixedBins: number | undefined,
  thresholds: DriftThresholds,
): SampleComparison {
  const currentRange = scanRange(current);
  if (currentRange.size === 0) throw noDataError('current');
  const min = Math.min(referenceRange.min, currentRange.min);
  const max = Math.max(referenceRange.max, currentRange.max);
  const bins =
    fixedBins ??
    sturgesBinCount(referenceRange.size + currentRange.size, min, max);
  const edges = equalWidthEdges(min, max, bins);
  const referenceCounts = new Float64Array(bins);
  const currentCounts = new Float64Array(bins);
  addToBins(reference, edges, referenceCounts);
  addToBins(current, edges, currentCounts);
  return {
    kind: 'numerical',
    ...measureShares(
      shares(referenceCounts, referenceRange.size),
      shares(currentCounts, currentRange.size),
      thresholds,
    ),
    binEdges: Array.from(edges),
    referenceCounts: Array.from(referenceCounts),
    currentCounts: Array.from(currentCounts),
    referenceSize: referenceRange.size,
    currentSize: currentRange.size,
  };
}

function compareOnDistinctValues(
  current: ArrayLike<number>,
  referenceRange: SampleRange,
  referenceDistinct: NonNullable<ReferenceScan['distinct']>,
  thresholds: DriftThresholds,
): SampleComparison {
  const known = referenceDistinct.values.subarray(0, referenceDistinct.size);
  const currentKnownCounts = new Float64Array(known.length);
  // Values the reference never had: each is a bin of its own.
  const currentOnly = new Map<number, number>();
  let currentSize = 0;
  for (let i = 0; i < current.length; i++) {
    const x = current[i];
    if (x - x !== 0) continue;
    currentSize++;
    let j = 0;
    while (j < known.length && known[j] !== x) j++;
    if (j < known.length) currentKnownCounts[j]++;
    else currentOnly.set(x, (currentOnly.get(x) ?? 0) + 1);
  }
  if (currentSize === 0) throw noDataError('current');

  const bins: Array<{ value: number; reference: number; current: number }> = [];
  for (let j = 0; j < known.length; j++) {
    bins.push({
      value: known[j],
      reference: referenceDistinct.counts[j],
      current: currentKnownCounts[j],
    });
  }
  for (const [value, count] of currentOnly) {
    bins.push({ value, reference: 0, current: count });
  }
  bins.sort((a, b) => a.value - b.value);

  const referenceCounts = Float64Array.from(bins, b => b.reference);
  const currentCounts = Float64Array.from(bins, b => b.current);
  return {
    kind: 'discrete',
    ...measureShares(
      shares(referenceCounts, referenceRange.size),
      shares(currentCounts, currentSize),
      thresholds,
    ),
    categories: bins.map(b => String(b.value)),
    values: bins.map(b => b.value),
    referenceCounts: Array.from(referenceCounts),
    currentCounts: Array.from(currentCounts),
    referenceSize: referenceRange.size,
    currentSize,
  };
}

/**
 * Compares a current sample of a numerical feature with its reference (training) sample, as the
 * drift contract and Evidently do, and gives the bins, the counts, PSI, Jensen-Shannon and the
 * verdict.
 *
 * @remarks
 * NaN and ±Infinity are dropped from both sides first. If the reference has more than
 * {@link DISCRETE_VALUE_LIMIT} distinct values, both sides are counted on equal-width bins over
 * their combined range, as many as Sturges' rule gives for the combined size
 * (`numpy.histogram_bin_edges(concat(ref, cur), bins="sturges")`, edges and bin assignment
 * identical to numpy's to the last bit; a value on the upper edge falls in the last bin).
 * Otherwise every distinct value of reference ∪ current is a bin (`kind: 'discrete'`).
 * `options.bins` fixes the number of equal-width bins instead.
 *
 * Shares are `count / size` per side; the PSI smooths empty bins as
 * {@link populationStabilityIndex} says, Jensen-Shannon does not smooth
 * ({@link jensenShannon}). Built for large samples: pass `Float64Array`s; 10 million values per
 * side take two passes each, O(n), with no sorting and no per-value logarithm.
 *
 * @param reference - the reference (training) sample.
 * @param current - the current sample (a scoring window).
 * @param options - `bins` to fix the bin count; `thresholds` to override
 * {@link DEFAULT_DRIFT_THRESHOLDS}.
 * @throws {@link DriftInputError} if a side has no finite value, all values are equal while
 * equal-width bins are asked for, the bin count or the thresholds are invalid.
 * @example
 * ```ts
 * const reference = Float64Array.from({ length: 100 }, (_, i) => i);
 * const current = Float64Array.from({ length: 100 }, (_, i) => i + 20);
 * const result = compareSamples(reference, current);
 * result.binEdges?.length; // 10 (9 Sturges bins)
 * result.psi; // 2.101220…
 * result.status; // 'drift'
 * ```
 * @public
 */
export function compareSamples(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options?: CompareSamplesOptions,
): SampleComparison {
  assertSample(reference, 'reference');
  assertSample(current, 'current');
  const fixedBins = options?.bins;
  if (fixedBins !== undefined) assertBinCount(fixedBins);
  const thresholds = resolveDriftThresholds(options?.thresholds);

  const referenceScan = scanReference(reference);
  if (referenceScan.size === 0) throw noDataError('reference');
  if (fixedBins !== undefined || !referenceScan.distinct) {
    return compareOnEqualWidthBins(
      reference,
      current,
      referenceScan,
      fixedBins,
      thresholds,
    );
  }
  return compareOnDistinctValues(
    current,
    referenceScan,
    referenceScan.distinct,
    thresholds,
  );
}

function countCategories(
  values: ArrayLike<string | null | undefined>,
  side: string,
): { counts: Map<string, number>; size: number } {
  assertSample(values, side);
  const counts = new Map<string, number>();
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      throw new DriftInputError(
        `Categories must be strings; the ${side} sample has ${typeof value} ${String(
          value,
        )} at index ${i}`,
      );
    }
    counts.set(value, (counts.get(value) ?? 0) + 1);
    size++;
  }
  if (size === 0) {
    throw new DriftInputError(
      `The ${side} sample has no categories to compare (null and undefined are dropped)`,
    );
  }
  return { counts, size };
}

/**
 * Compares a current sample of a categorical feature with its reference sample: every distinct
 * category of reference ∪ current is a bin, then PSI, Jensen-Shannon and the verdict as in
 * {@link compareSamples}.
 *
 * @remarks
 * Missing values (`null`, `undefined`) are dropped. Bins are in sorted order of the category.
 *
 * @param reference - the reference categories, one string per observation.
 * @param current - the current categories, one string per observation.
 * @param options - `thresholds` to override {@link DEFAULT_DRIFT_THRESHOLDS}.
 * @throws {@link DriftInputError} if a side has no category or holds a value that is not a string,
 * or the thresholds are invalid.
 * @example
 * ```ts
 * compareCategories(['3', '2', '2'], ['1', '2', '3']).psi; // 2.934147… (Evidently's fixture)
 * ```
 * @public
 */
export function compareCategories(
  reference: ArrayLike<string | null | undefined>,
  current: ArrayLike<string | null | undefined>,
  options?: CompareCategoriesOptions,
): SampleComparison {
  const thresholds = resolveDriftThresholds(options?.thresholds);
  const ref = countCategories(reference, 'reference');
  const cur = countCategories(current, 'current');
  const categories = Array.from(
    new Set([...ref.counts.keys(), ...cur.counts.keys()]),
  ).sort();
  const referenceCounts = Float64Array.from(
    categories,
    c => ref.counts.get(c) ?? 0,
  );
  const currentCounts = Float64Array.from(
    categories,
    c => cur.counts.get(c) ?? 0,
  );
  return {
    kind: 'categorical',
    ...measureShares(
      shares(referenceCounts, ref.size),
      shares(currentCounts, cur.size),
      thresholds,
    ),
    categories,
    referenceCounts: Array.from(referenceCounts),
    currentCounts: Array.from(currentCounts),
    referenceSize: ref.size,
    currentSize: cur.size,
  };
}
