import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Context } from '@databricks/sdk-experimental';
import { ObservedResponse } from '../errors';
import { parseRetryAfter } from './retryAfter';

/** The attempt whose code is running, and the attempt each watched request belongs to. */
const attempts = new AsyncLocalStorage<WatchedAttempt>();
const attemptOfRequest = new WeakMap<ClientRequest, WatchedAttempt>();
let subscribed = false;

/**
 * One attempt of a gateway call, watched on the wire.
 *
 * The SDK cannot take a `fetch`, swallows the status and Retry-After of a 429 (it sleeps, then
 * throws its own TimeoutError) and sets no deadline on a request. Node's HTTP client publishes
 * every request and response on diagnostics channels, so the gateway follows the requests an
 * attempt makes (an AsyncLocalStorage tells which attempt a request belongs to) without touching
 * the SDK: each request gets a deadline, and a 429 ends the attempt at once with its Retry-After.
 */
export class WatchedAttempt implements ObservedResponse {
  statusCode?: number;
  retryAfterMs?: number;
  timedOut = false;
  /** HTTP requests this attempt sent */
  requests = 0;
  readonly controller = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<ClientRequest>();

  constructor(readonly timeoutMs: number) {}

  /** The SDK context that cancels the attempt's requests when it is aborted. */
  sdkContext(): Context {
    const signal = this.controller.signal;
    return new Context({
      cancellationToken: {
        get isCancellationRequested() {
          return signal.aborted;
        },
        onCancellationRequested: (listener: () => void) =>
          signal.addEventListener('abort', () => listener(), { once: true }),
      },
    });
  }

  /** Runs `fn` as this attempt: rejects when a request times out or is rate limited. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    ensureSubscribed();
    const aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener(
        'abort',
        () =>
          reject(
            Object.assign(new Error('The operation was aborted.'), {
              name: 'AbortError',
            }),
          ),
        { once: true },
      );
    });
    // a stalled SDK promise is abandoned here; the abort has destroyed its socket
    return Promise.race([attempts.run(this, fn), aborted]).finally(() =>
      this.dispose(),
    );
  }

  onRequest(request: ClientRequest): void {
    this.requests += 1;
    this.inFlight.add(request);
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.abort();
    }, this.timeoutMs);
    this.timers.add(timer);
    const done = () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.inFlight.delete(request);
    };
    request.once('close', done);
    request.once('error', done);
  }

  /**
   * Ends the attempt: the SDK's requests listen to the signal, and requests it sends without one
   * (OIDC discovery, token exchange) are destroyed here, so no socket outlives the attempt.
   */
  private abort(): void {
    this.controller.abort();
    for (const request of this.inFlight) {
      request.destroy();
    }
    this.inFlight.clear();
  }

  onResponse(response: IncomingMessage): void {
    this.statusCode = response.statusCode;
    const header = response.headers['retry-after'];
    this.retryAfterMs = parseRetryAfter(
      Array.isArray(header) ? header[0] : header,
      Date.now(),
    );
    if (response.statusCode === 429) {
      // the SDK would sleep a second or more, then hide the status: end the attempt now
      this.abort();
    }
  }

  dispose(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}

function ensureSubscribed() {
  if (subscribed) {
    return;
  }
  subscribed = true;
  diagnostics.subscribe('http.client.request.start', message => {
    const { request } = message as { request: ClientRequest };
    const attempt = attempts.getStore();
    if (attempt) {
      attemptOfRequest.set(request, attempt);
      attempt.onRequest(request);
    }
  });
  diagnostics.subscribe('http.client.response.finish', message => {
    const { request, response } = message as {
      request: ClientRequest;
      response: IncomingMessage;
    };
    attemptOfRequest.get(request)?.onResponse(response);
  });
}
