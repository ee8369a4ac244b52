/**
 * Reads a Retry-After header, given in seconds or as an HTTP date (RFC 9110 §10.2.3), as the
 * milliseconds to wait from `nowMs`. Undefined when the header is absent or unreadable; a date in
 * the past means no wait.
 */
export function parseRetryAfter(
  value: string | undefined,
  nowMs: number,
): number | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  // HTTP dates start with the day's name; anything else (e.g. "-1", "1.5") is not one
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - nowMs);
}
