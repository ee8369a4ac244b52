/**
 * The hardened Databricks gateway of fmlops, as a backend service other plugins and modules
 * depend on. The only code of fmlops that talks to `@databricks/sdk-experimental`.
 *
 * @packageDocumentation
 */
export { databricksGatewayServiceRef } from './service';
export { DatabricksGateway } from './DatabricksGateway';
export type {
  DatabricksGatewayOptions,
  WorkspaceHealth,
} from './DatabricksGateway';
export { readWorkspaces, LOCAL_WORKSPACE_DEFAULTS } from './config';
export type { WorkspaceAuth, WorkspaceSettings } from './config';
export * from './errors';
export { parseServingMetrics, histogramQuantile } from './prometheus';
