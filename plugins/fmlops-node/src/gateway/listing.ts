import {
  DatabricksErrorContext,
  DatabricksInvalidRequestError,
} from '../errors';

/**
 * Caps on paged listings: a listing stops there rather than page on for ever.
 *
 * @public
 */
export const LISTING_CAPS = Object.freeze({
  modelVersions: 10_000,
  runs: 1_000,
  jobRuns: 1_000,
  pipelineEvents: 1_000,
  servingEndpoints: 5_000,
  sqlRows: 100_000,
});

/** The number of results to list: what was asked for, at most `cap`. */
export function capOf(
  context: Pick<DatabricksErrorContext, 'workspace' | 'operation'>,
  requested: number,
  cap: number,
): number {
  if (!Number.isInteger(requested) || requested < 1) {
    throw new DatabricksInvalidRequestError(
      context,
      `the number of results must be a whole number of at least 1, got ${requested}`,
    );
  }
  return Math.min(requested, cap);
}

/** The first `limit` items of a paged SDK listing; pages beyond are not fetched. */
export async function collect<T>(
  iterable: AsyncIterable<T>,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) {
    return out;
  }
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) {
      break;
    }
  }
  return out;
}
