import diagnostics from 'node:diagnostics_channel';

/**
 * The SDK hides HTTP 429 responses behind its own TimeoutError and ignores Retry-After. Node's
 * HTTP client publishes every response on a diagnostics channel, so the gateway reads the
 * Retry-After a host sent from there, without touching the SDK.
 */
const lastRetryAfter = new Map<string, { untilMs: number }>();
let subscribed = false;

function parseRetryAfter(value: string, now: number): number | undefined {
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return now + seconds * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

export function watchRetryAfter(): void {
  if (subscribed) {
    return;
  }
  subscribed = true;
  diagnostics.subscribe('http.client.response.finish', message => {
    const { request, response } = message as {
      request: { host?: string; getHeader?: (n: string) => unknown };
      response: {
        statusCode?: number;
        headers?: Record<string, string | string[] | undefined>;
      };
    };
    if (response?.statusCode !== 429 && response?.statusCode !== 503) {
      return;
    }
    const header = response.headers?.['retry-after'];
    const value = Array.isArray(header) ? header[0] : header;
    const host = String(request?.getHeader?.('host') ?? request?.host ?? '');
    if (!value || !host) {
      return;
    }
    const until = parseRetryAfter(value, Date.now());
    if (until !== undefined) {
      lastRetryAfter.set(host, { untilMs: until });
    }
  });
}

/** Milliseconds the host asked to wait (0 when it asked nothing or the time has passed). */
export function retryAfterMs(host: string, now = Date.now()): number {
  const entry = lastRetryAfter.get(host);
  if (!entry) {
    return 0;
  }
  const wait = entry.untilMs - now;
  if (wait <= 0) {
    lastRetryAfter.delete(host);
    return 0;
  }
  return wait;
}

/** host:port as Node's client sends it in the Host header. */
export function hostKey(url: string): string {
  const u = new URL(url);
  return u.host;
}
