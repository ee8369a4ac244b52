import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Context, WorkspaceClient } from '@databricks/sdk-experimental';
import { WorkspaceSettings } from '../config';
import { DatabricksError, toDomainError } from '../errors';
import { WatchedAttempt } from '../http/attempt';
import { Idempotency } from '../resilience';
import { WorkspacePool } from './WorkspacePool';

/** One SDK request of a call, made with the attempt's client and cancellable context. */
export type SdkRequest<T> = (
  client: WorkspaceClient,
  context: Context,
) => Promise<T>;

/**
 * The machinery every Databricks call of the gateway runs through. Each service's calls (one file
 * per service beside this one) say their operation name and `Idempotency`; this runs them.
 */
export class WorkspaceCalls {
  constructor(
    private readonly pool: WorkspacePool,
    readonly logger: LoggerService,
  ) {}

  settings(workspace: string): WorkspaceSettings {
    return this.pool.get(workspace).settings;
  }

  /**
   * Runs one Databricks call: each attempt gets a deadline per HTTP request and maps its failure
   * to a typed error; attempts are retried by the call's idempotency, inside the breaker.
   */
  async call<T>(
    workspace: string,
    operation: string,
    idempotency: Idempotency,
    request: SdkRequest<T>,
  ): Promise<T> {
    const connection = this.pool.get(workspace);
    const attempt = async () => {
      const watched = new WatchedAttempt(connection.settings.requestTimeoutMs);
      try {
        return await watched.run(() =>
          request(connection.client, watched.sdkContext()),
        );
      } catch (error) {
        throw toDomainError(error, { workspace, operation }, watched, text =>
          connection.redact(text),
        );
      }
    };
    try {
      return await connection.resilience.execute(
        operation,
        idempotency,
        attempt,
      );
    } catch (error) {
      const e = error as DatabricksError;
      this.logger.debug(
        `Databricks ${operation} on ${workspace} failed: ${e.message}`,
      );
      throw e;
    }
  }
}
