import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * Where a Databricks failure happened, carried by every gateway error (never a secret).
 *
 * @public
 */
export interface DatabricksErrorContext {
  /** the workspace alias, e.g. `dev` */
  workspace: string;
  /** the gateway operation, e.g. `servingEndpoints.get` */
  operation: string;
  /** Databricks' `error_code`, e.g. `RESOURCE_DOES_NOT_EXIST` */
  errorCode?: string;
  /**
   * The HTTP status Databricks answered, when it answered. Not named `statusCode`: Backstage's
   * error handler would answer with it (a Databricks 500 must not become the portal's 500).
   */
  httpStatus?: number;
}

const fullMessage = (c: DatabricksErrorContext, message: string) =>
  `Databricks ${c.operation} on workspace ${c.workspace} failed${
    c.errorCode ? ` (${c.errorCode})` : ''
  }: ${message}`;

/**
 * The fields every gateway error exposes, so callers can branch on them without parsing
 * messages.
 *
 * @public
 */
export interface DatabricksError extends Error {
  readonly context: DatabricksErrorContext;
  readonly workspace: string;
  readonly operation: string;
  readonly errorCode?: string;
  readonly httpStatus?: number;
}

function withContext<T extends Error>(
  error: T,
  context: DatabricksErrorContext,
): T & DatabricksError {
  return Object.assign(error, {
    context,
    workspace: context.workspace,
    operation: context.operation,
    errorCode: context.errorCode,
    httpStatus: context.httpStatus,
  });
}

/**
 * 404 / RESOURCE_DOES_NOT_EXIST: maps to HTTP 404 in a Backstage router.
 *
 * @public
 */
export class DatabricksNotFoundError
  extends NotFoundError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  constructor(context: DatabricksErrorContext, message: string) {
    super(fullMessage(context, message));
    withContext(this, context);
  }
}

/**
 * 401 / 403: the workspace refused the gateway's credentials or their permissions (HTTP 403).
 *
 * @public
 */
export class DatabricksPermissionError
  extends NotAllowedError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  constructor(context: DatabricksErrorContext, message: string) {
    super(fullMessage(context, message));
    withContext(this, context);
  }
}

/**
 * 409, RESOURCE_CONFLICT, RESOURCE_ALREADY_EXISTS (HTTP 409).
 *
 * @public
 */
export class DatabricksConflictError
  extends ConflictError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  constructor(context: DatabricksErrorContext, message: string) {
    super(fullMessage(context, message));
    withContext(this, context);
  }
}

/**
 * 400, INVALID_PARAMETER_VALUE, a failed SQL statement and the like (HTTP 400).
 *
 * @public
 */
export class DatabricksInvalidRequestError
  extends InputError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  constructor(context: DatabricksErrorContext, message: string) {
    super(fullMessage(context, message));
    withContext(this, context);
  }
}

/**
 * 429 after the gateway's retries ran out, or when the wait asked for is too long (HTTP 503).
 *
 * @public
 */
export class DatabricksRateLimitedError
  extends ServiceUnavailableError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  /** how long Databricks asked to wait (Retry-After), when it said */
  readonly retryAfterMs?: number;
  constructor(
    context: DatabricksErrorContext,
    message: string,
    retryAfterMs?: number,
  ) {
    super(fullMessage(context, message));
    withContext(this, context);
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * 5xx, connection failures, time-outs and an open circuit breaker (HTTP 503).
 *
 * @public
 */
export class DatabricksUnavailableError
  extends ServiceUnavailableError
  implements DatabricksError
{
  declare readonly context: DatabricksErrorContext;
  declare readonly workspace: string;
  declare readonly operation: string;
  declare readonly errorCode?: string;
  declare readonly httpStatus?: number;
  /** the failure says nothing about the request itself: a later try may succeed */
  readonly transient: boolean;
  /** the request may not have reached Databricks (refused connection, open breaker) */
  readonly notSent: boolean;
  /** how long Databricks asked to wait (Retry-After on a 503), when it said */
  readonly retryAfterMs?: number;
  constructor(
    context: DatabricksErrorContext,
    message: string,
    details: {
      transient?: boolean;
      notSent?: boolean;
      retryAfterMs?: number;
    } = {},
  ) {
    super(fullMessage(context, message));
    withContext(this, context);
    this.transient = details.transient ?? true;
    this.notSent = details.notSent ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A workspace alias that is not configured under `fmlops.workspaces` (HTTP 400).
 *
 * @public
 */
export class UnknownWorkspaceError extends InputError {
  readonly workspace: string;
  constructor(workspace: string, known: string[]) {
    super(
      `Unknown Databricks workspace "${workspace}"; configured: ${
        known.join(', ') || 'none'
      } (fmlops.workspaces)`,
    );
    this.workspace = workspace;
  }
}

/**
 * Every typed error the gateway throws.
 *
 * @public
 */
export function isDatabricksError(error: unknown): error is DatabricksError {
  return (
    error instanceof DatabricksNotFoundError ||
    error instanceof DatabricksPermissionError ||
    error instanceof DatabricksConflictError ||
    error instanceof DatabricksInvalidRequestError ||
    error instanceof DatabricksRateLimitedError ||
    error instanceof DatabricksUnavailableError
  );
}

/**
 * What the gateway saw of one HTTP exchange, beyond what the SDK reports.
 *
 * @public
 */
export interface ObservedResponse {
  statusCode?: number;
  retryAfterMs?: number;
  /** the gateway cut the request off after its time-out */
  timedOut?: boolean;
  timeoutMs?: number;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const NETWORK_CODES = new Set([
  ...NOT_SENT_CODES,
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

interface RawFailure {
  statusCode?: unknown;
  errorCode?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * Maps a raw SDK or network failure to a typed domain error. `redact` removes secrets from any
 * text that reaches a message.
 *
 * @public
 */
export function toDomainError(
  error: unknown,
  context: Pick<DatabricksErrorContext, 'workspace' | 'operation'>,
  observed: ObservedResponse,
  redact: (text: string) => string,
): DatabricksError {
  if (isDatabricksError(error)) {
    return error;
  }
  const raw = (error ?? {}) as RawFailure;
  const sdkStatus =
    typeof raw.statusCode === 'number' ? raw.statusCode : undefined;
  // the SDK hides a 429 (and some 5xx) behind its own "Timeout: ..." error: the gateway saw the
  // status; a success status seen means the failure came after the answer (e.g. a bad body)
  const observedFailure =
    observed.statusCode !== undefined && observed.statusCode >= 400
      ? observed.statusCode
      : undefined;
  const statusCode = sdkStatus ?? observedFailure;
  const errorCode =
    typeof raw.errorCode === 'string' && raw.errorCode
      ? raw.errorCode
      : undefined;
  const full: DatabricksErrorContext = {
    ...context,
    errorCode,
    httpStatus: statusCode,
  };
  const message = redact(
    String(raw.message ?? error ?? 'unknown error').trim() || 'unknown error',
  );
  const networkCode = [raw.code, (raw.cause as RawFailure | undefined)?.code]
    .map(c => (typeof c === 'string' ? c : undefined))
    .find(c => c !== undefined && NETWORK_CODES.has(c));

  if (observed.timedOut) {
    return new DatabricksUnavailableError(
      full,
      `no answer within ${observed.timeoutMs} ms`,
    );
  }
  if (statusCode === 429) {
    return new DatabricksRateLimitedError(
      { ...full, errorCode: errorCode ?? 'REQUEST_LIMIT_EXCEEDED' },
      'rate limited (HTTP 429)',
      observed.retryAfterMs,
    );
  }
  if (statusCode === undefined) {
    if (
      networkCode !== undefined ||
      raw.name === 'AbortError' ||
      /socket hang up|ECONNRESET|ECONNREFUSED|Can't connect/i.test(message)
    ) {
      return new DatabricksUnavailableError(
        full,
        `connection failed (${networkCode ?? message})`,
        {
          notSent: networkCode !== undefined && NOT_SENT_CODES.has(networkCode),
        },
      );
    }
    // neither an answer nor a network failure: a bug or a malformed response
    return new DatabricksUnavailableError(full, message, { transient: false });
  }
  if (statusCode === 404 || errorCode === 'RESOURCE_DOES_NOT_EXIST') {
    return new DatabricksNotFoundError(full, message);
  }
  if (statusCode === 401 || statusCode === 403) {
    return new DatabricksPermissionError(full, message);
  }
  if (
    statusCode === 409 ||
    errorCode === 'RESOURCE_CONFLICT' ||
    errorCode === 'RESOURCE_ALREADY_EXISTS' ||
    errorCode === 'ALREADY_EXISTS'
  ) {
    return new DatabricksConflictError(full, message);
  }
  if (statusCode >= 500) {
    return new DatabricksUnavailableError(full, message, {
      retryAfterMs: observed.retryAfterMs,
    });
  }
  return new DatabricksInvalidRequestError(full, message);
}
