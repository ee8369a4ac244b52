/**
 * The hardened Databricks gateway of fmlops, as a backend service other plugins and modules
 * depend on. The only code of fmlops that talks to `@databricks/sdk-experimental`.
 *
 * @packageDocumentation
 */
export {
  databricksGatewayServiceRef,
  databricksGatewayServiceFactory,
} from './service';
export { DatabricksGateway } from './DatabricksGateway';
export type { DatabricksGatewayOptions } from './DatabricksGateway';
export { LISTING_CAPS } from './gateway/listing';
export type { SearchRunsRequest } from './gateway/mlflow';
export type { ExecuteStatementOptions, SqlParameter } from './gateway/sql';
export { WorkspacePool } from './gateway/WorkspacePool';
export type {
  GatewayProduct,
  WorkspaceConnection,
  WorkspaceHealth,
} from './gateway/WorkspacePool';
export type {
  BreakerHealth,
  Idempotency,
  ResilienceSettings,
} from './resilience';
export { WorkspaceResilience } from './resilience';
export { readWorkspaces, WORKSPACE_DEFAULTS } from './config';
export type { WorkspaceAuth, WorkspaceSettings } from './config';
export * from './errors';
export { parseServingSamples } from './prometheus';
export type { ServingMinuteSample, ServingScrape } from './prometheus';
export type { SqlRow, SqlValue } from './gateway/sqlRows';
/**
 * The SDK's request and response shapes the gateway's methods take and return, so its callers
 * need not depend on the SDK themselves.
 */
export type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
} from '@databricks/sdk-experimental';
