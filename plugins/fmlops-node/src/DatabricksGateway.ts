import type { LoggerService } from '@backstage/backend-plugin-api';
import {
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
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  retry,
  RetryPolicy,
} from 'cockatiel';
import { WorkspaceSettings } from './config';
import {
  DatabricksInvalidRequestError,
  DatabricksUnavailableError,
  failureFacts,
  isTransient,
  toDomainError,
  UnknownWorkspaceError,
} from './errors';
import { parseServingMetrics } from './prometheus';
import { hostKey, retryAfterMs, watchRetryAfter } from './retryAfter';

/** The breaker state per workspace, for health pages and metrics. */
export interface WorkspaceHealth {
  host: string;
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
  consecutiveFailures: number;
  lastError?: string;
}

interface Workspace {
  settings: WorkspaceSettings;
  client?: WorkspaceClient;
  retry: RetryPolicy;
  breaker: CircuitBreakerPolicy;
  consecutiveFailures: number;
  lastError?: string;
}

export interface DatabricksGatewayOptions {
  workspaces: WorkspaceSettings[];
  logger: LoggerService;
  /** product name in the User-Agent */
  product?: { name: string; version: `${number}.${number}.${number}` };
  /** base of the exponential backoff; small in tests */
  backoffBaseMs?: number;
}

/** A call is retried only when repeating it cannot do harm. */
type Idempotency = 'read' | 'idempotent' | 'not-idempotent';

const BREAKER_NAMES: Record<CircuitState, WorkspaceHealth['breaker']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * The only code that talks to Databricks. One SDK client per workspace (TLS verified, no
 * environment or ~/.databrickscfg loading), a time-out per call, bounded retries with
 * exponential backoff and jitter on 429 / 5xx / connection failures honouring Retry-After, a
 * circuit breaker per workspace, and typed errors that never carry a secret.
 */
export class DatabricksGateway {
  private readonly workspaces = new Map<string, Workspace>();

  static create(options: DatabricksGatewayOptions): DatabricksGateway {
    return new DatabricksGateway(options);
  }

  private constructor(private readonly options: DatabricksGatewayOptions) {
    watchRetryAfter();
    const base = options.backoffBaseMs ?? 200;
    for (const settings of options.workspaces) {
      const ws: Partial<Workspace> = { settings, consecutiveFailures: 0 };
      const host = hostKey(settings.host);
      ws.retry = retry(
        handleWhen(
          error =>
            isTransient(failureFacts(error)) &&
            !(error instanceof BrokenCircuitError),
        ),
        {
          maxAttempts: Math.max(0, settings.maxAttempts - 1),
          backoff: new DelegateBackoff(context => {
            const exponential = base * 2 ** (context.attempt - 1);
            const jitter = Math.random() * exponential;
            const asked = Math.min(
              retryAfterMs(host),
              settings.maxRetryAfterMs,
            );
            return Math.max(asked, exponential / 2 + jitter);
          }),
        },
      );
      ws.breaker = circuitBreaker(
        handleWhen(error => {
          const facts = failureFacts(error);
          return (
            isTransient(facts) && facts.statusCode !== 429 && !facts.rateLimited
          );
        }),
        {
          halfOpenAfter: settings.breakerHalfOpenAfterMs,
          breaker: new ConsecutiveBreaker(settings.breakerThreshold),
        },
      );
      ws.breaker.onFailure(({ reason }) => {
        ws.consecutiveFailures! += 1;
        ws.lastError = this.redact(
          ws as Workspace,
          String((reason as { error?: Error }).error?.message ?? ''),
        );
      });
      ws.breaker.onSuccess(() => {
        ws.consecutiveFailures = 0;
      });
      ws.breaker.onStateChange(state => {
        options.logger.info(
          `Databricks workspace ${settings.alias}: circuit breaker ${BREAKER_NAMES[state]}`,
        );
      });
      this.workspaces.set(settings.alias, ws as Workspace);
    }
  }

  /** Workspace aliases the gateway knows. */
  aliases(): string[] {
    return [...this.workspaces.keys()];
  }

  workspaceHost(workspace: string): string {
    return this.workspace(workspace).settings.host;
  }

  warehouseId(workspace: string): string | undefined {
    return this.workspace(workspace).settings.warehouseId;
  }

  health(): Record<string, WorkspaceHealth> {
    return Object.fromEntries(
      [...this.workspaces].map(([alias, ws]) => [
        alias,
        {
          host: ws.settings.host,
          breaker: BREAKER_NAMES[ws.breaker.state],
          consecutiveFailures: ws.consecutiveFailures,
          lastError: ws.lastError,
        },
      ]),
    );
  }

  private workspace(alias: string): Workspace {
    const ws = this.workspaces.get(alias);
    if (!ws) {
      throw new UnknownWorkspaceError(alias, this.aliases());
    }
    return ws;
  }

  private client(ws: Workspace): WorkspaceClient {
    if (!ws.client) {
      const { settings } = ws;
      const auth =
        settings.auth.type === 'pat'
          ? { authType: 'pat' as const, token: settings.auth.token }
          : {
              authType: 'oauth-m2m' as const,
              clientId: settings.auth.clientId,
              clientSecret: settings.auth.clientSecret,
            };
      ws.client = new WorkspaceClient(
        {
          host: settings.host,
          ...auth,
          // never read DATABRICKS_* variables or ~/.databrickscfg
          loaders: [],
          // the SDK does not verify TLS unless told so
          skipVerify: false,
          // the SDK retries 429 on its own and hides the response; keep that short, the gateway retries
          retryTimeoutSeconds: 0.001,
          httpTimeoutSeconds: Math.ceil(settings.requestTimeoutMs / 1000),
        },
        {
          product: this.options.product?.name ?? 'fmlops',
          productVersion: this.options.product?.version ?? '0.1.0',
        },
      );
    }
    return ws.client;
  }

  private redact(ws: Workspace, text: string): string {
    const secrets = [
      ws.settings.auth.type === 'pat'
        ? ws.settings.auth.token
        : ws.settings.auth.clientSecret,
    ].filter(s => s && s.length >= 4);
    return secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  }

  /**
   * Runs one Databricks call with the workspace's time-out, retries and breaker, and maps its
   * failure to a domain error.
   */
  private async call<T>(
    workspace: string,
    operation: string,
    idempotency: Idempotency,
    fn: (client: WorkspaceClient, context: Context) => Promise<T>,
  ): Promise<T> {
    const ws = this.workspace(workspace);
    const attempt = () =>
      ws.breaker.execute(async () => {
        const controller = new AbortController();
        const cancellationToken = {
          get isCancellationRequested() {
            return controller.signal.aborted;
          },
          onCancellationRequested(cb: (e?: unknown) => void) {
            controller.signal.addEventListener('abort', () => cb());
          },
        };
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(
              Object.assign(
                new Error(
                  `no answer within ${ws.settings.requestTimeoutMs} ms`,
                ),
                {
                  code: 'ETIMEDOUT',
                },
              ),
            );
          }, ws.settings.requestTimeoutMs);
        });
        try {
          return await Promise.race([
            fn(this.client(ws), new Context({ cancellationToken })),
            timedOut,
          ]);
        } finally {
          clearTimeout(timer);
        }
      });
    try {
      return idempotency === 'not-idempotent'
        ? await attempt()
        : await ws.retry.execute(attempt);
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new DatabricksUnavailableError(
          { workspace, operation },
          `circuit breaker open after repeated failures (${
            ws.lastError ?? 'unknown error'
          }); retrying in up to ${Math.round(
            ws.settings.breakerHalfOpenAfterMs / 1000,
          )} s`,
        );
      }
      throw toDomainError(error, { workspace, operation }, s =>
        this.redact(ws, s),
      );
    }
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
    return this.call(
      workspace,
      'servingEndpoints.list',
      'read',
      async (c, ctx) => {
        const out: serving.ServingEndpoint[] = [];
        for await (const e of c.servingEndpoints.list(ctx)) {
          out.push(e);
        }
        return out;
      },
    );
  }

  /** Replaces the endpoint's served entities and traffic (PUT config): returns without waiting. */
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
        // the waiter is the response plus a wait(): fmlops follows progress itself
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
    const current = await this.getServingEndpoint(workspace, endpoint);
    const served = current.config?.served_entities ?? [];
    const template = served[0];
    const active = routes.filter(r => r.trafficPercentage > 0);
    if (active.length === 0) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: 'servingEndpoints.updateConfig' },
        'at least one model version must receive traffic',
      );
    }
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

  /** Prometheus text of the endpoint's metrics. */
  exportServingMetrics(workspace: string, name: string): Promise<string> {
    return this.call(
      workspace,
      'servingEndpoints.exportMetrics',
      'read',
      async (c, ctx) => {
        const response = await c.servingEndpoints.exportMetrics({ name }, ctx);
        const contents = (response as { contents?: ReadableStream<Uint8Array> })
          .contents;
        if (!contents) {
          return '';
        }
        return new Response(contents as unknown as BodyInit).text();
      },
    );
  }

  /** Requests, errors and latency quantiles per served entity. */
  async servingMetrics(
    workspace: string,
    name: string,
  ): Promise<Map<string, ServedVersionMetrics>> {
    return parseServingMetrics(
      await this.exportServingMetrics(workspace, name),
    );
  }

  queryEndpoint(
    workspace: string,
    request: serving.QueryEndpointInput,
  ): Promise<serving.QueryEndpointResponse> {
    return this.call(workspace, 'servingEndpoints.query', 'read', (c, ctx) =>
      c.servingEndpoints.query(request, ctx),
    );
  }

  // ---- Unity Catalog

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

  listModelVersions(
    workspace: string,
    fullName: string,
  ): Promise<catalog.ModelVersionInfo[]> {
    return this.call(
      workspace,
      'modelVersions.list',
      'read',
      async (c, ctx) => {
        const out: catalog.ModelVersionInfo[] = [];
        for await (const v of c.modelVersions.list(
          { full_name: fullName, max_results: 1000 },
          ctx,
        )) {
          out.push(v);
          if (out.length >= 10_000) break;
        }
        return out;
      },
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

  setAlias(
    workspace: string,
    fullName: string,
    alias: string,
    version: string,
  ): Promise<void> {
    return this.call(
      workspace,
      'registeredModels.setAlias',
      'idempotent',
      async (c, ctx) => {
        await c.registeredModels.setAlias(
          { full_name: fullName, alias, version_num: Number(version) },
          ctx,
        );
      },
    );
  }

  deleteAlias(
    workspace: string,
    fullName: string,
    alias: string,
  ): Promise<void> {
    return this.call(
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
  }

  /** Creates the schema unless it exists. Returns whether it was created. */
  async ensureSchema(
    workspace: string,
    catalogName: string,
    schemaName: string,
    comment?: string,
  ): Promise<boolean> {
    try {
      await this.call(workspace, 'schemas.get', 'read', (c, ctx) =>
        c.schemas.get({ full_name: `${catalogName}.${schemaName}` }, ctx),
      );
      return false;
    } catch (error) {
      if ((error as Error).name !== 'NotFoundError') throw error;
    }
    try {
      await this.call(workspace, 'schemas.create', 'not-idempotent', (c, ctx) =>
        c.schemas.create(
          { catalog_name: catalogName, name: schemaName, comment },
          ctx,
        ),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConflictError') return false;
      throw error;
    }
  }

  /** Creates the registered model unless it exists. Returns whether it was created. */
  async ensureRegisteredModel(
    workspace: string,
    catalogName: string,
    schemaName: string,
    name: string,
    comment?: string,
  ): Promise<boolean> {
    const fullName = `${catalogName}.${schemaName}.${name}`;
    try {
      await this.getRegisteredModel(workspace, fullName);
      return false;
    } catch (error) {
      if ((error as Error).name !== 'NotFoundError') throw error;
    }
    try {
      await this.call(
        workspace,
        'registeredModels.create',
        'not-idempotent',
        (c, ctx) =>
          c.registeredModels.create(
            {
              catalog_name: catalogName,
              schema_name: schemaName,
              name,
              comment,
            },
            ctx,
          ),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConflictError') return false;
      throw error;
    }
  }

  // ---- MLflow

  getExperiment(
    workspace: string,
    experimentId: string,
  ): Promise<ml.GetExperimentResponse> {
    return this.call(workspace, 'experiments.getExperiment', 'read', (c, ctx) =>
      c.experiments.getExperiment({ experiment_id: experimentId }, ctx),
    );
  }

  getExperimentByName(
    workspace: string,
    name: string,
  ): Promise<ml.GetExperimentByNameResponse> {
    return this.call(workspace, 'experiments.getByName', 'read', (c, ctx) =>
      c.experiments.getByName({ experiment_name: name }, ctx),
    );
  }

  searchRuns(
    workspace: string,
    request: {
      experimentIds: string[];
      filter?: string;
      orderBy?: string[];
      maxResults: number;
    },
  ): Promise<ml.Run[]> {
    return this.call(
      workspace,
      'experiments.searchRuns',
      'read',
      async (c, ctx) => {
        const out: ml.Run[] = [];
        for await (const run of c.experiments.searchRuns(
          {
            experiment_ids: request.experimentIds,
            filter: request.filter,
            order_by: request.orderBy,
            max_results: Math.min(request.maxResults, 1000),
          },
          ctx,
        )) {
          out.push(run);
          if (out.length >= request.maxResults) break;
        }
        return out;
      },
    );
  }

  getRun(workspace: string, runId: string): Promise<ml.Run> {
    return this.call(
      workspace,
      'experiments.getRun',
      'read',
      async (c, ctx) => {
        const response = await c.experiments.getRun({ run_id: runId }, ctx);
        return response.run ?? {};
      },
    );
  }

  // ---- Jobs

  /** Starts a job run; the idempotency token makes a repeated call return the same run. */
  runJob(
    workspace: string,
    jobId: string,
    idempotencyToken: string,
  ): Promise<{ runId: string }> {
    return this.call(workspace, 'jobs.runNow', 'idempotent', async (c, ctx) => {
      const waiter = await c.jobs.runNow(
        { job_id: Number(jobId), idempotency_token: idempotencyToken },
        ctx,
      );
      return { runId: String(waiter.run_id) };
    });
  }

  getJobRun(workspace: string, runId: string): Promise<jobs.Run> {
    return this.call(workspace, 'jobs.getRun', 'read', (c, ctx) =>
      c.jobs.getRun({ run_id: Number(runId) }, ctx),
    );
  }

  listJobRuns(
    workspace: string,
    jobId: string,
    limit: number,
  ): Promise<jobs.BaseRun[]> {
    return this.call(workspace, 'jobs.listRuns', 'read', async (c, ctx) => {
      const out: jobs.BaseRun[] = [];
      for await (const run of c.jobs.listRuns(
        { job_id: Number(jobId), limit: Math.min(limit, 25) },
        ctx,
      )) {
        out.push(run);
        if (out.length >= limit) break;
      }
      return out;
    });
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

  listPipelineEvents(
    workspace: string,
    pipelineId: string,
    maxEvents: number,
  ): Promise<pipelines.PipelineEvent[]> {
    return this.call(
      workspace,
      'pipelines.listPipelineEvents',
      'read',
      async (c, ctx) => {
        const out: pipelines.PipelineEvent[] = [];
        for await (const event of c.pipelines.listPipelineEvents(
          { pipeline_id: pipelineId, max_results: Math.min(maxEvents, 100) },
          ctx,
        )) {
          out.push(event);
          if (out.length >= maxEvents) break;
        }
        return out;
      },
    );
  }

  // ---- SQL

  /**
   * Runs a statement on the workspace's SQL warehouse and returns its rows as objects, numbers
   * converted by column type. Waits up to 10 s inline, then polls; fetches every chunk.
   */
  async executeSql(
    workspace: string,
    statement: string,
    parameters: Array<{ name: string; value: string; type?: string }> = [],
  ): Promise<Array<Record<string, unknown>>> {
    const warehouseId = this.warehouseId(workspace);
    if (!warehouseId) {
      throw new DatabricksInvalidRequestError(
        { workspace, operation: 'statementExecution.executeStatement' },
        `no SQL warehouse configured (fmlops.workspaces.${workspace}.warehouseId)`,
      );
    }
    let response = await this.call(
      workspace,
      'statementExecution.executeStatement',
      'not-idempotent',
      (c, ctx) =>
        c.statementExecution.executeStatement(
          {
            warehouse_id: warehouseId,
            statement,
            parameters: parameters.map(p => ({
              name: p.name,
              value: p.value,
              type: p.type,
            })),
            wait_timeout: '10s',
            on_wait_timeout: 'CONTINUE',
            format: 'JSON_ARRAY',
            disposition: 'INLINE',
          },
          ctx,
        ),
    );
    const deadline = Date.now() + 60_000;
    let delay = 200;
    while (
      response.status?.state === 'PENDING' ||
      response.status?.state === 'RUNNING'
    ) {
      if (Date.now() > deadline) {
        throw new DatabricksUnavailableError(
          { workspace, operation: 'statementExecution.getStatement' },
          `statement ${response.statement_id} still running after 60 s`,
        );
      }
      await new Promise(r => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
      const id = response.statement_id!;
      response = await this.call(
        workspace,
        'statementExecution.getStatement',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatement({ statement_id: id }, ctx),
      );
    }
    if (response.status?.state !== 'SUCCEEDED') {
      throw new DatabricksInvalidRequestError(
        {
          workspace,
          operation: 'statementExecution.executeStatement',
          errorCode: response.status?.error?.error_code,
        },
        response.status?.error?.message ??
          `statement ended ${response.status?.state}`,
      );
    }
    const columns = response.manifest?.schema?.columns ?? [];
    const rows: Array<Array<string | null>> = [
      ...((response.result?.data_array as Array<Array<string | null>>) ?? []),
    ];
    let next = response.result?.next_chunk_index;
    while (next !== undefined && next !== null) {
      const index = next;
      const chunk: sql.ResultData = await this.call(
        workspace,
        'statementExecution.getStatementResultChunkN',
        'read',
        (c, ctx) =>
          c.statementExecution.getStatementResultChunkN(
            { statement_id: response.statement_id!, chunk_index: index },
            ctx,
          ),
      );
      rows.push(...((chunk.data_array as Array<Array<string | null>>) ?? []));
      next = chunk.next_chunk_index;
    }
    return rows.map(row =>
      Object.fromEntries(
        columns.map((col, i) => [
          col.name ?? `col${i}`,
          typedValue(row[col.position ?? i], col.type_name),
        ]),
      ),
    );
  }
}

const NUMERIC_TYPES = new Set([
  'INT',
  'LONG',
  'SHORT',
  'BYTE',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
]);

/** SQL results arrive as strings: numbers and booleans become themselves. */
function typedValue(
  raw: string | null | undefined,
  type: string | undefined,
): unknown {
  if (raw === null || raw === undefined) {
    return null;
  }
  if (NUMERIC_TYPES.has(String(type))) {
    return Number(raw);
  }
  if (type === 'BOOLEAN') {
    return raw === 'true';
  }
  return raw;
}
