import { invalid } from '../domain/errors';

/** One page of a list, with Databricks' opaque page tokens (here: the offset, base64). */
export function pageOf<T>(
  items: T[],
  max: number,
  pageToken: string | undefined,
  limit: number,
): { page: T[]; nextToken?: string } {
  if (!Number.isInteger(max) || max < 1 || max > limit)
    throw invalid(`max_results must be between 1 and ${limit}, got ${max}.`);
  const offset = pageToken
    ? Number(Buffer.from(pageToken, 'base64').toString('utf8'))
    : 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw invalid(`Invalid page_token '${pageToken}'.`);
  const page = items.slice(offset, offset + max);
  return offset + max < items.length
    ? { page, nextToken: Buffer.from(String(offset + max)).toString('base64') }
    : { page };
}
