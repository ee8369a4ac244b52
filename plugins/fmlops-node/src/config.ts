import { Config } from '@backstage/config';
import { ResilienceSettings } from './resilience';

/**
 * How the gateway authenticates to a workspace.
 *
 * @public
 */
export type WorkspaceAuth =
  | { type: 'pat'; token: string }
  | { type: 'oauth-m2m'; clientId: string; clientSecret: string };

/**
 * One Databricks workspace the gateway talks to.
 *
 * @public
 */
export interface WorkspaceSettings extends ResilienceSettings {
  alias: string;
  /** e.g. https://adb-123.4.azuredatabricks.net (any http(s) origin: the local set-up names its emulator) */
  host: string;
  auth: WorkspaceAuth;
  /** the SQL warehouse that runs `executeStatement` */
  warehouseId?: string;
  /** deadline of one HTTP request to the workspace */
  requestTimeoutMs: number;
  /** how long `executeStatement` waits for a statement to finish, polling included */
  statementTimeoutMs: number;
}

/**
 * Defaults of everything but host and credentials.
 *
 * @public
 */
export const WORKSPACE_DEFAULTS = {
  requestTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
  maxAttempts: 3,
  initialBackoffMs: 200,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 30_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
} satisfies Omit<WorkspaceSettings, 'alias' | 'host' | 'auth' | 'warehouseId'>;

function positiveSeconds(
  ws: Config,
  alias: string,
  key: string,
  fallbackMs: number,
): number {
  const value = ws.getOptionalNumber(key);
  if (value === undefined) {
    return fallbackMs;
  }
  if (!(value > 0)) {
    throw new Error(
      `fmlops.workspaces.${alias}.${key} must be a positive number of seconds, got ${value}`,
    );
  }
  return value * 1000;
}

function positiveInteger(
  ws: Config,
  alias: string,
  key: string,
  fallback: number,
): number {
  const value = ws.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `fmlops.workspaces.${alias}.${key} must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}

function readHost(alias: string, host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new Error(
      `fmlops.workspaces.${alias}.host must be a URL such as https://adb-123.4.azuredatabricks.net`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `fmlops.workspaces.${alias}.host must be an http(s) URL, got ${url.protocol}`,
    );
  }
  return url.origin;
}

/**
 * Reads `fmlops.workspaces`. Every workspace names its host and credentials; errors name the key
 * at fault and never a secret.
 *
 * @public
 */
export function readWorkspaces(config: Config): WorkspaceSettings[] {
  const workspaces = config.getOptionalConfig('fmlops.workspaces');
  if (!workspaces) {
    return [];
  }
  return workspaces.keys().map(alias => {
    const ws = workspaces.getConfig(alias);
    const host = ws.getOptionalString('host');
    const token = ws.getOptionalString('token');
    const clientId = ws.getOptionalString('clientId');
    const clientSecret = ws.getOptionalString('clientSecret');
    if (token && (clientId || clientSecret)) {
      throw new Error(
        `fmlops.workspaces.${alias} has both a token and OAuth credentials; keep one`,
      );
    }
    if (Boolean(clientId) !== Boolean(clientSecret)) {
      throw new Error(
        `fmlops.workspaces.${alias} needs both clientId and clientSecret for OAuth M2M`,
      );
    }
    if (!host) {
      throw new Error(`fmlops.workspaces.${alias}.host is missing`);
    }
    let auth: WorkspaceAuth;
    if (clientId && clientSecret) {
      auth = { type: 'oauth-m2m', clientId, clientSecret };
    } else if (token) {
      auth = { type: 'pat', token };
    } else {
      throw new Error(
        `fmlops.workspaces.${alias} needs a token, or clientId and clientSecret of a service principal`,
      );
    }
    const resolvedHost = readHost(alias, host);
    const d = WORKSPACE_DEFAULTS;
    return {
      alias,
      host: resolvedHost,
      auth,
      warehouseId: ws.getOptionalString('warehouseId'),
      requestTimeoutMs: positiveSeconds(
        ws,
        alias,
        'timeouts.requestSeconds',
        d.requestTimeoutMs,
      ),
      statementTimeoutMs: positiveSeconds(
        ws,
        alias,
        'timeouts.statementSeconds',
        d.statementTimeoutMs,
      ),
      maxAttempts: positiveInteger(
        ws,
        alias,
        'retries.maxAttempts',
        d.maxAttempts,
      ),
      initialBackoffMs: positiveSeconds(
        ws,
        alias,
        'retries.initialBackoffSeconds',
        d.initialBackoffMs,
      ),
      maxBackoffMs: positiveSeconds(
        ws,
        alias,
        'retries.maxBackoffSeconds',
        d.maxBackoffMs,
      ),
      maxRetryAfterMs: positiveSeconds(
        ws,
        alias,
        'retries.maxRetryAfterSeconds',
        d.maxRetryAfterMs,
      ),
      breakerThreshold: positiveInteger(
        ws,
        alias,
        'circuitBreaker.failureThreshold',
        d.breakerThreshold,
      ),
      breakerHalfOpenAfterMs: positiveSeconds(
        ws,
        alias,
        'circuitBreaker.halfOpenAfterSeconds',
        d.breakerHalfOpenAfterMs,
      ),
    };
  });
}
