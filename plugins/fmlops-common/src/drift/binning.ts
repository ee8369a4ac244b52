import { DriftInputError } from './errors';

/**
 * Largest bin count a caller may ask for: enough for any histogram a person reads, small enough
 * that a typo cannot allocate gigabytes.
 *
 * @public
 */
export const MAX_BIN_COUNT = 100_000;

/** Finite values of a sample: how many, and their range. */
export interface SampleRange {
  size: number;
  min: number;
  max: number;
}

/**
 * Checks that a caller-supplied sample is array-like, so a wrong type is a clear error rather
 * than a silent "no data".
 */
export function assertSample(
  values: unknown,
  side: string,
): asserts values is ArrayLike<unknown> {
  if (
    values === null ||
    typeof values !== 'object' ||
    typeof (values as ArrayLike<unknown>).length !== 'number'
  ) {
    throw new DriftInputError(
      `The ${side} sample must be an array of values, got ${
        values === null ? 'null' : typeof values
      }`,
    );
  }
}

/**
 * One pass over a sample, from index `start` on: count and range of its finite values (NaN and
 * ±Infinity skipped).
 */
export function scanRange(values: ArrayLike<number>, start = 0): SampleRange {
  let size = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = start; i < values.length; i++) {
    const x = values[i];
    // x - x is 0 exactly for finite numbers and NaN for NaN and ±Infinity.
    if (x - x !== 0) continue;
    size++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { size, min, max };
}

/**
 * Number of bins numpy's `histogram_bin_edges(a, bins="sturges")` chooses for `size` finite values
 * spanning [min, max], computed with numpy's own operations so that the rare float tie (for
 * example at sizes that are powers of two) rounds the same way.
 */
export function sturgesBinCount(
  size: number,
  min: number,
  max: number,
): number {
  const spread = max - min;
  const width = spread / (Math.log2(size) + 1);
  return width ? Math.ceil(spread / width) : 1;
}

/**
 * `numpy.linspace(first, last, bins + 1)`: `first + i * step`, with the last edge set to `last`
 * exactly; for a step that underflows to zero numpy divides first (gh-5437), and so does this.
 */
export function linspaceEdges(
  first: number,
  last: number,
  bins: number,
): Float64Array {
  const edges = new Float64Array(bins + 1);
  const delta = last - first;
  const step = delta / bins;
  for (let i = 0; i <= bins; i++) {
    edges[i] = (step === 0 ? (i / bins) * delta : i * step) + first;
  }
  edges[bins] = last;
  return edges;
}

/**
 * Adds each finite value within [edges[0], edges[last]] to its bin, with numpy's `histogram`
 * semantics: bin i holds `edges[i] <= x < edges[i + 1]`, the last bin also holds its upper edge,
 * values outside the edges (and NaN, ±Infinity) are not counted.
 *
 * The bin is computed directly from the value, as numpy's equal-width fast path does, and then
 * corrected against the actual edges, because `(x - first) * bins / span` can land one bin off
 * for values within an ulp of an edge. For equal-width edges the correction is at most one step;
 * for any other strictly increasing edges it walks to the right bin.
 */
export function addToBins(
  values: ArrayLike<number>,
  edges: Float64Array,
  counts: Float64Array,
): void {
  const lastBin = edges.length - 2;
  const first = edges[0];
  const last = edges[lastBin + 1];
  const norm = (lastBin + 1) / (last - first);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    // Also rejects NaN (both comparisons false) and ±Infinity (edges are finite).
    if (!(x >= first && x <= last)) continue;
    let bin = ((x - first) * norm) | 0;
    if (bin > lastBin) bin = lastBin;
    while (x < edges[bin]) bin--;
    while (bin < lastBin && x >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
}

/** Validates a caller's bin count. */
export function assertBinCount(bins: unknown): asserts bins is number {
  if (
    typeof bins !== 'number' ||
    !Number.isInteger(bins) ||
    bins < 1 ||
    bins > MAX_BIN_COUNT
  ) {
    throw new DriftInputError(
      `The number of bins must be a whole number from 1 to ${MAX_BIN_COUNT}, got ${String(
        bins,
      )}`,
    );
  }
}

/** Edges of `bins` equal-width bins over a range, refusing a range of zero width. */
export function equalWidthEdges(
  min: number,
  max: number,
  bins: number,
): Float64Array {
  if (min === max) {
    throw new DriftInputError(
      `All values are equal (${min}): equal-width bins need values that differ`,
    );
  }
  if (!Number.isFinite(max - min)) {
    throw new DriftInputError(
      `The range of the values [${min}, ${max}] is too wide to split into bins`,
    );
  }
  return linspaceEdges(min, max, bins);
}

/**
 * Edges of equal-width bins over the range of the finite values, as
 * `numpy.histogram_bin_edges(values, bins)` computes them.
 *
 * @remarks
 * NaN and ±Infinity are dropped first. With `'sturges'` (the default) the number of bins is
 * `ceil(log2(n) + 1)` for `n` finite values, as numpy computes it; a number fixes it. The edges are
 * `numpy.linspace(min, max, bins + 1)` to the last bit, so bins computed here and in a Python
 * pipeline agree. To bin two samples alike, pass both together (the contract bins over the
 * combined range).
 *
 * @param values - the sample(s) to bin.
 * @param bins - `'sturges'` or a whole number of bins from 1 to {@link MAX_BIN_COUNT}.
 * @returns `bins + 1` increasing edges; the first is the minimum, the last the maximum.
 * @throws {@link DriftInputError} if there is no finite value, all values are equal (equal-width
 * bins need a range), or the bin count is invalid.
 * @example
 * ```ts
 * histogramBinEdges([0, 1, 2, 3, 4, 5, 6, 7], 'sturges'); // [0, 1.75, 3.5, 5.25, 7]
 * ```
 * @public
 */
export function histogramBinEdges(
  values: ArrayLike<number>,
  bins: number | 'sturges' = 'sturges',
): number[] {
  assertSample(values, 'binned');
  if (bins !== 'sturges') assertBinCount(bins);
  const range = scanRange(values);
  if (range.size === 0) {
    throw new DriftInputError(
      'There are no finite values to bin (NaN and ±Infinity are dropped)',
    );
  }
  const count =
    bins === 'sturges'
      ? sturgesBinCount(range.size, range.min, range.max)
      : bins;
  return Array.from(equalWidthEdges(range.min, range.max, count));
}

/**
 * Counts the values falling in each bin, as `numpy.histogram(values, edges)[0]` does.
 *
 * @remarks
 * Bin i holds `edges[i] <= x < edges[i + 1]`; the last bin also holds its upper edge. Values
 * outside the edges, NaN and ±Infinity are not counted. Runs in O(n) for equal-width edges: the
 * bin of each value is computed, not searched, then corrected for values within an ulp of an
 * edge exactly as numpy corrects them.
 *
 * @param values - the sample to count.
 * @param edges - at least two finite, strictly increasing edges, e.g. from {@link histogramBinEdges}.
 * @returns one count per bin (`edges.length - 1` counts).
 * @throws {@link DriftInputError} if the edges are fewer than two, not finite or not strictly
 * increasing.
 * @example
 * ```ts
 * binCounts([0, 1, 1.75, 7, 9], [0, 1.75, 3.5, 5.25, 7]); // [2, 1, 0, 1]
 * ```
 * @public
 */
export function binCounts(
  values: ArrayLike<number>,
  edges: ArrayLike<number>,
): number[] {
  assertSample(values, 'binned');
  assertSample(edges, 'bin edges');
  if (edges.length < 2) {
    throw new DriftInputError(
      `Bin edges must have at least two values, got ${edges.length}`,
    );
  }
  const checkedEdges = Float64Array.from(edges);
  for (let i = 0; i < checkedEdges.length; i++) {
    if (!Number.isFinite(checkedEdges[i])) {
      throw new DriftInputError(
        `Bin edges must be finite numbers; edge ${i} is ${String(edges[i])}`,
      );
    }
    if (i > 0 && !(checkedEdges[i] > checkedEdges[i - 1])) {
      throw new DriftInputError(
        `Bin edges must be strictly increasing; edge ${i} (${
          checkedEdges[i]
        }) is not above edge ${i - 1} (${checkedEdges[i - 1]})`,
      );
    }
  }
  const counts = new Float64Array(checkedEdges.length - 1);
  addToBins(values, checkedEdges, counts);
  return Array.from(counts);
}
