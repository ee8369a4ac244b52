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
export { DatabricksGateway, LISTING_CAPS } from './DatabricksGateway';
export type {
  DatabricksGatewayOptions,
  ExecuteStatementOptions,
  SearchRunsRequest,
  SqlParameter,
} from './DatabricksGateway';
export { WorkspacePool } from './WorkspacePool';
export type { GatewayProduct, WorkspaceHealth } from './WorkspacePool';
export type { BreakerHealth, Idempotency } from './resilience';
export { readWorkspaces, WORKSPACE_DEFAULTS } from './config';
export type { WorkspaceAuth, WorkspaceSettings } from './config';
export * from './errors';
export { parseServingMetrics, histogramQuantile } from './prometheus';
export type { SqlRow, SqlValue } from './sqlRows';
