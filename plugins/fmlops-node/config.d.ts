export interface Config {
  fmlops?: {
    /** Databricks workspaces by alias (dev, acc, prd, ...), named by models' `databricks.com/workspace` annotation. */
    workspaces?: {
      [alias: string]: {
        /**
         * Workspace URL, e.g. https://adb-123.4.azuredatabricks.net (the local set-up names its
         * emulator, http://127.0.0.1:8787).
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
          /** Deadline of one HTTP request to the workspace, in seconds. Default 10. */
          requestSeconds?: number;
          /** How long a SQL statement may run, polling included, in seconds. Default 60. */
          statementSeconds?: number;
        };
        retries?: {
          /** Attempts per call, the first included, for transient failures. Default 3. */
          maxAttempts?: number;
          /** First backoff between attempts, in seconds; doubles per attempt, with jitter. Default 0.2. */
          initialBackoffSeconds?: number;
          /** Longest backoff between attempts, in seconds. Default 10. */
          maxBackoffSeconds?: number;
          /** The longest Retry-After honoured, in seconds; a longer ask fails the call at once. Default 30. */
          maxRetryAfterSeconds?: number;
        };
        circuitBreaker?: {
          /** Consecutive failed calls (5xx, connection failures, time-outs, after their retries) that open the breaker. Default 5. */
          failureThreshold?: number;
          /** Seconds before an open breaker lets a call through again. Default 30. */
          halfOpenAfterSeconds?: number;
        };
      };
    };
  };
}
