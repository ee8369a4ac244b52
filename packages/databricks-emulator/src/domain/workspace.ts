import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  sql,
} from '@databricks/sdk-experimental';
import { FeatureReference } from './drift';
import { MINUTE } from './clock';
import { invalid } from './errors';
import { Random } from './random';
import { ModelScenario, VersionProfile } from './scenario';
import { SqlEngine, TableSnapshot } from './sql';
import { appendDriftWindow, createDriftTables } from '../services/driftWindows';
import { JobsService } from '../services/jobs';
import { MlflowService } from '../services/mlflow';
import {
  completeUpdate,
  PipelinesService,
  UPDATE_TOTAL_MS,
} from '../services/pipelines';
import { StatementExecutionService } from '../services/sql';
import { logTournament } from '../services/tournaments';
import { servedEntity, ServingService } from '../services/serving';
import {
  ensureSchema,
  UnityCatalogService,
  versionInfo,
} from '../services/unityCatalog';
import { accrue } from '../services/servingTraffic';
import {
  EndpointState,
  EntityMetrics,
  JobRunState,
  JobState,
  ModelRuntime,
  ModelState,
  PipelineState,
  PipelineUpdateState,
  StatementState,
  WorkspaceOptions,
  WorkspaceStore,
} from '../services/store';

/**
 * The state of the local workspace and everything that happens in it as emulated time passes:
 * serving configs roll out, traffic accrues metrics, job runs move through their life cycle and
 * leave tournaments and drift windows behind. Routes in `http/` only translate HTTP to these calls.
 */

const SNAPSHOT_FORMAT = 'fmlops-local-workspace/1';

export class LocalWorkspaceState {
  readonly sql: SqlEngine;
  readonly scenarios: ModelScenario[];
  readonly serving: ServingService;
  readonly unityCatalog: UnityCatalogService;
  readonly mlflow: MlflowService;
  readonly jobs: JobsService;
  readonly pipelines: PipelinesService;
  readonly statements: StatementExecutionService;
  private readonly store: WorkspaceStore;

  constructor(private readonly options: WorkspaceOptions) {
    this.store = new WorkspaceStore(options);
    this.sql = this.store.sql;
    this.scenarios = this.store.scenarios;
    this.serving = new ServingService(this.store);
    this.unityCatalog = new UnityCatalogService(this.store);
    this.mlflow = new MlflowService(this.store);
    this.jobs = new JobsService(this.store);
    this.pipelines = new PipelinesService(this.store);
    this.statements = new StatementExecutionService(this.store);
    this.store.movesWithTime(this.serving, this.jobs, this.pipelines);
  }

  now(): number {
    return this.options.clock.now();
  }

  // ---------------------------------------------------------------- seeding

  /** Builds a model's whole history from its scenario: registry, runs, jobs, pipeline, drift windows. */
  seed(s: ModelScenario): void {
    this.store.originals.push(structuredClone(s));
    this.scenarios.push(s);
    const now = this.now();
    const rng = new Random(s.seed);
    const [catalogName, schemaName, modelName] = s.ucModel.split('.');
    ensureSchema(
      this.store,
      catalogName,
      schemaName,
      now - 90 * 24 * 60 * MINUTE,
    );
    const model: ModelState = {
      fullName: s.ucModel,
      catalog: catalogName,
      schema: schemaName,
      name: modelName,
      comment: s.description,
      createdAt: now - 90 * 24 * 60 * MINUTE,
      versions: new Map(),
      aliases: new Map(
        Object.entries(s.aliases).map(([k, v]) => [k, Number(v)]),
      ),
    };
    this.store.models.set(s.ucModel, model);
    this.store.experiments.set(s.experimentId, {
      experiment_id: s.experimentId,
      name: s.experimentName,
      lifecycle_stage: 'active',
      creation_time: model.createdAt,
      last_update_time: now,
      artifact_location: `dbfs:/databricks/mlflow-tracking/${s.experimentId}`,
    });

    // one tournament per registered version, the newest ones within the last weeks
    const runtime: ModelRuntime = {
      scenario: s,
      reference: new FeatureReference(s.ucModel),
      windows: 0,
    };
    this.store.runtimes.set(s.ucModel, runtime);
    s.versions.forEach((v, i) => {
      const at = now - (s.versions.length - i) * 7 * 24 * 60 * MINUTE;
      const winnerRunId = logTournament(
        this.store.runs,
        runtime,
        at,
        v.prAuc,
        rng,
        `seed-${v.version}`,
      );
      model.versions.set(
        v.version,
        versionInfo(model, v.version, winnerRunId, at),
      );
    });

    const tournamentJob: JobState = {
      id: s.tournamentJobId,
      name: `[${s.endpoint}] tournament`,
      role: 'tournament',
      model: runtime,
      createdAt: model.createdAt,
      durationMs: 12 * MINUTE,
      failNext: false,
    };
    const driftJob: JobState = {
      id: s.driftJobId,
      name: `[${s.endpoint}] drift`,
      role: 'drift',
      model: runtime,
      createdAt: model.createdAt,
      durationMs: 3 * MINUTE,
      failNext: false,
    };
    for (const job of [tournamentJob, driftJob]) {
      if (job.id) this.store.jobs.set(job.id, job);
    }

    // past runs of both jobs, all finished
    for (let i = 3; i >= 1; i--) {
      for (const job of [tournamentJob, driftJob]) {
        if (!job.id) continue;
        const runId = this.store.nextRunId++;
        this.store.jobRuns.set(runId, {
          runId,
          jobId: job.id,
          createdAt: now - i * 24 * 60 * MINUTE,
          fails: false,
          effectsApplied: true,
          resultState: 'SUCCESS',
        });
      }
    }

    // drift tables and past windows
    createDriftTables(this.sql, s.driftTable);
    const windowMs = s.drift.windowHours * 60 * MINUTE;
    const firstStart =
      Math.floor(now / windowMs) * windowMs - s.drift.windows * windowMs;
    for (let w = 0; w < s.drift.windows; w++) {
      appendDriftWindow(this.store, runtime, firstStart + w * windowMs);
    }

    // serving endpoint
    const served = s.serving.routes.map(r =>
      servedEntity(
        s.ucModel,
        String(r.version),
        s.serving.workloadSize,
        s.serving.scaleToZero,
        now - 3 * 24 * 60 * MINUTE,
      ),
    );
    const endpoint: EndpointState = {
      id: rng.uuid().replace(/-/g, ''),
      name: s.endpoint,
      creator: 'ml-platform@fmlops.example',
      createdAt: now - 60 * 24 * 60 * MINUTE,
      updatedAt: now - 3 * 24 * 60 * MINUTE,
      configVersion: s.versions.length,
      served,
      routes: s.serving.routes.map((r, i) => ({
        name: served[i].name,
        percent: r.percent,
      })),
      lastUpdateFailed: false,
      updatesFail: s.serving.updatesFail,
      requestsPerSecond: s.serving.requestsPerSecond,
      metrics: new Map(),
      lastAccrual: now - 6 * 60 * MINUTE,
      profiles: new Map(Object.entries(s.serving.profiles)),
      rng: new Random(`${s.seed}:serving`),
    };
    this.store.endpoints.set(s.endpoint, endpoint);
    accrue(endpoint, now);

    // DLT pipeline with a few updates and their data-quality events
    const pipeline: PipelineState = {
      id: s.pipelineId,
      name: s.pipeline.name,
      catalog: catalogName,
      target: schemaName,
      createdAt: model.createdAt,
      updates: [],
      events: [],
      failing: s.pipeline.failing,
    };
    this.store.pipelines.set(s.pipelineId, pipeline);
    for (let i = 3; i >= 0; i--) {
      const at = now - i * 6 * 60 * MINUTE - UPDATE_TOTAL_MS;
      const update: PipelineUpdateState = {
        update_id: rng.uuid(),
        creation_time: at,
        cause: 'JOB_TASK',
        full_refresh: false,
      };
      pipeline.updates.unshift(update);
      completeUpdate(pipeline, update, at + UPDATE_TOTAL_MS, rng);
    }
  }

  // ---------------------------------------------------------------- time

  /** Brings every time-driven thing up to now: config roll-outs, traffic metrics, job runs. */
  tick(): void {
    this.store.tick();
  }

  // ---------------------------------------------------------------- serving

  listEndpoints(): serving.ServingEndpoint[] {
    return this.serving.listEndpoints();
  }

  getEndpoint(name: string): serving.ServingEndpointDetailed {
    return this.serving.getEndpoint(name);
  }

  updateConfig(
    name: string,
    body: serving.EndpointCoreConfigInput,
    options: { fail?: boolean } = {},
  ): serving.ServingEndpointDetailed {
    return this.serving.updateConfig(name, body, options);
  }

  metricsText(name: string): string {
    return this.serving.metricsText(name);
  }

  invoke(
    name: string,
    body: Record<string, unknown>,
  ): { servedEntity: string; response: serving.QueryEndpointResponse } {
    return this.serving.invoke(name, body);
  }

  setProfile(name: string, version: string, profile: Partial<VersionProfile>) {
    this.serving.setProfile(name, version, profile);
  }

  // ---------------------------------------------------------------- Unity Catalog

  getModel(
    fullName: string,
    includeAliases: boolean,
  ): catalog.RegisteredModelInfo {
    return this.unityCatalog.getModel(fullName, includeAliases);
  }

  listModels(query: {
    catalog_name?: string;
    schema_name?: string;
    max_results?: number;
    page_token?: string;
  }): catalog.ListRegisteredModelsResponse {
    return this.unityCatalog.listModels(query);
  }

  createModel(
    body: catalog.CreateRegisteredModelRequest,
  ): catalog.RegisteredModelInfo {
    return this.unityCatalog.createModel(body);
  }

  getSchema(fullName: string): catalog.SchemaInfo {
    return this.unityCatalog.getSchema(fullName);
  }

  createSchema(body: catalog.CreateSchema): catalog.SchemaInfo {
    return this.unityCatalog.createSchema(body);
  }

  listVersions(fullName: string): catalog.ModelVersionInfo[] {
    return this.unityCatalog.listVersions(fullName);
  }

  getVersion(fullName: string, version: number): catalog.ModelVersionInfo {
    return this.unityCatalog.getVersion(fullName, version);
  }

  setAlias(
    fullName: string,
    alias: string,
    version: number,
  ): catalog.RegisteredModelAlias {
    return this.unityCatalog.setAlias(fullName, alias, version);
  }

  deleteAlias(fullName: string, alias: string) {
    this.unityCatalog.deleteAlias(fullName, alias);
  }

  versionByAlias(fullName: string, alias: string): catalog.ModelVersionInfo {
    return this.unityCatalog.versionByAlias(fullName, alias);
  }

  // ---------------------------------------------------------------- MLflow

  getExperiment(id: string): ml.Experiment {
    return this.mlflow.getExperiment(id);
  }

  getExperimentByName(name: string): ml.Experiment {
    return this.mlflow.getExperimentByName(name);
  }

  getRun(runId: string): ml.Run {
    return this.mlflow.getRun(runId);
  }

  searchRuns(body: ml.SearchRuns): ml.SearchRunsResponse {
    return this.mlflow.searchRuns(body);
  }

  // ---------------------------------------------------------------- Jobs

  listJobs(): jobs.BaseJob[] {
    return this.jobs.listJobs();
  }

  getJob(id: number): jobs.Job {
    return this.jobs.getJob(id);
  }

  runNow(body: jobs.RunNow): jobs.RunNowResponse {
    return this.jobs.runNow(body);
  }

  failNextRun(jobId: number) {
    this.jobs.failNextRun(jobId);
  }

  cancelRun(runId: number) {
    this.jobs.cancelRun(runId);
  }

  getJobRun(runId: number): jobs.Run {
    return this.jobs.getJobRun(runId);
  }

  listRuns(query: {
    job_id?: number;
    active_only?: boolean;
    completed_only?: boolean;
    limit?: number;
    page_token?: string;
  }): jobs.ListRunsResponse {
    return this.jobs.listRuns(query);
  }

  // ---------------------------------------------------------------- Pipelines

  listPipelines(): pipelines.PipelineStateInfo[] {
    return this.pipelines.listPipelines();
  }

  getPipeline(id: string): pipelines.GetPipelineResponse {
    return this.pipelines.getPipeline(id);
  }

  listUpdates(
    id: string,
    query: { max_results?: number; page_token?: string } = {},
  ): pipelines.ListUpdatesResponse {
    return this.pipelines.listUpdates(id, query);
  }

  getUpdate(id: string, updateId: string): pipelines.GetUpdateResponse {
    return this.pipelines.getUpdate(id, updateId);
  }

  startUpdate(
    id: string,
    body: Partial<pipelines.StartUpdate> = {},
  ): pipelines.StartUpdateResponse {
    return this.pipelines.startUpdate(id, body);
  }

  stopPipeline(id: string): void {
    this.pipelines.stopPipeline(id);
  }

  listEvents(
    id: string,
    query: {
      max_results?: number;
      page_token?: string;
      order_by?: string[] | string;
    },
  ): pipelines.ListPipelineEventsResponse {
    return this.pipelines.listEvents(id, query);
  }

  // ---------------------------------------------------------------- SQL

  submitStatement(
    body: sql.ExecuteStatementRequest,
    warehouses: Set<string>,
  ): sql.StatementResponse {
    return this.statements.submitStatement(body, warehouses);
  }

  getStatement(id: string): sql.StatementResponse {
    return this.statements.getStatement(id);
  }

  cancelStatement(id: string) {
    this.statements.cancelStatement(id);
  }

  chunk(st: StatementState | string, index: number): sql.ResultData {
    return this.statements.chunk(st, index);
  }

  // ---------------------------------------------------------------- state

  /** Everything that changes, as plain JSON: the admin API's export and the state file. */
  snapshot(): WorkspaceSnapshot {
    this.tick();
    return {
      format: SNAPSHOT_FORMAT,
      savedAt: new Date(this.now()).toISOString(),
      clockMs: this.now(),
      nextRunId: this.store.nextRunId,
      scenarios: this.scenarios.map(sc => ({
        ucModel: sc.ucModel,
        versions: sc.versions,
        windows: this.store.runtimes.get(sc.ucModel)?.windows ?? 0,
      })),
      endpoints: [...this.store.endpoints.values()].map(
        ({ metrics, profiles, rng, ...rest }) => ({
          ...rest,
          metrics: [...metrics],
          profiles: [...profiles],
          rngPosition: rng.position,
        }),
      ),
      models: [...this.store.models.values()].map(m => ({
        ...m,
        versions: [...m.versions.values()],
        aliases: [...m.aliases],
      })),
      schemas: [...this.store.schemas.values()],
      experiments: [...this.store.experiments.values()],
      runs: this.store.runs,
      jobs: [...this.store.jobs.values()].map(j => ({
        id: j.id,
        failNext: j.failNext,
      })),
      jobRuns: [...this.store.jobRuns.values()],
      pipelines: [...this.store.pipelines.values()],
      tables: this.sql.snapshot(),
    };
  }

  /**
   * Puts a snapshot's state back, over the seeded scenarios (jobs and reference samples come
   * from those, so load the same scenarios the snapshot was taken with).
   */
  restore(input: unknown): void {
    const snap = input as WorkspaceSnapshot;
    if (!snap || typeof snap !== 'object' || snap.format !== SNAPSHOT_FORMAT) {
      throw invalid(
        `Not a local workspace state: expected format '${SNAPSHOT_FORMAT}'.`,
      );
    }
    const lists = [
      'scenarios',
      'endpoints',
      'models',
      'schemas',
      'experiments',
      'runs',
      'jobs',
      'jobRuns',
      'pipelines',
      'tables',
    ] as const;
    const missing = lists.filter(k => !Array.isArray(snap[k]));
    if (missing.length > 0 || !Number.isInteger(snap.nextRunId)) {
      throw invalid(
        `The state is incomplete: ${[
          ...missing,
          ...(Number.isInteger(snap.nextRunId) ? [] : ['nextRunId']),
        ].join(', ')} missing or malformed.`,
      );
    }
    const copy = structuredClone(snap);
    this.store.nextRunId = copy.nextRunId;
    for (const saved of copy.scenarios) {
      const sc = this.scenarios.find(x => x.ucModel === saved.ucModel);
      if (sc) sc.versions = saved.versions;
      const runtime = this.store.runtimes.get(saved.ucModel);
      if (runtime) runtime.windows = saved.windows;
    }
    this.store.endpoints.clear();
    for (const { metrics, profiles, rngPosition, ...rest } of copy.endpoints) {
      this.store.endpoints.set(rest.name, {
        ...rest,
        metrics: new Map(metrics),
        profiles: new Map(profiles),
        rng: new Random(rngPosition),
      });
    }
    this.store.models.clear();
    for (const m of copy.models) {
      this.store.models.set(m.fullName, {
        ...m,
        versions: new Map(m.versions.map(v => [Number(v.version), v])),
        aliases: new Map(m.aliases),
      });
    }
    this.store.schemas.clear();
    for (const sc of copy.schemas) this.store.schemas.set(sc.full_name!, sc);
    this.store.experiments.clear();
    for (const e of copy.experiments)
      this.store.experiments.set(e.experiment_id!, e);
    this.store.runs.splice(0, this.store.runs.length, ...copy.runs);
    for (const j of copy.jobs) {
      const job = this.store.jobs.get(j.id);
      if (job) job.failNext = j.failNext;
    }
    this.store.jobRuns.clear();
    for (const r of copy.jobRuns) {
      if (this.store.jobs.has(r.jobId)) this.store.jobRuns.set(r.runId, r);
    }
    this.store.pipelines.clear();
    for (const pl of copy.pipelines) this.store.pipelines.set(pl.id, pl);
    this.store.statements.clear();
    this.sql.restore(copy.tables);
  }

  /** Back to the scenarios as loaded: every change, run and drift window since is forgotten. */
  reset(): void {
    const originals = [...this.store.originals];
    this.store.clear();
    for (const sc of originals) this.seed(sc);
  }
}

/** The local workspace's state as JSON (GET /__admin/state, the state file). */
export interface WorkspaceSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  savedAt: string;
  /** the emulated time it was taken at, ms since the epoch */
  clockMs: number;
  nextRunId: number;
  scenarios: Array<{
    ucModel: string;
    versions: ModelScenario['versions'];
    windows: number;
  }>;
  endpoints: Array<
    Omit<EndpointState, 'metrics' | 'profiles' | 'rng'> & {
      metrics: Array<[string, EntityMetrics]>;
      profiles: Array<[string, VersionProfile]>;
      rngPosition: number;
    }
  >;
  models: Array<
    Omit<ModelState, 'versions' | 'aliases'> & {
      versions: catalog.ModelVersionInfo[];
      aliases: Array<[string, number]>;
    }
  >;
  schemas: catalog.SchemaInfo[];
  experiments: ml.Experiment[];
  runs: ml.Run[];
  jobs: Array<{ id: number; failNext: boolean }>;
  jobRuns: JobRunState[];
  pipelines: PipelineState[];
  tables: TableSnapshot[];
}
