import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Where a Databricks failure happened, carried by every gateway error (never a secret). */
export interface DatabricksErrorContext {
  workspace: string;
  operation: string;
  /** Databricks' error_code, e.g. RESOURCE_DOES_NOT_EXIST */
  errorCode?: string;
  statusCode?: number;
}

const describe = (c: DatabricksErrorContext, message: string) =>
  `Databricks ${c.operation} on workspace ${c.workspace} failed${
    c.errorCode ? ` (${c.errorCode})` : ''
  }: ${message}`;

/** 404 / RESOURCE_DOES_NOT_EXIST. */
export class DatabricksNotFoundError extends NotFoundError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** 401 / 403: the workspace refused the gateway's credentials or their permissions. */
export class DatabricksPermissionError extends NotAllowedError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** 409, RESOURCE_CONFLICT, RESOURCE_ALREADY_EXISTS. */
export class DatabricksConflictError extends ConflictError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** 400, INVALID_PARAMETER_VALUE and the like. */
export class DatabricksInvalidRequestError extends InputError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** 429 after the gateway's retries ran out. */
export class DatabricksRateLimitedError extends ServiceUnavailableError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** 5xx, connection failures, time-outs and an open circuit breaker. */
export class DatabricksUnavailableError extends ServiceUnavailableError {
  constructor(readonly context: DatabricksErrorContext, message: string) {
    super(describe(context, message));
  }
}

/** A workspace alias that is not configured under `fmlops.workspaces`. */
export class UnknownWorkspaceError extends InputError {
  constructor(workspace: string, known: string[]) {
    super(
      `Unknown Databricks workspace "${workspace}"; configured: ${
        known.join(', ') || 'none'
      } (fmlops.workspaces)`,
    );
  }
}

/** What the gateway learned from a raw failure, for retry decisions and mapping. */
export interface FailureFacts {
  statusCode?: number;
  errorCode?: string;
  message: string;
  /** the SDK gave up on HTTP 429 (it hides the status behind its own TimeoutError) */
  rateLimited: boolean;
  /** a network-level failure: reset, refused, timed out, aborted */
  network: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function failureFacts(error: unknown): FailureFacts {
  const e = (error ?? {}) as {
    statusCode?: number;
    errorCode?: string;
    code?: string;
    name?: string;
    message?: string;
    cause?: unknown;
  };
  const message = String(e.message ?? error);
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  const rateLimited = /^Timeout: /.test(message) && !e.statusCode;
  const network =
    (code !== undefined && NETWORK_CODES.has(code)) ||
    e.name === 'AbortError' ||
    /socket hang up|aborted|ECONNRESET|ECONNREFUSED|Can't connect/i.test(
      message,
    );
  return {
    statusCode: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    errorCode: e.errorCode,
    message,
    rateLimited,
    network,
  };
}

/** Transient: worth another try (429, 5xx, network failures). */
export function isTransient(facts: FailureFacts): boolean {
  return (
    facts.rateLimited ||
    facts.network ||
    facts.statusCode === 429 ||
    (facts.statusCode !== undefined && facts.statusCode >= 500)
  );
}

/** Maps a raw SDK or network failure to a typed domain error. Secrets never reach the message. */
export function toDomainError(
  error: unknown,
  context: Omit<DatabricksErrorContext, 'errorCode' | 'statusCode'>,
  redact: (s: string) => string,
): Error {
  if (
    error instanceof Error &&
    'context' in error &&
    (error as { context?: unknown }).context
  ) {
    return error;
  }
  const facts = failureFacts(error);
  const full: DatabricksErrorContext = {
    ...context,
    errorCode: facts.errorCode,
    statusCode: facts.statusCode,
  };
  const message = redact(facts.message);
  const status = facts.statusCode;
  if (facts.rateLimited || status === 429) {
    return new DatabricksRateLimitedError(full, 'rate limited (HTTP 429)');
  }
  if (
    status === 404 ||
    facts.errorCode === 'RESOURCE_DOES_NOT_EXIST' ||
    facts.errorCode === 'NOT_FOUND'
  ) {
    return new DatabricksNotFoundError(full, message);
  }
  if (
    status === 401 ||
    status === 403 ||
    facts.errorCode === 'PERMISSION_DENIED' ||
    facts.errorCode === 'UNAUTHENTICATED'
  ) {
    return new DatabricksPermissionError(full, message);
  }
  if (
    status === 409 ||
    facts.errorCode === 'RESOURCE_CONFLICT' ||
    facts.errorCode === 'RESOURCE_ALREADY_EXISTS'
  ) {
    return new DatabricksConflictError(full, message);
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new DatabricksInvalidRequestError(full, message);
  }
  return new DatabricksUnavailableError(full, message);
}
