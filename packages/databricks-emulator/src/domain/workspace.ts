import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  sql,
} from '@databricks/sdk-experimental';
import { randomUUID } from 'node:crypto';
import { FeatureReference } from './drift';
import { ApiError, invalid, notFound } from './errors';
import { round4 } from './maths';
import { Random } from './random';
import { ModelScenario, VersionProfile } from './scenario';
import { SqlEngine, SqlError, TableSnapshot, typeText } from './sql';
import { pageOf } from '../services/paging';
import { MlflowService } from '../services/mlflow';
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
  TimeDriven,
  WorkspaceOptions,
  WorkspaceStore,
} from '../services/store';

/**
 * The state of the local workspace and everything that happens in it as emulated time passes:
 * serving configs roll out, traffic accrues metrics, job runs move through their life cycle and
 * leave tournaments and drift windows behind. Routes in `http/` only translate HTTP to these calls.
 */

const STATUS_OF: Partial<Record<jobs.RunLifeCycleState, string>> = {
  TERMINATED: 'TERMINATED',
  QUEUED: 'QUEUED',
  PENDING: 'PENDING',
};
const TERMINATION_CODE: Partial<Record<jobs.RunResultState, string>> = {
  SUCCESS: 'SUCCESS',
  CANCELED: 'CANCELED',
};
const ALGORITHMS = [
  'xgboost',
  'lightgbm',
  'random_forest',
  'isolation_forest',
] as const;
const MINUTE = 60_000;
const SNAPSHOT_FORMAT = 'fmlops-local-workspace/1';
/** How a DLT update moves on, in emulated ms from its start, before it runs for UPDATE_RUN_MS. */
const UPDATE_STAGES: Array<[number, pipelines.UpdateInfoState]> = [
  [0, 'WAITING_FOR_RESOURCES'],
  [10_000, 'INITIALIZING'],
  [30_000, 'SETTING_UP_TABLES'],
  [45_000, 'RUNNING'],
];
const UPDATE_RUN_MS = 4 * MINUTE;
const UPDATE_TOTAL_MS = 45_000 + UPDATE_RUN_MS;

export class LocalWorkspaceState implements TimeDriven {
  readonly sql: SqlEngine;
  readonly scenarios: ModelScenario[];
  readonly serving: ServingService;
  readonly unityCatalog: UnityCatalogService;
  readonly mlflow: MlflowService;
  private readonly store: WorkspaceStore;

  constructor(private readonly options: WorkspaceOptions) {
    this.store = new WorkspaceStore(options);
    this.sql = this.store.sql;
    this.scenarios = this.store.scenarios;
    this.serving = new ServingService(this.store);
    this.unityCatalog = new UnityCatalogService(this.store);
    this.mlflow = new MlflowService(this.store);
    this.store.movesWithTime(this.serving, this);
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
      const winnerRunId = this.logTournament(
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
    this.sql.createTable(s.driftTable, [
      { name: 'window_start', type: 'TIMESTAMP' },
      { name: 'window_end', type: 'TIMESTAMP' },
      { name: 'feature', type: 'STRING' },
      { name: 'feature_type', type: 'STRING' },
      { name: 'psi', type: 'DOUBLE' },
      { name: 'js_divergence', type: 'DOUBLE' },
      { name: 'js_distance', type: 'DOUBLE' },
      { name: 'status', type: 'STRING' },
      { name: 'reference_count', type: 'LONG' },
      { name: 'current_count', type: 'LONG' },
    ]);
    this.sql.createTable(`${s.driftTable}_histograms`, [
      { name: 'window_start', type: 'TIMESTAMP' },
      { name: 'feature', type: 'STRING' },
      { name: 'bin_index', type: 'INT' },
      { name: 'bin_label', type: 'STRING' },
      { name: 'bin_lower', type: 'DOUBLE' },
      { name: 'bin_upper', type: 'DOUBLE' },
      { name: 'reference_count', type: 'LONG' },
      { name: 'current_count', type: 'LONG' },
    ]);
    this.sql.createTable(
      `${s.driftTable.replace(/_drift$/, '')}_inference_metrics`,
      [
        { name: 'window_start', type: 'TIMESTAMP' },
        { name: 'model_version', type: 'STRING' },
        { name: 'requests', type: 'LONG' },
        { name: 'errors', type: 'LONG' },
        { name: 'p50_latency_ms', type: 'DOUBLE' },
        { name: 'p99_latency_ms', type: 'DOUBLE' },
        { name: 'pr_auc', type: 'DOUBLE' },
        { name: 'f1', type: 'DOUBLE' },
        { name: 'precision', type: 'DOUBLE' },
        { name: 'recall', type: 'DOUBLE' },
      ],
    );
    const windowMs = s.drift.windowHours * 60 * MINUTE;
    const firstStart =
      Math.floor(now / windowMs) * windowMs - s.drift.windows * windowMs;
    for (let w = 0; w < s.drift.windows; w++) {
      this.appendDriftWindow(runtime, firstStart + w * windowMs);
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
      this.completeUpdate(pipeline, update, at + UPDATE_TOTAL_MS, rng);
    }
  }

  /** Logs one tournament (a run per algorithm) whose winner has roughly `winnerPrAuc`; returns the winner's run id. */
  private logTournament(
    runtime: ModelRuntime,
    at: number,
    winnerPrAuc: number,
    rng: Random,
    jobRunId: string,
  ): string {
    const s = runtime.scenario;
    const tournamentId = `t-${s.endpoint}-${at}`;
    const scores = ALGORITHMS.map((algorithm, i) => ({
      algorithm,
      // the winner leads; isolation forest, unsupervised, trails
      prAuc:
        i === 0
          ? winnerPrAuc
          : Math.max(
              0.05,
              winnerPrAuc -
                (algorithm === 'isolation_forest'
                  ? 0.22
                  : 0.02 + 0.04 * rng.next()),
            ),
    }));
    const order = rng.pick([
      [0, 1, 2, 3],
      [1, 0, 2, 3],
      [2, 0, 1, 3],
    ]);
    const algorithms = order.map(i => ALGORITHMS[i]);
    let winnerRunId = '';
    scores.forEach((score, rank) => {
      const algorithm = rank === 0 ? algorithms[0] : algorithms[rank];
      const runId = rng.uuid().replace(/-/g, '');
      const prAuc = round4(score.prAuc);
      const precision = round4(
        Math.min(0.99, prAuc + 0.05 + 0.05 * rng.next()),
      );
      const recall = round4(Math.max(0.05, prAuc - 0.08 + 0.05 * rng.next()));
      const f1 = round4((2 * precision * recall) / (precision + recall));
      const run: ml.Run = {
        info: {
          run_id: runId,
          run_uuid: runId,
          run_name: `${algorithm}-${new Date(at).toISOString().slice(0, 10)}`,
          experiment_id: s.experimentId,
          status: 'FINISHED',
          start_time: at + rank * 1000,
          end_time: at + rank * 1000 + 8 * MINUTE,
          lifecycle_stage: 'active',
          user_id: 'fmlops-tournament@fmlops.example',
          artifact_uri: `dbfs:/databricks/mlflow-tracking/${s.experimentId}/${runId}/artifacts`,
        },
        data: {
          params: [
            { key: 'algorithm', value: algorithm },
            ...hyperparameters(algorithm, rng),
          ],
          metrics: [
            ['pr_auc', prAuc],
            ['f1', f1],
            ['precision', precision],
            ['recall', recall],
            ['roc_auc', round4(Math.min(0.995, prAuc + 0.12))],
          ].map(([key, value]) => ({
            key: key as string,
            value: value as number,
            timestamp: at + 8 * MINUTE,
            step: 0,
          })),
          tags: [
            { key: 'fmlops.tournament_id', value: tournamentId },
            { key: 'fmlops.job_run_id', value: jobRunId },
            { key: 'fmlops.winner', value: rank === 0 ? 'true' : 'false' },
            {
              key: 'mlflow.runName',
              value: `${algorithm}-${new Date(at).toISOString().slice(0, 10)}`,
            },
          ],
        },
      };
      this.store.runs.push(run);
      if (rank === 0) winnerRunId = runId;
    });
    return winnerRunId;
  }

  private driftShift(
    runtime: ModelRuntime,
    windowIndex: number,
    feature: string,
  ): number {
    const d = runtime.scenario.drift;
    if (d.startWindow === undefined || windowIndex < d.startWindow) return 0;
    if (d.features && !d.features.includes(feature)) return 0;
    return (windowIndex - d.startWindow + 1) * (d.perWindow ?? 0);
  }

  private appendDriftWindow(runtime: ModelRuntime, startMs: number) {
    const s = runtime.scenario;
    const index = runtime.windows;
    const end = startMs + s.drift.windowHours * 60 * MINUTE;
    const { metrics, histograms } = runtime.reference.window(
      s.ucModel,
      new Date(startMs),
      new Date(end),
      f => this.driftShift(runtime, index, f),
    );
    this.sql.insert(
      s.driftTable,
      metrics as unknown as Array<Record<string, unknown>>,
    );
    this.sql.insert(
      `${s.driftTable}_histograms`,
      histograms as unknown as Array<Record<string, unknown>>,
    );
    // live model quality from labelled feedback, worse when inputs drift
    const model = this.store.models.get(s.ucModel)!;
    const champion = model.aliases.get('champion');
    const base = s.versions.find(v => v.version === champion)?.prAuc ?? 0.75;
    const maxShift = Math.max(
      ...['amount', 'velocity_1h', 'price_return', 'volume_zscore'].map(f =>
        this.driftShift(runtime, index, f),
      ),
    );
    const prAuc = round4(Math.max(0.05, base - 0.35 * maxShift));
    this.sql.insert(
      `${s.driftTable.replace(/_drift$/, '')}_inference_metrics`,
      [
        {
          window_start: new Date(startMs).toISOString(),
          model_version: String(champion ?? ''),
          requests: Math.round(
            s.serving.requestsPerSecond * s.drift.windowHours * 3600,
          ),
          errors: Math.round(
            s.serving.requestsPerSecond * s.drift.windowHours * 3.6,
          ),
          p50_latency_ms: s.serving.profiles[String(champion)]?.p50Ms ?? 18,
          p99_latency_ms: s.serving.profiles[String(champion)]?.p99Ms ?? 65,
          pr_auc: prAuc,
          f1: round4(prAuc - 0.06),
          precision: round4(prAuc + 0.04),
          recall: round4(prAuc - 0.1),
        },
      ],
    );
    runtime.windows += 1;
  }

  /** Ends an update: a flow_progress event with expectation results per dataset, then COMPLETED. */
  private completeUpdate(
    p: PipelineState,
    update: PipelineUpdateState,
    endedAt: number,
    rng: Random,
  ) {
    const updateId = update.update_id;
    const at = endedAt - 2 * MINUTE;
    update.finalState = 'COMPLETED';
    update.endedAt = endedAt;
    const layers: Array<[string, string[]]> = [
      ['trades_bronze', ['valid_payload', 'has_symbol']],
      ['trades_silver', ['valid_price', 'positive_volume', 'known_currency']],
      ['features_gold', ['complete_features']],
    ];
    for (const [dataset, expectations] of layers) {
      const records = 40_000 + rng.int(0, 10_000);
      const results = expectations.map(name => {
        const failRate =
          p.failing &&
          p.failing.dataset === dataset &&
          p.failing.expectation === name
            ? p.failing.failRate
            : rng.next() * 0.0005;
        const failed = Math.round(records * failRate);
        return {
          name,
          dataset,
          passed_records: records - failed,
          failed_records: failed,
        };
      });
      // expect_or_drop: records failing any expectation do not reach the table
      const dropped = Math.max(0, ...results.map(r => r.failed_records));
      const failing = results.some(r => r.failed_records / records > 0.01);
      p.events.unshift({
        id: rng.uuid(),
        event_type: 'flow_progress',
        level: failing ? 'WARN' : 'INFO',
        maturity_level: 'STABLE',
        timestamp: new Date(at + 60_000).toISOString(),
        message: `Flow '${dataset}' has COMPLETED.`,
        origin: {
          pipeline_id: p.id,
          pipeline_name: p.name,
          update_id: updateId,
          flow_name: dataset,
          dataset_name: dataset,
        },
        details: {
          flow_progress: {
            status: 'COMPLETED',
            metrics: { num_output_rows: records - dropped },
            data_quality: { dropped_records: dropped, expectations: results },
          },
        },
      } as pipelines.PipelineEvent);
    }
    p.events.unshift({
      id: rng.uuid(),
      event_type: 'update_progress',
      level: 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(endedAt).toISOString(),
      message: `Update ${updateId.slice(0, 6)} is COMPLETED.`,
      origin: { pipeline_id: p.id, pipeline_name: p.name, update_id: updateId },
    });
  }

  // ---------------------------------------------------------------- time

  /** Brings every time-driven thing up to now: config roll-outs, traffic metrics, job runs. */
  tick(): void {
    this.store.tick();
  }

  catchUp(now: number): void {
    for (const run of this.store.jobRuns.values()) {
      this.settleRun(run, now);
    }
    for (const p of this.store.pipelines.values()) {
      this.settlePipeline(p, now);
    }
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

  private job(id: number): JobState {
    const j = this.store.jobs.get(id);
    if (!j)
      throw new ApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Job ${id} does not exist.`,
      );
    return j;
  }

  listJobs(): jobs.BaseJob[] {
    return [...this.store.jobs.values()].map(j => this.jobView(j));
  }

  getJob(id: number): jobs.Job {
    return this.jobView(this.job(id));
  }

  private jobView(j: JobState): jobs.Job {
    return {
      job_id: j.id,
      creator_user_name: 'ml-platform@fmlops.example',
      created_time: j.createdAt,
      settings: {
        name: j.name,
        max_concurrent_runs: 1,
        tags: {
          'fmlops.role': j.role,
          ...(j.model ? { 'fmlops.model': j.model.scenario.ucModel } : {}),
        },
        tasks: [
          {
            task_key:
              j.role === 'tournament' ? 'select_winner' : 'compute_drift',
          },
        ],
      },
    };
  }

  /** run-now; the same idempotency token returns the run it started before, as the real API does. */
  runNow(body: jobs.RunNow): jobs.RunNowResponse {
    this.tick();
    const job = this.job(Number(body.job_id));
    if (body.idempotency_token) {
      const existing = [...this.store.jobRuns.values()].find(
        r =>
          r.jobId === job.id && r.idempotencyToken === body.idempotency_token,
      );
      if (existing)
        return { run_id: existing.runId, number_in_job: existing.runId };
    }
    const runId = this.store.nextRunId++;
    this.store.jobRuns.set(runId, {
      runId,
      jobId: job.id,
      idempotencyToken: body.idempotency_token,
      createdAt: this.now(),
      fails: job.failNext,
      effectsApplied: false,
    });
    job.failNext = false;
    return { run_id: runId, number_in_job: runId };
  }

  failNextRun(jobId: number) {
    this.job(jobId).failNext = true;
  }

  cancelRun(runId: number) {
    const run = this.store.jobRuns.get(runId);
    if (!run) throw invalid(`Run ${runId} does not exist.`);
    if (!run.resultState) run.cancelledAt = this.now();
  }

  /** A run's life cycle from its age: queued, pending, running, terminating, terminated. */
  private lifeCycle(
    run: JobRunState,
    now: number,
  ): { state: jobs.RunLifeCycleState; result?: jobs.RunResultState } {
    if (run.resultState)
      return { state: 'TERMINATED', result: run.resultState };
    const job = this.store.jobs.get(run.jobId)!;
    const age = (run.cancelledAt ?? now) - run.createdAt;
    if (run.cancelledAt !== undefined)
      return { state: 'TERMINATED', result: 'CANCELED' };
    if (age < 5_000) return { state: 'QUEUED' };
    if (age < 30_000) return { state: 'PENDING' };
    if (age < 30_000 + job.durationMs) return { state: 'RUNNING' };
    if (age < 40_000 + job.durationMs) return { state: 'TERMINATING' };
    return { state: 'TERMINATED', result: run.fails ? 'FAILED' : 'SUCCESS' };
  }

  private settleRun(run: JobRunState, now: number) {
    if (run.effectsApplied) return;
    const { state, result } = this.lifeCycle(run, now);
    if (state !== 'TERMINATED') return;
    run.resultState = result;
    run.effectsApplied = true;
    const job = this.store.jobs.get(run.jobId)!;
    if (result !== 'SUCCESS' || !job.model) return;
    const runtime = job.model;
    const s = runtime.scenario;
    if (job.role === 'tournament') {
      const model = this.store.models.get(s.ucModel)!;
      const champion = model.aliases.get('champion');
      const championPrAuc =
        s.versions.find(v => v.version === champion)?.prAuc ?? 0.75;
      const rng = new Random(`${s.seed}:run:${run.runId}`);
      const winnerPrAuc = s.nextChallengerBetter
        ? Math.min(0.97, championPrAuc + 0.015 + 0.02 * rng.next())
        : Math.max(0.3, championPrAuc - 0.04 - 0.03 * rng.next());
      const finishedAt = run.createdAt + 30_000 + job.durationMs;
      const winnerRunId = this.logTournament(
        runtime,
        finishedAt - job.durationMs,
        winnerPrAuc,
        rng,
        String(run.runId),
      );
      const version = Math.max(0, ...model.versions.keys()) + 1;
      model.versions.set(
        version,
        versionInfo(model, version, winnerRunId, finishedAt),
      );
      s.versions.push({ version, prAuc: winnerPrAuc });
      model.aliases.set('challenger', version);
    } else if (job.role === 'drift') {
      const windowMs = s.drift.windowHours * 60 * MINUTE;
      const last = this.lastWindowStart(s);
      this.appendDriftWindow(
        runtime,
        last === undefined
          ? Math.floor(now / windowMs) * windowMs
          : last + windowMs,
      );
    }
  }

  private lastWindowStart(s: ModelScenario): number | undefined {
    const result = this.sql.execute(
      `SELECT MAX(window_start) AS last FROM ${s.driftTable}`,
    );
    const value = result.rows[0]?.[0];
    return value ? Date.parse(value) : undefined;
  }

  getJobRun(runId: number): jobs.Run {
    this.tick();
    const run = this.store.jobRuns.get(runId);
    if (!run) throw invalid(`Run ${runId} does not exist.`);
    return this.runView(run);
  }

  private runView(run: JobRunState): jobs.Run {
    const job = this.store.jobs.get(run.jobId)!;
    const { state, result } = this.lifeCycle(run, this.now());
    const started = run.createdAt + 5_000;
    const ended =
      state === 'TERMINATED'
        ? run.cancelledAt ?? run.createdAt + 40_000 + job.durationMs
        : undefined;
    return {
      job_id: job.id,
      run_id: run.runId,
      number_in_job: run.runId,
      run_name: job.name,
      creator_user_name: 'fmlops@fmlops.example',
      start_time: started,
      end_time: ended ?? 0,
      setup_duration: 25_000,
      run_type: 'JOB_RUN',
      trigger: 'ONE_TIME',
      run_page_url: `${this.options.host()}/#job/${job.id}/run/${run.runId}`,
      state: {
        life_cycle_state: state,
        ...(result ? { result_state: result } : {}),
        state_message:
          result === 'FAILED'
            ? 'Task select_winner failed with an exception.'
            : '',
        user_cancelled_or_timedout: result === 'CANCELED',
      },
      status: {
        state: STATUS_OF[state] ?? 'RUNNING',
        ...(result
          ? {
              termination_details: {
                code: TERMINATION_CODE[result] ?? 'RUN_EXECUTION_ERROR',
                type: result === 'SUCCESS' ? 'SUCCESS' : 'CLIENT_ERROR',
              },
            }
          : {}),
      } as jobs.RunStatus,
    };
  }

  listRuns(query: {
    job_id?: number;
    active_only?: boolean;
    completed_only?: boolean;
    limit?: number;
    page_token?: string;
  }): jobs.ListRunsResponse {
    this.tick();
    const limit = query.limit ?? 25;
    if (!Number.isInteger(limit) || limit < 1 || limit > 25)
      throw invalid(`limit must be between 1 and 25, got ${limit}.`);
    const offset = query.page_token
      ? Number(Buffer.from(query.page_token, 'base64').toString('utf8'))
      : 0;
    let list = [...this.store.jobRuns.values()].filter(
      r => query.job_id === undefined || r.jobId === query.job_id,
    );
    if (query.job_id !== undefined && !this.store.jobs.has(query.job_id))
      throw invalid(`Job ${query.job_id} does not exist.`);
    const now = this.now();
    if (query.active_only)
      list = list.filter(r => this.lifeCycle(r, now).state !== 'TERMINATED');
    if (query.completed_only)
      list = list.filter(r => this.lifeCycle(r, now).state === 'TERMINATED');
    list.sort((a, b) => b.createdAt - a.createdAt);
    const page = list.slice(offset, offset + limit);
    const more = offset + limit < list.length;
    return {
      runs: page.map(r => this.runView(r)),
      has_more: more,
      ...(more
        ? {
            next_page_token: Buffer.from(String(offset + limit)).toString(
              'base64',
            ),
          }
        : {}),
    };
  }

  // ---------------------------------------------------------------- Pipelines

  private pipeline(id: string): PipelineState {
    const p = this.store.pipelines.get(id);
    if (!p) throw notFound(`Pipeline '${id}'`);
    return p;
  }

  /** An update's state now: its final one, or where it is in its life cycle. */
  private updateState(
    u: PipelineUpdateState,
    now: number,
  ): pipelines.UpdateInfoState {
    if (u.finalState) return u.finalState;
    const age = now - u.creation_time;
    let state: pipelines.UpdateInfoState = 'QUEUED';
    for (const [from, stage] of UPDATE_STAGES) if (age >= from) state = stage;
    return state;
  }

  /** Ends the updates whose time has come, writing their events. */
  private settlePipeline(p: PipelineState, now: number) {
    for (const u of p.updates) {
      if (!u.finalState && now - u.creation_time >= UPDATE_TOTAL_MS) {
        this.completeUpdate(
          p,
          u,
          u.creation_time + UPDATE_TOTAL_MS,
          new Random(`${p.id}:${u.update_id}`),
        );
      }
    }
  }

  private activeUpdate(p: PipelineState): PipelineUpdateState | undefined {
    return p.updates.find(u => !u.finalState);
  }

  listPipelines(): pipelines.PipelineStateInfo[] {
    this.tick();
    return [...this.store.pipelines.values()].map(p => {
      const view = this.pipelineView(p);
      return {
        pipeline_id: p.id,
        name: p.name,
        state: view.state,
        health: view.health,
        latest_updates: view.latest_updates,
        creator_user_name: view.creator_user_name,
      };
    });
  }

  getPipeline(id: string): pipelines.GetPipelineResponse {
    this.tick();
    return this.pipelineView(this.pipeline(id));
  }

  private pipelineView(p: PipelineState): pipelines.GetPipelineResponse {
    const now = this.now();
    const failing = p.failing !== undefined;
    const active = this.activeUpdate(p);
    return {
      pipeline_id: p.id,
      name: p.name,
      state: active ? 'RUNNING' : 'IDLE',
      health: failing ? 'UNHEALTHY' : 'HEALTHY',
      creator_user_name: 'ml-platform@fmlops.example',
      run_as_user_name: 'fmlops-sp',
      last_modified: p.createdAt,
      latest_updates: p.updates.slice(0, 5).map(u => ({
        update_id: u.update_id,
        state: this.updateState(u, now),
        creation_time: new Date(u.creation_time).toISOString(),
      })),
      spec: {
        id: p.id,
        name: p.name,
        catalog: p.catalog,
        target: p.target,
        serverless: true,
        continuous: false,
        development: false,
        channel: 'CURRENT',
        libraries: [
          { file: { path: '/Workspace/fmlops/src/dlt/pipeline.py' } },
        ],
      },
      ...(failing
        ? {
            cause: `Expectation ${p.failing!.expectation} on ${
              p.failing!.dataset
            } failed for ${(p.failing!.failRate * 100).toFixed(
              1,
            )} % of records`,
          }
        : {}),
    };
  }

  listUpdates(
    id: string,
    query: { max_results?: number; page_token?: string } = {},
  ): pipelines.ListUpdatesResponse {
    this.tick();
    const p = this.pipeline(id);
    const now = this.now();
    const all = p.updates.map(
      (u): pipelines.UpdateInfo => ({
        update_id: u.update_id,
        pipeline_id: p.id,
        state: this.updateState(u, now),
        cause: u.cause,
        full_refresh: u.full_refresh,
        creation_time: u.creation_time,
      }),
    );
    const { page, nextToken } = pageOf(
      all,
      query.max_results ?? 25,
      query.page_token,
      100,
    );
    return {
      updates: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }

  getUpdate(id: string, updateId: string): pipelines.GetUpdateResponse {
    const u = this.listUpdates(id, { max_results: 100 }).updates?.find(
      x => x.update_id === updateId,
    );
    if (!u) throw notFound(`Update '${updateId}' of pipeline '${id}'`);
    return { update: u };
  }

  /** Starts an update; it moves through its life cycle as emulated time passes. One at a time. */
  startUpdate(
    id: string,
    body: Partial<pipelines.StartUpdate> = {},
  ): pipelines.StartUpdateResponse {
    this.tick();
    const p = this.pipeline(id);
    const active = this.activeUpdate(p);
    if (active) {
      throw new ApiError(
        409,
        'RESOURCE_CONFLICT',
        `An active update '${active.update_id}' already exists for pipeline '${id}'.`,
      );
    }
    const now = this.now();
    const update: PipelineUpdateState = {
      update_id: new Random(`${id}:update:${now}:${p.updates.length}`).uuid(),
      creation_time: now,
      cause: 'API_CALL',
      full_refresh: Boolean(body.full_refresh),
    };
    p.updates.unshift(update);
    p.events.unshift({
      id: new Random(`${update.update_id}:created`).uuid(),
      event_type: 'create_update',
      level: 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(now).toISOString(),
      message: `Update ${update.update_id.slice(0, 6)} started by API_CALL.`,
      origin: {
        pipeline_id: p.id,
        pipeline_name: p.name,
        update_id: update.update_id,
      },
    });
    return { update_id: update.update_id };
  }

  /** Stops the running update (CANCELED); stopping an idle pipeline does nothing, as in Databricks. */
  stopPipeline(id: string): void {
    this.tick();
    const p = this.pipeline(id);
    const active = this.activeUpdate(p);
    if (!active) return;
    active.finalState = 'CANCELED';
    active.endedAt = this.now();
    p.events.unshift({
      id: new Random(`${active.update_id}:canceled`).uuid(),
      event_type: 'update_progress',
      level: 'INFO',
      maturity_level: 'STABLE',
      timestamp: new Date(active.endedAt).toISOString(),
      message: `Update ${active.update_id.slice(0, 6)} is CANCELED.`,
      origin: {
        pipeline_id: p.id,
        pipeline_name: p.name,
        update_id: active.update_id,
      },
    });
  }

  listEvents(
    id: string,
    query: {
      max_results?: number;
      page_token?: string;
      order_by?: string[] | string;
    },
  ): pipelines.ListPipelineEventsResponse {
    this.tick();
    const p = this.pipeline(id);
    const order = Array.isArray(query.order_by)
      ? query.order_by[0]
      : query.order_by;
    if (order && !/^\s*timestamp(\s+(asc|desc))?\s*$/i.test(order)) {
      throw invalid(
        `order_by must be 'timestamp asc' or 'timestamp desc', got '${order}'.`,
      );
    }
    const events =
      order && /asc/i.test(order) ? [...p.events].reverse() : p.events;
    const { page, nextToken } = pageOf(
      events,
      query.max_results ?? 25,
      query.page_token,
      250,
    );
    return {
      events: page,
      ...(nextToken ? { next_page_token: nextToken } : {}),
    };
  }

  // ---------------------------------------------------------------- SQL

  submitStatement(
    body: sql.ExecuteStatementRequest,
    warehouses: Set<string>,
  ): sql.StatementResponse {
    if (!body.warehouse_id || !warehouses.has(body.warehouse_id)) {
      throw new ApiError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Warehouse '${body.warehouse_id}' does not exist.`,
      );
    }
    if (typeof body.statement !== 'string' || !body.statement.trim())
      throw invalid('statement is required.');
    const parameters = body.parameters ?? [];
    if (
      !Array.isArray(parameters) ||
      !parameters.every(
        p => p && typeof p === 'object' && typeof p.name === 'string',
      )
    )
      throw invalid('parameters must be a list of { name, value, type }.');
    if (
      body.row_limit !== undefined &&
      !(Number.isInteger(body.row_limit) && body.row_limit >= 0)
    )
      throw invalid(
        `row_limit must be a whole number ≥ 0, got ${body.row_limit}.`,
      );
    if (body.format && body.format !== 'JSON_ARRAY')
      throw invalid(
        `The local workspace answers format JSON_ARRAY only, not ${body.format}.`,
      );
    if (body.disposition && body.disposition !== 'INLINE')
      throw invalid(
        `The local workspace answers disposition INLINE only, not ${body.disposition}.`,
      );
    const wait = parseWaitTimeout(body.wait_timeout);
    const id = `01ef${randomUUID().replace(/-/g, '').slice(0, 28)}`;
    const now = this.now();
    const st: StatementState = {
      id,
      createdAt: now,
      readyAt: now + this.options.statementExecutionMs,
      state: 'PENDING',
    };
    this.store.statements.set(id, st);
    try {
      const result = this.sql.execute(
        body.statement,
        parameters.map(p => ({
          name: p.name,
          value: p.value,
          type: p.type,
        })),
      );
      st.result = {
        columns: result.columns.map(c => ({
          name: c.name,
          type_name: c.type_name as sql.ColumnInfoTypeName,
          type_text: typeText(c.type_name),
          position: c.position,
        })),
        rows:
          body.row_limit !== undefined
            ? result.rows.slice(0, body.row_limit)
            : result.rows,
        truncated:
          body.row_limit !== undefined && result.rows.length > body.row_limit,
      };
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      st.error = { error_code: 'BAD_REQUEST', message: e.message };
    }
    if (wait === 0) {
      // asynchronous mode: the caller polls
      return { statement_id: id, status: { state: 'PENDING' } };
    }
    if (wait * 1000 >= this.options.statementExecutionMs) {
      st.readyAt = now;
    } else if (body.on_wait_timeout === 'CANCEL') {
      st.state = 'CANCELED';
    }
    return this.statementView(st);
  }

  getStatement(id: string): sql.StatementResponse {
    const st = this.store.statements.get(id);
    if (!st) throw notFound(`Statement '${id}'`);
    return this.statementView(st);
  }

  cancelStatement(id: string) {
    const st = this.store.statements.get(id);
    if (!st) throw notFound(`Statement '${id}'`);
    if (st.state === 'PENDING' || st.state === 'RUNNING') st.state = 'CANCELED';
  }

  private statementView(st: StatementState): sql.StatementResponse {
    if (st.state === 'PENDING' || st.state === 'RUNNING') {
      if (this.now() >= st.readyAt)
        st.state = st.error ? 'FAILED' : 'SUCCEEDED';
      else if (this.now() >= st.createdAt) st.state = 'RUNNING';
    }
    if (st.state !== 'SUCCEEDED') {
      return {
        statement_id: st.id,
        status: {
          state: st.state,
          ...(st.state === 'FAILED'
            ? { error: st.error as sql.ServiceError }
            : {}),
        },
      };
    }
    const { columns, rows } = st.result!;
    const chunkRows = this.options.statementChunkRows;
    const chunkCount = Math.max(1, Math.ceil(rows.length / chunkRows));
    return {
      statement_id: st.id,
      status: { state: 'SUCCEEDED' },
      manifest: {
        format: 'JSON_ARRAY',
        schema: { column_count: columns.length, columns },
        total_chunk_count: chunkCount,
        total_row_count: rows.length,
        truncated: st.result!.truncated,
        chunks: Array.from({ length: chunkCount }, (_, i) => ({
          chunk_index: i,
          row_offset: i * chunkRows,
          row_count: Math.min(chunkRows, rows.length - i * chunkRows),
        })),
      },
      result: this.chunk(st, 0),
    };
  }

  chunk(st: StatementState | string, index: number): sql.ResultData {
    const state = typeof st === 'string' ? this.store.statements.get(st) : st;
    if (!state) throw notFound(`Statement '${st}'`);
    if (state.state !== 'SUCCEEDED' || !state.result)
      throw invalid(`Statement ${state.id} has no result.`);
    const chunkRows = this.options.statementChunkRows;
    const rows = state.result.rows;
    const chunkCount = Math.max(1, Math.ceil(rows.length / chunkRows));
    if (!Number.isInteger(index) || index < 0 || index >= chunkCount)
      throw invalid(`Chunk ${index} is out of range 0..${chunkCount - 1}.`);
    const data = rows.slice(index * chunkRows, (index + 1) * chunkRows);
    const next = index + 1 < chunkCount ? index + 1 : undefined;
    return {
      chunk_index: index,
      row_offset: index * chunkRows,
      row_count: data.length,
      data_array: data as unknown as string[][],
      ...(next !== undefined
        ? {
            next_chunk_index: next,
            next_chunk_internal_link: `/api/2.0/sql/statements/${state.id}/result/chunks/${next}`,
          }
        : {}),
    };
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

function hyperparameters(
  algorithm: string,
  rng: Random,
): Array<{ key: string; value: string }> {
  switch (algorithm) {
    case 'xgboost':
      return [
        { key: 'max_depth', value: String(rng.int(3, 8)) },
        {
          key: 'learning_rate',
          value: String(round4(0.02 + rng.next() * 0.2)),
        },
        { key: 'n_estimators', value: String(rng.int(100, 600)) },
        { key: 'scale_pos_weight', value: String(rng.int(20, 120)) },
      ];
    case 'lightgbm':
      return [
        { key: 'num_leaves', value: String(rng.int(15, 127)) },
        {
          key: 'learning_rate',
          value: String(round4(0.02 + rng.next() * 0.2)),
        },
        { key: 'n_estimators', value: String(rng.int(100, 600)) },
      ];
    case 'random_forest':
      return [
        { key: 'n_estimators', value: String(rng.int(100, 500)) },
        { key: 'max_depth', value: String(rng.int(6, 20)) },
        { key: 'class_weight', value: 'balanced' },
      ];
    default:
      return [
        { key: 'n_estimators', value: String(rng.int(100, 400)) },
        {
          key: 'contamination',
          value: String(round4(0.002 + rng.next() * 0.01)),
        },
        { key: 'trained_on', value: 'normal_only' },
      ];
  }
}

/** '0s' or '5s'..'50s' as the API allows; seconds. */
export function parseWaitTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  const m = /^(\d+)s$/.exec(value);
  const seconds = m ? Number(m[1]) : NaN;
  if (!(seconds === 0 || (seconds >= 5 && seconds <= 50))) {
    throw invalid(
      `wait_timeout must be 0s or between 5s and 50s, got ${value}.`,
    );
  }
  return seconds;
}
