import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  sql,
} from '@databricks/sdk-experimental';
import { ModelScenario, VersionProfile } from '../domain/scenario';
import { SqlEngine } from '../domain/sql';
import { BundleDeployService } from '../services/bundleDeploy';
import { JobsService } from '../services/jobs';
import { MlflowService } from '../services/mlflow';
import { PipelinesService } from '../services/pipelines';
import { ServingService } from '../services/serving';
import { StatementExecutionService } from '../services/sql';
import {
  Metastore,
  StatementState,
  WorkspaceOptions,
  WorkspaceStore,
} from '../services/store';
import { UnityCatalogService } from '../services/unityCatalog';
import { seedScenario } from './seeding';
import {
  metastoreSnapshotOf,
  MetastoreSnapshot,
  restoreMetastore,
  restoreSnapshot,
  snapshotOf,
  WorkspaceSnapshot,
} from './snapshot';

/** What a workspace of several defers to: a reset resets them all (they share the metastore). */
export interface WorkspaceGroupLike {
  reset(): void;
}

/**
 * The local workspace: one emulated Databricks service per API (in `services/`), sharing one
 * state store and clock. Routes in `http/` call the services; the methods below each service's
 * heading forward to it, for callers that hold the workspace as a whole.
 */
export class LocalWorkspaceState {
  readonly sql: SqlEngine;
  readonly scenarios: ModelScenario[];
  readonly serving: ServingService;
  readonly unityCatalog: UnityCatalogService;
  readonly mlflow: MlflowService;
  readonly jobs: JobsService;
  readonly pipelines: PipelinesService;
  readonly statements: StatementExecutionService;
  readonly bundles: BundleDeployService;
  private readonly group?: WorkspaceGroupLike;
  private readonly store: WorkspaceStore;

  /** Several workspaces share one metastore and belong to one group (workspace/workspaceGroup.ts). */
  constructor(
    options: WorkspaceOptions,
    shared?: { metastore: Metastore; group: WorkspaceGroupLike },
  ) {
    this.store = new WorkspaceStore(options, shared?.metastore);
    this.group = shared?.group;
    this.sql = this.store.sql;
    this.scenarios = this.store.scenarios;
    this.serving = new ServingService(this.store);
    this.unityCatalog = new UnityCatalogService(this.store);
    this.mlflow = new MlflowService(this.store);
    this.jobs = new JobsService(this.store);
    this.pipelines = new PipelinesService(this.store);
    this.statements = new StatementExecutionService(this.store);
    this.bundles = new BundleDeployService(this.store);
    // each tick brings roll-outs and traffic up to date first, then job runs, then pipeline updates
    this.store.movesWithTime(this.serving, this.jobs, this.pipelines);
  }

  now(): number {
    return this.store.now();
  }

  /** Builds a model's whole history from its scenario: registry, runs, jobs, pipeline, drift windows. */
  seed(s: ModelScenario): void {
    seedScenario(this.store, s);
  }

  // ---------------------------------------------------------------- time

  /** Brings every time-driven thing up to now: config roll-outs, traffic metrics, job runs, pipeline updates. */
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

  /**
   * Everything that changes, as plain JSON: the admin API's export and the state file (without
   * the shared metastore's records when `metastore: false`).
   */
  snapshot(options: { metastore?: boolean } = {}): WorkspaceSnapshot {
    this.tick();
    return snapshotOf(this.store, options);
  }

  /**
   * Puts a snapshot's state back, over the seeded scenarios (jobs and reference samples come
   * from those, so load the same scenarios the snapshot was taken with).
   */
  restore(input: unknown, options: { metastore?: boolean } = {}): void {
    restoreSnapshot(this.store, input, options);
  }

  /** The metastore's records (shared with the other workspaces of a group). */
  metastoreSnapshot(): MetastoreSnapshot {
    return metastoreSnapshotOf(this.store);
  }

  restoreMetastore(input: MetastoreSnapshot, options: { merge?: boolean }) {
    restoreMetastore(this.store, input, options);
  }

  /**
   * Back to the scenarios as loaded: every change, run and drift window since is forgotten. One
   * of several workspaces resets them all: the metastore they share goes back too.
   */
  reset(): void {
    if (this.group) this.group.reset();
    else this.resetOwn();
  }

  /** This workspace's records back to its scenarios (a group clears the metastore first). */
  resetOwn(): void {
    const originals = [...this.store.originals];
    this.store.clear();
    for (const sc of originals) this.seed(sc);
  }
}
