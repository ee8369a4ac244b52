import { DriftInputError } from './errors';
import {
  DriftStatus,
  DriftThresholds,
  driftStatus,
  resolveDriftThresholds,
} from './thresholds';

/**
 * A Jensen-Shannon measure: the divergence and its square root, the distance.
 *
 * @public
 */
export interface JensenShannon {
  /** Jensen-Shannon divergence; in [0, 1] in base 2, in [0, ln 2] in natural log. */
  divergence: number;
  /** Jensen-Shannon distance, `sqrt(divergence)`. */
  distance: number;
}

/**
 * Options of {@link jensenShannon}.
 *
 * @public
 */
export interface JensenShannonOptions {
  /**
   * Logarithm base: `2` (default, as NannyML and Azure ML report it) or `'e'` (natural log, as
   * `scipy.spatial.distance.jensenshannon` and Evidently report it).
   */
  base?: 2 | 'e';
}

/**
 * Every drift measure of one feature, with the verdict.
 *
 * @public
 */
export interface DriftMeasures {
  /** Population Stability Index, with the contract's smoothing of empty bins. */
  psi: number;
  /** Jensen-Shannon divergence and distance in base 2. */
  js: JensenShannon;
  /** Jensen-Shannon distance in natural log: Evidently's `jensenshannon` number. */
  jsDistanceNatural: number;
  /** Verdict under the thresholds in force. */
  status: DriftStatus;
}

/**
 * Options of {@link compareHistograms}.
 *
 * @public
 */
export interface CompareHistogramsOptions {
  /** Overrides of {@link DEFAULT_DRIFT_THRESHOLDS}. */
  thresholds?: Partial<DriftThresholds>;
}

// Shares below this are smoothed differently (Evidently's rule, kept for parity).
const SMALL_SHARE = 1e-4;
const LN2 = Math.LN2;

/** Checks two count arrays and turns each into shares summing to 1. */
function toShares(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): { reference: Float64Array; current: Float64Array } {
  if (!isArrayLike(referenceCounts) || !isArrayLike(currentCounts)) {
    throw new DriftInputError(
      'Bin counts must be arrays of numbers for the reference and the current sample',
    );
  }
  if (referenceCounts.length !== currentCounts.length) {
    throw new DriftInputError(
      `Reference and current bin counts must have the same length, got ${referenceCounts.length} and ${currentCounts.length}`,
    );
  }
  if (referenceCounts.length === 0) {
    throw new DriftInputError('Bin counts must have at least one bin');
  }
  return {
    reference: normalise(referenceCounts, 'reference'),
    current: normalise(currentCounts, 'current'),
  };
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ArrayLike<number>).length === 'number'
  );
}

function normalise(counts: ArrayLike<number>, side: string): Float64Array {
  const shares = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new DriftInputError(
        `The ${side} bin counts must be finite, non-negative numbers; bin ${i} is ${String(
          count,
        )}`,
      );
    }
    shares[i] = count;
    total += count;
  }
  if (!(total > 0)) {
    throw new DriftInputError(
      `The ${side} bin counts are all zero: that side has no data to compare`,
    );
  }
  for (let i = 0; i < shares.length; i++) {
    shares[i] /= total;
  }
  return shares;
}

/** Replaces a side's empty bins as the contract says, without renormalising. */
function smoothEmptyBins(shares: Float64Array): Float64Array {
  let smallestNonZero = Infinity;
  let hasEmpty = false;
  for (let i = 0; i < shares.length; i++) {
    const share = shares[i];
    if (share === 0) hasEmpty = true;
    else if (share < smallestNonZero) smallestNonZero = share;
  }
  if (!hasEmpty) return shares;
  const fill =
    smallestNonZero <= SMALL_SHARE ? smallestNonZero / 1e6 : SMALL_SHARE;
  const smoothed = shares.slice();
  for (let i = 0; i < smoothed.length; i++) {
    if (smoothed[i] === 0) smoothed[i] = fill;
  }
  return smoothed;
}

function psiOfShares(reference: Float64Array, current: Float64Array): number {
  const ref = smoothEmptyBins(reference);
  const cur = smoothEmptyBins(current);
  let psi = 0;
  for (let i = 0; i < ref.length; i++) {
    psi += (ref[i] - cur[i]) * Math.log(ref[i] / cur[i]);
  }
  return psi;
}

/** Jensen-Shannon divergence in nats, with 0·log 0 = 0. */
function jsDivergenceNatural(p: Float64Array, q: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    if (p[i] > 0) sum += p[i] * Math.log(p[i] / m);
    if (q[i] > 0) sum += q[i] * Math.log(q[i] / m);
  }
  // Rounding can leave a hair below zero for identical distributions; the divergence is not negative.
  return Math.max(0, sum / 2);
}

/**
 * Population Stability Index between a reference and a current histogram.
 *
 * @remarks
 * Each side is normalised to shares summing to 1. Empty bins are smoothed per side without
 * renormalising: if that side's smallest non-zero share is at most 1e-4 its zeros become
 * `smallest / 1e6`, otherwise `1e-4`. Then `PSI = Σ (ref_i − cur_i) · ln(ref_i / cur_i)`.
 * Identical histograms give 0; the usual reading is below 0.1 stable, 0.1–0.2 a moderate shift,
 * 0.2 or more drift.
 *
 * @param referenceCounts - counts (or shares) per bin of the reference (training) sample.
 * @param currentCounts - counts (or shares) per bin of the current sample, same bins and order.
 * @returns the PSI, a non-negative number.
 * @throws {@link DriftInputError} if the arrays differ in length or are empty, hold a negative or
 * non-finite count, or one side has no data.
 * @example
 * ```ts
 * populationStabilityIndex([40, 30, 20, 10, 0], [25, 25, 25, 0, 25]); // 2.736088…
 * ```
 * @public
 */
export function populationStabilityIndex(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): number {
  const { reference, current } = toShares(referenceCounts, currentCounts);
  return psiOfShares(reference, current);
}

/**
 * Jensen-Shannon divergence and distance between a reference and a current histogram.
 *
 * @remarks
 * No smoothing: with shares `p`, `q` and `m = (p + q) / 2`,
 * `JSD = ½ KL(p‖m) + ½ KL(q‖m)` where `0·log 0 = 0`, and the distance is `sqrt(JSD)`.
 * In base 2 (the default) the divergence lies in [0, 1]; with `base: 'e'` the distance equals
 * `scipy.spatial.distance.jensenshannon(p, q)`, Evidently's number. The measure is symmetric.
 *
 * @param referenceCounts - counts (or shares) per bin of the reference sample.
 * @param currentCounts - counts (or shares) per bin of the current sample, same bins and order.
 * @param options - `base`: `2` (default) or `'e'`.
 * @throws {@link DriftInputError} on the same input as {@link populationStabilityIndex}, or an
 * unknown base.
 * @example
 * ```ts
 * jensenShannon([0, 2, 1], [1, 1, 1]); // { divergence: 0.207519…, distance: 0.455542… }
 * jensenShannon([0, 2, 1], [1, 1, 1], { base: 'e' }).distance; // 0.379264…
 * ```
 * @public
 */
export function jensenShannon(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  options?: JensenShannonOptions,
): JensenShannon {
  const base = options?.base ?? 2;
  if (base !== 2 && base !== 'e') {
    throw new DriftInputError(
      `Jensen-Shannon base must be 2 or 'e', got ${String(base)}`,
    );
  }
  const { reference, current } = toShares(referenceCounts, currentCounts);
  const natural = jsDivergenceNatural(reference, current);
  const divergence = base === 2 ? natural / LN2 : natural;
  return { divergence, distance: Math.sqrt(divergence) };
}

/** Every measure from validated shares; shared by the sample comparisons. */
export function measureShares(
  reference: Float64Array,
  current: Float64Array,
  thresholds: DriftThresholds,
): DriftMeasures {
  const psi = psiOfShares(reference, current);
  const natural = jsDivergenceNatural(reference, current);
  const divergence = natural / LN2;
  const js = { divergence, distance: Math.sqrt(divergence) };
  return {
    psi,
    js,
    jsDistanceNatural: Math.sqrt(natural),
    status: driftStatus({ psi, jsDistance: js.distance }, thresholds),
  };
}

/**
 * Every drift measure between two histograms on the same bins, such as the stored
 * `reference_count` / `current_count` columns of a drift histogram table, or the counts of two
 * stored windows compared with each other.
 *
 * @remarks
 * Returns the PSI ({@link populationStabilityIndex}), the Jensen-Shannon divergence and distance
 * in base 2 and the distance in natural log ({@link jensenShannon}), and the verdict
 * ({@link driftStatus}) under the given or default thresholds.
 *
 * @param referenceCounts - counts (or shares) per bin of the reference side.
 * @param currentCounts - counts (or shares) per bin of the current side, same bins and order.
 * @param options - `thresholds`: overrides of {@link DEFAULT_DRIFT_THRESHOLDS}.
 * @throws {@link DriftInputError} if the arrays differ in length or are empty, hold a negative or
 * non-finite count, one side has no data, or the thresholds are invalid.
 * @public
 */
export function compareHistograms(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  options?: CompareHistogramsOptions,
): DriftMeasures {
  const thresholds = resolveDriftThresholds(options?.thresholds);
  const { reference, current } = toShares(referenceCounts, currentCounts);
  return measureShares(reference, current, thresholds);
}
