import type { LoggerService } from '@backstage/backend-plugin-api';
import { WorkspaceClient } from '@databricks/sdk-experimental';
import { WorkspaceSettings } from '../config';
import { UnknownWorkspaceError } from '../errors';
import { BreakerHealth, WorkspaceResilience } from '../resilience';

/**
 * User-Agent product of the gateway's requests.
 *
 * @public
 */
export interface GatewayProduct {
  name: string;
  version: `${number}.${number}.${number}`;
}

const DEFAULT_PRODUCT: GatewayProduct = {
  name: 'fmlops-backstage',
  version: '0.1.0',
};

/**
 * A workspace's health as the gateway sees it.
 *
 * @public
 */
export interface WorkspaceHealth extends BreakerHealth {
  host: string;
}

/**
 * One workspace: its settings, its lazily created SDK client and its resilience state.
 *
 * @public
 */
export class WorkspaceConnection {
  private sdkClient?: WorkspaceClient;
  readonly resilience: WorkspaceResilience;
  private readonly secrets: string[];

  constructor(
    readonly settings: WorkspaceSettings,
    logger: LoggerService,
    private readonly product: GatewayProduct,
  ) {
    this.resilience = new WorkspaceResilience(settings.alias, settings, logger);
    const { auth } = settings;
    this.secrets = (
      auth.type === 'pat' ? [auth.token] : [auth.clientSecret]
    ).filter(s => s.length > 0);
  }

  get client(): WorkspaceClient {
    if (!this.sdkClient) {
      const { settings } = this;
      const auth =
        settings.auth.type === 'pat'
          ? { authType: 'pat' as const, token: settings.auth.token }
          : {
              authType: 'oauth-m2m' as const,
              clientId: settings.auth.clientId,
              clientSecret: settings.auth.clientSecret,
            };
      this.sdkClient = new WorkspaceClient(
        {
          host: settings.host,
          ...auth,
          // never read DATABRICKS_* variables or ~/.databrickscfg
          loaders: [],
          // the SDK verifies TLS only when told so explicitly
          skipVerify: false,
          // the SDK retries 429 alone and then hides it; the gateway retries, so keep that short
          retryTimeoutSeconds: 1,
          httpTimeoutSeconds: Math.max(
            1,
            Math.ceil(settings.requestTimeoutMs / 1000),
          ),
        },
        {
          product: this.product.name,
          productVersion: this.product.version,
        },
      );
    }
    return this.sdkClient;
  }

  /** Removes the workspace's secrets from text bound for a message or a log. */
  redact(text: string): string {
    return this.secrets.reduce(
      (out, secret) => out.split(secret).join('[redacted]'),
      text,
    );
  }

  health(): WorkspaceHealth {
    return { host: this.settings.host, ...this.resilience.health() };
  }
}

/**
 * The workspaces of a backend: one connection each, shared by every gateway built on the pool so
 * plugins see one breaker and one HTTP connection pool per workspace.
 *
 * @public
 */
export class WorkspacePool {
  private readonly connections = new Map<string, WorkspaceConnection>();

  constructor(
    workspaces: WorkspaceSettings[],
    logger: LoggerService,
    product: GatewayProduct = DEFAULT_PRODUCT,
  ) {
    for (const settings of workspaces) {
      if (this.connections.has(settings.alias)) {
        throw new Error(
          `Databricks workspace ${settings.alias} is configured twice`,
        );
      }
      this.connections.set(
        settings.alias,
        new WorkspaceConnection(settings, logger, product),
      );
    }
  }

  aliases(): string[] {
    return [...this.connections.keys()];
  }

  get(alias: string): WorkspaceConnection {
    const connection = this.connections.get(alias);
    if (!connection) {
      throw new UnknownWorkspaceError(alias, this.aliases());
    }
    return connection;
  }

  health(): Record<string, WorkspaceHealth> {
    return Object.fromEntries(
      [...this.connections].map(([alias, c]) => [alias, c.health()]),
    );
  }
}
