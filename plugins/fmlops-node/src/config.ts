import { Config } from '@backstage/config';

export type WorkspaceAuth =
  | { type: 'pat'; token: string }
  | { type: 'oauth-m2m'; clientId: string; clientSecret: string };

/** One Databricks workspace the gateway talks to. */
export interface WorkspaceSettings {
  alias: string;
  host: string;
  auth: WorkspaceAuth;
  warehouseId?: string;
  requestTimeoutMs: number;
  /** attempts per call, the first included */
  maxAttempts: number;
  /** consecutive failures that open the circuit breaker */
  breakerThreshold: number;
  /** how long the breaker stays open before letting one call through */
  breakerHalfOpenAfterMs: number;
  /** the longest Retry-After the gateway honours */
  maxRetryAfterMs: number;
}

export const LOCAL_WORKSPACE_DEFAULTS = {
  port: 8787,
  token: 'dapi-fmlops-local',
};

/**
 * Reads `fmlops.workspaces`. A workspace without `host` points at the local workspace when
 * `fmlops.localWorkspace.enabled` is true (the local demo), and is an error otherwise.
 */
export function readWorkspaces(config: Config): WorkspaceSettings[] {
  const fmlops = config.getOptionalConfig('fmlops');
  const local = fmlops?.getOptionalConfig('localWorkspace');
  const localEnabled = local?.getOptionalBoolean('enabled') ?? false;
  const localPort =
    local?.getOptionalNumber('port') ?? LOCAL_WORKSPACE_DEFAULTS.port;
  const localToken =
    local?.getOptionalString('token') ?? LOCAL_WORKSPACE_DEFAULTS.token;
  const workspaces = fmlops?.getOptionalConfig('workspaces');
  return (workspaces?.keys() ?? []).map(alias => {
    const ws = workspaces!.getConfig(alias);
    const host = ws.getOptionalString('host');
    const clientId = ws.getOptionalString('clientId');
    const clientSecret = ws.getOptionalString('clientSecret');
    const token = ws.getOptionalString('token');
    let auth: WorkspaceAuth;
    let resolvedHost: string;
    if (host) {
      resolvedHost = host;
      if (clientId && clientSecret) {
        auth = { type: 'oauth-m2m', clientId, clientSecret };
      } else if (token) {
        auth = { type: 'pat', token };
      } else {
        throw new Error(
          `fmlops.workspaces.${alias} needs a token, or clientId and clientSecret of a service principal`,
        );
      }
    } else if (localEnabled) {
      resolvedHost = `http://127.0.0.1:${localPort}`;
      auth = { type: 'pat', token: token ?? localToken };
    } else {
      throw new Error(
        `fmlops.workspaces.${alias}.host is missing (or enable fmlops.localWorkspace for the local workspace)`,
      );
    }
    return {
      alias,
      host: resolvedHost,
      auth,
      warehouseId: ws.getOptionalString('warehouseId'),
      requestTimeoutMs:
        (ws.getOptionalNumber('timeouts.requestSeconds') ?? 10) * 1000,
      maxAttempts: ws.getOptionalNumber('retries.maxAttempts') ?? 3,
      breakerThreshold:
        ws.getOptionalNumber('circuitBreaker.failureThreshold') ?? 5,
      breakerHalfOpenAfterMs:
        (ws.getOptionalNumber('circuitBreaker.halfOpenAfterSeconds') ?? 30) *
        1000,
      maxRetryAfterMs:
        (ws.getOptionalNumber('retries.maxRetryAfterSeconds') ?? 30) * 1000,
    };
  });
}
