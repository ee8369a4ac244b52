import type { catalog, jobs, ml } from '@databricks/sdk-experimental';
import { parse } from 'yaml';
import {
  BundleDeployRequest,
  datasetsOfSources,
  interpolate,
  resolveBundle,
  ResolvedBundle,
  ResourceSpec,
} from '../domain/bundle';
import { MINUTE } from '../domain/clock';
import { FeatureReference } from '../domain/drift';
import { alreadyExists, invalid } from '../domain/errors';
import { hash, Random } from '../domain/random';
import { ModelScenario, normaliseScenario } from '../domain/scenario';
import { appendDriftWindow, createDriftTables } from './driftWindows';
import { completeUpdate, UPDATE_TOTAL_MS } from './pipelines';
import { servedEntity } from './serving';
import { accrue } from './servingTraffic';
import {
  BundleDeploymentRecord,
  JobState,
  ModelRuntime,
  WorkspaceStore,
} from './store';
import { logTournament } from './tournaments';
import { ensureSchema, versionInfo } from './unityCatalog';

/**
 * `databricks bundle deploy` against the local workspace (POST /__admin/bundle/deploy), then the
 * first runs of what it deployed, on synthetic data: the ingestion lands trades, the pipeline
 * updates its datasets (with their expectations), the tournament logs a run per algorithm and
 * registers the first version (champion, as the deployment job's gate does with no champion), the
 * endpoint serves it, and the drift job writes its windows. A repeated deploy of the same bundle
 * and target updates what the first made (ids stay) and resumes effects a failed attempt left
 * undone, as the CLI's deployment state does.
 */

const DEPLOYER = 'fmlops-local@fmlops.example';
const FIRST_DEPLOYED_JOB_ID = 700_000_000_000;
const DRIFT_WINDOWS = 6;
const TRADES = 600;
const FIRST_PR_AUC = 0.78;

export interface BundleDeployResponse {
  bundle: { name: string; target: string };
  attempts: number;
  deployed_at: string;
  /** the shape of `databricks bundle summary -o json`: resources with their ids and names */
  resources: BundleDeploymentRecord['resources'];
  effects: BundleDeploymentRecord['effects'];
}

export class BundleDeployService {
  constructor(private readonly store: WorkspaceStore) {}

  list(): BundleDeployResponse[] {
    return [...this.store.deployments.values()].map(responseOf);
  }

  deploy(request: BundleDeployRequest): BundleDeployResponse {
    this.store.tick();
    const bundle = resolveBundle(request, { userName: DEPLOYER });
    const key = `${bundle.name}/${bundle.target}`;
    const plan = planOf(bundle, request.files);
    const previous = this.store.deployments.get(key);
    this.refuseForeign(plan, previous);
    const now = this.store.now();
    const record: BundleDeploymentRecord = previous ?? {
      key,
      bundle: bundle.name,
      target: bundle.target,
      deployedAt: now,
      attempts: 0,
      scenario: this.scenarioOf(plan, key),
      resources: {},
      jobs: [],
      effects: {
        tradesLanded: 0,
        pipelineUpdated: false,
        endpointCreated: false,
        driftWindows: 0,
      },
    };
    record.attempts += 1;
    record.deployedAt = now;
    this.store.deployments.set(key, record);
    const runtime = this.runtimeOf(record);
    this.createResources(bundle, plan, record, runtime, request, now);
    this.runEffects(plan, record, runtime, now);
    return responseOf(record);
  }

  /** A name another deployment or a demo model holds is refused, as the real API refuses a duplicate. */
  private refuseForeign(plan: Plan, previous?: BundleDeploymentRecord) {
    const mine = previous?.scenario;
    const endpoint = this.store.endpoints.get(plan.endpoint);
    if (endpoint && mine?.endpoint !== plan.endpoint)
      throw alreadyExists(`Serving endpoint '${plan.endpoint}'`);
    const model = this.store.models.get(plan.ucModel);
    // an empty registration (the template registers the model before the first deploy) is adopted
    if (
      model &&
      mine?.ucModel !== plan.ucModel &&
      (model.versions.size > 0 || this.store.runtimes.has(plan.ucModel))
    ) {
      throw alreadyExists(`Registered model '${plan.ucModel}'`);
    }
  }

  private scenarioOf(plan: Plan, key: string): ModelScenario {
    const n = hash(key);
    return normaliseScenario(
      {
        scenario: 'bundle',
        description: plan.comment,
        seed: n,
        ucModel: plan.ucModel,
        endpoint: plan.endpoint,
        experimentId: String(4_000_000_000_000 + (n % 1_000_000_000)),
        experimentName: plan.experimentName,
        tournamentJobId: 0,
        driftJobId: 0,
        pipelineId: new Random(`${key}:pipeline`).uuid(),
        driftTable: `${plan.ucModel}_drift`,
        versions: [{ version: 1, prAuc: FIRST_PR_AUC }],
        aliases: { champion: 1 },
        serving: {
          routes: [{ version: 1, percent: 100 }],
          workloadSize: plan.workloadSize,
          scaleToZero: plan.scaleToZero,
          requestsPerSecond: 12,
        },
        drift: { windows: DRIFT_WINDOWS, windowHours: 1 },
        pipeline: { name: plan.pipelineName },
        tags: plan.modelTags,
      },
      `bundle ${key}`,
    );
  }

  private runtimeOf(record: BundleDeploymentRecord): ModelRuntime {
    return runtimeOf(this.store, record);
  }

  private createResources(
    bundle: ResolvedBundle,
    plan: Plan,
    record: BundleDeploymentRecord,
    runtime: ModelRuntime,
    request: BundleDeployRequest,
    now: number,
  ) {
    const s = record.scenario;
    const [catalogName, schemaName, modelName] = s.ucModel.split('.');
    ensureSchema(this.store, catalogName, schemaName, now);
    const existing = this.store.models.get(s.ucModel);
    this.store.models.set(s.ucModel, {
      fullName: s.ucModel,
      catalog: catalogName,
      schema: schemaName,
      name: modelName,
      comment: plan.comment,
      createdAt: existing?.createdAt ?? now,
      versions: existing?.versions ?? new Map(),
      aliases: existing?.aliases ?? new Map(),
      tags: existing?.tags ?? {},
    });
    const experiment = this.store.experiments.get(s.experimentId);
    this.store.experiments.set(s.experimentId, {
      experiment_id: s.experimentId,
      name: plan.experimentName,
      lifecycle_stage: 'active',
      creation_time: experiment?.creation_time ?? now,
      last_update_time: now,
      artifact_location: `dbfs:/databricks/mlflow-tracking/${s.experimentId}`,
      tags: plan.experimentTags,
    } as ml.Experiment);
    const summary: BundleDeploymentRecord['resources'] = {
      registered_models: {
        [plan.modelKey]: { id: s.ucModel, name: modelName },
      },
      experiments: {
        [plan.experimentKey]: {
          id: s.experimentId,
          name: plan.experimentName,
        },
      },
      pipelines: {},
      jobs: {},
      model_serving_endpoints: {
        [plan.endpointKey]: { id: plan.endpoint, name: plan.endpoint },
      },
      quality_monitors: {},
    };
    // ids first: job settings refer to other jobs and to the pipeline by id
    const jobIds = new Map<string, number>();
    let nextId = this.nextJobId();
    for (const key of Object.keys(bundle.resources.jobs ?? {})) {
      const known = record.resources.jobs?.[key]?.id;
      jobIds.set(key, known ? Number(known) : nextId++);
    }
    for (const [key] of Object.entries(bundle.resources.pipelines ?? {})) {
      summary.pipelines[key] = {
        id:
          key === plan.pipelineKey
            ? s.pipelineId
            : new Random(`${record.key}:${key}`).uuid(),
        name: '',
      };
    }
    const lookup = (reference: string): string | undefined => {
      const [head, kind, key, field] = reference.split('.');
      if (head !== 'resources') return undefined;
      if (kind === 'jobs' && jobIds.has(key))
        return field === 'id'
          ? String(jobIds.get(key))
          : String(bundle.resources.jobs[key]?.[field] ?? '');
      const id = summary[kind]?.[key]?.id;
      if (field === 'id' && id) return id;
      const value = bundle.resources[kind]?.[key]?.[field];
      if (value === undefined)
        throw invalid(
          `\${${reference}} refers to resources.${kind}.${key}.${field}, which the bundle does not define.`,
        );
      return String(value);
    };
    const resolved = withNumbers(interpolate(bundle.resources, lookup));

    record.jobs = [];
    for (const [key, spec] of Object.entries(resolved.jobs ?? {})) {
      const id = jobIds.get(key)!;
      const role = roleOf(key, spec);
      const job: JobState = {
        id,
        name: String(spec.name ?? key),
        role,
        createdAt: this.store.jobs.get(id)?.createdAt ?? now,
        durationMs: role === 'tournament' ? 12 * MINUTE : 3 * MINUTE,
        failNext: false,
        tags: stringMap(spec.tags),
        settings: spec as jobs.JobSettings,
      };
      this.store.jobs.set(id, {
        ...job,
        ...(role === 'other' ? {} : { model: runtime }),
      });
      record.jobs.push({ ...job, forModel: role !== 'other' });
      summary.jobs[key] = { id: String(id), name: job.name };
      if (role === 'tournament') s.tournamentJobId = id;
      if (role === 'drift') s.driftJobId = id;
    }

    const sources = Object.entries(request.files)
      .filter(([file, text]) => file.endsWith('.py') && /\bdlt\b/.test(text))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, text]) => text);
    const datasets = datasetsOfSources(sources);
    // the ingestion lands trades where the pipeline's bronze trades dataset reads them
    plan.landingTable =
      datasets.find(d => /trades_bronze$/.test(d.name))?.name ??
      `${modelName}_trades_bronze`;
    for (const [key, spec] of Object.entries(resolved.pipelines ?? {})) {
      const id = summary.pipelines[key].id;
      const name = String(spec.name ?? key);
      summary.pipelines[key].name = name;
      const pipeline = this.store.pipelines.get(id);
      this.store.pipelines.set(id, {
        id,
        name,
        catalog: String(spec.catalog ?? catalogName),
        target: String(spec.target ?? spec.schema ?? schemaName),
        createdAt: pipeline?.createdAt ?? now,
        updates: pipeline?.updates ?? [],
        events: pipeline?.events ?? [],
        ...(datasets.length > 0 ? { datasets } : {}),
      });
    }

    for (const [key, spec] of Object.entries(resolved.quality_monitors ?? {})) {
      const table = String(spec.table_name ?? '');
      if (!table)
        throw invalid(`resources.quality_monitors.${key} needs table_name.`);
      const monitor = {
        ...(spec as object),
        table_name: table,
        status: 'MONITOR_STATUS_ACTIVE',
        monitor_version:
          (this.store.monitors.get(table)?.monitor_version ?? 0) + 1,
        output_schema_name: String(
          spec.output_schema_name ?? `${catalogName}.${schemaName}`,
        ),
        profile_metrics_table_name: `${table}_profile_metrics`,
        drift_metrics_table_name: `${table}_drift_metrics`,
      } as catalog.MonitorInfo;
      this.store.monitors.set(table, monitor);
      summary.quality_monitors[key] = { id: table, name: table };
    }
    record.resources = summary;
    plan.endpointTags = resolvedEndpointTags(resolved, plan.endpointKey);
    plan.modelTags['fmlops-entity-refs'] =
      entityRefsOf(resolved) ?? plan.modelTags['fmlops-entity-refs'] ?? '';
    if (!plan.modelTags['fmlops-entity-refs'])
      delete plan.modelTags['fmlops-entity-refs'];
  }

  /** The first runs of the deployed jobs; each step is skipped when an earlier attempt made it. */
  private runEffects(
    plan: Plan,
    record: BundleDeploymentRecord,
    runtime: ModelRuntime,
    now: number,
  ) {
    const s = record.scenario;
    const effects = record.effects;
    const rng = new Random(`${record.key}:effects:${record.attempts}`);
    if (effects.tradesLanded === 0) {
      effects.tradesLanded = this.landTrades(plan, s, now);
      this.recordRun(record, 'ingest', now - 20 * MINUTE);
    }
    if (!effects.pipelineUpdated) {
      const pipeline = this.store.pipelines.get(s.pipelineId);
      if (pipeline) {
        const update = {
          update_id: rng.uuid(),
          creation_time: now - 15 * MINUTE - UPDATE_TOTAL_MS,
          cause: 'JOB_TASK' as const,
          full_refresh: true,
        };
        pipeline.updates.unshift(update);
        completeUpdate(pipeline, update, now - 15 * MINUTE, rng);
      }
      effects.pipelineUpdated = true;
    }
    const model = this.store.models.get(s.ucModel)!;
    if (effects.tournamentVersion === undefined) {
      const at = now - 12 * MINUTE;
      const jobRunId = this.recordRun(record, 'tournament', at);
      const winner = logTournament(
        this.store.runs,
        runtime,
        at,
        FIRST_PR_AUC,
        rng,
        String(jobRunId ?? 'deploy'),
      );
      const version = Math.max(0, ...model.versions.keys()) + 1;
      model.versions.set(
        version,
        versionInfo(
          model,
          version,
          winner,
          now - 4 * MINUTE,
          this.store.options.workspaceId,
        ),
      );
      // select_winner: challenger; the deployment job's gate with no champion promotes it
      model.aliases.set('challenger', version);
      model.aliases.set('champion', version);
      s.versions = [{ version, prAuc: FIRST_PR_AUC }];
      s.aliases = { champion: version };
      s.serving.routes = [{ version, percent: 100 }];
      s.serving.profiles = {
        [String(version)]: { p50Ms: 18, p99Ms: 65, errorRate: 0.001 },
      };
      effects.tournamentVersion = version;
    }
    // select_winner keeps the registered model bound to the project's entities
    Object.assign(model.tags, plan.modelTags);
    const version = effects.tournamentVersion;
    const endpoint = this.store.endpoints.get(s.endpoint);
    if (!endpoint) {
      const served = plan.servedEntities.map(e => ({
        ...servedEntity(
          s.ucModel,
          String(version),
          e.settings,
          now - 3 * MINUTE,
        ),
        ...(e.name ? { name: e.name } : {}),
      }));
      const created = {
        id: new Random(`${record.key}:endpoint`).uuid().replace(/-/g, ''),
        name: s.endpoint,
        creator: DEPLOYER,
        createdAt: now - 3 * MINUTE,
        updatedAt: now - 3 * MINUTE,
        configVersion: 1,
        served,
        routes:
          plan.routes.length > 0
            ? plan.routes
            : [{ name: served[0].name, percent: 100 }],
        lastUpdateFailed: false,
        updatesFail: false,
        requestsPerSecond: s.serving.requestsPerSecond,
        metrics: new Map(),
        lastAccrual: now - 3 * MINUTE,
        profiles: new Map(Object.entries(s.serving.profiles)),
        rng: new Random(`${s.seed}:serving`),
        tags: plan.endpointTags,
      };
      this.store.endpoints.set(s.endpoint, created);
      accrue(created, now);
    } else {
      endpoint.tags = plan.endpointTags;
    }
    effects.endpointCreated = true;
    if (effects.driftWindows === 0) {
      createDriftTables(this.store.sql, s.driftTable);
      const windowMs = s.drift.windowHours * 60 * MINUTE;
      const first =
        Math.floor(now / windowMs) * windowMs - DRIFT_WINDOWS * windowMs;
      for (let w = 0; w < DRIFT_WINDOWS; w++)
        appendDriftWindow(this.store, runtime, first + w * windowMs);
      this.recordRun(record, 'drift', now - 2 * MINUTE);
      effects.driftWindows = runtime.windows;
    }
  }

  /** The Finnhub consumer's landing, as bronze rows: trades of the project's symbols over the last hours. */
  private landTrades(plan: Plan, s: ModelScenario, now: number): number {
    const table = `${s.ucModel.split('.').slice(0, 2).join('.')}.${
      plan.landingTable
    }`;
    if (!this.store.sql.tables().includes(table)) {
      this.store.sql.createTable(table, [
        { name: 'trade_id', type: 'STRING' },
        { name: 'symbol', type: 'STRING' },
        { name: 'price', type: 'DOUBLE' },
        { name: 'volume', type: 'DOUBLE' },
        { name: 'timestamp_ms', type: 'LONG' },
        { name: 'received_at_ms', type: 'LONG' },
      ]);
    }
    const rng = new Random(`${s.ucModel}:trades`);
    const symbols = plan.symbols.length > 0 ? plan.symbols : ['AAPL'];
    const start = now - DRIFT_WINDOWS * 60 * MINUTE;
    const rows = Array.from({ length: TRADES }, (_, i) => {
      const at = Math.round(start + ((now - start) * i) / TRADES);
      const symbol = symbols[i % symbols.length];
      return {
        trade_id: `${symbol}-${at}-${i}`,
        symbol,
        price: Math.round(100 * rng.logNormal(180, 0.02)) / 100,
        volume: rng.int(1, 500),
        timestamp_ms: at,
        received_at_ms: at + rng.int(20, 400),
      };
    });
    this.store.sql.insert(table, rows);
    return rows.length;
  }

  /** A finished, successful run of the deployed job with this role (ingest: the batch ingestion job). */
  private recordRun(
    record: BundleDeploymentRecord,
    role: 'ingest' | 'tournament' | 'drift',
    at: number,
  ): number | undefined {
    const job = record.jobs.find(j =>
      role === 'ingest'
        ? j.role === 'other' &&
          /ingest/.test(JSON.stringify(j.settings?.tasks ?? [])) &&
          !j.settings?.continuous
        : j.role === role,
    );
    if (!job) return undefined;
    const runId = this.store.nextRunId++;
    this.store.jobRuns.set(runId, {
      runId,
      jobId: job.id,
      createdAt: at - 30_000 - job.durationMs - 10_000,
      fails: false,
      effectsApplied: true,
      resultState: 'SUCCESS',
    });
    return runId;
  }

  private nextJobId(): number {
    const used = [...this.store.jobs.keys()].filter(
      id => id >= FIRST_DEPLOYED_JOB_ID,
    );
    return Math.max(FIRST_DEPLOYED_JOB_ID, ...used) + 1;
  }
}

function runtimeOf(
  store: WorkspaceStore,
  record: BundleDeploymentRecord,
): ModelRuntime {
  const s = record.scenario;
  let runtime = store.runtimes.get(s.ucModel);
  if (!runtime) {
    runtime = {
      scenario: s,
      reference: new FeatureReference(s.ucModel),
      windows: record.effects.driftWindows,
    };
    store.runtimes.set(s.ucModel, runtime);
  }
  return runtime;
}

/** The deployments as the state file keeps them: the drift windows their jobs wrote since. */
export function deploymentsOf(store: WorkspaceStore): BundleDeploymentRecord[] {
  return [...store.deployments.values()].map(record => ({
    ...record,
    effects: {
      ...record.effects,
      driftWindows:
        store.runtimes.get(record.scenario.ucModel)?.windows ??
        record.effects.driftWindows,
    },
  }));
}

/** After a restart: the deployments, their model runtimes and jobs again (their data comes from the snapshot). */
export function restoreDeployments(
  store: WorkspaceStore,
  records: BundleDeploymentRecord[],
): void {
  store.deployments.clear();
  for (const record of records) {
    store.runtimes.delete(record.scenario.ucModel);
    store.deployments.set(record.key, record);
    const runtime = runtimeOf(store, record);
    for (const { forModel, ...job } of record.jobs) {
      store.jobs.set(job.id, {
        ...job,
        ...(forModel ? { model: runtime } : {}),
      });
    }
  }
}

/** What the deploy needs from the bundle's resources, checked before anything is created. */
interface Plan {
  modelKey: string;
  ucModel: string;
  comment?: string;
  experimentKey: string;
  experimentName: string;
  experimentTags: Array<{ key: string; value: string }>;
  endpointKey: string;
  endpoint: string;
  servedEntities: Array<{
    name?: string;
    settings: { workload_size?: string; scale_to_zero_enabled?: boolean };
  }>;
  routes: Array<{ name: string; percent: number }>;
  workloadSize: string;
  scaleToZero: boolean;
  endpointTags: Array<{ key: string; value?: string }>;
  pipelineKey: string;
  pipelineName: string;
  modelTags: Record<string, string>;
  symbols: string[];
  landingTable: string;
}

function only(
  bundle: ResolvedBundle,
  kind: string,
  what: string,
): [string, ResourceSpec] {
  const items = Object.entries(bundle.resources[kind] ?? {});
  if (items.length !== 1)
    throw invalid(
      `The bundle must declare exactly one ${what} (resources.${kind}); it declares ${items.length}.`,
    );
  return items[0];
}

function planOf(
  bundle: ResolvedBundle,
  files: BundleDeployRequest['files'],
): Plan {
  const [modelKey, model] = only(
    bundle,
    'registered_models',
    'registered model',
  );
  const parts = [model.catalog_name, model.schema_name, model.name];
  if (
    !parts.every(
      p => typeof p === 'string' && /^[a-z_][a-z0-9_]*$/.test(p as string),
    )
  )
    throw invalid(
      `resources.registered_models.${modelKey} needs catalog_name, schema_name and name (lower-case identifiers).`,
    );
  const [experimentKey, experiment] = only(
    bundle,
    'experiments',
    'MLflow experiment',
  );
  const [endpointKey, endpoint] = only(
    bundle,
    'model_serving_endpoints',
    'serving endpoint',
  );
  const [pipelineKey, pipeline] = only(bundle, 'pipelines', 'DLT pipeline');
  const config = (endpoint.config ?? {}) as {
    served_entities?: Array<Record<string, unknown>>;
    traffic_config?: {
      routes?: Array<{
        served_model_name?: string;
        served_entity_name?: string;
        traffic_percentage?: number;
      }>;
    };
  };
  const served = (config.served_entities ?? []).map(e => ({
    name: typeof e.name === 'string' ? e.name : undefined,
    settings: {
      workload_size: String(e.workload_size ?? 'Small'),
      scale_to_zero_enabled: String(e.scale_to_zero_enabled) === 'true',
    },
  }));
  if (served.length === 0)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}.config.served_entities is empty.`,
    );
  const routes = (config.traffic_config?.routes ?? []).map(r => ({
    name: String(r.served_model_name ?? r.served_entity_name ?? ''),
    percent: Number(r.traffic_percentage ?? 0),
  }));
  if (routes.length > 0 && routes.reduce((t, r) => t + r.percent, 0) !== 100)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}: traffic percentages must add up to 100.`,
    );
  if (typeof endpoint.name !== 'string' || !endpoint.name)
    throw invalid(
      `resources.model_serving_endpoints.${endpointKey}.name is required.`,
    );
  const tagList = (value: unknown) =>
    Array.isArray(value)
      ? value
          .filter(
            (t): t is { key: string; value?: unknown } =>
              !!t &&
              typeof t === 'object' &&
              typeof (t as { key?: unknown }).key === 'string',
          )
          .map(t => ({
            key: t.key,
            value: t.value === undefined ? '' : String(t.value),
          }))
      : [];
  return {
    modelKey,
    ucModel: parts.join('.'),
    comment: typeof model.comment === 'string' ? model.comment : undefined,
    experimentKey,
    experimentName: String(experiment.name ?? `/Shared/${bundle.name}`),
    experimentTags: tagList(experiment.tags),
    endpointKey,
    endpoint: endpoint.name,
    servedEntities: served,
    routes,
    workloadSize: served[0].settings.workload_size ?? 'Small',
    scaleToZero: served[0].settings.scale_to_zero_enabled ?? false,
    endpointTags: tagList(endpoint.tags),
    pipelineKey,
    pipelineName: String(pipeline.name ?? pipelineKey),
    modelTags: {},
    symbols: symbolsOf(files),
    landingTable: `${parts[2]}_trades_bronze`,
  };
}

/** The Finnhub symbols of the project (project_config.yml's data.finnhub_symbols), when sent. */
function symbolsOf(files: BundleDeployRequest['files']): string[] {
  try {
    const config = parse(files['project_config.yml'] ?? '') as {
      data?: { finnhub_symbols?: unknown };
    } | null;
    const symbols = config?.data?.finnhub_symbols;
    return Array.isArray(symbols) ? symbols.map(String) : [];
  } catch {
    return [];
  }
}

// integer fields of the Jobs API a reference fills with text (the CLI converts them by the schema)
const INTEGER_FIELDS = new Set([
  'job_id',
  'timeout_seconds',
  'max_retries',
  'min_retry_interval_millis',
  'max_concurrent_runs',
]);

function withNumbers<T>(value: T, field = ''): T {
  if (
    typeof value === 'string' &&
    INTEGER_FIELDS.has(field) &&
    /^-?\d+$/.test(value)
  )
    return Number(value) as T;
  if (Array.isArray(value)) return value.map(v => withNumbers(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withNumbers(v, k)]),
    ) as T;
  }
  return value;
}

function roleOf(key: string, spec: ResourceSpec): JobState['role'] {
  const files = JSON.stringify(spec.tasks ?? []);
  if (/train_algorithm|select_winner/.test(files) || key === 'tournament')
    return 'tournament';
  if (/compute_drift/.test(files) || key === 'drift') return 'drift';
  // the generated project's promotion job: its task runs MLflow's copy_model_version
  if (
    /copy_model_version|promote_model_version/.test(files) ||
    key === 'promotion'
  )
    return 'promotion';
  return 'other';
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, String(v)]),
  );
}

function resolvedEndpointTags(
  resolved: ResolvedBundle['resources'],
  key: string,
): Array<{ key: string; value?: string }> {
  const tags = resolved.model_serving_endpoints?.[key]?.tags;
  return Array.isArray(tags)
    ? tags
        .filter(t => t && typeof t === 'object' && typeof t.key === 'string')
        .map(t => ({
          key: t.key,
          value: t.value === undefined ? undefined : String(t.value),
        }))
    : [];
}

/** The `--entity-refs` a task of the tournament passes on (select_winner tags the registered model with it). */
function entityRefsOf(
  resolved: ResolvedBundle['resources'],
): string | undefined {
  for (const job of Object.values(resolved.jobs ?? {})) {
    for (const task of (job.tasks as Array<Record<string, any>> | undefined) ??
      []) {
      const parameters: unknown[] = task.spark_python_task?.parameters ?? [];
      const at = parameters.indexOf('--entity-refs');
      if (at >= 0 && typeof parameters[at + 1] === 'string')
        return parameters[at + 1] as string;
    }
  }
  return undefined;
}

function responseOf(record: BundleDeploymentRecord): BundleDeployResponse {
  return {
    bundle: { name: record.bundle, target: record.target },
    attempts: record.attempts,
    deployed_at: new Date(record.deployedAt).toISOString(),
    resources: record.resources,
    effects: record.effects,
  };
}
