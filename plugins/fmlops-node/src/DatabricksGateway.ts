import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  catalog,
  Context,
  jobs,
  ml,
  pipelines,
  serving,
  sql,
  WorkspaceClient,
} from '@databricks/sdk-experimental';
import type {
  ServedVersionMetrics,
  TrafficRoute,
} from '@fmlops/backstage-plugin-fmlops-common';
import { WorkspaceSettings } from './config';
import {
  DatabricksConflictError,
  DatabricksError,
  DatabricksErrorContext,
  DatabricksInvalidRequestError,
  DatabricksNotFoundError,
  DatabricksPermissionError,
  DatabricksUnavailableError,
  toDomainError,
} from './errors';
import { WatchedAttempt } from './http/attempt';
import { parseServingMetrics } from './prometheus';
import { Idempotency } from './resilience';
import { SqlRow, toRows } from './sqlRows';
import {
  GatewayProduct,
  WorkspaceHealth,
  WorkspacePool,
} from './WorkspacePool';

export interface DatabricksGatewayOptions {
  /** the workspaces, or a pool shared with other gateways */
  workspaces: WorkspaceSettings[] | WorkspacePool;
  logger: LoggerService;
  /** product name and version in the User-Agent */
  product?: GatewayProduct;
}

/** Caps on paged listings: a listing stops there rather than page on for ever. */
export const LISTING_CAPS = Object.freeze({
  modelVersions: 10_000,
  runs: 1_000,
  jobRuns: 1_000,
  pipelineEvents: 1_000,
  servingEndpoints: 5_000,
  sqlRows: 100_000,
});

export interface SearchRunsRequest {
  experimentIds: string[];
  /** MLflow search filter, e.g. `tags.fmlops_tournament = 't-12' and metrics.pr_auc > 0.5` */
  filter?: string;
  /** e.g. `['metrics.pr_auc DESC']` */
  orderBy?: string[];
  /** at most LISTING_CAPS.runs */
  maxResults: number;
}

export interface SqlParameter {
  name: string;
  value: string | null;
  /** a SQL type such as INT, DOUBLE, TIMESTAMP; STRING when left out */
  type?: string;
}

export interface ExecuteStatementOptions {
  /**
   * Whether submitting the statement twice is harmless, so a failed submission may be retried.
   * Default: true for SELECT, SHOW, DESCRIBE and EXPLAIN statements.
   */
  idempotent?: boolean;
  /** most rows accepted; more fail the call instead of being cut silently */
  maxRows?: number;
}

const READ_ONLY_STATEMENT = /^\s*(SELECT|SHOW|DESCRIBE|EXPLAIN)\b/i;
const STATEMENT_DONE = new Set(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED']);

function capOf(
  context: Pick<DatabricksErrorContext, 'workspace' | 'operation'>,
  requested: number,
  cap: number,
): number {
  if (!Number.isInteger(requested) || requested < 1) {
    throw new DatabricksInvalidRequestError(
      context,
      `the number of results must be a whole number of at least 1, got ${requested}`,
    );
  }
  return Math.min(requested, cap);
}

async function collect<T>(
  iterable: AsyncIterable<T>,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) {
    return out;
  }
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) {
      break;
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The only code of fmlops that talks to Databricks. One SDK client per workspace (TLS verified, no
 * environment or ~/.databrickscfg loading), a deadline per HTTP request, bounded retries with
 * exponential backoff and jitter on 429 / 5xx / connection failures honouring Retry-After, a
 * circuit breaker per workspace, and typed errors that never carry a secret.
 *
 * Every method takes the workspace alias first and throws the errors of `./errors`.
 */
export class DatabricksGateway {
  private readonly pool: WorkspacePool;

  static create(options: DatabricksGatewayOptions): DatabricksGateway {
    return new DatabricksGateway(options);
  }

  private constructor(private readonly options: DatabricksGatewayOptions) {
    this.pool =
      options.workspaces instanceof WorkspacePool
        ? options.workspaces
        : new WorkspacePool(
            options.workspaces,
            options.logger,
            options.product,
          );
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

  /**
   * Runs one Databricks call: each attempt gets a deadline per HTTP request and maps its failure
   * to a typed error; attempts are retried by the call's idempotency, inside the breaker.
   */
  private async call<T>(
    workspace: string,
    operation: string,
    idempotency: Idempotency,
    fn: (client: WorkspaceClient, context: Context) => Promise<T>,
  ): Promise<T> {
    const connection = this.pool.get(workspace);
    const attempt = async () => {
      const watched = new WatchedAttempt(connection.settings.requestTimeoutMs);
      try {
        return await watched.run(() =>
          fn(connection.client, watched.sdkContext()),
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
      this.options.logger.debug(
        `Databricks ${operation} on ${workspace} failed: ${e.message}`,
      );
      throw e;
    }
  }

  private fail(
    context: DatabricksErrorContext,
    message: string,
  ): DatabricksInvalidRequestError {
    return new DatabricksInvalidRequestError(context, message);
  }

  // ---- Model Serving

  getServingEndpoint(
    workspace: string,
    name: string,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.call(workspace, 'servingEndpoints.get', 'read', (c, ctx) =>
      c.servingEndpoints.get({ name }, ctx),
    );
  }

  listServingEndpoints(workspace: string): Promise<serving.ServingEndpoint[]> {
    return this.call(workspace, 'servingEndpoints.list', 'read', (c, ctx) =>
      collect(c.servingEndpoints.list(ctx), LISTING_CAPS.servingEndpoints),
    );
  }

  /**
   * Replaces the endpoint's served entities and traffic (PUT config) and returns the endpoint as
   * Databricks answered, without waiting for the roll-out: follow `state.config_update`.
   */
  updateServingConfig(
    workspace: string,
    request: serving.EndpointCoreConfigInput,
  ): Promise<serving.ServingEndpointDetailed> {
    return this.call(
      workspace,
      'servingEndpoints.updateConfig',
      'idempotent',
      async (c, ctx) => {
        const waiter = await c.servingEndpoints.updateConfig(request, ctx);
        const { wait: _wait, ...response } = waiter;
        return response as serving.ServingEndpointDetailed;
      },
    );
  }

  /**
   * Sets the endpoint's traffic to these model versions of `ucModel`: versions already served keep
   * their settings, new ones copy the settings of a served one, versions without traffic are
   * dropped. Idempotent: the same routes give the same config.
   */
  async updateServingRoutes(
    workspace: string,
    endpoint: string,
    ucModel: string,
    routes: TrafficRoute[],
  ): Promise<void> {
    const operation = 'servingEndpoints.updateConfig';
    const active = routes.filter(r => r.trafficPercentage > 0);
    if (active.length === 0) {
      throw this.fail(
        { workspace, operation },
        'at least one model version must receive traffic',
      );
    }
    const total = active.reduce((s, r) => s + r.trafficPercentage, 0);
    if (total !== 100) {
      throw this.fail(
        { workspace, operation },
        `traffic percentages must add up to 100, got ${total}`,
      );
    }
    const current = await this.getServingEndpoint(workspace, endpoint);
    const served = current.config?.served_entities ?? [];
    const template = served[0];
    const modelShortName = ucModel.split('.').pop()!;
    const entities: serving.ServedEntityInput[] = active.map(route => {
      const existing = served.find(
        e =>
          e.entity_name === ucModel &&
          String(e.entity_version) === String(route.modelVersion),
      );
      return {
        name: existing?.name ?? `${modelShortName}-${route.modelVersion}`,
        entity_name: ucModel,
        entity_version: String(route.modelVersion),
        workload_size:
          existing?.workload_size ?? template?.workload_size ?? 'Small',
        scale_to_zero_enabled:
          existing?.scale_to_zero_enabled ??
          template?.scale_to_zero_enabled ??
          false,
        ...(existing?.environment_vars
          ? { environment_vars: existing.environment_vars }
          : {}),
      };
    });
    await this.updateServingConfig(workspace, {
      name: endpoint,
      served_entities: entities,
      traffic_config: {
        routes: active.map((route, i) => ({
          served_model_name: entities[i].name,
          traffic_percentage: route.trafficPercentage,
        })),
      },
    });
  }

  /** The endpoint's metrics as Prometheus text. */
  exportServingMetrics(workspace: string, name: string): Promise<string> {
    return this.call(
      workspace,
      'servingEndpoints.exportMetrics',
      'read',
      async (c, ctx) => {
        const response = await c.servingEndpoints.exportMetrics({ name }, ctx);
        if (!response.contents) {
          return '';
        }
        // read inside the attempt, so the request's deadline covers the body too
        return new Response(response.contents as ReadableStream).text();
      },
    );
  }

  /** Requests, errors and latency quantiles per served entity, from the exported metrics. */
  async servingMetrics(
    workspace: string,
    name: string,
  ): Promise<Map<string, ServedVersionMetrics>> {
    return parseServingMetrics(
      await this.exportServingMetrics(workspace, name),
    );
  }

  /** Scores records on the endpoint. Scoring has no side effect, so it is retried like a read. */
  queryEndpoint(
    workspace: string,
    request: serving.QueryEndpointInput,
  ): Promise<serving.QueryEndpointResponse> {
    return this.call(
      workspace,
      'servingEndpoints.query',
      'idempotent',
      (c, ctx) => c.servingEndpoints.query(request, ctx),
    );
  }

  // ---- Unity Catalog

  getSchema(workspace: string, fullName: string): Promise<catalog.SchemaInfo> {
    return this.call(workspace, 'schemas.get', 'read', (c, ctx) =>
      c.schemas.get({ full_name: fullName }, ctx),
    );
  }

  createSchema(
    workspace: string,
    request: catalog.CreateSchema,
  ): Promise<catalog.SchemaInfo> {
    return this.call(workspace, 'schemas.create', 'not-idempotent', (c, ctx) =>
      c.schemas.create(request, ctx),
    );
  }

  /** Creates the schema unless it exists. Resolves to whether it was created. */
  async ensureSchema(
    workspace: string,
    catalogName: string,
    schemaName: string,
    comment?: string,
  ): Promise<boolean> {
    try {
      await this.getSchema(workspace, `${catalogName}.${schemaName}`);
      return false;
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
    }
    try {
      await this.createSchema(workspace, {
        catalog_name: catalogName,
        name: schemaName,
        ...(comment ? { comment } : {}),
      });
      return true;
    } catch (error) {
      // created meanwhile by someone else: the goal is met
      if (error instanceof DatabricksConflictError) return false;
      throw error;
    }
  }

  getRegisteredModel(
    workspace: string,
    fullName: string,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.call(workspace, 'registeredModels.get', 'read', (c, ctx) =>
      c.registeredModels.get(
        { full_name: fullName, include_aliases: true },
        ctx,
      ),
    );
  }

  createRegisteredModel(
    workspace: string,
    request: catalog.CreateRegisteredModelRequest,
  ): Promise<catalog.RegisteredModelInfo> {
    return this.call(
      workspace,
      'registeredModels.create',
      'not-idempotent',
      (c, ctx) => c.registeredModels.create(request, ctx),
    );
  }

  /** Creates the registered model unless it exists. Resolves to whether it was created. */
  async ensureRegisteredModel(
    workspace: string,
    catalogName: string,
    schemaName: string,
    name: string,
    comment?: string,
  ): Promise<boolean> {
    try {
      await this.getRegisteredModel(
        workspace,
        `${catalogName}.${schemaName}.${name}`,
      );
      return false;
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
    }
    try {
      await this.createRegisteredModel(workspace, {
        catalog_name: catalogName,
        schema_name: schemaName,
        name,
        ...(comment ? { comment } : {}),
      });
      return true;
    } catch (error) {
      if (error instanceof DatabricksConflictError) return false;
      throw error;
    }
  }

  /** Every version of the model, up to LISTING_CAPS.modelVersions. */
  listModelVersions(
    workspace: string,
    fullName: string,
  ): Promise<catalog.ModelVersionInfo[]> {
    return this.call(workspace, 'modelVersions.list', 'read', (c, ctx) =>
      collect(
        c.modelVersions.list({ full_name: fullName, max_results: 1000 }, ctx),
        LISTING_CAPS.modelVersions,
      ),
    );
  }

  getModelVersionByAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<catalog.ModelVersionInfo> {
    return this.call(workspace, 'modelVersions.getByAlias', 'read', (c, ctx) =>
      c.modelVersions.getByAlias({ full_name: fullName, alias }, ctx),
    );
  }

  /** Points the alias at the version (PUT: repeating it is harmless). */
  async setAlias(
    workspace: string,
    fullName: string,
    alias: string,
    version: string,
  ): Promise<void> {
    const versionNum = Number(version);
    if (!Number.isInteger(versionNum) || versionNum < 1) {
      throw this.fail(
        { workspace, operation: 'registeredModels.setAlias' },
        `a model version is a whole number of at least 1, got "${version}"`,
      );
    }
    return this.call(
      workspace,
      'registeredModels.setAlias',
      'idempotent',
      async (c, ctx) => {
        await c.registeredModels.setAlias(
          { full_name: fullName, alias, version_num: versionNum },
          ctx,
        );
      },
    );
  }

  /**
   * Removes the alias. An alias already gone counts as removed (a retried delete finds it gone),
   * as long as the model exists.
   */
  async deleteAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<void> {
    try {
      await this.call(
        workspace,
        'registeredModels.deleteAlias',
        'idempotent',
        async (c, ctx) => {
          await c.registeredModels.deleteAlias(
            { full_name: fullName, alias },
            ctx,
          );
        },
      );
    } catch (error) {
      if (!(error instanceof DatabricksNotFoundError)) throw error;
      // throws NotFound when the model itself is missing
      await this.getRegisteredModel(workspace, fullName);
    }
  }

  // ---- MLflow

  getExperiment(
    workspace: string,
    experimentId: string,
  ): Promise<ml.Experiment> {
    return this.call(
      workspace,
      'experiments.getExperiment',
      'read',
      async (c, ctx) =>
        (
          await c.experiments.getExperiment(
            { experiment_id: experimentId },
            ctx,
          )
        ).experiment ?? {},
    );
  }

  getExperimentByName(workspace: string, name: string): Promise<ml.Experiment> {
    return this.call(
      workspace,
      'experiments.getByName',
      'read',
      async (c, ctx) =>
        (await c.experiments.getByName({ experiment_name: name }, ctx))
          .experiment ?? {},
    );
  }

  /** Runs matching the search, in its order, up to `maxResults` (at most LISTING_CAPS.runs). */
  async searchRuns(
    workspace: string,
    request: SearchRunsRequest,
  ): Promise<ml.Run[]> {
    const operation = 'experiments.searchRuns';
    if (request.experimentIds.length === 0) {
      throw this.fail(
        { workspace, operation },
        'name at least one experiment id',
      );
    }
    const limit = capOf(
      { workspace, operation },
      request.maxResults,
      LISTING_CAPS.runs,
    );
    return this.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.experiments.searchRuns(
          {
            experiment_ids: request.experimentIds,
            filter: request.filter,
            order_by: request.orderBy,
            max_results: Math.min(limit, 1000),
          },
          ctx,
        ),
        limit,
      ),
    );
  }

  getRun(workspace: string, runId: string): Promise<ml.Run> {
    return this.call(
      workspace,
      'experiments.getRun',
      'read',
      async (c, ctx) =>
        (await c.experiments.getRun({ run_id: runId }, ctx)).run ?? {},
    );
  }

  // ---- Jobs

  /**
   * Starts a job run and returns without waiting for it. The idempotency token makes a repeated
   * call return the run the first one started, so the call is retried safely.
   */
  async runJob(
    workspace: string,
    jobId: string,
    idempotencyToken: string,
    parameters?: Record<string, string>,
  ): Promise<{ runId: string }> {
    const operation = 'jobs.runNow';
    const job = Number(jobId);
    if (!Number.isSafeInteger(job) || job < 1) {
      throw this.fail(
        { workspace, operation },
        `a job id is a positive whole number, got "${jobId}"`,
      );
    }
    if (!idempotencyToken || idempotencyToken.length > 64) {
      throw this.fail(
        { workspace, operation },
        'an idempotency token of 1 to 64 characters is required',
      );
    }
    return this.call(workspace, operation, 'idempotent', async (c, ctx) => {
      const started = await c.jobs.runNow(
        {
          job_id: job,
          idempotency_token: idempotencyToken,
          ...(parameters ? { job_parameters: parameters } : {}),
        },
        ctx,
      );
      return { runId: String(started.run_id) };
    });
  }

  getJobRun(workspace: string, runId: string): Promise<jobs.Run> {
    return this.call(workspace, 'jobs.getRun', 'read', (c, ctx) =>
      c.jobs.getRun({ run_id: Number(runId) }, ctx),
    );
  }

  /** The job's most recent runs first, up to `limit` (at most LISTING_CAPS.jobRuns). */
  async listJobRuns(
    workspace: string,
    jobId: string,
    limit: number,
  ): Promise<jobs.BaseRun[]> {
    const operation = 'jobs.listRuns';
    const max = capOf({ workspace, operation }, limit, LISTING_CAPS.jobRuns);
    return this.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.jobs.listRuns(
          { job_id: Number(jobId), limit: Math.min(max, 25) },
          ctx,
        ),
        max,
      ),
    );
  }

  // ---- Pipelines (DLT)

  getPipeline(
    workspace: string,
    pipelineId: string,
  ): Promise<pipelines.GetPipelineResponse> {
    return this.call(workspace, 'pipelines.get', 'read', (c, ctx) =>
      c.pipelines.get({ pipeline_id: pipelineId }, ctx),
    );
  }

  /** The pipeline's newest events first, up to `maxEvents` (at most LISTING_CAPS.pipelineEvents). */
  async listPipelineEvents(
    workspace: string,
    pipelineId: string,
    maxEvents: number,
    filter?: string,
  ): Promise<pipelines.PipelineEvent[]> {
    const operation = 'pipelines.listPipelineEvents';
    const max = capOf(
      { workspace, operation },
      maxEvents,
      LISTING_CAPS.pipelineEvents,
    );
    return this.call(workspace, operation, 'read', (c, ctx) =>
      collect(
        c.pipelines.listPipelineEvents(
          {
            pipeline_id: pipelineId,
            max_results: Math.min(max, 100),
            ...(filter ? { filter } : {}),
          },
          ctx,
        ),
        max,
      ),
    );
  }

  /** The pipeline's most recent updates (one page, newest first). */
  async listPipelineUpdates(
    workspace: string,
    pipelineId: string,
    maxResults = 25,
  ): Promise<pipelines.UpdateInfo[]> {
    const operation = 'pipelines.listUpdates';
    const max = capOf({ workspace, operation }, maxResults, 100);
    return this.call(
      workspace,
      operation,
      'read',
      async (c, ctx) =>
        (
          await c.pipelines.listUpdates(
            { pipeline_id: pipelineId, max_results: max },
            ctx,
          )
        ).updates ?? [],
    );
  }

  // ---- SQL

  /**
   * Runs a statement on the workspace's SQL warehouse and returns its rows as objects keyed by
   * column, numbers converted by column type. Waits inline briefly, then polls with backoff until
   * `timeouts.statementSeconds` (then cancels it); fetches every chunk.
   */
  async executeStatement(
    workspace: string,
    statement: string,
    parameters: SqlParameter[] = [],
    options: ExecuteStatementOptions = {},
  ): Promise<SqlRow[]> {
    const { settings } = this.pool.get(workspace);
    const submitOp = 'statementExecution.executeStatement';
    const warehouseId = settings.warehouseId;
    if (!warehouseId) {
      throw this.fail(
        { workspace, operation: submitOp },
        `no SQL warehouse configured (fmlops.workspaces.${workspace}.warehouseId)`,
      );
    }
    if (!statement.trim()) {
      throw this.fail(
        { workspace, operation: submitOp },
        'the statement is empty',
      );
    }
    const maxRows = options.maxRows ?? LISTING_CAPS.sqlRows;
    const idempotent =
      options.idempotent ?? READ_ONLY_STATEMENT.test(statement);
    // hold the request open a while, within its deadline (the API allows 0 or 5..50 s)
    const inlineSeconds = Math.min(
      50,
      Math.floor(settings.requestTimeoutMs / 1000) - 2,
    );
    const deadline = Date.now() + settings.statementTimeoutMs;

    let response = await this.call(
      workspace,
      submitOp,
      idempotent ? 'idempotent' : 'not-idempotent',
      (c, ctx) =>
        c.statementExecution.executeStatement(
          {
            warehouse_id: warehouseId,
            statement,
            parameters: parameters.map(p => ({
              name: p.name,
              ...(p.value === null ? {} : { value: p.value }),
              ...(p.type ? { type: p.type } : {}),
            })),
            wait_timeout: inlineSeconds >= 5 ? `${inlineSeconds}s` : '0s',
            on_wait_timeout: 'CONTINUE',
            format: 'JSON_ARRAY',
            disposition: 'INLINE',
          },
          ctx,
        ),
    );
    const statementId = response.statement_id;
    let delay = 100;
    while (!STATEMENT_DONE.has(response.status?.state ?? 'SUCCEEDED')) {
      if (!statementId) {
        throw new DatabricksUnavailableError(
          { workspace, operation: submitOp },
          'the warehouse answered a pending statement without its id',
          { transient: false },
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        await this.cancelStatement(workspace, statementId);
        throw new DatabricksUnavailableError(
          { workspace, operation: 'statementExecution.getStatement' },
          `statement ${statementId} did not finish within ${settings.statementTimeoutMs} ms; cancelled`,
        );
      }
      await sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, 2000);
      response = await this.call(
        workspace,
        'statementExecution.getStatement',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatement({ statement_id: statementId }, ctx),
      );
    }
    const state = response.status?.state;
    if (state !== 'SUCCEEDED') {
      throw statementFailure(
        { workspace, operation: submitOp },
        response.status,
        statementId,
      );
    }
    if (response.manifest?.truncated) {
      throw this.fail(
        { workspace, operation: submitOp },
        `statement ${statementId} returned more than fits inline; narrow the query`,
      );
    }
    const totalRows = response.manifest?.total_row_count ?? 0;
    if (totalRows > maxRows) {
      throw this.fail(
        { workspace, operation: submitOp },
        `statement ${statementId} returned ${totalRows} rows, more than the ${maxRows} accepted; narrow the query`,
      );
    }
    const data: Array<Array<string | null>> = [
      ...((response.result?.data_array as Array<Array<string | null>>) ?? []),
    ];
    let next = response.result?.next_chunk_index;
    while (next !== undefined && next !== null) {
      const chunkIndex = next;
      const chunk: sql.ResultData = await this.call(
        workspace,
        'statementExecution.getStatementResultChunkN',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatementResultChunkN(
            { statement_id: statementId!, chunk_index: chunkIndex },
            ctx,
          ),
      );
      data.push(...((chunk.data_array as Array<Array<string | null>>) ?? []));
      if (data.length > maxRows) {
        throw this.fail(
          { workspace, operation: submitOp },
          `statement ${statementId} returned more than the ${maxRows} rows accepted; narrow the query`,
        );
      }
      next = chunk.next_chunk_index;
    }
    return toRows(response.manifest?.schema?.columns ?? [], data);
  }

  /** Same as executeStatement, under the name the read path uses. */
  executeSql(
    workspace: string,
    statement: string,
    parameters: SqlParameter[] = [],
  ): Promise<SqlRow[]> {
    return this.executeStatement(workspace, statement, parameters);
  }

  private async cancelStatement(workspace: string, statementId: string) {
    try {
      await this.call(
        workspace,
        'statementExecution.cancelExecution',
        'idempotent',
        (c, ctx) =>
          c.statementExecution.cancelExecution(
            { statement_id: statementId },
            ctx,
          ),
      );
    } catch (error) {
      // the time-out is the failure worth reporting; the warehouse ends the statement anyway
      this.options.logger.debug(
        `could not cancel statement ${statementId} on ${workspace}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

/** A statement that ended without a result, as the typed error its error code suggests. */
function statementFailure(
  context: Pick<DatabricksErrorContext, 'workspace' | 'operation'>,
  status: sql.StatementStatus | undefined,
  statementId: string | undefined,
): DatabricksError {
  const errorCode = status?.error?.error_code;
  const full = { ...context, errorCode };
  const message =
    status?.error?.message ??
    `statement ${statementId ?? ''} ended ${
      status?.state ?? 'without a state'
    }`;
  switch (errorCode) {
    case 'NOT_FOUND':
      return new DatabricksNotFoundError(full, message);
    case 'UNAUTHENTICATED':
      return new DatabricksPermissionError(full, message);
    case 'ALREADY_EXISTS':
      return new DatabricksConflictError(full, message);
    case 'TEMPORARILY_UNAVAILABLE':
    case 'WORKSPACE_TEMPORARILY_UNAVAILABLE':
    case 'SERVICE_UNDER_MAINTENANCE':
    case 'RESOURCE_EXHAUSTED':
    case 'DEADLINE_EXCEEDED':
    case 'INTERNAL_ERROR':
    case 'IO_ERROR':
    case 'ABORTED':
      // the statement ran and failed: repeating it is the caller's decision, not a retry's
      return new DatabricksUnavailableError(full, message, {
        transient: false,
      });
    default:
      return status?.state === 'FAILED'
        ? new DatabricksInvalidRequestError(full, message)
        : new DatabricksUnavailableError(full, message, { transient: false });
  }
}
