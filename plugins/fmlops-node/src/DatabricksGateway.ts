import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
} from '@databricks/sdk-experimental';
import type { TrafficRoute } from '@fmlops/backstage-plugin-fmlops-common';
import { WorkspaceSettings } from './config';
import { WorkspaceCalls } from './gateway/calls';
import { JobsCalls } from './gateway/jobs';
import { MlflowCalls, SearchRunsRequest } from './gateway/mlflow';
import { PipelinesCalls } from './gateway/pipelines';
import { ServingCalls } from './gateway/serving';
import type { ServingScrape } from './prometheus';
import { ExecuteStatementOptions, SqlCalls, SqlParameter } from './gateway/sql';
import { SqlRow } from './gateway/sqlRows';
import { UnityCatalogCalls } from './gateway/unityCatalog';
import {
  GatewayProduct,
  WorkspaceHealth,
  WorkspacePool,
} from './gateway/WorkspacePool';

/** @public */
export interface DatabricksGatewayOptions {
  /** the workspaces, or a pool shared with other gateways */
  workspaces: WorkspaceSettings[] | WorkspacePool;
  logger: LoggerService;
  /** product name and version in the User-Agent */
  product?: GatewayProduct;
}

/**
 * The only code of fmlops that talks to Databricks. One SDK client per workspace (TLS verified, no
 * environment or ~/.databrickscfg loading), a deadline per HTTP request, bounded retries with
 * exponential backoff and jitter on 429 / 5xx / connection failures honouring Retry-After, a
 * circuit breaker per workspace, and typed errors that never carry a secret.
 *
 * Every method takes the workspace alias first and throws the errors of `./errors`. The calls
 * live in `./gateway`, one file per Databricks service, each with its idempotency and checks.
 *
 * @public
 */
export class DatabricksGateway {
  private readonly pool: WorkspacePool;
  private readonly serving: ServingCalls;
  private readonly unityCatalog: UnityCatalogCalls;
  private readonly mlflow: MlflowCalls;
  private readonly jobs: JobsCalls;
  private readonly pipelines: PipelinesCalls;
  private readonly sql: SqlCalls;

  static create(options: DatabricksGatewayOptions): DatabricksGateway {
    return new DatabricksGateway(options);
  }

  private constructor(options: DatabricksGatewayOptions) {
    this.pool =
      options.workspaces instanceof WorkspacePool
        ? options.workspaces
        : new WorkspacePool(
            options.workspaces,
            options.logger,
            options.product,
          );
    const calls = new WorkspaceCalls(this.pool, options.logger);
    this.serving = new ServingCalls(calls);
    this.unityCatalog = new UnityCatalogCalls(calls);
    this.mlflow = new MlflowCalls(calls);
    this.jobs = new JobsCalls(calls);
    this.pipelines = new PipelinesCalls(calls);
    this.sql = new SqlCalls(calls);
  }

  /** Workspace aliases the gateway knows. */
  aliases(): string[] {
    return this.pool.aliases();
  }

  workspaceHost(workspace: string): string {
    return this.pool.get(workspace).settings.host;
  }

  warehouseId(workspace: string): string | undefined {
    return this.pool.get(workspace).settings.warehouseId;
  }

  /** Breaker state and last failure per workspace, for health pages and metrics. */
  health(): Record<string, WorkspaceHealth> {
    return this.pool.health();
  }

  // ---- Model Serving (./gateway/serving.ts)

  getServingEndpoint(
    workspace: string,
    name: string,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.serving.getServingEndpoint(workspace, name);
  }

  listServingEndpoints(workspace: string): Promise<serving.ServingEndpoint[]> {
    return this.serving.listServingEndpoints(workspace);
  }

  /** PUT config without waiting for the roll-out: follow `state.config_update`. */
  updateServingConfig(
    workspace: string,
    request: serving.EndpointCoreConfigInput,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.serving.updateServingConfig(workspace, request);
  }

  /** Sets the endpoint's traffic to these versions of `ucModel`; idempotent. */
  updateServingRoutes(
    workspace: string,
    endpoint: string,
    ucModel: string,
    routes: TrafficRoute[],
  ): Promise<void> {
    return this.serving.updateServingRoutes(
      workspace,
      endpoint,
      ucModel,
      routes,
    );
  }

  /** The endpoint's metrics as Prometheus text. */
  exportServingMetrics(workspace: string, name: string): Promise<string> {
    return this.serving.exportServingMetrics(workspace, name);
  }

  /** The metrics export as per-minute samples per served entity. */
  servingMetrics(workspace: string, name: string): Promise<ServingScrape> {
    return this.serving.servingMetrics(workspace, name);
  }

  /** Scores records on the endpoint (retried like a read). */
  queryEndpoint(
    workspace: string,
    request: serving.QueryEndpointInput,
  ): Promise<serving.QueryEndpointResponse> {
    return this.serving.queryEndpoint(workspace, request);
  }

  // ---- Unity Catalog (./gateway/unityCatalog.ts)

  getSchema(workspace: string, fullName: string): Promise<catalog.SchemaInfo> {
    return this.unityCatalog.getSchema(workspace, fullName);
  }

  createSchema(
    workspace: string,
    request: catalog.CreateSchema,
  ): Promise<catalog.SchemaInfo> {
    return this.unityCatalog.createSchema(workspace, request);
  }

  /** Creates the schema unless it exists. Resolves to whether it was created. */
  ensureSchema(
    workspace: string,
    catalogName: string,
    schemaName: string,
    comment?: string,
  ): Promise<boolean> {
    return this.unityCatalog.ensureSchema(
      workspace,
      catalogName,
      schemaName,
      comment,
    );
  }

  getRegisteredModel(
    workspace: string,
    fullName: string,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.unityCatalog.getRegisteredModel(workspace, fullName);
  }

  /** The registered model's tags, which only MLflow's registry for Unity Catalog answers. */
  getRegisteredModelTags(
    workspace: string,
    fullName: string,
  ): Promise<Record<string, string>> {
    return this.unityCatalog.getRegisteredModelTags(workspace, fullName);
  }

  createRegisteredModel(
    workspace: string,
    request: catalog.CreateRegisteredModelRequest,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.unityCatalog.createRegisteredModel(workspace, request);
  }

  /** Creates the registered model unless it exists. Resolves to whether it was created. */
  ensureRegisteredModel(
    workspace: string,
    catalogName: string,
    schemaName: string,
    name: string,
    comment?: string,
  ): Promise<boolean> {
    return this.unityCatalog.ensureRegisteredModel(
      workspace,
      catalogName,
      schemaName,
      name,
      comment,
    );
  }

  /** Every version of the model, up to LISTING_CAPS.modelVersions. */
  listModelVersions(
    workspace: string,
    fullName: string,
  ): Promise<catalog.ModelVersionInfo[]> {
    return this.unityCatalog.listModelVersions(workspace, fullName);
  }

  /** One version of the model, with its `source` and `run_id`. */
  getModelVersion(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<catalog.ModelVersionInfo> {
    return this.unityCatalog.getModelVersion(workspace, fullName, version);
  }

  /** A model version's tags, which only MLflow's registry for Unity Catalog answers. */
  getModelVersionTags(
    workspace: string,
    fullName: string,
    version: string,
  ): Promise<Record<string, string>> {
    return this.unityCatalog.getModelVersionTags(workspace, fullName, version);
  }

  getModelVersionByAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<catalog.ModelVersionInfo> {
    return this.unityCatalog.getModelVersionByAlias(workspace, fullName, alias);
  }

  /** Points the alias at the version (PUT: repeating it is harmless). */
  setAlias(
    workspace: string,
    fullName: string,
    alias: string,
    version: string,
  ): Promise<void> {
    return this.unityCatalog.setAlias(workspace, fullName, alias, version);
  }

  /** Removes the alias; one already gone counts as removed while the model exists. */
  deleteAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<void> {
    return this.unityCatalog.deleteAlias(workspace, fullName, alias);
  }

  // ---- MLflow (./gateway/mlflow.ts)

  getExperiment(
    workspace: string,
    experimentId: string,
  ): Promise<ml.Experiment> {
    return this.mlflow.getExperiment(workspace, experimentId);
  }

  getExperimentByName(workspace: string, name: string): Promise<ml.Experiment> {
    return this.mlflow.getExperimentByName(workspace, name);
  }

  /** Runs matching the search, in its order, up to `maxResults` (at most LISTING_CAPS.runs). */
  searchRuns(workspace: string, request: SearchRunsRequest): Promise<ml.Run[]> {
    return this.mlflow.searchRuns(workspace, request);
  }

  getRun(workspace: string, runId: string): Promise<ml.Run> {
    return this.mlflow.getRun(workspace, runId);
  }

  // ---- Jobs (./gateway/jobs.ts)

  /** The job with its settings (`settings.tags` among them). */
  getJob(workspace: string, jobId: string): Promise<jobs.Job> {
    return this.jobs.getJob(workspace, jobId);
  }

  /** Starts a job run without waiting for it; the idempotency token makes a retry safe. */
  runJob(
    workspace: string,
    jobId: string,
    idempotencyToken: string,
    parameters?: Record<string, string>,
  ): Promise<{ runId: string }> {
    return this.jobs.runJob(workspace, jobId, idempotencyToken, parameters);
  }

  getJobRun(workspace: string, runId: string): Promise<jobs.Run> {
    return this.jobs.getJobRun(workspace, runId);
  }

  /** Cancels a run; a run that already ended stays as it ended. */
  cancelJobRun(workspace: string, runId: string): Promise<void> {
    return this.jobs.cancelJobRun(workspace, runId);
  }

  /** The job's most recent runs first, up to `limit` (at most LISTING_CAPS.jobRuns). */
  listJobRuns(
    workspace: string,
    jobId: string,
    limit: number,
  ): Promise<jobs.BaseRun[]> {
    return this.jobs.listJobRuns(workspace, jobId, limit);
  }

  // ---- Pipelines (./gateway/pipelines.ts)

  getPipeline(
    workspace: string,
    pipelineId: string,
  ): Promise<pipelines.GetPipelineResponse> {
    return this.pipelines.getPipeline(workspace, pipelineId);
  }

  /** The pipeline's newest events first, up to `maxEvents` (at most LISTING_CAPS.pipelineEvents). */
  listPipelineEvents(
    workspace: string,
    pipelineId: string,
    maxEvents: number,
    filter?: string,
  ): Promise<pipelines.PipelineEvent[]> {
    return this.pipelines.listPipelineEvents(
      workspace,
      pipelineId,
      maxEvents,
      filter,
    );
  }

  /** The pipeline's most recent updates (one page, newest first). */
  listPipelineUpdates(
    workspace: string,
    pipelineId: string,
    maxResults?: number,
  ): Promise<pipelines.UpdateInfo[]> {
    return this.pipelines.listPipelineUpdates(
      workspace,
      pipelineId,
      maxResults,
    );
  }

  // ---- SQL (./gateway/sql.ts)

  /**
   * Runs a statement on the workspace's SQL warehouse and returns its rows keyed by column,
   * polling until `timeouts.statementSeconds` (then cancelling it).
   */
  executeStatement(
    workspace: string,
    statement: string,
    parameters?: SqlParameter[],
    options?: ExecuteStatementOptions,
  ): Promise<SqlRow[]> {
    return this.sql.executeStatement(workspace, statement, parameters, options);
  }

  /** Same as executeStatement, under the name the read path uses. */
  executeSql(
    workspace: string,
    statement: string,
    parameters?: SqlParameter[],
  ): Promise<SqlRow[]> {
    return this.sql.executeStatement(workspace, statement, parameters);
  }
}
