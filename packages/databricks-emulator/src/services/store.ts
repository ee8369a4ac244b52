import type {
  catalog,
  jobs,
  ml,
  pipelines,
  serving,
  sql,
} from '@databricks/sdk-experimental';
import { EmulatedClock } from '../domain/clock';
import { FeatureReference } from '../domain/drift';
import { Random } from '../domain/random';
import { ModelScenario, VersionProfile } from '../domain/scenario';
import { SqlEngine } from '../domain/sql';

/**
 * The state of the local workspace, in one typed store that every emulated service in this folder
 * shares, with the emulated clock that moves it on. A service reads and writes the records of
 * the others (a tournament job registers a Unity Catalog version), so they all hold this store.
 */

export interface WorkspaceOptions {
  clock: EmulatedClock;
  /** emulated seconds a serving config takes to apply */
  configUpdateDelaySeconds: number;
  /** rows per result chunk of a SQL statement */
  statementChunkRows: number;
  /** emulated milliseconds a SQL statement runs */
  statementExecutionMs: number;
  /** how the metrics export writes its text, unless an endpoint says otherwise */
  metricsExport: MetricsExportFormat;
  /** keep system.serving.served_entities and endpoint_usage (a row per request) */
  servingSystemTables?: boolean;
  host: () => string;
  /** the workspace's name among several (dev, acc, prd); absent for a single workspace */
  alias?: string;
  /** the numeric workspace id (`run_workspace_id` of the versions its runs register) */
  workspaceId?: number;
}

/**
 * A served entity's compute settings exactly as the last `PUT .../config` gave them: that call
 * replaces the whole config, so what it omits is gone (see parity/serving.ts).
 */
export type ServedEntitySettings = Pick<
  serving.ServedEntityInput,
  | 'workload_type'
  | 'workload_size'
  | 'scale_to_zero_enabled'
  | 'environment_vars'
  | 'instance_profile_arn'
  | 'min_provisioned_throughput'
  | 'max_provisioned_throughput'
  | 'min_provisioned_concurrency'
  | 'max_provisioned_concurrency'
  | 'provisioned_model_units'
>;

export interface ServedEntityState {
  name: string;
  entityName: string;
  entityVersion: string;
  settings: ServedEntitySettings;
  createdAt: number;
}

/** One minute of a served entity's traffic. */
export interface MinuteTraffic {
  /** the minute's start, ms since the epoch */
  start: number;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  /** requests per latency bucket, not cumulative (the last one is beyond the last bound) */
  latency: number[];
  /** the same for the time requests waited for a replica */
  queue: number[];
  latencySumMs: number;
  queueSumMs: number;
}

/** A served entity's last few minutes of traffic, oldest first, and its counts since it started. */
export interface EntityMetrics {
  minutes: MinuteTraffic[];
  /** what system.serving.endpoint_usage is written from; the metrics export never shows it */
  totals: { requests: number; errors4xx: number; errors5xx: number };
}

/**
 * How the metrics export writes its text. Real exports differ in these ways (see
 * src/parity/serving-metrics.md), so the local workspace can show each.
 */
export interface MetricsExportFormat {
  /** the label naming the served entity, or none (the endpoint's series only) */
  entityLabel:
    | 'served_entity_name'
    | 'served_model_name'
    | 'served_entity'
    | 'none';
  /** some tiers export no `request_latency_ms` histogram */
  latencyHistogram: boolean;
  /** a trailing epoch-millisecond timestamp on every sample */
  timestamps: boolean;
  /** how the request and error families are declared; their values are per minute either way */
  familyType: 'gauge' | 'counter';
}

export type TrafficRoutes = Array<{ name: string; percent: number }>;

export interface EndpointState {
  id: string;
  name: string;
  creator: string;
  createdAt: number;
  updatedAt: number;
  configVersion: number;
  served: ServedEntityState[];
  routes: TrafficRoutes | undefined;
  /** the legacy inference table config (`auto_capture_config`), replaced with the rest of the config */
  autoCapture?: serving.AutoCaptureConfigInput;
  pending?: {
    served: ServedEntityState[];
    routes: TrafficRoutes | undefined;
    autoCapture?: serving.AutoCaptureConfigInput;
    startedAt: number;
    applyAt: number;
    fails: boolean;
  };
  lastUpdateFailed: boolean;
  /** the scenario breaks every roll-out */
  updatesFail: boolean;
  requestsPerSecond: number;
  metrics: Map<string, EntityMetrics>;
  /** this endpoint's export differs from the workspace's (an admin call or a test set it) */
  metricsExport?: Partial<MetricsExportFormat>;
  lastAccrual: number;
  /** latency / error profile per model version */
  profiles: Map<string, VersionProfile>;
  rng: Random;
  /** in the order they were added; PATCH .../tags changes them */
  tags: Array<{ key: string; value?: string }>;
}

export interface ModelState {
  fullName: string;
  catalog: string;
  schema: string;
  name: string;
  comment?: string;
  createdAt: number;
  versions: Map<number, catalog.ModelVersionInfo>;
  aliases: Map<string, number>;
  /** MLflow registered-model tags (the Unity Catalog API itself has none) */
  tags: Record<string, string>;
  /** MLflow model-version tags by version (a copied version's lineage, see services/promotion.ts) */
  versionTags?: Record<string, Record<string, string>>;
  /** a copied version's serving profile, taken from its source when it was copied */
  versionProfiles?: Record<string, VersionProfile>;
}

export interface JobState {
  id: number;
  name: string;
  role: 'tournament' | 'drift' | 'promotion' | 'other';
  model?: ModelRuntime;
  createdAt: number;
  /** how long a run takes in emulated ms */
  durationMs: number;
  /** make the next run fail (a scenario or a test can ask for it) */
  failNext: boolean;
  /** `settings.tags` */
  tags: Record<string, string>;
  /** the settings a bundle deploy declared (names, tasks, schedule, ...), references resolved */
  settings?: jobs.JobSettings;
}

export interface JobRunState {
  runId: number;
  jobId: number;
  idempotencyToken?: string;
  createdAt: number;
  cancelledAt?: number;
  fails: boolean;
  effectsApplied: boolean;
  resultState?: jobs.RunResultState;
  /** run-now's `job_parameters` */
  parameters?: Record<string, string>;
  /** why it failed, when its task said so (`state.state_message`) */
  message?: string;
}

export interface PipelineState {
  id: string;
  name: string;
  catalog: string;
  target: string;
  createdAt: number;
  /** newest first */
  updates: PipelineUpdateState[];
  /** newest first */
  events: pipelines.PipelineEvent[];
  failing?: ModelScenario['pipeline']['failing'];
  /** the datasets and expectations its sources declare (a bundle deploy); else the demo's three layers */
  datasets?: Array<{ name: string; expectations: string[] }>;
}

export interface PipelineUpdateState {
  update_id: string;
  creation_time: number;
  cause: pipelines.UpdateInfoCause;
  full_refresh: boolean;
  /** set once the update ended (and its events were written) */
  finalState?: pipelines.UpdateInfoState;
  endedAt?: number;
}

export interface StatementState {
  id: string;
  createdAt: number;
  readyAt: number;
  state: sql.StatementState;
  result?: {
    columns: sql.ColumnInfo[];
    rows: Array<Array<string | null>>;
    /** row_limit cut rows off */
    truncated: boolean;
  };
  error?: { error_code: string; message: string };
}

/** One model's generated world: scenario, reference sample, drift windows written so far. */
export interface ModelRuntime {
  scenario: ModelScenario;
  reference: FeatureReference;
  windows: number;
}

/** What a bundle deploy created, so a repeated deploy updates it instead of duplicating it. */
export interface BundleDeploymentRecord {
  key: string;
  bundle: string;
  target: string;
  deployedAt: number;
  attempts: number;
  /** the model the deploy made: its runtime is rebuilt from it after a restart */
  scenario: ModelScenario;
  /** resource kind → key → { id, name } as `databricks bundle summary` shows them */
  resources: Record<string, Record<string, { id: string; name: string }>>;
  /** the jobs it created, as stored (without the model runtime) */
  jobs: Array<Omit<JobState, 'model'> & { forModel: boolean }>;
  /** which of the jobs' effects have been applied (a failed attempt resumes where it stopped) */
  effects: {
    tradesLanded: number;
    pipelineUpdated: boolean;
    tournamentVersion?: number;
    endpointCreated: boolean;
    driftWindows: number;
  };
}

/** Something that moves on by itself as emulated time passes. */
export interface TimeDriven {
  /** Applies whatever fell due up to `now`. */
  catchUp(now: number): void;
}

const FIRST_RUN_ID = 880_000;

/**
 * The Unity Catalog metastore: catalogs' schemas, registered models with their versions, aliases
 * and tags, tables (drift tables read by SQL) and monitors. Every workspace attached to it sees
 * all of it, as Databricks documents ("all catalogs are accessible by default from any workspace
 * attached to the same metastore", parity/sources.ts docsCatalogBinding); the rest of a
 * workspace (endpoints, jobs, runs, experiments, pipelines) is its own.
 */
export class Metastore {
  readonly sql: SqlEngine;
  readonly models = new Map<string, ModelState>();
  readonly schemas = new Map<string, catalog.SchemaInfo>();
  /** Lakehouse monitors by the full name of the table they watch */
  readonly monitors = new Map<string, catalog.MonitorInfo>();
  /** the workspaces attached to it, in the order they were started */
  readonly workspaces: WorkspaceStore[] = [];

  constructor(now: () => number) {
    this.sql = new SqlEngine(now);
  }

  clear(): void {
    this.models.clear();
    this.schemas.clear();
    this.monitors.clear();
    this.sql.clear();
  }
}

export class WorkspaceStore {
  readonly sql: SqlEngine;
  readonly endpoints = new Map<string, EndpointState>();
  readonly models: Map<string, ModelState>;
  readonly schemas: Map<string, catalog.SchemaInfo>;
  readonly experiments = new Map<string, ml.Experiment>();
  readonly runs: ml.Run[] = [];
  readonly jobs = new Map<number, JobState>();
  readonly jobRuns = new Map<number, JobRunState>();
  readonly pipelines = new Map<string, PipelineState>();
  readonly statements = new Map<string, StatementState>();
  /** by UC model name */
  readonly runtimes = new Map<string, ModelRuntime>();
  /** bundle deployments by `<bundle name>/<target>` (see services/bundleDeploy.ts) */
  readonly deployments = new Map<string, BundleDeploymentRecord>();
  /** Lakehouse monitors by the full name of the table they watch */
  readonly monitors: Map<string, catalog.MonitorInfo>;
  readonly metastore: Metastore;
  /** a workspace alone owns its metastore; several share one, which only they clear together */
  private readonly ownsMetastore: boolean;
  nextRunId = FIRST_RUN_ID;
  readonly scenarios: ModelScenario[] = [];
  /** the scenarios as loaded, for a reset */
  readonly originals: ModelScenario[] = [];
  private readonly timeDriven: TimeDriven[] = [];

  constructor(readonly options: WorkspaceOptions, metastore?: Metastore) {
    this.ownsMetastore = !metastore;
    this.metastore = metastore ?? new Metastore(() => this.now());
    this.metastore.workspaces.push(this);
    this.sql = this.metastore.sql;
    this.models = this.metastore.models;
    this.schemas = this.metastore.schemas;
    this.monitors = this.metastore.monitors;
  }

  now(): number {
    return this.options.clock.now();
  }

  /** Adds services that move on with time, in the order `tick` brings them up to date. */
  movesWithTime(...services: TimeDriven[]): void {
    this.timeDriven.push(...services);
  }

  /** Brings every time-driven thing up to now: config roll-outs, traffic metrics, job runs, pipeline updates. */
  tick(): void {
    const now = this.now();
    for (const service of this.timeDriven) service.catchUp(now);
  }

  /**
   * Forgets every record, scenario and table; only the options and the clock stay. A shared
   * metastore stays too: the workspaces sharing it clear it together (workspace/workspaceGroup.ts).
   */
  clear(): void {
    if (this.ownsMetastore) this.metastore.clear();
    for (const map of [
      this.endpoints,
      this.experiments,
      this.jobs,
      this.jobRuns,
      this.pipelines,
      this.statements,
      this.runtimes,
      this.deployments,
    ] as Array<Map<unknown, unknown>>) {
      map.clear();
    }
    this.runs.splice(0);
    this.nextRunId = FIRST_RUN_ID;
    this.scenarios.splice(0);
    this.originals.splice(0);
  }
}
