export interface Config {
  fmlops?: {
    /** Databricks workspaces by alias (dev, acc, prd, ...), named by models' `databricks.com/workspace` annotation. */
    workspaces?: {
      [alias: string]: {
        /**
         * Workspace URL, e.g. https://adb-123.4.azuredatabricks.net. Left out, the alias points at the
         * local workspace when `fmlops.localWorkspace.enabled` is true.
         */
        host?: string;
        /**
         * Personal access token.
         * @visibility secret
         */
        token?: string;
        /** OAuth M2M: the service principal's application (client) id. */
        clientId?: string;
        /**
         * OAuth M2M: the service principal's secret.
         * @visibility secret
         */
        clientSecret?: string;
        /** SQL warehouse that reads drift and metric tables. */
        warehouseId?: string;
        timeouts?: {
          /** Per-call time-out in seconds. Default 10. */
          requestSeconds?: number;
        };
        retries?: {
          /** Attempts per call, the first included, for transient failures. Default 3. */
          maxAttempts?: number;
          /** The longest Retry-After honoured, in seconds. Default 30. */
          maxRetryAfterSeconds?: number;
        };
        circuitBreaker?: {
          /** Consecutive failures that open the breaker. Default 5. */
          failureThreshold?: number;
          /** Seconds before an open breaker lets a call through again. Default 30. */
          halfOpenAfterSeconds?: number;
        };
      };
    };
  };
}
