import type { catalog, ml } from '@databricks/sdk-experimental';
import { invalid } from '../domain/errors';
import { Random } from '../domain/random';
import { ModelScenario, VersionProfile } from '../domain/scenario';
import { TableSnapshot } from '../domain/sql';
import { deploymentsOf, restoreDeployments } from '../services/bundle/records';
import {
  BundleDeploymentRecord,
  EndpointState,
  ServedEntityState,
  EntityMetrics,
  JobRunState,
  ModelState,
  PipelineState,
  WorkspaceStore,
} from '../services/store';

/**
 * The workspace's state as plain JSON and back: the admin API's export and import, and the state
 * file. Jobs and reference samples are not in it: they come from the scenarios, so a snapshot is
 * restored over the same scenarios it was taken with.
 */

const SNAPSHOT_FORMAT = 'fmlops-local-workspace/1';

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
  /** bundle deployments (states saved before deployments existed have none) */
  deployments?: BundleDeploymentRecord[];
  monitors?: catalog.MonitorInfo[];
}

/** The shared metastore's part of a snapshot. */
export type MetastoreSnapshot = Pick<
  WorkspaceSnapshot,
  'models' | 'schemas' | 'tables' | 'monitors'
>;

/**
 * Everything that changes, as plain JSON: the admin API's export and the state file. Without
 * the metastore (`metastore: false`) its models, schemas, tables and monitors are left out: the
 * state file of several workspaces keeps them once (workspace/workspaceGroup.ts).
 */
export function snapshotOf(
  store: WorkspaceStore,
  options: { metastore?: boolean } = {},
): WorkspaceSnapshot {
  const snap = workspaceSnapshotOf(store);
  return options.metastore === false
    ? { ...snap, models: [], schemas: [], tables: [], monitors: [] }
    : { ...snap, ...metastoreSnapshotOf(store) };
}

export function metastoreSnapshotOf(store: WorkspaceStore): MetastoreSnapshot {
  return {
    models: [...store.models.values()].map(m => ({
      ...m,
      versions: [...m.versions.values()],
      aliases: [...m.aliases],
    })),
    schemas: [...store.schemas.values()],
    tables: store.sql.snapshot(),
    monitors: [...store.monitors.values()],
  };
}

function workspaceSnapshotOf(
  store: WorkspaceStore,
): Omit<WorkspaceSnapshot, keyof MetastoreSnapshot> {
  return {
    format: SNAPSHOT_FORMAT,
    savedAt: new Date(store.now()).toISOString(),
    clockMs: store.now(),
    nextRunId: store.nextRunId,
    scenarios: store.scenarios.map(sc => ({
      ucModel: sc.ucModel,
      versions: sc.versions,
      windows: store.runtimes.get(sc.ucModel)?.windows ?? 0,
    })),
    endpoints: [...store.endpoints.values()].map(
      ({ metrics, profiles, rng, ...rest }) => ({
        ...rest,
        metrics: [...metrics],
        profiles: [...profiles],
        rngPosition: rng.position,
      }),
    ),
    experiments: [...store.experiments.values()],
    runs: store.runs,
    jobs: [...store.jobs.values()].map(j => ({
      id: j.id,
      failNext: j.failNext,
    })),
    jobRuns: [...store.jobRuns.values()],
    pipelines: [...store.pipelines.values()],
    deployments: deploymentsOf(store),
  };
}

/**
 * Puts a snapshot's state back, over the seeded scenarios (jobs and reference samples come
 * from those, so load the same scenarios the snapshot was taken with).
 */
export function restoreSnapshot(
  store: WorkspaceStore,
  input: unknown,
  options: { metastore?: boolean } = {},
): void {
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
  const unsaved = seededSince(store, copy);
  store.nextRunId = Math.max(copy.nextRunId, unsaved.nextRunId);
  // deployed models first: their jobs must exist before the job runs come back
  for (const job of [...store.jobs.values()]) {
    if (job.settings) store.jobs.delete(job.id);
  }
  restoreDeployments(store, copy.deployments ?? []);
  for (const saved of copy.scenarios) {
    const sc = store.scenarios.find(x => x.ucModel === saved.ucModel);
    if (sc) sc.versions = saved.versions;
    const runtime = store.runtimes.get(saved.ucModel);
    if (runtime) runtime.windows = saved.windows;
  }
  store.endpoints.clear();
  for (const { metrics, profiles, rngPosition, ...rest } of copy.endpoints) {
    store.endpoints.set(rest.name, {
      ...rest,
      served: rest.served.map(withSettings),
      ...(rest.pending
        ? {
            pending: {
              ...rest.pending,
              served: rest.pending.served.map(withSettings),
            },
          }
        : {}),
      // states saved before metrics were kept per minute start with none
      metrics: new Map(
        metrics.map(([entity, m]) => [
          entity,
          Array.isArray(m?.minutes)
            ? m
            : {
                minutes: [],
                totals: {
                  requests: Number((m as { requests?: number })?.requests ?? 0),
                  errors4xx: Number(
                    (m as { errors4xx?: number })?.errors4xx ?? 0,
                  ),
                  errors5xx: Number(
                    (m as { errors5xx?: number })?.errors5xx ?? 0,
                  ),
                },
              },
        ]),
      ),
      profiles: new Map(profiles),
      rng: new Random(rngPosition),
      // states saved before endpoints had tags
      tags: rest.tags ?? [],
    });
  }
  if (options.metastore !== false) restoreMetastore(store, copy);
  store.experiments.clear();
  for (const e of copy.experiments) store.experiments.set(e.experiment_id!, e);
  store.runs.splice(0, store.runs.length, ...copy.runs);
  for (const j of copy.jobs) {
    const job = store.jobs.get(j.id);
    if (job) job.failNext = j.failNext;
  }
  store.jobRuns.clear();
  for (const r of copy.jobRuns) {
    if (store.jobs.has(r.jobId)) store.jobRuns.set(r.runId, r);
  }
  store.pipelines.clear();
  for (const pl of copy.pipelines) store.pipelines.set(pl.id, pl);
  store.statements.clear();
  unsaved.putBack();
}

/**
 * The records of scenarios seeded since the snapshot was saved (a model added to the workspace
 * since, e.g. when one workspace became several): the snapshot knows nothing of them, so they
 * stay as seeded instead of being cleared with the rest.
 */
function seededSince(store: WorkspaceStore, snap: WorkspaceSnapshot) {
  const saved = new Set(snap.scenarios.map(s => s.ucModel));
  const added = store.scenarios.filter(s => !saved.has(s.ucModel));
  const jobIds = new Set(
    added.flatMap(s => [s.tournamentJobId, s.driftJobId, s.promotionJobId]),
  );
  const experimentIds = new Set(added.map(s => s.experimentId));
  const endpoints = added.flatMap(s => {
    const e = store.endpoints.get(s.endpoint);
    return e ? [e] : [];
  });
  const experiments = added.flatMap(s => {
    const e = store.experiments.get(s.experimentId);
    return e ? [e] : [];
  });
  const runs = store.runs.filter(r =>
    experimentIds.has(r.info?.experiment_id ?? ''),
  );
  const jobRuns = [...store.jobRuns.values()].filter(r => jobIds.has(r.jobId));
  const pipelines = added.flatMap(s => {
    const p = store.pipelines.get(s.pipelineId);
    return p ? [p] : [];
  });
  return {
    nextRunId: store.nextRunId,
    putBack() {
      for (const e of endpoints)
        if (!store.endpoints.has(e.name)) store.endpoints.set(e.name, e);
      for (const e of experiments)
        if (!store.experiments.has(e.experiment_id!))
          store.experiments.set(e.experiment_id!, e);
      const known = new Set(store.runs.map(r => r.info?.run_id));
      store.runs.push(...runs.filter(r => !known.has(r.info?.run_id)));
      for (const r of jobRuns)
        if (!store.jobRuns.has(r.runId)) store.jobRuns.set(r.runId, r);
      for (const p of pipelines)
        if (!store.pipelines.has(p.id)) store.pipelines.set(p.id, p);
    },
  };
}

/**
 * Puts the metastore's part back. Merged (a single workspace's state file loaded into several),
 * what the snapshot names replaces its namesakes and the rest stays.
 */
export function restoreMetastore(
  store: WorkspaceStore,
  copy: MetastoreSnapshot,
  options: { merge?: boolean } = {},
): void {
  // the records are kept as they are: callers pass a copy of what they were given
  if (!options.merge) {
    store.models.clear();
    store.schemas.clear();
    store.monitors.clear();
  }
  for (const m of copy.monitors ?? []) store.monitors.set(m.table_name, m);
  for (const m of copy.models) {
    store.models.set(m.fullName, {
      ...m,
      versions: new Map(m.versions.map(v => [Number(v.version), v])),
      aliases: new Map(m.aliases),
      tags: m.tags ?? {},
    });
  }
  for (const sc of copy.schemas) store.schemas.set(sc.full_name!, sc);
  if (options.merge) {
    const names = new Set(copy.tables.map(t => t.name));
    store.sql.restore([
      ...store.sql.snapshot().filter(t => !names.has(t.name)),
      ...copy.tables,
    ]);
  } else {
    store.sql.restore(copy.tables);
  }
}

/** States saved before served entities kept their whole settings had three of them. */
function withSettings(entity: ServedEntityState): ServedEntityState {
  if (entity.settings) return entity;
  const { workloadSize, scaleToZero, environmentVars, ...rest } =
    entity as ServedEntityState & {
      workloadSize?: string;
      scaleToZero?: boolean;
      environmentVars?: Record<string, string>;
    };
  return {
    ...rest,
    settings: {
      workload_size: workloadSize ?? 'Small',
      scale_to_zero_enabled: scaleToZero ?? false,
      ...(environmentVars ? { environment_vars: environmentVars } : {}),
    },
  };
}
