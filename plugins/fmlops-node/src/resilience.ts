import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  retry,
  RetryPolicy,
} from 'cockatiel';
import {
  DatabricksRateLimitedError,
  DatabricksUnavailableError,
} from './errors';

/**
 * How a call may be repeated:
 * - `read`: no side effect, retried on any transient failure;
 * - `idempotent`: a side effect that the same request repeats harmlessly (PUT config, alias set,
 *   run-now with an idempotency token), retried like a read;
 * - `not-idempotent`: retried only when Databricks certainly did not act on it (429, refused
 *   connection).
 *
 * @public
 */
export type Idempotency = 'read' | 'idempotent' | 'not-idempotent';

/** @public */
export interface ResilienceSettings {
  /** attempts per call, the first included */
  maxAttempts: number;
  /** first backoff; doubles per attempt, with full jitter on its upper half */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** the longest Retry-After honoured; a longer ask fails the call at once */
  maxRetryAfterMs: number;
  /** consecutive failed attempts that open the breaker */
  breakerThreshold: number;
  /** how long the breaker stays open before letting one call through */
  breakerHalfOpenAfterMs: number;
}

/**
 * The breaker's state for a workspace, for health pages and metrics.
 *
 * @public
 */
export interface BreakerHealth {
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
  consecutiveFailures: number;
  /** the last failure that counted against the breaker, secrets removed */
  lastError?: string;
  lastFailureAt?: string;
  /** when an open breaker lets a call through again */
  halfOpenAt?: string;
}

const BREAKER_NAMES: Record<CircuitState, BreakerHealth['breaker']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** A failure that says the workspace (not the request) is unwell: counts against the breaker. */
function isOutage(error: unknown): boolean {
  return error instanceof DatabricksUnavailableError && error.transient;
}

/** Whether repeating the call can help, and cannot do harm. */
function isRetryable(error: unknown, idempotency: Idempotency): boolean {
  if (error instanceof BrokenCircuitError) {
    return false;
  }
  if (error instanceof DatabricksRateLimitedError) {
    // a rejected request was not acted upon
    return true;
  }
  if (error instanceof DatabricksUnavailableError) {
    return (
      error.transient && (idempotency !== 'not-idempotent' || error.notSent)
    );
  }
  return false;
}

function retryAfterOf(error: unknown): number | undefined {
  if (
    error instanceof DatabricksRateLimitedError ||
    error instanceof DatabricksUnavailableError
  ) {
    return error.retryAfterMs;
  }
  return undefined;
}

/**
 * Bounded retries with exponential backoff and jitter that honour Retry-After, inside a circuit
 * breaker per workspace. Works on the gateway's typed errors: attempts map their failures first.
 *
 * @public
 */
export class WorkspaceResilience {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retries = new Map<Idempotency, RetryPolicy>();
  private consecutiveFailures = 0;
  private lastError?: string;
  private lastFailureAt?: number;
  private openedAt?: number;

  constructor(
    readonly alias: string,
    private readonly settings: ResilienceSettings,
    logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: settings.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    this.breaker.onFailure(({ reason }) => {
      if ('error' in reason && isOutage(reason.error)) {
        this.consecutiveFailures += 1;
        this.lastError = reason.error.message;
        this.lastFailureAt = this.now();
      }
    });
    this.breaker.onSuccess(() => {
      this.consecutiveFailures = 0;
    });
    this.breaker.onBreak(() => {
      this.openedAt = this.now();
      logger.warn(
        `Databricks workspace ${alias}: circuit breaker open after ${this.consecutiveFailures} consecutive failures (${this.lastError}); calls fail fast for ${settings.breakerHalfOpenAfterMs} ms`,
      );
    });
    this.breaker.onHalfOpen(() => {
      logger.info(
        `Databricks workspace ${alias}: circuit breaker half-open, trying one call`,
      );
    });
    this.breaker.onReset(() => {
      this.openedAt = undefined;
      logger.info(`Databricks workspace ${alias}: circuit breaker closed`);
    });
    for (const idempotency of [
      'read',
      'idempotent',
      'not-idempotent',
    ] as const) {
      this.retries.set(idempotency, this.retryPolicy(idempotency));
    }
  }

  private retryPolicy(idempotency: Idempotency): RetryPolicy {
    const { initialBackoffMs, maxBackoffMs, maxRetryAfterMs } = this.settings;
    return retry(
      handleWhen(error => {
        if (!isRetryable(error, idempotency)) {
          return false;
        }
        // waiting longer than the cap ties up the caller: fail now, the error says how long
        return (retryAfterOf(error) ?? 0) <= maxRetryAfterMs;
      }),
      {
        maxAttempts: Math.max(0, this.settings.maxAttempts - 1),
        backoff: new DelegateBackoff(context => {
          const ceiling = Math.min(
            maxBackoffMs,
            initialBackoffMs * 2 ** (context.attempt - 1),
          );
          const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
          const asked =
            'error' in context.result
              ? retryAfterOf(context.result.error) ?? 0
              : 0;
          return Math.max(asked, jittered);
        }),
      },
    );
  }

  /**
   * Runs `attempt` under the retry policy for its idempotency and the breaker. `attempt` must throw
   * the gateway's typed errors; an open breaker becomes a DatabricksUnavailableError.
   */
  async execute<T>(
    operation: string,
    idempotency: Idempotency,
    attempt: () => Promise<T>,
  ): Promise<T> {
    try {
      // The breaker judges calls, not attempts: a call counts as failed once its retries are
      // spent. A workspace failing a share of requests (a 30% 5xx brown-out) is served through
      // retries; only a run of calls that fail outright opens the breaker.
      return await this.breaker.execute(() =>
        this.retries.get(idempotency)!.execute(attempt),
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        const halfOpenAt = this.halfOpenAt();
        throw new DatabricksUnavailableError(
          { workspace: this.alias, operation },
          `circuit breaker open after repeated failures (${
            this.lastError ?? 'unknown error'
          }); next try ${
            halfOpenAt ? `after ${new Date(halfOpenAt).toISOString()}` : 'soon'
          }`,
          { notSent: true },
        );
      }
      throw error;
    }
  }

  private halfOpenAt(): number | undefined {
    return this.openedAt === undefined
      ? undefined
      : this.openedAt + this.settings.breakerHalfOpenAfterMs;
  }

  health(): BreakerHealth {
    const state = BREAKER_NAMES[this.breaker.state];
    const halfOpenAt = this.halfOpenAt();
    return {
      breaker: state,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastFailureAt
        ? { lastFailureAt: new Date(this.lastFailureAt).toISOString() }
        : {}),
      ...(state === 'open' && halfOpenAt
        ? { halfOpenAt: new Date(halfOpenAt).toISOString() }
        : {}),
    };
  }
}
